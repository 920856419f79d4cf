# The queue of the demo store: tabs with counts, rows in queue order,
# Japanese titles aligned, the filter applied as you type, the help
# screen generated from the key table, a resize to 80x24 and below.
. "$(dirname "$0")/lib.sh"

demo_store
S=q
start q 120 40 --demo
# The other tabs are counted just after the first screen is up.
wait_for "4 Closed (2)"
contains "$(line 0)" " casebook | Queue " "the top row"
contains "$(line 0)" "$(id -un) (tech) @ demo: $DEMO" "the demo store marked"
expect_line 1 " 1 Open (5)   2 Mine (0)   3 Waiting (5)   4 Closed (2)   5 For me (1)"
expect_line 2 " ID        URGENCY   PHASE    CLASSES          DEPARTMENT         TITLE                                        AGE  DONE"
expect_line 3 "*2026-0003 high      report   targeted,malware 生命理工学院 事務… 標的型メールのリンクからマルウェアDL        15 d   1/3"
expect_line 4 "*2026-0007 high      report   defacement       理学院 物理系      研究室Webページの改ざん (物理系)            10 d   1/3"
expect_line 5 "*2026-0004 high      recovery malware,policy   物質理工学院 材料… Adware downloads and C2 beacons from lab…    7 d   2/3"
expect_line 6 "*2026-0005 high      initial  phishing,intrus… 理学院 化学系      JPCERT/CC: phishing page on chem-wp01        2 d   0/1"
expect_line 7 "*2026-0006 normal    intake   policy           環境・社会理工学院 P2Pファイル共有ソフトの通信 (利用規定違…    24 h   0/2"

# Japanese stays aligned: the age ends in the same column on every row,
# whatever the width in bytes of the titles before it.
head=$(line 2 | sed 's/AGE.*/AGE/')
for r in 3 4 5 6 7; do
	row=$(line $r)
	age=$(printf '%s\n' "$row" | sed -E 's/^(.* [0-9]+ (min|h|d)) .*/\1/')
	[ "$(width "$age")" = "$(width "$head")" ] ||
		fail "row $r: the age column ends at $(width "$age"), the header's at $(width "$head"): $row"
done
# A title cut short ends with an ellipsis at a character boundary.
contains "$(line 7)" "(利用規定違…" "a cut Japanese title"

# The closed tab.
keys 4
wait_for "2026-0001"
contains "$SCREEN" "2026-0002" "the closed tab"
lacks "$SCREEN" "2026-0003" "the closed tab"
keys 1
wait_for "2026-0003"

# The filter applies as each character is typed: id, title, department.
keys /
type_text "phish"
wait_for "filter: phish"
contains "$SCREEN" "2026-0005" "filter phish"
lacks "$SCREEN" "2026-0003" "filter phish"
contains "$SCREEN" "1 Open (1)" "the filtered count"
keys BSpace BSpace BSpace BSpace BSpace
type_text "理学院"
wait_for "filter: 理学院"
contains "$SCREEN" "2026-0005" "a department in Japanese"
lacks "$SCREEN" "2026-0006" "環境・社会理工学院 does not contain 理学院"
lacks "$SCREEN" "2026-0003" "生命理工学院 does not contain 理学院"
# Enter keeps the filter; the closed tab counts through it once shown.
keys Enter
keys 4
wait_for "4 Closed (1)"
contains "$SCREEN" "2026-0002" "a closed incident of 工学院, 理学院"
keys 1
keys Escape
wait_for "1 Open (5)"
lacks "$SCREEN" "filter:" "Esc clears the filter"

# The help screen comes from the key tables.
keys ?
wait_for "Keys of the Queue screen"
contains "$SCREEN" "filter by title, id, department, host" "the queue's keys"
contains "$SCREEN" "Keys everywhere" "the global keys"
# The commands are further down: '/' finds them.
keys /
type_text ":goto"
keys Enter
wait_for ":goto ID"
keys q
wait_for "1 Open (5)"

# The dashboard: the chart, the groups, the oldest.
keys D
wait_for "Open by urgency"
contains "$SCREEN" "New incidents per hour, last 24 hours (0 in all)" "the chart's total"
printf '%s\n' "$SCREEN" | grep -qE '^high +4 +intake +1 +' || fail "the groups: $SCREEN"
contains "$SCREEN" "2026-0003 high         15 d 標的型メールのリンクからマルウェアDL" "the oldest"
keys q
wait_for "1 Open (5)"
# A new incident (:new), now: the queue counts it, the chart's last hour shows it.
keys :
type_text "new Suspicious VPN logins"
keys Enter
wait_for "Created 2026-0008"
contains "$SCREEN" "Suspicious VPN logins" "the new incident is open"
keys q
wait_for "1 Open (6)"
keys D
wait_for "(1 in all)"
printf '%s\n' "$SCREEN" | grep -q '██$' || fail "no full bar for the last hour: $SCREEN"
keys q
wait_for "1 Open (6)"

# Resize: 80x24 lays the queue out again; below, a clear message.
T resize-window -t q -x 80 -y 24
wait_for " ID        URGENCY   PHASE    CLASSES    DEPARTMENT TITLE              AGE  DONE"
expect_line 3 "*2026-0003 high      report   targeted,… 生命理工…  標的型メールの…   15 d   1/3"
expect_line 7 "*2026-0006 normal    intake   policy     環境・社…  P2Pファイル共…    24 h   0/2"
T resize-window -t q -x 70 -y 20
wait_for "casebook needs at least 80x24"
T resize-window -t q -x 120 -y 40
wait_for "1 Open (6)"
quit
