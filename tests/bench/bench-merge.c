/*
 * The merge's figures (make bench-merge): the pure part of a sync where
 * 100 incidents were changed on both sides, each incident.json with a
 * field changed on each side and one on both (a conflict), hosts added
 * on both, and a checklist of 24 answers of which each side changed 6
 * and 2 the same item; then conflicts.json and the trailers.  The
 * median of 21 runs.  Prints "name: value unit".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/merge.h"

#define INCIDENTS 100
#define ANSWERS 24
#define RUNS 21

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

static json_t *
incident(int i, const char *urgency, const char *dept, const char *host)
{
	char id[16];

	snprintf(id, sizeof(id), "2026-%04d", i + 1);
	return json_pack("{s:s, s:s, s:[s], s:s, s:s, s:n, s:s, s:s, s:[s],"
	    " s:[s, s], s:s, s:s}", "id", id, "title", "Phishing at law",
	    "classes", "phishing", "phase", "triage", "urgency", urgency,
	    "severity", "department", dept, "reporter", "sato", "assignees",
	    "alice", "hosts", "10.0.0.1", host, "created",
	    "2026-12-01T09:00:00Z", "updated", "2026-12-01T09:00:00Z");
}

static json_t *
checklist(int side)
{
	json_t *a = json_object();
	char item[32], at[32];

	for (int i = 0; i < ANSWERS; i++) {
		bool changed = side == 1 ? i < 6 : side == 2 ? i >= 4 && i < 10 :
		    false;

		snprintf(item, sizeof(item), "item_%02d", i);
		snprintf(at, sizeof(at), "2026-12-01T%02d:00:00Z",
		    changed ? 10 + side : 9);
		json_object_set_new(a, item, json_pack("{s:s, s:s, s:s, s:s}",
		    "at", at, "by", changed && side == 2 ? "bob" : "alice", "playbook",
		    "p", "value", changed ? (side == 1 ? "yes" : "no") :
		    "unknown"));
	}
	return json_pack("{s:o, s:s}", "answers", a, "playbook", "p");
}

int
main(void)
{
	static const struct cb_merge_side os = { "alice",
	    "2026-12-01T10:00:00Z" }, ts = { "bob", "2026-12-01T11:00:00Z" };
	json_t *bi[INCIDENTS], *oi[INCIDENTS], *ti[INCIDENTS];
	json_t *bc = checklist(0), *oc = checklist(1), *tc = checklist(2);
	json_t *empty = json_object();
	double t[RUNS];
	size_t conflicts = 0;

	for (int i = 0; i < INCIDENTS; i++) {
		bi[i] = incident(i, "normal", "Law", "10.0.0.2");
		oi[i] = incident(i, "high", "Law", "10.0.0.3");
		ti[i] = incident(i, "low", "Law school", "10.0.0.4");
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_us();

		conflicts = 0;
		for (int i = 0; i < INCIDENTS; i++) {
			struct cb_merge mi, mc, mk;
			const struct cb_merge *ms[2] = { &mi, &mc };
			struct cb_buf tr = { 0 };
			struct cb_error err;
			json_t *rec;
			char *text;

			if (cb_merge_incident(bi[i], oi[i], ti[i], &os, &ts,
			    &mi, &err) != CB_OK ||
			    cb_merge_checklist(bc, oc, tc, &os, &ts, &mc,
			    &err) != CB_OK ||
			    cb_merge_conflicts(NULL, empty, empty,
			    &mk, &err) != CB_OK) {
				fprintf(stderr, "bench-merge: %s\n", err.msg);
				return 1;
			}
			rec = cb_merge_record(mk.result, ms, 2,
			    "2026-12-01T12:00:00Z");
			text = json_dumps(rec, JSON_INDENT(2) | JSON_SORT_KEYS);
			cb_merge_trailers(json_string_value(json_object_get(
			    bi[i], "id")), "incident.json", &mi, &tr);
			cb_merge_trailers(json_string_value(json_object_get(
			    bi[i], "id")), "checklist.json", &mc, &tr);
			conflicts += mi.nconflicts + mc.nconflicts;
			free(text);
			cb_buf_free(&tr);
			json_decref(rec);
			cb_merge_free(&mi);
			cb_merge_free(&mc);
			cb_merge_free(&mk);
		}
		t[r] = now_us() - t0;
	}
	qsort(t, RUNS, sizeof(*t), cmp);
	printf("merge of %d incidents changed on both sides: %.2f ms "
	    "(%zu conflicts)\n", INCIDENTS, t[RUNS / 2] / 1e3, conflicts);
	return 0;
}
