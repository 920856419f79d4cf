#!/usr/bin/env python3
"""Writes N synthetic alert lines for the ingest bench (tests/bench/ingest.sh).

usage: gen-alerts.py eve|json N
  eve:  Suricata EVE alert events shaped like tests/fixtures/alerts
        (an http block each), a flow event after every fourth alert;
  json: casebook's own alert lines (doc/alerts.md).
1,000 source hosts, 50 signatures, event times over 24 hours, so that
alerts fall into groups as they would in a day of a campus IDS.
"""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
out = sys.stdout
base = 1795651200  # 2026-11-26T00:00:00Z
w = []
for i in range(n):
    t = base + (i * 86400) // n
    h, m, s = t // 3600 % 24, t // 60 % 60, t % 60
    ts = "2026-11-26T%02d:%02d:%02d" % (h, m, s)
    src = "10.%d.%d.%d" % (20 + i % 4, i // 4 % 250, i % 1000 % 250 + 1)
    sig = i % 50
    if kind == "eve":
        w.append('{"timestamp":"%s.%06d+0000","flow_id":%d,"in_iface":"eth1",'
                 '"event_type":"alert","src_ip":"%s","src_port":%d,'
                 '"dest_ip":"198.51.100.%d","dest_port":80,"proto":"TCP",'
                 '"app_proto":"http","alert":{"action":"allowed","gid":1,'
                 '"signature_id":%d,"rev":4,"signature":"ET MALWARE Test '
                 'signature %d","category":"A Network Trojan was detected",'
                 '"severity":1},"http":{"hostname":"c2-%d.bad.example",'
                 '"url":"/wp-content/x%d.php","http_user_agent":"Mozilla/4.0",'
                 '"http_method":"POST","status":200,"length":132}}\n'
                 % (ts, i % 1000000, 1000000000000 + i, src, 1024 + i % 60000,
                    i % 250, 2024000 + sig, sig, sig, i % 97))
        if i % 4 == 3:
            w.append('{"timestamp":"%s.000000+0000","flow_id":%d,'
                     '"event_type":"flow","src_ip":"%s","src_port":%d,'
                     '"dest_ip":"198.51.100.%d","dest_port":443,"proto":"TCP",'
                     '"flow":{"pkts_toserver":5,"pkts_toclient":4,'
                     '"bytes_toserver":%d,"bytes_toclient":%d,"start":'
                     '"%s.000000+0000","end":"%s.500000+0000","age":0,'
                     '"state":"closed","reason":"timeout"}}\n'
                     % (ts, 2000000000000 + i, src, 1024 + i % 60000, i % 250,
                        300 + i % 17, 1200 + i % 300, ts, ts))
    else:
        w.append('{"casebook_alert":1,"category":"malware","dst":{"addr":'
                 '"198.51.100.%d","port":8080},"event_time":"%sZ",'
                 '"observables":[{"type":"ip","value":"%s"},{"type":"domain",'
                 '"value":"c2-%d.bad.example"}],"received":"2026-11-27T00:00:00Z",'
                 '"score":%d,"severity":"high","signature":"command&control/'
                 'Test %d","source":"lastline","source_ref":"d%08x:%08x",'
                 '"src":{"addr":"%s","port":%d}}\n'
                 % (i % 250, ts, src, sig, i % 101, sig, i, sig, src,
                    1024 + i % 60000))
    if len(w) >= 10000:
        out.write("".join(w))
        w = []
out.write("".join(w))
