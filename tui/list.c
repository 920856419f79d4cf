/*
 * The one list widget (as tmux's mode-tree.c backs several modes): the
 * queue, the checklist, the notebook, the history, search results, the
 * help and the pager are all this, fed by a data source.  The widget
 * knows only the selection and the first row shown; before drawing it
 * tells the source which window it is about to show, so a source backed
 * by a query reads only those rows, whatever the size of the table.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

void
tui_list_init(struct tui_list *l, const struct tui_list_ops *ops, void *src)
{
	l->ops = ops;
	l->src = src;
	l->cur = l->top = 0;
	l->h = 0;	/* unknown until the first draw */
}

static bool
selectable(struct tui_list *l, long i)
{
	return l->ops->selectable == NULL || l->ops->selectable(l->src, i);
}

void
tui_list_clamp(struct tui_list *l)
{
	long n = l->ops->count(l->src);

	if (l->cur >= n)
		l->cur = n - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (l->top > l->cur)
		l->top = l->cur;
	if (l->h > 0 && l->cur >= l->top + l->h)
		l->top = l->cur - l->h + 1;
	if (l->top < 0)
		l->top = 0;
}

int
tui_list_goto(struct tui_list *l, long i)
{
	long n = l->ops->count(l->src), old = l->cur;

	if (n == 0)
		return TUI_DRAW_NONE;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	/* Past a heading to the next row that can be selected. */
	if (!selectable(l, i)) {
		long j = i;

		while (j < n && !selectable(l, j))
			j++;
		if (j == n) {
			j = i;
			while (j >= 0 && !selectable(l, j))
				j--;
		}
		if (j < 0)
			return TUI_DRAW_NONE;
		i = j;
	}
	l->cur = i;
	tui_list_clamp(l);
	return l->cur != old ? TUI_DRAW_BODY : TUI_DRAW_NONE;
}

int
tui_list_move(struct tui_list *l, long delta)
{
	long n = l->ops->count(l->src), i = l->cur + delta;

	if (n == 0)
		return TUI_DRAW_NONE;
	/* Headings are stepped over in the direction of the move. */
	while (i >= 0 && i < n && !selectable(l, i))
		i += delta < 0 ? -1 : 1;
	if (i < 0 || i >= n)
		return tui_list_goto(l, delta < 0 ? 0 : n - 1);
	return tui_list_goto(l, i);
}

/* --- '/' and n/N ------------------------------------------------------------------ */

const char *
tui_find_in(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return NULL;
	for (; *hay != '\0'; hay++) {
		size_t i = 0;

		/* Bytes of multibyte characters compare exactly. */
		while (i < n && hay[i] != '\0' &&
		    (hay[i] == needle[i] || (((unsigned char)hay[i] & 0x80) == 0 &&
		    tolower((unsigned char)hay[i]) ==
		    tolower((unsigned char)needle[i]))))
			i++;
		if (i == n)
			return hay;
	}
	return NULL;
}

static bool
row_has(struct tui *t, struct tui_list *l, long i)
{
	const char *text = l->ops->text(l->src, i);

	return text != NULL && selectable(l, i) &&
	    tui_find_in(text, t->find) != NULL;
}

int
tui_list_find(struct tui *t, struct tui_list *l, int dir, bool here)
{
	long n;

	if (l == NULL || l->ops->text == NULL) {
		tui_status(t, TUI_C_WARNING, "%s", _("This screen has no "
		    "search ('/')"));
		return TUI_DRAW_STATUS;
	}
	if (t->find[0] == '\0') {
		tui_status(t, TUI_C_WARNING, "%s", _("No search yet: '/' first"));
		return TUI_DRAW_STATUS;
	}
	if ((n = l->ops->count(l->src)) == 0) {
		tui_status(t, TUI_C_WARNING, _("Not found: %s"), t->find);
		return TUI_DRAW_STATUS;
	}
	for (long k = here ? 0 : 1; k <= n; k++) {
		long i = ((l->cur + dir * k) % n + n) % n;

		if (!row_has(t, l, i))
			continue;
		if (k > 0 && (dir > 0 ? i <= l->cur : i >= l->cur))
			tui_status(t, TUI_C_DIM, "%s", dir > 0 ?
			    _("Search went round to the top") :
			    _("Search went round to the bottom"));
		if (i == l->cur && k > 0)
			tui_status(t, TUI_C_DIM, "%s", _("The only match"));
		tui_list_goto(l, i);
		return TUI_DRAW_BODY | TUI_DRAW_STATUS;
	}
	tui_status(t, TUI_C_WARNING, _("Not found: %s"), t->find);
	return TUI_DRAW_BODY | TUI_DRAW_STATUS;
}

void
tui_list_draw(struct tui *t, struct tui_list *l, int y, int x, int h, int w)
{
	long n;

	l->h = h;
	tui_list_clamp(l);
	n = l->ops->count(l->src);
	if (n > 0 && !selectable(l, l->cur))
		tui_list_goto(l, l->cur);
	if (l->ops->fetch != NULL)
		l->ops->fetch(l->src, l->top, h);

	for (int r = 0; r < h; r++) {
		long i = l->top + r;

		/*
		 * Blank first: a row written over one with wide characters
		 * left out its last character until Ctrl-L (curses, told to
		 * write over half of a wide character, blanks the other half,
		 * which may be a cell the row had just written).
		 */
		attrset(tui_attr(TUI_C_NORMAL));
		mvhline(y + r, x, ' ', w);
		if (i < n)
			l->ops->draw(t, l->src, i, y + r, x, w, i == l->cur);
		else {
			attrset(tui_attr(TUI_C_NORMAL));
			mvhline(y + r, x, ' ', w);
		}
	}
	attrset(A_NORMAL);
}

/* --- rows of text ---------------------------------------------------------------- */

void
tui_lines_add(struct tui_lines *l, const char *text, enum tui_role role,
    long tag, bool heading)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].text = xstrdup(text);
	l->v[l->n].role = role;
	l->v[l->n].tag = tag;
	l->v[l->n].heading = heading;
	l->n++;
}

void
tui_lines_clear(struct tui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

struct wrap_ctx {
	struct tui_lines *l;
	enum tui_role role;
	long tag;
};

static void
wrap_row(const char *row, void *arg)
{
	struct wrap_ctx *c = arg;

	tui_lines_add(c->l, row, c->role, c->tag, false);
}

void
tui_lines_wrap(struct tui_lines *l, const char *text, size_t len, int w,
    enum tui_role role, long tag)
{
	struct wrap_ctx c = { l, role, tag };

	tui_wrap(text, len, w, wrap_row, &c);
}

static long
lines_count(void *src)
{
	return (long)((struct tui_lines *)src)->n;
}

/* A row with the matches of the last '/' in the match colour. */
static void
lines_draw(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	const struct tui_line *ln = &((struct tui_lines *)src)->v[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(ln->role);
	const char *s = ln->text, *m;
	size_t n = strlen(t->find);
	struct tui_pen p;

	tui_pen_start(&p, y, x, w);
	while (n > 0 && (m = tui_find_in(s, t->find)) != NULL) {
		tui_pen_put(&p, s, (size_t)(m - s), a);
		tui_pen_put(&p, m, n, tui_attr(TUI_C_MATCH));
		s = m + n;
	}
	tui_pen_puts(&p, s, a);
	tui_pen_fill(&p, a);
}

static bool
lines_selectable(void *src, long i)
{
	return !((struct tui_lines *)src)->v[i].heading;
}

static const char *
lines_text(void *src, long i)
{
	return ((struct tui_lines *)src)->v[i].text;
}

const struct tui_list_ops tui_lines_ops = {
	lines_count, NULL, lines_draw, lines_selectable, lines_text,
};
