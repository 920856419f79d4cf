/* casebook set ID FIELD VALUE: changes one field of an incident. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_incident probe;
	struct cb_store *st;
	struct cb_error err;
	bool changed;
	int rc;

	if (cli_help(&cmd_set, argc, argv))
		return 0;
	if (argc != 4)
		return cli_usage(&cmd_set, "expected ID FIELD VALUE");
	if ((rc = cli_check_id(&cmd_set, argv[1])) != 0)
		return rc;
	/* Bad fields and values are usage errors, found before the store. */
	cb_incident_init(&probe);
	if (cb_incident_set(&probe, argv[2], argv[3], &err) != CB_OK) {
		cb_incident_free(&probe);
		return cli_error(&err);
	}
	cb_incident_free(&probe);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_set(st, argv[1], argv[2], argv[3], NULL, &changed,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else if (!changed) {
		printf("%s: %s is already '", argv[1], argv[2]);
		cli_put_line(stdout, argv[3]);
		printf("'; nothing changed\n");
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_set = {
	"set", "ID FIELD VALUE",
	"change a field: title urgency severity department reporter phase "
	"classes hosts assignees", run,
};
