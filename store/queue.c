/*
 * Windowed queries for screens (store/queue.h).  Each statement is a
 * literal with bound parameters; the tab's shape is a parameter, not a
 * different statement text, and every shape walks incidents_queue
 * (open, urgency_rank, created, id) in queue order, so a page at the top
 * of the queue reads a page of rows whatever the size of the table.
 */
#include "store/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nls.h"
#include "store/store-int.h"

/*
 * ?1 open (1 or 0), ?2 the login for MINE ("" for any), ?3 "*" for
 * WAITING, the role for FOR_ME, else ""; ?4 "" or a LIKE pattern; then
 * limit and offset.
 */
#define TAB_WHERE \
	"WHERE open = ?1" \
	" AND (?2 = '' OR instr(',' || assignees || ',', ',' || ?2 || ',') > 0)" \
	" AND (?3 = '' OR (?3 = '*' AND ifnull(waiting, '') != '')" \
	"  OR (?3 != '*' AND instr(',' || ifnull(waiting, '') || ',', ',' || ?3 || ',') > 0))" \
	" AND (?4 = '' OR id LIKE ?4 ESCAPE '\\' OR title LIKE ?4 ESCAPE '\\'" \
	"  OR department LIKE ?4 ESCAPE '\\' OR hosts LIKE ?4 ESCAPE '\\')"

/* The same without the checklists (?3, bound, goes unused). */
#define TAB_WHERE_PLAIN \
	"WHERE open = ?1" \
	" AND (?2 = '' OR instr(',' || assignees || ',', ',' || ?2 || ',') > 0)" \
	" AND (?4 = '' OR id LIKE ?4 ESCAPE '\\' OR title LIKE ?4 ESCAPE '\\'" \
	"  OR department LIKE ?4 ESCAPE '\\' OR hosts LIKE ?4 ESCAPE '\\')"

/*
 * A sorted tab's order: ?7 the column (enum cb_sort), ?8 1 to reverse;
 * queue order breaks ties.  The column is a parameter, not statement
 * text, so one statement serves every column (SQLite sorts the matches:
 * no index serves an order chosen at run time; but every column sorted
 * on is in incidents_filter, so the sort reads that index alone).
 */
#define SORT_KEY \
	"CASE ?7 WHEN 1 THEN incidents.id WHEN 2 THEN urgency_rank" \
	" WHEN 3 THEN phase_rank WHEN 4 THEN classes WHEN 5 THEN department" \
	" WHEN 6 THEN title WHEN 7 THEN created" \
	" WHEN 8 THEN ifnull(1.0 * gate_done / max(gate_required, 1), 0) END"
#define SORTED_ORDER \
	" ORDER BY CASE WHEN ?8 = 0 THEN " SORT_KEY " END COLLATE NOCASE," \
	" CASE WHEN ?8 = 1 THEN " SORT_KEY " END COLLATE NOCASE DESC," \
	" urgency_rank, created, incidents.id"

/* The same on incidents alone (no DONE: that is the checklists'). */
#define SORT_KEY_PLAIN \
	"CASE ?7 WHEN 1 THEN id WHEN 2 THEN urgency_rank" \
	" WHEN 3 THEN phase_rank WHEN 4 THEN classes WHEN 5 THEN department" \
	" WHEN 6 THEN title WHEN 7 THEN created END"
#define SORTED_ORDER_PLAIN \
	" ORDER BY CASE WHEN ?8 = 0 THEN " SORT_KEY_PLAIN " END COLLATE NOCASE," \
	" CASE WHEN ?8 = 1 THEN " SORT_KEY_PLAIN " END COLLATE NOCASE DESC," \
	" urgency_rank, created, id"

/*
 * Whether a tab's rows can be found on incidents alone, the checklists
 * joined for the window's rows only (page_plain): all but WAITING, FOR
 * ME, and a sort by DONE.
 */
static bool
plain(const struct cb_queue_filter *f)
{
	return f->tab != CB_TAB_WAITING && f->tab != CB_TAB_FOR_ME &&
	    f->sort != CB_SORT_DONE;
}

static enum cb_status page_plain(struct cb_store *st,
    const struct cb_queue_filter *f, long offset, long limit, long cap,
    cb_row_fn fn, void *arg, long *count, bool *capped,
    struct cb_error *err);

/* "%text%" with LIKE's own characters escaped: the text is literal. */
static char *
like_pattern(const char *text)
{
	struct cb_buf b = { 0 };

	if (text == NULL || *text == '\0')
		return xstrdup("");
	cb_buf_addc(&b, '%');
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			cb_buf_addc(&b, '\\');
		cb_buf_addc(&b, *text);
	}
	cb_buf_addc(&b, '%');
	return cb_buf_detach(&b);
}

/* ?3: "*" for WAITING (on anyone), the role for FOR_ME, else "". */
static const char *
waiting_on(const struct cb_queue_filter *f)
{
	if (f->tab == CB_TAB_WAITING)
		return "*";
	if (f->tab != CB_TAB_FOR_ME)
		return "";
	/* FOR_ME without a role matches nobody rather than everybody. */
	return f->role != NULL && *f->role != '\0' ? f->role : ",";
}

static void
bind_tab(sqlite3_stmt *stmt, const struct cb_queue_filter *f, char *pattern)
{
	const char *login = f->tab == CB_TAB_MINE && f->login != NULL ?
	    f->login : "";

	/* MINE without a login matches nobody rather than everybody. */
	if (f->tab == CB_TAB_MINE && *login == '\0')
		login = ",";
	sqlite3_bind_int(stmt, 1, f->tab == CB_TAB_CLOSED ? 0 : 1);
	sqlite3_bind_text(stmt, 2, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, waiting_on(f), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 4, pattern, -1, SQLITE_TRANSIENT);
	if (f->sort != CB_SORT_QUEUE) {
		sqlite3_bind_int(stmt, 7, (int)f->sort);
		sqlite3_bind_int(stmt, 8, f->reverse);
	}
}

/*
 * Counts without a filter read an index each where they can: open and
 * closed from incidents_queue, waiting from the partial index on
 * checklists.waiting.  Mine has no index to read (assignees is a list
 * in one column): it reads the open rows.
 */
static enum cb_status
count_plain(struct cb_store *st, const struct cb_queue_filter *f,
    long *count, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	switch (f->tab) {
	case CB_TAB_WAITING:
	case CB_TAB_FOR_ME:
		s = cb_db_prepare(st, "SELECT count(*) FROM checklists JOIN "
		    "incidents ON incidents.id = checklists.incident "
		    "WHERE checklists.waiting != '' AND incidents.open = 1 "
		    "AND (?3 = '*' OR instr(',' || checklists.waiting || ',', "
		    "',' || ?3 || ',') > 0)", &stmt, err);
		break;
	case CB_TAB_MINE:
		s = cb_db_prepare(st, "SELECT count(*) FROM incidents WHERE "
		    "open = 1 AND instr(',' || assignees || ',', ',' || ?1 || "
		    "',') > 0", &stmt, err);
		break;
	default:
		s = cb_db_prepare(st, "SELECT count(*) FROM incidents WHERE "
		    "open = ?2", &stmt, err);
		break;
	}
	if (s != CB_OK)
		return s;
	/* MINE without a login matches nobody rather than everybody. */
	sqlite3_bind_text(stmt, 1, f->login != NULL && *f->login != '\0' ?
	    f->login : ",", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, f->tab == CB_TAB_CLOSED ? 0 : 1);
	sqlite3_bind_text(stmt, 3, waiting_on(f), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = (long)sqlite3_column_int64(stmt, 0);
	else
		s = cb_db_error(st, err, "counting the queue");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_queue_count(struct cb_store *st, const struct cb_queue_filter *f,
    long *count, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *pattern;

	*count = 0;
	if (f->text == NULL || *f->text == '\0')
		return count_plain(st, f, count, err);
	pattern = like_pattern(f->text);
	if ((s = cb_db_prepare(st, "SELECT count(*) FROM " ROW_FROM " "
	    TAB_WHERE, &stmt, err)) != CB_OK) {
		free(pattern);
		return s;
	}
	bind_tab(stmt, f, pattern);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = (long)sqlite3_column_int64(stmt, 0);
	else
		s = cb_db_error(st, err, "counting the queue");
	cb_db_release(st, stmt);
	free(pattern);
	return s;
}

enum cb_status
cb_queue_rows(struct cb_store *st, const struct cb_queue_filter *f,
    long offset, long limit, cb_row_fn fn, void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *pattern;
	int rc;

	/* Sorted: every match is sorted; the join only for the window. */
	if (f->sort != CB_SORT_QUEUE && plain(f)) {
		long count;
		bool capped;

		return page_plain(st, f, offset, limit, offset + limit, fn, arg,
		    &count, &capped, err);
	}
	pattern = like_pattern(f->text);
	if ((s = f->sort != CB_SORT_QUEUE ?
	    cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    TAB_WHERE SORTED_ORDER " LIMIT ?5 OFFSET ?6", &stmt, err) :
	    cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    TAB_WHERE " ORDER BY urgency_rank, created, id LIMIT ?5 OFFSET ?6",
	    &stmt, err)) != CB_OK) {
		free(pattern);
		return s;
	}
	bind_tab(stmt, f, pattern);
	sqlite3_bind_int64(stmt, 5, limit);
	sqlite3_bind_int64(stmt, 6, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (cb_db_row(stmt, fn, arg) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the queue");
	cb_db_release(st, stmt);
	free(pattern);
	return s;
}

/* Passes a row on and remembers whether the callback asked to stop. */
struct relay {
	cb_row_fn fn;
	void *arg;
	bool stop;
};

static int
relay_row(const struct cb_row *row, void *arg)
{
	struct relay *r = arg;

	r->stop = r->fn(row, r->arg) != 0;
	return r->stop;
}

/*
 * Resuming in queue order: the rows after the key ?10 (urgency_rank),
 * ?11 (created), ?12 (id); the row value is a range of incidents_queue
 * and incidents_filter, so the scan starts there, not at the top.
 */
#define AFTER_KEY " AND (urgency_rank, created, incidents.id) > (?10, ?11, ?12)"

/*
 * cb_queue_matches' statements, after "SELECT": plain shapes read
 * incidents_filter alone (it holds the columns filtered on and sorted
 * by); the others join the checklists.
 */
#define MATCH_PLAIN " id, title, department, hosts FROM incidents " \
	TAB_WHERE_PLAIN
#define MATCH_JOINED " incidents.id, title, department, hosts FROM " \
	ROW_FROM " " TAB_WHERE
#define MATCH_ORDER " ORDER BY urgency_rank, created, incidents.id LIMIT ?9"

/* The queue-order key of the incident id, bound as AFTER_KEY's. */
static enum cb_status
bind_after(struct cb_store *st, sqlite3_stmt *into, const char *id,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT urgency_rank, created FROM "
	    "incidents WHERE id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_bind_int64(into, 10, sqlite3_column_int64(stmt, 0));
		sqlite3_bind_text(into, 11, cb_db_col(stmt, 1), -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_text(into, 12, id, -1, SQLITE_TRANSIENT);
	} else if (rc == SQLITE_DONE) {
		s = cb_fail(err, CB_ENOTFOUND, _("no incident %s"), id);
	} else {
		s = cb_db_error(st, err, "reading the queue");
	}
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_queue_matches(struct cb_store *st, const struct cb_queue_filter *f,
    const char *after, long cap, cb_match_fn fn, void *arg, long *count,
    bool *capped, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *pattern;
	bool deliver = fn != NULL;
	long n = 0;
	int rc;

	*capped = false;
	*count = 0;
	if (after != NULL && f->sort != CB_SORT_QUEUE)
		return cb_fail(err, CB_EUSAGE, "%s", _("a sorted queue cannot "
		    "be read on from a row"));
	if (f->sort != CB_SORT_QUEUE)
		s = plain(f) ? cb_db_prepare(st, "SELECT" MATCH_PLAIN
		    SORTED_ORDER_PLAIN " LIMIT ?9", &stmt, err) :
		    cb_db_prepare(st, "SELECT" MATCH_JOINED SORTED_ORDER
		    " LIMIT ?9", &stmt, err);
	else if (after != NULL)
		s = plain(f) ? cb_db_prepare(st, "SELECT" MATCH_PLAIN AFTER_KEY
		    MATCH_ORDER, &stmt, err) : cb_db_prepare(st, "SELECT"
		    MATCH_JOINED AFTER_KEY MATCH_ORDER, &stmt, err);
	else
		s = plain(f) ? cb_db_prepare(st, "SELECT" MATCH_PLAIN
		    MATCH_ORDER, &stmt, err) : cb_db_prepare(st, "SELECT"
		    MATCH_JOINED MATCH_ORDER, &stmt, err);
	if (s != CB_OK)
		return s;
	if (after != NULL && (s = bind_after(st, stmt, after, err)) != CB_OK) {
		cb_db_release(st, stmt);
		return s;
	}
	pattern = like_pattern(f->text);
	bind_tab(stmt, f, pattern);
	/* Sorted: SQLite keeps the first cap rows, not a sort of them all. */
	sqlite3_bind_int64(stmt, 9, cap > 0 ? cap : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (deliver) {
			struct cb_match m = {
				cb_db_col(stmt, 0), cb_db_col(stmt, 1),
				cb_db_col(stmt, 2), cb_db_col(stmt, 3),
			};

			deliver = fn(&m, arg) == 0;
		}
		if (++n == cap) {
			*capped = true;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the queue");
	cb_db_release(st, stmt);
	free(pattern);
	*count = n;
	return s;
}

/* The ids of the matches offset .. offset + limit - 1 (page_plain). */
struct window_ids {
	long offset, limit, seen, n;
	char **ids;
};

static int
window_id(const struct cb_match *m, void *arg)
{
	struct window_ids *w = arg;

	if (w->seen >= w->offset && w->seen < w->offset + w->limit)
		w->ids[w->n++] = xstrdup(m->id);
	w->seen++;
	return 0;
}

/*
 * cb_queue_page for every tab but WAITING: the matches are found in the
 * covering index incidents_filter alone, without the checklists join,
 * and only the window's rows are read whole, by id.
 */
static enum cb_status
page_plain(struct cb_store *st, const struct cb_queue_filter *f,
    long offset, long limit, long cap, cb_row_fn fn, void *arg, long *count,
    bool *capped, struct cb_error *err)
{
	struct window_ids w = { offset, limit, 0, 0, NULL };
	struct relay r = { fn, arg, false };
	enum cb_status s;

	w.ids = xcalloc(limit > 0 ? (size_t)limit : 1, sizeof *w.ids);
	s = cb_queue_matches(st, f, NULL, cap, limit > 0 ? window_id : NULL, &w,
	    count, capped, err);
	for (long i = 0; i < w.n; i++) {
		enum cb_status rs;

		/* One gone meanwhile (a reindex) is simply not shown. */
		if (s == CB_OK && !r.stop &&
		    (rs = cb_store_row(st, w.ids[i], relay_row, &r, err)) !=
		    CB_OK && rs != CB_ENOTFOUND)
			s = rs;
		free(w.ids[i]);
	}
	free(w.ids);
	return s;
}

enum cb_status
cb_queue_page(struct cb_store *st, const struct cb_queue_filter *f,
    long offset, long limit, long cap, cb_row_fn fn, void *arg, long *count,
    bool *capped, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *pattern;
	long n = 0;
	bool deliver = true;
	int rc;

	if (plain(f))
		return page_plain(st, f, offset, limit, cap, fn, arg, count,
		    capped, err);
	pattern = like_pattern(f->text);
	*capped = false;
	if ((s = f->sort != CB_SORT_QUEUE ?
	    cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    TAB_WHERE SORTED_ORDER " LIMIT ?9", &stmt, err) :
	    cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    TAB_WHERE " ORDER BY urgency_rank, created, id", &stmt,
	    err)) != CB_OK) {
		free(pattern);
		return s;
	}
	bind_tab(stmt, f, pattern);
	sqlite3_bind_int64(stmt, 9, cap > 0 ? cap : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (deliver && n >= offset && n < offset + limit &&
		    cb_db_row(stmt, fn, arg) != 0)
			deliver = false;
		if (++n == cap) {
			*capped = true;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the queue");
	*count = n;
	cb_db_release(st, stmt);
	free(pattern);
	return s;
}

enum cb_status
cb_queue_interactive(struct cb_store *st, struct cb_error *err)
{
	if (sqlite3_exec(st->db, "PRAGMA cache_size = -24576", NULL, NULL,
	    NULL) != SQLITE_OK)
		return cb_db_error(st, err, "setting the page cache");
	return CB_OK;
}

/* --- the dashboard ----------------------------------------------------------- */

enum cb_status
cb_queue_groups(struct cb_store *st, enum cb_group by, long limit,
    cb_group_fn fn, void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	switch (by) {
	case CB_GROUP_URGENCY:
		s = cb_db_prepare(st, "SELECT urgency, count(*) FROM incidents "
		    "WHERE open = 1 GROUP BY urgency_rank ORDER BY urgency_rank "
		    "LIMIT ?1", &stmt, err);
		break;
	case CB_GROUP_PHASE:
		s = cb_db_prepare(st, "SELECT phase, count(*) FROM incidents "
		    "WHERE open = 1 GROUP BY phase_rank ORDER BY phase_rank "
		    "LIMIT ?1", &stmt, err);
		break;
	default:
		s = cb_db_prepare(st, "SELECT department, count(*) AS n FROM "
		    "incidents WHERE open = 1 GROUP BY department "
		    "ORDER BY n DESC, department LIMIT ?1", &stmt, err);
		break;
	}
	if (s != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (fn(cb_db_col(stmt, 0), (long)sqlite3_column_int64(stmt, 1),
		    arg) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "counting the queue");
	cb_db_release(st, stmt);
	return s;
}

static void
utc_stamp(time_t t, char out[CB_TIME_MAX])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CB_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum cb_status
cb_queue_per_hour(struct cb_store *st, time_t now, long per_hour[24],
    struct cb_error *err)
{
	char since[CB_TIME_MAX];
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	memset(per_hour, 0, 24 * sizeof *per_hour);
	utc_stamp(now - 24 * 3600, since);
	/* Times are kept as UTC ISO 8601 text, which sorts as time does. */
	if ((s = cb_db_prepare(st, "SELECT created FROM incidents "
	    "WHERE created > ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, since, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct tm tm;
		const char *c = cb_db_col(stmt, 0);
		long age;

		memset(&tm, 0, sizeof tm);
		if (sscanf(c, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
		    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
			continue;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		age = (long)(now - timegm(&tm));
		if (age >= 0 && age < 24 * 3600)
			per_hour[23 - age / 3600]++;
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the queue");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_queue_oldest(struct cb_store *st, long limit, cb_row_fn fn, void *arg,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT " ROW_COLUMNS " FROM " ROW_FROM " "
	    "WHERE open = 1 ORDER BY created, id LIMIT ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (cb_db_row(stmt, fn, arg) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the queue");
	cb_db_release(st, stmt);
	return s;
}

/* --- other people's changes --------------------------------------------------- */

static enum cb_status
newest_seq(struct cb_store *st, long *seq, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT ifnull(max(seq), 0) FROM commits",
	    &stmt, err)) != CB_OK)
		return s;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*seq = (long)sqlite3_column_int64(stmt, 0);
	else
		s = cb_db_error(st, err, "reading the history");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_queue_poll(struct cb_store *st, struct cb_queue_poll *p,
    struct cb_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	sqlite3_stmt *stmt;
	enum cb_status s;
	long seq;
	int rc;

	p->moved = false;
	if (!cb_record_tip_fast(st, hex)) {
		git_oid oid;

		/* Packed refs, or no commit yet: ask libgit2. */
		if (cb_record_tip(st, &oid, err) != CB_OK)
			return CB_OK;
		git_oid_tostr(hex, sizeof hex, &oid);
	}
	if (p->tip[0] == '\0') {
		memcpy(p->tip, hex, sizeof p->tip);
		return newest_seq(st, &p->seq, err);
	}
	if (strcmp(hex, p->tip) == 0)
		return CB_OK;
	if ((s = cb_index_sync(st, false, err)) != CB_OK)
		return s;
	memcpy(p->tip, hex, sizeof p->tip);
	p->moved = true;
	p->commits = 0;
	p->incident[0] = p->author[0] = '\0';
	if ((s = cb_db_prepare(st, "SELECT seq, ifnull(incident, ''), email, "
	    "(SELECT count(*) FROM commits WHERE seq > ?1) FROM commits "
	    "WHERE seq > ?1 ORDER BY seq DESC LIMIT 1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, p->seq);
	seq = p->seq;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *email = cb_db_col(stmt, 2);

		seq = (long)sqlite3_column_int64(stmt, 0);
		snprintf(p->incident, sizeof p->incident, "%s",
		    cb_db_col(stmt, 1));
		snprintf(p->author, sizeof p->author, "%.*s",
		    (int)strcspn(email, "@"), email);
		p->commits = sqlite3_column_int(stmt, 3);
	} else if (rc != SQLITE_DONE) {
		s = cb_db_error(st, err, "reading the history");
	}
	cb_db_release(st, stmt);
	if (s != CB_OK)
		return s;
	/* A reindex renumbers the history: start again from its end. */
	if (seq == p->seq && (s = newest_seq(st, &seq, err)) != CB_OK)
		return s;
	p->seq = seq;
	return CB_OK;
}
