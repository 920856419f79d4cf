#!/bin/sh
# casebook ingest's figures: make bench-ingest (never part of make check).
#
# Writes N (default 1,000,000) Suricata EVE alert lines (a flow record
# after every fourth) and N casebook JSON lines (tests/bench/gen-alerts.py),
# then times `casebook ingest` of each into a fresh store, and the replay
# of the same file (every alert already there: dedup only).  Prints
# "name: value unit" lines: wall seconds, CPU seconds (user + system),
# alerts per wall second and per CPU second (the machine is shared: the
# load average is printed beside), and the index's size.  Then the
# floor: the same rows put into the same tables by SQLite itself, in one
# INSERT ... SELECT (what no ingest can beat on this machine).
#
# Environment: CASEBOOK (default ./casebook), BENCH_ALERTS (N), BENCH_TMP
# (default $TMPDIR, else /var/tmp; a real disk: the figures include the
# index's writes), BENCH_KEEP=1 keeps the files.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
N=${BENCH_ALERTS:-1000000}
TOP=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -x "$CASEBOOK" ] || { echo "bench: $CASEBOOK: not built" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 1; }
base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
T=$(mktemp -d "$base/casebook-ingest.XXXXXX")
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $T" >&2
	else rm -rf "$T"; fi
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 TZ=UTC CASEBOOK_PLAYBOOKS="$TOP/playbooks"

echo "# casebook ingest of $N alerts into a fresh store, then the same file again"
echo "# (replay: every alert there already); wall and CPU seconds of the command"
for kind in eve json; do
	python3 "$TOP/tests/bench/gen-alerts.py" "$kind" "$N" >"$T/$kind.in"
	echo "# $kind input: $(wc -c <"$T/$kind.in") bytes"
	export CASEBOOK_STORE="$T/store-$kind"
	"$CASEBOOK" init >/dev/null
	for pass in first replay; do
		/usr/bin/env time -f "%e %U %S" -o "$T/time" \
		    "$CASEBOOK" ingest --format "$([ $kind = eve ] && echo suricata || echo json)" \
		    "$T/$kind.in" >"$T/out"
		read -r wall user sys <"$T/time"
		echo "# $(cat "$T/out")"
		awk -v k="$kind" -v p="$pass" -v n="$N" -v w="$wall" -v u="$user" \
		    -v s="$sys" 'BEGIN {
			c = u + s
			printf "ingest-%s-%s: %.2f s wall, %.2f s CPU, %.0f alerts/s, " \
			    "%.0f alerts per CPU second\n", k, p, w, c,
			    n / (w > 0 ? w : 0.001), n / (c > 0 ? c : 0.001)
		}'
		echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	done
	echo "index-$kind: $(du -k "$CASEBOOK_STORE/index.db" | cut -f1) KB"
	rm -f "$T/$kind.in"
	# The floor: SQLite itself putting the same rows into the same
	# tables and indexes, one INSERT ... SELECT from the index just made
	# (no parse, no dedup lookup, no groups, no statement per row).
	if command -v sqlite3 >/dev/null; then
		rm -f "$T/floor.db"*
		sqlite3 "$CASEBOOK_STORE/index.db" ".schema alerts" \
		    ".schema alert_bodies" >"$T/floor.sql"
		sqlite3 "$T/floor.db" "PRAGMA page_size = 8192" \
		    "PRAGMA journal_mode = wal" ".read $T/floor.sql" >/dev/null
		/usr/bin/env time -f "%e %U %S" -o "$T/time" sqlite3 \
		    "$T/floor.db" "ATTACH '$CASEBOOK_STORE/index.db' AS made" \
		    "BEGIN" "INSERT INTO alerts SELECT * FROM made.alerts" \
		    "INSERT INTO alert_bodies SELECT * FROM made.alert_bodies" \
		    "COMMIT"
		read -r wall user sys <"$T/time"
		awk -v k="$kind" -v n="$N" -v w="$wall" -v u="$user" \
		    -v s="$sys" 'BEGIN {
			printf "sqlite-floor-%s: %.2f s wall, %.2f s CPU, " \
			    "%.0f rows/s\n", k, w, u + s, n / (w > 0 ? w : 0.001)
		}'
		rm -f "$T/floor.db"*
	fi
done
