# casebook ingest killed in the middle of a file of many pieces (each
# piece a transaction, its checkpoints made by a thread of their own,
# store/checkpointer.c): the index is sound, every alert there is whole
# (its body, its group's count), and the same file ingested again takes
# in exactly the alerts the kill cut off.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
N=200000
db=$CASEBOOK_STORE/index.db
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
export CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"

expect_exit 0 cb init
# 200,000 alerts and 50,000 flows, about 128 MB: two pieces of 64 MB.
python3 "$TOP_SRCDIR/tests/bench/gen-alerts.py" eve "$N" >"$TESTDIR/eve.in" ||
	fail "could not make the input"

"$CASEBOOK" ingest --format suricata "$TESTDIR/eve.in" \
    >"$TESTDIR/out" 2>"$TESTDIR/err" &
pid=$!
# Killed once a piece is in, long before the last.
n=0
w=0
while [ "$w" -lt 1200 ]; do
	n=$(q "SELECT count(*) FROM alerts" 2>/dev/null)
	[ "${n:-0}" -gt 0 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
	w=$((w + 1))
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ "${n:-0}" -gt 0 ] || fail "no piece was committed before the kill"

[ "$(q "PRAGMA integrity_check")" = ok ] || fail "the index is damaged"
groups_text_ok "after the kill"
had=$(q "SELECT count(*) FROM alerts")
echo "killed with $had of $N alerts in"
[ "$had" -gt 0 ] && [ "$had" -lt "$N" ] ||
	fail "killed mid-file: $had of $N alerts in (not a kill in the middle)"
[ "$(q "SELECT count(*) FROM alert_bodies")" = "$had" ] ||
	fail "an alert without its body, or a body without its alert"
[ "$(q "SELECT count(*) FROM alert_bodies b LEFT JOIN alerts a USING (id)
    WHERE a.id IS NULL")" = 0 ] || fail "a body without its alert"
[ "$(q "SELECT ifnull(sum(alerts), 0) FROM alert_groups")" = "$had" ] ||
	fail "the groups count other alerts than the index holds"
[ "$(q "SELECT count(*) FROM alerts WHERE grp IS NULL")" = 0 ] ||
	fail "an alert outside any group"

# Again, whole: what was in is replayed, the rest is added.
expect_exit 0 cb ingest --format suricata "$TESTDIR/eve.in"
contains "$OUT" "$((N - had)) alerts added, $had replayed" "the second run"
[ "$(q "SELECT count(*) FROM alerts")" = "$N" ] || fail "$N alerts at last"
[ "$(q "SELECT sum(count) FROM alerts")" = "$((N + had))" ] ||
	fail "each alert seen once, those in before the kill twice"
[ "$(q "SELECT ifnull(sum(alerts), 0) FROM alert_groups")" = "$N" ] ||
	fail "the groups count every alert once"
[ "$(q "PRAGMA integrity_check")" = ok ] || fail "the index is damaged"
groups_text_ok "after the second run"
expect_exit 0 cb check
exit 0
