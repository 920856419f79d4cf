/* The three-way merge of an incident's folder: what merges cleanly,
 * what conflicts, which value is kept, and that the order of the two
 * sides never changes the result. */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/incident.h"
#include "core/layout.h"
#include "core/merge.h"

static const struct cb_merge_side alice = { "alice", "2026-12-01T10:00:00Z" };
static const struct cb_merge_side bob = { "bob", "2026-12-01T11:00:00Z" };

#define BASE_INCIDENT \
	"{\"id\": \"2026-0042\", \"title\": \"Phishing at law\"," \
	" \"classes\": [\"phishing\"], \"phase\": \"triage\"," \
	" \"urgency\": \"normal\", \"severity\": null," \
	" \"department\": \"Law\", \"reporter\": \"sato\"," \
	" \"assignees\": [\"alice\"], \"hosts\": [\"10.0.0.1\"]," \
	" \"created\": \"2026-12-01T09:00:00Z\"," \
	" \"updated\": \"2026-12-01T09:00:00Z\"}"

static json_t *
parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (v == NULL)
		fail_msg("bad test JSON: %s: %s", e.text, s);
	return v;
}

/* The base incident with some fields replaced: "key", json, ... NULL;
 * a NULL json deletes the key. */
static json_t *
incident(const char *key, ...)
{
	json_t *o = parse(BASE_INCIDENT);
	va_list ap;

	va_start(ap, key);
	for (; key != NULL; key = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);

		if (v == NULL)
			json_object_del(o, key);
		else
			json_object_set_new(o, key, json_loads(v,
			    JSON_DECODE_ANY, NULL));
	}
	va_end(ap);
	return o;
}

static void
expect_field(const struct cb_merge *m, const char *key, const char *json)
{
	json_t *want = json_loads(json, JSON_DECODE_ANY, NULL);
	json_t *got = json_object_get(m->result, key);
	char *g = got != NULL ? json_dumps(got, JSON_ENCODE_ANY) : NULL;

	if (got == NULL || !json_equal(want, got))
		fail_msg("%s: want %s, got %s", key, json, g ? g : "(absent)");
	free(g);
	json_decref(want);
}

/* Merges both ways round; checks they agree. */
static void
merge_both(const json_t *b, const json_t *o, const json_t *t,
    bool checklist, struct cb_merge *m)
{
	struct cb_merge r;
	struct cb_error err;

	if (checklist) {
		assert_int_equal(cb_merge_checklist(b, o, t, &alice, &bob, m,
		    &err), CB_OK);
		assert_int_equal(cb_merge_checklist(b, t, o, &bob, &alice, &r,
		    &err), CB_OK);
	} else {
		assert_int_equal(cb_merge_incident(b, o, t, &alice, &bob, m,
		    &err), CB_OK);
		assert_int_equal(cb_merge_incident(b, t, o, &bob, &alice, &r,
		    &err), CB_OK);
	}
	assert_true(json_equal(m->result, r.result));
	assert_int_equal(m->nconflicts, r.nconflicts);
	for (size_t i = 0; i < m->nconflicts; i++) {
		assert_string_equal(m->conflicts[i].item, r.conflicts[i].item);
		assert_string_equal(m->conflicts[i].kept.by,
		    r.conflicts[i].kept.by);
		assert_string_equal(m->conflicts[i].other.by,
		    r.conflicts[i].other.by);
	}
	cb_merge_free(&r);
}

static void
test_different_fields(void **state)
{
	json_t *b = incident(NULL), *o, *t;
	struct cb_merge m;
	struct cb_incident inc;
	struct cb_error err;
	char *text;

	(void)state;
	o = incident("urgency", "\"high\"", "updated",
	    "\"2026-12-01T10:00:00Z\"", NULL);
	t = incident("department", "\"Law school\"", "phase", "\"initial\"",
	    "updated", "\"2026-12-01T11:00:00Z\"", NULL);
	merge_both(b, o, t, false, &m);
	assert_int_equal(m.nconflicts, 0);
	expect_field(&m, "urgency", "\"high\"");
	expect_field(&m, "department", "\"Law school\"");
	expect_field(&m, "phase", "\"initial\"");
	expect_field(&m, "updated", "\"2026-12-01T11:00:00Z\"");
	expect_field(&m, "title", "\"Phishing at law\"");
	/* What the merge makes, the incident's reader takes. */
	text = json_dumps(m.result, JSON_SORT_KEYS);
	assert_int_equal(cb_incident_from_json(text, strlen(text), "merged",
	    &inc, &err), CB_OK);
	assert_int_equal(inc.urgency, CB_URGENCY_HIGH);
	assert_int_equal(inc.phase, CB_PHASE_INITIAL);
	cb_incident_free(&inc);
	free(text);
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_same_field(void **state)
{
	json_t *b = incident(NULL), *o, *t;
	struct cb_merge m;
	struct cb_buf tr = { 0 };
	char *text;

	(void)state;
	o = incident("urgency", "\"immediate\"", NULL);
	t = incident("urgency", "\"low\"", NULL);
	merge_both(b, o, t, false, &m);
	assert_int_equal(m.nconflicts, 1);
	/* bob's commit is the later: his value lands, alice's is kept. */
	expect_field(&m, "urgency", "\"low\"");
	assert_string_equal(m.conflicts[0].file, "incident.json");
	assert_string_equal(m.conflicts[0].item, "urgency");
	assert_string_equal(json_string_value(m.conflicts[0].kept.value),
	    "low");
	assert_string_equal(m.conflicts[0].kept.by, "bob");
	assert_string_equal(m.conflicts[0].kept.at, bob.at);
	assert_string_equal(json_string_value(m.conflicts[0].other.value),
	    "immediate");
	assert_string_equal(m.conflicts[0].other.by, "alice");
	assert_string_equal(m.conflicts[0].other.at, alice.at);
	/* The trailers tell it. */
	cb_merge_trailers("2026-0042", "incident.json", &m, &tr);
	text = cb_buf_detach(&tr);
	assert_non_null(strstr(text, "Casebook-Merged: 2026-0042 "
	    "incident.json (1 taken, 1 conflicting)\n"));
	assert_non_null(strstr(text, "Casebook-Conflict: 2026-0042 "
	    "incident.json urgency: kept \"low\" (bob 2026-12-01T11:00:00Z), "
	    "other \"immediate\" (alice 2026-12-01T10:00:00Z)\n"));
	free(text);
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_identical(void **state)
{
	json_t *b = incident(NULL), *o, *t;
	struct cb_merge m;

	(void)state;
	o = incident("title", "\"Phishing, 40 accounts\"", "hosts",
	    "[\"10.0.0.1\", \"10.0.0.9\"]", NULL);
	t = incident("title", "\"Phishing, 40 accounts\"", "hosts",
	    "[\"10.0.0.1\", \"10.0.0.9\"]", NULL);
	merge_both(b, o, t, false, &m);
	assert_int_equal(m.nconflicts, 0);
	expect_field(&m, "title", "\"Phishing, 40 accounts\"");
	expect_field(&m, "hosts", "[\"10.0.0.1\", \"10.0.0.9\"]");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_sets(void **state)
{
	json_t *b = incident(NULL), *o, *t;
	struct cb_merge m;

	(void)state;
	/* Both add hosts; alice removes the base's; bob adds an assignee. */
	o = incident("hosts", "[\"10.0.0.7\", \"10.0.0.3\"]", NULL);
	t = incident("hosts", "[\"10.0.0.1\", \"10.0.0.5\", \"10.0.0.3\"]",
	    "assignees", "[\"alice\", \"bob\"]", NULL);
	merge_both(b, o, t, false, &m);
	assert_int_equal(m.nconflicts, 0);
	expect_field(&m, "hosts", "[\"10.0.0.3\", \"10.0.0.5\", \"10.0.0.7\"]");
	expect_field(&m, "assignees", "[\"alice\", \"bob\"]");
	cb_merge_free(&m);
	json_decref(o);
	json_decref(t);

	/* Each side replaced the class: both land; when each removed the
	 * other's so that none is left, the later decides whole. */
	o = incident("classes", "[\"intrusion\"]", NULL);
	t = incident("classes", "[\"malware\"]", NULL);
	merge_both(b, o, t, false, &m);
	expect_field(&m, "classes", "[\"intrusion\", \"malware\"]");
	cb_merge_free(&m);
	json_decref(o);
	json_decref(t);
	json_decref(b);
	b = incident("classes", "[\"phishing\", \"malware\"]", NULL);
	o = incident("classes", "[\"phishing\"]", NULL);
	t = incident("classes", "[\"malware\"]", NULL);
	merge_both(b, o, t, false, &m);
	expect_field(&m, "classes", "[\"malware\"]");
	assert_int_equal(m.nconflicts, 1);
	assert_string_equal(m.conflicts[0].item, "classes");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_delete_vs_change(void **state)
{
	json_t *b = incident("x-note", "\"kept by a script\"", NULL), *o, *t;
	struct cb_merge m;

	(void)state;
	/* alice (earlier) changed a key casebook does not know, bob (later)
	 * deleted it: the deletion lands, alice's value is kept. */
	o = incident("x-note", "\"changed\"", NULL);
	t = incident(NULL);
	merge_both(b, o, t, false, &m);
	assert_null(json_object_get(m.result, "x-note"));
	assert_int_equal(m.nconflicts, 1);
	assert_null(m.conflicts[0].kept.value);
	assert_string_equal(json_string_value(m.conflicts[0].other.value),
	    "changed");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_not_same_incident(void **state)
{
	json_t *o = incident(NULL), *t = incident("id", "\"2026-0043\"", NULL);
	json_t *arr = json_array();
	struct cb_merge m;
	struct cb_error err;

	(void)state;
	assert_int_equal(cb_merge_incident(NULL, o, t, &alice, &bob, &m,
	    &err), CB_ERR);
	assert_non_null(strstr(err.msg, "not the same incident"));
	cb_merge_free(&m);
	assert_int_equal(cb_merge_checklist(NULL, o, arr, &alice, &bob, &m,
	    &err), CB_ERR);
	cb_merge_free(&m);
	json_decref(arr);
	json_decref(o);
	json_decref(t);
}

/* Refused in the user's language. */
static void
test_japanese(void **state)
{
	json_t *o = incident(NULL), *t = incident("id", "\"2026-0043\"", NULL);
	struct cb_merge m;
	struct cb_error err;

	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		skip();
	setenv("LANGUAGE", "ja", 1);
	bindtextdomain(PACKAGE, CB_BUILD_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	assert_int_equal(cb_merge_incident(NULL, o, t, &alice, &bob, &m,
	    &err), CB_ERR);
	assert_non_null(strstr(err.msg, "同じインシデントではありません"));
	cb_merge_free(&m);
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
	json_decref(o);
	json_decref(t);
}

#define ANSWER(at, by, v) "{\"at\": \"" at "\", \"by\": \"" by "\", " \
	"\"playbook\": \"p\", \"value\": \"" v "\"}"
#define WAIVER(at, by) "{\"at\": \"" at "\", \"by\": \"" by "\", " \
	"\"reason\": \"not needed\", \"waived\": true}"

static void
test_answer_vs_waiver(void **state)
{
	json_t *b, *o, *t, *a;
	struct cb_merge m;

	(void)state;
	b = parse("{\"answers\": {}, \"playbook\": \"p\"}");
	/* alice's commit is earlier but her decision is the later: the
	 * decision's own time decides, not the commit's. */
	o = parse("{\"answers\": {\"network_cutoff\": "
	    WAIVER("2026-12-01T10:30:00Z", "alice") ", \"external_targets\": "
	    ANSWER("2026-12-01T09:10:00Z", "alice", "yes")
	    "}, \"playbook\": \"p\"}");
	t = parse("{\"answers\": {\"network_cutoff\": "
	    ANSWER("2026-12-01T10:20:00Z", "bob", "yes")
	    "}, \"playbook\": \"p\"}");
	merge_both(b, o, t, true, &m);
	a = json_object_get(m.result, "answers");
	assert_true(json_is_true(json_object_get(json_object_get(a,
	    "network_cutoff"), "waived")));
	assert_non_null(json_object_get(a, "external_targets"));
	assert_int_equal(m.nconflicts, 1);
	assert_string_equal(m.conflicts[0].file, "checklist.json");
	assert_string_equal(m.conflicts[0].item, "answers/network_cutoff");
	assert_string_equal(m.conflicts[0].kept.by, "alice");
	assert_string_equal(m.conflicts[0].kept.at, "2026-12-01T10:30:00Z");
	assert_string_equal(m.conflicts[0].other.by, "bob");
	assert_string_equal(json_string_value(json_object_get(
	    m.conflicts[0].other.value, "value")), "yes");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_withdrawn_answer(void **state)
{
	json_t *b, *o, *t;
	struct cb_merge m;

	(void)state;
	b = parse("{\"answers\": {\"q\": " ANSWER("2026-12-01T08:00:00Z",
	    "sato", "no") "}}");
	/* alice withdrew it (her commit, 10:00), bob changed it at 09:30:
	 * the withdrawal is the later decision. */
	o = parse("{\"answers\": {}}");
	t = parse("{\"answers\": {\"q\": " ANSWER("2026-12-01T09:30:00Z",
	    "bob", "yes") "}}");
	merge_both(b, o, t, true, &m);
	assert_null(json_object_get(json_object_get(m.result, "answers"), "q"));
	assert_int_equal(m.nconflicts, 1);
	assert_null(m.conflicts[0].kept.value);
	assert_string_equal(m.conflicts[0].kept.by, "alice");
	assert_string_equal(m.conflicts[0].other.by, "bob");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_suggestions(void **state)
{
	json_t *b, *o, *t, *s;
	struct cb_merge m;

	(void)state;
	b = parse("{\"suggestions\": [{\"at\": \"2026-12-01T08:00:00Z\", "
	    "\"key\": \"k1\", \"status\": \"open\", \"value\": \"high\"}]}");
	o = parse("{\"suggestions\": [{\"at\": \"2026-12-01T08:00:00Z\", "
	    "\"key\": \"k1\", \"status\": \"accepted\", \"by\": \"alice\", "
	    "\"acted_at\": \"2026-12-01T09:00:00Z\", \"value\": \"high\"}, "
	    "{\"at\": \"2026-12-01T09:00:00Z\", \"key\": \"k3\", "
	    "\"status\": \"open\", \"value\": \"x\"}]}");
	t = parse("{\"suggestions\": [{\"at\": \"2026-12-01T08:00:00Z\", "
	    "\"key\": \"k1\", \"status\": \"dismissed\", \"by\": \"bob\", "
	    "\"acted_at\": \"2026-12-01T08:30:00Z\", \"value\": \"high\"}, "
	    "{\"at\": \"2026-12-01T09:00:00Z\", \"key\": \"k2\", "
	    "\"status\": \"open\", \"value\": \"y\"}]}");
	merge_both(b, o, t, true, &m);
	s = json_object_get(m.result, "suggestions");
	assert_int_equal(json_array_size(s), 3);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(s, 0), "status")), "accepted");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(s, 1), "key")), "k2");
	assert_int_equal(m.nconflicts, 1);
	assert_string_equal(m.conflicts[0].item, "suggestions/k1");
	assert_string_equal(m.conflicts[0].kept.at, "2026-12-01T09:00:00Z");
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_conflicts_record(void **state)
{
	json_t *b = incident(NULL), *o, *t, *rec, *e, *cb, *co, *ct;
	struct cb_merge m, c;
	const struct cb_merge *ms[1];
	struct cb_error err;

	(void)state;
	o = incident("title", "\"A\"", NULL);
	t = incident("title", "\"B\"", NULL);
	merge_both(b, o, t, false, &m);
	/* One conflict resolved on alice's side (removed), one new on bob's. */
	cb = parse("{\"conflicts\": [{\"item\": \"old1\"}, {\"item\": "
	    "\"old2\"}]}");
	co = parse("{\"conflicts\": [{\"item\": \"old2\"}]}");
	ct = parse("{\"conflicts\": [{\"item\": \"old1\"}, {\"item\": "
	    "\"old2\"}, {\"item\": \"new\"}]}");
	assert_int_equal(cb_merge_conflicts(cb, co, ct, &c, &err), CB_OK);
	ms[0] = &m;
	rec = cb_merge_record(c.result, ms, 1, "2026-12-01T12:00:00Z");
	e = json_object_get(rec, "conflicts");
	assert_int_equal(json_array_size(e), 3);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 0), "item")), "old2");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 1), "item")), "new");
	e = json_array_get(e, 2);
	assert_string_equal(json_string_value(json_object_get(e, "item")),
	    "title");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(e, "kept"), "value")), "B");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(e, "other"), "by")), "alice");
	json_decref(rec);
	cb_merge_free(&c);
	cb_merge_free(&m);
	json_decref(cb);
	json_decref(co);
	json_decref(ct);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_hostile_trailer(void **state)
{
	json_t *b = incident(NULL), *o, *t;
	struct cb_merge m;
	struct cb_buf tr = { 0 };
	char *text;
	struct cb_merge_side evil = { "eve\nCasebook-Merged: forged",
	    "2026-12-01T12:00:00Z" };
	struct cb_error err;

	(void)state;
	o = incident("title", "\"line\\nSigned-off-by: x \\u001b[31m\"", NULL);
	t = incident("title", "\"\\u8a50\\u6b3a\"", NULL);
	assert_int_equal(cb_merge_incident(b, o, t, &alice, &evil, &m, &err),
	    CB_OK);
	cb_merge_trailers("2026-0042", "incident.json", &m, &tr);
	text = cb_buf_detach(&tr);
	/* Two lines exactly, printable ASCII only. */
	size_t lines = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n')
			lines++;
		else
			assert_true(*p >= 0x20 && *p < 0x7f);
	}
	assert_int_equal(lines, 2);
	assert_null(strstr(text, "\nCasebook-Merged: forged"));
	free(text);
	cb_merge_free(&m);
	json_decref(b);
	json_decref(o);
	json_decref(t);
}

static void
test_path_kind(void **state)
{
	char *p;

	(void)state;
	p = cb_layout_incident("2026-0042");
	assert_int_equal(cb_merge_path_kind(p), CB_MERGE_STRUCTURED);
	free(p);
	p = cb_layout_checklist("2026-A0042");
	assert_int_equal(cb_merge_path_kind(p), CB_MERGE_STRUCTURED);
	free(p);
	p = cb_layout_note("2026-0042", "20261201T120000.000042Z-alice.md", 0);
	assert_int_equal(cb_merge_path_kind(p), CB_MERGE_UNION);
	free(p);
	p = cb_layout_evidence("2026-0042", "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef");
	assert_int_equal(cb_merge_path_kind(p), CB_MERGE_UNION);
	free(p);
	p = cb_layout_dir("2026-0042");
	char *c = xasprintf("%s/%s", p, CB_MERGE_CONFLICTS);
	char *deep = xasprintf("%s/old/%s", p, CB_MERGE_CONFLICTS);
	char *other = xasprintf("%s/README", p);
	assert_int_equal(cb_merge_path_kind(c), CB_MERGE_STRUCTURED);
	assert_int_equal(cb_merge_path_kind(deep), CB_MERGE_WHOLE);
	assert_int_equal(cb_merge_path_kind(other), CB_MERGE_WHOLE);
	assert_int_equal(cb_merge_path_kind("README"), CB_MERGE_OUTSIDE);
	assert_int_equal(cb_merge_path_kind("incidents/2026/07/2026-0042/"
	    "incident.json"), CB_MERGE_OUTSIDE);
	free(c);
	free(deep);
	free(other);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_different_fields),
		cmocka_unit_test(test_same_field),
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_delete_vs_change),
		cmocka_unit_test(test_not_same_incident),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_answer_vs_waiver),
		cmocka_unit_test(test_withdrawn_answer),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_conflicts_record),
		cmocka_unit_test(test_hostile_trailer),
		cmocka_unit_test(test_path_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
