/* casebook list [--phase P] [--all] [--limit N] [--json]: the queue. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

struct out {
	bool json;
	bool first;
	struct cb_store *st;
};

static int
print_row(const struct cb_row *r, void *arg)
{
	struct out *o = arg;

	if (o->json) {
		json_t *j = cli_row_json(r);
		char *text = cli_json_text(j, JSON_INDENT(2) | JSON_SORT_KEYS);

		/* Streamed, so that the first rows come out at once. */
		printf("%s  %s", o->first ? "[\n" : ",\n", text);
		free(text);
		json_decref(j);
	} else {
		bool ja = cb_store_language(o->st)[0] == 'j';
		char *damage = cli_damage(r);
		char w[256];

		/* Values in the store's language, aligned by display width. */
		printf("%-10s ", r->id);
		cli_put_cell(stdout, cli_field_word(o->st, "urgency",
		    r->urgency, true, w, sizeof w), 9);
		fputc(' ', stdout);
		cli_put_cell(stdout, cli_field_word(o->st, "phase", r->phase,
		    true, w, sizeof w), ja ? 10 : 8);
		fputc(' ', stdout);
		cli_put_cell(stdout, r->severity[0] ? cli_field_word(o->st,
		    "severity", r->severity, true, w, sizeof w) : "-", 6);
		fputc(' ', stdout);

		cli_put_line(stdout, r->title);
		if (r->department[0] != '\0') {
			printf("  [");
			cli_put_line(stdout, r->department);
			printf("]");
		}
		if (damage != NULL) {
			printf(_("%sDAMAGED: "), r->title[0] ? "  " : "");
			cli_put_line(stdout, damage);
			free(damage);
		}
		printf("\n");
	}
	o->first = false;
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phase", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "waiting", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_query q = { NULL, false, 0, NULL };
	struct out o = { false, true, NULL };
	struct cb_store *st;
	struct cb_error err;
	char *end;
	int c, rc = 0;

	if (cli_help(&cmd_list, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			q.phase = optarg;
			break;
		case 'a':
			q.all = true;
			break;
		case 'n':
			q.limit = strtol(optarg, &end, 10);
			if (*end != '\0' || q.limit < 1)
				return cli_usage(&cmd_list, _("--limit: '%s' is "
				    "not a positive number"), optarg);
			break;
		case 'j':
			o.json = true;
			break;
		case 'w':
			q.waiting = optarg;
			break;
		default:
			return cli_usage(&cmd_list, _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_list, _("unexpected argument '%s'"),
		    argv[optind]);
	if (q.phase != NULL) {
		struct cb_incident probe;

		cb_incident_init(&probe);
		if (cb_incident_set(&probe, "phase", q.phase, &err) != CB_OK) {
			cb_incident_free(&probe);
			return cli_usage(&cmd_list, "%s", err.msg);
		}
		cb_incident_free(&probe);
	}
	if (q.waiting != NULL && strcmp(q.waiting, "tech") != 0 &&
	    strcmp(q.waiting, "staff") != 0 && strcmp(q.waiting, "head") != 0)
		return cli_usage(&cmd_list, _("--waiting: '%s' is not a role that "
		    "answers items: tech, staff or head"), q.waiting);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	o.st = st;
	if (cb_store_list(st, &q, print_row, &o, &err) != CB_OK)
		rc = cli_error(&err);
	if (o.json)
		printf(o.first ? "[]\n" : "\n]\n");
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_list = {
	"list", "[--phase P] [--all] [--waiting ROLE] [--limit N] [--json]",
	N_("open incidents, most urgent first"), run,
};
