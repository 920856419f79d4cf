/*
 * The HTTPS client (net/http.h).  Errors name the host, never the URL:
 * a webhook's URL is its secret.
 */
#include "config.h"

#include <ctype.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/http.h"

#define _(s) gettext(s)

#define DEFAULT_CONNECT_MS	10000L
#define DEFAULT_TIMEOUT_MS	30000L
#define DEFAULT_MAX_BODY	(64 * 1024)

static bool initialised;

/*
 * libcurl's functions, found with dlopen at the first request rather
 * than linked: libcurl and the twenty libraries it needs (two TLS
 * stacks, LDAP, SASL, HTTP/2, ...) made "casebook list" start some 70 %
 * slower (doc/design.md, "The network"), and most commands never send.
 * The declarations come from curl.h, so the build still checks the
 * version it was built against; CB_CURL_SONAME is the file configure
 * found behind -lcurl.
 */
static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
	void (*url_cleanup)(CURLU *);
	void (*free)(void *);
} lc;

/* Fills lc from the library; false, with err filled, if it cannot. */
static bool
load_curl(struct cb_error *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} syms[] = {
#define SYM(f) { "curl_" #f, offsetof(__typeof__(lc), f) }
		SYM(global_init), SYM(global_cleanup), SYM(easy_init),
		SYM(easy_reset), SYM(easy_setopt), SYM(easy_perform),
		SYM(easy_getinfo), SYM(easy_strerror), SYM(easy_cleanup),
		SYM(slist_append), SYM(slist_free_all), SYM(url),
		SYM(url_set), SYM(url_get), SYM(url_cleanup), SYM(free),
#undef SYM
	};
	static void *lib;
	void *f;

	if (lib == NULL && (lib = dlopen(CB_CURL_SONAME, RTLD_NOW |
	    RTLD_LOCAL)) == NULL) {
		cb_fail(err, CB_ERR, _("cannot load the network library %s "
		    "(is libcurl installed?): %s"), CB_CURL_SONAME, dlerror());
		return false;
	}
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		if ((f = dlsym(lib, syms[i].name)) == NULL) {
			cb_fail(err, CB_ERR, _("the network library %s has no "
			    "%s: too old (casebook needs libcurl 7.85 or "
			    "later)"), CB_CURL_SONAME, syms[i].name);
			return false;
		}
		/* POSIX's way from dlsym's void * to a function pointer. */
		memcpy((char *)&lc + syms[i].offset, &f, sizeof f);
	}
	return true;
}

/*
 * One easy handle for the process, reset between requests: libcurl keeps
 * its connections and TLS sessions across a reset, so a runner draining
 * a backlog to one destination makes one TLS handshake, not one a
 * message (tests/bench/net.sh).  casebook sends from one thread.
 */
static CURL *handle;

/*
 * libcurl's global set-up (TLS library and all) runs on the first
 * request, never at start-up; it is left for the process's exit.
 */
static enum cb_status
init_once(struct cb_error *err)
{
	CURLcode rc;

	if (initialised)
		return CB_OK;
	if (!load_curl(err))
		return CB_ERR;
	if ((rc = lc.global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK)
		return cb_fail(err, CB_ERR, _("cannot start the network "
		    "library: %s"), lc.easy_strerror(rc));
	initialised = true;
	return CB_OK;
}

struct sink {
	struct cb_http_response *resp;
	size_t max;
	struct cb_buf body;
};

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct sink *k = arg;
	size_t len = size * n, room = k->max - k->body.len;

	if (len > room) {
		k->resp->truncated = 1;
		len = room;
	}
	cb_buf_add(&k->body, data, len);
	return size * n;
}

/* Keeps the value of header line (name: value\r\n) if it is name's. */
static void
keep_header(char **slot, const char *name, const char *line, size_t len)
{
	size_t nl = strlen(name);
	const char *v, *end = line + len;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	for (v = line + nl + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	free(*slot);
	*slot = xstrndup(v, (size_t)(end - v));
}

static size_t
on_header(char *line, size_t size, size_t n, void *arg)
{
	struct cb_http_response *r = arg;
	size_t len = size * n;

	/* A new status line (after a 100 Continue): forget the last. */
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		free(r->retry_after);
		free(r->x_ratelimit_reset);
		free(r->ratelimit_reset);
		r->retry_after = r->x_ratelimit_reset = r->ratelimit_reset =
		    NULL;
	}
	keep_header(&r->retry_after, "Retry-After", line, len);
	keep_header(&r->x_ratelimit_reset, "X-RateLimit-Reset", line, len);
	keep_header(&r->ratelimit_reset, "RateLimit-Reset", line, len);
	return len;
}

/* The failure in words; libcurl's own detail after a colon. */
static void
describe(struct cb_http_response *r, CURLcode rc, const char *host,
    const char *detail, long timeout_ms)
{
	const char *d = detail[0] ? detail : lc.easy_strerror(rc);

	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		r->answer.kind = CB_ANSWER_TIMEOUT;
		snprintf(r->error, sizeof r->error, _("%s did not answer "
		    "within %ld ms"), host, timeout_ms);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ISSUER_ERROR:
		r->answer.kind = CB_ANSWER_TLS;
		snprintf(r->error, sizeof r->error, _("%s: the server's "
		    "certificate is not trusted, nothing was sent (an "
		    "internal CA is named by the ca-file setting): %s"), host,
		    d);
		return;
	case CURLE_SSL_CACERT_BADFILE:
		r->answer.kind = CB_ANSWER_TLS;
		snprintf(r->error, sizeof r->error, _("%s: cannot read the CA "
		    "file, nothing was sent: %s"), host, d);
		return;
	case CURLE_SSL_CONNECT_ERROR:
		r->answer.kind = CB_ANSWER_TLS;
		snprintf(r->error, sizeof r->error, _("%s: the TLS handshake "
		    "failed, nothing was sent: %s"), host, d);
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		r->answer.kind = CB_ANSWER_NETWORK;
		snprintf(r->error, sizeof r->error, _("%s: no such host (or "
		    "no DNS): %s"), host, d);
		return;
	case CURLE_COULDNT_CONNECT:
		r->answer.kind = CB_ANSWER_NETWORK;
		snprintf(r->error, sizeof r->error, _("cannot connect to %s: "
		    "%s"), host, d);
		return;
	default:
		r->answer.kind = CB_ANSWER_NETWORK;
		snprintf(r->error, sizeof r->error, _("%s: the exchange "
		    "failed: %s"), host, d);
		return;
	}
}

/* The host of url, or NULL (and *https false) when url cannot be read. */
static char *
url_host(const char *url, bool *https)
{
	CURLU *u = lc.url();
	char *host = NULL, *scheme = NULL, *copy = NULL;

	*https = false;
	if (u != NULL && lc.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    lc.url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    lc.url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		*https = strcasecmp(scheme, "https") == 0;
		copy = xstrdup(host);
	}
	lc.free(host);
	lc.free(scheme);
	lc.url_cleanup(u);
	return copy;
}

enum cb_status
cb_http_request(const struct cb_http_opts *opts, const char *method,
    const char *url, const char *const *headers, const char *body,
    struct cb_http_response *resp, struct cb_error *err)
{
	static const struct cb_http_opts none;
	struct sink sink = { resp, 0, { 0 } };
	struct curl_slist *hl = NULL;
	char detail[CURL_ERROR_SIZE] = "";
	long connect_ms, timeout_ms, status = 0;
	enum cb_status s = CB_OK;
	CURL *c = NULL;
	CURLcode rc;
	bool https;
	char *host;

	memset(resp, 0, sizeof *resp);
	resp->answer.kind = CB_ANSWER_NETWORK;
	if (opts == NULL)
		opts = &none;
	connect_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms :
	    DEFAULT_CONNECT_MS;
	timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms :
	    DEFAULT_TIMEOUT_MS;
	sink.max = opts->max_body > 0 ? opts->max_body : DEFAULT_MAX_BODY;
	if ((s = init_once(err)) != CB_OK) {
		snprintf(resp->error, sizeof resp->error, "%s", err != NULL ?
		    err->msg : "");
		resp->answer.error = resp->error;
		return s;
	}
	if ((host = url_host(url, &https)) == NULL || !https) {
		snprintf(resp->error, sizeof resp->error, "%s", host == NULL ?
		    _("not a URL") : _("not an https:// URL: casebook sends "
		    "only over verified TLS"));
		resp->answer.error = resp->error;
		free(host);
		return cb_fail(err, CB_EUSAGE, "%s", resp->error);
	}
	if (handle == NULL && (handle = lc.easy_init()) == NULL)
		fatal("out of memory");
	c = handle;
	lc.easy_reset(c);
	for (size_t i = 0; headers != NULL && headers[i] != NULL; i++)
		hl = lc.slist_append(hl, headers[i]);
	hl = lc.slist_append(hl, "Accept: application/json");
	if (body != NULL) {
		char *ct = xasprintf("Content-Type: %s", opts->content_type !=
		    NULL ? opts->content_type : "application/json");

		hl = lc.slist_append(hl, ct);
		free(ct);
	}
	/* No "Expect: 100-continue" round trip for a small body. */
	hl = lc.slist_append(hl, "Expect:");
	if (hl == NULL)
		fatal("out of memory");

	lc.easy_setopt(c, CURLOPT_URL, url);
	lc.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	lc.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	lc.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	lc.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	lc.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (opts->ca_file != NULL)
		lc.easy_setopt(c, CURLOPT_CAINFO, opts->ca_file);
	if (opts->once) {
		lc.easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
		lc.easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	}
	lc.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	lc.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	/* Timeouts by the clock, not by SIGALRM: casebook has its own
	   signal handling. */
	lc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/"
	    PACKAGE_VERSION);
	lc.easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	lc.easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
	lc.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	lc.easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	lc.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	lc.easy_setopt(c, CURLOPT_HEADERDATA, resp);
	if (strcmp(method, "GET") == 0)
		lc.easy_setopt(c, CURLOPT_HTTPGET, 1L);
	else {
		lc.easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		lc.easy_setopt(c, CURLOPT_POSTFIELDS, body != NULL ? body :
		    "");
	}

	rc = lc.easy_perform(c);
	cb_buf_adds(&sink.body, "");
	resp->body_len = sink.body.len;
	resp->body = cb_buf_detach(&sink.body);
	if (rc == CURLE_OK) {
		lc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		resp->answer.kind = CB_ANSWER_HTTP;
		resp->answer.status = (int)status;
	} else {
		describe(resp, rc, host, detail, timeout_ms);
		resp->answer.error = resp->error;
		s = cb_fail(err, CB_ERR, "%s", resp->error);
	}
	resp->answer.retry_after = resp->retry_after;
	resp->answer.x_ratelimit_reset = resp->x_ratelimit_reset;
	resp->answer.ratelimit_reset = resp->ratelimit_reset;
	resp->answer.body = resp->body;
	/* The handle keeps pointers to these until the next reset. */
	lc.easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	lc.easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	lc.easy_setopt(c, CURLOPT_WRITEDATA, NULL);
	lc.easy_setopt(c, CURLOPT_HEADERDATA, NULL);
	lc.slist_free_all(hl);
	free(host);
	return s;
}

void
cb_http_cleanup(void)
{
	if (handle != NULL)
		lc.easy_cleanup(handle);
	handle = NULL;
	if (initialised)
		lc.global_cleanup();
	initialised = false;
}

void
cb_http_response_free(struct cb_http_response *resp)
{
	free(resp->retry_after);
	free(resp->x_ratelimit_reset);
	free(resp->ratelimit_reset);
	free(resp->body);
	memset(resp, 0, sizeof *resp);
}

char *
cb_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct cb_buf b = { 0 };

	cb_buf_adds(&b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			cb_buf_addc(&b, (char)*p);
		else
			cb_buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return cb_buf_detach(&b);
}
