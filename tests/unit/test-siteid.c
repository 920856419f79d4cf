/* Ids with and without a site letter: both parse, both have a folder,
 * and the next id for a site never takes another site's number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/layout.h"
#include "core/siteid.h"

static void
test_parse(void **state)
{
	int year, num;
	char site;

	(void)state;
	assert_true(cb_siteid_parse("2026-0042", &year, &site, &num));
	assert_int_equal(year, 2026);
	assert_int_equal(site, CB_SITE_NONE);
	assert_int_equal(num, 42);
	assert_true(cb_siteid_parse("2026-A0042", &year, &site, &num));
	assert_int_equal(site, 'A');
	assert_int_equal(num, 42);
	assert_true(cb_siteid_parse("2026-Z123456", NULL, &site, &num));
	assert_int_equal(site, 'Z');
	assert_int_equal(num, 123456);
	/* Refused: lower case, two letters, short, padded, zero, too long,
	 * a letter after the number, bytes after it. */
	const char *bad[] = { "2026-a0042", "2026-AB0042", "2026-A042",
	    "2026-A00042", "2026-A0000", "2026-A1234567", "2026-0042A",
	    "2026-A0042 ", "2026-\xc3\x81" "0042", "1969-A0001", "2026A0042",
	    "", "2026-", "2026-A" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (cb_siteid_parse(bad[i], NULL, NULL, NULL))
			fail_msg("accepted: '%s'", bad[i]);
	/* The incident parser takes both forms, and refuses what this
	 * one refuses. */
	assert_true(cb_id_parse("2026-A0042", &year, &num));
	assert_int_equal(num, 42);
	assert_true(cb_id_parse("2026-0042", NULL, NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (cb_id_parse(bad[i], NULL, NULL))
			fail_msg("cb_id_parse accepted: '%s'", bad[i]);
}

static void
test_format(void **state)
{
	char id[CB_ID_MAX];

	(void)state;
	cb_siteid_format(id, 2026, 'B', 7);
	assert_string_equal(id, "2026-B0007");
	cb_siteid_format(id, 2026, CB_SITE_NONE, 7);
	assert_string_equal(id, "2026-0007");
	cb_siteid_format(id, 2026, 'B', 123456);
	assert_string_equal(id, "2026-B123456");
	assert_true(cb_siteid_parse(id, NULL, NULL, NULL));
}

static void
test_folder(void **state)
{
	struct cb_path p;
	char *dir = cb_layout_dir("2026-A0142"), *f;

	(void)state;
	assert_string_equal(dir, "incidents/2026/01/2026-A0142");
	f = cb_layout_incident("2026-A0142");
	assert_true(cb_layout_parse(f, &p));
	assert_string_equal(p.id, "2026-A0142");
	assert_int_equal(p.kind, CB_PATH_INCIDENT);
	/* A site id under another hundreds folder is not its own. */
	assert_false(cb_layout_parse(
	    "incidents/2026/00/2026-A0142/incident.json", &p));
	free(f);
	free(dir);
}

static void
test_next(void **state)
{
	const char *seen[] = { "2026-0041", "2026-A0003", "2026-B0009",
	    "2025-A0077", "junk", NULL, "2026-A0002" };
	const char *none[] = { "2026-0041" };
	const char *full[] = { "2026-C999999" };
	char id[CB_ID_MAX];

	(void)state;
	assert_true(cb_siteid_next(seen, 7, 2026, 'A', id));
	assert_string_equal(id, "2026-A0004");
	assert_true(cb_siteid_next(seen, 7, 2026, 'B', id));
	assert_string_equal(id, "2026-B0010");
	assert_true(cb_siteid_next(seen, 7, 2026, CB_SITE_NONE, id));
	assert_string_equal(id, "2026-0042");
	assert_true(cb_siteid_next(none, 1, 2026, 'A', id));
	assert_string_equal(id, "2026-A0001");
	assert_true(cb_siteid_next(seen, 7, 2027, 'A', id));
	assert_string_equal(id, "2027-A0001");
	assert_false(cb_siteid_next(full, 1, 2026, 'C', id));
	/* Two sites apart, each from what it has seen: never the same. */
	char a[CB_ID_MAX], b[CB_ID_MAX];
	assert_true(cb_siteid_next(seen, 7, 2026, 'A', a));
	assert_true(cb_siteid_next(seen, 7, 2026, 'B', b));
	assert_string_not_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_folder),
		cmocka_unit_test(test_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
