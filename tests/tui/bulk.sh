# Marked rows and a bulk act on them (mutt's tag and tag-prefix): each
# incident its own store call and commit, a refusal listed for its
# incident while the others go through; close with a reason; a close
# without a reason refused before anything is written.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "first scan" --urgency high
a=$OUT
expect_exit 0 cb new --title "second scan"
b=$OUT
expect_exit 0 cb new --title "to be broken"
c=$OUT
year=${c%%-*}
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
f="$WT/incidents/$year/00/$c/incident.json"
sed 's/"urgency": "[a-z]*"/"urgency": "soon"/' "$f" >"$f.new" &&
	mv "$f.new" "$f" || fail "cannot edit incident.json"
git -C "$WT" -c user.name=Mallory -c user.email=m@example.org \
	commit -q -am "by hand" && git -C "$WT" push -q origin main ||
	fail "git push"
before=$(rgit rev-list --count main)

S=b
start b 120 40
wait_for "DAMAGED"
# Mark the three (t, then Space), unmark one and mark it again.
keys t
wait_for "1 marked"
keys Space t
wait_for "3 marked"
keys k t
wait_for "2 marked"
keys k t
wait_for "3 marked"
contains "$(line 3)" "+$a" "a marked row shows +"

# Assign the three: two go through, the damaged one is refused, listed.
keys A
wait_for "Assign to (logins, comma-separated; empty: nobody) (3 marked):"
type_text "alice"
keys Enter
wait_for "2 changed, 0 already so, 1 refused"
contains "$SCREEN" "$a: done" "the first"
contains "$SCREEN" "$b: done" "the second"
contains "$SCREEN" "$c: refused:" "the damaged one, with its reason"
[ "$(rgit rev-list --count main)" = $((before + 2)) ] ||
	fail "two assignments, two commits: $(rgit log --oneline | head -5)"
cb show "$a" | grep -q "alice" || fail "$a not assigned: $(cb show "$a")"
cb show "$b" | grep -q "alice" || fail "$b not assigned"
keys q
# The refused one stays marked, the others are done with.
wait_for "1 marked"

# The same again changes nothing: no commit.
keys T
wait_for "No incident marked"
keys g t t
wait_for "2 marked"
keys A
wait_for "(2 marked):"
type_text "alice"
keys Enter
wait_for "0 changed, 2 already so"
[ "$(rgit rev-list --count main)" = $((before + 2)) ] || fail "a commit for no change"

# The urgency, from a chooser (the marks went with the act that took them).
lacks "$(line 1)" "marked" "the marks after the act"
keys g t t
wait_for "2 marked"
keys U
wait_for "Urgency (2 marked):"
keys g Enter
wait_for "changed,"
cb show "$b" | grep -qi "immediate" || fail "$b's urgency: $(cb show "$b")"

# Close without a reason: refused, nothing written; with one, closed.
n=$(rgit rev-list --count main)
keys g t t C
wait_for "Close, with the reason (2 marked):"
keys Enter
wait_for "Nothing closed: a reason is needed"
[ "$(rgit rev-list --count main)" = "$n" ] || fail "a close without a reason wrote"
keys C
wait_for "(2 marked):"
type_text "duplicate of a scan already handled"
keys Enter
wait_for "2 changed, 0 already so"
wait_for "4 Closed (2)"
rgit log -2 --format=%B | grep -q "duplicate of a scan already handled" ||
	fail "the reason is not in the commits: $(rgit log -2 --format=%B)"
quit

# A role that may not is told before anything is typed or chosen.
git config --file "$CASEBOOK_STORE/config" "user.$(id -un).role" staff
S=r
start r 120 40
wait_for "4 Closed"
contains "$(line 0)" "$(id -un) (staff) @ " "the role in the top row"
keys 4 g
wait_for "$a"
keys U
wait_for "only a tech member (CERT) may set the urgency; you are staff"
lacks "$SCREEN" "Enter chooses" "no chooser for a refused act"
quit
exit 0
