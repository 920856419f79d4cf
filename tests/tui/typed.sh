# Nothing a person typed or pasted is lost, and nothing pasted acts as
# keys: a 5,000-character bracketed paste and the same as a burst of
# keys (a terminal without bracketed paste) arrive whole; a two-line
# paste full of letters that are keys makes one commit; a paste outside
# a prompt is dropped; Enter on an answer left as shown writes nothing;
# a wrong date is explained above the line and kept for correction, and
# a Japanese date accepted; Ctrl-C cancels a prompt and asks before
# quitting (exit 130); an editor that fails keeps the text and says
# where; another person's answer is replaced only when asked.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
# An editor that must not run: it leaves a mark.
cat >"$TESTDIR/editor" <<ED
#!/bin/sh
touch "$TESTDIR/editor-ran"
ED
chmod +x "$TESTDIR/editor"
export VISUAL="$TESTDIR/editor"
commits() { rgit rev-list --count main; }

# 5,000 characters: numbered blocks, Japanese among them, an end mark.
long=$(i=0; while [ $i -lt 333 ]; do printf 'block%03d 踏み台-x ' $i; i=$((i + 1)); done)END-OF-PASTE
[ "$(printf '%s' "$long" | wc -m)" = 5007 ] || fail "the long text is $(printf '%s' "$long" | wc -m) characters"

p2p_notebook p

# A bracketed paste into the entry prompt (tmux sends ESC[200~ ... only
# when casebook turned bracketed paste on).
before=$(commits)
keys a
wait_for "Entry:"
T set-buffer -b long "$long"
T paste-buffer -p -b long -t p
wait_for "END-OF-PASTE"
keys Enter
wait_for "Entry added"
[ "$(commits)" = $((before + 1)) ] || fail "the paste made $(($(commits) - before)) commits"
expect_exit 0 cb show 2026-0006
contains "$OUT" "$long" "the 5,000 characters are in the record, whole"

# Two lines full of keys: one entry, one commit, no editor, no ':' line.
before=$(commits)
keys a
wait_for "Entry:"
T set-buffer -b two "$(printf 'first line: e then :q and Q\nsecond: eeee NA:x')"
T paste-buffer -p -b two -t p
wait_for "2 lines, 45 characters"
keys Enter
wait_for "Entry added"
[ "$(commits)" = $((before + 1)) ] || fail "a two-line paste made $(($(commits) - before)) commits"
[ ! -e "$TESTDIR/editor-ran" ] || fail "a pasted e started the editor"
expect_exit 0 cb show 2026-0006
contains "$OUT" "$(printf 'first line: e then :q and Q\nsecond: eeee NA:x')" "both lines in one entry"

# The same outside a prompt: dropped, said so, nothing run.
before=$(commits)
T paste-buffer -p -b two -t p
wait_for "The paste was ignored"
contains "$SCREEN" "Notebook 2026-0006" "still the notebook"
[ "$(commits)" = "$before" ] || fail "a paste outside a prompt wrote"
[ ! -e "$TESTDIR/editor-ran" ] || fail "a pasted e started the editor"

# No bracketed paste: the text as a burst of keys, a line break inside.
before=$(commits)
keys a
wait_for "Entry:"
type_text "$(printf 'burst one e:q\nburst two %s' "$long")"
wait_for "END-OF-PASTE"
contains "$SCREEN" "2 lines" "the line break is in the text, not a submit"
keys Enter
wait_for "Entry added"
[ "$(commits)" = $((before + 1)) ] || fail "a burst made $(($(commits) - before)) commits"
expect_exit 0 cb show 2026-0006
contains "$OUT" "$(printf 'burst one e:q\nburst two %s' "$long")" "the burst is in the record, whole"
[ ! -e "$TESTDIR/editor-ran" ] || fail "a burst started the editor"

# The rows said above the line go with what they were about.
keys a
wait_for "Entry:"
T set-buffer -b xy "$(printf 'x\ny')"
T paste-buffer -p -b xy -t p
wait_for "2 lines, 3 characters"
keys BSpace BSpace
wait_gone "2 lines, 3 characters"
keys Escape

# Ctrl-C in a prompt cancels it; casebook stays.
before=$(commits)
keys a
wait_for "Entry:"
type_text "half a thought"
wait_for "half a thought"
keys C-c
wait_for "Cancelled (Ctrl-C): nothing was saved"
contains "$SCREEN" "Notebook 2026-0006" "still the notebook"
[ "$(commits)" = "$before" ] || fail "Ctrl-C saved"
# At the top it asks; n stays, y quits with 130.
keys C-c
wait_for "Quit casebook? y quits, any other key stays (y/n)"
keys n
wait_for "Not quitting"
keys C-c
wait_for "Quit casebook?"
keys y
wait_for "casebook exited 130"

# e in the notebook with an editor that fails: the text kept, where
# said; then SIGTERM: casebook ends with 143 and the terminal restored.
cat >"$TESTDIR/failing" <<ED
#!/bin/sh
printf 'called the NOC at 10:42; port shut\n' >"\$1"
exit 1
ED
chmod +x "$TESTDIR/failing"
VISUAL="$TESTDIR/failing"
p2p_notebook e
before=$(commits)
keys e
wait_for "failed (exit status 1); the text is kept in"
draft=$(ls "$HOME"/.local/state/casebook/drafts/*-note-2026-0006.md) || fail "no draft of the note"
contains "$(cat "$draft")" "called the NOC at 10:42; port shut" "the note's text kept"
[ "$(commits)" = "$before" ] || fail "a failed editor wrote"
contains "$SCREEN" "Notebook 2026-0006" "back in the notebook"
# The same draft at the command line: offered again, then saved.
printf '#!/bin/sh\nexit 0\n' >"$TESTDIR/ok-editor"
chmod +x "$TESTDIR/ok-editor"
VISUAL="$TESTDIR/ok-editor" expect_exit 0 cb note 2026-0006
contains "$ERR" "offered again" "the command line offers the TUI's draft"
[ ! -e "$draft" ] || fail "the draft stayed after the note was saved"
# Ctrl-o in the entry line with the failing editor: the typed text
# stays in the line, the failure is said above it; Enter still adds it.
keys a
wait_for "Entry:"
type_text "typed before the editor"
keys C-o
wait_for "failed (exit status 1); the text is kept in"
contains "$SCREEN" "Entry: typed before the editor" "the line keeps its text"
keys Enter
wait_for "Entry added"
[ "$(commits)" = $((before + 2)) ] || fail "expected the CLI's note and this entry"
expect_exit 0 cb show 2026-0006
contains "$OUT" "typed before the editor" "the entry in the record"
pid=$(ps -o pid= --ppid "$(T display-message -p -t e '#{pane_pid}')" | tr -d ' ')
[ -n "$pid" ] || fail "no casebook process in the pane"
kill -TERM "$pid"
wait_for "casebook exited 143"
VISUAL="$TESTDIR/editor"

# --- answers --------------------------------------------------------------
# In Tokyo's zone: dates typed are local.  An editor that fails the
# first time (its text kept), then shows what it got and adds a line.
cat >"$TESTDIR/flaky" <<ED
#!/bin/sh
if [ ! -e "$TESTDIR/flaky-failed" ]; then
	touch "$TESTDIR/flaky-failed"
	printf 'Unpatched WordPress plugin (wp-file-manager), 踏み台 found\n' >"\$1"
	exit 1
fi
cp "\$1" "$TESTDIR/flaky-given"
printf 'confirmed by the admin\n' >>"\$1"
ED
chmod +x "$TESTDIR/flaky"
export TZ=Asia/Tokyo VISUAL="$TESTDIR/flaky"
S=a
start a 120 40
wait_for "1 Open (5)"
keys :
type_text "goto 2026-0005"
keys Enter
wait_for "Phase: initial"

# A wrong date: the reason above the line, with accepted forms; the text
# kept for correction; then a Japanese form accepted, in local time.
before=$(commits)
keys Enter
wait_for 'Network cut-off ("now" or a date and time, e.g. 今日 15:00): now'
keys C-u
type_text "last tuesday"
keys Enter
wait_for "network_cutoff takes 'now' or when it was done, not 'last tuesday': e.g. 2026-12-01 15:00"
contains "$SCREEN" "Network cut-off (\"now\" or a date and time, e.g. 今日 15:00): last tuesday" "the text kept in the line"
[ "$(commits)" = "$before" ] || fail "a wrong date wrote"
keys C-u
type_text "2026年11月25日 15時30分"
keys Enter
wait_for "Saved network_cutoff = 2026-11-25T15:30:00+09:00"
[ "$(commits)" = $((before + 1)) ] || fail "expected one commit for the date"

# Enter on another person's answer asks first, naming them; n changes
# nothing; y opens it; Enter on it unedited writes nothing.
keys j
wait_for "Host information and how it is operated (host_profile"
before=$(commits)
keys Enter
wait_for "Host information and how it is operated is yamada's answer. Replace it? (y/n)"
keys n
wait_for "Not done: nothing was changed"
keys Enter
wait_for "yamada's answer. Replace it?"
keys y
wait_for "Host information and how it is operated: "
contains "$(line 39)" "長く更新されていない" "the answer in the line, cursor at its end"
keys Enter
wait_for "host_profile unchanged: nothing was written"
[ "$(commits)" = "$before" ] || fail "an unedited Enter wrote"
expect_exit 0 cb checklist 2026-0005
contains "$OUT" "host_profile         *answered  理学院 化学系の研究室の WordPress サーバ。管理者は博士課程の学生。WordPress 本体もプラグインも長く更新されていない (yamada," "the answer as it was, whole"

# E: a text answer in the editor; it fails, the text is kept and where
# is said; E again offers it, and the answer is saved.
keys j j j j
wait_for "Cause of the incident (root_cause"
keys E
wait_for "the text is kept in"
draft=$(ls "$HOME"/.local/state/casebook/drafts/*-answer-2026-0005-root_cause.md) ||
	fail "no draft of the answer"
contains "$(cat "$draft")" "wp-file-manager" "the draft holds the text"
[ "$(commits)" = "$before" ] || fail "a failed editor wrote"
keys M
wait_for "Messages, newest first"
contains "$SCREEN" "failed (exit status 1); the text is kept in" "the message whole in the log"
contains "$SCREEN" "$(basename "$draft") and offered" "the draft named whole in the log"
keys q
wait_for "Phase: initial"
keys E
wait_for "Saved root_cause = "
contains "$(cat "$TESTDIR/flaky-given")" "wp-file-manager" "the editor was given the kept text"
[ ! -e "$draft" ] || fail "the draft stayed after the save"
expect_exit 0 cb checklist 2026-0005
contains "$OUT" "Unpatched WordPress plugin (wp-file-manager), 踏み台 found" "the answer in the record"
contains "$OUT" "confirmed by the admin" "with the line added"

# U withdraws an answer, asked first (naming whose), with a reason; the
# item is unanswered again and the commit says so.
before=$(commits)
keys U
wait_for "Withdraw your answer to Cause of the incident? The history keeps it. (y/n)"
keys y
wait_for "Why withdraw the answer to Cause of the incident?"
type_text "written for the wrong host"
keys Enter
wait_for "Withdrawn: root_cause is unanswered again"
[ "$(commits)" = $((before + 1)) ] || fail "a withdrawal is one commit"
state_is 2026-0005 root_cause ready
contains "$(rgit log -1 --format=%B main)" "2026-0005: withdraw root_cause: written for the wrong host" "the commit says what and why"
contains "$(rgit log -1 --format=%B main)" "Casebook-Action: withdraw" "the commit's action"
keys k k k k
wait_for "Host information and how it is operated (host_profile"
keys U
wait_for "Withdraw yamada's answer to Host information and how it is operated?"
keys Escape
wait_for "Not done: nothing was changed"
[ "$(commits)" = $((before + 1)) ] || fail "a withdrawal not confirmed wrote"
quit

# Ctrl-C closes a chooser as it does a prompt.
S=c
start c 120 40
wait_for "1 Open (5)"
keys G Enter
wait_for "2026-0006  P2P"
keys Enter
wait_for "A report from a user on campus  (user_report)"
keys C-c
wait_for "Cancelled (Ctrl-C): nothing was saved"
lacks "$SCREEN" "A report from a user on campus  (user_report)" "the chooser closed"
contains "$SCREEN" "2026-0006  P2P" "back on the incident"

# A title too long is refused above the line, in characters, and kept.
before=$(commits)
keys :
type_text "new"
keys Enter
wait_for "Title of the new incident:"
T set-buffer -b title "$(i=0; while [ $i -lt 301 ]; do printf '踏'; i=$((i + 1)); done)"
T paste-buffer -p -b title -t c
keys Enter
wait_for "title: too long (301 characters, at most 300); nothing was written"
contains "$SCREEN" "Title of the new incident: 踏踏踏" "the title kept in the line"
[ "$(commits)" = "$before" ] || fail "a refused title wrote"
keys Escape
wait_gone "Title of the new incident:"
quit

# --- refusals ---------------------------------------------------------------
# A viewer is told before typing, whole, in plain words that point to no
# command a viewer may not run; the message log keeps it whole.
export TZ=UTC
expect_exit 0 cb role "$(id -un)" viewer
S=v
start v 80 24
wait_for "1 Open (5)"
keys G Enter
wait_for "2026-0006  P2P"
keys N
wait_for "ダッシュボードの P2P 検知"
keys a
wait_for "You are a viewer in this store"
lacks "$SCREEN" "Entry:" "no prompt opened for a viewer"
contains "$SCREEN" "[M: whole]" "a cut message says where it is whole"
keys M
wait_for "A CERT member (tech) can give you a role."
contains "$SCREEN" "You are a viewer in this store: you can read everything, but not
change anything. A CERT member (tech) can give you a role." "whole"
lacks "$SCREEN" "casebook role" "no command the viewer may not run"
keys q q
wait_for "2026-0006  P2P"
keys Enter
wait_for "You are a viewer in this store"
lacks "$SCREEN" "Enter chooses" "no chooser for a viewer"

# The store taken away while casebook runs: said so, not "viewer".
mv "$DEMO" "$DEMO.away"
keys Enter
wait_for "The store is gone or unreadable"
lacks "$SCREEN" "You are a viewer" "a vanished store is not a role"
keys M
wait_for "($DEMO): nothing was changed"
keys q
mv "$DEMO.away" "$DEMO"
quit

# The same in Japanese, whole.
export LANGUAGE=ja
S=j
start j 120 40
wait_for "1 対応中 (5)"
keys G Enter N
wait_for "ノート 2026-0006"
keys a
wait_for "このストアでは閲覧者です。すべて読めますが、変更はできません。役割は CERT のメンバー (tech) に付けてもらえます。"
keys C-c
wait_for "casebook を終了しますか? y で終了、ほかのキーで続けます (y/n)"
keys C-c
wait_for "casebook exited 130"
