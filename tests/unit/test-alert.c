/*
 * The alert normal form and every parser, on fixtures written from the
 * vendors' documented payload shapes (tests/fixtures/alerts/), with the
 * malformed lines each must refuse and why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "core/alert-int.h"
#include "core/incident.h"

#ifndef CB_ALERT_FIXTURES
#define CB_ALERT_FIXTURES "tests/fixtures/alerts"
#endif

#define RECEIVED	((time_t)1795658400)	/* 2026-11-26T02:00:00Z */

/* --- a sink that keeps everything ----------------------------------------- */

struct got {
	struct cb_alert *a[64];
	size_t n;
	struct cb_flow f[8];
	size_t nf;
	size_t bad_line[64];
	char *bad_why[64];
	size_t nbad;
};

static void
got_alert(struct cb_alert *a, void *arg)
{
	struct got *g = arg;

	assert_true(g->n < 64);
	g->a[g->n++] = a;
}

static void
got_flow(const struct cb_flow *f, void *arg)
{
	struct got *g = arg;

	assert_true(g->nf < 8);
	g->f[g->nf++] = *f;
}

static void
got_bad(size_t line, const char *why, void *arg)
{
	struct got *g = arg;

	assert_true(g->nbad < 64);
	g->bad_line[g->nbad] = line;
	g->bad_why[g->nbad++] = xstrdup(why);
}

static void
got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++) {
		cb_alert_free(g->a[i]);
		free(g->a[i]);
	}
	for (size_t i = 0; i < g->nbad; i++)
		free(g->bad_why[i]);
	memset(g, 0, sizeof *g);
}

static char *
slurp(const char *name, size_t *len)
{
	char *path = xasprintf("%s/%s", CB_ALERT_FIXTURES, name);
	FILE *f = fopen(path, "rb");
	struct cb_buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cb_buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	*len = b.len;
	return cb_buf_detach(&b);
}

static const struct cb_alert_ctx plain_ctx = { RECEIVED, NULL, NULL, NULL };

/* Parses a fixture whole, as casebook ingest will. */
static size_t
parse_file(const char *name, enum cb_alert_format fmt,
    const struct cb_alert_ctx *ctx, struct got *g)
{
	struct cb_alert_sink sink = { got_alert, got_flow, got_bad, g };
	size_t len, bad;
	char *buf = slurp(name, &len);

	bad = cb_alert_parse_all(fmt, buf, len, ctx, &sink);
	free(buf);
	return bad;
}

static bool
has_obs(const struct cb_alert *a, enum cb_obs_type type, const char *v)
{
	for (size_t i = 0; i < a->nobs; i++)
		if (a->obs[i].type == type && strcmp(a->obs[i].value, v) == 0)
			return true;
	return false;
}

static void
assert_time(time_t t, const char *want)
{
	char buf[CB_TIME_MAX];

	cb_time_format(t, buf);
	assert_string_equal(buf, want);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/*
 * The rest of the line (what an index keeps beside the row's fields)
 * holds none of those fields nor the payload, and with them put back
 * writes the whole line again; a whole line reads the same as the rest.
 */
static void
assert_rest_round_trip(const struct cb_alert *a, const char *whole)
{
	static const char *const row_keys[] = { "\"source\"", "\"source_ref\"",
		"\"event_time\"", "\"received\"", "\"signature\"",
		"\"category\"", "\"severity\"", "\"raw" };
	struct cb_alert back;
	struct cb_error err;
	char *rest = cb_alert_rest_to_json(a), *two;

	for (size_t i = 0; i < sizeof row_keys / sizeof row_keys[0]; i++)
		if (strstr(rest, row_keys[i]) != NULL)
			fail_msg("%s in %s", row_keys[i], rest);
	assert_int_equal(cb_alert_from_json(rest, strlen(rest), &back, &err),
	    CB_ERR);
	assert_string_equal(err.msg, "no source");
	cb_alert_free(&back);
	if (cb_alert_rest_from_json(rest, strlen(rest), &back, &err) != CB_OK)
		fail_msg("%s: %s", rest, err.msg);
	assert_null(back.source);
	back.source = dup_or_null(a->source);
	back.source_ref = dup_or_null(a->source_ref);
	back.event_time = a->event_time;
	back.received = a->received;
	back.signature = dup_or_null(a->signature);
	back.category = dup_or_null(a->category);
	back.severity = a->severity;
	if (a->raw != NULL) {
		cb_alert_set_raw(&back, a->raw, a->raw_cap);
		back.raw_len = a->raw_len;
	}
	two = cb_alert_to_json(&back);
	assert_string_equal(whole, two);
	cb_alert_free(&back);
	free(two);
	if (cb_alert_rest_from_json(whole, strlen(whole), &back, &err) != CB_OK)
		fail_msg("%s: %s", whole, err.msg);
	two = cb_alert_to_json(&back);
	assert_string_equal(whole, two);
	cb_alert_free(&back);
	free(two);
	free(rest);
}

/* What is written is read back, and writes the same again. */
static void
assert_round_trip(const struct cb_alert *a)
{
	struct cb_alert back;
	struct cb_error err;
	char *one = cb_alert_to_json(a), *two;

	assert_non_null(strchr(one, '\n'));
	assert_true(strchr(one, '\n') == one + strlen(one) - 1);
	if (cb_alert_from_json(one, strlen(one), &back, &err) != CB_OK)
		fail_msg("%s: %s", one, err.msg);
	two = cb_alert_to_json(&back);
	assert_string_equal(one, two);
	assert_int_equal(back.raw_len, a->raw_len);
	assert_int_equal(back.raw_cap, a->raw_cap);
	if (a->raw != NULL)
		assert_memory_equal(back.raw, a->raw, a->raw_cap);
	assert_rest_round_trip(a, one);
	cb_alert_free(&back);
	free(one);
	free(two);
}

static void
assert_round_trips(const struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		assert_round_trip(g->a[i]);
}

/* --- times, text ---------------------------------------------------------- */

static void
test_times(void **state)
{
	time_t t;

	(void)state;
	assert_true(cb_alert_time("2026-11-26T10:56:29Z", &t));
	assert_time(t, "2026-11-26T10:56:29Z");
	assert_true(cb_alert_time("2026-11-26T10:56:29.123456+0900", &t));
	assert_time(t, "2026-11-26T01:56:29Z");
	assert_true(cb_alert_time("2026-11-26T10:56:29.000+09:00", &t));
	assert_time(t, "2026-11-26T01:56:29Z");
	assert_true(cb_alert_time("2026-11-26 10:56:29-05", &t));
	assert_time(t, "2026-11-26T15:56:29Z");
	assert_true(cb_alert_time("2026-11-26T10:56", &t));
	assert_time(t, "2026-11-26T10:56:00Z");
	assert_true(cb_alert_time("1795658189", &t));
	assert_time(t, "2026-11-26T01:56:29Z");
	assert_true(cb_alert_time("1795658189.250", &t));
	assert_time(t, "2026-11-26T01:56:29Z");
	assert_true(cb_alert_time("1495286178000", &t));	/* ms */
	assert_time(t, "2017-05-20T13:16:18Z");
	assert_true(cb_alert_time("May 20 2017 13:16:16 UTC", &t));
	assert_time(t, "2017-05-20T13:16:16Z");
	assert_true(cb_alert_time("May 20 2017 22:16:16 JST", &t));
	assert_time(t, "2017-05-20T13:16:16Z");
	assert_true(cb_alert_time("May 2 2017 13:16:16.123", &t));
	assert_time(t, "2017-05-02T13:16:16Z");
	assert_true(cb_alert_time("2024-02-29T00:00:00Z", &t));
	assert_false(cb_alert_time("2026-02-29T00:00:00Z", &t));
	assert_false(cb_alert_time("2026-13-01T00:00:00Z", &t));
	assert_false(cb_alert_time("2026-11-26T24:00:00Z", &t));
	assert_false(cb_alert_time("2026-11-26T10:56:29 PST", &t));
	assert_false(cb_alert_time("1969-12-31T23:59:59Z", &t));
	assert_false(cb_alert_time("99999999999999999999", &t));
	assert_false(cb_alert_time("yesterday", &t));
	assert_false(cb_alert_time("", &t));
	assert_false(cb_alert_time("Mai 20 2017 13:16:16", &t));
}

/*
 * The normal form writes its times itself (not through strftime): the
 * same text as cb_time_format for every time an alert may hold, and for
 * the ones it may not (cb_time_format's own then).
 */
static void
test_written_times(void **state)
{
	static const time_t edge[] = {
		0, 1, 59, 86399, 86400, 951782400 /* 2000-02-29 */,
		951868799, 4107542400 /* 2100-03-01 */, 253402300799,
		253402300800, -1, -86401
	};
	struct cb_alert a;
	char want[CB_TIME_MAX + 16], *line;
	uint64_t x = 88172645463325252ULL;

	(void)state;
	cb_alert_init(&a);
	for (size_t i = 0; i < sizeof edge / sizeof edge[0] + 20000; i++) {
		if (i < sizeof edge / sizeof edge[0]) {
			a.event_time = edge[i];
		} else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			a.event_time = (time_t)(x % 253402300800ULL);
		}
		cb_time_format(a.event_time, want + 14);
		memcpy(want, "\"event_time\":\"", 14);
		strcat(want, "\"");
		line = cb_alert_to_json(&a);
		if (strstr(line, want) == NULL)
			fail_msg("%lld: %s, not %s", (long long)a.event_time,
			    line, want);
		free(line);
	}
}

static void
test_utf8(void **state)
{
	char *s;

	(void)state;
	s = cb_utf8_dup("ok 日本", strlen("ok 日本"));
	assert_string_equal(s, "ok 日本");
	free(s);
	s = cb_utf8_dup("a\xff" "b\0c", 5);
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
	free(s);
	/* Cut in the middle of a character. */
	s = cb_utf8_dup("\xe6\x97", 2);
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	assert_true(cb_utf8_valid("", 0));
	assert_false(cb_utf8_valid("\xc0\xaf", 2));	/* overlong "/" */
}

static enum cb_alert_format
sniff(const char *s)
{
	return cb_alert_sniff(s, strlen(s));
}

static void
test_formats(void **state)
{
	enum cb_alert_format f;

	(void)state;
	for (int i = 0; i < CB_ALERT_FORMAT_COUNT; i++) {
		assert_true(cb_alert_format_parse(cb_alert_format_names[i], &f));
		assert_int_equal(f, i);
	}
	assert_false(cb_alert_format_parse("syslog", &f));
	assert_int_equal(sniff("  {\"event_type\":\"alert\"}"),
	    CB_ALERT_SURICATA);
	assert_int_equal(sniff("<134>May 20 13:16:20 h CEF:0|a"),
	    CB_ALERT_CEF);
	assert_int_equal(sniff("LEEF:1.0|a"), CB_ALERT_LEEF);
	assert_int_equal(sniff("a,b\n1,2\n"), CB_ALERT_SPLUNK_CSV);
	assert_int_equal(sniff("{\"casebook_alert\":1}"),
	    CB_ALERT_JSON);
	assert_int_equal(sniff("{\"preview\":false}"),
	    CB_ALERT_SPLUNK_EXPORT);
	assert_int_equal(sniff("{\"result\":{},\"sid\":\"1\"}"),
	    CB_ALERT_SPLUNK_WEBHOOK);
	assert_int_equal(sniff("hello"), CB_ALERT_AUTO);
	assert_int_equal(sniff(""), CB_ALERT_AUTO);
	/* JSON mentioning CEF: is still JSON. */
	assert_int_equal(sniff("{\"event_type\":\"x CEF:0\"}"),
	    CB_ALERT_SURICATA);
}

static void
test_jscan(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1 2]", "01",
		"1.", "-", "1e", "tru", "\"\\x\"", "\"\\u12\"", "\"\\udc00\"",
		"\"\\ud800\\u0041\"", "\"a\x01\"", "\"\xff\"", "{} {}", "{1:2}",
		"\"open",
	};
	struct cb_jdoc d;
	struct cb_error err;
	struct cb_buf deep = { 0 };
	int64_t v;
	bool nul = false;
	char *s, *k;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (cb_jscan(&d, bad[i], strlen(bad[i]), &err) == CB_OK)
			fail_msg("'%s' was taken for JSON", bad[i]);
		assert_non_null(strstr(err.msg, "(column "));
		cb_jdoc_free(&d);
	}
	s = xstrdup(" {\"k\":\"\\ud83d\\ude00 \\u00e9\\n\\\"\\/\\u0000\",\"n\":"
	    "-9223372036854775808,\"big\":9223372036854775808,\"f\":1.5e3,"
	    "\"k\":[true,false,null,{}]} ");
	assert_int_equal(cb_jscan(&d, s, strlen(s), &err), CB_OK);
	assert_int_equal(d.tok[0].type, CB_J_OBJECT);
	/* A surrogate pair, escapes, and \u0000 as U+FFFD, said so. */
	k = cb_jstr(&d, 2, &nul);
	assert_true(nul);
	assert_string_equal(k, "\xf0\x9f\x98\x80 \xc3\xa9\n\"/\xef\xbf\xbd");
	free(k);
	assert_true(cb_jint(&d, cb_jget(&d, 0, "n"), &v));
	assert_true(v == INT64_MIN);
	assert_false(cb_jint(&d, cb_jget(&d, 0, "big"), &v));
	assert_false(cb_jint(&d, cb_jget(&d, 0, "f"), &v));
	/* A repeated key: cb_jget gives the last, cb_jdup names it. */
	assert_int_equal(d.tok[cb_jget(&d, 0, "k")].type, CB_J_ARRAY);
	assert_true(cb_jstreq(&d, cb_jdup(&d, 0), "k"));
	assert_int_equal(cb_jget(&d, 0, "missing"), 0);
	cb_jdoc_free(&d);
	free(s);

	/*
	 * Plain ASCII is scanned 8 bytes at a time: a byte that is not
	 * plain is still seen at every place in a long string, and a quote
	 * or a backslash still ends or escapes it.  The string is in a list
	 * (cb_jstr reads no top-level value).
	 */
	for (size_t at = 2; at < 40; at++) {
		static const char *const odd[] = { "\x01", "\x1f", "\xff",
			"\xc3", "\xed\xa0\x80", "\\x" };
		char line[64];

		memset(line, 'a', sizeof line);
		memcpy(line, "[\"", 2);
		memcpy(line + 50, "\"]", 2);
		for (size_t j = 0; j < sizeof odd / sizeof odd[0]; j++) {
			char was[4];

			memcpy(was, line + at, strlen(odd[j]));
			memcpy(line + at, odd[j], strlen(odd[j]));
			if (cb_jscan(&d, line, 52, &err) == CB_OK)
				fail_msg("%s at %zu was taken", odd[j], at);
			cb_jdoc_free(&d);
			memcpy(line + at, was, strlen(odd[j]));
		}
		assert_int_equal(cb_jscan(&d, line, 52, &err), CB_OK);
		cb_jdoc_free(&d);
		memcpy(line + at, "\"]", 2);
		assert_int_equal(cb_jscan(&d, line, at + 2, &err), CB_OK);
		assert_int_equal(d.tok[1].end, at);
		cb_jdoc_free(&d);
		memcpy(line + at, "\\\"\\u00e9\x7f", 9);
		assert_int_equal(cb_jscan(&d, line, 52, &err), CB_OK);
		k = cb_jstr(&d, 1, NULL);
		assert_int_equal(strlen(k), 43);
		assert_memory_equal(k + at - 2, "\"\xc3\xa9\x7f", 4);
		free(k);
		cb_jdoc_free(&d);
	}

	/* cb_jtmp: short strings in place, long ones on the heap. */
	s = xstrdup("[\"short\\n\",\"a string longer than sixty-four bytes, "
	    "which goes to the heap\\u0021\",1]");
	assert_int_equal(cb_jscan(&d, s, strlen(s), &err), CB_OK);
	{
		struct cb_jtmp tmp = { NULL, { 0 } };

		assert_string_equal(cb_jtmp_get(&tmp, &d, 1, NULL), "short\n");
		assert_null(tmp.heap);
		assert_string_equal(cb_jtmp_get(&tmp, &d, 2, NULL), "a string "
		    "longer than sixty-four bytes, which goes to the heap!");
		assert_non_null(tmp.heap);
		assert_null(cb_jtmp_get(&tmp, &d, 3, NULL));
		assert_null(tmp.heap);
		cb_jtmp_free(&tmp);
	}
	cb_jdoc_free(&d);
	free(s);

	/* Many tokens (past the stack) and deep nesting. */
	for (int i = 0; i < 1000; i++)
		cb_buf_adds(&deep, "[");
	for (int i = 0; i < 1000; i++)
		cb_buf_adds(&deep, "]");
	assert_int_equal(cb_jscan(&d, deep.data, deep.len, &err), CB_OK);
	assert_int_equal(d.n, 1000);
	assert_int_equal(d.tok[0].next, 1000);
	cb_jdoc_free(&d);
	deep.len = 0;
	for (int i = 0; i < 3000; i++)
		cb_buf_adds(&deep, "[");
	assert_int_equal(cb_jscan(&d, deep.data, deep.len, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "nested too deep"));
	cb_jdoc_free(&d);
	cb_buf_free(&deep);
}

/* --- Splunk --------------------------------------------------------------- */

static void
test_splunk_webhook(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	/* Pretty-printed: one document spread over lines. */
	assert_int_equal(parse_file("splunk-webhook.json", CB_ALERT_AUTO,
	    &plain_ctx, &g), 0);
	assert_int_equal(g.n, 1);
	a = g.a[0];
	assert_string_equal(a->source, "splunk");
	/* The search name and the SHA-256 of the row, sorted and compact. */
	assert_string_equal(a->source_ref, "Outbound to known C2#"
	    "5f15316a49abacb01bc5c5c179a77f2c07d47f1c64dea2584fbe504447f44e2c");
	assert_time(a->event_time, "2026-11-26T01:56:29Z");
	assert_int_equal(a->received, RECEIVED);
	assert_string_equal(a->signature, "Outbound to known C2");
	assert_string_equal(a->src.addr, "10.20.30.40");
	assert_string_equal(a->dst.addr, "203.0.113.7");
	assert_int_equal(a->dst.port, 443);
	assert_int_equal(a->severity, CB_ASEV_UNKNOWN);
	assert_true(a->score < 0);
	assert_non_null(strstr(a->link, "@go?sid=scheduler__admin"));
	assert_true(has_obs(a, CB_OBS_URL, "https://bad.example.net/gate.php?id=7"));
	assert_true(has_obs(a, CB_OBS_DOMAIN, "bad.example.net"));
	assert_true(has_obs(a, CB_OBS_IP, "10.20.30.40"));
	assert_true(has_obs(a, CB_OBS_IP, "203.0.113.7"));
	/* The body is kept whole as the raw payload. */
	assert_non_null(strstr(a->raw, "\"owner\": \"admin\""));
	assert_int_equal(a->raw_len, a->raw_cap);
	assert_round_trips(&g);
	got_free(&g);

	/* search_name null, as in Splunk's own example. */
	assert_int_equal(parse_file("splunk-webhook-null.json",
	    CB_ALERT_SPLUNK_WEBHOOK, &plain_ctx, &g), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0]->source_ref, "#f984d1a654660431a0ec133a66"
	    "68acf5034d9b644e8eb04e18aed03b4ced00f6");
	assert_string_equal(g.a[0]->signature, "Splunk alert");
	assert_true(g.a[0]->event_time == RECEIVED);	/* no _time */
	got_free(&g);
}

/* Splunk reuses sids: the key is the row's, not the sid's. */
static void
test_splunk_dedup(void **state)
{
	static const char one[] = "{\"result\":{\"a\":\"1\",\"b\":\"2\"},"
	    "\"sid\":\"s1\",\"search_name\":\"S\"}";
	static const char reordered[] = "{\"search_name\":\"S\",\"sid\":\"s2\","
	    "\"result\":{\"b\":\"2\",\"a\":\"1\"}}";
	static const char other[] = "{\"result\":{\"a\":\"1\",\"b\":\"3\"},"
	    "\"sid\":\"s1\",\"search_name\":\"S\"}";
	static const char renamed[] = "{\"result\":{\"a\":\"1\",\"b\":\"2\"},"
	    "\"sid\":\"s1\",\"search_name\":\"T\"}";
	struct got g = { 0 };
	struct cb_alert_sink sink = { got_alert, NULL, got_bad, &g };
	struct cb_error err;

	(void)state;
	assert_int_equal(cb_alert_parse(CB_ALERT_AUTO, one, strlen(one),
	    &plain_ctx, &sink, &err), CB_OK);
	assert_int_equal(cb_alert_parse(CB_ALERT_AUTO, reordered,
	    strlen(reordered), &plain_ctx, &sink, &err), CB_OK);
	assert_int_equal(cb_alert_parse(CB_ALERT_AUTO, other, strlen(other),
	    &plain_ctx, &sink, &err), CB_OK);
	assert_int_equal(cb_alert_parse(CB_ALERT_AUTO, renamed,
	    strlen(renamed), &plain_ctx, &sink, &err), CB_OK);
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_WEBHOOK, " \n", 2,
	    &plain_ctx, &sink, &err), CB_ERR);
	assert_string_equal(err.msg, "an empty webhook body");
	assert_int_equal(g.n, 4);
	assert_string_equal(g.a[0]->source_ref, g.a[1]->source_ref);
	assert_string_not_equal(g.a[0]->source_ref, g.a[2]->source_ref);
	assert_string_not_equal(g.a[0]->source_ref, g.a[3]->source_ref);
	assert_true(strncmp(g.a[3]->source_ref, "T#", 2) == 0);
	got_free(&g);
}

static void
test_splunk_notable(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	assert_int_equal(parse_file("splunk-notable.json", CB_ALERT_AUTO,
	    &plain_ctx, &g), 0);
	assert_int_equal(g.n, 1);
	a = g.a[0];
	assert_string_equal(a->source, "splunk-es");
	assert_string_equal(a->source_ref, "A1B2C3D4-0000-4E5F-8A9B-"
	    "0123456789AB@@notable@@f3a1c0de");
	assert_string_equal(a->signature, "Excessive Failed Logins");
	assert_string_equal(a->category, "access");
	assert_int_equal(a->severity, CB_ASEV_HIGH);
	assert_true(a->score == 80);
	assert_string_equal(a->src.addr, "192.0.2.44");
	assert_string_equal(a->dst.addr, "10.1.2.3");
	assert_time(a->event_time, "2026-11-26T01:56:29Z");
	assert_round_trips(&g);
	got_free(&g);
}

/* The results_file reader the test gives: a gzipped CSV made here. */
static enum cb_status
read_results(const char *path, struct cb_buf *out, void *arg,
    struct cb_error *err)
{
	const char *csv = arg;
	unsigned char gz[4096];
	z_stream z;

	if (strstr(path, "/dispatch/") == NULL)
		return cb_fail(err, CB_EDENIED, "not under dispatch/");
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)csv;
	z.avail_in = (uInt)strlen(csv);
	z.next_out = gz;
	z.avail_out = sizeof gz;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	cb_buf_add(out, gz, sizeof gz - z.avail_out);
	deflateEnd(&z);
	return CB_OK;
}

static void
test_splunk_results_file(void **state)
{
	static const char csv[] =
	    "_time,sender,recipient,subject,__mv_recipient\n"
	    "1795658300,billing@evil.example,a.tanaka@example.ac.jp,"
	    "\"請求書のご確認\",\n"
	    "1795658301,billing@evil.example,b.ito@example.ac.jp,"
	    "\"請求書のご確認\",\n"
	    "1795658302,billing@evil.example\n"
	    "1795658303,billing@evil.example,c.kato@example.ac.jp,,\n";
	struct cb_alert_ctx ctx = { RECEIVED, NULL, read_results,
		(void *)(uintptr_t)csv };
	struct got g = { 0 };

	(void)state;
	assert_int_equal(parse_file("splunk-custom-action.json",
	    CB_ALERT_AUTO, &ctx, &g), 1);
	assert_int_equal(g.n, 3);
	for (size_t i = 0; i < g.n; i++) {
		assert_string_equal(g.a[i]->source, "splunk");
		assert_true(strncmp(g.a[i]->source_ref, "Phishing recipients#",
		    20) == 0);
		assert_true(has_obs(g.a[i], CB_OBS_MAIL_FROM,
		    "billing@evil.example"));
		/* The session key in the body is never kept. */
		assert_null(strstr(g.a[i]->raw, "SECRET"));
		assert_non_null(strstr(g.a[i]->link, "RMD5c1"));
	}
	assert_true(has_obs(g.a[0], CB_OBS_MAIL_TO, "a.tanaka@example.ac.jp"));
	assert_true(has_obs(g.a[0], CB_OBS_MAIL_SUBJECT, "請求書のご確認"));
	assert_true(has_obs(g.a[2], CB_OBS_MAIL_TO, "c.kato@example.ac.jp"));
	assert_string_not_equal(g.a[0]->source_ref, g.a[1]->source_ref);
	assert_time(g.a[1]->event_time, "2026-11-26T01:58:21Z");
	assert_int_equal(g.nbad, 1);
	assert_int_equal(g.bad_line[0], 1);
	assert_string_equal(g.bad_why[0], "results_file line 4: a CSV row of "
	    "2 fields under a header of 5");
	assert_round_trips(&g);
	got_free(&g);

	/* No reader: refused, with the reason. */
	assert_int_equal(parse_file("splunk-custom-action.json",
	    CB_ALERT_AUTO, &plain_ctx, &g), 1);
	assert_int_equal(g.n, 0);
	assert_non_null(strstr(g.bad_why[0], "results_file"));
	got_free(&g);

	/* A results_file of a header and one row. */
	ctx.read_arg = (void *)(uintptr_t)"a,b\n1,2\n";
	assert_int_equal(parse_file("splunk-custom-action.json",
	    CB_ALERT_AUTO, &ctx, &g), 0);
	assert_int_equal(g.n, 1);
	got_free(&g);
}

static void
test_gunzip(void **state)
{
	struct cb_buf out = { 0 }, gz = { 0 };
	struct cb_error err;

	(void)state;
	assert_int_equal(cb_gunzip("plain text", 10, 100, &out, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "not gzip"));
	assert_int_equal(out.len, 0);
	read_results("/dispatch/x", &gz, (void *)(uintptr_t)
	    "0123456789012345678901234567890123456789", &err);
	assert_int_equal(cb_gunzip(gz.data, gz.len, 100, &out, &err), CB_OK);
	assert_int_equal(out.len, 40);
	out.len = 0;
	assert_int_equal(cb_gunzip(gz.data, gz.len, 39, &out, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "more than 39 bytes"));
	assert_int_equal(cb_gunzip(gz.data, gz.len / 2, 100, &out, &err),
	    CB_ERR);
	assert_non_null(strstr(err.msg, "cut short"));
	gz.data[gz.len / 2] ^= 0x55;
	out.len = 0;
	assert_int_equal(cb_gunzip(gz.data, gz.len, 100, &out, &err), CB_ERR);
	cb_buf_free(&out);
	cb_buf_free(&gz);
}

static void
test_splunk_export(void **state)
{
	struct cb_alert_ctx ctx = { RECEIVED, "Port scans", NULL, NULL };
	struct got g = { 0 };

	(void)state;
	assert_int_equal(parse_file("splunk-export.ndjson", CB_ALERT_AUTO,
	    &ctx, &g), 0);
	/* The preview row, the messages and the empty last row give none. */
	assert_int_equal(g.n, 2);
	assert_string_equal(g.a[0]->signature, "Port scan");
	assert_string_equal(g.a[1]->signature, "Port scans");
	assert_true(strncmp(g.a[1]->source_ref, "Port scans#", 11) == 0);
	assert_time(g.a[0]->event_time, "2026-11-26T02:00:00Z");
	assert_string_equal(g.a[0]->dst.addr, "198.51.100.9");
	/* Every value of a multivalue field is an observable. */
	assert_true(has_obs(g.a[1], CB_OBS_DOMAIN, "a.bad.example"));
	assert_true(has_obs(g.a[1], CB_OBS_DOMAIN, "b.bad.example"));
	assert_non_null(strstr(g.a[1]->raw, "\"lastrow\":true"));
	assert_round_trips(&g);
	got_free(&g);

	/* Told it is export, a line that is none is refused, not dropped. */
	assert_int_equal(parse_file("casebook.jsonl", CB_ALERT_SPLUNK_EXPORT,
	    &ctx, &g), 2);
	assert_int_equal(g.n, 0);
	assert_non_null(strstr(g.bad_why[0], "not a line of Splunk's export"));
	got_free(&g);
	/* Told it is EVE: a casebook line has no event_type. */
	assert_int_equal(parse_file("casebook.jsonl", CB_ALERT_SURICATA,
	    &ctx, &g), 2);
	assert_non_null(strstr(g.bad_why[1], "not an EVE event"));
	got_free(&g);
}

/*
 * Splunk CSV through libcsv: the rows are those Python's csv module
 * reads from the same file (quotes doubled, a comma and a line break
 * inside quotes, CRLF, spaces kept, Japanese), as JSON with the empty
 * and __mv_ columns left out.
 */
static void
test_splunk_csv(void **state)
{
	static const char *const python[] = {
		"{\"_time\":\"2026-11-26T03:00:00.000+09:00\",\"dest\":"
		"\"203.0.113.8\",\"note, with comma\":\"plain\",\"signature\":"
		"\"Brute force\",\"src\":\"10.9.8.7\",\"subject\":\"He said "
		"\\\"hi\\\"\",\"x\":\"1\\r\\n2\"}",
		"{\"_time\":\"2026-11-26T03:00:01.000+09:00\",\"note, with "
		"comma\":\" spaced \",\"signature\":\"Brute force\",\"src\":"
		"\"10.9.8.6\",\"subject\":\"日本語の件名\"}",
		"{\"_time\":\"2026-11-26T03:00:03.000+09:00\",\"dest\":"
		"\"203.0.113.9\",\"signature\":\"Brute force\",\"src\":"
		"\"10.9.8.4\"}",
	};
	struct got g = { 0 };

	(void)state;
	assert_int_equal(parse_file("splunk-export.csv", CB_ALERT_AUTO,
	    &plain_ctx, &g), 1);
	assert_int_equal(g.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(g.a[i]->raw, python[i]);
	assert_int_equal(g.nbad, 1);
	assert_int_equal(g.bad_line[0], 5);
	assert_string_equal(g.bad_why[0], "a CSV row of 4 fields under a "
	    "header of 8");
	assert_time(g.a[0]->event_time, "2026-11-25T18:00:00Z");
	assert_true(has_obs(g.a[1], CB_OBS_MAIL_SUBJECT, "日本語の件名"));
	assert_round_trips(&g);
	got_free(&g);
}

static void
test_splunk_csv_bad(void **state)
{
	struct got g = { 0 };
	struct cb_alert_sink sink = { got_alert, NULL, got_bad, &g };
	struct cb_error err;
	static const char open_quote[] = "a,b\n1,\"2\n3,4\n";
	static const char no_name[] = "a,,b\n1,2,3\n";
	static const char bom[] = "\xef\xbb\xbf_time,src\n1795658189,10.0.0.1\n";
	static const char stray_quote[] = "a,b\n1,2\n3,x\"y\n5,6\n";

	(void)state;
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_CSV, open_quote,
	    strlen(open_quote), &plain_ctx, &sink, &err), CB_ERR);
	assert_string_equal(err.msg, "line 2: a quoted CSV field is not "
	    "closed before the end");
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_CSV, stray_quote,
	    strlen(stray_quote), &plain_ctx, &sink, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "line 3: a quote out of place"));
	assert_int_equal(g.n, 1);	/* the row before it */
	got_free(&g);
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_CSV, no_name,
	    strlen(no_name), &plain_ctx, &sink, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "column 2 has no name"));
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_CSV, bom,
	    strlen(bom), &plain_ctx, &sink, &err), CB_OK);
	assert_int_equal(g.n, 1);
	assert_time(g.a[0]->event_time, "2026-11-26T01:56:29Z");
	got_free(&g);
	assert_int_equal(cb_alert_parse(CB_ALERT_SPLUNK_CSV, "", 0,
	    &plain_ctx, &sink, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "no header"));
	assert_int_equal(g.n, 0);
	got_free(&g);
}

/* --- Lastline: CEF and LEEF ------------------------------------------------ */

static void
test_cef(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	assert_int_equal(parse_file("lastline.cef", CB_ALERT_AUTO, &plain_ctx,
	    &g), 0);
	assert_int_equal(g.n, 3);
	a = g.a[0];
	assert_string_equal(a->source, "lastline");
	assert_string_equal(a->source_ref, "d6aeef2b:20fbe7df:13acfcd2");
	assert_string_equal(a->group_ref, "6052");
	assert_true(a->score == 45);
	assert_string_equal(a->signature, "drive-by/Fiesta EK");
	assert_string_equal(a->category, "drive-by");
	assert_int_equal(a->severity, CB_ASEV_MEDIUM);
	assert_time(a->event_time, "2017-05-20T13:16:14Z");	/* start */
	assert_string_equal(a->src.addr, "192.0.2.10");
	assert_string_equal(a->dst.addr, "203.0.113.10");
	assert_int_equal(a->dst.port, 80);
	assert_string_equal(a->proto, "TCP");
	assert_string_equal(a->link, "https://user.lastline.com/event#/6052/"
	    "d6aeef2b");
	/* "\=" in a value is "=". */
	assert_true(has_obs(a, CB_OBS_URL,
	    "http://exploit.example.com/landing?a=1&b=2"));
	assert_true(has_obs(a, CB_OBS_DOMAIN, "exploit.example.com"));

	a = g.a[1];
	/* After a syslog header; "\|" in the header; no cat: the Name. */
	assert_string_equal(a->signature, "C|C Traffic");
	assert_string_equal(a->category, "command-and-control");
	assert_int_equal(a->severity, CB_ASEV_HIGH);
	assert_time(a->event_time, "2017-05-20T13:16:18Z");
	assert_int_equal(a->src.port, 50123);
	assert_string_equal(a->dst.host, "c2.bad.example");
	/* "\\" is a backslash, and a value holds spaces. */
	assert_true(has_obs(a, CB_OBS_FILE, "C:\\Users\\x\\invoice 2.exe"));
	assert_true(has_obs(a, CB_OBS_MD5, "44d88612fea8a8f36de82e1278abb02f"));
	assert_true(has_obs(a, CB_OBS_DOMAIN, "c2.bad.example"));
	assert_true(strncmp(a->raw, "<134>May 20", 11) == 0);

	a = g.a[2];
	/* No detectionId nor externalId: the hash of the line. */
	assert_true(strncmp(a->source_ref, "cef:", 4) == 0);
	assert_int_equal(strlen(a->source_ref), 4 + 64);
	assert_null(a->group_ref);
	assert_int_equal(a->severity, CB_ASEV_CRITICAL);
	assert_time(a->event_time, "2017-05-20T13:16:16Z");	/* JST */
	assert_true(has_obs(a, CB_OBS_SHA1,
	    "3395856ce81f2b7382dee72602f798b642f14140"));
	assert_round_trips(&g);
	got_free(&g);
}

static void
test_leef(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	assert_int_equal(parse_file("lastline.leef", CB_ALERT_LEEF, &plain_ctx,
	    &g), 0);
	assert_int_equal(g.n, 4);
	a = g.a[0];
	assert_string_equal(a->source, "lastline");
	assert_string_equal(a->source_ref, "0f0e0d0c:11111111:22222222");
	assert_string_equal(a->group_ref, "7001");
	assert_string_equal(a->signature, "phishing/Credential harvesting");
	assert_string_equal(a->category, "phishing");
	assert_true(a->score == 70);
	assert_int_equal(a->severity, CB_ASEV_HIGH);
	assert_time(a->event_time, "2017-05-20T13:16:16Z");
	assert_string_equal(a->link, "https://user.lastline.com/event#/7001");
	assert_true(has_obs(a, CB_OBS_MAIL_FROM, "it-support@phish.example"));
	assert_true(has_obs(a, CB_OBS_MAIL_TO, "k.sato@example.ac.jp"));
	assert_true(has_obs(a, CB_OBS_MAIL_SUBJECT,
	    "Your account will be suspended"));
	/* Empty fname= and fileHash= give no observable. */
	for (size_t i = 0; i < a->nobs; i++)
		assert_true(a->obs[i].value[0] != '\0');

	a = g.a[1];	/* 2.0 with "^"; a value holding "=" */
	assert_true(has_obs(a, CB_OBS_MAIL_SUBJECT, "請求書 a=b"));
	assert_true(has_obs(a, CB_OBS_FILE, "請求書.xlsm"));
	assert_true(has_obs(a, CB_OBS_SHA256, "e3b0c44298fc1c149afbf4c8996fb9"
	    "2427ae41e4649b934ca495991b7852b855"));
	assert_int_equal(a->severity, CB_ASEV_CRITICAL);
	assert_true(a->score == 90);

	a = g.a[2];	/* 2.0 with a hex delimiter, 0x7C: "|" */
	assert_string_equal(a->source_ref, "99999999:00000000:00000002");
	assert_string_equal(a->signature, "hex delimiter");
	assert_int_equal(a->severity, CB_ASEV_LOW);
	assert_time(a->event_time, "2017-05-20T13:20:00Z");

	a = g.a[3];	/* rsyslog's #011 for tabs */
	assert_string_equal(a->source_ref, "99999999:00000000:00000003");
	assert_string_equal(a->signature, "tabs escaped by rsyslog");
	assert_true(has_obs(a, CB_OBS_MAIL_FROM, "x@phish.example"));
	assert_round_trips(&g);
	got_free(&g);
}

/* --- Suricata ------------------------------------------------------------- */

static void
test_suricata(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	assert_int_equal(parse_file("suricata-eve.json", CB_ALERT_AUTO,
	    &plain_ctx, &g), 0);
	assert_int_equal(g.n, 4);	/* dns and stats events give none */
	a = g.a[0];
	assert_string_equal(a->source, "suricata");
	assert_string_equal(a->source_ref, "1822374892311234:2024792");
	assert_string_equal(a->signature, "ET MALWARE Win32/Emotet CnC "
	    "Activity (POST) M4");
	assert_string_equal(a->category, "A Network Trojan was detected");
	assert_int_equal(a->severity, CB_ASEV_HIGH);
	assert_time(a->event_time, "2026-11-26T01:56:29Z");
	assert_int_equal(a->src.port, 50123);
	assert_string_equal(a->dst.host, "c2.bad.example");
	assert_true(has_obs(a, CB_OBS_URL,
	    "http://c2.bad.example/wp-content/x.php"));
	a = g.a[1];
	assert_string_equal(a->src.addr, "2001:db8::10");	/* canonical */
	assert_true(has_obs(a, CB_OBS_DOMAIN, "update.bad.top"));
	assert_int_equal(a->severity, CB_ASEV_MEDIUM);
	a = g.a[2];
	assert_true(has_obs(a, CB_OBS_DOMAIN, "cdn.bad.example"));
	assert_true(has_obs(a, CB_OBS_MD5, "44d88612fea8a8f36de82e1278abb02f"));
	assert_true(has_obs(a, CB_OBS_FILE, "/a.exe"));
	/* The same signature on the same flow: the same alert. */
	assert_string_equal(g.a[2]->source_ref, g.a[3]->source_ref);
	assert_int_equal(g.nf, 1);
	assert_string_equal(g.f[0].src, "10.20.30.40");
	assert_string_equal(g.f[0].dst, "198.51.100.20");
	assert_int_equal(g.f[0].dst_port, 80);
	assert_int_equal(g.f[0].bytes_out, 612);
	assert_int_equal(g.f[0].bytes_in, 480);
	assert_time(g.f[0].start, "2026-11-26T10:58:59Z");
	assert_round_trips(&g);
	got_free(&g);
}

/* --- casebook's own lines, bad lines, hostile bytes ------------------------- */

static void
test_own_json(void **state)
{
	struct got g = { 0 };
	struct cb_alert *a;

	(void)state;
	assert_int_equal(parse_file("casebook.jsonl", CB_ALERT_JSON,
	    &plain_ctx, &g), 0);
	assert_int_equal(g.n, 2);
	a = g.a[0];
	assert_string_equal(a->source_ref, "a1b2c3d4:00000001:ffffffff");
	assert_string_equal(a->src.host, "pc-0042.lab.example.ac.jp");
	assert_true(a->score == 80);
	assert_int_equal(a->nobs, 2);
	/* received comes from the line, not from the reader. */
	assert_time(a->received, "2026-11-26T01:56:30Z");
	assert_string_equal(g.a[1]->department, "附属図書館");
	assert_round_trips(&g);
	got_free(&g);
}

/*
 * The writer skips plain ASCII 8 bytes at a time: a byte to escape, or
 * UTF-8 to keep, at every place in and across those 8 bytes is written
 * as a byte-by-byte escaper writes it, and reads back.  And observables
 * past the array's first sizes (4, 8) are all kept, once each.
 */
static void
escape_one(char *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			out += sprintf(out, "\\%c", c);
		else if (c == '\n')
			out += sprintf(out, "\\n");
		else if (c < 0x20)
			out += sprintf(out, "\\u%04x", c);
		else
			*out++ = (char)c;
	}
	*out = '\0';
}

static void
test_escapes(void **state)
{
	static const char *const odd[] = { "\"", "\\", "\n", "\x01", "\x1f",
		"\xc3\xa9", "\x7f", " ", "\xe3\x81\x82\"" };
	char sig[64], want[160], *json, *at;
	struct cb_alert a, back;
	struct cb_error err;

	(void)state;
	for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
		for (int pos = 0; pos <= 17; pos++) {
			cb_alert_init(&a);
			snprintf(sig, sizeof sig, "%.*s%s%.*s", pos,
			    "abcdefghijklmnopqr", odd[k], 17 - pos,
			    "ABCDEFGHIJKLMNOPQ");
			a.source = strdup("test");
			a.source_ref = strdup(sig);
			a.signature = strdup(sig);
			a.event_time = a.received = RECEIVED;
			json = cb_alert_to_json(&a);
			escape_one(want + sprintf(want, "\"signature\":\""), sig);
			strcat(want, "\"");
			if ((at = strstr(json, want)) == NULL)
				fail_msg("%s not in %s", want, json);
			assert_round_trip(&a);
			assert_int_equal(cb_alert_from_json(json, strlen(json),
			    &back, &err), CB_OK);
			assert_string_equal(back.signature, sig);
			cb_alert_free(&back);
			free(json);
			cb_alert_free(&a);
		}
	cb_alert_init(&a);
	a.source = strdup("test");
	a.source_ref = strdup("many");
	a.signature = strdup("many observables");
	for (int i = 0; i < 9; i++) {
		snprintf(sig, sizeof sig, "10.0.0.%d", i);
		cb_alert_add_obs(&a, CB_OBS_IP, sig);
		cb_alert_add_obs(&a, CB_OBS_IP, sig);
	}
	assert_int_equal(a.nobs, 9);
	json = cb_alert_to_json(&a);
	assert_int_equal(cb_alert_from_json(json, strlen(json), &back, &err),
	    CB_OK);
	assert_int_equal(back.nobs, 9);
	for (int i = 0; i < 9; i++) {
		snprintf(sig, sizeof sig, "10.0.0.%d", i);
		assert_string_equal(back.obs[i].value, sig);
	}
	cb_alert_free(&back);
	free(json);
	cb_alert_free(&a);
}

/* Scores are written as doc/alerts.md shows them: 80, not 8e+01. */
static void
test_score_form(void **state)
{
	static const struct { double v; const char *text; } form[] = {
		{ 80, "\"score\":80," }, { 0, "\"score\":0," },
		{ 100, "\"score\":100," }, { 0.5, "\"score\":0.5," },
		{ 99.9, "\"score\":99.9," }, { 7.25, "\"score\":7.25," },
		{ 1e15, "\"score\":1e+15," },
	};
	struct cb_alert a;
	char *json;

	(void)state;
	for (size_t i = 0; i < sizeof form / sizeof form[0]; i++) {
		cb_alert_init(&a);
		a.source = strdup("test");
		a.source_ref = strdup("score");
		a.score = form[i].v;
		json = cb_alert_to_json(&a);
		if (strstr(json, form[i].text) == NULL)
			fail_msg("%s not in %s", form[i].text, json);
		assert_round_trip(&a);
		free(json);
		cb_alert_free(&a);
	}
}

static void
test_bad_lines(void **state)
{
	static const char *const why[] = {
		"not JSON",
		"timestamp: 'yesterday' is not a time",
		"alert.signature_id is missing",
		"a flow event without its flow object",
		"a JSON object of no format casebook reads",
		"a JSON value that is not an object",
		"a CEF header of 5 fields, not 7",
		"where a key=value pair should start",
		"CEF version '2'",
		"impact: 'lots' is not a number",
		"start: 'the day before' is not a time",
		"a LEEF header of 4 fields, not 5",
		"LEEF delimiter 'toolong'",
		"a line of no format casebook reads",
		"unknown key 'colour'",
		"casebook alert version 2",
		"source is empty",
		"preview is not true or false",
	};
	size_t n = sizeof why / sizeof why[0];
	struct got g = { 0 };

	(void)state;
	assert_int_equal(parse_file("bad-lines.txt", CB_ALERT_AUTO, &plain_ctx,
	    &g), n);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nbad, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(g.bad_line[i], i + 1);
		if (strstr(g.bad_why[i], why[i]) == NULL)
			fail_msg("line %zu: '%s' does not say '%s'", i + 1,
			    g.bad_why[i], why[i]);
	}
	got_free(&g);
}

/* Good and bad lines mixed: the good land, the bad are named. */
static void
test_mixed_batch(void **state)
{
	static const char batch[] =
	    "{\"timestamp\":\"2026-11-26T10:00:00Z\",\"flow_id\":7,"
	    "\"event_type\":\"alert\",\"alert\":{\"signature_id\":1}}\n"
	    "\n"
	    "CEF:0|Lastline|Enterprise|7.3|x|y|5|cs1=abc cs1Label=detectionId\n"
	    "garbage\n"
	    "LEEF:1.0|Lastline|Enterprise|7.3|x|detectionId=def\r\n";
	struct got g = { 0 };
	struct cb_alert_sink sink = { got_alert, NULL, got_bad, &g };

	(void)state;
	assert_int_equal(cb_alert_parse_all(CB_ALERT_AUTO, batch,
	    strlen(batch), &plain_ctx, &sink), 1);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.a[0]->source_ref, "7:1");
	assert_string_equal(g.a[0]->signature, "sid 1");
	assert_string_equal(g.a[1]->source_ref, "abc");
	assert_string_equal(g.a[2]->source_ref, "def");
	assert_int_equal(g.bad_line[0], 4);
	got_free(&g);
}

static void
test_hostile(void **state)
{
	/* Invalid UTF-8, a NUL, an escape sequence, a bidi override. */
	static const char cef[] = "CEF:0|Evil\xff|P|1|sig|N\x1b[2J|5|"
	    "cat=a\xc0/b\xe2\x80\xae" "x cs1=id\xfe cs1Label=detectionId "
	    "fname=\x01\x02";
	char line[sizeof cef + 8];
	struct got g = { 0 };
	struct cb_alert_sink sink = { got_alert, NULL, got_bad, &g };
	struct cb_error err;
	struct cb_alert *a;
	char *json;

	(void)state;
	memcpy(line, cef, sizeof cef);
	line[sizeof cef - 2] = '\0';	/* a NUL in fname */
	assert_int_equal(cb_alert_parse(CB_ALERT_CEF, line, sizeof cef - 1,
	    &plain_ctx, &sink, &err), CB_OK);
	a = g.a[0];
	assert_string_equal(a->source, "evil");
	assert_string_equal(a->source_ref, "id\xef\xbf\xbd");
	assert_true(cb_utf8_valid(a->signature, strlen(a->signature)));
	assert_true(cb_utf8_valid(a->category, strlen(a->category)));
	for (size_t i = 0; i < a->nobs; i++)
		assert_true(cb_utf8_valid(a->obs[i].value,
		    strlen(a->obs[i].value)));
	/* The raw bytes are kept as they came, NUL and all, as base64. */
	assert_int_equal(a->raw_cap, sizeof cef - 1);
	assert_memory_equal(a->raw, line, sizeof cef - 1);
	json = cb_alert_to_json(a);
	assert_non_null(strstr(json, "\"raw_base64\":"));
	free(json);
	assert_round_trip(a);
	got_free(&g);
}

static void
test_raw_cap(void **state)
{
	struct cb_alert a;
	struct cb_buf line = { 0 };
	char *json;

	(void)state;
	cb_alert_init(&a);
	a.source = xstrdup("t");
	a.source_ref = xstrdup("r");
	for (int i = 0; i < 2000; i++)
		cb_buf_adds(&line, "日本語x");	/* 10 bytes */
	cb_alert_set_raw(&a, line.data, line.len);
	assert_int_equal(a.raw_len, 20000);
	assert_true(a.raw_cap <= CB_ALERT_RAW_MAX);
	assert_true(a.raw_cap > CB_ALERT_RAW_MAX - 4);
	/* Cut at a character boundary: still text, so "raw", not base64. */
	assert_true(cb_utf8_valid(a.raw, a.raw_cap));
	json = cb_alert_to_json(&a);
	assert_non_null(strstr(json, "\"raw_len\":20000"));
	assert_null(strstr(json, "raw_base64"));
	free(json);
	assert_round_trip(&a);
	cb_alert_free(&a);
	cb_buf_free(&line);
}

static void
test_json_refused(void **state)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"src\":{\"addr\":\"999.1.1.1\"}}",
		  "src.addr: '999.1.1.1' is not an IP address" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"dst\":{\"port\":70000}}",
		  "dst.port is not a port" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"severity\":\"urgent\"}",
		  "severity: 'urgent' is none of" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"observables\":[{\"type\":\"ip\"}]}",
		  "observables[0]: needs a type and a non-empty value" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"raw_base64\":\"!!!!\"}",
		  "raw_base64 is not base64" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\"}",
		  "no received" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source\":\"t\"}",
		  "duplicate key 'source'" },
		{ "{\"casebook_alert\":1,\"source\":\"s\\u0000x\",\"source_ref\":"
		  "\"r\"}", "source holds a NUL character" },
		{ "{\"casebook_alert\":1,\"source\":\"s\",\"source_ref\":\"r\","
		  "\"event_time\":\"2026-11-26T10:56:29Z\",\"received\":"
		  "\"2026-11-26T10:56:29Z\",\"src\":{\"port\":1,\"port\":2}}",
		  "src: duplicate key 'port'" },
		{ "{\"casebook_alert\":1,\"source\":\"s\\ud800\"}",
		  "not JSON: a high surrogate without its low one" },
	};
	struct cb_alert a;
	struct cb_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(cb_alert_from_json(cases[i].line,
		    strlen(cases[i].line), &a, &err), CB_ERR);
		if (strstr(err.msg, cases[i].why) == NULL)
			fail_msg("case %zu: '%s' does not say '%s'", i, err.msg,
			    cases[i].why);
		cb_alert_free(&a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_written_times),
		cmocka_unit_test(test_jscan),
		cmocka_unit_test(test_splunk_webhook),
		cmocka_unit_test(test_splunk_dedup),
		cmocka_unit_test(test_splunk_notable),
		cmocka_unit_test(test_splunk_results_file),
		cmocka_unit_test(test_gunzip),
		cmocka_unit_test(test_splunk_export),
		cmocka_unit_test(test_splunk_csv),
		cmocka_unit_test(test_splunk_csv_bad),
		cmocka_unit_test(test_cef),
		cmocka_unit_test(test_leef),
		cmocka_unit_test(test_suricata),
		cmocka_unit_test(test_own_json),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_score_form),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_mixed_batch),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_raw_cap),
		cmocka_unit_test(test_json_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
