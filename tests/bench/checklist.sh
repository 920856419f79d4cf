#!/bin/bash
# The checklist commands end to end (make bench-checklist): `casebook
# checklist --json` and `casebook answer` on an incident with a dozen
# answers, in a store of 1,000 incidents.  Prints "name: value unit".
set -eu
CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_CHECKLIST=${BENCH_CHECKLIST:-$PWD/tests/bench/bench-checklist}
SRC=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/var/tmp}}/casebook-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T" CASEBOOK_STORE="$T/store" \
	CASEBOOK_PLAYBOOKS="$SRC/playbooks"
unset CASEBOOK_NOW

"$BENCH_CHECKLIST" "$SRC/playbooks"
"$CASEBOOK" init >/dev/null
i=0
while [ $i -lt 1000 ]; do
	"$CASEBOOK" new --title "filler $i" --class scan >/dev/null
	i=$((i + 1))
done
id=$("$CASEBOOK" new --title "measured" --class intrusion --class malware)
for kv in source=alert reporter=NOC "classification=intrusion,malware" \
	affected_host=192.0.2.10 urgency=immediate attack_scope=ssh \
	external_targets=yes malware_download=yes secondary_traffic=yes \
	log_details=proxy host_profile=NAS confidential_data=no; do
	"$CASEBOOK" answer "$id" "${kv%%=*}" "${kv#*=}" >/dev/null
done
# time_cmd NAME RUNS CMD...: median and p99 wall time in ms
time_cmd() {
	name=$1 runs=$2
	shift 2
	k=0
	while [ $k -lt "$runs" ]; do
		s=${EPOCHREALTIME/[.,]/}	# microseconds, without a process
		"$@" >/dev/null
		e=${EPOCHREALTIME/[.,]/}
		echo $((e - s))
		k=$((k + 1))
	done | sort -n | awk -v name="$name" '{ v[NR] = $1 }
		END { printf "%s: median %.2f ms, p99 %.2f ms (%d runs)\n", name,
		    v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.99 + 0.5)] / 1000, NR }'
}
time_cmd "casebook checklist --json" 100 "$CASEBOOK" checklist "$id" --json
time_cmd "casebook checklist" 100 "$CASEBOOK" checklist "$id"
j=0
answer_next() {
	j=$((j + 1))
	"$CASEBOOK" answer "$id" attack_scope "scope revision $j-$$-$(date +%N)"
}
time_cmd "casebook answer" 50 answer_next
time_cmd "casebook --version (process start, for scale)" 100 "$CASEBOOK" --version
