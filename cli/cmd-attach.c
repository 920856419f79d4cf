/* casebook attach ID FILE: adds a file to an incident's evidence. */
#include "config.h"

#include <stdlib.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	char sha[65], *data;
	bool already;
	size_t len;
	int rc;

	if (cli_help(&cmd_attach, argc, argv))
		return 0;
	if (argc != 3)
		return cli_usage(&cmd_attach, _("expected ID FILE"));
	if ((rc = cli_check_id(&cmd_attach, argv[1])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if ((data = cli_read_file(argv[2], &len, &err)) == NULL) {
		rc = cli_error(&err);
	} else if (cb_store_attach(st, argv[1], argv[2], data, len, sha,
	    &already, &err) != CB_OK) {
		rc = cli_error(&err);
	} else {
		printf("%s %s\n", sha, already ? "(already attached)" :
		    "attached");
	}
	free(data);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_attach = {
	"attach", "ID FILE", N_("add a file to the incident's evidence"), run,
};
