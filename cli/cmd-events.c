/*
 * casebook events [--after SEQ] [--json]: the changes of the record in
 * history order, one per change and incident, as the outbox, the mirror
 * and sync will follow them.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
print_event(const struct cb_event *e, void *arg)
{
	json_t *arr = arg;
	char when[CB_TIME_MAX];

	cb_time_format(e->at, when);
	if (arr != NULL) {
		json_t *o = json_object();
		json_t *payload = json_loads(e->payload, 0, NULL);

		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "commit", json_string(e->commit));
		json_object_set_new(o, "incident", e->incident[0] ?
		    json_string(e->incident) : json_null());
		json_object_set_new(o, "action", json_string(e->action));
		json_object_set_new(o, "actor", cli_json_string(e->actor,
		    strlen(e->actor)));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "payload", payload != NULL ? payload :
		    json_object());
		json_array_append_new(arr, o);
		return 0;
	}
	printf("%lld %.12s %s %-9s %-18s ", e->seq, e->commit, when,
	    e->incident[0] ? e->incident : "-", e->action);
	cli_put_line(stdout, e->actor);
	printf("\n");
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "after", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	json_t *arr = NULL;
	long long after = 0;
	char *end;
	int c, rc = 0;

	if (cli_help(&cmd_events, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			arr = json_array();
		else if (c == 'a') {
			after = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || after < 0) {
				json_decref(arr);
				return cli_usage(&cmd_events, _("--after takes "
				    "an event number (0 or more)"));
			}
		} else {
			json_decref(arr);
			return cli_usage(&cmd_events, _("unknown option"));
		}
	}
	if (optind != argc) {
		json_decref(arr);
		return cli_usage(&cmd_events, _("no arguments expected"));
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(arr);
		return 1;
	}
	if (cb_store_events(st, after, print_event, arr, &err) != CB_OK)
		rc = cli_error(&err);
	else if (arr != NULL)
		cli_json_print(arr);
	json_decref(arr);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_events = {
	"events", "[--after SEQ] [--json]",
	N_("every change, in history order"), run,
};
