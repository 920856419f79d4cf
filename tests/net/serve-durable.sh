# What casebook serve's 200 promises: the alerts' transaction is durable
# when the answer goes out, i.e. the index's WAL was fsynced for it
# (synchronous=FULL for the ingest's transaction; with the index's usual
# NORMAL a small commit fsyncs nothing and a power cut could lose it).
# The receiver is traced with strace while one alert is posted.
. "$(dirname "$0")/../cmd/lib.sh"

for t in curl sqlite3 strace; do
	command -v $t >/dev/null 2>&1 || { echo "no $t: skipped"; exit 77; }
done
. "$TOP_SRCDIR/tests/net/certs.sh"	# wait_port
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY
FIX=$TOP_SRCDIR/tests/fixtures/alerts
TOKEN=t0k3n-for-the-tests-0123456789
SERVER= TRACER=
trap '[ -n "$TRACER" ] && kill "$TRACER" 2>/dev/null
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TESTDIR"' EXIT

expect_exit 0 cb init
printf '[serve "ids"]\n\ttoken = %s\n' "$TOKEN" >"$TESTDIR/secrets"
chmod 600 "$TESTDIR/secrets"
"$CASEBOOK" serve --secrets "$TESTDIR/secrets" --listen 127.0.0.1:0 \
	--port-file "$TESTDIR/port" 2>>"$TESTDIR/serve.log" &
SERVER=$!
wait_port "$TESTDIR/port" || fail "serve did not start: $(cat "$TESTDIR/serve.log")"
PORT=$(cat "$TESTDIR/port")

# post NAME: one EVE alert of its own (flow id NAME), 200 expected.
post() {
	head -n 1 "$FIX/suricata-eve.json" | sed "s/1822374892311234/$1/" \
		>"$TESTDIR/body"
	code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary \
		@"$TESTDIR/body" "http://127.0.0.1:$PORT/hooks/$TOKEN")
	[ "$code" = 200 ] || fail "posting alert $1: $code"
}
# A first body opens the index and makes its WAL; then the trace.
post 901
strace -f -qq -y -e trace=fsync,fdatasync -o "$TESTDIR/trace" -p "$SERVER" &
TRACER=$!
sleep 1
kill -0 "$TRACER" 2>/dev/null || { echo "strace cannot attach here: skipped"; exit 77; }
post 902
sleep 0.5
kill "$TRACER"
wait "$TRACER" 2>/dev/null
TRACER=
n=$(sqlite3 "$CASEBOOK_STORE/index.db" \
	"SELECT count(*) FROM alerts WHERE source_ref = '902:2024792'")
[ "$n" = 1 ] || fail "alert 902 is not in the index ($n)"
grep -q 'sync([0-9]*<[^>]*index\.db-wal>' "$TESTDIR/trace" ||
	fail "no fsync of the index's WAL for an acknowledged alert: $(cat "$TESTDIR/trace")"
kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null
SERVER=
