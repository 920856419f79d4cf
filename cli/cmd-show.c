/* casebook show ID [--json]: an incident, its notebook and evidence. */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

struct show {
	bool json;
	json_t *obj;
	json_t *notes;
	json_t *evidence;
	json_t *conflicts;
	size_t nconflicts;
	struct cb_case c;	/* for who decided the mirrored fields */
	bool have_case;
	struct cb_store *st;
};

/*
 * A field, and for one that a checklist item mirrors, who decided it
 * (the item's answer) or that it holds its default, nobody's decision.
 */
static void
field(const struct show *s, const char *name, const char *label,
    const char *value)
{
	char w[1024];

	cli_put_cell(stdout, _(label), 11);
	fputc(' ', stdout);
	if (strcmp(name, "created") == 0 || strcmp(name, "updated") == 0)
		value = cli_time(value, w, sizeof w);
	else if (value[0] != '\0')
		value = cli_field_word(s->st, name, value, false, w, sizeof w);
	cli_put_line(stdout, value[0] ? value : "-");
	for (size_t i = 0; s->have_case && i < s->c.cl.nitems; i++) {
		const struct cb_checkitem *ci = &s->c.cl.items[i];
		const struct cb_answer *a = ci->answer;

		if (ci->item->field == NULL ||
		    strcmp(ci->item->field, name) != 0)
			continue;
		if (a != NULL && a->value != NULL) {
			printf("  (");
			cli_put_line(stdout, a->decided_by[0] ? a->decided_by :
			    a->by);
			printf(")");
		} else if (cb_checklist_is_default(&s->c.cl, &s->c.inc,
		    name)) {
			printf(_("  (default: nobody decided it)"));
		}
	}
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

		printf(_("%s is damaged in the record: "), r->id);
		cli_put_line(stdout, damage);
		printf(_("\nFix it with git or revert the commit; until then "
		    "casebook will not change it%s.\n\n"), r->title[0] ?
		    _(", and shows its last good version") : "");
		free(damage);
	}
	/* TRANSLATORS: the fields of an incident in 'casebook show'. */
	field(s, "phase", N_("phase"), r->phase);
	field(s, "urgency", N_("urgency"), r->urgency);
	field(s, "severity", N_("severity"), r->severity);
	field(s, "classes", N_("classes"), r->classes);
	field(s, "department", N_("department"), r->department);
	field(s, "reporter", N_("reporter"), r->reporter);
	field(s, "hosts", N_("hosts"), r->hosts);
	field(s, "assignees", N_("assignees"), r->assignees);
	field(s, "created", N_("created"), r->created);
	field(s, "updated", N_("updated"), r->updated);
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
		json_object_set_new(o, "at", cli_json_string(n->at,
		    strlen(n->at)));
		json_object_set_new(o, "text", cli_json_string(n->text, n->len));
		json_array_append_new(s->notes, o);
		return 0;
	}
	char when[CB_LOCAL_TIME_MAX];

	printf("\n--- %s  ", cli_time(n->at, when, sizeof when));
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
		json_object_set_new(o, "sha256", cli_json_string(a->sha256,
		    strlen(a->sha256)));
		json_object_set_new(o, "size", json_integer(a->size));
		json_object_set_new(o, "by", cli_json_string(a->by,
		    strlen(a->by)));
		json_object_set_new(o, "at", cli_json_string(a->at,
		    strlen(a->at)));
		/* Where the bytes are: the record, or the store's folder. */
		json_object_set_new(o, "place", a->place[0] ?
		    cli_json_string(a->place, strlen(a->place)) : json_null());
		json_array_append_new(s->evidence, o);
		return 0;
	}
	char when[CB_LOCAL_TIME_MAX];

	/* Every field comes from the sidecar, which git can write. */
	printf("  ");
	cli_put_line(stdout, a->sha256);
	printf(_("  %10lld bytes  "), (long long)a->size);
	cli_put_line(stdout, a->name);
	printf("  (");
	cli_put_line(stdout, a->by);
	printf(", %s)", cli_time(a->at, when, sizeof when));
	if (a->place[0] != '\0') {
		printf("%s", _("\n      outside the record, in STORE/"));
		cli_put_line(stdout, a->place);
	}
	printf("\n");
	return 0;
}

/* What sync's merges could not both keep: shown to tech members. */
static int
show_conflict(const struct cb_conflict *k, void *arg)
{
	struct show *s = arg;
	char w[128];

	if (s->json) {
		json_t *o = json_object();

		json_object_set_new(o, "file", cli_json_string(k->file,
		    strlen(k->file)));
		json_object_set_new(o, "item", cli_json_string(k->item,
		    strlen(k->item)));
		json_object_set_new(o, "kept", cli_json_string(k->kept,
		    strlen(k->kept)));
		json_object_set_new(o, "kept_by", cli_json_string(k->kept_by,
		    strlen(k->kept_by)));
		json_object_set_new(o, "kept_at", cli_json_string(k->kept_at,
		    strlen(k->kept_at)));
		json_object_set_new(o, "other", cli_json_string(k->other,
		    strlen(k->other)));
		json_object_set_new(o, "other_by", cli_json_string(k->other_by,
		    strlen(k->other_by)));
		json_object_set_new(o, "other_at", cli_json_string(k->other_at,
		    strlen(k->other_at)));
		json_object_set_new(o, "merged_at", cli_json_string(
		    k->merged_at, strlen(k->merged_at)));
		json_array_append_new(s->conflicts, o);
		return 0;
	}
	if (s->nconflicts++ == 0)
		printf(_("\nConflicts from sync (the merge kept the later "
		    "decision; the other is here):\n"));
	printf("  ");
	cli_put_line(stdout, k->file);
	printf(" ");
	cli_put_line(stdout, k->item);
	printf(_(": kept "));
	cli_put_line(stdout, k->kept[0] ? k->kept : _("(deleted)"));
	printf(" (");
	cli_put_line(stdout, k->kept_by);
	printf(" %s)", cli_time(k->kept_at, w, sizeof w));
	printf(_(", other "));
	cli_put_line(stdout, k->other[0] ? k->other : _("(deleted)"));
	printf(" (");
	cli_put_line(stdout, k->other_by);
	printf(" %s)\n", cli_time(k->other_at, w, sizeof w));
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct show s = { 0 };
	enum cb_role role;
	struct cb_store *st;
	struct cb_error err;
	const char *id;
	int c, rc = 0;

	if (cli_help(&cmd_show, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage(&cmd_show, _("unknown option"));
		s.json = true;
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_show, _("one incident id expected"));
	id = argv[optind];
	if ((rc = cli_check_id(&cmd_show, id)) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	s.st = st;
	/* Without playbooks the fields are shown without who decided them. */
	s.have_case = cb_store_case(st, id, NULL, &s.c, &err) == CB_OK;
	if (cb_store_row(st, id, show_row, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (s.json && s.have_case) {
		json_t *defaults = json_array();

		for (size_t i = 0; cb_field_names[i] != NULL; i++)
			if (cb_checklist_is_default(&s.c.cl, &s.c.inc,
			    cb_field_names[i]))
				json_array_append_new(defaults,
				    json_string(cb_field_names[i]));
		json_object_set_new(s.obj, "defaults", defaults);
	}
	if (s.json) {
		s.notes = json_array();
		s.evidence = json_array();
	} else {
		printf(_("\nEvidence:\n"));
	}
	if (cb_store_attachments(st, id, show_attachment, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (!s.json)
		printf(_("\nNotebook:\n"));
	if (cb_store_notes(st, id, show_note, &s, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (cb_store_role(st, NULL, &role, NULL, 0, &err) == CB_OK &&
	    role == CB_ROLE_TECH) {
		if (s.json)
			s.conflicts = json_array();
		if (cb_store_conflicts(st, id, show_conflict, &s, &err) !=
		    CB_OK) {
			rc = cli_error(&err);
			goto out;
		}
	}
	if (s.json) {
		if (s.conflicts != NULL)
			json_object_set_new(s.obj, "conflicts", s.conflicts);
		s.conflicts = NULL;
		json_object_set_new(s.obj, "notebook", s.notes);
		json_object_set_new(s.obj, "evidence", s.evidence);
		s.notes = s.evidence = NULL;
		cli_json_print(s.obj);
	}
out:
	if (s.have_case)
		cb_case_free(&s.c);
	json_decref(s.obj);
	json_decref(s.notes);
	json_decref(s.evidence);
	json_decref(s.conflicts);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_show = {
	"show", "ID [--json]", N_("an incident, its evidence and notes"), run,
};
