/* casebook init [--shared GROUP]: creates a store. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "shared", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *group = NULL;
	struct cb_error err;
	bool existed;
	int c;

	if (cli_help(&cmd_init, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 's')
			return cli_usage(&cmd_init, _("unknown option"));
		group = optarg;
	}
	if (optind != argc)
		return cli_usage(&cmd_init, _("unexpected argument '%s'"),
		    argv[optind]);
	if (cb_store_init(cli->store_dir, group, &existed, &err) != CB_OK)
		return cli_error(&err);
	if (existed) {
		printf(_("casebook: a store already exists in "));
		cli_put_line(stdout, cli->store_dir);
		printf(_("; nothing changed\n"));
		return 0;
	}
	printf("%s", group ? _("created a team store in ") :
	    _("created a private store in "));
	cli_put_line(stdout, cli->store_dir);
	if (group != NULL) {
		printf(_(" for group "));
		cli_put_line(stdout, group);
	}
	printf("\n");
	return 0;
}

const struct cb_cmd cmd_init = {
	"init", "[--shared GROUP]", N_("create a case store"), run,
};
