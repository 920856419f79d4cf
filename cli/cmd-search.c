/* casebook search QUERY [--json]: full text over titles and notebooks. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/nls.h"

/*
 * The snippet marks the match with \x02 and \x03; shown on a terminal as
 * **match** (the notebook is Markdown), each part sanitised on its own.
 */
static void
put_snippet(const char *s)
{
	while (*s != '\0') {
		size_t n = strcspn(s, "\x02\x03");

		char *part = cb_sanitize(s, n, 0);

		fputs(part, stdout);
		free(part);
		s += n;
		if (*s != '\0') {
			fputs("**", stdout);
			s++;
		}
	}
}

static int
print_hit(const struct cb_hit *h, void *arg)
{
	json_t *results = arg;

	if (results != NULL) {
		json_t *o = json_object();
		struct cb_buf plain = { 0 };

		for (const char *p = h->snippet; *p != '\0'; p++)
			if (*p != '\x02' && *p != '\x03')
				cb_buf_addc(&plain, *p);
		json_object_set_new(o, "id", json_string(h->id));
		json_object_set_new(o, "title", cli_json_string(h->title,
		    strlen(h->title)));
		json_object_set_new(o, "where", cli_json_string(h->where,
		    strlen(h->where)));
		json_object_set_new(o, "snippet", cli_json_string(
		    plain.data ? plain.data : "", plain.len));
		json_array_append_new(results, o);
		cb_buf_free(&plain);
		return 0;
	}
	printf("%s  ", h->id);
	cli_put_line(stdout, h->title);
	/* TRANSLATORS: where a search matched: an incident's title or a
	 * notebook entry. */
	printf("\n    %s: ", strcmp(h->where, "title") == 0 ? _("title") :
	    _("notebook entry"));
	put_snippet(h->snippet);
	printf("\n");
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	json_t *results = NULL;
	long limit = 50;
	char *end;
	int c, rc = 0;

	if (cli_help(&cmd_search, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			results = results ? results : json_array();
		} else if (c == 'n') {
			limit = strtol(optarg, &end, 10);
			if (*end != '\0' || limit < 1)
				return cli_usage(&cmd_search, _("--limit: '%s' is "
				    "not a positive number"), optarg);
		} else {
			return cli_usage(&cmd_search, _("unknown option"));
		}
	}
	if (optind + 1 != argc || argv[optind][0] == '\0') {
		json_decref(results);
		return cli_usage(&cmd_search, _("one non-empty query expected"));
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(results);
		return 1;
	}
	if (cb_store_search(st, argv[optind], limit, print_hit, results,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else if (results != NULL)
		cli_json_print(results);
	json_decref(results);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_search = {
	"search", "QUERY [--limit N] [--json]",
	N_("full-text search, Japanese too"), run,
};
