#!/bin/bash
# 'casebook stats' over 100,000 incidents (make bench-stats-cmd): the
# issue's figure, under 200 ms, read from the index (one moments row per
# incident, never the history).  The record is bench-store's 'gen' (one
# commit of 100,000 incidents, 85% closed); its history says only when
# they were received, so after the reindex the moments table is given
# the spread a real year has (triaged within hours, contained within a
# day for half, recovered within days, closed within weeks, 3% reopened,
# 'source' answered for four in five) with SQLite's random(): the query and the
# counting then work on full rows, as they would in a store of that age.
# Prints "name: value unit"; the reindex's time is the cost of deriving
# the history and moments tables at 100,000 incidents.
set -eu
CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_STORE=${BENCH_STORE:-$PWD/tests/bench/bench-store}
SRC=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/var/tmp}}/casebook-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T" CASEBOOK_PLAYBOOKS="$SRC/playbooks"
unset CASEBOOK_NOW CASEBOOK_STORE
S=$T/store

"$BENCH_STORE" gen "$S" 100000 >/dev/null
"$BENCH_STORE" run 1 reindex.100k --nowarm -- "$CASEBOOK" --store "$S" reindex
sqlite3 "$S/index.db" "
	UPDATE moments SET
	  detected = received - abs(random() % 3600),
	  triaged = received + abs(random() % 14400),
	  contained = CASE WHEN abs(random() % 2) = 0
	    THEN received + abs(random() % 86400) END,
	  recovered = received + 86400 + abs(random() % 604800),
	  closed = CASE WHEN abs(random() % 100) < 85
	    THEN received + 604800 + abs(random() % 2592000) END,
	  reopened = CASE WHEN abs(random() % 100) < 3 THEN 1 ELSE 0 END,
	  source = CASE abs(random() % 5) WHEN 0 THEN 'alert'
	    WHEN 1 THEN 'external_report' WHEN 2 THEN 'user_report'
	    WHEN 3 THEN 'admin_observation' END;"
echo "# moments rows: $(sqlite3 "$S/index.db" 'SELECT count(*) FROM moments')," \
	"incidents: $(sqlite3 "$S/index.db" 'SELECT count(*) FROM incidents')"
"$BENCH_STORE" run 20 stats.100k -- "$CASEBOOK" --store "$S" stats
for by in class department month source urgency; do
	"$BENCH_STORE" run 10 "stats.by_$by.100k" -- "$CASEBOOK" --store "$S" stats --by "$by"
done
"$BENCH_STORE" run 10 stats.json.100k -- "$CASEBOOK" --store "$S" stats --by class --json
"$BENCH_STORE" run 20 startup -- "$CASEBOOK" --version
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
