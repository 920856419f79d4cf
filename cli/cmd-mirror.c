/*
 * casebook mirror status [ID] [--json]: the GitLab issue of each
 * incident the mirror keeps, and whether it is in sync (no mirror
 * message of that incident waiting) or how many changes wait and why.
 * Reads the index only.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/subscription.h"

struct status_ctx {
	struct cb_store *st;
	const char *only;
	json_t *arr;
	long waiting, dead;
	const char *error_for;
	char *error;
};

static int
count_waiting(const struct cb_outbox_msg *m, void *arg)
{
	struct status_ctx *c = arg;

	if (strcmp(m->incident, c->error_for) != 0)
		return 0;
	if (m->state == CB_OUTBOX_DEAD)
		c->dead++;
	else
		c->waiting++;
	if (m->last_error[0] != '\0') {
		free(c->error);
		c->error = xstrdup(m->last_error);
	}
	return 0;
}

static int
show_link(const char *incident, long iid, const char *url, int64_t synced,
    void *arg)
{
	struct status_ctx *c = arg;
	struct cb_error err;
	char when[CB_TIME_MAX];

	if (c->only != NULL && strcmp(c->only, incident) != 0)
		return 0;
	c->waiting = c->dead = 0;
	c->error_for = incident;
	free(c->error);
	c->error = NULL;
	if (cb_outbox_list(c->st, CB_MIRROR_DEST, true, count_waiting, c,
	    &err) != CB_OK)
		cli_error(&err);
	if (synced > 0)
		cb_time_format((time_t)(synced / 1000), when);
	else
		snprintf(when, sizeof when, "-");
	if (c->arr != NULL) {
		json_t *o = json_object();

		json_object_set_new(o, "incident", cli_json_string(incident,
		    strlen(incident)));
		json_object_set_new(o, "iid", json_integer(iid));
		json_object_set_new(o, "url", cli_json_string(url,
		    strlen(url)));
		json_object_set_new(o, "synced", json_string(when));
		json_object_set_new(o, "waiting", json_integer(c->waiting));
		json_object_set_new(o, "dead", json_integer(c->dead));
		json_object_set_new(o, "last_error", c->error != NULL ?
		    cli_json_string(c->error, strlen(c->error)) : json_null());
		json_array_append_new(c->arr, o);
		return 0;
	}
	cli_put_cell(stdout, incident, 10);
	printf(" #%-5ld ", iid);
	cli_put_line(stdout, url);
	if (c->waiting == 0 && c->dead == 0)
		printf(_("  in sync (%s)\n"), when);
	else {
		printf(_("  %ld changes waiting, %ld refused"), c->waiting,
		    c->dead);
		if (c->error != NULL) {
			printf(": ");
			cli_put_line(stdout, c->error);
		}
		printf("\n");
	}
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct status_ctx c = { 0 };
	struct cb_error err;
	int ch, rc = 0;

	if (cli_help(&cmd_mirror, argc, argv))
		return 0;
	if (argc < 2 || strcmp(argv[1], "status") != 0)
		return cli_usage(&cmd_mirror, _("the subcommand is status"));
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_usage(&cmd_mirror, _("unknown option"));
		if (c.arr == NULL)
			c.arr = json_array();
	}
	if (argc - optind > 1) {
		json_decref(c.arr);
		return cli_usage(&cmd_mirror, _("at most one incident"));
	}
	if (argc - optind == 1) {
		if ((rc = cli_check_id(&cmd_mirror, argv[optind])) != 0) {
			json_decref(c.arr);
			return rc;
		}
		c.only = argv[optind];
	}
	if ((c.st = cli_open(cli)) == NULL) {
		json_decref(c.arr);
		return 1;
	}
	if (cb_outbox_links(c.st, show_link, &c, &err) != CB_OK)
		rc = cli_error(&err);
	else if (c.arr != NULL)
		cli_json_print(c.arr);
	else if (c.only != NULL && cb_outbox_link(c.st, c.only, &(long){ 0 },
	    NULL, &err) != CB_OK)
		rc = cli_error(&err);
	free(c.error);
	json_decref(c.arr);
	cb_store_close(c.st);
	return rc;
}

const struct cb_cmd cmd_mirror = {
	"mirror", "status [ID] [--json]",
	N_("the GitLab issues that mirror the incidents"), run,
};
