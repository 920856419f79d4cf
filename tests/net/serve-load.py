#!/usr/bin/env python3
"""Posts N Suricata EVE alert lines, one a request, to casebook serve from
C clients at once (tests/net/serve.sh, tests/bench/serve.sh).

usage: serve-load.py URL N CLIENTS ACKS [--kill PID AFTER] [--base B]
       [--lines L] [--ca FILE]

Each request carries L alert lines (default 1) with flow ids from B up,
signature 2024792: their source_refs are "FLOW_ID:2024792".  Every
source_ref of a request answered 200 is written to ACKS, one a line.
With --kill, PID gets SIGKILL once AFTER answers have come.  Prints one
line: answered, by status, failed, requests/s, p50 and p99 latency (ms).
"""
import http.client
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def main():
    args = sys.argv[1:]
    kill_pid = kill_after = None
    base, lines, ca = 5000000000000000, 1, None
    while len(args) > 4:
        if args[4] == "--kill":
            kill_pid, kill_after = int(args[5]), int(args[6])
            del args[4:7]
        elif args[4] == "--base":
            base = int(args[5])
            del args[4:6]
        elif args[4] == "--lines":
            lines = int(args[5])
            del args[4:6]
        elif args[4] == "--ca":
            ca = args[5]
            del args[4:6]
        else:
            sys.exit("unknown option " + args[4])
    url, n, clients, acks_path = args[0], int(args[1]), int(args[2]), args[3]
    u = urllib.parse.urlsplit(url)
    ctx = ssl.create_default_context(cafile=ca) if u.scheme == "https" else None
    lock = threading.Lock()
    statuses, latencies, acked = {}, [], []
    answered = [0]
    failed = [0]
    killed = [False]
    local = threading.local()

    def conn():
        c = getattr(local, "c", None)
        if c is None:
            if ctx is not None:
                c = http.client.HTTPSConnection(u.hostname, u.port,
                                                context=ctx, timeout=60)
            else:
                c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            local.c = c
        return c

    def body(i):
        out, refs = [], []
        for k in range(lines):
            fid = base + i * lines + k
            refs.append("%d:2024792" % fid)
            out.append(
                '{"timestamp":"2026-11-26T10:56:29.123456+0900",'
                '"flow_id":%d,"event_type":"alert","src_ip":"10.20.%d.%d",'
                '"src_port":50123,"dest_ip":"198.51.100.20","dest_port":80,'
                '"proto":"TCP","alert":{"action":"allowed","gid":1,'
                '"signature_id":2024792,"rev":4,"signature":"ET MALWARE '
                'load test","category":"A Network Trojan was detected",'
                '"severity":1}}' % (fid, (i >> 8) & 255, i & 255))
        return ("\n".join(out) + "\n").encode(), refs

    def one(i):
        data, refs = body(i)
        t0 = time.monotonic()
        try:
            c = conn()
            c.request("POST", u.path, body=data,
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            status = r.status
            if r.getheader("Connection", "").lower() == "close":
                c.close()
                local.c = None
        except Exception:
            try:
                local.c.close()
            except Exception:
                pass
            local.c = None
            with lock:
                failed[0] += 1
            return
        dt = (time.monotonic() - t0) * 1000
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(dt)
            if status == 200:
                acked.extend(refs)
            answered[0] += 1
            if kill_pid and not killed[0] and answered[0] >= kill_after:
                killed[0] = True
                os.kill(kill_pid, signal.SIGKILL)

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as ex:
        list(ex.map(one, range(n)))
    wall = time.monotonic() - t0
    with open(acks_path, "w") as f:
        for r in acked:
            f.write(r + "\n")
    latencies.sort()

    def pct(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    print("answered %d %s failed %d killed %s req/s %.0f p50 %.1f ms "
          "p99 %.1f ms" % (answered[0], " ".join(
              "%d:%d" % kv for kv in sorted(statuses.items())), failed[0],
              "yes" if killed[0] else "no", n / wall if wall > 0 else 0,
              pct(0.50), pct(0.99)))


main()
