#!/usr/bin/env python3
"""Side-by-side benchmark of factgraph on the bundled corpus, in one run.

  build   `factgraph build` of the corpus (inputs → checked claims → snapshot on disk)
  floor   oxigraph's bulk loader loading the same quads (the exported N-Quads) into a fresh
          in-memory store: the same engine, with none of our work
  query   `factgraph query <canned query>` as a whole process (load the snapshot, run, print)
  validate `factgraph validate` of the built store (shapes, quotes, and the facts' locations)

Runs alternate (build, floor, build, floor, …) so that both see the same machine state.
Usage (from the repository root): python3 bench/run.py [--runs 20]
Prints medians and writes nothing; copy the table into bench/RESULTS.md.
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=20)
args = ap.parse_args()

target = os.environ.get("CARGO_TARGET_DIR", "target")
subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "factgraph", "--example", "bulk_load"], check=True)
factgraph = os.path.join(target, "release", "factgraph")
bulk_load = os.path.join(target, "release", "examples", "bulk_load")

def timed(cmd, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start

with tempfile.TemporaryDirectory() as tmp:
    store = os.path.join(tmp, "store")
    env = dict(os.environ, FACTGRAPH_STORE=store)
    subprocess.run([factgraph, "-q", "build"], check=True, env=env)
    nquads = os.path.join(tmp, "all.nq")
    subprocess.run([factgraph, "-q", "export", "--format", "nquads", "-o", nquads], check=True, env=env)
    quads = sum(1 for _ in open(nquads, encoding="utf-8"))
    build, floor = [], []
    for _ in range(args.runs):
        shutil.rmtree(store, ignore_errors=True)
        build.append(timed([factgraph, "-q", "build"], env))
        floor.append(timed([bulk_load, nquads]))
    queries = {}
    for name in ["documents", "casualties", "timeline", "sources", "disputes"]:
        queries[name] = [timed([factgraph, "-q", "query", "--format", "json", name], env) for _ in range(args.runs)]
    validate = [timed([factgraph, "-q", "validate", "--no-build"], env) for _ in range(args.runs)]

ms = lambda xs: statistics.median(xs) * 1000
print(f"machine: {os.cpu_count()} cores; corpus: 5 documents, {quads} quads; {args.runs} runs each\n")
print("| what | median (ms) | ratio |")
print("|---|---:|---:|")
print(f"| oxigraph bulk load of the same N-Quads (floor) | {ms(floor):.1f} | 1.00 |")
print(f"| `factgraph build` | {ms(build):.1f} | {ms(build) / ms(floor):.2f} |")
for name, xs in queries.items():
    print(f"| `factgraph query {name}` (whole process) | {ms(xs):.1f} | |")
print(f"| `factgraph validate --no-build` (whole process) | {ms(validate):.1f} | |")
