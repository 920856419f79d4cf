/*
 * A small HTTP(S) receiver over libmicrohttpd, for `casebook serve`: the
 * only part of casebook that includes microhttpd.h.  It knows nothing of
 * alerts, tokens or the store: it reads a request's head, asks the
 * caller whether to take the body, reads the body up to a limit, hands
 * the whole body to the caller and sends the answer the caller gives,
 * from whatever thread gives it.
 *
 * libmicrohttpd is loaded with dlopen when the receiver starts, not
 * linked: it brings GnuTLS and eight more libraries, which every other
 * command would load at start-up for nothing (doc/design.md, "The
 * receiver").
 *
 * Threads: one, libmicrohttpd's own (epoll), runs head() and body(); a
 * request whose body is complete is suspended until cb_srv_answer is
 * called for it, so that a slow store never holds the thread that reads
 * the other requests.
 */
#ifndef CB_SRV_HTTPD_H
#define CB_SRV_HTTPD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct cb_srv;
struct cb_srv_req;

/* What the log callback is told of each finished request. */
struct cb_srv_logent {
	const char *client;	/* the peer's address, as text */
	const char *method;	/* as the client sent it (not sanitised) */
	void *app;		/* what head() left in *app */
	int status;		/* the answer's status; 0: none was sent */
	size_t received;	/* body bytes read */
	double ms;		/* from the head to the end of the answer */
	const char *note;	/* the answer's note, "" when none */
	bool broken;		/* the connection ended before the answer went */
};

struct cb_srv_opts {
	const char *addr;	/* a numeric IPv4 or IPv6 address */
	unsigned port;		/* 0: one the system picks (cb_srv_port) */
	size_t max_body;	/* a longer body is answered 413 */
	unsigned max_conn;	/* connections at once; more are refused */
	unsigned timeout_s;	/* an idle connection is closed after it */
	/* PEM text (not file names); both NULL: plain HTTP. */
	const char *cert_pem, *key_pem;
	/*
	 * Called with each request's head: 0 to read its body, else the
	 * status to answer at once with *why (a static string, may stay
	 * NULL).  *app is the caller's, handed back in body() and the log;
	 * head() owns what it puts there until log() is called.
	 */
	int (*head)(const char *method, const char *url, void **app,
	    const char **why, void *arg);
	/*
	 * Called with a request's whole body (len > 0, at most max_body;
	 * valid until the request is answered).  The caller must call
	 * cb_srv_answer exactly once for r, from any thread, now or later.
	 */
	void (*body)(struct cb_srv_req *r, void *app, const char *data,
	    size_t len, void *arg);
	/* Called once for every request, when it is over; may be NULL. */
	void (*log)(const struct cb_srv_logent *e, void *arg);
	void *arg;
};

/*
 * Loads libmicrohttpd and starts listening.  CB_OK with *out set, or
 * CB_ERR with err saying why (no library, no TLS in it, the address in
 * use or not this host's, a certificate it cannot read).
 */
enum cb_status cb_srv_start(const struct cb_srv_opts *opts,
    struct cb_srv **out, struct cb_error *err);
/* The port it listens on. */
unsigned cb_srv_port(const struct cb_srv *s);
/*
 * Answers r with status and body (text, copied; NULL: none) and note (a
 * word or two for the log line, copied; NULL: none), and with a
 * Retry-After of retry_s seconds when retry_s > 0.  Safe from any
 * thread; r is not to be used after it.
 */
void cb_srv_answer(struct cb_srv_req *r, int status, const char *body,
    const char *note, int retry_s);
/*
 * Stops taking connections, waits up to grace_ms for the requests under
 * way to be answered and sent, then stops and frees s.  The caller must
 * have answered, or be about to answer, every request body() gave it.
 */
void cb_srv_stop(struct cb_srv *s, long grace_ms);

#endif
