#!/bin/sh
# casebook beacons' figure: make bench-beacons (never part of make check).
#
#   beacons-10000-pairs  24 h of flows for 10,000 random pairs of 4-60
#                        connections plus one 60 s beacon (about 320,000
#                        Suricata flow lines from tests/cmd/beacon-flows.py),
#                        ingested, then "casebook beacons" timed: the
#                        median of 5 runs, wall clock; and how many random
#                        pairs RITA's score alone would flag (>= 0.75)
#                        against how many the default listing shows
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PAIRS=${BEACON_PAIRS:-10000}
T=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-beacons.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM PIPE
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home" CASEBOOK_STORE="$T/store"
export CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"
mkdir -p "$HOME"
END=$(date -u -d 2026-11-26T12:00:00Z +%s)
export CASEBOOK_NOW=$END
"$CASEBOOK" init >/dev/null
python3 "$TOP_SRCDIR/tests/cmd/beacon-flows.py" "$END" "$PAIRS" >"$T/flows.json"
echo "$(wc -l <"$T/flows.json") flow lines for $PAIRS pairs; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$CASEBOOK" ingest --format suricata "$T/flows.json"
for i in 1 2 3 4 5; do
	s=$(date +%s%N)
	"$CASEBOOK" beacons >"$T/out"
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
done | sort -n | sed -n 3p | sed 's/^/beacons-10000-pairs  median ms: /'
"$CASEBOOK" beacons --all --min 4 --top 100000 --json >"$T/all.json"
python3 - "$T/all.json" "$T/out" <<'PY'
import json, sys
pairs = json.load(open(sys.argv[1]))
rnd = [p for p in pairs if p["src"] != "10.0.0.5"]
rita = sum(1 for p in rnd if p["score"] >= 0.75)
listed = sum(1 for p in rnd if p["score"] >= 0.75 and p["timestamp"] >= 0.8
             and p["connections"] >= 24)
print("random pairs scored %d; RITA's score >= 0.75: %d; listed by default: %d"
      % (len(rnd), rita, listed))
for ts, mn in ((0.75, 24), (0.75, 48), (0.8, 48)):
    print("  with timestamp >= %.2f and %d connections: %d" % (ts, mn, sum(
        1 for p in rnd if p["score"] >= 0.75 and p["timestamp"] >= ts
        and p["connections"] >= mn)))
print("the beacon:", [p["score"] for p in pairs if p["src"] == "10.0.0.5"])
PY
head -n 3 "$T/out"
