/*
 * Read-only queries on the alerts in the index for the screens
 * (store/alertview.h): windows of groups along an index and the
 * dashboard's figures.  Nothing here writes; store/alert.c keeps the
 * tables (store/index.c, migration 7) and acts on groups.
 *
 * The filter is matched with instr() on lower()ed text rather than
 * LIKE: the text is then literal without escaping (no '%' or '_' to
 * guard), and lower() folds ASCII letters only, as the contract says.
 * A filter of three characters or more first takes its candidates from
 * the groups' trigram index (alert_groups_text, index.c schema 17),
 * which folds the case of every letter: a superset of the matches, which
 * instr() then narrows, so that either way the rows are the same.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/nls.h"
#include "core/xmalloc.h"
#include "store/alertview.h"
#include "store/store-int.h"

/*
 * Done is every status but new and suppressed, named so that the
 * statuses are looked up along alert_groups_status (store.h lists them).
 */
#define DONE_STATUSES "('promoted', 'merged', 'dismissed', 'expired')"
#define DONE_WHERE " WHERE status IN " DONE_STATUSES
/* ?4: the filter, lowered; '' for none. */
#define TEXT_WHERE \
	" AND (?4 = '' OR instr(lower(signature), ?4) > 0" \
	"  OR instr(lower(class), ?4) > 0 OR instr(lower(department), ?4) > 0" \
	"  OR instr(lower(key), ?4) > 0 OR instr(lower(ifnull(incident, '')), ?4) > 0)"
/* ?7: the filter as a phrase of the trigram index (text_phrase). */
#define TEXT_MATCHES \
	"SELECT rowid AS gid FROM alert_groups_text WHERE alert_groups_text " \
	"MATCH ?7"
/* ?5: the order (enum cb_asort), ?6: 1 when reversed. */
#define SORT_KEY_NUM "CASE ?5 WHEN 0 THEN -last_event WHEN 1 THEN -top_score" \
	" WHEN 2 THEN -alerts WHEN 3 THEN first_event END"
#define SORT_KEY_TEXT "CASE ?5 WHEN 4 THEN signature WHEN 5 THEN department END"
#define GENERAL_ORDER \
	" ORDER BY CASE WHEN ?6 = 0 THEN " SORT_KEY_NUM " END," \
	" CASE WHEN ?6 = 1 THEN " SORT_KEY_NUM " END DESC," \
	" CASE WHEN ?6 = 0 THEN " SORT_KEY_TEXT " END COLLATE NOCASE," \
	" CASE WHEN ?6 = 1 THEN " SORT_KEY_TEXT " END COLLATE NOCASE DESC," \
	" CASE WHEN ?6 = 0 THEN -id ELSE id END"

static const char *
tab_status(enum cb_atab tab)
{
	return tab == CB_ATAB_NEW ? "new" : tab == CB_ATAB_SUPPRESSED ?
	    "suppressed" : "";
}

/* The filter as the query compares it: ASCII letters lowered. */
static char *
lowered(const char *text)
{
	char *s = xstrdup(text != NULL ? text : "");

	for (char *c = s; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

/*
 * The filter as a phrase of alert_groups_text (its quotes doubled), or
 * NULL when it has fewer than three characters, which a trigram index
 * cannot look up.
 */
static char *
text_phrase(const char *low)
{
	struct cb_buf b = { 0 };
	size_t chars = 0;

	for (const char *c = low; *c != '\0'; c++)
		chars += ((unsigned char)*c & 0xc0) != 0x80;
	if (chars < 3)
		return NULL;
	cb_buf_addc(&b, '"');
	for (const char *c = low; *c != '\0'; c++) {
		if (*c == '"')
			cb_buf_addc(&b, '"');
		cb_buf_addc(&b, *c);
	}
	cb_buf_addc(&b, '"');
	return cb_buf_detach(&b);
}

/*
 * Steps stmt to its end, each row to row(stmt, arg) (non-zero stops);
 * releases it.
 */
static enum cb_status
each_row(struct cb_store *st, sqlite3_stmt *stmt,
    int (*row)(sqlite3_stmt *stmt, void *arg), void *arg,
    struct cb_error *err)
{
	enum cb_status s = CB_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (row(stmt, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, _("reading the alerts"));
	cb_db_release(st, stmt);
	return s;
}

#define PAGE_COLS "id, status, signature, class, department, first_event, " \
	"last_event, alerts, top_score, ifnull(incident, ''), " \
	"ifnull(reason, ''), ifnull(actor, ''), ifnull(acted, 0), seen, hosts"

struct group_fn { cb_alert_group_fn fn; void *arg; };

static int
group_row(sqlite3_stmt *stmt, void *arg)
{
	struct group_fn *f = arg;
	struct cb_alert_group g;

	memset(&g, 0, sizeof g);
	g.id = sqlite3_column_int64(stmt, 0);
	g.status = cb_db_col(stmt, 1);
	g.signature = cb_db_col(stmt, 2);
	g.class = cb_db_col(stmt, 3);
	g.department = cb_db_col(stmt, 4);
	g.first = (time_t)sqlite3_column_int64(stmt, 5);
	g.last = (time_t)sqlite3_column_int64(stmt, 6);
	g.alerts = (long)sqlite3_column_int64(stmt, 7);
	g.top = sqlite3_column_double(stmt, 8);
	g.incident = cb_db_col(stmt, 9);
	g.reason = cb_db_col(stmt, 10);
	g.actor = cb_db_col(stmt, 11);
	g.acted = (time_t)sqlite3_column_int64(stmt, 12);
	g.seen = sqlite3_column_int64(stmt, 13);
	g.hosts = cb_db_col(stmt, 14);
	g.related = "";
	return f->fn(&g, f->arg);
}

/* Each row (PAGE_COLS) to fn as a group. */
static enum cb_status
each_group(struct cb_store *st, sqlite3_stmt *stmt, cb_alert_group_fn fn,
    void *arg, struct cb_error *err)
{
	struct group_fn f = { fn, arg };

	return each_row(st, stmt, group_row, &f, err);
}

enum cb_status
cb_agroups_count(struct cb_store *st, const struct cb_agroup_filter *f,
    long cap, long *n, bool *capped, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *low = lowered(f->text), *phrase = text_phrase(low);

	*n = 0;
	if (capped != NULL)
		*capped = false;
	/*
	 * With a phrase, from the trigram index's candidates (CROSS JOIN:
	 * in that order, stopping at the cap); otherwise along
	 * alert_groups_status: without a text, no row is read.
	 */
	if (phrase != NULL && f->tab != CB_ATAB_DONE)
		s = cb_db_prepare(st, "SELECT count(*) FROM (SELECT 1 FROM ("
		    TEXT_MATCHES ") m CROSS JOIN alert_groups ON id = m.gid "
		    "WHERE status = ?1" TEXT_WHERE " LIMIT ?2)", &stmt, err);
	else if (phrase != NULL)
		s = cb_db_prepare(st, "SELECT count(*) FROM (SELECT 1 FROM ("
		    TEXT_MATCHES ") m CROSS JOIN alert_groups ON id = m.gid"
		    DONE_WHERE TEXT_WHERE " LIMIT ?2)", &stmt, err);
	else if (f->tab != CB_ATAB_DONE)
		s = cb_db_prepare(st, "SELECT count(*) FROM (SELECT 1 FROM "
		    "alert_groups WHERE status = ?1" TEXT_WHERE " LIMIT ?2)",
		    &stmt, err);
	else
		s = cb_db_prepare(st, "SELECT count(*) FROM (SELECT 1 FROM "
		    "alert_groups" DONE_WHERE TEXT_WHERE " LIMIT ?2)", &stmt, err);
	if (s != CB_OK) {
		free(low);
		free(phrase);
		return s;
	}
	sqlite3_bind_text(stmt, 1, tab_status(f->tab), -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, cap > 0 ? cap : -1);
	sqlite3_bind_text(stmt, 4, low, -1, SQLITE_TRANSIENT);
	if (phrase != NULL)
		sqlite3_bind_text(stmt, 7, phrase, -1, SQLITE_TRANSIENT);
	free(low);
	free(phrase);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(stmt, 0);
		if (capped != NULL)
			*capped = cap > 0 && *n >= cap;
	} else
		s = cb_db_error(st, err, _("counting the alerts"));
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_agroups_page(struct cb_store *st, const struct cb_agroup_filter *f,
    long offset, long limit, cb_alert_group_fn fn, void *arg,
    struct cb_error *err)
{
	bool plain = f->tab != CB_ATAB_DONE;
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *low = lowered(f->text), *phrase = f->few ? text_phrase(low) :
	    NULL;

	/*
	 * The usual orders of New and Suppressed walk an index
	 * (alert_groups_status, alert_groups_score), either way, reading
	 * only the rows shown, and with a filter only as many as it takes to
	 * find them; the others sort the tab's matches.  A filter that
	 * matches few groups would have the walk read the whole tab to find
	 * them: they come from the trigram index instead, and are sorted
	 * (+status: not along alert_groups_status).
	 */
	if (phrase != NULL && plain)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE id IN (" TEXT_MATCHES ") AND +status = ?1" TEXT_WHERE
		    GENERAL_ORDER " LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (phrase != NULL)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE id IN (" TEXT_MATCHES ") AND +status IN " DONE_STATUSES
		    TEXT_WHERE GENERAL_ORDER " LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (plain && f->sort == CB_ASORT_LAST && !f->reverse)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE status = ?1" TEXT_WHERE " ORDER BY last_event DESC, "
		    "id DESC LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (plain && f->sort == CB_ASORT_LAST)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE status = ?1" TEXT_WHERE " ORDER BY last_event, id "
		    "LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (plain && f->sort == CB_ASORT_SCORE && !f->reverse)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE status = ?1" TEXT_WHERE " ORDER BY top_score DESC, "
		    "id DESC LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (plain && f->sort == CB_ASORT_SCORE)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE status = ?1" TEXT_WHERE " ORDER BY top_score, id "
		    "LIMIT ?2 OFFSET ?3", &stmt, err);
	else if (plain)
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
		    "WHERE status = ?1" TEXT_WHERE GENERAL_ORDER " LIMIT ?2 "
		    "OFFSET ?3", &stmt, err);
	else
		s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups"
		    DONE_WHERE TEXT_WHERE GENERAL_ORDER " LIMIT ?2 OFFSET ?3",
		    &stmt, err);
	if (s != CB_OK) {
		free(low);
		free(phrase);
		return s;
	}
	sqlite3_bind_text(stmt, 1, tab_status(f->tab), -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, limit);
	sqlite3_bind_int64(stmt, 3, offset);
	sqlite3_bind_text(stmt, 4, low, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 5, (int)f->sort);
	sqlite3_bind_int(stmt, 6, f->reverse ? 1 : 0);
	if (phrase != NULL)
		sqlite3_bind_text(stmt, 7, phrase, -1, SQLITE_TRANSIENT);
	free(low);
	free(phrase);
	return each_group(st, stmt, fn, arg, err);
}

static int
hour_row(sqlite3_stmt *stmt, void *arg)
{
	struct cb_alert_hours *h = arg;
	long age = (long)sqlite3_column_int64(stmt, 0);

	if (age < 0 || age > 23)
		return 0;
	h->count[23 - age] = (long)sqlite3_column_int64(stmt, 1);
	if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
		h->mean_score[23 - age] = sqlite3_column_double(stmt, 2);
	if (sqlite3_column_double(stmt, 3) >= 0)
		h->max_score[23 - age] = sqlite3_column_double(stmt, 3);
	return 0;
}

enum cb_status
cb_alert_hours(struct cb_store *st, time_t now, struct cb_alert_hours *h,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	for (int i = 0; i < 24; i++) {
		h->count[i] = 0;
		h->mean_score[i] = h->max_score[i] = -1;
	}
	/* Along alerts_time (this file's index): only the day's alerts. */
	if ((s = cb_db_prepare(st, "SELECT (?1 - event_time) / 3600, count(*), "
	    "avg(CASE WHEN score >= 0 THEN score END), max(score) FROM alerts "
	    "WHERE event_time > ?1 - 86400 AND event_time <= ?1 GROUP BY 1",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)now);
	return each_row(st, stmt, hour_row, h, err);
}

enum cb_status
cb_alert_notable(struct cb_store *st, time_t now, double threshold, int max,
    cb_alert_group_fn fn, void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT " PAGE_COLS " FROM alert_groups "
	    "WHERE top_score >= ?2 AND last_event > ?1 - 86400 AND "
	    "first_event <= ?1 ORDER BY top_score DESC, last_event DESC, id DESC "
	    "LIMIT ?3", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)now);
	sqlite3_bind_double(stmt, 2, threshold);
	sqlite3_bind_int(stmt, 3, max);
	return each_group(st, stmt, fn, arg, err);
}

struct mail_fn {
	int (*fn)(const char *department, long recipients, void *arg);
	void *arg;
};

static int
mail_row(sqlite3_stmt *stmt, void *arg)
{
	struct mail_fn *m = arg;

	return m->fn(cb_db_col(stmt, 0), (long)sqlite3_column_int64(stmt, 1),
	    m->arg);
}

enum cb_status
cb_alert_mail_departments(struct cb_store *st, time_t now, int max,
    int (*fn)(const char *department, long recipients, void *arg), void *arg,
    struct cb_error *err)
{
	struct mail_fn m = { fn, arg };
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT a.department, count(DISTINCT "
	    "lower(json_extract(o.value, '$.value'))) AS n FROM alerts a "
	    "JOIN alert_bodies b ON b.id = a.id, "
	    "json_each(b.body, '$.observables') o "
	    "WHERE a.event_time > ?1 - 86400 AND a.event_time <= ?1 "
	    "AND json_valid(b.body) AND json_extract(o.value, '$.type') = "
	    "'mail-to' GROUP BY a.department ORDER BY n DESC, a.department "
	    "LIMIT ?2", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)now);
	sqlite3_bind_int(stmt, 2, max);
	return each_row(st, stmt, mail_row, &m, err);
}
