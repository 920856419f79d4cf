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
	/* The last move, in the order of the history (seq), whatever the
	 * clocks of the machines that made them said. */
	if ((s = cb_db_prepare(st, "SELECT at FROM events WHERE "
	    "incident = ?1 AND action IN ('create', 'advance', 'back', "
	    "'force-phase') ORDER BY seq DESC LIMIT 1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, inc->id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*since = (time_t)sqlite3_column_int64(stmt, 0);
	cb_db_release(st, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CB_OK :
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
		/* The host's groups from alert_sources, then their
		 * alerts from the host. */
		if ((s = cb_db_prepare(st, "SELECT source, score, event_time "
		    "FROM alerts WHERE grp IN (SELECT grp FROM alert_sources "
		    "WHERE src = ?1 AND grp <> ?3 AND grp NOT IN (SELECT id "
		    "FROM alert_groups WHERE incident = ?2)) AND src = ?1 "
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

/* --- figures for casebook stats ------------------------------------------------ */

static enum cb_status
one_int(struct cb_store *st, const char *sql, time_t from, time_t to,
    long long *out, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*out = 0;
	if ((s = cb_db_prepare(st, sql, &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)to);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	cb_db_release(st, stmt);
	return rc == SQLITE_ROW ? CB_OK :
	    cb_db_error(st, err, "counting alerts");
}

#define IN_RANGE(col) "(?1 = 0 OR " col " >= ?1) AND (?2 = 0 OR " col " < ?2)"

enum cb_status
cb_store_alert_stats(struct cb_store *st, time_t from, time_t to,
    struct cb_alert_stats *out, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	long long *per = NULL, v;
	size_t nper = 0;
	enum cb_status s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((s = one_int(st, "SELECT count(*) FROM moments WHERE "
	    IN_RANGE("received"), from, to, &v, err)) != CB_OK)
		return s;
	out->incidents = (size_t)v;
	/* Each incident's attached alerts (of its promoted and merged
	 * groups), for the incidents received in the range. */
	if ((s = cb_db_prepare(st, "SELECT count(a.id) AS n FROM moments m "
	    "JOIN alert_groups g ON g.incident = m.incident "
	    "JOIN alerts a ON a.grp = g.id WHERE " IN_RANGE("m.received")
	    " GROUP BY m.incident ORDER BY n", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		per = xrealloc(per, (nper + 1) * sizeof *per);
		per[nper++] = sqlite3_column_int64(stmt, 0);
		out->attached += (size_t)per[nper - 1];
	}
	cb_db_release(st, stmt);
	if (rc != SQLITE_DONE) {
		free(per);
		return cb_db_error(st, err, "counting attached alerts");
	}
	out->with_alerts = nper;
	/* Nearest rank, as core/stats.h: the lower middle for even n. */
	out->median_attached = nper > 0 ? per[(nper + 1) / 2 - 1] : 0;
	out->max_attached = nper > 0 ? per[nper - 1] : 0;
	free(per);
	/* The groups made in the range, by what became of them. */
	if ((s = cb_db_prepare(st, "SELECT status, count(*) FROM alert_groups "
	    "WHERE " IN_RANGE("created") " GROUP BY status", &stmt, err)) !=
	    CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *status = cb_db_col(stmt, 0);
		size_t n = (size_t)sqlite3_column_int64(stmt, 1);

		out->groups += n;
		if (strcmp(status, "promoted") == 0)
			out->promoted += n;
		else if (strcmp(status, "merged") == 0)
			out->merged += n;
		else if (strcmp(status, "dismissed") == 0)
			out->dismissed += n;
		else if (strcmp(status, "suppressed") == 0)
			out->suppressed += n;
		else if (strcmp(status, "new") == 0)
			out->untriaged += n;
	}
	cb_db_release(st, stmt);
	if (rc != SQLITE_DONE)
		return cb_db_error(st, err, "counting alert groups");
	return CB_OK;
}
