/* The retry rules and coalescing (core/ratelimit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ratelimit.h"

#define NOW 1764660000000LL	/* 2025-12-02T07:20:00Z in ms */

static struct cb_decision
decide(int status, const char *ra, const char *xr, const char *rr,
    const char *body, int failures)
{
	struct cb_http_answer a = { CB_ANSWER_HTTP, status, ra, xr, rr, body,
	    NULL };
	struct cb_backoff b = { 1000, 60000 };
	struct cb_decision d;
	struct cb_rand r;

	cb_rand_seed(&r, 7);
	cb_ratelimit_decide(&a, failures, NOW, &b, &r, &d);
	return d;
}

static void
test_done(void **state)
{
	(void)state;
	assert_int_equal(decide(200, NULL, NULL, NULL, "{}", 1).verdict,
	    CB_VERDICT_DONE);
	assert_int_equal(decide(201, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_DONE);
	assert_int_equal(decide(204, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_DONE);
}

static void
test_429_headers(void **state)
{
	struct cb_decision d;

	(void)state;
	/* Rocket.Chat: absolute ms, no Retry-After. */
	d = decide(429, NULL, "1764660012345", NULL, NULL, 1);
	assert_int_equal(d.verdict, CB_VERDICT_HOLD);
	assert_int_equal(d.at, 1764660012345LL);
	/* Retry-After in seconds wins over the reset headers. */
	d = decide(429, "30", "1764660012345", "1764660100", NULL, 1);
	assert_int_equal(d.at, NOW + 30000);
	/* Retry-After as an HTTP date. */
	d = decide(429, "Tue, 02 Dec 2025 07:21:00 GMT", NULL, NULL, NULL, 1);
	assert_int_equal(d.verdict, CB_VERDICT_HOLD);
	assert_int_equal(d.at, NOW + 60000);
	/* GitLab: RateLimit-Reset in unix seconds. */
	d = decide(429, NULL, NULL, "1764660090", "Retry later", 1);
	assert_int_equal(d.at, 1764660090000LL);
	assert_non_null(strstr(d.reason, "HTTP 429: Retry later"));
	/* An X-RateLimit-Reset in seconds (as GitHub sends) is not taken
	   for a time in 1970. */
	d = decide(429, NULL, "1764660090", NULL, NULL, 1);
	assert_int_equal(d.at, 1764660090000LL);
	/* A reset already past: a second, not a busy loop. */
	d = decide(429, NULL, "1764659000000", NULL, NULL, 1);
	assert_int_equal(d.at, NOW + 1000);
	/* No header at all (older GitLab): the backoff, still a hold. */
	d = decide(429, NULL, NULL, NULL, NULL, 1);
	assert_int_equal(d.verdict, CB_VERDICT_HOLD);
	assert_true(d.at >= NOW + 500 && d.at <= NOW + 1000);
	/* A header that is not a number or date: ignored, backoff. */
	d = decide(429, "soon", "x", NULL, NULL, 3);
	assert_true(d.at >= NOW + 2000 && d.at <= NOW + 4000);
}

static void
test_retry_backoff(void **state)
{
	struct cb_http_answer net = { CB_ANSWER_NETWORK, 0, NULL, NULL, NULL, NULL,
	    "cannot connect to chat.example: Connection refused" };
	struct cb_backoff b = { 1000, 8000 };
	struct cb_decision d;
	struct cb_rand r;
	int64_t prev_max = 0;

	(void)state;
	cb_rand_seed(&r, 1);
	for (int f = 1; f <= 8; f++) {
		int64_t nominal = 1000LL << (f - 1 < 3 ? f - 1 : 3);

		cb_ratelimit_decide(&net, f, NOW, &b, &r, &d);
		assert_int_equal(d.verdict, CB_VERDICT_RETRY);
		assert_true(d.at - NOW >= nominal / 2);
		assert_true(d.at - NOW <= nominal);
		assert_true(nominal >= prev_max);
		prev_max = nominal;
	}
	assert_non_null(strstr(d.reason, "network error: cannot connect"));
	/* 5xx and 408 are retried; a 503's longer Retry-After is kept. */
	assert_int_equal(decide(500, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_RETRY);
	assert_int_equal(decide(408, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_RETRY);
	d = decide(503, "120", NULL, NULL, NULL, 1);
	assert_int_equal(d.verdict, CB_VERDICT_RETRY);
	assert_int_equal(d.at, NOW + 120000);
}

static void
test_jitter_seeded(void **state)
{
	struct cb_rand a, b;
	bool differ = false;

	(void)state;
	cb_rand_seed(&a, 99);
	cb_rand_seed(&b, 99);
	for (int i = 0; i < 10; i++)
		assert_int_equal(cb_backoff_delay(NULL, 4, &a),
		    cb_backoff_delay(NULL, 4, &b));
	/* Different seeds spread the runners out. */
	cb_rand_seed(&a, 1);
	cb_rand_seed(&b, 2);
	for (int i = 0; i < 10; i++)
		differ |= cb_backoff_delay(NULL, 4, &a) !=
		    cb_backoff_delay(NULL, 4, &b);
	assert_true(differ);
}

static void
test_dead(void **state)
{
	struct cb_decision d;
	char big[2000];

	(void)state;
	d = decide(400, NULL, NULL, NULL,
	    "{\"success\":false,\"error\":\"invalid-channel\"}", 1);
	assert_int_equal(d.verdict, CB_VERDICT_DEAD);
	assert_string_equal(d.reason, "HTTP 400: {\"success\":false,"
	    "\"error\":\"invalid-channel\"}");
	assert_int_equal(decide(401, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_DEAD);
	assert_int_equal(decide(404, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_DEAD);
	assert_int_equal(decide(301, NULL, NULL, NULL, NULL, 1).verdict,
	    CB_VERDICT_DEAD);
	/* The server's answer is cut and made plain. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[3] = '\x1b';
	d = decide(422, NULL, NULL, NULL, big, 1);
	assert_null(strchr(d.reason, '\x1b'));
	assert_true(strlen(d.reason) < 400);
	assert_non_null(strstr(d.reason, "..."));
}

static void
test_http_date(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(cb_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT",
	    &ms), 0);
	assert_int_equal(ms, 784111777000LL);
	assert_int_equal(cb_http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT",
	    &ms), 0);
	assert_int_equal(ms, 784111777000LL);
	assert_int_equal(cb_http_date_parse("Sun Nov  6 08:49:37 1994", &ms),
	    0);
	assert_int_equal(ms, 784111777000LL);
	assert_int_equal(cb_http_date_parse("Sun, 06 Nov 1994 08:49:37 JST",
	    &ms), -1);
	assert_int_equal(cb_http_date_parse("Sun, 06 Foo 1994 08:49:37 GMT",
	    &ms), -1);
	assert_int_equal(cb_http_date_parse("120", &ms), -1);
	assert_int_equal(cb_http_date_parse("", &ms), -1);
}

static void
test_coalesce(void **state)
{
	const struct cb_pending q[] = {
		{ 1, "2026-0001" }, { 2, "2026-0002" }, { 3, "2026-0001" },
		{ 4, "" }, { 5, "2026-0003" }, { 6, "2026-0002" },
		{ 7, "2026-0001" }, { 8, NULL },
	};
	size_t group[8], n;

	(void)state;
	/* Room for all: nothing merges. */
	n = cb_ratelimit_coalesce(q, 8, 8, group);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(group[i], i);
	/* Limited: one message per incident, in order of first change. */
	n = cb_ratelimit_coalesce(q, 8, 3, group);
	assert_int_equal(n, 4);
	assert_int_equal(group[0], 0);
	assert_int_equal(group[1], 1);
	assert_int_equal(group[2], 0);
	assert_int_equal(group[3], 2);
	assert_int_equal(group[4], 3);
	assert_int_equal(group[5], 1);
	assert_int_equal(group[6], 0);
	assert_int_equal(group[7], 2);	/* NULL and "" are both none */
	assert_int_equal(cb_ratelimit_coalesce(q, 0, 0, group), 0);
}

/* The backlog of the issue: 10,000 messages over 200 incidents. */
static void
test_coalesce_backlog(void **state)
{
	enum { N = 10000, INCIDENTS = 200 };
	struct cb_pending *q = calloc(N, sizeof *q);
	size_t *group = calloc(N, sizeof *group);
	char (*ids)[16] = calloc(INCIDENTS, sizeof *ids);

	(void)state;
	for (int i = 0; i < INCIDENTS; i++)
		snprintf(ids[i], sizeof ids[i], "2026-%04d", i + 1);
	for (int i = 0; i < N; i++) {
		q[i].id = i;
		q[i].incident = ids[(i * 7919) % INCIDENTS];
	}
	assert_int_equal(cb_ratelimit_coalesce(q, N, 10, group), INCIDENTS);
	free(q);
	free(group);
	free(ids);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_429_headers),
		cmocka_unit_test(test_retry_backoff),
		cmocka_unit_test(test_jitter_seeded),
		cmocka_unit_test(test_dead),
		cmocka_unit_test(test_http_date),
		cmocka_unit_test(test_coalesce),
		cmocka_unit_test(test_coalesce_backlog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
