/*
 * casebook user LOGIN [--name NAME] [--email EMAIL]: the name and e-mail
 * commits show for LOGIN (tech members only); at least one of the two.
 * The login itself is never a setting: every commit carries the real
 * user's (Casebook-Login).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *email = NULL;
	struct cb_store *st;
	struct cb_error err;
	int c, rc = 0;

	if (cli_help(&cmd_user, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'e')
			email = optarg;
		else
			return cli_usage(&cmd_user, _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_user, _("expected one LOGIN"));
	if (name == NULL && email == NULL)
		return cli_usage(&cmd_user, _("give --name, --email or both"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_set_user(st, argv[optind], name, email, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		cli_put_line(stdout, argv[optind]);
		if (name != NULL) {
			printf(_(": name "));
			cli_put_line(stdout, name);
		}
		if (email != NULL) {
			printf(_("%s e-mail "), name != NULL ? "," : ":");
			cli_put_line(stdout, email);
		}
		printf("\n");
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_user = {
	"user", "LOGIN [--name NAME] [--email EMAIL]",
	N_("the name and e-mail LOGIN's commits show"), run,
};
