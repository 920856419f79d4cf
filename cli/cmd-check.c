/* casebook check: the index, the record, and their agreement. */
#include "config.h"

#include "cli/cli.h"
#include "core/nls.h"

static void
report(const char *problem, void *arg)
{
	(void)arg;
	fputs(_("problem: "), stdout);
	cli_put_line(stdout, problem);
	fputc('\n', stdout);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	char why[256];
	int rc = 0;

	if (cli_help(&cmd_check, argc, argv))
		return 0;
	if (argc != 1)
		return cli_usage(&cmd_check, _("no arguments expected"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_check(st, report, NULL, &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf(_("ok: the record is readable and the index agrees with "
		    "it\n"));
	if (cb_store_protected(st))
		printf(_("note: a protected team store: its record, index and "
		    "config are out of members' reach (only casebook writes "
		    "them)\n"));
	if (cb_store_gc_due(st, why, sizeof why))
		printf(_("note: %s\n"), why);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_check = {
	"check", "", N_("verify the index against the record"), run,
};
