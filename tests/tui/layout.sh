# Layout: after G on a long checklist the screen is what a repaint
# (Ctrl-L) draws, at several sizes (rows of wide characters overwritten
# used to lose their last character); the title and the department take
# the spare width of a wide terminal; at 80x24 the phase is never cut;
# the dashboard says when it hides rows.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
for n in a b c d e f; do
	expect_exit 0 cb new --title "extra $n" --department "部局 $n"
done

for size in "120 40" "100 30" "80 24"; do
	set -- $size
	S=g$1
	start "$S" "$1" "$2"
	wait_for "4 Closed"
	for r in 0 1 2 3; do
		keys g
		[ $r -eq 0 ] || keys $(yes j | head -$r)
		keys Enter
		wait_for "Incident"
		keys G
		settle
		before=$SCREEN
		keys C-l
		sleep 0.3
		settle
		[ "$before" = "$SCREEN" ] || fail "${1}x$2, incident $r: the screen after G differs from its repaint:
$(printf '%s\n' "$before" >"$TESTDIR/a"; printf '%s\n' "$SCREEN" >"$TESTDIR/b"; diff "$TESTDIR/a" "$TESTDIR/b")"
		keys q
		wait_for "4 Closed"
	done
	keys Q
done

# 200 columns: the department whole, the title whole, the phase whole.
S=w
start w 200 40
wait_for "4 Closed"
row=$(printf '%s\n' "$SCREEN" | grep "2026-0006")
contains "$row" "環境・社会理工学院 " "the department whole"
contains "$row" "P2Pファイル共有ソフトの通信 (利用規定違反の疑い)" "the title whole"
row=$(printf '%s\n' "$SCREEN" | grep "2026-0003")
contains "$row" "targeted,malware" "the classes whole"
contains "$row" "生命理工学院 事務部" "the department whole"
keys Q

# 80x24: the phase whole on every row; the dashboard says what it hides.
S=s
start s 80 24
wait_for "4 Closed"
contains "$(printf '%s\n' "$SCREEN" | grep 2026-0004)" " recovery " "the phase at 80 columns"
# The incident's header: the phase first, whole, however long the rest.
keys :
type_text "2026-0006"
keys Enter
wait_for "Incident 2026-0006"
contains "$(line 2)" "Phase: intake   Urgency: normal" "the incident's phase at 80 columns"
keys q
wait_for "4 Closed"
keys D
wait_for "Open by department"
contains "$SCREEN" "more not shown" "the dashboard's hidden rows"
quit
exit 0
