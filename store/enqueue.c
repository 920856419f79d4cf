/*
 * Which new events the destinations want: the subscriptions of the
 * store's config ([notify "NAME"], core/subscription.h) and the GitLab
 * mirror ([mirror "gitlab"]), each event that one wants queued as an
 * outbox message in the transaction that adds the event to the index
 * (index.c cb_index_sync calls this after the new events and the
 * incidents they touch are in).  Nothing is sent here: the runner
 * (`casebook outbox run`) delivers.
 *
 * Below index.c in the store's layers: it uses SQLite on st->db
 * directly, every statement a literal with bound parameters, and leaves
 * the wording of an SQLite failure to its caller (cb_db_error), so that
 * it calls nothing of index.c.
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/notify.h"
#include "core/subscription.h"

int64_t
cb_outbox_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The incident's classes and urgency rank from the index; -1 if none. */
static int
incident_of(sqlite3 *db, const char *id, char **classes)
{
	sqlite3_stmt *stmt;
	int urgency = -1;

	*classes = NULL;
	if (sqlite3_prepare_v2(db, "SELECT classes, urgency_rank FROM "
	    "incidents WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);

		*classes = strdup(t != NULL ? (const char *)t : "");
		urgency = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return urgency;
}

static int
queue_one(sqlite3_stmt *ins, sqlite3_stmt *ev, const char *dest, int64_t now)
{
	int rc;

	sqlite3_bind_text(ins, 1, dest, -1, SQLITE_STATIC);
	for (int i = 0; i < 7; i++)
		sqlite3_bind_value(ins, i + 2, sqlite3_column_value(ev, i));
	sqlite3_bind_int64(ins, 9, now);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
cb_outbox_enqueue(struct cb_store *st, sqlite3_int64 after)
{
	struct cb_outbox_conf conf;
	struct cb_error ignored;
	sqlite3_stmt *ev = NULL, *ins = NULL;
	char *path;
	int64_t now = cb_outbox_clock_ms();
	int rc = SQLITE_OK;

	/*
	 * A config that cannot be read queues nothing rather than failing
	 * the sync: the change is in the record already, and the index
	 * must follow it.  `outbox list` says what is wrong with it.
	 */
	path = xasprintf("%s/config", st->dir);
	if (cb_outbox_conf_read(path, &conf, &ignored) != CB_OK ||
	    (conf.n_subs == 0 && !conf.mirror.on)) {
		free(path);
		cb_outbox_conf_free(&conf);
		return SQLITE_OK;
	}
	free(path);
	if ((rc = sqlite3_prepare_v2(st->db, "SELECT seq, oid, "
	    "ifnull(incident, ''), action, actor, at, payload FROM events "
	    "WHERE seq > ?1 ORDER BY seq", -1, &ev, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO "
	    "outbox(destination, event_seq, oid, incident, action, actor, at, "
	    "payload, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?9)", -1, &ins, NULL)) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(ev, 1, after);
	while ((rc = sqlite3_step(ev)) == SQLITE_ROW) {
		struct cb_notify_event e;
		const char *inc = (const char *)sqlite3_column_text(ev, 2);
		char *classes = NULL;
		int urgency = -1;

		cb_notify_event_from_row(&e, sqlite3_column_int64(ev, 0),
		    (const char *)sqlite3_column_text(ev, 1), inc,
		    (const char *)sqlite3_column_text(ev, 3),
		    (const char *)sqlite3_column_text(ev, 4),
		    (time_t)sqlite3_column_int64(ev, 5),
		    (const char *)sqlite3_column_text(ev, 6));
		if (inc != NULL && inc[0] != '\0')
			urgency = incident_of(st->db, inc, &classes);
		rc = SQLITE_OK;
		/* A message tells of an incident: none for init and the like. */
		for (size_t i = 0; rc == SQLITE_OK && urgency >= 0 &&
		    i < conf.n_subs; i++)
			if (cb_subscription_wants(&conf.subs[i], e.kind,
			    classes != NULL ? classes : "", urgency))
				rc = queue_one(ins, ev, conf.subs[i].name, now);
		/* The mirror follows every change of an incident it has. */
		if (rc == SQLITE_OK && conf.mirror.on && urgency >= 0 &&
		    strcmp(e.action, "link") != 0)
			rc = queue_one(ins, ev, CB_MIRROR_DEST, now);
		free(classes);
		cb_notify_event_free(&e);
		if (rc != SQLITE_OK)
			goto out;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
out:
	sqlite3_finalize(ev);
	sqlite3_finalize(ins);
	cb_outbox_conf_free(&conf);
	return rc;
}
