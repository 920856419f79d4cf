/* Loading the shipped playbooks, overrides and the content hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/playbook.h"

static char *
shipped(void)
{
	const char *top = getenv("TOP_SRCDIR");

	return xasprintf("%s/playbooks", top != NULL ? top : ".");
}

static void
print_problem(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "problem: %s\n", msg);
}

static const struct cb_rule *
find_rule(const struct cb_playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->nrules; i++)
		if (strcmp(pb->rules[i].id, id) == 0)
			return &pb->rules[i];
	return NULL;
}

static bool
has_effect(const struct cb_rule *r, enum cb_effect_type type,
    const char *arg)
{
	for (size_t i = 0; i < r->neffects; i++)
		if (r->effects[i].type == type &&
		    strcmp(r->effects[i].arg, arg) == 0)
			return true;
	return false;
}

static void
test_shipped(void **state)
{
	struct cb_playbooks pbs;
	struct cb_error err;
	const struct cb_playbook *pb;
	const struct cb_item *item;
	const struct cb_rule *r;
	char *dir = shipped();

	(void)state;
	assert_int_equal(cb_playbooks_load(dir, NULL, &pbs, print_problem,
	    NULL, &err), CB_OK);
	assert_int_equal(pbs.graph.nitems, 24);
	assert_int_equal(pbs.nplaybooks, 11);
	assert_int_equal(strlen(pbs.hash), 64);

	item = cb_graph_find(&pbs, "malware_download");
	assert_non_null(item);
	assert_int_equal(item->kind, CB_KIND_YESNO);
	assert_int_equal(item->phase, CB_PHASE_TRIAGE);
	assert_string_equal(item->dep_all[0].id, "affected_host");
	item = cb_graph_find(&pbs, "classification");
	assert_non_null(item);
	assert_int_equal(item->kind, CB_KIND_CHOICE);
	assert_int_equal(item->noptions, 11);
	assert_int_equal(item->role, CB_ROLE_TECH);
	assert_string_equal(item->field, "classes");
	assert_null(cb_graph_find(&pbs, "no_such_item"));
	/* The items that are incident fields, and only those. */
	assert_ptr_equal(cb_graph_field_item(&pbs, "urgency"),
	    cb_graph_find(&pbs, "urgency"));
	assert_ptr_equal(cb_graph_field_item(&pbs, "severity"),
	    cb_graph_find(&pbs, "dept_severity"));
	assert_ptr_equal(cb_graph_field_item(&pbs, "hosts"),
	    cb_graph_find(&pbs, "affected_host"));
	assert_null(cb_graph_field_item(&pbs, "title"));
	assert_null(cb_graph_find(&pbs, "malware_download")->field);

	pb = cb_playbook_find(&pbs, "malware");
	assert_non_null(pb);
	assert_string_equal(pb->title.en, "Malware infection");
	r = find_rule(pb, "download_needs_logs");
	assert_non_null(r);
	assert_int_equal(r->when.type, CB_COND_EQUALS);
	assert_string_equal(r->when.item, "malware_download");
	assert_string_equal(r->when.value, "yes");
	assert_true(has_effect(r, CB_EFFECT_REQUIRE, "log_details"));

	pb = cb_playbook_find(&pbs, "intrusion");
	assert_non_null(pb);
	r = NULL;
	for (size_t i = 0; i < pb->nrules && r == NULL; i++)
		if (pb->rules[i].when.type == CB_COND_EQUALS &&
		    strcmp(pb->rules[i].when.item, "external_targets") == 0 &&
		    strcmp(pb->rules[i].when.value, "yes") == 0)
			r = &pb->rules[i];
	assert_non_null(r);
	assert_true(has_effect(r, CB_EFFECT_SUGGEST_URGENCY, "immediate"));
	for (size_t i = 0; i < r->neffects; i++)
		if (r->effects[i].type == CB_EFFECT_SUGGEST_URGENCY)
			assert_int_equal(r->effects[i].urgency,
			    CB_URGENCY_IMMEDIATE);
	assert_null(cb_playbook_find(&pbs, "nonsense"));

	cb_playbooks_free(&pbs);
	free(dir);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct cb_buf b = { NULL, 0, 0 };
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cb_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return cb_buf_detach(&b);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
test_override_hash(void **state)
{
	struct cb_playbooks a, b, c;
	struct cb_error err;
	char tmpl[] = "/tmp/cb-playbook-XXXXXX";
	char *dir = shipped(), *src, *dst, *data, *edited;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(cb_playbooks_load(dir, tmpl, &a, print_problem, NULL,
	    &err), CB_OK);

	/* The same bytes in the override: same content, same hash. */
	src = xasprintf("%s/dos.yaml", dir);
	dst = xasprintf("%s/dos.yaml", tmpl);
	data = slurp(src, &len);
	write_file(dst, data, len);
	assert_int_equal(cb_playbooks_load(dir, tmpl, &b, print_problem, NULL,
	    &err), CB_OK);
	assert_string_equal(a.hash, b.hash);
	assert_string_equal(cb_playbook_find(&b, "dos")->path, dst);

	/* One more comment line: a different version. */
	edited = xasprintf("# local\n%s", data);
	write_file(dst, edited, strlen(edited));
	assert_int_equal(cb_playbooks_load(dir, tmpl, &c, print_problem, NULL,
	    &err), CB_OK);
	assert_string_not_equal(a.hash, c.hash);

	/* A broken override fails the load and leaves nothing to free. */
	write_file(dst, "version: 1\nclass: [\n", 20);
	cb_playbooks_free(&c);
	assert_int_equal(cb_playbooks_load(dir, tmpl, &c, NULL, NULL, &err),
	    CB_ERR);
	assert_null(c.playbooks);

	cb_playbooks_free(&a);
	cb_playbooks_free(&b);
	unlink(dst);
	rmdir(tmpl);
	free(src);
	free(dst);
	free(data);
	free(edited);
	free(dir);
}

static void
count(const char *msg, void *arg)
{
	(void)msg;
	(*(int *)arg)++;
}

static const char field_ok[] =
    "version: 1\n"
    "items:\n"
    "  - id: urgency\n"
    "    phase: triage\n"
    "    label: {ja: あ, en: A}\n"
    "    prompt: {ja: あ, en: A}\n"
    "    kind: choice\n"
    "    options:\n"
    "      - {value: high, ja: あ, en: A}\n"
    "    classes: [all]\n"
    "    field: urgency\n";
/* Each appended to field_ok makes exactly one problem. */
static const char *const field_bad[] = {
	"  - id: b\n    phase: triage\n    label: {ja: あ, en: A}\n"
	"    prompt: {ja: あ, en: A}\n    kind: text\n    classes: [all]\n"
	"    field: colour\n",
	"  - id: b\n    phase: triage\n    label: {ja: あ, en: A}\n"
	"    prompt: {ja: あ, en: A}\n    kind: text\n    classes: [all]\n"
	"    field: phase\n",
	"  - id: b\n    phase: triage\n    label: {ja: あ, en: A}\n"
	"    prompt: {ja: あ, en: A}\n    kind: text\n    classes: [all]\n"
	"    field: urgency\n",
	"  - id: b\n    phase: triage\n    label: {ja: あ, en: A}\n"
	"    prompt: {ja: あ, en: A}\n    kind: choice\n"
	"    options:\n      - {value: huge, ja: あ, en: A}\n"
	"    classes: [all]\n    field: severity\n",
};

static void
test_check_buffer(void **state)
{
	struct cb_error err;
	int n = 0;
	static const char cycle[] =
	    "version: 1\n"
	    "items:\n"
	    "  - id: a\n"
	    "    phase: intake\n"
	    "    label: {ja: あ, en: A}\n"
	    "    prompt: {ja: あ, en: A}\n"
	    "    kind: text\n"
	    "    depends: {all: [a]}\n"
	    "    classes: [all]\n";

	(void)state;
	assert_int_equal(cb_playbook_check_buffer("x/graph.yaml", cycle,
	    strlen(cycle), NULL, count, &n, &err), CB_ERR);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(cb_playbook_check_buffer("graph.yaml", "", 0, NULL,
	    count, &n, &err), CB_ERR);
	assert_true(n >= 1);
	/* A field: known, not the phase, and options it accepts. */
	n = 0;
	assert_int_equal(cb_playbook_check_buffer("graph.yaml", field_ok,
	    strlen(field_ok), NULL, count, &n, &err), CB_OK);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < sizeof field_bad / sizeof field_bad[0]; i++) {
		char *yaml = xasprintf("%s%s", field_ok, field_bad[i]);

		n = 0;
		assert_int_equal(cb_playbook_check_buffer("graph.yaml", yaml,
		    strlen(yaml), NULL, count, &n, &err), CB_ERR);
		assert_int_equal(n, 1);
		free(yaml);
	}
}

/* Loading some classes parses only those, with the same version hash. */
static void
test_load_some(void **state)
{
	struct cb_playbooks all, some;
	struct cb_strlist only = { 0 };
	struct cb_error err;
	char *dir = shipped();

	(void)state;
	assert_int_equal(cb_playbooks_load(dir, NULL, &all, print_problem,
	    NULL, &err), CB_OK);
	cb_strlist_add(&only, "scan");
	cb_strlist_add(&only, "intrusion");
	assert_int_equal(cb_playbooks_load_some(dir, NULL, &only, &some,
	    print_problem, NULL, &err), CB_OK);
	assert_int_equal(some.nplaybooks, 2);
	assert_non_null(cb_playbook_find(&some, "scan"));
	assert_non_null(cb_playbook_find(&some, "intrusion"));
	assert_null(cb_playbook_find(&some, "malware"));
	assert_int_equal(some.graph.nitems, all.graph.nitems);
	assert_string_equal(some.hash, all.hash);
	assert_int_equal(all.nplaybooks, 11);
	cb_strlist_free(&only);
	cb_playbooks_free(&some);
	cb_playbooks_free(&all);
	free(dir);
}

/*
 * The alerts condition and suggest_back: the shipped rules read as
 * written; a bad filter is one problem each.
 */
static const char *const alerts_bad[] = {
	"        score_at_least: high\n",
	"        score_at_least: -1\n",
	"        hosts: maybe\n",
	"        after: urgency\n",		/* a choice, not a time */
	"        after: no_such_item\n",
	"        since_phase: limbo\n",
	"        colour: red\n",
};

static void
test_alert_rules(void **state)
{
	struct cb_playbooks pbs;
	const struct cb_playbook *pb;
	const struct cb_rule *r;
	struct cb_error err;
	char *dir = shipped(), *path, *text;
	size_t len;
	FILE *f;
	int n;

	(void)state;
	assert_int_equal(cb_playbooks_load(dir, NULL, &pbs, print_problem,
	    NULL, &err), CB_OK);
	pb = cb_playbook_find(&pbs, "malware");
	assert_non_null(pb);
	r = find_rule(pb, "lastline_high_impact");
	assert_non_null(r);
	assert_int_equal(r->when.type, CB_COND_ALERTS);
	assert_string_equal(r->when.source, "lastline");
	assert_true(r->when.min_score == 80);
	assert_false(r->when.hosts);
	assert_true(has_effect(r, CB_EFFECT_SUGGEST_URGENCY, "high"));
	r = find_rule(pb, "alerts_after_cutoff");
	assert_non_null(r);
	assert_true(r->when.hosts);
	assert_string_equal(r->when.item, "network_cutoff");
	assert_int_equal(r->when.phase, -1);
	assert_true(has_effect(r, CB_EFFECT_SUGGEST_BACK, "handling"));
	assert_int_equal(r->effects[0].phase, CB_PHASE_HANDLING);
	r = find_rule(pb, "alerts_in_recovery");
	assert_non_null(r);
	assert_int_equal(r->when.phase, CB_PHASE_RECOVERY);
	assert_null(r->when.item);

	/* malware.yaml with one more rule, bad in one way each. */
	path = xasprintf("%s/malware.yaml", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	text = xmalloc(1 << 20);
	len = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	text[len] = '\0';
	for (size_t i = 0; i < sizeof alerts_bad / sizeof alerts_bad[0]; i++) {
		char *yaml = xasprintf("%s  - id: bad_alerts_rule\n"
		    "    when:\n      alerts:\n%s"
		    "    effects:\n      - suggest_back: handling\n"
		    "    why: {ja: あ, en: A}\n", text, alerts_bad[i]);

		n = 0;
		assert_int_equal(cb_playbook_check_buffer("malware.yaml", yaml,
		    strlen(yaml), &pbs.graph, count, &n, &err), CB_ERR);
		assert_int_equal(n, 1);
		free(yaml);
	}
	{
		char *yaml = xasprintf("%s  - id: good_alerts_rule\n"
		    "    when:\n      alerts: {}\n"
		    "    effects:\n      - suggest_back: initial\n"
		    "    why: {ja: あ, en: A}\n", text);

		n = 0;
		assert_int_equal(cb_playbook_check_buffer("malware.yaml", yaml,
		    strlen(yaml), &pbs.graph, count, &n, &err), CB_OK);
		assert_int_equal(n, 0);
		free(yaml);
	}
	free(text);
	free(path);
	free(dir);
	cb_playbooks_free(&pbs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_override_hash),
		cmocka_unit_test(test_check_buffer),
		cmocka_unit_test(test_load_some),
		cmocka_unit_test(test_alert_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
