/*
 * History: the incident's commits, newest first (time, author, action,
 * message), from the index.  Enter shows the commit's diff limited to the
 * incident's folder; 'v' shows the incident as it was at that commit,
 * read-only, so that a reviewer can replay the case step by step.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

struct hent {
	char commit[41];
	time_t at;
	char *author, *action, *summary;
};

struct history {
	char id[CB_ID_MAX];
	struct hent *v;
	size_t n, cap;
	int action_w;		/* the ACTION column's width, see h_load */
	struct tui_list list;
};

/*
 * The ACTION column is as wide as the widest action of the history
 * (suggestion-dismiss, force-phase) and its heading, in display columns,
 * but never narrower than the common actions need (note, advance,
 * answer), so that most histories line up alike, nor wider than
 * ACTION_MAX: an action written with git can be any length, and is cut.
 */
#define ACTION_MIN 10
#define ACTION_MAX 24

static long
h_count(void *src)
{
	return (long)((struct history *)src)->n;
}

static void
h_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct history *h = src;
	const struct hent *e = &h->v[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	char when[32];
	struct tm tm;

	(void)t;
	gmtime_r(&e->at, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	tui_cell(y, x, 17, when, a);
	tui_cell(y, x + 17, 1, "", a);
	tui_cell(y, x + 18, 14, e->author, a);
	tui_cell(y, x + 32, 1, "", a);
	tui_cell(y, x + 33, h->action_w, e->action, sel ? a :
	    tui_attr(TUI_C_KEY));
	tui_cell(y, x + 33 + h->action_w, 1, "", a);
	tui_cell(y, x + 34 + h->action_w, w - 34 - h->action_w, e->summary, a);
}

static const struct tui_list_ops h_ops = { h_count, NULL, h_draw_row, NULL };

static void *
h_open(struct tui *t, const void *arg)
{
	struct history *h = xcalloc(1, sizeof *h);

	(void)t;
	snprintf(h->id, sizeof h->id, "%s", (const char *)arg);
	h->action_w = ACTION_MIN;
	tui_list_init(&h->list, &h_ops, h);
	return h;
}

static void
forget(struct history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].author);
		free(h->v[i].action);
		free(h->v[i].summary);
	}
	h->n = 0;
}

static void
h_close(void *state)
{
	struct history *h = state;

	forget(h);
	free(h->v);
	free(h);
}

static int
keep(const struct cb_logent *e, void *arg)
{
	struct history *h = arg;
	struct hent *r;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 32;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	r = &h->v[h->n++];
	snprintf(r->commit, sizeof r->commit, "%s", e->commit);
	r->at = e->at;
	r->author = xstrdup(e->author);
	r->action = xstrdup(e->action);
	r->summary = xstrdup(e->summary);
	return 0;
}

static int
h_load(struct tui *t, void *state)
{
	struct history *h = state;
	struct cb_error err;

	forget(h);
	if (cb_store_log(t->st, h->id, keep, h, &err) != CB_OK)
		tui_error(t, &err);
	h->action_w = ACTION_MIN;
	for (size_t i = 0; i <= h->n; i++) {
		int w = tui_width(i < h->n ? h->v[i].action : _("ACTION"));

		if (w > h->action_w)
			h->action_w = w < ACTION_MAX ? w : ACTION_MAX;
	}
	tui_list_clamp(&h->list);
	return TUI_DRAW_BODY;
}

static void
h_draw(struct tui *t, void *state, int y, int hgt)
{
	struct history *h = state;
	attr_t a = tui_attr(TUI_C_TITLE);

	attrset(a);
	mvhline(y, 0, ' ', t->cols);
	tui_cell(y, 0, 17, _("TIME (UTC)"), a);
	tui_cell(y, 18, 14, _("AUTHOR"), a);
	tui_cell(y, 33, h->action_w, _("ACTION"), a);
	tui_cell(y, 34 + h->action_w, t->cols - 34 - h->action_w, _("MESSAGE"),
	    a);
	tui_list_draw(t, &h->list, y + 1, 0, hgt - 1, t->cols);
}

static struct tui_list *
h_list(void *state)
{
	return &((struct history *)state)->list;
}

static const char *
h_subtitle(void *state)
{
	return ((struct history *)state)->id;
}

static int
act_diff(struct tui *t, void *state)
{
	struct history *h = state;
	struct cb_buf diff = { 0 };
	struct cb_error err;
	struct tui_pager_arg a;
	char title[80];

	if (h->n == 0)
		return TUI_DRAW_NONE;
	if (cb_store_diff(t->st, h->id, h->v[h->list.cur].commit, &diff,
	    &err) != CB_OK) {
		tui_error(t, &err);
		cb_buf_free(&diff);
		return TUI_DRAW_STATUS;
	}
	snprintf(title, sizeof title, "%s %.12s", h->id,
	    h->v[h->list.cur].commit);
	a.title = title;
	a.text = diff.data != NULL ? diff.data : "";
	a.len = diff.len;
	a.diff = true;
	tui_push(t, &tui_screen_pager, &a);
	cb_buf_free(&diff);
	return TUI_DRAW_ALL;
}

static int
act_as_of(struct tui *t, void *state)
{
	struct history *h = state;
	char arg[CB_ID_MAX + 42];

	if (h->n == 0)
		return TUI_DRAW_NONE;
	snprintf(arg, sizeof arg, "%s@%s", h->id, h->v[h->list.cur].commit);
	tui_push(t, &tui_screen_incident, arg);
	return TUI_DRAW_ALL;
}

static const struct tui_action h_actions[] = {
	{ "diff", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("what the commit changed (diff)"), act_diff },
	{ "as-of", { 'v' }, "v", N_("the incident as it was at this commit "
	  "(read-only)"), act_as_of },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_history = {
	.name = "history",
	.title = N_("History"),
	.open = h_open,
	.close = h_close,
	.load = h_load,
	.draw = h_draw,
	.list = h_list,
	.subtitle = h_subtitle,
	.actions = h_actions,
};
