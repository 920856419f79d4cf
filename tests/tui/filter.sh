# The queue's filter on more matches than a screen holds: the matches
# come from the index, the rows shown are read by id, a longer filter
# narrows the matches in memory (more than 500 of them too), and one
# whose shorter filter stopped at the cap of 1000 reads on from there.
# Counts, order (queue order and sorted), the end of the list (G) and
# Japanese text stay as a fresh filter would give them.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "template" --department Eng --host pc-1
tmpl=$OUT
year=${tmpl%%-*}

# 1,250 open incidents in queue order (one urgency, a minute apart):
# 1-700 "scanner alert N", 701-1200 "scan probe N", 1201-1250
# "不審な通信 N-1200"; and 50 closed "scanner alert closed N".
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
python3 - "$WT" "$year" "$tmpl" <<'PY' || fail "cannot write the incidents"
import json, os, sys, shutil
wt, year, tmpl = sys.argv[1:4]
src = os.path.join(wt, "incidents", year, "00", tmpl)
base = json.load(open(os.path.join(src, "incident.json")))
for i in range(1, 1301):
    num = i + 1
    iid = "%s-%04d" % (year, num)
    d = os.path.join(wt, "incidents", year, "%02d" % (num // 100), iid)
    os.makedirs(d)
    inc = dict(base)
    if i <= 700:
        title = "scanner alert %d" % i
    elif i <= 1200:
        title = "scan probe %d" % i
    elif i <= 1250:
        title = "不審な通信 %d" % (i - 1200)
    else:
        title = "scanner alert closed %d" % i
    m = 60 * 24 * 20 + i
    stamp = "2026-10-%02dT%02d:%02d:00Z" % (1 + m // 1440, m // 60 % 24, m % 60)
    inc.update(id=iid, title=title, created=stamp, updated=stamp,
               department="工学院" if i % 2 else "Science",
               hosts=["pc-%05d" % i], urgency="normal",
               phase="closed" if i > 1250 else "intake")
    with open(os.path.join(d, "incident.json"), "w") as f:
        json.dump(inc, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
    shutil.copy(os.path.join(src, "checklist.json"), d)
PY
git -C "$WT" add -A && git -C "$WT" -c user.name=Bench -c user.email=b@example.org \
	commit -q -m "1,300 incidents by hand" && git -C "$WT" push -q origin main ||
	fail "git push"
expect_exit 0 cb reindex

S=f
start f 120 40
wait_for "1 Open (1251)" 20

# More than 500 matches (700), then narrowed as the filter grows.
keys /
type_text "scann"
wait_for "1 Open (700)"
contains "$(line 3)" "scanner alert 1 " "the first match in queue order"
type_text "er alert 69"
wait_for "1 Open (11)"
contains "$(line 3)" "scanner alert 69 " "narrowed: the first"
contains "$(line 4)" "scanner alert 690 " "narrowed: then 690"
contains "$(line 13)" "scanner alert 699 " "narrowed: 699 last"
lacks "$SCREEN" "scanner alert 6 " "a row the longer filter drops"
# Shorter again: the tab is read again, to its end.
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for "1 Open (700)"
keys Enter
wait_for "4 Closed (50)"
keys G
wait_for " 700/700"
printf '%s\n' "$SCREEN" | grep -q "scanner alert 700 " ||
	fail "the last of 700 matches, read by id: $SCREEN"

# A filter capped at 1000, then one character more: the 300 of its
# matches that still match, and 200 more read on after the 1000th.
keys Escape
wait_for "4 Closed (50)"
keys /
type_text "scan"
wait_for "1 Open (1000+)"
type_text " "
wait_for "1 Open (500)"
contains "$(line 3)" "scan probe 701 " "the first of the longer filter"
keys Enter
wait_for "4 Closed (0)"
keys G
wait_for " 500/500"
printf '%s\n' "$SCREEN" | grep -q "scan probe 1200 " ||
	fail "the last match, read on after the cap: $SCREEN"
keys g
wait_for " 1/500"
# The capped count of a fresh scan agrees: the same filter typed anew.
keys Escape
wait_for "1 Open (1251)"
keys /
type_text "scan "
wait_for "1 Open (500)"
keys Escape

# Sorted by title, then narrowed: still in title order.
keys /
type_text "scann"
wait_for "1 Open (700)"
keys Enter
keys o o o o o o
wait_for "Sorted by TITLE"
contains "$(line 3)" "scanner alert 1 " "sorted: 1"
contains "$(line 4)" "scanner alert 10 " "sorted: then 10"
contains "$(line 5)" "scanner alert 100 " "sorted: then 100"
keys /
type_text "er alert 7"
wait_for "1 Open (12)"
contains "$(line 3)" "scanner alert 7 " "sorted and narrowed: 7"
contains "$(line 4)" "scanner alert 70 " "sorted and narrowed: 70"
contains "$(line 5)" "scanner alert 700 " "sorted and narrowed: 700"
contains "$(line 6)" "scanner alert 71 " "sorted and narrowed: 71"
keys Escape
wait_for "1 Open (1251)"

# Japanese: narrowed by whole characters.
keys /
type_text "不審"
wait_for "1 Open (50)"
type_text "な通信 5"
wait_for "1 Open (2)"
contains "$SCREEN" "不審な通信 5 " "the Japanese match"
contains "$SCREEN" "不審な通信 50" "and the other"
keys Escape
quit
exit 0
