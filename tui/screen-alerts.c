/*
 * The Alerts screen: the alert groups of the index in tabs New,
 * Suppressed and Done with their counts, newest last event first (or
 * sorted: 'o' cycles the order, 'O' reverses it), a filter typed after
 * '/' applied as you type.  Each row shows a group's count, first (on
 * wide terminals) and last event, top score, department, hosts,
 * signature and the open incidents that share a host with it.  Rows
 * marked with 't' (or Space) take a bulk act: promote (each group a new
 * incident), merge into an incident, dismiss with a reason from the
 * list; the acts are store/alert.c's, as the command line's.  Enter
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
	char *hosts;		/* the first few, comma-separated */
	char *related;		/* open incidents sharing a host, or "" */
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
};

/* A filter counts its matches up to this; more shows as "1000+". */
#define FILTER_CAP 1000
#define HOSTS_SHOWN 3
#define RELATED_SHOWN 3

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

static int
keep_row(const struct cb_agroup *g, void *arg)
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
	r->hosts = r->related = NULL;
	r->first = g->first_event;
	r->last = g->last_event;
	r->alerts = g->alerts;
	r->top = g->top_score;
	return 0;
}

/* Appends s to the comma-separated list in *b. */
static int
add_item(const char *s, void *arg)
{
	struct cb_buf *b = arg;

	if (b->len > 0)
		cb_buf_adds(b, ", ");
	cb_buf_adds(b, s);
	return 0;
}

static int
add_incident(const char *incident, const char *host, void *arg)
{
	(void)host;
	return add_item(incident, arg);
}

/* A row's hosts and related incidents, read once for the window. */
static void
complete_row(struct alerts *a, struct arow *r)
{
	struct cb_buf b = { 0 };
	struct cb_error err;

	if (cb_agroup_hosts(a->t->st, r->id, HOSTS_SHOWN, add_item, &b,
	    &err) != CB_OK)
		tui_error(a->t, &err);
	cb_buf_addc(&b, '\0');
	r->hosts = cb_buf_detach(&b);
	if (cb_agroup_incidents(a->t->st, r->id, RELATED_SHOWN, add_incident,
	    &b, &err) != CB_OK)
		tui_error(a->t, &err);
	cb_buf_addc(&b, '\0');
	r->related = cb_buf_detach(&b);
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
	clear_rows(a);
	from = offset - n > 0 ? offset - n : 0;
	filter_of(a, a->tab, &f);
	if (cb_agroups_page(a->t->st, &f, from, 3L * n, keep_row, a,
	    &err) != CB_OK) {
		tui_error(a->t, &err);
		return;
	}
	for (int i = 0; i < a->wn; i++)
		complete_row(a, &a->rows[i]);
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
	c->score = 5;
	c->department = w >= 140 ? 20 : w >= 110 ? 14 : 10;
	c->hosts = w >= 140 ? 32 : w >= 110 ? 22 : 15;
	c->related = w >= 110 ? 18 : 10;
	c->signature = w - (1 + c->count + c->last + c->score + c->department +
	    c->hosts + c->related + 7) - (c->first > 0 ? c->first + 1 : 0);
	if (c->signature < 8)
		c->signature = 8;
}

/* What a Done group became: "promoted 2026-0042", "dismissed: reason". */
static const char *
outcome(const struct arow *r, char *buf, size_t n)
{
	if (r->incident[0] != '\0')
		snprintf(buf, n, "%s %s", r->status, r->incident);
	else if (r->reason[0] != '\0')
		snprintf(buf, n, "%s: %s", r->status, r->reason);
	else
		snprintf(buf, n, "%s", r->status);
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
	if (cb_agroups_count(t->st, &f, FILTER_CAP, &a->counts[a->tab],
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

static int
a_idle(struct tui *t, void *state)
{
	struct alerts *a = state;
	struct cb_agroup_filter f;
	struct cb_error err;

	if (a->typing)
		return TUI_UNHANDLED;
	for (int i = 0; i < CB_ATAB_COUNT; i++) {
		if (!a->pending[i])
			continue;
		a->pending[i] = false;
		filter_of(a, (enum cb_atab)i, &f);
		if (cb_agroups_count(t->st, &f, FILTER_CAP, &a->counts[i],
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
	    _("OUTCOME") : _("OPEN INCIDENTS"), tui_attr(TUI_C_TITLE));
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
	struct tui *t;
	struct cb_buf b;
	int n;
};

static int
detail_group(const struct cb_agroup *g, void *arg)
{
	struct cb_buf *b = arg;
	char first[CB_LOCAL_TIME_MAX], last[CB_LOCAL_TIME_MAX], sc[16];

	cb_local_time_t(g->first_event, first, sizeof first);
	cb_local_time_t(g->last_event, last, sizeof last);
	cb_buf_printf(b, _("Signature:  %s\n"), g->signature);
	cb_buf_printf(b, _("Status:     %s%s%s\n"), g->status,
	    g->incident[0] != '\0' ? " " : "", g->incident);
	if (g->reason[0] != '\0')
		cb_buf_printf(b, _("Reason:     %s (%s)\n"), g->reason, g->actor);
	cb_buf_printf(b, _("Class:      %s\n"), g->class);
	cb_buf_printf(b, _("Department: %s\n"), g->department[0] != '\0' ?
	    g->department : _("(unknown)"));
	cb_buf_printf(b, _("Alerts:     %lld, first %s, last %s\n"), g->alerts,
	    first, last);
	cb_buf_printf(b, _("Top score:  %s\n"), score_text(g->top_score, sc));
	return 0;
}

static int
detail_incident(const char *incident, const char *host, void *arg)
{
	struct detail *d = arg;

	cb_buf_printf(&d->b, _("  %s is affected in open incident %s\n"), host,
	    incident);
	d->n++;
	return 0;
}

/* The payloads shown whole up to this many alerts; the rest listed. */
#define DETAIL_ALERTS 50
#define DETAIL_PAYLOADS 10

static int
detail_alert(const struct cb_aview *v, void *arg)
{
	struct detail *d = arg;
	char when[CB_LOCAL_TIME_MAX], sc[16];
	char *raw;

	cb_local_time_t(v->event_time, when, sizeof when);
	cb_buf_printf(&d->b, "\n%s  %s  %s -> %s  %s %s  x%lld\n", when,
	    v->source, v->src[0] != '\0' ? v->src : "-",
	    v->dst[0] != '\0' ? v->dst : "-", _("score"),
	    score_text(v->score, sc), v->count);
	cb_buf_printf(&d->b, "  %s [%s]\n", v->signature, v->source_ref);
	if (d->n++ >= DETAIL_PAYLOADS)
		return 0;
	if (v->raw_cap == 0) {
		cb_buf_printf(&d->b, "  %s\n", _("(no payload kept)"));
		return 0;
	}
	cb_buf_printf(&d->b, v->raw_len > v->raw_cap ? _("  Payload (first %zu "
	    "of %zu bytes):\n") : _("  Payload (%zu bytes):\n"), v->raw_cap,
	    v->raw_len);
	/* Made visible here, control bytes and all: the pager shows text. */
	raw = cb_sanitize(v->raw, v->raw_cap, CB_SAN_KEEP_NEWLINE);
	cb_buf_adds(&d->b, raw);
	cb_buf_addc(&d->b, '\n');
	free(raw);
	return 0;
}

static int
act_open(struct tui *t, void *state)
{
	const struct arow *r = selected(state);
	struct detail d = { t, { 0 }, 0 };
	struct tui_pager_arg pa;
	struct cb_error err;
	long total = 0;
	char *title;

	if (r == NULL)
		return TUI_DRAW_NONE;
	if (cb_agroup_get(t->st, r->id, detail_group, &d.b, &err) != CB_OK) {
		tui_error(t, &err);
		cb_buf_free(&d.b);
		return TUI_DRAW_STATUS;
	}
	cb_buf_printf(&d.b, "%s\n", _("Open incidents sharing a host:"));
	if (cb_agroup_incidents(t->st, r->id, 20, detail_incident, &d,
	    &err) != CB_OK)
		tui_error(t, &err);
	if (d.n == 0)
		cb_buf_printf(&d.b, "  %s\n", _("(none)"));
	d.n = 0;
	if (cb_agroup_alerts(t->st, r->id, 0, DETAIL_ALERTS, detail_alert, &d,
	    &total, &err) != CB_OK)
		tui_error(t, &err);
	if (total > DETAIL_ALERTS)
		cb_buf_printf(&d.b, _("\n... and %ld more alerts (casebook alerts "
		    "--json lists them all)\n"), total - DETAIL_ALERTS);
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
	    "dismisses them"), a->nmarked);
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

static const struct tui_action a_actions[] = {
	{ "open", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("the group's alerts and their payloads"), act_open },
	{ "filter", { '/' }, "/", N_("filter by signature, class, department, "
	  "host or incident (as you type; Esc clears)"), act_filter },
	{ "clear-filter", { TUI_ESC }, "Esc", N_("clear the filter"),
	  act_clear_filter },
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
