/*
 * casebook alerts: the alert groups (store/triage.c).
 *
 *   alerts [--status S] [--limit N] [--json]   the groups, top score first
 *   alerts show GROUP [--raw]                  a group's alerts (payloads)
 *   alerts regroup [--dry-run]                 the new groups under the
 *                                              current alerts.yaml
 *   alerts expire                              stale groups expire
 *   alerts suppressions [--all]                the suppression rules
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "core/nls.h"

static const char *const statuses[] = {
	"new", "promoted", "merged", "dismissed", "suppressed", "expired", NULL,
};

static void
put_time(FILE *f, time_t t)
{
	char buf[CB_TIME_MAX];

	cb_time_format(t, buf);
	fputs(buf, f);
}

/* "  12    80 FIRST .. LAST ": alerts, top score, event times. */
static void
put_span(long alerts, double top, time_t first, time_t last)
{
	printf(" %5ld ", alerts);
	if (top >= 0)
		printf("%5.0f ", top);
	else
		printf("    - ");
	put_time(stdout, first);
	fputs(" .. ", stdout);
	put_time(stdout, last);
	fputc(' ', stdout);
}

static json_t *
jstr(const char *s)
{
	return cli_json_string(s, strlen(s));
}

static json_t *
jtime(time_t t)
{
	char buf[CB_TIME_MAX];

	cb_time_format(t, buf);
	return json_string(buf);
}

static int
print_group(const struct cb_alert_group *g, void *arg)
{
	json_t *arr = arg;

	if (arr != NULL) {
		json_t *o = json_object();

		json_object_set_new(o, "group", json_integer(g->id));
		json_object_set_new(o, "status", jstr(g->status));
		json_object_set_new(o, "signature", jstr(g->signature));
		json_object_set_new(o, "class", jstr(g->class));
		json_object_set_new(o, "department", jstr(g->department));
		json_object_set_new(o, "first_seen", jtime(g->first));
		json_object_set_new(o, "last_seen", jtime(g->last));
		json_object_set_new(o, "alerts", json_integer(g->alerts));
		json_object_set_new(o, "count", json_integer(g->seen));
		json_object_set_new(o, "top_score", g->top >= 0 ?
		    json_real(g->top) : json_null());
		json_object_set_new(o, "hosts", jstr(g->hosts));
		json_object_set_new(o, "incident", jstr(g->incident));
		json_object_set_new(o, "reason", jstr(g->reason));
		json_object_set_new(o, "by", jstr(g->actor));
		json_object_set_new(o, "at", g->acted > 0 ? jtime(g->acted) :
		    json_null());
		json_object_set_new(o, "related", jstr(g->related));
		json_array_append_new(arr, o);
		return 0;
	}
	printf("%-6lld ", g->id);
	cli_put_cell(stdout, g->status, 10);
	put_span(g->alerts, g->top, g->first, g->last);
	cli_put_line(stdout, g->signature);
	fputs("\n       ", stdout);
	cli_put_line(stdout, g->hosts);
	if (g->department[0] != '\0') {
		fputs("  [", stdout);
		cli_put_line(stdout, g->department);
		fputc(']', stdout);
	}
	fputs("  ", stdout);
	cli_put_line(stdout, g->class);
	if (g->incident[0] != '\0') {
		fputs(_("  incident "), stdout);
		cli_put_line(stdout, g->incident);
	}
	if (g->reason[0] != '\0') {
		fputs("  (", stdout);
		cli_put_line(stdout, g->reason);
		fputc(')', stdout);
	}
	fputc('\n', stdout);
	if (g->related[0] != '\0') {
		fputs(_("       open incidents sharing a host or observable: "), stdout);
		cli_put_line(stdout, g->related);
		fputc('\n', stdout);
	}
	return 0;
}

static int
list(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *status = NULL;
	struct cb_store *st;
	struct cb_error err;
	json_t *arr = NULL;
	long limit = 0;
	char *end;
	int c, rc = 0;
	bool ok;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ok = false;
			for (size_t i = 0; statuses[i] != NULL; i++)
				ok = ok || strcmp(optarg, statuses[i]) == 0;
			if (!ok)
				return cli_usage(&cmd_alerts, _("--status is one "
				    "of new, promoted, merged, dismissed, "
				    "suppressed, expired"));
			status = optarg;
			break;
		case 'l':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 0)
				return cli_usage(&cmd_alerts, _("--limit takes a "
				    "number"));
			break;
		case 'j':
			arr = json_array();
			break;
		default:
			json_decref(arr);
			return cli_usage(&cmd_alerts, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc) {
		json_decref(arr);
		return cli_usage(&cmd_alerts, _("unexpected argument"));
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(arr);
		return 1;
	}
	if (cb_store_alert_groups(st, status, limit, print_group, arr,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else if (arr != NULL)
		cli_json_print(arr);
	json_decref(arr);
	cb_store_close(st);
	return rc;
}

static int
show_alert(const struct cb_alert_row *r, void *arg)
{
	bool raw = *(bool *)arg;

	printf("%lld ", r->id);
	cli_put_line(stdout, r->source);
	fputc(' ', stdout);
	cli_put_line(stdout, r->source_ref);
	printf(" x%ld ", r->count);
	put_time(stdout, r->event_time);
	fputc('\n', stdout);
	fputs("  ", stdout);
	if (r->body != NULL)
		cli_put_line(stdout, r->body);
	else {
		printf(_("(damaged in the index: "));
		cli_put_line(stdout, r->damage);
		fputc(')', stdout);
	}
	fputc('\n', stdout);
	if (raw && r->raw != NULL) {
		fputs(_("  payload: "), stdout);
		cli_put(stdout, r->raw, r->raw_cap);
		if (r->raw_len > r->raw_cap)
			printf(_(" ... (%zu bytes in all)"), r->raw_len);
		fputc('\n', stdout);
	}
	return 0;
}

static bool
group_arg(const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && *id > 0;
}

static int
show(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	bool raw = argc == 4 && strcmp(argv[3], "--raw") == 0;
	long long id;
	int rc = 0;

	if ((argc != 3 && !raw) || !group_arg(argv[2], &id))
		return cli_usage(&cmd_alerts, _("expected show GROUP [--raw]"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_alert_group(st, id, print_group, NULL, &err) != CB_OK ||
	    cb_store_group_alerts(st, id, show_alert, &raw, &err) != CB_OK)
		rc = cli_error(&err);
	cb_store_close(st);
	return rc;
}

static void
print_regroup(const struct cb_regroup_group *g, void *arg)
{
	(void)arg;
	put_span(g->alerts, g->top, g->first, g->last);
	/* The key's separators as " / ". */
	for (const char *p = g->key; *p != '\0'; p++) {
		const char *q = strchr(p, '\x1f');
		char *part = q != NULL ? strndup(p, (size_t)(q - p)) : strdup(p);

		cli_put_line(stdout, part);
		free(part);
		if (q == NULL)
			break;
		fputs(" / ", stdout);
		p = q;
	}
	fputc('\n', stdout);
}

static int
regroup(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_regroup_report rep;
	struct cb_store *st;
	struct cb_error err;
	bool dry = argc == 3 && strcmp(argv[2], "--dry-run") == 0;
	int rc = 0;

	if (argc != 2 && !dry)
		return cli_usage(&cmd_alerts, _("expected regroup [--dry-run]"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_alert_regroup(st, dry, print_regroup, NULL, &rep,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf(dry ? _("%zu new alerts in %zu groups would be in %zu "
		    "groups (nothing changed: --dry-run)\n") :
		    _("%zu new alerts in %zu groups are now in %zu groups\n"),
		    rep.alerts, rep.groups_before, rep.groups_after);
	cb_store_close(st);
	return rc;
}

static int
expire(struct cb_cli *cli)
{
	struct cb_store *st;
	struct cb_error err;
	size_t n;
	int rc = 0;

	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_alert_expire(st, &n, &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf(_("%zu stale groups expired\n"), n);
	cb_store_close(st);
	return rc;
}

static int
print_rule(const struct cb_suppression *r, void *arg)
{
	(void)arg;
	printf("%-4lld ", r->id);
	cli_put_line(stdout, r->source[0] != '\0' ? r->source : "*");
	fputs(" / ", stdout);
	cli_put_line(stdout, r->signature[0] != '\0' ? r->signature : "*");
	fputs(" / ", stdout);
	cli_put_line(stdout, r->src[0] != '\0' ? r->src : "*");
	fputs(_("  until "), stdout);
	put_time(stdout, r->expires);
	fputs(_("  by "), stdout);
	cli_put_line(stdout, r->actor);
	fputs(": ", stdout);
	cli_put_line(stdout, r->reason);
	fputc('\n', stdout);
	return 0;
}

static int
suppressions(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	bool all = argc == 3 && strcmp(argv[2], "--all") == 0;
	int rc = 0;

	if (argc != 2 && !all)
		return cli_usage(&cmd_alerts, _("expected suppressions [--all]"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_suppressions(st, all, print_rule, NULL, &err) != CB_OK)
		rc = cli_error(&err);
	cb_store_close(st);
	return rc;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	if (cli_help(&cmd_alerts, argc, argv))
		return 0;
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return show(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "regroup") == 0)
		return regroup(cli, argc, argv);
	if (argc == 2 && strcmp(argv[1], "expire") == 0)
		return expire(cli);
	if (argc >= 2 && strcmp(argv[1], "suppressions") == 0)
		return suppressions(cli, argc, argv);
	return list(cli, argc, argv);
}

const struct cb_cmd cmd_alerts = {
	"alerts", "[--status S] [--limit N] [--json] | show GROUP [--raw] | "
	"regroup [--dry-run] | expire | suppressions [--all]",
	N_("the alert groups to triage"), run,
};
