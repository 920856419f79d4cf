/*
 * Help: generated from the action tables, so it cannot disagree with
 * what the keys do.  The screen's own keys first, then the keys that
 * work everywhere, then the ':' commands.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tui/tui-int.h"

struct help {
	const struct tui_screen *of;
	struct tui_lines lines;
	struct tui_list list;
};

static void *
h_open(struct tui *t, const void *arg)
{
	struct help *h = xcalloc(1, sizeof *h);

	(void)t;
	h->of = arg;
	tui_list_init(&h->list, &tui_lines_ops, &h->lines);
	return h;
}

static void
h_close(void *state)
{
	struct help *h = state;

	tui_lines_clear(&h->lines);
	free(h);
}

static void
add_table(struct help *h, const struct tui_action *a)
{
	for (; a != NULL && a->name != NULL; a++) {
		char *row = xasprintf("  %-14s %s", a->keyname, _(a->help));

		tui_lines_add(&h->lines, row, TUI_C_NORMAL, 0, false);
		free(row);
	}
}

static int
h_load(struct tui *t, void *state)
{
	struct help *h = state;
	char *title;

	(void)t;
	tui_lines_clear(&h->lines);
	title = xasprintf(_("Keys of the %s screen"), _(h->of->title));
	tui_lines_add(&h->lines, title, TUI_C_TITLE, 0, true);
	free(title);
	add_table(h, h->of->actions);
	tui_lines_add(&h->lines, "", TUI_C_NORMAL, 0, true);
	tui_lines_add(&h->lines, _("Keys everywhere"), TUI_C_TITLE, 0, true);
	add_table(h, tui_global_actions);
	tui_lines_add(&h->lines, "", TUI_C_NORMAL, 0, true);
	tui_lines_add(&h->lines, _("Commands (type : first)"), TUI_C_TITLE, 0,
	    true);
	for (const struct tui_command *c = tui_commands; c->name != NULL; c++) {
		char *name = xasprintf(":%s %s", c->name, c->args);
		char *row = xasprintf("  %-18s %s", name, _(c->help));

		tui_lines_add(&h->lines, row, TUI_C_NORMAL, 0, false);
		free(row);
		free(name);
	}
	return TUI_DRAW_BODY;
}

static void
h_draw(struct tui *t, void *state, int y, int h)
{
	struct help *hp = state;

	tui_list_draw(t, &hp->list, y, 0, h, t->cols);
}

static struct tui_list *
h_list(void *state)
{
	return &((struct help *)state)->list;
}

static const struct tui_action h_actions[] = {
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_help = {
	.name = "help",
	.title = N_("Help"),
	.open = h_open,
	.close = h_close,
	.load = h_load,
	.draw = h_draw,
	.list = h_list,
	.actions = h_actions,
};

/* --- the whole list, for casebook --keys ------------------------------------ */

static void
print_table(FILE *f, const struct tui_action *a)
{
	for (; a != NULL && a->name != NULL; a++)
		fprintf(f, "  %-14s %-14s %s\n", a->keyname, a->name, _(a->help));
}

void
tui_print_keys(FILE *f)
{
	static const struct tui_screen *const screens[] = {
		&tui_screen_queue, &tui_screen_incident, &tui_screen_notebook,
		&tui_screen_history, &tui_screen_search, &tui_screen_dashboard,
		&tui_screen_guided, &tui_screen_choose, NULL,
	};

	for (size_t i = 0; screens[i] != NULL; i++) {
		fprintf(f, "%s\n", _(screens[i]->title));
		print_table(f, screens[i]->actions);
		fprintf(f, "\n");
	}
	fprintf(f, "%s\n", _("Keys everywhere"));
	print_table(f, tui_global_actions);
	fprintf(f, "\n%s\n", _("Commands (type : first)"));
	for (const struct tui_command *c = tui_commands; c->name != NULL; c++) {
		char *name = xasprintf(":%s %s", c->name, c->args);

		fprintf(f, "  %-29s %s\n", name, _(c->help));
		free(name);
	}
}
