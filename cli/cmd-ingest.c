/*
 * casebook ingest [--format F] [--search NAME] [FILE...|-]: takes alerts
 * into the index (store/alert.c).  Each bad record is reported as
 * "FILE:LINE: why" and skipped; the rest lands.  Exit 0 when every
 * record was read, 5 when some were bad but the rest was taken in, 1
 * (nothing of that batch written) on an error.
 *
 * A big file is not read into memory: a regular file is mapped and
 * handed to the store in pieces of whole lines (CHUNK bytes or so), each
 * piece one transaction; standard input is read in such pieces.  A
 * format whose records are whole documents (a webhook body, a CSV
 * export) is handed over whole.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/gitconfig.h"
#include "core/nls.h"

/* A piece, one transaction: 100,000 EVE alerts.  A hot index page is
 * written to the WAL once per piece, so 64 MB pieces write 36% fewer
 * pages than 16 MB ones did (doc/design.md, "Ingest speed"). */
#define CHUNK	(64u << 20)
#define EXIT_SOME_BAD	5

struct run_state {
	const char *name;	/* the file, for messages */
	size_t line0;		/* lines before the piece being ingested */
	struct cb_ingest_stats total;
};

static void
on_bad(size_t line, const char *why, void *arg)
{
	struct run_state *r = arg;

	fputs(_("casebook: "), stderr);
	cli_put_line(stderr, r->name);
	fprintf(stderr, ":%zu: ", r->line0 + line);
	cli_put_line(stderr, why);
	fputc('\n', stderr);
}

/* A custom alert action's results_file, read with the person's rights. */
static enum cb_status
read_results(const char *path, struct cb_buf *out, void *arg,
    struct cb_error *err)
{
	char *data;
	size_t len;

	(void)arg;
	if ((data = cli_read_file(path, &len, err)) == NULL)
		return CB_ERR;
	cb_buf_add(out, data, len);
	free(data);
	return CB_OK;
}

static void
add_stats(struct cb_ingest_stats *t, const struct cb_ingest_stats *s)
{
	t->added += s->added;
	t->replayed += s->replayed;
	t->flows += s->flows;
	t->bad += s->bad;
}

/* Whether buf's records are whole documents to hand over whole. */
static bool
whole(enum cb_alert_format fmt, const char *buf, size_t len)
{
	const char *nl;

	if (fmt == CB_ALERT_AUTO) {
		nl = memchr(buf, '\n', len);
		fmt = cb_alert_sniff(buf, nl != NULL ? (size_t)(nl - buf) : len);
		if (fmt == CB_ALERT_AUTO)
			return true;
	}
	return cb_alert_format_is_document(fmt);
}

/*
 * The open incidents that new alerts concern have their rules looked at
 * again (store/alertrules.c): one commit per incident at most, after the
 * whole run.  Returns 0, or the exit code of a failure (said on stderr).
 */
static int
fire_rules(struct cb_store *st, long long after)
{
	struct cb_error err;
	size_t updated;

	if (cb_store_alert_rules_fire(st, after, &updated, &err) != CB_OK)
		return cli_error(&err);
	if (updated > 0)
		printf(_("new suggestions from the alerts in %zu open "
		    "incident(s); see 'casebook checklist ID'\n"), updated);
	return 0;
}

/*
 * Ingests buf in pieces ending at line ends (whole when its format is a
 * document), each piece one transaction.  Returns the status of the
 * first failing piece; pieces before it are in.
 */
static enum cb_status
ingest_buf(struct cb_store *st, enum cb_alert_format fmt, const char *buf,
    size_t len, const struct cb_alert_ctx *ctx, struct run_state *r,
    struct cb_error *err)
{
	struct cb_ingest_stats s;
	enum cb_status rc;

	if (len == 0)
		return CB_OK;
	rc = cb_store_ingest_pieces(st, fmt, buf, len, whole(fmt, buf, len) ?
	    0 : CHUNK, ctx, on_bad, NULL, r, &s, err);
	add_stats(&r->total, &s);
	r->line0 += cb_alert_lines(buf, len);
	return rc;
}

/* Standard input (or a file that cannot be mapped), read in pieces. */
static enum cb_status
ingest_fd(struct cb_store *st, enum cb_alert_format fmt, int fd,
    const struct cb_alert_ctx *ctx, struct run_state *r, struct cb_error *err)
{
	struct cb_buf b = { 0 };
	char chunk[65536];
	enum cb_status rc = CB_OK;
	bool decided = false, doc = false;
	const char *last;
	ssize_t got;
	size_t n;

	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = cb_fail(err, CB_ERR, "%s: %s", r->name,
			    strerror(errno));
			break;
		}
		if (got > 0)
			cb_buf_add(&b, chunk, (size_t)got);
		if (!decided && (b.len > 0 && (memchr(b.data, '\n', b.len) !=
		    NULL || got == 0))) {
			decided = true;
			doc = whole(fmt, b.data, b.len);
		}
		if (got == 0 || (!doc && b.len >= CHUNK)) {
			if (got == 0)
				n = b.len;
			else if ((last = memrchr(b.data, '\n', b.len)) != NULL)
				n = (size_t)(last - b.data) + 1;
			else
				continue;
			if ((rc = ingest_buf(st, fmt, b.data, n, ctx, r,
			    err)) != CB_OK)
				break;
			memmove(b.data, b.data + n, b.len - n);
			b.len -= n;
			if (got == 0)
				break;
		}
	}
	cb_buf_free(&b);
	return rc;
}

static enum cb_status
ingest_path(struct cb_store *st, enum cb_alert_format fmt, const char *path,
    const struct cb_alert_ctx *ctx, struct run_state *r, struct cb_error *err)
{
	struct stat sb;
	enum cb_status rc;
	void *map;
	int fd;

	r->name = strcmp(path, "-") == 0 ? _("standard input") : path;
	r->line0 = 0;
	if (strcmp(path, "-") == 0)
		return ingest_fd(st, fmt, 0, ctx, r, err);
	if ((fd = cb_open_regular(path, CB_OPEN_AS_USER, err)) < 0)
		return CB_ERR;
	if (fstat(fd, &sb) < 0) {
		rc = cb_fail(err, CB_ERR, "%s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	if (sb.st_size == 0) {
		close(fd);
		return CB_OK;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		rc = ingest_fd(st, fmt, fd, ctx, r, err);
		close(fd);
		return rc;
	}
	(void)madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	rc = ingest_buf(st, fmt, map, (size_t)sb.st_size, ctx, r, err);
	munmap(map, (size_t)sb.st_size);
	close(fd);
	return rc;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "search", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	enum cb_alert_format fmt = CB_ALERT_AUTO;
	struct cb_alert_ctx ctx = { 0 };
	struct run_state r;
	struct cb_store *st;
	struct cb_error err;
	static char dash[] = "-";
	char *stdin_only[] = { dash };
	char **files;
	int nfiles, c, rc = 0;
	long long last;

	if (cli_help(&cmd_ingest, argc, argv))
		return 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!cb_alert_format_parse(optarg, &fmt))
				return cli_usage(&cmd_ingest, _("unknown format "
				    "'%s'"), optarg);
			break;
		case 's':
			ctx.search_name = optarg;
			break;
		default:
			return cli_usage(&cmd_ingest, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_may_ingest(st, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (cb_store_alert_last(st, &last, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	ctx.received = cb_now();
	ctx.read_results = read_results;
	memset(&r, 0, sizeof r);
	for (int i = 0; i < nfiles; i++) {
		if (ingest_path(st, fmt, files[i], &ctx, &r, &err) != CB_OK) {
			/* A file that cannot be read, or a batch that could
			 * not be written: say so, go on with the others. */
			fputs(_("casebook: "), stderr);
			if (strstr(err.msg, files[i]) == NULL) {
				cli_put_line(stderr, r.name);
				fputs(": ", stderr);
			}
			cli_put_line(stderr, err.msg);
			fputc('\n', stderr);
			rc = cb_status_exit_code(err.status);
		}
	}
	printf(_("%zu alerts added, %zu replayed, %zu flows, %zu bad "
	    "records\n"), r.total.added, r.total.replayed, r.total.flows,
	    r.total.bad);
	if (r.total.added > 0 && fire_rules(st, last) != 0 && rc == 0)
		rc = 1;
	if (rc == 0 && r.total.bad > 0)
		rc = EXIT_SOME_BAD;
out:
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_ingest = {
	"ingest", "[--format FORMAT] [--search NAME] [FILE...|-]",
	N_("take in alerts (Splunk, Lastline, Suricata, casebook JSON)"), run,
};
