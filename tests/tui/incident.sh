# The incident screen: the checklist by phase, a refused gate listing
# what is missing, answering a ready item in place (a choice, a line of
# text, a bad value explained) and its dependents becoming ready, the
# phase advanced, a role refusal with its reason.
. "$(dirname "$0")/lib.sh"

demo_store
S=i
start i 120 40 --demo
wait_for "1 Open (5)"
keys G Enter
wait_for "2026-0006  P2Pファイル共有ソフトの通信 (利用規定違反の疑い)"
# Nobody gave an urgency: it is the default, not the creator's decision;
# the class given at creation is the creator's answer.
expect_line 2 "Phase: intake   Urgency: normal (default)   Severity: - (the department head decides)"
expect_line 3 "Assigned: nobody   Classes: policy   Department: 環境・社会理工学院   Hosts: -"
expect_line 4 "intake  0/2  <- current phase"
expect_line 5 "  [ ] How it was detected or reported *            ready"
expect_line 8 "  [x] Incident class(es) *                         policy  (nakamura)"
expect_line 9 "  [#] Affected host(s) *                           waits for: How it was detected or reported"

# The gate is not met: advancing is refused with the missing items.
keys '>'
wait_for "the intake phase is not complete: 2 required items are missing: source (ready), reporter (ready)"
contains "$SCREEN" "Cannot advance" "the status line"
lacks "$SCREEN" "Phase: triage" "the phase"

# i: the selected item's texts whole, in the pager.
keys i
wait_for "Incident 2026-0006 > Text source"
contains "$SCREEN" "A rights holder's notice has a reply deadline" "the guidance, whole"
keys q
wait_for "2026-0006  P2P"

# A blocked item cannot be answered: it says what it waits for.
keys j j j
keys Enter
wait_for "affected_host is not ready: it waits for How it was detected or reported"
keys g

# A choice: the chooser lists the playbook's options.
keys Enter
wait_for "A report from a user on campus  (user_report)"
keys j j Enter
wait_for "Saved source = user_report; now ready: affected_host"
expect_line 4 "intake  1/2  <- current phase"
expect_line 5 "  [x] How it was detected or reported *            user_report  ($(id -un))"
expect_line 8 "  [x] Incident class(es) *                         policy  (nakamura)"
expect_line 9 "  [ ] Affected host(s) *                           ready"

# A line of text.
keys j Enter
wait_for "Reporter and contact:"
type_text "Sato (env. dept. office), ext. 1234"
keys Enter
wait_for "[x] Reporter and contact *                       Sato (env. dept. office), ext. 1234"

# A bad value is explained, and the line comes back with what was typed.
keys j j Enter
wait_for "Affected host(s) (addresses or names, comma-separated):"
keys C-u
type_text "not a host!"
keys Enter
wait_for "Affected host(s) (addresses or names, comma-separated): not a host!"
keys C-u
type_text "198.51.100.77"
keys Enter
wait_for "Saved affected_host = 198.51.100.77"

# The gate met, the phase advances, once asked.
keys '>'
wait_for "Advance 2026-0006 from intake to the next phase? (y/n)"
keys y
wait_for "2026-0006 is now in phase triage"
wait_for "Phase: triage"

# Rule suggestions: an alert as the source of an intrusion suggests
# checking the alert and measuring the attack traffic; y accepts one,
# x dismisses the other.
# A new intrusion, recorded from the command line while the TUI runs.
"$CASEBOOK" --store "$XDG_DATA_HOME/casebook-demo" new \
	--title "SSH brute force from a lab server" --class intrusion >/dev/null ||
	fail "cannot record a new incident"
keys q
wait_for "1 Open (6)"
keys :
type_text "goto 2026-0008"
keys Enter
wait_for "2026-0008  SSH brute force from a lab server"
keys Enter
wait_for "Enter chooses"
keys Enter
wait_for "Saved source = alert"
keys G
wait_for "Detected attack traffic starts the triage."
contains "$SCREEN" "Suggestions from the playbook rules (y accept, x dismiss)" "the suggestions' heading"
contains "$SCREEN" "[?] suggested action: Check the Rocket.Chat alert and the matching attack traffic events in Splunk   intrusion/attack…" "the first suggestion, by its label"
contains "$SCREEN" "[?] suggested action: Measure the attack traffic's destinations and volume" "the second"
keys y
wait_for "Accepted intrusion/attack_traffic_starts_triage/1"
lacks "$SCREEN" "measure_attack_traffic   intrusion" "an accepted suggestion is no longer open"
keys G x
wait_for "Dismiss the suggestion suggest_action check_alert for good? (y/n)"
keys y
wait_for "Dismissed intrusion/attack_traffic_starts_triage/0"
lacks "$SCREEN" "Suggestions from the playbook rules" "no open suggestion left"
expect_exit 0 cb --store "$XDG_DATA_HOME/casebook-demo" checklist 2026-0008 --json
contains "$OUT" '"status": "accepted"' "recorded as accepted"
contains "$OUT" '"status": "dismissed"' "recorded as dismissed"

# Urgency and severity side by side, with who decided each.
keys q
wait_for "1 Open (6)"
keys g Enter
wait_for "2026-0003  標的型メールのリンクからマルウェアDL"
expect_line 2 "Phase: report   Urgency: high (nakamura)   Severity: low (kobayashi)"
quit

# A role refusal shows its reason before anything is typed.
"$CASEBOOK" --store "$XDG_DATA_HOME/casebook-demo" role "$(id -un)" staff >/dev/null ||
	fail "cannot give the tester the staff role"
S=r
start r 120 40 --demo
wait_for "1 Open (6)"
keys :
type_text "goto 2026-0006"
keys Enter
wait_for "Phase: triage"
keys g j j
wait_for "Incident class(es) (classification, choice, answered by CERT)"
keys Enter
wait_for "only a tech member (CERT) may answer classification; you are staff"
lacks "$SCREEN" "Enter chooses, Esc cancels" "no chooser for a refused item"
quit
