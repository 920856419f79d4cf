/*
 * The outbox's runner (`casebook outbox run`): takes the store's outbox
 * lock, then delivers what is due, destination by destination, each in
 * queue order: one message at a time, or, while a destination is rate
 * limited, one message per incident merging its waiting changes
 * (cb_ratelimit_coalesce).  What an answer means is core/ratelimit.c's
 * (cb_ratelimit_decide); what a message says is core/notify.c's; the
 * sending is net/'s.  Here in cli/ because it is the one place that
 * uses both the store and the network (net/ knows no store, store/ no
 * network).
 *
 * A message is marked delivering before it is sent and delivered after
 * the answer: a runner killed in between leaves it delivering, and the
 * next runner's lock puts it back in the queue (at least once).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/notify.h"
#include "core/nls.h"
#include "core/ratelimit.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "core/subscription.h"
#include "net/gitlab.h"
#include "net/http.h"

/* Calls a rate-limited destination is assumed to take per reset
 * (Rocket.Chat's default, 10 a minute). */
#define LIMITED_BUDGET 10
/* Delivered messages are kept this long (outbox list --all). */
#define KEEP_DELIVERED_MS (30LL * 24 * 3600 * 1000)
/* A destination whose secret cannot be had is tried again this late. */
#define NO_SECRET_WAIT_MS 60000

struct runner {
	struct cb_cli *cli;
	struct cb_store *st;
	const struct cb_outbox_run_opts *o;
	struct cb_outbox_conf conf;
	char *secrets;
	struct cb_backoff backoff;
	struct cb_rand rand;
	int problems;		/* secrets missing or refused, and the like */
	struct cb_strlist skip;	/* --once: destinations not to try again */
};

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
sleep_ms(int64_t ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/* "casebook: outbox: DEST: WHAT: WHY" on stderr, unless quiet. */
static void
say(struct runner *r, const char *dest, const char *what, const char *why)
{
	if (r->o->quiet)
		return;
	fprintf(stderr, "casebook: outbox: ");
	cli_put_line(stderr, dest);
	fprintf(stderr, ": %s: ", what);
	cli_put_line(stderr, why);
	fprintf(stderr, "\n");
}

/* One queued message, as loaded for a delivery. */
struct qmsg {
	long long id;
	char *incident, *oid, *action, *actor, *payload;
	time_t at;
	int attempts;
};

struct queue {
	struct qmsg *v;
	size_t n;
};

static int
collect(const struct cb_outbox_msg *m, void *arg)
{
	struct queue *q = arg;
	struct qmsg *x;

	if (m->state != CB_OUTBOX_QUEUED)
		return 0;
	q->v = xrealloc(q->v, (q->n + 1) * sizeof *q->v);
	x = &q->v[q->n++];
	x->id = m->id;
	x->incident = xstrdup(m->incident);
	x->oid = xstrdup(m->oid);
	x->action = xstrdup(m->action);
	x->actor = xstrdup(m->actor);
	x->payload = xstrdup(m->payload);
	x->at = m->at;
	x->attempts = m->attempts;
	return 0;
}

static void
queue_free(struct queue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].incident);
		free(q->v[i].oid);
		free(q->v[i].action);
		free(q->v[i].actor);
		free(q->v[i].payload);
	}
	free(q->v);
	q->v = NULL;
	q->n = 0;
}

/*
 * The messages of the next delivery to dest: the oldest alone, or with
 * merge, every waiting message of the oldest one's incident (group 0 of
 * the coalescing).  ids gets their ids in queue order; returns how many.
 */
static size_t
next_group(const struct queue *q, bool merge, long long *ids)
{
	struct cb_pending *p;
	size_t *group, n = 0;

	if (!merge || q->n == 1) {
		ids[0] = q->v[0].id;
		return 1;
	}
	p = xcalloc(q->n, sizeof *p);
	group = xcalloc(q->n, sizeof *group);
	for (size_t i = 0; i < q->n; i++) {
		p[i].id = q->v[i].id;
		p[i].incident = q->v[i].incident;
	}
	cb_ratelimit_coalesce(p, q->n, LIMITED_BUDGET, group);
	for (size_t i = 0; i < q->n; i++)
		if (group[i] == 0)
			ids[n++] = q->v[i].id;
	free(p);
	free(group);
	return n;
}

static const struct qmsg *
by_id(const struct queue *q, long long id)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->v[i].id == id)
			return &q->v[i];
	return NULL;
}

static void
http_opts(const struct runner *r, const char *ca_file, struct cb_http_opts *h)
{
	memset(h, 0, sizeof *h);
	h->ca_file = ca_file;
	h->timeout_ms = r->o->timeout_ms;
	h->connect_timeout_ms = r->o->timeout_ms;
}

/*
 * After an attempt: the messages ids[0..n) are delivered, queued again
 * (retry, hold) or dead, as the answer says.  Returns the verdict.
 */
static enum cb_verdict
settle(struct runner *r, const char *dest, const long long *ids, size_t n,
    int attempts, const struct cb_http_answer *a, const char *body)
{
	struct cb_outbox_update u = { ids, n, CB_OUTBOX_QUEUED, body, 0,
	    NULL, false };
	struct cb_decision d;
	struct cb_error err;
	int64_t now = cb_outbox_clock_ms();

	cb_ratelimit_decide(a, attempts + 1, now, &r->backoff, &r->rand, &d);
	switch (d.verdict) {
	case CB_VERDICT_DONE:
		u.state = CB_OUTBOX_DELIVERED;
		u.error = "";
		break;
	case CB_VERDICT_RETRY:
		u.next_try = d.at;
		u.error = d.reason;
		u.failed = true;
		say(r, dest, _("will try again"), d.reason);
		break;
	case CB_VERDICT_HOLD:
		u.error = d.reason;
		if (cb_outbox_hold(r->st, dest, d.at, d.reason, &err) != CB_OK)
			cli_error(&err);
		say(r, dest, _("rate limited, holding"), d.reason);
		break;
	case CB_VERDICT_DEAD:
		u.state = CB_OUTBOX_DEAD;
		u.error = d.reason;
		say(r, dest, _("refused for good"), d.reason);
		break;
	}
	if (cb_outbox_update(r->st, &u, &err) != CB_OK)
		cli_error(&err);
	return d.verdict;
}

static void
mark_delivering(struct runner *r, const long long *ids, size_t n,
    const char *body)
{
	struct cb_outbox_update u = { ids, n, CB_OUTBOX_DELIVERING, body, 0,
	    NULL, false };
	struct cb_error err;

	if (cb_outbox_update(r->st, &u, &err) != CB_OK)
		cli_error(&err);
}

/* Every message ids[] dead with why (no such subscription, ...). */
static void
all_dead(struct runner *r, const long long *ids, size_t n, const char *why)
{
	struct cb_outbox_update u = { ids, n, CB_OUTBOX_DEAD, NULL, 0, why,
	    false };
	struct cb_error err;

	if (cb_outbox_update(r->st, &u, &err) != CB_OK)
		cli_error(&err);
}

static void
no_secret(struct runner *r, const char *dest, const struct cb_error *e)
{
	struct cb_error err;

	r->problems++;
	fprintf(stderr, "casebook: outbox: %s\n", e->msg);
	/* A daemon looks again later; a single run leaves it to the next. */
	if (!r->o->daemon)
		cb_strlist_add(&r->skip, dest);
	else if (cb_outbox_hold(r->st, dest, cb_outbox_clock_ms() +
	    NO_SECRET_WAIT_MS, NULL, &err) != CB_OK)
		cli_error(&err);
}

static struct cb_notify_event *
events_of(const struct queue *q, const long long *ids, size_t n)
{
	struct cb_notify_event *ev = xcalloc(n, sizeof *ev);

	for (size_t i = 0; i < n; i++) {
		const struct qmsg *m = by_id(q, ids[i]);

		cb_notify_event_from_row(&ev[i], m->id, m->oid, m->incident,
		    m->action, m->actor, m->at, m->payload);
	}
	return ev;
}

static void
events_free(struct cb_notify_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cb_notify_event_free(&ev[i]);
	free(ev);
}

/*
 * One delivery to a chat subscription: the verdict on the answer, or -1
 * when nothing was sent.
 */
static int
deliver_chat(struct runner *r, const struct cb_subscription *sub,
    const struct queue *q, const long long *ids, size_t n)
{
	struct cb_notify_opts no = { sub->chat, sub->lang, sub->more };
	const struct cb_notify_event **evp;
	struct cb_notify_event *ev;
	struct cb_incident inc;
	struct cb_http_opts h;
	struct cb_http_response resp;
	struct cb_error err;
	char *url = NULL, *body;
	enum cb_verdict v;

	if (cb_subscription_secret(r->secrets, "notify", sub->name, "url",
	    &url, &err) != CB_OK) {
		no_secret(r, sub->name, &err);
		return -1;
	}
	/* cb_store_get fills inc whole (a zeroed one on failure). */
	memset(&inc, 0, sizeof inc);
	if (cb_store_get(r->st, q->v[0].incident, &inc, &err) != CB_OK) {
		/* Gone from the record (a rewritten branch): say so. */
		all_dead(r, ids, n, err.msg);
		cb_incident_free(&inc);
		cb_secret_free(url);
		return -1;
	}
	ev = events_of(q, ids, n);
	evp = xcalloc(n, sizeof *evp);
	for (size_t i = 0; i < n; i++)
		evp[i] = &ev[i];
	body = cb_notify_chat_body(&no, evp, n, &inc);
	mark_delivering(r, ids, n, body);
	http_opts(r, sub->ca_file, &h);
	cb_http_request(&h, "POST", url, NULL, body, &resp, &err);
	v = settle(r, sub->name, ids, n, q->v[0].attempts, &resp.answer, NULL);
	cb_http_response_free(&resp);
	free(body);
	free(evp);
	events_free(ev, n);
	cb_incident_free(&inc);
	cb_secret_free(url);
	return (int)v;
}

/* The GitLab user ids of the incident's assignees that the table maps. */
static long *
assignee_ids(const struct cb_mirror_conf *m, const struct cb_incident *inc,
    size_t *n)
{
	long *ids = xcalloc(inc->assignees.n + 1, sizeof *ids);

	*n = 0;
	for (size_t i = 0; i < inc->assignees.n; i++) {
		long id = cb_mirror_user(m, inc->assignees.v[i]);

		if (id > 0)
			ids[(*n)++] = id;
	}
	return ids;
}

/*
 * One delivery to the mirror: the incident's issue found or created
 * (its iid recorded at once), then brought to the incident as it
 * stands: title, labels, assignees, open or closed; with notes on, a
 * note per phase change among the events.  Returns as deliver_chat.
 */
static int
deliver_mirror(struct runner *r, const struct queue *q, const long long *ids,
    size_t n)
{
	const struct cb_mirror_conf *m = &r->conf.mirror;
	struct cb_gitlab gl;
	struct cb_gitlab_issue is = { 0 };
	struct cb_incident inc;
	struct cb_http_response resp;
	struct cb_error err;
	char *token = NULL;
	long iid = 0, *aids;
	size_t naids;
	bool created;
	enum cb_status s;
	int v;

	if (cb_subscription_secret(r->secrets, "mirror", "gitlab", "token",
	    &token, &err) != CB_OK) {
		no_secret(r, CB_MIRROR_DEST, &err);
		return -1;
	}
	/* cb_store_get fills inc whole (a zeroed one on failure). */
	memset(&inc, 0, sizeof inc);
	if (cb_store_get(r->st, q->v[0].incident, &inc, &err) != CB_OK) {
		all_dead(r, ids, n, err.msg);
		cb_incident_free(&inc);
		cb_secret_free(token);
		return -1;
	}
	gl.url = m->url;
	gl.project = m->project;
	gl.token = token;
	http_opts(r, m->ca_file, &gl.http);
	aids = assignee_ids(m, &inc, &naids);
	mark_delivering(r, ids, n, NULL);
	memset(&resp, 0, sizeof resp);
	if (cb_outbox_link(r->st, inc.id, &iid, NULL, &err) != CB_OK) {
		s = cb_gitlab_ensure(&gl, &inc, m->lang, false, aids, naids,
		    &is, &created, &resp, &err);
		/* Recorded at once: a later failure must not lose it. */
		if (s == CB_OK) {
			iid = is.iid;
			if (cb_store_set_link(r->st, inc.id, "gitlab", is.iid,
			    is.web_url != NULL ? is.web_url : "", &err) !=
			    CB_OK)
				cli_error(&err);
		}
		cb_gitlab_issue_free(&is);
		if (s != CB_OK) {
			v = (int)settle(r, CB_MIRROR_DEST, ids, n,
			    q->v[0].attempts, &resp.answer, NULL);
			goto out;
		}
		cb_http_response_free(&resp);
		memset(&resp, 0, sizeof resp);
	}
	/* Reopen and close are no-ops on an issue already so. */
	s = cb_gitlab_update(&gl, iid, &inc, inc.phase == CB_PHASE_CLOSED ?
	    "close" : "reopen", aids, naids, &resp, &err);
	if (s == CB_OK && m->notes) {
		struct cb_notify_event *ev = events_of(q, ids, n);

		for (size_t i = 0; s == CB_OK && i < n; i++) {
			char *note;

			if (ev[i].kind != CB_NOTIFY_PHASE)
				continue;
			note = cb_gitlab_phase_note(&ev[i], m->lang);
			cb_http_response_free(&resp);
			memset(&resp, 0, sizeof resp);
			s = cb_gitlab_note(&gl, iid, note, true, &resp, &err);
			free(note);
		}
		events_free(ev, n);
	}
	v = (int)settle(r, CB_MIRROR_DEST, ids, n, q->v[0].attempts,
	    &resp.answer, NULL);
out:
	cb_http_response_free(&resp);
	free(aids);
	cb_incident_free(&inc);
	cb_secret_free(token);
	return v;
}

/* One delivery to dest, whose oldest message is due. */
static void
deliver(struct runner *r, const char *dest, const struct cb_outbox_dest *d)
{
	struct queue q = { 0 };
	struct cb_error err;
	const struct cb_subscription *sub = NULL;
	bool mirror = strcmp(dest, CB_MIRROR_DEST) == 0;
	long long *ids;
	size_t n;
	int v = -1;

	if (cb_outbox_list(r->st, dest, true, collect, &q, &err) != CB_OK) {
		cli_error(&err);
		r->problems++;
		return;
	}
	if (q.n == 0)
		return;
	ids = xcalloc(q.n, sizeof *ids);
	/* The mirror always sends the incident as it stands: merge. */
	n = next_group(&q, mirror || d->reason[0] != '\0', ids);
	if (mirror && !r->conf.mirror.on)
		all_dead(r, ids, n, _("the store's config has no [mirror "
		    "\"gitlab\"] with url and project"));
	else if (mirror && r->conf.mirror.bad[0] != '\0')
		all_dead(r, ids, n, r->conf.mirror.bad);
	else if (mirror)
		v = deliver_mirror(r, &q, ids, n);
	else if ((sub = cb_outbox_conf_sub(&r->conf, dest)) == NULL)
		all_dead(r, ids, n, _("the store's config has no such [notify] "
		    "subscription any more"));
	else if (sub->bad[0] != '\0')
		all_dead(r, ids, n, sub->bad);
	else
		v = deliver_chat(r, sub, &q, ids, n);
	/* A limited destination whose queue is empty is limited no more. */
	if (v == (int)CB_VERDICT_DONE && d->reason[0] != '\0' && n == q.n)
		(void)cb_outbox_hold(r->st, dest, 0, NULL, &err);
	free(ids);
	queue_free(&q);
}

struct due_ctx {
	struct runner *r;
	int64_t now, next;	/* the earliest due time still ahead */
	size_t queued, sent;
	char **dests;
	struct cb_outbox_dest *d;
	char **reasons;
	size_t n;
};

static int
due_one(const char *dest, int64_t due, const struct cb_outbox_dest *d,
    void *arg)
{
	struct due_ctx *c = arg;

	if (cb_strlist_has(&c->r->skip, dest))
		return 0;
	c->queued++;
	if (due > c->now) {
		if (c->next == 0 || due < c->next)
			c->next = due;
		return 0;
	}
	c->dests = xrealloc(c->dests, (c->n + 1) * sizeof *c->dests);
	c->d = xrealloc(c->d, (c->n + 1) * sizeof *c->d);
	c->reasons = xrealloc(c->reasons, (c->n + 1) * sizeof *c->reasons);
	c->dests[c->n] = xstrdup(dest);
	c->reasons[c->n] = xstrdup(d->reason);
	c->d[c->n] = *d;
	c->d[c->n].reason = c->reasons[c->n];
	c->n++;
	return 0;
}

static void
due_free(struct due_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->dests[i]);
		free(c->reasons[i]);
	}
	free(c->dests);
	free(c->reasons);
	free(c->d);
	c->dests = NULL;
	c->reasons = NULL;
	c->d = NULL;
	c->n = 0;
}

static bool
read_conf(struct runner *r)
{
	struct cb_error err;
	char *path = xasprintf("%s/config", cb_store_dir(r->st));
	enum cb_status s;

	cb_outbox_conf_free(&r->conf);
	s = cb_outbox_conf_read(path, &r->conf, &err);
	free(path);
	if (s != CB_OK)
		cli_error(&err);
	return s == CB_OK;
}

/* The index file's identity: a reindex renames a new one over it. */
static ino_t
index_inode(const struct cb_store *st)
{
	char *path = xasprintf("%s/index.db", cb_store_dir(st));
	struct stat sb;
	ino_t ino = stat(path, &sb) == 0 ? sb.st_ino : 0;

	free(path);
	return ino;
}

int
cli_outbox_run(struct cb_cli *cli, const struct cb_outbox_run_opts *o)
{
	struct runner r = { 0 };
	struct cb_error err;
	struct sigaction sa;
	ino_t ino;
	int lock, rc = 0;

	if ((r.st = cli_open(cli)) == NULL)
		return 1;
	if ((lock = cb_outbox_lock(r.st, &err)) < 0) {
		cb_store_close(r.st);
		return cli_error(&err);
	}
	r.cli = cli;
	r.o = o;
	r.secrets = cb_secrets_path();
	r.backoff.base_ms = o->backoff_ms;
	cb_rand_seed(&r.rand, (uint64_t)cb_outbox_clock_ms() ^
	    ((uint64_t)getpid() << 32));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (cb_outbox_prune(r.st, cb_outbox_clock_ms() - KEEP_DELIVERED_MS,
	    &err) != CB_OK)
		cli_error(&err);
	ino = index_inode(r.st);
	while (!stop_flag) {
		struct due_ctx c = { 0 };

		c.r = &r;
		c.now = cb_outbox_clock_ms();
		if (!read_conf(&r)) {
			rc = 1;
			break;
		}
		if (cb_outbox_due(r.st, due_one, &c, &err) != CB_OK) {
			rc = cli_error(&err);
			break;
		}
		for (size_t i = 0; i < c.n && !stop_flag; i++)
			deliver(&r, c.dests[i], &c.d[i]);
		if (c.n > 0) {
			due_free(&c);
			continue;
		}
		/* Nothing due now. */
		if (!o->daemon && (c.queued == 0 || c.next - c.now >
		    o->max_wait_ms))
			break;
		sleep_ms(c.queued > 0 && (c.next - c.now) < o->poll_ms ?
		    c.next - c.now : o->poll_ms);
		/* A reindex put a new index in place: follow it. */
		if (index_inode(r.st) != ino) {
			cb_store_close(r.st);
			if ((r.st = cli_open(cli)) == NULL) {
				rc = 1;
				break;
			}
			ino = index_inode(r.st);
		}
	}
	if (rc == 0 && r.problems > 0)
		rc = 1;
	cb_http_cleanup();
	cb_outbox_conf_free(&r.conf);
	cb_strlist_free(&r.skip);
	free(r.secrets);
	close(lock);
	if (r.st != NULL)
		cb_store_close(r.st);
	return rc;
}
