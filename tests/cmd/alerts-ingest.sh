# casebook ingest: every fixture format lands in the index; a bad line is
# reported as FILE:LINE: why and the rest lands (exit 5); a replay
# changes nothing but counts; two ingests at once both land; the alerts
# survive a reindex and check does not compare them.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

FX=$TOP_SRCDIR/tests/fixtures/alerts
db=$CASEBOOK_STORE/index.db
q() { sqlite3 "$db" "$1"; }

expect_exit 0 cb init

# Each format, named, gives the alerts its fixture holds.
expect_exit 0 cb ingest --format suricata "$FX/suricata-eve.json"
contains "$OUT" "3 alerts added, 1 replayed, 1 flows, 0 bad" "suricata"
expect_exit 0 cb ingest --format cef "$FX/lastline.cef"
contains "$OUT" "3 alerts added, 0 replayed" "cef"
expect_exit 0 cb ingest --format leef "$FX/lastline.leef"
contains "$OUT" "4 alerts added" "leef"
expect_exit 0 cb ingest --format json "$FX/casebook.jsonl"
# Its Lastline alert is the CEF file's second line: the same detection.
contains "$OUT" "1 alerts added, 1 replayed" "json"
expect_exit 0 cb ingest --format splunk-webhook "$FX/splunk-webhook.json"
contains "$OUT" "1 alerts added" "webhook"
expect_exit 0 cb ingest --format splunk-webhook "$FX/splunk-notable.json"
contains "$OUT" "1 alerts added" "notable"
expect_exit 0 cb ingest --format splunk-export "$FX/splunk-export.ndjson"
contains "$OUT" "2 alerts added" "export"
# The CSV fixture has a short row: reported by its line, the rest lands.
expect_exit 5 cb ingest --format splunk-csv --search "Brute force" \
    "$FX/splunk-export.csv"
contains "$OUT" "3 alerts added, 0 replayed, 0 flows, 1 bad" "csv"
contains "$ERR" "splunk-export.csv:5: a CSV row of 4 fields" "csv bad row"
[ "$(q "SELECT count(*) FROM alerts")" = 18 ] || fail "18 alerts in all"
[ "$(q "SELECT count(*) FROM alerts WHERE source = 'splunk-es'")" = 1 ] ||
	fail "the ES notable by its source"
[ "$(q "SELECT count(*) FROM flows")" = 1 ] || fail "one flow"
[ "$(q "SELECT count(*) FROM alerts WHERE grp IS NULL")" = 0 ] ||
	fail "every alert is in a group"
[ "$(q "SELECT count(*) FROM alert_bodies")" = 18 ] || fail "18 bodies"
# The body keeps the rest of the normal form and the row the fields it
# has, each written once; `alerts show` puts the whole form together.
q "SELECT body FROM alert_bodies JOIN alerts USING (id) WHERE source_ref = '1822374892311234:2024792'" |
	grep -q '"observables":\[{"type":"ip","value":"10.20.30.40"}' ||
	fail "the body keeps the observables"
[ "$(q "SELECT count(*) FROM alert_bodies WHERE body LIKE '%\"source%' OR body LIKE '%\"signature\"%' OR body LIKE '%\"category\"%' OR body LIKE '%\"severity\"%' OR body LIKE '%\"event_time\"%' OR body LIKE '%\"received\"%' OR body LIKE '%\"raw%'")" = 0 ] ||
	fail "a body repeats its row or holds its payload"
expect_exit 0 cb alerts show "$(q "SELECT grp FROM alerts WHERE source_ref = '1822374892311234:2024792'")"
contains "$OUT" '"event_time":"2026-11-26T01:56:29Z"' "the event time from the row"
contains "$OUT" '"severity":"high","signature":"ET MALWARE Win32/Emotet CnC Activity (POST) M4","source":"suricata","source_ref":"1822374892311234:2024792","src":{' \
	"the row's fields in the normal form"
expect_exit 0 cb alerts show "$(q "SELECT grp FROM alerts WHERE source_ref = 'phone-2026-11-26-1'")"
contains "$OUT" '  {"casebook_alert":1,"department":"附属図書館","event_time":"2026-11-26T02:00:00Z","received":"2026-11-26T02:00:00Z","signature":"Report from the library: pop-ups on 3 PCs","source":"manual","source_ref":"phone-2026-11-26-1"}' \
	"a casebook line comes back as it was"
[ "$(q "SELECT substr(CAST(raw AS TEXT), 1, 13) FROM alert_bodies JOIN alerts USING (id) WHERE source_ref = '1822374892311234:2024792'")" = '{"timestamp":' ] ||
	fail "the raw payload is kept"

# A replay: counts move, nothing else does.
before=$(q "SELECT id, source, source_ref, grp, status, body FROM alerts JOIN alert_bodies USING (id) ORDER BY id" | sha256sum)
GCOLS="id, key, status, signature, class, department, first_event, last_event, alerts, top_score, hosts"
groups=$(q "SELECT $GCOLS FROM alert_groups ORDER BY id" | sha256sum)
seen=$(q "SELECT sum(seen) FROM alert_groups")
counts=$(q "SELECT sum(count) FROM alerts")
expect_exit 0 cb ingest "$FX/suricata-eve.json"
contains "$OUT" "0 alerts added, 4 replayed, 0 flows" "replay"
[ "$(q "SELECT id, source, source_ref, grp, status, body FROM alerts JOIN alert_bodies USING (id) ORDER BY id" | sha256sum)" = "$before" ] ||
	fail "a replay changed an alert"
[ "$(q "SELECT $GCOLS FROM alert_groups ORDER BY id" | sha256sum)" = "$groups" ] ||
	fail "a replay changed a group"
[ "$(q "SELECT sum(seen) FROM alert_groups")" = $((seen + 4)) ] ||
	fail "the groups count the replays as sightings"
[ "$(q "SELECT sum(seen) FROM alert_groups")" = "$(q "SELECT sum(count) FROM alerts")" ] ||
	fail "a group's sightings are its alerts' counts"
[ "$(q "SELECT sum(count) FROM alerts")" = $((counts + 4)) ] ||
	fail "a replay counts"
[ "$(q "SELECT count FROM alerts WHERE source_ref = '1822374892320001:2028371'")" = 4 ] ||
	fail "the alert repeated in the file counts 2 a file"

# Bad lines: each reported with its file and line, counted, skipped.
expect_exit 5 cb ingest "$FX/bad-lines.txt"
contains "$OUT" "0 alerts added, 0 replayed, 0 flows, 18 bad" "bad lines"
contains "$ERR" "bad-lines.txt:1: not JSON" "line 1"
contains "$ERR" "bad-lines.txt:7: a CEF header of 5 fields, not 7" "line 7"
contains "$ERR" "bad-lines.txt:18: preview is not true or false" "line 18"
# Good lines among bad ones land, and the line numbers stay right.
{
	sed -n 1p "$FX/bad-lines.txt"
	sed -n 2p "$FX/casebook.jsonl" | sed 's/phone-2026-11-26-1/mixed-1/'
	sed -n 2p "$FX/bad-lines.txt"
	sed -n 2p "$FX/casebook.jsonl" | sed 's/phone-2026-11-26-1/mixed-2/'
} >"$TESTDIR/mixed.txt"
expect_exit 5 cb ingest "$TESTDIR/mixed.txt"
contains "$OUT" "2 alerts added, 0 replayed, 0 flows, 2 bad" "mixed"
contains "$ERR" "mixed.txt:3: timestamp" "line 3 of the mixed file"
[ "$(q "SELECT count(*) FROM alerts WHERE source_ref LIKE 'mixed-%'")" = 2 ] ||
	fail "the good lines of a mixed file"

# Standard input, and a file that cannot be read does not stop the rest.
sed 's/phone-2026-11-26-1/stdin-1/' "$FX/casebook.jsonl" >"$TESTDIR/in.jsonl"
expect_exit 0 cb ingest - <"$TESTDIR/in.jsonl"
contains "$OUT" "1 alerts added, 1 replayed" "stdin"
expect_exit 1 cb ingest "$TESTDIR/missing.json" "$FX/casebook.jsonl"
contains "$ERR" "missing.json" "the missing file named"
contains "$OUT" "2 replayed" "the file after it read"
expect_exit 2 cb ingest --format nonsense "$FX/casebook.jsonl"

# Two ingests at once (different alerts each, 2,000 lines): both land.
for w in a b; do
	awk -v w="$w" '{ for (i = 0; i < 1000; i++) {
		l = $0; sub(/"phone-2026-11-26-1"/, "\"" w "-" i "\"", l); print l } }' \
	    "$FX/casebook.jsonl" | sed -n '/"'"$w"'-/p' >"$TESTDIR/$w.jsonl"
done
[ "$(wc -l <"$TESTDIR/a.jsonl")" = 1000 ] || fail "the concurrent input"
cb ingest "$TESTDIR/a.jsonl" >"$TESTDIR/a.out" 2>&1 & pa=$!
cb ingest "$TESTDIR/b.jsonl" >"$TESTDIR/b.out" 2>&1 & pb=$!
wait "$pa" || fail "ingest a: $(cat "$TESTDIR/a.out")"
wait "$pb" || fail "ingest b: $(cat "$TESTDIR/b.out")"
[ "$(q "SELECT count(*) FROM alerts WHERE source_ref LIKE 'a-%' OR source_ref LIKE 'b-%'")" = 2000 ] ||
	fail "two ingests at once lost alerts"

# Index-only: check does not compare them, a reindex keeps them all.
n=$(q "SELECT count(*) FROM alerts")
expect_exit 0 cb check
expect_exit 0 cb reindex
[ "$(q "SELECT count(*) FROM alerts")" = "$n" ] || fail "reindex lost alerts"
[ "$(q "SELECT count(*) FROM alert_bodies")" = "$n" ] ||
	fail "reindex lost alert bodies"
[ "$(q "SELECT count(*) FROM flows")" = 1 ] || fail "reindex lost the flow"
expect_exit 0 cb check

# The host map: imported whole (bad rows reported by line, the rest in),
# listed, and filling the department of alerts taken in after it, the
# longest prefix first, then host names.
cat >"$TESTDIR/hosts.csv" <<'CSV'
host,department,owner,notes
10.20.0.0/16,Engineering,net-eng,"lab, bldg 3"
10.20.30.0/24,Library,lib,
2001:db8::/32,IPv6 lab,,
c2.bad.example,Nobody,,
10.999.0.0/16,bad,,
,empty,,
CSV
expect_exit 5 cb hosts import "$TESTDIR/hosts.csv"
contains "$OUT" "4 hosts and networks imported, 2 bad rows" "hosts import"
contains "$ERR" "hosts.csv:6: '10.999.0.0/16' is neither" "a bad network"
contains "$ERR" "hosts.csv:7: no host or network" "a row without host"
expect_exit 0 cb hosts
contains "$OUT" "10.20.30.0/24" "hosts lists"
expect_exit 0 cb hosts --json
contains "$OUT" '"notes": "lab, bldg 3"' "hosts --json"
sed 's/"flow_id":18223748923/"flow_id":99/' "$FX/suricata-eve.json" \
    >"$TESTDIR/eve2.json"
expect_exit 0 cb ingest "$TESTDIR/eve2.json"
contains "$OUT" "3 alerts added" "the second EVE file"
[ "$(q "SELECT department FROM alerts WHERE source_ref = '9911234:2024792'")" = Library ] ||
	fail "10.20.30.40 is the library's (the longest prefix)"
[ "$(q "SELECT department FROM alerts WHERE source_ref = '9920001:2028371'")" = Library ] ||
	fail "10.20.30.42 is the library's"
[ "$(q "SELECT department FROM alerts WHERE source_ref = '9919999:2027863'")" = "IPv6 lab" ] ||
	fail "an IPv6 network"
q "SELECT body FROM alert_bodies JOIN alerts USING (id) WHERE source_ref = '9911234:2024792'" |
	grep -q '"department":"Library"' || fail "the department in the normal form"
# A second import replaces the map.
printf 'cidr,department\n10.0.0.0/8,Campus\n' >"$TESTDIR/hosts2.csv"
expect_exit 0 cb hosts import "$TESTDIR/hosts2.csv"
expect_exit 0 cb hosts --json
lacks "$OUT" "Library" "the old map is gone"
printf 'name,place\nx,y\n' >"$TESTDIR/nothosts.csv"
expect_exit 1 cb hosts import "$TESTDIR/nothosts.csv"
contains "$ERR" "header must name a 'host'" "a file that is no host map"
exit 0
