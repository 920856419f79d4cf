# casebook serve, started here on 127.0.0.1 and posted to with curl and
# tests/net/serve-load.py: tokens, limits, bad input, overload, 1,000
# requests with a SIGKILL of the receiver in the middle (every request
# answered 200 is in the index), HTTPS with a CA the test makes, a clean
# stop on SIGTERM, and a log with neither tokens nor payloads.
. "$(dirname "$0")/../cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "no curl: skipped"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "no sqlite3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
. "$TOP_SRCDIR/tests/net/certs.sh"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY
FIX=$TOP_SRCDIR/tests/fixtures/alerts
TOKEN=t0k3n-for-the-tests-0123456789
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TESTDIR"' EXIT

expect_exit 0 cb init
printf '[serve "splunk"]\n\ttoken = %s\n[serve "ids"]\n\ttoken = other-token-0123456789\n' \
	"$TOKEN" >"$TESTDIR/secrets"

# A secrets file others can read is refused, and so is a short token.
chmod 644 "$TESTDIR/secrets"
expect_exit 4 cb serve --secrets "$TESTDIR/secrets" --listen 127.0.0.1:0
contains "$ERR" "chmod 600" "serve with a readable secrets file"
printf '[serve "x"]\n\ttoken = short\n' >"$TESTDIR/short"
chmod 600 "$TESTDIR/secrets" "$TESTDIR/short"
expect_exit 2 cb serve --secrets "$TESTDIR/short" --listen 127.0.0.1:0
contains "$ERR" "shorter than 16" "serve with a short token"

# start_serve [OPTIONS]: starts the receiver, sets SERVER and PORT.
start_serve() {
	rm -f "$TESTDIR/port"
	"$CASEBOOK" serve --secrets "$TESTDIR/secrets" --listen 127.0.0.1:0 \
		--port-file "$TESTDIR/port" "$@" 2>>"$TESTDIR/serve.log" &
	SERVER=$!
	wait_port "$TESTDIR/port" || fail "serve did not start: $(cat "$TESTDIR/serve.log")"
	PORT=$(cat "$TESTDIR/port")
}

# post PATH FILE [CURL OPTIONS]: the status in $CODE, the answer in $BODY.
post() {
	p=$1 f=$2
	shift 2
	CODE=$(curl -s -o "$TESTDIR/answer" -w '%{http_code}' "$@" \
		--data-binary @"$f" "http://127.0.0.1:$PORT$p")
	BODY=$(cat "$TESTDIR/answer")
}

alerts() { sqlite3 "$CASEBOOK_STORE/index.db" "$1"; }

start_serve --max-body 64k --queue 4
post "/hooks/$TOKEN" "$FIX/splunk-webhook.json"
[ "$CODE" = 200 ] || fail "webhook body: $CODE $BODY"
n=$(alerts "SELECT count(*) FROM alerts WHERE source = 'splunk'")
[ "$n" = 1 ] || fail "the webhook's alert is not in the index ($n)"
post "/hooks/$TOKEN" "$FIX/suricata-eve.json" -H 'Content-Type: application/x-ndjson'
[ "$CODE" = 200 ] || fail "NDJSON batch: $CODE $BODY"
n=$(alerts "SELECT count(*) FROM alerts WHERE source = 'suricata' AND source_ref = '1822374892311234:2024792'")
[ "$n" = 1 ] || fail "the EVE batch's alert is not in the index"
# The same body again: a replay, not an error, and no new alert.
post "/hooks/$TOKEN" "$FIX/splunk-webhook.json"
[ "$CODE" = 200 ] || fail "replayed webhook body: $CODE $BODY"
n=$(alerts "SELECT count(*) FROM alerts WHERE source = 'splunk'")
[ "$n" = 1 ] || fail "a replay made a second alert ($n)"

post /hooks/not-a-token-at-all-000000 "$FIX/splunk-webhook.json"
[ "$CODE" = 401 ] || fail "bad token: $CODE"
post "/hooks/${TOKEN}x" "$FIX/splunk-webhook.json"
[ "$CODE" = 401 ] || fail "token with one more character: $CODE"
post /somewhere "$FIX/splunk-webhook.json"
[ "$CODE" = 404 ] || fail "other path: $CODE"
CODE=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/hooks/$TOKEN")
[ "$CODE" = 405 ] || fail "GET: $CODE"
printf '{"timestamp":"2026-11-26T10:56:29Z","event_type":"alert"\n' >"$TESTDIR/bad.json"
post "/hooks/$TOKEN" "$TESTDIR/bad.json"
[ "$CODE" = 400 ] || fail "bad JSON: $CODE $BODY"
contains "$BODY" "line 1" "the answer to bad JSON"
# One bad line among good ones: 400 naming it; the good lines are kept.
{ head -n 1 "$FIX/suricata-eve.json" | sed 's/1822374892311234/777/'
  echo '{"not json'
  head -n 1 "$FIX/suricata-eve.json" | sed 's/1822374892311234/778/'; } >"$TESTDIR/mixed.json"
post "/hooks/$TOKEN" "$TESTDIR/mixed.json"
[ "$CODE" = 400 ] || fail "a batch with a bad line: $CODE $BODY"
contains "$BODY" "line 2" "the answer to a batch with a bad line"
n=$(alerts "SELECT count(*) FROM alerts WHERE source_ref IN ('777:2024792', '778:2024792')")
[ "$n" = 2 ] || fail "the good lines of a batch with a bad one were not kept ($n)"
: >"$TESTDIR/empty"
post "/hooks/$TOKEN" "$TESTDIR/empty"
[ "$CODE" = 400 ] || fail "empty body: $CODE"
head -c 70000 /dev/zero | tr '\0' ' ' >"$TESTDIR/big"
post "/hooks/$TOKEN" "$TESTDIR/big"
[ "$CODE" = 413 ] || fail "oversize body: $CODE"
post "/hooks/$TOKEN" "$TESTDIR/big" -H 'Transfer-Encoding: chunked'
[ "$CODE" = 413 ] || fail "oversize chunked body: $CODE"

# hold_index / release_index: another writer holds index.db, so that
# the bodies posted meanwhile wait together and go in one batch.
hold_index() {
	rm -f "$TESTDIR/hold"
	mkfifo "$TESTDIR/hold"
	sqlite3 "$CASEBOOK_STORE/index.db" <"$TESTDIR/hold" >/dev/null 2>&1 &
	HOLDER=$!
	exec 7>"$TESTDIR/hold"
	echo 'BEGIN EXCLUSIVE; SELECT 1;' >&7
	sleep 0.5
}
release_index() {
	echo 'COMMIT;' >&7
	exec 7>&-
	wait "$HOLDER"
}
# bg_post NAME FILE: posts in the background, the status to $TESTDIR/NAME.
bg_post() {
	curl -s -o /dev/null -w '%{http_code}' --data-binary @"$2" \
		"http://127.0.0.1:$PORT/hooks/$TOKEN" >"$TESTDIR/$1" &
	POSTS="$POSTS $!"
}

# Bodies that wait together go in one transaction, each read as what it
# is: a webhook body spread over lines (read whole, on its own), a
# broken one (400), and lines behind them (stored, 200).
head -n 1 "$FIX/suricata-eve.json" | sed 's/1822374892311234/881/' >"$TESTDIR/g1"
head -n 1 "$FIX/suricata-eve.json" | sed 's/1822374892311234/882/' >"$TESTDIR/g2"
printf '{\n  "result": {"host": "pretty-printed"},\n  "sid": "s1",\n  "search_name": "Pretty"\n}\n' >"$TESTDIR/pretty"
printf '{"result":{"count":"8"},"sid":"s1","search_name":"broken",\n' >"$TESTDIR/broken"
POSTS=
hold_index
bg_post g1.code "$TESTDIR/g1"
sleep 0.3
bg_post pretty.code "$TESTDIR/pretty"
sleep 0.2
bg_post broken.code "$TESTDIR/broken"
sleep 0.2
bg_post g2.code "$TESTDIR/g2"
sleep 0.3
release_index
for p in $POSTS; do wait "$p"; done
[ "$(cat "$TESTDIR/g1.code")" = 200 ] || fail "the first held body: $(cat "$TESTDIR/g1.code")"
[ "$(cat "$TESTDIR/pretty.code")" = 200 ] || fail "a webhook body over lines, batched: $(cat "$TESTDIR/pretty.code")"
[ "$(cat "$TESTDIR/broken.code")" = 400 ] || fail "a broken webhook body: $(cat "$TESTDIR/broken.code")"
[ "$(cat "$TESTDIR/g2.code")" = 200 ] || fail "the body behind a broken one: $(cat "$TESTDIR/g2.code")"
n=$(alerts "SELECT count(*) FROM alerts WHERE source_ref IN ('881:2024792', '882:2024792')")
[ "$n" = 2 ] || fail "bodies batched with webhook bodies are not in the index ($n)"
n=$(alerts "SELECT count(*) FROM alerts WHERE signature = 'Pretty'")
[ "$n" = 1 ] || fail "the webhook body over lines is not in the index ($n)"

# Overload: the index is held by another writer, so bodies wait; past
# --queue 4 the answer is 503 with Retry-After, never a lost alert.
hold_index
python3 "$TOP_SRCDIR/tests/net/serve-load.py" "http://127.0.0.1:$PORT/hooks/$TOKEN" \
	30 30 "$TESTDIR/acks-busy" --base 6000000000000000 >"$TESTDIR/busy.out" &
LOADER=$!
sleep 2
release_index
wait "$LOADER" || fail "the load client failed"
busy=$(cat "$TESTDIR/busy.out")
contains "$busy" " 503:" "answers while the index was held"
grep -q 'Retry-After\|503' "$TESTDIR/serve.log" || fail "no 503 in the log"
while read -r ref; do
	n=$(alerts "SELECT count(*) FROM alerts WHERE source_ref = '$ref'")
	[ "$n" = 1 ] || fail "$ref was answered 200 while busy but is not in the index"
done <"$TESTDIR/acks-busy"

# SIGTERM: stops cleanly, exit 0.
kill -TERM "$SERVER"
wait "$SERVER"
rc=$?
SERVER=
[ "$rc" = 0 ] || fail "serve exited $rc on SIGTERM"
contains "$(cat "$TESTDIR/serve.log")" "stopping" "serve's log on SIGTERM"

# 1,000 requests from 200 clients; SIGKILL after 300 answers.  Every
# request answered 200 must be in the index.
start_serve
python3 "$TOP_SRCDIR/tests/net/serve-load.py" "http://127.0.0.1:$PORT/hooks/$TOKEN" \
	1000 200 "$TESTDIR/acks" --kill "$SERVER" 300 >"$TESTDIR/load.out" ||
	fail "the load client failed"
wait "$SERVER" 2>/dev/null
SERVER=
load=$(cat "$TESTDIR/load.out")
echo "1,000 requests, SIGKILL after 300 answers: $load"
contains "$load" "killed yes" "the load run"
acked=$(wc -l <"$TESTDIR/acks")
[ "$acked" -ge 300 ] || fail "fewer than 300 requests answered 200 before the kill ($acked): $load"
sed "s/.*/('&'),/" "$TESTDIR/acks" | sed '$ s/,$//' >"$TESTDIR/acks.sql"
missing=$(sqlite3 "$CASEBOOK_STORE/index.db" "CREATE TEMP TABLE a(ref TEXT);
	INSERT INTO a VALUES $(cat "$TESTDIR/acks.sql");
	SELECT count(*) FROM a WHERE ref NOT IN
	    (SELECT source_ref FROM alerts WHERE source = 'suricata');")
[ "$missing" = 0 ] || fail "$missing of $acked requests answered 200 are not in the index"
# The receiver starts again on the same index after the kill.
start_serve
post "/hooks/$TOKEN" "$FIX/suricata-eve.json"
[ "$CODE" = 200 ] || fail "after the kill: $CODE $BODY"
kill -TERM "$SERVER"
wait "$SERVER"
SERVER=

# HTTPS with a certificate from the test's CA; a client that trusts
# another CA is refused; a key others can read is refused.
make_certs "$TESTDIR" || fail "openssl could not make the test CA"
chmod 644 "$TESTDIR/server.key"
expect_exit 4 cb serve --secrets "$TESTDIR/secrets" --listen 127.0.0.1:0 \
	--cert "$TESTDIR/server.pem" --key "$TESTDIR/server.key"
contains "$ERR" "private key" "serve with a readable key"
chmod 600 "$TESTDIR/server.key"
start_serve --cert "$TESTDIR/server.pem" --key "$TESTDIR/server.key"
CODE=$(curl -s -o "$TESTDIR/answer" -w '%{http_code}' --cacert "$TESTDIR/ca.pem" \
	--data-binary @"$FIX/lastline.cef" "https://127.0.0.1:$PORT/hooks/$TOKEN")
[ "$CODE" = 200 ] || fail "HTTPS post: $CODE $(cat "$TESTDIR/answer")"
n=$(alerts "SELECT count(*) FROM alerts WHERE source = 'lastline'")
[ "$n" -ge 1 ] || fail "the alerts posted over HTTPS are not in the index"
curl -s -o /dev/null --cacert "$TESTDIR/other-ca.pem" \
	--data-binary @"$FIX/lastline.cef" "https://127.0.0.1:$PORT/hooks/$TOKEN"
rc=$?
[ "$rc" = 60 ] || fail "a client trusting another CA: curl exit $rc, expected 60"
CODE=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$FIX/lastline.cef" \
	"http://127.0.0.1:$PORT/hooks/$TOKEN")
[ "$CODE" != 200 ] || fail "plain HTTP was answered 200 on the HTTPS port"
python3 "$TOP_SRCDIR/tests/net/serve-load.py" "https://127.0.0.1:$PORT/hooks/$TOKEN" \
	20 4 "$TESTDIR/acks-tls" --ca "$TESTDIR/ca.pem" --base 7000000000000000 \
	>"$TESTDIR/tls.out" || fail "the HTTPS load client failed"
contains "$(cat "$TESTDIR/tls.out")" "200:20" "20 requests over HTTPS"
kill -TERM "$SERVER"
wait "$SERVER"
SERVER=

# The log: one line per request, no token, no payload.
log=$(cat "$TESTDIR/serve.log")
lacks "$log" "$TOKEN" "serve's log"
lacks "$log" "other-token" "serve's log"
lacks "$log" "Emotet" "serve's log"
contains "$log" "hook=splunk 200" "serve's log"
contains "$log" "401" "serve's log"

# The record is not touched: one commit (the init), as before.
[ "$(rgit rev-list --count main)" = 1 ] || fail "serve wrote to the record"

# libmicrohttpd is loaded when serve starts, not linked into every command.
if command -v readelf >/dev/null 2>&1; then
	lacks "$(readelf -d "$CASEBOOK" | grep NEEDED)" libmicrohttpd "casebook's libraries"
fi
if command -v nm >/dev/null 2>&1; then
	SRV=$(cd "$(dirname "$CASEBOOK")" && pwd)/libcbsrv.a
	used=$(nm -P -u "$SRV" 2>/dev/null | awk 'NF >= 2 && $1 !~ /:$/ { print $1 }')
	[ -n "$used" ] || fail "nm reads nothing in $SRV"
	bad=$(printf '%s\n' "$used" | grep -E '^(cb_store_|cb_alert_|cli_|tui_|sqlite3_|git_|curl_|MHD_)')
	[ -z "$bad" ] || fail "srv/ uses the store, cli/, a library other than its own, or links libmicrohttpd: $bad"
fi
bad=$(cd "$TOP_SRCDIR" && grep -rlE '#[[:space:]]*include[[:space:]]*[<"]microhttpd' core store cli tui net 2>/dev/null)
[ -z "$bad" ] || fail "microhttpd.h included outside srv/: $bad"
exit 0
