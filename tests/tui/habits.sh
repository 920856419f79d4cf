# Small habits: tabs in a note are expanded (not ^I), ':theme NAME' is
# remembered in the user's config for the next start, an unknown
# ':' command is named.
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
quit
exit 0
