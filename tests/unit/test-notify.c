/* Chat and GitLab bodies (core/notify.c): content, escaping, language. */
#include <jansson.h>
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "core/notify.h"

static void
incident(struct cb_incident *inc, const char *title)
{
	cb_incident_init(inc);
	snprintf(inc->id, sizeof inc->id, "2026-0042");
	free(inc->title);
	inc->title = strdup(title);
	inc->urgency = CB_URGENCY_IMMEDIATE;
	inc->phase = CB_PHASE_TRIAGE;
	cb_strlist_free(&inc->classes);
	cb_strlist_add(&inc->classes, "phishing");
	cb_strlist_add(&inc->classes, "malware");
	free(inc->department);
	inc->department = strdup("Faculty of Engineering");
	cb_strlist_add(&inc->hosts, "10.1.2.3");
}

static char *
escape(enum cb_chat chat, const char *s)
{
	struct cb_buf b = { 0 };

	cb_buf_adds(&b, "");
	cb_notify_escape(&b, chat, s);
	return cb_buf_detach(&b);
}

static void
expect_escape(enum cb_chat chat, const char *in, const char *want)
{
	char *got = escape(chat, in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_escape(void **state)
{
	(void)state;
	expect_escape(CB_CHAT_ROCKETCHAT, "@all @here hi",
	    "\xef\xbc\xa0" "all \xef\xbc\xa0" "here hi");
	expect_escape(CB_CHAT_MATTERMOST, "[x](http://evil.example/)",
	    "\xef\xbc\xbb" "x\xef\xbc\xbd" "(http[:]//evil.example/)");
	expect_escape(CB_CHAT_SLACK, "<http://evil|x> <!here> a&b",
	    "\xef\xbc\x9c" "http[:]//evil|x\xef\xbc\x9e \xef\xbc\x9c!here"
	    "\xef\xbc\x9e a&amp;b");
	expect_escape(CB_CHAT_ROCKETCHAT, "a&b", "a&b");
	/* Controls removed, a newline a space, bidi gone, bad UTF-8 U+FFFD. */
	expect_escape(CB_CHAT_ROCKETCHAT, "a\x1b[31mb\x07\nc\xe2\x80\xae" "d"
	    "\xc2\x9b" "e\xff", "a\xef\xbc\xbb" "31mb cde\xef\xbf\xbd");
	/* Japanese passes; a colon not before // passes. */
	expect_escape(CB_CHAT_ROCKETCHAT, "フィッシング: 10:42",
	    "フィッシング: 10:42");
	/* A removed byte or invisible character does not hide a scheme
	   (found by tests/fuzz/fuzz-notify.c). */
	expect_escape(CB_CHAT_SLACK, "http\x07://evil hxxp\xe2\x80\x8b://x "
	    "ftp:\x02//y", "http[:]//evil hxxp[:]//x ftp[:]//y");
	/* "://" with no scheme before it is no link either way. */
	expect_escape(CB_CHAT_ROCKETCHAT, " ://x", " ://x");
	expect_escape(CB_CHAT_ROCKETCHAT, "", "");
}

static json_t *
body(enum cb_chat chat, const char *lang, bool more, const char *action,
    const char *payload, const char *title)
{
	struct cb_notify_opts o = { chat, lang, more };
	struct cb_notify_event ev;
	const struct cb_notify_event *evs[] = { &ev };
	struct cb_incident inc;
	char *b;
	json_t *j;

	incident(&inc, title);
	cb_notify_event_from_row(&ev, 12, "abc", "2026-0042", action,
	    "Taro Yamada", 1764660000, payload);
	b = cb_notify_chat_body(&o, evs, 1, &inc);
	j = json_loads(b, 0, NULL);
	assert_non_null(j);
	free(b);
	cb_notify_event_free(&ev);
	cb_incident_free(&inc);
	return j;
}

static const char *
str(json_t *o, const char *path)
{
	/* "attachments.0.title"-style path through objects and arrays. */
	char buf[128], *tok, *save;

	snprintf(buf, sizeof buf, "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok != NULL;
	    tok = strtok_r(NULL, ".", &save))
		o = json_is_array(o) ? json_array_get(o, (size_t)atoi(tok)) :
		    json_object_get(o, tok);
	return json_string_value(o);
}

static void
test_rocketchat_body(void **state)
{
	json_t *j = body(CB_CHAT_ROCKETCHAT, "en", false, "create",
	    "{\"summary\":\"2026-0042: new incident: Phish\"}",
	    "Phishing to the library");

	(void)state;
	assert_string_equal(str(j, "text"), "New incident 2026-0042");
	assert_true(json_is_false(json_object_get(j, "parseUrls")));
	assert_string_equal(str(j, "attachments.0.title"),
	    "[2026-0042] Phishing to the library");
	assert_string_equal(str(j, "attachments.0.color"), "#d9534f");
	assert_string_equal(str(j, "attachments.0.fields.0.title"), "Class");
	assert_string_equal(str(j, "attachments.0.fields.0.value"),
	    "phishing, malware");
	assert_string_equal(str(j, "attachments.0.fields.1.value"),
	    "immediate");
	assert_string_equal(str(j, "attachments.0.fields.2.value"), "triage");
	assert_string_equal(str(j, "attachments.0.fields.3.title"), "Who");
	assert_string_equal(str(j, "attachments.0.fields.3.value"),
	    "Taro Yamada");
	assert_string_equal(str(j, "attachments.0.footer"),
	    "casebook 2026-0042 #12");
	/* Confidential by default: no department, no host. */
	assert_int_equal(json_array_size(json_object_get(json_array_get(
	    json_object_get(j, "attachments"), 0), "fields")), 4);
	json_decref(j);

	j = body(CB_CHAT_ROCKETCHAT, "en", true, "create", NULL, "x");
	assert_string_equal(str(j, "attachments.0.fields.3.title"),
	    "Department");
	assert_string_equal(str(j, "attachments.0.fields.3.value"),
	    "Faculty of Engineering");
	assert_string_equal(str(j, "attachments.0.fields.4.value"),
	    "10.1.2.3");
	json_decref(j);
}

static void
test_slack_mattermost_body(void **state)
{
	json_t *j = body(CB_CHAT_SLACK, NULL, false, "set",
	    "{\"summary\":\"2026-0042: urgency: normal -> immediate\"}",
	    "R&D <b>");

	(void)state;
	assert_string_equal(str(j, "text"),
	    "2026-0042: urgency is now immediate");
	assert_string_equal(str(j, "attachments.0.fallback"),
	    "2026-0042: urgency is now immediate");
	assert_string_equal(str(j, "attachments.0.title"),
	    "[2026-0042] R&amp;D \xef\xbc\x9c" "b\xef\xbc\x9e");
	assert_null(json_object_get(j, "parseUrls"));
	json_decref(j);
	j = body(CB_CHAT_MATTERMOST, NULL, false, "advance",
	    "{\"summary\":\"2026-0042: phase triage -> initial\"}", "R&D");
	assert_string_equal(str(j, "text"), "2026-0042: phase is now initial");
	assert_string_equal(str(j, "attachments.0.title"), "[2026-0042] R&D");
	json_decref(j);
}

static void
test_events(void **state)
{
	struct cb_notify_event ev;

	(void)state;
	cb_notify_event_from_row(&ev, 1, "c", "2026-0042", "set", "a", 0,
	    "{\"summary\":\"2026-0042: assignees: (none) -> tanaka,sato\"}");
	assert_int_equal(ev.kind, CB_NOTIFY_ASSIGN);
	assert_string_equal(ev.field, "assignees");
	assert_string_equal(ev.from, "");
	assert_string_equal(ev.to, "tanaka,sato");
	cb_notify_event_free(&ev);
	cb_notify_event_from_row(&ev, 2, "c", "2026-0042", "back", "a", 0,
	    "{\"summary\":\"2026-0042: phase closed -> report (back): "
	    "reopened\"}");
	assert_int_equal(ev.kind, CB_NOTIFY_PHASE);
	assert_string_equal(ev.from, "closed");
	assert_string_equal(ev.to, "report");
	cb_notify_event_free(&ev);
	cb_notify_event_from_row(&ev, 3, "c", "2026-0042", "set", "a", 0,
	    "{\"summary\":\"2026-0042: severity: (none) -> high\"}");
	assert_int_equal(ev.kind, CB_NOTIFY_SEVERITY);
	cb_notify_event_free(&ev);
	/* An arrow right after the colon (found by fuzz-notify.c). */
	cb_notify_event_from_row(&ev, 3, "c", "2026-0042", "advance", "a", 0,
	    "{\"summary\":\"2026-0042: urg -> y: -> +a -> b\"}");
	assert_string_equal(ev.field, "urg -> y");
	assert_string_equal(ev.from, "-> +a");
	assert_string_equal(ev.to, "b");
	cb_notify_event_free(&ev);
	cb_notify_event_from_row(&ev, 4, "c", "2026-0042", "note", "a", 0,
	    "not json");
	assert_int_equal(ev.kind, CB_NOTIFY_OTHER);
	assert_string_equal(ev.field, "");
	cb_notify_event_free(&ev);
	cb_notify_event_from_row(&ev, 5, NULL, NULL, "init", NULL, 0, NULL);
	assert_string_equal(ev.incident, "");
	cb_notify_event_free(&ev);
	assert_int_equal(cb_notify_kind_parse("alert-notable"),
	    CB_NOTIFY_ALERT_NOTABLE);
	assert_int_equal(cb_notify_kind_parse("bogus"), -1);
	assert_int_equal(cb_chat_parse("mattermost"), CB_CHAT_MATTERMOST);
	assert_int_equal(cb_chat_parse("irc"), -1);
}

static void
test_merged(void **state)
{
	struct cb_notify_opts o = { CB_CHAT_ROCKETCHAT, "en", false };
	struct cb_notify_event a, b, c;
	const struct cb_notify_event *evs[] = { &a, &b, &c };
	struct cb_incident inc;
	char *s;
	json_t *j;

	(void)state;
	incident(&inc, "Scan");
	cb_notify_event_from_row(&a, 1, "c", "2026-0042", "create", "x", 0,
	    NULL);
	cb_notify_event_from_row(&b, 2, "c", "2026-0042", "set", "x", 0,
	    "{\"summary\":\"2026-0042: urgency: normal -> high\"}");
	cb_notify_event_from_row(&c, 3, "c", "2026-0042", "advance", "y", 0,
	    "{\"summary\":\"2026-0042: phase intake -> triage\"}");
	s = cb_notify_chat_body(&o, evs, 3, &inc);
	j = json_loads(s, 0, NULL);
	assert_string_equal(str(j, "text"), "2026-0042: 3 changes: New "
	    "incident 2026-0042; 2026-0042: urgency is now high; 2026-0042: "
	    "phase is now triage");
	assert_string_equal(str(j, "attachments.0.fields.3.value"), "y");
	assert_non_null(strstr(str(j, "attachments.0.footer"), "#3"));
	json_decref(j);
	free(s);
	/* Fifty changes: eight told, the rest counted. */
	{
		const struct cb_notify_event *many[50];

		for (size_t i = 0; i < 50; i++)
			many[i] = &b;
		s = cb_notify_chat_body(&o, many, 50, &inc);
		j = json_loads(s, 0, NULL);
		assert_non_null(strstr(str(j, "text"), "2026-0042: 50 changes: "
		    "2026-0042: urgency is now high; "));
		assert_non_null(strstr(str(j, "text"), "; and 42 more"));
		json_decref(j);
		free(s);
	}
	cb_notify_event_free(&a);
	cb_notify_event_free(&b);
	cb_notify_event_free(&c);
	cb_incident_free(&inc);
}

static void
test_japanese(void **state)
{
	json_t *j;
	char *d;
	struct cb_incident inc;

	(void)state;
	j = body(CB_CHAT_ROCKETCHAT, "ja", false, "create", NULL,
	    "図書館へのフィッシング");
	assert_string_equal(str(j, "text"), "新しいインシデント 2026-0042");
	assert_string_equal(str(j, "attachments.0.fields.0.title"), "分類");
	assert_string_equal(str(j, "attachments.0.fields.3.title"), "実施者");
	assert_string_equal(str(j, "attachments.0.title"),
	    "[2026-0042] 図書館へのフィッシング");
	json_decref(j);
	/* English next, in the same process: no cached Japanese. */
	j = body(CB_CHAT_ROCKETCHAT, "en", false, "create", NULL, "x");
	assert_string_equal(str(j, "text"), "New incident 2026-0042");
	json_decref(j);
	incident(&inc, "x");
	d = cb_gitlab_description(&inc, "ja", false);
	assert_non_null(strstr(d, "- 緊急性: immediate"));
	assert_non_null(strstr(d, "casebook:incident=2026-0042"));
	free(d);
	cb_incident_free(&inc);
	/* The process's own LANGUAGE is left as it was. */
	assert_string_equal(getenv("LANGUAGE"), "fr");
}

static void
test_gitlab(void **state)
{
	struct cb_incident inc;
	char long_title[900], *s;

	(void)state;
	incident(&inc, "Phish\x1b]0;x\x07 to\nlibrary");
	s = cb_gitlab_title(&inc);
	assert_string_equal(s, "[2026-0042] Phish]0;x to library");
	free(s);
	free(inc.department);
	inc.department = strdup("Eng, urgency::low");
	s = cb_gitlab_labels(&inc);
	assert_string_equal(s, "urgency::immediate,phase::triage,"
	    "class::phishing,class::malware,department::Eng  urgency  low");
	free(s);
	inc.severity = CB_SEVERITY_HIGH;
	s = cb_gitlab_labels(&inc);
	assert_non_null(strstr(s, ",severity::high,"));
	free(s);
	/* 255 characters at most, cut between characters. */
	for (size_t i = 0; i + 3 < sizeof long_title; i += 3)
		memcpy(long_title + i, "あ", 3);
	long_title[sizeof long_title - 3] = '\0';
	free(inc.title);
	inc.title = strdup(long_title);
	s = cb_gitlab_title(&inc);
	assert_int_equal(strlen(s), 12 + 243 * 3);
	free(s);
	s = cb_gitlab_description(&inc, "en", false);
	assert_non_null(strstr(s, "- Class: phishing, malware\n"));
	assert_null(strstr(s, "Eng"));	/* no department by default */
	assert_true(cb_gitlab_has_marker(s, "2026-0042"));
	assert_false(cb_gitlab_has_marker(s, "2026-004"));
	free(s);
	assert_false(cb_gitlab_has_marker("casebook:incident=2026-00421",
	    "2026-0042"));
	assert_true(cb_gitlab_has_marker("x casebook:incident=2026-00421\n"
	    "casebook:incident=2026-0042\n", "2026-0042"));
	assert_false(cb_gitlab_has_marker(NULL, "2026-0042"));
	assert_string_equal(cb_gitlab_state_event(CB_PHASE_REPORT,
	    CB_PHASE_CLOSED), "close");
	assert_string_equal(cb_gitlab_state_event(CB_PHASE_CLOSED,
	    CB_PHASE_REPORT), "reopen");
	assert_null(cb_gitlab_state_event(CB_PHASE_TRIAGE,
	    CB_PHASE_INITIAL));
	cb_incident_free(&inc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_rocketchat_body),
		cmocka_unit_test(test_slack_mattermost_body),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_merged),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_gitlab),
	};

	/* The runner's setting: C locale, a LANGUAGE of its own. */
	setlocale(LC_ALL, "C");
	setenv("LANGUAGE", "fr", 1);
	bindtextdomain(PACKAGE, CB_BUILD_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
