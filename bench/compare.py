#!/usr/bin/env python3
"""factgraph against the tools a user would otherwise pick, on the same data, in one run.

For each scale (1 = the five seed documents; N adds N-1 documents the size of the whole seed
corpus, made of the seed texts in turn, so the curated claims stay valid and the rules find more
mentions and candidates):

  build     `factgraph build` of the project (inputs → checked claims → snapshot)
  floor     oxigraph's own bulk load of the same quads (examples/bulk_load, N-Quads exported by
            factgraph): the same engine with none of our work
  pyoxigraph  Store.bulk_load of the same N-Quads, then the canned queries (union default graph)
  rdflib    Dataset.parse of the same N-Quads, then the canned queries (default_union)

and each canned query: `factgraph query NAME` as a whole process (start, load the snapshot, run,
print), against the same query in pyoxigraph and rdflib in process (after their load). Runs of
the different tools alternate so that all see the same machine state. A query that takes rdflib
longer than --rdflib-timeout seconds (after its load) is stopped and reported as ">T"; so is a
factgraph or pyoxigraph query past --query-timeout (pyoxigraph then loads again, in a new child
process, for the queries left). A query rdflib raises an error on is reported as "error".

With --backend rocksdb the same is done for the on-disk backend: factgraph and the floor are
built with `--features rocksdb` (in $CARGO_TARGET_DIR-rocksdb, or --rocksdb-target), the floor
and pyoxigraph load into a new on-disk store, and each factgraph query opens the store
read-only instead of loading a snapshot.

rdflib is run only at the scales of --rdflib-scales (it needs minutes and gigabytes past 10).

Usage (repository root): python3 bench/compare.py [--scales 1 10] [--runs 5] [--backend memory]
Needs: pip install pyoxigraph==0.5.13 rdflib==7.6.0. Prints Markdown; writes nothing.
"""
import argparse
import contextlib
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = ["timeline", "casualties", "claims", "documents", "sources", "disputes"]


def timed(cmd, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def make_project(root, scale):
    for folder in ["seeds", "ontology", "data", "queries"]:
        shutil.copytree(folder, os.path.join(root, folder))
    texts = [open(os.path.join("seeds", f), encoding="utf-8").read()
             for f in sorted(os.listdir("seeds")) if f.endswith(".txt")]
    with open(os.path.join(root, "seeds", "metadata.toml"), "a", encoding="utf-8") as metadata:
        for index in range(scale - 1):
            name = f"9{index:03d}_synthetic"
            rotated = texts[index % len(texts):] + texts[:index % len(texts)]
            with open(os.path.join(root, "seeds", name + ".txt"), "w", encoding="utf-8") as out:
                out.write("\n\n".join(rotated))
            metadata.write(f'\n["{name}"]\ntitle = "Synthetic {index}"\nlanguage = "en"\ngenre = ["test"]\n')


def build_binaries(backend, rocksdb_target=None, extra=()):
    """Builds factgraph (and `extra` cargo targets) for `backend`: the rocksdb one with the
    feature, in a target directory of its own. Returns the target directory and the features."""
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    features = []
    if backend == "rocksdb":
        target = rocksdb_target or target.rstrip("/") + "-rocksdb"
        features = ["--features", "rocksdb"]
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "factgraph", *extra] + features,
                   check=True, env=dict(os.environ, CARGO_TARGET_DIR=target))
    return target, features


@contextlib.contextmanager
def project_at(scale):
    """A temporary project at `scale`: (its folder, the project root, the store, an environment
    that points factgraph at that store)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "project")
        make_project(root, scale)
        store = os.path.join(tmp, "store")
        yield tmp, root, store, dict(os.environ, FACTGRAPH_STORE=store)


def prefixes():
    """The prefixes factgraph predeclares, as SPARQL PREFIX lines (from src/vocab.rs)."""
    import re
    source = open("src/vocab.rs", encoding="utf-8").read()
    constants = dict(re.findall(r'pub const (\w+): &str = "([^"]+)";', source))
    block = source[source.index("pub const PREFIXES"):]
    block = block[:block.index("];")]
    pairs = re.findall(r'\("(\w+)",\s*(\w+)\)', block)
    return "".join(f"PREFIX {p}: <{constants[c]}>\n" for p, c in pairs)


def rdflib_worker(nquads, name, text, results):
    import rdflib
    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    results["load"] = time.perf_counter() - start
    if text is not None:
        start = time.perf_counter()
        list(dataset.query(text))
        results[name] = time.perf_counter() - start


def run_rdflib(nquads, queries, timeout):
    """rdflib in a child process per query (each loads the data again), so that a query past
    the timeout can be stopped without losing the others."""
    results = {}
    with multiprocessing.Manager() as manager:
        for name, text in [("load", None)] + list(queries.items()):
            shared = manager.dict()
            child = multiprocessing.Process(target=rdflib_worker, args=(nquads, name, text, shared))
            child.start()
            deadline = time.perf_counter() + timeout
            while child.is_alive() and ("load" not in shared or time.perf_counter() < deadline):
                child.join(0.1)
                if "load" not in shared:
                    deadline = time.perf_counter() + timeout
            if child.is_alive():
                child.terminate()
                child.join()
            elif name != "load" and name not in shared and child.exitcode != 0:
                # rdflib raised (its traceback is on standard error): no time to report.
                results[name] = "error"
            if name in shared:
                results[name] = shared[name]
    return results


def pyoxigraph_worker(nquads, directory, queries, results):
    import pyoxigraph
    start = time.perf_counter()
    store = pyoxigraph.Store(directory) if directory else pyoxigraph.Store()
    store.bulk_load(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
    results["load"] = time.perf_counter() - start
    for name, text in queries.items():
        results["running"] = (name, time.perf_counter())
        start = time.perf_counter()
        try:
            list(store.query(text, use_default_graph_as_union=True))
        except SyntaxError:
            results[name] = "refused"  # pyoxigraph's parser refuses the query's text
            continue
        results[name] = time.perf_counter() - start


def run_pyoxigraph(nquads, queries, timeout, directory=None):
    """pyoxigraph in a child process that loads once and runs the queries in turn; a query past
    the timeout is stopped (it shows as missing) and a new child loads again for the rest."""
    results = {}
    remaining = dict(queries)
    with multiprocessing.Manager() as manager:
        while True:
            shared = manager.dict()
            if directory:
                shutil.rmtree(directory, ignore_errors=True)
            child = multiprocessing.Process(target=pyoxigraph_worker,
                                            args=(nquads, directory, remaining, shared))
            child.start()
            stopped = None
            while child.is_alive():
                child.join(0.1)
                running = shared.get("running")
                if running and running[0] not in shared and time.perf_counter() - running[1] > timeout:
                    stopped = running[0]
                    child.terminate()
                    child.join()
            results.setdefault("load", shared.get("load"))
            results.update({name: shared[name] for name in remaining if name in shared})
            if stopped is None:
                return results
            remaining = {name: text for name, text in remaining.items()
                         if name not in shared and name != stopped}
            if not remaining:
                return results


def timed_or_none(cmd, env, timeout):
    """Seconds `cmd` took, or None if it ran past `timeout` and was stopped."""
    try:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, timeout=timeout)
        return time.perf_counter() - start
    except subprocess.TimeoutExpired:
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=60)
    parser.add_argument("--query-timeout", type=float, default=120,
                        help="a factgraph or pyoxigraph query past this many seconds is stopped and shown as >T")
    parser.add_argument("--rdflib-scales", type=int, nargs="*", default=[1, 10])
    parser.add_argument("--backend", choices=["memory", "rocksdb"], default="memory")
    parser.add_argument("--rocksdb-target", default=None)
    parser.add_argument("--queries", nargs="*", default=QUERIES,
                        help="the canned queries to time (bench/scale.py times them all at large scales)")
    args = parser.parse_args()
    target, features = build_binaries(args.backend, args.rocksdb_target, ["--example", "bulk_load"])
    factgraph = os.path.abspath(os.path.join(target, "release", "factgraph"))
    bulk_load = os.path.abspath(os.path.join(target, "release", "examples", "bulk_load"))
    header = prefixes()
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    print(f"machine: {os.cpu_count()} cores; backend {args.backend}; {args.runs} runs of each (rdflib: one)\n")
    for scale in args.scales:
        with project_at(scale) as (tmp, root, store, env):
            base = [factgraph, "--root", root, "-q"]
            subprocess.run(base + ["build"], check=True, env=env)
            nquads = os.path.join(tmp, "all.nq")
            subprocess.run(base + ["export", "--format", "nquads", "-o", nquads], check=True, env=env)
            quads = sum(1 for _ in open(nquads, encoding="utf-8"))
            megabytes = sum(os.path.getsize(os.path.join(root, "seeds", f))
                            for f in os.listdir(os.path.join(root, "seeds"))) / 1e6
            queries = {name: header + open(os.path.join(root, "queries", name + ".rq"), encoding="utf-8").read()
                       for name in args.queries}
            build, floor, oxi = [], [], []
            on_disk = os.path.join(tmp, "on-disk")
            for _ in range(args.runs):
                shutil.rmtree(store, ignore_errors=True)
                build.append(timed(base + ["build"], env))
                shutil.rmtree(on_disk, ignore_errors=True)
                floor.append(timed([bulk_load, nquads] + ([on_disk] if features else [])))
                shutil.rmtree(on_disk, ignore_errors=True)
                oxi.append(run_pyoxigraph(nquads, queries, args.query_timeout, on_disk if features else None))
            shutil.rmtree(on_disk, ignore_errors=True)
            ours = {}
            for name in args.queries:
                ours[name] = []
                for _ in range(args.runs):
                    seconds = timed_or_none(base + ["query", "--format", "json", name], env, args.query_timeout)
                    if seconds is None:
                        ours[name] = None  # not run again: it would only time out again
                        break
                    ours[name].append(seconds)
            rdf = run_rdflib(nquads, queries, args.rdflib_timeout) if scale in args.rdflib_scales else {}
            pyload = med([r["load"] for r in oxi])
            print(f"### scale {scale}: {megabytes:.1f} MB of text, {quads:,} quads\n")
            print("| what | factgraph (s) | oxigraph floor (s) | pyoxigraph (s) | rdflib (s) | factgraph / floor | rdflib / factgraph |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            rl = rdf.get("load")
            print(f"| load | {med(build):.3f} | {med(floor):.3f} | {pyload:.3f} | {'not run' if rl is None else f'{rl:.3f}'} | "
                  f"{med(build) / med(floor):.2f} | {'-' if rl is None else f'{rl / med(build):.1f}'} |")
            for name in args.queries:
                mine = None if ours[name] is None else med(ours[name])
                py_times = [r[name] for r in oxi if name in r]
                if any(isinstance(t, str) for t in py_times):
                    py = "refused"
                else:
                    py = f">{args.query_timeout:.0f}" if len(py_times) < len(oxi) else f"{med(py_times):.3f}"
                theirs = rdf.get(name)
                if scale not in args.rdflib_scales:
                    shown, ratio = "not run", "-"
                elif theirs == "error":
                    shown, ratio = "error", "-"
                elif theirs is None:
                    shown = f">{args.rdflib_timeout:.0f}"
                    ratio = "-" if mine is None else f">{args.rdflib_timeout / mine:.0f}"
                else:
                    shown = f"{theirs:.3f}"
                    ratio = f"<{theirs / args.query_timeout:.2f}" if mine is None else f"{theirs / mine:.1f}"
                shown_mine = f">{args.query_timeout:.0f}" if mine is None else f"{mine:.3f}"
                print(f"| query {name} | {shown_mine} | | {py} | {shown} | | {ratio} |")
            print()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
