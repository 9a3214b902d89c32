#!/usr/bin/env python3
"""Extraction benchmark: throughput, scaling and peak memory of `factgraph extract`.

For each corpus size (MiB; --sizes, default 10,100) a synthetic corpus is generated once by
bench/synth_corpus.py and cached under --work (default target/bench-corpus/<N>mb-seed<S>/).
Then, for each size and each --jobs setting (default 1,2), it runs

    <binary> extract --format summary --jobs J <corpus folder>

--runs times (default 5; after --warmup untimed runs, default 1), from the repository root.
Runs of the different jobs settings alternate, so that they see the same machine state.
Each run is timed with time.perf_counter around the whole process; its peak RSS is taken by
running it under GNU time (/usr/bin/time -f %M -o FILE) when present, else from the child's own
ru_maxrss from os.wait4 (which has a floor: this Python process's peak; see run_once).
The command must print one JSON object, e.g.
    {"documents":N,"bytes":B,"seconds":S,"mentions":M,"dates":D,"quantities":Q,"candidates":C}

Report (stdout; --markdown FILE appends it too): a markdown table of corpus MiB, jobs, median
wall seconds, MiB/s, MiB/s per core (MiB/s / jobs), median peak RSS, and per jobs setting the
ratio time(largest)/time(smallest) and RSS(largest)/RSS(smallest). Targets (reported, not fatal):
  throughput  >= 50 MiB/s per core on the largest corpus with jobs 1
  scaling     time(largest)/time(smallest) <= 1.1 x size ratio (<= 11 for 10 -> 100 MiB)
  flat memory RSS(largest) <= 1.5 x RSS(smallest), for each jobs setting
Fatal (exit 1): a run fails or prints no JSON object, or the counts (every key but "seconds")
differ between runs of the same corpus or between jobs settings (determinism).

Usage (from the repository root):
  python3 bench/extract.py [--sizes 10,100] [--runs 5] [--jobs 1,2] [--binary PATH]
                           [--work DIR] [--seed S] [--markdown FILE]
Quick check: python3 bench/extract.py --sizes 1,10 --runs 1
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MiB = 1024 * 1024


def parse_list(s, kind):
    try:
        out = [kind(x) for x in s.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {s!r}")
    if not out:
        raise argparse.ArgumentTypeError("empty list")
    return out


def fmt_size(mb):
    return f"{mb:g}"


def ensure_corpus(work, mb, seed, doc_kb):
    """Folder of the cached corpus of `mb` MiB; generated (atomically) if missing."""
    folder = os.path.join(work, f"{fmt_size(mb)}mb-seed{seed}" + ("" if doc_kb == 100 else f"-{doc_kb:g}kb"))
    marker = os.path.join(folder, ".complete")
    if os.path.exists(marker):
        return folder
    os.makedirs(work, exist_ok=True)
    tmp = folder + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "synth_corpus.py"), "--out", tmp,
                    "--megabytes", str(mb), "--seed", str(seed), "--doc-kb", str(doc_kb)],
                   check=True)
    with open(os.path.join(tmp, ".complete"), "w") as fh:
        fh.write(f"{mb} MiB, seed {seed}, {doc_kb} KiB per document\n")
    os.rename(tmp, folder)
    return folder


def corpus_stats(folder):
    files = sorted(f for f in os.listdir(folder) if f.endswith(".txt"))
    return len(files), sum(os.path.getsize(os.path.join(folder, f)) for f in files)


def parse_json(text):
    text = text.strip()
    try:
        obj = json.loads(text)
        if isinstance(obj, dict):
            return obj
    except ValueError:
        pass
    for line in reversed(text.splitlines()):  # tolerate log lines before the object
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
                if isinstance(obj, dict):
                    return obj
            except ValueError:
                pass
    return None


GNU_TIME = "/usr/bin/time"


def rss_method():
    """'time' if GNU time can report the peak RSS of a command (-f %M -o FILE), else 'wait4'."""
    if not os.access(GNU_TIME, os.X_OK):
        return "wait4"
    with tempfile.NamedTemporaryFile("r") as fh:
        try:
            r = subprocess.run([GNU_TIME, "-f", "%M", "-o", fh.name, "true"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            fh.seek(0)
            if r.returncode == 0 and fh.read().strip().splitlines()[-1].isdigit():
                return "time"
        except (OSError, IndexError):
            pass
    return "wait4"


def run_once(cmd, method):
    """(wall seconds, peak RSS in KiB, exit code, stdout, stderr) of one run of `cmd`.

    Why GNU time first: the ru_maxrss that os.wait4 returns for a child of this process includes
    the RSS that child had between fork and exec, that is this Python process's own peak (Linux
    keeps the old mm's high-water mark across exec), so nothing below ~14 MiB can be seen that way.
    GNU time is a small process; the command it forks starts from its ~1 MiB. wait4 is the
    fallback, and the report then gives that floor."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as rssfile:
        full = [GNU_TIME, "-f", "%M", "-o", rssfile.name] + cmd if method == "time" else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4: keep Popen from waiting again
        rss = usage.ru_maxrss
        if method == "time":
            rssfile.seek(0)
            last = (rssfile.read().strip().splitlines() or [""])[-1]
            rss = int(last) if last.isdigit() else 0
        out.seek(0)
        err.seek(0)
        return (wall, rss, code, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def counts_of(obj):
    return {k: v for k, v in sorted(obj.items()) if k != "seconds"}


def main():
    ap = argparse.ArgumentParser(description="Benchmark of `factgraph extract` on synthetic corpora.")
    ap.add_argument("--sizes", type=lambda s: parse_list(s, float), default=[10.0, 100.0],
                    help="corpus sizes in MiB, comma-separated (default 10,100)")
    ap.add_argument("--jobs", type=lambda s: parse_list(s, int), default=[1, 2],
                    help="--jobs settings to compare, comma-separated (default 1,2)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per size and jobs (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per size and jobs first (default 1)")
    ap.add_argument("--binary", default=os.path.join("target", "release", "factgraph"),
                    help="factgraph binary, relative to the repository root (default target/release/factgraph)")
    ap.add_argument("--work", default=os.path.join("target", "bench-corpus"),
                    help="cache folder for generated corpora (default target/bench-corpus)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--doc-kb", type=float, default=100, help="size of each document in KiB (default 100)")
    ap.add_argument("--markdown", metavar="FILE", help="also append the report to FILE")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    binary = args.binary if os.path.isabs(args.binary) else os.path.join(ROOT, args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"extract.py: no executable at {binary} (build it with cargo build --release)")
    work = args.work if os.path.isabs(args.work) else os.path.join(ROOT, args.work)
    sizes = sorted(set(args.sizes))
    jobs_list = list(dict.fromkeys(args.jobs))

    method = rss_method()
    floor = None
    if method == "wait4":  # see run_once: what a command that does nothing shows
        floor = run_once(["true"], method)[1]
    errors = []
    results = {}  # (size, jobs) -> dict(walls, rss, counts, seconds)
    for mb in sizes:
        folder = ensure_corpus(work, mb, args.seed, args.doc_kb)
        ndocs, nbytes = corpus_stats(folder)
        reference = None  # counts of the first run of this corpus
        for j in jobs_list:
            results[(mb, j)] = {"walls": [], "rss": [], "inproc": [], "bytes": nbytes, "docs": ndocs}
        for i in range(args.warmup + args.runs):
            for j in jobs_list:
                cmd = [binary, "extract", "--format", "summary", "--jobs", str(j), folder]
                wall, rss, code, out, err = run_once(cmd, method)
                label = f"{fmt_size(mb)} MiB, jobs {j}, run {i + 1}"
                print(f"  {label}: {wall:.3f} s, {rss / 1024:.1f} MiB peak RSS", file=sys.stderr)
                if code != 0:
                    sys.stderr.write(err[-4000:])
                    errors.append(f"{label}: exit code {code}")
                    print(f"extract.py: {errors[-1]}", file=sys.stderr)
                    return finish(args, None, errors)
                obj = parse_json(out)
                if obj is None:
                    errors.append(f"{label}: no JSON object on stdout: {out[:200]!r}")
                    print(f"extract.py: {errors[-1]}", file=sys.stderr)
                    return finish(args, None, errors)
                counts = counts_of(obj)
                if reference is None:
                    reference = counts
                    if obj.get("documents") not in (None, ndocs):
                        print(f"extract.py: warning: {label}: documents = {obj.get('documents')}, "
                              f"the corpus has {ndocs} files", file=sys.stderr)
                    if obj.get("bytes") not in (None, nbytes):
                        print(f"extract.py: warning: {label}: bytes = {obj.get('bytes')}, "
                              f"the corpus has {nbytes} bytes", file=sys.stderr)
                elif counts != reference:
                    diff = {k: (reference.get(k), counts.get(k))
                            for k in sorted(set(reference) | set(counts)) if reference.get(k) != counts.get(k)}
                    errors.append(f"{label}: counts differ from the first run "
                                  f"(jobs {jobs_list[0]}, run 1): {diff}")
                    print(f"extract.py: {errors[-1]}", file=sys.stderr)
                if i >= args.warmup:
                    r = results[(mb, j)]
                    r["walls"].append(wall)
                    r["rss"].append(rss)
                    if isinstance(obj.get("seconds"), (int, float)):
                        r["inproc"].append(float(obj["seconds"]))
                    r["counts"] = counts
    return finish(args, report(args, sizes, jobs_list, results, method, floor), errors)


def report(args, sizes, jobs_list, results, method, floor):
    med = statistics.median
    lines = []
    today = datetime.date.today().isoformat()
    lines.append(f"## {today}, `factgraph extract` on synthetic corpora")
    lines.append("")
    lines.append(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
                 f"binary: {args.binary}; {args.runs} timed runs each "
                 f"(after {args.warmup} warm-up), seed {args.seed}; peak RSS by "
                 + ("GNU time (%M)" if method == "time" else
                    f"os.wait4 (values at or below {floor / 1024:.1f} MiB are this harness's floor, not the command's)"))
    lines.append("")
    lines.append("| corpus MiB | docs | jobs | median s (wall) | median s (in process) | MiB/s | MiB/s per core "
                 "| median peak RSS MiB |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mb in sizes:
        for j in jobs_list:
            r = results[(mb, j)]
            t = med(r["walls"])
            mbs = r["bytes"] / MiB / t
            inproc = f"{med(r['inproc']):.3f}" if r["inproc"] else "–"
            lines.append(f"| {r['bytes'] / MiB:.1f} | {r['docs']} | {j} | {t:.3f} | {inproc} | {mbs:.1f} "
                         f"| {mbs / j:.1f} | {med(r['rss']) / 1024:.1f} |")
    lines.append("")

    small, large = sizes[0], sizes[-1]
    checks = []
    if len(sizes) > 1:
        size_ratio = results[(large, jobs_list[0])]["bytes"] / results[(small, jobs_list[0])]["bytes"]
        limit = 1.1 * size_ratio
        lines.append(f"| jobs | time({fmt_size(large)})/time({fmt_size(small)}) | "
                     f"RSS({fmt_size(large)})/RSS({fmt_size(small)}) |")
        lines.append("|---:|---:|---:|")
        for j in jobs_list:
            a, b = results[(small, j)], results[(large, j)]
            tr = med(b["walls"]) / med(a["walls"])
            rr = med(b["rss"]) / med(a["rss"])
            lines.append(f"| {j} | {tr:.2f} | {rr:.2f} |")
            checks.append((f"scaling, jobs {j}: time ratio {tr:.2f} ≤ {limit:.1f} "
                           f"(1.1 × size ratio {size_ratio:.1f})", tr <= limit))
            checks.append((f"flat memory, jobs {j}: RSS ratio {rr:.2f} ≤ 1.5", rr <= 1.5))
        lines.append("")
    if 1 in jobs_list:
        r = results[(large, 1)]
        mbs = r["bytes"] / MiB / med(r["walls"])
        checks.insert(0, (f"throughput: {mbs:.1f} MiB/s per core on {fmt_size(large)} MiB with jobs 1 ≥ 50", mbs >= 50))
    lines.append("Targets:")
    lines.append("")
    for text, ok in checks:
        lines.append(f"- {'met' if ok else 'MISSED'}: {text}")
    counts = results[(large, jobs_list[0])].get("counts", {})
    lines.append("")
    lines.append(f"Counts on {fmt_size(large)} MiB (jobs {jobs_list[0]}, last run): "
                 + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"


def finish(args, text, errors):
    if text is not None:
        if errors:
            text += "\nDeterminism FAILED:\n\n" + "".join(f"- {e}\n" for e in errors)
        else:
            text += "\nDeterminism: counts identical across all runs and jobs settings of each corpus.\n"
        sys.stdout.write(text)
        if args.markdown:
            with open(args.markdown, "a", encoding="utf-8") as fh:
                fh.write("\n" + text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
