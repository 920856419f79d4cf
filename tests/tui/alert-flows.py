# Suricata EVE flow records for the Alerts screen's test: a beacon from
# 10.20.30.40 to 198.51.100.20 every 5 min (a few seconds of jitter, the
# same few hundred bytes) for the 24 hours before the test's clock, and
# browsing from 10.20.30.41 to a few servers at random times and sizes
# within two office hours.
# Fixed seed: the same lines every run.  Usage: alert-flows.py NOW
import random
import sys
from datetime import datetime, timezone

now = int(sys.argv[1])
rnd = random.Random(11)


def line(i, src, dst, start, out, back):
    t = datetime.fromtimestamp(start, timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.000000+0000")
    print('{"timestamp":"%s","flow_id":%d,"event_type":"flow",'
          '"src_ip":"%s","src_port":%d,"dest_ip":"%s","dest_port":443,'
          '"proto":"TCP","flow":{"pkts_toserver":4,"pkts_toclient":4,'
          '"bytes_toserver":%d,"bytes_toclient":%d,"start":"%s",'
          '"end":"%s","age":1,"state":"closed","reason":"timeout",'
          '"alerted":false}}' % (stamp, 900000 + i, src, 40000 + i % 20000,
                                 dst, out, back, stamp, stamp))


i = 0
for k in range(24 * 12 - 1):
    start = now - 24 * 3600 + 300 * (k + 1) + rnd.randint(-2, 2)
    line(i, "10.20.30.40", "198.51.100.20", start, 612 + rnd.randint(-3, 3), 480)
    i += 1
for k in range(200):
    start = now - 6 * 3600 - rnd.randint(0, 2 * 3600)
    line(i, "10.20.30.41", "203.0.113.%d" % rnd.randint(1, 3), start,
         rnd.randint(200, 90000), rnd.randint(200, 900000))
    i += 1
