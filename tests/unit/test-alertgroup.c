/*
 * Triage as data (core/alertgroup.c): durations, alerts.yaml (defaults,
 * what a file replaces, what it refuses), group keys and classes, and
 * the host map's CSV and its longest-prefix lookup.
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
#include "core/alertgroup.h"

static void
test_duration(void **state)
{
	long s;

	(void)state;
	assert_true(cb_duration_parse("90", &s));
	assert_int_equal(s, 90);
	assert_true(cb_duration_parse("30m", &s));
	assert_int_equal(s, 1800);
	assert_true(cb_duration_parse("2h", &s));
	assert_int_equal(s, 7200);
	assert_true(cb_duration_parse("7d", &s));
	assert_int_equal(s, 7 * 86400);
	assert_true(cb_duration_parse("2w", &s));
	assert_int_equal(s, 14 * 86400);
	assert_false(cb_duration_parse("0", &s));
	assert_false(cb_duration_parse("-1d", &s));
	assert_false(cb_duration_parse("7days", &s));
	assert_false(cb_duration_parse("d", &s));
	assert_false(cb_duration_parse("", &s));
	assert_false(cb_duration_parse("99999999999d", &s));
}

static void
alert(struct cb_alert *a, const char *source, const char *sig,
    const char *cat, const char *src)
{
	cb_alert_init(a);
	a->source = strdup(source);
	a->source_ref = strdup("r");
	a->signature = sig != NULL ? strdup(sig) : NULL;
	a->category = cat != NULL ? strdup(cat) : NULL;
	a->src.addr = src != NULL ? strdup(src) : NULL;
}

static void
test_rules(void **state)
{
	static const char yaml[] =
	    "version: 1\n"
	    "group_by: [source, dst]\n"
	    "window: 30m\n"
	    "stale: 0\n"
	    "notable: 50\n"
	    "external_sources: [jpcert]\n"
	    "classes:\n"
	    "  - { source: ids, signature: \"*phish*\", class: phishing }\n"
	    "  - { category: \"*scan*\", class: scan }\n";
	struct cb_alert_rules r;
	struct cb_error err;
	struct cb_buf key = { 0 };
	struct cb_alert a;

	(void)state;
	cb_alert_rules_default(&r);
	assert_int_equal(r.window, 7200);
	assert_int_equal(r.retention, 400 * 86400);
	alert(&a, "lastline", "cnc", "command&control", "10.0.0.1");
	assert_string_equal(cb_alert_class(&r, &a), "malware");
	cb_alert_group_key(&r, &a, &key);
	assert_string_equal(key.data, "cnc\x1f" "10.0.0.1");
	assert_false(cb_alert_source_external(&r, "jpcert"));
	cb_alert_free(&a);
	alert(&a, "suricata", "ET SCAN", "Detection of a Network Scan", NULL);
	assert_string_equal(cb_alert_class(&r, &a), "scan");
	cb_alert_free(&a);
	alert(&a, "suricata", "x", "Misc activity", NULL);
	assert_string_equal(cb_alert_class(&r, &a), "other");
	cb_alert_free(&a);
	cb_alert_rules_free(&r);

	assert_int_equal(cb_alert_rules_parse("a.yaml", yaml, strlen(yaml), &r,
	    &err), CB_OK);
	assert_int_equal(r.window, 1800);
	assert_int_equal(r.stale, 0);
	assert_int_equal(r.retention, 400 * 86400);	/* kept */
	assert_true(r.notable == 50);
	assert_true(cb_alert_source_external(&r, "JPCERT"));
	alert(&a, "ids", "Phishing kit", "web", "10.0.0.1");
	a.dst.host = strdup("mail.example");
	assert_string_equal(cb_alert_class(&r, &a), "phishing");
	cb_alert_group_key(&r, &a, &key);
	assert_string_equal(key.data, "ids\x1f" "mail.example");
	cb_alert_free(&a);
	/* The file's classes replace the defaults: Lastline is not malware. */
	alert(&a, "lastline", "cnc", "command&control", NULL);
	assert_string_equal(cb_alert_class(&r, &a), "other");
	cb_alert_free(&a);
	cb_alert_rules_free(&r);
	cb_buf_free(&key);
}

static void
refused(const char *yaml, const char *why)
{
	struct cb_alert_rules r;
	struct cb_error err;

	assert_int_equal(cb_alert_rules_parse("a.yaml", yaml, strlen(yaml), &r,
	    &err), CB_ERR);
	if (strstr(err.msg, why) == NULL)
		fail_msg("'%s': got '%s', want '%s'", yaml, err.msg, why);
	/* The defaults stand after a refusal. */
	assert_int_equal(r.window, 7200);
	cb_alert_rules_free(&r);
}

static void
test_rules_refused(void **state)
{
	(void)state;
	refused("version: 2\n", "'version' must be 1");
	refused("- a\n", "not a mapping");
	refused("version: 1\nwindow: soon\n", "'window' must be a duration");
	refused("version: 1\nstale: x\n", "'stale' must be");
	refused("version: 1\ngroup_by: [colour]\n", "names a field");
	refused("version: 1\ngroup_by: []\n", "non-empty list");
	refused("version: 1\nnotable: -3\n", "'notable'");
	refused("version: 1\nclasses:\n  - { source: x }\n", "needs a 'class'");
	refused("version: 1\nclasses:\n  - { category: a, signature: b, "
	    "class: c }\n", "not both");
	refused("%YAML 1.2\n---\nversion: 1\n", "directives");
	refused("version: 1\nwindow: [\n", "YAML syntax error");
}

struct bad { size_t n, line; char why[256]; };

static void
on_bad(size_t line, const char *why, void *arg)
{
	struct bad *b = arg;

	b->n++;
	b->line = line;
	snprintf(b->why, sizeof b->why, "%s", why);
}

static void
test_host_map(void **state)
{
	static const char csv[] =
	    "\xef\xbb\xbf" "Department,Host,Notes\n"
	    "Campus,10.0.0.0/8,\n"
	    "Engineering,10.20.0.0/16,\"lab, bldg 3\"\n"
	    "Library,10.20.30.0/24,\n"
	    "Mail,Mail.Example.ac.jp,\n"
	    "IPv6,2001:db8::/32,\n"
	    "One,192.0.2.7,\n"
	    "Bad,10.0.0.0/33,\n";
	struct cb_host_map m;
	struct cb_error err;
	struct bad b = { 0 };
	const struct cb_host_entry *e;
	struct cb_alert a;

	(void)state;
	assert_int_equal(cb_host_map_parse(csv, strlen(csv), &m, on_bad, &b,
	    &err), CB_OK);
	assert_int_equal(m.n, 6);
	assert_int_equal(b.n, 1);
	assert_int_equal(b.line, 8);
	assert_non_null(strstr(b.why, "10.0.0.0/33"));
	e = cb_host_map_find(&m, "10.20.30.40");
	assert_non_null(e);
	assert_string_equal(e->department, "Library");
	e = cb_host_map_find(&m, "10.20.31.1");
	assert_string_equal(e->department, "Engineering");
	assert_string_equal(e->notes, "lab, bldg 3");
	assert_string_equal(cb_host_map_find(&m, "10.99.0.1")->department,
	    "Campus");
	assert_null(cb_host_map_find(&m, "11.0.0.1"));
	assert_string_equal(cb_host_map_find(&m, "2001:db8:1::5")->department,
	    "IPv6");
	assert_null(cb_host_map_find(&m, "2001:db9::5"));
	assert_string_equal(cb_host_map_find(&m, "mail.example.AC.JP")->department,
	    "Mail");
	assert_string_equal(cb_host_map_find(&m, "192.0.2.7")->department, "One");
	assert_null(cb_host_map_find(&m, "192.0.2.8"));
	/* An alert: its source first, then its destination. */
	alert(&a, "x", NULL, NULL, "198.51.100.1");
	a.dst.addr = strdup("10.20.30.1");
	assert_string_equal(cb_host_map_department(&m, &a), "Library");
	cb_alert_free(&a);
	cb_host_map_free(&m);

	assert_int_equal(cb_host_map_parse("name,place\nx,y\n", 16, &m, NULL,
	    NULL, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "'host'"));
	assert_int_equal(cb_host_map_parse("", 0, &m, NULL, NULL, &err), CB_ERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_rules_refused),
		cmocka_unit_test(test_host_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
