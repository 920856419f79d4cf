/*
 * Report: the incident's report in a prescribed form (playbooks/
 * reports/), previewed in the user's language, field by field, with the
 * fields the record cannot fill highlighted and the item that would
 * fill them.  Enter on a missing field answers that item (the same
 * widget as the incident screen's); f changes the form, s the stage,
 * l the language; F files the report (cb_store_file_report: the text
 * into the evidence, report_filed answered, one commit).  Every value
 * is data, drawn through the sanitiser (tui_cell).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

static const char *const forms[] = { "mext", "ppc", "jpcert", "summary" };
#define NFORMS (sizeof forms / sizeof forms[0])

struct report {
	char id[CB_ID_MAX];
	struct cb_facts f;
	bool have_facts, have_form, stage_set;
	size_t form;			/* index into forms */
	struct cb_report_form rf;
	struct cb_report rep;
	enum cb_report_stage stage;
	char lang[3];
	char *text;			/* the Markdown, what F files */
	struct tui_list list;
};

static long
r_count(void *src)
{
	struct report *r = src;

	return (long)r->rep.nvalues;
}

static void
r_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct report *r = src;
	const struct cb_report_value *v = &r->rep.values[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	int lw = w / 3;
	char miss[256];

	(void)t;
	tui_cell(y, x, lw, cb_text_in(&v->field->label, r->lang), sel ? a :
	    tui_attr(TUI_C_TITLE));
	tui_cell(y, x + lw, 1, "", a);
	if (v->value != NULL) {
		tui_cell(y, x + lw + 1, w - lw - 1, v->value, a);
		return;
	}
	if (v->field->optional) {
		tui_cell(y, x + lw + 1, w - lw - 1, "-", a);
		return;
	}
	if (v->field->filled_by != NULL)
		snprintf(miss, sizeof miss, _("missing: answer %s (Enter)"),
		    v->field->filled_by);
	else
		snprintf(miss, sizeof miss, "%s", _("missing"));
	tui_cell(y, x + lw + 1, w - lw - 1, miss, sel ? a :
	    tui_attr(TUI_C_WARNING));
}

static const struct tui_list_ops r_ops = {
	r_count, NULL, r_draw_row, NULL, NULL,
};

static void *
r_open(struct tui *t, const void *arg)
{
	struct report *r = xcalloc(1, sizeof *r);

	snprintf(r->id, sizeof r->id, "%s", (const char *)arg);
	snprintf(r->lang, sizeof r->lang, "%s", t->lang);
	tui_list_init(&r->list, &r_ops, r);
	return r;
}

static void
forget(struct report *r)
{
	if (r->have_facts)
		cb_facts_free(&r->f);
	cb_report_free(&r->rep);
	if (r->have_form)
		cb_report_form_free(&r->rf);
	free(r->text);
	r->text = NULL;
	r->have_facts = r->have_form = false;
}

static void
r_close(void *state)
{
	forget(state);
	free(state);
}

static int
r_load(struct tui *t, void *state)
{
	struct report *r = state;
	struct cb_error err;

	forget(r);
	if (cb_store_facts(t->st, r->id, &r->f, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_ALL;
	}
	r->have_facts = true;
	if (cb_store_report_form(t->st, forms[r->form], &r->rf, &err) !=
	    CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_ALL;
	}
	r->have_form = true;
	/* As the command: a case at its report or closed has its final. */
	if (!r->stage_set)
		r->stage = r->f.c.inc.phase >= CB_PHASE_REPORT ?
		    CB_STAGE_FINAL : CB_STAGE_FIRST;
	r->text = cb_facts_report(&r->f, &r->rf, r->stage, r->lang, "md",
	    &r->rep);
	tui_list_clamp(&r->list);
	return TUI_DRAW_BODY;
}

static void
r_draw(struct tui *t, void *state, int y, int h)
{
	struct report *r = state;
	char line[512];

	for (int k = 0; k < h; k++)
		tui_cell(y + k, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	if (!r->have_form)
		return;
	snprintf(line, sizeof line, _("%s — %s, %s (f form, s stage, l "
	    "language, F file it)"), cb_text_in(&r->rf.title, r->lang),
	    cb_stage_names[r->stage], r->lang);
	tui_cell(y, 0, t->cols, line, tui_attr(TUI_C_TITLE));
	if (r->rf.notice.en != NULL)
		tui_cell(y + 1, 0, t->cols, cb_text_in(&r->rf.notice, r->lang),
		    tui_attr(TUI_C_DIM));
	tui_list_draw(t, &r->list, y + 2, 0, h - 3, t->cols);
	snprintf(line, sizeof line, _("%zu missing"), r->rep.nmissing);
	tui_cell(y + h - 1, 0, t->cols, line, r->rep.nmissing > 0 ?
	    tui_attr(TUI_C_WARNING) : tui_attr(TUI_C_DIM));
}

static struct tui_list *
r_list(void *state)
{
	return &((struct report *)state)->list;
}

static const char *
r_subtitle(void *state)
{
	return ((struct report *)state)->id;
}

/* Enter: the item that would fill the field, answered here. */
static int
act_fill(struct tui *t, void *state)
{
	struct report *r = state;
	const struct cb_report_value *v;
	const struct cb_item *item;
	const char *key;

	if (!r->have_form || r->rep.nvalues == 0)
		return TUI_DRAW_NONE;
	v = &r->rep.values[r->list.cur];
	key = v->field->filled_by != NULL ? v->field->filled_by :
	    v->field->source == CB_RF_ITEM ? v->field->key : NULL;
	if (key == NULL || (item = cb_graph_find(r->f.pbs, key)) == NULL) {
		tui_status(t, TUI_C_WARNING, "%s", _("no checklist item fills "
		    "this field"));
		return TUI_DRAW_STATUS;
	}
	if (!tui_may_write(t))
		return TUI_DRAW_STATUS;
	return tui_answer(t, r->id, item, cb_facts_answer(&r->f, key));
}

static int
act_form(struct tui *t, void *state)
{
	struct report *r = state;

	(void)t;
	r->form = (r->form + 1) % NFORMS;
	r->list.cur = 0;
	return TUI_RELOAD | TUI_DRAW_ALL;
}

static int
act_stage(struct tui *t, void *state)
{
	struct report *r = state;

	(void)t;
	r->stage = (enum cb_report_stage)((r->stage + 1) % CB_STAGE_COUNT);
	r->stage_set = true;
	r->list.cur = 0;
	return TUI_RELOAD | TUI_DRAW_ALL;
}

static int
act_lang(struct tui *t, void *state)
{
	struct report *r = state;

	(void)t;
	snprintf(r->lang, sizeof r->lang, "%s", r->lang[0] == 'j' ? "en" :
	    "ja");
	return TUI_RELOAD | TUI_DRAW_ALL;
}

static int
file_yes(struct tui *t, void *arg)
{
	struct report *r = arg;
	struct cb_error err;
	char sha[65], name[96], what[64];

	snprintf(name, sizeof name, "report-%s-%s-%s.md", forms[r->form],
	    cb_stage_names[r->stage], r->lang);
	snprintf(what, sizeof what, "%s, %s, %s", forms[r->form],
	    cb_stage_names[r->stage], r->lang);
	if (cb_store_file_report(t->st, r->id, name, what, r->text,
	    strlen(r->text), sha, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	tui_status(t, TUI_C_NORMAL, _("filed %s (sha256 %.12s)"), name, sha);
	return TUI_RELOAD | TUI_DRAW_ALL;
}

static int
act_file(struct tui *t, void *state)
{
	struct report *r = state;
	char q[256];

	if (!r->have_form || r->text == NULL || !tui_may_write(t))
		return TUI_DRAW_STATUS;
	snprintf(q, sizeof q, _("File this report (%zu missing) into the "
	    "evidence and answer report_filed? (y/n)"), r->rep.nmissing);
	/* The screen outlives the question: it is not the question's. */
	tui_confirm(t, q, file_yes, r, NULL);
	return TUI_DRAW_STATUS;
}

static const struct tui_action r_actions[] = {
	{ "fill", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("answer the item that fills the field"), act_fill },
	{ "form", { 'f' }, "f", N_("the next form: mext, ppc, jpcert, "
	  "summary"), act_form },
	{ "stage", { 's' }, "s", N_("the next stage: first, update, final"),
	  act_stage },
	{ "language", { 'l' }, "l", N_("Japanese or English"), act_lang },
	{ "file", { 'F' }, "F", N_("file the report: evidence and "
	  "report_filed, one commit"), act_file },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_report = {
	.name = "report",
	.title = N_("Report"),
	.open = r_open,
	.close = r_close,
	.load = r_load,
	.draw = r_draw,
	.list = r_list,
	.subtitle = r_subtitle,
	.actions = r_actions,
};
