/*
 * The words a person reads (core/words.c): ages that cannot be misread,
 * times in the local zone with the zone marked, option labels for
 * values (brief for columns, lists joined, times inside answers local),
 * suggestions in words.  The C locale: the English msgids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/words.h"

/* 2026-11-26T12:00:00Z */
#define NOW 1795694400

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
test_ages(void **state)
{
	char out[32];

	(void)state;
	cb_clock_fix(NOW);
	cb_age_word("2026-11-26T11:54:00Z", out, sizeof out);
	assert_string_equal(out, "6 min");
	cb_age_word("2026-11-26T09:00:00Z", out, sizeof out);
	assert_string_equal(out, "3 h");
	cb_age_word("2026-11-23T12:00:00Z", out, sizeof out);
	assert_string_equal(out, "3 d");
	/* In the future (a skewed clock): no negative age. */
	cb_age_word("2026-11-27T12:00:00Z", out, sizeof out);
	assert_string_equal(out, "0 min");
	cb_age_word("yesterday", out, sizeof out);
	assert_string_equal(out, "?");
	cb_clock_fix(0);
}

static void
test_local_times(void **state)
{
	char out[CB_LOCAL_TIME_MAX];

	(void)state;
	zone("Asia/Tokyo");
	cb_local_time("2026-11-26T12:00:00Z", out, sizeof out);
	assert_string_equal(out, "2026-11-26 21:00 JST");
	assert_int_equal(cb_utc_offset(NOW), 9 * 3600);
	zone("UTC");
	cb_local_time("2026-11-26T12:00:00Z", out, sizeof out);
	assert_string_equal(out, "2026-11-26 12:00 UTC");
	/* A zone with no abbreviation: its offset. */
	zone("<+0530>-5:30");
	cb_local_time("2026-11-26T12:00:00Z", out, sizeof out);
	assert_string_equal(out, "2026-11-26 17:30 +0530");
	assert_int_equal(cb_utc_offset(NOW), 5 * 3600 + 1800);
	/* Not a time of the record: as it is. */
	cb_local_time("soon", out, sizeof out);
	assert_string_equal(out, "soon");
	zone("UTC");
}

/* A graph of a few items, made by hand (the fields are not const). */
#define S(s) ((char *)(uintptr_t)(s))
static struct cb_option urgency_opts[] = {
	{ S("high"), { S("高（当日中に対応）"), S("High (act today)") } },
	{ S("low"), { S("低（記録と経過観察）"), S("Low (record and watch)") } },
};
static struct cb_option class_opts[] = {
	{ S("malware"), { S("マルウェア感染"), S("Malware infection") } },
	{ S("policy"), { S("利用規程違反"), S("Violation of use rules") } },
};
static struct cb_item items[] = {
	{ .id = S("urgency"), .kind = CB_KIND_CHOICE, .options = urgency_opts,
	  .noptions = 2, .field = S("urgency") },
	{ .id = S("classification"), .kind = CB_KIND_CHOICE,
	  .options = class_opts, .noptions = 2, .field = S("classes") },
	{ .id = S("malware_download"), .kind = CB_KIND_YESNO },
	{ .id = S("observation_period"), .kind = CB_KIND_PERIOD },
	{ .id = S("reporter"), .kind = CB_KIND_TEXT, .field = S("reporter") },
};

static void
test_values(void **state)
{
	struct cb_playbooks pbs;
	char out[256];
	const int L = CB_WORD_LABELS, B = CB_WORD_BRIEF;

	(void)state;
	memset(&pbs, 0, sizeof pbs);
	pbs.graph.items = items;
	pbs.graph.nitems = sizeof items / sizeof items[0];
	zone("Asia/Tokyo");
	assert_string_equal(cb_value_word(&pbs, "urgency", "high", "ja", L,
	    out, sizeof out), "高（当日中に対応）");
	assert_string_equal(cb_value_word(&pbs, "urgency", "high", "ja",
	    L | B, out, sizeof out), "高");
	assert_string_equal(cb_value_word(&pbs, "urgency", "low", "en",
	    L | B, out, sizeof out), "Low");
	/* Without CB_WORD_LABELS: the value as stored (English output). */
	assert_string_equal(cb_value_word(&pbs, "urgency", "low", "en", B,
	    out, sizeof out), "low");
	assert_string_equal(cb_value_word(&pbs, "classification",
	    "malware,policy", "ja", L, out, sizeof out),
	    "マルウェア感染、利用規程違反");
	assert_string_equal(cb_value_word(&pbs, "classification",
	    "malware,policy", "en", L, out, sizeof out),
	    "Malware infection, Violation of use rules");
	assert_string_equal(cb_value_word(&pbs, "malware_download", "yes",
	    "ja", L, out, sizeof out), "yes");	/* C locale: the msgid */
	/* A value no option names, text with commas: as they are. */
	assert_string_equal(cb_value_word(&pbs, "urgency", "soon", "ja", L,
	    out, sizeof out), "soon");
	assert_string_equal(cb_value_word(&pbs, "reporter", "Sato, ext 12",
	    "ja", L, out, sizeof out), "Sato, ext 12");
	assert_string_equal(cb_value_word(NULL, "urgency", "high", "ja", L,
	    out, sizeof out), "high");
	/* The times inside a period, local, in both languages. */
	assert_string_equal(cb_value_word(&pbs, "observation_period",
	    "2026-11-11T11:59:00+00:00/2026-11-11T12:00:00Z", "en", 0, out,
	    sizeof out), "2026-11-11 20:59 JST - 2026-11-11 21:00 JST");
	/* A cut buffer stays a string. */
	assert_int_equal(strlen(cb_value_word(&pbs, "classification",
	    "malware,policy", "en", L, out, 8)), 7);
	assert_string_equal(cb_field_item(&pbs, "classes"), "classification");
	assert_null(cb_field_item(&pbs, "title"));
	assert_string_equal(cb_suggestion_word(&pbs, "suggest_urgency", "high",
	    "ja", out, sizeof out), "suggested urgency: 高");
	assert_string_equal(cb_phase_word(CB_PHASE_TRIAGE), "triage");
	assert_string_equal(cb_action_word("suggestion-accept"),
	    "suggestion-accept");
	assert_string_equal(cb_action_word("edit"), "edit");
	zone("UTC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_local_times),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
