/*
 * The parse in a thread of its own (core/alertpipe.h).
 *
 * The parse's thread fills batches of items (an alert with what
 * prepare made of it, a flow, a bad line, a request to read a results
 * file) and hands each full batch over through a ring of QUEUED slots;
 * the caller's thread takes them in order and delivers each item.  A
 * batch rather than an item per hand-over: a lock and a wake-up per 256
 * alerts cost nothing beside their parse, one per alert would.  When
 * the ring is full the parse waits, so at most QUEUED * BATCH alerts
 * are in memory between the two.
 */
#include "core/alertpipe.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define SMALL	(256u << 10)	/* parsed here: a thread costs more */
#define BATCH	256
#define QUEUED	32	/* 8,192 alerts: a piece's commit is parsed past */

enum item_kind { ITEM_ALERT, ITEM_FLOW, ITEM_BAD, ITEM_READ, ITEM_END };

/* A results file to read in the caller's thread; the parse waits. */
struct read_req {
	const char *path;
	struct cb_buf *out;
	struct cb_error *err;
	enum cb_status status;
	bool done;
};

struct item {
	enum item_kind kind;
	struct cb_alert *a;		/* ITEM_ALERT, with extra */
	void *extra;
	struct cb_flow flow;		/* ITEM_FLOW */
	size_t line;			/* ITEM_BAD, with why */
	char *why;
	struct read_req *read;		/* ITEM_READ */
	bool last;			/* ITEM_END: of buf's last piece */
};

struct batch {
	size_t n;
	struct item v[BATCH];
};

struct pipe {
	const struct cb_alert_pipe_ops *ops;
	const struct cb_alert_ctx *ctx;	/* the caller's */
	struct cb_alert_ctx inner;	/* the parse's: reads forwarded */
	enum cb_alert_format fmt;
	const char *buf;
	size_t len, piece;
	size_t bad;			/* what the parses returned */
	size_t line0;			/* lines before the piece parsed */

	pthread_mutex_t lock;
	pthread_cond_t ready;		/* a batch is in the ring, or done */
	pthread_cond_t room;		/* a slot is free, or a read is done */
	struct batch *ring[QUEUED];
	size_t head, count;
	bool done;
	bool stop;			/* end() said so: no more pieces */

	struct batch *cur;		/* the parse's, being filled */
};

/* --- the parse's side ---------------------------------------------------------- */

/* Hands the batch being filled over, waiting for a free slot. */
static void
publish(struct pipe *p)
{
	if (p->cur == NULL || p->cur->n == 0)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->count == QUEUED)
		pthread_cond_wait(&p->room, &p->lock);
	p->ring[(p->head + p->count) % QUEUED] = p->cur;
	p->count++;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	p->cur = NULL;
}

/* The next item of the batch being filled; add_done() after filling. */
static struct item *
add(struct pipe *p, enum item_kind kind)
{
	struct item *it;

	if (p->cur == NULL) {
		p->cur = xmalloc(sizeof *p->cur);
		p->cur->n = 0;
	}
	it = &p->cur->v[p->cur->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static void
add_done(struct pipe *p)
{
	if (p->cur->n == BATCH)
		publish(p);
}

static void
pipe_alert(struct cb_alert *a, void *arg)
{
	struct pipe *p = arg;
	void *extra = p->ops->prepare != NULL ?
	    p->ops->prepare(a, p->ops->arg) : NULL;
	struct item *it = add(p, ITEM_ALERT);

	it->a = a;
	it->extra = extra;
	add_done(p);
}

static void
pipe_flow(const struct cb_flow *f, void *arg)
{
	struct pipe *p = arg;

	add(p, ITEM_FLOW)->flow = *f;
	add_done(p);
}

static void
pipe_bad(size_t line, const char *why, void *arg)
{
	struct pipe *p = arg;
	struct item *it = add(p, ITEM_BAD);

	it->line = p->line0 + line;
	it->why = xstrdup(why);
	add_done(p);
}

/* ctx->read_results for the parse: done by the caller's thread. */
static enum cb_status
pipe_read(const char *path, struct cb_buf *out, void *arg,
    struct cb_error *err)
{
	struct pipe *p = arg;
	struct read_req rq = { path, out, err, CB_ERR, false };

	add(p, ITEM_READ)->read = &rq;
	publish(p);
	pthread_mutex_lock(&p->lock);
	while (!rq.done)
		pthread_cond_wait(&p->room, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return rq.status;
}

/* The length of the piece at off: piece bytes or so, to a line end. */
static size_t
piece_len(const struct pipe *p, size_t off)
{
	size_t n = p->len - off;
	const char *nl;

	if (p->piece == 0 || n <= p->piece)
		return n;
	nl = memchr(p->buf + off + p->piece, '\n', n - p->piece);
	return nl != NULL ? (size_t)(nl - (p->buf + off)) + 1 : n;
}

static void *
parse_thread(void *arg)
{
	struct pipe *p = arg;
	struct cb_alert_sink sink = { pipe_alert, pipe_flow, pipe_bad, p };
	size_t off = 0, n;
	bool stop = false;

	while (off < p->len && !stop) {
		n = piece_len(p, off);
		p->bad += cb_alert_parse_all(p->fmt, p->buf + off, n,
		    &p->inner, &sink);
		add(p, ITEM_END)->last = off + n >= p->len;
		publish(p);
		p->line0 += cb_alert_lines(p->buf + off, n);
		off += n;
		pthread_mutex_lock(&p->lock);
		stop = p->stop;
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_lock(&p->lock);
	p->done = true;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* --- the caller's side --------------------------------------------------------- */

static void
deliver(struct pipe *p, struct item *it)
{
	const struct cb_alert_pipe_ops *ops = p->ops;
	struct read_req *rq;

	switch (it->kind) {
	case ITEM_ALERT:
		if (ops->alert != NULL) {
			ops->alert(it->a, it->extra, ops->arg);
		} else {
			cb_alert_free(it->a);
			free(it->a);
			free(it->extra);
		}
		break;
	case ITEM_FLOW:
		if (ops->flow != NULL)
			ops->flow(&it->flow, ops->arg);
		break;
	case ITEM_BAD:
		if (ops->bad != NULL)
			ops->bad(it->line, it->why, ops->arg);
		free(it->why);
		break;
	case ITEM_READ:
		rq = it->read;
		rq->status = p->ctx->read_results(rq->path, rq->out,
		    p->ctx->read_arg, rq->err);
		pthread_mutex_lock(&p->lock);
		rq->done = true;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->lock);
		break;
	case ITEM_END:
		if (ops->end != NULL && !ops->end(it->last, ops->arg)) {
			pthread_mutex_lock(&p->lock);
			p->stop = true;
			pthread_mutex_unlock(&p->lock);
		}
		break;
	}
}

/* The same work in this thread alone, when no thread can be had. */
static void
inline_alert(struct cb_alert *a, void *arg)
{
	const struct cb_alert_pipe_ops *ops = ((struct pipe *)arg)->ops;
	void *extra = ops->prepare != NULL ? ops->prepare(a, ops->arg) : NULL;

	if (ops->alert != NULL) {
		ops->alert(a, extra, ops->arg);
		return;
	}
	cb_alert_free(a);
	free(a);
	free(extra);
}

static void
inline_flow(const struct cb_flow *f, void *arg)
{
	const struct cb_alert_pipe_ops *ops = ((struct pipe *)arg)->ops;

	if (ops->flow != NULL)
		ops->flow(f, ops->arg);
}

static void
inline_bad(size_t line, const char *why, void *arg)
{
	const struct cb_alert_pipe_ops *ops = ((struct pipe *)arg)->ops;

	if (ops->bad != NULL)
		ops->bad(((struct pipe *)arg)->line0 + line, why, ops->arg);
}

size_t
cb_alert_parse_threaded(enum cb_alert_format fmt, const char *buf,
    size_t len, size_t piece, const struct cb_alert_ctx *ctx,
    const struct cb_alert_pipe_ops *ops)
{
	struct pipe p;
	struct cb_alert_sink direct = { inline_alert, inline_flow, inline_bad,
		&p };
	sigset_t all, old;
	pthread_t tid;
	struct batch *b;
	int rc;

	memset(&p, 0, sizeof p);
	p.ops = ops;
	p.ctx = ctx;
	p.inner = *ctx;
	if (ctx->read_results != NULL) {
		p.inner.read_results = pipe_read;
		p.inner.read_arg = &p;
	}
	p.fmt = fmt;
	p.buf = buf;
	p.len = len;
	p.piece = cb_alert_format_is_document(fmt) ? 0 : piece;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_cond_init(&p.room, NULL);
	/* Signals stay with the caller's thread (a handler that sets a flag
	 * for the caller's loop must run there). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = len < SMALL ? -1 : pthread_create(&tid, NULL, parse_thread, &p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		for (size_t off = 0, n; off < len; off += n) {
			n = piece_len(&p, off);
			p.bad += cb_alert_parse_all(fmt, buf + off, n, ctx,
			    &direct);
			p.line0 += cb_alert_lines(buf + off, n);
			if (ops->end != NULL &&
			    !ops->end(off + n >= len, ops->arg))
				break;
		}
		goto out;
	}
	for (;;) {
		pthread_mutex_lock(&p.lock);
		while (p.count == 0 && !p.done)
			pthread_cond_wait(&p.ready, &p.lock);
		if (p.count == 0) {
			pthread_mutex_unlock(&p.lock);
			break;
		}
		b = p.ring[p.head];
		p.head = (p.head + 1) % QUEUED;
		p.count--;
		pthread_cond_broadcast(&p.room);
		pthread_mutex_unlock(&p.lock);
		for (size_t i = 0; i < b->n; i++)
			deliver(&p, &b->v[i]);
		free(b);
	}
	pthread_join(tid, NULL);
out:
	pthread_cond_destroy(&p.room);
	pthread_cond_destroy(&p.ready);
	pthread_mutex_destroy(&p.lock);
	return p.bad;
}
