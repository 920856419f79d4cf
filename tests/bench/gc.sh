#!/bin/sh
# The record's write path and its maintenance: make bench-gc (never part
# of make check).  Prints "name: value unit" lines:
#   - save latency, in-process (cb_store_note in one open store, as the
#     TUI) and command ('casebook note'), median and p99, at 1,000 and
#     10,000 incidents, durable;
#   - bytes on disk per note and pack count over GC_SAVES in-process saves
#     (default 20,000) to one long incident, with 'casebook gc' every
#     1,000;
#   - 'casebook gc' time at 10,000 incidents;
#   - the soak: MAINT_WRITERS writers beside all of git's maintenance
#     commands for SOAK_SECONDS (default 600; 0 skips it).
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_STORE=${BENCH_STORE:-$PWD/tests/bench/bench-store}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GC_SAVES=${GC_SAVES:-20000}
SOAK_SECONDS=${SOAK_SECONDS:-600}
base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
T=$(mktemp -d "$base/casebook-bench-gc.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home"
unset CASEBOOK_NOW CASEBOOK_STORE || true
mkdir -p "$HOME"
B() { "$BENCH_STORE" "$@"; }

packs() { ls "$1/record.git/objects/pack" | grep -c '\.pack$'; }
bytes() { du -sb "$1/record.git" | cut -f1; }

echo "# casebook bench-gc: $("$CASEBOOK" --version), $(nproc) CPUs, stores in $T ($(stat -f -c %T "$T"))"
B fsync "$T/fsync" 200
rm -rf "$T/fsync"

S=$T/store
echo "# 1. save latency (durable) at 1,000 and 10,000 incidents"
B create "$S" 1000 create.1k >/dev/null
B notes "$S" 500 note.inproc.1k 1
B cmdnote "$CASEBOOK" "$S" 200 note.cmd.1k 2
B create "$S" 9000 create.1k_10k >/dev/null
B notes "$S" 500 note.inproc.10k 3
B cmdnote "$CASEBOOK" "$S" 200 note.cmd.10k 4
echo "packs.before_gc.10k: $(packs "$S") packs"
echo "record.before_gc.10k: $(bytes "$S") bytes"
t0=$(date +%s%N)
"$CASEBOOK" --store "$S" gc >/dev/null
t1=$(date +%s%N)
echo "gc.10k: $(( (t1 - t0) / 1000000 )) ms"
echo "packs.after_gc.10k: $(packs "$S") packs"
echo "record.after_gc.10k: $(bytes "$S") bytes"
B notes "$S" 500 note.inproc.10k.after_gc 5
rm -rf "$S"

echo "# 2. $GC_SAVES notes to one incident, casebook gc every 1,000"
"$CASEBOOK" --store "$S" init >/dev/null
"$CASEBOOK" --store "$S" new --title "one long incident" >/dev/null
start=$(bytes "$S")
done=0
while [ "$done" -lt "$GC_SAVES" ]; do
	B notes "$S" 1000 "chunk" 7 >/dev/null
	done=$((done + 1000))
	before=$(packs "$S")
	"$CASEBOOK" --store "$S" gc >/dev/null
	echo "saves.$done: $(bytes "$S") bytes, $before packs before gc, $(packs "$S") after"
done
end=$(bytes "$S")
echo "bytes_per_save: $(( (end - start) / GC_SAVES )) bytes"
rm -rf "$S"

if [ "$SOAK_SECONDS" -gt 0 ]; then
	echo "# 3. soak: ${MAINT_WRITERS:-4} writers beside git's maintenance for $SOAK_SECONDS s"
	MAINT_SECONDS=$SOAK_SECONDS MAINT_WRITERS=${MAINT_WRITERS:-4} \
	    CASEBOOK=$CASEBOOK TOP_SRCDIR=$TOP_SRCDIR \
	    sh "$TOP_SRCDIR/tests/cmd/maintenance.sh"
fi
