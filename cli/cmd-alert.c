/*
 * casebook alert promote|merge|dismiss|suppress: the decisions on an
 * alert group (store/triage.c).
 *
 *   alert promote GROUP                 a new incident, one commit
 *   alert merge GROUP ID                the alerts into incident ID
 *   alert dismiss GROUP --reason R      false-positive, known-benign,
 *                                       duplicate or out-of-scope
 *   alert suppress GROUP --reason TEXT --expires 7d
 *       [--src CIDR|HOST | --any-src] [--signature S]
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alertgroup.h"
#include "core/nls.h"

static bool
group_arg(const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && *id > 0;
}

static int
suppress(struct cb_store *st, long long group, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "expires", required_argument, NULL, 'e' },
		{ "src", required_argument, NULL, 's' },
		{ "any-src", no_argument, NULL, 'a' },
		{ "signature", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_suppress_req req = { 0 };
	struct cb_error err;
	long long rule;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			req.reason = optarg;
			break;
		case 'e':
			if (!cb_duration_parse(optarg, &req.expires))
				return cli_usage(&cmd_alert, _("--expires takes a "
				    "duration such as 12h, 7d or 2w"));
			break;
		case 's':
			req.src = optarg;
			break;
		case 'a':
			req.any_src = true;
			break;
		case 'g':
			req.signature = optarg;
			break;
		default:
			return cli_usage(&cmd_alert, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_alert, _("unexpected argument"));
	if (cb_store_alert_suppress(st, group, &req, &rule, &err) != CB_OK)
		return cli_error(&err);
	printf(_("group %lld suppressed; rule %lld\n"), group, rule);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	char id[CB_ID_MAX];
	const char *act;
	long long group;
	int rc = 0;

	if (cli_help(&cmd_alert, argc, argv))
		return 0;
	if (argc < 3 || !group_arg(argv[2], &group))
		return cli_usage(&cmd_alert, _("expected promote, merge, dismiss "
		    "or suppress, and a group number"));
	act = argv[1];
	if (strcmp(act, "promote") == 0 && argc != 3)
		return cli_usage(&cmd_alert, _("expected promote GROUP"));
	if (strcmp(act, "merge") == 0 && (argc != 4 ||
	    (rc = cli_check_id(&cmd_alert, argv[3])) != 0))
		return rc != 0 ? rc : cli_usage(&cmd_alert,
		    _("expected merge GROUP ID"));
	if (strcmp(act, "dismiss") == 0 && (argc != 5 ||
	    strcmp(argv[3], "--reason") != 0))
		return cli_usage(&cmd_alert, _("expected dismiss GROUP --reason "
		    "false-positive|known-benign|duplicate|out-of-scope"));
	if (strcmp(act, "promote") != 0 && strcmp(act, "merge") != 0 &&
	    strcmp(act, "dismiss") != 0 && strcmp(act, "suppress") != 0)
		return cli_usage(&cmd_alert, _("unknown act '%s'"), act);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (strcmp(act, "promote") == 0) {
		if (cb_store_alert_promote(st, group, id, &err) != CB_OK)
			rc = cli_error(&err);
		else
			printf("%s\n", id);
	} else if (strcmp(act, "merge") == 0) {
		if (cb_store_alert_merge(st, group, argv[3], &err) != CB_OK)
			rc = cli_error(&err);
		else
			printf(_("group %lld merged into %s\n"), group, argv[3]);
	} else if (strcmp(act, "dismiss") == 0) {
		if (cb_store_alert_dismiss(st, group, argv[4], &err) != CB_OK)
			rc = cli_error(&err);
		else
			printf(_("group %lld dismissed\n"), group);
	} else
		rc = suppress(st, group, argc - 2, argv + 2);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_alert = {
	"alert", "promote GROUP | merge GROUP ID | dismiss GROUP --reason R | "
	"suppress GROUP --reason TEXT --expires 7d [--src NET | --any-src] "
	"[--signature S]",
	N_("decide on an alert group"), run,
};
