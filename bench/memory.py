#!/usr/bin/env python3
"""Peak memory of `factgraph build` on one large document, and of a store reload in `serve`.

For each size N (MB), a temporary copy of the project gets one more document, nobody has
curated it, made of the seeds' texts repeated until it is N MB. The build of a new store runs
as a child process whose peak resident set (VmHWM in /proc/PID/status, polled) is reported.

With --serve, `factgraph serve` runs on the store of the largest size; the project then gets a
second copy of that document and is rebuilt, and the server, which watches the store, loads the
new one while it still holds the old one. Reported: the server's resident set before, its peak
during the reload, and its resident set once the new store is serving.

Usage (repository root): python3 bench/memory.py [--sizes 20 50] [--bin PATH] [--serve]
       [--compare OLD_BIN]   (a second binary, run on the same projects, printed beside)
Loopback only; every child is stopped at the end. Prints Markdown.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

MB = 1000 * 1000


def make_project(root, megabytes, copies=1):
    for folder in ["seeds", "ontology", "data", "queries"]:
        shutil.copytree(folder, os.path.join(root, folder))
    texts = [open(os.path.join("seeds", f), encoding="utf-8").read()
             for f in sorted(os.listdir("seeds")) if f.endswith(".txt")]
    block = "\n\n".join(texts) + "\n\n"
    repeats = max(1, megabytes * MB // len(block.encode("utf-8")))
    with open(os.path.join(root, "seeds", "metadata.toml"), "a", encoding="utf-8") as metadata:
        for copy in range(copies):
            name = f"9{copy:03d}_large"
            with open(os.path.join(root, "seeds", name + ".txt"), "w", encoding="utf-8") as out:
                for _ in range(repeats):
                    out.write(block)
            metadata.write(f'\n["{name}"]\ntitle = "Large {copy}"\nlanguage = "en"\n'
                           f'genre = ["test"]\n')


def status_kb(pid, field):
    """A field of /proc/PID/status in kB, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def peak_of(command, env):
    """Runs `command` to its end; its peak RSS in MB (the highest VmHWM seen) and seconds."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        seen = status_kb(child.pid, "VmHWM")
        if seen:
            peak = max(peak, seen)
        time.sleep(0.02)
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} exited with {child.returncode}")
    return peak / 1000, time.perf_counter() - start


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2):
            return True
    except OSError:
        return False


def serve_reload(binary, megabytes, env):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "project")
        make_project(root, megabytes)
        store = os.path.join(tmp, "store")
        base = [binary, "--root", root, "--store", store, "--quiet"]
        peak_of(base + ["build"], env)
        port = free_port()
        # Not --quiet: the server says when it has loaded a new store.
        server = subprocess.Popen(base[:-1] + ["serve", "--bind", f"127.0.0.1:{port}"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True)
        try:
            deadline = time.monotonic() + 600
            while not answers(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("serve did not start")
                time.sleep(0.1)
            before = status_kb(server.pid, "VmRSS") / 1000
            hwm_before = status_kb(server.pid, "VmHWM") / 1000
            version = os.path.join(store, "snapshot.nq")
            size = os.path.getsize(version) / MB
            # A second copy of the document: the new store is about twice the old one.
            seeds = os.path.join(root, "seeds")
            shutil.copy(os.path.join(seeds, "9000_large.txt"), os.path.join(seeds, "9001_large.txt"))
            with open(os.path.join(seeds, "metadata.toml"), "a", encoding="utf-8") as metadata:
                metadata.write('\n["9001_large"]\ntitle = "Large 1"\nlanguage = "en"\n'
                               'genre = ["test"]\n')
            peak_of(base + ["build"], env)
            new_size = os.path.getsize(version) / MB
            loaded = False
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and server.poll() is None:
                line = server.stderr.readline()
                if "loaded the new store" in line:
                    loaded = True
                    break
            if not loaded:
                sys.exit("serve did not load the new store")
            peak = status_kb(server.pid, "VmHWM") / 1000
            after = status_kb(server.pid, "VmRSS") / 1000
        finally:
            server.terminate()
            server.wait()
        # What a server started on the new store holds: what the reloaded one should come to.
        port = free_port()
        fresh = subprocess.Popen(base + ["serve", "--bind", f"127.0.0.1:{port}"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 600
            while not answers(port):
                if fresh.poll() is not None or time.monotonic() > deadline:
                    sys.exit("serve did not start on the new store")
                time.sleep(0.1)
            started = status_kb(fresh.pid, "VmRSS") / 1000
        finally:
            fresh.terminate()
            fresh.wait()
        return size, new_size, before, hwm_before, peak, after, started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"),
                                                       "release", "factgraph"))
    parser.add_argument("--compare", help="another factgraph binary to measure beside --bin")
    parser.add_argument("--serve", action="store_true", help="also measure a reload in serve")
    args = parser.parse_args()
    binaries = [("this", args.bin)] + ([("compared", args.compare)] if args.compare else [])
    env = dict(os.environ)
    print("| document (MB) | " + " | ".join(f"{name}: peak RSS (MB), time (s)" for name, _ in binaries)
          + " |")
    print("|---|" + "---|" * len(binaries))
    for size in args.sizes:
        cells = []
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "project")
            make_project(root, size)
            for _, binary in binaries:
                store = os.path.join(tmp, "store-" + os.path.basename(binary))
                peak, seconds = peak_of([binary, "--root", root, "--store", store, "--quiet",
                                         "build"], env)
                cells.append(f"{peak:.0f}, {seconds:.1f}")
                shutil.rmtree(store, ignore_errors=True)
        print(f"| {size} | " + " | ".join(cells) + " |")
        sys.stdout.flush()
    if args.serve:
        print()
        print("| serve reload | snapshot before → after (MB) | RSS before (MB) | peak (MB) "
              "| RSS after (MB) | RSS of a server started on the new store (MB) |")
        print("|---|---|---|---|---|---|")
        for name, binary in binaries:
            size, new_size, before, _, peak, after, started = serve_reload(
                binary, max(args.sizes), env)
            print(f"| {name} | {size:.0f} → {new_size:.0f} | {before:.0f} | {peak:.0f} "
                  f"| {after:.0f} | {started:.0f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
