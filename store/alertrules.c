/*
 * Rules fired by alerts that arrive: after an ingest, each open incident
 * one of whose hosts is the source of an alert of that ingest has its
 * rules evaluated again (answer.c, cb_store_reevaluate), so that new
 * alerts for a host after its cut-off or while its incident is in
 * recovery suggest going back to handling (playbooks/README.md).  One
 * commit per incident at most, and none when nothing changed.  Above
 * answer.c in the layers (doc/design.md).
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>

/* Whether host is the source of an alert added after the alert after. */
static enum cb_status
host_has_new(struct cb_store *st, const char *host, long long after,
    bool *yes, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*yes = false;
	if ((s = cb_db_prepare(st, "SELECT 1 FROM alert_sources WHERE src = "
	    "?1 AND last_id > ?2 LIMIT 1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)after);
	rc = sqlite3_step(stmt);
	*yes = rc == SQLITE_ROW;
	cb_db_release(st, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CB_OK :
	    cb_db_error(st, err, "reading new alerts for a host");
}

enum cb_status
cb_store_alert_last(struct cb_store *st, long long *last, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*last = 0;
	if ((s = cb_db_prepare(st, "SELECT ifnull(max(id), 0) FROM alerts",
	    &stmt, err)) != CB_OK)
		return s;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*last = sqlite3_column_int64(stmt, 0);
	cb_db_release(st, stmt);
	return rc == SQLITE_ROW ? CB_OK :
	    cb_db_error(st, err, "reading the last alert");
}

enum cb_status
cb_store_alert_rules_fire(struct cb_store *st, long long after,
    size_t *updated, struct cb_error *err)
{
	struct cb_strlist ids = { 0 }, hosts = { 0 };
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*updated = 0;
	/* The receiver's account (alerts.receiver) takes alerts in but may
	 * not write the record: the next act on the incident brings the
	 * suggestions in (every checklist refresh sees the alerts). */
	{
		struct cb_error ignored;

		if (cb_store_may_write(st, &ignored) != CB_OK)
			return CB_OK;
	}
	if ((s = cb_db_prepare(st, "SELECT id, hosts FROM incidents WHERE "
	    "open = 1 AND hosts <> '' ORDER BY id", &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		cb_strlist_add(&ids, cb_db_col(stmt, 0));
		cb_strlist_add(&hosts, cb_db_col(stmt, 1));
	}
	cb_db_release(st, stmt);
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the open incidents");
	for (size_t i = 0; s == CB_OK && i < ids.n; i++) {
		const char *p = hosts.v[i];
		bool fire = false, changed;

		while (s == CB_OK && !fire && *p != '\0') {
			size_t n = strcspn(p, ",");
			char *h;

			while (n > 0 && *p == ' ') {
				p++;
				n--;
			}
			h = xstrndup(p, n);
			while (n > 0 && h[n - 1] == ' ')
				h[--n] = '\0';
			if (n > 0)
				s = host_has_new(st, h, after, &fire, err);
			free(h);
			p += strcspn(p, ",");
			if (*p == ',')
				p++;
		}
		if (s == CB_OK && fire &&
		    (s = cb_store_reevaluate(st, ids.v[i], &changed, err)) ==
		    CB_OK && changed)
			(*updated)++;
	}
	cb_strlist_free(&ids);
	cb_strlist_free(&hosts);
	return s;
}
