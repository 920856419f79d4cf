# The Alerts screen and the dashboard from real alerts, after casebook
# ingest of the fixtures: the queue header counts the new groups, a
# reaches the screen; the tabs count; the filter narrows as it is typed;
# a group names the open incident that shares its host; Enter shows a
# payload with control bytes made visible (none reaches the terminal);
# promote from the TUI makes the incident (casebook show, git log); a
# bulk dismiss with a reason from the list; the dashboard's panels show
# figures of the ingested alerts and a beacon becomes an alert group;
# the same screens in Japanese.
. "$(dirname "$0")/lib.sh"

FX=$TOP_SRCDIR/tests/fixtures/alerts
db=$CASEBOOK_STORE/index.db
q() { sqlite3 "$db" "$1"; }

expect_exit 0 cb init
expect_exit 0 cb new --title "Emotet on pc-0042" --host 10.20.30.40
inc=$OUT
expect_exit 0 cb ingest "$FX/suricata-eve.json" "$FX/lastline.cef" \
	"$FX/casebook.jsonl" "$FX/control-bytes.jsonl"
python3 "$TOP_SRCDIR/tests/tui/alert-flows.py" "$CASEBOOK_NOW" \
	>"$TESTDIR/flows.json" || fail "flows"
expect_exit 0 cb ingest "$TESTDIR/flows.json"
# An allow-listed beacon (NTP every 5 min), left out by casebook beacons
# and the dashboard alike.
python3 - "$CASEBOOK_NOW" >"$TESTDIR/ntp.json" <<'PY' || fail "ntp flows"
import sys
from datetime import datetime, timezone
now = int(sys.argv[1])
for k in range(24 * 12 - 1):
    start = now - 24 * 3600 + 300 * (k + 1) + k % 3
    stamp = datetime.fromtimestamp(start, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000000+0000")
    print('{"timestamp":"%s","flow_id":%d,"event_type":"flow",'
          '"src_ip":"10.20.30.42","src_port":%d,"dest_ip":"192.0.2.123",'
          '"dest_port":123,"proto":"UDP","flow":{"pkts_toserver":1,'
          '"pkts_toclient":1,"bytes_toserver":90,"bytes_toclient":90,'
          '"start":"%s","end":"%s","age":0,"state":"established",'
          '"reason":"timeout","alerted":false}}'
          % (stamp, 800000 + k, 30000 + k, stamp, stamp))
PY
expect_exit 0 cb ingest "$TESTDIR/ntp.json"
expect_exit 0 cb beacons
contains "$OUT" "10.20.30.42 -> 192.0.2.123" "the NTP pair before the allow-list"
printf '[beacons]\n\tallow = 192.0.2.0/24\n' >>"$CASEBOOK_STORE/config"
expect_exit 0 cb beacons
contains "$OUT" "10.20.30.40 -> 198.51.100.20" "the beacon listed"
lacks "$OUT" "192.0.2.123" "the allow-listed pair not listed"
lacks "$OUT" "203.0.113" "the browsing not listed"
new=$(q "SELECT count(*) FROM alert_groups WHERE status = 'new'")
[ "$new" -ge 6 ] || fail "the fixtures make groups: $new"

S=a
start a 120 40
# The queue's header: the new groups, and the key that shows them.
wait_for "a: $new new alert groups"
keys a
wait_for "1 New ($new)"
wait_for "3 Done (0)"
contains "$SCREEN" "2 Suppressed (0)" "the suppressed tab"
contains "$(line 2)" "SIGNATURE" "the columns' headings"
# The Emotet group names the open incident on its host.
row=$(printf '%s\n' "$SCREEN" | grep "ET MALWARE Win32")
contains "$row" "$inc" "the open incident sharing 10.20.30.40"
contains "$row" "10.20.30.40" "the group's hosts"
contains "$row" "11-26 01:56" "the last event"

# The filter as it is typed: the tab narrows at each key.
keys /
type_text "phish"
wait_for "1 New (1)"
contains "$SCREEN" "Credential phishing" "the match"
lacks "$SCREEN" "ET MALWARE" "a row that does not match"
keys Enter
keys Escape
wait_for "1 New ($new)"

# Enter: the group's alerts and the payload, its control bytes shown.
keys /
type_text "terminal escape"
wait_for "1 New (1)"
keys Enter Enter
wait_for "Payload (60 bytes)"
contains "$SCREEN" "GET /^[]0;pwned^Gx HTTP/1.1^M" "OSC and BEL made visible"
contains "$SCREEN" "^[[2J^[[31mred^Hend<U+202E>^M" "CSI, BS and bidi made visible"
contains "$SCREEN" "Signature:  WEB terminal escape in User-Agent ^[[5m" \
	"the signature sanitised too"
contains "$SCREEN" "Department: Faculty of Science" "the department"
[ "$(T display -p -t a '#{pane_title}')" != pwned ] ||
	fail "the payload set the terminal's title"
keys q
wait_for "1 New (1)"
keys Escape
wait_for "1 New ($new)"

# Promote from the TUI: one commit, the incident holds the alerts.
commits=$(rgit rev-list --count main)
keys /
type_text "win32/emotet"
wait_for "1 New (1)"
keys Enter p
wait_for "Promote, each group to a new incident (group"
keys y
wait_for "Promoted to a new incident: "
id=$(printf '%s\n' "$SCREEN" | sed -n 's/.*Promoted to a new incident: \([0-9-]*\).*/\1/p')
[ -n "$id" ] && [ "$id" != "$inc" ] || fail "a new incident: '$id'"
wait_for "1 New (0)"
[ "$(rgit rev-list --count main)" = $((commits + 1)) ] ||
	fail "promote is one commit"
expect_exit 0 cb show "$id"
contains "$OUT" "ET MALWARE Win32/Emotet CnC Activity (POST) M4" "title from the signature"
contains "$OUT" "alerts-promoted-" "the alerts as evidence"
rgit log -1 --format=%s main | grep -q "$id" ||
	fail "the commit names the incident: $(rgit log -1 --format=%s main)"
[ "$(q "SELECT status || ' ' || incident FROM alert_groups WHERE signature
	LIKE 'ET MALWARE Win32/Emotet%'")" = "promoted $id" ] || fail "the group promoted"
keys Escape
wait_for "1 New ($((new - 1)))"

# Bulk: two marked, dismissed as known benign (chosen from the list).
keys t t
wait_for "2 marked"
contains "$(line 3)" "+" "a marked row shows +"
keys d
wait_for "Dismiss, for the reason (2 marked)"
contains "$SCREEN" "false positive" "the reasons listed"
contains "$SCREEN" "out of scope" "the reasons listed"
keys j Enter
wait_for "2 groups dismissed"
wait_for "1 New ($((new - 3)))"
[ "$(q "SELECT count(*) FROM alert_groups WHERE status = 'dismissed' AND
	reason = 'known-benign' AND actor <> ''")" = 2 ] || fail "two dismissed, with who"
keys 3
wait_for "3 Done (3)"
contains "$SCREEN" "promoted $id" "the promoted group's outcome"
[ "$(printf '%s\n' "$SCREEN" | grep -c "dismissed: known benign")" = 2 ] ||
	fail "the dismissed groups' outcome: $SCREEN"

# The queue's header follows.
keys q
wait_for "a: $((new - 3)) new alert groups"

# The dashboard, from the alerts: per hour, notable, mail, beacons.
day=$(q "SELECT count(*) FROM alerts WHERE event_time > $CASEBOOK_NOW - 86400
	AND event_time <= $CASEBOOK_NOW")
keys D
wait_for "Alerts per hour, last 24 hours ($day in all; 2 new incidents)"
wait_for "Beacons (b: make an alert group)"
contains "$SCREEN" "Top score per hour (highest 85):" "the score trend"
printf '%s\n' "$SCREEN" | grep -qE 'Credential phishing mail +85' ||
	fail "the notable detection: $SCREEN"
printf '%s\n' "$SCREEN" | grep -qE 'Faculty of Science +2 ' ||
	fail "two recipients in the Faculty of Science: $SCREEN"
printf '%s\n' "$SCREEN" | grep -qE '附属図書館 +1( |$)' ||
	fail "one in the library: $SCREEN"
printf '%s\n' "$SCREEN" | grep -qE '10\.20\.30\.40>198\.51\.100\.20 +1\.00' ||
	fail "the beacon first, scored high: $SCREEN"
# The panel lists what casebook beacons lists: not the browsing, not
# the allow-listed NTP server.
lacks "$SCREEN" "203.0.113" "the browsing not in the panel"
lacks "$SCREEN" "192.0.2.123" "the allow-listed pair not in the panel"
# b: the pair above the threshold becomes an alert group, once.
keys b
wait_for "Make an alert group of the beacon"
contains "$SCREEN" "10.20.30.40 -> 198.51.100.20" "the pair offered"
lacks "$SCREEN" "203.0.113" "pairs below the threshold not offered"
keys Enter
wait_for "10.20.30.40 -> 198.51.100.20 is now an alert group"
keys b Enter
wait_for "is an alert group already"
[ "$(q "SELECT count(*) FROM alert_groups WHERE signature LIKE 'Beacon%'
	AND status = 'new'")" = 1 ] || fail "one beacon group"
keys q
wait_for "a: $((new - 2)) new alert groups"
quit

# Japanese: the same screens in Japanese, laid out by display width.
S=j
(unset LC_ALL LANGUAGE; export LANG=ja_JP.UTF-8; start j 120 40)
wait_for "a: 新規アラートグループ $((new - 2)) 件"
keys a
wait_for "1 新規 ($((new - 2)))"
wait_for "3 処理済み (3)"
contains "$SCREEN" "シグネチャ" "the columns' headings"
keys 3
wait_for "却下: 既知の無害な通信"
keys /
type_text "terminal"
wait_for "3 処理済み (1)"
keys Enter Enter
wait_for "ペイロード (60 バイト)"
contains "$SCREEN" "^[]0;pwned^Gx" "the payload sanitised"
contains "$SCREEN" "状態:       却下" "the status in Japanese"
contains "$SCREEN" "理由:       既知の無害な通信" "the reason in Japanese"
keys q
wait_for "3 処理済み (1)"
keys q D
wait_for "1時間ごとのアラート、過去24時間"
contains "$SCREEN" "攻撃メールの受信者" "the mail panel"
contains "$SCREEN" "ビーコン (b: アラートグループにする)" "the beacon panel"
keys q
quit

# Suppress from the screen: the reason typed (an empty one refused, and
# why), then the expiry from the list; the group goes to the Suppressed
# tab and its rule (source, signature, source host) to casebook alerts
# suppressions; later alerts like it are suppressed on arrival.
S=s
start s 120 40
keys a
wait_for "1 New ($((new - 2)))"
keys s
wait_for "Suppress (group "
g=$(printf '%s\n' "$SCREEN" | sed -n 's/.*Suppress (group \([0-9]*\)), the reason:.*/\1/p')
[ -n "$g" ] || fail "the group asked about: $SCREEN"
keys Enter
wait_for "Nothing suppressed: a suppression needs a reason"
[ "$(q "SELECT count(*) FROM alert_suppressions")" = 0 ] || fail "a rule without a reason"
keys s
wait_for "Suppress (group $g), the reason:"
type_text "lab scanner, expected"
keys Enter
wait_for "Suppress for"
contains "$SCREEN" "90 days" "the expiries listed"
keys Escape
wait_for "Nothing suppressed"
[ "$(q "SELECT count(*) FROM alert_suppressions")" = 0 ] || fail "a rule after Esc"
keys s
wait_for "Suppress (group $g), the reason:"
type_text "lab scanner, expected"
keys Enter
wait_for "Suppress for"
keys j Enter
wait_for "Group $g suppressed"
wait_for "1 New ($((new - 3)))"
wait_for "2 Suppressed (1)"
[ "$(q "SELECT status || '|' || reason FROM alert_groups WHERE id = $g")" = "suppressed|lab scanner, expected" ] ||
	fail "the group suppressed with its reason"
[ "$(q "SELECT expires - created FROM alert_suppressions")" = $((30 * 86400)) ] ||
	fail "the rule for 30 days"
[ "$(q "SELECT count(*) FROM alert_suppressions s JOIN alert_groups g ON
	g.id = $g WHERE s.signature = g.signature AND s.actor <> ''")" = 1 ] ||
	fail "the rule takes the group's signature, with who"
expect_exit 0 cb alerts suppressions
contains "$OUT" "lab scanner, expected" "the rule listed"
keys 2
wait_for "$(q "SELECT substr(signature, 1, 20) FROM alert_groups WHERE id = $g")"
# The Suppressed tab says why, in place of the open incidents.
contains "$SCREEN" "REASON" "the Suppressed tab's heading"
contains "$SCREEN" "lab scanner, expected" "the Suppressed tab"
# Ctrl-C in the reason's prompt cancels it; a pasted reason with an
# escape sequence and a line break stays one line of text, and no
# escape byte reaches the terminal where the reason is shown.
keys 1
wait_for "1 New ($((new - 3)))"
keys s
wait_for "the reason:"
keys C-c
wait_gone "the reason:"
[ "$(q "SELECT count(*) FROM alert_suppressions")" = 1 ] || fail "a rule after Ctrl-C"
keys s
wait_for "the reason:"
g2=$(printf '%s\n' "$SCREEN" | sed -n 's/.*Suppress (group \([0-9]*\)), the reason:.*/\1/p')
T set-buffer -b why "$(printf 'pasted \033]0;pwned\007why\nsecond line')"
T paste-buffer -p -b why -t s
wait_for "second line"
keys Enter
wait_for "Suppress for"
keys Enter
wait_for "Group $g2 suppressed"
reason=$(q "SELECT reason FROM alert_suppressions WHERE id = (SELECT max(id) FROM alert_suppressions)")
case $reason in *"
"*) fail "a pasted line break kept in the reason: $reason" ;; esac
contains "$reason" "second line" "the pasted reason kept whole"
keys 2 /
type_text "$(q "SELECT substr(signature, 1, 12) FROM alert_groups WHERE id = $g2")"
wait_for "2 Suppressed (1)"
keys Enter Enter
wait_for "Reason:     pasted"
contains "$SCREEN" "second line" "the pasted reason in the group's view"
T capture-pane -p -e -t s | grep -q "$(printf '\033]0;')" &&
	fail "the reason's escape sequence reached the terminal"
keys q q
quit
exit 0
