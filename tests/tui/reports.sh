# Issue 13's screens: the Timeline (T) of the NAS intrusion, its moments
# with their commits, the phases as bars, Enter opening the incident at
# a moment's commit; the Report (R) of a case at intake, its missing
# facts highlighted, Enter answering the item that fills one, F filing
# the report of the NAS case; the dashboard's "this year" line.
. "$(dirname "$0")/lib.sh"

demo_store
S=r
start r 120 40 --demo
wait_for "1 Open ("
keys :
type_text "goto 2026-0001"
keys Enter
wait_for "2026-0001  研究室NASへの不正侵入"

# The timeline: every moment known, the cut-off's commit shown, bars.
keys T
wait_for "Timeline 2026-0001"
contains "$SCREEN" "Moments" "the moments' heading"
contains "$SCREEN" "Time per phase" "the phases' heading"
contains "$SCREEN" "contained (cut off)" "the cut-off moment"
lacks "$SCREEN" "unknown" "every moment of the NAS case is known"
printf '%s\n' "$SCREEN" | grep -q "^recovery .*##* .* d" ||
	fail "the recovery phase's bar: $SCREEN"
commit=$("$CASEBOOK" --store "$DEMO" timeline 2026-0001 --json |
	python3 -c 'import json,sys; print([m for m in json.load(sys.stdin)["moments"] if m["moment"]=="contained"][0]["commit"][:12])')
contains "$SCREEN" "$commit" "the cut-off's commit on its line"
# Enter on the cut-off's line: the incident as it was at that commit.
keys j j j
keys Enter
wait_for "[as of "
contains "$SCREEN" "$commit" "the as-of view names the commit"
contains "$SCREEN" "Phase: initial" "the phase at the cut-off's commit"
keys q
wait_for "Timeline 2026-0001"

# The report of the NAS case: final, nothing missing; F files it.
keys q
wait_for "2026-0001  研究室NASへの不正侵入"
keys R
wait_for "Report 2026-0001"
contains "$SCREEN" "Information security incident report (MEXT)" "the form's title"
contains "$SCREEN" "final" "a closed case's report is the final one"
contains "$SCREEN" "0 missing" "nothing missing"
keys l
wait_for "文部科学省"
keys l
wait_for "(MEXT)"
before=$(git --git-dir="$DEMO/record.git" rev-list --count main)
keys F
wait_for "into the evidence and answer report_filed? (y/n)"
keys y
wait_for "filed report-mext-final-en.md (sha256 "
after=$(git --git-dir="$DEMO/record.git" rev-list --count main)
[ "$after" = $((before + 1)) ] || fail "filing from the screen made $((after - before)) commits"
"$CASEBOOK" --store "$DEMO" evidence 2026-0001 | grep -q "report-mext-final-en.md" ||
	fail "the filed report is not in the evidence"
keys q q

# A case at intake: its missing facts, Enter answers the item.
keys :
type_text "goto 2026-0006"
keys Enter
wait_for "2026-0006  P2P"
keys R
wait_for "Report 2026-0006"
contains "$SCREEN" "6 missing" "the missing facts counted"
contains "$SCREEN" "missing: answer reporter (Enter)" "a missing fact names its item"
# The missing field is drawn in the warning role (yellow bold).
T capture-pane -e -p -t r | grep -a "answer source" | grep -aq "$(printf '\033')\\[[0-9;]*m" ||
	fail "the missing facts are not highlighted"
# Down to "How it was discovered" (source), Enter answers it: it fills
# "Discovered" too.
keys j j j j j
keys Enter
wait_for "Enter chooses"
keys Enter
wait_for "Saved source = "
wait_for "4 missing"
keys q q

# The dashboard's "this year" line, from the same figures as stats.
keys D
wait_for "Dashboard"
contains "$SCREEN" "This year: " "the this-year line"
contains "$SCREEN" "median time to triage" "the medians"
quit
