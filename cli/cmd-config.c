/*
 * casebook config KEY VALUE: changes one of the few store settings
 * (tech members only); casebook config --list: the settings and the
 * values each takes.  Roles have 'casebook role', names 'casebook user';
 * nothing else in the store config is a person's to change.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static void
print_key(const char *key, const char *values, const char *help, void *arg)
{
	(void)arg;
	printf("%-22s %-34s %s\n", key, values, help);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	int rc = 0;

	if (cli_help(&cmd_config, argc, argv))
		return 0;
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		cb_store_config_keys(print_key, NULL);
		return 0;
	}
	if (argc != 3)
		return cli_usage(&cmd_config, _("expected KEY VALUE, or --list"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_set_config(st, argv[1], argv[2], &err) != CB_OK)
		rc = cli_error(&err);
	else {
		cli_put_line(stdout, argv[1]);
		printf(" = ");
		cli_put_line(stdout, argv[2]);
		printf("\n");
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_config = {
	"config", "KEY VALUE | --list",
	N_("change a store setting (tech members)"), run,
};
