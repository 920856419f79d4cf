# The incident's fields edited in the TUI (title, department, reporter,
# hosts, assignees) through the store's set, so that the item mirroring a
# field is answered in the same commit; "take" on one key; the header
# shows the assignees, and the top row who works on which store as what.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "scan from a lab PC"
id=$OUT
me=$(id -un)

S=f
start f 120 40
wait_for "4 Closed"
contains "$(line 0)" "$me (tech) @ $CASEBOOK_STORE" "who works on which store as what"
keys Enter
wait_for "Assigned: nobody"

# t takes the incident: one commit, the header says so.
before=$(rgit rev-list --count main)
keys t
wait_for "$id is yours (assigned to $me)"
wait_for "Assigned: $me"
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "take: not one commit"
keys t
wait_for "$id is yours already"
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "take again wrote"

# e: a field chosen from the list, its value to edit in the prompt.
keys e
wait_for "Edit which field?"
contains "$SCREEN" "scan from a lab PC" "the current title in the list"
keys Enter
wait_for "Title: scan from a lab PC"
# Enter on the value unedited writes nothing.
keys Enter
wait_for "$id: title unchanged"
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "an unedited Enter wrote"
keys e
wait_for "Edit which field?"
keys Enter
wait_for "Title: scan from a lab PC"
keys C-u
type_text "Port scan from 研究室 PC"
keys Enter
wait_for "$id: title saved"
wait_for "Port scan from 研究室 PC"
cb show "$id" | grep -q "Port scan from 研究室 PC" || fail "the title: $(cb show "$id")"

# Hosts: the affected-host item is answered with the field, one commit.
n=$(rgit rev-list --count main)
keys e
wait_for "Edit which field?"
keys j j j Enter
wait_for "Hosts (comma-separated):"
type_text "pc-0042.example.ac.jp"
keys Enter
wait_for "$id: hosts saved"
wait_for "Hosts: pc-0042.example.ac.jp"
[ "$(rgit rev-list --count main)" = $((n + 1)) ] || fail "hosts: not one commit"
cb checklist "$id" | grep "affected_host" | grep -q "answered  pc-0042.example.ac.jp" ||
	fail "the mirrored item: $(cb checklist "$id")"

# A wrong value is refused with the store's reason, nothing written.
keys e
wait_for "Edit which field?"
keys Enter
wait_for "Title: Port scan"
keys C-u
type_text "$(printf '%0310d' 0)"
keys Enter
wait_for "title: too long"
settle
[ "$(rgit rev-list --count main)" = $((n + 1)) ] || fail "a too long title was written"
contains "$(line 1)" "Port scan from 研究室 PC" "the title unchanged"
# Esc in the list changes nothing.
keys e
wait_for "Edit which field?"
keys Escape
wait_gone "Edit which field?"
quit
exit 0
