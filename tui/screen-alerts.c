/*
 * The Alerts screen: the alert groups of the index in tabs New,
 * Suppressed and Done with their counts, newest last event first (or
 * sorted: 'o' cycles the order, 'O' reverses it), a filter typed after
 * '/' applied as you type.  Each row shows a group's count, first (on
 * wide terminals) and last event, top score, department, hosts,
 * signature and the open incidents that share a host or an observable
 * with it (on Suppressed, the rule's reason; on Done, the outcome).  Rows
 * marked with 't' (or Space) take a bulk act: promote (each group a new
 * incident), merge into an incident, dismiss with a reason from the
 * list, suppress (a rule from each group, with the reason typed and an
 * expiry from the list); the acts are store/triage.c's, as the command
 * line's.  Enter
 * shows the group: its alerts and their payloads, sanitised.
 *
 * The list's source is a window of rows read from the index
 * (store/alertview.h), three pages around what is shown, read again
 * only when the list scrolls out of it: a million alerts cost no more
 * than a hundred.  The hosts and incidents of a row are read with the
 * window, for the rows of the window only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/sanitize.h"
#include "core/words.h"
#include "store/alertview.h"
#include "tui/tui-int.h"

struct arow {
	long long id;
	char *status, *signature, *class, *department, *incident, *reason;
	char *hosts;		/* its hosts, comma-separated */
	char *related;		/* open incidents sharing a host or observable */
	bool whole;		/* related incidents read (when idle) */
	time_t first, last;
	long long alerts;
	double top;
};

struct alerts {
	struct tui *t;
	enum cb_atab tab;
	long counts[CB_ATAB_COUNT];
	bool capped[CB_ATAB_COUNT];
	bool pending[CB_ATAB_COUNT];	/* a count not made yet */
	char filter[256];
	bool typing;
	enum cb_asort sort;
	bool reverse;
	struct tui_list list;
	struct arow *rows;	/* rows woff .. woff + wn - 1 of the tab */
	long woff;
	int wn, wcap;
	bool valid;
	long long *marked;	/* group ids marked for a bulk act */
	size_t nmarked, capmarked;
	char *why;		/* a suppression's reason, until its expiry */
	long why_for;		/* and its expiry, seconds */
};

/*
 * A filter counts its matches up to this, a tab without one up to
 * TAB_CAP; more shows as "1000+", and near the end of the list they are
 * counted whole.
 */
#define FILTER_CAP 1000
#define TAB_CAP 100000

static const char *const tab_names[CB_ATAB_COUNT] = {
	/* TRANSLATORS: the Alerts screen's tabs. */
	N_("New"), N_("Suppressed"), N_("Done"),
};

static const char *const sort_names[CB_ASORT_N] = {
	N_("last event"), N_("top score"), N_("count"), N_("first event"),
	N_("signature"), N_("department"),
};

static void
filter_of(const struct alerts *a, enum cb_atab tab, struct cb_agroup_filter *f)
{
	f->tab = tab;
	f->text = a->filter;
	f->sort = a->sort;
	f->reverse = a->reverse;
	/* Counted under the filter's cap: few enough to sort. */
	f->few = a->filter[0] != '\0' && !a->pending[tab] && !a->capped[tab] &&
	    a->counts[tab] < FILTER_CAP;
}

static long
cap_of(const struct alerts *a)
{
	return a->filter[0] != '\0' ? FILTER_CAP : TAB_CAP;
}

static void
row_free(struct arow *r)
{
	free(r->status);
	free(r->signature);
	free(r->class);
	free(r->department);
	free(r->incident);
	free(r->reason);
	free(r->hosts);
	free(r->related);
}

static void
clear_rows(struct alerts *a)
{
	for (int i = 0; i < a->wn; i++)
		row_free(&a->rows[i]);
	a->wn = 0;
	a->valid = false;
}

/*
 * A group as a row of the window: from a page, its own row only (the
 * related incidents still ""), or whole from cb_store_alert_group.
 */
static int
keep_group(const struct cb_alert_group *g, void *arg)
{
	struct alerts *a = arg;
	struct arow *r;

	if (a->wn == a->wcap) {
		a->wcap = a->wcap ? 2 * a->wcap : 64;
		a->rows = xrealloc(a->rows, (size_t)a->wcap * sizeof *a->rows);
	}
	r = &a->rows[a->wn++];
	r->id = g->id;
	r->status = xstrdup(g->status);
	r->signature = xstrdup(g->signature);
	r->class = xstrdup(g->class);
	r->department = xstrdup(g->department);
	r->incident = xstrdup(g->incident);
	r->reason = xstrdup(g->reason);
	r->hosts = xstrdup(g->hosts);
	r->related = xstrdup(g->related);
	r->first = g->first;
	r->last = g->last;
	r->alerts = g->alerts;
	r->top = g->top;
	r->whole = false;
	return 0;
}

/* --- marks ----------------------------------------------------------------------- */

static long
mark_index(const struct alerts *a, long long id)
{
	for (size_t i = 0; i < a->nmarked; i++)
		if (a->marked[i] == id)
			return (long)i;
	return -1;
}

static void
mark_toggle(struct alerts *a, long long id)
{
	long i = mark_index(a, id);

	if (i >= 0) {
		memmove(&a->marked[i], &a->marked[i + 1],
		    (a->nmarked - (size_t)i - 1) * sizeof *a->marked);
		a->nmarked--;
		return;
	}
	if (a->nmarked == a->capmarked) {
		a->capmarked = a->capmarked ? 2 * a->capmarked : 16;
		a->marked = xrealloc(a->marked, a->capmarked * sizeof *a->marked);
	}
	a->marked[a->nmarked++] = id;
}

/* --- the list's source ------------------------------------------------------------ */

static long
a_count(void *src)
{
	struct alerts *a = src;

	return a->counts[a->tab];
}

static void
a_fetch(void *src, long offset, int n)
{
	struct alerts *a = src;
	struct cb_agroup_filter f;
	struct cb_error err;
	long from;

	if (a->valid && offset >= a->woff && (offset + n <= a->woff + a->wn ||
	    a->woff + a->wn >= a->counts[a->tab]))
		return;
	/* Near the end of a capped count: count them all now. */
	if (a->capped[a->tab] && offset + 2L * n >= a->counts[a->tab]) {
		filter_of(a, a->tab, &f);
		if (cb_agroups_count(a->t->st, &f, 0, &a->counts[a->tab],
		    &a->capped[a->tab], &err) != CB_OK)
			tui_error(a->t, &err);
	}
	clear_rows(a);
	from = offset - n > 0 ? offset - n : 0;
	filter_of(a, a->tab, &f);
	/*
	 * The window along the index, one query; each row's related
	 * incidents (a query per host) once the screen is up.
	 */
	if (cb_agroups_page(a->t->st, &f, from, 3L * n, keep_group, a,
	    &err) != CB_OK) {
		tui_error(a->t, &err);
		return;
	}
	a->woff = from;
	a->valid = true;
	/* A capped count known exactly once the window reaches the end. */
	if (a->capped[a->tab] && a->wn < 3L * n) {
		a->counts[a->tab] = from + a->wn;
		a->capped[a->tab] = false;
	}
}

static const struct arow *
row_at(struct alerts *a, long i)
{
	if (!a->valid || i < a->woff || i >= a->woff + a->wn)
		return NULL;
	return &a->rows[i - a->woff];
}

/* "11-26 10:56": a time in the local zone, without the year and zone. */
static const char *
short_time(time_t t, char buf[CB_LOCAL_TIME_MAX])
{
	char full[CB_LOCAL_TIME_MAX];

	cb_local_time_t(t, full, sizeof full);
	snprintf(buf, CB_LOCAL_TIME_MAX, "%.11s", strlen(full) > 5 ?
	    full + 5 : full);
	return buf;
}

static const char *
score_text(double score, char buf[16])
{
	if (score < 0)
		snprintf(buf, 16, "-");
	else
		snprintf(buf, 16, "%.0f", score);
	return buf;
}

/* Column widths: the signature takes what is left, at any width. */
struct cols {
	int count, first, last, score, department, hosts, related, signature;
};

static void
layout(int w, struct cols *c)
{
	c->count = 6;
	c->first = w >= 110 ? 11 : 0;
	c->last = 11;
	c->score = 6;		/* "スコア" */
	c->department = w >= 140 ? 20 : w >= 110 ? 12 : 9;
	c->hosts = w >= 140 ? 32 : w >= 110 ? 16 : 13;
	c->related = w >= 140 ? 28 : w >= 110 ? 23 : 9;
	c->signature = w - (1 + c->count + c->last + c->score + c->department +
	    c->hosts + c->related + 7) - (c->first > 0 ? c->first + 1 : 0);
	if (c->signature < 8)
		c->signature = 8;
}

/* A group's status and a dismissal's reason as people read them. */
static const char *const status_words[][2] = {
	{ "new", N_("new") }, { "promoted", N_("promoted") },
	{ "merged", N_("merged") }, { "dismissed", N_("dismissed") },
	{ "suppressed", N_("suppressed") }, { "expired", N_("expired") },
	{ "false-positive", N_("false positive") },
	{ "known-benign", N_("known benign") },
	{ "duplicate", N_("duplicate") }, { "out-of-scope", N_("out of scope") },
};

static const char *
status_word(const char *value)
{
	for (size_t i = 0; i < sizeof status_words / sizeof *status_words; i++)
		if (strcmp(value, status_words[i][0]) == 0)
			return _(status_words[i][1]);
	return value;	/* a suppression's or expiry's own words */
}

/* What a Done group became: "promoted 2026-0042", "dismissed: reason". */
static const char *
outcome(const struct arow *r, char *buf, size_t n)
{
	if (r->incident[0] != '\0')
		snprintf(buf, n, "%s %s", status_word(r->status), r->incident);
	else if (r->reason[0] != '\0')
		snprintf(buf, n, "%s: %s", status_word(r->status),
		    status_word(r->reason));
	else
		snprintf(buf, n, "%s", status_word(r->status));
	return buf;
}

static void
a_draw(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct alerts *a = src;
	const struct arow *r = row_at(a, i);
	attr_t base = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	char buf[CB_LOCAL_TIME_MAX], n[24], word[256];
	struct cols c;
	int cx = x + 1;

	(void)t;
	if (r == NULL) {
		tui_cell(y, x, w, "", base);
		return;
	}
	layout(w, &c);
	tui_cell(y, x, 1, mark_index(a, r->id) >= 0 ? "+" : " ",
	    sel ? base : tui_attr(TUI_C_KEY));
	snprintf(n, sizeof n, "%lld", r->alerts);
	tui_cell_right(y, cx, c.count, n, base);
	cx += c.count + 1;
	tui_cell(y, cx - 1, 1, "", base);
	if (c.first > 0) {
		tui_cell(y, cx, c.first, short_time(r->first, buf), base);
		cx += c.first + 1;
		tui_cell(y, cx - 1, 1, "", base);
	}
	tui_cell(y, cx, c.last, short_time(r->last, buf), base);
	cx += c.last + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell_right(y, cx, c.score, score_text(r->top, n), sel ? base :
	    r->top >= 80 ? tui_attr(TUI_C_URGENT) : base);
	cx += c.score + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.department, r->department, base);
	cx += c.department + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.hosts, r->hosts, base);
	cx += c.hosts + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.signature, r->signature, base);
	cx += c.signature + 1;
	tui_cell(y, cx - 1, 1, "", base);
	if (a->tab == CB_ATAB_DONE)
		tui_cell(y, cx, x + w - cx, outcome(r, word, sizeof word), sel ?
		    base : tui_attr(TUI_C_DIM));
	else if (a->tab == CB_ATAB_SUPPRESSED)
		tui_cell(y, cx, x + w - cx, r->reason, sel ? base :
		    tui_attr(TUI_C_DIM));
	else
		tui_cell(y, cx, x + w - cx, r->related, sel ? base :
		    tui_attr(TUI_C_WARNING));
}

/* A row's searchable text, for '/' of the list (rows in memory only). */
static const char *
a_text(void *src, long i)
{
	const struct arow *r = row_at(src, i);

	return r != NULL ? r->signature : NULL;
}

static const struct tui_list_ops a_ops = {
	a_count, a_fetch, a_draw, NULL, a_text,
};

/* --- the screen --------------------------------------------------------------------- */

static void *
a_open(struct tui *t, const void *arg)
{
	struct alerts *a = xcalloc(1, sizeof *a);

	(void)arg;
	a->t = t;
	tui_list_init(&a->list, &a_ops, a);
	return a;
}

static void
a_close(void *state)
{
	struct alerts *a = state;

	clear_rows(a);
	free(a->rows);
	free(a->marked);
	free(a->why);
	free(a);
}

/* The current tab's count through the filter, and its rows forgotten. */
static void
refilter(struct tui *t, struct alerts *a)
{
	struct cb_agroup_filter f;
	struct cb_error err;

	clear_rows(a);
	filter_of(a, a->tab, &f);
	if (cb_agroups_count(t->st, &f, cap_of(a), &a->counts[a->tab],
	    &a->capped[a->tab], &err) != CB_OK)
		tui_error(t, &err);
	tui_list_clamp(&a->list);
}

/* The current tab at once; the others once the screen is up (a_idle). */
static int
a_load(struct tui *t, void *state)
{
	struct alerts *a = state;

	for (int i = 0; i < CB_ATAB_COUNT; i++)
		a->pending[i] = i != (int)a->tab;
	refilter(t, a);
	return TUI_DRAW_BODY;
}

/* Takes g's hosts and related incidents into the row it completes. */
static int
take_whole(const struct cb_alert_group *g, void *arg)
{
	struct arow *r = arg;

	free(r->hosts);
	free(r->related);
	r->hosts = xstrdup(g->hosts);
	r->related = xstrdup(g->related);
	r->alerts = g->alerts;
	r->whole = true;
	return 0;
}

/* Rows read whole in one idle turn: each costs a query per host. */
#define WHOLE_PER_TURN 2

/*
 * The rows shown (then the rest of the window) read whole, a few at a
 * time, so that a key is never kept waiting behind them.  True when it
 * read some (the screen is to be painted again).
 */
static bool
complete_shown(struct tui *t, struct alerts *a)
{
	int done = 0, h = a->list.h > 0 ? a->list.h : 1;

	for (int pass = 0; pass < 2 && done < WHOLE_PER_TURN; pass++)
		for (int i = 0; i < a->wn && done < WHOLE_PER_TURN; i++) {
			struct arow *r = &a->rows[i];
			long at = a->woff + i;
			bool shown = at >= a->list.top && at < a->list.top + h;
			struct cb_error err;

			if (r->whole || (pass == 0 && !shown))
				continue;
			r->whole = true;	/* tried: a failure is told once */
			if (cb_store_alert_group(t->st, r->id, take_whole, r,
			    &err) != CB_OK && err.status != CB_ENOTFOUND)
				tui_error(t, &err);
			done++;
		}
	return done > 0;
}

static int
a_idle(struct tui *t, void *state)
{
	struct alerts *a = state;
	struct cb_agroup_filter f;
	struct cb_error err;

	if (complete_shown(t, a))
		return TUI_DRAW_BODY;
	if (a->typing)
		return TUI_UNHANDLED;
	for (int i = 0; i < CB_ATAB_COUNT; i++) {
		if (!a->pending[i])
			continue;
		a->pending[i] = false;
		filter_of(a, (enum cb_atab)i, &f);
		if (cb_agroups_count(t->st, &f, cap_of(a), &a->counts[i],
		    &a->capped[i], &err) != CB_OK)
			tui_error(t, &err);
		return TUI_DRAW_BODY;	/* one count, then keys again */
	}
	return TUI_UNHANDLED;
}

static void
a_draw_screen(struct tui *t, void *state, int y, int h)
{
	struct alerts *a = state;
	struct tui_pen p;
	struct cols c;
	char label[128];
	int cx;

	tui_pen_start(&p, y, 0, t->cols);
	for (int i = 0; i < CB_ATAB_COUNT; i++) {
		if (a->pending[i])
			snprintf(label, sizeof label, " %d %s (...) ", i + 1,
			    _(tab_names[i]));
		else
			snprintf(label, sizeof label, " %d %s (%ld%s) ", i + 1,
			    _(tab_names[i]), a->counts[i],
			    a->capped[i] ? "+" : "");
		tui_pen_puts(&p, label, tui_attr(i == (int)a->tab ?
		    TUI_C_TAB_ACTIVE : TUI_C_TAB));
		tui_pen_puts(&p, " ", tui_attr(TUI_C_NORMAL));
	}
	if (a->filter[0] != '\0') {
		tui_pen_puts(&p, _(" filter: "), tui_attr(TUI_C_DIM));
		tui_pen_puts(&p, a->filter, tui_attr(TUI_C_WARNING));
	}
	if (a->nmarked > 0) {
		snprintf(label, sizeof label, _("  %zu marked"), a->nmarked);
		tui_pen_puts(&p, label, tui_attr(TUI_C_KEY));
	}
	tui_pen_fill(&p, tui_attr(TUI_C_NORMAL));

	layout(t->cols, &c);
	attrset(tui_attr(TUI_C_TITLE));
	mvhline(y + 1, 0, ' ', t->cols);
	cx = 1;
	tui_cell_right(y + 1, cx, c.count, _("COUNT"), tui_attr(TUI_C_TITLE));
	cx += c.count + 1;
	if (c.first > 0) {
		tui_cell(y + 1, cx, c.first, _("FIRST"), tui_attr(TUI_C_TITLE));
		cx += c.first + 1;
	}
	tui_cell(y + 1, cx, c.last, _("LAST"), tui_attr(TUI_C_TITLE));
	cx += c.last + 1;
	tui_cell_right(y + 1, cx, c.score, _("SCORE"), tui_attr(TUI_C_TITLE));
	cx += c.score + 1;
	tui_cell(y + 1, cx, c.department, _("DEPARTMENT"),
	    tui_attr(TUI_C_TITLE));
	cx += c.department + 1;
	tui_cell(y + 1, cx, c.hosts, _("HOSTS"), tui_attr(TUI_C_TITLE));
	cx += c.hosts + 1;
	tui_cell(y + 1, cx, c.signature, _("SIGNATURE"), tui_attr(TUI_C_TITLE));
	cx += c.signature + 1;
	tui_cell(y + 1, cx, t->cols - cx, a->tab == CB_ATAB_DONE ?
	    _("OUTCOME") : a->tab == CB_ATAB_SUPPRESSED ? _("REASON") :
	    _("OPEN INCIDENTS"), tui_attr(TUI_C_TITLE));
	if (a->counts[a->tab] == 0) {
		for (int r = 2; r < h; r++)
			tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
		tui_cell(y + 3, 2, t->cols - 2, a->filter[0] != '\0' ?
		    _("No alert group matches the filter.") :
		    _("No alert groups here."), tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(t, &a->list, y + 2, 0, h - 2, t->cols);
}

static struct tui_list *
a_list(void *state)
{
	return &((struct alerts *)state)->list;
}

static const char *
a_subtitle(void *state)
{
	struct alerts *a = state;

	/* The order, when it is not the usual one (never NULL). */
	return a->sort == CB_ASORT_LAST && !a->reverse ? "" :
	    _(sort_names[a->sort]);
}

static const struct arow *
selected(struct alerts *a)
{
	if (a->counts[a->tab] == 0)
		return NULL;
	a_fetch(a, a->list.top, a->list.h > 0 ? a->list.h : 1);
	return row_at(a, a->list.cur);
}

static int
set_tab(struct alerts *a, enum cb_atab tab)
{
	a->tab = tab;
	a->list.cur = a->list.top = 0;
	a->nmarked = 0;		/* marks are of one tab's rows */
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static int act_tab1(struct tui *t, void *s) { (void)t; return set_tab(s, CB_ATAB_NEW); }
static int act_tab2(struct tui *t, void *s) { (void)t; return set_tab(s, CB_ATAB_SUPPRESSED); }
static int act_tab3(struct tui *t, void *s) { (void)t; return set_tab(s, CB_ATAB_DONE); }

static int
act_next_tab(struct tui *t, void *state)
{
	struct alerts *a = state;

	(void)t;
	return set_tab(a, (enum cb_atab)((a->tab + 1) % CB_ATAB_COUNT));
}

static int
act_prev_tab(struct tui *t, void *state)
{
	struct alerts *a = state;

	(void)t;
	return set_tab(a, (enum cb_atab)((a->tab + CB_ATAB_COUNT - 1) %
	    CB_ATAB_COUNT));
}

/* --- the filter ------------------------------------------------------------------- */

static void
filter_change(struct tui *t, void *arg, const char *text)
{
	struct alerts *a = arg;

	snprintf(a->filter, sizeof a->filter, "%s", text);
	a->list.cur = a->list.top = 0;
	refilter(t, a);
	for (int i = 0; i < CB_ATAB_COUNT; i++)
		a->pending[i] = i != (int)a->tab;
}

static int
filter_done(struct tui *t, void *arg, const char *text)
{
	struct alerts *a = arg;

	/* Enter keeps the filter (the other tabs counted through it); Esc drops it. */
	a->typing = false;
	t->idle = true;
	if (text == NULL) {
		a->filter[0] = '\0';
		a->list.cur = a->list.top = 0;
		a_load(t, a);
	}
	return TUI_DRAW_BODY;
}

static int
act_filter(struct tui *t, void *state)
{
	struct alerts *a = state;

	a->typing = true;
	tui_prompt_start(t, "/", a->filter, filter_change, filter_done, a);
	return TUI_DRAW_STATUS;
}

static int
act_clear_filter(struct tui *t, void *state)
{
	struct alerts *a = state;

	/* Without a filter, Esc goes back as on every other screen. */
	if (a->filter[0] == '\0') {
		if (t->depth > 1)
			tui_pop(t);
		return TUI_DRAW_ALL;
	}
	return filter_done(t, a, NULL);
}

/* --- sorting ---------------------------------------------------------------------- */

static int
resort(struct tui *t, struct alerts *a)
{
	a->list.cur = a->list.top = 0;
	tui_status(t, TUI_C_NORMAL, a->reverse ? _("Sorted by %s, reversed") :
	    _("Sorted by %s"), _(sort_names[a->sort]));
	clear_rows(a);		/* the same rows in another order */
	return TUI_DRAW_BODY | TUI_DRAW_STATUS;
}

static int
act_sort(struct tui *t, void *state)
{
	struct alerts *a = state;

	a->sort = (enum cb_asort)((a->sort + 1) % CB_ASORT_N);
	return resort(t, a);
}

static int
act_reverse(struct tui *t, void *state)
{
	struct alerts *a = state;

	a->reverse = !a->reverse;
	return resort(t, a);
}

/* --- Enter: the group --------------------------------------------------------------- */

struct detail {
	struct cb_buf b;
	long n, alerts;
};

static int
detail_group(const struct cb_alert_group *g, void *arg)
{
	struct detail *d = arg;
	struct cb_buf *b = &d->b;
	char first[CB_LOCAL_TIME_MAX], last[CB_LOCAL_TIME_MAX], sc[16];

	cb_local_time_t(g->first, first, sizeof first);
	cb_local_time_t(g->last, last, sizeof last);
	cb_buf_printf(b, _("Signature:  %s\n"), g->signature);
	cb_buf_printf(b, _("Status:     %s%s%s\n"), status_word(g->status),
	    g->incident[0] != '\0' ? " " : "", g->incident);
	if (g->reason[0] != '\0')
		cb_buf_printf(b, _("Reason:     %s (%s)\n"),
		    status_word(g->reason), g->actor);
	cb_buf_printf(b, _("Class:      %s\n"), g->class);
	cb_buf_printf(b, _("Department: %s\n"), g->department[0] != '\0' ?
	    g->department : _("(unknown)"));
	cb_buf_printf(b, _("Alerts:     %ld (%lld with replays), first %s, "
	    "last %s\n"), g->alerts, g->seen, first, last);
	cb_buf_printf(b, _("Top score:  %s\n"), score_text(g->top, sc));
	cb_buf_printf(b, _("Hosts:      %s\n"), g->hosts);
	cb_buf_printf(b, _("Open incidents sharing a host or observable: %s\n"),
	    g->related[0] != '\0' ? g->related : _("none"));
	d->alerts = g->alerts;
	return 0;
}

/* The alerts shown with their payloads, oldest first; the rest counted. */
#define DETAIL_ALERTS 20

static int
detail_alert(const struct cb_alert_row *v, void *arg)
{
	struct detail *d = arg;
	char when[CB_LOCAL_TIME_MAX];

	if (d->n++ >= DETAIL_ALERTS)
		return 1;	/* the rest are counted by the group */
	cb_local_time_t(v->event_time, when, sizeof when);
	cb_buf_printf(&d->b, _("\n%s  %s %s  (received %ld times)\n"), when,
	    v->source, v->source_ref, v->count);
	if (v->body != NULL)
		cb_buf_printf(&d->b, "  %s\n", v->body);
	else {
		/* Why, from the parser: it may quote the damaged bytes. */
		cb_buf_adds(&d->b, _("  (damaged in the index: "));
		cb_sanitize_buf(&d->b, v->damage, strlen(v->damage), 0);
		cb_buf_adds(&d->b, ")\n");
	}
	if (v->raw_cap == 0) {
		cb_buf_printf(&d->b, "  %s\n", _("(no payload kept)"));
		return 0;
	}
	cb_buf_printf(&d->b, v->raw_len > v->raw_cap ? _("  Payload (the first "
	    "%zu of %zu bytes):\n") : _("  Payload (%zu bytes):\n"),
	    v->raw_cap, v->raw_len);
	/* Control bytes made visible here ("^["): the payload is a vendor's. */
	cb_sanitize_buf(&d->b, v->raw, v->raw_cap, CB_SAN_KEEP_NEWLINE);
	cb_buf_addc(&d->b, '\n');
	return 0;
}

static int
act_open(struct tui *t, void *state)
{
	const struct arow *r = selected(state);
	struct detail d = { { 0 }, 0, 0 };
	struct tui_pager_arg pa;
	struct cb_error err;
	char *title;

	if (r == NULL)
		return TUI_DRAW_NONE;
	if (cb_store_alert_group(t->st, r->id, detail_group, &d, &err) !=
	    CB_OK || cb_store_group_alerts(t->st, r->id, detail_alert, &d,
	    &err) != CB_OK) {
		tui_error(t, &err);
		cb_buf_free(&d.b);
		return TUI_DRAW_STATUS;
	}
	if (d.alerts > DETAIL_ALERTS)
		cb_buf_printf(&d.b, _("\n... and %ld more alerts (casebook alerts "
		    "--json lists them all)\n"), d.alerts - DETAIL_ALERTS);
	title = xasprintf(_("Alert group %lld"), r->id);
	pa.title = title;
	pa.text = d.b.data != NULL ? d.b.data : "";
	pa.len = d.b.len;
	pa.diff = false;
	tui_push(t, &tui_screen_pager, &pa);
	free(title);
	cb_buf_free(&d.b);
	return TUI_DRAW_ALL;
}

/* --- marks ---------------------------------------------------------------------------- */

static int
act_mark(struct tui *t, void *state)
{
	struct alerts *a = state;
	const struct arow *r = selected(a);

	if (r == NULL)
		return TUI_DRAW_NONE;
	mark_toggle(a, r->id);
	tui_status(t, TUI_C_NORMAL, _("%zu marked: p promotes, m merges, d "
	    "dismisses, s suppresses them"), a->nmarked);
	tui_list_move(&a->list, 1);
	return TUI_DRAW_BODY | TUI_DRAW_STATUS;
}

static int
act_unmark_all(struct tui *t, void *state)
{
	struct alerts *a = state;

	a->nmarked = 0;
	tui_status(t, TUI_C_NORMAL, "%s", _("No alert group marked"));
	return TUI_DRAW_BODY | TUI_DRAW_STATUS;
}

/* --- acts: promote, merge, dismiss, suppress ---------------------------------- */

enum act { ACT_PROMOTE, ACT_MERGE, ACT_DISMISS, ACT_SUPPRESS };

/* A suppression's expiries, as the list offers them. */
static const struct {
	const char *label;
	long seconds;
} expiries[] = {
	{ N_("1 day"), 86400 }, { N_("7 days"), 7 * 86400 },
	{ N_("30 days"), 30 * 86400 }, { N_("90 days"), 90 * 86400 },
};
#define NEXPIRIES (sizeof expiries / sizeof expiries[0])

/* The groups an act takes: the marked ones, else the selected one. */
static long long *
act_groups(struct alerts *a, size_t *n)
{
	const struct arow *r;
	long long *v;

	if (a->nmarked > 0) {
		*n = a->nmarked;
		v = xcalloc(*n, sizeof *v);
		memcpy(v, a->marked, *n * sizeof *v);
		return v;
	}
	if ((r = selected(a)) == NULL) {
		*n = 0;
		return NULL;
	}
	*n = 1;
	v = xcalloc(1, sizeof *v);
	v[0] = r->id;
	return v;
}

/* What the status line says when all went through. */
static const char *
act_done_words(enum act what)
{
	switch (what) {
	case ACT_PROMOTE:	return _("%zu groups promoted, each a new incident");
	case ACT_MERGE:		return _("%zu groups merged");
	case ACT_DISMISS:	return _("%zu groups dismissed");
	default:		return _("%zu groups suppressed");
	}
}

/*
 * One act on each group (store/triage.c, as casebook alert does): each
 * its own call, so a promotion or a merge its own commit; a refusal
 * stops nothing but is listed.  All through: the status line says so;
 * otherwise the pager lists each group with what happened.
 */
/* value: the incident merged into, the reason dismissed for (a
 * suppression's reason and expiry are a->why and a->why_for). */
static int
act_run(struct tui *t, struct alerts *a, enum act what, const char *value)
{
	struct cb_buf report = { 0 };
	size_t n, done = 0, refused = 0;
	long long *v = act_groups(a, &n);
	char last[CB_ID_MAX] = "";

	for (size_t i = 0; i < n; i++) {
		struct cb_error err;
		char id[CB_ID_MAX];
		enum cb_status s;

		switch (what) {
		case ACT_PROMOTE:
			s = cb_store_alert_promote(t->st, v[i], id, &err);
			break;
		case ACT_MERGE:
			s = cb_store_alert_merge(t->st, v[i], value, &err);
			snprintf(id, sizeof id, "%s", value);
			break;
		case ACT_DISMISS:
			s = cb_store_alert_dismiss(t->st, v[i], value, &err);
			id[0] = '\0';
			break;
		default: {
			struct cb_suppress_req req = { a->why, a->why_for,
				NULL, NULL, false };

			s = cb_store_alert_suppress(t->st, v[i], &req, NULL,
			    &err);
			id[0] = '\0';
			break;
		}
		}
		if (s != CB_OK) {
			refused++;
			cb_buf_printf(&report, _("group %lld: refused: %s\n"), v[i],
			    err.msg);
			continue;
		}
		done++;
		if (mark_index(a, v[i]) >= 0)
			mark_toggle(a, v[i]);
		if (what == ACT_PROMOTE)
			cb_buf_printf(&report, _("group %lld: promoted to %s\n"),
			    v[i], id);
		else if (what == ACT_MERGE)
			cb_buf_printf(&report, _("group %lld: merged into %s\n"),
			    v[i], id);
		else if (what == ACT_DISMISS)
			cb_buf_printf(&report, _("group %lld: dismissed\n"), v[i]);
		else
			cb_buf_printf(&report, _("group %lld: suppressed\n"),
			    v[i]);
		snprintf(last, sizeof last, "%s", id);
	}
	tui_absorb(t);
	if (refused == 0 && what == ACT_PROMOTE && done == 1)
		tui_status(t, TUI_C_READY, _("Promoted to a new incident: %s"),
		    last);
	else if (refused == 0 && what == ACT_SUPPRESS && done == 1)
		tui_status(t, TUI_C_READY, _("Group %lld suppressed: its rule "
		    "takes the new alerts like it (2 shows them)"), v[0]);
	else if (refused == 0)
		tui_status(t, TUI_C_READY, act_done_words(what), done);
	else {
		struct tui_pager_arg pa;
		char *title = xasprintf(_("%zu done, %zu refused"), done, refused);

		pa.title = title;
		pa.text = report.data;
		pa.len = report.len;
		pa.diff = false;
		tui_status(t, TUI_C_WARNING, "%s", title);
		tui_push(t, &tui_screen_pager, &pa);
		free(title);
	}
	cb_buf_free(&report);
	free(v);
	clear_rows(a);
	return TUI_RELOAD | TUI_DRAW_ALL;
}

/* Which groups an act takes, for its question. */
static char *
act_label(struct alerts *a, const char *what)
{
	const struct arow *r = selected(a);

	if (a->nmarked > 0)
		return xasprintf(_("%s (%zu marked)"), what, a->nmarked);
	if (r == NULL)
		return xasprintf("%s (-)", what);
	return xasprintf(_("%s (group %lld)"), what, r->id);
}

static int
promote_yes(struct tui *t, void *arg)
{
	return act_run(t, arg, ACT_PROMOTE, NULL);
}

static int
act_promote(struct tui *t, void *state)
{
	struct alerts *a = state;
	char *label, *q;

	if (!tui_may_write(t) || selected(a) == NULL)
		return TUI_DRAW_STATUS;
	label = act_label(a, _("Promote, each group to a new incident"));
	q = xasprintf("%s?", label);
	tui_confirm(t, q, promote_yes, a, NULL);
	free(q);
	free(label);
	return TUI_DRAW_STATUS;
}

static int
merge_done(struct tui *t, void *arg, const char *text)
{
	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	if (!cb_id_parse(text, NULL, NULL)) {
		tui_status(t, TUI_C_WARNING, _("Nothing merged: '%s' is not an "
		    "incident id (2026-0042)"), text);
		return TUI_DRAW_STATUS;
	}
	return act_run(t, arg, ACT_MERGE, text);
}

static int
act_merge(struct tui *t, void *state)
{
	struct alerts *a = state;
	char *label, *prompt;

	if (!tui_may_write(t) || selected(a) == NULL)
		return TUI_DRAW_STATUS;
	label = act_label(a, _("Merge into incident"));
	prompt = xasprintf("%s: ", label);
	tui_prompt_start(t, prompt, NULL, NULL, merge_done, a);
	tui_prompt_single(t);
	free(prompt);
	free(label);
	return TUI_DRAW_STATUS;
}

static int
reason_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	(void)picked;
	if (chosen < 0 || cb_dismiss_reasons[chosen] == NULL)
		return TUI_DRAW_ALL;
	return act_run(t, ctx, ACT_DISMISS, cb_dismiss_reasons[chosen]);
}

static int
act_dismiss(struct tui *t, void *state)
{
	struct alerts *a = state;
	const char *labels[8];
	struct tui_choose_arg c;
	size_t n = 0;
	char *title;

	if (!tui_may_write(t) || selected(a) == NULL)
		return TUI_DRAW_STATUS;
	/* The store's reasons, in its order, as people read them. */
	for (; cb_dismiss_reasons[n] != NULL && n < 8; n++)
		labels[n] = status_word(cb_dismiss_reasons[n]);
	title = act_label(a, _("Dismiss, for the reason"));
	memset(&c, 0, sizeof c);
	c.title = title;
	c.labels = labels;
	c.n = n;
	c.done = reason_chosen;
	c.ctx = a;
	tui_push(t, &tui_screen_choose, &c);
	free(title);
	return TUI_DRAW_ALL;
}

static int
expiry_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct alerts *a = ctx;
	int draw;

	(void)picked;
	if (chosen < 0 || (size_t)chosen >= NEXPIRIES) {
		tui_status(t, TUI_C_NORMAL, "%s", _("Nothing suppressed"));
		draw = TUI_DRAW_ALL;
	} else {
		a->why_for = expiries[chosen].seconds;
		draw = act_run(t, a, ACT_SUPPRESS, NULL);
	}
	free(a->why);
	a->why = NULL;
	return draw;
}

static int
suppress_reason(struct tui *t, void *arg, const char *text)
{
	struct alerts *a = arg;
	const char *labels[NEXPIRIES];
	struct tui_choose_arg c;

	if (text == NULL)
		return TUI_DRAW_STATUS;		/* cancelled */
	if (*text == '\0') {
		tui_status(t, TUI_C_WARNING, "%s", _("Nothing suppressed: a "
		    "suppression needs a reason"));
		return TUI_DRAW_STATUS;
	}
	free(a->why);
	a->why = xstrdup(text);
	for (size_t i = 0; i < NEXPIRIES; i++)
		labels[i] = _(expiries[i].label);
	memset(&c, 0, sizeof c);
	c.title = _("Suppress for");
	c.labels = labels;
	c.n = NEXPIRIES;
	c.cur = 1;		/* 7 days */
	c.done = expiry_chosen;
	c.ctx = a;
	tui_push(t, &tui_screen_choose, &c);
	return TUI_DRAW_ALL;
}

/*
 * A suppression rule from each group (its source, signature and one
 * source host, as 'casebook alert suppress' without --src makes it):
 * the reason typed, then the expiry from the list.
 */
static int
act_suppress(struct tui *t, void *state)
{
	struct alerts *a = state;
	char *label, *prompt;

	if (!tui_may_write(t) || selected(a) == NULL)
		return TUI_DRAW_STATUS;
	label = act_label(a, _("Suppress"));
	prompt = xasprintf(_("%s, the reason: "), label);
	tui_prompt_start(t, prompt, NULL, NULL, suppress_reason, a);
	tui_prompt_single(t);
	free(prompt);
	free(label);
	return TUI_DRAW_STATUS;
}

static const struct tui_action a_actions[] = {
	{ "open", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("the group's alerts and their payloads"), act_open },
	{ "filter", { '/' }, "/", N_("filter by signature, class, department, "
	  "host or incident (as you type; Esc clears)"), act_filter },
	{ "clear-filter", { TUI_ESC }, "Esc", N_("clear the filter (without "
	  "one: back)"), act_clear_filter },
	{ "next-tab", { '\t', TUI_KEY(KEY_RIGHT), 'l' }, "Tab Right l",
	  N_("next tab"), act_next_tab },
	{ "prev-tab", { TUI_KEY(KEY_BTAB), 'h' }, "S-Tab h",
	  N_("previous tab"), act_prev_tab },
	{ "tab-new", { '1' }, "1", N_("new alert groups (not yet triaged)"),
	  act_tab1 },
	{ "tab-suppressed", { '2' }, "2", N_("groups a suppression rule took"),
	  act_tab2 },
	{ "tab-done", { '3' }, "3", N_("promoted, merged, dismissed and "
	  "expired groups"), act_tab3 },
	{ "sort", { 'o' }, "o", N_("sort by the next column (last event, top "
	  "score, count, first event, signature, department)"), act_sort },
	{ "reverse", { 'O' }, "O", N_("reverse the order"), act_reverse },
	{ "mark", { 't', ' ' }, "t Space", N_("mark or unmark the group for a "
	  "bulk act"), act_mark },
	{ "unmark-all", { 'T' }, "T", N_("unmark every group"), act_unmark_all },
	{ "promote", { 'p' }, "p", N_("promote the marked groups (or the "
	  "selected one), each to a new incident"), act_promote },
	{ "merge", { 'm' }, "m", N_("merge the marked groups (or the selected "
	  "one) into an incident"), act_merge },
	{ "dismiss", { 'd' }, "d", N_("dismiss the marked groups (or the "
	  "selected one), with a reason from the list"), act_dismiss },
	{ "suppress", { 's' }, "s", N_("suppress the marked groups (or the "
	  "selected one): a rule on each one's source, signature and source "
	  "host, with a reason and an expiry"), act_suppress },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_alerts = {
	.name = "alerts",
	.title = N_("Alerts"),
	.open = a_open,
	.close = a_close,
	.load = a_load,
	.draw = a_draw_screen,
	.list = a_list,
	.subtitle = a_subtitle,
	.idle = a_idle,
	.actions = a_actions,
};
