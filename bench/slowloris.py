#!/usr/bin/env python3
"""Slowloris against a running `factgraph serve` on the loopback, and how many normal
requests are answered meanwhile (issue 22, item 8). Standard library only.

  python3 bench/slowloris.py --port 7878 [--sockets 130] [--interval 2] [--seconds 20]

Slow sockets come from 127.0.0.1 and send one header byte every --interval seconds (idle
sockets with --idle); a normal client sends `ASK {}` one request at a time from --client
(default 127.0.0.2, another address) and from 127.0.0.1. Loopback only, bounded in count and time.
"""
import argparse, socket, threading, time, urllib.parse

def main():
    a = argparse.ArgumentParser()
    a.add_argument("--port", type=int, default=7878)
    a.add_argument("--sockets", type=int, default=130)
    a.add_argument("--interval", type=float, default=2.0)
    a.add_argument("--seconds", type=float, default=20.0)
    a.add_argument("--idle", action="store_true")
    a.add_argument("--client", default="127.0.0.2")
    o = a.parse_args()
    o.sockets = min(o.sockets, 1000)
    o.seconds = min(o.seconds, 120)
    end = time.monotonic() + o.seconds
    slow = []
    for _ in range(o.sockets):
        try:
            s = socket.create_connection(("127.0.0.1", o.port), timeout=2)
            s.sendall(b"GET / HTTP/1.1\r\n")
            slow.append(s)
        except OSError:
            pass
    def drip():
        while time.monotonic() < end:
            if not o.idle:
                for s in list(slow):
                    try:
                        s.send(b"x")
                    except OSError:
                        slow.remove(s)
            time.sleep(o.interval)
    threading.Thread(target=drip, daemon=True).start()
    query = urllib.parse.quote("ASK {}")
    request = f"GET /sparql?query={query} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".encode()
    results = {}
    def client(source):
        served = failed = 0
        worst = 0.0
        while time.monotonic() < end:
            started = time.monotonic()
            try:
                c = socket.socket()
                c.settimeout(max(0.1, end - time.monotonic()))
                c.bind((source, 0))
                c.connect(("127.0.0.1", o.port))
                c.sendall(request)
                answer = b""
                while chunk := c.recv(65536):
                    answer += chunk
                c.close()
                ok = answer.startswith(b"HTTP/1.1 200")
            except OSError:
                ok = False
            if ok:
                served += 1
                worst = max(worst, time.monotonic() - started)
            else:
                failed += 1
                time.sleep(0.05)
        results[source] = (served, failed, worst)
    threads = [threading.Thread(target=client, args=(s,)) for s in (o.client, "127.0.0.1")]
    for t in threads: t.start()
    for t in threads: t.join()
    kind = "idle" if o.idle else f"1 byte / {o.interval:g} s"
    print(f"{len(slow)} of {o.sockets} slow sockets still open ({kind}) after {o.seconds:g} s")
    for source, (served, failed, worst) in results.items():
        print(f"client {source}: {served} requests served, {failed} refused or failed, slowest served {worst:.3f} s")
    for s in slow: s.close()

if __name__ == "__main__":
    main()
