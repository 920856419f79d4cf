/*
 * casebook export ID|--all --format thehive|misp|json [--since DATE]:
 * incidents in the formats other CSIRTs exchange.  thehive: a TheHive 5
 * case (title, description, severity from the urgency, tlp, tags with
 * the RSIT and JPCERT/CC classes, tasks from the checklist, observables
 * from the hosts and the evidence hashes, customFields for urgency,
 * phase and department).  misp: a MISP event in the core format (info,
 * date, threat level from the urgency, analysis from the phase,
 * distribution 0, attributes of valid category/type pairs, RSIT machine
 * tags).  json: casebook's own, the whole incident.  The class mapping
 * is data: playbooks/taxonomy.json.  One incident is one JSON object;
 * --all gives an array.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/facts.h"
#include "core/nls.h"
#include "core/sha256.h"
#include "core/xmalloc.h"

static json_t *
jstr(const char *s)
{
	return cli_json_string(s, strlen(s));
}

/* A UUID made from the incident's id and what it is for (stable). */
static void
stable_uuid(const char *id, const char *what, char out[37])
{
	char hex[65], *in = xasprintf("casebook:%s:%s", what, id);

	cb_sha256_hex(in, strlen(in), hex);
	free(in);
	/* Version 5 layout, variant 10: a name-based UUID. */
	snprintf(out, 37, "%.8s-%.4s-5%.3s-%c%.3s-%.12s", hex, hex + 8,
	    hex + 13, "89ab"[strtol((char[]){ hex[16], 0 }, NULL, 16) & 3],
	    hex + 17, hex + 20);
}

static bool
is_ip(const char *s)
{
	size_t digits = strspn(s, "0123456789.");
	size_t hexs = strspn(s, "0123456789abcdefABCDEF:.");

	return (digits == strlen(s) && strchr(s, '.') != NULL) ||
	    (hexs == strlen(s) && strchr(s, ':') != NULL);
}

struct ev_ctx {
	json_t *arr;
};

static int
keep_attachment(const struct cb_attachment *a, void *arg)
{
	struct ev_ctx *e = arg;
	json_t *o = json_object();

	json_object_set_new(o, "sha256", jstr(a->sha256));
	json_object_set_new(o, "name", jstr(a->name));
	json_object_set_new(o, "size", json_integer(a->size));
	json_object_set_new(o, "by", jstr(a->by));
	json_object_set_new(o, "at", jstr(a->at));
	json_array_append_new(e->arr, o);
	return 0;
}

static int
keep_note(const struct cb_note *n, void *arg)
{
	struct ev_ctx *e = arg;
	json_t *o = json_object();

	json_object_set_new(o, "author", jstr(n->author));
	json_object_set_new(o, "at", jstr(n->at));
	json_object_set_new(o, "text", cli_json_string(n->text, n->len));
	json_array_append_new(e->arr, o);
	return 0;
}

static json_t *
evidence_of(struct cb_store *st, const char *id)
{
	struct ev_ctx e = { json_array() };
	struct cb_error err;

	(void)cb_store_attachments(st, id, keep_attachment, &e, &err);
	return e.arr;
}

static json_t *
list_of(const struct cb_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, jstr(l->v[i]));
	return a;
}

static json_t *
export_json(struct cb_store *st, struct cb_facts *f)
{
	json_t *o = json_object(), *inc = json_object(), *cl = json_array();
	struct ev_ctx notes = { json_array() };
	struct cb_error err;
	char *v;

	json_object_set_new(o, "format", json_string("casebook"));
	json_object_set_new(o, "version", json_integer(1));
	for (size_t i = 0; cb_field_names[i] != NULL; i++) {
		const char *k = cb_field_names[i];

		if (strcmp(k, "classes") == 0)
			json_object_set_new(inc, k, list_of(&f->c.inc.classes));
		else if (strcmp(k, "hosts") == 0)
			json_object_set_new(inc, k, list_of(&f->c.inc.hosts));
		else if (strcmp(k, "assignees") == 0)
			json_object_set_new(inc, k,
			    list_of(&f->c.inc.assignees));
		else {
			v = cb_incident_get(&f->c.inc, k);
			json_object_set_new(inc, k, jstr(v));
			free(v);
		}
	}
	json_object_set_new(inc, "id", json_string(f->c.inc.id));
	json_object_set_new(inc, "created", json_string(f->c.inc.created));
	json_object_set_new(inc, "updated", json_string(f->c.inc.updated));
	json_object_set_new(o, "incident", inc);
	for (size_t i = 0; i < f->c.nanswers; i++) {
		const struct cb_answer *a = &f->c.answers[i];
		json_t *e = json_object();

		json_object_set_new(e, "item", jstr(a->item));
		json_object_set_new(e, "value", a->value != NULL ?
		    jstr(a->value) : json_null());
		if (a->value == NULL)
			json_object_set_new(e, "waived", jstr(a->reason ?
			    a->reason : ""));
		json_object_set_new(e, "by", jstr(a->by));
		json_object_set_new(e, "at", jstr(a->at));
		json_array_append_new(cl, e);
	}
	json_object_set_new(o, "checklist", cl);
	(void)cb_store_notes(st, f->c.inc.id, keep_note, &notes, &err);
	json_object_set_new(o, "notebook", notes.arr);
	json_object_set_new(o, "evidence", evidence_of(st, f->c.inc.id));
	json_object_set_new(o, "timeline", cli_timeline_json(f));
	return o;
}

static void
class_tags(json_t *tags, json_t *tax, const struct cb_strlist *classes,
    bool with_casebook)
{
	json_t *map = json_object_get(tax, "classes");

	for (size_t i = 0; i < classes->n; i++) {
		json_t *c = json_object_get(map, classes->v[i]);
		const char *rsit = json_string_value(json_object_get(c, "rsit"));
		const char *jp = json_string_value(json_object_get(
		    json_object_get(c, "jpcert"), "en"));
		char *t;

		if (with_casebook) {
			t = xasprintf("casebook:class=\"%s\"", classes->v[i]);
			json_array_append_new(tags, jstr(t));
			free(t);
		}
		if (rsit != NULL)
			json_array_append_new(tags, jstr(rsit));
		if (jp != NULL) {
			t = xasprintf("jpcert:category=\"%s\"", jp);
			json_array_append_new(tags, jstr(t));
			free(t);
		}
	}
}

static int
thehive_severity(enum cb_urgency u)
{
	static const int sev[CB_URGENCY_COUNT] = { 4, 3, 2, 1 };

	return sev[u];
}

static json_t *
export_thehive(struct cb_store *st, struct cb_facts *f, json_t *tax)
{
	json_t *o = json_object(), *tags = json_array(), *tasks = json_array(),
	    *obs = json_array(), *cf = json_object(), *ev;
	struct cb_buf desc = { 0 };
	char *t;
	size_t i;

	json_object_set_new(o, "title", jstr(f->c.inc.title));
	cb_buf_printf(&desc, "casebook incident %s", f->c.inc.id);
	for (i = 0; i < f->c.nanswers; i++)
		if (f->c.answers[i].value != NULL && (strcmp(f->c.answers[i].item,
		    "attack_scope") == 0 || strcmp(f->c.answers[i].item,
		    "root_cause") == 0)) {
			cb_buf_printf(&desc, "\n\n%s: ", f->c.answers[i].item);
			cb_buf_adds(&desc, f->c.answers[i].value);
		}
	json_object_set_new(o, "description", jstr(desc.data));
	cb_buf_free(&desc);
	json_object_set_new(o, "severity",
	    json_integer(thehive_severity(f->c.inc.urgency)));
	json_object_set_new(o, "tlp", json_integer(2));
	json_object_set_new(o, "pap", json_integer(2));
	json_object_set_new(o, "flag", json_false());
	json_object_set_new(o, "status", json_string(f->c.inc.phase ==
	    CB_PHASE_CLOSED ? "Resolved" : f->c.inc.phase == CB_PHASE_INTAKE ?
	    "New" : "InProgress"));
	{
		time_t at;

		if (cb_time_parse(f->c.inc.created, &at))
			json_object_set_new(o, "startDate",
			    json_integer((json_int_t)at * 1000));
	}
	t = xasprintf("casebook:id=\"%s\"", f->c.inc.id);
	json_array_append_new(tags, jstr(t));
	free(t);
	class_tags(tags, tax, &f->c.inc.classes, true);
	json_object_set_new(o, "tags", tags);
	for (i = 0; i < f->c.cl.nitems; i++) {
		const struct cb_checkitem *ci = &f->c.cl.items[i];
		json_t *task;

		if (ci->state == CB_ITEM_NA)
			continue;
		task = json_object();
		json_object_set_new(task, "title", jstr(cb_text_in(
		    &ci->item->label, "en")));
		json_object_set_new(task, "group", json_string(
		    cb_phase_names[ci->item->phase]));
		json_object_set_new(task, "status", json_string(
		    ci->state == CB_ITEM_ANSWERED ? "Completed" :
		    ci->state == CB_ITEM_WAIVED ? "Cancel" : "Waiting"));
		json_object_set_new(task, "description", jstr(ci->item->id));
		json_array_append_new(tasks, task);
	}
	json_object_set_new(o, "tasks", tasks);
	for (i = 0; i < f->c.inc.hosts.n; i++) {
		json_t *ob = json_object();
		const char *h = f->c.inc.hosts.v[i];

		json_object_set_new(ob, "dataType", json_string(is_ip(h) ?
		    "ip" : "hostname"));
		json_object_set_new(ob, "data", jstr(h));
		json_object_set_new(ob, "message", json_string("affected host"));
		json_array_append_new(obs, ob);
	}
	ev = evidence_of(st, f->c.inc.id);
	for (i = 0; i < json_array_size(ev); i++) {
		json_t *ob = json_object(), *e = json_array_get(ev, i);

		json_object_set_new(ob, "dataType", json_string("hash"));
		json_object_set(ob, "data", json_object_get(e, "sha256"));
		json_object_set(ob, "message", json_object_get(e, "name"));
		json_array_append_new(obs, ob);
	}
	json_decref(ev);
	json_object_set_new(o, "observables", obs);
	json_object_set_new(cf, "casebook-urgency",
	    json_string(cb_urgency_names[f->c.inc.urgency]));
	json_object_set_new(cf, "casebook-phase",
	    json_string(cb_phase_names[f->c.inc.phase]));
	json_object_set_new(cf, "casebook-department",
	    jstr(f->c.inc.department));
	json_object_set_new(o, "customFields", cf);
	return o;
}

static json_t *
misp_attr(const char *id, const char *category, const char *type,
    const char *value, const char *comment, bool to_ids)
{
	json_t *a = json_object();
	char uuid[37], *what = xasprintf("attribute:%s:%s", type, value);

	stable_uuid(id, what, uuid);
	free(what);
	json_object_set_new(a, "uuid", json_string(uuid));
	json_object_set_new(a, "category", json_string(category));
	json_object_set_new(a, "type", json_string(type));
	json_object_set_new(a, "value", jstr(value));
	json_object_set_new(a, "to_ids", json_boolean(to_ids));
	json_object_set_new(a, "distribution", json_string("0"));
	json_object_set_new(a, "comment", jstr(comment));
	return a;
}

static json_t *
export_misp(struct cb_store *st, struct cb_facts *f, json_t *tax)
{
	json_t *o = json_object(), *ev = json_object(), *tags = json_array(),
	    *tagobjs = json_array(), *attrs = json_array(), *evd;
	static const char *const threat[CB_URGENCY_COUNT] = { "1", "1", "2",
	    "3" };
	char uuid[37], date[11];
	const char *analysis;

	stable_uuid(f->c.inc.id, "event", uuid);
	json_object_set_new(ev, "uuid", json_string(uuid));
	json_object_set_new(ev, "info", jstr(f->c.inc.title));
	snprintf(date, sizeof date, "%.10s", f->c.inc.created);
	json_object_set_new(ev, "date", json_string(date));
	json_object_set_new(ev, "threat_level_id",
	    json_string(threat[f->c.inc.urgency]));
	analysis = f->c.inc.phase == CB_PHASE_CLOSED ? "2" :
	    f->c.inc.phase <= CB_PHASE_TRIAGE ? "0" : "1";
	json_object_set_new(ev, "analysis", json_string(analysis));
	json_object_set_new(ev, "distribution", json_string("0"));
	json_object_set_new(ev, "published", json_false());
	class_tags(tags, tax, &f->c.inc.classes, false);
	for (size_t i = 0; i < json_array_size(tags); i++) {
		json_t *t = json_object();

		json_object_set(t, "name", json_array_get(tags, i));
		json_array_append_new(tagobjs, t);
	}
	json_decref(tags);
	json_object_set_new(ev, "Tag", tagobjs);
	for (size_t i = 0; i < f->c.inc.hosts.n; i++) {
		const char *h = f->c.inc.hosts.v[i];

		json_array_append_new(attrs, misp_attr(f->c.inc.id,
		    "Network activity", is_ip(h) ? "ip-dst" : "hostname", h,
		    "affected host", false));
	}
	evd = evidence_of(st, f->c.inc.id);
	for (size_t i = 0; i < json_array_size(evd); i++) {
		json_t *e = json_array_get(evd, i);

		json_array_append_new(attrs, misp_attr(f->c.inc.id,
		    "Artifacts dropped", "sha256", json_string_value(
		    json_object_get(e, "sha256")), json_string_value(
		    json_object_get(e, "name")), false));
	}
	json_decref(evd);
	json_object_set_new(ev, "Attribute", attrs);
	json_object_set_new(o, "Event", ev);
	return o;
}

struct ids {
	char (*v)[CB_ID_MAX];
	size_t n;
	time_t since;
};

static int
keep_id(const struct cb_row *r, void *arg)
{
	struct ids *ids = arg;
	time_t up;

	if (ids->since != 0 && (!cb_time_parse(r->updated, &up) ||
	    up < ids->since))
		return 0;
	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
	snprintf(ids->v[ids->n++], CB_ID_MAX, "%s", r->id);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct ids ids = { 0 };
	const char *format = NULL;
	struct cb_store *st;
	struct cb_error err;
	json_t *tax, *out;
	bool all = false;
	int c, rc = 0;

	if (cli_help(&cmd_export, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			all = true;
		else if (c == 'f')
			format = optarg;
		else if (c == 's') {
			char iso[CB_TIME_MAX];

			snprintf(iso, sizeof iso, "%.10sT00:00:00Z", optarg);
			if (strlen(optarg) != 10 ||
			    !cb_time_parse(iso, &ids.since))
				return cli_usage(&cmd_export, _("--since takes "
				    "a date, YYYY-MM-DD"));
		} else
			return cli_usage(&cmd_export, _("unknown option"));
	}
	if (format == NULL || (strcmp(format, "thehive") != 0 &&
	    strcmp(format, "misp") != 0 && strcmp(format, "json") != 0))
		return cli_usage(&cmd_export, _("--format takes thehive, misp "
		    "or json"));
	if (all ? optind != argc : optind + 1 != argc)
		return cli_usage(&cmd_export, _("one incident id, or --all"));
	if (!all && (rc = cli_check_id(&cmd_export, argv[optind])) != 0)
		return rc;
	if ((tax = cli_taxonomy()) == NULL) {
		cb_fail(&err, CB_ERR, _("%s/taxonomy.json cannot be read"),
		    cb_playbooks_dir());
		return cli_error(&err);
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(tax);
		return 1;
	}
	if (all) {
		struct cb_query q = { .all = true };

		if (cb_store_list(st, &q, keep_id, &ids, &err) != CB_OK)
			rc = cli_error(&err);
	} else {
		ids.since = 0;	/* an incident named is exported */
		keep_id(&(struct cb_row){ .id = argv[optind], .updated = "" },
		    &ids);
	}
	out = json_array();
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		struct cb_facts f;

		if ((rc = cli_facts_load(st, ids.v[i], &f)) != 0)
			break;
		json_array_append_new(out, strcmp(format, "json") == 0 ?
		    export_json(st, &f) : strcmp(format, "misp") == 0 ?
		    export_misp(st, &f, tax) : export_thehive(st, &f, tax));
		cb_facts_free(&f);
	}
	if (rc == 0)
		cli_json_print(all ? out : json_array_get(out, 0));
	json_decref(out);
	json_decref(tax);
	free(ids.v);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_export = {
	"export", "ID|--all --format thehive|misp|json [--since DATE]",
	N_("incidents as TheHive cases, MISP events or casebook's JSON"), run,
};
