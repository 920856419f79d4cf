/*
 * An incident's facts as the reporting commands use them (timeline,
 * report, export): its case, its history from the index and the
 * timeline core/timeline.c computes from them, and that timeline as
 * JSON.  One place, so that the three commands cannot disagree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/facts.h"
#include "core/nls.h"

const char *const cli_moment_labels[CB_MOMENT_COUNT] = {
	[CB_MOMENT_DETECTED] = N_("detected"),
	[CB_MOMENT_RECEIVED] = N_("report received"),
	[CB_MOMENT_TRIAGED] = N_("triaged (urgency decided)"),
	[CB_MOMENT_CONTAINED] = N_("contained (cut off)"),
	[CB_MOMENT_CAUSE_KNOWN] = N_("cause known"),
	[CB_MOMENT_RECOVERED] = N_("recovered"),
	[CB_MOMENT_SEVERITY] = N_("severity decided"),
	[CB_MOMENT_REPORT_FILED] = N_("report filed"),
	[CB_MOMENT_CLOSED] = N_("closed"),
};

int
cli_facts_load(struct cb_store *st, const char *id, struct cli_facts *f)
{
	struct cb_error err;

	memset(f, 0, sizeof *f);
	f->st = st;
	if (cb_store_playbooks(st, &f->pbs, &err) != CB_OK ||
	    cb_store_case(st, id, NULL, &f->c, &err) != CB_OK)
		return cli_error(&err);
	f->have_case = true;
	if (cb_store_history(st, id, &f->h, &err) != CB_OK) {
		cli_facts_free(f);
		return cli_error(&err);
	}
	cb_timeline_compute(f->h.recs, f->h.n, &f->pbs->graph, &f->c.cl,
	    cb_now(), &f->tl);
	return 0;
}

void
cli_facts_free(struct cli_facts *f)
{
	if (f->have_case)
		cb_case_free(&f->c);
	cb_history_free(&f->h);
	memset(f, 0, sizeof *f);
}

const char *
cli_answer_of(const struct cli_facts *f, const char *item)
{
	for (size_t i = 0; i < f->c.nanswers; i++)
		if (strcmp(f->c.answers[i].item, item) == 0)
			return f->c.answers[i].value;
	return NULL;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? cli_json_string(s, strlen(s)) : json_null();
}

json_t *
cli_timeline_json(const struct cli_facts *f)
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
