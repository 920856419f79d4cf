/*
 * cb_stats_compute over 100,000 incident summaries (the figure is
 * for 'casebook stats' as a whole, from the index; this is the core's
 * share of it), grouped each way.  Built on demand: make
 * tests/bench/bench-stats && tests/bench/bench-stats
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/stats.h"
#include "core/xmalloc.h"

#define N	100000

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int
main(void)
{
	static const char *const classes[] = { "phishing", "scan", "malware",
	    "intrusion", "targeted", "policy", "dos", "other" };
	static const char *const depts[] = { "工学院", "理学院",
	    "生命理工学院", "物質理工学院", "環境・社会理工学院", "" };
	static const char *const sources[] = { "alert", "external_report",
	    "admin_observation", "user_report" };
	static const char *const urg[] = { "immediate", "high", "normal",
	    "low" };
	struct cb_stats_incident *incs = xcalloc(N, sizeof *incs);
	unsigned seed = 42;

	for (size_t i = 0; i < N; i++) {
		struct cb_stats_incident *x = &incs[i];
		time_t t = (time_t)1704067200 + (time_t)(i * 1000);

		x->classes = &classes[rand_r(&seed) % 7];
		x->nclasses = 1 + (rand_r(&seed) % 2);
		x->department = depts[rand_r(&seed) % 6];
		x->source = sources[rand_r(&seed) % 4];
		x->urgency = urg[rand_r(&seed) % 4];
		x->known[CB_MOMENT_RECEIVED] = true;
		x->at[CB_MOMENT_RECEIVED] = t;
		for (int m = CB_MOMENT_TRIAGED; m < CB_MOMENT_COUNT; m++)
			if (rand_r(&seed) % 4 != 0) {
				x->known[m] = true;
				x->at[m] = t + (time_t)(rand_r(&seed) % 864000);
			}
		x->reopened = rand_r(&seed) % 50 == 0;
	}
	for (int b = 0; b < CB_STATS_BY_COUNT; b++) {
		struct timespec t0;
		struct cb_stats st;
		double best = 1e9;

		for (int run = 0; run < 5; run++) {
			double ms;

			clock_gettime(CLOCK_MONOTONIC, &t0);
			cb_stats_compute(incs, N, (enum cb_stats_by)b, &st);
			ms = ms_since(&t0);
			if (ms < best)
				best = ms;
			if (run < 4)
				cb_stats_free(&st);
		}
		printf("stats by %-10s %zu groups  %.1f ms (best of 5)\n",
		    cb_stats_by_names[b], st.ngroups, best);
		cb_stats_free(&st);
	}
	free(incs);
	return 0;
}
