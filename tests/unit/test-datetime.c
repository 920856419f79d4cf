/*
 * Dates and times as people write them (core/datetime.c): every form
 * accepted, in Tokyo and in a zone with summer time, against a fixed
 * now; the forms refused, with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/datetime.h"

/* 2026-12-02T03:00:00Z: 12:00 on 2 December in Tokyo. */
#define NOW ((time_t)1796180400)

static void
tokyo(void)
{
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
}

static void
accepted(const char *in, const char *want)
{
	char out[CB_TIME_MAX] = "";
	time_t when = 0;

	if (!cb_datetime_parse(in, NOW, &when, out))
		fail_msg("'%s' was refused; expected %s", in, want);
	if (strcmp(out, want) != 0)
		fail_msg("'%s' gave %s; expected %s", in, out, want);
}

static void
refused(const char *in)
{
	char out[CB_TIME_MAX] = "untouched";
	time_t when = 42;

	if (cb_datetime_parse(in, NOW, &when, out))
		fail_msg("'%s' was accepted as %s", in, out);
	assert_string_equal(out, "untouched");
	assert_int_equal(when, 42);
}

static void
test_iso(void **state)
{
	(void)state;
	tokyo();
	accepted("2026-12-01T15:00+09:00", "2026-12-01T15:00:00+09:00");
	accepted("2026-12-01T06:00Z", "2026-12-01T06:00:00+00:00");
	accepted("2026-12-01T06:00:30-05:00", "2026-12-01T06:00:30-05:00");
	accepted("2026-12-01 15:00", "2026-12-01T15:00:00+09:00");
	accepted("2026-12-01T15:00", "2026-12-01T15:00:00+09:00");
	accepted("  2026-12-01   15:00 ", "2026-12-01T15:00:00+09:00");
}

static void
test_slashes(void **state)
{
	(void)state;
	tokyo();
	accepted("2026/12/01 15:00", "2026-12-01T15:00:00+09:00");
	accepted("2026/12/1 9:05", "2026-12-01T09:05:00+09:00");
	/* This year, of now. */
	accepted("12/1 15:00", "2026-12-01T15:00:00+09:00");
	accepted("1/5 08:30", "2026-01-05T08:30:00+09:00");
}

static void
test_japanese(void **state)
{
	(void)state;
	tokyo();
	accepted("2026年12月1日 15時30分", "2026-12-01T15:30:00+09:00");
	accepted("2026年12月1日15時30分", "2026-12-01T15:30:00+09:00");
	accepted("2026年12月1日 15:30", "2026-12-01T15:30:00+09:00");
	accepted("12月1日 15時", "2026-12-01T15:00:00+09:00");
	accepted("12月1日 15時5分", "2026-12-01T15:05:00+09:00");
	/* Full-width digits and colon, a full-width space. */
	accepted("２０２６年１２月１日　１５：３０", "2026-12-01T15:30:00+09:00");
	accepted("１２／１ １５：００", "2026-12-01T15:00:00+09:00");
}

static void
test_relative(void **state)
{
	(void)state;
	tokyo();
	accepted("今日 15:00", "2026-12-02T15:00:00+09:00");
	accepted("今日15時", "2026-12-02T15:00:00+09:00");
	accepted("昨日 10:42", "2026-12-01T10:42:00+09:00");
	accepted("today 15:00", "2026-12-02T15:00:00+09:00");
	accepted("yesterday 10:42", "2026-12-01T10:42:00+09:00");
	accepted("now", "2026-12-02T12:00:00+09:00");
	accepted("今", "2026-12-02T12:00:00+09:00");
}

/* Just after midnight in Tokyo, "yesterday" is Tokyo's, not UTC's. */
static void
test_relative_local_day(void **state)
{
	char out[CB_TIME_MAX];
	time_t when;

	(void)state;
	tokyo();
	/* 2026-12-01T15:30Z is 00:30 on 2 December in Tokyo. */
	assert_true(cb_datetime_parse("昨日 23:00", (time_t)1796139000, &when,
	    out));
	assert_string_equal(out, "2026-12-01T23:00:00+09:00");
}

/* The offset is the one the zone had on that day. */
static void
test_summer_time(void **state)
{
	char out[CB_TIME_MAX];
	time_t when;

	(void)state;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	assert_true(cb_datetime_parse("2026/07/01 12:00", NOW, &when, out));
	assert_string_equal(out, "2026-07-01T12:00:00+02:00");
	assert_true(cb_datetime_parse("2026/12/01 12:00", NOW, &when, out));
	assert_string_equal(out, "2026-12-01T12:00:00+01:00");
	assert_int_equal(when, (time_t)1796122800);
}

static void
test_refused(void **state)
{
	(void)state;
	tokyo();
	refused("");
	refused("last tuesday");
	refused("tomorrow-ish");
	refused("2026-12-01");			/* no time */
	refused("12月1日");			/* no time */
	refused("2026/02/30 10:00");		/* no such day */
	refused("2月30日 10時");
	refused("2026-13-01 10:00");
	refused("2026-12-01 24:00");
	refused("2026-12-01 15:60");
	refused("2026-12-01 15:0");
	refused("12-01 15:00");			/* M-D is not a form */
	refused("26/12/01 15:00");		/* two-digit years */
	refused("2026-12-01 15:00 extra");
	refused("2026-12-01T15:00+15:00");	/* no such zone */
	refused("15:00");			/* which day? */
	refused("12月1日 15時半");
	refused("2026年12月1日 15時30");
	refused("今日");
}

static void
test_period(void **state)
{
	char out[2 * CB_TIME_MAX];
	bool back;

	(void)state;
	tokyo();
	assert_true(cb_period_parse("2026-12-01 09:00/2026-12-01 15:30", NOW,
	    out, &back));
	assert_string_equal(out,
	    "2026-12-01T09:00:00+09:00/2026-12-01T15:30:00+09:00");
	/* Slashes in the dates: the one split where both halves parse. */
	assert_true(cb_period_parse("2026/12/01 09:00/2026/12/01 15:30", NOW,
	    out, &back));
	assert_string_equal(out,
	    "2026-12-01T09:00:00+09:00/2026-12-01T15:30:00+09:00");
	assert_true(cb_period_parse("12月1日 9時〜12月1日 15時", NOW, out,
	    &back));
	assert_string_equal(out,
	    "2026-12-01T09:00:00+09:00/2026-12-01T15:00:00+09:00");
	assert_true(cb_period_parse("昨日 10:00 - 今日 9:00", NOW, out, &back));
	assert_string_equal(out,
	    "2026-12-01T10:00:00+09:00/2026-12-02T09:00:00+09:00");
	assert_false(cb_period_parse("last tuesday", NOW, out, &back));
	assert_false(back);
	assert_false(cb_period_parse("今日 15:00/今日 9:00", NOW, out, &back));
	assert_true(back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_slashes),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_relative_local_day),
		cmocka_unit_test(test_summer_time),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_period),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
