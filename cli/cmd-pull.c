/*
 * casebook pull splunk --search NAME [--since AGE|TIME] [--overlap AGE]
 * [--url URL] [--ca-file FILE] [--secrets FILE]: runs a saved search
 * through Splunk's REST export and ingests its rows.
 *
 * POST URL/services/search/v2/jobs/export with search="| savedsearch
 * NAME", earliest_time, latest_time and output_mode=json, over verified
 * TLS (net/http.c: the system's CAs or --ca-file, never a way to skip),
 * with Authorization: Bearer TOKEN, the token from $CASEBOOK_SPLUNK_TOKEN
 * or the secrets file's [splunk] token.  The answer is the newline-
 * delimited JSON that `ingest --format splunk-export` reads.
 *
 * Missing nothing when run from cron every minute: the time range runs
 * from the checkpoint (the latest_time of the last run whose rows were
 * committed) less --overlap (10 min by default, for events Splunk
 * indexes late) to now; the checkpoint moves only once the rows are
 * committed, so a run that fails (Splunk down, a cut stream, an error
 * message in the export) is covered by the next.  Rows fetched twice
 * are the same alerts (their key is the search name and a hash of the
 * row) and count as replays.  --since sets the start, whatever the
 * checkpoint says (a first run without it starts 24 h back).
 *
 * URL and ca-file default to the store config's splunk.url and
 * splunk.caFile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <getopt.h>

#include "cli/cli.h"
#include "core/alert.h"
#include "core/gitconfig.h"
#include "core/incident.h"
#include "core/nls.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "net/http.h"

#define DEFAULT_OVERLAP		600
#define DEFAULT_FIRST		"24h"
#define EXPORT_PATH		"/services/search/v2/jobs/export"
#define EXPORT_MAX		(512u << 20)
#define EXPORT_TIMEOUT_MS	(10L * 60 * 1000)

/* SPL's double-quoted string: backslash before " and \. */
static char *
spl_quote(const char *s)
{
	struct cb_buf b = { 0 };

	cb_buf_addc(&b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			cb_buf_addc(&b, '\\');
		cb_buf_addc(&b, *s);
	}
	cb_buf_adds(&b, "\"");
	return cb_buf_detach(&b);
}

/*
 * An export line of Splunk's own messages that says the search failed
 * ({"messages":[{"type":"FATAL","text":...}]}): its text, else NULL.
 * Rows never start so.
 */
static char *
export_failure(const char *line, size_t len)
{
	json_t *o, *msgs, *m;
	const char *type, *text;
	char *why = NULL;
	size_t i;

	if (len < 12 || strncmp(line, "{\"messages\"", 11) != 0)
		return NULL;
	if ((o = json_loadb(line, len, 0, NULL)) == NULL)
		return NULL;
	msgs = json_object_get(o, "messages");
	json_array_foreach(msgs, i, m) {
		type = json_string_value(json_object_get(m, "type"));
		text = json_string_value(json_object_get(m, "text"));
		if (type != NULL && (strcmp(type, "FATAL") == 0 ||
		    strcmp(type, "ERROR") == 0)) {
			why = xstrdup(text != NULL ? text : type);
			break;
		}
	}
	json_decref(o);
	return why;
}

static void
bad_row(size_t line, const char *why, void *arg)
{
	(void)arg;
	fprintf(stderr, _("casebook: splunk export:%zu: "), line);
	cli_put_line(stderr, why);
	fprintf(stderr, "\n");
}

static char *
config_value(struct cb_store *st, const char *key)
{
	char *path = xasprintf("%s/config", cb_store_dir(st));
	char *v = cb_gitconfig_get(path, "splunk", NULL, key);

	free(path);
	return v;
}

static int
pull_splunk(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "search", required_argument, NULL, 'n' },
		{ "since", required_argument, NULL, 's' },
		{ "overlap", required_argument, NULL, 'o' },
		{ "url", required_argument, NULL, 'u' },
		{ "ca-file", required_argument, NULL, 'c' },
		{ "secrets", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	const char *search = NULL, *since_s = NULL, *secrets_opt = NULL;
	const char *overlap_s = NULL, *env;
	char *url = NULL, *ca = NULL, *token = NULL, *secrets = NULL;
	char *checkpoint = NULL, *name = NULL, *quoted = NULL, *q_search = NULL;
	char *endpoint = NULL, *form = NULL, *auth = NULL, *why;
	char from[CB_TIME_MAX], to[CB_TIME_MAX], value[32];
	struct cb_http_response resp = { 0 };
	struct cb_http_opts hopts = { 0 };
	struct cb_ingest_stats stats = { 0 };
	struct cb_alert_ctx ctx = { 0 };
	struct cb_store *st = NULL;
	struct cb_error err;
	time_t now = cb_now(), earliest, latest, overlap = DEFAULT_OVERLAP, t;
	const char *headers[2];
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': search = optarg; break;
		case 's': since_s = optarg; break;
		case 'o': overlap_s = optarg; break;
		case 'u': free(url); url = xstrdup(optarg); break;
		case 'c': free(ca); ca = xstrdup(optarg); break;
		case 'S': secrets_opt = optarg; break;
		default:
			rc = cli_usage(&cmd_pull, _("unknown option"));
			goto out;
		}
	}
	if (optind != argc || search == NULL || search[0] == '\0') {
		rc = cli_usage(&cmd_pull, _("pull splunk needs --search NAME "
		    "(a saved search) and no other arguments"));
		goto out;
	}
	if (overlap_s != NULL && (!cli_since(overlap_s, 0, &t) || -t < 0 ||
	    -t > 7 * 86400)) {
		rc = cli_usage(&cmd_pull, _("--overlap: an age up to 7d "
		    "(e.g. 10m)"));
		goto out;
	}
	if (overlap_s != NULL)
		overlap = -t;
	if (since_s != NULL && !cli_since(since_s, now, &earliest)) {
		rc = cli_usage(&cmd_pull, _("--since: an age (30m, 24h, 7d) or "
		    "a time (e.g. 2026-12-01 15:00)"));
		goto out;
	}
	if ((st = cli_open(cli)) == NULL)
		goto out;
	if (url == NULL && (url = config_value(st, "url")) == NULL) {
		fprintf(stderr, _("casebook: no Splunk to ask: give --url "
		    "https://HOST:8089 or set splunk.url in the store "
		    "config\n"));
		goto out;
	}
	if (ca == NULL)
		ca = config_value(st, "cafile");
	if ((env = getenv("CASEBOOK_SPLUNK_TOKEN")) != NULL && *env != '\0')
		token = xstrdup(env);
	else {
		secrets = cli_secrets_path(secrets_opt);
		if (cb_secret_get(secrets, "splunk", NULL, "token", &token,
		    &err) != CB_OK) {
			rc = cli_error(&err);
			goto out;
		}
	}

	/* The window: from the checkpoint less the overlap, to now. */
	name = xasprintf("splunk-export:%s", search);
	if (cb_store_checkpoint(st, name, &checkpoint, &err) != CB_OK &&
	    err.status != CB_ENOTFOUND) {
		rc = cli_error(&err);
		goto out;
	}
	latest = now;
	if (since_s == NULL) {
		char *end = NULL;
		long long v = checkpoint != NULL ? strtoll(checkpoint, &end,
		    10) : 0;

		if (checkpoint != NULL && (end == checkpoint || *end != '\0')) {
			fprintf(stderr, _("casebook: the checkpoint of %s is "
			    "damaged ('%s'); give --since\n"), search,
			    checkpoint);
			goto out;
		}
		if (checkpoint != NULL)
			earliest = (time_t)v - overlap;
		else if (!cli_since(DEFAULT_FIRST, now, &earliest))
			fatal("the default --since does not parse");
	}
	if (earliest >= latest) {
		printf(_("nothing to ask: the window is empty\n"));
		rc = 0;
		goto out;
	}

	quoted = spl_quote(search);
	q_search = xasprintf("| savedsearch %s", quoted);
	{
		char *e1 = cb_http_escape(q_search);

		form = xasprintf("search=%s&earliest_time=%lld&latest_time=%lld"
		    "&output_mode=json", e1, (long long)earliest,
		    (long long)latest);
		free(e1);
	}
	endpoint = xasprintf("%s%s", url, EXPORT_PATH);
	if (strlen(url) > 0 && url[strlen(url) - 1] == '/')
		endpoint[strlen(url) - 1] = '\0', strcat(endpoint, EXPORT_PATH);
	auth = xasprintf("Authorization: Bearer %s", token);
	headers[0] = auth;
	headers[1] = NULL;
	hopts.ca_file = ca;
	hopts.timeout_ms = EXPORT_TIMEOUT_MS;
	hopts.max_body = EXPORT_MAX;
	hopts.content_type = "application/x-www-form-urlencoded";
	if (cb_http_request(&hopts, "POST", endpoint, headers, form, &resp,
	    &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (resp.answer.status != 200) {
		char *text = cb_sanitize(resp.body, resp.body_len > 300 ? 300 :
		    resp.body_len, 0);

		fprintf(stderr, _("casebook: Splunk answered %d: %s\n"),
		    resp.answer.status, text);
		free(text);
		goto out;
	}
	if (resp.truncated) {
		fprintf(stderr, _("casebook: the export is over %u MB: nothing "
		    "stored; give a shorter --since\n"), EXPORT_MAX >> 20);
		goto out;
	}
	for (const char *p = resp.body, *e = resp.body + resp.body_len, *nl;
	    p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if ((why = export_failure(p, (size_t)(nl - p))) != NULL) {
			fprintf(stderr, _("casebook: the search failed, nothing "
			    "stored: "));
			cli_put_line(stderr, why);
			fprintf(stderr, "\n");
			free(why);
			goto out;
		}
	}

	ctx.received = now;
	ctx.search_name = search;
	if (cb_store_ingest(st, CB_ALERT_SPLUNK_EXPORT, resp.body,
	    resp.body_len, &ctx, bad_row, NULL, &stats, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	snprintf(value, sizeof value, "%lld", (long long)latest);
	if (cb_store_set_checkpoint(st, name, value, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	cb_time_format(earliest, from);
	cb_time_format(latest, to);
	printf(_("%s to %s: %zu new, %zu again, %zu bad\n"), from, to,
	    stats.added, stats.replayed, stats.bad);
	rc = 0;
out:
	cb_http_response_free(&resp);
	cb_http_cleanup();
	if (st != NULL)
		cb_store_close(st);
	cb_secret_free(token);
	cb_secret_free(auth);
	free(url);
	free(ca);
	free(secrets);
	free(checkpoint);
	free(name);
	free(quoted);
	free(q_search);
	free(form);
	free(endpoint);
	return rc;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	if (cli_help(&cmd_pull, argc, argv))
		return 0;
	if (argc < 2)
		return cli_usage(&cmd_pull, _("pull what? (splunk)"));
	if (strcmp(argv[1], "splunk") == 0)
		return pull_splunk(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_pull, _("cannot pull from '%s': only splunk"),
	    argv[1]);
}

const struct cb_cmd cmd_pull = {
	"pull", "splunk --search NAME [--since AGE|TIME] [--url URL] "
	"[--ca-file FILE]",
	N_("fetch alerts from Splunk's search export"), run,
};
