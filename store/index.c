/*
 * The SQLite index: what screens and commands query (queues, notebooks,
 * history, full-text search), rebuilt from the record at will.  It is
 * never the system of record: when it and the record disagree, the record
 * wins and cb_index_sync or a reindex puts the index right.
 *
 * Every statement is a literal with bound parameters.
 */
#include "store/store-int.h"

#include "core/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/sanitize.h"
#include "core/nls.h"
#include "core/xdg.h"

#define SCHEMA_VERSION 17

/*
 * The triggers that keep the full-text tables in step with their content
 * tables.  A full rebuild drops them, fills the tables, rebuilds the
 * full-text indexes in one pass and creates them again: row by row, the
 * full-text index would be flushed after every insert.
 */
#define FTS_TRIGGERS_V1 \
	"CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN" \
	"  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END;" \
	"CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN" \
	"  INSERT INTO notes_fts(notes_fts, rowid, body)" \
	"  VALUES ('delete', old.id, old.body); END;" \
	"CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN" \
	"  INSERT INTO notes_fts(notes_fts, rowid, body)" \
	"  VALUES ('delete', old.id, old.body);" \
	"  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END;" \
	"CREATE TRIGGER incidents_ai AFTER INSERT ON incidents BEGIN" \
	"  INSERT INTO titles_fts(rowid, title) VALUES (new.rowid, new.title); END;" \
	"CREATE TRIGGER incidents_ad AFTER DELETE ON incidents BEGIN" \
	"  INSERT INTO titles_fts(titles_fts, rowid, title)" \
	"  VALUES ('delete', old.rowid, old.title); END;" \
	"CREATE TRIGGER incidents_au AFTER UPDATE OF title ON incidents BEGIN" \
	"  INSERT INTO titles_fts(titles_fts, rowid, title)" \
	"  VALUES ('delete', old.rowid, old.title);" \
	"  INSERT INTO titles_fts(rowid, title) VALUES (new.rowid, new.title); END;"

/*
 * Since schema 6 the notes' full-text index is over note_chunks, each
 * note cut in pieces of NOTE_CHUNK bytes (see put_chunks).
 */
#define FTS_TRIGGERS \
	"CREATE TRIGGER note_chunks_ai AFTER INSERT ON note_chunks BEGIN" \
	"  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END;" \
	"CREATE TRIGGER note_chunks_ad AFTER DELETE ON note_chunks BEGIN" \
	"  INSERT INTO notes_fts(notes_fts, rowid, body)" \
	"  VALUES ('delete', old.id, old.body); END;" \
	"CREATE TRIGGER incidents_ai AFTER INSERT ON incidents BEGIN" \
	"  INSERT INTO titles_fts(rowid, title) VALUES (new.rowid, new.title); END;" \
	"CREATE TRIGGER incidents_ad AFTER DELETE ON incidents BEGIN" \
	"  INSERT INTO titles_fts(titles_fts, rowid, title)" \
	"  VALUES ('delete', old.rowid, old.title); END;" \
	"CREATE TRIGGER incidents_au AFTER UPDATE OF title ON incidents BEGIN" \
	"  INSERT INTO titles_fts(titles_fts, rowid, title)" \
	"  VALUES ('delete', old.rowid, old.title);" \
	"  INSERT INTO titles_fts(rowid, title) VALUES (new.rowid, new.title); END;"

#define FTS_DROP_TRIGGERS \
	"DROP TRIGGER note_chunks_ai; DROP TRIGGER note_chunks_ad;" \
	"DROP TRIGGER incidents_ai; DROP TRIGGER incidents_ad;" \
	"DROP TRIGGER incidents_au;"

/*
 * Forward migrations: migrations[i] takes a database from user_version i
 * to i + 1, and ends by setting user_version.  A database newer than
 * SCHEMA_VERSION is refused, not touched.
 */
static const char *const migrations[SCHEMA_VERSION] = {
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE incidents ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  phase_rank INTEGER NOT NULL,"
	"  urgency TEXT NOT NULL,"
	"  urgency_rank INTEGER NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  classes TEXT NOT NULL,"
	"  department TEXT NOT NULL,"
	"  reporter TEXT NOT NULL,"
	"  hosts TEXT NOT NULL,"
	"  assignees TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  open INTEGER NOT NULL);"
	"CREATE INDEX incidents_queue ON incidents(open, urgency_rank, created, id);"
	"CREATE INDEX incidents_all ON incidents(urgency_rank, created, id);"
	"CREATE INDEX incidents_phase ON incidents(phase_rank, urgency_rank, created, id);"
	"CREATE TABLE notes ("
	"  id INTEGER PRIMARY KEY,"
	"  incident TEXT NOT NULL REFERENCES incidents(id)"
	"    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
	"  path TEXT NOT NULL,"
	"  author TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  UNIQUE (incident, path));"
	"CREATE TABLE attachments ("
	"  incident TEXT NOT NULL REFERENCES incidents(id)"
	"    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
	"  sha256 TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  by TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (incident, sha256));"
	"CREATE TABLE commits ("
	"  seq INTEGER PRIMARY KEY,"
	"  oid TEXT NOT NULL UNIQUE,"
	"  incident TEXT,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  email TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  summary TEXT NOT NULL);"
	"CREATE INDEX commits_incident ON commits(incident, seq);"
	/* Trigram tokens find any substring of three characters or more,
	 * Japanese included, which has no spaces to split words on. */
	"CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes',"
	"  content_rowid='id', tokenize='trigram');"
	"CREATE VIRTUAL TABLE titles_fts USING fts5(title, content='incidents',"
	"  content_rowid='rowid', tokenize='trigram');"
	FTS_TRIGGERS_V1
	"PRAGMA user_version=1;",

	/*
	 * 2: the checklist of each incident (checklist.json): its answers,
	 * and the progress of its current phase as its last writer computed
	 * it.  The record is indexed again from scratch.
	 */
	"CREATE TABLE checklists ("
	"  incident TEXT PRIMARY KEY,"
	"  playbook TEXT NOT NULL,"
	"  gate_done INTEGER NOT NULL,"
	"  gate_required INTEGER NOT NULL,"
	"  waiting TEXT NOT NULL,"
	"  suggestions INTEGER NOT NULL,"
	"  body TEXT NOT NULL);"
	"CREATE INDEX checklists_waiting ON checklists(waiting)"
	"  WHERE waiting != '';"
	"CREATE TABLE answers ("
	"  incident TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  value TEXT,"
	"  waived INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  by TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (incident, item));"
	"CREATE INDEX answers_item ON answers(item, value);"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=2;",

	/*
	 * 3: the queue's filter as you type reads every open incident's
	 * searchable columns in queue order: from this index alone, without
	 * the table's rows (16 ms -> 8 ms at 100,000 incidents).
	 */
	"CREATE INDEX incidents_filter ON incidents(open, urgency_rank, created,"
	"  id, title, department, hosts, assignees);"
	"PRAGMA user_version=3;",

	/*
	 * 4: files of the record that cannot be indexed (pushed with git:
	 * broken JSON, a bad value, an id naming another folder) are kept as
	 * damage instead of failing the whole sync; the incident's row
	 * carries its first damage for the queues.  A commit without
	 * casebook's trailers is in the history of every incident it
	 * touched, so a commit has a row per incident.  The record is
	 * indexed again from scratch.  Notes carry their file name, by which
	 * they are listed whatever folder of notebook/ holds them.
	 */
	"CREATE TABLE damaged ("
	"  incident TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  PRIMARY KEY (incident, file));"
	"ALTER TABLE incidents ADD COLUMN damaged_file TEXT;"
	"ALTER TABLE incidents ADD COLUMN damaged_line INTEGER;"
	"ALTER TABLE incidents ADD COLUMN damaged_reason TEXT;"
	/* Entries are filed in folders: the file name is the time order. */
	"ALTER TABLE notes ADD COLUMN name TEXT NOT NULL DEFAULT '';"
	"DROP TABLE commits;"
	"CREATE TABLE commits ("
	"  seq INTEGER PRIMARY KEY,"
	"  oid TEXT NOT NULL,"
	"  incident TEXT,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  email TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  UNIQUE (oid, incident));"
	"CREATE INDEX commits_incident ON commits(incident, seq);"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=4;",

	/*
	 * 5: the events, one row per change and incident, in the order the
	 * history has them: what the outbox, the GitLab mirror and sync
	 * follow, each with a cursor of its own (a commit id, which a
	 * reindex keeps, where seq numbers are made anew).  Filled from the
	 * history like commits, so a reindex rebuilds them.
	 */
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY,"
	"  oid TEXT NOT NULL,"
	"  incident TEXT,"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  payload TEXT NOT NULL,"
	"  UNIQUE (oid, incident));"
	"CREATE INDEX events_oid ON events(oid);"
	"CREATE TABLE cursors ("
	"  name TEXT PRIMARY KEY,"
	"  oid TEXT NOT NULL);"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=5;",

	/*
	 * 6: the notes' full-text index over pieces of each note, so that
	 * a search's cost does not grow with the size of the note it finds
	 * (FTS5's snippet() over one 8 MB note took minutes: it grows with
	 * the square of the text).  Rebuilt from the record.
	 */
	"DROP TRIGGER IF EXISTS notes_ai; DROP TRIGGER IF EXISTS notes_ad;"
	"DROP TRIGGER IF EXISTS notes_au; DROP TABLE IF EXISTS notes_fts;"
	"DELETE FROM notes;"
	"CREATE TABLE note_chunks ("
	"  id INTEGER PRIMARY KEY,"
	"  note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  body TEXT NOT NULL);"
	"CREATE INDEX note_chunks_note ON note_chunks(note);"
	"CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='note_chunks',"
	"  content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER note_chunks_ai AFTER INSERT ON note_chunks BEGIN"
	"  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END;"
	"CREATE TRIGGER note_chunks_ad AFTER DELETE ON note_chunks BEGIN"
	"  INSERT INTO notes_fts(notes_fts, rowid, body)"
	"  VALUES ('delete', old.id, old.body); END;"
	/* Evidence may live outside the record (STORE/evidence/SHA256). */
	"ALTER TABLE attachments ADD COLUMN place TEXT NOT NULL DEFAULT '';"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=6;",

	/*
	 * 7: the queue sorted by any column reads this index alone, as the
	 * filter does: the phase and the classes join the filter's columns
	 * (sorting the open incidents by phase or classes read every open
	 * row of the table: 25 ms -> 2 ms at 100,000 incidents).  Only the
	 * index changes; nothing to index again.
	 */
	"DROP INDEX incidents_filter;"
	"CREATE INDEX incidents_filter ON incidents(open, urgency_rank, created,"
	"  id, title, department, hosts, assignees, phase_rank, classes);"
	"PRAGMA user_version=7;",

	/*
	 * 8: the outbox (store/enqueue.c queues, store/outbox.c delivers
	 * the state): one message per event a destination wants, queued in
	 * the transaction that adds the event, with its delivery state, and
	 * per destination the time before which nothing is sent (a 429).
	 * Index-only: not made from the record, so a reindex carries both
	 * tables over (cb_index_rebuild) and check does not compare them.
	 * The event is copied (oid, incident, action, actor, at, payload):
	 * a reindex renumbers events.seq, and UNIQUE (destination, oid,
	 * incident) keeps an event from being queued twice.  Times in ms.
	 */
	"CREATE TABLE IF NOT EXISTS outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  destination TEXT NOT NULL,"
	"  event_seq INTEGER NOT NULL,"
	"  oid TEXT NOT NULL,"
	"  incident TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  payload TEXT NOT NULL,"
	"  body TEXT,"
	"  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued',"
	"    'delivering', 'delivered', 'dead')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_try INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT NOT NULL DEFAULT '',"
	"  merged_into INTEGER,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  UNIQUE (destination, oid, incident));"
	"CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(destination, state, id);"
	"CREATE TABLE IF NOT EXISTS outbox_dest ("
	"  destination TEXT PRIMARY KEY,"
	"  hold_until INTEGER NOT NULL DEFAULT 0,"
	"  reason TEXT NOT NULL DEFAULT '');"
	/*
	 * Where each incident is mirrored (its links.json: the GitLab
	 * issue's iid and URL), from the record like the other tables.
	 */
	"CREATE TABLE IF NOT EXISTS links ("
	"  incident TEXT NOT NULL REFERENCES incidents(id)"
	"    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
	"  name TEXT NOT NULL,"
	"  iid INTEGER NOT NULL,"
	"  url TEXT NOT NULL,"
	"  PRIMARY KEY (incident, name));"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=8;",

	/*
	 * 9 (sync): an event of a change made at another site and merged
	 * in (its commit's Casebook-Site trailer names another letter than
	 * this store's) is marked remote, so that only the site where a
	 * change was made notifies it.  Derived from the record: rebuilt.
	 */
	"ALTER TABLE events ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=9;",

	/*
	 * 10: alerts (store/alert.c).  Index-only tables: not rebuilt from
	 * the record, carried over by a reindex (cb_alert_carry) and left
	 * out of check's comparison.  An alert is one (source, source_ref);
	 * its row is kept small (a replay rewrites it), and alert_bodies,
	 * under the same id, holds its normal form as casebook's JSON line
	 * without the payload (since 16, without the row's fields either:
	 * cb_alert_from_row), and the payload as bytes (raw, capped at
	 * CB_ALERT_RAW_MAX; raw_len its length before the cut).  Times are
	 * epoch seconds.
	 * flows are the beacon score's input, one row per flow record.
	 */
	"CREATE TABLE alert_groups ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  signature TEXT NOT NULL,"
	"  class TEXT NOT NULL,"
	"  department TEXT NOT NULL,"
	"  first_event INTEGER NOT NULL,"
	"  last_event INTEGER NOT NULL,"
	"  alerts INTEGER NOT NULL,"
	"  top_score REAL NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  incident TEXT,"
	"  reason TEXT,"
	"  actor TEXT,"
	"  acted INTEGER,"
	"  seen INTEGER NOT NULL DEFAULT 0,"
	"  hosts TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX alert_groups_key ON alert_groups(key, status, last_event);"
	"CREATE INDEX alert_groups_status ON alert_groups(status, last_event);"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  source_ref TEXT NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  event_time INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  grp INTEGER,"
	"  incident TEXT,"
	"  signature TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  src TEXT NOT NULL,"
	"  dst TEXT NOT NULL,"
	"  department TEXT NOT NULL,"
	"  UNIQUE (source, source_ref));"
	"CREATE INDEX alerts_grp ON alerts(grp);"
	"CREATE TABLE alert_bodies ("
	"  id INTEGER PRIMARY KEY,"
	"  body TEXT NOT NULL,"
	"  raw BLOB,"
	"  raw_len INTEGER NOT NULL);"
	"CREATE TABLE alert_suppressions ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  signature TEXT NOT NULL,"
	"  src TEXT NOT NULL,"
	"  dst TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL);"
	"CREATE TABLE hosts ("
	"  pattern TEXT PRIMARY KEY,"
	"  department TEXT NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  notes TEXT NOT NULL);"
	"CREATE TABLE flows ("
	"  src TEXT NOT NULL,"
	"  dst TEXT NOT NULL,"
	"  ts INTEGER NOT NULL,"
	"  src_port INTEGER NOT NULL,"
	"  dst_port INTEGER NOT NULL,"
	"  proto TEXT NOT NULL,"
	"  bytes_out INTEGER NOT NULL,"
	"  bytes_in INTEGER NOT NULL,"
	"  PRIMARY KEY (src, dst, ts, src_port, dst_port, proto)) WITHOUT ROWID;"
	"CREATE INDEX flows_ts ON flows(ts);"
	"CREATE TABLE ingest_checkpoints ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL,"
	"  updated INTEGER NOT NULL);"
	"PRAGMA user_version=10;",

	/*
	 * 11 (issue 13): what each commit changed in each incident, as
	 * timeline records (store/history.c), so that a timeline is read
	 * from here and not from Git; and each incident's key moments
	 * computed from them when the index is updated (core/timeline.c,
	 * seconds since the epoch, NULL when unknown), so that statistics
	 * over 100,000 incidents read one row each.  Both are rebuilt from
	 * the record.
	 */
	"DROP TABLE IF EXISTS history; DROP TABLE IF EXISTS moments;"
	"CREATE TABLE history ("
	"  seq INTEGER PRIMARY KEY,"
	"  oid TEXT NOT NULL,"
	"  incident TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT,"
	"  UNIQUE (oid, incident, kind, key));"
	"CREATE INDEX history_incident ON history(incident, seq);"
	/*
	 * The incident's classes, department, urgency and 'source' answer
	 * are copied beside its moments (from incidents and answers, as
	 * they are after the sync): 'casebook stats' reads this one table,
	 * a scan without joins (joining incidents and answers for 100,000
	 * rows cost 100-150 ms of the 200 ms allowed).
	 */
	"CREATE TABLE moments ("
	"  incident TEXT PRIMARY KEY,"
	"  classes TEXT NOT NULL, department TEXT NOT NULL,"
	"  urgency TEXT NOT NULL, source TEXT,"
	"  detected INTEGER, received INTEGER, triaged INTEGER,"
	"  contained INTEGER, cause_known INTEGER, recovered INTEGER,"
	"  severity INTEGER, report_filed INTEGER, closed INTEGER,"
	"  reopened INTEGER NOT NULL,"
	"  backwards INTEGER NOT NULL) WITHOUT ROWID;"
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=11;",

	/*
	 * 12: the Alerts screen and the dashboard (store/alertview.c): the
	 * day's alerts by event time and a tab's groups by top score, each
	 * read along an index rather than by a scan.
	 */
	"CREATE INDEX alerts_time ON alerts(event_time);"
	"CREATE INDEX alert_groups_score ON alert_groups(status, top_score);"
	"PRAGMA user_version=12;",

	/* 13 (issues 11, 13): the alerts of a host, for the rules
	 * (alertfacts.c, alertrules.c), which look them up by source
	 * address; */
	"CREATE INDEX alerts_src ON alerts(src);"
	/* an incident's last phase move (alertfacts.c); */
	"CREATE INDEX events_incident ON events(incident, seq);"
	/* and the history gains the alerts that joined incidents
	 * (history.c): derived again from the record. */
	"DELETE FROM meta WHERE key = 'indexed';"
	"PRAGMA user_version=13;",

	/* 14 (issue 11): the observables of the alerts in incidents, so
	 * that a group names the open incidents it shares one with
	 * (triage.c); index-only, made again from the attached alerts. */
	"CREATE TABLE IF NOT EXISTS incident_observables ("
	"  value TEXT NOT NULL,"
	"  incident TEXT NOT NULL,"
	"  PRIMARY KEY (value, incident)"
	") WITHOUT ROWID;"
	"INSERT OR IGNORE INTO incident_observables(value, incident) "
	"SELECT lower(json_extract(o.value, '$.value')), g.incident FROM "
	"alert_groups g JOIN alerts a ON a.grp = g.id JOIN alert_bodies b ON "
	"b.id = a.id, json_each(b.body, '$.observables') o WHERE g.incident "
	"IS NOT NULL AND json_extract(o.value, '$.value') IS NOT NULL;"
	"PRAGMA user_version=14;",

	/* 15 (issue 11): the source addresses of the alerts, by group,
	 * each with its last alert, in place of an index on alerts(src):
	 * the rules look a host's alerts up through it (alertrules.c,
	 * alertfacts.c), and an ingest writes a row per address and group
	 * at the end of each piece where the index took a descent per
	 * alert into a thousand hot places, a sixth of a first ingest's
	 * time (doc/design.md, "Ingest speed").  Index-only, carried by a
	 * reindex. */
	"CREATE TABLE IF NOT EXISTS alert_sources ("
	"  src TEXT NOT NULL,"
	"  grp INTEGER NOT NULL,"
	"  last_id INTEGER NOT NULL,"
	"  PRIMARY KEY (src, grp)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO alert_sources(src, grp, last_id) "
	"SELECT src, grp, max(id) FROM alerts WHERE src <> '' AND "
	"grp IS NOT NULL GROUP BY src, grp;"
	"DROP INDEX IF EXISTS alerts_src;"
	/* and a dismissed or suppressed group (and its alerts) has no
	 * incident, NULL, as the retention takes it; it had ''. */
	"UPDATE alert_groups SET incident = NULL WHERE incident = '';"
	"UPDATE alerts SET incident = NULL WHERE incident = '';"
	"DELETE FROM incident_observables WHERE incident = '';"
	"PRAGMA user_version=15;",

	/* 16 (issue 11): a new alert's body holds only the rest of its
	 * normal form (cb_alert_rest_to_json): source, source_ref,
	 * event_time, received (first_seen), signature, category and
	 * severity are its row's, written once (store/alert.c,
	 * cb_alert_from_row).  Bodies written whole before stay as they
	 * are, and read the same; a casebook of schema 15 would refuse
	 * the new ones, so it is told the index is newer.  And a group's
	 * alerts in event order along an index (triage.c,
	 * cb_store_group_alerts): the Alerts screen shows a group's first
	 * 20 and reads only those, where it read and sorted all of them
	 * (1,000 alerts, each on a page of its own). */
	"CREATE INDEX IF NOT EXISTS alerts_grp_time ON alerts(grp, event_time);"
	"DROP INDEX IF EXISTS alerts_grp;"
	"PRAGMA user_version=16;",

	/* 17 (issue 11): the groups' text that the Alerts screen's filter
	 * matches (store/alertview.c), in a trigram index: a filter of
	 * three characters or more finds its groups through it, where it
	 * read every group of the tab (a million groups: seconds a
	 * keystroke).  Triggers follow a deletion and a change of one of
	 * its texts (not the counts an ingest writes at each piece's
	 * end); a new group is added by whoever made it, in one statement
	 * for all the groups of an ingest's piece (cb_agroups_text_add):
	 * FTS5 writes its pending terms out at each statement, and a
	 * trigger on insert made a first ingest of a million groups
	 * three times as slow. */
	"CREATE VIRTUAL TABLE IF NOT EXISTS alert_groups_text USING fts5("
	"  signature, class, department, key, incident, content='alert_groups',"
	"  content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER IF NOT EXISTS alert_groups_ad AFTER DELETE ON"
	"  alert_groups BEGIN"
	"  INSERT INTO alert_groups_text(alert_groups_text, rowid, signature,"
	"  class, department, key, incident) VALUES ('delete', old.id,"
	"  old.signature, old.class, old.department, old.key, old.incident);"
	"  END;"
	"CREATE TRIGGER IF NOT EXISTS alert_groups_au AFTER UPDATE OF"
	"  signature, class, department, key, incident ON alert_groups WHEN"
	"  old.signature IS NOT new.signature OR old.class IS NOT new.class OR"
	"  old.department IS NOT new.department OR old.key IS NOT new.key OR"
	"  old.incident IS NOT new.incident BEGIN"
	"  INSERT INTO alert_groups_text(alert_groups_text, rowid, signature,"
	"  class, department, key, incident) VALUES ('delete', old.id,"
	"  old.signature, old.class, old.department, old.key, old.incident);"
	"  INSERT INTO alert_groups_text(rowid, signature, class, department,"
	"  key, incident) VALUES (new.id, new.signature, new.class,"
	"  new.department, new.key, new.incident); END;"
	"INSERT INTO alert_groups_text(alert_groups_text, rank)"
	"  VALUES ('hashsize', 16777216);"
	"INSERT INTO alert_groups_text(alert_groups_text) VALUES ('rebuild');"
	"PRAGMA user_version=17;",
};

/*
 * SQLite's error on st->db in words a user can act on.  A damaged file
 * (SQLITE_CORRUPT, SQLITE_NOTADB) is CB_EDAMAGED and names the cure; a
 * full disk names the free space (cb_os_error); a file that may not be
 * written says the store is read-only.  Anything else keeps SQLite's
 * text, with the system's reason when there is one.
 */
enum cb_status
cb_db_error(struct cb_store *st, struct cb_error *err, const char *what)
{
	int rc = st->db != NULL ? sqlite3_extended_errcode(st->db) : SQLITE_NOMEM;
	int sys = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
	const char *msg = st->db != NULL ? sqlite3_errmsg(st->db) :
	    "out of memory";
	const char *file = st->tmp_index != NULL ? st->tmp_index : "index.db";
	char where[4096];

	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		if (st->tmp_index != NULL)
			break;
		return cb_fail(err, CB_EDAMAGED, _("the index %s/index.db is "
		    "damaged (%s: %s); run `casebook reindex` to rebuild it "
		    "from the record; nothing in the record is lost"), st->dir,
		    what, msg);
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_PERM:
		snprintf(where, sizeof where, "%s", st->tmp_index != NULL ?
		    st->tmp_index : st->dir);
		if (st->tmp_index == NULL && strlen(where) + 10 < sizeof where)
			strcat(where, "/index.db");
		if ((rc & 0xff) == SQLITE_FULL)
			return cb_os_error(err, ENOSPC, where);
		if (sys == ENOSPC || sys == EDQUOT || sys == EROFS ||
		    ((rc & 0xff) != SQLITE_IOERR && (sys == EACCES ||
		    sys == EPERM)))
			return cb_os_error(err, sys, where);
		if ((rc & 0xff) == SQLITE_READONLY)
			return cb_fail(err, CB_EREADONLY, _("this store is "
			    "read-only (%s/%s cannot be written: %s)"), st->dir,
			    file, msg);
		break;
	}
	if (sys != 0)
		return cb_fail(err, CB_ERR, "%s/%s: %s: %s (%s)", st->dir, file,
		    what, msg, strerror(sys));
	return cb_fail(err, CB_ERR, "%s/%s: %s: %s", st->dir, file, what, msg);
}

/*
 * The end of a query loop: rc is sqlite3_step's last result.  SQLITE_ROW
 * (the caller stopped early) and SQLITE_DONE are success; anything else
 * is an error that must reach the user, never a shorter result.
 */
static enum cb_status
step_end(struct cb_store *st, int rc, const char *what, struct cb_error *err)
{
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return CB_OK;
	return cb_db_error(st, err, what);
}

/*
 * Statements are prepared once per store and kept, keyed by the address
 * of their SQL literal: a reindex runs the same few statements hundreds
 * of thousands of times.  A statement still running (a query re-entered
 * from its own callback) gets a fresh one; cb_db_release() resets a kept
 * statement and finalizes any other.
 */
enum cb_status
cb_db_prepare(struct cb_store *st, const char *sql, sqlite3_stmt **out,
    struct cb_error *err)
{
	for (size_t i = 0; i < st->n_stmts; i++) {
		if (st->stmts[i].sql == sql &&
		    !sqlite3_stmt_busy(st->stmts[i].stmt)) {
			sqlite3_clear_bindings(st->stmts[i].stmt);
			*out = st->stmts[i].stmt;
			return CB_OK;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out,
	    NULL) != SQLITE_OK)
		return cb_db_error(st, err, "preparing a query");
	for (size_t i = 0; i < st->n_stmts; i++)
		if (st->stmts[i].sql == sql)
			return CB_OK;	/* the kept one is busy */
	if (st->n_stmts < CB_STMT_CACHE) {
		st->stmts[st->n_stmts].sql = sql;
		st->stmts[st->n_stmts].stmt = *out;
		st->n_stmts++;
	}
	return CB_OK;
}

void
cb_db_release(struct cb_store *st, sqlite3_stmt *stmt)
{
	for (size_t i = 0; i < st->n_stmts; i++) {
		if (st->stmts[i].stmt == stmt) {
			sqlite3_reset(stmt);
			return;
		}
	}
	sqlite3_finalize(stmt);
}

static enum cb_status
exec(struct cb_store *st, const char *sql, struct cb_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cb_db_error(st, err, sql);
	return CB_OK;
}

/* exec, with what it is for in an error rather than the SQL. */
static enum cb_status
exec_as(struct cb_store *st, const char *sql, const char *what,
    struct cb_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cb_db_error(st, err, what);
	return CB_OK;
}

const char *
cb_db_col(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return t != NULL ? (const char *)t : "";
}

/* --- opening, closing, rebuilding ------------------------------------------- */

/*
 * Other processes and the index file.  A reindex builds a new file and
 * renames it over index.db; the old file's -wal and -shm must then go,
 * or the next opener of the new file would replay the old file's WAL
 * into it.  Two rules make that safe:
 *
 *  - Every connection sets SQLITE_FCNTL_PERSIST_WAL, so that SQLite
 *    never deletes index.db-wal or index.db-shm by name when a
 *    connection closes: a process that opened the old file would
 *    otherwise delete the new file's WAL when it finishes.
 *  - Opening (up to the first read, when SQLite opens the WAL and the
 *    shared memory) holds a shared flock(2) on the store's folder, and
 *    the swap (rename, then unlink of the old -wal and -shm) holds it
 *    exclusively: no casebook process can open the new file with the old
 *    WAL in between.
 *
 * A process that had the old file open keeps its inode (and its -wal and
 * -shm, now unlinked): it goes on reading a consistent index and, since
 * every sync catches up from the record by the indexed commit, a correct
 * one; its own index updates reach only that orphaned file, which the
 * kernel frees when it exits.  The next command opens the new file.
 */
static int
lock_dir(const struct cb_store *st, int how)
{
	int fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		while (flock(fd, how) < 0 && errno == EINTR)
			;
	return fd;
}

static void
unlock_dir(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the flock */
}

void
cb_index_close(struct cb_store *st)
{
	for (size_t i = 0; i < st->n_stmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	st->n_stmts = 0;
	if (st->db != NULL)
		sqlite3_close(st->db);
	st->db = NULL;
	if (st->tmp_index != NULL) {
		if (!st->review)	/* a review's index is kept */
			unlink(st->tmp_index);
		free(st->tmp_index);
		st->tmp_index = NULL;
	}
}

/* PRAGMA user_version; a read error is an error, not version 0. */
static enum cb_status
schema_version(struct cb_store *st, int *version, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "PRAGMA user_version", &stmt, err)) != CB_OK)
		return s;
	rc = sqlite3_step(stmt);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	s = step_end(st, rc, "reading the schema version", err);
	cb_db_release(st, stmt);
	return s;
}

/* Brings the schema to SCHEMA_VERSION; refuses a newer one. */
static enum cb_status
migrate(struct cb_store *st, struct cb_error *err)
{
	enum cb_status s;
	int version;

	if ((s = schema_version(st, &version, err)) != CB_OK)
		return s;
	if (version > SCHEMA_VERSION)
		return cb_fail(err, CB_ERR, _("%s/index.db has schema version %d; "
		    "this casebook knows versions up to %d: use a newer casebook"),
		    st->dir, version, SCHEMA_VERSION);
	if (version == SCHEMA_VERSION)
		return CB_OK;
	if ((s = exec_as(st, "BEGIN IMMEDIATE", "updating the schema",
	    err)) != CB_OK)
		return s;
	/* Another process may have migrated while we waited for the lock. */
	if ((s = schema_version(st, &version, err)) != CB_OK)
		goto fail;
	for (; s == CB_OK && version < SCHEMA_VERSION; version++)
		s = exec_as(st, migrations[version], "updating the schema",
		    err);
	if (s == CB_OK)
		return exec_as(st, "COMMIT", "updating the schema", err);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

static enum cb_status
open_file(struct cb_store *st, const char *name, int flags,
    struct cb_error *err)
{
	int one = 1;

	/* NOFOLLOW: a link planted as index.db is refused (store.c). */
	if (sqlite3_open_v2(name, &st->db, flags | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		return cb_db_error(st, err, "opening");
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	/*
	 * 8 KiB pages for a new file (an existing one keeps its own): an
	 * alert's body row (its normal form and payload, about 1.1 KB for
	 * Suricata EVE) fits 3 to a 4 KiB page, 75 % full, and 7 to an
	 * 8 KiB one (doc/design.md, "Ingest speed").
	 */
	(void)sqlite3_exec(st->db, "PRAGMA page_size=8192", NULL, NULL, NULL);
	return CB_OK;
}

/*
 * The index of a plain clone opened for review (store.c): in the
 * person's cache, $XDG_CACHE_HOME/casebook/HASH/index.db (HASH names the
 * clone's path, core/xdg.h), kept between runs and caught up with the
 * clone's branch like a store's own, so that a second look at a big
 * record does not index it again.  Rebuilt whole when it is damaged or
 * of another schema: it is only a cache.
 */
static enum cb_status
open_review(struct cb_store *st, struct cb_error *err)
{
	char hex[13], *dir, *canon = realpath(st->dir, NULL);
	enum cb_status s;
	int version = -1;

	cb_path_hash(canon != NULL ? canon : st->dir, hex);
	free(canon);
	if ((dir = cb_xdg_dir("XDG_CACHE_HOME", ".cache", hex, err)) == NULL)
		return CB_ERR;
	st->tmp_index = xasprintf("%s/index.db", dir);
	free(dir);
	for (int attempt = 0; attempt < 2; attempt++) {
		struct cb_error ignored;

		if ((s = open_file(st, st->tmp_index, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_CREATE, err)) == CB_OK &&
		    (s = exec_as(st, "PRAGMA synchronous=OFF;"
		    "PRAGMA foreign_keys=ON;", "opening", err)) == CB_OK &&
		    (s = schema_version(st, &version, &ignored)) == CB_OK &&
		    version <= SCHEMA_VERSION &&
		    (s = migrate(st, err)) == CB_OK &&
		    (s = cb_index_sync(st, false, err)) == CB_OK)
			return CB_OK;
		if (attempt == 1)
			break;
		/* A damaged or newer cache: start it again. */
		for (size_t i = 0; i < st->n_stmts; i++)
			sqlite3_finalize(st->stmts[i].stmt);
		st->n_stmts = 0;
		sqlite3_close(st->db);
		st->db = NULL;
		unlink(st->tmp_index);
	}
	return s != CB_OK ? s : cb_fail(err, CB_ERR, _("%s: the review index "
	    "cannot be made"), st->tmp_index);
}

/*
 * A private index for a store this process cannot write, built from the
 * record in $TMPDIR and removed at close.  Without a journal: it has no
 * other reader, and a crash leaves only a file in $TMPDIR.
 */
static enum cb_status
open_private(struct cb_store *st, struct cb_error *err)
{
	const char *tmpdir = secure_getenv("TMPDIR");
	enum cb_status s;
	int fd;

	cb_index_close(st);
	if (st->review)
		return open_review(st, err);
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	st->tmp_index = xasprintf("%s/casebook-index-XXXXXX", tmpdir);
	if ((fd = mkostemp(st->tmp_index, O_CLOEXEC)) < 0) {
		s = cb_os_error(err, errno, st->tmp_index);
		free(st->tmp_index);
		st->tmp_index = NULL;
		return s;
	}
	close(fd);
	if ((s = open_file(st, st->tmp_index, SQLITE_OPEN_READWRITE,
	    err)) != CB_OK ||
	    (s = exec_as(st, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	    "PRAGMA foreign_keys=ON;", "opening", err)) != CB_OK ||
	    (s = migrate(st, err)) != CB_OK)
		return s;
	return cb_index_sync(st, true, err);
}

/* "file:" URI of path, with the characters URIs give a meaning escaped. */
static char *
file_uri(const char *path, const char *query)
{
	struct cb_buf b = { 0 };

	cb_buf_adds(&b, "file:");
	for (const char *p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			cb_buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			cb_buf_addc(&b, *p);
	}
	cb_buf_printf(&b, "?%s", query);
	return cb_buf_detach(&b);
}

static enum cb_status get_meta(struct cb_store *st, const char *key,
    char *out, size_t outlen, struct cb_error *err);

/*
 * A read-only store: its index, opened read-only, if it is usable as it
 * is (this schema, indexed at the branch tip), else a private one.  On a
 * read-only file system nobody can change the file, so it is opened
 * immutable (no locks, no -shm, which could not be created there; a
 * -wal left by an unclean close is ignored, and what the file holds
 * without it is older but consistent, so it is found stale).  Where
 * others may write, mode=ro takes part in WAL locking like any reader.
 */
static enum cb_status
open_readonly(struct cb_store *st, struct cb_error *err)
{
	char *path = xasprintf("%s/index.db", st->dir), *uri;
	char indexed[GIT_OID_HEXSZ + 1], tiphex[GIT_OID_HEXSZ + 1];
	struct cb_error ignored;
	enum cb_status s;
	int version = 0;
	git_oid tip;

	uri = file_uri(path, st->ro_fs ? "immutable=1" : "mode=ro");
	s = access(path, R_OK) == 0 ? open_file(st, uri, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, &ignored) : CB_ERR;
	free(uri);
	free(path);
	if (s == CB_OK && (s = schema_version(st, &version, &ignored)) == CB_OK &&
	    version == SCHEMA_VERSION &&
	    (s = get_meta(st, "indexed", indexed, sizeof indexed,
	    &ignored)) == CB_OK) {
		if (!cb_record_tip_fast(st, tiphex)) {
			if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
				return s;
			git_oid_tostr(tiphex, sizeof tiphex, &tip);
		}
		if (strcmp(indexed, tiphex) == 0)
			return CB_OK;
	}
	return open_private(st, err);
}

/*
 * Makes the index the group's: on a descriptor opened without following
 * a link, never with chmod(path), which a link planted meanwhile would
 * have turned on a file of the user's choosing.
 */
static void
group_mode(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 0777) != 0660)
		(void)fchmod(fd, 0660);
	close(fd);
}

enum cb_status
cb_index_open(struct cb_store *st, struct cb_error *err)
{
	char *path;
	enum cb_status s;
	int version, lock;

	if (st->readonly)
		return open_readonly(st, err);
	path = xasprintf("%s/index.db", st->dir);
	lock = lock_dir(st, LOCK_SH);
	s = open_file(st, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	/*
	 * SQLite creates the file 0644 (so 0640 under a team store's umask)
	 * and gives its -wal and -shm files the same mode: make it the
	 * group's before WAL mode creates them.
	 */
	if (s == CB_OK && st->shared)
		group_mode(path);
	free(path);
	/*
	 * WAL lets readers go on while one process writes.  NORMAL syncs at
	 * checkpoints only: the index is rebuilt from the record, which is
	 * the thing fsynced on every save.  The WAL is kept at close (see
	 * above), cut to nothing then, and to 4 MB after a checkpoint.
	 */
	if (s == CB_OK)
		s = exec_as(st, "PRAGMA journal_mode=WAL;"
		    "PRAGMA synchronous=NORMAL;"
		    "PRAGMA journal_size_limit=4194304;"
		    "PRAGMA foreign_keys=ON;", "opening", err);
	if (s == CB_OK)
		s = schema_version(st, &version, err);
	unlock_dir(lock);
	if (s != CB_OK)
		return s;
	return migrate(st, err);
}

/* Copies the old index's mode and group to fd, or a new file's. */
static void
same_mode(struct cb_store *st, int fd, const char *old)
{
	struct stat sb;
	mode_t mask;

	if (lstat(old, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (fchown(fd, (uid_t)-1, sb.st_gid) < 0) {
			/* Not in its group: the folder's set-group-id bit
			 * chose the group. */
		}
		fchmod(fd, sb.st_mode & 0777);
		return;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, st->shared ? 0660 : 0666 & ~mask);
}

/*
 * The tables that are the index's own, not made from the record (the
 * outbox and its destinations' holds), copied from the index being
 * replaced into the new one.  Best effort: an old index too damaged to
 * read (the reason for many a reindex) gives nothing, and the rebuild
 * goes on; a message whose state was lost that way is not queued again
 * (events are queued only as they arrive), and one being delivered
 * meanwhile by a runner with the old file open may be sent once more.
 */
static void
carry_over(struct cb_store *st, const char *old_path)
{
	sqlite3_stmt *stmt;

	if (access(old_path, F_OK) != 0 ||
	    sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS old", -1, &stmt,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(stmt, 1, old_path, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_DONE) {
		sqlite3_exec(st->db, "BEGIN;"
		    "INSERT INTO main.outbox SELECT * FROM old.outbox;"
		    "INSERT INTO main.outbox_dest SELECT * FROM old.outbox_dest;"
		    "COMMIT;", NULL, NULL, NULL);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_finalize(stmt);
	sqlite3_exec(st->db, "DETACH DATABASE old", NULL, NULL, NULL);
}

enum cb_status
cb_index_rebuild(struct cb_store *st, cb_carry_fn carry,
    struct cb_error *err)
{
	char *path = xasprintf("%s/index.db", st->dir);
	char *next = xasprintf("%s/index.db.new", st->dir);
	char *wal = xasprintf("%s/index.db-wal", st->dir);
	char *shm = xasprintf("%s/index.db-shm", st->dir);
	char *journal = xasprintf("%s/index.db-journal", st->dir);
	struct stat a, b;
	enum cb_status s;
	int fd, lock;

	if (st->readonly) {
		s = cb_store_readonly_error(st, err);
		goto out;
	}
	cb_index_close(st);
	/*
	 * index.db.new is this rebuild's while it holds an flock on it; one
	 * that waited for another rebuild finds the name gone or another
	 * file (renamed into place meanwhile) and starts again.
	 */
	for (;;) {
		if ((fd = open(next, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		    0600)) < 0) {
			s = cb_os_error(err, errno, next);
			goto out;
		}
		while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
			;
		if (fstat(fd, &a) == 0 && stat(next, &b) == 0 &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			break;
		close(fd);
	}
	if (ftruncate(fd, 0) < 0) {
		s = cb_os_error(err, errno, next);
		goto unlock;
	}
	same_mode(st, fd, path);
	/* Built without a journal: a failure throws the file away. */
	if ((s = open_file(st, next, SQLITE_OPEN_READWRITE, err)) != CB_OK ||
	    (s = exec_as(st, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	    "PRAGMA foreign_keys=ON;", "opening", err)) != CB_OK ||
	    (s = migrate(st, err)) != CB_OK ||
	    (s = cb_index_sync(st, true, err)) != CB_OK ||
	    (carry != NULL && (s = carry(st, path, err)) != CB_OK))
		goto unlock;
	carry_over(st, path);
	cb_index_close(st);
	if (fsync(fd) < 0) {
		s = cb_os_error(err, errno, next);
		goto unlock;
	}
	lock = lock_dir(st, LOCK_EX);
	if (rename(next, path) < 0) {
		s = cb_os_error(err, errno, path);
		unlock_dir(lock);
		goto unlock;
	}
	unlink(wal);
	unlink(shm);
	unlink(journal);
	if (lock >= 0)
		fsync(lock);	/* the folder: the rename is durable */
	unlock_dir(lock);
	close(fd);
	fd = -1;
	s = cb_index_open(st, err);
unlock:
	if (fd >= 0) {
		cb_index_close(st);
		unlink(next);
		close(fd);
	}
out:
	free(path);
	free(next);
	free(wal);
	free(shm);
	free(journal);
	return s;
}

/* --- applying the record's changes ------------------------------------------ */

static enum cb_status
get_meta(struct cb_store *st, const char *key, char *out, size_t outlen,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	out[0] = '\0';
	if ((s = cb_db_prepare(st, "SELECT value FROM meta WHERE key = ?1", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		snprintf(out, outlen, "%s", cb_db_col(stmt, 0));
	s = step_end(st, rc, "reading meta", err);
	cb_db_release(st, stmt);
	return s;
}

static enum cb_status
set_meta(struct cb_store *st, const char *key, const char *value,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "writing meta");
	cb_db_release(st, stmt);
	return s;
}

static enum cb_status
step_done(struct cb_store *st, sqlite3_stmt *stmt, const char *what,
    struct cb_error *err)
{
	enum cb_status s = CB_OK;

	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, what);
	cb_db_release(st, stmt);
	return s;
}

/* A list of incident ids, in the order the tree walk met them. */
struct touched {
	char (*ids)[CB_ID_MAX];
	size_t n;
};

/* The walk meets an incident's files one after another: no repeats. */
static void
touched_add(struct touched *t, const char *id)
{
	if (t->n > 0 && strcmp(t->ids[t->n - 1], id) == 0)
		return;
	t->ids = xrealloc(t->ids, (t->n + 1) * sizeof *t->ids);
	snprintf(t->ids[t->n++], CB_ID_MAX, "%s", id);
}

/* --- damage ------------------------------------------------------------------ */

/*
 * The record is plain Git, and people push to it with git.  A file that
 * cannot be indexed (broken JSON, a value casebook does not know, a
 * missing field, an id naming another folder) is kept as damage of the
 * incident whose folder holds it, never as a failure of the sync, so
 * every other incident stays usable.  The incident keeps its last good
 * row, or gets a placeholder so that lists show it, and its row carries
 * its first damage (by file name) for the queues.  The next good version
 * of the file heals it.
 */

/* Copies the incident's first damage onto its row (NULLs when none). */
static enum cb_status
mark_row(struct cb_store *st, const char *id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "UPDATE incidents SET damaged_file = "
	    "(SELECT file FROM damaged WHERE incident = ?1 ORDER BY file "
	    "LIMIT 1), damaged_line = (SELECT line FROM damaged WHERE "
	    "incident = ?1 ORDER BY file LIMIT 1), damaged_reason = (SELECT "
	    "reason FROM damaged WHERE incident = ?1 ORDER BY file LIMIT 1) "
	    "WHERE id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	return step_done(st, stmt, "marking a damaged incident", err);
}

static enum cb_status
quarantine(struct cb_store *st, const char *id, const char *file, int line,
    const char *reason, struct cb_error *err)
{
	struct cb_incident blank;
	sqlite3_stmt *stmt;
	char *classes;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT OR REPLACE INTO damaged(incident, "
	    "file, line, reason) VALUES (?1, ?2, ?3, ?4)", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, line);
	sqlite3_bind_text(stmt, 4, reason, -1, SQLITE_STATIC);
	if ((s = step_done(st, stmt, "indexing damage", err)) != CB_OK)
		return s;
	/* A placeholder when there is no good row to keep. */
	if ((s = cb_db_prepare(st, "INSERT INTO incidents(id, title, phase, "
	    "phase_rank, urgency, urgency_rank, severity, classes, department, "
	    "reporter, hosts, assignees, created, updated, open) VALUES "
	    "(?1, '', ?2, ?3, ?4, ?5, '', ?6, '', '', '', '', '', '', 1) "
	    "ON CONFLICT(id) DO NOTHING", &stmt, err)) != CB_OK)
		return s;
	cb_incident_init(&blank);
	classes = cb_strlist_join(&blank.classes, ",");
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, cb_phase_names[blank.phase], -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, (int)blank.phase);
	sqlite3_bind_text(stmt, 4, cb_urgency_names[blank.urgency], -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, (int)blank.urgency);
	sqlite3_bind_text(stmt, 6, classes, -1, SQLITE_STATIC);
	s = step_done(st, stmt, "indexing a damaged incident", err);
	free(classes);
	cb_incident_free(&blank);
	return s != CB_OK ? s : mark_row(st, id, err);
}

/* A good (or removed) file: its damage, if any, is gone. */
static enum cb_status
heal(struct cb_store *st, const char *id, const char *file,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "DELETE FROM damaged WHERE incident = ?1 "
	    "AND file = ?2", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, file, -1, SQLITE_STATIC);
	if ((s = step_done(st, stmt, "healing damage", err)) != CB_OK)
		return s;
	return sqlite3_changes(st->db) > 0 ? mark_row(st, id, err) : CB_OK;
}

/*
 * A parser's message is "PATH:LINE:COLUMN: reason" (JSON syntax) or
 * "PATH: reason": the line, and the reason without the path.
 */
static const char *
damage_reason(const char *msg, const char *path, int *line)
{
	size_t n = strlen(path);
	const char *p = msg, *q;
	char *end;
	long l;

	*line = 0;
	if (strncmp(p, path, n) != 0 || p[n] != ':')
		return msg;
	p += n + 1;
	l = strtol(p, &end, 10);
	if (end != p && *end == ':') {
		*line = (int)l;
		q = end + 1;
		(void)strtol(q, &end, 10);
		p = end != q && *end == ':' ? end + 1 : q;
	}
	while (*p == ' ')
		p++;
	return p;
}

/* The line of a JSON text holding its "id" key (0 when not found). */
static int
id_line(const char *buf, size_t len)
{
	const char *hit = memmem(buf, len, "\"id\"", 4);
	int line = 1;

	if (hit == NULL)
		return 0;
	for (const char *p = buf; p < hit; p++)
		line += *p == '\n';
	return line;
}

static enum cb_status
put_incident(struct cb_store *st, const char *id, const char *path,
    const git_oid *blob_id, struct cb_error *err)
{
	struct cb_incident inc;
	struct cb_error bad;
	git_blob *blob;
	sqlite3_stmt *stmt;
	char *classes, *hosts, *assignees;
	enum cb_status s;
	int line;

	if (git_blob_lookup(&blob, st->repo, blob_id) < 0)
		return cb_git_error(err, path);
	if (cb_incident_from_json(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), path, &inc, &bad) != CB_OK) {
		const char *why = damage_reason(bad.msg, path, &line);

		git_blob_free(blob);
		cb_incident_free(&inc);
		return quarantine(st, id, path, line, why, err);
	}
	if (strcmp(inc.id, id) != 0) {
		char why[128];

		/* Never written over the row of the incident it names. */
		snprintf(why, sizeof why, "its id says %s but its folder is %s",
		    inc.id, id);
		line = id_line(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		cb_incident_free(&inc);
		return quarantine(st, id, path, line, why, err);
	}
	git_blob_free(blob);
	if ((s = cb_db_prepare(st, "INSERT INTO incidents(id, title, phase, "
	    "phase_rank, urgency, urgency_rank, severity, classes, department, "
	    "reporter, hosts, assignees, created, updated, open) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
	    "ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
	    "phase = excluded.phase, phase_rank = excluded.phase_rank, "
	    "urgency = excluded.urgency, urgency_rank = excluded.urgency_rank, "
	    "severity = excluded.severity, classes = excluded.classes, "
	    "department = excluded.department, reporter = excluded.reporter, "
	    "hosts = excluded.hosts, assignees = excluded.assignees, "
	    "created = excluded.created, updated = excluded.updated, "
	    "open = excluded.open", &stmt, err)) != CB_OK) {
		cb_incident_free(&inc);
		return s;
	}
	classes = cb_strlist_join(&inc.classes, ",");
	hosts = cb_strlist_join(&inc.hosts, ",");
	assignees = cb_strlist_join(&inc.assignees, ",");
	sqlite3_bind_text(stmt, 1, inc.id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, inc.title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, cb_phase_names[inc.phase], -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, (int)inc.phase);
	sqlite3_bind_text(stmt, 5, cb_urgency_names[inc.urgency], -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, (int)inc.urgency);
	sqlite3_bind_text(stmt, 7, cb_severity_names[inc.severity], -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, classes, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, inc.department, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, inc.reporter, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, hosts, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, assignees, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, inc.created, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, inc.updated, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 15, inc.phase != CB_PHASE_CLOSED);
	s = step_done(st, stmt, "indexing an incident", err);
	free(classes);
	free(hosts);
	free(assignees);
	cb_incident_free(&inc);
	return s != CB_OK ? s : heal(st, id, path, err);
}

/*
 * What search reads of a note: its text in pieces of NOTE_CHUNK bytes
 * (cut before a UTF-8 lead byte, so that no character is split), each
 * overlapping the next by NOTE_OVERLAP bytes, so that a query up to that
 * long is found across a cut.  FTS5 indexes the pieces: a match costs a
 * piece's snippet, whatever the size of the note.  The pieces are a copy
 * for search only, so the bytes that mark a match in a snippet (STX and
 * ETX) are replaced in them by U+FFFD: a note holding them cannot make
 * text look highlighted.
 */
#define NOTE_CHUNK	32768
#define NOTE_OVERLAP	1024

static size_t
utf8_back(const char *text, size_t at)
{
	while (at > 0 && ((unsigned char)text[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* Appends len bytes of text to b with STX and ETX made U+FFFD. */
static void
add_unmarked(struct cb_buf *b, const char *text, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\x02' && text[i] != '\x03')
			continue;
		cb_buf_add(b, text + run, i - run);
		cb_buf_adds(b, "\xef\xbf\xbd");
		run = i + 1;
	}
	cb_buf_add(b, text + run, len - run);
}

static enum cb_status
put_chunks(struct cb_store *st, const char *id, const char *path,
    const char *text, size_t len, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	sqlite3_int64 note;
	struct cb_buf b = { 0 };
	size_t from = 0, to;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT id FROM notes WHERE incident = ?1 "
	    "AND path = ?2", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		s = cb_db_error(st, err, "indexing a note");
		cb_db_release(st, stmt);
		return s;
	}
	note = sqlite3_column_int64(stmt, 0);
	cb_db_release(st, stmt);
	if ((s = cb_db_prepare(st, "DELETE FROM note_chunks WHERE note = ?1",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, note);
	if ((s = step_done(st, stmt, "indexing a note", err)) != CB_OK)
		return s;
	do {
		to = len - from > NOTE_CHUNK ? utf8_back(text, from +
		    NOTE_CHUNK) : len;
		if (to <= from)
			to = len - from > NOTE_CHUNK ? from + NOTE_CHUNK : len;
		b.len = 0;
		add_unmarked(&b, text + from, to - from);
		if ((s = cb_db_prepare(st, "INSERT INTO note_chunks(note, body) "
		    "VALUES (?1, ?2)", &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_int64(stmt, 1, note);
		sqlite3_bind_text(stmt, 2, b.data != NULL ? b.data : "",
		    (int)b.len, SQLITE_STATIC);
		if ((s = step_done(st, stmt, "indexing a note", err)) != CB_OK)
			break;
		if (to == len)
			break;
		from = utf8_back(text, to - NOTE_OVERLAP);
	} while (from < len);
	cb_buf_free(&b);
	return s;
}

static enum cb_status
put_note(struct cb_store *st, const char *id, const char *name,
    const git_oid *blob_id, struct cb_error *err)
{
	char at[CB_TIME_MAX], login[128];
	const char *base;
	sqlite3_stmt *stmt;
	git_blob *blob;
	enum cb_status s;

	/* The note's time and its author's login are in its name. */
	base = strrchr(name, '/');
	if (!cb_layout_note_parse(base != NULL ? base + 1 : name, at, login,
	    sizeof login)) {
		snprintf(at, sizeof at, "%s", "");
		snprintf(login, sizeof login, "%s", "");
	}
	if (git_blob_lookup(&blob, st->repo, blob_id) < 0)
		return cb_git_error(err, name);
	if ((s = cb_db_prepare(st, "INSERT INTO notes(incident, path, author, at, "
	    "body, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(incident, "
	    "path) DO UPDATE SET body = excluded.body", &stmt, err)) != CB_OK) {
		git_blob_free(blob);
		return s;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, git_blob_rawcontent(blob),
	    (int)git_blob_rawsize(blob), SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, base != NULL ? base + 1 : name, -1,
	    SQLITE_STATIC);
	if ((s = step_done(st, stmt, "indexing a note", err)) == CB_OK)
		s = put_chunks(st, id, name, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), err);
	git_blob_free(blob);
	return s;
}

static enum cb_status
put_attachment(struct cb_store *st, const char *id, const char *path,
    const git_oid *blob_id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	git_blob *blob;
	json_error_t jerr;
	json_t *o;
	enum cb_status s;

	if (git_blob_lookup(&blob, st->repo, blob_id) < 0)
		return cb_git_error(err, path);
	o = json_loadb(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
	    0, &jerr);
	git_blob_free(blob);
	if (o == NULL || !json_is_string(json_object_get(o, "sha256"))) {
		char why[256];

		snprintf(why, sizeof why, "not an evidence sidecar: %s",
		    o == NULL ? jerr.text : "no sha256");
		json_decref(o);
		return quarantine(st, id, path, o == NULL ? jerr.line : 0, why,
		    err);
	}
	if ((s = cb_db_prepare(st, "INSERT OR REPLACE INTO attachments(incident, "
	    "sha256, name, size, by, at, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7)", &stmt, err)) != CB_OK) {
		json_decref(o);
		return s;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, json_string_value(json_object_get(o,
	    "sha256")), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, json_is_string(json_object_get(o, "name")) ?
	    json_string_value(json_object_get(o, "name")) : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, json_integer_value(json_object_get(o,
	    "size")));
	sqlite3_bind_text(stmt, 5, json_is_string(json_object_get(o, "by")) ?
	    json_string_value(json_object_get(o, "by")) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, json_is_string(json_object_get(o, "at")) ?
	    json_string_value(json_object_get(o, "at")) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, json_is_string(json_object_get(o, "place")) ?
	    json_string_value(json_object_get(o, "place")) : "", -1,
	    SQLITE_STATIC);
	s = step_done(st, stmt, "indexing an attachment", err);
	json_decref(o);
	return s != CB_OK ? s : heal(st, id, path, err);
}

/*
 * checklist.json: the answers, and the progress of the current phase for
 * the queues.  The incident's answers are replaced as a whole.
 */
static enum cb_status
put_checklist(struct cb_store *st, const char *id, const char *path,
    const git_oid *blob_id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	git_blob *blob;
	json_error_t jerr;
	json_t *o, *answers, *a, *progress, *sugg, *g;
	const char *item;
	size_t i;
	int open = 0;
	enum cb_status s;

	if (git_blob_lookup(&blob, st->repo, blob_id) < 0)
		return cb_git_error(err, path);
	o = json_loadb(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
	    0, &jerr);
	if (!json_is_object(o)) {
		char why[256];

		/* The last good answers stay indexed. */
		snprintf(why, sizeof why, "not a checklist: %s", o == NULL ?
		    jerr.text : "not a JSON object");
		json_decref(o);
		git_blob_free(blob);
		return quarantine(st, id, path, o == NULL ? jerr.line : 0, why,
		    err);
	}
	if ((s = cb_db_prepare(st, "DELETE FROM answers WHERE incident = ?1",
	    &stmt, err)) != CB_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((s = step_done(st, stmt, "indexing answers", err)) != CB_OK)
		goto out;
	answers = json_object_get(o, "answers");
	json_object_foreach(answers, item, a) {
		bool waived = json_is_true(json_object_get(a, "waived"));

		if ((s = cb_db_prepare(st, "INSERT INTO answers(incident, item, "
		    "value, waived, reason, by, decided_by, at) VALUES (?1, ?2, "
		    "?3, ?4, ?5, ?6, ?7, ?8)", &stmt, err)) != CB_OK)
			goto out;
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, item, -1, SQLITE_STATIC);
		if (!waived)
			sqlite3_bind_text(stmt, 3, json_string_value(
			    json_object_get(a, "value")), -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 4, waived);
		sqlite3_bind_text(stmt, 5, json_is_string(json_object_get(a,
		    "reason")) ? json_string_value(json_object_get(a, "reason")) :
		    "", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, json_is_string(json_object_get(a,
		    "by")) ? json_string_value(json_object_get(a, "by")) : "",
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, json_is_string(json_object_get(a,
		    "decided_by")) ? json_string_value(json_object_get(a,
		    "decided_by")) : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, json_is_string(json_object_get(a,
		    "at")) ? json_string_value(json_object_get(a, "at")) : "",
		    -1, SQLITE_STATIC);
		if ((s = step_done(st, stmt, "indexing an answer", err)) != CB_OK)
			goto out;
	}
	sugg = json_object_get(o, "suggestions");
	json_array_foreach(sugg, i, g)
		open += strcmp(json_string_value(json_object_get(g, "status")) ?
		    json_string_value(json_object_get(g, "status")) : "",
		    "open") == 0;
	progress = json_object_get(o, "progress");
	if ((s = cb_db_prepare(st, "INSERT OR REPLACE INTO checklists("
	    "incident, playbook, gate_done, gate_required, waiting, "
	    "suggestions, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &stmt,
	    err)) !=
	    CB_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, json_is_string(json_object_get(o,
	    "playbook")) ? json_string_value(json_object_get(o, "playbook")) :
	    "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, json_integer_value(json_object_get(progress,
	    "done")));
	sqlite3_bind_int64(stmt, 4, json_integer_value(json_object_get(progress,
	    "required")));
	sqlite3_bind_text(stmt, 5, json_is_string(json_object_get(progress,
	    "waiting")) ? json_string_value(json_object_get(progress,
	    "waiting")) : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, open);
	sqlite3_bind_text(stmt, 7, git_blob_rawcontent(blob),
	    (int)git_blob_rawsize(blob), SQLITE_STATIC);
	if ((s = step_done(st, stmt, "indexing a checklist", err)) == CB_OK)
		s = heal(st, id, path, err);
out:
	json_decref(o);
	git_blob_free(blob);
	return s;
}

/*
 * links.json: its entries replace the incident's links.  A file that is
 * not an object of {iid, url} entries is damage, its last good links
 * kept.
 */
static enum cb_status delete_row(struct cb_store *st, const char *sql,
    const char *a, const char *b, struct cb_error *err);

static enum cb_status
put_links(struct cb_store *st, const char *id, const char *path,
    const git_oid *blob_id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	git_blob *blob;
	json_error_t jerr;
	json_t *o, *v;
	const char *name;
	enum cb_status s;

	if (git_blob_lookup(&blob, st->repo, blob_id) < 0)
		return cb_git_error(err, path);
	o = json_loadb(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
	    0, &jerr);
	git_blob_free(blob);
	if (!json_is_object(o)) {
		json_decref(o);
		return quarantine(st, id, path, 0, "not a JSON object", err);
	}
	if ((s = delete_row(st, "DELETE FROM links WHERE incident = ?1", id,
	    NULL, err)) != CB_OK)
		goto out;
	json_object_foreach(o, name, v) {
		json_t *iid = json_object_get(v, "iid"),
		    *url = json_object_get(v, "url");

		if (!json_is_integer(iid) || !json_is_string(url)) {
			s = quarantine(st, id, path, 0, "a link without an "
			    "iid and a url", err);
			goto out;
		}
		if ((s = cb_db_prepare(st, "INSERT INTO links(incident, name, "
		    "iid, url) VALUES (?1, ?2, ?3, ?4)", &stmt, err)) != CB_OK)
			goto out;
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, json_integer_value(iid));
		sqlite3_bind_text(stmt, 4, json_string_value(url), -1,
		    SQLITE_STATIC);
		if ((s = step_done(st, stmt, "indexing a link", err)) != CB_OK)
			goto out;
	}
	s = heal(st, id, path, err);
out:
	json_decref(o);
	return s;
}

static enum cb_status
delete_row(struct cb_store *st, const char *sql, const char *a,
    const char *b, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, sql, &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(stmt, 2, b, -1, SQLITE_STATIC);
	return step_done(st, stmt, "removing from the index", err);
}

struct sync_ctx {
	struct cb_store *st;
	bool full;		/* a rebuild: orphans are looked for at the end */
	struct touched maybe_orphans;	/* lost incident.json or gained files */
	struct touched changed;		/* incidents any of whose files
					   changed: their moments again */
};

static enum cb_status
index_path(const char *path, const git_oid *old, const git_oid *new,
    void *arg, struct cb_error *err)
{
	struct sync_ctx *ctx = arg;
	struct cb_store *st = ctx->st;
	bool gone = git_oid_is_zero(new);
	struct cb_path p;
	const char *id = p.id;
	enum cb_status s;

	(void)old;
	if (!cb_layout_parse(path, &p))
		return CB_OK;
	touched_add(&ctx->changed, id);
	if (p.kind == CB_PATH_INCIDENT) {
		if (!gone)
			return put_incident(st, id, path, new, err);
		if (!ctx->full)
			touched_add(&ctx->maybe_orphans, id);
		s = delete_row(st, "DELETE FROM incidents WHERE id = ?1", id,
		    NULL, err);
		return s != CB_OK ? s : heal(st, id, path, err);
	}
	if (!ctx->full)
		touched_add(&ctx->maybe_orphans, id);
	if (gone && (s = heal(st, id, path, err)) != CB_OK)
		return s;
	if (p.kind == CB_PATH_CHECKLIST) {
		if (!gone)
			return put_checklist(st, id, path, new, err);
		s = delete_row(st, "DELETE FROM answers WHERE incident = ?1",
		    id, NULL, err);
		return s != CB_OK ? s : delete_row(st, "DELETE FROM checklists "
		    "WHERE incident = ?1", id, NULL, err);
	}
	if (p.kind == CB_PATH_LINKS)
		return gone ? delete_row(st, "DELETE FROM links WHERE incident "
		    "= ?1", id, NULL, err) : put_links(st, id, path, new, err);
	/* Entries flat in notebook/ (older records) or fanned out below. */
	if (p.kind == CB_PATH_NOTE)
		return gone ? delete_row(st, "DELETE FROM notes WHERE incident = "
		    "?1 AND path = ?2", id, p.name, err) :
		    put_note(st, id, p.name, new, err);
	if (p.kind == CB_PATH_EVIDENCE_META) {
		char sha[65];

		snprintf(sha, sizeof sha, "%.*s", (int)p.name_len, p.name);
		return gone ? delete_row(st, "DELETE FROM attachments WHERE "
		    "incident = ?1 AND sha256 = ?2", id, sha, err) :
		    put_attachment(st, id, path, new, err);
	}
	return CB_OK;
}

/*
 * A folder with notes, evidence, a checklist or damage but no
 * incident.json (removed with git, or never added) would leave rows
 * pointing at no incident: it is damaged.
 */
static enum cb_status
orphan(struct cb_store *st, const char *id, struct cb_error *err)
{
	char *file = cb_layout_incident(id);
	enum cb_status s = quarantine(st, id, file, 0, CB_LAYOUT_INCIDENT
	    " is missing", err);

	free(file);
	return s;
}

static enum cb_status
find_orphans(struct sync_ctx *ctx, struct cb_error *err)
{
	struct cb_store *st = ctx->st;
	struct touched found = { 0 };
	sqlite3_stmt *stmt;
	enum cb_status s = CB_OK;

	if (ctx->full) {
		if ((s = cb_db_prepare(st, "SELECT incident FROM notes WHERE "
		    "incident NOT IN (SELECT id FROM incidents) UNION SELECT "
		    "incident FROM attachments WHERE incident NOT IN (SELECT id "
		    "FROM incidents) UNION SELECT incident FROM checklists WHERE "
		    "incident NOT IN (SELECT id FROM incidents) UNION SELECT "
		    "incident FROM damaged WHERE incident NOT IN (SELECT id FROM "
		    "incidents)", &stmt, err)) != CB_OK)
			return s;
		while (sqlite3_step(stmt) == SQLITE_ROW)
			touched_add(&found, cb_db_col(stmt, 0));
		cb_db_release(st, stmt);
	}
	for (size_t i = 0; s == CB_OK && i < ctx->maybe_orphans.n; i++) {
		const char *id = ctx->maybe_orphans.ids[i];

		if ((s = cb_db_prepare(st, "SELECT 1 WHERE NOT EXISTS (SELECT 1 "
		    "FROM incidents WHERE id = ?1) AND (EXISTS (SELECT 1 FROM "
		    "notes WHERE incident = ?1) OR EXISTS (SELECT 1 FROM "
		    "attachments WHERE incident = ?1) OR EXISTS (SELECT 1 FROM "
		    "checklists WHERE incident = ?1) OR EXISTS (SELECT 1 FROM "
		    "damaged WHERE incident = ?1))", &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			touched_add(&found, id);
		cb_db_release(st, stmt);
	}
	for (size_t i = 0; s == CB_OK && i < found.n; i++)
		s = orphan(st, found.ids[i], err);
	free(found.ids);
	return s;
}

/* The value of trailer KEY ("Casebook-Item") in message, or "". */
static void
trailer(const char *message, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);

	out[0] = '\0';
	for (const char *p = message; p != NULL && *p != '\0'; ) {
		const char *eol = strchr(p, '\n');
		size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (n > klen + 2 && strncmp(p, key, klen) == 0 &&
		    p[klen] == ':' && p[klen + 1] == ' ') {
			n -= klen + 2;
			if (n >= len)
				n = len - 1;
			memcpy(out, p + klen + 2, n);
			out[n] = '\0';
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
}

/*
 * Appends the event of commit c for incident (NULL: none) to the events
 * table: who did what, when, and a compact JSON payload of what changed
 * (the summary, the checklist item, the author's e-mail).  Called once
 * per new row of the history, in the same transaction.
 */
static enum cb_status
insert_event(struct cb_store *st, const char *hex, git_commit *c,
    const char *incident, const char *action, struct cb_error *err)
{
	const git_signature *a = git_commit_author(c);
	sqlite3_stmt *stmt;
	json_t *payload = json_object();
	char item[128], site[8], *text;
	enum cb_status s;

	trailer(git_commit_message(c), "Casebook-Item", item, sizeof item);
	trailer(git_commit_message(c), "Casebook-Site", site, sizeof site);
	json_object_set_new(payload, "summary", json_stringn_nocheck(
	    git_commit_summary(c) ? git_commit_summary(c) : "",
	    git_commit_summary(c) ? strlen(git_commit_summary(c)) : 0));
	if (item[0] != '\0')
		json_object_set_new(payload, "item", json_string(item));
	json_object_set_new(payload, "email", json_stringn_nocheck(a->email,
	    strlen(a->email)));
	text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENSURE_ASCII);
	json_decref(payload);
	if ((s = cb_db_prepare(st, "INSERT OR IGNORE INTO events(oid, "
	    "incident, action, actor, at, payload, remote) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7)", &stmt, err)) != CB_OK) {
		free(text);
		return s;
	}
	sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_STATIC);
	if (incident != NULL)
		sqlite3_bind_text(stmt, 2, incident, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_text(stmt, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)a->when.time);
	sqlite3_bind_text(stmt, 6, text != NULL ? text : "{}", -1,
	    SQLITE_STATIC);
	/* Made at another site: a trailer naming a letter not ours. */
	sqlite3_bind_int(stmt, 7, site[0] != '\0' && site[1] == '\0' &&
	    site[0] != st->site);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "recording an event");
	cb_db_release(st, stmt);
	free(text);
	return s;
}

/*
 * The timeline records of commit c for incident (store/history.c) into
 * the history table, in the order history.c gives them.
 */
static enum cb_status
insert_history(struct cb_store *st, const char *hex, git_commit *c,
    const char *incident, const char *action, struct cb_error *err)
{
	const git_signature *a = git_commit_author(c);
	struct cb_history_delta d;
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_history_delta(st, c, incident, &d, err)) != CB_OK) {
		cb_history_delta_free(&d);
		return s;
	}
	for (size_t i = 0; s == CB_OK && i < d.n; i++) {
		if ((s = cb_db_prepare(st, "INSERT OR IGNORE INTO history(oid, "
		    "incident, at, author, action, kind, key, value) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, incident, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)a->when.time);
		sqlite3_bind_text(stmt, 4, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, cb_history_kind_names[d.recs[i].kind],
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, d.recs[i].key != NULL ?
		    d.recs[i].key : "", -1, SQLITE_STATIC);
		if (d.recs[i].value != NULL)
			sqlite3_bind_text(stmt, 8, d.recs[i].value, -1,
			    SQLITE_STATIC);
		s = step_done(st, stmt, "indexing the history", err);
	}
	cb_history_delta_free(&d);
	return s;
}

static enum cb_status
insert_commit(struct cb_store *st, sqlite3_stmt *stmt, const char *hex,
    git_commit *c, const char *incident, const char *action,
    struct cb_error *err)
{
	const git_signature *a = git_commit_author(c);
	enum cb_status s = CB_OK;

	sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_TRANSIENT);
	if (incident != NULL)
		sqlite3_bind_text(stmt, 2, incident, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)a->when.time);
	sqlite3_bind_text(stmt, 4, a->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 5, a->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 6, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 7, git_commit_summary(c), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "indexing a commit");
	else if (sqlite3_changes(st->db) > 0 &&
	    (s = insert_event(st, hex, c, incident, action, err)) == CB_OK &&
	    incident != NULL)
		s = insert_history(st, hex, c, incident, action, err);
	sqlite3_reset(stmt);
	return s;
}

static enum cb_status
touched_path(const char *path, const git_oid *old, const git_oid *new,
    void *arg, struct cb_error *err)
{
	struct cb_path p;

	(void)old;
	(void)new;
	(void)err;
	if (cb_layout_parse(path, &p))
		touched_add(arg, p.id);
	return CB_OK;
}

/*
 * A commit written with git, not casebook, has no trailers: it is in the
 * history of every incident whose folder it changed (against its first
 * parent), as an edit (action: "edit"; or "merge" for a sync's merge).
 */
static enum cb_status
index_foreign_commit(struct cb_store *st, sqlite3_stmt *stmt,
    const char *hex, git_commit *c, const char *action,
    struct cb_error *err)
{
	struct touched t = { 0 };
	git_commit *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	enum cb_status s = CB_OK;

	if (git_commit_tree(&b, c) < 0 || (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 ||
	    git_commit_tree(&a, parent) < 0)))
		s = cb_git_error(err, hex);
	if (s == CB_OK)
		s = cb_record_tree_diff(st, a, b, touched_path, &t, err);
	for (size_t i = 0; s == CB_OK && i < t.n; i++)
		s = insert_commit(st, stmt, hex, c, t.ids[i], action, err);
	if (s == CB_OK && t.n == 0)
		s = insert_commit(st, stmt, hex, c, NULL, strcmp(action,
		    "edit") == 0 ? "other" : action, err);
	free(t.ids);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	return s;
}

static enum cb_status
index_commit(struct cb_store *st, sqlite3_stmt *stmt, const git_oid *oid,
    struct cb_error *err)
{
	char hex[GIT_OID_HEXSZ + 1], inc[64], act[64];
	enum cb_status s;
	git_commit *c;

	if (git_commit_lookup(&c, st->repo, oid) < 0)
		return cb_git_error(err, "reading a commit");
	git_oid_tostr(hex, sizeof hex, oid);
	cb_record_trailers(git_commit_message(c), inc, sizeof inc, act,
	    sizeof act);
	/*
	 * A sync's merge commit is in the history of each incident it
	 * changed against our side (its first parent), as a merge.
	 */
	if (inc[0] == '\0' && (act[0] == '\0' || strcmp(act, "merge") == 0))
		s = index_foreign_commit(st, stmt, hex, c, act[0] ? act : "edit",
		    err);
	else
		s = insert_commit(st, stmt, hex, c, inc[0] ? inc : NULL,
		    act[0] ? act : "other", err);
	git_commit_free(c);
	return s;
}

/*
 * Adds the commits in (hide, tip] to the history table, oldest first.
 * The common case, one new commit on top of the indexed one, needs no
 * walk.
 */
static enum cb_status
index_commits(struct cb_store *st, git_commit *tip, const git_oid *hide,
    struct cb_error *err)
{
	git_revwalk *walk = NULL;
	sqlite3_stmt *stmt = NULL;
	enum cb_status s;
	git_oid oid;

	if ((s = cb_db_prepare(st, "INSERT OR IGNORE INTO commits(oid, incident, at, "
	    "author, email, action, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    &stmt, err)) != CB_OK)
		return s;
	if (hide != NULL && git_commit_parentcount(tip) == 1 &&
	    git_oid_equal(git_commit_parent_id(tip, 0), hide)) {
		s = index_commit(st, stmt, git_commit_id(tip), err);
		goto out;
	}
	if (git_revwalk_new(&walk, st->repo) < 0 ||
	    (git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE), git_revwalk_push(walk, git_commit_id(tip))) < 0 ||
	    (hide != NULL && git_revwalk_hide(walk, hide) < 0)) {
		s = cb_git_error(err, "walking the history");
		goto out;
	}
	while (s == CB_OK && git_revwalk_next(&oid, walk) == 0)
		s = index_commit(st, stmt, &oid, err);
out:
	cb_db_release(st, stmt);
	git_revwalk_free(walk);
	return s;
}

/* --- moments ---------------------------------------------------------------- */

static enum cb_status
max_history_seq(struct cb_store *st, long long *out, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT ifnull(max(seq), 0) FROM history",
	    &stmt, err)) != CB_OK)
		return s;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else
		s = cb_db_error(st, err, "reading the history");
	cb_db_release(st, stmt);
	return s;
}

/*
 * Reads incident id's history rows into h (oldest first); the strings
 * are copies h owns.
 */
static enum cb_status
read_history(struct cb_store *st, const char *id, struct cb_history *h,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	memset(h, 0, sizeof *h);
	if ((s = cb_db_prepare(st, "SELECT at, author, action, kind, key, "
	    "value, oid FROM history WHERE incident = ?1 ORDER BY seq",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_tl_record *r;
		enum cb_tl_kind kind = cb_history_kind(cb_db_col(stmt, 3));

		if (kind == CB_TL_KIND_COUNT)
			continue;
		h->recs = xrealloc(h->recs, (h->n + 1) * sizeof *h->recs);
		h->strs = xrealloc(h->strs, (h->n + 1) * 5 * sizeof *h->strs);
		r = &h->recs[h->n];
		memset(r, 0, sizeof *r);
		r->at = (time_t)sqlite3_column_int64(stmt, 0);
		r->kind = kind;
		r->author = h->strs[h->n * 5] = xstrdup(cb_db_col(stmt, 1));
		r->action = h->strs[h->n * 5 + 1] = xstrdup(cb_db_col(stmt, 2));
		h->strs[h->n * 5 + 2] = xstrdup(cb_db_col(stmt, 4));
		r->key = *h->strs[h->n * 5 + 2] ? h->strs[h->n * 5 + 2] : NULL;
		h->strs[h->n * 5 + 3] = sqlite3_column_type(stmt, 5) ==
		    SQLITE_NULL ? NULL : xstrdup(cb_db_col(stmt, 5));
		r->value = h->strs[h->n * 5 + 3];
		r->commit = h->strs[h->n * 5 + 4] = xstrdup(cb_db_col(stmt, 6));
		h->n++;
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the history");
	cb_db_release(st, stmt);
	if (s != CB_OK)
		cb_history_free(h);
	return s;
}

void
cb_history_free(struct cb_history *h)
{
	for (size_t i = 0; i < h->n * 5; i++)
		free(h->strs[i]);
	free(h->strs);
	free(h->recs);
	memset(h, 0, sizeof *h);
}

enum cb_status
cb_store_history(struct cb_store *st, const char *id, struct cb_history *out,
    struct cb_error *err)
{
	enum cb_status s;

	memset(out, 0, sizeof *out);
	if ((s = cb_store_row(st, id, NULL, NULL, err)) != CB_OK)
		return s;
	return read_history(st, id, out, err);
}

/*
 * The moments row of incident id, computed from its history rows as
 * core/timeline.c computes a timeline, without the playbooks (the done
 * items of the moments are known to it) so that it depends on the
 * record alone.
 */
static enum cb_status
put_moments(struct cb_store *st, const char *id, struct cb_error *err)
{
	struct cb_history h;
	struct cb_timeline tl;
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	/* An incident no longer in the record has no moments. */
	if ((s = cb_db_prepare(st, "SELECT 1 FROM incidents WHERE id = ?1",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	cb_db_release(st, stmt);
	if (rc == SQLITE_DONE)
		return delete_row(st, "DELETE FROM moments WHERE incident = ?1",
		    id, NULL, err);
	if (rc != SQLITE_ROW)
		return cb_db_error(st, err, "reading an incident");
	if ((s = read_history(st, id, &h, err)) != CB_OK)
		return s;
	cb_timeline_compute(h.recs, h.n, NULL, NULL, 0, &tl);
	cb_history_free(&h);
	if ((s = cb_db_prepare(st, "INSERT OR REPLACE INTO moments(incident, "
	    "classes, department, urgency, source, "
	    "detected, received, triaged, contained, cause_known, recovered, "
	    "severity, report_filed, closed, reopened, backwards) "
	    "SELECT i.id, i.classes, i.department, i.urgency, "
	    "(SELECT value FROM answers WHERE incident = i.id AND "
	    "item = 'source' AND waived = 0), "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 "
	    "FROM incidents i WHERE i.id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	for (int m = 0; m < CB_MOMENT_COUNT; m++)
		if (tl.moments[m].known)
			sqlite3_bind_int64(stmt, 2 + m,
			    (sqlite3_int64)tl.moments[m].at);
	sqlite3_bind_int(stmt, 11, (int)tl.reopened);
	sqlite3_bind_int(stmt, 12, (int)tl.backwards);
	return step_done(st, stmt, "indexing an incident's moments", err);
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The moments of every incident whose history gained rows past after,
 * or whose files the sync changed (changed: its incident.json, its
 * answers, its removal), once each.
 */
static enum cb_status
update_moments(struct cb_store *st, long long after,
    const struct touched *changed, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	struct touched t = { 0 };
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT DISTINCT incident FROM history "
	    "WHERE seq > ?1 ORDER BY incident", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, after);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		touched_add(&t, cb_db_col(stmt, 0));
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the history");
	cb_db_release(st, stmt);
	for (size_t i = 0; i < changed->n; i++)
		touched_add(&t, changed->ids[i]);
	if (t.n > 1)
		qsort(t.ids, t.n, sizeof *t.ids, cmp_id);
	for (size_t i = 0; s == CB_OK && i < t.n; i++)
		if (i == 0 || strcmp(t.ids[i], t.ids[i - 1]) != 0)
			s = put_moments(st, t.ids[i], err);
	free(t.ids);
	return s;
}

static enum cb_status
tree_of(struct cb_store *st, const git_oid *commit, git_tree **out,
    struct cb_error *err)
{
	git_commit *c;
	int rc;

	if (git_commit_lookup(&c, st->repo, commit) < 0)
		return cb_git_error(err, "reading a commit");
	rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? cb_git_error(err, "reading a tree") : CB_OK;
}

/* The seq of the last event indexed (0: none). */
enum cb_status
cb_index_last_event(struct cb_store *st, sqlite3_int64 *seq,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT ifnull(max(seq), 0) FROM events",
	    &stmt, err)) != CB_OK)
		return s;
	rc = sqlite3_step(stmt);
	*seq = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	s = step_end(st, rc, "reading the events", err);
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_index_sync(struct cb_store *st, bool full, struct cb_error *err)
{
	char indexed[GIT_OID_HEXSZ + 1], tiphex[GIT_OID_HEXSZ + 1];
	git_oid tip, old;
	git_commit *tip_commit = NULL;
	git_tree *old_tree = NULL, *new_tree = NULL;
	struct sync_ctx ctx = { 0 };
	sqlite3_int64 events_before = 0;
	long long history_before = 0;
	bool have_old;
	enum cb_status s;

	/* The common case, answered without starting libgit2. */
	if (!full && cb_record_tip_fast(st, tiphex) &&
	    get_meta(st, "indexed", indexed, sizeof indexed, err) == CB_OK &&
	    strcmp(tiphex, indexed) == 0)
		return CB_OK;
	/* A read-only store's own index cannot be brought up to date. */
	if (st->readonly && st->tmp_index == NULL)
		return open_private(st, err);

	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if ((s = exec(st, "BEGIN IMMEDIATE", err)) != CB_OK)
		return s;
	/*
	 * Read both again under the lock: another process may have indexed
	 * a newer tip meanwhile, and this one must not take the index back.
	 */
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK ||
	    (s = get_meta(st, "indexed", indexed, sizeof indexed, err)) != CB_OK)
		goto fail;
	git_oid_tostr(tiphex, sizeof tiphex, &tip);
	if (!full && strcmp(tiphex, indexed) == 0)
		return exec(st, "COMMIT", err);
	if (git_commit_lookup(&tip_commit, st->repo, &tip) < 0 ||
	    git_commit_tree(&new_tree, tip_commit) < 0) {
		s = cb_git_error(err, "reading the branch tip");
		goto fail;
	}

	/*
	 * Only the difference, when the indexed commit is an ancestor of the
	 * tip (after a save, its parent); anything else (a rewritten branch,
	 * an index from elsewhere) is rebuilt whole.
	 */
	have_old = !full && git_oid_fromstr(&old, indexed) == 0 &&
	    ((git_commit_parentcount(tip_commit) == 1 &&
	    git_oid_equal(git_commit_parent_id(tip_commit, 0), &old)) ||
	    git_graph_descendant_of(st->repo, &tip, &old) == 1);
	if (have_old)
		s = tree_of(st, &old, &old_tree, err);
	else
		s = exec(st, FTS_DROP_TRIGGERS "DELETE FROM notes;"
		    "DELETE FROM attachments; DELETE FROM incidents;"
		    "DELETE FROM checklists; DELETE FROM answers;"
		    "DELETE FROM commits; DELETE FROM damaged; "
		    /* Alert events are no commit's (store/alert.c). */
		    "DELETE FROM events WHERE action != 'alert-notable'; "
		    "DELETE FROM links; DELETE FROM history; "
		    "DELETE FROM moments;", err);
	ctx.st = st;
	ctx.full = !have_old;
	if (s == CB_OK && have_old)
		s = cb_index_last_event(st, &events_before, err);
	if (s == CB_OK)
		s = max_history_seq(st, &history_before, err);
	if (s != CB_OK ||
	    (s = index_commits(st, tip_commit, have_old ? &old : NULL,
	    err)) != CB_OK ||
	    (s = cb_record_tree_diff(st, old_tree, new_tree, index_path, &ctx,
	    err)) != CB_OK ||
	    (s = find_orphans(&ctx, err)) != CB_OK ||
	    (s = update_moments(st, history_before, &ctx.changed, err)) !=
	    CB_OK ||
	    (s = set_meta(st, "indexed", tiphex, err)) != CB_OK)
		goto fail;
	/*
	 * The new events go to the outbox in this same transaction, so that
	 * none is lost or queued twice whatever dies when.  Not on a whole
	 * rebuild (a reindex, a rewritten branch): those events are old,
	 * and were queued when they were new.  Not in a private index,
	 * which is thrown away.
	 */
	if (have_old && st->tmp_index == NULL &&
	    cb_outbox_enqueue(st, events_before) != SQLITE_OK) {
		s = cb_db_error(st, err, "queueing messages");
		goto fail;
	}
	if (!have_old && (s = exec(st, "INSERT INTO notes_fts(notes_fts) "
	    "VALUES ('rebuild'); INSERT INTO titles_fts(titles_fts) "
	    "VALUES ('rebuild');" FTS_TRIGGERS, err)) != CB_OK)
		goto fail;
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(tip_commit);
	free(ctx.maybe_orphans.ids);
	free(ctx.changed.ids);
	return exec(st, "COMMIT", err);
fail:
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(tip_commit);
	free(ctx.maybe_orphans.ids);
	free(ctx.changed.ids);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

/*
 * After a commit the change is in the record, durable.  If the index
 * cannot follow at once (busy, read-only), the next open catches up;
 * reporting a failure here would make the user repeat a change that
 * has landed.
 */
void
cb_index_after_commit(struct cb_store *st)
{
	struct cb_error ignored;

	(void)cb_index_sync(st, false, &ignored);
}

/* --- queries -------------------------------------------------------------- */

/* The summaries, with copies of their strings (the rows' are borrowed). */
struct collect {
	struct cb_stats_incident *v;
	size_t n, cap;
	struct cb_buf strings;	/* NUL-separated copies */
	size_t (*offs)[3];	/* department, source, urgency: offsets */
	size_t *class_off;	/* per incident: first class offset */
};

static size_t
keep(struct cb_buf *b, const char *s)
{
	size_t at = b->len;

	cb_buf_add(b, s, strlen(s) + 1);
	return at;
}

static void
collect(struct collect *c, const struct cb_stats_incident *inc)
{
	size_t k = c->n;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
		c->offs = xrealloc(c->offs, c->cap * sizeof *c->offs);
		c->class_off = xrealloc(c->class_off, c->cap *
		    sizeof *c->class_off);
	}
	c->v[k] = *inc;
	c->offs[k][0] = keep(&c->strings, inc->department ? inc->department :
	    "");
	c->offs[k][1] = inc->source != NULL ? keep(&c->strings, inc->source) :
	    (size_t)-1;
	c->offs[k][2] = keep(&c->strings, inc->urgency);
	c->class_off[k] = c->strings.len;
	for (size_t i = 0; i < inc->nclasses; i++)
		keep(&c->strings, inc->classes[i]);
	c->n++;
}

/* Points the summaries at the copies, once the buffer stops moving. */
static const char **
fix(struct collect *c)
{
	size_t total = 0;
	const char **cls;

	for (size_t k = 0; k < c->n; k++)
		total += c->v[k].nclasses;
	cls = xcalloc(total ? total : 1, sizeof *cls);
	total = 0;
	for (size_t k = 0; k < c->n; k++) {
		const char *p = c->strings.data + c->class_off[k];

		c->v[k].department = c->strings.data + c->offs[k][0];
		c->v[k].source = c->offs[k][1] == (size_t)-1 ? NULL :
		    c->strings.data + c->offs[k][1];
		c->v[k].urgency = c->strings.data + c->offs[k][2];
		c->v[k].classes = cls + total;
		for (size_t i = 0; i < c->v[k].nclasses; i++) {
			cls[total++] = p;
			p += strlen(p) + 1;
		}
	}
	return cls;
}

enum cb_status
cb_store_stats(struct cb_store *st, time_t from, time_t to,
    enum cb_stats_by by, struct cb_stats *out, struct cb_error *err)
{
	struct collect c = { 0 };
	const char **cls;
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT incident, classes, department, "
	    "urgency, source, detected, received, triaged, contained, "
	    "cause_known, recovered, severity, report_filed, closed, reopened "
	    "FROM moments "
	    "WHERE (?1 = 0 OR received >= ?1) AND (?2 = 0 OR received < ?2)",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_stats_incident inc;
		char classes[512], *save, *tok;
		const char *cv[32];
		size_t nc = 0;

		memset(&inc, 0, sizeof inc);
		snprintf(classes, sizeof classes, "%s", cb_db_col(stmt, 1));
		for (tok = strtok_r(classes, ",", &save); tok != NULL &&
		    nc < sizeof cv / sizeof cv[0];
		    tok = strtok_r(NULL, ",", &save))
			cv[nc++] = tok;
		inc.classes = cv;
		inc.nclasses = nc;
		inc.department = cb_db_col(stmt, 2);
		inc.urgency = cb_db_col(stmt, 3);
		inc.source = sqlite3_column_type(stmt, 4) == SQLITE_NULL ?
		    NULL : cb_db_col(stmt, 4);
		for (int m = 0; m < CB_MOMENT_COUNT; m++)
			if (sqlite3_column_type(stmt, 5 + m) != SQLITE_NULL) {
				inc.known[m] = true;
				inc.at[m] = (time_t)sqlite3_column_int64(stmt,
				    5 + m);
			}
		inc.reopened = (unsigned)sqlite3_column_int(stmt, 14);
		collect(&c, &inc);
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the statistics");
	cb_db_release(st, stmt);
	memset(out, 0, sizeof *out);
	out->by = by;
	if (s == CB_OK) {
		cls = fix(&c);
		cb_stats_compute(c.v, c.n, by, out);
		free(cls);
	}
	free(c.v);
	free(c.offs);
	free(c.class_off);
	cb_buf_free(&c.strings);
	return s;
}

int
cb_db_row(sqlite3_stmt *stmt, cb_row_fn fn, void *arg)
{
	struct cb_row r;

	r.id = cb_db_col(stmt, 0);
	r.title = cb_db_col(stmt, 1);
	r.phase = cb_db_col(stmt, 2);
	r.urgency = cb_db_col(stmt, 3);
	r.severity = cb_db_col(stmt, 4);
	r.classes = cb_db_col(stmt, 5);
	r.department = cb_db_col(stmt, 6);
	r.reporter = cb_db_col(stmt, 7);
	r.hosts = cb_db_col(stmt, 8);
	r.assignees = cb_db_col(stmt, 9);
	r.created = cb_db_col(stmt, 10);
	r.updated = cb_db_col(stmt, 11);
	r.gate_done = sqlite3_column_int(stmt, 12);
	r.gate_required = sqlite3_column_int(stmt, 13);
	r.waiting = cb_db_col(stmt, 14);
	r.suggestions = sqlite3_column_int(stmt, 15);
	r.damaged_file = cb_db_col(stmt, 16);
	r.damaged_line = sqlite3_column_int(stmt, 17);
	r.damaged_reason = cb_db_col(stmt, 18);
	return fn(&r, arg);
}


enum cb_status
cb_store_list(struct cb_store *st, const struct cb_query *q, cb_row_fn fn,
    void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int phase = -1, rc;

	if (q->phase != NULL) {
		for (int i = 0; i < CB_PHASE_COUNT; i++)
			if (strcmp(q->phase, cb_phase_names[i]) == 0)
				phase = i;
		if (phase < 0)
			return cb_incident_set(NULL, "phase", q->phase, err);
	}
	/* One statement per shape, so that each walks its own index. */
	if (q->waiting != NULL)
		s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM
		    " WHERE open = 1 AND waiting != '' AND instr(',' || waiting "
		    "|| ',', ',' || ?3 || ',') > 0 ORDER BY urgency_rank, "
		    "created, id LIMIT ?2", &stmt, err);
	else if (phase >= 0)
		s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
		    "WHERE phase_rank = ?1 ORDER BY urgency_rank, created, id "
		    "LIMIT ?2", &stmt, err);
	else if (q->all)
		s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
		    "ORDER BY urgency_rank, created, id LIMIT ?2", &stmt, err);
	else
		s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
		    "WHERE open = 1 ORDER BY urgency_rank, created, id LIMIT ?2",
		    &stmt, err);
	if (s != CB_OK)
		return s;
	if (phase >= 0 && q->waiting == NULL)
		sqlite3_bind_int(stmt, 1, phase);
	if (q->waiting != NULL)
		sqlite3_bind_text(stmt, 3, q->waiting, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (cb_db_row(stmt, fn, arg) != 0)
			break;
	s = step_end(st, rc, "reading the queue", err);
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_row(struct cb_store *st, const char *id, cb_row_fn fn, void *arg,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    "WHERE id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (fn != NULL)
			cb_db_row(stmt, fn, arg);
	} else if (rc == SQLITE_DONE)
		s = cb_fail(err, CB_ENOTFOUND, _("no incident %s"), id);
	else
		s = cb_db_error(st, err, "reading an incident");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_notes(struct cb_store *st, const char *id, cb_note_fn fn, void *arg,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT path, author, at, body FROM notes "
	    "WHERE incident = ?1 ORDER BY name, path", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_note n;

		n.path = cb_db_col(stmt, 0);
		n.author = cb_db_col(stmt, 1);
		n.at = cb_db_col(stmt, 2);
		n.text = (const char *)sqlite3_column_blob(stmt, 3);
		n.len = (size_t)sqlite3_column_bytes(stmt, 3);
		if (n.text == NULL)
			n.text = "";
		if (fn(&n, arg) != 0)
			break;
	}
	s = step_end(st, rc, "reading the notebook", err);
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_attachments(struct cb_store *st, const char *id, cb_attachment_fn fn,
    void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT sha256, name, size, by, at, place FROM "
	    "attachments WHERE incident = ?1 ORDER BY at, sha256", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_attachment a;

		a.sha256 = cb_db_col(stmt, 0);
		a.name = cb_db_col(stmt, 1);
		a.size = sqlite3_column_int64(stmt, 2);
		a.by = cb_db_col(stmt, 3);
		a.at = cb_db_col(stmt, 4);
		a.place = cb_db_col(stmt, 5);
		if (fn(&a, arg) != 0)
			break;
	}
	s = step_end(st, rc, "reading the attachments", err);
	cb_db_release(st, stmt);
	return s;
}

/* --- the notebook as of a commit (the history's read-only view) ------------- */

/* A file of the notebook or evidence folder, found walking the tree. */
struct at_file {
	char *path;		/* below notebook/ or evidence/ */
	const char *name;	/* its last component, within path */
	git_oid blob;
};

struct at_walk {
	struct at_file *v;
	size_t n, cap;
};

static int
at_keep(const char *root, const git_tree_entry *e, void *arg)
{
	struct at_walk *w = arg;
	struct at_file *f;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 32;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	f = &w->v[w->n++];
	f->path = xasprintf("%s%s", root, git_tree_entry_name(e));
	f->name = f->path + strlen(root);
	git_oid_cpy(&f->blob, git_tree_entry_id(e));
	return 0;
}

/* Time order, as cb_store_notes gives it: by file name, then path. */
static int
at_cmp(const void *a, const void *b)
{
	const struct at_file *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->path, y->path);
}

/* The files below dir of tree, sorted; none when dir is not there. */
static enum cb_status
at_files(git_tree *tree, const char *dir, struct at_walk *w,
    struct cb_error *err)
{
	git_tree_entry *e;
	git_tree *sub;
	int rc;

	memset(w, 0, sizeof *w);
	if ((rc = git_tree_entry_bypath(&e, tree, dir)) == GIT_ENOTFOUND)
		return CB_OK;
	if (rc < 0)
		return cb_git_error(err, dir);
	rc = git_tree_lookup(&sub, git_tree_owner(tree), git_tree_entry_id(e));
	git_tree_entry_free(e);
	if (rc < 0)
		return cb_git_error(err, dir);
	rc = git_tree_walk(sub, GIT_TREEWALK_PRE, at_keep, w);
	git_tree_free(sub);
	if (rc < 0)
		return cb_git_error(err, dir);
	qsort(w->v, w->n, sizeof *w->v, at_cmp);
	return CB_OK;
}

static void
at_free(struct at_walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].path);
	free(w->v);
}

enum cb_status
cb_store_notebook_at(struct cb_store *st, const char *id, const char *commit,
    cb_note_fn note_fn, cb_attachment_fn att_fn, void *arg,
    struct cb_error *err)
{
	struct at_walk notes = { 0 }, ev = { 0 };
	git_object *obj = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char *dir = NULL, *sub;
	enum cb_status s;
	bool stop = false;

	if (!cb_id_parse(id, NULL, NULL))
		return cb_fail(err, CB_EUSAGE, "'%s' is not an incident id", id);
	if (strlen(commit) < 4 ||
	    strspn(commit, "0123456789abcdef") != strlen(commit))
		return cb_fail(err, CB_EUSAGE, "'%s' is not a commit id", commit);
	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if (git_revparse_single(&obj, st->repo, commit) < 0)
		return cb_fail(err, CB_ENOTFOUND, "no commit %s in the record",
		    commit);
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		s = cb_fail(err, CB_ENOTFOUND, "%s is not a commit", commit);
		goto out;
	}
	dir = cb_layout_dir(id);
	sub = xasprintf("%s/" CB_LAYOUT_NOTEBOOK, dir);
	s = at_files(tree, sub, &notes, err);
	free(sub);
	if (s != CB_OK)
		goto out;
	sub = xasprintf("%s/" CB_LAYOUT_EVIDENCE, dir);
	s = at_files(tree, sub, &ev, err);
	free(sub);
	for (size_t i = 0; s == CB_OK && !stop && i < notes.n; i++) {
		char at[CB_TIME_MAX], login[128];
		struct cb_note n;
		git_blob *blob;

		if (!cb_layout_note_parse(notes.v[i].name, at, login,
		    sizeof login))
			at[0] = login[0] = '\0';
		if (git_blob_lookup(&blob, st->repo, &notes.v[i].blob) < 0) {
			s = cb_git_error(err, notes.v[i].path);
			break;
		}
		n.path = notes.v[i].path;
		n.author = login;
		n.at = at;
		n.text = git_blob_rawcontent(blob);
		n.len = (size_t)git_blob_rawsize(blob);
		stop = note_fn(&n, arg) != 0;
		git_blob_free(blob);
	}
	/* Evidence: its sidecars (SHA.json), as the index reads them. */
	for (size_t i = 0; s == CB_OK && !stop && i < ev.n; i++) {
		struct cb_attachment a;
		json_t *o, *v;
		git_blob *blob;
		size_t len = strlen(ev.v[i].name);

		if (len < 6 || strcmp(ev.v[i].name + len - 5, ".json") != 0)
			continue;
		if (git_blob_lookup(&blob, st->repo, &ev.v[i].blob) < 0) {
			s = cb_git_error(err, ev.v[i].path);
			break;
		}
		o = json_loadb(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), 0, NULL);
		git_blob_free(blob);
		if (o == NULL || !json_is_string(json_object_get(o, "sha256"))) {
			json_decref(o);
			continue;	/* damage: the index names it */
		}
		a.sha256 = json_string_value(json_object_get(o, "sha256"));
		a.name = json_is_string(v = json_object_get(o, "name")) ?
		    json_string_value(v) : "";
		a.size = json_integer_value(json_object_get(o, "size"));
		a.by = json_is_string(v = json_object_get(o, "by")) ?
		    json_string_value(v) : "";
		a.at = json_is_string(v = json_object_get(o, "at")) ?
		    json_string_value(v) : "";
		stop = att_fn != NULL && att_fn(&a, arg) != 0;
		json_decref(o);
	}
out:
	at_free(&notes);
	at_free(&ev);
	free(dir);
	git_tree_free(tree);
	git_commit_free(c);
	git_object_free(obj);
	return s;
}

enum cb_status
cb_store_log(struct cb_store *st, const char *id, cb_log_fn fn, void *arg,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT oid, at, author, email, action, summary "
	    "FROM commits WHERE incident = ?1 ORDER BY seq DESC", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_logent e;

		e.commit = cb_db_col(stmt, 0);
		e.at = (time_t)sqlite3_column_int64(stmt, 1);
		e.author = cb_db_col(stmt, 2);
		e.email = cb_db_col(stmt, 3);
		e.action = cb_db_col(stmt, 4);
		e.summary = cb_db_col(stmt, 5);
		if (fn(&e, arg) != 0)
			break;
	}
	s = step_end(st, rc, "reading the history", err);
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_events(struct cb_store *st, long long after, cb_event_fn fn,
    void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT seq, oid, ifnull(incident, ''), "
	    "action, actor, at, payload, remote FROM events WHERE seq > ?1 "
	    "ORDER BY seq", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, after);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_event e;

		e.seq = sqlite3_column_int64(stmt, 0);
		e.commit = cb_db_col(stmt, 1);
		e.incident = cb_db_col(stmt, 2);
		e.action = cb_db_col(stmt, 3);
		e.actor = cb_db_col(stmt, 4);
		e.at = (time_t)sqlite3_column_int64(stmt, 5);
		e.payload = cb_db_col(stmt, 6);
		e.remote = sqlite3_column_int(stmt, 7) != 0;
		if (fn(&e, arg) != 0)
			break;
	}
	s = step_end(st, rc, "reading the events", err);
	cb_db_release(st, stmt);
	return s;
}

/* --- search --------------------------------------------------------------- */

struct seen {
	char **ids;
	size_t n;
};

static bool
seen_add(struct seen *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->ids[i], id) == 0)
			return false;
	s->ids = xrealloc(s->ids, (s->n + 1) * sizeof *s->ids);
	s->ids[s->n++] = xstrdup(id);
	return true;
}

static void
seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
}

/* A query is a literal substring: quote it as one FTS5 string. */
static char *
fts_phrase(const char *q)
{
	struct cb_buf b = { 0 };

	cb_buf_addc(&b, '"');
	for (; *q != '\0'; q++) {
		if (*q == '"')
			cb_buf_addc(&b, '"');
		cb_buf_addc(&b, *q);
	}
	cb_buf_addc(&b, '"');
	return cb_buf_detach(&b);
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Under three characters the trigram index cannot help; such queries scan
 * with instr() and cut the snippet here, marking the match as FTS5 does.
 */
static char *
short_snippet(const char *text, size_t len, const char *q)
{
	size_t qn = strlen(q), at, from, to;
	const char *hit = memmem(text, len, q, qn);
	struct cb_buf b = { 0 };

	if (hit == NULL)
		return xstrdup("");
	at = (size_t)(hit - text);
	from = at > 40 ? at - 40 : 0;
	to = at + qn + 40 < len ? at + qn + 40 : len;
	while (from > 0 && ((unsigned char)text[from] & 0xc0) == 0x80)
		from--;
	while (to < len && ((unsigned char)text[to] & 0xc0) == 0x80)
		to++;
	if (from > 0)
		cb_buf_adds(&b, "...");
	/* Only the marks are STX and ETX (see put_chunks). */
	add_unmarked(&b, text + from, at - from);
	cb_buf_addc(&b, '\x02');
	add_unmarked(&b, q, qn);
	cb_buf_addc(&b, '\x03');
	add_unmarked(&b, text + at + qn, to - at - qn);
	if (to < len)
		cb_buf_adds(&b, "...");
	return cb_buf_detach(&b);
}

/*
 * The notes' pass of a search with the full-text index: the newest
 * matching piece of each note in turn, found by its rowid below the
 * pieces of the note found before (a note's pieces have consecutive
 * rowids, put_chunks writing them in one go), so that a note that
 * matches in every one of its thousands of pieces costs one lookup, and
 * the snippet of that one piece.
 */
static enum cb_status
search_notes(struct cb_store *st, const char *phrase, long limit,
    struct seen *seen, cb_hit_fn fn, void *arg, bool *stop,
    struct cb_error *err)
{
	sqlite3_int64 below = INT64_MAX;
	sqlite3_stmt *stmt;
	enum cb_status s = CB_OK;

	while (!*stop && s == CB_OK) {
		struct cb_hit h;
		sqlite3_int64 first;
		int rc;

		if ((s = cb_db_prepare(st, "SELECT f.rowid, n.incident, i.title, "
		    "n.path, snippet(notes_fts, 0, char(2), char(3), '...', 12), "
		    "(SELECT min(id) FROM note_chunks WHERE note = c.note) "
		    "FROM notes_fts f JOIN note_chunks c ON c.id = f.rowid "
		    "JOIN notes n ON n.id = c.note JOIN incidents i ON "
		    "i.id = n.incident WHERE notes_fts MATCH ?1 AND "
		    "f.rowid < ?2 ORDER BY f.rowid DESC LIMIT 1", &stmt,
		    err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, phrase, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, below);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			s = step_end(st, rc, "searching", err);
			cb_db_release(st, stmt);
			break;
		}
		first = sqlite3_column_int64(stmt, 5);
		below = first < sqlite3_column_int64(stmt, 0) ? first :
		    sqlite3_column_int64(stmt, 0);
		h.id = cb_db_col(stmt, 1);
		if (seen_add(seen, h.id)) {
			h.title = cb_db_col(stmt, 2);
			h.where = cb_db_col(stmt, 3);
			h.snippet = cb_db_col(stmt, 4);
			*stop = fn(&h, arg) != 0 ||
			    (limit > 0 && (long)seen->n >= limit);
		}
		cb_db_release(st, stmt);
	}
	return s;
}

enum cb_status
cb_store_search(struct cb_store *st, const char *query, long limit,
    cb_hit_fn fn, void *arg, struct cb_error *err)
{
	/*
	 * Snippets of 64 tokens (trigrams: about as many characters), a
	 * line of context.  Checklist answers (root cause, malware traits,
	 * host profile...) have no full-text index: a scan, after the two.
	 */
#define ANSWERS_SQL \
	"SELECT a.incident, i.title, 'answer:' || a.item, a.value FROM " \
	"answers a JOIN incidents i ON i.id = a.incident " \
	"WHERE instr(a.value, ?1) > 0 ORDER BY i.rowid DESC"
	static const char *const fts_sql[3] = {
		"SELECT i.id, i.title, 'title', snippet(titles_fts, 0, "
		"char(2), char(3), '...', 64) FROM titles_fts JOIN incidents i "
		"ON i.rowid = titles_fts.rowid WHERE titles_fts MATCH ?1 "
		"ORDER BY titles_fts.rowid DESC",
		NULL,	/* the notes: search_notes */
		ANSWERS_SQL,
	};
	static const char *const scan_sql[3] = {
		"SELECT id, title, 'title', title FROM incidents "
		"WHERE instr(title, ?1) > 0 ORDER BY rowid DESC",
		"SELECT n.incident, i.title, n.path, n.body FROM notes n JOIN "
		"incidents i ON i.id = n.incident WHERE instr(n.body, ?1) > 0 "
		"ORDER BY n.id DESC",
		ANSWERS_SQL,
	};
#undef ANSWERS_SQL
	bool use_fts = utf8_chars(query) >= 3;
	char *phrase;
	struct seen seen = { 0 };
	enum cb_status s = CB_OK;
	bool stop = false;

	if (query[0] == '\0')
		return cb_fail(err, CB_EUSAGE, _("search: the query is empty"));
	phrase = fts_phrase(query);
	for (int pass = 0; pass < 3 && !stop && s == CB_OK; pass++) {
		sqlite3_stmt *stmt;
		int rc = SQLITE_DONE;
		bool fts = use_fts && pass < 2;

		if (use_fts && pass == 1) {
			s = search_notes(st, phrase, limit, &seen, fn, arg,
			    &stop, err);
			continue;
		}
		if ((s = cb_db_prepare(st, use_fts ? fts_sql[pass] : scan_sql[pass],
		    &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, fts ? phrase : query, -1,
		    SQLITE_STATIC);
		while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			struct cb_hit h;
			char *snip = NULL;

			h.id = cb_db_col(stmt, 0);
			if (!seen_add(&seen, h.id))
				continue;
			h.title = cb_db_col(stmt, 1);
			h.where = cb_db_col(stmt, 2);
			if (fts)
				h.snippet = cb_db_col(stmt, 3);
			else
				h.snippet = snip = short_snippet(
				    sqlite3_column_blob(stmt, 3),
				    (size_t)sqlite3_column_bytes(stmt, 3), query);
			stop = fn(&h, arg) != 0 ||
			    (limit > 0 && (long)seen.n >= limit);
			free(snip);
		}
		s = step_end(st, rc, "searching", err);
		cb_db_release(st, stmt);
	}
	seen_free(&seen);
	free(phrase);
	return s;
}

/* --- consistency -------------------------------------------------------------- */

struct check_ctx {
	struct cb_store *st;
	cb_problem_fn fn;
	void *arg;
	int problems;
	long incidents, notes, attachments;
};

static void
problem(struct check_ctx *c, const char *fmt, ...) CB_PRINTF(2, 3);

static void
problem(struct check_ctx *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->problems++;
	c->fn(msg, c->arg);
}

static int
same_row(const struct cb_row *r, void *arg)
{
	const struct cb_incident *inc = arg;
	char *classes = cb_strlist_join(&inc->classes, ",");
	char *hosts = cb_strlist_join(&inc->hosts, ",");
	char *assignees = cb_strlist_join(&inc->assignees, ",");
	int same = strcmp(r->title, inc->title) == 0 &&
	    strcmp(r->phase, cb_phase_names[inc->phase]) == 0 &&
	    strcmp(r->urgency, cb_urgency_names[inc->urgency]) == 0 &&
	    strcmp(r->severity, cb_severity_names[inc->severity]) == 0 &&
	    strcmp(r->classes, classes) == 0 &&
	    strcmp(r->department, inc->department) == 0 &&
	    strcmp(r->reporter, inc->reporter) == 0 &&
	    strcmp(r->hosts, hosts) == 0 &&
	    strcmp(r->assignees, assignees) == 0 &&
	    strcmp(r->updated, inc->updated) == 0;

	free(classes);
	free(hosts);
	free(assignees);
	return same ? 0 : 1;	/* the callback's return is the verdict */
}

static bool
is_damaged(struct cb_store *st, const char *id, const char *file)
{
	sqlite3_stmt *stmt;
	struct cb_error e;
	bool found;

	if (cb_db_prepare(st, "SELECT 1 FROM damaged WHERE incident = ?1 AND "
	    "file = ?2", &stmt, &e) != CB_OK)
		return false;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, file, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	cb_db_release(st, stmt);
	return found;
}

/*
 * Evidence kept outside the record (its sidecar says "place"): the file
 * STORE/evidence/SHA256 must be there, a regular file reached without a
 * link, with the sidecar's size and hash.  The path is made from the
 * hash, never taken from the sidecar: git can write anything there.
 */
static void
check_outside(struct check_ctx *c, const char *path, const char *json,
    size_t len)
{
	json_t *o = json_loadb(json, len, 0, NULL);
	const char *sha = json_string_value(json_object_get(o, "sha256"));
	const char *place = json_string_value(json_object_get(o, "place"));
	char *want = NULL, *file = NULL, hex[65], *buf = NULL;
	unsigned char digest[32];
	struct cb_sha256 ctx;
	struct stat sb;
	int64_t size = 0;
	ssize_t n;
	int fd = -1;

	if (o == NULL || place == NULL)
		goto out;
	if (sha == NULL || strlen(sha) != 64 || strspn(sha,
	    "0123456789abcdef") != 64) {
		problem(c, "%s: no valid sha256 for evidence kept outside the "
		    "record", path);
		goto out;
	}
	want = xasprintf("%s/%s", CB_STORE_EVIDENCE, sha);
	if (strcmp(place, want) != 0) {
		problem(c, "%s: evidence placed at an unexpected path (not %s)",
		    path, want);
		goto out;
	}
	file = xasprintf("%s/%s", c->st->dir, want);
	fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		problem(c, "%s: %s is %s: restore it from the backup of the "
		    "store's evidence folder", path, file, fd < 0 && errno ==
		    ENOENT ? "missing" : "not a regular file");
		goto out;
	}
	buf = xmalloc(1 << 20);
	cb_sha256_init(&ctx);
	while ((n = read(fd, buf, 1 << 20)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			problem(c, "%s: %s cannot be read: %s", path, file,
			    strerror(errno));
			goto out;
		}
		cb_sha256_update(&ctx, buf, (size_t)n);
		size += n;
	}
	cb_sha256_final(&ctx, digest);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	if (strcmp(hex, sha) != 0)
		problem(c, "%s: %s does not match its SHA-256 (it holds %s): "
		    "restore it from the backup", path, file, hex);
	else if (json_is_integer(json_object_get(o, "size")) &&
	    json_integer_value(json_object_get(o, "size")) != size)
		problem(c, "%s: %s has %lld bytes, the sidecar says %lld", path,
		    file, (long long)size, (long long)json_integer_value(
		    json_object_get(o, "size")));
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(file);
	free(want);
	json_decref(o);
}

/* Compares one file of the record with what the index holds for it. */
static enum cb_status
check_path(const char *path, const git_oid *old, const git_oid *new,
    void *arg, struct cb_error *err)
{
	struct check_ctx *c = arg;
	struct cb_store *st = c->st;
	struct cb_path p;
	const char *id = p.id;
	git_blob *blob;
	sqlite3_stmt *stmt;
	enum cb_status s = CB_OK;
	int rc;

	(void)old;
	if (!cb_layout_parse(path, &p))
		return CB_OK;
	if (git_blob_lookup(&blob, st->repo, new) < 0) {
		problem(c, "%s: cannot be read from the record", path);
		return CB_OK;
	}
	if (p.kind == CB_PATH_INCIDENT) {
		struct cb_incident inc;
		struct cb_error e;
		sqlite3_stmt *q;
		int verdict = -1;

		c->incidents++;
		if (cb_incident_from_json(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), path, &inc, &e) != CB_OK ||
		    strcmp(inc.id, id) != 0) {
			/* Damaged: listed from the damage table below. */
			if (!is_damaged(st, id, path))
				problem(c, "%s: damaged in the record, not in the "
				    "index as damaged", path);
		} else if (cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
		    "WHERE id = ?1", &q, err) == CB_OK) {
			sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(q)) == SQLITE_ROW)
				verdict = cb_db_row(q, same_row, &inc);
			else if (rc != SQLITE_DONE)
				s = cb_db_error(st, err, "reading an incident");
			cb_db_release(st, q);
			if (s != CB_OK)
				;
			else if (verdict < 0)
				problem(c, "%s: in the record, not in the index",
				    id);
			else if (verdict > 0)
				problem(c, "%s: the index differs from the record",
				    id);
		}
		cb_incident_free(&inc);
	} else if (p.kind == CB_PATH_NOTE) {
		c->notes++;
		if (cb_db_prepare(st, "SELECT body FROM notes WHERE incident = ?1 "
		    "AND path = ?2", &stmt, err) == CB_OK) {
			sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 2, p.name, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(stmt)) != SQLITE_ROW &&
			    rc != SQLITE_DONE)
				s = cb_db_error(st, err, "reading a note");
			else if (rc != SQLITE_ROW)
				problem(c, "%s: note %s not in the index", id,
				    p.name);
			else if ((size_t)sqlite3_column_bytes(stmt, 0) !=
			    (size_t)git_blob_rawsize(blob) ||
			    memcmp(sqlite3_column_blob(stmt, 0),
			    git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob)) != 0)
				problem(c, "%s: note %s differs from the record",
				    id, p.name);
			cb_db_release(st, stmt);
		}
	} else if (p.kind == CB_PATH_EVIDENCE_META) {
		c->attachments++;
		check_outside(c, path, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	return s;
}

static long
count(struct cb_store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	long n = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/*
 * The second half of the check: every table the commands answer from,
 * row by row, against an index built afresh from the record (what a
 * reindex would make).  An edit of index.db that leaves it a valid
 * database (an author, a summary, an evidence name, a note's author, a
 * phase's progress) is found here.  Each table is compared on all its
 * columns but the numbering an incremental sync gives differently
 * (commits.seq, events.seq, notes.id); key names the row in the report.
 */
#define DIFF(cols, key, table, a, b) \
	"SELECT " key " FROM (SELECT " cols " FROM " a "." table \
	" EXCEPT SELECT " cols " FROM " b "." table ")"
/* Both ways: rows only in the index, rows only in the record. */
#define BOTH(cols, key, table) \
	DIFF(cols, key, table, "main", "fresh"), \
	DIFF(cols, key, table, "fresh", "main")
#define INCIDENT_COLS "id, title, phase, phase_rank, urgency, urgency_rank, " \
	"severity, classes, department, reporter, hosts, assignees, created, " \
	"updated, open, damaged_file, damaged_line, damaged_reason"
#define NOTE_COLS "incident, path, name, author, at, body"
#define ATTACH_COLS "incident, sha256, name, size, by, at"
#define COMMIT_COLS "oid, ifnull(incident, '') AS incident, at, author, " \
	"email, action, summary"
#define CHECKLIST_COLS "incident, playbook, gate_done, gate_required, " \
	"waiting, suggestions, body"
#define ANSWER_COLS "incident, item, value, waived, reason, by, decided_by, at"
#define EVENT_COLS "oid, ifnull(incident, '') AS incident, action, actor, " \
	"at, payload"
#define DAMAGE_COLS "incident, file, line, reason"
#define LINK_COLS "incident, name, iid, url"
#define HISTORY_COLS "oid, incident, at, author, action, kind, key, value"
#define MOMENT_COLS "incident, classes, department, urgency, source, " \
	"detected, received, triaged, contained, " \
	"cause_known, recovered, severity, report_filed, closed, reopened, " \
	"backwards"
static const struct {
	const char *what;	/* for the report */
	const char *extra;	/* rows only in the index */
	const char *missing;	/* rows only in the record */
} check_tables[] = {
	{ "incident",
	  BOTH(INCIDENT_COLS, "id, ''", "incidents") },
	{ "note",
	  BOTH(NOTE_COLS, "incident, path", "notes") },
	{ "evidence",
	  BOTH(ATTACH_COLS, "incident, name", "attachments") },
	{ "history entry",
	  BOTH(COMMIT_COLS, "incident, substr(oid, 1, 12)", "commits") },
	{ "checklist",
	  BOTH(CHECKLIST_COLS, "incident, ''", "checklists") },
	{ "answer",
	  BOTH(ANSWER_COLS, "incident, item", "answers") },
	{ "event",
	  BOTH(EVENT_COLS, "incident, substr(oid, 1, 12)",
	      "events WHERE action != 'alert-notable'") },
	{ "damage",
	  BOTH(DAMAGE_COLS, "incident, file", "damaged") },
	{ "link",
	  BOTH(LINK_COLS, "incident, name", "links") },
	{ "timeline record",
	  BOTH(HISTORY_COLS, "incident, substr(oid, 1, 12) || ' ' || key",
	  "history") },
	{ "timeline",
	  BOTH(MOMENT_COLS, "incident, ''", "moments") },
};

/* The keys of the rows a DIFF query gives, "A B" each, into *keys. */
static enum cb_status
diff_keys(struct cb_store *st, const char *sql, char ***keys, size_t *n,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*keys = NULL;
	*n = 0;
	if ((s = cb_db_prepare(st, sql, &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < 1000) {
		*keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
		(*keys)[(*n)++] = xasprintf("%s%s%s", cb_db_col(stmt, 0),
		    cb_db_col(stmt, 1)[0] != '\0' ? " " : "",
		    cb_db_col(stmt, 1));
	}
	s = step_end(st, rc, "comparing the index", err);
	cb_db_release(st, stmt);
	return s;
}

static bool
has_key(char **keys, size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], k) == 0)
			return true;
	return false;
}

static void
free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/*
 * Builds the fresh index: in the store when this process may write it
 * (a protected store's members cannot reach it there), else in $TMPDIR;
 * *path (caller frees and removes) names it.  A store of its own shares
 * st's repository and nothing else.
 */
static enum cb_status
build_fresh(struct cb_store *st, char **path, struct cb_error *err)
{
	struct cb_store fresh;
	const char *tmpdir = secure_getenv("TMPDIR");
	enum cb_status s;
	int fd;

	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	*path = xasprintf("%s/casebook-check-XXXXXX", st->readonly ? tmpdir :
	    st->dir);
	if ((fd = mkostemp(*path, O_CLOEXEC)) < 0) {
		s = cb_os_error(err, errno, *path);
		free(*path);
		*path = NULL;
		return s;
	}
	close(fd);
	memset(&fresh, 0, sizeof fresh);
	fresh.dir = st->dir;
	fresh.git_dir = st->git_dir;
	fresh.repo = st->repo;
	fresh.mempack = st->mempack;
	fresh.shared = st->shared;
	fresh.site = st->site;
	if ((s = open_file(&fresh, *path, SQLITE_OPEN_READWRITE, err)) ==
	    CB_OK &&
	    (s = exec_as(&fresh, "PRAGMA journal_mode=OFF; PRAGMA "
	    "synchronous=OFF; PRAGMA foreign_keys=ON;", "opening", err)) ==
	    CB_OK &&
	    (s = migrate(&fresh, err)) == CB_OK)
		s = cb_index_sync(&fresh, true, err);
	cb_index_close(&fresh);
	if (s != CB_OK) {
		unlink(*path);
		free(*path);
		*path = NULL;
	}
	return s;
}

static enum cb_status
compare_tables(struct cb_store *st, struct check_ctx *c, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *path;
	int rc;

	if ((s = build_fresh(st, &path, err)) != CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "ATTACH DATABASE ?1 AS fresh", &stmt,
	    err)) != CB_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	s = rc == SQLITE_DONE ? CB_OK : cb_db_error(st, err,
	    "opening the index built for the check");
	cb_db_release(st, stmt);
	if (s != CB_OK)
		goto out;
	for (size_t t = 0; t < sizeof check_tables / sizeof check_tables[0] &&
	    s == CB_OK; t++) {
		const char *sql = check_tables[t].extra;
		char **extra, **missing;
		size_t nextra, nmissing;

		if ((s = diff_keys(st, sql, &extra, &nextra, err)) != CB_OK)
			break;
		sql = check_tables[t].missing;
		if ((s = diff_keys(st, sql, &missing, &nmissing, err)) !=
		    CB_OK) {
			free_keys(extra, nextra);
			break;
		}
		for (size_t i = 0; i < nextra; i++)
			problem(c, "index.db: the %s %s differs from the "
			    "record%s", check_tables[t].what, extra[i],
			    has_key(missing, nmissing, extra[i]) ? "" :
			    " (it is not in the record)");
		for (size_t i = 0; i < nmissing; i++)
			if (!has_key(extra, nextra, missing[i]))
				problem(c, "index.db: the %s %s of the record "
				    "is missing", check_tables[t].what,
				    missing[i]);
		free_keys(extra, nextra);
		free_keys(missing, nmissing);
	}
	sqlite3_exec(st->db, "DETACH DATABASE fresh", NULL, NULL, NULL);
out:
	unlink(path);
	free(path);
	return s;
}

enum cb_status
cb_index_check(struct cb_store *st, cb_problem_fn fn, void *arg,
    int *problems, struct cb_error *err)
{
	struct check_ctx c = { st, fn, arg, 0, 0, 0, 0 };
	int record_problems = *problems;
	char indexed[GIT_OID_HEXSZ + 1], tiphex[GIT_OID_HEXSZ + 1];
	sqlite3_stmt *stmt;
	git_tree *tree = NULL;
	git_oid tip;
	enum cb_status s;
	int rc, damage = 0;
	long n;

	/* SQLite's own view of the file. */
	if ((s = cb_db_prepare(st, "PRAGMA integrity_check", &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (strcmp(cb_db_col(stmt, 0), "ok") != 0)
			damage++, problem(&c, "index.db: %s", cb_db_col(stmt, 0));
	s = step_end(st, rc, "checking the file", err);
	cb_db_release(st, stmt);
	if (s != CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "PRAGMA foreign_key_check", &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		problem(&c, "index.db: table %s row %lld refers to a missing "
		    "incident", cb_db_col(stmt, 0),
		    (long long)sqlite3_column_int64(stmt, 1));
	s = step_end(st, rc, "checking references", err);
	cb_db_release(st, stmt);
	if (s != CB_OK)
		return s;
	/* FTS5's check is an INSERT: a read-only index cannot run it. */
	if (sqlite3_db_readonly(st->db, "main") != 1 &&
	    sqlite3_exec(st->db, "INSERT INTO notes_fts(notes_fts) "
	    "VALUES('integrity-check'); INSERT INTO titles_fts(titles_fts) "
	    "VALUES('integrity-check')", NULL, NULL, NULL) != SQLITE_OK)
		damage++, problem(&c, "index.db: full-text index: %s",
		    sqlite3_errmsg(st->db));
	if (damage > 0) {
		*problems += c.problems;
		return cb_fail(err, CB_EDAMAGED, _("the index %s/index.db is "
		    "damaged (%d problem%s above); run `casebook reindex` to "
		    "rebuild it from the record; nothing in the record is lost"),
		    st->dir, damage, damage == 1 ? "" : "s");
	}

	/* The index against the record at the tip. */
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK ||
	    (s = get_meta(st, "indexed", indexed, sizeof indexed, err)) != CB_OK)
		return s;
	git_oid_tostr(tiphex, sizeof tiphex, &tip);
	if (strcmp(indexed, tiphex) != 0)
		problem(&c, "index.db: indexed commit %s is not the branch tip %s",
		    indexed[0] ? indexed : "(none)", tiphex);
	if ((s = tree_of(st, &tip, &tree, err)) != CB_OK)
		return s;
	if ((s = exec(st, "BEGIN", err)) != CB_OK) {
		git_tree_free(tree);
		return s;
	}
	s = cb_record_tree_diff(st, NULL, tree, check_path, &c, err);
	git_tree_free(tree);
	/* What the index keeps as damaged is a problem of the record. */
	if (s == CB_OK && (s = cb_db_prepare(st, "SELECT incident, file, line, "
	    "reason FROM damaged ORDER BY incident, file", &stmt,
	    err)) == CB_OK) {
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			int line = sqlite3_column_int(stmt, 2);
			char at[16] = "";

			if (line > 0)
				snprintf(at, sizeof at, ":%d", line);
			problem(&c, "%s is damaged in the record: %s%s: %s",
			    cb_db_col(stmt, 0), cb_db_col(stmt, 1), at,
			    cb_db_col(stmt, 3));
		}
		cb_db_release(st, stmt);
	}
	if (s == CB_OK) {
		if ((n = count(st, "SELECT count(*) FROM incidents")) != c.incidents)
			problem(&c, "index.db: %ld incidents, the record has %ld",
			    n, c.incidents);
		if ((n = count(st, "SELECT count(*) FROM notes")) != c.notes)
			problem(&c, "index.db: %ld notes, the record has %ld",
			    n, c.notes);
		if ((n = count(st, "SELECT count(*) FROM attachments")) !=
		    c.attachments)
			problem(&c, "index.db: %ld attachments, the record has "
			    "%ld", n, c.attachments);
		if ((n = count(st, "SELECT count(*) FROM commits")) < 1)
			problem(&c, "index.db: no history indexed");
	}
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	/*
	 * Only an index at the tip can agree with one built at the tip, and
	 * only a whole record can be read into one: with the record's own
	 * problems already reported (*problems on entry), the index is not
	 * compared, and the check says so.
	 */
	if (s == CB_OK && strcmp(indexed, tiphex) == 0) {
		if (record_problems == 0)
			s = compare_tables(st, &c, err);
		else
			fn(_("index.db: not compared with the record, which "
			    "cannot be read whole (see above)"), arg);
	}
	*problems += c.problems;
	return s;
}
