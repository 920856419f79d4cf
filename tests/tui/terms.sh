# Terminals and themes: TERM screen, tmux-256color, xterm-256color,
# vt100 (no colours) and xterm (8 colours) all show the queue and an
# incident; NO_COLOR leaves attributes only; a theme file with an error
# is reported with its file and line and the default is used.
. "$(dirname "$0")/lib.sh"

demo_store
n=0
for term in screen tmux-256color xterm-256color vt100 xterm; do
	n=$((n + 1))
	TUI_TERM=$term
	S=t$n
	start "$S" 120 40 --demo --theme light
	wait_for "1 Open (5)"
	expect_line 3 "*2026-0003 high      report   targeted,malware 生命理工学院 事務… 標的型メールのリンクからマルウェアDL        15 d   1/3"
	keys G Enter
	wait_for "2026-0006  P2Pファイル共有ソフトの通信 (利用規定違反の疑い)"
	contains "$SCREEN" "[ ] How it was detected or reported *" "TERM=$term: the checklist"
	quit
done
TUI_TERM=tmux-256color

# SGR colour codes (30-37, 40-47, 90-97, 100-107, 38;5;N, 48;5;N).
colour='\[([0-9]+;)*(3[0-7]|4[0-7]|9[0-7]|10[0-7]|[34]8;5;[0-9]+)(;[0-9]+)*m'
S=c
start c 120 40 --demo
wait_for "1 Open (5)"
T capture-pane -e -p -t c | grep -aqE "$colour" || fail "the default theme shows no colour"
quit
export NO_COLOR=1
S=nc
start nc 120 40 --demo
wait_for "1 Open (5)"
T capture-pane -e -p -t nc | grep -aqE "$colour" && fail "NO_COLOR: colours were drawn"
T capture-pane -e -p -t nc | grep -aqE '\[([0-9]+;)*7(;[0-9]+)*m' || fail "NO_COLOR: no reverse video at all"
quit
unset NO_COLOR

# A theme with an error: file and line, and the default theme in use.
printf '[color "queue"]\n\turgent = red bold\n\thigh = purple\n' >"$TESTDIR/broken"
S=b
start b 200 40 --demo --theme "$TESTDIR/broken"
wait_for "$TESTDIR/broken:3: queue.high: unknown colour or attribute 'purple'"
contains "$SCREEN" "Default theme used: " "the fallback"
contains "$SCREEN" "1 Open (5)" "the queue is shown anyway"
# Switching at run time.
keys :
type_text "theme mono"
keys Enter
wait_for "Theme mono"
quit
S=u
start u 120 40 --demo --theme nosuch
wait_for "theme 'nosuch' not found"
quit

# The store's config chooses the theme when --theme does not.
printf '[tui]\n\ttheme = nosuch2\n' >>"$XDG_DATA_HOME/casebook-demo/config"
S=s
start s 120 40 --demo
wait_for "theme 'nosuch2' not found"
quit

# --keys: the key tables, as the help screens show them.
keys_out=$("$CASEBOOK" --keys)
contains "$keys_out" "  >              advance        advance to the next phase (lists what is missing)" "--keys: the incident's keys"
contains "$keys_out" "  /              filter         filter by title, id, department, host" "--keys: the queue's keys"
contains "$keys_out" "  :theme NAME" "--keys: the commands"

# Not a terminal: the queue as text, as before.
out=$("$CASEBOOK" --demo </dev/null | head -1)
contains "$out" "2026-0003" "casebook without a terminal prints the queue"
