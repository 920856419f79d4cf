# The incident as of a commit (history, v) is read-only everywhere it
# leads: its header names the commit's time and author; its notebook is
# the notebook as it was then (what came after is not there); no key
# writes, and each says why.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "phishing reported by the library"
id=$OUT
expect_exit 0 cb note "$id" -m "first entry: the mail was forwarded"
printf 'Received: from evil.example\n' >"$TESTDIR/headers.txt"
expect_exit 0 cb note "$id" -m "second entry: the link is down"
expect_exit 0 cb attach "$id" "$TESTDIR/headers.txt"
before=$(rgit rev-list --count main)

S=a
start a 120 40
wait_for "4 Closed"
keys H
wait_for "History $id"
# Newest first: attach, note, note, create.  The first note is third.
keys g j j
settle
contains "$(printf '%s\n' "$SCREEN" | grep -n . | grep "first entry" || true)" "first entry" "the first note's commit"
keys v
wait_for "read-only)]"
contains "$(line 1)" "[as of " "the as-of header"
contains "$(line 1)" "by $(id -un)" "the commit's author"
printf '%s\n' "$(line 1)" | grep -qE 'as of [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC' ||
	fail "the commit's time: $(line 1)"
# No writing key on the incident.
for k in e t W; do
	keys $k
	settle
	contains "$(line 39)" "This is the incident as it was: read-only" "$k refused"
done
wait_for "read-only)]"
# Its notebook: as it was then.
keys N
wait_for "first entry: the mail was forwarded"
contains "$(line 0)" "as of " "the notebook's header says as of"
lacks "$SCREEN" "second entry" "an entry written after the commit"
lacks "$SCREEN" "headers.txt" "evidence attached after the commit"
for k in a e A; do
	keys $k
	settle
	contains "$(line 39)" "This is the notebook as it was: read-only" "$k refused"
done
[ "$(rgit rev-list --count main)" = "$before" ] || fail "the as-of view wrote"
keys q
wait_for "read-only)]"
keys q
wait_for "History $id"
# The notebook of today has both entries and the evidence.
keys q
wait_for "4 Closed"
keys B
wait_for "second entry: the link is down"
contains "$SCREEN" "headers.txt" "the evidence today"
quit
exit 0
