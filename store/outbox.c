/*
 * The outbox's state, for its runner and its commands (store/store.h,
 * "the outbox").  Messages are queued by store/enqueue.c in the index's
 * sync; everything else that changes them is here, each change one
 * statement or one short transaction, so that a runner killed at any
 * moment leaves every message queued, delivering (put back by the next
 * runner's cb_outbox_lock) or done.
 */
#include "store/store-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/nls.h"

const char *const cb_outbox_state_names[] = {
	"queued", "delivering", "delivered", "dead", NULL,
};

static enum cb_outbox_state
state_parse(const char *s)
{
	for (int i = 0; cb_outbox_state_names[i] != NULL; i++)
		if (strcmp(s, cb_outbox_state_names[i]) == 0)
			return (enum cb_outbox_state)i;
	return CB_OUTBOX_QUEUED;
}

/*
 * Steps stmt to its end, handing each row to row(stmt, arg) until it
 * returns non-zero; releases stmt.  An SQLite failure is worded with
 * what.
 */
static enum cb_status
each_row(struct cb_store *st, sqlite3_stmt *stmt,
    int (*row)(sqlite3_stmt *stmt, void *arg), void *arg, const char *what,
    struct cb_error *err)
{
	enum cb_status s = CB_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (row(stmt, arg) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, what);
	cb_db_release(st, stmt);
	return s;
}

/* A caller's callback and its argument, for each_row's row functions. */
struct relay {
	void (*fn)(void);	/* cast back to its own type to call */
	void *arg;
};

#define MSG_COLUMNS "id, destination, event_seq, oid, incident, action, " \
	"actor, payload, at, ifnull(body, ''), state, attempts, next_try, " \
	"last_error, ifnull(merged_into, 0), created, updated"

static int
msg_row(sqlite3_stmt *stmt, void *arg)
{
	const struct relay *r = arg;
	struct cb_outbox_msg m;

	m.id = sqlite3_column_int64(stmt, 0);
	m.destination = cb_db_col(stmt, 1);
	m.event_seq = sqlite3_column_int64(stmt, 2);
	m.oid = cb_db_col(stmt, 3);
	m.incident = cb_db_col(stmt, 4);
	m.action = cb_db_col(stmt, 5);
	m.actor = cb_db_col(stmt, 6);
	m.payload = cb_db_col(stmt, 7);
	m.at = (time_t)sqlite3_column_int64(stmt, 8);
	m.body = cb_db_col(stmt, 9);
	m.state = state_parse(cb_db_col(stmt, 10));
	m.attempts = sqlite3_column_int(stmt, 11);
	m.next_try = sqlite3_column_int64(stmt, 12);
	m.last_error = cb_db_col(stmt, 13);
	m.merged_into = sqlite3_column_int64(stmt, 14);
	m.created = sqlite3_column_int64(stmt, 15);
	m.updated = sqlite3_column_int64(stmt, 16);
	return ((cb_outbox_fn)r->fn)(&m, r->arg);
}

static enum cb_status
each_msg(struct cb_store *st, sqlite3_stmt *stmt, cb_outbox_fn fn, void *arg,
    struct cb_error *err)
{
	struct relay r = { (void (*)(void))fn, arg };

	return each_row(st, stmt, msg_row, &r, "reading the outbox", err);
}

enum cb_status
cb_outbox_list(struct cb_store *st, const char *dest, bool undelivered,
    cb_outbox_fn fn, void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT " MSG_COLUMNS " FROM outbox "
	    "WHERE (?1 IS NULL OR destination = ?1) AND (?2 = 0 OR state != "
	    "'delivered') ORDER BY id", &stmt, err)) != CB_OK)
		return s;
	if (dest != NULL)
		sqlite3_bind_text(stmt, 1, dest, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, undelivered);
	return each_msg(st, stmt, fn, arg, err);
}

struct get_ctx {
	cb_outbox_fn fn;
	void *arg;
	bool found;
};

static int
get_one(const struct cb_outbox_msg *m, void *arg)
{
	struct get_ctx *g = arg;

	g->found = true;
	return g->fn != NULL ? g->fn(m, g->arg) : 0;
}

enum cb_status
cb_outbox_get(struct cb_store *st, long long id, cb_outbox_fn fn, void *arg,
    struct cb_error *err)
{
	struct get_ctx g = { fn, arg, false };
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "SELECT " MSG_COLUMNS " FROM outbox "
	    "WHERE id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = each_msg(st, stmt, get_one, &g, err)) != CB_OK)
		return s;
	if (!g.found)
		return cb_fail(err, CB_ENOTFOUND, _("there is no message %lld "
		    "in the outbox (see 'casebook outbox list')"), id);
	return CB_OK;
}

static int
state_of(const struct cb_outbox_msg *m, void *arg)
{
	*(enum cb_outbox_state *)arg = m->state;
	return 0;
}

static enum cb_status
run1(struct cb_store *st, const char *sql, long long id, const char *what,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, sql, &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	/* ?2, when the statement has it: the time of the change. */
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, cb_outbox_clock_ms());
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, what);
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_outbox_retry(struct cb_store *st, long long id, struct cb_error *err)
{
	enum cb_outbox_state state = CB_OUTBOX_QUEUED;
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK ||
	    (s = cb_outbox_get(st, id, state_of, &state, err)) != CB_OK)
		return s;
	if (state == CB_OUTBOX_DELIVERED)
		return cb_fail(err, CB_EUSAGE, _("message %lld was delivered; "
		    "there is nothing to retry"), id);
	return run1(st, "UPDATE outbox SET state = 'queued', attempts = 0, "
	    "next_try = 0, updated = ?2 WHERE id = ?1", id,
	    "queueing a message again", err);
}

enum cb_status
cb_outbox_drop(struct cb_store *st, long long id, struct cb_error *err)
{
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK ||
	    (s = cb_outbox_get(st, id, NULL, NULL, err)) != CB_OK)
		return s;
	return run1(st, "DELETE FROM outbox WHERE id = ?1",
	    id, "dropping a message", err);
}

int
cb_outbox_lock(struct cb_store *st, struct cb_error *err)
{
	char *path = xasprintf("%s/outbox.lock", st->dir);
	sqlite3_stmt *stmt;
	enum cb_status s;
	int fd;

	if (st->readonly) {
		free(path);
		cb_store_readonly_error(st, err);
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (fd < 0) {
		cb_os_error(err, errno, path);
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		cb_fail(err, CB_ECONFLICT, _("another 'casebook outbox run' is "
		    "delivering for this store (it holds %s); one runner at a "
		    "time"), path);
		close(fd);
		free(path);
		return -1;
	}
	free(path);
	/* Only one runner: whatever is "delivering" is a dead one's. */
	if ((s = cb_db_prepare(st, "UPDATE outbox SET state = 'queued' WHERE "
	    "state = 'delivering'", &stmt, err)) != CB_OK) {
		close(fd);
		return -1;
	}
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		cb_db_error(st, err, "putting messages back in the queue");
		cb_db_release(st, stmt);
		close(fd);
		return -1;
	}
	cb_db_release(st, stmt);
	return fd;
}

static int
due_row(sqlite3_stmt *stmt, void *arg)
{
	const struct relay *r = arg;
	struct cb_outbox_dest d;
	int64_t next = sqlite3_column_int64(stmt, 1);

	d.hold_until = sqlite3_column_int64(stmt, 2);
	d.reason = cb_db_col(stmt, 3);
	return ((cb_outbox_due_fn)r->fn)(cb_db_col(stmt, 0),
	    next > d.hold_until ? next : d.hold_until, &d, r->arg);
}

enum cb_status
cb_outbox_prune(struct cb_store *st, int64_t before, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "DELETE FROM outbox WHERE state = "
	    "'delivered' AND updated < ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, before);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "removing delivered messages");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_outbox_due(struct cb_store *st, cb_outbox_due_fn fn, void *arg,
    struct cb_error *err)
{
	struct relay r = { (void (*)(void))fn, arg };
	sqlite3_stmt *stmt;
	enum cb_status s;

	/*
	 * In order per destination: the oldest queued message alone says
	 * when the destination is due, so that a later one never passes it.
	 */
	if ((s = cb_db_prepare(st, "SELECT o.destination, o.next_try, "
	    "ifnull(d.hold_until, 0), ifnull(d.reason, '') FROM outbox o "
	    "LEFT JOIN outbox_dest d ON d.destination = o.destination "
	    "WHERE o.id = (SELECT min(id) FROM outbox p WHERE "
	    "p.destination = o.destination AND p.state = 'queued') "
	    "ORDER BY o.destination", &stmt, err)) != CB_OK)
		return s;
	return each_row(st, stmt, due_row, &r, "reading the outbox", err);
}

enum cb_status
cb_outbox_update(struct cb_store *st, const struct cb_outbox_update *u,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int64_t now = cb_outbox_clock_ms();

	if (u->n == 0)
		return CB_OK;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return cb_db_error(st, err, "updating the outbox");
	if ((s = cb_db_prepare(st, "UPDATE outbox SET state = ?2, "
	    "body = CASE WHEN ?3 IS NULL THEN body ELSE ?3 END, "
	    "next_try = ?4, last_error = ifnull(?5, last_error), "
	    "attempts = attempts + ?6, merged_into = ?7, updated = ?8 "
	    "WHERE id = ?1", &stmt, err)) != CB_OK)
		goto fail;
	for (size_t i = 0; i < u->n; i++) {
		sqlite3_bind_int64(stmt, 1, u->ids[i]);
		sqlite3_bind_text(stmt, 2, cb_outbox_state_names[u->state], -1,
		    SQLITE_STATIC);
		if (i == 0 && u->body != NULL)
			sqlite3_bind_text(stmt, 3, u->body, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(stmt, 3);
		sqlite3_bind_int64(stmt, 4, u->next_try);
		if (u->error != NULL)
			sqlite3_bind_text(stmt, 5, u->error, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(stmt, 5);
		sqlite3_bind_int(stmt, 6, u->failed ? 1 : 0);
		if (i > 0 && u->state == CB_OUTBOX_DELIVERED)
			sqlite3_bind_int64(stmt, 7, u->ids[0]);
		else
			sqlite3_bind_null(stmt, 7);
		sqlite3_bind_int64(stmt, 8, now);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			s = cb_db_error(st, err, "updating the outbox");
			cb_db_release(st, stmt);
			goto fail;
		}
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	cb_db_release(st, stmt);
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return CB_OK;
	s = cb_db_error(st, err, "updating the outbox");
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

enum cb_status
cb_outbox_hold(struct cb_store *st, const char *dest, int64_t until,
    const char *reason, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT INTO outbox_dest(destination, "
	    "hold_until, reason) VALUES (?1, ?2, ifnull(?3, '')) "
	    "ON CONFLICT(destination) DO UPDATE SET hold_until = ?2, "
	    "reason = ifnull(?3, '')", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, dest, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, until);
	if (reason != NULL)
		sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "holding a destination");
	cb_db_release(st, stmt);
	return s;
}

static int
health_row(sqlite3_stmt *stmt, void *arg)
{
	const struct relay *r = arg;

	return ((cb_outbox_health_fn)r->fn)(cb_db_col(stmt, 0),
	    (long)sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2),
	    cb_db_col(stmt, 3), r->arg);
}

enum cb_status
cb_outbox_health(struct cb_store *st, cb_outbox_health_fn fn, void *arg,
    struct cb_error *err)
{
	struct relay r = { (void (*)(void))fn, arg };
	sqlite3_stmt *stmt;
	enum cb_status s;

	/* The last error: of the message that failed last. */
	if ((s = cb_db_prepare(st, "SELECT destination, count(*), "
	    "min(created), (SELECT last_error FROM outbox e WHERE "
	    "e.destination = o.destination AND e.state != 'delivered' AND "
	    "e.last_error != '' ORDER BY e.updated DESC LIMIT 1) "
	    "FROM outbox o WHERE state != 'delivered' GROUP BY destination "
	    "ORDER BY destination", &stmt, err)) != CB_OK)
		return s;
	return each_row(st, stmt, health_row, &r, "reading the outbox", err);
}

enum cb_status
cb_outbox_link(struct cb_store *st, const char *incident, long *iid,
    char **url, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if (url != NULL)
		*url = NULL;
	if ((s = cb_db_prepare(st, "SELECT iid, url FROM links WHERE "
	    "incident = ?1 AND name = 'gitlab'", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, incident, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*iid = (long)sqlite3_column_int64(stmt, 0);
		if (url != NULL)
			*url = xstrdup(cb_db_col(stmt, 1));
	} else if (rc == SQLITE_DONE)
		s = cb_fail(err, CB_ENOTFOUND, _("%s has no GitLab issue yet"),
		    incident);
	else
		s = cb_db_error(st, err, "reading the incident's links");
	cb_db_release(st, stmt);
	return s;
}

static int
link_row(sqlite3_stmt *stmt, void *arg)
{
	const struct relay *r = arg;

	return ((cb_link_fn)r->fn)(cb_db_col(stmt, 0),
	    (long)sqlite3_column_int64(stmt, 1), cb_db_col(stmt, 2),
	    sqlite3_column_int64(stmt, 3), r->arg);
}

enum cb_status
cb_outbox_links(struct cb_store *st, cb_link_fn fn, void *arg,
    struct cb_error *err)
{
	struct relay r = { (void (*)(void))fn, arg };
	sqlite3_stmt *stmt;
	enum cb_status s;

	/* The last delivery of a mirror message of the incident: synced. */
	if ((s = cb_db_prepare(st, "SELECT l.incident, l.iid, l.url, "
	    "(SELECT ifnull(max(updated), 0) FROM outbox o WHERE "
	    "o.destination = 'mirror:gitlab' AND o.incident = l.incident AND "
	    "o.state = 'delivered') FROM links l WHERE l.name = 'gitlab' "
	    "ORDER BY l.incident", &stmt, err)) != CB_OK)
		return s;
	return each_row(st, stmt, link_row, &r, "reading the incident's links",
	    err);
}
