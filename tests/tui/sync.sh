# The TUI after syncs (issue 14): the header tells when the store last
# synced and how it went, read from the state sync leaves (the TUI
# never waits on a sync), and a tech member's incident screen shows what
# a sync could not both keep, until a decision resolves it.
. "$(dirname "$0")/lib.sh"

HUB=$TESTDIR/hub.git
B=$TESTDIR/b
git init -q --bare "$HUB" || fail "git init the hub"
cbb() { CASEBOOK_STORE=$B cb "$@"; }
expect_exit 0 cb init
expect_exit 0 cb remote add hub "$HUB"
expect_exit 0 cb new --title "shared by two sites"
id=$OUT
expect_exit 0 cb sync
expect_exit 0 cbb init
expect_exit 0 cbb remote add hub "$HUB"
expect_exit 0 cbb sync
export CASEBOOK_NOW=$((CASEBOOK_NOW + 60))
expect_exit 0 cbb set "$id" department "Medicine"
export CASEBOOK_NOW=$((CASEBOOK_NOW + 60))
expect_exit 0 cb set "$id" department "Law"	# the later decision
expect_exit 0 cbb sync
expect_exit 0 cb sync
contains "$OUT" "1 conflicts recorded" "the conflict at this site"
export CASEBOOK_NOW=$((CASEBOOK_NOW + 360))	# six minutes later

S=a
start a 120 40
wait_for "shared by two sites"
contains "$(line 0)" "synced 6 min ago" "the header's last sync"
keys Enter
wait_for "Sync conflict"
contains "$SCREEN" 'department: kept "Law", other "Medicine"' \
	"the conflict on the incident screen"
quit

# A failed sync says so in the header.
rm -rf "$HUB"
expect_exit 1 cb sync
S=b
start b 120 40
wait_for "shared by two sites"
contains "$(line 0)" "sync FAILED" "the header's failed sync"
quit

# A decision resolves it: the screen no longer shows it.
expect_exit 0 cb set "$id" department "Law School"
S=c
start c 120 40
wait_for "shared by two sites"
keys Enter
wait_for "Department: Law School"
lacks "$SCREEN" "Sync conflict" "a decided conflict"
quit
