/*
 * The parse in a thread of its own (core/alertpipe.c) against the parse
 * in the caller's thread: the same alerts, flows and bad lines in the
 * same order, line numbers counted from the buffer's start whatever the
 * pieces, end() after each piece, prepare() in the parse's thread and
 * everything else in the caller's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <cmocka.h>

#include "core/alertpipe.h"
#include "core/xmalloc.h"

#define RECEIVED	((time_t)1795658400)	/* 2026-11-26T02:00:00Z */

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

/* What a parse told, one line a thing, for comparing two parses. */
struct log {
	struct cb_buf text;
	pthread_t caller;
	bool threaded;		/* prepare() must run in another thread */
	size_t prepared, ends, lasts, stop_after;
	bool wrong_thread;
};

static void
caller_only(struct log *l)
{
	if (!pthread_equal(pthread_self(), l->caller))
		l->wrong_thread = true;
}

static void *
log_prepare(struct cb_alert *a, void *arg)
{
	struct log *l = arg;

	if (l->threaded && pthread_equal(pthread_self(), l->caller))
		l->wrong_thread = true;
	return xasprintf("%s:%s", a->source, a->source_ref);
}

static void
log_alert(struct cb_alert *a, void *extra, void *arg)
{
	struct log *l = arg;
	char *line = cb_alert_to_json(a);

	caller_only(l);
	l->prepared++;
	cb_buf_printf(&l->text, "prepared %s\n", (char *)extra);
	cb_buf_adds(&l->text, line);
	free(line);
	free(extra);
	cb_alert_free(a);
	free(a);
}

static void
log_flow(const struct cb_flow *f, void *arg)
{
	struct log *l = arg;

	caller_only(l);
	cb_buf_printf(&l->text, "flow %s %s %lld\n", f->src, f->dst,
	    (long long)f->start);
}

static void
log_bad(size_t line, const char *why, void *arg)
{
	struct log *l = arg;

	caller_only(l);
	cb_buf_printf(&l->text, "bad %zu %s\n", line, why);
}

static bool
log_end(bool last, void *arg)
{
	struct log *l = arg;

	caller_only(l);
	l->ends++;
	l->lasts += last;
	return l->stop_after == 0 || l->ends < l->stop_after;
}

/* The reference: cb_alert_parse_all's sink, prepare() done here. */
static void
plain_alert(struct cb_alert *a, void *arg)
{
	log_alert(a, log_prepare(a, arg), arg);
}

/* EVE alerts, flows and bad lines, mixed: n lines. */
static char *
make_input(size_t n, size_t *len)
{
	struct cb_buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (i % 17 == 5)
			cb_buf_printf(&b, "not json at %zu\n", i);
		else if (i % 7 == 3)
			cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T00:%02zu:"
			    "00.000000+0000\",\"event_type\":\"flow\","
			    "\"src_ip\":\"10.0.0.%zu\",\"dest_ip\":"
			    "\"198.51.100.1\",\"src_port\":4000,\"dest_port\":"
			    "443,\"proto\":\"TCP\",\"flow\":{\"start\":"
			    "\"2026-11-26T00:%02zu:00.000000+0000\","
			    "\"bytes_toserver\":100,\"bytes_toclient\":200}}\n",
			    i % 60, i % 250, i % 60);
		else
			cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T00:%02zu:"
			    "00.000000+0000\",\"flow_id\":%zu,\"event_type\":"
			    "\"alert\",\"src_ip\":\"10.0.0.%zu\",\"src_port\":"
			    "1024,\"dest_ip\":\"198.51.100.%zu\",\"dest_port\":"
			    "80,\"proto\":\"TCP\",\"alert\":{\"signature_id\":"
			    "%zu,\"signature\":\"ET TEST %zu\",\"category\":"
			    "\"Test\",\"severity\":2}}\n", i % 60, 1000 + i,
			    i % 250, i % 7, 2000 + i % 3, i % 3);
	}
	*len = b.len;
	return cb_buf_detach(&b);
}

static void
test_same_as_in_one_thread(void **state)
{
	static const size_t pieces[] = { 0, 1, 300, 4096, 1 << 20 };
	struct cb_alert_ctx ctx = { RECEIVED, NULL, NULL, NULL };
	struct log want = { .caller = pthread_self() };
	struct cb_alert_sink sink = { plain_alert, log_flow, log_bad, &want };
	size_t len, bad_want, lines = 3000;
	char *buf = make_input(lines, &len);

	(void)state;
	bad_want = cb_alert_parse_all(CB_ALERT_SURICATA, buf, len, &ctx, &sink);
	assert_int_equal(bad_want, lines / 17 + 1);
	assert_true(want.prepared > 2000);
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		struct log got = { .caller = pthread_self(), .threaded = true };
		struct cb_alert_pipe_ops ops = { log_prepare, log_alert,
			log_flow, log_bad, log_end, &got };

		assert_int_equal(cb_alert_parse_threaded(CB_ALERT_SURICATA,
		    buf, len, pieces[i], &ctx, &ops), bad_want);
		assert_string_equal(got.text.data, want.text.data);
		/* A piece of one byte is each line: they end at a newline. */
		if (pieces[i] == 1)
			assert_int_equal(got.ends, lines);
		if (pieces[i] == 0 || pieces[i] == 1 << 20)
			assert_int_equal(got.ends, 1);
		assert_int_equal(got.lasts, 1);
		assert_false(got.wrong_thread);
		cb_buf_free(&got.text);
	}
	cb_buf_free(&want.text);
	free(buf);
}

/* A small buf is parsed in the caller's thread, with the same result. */
static void
test_small_here(void **state)
{
	struct cb_alert_ctx ctx = { RECEIVED, NULL, NULL, NULL };
	struct log want = { .caller = pthread_self() };
	struct log got = { .caller = pthread_self() };
	struct cb_alert_sink sink = { plain_alert, log_flow, log_bad, &want };
	struct cb_alert_pipe_ops ops = { log_prepare, log_alert, log_flow,
		log_bad, log_end, &got };
	size_t len;
	char *buf = make_input(50, &len);

	(void)state;
	assert_int_equal(cb_alert_parse_threaded(CB_ALERT_SURICATA, buf, len,
	    0, &ctx, &ops), cb_alert_parse_all(CB_ALERT_SURICATA, buf, len,
	    &ctx, &sink));
	assert_string_equal(got.text.data, want.text.data);
	assert_int_equal(got.ends, 1);
	assert_false(got.wrong_thread);
	cb_buf_free(&want.text);
	cb_buf_free(&got.text);
	free(buf);
}

/* end() saying no: the parse stops after that piece, nothing leaks. */
static void
test_stop(void **state)
{
	struct cb_alert_ctx ctx = { RECEIVED, NULL, NULL, NULL };
	struct log got = { .caller = pthread_self(), .threaded = true,
		.stop_after = 2 };
	struct cb_alert_pipe_ops ops = { log_prepare, log_alert, log_flow,
		log_bad, log_end, &got };
	size_t len;
	char *buf = make_input(3000, &len);

	(void)state;
	(void)cb_alert_parse_threaded(CB_ALERT_SURICATA, buf, len, 1000,
	    &ctx, &ops);
	/* The parse runs ahead of end() by up to the ring's 8,192 alerts,
	 * then stops: not all 3,000 lines of 1,000 bytes' pieces. */
	assert_true(got.ends >= 2);
	assert_int_equal(got.lasts, 0);
	assert_true(got.prepared > 0 && got.prepared < 2000);
	assert_false(got.wrong_thread);
	cb_buf_free(&got.text);
	free(buf);
}

/* A results_file is read by the caller's thread, the parse waiting. */
static pthread_t reader_thread;

static enum cb_status
refuse_results(const char *path, struct cb_buf *out, void *arg,
    struct cb_error *err)
{
	(void)out;
	(void)arg;
	reader_thread = pthread_self();
	return cb_fail(err, CB_EDENIED, "%s: not here", path);
}

static void
test_results_file_read_here(void **state)
{
	struct cb_alert_ctx ctx = { RECEIVED, NULL, refuse_results, NULL };
	struct log plain = { .caller = pthread_self() };
	struct log got = { .caller = pthread_self(), .threaded = true };
	struct cb_alert_sink sink = { plain_alert, log_flow, log_bad, &plain };
	struct cb_alert_pipe_ops ops = { log_prepare, log_alert, log_flow,
		log_bad, log_end, &got };
	size_t len, n;
	char *body = slurp("splunk-custom-action.json", &len);
	char *more = make_input(3000, &n);

	/* Lines after it, so that the parse gets a thread of its own. */
	body = xrealloc(body, len + n);
	memcpy(body + len, more, n);
	len += n;
	free(more);
	(void)state;
	(void)cb_alert_parse_all(CB_ALERT_AUTO, body, len, &ctx, &sink);
	assert_non_null(strstr(plain.text.data, "not here"));
	reader_thread = (pthread_t)0;
	(void)cb_alert_parse_threaded(CB_ALERT_AUTO, body, len, 0, &ctx,
	    &ops);
	assert_true(pthread_equal(reader_thread, pthread_self()));
	assert_string_equal(got.text.data, plain.text.data);
	assert_false(got.wrong_thread);
	cb_buf_free(&plain.text);
	cb_buf_free(&got.text);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_in_one_thread),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_small_here),
		cmocka_unit_test(test_results_file_read_here),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
