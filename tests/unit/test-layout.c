/* The record's layout: every path built parses back to what built it,
 * and no other path is taken for an incident's file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/layout.h"

#define SHA "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef"

/* Parses path, expecting it inside incident id as kind, named name. */
static void
expect(const char *path, const char *id, enum cb_path_kind kind,
    const char *name)
{
	struct cb_path p;

	assert_true(cb_layout_parse(path, &p));
	assert_string_equal(p.id, id);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.name_len, strlen(name));
	assert_memory_equal(p.name, name, strlen(name));
}

/* Parses path, expecting it to lie in no incident's folder. */
static void
outside(const char *path)
{
	struct cb_path p;

	p.kind = CB_PATH_NOTE;
	if (cb_layout_parse(path, &p))
		fail_msg("taken for a file of %s: %s", p.id, path);
	assert_string_equal(p.id, "");
	assert_int_equal(p.kind, CB_PATH_UNKNOWN);
	assert_int_equal(p.name_len, 0);
}

static void
test_dirs(void **state)
{
	char *s, h[24];

	(void)state;
	s = cb_layout_dir("2026-0042");
	assert_string_equal(s, "incidents/2026/00/2026-0042");
	free(s);
	s = cb_layout_dir("2026-1234");
	assert_string_equal(s, "incidents/2026/12/2026-1234");
	free(s);
	s = cb_layout_dir("2026-12345");
	assert_string_equal(s, "incidents/2026/123/2026-12345");
	free(s);
	s = cb_layout_year(2026);
	assert_string_equal(s, "incidents/2026");
	free(s);
	cb_layout_hundreds(0, h);
	assert_string_equal(h, "00");
	cb_layout_hundreds(7, h);
	assert_string_equal(h, "07");
	cb_layout_hundreds(123, h);
	assert_string_equal(h, "123");
}

/* Each kind, built and parsed back. */
static void
test_round_trip(void **state)
{
	char *s;
	const char *ids[] = { "2026-0042", "1999-9999", "2026-10001" };

	(void)state;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const char *id = ids[i];

		s = cb_layout_incident(id);
		expect(s, id, CB_PATH_INCIDENT, "");
		free(s);
		s = cb_layout_checklist(id);
		expect(s, id, CB_PATH_CHECKLIST, "");
		free(s);
		s = cb_layout_evidence(id, SHA);
		expect(s, id, CB_PATH_EVIDENCE, SHA);
		free(s);
		s = cb_layout_evidence_meta(id, SHA);
		expect(s, id, CB_PATH_EVIDENCE_META, SHA);
		assert_string_equal(s + strlen(s) - 5, ".json");
		free(s);
	}
	s = cb_layout_incident("2026-0042");
	assert_string_equal(s, "incidents/2026/00/2026-0042/incident.json");
	free(s);
	s = cb_layout_checklist("2026-0042");
	assert_string_equal(s, "incidents/2026/00/2026-0042/checklist.json");
	free(s);
	s = cb_layout_evidence("2026-0042", SHA);
	assert_string_equal(s, "incidents/2026/00/2026-0042/evidence/" SHA);
	free(s);
}

static void
test_notes(void **state)
{
	/* 2026-12-01 12:00:00 UTC and 42 microseconds. */
	long long us = 1796126400LL * 1000000 + 42;
	char at[CB_TIME_MAX], login[64], *name, *s;
	const char *want;
	struct cb_path p;

	(void)state;
	name = cb_layout_note_name(us, "alice");
	assert_string_equal(name, "20261201T120000.000042Z-alice.md");
	assert_true(cb_layout_note_parse(name, at, login, sizeof login));
	assert_string_equal(at, "2026-12-01T12:00:00Z");
	assert_string_equal(login, "alice");
	s = cb_layout_note("2026-0042", name, (time_t)(us / 1000000));
	/* Filed by month, then the first two digits of the name's SHA-256. */
	want = "incidents/2026/00/2026-0042/notebook/2026-12/";
	assert_int_equal(strncmp(s, want, strlen(want)), 0);
	assert_true(cb_layout_parse(s, &p));
	assert_int_equal(p.kind, CB_PATH_NOTE);
	assert_string_equal(p.id, "2026-0042");
	assert_string_equal(p.name, s + strlen(want) - strlen("2026-12/"));
	assert_string_equal(p.name + strlen("2026-12/x/y/"), name);
	/* The same name files the same way every time. */
	{
		char *again = cb_layout_note("2026-0042", name,
		    (time_t)(us / 1000000));

		assert_string_equal(again, s);
		free(again);
	}
	free(s);

	/* The older flat layout is read too. */
	expect("incidents/2026/00/2026-0042/notebook/20261120T100000.000000Z-"
	    "olduser.md", "2026-0042", CB_PATH_NOTE,
	    "20261120T100000.000000Z-olduser.md");
	/* An entry added with git may be named anything. */
	expect("incidents/2026/00/2026-0042/notebook/from git.txt",
	    "2026-0042", CB_PATH_NOTE, "from git.txt");
	assert_false(cb_layout_note_parse("from git.txt", at, login,
	    sizeof login));
	assert_false(cb_layout_note_parse("20261201T120000.000042Z-.m",
	    at, login, sizeof login));
	/* A login longer than the buffer is cut, never overrun. */
	assert_true(cb_layout_note_parse("20261201T120000.000042Z-"
	    "averyveryverylonglogin.md", at, login, 5));
	assert_string_equal(login, "aver");
	free(name);
}

/*
 * Paths in an incident's folder that casebook never writes: the id is
 * known (a commit touching them touches the incident), the kind is not.
 */
static void
test_unknown_files(void **state)
{
	const char *dir = "incidents/2026/00/2026-0042/";
	const char *rests[] = {
		"README",
		"incident.json.orig",
		"Incident.json",
		"checklist.json/x",
		"notebook/2026-12/3/a",			/* a folder's name */
		"notebook/2026-12/3/a/b/x.md",		/* too deep */
		"notebook/2026-1/3/a/x.md",
		"notebook/2026-12/g/a/x.md",		/* not hex */
		"notebook/2026-12/3/A/x.md",		/* not lowercase */
		"notebook/2026-12/33/a/x.md",
		"notebook/x/y.md",
		"evidence/" SHA "x",
		"evidence/0123.json",			/* too short */
		"evidence/.json",
		"evidence/json",
		"evidence/" SHA ".json.json",
		"evidence/0123456789ABCDEF0123456789abcdef"
		    "0123456789abcdef0123456789abcdef",	/* upper case */
		"evidence/" SHA "/x",
		"evidence",
		"notebook",
	};

	(void)state;
	for (size_t i = 0; i < sizeof rests / sizeof rests[0]; i++) {
		char path[256];

		snprintf(path, sizeof path, "%s%s", dir, rests[i]);
		expect(path, "2026-0042", CB_PATH_UNKNOWN, "");
	}
	/* Too short a SHA-256 by one digit, and a sidecar of it. */
	expect("incidents/2026/00/2026-0042/evidence/0123456789abcdef01234567"
	    "89abcdef0123456789abcdef0123456789abcde", "2026-0042",
	    CB_PATH_UNKNOWN, "");
	expect("incidents/2026/00/2026-0042/evidence/0123456789abcdef01234567"
	    "89abcdef0123456789abcdef0123456789abcde.json", "2026-0042",
	    CB_PATH_UNKNOWN, "");
}

/* Paths that are in no incident's folder at all. */
static void
test_hostile(void **state)
{
	char garbage[512];

	(void)state;
	outside("");
	outside("incidents");
	outside("incidents/");
	outside("incident.json");
	outside("incidents/2026/00/2026-0042");		/* the folder itself */
	outside("incidents/2026/00/2026-0042/");
	outside("incidents/2026/00/2026-0042/notebook/");
	outside("incidents/2026/00/2026-0042//incident.json");
	outside("/incidents/2026/00/2026-0042/incident.json");
	outside("Incidents/2026/00/2026-0042/incident.json");
	outside("xincidents/2026/00/2026-0042/incident.json");
	outside("incidents/../x/2026-0042/incident.json");
	outside("incidents/2026/../2026-0042/incident.json");
	outside("incidents/2026/00/../incident.json");
	outside("incidents/2026/00/2026-0042/../2026-0043/incident.json");
	outside("incidents/2026/00/2026-0042/./incident.json");
	outside("incidents/2026/00/./2026-0042/incident.json");
	/* The folders above must be the id's own: the folder is the id. */
	outside("incidents/2026/07/2026-0042/incident.json");
	outside("incidents/2025/00/2026-0042/incident.json");
	outside("incidents/2026/0/2026-0042/incident.json");
	outside("incidents/2026/000/2026-0042/incident.json");
	outside("incidents/2026/00/x/2026-0042/incident.json");
	outside("incidents/2026/00/2026-042/incident.json");
	outside("incidents/2026/00/2026-00042/incident.json");
	outside("incidents/2026/00/2026-0000/incident.json");
	outside("incidents/2026/00/2026-0042x/incident.json");
	outside("incidents/2026/00/2026-0042\n/incident.json");
	/* An id longer than any id buffer. */
	outside("incidents/2026/00/2026-00420000000000000000000/incident.json");
	outside("incidents/a/b/c");
	outside("incidents/a/b");
	/* NUL-free garbage: every byte from 1 to 255, as one long path. */
	for (size_t i = 0; i < sizeof garbage - 1; i++)
		garbage[i] = (char)(1 + i % 255);
	garbage[sizeof garbage - 1] = '\0';
	outside(garbage);
	memcpy(garbage, "incidents/", 10);
	outside(garbage);
	memcpy(garbage, "incidents/2026/00/2026-0042/", 28);
	expect(garbage, "2026-0042", CB_PATH_UNKNOWN, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_unknown_files),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
