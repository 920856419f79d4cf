# The outbox end to end: the real casebook queues messages as it writes
# and `casebook outbox run` delivers them over HTTPS to the fake
# Rocket.Chat and GitLab of tests/net/fake-server.py (TLS with a CA this
# test makes).  Bodies, 429 waits (X-RateLimit-Reset in ms, Retry-After),
# retries of a 500, a timeout and a refused connection, a 400
# dead-lettered with the answer, a runner killed mid-delivery, one
# runner at a time, secrets refused when others may read them, an
# unknown CA refused, hostile titles escaped, the GitLab mirror's lost
# create answer, reindex and check.
. "$(dirname "$0")/../cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
. "$TOP_SRCDIR/tests/net/certs.sh"

unset CASEBOOK_GITLAB_TOKEN
SERVER= RUNNER=
trap 'kill $SERVER $RUNNER 2>/dev/null; rm -rf "$TESTDIR"' EXIT
start_fake "$TESTDIR" ||
	fail "the fake server did not start: $(cat "$TESTDIR/server.err" 2>/dev/null)"

# ctl PATH [JSON]: the fake server's control routes; prints the answer.
cat >"$TESTDIR/ctl.py" <<'EOF'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[1])
data = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(sys.argv[2] + sys.argv[3], data=data,
                             method="POST" if data else "GET")
print(urllib.request.urlopen(req, context=ctx).read().decode())
EOF
ctl() { python3 "$TESTDIR/ctl.py" "$TESTDIR/ca.pem" "$BASE" "$@"; }
# q EXPR: EXPR evaluated on the server's log (log = {"hook": [...], ...}).
q() {
	ctl /_log >"$TESTDIR/log.json" || fail "no log from the fake server"
	python3 -c 'import json, sys
log = json.load(open(sys.argv[1]))
hook = log["hook"]
bodies = [json.loads(h["body"]) for h in hook if h["body"]]
print(eval(sys.argv[2]))' "$TESTDIR/log.json" "$1"
}
run_once() { cb outbox run --once --timeout 1500 --backoff 200 "$@"; }

expect_exit 0 cb init
cat >>"$CASEBOOK_STORE/config" <<EOF
[notify "cert-alerts"]
	kind = rocketchat
	events = new,urgency,phase,assign
	ca-file = $TESTDIR/ca.pem
[notify "phish-only"]
	kind = slack
	classes = phishing
	min-urgency = high
	events = urgency
	ca-file = $TESTDIR/ca.pem
EOF
export CASEBOOK_SECRETS="$TESTDIR/secrets"
cat >"$CASEBOOK_SECRETS" <<EOF
[notify "cert-alerts"]
	url = $BASE/hooks/ID/TOKEN
[notify "phish-only"]
	url = $BASE/hooks/SLACK/TOKEN
[mirror "gitlab"]
	token = glpat-test-token
EOF
chmod 600 "$CASEBOOK_SECRETS"

# --- queued with the change, delivered with escaped bodies ---------------------
# Control bytes are refused at the door (cb new); the invisible and bidi
# format characters a title may hold must not reach the chat either.
title=$(printf 'Phish @all [click](http://evil.example) <!here> \342\200\256gpj.exe\342\200\213')
expect_exit 0 cb new --title "$title" --class phishing
expect_exit 0 cb set 2026-0001 urgency high
expect_exit 0 cb note 2026-0001 -m "secret note text"
expect_exit 0 cb outbox list --json
n=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
# cert-alerts: new and urgency (not the note); phish-only: urgency.
[ "$n" = 3 ] || fail "3 messages should be queued, found $n: $OUT"
contains "$OUT" '"state": "queued"' "outbox list"
expect_exit 0 run_once
[ "$(q 'len(hook)')" = 3 ] || fail "3 messages should arrive: $(q 'hook')"
all=$(q 'json.dumps(bodies, ensure_ascii=False)')
contains "$all" "2026-0001" "the bodies"
lacks "$all" "@all" "the bodies"
lacks "$all" "](http" "the bodies"
lacks "$all" "http://evil" "the bodies"
lacks "$all" "<!here>" "the bodies"
lacks "$all" "secret note text" "the bodies"
[ "$(q 'any(c in json.dumps(bodies) for c in ["\\u202e", "\\u200b"])')" = False ] ||
	fail "format characters arrived: $all"
[ "$(q '"attachments" in bodies[0] and bodies[0]["attachments"][0]["color"].startswith("#")')" = True ] ||
	fail "a Rocket.Chat body has an attachment with a colour: $all"
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "nothing should be left undelivered: $OUT"
expect_exit 0 cb outbox list --all
[ "$(printf '%s\n' "$OUT" | grep -c delivered)" = 3 ] || fail "3 delivered: $OUT"

# --- a secrets file others may read is refused ---------------------------------
chmod 644 "$CASEBOOK_SECRETS"
expect_exit 0 cb set 2026-0001 urgency immediate
expect_exit 1 run_once
contains "$ERR" "chmod" "a secrets file readable by others"
[ "$(q 'len(hook)')" = 3 ] || fail "nothing may be sent with a refused secrets file"
chmod 600 "$CASEBOOK_SECRETS"
expect_exit 0 run_once
[ "$(q 'len(hook)')" = 5 ] || fail "both messages after the secrets file was mended: $(q 'hook')"

# --- 429 with X-RateLimit-Reset (ms), then with Retry-After ---------------------
for mode in 429ms 429ra 429date; do
	ctl /_script '{"hook": ["'$mode'"], "clear": true}' >/dev/null
	expect_exit 0 cb set 2026-0001 phase triage --force --reason "$mode"
	expect_exit 0 run_once
	[ "$(q 'len(hook)')" = 2 ] || fail "$mode: one refused, one sent: $(q 'hook')"
	[ "$(q 'hook[1]["at"] >= hook[0]["not_before"]')" = True ] ||
		fail "$mode: sent again before the server's reset: $(q 'hook')"
	[ "$(q 'hook[1]["answer"]')" = ok ] || fail "$mode: not delivered: $(q 'hook')"
	expect_exit 0 cb set 2026-0001 phase intake --force --reason back
	expect_exit 0 run_once
done

# --- 500, a timeout, then delivered -----------------------------------------------
ctl /_script '{"hook": ["500", "hang"], "clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 assignees tanaka
expect_exit 0 run_once
[ "$(q '[h["answer"] for h in hook]')" = "['500', 'hang', 'ok']" ] ||
	fail "500 and a timeout are retried: $(q 'hook')"
# The same message each time (at least once, the same body).
[ "$(q 'len(set(h["body"] for h in hook))')" = 1 ] || fail "retries send the same body"

# --- a refused connection, retried once the server is there -----------------------
free=$(free_port) || fail "no free port"
cat >>"$CASEBOOK_STORE/config" <<EOF
[notify "later"]
	kind = mattermost
	events = assign
	ca-file = $TESTDIR/ca.pem
EOF
printf '[notify "later"]\n\turl = https://127.0.0.1:%s/hooks/L/T\n' "$free" >>"$CASEBOOK_SECRETS"
ctl /_script '{"clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 assignees suzuki
# A first retry a minute on: longer than --once waits, so it ends.
expect_exit 0 cb outbox run --once --timeout 1500 --backoff 60000 --quiet
expect_exit 0 cb outbox list --json
contains "$OUT" '"destination": "later"' "a refused connection leaves the message queued"
contains "$OUT" '"attempts": 1' "a refused connection counts as a try"
contains "$OUT" "connect" "the reason of a refused connection"
ctl /_listen '{"port": '"$free"'}' >/dev/null
expect_exit 0 run_once
expect_exit 0 cb outbox list
contains "$OUT" "queued" "a message waits for its retry's time"
expect_exit 0 cb outbox retry "$(printf '%s\n' "$OUT" | awk '{ print $1; exit }')"
expect_exit 0 run_once
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "the refused message is delivered once the port listens: $OUT"
[ "$(q 'len([h for h in hook if "suzuki" in h["body"]])')" -ge 2 ] ||
	fail "both chats got the assignment: $(q 'hook')"

# --- a 400 is dead with the server's answer; retry sends it again ------------------
ctl /_script '{"hook": ["400"], "clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 urgency high
expect_exit 0 run_once
expect_exit 0 cb outbox list
contains "$OUT" "dead" "a 400"
contains "$OUT" "invalid-channel" "the dead message keeps the server's answer"
dead=$(printf '%s\n' "$OUT" | awk '/dead/ { print $1; exit }')
expect_exit 0 cb outbox retry "$dead"
expect_exit 0 run_once
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "a retried message is delivered: $OUT"
expect_exit 2 cb outbox retry abc
expect_exit 1 cb outbox retry 99999
expect_exit 2 cb outbox retry "$dead"	# delivered now

# --- a burst while limited goes as one message per incident ---------------------
ctl /_script '{"clear": true, "limit": 2, "window_ms": 1500}' >/dev/null
# More than the 10 calls a limited destination is assumed to take.
for u in normal high normal high normal high normal high normal high normal high; do
	expect_exit 0 cb set 2026-0001 urgency $u
done
queued=$(cb outbox list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$queued" -ge 18 ] || fail "the burst queued $queued messages"
expect_exit 0 run_once
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "the burst is delivered: $OUT"
ok=$(q 'sum(h["answer"] == "ok" for h in hook)')
[ "$ok" -lt "$queued" ] || fail "coalescing: $ok messages for $queued changes: $(q 'hook')"
contains "$(q 'hook')" "2026-0001: 1" "a merged message counts the changes it tells"
contains "$(q 'hook')" " changes" "a merged message counts the changes it tells"
# Per destination (Rocket.Chat bodies have parseUrls, Slack's do not),
# nothing goes out before the reset of the 429 before it.
for kind in True False; do
	[ "$(q '(lambda d: all(b["at"] >= a["not_before"] for a, b in zip(d, d[1:])))([h for h in hook if ("parseUrls" in h["body"]) == '$kind'])')" = True ] ||
		fail "nothing is sent before a 429's reset: $(q 'hook')"
done
ctl /_script '{"clear": true}' >/dev/null

# --- drop ------------------------------------------------------------------------
ctl /_script '{"hook": ["400"], "clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 urgency normal
expect_exit 0 run_once
dead=$(cb outbox list | awk '/dead/ { print $1; exit }')
[ -n "$dead" ] || fail "a dead message to drop"
expect_exit 0 cb outbox drop "$dead"
expect_exit 0 cb outbox list --all --json
lacks "$OUT" "\"id\": $dead," "a dropped message"

# --- SIGKILL mid-delivery: delivered by the next runner ----------------------------
ctl /_script '{"hook": ["hang"], "clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 urgency high
expect_exit 0 cb set 2026-0001 urgency low
"$CASEBOOK" outbox run --daemon --timeout 10000 --quiet 2>"$TESTDIR/run.err" &
RUNNER=$!
i=0
until [ "$(q 'len(hook)')" -ge 1 ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "the runner sent nothing"; sleep 0.1
done
kill -9 "$RUNNER"; wait "$RUNNER" 2>/dev/null; RUNNER=
expect_exit 0 cb outbox list
contains "$OUT" "delivering" "a runner killed mid-delivery leaves its message"
expect_exit 0 run_once
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "every message delivered after the restart: $OUT"
# Every event since the kill arrived at least once, in order.
[ "$(q 'hook[0]["body"] == hook[1]["body"]')" = True ] ||
	fail "the message being sent when killed is sent again: $(q 'hook')"
[ "$(q 'len(set(h["body"] for h in hook))')" -ge 2 ] ||
	fail "the next message after the kill: $(q 'hook')"

# --- one runner per store ------------------------------------------------------------
"$CASEBOOK" outbox run --daemon --quiet 2>/dev/null &
RUNNER=$!
sleep 0.5
expect_exit 3 cb outbox run --once
contains "$ERR" "another" "a second runner"
kill "$RUNNER"; wait "$RUNNER"; RUNNER=

# --- a certificate from an unknown CA is refused --------------------------------------
sed -i "s|ca-file = $TESTDIR/ca.pem|ca-file = $TESTDIR/other-ca.pem|" "$CASEBOOK_STORE/config"
ctl /_script '{"clear": true}' >/dev/null
expect_exit 0 cb set 2026-0001 urgency immediate
expect_exit 0 cb outbox run --once --timeout 1500 --backoff 60000 --quiet
[ "$(q 'len(hook)')" = 0 ] || fail "nothing is sent to an unknown CA's server: $(q 'hook')"
expect_exit 0 cb outbox list
contains "$OUT" "queued" "a message to an untrusted server"
contains "$OUT" "certificate" "the reason names the certificate"
sed -i "s|ca-file = $TESTDIR/other-ca.pem|ca-file = $TESTDIR/ca.pem|" "$CASEBOOK_STORE/config"
for id in $(cb outbox list --json | python3 -c 'import json,sys; print(" ".join(str(m["id"]) for m in json.load(sys.stdin)))'); do
	expect_exit 0 cb outbox retry "$id"
done
expect_exit 0 run_once
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "delivered with the right CA: $OUT"

# --- delivered messages are removed after 30 days ----------------------------------------
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE outbox SET updated = ? WHERE id = 1", (int(time.time() * 1000) - 31 * 86400000,))
c.commit()' "$CASEBOOK_STORE/index.db"
expect_exit 0 run_once
expect_exit 0 cb outbox list --all --json
lacks "$OUT" '"id": 1,' "a message delivered 31 days ago"
contains "$OUT" '"id": 2,' "a message delivered today"

# --- reindex keeps the outbox and queues nothing again; check ignores it ---------------
before=$(cb outbox list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_exit 0 cb reindex
after=$(cb outbox list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$before" = "$after" ] && [ "$after" -gt 5 ] ||
	fail "reindex kept $after of $before messages"
expect_exit 0 cb outbox list
[ -z "$OUT" ] || fail "reindex queued old events again: $OUT"
expect_exit 0 cb check

# --- the GitLab mirror: a lost create answer makes one issue -----------------------------
cat >>"$CASEBOOK_STORE/config" <<EOF
[mirror "gitlab"]
	url = $BASE
	project = csirt/cases
	ca-file = $TESTDIR/ca.pem
[gitlab "user"]
	tanaka = 7
EOF
ctl /_script '{"drop_creates": 1, "clear": true}' >/dev/null
expect_exit 0 cb new --title "Defaced @here [x](http://y)" --class defacement
expect_exit 0 cb set 2026-0002 assignees tanaka
expect_exit 0 run_once
[ "$(q 'len(log["issues"])')" = 1 ] || fail "exactly one issue: $(q 'log["issues"]')"
[ "$(q 'sum(1 for g in log["gitlab"] if g["method"] == "POST" and g["path"].endswith("issues"))')" = 1 ] ||
	fail "the lost create is found again, not made twice: $(q 'log["gitlab"]')"
issue=$(q 'json.dumps(log["issues"][0])')
contains "$issue" '"confidential": true' "the issue"
contains "$issue" "casebook:incident=2026-0002" "the issue's marker"
contains "$issue" "[2026-0002]" "the issue's title"
contains "$issue" '"assignee_ids": [7]' "the issue's assignee"
contains "$issue" "urgency::normal" "the issue's labels"
expect_exit 0 cb mirror status 2026-0002
contains "$OUT" "#1" "mirror status"
contains "$OUT" "in sync" "mirror status"
contains "$OUT" "https://127.0.0.1/csirt/cases/-/issues/1" "mirror status (the web_url GitLab gave)"
# The link is in the record, committed by the runner's person.
expect_exit 0 cb show 2026-0002 --json
rgit show HEAD:incidents/2026/00/2026-0002/links.json >"$TESTDIR/links" ||
	fail "no links.json in the record"
contains "$(cat "$TESTDIR/links")" '"iid": 1' "links.json"
contains "$(rgit log -1 --format=%B HEAD)" "Casebook-Action: link" "the link's commit"
expect_exit 0 cb check
expect_exit 0 cb set 2026-0002 phase closed --force --reason "done"
expect_exit 0 run_once
[ "$(q 'log["issues"][0]["state"]')" = closed ] || fail "a closed incident closes its issue"
expect_exit 0 cb set 2026-0002 phase handling --force --reason "again"
expect_exit 0 run_once
[ "$(q 'log["issues"][0]["state"] + " " + str(len(log["issues"]))')" = "opened 1" ] ||
	fail "reopened, still one issue: $(q 'log["issues"]')"
exit 0
