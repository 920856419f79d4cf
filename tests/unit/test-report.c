/*
 * Report forms: the shipped forms load against the graph; the demo's NAS
 * intrusion case (core/demo.c), its facts and its timeline, fills the
 * mext form's final report with nothing missing; a case left at triage
 * lists exactly its missing facts; hostile text is escaped; broken forms
 * are refused with the field named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/demo.h"
#include "core/report.h"
#include "core/timeline.h"
#include "core/xmalloc.h"

#define T0	((time_t)1764547200)	/* 2025-12-01T00:00:00Z */

static struct cb_playbooks pbs;
static char *top;

static void
print_problem(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "problem: %s\n", msg);
}

static int
load(void **state)
{
	const char *t = getenv("TOP_SRCDIR");
	char *dir;
	struct cb_error err;
	enum cb_status s;

	(void)state;
	top = xstrdup(t != NULL ? t : ".");
	dir = xasprintf("%s/playbooks", top);
	s = cb_playbooks_load(dir, NULL, &pbs, print_problem, NULL, &err);
	free(dir);
	return s == CB_OK ? 0 : -1;
}

static int
unload(void **state)
{
	(void)state;
	cb_playbooks_free(&pbs);
	free(top);
	return 0;
}

static void
load_form(const char *name, struct cb_report_form *form)
{
	char *path = xasprintf("%s/playbooks/reports/%s.yaml", top, name);
	struct cb_error err;
	enum cb_status s;

	s = cb_report_form_load(path, &pbs.graph, form, &err);
	if (s != CB_OK)
		fprintf(stderr, "%s\n", err.msg);
	assert_int_equal(s, CB_OK);
	assert_string_equal(form->name, name);
	free(path);
}

/* An incident's facts: fields, latest answers, and its timeline. */
struct facts {
	const char *title, *department;
	const char *items[64], *values[64];
	size_t n;
	struct cb_tl_record recs[64];
	size_t nrecs;
	struct cb_timeline tl;
	char buf[64];
};

static void
fact(struct facts *f, int minutes, const char *item, const char *value)
{
	struct cb_tl_record *r = &f->recs[f->nrecs++];

	f->items[f->n] = item;
	f->values[f->n++] = value;
	memset(r, 0, sizeof *r);
	r->at = T0 + minutes * 60;
	r->kind = value != NULL ? CB_TL_ANSWER : CB_TL_WAIVER;
	r->key = item;
	r->value = value;
}

static void
facts_start(struct facts *f, const char *title, const char *department)
{
	memset(f, 0, sizeof *f);
	f->title = title;
	f->department = department;
	f->recs[0].at = T0;
	f->recs[0].kind = CB_TL_CREATED;
	f->nrecs = 1;
}

static const char *
lookup(enum cb_rf_source source, const char *key, void *arg)
{
	struct facts *f = arg;
	const char *v = NULL;
	enum cb_moment m;
	struct tm tm;

	switch (source) {
	case CB_RF_ITEM:
		for (size_t i = 0; i < f->n; i++)
			if (strcmp(f->items[i], key) == 0)
				v = f->values[i];	/* the latest */
		return v;
	case CB_RF_FIELD:
		if (strcmp(key, "title") == 0)
			return f->title;
		if (strcmp(key, "department") == 0)
			return f->department;
		return NULL;
	case CB_RF_MOMENT:
		m = cb_moment_from_name(key);
		assert_int_not_equal(m, CB_MOMENT_COUNT);
		if (!f->tl.moments[m].known)
			return NULL;
		gmtime_r(&f->tl.moments[m].at, &tm);
		strftime(f->buf, sizeof f->buf, "%Y-%m-%d %H:%M UTC", &tm);
		return f->buf;
	case CB_RF_STAGE:
	case CB_RF_FIXED:
		break;
	}
	fail_msg("lookup asked for a stage or fixed text");
	return NULL;
}

static void
test_shipped_forms_load(void **state)
{
	static const char *const names[] = { "mext", "ppc", "jpcert",
	    "summary" };
	struct cb_report_form form;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		load_form(names[i], &form);
		assert_true(form.nfields > 3);
		cb_report_form_free(&form);
	}
	/* mext says it is a reconstruction, in both languages. */
	load_form("mext", &form);
	assert_non_null(strstr(form.notice.ja, "再構成"));
	assert_non_null(strstr(form.notice.en, "reconstruction"));
	cb_report_form_free(&form);
}

/* The NAS case, as the demo records it: the final report is complete. */
static void
test_nas_final_complete(void **state)
{
	const struct cb_demo_case *nas = &cb_demo_cases[0];
	struct cb_report_form form;
	struct cb_report r;
	struct facts f;
	char *md, *txt;

	(void)state;
	facts_start(&f, nas->title, "工学院 機械系");
	for (size_t i = 0; i < nas->n_answers; i++) {
		const struct cb_demo_answer *a = &nas->answers[i];
		const char *v = a->value;

		/* Done items hold the time they were done. */
		if (v != NULL && strcmp(v, "now") == 0)
			v = "2025-12-01T09:19:00+09:00";
		fact(&f, a->minutes, a->item, v);
	}
	cb_timeline_compute(f.recs, f.nrecs, &pbs.graph, NULL, T0, &f.tl);

	load_form("mext", &form);
	cb_report_fill(&form, CB_STAGE_FINAL, "ja", lookup, &f, &r);
	for (size_t i = 0; i < r.nmissing; i++)
		fprintf(stderr, "missing: %s\n", r.missing[i]->id);
	assert_int_equal(r.nmissing, 0);
	assert_int_equal(r.nvalues, form.nfields);
	md = cb_report_markdown(&r);
	assert_non_null(strstr(md, "**報告種別**: 最終報"));
	assert_non_null(strstr(md, "**原因**: "));
	assert_null(strstr(md, "未記入"));
	txt = cb_report_text(&r);
	assert_non_null(strstr(txt, "再発防止策: 全部局へ注意喚起"));
	free(md);
	free(txt);
	cb_report_free(&r);

	/* In English: English labels, the same facts. */
	cb_report_fill(&form, CB_STAGE_FINAL, "en", lookup, &f, &r);
	txt = cb_report_text(&r);
	assert_non_null(strstr(txt, "Report stage: Final report\n"));
	assert_non_null(strstr(txt, "Response — cut off from the network: "
	    "2025-12-01 00:19 UTC\n"));
	assert_null(strstr(txt, "報告種別"));
	free(txt);
	cb_report_free(&r);
	cb_report_form_free(&form);
}

/* Left at triage: the first report lacks exactly two facts. */
static void
test_at_triage_missing(void **state)
{
	struct cb_report_form form;
	struct cb_report r;
	struct facts f;
	char *md, *txt, *js;
	json_t *j, *miss;
	json_error_t jerr;

	(void)state;
	facts_start(&f, "研究室NASへの不正侵入", "工学院");
	fact(&f, 1, "source", "admin_observation");
	fact(&f, 1, "reporter", "NOC 伊藤");
	fact(&f, 5, "classification", "intrusion");
	fact(&f, 5, "affected_host", "192.0.2.45,nas-mech-lab3");
	fact(&f, 6, "urgency", NULL);	/* waived: no fact */
	cb_timeline_compute(f.recs, f.nrecs, &pbs.graph, NULL, T0, &f.tl);

	load_form("mext", &form);
	cb_report_fill(&form, CB_STAGE_FIRST, "en", lookup, &f, &r);
	assert_int_equal(r.nmissing, 2);
	assert_string_equal(r.missing[0]->id, "summary");
	assert_string_equal(r.missing[0]->filled_by, "attack_scope");
	assert_string_equal(r.missing[1]->id, "t_triaged");
	assert_string_equal(r.missing[1]->filled_by, "urgency");

	md = cb_report_markdown(&r);
	assert_non_null(strstr(md, "**Summary**: *(missing)*"));
	assert_non_null(strstr(md, "## Missing\n\n- Summary (filled by: "
	    "`attack_scope`)\n- Response — urgency decided (filled by: "
	    "`urgency`)\n"));
	/* The cut-off is optional: shown blank, not missing. */
	assert_non_null(strstr(md, "**Response — cut off from the network**: "
	    "-\n"));
	txt = cb_report_text(&r);
	assert_non_null(strstr(txt, "Summary: (missing; filled by: "
	    "attack_scope)\n"));
	js = cb_report_json(&r);
	j = json_loads(js, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "stage")),
	    "first");
	miss = json_object_get(j, "missing");
	assert_int_equal(json_array_size(miss), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(miss, 1), "item")), "urgency");
	json_decref(j);
	free(js);
	free(md);
	free(txt);
	cb_report_free(&r);

	/* In Japanese, the same two. */
	cb_report_fill(&form, CB_STAGE_FIRST, "ja", lookup, &f, &r);
	md = cb_report_markdown(&r);
	assert_non_null(strstr(md, "**事案の概要**: *(未記入)*"));
	assert_non_null(strstr(md, "## 未記入の項目"));
	free(md);
	cb_report_free(&r);

	/* The final report asks for more: the later stages' fields. */
	cb_report_fill(&form, CB_STAGE_FINAL, "en", lookup, &f, &r);
	assert_int_equal(r.nmissing, 9);	/* occurred summary damage
						   personal_info cause t_triaged
						   t_recovered severity prevention */
	cb_report_free(&r);
	cb_report_form_free(&form);
}

static void
test_hostile_title(void **state)
{
	struct cb_report_form form;
	struct cb_report r;
	struct facts f;
	char *md, *txt, *js;

	(void)state;
	facts_start(&f, "# Pwned [click](javascript:alert(1)) <script>x"
	    "</script> *b* \x1b]0;evil\x07\n## heading", "");
	load_form("summary", &form);
	cb_report_fill(&form, CB_STAGE_FIRST, "en", lookup, &f, &r);
	md = cb_report_markdown(&r);
	if (getenv("SHOW") != NULL)
		fputs(md, stderr);
	assert_non_null(strstr(md, "**Title**: \\# Pwned \\[click\\]\\("
	    "javascript:alert\\(1\\)\\) \\<script\\>x\\</script\\> \\*b\\* "
	    "^\\[\\]0;evil^G  \n\\#\\# heading\n"));
	assert_null(strstr(md, "\x1b"));
	/* The only headings are the form's own. */
	assert_null(strstr(md, "\n# "));
	assert_string_equal(strstr(md, "\n## "), strstr(md, "\n## Missing\n"));
	assert_null(strstr(strstr(md, "\n## ") + 1, "\n## "));
	/* An empty department is missing, with no item to fill it. */
	assert_non_null(strstr(md, "**Department**: *(missing)*"));
	txt = cb_report_text(&r);
	assert_null(strstr(txt, "\x1b"));
	assert_non_null(strstr(txt, "Title: # Pwned [click]"));
	js = cb_report_json(&r);
	assert_null(strstr(js, "\x1b"));
	free(md);
	free(txt);
	free(js);
	cb_report_free(&r);
	cb_report_form_free(&form);
}

static void
refused(const char *yaml, const char *want)
{
	struct cb_report_form form;
	struct cb_error err;

	assert_int_equal(cb_report_form_parse("t.yaml", yaml, strlen(yaml),
	    &pbs.graph, &form, &err), CB_ERR);
	if (strstr(err.msg, want) == NULL)
		fail_msg("got '%s', want '%s'", err.msg, want);
	assert_int_equal(form.nfields, 0);
}

static void
test_broken_forms(void **state)
{
	(void)state;
#define HEAD "version: 1\nform: x\ntitle: {ja: 題, en: T}\nfields:\n"
	refused(HEAD "  - id: a\n    label: {ja: あ}\n    item: source\n",
	    "t.yaml: field 1: 'label'");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    item: source\n"
	    "  - id: b\n    label: {ja: い, en: B}\n    item: guess\n",
	    "t.yaml: field 2: 'item' is not an item of graph.yaml");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    item: source\n"
	    "    field: title\n", "needs exactly one of");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    item: source\n"
	    "  - id: a\n    label: {ja: あ, en: A}\n    item: reporter\n",
	    "field 2: 'id' used twice");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    moment: lunch\n",
	    "not a timeline moment");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    field: title\n"
	    "    stages: [second]\n", "'stages' takes");
	refused(HEAD "  - id: a\n    label: {ja: あ, en: A}\n    item: source\n"
	    "    filled_by: reporter\n", "'filled_by' is for field");
	refused("version: 2\n", "'version' must be 1");
	refused("%YAML 1.2\n---\nversion: 1\n", "directives");
	refused("version: [1\n", "YAML syntax error");
	refused("version: 1\nform: x\ntitle: {ja: 題, en: T}\nfields: []\n",
	    "'fields' must be a non-empty list");
#undef HEAD
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_forms_load),
		cmocka_unit_test(test_nas_final_complete),
		cmocka_unit_test(test_at_triage_missing),
		cmocka_unit_test(test_hostile_title),
		cmocka_unit_test(test_broken_forms),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
