# A notable alert group reaches the chat: `casebook ingest` of an alert
# whose score reaches alerts.yaml's notable threshold queues an
# alert-notable message for a subscription that wants it, in the
# ingest's transaction; `casebook outbox run` delivers it to the fake
# Rocket.Chat (TLS with the test's CA), and an alert below the threshold
# queues nothing.
. "$(dirname "$0")/../cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
. "$TOP_SRCDIR/tests/net/certs.sh"

SERVER=
trap 'kill $SERVER 2>/dev/null; rm -rf "$TESTDIR"' EXIT
start_fake "$TESTDIR" ||
	fail "the fake server did not start: $(cat "$TESTDIR/server.err" 2>/dev/null)"

# line REF SCORE: one alert in casebook's format.
line() {
	printf '{"casebook_alert":1,"event_time":"2026-11-30T10:00:00Z","received":"2026-12-01T00:00:00Z","score":%s,"signature":"C2 beacon <!here> @all","source":"ids","source_ref":"%s","src":{"addr":"10.0.0.%s"}}\n' \
	    "$2" "$1" "$2"
}
# count: the messages in the outbox (OUT holds the listing).
count() {
	expect_exit 0 cb outbox list --json
	n=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
}

expect_exit 0 cb init
cat >>"$CASEBOOK_STORE/config" <<EOF
[notify "cert-alerts"]
	kind = rocketchat
	events = alert-notable
	min-urgency = high
	ca-file = $TESTDIR/ca.pem
EOF
export CASEBOOK_SECRETS="$TESTDIR/secrets"
cat >"$CASEBOOK_SECRETS" <<EOF
[notify "cert-alerts"]
	url = $BASE/hooks/ID/TOKEN
EOF
chmod 600 "$CASEBOOK_SECRETS"

line low 20 >"$TESTDIR/low.jsonl"
expect_exit 0 cb ingest "$TESTDIR/low.jsonl"
count; [ "$n" = 0 ] || fail "an alert at 20 is not notable: $OUT"

line high 90 >"$TESTDIR/high.jsonl"
expect_exit 0 cb ingest "$TESTDIR/high.jsonl"
count; [ "$n" = 1 ] || fail "the group at 90 is one message: $OUT"
contains "$OUT" '"action": "alert-notable"' "the message's event"
# A replay makes no second message.
expect_exit 0 cb ingest "$TESTDIR/high.jsonl"
count; [ "$n" = 1 ] || fail "a replay queues nothing more: $OUT"

expect_exit 0 cb outbox run --once --timeout 1500
expect_exit 0 cb outbox list --all --json
contains "$OUT" '"state": "delivered"' "delivered"
cat >"$TESTDIR/log.py" <<'EOF'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[1])
log = json.loads(urllib.request.urlopen(sys.argv[2] + "/_log", context=ctx).read())
bodies = [h["body"] for h in log["hook"] if h["body"]]
print(len(bodies))
print(bodies[0] if bodies else "")
EOF
got=$(python3 "$TESTDIR/log.py" "$TESTDIR/ca.pem" "$BASE") ||
	fail "no log from the fake server"
[ "$(printf '%s\n' "$got" | head -1)" = 1 ] || fail "one message should arrive: $got"
contains "$got" "Notable alert group" "the headline names the group"
contains "$got" "score 90" "and its score"
# Only the group and its score by default: no alert text reaches the chat.
case $got in *'@all'*) fail "the alert's text reached the chat: $got" ;; esac
exit 0
