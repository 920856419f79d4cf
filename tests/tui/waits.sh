# Whom a case waits on: on a wide terminal the queue's WAITS ON column
# names the role (CERT, the department head, office staff) and, for the
# CERT and the office staff, the assignee of that role; tab 5 lists the cases waiting on the user's role,
# in Japanese as 自分の番 with 待ち先.  The demo has cases waiting on
# each role, so every role's tab has something in it.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
# 2026-0006 in triage, once the host is known: the urgency (the CERT's)
# is ready, and the case waits on the CERT, assigned to nakamura.
expect_exit 0 cb answer 2026-0006 source user_report
expect_exit 0 cb answer 2026-0006 reporter "Sato, ext. 1234"
expect_exit 0 cb advance 2026-0006
expect_exit 0 cb answer 2026-0006 affected_host 198.51.100.77
expect_exit 0 cb set 2026-0006 assignees nakamura
expect_exit 0 cb list --waiting tech
contains "$OUT" "2026-0006" "the index: waiting on tech"

# listed ID [PATTERN]: the rows of the screen (below the headings) have
# ID, followed by PATTERN on its row.
listed() { printf '%s\n' "$SCREEN" | sed -n '3,$p' | grep -q "$1${2:+ .*$2}"; }

S=w
start w 140 30
# The CERT's: 2026-0006 now, and the demo's 2026-0003 (its prevention).
wait_for "5 For me (2)"
contains "$(line 2)" "WAITS ON" "the column on a wide terminal"
printf '%s\n' "$SCREEN" | grep -q "2026-0006 .*CERT: nakamura" ||
	fail "2026-0006 waits on the CERT, nakamura: $SCREEN"
# The demo has a case waiting on each role.
printf '%s\n' "$SCREEN" | grep -q "2026-0007 .*dept. head" ||
	fail "2026-0007 waits on the head: $SCREEN"
printf '%s\n' "$SCREEN" | grep -q "2026-0004 .*office staff: yamada" ||
	fail "2026-0004 waits on office staff, yamada (the assignee who is staff): $SCREEN"
keys 5
settle
listed 2026-0006 ||
	fail "tab 5 lists the case waiting on me: $SCREEN"
listed 2026-0003 ||
	fail "tab 5 lists the demo's case waiting on the CERT: $SCREEN"
listed 2026-0007 &&
	fail "tab 5 lists only cases waiting on me: $SCREEN"
quit

# The department head's tab: the case that needs the head's decision.
git config --file "$DEMO/config" "user.$(id -un).role" head
S=h
start h 140 30
wait_for "5 For me (1)"
keys 5
settle
listed 2026-0007 "dept. head" ||
	fail "the head's tab lists the defaced page waiting on the head: $SCREEN"
listed 2026-0004 &&
	fail "the head's tab lists only the head's cases: $SCREEN"
quit

# Office staff: the cases waiting on what the department tells them.
git config --file "$DEMO/config" "user.$(id -un).role" staff
S=s
start s 140 30
wait_for "5 For me (2)"
keys 5
settle
for id in 2026-0004 2026-0005; do
	listed "$id" "office staff" ||
		fail "the staff tab lists $id: $SCREEN"
done
quit

# In Japanese; and at 120 columns the layout stays as it was.
git config --file "$DEMO/config" --unset "user.$(id -un).role"
if locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8'; then
	unset LC_ALL
	export LANG=ja_JP.UTF-8
	S=j
	start j 140 30
	wait_for "5 自分の番 (2)"
	contains "$(line 2)" "待ち先" "the column's header"
	quit
	S=n
	start n 120 30
	wait_for "5 自分の番 (2)"
	lacks "$(line 2)" "待ち先" "no column at 120"
	quit
fi
exit 0
