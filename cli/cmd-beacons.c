/*
 * casebook beacons [--since AGE|TIME] [--min N] [--threshold S] [--top N]
 * [--all] [--json]: the (src, dst) pairs whose connections look like a
 * program calling home, from the flow records in the index (Suricata
 * "flow" events that ingest and serve have stored), scored as RITA v5
 * scores them (core/beacon.h), with the sub-scores beside the score.
 *
 * What is listed (doc/design.md, "Beacons: what is listed"): RITA's
 * score alone ranks sparse random traffic high (its hourly histogram
 * fits any pair with a few connections an hour), so a pair is listed
 * when it has at least --min connections (default 24: one an hour over
 * a day), its score is at least --threshold (default 0.75, RITA's
 * "medium" band) and its timestamp sub-score, the one that tells regular
 * from random, is at least 0.8 (connections at random times, a Poisson
 * process, score about 0.6 there; a beacon sleeping 30-60 s, Cobalt
 * Strike's 50 % jitter, about 0.92, and 60 s +- 50 % about 0.87): of
 * 10,000 random pairs RITA's score flags 3,250, this 2 (make
 * bench-beacons).  --all lists every pair scored.  The
 * destinations of the store config's beacons.allow (an address or a
 * CIDR block: NTP, update servers, monitoring) are left out.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alert.h"
#include "core/beacon.h"
#include "core/incident.h"
#include "core/nls.h"

#define DEFAULT_TOP		20

struct flows {
	struct cb_flow *f;
	size_t n, cap;
	const struct cb_beacon_allow *allow;
	size_t skipped;
};

static enum cb_status
add_flow(const struct cb_flow *f, void *arg)
{
	struct flows *fl = arg;

	if (cb_beacon_allowed(fl->allow, f->dst)) {
		fl->skipped++;
		return CB_OK;
	}
	if (fl->n == fl->cap) {
		fl->cap = fl->cap == 0 ? 4096 : fl->cap * 2;
		fl->f = xrealloc(fl->f, fl->cap * sizeof *fl->f);
	}
	fl->f[fl->n++] = *f;
	return CB_OK;
}

static bool
listed(const struct cb_beacon_pair *p, const struct cb_beacon_rule *r,
    bool all)
{
	return all || cb_beacon_listed(r, &p->b);
}

static json_t *
pair_json(const struct cb_beacon_pair *p)
{
	char first[CB_TIME_MAX], last[CB_TIME_MAX];

	cb_time_format((time_t)p->b.first, first);
	cb_time_format((time_t)p->b.last, last);
	return json_pack("{s:o, s:o, s:f, s:f, s:f, s:f, s:f, s:I, s:s, s:s}",
	    "src", cli_json_string(p->src, strlen(p->src)),
	    "dst", cli_json_string(p->dst, strlen(p->dst)),
	    "score", p->b.score, "timestamp", p->b.ts_score,
	    "data_size", p->b.ds_score, "histogram", p->b.hist_score,
	    "duration", p->b.dur_score, "connections",
	    (json_int_t)p->b.connections, "first", first, "last", last);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "min", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "top", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since_s = "24h";
	struct cb_beacon_rule rule;
	long top = DEFAULT_TOP;
	bool all = false, json = false;
	struct cb_beacon_allow al = { NULL, 0 };
	struct flows fl = { NULL, 0, 0, &al, 0 };
	struct cb_beacon_pair *pairs = NULL;
	struct cb_store *st;
	struct cb_error err;
	size_t npairs, shown = 0;
	time_t since;
	char *end, *path;
	int c, rc = 0;

	if (cli_help(&cmd_beacons, argc, argv))
		return 0;
	cb_beacon_rule_default(&rule);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			since_s = optarg;
			break;
		case 'm':
			errno = 0;
			rule.min_conn = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    rule.min_conn < CB_BEACON_MIN_CONN)
				return cli_usage(&cmd_beacons, _("--min: a "
				    "number of connections, %d or more"),
				    CB_BEACON_MIN_CONN);
			break;
		case 't':
			errno = 0;
			rule.threshold = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(rule.threshold >= 0 && rule.threshold <= 1))
				return cli_usage(&cmd_beacons, _("--threshold: "
				    "a score from 0 to 1"));
			break;
		case 'n':
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    top < 1)
				return cli_usage(&cmd_beacons, _("--top: a "
				    "number of pairs, 1 or more"));
			break;
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		default:
			return cli_usage(&cmd_beacons, _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_beacons, _("no arguments are taken"));
	if (!cli_since(since_s, cb_now(), &since))
		return cli_usage(&cmd_beacons, _("--since: an age (30m, 24h, "
		    "7d) or a time (e.g. 2026-12-01 15:00)"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	path = xasprintf("%s/config", cb_store_dir(st));
	if (cb_beacon_allow_read(path, &al, &err) != CB_OK) {
		free(path);
		rc = cli_error(&err);
		goto out;
	}
	free(path);
	if (cb_store_flows(st, since, add_flow, &fl, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	npairs = cb_beacon_pairs(fl.f, fl.n, &pairs);
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < npairs && (long)shown < top; i++)
			if (listed(&pairs[i], &rule, all)) {
				json_array_append_new(arr, pair_json(&pairs[i]));
				shown++;
			}
		cli_json_print(arr);
		json_decref(arr);
		goto out;
	}
	for (size_t i = 0; i < npairs && (long)shown < top; i++) {
		const struct cb_beacon_pair *p = &pairs[i];

		if (!listed(p, &rule, all))
			continue;
		if (shown++ == 0)
			/* RITA's names, in every language (a fixed-width
			   table of numbers). */
			printf("SCORE TIME  SIZE  HIST  DUR    CONNS  "
			    "SRC -> DST\n");
		printf("%.3f %.3f %.3f %.3f %.3f %6zu  ", p->b.score,
		    p->b.ts_score, p->b.ds_score, p->b.hist_score,
		    p->b.dur_score, p->b.connections);
		cli_put_line(stdout, p->src);
		printf(" -> ");
		cli_put_line(stdout, p->dst);
		printf("\n");
	}
	if (shown == 0)
		printf(_("no beacons: %zu flows, %zu pairs scored, none with "
		    "%ld connections or more scoring %.2f or more\n"), fl.n,
		    npairs, all ? (long)CB_BEACON_MIN_CONN : rule.min_conn,
		    all ? 0.0 : rule.threshold);
	if (fl.skipped > 0)
		printf(_("(%zu flows to allowed destinations left out)\n"),
		    fl.skipped);
out:
	free(pairs);
	free(fl.f);
	cb_beacon_allow_free(&al);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_beacons = {
	"beacons", "[--since 24h] [--min N] [--threshold S] [--json]",
	N_("the pairs of hosts that call each other like a beacon"), run,
};
