/*
 * The receiver's HTTP side (srv/httpd.h) over libmicrohttpd, loaded at
 * start as net/http.c loads libcurl.
 *
 * A request's life: the access handler is called first with the head
 * (head() decides), then with each piece of the body (kept, up to
 * max_body; past it the rest is read and dropped, to answer 413), then
 * once more with no data: the body is whole.  The connection is then
 * suspended and body() called; cb_srv_answer, from the writer thread,
 * stores the answer and resumes the connection, and libmicrohttpd calls
 * the handler again, which queues the answer.  The completion callback
 * logs the request and frees it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <libintl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "srv/httpd.h"

#define _(s) gettext(s)

/*
 * libmicrohttpd's functions, typed from microhttpd.h so that the build
 * still checks the calls against the version it was built with.
 */
static struct {
	__typeof__(&MHD_start_daemon) start_daemon;
	__typeof__(&MHD_stop_daemon) stop_daemon;
	__typeof__(&MHD_quiesce_daemon) quiesce_daemon;
	__typeof__(&MHD_get_daemon_info) get_daemon_info;
	__typeof__(&MHD_is_feature_supported) is_feature_supported;
	__typeof__(&MHD_create_response_from_buffer) create_response;
	__typeof__(&MHD_add_response_header) add_header;
	__typeof__(&MHD_queue_response) queue_response;
	__typeof__(&MHD_destroy_response) destroy_response;
	__typeof__(&MHD_lookup_connection_value) lookup_value;
	__typeof__(&MHD_get_connection_info) connection_info;
	__typeof__(&MHD_suspend_connection) suspend;
	__typeof__(&MHD_resume_connection) resume;
} mhd;

static bool
load_mhd(struct cb_error *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} syms[] = {
#define SYM(f, n) { "MHD_" #n, offsetof(__typeof__(mhd), f) }
		SYM(start_daemon, start_daemon), SYM(stop_daemon, stop_daemon),
		SYM(quiesce_daemon, quiesce_daemon),
		SYM(get_daemon_info, get_daemon_info),
		SYM(is_feature_supported, is_feature_supported),
		SYM(create_response, create_response_from_buffer),
		SYM(add_header, add_response_header),
		SYM(queue_response, queue_response),
		SYM(destroy_response, destroy_response),
		SYM(lookup_value, lookup_connection_value),
		SYM(connection_info, get_connection_info),
		SYM(suspend, suspend_connection), SYM(resume, resume_connection),
#undef SYM
	};
	static void *lib;
	void *f;

	if (lib == NULL && (lib = dlopen(CB_MHD_SONAME, RTLD_NOW |
	    RTLD_LOCAL)) == NULL) {
		cb_fail(err, CB_ERR, _("cannot load the HTTP server library "
		    "%s (is libmicrohttpd installed?): %s"), CB_MHD_SONAME,
		    dlerror());
		return false;
	}
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		if ((f = dlsym(lib, syms[i].name)) == NULL) {
			cb_fail(err, CB_ERR, _("the HTTP server library %s has "
			    "no %s: too old (casebook needs libmicrohttpd "
			    "0.9.71 or later)"), CB_MHD_SONAME, syms[i].name);
			return false;
		}
		memcpy((char *)&mhd + syms[i].offset, &f, sizeof f);
	}
	return true;
}

struct cb_srv {
	struct cb_srv_opts o;
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	size_t active;		/* requests begun and not yet over */
};

enum req_state { R_HEAD, R_BODY, R_WAITING, R_ANSWERED, R_SENT };

struct cb_srv_req {
	struct cb_srv *s;
	struct MHD_Connection *conn;
	enum req_state state;
	struct timespec start;
	char client[INET6_ADDRSTRLEN];
	char method[16];
	void *app;
	struct cb_buf body;
	bool too_big;
	/* The answer, set by cb_srv_answer (any thread) under s->lock. */
	int status;
	char *text;
	char note[96];
	int retry_s;
};

static double
since_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Queues status with text (and a Retry-After) on the connection. */
static enum MHD_Result
send_answer(struct cb_srv_req *r, int status, const char *text, int retry_s)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;
	char buf[32];

	if (text == NULL)
		text = "";
	resp = mhd.create_response(strlen(text), (void *)(uintptr_t)text,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	mhd.add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		mhd.add_header(resp, MHD_HTTP_HEADER_ALLOW, "POST");
	if (retry_s > 0) {
		snprintf(buf, sizeof buf, "%d", retry_s);
		mhd.add_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
	}
	r->status = status;
	r->state = R_SENT;
	rc = mhd.queue_response(r->conn, (unsigned)status, resp);
	mhd.destroy_response(resp);
	return rc;
}

/* "413 ..." lines end with a newline for curl users. */
static enum MHD_Result
refuse(struct cb_srv_req *r, int status, const char *why)
{
	char *text = xasprintf("%s\n", why);
	enum MHD_Result rc;

	snprintf(r->note, sizeof r->note, "%s", why);
	rc = send_answer(r, status, text, 0);
	free(text);
	return rc;
}

static void
peer_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = mhd.connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(out, n, "?");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result
on_head(struct cb_srv *s, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls)
{
	struct cb_srv_req *r = xcalloc(1, sizeof *r);
	const char *why = NULL, *v;
	unsigned long long cl;
	char *end;
	int status;

	r->s = s;
	r->conn = conn;
	r->state = R_BODY;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	peer_address(conn, r->client, sizeof r->client);
	snprintf(r->method, sizeof r->method, "%s", method);
	*con_cls = r;
	pthread_mutex_lock(&s->lock);
	s->active++;
	pthread_mutex_unlock(&s->lock);

	if ((status = s->o.head(method, url, &r->app, &why, s->o.arg)) != 0)
		return refuse(r, status, why != NULL ? why : "");
	/* A declared length over the limit is refused before it is sent. */
	v = mhd.lookup_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v != NULL) {
		errno = 0;
		cl = strtoull(v, &end, 10);
		if (errno == 0 && *end == '\0' && cl > s->o.max_body)
			return refuse(r, MHD_HTTP_CONTENT_TOO_LARGE,
			    _("the body is over the size limit"));
	}
	v = mhd.lookup_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_ENCODING);
	if (v != NULL && strcmp(v, "identity") != 0)
		return refuse(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    _("compressed bodies are not taken; send it as is"));
	return MHD_YES;
}

static enum MHD_Result
on_request(void *arg, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct cb_srv *s = arg;
	struct cb_srv_req *r = *con_cls;
	enum req_state state;

	(void)version;
	if (r == NULL)
		return on_head(s, conn, url, method, con_cls);
	pthread_mutex_lock(&s->lock);
	state = r->state;
	pthread_mutex_unlock(&s->lock);
	switch (state) {
	case R_BODY:
		break;
	case R_ANSWERED:
		return send_answer(r, r->status, r->text, r->retry_s);
	case R_SENT:
		/* An answer was queued at the head: drop what follows. */
		*data_size = 0;
		return MHD_YES;
	default:
		/* Woken without an answer: cannot happen. */
		return MHD_NO;
	}
	if (*data_size > 0) {
		if (r->too_big || r->body.len + *data_size > r->s->o.max_body) {
			r->too_big = true;
			cb_buf_free(&r->body);
		} else
			cb_buf_add(&r->body, data, *data_size);
		*data_size = 0;
		return MHD_YES;
	}
	if (r->too_big)
		return refuse(r, MHD_HTTP_CONTENT_TOO_LARGE,
		    _("the body is over the size limit"));
	if (r->body.len == 0)
		return refuse(r, MHD_HTTP_BAD_REQUEST, _("the body is empty"));
	r->state = R_WAITING;
	mhd.suspend(conn);
	s->o.body(r, r->app, r->body.data, r->body.len, s->o.arg);
	return MHD_YES;
}

void
cb_srv_answer(struct cb_srv_req *r, int status, const char *body,
    const char *note, int retry_s)
{
	struct cb_srv *s = r->s;

	pthread_mutex_lock(&s->lock);
	r->status = status;
	r->text = xstrdup(body != NULL ? body : "");
	snprintf(r->note, sizeof r->note, "%s", note != NULL ? note : "");
	r->retry_s = retry_s;
	r->state = R_ANSWERED;
	pthread_mutex_unlock(&s->lock);
	mhd.resume(r->conn);
}

static void
on_completed(void *arg, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct cb_srv *s = arg;
	struct cb_srv_req *r = *con_cls;
	struct cb_srv_logent e;

	(void)conn;
	if (r == NULL)
		return;
	*con_cls = NULL;
	e.client = r->client;
	e.method = r->method;
	e.app = r->app;
	e.status = r->state == R_SENT ? r->status : 0;
	e.received = r->body.len;
	e.ms = since_ms(&r->start);
	e.note = r->note;
	e.broken = toe != MHD_REQUEST_TERMINATED_COMPLETED_OK;
	if (s->o.log != NULL)
		s->o.log(&e, s->o.arg);
	cb_buf_free(&r->body);
	free(r->text);
	free(r);
	pthread_mutex_lock(&s->lock);
	s->active--;
	if (s->active == 0)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
}

/* libmicrohttpd's own complaints (a bad TLS handshake) go to stderr. */
static void
on_mhd_log(void *arg, const char *fmt, va_list ap)
{
	(void)arg;
	fputs("casebook serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

enum cb_status
cb_srv_start(const struct cb_srv_opts *o, struct cb_srv **out,
    struct cb_error *err)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	const union MHD_DaemonInfo *di;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	enum MHD_OPTION tls;
	struct cb_srv *s;
	char port[8];
	int rc;

	*out = NULL;
	if (!load_mhd(err))
		return CB_ERR;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%u", o->port);
	if ((rc = getaddrinfo(o->addr, port, &hints, &ai)) != 0)
		return cb_fail(err, CB_EUSAGE, _("%s: not an IP address: %s"),
		    o->addr, gai_strerror(rc));
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (o->cert_pem != NULL) {
		if (mhd.is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			freeaddrinfo(ai);
			return cb_fail(err, CB_ERR, _("%s was built without TLS: "
			    "cannot serve HTTPS"), CB_MHD_SONAME);
		}
		flags |= MHD_USE_TLS;
	}
	s = xcalloc(1, sizeof *s);
	s->o = *o;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	/*
	 * Without a certificate the list ends before the TLS options:
	 * MHD_OPTION_END where MHD_OPTION_HTTPS_MEM_CERT would be.  The
	 * logger must come first, or libmicrohttpd logs with its own.
	 */
	tls = o->cert_pem != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END;
	s->d = mhd.start_daemon(flags, (uint16_t)o->port, NULL, NULL,
	    on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_CONNECTION_LIMIT, o->max_conn,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    tls, o->cert_pem,
	    MHD_OPTION_HTTPS_MEM_KEY, o->key_pem,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (s->d == NULL) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->idle);
		free(s);
		return cb_fail(err, CB_ERR, _("cannot listen on %s port %u "
		    "(in use, not an address of this host, or a certificate "
		    "or key it cannot read)"), o->addr, o->port);
	}
	di = mhd.get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : o->port;
	*out = s;
	return CB_OK;
}

unsigned
cb_srv_port(const struct cb_srv *s)
{
	return s->port;
}

void
cb_srv_stop(struct cb_srv *s, long grace_ms)
{
	struct timespec until;
	MHD_socket fd;

	if (s == NULL)
		return;
	fd = mhd.quiesce_daemon(s->d);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_ms / 1000;
	until.tv_nsec += (grace_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (s->active > 0 &&
	    pthread_cond_timedwait(&s->idle, &s->lock, &until) == 0)
		;
	pthread_mutex_unlock(&s->lock);
	mhd.stop_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->idle);
	free(s);
}
