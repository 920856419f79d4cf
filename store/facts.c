/*
 * An incident's facts as reports, timelines and exports use them: its
 * case at the branch tip, its history from the index, the timeline
 * core/timeline.c computes from both, and a report form filled from
 * them (core/report.c).  One place, for the commands and the screens
 * alike.  Above answer.c and index.c (it reads through the public
 * calls only), beside queue.c and gc.c in the layer order.
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/nls.h"
#include "core/words.h"

enum cb_status
cb_store_facts(struct cb_store *st, const char *id, struct cb_facts *f,
    struct cb_error *err)
{
	enum cb_status s;

	memset(f, 0, sizeof *f);
	if ((s = cb_store_playbooks(st, &f->pbs, err)) != CB_OK ||
	    (s = cb_store_case(st, id, NULL, &f->c, err)) != CB_OK)
		return s;
	f->have_case = true;
	if ((s = cb_store_history(st, id, &f->h, err)) != CB_OK) {
		cb_facts_free(f);
		return s;
	}
	cb_timeline_compute(f->h.recs, f->h.n, &f->pbs->graph, &f->c.cl,
	    cb_now(), &f->tl);
	return CB_OK;
}

void
cb_facts_free(struct cb_facts *f)
{
	if (f->have_case)
		cb_case_free(&f->c);
	cb_history_free(&f->h);
	memset(f, 0, sizeof *f);
}

const char *
cb_facts_answer(const struct cb_facts *f, const char *item)
{
	for (size_t i = 0; i < f->c.nanswers; i++)
		if (strcmp(f->c.answers[i].item, item) == 0)
			return f->c.answers[i].value;
	return NULL;
}

enum cb_status
cb_store_report_form(struct cb_store *st, const char *name,
    struct cb_report_form *form, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	enum cb_status s;
	char *path;

	memset(form, 0, sizeof *form);
	if (name[0] == '\0' || strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") != strlen(name))
		return cb_fail(err, CB_EUSAGE, _("no report form '%s' (the "
		    "forms: mext, ppc, jpcert, summary)"), name);
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK)
		return s;
	if (st->playbook_dir == NULL)
		return cb_fail(err, CB_ERR, _("no playbooks folder is set"));
	path = xasprintf("%s/reports/%s.yaml", st->playbook_dir, name);
	if (access(path, R_OK) != 0)
		s = cb_fail(err, CB_EUSAGE, _("no report form '%s' (the forms: "
		    "mext, ppc, jpcert, summary)"), name);
	else
		s = cb_report_form_load(path, &pbs->graph, form, err);
	free(path);
	return s;
}

struct lookup {
	const struct cb_facts *f;
	const char *lang;
	char buf[8192];
	char *owned;
};

/* The facts a form asks for, as text in the report's language. */
static const char *
lookup(enum cb_rf_source source, const char *key, void *arg)
{
	struct lookup *l = arg;
	const char *v;
	enum cb_moment m;

	free(l->owned);
	l->owned = NULL;
	switch (source) {
	case CB_RF_ITEM:
		if ((v = cb_facts_answer(l->f, key)) == NULL)
			return NULL;
		return cb_value_word(l->f->pbs, key, v, l->lang,
		    CB_WORD_LABELS, l->buf, sizeof l->buf);
	case CB_RF_FIELD:
		if (!cb_field_known(key))
			return NULL;
		l->owned = cb_incident_get(&l->f->c.inc, key);
		return l->owned;
	case CB_RF_MOMENT:
		m = cb_moment_from_name(key);
		if (m == CB_MOMENT_COUNT || !l->f->tl.moments[m].known)
			return NULL;
		cb_local_time_t(l->f->tl.moments[m].at, l->buf, sizeof l->buf);
		return l->buf;
	default:
		return NULL;
	}
}

char *
cb_facts_report(const struct cb_facts *f, const struct cb_report_form *form,
    enum cb_report_stage stage, const char *lang, const char *format,
    struct cb_report *out)
{
	struct lookup l = { f, lang, "", NULL };

	cb_report_fill(form, stage, lang, lookup, &l, out);
	free(l.owned);
	if (strcmp(format, "txt") == 0)
		return cb_report_text(out);
	if (strcmp(format, "json") == 0)
		return cb_report_json(out);
	return cb_report_markdown(out);
}
