/*
 * Timelines from history (core/timeline.h has the rules).  One pass over
 * the records in time order: each moment remembers the record that
 * established it, and the phase changes are walked as spans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nls.h"
#include "core/timeline.h"
#include "core/xmalloc.h"

const char *const cb_moment_names[CB_MOMENT_COUNT] = {
	[CB_MOMENT_DETECTED] = "detected",
	[CB_MOMENT_RECEIVED] = "received",
	[CB_MOMENT_TRIAGED] = "triaged",
	[CB_MOMENT_CONTAINED] = "contained",
	[CB_MOMENT_CAUSE_KNOWN] = "cause_known",
	[CB_MOMENT_RECOVERED] = "recovered",
	[CB_MOMENT_SEVERITY] = "severity",
	[CB_MOMENT_REPORT_FILED] = "report_filed",
	[CB_MOMENT_CLOSED] = "closed",
};

/*
 * The item establishing each moment, and whether its first answer (not
 * its latest) counts.  detected falls back to 'source' when no alert is
 * known; received and closed are no item's.
 */
static const struct {
	const char *item;
	bool first;
	bool done;	/* a done item in the shipped graph: its value is a
			   time, read so without a graph (the index's) */
} moment_items[CB_MOMENT_COUNT] = {
	[CB_MOMENT_DETECTED] = { "source", true, false },
	[CB_MOMENT_RECEIVED] = { NULL, false, false },
	[CB_MOMENT_TRIAGED] = { "urgency", true, false },
	[CB_MOMENT_CONTAINED] = { "network_cutoff", false, true },
	[CB_MOMENT_CAUSE_KNOWN] = { "root_cause", false, false },
	[CB_MOMENT_RECOVERED] = { "recovery_done", false, true },
	[CB_MOMENT_SEVERITY] = { "dept_severity", false, false },
	[CB_MOMENT_REPORT_FILED] = { "report_filed", false, true },
	[CB_MOMENT_CLOSED] = { NULL, false, false },
};

const char *const cb_moment_words[CB_MOMENT_COUNT] = {
	[CB_MOMENT_DETECTED] = N_("detected"),
	[CB_MOMENT_RECEIVED] = N_("report received"),
	[CB_MOMENT_TRIAGED] = N_("triaged (urgency decided)"),
	[CB_MOMENT_CONTAINED] = N_("contained (cut off)"),
	[CB_MOMENT_CAUSE_KNOWN] = N_("cause known"),
	[CB_MOMENT_RECOVERED] = N_("recovered"),
	[CB_MOMENT_SEVERITY] = N_("severity decided"),
	[CB_MOMENT_REPORT_FILED] = N_("report filed"),
	[CB_MOMENT_CLOSED] = N_("closed"),
};

enum cb_moment
cb_moment_from_name(const char *name)
{
	for (int m = 0; m < CB_MOMENT_COUNT; m++)
		if (strcmp(cb_moment_names[m], name) == 0)
			return (enum cb_moment)m;
	return CB_MOMENT_COUNT;
}

/*
 * An instant in the stored form of a datetime or done answer:
 * YYYY-MM-DDThh:mm[:ss] followed by Z or +hh:mm / -hh:mm.  Only that
 * form: "now" or a bare local time would make up a moment from the
 * reader's clock.
 */
static bool
parse_instant(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec = 0, n = 0, oh, om;
	char sign;
	struct tm tm;
	long off;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5
	    || n != 16)
		return false;
	s += n;
	if (*s == ':') {
		if (sscanf(s, ":%2d%n", &sec, &n) != 1 || n != 3)
			return false;
		s += n;
	}
	if (strcmp(s, "Z") == 0)
		off = 0;
	else {
		if (sscanf(s, "%c%2d:%2d%n", &sign, &oh, &om, &n) != 3 ||
		    n != 6 || s[n] != '\0' || (sign != '+' && sign != '-') ||
		    oh > 23 || om > 59)
			return false;
		off = (oh * 60L + om) * 60L * (sign == '-' ? -1 : 1);
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - off;
	return true;
}

/* Which values are times of their own: done items, and alerts. */
static time_t
record_time(const struct cb_tl_record *r, const struct cb_item *item,
    bool done)
{
	time_t t;

	if (r->value == NULL)
		return r->at;
	if (r->kind == CB_TL_ALERT ||
	    (item != NULL ? item->kind == CB_KIND_DONE : done))
		if (parse_instant(r->value, &t))
			return t;
	return r->at;
}

static const struct cb_item *
graph_item(const struct cb_graph *graph, const char *id)
{
	if (graph == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < graph->nitems; i++)
		if (strcmp(graph->items[i].id, id) == 0)
			return &graph->items[i];
	return NULL;
}

static int
phase_from_name(const char *s)
{
	if (s == NULL)
		return -1;
	for (int p = 0; p < CB_PHASE_COUNT; p++)
		if (strcmp(cb_phase_names[p], s) == 0)
			return p;
	return -1;
}

static void
set_moment(struct cb_tl_moment *m, const struct cb_tl_record *r, time_t at)
{
	m->known = true;
	m->at = at;
	m->source = r;
}

/*
 * Sorting pointers into one array by time, stably: ties keep the order
 * given, which is the order of the pointers themselves.
 */
static int
cmp_order(const void *a, const void *b)
{
	const struct cb_tl_record *x = *(const struct cb_tl_record *const *)a;
	const struct cb_tl_record *y = *(const struct cb_tl_record *const *)b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x < y ? -1 : x > y;
}

void
cb_timeline_compute(const struct cb_tl_record *recs, size_t n,
    const struct cb_graph *graph, const struct cb_checklist *cl, time_t now,
    struct cb_timeline *tl)
{
	const struct cb_tl_record **order = xcalloc(n ? n : 1, sizeof *order);
	const struct cb_tl_record *first_alert = NULL;
	time_t first_alert_at = 0, span_start = 0;
	bool started = false;
	enum cb_phase phase = CB_PHASE_INTAKE;

	memset(tl, 0, sizeof *tl);
	for (int m = 0; m < CB_MOMENT_COUNT; m++) {
		struct cb_tl_moment *mo = &tl->moments[m];

		mo->item_id = moment_items[m].item;
		mo->item = graph_item(graph, mo->item_id);
		mo->applies = true;
		if (cl != NULL && mo->item_id != NULL) {
			const struct cb_checkitem *ci =
			    cb_checklist_find(cl, mo->item_id);

			mo->applies = ci != NULL && ci->state != CB_ITEM_NA;
		}
	}

	for (size_t i = 0; i < n; i++)
		order[i] = &recs[i];
	qsort(order, n, sizeof *order, cmp_order);

	for (size_t k = 0; k < n; k++) {
		const struct cb_tl_record *r = order[k];
		int p;

		if (!started) {
			/* The history starts in intake, at its first record. */
			started = true;
			span_start = r->at;
			tl->entered[CB_PHASE_INTAKE] = 1;
		}
		switch (r->kind) {
		case CB_TL_CREATED:
			if (!tl->moments[CB_MOMENT_RECEIVED].known)
				set_moment(&tl->moments[CB_MOMENT_RECEIVED],
				    r, r->at);
			break;
		case CB_TL_ALERT: {
			time_t t = record_time(r, NULL, false);

			if (first_alert == NULL || t < first_alert_at) {
				first_alert = r;
				first_alert_at = t;
			}
			break;
		}
		case CB_TL_FIELD:
			if (r->key == NULL || strcmp(r->key, "phase") != 0)
				break;
			p = phase_from_name(r->value);
			if (p < 0 || (enum cb_phase)p == phase)
				break;
			if (phase != CB_PHASE_CLOSED)
				tl->seconds[phase] += r->at - span_start;
			if ((enum cb_phase)p < phase)
				tl->backwards++;
			if (phase == CB_PHASE_CLOSED) {
				tl->reopened++;
				tl->moments[CB_MOMENT_CLOSED].known = false;
				tl->moments[CB_MOMENT_CLOSED].source = NULL;
			}
			phase = (enum cb_phase)p;
			tl->entered[phase]++;
			span_start = r->at;
			if (phase == CB_PHASE_CLOSED)
				set_moment(&tl->moments[CB_MOMENT_CLOSED], r,
				    r->at);
			break;
		case CB_TL_ANSWER:
			if (r->key == NULL)
				break;
			for (int m = 0; m < CB_MOMENT_COUNT; m++) {
				struct cb_tl_moment *mo = &tl->moments[m];

				if (mo->item_id == NULL ||
				    strcmp(mo->item_id, r->key) != 0)
					continue;
				if (moment_items[m].first && mo->known)
					continue;
				set_moment(mo, r, record_time(r, mo->item,
				    moment_items[m].done));
			}
			break;
		case CB_TL_WITHDRAWN:
			for (int m = 0; r->key != NULL && m < CB_MOMENT_COUNT;
			    m++) {
				struct cb_tl_moment *mo = &tl->moments[m];

				if (mo->item_id != NULL &&
				    strcmp(mo->item_id, r->key) == 0) {
					mo->known = false;
					mo->source = NULL;
				}
			}
			break;
		case CB_TL_WAIVER:
		case CB_TL_KIND_COUNT:
			break;
		}
	}
	if (started && phase != CB_PHASE_CLOSED && now > span_start)
		tl->seconds[phase] += now - span_start;
	tl->current = phase;

	/* An alert's own time beats the time its detection was recorded. */
	if (first_alert != NULL)
		set_moment(&tl->moments[CB_MOMENT_DETECTED], first_alert,
		    first_alert_at);
	free(order);
}
