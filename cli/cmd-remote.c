/*
 * casebook remote add NAME URL [--site LETTER] | list | remove NAME:
 * the Git remotes a store syncs with (store/sync.c), tech only to
 * change.
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
print_remote(const char *name, const char *url, void *arg)
{
	(void)arg;
	cli_put_line(stdout, name);
	fputc('\t', stdout);
	cli_put_line(stdout, url);
	fputc('\n', stdout);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	const char *sub;
	char site = '\0', got;
	int c, rc = 0;

	if (cli_help(&cmd_remote, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's' && strlen(optarg) == 1 && optarg[0] >= 'A' &&
		    optarg[0] <= 'Z')
			site = optarg[0];
		else if (c == 's')
			return cli_usage(&cmd_remote, _("--site takes one capital "
			    "letter, A to Z"));
		else
			return cli_usage(&cmd_remote, _("unknown option"));
	}
	if (optind >= argc)
		return cli_usage(&cmd_remote, _("add, list or remove?"));
	sub = argv[optind++];
	if (!((strcmp(sub, "add") == 0 && argc - optind == 2) ||
	    (strcmp(sub, "list") == 0 && argc - optind == 0) ||
	    (strcmp(sub, "remove") == 0 && argc - optind == 1)))
		return cli_usage(&cmd_remote, _("add NAME URL, list, or remove "
		    "NAME"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (strcmp(sub, "list") == 0) {
		if (cb_store_remotes(st, print_remote, NULL, &err) != CB_OK)
			rc = cli_error(&err);
	} else if (strcmp(sub, "remove") == 0) {
		if (cb_store_remote_remove(st, argv[optind], &err) != CB_OK)
			rc = cli_error(&err);
	} else if (cb_store_remote_add(st, argv[optind], argv[optind + 1],
	    site, &got, &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf(_("remote %s added; this store is site %c: its new "
		    "incidents are numbered YYYY-%cNNNN\n"), argv[optind], got,
		    got);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_remote = {
	"remote", "add NAME URL [--site LETTER] | list | remove NAME",
	N_("the remotes this store syncs with"), run,
};
