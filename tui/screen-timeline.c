/*
 * Timeline: the incident's key moments (each with who established it
 * and the commit), the moments not known with the item that would
 * establish them, and the time spent in each phase as bars.  Enter on a
 * moment opens the incident as it was at the commit that established it
 * (the history's as-of view).  Everything is read from the index
 * (cb_store_facts); data is drawn through the sanitiser (tui_cell).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

/* Rows: the moments, a heading, then the phases entered. */
struct trow {
	int moment;		/* -1: not a moment */
	int phase;		/* -1: not a phase */
	bool heading;
};

struct timeline {
	char id[CB_ID_MAX];
	struct cb_facts f;
	bool loaded;
	struct trow rows[CB_MOMENT_COUNT + CB_PHASE_COUNT + 2];
	long n;
	long long max;		/* the longest phase, for the bars */
	struct tui_list list;
};

static long
t_count(void *src)
{
	return ((struct timeline *)src)->n;
}

static bool
t_selectable(void *src, long i)
{
	return !((struct timeline *)src)->rows[i].heading;
}

static void
draw_moment(struct tui *t, struct timeline *tl, int m, int y, int x, int w,
    attr_t a, bool sel)
{
	const struct cb_tl_moment *mo = &tl->f.tl.moments[m];
	char when[CB_LOCAL_TIME_MAX], why[512];

	tui_cell(y, x, 30, _(cb_moment_words[m]), a);
	if (mo->known) {
		cb_local_time_t(mo->at, when, sizeof when);
		tui_cell(y, x + 30, 22, when, a);
		tui_cell(y, x + 52, 16, mo->source->author != NULL ?
		    mo->source->author : "", a);
		snprintf(why, sizeof why, "%.12s", mo->source->commit != NULL ?
		    mo->source->commit : "");
		tui_cell(y, x + 68, w - 68, why, sel ? a :
		    tui_attr(TUI_C_DIM));
		return;
	}
	if (mo->item_id != NULL && !mo->applies)
		snprintf(why, sizeof why, "%s", _("unknown (does not apply to "
		    "this incident)"));
	else if (mo->item_id != NULL)
		snprintf(why, sizeof why, _("unknown: answer %s (%s)"),
		    mo->item_id, mo->item != NULL ?
		    cb_text_in(&mo->item->label, t->lang) : "");
	else
		snprintf(why, sizeof why, "%s", _("unknown"));
	tui_cell(y, x + 30, w - 30, why, sel ? a : tui_attr(TUI_C_WARNING));
}

static void
t_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct timeline *tl = src;
	const struct trow *r = &tl->rows[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	char dur[32], word[128];
	int bw = w - 14 - 12 - 2, n;

	if (r->heading) {
		tui_cell(y, x, w, r->moment == -2 ? _("Moments") :
		    _("Time per phase"), tui_attr(TUI_C_TITLE));
		return;
	}
	if (r->moment >= 0) {
		draw_moment(t, tl, r->moment, y, x, w, a, sel);
		return;
	}
	cb_duration_word(tl->f.tl.seconds[r->phase], dur, sizeof dur);
	tui_cell(y, x, 14, tui_field_word(t, "phase",
	    cb_phase_names[r->phase], true, word, sizeof word), a);
	if (bw < 1)
		bw = 1;
	n = tl->max > 0 ? (int)((tl->f.tl.seconds[r->phase] * bw + tl->max -
	    1) / tl->max) : 0;
	attrset(sel ? a : tui_attr(TUI_C_BAR));
	for (int k = 0; k < bw; k++)
		mvaddch(y, x + 14 + k, k < n ? (chtype)'#' : (chtype)' ');
	attrset(A_NORMAL);
	tui_cell_right(y, x + 14 + bw, 10, dur, a);
	snprintf(word, sizeof word, "%s", (enum cb_phase)r->phase ==
	    tl->f.tl.current ? _(" now") : tl->f.tl.entered[r->phase] > 1 ?
	    "x2+" : "");
	tui_cell(y, x + 24 + bw, w - 24 - bw, word, a);
}

static const struct tui_list_ops t_ops = {
	t_count, NULL, t_draw_row, t_selectable, NULL,
};

static void *
t_open(struct tui *t, const void *arg)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);

	(void)t;
	snprintf(tl->id, sizeof tl->id, "%s", (const char *)arg);
	tui_list_init(&tl->list, &t_ops, tl);
	return tl;
}

static void
t_close(void *state)
{
	struct timeline *tl = state;

	if (tl->loaded)
		cb_facts_free(&tl->f);
	free(tl);
}

static int
t_load(struct tui *t, void *state)
{
	struct timeline *tl = state;
	struct cb_error err;

	if (tl->loaded)
		cb_facts_free(&tl->f);
	tl->loaded = false;
	tl->n = 0;
	tl->max = 0;
	if (cb_store_facts(t->st, tl->id, &tl->f, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_ALL;
	}
	tl->loaded = true;
	tl->rows[tl->n++] = (struct trow){ -2, -1, true };
	for (int m = 0; m < CB_MOMENT_COUNT; m++)
		tl->rows[tl->n++] = (struct trow){ m, -1, false };
	tl->rows[tl->n++] = (struct trow){ -3, -1, true };
	for (int p = 0; p < CB_PHASE_COUNT; p++) {
		if (tl->f.tl.entered[p] == 0 || p == CB_PHASE_CLOSED)
			continue;
		tl->rows[tl->n++] = (struct trow){ -1, p, false };
		if (tl->f.tl.seconds[p] > tl->max)
			tl->max = tl->f.tl.seconds[p];
	}
	if (tl->list.cur == 0)
		tl->list.cur = 1;
	tui_list_clamp(&tl->list);
	return TUI_DRAW_BODY;
}

static void
t_draw(struct tui *t, void *state, int y, int h)
{
	struct timeline *tl = state;
	char line[256];

	for (int r = 0; r < h; r++)
		tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	if (!tl->loaded)
		return;
	snprintf(line, sizeof line, _("went back %u times, reopened %u times"),
	    tl->f.tl.backwards, tl->f.tl.reopened);
	tui_cell(y, 0, t->cols, tl->f.c.inc.title, tui_attr(TUI_C_TITLE));
	tui_list_draw(t, &tl->list, y + 1, 0, h - 2, t->cols);
	tui_cell(y + h - 1, 0, t->cols, line, tui_attr(TUI_C_DIM));
}

static struct tui_list *
t_list(void *state)
{
	return &((struct timeline *)state)->list;
}

static const char *
t_subtitle(void *state)
{
	return ((struct timeline *)state)->id;
}

/* The incident as it was at the commit that established the moment. */
static int
act_open(struct tui *t, void *state)
{
	struct timeline *tl = state;
	const struct trow *r;
	const struct cb_tl_moment *mo;
	char arg[CB_ID_MAX + 42];

	if (!tl->loaded || tl->n == 0)
		return TUI_DRAW_NONE;
	r = &tl->rows[tl->list.cur];
	if (r->moment < 0)
		return TUI_DRAW_NONE;
	mo = &tl->f.tl.moments[r->moment];
	if (!mo->known || mo->source->commit == NULL) {
		tui_status(t, TUI_C_WARNING, "%s", _("no commit established "
		    "this moment yet"));
		return TUI_DRAW_STATUS;
	}
	snprintf(arg, sizeof arg, "%s@%s", tl->id, mo->source->commit);
	tui_push(t, &tui_screen_incident, arg);
	return TUI_DRAW_ALL;
}

static const struct tui_action t_actions[] = {
	{ "open-commit", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("the incident as it was at the moment's commit"), act_open },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_timeline = {
	.name = "timeline",
	.title = N_("Timeline"),
	.open = t_open,
	.close = t_close,
	.load = t_load,
	.draw = t_draw,
	.list = t_list,
	.subtitle = t_subtitle,
	.actions = t_actions,
};
