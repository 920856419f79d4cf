/* casebook log ID [-p] [--json]: an incident's history, newest first. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/sanitize.h"

struct log {
	struct cb_store *st;
	const char *id;
	bool patch;
	json_t *json;
	int rc;
};

static int
print_entry(const struct cb_logent *e, void *arg)
{
	struct log *l = arg;
	char when[CB_TIME_MAX], *commit;

	cb_time_format(e->at, when);
	if (l->json != NULL) {
		json_t *o = json_object();

		json_object_set_new(o, "commit", cli_json_string(e->commit,
		    strlen(e->commit)));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "author", cli_json_string(e->author,
		    strlen(e->author)));
		json_object_set_new(o, "email", cli_json_string(e->email,
		    strlen(e->email)));
		json_object_set_new(o, "action", cli_json_string(e->action,
		    strlen(e->action)));
		json_object_set_new(o, "message", cli_json_string(e->summary,
		    strlen(e->summary)));
		json_array_append_new(l->json, o);
		return 0;
	}
	char local[CB_LOCAL_TIME_MAX];

	/* The commit id and the action come from the index and a trailer. */
	cli_put_line(stdout, commit = cb_sanitize(e->commit,
	    strnlen(e->commit, 12), 0));
	free(commit);
	printf(" %s ", cli_time(when, local, sizeof local));
	cli_put_cell(stdout, cb_action_word(e->action), 7);
	fputc(' ', stdout);
	cli_put_line(stdout, e->author);
	printf("  ");
	cli_put_line(stdout, e->summary);
	printf("\n");
	if (l->patch) {
		struct cb_buf diff = { 0 };
		struct cb_error err;

		if (cb_store_diff(l->st, l->id, e->commit, &diff, &err) != CB_OK) {
			l->rc = cli_error(&err);
			return 1;
		}
		cli_put(stdout, diff.data ? diff.data : "", diff.len);
		printf("\n");
		cb_buf_free(&diff);
	}
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "patch", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct log l = { NULL, NULL, false, NULL, 0 };
	struct cb_error err;
	bool json = false;
	int c, rc;

	if (cli_help(&cmd_log, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "p", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'p')
			l.patch = true;
		else
			return cli_usage(&cmd_log, _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_log, _("one incident id expected"));
	l.id = argv[optind];
	if ((rc = cli_check_id(&cmd_log, l.id)) != 0)
		return rc;
	if ((l.st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_row(l.st, l.id, NULL, NULL, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (json)
		l.json = json_array();
	if (cb_store_log(l.st, l.id, print_entry, &l, &err) != CB_OK)
		rc = cli_error(&err);
	else
		rc = l.rc;
	if (json && rc == 0)
		cli_json_print(l.json);
out:
	json_decref(l.json);
	cb_store_close(l.st);
	return rc;
}

const struct cb_cmd cmd_log = {
	"log", "ID [-p] [--json]",
	N_("the incident's history, newest first"), run,
};
