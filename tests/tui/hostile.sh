# What another member can plant does not hang the TUI: a FIFO named as
# the store's tui.theme or given as --theme (the default theme is used,
# with the reason).  A second SIGTERM or SIGHUP ends the TUI at once,
# even inside a long operation that does not return to the loop (here:
# waiting for an editor that does not exit); the first alone leaves it
# waiting.  Escapes written into the record with git (a commit's author
# and Casebook-Action trailer, a checklist's answers and suggestions, a
# sidecar, a note) leave the terminal's title and clipboard alone on
# every screen, and show visibly.  The limits below only turn a hang
# into a failure.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "signals"
cat >"$TESTDIR/editor" <<ED
#!/bin/sh
echo \$\$ >"$TESTDIR/editor.pid"
exec sleep 120
ED
chmod +x "$TESTDIR/editor"
export VISUAL="$TESTDIR/editor"
trap 'T kill-server >/dev/null 2>&1; [ -f "$TESTDIR/editor.pid" ] && kill "$(cat "$TESTDIR/editor.pid")" 2>/dev/null; rm -rf "$TESTDIR"' EXIT

# pid_of_casebook: the casebook run by the pane's shell.
pid_of_casebook() {
	pane=$(T display -p -t "$S" '#{pane_pid}')
	ps -o pid= -o comm= --ppid "$pane" | awk '$2 == "casebook" { print $1 }'
}
alive() { kill -0 "$1" 2>/dev/null; }
# gone PID SECONDS: waits until the process is gone, or fails.
gone() {
	i=0
	while alive "$1"; do
		[ $i -lt $(($2 * 20)) ] || fail "casebook ($1) still runs after ${2}s"
		sleep 0.05
		i=$((i + 1))
	done
}

mkfifo "$TESTDIR/fifo"
S=f
start f 100 30 --theme "$TESTDIR/fifo"
wait_for "not a regular file (a FIFO)" 10
contains "$SCREEN" "Default theme used: " "a FIFO as --theme"
contains "$SCREEN" "signals" "the queue is shown"
quit
printf '[tui]\n\ttheme = %s\n' "$TESTDIR/fifo" >>"$CASEBOOK_STORE/config"
S=g
start g 100 30
wait_for "not a regular file (a FIFO)" 10
contains "$SCREEN" "signals" "a FIFO as the store's tui.theme"
quit
git config -f "$CASEBOOK_STORE/config" --unset tui.theme

for sig in TERM HUP; do
	S=s$sig
	rm -f "$TESTDIR/editor.pid"
	start "$S" 100 30
	wait_for "signals"
	keys Enter
	wait_for "2026-0001"
	keys N
	wait_for "Notebook 2026-0001"
	keys e
	i=0
	while [ ! -s "$TESTDIR/editor.pid" ]; do
		[ $i -lt 200 ] || fail "the editor did not start"
		sleep 0.05
		i=$((i + 1))
	done
	pid=$(pid_of_casebook)
	[ -n "$pid" ] || fail "no casebook under the pane"
	kill -s "$sig" "$pid"
	sleep 0.5
	alive "$pid" || fail "one SIG$sig ended casebook inside the editor's wait (expected: it waits)"
	kill -s "$sig" "$pid"
	gone "$pid" 10
	kill "$(cat "$TESTDIR/editor.pid")" 2>/dev/null
	T kill-session -t "$S"
done

# The record written with git.
expect_exit 0 cb role "$(id -un)" tech
expect_exit 0 cb answer 2026-0001 source alert
printf 'x' >"$TESTDIR/ev"
expect_exit 0 cb attach 2026-0001 "$TESTDIR/ev"
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
d="$WT/incidents/2026/00/2026-0001"
J='\u001b]0;PWNED\u0007\u001b]52;c;cHduZWQ=\u0007\u009b'
pb=$(sed -n 's/^  "playbook": "\([0-9a-f]*\)",*$/\1/p' "$d/checklist.json")
cat >"$d/checklist.json" <<EOJ
{
  "answers": {
    "source": {"value": "alert", "by": "by$J", "at": "at$J", "playbook": "$pb"}
  },
  "playbook": "$pb",
  "progress": {"done": 1, "phase": "intake", "required": 2, "waiting": ""},
  "suggestions": [{"key": "other/k$J", "effect": "e$J", "value": "v$J",
    "status": "open", "at": "a$J", "by": "b$J"}]
}
EOJ
side=$(cd "$d/evidence" && ls ./*.json | head -1)
cat >"$d/evidence/$side" <<EOJ
{"at": "at$J", "by": "by$J", "name": "name$J", "sha256": "s$J", "size": 1}
EOJ
E=$(printf '\033') BEL=$(printf '\007')
mkdir -p "$d/notebook"
printf 'note %s]0;PWNED%s %s]52;c;cHduZWQ=%s \302\233 \233 end\n' "$E" "$BEL" "$E" "$BEL" \
	>"$d/notebook/20261126T120000.000000Z-${E}]0;PWNED${BEL}.md"
git -C "$WT" add -A || fail "git add"
tree=$(git -C "$WT" write-tree)
printf 'sum %s]0;PWNED%s\n\nCasebook-Incident: 2026-0001\nCasebook-Action: a%s]52;c;cHduZWQ=%s\n' \
	"$E" "$BEL" "$E" "$BEL" >"$TESTDIR/msg"
c=$(GIT_AUTHOR_NAME="M${E}]0;PWNED${BEL}" GIT_AUTHOR_EMAIL=m@example.org \
	GIT_COMMITTER_NAME=M GIT_COMMITTER_EMAIL=m@example.org \
	git -C "$WT" commit-tree "$tree" -p HEAD -F "$TESTDIR/msg")
git -C "$WT" update-ref refs/heads/main "$c" && git -C "$WT" push -q origin main ||
	fail "git push"

S=h
start h 120 40
wait_for "signals"
T set-option -g set-clipboard on
title=$(T display-message -p -t h '#{pane_title}')
harmless() {	# harmless WHAT: title and clipboard as they were
	[ "$(T display-message -p -t h '#{pane_title}')" = "$title" ] ||
		fail "$1: the pane title changed to '$(T display-message -p -t h '#{pane_title}')'"
	[ -z "$(T list-buffers)" ] || fail "$1: a paste buffer appeared: $(T list-buffers)"
}
harmless "the queue"
keys Enter
wait_for "2026-0001"
wait_for "^[]0;PWNED^G"
harmless "the incident"
keys N
wait_for "Notebook 2026-0001"
wait_for "note ^[]0;PWNED^G"
harmless "the notebook"
keys G Enter
settle
harmless "the pager"
keys q
keys q
wait_for "2026-0001"
keys H
wait_for "M^[]0;PWNED    a^[]52;c;"
harmless "the history"
keys q
keys S
type_text "note"
keys Enter
settle
harmless "the search"
quit
exit 0
