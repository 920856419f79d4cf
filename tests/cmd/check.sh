# casebook check finds what is wrong, and reindex mends what the index
# got wrong: an index row that differs from the record, a row the record
# does not have, a missing note, and a record object that cannot be read.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "first" --urgency high
a=$OUT
expect_exit 0 cb new --title "second"
b=$OUT
expect_exit 0 cb note "$a" -m "a note that the index will lose"
expect_exit 0 cb check
contains "$OUT" "ok" "a healthy store"

db="$CASEBOOK_STORE/index.db"

# An index of schema 1 (before checklists) is migrated and filled again
# from the record on the next open.
expect_exit 0 cb answer "$a" source alert
version=$(sqlite3 "$db" "PRAGMA user_version")
[ "$version" -gt 6 ] || fail "a new index has schema $version"
sqlite3 "$db" "DROP INDEX incidents_filter; DROP TABLE checklists; DROP TABLE answers; DROP TABLE damaged; ALTER TABLE incidents DROP COLUMN damaged_file; ALTER TABLE incidents DROP COLUMN damaged_line; ALTER TABLE incidents DROP COLUMN damaged_reason; ALTER TABLE notes DROP COLUMN name; DROP TABLE events; DROP TABLE cursors; DROP TABLE note_chunks; ALTER TABLE attachments DROP COLUMN place; DROP TABLE alert_groups; DROP TABLE alerts; DROP TABLE alert_bodies; DROP TABLE alert_suppressions; DROP TABLE hosts; DROP TABLE flows; DROP TABLE ingest_checkpoints; DROP TABLE history; DROP TABLE moments; DROP TABLE incident_observables; PRAGMA user_version=1" ||
	fail "cannot make a schema 1 index"
expect_exit 0 cb list --json
contains "$OUT" '"gate_done": 1' "progress indexed again after the migration"
[ "$(sqlite3 "$db" "SELECT value FROM answers WHERE incident = '$a' AND item = 'source'")" = alert ] ||
	fail "answers not indexed again after the migration"
[ "$(sqlite3 "$db" "PRAGMA user_version")" = "$version" ] || fail "schema not migrated"
sqlite3 "$db" "SELECT name FROM sqlite_master WHERE name = 'incidents_filter'" |
	grep -q incidents_filter || fail "schema 3's filter index missing"
expect_exit 0 cb check
sqlite3 "$db" "UPDATE incidents SET urgency = 'low', urgency_rank = 3 WHERE id = '$a'" ||
	fail "cannot edit the index"
expect_exit 1 cb check
contains "$OUT" "$a: the index differs from the record" "a changed row"
sqlite3 "$db" "DELETE FROM notes" || fail "cannot edit the index"
expect_exit 1 cb check
contains "$OUT" "not in the index" "a lost note"
contains "$ERR" "problem" "check's summary"
sqlite3 "$db" "INSERT INTO incidents(id, title, phase, phase_rank, urgency,
	urgency_rank, severity, classes, department, reporter, hosts, assignees,
	created, updated, open) VALUES ('2026-9999', 'ghost', 'intake', 0,
	'normal', 2, '', 'other', '', '', '', '', '2026-01-01T00:00:00Z',
	'2026-01-01T00:00:00Z', 1)" || fail "cannot edit the index"
expect_exit 1 cb check
contains "$OUT" "3 incidents, the record has 2" "a row the record lacks"

# reindex puts the index right.
expect_exit 0 cb reindex
expect_exit 0 cb check
expect_exit 0 cb show "$a" --json
contains "$OUT" '"urgency": "high"' "reindex restored the field"
contains "$OUT" "a note that the index will lose" "reindex restored the note"

# A record that lost objects is reported: remove the pack that holds the
# second incident's creation.
blob=$(rgit rev-parse "main:incidents/${b%%-*}/00/$b/incident.json")
pack=
for idx in "$CASEBOOK_STORE"/record.git/objects/pack/*.idx; do
	if git show-index <"$idx" | grep -q "$blob"; then
		pack=${idx%.idx}
	fi
done
[ -n "$pack" ] || fail "no pack holds $blob"
rm -f "$pack.pack" "$pack.idx"
expect_exit 1 cb check
contains "$OUT" "problem: " "problems listed"
contains "$OUT" "record.git" "the record named as damaged"
exit 0
