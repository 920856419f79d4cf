# The NAS intrusion of DOMAIN.md walked from intake to closed through the
# command line: at every step the items that become ready are those the
# graph says, the gates refuse early advances and list what is missing,
# the Table 1 rule fires (outside targets: urgency immediate and the
# cut-off), the head's severity is refused to staff and taken from the
# head, and going back a phase is recorded.
. "$(dirname "$0")/lib.sh"

me=$(id -un)
expect_exit 0 cb init
# Created without a class: the class is answered at triage, once the
# source is known (a class given to 'new' would be the creator's answer,
# tests/cmd/one-fact.sh).
expect_exit 0 cb new --title "NAS (nas-lab3) attacking outside hosts" \
	--department "工学院"
id=$OUT

# intake
state_is "$id" source ready
state_is "$id" reporter ready
state_is "$id" classification blocked
state_is "$id" urgency blocked
expect_exit 1 cb advance "$id"
contains "$ERR" "intake phase is not complete" "early advance refused"
contains "$ERR" "source" "missing source listed"
contains "$ERR" "reporter" "missing reporter listed"
[ "$(rgit log --format=%s -1 main)" = "$id: new incident: NAS (nas-lab3) attacking outside hosts" ] ||
	fail "a refused advance wrote to the record"
expect_exit 2 cb answer "$id" source maybe
contains "$ERR" "alert, external_report" "choice lists its options"
expect_exit 1 cb answer "$id" urgency immediate
contains "$ERR" "waits for classification, affected_host" "blocked item refused"
expect_exit 0 cb answer "$id" source alert -m "Splunk: SSH brute force from 192.0.2.10"
contains "$OUT" "classification" "source unblocks classification"
contains "$OUT" "affected_host" "source unblocks affected_host"
state_is "$id" classification ready
state_is "$id" affected_host ready
state_is "$id" urgency blocked
expect_exit 0 cb answer "$id" reporter "NOC 伊藤"
expect_exit 0 cb advance "$id"
contains "$OUT" "intake -> triage" "advance to triage"

# triage
expect_exit 0 cb answer "$id" classification intrusion
state_is "$id" urgency blocked
expect_exit 2 cb answer "$id" affected_host "192.0.2.10, not a host!"
contains "$ERR" "neither an IP address nor a host name" "hosts checked"
expect_exit 0 cb answer "$id" affected_host "192.0.2.10, nas-lab3"
state_is "$id" urgency ready
state_is "$id" attack_scope ready
state_is "$id" external_targets blocked
expect_exit 0 cb show "$id" --json
contains "$OUT" '"nas-lab3"' "affected_host sets the incident's hosts"
expect_exit 0 cb answer "$id" attack_scope "SSH brute force to outside, 2,000 hosts/h"
state_is "$id" external_targets ready
expect_exit 1 cb advance "$id"
contains "$ERR" "external_targets" "gate lists external_targets"
contains "$ERR" "urgency" "gate lists urgency"
expect_exit 2 cb answer "$id" external_targets maybe
contains "$ERR" "yes or no" "yesno refuses maybe"
expect_exit 0 cb answer "$id" external_targets yes
contains "$OUT" "suggest_urgency immediate" "Table 1: outside targets suggest immediate"
contains "$OUT" "suggest_action cut_off" "Table 1: outside targets suggest the cut-off"
expect_exit 0 cb checklist "$id" --json
contains "$OUT" '"effect": "suggest_urgency"' "suggestion recorded"
contains "$OUT" '"status": "open"' "suggestion open"
expect_exit 0 cb checklist "$id"
ukey=$(printf '%s\n' "$OUT" | grep -oE '[a-z-]+/[a-z_]+/[0-9]+: suggest_urgency immediate' |
	cut -d: -f1 | head -1)
[ -n "$ukey" ] || fail "no urgency suggestion key found"
expect_exit 0 cb accept "$id" "$ukey"
expect_exit 0 cb show "$id" --json
contains "$OUT" '"urgency": "immediate"' "accepting the suggestion sets urgency"
expect_exit 0 cb checklist "$id" --json
contains "$OUT" '"status": "accepted"' "suggestion accepted"
expect_exit 3 cb accept "$id" "$ukey"
contains "$ERR" "already accepted by $me" "a suggestion is acted on once"
state_is "$id" urgency answered
expect_exit 0 cb answer "$id" urgency immediate
contains "$OUT" "already reads so" "accepting the suggestion answered urgency"
state_is "$id" network_cutoff ready
expect_exit 0 cb advance "$id"
contains "$OUT" "triage -> initial" "advance to initial"

# initial: the cut-off, with a time
expect_exit 2 cb answer "$id" network_cutoff "yesterday-ish"
contains "$ERR" "2026-12-01T15:00+09:00" "done shows the accepted forms"
expect_exit 0 cb answer "$id" network_cutoff "2019-06-03T14:20+09:00"
state_is "$id" network_cutoff answered
expect_exit 0 cb advance "$id"

# handling
state_is "$id" host_profile ready
state_is "$id" confidential_data blocked
expect_exit 0 cb answer "$id" host_profile "研究室のNAS、管理者パスワードが初期値"
state_is "$id" confidential_data ready
state_is "$id" data_leak blocked
expect_exit 2 cb answer "$id" observation_period "2019-06-03T15:00+09:00/2019-06-01T00:00+09:00"
contains "$ERR" "ends before it starts" "period order checked"
expect_exit 0 cb answer "$id" observation_period "2019-06-01 00:00/2019-06-03 14:20"
expect_exit 0 cb answer "$id" confidential_data no
expect_exit 0 cb answer "$id" data_leak no
expect_exit 0 cb advance "$id"
contains "$OUT" "handling -> recovery" "advance to recovery"

# recovery
state_is "$id" root_cause ready
state_is "$id" safe_to_restore blocked
expect_exit 0 cb answer "$id" root_cause "初期パスワードのままSSHを公開"
expect_exit 0 cb answer "$id" safe_to_restore yes
expect_exit 0 cb answer "$id" recovery_done now
expect_exit 0 cb advance "$id"
contains "$OUT" "recovery -> report" "advance to report"

# report: the department head's severity
expect_exit 0 cb answer "$id" prevention "パスワード変更とSSHの学内限定"
expect_exit 0 cb role "$me" staff
expect_exit 0 cb whoami
contains "$OUT" "role: staff" "now staff"
expect_exit 4 cb answer "$id" dept_severity low
contains "$ERR" "only the department head" "staff may not decide severity"
expect_exit 4 cb set "$id" severity low
expect_exit 4 cb answer "$id" urgency high
contains "$ERR" "only a tech member" "staff may not set urgency"
expect_exit 1 cb advance "$id"
contains "$ERR" "dept_severity" "the gate waits for the head"
expect_exit 0 cb list --json
contains "$OUT" '"waiting": "head"' "the queue shows it waits on the head"
expect_exit 0 cb list --waiting head
contains "$OUT" "$id" "the head's queue has it"
expect_exit 0 cb list --waiting tech
lacks "$OUT" "$id" "the CERT's queue has not"
expect_exit 2 cb list --waiting boss
# A person with write access to the store's files is trusted: the
# store config makes this user the head.
git config --file "$CASEBOOK_STORE/config" "user.$me.role" head
expect_exit 0 cb answer "$id" dept_severity low
expect_exit 0 cb show "$id" --json
contains "$OUT" '"severity": "low"' "the head's answer sets the severity"
# The report sent is the office's or the CERT's to record, not the head's.
expect_exit 4 cb answer "$id" report_filed now
contains "$ERR" "only office staff or a tech member may answer report_filed" "the head does not record the report"
git config --file "$CASEBOOK_STORE/config" "user.$me.role" tech
expect_exit 0 cb answer "$id" report_filed now
expect_exit 0 cb advance "$id"
contains "$OUT" "report -> closed" "closed"
expect_exit 2 cb advance "$id"
contains "$ERR" "closed, the last phase" "nothing after closed"

# Going back is allowed and recorded, with the reason.
expect_exit 0 cb advance "$id" --back -m "the ministry asked for more detail"
contains "$OUT" "closed -> report" "back to report"
contains "$(rgit log --format=%s -1 main)" "(back): the ministry asked" "back recorded"
expect_exit 0 cb advance "$id"

# History: one commit per answer with its item in a trailer.
n=$(rgit log --format=%b main | grep -c "^Casebook-Item: ")
[ "$n" = 18 ] || fail "expected 18 answer commits (one per item answered), got $n"
rgit log --format=%B main | grep -q "^Casebook-Item: dept_severity" ||
	fail "dept_severity answer has no trailer"
# The checklist as it was, for a reviewer replaying the case.
c=$(rgit log --format=%H --grep="answer source" main | head -1)
expect_exit 0 cb checklist "$id" --at "$c"
contains "$OUT" "phase intake" "as of the first answer: intake"
printf '%s\n' "$OUT" | grep -qE '^  \[x\] source +\*answered +alert' ||
	fail "as of the first answer: source answered"
printf '%s\n' "$OUT" | grep -qE '^  \[ \] reporter +\*ready' ||
	fail "as of the first answer: reporter still ready"
expect_exit 1 cb checklist "$id" --at 0123456789abcdef
contains "$ERR" "no commit" "an unknown commit"
expect_exit 0 cb checklist "$id"
contains "$OUT" "report: complete" "every gate met"
lacks "$OUT" "blocked" "nothing blocked at the end"
expect_exit 0 cb check
exit 0
