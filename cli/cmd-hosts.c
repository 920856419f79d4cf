/*
 * casebook hosts [--json] | hosts import FILE.csv: the host map, which
 * gives alerts (at ingest) and the incidents promoted from them their
 * department.  An import replaces the map whole, in one transaction;
 * a bad row is reported as FILE:LINE: why and skipped (exit 5, as
 * ingest).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alertgroup.h"
#include "core/nls.h"

struct bad_rows {
	const char *file;
	size_t n;
};

static void
on_bad(size_t line, const char *why, void *arg)
{
	struct bad_rows *b = arg;

	b->n++;
	fputs(_("casebook: "), stderr);
	cli_put_line(stderr, b->file);
	fprintf(stderr, ":%zu: ", line);
	cli_put_line(stderr, why);
	fputc('\n', stderr);
}

static int
import(struct cb_store *st, const char *file)
{
	struct bad_rows bad = { file, 0 };
	struct cb_host_map m;
	struct cb_error err;
	size_t len;
	char *data;
	int rc = 0;

	if (cb_store_may_ingest(st, &err) != CB_OK)
		return cli_error(&err);
	if ((data = cli_read_file(file, &len, &err)) == NULL)
		return cli_error(&err);
	if (cb_host_map_parse(data, len, &m, on_bad, &bad, &err) != CB_OK) {
		free(data);
		fputs(_("casebook: "), stderr);
		cli_put_line(stderr, file);
		fputs(": ", stderr);
		cli_put_line(stderr, err.msg);
		fputc('\n', stderr);
		return 1;
	}
	free(data);
	if (cb_store_hosts_replace(st, &m, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		printf(_("%zu hosts and networks imported, %zu bad rows\n"), m.n,
		    bad.n);
		if (bad.n > 0)
			rc = 5;
	}
	cb_host_map_free(&m);
	return rc;
}

static int
list(struct cb_store *st, bool json)
{
	struct cb_host_map m;
	struct cb_error err;
	json_t *arr;

	if (cb_store_host_map(st, &m, &err) != CB_OK)
		return cli_error(&err);
	arr = json_array();
	for (size_t i = 0; i < m.n; i++) {
		const struct cb_host_entry *e = &m.v[i];

		if (json) {
			json_t *o = json_object();

			json_object_set_new(o, "host", cli_json_string(e->pattern,
			    strlen(e->pattern)));
			json_object_set_new(o, "department", cli_json_string(
			    e->department, strlen(e->department)));
			json_object_set_new(o, "owner", cli_json_string(e->owner,
			    strlen(e->owner)));
			json_object_set_new(o, "notes", cli_json_string(e->notes,
			    strlen(e->notes)));
			json_array_append_new(arr, o);
			continue;
		}
		cli_put_cell(stdout, e->pattern, 24);
		fputc(' ', stdout);
		cli_put_cell(stdout, e->department, 20);
		fputc(' ', stdout);
		cli_put_cell(stdout, e->owner, 16);
		fputc(' ', stdout);
		cli_put_line(stdout, e->notes);
		fputc('\n', stdout);
	}
	if (json)
		cli_json_print(arr);
	json_decref(arr);
	cb_host_map_free(&m);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	bool json = false;
	int rc;

	if (cli_help(&cmd_hosts, argc, argv))
		return 0;
	if (argc == 3 && strcmp(argv[1], "import") == 0) {
		if ((st = cli_open(cli)) == NULL)
			return 1;
		rc = import(st, argv[2]);
		cb_store_close(st);
		return rc;
	}
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = true;
	else if (argc != 1)
		return cli_usage(&cmd_hosts, _("expected import FILE.csv, or "
		    "--json"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	rc = list(st, json);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_hosts = {
	"hosts", "[--json] | import FILE.csv",
	N_("the host map: network or host name to department"), run,
};
