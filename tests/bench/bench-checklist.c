/*
 * The checklist's figures (make bench-checklist): the computation for
 * one incident over the shipped playbooks (all 24 items, an intrusion and
 * malware incident so that both playbooks' rules are evaluated, with a
 * dozen answers), and loading the playbooks.  Prints "name: value unit".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/checklist.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const char *const facts[][2] = {
		{ "source", "alert" }, { "reporter", "NOC" },
		{ "classification", "intrusion,malware" },
		{ "affected_host", "192.0.2.10" }, { "urgency", "immediate" },
		{ "attack_scope", "ssh" }, { "external_targets", "yes" },
		{ "malware_download", "yes" }, { "secondary_traffic", "yes" },
		{ "log_details", "proxy" }, { "host_profile", "NAS" },
		{ "confidential_data", "no" },
	};
	const char *dir = argc > 1 ? argv[1] : "playbooks";
	struct cb_answer answers[16];
	struct cb_strlist classes = { 0 };
	struct cb_playbooks pbs;
	struct cb_checklist cl;
	struct cb_error err;
	enum { LOADS = 50, CALLS = 20000 };
	static double t[CALLS];
	size_t n = sizeof facts / sizeof facts[0];

	for (int i = 0; i < LOADS; i++) {
		double t0 = now_us();

		if (cb_playbooks_load(dir, NULL, &pbs, NULL, NULL, &err) != CB_OK) {
			fprintf(stderr, "bench-checklist: %s\n", err.msg);
			return 1;
		}
		t[i] = now_us() - t0;
		if (i + 1 < LOADS)
			cb_playbooks_free(&pbs);
	}
	qsort(t, LOADS, sizeof t[0], cmp);
	printf("playbooks load and validate: median %.2f ms\n",
	    t[LOADS / 2] / 1000);

	memset(answers, 0, sizeof answers);
	for (size_t i = 0; i < n; i++) {
		answers[i].item = facts[i][0];
		answers[i].value = facts[i][1];
		answers[i].by = "bench";
		answers[i].at = "2026-11-26T00:00:00Z";
	}
	cb_strlist_add(&classes, "intrusion");
	cb_strlist_add(&classes, "malware");
	for (int i = 0; i < CALLS; i++) {
		double t0 = now_us();

		cb_checklist_compute(&pbs, &classes, answers, n, &cl);
		t[i] = now_us() - t0;
		cb_checklist_free(&cl);
	}
	qsort(t, CALLS, sizeof t[0], cmp);
	cb_checklist_compute(&pbs, &classes, answers, n, &cl);
	printf("# %zu items, %zu answers, %zu suggestions fired\n", cl.nitems,
	    n, cl.nsuggestions);
	cb_checklist_free(&cl);
	printf("checklist compute: median %.1f us, p99 %.1f us\n",
	    t[CALLS / 2], t[CALLS * 99 / 100]);
	cb_strlist_free(&classes);
	cb_playbooks_free(&pbs);
	return 0;
}
