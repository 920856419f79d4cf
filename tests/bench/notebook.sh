#!/bin/sh
# The cost of one note against the size of the incident's notebook (issue
# 8, section 6): run on demand, never part of make check.
#
#   sh tests/bench/notebook.sh            (from the build folder)
#
# Makes a store: a fresh incident and a busy one, then BENCH_INCIDENTS
# more (default 998), so that the two sit in a full hundreds folder of a
# year with ten, as every incident but the newest hundred of a store
# does.  It gives the busy one BENCH_ENTRIES notebook entries (default
# 3000) with 'casebook note' in a loop, as a script or an alert feed
# would, then times BENCH_RUNS notes (default 30) to each, alternating.
# For each it prints the wall time of 'casebook note' (median and mean)
# and the bytes a note adds to record.git: the objects the commit
# introduced (git rev-list --objects main --not main^, their sizes;
# casebook stores them undeflated), and the growth of record.git on disk
# (du -sb, packs and their indexes, merges included) over a further
# block of BENCH_RUNS notes to each.
#
# Environment: CASEBOOK (default ./casebook), BENCH_TMP (where the store
# goes), BENCH_KEEP=1 keeps it.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
INCIDENTS=${BENCH_INCIDENTS:-998}
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
fresh=$("$CASEBOOK" new --title "fresh")
busy=$("$CASEBOOK" new --title "busy")
i=0
while [ $i -lt "$INCIDENTS" ]; do
	"$CASEBOOK" new --title "incident $i" >/dev/null
	i=$((i + 1))
done
i=0
while [ $i -lt "$ENTRIES" ]; do
	"$CASEBOOK" note "$busy" -m "entry $i of the busy incident" >/dev/null
	i=$((i + 1))
done
echo "# $((INCIDENTS + 2)) incidents, $busy with $ENTRIES entries, $fresh" \
	"with none; $RUNS notes to each"

# One note: its wall time in microseconds and its new objects' bytes.
note() {	# note ID
	t0=$(date +%s%N)
	"$CASEBOOK" note "$1" -m "a note of the benchmark" >/dev/null
	t1=$(date +%s%N)
	bytes=$($G rev-list --objects main --not 'main^' |
		cut -d' ' -f1 | $G cat-file --batch-check='%(objectsize)' |
		awk '{ s += $1 } END { print s }')
	echo "$1 $(( (t1 - t0) / 1000 )) $bytes"
}

: >"$T/runs"
r=0
while [ $r -lt "$RUNS" ]; do
	note "$fresh" >>"$T/runs"
	note "$busy" >>"$T/runs"
	r=$((r + 1))
done
# disk ID: record.git's growth over RUNS notes to ID.
disk() {
	d0=$(du -sb "$CASEBOOK_STORE/record.git" | cut -f1)
	r=0
	while [ $r -lt "$RUNS" ]; do
		"$CASEBOOK" note "$1" -m "a note of the benchmark" >/dev/null
		r=$((r + 1))
	done
	echo $(( $(du -sb "$CASEBOOK_STORE/record.git" | cut -f1) - d0 ))
}
disk_fresh=$(disk "$fresh")
disk_busy=$(disk "$busy")

report() {	# report ID NAME DISK
	grep "^$1 " "$T/runs" | sort -n -k2 | awk -v name="$2" -v disk="$3" '
	{ t[NR] = $2; ts += $2; bs += $3 }
	END {
		printf "%s: note %.1f ms median, %.1f ms mean; %d bytes of objects a note; %d bytes on disk a note (du -sb over %d more)\n",
		    name, t[int((NR + 1) / 2)] / 1000, ts / NR / 1000, bs / NR,
		    disk / NR, NR
	}'
}
report "$fresh" "fresh incident ($fresh, 0 entries)" "$disk_fresh"
report "$busy" "busy incident ($busy, $ENTRIES entries)" "$disk_busy"
