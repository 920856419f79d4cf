# Rules that see alerts (issue 11) and alerts in timelines, statistics
# and import (issue 13): a Lastline impact of 80 merged into an incident
# suggests high urgency, in the merge's one commit; an outside
# organisation's report suggests urgency; the paper's third case: new
# alerts for a host after its cut-off suggest going back to handling, in
# one commit per incident per ingest, and alerts before the cut-off or
# for another host suggest nothing; alerts after the incident entered
# recovery do the same; first detection is the earliest attached
# alert's event time; stats' alert figures match the alerts tables; a
# TheHive alert file imported twice gives its alerts once.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

FX=$TOP_SRCDIR/tests/fixtures/alerts
db=$CASEBOOK_STORE/index.db
q() { sqlite3 "$db" "$1"; }
commits() { rgit rev-list --count main; }
# suggestion ID KEY: the status of the recorded suggestion KEY, or "none".
suggestion() {
	expect_exit 0 cb checklist "$1" --json
	printf '%s' "$OUT" | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin)["suggestions"] if x["key"] == sys.argv[1]]
print(s[0]["status"] if s else "none")' "$2"
}
# alert LINE-FIELDS...: one casebook JSON alert line.
alert() {	# alert REF HOST EVENT_TIME
	printf '{"casebook_alert":1,"event_time":"%s","received":"2026-12-01T09:00:00Z","signature":"C2 beacon to 198.51.100.20","category":"command-and-control","source":"suricata","source_ref":"%s","src":{"addr":"%s"},"dst":{"addr":"198.51.100.20"}}\n' "$3" "$1" "$2"
}

expect_exit 0 cb init
expect_exit 0 cb ingest "$FX/suricata-eve.json" "$FX/lastline.cef"

# --- Lastline impact >= 80, merged -------------------------------------------
g=$(q "SELECT grp FROM alerts WHERE source_ref = '1822374892311234:2024792'")
expect_exit 0 cb alert promote "$g"
id=$OUT
[ "$(suggestion "$id" malware/lastline_high_impact/0)" = none ] ||
	fail "a Suricata alert alone suggests no Lastline urgency"
# 45 is below the threshold: merged into another incident, nothing.
g45=$(q "SELECT grp FROM alerts WHERE source = 'lastline' AND score = 45")
expect_exit 0 cb alert promote "$(q "SELECT grp FROM alerts WHERE source = 'lastline' AND score = 95")"
id95=$OUT
[ "$(suggestion "$id95" malware/lastline_high_impact/0)" = open ] ||
	fail "a promoted Lastline impact of 95 suggests high urgency"
g80=$(q "SELECT grp FROM alerts WHERE source_ref = 'a1b2c3d4:00000001:ffffffff'")
[ "$(q "SELECT score FROM alerts WHERE grp = $g80")" = 80.0 ] || fail "fixture: impact 80"
c=$(commits)
expect_exit 0 cb alert merge "$g80" "$id"
[ "$(commits)" = $((c + 1)) ] || fail "the merge and its rules are one commit"
rgit log -1 --format=%B main | grep -q "Casebook-Action: attach" || fail "the merge is an attach"
[ "$(suggestion "$id" malware/lastline_high_impact/0)" = open ] ||
	fail "Lastline impact 80 merged in suggests high urgency"
expect_exit 0 cb checklist "$id"
contains "$OUT" "Lastline detection of impact 80 or more" "the rule's why"
rgit show main -- "$(rgit show --name-only --format= main | grep checklist.json)" |
	grep -q lastline_high_impact || fail "the suggestion is in the merge's commit"

# --- an outside organisation's report ------------------------------------------
expect_exit 0 cb ingest "$FX/external-report.jsonl"
expect_exit 0 cb alert promote "$(q "SELECT grp FROM alerts WHERE source = 'jpcert'")"
ext=$OUT
expect_exit 0 cb checklist "$ext" --json
contains "$OUT" '"external_report"' "the report answers source external_report"
printf '%s' "$OUT" | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin)["suggestions"]
     if x["effect"] == "suggest_urgency" and x["value"] in ("high", "immediate")
     and x["status"] == "open" and "external_report" in x["key"]]
sys.exit(0 if s else 1)' || fail "an outside report suggests urgency: $OUT"

# --- the third case: alerts after the cut-off -----------------------------------
H=10.20.30.40
expect_exit 0 cb answer "$id" urgency high
expect_exit 0 cb answer "$id" network_cutoff "2026-11-30T12:00:00+09:00"
expect_exit 0 cb set "$id" phase recovery --force --reason "restored after the cut-off"
key=malware/alerts_after_cutoff/0
# Before the cut-off (11:00 +09:00), and another host after it: nothing.
{ alert before-1 $H 2026-11-30T11:00:00+09:00
  alert other-1 10.20.30.98 2026-11-30T13:00:00+09:00; } >"$TESTDIR/quiet.jsonl"
c=$(commits)
expect_exit 0 cb ingest "$TESTDIR/quiet.jsonl"
contains "$OUT" "2 alerts added" "both alerts in"
lacks "$OUT" "new suggestions" "nothing suggested"
[ "$(commits)" = "$c" ] || fail "no commit for alerts before the cut-off or of another host"
[ "$(suggestion "$id" $key)" = none ] || fail "no suggestion before the cut-off"
# After it: two alerts for H in one batch, one commit, the suggestion.
{ alert after-1 $H 2026-11-30T13:00:00+09:00
  alert after-2 $H 2026-11-30T13:05:00+09:00
  alert after-3 10.20.30.98 2026-11-30T13:06:00+09:00; } >"$TESTDIR/c2.jsonl"
expect_exit 0 cb ingest "$TESTDIR/c2.jsonl"
contains "$OUT" "new suggestions from the alerts in 1 open incident" "said"
[ "$(commits)" = $((c + 1)) ] || fail "one commit for the incident, not one per alert"
rgit log -1 --format=%B main | grep -q "Casebook-Action: rules" || fail "the rules' commit"
[ "$(suggestion "$id" $key)" = open ] || fail "alerts after the cut-off suggest going back"
expect_exit 0 cb checklist "$id"
contains "$OUT" "$key: suggest_back handling" "shown with the rule's id"
contains "$OUT" "came after its cut-off time" "and why"
expect_exit 0 cb events
contains "$OUT" "$id rules" "the suggestion is an event"
# A replay adds nothing, commits nothing.
expect_exit 0 cb ingest "$TESTDIR/c2.jsonl"
contains "$OUT" "0 alerts added, 3 replayed" "a replay"
[ "$(commits)" = $((c + 1)) ] || fail "a replay commits nothing"
# Accepting is going back; once back in handling it is accepted.
expect_exit 2 cb accept "$id" $key
contains "$ERR" "casebook advance $id --back" "accept names the command"
expect_exit 0 cb advance "$id" --back -m "C2 traffic went on"
expect_exit 0 cb answer "$id" urgency immediate
[ "$(suggestion "$id" $key)" = accepted ] || fail "back in handling: accepted"
rgit fsck --strict >/dev/null 2>&1 || fail "git fsck"

# --- in recovery ---------------------------------------------------------------
expect_exit 0 cb import --format thehive "$FX/thehive-alerts.json"
contains "$ERR" "2 alerts added, 0 already there, 0 bad" "TheHive alerts in"
contains "$ERR" "1 imported" "the TheHive case an incident"
expect_exit 0 cb alert promote "$(q "SELECT grp FROM alerts WHERE source_ref = 'thehive:~40968296'")"
rec=$OUT
T0=1796000000
CASEBOOK_NOW=$T0 expect_exit 0 cb set "$rec" phase recovery --force --reason "rebuilt"
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
alert rec-before 10.20.30.78 "$(iso $((T0 - 60)))" >"$TESTDIR/r1.jsonl"
expect_exit 0 cb ingest "$TESTDIR/r1.jsonl"
[ "$(suggestion "$rec" malware/alerts_in_recovery/0)" = none ] ||
	fail "an alert from before the recovery suggests nothing"
alert rec-after 10.20.30.78 "$(iso $((T0 + 60)))" >"$TESTDIR/r2.jsonl"
expect_exit 0 cb ingest "$TESTDIR/r2.jsonl"
[ "$(suggestion "$rec" malware/alerts_in_recovery/0)" = open ] ||
	fail "an alert while in recovery suggests going back"
# Back in handling the rule no longer holds (not in recovery): the
# suggestion was followed, so accepted, not withdrawn.
expect_exit 0 cb set "$rec" phase handling --force --reason "C2 again"
[ "$(suggestion "$rec" malware/alerts_in_recovery/0)" = accepted ] ||
	fail "going back accepts the suggestion"
# A suggestion resting on alerts outlives an index without them (another
# site's, which never took them in): an answer does not withdraw it.
sqlite3 "$db" "DELETE FROM alerts WHERE source = 'lastline' AND score = 95"
expect_exit 0 cb answer "$id95" reporter "Library office, ext. 1234"
[ "$(suggestion "$id95" malware/lastline_high_impact/0)" = open ] ||
	fail "an answer without the alerts in the index keeps the suggestion"
expect_exit 0 cb answer "$id95" urgency high
[ "$(suggestion "$id95" malware/lastline_high_impact/0)" = accepted ] ||
	fail "setting the urgency accepts the Lastline suggestion"

# --- timeline: first detection ---------------------------------------------------
first=$(q "SELECT min(a.event_time) FROM alerts a JOIN alert_groups g ON a.grp = g.id WHERE g.incident = '$id'")
[ -n "$first" ] || fail "attached alerts"
expect_exit 0 cb timeline "$id" --json
printf '%s' "$OUT" | python3 -c '
import json, sys
m = [x for x in json.load(sys.stdin)["moments"] if x["moment"] == "detected"][0]
assert m["known"] and m["from_alert"], m
assert m["at"] == sys.argv[1], (m["at"], sys.argv[1])
assert m["from"].startswith("alerts-"), m' "$(iso "$first")" ||
	fail "detected is the earliest attached alert: $(iso "$first")"
expect_exit 0 cb timeline "$id"
contains "$OUT" "earliest alert in alerts-" "with its source"
[ "$(q "SELECT detected FROM moments WHERE incident = '$id'")" = "$first" ] ||
	fail "the moments table has it"
# A reindex makes the same moment from the record.
expect_exit 0 cb reindex
[ "$(q "SELECT detected FROM moments WHERE incident = '$id'")" = "$first" ] ||
	fail "the moment survives a reindex"
expect_exit 0 cb check

# --- stats ---------------------------------------------------------------------
attached=$(q "SELECT count(*) FROM alerts a JOIN alert_groups g ON a.grp = g.id WHERE g.incident IS NOT NULL")
incidents=$(q "SELECT count(*) FROM incidents")
groups=$(q "SELECT count(*) FROM alert_groups")
promoted=$(q "SELECT count(*) FROM alert_groups WHERE status = 'promoted'")
merged=$(q "SELECT count(*) FROM alert_groups WHERE status = 'merged'")
with=$(q "SELECT count(DISTINCT incident) FROM alert_groups WHERE incident IS NOT NULL")
[ "$attached" -ge 4 ] && [ "$promoted" -ge 4 ] && [ "$merged" = 1 ] ||
	fail "the test's own counts: $attached $promoted $merged"
expect_exit 0 cb stats --json
printf '%s' "$OUT" | python3 -c '
import json, sys
a = json.load(sys.stdin)["alerts"]
att, inc, grp, pro, mer, wth = map(int, sys.argv[1:7])
assert a["attached"] == att, (a, att)
assert a["incidents"] == inc and a["incidents_with_alerts"] == wth, a
assert abs(a["per_incident"] - att / inc) < 1e-9, a
assert a["groups"] == grp and a["promoted"] == pro and a["merged"] == mer, a
assert abs(a["promoted_share"] - pro / grp) < 1e-9, a' \
    "$attached" "$incidents" "$groups" "$promoted" "$merged" "$with" ||
	fail "stats' alert figures: $OUT"
expect_exit 0 cb stats
contains "$OUT" "alert groups: $groups; promoted $promoted" "in the text too"

# --- TheHive alerts imported twice -------------------------------------------------
n=$(q "SELECT count(*) FROM alerts")
c=$(commits)
expect_exit 0 cb import --format thehive "$FX/thehive-alerts.json"
contains "$ERR" "0 alerts added, 2 already there" "the second import adds no alert"
contains "$ERR" "0 imported, 1 already there" "nor the case"
[ "$(q "SELECT count(*) FROM alerts")" = "$n" ] || fail "the alerts once"
[ "$(commits)" = "$c" ] || fail "a second import commits nothing"
[ "$(q "SELECT source || ' ' || src || ' ' || event_time FROM alerts WHERE source_ref = 'thehive:~40964200'")" = "jpcert 10.20.30.77 1764583200" ] ||
	fail "a TheHive alert's normal form"
exit 0
