# What another member can plant does not hang the TUI: a FIFO named as
# the store's tui.theme or given as --theme (the default theme is used,
# with the reason).  A second SIGTERM or SIGHUP ends the TUI at once,
# even inside a long operation that does not return to the loop (here:
# waiting for an editor that does not exit); the first alone leaves it
# waiting.  The limits below only turn a hang into a failure.
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
exit 0
