# History and search: an incident's commits, a commit's diff, the
# incident as it was at its first commit (read-only); full-text search
# for 不正侵入 with the match highlighted, Enter opening the incident.
. "$(dirname "$0")/lib.sh"

demo_store
S=h
start h 120 40 --demo
wait_for "1 Open (4)"
keys j Enter
wait_for "2026-0004  Adware downloads and C2 beacons from lab PC"
contains "$SCREEN" "Phase: recovery" "the incident now"
keys H
wait_for "History 2026-0004"
# Times in the local zone, marked (the tests run in UTC).
expect_line 1 "TIME                  AUTHOR         ACTION     MESSAGE"
expect_line 2 "2026-11-24 13:40 UTC  山田 恵子      note       2026-0004: note: 材料系事務より: 新 PC への解析ソフト 2 本の..."
contains "$SCREEN" "2026-11-22 13:20 UTC  高橋 亮        advance    2026-0004: phase handling -> recovery" "a phase change, through its gate"
# The oldest: the incident's creation.
keys G
wait_for "create     2026-0004: new incident"

# Enter: the diff of the selected commit.
# The creation commit holds the fields given and, beside them, the
# creator's answers of the items that mirror them.
keys Enter
wait_for "+++ b/incidents/2026/00/2026-0004/checklist.json"
contains "$SCREEN" '"by": "nakamura",' "the creator's answers"
keys G
wait_for "+++ b/incidents/2026/00/2026-0004/incident.json"
contains "$SCREEN" '+  "phase": "intake",' "the diff adds the incident file"
keys q
wait_for "History 2026-0004"

# v: the incident as it was then, read-only.
keys v
wait_for "[as of "
contains "$SCREEN" "read-only]" "the as-of header"
contains "$SCREEN" "Phase: intake" "the phase as it was"
lacks "$SCREEN" "Phase: recovery" "not the phase now"
keys Enter
wait_for "This is the incident as it was: read-only"
keys q q q
wait_for "1 Open (4)"

# Search: a Japanese substring, the match highlighted.
keys S
wait_for "Search titles and notebooks:"
type_text "不正侵入"
keys Enter
wait_for "Search 不正侵入"
expect_line 1 "1 incident matches"
expect_line 2 "2026-0001 研究室NASへの不正侵入 (SSH攻撃の踏…  研究室NASへの不正侵入 (..."
# The match is drawn in the match role (bold reverse yellow by default):
# the escapes tmux keeps for the pane say so.
T capture-pane -e -p -t h | grep -a '2026-0001' | grep -aq "$(printf '\033')\\[[0-9;]*m不正侵入" ||
	fail "the match is not highlighted: $(T capture-pane -e -p -t h | grep -a 2026-0001 | od -c | head -20)"
keys g Enter
wait_for "Incident 2026-0001"
contains "$SCREEN" "研究室NASへの不正侵入 (SSH攻撃の踏み台)" "the incident opened"
quit
