# A failing editor keeps the text: casebook note with an editor that
# writes and exits 1 keeps the text in the user's draft, says where,
# adds nothing; the next casebook note offers the draft again, and once
# the note is saved the draft is gone.  Another store's incident of the
# same id has a draft of its own.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "draft test"
id=$OUT
before=$(rgit rev-list --count main)

cat >"$TESTDIR/bad-editor" <<'ED'
#!/bin/sh
printf 'Phoned the lab at 10:40: 佐藤さん says the PC is off\n' >"$1"
exit 1
ED
cat >"$TESTDIR/good-editor" <<'ED'
#!/bin/sh
# Shows what it was given, then adds a line.
cp "$1" "$TESTDIR/given"
printf 'second thoughts\n' >>"$1"
ED
sed -i "s|\$TESTDIR|$TESTDIR|" "$TESTDIR/good-editor"
chmod +x "$TESTDIR/bad-editor" "$TESTDIR/good-editor"

VISUAL="$TESTDIR/bad-editor" expect_exit 1 cb note "$id"
contains "$ERR" "failed (exit status 1); the text is kept in $HOME/.local/state/casebook/drafts/" "the draft named"
draft=$(ls "$HOME"/.local/state/casebook/drafts/*-note-"$id".md) || fail "no draft file"
contains "$(cat "$draft")" "佐藤さん says the PC is off" "the draft holds the text"
[ "$(stat -c %a "$HOME/.local/state/casebook/drafts")" = 700 ] || fail "the drafts folder is not private"
[ "$(rgit rev-list --count main)" = "$before" ] || fail "a failed editor added a commit"

# Again with a failing editor: still kept, nothing lost or doubled.
VISUAL="$TESTDIR/bad-editor" expect_exit 1 cb note "$id"
contains "$ERR" "offered again" "offered again"

VISUAL="$TESTDIR/good-editor" expect_exit 0 cb note "$id"
contains "$ERR" "the note not saved last time is offered again" "the offer said"
contains "$(cat "$TESTDIR/given")" "佐藤さん says the PC is off" "the editor got the draft"
[ ! -e "$draft" ] || fail "the draft is still there after the note was saved"
expect_exit 0 cb show "$id"
contains "$OUT" "佐藤さん says the PC is off" "the kept text is in the record"
contains "$OUT" "second thoughts" "with what was added"
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "expected one new commit"

# XDG_STATE_HOME is followed; another store has drafts of its own.
export XDG_STATE_HOME="$TESTDIR/state"
VISUAL="$TESTDIR/bad-editor" expect_exit 1 cb note "$id"
contains "$ERR" "$TESTDIR/state/casebook/drafts/" "XDG_STATE_HOME"
CASEBOOK_STORE="$TESTDIR/other" expect_exit 0 cb init
CASEBOOK_STORE="$TESTDIR/other" expect_exit 0 cb new --title "other"
VISUAL="$TESTDIR/good-editor" CASEBOOK_STORE="$TESTDIR/other" expect_exit 0 cb note "$id"
lacks "$ERR" "offered again" "another store's draft"
lacks "$(cat "$TESTDIR/given")" "佐藤さん" "another store's draft"
