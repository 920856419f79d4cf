# Recording the department head's decision on their behalf: the head is
# chosen by name from the people with the head role (before the value),
# then how the decision came, then the level, whose labels say their
# criteria; the record names the head and keeps the note.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
S=h
start h 120 40
wait_for "1 Open (5)"
keys j j Enter
wait_for "2026-0004  Adware"
# Down to the head's item.
i=0
while :; do
	case $SCREEN in *"(dept_severity, choice, answered by dept. head)"*) break ;; esac
	[ $i -lt 40 ] || fail "no dept_severity row: $SCREEN"
	keys j
	settle
	i=$((i + 1))
done
keys Enter
wait_for "Whose decision are you recording?"
contains "$SCREEN" "小林 誠 (kobayashi)" "the head by name, from the store's roles"
lacks "$SCREEN" "Low (no leak" "the head comes before the value"
keys Enter
wait_for "How did the head's decision reach you"
type_text "phone call, 15:20"
keys Enter
wait_for "Low (no leak and no disruption; restoring the computer was enough)"
contains "$SCREEN" "High (personal or confidential data leaked, or the department's work stopped)" "the levels show their criteria"
keys j j Enter
wait_for "Saved dept_severity"
quit

expect_exit 0 cb checklist 2026-0004
printf '%s\n' "$OUT" | grep -qE "dept_severity +\*answered +low \($(id -un) for kobayashi," ||
	fail "the head's decision, in their name: $OUT"
rgit show main:incidents/2026/00/2026-0004/checklist.json >"$TESTDIR/cl.json"
grep -q '"note": "phone call, 15:20"' "$TESTDIR/cl.json" ||
	fail "how the decision came is kept: $(grep -A3 dept_severity "$TESTDIR/cl.json")"

# Backing out of the list of heads records nothing.
before=$(rgit rev-list --count main)
S=h2
start h2 120 40
wait_for "1 Open (5)"
keys j j Enter
wait_for "2026-0004  Adware"
i=0
while :; do
	case $SCREEN in *"(dept_severity, choice, answered by dept. head)"*) break ;; esac
	[ $i -lt 40 ] || fail "no dept_severity row: $SCREEN"
	keys j
	settle
	i=$((i + 1))
done
keys Enter
wait_for "Whose decision are you recording?"
keys Escape
wait_gone "Whose decision are you recording?"
quit
[ "$(rgit rev-list --count main)" = "$before" ] || fail "a commit after backing out"
exit 0
