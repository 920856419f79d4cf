#!/bin/sh
# Figures for issue 10, section 4: run on demand, never part of make
# check.
#
#   sh tests/bench/hostile.sh            (from the build folder)
#
# 1. search with big notes: one incident with a note of BENCH_NOTE_MB
#    (default 8) and one with BENCH_BIG_MB (default 200) of log lines,
#    a rare word in the middle of each; then the median wall time of
#    BENCH_RUNS (default 11) 'casebook search' for the rare word, for a
#    word on every line, and for a two-character query (which scans).
# 2. attach: the peak RSS (/usr/bin/time -f %M) of 'casebook attach' of
#    a file of BENCH_ATTACH_MB (default 2048) random bytes, and its wall
#    time, the file kept outside the record (STORE/evidence).
#
# Environment: CASEBOOK (default ./casebook), TOP_SRCDIR (for the
# playbooks), BENCH_TMP (where the store goes; it needs twice
# BENCH_ATTACH_MB free), BENCH_KEEP=1 keeps it.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
NOTE_MB=${BENCH_NOTE_MB:-8}
BIG_MB=${BENCH_BIG_MB:-200}
ATTACH_MB=${BENCH_ATTACH_MB:-2048}
RUNS=${BENCH_RUNS:-11}
[ -x "$CASEBOOK" ] || { echo "hostile.sh: $CASEBOOK: not built" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "hostile.sh: needs /usr/bin/time (package time)" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
export CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"
unset CASEBOOK_NOW VISUAL EDITOR || true

base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
T=$(mktemp -d "$base/casebook-bench-hostile.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "hostile.sh: kept $T" >&2' EXIT
else
	trap 'rm -rf "$T"' EXIT
fi
export CASEBOOK_STORE="$T/store" HOME="$T"
cb() { "$CASEBOOK" "$@"; }

# note MB WORD FILE: MB of firewall log lines with WORD in the middle.
note() {
	awk -v mb="$1" -v word="$2" 'BEGIN {
		n = mb * 1048576 / 64
		for (i = 0; i < n; i++) {
			printf "2026-11-26T12:%02d:%02d fw01 DENY tcp 192.0.2.%d:%05d -> 198.51.100.7:443\n", i % 60, (i / 60) % 60, i % 250, i % 65536
			if (i == int(n / 2)) print word
		}
	}' >"$3"
}

# median_ms CMD...: the median wall time of RUNS runs, in milliseconds.
median_ms() {
	i=0
	: >"$T/times"
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f %e -o "$T/t" "$@" >/dev/null
		tail -1 "$T/t" >>"$T/times"
		i=$((i + 1))
	done
	sort -n "$T/times" | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] * 1000 }'
}

cb init >/dev/null
cb role "$(id -un)" tech >/dev/null
a=$(cb new --title "an ${NOTE_MB} MB note")
b=$(cb new --title "a ${BIG_MB} MB note")
note "$NOTE_MB" rare-needle-one "$T/n1"
note "$BIG_MB" rare-needle-two "$T/n2"
/usr/bin/time -f "note of $NOTE_MB MB: %e s, %M KB peak" "$CASEBOOK" note "$a" -F "$T/n1"
/usr/bin/time -f "note of $BIG_MB MB: %e s, %M KB peak" "$CASEBOOK" note "$b" -F "$T/n2"
rm -f "$T/n1" "$T/n2"
printf 'index.db: %s KB\n' "$(du -k "$CASEBOOK_STORE/index.db" | cut -f1)"
for q in rare-needle-one rare-needle-two DENY 198.51.100.7 fw; do
	printf 'search %-16s median of %s: %s ms\n' "$q" "$RUNS" \
	    "$(median_ms "$CASEBOOK" search "$q")"
done

head -c $((ATTACH_MB * 1048576)) /dev/urandom >"$T/big.bin"
/usr/bin/time -f "attach of $ATTACH_MB MB: %e s, %M KB peak" "$CASEBOOK" attach "$a" "$T/big.bin" >/dev/null
printf 'record.git: %s KB; evidence: %s KB\n' \
    "$(du -sk "$CASEBOOK_STORE/record.git" | cut -f1)" \
    "$(du -sk "$CASEBOOK_STORE/evidence" | cut -f1)"
/usr/bin/time -f "check: %e s, %M KB peak" "$CASEBOOK" check >/dev/null
