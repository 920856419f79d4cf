/*
 * The dashboard's panels from real alerts (screen-dashboard.c draws
 * them): alerts per hour over 24 hours (the chart), the top score per
 * hour as a one-row trend, the notable detections (groups whose top
 * score reaches alerts.yaml's notable threshold), the distinct
 * recipients of mail attacks per department (mail-to observables), and
 * the beacon panel: the (src, dst) pairs of the day's flows with the
 * most regular connections (RITA's score, core/beacon.h), of which one
 * above the threshold becomes an alert group with 'b'.
 *
 * The figures are read in one go when the dashboard loads (each a query
 * along an index, store/alertview.h); the beacon scores, which read the
 * day's flows whole, once the screen is up (idle), so that the first
 * screen never waits for them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/alert.h"
#include "core/alertgroup.h"
#include "core/beacon.h"
#include "core/incident.h"
#include "store/alertview.h"
#include "tui/tui-int.h"

/* What is listed: casebook beacons' defaults (core/beacon.h). */
#define BEACON_THRESHOLD CB_BEACON_DEFAULT_THRESHOLD

static void
forget(struct tui_dash_alerts *da)
{
	for (int i = 0; i < da->nnotable; i++)
		free(da->notable[i].signature);
	for (int i = 0; i < da->nmail; i++)
		free(da->mail[i].department);
	da->nnotable = da->nmail = 0;
}

void
tui_dash_alerts_free(struct tui_dash_alerts *da)
{
	forget(da);
	free(da->pairs);
	da->pairs = NULL;
	da->npairs = 0;
}

static int
keep_notable(const struct cb_alert_group *g, void *arg)
{
	struct tui_dash_alerts *da = arg;
	struct tui_dash_notable *n;

	if (da->nnotable == TUI_DASH_NOTABLE)
		return 1;
	n = &da->notable[da->nnotable++];

	n->id = g->id;
	n->signature = xstrdup(g->signature);
	n->score = g->top;
	n->alerts = g->alerts;
	return 0;
}

static int
keep_mail(const char *department, long recipients, void *arg)
{
	struct tui_dash_alerts *da = arg;

	da->mail[da->nmail].department = xstrdup(department);
	da->mail[da->nmail].n = recipients;
	da->nmail++;
	return 0;
}

void
tui_dash_alerts_load(struct tui *t, struct tui_dash_alerts *da)
{
	struct cb_alert_rules rules;
	struct cb_error err;
	time_t now = cb_now();

	forget(da);
	da->total = 0;
	if (cb_alert_hours(t->st, now, &da->hours, &err) != CB_OK) {
		tui_error(t, &err);
		return;
	}
	for (int i = 0; i < 24; i++)
		da->total += da->hours.count[i];
	memset(&rules, 0, sizeof rules);
	if (cb_store_alert_rules(t->st, &rules, &err) != CB_OK)
		tui_error(t, &err);
	da->notable_at = rules.notable;
	cb_alert_rules_free(&rules);
	if (cb_alert_notable(t->st, now, da->notable_at, TUI_DASH_NOTABLE,
	    keep_notable, da, &err) != CB_OK ||
	    cb_alert_mail_departments(t->st, now, TUI_DASH_MAIL, keep_mail, da,
	    &err) != CB_OK)
		tui_error(t, &err);
	da->beacons_pending = true;
}

/* --- beacons ----------------------------------------------------------------------- */

struct flows {
	struct cb_flow *v;
	size_t n, cap;
	const struct cb_beacon_allow *allow;
};

static enum cb_status
keep_flow(const struct cb_flow *f, void *arg)
{
	struct flows *fl = arg;

	if (cb_beacon_allowed(fl->allow, f->dst))
		return CB_OK;
	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? 2 * fl->cap : 1024;
		fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
	}
	fl->v[fl->n++] = *f;
	return CB_OK;
}

int
tui_dash_alerts_idle(struct tui *t, struct tui_dash_alerts *da)
{
	struct cb_beacon_allow al = { NULL, 0 };
	struct flows fl = { NULL, 0, 0, &al };
	struct cb_beacon_rule rule;
	struct cb_error err;
	size_t n = 0;
	char *path;

	if (!da->beacons_pending)
		return TUI_UNHANDLED;
	da->beacons_pending = false;
	free(da->pairs);
	da->pairs = NULL;
	da->npairs = 0;
	/* The pairs casebook beacons lists, and only those. */
	cb_beacon_rule_default(&rule);
	path = xasprintf("%s/config", cb_store_dir(t->st));
	if (cb_beacon_allow_read(path, &al, &err) != CB_OK)
		tui_error(t, &err);
	else if (cb_store_flows(t->st, cb_now() - 24 * 3600, keep_flow, &fl,
	    &err) != CB_OK)
		tui_error(t, &err);
	else {
		da->npairs = cb_beacon_pairs(fl.v, fl.n, &da->pairs);
		for (size_t i = 0; i < da->npairs; i++)
			if (cb_beacon_listed(&rule, &da->pairs[i].b))
				da->pairs[n++] = da->pairs[i];
		da->npairs = n;
	}
	free(path);
	free(fl.v);
	cb_beacon_allow_free(&al);
	return TUI_DRAW_BODY;
}

bool
tui_dash_alerts_any(const struct tui_dash_alerts *da)
{
	return da->total > 0 || da->nnotable > 0 || da->npairs > 0;
}

/*
 * A beacon pair as an alert: casebook's own JSON line given to ingest,
 * the way every alert comes in (dedup on the pair and its first
 * connection: a second 'b' is a replay, not a second group).
 */
static int
pair_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct tui_dash_alerts *da = ctx;
	const struct cb_beacon_pair *p;
	struct cb_ingest_stats stats;
	struct cb_alert_ctx actx;
	struct cb_alert a;
	struct cb_error err;
	char *line, *raw;

	(void)picked;
	if (chosen < 0 || (size_t)chosen >= da->npairs)
		return TUI_DRAW_ALL;
	p = &da->pairs[chosen];
	cb_alert_init(&a);
	a.source = xstrdup("beacon");
	a.source_ref = xasprintf("%s>%s@%lld", p->src, p->dst,
	    (long long)p->b.first);
	a.event_time = (time_t)p->b.last;
	a.received = cb_now();
	a.signature = xstrdup("Beacon: regular connections (RITA score)");
	a.category = xstrdup("beacon");
	a.severity = p->b.score >= 0.9 ? CB_ASEV_HIGH : CB_ASEV_MEDIUM;
	a.score = p->b.score * 100;
	a.src.addr = xstrdup(p->src);
	a.dst.addr = xstrdup(p->dst);
	cb_alert_add_obs(&a, CB_OBS_IP, p->dst);
	raw = xasprintf("{\"score\":%.3f,\"ts_score\":%.3f,\"ds_score\":%.3f,"
	    "\"hist_score\":%.3f,\"dur_score\":%.3f,\"connections\":%zu}",
	    p->b.score, p->b.ts_score, p->b.ds_score, p->b.hist_score,
	    p->b.dur_score, p->b.connections);
	cb_alert_set_raw(&a, raw, strlen(raw));
	free(raw);
	line = cb_alert_to_json(&a);
	cb_alert_free(&a);
	memset(&actx, 0, sizeof actx);
	actx.received = cb_now();
	if (cb_store_ingest(t->st, CB_ALERT_JSON, line, strlen(line), &actx,
	    NULL, NULL, &stats, &err) != CB_OK)
		tui_error(t, &err);
	else if (stats.added == 0)
		tui_status(t, TUI_C_NORMAL, _("%s -> %s is an alert group "
		    "already"), p->src, p->dst);
	else
		tui_status(t, TUI_C_READY, _("%s -> %s is now an alert group "
		    "(:alerts)"), p->src, p->dst);
	free(line);
	return TUI_RELOAD | TUI_DRAW_ALL;
}

int
tui_dash_beacon_act(struct tui *t, struct tui_dash_alerts *da)
{
	struct tui_choose_arg c;
	char **labels;
	size_t n = 0;
	struct cb_error err;

	if (cb_store_may_ingest(t->st, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	/* Only listed pairs are kept (tui_dash_alerts_idle), highest first. */
	while (n < da->npairs && n < TUI_DASH_PAIRS_ASK)
		n++;
	if (n == 0) {
		tui_status(t, TUI_C_WARNING, _("No pair scores %.2f or more in "
		    "the last 24 hours"), BEACON_THRESHOLD);
		return TUI_DRAW_STATUS;
	}
	labels = xcalloc(n, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = xasprintf("%.3f  %s -> %s  (%zu)",
		    da->pairs[i].b.score, da->pairs[i].src, da->pairs[i].dst,
		    da->pairs[i].b.connections);
	memset(&c, 0, sizeof c);
	c.title = _("Make an alert group of the beacon");
	c.labels = (const char *const *)labels;
	c.n = n;
	c.done = pair_chosen;
	c.ctx = da;
	tui_push(t, &tui_screen_choose, &c);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	return TUI_DRAW_ALL;
}

/* --- drawing ---------------------------------------------------------------------- */

void
tui_dash_alerts_trend(struct tui *t, const struct tui_dash_alerts *da, int y)
{
	static const wchar_t eighths[] = L"\x2581\x2582\x2583\x2584\x2585"
	    "\x2586\x2587\x2588";
	bool utf8 = MB_CUR_MAX > 1;
	double max = 0;
	char label[128];
	int x;

	for (int i = 0; i < 24; i++)
		if (da->hours.max_score[i] > max)
			max = da->hours.max_score[i];
	snprintf(label, sizeof label, _("Top score per hour (highest %.0f):"),
	    max);
	tui_cell(y, 0, t->cols, label, tui_attr(TUI_C_TITLE));
	/* One column an hour, oldest first, after the label. */
	x = tui_width(label) + 1;
	if (x + 24 > t->cols)
		x = t->cols - 24;
	attrset(tui_attr(TUI_C_BAR));
	for (int i = 0; i < 24; i++) {
		double s = da->hours.max_score[i];
		int level = s < 0 || max <= 0 ? -1 : (int)(s * 7 / max + 0.5);

		if (level < 0)
			mvaddstr(y, x + i, " ");
		else if (!utf8)
			mvaddch(y, x + i, (chtype)('0' + level));
		else {
			wchar_t wc[2] = { eighths[level], L'\0' };

			mvaddwstr(y, x + i, wc);
		}
	}
	attrset(A_NORMAL);
}

/* One panel: a title and up to h - 1 rows of (text, figure). */
static void
panel_row(int y, int x, int w, const char *text, const char *fig, attr_t a)
{
	int fw = tui_width(fig) + 1;

	/* text, a blank, the figure flush right, a blank before the next panel */
	tui_cell(y, x, w - fw - 1, text, a);
	tui_cell(y, x + w - fw - 1, 1, "", tui_attr(TUI_C_NORMAL));
	tui_cell_right(y, x + w - fw, fw - 1, fig, a);
	tui_cell(y, x + w - 1, 1, "", tui_attr(TUI_C_NORMAL));
}

void
tui_dash_alerts_draw(struct tui *t, const struct tui_dash_alerts *da, int y,
    int h)
{
	int pw = t->cols / 3, x;
	char title[128], fig[64];

	for (int r = 0; r < h; r++)
		tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	/* Notable detections. */
	snprintf(title, sizeof title, _("Notable (score %.0f or more)"),
	    da->notable_at);
	tui_cell(y, 0, pw - 1, title, tui_attr(TUI_C_TITLE));
	for (int i = 0; i < da->nnotable && i < h - 1; i++) {
		snprintf(fig, sizeof fig, "%.0f", da->notable[i].score);
		panel_row(y + 1 + i, 0, pw - 1, da->notable[i].signature, fig,
		    tui_attr(da->notable[i].score >= 90 ? TUI_C_URGENT :
		    TUI_C_HIGH));
	}
	if (da->nnotable == 0 && h > 1)
		tui_cell(y + 1, 0, pw - 1, _("(none)"), tui_attr(TUI_C_DIM));
	/* Mail attacks: distinct recipients per department. */
	x = pw;
	tui_cell(y, x, pw - 1, _("Mail-attack recipients"),
	    tui_attr(TUI_C_TITLE));
	for (int i = 0; i < da->nmail && i < h - 1; i++) {
		snprintf(fig, sizeof fig, "%ld", da->mail[i].n);
		panel_row(y + 1 + i, x, pw - 1, da->mail[i].department[0] != '\0' ?
		    da->mail[i].department : _("(unknown)"), fig,
		    tui_attr(TUI_C_NORMAL));
	}
	if (da->nmail == 0 && h > 1)
		tui_cell(y + 1, x, pw - 1, _("(none)"), tui_attr(TUI_C_DIM));
	/* Beacons: the top pairs. */
	x = 2 * pw;
	tui_cell(y, x, t->cols - x, da->beacons_pending ? _("Beacons (...)") :
	    _("Beacons (b: make an alert group)"), tui_attr(TUI_C_TITLE));
	for (size_t i = 0; i < da->npairs && (int)i < h - 1; i++) {
		const struct cb_beacon_pair *p = &da->pairs[i];
		char pair[128];

		snprintf(pair, sizeof pair, "%s>%s", p->src, p->dst);
		snprintf(fig, sizeof fig, "%.2f", p->b.score);
		panel_row(y + 1 + (int)i, x, t->cols - x, pair, fig,
		    tui_attr(TUI_C_HIGH));
	}
	if (!da->beacons_pending && da->npairs == 0 && h > 1)
		tui_cell(y + 1, x, t->cols - x, _("(none)"),
		    tui_attr(TUI_C_DIM));
}
