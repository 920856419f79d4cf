/*
 * Alerts in the index (doc/design.md, "Alerts in the store"): ingest
 * with dedup and grouping, flows, checkpoints, the host map, and the
 * carrying of these index-only tables over a reindex.
 *
 * Alerts are many and raw, so they live in SQLite, not in the record;
 * an alert enters the record only when its group is promoted or merged
 * into an incident (its normal form then becomes evidence, in the same
 * commit, store/triage.c).
 *
 * One ingest is one SQLite transaction per piece (BEGIN IMMEDIATE, so
 * that two ingests at once queue on SQLite's lock within the busy
 * timeout instead of failing on a lock upgrade).  The parse runs in a
 * thread of its own (core/alertpipe.h); the alerts it hands over are
 * staged and written 4,096 at a time by a few statements that read the
 * stage as a table (rows.c, flush_stage); group state is kept in memory
 * for the batch and written once per group at each piece's end; a file
 * of many pieces has its checkpoints made beside the writer
 * (checkpointer.c).  doc/design.md, "Ingest speed", says why.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alertgroup.h"
#include "core/alertpipe.h"
#include "core/gitconfig.h"
#include "core/nls.h"
#include "core/xmalloc.h"
#include "store/store-int.h"

/* --- who may ingest ------------------------------------------------------------ */

enum cb_status
cb_store_may_ingest(struct cb_store *st, struct cb_error *err)
{
	struct cb_identity me;
	enum cb_role r;
	enum cb_status s;
	char *path, *receiver;
	bool ok;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = cb_store_identity(st, &me, err)) != CB_OK)
		return s;
	path = xasprintf("%s/config", st->dir);
	receiver = cb_gitconfig_get(path, "alerts", NULL, "receiver");
	free(path);
	ok = receiver != NULL && strcmp(receiver, me.login) == 0;
	free(receiver);
	if (ok)
		return CB_OK;
	if ((s = cb_store_role(st, NULL, &r, NULL, 0, err)) != CB_OK)
		return s;
	if (r != CB_ROLE_TECH)
		return cb_fail(err, CB_EDENIED, _("only a tech member or the "
		    "store's receiver (alerts.receiver) may take in alerts; "
		    "you are %s"), cb_role_names[r]);
	return CB_OK;
}

/* --- the rules and the host map ------------------------------------------------- */

enum cb_status
cb_store_alert_rules(struct cb_store *st, struct cb_alert_rules *r,
    struct cb_error *err)
{
	char *paths[2];
	struct cb_buf b = { 0 };
	enum cb_status s = CB_OK;
	char chunk[8192];
	ssize_t got;
	int fd = -1;

	cb_alert_rules_default(r);
	/* The store's own file, else the shipped one, else the defaults. */
	paths[0] = xasprintf("%s/playbooks/alerts.yaml", st->dir);
	paths[1] = st->playbook_dir != NULL ?
	    xasprintf("%s/alerts.yaml", st->playbook_dir) : NULL;
	for (int i = 0; i < 2 && fd < 0; i++) {
		struct cb_error ignored;

		if (paths[i] == NULL || access(paths[i], F_OK) != 0)
			continue;
		if ((fd = cb_open_regular(paths[i], 0, &ignored)) < 0) {
			s = cb_fail(err, CB_ERR, "%s", ignored.msg);
			goto out;
		}
		while ((got = read(fd, chunk, sizeof chunk)) > 0)
			cb_buf_add(&b, chunk, (size_t)got);
		if (got < 0)
			s = cb_os_error(err, errno, paths[i]);
		close(fd);
		if (s == CB_OK) {
			cb_alert_rules_free(r);
			s = cb_alert_rules_parse(paths[i], b.data != NULL ?
			    b.data : "", b.len, r, err);
		}
	}
out:
	cb_buf_free(&b);
	free(paths[0]);
	free(paths[1]);
	return s;
}

enum cb_status
cb_store_host_map(struct cb_store *st, struct cb_host_map *m,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	memset(m, 0, sizeof *m);
	if ((s = cb_db_prepare(st, "SELECT pattern, department, owner, notes "
	    "FROM hosts ORDER BY pattern", &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		(void)cb_host_map_add(m, cb_db_col(stmt, 0), cb_db_col(stmt, 1),
		    cb_db_col(stmt, 2), cb_db_col(stmt, 3));
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the host map");
	cb_db_release(st, stmt);
	if (s != CB_OK)
		cb_host_map_free(m);
	else
		cb_host_map_sort(m);
	return s;
}

/* BEGIN IMMEDIATE ... COMMIT around fn; ROLLBACK when it fails. */
static enum cb_status
exec(struct cb_store *st, const char *sql, const char *what,
    struct cb_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cb_db_error(st, err, what);
	return CB_OK;
}

enum cb_status
cb_alert_begin(struct cb_store *st, const char *what, struct cb_error *err)
{
	if (st->readonly)
		return cb_store_readonly_error(st, err);
	return exec(st, "BEGIN IMMEDIATE", what, err);
}

enum cb_status
cb_alert_end(struct cb_store *st, enum cb_status s, const char *what,
    struct cb_error *err)
{
	if (s == CB_OK)
		s = exec(st, "COMMIT", what, err);
	if (s != CB_OK)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

enum cb_status
cb_store_hosts_replace(struct cb_store *st, const struct cb_host_map *m,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_store_may_ingest(st, err)) != CB_OK ||
	    (s = cb_alert_begin(st, "importing the host map", err)) != CB_OK)
		return s;
	s = exec(st, "DELETE FROM hosts", "importing the host map", err);
	for (size_t i = 0; s == CB_OK && i < m->n; i++) {
		if ((s = cb_db_prepare(st, "INSERT OR REPLACE INTO hosts("
		    "pattern, department, owner, notes) VALUES (?1, ?2, ?3, ?4)",
		    &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, m->v[i].pattern, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, m->v[i].department, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, m->v[i].owner, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, m->v[i].notes, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "importing the host map");
		cb_db_release(st, stmt);
	}
	return cb_alert_end(st, s, "importing the host map", err);
}

/* --- ingest ------------------------------------------------------------------------ */

/* A group as the batch knows it; written back at the end when dirty. */
struct grp {
	char *key;		/* status char, then the group key */
	long long id;
	time_t first, last;
	long alerts;
	long long seen;		/* sightings this batch added, replays too */
	double top;
	char *department;
	struct cb_buf hosts;	/* ",a,b," : its src and dst, 20 at most */
	size_t nhosts;
	double top0;		/* top when the batch found or made it */
	bool dirty;
};

/* Groups by key (open addressing; the newest group of each key). */
struct grpmap {
	struct grp **v;
	size_t cap, n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct grp **
grp_slot(struct grpmap *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);

	while (m->v[i] != NULL && strcmp(m->v[i]->key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

static void
grp_put(struct grpmap *m, struct grp *g)
{
	struct grp **slot;

	if ((m->n + 1) * 2 > m->cap) {
		struct grpmap bigger = { NULL, m->cap ? m->cap * 2 : 1024, 0 };

		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i] != NULL)
				*grp_slot(&bigger, m->v[i]->key) = m->v[i];
		bigger.n = m->n;
		free(m->v);
		*m = bigger;
	}
	slot = grp_slot(m, g->key);
	if (*slot == NULL)
		m->n++;
	*slot = g;
}

/*
 * The source addresses of a piece's new alerts, by group, each with its
 * last alert: alert_sources, written at the piece's end (the rules find
 * a host's alerts through it, index.c, schema 15).  Open addressing on
 * (address, group).
 */
struct srcpair {
	char *src;		/* NULL: a free slot */
	long long grp, last;
};

struct srcmap {
	struct srcpair *v;
	size_t cap, n;
};

static size_t
src_slot(const struct srcmap *m, const char *src, long long grp)
{
	size_t i = (size_t)(hash_str(src) ^
	    (uint64_t)grp * 0x9e3779b97f4a7c15ull) & (m->cap - 1);

	while (m->v[i].src != NULL &&
	    (m->v[i].grp != grp || strcmp(m->v[i].src, src) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Alert id, of group grp, came from src ("": from nowhere known). */
static void
note_source(struct srcmap *m, const char *src, long long grp, long long id)
{
	size_t i;

	if (*src == '\0')
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct srcmap bigger = { NULL, m->cap ? m->cap * 2 : 1024, 0 };

		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		for (size_t j = 0; j < m->cap; j++)
			if (m->v[j].src != NULL)
				bigger.v[src_slot(&bigger, m->v[j].src,
				    m->v[j].grp)] = m->v[j];
		bigger.n = m->n;
		free(m->v);
		*m = bigger;
	}
	if (m->v[i = src_slot(m, src, grp)].src == NULL) {
		m->v[i].src = xstrdup(src);
		m->v[i].grp = grp;
		m->n++;
	}
	if (id > m->v[i].last)
		m->v[i].last = id;
}

static void
srcmap_clear(struct srcmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].src);
	if (m->v != NULL)
		memset(m->v, 0, m->cap * sizeof *m->v);
	m->n = 0;
}

struct suppression {
	long long id;
	char *source, *signature;	/* "" any */
	struct cb_host_map src, dst;	/* empty: any */
	char *reason, *actor;		/* for the groups it makes */
};

struct ingest {
	struct cb_store *st;
	struct cb_alert_rules rules;
	struct cb_host_map hosts;
	struct suppression *sup;
	size_t nsup;
	struct grpmap groups;
	struct grp **all;		/* every group the batch touched, to free */
	size_t nall;
	struct srcmap sources;		/* of the piece's new alerts */
	struct cb_ingest_stats *stats;	/* of the piece not yet committed */
	struct cb_ingest_stats *total;	/* of the pieces committed; bad: all */
	cb_notable_fn notable;
	void (*bad)(size_t, const char *, void *);
	void *arg;
	struct cb_buf tmp;		/* the parse's thread's (prepare) */
	struct cb_buf wtmp;		/* the writer's (on_alert) */
	/* The alerts not yet written (flush_stage), and a hash of their
	 * (source, source_ref) for the stage's own replays: slot values
	 * are stage indexes + 1. */
	struct staged *stage;
	size_t nstage;
	size_t *slots;
	/* A stage written, its alerts for the parse's thread to free, and
	 * an array that thread freed them from, for the next stage
	 * (retire_stage); each taken by an atomic exchange. */
	struct spent *spent;
	struct staged *spare;
	struct cb_flow *flows;	/* flows not yet written (flush_flows) */
	size_t nflows;
	bool stage_tables;	/* staged_alerts and _flows are made */
	/* Replays by group id, written to the groups at the end. */
	struct { long long id, n; } *rp;
	size_t rpcap, nrp;
	time_t now;
	/* The last alert was new: written by on_alert, read by prepare
	 * in the parse's thread too (atomically; a stale value only moves
	 * work between the threads). */
	bool last_new;
	bool open;		/* a transaction is open */
	long long first_new;	/* the piece's first new group, or 0 */
	enum cb_status s;
	struct cb_error *err;
};

#define STAGE_MAX 4096
/* The WAL a many-piece ingest may leave before its writer waits for the
 * checkpoints to catch up (checkpointer.c): about two 64 MB pieces of
 * Suricata EVE; the wait is for the last piece's checkpoint only. */
#define WAL_MAX (256LL << 20)

/*
 * An alert staged for the batch's statements (flush_stage): new, or a
 * replay of a row in the index (hit) or of an alert staged before it
 * (the same alert twice in one file).  The first of each (source,
 * source_ref) carries the count and last_seen of those after it.
 */
struct staged {
	struct cb_alert *a;
	struct prepared *p;
	long long hit, hit_grp;	/* the index's row it replays (0: none) */
	long long id;		/* its row when new, else 0 */
	long long grp;		/* its group, new or not */
	long count;		/* sightings in the stage, when the first */
	time_t last_seen;
};

static void prepared_free(struct prepared *p);

static void
staged_free(struct staged *s)
{
	prepared_free(s->p);
	cb_alert_free(s->a);
	free(s->a);
}

/*
 * A stage written and done with.  Its alerts are freed by the parse's
 * thread (prepare()), which allocated them: glibc frees a chunk fastest
 * in the thread whose arena it came from, and the writer, the ingest's
 * bottleneck, then spends nothing on them (doc/design.md, "Ingest
 * speed").  One is handed over at a time: when the parse has not taken
 * the last one yet, the writer frees that one itself.
 */
struct spent {
	struct staged *v;
	size_t n;
};

/* Frees sp's alerts; its array becomes the spare (or is freed). */
static void
reap(struct ingest *in, struct spent *sp)
{
	for (size_t i = 0; i < sp->n; i++)
		staged_free(&sp->v[i]);
	free(__atomic_exchange_n(&in->spare, sp->v, __ATOMIC_ACQ_REL));
	free(sp);
}

/* The stage, written: handed over to be freed; a fresh one begins. */
static void
retire_stage(struct ingest *in)
{
	struct spent *sp = xmalloc(sizeof *sp), *old;

	sp->v = in->stage;
	sp->n = in->nstage;
	in->stage = __atomic_exchange_n(&in->spare, NULL, __ATOMIC_ACQ_REL);
	in->nstage = 0;
	if ((old = __atomic_exchange_n(&in->spent, sp, __ATOMIC_ACQ_REL)) !=
	    NULL)
		reap(in, old);
}

static void
grp_free(struct grp *g)
{
	free(g->key);
	free(g->department);
	cb_buf_free(&g->hosts);
	free(g);
}

/* Adds h to g's hosts unless there, or 20 are. */
static void
grp_host(struct grp *g, const char *h)
{
	size_t n = strlen(h);

	if (n == 0 || g->nhosts >= 20)
		return;
	if (g->hosts.len == 0)
		cb_buf_addc(&g->hosts, ',');
	cb_buf_addc(&g->hosts, '\0');
	g->hosts.len--;
	for (const char *p = g->hosts.data; (p = strstr(p, h)) != NULL; p++)
		if (p[-1] == ',' && p[n] == ',')
			return;
	cb_buf_add(&g->hosts, h, n);
	cb_buf_addc(&g->hosts, ',');
	g->nhosts++;
}

/* g's hosts as the row keeps them, "a,b"; caller frees. */
static char *
grp_hosts_text(const struct grp *g)
{
	if (g->hosts.len < 2)
		return xstrdup("");
	return xstrndup(g->hosts.data + 1, g->hosts.len - 2);
}

static bool
endpoint_matches(const struct cb_host_map *m, const struct cb_endpoint *e)
{
	return m->n == 0 || cb_host_map_find(m, e->addr) != NULL ||
	    cb_host_map_find(m, e->host) != NULL;
}

/* The suppression rule a falls under, or NULL. */
static const struct suppression *
suppressed(const struct ingest *in, const struct cb_alert *a)
{
	for (size_t i = 0; i < in->nsup; i++) {
		const struct suppression *r = &in->sup[i];

		if (r->source[0] != '\0' && strcmp(r->source, a->source) != 0)
			continue;
		if (r->signature[0] != '\0' && (a->signature == NULL ||
		    strcmp(r->signature, a->signature) != 0))
			continue;
		if (endpoint_matches(&r->src, &a->src) &&
		    endpoint_matches(&r->dst, &a->dst))
			return r;
	}
	return NULL;
}

static enum cb_status
load_suppressions(struct ingest *in, struct cb_error *err)
{
	struct cb_store *st = in->st;
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT id, source, signature, src, dst, "
	    "reason, actor FROM alert_suppressions WHERE expires > ?1", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)in->now);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct suppression *r;

		in->sup = xrealloc(in->sup, (in->nsup + 1) * sizeof *in->sup);
		r = &in->sup[in->nsup++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(stmt, 0);
		r->source = xstrdup(cb_db_col(stmt, 1));
		r->signature = xstrdup(cb_db_col(stmt, 2));
		if (cb_db_col(stmt, 3)[0] != '\0')
			(void)cb_host_map_add(&r->src, cb_db_col(stmt, 3), "",
			    "", "");
		if (cb_db_col(stmt, 4)[0] != '\0')
			(void)cb_host_map_add(&r->dst, cb_db_col(stmt, 4), "",
			    "", "");
		r->reason = xstrdup(cb_db_col(stmt, 5));
		r->actor = xstrdup(cb_db_col(stmt, 6));
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the suppressions");
	cb_db_release(st, stmt);
	return s;
}

static void
ingest_free(struct ingest *in)
{
	cb_alert_rules_free(&in->rules);
	cb_host_map_free(&in->hosts);
	for (size_t i = 0; i < in->nsup; i++) {
		free(in->sup[i].source);
		free(in->sup[i].signature);
		free(in->sup[i].reason);
		free(in->sup[i].actor);
		cb_host_map_free(&in->sup[i].src);
		cb_host_map_free(&in->sup[i].dst);
	}
	free(in->sup);
	for (size_t i = 0; i < in->nall; i++)
		grp_free(in->all[i]);
	free(in->all);
	free(in->groups.v);
	srcmap_clear(&in->sources);
	free(in->sources.v);
	cb_buf_free(&in->tmp);
	cb_buf_free(&in->wtmp);
	free(in->rp);
	for (size_t i = 0; i < in->nstage; i++)
		staged_free(&in->stage[i]);
	free(in->stage);
	if (in->spent != NULL)
		reap(in, in->spent);
	free(in->spare);
	free(in->slots);
	free(in->flows);
}

static enum cb_status
fail_db(struct ingest *in, const char *what)
{
	in->s = cb_db_error(in->st, in->err, what);
	return in->s;
}

/*
 * The newest group of key (status char first) in the index, into the
 * batch's map; NULL when there is none.
 */
static struct grp *
load_group(struct ingest *in, const char *key, time_t event)
{
	struct cb_store *st = in->st;
	sqlite3_stmt *stmt;
	struct grp *g = NULL;
	int rc;

	if (cb_db_prepare(st, "SELECT id, first_event, last_event, alerts, "
	    "top_score, department, hosts FROM alert_groups WHERE key = ?1 AND "
	    "status = ?2 AND last_event >= ?3 AND first_event <= ?4 "
	    "ORDER BY last_event DESC LIMIT 1", &stmt, in->err) != CB_OK) {
		in->s = CB_ERR;
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, key + 1, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, key[0] == 's' ? "suppressed" : "new", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)(event - in->rules.window));
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)(event + in->rules.window));
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		g = xcalloc(1, sizeof *g);
		g->key = xstrdup(key);
		g->id = sqlite3_column_int64(stmt, 0);
		g->first = (time_t)sqlite3_column_int64(stmt, 1);
		g->last = (time_t)sqlite3_column_int64(stmt, 2);
		g->alerts = (long)sqlite3_column_int64(stmt, 3);
		g->top = g->top0 = sqlite3_column_double(stmt, 4);
		g->department = xstrdup(cb_db_col(stmt, 5));
		for (const char *h = cb_db_col(stmt, 6), *e; *h != '\0';
		    h = *e != '\0' ? e + 1 : e) {
			char one[256];

			e = strchr(h, ',');
			e = e != NULL ? e : h + strlen(h);
			snprintf(one, sizeof one, "%.*s", (int)(e - h), h);
			grp_host(g, one);
		}
	} else if (rc != SQLITE_DONE)
		fail_db(in, "reading the alert groups");
	cb_db_release(st, stmt);
	return g;
}

static void
keep_group(struct ingest *in, struct grp *g)
{
	in->all = xrealloc(in->all, (in->nall + 1) * sizeof *in->all);
	in->all[in->nall++] = g;
	grp_put(&in->groups, g);
}

/*
 * A new group for a, inserted now for its id; a group suppressed on
 * arrival takes the reason and the author of its rule (sup).
 */
static struct grp *
new_group(struct ingest *in, const char *key, const struct cb_alert *a,
    const struct suppression *sup)
{
	struct cb_store *st = in->st;
	sqlite3_stmt *stmt;
	struct grp *g;

	if (cb_db_prepare(st, "INSERT INTO alert_groups(key, status, "
	    "signature, class, department, first_event, last_event, alerts, "
	    "top_score, created, reason, actor, acted) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?6, 0, -1, ?7, ?8, ?9, ?10)", &stmt, in->err) != CB_OK) {
		in->s = CB_ERR;
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, key + 1, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, key[0] == 's' ? "suppressed" : "new", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->signature != NULL ? a->signature : "",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, cb_alert_class(&in->rules, a), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, a->department != NULL ? a->department : "",
	    -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)a->event_time);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)in->now);
	/* Bound each time: a cached statement keeps its bindings. */
	if (sup != NULL) {
		sqlite3_bind_text(stmt, 8, sup->reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 9, sup->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 10, (sqlite3_int64)in->now);
	} else {
		sqlite3_bind_null(stmt, 8);
		sqlite3_bind_null(stmt, 9);
		sqlite3_bind_null(stmt, 10);
	}
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		fail_db(in, "adding an alert group");
		cb_db_release(st, stmt);
		return NULL;
	}
	cb_db_release(st, stmt);
	g = xcalloc(1, sizeof *g);
	g->key = xstrdup(key);
	g->id = sqlite3_last_insert_rowid(st->db);
	if (in->first_new == 0)
		in->first_new = g->id;
	g->first = g->last = a->event_time;
	g->top = g->top0 = -1;	/* join() adds the first alert */
	g->department = xstrdup(a->department != NULL ? a->department : "");
	return g;
}

static const char *
ep(const struct cb_endpoint *e)
{
	return e->addr != NULL ? e->addr : e->host != NULL ? e->host : "";
}

/* One more sighting of group id's, for the group's seen at the end. */
static void
count_replay(struct ingest *in, long long id)
{
	size_t i;

	if (id == 0)
		return;
	if ((in->nrp + 1) * 2 > in->rpcap) {
		size_t cap = in->rpcap ? in->rpcap * 2 : 1024;
		__typeof__(in->rp) v = xcalloc(cap, sizeof *v);

		for (size_t k = 0; k < in->rpcap; k++) {
			if (in->rp[k].id == 0)
				continue;
			for (i = (size_t)in->rp[k].id & (cap - 1); v[i].id != 0;
			    i = (i + 1) & (cap - 1))
				;
			v[i] = in->rp[k];
		}
		free(in->rp);
		in->rp = v;
		in->rpcap = cap;
	}
	for (i = (size_t)id & (in->rpcap - 1); in->rp[i].id != 0 &&
	    in->rp[i].id != id; i = (i + 1) & (in->rpcap - 1))
		;
	if (in->rp[i].id == 0) {
		in->rp[i].id = id;
		in->nrp++;
	}
	in->rp[i].n++;
}

/* Adds a's values to its group (a new alert only). */
static void
join(struct grp *g, const struct cb_alert *a)
{
	if (a->event_time < g->first)
		g->first = a->event_time;
	if (a->event_time > g->last)
		g->last = a->event_time;
	g->alerts++;
	g->seen++;
	grp_host(g, ep(&a->src));
	grp_host(g, ep(&a->dst));
	if (a->score > g->top)
		g->top = a->score;
	if (g->department[0] == '\0' && a->department != NULL) {
		free(g->department);
		g->department = xstrdup(a->department);
	}
	g->dirty = true;
}

/*
 * The group a's key has in the batch's map or the index, whose window
 * holds a's event time; NULL when a new one is needed (in->s says
 * whether that is an error).
 */
static struct grp *
find_group(struct ingest *in, const char *key, const struct cb_alert *a)
{
	struct grp **slot, *g;
	time_t t = a->event_time;
	long w = in->rules.window;

	if (in->groups.cap == 0) {
		in->groups.cap = 1024;
		in->groups.v = xcalloc(in->groups.cap, sizeof *in->groups.v);
	}
	slot = grp_slot(&in->groups, key);
	if ((g = *slot) != NULL && t >= g->first - w && t <= g->last + w)
		return g;
	/* Not in the batch's map, or out of its window: ask the index
	 * (an older group may hold an alert that came late). */
	if ((g = load_group(in, key, t)) != NULL)
		keep_group(in, g);
	return g;
}

/*
 * What the parse's thread works out for an alert beside its parse
 * (core/alertpipe.h): only reads of what the batch loaded before the
 * parse began (the rules, the host map, the suppressions), so that it
 * needs no lock.  After a replay the next alert is likely one too, and
 * a replay needs none of it: the parse's thread then leaves it to the
 * writer, which works it out only if the alert proves new (done false).
 */
/*
 * The texts of an alert's row, in one block with their lengths, made in
 * the parse's thread: the writer reads them from one place (SQLite
 * takes them as they are, staged_column) rather than from a malloc each
 * with a strlen each, which were a sixth of its time in cache misses
 * (doc/design.md, "Ingest speed").
 */
enum {
	T_SOURCE, T_SOURCE_REF, T_SIGNATURE, T_CATEGORY, T_SRC, T_DST,
	T_DEPARTMENT, T_COUNT
};

struct prepared {
	bool done;
	const struct suppression *sup;
	char *key;		/* status char ('s' or 'n'), then the group key */
	char *body;		/* the normal form without its payload */
	int body_len;		/* without the line's newline */
	char *texts;		/* the row's texts, each NUL-terminated */
	int at[T_COUNT], len[T_COUNT];
};

/* p's texts for a's row as it is now. */
static void
row_texts(struct prepared *p, const struct cb_alert *a)
{
	const char *v[T_COUNT] = { a->source, a->source_ref, a->signature,
		a->category, ep(&a->src), ep(&a->dst), a->department };
	size_t n = 0;

	for (int i = 0; i < T_COUNT; i++) {
		if (v[i] == NULL)
			v[i] = "";
		p->len[i] = (int)strlen(v[i]);
		n += (size_t)p->len[i] + 1;
	}
	free(p->texts);
	p->texts = xmalloc(n);
	n = 0;
	for (int i = 0; i < T_COUNT; i++) {
		p->at[i] = (int)n;
		memcpy(p->texts + n, v[i], (size_t)p->len[i] + 1);
		n += (size_t)p->len[i] + 1;
	}
}

static const char *
row_text(const struct prepared *p, int t)
{
	return p->texts + p->at[t];
}

/* All of p for a, with tmp for scratch (each thread its own). */
static void
prepare_alert(const struct ingest *in, struct cb_alert *a,
    struct prepared *p, struct cb_buf *tmp)
{
	struct cb_buf key = { 0 };
	const char *dept;

	if (a->department == NULL &&
	    (dept = cb_host_map_department(&in->hosts, a)) != NULL)
		a->department = xstrdup(dept);
	p->sup = in->nsup > 0 ? suppressed(in, a) : NULL;
	/* The key's first byte keeps suppressed and new groups apart. */
	cb_buf_addc(&key, p->sup != NULL ? 's' : 'n');
	cb_alert_group_key(&in->rules, a, tmp);
	cb_buf_add(&key, tmp->data, tmp->len + 1);
	p->key = cb_buf_detach(&key);
	/* The rest of the normal form: the row holds the other fields,
	 * and the payload goes beside it as bytes (no escaping of a
	 * payload that nothing parses again). */
	p->body = cb_alert_rest_to_json(a);
	p->body_len = (int)strlen(p->body) - 1;
	row_texts(p, a);
	p->done = true;
}

enum cb_status
cb_agroups_text_add(struct cb_store *st, long long from, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT INTO alert_groups_text(rowid, "
	    "signature, class, department, key, incident) SELECT id, "
	    "signature, class, department, key, incident FROM alert_groups "
	    "WHERE id >= ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, from);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "indexing the alert groups' text");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_alert_from_row(sqlite3_stmt *stmt, int col, struct cb_alert *a,
    struct cb_error *err)
{
	const char *body = cb_db_col(stmt, col + 7);
	const char *sig = cb_db_col(stmt, col + 4);
	const char *cat = cb_db_col(stmt, col + 5);

	if (cb_alert_rest_from_json(body, strlen(body), a, err) != CB_OK)
		return CB_ERR;
	free(a->source);
	a->source = xstrdup(cb_db_col(stmt, col));
	free(a->source_ref);
	a->source_ref = xstrdup(cb_db_col(stmt, col + 1));
	a->received = (time_t)sqlite3_column_int64(stmt, col + 2);
	a->event_time = (time_t)sqlite3_column_int64(stmt, col + 3);
	/* The row's '' is the normal form's none. */
	free(a->signature);
	a->signature = *sig != '\0' ? xstrdup(sig) : NULL;
	free(a->category);
	a->category = *cat != '\0' ? xstrdup(cat) : NULL;
	a->severity = cb_asev_from_name(cb_db_col(stmt, col + 6));
	return CB_OK;
}

/* prepare() for the pipe: and the last stage written, freed here. */
static void *
prepare(struct cb_alert *a, void *arg)
{
	struct ingest *in = arg;
	struct prepared *p = xcalloc(1, sizeof *p);
	struct spent *sp;

	if (__atomic_load_n(&in->spent, __ATOMIC_RELAXED) != NULL &&
	    (sp = __atomic_exchange_n(&in->spent, NULL, __ATOMIC_ACQ_REL)) !=
	    NULL)
		reap(in, sp);
	if (__atomic_load_n(&in->last_new, __ATOMIC_RELAXED))
		prepare_alert(in, a, p, &in->tmp);
	else
		row_texts(p, a);	/* for the probe (flush_stage) */
	return p;
}

static void
prepared_free(struct prepared *p)
{
	free(p->key);
	free(p->body);
	free(p->texts);
	free(p);
}

/*
 * The stage's table: one row per staged alert, its values where the
 * parse left them (SQLITE_STATIC: they live until the flush frees
 * them).  The columns are those of alerts and alert_bodies.
 */
static const char staged_columns[] = "id, hit, source, source_ref, "
    "count, first_seen, last_seen, event_time, status, grp, signature, "
    "category, severity, score, src, dst, department, body, raw, raw_len";
enum {
	S_ID, S_HIT, S_SOURCE, S_SOURCE_REF, S_COUNT, S_FIRST_SEEN, S_LAST_SEEN,
	S_EVENT_TIME, S_STATUS, S_GRP, S_SIGNATURE, S_CATEGORY, S_SEVERITY,
	S_SCORE, S_SRC, S_DST, S_DEPARTMENT, S_BODY, S_RAW, S_RAW_LEN
};

static void
text(sqlite3_context *ctx, const char *s)
{
	sqlite3_result_text(ctx, s != NULL ? s : "", -1, SQLITE_STATIC);
}

/*
 * The scan of the stage is at row i: what rows i + 4 and i + 8 will be
 * read from is fetched into this core's cache meanwhile.  The parse's
 * thread wrote it on the other core; waiting for it at each read was a
 * sixth of the writer's time (doc/design.md, "Ingest speed").
 */
static void
staged_ahead(size_t i, void *arg)
{
	const struct ingest *in = arg;
	const struct staged *s;

	if (i + 8 < in->nstage) {
		__builtin_prefetch(in->stage[i + 8].p);
		__builtin_prefetch(in->stage[i + 8].a);
	}
	if (i + 4 < in->nstage) {
		s = &in->stage[i + 4];
		__builtin_prefetch(s->p->texts);
		__builtin_prefetch(s->p->body);
		__builtin_prefetch(s->a->raw);
	}
}

static void
row_result(sqlite3_context *ctx, const struct prepared *p, int t)
{
	sqlite3_result_text(ctx, row_text(p, t), p->len[t], SQLITE_STATIC);
}

static void
staged_column(sqlite3_context *ctx, size_t i, int col, void *arg)
{
	const struct staged *s = &((struct ingest *)arg)->stage[i];
	const struct cb_alert *a = s->a;

	switch (col) {
	case S_ID:		sqlite3_result_int64(ctx, s->id); break;
	case S_HIT:		sqlite3_result_int64(ctx, s->hit); break;
	case S_SOURCE:		row_result(ctx, s->p, T_SOURCE); break;
	case S_SOURCE_REF:	row_result(ctx, s->p, T_SOURCE_REF); break;
	case S_COUNT:		sqlite3_result_int64(ctx, s->count); break;
	case S_FIRST_SEEN:	sqlite3_result_int64(ctx, a->received); break;
	case S_LAST_SEEN:	sqlite3_result_int64(ctx, s->last_seen); break;
	case S_EVENT_TIME:	sqlite3_result_int64(ctx, a->event_time); break;
	case S_STATUS:
		text(ctx, s->p->sup != NULL ? "suppressed" : "new");
		break;
	case S_GRP:		sqlite3_result_int64(ctx, s->grp); break;
	case S_SIGNATURE:	row_result(ctx, s->p, T_SIGNATURE); break;
	case S_CATEGORY:	row_result(ctx, s->p, T_CATEGORY); break;
	case S_SEVERITY:
		text(ctx, cb_alert_severity_names[a->severity]);
		break;
	case S_SCORE:		sqlite3_result_double(ctx, a->score); break;
	case S_SRC:		row_result(ctx, s->p, T_SRC); break;
	case S_DST:		row_result(ctx, s->p, T_DST); break;
	case S_DEPARTMENT:	row_result(ctx, s->p, T_DEPARTMENT); break;
	case S_BODY:
		sqlite3_result_text(ctx, s->p->body, s->p->body_len,
		    SQLITE_STATIC);
		break;
	case S_RAW:
		if (a->raw != NULL)
			sqlite3_result_blob(ctx, a->raw, (int)a->raw_cap,
			    SQLITE_STATIC);
		else
			sqlite3_result_null(ctx);
		break;
	case S_RAW_LEN:		sqlite3_result_int64(ctx, a->raw_len); break;
	}
}

/* The staged flows' table: the columns of flows. */
static const char staged_flow_columns[] = "src, dst, ts, src_port, "
    "dst_port, proto, bytes_out, bytes_in";

static void
staged_flow_column(sqlite3_context *ctx, size_t i, int col, void *arg)
{
	const struct cb_flow *f = &((struct ingest *)arg)->flows[i];

	switch (col) {
	case 0:	text(ctx, f->src); break;
	case 1:	text(ctx, f->dst); break;
	case 2:	sqlite3_result_int64(ctx, (sqlite3_int64)f->start); break;
	case 3:	sqlite3_result_int(ctx, f->src_port); break;
	case 4:	sqlite3_result_int(ctx, f->dst_port); break;
	case 5:	text(ctx, f->proto); break;
	case 6:	sqlite3_result_int64(ctx, f->bytes_out); break;
	case 7:	sqlite3_result_int64(ctx, f->bytes_in); break;
	}
}

/*
 * Runs sql, whose ?1 is rows (read through the table staged_alerts or
 * staged_flows, made on first use); its result rows to fn when given.
 */
static enum cb_status
stage_exec(struct ingest *in, const char *sql, const char *what,
    struct cb_rows *rows, void (*fn)(struct ingest *, sqlite3_stmt *))
{
	sqlite3_stmt *stmt;
	int rc;

	if (!in->stage_tables) {
		if (cb_rows_table(in->st, "staged_alerts", staged_columns,
		    in->err) != CB_OK ||
		    cb_rows_table(in->st, "staged_flows", staged_flow_columns,
		    in->err) != CB_OK)
			return in->s = CB_ERR;
		in->stage_tables = true;
	}
	if (cb_db_prepare(in->st, sql, &stmt, in->err) != CB_OK)
		return in->s = CB_ERR;
	cb_rows_bind(stmt, 1, rows);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		fn(in, stmt);
	if (rc != SQLITE_DONE)
		fail_db(in, what);
	cb_db_release(in->st, stmt);
	return in->s;
}

static void
on_probe(struct ingest *in, sqlite3_stmt *stmt)
{
	struct staged *s = &in->stage[sqlite3_column_int64(stmt, 0) - 1];

	s->hit = sqlite3_column_int64(stmt, 1);
	s->hit_grp = sqlite3_column_int64(stmt, 2);
}

static uint64_t
ref_hash(const struct prepared *p)
{
	return hash_str(row_text(p, T_SOURCE)) * 31 ^
	    hash_str(row_text(p, T_SOURCE_REF));
}

static bool
same_text(const struct prepared *p, const struct prepared *q, int t)
{
	return p->len[t] == q->len[t] &&
	    memcmp(row_text(p, t), row_text(q, t), (size_t)p->len[t]) == 0;
}

/*
 * The stage's slot for a's (source, source_ref): the index + 1 of the
 * alert staged new before with the same, or an empty slot for it.
 */
static size_t *
ref_slot(struct ingest *in, const struct prepared *p)
{
	size_t mask = 2 * STAGE_MAX - 1, i = (size_t)ref_hash(p) & mask;

	for (; in->slots[i] != 0; i = (i + 1) & mask) {
		const struct prepared *q = in->stage[in->slots[i] - 1].p;

		if (same_text(p, q, T_SOURCE_REF) && same_text(p, q, T_SOURCE))
			break;
	}
	return &in->slots[i];
}

/*
 * The stage, written (doc/design.md, "Ingest speed"): which of its
 * alerts the index has (one join), then, in order, each one's replay
 * counted or its group found or made as one at a time would, then the
 * replays' counts by one UPDATE ... FROM, and the new alerts into
 * alerts and alert_bodies by one INSERT ... SELECT each, with the rows
 * SQLite itself would have given them.  The index comes out the same
 * as from a statement per alert, in a fraction of the statements.
 * The three write statements are OR IGNORE and their changes counted:
 * a statement that may abort halfway makes SQLite copy every page it
 * changes to a statement journal first (a temporary file), and a row
 * refused is still an error, which rolls the piece back.
 */
static enum cb_status
flush_stage(struct ingest *in)
{
	struct cb_rows rows = { in->nstage, staged_column, in, staged_ahead };
	size_t nnew = 0, nrep = 0, nhit = 0;
	sqlite3_stmt *stmt;
	long long next = 0;

	if (in->nstage == 0)
		return in->s;
	if (in->s == CB_OK)
		(void)stage_exec(in, "SELECT s.rowid, a.id, ifnull(a.grp, 0) "
		    "FROM staged_alerts(?1) AS s CROSS JOIN alerts AS a ON "
		    "a.source = s.source AND a.source_ref = s.source_ref",
		    "looking for replayed alerts", &rows, on_probe);
	if (in->s == CB_OK) {
		if (cb_db_prepare(in->st, "SELECT ifnull(max(id), 0) FROM "
		    "alerts", &stmt, in->err) != CB_OK) {
			in->s = CB_ERR;
		} else {
			if (sqlite3_step(stmt) != SQLITE_ROW)
				fail_db(in, "adding alerts");
			else
				next = sqlite3_column_int64(stmt, 0) + 1;
			cb_db_release(in->st, stmt);
		}
	}
	if (in->slots == NULL)
		in->slots = xcalloc(2 * STAGE_MAX, sizeof *in->slots);
	for (size_t i = 0; i < in->nstage && in->s == CB_OK; i++) {
		struct staged *s = &in->stage[i], *first;
		size_t *slot;
		struct grp *g;

		if (*(slot = ref_slot(in, s->p)) != 0) {
			/* A replay of one staged before it. */
			first = &in->stage[*slot - 1];
			first->count++;
			if (s->a->received > first->last_seen)
				first->last_seen = s->a->received;
			count_replay(in, first->grp);
			s->hit = 0;
			nrep++;
			continue;
		}
		*slot = i + 1;
		s->count = 1;
		s->last_seen = s->a->received;
		if (s->hit != 0) {
			s->grp = s->hit_grp;
			count_replay(in, s->grp);
			nrep++;
			nhit++;
			continue;
		}
		if (!s->p->done)
			prepare_alert(in, s->a, s->p, &in->wtmp);
		if ((g = find_group(in, s->p->key, s->a)) == NULL) {
			if (in->s != CB_OK ||
			    (g = new_group(in, s->p->key, s->a,
			    s->p->sup)) == NULL)
				break;
			keep_group(in, g);
		}
		join(g, s->a);
		s->grp = g->id;
		s->id = next++;
		note_source(&in->sources, ep(&s->a->src), s->grp, s->id);
		nnew++;
	}
	if (in->s == CB_OK && nhit > 0 &&
	    stage_exec(in, "UPDATE OR IGNORE alerts SET count = alerts.count + "
	    "s.count, last_seen = max(alerts.last_seen, s.last_seen) FROM "
	    "staged_alerts(?1) AS s WHERE s.hit > 0 AND alerts.id = s.hit",
	    "counting replayed alerts", &rows, NULL) == CB_OK &&
	    (size_t)sqlite3_changes(in->st->db) != nhit)
		in->s = cb_fail(in->err, CB_ERR, "counting replayed alerts: "
		    "the index counted %d of %zu", sqlite3_changes(in->st->db),
		    nhit);
	if (in->s == CB_OK && nnew > 0 &&
	    stage_exec(in, "INSERT OR IGNORE INTO alerts(id, source, source_ref, "
	    "count, first_seen, last_seen, event_time, status, grp, signature, "
	    "category, severity, score, src, dst, department) SELECT id, "
	    "source, source_ref, count, first_seen, last_seen, event_time, "
	    "status, grp, signature, category, severity, score, src, dst, "
	    "department FROM staged_alerts(?1) WHERE id > 0", "adding alerts",
	    &rows, NULL) == CB_OK) {
		if ((size_t)sqlite3_changes(in->st->db) != nnew)
			in->s = cb_fail(in->err, CB_ERR, "adding alerts: the "
			    "index took %d of %zu", sqlite3_changes(in->st->db),
			    nnew);
		else if (stage_exec(in, "INSERT OR IGNORE INTO alert_bodies(id, "
		    "body, raw, raw_len) SELECT id, body, raw, raw_len FROM "
		    "staged_alerts(?1) WHERE id > 0", "adding alerts", &rows,
		    NULL) == CB_OK &&
		    (size_t)sqlite3_changes(in->st->db) != nnew)
			in->s = cb_fail(in->err, CB_ERR, "adding alerts: the "
			    "index took %d bodies of %zu",
			    sqlite3_changes(in->st->db), nnew);
	}
	if (in->s == CB_OK) {
		in->stats->added += nnew;
		in->stats->replayed += nrep;
	}
	/* The parse's thread prepares the next alerts (prepare()) when
	 * most of these were new: a replay needs none of it. */
	__atomic_store_n(&in->last_new, nnew >= nrep, __ATOMIC_RELAXED);
	retire_stage(in);
	memset(in->slots, 0, 2 * STAGE_MAX * sizeof *in->slots);
	return in->s;
}

/* The staged flows, written: those the index had already are left. */
static enum cb_status
flush_flows(struct ingest *in)
{
	struct cb_rows rows = { in->nflows, staged_flow_column, in, NULL };

	if (in->nflows > 0 && in->s == CB_OK &&
	    stage_exec(in, "INSERT OR IGNORE INTO flows(src, dst, ts, "
	    "src_port, dst_port, proto, bytes_out, bytes_in) SELECT src, dst, "
	    "ts, src_port, dst_port, proto, bytes_out, bytes_in FROM "
	    "staged_flows(?1)", "adding flows", &rows, NULL) == CB_OK)
		in->stats->flows += (size_t)sqlite3_changes(in->st->db);
	in->nflows = 0;
	return in->s;
}

static void
on_flow(const struct cb_flow *f, void *arg)
{
	struct ingest *in = arg;

	if (in->flows == NULL)
		in->flows = xcalloc(STAGE_MAX, sizeof *in->flows);
	in->flows[in->nflows++] = *f;
	if (in->nflows == STAGE_MAX)
		(void)flush_flows(in);
}

/*
 * An alert from the parse (core/alertpipe.h), with what prepare() made
 * of it: onto the stage, written STAGE_MAX at a time and at the end of
 * each piece.
 */
static void
on_alert(struct cb_alert *a, void *extra, void *arg)
{
	struct ingest *in = arg;
	struct staged *s;

	if (in->s != CB_OK) {
		prepared_free(extra);
		cb_alert_free(a);
		free(a);
		return;
	}
	if (in->stage == NULL)
		in->stage = xcalloc(STAGE_MAX, sizeof *in->stage);
	s = &in->stage[in->nstage++];
	memset(s, 0, sizeof *s);
	s->a = a;
	s->p = extra;
	if (in->nstage == STAGE_MAX)
		(void)flush_stage(in);
}

static void
on_bad(size_t line, const char *why, void *arg)
{
	struct ingest *in = arg;

	in->total->bad++;
	if (in->bad != NULL)
		in->bad(line, why, in->arg);
}

/*
 * A new group whose top score reached the rules' notable threshold in
 * this batch, or an older one whose top crossed it: the same whether
 * its alerts came in one piece or several.
 */
static bool
became_notable(const struct ingest *in, const struct grp *g)
{
	return g->key[0] == 'n' && g->top >= in->rules.notable &&
	    g->top0 < in->rules.notable;
}

/*
 * An alert-notable event for each group this batch made or saw whose top
 * score reached the rules' threshold: what the outbox follows, beside the
 * commits' events.  Its oid is "alert-group-N", no commit; check leaves
 * these out, a reindex carries them (store/triage.c).  They are queued
 * for the outbox's subscriptions as they are made.
 */
static enum cb_status
notable_events(struct ingest *in)
{
	struct cb_store *st = in->st;
	struct cb_identity who;
	sqlite3_stmt *stmt;
	json_t *payload;
	char oid[64], *text;

	sqlite3_int64 before;

	if (cb_index_last_event(st, &before, in->err) != CB_OK)
		return in->s = CB_ERR;
	for (size_t i = 0; i < in->nall && in->s == CB_OK; i++) {
		struct grp *g = in->all[i];

		if (!became_notable(in, g))
			continue;
		if (cb_store_identity(st, &who, in->err) != CB_OK)
			return in->s = CB_ERR;
		snprintf(oid, sizeof oid, "alert-group-%lld", g->id);
		payload = json_object();
		json_object_set_new(payload, "group", json_integer(g->id));
		json_object_set_new(payload, "score", json_real(g->top));
		json_object_set_new(payload, "alerts", json_integer(g->alerts));
		json_object_set_new(payload, "department",
		    json_string(g->department));
		/* The key's text: its fields' values, 0x1f between. */
		json_object_set_new(payload, "key", json_string(g->key + 1));
		text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(payload);
		if (text == NULL)
			text = xstrdup("{}");
		if (cb_db_prepare(st, "INSERT OR IGNORE INTO events(oid, "
		    "incident, action, actor, at, payload) VALUES (?1, NULL, "
		    "'alert-notable', ?2, ?3, ?4)", &stmt, in->err) != CB_OK) {
			free(text);
			return in->s = CB_ERR;
		}
		sqlite3_bind_text(stmt, 1, oid, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, who.name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)in->now);
		sqlite3_bind_text(stmt, 4, text, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			fail_db(in, "recording a notable alert group");
		cb_db_release(st, stmt);
		free(text);
	}
	/* To the outbox in this same transaction, as a commit's events are. */
	if (in->s == CB_OK && cb_outbox_enqueue(st, before) != SQLITE_OK)
		fail_db(in, "queueing messages");
	return in->s;
}

/* The piece's source addresses, into alert_sources. */
static enum cb_status
flush_sources(struct ingest *in)
{
	const struct srcmap *m = &in->sources;
	sqlite3_stmt *stmt;

	if (m->n == 0 || in->s != CB_OK)
		return in->s;
	if (cb_db_prepare(in->st, "INSERT INTO alert_sources(src, grp, "
	    "last_id) VALUES (?1, ?2, ?3) ON CONFLICT (src, grp) DO UPDATE "
	    "SET last_id = max(last_id, excluded.last_id)", &stmt,
	    in->err) != CB_OK)
		return in->s = CB_ERR;
	for (size_t i = 0; i < m->cap && in->s == CB_OK; i++) {
		if (m->v[i].src == NULL)
			continue;
		sqlite3_bind_text(stmt, 1, m->v[i].src, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, m->v[i].grp);
		sqlite3_bind_int64(stmt, 3, m->v[i].last);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			fail_db(in, "adding alerts");
		sqlite3_reset(stmt);
	}
	cb_db_release(in->st, stmt);
	return in->s;
}

/* Writes back the groups the batch changed. */
static enum cb_status
flush_groups(struct ingest *in)
{
	struct cb_store *st = in->st;
	sqlite3_stmt *stmt;
	char *hosts;

	for (size_t i = 0; i < in->nall && in->s == CB_OK; i++) {
		struct grp *g = in->all[i];

		if (!g->dirty)
			continue;
		if (cb_db_prepare(st, "UPDATE alert_groups SET first_event = ?2, "
		    "last_event = ?3, alerts = ?4, top_score = ?5, "
		    "department = ?6, seen = seen + ?7, hosts = ?8 WHERE id = ?1",
		    &stmt, in->err) != CB_OK)
			return in->s = CB_ERR;
		sqlite3_bind_int64(stmt, 1, g->id);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)g->first);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)g->last);
		sqlite3_bind_int64(stmt, 4, g->alerts);
		sqlite3_bind_double(stmt, 5, g->top);
		sqlite3_bind_text(stmt, 6, g->department, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 7, g->seen);
		hosts = grp_hosts_text(g);
		sqlite3_bind_text(stmt, 8, hosts, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			fail_db(in, "updating an alert group");
		cb_db_release(st, stmt);
		free(hosts);
	}
	for (size_t i = 0; i < in->rpcap && in->s == CB_OK; i++) {
		if (in->rp[i].id == 0)
			continue;
		if (cb_db_prepare(st, "UPDATE alert_groups SET seen = seen + ?2 "
		    "WHERE id = ?1", &stmt, in->err) != CB_OK)
			return in->s = CB_ERR;
		sqlite3_bind_int64(stmt, 1, in->rp[i].id);
		sqlite3_bind_int64(stmt, 2, in->rp[i].n);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			fail_db(in, "updating an alert group");
		cb_db_release(st, stmt);
	}
	return in->s;
}

/*
 * The end of a piece (core/alertpipe.h): its groups and events, then
 * its COMMIT, while the parse's thread goes on with the next piece;
 * then, unless it was the last, the next piece's transaction.  False
 * on an error, which stops the parse: the pieces committed before stay
 * in.
 */
static bool
piece_end(bool last, void *arg)
{
	struct ingest *in = arg;
	struct cb_store *st = in->st;
	enum cb_status s = in->s;

	if (!in->open)
		return false;
	if (s == CB_OK)
		s = flush_stage(in);
	if (s == CB_OK)
		s = flush_flows(in);
	/* The new groups' texts as made, before flush_groups changes them. */
	if (s == CB_OK && in->first_new != 0)
		s = cb_agroups_text_add(st, in->first_new, in->err);
	in->first_new = 0;
	if (s == CB_OK)
		s = flush_groups(in);
	if (s == CB_OK)
		s = flush_sources(in);
	if (s == CB_OK)
		s = notable_events(in);
	srcmap_clear(&in->sources);
	s = cb_alert_end(st, s, "taking in alerts", in->err);
	in->open = false;
	if (s == CB_OK) {
		in->total->added += in->stats->added;
		in->total->replayed += in->stats->replayed;
		in->total->flows += in->stats->flows;
		memset(in->stats, 0, sizeof *in->stats);
		for (size_t i = 0; i < in->nall; i++) {
			struct grp *g = in->all[i];

			if (in->notable != NULL && became_notable(in, g))
				in->notable(g->id, g->top, in->arg);
			g->top0 = g->top;
			g->dirty = false;
			g->seen = 0;
		}
		free(in->rp);
		in->rp = NULL;
		in->rpcap = in->nrp = 0;
		if (!last) {
			s = cb_alert_begin(st, "taking in alerts", in->err);
			in->open = s == CB_OK;
		}
	}
	in->s = s;
	return s == CB_OK;
}

enum cb_status
cb_store_ingest(struct cb_store *st, enum cb_alert_format fmt,
    const char *buf, size_t len, const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg), void *arg,
    struct cb_ingest_stats *stats, struct cb_error *err)
{
	return cb_store_ingest_pieces(st, fmt, buf, len, 0, ctx, bad, NULL,
	    arg, stats, err);
}

enum cb_status
cb_store_ingest_notable(struct cb_store *st, enum cb_alert_format fmt,
    const char *buf, size_t len, const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg),
    cb_notable_fn notable, void *arg, struct cb_ingest_stats *stats,
    struct cb_error *err)
{
	return cb_store_ingest_pieces(st, fmt, buf, len, 0, ctx, bad, notable,
	    arg, stats, err);
}

enum cb_status
cb_store_ingest_pieces(struct cb_store *st, enum cb_alert_format fmt,
    const char *buf, size_t len, size_t piece, const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg),
    cb_notable_fn notable, void *arg, struct cb_ingest_stats *stats,
    struct cb_error *err)
{
	struct cb_alert_pipe_ops ops = { prepare, on_alert, on_flow, on_bad,
		piece_end, NULL };
	struct cb_ingest_stats scratch, now;
	struct cb_checkpointer *ck = NULL;
	struct ingest in;
	enum cb_status s;

	if (stats == NULL)
		stats = &scratch;
	memset(stats, 0, sizeof *stats);
	memset(&now, 0, sizeof now);
	memset(&in, 0, sizeof in);
	in.st = st;
	in.stats = &now;
	in.total = stats;
	in.notable = notable;
	in.last_new = true;	/* alerts sent are mostly new ones */
	in.bad = bad;
	in.arg = arg;
	in.err = err;
	in.now = ctx != NULL && ctx->received != 0 ? ctx->received :
	    cb_now();
	ops.arg = &in;
	if ((s = cb_store_may_ingest(st, err)) != CB_OK)
		return s;
	if ((s = cb_store_alert_rules(st, &in.rules, err)) != CB_OK) {
		ingest_free(&in);
		return s;
	}
	/* A piece's pages stay in the cache until its COMMIT: 256 MB
	 * holds the 150 MB of a 64 MB piece of EVE (cli/cmd-ingest.c)
	 * without spilling them to the WAL twice; 64 MB serves a batch
	 * of `casebook serve`, which keeps it (SQLite's default is 2 MB). */
	if (piece != 0 && len > piece)
		(void)sqlite3_exec(st->db, "PRAGMA cache_size = -262144", NULL,
		    NULL, NULL);
	else
		(void)sqlite3_exec(st->db, "PRAGMA cache_size = -65536", NULL,
		    NULL, NULL);
	/* Durable at COMMIT: `casebook serve` answers 200 after it, and
	 * a source that got a 200 does not send again (doc/design.md,
	 * "Ingest speed").  One fsync of the WAL per piece. */
	(void)sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL,
	    NULL);
	if ((s = cb_alert_begin(st, "taking in alerts", err)) != CB_OK) {
		(void)sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL,
		    NULL, NULL);
		ingest_free(&in);
		return s;
	}
	in.open = true;
	/* The host map and the suppressions, read in the first piece's
	 * transaction, serve every piece: prepare() reads them from the
	 * parse's thread, so they may not change under it. */
	if ((s = cb_store_host_map(st, &in.hosts, err)) == CB_OK &&
	    (s = load_suppressions(&in, err)) == CB_OK) {
		/* Many pieces: their checkpoints are made beside the
		 * writer (checkpointer.c), and the WAL starts again past
		 * WAL_MAX. */
		if (piece != 0 && len > piece)
			ck = cb_checkpointer_start(st, WAL_MAX);
		(void)cb_alert_parse_threaded(fmt, buf, len, piece, ctx, &ops);
		s = in.s;
	}
	/* Nothing to parse, or a failure before the parse: the one
	 * transaction is still open. */
	if (in.open) {
		in.s = s;
		(void)piece_end(true, &in);
		s = in.s;
	}
	cb_checkpointer_stop(ck);
	(void)sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
	    NULL);
	ingest_free(&in);
	return s;
}

/* --- flows and checkpoints --------------------------------------------------------- */

enum cb_status
cb_store_flows(struct cb_store *st, time_t since,
    enum cb_status (*fn)(const struct cb_flow *f, void *arg), void *arg,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	struct cb_flow f;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT src, dst, ts, src_port, dst_port, "
	    "proto, bytes_out, bytes_in FROM flows WHERE ts >= ?1 "
	    "ORDER BY src, dst, ts", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&f, 0, sizeof f);
		snprintf(f.src, sizeof f.src, "%s", cb_db_col(stmt, 0));
		snprintf(f.dst, sizeof f.dst, "%s", cb_db_col(stmt, 1));
		f.start = (time_t)sqlite3_column_int64(stmt, 2);
		f.src_port = sqlite3_column_int(stmt, 3);
		f.dst_port = sqlite3_column_int(stmt, 4);
		snprintf(f.proto, sizeof f.proto, "%s", cb_db_col(stmt, 5));
		f.bytes_out = sqlite3_column_int64(stmt, 6);
		f.bytes_in = sqlite3_column_int64(stmt, 7);
		if ((s = fn(&f, arg)) != CB_OK)
			break;
	}
	if (s == CB_OK && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the flows");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_checkpoint(struct cb_store *st, const char *name, char **value,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	*value = NULL;
	if ((s = cb_db_prepare(st, "SELECT value FROM ingest_checkpoints "
	    "WHERE name = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*value = xstrdup(cb_db_col(stmt, 0));
	else if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading a checkpoint");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_set_checkpoint(struct cb_store *st, const char *name,
    const char *value, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_store_may_ingest(st, err)) != CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "INSERT INTO ingest_checkpoints(name, value, "
	    "updated) VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET "
	    "value = excluded.value, updated = excluded.updated", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)cb_now());
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "saving a checkpoint");
	cb_db_release(st, stmt);
	return s;
}
