/*
 * What the checklist's rules know of an incident's alerts (core/checklist.h,
 * struct cb_alert_facts), read from the index: the alerts attached to it
 * (their groups were promoted into it or merged into it) and the alerts
 * not attached whose source address is one of its hosts, as promote takes
 * the sources for the affected hosts; its phase and since when.
 *
 * A promote or merge names the group it is attaching in st->rules_group,
 * so that its commit already carries what the rules make of the group.
 *
 * Reads only: the rules' suggestions that follow are written by answer.c
 * in the incident's checklist.json, through the write path.  Comes after
 * index.c and before answer.c in the layers (doc/design.md).
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>

/* At most this many alerts per incident are looked at: the newest. */
#define FACTS_MAX	10000

static void
add_fact(struct cb_alert_facts_buf *b, const char *source, double score,
    time_t event, bool attached)
{
	struct cb_alert_fact *f;

	if (b->n == FACTS_MAX)
		return;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	f = &b->v[b->n++];
	cb_strlist_add(&b->sources, source);
	f->source = b->sources.v[b->sources.n - 1];
	f->score = score;
	f->event = event;
	f->attached = attached;
}

static enum cb_status
read_rows(struct cb_store *st, sqlite3_stmt *stmt, bool attached,
    struct cb_alert_facts_buf *b, struct cb_error *err)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		add_fact(b, cb_db_col(stmt, 0), sqlite3_column_double(stmt, 1),
		    (time_t)sqlite3_column_int64(stmt, 2), attached);
	return rc == SQLITE_DONE ? CB_OK :
	    cb_db_error(st, err, "reading an incident's alerts");
}

/* When inc entered the phase it is in: its last phase move, or now. */
static enum cb_status
phase_since(struct cb_store *st, const struct cb_incident *inc, time_t *since,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*since = 0;
	/* The index is of the tip before this change: a phase it does not
	 * show yet is being entered now. */
	if ((s = cb_db_prepare(st, "SELECT phase FROM incidents WHERE id = ?1",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, inc->id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW &&
	    strcmp(cb_db_col(stmt, 0), cb_phase_names[inc->phase]) != 0) {
		cb_db_release(st, stmt);
		*since = cb_now();
		return CB_OK;
	}
	cb_db_release(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cb_db_error(st, err, "reading an incident's phase");
	if (rc == SQLITE_DONE) {
		*since = cb_now();
		return CB_OK;
	}
	if ((s = cb_db_prepare(st, "SELECT max(at) FROM events WHERE "
	    "incident = ?1 AND action IN ('create', 'advance', 'back', "
	    "'force-phase')", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, inc->id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*since = (time_t)sqlite3_column_int64(stmt, 0);
	cb_db_release(st, stmt);
	return rc == SQLITE_ROW ? CB_OK :
	    cb_db_error(st, err, "reading an incident's phase moves");
}

enum cb_status
cb_alert_facts_load(struct cb_store *st, const struct cb_incident *inc,
    struct cb_alert_facts_buf *b, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	memset(b, 0, sizeof *b);
	b->facts.phase = inc->phase;
	if (st->db == NULL)
		return CB_OK;
	if ((s = phase_since(st, inc, &b->facts.phase_since, err)) != CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "SELECT source, score, event_time FROM "
	    "alerts WHERE grp IN (SELECT id FROM alert_groups WHERE "
	    "incident = ?1) ORDER BY event_time DESC LIMIT 10000", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, inc->id, -1, SQLITE_TRANSIENT);
	s = read_rows(st, stmt, true, b, err);
	cb_db_release(st, stmt);
	/* The group being attached in this very change. */
	if (s == CB_OK && st->rules_group != 0) {
		if ((s = cb_db_prepare(st, "SELECT source, score, event_time "
		    "FROM alerts WHERE grp = ?1 ORDER BY event_time DESC "
		    "LIMIT 10000", &stmt, err)) != CB_OK)
			return s;
		sqlite3_bind_int64(stmt, 1, st->rules_group);
		s = read_rows(st, stmt, true, b, err);
		cb_db_release(st, stmt);
	}
	for (size_t i = 0; s == CB_OK && i < inc->hosts.n; i++) {
		if ((s = cb_db_prepare(st, "SELECT source, score, event_time "
		    "FROM alerts WHERE src = ?1 AND (grp IS NULL OR (grp <> ?3 "
		    "AND grp NOT IN (SELECT id FROM alert_groups WHERE "
		    "incident = ?2))) "
		    "ORDER BY event_time DESC LIMIT 10000", &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, inc->hosts.v[i], -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, inc->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 3, st->rules_group);
		s = read_rows(st, stmt, false, b, err);
		cb_db_release(st, stmt);
	}
	b->facts.alerts = b->v;
	b->facts.n = b->n;
	return s;
}

void
cb_alert_facts_free(struct cb_alert_facts_buf *b)
{
	cb_strlist_free(&b->sources);
	free(b->v);
	memset(b, 0, sizeof *b);
}
