/*
 * casebook init [--team | --shared GROUP]: creates a store.  Private by
 * default; --team makes a protected team store, the store group's,
 * reached only through this set-group-id casebook; --shared GROUP the
 * older trusted-group store, whose files every member of GROUP can
 * write directly.
 */
#include "config.h"

#include <getopt.h>
#include <grp.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/priv.h"

#ifndef CB_STORE_GROUP
#define CB_STORE_GROUP "casebook"
#endif

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "shared", required_argument, NULL, 's' },
		{ "team", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *group = NULL, *kind;
	struct cb_error err;
	bool existed, team = false;
	enum cb_status s;
	int c;

	if (cli_help(&cmd_init, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			group = optarg;
		else if (c == 't')
			team = true;
		else
			return cli_usage(&cmd_init, _("unknown option"));
	}
	if (optind != argc)
		return cli_usage(&cmd_init, _("unexpected argument '%s'"),
		    argv[optind]);
	if (team && group != NULL)
		return cli_usage(&cmd_init, _("--team and --shared exclude each "
		    "other"));
	if (team) {
		struct group *gr;
		unsigned gid;

		if (cb_privileged()) {
			gid = (unsigned)cb_priv_store_gid();
			gr = getgrgid((gid_t)gid);
		} else if ((gr = getgrnam(CB_STORE_GROUP)) != NULL) {
			gid = (unsigned)gr->gr_gid;
		} else {
			return cli_error(&(struct cb_error){ CB_ERR, "init --team: "
			    "there is no store group '" CB_STORE_GROUP "' (create "
			    "it with 'groupadd --system " CB_STORE_GROUP "' and "
			    "install casebook as root)" });
		}
		group = gr != NULL ? gr->gr_name : CB_STORE_GROUP;
		/* The folder is made and filled with the store group. */
		cb_priv_raise();
		s = cb_store_init_team(cli->store_dir, gid, group, &existed,
		    &err);
		cb_priv_lower();
	} else
		s = cb_store_init(cli->store_dir, group, &existed, &err);
	if (s != CB_OK)
		return cli_error(&err);
	if (existed) {
		printf(_("casebook: a store already exists in "));
		cli_put_line(stdout, cli->store_dir);
		printf(_("; nothing changed\n"));
		return 0;
	}
	kind = team ? _("created a protected team store in ") :
	    group != NULL ? _("created a team store in ") :
	    _("created a private store in ");
	printf("%s", kind);
	cli_put_line(stdout, cli->store_dir);
	if (group != NULL) {
		printf(_(" for group "));
		cli_put_line(stdout, group);
	}
	printf("\n");
	return 0;
}

const struct cb_cmd cmd_init = {
	"init", "[--team | --shared GROUP]", N_("create a case store"), run,
};
