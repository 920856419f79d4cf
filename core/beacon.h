/*
 * The beacon score of RITA v5 (doc/alerts.md, ../shared/ALERTS.md §4):
 * how regular the connections from one host to another are, from their
 * times and sizes.  A program that calls home every 60 s with a little
 * jitter and the same few hundred bytes scores near 1; people browsing
 * score low.
 *
 * Four sub-scores, each 0-1, rounded to 3 decimals as RITA does; the
 * score is their mean:
 *	timestamp  the intervals between connections (zero intervals left
 *		   out): mean of the Bowley skew score and the MAD score
 *	data size  the same on the bytes of each connection
 *	histogram  the connections in 24 equal bins over the data set's
 *		   span: 1 - coefficient of variation, or with 11 bins or
 *		   more in use a two-mode fit, the larger
 *	duration   with 6 bins or more in use: the larger of the pair's
 *		   span over the data set's, and the longest run of used
 *		   bins (wrapping round) over 12
 */
#ifndef CB_BEACON_H
#define CB_BEACON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/netaddr.h"

/* The fewest connections, and non-zero intervals, a pair is scored on. */
#define CB_BEACON_MIN_CONN	4
#define CB_BEACON_MIN_INTERVALS	3

struct cb_beacon {
	double score;		/* the mean of the four below */
	double ts_score;
	double ds_score;
	double hist_score;
	double dur_score;
	size_t connections;
	int64_t first, last;	/* the pair's first and last connection */
};

/*
 * Scores one (src, dst) pair from its n connections: ts[i] the start in
 * seconds, bytes[i] what it sent (either order; the arrays are not
 * changed).  data_min and data_max are the span of the whole data set
 * the pairs come from (the histogram and duration are over it), with
 * data_max > data_min.  Returns false, leaving out zeroed, when the pair
 * cannot be scored: fewer than CB_BEACON_MIN_CONN connections, fewer
 * than CB_BEACON_MIN_INTERVALS intervals that are not zero, or an empty
 * data span.  Allocates only for its own work.
 */
bool cb_beacon_score(const int64_t *ts, const int64_t *bytes, size_t n,
    int64_t data_min, int64_t data_max, struct cb_beacon *out);

/* A pair's score, as cb_beacon_pairs gives it. */
struct cb_beacon_pair {
	char src[46], dst[46];	/* as in struct cb_flow */
	struct cb_beacon b;
};

struct cb_flow;

/*
 * Scores every (src, dst) pair of n flow records that can be scored,
 * over the span of the records themselves (their earliest and latest
 * start): each flow is one connection at its start, with the bytes src
 * sent.  Pairs that cannot be scored are left out.  Returns how many
 * pairs were scored and sets *out to them, highest score first (ties by
 * src, dst), in one allocation the caller frees; *out is NULL when none.
 * The flows are not changed.
 */
size_t cb_beacon_pairs(const struct cb_flow *f, size_t n,
    struct cb_beacon_pair **out);

/*
 * The statistical score both the timestamp and the data-size scores use,
 * on n sorted values: the mean of 1 - |Bowley skew| (taken as 0 unless
 * Q3 - Q1 >= 10 and the median differs from both quartiles) and
 * (median - MAD) / median (mad_default when the median is below 1;
 * never below 0), rounded to 3 decimals.  Quartiles as RITA's
 * statistics library takes them: medians of the halves, the middle
 * value left out of both when n is odd.  n >= 3.
 */
double cb_beacon_stat_score(const double *sorted, size_t n,
    double mad_default);

/*
 * What is listed as a beacon, by casebook beacons and the dashboard's
 * beacon panel alike (doc/design.md, "Beacons: what is listed"): at
 * least min_conn connections, a score of at least threshold and a
 * timestamp sub-score of at least ts_floor.
 */
struct cb_beacon_rule {
	long min_conn;
	double threshold;
	double ts_floor;
};

#define CB_BEACON_DEFAULT_MIN		24
#define CB_BEACON_DEFAULT_THRESHOLD	0.75
#define CB_BEACON_TS_FLOOR		0.8

/* The defaults above. */
void cb_beacon_rule_default(struct cb_beacon_rule *r);
/* Whether a scored pair is listed under r. */
bool cb_beacon_listed(const struct cb_beacon_rule *r,
    const struct cb_beacon *b);

/* The store config's beacons.allow: destinations never listed. */
struct cb_beacon_allow {
	struct cb_netaddr *v;
	size_t n;
};

/*
 * Reads every beacons.allow (an address or a CIDR block) of the config
 * file at path into *out (which it sets); a missing file is an empty
 * list.  A value that is no address or block is an error naming its
 * line.  Free with cb_beacon_allow_free.
 */
enum cb_status cb_beacon_allow_read(const char *path,
    struct cb_beacon_allow *out, struct cb_error *err);
/* Whether dst (an address) lies in one of al's blocks. */
bool cb_beacon_allowed(const struct cb_beacon_allow *al, const char *dst);
void cb_beacon_allow_free(struct cb_beacon_allow *al);

#endif
