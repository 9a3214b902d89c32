#!/usr/bin/env python3
"""factgraph on a large corpus: build time and peak memory, every canned query, and a build
killed halfway, for one backend at several scales.

Scale N is the project of bench/compare.py (the five seeds plus N-1 documents the size of the
whole seed corpus): 1000 is 135 MB of text and about 12.7 M quads.

For each scale:
  build    `factgraph build` of a new store: wall time, quads/s, peak RSS (GNU time)
  queries  every canned query (no --param) as a whole process, --runs times: p50 and max
  served   with --serve: the same queries through one `factgraph serve` (the store loaded once,
           as a server or notebook holds it): the time to be ready, then per query the time from
           sending it to the last byte of the answer, --runs times: p50 and max
  kill     a rebuild with one title changed is SIGKILLed at half the build's time; then the
           store must still be the previous one (same header, same version file, a query
           answers), and the next build must succeed and leave no temporary behind
  processes  with --processes: the queries of PROCESS_QUERIES as whole `factgraph query`
           processes, time and peak RSS, alone (each loads the store) and with the project's
           server running (`serve --detach`: each sends its query there), side by side with
           pyoxigraph in process (after its load) and with the load itself: `query 'ASK {}'`
           alone against oxigraph's bulk load of the same quads (examples/bulk_load) and
           pyoxigraph's

With --baseline BINARY, the same project is first built by that binary too (an older factgraph,
into a store of its own), and both build times are printed side by side. The queries include
`disputes-at-query-time` (bench/disputes-at-query-time.rq: disputes computed by the query, as
factgraph did before the build computed them), beside `disputes`, which reads what the build
wrote.

Usage (repository root): python3 bench/scale.py [--scales 100 1000] [--runs 5] [--backend memory]
                                                [--serve] [--skip-process-queries] [--skip-kill]
                                                [--baseline BINARY] [--queries NAME …]
                                                [--processes]
e.g. python3 bench/scale.py --scales 1 10 100 --runs 5 --processes --skip-process-queries --skip-kill
The rocksdb backend is built with --features rocksdb in $CARGO_TARGET_DIR-rocksdb. Prints Markdown.
"""
import argparse
import hashlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import build_binaries, prefixes, project_at, run_pyoxigraph  # noqa: E402

# The queries the issue of a command line in milliseconds names.
PROCESS_QUERIES = ["documents", "dataset", "external-links", "unlinked"]

QUERIES = ["aliases", "agreements", "casualties", "claims", "dataset", "disputes",
           "disputes-at-query-time", "documents", "external-links", "sources", "timeline",
           "unlinked"]


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query_file(name):
    """queries/NAME.rq, or bench/NAME.rq for a query kept for comparison only."""
    canned = os.path.join("queries", name + ".rq")
    return canned if os.path.exists(canned) else os.path.join("bench", name + ".rq")


def canned_query(name):
    """The text of the query NAME with the prefixes factgraph predeclares."""
    return prefixes() + open(query_file(name), encoding="utf-8").read()


def served_queries(base, env, runs, timeout, queries):
    """Every canned query through one `factgraph serve`: (seconds until it answers, rows)."""
    port = free_port()
    server = subprocess.Popen(base + ["-q", "serve", "--bind", f"127.0.0.1:{port}",
                                      "--timeout", str(int(timeout)), "--max-rows", "100000000"],
                              env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        start = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise SystemExit("factgraph serve exited before answering")
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        ready = time.perf_counter() - start
        rows = []
        for name in queries:
            body = urllib.parse.urlencode({"query": canned_query(name)}).encode()
            times = []
            for _ in range(runs):
                request = urllib.request.Request(url, data=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json"})
                begin = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=timeout + 10) as response:
                        response.read()
                except urllib.error.HTTPError as error:
                    if error.code == 503:  # the server's own --timeout
                        times = None
                        break
                    raise
                times.append(time.perf_counter() - begin)
            rows.append((name, times))
        return ready, rows
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=["memory", "rocksdb"], default="memory")
    parser.add_argument("--query-timeout", type=float, default=60,
                        help="a query run longer than this is stopped, shown as >T, and not run again")
    parser.add_argument("--serve", action="store_true",
                        help="also time the canned queries through one `factgraph serve`")
    parser.add_argument("--skip-process-queries", action="store_true",
                        help="do not time the queries as whole processes")
    parser.add_argument("--skip-kill", action="store_true",
                        help="do not kill a rebuild at half its time")
    parser.add_argument("--baseline", metavar="BINARY",
                        help="also build each project with this factgraph binary, side by side")
    parser.add_argument("--queries", nargs="+", default=QUERIES, metavar="NAME",
                        help="the queries to time (default: all)")
    parser.add_argument("--processes", action="store_true",
                        help="whole query processes alone and with a running server, beside "
                             "pyoxigraph and oxigraph's bulk load")
    args = parser.parse_args()
    target, _ = build_binaries(args.backend, extra=["--example", "bulk_load"])
    factgraph = os.path.abspath(os.path.join(target, "release", "factgraph"))
    bulk_load = os.path.abspath(os.path.join(target, "release", "examples", "bulk_load"))
    version_file = "current" if args.backend == "rocksdb" else "snapshot.nq"
    print(f"machine: {os.cpu_count()} cores; backend {args.backend}; queries {args.runs} runs each\n")
    for scale in args.scales:
        with project_at(scale) as (_, root, store, env):
            base = [factgraph, "--root", root]
            if args.baseline:
                baseline_env = dict(env, FACTGRAPH_STORE=store + "-baseline")
                before, before_rss, before_quads = timed_build(
                    [os.path.abspath(args.baseline), "--root", root], baseline_env)
                shutil.rmtree(store + "-baseline", ignore_errors=True)
            wall, rss_kb, quads = timed_build(base, env)
            megabytes = sum(os.path.getsize(os.path.join(root, "seeds", f))
                            for f in os.listdir(os.path.join(root, "seeds"))) / 1e6
            print(f"### scale {scale}: {megabytes:.1f} MB of text, {quads:,} quads\n")
            print(f"build: {float(wall):.1f} s, {quads / float(wall):,.0f} quads/s, "
                  f"peak RSS {int(rss_kb) / 1024:,.0f} MiB\n")
            if args.baseline:
                print(f"baseline build ({args.baseline}): {float(before):.1f} s, "
                      f"{before_quads:,} quads, peak RSS {int(before_rss) / 1024:,.0f} MiB; "
                      f"this build takes {float(wall) / float(before):.2f}× its time\n")
            if args.serve:
                ready, rows = served_queries(base, env, args.runs, args.query_timeout, args.queries)
                print(f"served: `factgraph serve` answers after {ready:.1f} s (the store loaded once)\n")
                print_times("query, served", rows, args.query_timeout)
            if args.processes:
                whole_processes(base, env, store, bulk_load, args)
            if not args.skip_process_queries:
                process_queries(base, env, args)
            if not args.skip_kill:
                killed_rebuild(base, env, root, store, version_file, float(wall))


def print_times(heading, rows, timeout):
    """A Markdown table of (query, seconds of each run, or None past the timeout)."""
    print(f"| {heading} | p50 (s) | max (s) |\n|---|---:|---:|")
    for name, times in rows:
        if times is None:
            print(f"| {name} | >{timeout:.0f} | |")
        else:
            print(f"| {name} | {statistics.median(times):.3f} | {max(times):.3f} |")
    print()
    sys.stdout.flush()


def timed_build(base, env):
    """`factgraph build` under GNU time: (wall seconds, peak RSS in KiB, quads built)."""
    timing = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + base + ["build"],
                            env=env, check=True, capture_output=True, text=True)
    lines = timing.stderr.strip().splitlines()
    wall, rss_kb = lines[-1].split()
    summary = next(line for line in lines if line.startswith("built "))
    return wall, rss_kb, int(summary.split()[1])


def process_queries(base, env, args):
    rows = []
    for name in args.queries:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            try:
                subprocess.run(base + ["-q", "query", "--no-build", "--format", "json",
                                       os.path.abspath(query_file(name))], env=env,
                               check=True, stdout=subprocess.DEVNULL, timeout=args.query_timeout)
            except subprocess.TimeoutExpired:
                times = None
                break
            times.append(time.perf_counter() - start)
        rows.append((name, times))
    print_times("query", rows, args.query_timeout)


def timed_process(cmd, env, timeout):
    """`cmd` under GNU time: (wall seconds, peak RSS in MiB), or None past `timeout`. The
    time is taken here: GNU time's own is in hundredths of a second."""
    try:
        start = time.perf_counter()
        run = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, check=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             timeout=timeout)
        wall = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        return None
    return wall, int(run.stderr.strip().splitlines()[-1]) / 1024


def timed_processes(cmd, env, runs, timeout):
    """p50 seconds and p50 peak RSS (MiB) of `runs` runs of `cmd`; None past the timeout."""
    results = []
    for _ in range(runs):
        result = timed_process(cmd, env, timeout)
        if result is None:
            return None
        results.append(result)
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results))


def whole_processes(base, env, store, bulk_load, args):
    """The command line at this scale: each query as a whole process, alone and with the
    project's server running, beside pyoxigraph in process; the load beside oxigraph's."""
    query = base + ["-q", "query", "--no-build", "--format", "json"]
    names = [n for n in args.queries if n in PROCESS_QUERIES] or PROCESS_QUERIES
    alone = {name: timed_processes(query + [name], env, args.runs, args.query_timeout)
             for name in names + ["ASK {}"]}
    subprocess.run(base + ["-q", "serve", "--detach", "--bind", "127.0.0.1:0"], env=env, check=True)
    try:
        served = {name: timed_processes(query + [name], env, args.runs, args.query_timeout)
                  for name in names}
    finally:
        subprocess.run(base + ["-q", "stop"], env=env, check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        nquads = os.path.join(tmp, "all.nq")
        subprocess.run(base + ["-q", "export", "--format", "nquads", "-o", nquads], env=env,
                       check=True)
        floor = statistics.median(
            timed_process([bulk_load, nquads], env, None)[0] for _ in range(args.runs))
        oxi = run_pyoxigraph(nquads, {name: canned_query(name) for name in names},
                             args.query_timeout)
    show = lambda r, i: f">{args.query_timeout:.0f}" if r is None else f"{r[i]:.3f}"
    mib = lambda r: "-" if r is None else f"{r[1]:.0f}"
    print("| query, whole process | alone p50 (s) | alone RSS (MiB) | server running p50 (s) "
          "| server running RSS (MiB) | pyoxigraph in process (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        py = oxi.get(name)
        py = "-" if py is None else py if isinstance(py, str) else f"{py:.3f}"
        print(f"| {name} | {show(alone[name], 0)} | {mib(alone[name])} | {show(served[name], 0)} "
              f"| {mib(served[name])} | {py} |")
    ask = alone["ASK {}"]
    print()
    print(f"load: `query 'ASK {{}}'` alone {show(ask, 0)} s (peak RSS {mib(ask)} MiB); "
          f"oxigraph's bulk load of the same quads (examples/bulk_load) {floor:.3f} s; "
          f"pyoxigraph's {oxi.get('load', float('nan')):.3f} s; "
          f"factgraph / oxigraph {'-' if ask is None else f'{ask[0] / floor:.2f}'}\n")
    sys.stdout.flush()


def killed_rebuild(base, env, root, store, version_file, wall):
    # A build killed at half its time leaves the previous store.
    version = os.path.join(store, version_file)
    before = (file_digest(version), os.stat(version).st_ino)
    metadata = os.path.join(root, "seeds", "metadata.toml")
    text = open(metadata, encoding="utf-8").read()
    with open(metadata, "w", encoding="utf-8") as f:
        f.write(text.replace('title = "Synthetic 0"', 'title = "Synthetic zero"'))
    child = subprocess.Popen(base + ["-q", "build"], env=env, stderr=subprocess.DEVNULL)
    time.sleep(float(wall) / 2)
    killed = child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = (file_digest(version), os.stat(version).st_ino)
    answered = subprocess.run(base + ["-q", "query", "--no-build", "--format", "json", "dataset"],
                              env=env, capture_output=True).returncode == 0
    start = time.perf_counter()
    rebuilt = subprocess.run(base + ["-q", "build"], env=env).returncode == 0
    rebuild = time.perf_counter() - start
    leftovers = [n for n in os.listdir(store) if n.endswith(".tmp")]
    print(f"kill at {float(wall) / 2:.1f} s (build still running: {killed}): previous store "
          f"{'kept' if after == before else 'CHANGED'}, a query on it "
          f"{'answers' if answered else 'FAILS'}; the next build "
          f"{'succeeds' if rebuilt else 'FAILS'} in {rebuild:.1f} s, temporaries left: {leftovers or 'none'}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
