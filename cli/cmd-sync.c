/*
 * casebook sync [NAME] [--dry-run]: fetch, merge, index, push
 * (store/sync.c); from cron every few minutes.
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_sync_report rep;
	struct cb_store *st;
	struct cb_error err;
	bool dry = false;
	int c, rc = 0;

	if (cli_help(&cmd_sync, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "n", opts, NULL)) != -1) {
		if (c == 'n')
			dry = true;
		else
			return cli_usage(&cmd_sync, _("unknown option"));
	}
	if (argc - optind > 1)
		return cli_usage(&cmd_sync, _("at most one remote"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_sync(st, optind < argc ? argv[optind] : NULL, dry, &rep,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else {
		printf(dry ? _("%s (dry run): %zu commits to receive, %zu to "
		    "send, %zu incidents to merge, %zu conflicts\n") :
		    _("%s: %zu commits received, %zu sent, %zu incidents "
		    "merged, %zu conflicts recorded\n"), rep.remote,
		    rep.received, rep.sent, rep.merged_incidents,
		    rep.conflicts);
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_sync = {
	"sync", "[NAME] [--dry-run]",
	N_("fetch, merge and push the record with a remote"), run,
};
