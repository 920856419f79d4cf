/*
 * One small HTTPS client over libcurl, the only part of casebook that
 * includes curl.h.  A request is one blocking call: JSON in, the status,
 * the headers the retry rules need (core/ratelimit.h) and the body out.
 *
 * Always HTTPS, always verified: the peer's certificate and host name
 * are checked against the system's CAs or opts.ca_file (an internal CA);
 * there is no way to turn verification off.  The proxy variables
 * (https_proxy, no_proxy) are honoured as libcurl does.  Redirects are
 * not followed (a webhook that moves is a configuration to mend, and a
 * POST must not be replayed elsewhere).
 *
 * libcurl is initialised by the first request, not at start-up, so that
 * commands that never use the network pay nothing for it but the
 * loading of the library.  Connections are kept open between requests
 * (one handle, reset each time), so requests come from one thread.
 */
#ifndef CB_NET_HTTP_H
#define CB_NET_HTTP_H

#include <stddef.h>

#include "core/error.h"
#include "core/ratelimit.h"

struct cb_http_opts {
	const char *ca_file;		/* NULL: the system's CAs */
	long connect_timeout_ms;	/* 0: 10 s */
	long timeout_ms;		/* the whole transfer; 0: 30 s */
	size_t max_body;		/* bytes of answer kept; 0: 64 KiB */
	/*
	 * A new connection for this request, closed after it.  libcurl
	 * sends a request again, unasked, when a kept-open connection dies
	 * before any answer; for a request that must not run twice (an
	 * issue create) set this, and leave the retry to the caller, who
	 * looks first.
	 */
	int once;
	/* The body's Content-Type; NULL: application/json. */
	const char *content_type;
};

/*
 * What came back.  All strings are owned by the response (free with
 * cb_http_response_free) and NULL when absent.  answer points into it
 * and is what cb_ratelimit_decide takes.
 */
struct cb_http_response {
	struct cb_http_answer answer;
	char *retry_after;
	char *x_ratelimit_reset;
	char *ratelimit_reset;
	char *body;			/* NUL-terminated, at most max_body */
	size_t body_len;
	int truncated;			/* the body was cut at max_body */
	char error[1024];		/* kind != HTTP: what failed, in words */
};

/*
 * Sends method ("GET", "POST", "PUT") to url (https:// only) with the
 * extra headers (NULL-terminated "Name: value" strings, may be NULL) and
 * body (sent with Content-Type: opts.content_type, by default
 * application/json; NULL for none).
 *
 * Returns CB_OK when the server answered, whatever the status (read
 * resp->answer.status); CB_ERR when it did not (refused, timeout, an
 * untrusted certificate), with resp->answer.kind saying which and
 * err and resp->error saying it in words naming the host.  CB_EUSAGE for
 * a URL that is not https.  resp is always filled: free it.
 */
enum cb_status cb_http_request(const struct cb_http_opts *opts,
    const char *method, const char *url, const char *const *headers,
    const char *body, struct cb_http_response *resp, struct cb_error *err);

void cb_http_response_free(struct cb_http_response *resp);

/*
 * Closes the connections kept open between requests and undoes
 * libcurl's set-up; a later request sets it up again.  For a runner's
 * exit (and leak checkers); never needed for correctness.
 */
void cb_http_cleanup(void);

/*
 * url-encodes s (RFC 3986 unreserved characters pass) for a path
 * segment or a query value; allocates.
 */
char *cb_http_escape(const char *s);

#endif
