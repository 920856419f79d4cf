# Text the record cannot hold is refused with a clear error, never
# stored broken nor silently dropped: invalid UTF-8 (one byte of it made
# incident.json lose its title, and then every command failed for every
# user) and control characters, C1 included, in every one-line field, in
# answers, waiver reasons and answer notes.  Notes keep their bytes.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb role "$(id -un)" tech
bad=$(printf 'Caf\351')
c1=$(printf 'a\302\233b')

# unchanged: the record's tip is still $tip.
tip_is() { [ "$(rgit rev-parse main)" = "$1" ] || fail "$2: something was committed"; }

tip=$(rgit rev-parse main)
for opt in --title --department --reporter --host; do
	if [ "$opt" = --title ]; then
		expect_exit 2 cb new --title "$bad"
	else
		expect_exit 2 cb new --title ok "$opt" "$bad"
	fi
	contains "$ERR" "byte 4 (0xe9) is not UTF-8" "new $opt"
	tip_is "$tip" "new $opt"
done
expect_exit 2 cb new --title "$c1"
contains "$ERR" "control character U+009B" "a C1 control in a title"
expect_exit 2 cb new --title "$(printf 'a\tb')"
contains "$ERR" "a tab" "a tab in a title"
expect_exit 0 cb new --title "ok"
id=$OUT
tip=$(rgit rev-parse main)
for field in title department reporter hosts assignees; do
	expect_exit 2 cb set "$id" "$field" "$bad"
	contains "$ERR" "$field: byte 4 (0xe9) is not UTF-8" "set $field"
	expect_exit 2 cb set "$id" "$field" "$c1"
	contains "$ERR" "U+009B" "set $field with a C1 control"
done
expect_exit 2 cb set "$id" hosts "a.example, b$(printf '\377').example"
contains "$ERR" "not UTF-8" "a bad list item"
tip_is "$tip" "set"

# Answers of every kind, a waiver's reason, an answer's note.
expect_exit 2 cb waive "$id" source --reason "$(printf 'bad\377')"
contains "$ERR" "reason: byte 4 (0xff) is not UTF-8" "a waiver's reason"
expect_exit 2 cb waive "$id" source --reason "$(printf 'x\033]0;t\007')"
contains "$ERR" "U+001B" "an escape in a waiver's reason"
expect_exit 2 cb answer "$id" reporter "$bad"
contains "$ERR" "not UTF-8" "a text answer"
expect_exit 2 cb answer "$id" source "$bad"
contains "$ERR" "not UTF-8" "a choice answer"
tip_is "$tip" "answer"
expect_exit 0 cb answer "$id" source alert
expect_exit 2 cb answer "$id" affected_host "192.0.2.1,$bad"
contains "$ERR" "not UTF-8" "a hosts answer"
expect_exit 0 cb checklist "$id"
contains "$OUT" "source               *answered  alert" "the good answer kept"
expect_exit 0 cb waive "$id" reporter --reason "unknown; the user left
no contact"
expect_exit 0 cb checklist "$id"
contains "$OUT" "unknown; the user left" "a reason on two lines kept"

# A note keeps its bytes, invalid UTF-8 included.
printf 'log line \377\376 and \033[2J\n' >"$TESTDIR/note"
expect_exit 0 cb note "$id" -F "$TESTDIR/note"
f=$(rgit ls-tree -r --name-only main | grep /notebook/ | head -1)
rgit cat-file blob "main:$f" | cmp -s - "$TESTDIR/note" || fail "the note's bytes changed"

# Nothing above left a broken incident behind.
expect_exit 0 cb list
lacks "$OUT" DAMAGED "a damaged incident"
expect_exit 0 cb check
exit 0
