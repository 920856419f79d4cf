#!/bin/sh
# The terminal UI's figures: make bench-tui (never part of make check).
#
# Makes a record of 100,000 incidents with 10 notebook entries each
# (1,000,000 entries; bench-tui gen, libgit2 in one commit as casebook
# would have written them), indexes it with 'casebook reindex', then
# drives the real casebook in a pseudo-terminal of 120x40 (bench-tui
# drive) and prints each figure as a "name: value unit" line.
#
# Environment: CASEBOOK, BENCH_TUI (the programs); BENCH_TMP (where the
# store goes, default $TMPDIR or /var/tmp; ~1 GB); BENCH_KEEP=1 keeps it;
# BENCH_STORE=DIR uses a store made before (skips gen and reindex);
# BENCH_N and BENCH_NOTES change the size.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_TUI=${BENCH_TUI:-$PWD/tests/bench/bench-tui}
N=${BENCH_N:-100000}
NOTES=${BENCH_NOTES:-10}
for p in "$CASEBOOK" "$BENCH_TUI"; do
	[ -x "$p" ] || { echo "bench-tui: $p: not built (make casebook tests/bench/bench-tui)" >&2; exit 1; }
done
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset CASEBOOK_NOW CASEBOOK_STORE VISUAL EDITOR NO_COLOR || true

echo "# casebook bench-tui: $($CASEBOOK --version), $(nproc 2>/dev/null || echo '?') CPUs, $(uname -sr)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ -n "${BENCH_STORE:-}" ]; then
	S=$BENCH_STORE
	echo "# the store made before: $S"
else
	base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
	mkdir -p "$base"
	T=$(mktemp -d "$base/casebook-bench-tui.XXXXXX")
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		trap 'echo "bench-tui: kept $T" >&2' EXIT
	else
		trap 'rm -rf "$T"' EXIT
	fi
	trap 'exit 130' INT TERM
	export HOME="$T/home"
	mkdir -p "$HOME"
	S=$T/store
	echo "# $N incidents (85% closed) with $NOTES notebook entries each, in $S"
	"$BENCH_TUI" gen "$S" "$N" "$NOTES"
	start=$(date +%s.%N)
	"$CASEBOOK" --store "$S" reindex >/dev/null
	echo "reindex.time: $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
fi
echo "# index: $(du -sh "$S/index.db" | cut -f1), record: $(du -sh "$S/record.git" | cut -f1)"
echo "# casebook in a 120x40 pseudo-terminal (TERM=xterm-256color); a key's time runs from"
echo "# its write to the last byte of the screen update (20 ms of quiet ends an update)."
"$BENCH_TUI" drive "$CASEBOOK" "$S"
echo "# targets: first screen < 100 ms, key to screen < 16 ms, peak RSS < 40 MiB"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
