#!/bin/sh
# casebook's performance figures: make bench (never part of make check).
#
# Builds records of 1,000, 10,000 and 100,000 incidents in a temporary
# folder, times the store calls and the commands against them, and prints
# every figure as a "name: value unit" line (lines starting with "#" say
# what is measured and how the data was made).  Progress goes to stderr.
#
# Environment:
#   CASEBOOK, BENCH_STORE  the programs (default: ./casebook and
#                          ./tests/bench/bench-store in the build folder)
#   BENCH_TMP              where the stores go (default $TMPDIR, else
#                          /var/tmp); it must be on a real disk, not tmpfs,
#                          for the durable saves to mean anything
#   BENCH_KEEP=1           keep the stores afterwards (needs ~1 GB)
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_STORE=${BENCH_STORE:-$PWD/tests/bench/bench-store}
for p in "$CASEBOOK" "$BENCH_STORE"; do
	[ -x "$p" ] || { echo "bench: $p: not built (make casebook tests/bench/bench-store)" >&2; exit 1; }
done
base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
mkdir -p "$base"
T=$(mktemp -d "$base/casebook-bench.XXXXXX")
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC HOME="$T/home"
unset CASEBOOK_NOW CASEBOOK_STORE VISUAL EDITOR XDG_DATA_HOME GIT_DIR \
	GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_GLOBAL || true
mkdir -p "$HOME"
RESULTS=$T/results
: >"$RESULTS"
START=$(date +%s)
YEAR=$(date +%Y)

B() { "$BENCH_STORE" "$@"; }
CB=$CASEBOOK

# step CMD...: runs a bench-store step, shows and keeps its figures.
step() {
	if ! "$@" >"$T/step.out"; then
		cat "$T/step.out"
		echo "bench: failed: $*" >&2
		exit 1
	fi
	cat "$T/step.out"
	cat "$T/step.out" >>"$RESULTS"
}

# out NAME VALUE UNIT: prints and keeps one figure.
out() {
	echo "$1: $2 $3" | tee -a "$RESULTS"
}

val() {
	awk -F': ' -v k="$1" '$1 == k { split($2, a, " "); v = a[1] } END { print v }' "$RESULTS"
}

# ratio NAME A B: NAME = A / B.
ratio() {
	out "$1" "$(awk -v a="$(val "$2")" -v b="$(val "$3")" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')" x
}

# drop DIR: removes a store as soon as it is done with (unless BENCH_KEEP=1).
drop() {
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$1"
}

elapsed() { echo $(($(date +%s) - START)); }

fs=$(stat -f -c %T "$T" 2>/dev/null || echo unknown)
echo "# casebook bench: $($CB --version), $(nproc 2>/dev/null || echo '?') CPUs, $(uname -sr)"
echo "# stores in $T ($fs); CASEBOOK_NOW unset (real clock)"
echo "# median = middle run, p99 = nearest-rank 99th percentile (the slowest run when there are fewer than 100)"
case $fs in tmpfs|ramfs) echo "# WARNING: $T is not on a disk: fsync costs nothing here" ;; esac
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') (other work on the machine shows in the figures)"
echo
echo "# The disk: a new 300-byte file fsynced, then its folder (what each object casebook writes costs)."
step B fsync "$T/fsync" 200
rm -rf "$T/fsync"

# --- 1. note saves --------------------------------------------------------------
S=$T/store
echo
echo "# 1. Note save, durable (casebook fsyncs objects, folders and the branch)."
echo "#    Incidents made with cb_store_create, one durable commit each."
step B create "$S" 1000 create.durable.0_1k
echo "#    At 1,000 incidents: in-process = cb_store_note in one open store (as the TUI);"
echo "#    command = 'casebook note ID -m TEXT', random incidents, ~300-byte Markdown notes."
step B notes "$S" 500 note.inproc.1k 1
step B cmdnote "$CB" "$S" 200 note.cmd.1k 2
if command -v strace >/dev/null 2>&1; then
	id=$(printf '%s-%04d' "$YEAR" 7)
	n=$(strace -f -c -e trace=fsync,fdatasync "$CB" --store "$S" note "$id" -m 'fsync count' 2>&1 >/dev/null |
		awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }')
	out note.cmd.fsyncs "$n" calls
fi
echo "#    Without casebook: a work-tree repository with the same incident folders"
echo "#    (incidents/YYYY/HH/ID/incident.json, one commit, then git gc), a Markdown"
echo "#    file written then 'git add' + 'git commit -q' timed together."
echo "#    git's defaults fsync nothing; '.fsync' adds -c core.fsync=committed,index."
step B worktree "$T/wt1k" 1000
step B gitnote "$T/wt1k" 1000 50 gitnote.1k
step B gitnote "$T/wt1k" 1000 50 gitnote.fsync.1k -c core.fsync=committed,index -c core.fsyncMethod=fsync
drop "$T/wt1k"

echo "#    Growing the same store to 10,000 incidents, still durable creates."
step B create "$S" 9000 create.durable.1k_10k
step B notes "$S" 500 note.inproc.10k 3
echo "#    For comparison only, the same with libgit2's fsync off (not durable):"
step B notes "$S" 200 note.inproc.10k.nofsync 5 nofsync
step B cmdnote "$CB" "$S" 200 note.cmd.10k 4
step B worktree "$T/wt10k" 10000
step B gitnote "$T/wt10k" 10000 50 gitnote.10k
step B gitnote "$T/wt10k" 10000 50 gitnote.fsync.10k -c core.fsync=committed,index -c core.fsyncMethod=fsync
drop "$T/wt10k"
ratio note.inproc.median_ratio_10k_1k note.inproc.10k.median note.inproc.1k.median
ratio note.inproc.p99_ratio_10k_1k note.inproc.10k.p99 note.inproc.1k.p99
ratio note.cmd.median_ratio_10k_1k note.cmd.10k.median note.cmd.1k.median
ratio note.cmd.p99_ratio_10k_1k note.cmd.10k.p99 note.cmd.1k.p99
ratio gitnote.vs_cmd_1k gitnote.1k.median note.cmd.1k.median
ratio gitnote.vs_cmd_10k gitnote.10k.median note.cmd.10k.median
ratio gitnote.fsync.vs_cmd_10k gitnote.fsync.10k.median note.cmd.10k.median
echo "# (elapsed $(elapsed) s)"

# --- 4. history -------------------------------------------------------------------
echo
ID=$(printf '%s-%04d' "$YEAR" 5000)
FOLDER=incidents/$YEAR/50/$ID
echo "# 4. 'casebook log $ID': $ID given 200 revisions (field changes and notes) spread"
echo "#    over a record of 10,000 incidents and 20,000 commits; the filling commits are"
echo "#    casebook's own writes (cb_store_set/cb_store_note) with fsync off to save time."
step B history "$S" "$ID" 200 20000
step B run 50 log.10k -- "$CB" --store "$S" log "$ID"
echo "#    git on the same commits: git --git-dir=record.git log --oneline -- $FOLDER"
step B run 20 gitlog.10k -- git --git-dir="$S/record.git" log --oneline -- "$FOLDER"
ratio gitlog.vs_log_10k gitlog.10k.median log.10k.median
echo "# (elapsed $(elapsed) s)"

# --- 5. reindex --------------------------------------------------------------------
echo
echo "# 5. 'casebook reindex' of that store: 10,000 incidents, 20,000 commits,"
echo "#    $(sqlite3 "$S/index.db" 'SELECT count(*) FROM notes' 2>/dev/null || echo '?') notes."
step B run 3 reindex.10k --rss -- "$CB" --store "$S" reindex
echo "# (elapsed $(elapsed) s)"
drop "$S"

# --- 2. and 3. list and search at 100,000 ------------------------------------------
echo
G=$T/store100k
echo "# 2./3. A record of 100,000 incidents, written by bench-store with libgit2 in one"
echo "#    commit (Casebook-Action: import) on top of the record cb_store_init made:"
echo "#    incidents/YYYY/HH/ID/incident.json as cb_incident_to_json writes it, 85% closed,"
echo "#    one notebook entry each (notebook/STAMP.uuuuuuZ-LOGIN.md, 100,000 entries, 1 in"
echo "#    100 containing 不正侵入, 1 in 10,000 踏み台サーバ), objects in one pack;"
echo "#    then the index built with one timed 'casebook reindex'."
step B gen "$G" 100000
step B run 1 reindex.100k --nowarm --rss -- "$CB" --store "$G" reindex
step B run 50 list.100k -- "$CB" --store "$G" list --json --limit 50
step B rss 10 list.100k -- "$CB" --store "$G" list --json --limit 50
if /usr/bin/time -f %M true >/dev/null 2>&1; then
	kb=$( { /usr/bin/time -f %M "$CB" --store "$G" list --json --limit 50 >/dev/null; } 2>&1 | tail -1)
	out list.100k.peak_rss_gnu_time "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')" MiB
fi
SQL="SELECT id, title, phase, urgency, severity, classes, department, reporter, hosts, assignees, created, updated FROM incidents WHERE open = 1 ORDER BY urgency_rank, created, id LIMIT 50"
echo "#    The sqlite3 shell on the same index, casebook's own statement, JSON output:"
echo "#    sqlite3 -json index.db \"$SQL\""
step B run 50 list.sqlite3.100k -- sqlite3 -json "$G/index.db" "$SQL"
ratio list.vs_sqlite3_100k list.100k.median list.sqlite3.100k.median
echo "#    For scale: 'casebook --version' (process start, no store) and 'true'."
step B run 50 startup -- "$CB" --version
step B run 50 startup.true -- true
echo
echo "# 3. 'casebook search 不正侵入' over the 100,000 notebook entries (1,000 match)."
step B run 50 search.100k -- "$CB" --store "$G" search 不正侵入
step B rss 5 search.100k -- "$CB" --store "$G" search 不正侵入
echo "#    Also: a rare term (10 entries), and two-character terms, which are under the"
echo "#    trigram index's three characters and scan the notes: 侵入 (frequent), 踏み (10 entries)."
step B run 50 search.rare.100k -- "$CB" --store "$G" search 踏み台サーバ
step B run 20 search.2char_frequent.100k -- "$CB" --store "$G" search 侵入
step B run 20 search.2char_rare.100k -- "$CB" --store "$G" search 踏み
echo "# (elapsed $(elapsed) s)"
drop "$G"

# --- summary --------------------------------------------------------------------------
echo
echo "# Targets"
target() {	# target NAME LIMIT UNIT
	v=$(val "$1")
	verdict=$(awk -v v="$v" -v l="$2" 'BEGIN { print (v != "" && v + 0 <= l + 0) ? "met" : "MISSED" }')
	echo "target.$1: $v $3 (<= $2 $3: $verdict)"
}
target note.inproc.10k.median 3 ms
target note.cmd.10k.median 12 ms
target list.100k.median 15 ms
target list.100k.peak_rss 30 MiB
target search.100k.median 15 ms
target log.10k.median 15 ms
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
out bench.total "$(elapsed)" s
