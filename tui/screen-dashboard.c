/*
 * The dashboard: new incidents per hour over the last 24 hours as a bar
 * chart drawn with block characters (eighths of a cell, '#' outside
 * UTF-8), open incidents by urgency, by phase and by department, and the
 * oldest open incidents (a list: Enter opens one).  With alerts in the
 * last 24 hours the chart counts alerts, and the panels of dash-alerts.c
 * (the score trend, notable detections, mail-attack recipients, beacons)
 * come before the incidents' groups.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/incident.h"
#include "tui/tui-int.h"

#define GROUP_MAX 8
#define OLDEST 8

struct group {
	char key[64];
	long n;
};

struct groups {
	struct group v[GROUP_MAX];
	int n;
};

struct old {
	char id[CB_ID_MAX];
	char *title, *urgency, *created;
};

struct dash {
	long per_hour[24];
	struct groups by[3];
	struct old oldest[OLDEST];
	int noldest;
	char year[512];		/* this year's figures (cb_store_stats) */
	struct tui_list list;
	long incidents;			/* new in the 24 hours */
	struct tui_dash_alerts alerts;
};

static long
d_count(void *src)
{
	return ((struct dash *)src)->noldest;
}

static void
d_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct dash *d = src;
	const struct old *o = &d->oldest[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	char age[32], word[256];

	tui_age(o->created, age);
	tui_cell(y, x, 10, o->id, a);
	tui_cell(y, x + 10, 10, tui_field_word(t, "urgency", o->urgency, true,
	    word, sizeof word), sel ? a : tui_attr(tui_urgency_role(o->urgency)));
	tui_cell_right(y, x + 20, 7, age, a);
	tui_cell(y, x + 27, 1, "", a);
	tui_cell(y, x + 28, w - 28, o->title, a);
}

static const struct tui_list_ops d_ops = { d_count, NULL, d_draw_row, NULL };

static void *
d_open(struct tui *t, const void *arg)
{
	struct dash *d = xcalloc(1, sizeof *d);

	(void)t;
	(void)arg;
	tui_list_init(&d->list, &d_ops, d);
	return d;
}

static void
forget(struct dash *d)
{
	for (int i = 0; i < d->noldest; i++) {
		free(d->oldest[i].title);
		free(d->oldest[i].urgency);
		free(d->oldest[i].created);
	}
	d->noldest = 0;
}

static void
d_close(void *state)
{
	struct dash *d = state;

	forget(d);
	tui_dash_alerts_free(&d->alerts);
	free(d);
}

static int
keep_group(const char *key, long n, void *arg)
{
	struct groups *g = arg;

	if (g->n == GROUP_MAX)
		return 1;
	snprintf(g->v[g->n].key, sizeof g->v[g->n].key, "%s", key);
	g->v[g->n].n = n;
	g->n++;
	return 0;
}

static int
keep_old(const struct cb_row *r, void *arg)
{
	struct dash *d = arg;
	struct old *o = &d->oldest[d->noldest++];

	snprintf(o->id, sizeof o->id, "%s", r->id);
	o->title = xstrdup(r->title);
	o->urgency = xstrdup(r->urgency);
	o->created = xstrdup(r->created);
	return d->noldest == OLDEST;
}

/*
 * This year's figures from the index (the same as 'casebook stats
 * --from YYYY-01-01'): incidents received, the median time to triage,
 * containment, recovery and close, and how many were reopened.
 */
static void
load_year(struct tui *t, struct dash *d)
{
	struct cb_stats sx;
	struct cb_error err;
	time_t now = cb_now(), from;
	struct tm tm;
	char med[CB_STATS_MEASURE_COUNT][32];

	localtime_r(&now, &tm);
	tm.tm_mon = 0;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	from = mktime(&tm);
	d->year[0] = '\0';
	if (cb_store_stats(t->st, from, 0, CB_STATS_ALL, &sx, &err) != CB_OK) {
		tui_error(t, &err);
		return;
	}
	for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++) {
		if (sx.ngroups == 0 || sx.groups[0].fig[m].n == 0)
			snprintf(med[m], sizeof med[m], "-");
		else
			cb_duration_word(sx.groups[0].fig[m].median, med[m],
			    sizeof med[m]);
	}
	snprintf(d->year, sizeof d->year, _("This year: %zu incidents; "
	    "median time to triage %s, containment %s, recovery %s, close %s; "
	    "%zu reopened"), sx.ngroups ? sx.groups[0].count : 0, med[0],
	    med[1], med[2], med[3], sx.ngroups ? sx.groups[0].reopened : 0);
	cb_stats_free(&sx);
}

static int
d_load(struct tui *t, void *state)
{
	struct dash *d = state;
	struct cb_error err;
	enum cb_status s;

	forget(d);
	for (int i = 0; i < 3; i++)
		d->by[i].n = 0;
	if ((s = cb_queue_per_hour(t->st, cb_now(), d->per_hour, &err)) ||
	    (s = cb_queue_groups(t->st, CB_GROUP_URGENCY, GROUP_MAX,
	    keep_group, &d->by[0], &err)) ||
	    (s = cb_queue_groups(t->st, CB_GROUP_PHASE, GROUP_MAX, keep_group,
	    &d->by[1], &err)) ||
	    (s = cb_queue_groups(t->st, CB_GROUP_DEPARTMENT, GROUP_MAX,
	    keep_group, &d->by[2], &err)) ||
	    (s = cb_queue_oldest(t->st, OLDEST, keep_old, d, &err)))
		tui_error(t, &err);
	d->incidents = 0;
	for (int i = 0; i < 24; i++)
		d->incidents += d->per_hour[i];
	tui_dash_alerts_load(t, &d->alerts);
	if (d->alerts.total > 0)
		memcpy(d->per_hour, d->alerts.hours.count, sizeof d->per_hour);
	load_year(t, d);
	tui_list_clamp(&d->list);
	return TUI_DRAW_BODY;
}

static int
d_idle(struct tui *t, void *state)
{
	return tui_dash_alerts_idle(t, &((struct dash *)state)->alerts);
}

/* The chart: 24 bars, two columns each, h rows high. */
static void
draw_chart(struct dash *d, int y, int x, int h)
{
	static const wchar_t eighths[] = L" \x2581\x2582\x2583\x2584\x2585"
	    "\x2586\x2587\x2588";
	bool utf8 = MB_CUR_MAX > 1;
	long max = 0;
	attr_t bar = tui_attr(TUI_C_BAR);

	for (int i = 0; i < 24; i++)
		if (d->per_hour[i] > max)
			max = d->per_hour[i];
	for (int i = 0; i < 24; i++) {
		/* The bar's height in eighths of a row. */
		long e = max > 0 ? (d->per_hour[i] * h * 8 + max - 1) / max : 0;

		for (int r = 0; r < h; r++) {
			long fill = e - (long)(h - 1 - r) * 8;
			int cx = x + 3 * i;

			attrset(bar);
			if (fill <= 0)
				mvaddstr(y + r, cx, "  ");
			else if (!utf8)
				mvaddstr(y + r, cx, "##");
			else {
				wchar_t wc[3];

				wc[0] = wc[1] = eighths[fill >= 8 ? 8 : fill];
				wc[2] = L'\0';
				mvaddwstr(y + r, cx, wc);
			}
		}
	}
	attrset(tui_attr(TUI_C_DIM));
	/* TRANSLATORS: the chart's time axis: 24 and 12 hours ago, now. */
	tui_cell(y + h, x, 12, _("24 h ago"), tui_attr(TUI_C_DIM));
	tui_cell(y + h, x + 3 * 12 - 4, 12, _("12 h ago"), tui_attr(TUI_C_DIM));
	tui_cell(y + h, x + 3 * 23 - 1, 6, _("now"), tui_attr(TUI_C_DIM));
	attrset(A_NORMAL);
}

/* field: what the keys are values of (their words shown), or NULL. */
static void
draw_groups(struct tui *t, const struct groups *g, const char *field,
    const char *title, int y, int x, int w, int h)
{
	char word[256];

	tui_cell(y, x, w, title, tui_attr(TUI_C_TITLE));
	for (int i = 0; i < h - 1; i++) {
		char n[24];

		/* Rows that do not fit are said so, not silently left out. */
		if (g->n > h - 1 && i == h - 2) {
			char more[96];

			snprintf(more, sizeof more, _("... %d more not shown "
			    "(a taller window shows them)"), g->n - i);
			tui_cell(y + 1 + i, x, w, more, tui_attr(TUI_C_DIM));
			continue;
		}
		if (i >= g->n) {
			tui_cell(y + 1 + i, x, w, "", tui_attr(TUI_C_NORMAL));
			continue;
		}
		snprintf(n, sizeof n, "%ld", g->v[i].n);
		tui_cell(y + 1 + i, x, w - 6, g->v[i].key[0] == '\0' ?
		    _("(unknown)") : field != NULL ? tui_field_word(t, field,
		    g->v[i].key, true, word, sizeof word) : g->v[i].key,
		    tui_attr(TUI_C_NORMAL));
		tui_cell_right(y + 1 + i, x + w - 6, 5, n, tui_attr(TUI_C_NORMAL));
		tui_cell(y + 1 + i, x + w - 1, 1, "", tui_attr(TUI_C_NORMAL));
	}
}

static void
d_draw(struct tui *t, void *state, int y, int h)
{
	struct dash *d = state;
	long total = 0;
	char title[128];
	int chart_h = h >= 34 ? 8 : 4, gy, gw = t->cols / 3, gh;

	for (int r = 0; r < h; r++)
		tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	for (int i = 0; i < 24; i++)
		total += d->per_hour[i];
	if (d->alerts.total > 0)
		snprintf(title, sizeof title, _("Alerts per hour, last 24 hours "
		    "(%ld in all; %ld new incidents)"), total, d->incidents);
	else
		snprintf(title, sizeof title, _("New incidents per hour, last 24 "
		    "hours (%ld in all)"), total);
	tui_cell(y, 0, t->cols, title, tui_attr(TUI_C_TITLE));
	draw_chart(d, y + 1, 2, chart_h);
	gy = y + chart_h + 3;
	if (tui_dash_alerts_any(&d->alerts)) {
		int ph = h >= 34 ? 7 : 5;

		tui_dash_alerts_trend(t, &d->alerts, gy - 1);
		tui_dash_alerts_draw(t, &d->alerts, gy + 1, ph);
		gy += ph + 2;
	}
	gh = h >= 34 ? GROUP_MAX + 1 : 5;
	draw_groups(t, &d->by[0], "urgency", _("Open by urgency"), gy, 0,
	    gw - 1, gh);
	draw_groups(t, &d->by[1], "phase", _("Open by phase"), gy, gw, gw - 1,
	    gh);
	draw_groups(t, &d->by[2], NULL, _("Open by department"), gy, 2 * gw,
	    t->cols - 2 * gw, gh);
	gy += gh;
	tui_cell(gy, 0, t->cols, d->year, tui_attr(TUI_C_TITLE));
	gy += 1;
	tui_cell(gy, 0, t->cols, _("Oldest open incidents"),
	    tui_attr(TUI_C_TITLE));
	if (y + h - gy - 1 > 0)
		tui_list_draw(t, &d->list, gy + 1, 0, y + h - gy - 1, t->cols);
}

static struct tui_list *
d_list(void *state)
{
	return &((struct dash *)state)->list;
}

static int
act_open(struct tui *t, void *state)
{
	struct dash *d = state;

	if (d->noldest == 0)
		return TUI_DRAW_NONE;
	tui_push(t, &tui_screen_incident, d->oldest[d->list.cur].id);
	return TUI_DRAW_ALL;
}

static int
act_beacon(struct tui *t, void *state)
{
	return tui_dash_beacon_act(t, &((struct dash *)state)->alerts);
}

static const struct tui_action d_actions[] = {
	{ "open", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("open the selected old incident"), act_open },
	{ "beacon-alert", { 'b' }, "b", N_("make an alert group of a beacon "
	  "pair above the threshold"), act_beacon },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_dashboard = {
	.name = "dashboard",
	.title = N_("Dashboard"),
	.open = d_open,
	.close = d_close,
	.load = d_load,
	.draw = d_draw,
	.list = d_list,
	.idle = d_idle,
	.actions = d_actions,
};
