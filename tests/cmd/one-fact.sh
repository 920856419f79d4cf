# One fact in one place: an incident field and the checklist item that
# mirrors it (graph.yaml 'field') are one fact.  Given at creation, set,
# or answered, both land in one commit in the name of who decided, under
# the item's role; a field nobody gave is a default, not a decision.  A
# forced phase move and the acts on suggestions have their own actions.
. "$(dirname "$0")/lib.sh"

me=$(id -un)
expect_exit 0 cb init
tip() { rgit rev-parse main; }
# files_of REV: the paths the commit touches, one a line.
files_of() { rgit show --format= --name-only "$1"; }
# one_commit WHAT: the last commit wrote both files of the incident.
one_commit() {
	files=$(files_of main)
	contains "$files" "$id/incident.json" "$1: incident.json in the commit"
	contains "$files" "$id/checklist.json" "$1: checklist.json in the same commit"
}
answered_by() {	# answered_by ITEM VALUE WHO
	expect_exit 0 cb checklist "$id"
	printf '%s\n' "$OUT" | grep -qE "^  \[x\] $1 +\*?answered +$2 \($3[ ,]" ||
		fail "$1 should be answered '$2' by $3: $(printf '%s\n' "$OUT" | grep -E "\] $1 ")"
}

# new: what the creator gives is the creator's answer, in the creation.
before=$(rgit rev-list --count main 2>/dev/null || echo 0)
expect_exit 0 cb new --title "Malware download on a lab PC" --class malware \
	--host 10.20.30.40 --reporter "Splunk dashboard (中村)"
id=$OUT
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "new is one commit"
one_commit "new"
answered_by classification malware "$me"
answered_by affected_host 10.20.30.40 "$me"
answered_by reporter "Splunk dashboard \(中村\)" "$me"
# The host is known, so what waits for it no longer does.
state_is "$id" malware_download ready
expect_exit 0 cb answer "$id" source alert
expect_exit 0 cb answer "$id" malware_download yes
lacks "$ERR" "waits for affected_host" "malware_download not refused"
contains "$OUT" "suggest_urgency high" "the download suggests high"

# A default is nobody's decision: shown as a default, everywhere.
expect_exit 0 cb show "$id"
printf '%s\n' "$OUT" | grep -qE '^urgency +normal +\(default: nobody decided it\)$' ||
	fail "show: the urgency is a default: $(printf '%s\n' "$OUT" | grep '^urgency')"
printf '%s\n' "$OUT" | grep -qE "^classes +malware +\($me\)\$" ||
	fail "show: the class is the creator's: $(printf '%s\n' "$OUT" | grep '^classes')"
expect_exit 0 cb show "$id" --json
contains "$(printf '%s' "$OUT" | tr -d ' \n')" '"defaults":["urgency"]' "show --json: defaults"
expect_exit 0 cb checklist "$id"
contains "$OUT" "(urgency is normal by default: nobody decided it)" "checklist: the default"
expect_exit 0 cb checklist "$id" --json
contains "$(printf '%s' "$OUT" | tr -d ' \n')" '"default":"normal","field":"urgency"' "checklist --json: the default"

# Accepting and dismissing a suggestion are different actions; accepting
# an urgency answers the urgency item.
expect_exit 0 cb checklist "$id"
ukey=$(printf '%s\n' "$OUT" | grep -oE '[a-z-]+/[a-z_]+/[0-9]+: suggest_urgency high' | cut -d: -f1)
akey=$(printf '%s\n' "$OUT" | grep -oE '[a-z-]+/[a-z_]+/[0-9]+: suggest_action' | cut -d: -f1 | head -1)
[ -n "$ukey" ] && [ -n "$akey" ] || fail "no suggestions to act on: $OUT"
expect_exit 0 cb accept "$id" "$ukey"
rgit log -1 --format=%B main | grep -qx "Casebook-Action: suggestion-accept" ||
	fail "accept: $(rgit log -1 --format=%B main)"
one_commit "accept"
answered_by urgency high "$me"
expect_exit 0 cb show "$id"
lacks "$OUT" "default" "an accepted urgency is a decision"
expect_exit 0 cb dismiss "$id" "$akey"
rgit log -1 --format=%B main | grep -qx "Casebook-Action: suggestion-dismiss" ||
	fail "dismiss: $(rgit log -1 --format=%B main)"

# answer sets the field; set answers the item; one commit each.
t=$(tip)
expect_exit 0 cb answer "$id" urgency immediate
[ "$(rgit rev-list --count "$t"..main)" = 1 ] || fail "answer is one commit"
one_commit "answer urgency"
expect_exit 0 cb show "$id" --json
contains "$OUT" '"urgency": "immediate"' "answering urgency sets the field"
t=$(tip)
expect_exit 0 cb set "$id" urgency low
[ "$(rgit rev-list --count "$t"..main)" = 1 ] || fail "set is one commit"
one_commit "set urgency"
rgit log -1 --format=%B main | grep -qx "Casebook-Item: urgency" ||
	fail "set urgency names the item it answers"
answered_by urgency low "$me"
expect_exit 0 cb set "$id" hosts "10.20.30.40, lab-pc7"
one_commit "set hosts"
answered_by affected_host "10.20.30.40,lab-pc7" "$me"
expect_exit 2 cb set "$id" hosts "not a host!"
contains "$ERR" "neither an IP address nor a host name" "a set field is checked as its item"
expect_exit 0 cb set "$id" reporter ""
state_is "$id" reporter ready

# The head's severity, set as a field, is the head's dept_severity.
git config --file "$CASEBOOK_STORE/config" "user.$me.role" head
expect_exit 0 cb set "$id" severity medium
one_commit "set severity"
answered_by dept_severity medium "$me"

# A staff member cannot decide urgency, by any path; nothing is written.
git config --file "$CASEBOOK_STORE/config" "user.$me.role" staff
t=$(tip)
expect_exit 4 cb set "$id" urgency high
contains "$ERR" "only a tech member (CERT) may set the urgency; you are staff" "set refused"
expect_exit 4 cb answer "$id" urgency high
contains "$ERR" "only a tech member (CERT) may answer urgency; you are staff" "answer refused"
expect_exit 4 cb new --title "staff guess" --urgency high
contains "$ERR" "may answer urgency; you are staff" "new --urgency refused"
expect_exit 4 cb new --title "staff guess" --class scan
contains "$ERR" "may answer classification; you are staff" "new --class refused"
[ "$(tip)" = "$t" ] || fail "a refused change wrote to the record"
expect_exit 0 cb new --title "reported by phone" --reporter "事務 山田"
git config --file "$CASEBOOK_STORE/config" "user.$me.role" tech

# A forced phase move is its own action, with its reason.
expect_exit 2 cb set "$id" phase report --force
contains "$ERR" "needs --reason" "a forced move needs a reason"
expect_exit 0 cb set "$id" phase report --force --reason "handled by phone, gates filled in later"
msg=$(rgit log -1 --format=%B main)
contains "$msg" "phase intake -> report (forced): handled by phone" "the forced move's message"
printf '%s\n' "$msg" | grep -qx "Casebook-Action: force-phase" || fail "force-phase: $msg"
expect_exit 0 cb set "$id" phase report --force --reason "again"
contains "$OUT" "already" "forcing the phase it is in changes nothing"

# graph.yaml: an unknown field is refused with the file and line.
sed 's/^    field: urgency$/    field: colour/' "$CASEBOOK_PLAYBOOKS/graph.yaml" >"$TESTDIR/graph.yaml"
line=$(grep -n '^    field: colour$' "$TESTDIR/graph.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "no field to break in graph.yaml"
expect_exit 1 cb playbook check "$TESTDIR/graph.yaml"
contains "$OUT$ERR" "$TESTDIR/graph.yaml:$line:" "file and line"
contains "$OUT$ERR" "unknown field 'colour'" "the unknown field named"
sed 's/^    field: hosts$/    field: urgency/' "$CASEBOOK_PLAYBOOKS/graph.yaml" >"$TESTDIR/graph.yaml"
expect_exit 1 cb playbook check "$TESTDIR/graph.yaml"
contains "$OUT$ERR" "field 'urgency' is already mirrored" "one item per field"
expect_exit 0 cb check
exit 0
