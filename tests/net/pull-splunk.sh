# casebook pull splunk against a fake Splunk export endpoint
# (tests/net/fake-splunk.py) over TLS with a CA the test makes: rows
# arrive; run every "minute" (CASEBOOK_NOW) the checkpoint moves on; an
# outage (the server down for a run) loses nothing; an event indexed
# late is caught by the overlap; an unknown CA, a wrong token, a saved
# search Splunk does not know and an http:// URL store nothing and leave
# the checkpoint where it was.
. "$(dirname "$0")/../cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "no openssl: skipped"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "no sqlite3: skipped"; exit 77; }
. "$TOP_SRCDIR/tests/net/certs.sh"
unset https_proxy HTTPS_PROXY all_proxy ALL_PROXY
make_certs "$TESTDIR" || fail "openssl could not make the test CA"
TOKEN=splunk-jwt-for-the-test
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TESTDIR"' EXIT

start_splunk() {
	rm -f "$TESTDIR/port"
	python3 "$TOP_SRCDIR/tests/net/fake-splunk.py" "$TESTDIR/port" \
		"$TESTDIR/server.pem" "$TESTDIR/server.key" "$TOKEN" \
		"$TESTDIR/events" "$TESTDIR/requests" ${1:-} 2>>"$TESTDIR/splunk.err" &
	SERVER=$!
	wait_port "$TESTDIR/port" || fail "the fake Splunk did not start: $(cat "$TESTDIR/splunk.err")"
	PORT=$(cat "$TESTDIR/port")
}
stop_splunk() { kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=; }

T0=$(date -u -d 2026-11-26T12:00:00Z +%s)
# event TIME N: a row of the saved search "Outbound C2" at TIME.
event() {
	printf '{"search":"Outbound C2","_time":%d,"src_ip":"10.20.30.%d","dest_ip":"198.51.100.9","n":"%d"}\n' \
		"$1" "$2" "$2" >>"$TESTDIR/events"
}
rows() { sqlite3 "$CASEBOOK_STORE/index.db" "SELECT count(*) FROM alerts WHERE source LIKE 'splunk%'"; }

expect_exit 0 cb init
printf '[splunk]\n\ttoken = %s\n' "$TOKEN" >"$TESTDIR/secrets"
chmod 600 "$TESTDIR/secrets"
export CASEBOOK_SECRETS="$TESTDIR/secrets"
: >"$TESTDIR/events"
event $((T0 - 90000)) 1		# older than the first run's 24 h
event $((T0 - 3600)) 2
event $((T0 - 60)) 3
event "$T0" 4			# at latest_time: the next run's
printf '{"search":"Other","_time":%d,"x":"1"}\n' $((T0 - 10)) >>"$TESTDIR/events"
start_splunk
pull() { cb pull splunk --search "Outbound C2" --url "https://127.0.0.1:$PORT" \
	--ca-file "$TESTDIR/ca.pem" "$@"; }

export CASEBOOK_NOW=$T0
expect_exit 0 pull
contains "$OUT" "2 new" "the first pull"
[ "$(rows)" = 2 ] || fail "the first pull stored $(rows) rows, expected 2"
contains "$(tail -n 1 "$TESTDIR/requests")" "$((T0 - 86400)) $T0" "the first pull's range"
# The search name and the row key the alert.
n=$(sqlite3 "$CASEBOOK_STORE/index.db" "SELECT count(*) FROM alerts WHERE signature = 'Outbound C2'")
[ "$n" = 2 ] || fail "the rows are not keyed by their search ($n)"

# A minute later: from the checkpoint less the overlap (10 min).
event $((T0 + 30)) 5
export CASEBOOK_NOW=$((T0 + 60))
expect_exit 0 pull
contains "$OUT" "2 new" "the second pull (rows 4 and 5)"
contains "$(tail -n 1 "$TESTDIR/requests")" "$((T0 - 600)) $((T0 + 60))" "the second pull's range"
[ "$(rows)" = 4 ] || fail "after the second pull: $(rows) rows"
# Rows fetched again in the overlap are the same alerts.
contains "$OUT" "1 again" "the overlap's row (3)"

# Outage: Splunk is down for a run; its events are fetched the next run.
stop_splunk
event $((T0 + 90)) 6
event $((T0 + 40)) 7		# indexed late: its time is before the last run's end
export CASEBOOK_NOW=$((T0 + 120))
expect_exit 1 pull
contains "$ERR" "cannot connect" "a pull while Splunk is down"
start_splunk "$PORT"
export CASEBOOK_NOW=$((T0 + 180))
expect_exit 0 pull
contains "$(tail -n 1 "$TESTDIR/requests")" "$((T0 + 60 - 600)) $((T0 + 180))" "the pull after the outage"
[ "$(rows)" = 6 ] || fail "after the outage: $(rows) rows, expected 6 (nothing missed)"

# What must not store anything nor move the checkpoint.
event $((T0 + 200)) 8
export CASEBOOK_NOW=$((T0 + 240))
before=$(wc -l <"$TESTDIR/requests")
expect_exit 1 cb pull splunk --search "Outbound C2" --url "https://127.0.0.1:$PORT" \
	--ca-file "$TESTDIR/other-ca.pem"
contains "$ERR" "not trusted" "a pull with another CA"
[ "$(wc -l <"$TESTDIR/requests")" = "$before" ] || fail "a request went over an untrusted connection"
expect_exit 1 cb pull splunk --search "Outbound C2" --url "https://127.0.0.1:$PORT"
contains "$ERR" "not trusted" "a pull with the system's CAs"
CASEBOOK_SPLUNK_TOKEN=wrong expect_exit 1 pull
contains "$ERR" "401" "a pull with a wrong token"
expect_exit 1 cb pull splunk --search "No such" --url "https://127.0.0.1:$PORT" \
	--ca-file "$TESTDIR/ca.pem"
contains "$ERR" "Unable to find saved search" "a pull of an unknown search"
expect_exit 2 cb pull splunk --search "Outbound C2" --url "http://127.0.0.1:$PORT"
contains "$ERR" "https" "a pull over http"
[ "$(rows)" = 6 ] || fail "a failed pull stored rows: $(rows)"
chmod 644 "$TESTDIR/secrets"
expect_exit 4 pull
contains "$ERR" "chmod 600" "a pull with a secrets file others can read"
chmod 600 "$TESTDIR/secrets"
# The checkpoint did not move: this run asks from T0+180 less 10 min.
expect_exit 0 pull
contains "$(tail -n 1 "$TESTDIR/requests")" "$((T0 + 180 - 600)) $((T0 + 240))" "the range after failed pulls"
[ "$(rows)" = 7 ] || fail "after the failures: $(rows) rows, expected 7"
# The token from the environment; --since over the checkpoint.
CASEBOOK_SPLUNK_TOKEN=$TOKEN expect_exit 0 pull --since 2d
contains "$OUT" "1 new, 7 again" "a pull of two days (row 1 is 25 h old)"
# Splunk's URL and CA file from the store config.
printf '[splunk]\n\turl = https://127.0.0.1:%s/\n\tcaFile = %s\n' "$PORT" "$TESTDIR/ca.pem" \
	>>"$CASEBOOK_STORE/config"
expect_exit 0 cb pull splunk --search "Outbound C2"
stop_splunk
exit 0
