# Bad input: a clear message, the right exit code, and nothing changed.
. "$(dirname "$0")/lib.sh"

# No store yet.
expect_exit 1 cb list
contains "$ERR" "no store here" "missing store"
contains "$ERR" "casebook init" "missing store suggests init"
mkdir "$TESTDIR/empty"
CASEBOOK_STORE="$TESTDIR/empty" expect_exit 1 cb list
contains "$ERR" "not a casebook store" "folder without a record"

expect_exit 0 cb init
expect_exit 0 cb new --title "target" --urgency normal
id=$OUT
tip=$(rgit rev-parse main)
unchanged() {
	[ "$(rgit rev-parse main)" = "$tip" ] || fail "$1: the record changed"
}

# Usage errors (2).
expect_exit 2 cb frobnicate
contains "$ERR" "unknown command 'frobnicate'" "unknown command"
expect_exit 2 cb new
contains "$ERR" "--title is required" "new without title"
expect_exit 2 cb new --title "x" --class worm
contains "$ERR" "unknown class 'worm'" "bad class"
expect_exit 2 cb new --title "x" --urgency urgent
contains "$ERR" "immediate, high, normal, low" "bad urgency lists values"
expect_exit 2 cb show 42
contains "$ERR" "'42' is not an incident id" "malformed id"
expect_exit 2 cb show "2026-0001/../../x"
expect_exit 2 cb set "$id" colour red
contains "$ERR" "unknown field 'colour'" "unknown field"
contains "$ERR" "title, urgency" "unknown field lists fields"
expect_exit 2 cb set "$id" phase done
contains "$ERR" "phase: 'done' is not a valid value" "bad phase"
expect_exit 2 cb set "$id" title ""
expect_exit 2 cb set "$id" title "$(printf 'a\033[2Jb')"
contains "$ERR" "control character" "control characters in a title"
expect_exit 2 cb note "$id" -m a -F b
expect_exit 2 cb list --phase nowhere
expect_exit 2 cb list --limit 0
expect_exit 2 cb search ""
unchanged "usage errors"

# Unknown ids (1).
expect_exit 1 cb show 2026-9999
contains "$ERR" "no incident 2026-9999" "unknown id"
expect_exit 1 cb set 2026-9999 urgency low
contains "$ERR" "no incident 2026-9999" "set on unknown id"
expect_exit 1 cb note 2026-9999 -m "lost?"
expect_exit 1 cb attach 2026-9999 /etc/hostname
expect_exit 1 cb log 2026-9999
expect_exit 1 cb note "$id" -F "$TESTDIR/does-not-exist"
contains "$ERR" "does-not-exist" "missing note file named"
expect_exit 1 cb attach "$id" "$TESTDIR/does-not-exist"
VISUAL=false expect_exit 1 cb note "$id"
contains "$ERR" "the editor 'false' failed (exit status 1); the text is kept in" "failing editor"
unchanged "unknown ids"

# An unreadable store (not as root: root reads everything).
if [ "$(id -u)" != 0 ]; then
	chmod 000 "$CASEBOOK_STORE"
	expect_exit 1 cb list
	contains "$ERR" "cannot read the store" "unreadable store"
	chmod 700 "$CASEBOOK_STORE"
fi

# A store written by a newer casebook is refused, not touched.
schema=$(sqlite3 "$CASEBOOK_STORE/index.db" "PRAGMA user_version")
sqlite3 "$CASEBOOK_STORE/index.db" "PRAGMA user_version=42" ||
	fail "cannot set the schema version"
expect_exit 1 cb list
contains "$ERR" "schema version 42" "newer schema"
contains "$ERR" "newer casebook" "newer schema advice"
expect_exit 1 cb note "$id" -m "must not land"
unchanged "newer schema"
[ "$(sqlite3 "$CASEBOOK_STORE/index.db" "PRAGMA user_version")" = 42 ] ||
	fail "the newer index was modified"

# A broken incident.json in the record is reported with its path.
sqlite3 "$CASEBOOK_STORE/index.db" "PRAGMA user_version=$schema"
expect_exit 0 cb check
exit 0
