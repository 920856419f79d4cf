/*
 * The beacon score: hand-computed values on small inputs (the working is
 * in the comments), a jittered 60 s beacon scoring high, a person's
 * browsing scoring low, and the pairs that cannot be scored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alert.h"
#include "core/beacon.h"

#define DAY 86400

static void
assert_near(double got, double want)
{
	if (got < want - 1e-9 || got > want + 1e-9)
		fail_msg("got %.6f, want %.6f", got, want);
}

/* A small generator of our own, so that the figures are the same everywhere. */
static uint64_t seed = 88172645463325252ULL;

static uint64_t
next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Uniform in [0, 1). */
static double
uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static void
test_stat_score(void **state)
{
	/*
	 * n = 5: Q1 = median(10, 20) = 15, Q2 = 30, Q3 = median(60, 100) =
	 * 80; Q3 - Q1 = 65 >= 10, so skew = (15 + 80 - 60) / 65 = 0.538462,
	 * skew score 0.461538.  |x - 30| = 0 10 20 30 70: MAD 20, MAD score
	 * (30 - 20) / 30 = 0.333333.  Mean 0.397436: 0.397.
	 */
	const double odd[] = { 10, 20, 30, 60, 100 };
	/*
	 * n = 6: Q1 = median(2, 4, 30) = 4, Q2 = (30 + 40) / 2 = 35, Q3 =
	 * median(40, 50, 70) = 50; skew = (4 + 50 - 70) / 46 = -0.347826,
	 * score 0.652174.  |x - 35| = 5 5 15 31 33 35: MAD 23, score
	 * 12 / 35 = 0.342857.  Mean 0.497516: 0.498.
	 */
	const double even[] = { 2, 4, 30, 40, 50, 70 };
	/*
	 * Q1 = 60, Q2 = 60.5, Q3 = 63: Q3 - Q1 = 3 < 10, no skew (1);
	 * |x - 60.5| = 0.5 0.5 0.5 4.5: MAD 0.5, score 60 / 60.5 = 0.991736;
	 * mean 0.995868: 0.996.
	 */
	const double narrow[] = { 60, 60, 61, 65 };
	/* The median below 1: the MAD score is the default. */
	const double zeros[] = { 0, 0, 0, 1 };
	/* Q2 = Q1: no skew. |x - 10| = 0 0 0 90 990: MAD 0, score 1. */
	const double tied[] = { 10, 10, 10, 100, 1000 };

	(void)state;
	assert_near(cb_beacon_stat_score(odd, 5, 1), 0.397);
	assert_near(cb_beacon_stat_score(even, 6, 1), 0.498);
	assert_near(cb_beacon_stat_score(narrow, 4, 1), 0.996);
	assert_near(cb_beacon_stat_score(zeros, 4, 0), 0.5);
	assert_near(cb_beacon_stat_score(zeros, 4, 1), 1);
	assert_near(cb_beacon_stat_score(tied, 5, 1), 1);
}

/*
 * Nine connections in hours 0-5 of a day: 2, 1, 2, 1, 2, 1 an hour
 * (0, 60 | 3600 | 7200, 7260 | 10800 | 14400, 14460 | 18000), sizes
 * 100 to 900.
 *
 * Timestamp: intervals 60 60 60 3540 3540 3540 3600 3600: Q1 = 60,
 * Q2 = 3540, Q3 = 3570, skew = (60 + 3570 - 7080) / 3510 = -0.982906,
 * score 0.017094; |d - 3540| = 0 0 0 60 60 3480 3480 3480, MAD 60,
 * score 3480 / 3540 = 0.983051; mean 0.500073: 0.5.
 * Data size: Q1 = 250, Q2 = 500, Q3 = 750: skew 0, score 1; |b - 500|
 * has median 200, score 0.6; mean 0.8.
 * Histogram (hourly bins over the day): 2 1 2 1 2 1 and 18 empty: mean
 * 0.375, sd 0.695971, cv 1.86 > 1: 0; 6 bars < 11: no two-mode fit; 0.
 * Duration: 6 bars; coverage 18000 / 86400 = 0.208334 up to 0.209,
 * consistency 6 / 12 = 0.5: 0.5.
 * Score: (0.5 + 0.8 + 0.5 + 0) / 4 = 0.45.
 */
static const int64_t small_ts[] = { 0, 60, 3600, 7200, 7260, 10800, 14400,
	14460, 18000 };
static const int64_t small_bytes[] = { 500, 100, 900, 200, 800, 300, 700,
	400, 600 };

static void
test_small(void **state)
{
	struct cb_beacon b;

	(void)state;
	assert_true(cb_beacon_score(small_ts, small_bytes, 9, 0, DAY, &b));
	assert_near(b.ts_score, 0.5);
	assert_near(b.ds_score, 0.8);
	assert_near(b.hist_score, 0);
	assert_near(b.dur_score, 0.5);
	assert_near(b.score, 0.45);
	assert_int_equal(b.connections, 9);
	assert_int_equal(b.first, 0);
	assert_int_equal(b.last, 18000);
}

/*
 * The same connections over a data set of 20000 s: bins of 833.3 s, the
 * bars at bins 0, 4, 8, 12, 17, 21 (2 1 2 1 2 1: the histogram score is
 * still 0), the longest run of bars 1; coverage 18000 / 20000 = 0.9,
 * consistency 1 / 12 = 0.084: duration 0.9.  Score (0.5 + 0.8 + 0.9 +
 * 0) / 4 = 0.55.  The order of the input does not matter.
 */
static void
test_small_span(void **state)
{
	int64_t ts[9], bytes[9];
	struct cb_beacon b;

	(void)state;
	for (int i = 0; i < 9; i++) {
		ts[i] = small_ts[8 - i];
		bytes[i] = small_bytes[8 - i];
	}
	assert_true(cb_beacon_score(ts, bytes, 9, 0, 20000, &b));
	assert_near(b.ts_score, 0.5);
	assert_near(b.hist_score, 0);
	assert_near(b.dur_score, 0.9);
	assert_near(b.score, 0.55);
	/* The arrays are not changed. */
	assert_int_equal(ts[0], 18000);
	assert_int_equal(bytes[0], 600);
}

/*
 * One connection at the start of each of 12 hours, 500 bytes each:
 * intervals all 3600 and sizes all 500 (1 and 1); histogram 12 bars of
 * 1: cv exactly 1 gives 0, but 12 bars >= 11 fit one mode: 12 / (12 - 1)
 * capped at 1; duration: a run of 12 hours, 12 / 12 = 1.  Score 1.
 */
static void
test_hourly(void **state)
{
	int64_t ts[12], bytes[12];
	struct cb_beacon b;

	(void)state;
	for (int i = 0; i < 12; i++) {
		ts[i] = i * 3600;
		bytes[i] = 500;
	}
	assert_true(cb_beacon_score(ts, bytes, 12, 0, DAY, &b));
	assert_near(b.ts_score, 1);
	assert_near(b.ds_score, 1);
	assert_near(b.hist_score, 1);
	assert_near(b.dur_score, 1);
	assert_near(b.score, 1);
}

/* Malware calling home every 60 s +- 5 s for a day, 300 +- 8 bytes. */
static void
test_beacon_high(void **state)
{
	int64_t *ts = malloc(2000 * sizeof *ts), *bytes = malloc(2000 *
	    sizeof *bytes), t = 30;
	struct cb_beacon b;
	size_t n = 0;

	(void)state;
	while (t < DAY && n < 2000) {
		ts[n] = t;
		bytes[n] = 292 + (int64_t)(uniform() * 17);
		n++;
		t += 55 + (int64_t)(uniform() * 11);
	}
	assert_true(cb_beacon_score(ts, bytes, n, 0, DAY, &b));
	assert_true(b.ts_score > 0.9);
	assert_true(b.ds_score > 0.9);
	assert_true(b.hist_score > 0.9);
	assert_true(b.dur_score > 0.99);
	if (b.score < 0.9)
		fail_msg("a 60 s beacon scored %.3f", b.score);
	free(ts);
	free(bytes);
}

/*
 * A person browsing from 9:00 to 18:00: bursts of a few requests seconds
 * apart, minutes to an hour between bursts, page sizes from 200 bytes
 * to 2 MB.
 */
static void
test_browsing_low(void **state)
{
	int64_t ts[400], bytes[400], t = 9 * 3600;
	struct cb_beacon b;
	size_t n = 0;
	int burst;

	(void)state;
	while (t < 18 * 3600 && n < 400) {
		burst = 1 + (int)(uniform() * 8);
		for (int i = 0; i < burst && n < 400; i++) {
			ts[n] = t;
			bytes[n] = 200 + (int64_t)(uniform() * uniform() *
			    uniform() * 2000000);
			n++;
			t += 1 + (int64_t)(uniform() * 5);
		}
		t += 60 + (int64_t)(uniform() * uniform() * 3600);
	}
	assert_true(cb_beacon_score(ts, bytes, n, 0, DAY, &b));
	if (b.score >= 0.5)
		fail_msg("browsing scored %.3f (ts %.3f ds %.3f hist %.3f dur "
		    "%.3f)", b.score, b.ts_score, b.ds_score, b.hist_score,
		    b.dur_score);
	/* Its sizes and hours are nothing like a beacon's. */
	assert_true(b.ds_score < 0.5);
	assert_true(b.hist_score < 0.5);
}

/*
 * Connections at uniformly random times all day, random sizes: RITA's
 * formula gives full duration and a fair histogram score to anything
 * present all day, so such traffic lands in its lowest band (0.5-0.75),
 * below a beacon's 0.9; the timestamp score is what tells them apart.
 */
static void
test_random_all_day(void **state)
{
	int64_t ts[300], bytes[300];
	struct cb_beacon b;

	(void)state;
	for (int i = 0; i < 300; i++) {
		ts[i] = (int64_t)(uniform() * DAY);
		bytes[i] = 100 + (int64_t)(uniform() * 100000);
	}
	assert_true(cb_beacon_score(ts, bytes, 300, 0, DAY, &b));
	if (b.score >= 0.75 || b.ts_score >= 0.6)
		fail_msg("random traffic scored %.3f (ts %.3f)", b.score,
		    b.ts_score);
	assert_true(b.dur_score > 0.9);
}

static void
test_not_scored(void **state)
{
	const int64_t three[] = { 0, 60, 120 }, same[] = { 5, 5, 5, 60, 120 };
	const int64_t four[] = { 0, 60, 120, 180 }, bytes[] = { 1, 1, 1, 1, 1 };
	struct cb_beacon b;

	(void)state;
	assert_false(cb_beacon_score(three, bytes, 3, 0, DAY, &b));
	/* Five connections but two non-zero intervals. */
	assert_false(cb_beacon_score(same, bytes, 5, 0, DAY, &b));
	assert_int_equal(b.connections, 0);
	assert_true(cb_beacon_score(four, bytes, 4, 0, DAY, &b));
	/* An empty data span. */
	assert_false(cb_beacon_score(four, bytes, 4, 100, 100, &b));
	assert_false(cb_beacon_score(four, bytes, 4, 100, 0, &b));
}

static void
add_flow(struct cb_flow *f, const char *src, const char *dst, int64_t t,
    int64_t bytes)
{
	memset(f, 0, sizeof *f);
	snprintf(f->src, sizeof f->src, "%s", src);
	snprintf(f->dst, sizeof f->dst, "%s", dst);
	f->src_port = f->dst_port = -1;
	f->start = t;
	f->bytes_out = bytes;
}

/*
 * Pairs from flows: a beacon, the hourly pair of test_hourly, a pair of
 * three connections (not scored), given in one shuffled list; the span
 * is the flows' own.
 */
static void
test_pairs(void **state)
{
	struct cb_flow *f = calloc(2000, sizeof *f);
	struct cb_beacon_pair *p;
	size_t n = 0, np;

	(void)state;
	add_flow(&f[n++], "10.0.0.9", "192.0.2.1", 0, 10);	/* sets the span */
	add_flow(&f[n++], "10.0.0.9", "192.0.2.1", DAY, 10);
	for (int64_t t = 30; t < DAY; t += 55 + (int64_t)(uniform() * 11))
		add_flow(&f[n++], "10.20.30.40", "198.51.100.20", t,
		    292 + (int64_t)(uniform() * 17));
	for (int i = 0; i < 12; i++)
		add_flow(&f[n++], "10.1.1.1", "203.0.113.5", i * 3600, 500);
	add_flow(&f[n++], "10.2.2.2", "203.0.113.6", 5, 1);
	add_flow(&f[n++], "10.2.2.2", "203.0.113.6", 65, 1);
	add_flow(&f[n++], "10.2.2.2", "203.0.113.6", 125, 1);
	assert_true(n < 2000);
	/* Shuffled: the order of the records does not matter. */
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)(uniform() * (i + 1));
		struct cb_flow t = f[i];

		f[i] = f[j];
		f[j] = t;
	}
	np = cb_beacon_pairs(f, n, &p);
	assert_int_equal(np, 2);
	assert_string_equal(p[0].src, "10.1.1.1");	/* 1.0 */
	assert_near(p[0].b.score, 1);
	assert_string_equal(p[1].src, "10.20.30.40");
	assert_string_equal(p[1].dst, "198.51.100.20");
	assert_true(p[1].b.score > 0.9);
	assert_true(p[1].b.connections > 1300);
	free(p);
	assert_int_equal(cb_beacon_pairs(f, 3, &p), 0);
	assert_null(p);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_score),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_small_span),
		cmocka_unit_test(test_hourly),
		cmocka_unit_test(test_beacon_high),
		cmocka_unit_test(test_browsing_low),
		cmocka_unit_test(test_random_all_day),
		cmocka_unit_test(test_not_scored),
		cmocka_unit_test(test_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
