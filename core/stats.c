/*
 * Statistics across incidents (core/stats.h has the definitions).  Each
 * group gathers its durations, then sorts them once per measure.  Groups
 * are found by a linear search: there are few (classes, urgencies,
 * months of a few years, departments of one university), and the
 * search is over groups, not incidents.
 */
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "core/xmalloc.h"

const char *const cb_stats_by_names[CB_STATS_BY_COUNT] = {
	[CB_STATS_ALL] = "all",
	[CB_STATS_CLASS] = "class",
	[CB_STATS_DEPARTMENT] = "department",
	[CB_STATS_MONTH] = "month",
	[CB_STATS_SOURCE] = "source",
	[CB_STATS_URGENCY] = "urgency",
};

const char *const cb_stats_measure_names[CB_STATS_MEASURE_COUNT] = {
	[CB_STATS_TO_TRIAGE] = "triage",
	[CB_STATS_TO_CONTAINMENT] = "containment",
	[CB_STATS_TO_RECOVERY] = "recovery",
	[CB_STATS_TO_CLOSE] = "close",
};

/* The moment ending each measure. */
static const enum cb_moment measure_end[CB_STATS_MEASURE_COUNT] = {
	[CB_STATS_TO_TRIAGE] = CB_MOMENT_TRIAGED,
	[CB_STATS_TO_CONTAINMENT] = CB_MOMENT_CONTAINED,
	[CB_STATS_TO_RECOVERY] = CB_MOMENT_RECOVERED,
	[CB_STATS_TO_CLOSE] = CB_MOMENT_CLOSED,
};

bool
cb_stats_by_parse(const char *name, enum cb_stats_by *by)
{
	for (int b = 0; b < CB_STATS_BY_COUNT; b++)
		if (strcmp(cb_stats_by_names[b], name) == 0) {
			*by = (enum cb_stats_by)b;
			return true;
		}
	return false;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank p-th percentile of the n sorted values in v. */
static long long
rank_of(const long long *v, size_t n, unsigned p)
{
	size_t rank;

	if (n == 0)
		return 0;
	/* ceil(p * n / 100) in integers, at least 1. */
	rank = ((size_t)p * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

long long
cb_stats_percentile(long long *v, size_t n, unsigned p)
{
	if (n > 0)
		qsort(v, n, sizeof *v, cmp_ll);
	return rank_of(v, n, p);
}

/* A group being gathered: its durations per measure. */
struct acc {
	struct cb_stats_group g;
	long long *v[CB_STATS_MEASURE_COUNT];
	size_t nv[CB_STATS_MEASURE_COUNT], cap[CB_STATS_MEASURE_COUNT];
};

struct accs {
	struct acc *a;
	size_t n, cap;
};

static struct acc *
group_of(struct accs *as, const char *key)
{
	for (size_t i = 0; i < as->n; i++)
		if (strcmp(as->a[i].g.key, key) == 0)
			return &as->a[i];
	if (as->n == as->cap) {
		as->cap = as->cap ? 2 * as->cap : 16;
		as->a = xrealloc(as->a, as->cap * sizeof *as->a);
	}
	memset(&as->a[as->n], 0, sizeof as->a[as->n]);
	as->a[as->n].g.key = xstrdup(key);
	return &as->a[as->n++];
}

static void
push(struct acc *a, int m, long long d)
{
	if (a->nv[m] == a->cap[m]) {
		a->cap[m] = a->cap[m] ? 2 * a->cap[m] : 16;
		a->v[m] = xrealloc(a->v[m], a->cap[m] * sizeof *a->v[m]);
	}
	a->v[m][a->nv[m]++] = d;
}

static void
count_in(struct acc *a, const struct cb_stats_incident *inc)
{
	bool has_start = false;
	time_t start = 0;

	a->g.count++;
	if (inc->reopened > 0)
		a->g.reopened++;
	a->g.reopenings += inc->reopened;
	if (inc->known[CB_MOMENT_DETECTED]) {
		start = inc->at[CB_MOMENT_DETECTED];
		has_start = true;
	}
	if (inc->known[CB_MOMENT_RECEIVED] &&
	    (!has_start || inc->at[CB_MOMENT_RECEIVED] < start)) {
		start = inc->at[CB_MOMENT_RECEIVED];
		has_start = true;
	}
	if (!has_start)
		return;
	for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++) {
		enum cb_moment e = measure_end[m];
		long long d;

		if (!inc->known[e])
			continue;
		d = (long long)inc->at[e] - (long long)start;
		push(a, m, d < 0 ? 0 : d);
	}
}

static void
month_key(const struct cb_stats_incident *inc, char out[16])
{
	struct tm tm;

	out[0] = '\0';
	if (!inc->known[CB_MOMENT_RECEIVED] ||
	    gmtime_r(&inc->at[CB_MOMENT_RECEIVED], &tm) == NULL)
		return;
	strftime(out, 16, "%Y-%m", &tm);
}

static int
cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct cb_stats_group *)a)->key,
	    ((const struct cb_stats_group *)b)->key);
}

void
cb_stats_compute(const struct cb_stats_incident *incs, size_t n,
    enum cb_stats_by by, struct cb_stats *out)
{
	struct accs as = { 0 };
	char month[16];

	memset(out, 0, sizeof *out);
	out->by = by;
	if (by == CB_STATS_ALL)
		(void)group_of(&as, "");
	for (size_t i = 0; i < n; i++) {
		const struct cb_stats_incident *inc = &incs[i];
		const char *key = "";

		switch (by) {
		case CB_STATS_CLASS:
			for (size_t c = 0; c < inc->nclasses; c++) {
				/* Twice the same class counts once. */
				bool seen = false;

				for (size_t d = 0; d < c; d++)
					if (strcmp(inc->classes[d],
					    inc->classes[c]) == 0)
						seen = true;
				if (!seen)
					count_in(group_of(&as,
					    inc->classes[c]), inc);
			}
			if (inc->nclasses > 0)
				continue;
			break;
		case CB_STATS_DEPARTMENT:
			key = inc->department;
			break;
		case CB_STATS_MONTH:
			month_key(inc, month);
			key = month;
			break;
		case CB_STATS_SOURCE:
			key = inc->source;
			break;
		case CB_STATS_URGENCY:
			key = inc->urgency;
			break;
		case CB_STATS_ALL:
		case CB_STATS_BY_COUNT:
			break;
		}
		count_in(group_of(&as, key != NULL ? key : ""), inc);
	}

	out->groups = xcalloc(as.n ? as.n : 1, sizeof *out->groups);
	out->ngroups = as.n;
	for (size_t i = 0; i < as.n; i++) {
		struct acc *a = &as.a[i];

		for (int m = 0; m < CB_STATS_MEASURE_COUNT; m++) {
			/* One sort serves both figures. */
			a->g.fig[m].n = a->nv[m];
			a->g.fig[m].median =
			    cb_stats_percentile(a->v[m], a->nv[m], 50);
			a->g.fig[m].p90 = rank_of(a->v[m], a->nv[m], 90);
			free(a->v[m]);
		}
		out->groups[i] = a->g;
	}
	free(as.a);
	qsort(out->groups, out->ngroups, sizeof *out->groups, cmp_group);
}

void
cb_stats_free(struct cb_stats *st)
{
	for (size_t i = 0; i < st->ngroups; i++)
		free(st->groups[i].key);
	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
}
