/*
 * The checklist over the shipped playbooks: the malware-via-mail and NAS
 * intrusion cases of DOMAIN.md, answer by answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/checklist.h"

static struct cb_playbooks pbs;

static void
print_problem(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "problem: %s\n", msg);
}

static int
load(void **state)
{
	const char *top = getenv("TOP_SRCDIR");
	char *dir = xasprintf("%s/playbooks", top != NULL ? top : ".");
	struct cb_error err;
	enum cb_status s;

	(void)state;
	s = cb_playbooks_load(dir, NULL, &pbs, print_problem, NULL, &err);
	free(dir);
	return s == CB_OK ? 0 : -1;
}

static int
unload(void **state)
{
	(void)state;
	cb_playbooks_free(&pbs);
	return 0;
}

struct incident {
	struct cb_strlist classes;
	struct cb_answer answers[32];
	size_t n;
	struct cb_checklist cl;
};

static void
start(struct incident *inc, const char *cls)
{
	memset(inc, 0, sizeof *inc);
	cb_strlist_add(&inc->classes, cls);
	cb_checklist_compute(&pbs, &inc->classes, NULL, 0, &inc->cl);
}

static void
answer(struct incident *inc, const char *item, const char *value)
{
	struct cb_answer *a = &inc->answers[inc->n++];

	a->item = item;
	a->value = value;
	a->by = "tester";
	a->at = "2026-11-26T00:00:00Z";
	cb_checklist_free(&inc->cl);
	cb_checklist_compute(&pbs, &inc->classes, inc->answers, inc->n,
	    &inc->cl);
}

static void
finish(struct incident *inc)
{
	cb_checklist_free(&inc->cl);
	cb_strlist_free(&inc->classes);
}

static enum cb_item_state
state_of(struct incident *inc, const char *item)
{
	const struct cb_checkitem *ci = cb_checklist_find(&inc->cl, item);

	assert_non_null(ci);
	return ci->state;
}

static bool
blocked_by(struct incident *inc, const char *item, const char *dep)
{
	const struct cb_checkitem *ci = cb_checklist_find(&inc->cl, item);

	for (size_t i = 0; i < ci->nblocked_by; i++)
		if (strcmp(ci->blocked_by[i]->id, dep) == 0)
			return true;
	return false;
}

static bool
suggests(struct incident *inc, enum cb_effect_type type, const char *arg)
{
	for (size_t i = 0; i < inc->cl.nsuggestions; i++)
		if (inc->cl.suggestions[i].effect->type == type &&
		    strcmp(inc->cl.suggestions[i].effect->arg, arg) == 0)
			return true;
	return false;
}

static void
test_malware_mail(void **state)
{
	struct incident inc;
	const struct cb_checkitem *next[8], *missing[8];

	(void)state;
	start(&inc, "malware");
	/* Nothing known: only intake can start; triage waits on the source. */
	assert_int_equal(state_of(&inc, "source"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "reporter"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "affected_host"), CB_ITEM_BLOCKED);
	assert_true(blocked_by(&inc, "affected_host", "source"));
	assert_int_equal(state_of(&inc, "external_targets"), CB_ITEM_NA);
	assert_true(cb_checklist_next(&inc.cl, next, 8) >= 2);
	assert_string_equal(next[0]->item->id, "source");
	assert_int_equal(cb_checklist_missing(&inc.cl, CB_PHASE_INTAKE,
	    missing, 8), 2);

	/* The branch firewall's alert. */
	answer(&inc, "source", "alert");
	assert_int_equal(state_of(&inc, "affected_host"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "classification"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "malware_download"), CB_ITEM_BLOCKED);
	answer(&inc, "reporter", "branch firewall, NOC");
	assert_int_equal(cb_checklist_missing(&inc.cl, CB_PHASE_INTAKE,
	    missing, 8), 0);
	answer(&inc, "affected_host", "192.0.2.44");
	assert_int_equal(state_of(&inc, "malware_download"), CB_ITEM_READY);

	/* log_details is optional until the download is known complete. */
	assert_false(cb_checklist_find(&inc.cl, "log_details")->required);
	answer(&inc, "malware_download", "yes");
	assert_true(cb_checklist_find(&inc.cl, "log_details")->required);
	assert_int_equal(state_of(&inc, "log_details"), CB_ITEM_READY);
	assert_true(suggests(&inc, CB_EFFECT_REQUIRE, "log_details"));
	assert_int_equal(state_of(&inc, "secondary_traffic"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "download_route"), CB_ITEM_BLOCKED);
	answer(&inc, "log_details", "proxy and sandbox logs collected");
	assert_int_equal(state_of(&inc, "download_route"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "malware_traits"), CB_ITEM_READY);
	finish(&inc);
}

static void
test_nas_intrusion(void **state)
{
	struct incident inc;

	(void)state;
	start(&inc, "intrusion");
	assert_int_equal(state_of(&inc, "malware_download"), CB_ITEM_NA);
	answer(&inc, "source", "admin_observation");
	answer(&inc, "affected_host", "192.0.2.5 (nas-lab3)");
	assert_int_equal(state_of(&inc, "attack_scope"), CB_ITEM_READY);
	assert_int_equal(state_of(&inc, "external_targets"), CB_ITEM_BLOCKED);
	answer(&inc, "attack_scope", "SSH scans, about 70% to outside hosts");
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "immediate"));
	/* Attacking outside hosts: cut it off at once. */
	answer(&inc, "external_targets", "yes");
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "immediate"));
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_ACTION, "cut_off"));
	/* observation_period waits on attack_scope or log_details: one is
	 * enough, and log_details does not apply to an intrusion. */
	assert_int_equal(state_of(&inc, "observation_period"), CB_ITEM_READY);
	finish(&inc);
}

static void
test_any_among_applicable_only(void **state)
{
	struct incident inc;

	(void)state;
	/* root_cause: host_profile, and download_route or attack_scope,
	 * none of which applies to "other": host_profile alone is enough. */
	start(&inc, "other");
	answer(&inc, "source", "user_report");
	answer(&inc, "affected_host", "pc-17");
	assert_int_equal(state_of(&inc, "root_cause"), CB_ITEM_BLOCKED);
	assert_true(blocked_by(&inc, "root_cause", "host_profile"));
	answer(&inc, "host_profile", "shared PC in the library");
	assert_int_equal(state_of(&inc, "root_cause"), CB_ITEM_READY);
	/* A waiver satisfies dependents as an answer does. */
	inc.answers[inc.n].item = "confidential_data";
	inc.answers[inc.n].value = NULL;
	inc.answers[inc.n].reason = "the PC holds no files";
	inc.n++;
	cb_checklist_free(&inc.cl);
	cb_checklist_compute(&pbs, &inc.classes, inc.answers, inc.n, &inc.cl);
	assert_int_equal(state_of(&inc, "confidential_data"), CB_ITEM_WAIVED);
	finish(&inc);
}

static void
test_classification_by_membership(void **state)
{
	struct incident inc;

	(void)state;
	start(&inc, "malware");
	answer(&inc, "source", "external_report");
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));
	/* A later answer replaces an earlier one. */
	answer(&inc, "source", "alert");
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));
	finish(&inc);
}

/* value forms per kind: accepted and normalised, or refused. */
static void
check_value(const char *item, const char *in, const char *want)
{
	const struct cb_item *it = cb_graph_find(&pbs, item);
	struct cb_error err;
	char *out = NULL;
	enum cb_status s;

	assert_non_null(it);
	s = cb_value_check(it, in, &out, &err);
	if (want == NULL) {
		assert_int_equal(s, CB_EUSAGE);
		assert_null(out);
		assert_non_null(strstr(err.msg, item));
	} else {
		assert_int_equal(s, CB_OK);
		assert_string_equal(out, want);
	}
	free(out);
}

static void
test_values(void **state)
{
	(void)state;
	setenv("TZ", "JST-9", 1);	/* POSIX form: no tzdata needed */
	tzset();
	check_value("external_targets", "yes", "yes");
	check_value("external_targets", " N ", "no");
	check_value("external_targets", "はい", "yes");
	check_value("external_targets", "maybe", NULL);
	check_value("source", "alert", "alert");
	check_value("source", "alert,other", NULL);	/* one value only */
	check_value("source", "Alert", NULL);
	check_value("classification", "malware, intrusion", "intrusion,malware");
	check_value("classification", "malware,nonsense", NULL);
	check_value("host_profile", "  研究室のNAS  ", "研究室のNAS");
	check_value("host_profile", "   ", NULL);
	check_value("network_cutoff", "2019-06-03T14:20+09:00",
	    "2019-06-03T14:20:00+09:00");
	check_value("network_cutoff", "2019-06-03T05:20Z",
	    "2019-06-03T05:20:00+00:00");
	check_value("network_cutoff", "2019-06-03 14:20",	/* local: JST */
	    "2019-06-03T14:20:00+09:00");
	check_value("network_cutoff", "yesterday-ish", NULL);
	check_value("network_cutoff", "2019-02-30T10:00Z", NULL);
	check_value("network_cutoff", "2019-06-03T25:00Z", NULL);
	check_value("observation_period",
	    "2019-06-01T00:00Z/2019-06-03T14:20+09:00",
	    "2019-06-01T00:00:00+00:00/2019-06-03T14:20:00+09:00");
	check_value("observation_period",
	    "2019-06-03T00:00Z/2019-06-01T00:00Z", NULL);
	check_value("observation_period", "2019-06-03T00:00Z", NULL);
	check_value("affected_host", "192.0.2.10, nas-lab3.example.ac.jp 2001:db8::1",
	    "192.0.2.10,nas-lab3.example.ac.jp,2001:db8::1");
	check_value("affected_host", "192.0.2.10; rm -rf /", NULL);
	check_value("affected_host", "-bad.example", NULL);
	setenv("TZ", "UTC", 1);
	tzset();
}

/*
 * Rules on alerts (playbooks malware.yaml): a Lastline detection of impact
 * 80 or more among the attached alerts suggests high urgency (79, or 80
 * from another source, does not); alerts for the hosts after the cut-off
 * suggest going back to handling, those before it or with no cut-off
 * answered do not; in recovery, alerts after it was entered do.
 */
static void
compute_with(struct incident *inc, const struct cb_alert_facts *f)
{
	cb_checklist_free(&inc->cl);
	cb_checklist_compute_alerts(&pbs, &inc->classes, inc->answers, inc->n,
	    f, &inc->cl);
}

static void
test_alert_conditions(void **state)
{
	struct cb_alert_fact a[2] = {
		{ "lastline", 79, 1000, true },
		{ "suricata", 95, 1000, true },
	};
	struct cb_alert_facts f = { a, 2, CB_PHASE_TRIAGE, 500 };
	struct incident inc;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	start(&inc, "malware");
	compute_with(&inc, NULL);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));
	a[0].score = 80;
	compute_with(&inc, &f);
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));
	/* Not attached: only the host rules look at it. */
	a[0].attached = false;
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_URGENCY, "high"));

	/* Cut off at 2026-11-26T00:00:00Z = 1795651200. */
	answer(&inc, "urgency", "high");
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	answer(&inc, "network_cutoff", "2026-11-26T00:00:00Z");
	a[0].event = 1795651200;	/* at the cut-off: not after it */
	a[1].event = 1795651100;
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	a[0].event = 1795651201;
	compute_with(&inc, &f);
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_ACTION, "analyse_traffic"));

	/* In recovery since a time: alerts after it, not before. */
	finish(&inc);
	start(&inc, "malware");
	a[0].event = 2000;
	a[0].attached = false;
	a[1].event = 1000;
	f.phase = CB_PHASE_RECOVERY;
	f.phase_since = 2000;
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	a[0].event = 2001;
	compute_with(&inc, &f);
	assert_true(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	f.phase = CB_PHASE_HANDLING;	/* no longer in recovery */
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	f.phase = CB_PHASE_RECOVERY;
	f.phase_since = 0;		/* since when not known: nothing */
	compute_with(&inc, &f);
	assert_false(suggests(&inc, CB_EFFECT_SUGGEST_BACK, "handling"));
	finish(&inc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malware_mail),
		cmocka_unit_test(test_nas_intrusion),
		cmocka_unit_test(test_any_among_applicable_only),
		cmocka_unit_test(test_classification_by_membership),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_alert_conditions),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
