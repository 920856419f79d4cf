/*
 * casebook accept ID KEY / casebook dismiss ID KEY: acts on a rule's
 * suggestion recorded in the incident (keys as 'casebook checklist'
 * shows them).  Accepting a suggested urgency sets it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
act(struct cb_cli *cli, const struct cb_cmd *cmd, int argc, char **argv,
    bool accept)
{
	struct cb_store *st;
	struct cb_error err;
	int rc;

	if (cli_help(cmd, argc, argv))
		return 0;
	if (argc != 3)
		return cli_usage(cmd, _("expected ID KEY"));
	if ((rc = cli_check_id(cmd, argv[1])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_suggestion(st, argv[1], argv[2], accept, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		printf("%s: %s ", argv[1], accept ? "accepted" : "dismissed");
		cli_put_line(stdout, argv[2]);
		printf("\n");
	}
	cb_store_close(st);
	return rc;
}

static int
run_accept(struct cb_cli *cli, int argc, char **argv)
{
	return act(cli, &cmd_accept, argc, argv, true);
}

static int
run_dismiss(struct cb_cli *cli, int argc, char **argv)
{
	return act(cli, &cmd_dismiss, argc, argv, false);
}

const struct cb_cmd cmd_accept = {
	"accept", "ID KEY", N_("accept a rule's suggestion"), run_accept,
};

const struct cb_cmd cmd_dismiss = {
	"dismiss", "ID KEY", N_("dismiss a rule's suggestion"), run_dismiss,
};
