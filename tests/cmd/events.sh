# The events table: one row per change and incident, in history order,
# for commits made by casebook and by plain git alike; a reindex rebuilds
# the same events from the history.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "events" --class malware
id=$OUT
expect_exit 0 cb note "$id" -m "a note"
expect_exit 0 cb answer "$id" source alert
expect_exit 0 cb set "$id" title "events, renamed"

expect_exit 0 cb events
actions=$(printf '%s\n' "$OUT" | awk '{ print $4 ":" $5 }' | tr '\n' ' ')
[ "$actions" = "-:init $id:create $id:note $id:answer $id:set " ] ||
	fail "events in order: got '$actions'"
expect_exit 0 cb events --json
contains "$OUT" '"item": "source"' "the answer's payload names its item"
expect_exit 0 cb events --after 4
[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] || fail "--after 4: $OUT"
contains "$OUT" " set " "--after 4 leaves the set"
expect_exit 2 cb events --after soon

# A commit made with plain git, no trailers: an edit of the incident.
W=$TESTDIR/work
git clone -q "$CASEBOOK_STORE/record.git" "$W" 2>/dev/null || fail "clone"
f=$(cd "$W" && git ls-files | grep "$id/incident.json")
sed -i 's/"events, renamed"/"events, renamed with git"/' "$W/$f"
(cd "$W" && git -c user.name=Plain -c user.email=plain@example.org \
    commit -qam "retitle by hand" && git push -q origin HEAD:main) ||
	fail "push"
expect_exit 0 cb events --after 5
contains "$OUT" "$id edit" "a foreign commit is an edit event"
contains "$OUT" "Plain" "by its git author"

expect_exit 0 cb events
before=$(printf '%s\n' "$OUT" | awk '{ print $2, $4, $5 }')
expect_exit 0 cb reindex
expect_exit 0 cb events
after=$(printf '%s\n' "$OUT" | awk '{ print $2, $4, $5 }')
[ "$before" = "$after" ] || fail "reindex changed the events: $before / $after"
echo "ok: events"
