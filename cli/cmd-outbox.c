/*
 * casebook outbox [list [--all]] [--json]
 * casebook outbox retry ID | drop ID
 * casebook outbox run [--once | --daemon] [--timeout MS] [--quiet]
 *
 * The messages queued for the chats and the GitLab mirror, and their
 * runner (cli/outbox-run.c).  list reads the index only.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/subscription.h"

static void
put_ms(FILE *f, int64_t ms)
{
	char when[CB_TIME_MAX];

	cb_time_format((time_t)(ms / 1000), when);
	fputs(when, f);
}

static int
print_msg(const struct cb_outbox_msg *m, void *arg)
{
	json_t *arr = arg;

	if (arr != NULL) {
		json_t *o = json_object();
		char when[CB_TIME_MAX];

		cb_time_format(m->at, when);
		json_object_set_new(o, "id", json_integer(m->id));
		json_object_set_new(o, "destination", cli_json_string(
		    m->destination, strlen(m->destination)));
		json_object_set_new(o, "state", json_string(
		    cb_outbox_state_names[m->state]));
		json_object_set_new(o, "incident", cli_json_string(m->incident,
		    strlen(m->incident)));
		json_object_set_new(o, "commit", cli_json_string(m->oid,
		    strlen(m->oid)));
		json_object_set_new(o, "event", json_integer(m->event_seq));
		json_object_set_new(o, "action", cli_json_string(m->action,
		    strlen(m->action)));
		json_object_set_new(o, "actor", cli_json_string(m->actor,
		    strlen(m->actor)));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "attempts", json_integer(m->attempts));
		json_object_set_new(o, "next_try", json_integer(m->next_try));
		json_object_set_new(o, "last_error", cli_json_string(
		    m->last_error, strlen(m->last_error)));
		json_object_set_new(o, "merged_into", m->merged_into ?
		    json_integer(m->merged_into) : json_null());
		json_object_set_new(o, "created", json_integer(m->created));
		json_object_set_new(o, "updated", json_integer(m->updated));
		json_object_set_new(o, "body", m->body[0] ? cli_json_string(
		    m->body, strlen(m->body)) : json_null());
		json_array_append_new(arr, o);
		return 0;
	}
	printf("%lld %-10s ", m->id, cb_outbox_state_names[m->state]);
	cli_put_cell(stdout, m->destination, 14);
	printf(" ");
	cli_put_cell(stdout, m->incident[0] ? m->incident : "-", 10);
	printf(" ");
	cli_put_cell(stdout, m->action, 12);
	printf(" ");
	put_ms(stdout, m->created);
	if (m->attempts > 0)
		printf(_(" (%d tries)"), m->attempts);
	if (m->last_error[0] != '\0') {
		printf(": ");
		cli_put_line(stdout, m->last_error);
	}
	printf("\n");
	return 0;
}

/* What is wrong with the config's subscriptions, on stderr. */
static void
config_problems(struct cb_store *st)
{
	struct cb_outbox_conf c;
	struct cb_error err;
	char *path = xasprintf("%s/config", cb_store_dir(st));

	if (cb_outbox_conf_read(path, &c, &err) != CB_OK)
		cli_error(&err);
	for (size_t i = 0; i < c.n_subs; i++)
		if (c.subs[i].bad[0] != '\0') {
			fprintf(stderr, _("casebook: [notify \"%s\"] is not "
			    "used: %s\n"), c.subs[i].name, c.subs[i].bad);
		}
	if (c.mirror.bad[0] != '\0')
		fprintf(stderr, _("casebook: [mirror \"gitlab\"] is not used: "
		    "%s\n"), c.mirror.bad);
	cb_outbox_conf_free(&c);
	free(path);
}

static int
list(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	json_t *arr = NULL;
	bool all = false;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j' && arr == NULL)
			arr = json_array();
		else if (c == 'a')
			all = true;
		else if (c != 'j') {
			json_decref(arr);
			return cli_usage(&cmd_outbox, _("unknown option"));
		}
	}
	if (optind != argc) {
		json_decref(arr);
		return cli_usage(&cmd_outbox, _("no arguments expected"));
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(arr);
		return 1;
	}
	config_problems(st);
	if (cb_outbox_list(st, NULL, !all, print_msg, arr, &err) != CB_OK)
		rc = cli_error(&err);
	else if (arr != NULL)
		cli_json_print(arr);
	json_decref(arr);
	cb_store_close(st);
	return rc;
}

static int
one(struct cb_cli *cli, int argc, char **argv, bool drop)
{
	struct cb_store *st;
	struct cb_error err;
	long long id;
	char *end;
	int rc = 0;

	if (argc != 2)
		return cli_usage(&cmd_outbox, _("%s takes a message number"),
		    argv[0]);
	id = strtoll(argv[1], &end, 10);
	if (argv[1][0] == '\0' || *end != '\0' || id <= 0)
		return cli_usage(&cmd_outbox, _("'%s' is not a message number"),
		    argv[1]);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if ((drop ? cb_outbox_drop(st, id, &err) :
	    cb_outbox_retry(st, id, &err)) != CB_OK)
		rc = cli_error(&err);
	cb_store_close(st);
	return rc;
}

static int
run_cmd(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "backoff", required_argument, NULL, 'b' },
		{ "poll", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_outbox_run_opts o = { false, false, 0, 0, 30000, 200 };
	bool once = false;
	long long v;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			once = true;
			break;
		case 'd':
			o.daemon = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 't':
		case 'b':
		case 'p':
			v = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v <= 0 ||
			    v > 3600000)
				return cli_usage(&cmd_outbox, _("--%s takes "
				    "milliseconds (1 to 3600000)"), c == 't' ?
				    "timeout" : c == 'b' ? "backoff" : "poll");
			if (c == 't')
				o.timeout_ms = (long)v;
			else if (c == 'b')
				o.backoff_ms = v;
			else
				o.poll_ms = v;
			break;
		default:
			return cli_usage(&cmd_outbox, _("unknown option"));
		}
	}
	if (once && o.daemon)
		return cli_usage(&cmd_outbox, _("--once or --daemon, not both"));
	if (optind != argc)
		return cli_usage(&cmd_outbox, _("no arguments expected"));
	return cli_outbox_run(cli, &o);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	if (cli_help(&cmd_outbox, argc, argv))
		return 0;
	if (argc < 2 || argv[1][0] == '-' || strcmp(argv[1], "list") == 0) {
		int skip = argc >= 2 && strcmp(argv[1], "list") == 0;

		return list(cli, argc - skip, argv + skip);
	}
	if (strcmp(argv[1], "retry") == 0 || strcmp(argv[1], "drop") == 0)
		return one(cli, argc - 1, argv + 1, argv[1][0] == 'd');
	if (strcmp(argv[1], "run") == 0)
		return run_cmd(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_outbox, _("no subcommand '%s' (list, retry, "
	    "drop, run)"), argv[1]);
}

const struct cb_cmd cmd_outbox = {
	"outbox", "[list [--all] | retry ID | drop ID | run [--once | "
	"--daemon]] [--json]",
	N_("messages to the chats and the GitLab mirror, and their delivery"),
	run,
};
