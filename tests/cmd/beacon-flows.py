#!/usr/bin/env python3
"""Synthetic Suricata EVE flow lines for tests/cmd/beacons.sh and
tests/bench/beacons.sh.

usage: beacon-flows.py END [PAIRS]

Without PAIRS: 24 h of flows ending at END (epoch seconds), seeded:
  10.0.0.5 -> 203.0.113.7    every 60 s with +-5 s jitter, ~300 bytes (a beacon)
  10.0.0.6 -> 198.51.100.X   400 connections at random times, random sizes
  10.0.0.8 -> 198.51.100.99  30 connections at random times (sparse)
  10.0.0.7 -> 192.0.2.123    NTP every 64 s (to be allow-listed)
With PAIRS: that many random pairs of 4-60 connections at random times
over 24 h, plus the beacon, for the benchmark.
"""
import datetime
import random
import sys

end = int(sys.argv[1])
start = end - 86400
rnd = random.Random(42)
fid = [1000000]


def flow(src, dst, t, size):
    fid[0] += 1
    ts = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    s = ts.strftime("%Y-%m-%dT%H:%M:%S.%f+0000")
    sys.stdout.write(
        '{"timestamp":"%s","flow_id":%d,"event_type":"flow","src_ip":"%s",'
        '"src_port":%d,"dest_ip":"%s","dest_port":443,"proto":"TCP",'
        '"flow":{"pkts_toserver":3,"pkts_toclient":3,"bytes_toserver":%d,'
        '"bytes_toclient":%d,"start":"%s","end":"%s","age":0,'
        '"state":"closed","reason":"timeout","alerted":false}}\n'
        % (s, fid[0], src, rnd.randint(1024, 65535), dst, size, size * 3,
           s, s))


def beacon():
    t = start + 30.0
    while t < end:
        flow("10.0.0.5", "203.0.113.7", t + rnd.uniform(-5, 5),
             300 + rnd.randint(-8, 8))
        t += 60


beacon()
if len(sys.argv) > 2:
    for p in range(int(sys.argv[2])):
        src = "10.%d.%d.%d" % (1 + p // 65536 % 200, p // 256 % 256, p % 256)
        for _ in range(rnd.randint(4, 60)):
            flow(src, "198.51.100.%d" % (p % 250 + 1),
                 rnd.uniform(start, end), rnd.randint(100, 100000))
    sys.exit(0)
for _ in range(400):
    flow("10.0.0.6", "198.51.100.%d" % rnd.randint(1, 3),
         rnd.uniform(start, end), rnd.randint(200, 200000))
for _ in range(30):
    flow("10.0.0.8", "198.51.100.99", rnd.uniform(start, end),
         rnd.randint(200, 200000))
t = start + 5.0
while t < end:
    flow("10.0.0.7", "192.0.2.123", t, 76)
    t += 64
