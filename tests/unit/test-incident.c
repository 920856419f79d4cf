/* The incident model: ids, field validation, canonical JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/incident.h"

static void
test_ids(void **state)
{
	int y, n;
	char id[CB_ID_MAX];

	(void)state;
	assert_true(cb_id_parse("2026-0042", &y, &n));
	assert_int_equal(y, 2026);
	assert_int_equal(n, 42);
	assert_true(cb_id_parse("2026-12345", &y, &n));
	assert_int_equal(n, 12345);
	assert_false(cb_id_parse("2026-042", NULL, NULL));
	assert_false(cb_id_parse("2026-00042", NULL, NULL));
	assert_false(cb_id_parse("2026-0000", NULL, NULL));
	assert_false(cb_id_parse("26-0042", NULL, NULL));
	assert_false(cb_id_parse("2026_0042", NULL, NULL));
	assert_false(cb_id_parse("2026-0042/../x", NULL, NULL));
	assert_false(cb_id_parse("", NULL, NULL));
	cb_id_format(id, 2026, 7);
	assert_string_equal(id, "2026-0007");
}

static void
test_set_validates(void **state)
{
	struct cb_incident inc;
	struct cb_error err;
	char *v;

	(void)state;
	cb_incident_init(&inc);
	assert_int_equal(cb_incident_set(&inc, "urgency", "immediate", &err),
	    CB_OK);
	assert_int_equal(inc.urgency, CB_URGENCY_IMMEDIATE);
	assert_int_equal(cb_incident_set(&inc, "urgency", "urgent", &err),
	    CB_EUSAGE);
	assert_non_null(strstr(err.msg, "immediate, high, normal, low"));
	assert_int_equal(inc.urgency, CB_URGENCY_IMMEDIATE);
	assert_int_equal(cb_incident_set(&inc, "severity", "medium", &err),
	    CB_OK);
	assert_int_equal(cb_incident_set(&inc, "severity", "none", &err), CB_OK);
	assert_int_equal(inc.severity, CB_SEVERITY_NONE);
	assert_int_equal(cb_incident_set(&inc, "classes", "intrusion, malware,"
	    "intrusion", &err), CB_OK);
	v = cb_incident_get(&inc, "classes");
	assert_string_equal(v, "intrusion,malware");
	free(v);
	assert_int_equal(cb_incident_set(&inc, "classes", "worm", &err),
	    CB_EUSAGE);
	assert_non_null(strstr(err.msg, "worm"));
	assert_int_equal(cb_incident_set(&inc, "classes", " , ", &err),
	    CB_EUSAGE);
	assert_int_equal(cb_incident_set(&inc, "title", "", &err), CB_EUSAGE);
	assert_int_equal(cb_incident_set(&inc, "title", "a\x1b[2Jb", &err),
	    CB_EUSAGE);
	assert_non_null(strstr(err.msg, "control character"));
	assert_int_equal(cb_incident_set(&inc, "colour", "red", &err),
	    CB_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown field 'colour'"));
	assert_int_equal(cb_incident_set(&inc, "phase", "handling", &err),
	    CB_OK);
	assert_int_equal(inc.phase, CB_PHASE_HANDLING);
	cb_incident_free(&inc);
}

static void
test_json_round_trip(void **state)
{
	struct cb_incident a, b;
	struct cb_error err;
	char *json, *again;

	(void)state;
	cb_incident_init(&a);
	strcpy(a.id, "2026-0042");
	assert_int_equal(cb_incident_set(&a, "title", "NAS への不正侵入", &err),
	    CB_OK);
	assert_int_equal(cb_incident_set(&a, "hosts", "192.0.2.5,nas-lab3",
	    &err), CB_OK);
	assert_int_equal(cb_incident_set(&a, "classes", "intrusion", &err),
	    CB_OK);
	strcpy(a.created, "2026-11-26T10:00:00Z");
	strcpy(a.updated, "2026-11-26T11:00:00Z");
	json = cb_incident_to_json(&a);
	/* Canonical: sorted keys, one per line, UTF-8, newline at the end. */
	assert_non_null(strstr(json, "\"classes\": [\n"));
	assert_true(strstr(json, "\"classes\"") < strstr(json, "\"created\""));
	assert_true(strstr(json, "\"updated\"") < strstr(json, "\"urgency\""));
	assert_non_null(strstr(json, "NAS への不正侵入"));
	assert_non_null(strstr(json, "\"severity\": null"));
	assert_int_equal(json[strlen(json) - 1], '\n');
	assert_int_equal(cb_incident_from_json(json, strlen(json), "x.json", &b,
	    &err), CB_OK);
	again = cb_incident_to_json(&b);
	assert_string_equal(json, again);
	free(again);
	free(json);
	cb_incident_free(&a);
	cb_incident_free(&b);
}

static void
test_json_errors_name_place(void **state)
{
	static const char bad_syntax[] = "{\n  \"id\": \"2026-0001\",\n  oops\n}\n";
	static const char bad_value[] = "{\"id\": \"2026-0001\", \"title\": \"t\","
	    "\"department\": \"\", \"reporter\": \"\", \"phase\": \"done\","
	    "\"urgency\": \"low\", \"severity\": null, \"classes\": [\"other\"],"
	    "\"hosts\": [], \"assignees\": [], \"created\": "
	    "\"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\"}";
	struct cb_incident inc;
	struct cb_error err;

	(void)state;
	assert_int_equal(cb_incident_from_json(bad_syntax, strlen(bad_syntax),
	    "a/incident.json", &inc, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "a/incident.json:3:"));
	cb_incident_free(&inc);
	assert_int_equal(cb_incident_from_json(bad_value, strlen(bad_value),
	    "b/incident.json", &inc, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "b/incident.json"));
	assert_non_null(strstr(err.msg, "phase"));
	assert_non_null(strstr(err.msg, "'done'"));
	cb_incident_free(&inc);
}

static void
test_time(void **state)
{
	char buf[CB_TIME_MAX];
	time_t t;

	(void)state;
	cb_time_format(1795690800, buf);
	assert_true(cb_time_parse(buf, &t));
	assert_int_equal(t, 1795690800);
	assert_false(cb_time_parse("yesterday", &t));
	assert_false(cb_time_parse("2026-11-26T10:00:00", &t));
	cb_clock_fix(1000);
	assert_int_equal(cb_now(), 1000);
	assert_true(cb_clock_fixed());
	cb_clock_fix(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_set_validates),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_errors_name_place),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
