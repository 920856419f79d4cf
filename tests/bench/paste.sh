#!/bin/sh
# How long a 5,000-character paste takes to arrive in a prompt (issue 9):
# run on demand, never part of make check.
#
#   sh tests/bench/paste.sh             (from the build folder)
#
# casebook on the demo store in a tmux pane of 120x40, the notebook's
# entry prompt open; for each of BENCH_RUNS runs (default 20) the time
# from tmux's paste-buffer -p (a bracketed paste) to the pane showing
# the paste's last characters, then the same with send-keys -l (a burst,
# as from a terminal without bracketed paste).  The prompt is emptied
# (Ctrl-u) between runs, never submitted.  The times include tmux's own
# work and the polling of capture-pane (about 1 ms a poll): they are an
# upper bound of casebook's.  Prints the median and the worst.
#
# Environment: CASEBOOK (default ./casebook), BENCH_RUNS.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
RUNS=${BENCH_RUNS:-20}
[ -x "$CASEBOOK" ] || { echo "paste.sh: $CASEBOOK: not built" >&2; exit 1; }
command -v tmux >/dev/null || { echo "paste.sh: tmux is needed" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset CASEBOOK_NOW VISUAL EDITOR || true
DIR=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-paste.XXXXXX")
SOCK=casebook-bench-$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
export HOME="$DIR/home" XDG_DATA_HOME="$DIR/xdg"
mkdir -p "$HOME"
"$CASEBOOK" --demo list >/dev/null
export CASEBOOK_STORE="$XDG_DATA_HOME/casebook-demo"

T new-session -d -s b -x 120 -y 40 \
    "env HOME=$HOME CASEBOOK_STORE=$CASEBOOK_STORE LC_ALL=C.UTF-8 TERM=tmux-256color $CASEBOOK"
until_shows() {
	while :; do
		case $(T capture-pane -p -t b) in *"$1"*) return 0 ;; esac
	done
}
until_gone() {
	while :; do
		case $(T capture-pane -p -t b) in *"$1"*) ;; *) return 0 ;; esac
	done
}
until_shows "1 Open"
T send-keys -t b : && T send-keys -t b -l "goto 2026-0006" && T send-keys -t b Enter
until_shows "2026-0006  P2P"
T send-keys -t b N
until_shows "Notebook 2026-0006"
T send-keys -t b a
until_shows "Entry:"

i=0
long=$(while [ $i -lt 333 ]; do printf 'block%03d 踏み台-x ' $i; i=$((i + 1)); done)
T set-buffer -b long "${long}END-OF-PASTE"
ms() { echo $(( $(date +%s%N) / 1000000 )); }

run() {	# run paste|burst: prints one time in ms
	T send-keys -t b C-u
	until_gone "END-OF-PASTE"
	t0=$(ms)
	if [ "$1" = paste ]; then
		T paste-buffer -p -b long -t b
	else
		T send-keys -t b -l "${long}END-OF-PASTE"
	fi
	until_shows "END-OF-PASTE"
	echo $(( $(ms) - t0 ))
}

for how in paste burst; do
	: >"$DIR/times"
	k=0
	while [ $k -lt "$RUNS" ]; do
		run $how >>"$DIR/times"
		k=$((k + 1))
	done
	sort -n "$DIR/times" | awk -v how="$how" '
		{ v[NR] = $1 }
		END { printf "%-6s 5,007 characters, %d runs: median %d ms, worst %d ms\n",
		    how, NR, v[int((NR + 1) / 2)], v[NR] }'
done
T send-keys -t b Escape Q 2>/dev/null || true
