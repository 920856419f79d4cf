/*
 * Statistics across incidents: counts, and the median and 90th
 * percentile of the time to triage, to containment, to recovery and to
 * close, grouped by class, department, month, source or urgency.  Pure:
 * the caller builds one summary per incident (from the index, or from
 * cb_timeline_compute), core/ only counts.
 *
 * Definitions (doc/design.md, "Statistics"):
 *
 *   start         the earlier of the detected and received moments
 *                 known (the clock starts when the CERT could first have
 *                 known); an incident with neither has no durations
 *   time to X     X's moment minus start, for an incident whose X is
 *                 known; an X before start counts as 0
 *   percentile    nearest rank: of n durations sorted, the p-th
 *                 percentile is the ceil(p/100 * n)-th smallest (1-based).
 *                 The median is the 50th by the same rule (for even n
 *                 the lower of the two middle values): every figure is a
 *                 duration some incident really had, never an average
 *   by class      an incident of several classes counts once in each
 *   reopened      incidents reopened at least once (and the sum of
 *                 reopenings)
 *
 * Groups are in byte order of their key; an empty key ("" department, no
 * source) is a group of its own with key "".
 */
#ifndef CB_STATS_H
#define CB_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/timeline.h"

enum cb_stats_by {
	CB_STATS_ALL,		/* one group, key "" */
	CB_STATS_CLASS,
	CB_STATS_DEPARTMENT,
	CB_STATS_MONTH,		/* "YYYY-MM" of the received moment (UTC) */
	CB_STATS_SOURCE,
	CB_STATS_URGENCY,
	CB_STATS_BY_COUNT
};
/* "all", "class", "department", "month", "source", "urgency". */
extern const char *const cb_stats_by_names[CB_STATS_BY_COUNT];

/* By name; false when name is none of cb_stats_by_names. */
bool cb_stats_by_parse(const char *name, enum cb_stats_by *by);

/* One incident, as the caller knows it.  Strings are borrowed. */
struct cb_stats_incident {
	const char *const *classes;	/* nclasses class ids */
	size_t nclasses;
	const char *department;		/* "" when unknown; NULL as "" */
	const char *source;		/* the 'source' answer, NULL: none */
	const char *urgency;		/* cb_urgency_names */
	bool known[CB_MOMENT_COUNT];
	time_t at[CB_MOMENT_COUNT];	/* where known */
	unsigned reopened;		/* times reopened (cb_timeline) */
};

enum cb_stats_measure {
	CB_STATS_TO_TRIAGE,
	CB_STATS_TO_CONTAINMENT,
	CB_STATS_TO_RECOVERY,
	CB_STATS_TO_CLOSE,
	CB_STATS_MEASURE_COUNT
};
/* "triage", "containment", "recovery", "close". */
extern const char *const cb_stats_measure_names[CB_STATS_MEASURE_COUNT];

struct cb_stats_figure {
	size_t n;		/* incidents of the group with the duration */
	long long median;	/* seconds; 0 when n is 0 */
	long long p90;
};

struct cb_stats_group {
	char *key;
	size_t count;		/* incidents in the group */
	size_t reopened;	/* of them, reopened at least once */
	size_t reopenings;	/* reopenings in all */
	struct cb_stats_figure fig[CB_STATS_MEASURE_COUNT];
};

struct cb_stats {
	enum cb_stats_by by;
	struct cb_stats_group *groups;
	size_t ngroups;
};

/*
 * Computes the figures of the n incidents grouped by by.  Allocates
 * out's groups and keys; free with cb_stats_free.  An incident without
 * a received moment is put in month "" by month.
 */
void cb_stats_compute(const struct cb_stats_incident *incs, size_t n,
    enum cb_stats_by by, struct cb_stats *out);
void cb_stats_free(struct cb_stats *st);

/*
 * The nearest-rank p-th percentile (0 < p <= 100) of the n values in v,
 * which it sorts in place; 0 when n is 0.
 */
long long cb_stats_percentile(long long *v, size_t n, unsigned p);

#endif
