#!/usr/bin/env python3
# A fake Rocket.Chat incoming webhook and a fake GitLab REST v4, over TLS,
# for tests/net/*.sh (python3 is on every machine that builds casebook:
# bootstrap --deps installs it with the build tools).  Written for the
# tests, from ../shared/INTEGRATIONS.md sections 3 and 4; not a model of
# either service beyond what casebook uses.
#
#   fake-server.py PORTFILE CERT KEY TOKEN
#
# Listens on 127.0.0.1 (a free port, written to PORTFILE) and serves:
#   POST /hooks/ID/TOKEN     the webhook; answers by the script, records
#                            every arrival (time in ms, body, answer)
#   GET|POST /api/v4/projects/P/issues[?search=&in=description]
#   PUT  /api/v4/projects/P/issues/IID
#   POST /api/v4/projects/P/issues/IID/notes
#                            GitLab, PRIVATE-TOKEN must be TOKEN
#   POST /_script {"hook": ["429ms", "ok", ...], "drop_creates": N,
#                  "limit": N}
#                            the next answers of the webhook: ok, 429ms
#                            (X-RateLimit-Reset in 1.2 s, no Retry-After),
#                            429ra (Retry-After: 1), 429date (Retry-After
#                            as an HTTP date 2 s on), 500, 400, hang (no
#                            answer for 3 s); after them, ok.  drop_creates:
#                            so many issue creates are made but their answer
#                            is never sent (the connection is closed).
#                            limit: answer 429ms beyond N calls a minute
#                            (window_ms: a shorter "minute", a compressed
#                            clock for the backlog benchmark); clear:
#                            forget the arrivals and issues logged so far
#   POST /_listen {"port": P}  starts listening on P too (a refused port
#                            comes alive)
#   GET  /_log               {"hook": [...], "gitlab": [...], "issues": [...]}
import json
import ssl
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
state = {"script": [], "drop_creates": 0, "limit": 0, "hook": [],
         "gitlab": [], "issues": [], "window": [], "window_ms": 60000}
TOKEN = ""
CTX = None


def now_ms():
    return int(time.time() * 1000)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's
    # algorithm and the client's delayed ACK hold every answer 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None, ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode("utf-8", "replace") if n else ""

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def route(self, method):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        text = self.body()
        if url.path == "/_log":
            with lock:
                return self.reply(200, json.dumps(
                    {k: state[k] for k in ("hook", "gitlab", "issues")}))
        if url.path == "/_script":
            req = json.loads(text)
            with lock:
                state["script"] = list(req.get("hook", []))
                state["drop_creates"] = int(req.get("drop_creates", 0))
                state["limit"] = int(req.get("limit", 0))
                state["window_ms"] = int(req.get("window_ms", 60000))
                state["window"] = []
                if req.get("clear"):
                    state["hook"] = []
                    state["gitlab"] = []
                    state["issues"] = []
            return self.reply(200, "{}")
        if url.path == "/_listen":
            start(int(json.loads(text)["port"]), None)
            return self.reply(200, "{}")
        if parts[0] == "hooks" and method == "POST":
            return self.hook(text)
        if parts[:3] == ["api", "v4", "projects"] and len(parts) >= 5:
            return self.gitlab(method, parts[3:], url.query, text)
        self.reply(404, '{"message":"404 Not Found"}')

    def hook(self, text):
        t = now_ms()
        with lock:
            mode = state["script"].pop(0) if state["script"] else "ok"
            if mode == "ok" and state["limit"] > 0:
                state["window"] = [w for w in state["window"]
                                   if w > t - state["window_ms"]]
                if len(state["window"]) >= state["limit"]:
                    mode = "429limit"
                else:
                    state["window"].append(t)
            rec = {"at": t, "body": text, "answer": mode, "not_before": 0}
            state["hook"].append(rec)
        if mode == "ok":
            return self.reply(200, '{"success":true}')
        if mode in ("429ms", "429limit"):
            reset = t + 1200 if mode == "429ms" else \
                min(state["window"]) + state["window_ms"]
            rec["not_before"] = reset
            return self.reply(429, json.dumps(
                {"success": False, "error": "Error, too many requests. "
                 "Please slow down. You must wait 1 seconds before trying "
                 "this endpoint again. [error-too-many-requests]"}),
                {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0",
                 "X-RateLimit-Reset": str(reset)})
        if mode == "429ra":
            rec["not_before"] = t + 1000
            return self.reply(429, '{"success":false}', {"Retry-After": "1"})
        if mode == "429date":
            # An HTTP date has whole seconds: 3 s on, rounded down.
            at = int(t / 1000) + 3
            rec["not_before"] = at * 1000
            return self.reply(429, '{"success":false}', {
                "Retry-After": formatdate(at, usegmt=True)})
        if mode == "500":
            return self.reply(500, '{"success":false,"error":"boom"}')
        if mode == "400":
            return self.reply(400, '{"success":false,'
                              '"error":"invalid-channel"}')
        if mode == "hang":
            time.sleep(3)
            return self.reply(200, '{"success":true}')
        self.reply(500, "bad script")

    def gitlab(self, method, parts, query, text):
        if self.headers.get("PRIVATE-TOKEN") != TOKEN:
            return self.reply(401, '{"message":"401 Unauthorized"}')
        project = urllib.parse.unquote(parts[0])
        q = urllib.parse.parse_qs(query)
        with lock:
            state["gitlab"].append({"at": now_ms(), "method": method,
                                    "path": "/".join(parts), "query": query,
                                    "project": project, "body": text})
        rest = parts[1:]
        if rest == ["issues"] and method == "GET":
            s = q.get("search", [""])[0]
            with lock:
                hits = [i for i in state["issues"]
                        if s in i["description"] or s in i["title"]]
            return self.reply(200, json.dumps(hits))
        if rest == ["issues"] and method == "POST":
            req = json.loads(text)
            with lock:
                iid = len(state["issues"]) + 1
                issue = {"id": 1000 + iid, "iid": iid, "project_id": 42,
                         "title": req["title"],
                         "description": req.get("description", ""),
                         "labels": [x for x in req.get("labels", "")
                                    .split(",") if x],
                         "confidential": req.get("confidential", False),
                         "assignee_ids": req.get("assignee_ids", []),
                         "state": "opened", "notes": [],
                         "web_url": "https://127.0.0.1/%s/-/issues/%d" %
                         (project, iid)}
                state["issues"].append(issue)
                drop = state["drop_creates"] > 0
                if drop:
                    state["drop_creates"] -= 1
            if drop:
                self.close_connection = True
                return
            return self.reply(201, json.dumps(issue))
        if len(rest) >= 2 and rest[0] == "issues":
            iid = int(rest[1])
            with lock:
                found = [i for i in state["issues"] if i["iid"] == iid]
            if not found:
                return self.reply(404, '{"message":"404 Issue Not Found"}')
            issue = found[0]
            req = json.loads(text or "{}")
            with lock:
                if len(rest) == 2 and method == "PUT":
                    if "labels" in req:
                        issue["labels"] = [x for x in req["labels"]
                                           .split(",") if x]
                    if "title" in req:
                        issue["title"] = req["title"]
                    if req.get("state_event") == "close":
                        issue["state"] = "closed"
                    if req.get("state_event") == "reopen":
                        issue["state"] = "opened"
                    if "assignee_ids" in req:
                        issue["assignee_ids"] = req["assignee_ids"]
                    return self.reply(200, json.dumps(issue))
                if rest[2:] == ["notes"] and method == "POST":
                    issue["notes"].append(req)
                    return self.reply(201, json.dumps(
                        {"id": len(issue["notes"]), "body": req["body"]}))
        self.reply(404, '{"message":"404 Not Found"}')


def start(port, portfile):
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    srv.socket = CTX.wrap_socket(srv.socket, server_side=True)
    if portfile:
        with open(portfile + ".tmp", "w") as f:
            f.write("%d\n" % srv.server_address[1])
        import os
        os.rename(portfile + ".tmp", portfile)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    global TOKEN, CTX
    portfile, cert, key, TOKEN = sys.argv[1:5]
    CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    CTX.load_cert_chain(cert, key)
    start(0, portfile)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
