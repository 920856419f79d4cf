# The notebook: a short entry typed in place, a long one written in
# $VISUAL (a fake editor script, run without a shell), a file attached
# with its size and SHA-256; then a note full of terminal escapes shown
# visibly and harmlessly: the terminal's title and clipboard unchanged.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
cat >"$TESTDIR/editor" <<'ED'
#!/bin/sh
# A fake editor: writes the entry into the file it was given.
[ $# -eq 1 ] || { echo "editor: got $# arguments" >&2; exit 3; }
printf 'Long entry from the editor\nsecond line: 踏み台 check\n' >"$1"
ED
chmod +x "$TESTDIR/editor"
export VISUAL="$TESTDIR/editor"
printf 'hello\n' >"$TESTDIR/evidence.txt"
sha=$(sha256sum "$TESTDIR/evidence.txt" | cut -d' ' -f1)
before=$(rgit rev-list --count main)

S=n
start n 120 40
wait_for "1 Open (5)"
keys G Enter
wait_for "2026-0006  P2P"
keys N
wait_for "Notebook 2026-0006"

keys a
wait_for "Entry:"
type_text "called the lab: the PC is switched off"
keys Enter
wait_for "Entry added"
wait_for "called the lab: the PC is switched off"

keys e
wait_for "Long entry from the editor"
contains "$SCREEN" "second line: 踏み台 check" "the editor's second line"
contains "$SCREEN" "Notebook 2026-0006" "the screen is back after the editor"

keys A
wait_for "Attach the file at path:"
type_text "$TESTDIR/evidence.txt"
keys Enter
wait_for "Attached"
wait_for "evidence.txt"
contains "$SCREEN" "6  $sha" "the attachment's size and SHA-256"

after=$(rgit rev-list --count main)
[ "$after" = $((before + 3)) ] || fail "expected 3 new commits, got $((after - before))"
expect_exit 0 cb show 2026-0006
contains "$OUT" "Long entry from the editor" "the long entry is in the record"
quit

# A hostile note: clear screen, OSC 52 clipboard write, OSC 0 title,
# a C1 CSI, a bidi override, DEL.
hostile=$(printf 'A\033[2JB \033]52;c;cHduZWQ=\007 \033]0;PWNED\007 \302\233 \342\200\256evil\342\200\254 \177 end')
expect_exit 0 cb note 2026-0005 -m "$hostile"
S=h
start h 120 40
wait_for "1 Open (5)"
T set-option -g set-clipboard on
title=$(T display-message -p -t h '#{pane_title}')
keys j j j Enter
wait_for "2026-0005  JPCERT/CC"
keys N
wait_for "A^[[2JB ^[]52;c;cHduZWQ=^G ^[]0;PWNED^G <U+009B> <U+202E>evil<U+202C> ^? end"
contains "$SCREEN" "Notebook 2026-0005" "the header is still there"
[ "$(T display-message -p -t h '#{pane_title}')" = "$title" ] ||
	fail "the pane title changed to '$(T display-message -p -t h '#{pane_title}')'"
[ -z "$(T list-buffers)" ] || fail "a paste buffer appeared: $(T list-buffers)"
# The entry whole, in the pager, is as harmless.
keys G
keys Enter
wait_for "Text 2026-0005"
contains "$SCREEN" "<U+202E>evil" "the pager shows the bidi override"
[ "$(T display-message -p -t h '#{pane_title}')" = "$title" ] || fail "the pane title changed"
[ -z "$(T list-buffers)" ] || fail "a paste buffer appeared"
quit
