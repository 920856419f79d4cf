/*
 * Delivery over real HTTPS to the fake servers of tests/net/fake-server.py
 * (started by tests/net/deliver.sh, which passes NET_PORT, NET_CA,
 * NET_OTHER_CA, NET_FREE_PORT, and the real casebook's events in
 * NET_EVENTS and NET_INCIDENT): net/http.c sends, core/ratelimit.c
 * decides, core/notify.c makes the bodies.  The server records when each
 * request arrived and what it told the client to wait for; the tests
 * assert the order of those times, never a duration.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <cmocka.h>

#include "core/notify.h"
#include "core/ratelimit.h"
#include "net/gitlab.h"
#include "net/http.h"

#define TOKEN "glpat-test-token"

static char base[128], hook[192], refused_hook[192];
static const char *ca, *other_ca;
static int free_port;

static int64_t
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void
sleep_until(int64_t at)
{
	int64_t d;

	while ((d = at - now_ms()) > 0) {
		struct timespec ts = { d / 1000, (d % 1000) * 1000000 };

		nanosleep(&ts, NULL);
	}
}

static struct cb_http_opts
opts(void)
{
	struct cb_http_opts o = { ca, 2000, 1000, 0 };

	return o;
}

/* A request to the server's control routes; returns the parsed answer. */
static json_t *
control(const char *method, const char *path, const char *body)
{
	struct cb_http_opts o = { ca, 2000, 5000, 1 << 22 };
	struct cb_http_response r;
	struct cb_error err;
	char url[256];
	json_t *j;

	snprintf(url, sizeof url, "%s%s", base, path);
	if (cb_http_request(&o, method, url, NULL, body, &r, &err) != CB_OK)
		fail_msg("control %s: %s", path, err.msg);
	assert_int_equal(r.answer.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	cb_http_response_free(&r);
	return j;
}

static void
script(const char *json)
{
	json_decref(control("POST", "/_script", json));
}

/* The webhook's arrivals so far. */
static json_t *
arrivals(void)
{
	json_t *log = control("GET", "/_log", NULL);
	json_t *h = json_incref(json_object_get(log, "hook"));

	json_decref(log);
	return h;
}

struct outcome {
	enum cb_verdict verdict;
	int attempts;
	enum cb_answer_kind kinds[16];
	enum cb_verdict verdicts[16];
	char reason[512];
};

/*
 * What the outbox runner will do for one message: send, decide, wait as
 * decided, until delivered or dead (at most 8 attempts).  between, when
 * set, runs after each failed attempt.
 */
static void
deliver(const char *url, const char *body, const struct cb_http_opts *o,
    void (*between)(int attempt), struct outcome *out)
{
	struct cb_backoff b = { 100, 400 };
	struct cb_rand r;
	int failures = 0;

	memset(out, 0, sizeof *out);
	cb_rand_seed(&r, 42);
	for (int i = 0; i < 8; i++) {
		struct cb_http_response resp;
		struct cb_decision d;
		struct cb_error err;

		cb_http_request(o, "POST", url, NULL, body, &resp, &err);
		out->kinds[i] = resp.answer.kind;
		cb_ratelimit_decide(&resp.answer, failures + 1, now_ms(), &b,
		    &r, &d);
		cb_http_response_free(&resp);
		out->verdicts[i] = out->verdict = d.verdict;
		out->attempts = i + 1;
		snprintf(out->reason, sizeof out->reason, "%s", d.reason);
		if (d.verdict == CB_VERDICT_DONE || d.verdict == CB_VERDICT_DEAD)
			return;
		if (d.verdict == CB_VERDICT_RETRY)
			failures++;
		if (between != NULL)
			between(i + 1);
		sleep_until(d.at);
	}
}

static void
incident(struct cb_incident *inc, const char *title)
{
	cb_incident_init(inc);
	snprintf(inc->id, sizeof inc->id, "2026-0042");
	free(inc->title);
	inc->title = strdup(title);
	inc->urgency = CB_URGENCY_HIGH;
	inc->phase = CB_PHASE_TRIAGE;
	cb_strlist_free(&inc->classes);
	cb_strlist_add(&inc->classes, "phishing");
	free(inc->department);
	inc->department = strdup("Engineering");
}

/* A Rocket.Chat body for an urgency change of 2026-0042. */
static char *
body_for(const char *title)
{
	struct cb_notify_opts o = { CB_CHAT_ROCKETCHAT, "en", false };
	struct cb_notify_event ev;
	const struct cb_notify_event *evs[] = { &ev };
	struct cb_incident inc;
	char *b;

	incident(&inc, title);
	cb_notify_event_from_row(&ev, 7, "abc123", "2026-0042", "set",
	    "Hanako Sato", 1764660000,
	    "{\"summary\":\"2026-0042: urgency: normal -> high\"}");
	b = cb_notify_chat_body(&o, evs, 1, &inc);
	cb_notify_event_free(&ev);
	cb_incident_free(&inc);
	return b;
}

static size_t
count_arrivals(void)
{
	json_t *h = arrivals();
	size_t n = json_array_size(h);

	json_decref(h);
	return n;
}

/* The last n arrivals' records (n <= 4), oldest first. */
static json_t *
last_arrivals(size_t n)
{
	json_t *h = arrivals(), *out = json_array();
	size_t total = json_array_size(h);

	assert_true(total >= n);
	for (size_t i = total - n; i < total; i++)
		json_array_append(out, json_array_get(h, i));
	json_decref(h);
	return out;
}

/* True when the process has libcurl mapped (/proc/self/maps). */
static bool
curl_mapped(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	bool found = false;

	if (f == NULL)
		skip();
	while (fgets(line, sizeof line, f) != NULL)
		found |= strstr(line, "libcurl") != NULL;
	fclose(f);
	return found;
}

/* Nothing of libcurl is loaded until a request is made (it runs first). */
static void
test_curl_loaded_by_first_request(void **state)
{
	(void)state;
	assert_false(curl_mapped());
	script("{}");
	assert_true(curl_mapped());
}

static void
test_body_arrives(void **state)
{
	char *body = body_for("Phishing mail to the library");
	struct cb_http_opts o = opts();
	struct outcome out;
	json_t *got, *sent, *att, *fields;

	(void)state;
	script("{}");
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	assert_int_equal(out.attempts, 1);
	got = last_arrivals(1);
	sent = json_loads(body, 0, NULL);
	{
		json_t *arrived = json_loads(json_string_value(json_object_get(
		    json_array_get(got, 0), "body")), 0, NULL);

		assert_non_null(arrived);
		assert_true(json_equal(arrived, sent));
		att = json_array_get(json_object_get(arrived, "attachments"),
		    0);
		assert_string_equal(json_string_value(json_object_get(att,
		    "title")), "[2026-0042] Phishing mail to the library");
		assert_string_equal(json_string_value(json_object_get(att,
		    "color")), cb_notify_colour(CB_URGENCY_HIGH));
		fields = json_object_get(att, "fields");
		assert_int_equal(json_array_size(fields), 4);
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(fields, 0), "value")), "phishing");
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(fields, 3), "value")), "Hanako Sato");
		assert_string_equal(json_string_value(json_object_get(arrived,
		    "text")), "2026-0042: urgency is now high");
		/* The department is left out by default. */
		assert_null(strstr(json_string_value(json_object_get(
		    json_array_get(got, 0), "body")), "Engineering"));
		json_decref(arrived);
	}
	json_decref(sent);
	json_decref(got);
	free(body);
}

/* A 429 then success: the retry came no sooner than the server said. */
static void
waited_out(const char *mode)
{
	char *body = body_for("Scan from 192.0.2.1"), s[64];
	struct cb_http_opts o = opts();
	struct outcome out;
	json_t *got, *first, *second;

	snprintf(s, sizeof s, "{\"hook\": [\"%s\"]}", mode);
	script(s);
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	assert_int_equal(out.attempts, 2);
	assert_int_equal(out.verdicts[0], CB_VERDICT_HOLD);
	got = last_arrivals(2);
	first = json_array_get(got, 0);
	second = json_array_get(got, 1);
	assert_string_equal(json_string_value(json_object_get(first,
	    "answer")), mode);
	assert_true(json_integer_value(json_object_get(first, "not_before")) >
	    json_integer_value(json_object_get(first, "at")));
	/* Nothing was sent before the time the server gave. */
	if (json_integer_value(json_object_get(second, "at")) <
	    json_integer_value(json_object_get(first, "not_before")))
		fail_msg("%s: sent again at %lld, before %lld", mode,
		    (long long)json_integer_value(json_object_get(second,
		    "at")), (long long)json_integer_value(json_object_get(
		    first, "not_before")));
	json_decref(got);
	free(body);
}

static void
test_429_reset_ms(void **state)
{
	(void)state;
	waited_out("429ms");
}

static void
test_429_retry_after(void **state)
{
	(void)state;
	waited_out("429ra");
}

static void
test_429_retry_after_date(void **state)
{
	(void)state;
	waited_out("429date");
}

static void
test_500_retried(void **state)
{
	char *body = body_for("Defacement");
	struct cb_http_opts o = opts();
	struct outcome out;
	size_t before = count_arrivals();

	(void)state;
	script("{\"hook\": [\"500\", \"500\"]}");
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	assert_int_equal(out.attempts, 3);
	assert_int_equal(out.verdicts[0], CB_VERDICT_RETRY);
	assert_int_equal(out.verdicts[1], CB_VERDICT_RETRY);
	assert_int_equal(count_arrivals(), before + 3);
	free(body);
}

static void
test_timeout_retried(void **state)
{
	char *body = body_for("DoS");
	struct cb_http_opts o = opts();
	struct outcome out;

	(void)state;
	script("{\"hook\": [\"hang\"]}");
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.kinds[0], CB_ANSWER_TIMEOUT);
	assert_int_equal(out.verdicts[0], CB_VERDICT_RETRY);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	assert_int_equal(out.attempts, 2);
	free(body);
}

static void
open_refused_port(int attempt)
{
	char b[64];

	if (attempt == 2) {
		snprintf(b, sizeof b, "{\"port\": %d}", free_port);
		json_decref(control("POST", "/_listen", b));
	}
}

static void
test_refused_retried(void **state)
{
	char *body = body_for("Malware site");
	struct cb_http_opts o = opts();
	struct cb_http_response r;
	struct cb_error err;
	struct outcome out;

	(void)state;
	/* Refused, in words naming the host and not the URL's token. */
	assert_int_equal(cb_http_request(&o, "POST", refused_hook, NULL, body,
	    &r, &err), CB_ERR);
	assert_int_equal(r.answer.kind, CB_ANSWER_NETWORK);
	assert_non_null(strstr(err.msg, "cannot connect to 127.0.0.1"));
	assert_null(strstr(err.msg, "TOKEN"));
	cb_http_response_free(&r);

	script("{}");
	deliver(refused_hook, body, &o, open_refused_port, &out);
	assert_int_equal(out.kinds[0], CB_ANSWER_NETWORK);
	assert_int_equal(out.kinds[1], CB_ANSWER_NETWORK);
	assert_int_equal(out.verdicts[0], CB_VERDICT_RETRY);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	assert_int_equal(out.attempts, 3);
	free(body);
}

/* The proxy variables are honoured: through a proxy that is not there,
   nothing arrives (run before the refused port comes alive). */
static void
test_proxy_honoured(void **state)
{
	char *body = body_for("Scan"), proxy[64];
	struct cb_http_opts o = opts();
	struct cb_http_response r;
	struct cb_error err;
	size_t before = count_arrivals();

	(void)state;
	snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", free_port);
	setenv("https_proxy", proxy, 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	assert_int_equal(cb_http_request(&o, "POST", hook, NULL, body, &r,
	    &err), CB_ERR);
	assert_int_equal(r.answer.kind, CB_ANSWER_NETWORK);
	cb_http_response_free(&r);
	unsetenv("https_proxy");
	assert_int_equal(count_arrivals(), before);
	free(body);
}

static void
test_400_dead(void **state)
{
	char *body = body_for("Policy");
	struct cb_http_opts o = opts();
	struct outcome out;
	size_t before = count_arrivals();

	(void)state;
	script("{\"hook\": [\"400\"]}");
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.verdict, CB_VERDICT_DEAD);
	assert_int_equal(out.attempts, 1);
	assert_non_null(strstr(out.reason, "HTTP 400"));
	assert_non_null(strstr(out.reason, "invalid-channel"));
	assert_int_equal(count_arrivals(), before + 1);
	free(body);
}

static void
test_unknown_ca_refused(void **state)
{
	char *body = body_for("Intrusion");
	struct cb_http_opts o = opts();
	struct cb_http_response r;
	struct cb_error err;
	size_t before = count_arrivals();

	(void)state;
	o.ca_file = other_ca;
	assert_int_equal(cb_http_request(&o, "POST", hook, NULL, body, &r,
	    &err), CB_ERR);
	assert_int_equal(r.answer.kind, CB_ANSWER_TLS);
	assert_non_null(strstr(err.msg, "not trusted"));
	cb_http_response_free(&r);
	/* The system's CAs do not know the test's CA either. */
	o.ca_file = NULL;
	assert_int_equal(cb_http_request(&o, "POST", hook, NULL, body, &r,
	    &err), CB_ERR);
	assert_int_equal(r.answer.kind, CB_ANSWER_TLS);
	cb_http_response_free(&r);
	assert_int_equal(count_arrivals(), before);
	free(body);
}

static void
test_plain_http_refused(void **state)
{
	struct cb_http_opts o = opts();
	struct cb_http_response r;
	struct cb_error err;
	char url[128];

	(void)state;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/hooks/a/b", free_port);
	assert_int_equal(cb_http_request(&o, "POST", url, NULL, "{}", &r,
	    &err), CB_EUSAGE);
	assert_non_null(strstr(err.msg, "https"));
	cb_http_response_free(&r);
}

static void
test_hostile_title_escaped(void **state)
{
	const char *title = "@all look [here](http://evil.example/a) "
	    "<http://evil.example|click> <!here> \x1b[31mred\x07 "
	    "\xe2\x80\xae" "fdp.exe @here";
	char *body = body_for(title);
	struct cb_http_opts o = opts();
	struct outcome out;
	json_t *got, *arrived;
	const char *raw, *t;

	(void)state;
	script("{}");
	deliver(hook, body, &o, NULL, &out);
	assert_int_equal(out.verdict, CB_VERDICT_DONE);
	got = last_arrivals(1);
	raw = json_string_value(json_object_get(json_array_get(got, 0),
	    "body"));
	arrived = json_loads(raw, 0, NULL);
	t = json_string_value(json_object_get(json_array_get(json_object_get(
	    arrived, "attachments"), 0), "title"));
	assert_non_null(t);
	assert_null(strchr(t, '@'));
	assert_null(strstr(t, "]("));
	assert_null(strchr(t, '<'));
	assert_null(strstr(t, "://"));
	assert_null(strstr(t, "\xe2\x80\xae"));
	for (const char *p = t; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	/* Still readable: the words are there. */
	assert_non_null(strstr(t, "\xef\xbc\xa0" "all look"));
	assert_non_null(strstr(t, "evil.example"));
	assert_non_null(strstr(t, "red"));
	/* The raw bytes on the wire: no ESC, no BEL, not even escaped. */
	assert_null(strstr(raw, "\\u001b"));
	assert_null(strstr(raw, "\\u0007"));
	json_decref(arrived);
	json_decref(got);
	free(body);
}

/*
 * The events the real casebook wrote (deliver.sh runs it: new, set
 * urgency, set assignees, a forced phase; NET_EVENTS and NET_INCIDENT
 * hold "casebook events --json" and "casebook show ID --json") read as
 * the runner will read them, made into bodies and delivered.
 */
static void
test_real_events(void **state)
{
	static const enum cb_notify_kind kinds[] = { CB_NOTIFY_NEW,
	    CB_NOTIFY_URGENCY, CB_NOTIFY_ASSIGN, CB_NOTIFY_PHASE };
	static const char *const texts[] = { "New incident 2026-0001",
	    "2026-0001: urgency is now high", "2026-0001: assigned to tanaka",
	    "2026-0001: phase is now triage" };
	struct cb_notify_opts no = { CB_CHAT_ROCKETCHAT, "en", false };
	struct cb_http_opts o = opts();
	struct cb_incident inc;
	struct cb_error err;
	json_t *events, *show, *e, *got;
	size_t i, n = 0;

	(void)state;
	events = json_load_file(getenv("NET_EVENTS"), 0, NULL);
	show = json_load_file(getenv("NET_INCIDENT"), 0, NULL);
	assert_non_null(events);
	assert_non_null(show);
	cb_incident_init(&inc);
	snprintf(inc.id, sizeof inc.id, "%s", json_string_value(
	    json_object_get(show, "id")));
	assert_int_equal(cb_incident_set(&inc, "title", json_string_value(
	    json_object_get(show, "title")), &err), CB_OK);
	assert_int_equal(cb_incident_set(&inc, "urgency", json_string_value(
	    json_object_get(show, "urgency")), &err), CB_OK);
	assert_int_equal(cb_incident_set(&inc, "phase", json_string_value(
	    json_object_get(show, "phase")), &err), CB_OK);
	script("{}");
	json_array_foreach(events, i, e) {
		const char *id = json_string_value(json_object_get(e,
		    "incident"));
		char *payload = json_dumps(json_object_get(e, "payload"),
		    JSON_COMPACT);
		struct cb_notify_event ev;
		const struct cb_notify_event *evs[] = { &ev };
		struct outcome out;
		time_t at = 0;
		char *body;

		if (id == NULL) {	/* the store's creation */
			free(payload);
			continue;
		}
		assert_true(n < 4);
		assert_true(cb_time_parse(json_string_value(json_object_get(e,
		    "at")), &at));
		cb_notify_event_from_row(&ev, json_integer_value(
		    json_object_get(e, "seq")), json_string_value(
		    json_object_get(e, "commit")), id, json_string_value(
		    json_object_get(e, "action")), json_string_value(
		    json_object_get(e, "actor")), at, payload);
		assert_int_equal(ev.kind, kinds[n]);
		body = cb_notify_chat_body(&no, evs, 1, &inc);
		deliver(hook, body, &o, NULL, &out);
		assert_int_equal(out.verdict, CB_VERDICT_DONE);
		got = last_arrivals(1);
		{
			json_t *arrived = json_loads(json_string_value(
			    json_object_get(json_array_get(got, 0), "body")), 0,
			    NULL);

			assert_string_equal(json_string_value(json_object_get(
			    arrived, "text")), texts[n]);
			assert_string_equal(json_string_value(json_object_get(
			    json_array_get(json_object_get(arrived,
			    "attachments"), 0), "title")), "[2026-0001] Phish "
			    "\xef\xbc\xa0" "all \xef\xbc\x9c!here\xef\xbc\x9e");
			json_decref(arrived);
		}
		json_decref(got);
		cb_notify_event_free(&ev);
		free(body);
		free(payload);
		n++;
	}
	assert_int_equal(n, 4);
	cb_incident_free(&inc);
	json_decref(events);
	json_decref(show);
}

/* --- GitLab ------------------------------------------------------------------------------- */

static struct cb_gitlab
gitlab(void)
{
	struct cb_gitlab gl = { base, "csirt/cases", TOKEN, opts() };

	return gl;
}

static json_t *
issues(void)
{
	json_t *log = control("GET", "/_log", NULL);
	json_t *is = json_incref(json_object_get(log, "issues"));

	json_decref(log);
	return is;
}

static void
test_gitlab_lost_create(void **state)
{
	struct cb_gitlab gl = gitlab();
	struct cb_gitlab_issue is = { 0 };
	struct cb_backoff b = { 100, 400 };
	struct cb_incident inc;
	struct cb_rand r;
	const long ids[] = { 7 };
	bool created = false;
	int attempts = 0, failures = 0;
	enum cb_status s;
	json_t *all, *one;
	const char *desc;

	(void)state;
	incident(&inc, "Phishing, mail to the library");
	cb_rand_seed(&r, 1);
	script("{\"drop_creates\": 1}");
	do {
		struct cb_http_response resp;
		struct cb_decision d;
		struct cb_error err;

		cb_gitlab_issue_free(&is);
		s = cb_gitlab_ensure(&gl, &inc, "en", false, ids, 1, &is,
		    &created, &resp, &err);
		cb_ratelimit_decide(&resp.answer, failures + 1, now_ms(), &b,
		    &r, &d);
		cb_http_response_free(&resp);
		attempts++;
		if (s != CB_OK) {
			assert_int_equal(d.verdict, CB_VERDICT_RETRY);
			failures++;
			sleep_until(d.at);
		}
	} while (s != CB_OK && attempts < 5);
	assert_int_equal(s, CB_OK);
	assert_int_equal(attempts, 2);
	/* Found again by its marker, not made a second time. */
	assert_false(created);
	assert_int_equal(is.iid, 1);
	assert_non_null(strstr(is.web_url, "/csirt/cases/-/issues/1"));
	all = issues();
	assert_int_equal(json_array_size(all), 1);
	/* One create was sent: libcurl did not replay it on its own when the
	   kept-open connection closed with no answer (net/http.h, once). */
	{
		json_t *log = control("GET", "/_log", NULL), *rec;
		size_t i, creates = 0;

		json_array_foreach(json_object_get(log, "gitlab"), i, rec)
			creates += strcmp(json_string_value(json_object_get(rec,
			    "method")), "POST") == 0 && strcmp(
			    json_string_value(json_object_get(rec, "path")),
			    "csirt%2Fcases/issues") == 0;
		assert_int_equal(creates, 1);
		json_decref(log);
	}
	one = json_array_get(all, 0);
	assert_true(json_is_true(json_object_get(one, "confidential")));
	assert_string_equal(json_string_value(json_object_get(one, "title")),
	    "[2026-0042] Phishing, mail to the library");
	desc = json_string_value(json_object_get(one, "description"));
	assert_non_null(strstr(desc, "casebook:incident=2026-0042"));
	/* urgency, phase, the class and the department: no severity yet. */
	assert_int_equal(json_array_size(json_object_get(one, "labels")), 4);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    one, "labels"), 3)), "department::Engineering");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    one, "labels"), 0)), "urgency::high");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    one, "labels"), 1)), "phase::triage");
	json_decref(all);

	/* A third ensure finds it too. */
	{
		struct cb_gitlab_issue again;
		struct cb_http_response resp;
		struct cb_error err;

		assert_int_equal(cb_gitlab_ensure(&gl, &inc, "en", false, ids,
		    1, &again, &created, &resp, &err), CB_OK);
		assert_false(created);
		assert_int_equal(again.iid, 1);
		cb_gitlab_issue_free(&again);
		cb_http_response_free(&resp);
	}
	/* Closed when the incident closes; a note. */
	{
		struct cb_http_response resp;
		struct cb_error err;

		inc.phase = CB_PHASE_CLOSED;
		assert_int_equal(cb_gitlab_update(&gl, is.iid, &inc,
		    cb_gitlab_state_event(CB_PHASE_REPORT, CB_PHASE_CLOSED),
		    NULL, 0, &resp, &err), CB_OK);
		cb_http_response_free(&resp);
		assert_int_equal(cb_gitlab_note(&gl, is.iid, "Phase report -> "
		    "closed", true, &resp, &err), CB_OK);
		cb_http_response_free(&resp);
	}
	all = issues();
	one = json_array_get(all, 0);
	assert_string_equal(json_string_value(json_object_get(one, "state")),
	    "closed");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    one, "labels"), 1)), "phase::closed");
	assert_int_equal(json_array_size(json_object_get(one, "notes")), 1);
	json_decref(all);
	cb_gitlab_issue_free(&is);
	cb_incident_free(&inc);
}

static void
test_gitlab_bad_token(void **state)
{
	struct cb_gitlab gl = gitlab();
	struct cb_gitlab_issue is;
	struct cb_http_response resp;
	struct cb_decision d;
	struct cb_error err;
	struct cb_rand r;

	(void)state;
	gl.token = "wrong";
	cb_rand_seed(&r, 1);
	assert_int_equal(cb_gitlab_find(&gl, "2026-0042", &is, &resp, &err),
	    CB_ERR);
	assert_non_null(strstr(err.msg, "GitLab answered 401"));
	cb_ratelimit_decide(&resp.answer, 1, now_ms(), NULL, &r, &d);
	assert_int_equal(d.verdict, CB_VERDICT_DEAD);
	assert_non_null(strstr(d.reason, "401 Unauthorized"));
	cb_http_response_free(&resp);
	cb_gitlab_issue_free(&is);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curl_loaded_by_first_request),
		cmocka_unit_test(test_body_arrives),
		cmocka_unit_test(test_429_reset_ms),
		cmocka_unit_test(test_429_retry_after),
		cmocka_unit_test(test_429_retry_after_date),
		cmocka_unit_test(test_500_retried),
		cmocka_unit_test(test_timeout_retried),
		cmocka_unit_test(test_proxy_honoured),
		cmocka_unit_test(test_refused_retried),
		cmocka_unit_test(test_400_dead),
		cmocka_unit_test(test_unknown_ca_refused),
		cmocka_unit_test(test_plain_http_refused),
		cmocka_unit_test(test_hostile_title_escaped),
		cmocka_unit_test(test_real_events),
		cmocka_unit_test(test_gitlab_lost_create),
		cmocka_unit_test(test_gitlab_bad_token),
	};
	const char *port = getenv("NET_PORT"), *fp = getenv("NET_FREE_PORT");

	ca = getenv("NET_CA");
	other_ca = getenv("NET_OTHER_CA");
	if (port == NULL || fp == NULL || ca == NULL || other_ca == NULL ||
	    getenv("NET_EVENTS") == NULL || getenv("NET_INCIDENT") == NULL) {
		fprintf(stderr, "run by tests/net/deliver.sh (NET_PORT, "
		    "NET_CA, NET_OTHER_CA, NET_FREE_PORT, NET_EVENTS, "
		    "NET_INCIDENT)\n");
		return 1;
	}
	free_port = atoi(fp);
	snprintf(base, sizeof base, "https://127.0.0.1:%s", port);
	snprintf(hook, sizeof hook, "%s/hooks/abc/TOKEN", base);
	snprintf(refused_hook, sizeof refused_hook,
	    "https://127.0.0.1:%d/hooks/abc/TOKEN", free_port);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
