/*
 * Parsing alerts in a second thread (doc/design.md, "Ingest speed"):
 * cb_alert_parse_all runs in a thread of its own while the caller's
 * thread takes the results, in the order the parse made them, through
 * the same sink.  On two cores the parse and what the caller does with
 * each alert (the store's SQL) overlap instead of adding up.
 *
 * What the caller wants done per alert beside the parse (anything that
 * only reads what does not change during the call: the rules, the host
 * map) goes in prepare, which runs in the parse's thread; what it
 * returns reaches the sink's thread with its alert.
 */
#ifndef CB_ALERTPIPE_H
#define CB_ALERTPIPE_H

#include "core/alert.h"

struct cb_alert_pipe_ops {
	/*
	 * In the parse's thread, for each alert before it is handed on:
	 * may change a, returns what alert() gets as extra (NULL allowed).
	 * NULL: nothing is prepared.
	 */
	void *(*prepare)(struct cb_alert *a, void *arg);
	/*
	 * In the caller's thread, in the parse's order.  alert() owns a
	 * (cb_alert_free, then free(a)) and extra; flow() and bad() borrow
	 * theirs, as in struct cb_alert_sink.  Any may be NULL.
	 */
	void (*alert)(struct cb_alert *a, void *extra, void *arg);
	void (*flow)(const struct cb_flow *f, void *arg);
	void (*bad)(size_t line, const char *why, void *arg);
	/*
	 * In the caller's thread, after the last item of each piece (see
	 * below), last telling whether it was buf's last: false stops the
	 * parse at the end of the piece it is in (the parse runs ahead, so
	 * what it made meanwhile is still handed over, for alert() to free,
	 * and end() called after it).  NULL: go on.
	 */
	bool (*end)(bool last, void *arg);
	void *arg;
};

/*
 * As cb_alert_parse_all(fmt, buf, len, ctx, ...), the parse in a new
 * thread, the ops' alert, flow and bad in this one.  buf is parsed in
 * pieces of about piece bytes, each ending at a line end (0: one piece),
 * with end() after each, so that the caller can commit a piece while
 * the next is parsed; lines count from buf's start all the same.  ctx->read_results
 * (a file read with the person's rights) is called from this thread
 * too, the parse waiting for it.  buf and ctx must stay as they are
 * until the call returns.  At most a few thousand alerts wait between
 * the two threads, so memory stays bounded however big buf is.  A buf
 * under 256 KB (casebook serve's requests, a TUI's one alert) is parsed
 * in this thread, as is any buf when a thread cannot be started: the
 * same calls in the same order, prepare() then alert() for each.  Returns
 * what cb_alert_parse_all returns.
 */
size_t cb_alert_parse_threaded(enum cb_alert_format fmt, const char *buf,
    size_t len, size_t piece, const struct cb_alert_ctx *ctx,
    const struct cb_alert_pipe_ops *ops);

#endif
