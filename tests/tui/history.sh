# History and search: an incident's commits, a commit's diff, the
# incident as it was at its first commit (read-only); full-text search
# for 不正侵入 with the match highlighted, Enter opening the incident.
. "$(dirname "$0")/lib.sh"

demo_store
# heading W: the history's heading with an ACTION column W wide.
# (Times in the local zone, marked: the tests run in UTC.)
heading() { printf '%-21s %-14s %-*s %s' "TIME" AUTHOR "$1" ACTION MESSAGE; }

S=h
start h 120 40 --demo
wait_for "1 Open (5)"
keys j j Enter
wait_for "2026-0004  Adware downloads and C2 beacons from lab PC"
contains "$SCREEN" "Phase: recovery" "the incident now"
keys H
wait_for "History 2026-0004"
# The ACTION column fits the widest action, suggestion-dismiss here.
expect_line 1 "$(heading 18)"
expect_line 2 "2026-11-24 13:40 UTC  山田 恵子      note               2026-0004: note: 材料系事務より: 新 PC への解析ソフト 2 本の..."
contains "$SCREEN" "2026-11-22 13:20 UTC  高橋 亮        advance            2026-0004: phase handling -> recovery" "a phase change, through its gate"
# The oldest: the incident's creation.
keys G
wait_for "create             2026-0004: new incident"

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
contains "$SCREEN" "read-only)]" "the as-of header"
contains "$SCREEN" "Phase: intake" "the phase as it was"
lacks "$SCREEN" "Phase: recovery" "not the phase now"
keys Enter
wait_for "This is the incident as it was: read-only"
keys q q q
wait_for "1 Open (5)"

# Search: a Japanese substring, the match highlighted.
keys S
wait_for "Search titles and notebooks:"
type_text "不正侵入"
keys Enter
wait_for "Search 不正侵入"
expect_line 1 "1 incident matches"
expect_line 2 "2026-0001 研究室NASへの不正侵入 (SSH攻…  title            研究室NASへの不正侵入 (SSH攻撃の踏み台)"
# The match is drawn in the match role (bold reverse yellow by default):
# the escapes tmux keeps for the pane say so.
T capture-pane -e -p -t h | grep -a '2026-0001' | grep -aq "$(printf '\033')\\[[0-9;]*m不正侵入" ||
	fail "the match is not highlighted: $(T capture-pane -e -p -t h | grep -a 2026-0001 | od -c | head -20)"
keys g Enter
wait_for "Incident 2026-0001"
contains "$SCREEN" "研究室NASへの不正侵入 (SSH攻撃の踏み台)" "the incident opened"
quit

# The ACTION column is as wide as the widest action shown, in display
# columns: suggestion-dismiss and force-phase in full; an action written
# with git in Japanese takes its width in columns, not bytes; one of any
# length is cut.  A fresh store, as a tech member (forced moves).
me=$(id -un)
"$CASEBOOK" init >/dev/null || fail "init"
git config --file "$CASEBOOK_STORE/config" "user.$me.role" tech
a=$("$CASEBOOK" new --title "alpha wide" --class malware --host 10.1.2.3 \
	--reporter "Splunk dashboard") ||
	fail "new"
# A completed download suggests an urgency and actions.
"$CASEBOOK" answer "$a" source alert >/dev/null &&
	"$CASEBOOK" answer "$a" malware_download yes >/dev/null || fail "answer"
key=$("$CASEBOOK" checklist "$a" |
	grep -oE '[a-z-]+/[a-z_]+/[0-9]+: suggest_action' | cut -d: -f1 | head -1)
[ -n "$key" ] || fail "no suggestion to dismiss: $("$CASEBOOK" checklist "$a")"
"$CASEBOOK" dismiss "$a" "$key" >/dev/null || fail "dismiss"
"$CASEBOOK" set "$a" phase report --force --reason "by phone" >/dev/null ||
	fail "set --force"
b=$("$CASEBOOK" new --title "bravo japanese") || fail "new"
c=$("$CASEBOOK" new --title "charlie long") || fail "new"
# action_commit ID ACTION: a commit made with git, with casebook's
# trailers naming ID and ACTION, that adds a note to ID.
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
git -C "$WT" config user.name "Git User"
git -C "$WT" config user.email "git@example.org"
action_commit() {
	git -C "$WT" pull -q --ff-only origin main || fail "git pull"
	d=$(cd "$WT" && ls -d incidents/*/*/"$1")
	mkdir -p "$WT/$d/notebook"
	printf 'from git\n' >"$WT/$d/notebook/20261126T110000.000000Z-git.md"
	git -C "$WT" add -A || fail "git add"
	git -C "$WT" commit -q -m "$1: from git" -m "Casebook-Incident: $1
Casebook-Action: $2" || fail "git commit"
	git -C "$WT" push -q origin main || fail "git push"
}
action_commit "$b" "受付から対応への移動"
action_commit "$c" "an-action-of-thirty-nine-characters-xyz"

# history_of ID WORD: the history of the incident whose title has WORD,
# found with search.
history_of() {
	keys S
	wait_for "Search titles and notebooks:"
	type_text "$2"
	keys Enter
	wait_for "1 incident matches"
	keys g Enter
	wait_for "Incident $1"
	keys H
	wait_for "History $1"
}

S=w
start w 120 30
wait_for "alpha wide"
history_of "$a" alpha
expect_line 1 "$(heading 18)"
contains "$SCREEN" "$(printf '%-18s %s' force-phase "$a: phase intake -> report (forced): by phone")" \
	"force-phase in full, the message after the column"
contains "$SCREEN" "suggestion-dismiss $a: " "suggestion-dismiss in full"
contains "$SCREEN" "$(printf '%-18s %s' create "$a: new incident")" "the other actions padded"
keys q q q
wait_for "alpha wide"

# 受付から対応への移動: 10 characters, 20 columns, 30 bytes.
history_of "$b" bravo
expect_line 1 "$(heading 20)"
contains "$SCREEN" "受付から対応への移動 $b: from git" "a Japanese action sized by its columns"
keys q q q
wait_for "alpha wide"

# An action longer than the column's limit (24) is cut, with an ellipsis.
history_of "$c" charlie
expect_line 1 "$(heading 24)"
lacks "$SCREEN" "an-action-of-thirty-nine-characters-xyz" "a long action cut"
contains "$SCREEN" "an-action-of-thirty-nin" "a long action's start"
contains "$SCREEN" "$(printf '%-24s %s' create "$c: new incident")" "the column at its limit"
quit
