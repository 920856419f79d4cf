/*
 * casebook stats [--from DATE] [--to DATE] [--by GROUPING] [--json|--csv]:
 * counts, and the median and 90th percentile of the time to triage, to
 * containment, to recovery and to close (core/stats.h has the rules),
 * from the index's moments (one row per incident, never the history);
 * then the alerts attached per incident and what became of the alert
 * groups (store/alertfacts.c), not in --csv, whose rows are the groups.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

/* YYYY-MM-DD as the local midnight starting it (next: the day after). */
static bool
parse_day(const char *s, bool next, time_t *out)
{
	struct tm tm;
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] != '\0' ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + (next ? 1 : 0);
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out != (time_t)-1;
}

static void
print_text(struct cb_store *st, const struct cb_stats *sx)
{
	printf("%-24s %6s %6s", _("group"), _("count"), _("reopen"));
	for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++)
		printf("  %-20s", cb_stats_measure_names[m]);
	printf("\n%-24s %6s %6s", "", "", "");
	for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++)
		printf("  %-20s", _("n median p90"));
	printf("\n");
	for (size_t g = 0; g < sx->ngroups; g++) {
		const struct cb_stats_group *gr = &sx->groups[g];
		char word[128];
		const char *key = gr->key;

		if (sx->by == CB_STATS_CLASS || sx->by == CB_STATS_URGENCY)
			key = cli_field_word(st, sx->by == CB_STATS_CLASS ?
			    "classes" : "urgency", key, true, word,
			    sizeof word);
		cli_put_cell(stdout, key[0] != '\0' ? key :
		    sx->by == CB_STATS_ALL ? _("all") : _("(none)"), 24);
		printf(" %6zu %6zu", gr->count, gr->reopened);
		for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++) {
			char med[32], p90[32], cell[80];

			if (gr->fig[m].n == 0) {
				printf("  %-20s", "-");
				continue;
			}
			cb_duration_word(gr->fig[m].median, med, sizeof med);
			cb_duration_word(gr->fig[m].p90, p90, sizeof p90);
			snprintf(cell, sizeof cell, "%zu %s %s", gr->fig[m].n,
			    med, p90);
			printf("  ");
			cli_put_cell(stdout, cell, 20);
		}
		printf("\n");
	}
}

static void
print_csv(const struct cb_stats *sx)
{
	printf("%s,count,reopened,reopenings", cb_stats_by_names[sx->by]);
	for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++)
		printf(",%s_n,%s_median_s,%s_p90_s", cb_stats_measure_names[m],
		    cb_stats_measure_names[m], cb_stats_measure_names[m]);
	printf("\n");
	for (size_t g = 0; g < sx->ngroups; g++) {
		const struct cb_stats_group *gr = &sx->groups[g];
		const char *p;

		/* RFC 4180: every key quoted, quotes doubled. */
		fputc('"', stdout);
		for (p = gr->key; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', stdout);
			cli_put(stdout, p, 1);
		}
		printf("\",%zu,%zu,%zu", gr->count, gr->reopened,
		    gr->reopenings);
		for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++)
			printf(",%zu,%lld,%lld", gr->fig[m].n,
			    gr->fig[m].median, gr->fig[m].p90);
		printf("\n");
	}
}

static json_t *
stats_json(const struct cb_stats *sx)
{
	json_t *o = json_object(), *gs = json_array();

	json_object_set_new(o, "by", json_string(cb_stats_by_names[sx->by]));
	for (size_t g = 0; g < sx->ngroups; g++) {
		const struct cb_stats_group *gr = &sx->groups[g];
		json_t *e = json_object();

		json_object_set_new(e, "key", cli_json_string(gr->key,
		    strlen(gr->key)));
		json_object_set_new(e, "count", json_integer((json_int_t)
		    gr->count));
		json_object_set_new(e, "reopened", json_integer((json_int_t)
		    gr->reopened));
		json_object_set_new(e, "reopenings", json_integer((json_int_t)
		    gr->reopenings));
		for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++) {
			json_t *f = json_object();

			json_object_set_new(f, "n", json_integer((json_int_t)
			    gr->fig[m].n));
			json_object_set_new(f, "median_seconds",
			    gr->fig[m].n ? json_integer(gr->fig[m].median) :
			    json_null());
			json_object_set_new(f, "p90_seconds", gr->fig[m].n ?
			    json_integer(gr->fig[m].p90) : json_null());
			json_object_set_new(e, cb_stats_measure_names[m], f);
		}
		json_array_append_new(gs, e);
	}
	json_object_set_new(o, "groups", gs);
	return o;
}

/* The alert figures (issue 13): attached alerts and the fate of groups. */
static void
print_alerts(const struct cb_alert_stats *a)
{
	printf("\n");
	printf(_("alerts attached: %zu, to %zu of %zu incidents; %.2f per "
	    "incident"), a->attached, a->with_alerts, a->incidents,
	    a->incidents > 0 ? (double)a->attached / (double)a->incidents : 0);
	if (a->with_alerts > 0)
		printf(_(" (median %lld, most %lld, of those with alerts)"),
		    a->median_attached, a->max_attached);
	printf("\n");
	printf(_("alert groups: %zu; promoted %zu (%.1f%%), merged %zu, "
	    "dismissed %zu, suppressed %zu, new %zu\n"), a->groups,
	    a->promoted, a->groups > 0 ? 100.0 * (double)a->promoted /
	    (double)a->groups : 0, a->merged, a->dismissed, a->suppressed,
	    a->untriaged);
}

static json_t *
alerts_json(const struct cb_alert_stats *a)
{
	json_t *o = json_object();

#define I(k, v) json_object_set_new(o, k, json_integer((json_int_t)(v)))
	I("incidents", a->incidents);
	I("incidents_with_alerts", a->with_alerts);
	I("attached", a->attached);
	json_object_set_new(o, "per_incident", a->incidents > 0 ?
	    json_real((double)a->attached / (double)a->incidents) :
	    json_null());
	json_object_set_new(o, "median_per_incident_with_alerts",
	    a->with_alerts > 0 ? json_integer(a->median_attached) :
	    json_null());
	json_object_set_new(o, "most_per_incident", a->with_alerts > 0 ?
	    json_integer(a->max_attached) : json_null());
	I("groups", a->groups);
	I("promoted", a->promoted);
	I("merged", a->merged);
	I("dismissed", a->dismissed);
	I("suppressed", a->suppressed);
	I("new", a->untriaged);
#undef I
	json_object_set_new(o, "promoted_share", a->groups > 0 ?
	    json_real((double)a->promoted / (double)a->groups) : json_null());
	return o;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	enum cb_stats_by by = CB_STATS_ALL;
	struct cb_store *st;
	struct cb_stats sx;
	struct cb_alert_stats ax;
	struct cb_error err;
	time_t from = 0, to = 0;
	bool json = false, csv = false;
	int c, rc;

	if (cli_help(&cmd_stats, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_day(optarg, false, &from))
				return cli_usage(&cmd_stats, _("--from takes "
				    "a date, YYYY-MM-DD"));
			break;
		case 't':
			if (!parse_day(optarg, true, &to))
				return cli_usage(&cmd_stats, _("--to takes a "
				    "date, YYYY-MM-DD"));
			break;
		case 'b':
			if (!cb_stats_by_parse(optarg, &by) ||
			    by == CB_STATS_ALL)
				return cli_usage(&cmd_stats, _("--by takes "
				    "class, department, month, source or "
				    "urgency"));
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			csv = true;
			break;
		default:
			return cli_usage(&cmd_stats, _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_stats, _("no arguments expected"));
	if (json && csv)
		return cli_usage(&cmd_stats, _("--json or --csv, not both"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_stats(st, from, to, by, &sx, &err) != CB_OK ||
	    cb_store_alert_stats(st, from, to, &ax, &err) != CB_OK) {
		rc = cli_error(&err);
		cb_store_close(st);
		return rc;
	}
	if (json) {
		json_t *o = stats_json(&sx);

		json_object_set_new(o, "alerts", alerts_json(&ax));
		cli_json_print(o);
		json_decref(o);
	} else if (csv)
		print_csv(&sx);
	else {
		print_text(st, &sx);
		print_alerts(&ax);
	}
	cb_stats_free(&sx);
	cb_store_close(st);
	return 0;
}

const struct cb_cmd cmd_stats = {
	"stats", "[--from DATE] [--to DATE] [--by class|department|month|"
	"source|urgency] [--json|--csv]",
	N_("counts and times to triage, containment, recovery and close"), run,
};
