# Alert groups: the sliding window on event time, grouping rules as data
# (STORE/playbooks/alerts.yaml) with a dry run, suppression rules and
# their expiry, stale groups expiring, dismissal reasons.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

db=$CASEBOOK_STORE/index.db
q() { sqlite3 "$db" "$1"; }
# line REF SRC SIGNATURE EVENT-TIME [SCORE]: one alert in casebook's format.
line() {
	printf '{"casebook_alert":1,"event_time":"%s","received":"2026-12-01T00:00:00Z","score":%s,"signature":"%s","source":"ids","source_ref":"%s","src":{"addr":"%s"}}\n' \
	    "$4" "${5:-10}" "$3" "$1" "$2"
}
# group_of REF: the group of the alert.
group_of() { q "SELECT grp FROM alerts WHERE source_ref = '$1'"; }

expect_exit 0 cb init
# Fixed clock: suppression expiry and staleness are measured with it.
T0=1796083200	# 2026-12-01T00:00:00Z
export CASEBOOK_NOW=$T0

# The default: src + signature within 2 h of the group's last alert.
{
	line a1 10.0.0.1 "ET SCAN x" 2026-11-30T10:00:00Z
	line a2 10.0.0.1 "ET SCAN x" 2026-11-30T11:00:00Z
	line a3 10.0.0.1 "ET SCAN x" 2026-11-30T12:50:00Z	# 1 h 50 after a2
	line a4 10.0.0.1 "ET SCAN x" 2026-11-30T15:00:00Z	# 2 h 10 after a3
	line b1 10.0.0.2 "ET SCAN x" 2026-11-30T10:30:00Z	# another host
	line c1 10.0.0.1 "ET POLICY y" 2026-11-30T10:30:00Z 90	# another signature
} >"$TESTDIR/day.jsonl"
expect_exit 0 cb ingest "$TESTDIR/day.jsonl"
contains "$OUT" "6 alerts added" "the day's alerts"
g=$(group_of a1)
[ "$(group_of a2)" = "$g" ] && [ "$(group_of a3)" = "$g" ] ||
	fail "a1..a3 are one group (each within 2 h of the last)"
[ "$(group_of a4)" != "$g" ] || fail "a4 is 2 h 10 after a3: a new group"
[ "$(group_of b1)" != "$g" ] || fail "another host, another group"
[ "$(group_of c1)" != "$g" ] || fail "another signature, another group"
# An alert arriving late that falls in a group's window joins it.
line a0 10.0.0.1 "ET SCAN x" 2026-11-30T09:00:00Z >"$TESTDIR/late.jsonl"
expect_exit 0 cb ingest "$TESTDIR/late.jsonl"
[ "$(group_of a0)" = "$g" ] || fail "a late alert within the window joins"
expect_exit 0 cb alerts --json
contains "$OUT" '"first_seen": "2026-11-30T09:00:00Z"' "the group starts earlier"
contains "$OUT" '"top_score": 90.0' "the top score"
expect_exit 0 cb alerts --status new
contains "$OUT" "ET POLICY y" "the listing"
expect_exit 2 cb alerts --status nonsense
n=$(q "SELECT count(*) FROM alert_groups")
[ "$n" = 4 ] || fail "4 groups, got $n"
# The group whose top score reached 80 (alerts.yaml's notable) is an
# event, for the outbox; check leaves it out, a reindex keeps it.
expect_exit 0 cb events --json
contains "$OUT" '"action": "alert-notable"' "a notable group is an event"
contains "$OUT" "\"commit\": \"alert-group-$(group_of c1)\"" "naming its group"
contains "$OUT" '"score": 90.0' "with its score"
[ "$(q "SELECT count(*) FROM events WHERE action = 'alert-notable'")" = 1 ] ||
	fail "only the group at 90 is notable"
expect_exit 0 cb check
expect_exit 0 cb reindex
[ "$(q "SELECT count(*) FROM events WHERE action = 'alert-notable'")" = 1 ] ||
	fail "reindex lost the notable event"
expect_exit 0 cb check

# The rules are data: group by signature only, window 30 min.  A dry run
# says what would change and changes nothing.
cat >"$TESTDIR/alerts.yaml" <<'YAML'
version: 1
group_by: [signature]
window: 30m
YAML
mkdir "$TESTDIR/bad"
printf 'version: 1\ngroup_by: [colour]\n' >"$TESTDIR/bad/alerts.yaml"
expect_exit 2 cb playbook install "$TESTDIR/bad/alerts.yaml"
contains "$ERR" "'group_by' names a field" "install checks alerts.yaml"
[ ! -e "$CASEBOOK_STORE/playbooks/alerts.yaml" ] || fail "a bad alerts.yaml installed"
expect_exit 0 cb playbook check "$TESTDIR/alerts.yaml"
contains "$OUT" "alerts.yaml: ok" "playbook check reads alerts.yaml"
expect_exit 0 cb playbook install "$TESTDIR/alerts.yaml"
before=$(q "SELECT id, grp FROM alerts ORDER BY id" | sha256sum)
expect_exit 0 cb alerts regroup --dry-run
contains "$OUT" "7 new alerts in 4 groups would be in 5 groups" "dry run"
contains "$OUT" "nothing changed" "dry run says so"
[ "$(q "SELECT id, grp FROM alerts ORDER BY id" | sha256sum)" = "$before" ] ||
	fail "a dry run changed the groups"
# 09:00 / 10:00 10:30(b1) 11:00 / 12:50 / 15:00 for ET SCAN x; c1 alone.
expect_exit 0 cb alerts regroup
contains "$OUT" "are now in 5 groups" "regroup"
groups_text_ok "after a regroup"
[ "$(group_of b1)" = "$(group_of a1)" ] || fail "by signature: b1 joins a1"
[ "$(group_of a3)" != "$(group_of a2)" ] || fail "30 min: a3 is apart"
[ "$(q "SELECT count(*) FROM alerts WHERE grp NOT IN (SELECT id FROM alert_groups)")" = 0 ] ||
	fail "an alert left in a group that is gone"
# The rules find a host's alerts through alert_sources: every address
# and group the alerts now have is there.
[ "$(q "SELECT count(*) FROM (SELECT DISTINCT src, grp FROM alerts WHERE
    src <> '' EXCEPT SELECT src, grp FROM alert_sources)")" = 0 ] ||
	fail "an alert's address and new group not in alert_sources"
printf 'version: 1\nwindow: soon\n' >"$CASEBOOK_STORE/playbooks/alerts.yaml"
expect_exit 1 cb ingest "$TESTDIR/late.jsonl"
contains "$ERR" "alerts.yaml: 'window' must be a duration" "a bad rules file"
rm "$CASEBOOK_STORE/playbooks/alerts.yaml"

# Dismissal needs one of the reasons.
gc1=$(group_of c1)
expect_exit 2 cb alert dismiss "$gc1" --reason because
expect_exit 2 cb alert dismiss "$gc1"
expect_exit 0 cb alert dismiss "$gc1" --reason known-benign
[ "$(q "SELECT status || ' ' || reason || ' ' || actor FROM alert_groups WHERE id = $gc1")" = "dismissed known-benign root" ] ||
	fail "the dismissal recorded with who"
expect_exit 1 cb alert dismiss 9999 --reason duplicate
contains "$ERR" "no alert group 9999" "an unknown group"

# Suppression: a rule from a group (its signature, its one host), for
# 7 days.  New matching alerts go to a suppressed group; after the
# expiry they are new again.
ga=$(group_of a4)
expect_exit 2 cb alert suppress "$ga" --expires 7d
expect_exit 2 cb alert suppress "$ga" --reason "lab scanner" --expires soon
expect_exit 0 cb alert suppress "$ga" --reason "lab scanner" --expires 7d
contains "$OUT" "suppressed; rule" "suppress"
expect_exit 0 cb alerts suppressions
contains "$OUT" "ET SCAN x / 10.0.0.1" "the rule"
contains "$OUT" "2026-12-08T00:00:00Z" "its expiry"
line s1 10.0.0.1 "ET SCAN x" 2026-12-01T01:00:00Z >"$TESTDIR/s.jsonl"
line s2 10.0.0.2 "ET SCAN x" 2026-12-01T01:00:00Z >>"$TESTDIR/s.jsonl"
expect_exit 0 cb ingest "$TESTDIR/s.jsonl"
[ "$(q "SELECT status FROM alerts WHERE source_ref = 's1'")" = suppressed ] ||
	fail "a matching alert is suppressed"
[ "$(q "SELECT status FROM alert_groups WHERE id = $(group_of s1)")" = suppressed ] ||
	fail "into a suppressed group"
# The group made on arrival says why, and whose rule it is.
[ "$(q "SELECT reason || '|' || (actor = (SELECT actor FROM alert_suppressions
	WHERE reason = 'lab scanner')) || '|' || acted FROM alert_groups
	WHERE id = $(group_of s1)")" = "lab scanner|1|$CASEBOOK_NOW" ] ||
	fail "the group suppressed on arrival without its rule's reason and author"
[ -z "$(q "SELECT reason FROM alert_groups WHERE id = $(group_of s2)")" ] ||
	fail "a new group with a reason"
[ "$(q "SELECT status FROM alerts WHERE source_ref = 's2'")" = new ] ||
	fail "another host is not under the rule"
# A network rule.
expect_exit 0 cb alert suppress "$(group_of s2)" --reason "campus scan" \
    --expires 1d --src 10.0.0.0/24
# Eight days later the first rule has expired, the second long before.
export CASEBOOK_NOW=$((T0 + 8 * 86400))
line s3 10.0.0.1 "ET SCAN x" 2026-12-09T01:00:00Z >"$TESTDIR/s3.jsonl"
expect_exit 0 cb ingest "$TESTDIR/s3.jsonl"
[ "$(q "SELECT status FROM alerts WHERE source_ref = 's3'")" = new ] ||
	fail "after the expiry the alert is new again"
expect_exit 0 cb alerts suppressions
[ -z "$OUT" ] || fail "no rule in force after the expiry: $OUT"
expect_exit 0 cb alerts suppressions --all
contains "$OUT" "lab scanner" "expired rules are kept for the record"

# Stale groups: nobody triaged them within 14 days (the default).
export CASEBOOK_NOW=$((T0 + 15 * 86400))
expect_exit 0 cb alerts expire
contains "$OUT" "stale groups expired" "expire"
[ "$(q "SELECT count(*) FROM alert_groups WHERE status = 'new'")" = 1 ] ||
	fail "only the group of s3 (8 days old) is still new"
expect_exit 0 cb alerts --status expired --json
contains "$OUT" '"reason": "stale: not triaged within 14 days"' "the reason"
contains "$OUT" '"by": "casebook"' "expired by casebook"

# An index of schema 14 (an index on alerts(src) and on alerts(grp), no
# alert_sources, '' for no incident, bodies that repeat their row's
# fields) is mended by its next open, and its alerts read the same.
show_all() {
	for g in $(q "SELECT id FROM alert_groups ORDER BY id"); do
		expect_exit 0 cb alerts show "$g"
		printf '%s\n' "$OUT"
	done
}
shown=$(show_all)
contains "$shown" '"signature":"ET SCAN' "the groups' alerts shown"
sqlite3 "$db" "DROP TABLE alert_sources; CREATE INDEX alerts_src ON
    alerts(src); DROP INDEX alerts_grp_time; CREATE INDEX alerts_grp ON
    alerts(grp); UPDATE alert_groups SET incident = '' WHERE incident IS
    NULL; UPDATE alerts SET incident = '' WHERE incident IS NULL;
    UPDATE alert_bodies SET body = (SELECT json_set(alert_bodies.body,
    '\$.source', a.source, '\$.source_ref', a.source_ref, '\$.signature',
    nullif(a.signature, ''), '\$.category', nullif(a.category, ''),
    '\$.severity', nullif(a.severity, ''), '\$.event_time',
    strftime('%Y-%m-%dT%H:%M:%SZ', a.event_time, 'unixepoch'),
    '\$.received', strftime('%Y-%m-%dT%H:%M:%SZ', a.first_seen,
    'unixepoch')) FROM alerts a WHERE a.id = alert_bodies.id);
    PRAGMA user_version=14" || fail "cannot make a schema 14 index"
[ "$(q "SELECT count(*) FROM alert_bodies WHERE body NOT LIKE '%\"source_ref\":%'")" = 0 ] ||
	fail "the bodies of schema 14 are whole"
expect_exit 0 cb alerts
[ "$(show_all)" = "$shown" ] || fail "whole bodies read otherwise than the rest"
[ "$(q "PRAGMA user_version")" -ge 15 ] || fail "the index not migrated"
groups_text_ok "after the mend of a schema 14 index"
[ "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'alerts_src'")" = 0 ] ||
	fail "the index on alerts(src) is left"
[ "$(q "SELECT group_concat(name) FROM sqlite_master WHERE name LIKE 'alerts_grp%'")" = alerts_grp_time ] ||
	fail "a group's alerts not along (grp, event_time)"
[ "$(q "SELECT count(*) FROM alerts WHERE incident = ''") $(q "SELECT count(*) FROM alert_groups WHERE incident = ''")" = "0 0" ] ||
	fail "'' for no incident is left"
[ "$(q "SELECT count(*) FROM alert_sources")" -gt 0 ] &&
[ "$(q "SELECT count(*) FROM (SELECT src, grp, max(id) FROM alerts WHERE
    src <> '' GROUP BY src, grp EXCEPT SELECT src, grp, last_id FROM
    alert_sources)")" = 0 ] || fail "alert_sources not made from the alerts"

# The retention (400 days by default): alerts last seen before it go,
# new, expired, dismissed or suppressed, and their addresses from
# alert_sources with them; one seen now stays.
export CASEBOOK_NOW=$((T0 + 410 * 86400))
line r1 10.0.0.9 "ET SCAN z" 2028-01-15T00:00:00Z |
	sed 's/"received":"[^"]*"/"received":"2028-01-15T00:00:00Z"/' \
	>"$TESTDIR/r.jsonl"
expect_exit 0 cb ingest "$TESTDIR/r.jsonl"
had=$(q "SELECT count(*) FROM alerts")
expect_exit 0 cb gc
contains "$OUT" "past the retention deleted" "gc applies the retention"
groups_text_ok "after the retention"
[ "$(q "SELECT count(*) FROM alerts")" -lt "$had" ] ||
	fail "the retention deleted no alert"
# Dismissed and suppressed alerts are not attached: they go too.
[ "$(q "SELECT source_ref FROM alerts")" = r1 ] ||
	fail "only r1, seen now, outlives the retention: $(q "SELECT source_ref, status FROM alerts")"
[ "$(q "SELECT count(*) FROM alert_groups")" = 1 ] ||
	fail "only r1's group is left"
[ "$(q "SELECT count(*) FROM alert_sources s WHERE NOT EXISTS (SELECT 1
    FROM alerts a WHERE a.src = s.src AND a.grp = s.grp)")" = 0 ] ||
	fail "an address in alert_sources whose alerts are gone"
[ "$(q "SELECT count(*) FROM alert_sources WHERE src = '10.0.0.9'")" = 1 ] ||
	fail "r1's address is still in alert_sources"
exit 0
