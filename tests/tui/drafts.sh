# Long texts are not lost to Esc, and one draft is written by one
# casebook at a time: Esc (or Ctrl-C) on a long text asks before
# throwing it away, any other key goes back to it; 'casebook note' and
# the notebook's e on the same incident share a draft, and while one
# has it in an editor the other is told so, before anything is written.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
commits() { rgit rev-list --count main; }
long="Called the department at 10:40; the lab's admin will unplug the PC and call back"

p2p_notebook p
before=$(commits)

# A short text goes at once.
keys a
wait_for "Entry:"
type_text "ok"
keys Escape
wait_gone "Entry: ok"
lacks "$SCREEN" "Throw away" "a short text is not asked about"

# A long one asks; another key goes back to the text, which Enter saves.
keys a
wait_for "Entry:"
type_text "$long"
keys Escape
wait_for "Throw away the 80 characters typed? y (or Esc again) throws them away; any other key goes back to the text"
keys n
wait_gone "Throw away"
contains "$SCREEN" "call back" "the text is still in the line"
keys Enter
wait_for "Entry added"
[ "$(commits)" = $((before + 1)) ] || fail "the kept text made $(($(commits) - before)) commits"
expect_exit 0 cb show 2026-0006
contains "$OUT" "$long" "the text kept after Esc is in the record"

# y throws it away; so does Esc twice, and Ctrl-C twice.
keys a
wait_for "Entry:"
type_text "$long"
keys Escape
wait_for "Throw away the 80 characters"
keys y
wait_for "Thrown away: nothing was saved"
keys a
wait_for "Entry:"
type_text "$long"
keys Escape
wait_for "Throw away the 80 characters"
keys Escape
wait_for "Thrown away: nothing was saved"
keys a
wait_for "Entry:"
type_text "$long"
# Ctrl-C is a signal, which overtakes text not yet read: a person
# presses it on what they see.
wait_for "call back"
keys C-c
wait_for "y (or Ctrl-C again) throws them away"
contains "$SCREEN" "Notebook 2026-0006" "Ctrl-C on a long text stays in the notebook"
keys C-c
wait_for "Cancelled (Ctrl-C): nothing was saved"
[ "$(commits)" = $((before + 1)) ] || fail "a text thrown away wrote"

# An editor that writes its text, then waits for the test to let it go.
cat >"$TESTDIR/slow-editor" <<ED
#!/bin/sh
printf '%s\n' "\${SLOW_TEXT:-written in the slow editor}" >"\$1"
i=0
while [ ! -e "$TESTDIR/go" ] && [ \$i -lt 200 ]; do sleep 0.1; i=\$((i + 1)); done
rm -f "$TESTDIR/go"
exit 0
ED
chmod +x "$TESTDIR/slow-editor"
printf '#!/bin/sh\necho "written on the command line" >"$1"\n' >"$TESTDIR/quick-editor"
chmod +x "$TESTDIR/quick-editor"

# The TUI's e has the draft in its editor: casebook note is refused,
# saying why and where, and writes nothing; the TUI's text is saved.
export VISUAL="$TESTDIR/slow-editor" SLOW_TEXT="from the notebook's e"
p2p_notebook e
before=$(commits)
keys e
draft=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	draft=$(ls "$HOME"/.local/state/casebook/drafts/*-note-2026-0006.md 2>/dev/null) && break
	sleep 0.1
done
[ -n "$draft" ] || fail "the TUI's editor made no draft"
VISUAL="$TESTDIR/quick-editor" expect_exit 3 cb note 2026-0006
contains "$ERR" "this text is being written in another casebook (process" "the command line is told"
contains "$ERR" "$draft" "and where the draft is"
contains "$ERR" "nothing was changed" "and that nothing was written"
lacks "$ERR" "offered again" "the other's draft is not offered as this one's"
contains "$(cat "$draft")" "from the notebook's e" "the TUI's draft is untouched"
touch "$TESTDIR/go"
wait_for "Entry added"
[ "$(commits)" = $((before + 1)) ] || fail "expected the TUI's entry alone"
expect_exit 0 cb show 2026-0006
contains "$OUT" "from the notebook's e" "the TUI's entry"
lacks "$OUT" "written on the command line" "nothing from the refused command"

# The other way: casebook note has it in its editor; e says so on screen.
SLOW_TEXT="from casebook note" "$CASEBOOK" note 2026-0006 >"$TESTDIR/note.out" 2>&1 &
notepid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$draft" ] && break
	sleep 0.1
done
[ -s "$draft" ] || fail "casebook note made no draft"
keys e
wait_for "this text is being written in another casebook"
contains "$SCREEN" "Notebook 2026-0006" "the TUI stays in the notebook"
touch "$TESTDIR/go"
wait "$notepid" || fail "casebook note failed: $(cat "$TESTDIR/note.out")"
[ "$(commits)" = $((before + 2)) ] || fail "expected the command line's entry"
expect_exit 0 cb show 2026-0006
contains "$OUT" "from casebook note" "the command line's entry"
quit
exit 0
