/*
 * casebook attach ID FILE: adds a file to an incident's evidence.  The
 * role is checked before the file is opened; the file is opened without
 * blocking and attached only if it is a regular file (a FIFO waited for
 * ever, /dev/zero filled the memory), streamed (cb_store_attach_fd).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/gitconfig.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	char sha[65];
	bool already;
	int rc = 0, fd;

	if (cli_help(&cmd_attach, argc, argv))
		return 0;
	if (argc != 3)
		return cli_usage(&cmd_attach, _("expected ID FILE"));
	if ((rc = cli_check_id(&cmd_attach, argv[1])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_may_write(st, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (strcmp(argv[2], "-") == 0) {
		if ((fd = dup(0)) < 0)
			cb_fail(&err, CB_ERR, "standard input: %s",
			    strerror(errno));
	} else
		fd = cb_open_regular(argv[2], CB_OPEN_AS_USER, &err);
	if (fd < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (cb_store_attach_fd(st, argv[1], argv[2], fd, sha, &already,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf("%s %s\n", sha, already ? "(already attached)" :
		    "attached");
	close(fd);
out:
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_attach = {
	"attach", "ID FILE", N_("add a file to the incident's evidence"), run,
};
