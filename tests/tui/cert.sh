# What a CERT member reaches for (tig, mutt, vim habits): '/' then n and
# N on the lists, the position shown, unknown keys named, the queue
# sorted by any column and reversed, rows marked and a bulk act on them
# (one commit an incident, refusals listed per incident), a new
# incident on 'c'.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
S=c
start c 120 40
wait_for "4 Closed (2)"
# The position of the selection, at the right of the status row.
contains "$(line 39)" "1/5" "the position indicator"
keys j
wait_for " 2/5"

# An unknown key is named, not ignored.
keys Z
wait_for "Unknown key Z (? lists the keys)"

# Sorting: 'o' cycles the column (the heading marked ^), 'O' reverses.
keys o
wait_for "Sorted by ID"
contains "$(line 2)" " ID^ " "the sorted column is marked"
expect_line 3 "*2026-0003 high      report   targeted,malware 生命理工学院 事務… 標的型メールのリンクからマルウェアDL        15 d   1/3"
keys O
wait_for "Sorted by ID, reversed"
contains "$(line 2)" " IDv " "a reversed column is marked v"
contains "$(line 3)" "2026-0007" "the highest id first"
contains "$(line 7)" "2026-0003" "the lowest id last"
keys o o o o o
wait_for "Sorted by TITLE, reversed"
contains "$(line 2)" "TITLEv" "the title column"
# Reversed title order: bytes of Japanese after ASCII.
contains "$(line 3)" "研究室Webページ" "the last title first"
keys O
wait_for "Sorted by TITLE"
contains "$(line 3)" "Adware downloads" "the first title first (A)"
contains "$(line 4)" "JPCERT/CC" "then J"
keys o o o
wait_for "In queue order"
expect_line 2 " ID        URGENCY   PHASE    CLASSES          DEPARTMENT         TITLE                                        AGE  DONE"
contains "$(line 3)" "2026-0003" "queue order again"

# The filter shows that the queue is limited, and every tab counts
# through it; n and N step through its rows.
keys /
type_text "理学院"
wait_for "(limited)"
# While it is typed the other tabs wait (each count scans its tab).
contains "$(line 1)" "4 Closed (...)" "the closed tab waits for Enter"
keys Enter
wait_for "4 Closed (1)"
contains "$SCREEN" "1 Open (2)" "the open tab through the filter"
contains "$SCREEN" "3 Waiting (2)" "the waiting tab through the filter"
keys /
keys BSpace BSpace BSpace
type_text "6-000"
wait_for "filter: 6-000"
keys Enter
wait_for "4 Closed (2)"
contains "$SCREEN" "1 Open (5)" "every open id has 6-000"
wait_for " 1/5"
keys n
wait_for " 2/5"
keys N N
wait_for " 5/5"
wait_for "Search went round to the bottom"
keys Escape
wait_for "4 Closed (2)"
lacks "$SCREEN" "(limited)" "Esc ends the limit"

# '/' then n and N in the help, vim's way: the match highlighted.
keys ?
wait_for "Keys of the Queue screen"
keys /
type_text "incident"
keys Enter
wait_gone "/incident"
pos1=$(line 39 | grep -o '[0-9]*/[0-9]*')
[ "$pos1" = "2/${pos1#*/}" ] || fail "the first match is the second row: $pos1"
# The match is drawn in the match colour (yellow, reverse).
T capture-pane -p -e -t "$S" | grep "open the" | grep -q "incident" ||
	fail "no match on the row"
keys n
wait_for "mark or unmark the incident"
pos2=$(line 39 | grep -o '[0-9]*/[0-9]*')
[ "$pos1" != "$pos2" ] || fail "n did not move: $pos1"
keys N
settle
[ "$(line 39 | grep -o '[0-9]*/[0-9]*')" = "$pos1" ] || fail "N did not go back to $pos1: $SCREEN"
keys /
type_text "no such text"
keys Enter
wait_for "Not found: no such text"
keys q
wait_for "4 Closed (2)"

# 'c' makes a new incident (n is next match now).
keys c
wait_for "Title of the new incident:"
type_text "Port scan from a lab"
keys Enter
wait_for "Created 2026-0008"
keys q
wait_for "1 Open (6)"

# The notebook and the history: '/' then n.
keys B
wait_for "Notebook 2026-0003"
keys /
type_text "root"
keys Enter
settle
contains "$SCREEN" "1/" "a position in the notebook"
keys q
wait_for "1 Open (6)"
keys H
wait_for "History 2026-0003"
keys /
type_text "create"
keys Enter
settle
pos1=$(line 39 | grep -o '[0-9]*/[0-9]*')
keys N
settle
lacks "$SCREEN" "Not found" "history rows are found"
keys q
wait_for "1 Open (6)"
quit

# In Japanese: the limit, the sort, an unknown key, the position.
S=j
LANGUAGE=ja start j 120 40 --demo
wait_for "4 完了"
keys o
wait_for "番号の順に並べました"
keys O
wait_for "番号の逆順に並べました"
keys Z
wait_for "不明なキー: Z (? でキーの一覧)"
keys /
type_text "理学院"
keys Enter
wait_for "(絞り込み中)"
keys t
wait_for "1 件に印"
quit
exit 0
