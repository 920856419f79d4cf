/*
 * Timelines over the demo's NAS intrusion case (core/demo.c) as store/
 * would hand its history over, a case left at triage, a case that goes
 * back and is reopened, and the records that must not establish a
 * moment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/timeline.h"
#include "core/xmalloc.h"

#define T0	((time_t)1764547200)	/* 2025-12-01T00:00:00Z */
#define MIN(m)	(T0 + (time_t)(m) * 60)

static struct cb_playbooks pbs;

static void
print_problem(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "problem: %s\n", msg);
}

static int
load(void **state)
{
	const char *top = getenv("TOP_SRCDIR");
	char *dir = xasprintf("%s/playbooks", top != NULL ? top : ".");
	struct cb_error err;
	enum cb_status s;

	(void)state;
	s = cb_playbooks_load(dir, NULL, &pbs, print_problem, NULL, &err);
	free(dir);
	return s == CB_OK ? 0 : -1;
}

static int
unload(void **state)
{
	(void)state;
	cb_playbooks_free(&pbs);
	return 0;
}

/* A history being built: records and the strings they borrow. */
struct history {
	struct cb_tl_record r[128];
	size_t n;
	char *owned[128];
	size_t nowned;
};

static void
add(struct history *h, int minutes, enum cb_tl_kind kind, const char *key,
    const char *value)
{
	struct cb_tl_record *r = &h->r[h->n++];

	assert_true(h->n <= 128);
	memset(r, 0, sizeof *r);
	r->at = MIN(minutes);
	r->author = "tester";
	r->kind = kind;
	r->key = key;
	r->value = value;
}

static const char *
keep(struct history *h, char *s)
{
	h->owned[h->nowned++] = s;
	return s;
}

static void
history_free(struct history *h)
{
	for (size_t i = 0; i < h->nowned; i++)
		free(h->owned[i]);
}

/*
 * A demo case's history as the record holds it: created at T0, then its
 * changes and answers; a done answer "now" is stored as the time it was
 * given, in the zone +09:00 (as a person in Tokyo's would be).
 */
static void
from_demo(struct history *h, const struct cb_demo_case *c)
{
	memset(h, 0, sizeof *h);
	add(h, 0, CB_TL_CREATED, NULL, NULL);
	for (size_t i = 0; i < c->n_changes; i++)
		add(h, c->changes[i].minutes, CB_TL_FIELD, c->changes[i].field,
		    c->changes[i].value);
	for (size_t i = 0; i < c->n_answers; i++) {
		const struct cb_demo_answer *a = &c->answers[i];
		const char *v = a->value;

		if (v != NULL && strcmp(v, "now") == 0) {
			time_t t = MIN(a->minutes) + 9 * 3600;
			struct tm tm;
			char buf[40];

			gmtime_r(&t, &tm);
			strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+09:00",
			    &tm);
			v = keep(h, xstrdup(buf));
		}
		add(h, a->minutes, v != NULL ? CB_TL_ANSWER : CB_TL_WAIVER,
		    a->item, v);
	}
}

static const struct cb_tl_moment *
moment(const struct cb_timeline *tl, const char *name)
{
	enum cb_moment m = cb_moment_from_name(name);

	assert_int_not_equal(m, CB_MOMENT_COUNT);
	return &tl->moments[m];
}

static void
test_nas_intrusion(void **state)
{
	const struct cb_demo_case *nas = &cb_demo_cases[0];
	struct history h;
	struct cb_timeline tl;
	struct cb_strlist classes = { 0 };
	struct cb_checklist cl;

	(void)state;
	assert_non_null(strstr(nas->title, "NAS"));
	from_demo(&h, nas);
	cb_strlist_add(&classes, "intrusion");
	cb_checklist_compute(&pbs, &classes, NULL, 0, &cl);
	cb_timeline_compute(h.r, h.n, &pbs.graph, &cl, MIN(30000), &tl);

	for (int m = 0; m < CB_MOMENT_COUNT; m++) {
		assert_true(tl.moments[m].known);
		assert_true(tl.moments[m].applies);
	}
	/* No alert: detection is when its source was recorded. */
	assert_int_equal(moment(&tl, "detected")->at, MIN(1));
	assert_string_equal(moment(&tl, "detected")->source->key, "source");
	assert_int_equal(moment(&tl, "received")->at, MIN(0));
	assert_int_equal(moment(&tl, "received")->source->kind,
	    CB_TL_CREATED);
	assert_int_equal(moment(&tl, "triaged")->at, MIN(7));
	assert_string_equal(moment(&tl, "triaged")->item->id, "urgency");
	/* Cut off within minutes of detection: 18. */
	assert_int_equal(moment(&tl, "contained")->at, MIN(19));
	assert_int_equal(moment(&tl, "contained")->at -
	    moment(&tl, "detected")->at, 18 * 60);
	assert_string_equal(moment(&tl, "contained")->source->key,
	    "network_cutoff");
	assert_int_equal(moment(&tl, "cause_known")->at, MIN(2900));
	assert_int_equal(moment(&tl, "recovered")->at, MIN(5800));
	assert_int_equal(moment(&tl, "severity")->at, MIN(10200));
	assert_int_equal(moment(&tl, "report_filed")->at, MIN(19995));
	assert_int_equal(moment(&tl, "closed")->at, MIN(20000));
	assert_string_equal(moment(&tl, "closed")->source->value, "closed");

	/* Phases: each entered once; closed has no duration. */
	assert_int_equal(tl.seconds[CB_PHASE_INTAKE], 4 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_TRIAGE], 15 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_INITIAL], 71 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_HANDLING], 2810 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_RECOVERY], 7300 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_REPORT], 9800 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_CLOSED], 0);
	for (int p = 0; p < CB_PHASE_COUNT; p++)
		assert_int_equal(tl.entered[p], 1);
	assert_int_equal(tl.current, CB_PHASE_CLOSED);
	assert_int_equal(tl.backwards, 0);
	assert_int_equal(tl.reopened, 0);

	/* The same history in another order gives the same timeline. */
	{
		struct cb_tl_record rev[128];
		struct cb_timeline tl2;

		for (size_t i = 0; i < h.n; i++)
			rev[i] = h.r[h.n - 1 - i];
		cb_timeline_compute(rev, h.n, &pbs.graph, &cl, MIN(30000),
		    &tl2);
		for (int m = 0; m < CB_MOMENT_COUNT; m++)
			assert_int_equal(tl2.moments[m].at, tl.moments[m].at);
		for (int p = 0; p < CB_PHASE_COUNT; p++)
			assert_int_equal(tl2.seconds[p], tl.seconds[p]);
	}
	cb_checklist_free(&cl);
	cb_strlist_free(&classes);
	history_free(&h);
}

/* Left at triage: exactly the moments after it are unknown. */
static void
test_left_at_triage(void **state)
{
	static const char *const unknown[] = { "triaged", "contained",
	    "cause_known", "recovered", "severity", "report_filed", "closed" };
	static const char *const items[] = { "urgency", "network_cutoff",
	    "root_cause", "recovery_done", "dept_severity", "report_filed",
	    NULL };
	struct history h;
	struct cb_timeline tl;

	(void)state;
	memset(&h, 0, sizeof h);
	add(&h, 0, CB_TL_CREATED, NULL, NULL);
	add(&h, 1, CB_TL_ANSWER, "source", "external_report");
	add(&h, 2, CB_TL_FIELD, "phase", "triage");
	add(&h, 3, CB_TL_ANSWER, "classification", "intrusion");
	add(&h, 4, CB_TL_WAIVER, "urgency", NULL);	/* establishes nothing */
	cb_timeline_compute(h.r, h.n, &pbs.graph, NULL, MIN(62), &tl);

	assert_true(moment(&tl, "detected")->known);
	assert_true(moment(&tl, "received")->known);
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		const struct cb_tl_moment *mo = moment(&tl, unknown[i]);

		assert_false(mo->known);
		assert_null(mo->source);
		if (items[i] == NULL) {
			assert_null(mo->item_id);
			continue;
		}
		assert_string_equal(mo->item_id, items[i]);
		assert_non_null(mo->item);
		assert_string_equal(mo->item->id, items[i]);
	}
	/* The open phase runs to now. */
	assert_int_equal(tl.current, CB_PHASE_TRIAGE);
	assert_int_equal(tl.seconds[CB_PHASE_INTAKE], 2 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_TRIAGE], 60 * 60);
	assert_int_equal(tl.entered[CB_PHASE_INITIAL], 0);
}

/* A scan playbook has no cut-off: containment will stay unknown. */
static void
test_item_not_applicable(void **state)
{
	struct cb_strlist classes = { 0 };
	struct cb_checklist cl;
	struct cb_timeline tl;
	struct history h;

	(void)state;
	memset(&h, 0, sizeof h);
	add(&h, 0, CB_TL_CREATED, NULL, NULL);
	cb_strlist_add(&classes, "scan");
	cb_checklist_compute(&pbs, &classes, NULL, 0, &cl);
	cb_timeline_compute(h.r, h.n, &pbs.graph, &cl, MIN(1), &tl);
	assert_false(moment(&tl, "contained")->known);
	assert_false(moment(&tl, "contained")->applies);
	assert_true(moment(&tl, "triaged")->applies);
	assert_true(moment(&tl, "closed")->applies);
	cb_checklist_free(&cl);
	cb_strlist_free(&classes);
}

/* Going back sums both spans; reopening forgets the close. */
static void
test_back_and_reopen(void **state)
{
	struct history h;
	struct cb_timeline tl;

	(void)state;
	memset(&h, 0, sizeof h);
	add(&h, 0, CB_TL_CREATED, NULL, NULL);
	add(&h, 10, CB_TL_FIELD, "phase", "triage");
	add(&h, 20, CB_TL_FIELD, "phase", "initial");
	add(&h, 30, CB_TL_FIELD, "phase", "triage");
	add(&h, 50, CB_TL_FIELD, "phase", "initial");
	add(&h, 55, CB_TL_FIELD, "urgency", "high");	/* not a phase */
	add(&h, 60, CB_TL_FIELD, "phase", "closed");
	add(&h, 70, CB_TL_FIELD, "phase", "handling");
	cb_timeline_compute(h.r, h.n, NULL, NULL, MIN(100), &tl);

	assert_int_equal(tl.seconds[CB_PHASE_INTAKE], 10 * 60);
	assert_int_equal(tl.seconds[CB_PHASE_TRIAGE], 30 * 60);
	assert_int_equal(tl.entered[CB_PHASE_TRIAGE], 2);
	assert_int_equal(tl.seconds[CB_PHASE_INITIAL], 20 * 60);
	assert_int_equal(tl.entered[CB_PHASE_INITIAL], 2);
	assert_int_equal(tl.seconds[CB_PHASE_CLOSED], 0);
	assert_int_equal(tl.seconds[CB_PHASE_HANDLING], 30 * 60);
	assert_int_equal(tl.backwards, 2);
	assert_int_equal(tl.reopened, 1);
	assert_int_equal(tl.current, CB_PHASE_HANDLING);
	assert_false(moment(&tl, "closed")->known);
	/* A field change of urgency is not a triage answer. */
	assert_false(moment(&tl, "triaged")->known);

	/* Closed again: known, at the second close. */
	add(&h, 90, CB_TL_FIELD, "phase", "closed");
	cb_timeline_compute(h.r, h.n, NULL, NULL, MIN(100), &tl);
	assert_true(moment(&tl, "closed")->known);
	assert_int_equal(moment(&tl, "closed")->at, MIN(90));
	assert_int_equal(tl.seconds[CB_PHASE_HANDLING], 20 * 60);
}

/*
 * The values that set a moment's time: an alert's event time wins over
 * the source answer even when later; a done value given in another zone;
 * a value that is not a stored instant falls back to the record's time;
 * the first urgency answer is the triage, the latest cut-off counts.
 */
static void
test_times_of_values(void **state)
{
	struct history h;
	struct cb_timeline tl;

	(void)state;
	memset(&h, 0, sizeof h);
	add(&h, 0, CB_TL_CREATED, NULL, NULL);
	add(&h, 1, CB_TL_ANSWER, "source", "alert");
	add(&h, 2, CB_TL_ALERT, NULL, "2025-12-01T00:05:00Z");
	add(&h, 3, CB_TL_ALERT, NULL, "2025-12-01T09:03:00+09:00");
	add(&h, 4, CB_TL_ALERT, NULL, "yesterday");	/* falls back: 4 */
	add(&h, 5, CB_TL_ANSWER, "urgency", "high");
	add(&h, 6, CB_TL_ANSWER, "urgency", "immediate");
	add(&h, 40, CB_TL_ANSWER, "network_cutoff",
	    "2025-12-01T09:20:00+09:00");
	add(&h, 50, CB_TL_ANSWER, "network_cutoff",
	    "2025-11-30T15:25-09:00");			/* corrected: 00:25Z */
	add(&h, 60, CB_TL_ANSWER, "recovery_done", "now");	/* not stored */
	add(&h, 61, CB_TL_ANSWER, "report_filed", "2025-12-01T25:00:00Z");
	cb_timeline_compute(h.r, h.n, &pbs.graph, NULL, MIN(100), &tl);

	assert_int_equal(moment(&tl, "detected")->at, MIN(3));
	assert_int_equal(moment(&tl, "detected")->source->kind, CB_TL_ALERT);
	assert_int_equal(moment(&tl, "triaged")->at, MIN(5));
	assert_string_equal(moment(&tl, "triaged")->source->value, "high");
	assert_int_equal(moment(&tl, "contained")->at, MIN(25));
	assert_int_equal(moment(&tl, "contained")->source->at, MIN(50));
	assert_int_equal(moment(&tl, "recovered")->at, MIN(60));
	assert_int_equal(moment(&tl, "report_filed")->at, MIN(61));
	assert_false(moment(&tl, "cause_known")->known);

	/* No record at all: nothing known, nothing spent. */
	cb_timeline_compute(NULL, 0, &pbs.graph, NULL, MIN(100), &tl);
	for (int m = 0; m < CB_MOMENT_COUNT; m++)
		assert_false(tl.moments[m].known);
	for (int p = 0; p < CB_PHASE_COUNT; p++)
		assert_int_equal(tl.seconds[p], 0);
	assert_int_equal(cb_moment_from_name("nonsense"), CB_MOMENT_COUNT);
}

/*
 * Without a graph (the index's moments) the done items of the moments
 * are still read as times; an answer taken back makes its moment
 * unknown until it is answered again.
 */
static void
test_no_graph_and_withdrawn(void **state)
{
	struct history h;
	struct cb_timeline tl;

	(void)state;
	memset(&h, 0, sizeof h);
	add(&h, 0, CB_TL_CREATED, NULL, NULL);
	add(&h, 5, CB_TL_ANSWER, "urgency", "high");
	add(&h, 40, CB_TL_ANSWER, "network_cutoff", "2025-12-01T00:20:00Z");
	add(&h, 41, CB_TL_ANSWER, "root_cause", "2025-12-01T00:02:00Z");
	cb_timeline_compute(h.r, h.n, NULL, NULL, MIN(100), &tl);
	assert_int_equal(moment(&tl, "contained")->at, MIN(20));
	/* root_cause is text: its value is no time, the record's counts. */
	assert_int_equal(moment(&tl, "cause_known")->at, MIN(41));

	add(&h, 50, CB_TL_WITHDRAWN, "network_cutoff", NULL);
	cb_timeline_compute(h.r, h.n, NULL, NULL, MIN(100), &tl);
	assert_false(moment(&tl, "contained")->known);
	assert_null(moment(&tl, "contained")->source);
	assert_true(moment(&tl, "triaged")->known);

	add(&h, 60, CB_TL_ANSWER, "network_cutoff", "2025-12-01T00:58:00Z");
	cb_timeline_compute(h.r, h.n, &pbs.graph, NULL, MIN(100), &tl);
	assert_int_equal(moment(&tl, "contained")->at, MIN(58));
	assert_int_equal(moment(&tl, "contained")->source->at, MIN(60));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nas_intrusion),
		cmocka_unit_test(test_left_at_triage),
		cmocka_unit_test(test_item_not_applicable),
		cmocka_unit_test(test_back_and_reopen),
		cmocka_unit_test(test_times_of_values),
		cmocka_unit_test(test_no_graph_and_withdrawn),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
