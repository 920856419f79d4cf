# --demo: a store seeded once with the three real cases (and four small
# ones), their checklists answered as the cases tell, opened on its queue.
. "$(dirname "$0")/lib.sh"

export XDG_DATA_HOME="$TESTDIR/xdg"
unset CASEBOOK_STORE
expect_exit 0 cb --demo
contains "$ERR" "created the demo store" "demo creation"
contains "$OUT" "intake" "the queue is printed"
store="$XDG_DATA_HOME/casebook-demo"
[ -d "$store/record.git" ] || fail "no demo store in $store"
export CASEBOOK_STORE="$store"
expect_exit 0 cb list --all --json
contains "$OUT" "NAS" "the NAS intrusion case"
contains "$OUT" "C2" "the adware case"
all=$OUT
n=$(printf '%s\n' "$all" | grep -c '"id":')
[ "$n" -ge 3 ] || fail "the demo has $n incidents"

# The checklists tell the cases: the gate of every phase a case has left
# is complete (required items answered or waived), the current phase is
# part done.  items ID prints "id phase required state by decided_by
# value" per item of 'checklist ID --json' (one key a line, keys sorted,
# "value" last); rows LIST prints "id phase gate_done gate_required" per
# incident of 'list --json' ("waiting" last).
items() {
	expect_exit 0 cb checklist "$1" --json
	printf '%s\n' "$OUT" | awk '
		/^  "items": \[/ { on = 1; next }
		/^  []"]/ { on = 0 }
		!on { next }
		{ v = $0; sub(/^ *"[a-z_]+": /, "", v); sub(/,$/, "", v); gsub(/"/, "", v) }
		/^      "id": / { id = v } /^      "phase": / { ph = v }
		/^      "required": / { rq = v } /^      "state": / { st = v }
		/^      "by": / { by = v } /^      "decided_by": / { dec = v }
		/^      "value": / { print id, ph, rq, st, by, dec, v }'
}
rows() {
	printf '%s\n' "$1" | awk '
		{ v = $0; sub(/^ *"[a-z_]+": /, "", v); sub(/,$/, "", v); gsub(/"/, "", v) }
		/^  "gate_done": / { d = v } /^  "gate_required": / { r = v }
		/^  "id": / { id = v } /^  "phase": / { ph = v }
		/^  "waiting": / { print id, ph, d, r }'
}
phases="intake triage initial handling recovery report closed"
index_of() { i=0; for p in $phases; do [ "$p" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
# id phase gate_done gate_required, as core/demo.c tells them.
want="2026-0001 closed 0 0
2026-0002 closed 0 0
2026-0003 report 1 3
2026-0004 recovery 2 3
2026-0005 initial 0 1
2026-0006 intake 0 2
2026-0007 report 1 3"
got=$(rows "$all" | sort)
[ "$got" = "$want" ] || fail "phases and gates of the demo: expected
$want
got
$got"
printf '%s\n' "$want" | while read -r id phase done required; do
	now=$(index_of "$phase")
	items "$id" >"$TESTDIR/items"
	[ -s "$TESTDIR/items" ] || fail "$id: no checklist items read"
	while read -r item ph rq st by dec v; do
		[ "$rq" = true ] || continue
		[ "$(index_of "$ph")" -lt "$now" ] || continue
		case $st in
		answered | waived) ;;
		*) fail "$id ($phase): $item of the $ph phase is $st" ;;
		esac
	done <"$TESTDIR/items"
	expect_exit 0 cb checklist "$id" --json
	if [ "$phase" = closed ]; then
		printf '%s\n' "$OUT" | grep -q '^  "missing": \[\],$' ||
			fail "$id is closed with items missing: $OUT"
		# Closed: nothing required left open in any phase.
		if awk '$3 == "true" && $4 != "answered" && $4 != "waived"' \
		    "$TESTDIR/items" | grep -q .; then
			fail "$id is closed with open items: $(cat "$TESTDIR/items")"
		fi
	fi
done || exit 1

# Answers by the right people: the CERT decides the outside attack,
# the head the severity (in person, or recorded on the head's word).
has_answer() {	# has_answer ID ITEM STATE BY DECIDED_BY VALUE
	items "$1" | grep -q "^$2 [a-z]* [a-z]* $3 $4 $5 $6\$" ||
		fail "$1: expected $2 $3 by $4 (decided by $5): $6, got: $(items "$1" | grep "^$2 ")"
}
has_answer 2026-0001 external_targets answered takahashi null yes
has_answer 2026-0001 network_cutoff answered ito null '.*'
has_answer 2026-0001 dept_severity answered yamada kobayashi low
has_answer 2026-0002 dept_severity waived weber kobayashi null
has_answer 2026-0003 dept_severity answered kobayashi null low
has_answer 2026-0003 prevention ready null null null
has_answer 2026-0004 safe_to_restore answered takahashi null yes
has_answer 2026-0006 source ready null null null
has_answer 2026-0006 reporter ready null null null
expect_exit 0 cb show 2026-0003 --json
contains "$OUT" '"severity": "low"' "the head's answer sets the severity"
has_answer 2026-0007 dept_severity ready null null null
has_answer 2026-0007 prevention answered takahashi null '.*'
# A case waits on each role (the queue's WAITS ON and every "For me"
# tab): the CERT, the office staff, the head.
for w in "tech 2026-0003" "staff 2026-0004" "staff 2026-0005" \
    "staff 2026-0006" "head 2026-0007"; do
	expect_exit 0 cb list --waiting "${w% *}"
	contains "$OUT" "${w#* }" "${w#* } waits on ${w% *}"
done
expect_exit 0 cb list --waiting head
lacks "$OUT" "2026-0003" "a decided severity waits on no head"
# Suggestions acted on where the story says so.
suggestion_is() {	# suggestion_is ID KEY STATUS BY
	expect_exit 0 cb checklist "$1" --json
	printf '%s\n' "$OUT" | awk -v k="$2" '
		/^      "by": / { by = $2 } /^      "key": / { key = $2 }
		/^      "status": / { if (key == "\"" k "\",") print $2, by }' |
		grep -q "^\"$3\", \"$4\",\$" ||
		fail "$1: suggestion $2 should be $3 by $4"
}
suggestion_is 2026-0001 intrusion/external_attack_is_immediate/0 accepted takahashi
suggestion_is 2026-0004 malware/secondary_traffic_is_immediate/0 dismissed weber
# Each answer is committed as the person who gave it, in time order.
[ "$(rgit log --format=%an --grep='^2026-0001: answer external_targets' main)" = "高橋 亮" ] ||
	fail "external_targets is not committed as 高橋 亮"
[ "$(rgit log --format=%s --grep='^2026-0004: answer network_cutoff' main | wc -l)" = 2 ] ||
	fail "the adware case's two cut-offs are not both in history"

expect_exit 0 cb search 不正侵入
[ -n "$OUT" ] || fail "no demo note mentions 不正侵入"
expect_exit 0 cb search 標的型メール
[ -n "$OUT" ] || fail "no demo note mentions 標的型メール"
# Every change was committed as the person who made it.
authors=$(rgit log --format=%an main | sort -u | wc -l)
[ "$authors" -ge 3 ] || fail "demo history has $authors authors"
commits=$(rgit rev-list --count main)
[ "$commits" -gt 30 ] || fail "demo history has only $commits commits"
# A second --demo opens the same store without seeding again.
unset CASEBOOK_STORE
expect_exit 0 cb --demo
lacks "$ERR" "created" "second --demo"
export CASEBOOK_STORE="$store"
[ "$(rgit rev-list --count main)" = "$commits" ] || fail "second --demo changed the record"
expect_exit 0 cb check
exit 0
