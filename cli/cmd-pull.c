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
#include "net/splunk.h"

#define DEFAULT_OVERLAP		600
#define DEFAULT_FIRST		"24h"

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
	char *checkpoint = NULL, *name = NULL, *body = NULL;
	char from[CB_TIME_MAX], to[CB_TIME_MAX], value[32];
	struct cb_splunk sp = { 0 };
	size_t len = 0;
	struct cb_ingest_stats stats = { 0 };
	struct cb_alert_ctx ctx = { 0 };
	struct cb_store *st = NULL;
	struct cb_error err;
	time_t now = cb_now(), earliest, latest, overlap = DEFAULT_OVERLAP, t;
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
	/* Refused before Splunk is asked anything. */
	if (cb_store_may_ingest(st, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
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

	sp.url = url;
	sp.token = token;
	sp.ca_file = ca;
	if (cb_splunk_export(&sp, search, earliest, latest, &body, &len,
	    &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	ctx.received = now;
	ctx.search_name = search;
	if (cb_store_ingest(st, CB_ALERT_SPLUNK_EXPORT, body, len, &ctx, bad_row, NULL, &stats, &err) != CB_OK) {
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
	free(body);
	if (st != NULL)
		cb_store_close(st);
	cb_secret_free(token);
	free(url);
	free(ca);
	free(secrets);
	free(checkpoint);
	free(name);
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
