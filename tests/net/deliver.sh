# Delivery over real HTTPS: makes a CA and a certificate for 127.0.0.1
# with the openssl command, a second CA that signed nothing, starts
# tests/net/fake-server.py (python3, which bootstrap --deps installs) and
# runs tests/net/test-deliver against it.
. "$(dirname "$0")/../cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
BUILD=$(cd "$(dirname "$CASEBOOK")" && pwd)
PROG=$BUILD/tests/net/test-deliver
[ -x "$PROG" ] || fail "$PROG not built"
. "$TOP_SRCDIR/tests/net/certs.sh"

make_certs "$TESTDIR" || fail "openssl could not make the test CA"
unset https_proxy HTTPS_PROXY all_proxy ALL_PROXY
port=$(free_port) || fail "no free port"
python3 "$TOP_SRCDIR/tests/net/fake-server.py" "$TESTDIR/port" \
	"$TESTDIR/server.pem" "$TESTDIR/server.key" glpat-test-token \
	2>"$TESTDIR/server.err" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$TESTDIR"' EXIT
wait_port "$TESTDIR/port" || fail "the fake server did not start: $(cat "$TESTDIR/server.err")"

# Events written by the real casebook, for test_real_events.
expect_exit 0 cb init
expect_exit 0 cb new --title "Phish @all <!here>" --class phishing
expect_exit 0 cb set 2026-0001 urgency high
expect_exit 0 cb set 2026-0001 assignees tanaka
expect_exit 0 cb set 2026-0001 phase triage --force --reason "seen at once"
cb events --json >"$TESTDIR/events.json" || fail "casebook events failed"
cb show 2026-0001 --json >"$TESTDIR/incident.json" || fail "casebook show failed"

NET_EVENTS=$TESTDIR/events.json NET_INCIDENT=$TESTDIR/incident.json \
NET_PORT=$(cat "$TESTDIR/port") NET_CA=$TESTDIR/ca.pem \
NET_OTHER_CA=$TESTDIR/other-ca.pem NET_FREE_PORT=$port "$PROG" ||
	fail "test-deliver failed; server said: $(cat "$TESTDIR/server.err")"
