/* casebook show ID [--json]: an incident, its notebook and evidence. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"

struct show {
	bool json;
	json_t *obj;
	json_t *notes;
	json_t *evidence;
};

static void
field(const char *name, const char *value)
{
	printf("%-11s ", name);
	cli_put_line(stdout, value[0] ? value : "-");
	printf("\n");
}

static int
show_row(const struct cb_row *r, void *arg)
{
	struct show *s = arg;

	if (s->json) {
		s->obj = cli_row_json(r);
		return 0;
	}
	printf("%s  ", r->id);
	cli_put_line(stdout, r->title);
	printf("\n\n");
	if (r->damaged_file[0] != '\0') {
		char *damage = cli_damage(r);

		printf("%s is damaged in the record: ", r->id);
		cli_put_line(stdout, damage);
		printf("\nFix it with git or revert the commit; until then "
		    "casebook will not change it%s.\n\n", r->title[0] ?
		    ", and shows its last good version" : "");
		free(damage);
	}
	field("phase", r->phase);
	field("urgency", r->urgency);
	field("severity", r->severity);
	field("classes", r->classes);
	field("department", r->department);
	field("reporter", r->reporter);
	field("hosts", r->hosts);
	field("assignees", r->assignees);
	field("created", r->created);
	field("updated", r->updated);
	return 0;
}

static int
show_note(const struct cb_note *n, void *arg)
{
	struct show *s = arg;

	if (s->json) {
		json_t *o = json_object();

		json_object_set_new(o, "file", cli_json_string(n->path,
		    strlen(n->path)));
		json_object_set_new(o, "author", cli_json_string(n->author,
		    strlen(n->author)));
		json_object_set_new(o, "at", json_string(n->at));
		json_object_set_new(o, "text", cli_json_string(n->text, n->len));
		json_array_append_new(s->notes, o);
		return 0;
	}
	printf("\n--- %s  ", n->at);
	cli_put_line(stdout, n->author);
	printf("\n");
	cli_put(stdout, n->text, n->len);
	if (n->len == 0 || n->text[n->len - 1] != '\n')
		printf("\n");
	return 0;
}

static int
show_attachment(const struct cb_attachment *a, void *arg)
{
	struct show *s = arg;

	if (s->json) {
		json_t *o = json_object();

		json_object_set_new(o, "name", cli_json_string(a->name,
		    strlen(a->name)));
		json_object_set_new(o, "sha256", json_string(a->sha256));
		json_object_set_new(o, "size", json_integer(a->size));
		json_object_set_new(o, "by", cli_json_string(a->by,
		    strlen(a->by)));
		json_object_set_new(o, "at", json_string(a->at));
		json_array_append_new(s->evidence, o);
		return 0;
	}
	printf("  %s  %10lld bytes  ", a->sha256, (long long)a->size);
	cli_put_line(stdout, a->name);
	printf("  (");
	cli_put_line(stdout, a->by);
	printf(", %s)\n", a->at);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct show s = { false, NULL, NULL, NULL };
	struct cb_store *st;
	struct cb_error err;
	const char *id;
	int c, rc = 0;

	if (cli_help(&cmd_show, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage(&cmd_show, "unknown option");
		s.json = true;
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_show, "one incident id expected");
	id = argv[optind];
	if ((rc = cli_check_id(&cmd_show, id)) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_row(st, id, show_row, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (s.json) {
		s.notes = json_array();
		s.evidence = json_array();
	} else {
		printf("\nEvidence:\n");
	}
	if (cb_store_attachments(st, id, show_attachment, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (!s.json)
		printf("\nNotebook:\n");
	if (cb_store_notes(st, id, show_note, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (s.json) {
		json_object_set_new(s.obj, "notebook", s.notes);
		json_object_set_new(s.obj, "evidence", s.evidence);
		s.notes = s.evidence = NULL;
		cli_json_print(s.obj);
	}
out:
	json_decref(s.obj);
	json_decref(s.notes);
	json_decref(s.evidence);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_show = {
	"show", "ID [--json]", "an incident, its evidence and notes", run,
};
