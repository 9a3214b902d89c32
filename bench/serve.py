#!/usr/bin/env python3
"""`factgraph serve` under load: wrk against a small SELECT, alone and beside a heavy query.

Two runs, side by side in one invocation, on the same server:
  1. `wrk -t2 -c4 --latency` (2 connections per core on this 2-core machine) for --duration
     seconds against a small SELECT over GET;
  2. the same while another client keeps a heavy query running (one after the other, each
     stopped by the server's timeout if it runs too long), to show small queries are not starved.
Prints requests/s, latency percentiles and errors for both, as a Markdown table.

Usage: python3 bench/serve.py [--bin target/release/factgraph] [--duration 30]
Needs wrk (Debian package wrk).
"""
import argparse
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

SMALL = "SELECT ?label WHERE { <https://w3id.org/factgraph/karabakh/id/shusha> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
# Every claim's quote joined with every document: about a second of work per run.
HEAVY = """SELECT (COUNT(*) AS ?n) WHERE {
  ?c <https://w3id.org/factgraph/ontology#quote> ?q . ?d a <https://w3id.org/factgraph/ontology#Document> .
  ?e <https://w3id.org/factgraph/ontology#quote> ?r FILTER(STRLEN(?q) > STRLEN(?r))
}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"factgraph serve did not listen on {port}")


def seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url, duration):
    out = subprocess.run(["wrk", "-t2", "-c4", f"-d{duration}s", "--latency", url],
                         check=True, capture_output=True, text=True).stdout
    result = {"requests/s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        result[f"p{pct} ms"] = seconds(*m.groups()) * 1000
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    result["errors"] = errors
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/factgraph")
    parser.add_argument("--duration", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        subprocess.run([args.bin, "--store", store, "--quiet", "build"], check=True)
        port = free_port()
        server = subprocess.Popen([args.bin, "--store", store, "--quiet", "serve",
                                   "--bind", f"127.0.0.1:{port}", "--timeout", "10"])
        try:
            wait_for(port)
            base = f"http://127.0.0.1:{port}/sparql"
            small = base + "?query=" + urllib.parse.quote(SMALL)
            alone = wrk(small, args.duration)

            stop = threading.Event()
            heavy_runs = []

            def heavy():
                body = urllib.parse.urlencode({"query": HEAVY}).encode()
                while not stop.is_set():
                    started = time.monotonic()
                    try:
                        urllib.request.urlopen(base, data=body, timeout=60).read()
                    except Exception as error:  # a 503 after the timeout still counts as a run
                        print(f"heavy query: {error}", file=sys.stderr)
                    heavy_runs.append(time.monotonic() - started)

            thread = threading.Thread(target=heavy)
            thread.start()
            time.sleep(1)
            beside = wrk(small, args.duration)
            stop.set()
            thread.join()
        finally:
            server.terminate()
            server.wait()
    print(f"| run ({args.duration} s, wrk -t2 -c4) | requests/s | p50 ms | p90 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, r in (("small SELECT alone", alone), ("beside a heavy query", beside)):
        print(f"| {name} | {r['requests/s']:.0f} | {r['p50 ms']:.2f} | {r['p90 ms']:.2f} | {r['p99 ms']:.2f} | {r['errors']} |")
    if heavy_runs:
        heavy_runs.sort()
        print(f"\nheavy query: {len(heavy_runs)} runs, median {heavy_runs[len(heavy_runs) // 2]:.2f} s")


if __name__ == "__main__":
    main()
