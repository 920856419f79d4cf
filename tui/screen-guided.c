/*
 * Guided mode, for office staff: one item at a time, in plain words and
 * in the user's language: what to find out (the question), why it
 * matters (the playbook's guidance), the answer (the same widgets as the
 * incident screen), then the next one.  Items the user may not answer
 * are named with who must (e.g. the department head), and when nothing
 * is left for the user the screen says what the incident waits for.
 *
 * The order is the checklist's own (cb_checklist_next): ready items of
 * the earliest phase first, those that unblock more first.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

#define NEXT_MAX 64

struct guided {
	struct tui *t;
	char id[CB_ID_MAX];
	struct cb_case c;
	bool have;
	/* Items skipped with 's' in this visit, by id. */
	char skipped[NEXT_MAX][64];
	int nskipped;
	const struct cb_checkitem *step;	/* the item asked now, or NULL */
	const struct cb_checkitem *others[NEXT_MAX];	/* ready, not mine */
	char why_not[NEXT_MAX][sizeof ((struct cb_error *)0)->msg];
	int nothers;
	int nmine;		/* the questions for the user, skipped or not */
	size_t nready;
};

static void *
g_open(struct tui *t, const void *arg)
{
	struct guided *g = xcalloc(1, sizeof *g);

	g->t = t;
	snprintf(g->id, sizeof g->id, "%s", (const char *)arg);
	return g;
}

static void
g_close(void *state)
{
	struct guided *g = state;

	if (g->have)
		cb_case_free(&g->c);
	free(g);
}

static bool
skipped(struct guided *g, const char *id)
{
	for (int i = 0; i < g->nskipped; i++)
		if (strcmp(g->skipped[i], id) == 0)
			return true;
	return false;
}

/* Who may answer an item, in plain words (the store's reason otherwise). */
static const char *
who_answers(enum cb_role role, const char *reason)
{
	switch (role) {
	case CB_ROLE_TECH:
		return _("a CERT member answers this");
	case CB_ROLE_HEAD:
		return _("the head of the department decides this");
	case CB_ROLE_STAFF:
		return _("office staff or a CERT member answers this");
	default:
		return reason;
	}
}

static int
add_name(const char *login, const char *name, void *arg)
{
	struct cb_buf *b = arg;

	(void)login;
	cb_buf_printf(b, "%s%s", b->len > 0 ? ", " : "", name);
	return 0;
}

/*
 * Who will answer an item handed off, by name where the store knows:
 * the incident's assignees for a CERT item, the people with the head
 * role for the head's.  "" when nobody is named.
 */
static void
who_by_name(struct guided *g, enum cb_role role, char *out, size_t n)
{
	struct cb_buf b = { 0 };
	struct cb_error err;

	out[0] = '\0';
	if (role == CB_ROLE_TECH && g->c.inc.assignees.n > 0) {
		char *list = cb_strlist_join(&g->c.inc.assignees, ", ");

		snprintf(out, n, _(" (assigned: %s)"), list);
		free(list);
	} else if (role == CB_ROLE_HEAD &&
	    cb_store_people(g->t->st, CB_ROLE_HEAD, add_name, &b, &err) ==
	    CB_OK && b.len > 0) {
		snprintf(out, n, _(" (%s); h records their decision on their "
		    "behalf, when it reached you by phone, mail or a meeting"),
		    b.data);
	}
	cb_buf_free(&b);
}

static int
g_load(struct tui *t, void *state)
{
	struct guided *g = state;
	const struct cb_checkitem *next[NEXT_MAX];
	struct cb_error err;
	size_t n;

	if (g->have)
		cb_case_free(&g->c);
	g->have = false;
	g->step = NULL;
	g->nothers = 0;
	g->nmine = 0;
	if (cb_store_case(t->st, g->id, NULL, &g->c, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_BODY;
	}
	g->have = true;
	n = cb_checklist_next(&g->c.cl, next, NEXT_MAX);
	g->nready = n;
	for (size_t i = 0; i < n && i < NEXT_MAX; i++) {
		/* One phase at a time: later phases wait for the advance. */
		if (next[i]->item->phase > g->c.inc.phase)
			continue;
		if (cb_store_may_answer(t->st, next[i]->item, false, &err) !=
		    CB_OK) {
			if (g->nothers < NEXT_MAX) {
				char names[512];

				who_by_name(g, next[i]->item->role, names,
				    sizeof names);
				snprintf(g->why_not[g->nothers],
				    sizeof g->why_not[0], "%s%s",
				    who_answers(next[i]->item->role, err.msg),
				    names);
				g->others[g->nothers++] = next[i];
			}
			continue;
		}
		g->nmine++;
		if (g->step == NULL && !skipped(g, next[i]->item->id))
			g->step = next[i];
	}
	/* Everything skipped: start the round again. */
	if (g->step == NULL && g->nskipped > 0) {
		g->nskipped = 0;
		return g_load(t, g);
	}
	return TUI_DRAW_BODY;
}

/* What to type, by the answer's kind: an example a person can copy. */
static const char *
example(const struct cb_item *it)
{
	switch (it->kind) {
	case CB_KIND_HOSTS:
		return _("What to type: addresses or names, with commas; for "
		    "example 192.0.2.10, lab-pc7.example.ac.jp");
	case CB_KIND_DATETIME:
		return _("What to type: the date and time, your local time; for "
		    "example 2026-12-01 15:00");
	case CB_KIND_PERIOD:
		return _("What to type: from and to, with a slash; for example "
		    "2026-12-01 09:00/2026-12-01 17:00");
	case CB_KIND_DONE:
		return _("What to type: now, or when it was done; for example "
		    "2026-12-01 15:00");
	case CB_KIND_TEXT:
		return _("What to type: in your own words, as you would tell a "
		    "colleague; Enter saves it.");
	default:
		return _("What to do: choose from the list that opens.");
	}
}

struct flow {
	int y, end, w;
	attr_t a;
};

static void
flow_row(const char *row, void *arg)
{
	struct flow *f = arg;

	if (f->y < f->end)
		tui_cell(f->y++, 4, f->w, row, f->a);
}

static void
say(struct flow *f, const char *text, attr_t a)
{
	f->a = a;
	tui_wrap(text, strlen(text), f->w, flow_row, f);
}

static void
heading(struct flow *f, const char *text)
{
	if (f->y < f->end)
		tui_cell(f->y++, 2, f->w + 2, text, tui_attr(TUI_C_TITLE));
}

static void
g_draw(struct tui *t, void *state, int y, int h)
{
	struct guided *g = state;
	struct flow f = { y, y + h, t->cols - 6, A_NORMAL };
	struct cb_buf b = { 0 };
	const struct cb_checkitem *miss[NEXT_MAX];
	size_t nmiss;

	for (int r = 0; r < h; r++)
		tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	if (!g->have)
		return;
	cb_buf_printf(&b, "%s  %s", g->c.inc.id, g->c.inc.title);
	tui_cell(f.y++, 2, t->cols - 4, b.data, tui_attr(TUI_C_TITLE));
	b.len = 0;
	nmiss = g->c.inc.phase == CB_PHASE_CLOSED ? 0 :
	    cb_checklist_missing(&g->c.cl, g->c.inc.phase, miss, NEXT_MAX);
	cb_buf_printf(&b, _("Phase: %s. Items still needed in this phase: "
	    "%zu."), cb_phase_word(g->c.inc.phase), nmiss);
	tui_cell(f.y++, 2, t->cols - 4, b.data, tui_attr(TUI_C_DIM));
	f.y++;

	if (g->step != NULL) {
		const struct cb_item *it = g->step->item;

		heading(&f, tui_text_lang(t, &it->label));
		f.y++;
		heading(&f, _("The question"));
		say(&f, tui_text_lang(t, &it->prompt), tui_attr(TUI_C_NORMAL));
		say(&f, example(it), tui_attr(TUI_C_DIM));
		f.y++;
		if (g->step->guidance != NULL) {
			heading(&f, _("Why it matters"));
			say(&f, tui_text_lang(t, &g->step->guidance->guidance),
			    tui_attr(TUI_C_NORMAL));
			f.y++;
		}
		say(&f, _("Press Enter to answer. s: skip to the next one for "
		    "now. W: not needed here (give a reason). N: the notebook."),
		    tui_attr(TUI_C_READY));
		f.y++;
	} else if (g->c.inc.phase == CB_PHASE_CLOSED)
		say(&f, _("This incident is closed. Nothing is left to do."),
		    tui_attr(TUI_C_READY));
	else if (nmiss == 0) {
		say(&f, _("Everything this phase needs is done. Press > to move "
		    "the incident to the next phase."), tui_attr(TUI_C_READY));
		f.y++;
	} else
		say(&f, _("Nothing here is yours to answer right now."),
		    tui_attr(TUI_C_NORMAL));

	if (g->nothers > 0) {
		heading(&f, _("Others must answer"));
		for (int i = 0; i < g->nothers; i++) {
			b.len = 0;
			cb_buf_printf(&b, "- %s: %s",
			    tui_text_lang(t, &g->others[i]->item->label),
			    g->why_not[i]);
			say(&f, b.data, tui_attr(TUI_C_WARNING));
		}
		f.y++;
	}
	/* What the phase waits for: its missing items that are blocked. */
	{
		bool any = false;

		for (size_t i = 0; i < nmiss && i < NEXT_MAX; i++) {
			if (miss[i]->state != CB_ITEM_BLOCKED)
				continue;
			if (!any)
				heading(&f, _("The incident also waits for"));
			any = true;
			b.len = 0;
			cb_buf_printf(&b, _("- %s, after: "),
			    tui_text_lang(t, &miss[i]->item->label));
			for (size_t k = 0; k < miss[i]->nblocked_by; k++)
				cb_buf_printf(&b, "%s%s", k ? ", " : "",
				    tui_text_lang(t,
				    &miss[i]->blocked_by[k]->label));
			say(&f, b.data, tui_attr(TUI_C_BLOCKED));
		}
	}
	cb_buf_free(&b);
}

static const char *
g_subtitle(void *state)
{
	return ((struct guided *)state)->id;
}

static int
act_answer(struct tui *t, void *state)
{
	struct guided *g = state;

	if (g->step == NULL)
		return TUI_DRAW_NONE;
	return tui_answer(t, g->id, g->step->item, tui_answer_value(g->step));
}

static int
act_skip(struct tui *t, void *state)
{
	struct guided *g = state;

	if (g->step == NULL || g->nskipped == NEXT_MAX)
		return TUI_DRAW_NONE;
	if (g->nmine <= 1) {
		tui_status(t, TUI_C_WARNING, "%s", _("Nothing to skip to: this "
		    "is the only question for you now. Answer it, or W if it "
		    "is not needed here."));
		return TUI_DRAW_STATUS;
	}
	snprintf(g->skipped[g->nskipped++], sizeof g->skipped[0], "%s",
	    g->step->item->id);
	return g_load(t, g);
}

static int
act_waive(struct tui *t, void *state)
{
	struct guided *g = state;

	if (g->step == NULL)
		return TUI_DRAW_NONE;
	return tui_waive(t, g->id, g->step->item, tui_answer_value(g->step));
}

static int
act_answer_editor(struct tui *t, void *state)
{
	struct guided *g = state;

	if (g->step == NULL)
		return TUI_DRAW_NONE;
	return tui_answer_editor(t, g->id, g->step->item,
	    tui_answer_value(g->step));
}

static int advance_yes(struct tui *t, void *state);

/* Moving on to the next phase is asked first. */
static int
act_advance(struct tui *t, void *state)
{
	struct guided *g = state;
	char *q;

	if (!g->have || g->c.inc.phase == CB_PHASE_CLOSED ||
	    cb_checklist_missing(&g->c.cl, g->c.inc.phase, NULL, 0) != 0)
		return advance_yes(t, g);
	q = xasprintf(_("Advance %s from %s to the next phase?"), g->id,
	    cb_phase_names[g->c.inc.phase]);
	tui_confirm(t, q, advance_yes, g, NULL);
	free(q);
	return TUI_DRAW_STATUS;
}

static int
advance_yes(struct tui *t, void *state)
{
	struct guided *g = state;
	struct cb_error err;
	enum cb_phase ph;

	if (cb_store_advance(t->st, g->id, false, NULL, &ph, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	tui_absorb(t);
	tui_status(t, TUI_C_READY, _("%s is now in phase %s"), g->id,
	    cb_phase_word(ph));
	return TUI_RELOAD | TUI_DRAW_BODY;
}

/* The head's decision, heard by phone, mail or in a meeting, recorded
 * on their behalf (tui_answer asks whose, then how, then the level). */
static int
act_head(struct tui *t, void *state)
{
	struct guided *g = state;

	for (int i = 0; i < g->nothers; i++)
		if (g->others[i]->item->role == CB_ROLE_HEAD)
			return tui_answer(t, g->id, g->others[i]->item,
			    tui_answer_value(g->others[i]));
	tui_status(t, TUI_C_NORMAL, "%s", _("No decision of the head is "
	    "needed now"));
	return TUI_DRAW_STATUS;
}

/* The notebook: what was done, said or phoned, in the staff's words. */
static int
act_notebook(struct tui *t, void *state)
{
	struct guided *g = state;

	tui_push(t, &tui_screen_notebook, g->id);
	return TUI_DRAW_ALL;
}

static const struct tui_action g_actions[] = {
	{ "answer", { '\n', '\r', 'a' }, "Enter a", N_("answer this question"),
	  act_answer },
	{ "answer-editor", { 'E' }, "E", N_("write a text answer in $VISUAL "
	  "or $EDITOR"), act_answer_editor },
	{ "skip", { 's' }, "s", N_("skip to the next question for now"),
	  act_skip },
	{ "waive", { 'W' }, "W", N_("not needed here (with a reason)"),
	  act_waive },
	{ "advance", { '>' }, ">", N_("move to the next phase when all is "
	  "done"), act_advance },
	{ "head", { 'h' }, "h", N_("record the department head's decision "
	  "on their behalf"), act_head },
	{ "notebook", { 'N', 'n' }, "N n", N_("the notebook: note what was "
	  "done or said (\"phoned the department at 10:40\")"), act_notebook },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_guided = {
	.name = "guided",
	.title = N_("Guided"),
	.open = g_open,
	.close = g_close,
	.load = g_load,
	.draw = g_draw,
	.subtitle = g_subtitle,
	.actions = g_actions,
};
