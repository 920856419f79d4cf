#!/bin/sh
# The Alerts screen's figures: make bench-alerts-tui (never part of make
# check).
#
# Makes a store with BENCH_ALERTS (default 1,000,000) alerts in its index:
# casebook's own alert lines from gen-alerts.py (1,000 hosts, 50
# signatures over 24 hours) taken in with 'casebook ingest', then drives
# the real casebook in a pseudo-terminal of 120x40 (bench-tui
# drive-alerts) and prints each figure as a "name: value unit" line.
#
# Environment: CASEBOOK, BENCH_TUI (the programs); BENCH_TMP (where the
# store goes, default $TMPDIR or /var/tmp; ~1 GB); BENCH_KEEP=1 keeps it;
# BENCH_STORE=DIR uses a store made before; BENCH_WINDOW=30s groups with
# that window instead of alerts.yaml's 2 h (30s: every alert its own
# group, 1,000,000 groups to page through).
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_TUI=${BENCH_TUI:-$PWD/tests/bench/bench-tui}
SRC=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${BENCH_ALERTS:-1000000}
for p in "$CASEBOOK" "$BENCH_TUI"; do
	[ -x "$p" ] || { echo "bench-alerts-tui: $p: not built (make casebook tests/bench/bench-tui)" >&2; exit 1; }
done
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset CASEBOOK_NOW CASEBOOK_STORE VISUAL EDITOR NO_COLOR || true

echo "# casebook bench-alerts-tui: $($CASEBOOK --version), $(nproc 2>/dev/null || echo '?') CPUs, $(uname -sr)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ -n "${BENCH_STORE:-}" ]; then
	S=$BENCH_STORE
	echo "# the store made before: $S"
else
	base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
	mkdir -p "$base"
	T=$(mktemp -d "$base/casebook-bench-alerts-tui.XXXXXX")
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		trap 'echo "bench-alerts-tui: kept $T" >&2' EXIT
	else
		trap 'rm -rf "$T"' EXIT
	fi
	trap 'exit 130' INT TERM
	export HOME="$T/home"
	mkdir -p "$HOME"
	S=$T/store
	"$CASEBOOK" --store "$S" init >/dev/null
	if [ -n "${BENCH_WINDOW:-}" ]; then
		mkdir -p "$S/playbooks"
		printf 'version: 1\ngroup_by: [src, signature]\nwindow: %s\n' \
		    "$BENCH_WINDOW" >"$S/playbooks/alerts.yaml"
		echo "# grouped by src and signature within $BENCH_WINDOW"
	fi
	python3 "$SRC/tests/bench/gen-alerts.py" json "$N" >"$T/alerts.jsonl"
	start=$(date +%s.%N)
	"$CASEBOOK" --store "$S" ingest "$T/alerts.jsonl" >/dev/null
	echo "ingest.time: $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
	rm -f "$T/alerts.jsonl"
fi
echo "# index: $(du -sh "$S/index.db" | cut -f1); $(sqlite3 "$S/index.db" \
	"SELECT count(*) FROM alerts") alerts in $(sqlite3 "$S/index.db" \
	"SELECT count(*) FROM alert_groups") groups"
echo "# casebook in a 120x40 pseudo-terminal (TERM=xterm-256color); a key's time runs from"
echo "# its write to the last byte of the screen update (20 ms of quiet ends an update)."
"$BENCH_TUI" drive-alerts "$CASEBOOK" "$S"
echo "# targets: the Alerts screen's first screen < 50 ms, key to screen < 16 ms"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
