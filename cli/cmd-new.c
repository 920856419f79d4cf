/*
 * casebook new --title T [--class C]... ...: records a new incident.  The
 * fields given that checklist items mirror (classes, urgency, reporter,
 * hosts) are also the creator's answers; urgency not given is the
 * default, nobody's decision.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

/* Appends value to a comma-separated list field of inc. */
static enum cb_status
add_to(struct cb_incident *inc, const char *field, struct cb_strlist *acc,
    const char *value, struct cb_error *err)
{
	char *joined;
	enum cb_status s;

	if (strchr(value, ',') != NULL)
		return cb_fail(err, CB_EUSAGE, _("--%s: one value per option "
		    "(no commas): '%s'"), strcmp(field, "classes") == 0 ?
		    "class" : "host", value);
	cb_strlist_add(acc, value);
	joined = cb_strlist_join(acc, ",");
	s = cb_incident_set(inc, field, joined, err);
	free(joined);
	return s;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "class", required_argument, NULL, 'c' },
		{ "urgency", required_argument, NULL, 'u' },
		{ "department", required_argument, NULL, 'd' },
		{ "reporter", required_argument, NULL, 'r' },
		{ "host", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_strlist classes = { 0 }, hosts = { 0 };
	const char *given[8];
	size_t ngiven = 0;
	struct cb_incident inc;
	struct cb_store *st;
	struct cb_error err;
	char id[CB_ID_MAX];
	bool titled = false;
	enum cb_status s = CB_OK;
	int c, rc = 0;

	if (cli_help(&cmd_new, argc, argv))
		return 0;
	cb_incident_init(&inc);
	while (s == CB_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *f = c == 't' ? "title" : c == 'c' ? "classes" :
		    c == 'u' ? "urgency" : c == 'd' ? "department" :
		    c == 'r' ? "reporter" : c == 'H' ? "hosts" : NULL;
		bool seen = false;

		/* What was given is the creator's; the rest are defaults. */
		for (size_t k = 0; f != NULL && k < ngiven; k++)
			seen = seen || strcmp(given[k], f) == 0;
		if (f != NULL && !seen)
			given[ngiven++] = f;
		switch (c) {
		case 't':
			s = cb_incident_set(&inc, "title", optarg, &err);
			titled = true;
			break;
		case 'c':
			s = add_to(&inc, "classes", &classes, optarg, &err);
			break;
		case 'u':
			s = cb_incident_set(&inc, "urgency", optarg, &err);
			break;
		case 'd':
			s = cb_incident_set(&inc, "department", optarg, &err);
			break;
		case 'r':
			s = cb_incident_set(&inc, "reporter", optarg, &err);
			break;
		case 'H':
			s = add_to(&inc, "hosts", &hosts, optarg, &err);
			break;
		default:
			rc = cli_usage(&cmd_new, _("unknown option"));
			goto out;
		}
	}
	if (s != CB_OK) {
		rc = cli_usage(&cmd_new, "%s", err.msg);
		goto out;
	}
	if (!titled || optind != argc) {
		rc = cli_usage(&cmd_new, optind != argc ? "unexpected argument" :
		    "--title is required");
		goto out;
	}
	if ((st = cli_open(cli)) == NULL) {
		rc = 1;
		goto out;
	}
	given[ngiven] = NULL;
	if (cb_store_create_given(st, &inc, given, id, &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf("%s\n", id);
	cb_store_close(st);
out:
	cb_strlist_free(&classes);
	cb_strlist_free(&hosts);
	cb_incident_free(&inc);
	return rc;
}

const struct cb_cmd cmd_new = {
	"new", "--title T [--class C]... [--urgency U] [--department D]\n"
	"      [--reporter R] [--host H]...",
	N_("record a new incident, print its id"), run,
};
