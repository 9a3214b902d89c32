#!/usr/bin/env python3
"""`factgraph link --from` on Wikidata JSON dumps of growing size: time and peak memory.

For each size (MiB; --sizes, default 10,1000) a dump in Wikidata's JSON dump format (an array,
one entity per line) is generated once under --work (default target/bench-link/): made-up
items with labels, aliases, claims and sitelinks, about 600 bytes each, among which every
--every'th entity carries the name of one of the registry's entities, so the reader has
matches to keep. Then, --runs times per size (alternating sizes), it runs from the repository
root

    <binary> link --from <dump> --format tsv -q

timed with time.perf_counter around the process, peak RSS from GNU time (/usr/bin/time -f %M)
when present, else from os.wait4's ru_maxrss.

Report: a markdown table of dump MiB, median seconds, MiB/s and median peak RSS, and the ratio
RSS(largest)/RSS(smallest). Target (reported, not fatal): flat memory, RSS(largest) <= 1.2 x
RSS(smallest) while the dump grows 100-fold. Fatal: a run fails, or two runs of one dump print
different reports.

Usage (from the repository root, after cargo build --release):
  python3 bench/link.py [--sizes 10,1000] [--runs 3] [--binary PATH] [--work DIR]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

NAMES = ["Shusha", "Baku", "Stepanakert", "Heydar Aliyev", "OSCE Minsk Group", "Khojaly"]


def entity(n, name):
    return {
        "type": "item",
        "id": f"Q{900000000 + n}",
        "labels": {"en": {"language": "en", "value": name},
                   "fr": {"language": "fr", "value": name + " (fr)"}},
        "aliases": {"en": [{"language": "en", "value": f"{name} alias {n % 97}"}]},
        "claims": {
            "P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q486972"}}}}],
            "P17": [{"mainsnak": {"datavalue": {"value": {"id": "Q227"}}}}],
        },
        "sitelinks": {"enwiki": {"site": "enwiki", "title": f"{name} {n}"}},
    }


def make_dump(path, mib, every):
    target = mib << 20
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("[\n")
        written, n = 2, 0
        while written < target:
            name = NAMES[(n // every) % len(NAMES)] if n % every == 0 else f"Item {n}"
            line = json.dumps(entity(n, name), ensure_ascii=False, separators=(",", ":"))
            line += ",\n" if written + len(line) + 2 < target else "\n"
            out.write(line)
            written += len(line.encode())
            n += 1
        out.write("]\n")
    os.replace(tmp, path)


def run_once(binary, dump):
    args = [binary, "link", "--from", dump, "--format", "tsv", "-q"]
    gnu_time = os.path.exists("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r") as rss_file:
        if gnu_time:
            args = ["/usr/bin/time", "-f", "%M", "-o", rss_file.name] + args
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = child.communicate()
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            sys.exit(f"failed: {' '.join(args)}\n{err.decode()}")
        if gnu_time:
            rss_kib = int(rss_file.read().strip().splitlines()[-1])
        else:
            rss_kib = 0
    return seconds, rss_kib, out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--every", type=int, default=1000)
    parser.add_argument("--binary", default="target/release/factgraph")
    parser.add_argument("--work", default="target/bench-link")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.makedirs(args.work, exist_ok=True)
    dumps = {}
    for mib in sizes:
        path = os.path.join(args.work, f"dump-{mib}mb-every{args.every}.json")
        if not os.path.exists(path):
            print(f"generating {path}", file=sys.stderr)
            make_dump(path, mib, args.every)
        dumps[mib] = path
    # The store is built once before timing, so every run only reads.
    subprocess.run([args.binary, "build", "-q"], check=True)
    results = {mib: [] for mib in sizes}
    reports = {}
    for _ in range(args.runs):
        for mib in sizes:
            seconds, rss, out = run_once(args.binary, dumps[mib])
            if reports.setdefault(mib, out) != out:
                sys.exit(f"two runs of the {mib} MiB dump printed different reports")
            results[mib].append((seconds, rss))
    print("| dump MiB | median s | MiB/s | median peak RSS MiB |")
    print("|---:|---:|---:|---:|")
    medians = {}
    for mib in sizes:
        seconds = statistics.median(s for s, _ in results[mib])
        rss = statistics.median(r for _, r in results[mib]) / 1024
        medians[mib] = rss
        print(f"| {mib} | {seconds:.2f} | {mib / seconds:.0f} | {rss:.0f} |")
    small, large = medians[sizes[0]], medians[sizes[-1]]
    if small:
        verdict = "flat" if large <= 1.2 * small else "NOT flat"
        print(f"\nRSS({sizes[-1]} MiB) / RSS({sizes[0]} MiB) = {large / small:.2f} ({verdict})")


if __name__ == "__main__":
    main()
