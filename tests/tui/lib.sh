# Shared by the screen tests: the real casebook in a real terminal
# (tmux), a fixed size, locale and clock, the screen captured as text
# and compared with what the test expects.
#
# Each test gets its own tmux server (-L casebook-test-PID, no config
# file), killed on exit whatever happens, and its own store and HOME
# (tests/cmd/lib.sh).  Nothing sleeps blindly: wait_for polls the
# captured screen until the expected text is there, and fails after a
# timeout showing the screen it got.
. "$(dirname "$0")/../cmd/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }

SOCK=casebook-test-$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$TESTDIR"' EXIT

# The demo's cases are dated relative to now: a fixed clock fixes the
# ages shown (2026-11-26T12:00:00Z).
export CASEBOOK_NOW=1795694400
export XDG_DATA_HOME="$TESTDIR/xdg" XDG_CONFIG_HOME="$TESTDIR/config"
unset NO_COLOR CASEBOOK_THEMES LANGUAGE LC_MESSAGES
: "${TUI_TERM:=tmux-256color}"

# start NAME COLS ROWS ARGS...: casebook ARGS in a new tmux session
# NAME (the first starts the server).  casebook gets exactly the test's
# environment at the time of the call (not the tmux server's), with
# TERM=$TUI_TERM.  The pane stays after casebook exits, with its exit
# status shown, so a crash can be seen.
start() {
	name=$1 cols=$2 rows=$3
	shift 3
	: >"$TESTDIR/args.$name"
	[ $# -eq 0 ] || printf '%s\n' "$@" >"$TESTDIR/args.$name"
	sh=${BASH:-/bin/sh}
	export -p >"$TESTDIR/env.$name"
	cat >"$TESTDIR/run.$name" <<EOF
. "$TESTDIR/env.$name"
export TERM=$TUI_TERM
set --
while IFS= read -r a; do set -- "\$@" "\$a"; done <"$TESTDIR/args.$name"
"$CASEBOOK" "\$@" 2>"$TESTDIR/stderr.$name"
echo "casebook exited \$?"
exec sleep 600
EOF
	T new-session -d -s "$name" -x "$cols" -y "$rows" \
	    "env -i $sh $TESTDIR/run.$name" || fail "tmux: cannot start a session"
}

screen() { T capture-pane -p -t "${1:-$S}"; }

# keys ARGS...: tmux send-keys to the current session ($S).
keys() { T send-keys -t "$S" "$@"; }
# type TEXT: literal text (no key names).
type_text() { T send-keys -t "$S" -l "$1"; }

# settle: until two captures 50 ms apart agree, so that a screen caught
# in the middle of an update (tmux shows output as it arrives) is not
# what the next assertion reads.  SCREEN holds the settled screen.
settle() {
	k=0
	while [ $k -lt 40 ]; do
		sleep 0.05
		again=$(screen)
		[ "$again" = "$SCREEN" ] && return 0
		SCREEN=$again
		k=$((k + 1))
	done
}

# wait_for TEXT [SECONDS]: until the screen of $S contains TEXT, then
# until it settles.
wait_for() {
	want=$1 limit=${2:-5}
	i=0
	while [ $i -lt $((limit * 20)) ]; do
		SCREEN=$(screen)
		case $SCREEN in *"$want"*) settle; return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	fail "waited ${limit}s for '$want' on the screen of $S; it shows:
$SCREEN
stderr: $(cat "$TESTDIR/stderr.$S" 2>/dev/null)"
}

# wait_gone TEXT [SECONDS]: until the screen no longer contains TEXT.
wait_gone() {
	gone=$1 limit=${2:-5}
	i=0
	while [ $i -lt $((limit * 20)) ]; do
		SCREEN=$(screen)
		case $SCREEN in *"$gone"*) ;; *) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	fail "waited ${limit}s for '$gone' to go from the screen of $S:
$SCREEN"
}

# line N: row N (0-based) of the last screen captured.
line() { printf '%s\n' "$SCREEN" | sed -n "$(($1 + 1))p"; }

# expect_line N TEXT: row N of the last screen is exactly TEXT (after
# trailing blanks, which capture-pane drops).
expect_line() {
	got=$(line "$1")
	[ "$got" = "$2" ] || fail "row $1:
expected: '$2'
got:      '$got'
screen:
$SCREEN"
}

# width TEXT: display columns (wcwidth) of TEXT, from wc -L in UTF-8.
width() { printf '%s\n' "$1" | wc -L; }

# The demo store, made once per test (outside the terminal).
demo_store() {
	"$CASEBOOK" --demo list >/dev/null 2>&1 || fail "cannot make the demo store"
	DEMO=$XDG_DATA_HOME/casebook-demo
}

# p2p_notebook NAME: a session NAME of 120x40 on the demo, at the
# notebook of 2026-0006 (the last row of the queue); S is NAME.
p2p_notebook() {
	S=$1
	start "$1" 120 40
	wait_for "1 Open (5)"
	keys G Enter
	wait_for "2026-0006  P2P"
	keys N
	wait_for "Notebook 2026-0006"
}

# quit: Q, then the pane says how casebook exited.
quit() {
	keys Q
	wait_for "casebook exited 0"
}
