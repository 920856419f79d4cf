#!/bin/sh
# The cost of one note against the size of the incident's notebook (issue
# 8, section 6): run on demand, never part of make check.
#
#   sh tests/bench/notebook.sh            (from the build folder)
#
# Makes a store of BENCH_INCIDENTS incidents (default 100: one full
# hundreds folder, as every store past its first hundred incidents has),
# gives one of them BENCH_ENTRIES notebook entries (default 3000) with
# 'casebook note' in a loop, as a script or an alert feed would, then
# times BENCH_RUNS notes (default 30) to a fresh incident and to the busy
# one, alternating.  For each it prints the wall time of 'casebook note'
# (median and mean) and the bytes a note adds to record.git: the objects
# the commit introduced (git rev-list --objects HEAD --not HEAD^, their
# sizes; casebook stores them undeflated), and the growth of record.git
# on disk (du -sb) over the runs, packs and their indexes included.
#
# Environment: CASEBOOK (default ./casebook), BENCH_TMP (where the store
# goes), BENCH_KEEP=1 keeps it.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
INCIDENTS=${BENCH_INCIDENTS:-100}
ENTRIES=${BENCH_ENTRIES:-3000}
RUNS=${BENCH_RUNS:-30}
[ -x "$CASEBOOK" ] || { echo "notebook.sh: $CASEBOOK: not built" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset CASEBOOK_NOW VISUAL EDITOR || true

base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
T=$(mktemp -d "$base/casebook-bench-notebook.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "notebook.sh: kept $T" >&2' EXIT
else
	trap 'rm -rf "$T"' EXIT
fi
export CASEBOOK_STORE="$T/store" HOME="$T"
G="git --git-dir=$CASEBOOK_STORE/record.git"

echo "# casebook notebook bench: $($CASEBOOK --version), $(nproc) CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg)"
"$CASEBOOK" init >/dev/null
i=0
while [ $i -lt "$INCIDENTS" ]; do
	"$CASEBOOK" new --title "incident $i" >/dev/null
	i=$((i + 1))
done
fresh=$("$CASEBOOK" new --title "fresh")
busy=$("$CASEBOOK" new --title "busy")
i=0
while [ $i -lt "$ENTRIES" ]; do
	"$CASEBOOK" note "$busy" -m "entry $i of the busy incident" >/dev/null
	i=$((i + 1))
done
echo "# $INCIDENTS incidents, $busy with $ENTRIES entries, $fresh with none;" \
	"$RUNS notes to each"

# One note: its wall time in microseconds and its new objects' bytes.
note() {	# note ID
	t0=$(date +%s%N)
	"$CASEBOOK" note "$1" -m "a note of the benchmark" >/dev/null
	t1=$(date +%s%N)
	bytes=$($G rev-list --objects main --not main^ |
		cut -d' ' -f1 | $G cat-file --batch-check='%(objectsize)' |
		awk '{ s += $1 } END { print s }')
	echo "$1 $(( (t1 - t0) / 1000 )) $bytes"
}

: >"$T/runs"
disk_fresh=0 disk_busy=0
r=0
while [ $r -lt "$RUNS" ]; do
	for id in "$fresh" "$busy"; do
		d0=$(du -sb "$CASEBOOK_STORE/record.git" | cut -f1)
		note "$id" >>"$T/runs"
		d1=$(du -sb "$CASEBOOK_STORE/record.git" | cut -f1)
		if [ "$id" = "$fresh" ]; then
			disk_fresh=$((disk_fresh + d1 - d0))
		else
			disk_busy=$((disk_busy + d1 - d0))
		fi
	done
	r=$((r + 1))
done

report() {	# report ID NAME DISK
	grep "^$1 " "$T/runs" | sort -n -k2 | awk -v name="$2" -v disk="$3" '
	{ t[NR] = $2; ts += $2; bs += $3 }
	END {
		printf "%s: note %.1f ms median, %.1f ms mean; %d bytes of objects a note; %d bytes on disk a note (du -sb over %d notes)\n",
		    name, t[int((NR + 1) / 2)] / 1000, ts / NR / 1000, bs / NR,
		    disk / NR, NR
	}'
}
report "$fresh" "fresh incident ($fresh, 0 entries)" "$disk_fresh"
report "$busy" "busy incident ($busy, $ENTRIES entries)" "$disk_busy"
