/*
 * The chooser (struct tui_choose_arg in tui-int.h): options in the list
 * widget, picked with Enter, toggled with Space in a multiple choice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

struct choose {
	char *title;
	char **labels;
	bool *picked;
	size_t n;
	bool multi;
	int (*done)(struct tui *t, void *ctx, long chosen, const bool *picked);
	void *ctx;
	void (*free_ctx)(void *ctx);
	struct tui_list list;
};

static long
c_count(void *src)
{
	return (long)((struct choose *)src)->n;
}

static void
c_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct choose *c = src;
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	const char *mark = !c->multi ? (sel ? " > " : "   ") :
	    c->picked[i] ? "[x] " : "[ ] ";
	struct tui_pen p;

	(void)t;
	tui_pen_start(&p, y, x, w);
	tui_pen_puts(&p, "  ", a);
	tui_pen_puts(&p, mark, a);
	tui_pen_puts(&p, c->labels[i], a);
	tui_pen_fill(&p, a);
}

static const struct tui_list_ops c_ops = { c_count, NULL, c_draw_row, NULL };

static void *
c_open(struct tui *t, const void *arg)
{
	const struct tui_choose_arg *a = arg;
	struct choose *c = xcalloc(1, sizeof *c);

	(void)t;
	c->title = xstrdup(a->title);
	c->n = a->n;
	c->labels = xcalloc(a->n + 1, sizeof *c->labels);
	c->picked = xcalloc(a->n + 1, sizeof *c->picked);
	for (size_t i = 0; i < a->n; i++) {
		c->labels[i] = xstrdup(a->labels[i]);
		c->picked[i] = a->picked != NULL && a->picked[i];
	}
	c->multi = a->multi;
	c->done = a->done;
	c->ctx = a->ctx;
	c->free_ctx = a->free_ctx;
	tui_list_init(&c->list, &c_ops, c);
	c->list.cur = a->cur;
	return c;
}

static void
c_close(void *state)
{
	struct choose *c = state;

	/* Closed without a choice (the user quit): the context is ours. */
	if (c->ctx != NULL && c->free_ctx != NULL)
		c->free_ctx(c->ctx);
	for (size_t i = 0; i < c->n; i++)
		free(c->labels[i]);
	free(c->labels);
	free(c->picked);
	free(c->title);
	free(c);
}

static int
c_load(struct tui *t, void *state)
{
	(void)t;
	tui_list_clamp(&((struct choose *)state)->list);
	return TUI_DRAW_BODY;
}

static void
c_draw(struct tui *t, void *state, int y, int h)
{
	struct choose *c = state;

	tui_cell(y, 0, t->cols, c->title, tui_attr(TUI_C_TITLE));
	tui_cell(y + 1, 0, t->cols, c->multi ?
	    _("  Space marks or unmarks, Enter confirms, Esc cancels") :
	    _("  Enter chooses, Esc cancels"), tui_attr(TUI_C_DIM));
	tui_list_draw(t, &c->list, y + 2, 0, h - 2, t->cols);
}

static struct tui_list *
c_list(void *state)
{
	return &((struct choose *)state)->list;
}

/* Pops the chooser, then hands the choice to done. */
static int
finish(struct tui *t, struct choose *c, long chosen)
{
	int (*done)(struct tui *, void *, long, const bool *) = c->done;
	void *ctx = c->ctx;
	bool *picked = xcalloc(c->n + 1, sizeof *picked);
	int flags;

	memcpy(picked, c->picked, c->n * sizeof *picked);
	c->ctx = NULL;	/* done owns it now */
	tui_pop(t);	/* frees c */
	flags = done(t, ctx, chosen, picked);
	free(picked);
	return flags | TUI_DRAW_ALL;
}

static int
act_choose(struct tui *t, void *state)
{
	struct choose *c = state;

	if (c->n == 0)
		return finish(t, c, -1);
	if (c->multi) {
		bool any = false;

		for (size_t i = 0; i < c->n; i++)
			any |= c->picked[i];
		/* Enter on nothing marked takes the row under the cursor. */
		if (!any)
			c->picked[c->list.cur] = true;
	}
	return finish(t, c, c->list.cur);
}

static int
act_toggle(struct tui *t, void *state)
{
	struct choose *c = state;

	if (!c->multi)
		return act_choose(t, state);
	c->picked[c->list.cur] = !c->picked[c->list.cur];
	return TUI_DRAW_BODY;
}

static int
act_cancel(struct tui *t, void *state)
{
	return finish(t, state, -1);
}

static const struct tui_action c_actions[] = {
	{ "choose", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("choose (confirm the marked ones)"), act_choose },
	{ "mark", { ' ', 'x' }, "Space x", N_("mark or unmark (several "
	  "allowed)"), act_toggle },
	{ "cancel", { 'q', TUI_ESC, TUI_KEY(KEY_LEFT) }, "q Esc",
	  N_("cancel"), act_cancel },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_choose = {
	.name = "choose",
	.title = N_("Choose"),
	.open = c_open,
	.close = c_close,
	.load = c_load,
	.draw = c_draw,
	.list = c_list,
	.actions = c_actions,
};
