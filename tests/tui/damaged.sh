# An incident damaged in the record (a file pushed with git that does not
# parse) is a row of the queue marked DAMAGED with the reason, drawn
# sanitised: the bytes of the broken file never reach the terminal.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "sound incident" --urgency high
a=$OUT
expect_exit 0 cb new --title "to be broken"
b=$OUT
year=${b%%-*}

WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
# A value the reason quotes: a terminal's set-title sequence.
f="$WT/incidents/$year/00/$b/incident.json"
sed 's/"urgency": "[a-z]*"/"urgency": "\\u001b]2;pwned\\u0007"/' "$f" >"$f.new" &&
	mv "$f.new" "$f" || fail "cannot edit incident.json"
grep -q 'u001b' "$f" || fail "the edit did not take"
git -C "$WT" -c user.name=Mallory -c user.email=m@example.org \
	commit -q -am "by hand" && git -C "$WT" push -q origin main ||
	fail "git push"

S=q
start q 200 40
wait_for "DAMAGED"
row=$(printf '%s\n' "$SCREEN" | grep "$b")
contains "$row" "DAMAGED: urgency: '^[]2;pwned^G' is not a valid value" \
	"the damaged row, sanitised"
contains "$SCREEN" "sound incident" "the other incident"
# The escape sequence came out in caret notation: tmux did not retitle
# the pane.
[ "$(T display-message -p -t "$S" '#{pane_title}')" != pwned ] ||
	fail "the reason's escape sequence reached the terminal"
keys Q
wait_for "casebook exited 0"
exit 0
