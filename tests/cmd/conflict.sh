# Field-level merging across processes: two writers changing different
# fields of one incident at the same moment both land (the loser of the
# race re-applies its change on the new tip); the record keeps both.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "contended" --urgency normal
id=$OUT
rounds=15
i=0
while [ $i -lt $rounds ]; do
	cb set "$id" department "dept-$i" >"$TESTDIR/a.$i" 2>&1 &
	pa=$!
	cb set "$id" reporter "reporter-$i" >"$TESTDIR/b.$i" 2>&1 &
	pb=$!
	cb set "$id" hosts "192.0.2.$i" >"$TESTDIR/c.$i" 2>&1 &
	pc=$!
	wait $pa || fail "round $i: department failed: $(cat "$TESTDIR/a.$i")"
	wait $pb || fail "round $i: reporter failed: $(cat "$TESTDIR/b.$i")"
	wait $pc || fail "round $i: hosts failed: $(cat "$TESTDIR/c.$i")"
	expect_exit 0 cb show "$id" --json
	contains "$OUT" "\"department\": \"dept-$i\"" "round $i department"
	contains "$OUT" "\"reporter\": \"reporter-$i\"" "round $i reporter"
	contains "$OUT" "\"192.0.2.$i\"" "round $i hosts"
	i=$((i + 1))
done
n=$(rgit log --format=%s main | grep -c "^$id: ")
[ "$n" = $((rounds * 3 + 1)) ] || fail "expected $((rounds * 3 + 1)) commits for $id, got $n"
expect_exit 0 cb check

# Ids: eight incidents created at the same moment get eight different,
# consecutive numbers.
i=0
while [ $i -lt 8 ]; do
	cb new --title "at once $i" >"$TESTDIR/new.$i" 2>&1 &
	i=$((i + 1))
done
wait
ids=$(cat "$TESTDIR"/new.* | sort)
[ "$(printf '%s\n' "$ids" | sort -u | wc -l)" = 8 ] || fail "duplicate ids: $ids"
first=$(printf '%s\n' "$ids" | head -1)
last=$(printf '%s\n' "$ids" | tail -1)
n_first=$(printf '%s' "${first#*-}" | sed 's/^0*//')
n_last=$(printf '%s' "${last#*-}" | sed 's/^0*//')
[ $((n_last - n_first)) = 7 ] || fail "ids not consecutive: $ids"

# The same field: a change made from a value that is no longer there is a
# conflict, named with the other author and both values; nothing is written.
expect_exit 0 cb new --title "the original"
id2=$OUT
expect_exit 0 cb set "$id2" title "their title"
tip=$(rgit rev-parse main)
expect_exit 3 cb set "$id2" title "our title" --expect "the original"
contains "$ERR" "conflict on field 'title'" "conflict names the field"
contains "$ERR" "$(id -un)" "conflict names the other author"
contains "$ERR" "'their title'" "conflict shows their value"
contains "$ERR" "'our title'" "conflict shows our value"
contains "$ERR" "'the original'" "conflict shows the starting value"
[ "$(rgit rev-parse main)" = "$tip" ] || fail "a conflict wrote to the record"
# From the value it holds, the change goes through; another field too.
expect_exit 0 cb set "$id2" title "our title" --expect "their title"
expect_exit 0 cb set "$id2" urgency high --expect normal
expect_exit 0 cb show "$id2" --json
contains "$OUT" '"title": "our title"' "expected change applied"
exit 0
