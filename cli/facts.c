/*
 * What the reporting commands (timeline, report, export) share of an
 * incident's facts (store/facts.c): the words of the moments and the
 * timeline as JSON.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/facts.h"
#include "core/nls.h"
#include "core/xmalloc.h"

int
cli_facts_load(struct cb_store *st, const char *id, struct cb_facts *f)
{
	struct cb_error err;

	if (cb_store_facts(st, id, f, &err) != CB_OK)
		return cli_error(&err);
	return 0;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? cli_json_string(s, strlen(s)) : json_null();
}

json_t *
cli_timeline_json(const struct cb_facts *f)
{
	json_t *o = json_object(), *ms = json_array(), *ph = json_array();
	char at[CB_TIME_MAX];

	json_object_set_new(o, "id", json_string(f->c.inc.id));
	for (int m = 0; m < CB_MOMENT_COUNT; m++) {
		const struct cb_tl_moment *mo = &f->tl.moments[m];
		json_t *e = json_object();

		json_object_set_new(e, "moment", json_string(cb_moment_names[m]));
		json_object_set_new(e, "known", json_boolean(mo->known));
		if (mo->known) {
			cb_time_format(mo->at, at);
			json_object_set_new(e, "at", json_string(at));
			json_object_set_new(e, "commit",
			    str_or_null(mo->source->commit));
			json_object_set_new(e, "author",
			    str_or_null(mo->source->author));
			json_object_set_new(e, "action",
			    str_or_null(mo->source->action));
			/* What established it: an alert's evidence, an
			 * item's answer. */
			json_object_set_new(e, "from", str_or_null(
			    mo->source->kind == CB_TL_ALERT ||
			    mo->source->kind == CB_TL_ANSWER ?
			    mo->source->key : NULL));
			json_object_set_new(e, "from_alert", json_boolean(
			    mo->source->kind == CB_TL_ALERT));
		} else
			json_object_set_new(e, "applies",
			    json_boolean(mo->applies));
		json_object_set_new(e, "item", str_or_null(mo->item_id));
		json_array_append_new(ms, e);
	}
	json_object_set_new(o, "moments", ms);
	for (int p = 0; p < CB_PHASE_COUNT; p++) {
		json_t *e;

		if (f->tl.entered[p] == 0)
			continue;
		e = json_object();
		json_object_set_new(e, "phase", json_string(cb_phase_names[p]));
		json_object_set_new(e, "seconds",
		    json_integer(f->tl.seconds[p]));
		json_object_set_new(e, "entered",
		    json_integer(f->tl.entered[p]));
		json_array_append_new(ph, e);
	}
	json_object_set_new(o, "phases", ph);
	json_object_set_new(o, "current",
	    json_string(cb_phase_names[f->tl.current]));
	json_object_set_new(o, "backwards", json_integer(f->tl.backwards));
	json_object_set_new(o, "reopened", json_integer(f->tl.reopened));
	return o;
}

json_t *
cli_taxonomy(void)
{
	char *path = xasprintf("%s/taxonomy.json", cb_playbooks_dir());
	json_t *t = json_load_file(path, 0, NULL);

	free(path);
	return t;
}
