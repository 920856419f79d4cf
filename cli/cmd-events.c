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
#include "core/sanitize.h"

static int
print_event(const struct cb_event *e, void *arg)
{
	json_t *arr = arg;
	char when[CB_TIME_MAX], *commit, *incident, *action;

	cb_time_format(e->at, when);
	if (arr != NULL) {
		json_t *o = json_object();
		json_t *payload = json_loads(e->payload, 0, NULL);

		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "commit", cli_json_string(e->commit,
		    strlen(e->commit)));
		json_object_set_new(o, "incident", e->incident[0] ?
		    cli_json_string(e->incident, strlen(e->incident)) :
		    json_null());
		json_object_set_new(o, "action", cli_json_string(e->action,
		    strlen(e->action)));
		json_object_set_new(o, "actor", cli_json_string(e->actor,
		    strlen(e->actor)));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "payload", payload != NULL ? payload :
		    json_object());
		json_object_set_new(o, "remote", json_boolean(e->remote));
		json_array_append_new(arr, o);
		return 0;
	}
	/* The action is the commit's Casebook-Action trailer: data. */
	commit = cb_sanitize(e->commit, strnlen(e->commit, 12), 0);
	incident = cb_sanitize(e->incident, strlen(e->incident), 0);
	action = cb_sanitize(e->action, strlen(e->action), 0);
	printf("%lld %s %s %-9s %-18s ", e->seq, commit, when,
	    incident[0] ? incident : "-", action);
	free(commit);
	free(incident);
	free(action);
	cli_put_line(stdout, e->actor);
	printf(e->remote ? _(" (remote)\n") : "\n");
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
