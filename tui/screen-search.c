/*
 * Search: full-text over titles, notebooks and checklist answers
 * (cb_store_search: trigram FTS5, so Japanese substrings are found), one
 * hit per incident, newest first, each with where it matched and the
 * line of its snippet that holds the match, highlighted.  Enter opens
 * the place: the incident, the notebook at the entry, or the incident at
 * the answered item, with the query as the last '/' so that the match is
 * highlighted there and n goes to the next.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

#define SEARCH_LIMIT 500

struct hit {
	char id[CB_ID_MAX];
	char *title, *where, *snippet;
};

struct search {
	char *query;
	struct hit *v;
	size_t n, cap;
	struct tui_list list;
};

static long
s_count(void *src)
{
	return (long)((struct search *)src)->n;
}

/* Where a hit is: "title", "notebook", or the answered item's id. */
static const char *
where_label(const char *where)
{
	if (strcmp(where, "title") == 0)
		return _("title");
	if (strncmp(where, "answer:", 7) == 0)
		return where + 7;
	return _("notebook");
}

/*
 * The line of a snippet that holds the match (\x02...\x03), whole as the
 * snippet has it: the match with the text around it on its line, not
 * words of other lines run together.  Tabs become spaces.
 */
static char *
match_line(const char *snippet)
{
	const char *m = strchr(snippet, '\x02'), *from, *to;
	char *line;

	if (m == NULL)
		m = snippet;
	for (from = m; from > snippet && from[-1] != '\n'; from--)
		;
	to = strchr(m, '\x03');
	to = to != NULL ? to : m;
	to += strcspn(to, "\n");
	line = xstrndup(from, (size_t)(to - from));
	for (char *c = line; *c != '\0'; c++)
		if (*c == '\t' || *c == '\r')
			*c = ' ';
	return line;
}

static void
s_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct search *s = src;
	const struct hit *h = &s->v[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	int tw = w >= 120 ? 30 : 18, ww = w >= 120 ? 16 : 9;
	struct tui_pen p;
	char *line;

	(void)t;
	tui_cell(y, x, 10, h->id, a);
	tui_cell(y, x + 10, tw, h->title, a);
	tui_cell(y, x + 10 + tw, 1, "", a);
	tui_cell(y, x + 11 + tw, ww, where_label(h->where), sel ? a :
	    tui_attr(TUI_C_DIM));
	tui_cell(y, x + 11 + tw + ww, 1, "", a);
	tui_pen_start(&p, y, x + 12 + tw + ww, w - 12 - tw - ww);
	line = match_line(h->snippet);
	tui_pen_marked(&p, line, a, tui_attr(TUI_C_MATCH));
	free(line);
	tui_pen_fill(&p, a);
}

static const char *
s_text(void *src, long i)
{
	return ((struct search *)src)->v[i].snippet;
}

static const struct tui_list_ops s_ops = {
	s_count, NULL, s_draw_row, NULL, s_text,
};

static void *
s_open(struct tui *t, const void *arg)
{
	struct search *s = xcalloc(1, sizeof *s);

	(void)t;
	s->query = xstrdup(arg);
	tui_list_init(&s->list, &s_ops, s);
	return s;
}

static void
forget(struct search *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].title);
		free(s->v[i].where);
		free(s->v[i].snippet);
	}
	s->n = 0;
}

static void
s_close(void *state)
{
	struct search *s = state;

	forget(s);
	free(s->v);
	free(s->query);
	free(s);
}

static int
keep(const struct cb_hit *hit, void *arg)
{
	struct search *s = arg;
	struct hit *h;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	h = &s->v[s->n++];
	snprintf(h->id, sizeof h->id, "%s", hit->id);
	h->title = xstrdup(hit->title);
	h->where = xstrdup(hit->where);
	h->snippet = xstrdup(hit->snippet);
	return 0;
}

static int
s_load(struct tui *t, void *state)
{
	struct search *s = state;
	struct cb_error err;

	forget(s);
	if (cb_store_search(t->st, s->query, SEARCH_LIMIT, keep, s, &err) !=
	    CB_OK)
		tui_error(t, &err);
	tui_list_clamp(&s->list);
	return TUI_DRAW_BODY;
}

static void
s_draw(struct tui *t, void *state, int y, int h)
{
	struct search *s = state;
	char line[160];

	snprintf(line, sizeof line, s->n == 1 ? _("%zu incident matches") :
	    _("%zu incidents match"), s->n);
	tui_cell(y, 0, t->cols, line, tui_attr(TUI_C_TITLE));
	if (s->n == 0) {
		for (int r = 1; r < h; r++)
			tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
		return;
	}
	tui_list_draw(t, &s->list, y + 1, 0, h - 1, t->cols);
}

static struct tui_list *
s_list(void *state)
{
	return &((struct search *)state)->list;
}

static const char *
s_subtitle(void *state)
{
	return ((struct search *)state)->query;
}

static int
act_open(struct tui *t, void *state)
{
	struct search *s = state;
	const struct hit *h;

	if (s->n == 0)
		return TUI_DRAW_NONE;
	h = &s->v[s->list.cur];
	/* The match highlighted where it opens; n to the next. */
	snprintf(t->find, sizeof t->find, "%s", s->query);
	if (strncmp(h->where, "answer:", 7) == 0) {
		char *arg = xasprintf("%s#%s", h->id, h->where + 7);

		tui_push(t, &tui_screen_incident, arg);
		free(arg);
		return TUI_DRAW_ALL;
	}
	if (!tui_push(t, &tui_screen_incident, h->id))
		return TUI_DRAW_ALL;
	if (strcmp(h->where, "title") != 0) {
		char *arg = xasprintf("%s#%s", h->id, h->where);

		tui_push(t, &tui_screen_notebook, arg);
		free(arg);
	}
	return TUI_DRAW_ALL;
}

static const struct tui_action s_actions[] = {
	{ "open", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("open the incident at the match"), act_open },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_search = {
	.name = "search",
	.title = N_("Search"),
	.open = s_open,
	.close = s_close,
	.load = s_load,
	.draw = s_draw,
	.list = s_list,
	.subtitle = s_subtitle,
	.actions = s_actions,
};
