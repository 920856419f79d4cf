/*
 * Statistics over five incidents whose figures are worked out by hand
 * below (nearest-rank percentiles, minutes from the earlier of detected
 * and received).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/stats.h"

#define DEC	((time_t)1764547200)	/* 2025-12-01T00:00:00Z */
#define JAN	((time_t)1768003200)	/* 2026-01-10T00:00:00Z */
#define M	60

static const char *const cls_a[] = { "intrusion" };
static const char *const cls_b[] = { "malware", "targeted", "malware" };
static const char *const cls_c[] = { "malware" };
static const char *const cls_d[] = { "scan" };

static struct cb_stats_incident incs[5];

static void
set(struct cb_stats_incident *inc, enum cb_moment m, time_t at)
{
	inc->known[m] = true;
	inc->at[m] = at;
}

/*
 *      start         triage  contain  recover  close   reopened
 *   A  detected -10  15      18       110      210     0
 *   B  received      20      38       2900     -       1
 *   C  received (*)  60      -        600      1000    2
 *   D  received      3       -        -        10      0
 *   E  received      0 (**)  -        -        30      0
 *
 *   (*) detected 1 minute after received: the earlier counts
 *   (**) triaged 5 minutes before received: counts as 0
 */
static int
setup(void **state)
{
	struct cb_stats_incident *a = &incs[0], *b = &incs[1], *c = &incs[2],
	    *d = &incs[3], *e = &incs[4];
	time_t t;

	(void)state;
	memset(incs, 0, sizeof incs);

	*a = (struct cb_stats_incident){ cls_a, 1, "工学院", "alert",
	    "immediate", { false }, { 0 }, 0 };
	set(a, CB_MOMENT_RECEIVED, DEC);
	set(a, CB_MOMENT_DETECTED, DEC - 10 * M);
	set(a, CB_MOMENT_TRIAGED, DEC + 5 * M);
	set(a, CB_MOMENT_CONTAINED, DEC + 8 * M);
	set(a, CB_MOMENT_RECOVERED, DEC + 100 * M);
	set(a, CB_MOMENT_CLOSED, DEC + 200 * M);

	*b = (struct cb_stats_incident){ cls_b, 3, "生命理工学院", "alert",
	    "high", { false }, { 0 }, 1 };
	set(b, CB_MOMENT_RECEIVED, JAN);
	set(b, CB_MOMENT_TRIAGED, JAN + 20 * M);
	set(b, CB_MOMENT_CONTAINED, JAN + 38 * M);
	set(b, CB_MOMENT_RECOVERED, JAN + 2900 * M);

	t = DEC + 3 * 86400;
	*c = (struct cb_stats_incident){ cls_c, 1, "工学院", "external_report",
	    "high", { false }, { 0 }, 2 };
	set(c, CB_MOMENT_RECEIVED, t);
	set(c, CB_MOMENT_DETECTED, t + 1 * M);
	set(c, CB_MOMENT_TRIAGED, t + 60 * M);
	set(c, CB_MOMENT_RECOVERED, t + 600 * M);
	set(c, CB_MOMENT_CLOSED, t + 1000 * M);

	t = JAN + 86400;
	*d = (struct cb_stats_incident){ cls_d, 1, "", NULL, "low",
	    { false }, { 0 }, 0 };
	set(d, CB_MOMENT_RECEIVED, t);
	set(d, CB_MOMENT_TRIAGED, t + 3 * M);
	set(d, CB_MOMENT_CLOSED, t + 10 * M);

	t = DEC + 5 * 86400;
	*e = (struct cb_stats_incident){ cls_c, 1, "工学院", "alert", "normal",
	    { false }, { 0 }, 0 };
	set(e, CB_MOMENT_RECEIVED, t);
	set(e, CB_MOMENT_TRIAGED, t - 5 * M);
	set(e, CB_MOMENT_CLOSED, t + 30 * M);
	return 0;
}

static void
fig(const struct cb_stats_group *g, enum cb_stats_measure m, size_t n,
    long long median_min, long long p90_min)
{
	assert_int_equal(g->fig[m].n, n);
	assert_int_equal(g->fig[m].median, median_min * M);
	assert_int_equal(g->fig[m].p90, p90_min * M);
}

static void
test_percentile(void **state)
{
	long long ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	long long four[] = { 3, 1, 2, 4 };
	long long one[] = { 42 };

	(void)state;
	assert_int_equal(cb_stats_percentile(ten, 10, 50), 5);
	assert_int_equal(cb_stats_percentile(ten, 10, 90), 9);
	assert_int_equal(cb_stats_percentile(ten, 10, 91), 10);
	assert_int_equal(cb_stats_percentile(ten, 10, 100), 10);
	assert_int_equal(cb_stats_percentile(ten, 10, 1), 1);
	/* Even n: the lower middle value, not their mean (2.5). */
	assert_int_equal(cb_stats_percentile(four, 4, 50), 2);
	assert_int_equal(cb_stats_percentile(four, 4, 90), 4);
	assert_int_equal(cb_stats_percentile(one, 1, 50), 42);
	assert_int_equal(cb_stats_percentile(one, 1, 90), 42);
	assert_int_equal(cb_stats_percentile(NULL, 0, 50), 0);
}

static void
test_all(void **state)
{
	struct cb_stats st;
	const struct cb_stats_group *g;

	(void)state;
	cb_stats_compute(incs, 5, CB_STATS_ALL, &st);
	assert_int_equal(st.ngroups, 1);
	g = &st.groups[0];
	assert_string_equal(g->key, "");
	assert_int_equal(g->count, 5);
	assert_int_equal(g->reopened, 2);
	assert_int_equal(g->reopenings, 3);
	fig(g, CB_STATS_TO_TRIAGE, 5, 15, 60);	/* 0 3 15 20 60 */
	fig(g, CB_STATS_TO_CONTAINMENT, 2, 18, 38);
	fig(g, CB_STATS_TO_RECOVERY, 3, 600, 2900);	/* 110 600 2900 */
	fig(g, CB_STATS_TO_CLOSE, 4, 30, 1000);	/* 10 30 210 1000 */
	cb_stats_free(&st);

	/* No incident: one empty group, figures 0. */
	cb_stats_compute(NULL, 0, CB_STATS_ALL, &st);
	assert_int_equal(st.ngroups, 1);
	assert_int_equal(st.groups[0].count, 0);
	fig(&st.groups[0], CB_STATS_TO_CLOSE, 0, 0, 0);
	cb_stats_free(&st);
	cb_stats_compute(NULL, 0, CB_STATS_CLASS, &st);
	assert_int_equal(st.ngroups, 0);
	cb_stats_free(&st);
}

static void
test_by_class(void **state)
{
	struct cb_stats st;

	(void)state;
	cb_stats_compute(incs, 5, CB_STATS_CLASS, &st);
	assert_int_equal(st.ngroups, 4);
	assert_string_equal(st.groups[0].key, "intrusion");
	assert_string_equal(st.groups[1].key, "malware");
	assert_string_equal(st.groups[2].key, "scan");
	assert_string_equal(st.groups[3].key, "targeted");
	/* B lists malware twice and counts once. */
	assert_int_equal(st.groups[1].count, 3);
	assert_int_equal(st.groups[1].reopened, 2);
	fig(&st.groups[1], CB_STATS_TO_TRIAGE, 3, 20, 60);	/* 0 20 60 */
	fig(&st.groups[1], CB_STATS_TO_CONTAINMENT, 1, 38, 38);
	fig(&st.groups[1], CB_STATS_TO_CLOSE, 2, 30, 1000);
	assert_int_equal(st.groups[3].count, 1);
	fig(&st.groups[3], CB_STATS_TO_RECOVERY, 1, 2900, 2900);
	fig(&st.groups[3], CB_STATS_TO_CLOSE, 0, 0, 0);
	fig(&st.groups[0], CB_STATS_TO_TRIAGE, 1, 15, 15);
	cb_stats_free(&st);
}

static void
test_by_other_keys(void **state)
{
	struct cb_stats st;
	enum cb_stats_by by;

	(void)state;
	cb_stats_compute(incs, 5, CB_STATS_MONTH, &st);
	assert_int_equal(st.ngroups, 2);
	assert_string_equal(st.groups[0].key, "2025-12");
	assert_int_equal(st.groups[0].count, 3);
	assert_string_equal(st.groups[1].key, "2026-01");
	fig(&st.groups[1], CB_STATS_TO_TRIAGE, 2, 3, 20);
	cb_stats_free(&st);

	cb_stats_compute(incs, 5, CB_STATS_SOURCE, &st);
	assert_int_equal(st.ngroups, 3);
	assert_string_equal(st.groups[0].key, "");	/* D: no source */
	assert_string_equal(st.groups[1].key, "alert");
	assert_int_equal(st.groups[1].count, 3);
	fig(&st.groups[1], CB_STATS_TO_TRIAGE, 3, 15, 20);	/* 0 15 20 */
	assert_string_equal(st.groups[2].key, "external_report");
	cb_stats_free(&st);

	cb_stats_compute(incs, 5, CB_STATS_DEPARTMENT, &st);
	assert_int_equal(st.ngroups, 3);
	assert_string_equal(st.groups[0].key, "");
	assert_string_equal(st.groups[1].key, "工学院");
	assert_int_equal(st.groups[1].count, 3);
	assert_int_equal(st.groups[1].reopenings, 2);
	assert_string_equal(st.groups[2].key, "生命理工学院");
	cb_stats_free(&st);

	cb_stats_compute(incs, 5, CB_STATS_URGENCY, &st);
	assert_int_equal(st.ngroups, 4);
	assert_string_equal(st.groups[0].key, "high");
	assert_int_equal(st.groups[0].count, 2);
	fig(&st.groups[0], CB_STATS_TO_RECOVERY, 2, 600, 2900);
	assert_string_equal(st.groups[1].key, "immediate");
	assert_string_equal(st.groups[2].key, "low");
	assert_string_equal(st.groups[3].key, "normal");
	cb_stats_free(&st);

	assert_true(cb_stats_by_parse("department", &by));
	assert_int_equal(by, CB_STATS_DEPARTMENT);
	assert_false(cb_stats_by_parse("Department", &by));
	assert_false(cb_stats_by_parse("", &by));
}

/* Without detected or received there is no start: counted, no figure. */
static void
test_no_start(void **state)
{
	struct cb_stats_incident x = { cls_a, 1, "", NULL, "normal",
	    { false }, { 0 }, 0 };
	struct cb_stats st;

	(void)state;
	set(&x, CB_MOMENT_TRIAGED, DEC);
	set(&x, CB_MOMENT_CLOSED, DEC + 60);
	cb_stats_compute(&x, 1, CB_STATS_MONTH, &st);
	assert_int_equal(st.ngroups, 1);
	assert_string_equal(st.groups[0].key, "");
	assert_int_equal(st.groups[0].count, 1);
	fig(&st.groups[0], CB_STATS_TO_TRIAGE, 0, 0, 0);
	fig(&st.groups[0], CB_STATS_TO_CLOSE, 0, 0, 0);
	cb_stats_free(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_by_class),
		cmocka_unit_test(test_by_other_keys),
		cmocka_unit_test(test_no_start),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
