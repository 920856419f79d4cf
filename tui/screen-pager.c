/*
 * The pager: a text (a commit's diff, a long note) wrapped to the width
 * of the terminal, scrolled with the list keys.  A diff's added and
 * removed lines and hunk headers are coloured by role.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

struct pager {
	char *title;
	char *text;
	size_t len;
	bool diff;
	int width;		/* the width the lines were wrapped at */
	struct tui_lines lines;
	struct tui_list list;
};

static void *
p_open(struct tui *t, const void *arg)
{
	const struct tui_pager_arg *a = arg;
	struct pager *p = xcalloc(1, sizeof *p);

	(void)t;
	p->title = xstrdup(a->title);
	p->text = xmalloc(a->len + 1);
	memcpy(p->text, a->text, a->len);
	p->text[a->len] = '\0';
	p->len = a->len;
	p->diff = a->diff;
	tui_list_init(&p->list, &tui_lines_ops, &p->lines);
	return p;
}

static void
p_close(void *state)
{
	struct pager *p = state;

	tui_lines_clear(&p->lines);
	free(p->title);
	free(p->text);
	free(p);
}

static enum tui_role
diff_role(const char *line, size_t n)
{
	if (n >= 2 && strncmp(line, "@@", 2) == 0)
		return TUI_C_DIFF_HUNK;
	if (n >= 3 && (strncmp(line, "+++", 3) == 0 ||
	    strncmp(line, "---", 3) == 0))
		return TUI_C_TITLE;
	if (n >= 1 && line[0] == '+')
		return TUI_C_DIFF_ADD;
	if (n >= 1 && line[0] == '-')
		return TUI_C_DIFF_DEL;
	if (n >= 4 && strncmp(line, "diff", 4) == 0)
		return TUI_C_TITLE;
	return TUI_C_NORMAL;
}

static void
rewrap(struct pager *p, int w)
{
	const char *s = p->text, *end = p->text + p->len;

	tui_lines_clear(&p->lines);
	p->width = w;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);

		tui_lines_wrap(&p->lines, s, n, w, p->diff ? diff_role(s, n) :
		    TUI_C_NORMAL, 0);
		s += n + (nl != NULL);
	}
}

static int
p_load(struct tui *t, void *state)
{
	rewrap(state, t->cols);
	return TUI_DRAW_BODY;
}

static void
p_draw(struct tui *t, void *state, int y, int h)
{
	struct pager *p = state;

	if (p->width != t->cols)
		rewrap(p, t->cols);
	tui_list_draw(t, &p->list, y, 0, h, t->cols);
}

static struct tui_list *
p_list(void *state)
{
	return &((struct pager *)state)->list;
}

static const char *
p_subtitle(void *state)
{
	return ((struct pager *)state)->title;
}

static const struct tui_action p_actions[] = {
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_pager = {
	.name = "pager",
	.title = N_("Text"),
	.open = p_open,
	.close = p_close,
	.load = p_load,
	.draw = p_draw,
	.list = p_list,
	.subtitle = p_subtitle,
	.actions = p_actions,
};
