#!/bin/sh
# The outbox's figures, end to end with the real casebook and runner
# against tests/net/fake-server.py on 127.0.0.1 over TLS: make
# bench-outbox (never part of make check).
#
#   outbox-messages-per-second  N queued messages (OUTBOX_N, default 500)
#                               delivered by one `outbox run --once`, no
#                               limit
#   outbox-latency-ms           from the start of `casebook set` to the
#                               message's arrival, with `outbox run
#                               --daemon` (default poll, 200 ms), median
#                               of 20
#   outbox-backlog              10,000 messages over 200 incidents (a
#                               2-hour outage's worth, queued straight
#                               into the outbox table) drained under a
#                               limit of 10 calls a "minute", the minute
#                               compressed to BACKLOG_WINDOW_MS (default
#                               600 ms, 100 times faster) by the fake
#                               server: how many messages it took
#
# Needs python3 and openssl, as tests/net/deliver.sh does.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-outbox.XXXXXX")
SERVER= DAEMON=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home" CASEBOOK_STORE="$T/store"
export CASEBOOK_SECRETS="$T/secrets"
mkdir -p "$HOME"
. "$TOP_SRCDIR/tests/net/certs.sh"

start_fake "$T" || { cat "$T/server.err" >&2; exit 1; }
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# py ARGS: python with the server's control routes and the index at hand.
cat >"$T/bench.py" <<'PY'
import json, sqlite3, ssl, sys, time, urllib.request
ca, base, store, what = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca)
def ctl(path, body=None):
    req = urllib.request.Request(base + path, data=body and json.dumps(body).encode(),
                                 method="POST" if body else "GET")
    return json.loads(urllib.request.urlopen(req, context=ctx).read())
if what == "script":
    ctl("/_script", json.loads(sys.argv[5]))
elif what == "count":
    print(len(ctl("/_log")["hook"]))
elif what == "last":
    print(ctl("/_log")["hook"][-1]["at"])
elif what == "answers":
    hook = ctl("/_log")["hook"]
    ok = [h for h in hook if h["answer"] == "ok"]
    print("%d calls, %d delivered messages, %d refused (429)" %
          (len(hook), len(ok), len(hook) - len(ok)))
elif what == "fill":
    # n queued messages copied from the store's events, spread over the
    # incidents, each a distinct (fake) event so that none is a duplicate.
    n = int(sys.argv[5])
    db = sqlite3.connect(store + "/index.db")
    evs = db.execute("SELECT seq, oid, incident, action, actor, at, payload "
                     "FROM events WHERE incident IS NOT NULL AND action = 'create'").fetchall()
    now = int(time.time() * 1000)
    base = db.execute("SELECT ifnull(max(id), 0) FROM outbox").fetchone()[0]
    with db:
        for i in range(n):
            e = evs[(i * 7919) % len(evs)]
            db.execute("INSERT INTO outbox(destination, event_seq, oid, incident, action, "
                       "actor, at, payload, created, updated) VALUES "
                       "('bench', ?, ?, ?, 'set', ?, ?, ?, ?, ?)",
                       (e[0], "%040x" % (base + i), e[2], e[4], e[5],
                        json.dumps({"summary": "%s: urgency: normal -> high" % e[2]}),
                        now, now))
PY
py() { python3 "$T/bench.py" "$T/ca.pem" "$BASE" "$CASEBOOK_STORE" "$@"; }
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }

"$CASEBOOK" init >/dev/null
cat >>"$CASEBOOK_STORE/config" <<EOF
[notify "bench"]
	kind = rocketchat
	events = new,urgency
	ca-file = $T/ca.pem
EOF
printf '[notify "bench"]\n\turl = %s/hooks/a/b\n' "$BASE" >"$CASEBOOK_SECRETS"
chmod 600 "$CASEBOOK_SECRETS"
i=0
while [ $i -lt 200 ]; do
	"$CASEBOOK" new --title "incident $i" --class scan >/dev/null
	i=$((i + 1))
done
"$CASEBOOK" outbox run --once --quiet

# --- messages per second ---------------------------------------------------------
N=${OUTBOX_N:-500}
py script '{"clear": true}'
py fill "$N"
t0=$(now_ms)
"$CASEBOOK" outbox run --once --quiet
t1=$(now_ms)
got=$(py count)
echo "outbox-messages-per-second: $(( got * 1000 / (t1 - t0 + 1) )) /s ($got of $N in $((t1 - t0)) ms, one runner, no limit)"

# --- event to delivery with --daemon ----------------------------------------------
"$CASEBOOK" outbox run --daemon --quiet &
DAEMON=$!
sleep 0.5
: >"$T/lat"
for k in $(seq 1 20); do
	before=$(py count)
	t0=$(now_ms)
	u=high; [ $((k % 2)) = 0 ] && u=normal
	"$CASEBOOK" set 2026-0001 urgency $u
	while [ "$(py count)" = "$before" ]; do sleep 0.02; done
	echo $(( $(py last) - t0 )) >>"$T/lat"
done
kill "$DAEMON"; wait "$DAEMON" || true; DAEMON=
echo "outbox-latency-ms: median $(sort -n "$T/lat" | sed -n 10p), min $(sort -n "$T/lat" | head -1), max $(sort -n "$T/lat" | tail -1) (from the start of casebook set, --daemon polling every 200 ms)"

# --- a 10,000-message backlog under 10 a minute ------------------------------------
W=${BACKLOG_WINDOW_MS:-600}
py script "{\"clear\": true, \"limit\": 10, \"window_ms\": $W}"
py fill 10000
t0=$(now_ms)
"$CASEBOOK" outbox run --once --quiet
t1=$(now_ms)
left=$("$CASEBOOK" outbox list | wc -l)
echo "outbox-backlog: 10000 messages over 200 incidents: $(py answers); $left left; $((t1 - t0)) ms at 10 per $W ms = $(( (t1 - t0) * 60000 / W / 60000 )) min at 10 a minute"
