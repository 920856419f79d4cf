# Small habits: tabs in a note are expanded (not ^I), ':theme NAME' is
# remembered in the user's config for the next start, the ':' line has
# a history (Up, Down) and completes commands and themes (Tab).
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "proxy log"
id=$OUT
expect_exit 0 cb note "$id" -m "$(printf 'host\tbytes\tverdict\npc-0042\t184321\tblocked')"

S=h
start h 120 40
wait_for "4 Closed"
keys B
wait_for "Notebook $id"
contains "$SCREEN" "host    bytes   verdict" "tabs to 8 columns"
contains "$SCREEN" "pc-0042 184321  blocked" "tabs to the next stop"
lacks "$SCREEN" "^I" "no tab shown as ^I"
keys q

keys :
type_text "theme light"
keys Enter
wait_for "Theme light (kept in $XDG_CONFIG_HOME/casebook/config)"
[ "$(git config -f "$XDG_CONFIG_HOME/casebook/config" tui.theme)" = light ] ||
	fail "the theme is not in the user's config: $(cat "$XDG_CONFIG_HOME/casebook/config")"
keys :
type_text "theme no-such-theme"
keys Enter
wait_for "no-such-theme"
[ "$(git config -f "$XDG_CONFIG_HOME/casebook/config" tui.theme)" = light ] ||
	fail "a theme that failed was remembered"

# The ':' line: Up and Down walk the commands run, Tab completes.
keys :
keys Up
wait_for ":theme no-such-theme"
keys Up
wait_for ":theme light"
keys Down
wait_for ":theme no-such-theme"
keys Down
settle
[ "$(line 39)" = ":" ] || fail "Down past the newest: '$(line 39)'"
keys C-u
type_text "theme h"
keys Tab
wait_for ":theme high-contrast"
keys Escape
keys :
type_text "da"
keys Tab
wait_for ":dashboard"
keys Enter
wait_for "Open by urgency"
keys q
wait_for "4 Closed"
# Tab again offers the next candidate, round.
keys :
type_text "theme "
keys Tab
wait_for ":theme default"
keys Tab
wait_for ":theme light"
keys Escape
quit
exit 0
