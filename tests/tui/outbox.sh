# The outbox in the terminal UI, from the index only: a message that
# failed shows in the status line ("1 message undelivered to
# cert-alerts since ..: network error ..."), :outbox lists it, and the
# incident's header shows its GitLab issue once the mirror made one
# (the fake GitLab of tests/net/fake-server.py, over TLS).
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
. "$TOP_SRCDIR/tests/net/certs.sh"
unset CASEBOOK_GITLAB_TOKEN
SERVER=
trap 'kill $SERVER 2>/dev/null; T kill-server >/dev/null 2>&1; rm -rf "$TESTDIR"' EXIT
start_fake "$TESTDIR" || fail "the fake server did not start"
PORT=$(cat "$TESTDIR/port")
refused=$(free_port) || fail "no free port"

expect_exit 0 cb init
cat >>"$CASEBOOK_STORE/config" <<EOF
[notify "cert-alerts"]
	kind = rocketchat
	events = new
[mirror "gitlab"]
	url = https://127.0.0.1:$PORT
	project = csirt/cases
	ca-file = $TESTDIR/ca.pem
EOF
export CASEBOOK_SECRETS="$TESTDIR/secrets"
printf '[notify "cert-alerts"]\n\turl = https://127.0.0.1:%s/hooks/A/B\n[mirror "gitlab"]\n\ttoken = glpat-test-token\n' \
	"$refused" >"$CASEBOOK_SECRETS"
chmod 600 "$CASEBOOK_SECRETS"
expect_exit 0 cb new --title "Phishing at the library" --class phishing
expect_exit 0 cb outbox run --once --timeout 1500 --backoff 60000 --quiet
expect_exit 0 cb mirror status
contains "$OUT" "#1" "the mirror made the issue"

S=o
start o 120 30
wait_for "1 message undelivered to cert-alerts since"
contains "$SCREEN" "network error" "the status line says why"
keys :
type_text "outbox"
keys Enter
wait_for "Outbox: messages not delivered"
contains "$SCREEN" "cert-alerts" "the outbox page"
contains "$SCREEN" "cannot connect" "the outbox page"
lacks "$SCREEN" "mirror:gitlab" "the delivered mirror message is not listed"
keys q
wait_gone "Outbox: messages not delivered"
keys :
type_text "goto 2026-0001"
keys Enter
wait_for "GitLab #1 https://127.0.0.1/csirt/cases/-/issues/1"
quit
exit 0
