#!/usr/bin/env python3
"""A fake Splunk search export endpoint over TLS, for tests/net/pull-splunk.sh.

usage: fake-splunk.py PORTFILE CERT KEY TOKEN EVENTS LOG [PORT]

POST /services/search/v2/jobs/export with a form body (search, earliest_time,
latest_time, output_mode=json) and "Authorization: Bearer TOKEN".  The saved
searches are the "search" keys of EVENTS (re-read for each request; one JSON
object a line: {"search": NAME, "_time": EPOCH, ...fields}); a search of
another name gets Splunk's FATAL message.  Rows whose _time is in
[earliest_time, latest_time) are sent as Splunk sends them: a preview row
first, then the rows, the last with lastrow, then a DEBUG message; no rows
give {"preview":false,"lastrow":true}.  Each request's range is appended to
LOG as "EARLIEST LATEST".  The port it listens on is written to PORTFILE.
"""
import datetime
import json
import os
import re
import ssl
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

portfile, cert, key, token, events_path, log_path = sys.argv[1:7]
port = int(sys.argv[7]) if len(sys.argv) > 7 else 0


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("fake-splunk: " + fmt % args + "\n")

    def answer(self, status, text, ctype="text/plain"):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode()
        if self.path != "/services/search/v2/jobs/export":
            return self.answer(404, "no such endpoint")
        if self.headers.get("Authorization") != "Bearer " + token:
            return self.answer(401, '{"messages":[{"type":"WARN","text":'
                               '"call not properly authenticated"}]}')
        if not self.headers.get("Content-Type", "").startswith(
                "application/x-www-form-urlencoded"):
            return self.answer(400, "not a form")
        form = urllib.parse.parse_qs(body, strict_parsing=True)
        if form.get("output_mode") != ["json"]:
            return self.answer(400, "output_mode must be json here")
        m = re.fullmatch(r'\| savedsearch "((?:[^"\\]|\\.)*)"',
                         form["search"][0])
        if m is None:
            return self.answer(400, "not a savedsearch")
        name = re.sub(r"\\(.)", r"\1", m.group(1))
        earliest = int(form["earliest_time"][0])
        latest = int(form["latest_time"][0])
        with open(log_path, "a") as f:
            f.write("%d %d\n" % (earliest, latest))
        rows, names = [], set()
        with open(events_path) as f:
            for line in f:
                if not line.strip():
                    continue
                e = json.loads(line)
                names.add(e["search"])
                if e["search"] == name and earliest <= e["_time"] < latest:
                    r = {k: v for k, v in e.items() if k != "search"}
                    r["_time"] = datetime.datetime.fromtimestamp(
                        e["_time"], datetime.timezone.utc).strftime(
                        "%Y-%m-%dT%H:%M:%S.000+00:00")
                    rows.append(r)
        out = []
        if name not in names:
            out.append(json.dumps({"messages": [{"type": "FATAL", "text":
                "Error in 'savedsearch' command: Unable to find saved "
                "search named '%s'." % name}]}))
        else:
            out.append(json.dumps({"preview": True, "offset": 0,
                                   "result": {"count": str(len(rows))}}))
            for i, r in enumerate(rows):
                row = {"preview": False, "offset": i, "result": r}
                if i == len(rows) - 1:
                    row["lastrow"] = True
                out.append(json.dumps(row))
            if not rows:
                out.append('{"preview":false,"lastrow":true}')
            out.append('{"messages":[{"type":"DEBUG","text":"base lispy"}]}')
        self.answer(200, "\n".join(out) + "\n", "application/json")


srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
