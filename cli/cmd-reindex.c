/*
 * casebook reindex: rebuilds index.db from record.git into a new file and
 * renames it into place.  The store is opened without its index, which
 * may be too damaged to open.
 */
#include "config.h"

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	int rc = 0;

	if (cli_help(&cmd_reindex, argc, argv))
		return 0;
	if (argc != 1)
		return cli_usage(&cmd_reindex, _("no arguments expected"));
	if ((st = cli_open_bare(cli)) == NULL)
		return 1;
	if (cb_store_reindex(st, &err) != CB_OK)
		rc = cli_error(&err);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_reindex = {
	"reindex", "", N_("rebuild the index from the record"), run,
};
