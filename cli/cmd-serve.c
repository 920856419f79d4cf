/*
 * casebook serve [--listen ADDR:PORT] [--secrets FILE] [--cert FILE
 * --key FILE] [--max-body BYTES] [--max-conn N] [--queue N]
 * [--port-file FILE]: receives alerts over HTTP(S).
 *
 * POST /hooks/TOKEN with a Splunk webhook body, a JSON-lines batch or
 * NDJSON (any format `casebook ingest --format auto` reads).  The token
 * is in the path because Splunk's webhook cannot send a header; the
 * tokens are the [serve "NAME"] token = ... of the secrets file, which
 * must be its owner's alone.  The answer is 200 only once the alerts are
 * committed in the index; 400 says which record was bad (the good ones
 * of the body are stored); 401 a token not known; 404, 405 another path
 * or method; 413 a body over --max-body; 503 a full queue or a store
 * that failed (try again).
 *
 * Threads (doc/design.md, "The receiver"): libmicrohttpd's one thread
 * reads requests (srv/httpd.c); a single writer thread owns the store
 * handle (cb_store is not thread-safe) and commits whatever bodies have
 * queued up in one transaction, so that a burst costs one commit, not
 * one a request.  The main thread waits for SIGTERM or SIGINT; then the
 * queue is drained, every request answered, and the command exits 0.
 *
 * The receiver never writes the record: alerts live in the index until
 * a person promotes or merges them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/alert.h"
#include "core/datetime.h"
#include "core/gitconfig.h"
#include "core/incident.h"
#include "core/nls.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "core/sha256.h"
#include "srv/httpd.h"

#define DEFAULT_LISTEN		"127.0.0.1:8514"
#define DEFAULT_MAX_BODY	(8u << 20)
#define DEFAULT_MAX_CONN	256
#define DEFAULT_QUEUE		1024
#define QUEUE_BYTES		(256u << 20)	/* bodies waiting, at most */
#ifndef BATCH_JOBS
#define BATCH_JOBS		512		/* bodies per transaction */
#endif
#define BATCH_BYTES		(32u << 20)
#define MIN_TOKEN		16
#define STOP_GRACE_MS		10000L

/* One hook: the name logged, and the SHA-256 of its token. */
struct hook {
	char *name;
	unsigned char digest[32];
};

/* One body waiting for the writer. */
struct job {
	struct cb_srv_req *req;
	const char *data;
	size_t len;
	struct job *next;
	/* Filled by the writer. */
	size_t first, lines;	/* its lines in the batch (from 1) */
	size_t bad;
	char why[300];
};

struct serve {
	struct cb_store *st;
	struct hook *hooks;
	size_t nhooks;
	unsigned max_queue;

	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *head, **tail;
	size_t queued, queued_bytes;
	bool stopping;
};

/* --- tokens ------------------------------------------------------------ */

static enum cb_status
add_hook(const char *name, const char *token, void *arg, struct cb_error *err)
{
	struct serve *sv = arg;
	struct cb_sha256 h;
	struct hook *k;

	if (name[0] == '\0')
		return cb_fail(err, CB_EUSAGE, _("a [serve] token needs a name: "
		    "[serve \"NAME\"] token = ..."));
	if (strlen(token) < MIN_TOKEN)
		return cb_fail(err, CB_EUSAGE, _("the token of hook '%s' is "
		    "shorter than %d characters: too easy to guess (make one "
		    "with: openssl rand -hex 24)"), name, MIN_TOKEN);
	for (const char *p = token; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~'))
			return cb_fail(err, CB_EUSAGE, _("the token of hook "
			    "'%s' has a character that a URL path would "
			    "escape; use letters, digits, - _ . ~"), name);
	sv->hooks = xrealloc(sv->hooks, (sv->nhooks + 1) * sizeof *sv->hooks);
	k = &sv->hooks[sv->nhooks++];
	k->name = xstrdup(name);
	cb_sha256_init(&h);
	cb_sha256_update(&h, token, strlen(token));
	cb_sha256_final(&h, k->digest);
	return CB_OK;
}

/*
 * The hook whose token is tok, or NULL.  The token's digest is compared
 * with every hook's, each in full, so that the time taken says nothing
 * of how much of a token was right, nor which hook matched.
 */
static const struct hook *
find_hook(const struct serve *sv, const char *tok, size_t len)
{
	unsigned char d[32];
	const struct hook *found = NULL;
	struct cb_sha256 h;

	cb_sha256_init(&h);
	cb_sha256_update(&h, tok, len);
	cb_sha256_final(&h, d);
	for (size_t i = 0; i < sv->nhooks; i++) {
		volatile unsigned char diff = 0;

		for (size_t j = 0; j < sizeof d; j++)
			diff |= (unsigned char)(d[j] ^ sv->hooks[i].digest[j]);
		if (diff == 0)
			found = &sv->hooks[i];
	}
	explicit_bzero(d, sizeof d);
	return found;
}

/* --- the HTTP side (libmicrohttpd's thread) ------------------------------- */

static const char bad_token[] = "?";

static int
on_head(const char *method, const char *url, void **app, const char **why,
    void *arg)
{
	struct serve *sv = arg;
	const char *tok;
	const struct hook *k;
	bool stopping;

	if (strncmp(url, "/hooks/", 7) != 0) {
		*why = _("no such path: POST to /hooks/TOKEN");
		return 404;
	}
	tok = url + 7;
	if (*tok == '\0' || strchr(tok, '/') != NULL) {
		*why = _("no such path: POST to /hooks/TOKEN");
		return 404;
	}
	k = find_hook(sv, tok, strlen(tok));
	*app = k != NULL ? (void *)k->name : (void *)(uintptr_t)bad_token;
	if (strcmp(method, "POST") != 0) {
		*why = _("only POST is taken here");
		return 405;
	}
	if (k == NULL) {
		*why = _("unknown token");
		return 401;
	}
	pthread_mutex_lock(&sv->lock);
	stopping = sv->stopping;
	pthread_mutex_unlock(&sv->lock);
	if (stopping) {
		*why = _("the receiver is stopping; send it again soon");
		return 503;
	}
	return 0;
}

static void
on_body(struct cb_srv_req *r, void *app, const char *data, size_t len,
    void *arg)
{
	struct serve *sv = arg;
	struct job *j;
	const char *busy = NULL;

	(void)app;
	pthread_mutex_lock(&sv->lock);
	if (sv->stopping)
		busy = _("the receiver is stopping; send it again soon");
	else if (sv->queued >= sv->max_queue ||
	    sv->queued_bytes + len > QUEUE_BYTES)
		busy = _("too many requests waiting; send it again soon");
	if (busy == NULL) {
		j = xcalloc(1, sizeof *j);
		j->req = r;
		j->data = data;
		j->len = len;
		*sv->tail = j;
		sv->tail = &j->next;
		sv->queued++;
		sv->queued_bytes += len;
		pthread_cond_signal(&sv->wake);
	}
	pthread_mutex_unlock(&sv->lock);
	if (busy != NULL) {
		char *text = xasprintf("%s\n", busy);

		cb_srv_answer(r, 503, text, "busy", 1);
		free(text);
	}
}

/* One line per request: never the token, never the body. */
static void
on_log(const struct cb_srv_logent *e, void *arg)
{
	char when[CB_TIME_MAX];
	const char *hook = e->app != NULL ? e->app : "-";

	(void)arg;
	cb_time_format(time(NULL), when);
	flockfile(stderr);
	fprintf(stderr, "%s %s ", when, e->client);
	cli_put_line(stderr, e->method);
	fprintf(stderr, " hook=");
	cli_put_line(stderr, hook);
	if (e->status != 0)
		fprintf(stderr, " %d", e->status);
	else
		fprintf(stderr, " -");
	fprintf(stderr, " %zu bytes %.1f ms", e->received, e->ms);
	if (e->broken)
		fprintf(stderr, " (connection lost)");
	if (e->note[0] != '\0') {
		fprintf(stderr, " ");
		cli_put_line(stderr, e->note);
	}
	fprintf(stderr, "\n");
	funlockfile(stderr);
}

/* --- the writer ----------------------------------------------------------- */

/*
 * Whether a body must be parsed on its own rather than as lines among
 * other bodies': a Splunk CSV, or a body that starts as a webhook body
 * but whose first line is not JSON by itself (one spread over lines, or
 * a broken one).  cb_alert_parse_all reads a whole buffer as ONE
 * webhook document when its first line is such a line, so a batch must
 * never start with one: the other bodies would be read into it.
 */
static bool
is_document(const char *data, size_t len)
{
	enum cb_alert_format f = cb_alert_sniff(data, len);
	const char *nl;
	json_t *first;

	if (f == CB_ALERT_SPLUNK_CSV)
		return true;
	if (f != CB_ALERT_SPLUNK_WEBHOOK)
		return false;
	nl = memchr(data, '\n', len);
	first = json_loadb(data, nl != NULL ? (size_t)(nl - data) : len, 0,
	    NULL);
	json_decref(first);
	return first == NULL;
}

struct batch {
	struct job **jobs;
	size_t n;
};

/* A bad record of the batch, told to the job whose line it is. */
static void
on_bad(size_t line, const char *why, void *arg)
{
	struct batch *b = arg;
	size_t lo = 0, hi = b->n;
	struct job *j;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (b->jobs[mid]->first <= line)
			lo = mid;
		else
			hi = mid;
	}
	j = b->jobs[lo];
	if (j->bad++ == 0)
		snprintf(j->why, sizeof j->why, "line %zu: %s",
		    line - j->first + 1, why);
}

/* Answers every job of b after its commit (s) and frees them. */
static void
answer(struct batch *b, enum cb_status s, const struct cb_error *err)
{
	for (size_t i = 0; i < b->n; i++) {
		struct job *j = b->jobs[i];
		char *text, note[64];

		if (s != CB_OK) {
			text = xasprintf(_("not stored: %s; send it again\n"),
			    err->msg);
			cb_srv_answer(j->req, 503, text, "store failed", 5);
		} else if (j->bad > 0) {
			text = j->bad > 1 ? xasprintf(_("%s (and %zu more bad "
			    "records); any other records were stored\n"),
			    j->why, j->bad - 1) : xasprintf(_("%s; any other "
			    "records were stored\n"), j->why);
			snprintf(note, sizeof note, "bad=%zu", j->bad);
			cb_srv_answer(j->req, 400, text, note, 0);
		} else {
			text = xstrdup(_("stored\n"));
			cb_srv_answer(j->req, 200, text, NULL, 0);
		}
		free(text);
		free(j);
	}
	b->n = 0;
}

static enum cb_status
ingest(struct serve *sv, const char *buf, size_t len, struct batch *b,
    struct cb_error *err)
{
	struct cb_alert_ctx ctx = { cb_now(), NULL, NULL, NULL };
	struct cb_ingest_stats stats;

	return cb_store_ingest(sv->st, CB_ALERT_AUTO, buf, len, &ctx, on_bad,
	    b, &stats, err);
}

/*
 * Commits a run of jobs: the bodies that are lines go into one buffer
 * and one transaction; a body that is a document (below) has one of its
 * own.  Every job is answered.
 */
static void
commit_jobs(struct serve *sv, struct job *list)
{
	struct batch lines = { NULL, 0 }, one = { NULL, 0 };
	struct cb_buf buf = { 0 };
	struct cb_error err;
	enum cb_status s;
	size_t line = 1, n = 0;

	for (struct job *j = list; j != NULL; j = j->next)
		n++;
	lines.jobs = xcalloc(n, sizeof *lines.jobs);
	for (struct job *j = list, *next; j != NULL; j = next) {
		next = j->next;
		if (is_document(j->data, j->len)) {
			one.jobs = &j;
			one.n = 1;
			j->first = 1;
			s = ingest(sv, j->data, j->len, &one, &err);
			answer(&one, s, &err);
			continue;
		}
		j->first = line;
		for (size_t i = 0; i < j->len; i++)
			if (j->data[i] == '\n')
				line++;
		cb_buf_add(&buf, j->data, j->len);
		if (j->data[j->len - 1] != '\n') {
			cb_buf_addc(&buf, '\n');
			line++;
		}
		lines.jobs[lines.n++] = j;
	}
	if (lines.n > 0) {
		s = ingest(sv, buf.data, buf.len, &lines, &err);
		answer(&lines, s, &err);
	}
	cb_buf_free(&buf);
	free(lines.jobs);
}

static void *
writer(void *arg)
{
	struct serve *sv = arg;

	for (;;) {
		struct job *list, **end;
		size_t n = 0, bytes = 0;

		pthread_mutex_lock(&sv->lock);
		while (sv->head == NULL && !sv->stopping)
			pthread_cond_wait(&sv->wake, &sv->lock);
		if (sv->head == NULL) {
			pthread_mutex_unlock(&sv->lock);
			return NULL;
		}
		/* Take what has queued, up to a batch. */
		list = sv->head;
		end = &sv->head;
		while (*end != NULL && n < BATCH_JOBS && bytes < BATCH_BYTES) {
			bytes += (*end)->len;
			n++;
			end = &(*end)->next;
		}
		sv->head = *end;
		if (sv->head == NULL)
			sv->tail = &sv->head;
		*end = NULL;
		sv->queued -= n;
		sv->queued_bytes -= bytes;
		pthread_mutex_unlock(&sv->lock);
		commit_jobs(sv, list);
	}
}

/* --- options and start-up ------------------------------------------------- */

/* "ADDR:PORT", "[v6]:PORT" or "PORT" into addr (allocated) and port. */
static bool
parse_listen(const char *s, char **addr, unsigned *port)
{
	const char *colon;
	char *end;
	unsigned long p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			return false;
		*addr = xstrndup(s + 1, (size_t)(close - s - 1));
		colon = close + 1;
	} else if ((colon = strrchr(s, ':')) == NULL) {
		*addr = xstrdup("127.0.0.1");
		colon = s - 1;
	} else
		*addr = xstrndup(s, (size_t)(colon - s));
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || p > 65535) {
		free(*addr);
		*addr = NULL;
		return false;
	}
	*port = (unsigned)p;
	return true;
}

static bool
parse_size(const char *s, unsigned long long min, unsigned long long max,
    unsigned long long *out)
{
	char *end;
	unsigned long long v, mult = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno != 0)
		return false;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'M')
		mult = 1024 * 1024, end++;
	if (*end != '\0' || v > max / mult || v * mult < min)
		return false;
	*out = v * mult;
	return true;
}

/*
 * The certificate or key at path as text.  The key must be its owner's
 * alone, as ssh wants of a private key.
 */
static char *
read_pem(const char *path, bool private, struct cb_error *err)
{
	struct cb_buf b = { 0 };
	struct stat sb;
	char chunk[4096];
	ssize_t n;
	int fd;

	if ((fd = cb_open_regular(path, 0, err)) < 0)
		return NULL;
	if (private && (fstat(fd, &sb) != 0 || (sb.st_mode & 077) != 0)) {
		close(fd);
		cb_fail(err, CB_EDENIED, _("%s: refused: group or others can "
		    "read the private key (mode %03o); chmod 600 %s"), path,
		    (unsigned)(sb.st_mode & 0777), path);
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && b.len < (1u << 20))
		cb_buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		cb_buf_free(&b);
		cb_fail(err, CB_ERR, _("%s: cannot read: %s"), path,
		    strerror(errno));
		return NULL;
	}
	cb_buf_adds(&b, "");
	return cb_buf_detach(&b);
}

static void
wipe_free(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "secrets", required_argument, NULL, 's' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "max-conn", required_argument, NULL, 'C' },
		{ "queue", required_argument, NULL, 'q' },
		{ "port-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = DEFAULT_LISTEN, *secrets_opt = NULL;
	const char *cert = NULL, *key = NULL, *port_file = NULL;
	unsigned long long max_body = DEFAULT_MAX_BODY, max_conn =
	    DEFAULT_MAX_CONN, queue = DEFAULT_QUEUE;
	struct serve sv = { 0 };
	struct cb_srv_opts so = { 0 };
	struct cb_srv *srv = NULL;
	struct cb_error err;
	pthread_t wt;
	sigset_t sigs;
	char *secrets = NULL, *addr = NULL, *cert_pem = NULL, *key_pem = NULL;
	int c, sig, rc = 1;

	if (cli_help(&cmd_serve, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen = optarg;
			break;
		case 's':
			secrets_opt = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'b':
			if (!parse_size(optarg, 1024, 1ull << 30, &max_body))
				return cli_usage(&cmd_serve, _("--max-body: "
				    "from 1k to 1024M bytes"));
			break;
		case 'C':
			if (!parse_size(optarg, 1, 65536, &max_conn))
				return cli_usage(&cmd_serve, _("--max-conn: "
				    "from 1 to 65536"));
			break;
		case 'q':
			if (!parse_size(optarg, 1, 1000000, &queue))
				return cli_usage(&cmd_serve, _("--queue: from 1 "
				    "to 1000000 requests"));
			break;
		case 'p':
			port_file = optarg;
			break;
		default:
			return cli_usage(&cmd_serve, _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_serve, _("no arguments are taken"));
	if ((cert == NULL) != (key == NULL))
		return cli_usage(&cmd_serve, _("--cert and --key go together"));
	if (!parse_listen(listen, &addr, &so.port))
		return cli_usage(&cmd_serve, _("--listen: ADDR:PORT, e.g. "
		    "127.0.0.1:8514 or [::1]:8514"));

	secrets = cli_secrets_path(secrets_opt);
	pthread_mutex_init(&sv.lock, NULL);
	pthread_cond_init(&sv.wake, NULL);
	sv.tail = &sv.head;
	sv.max_queue = (unsigned)queue;
	if (cb_secret_each(secrets, "serve", "token", add_hook, &sv,
	    &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (sv.nhooks == 0) {
		fprintf(stderr, _("casebook: %s has no hook: add a [serve "
		    "\"NAME\"] section with token = ... (openssl rand -hex "
		    "24 makes one)\n"), secrets);
		goto out;
	}
	if (cert != NULL && ((cert_pem = read_pem(cert, false, &err)) == NULL ||
	    (key_pem = read_pem(key, true, &err)) == NULL)) {
		rc = cli_error(&err);
		goto out;
	}
	if ((sv.st = cli_open(cli)) == NULL)
		goto out;
	/* Refused at start, not at the first request. */
	if (cb_store_may_ingest(sv.st, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}

	/*
	 * SIGTERM and SIGINT are taken by sigwait in this thread: blocked
	 * before any thread starts, so that every thread inherits the mask.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_create(&wt, NULL, writer, &sv) != 0)
		fatal("cannot start the writer thread");

	so.addr = addr;
	so.max_body = (size_t)max_body;
	so.max_conn = (unsigned)max_conn;
	so.timeout_s = 30;
	so.cert_pem = cert_pem;
	so.key_pem = key_pem;
	so.head = on_head;
	so.body = on_body;
	so.log = on_log;
	so.arg = &sv;
	if (cb_srv_start(&so, &srv, &err) != CB_OK) {
		rc = cli_error(&err);
		pthread_mutex_lock(&sv.lock);
		sv.stopping = true;
		pthread_cond_signal(&sv.wake);
		pthread_mutex_unlock(&sv.lock);
		pthread_join(wt, NULL);
		goto out;
	}
	fprintf(stderr, _("casebook serve: listening on %s%s%s:%u (%s), "
	    "hooks: %zu\n"), strchr(addr, ':') ? "[" : "", addr,
	    strchr(addr, ':') ? "]" : "", cb_srv_port(srv),
	    cert_pem != NULL ? "https" : "http", sv.nhooks);
	if (port_file != NULL) {
		FILE *f = fopen(port_file, "w");

		if (f != NULL) {
			fprintf(f, "%u\n", cb_srv_port(srv));
			fclose(f);
		}
	}
	do {
		if (sigwait(&sigs, &sig) != 0)
			sig = SIGTERM;
	} while (sig != SIGTERM && sig != SIGINT);

	/* Stop: answer what has queued, then let the answers go out. */
	fprintf(stderr, _("casebook serve: stopping\n"));
	pthread_mutex_lock(&sv.lock);
	sv.stopping = true;
	pthread_cond_signal(&sv.wake);
	pthread_mutex_unlock(&sv.lock);
	pthread_join(wt, NULL);
	cb_srv_stop(srv, STOP_GRACE_MS);
	rc = 0;
out:
	if (sv.st != NULL)
		cb_store_close(sv.st);
	for (size_t i = 0; i < sv.nhooks; i++)
		free(sv.hooks[i].name);
	free(sv.hooks);
	wipe_free(key_pem);
	free(cert_pem);
	free(addr);
	free(secrets);
	pthread_mutex_destroy(&sv.lock);
	pthread_cond_destroy(&sv.wake);
	return rc;
}

const struct cb_cmd cmd_serve = {
	"serve", "[--listen ADDR:PORT] [--cert FILE --key FILE] [...]",
	N_("receive alerts over HTTP(S) at /hooks/TOKEN"), run,
};
