# Promote and merge: one commit each, the alerts' normal form in the
# record as evidence, the items answered (source, classification,
# affected hosts) and the department set; git fsck clean; an outside
# organisation's alert answers external_report; the open incidents that
# share a host or an observable are named beside a group; a reindex from
# nothing restores the attached alerts from the record.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

FX=$TOP_SRCDIR/tests/fixtures/alerts
db=$CASEBOOK_STORE/index.db
q() { sqlite3 "$db" "$1"; }

expect_exit 0 cb init
printf 'host,department\n10.20.30.0/24,Library\n' >"$TESTDIR/hosts.csv"
expect_exit 0 cb hosts import "$TESTDIR/hosts.csv"
expect_exit 0 cb ingest "$FX/suricata-eve.json" "$FX/lastline.cef"
g=$(q "SELECT grp FROM alerts WHERE source_ref = '1822374892311234:2024792'")
commits=$(rgit rev-list --count main)

expect_exit 0 cb alert promote "$g"
id=$OUT
[ "$(rgit rev-list --count main)" = $((commits + 1)) ] ||
	fail "promote is one commit"
expect_exit 0 cb show "$id"
contains "$OUT" "ET MALWARE Win32/Emotet CnC Activity (POST) M4" "title from the signature"
contains "$OUT" "Library" "department from the host map"
contains "$OUT" "10.20.30.40" "the affected host"
contains "$OUT" "alerts-promoted-$g.jsonl" "the alerts as evidence"
state_is "$id" source answered
state_is "$id" classification answered
state_is "$id" affected_host answered
expect_exit 0 cb checklist "$id"
expect_exit 0 cb show "$id" --json
contains "$OUT" '"malware"' "the class suggested by the Suricata category"
# The evidence is the normal form, payload included, read back whole.
sha=$(q "SELECT sha256 FROM attachments WHERE incident = '$id'")
expect_exit 0 cb evidence "$id" "$sha"
contains "$OUT" '"casebook_alert":1' "normal form in the record"
contains "$OUT" '"source_ref":"1822374892311234:2024792"' "the alert"
contains "$OUT" '"raw":"{\"timestamp\"' "its payload"
files=$(rgit show --stat --format= main | grep -c '|')
[ "$files" = 4 ] || fail "incident, checklist, evidence and sidecar in one commit: $files files"
rgit fsck --strict >/dev/null 2>&1 || fail "git fsck after promote"
expect_exit 0 cb alerts --status promoted --json
contains "$OUT" "\"incident\": \"$id\"" "the group names its incident"
contains "$OUT" '"by": "root"' "who promoted"
expect_exit 3 cb alert promote "$g"
contains "$ERR" "promoted already" "a group is promoted once"

# Another group on the same host names the open incident beside it.
g2=$(q "SELECT grp FROM alerts WHERE source_ref = 'a1b2c3d4:00000001:ffffffff'")
expect_exit 0 cb alerts --status new
contains "$OUT" "open incidents sharing a host or observable: $id 10.20.30.40" "related incident"

# A group on another host whose alerts share an observable with the
# incident's (the C2 domain) names it too; one sharing nothing does not.
eve() {
	printf '{"timestamp":"2026-11-26T11:%s:00.000000+0900","flow_id":%s,"event_type":"alert","src_ip":"%s","dest_ip":"%s","dest_port":80,"proto":"TCP","alert":{"signature_id":%s,"signature":"%s","severity":2},"http":{"hostname":"%s","url":"/x.php"}}\n' "$@"
}
{
	eve 10 77001 10.99.0.7 203.0.113.9 2999001 "ET INFO Suspicious POST" c2.bad.example
	eve 11 77002 10.99.0.8 203.0.113.10 2999002 "ET INFO Something else" www.example.org
} >"$TESTDIR/shared.eve"
expect_exit 0 cb ingest "$TESTDIR/shared.eve"
gs=$(q "SELECT grp FROM alerts WHERE source_ref = '77001:2999001'")
gn=$(q "SELECT grp FROM alerts WHERE source_ref = '77002:2999002'")
expect_exit 0 cb alerts --status new --json
related_of() {
	printf '%s\n' "$OUT" | python3 -c 'import json, sys
for g in json.load(sys.stdin):
    if g["group"] == int(sys.argv[1]): print(g["related"])' "$1"
}
[ "$(related_of "$gs")" = "$id c2.bad.example" ] ||
	fail "a shared domain names the incident: $(related_of "$gs")"
[ -z "$(related_of "$gn")" ] || fail "nothing shared, nothing named: $(related_of "$gn")"

# Merge: the group's alerts into the incident, one commit.
commits=$(rgit rev-list --count main)
expect_exit 0 cb alert merge "$g2" "$id"
[ "$(rgit rev-list --count main)" = $((commits + 1)) ] || fail "merge is one commit"
rgit log -1 --format=%B main | grep -q "Casebook-Action: attach" ||
	fail "the merge is an attach of the incident"
expect_exit 0 cb show "$id"
contains "$OUT" "alerts-merged-$g2.jsonl" "merged alerts as evidence"
[ "$(q "SELECT status || ' ' || incident FROM alert_groups WHERE id = $g2")" = "merged $id" ] ||
	fail "the group is merged"
expect_exit 1 cb alert merge "$(q "SELECT grp FROM alerts WHERE source_ref LIKE 'cef:%'")" 2026-9999
expect_exit 0 cb events
contains "$OUT" "$id attach" "the merge is an event"
rgit fsck --strict >/dev/null 2>&1 || fail "git fsck after merge"

# An outside organisation's alert: source external_report.
printf '{"casebook_alert":1,"event_time":"2026-11-30T10:00:00Z","received":"2026-11-30T10:05:00Z","signature":"Report: C2 from your network","source":"jpcert","source_ref":"JPCERT#2026-1130-0001","src":{"addr":"10.20.30.99"}}\n' \
    >"$TESTDIR/jpcert.jsonl"
expect_exit 0 cb ingest "$TESTDIR/jpcert.jsonl"
expect_exit 0 cb alert promote "$(q "SELECT grp FROM alerts WHERE source = 'jpcert'")"
ext=$OUT
expect_exit 0 cb checklist "$ext" --json
contains "$OUT" '"external_report"' "an outside organisation's report"

# Only a tech member decides (a staff member is refused, nothing made).
expect_exit 0 cb role root staff
expect_exit 4 cb alert promote "$(q "SELECT grp FROM alerts WHERE source_ref LIKE 'cef:%'")"
expect_exit 4 cb ingest "$FX/casebook.jsonl"
git config -f "$CASEBOOK_STORE/config" user.root.role tech || fail "role back"

# A group too large for one piece of evidence is refused, nothing made.
git config -f "$CASEBOOK_STORE/config" evidence.maxInRecord 1 || fail "config"
commits=$(rgit rev-list --count main)
expect_exit 1 cb alert promote "$(q "SELECT grp FROM alerts WHERE source_ref LIKE 'cef:%'")"
contains "$ERR" "more than the record takes" "too large"
[ "$(rgit rev-list --count main)" = "$commits" ] || fail "a refused promote committed"
git config -f "$CASEBOOK_STORE/config" --unset evidence.maxInRecord

# A reindex from nothing: the attached alerts come back from the record.
expect_exit 0 cb check
rm -f "$db" "$db-wal" "$db-shm"
expect_exit 0 cb reindex
[ "$(q "SELECT count(*) FROM alerts WHERE incident = '$id'")" = 2 ] ||
	fail "the promoted and the merged alert restored from the record"
groups_text_ok "after a reindex from the record"
[ "$(q "SELECT status FROM alerts WHERE source_ref = '1822374892311234:2024792'")" = promoted ] ||
	fail "restored as promoted"
[ "$(q "SELECT status FROM alerts WHERE source_ref = 'a1b2c3d4:00000001:ffffffff'")" = merged ] ||
	fail "restored as merged"
[ "$(q "SELECT count(*) FROM alerts WHERE incident IS NULL")" = 0 ] ||
	fail "unattached alerts are not in the record"
# The rules find a restored alert by its host (alert_sources).
[ "$(q "SELECT count(*) FROM (SELECT DISTINCT src, grp FROM alerts WHERE
    src <> '' EXCEPT SELECT src, grp FROM alert_sources)")" = 0 ] ||
	fail "a restored alert's address and group not in alert_sources"
[ "$(q "SELECT count(*) FROM alert_sources")" -gt 0 ] ||
	fail "the restored alerts' addresses in alert_sources"
q "SELECT CAST(raw AS TEXT) FROM alert_bodies JOIN alerts USING (id) WHERE source_ref = '1822374892311234:2024792'" |
	grep -q '"flow_id":1822374892311234' || fail "the payload restored"
expect_exit 0 cb alerts --status promoted --json
contains "$OUT" '"hosts": "10.20.30.40,198.51.100.20"' "a restored group's hosts"
contains "$OUT" '"count": 1' "a restored group's sightings"
[ "$(q "SELECT count(*) FROM incident_observables WHERE incident = '$id' AND value = 'c2.bad.example'")" = 1 ] ||
	fail "the incident's observables made again by the reindex"
expect_exit 0 cb check
expect_exit 0 cb reindex
[ "$(q "SELECT count(*) FROM alerts")" = 3 ] || fail "a second reindex adds nothing"
groups_text_ok "after a reindex"
[ "$(q "SELECT count(*) FROM (SELECT DISTINCT src, grp FROM alerts WHERE
    src <> '' EXCEPT SELECT src, grp FROM alert_sources)")" = 0 ] ||
	fail "alert_sources carried by the reindex"

# A body the index holds damaged (here with an escape sequence in a
# key): its group's other alerts are still shown, the damage named and
# sanitised; the group cannot be promoted, and nothing is committed.
for n in 1 2; do
	printf '{"casebook_alert":1,"event_time":"2026-11-26T03:0%s:00Z","received":"2026-11-26T03:0%s:00Z","source":"manual","source_ref":"damaged-%s","signature":"Damaged body test","src":{"addr":"10.9.9.9"}}\n' "$n" "$n" "$n"
done >"$TESTDIR/two.jsonl"
expect_exit 0 cb ingest "$TESTDIR/two.jsonl"
gd=$(q "SELECT grp FROM alerts WHERE source_ref = 'damaged-1'")
[ "$(q "SELECT grp FROM alerts WHERE source_ref = 'damaged-2'")" = "$gd" ] ||
	fail "the two alerts in one group"
q "UPDATE alert_bodies SET body = '{\"casebook_alert\":1,\"\\u001b[31mx\":1}' WHERE id = (SELECT id FROM alerts WHERE source_ref = 'damaged-1')"
expect_exit 0 cb alerts show "$gd"
contains "$OUT" "(damaged in the index: unknown key '" "the damage shown"
contains "$OUT" '"source_ref":"damaged-2"' "the other alert still shown"
lacks "$OUT" "$(printf '\033')" "no escape byte reaches the terminal"
commits=$(rgit rev-list --count main)
expect_exit 1 cb alert promote "$gd"
contains "$ERR" "its body in the index cannot be read" "the refusal says why"
[ "$(rgit rev-list --count main)" = "$commits" ] || fail "a damaged group committed"
[ "$(q "SELECT status FROM alert_groups WHERE id = $gd")" = new ] ||
	fail "the damaged group is still new"
exit 0
