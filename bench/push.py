#!/usr/bin/env python3
"""`factgraph push` into Virtuoso 7 against Virtuoso's own bulk loader, on the same quads.

For each scale (the project of bench/compare.py: the five seeds plus N-1 documents the size of
the whole seed corpus), each into a new Virtuoso database on 127.0.0.1:
  batched        `factgraph push`: small graphs many to a SPARQL Update request
  graph by graph `factgraph push --graph-by-graph`: a Graph Store Protocol PUT per graph (the
                 push before batching)
  through the bulk loader
                 `factgraph push --bulk-load-dir DIR`: the same loader, called by the push through
                 Virtuoso's SPARQL endpoint (the N-Quads written by the push into DIR, a folder
                 Virtuoso may read)
  bulk loader    Virtuoso's `ld_dir` + `rdf_loader_run()` + `checkpoint` on the N-Quads file
                 `factgraph export --format nquads` writes (the default graph put into the same
                 named graph `push --default-graph-as` names)
Each is timed from the first request to the last answer (the server's start is not counted);
then the quads under the dataset's namespace are counted there, which must agree.

Needs virtuoso-t and isql-vt (Debian: virtuoso-opensource). Usage (repository root):
  python3 bench/push.py [--scales 10 100] [--skip-graph-by-graph-above 10]
Prints Markdown.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import build_binaries, project_at  # noqa: E402
from scale import free_port  # noqa: E402

DEFAULT_GRAPH = "https://w3id.org/factgraph/karabakh/graph/default"
OUR_QUADS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER(STRSTARTS(STR(?g), \"https://w3id.org/factgraph/\")) }")


class Virtuoso:
    """A Virtuoso 7 on a new database in a temporary folder, stopped on exit."""

    def __init__(self, data_dir):
        self.folder = tempfile.mkdtemp(prefix="virtuoso-")
        self.http, self.isql = free_port(), free_port()
        db = self.folder
        with open(os.path.join(db, "virtuoso.ini"), "w") as ini:
            ini.write(f"""[Database]
DatabaseFile={db}/virtuoso.db
ErrorLogFile={db}/virtuoso.log
LockFile={db}/virtuoso.lck
TransactionFile={db}/virtuoso.trx
xa_persistent_file={db}/virtuoso.pxa
[TempDatabase]
DatabaseFile={db}/virtuoso-temp.db
TransactionFile={db}/virtuoso-temp.trx
[Parameters]
ServerPort=127.0.0.1:{self.isql}
DirsAllowed=., {db}, {data_dir}
NumberOfBuffers=170000
MaxDirtyBuffers=130000
[HTTPServer]
ServerPort=127.0.0.1:{self.http}
[SPARQL]
ResultSetMaxRows=1000000
MaxQueryExecutionTime=0
""")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", os.path.join(db, "virtuoso.ini")],
            cwd=db, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(self.sparql() + "?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    raise SystemExit("Virtuoso did not start")
                time.sleep(0.2)

    def sparql(self):
        return f"http://127.0.0.1:{self.http}/sparql"

    def graph_store(self):
        return f"http://127.0.0.1:{self.http}/sparql-graph-crud-auth"

    def isql_exec(self, statements):
        subprocess.run(["isql-vt", f"127.0.0.1:{self.isql}", "dba", "dba", f"exec={statements}"],
                       check=True, stdout=subprocess.DEVNULL)

    def our_quads(self):
        url = self.sparql() + "?" + urllib.parse.urlencode({"query": OUR_QUADS, "format": "text/csv"})
        lines = urllib.request.urlopen(url, timeout=600).read().decode().split()
        return int(lines[-1].strip('"'))

    def stop(self):
        try:
            self.isql_exec("shutdown;")
            self.process.wait(timeout=60)
        except (subprocess.SubprocessError, OSError):
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def timed_push(base, env, virtuoso, extra):
    # Not quiet: the summary line counts the requests.
    command = [part for part in base if part != "-q"] + ["push", "--endpoint", virtuoso.graph_store(), "--user", "dba",
                      "--auth", "digest", "--default-graph-as", DEFAULT_GRAPH] + extra
    start = time.perf_counter()
    run = subprocess.run(command, env=dict(env, FACTGRAPH_PASSWORD="dba"), check=True,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = next((line for line in run.stderr.splitlines() if line.startswith("pushed")), "")
    requests = summary.split(" requests")[0].rsplit(" ", 1)[-1] if " requests" in summary else "?"
    return seconds, requests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--skip-graph-by-graph-above", type=int, default=100,
                        help="push graph by graph only at scales up to this")
    args = parser.parse_args()
    target, _ = build_binaries("memory")
    factgraph = os.path.abspath(os.path.join(target, "release", "factgraph"))
    print(f"machine: {os.cpu_count()} cores; Virtuoso 7 (Debian virtuoso-opensource); "
          "ld_dir puts the default graph's triples into the graph push --default-graph-as names\n")
    print("| scale | quads | way | requests | seconds | quads there | time / bulk loader |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for scale in args.scales:
        with project_at(scale) as (tmp, root, store, env):
            base = [factgraph, "--root", root, "-q"]
            subprocess.run(base + ["build"], check=True, env=env)
            data = os.path.join(tmp, "load")
            os.makedirs(data)
            nquads = os.path.join(data, "all.nq")
            subprocess.run(base + ["export", "--format", "nquads", "-o", nquads], check=True, env=env)
            quads = sum(1 for _ in open(nquads, encoding="utf-8"))
            rows = []
            virtuoso = Virtuoso(data)
            try:
                start = time.perf_counter()
                virtuoso.isql_exec(f"ld_dir('{data}', 'all.nq', '{DEFAULT_GRAPH}'); "
                                   "rdf_loader_run(); checkpoint;")
                bulk = time.perf_counter() - start
                rows.append(("bulk loader", "-", bulk, virtuoso.our_quads()))
            finally:
                virtuoso.stop()
            ways = [("batched", []),
                    ("through the bulk loader", ["--bulk-load-dir", data])]
            if scale <= args.skip_graph_by_graph_above:
                ways.append(("graph by graph", ["--graph-by-graph"]))
            for name, extra in ways:
                virtuoso = Virtuoso(data)
                try:
                    seconds, requests = timed_push(base, env, virtuoso, extra + ["--restart"])
                    rows.append((name, requests, seconds, virtuoso.our_quads()))
                finally:
                    virtuoso.stop()
                leftovers = [f for f in os.listdir(data) if f != "all.nq"]
                if leftovers:
                    raise SystemExit(f"the push left {leftovers} in {data}")
            for name, requests, seconds, there in rows:
                print(f"| {scale} | {quads:,} | {name} | {requests} | {seconds:.1f} | {there:,} "
                      f"| {seconds / bulk:.2f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
