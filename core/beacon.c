/*
 * RITA v5's beacon score, written from its published formulas
 * (ALERTS.md §4) with RITA's defaults: weights 0.25 each, mode
 * sensitivity 0.05, one outlier bin removed from the two-mode fit which
 * needs 11 bins in use, the duration score 6 bins in use and 12 hours
 * of consistency for full marks.  Every sub-score is rounded to 3
 * decimals where RITA rounds (coverage and consistency up), so that the
 * figures match RITA's for the same input.
 */
#include "core/beacon.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alert.h"
#include "core/gitconfig.h"
#include "core/nls.h"
#include "core/xmalloc.h"

#define HIST_BINS		24
#define MODE_SENSITIVITY	0.05
#define BIMODAL_OUTLIERS	1
#define BIMODAL_MIN_BARS	11
#define DUR_MIN_BARS		6
#define DUR_IDEAL_RUN		12

static double
round3(double v)
{
	return round(v * 1000) / 1000;
}

static double
ceil3(double v)
{
	return ceil(v * 1000) / 1000;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of n (> 0) sorted values. */
static double
median(const double *v, size_t n)
{
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

double
cb_beacon_stat_score(const double *v, size_t n, double mad_default)
{
	double q1, q2, q3, skew = 0, mad, mad_score, *dev;
	size_t lo, hi;

	/* Halves without the middle value when n is odd. */
	lo = n / 2;
	hi = n % 2 == 0 ? n / 2 : n / 2 + 1;
	q1 = median(v, lo);
	q2 = median(v, n);
	q3 = median(v + hi, n - hi);
	if (q3 - q1 >= 10 && q2 != q1 && q2 != q3)
		skew = (q1 + q3 - 2 * q2) / (q3 - q1);

	dev = xmalloc(n * sizeof *dev);
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(v[i] - q2);
	qsort(dev, n, sizeof *dev, cmp_double);
	mad = median(dev, n);
	free(dev);
	mad_score = mad_default;
	if (q2 >= 1)
		mad_score = (q2 - mad) / q2;
	if (mad_score < 0 || isnan(mad_score))
		mad_score = 0;
	return round3(((1 - fabs(skew)) + mad_score) / 2);
}

/*
 * The histogram of sorted times in HIST_BINS equal bins over [min, max]
 * (a time past either end counts in the end bin), as RITA bins them.
 */
static void
histogram(const double *t, size_t n, int64_t min, int64_t max,
    int bins[HIST_BINS])
{
	double edges[HIST_BINS + 1], step = (double)(max - min) / HIST_BINS;
	int cur = 0;

	for (int i = 0; i <= HIST_BINS; i++)
		edges[i] = (double)min + i * step;
	edges[HIST_BINS] = (double)max;
	memset(bins, 0, HIST_BINS * sizeof *bins);
	for (size_t i = 0; i < n; i++) {
		while (cur < HIST_BINS - 1 && t[i] >= edges[cur + 1])
			cur++;
		bins[cur]++;
	}
}

/*
 * The histogram score; sets *bars to the bins in use and *run to the
 * longest run of bins in use, wrapping from the last to the first.
 */
static double
hist_score(const int bins[HIST_BINS], int *bars, int *run)
{
	int largest = 0, total = 0, cur = 0, best = 0;
	int freq_bin[HIST_BINS], freq_count[HIST_BINS], nfreq = 0;
	int top = 0, second = 0, b, f;
	double mean, sd = 0, cv, cv_score, fit = 0, size;

	*bars = 0;
	for (int i = 0; i < HIST_BINS; i++) {
		if (bins[i] > 0)
			(*bars)++;
		if (bins[i] > largest)
			largest = bins[i];
		total += bins[i];
	}
	for (int i = 0; i < 2 * HIST_BINS; i++) {
		if (bins[i % HIST_BINS] > 0) {
			cur++;
		} else {
			if (cur > best)
				best = cur;
			cur = 0;
		}
	}
	if (cur > best)
		best = cur;
	*run = best > HIST_BINS ? HIST_BINS : best;

	/* 1 - coefficient of variation: flat, even with jitter, is good. */
	mean = (double)total / HIST_BINS;
	for (int i = 0; i < HIST_BINS; i++)
		sd += (bins[i] - mean) * (bins[i] - mean);
	sd = sqrt(sd / HIST_BINS);
	cv = sd / fabs(mean);
	cv_score = cv > 1 ? 0 : round3(1 - cv);
	if (cv_score > 1)
		cv_score = 1;

	/*
	 * Two modes: the bars, in bins of 5 % of the largest, and how many
	 * fall in the two fullest (a beacon busy by day and quiet by night).
	 */
	size = ceil(largest * MODE_SENSITIVITY);
	for (int i = 0; i < HIST_BINS; i++) {
		if (bins[i] == 0)
			continue;
		b = (int)(floor(bins[i] / size) * size);
		for (f = 0; f < nfreq && freq_bin[f] != b; f++)
			;
		if (f == nfreq) {
			freq_bin[nfreq] = b;
			freq_count[nfreq++] = 0;
		}
		freq_count[f]++;
	}
	if (*bars >= BIMODAL_MIN_BARS) {
		for (f = 0; f < nfreq; f++) {
			if (freq_count[f] > top) {
				second = top;
				top = freq_count[f];
			} else if (freq_count[f] > second) {
				second = freq_count[f];
			}
		}
		fit = (top + second) / fmax(*bars - BIMODAL_OUTLIERS, 1);
	}
	fit = round3(fit);
	if (fit > 1)
		fit = 1;
	return fmax(cv_score, fit);
}

bool
cb_beacon_score(const int64_t *ts, const int64_t *bytes, size_t n,
    int64_t data_min, int64_t data_max, struct cb_beacon *out)
{
	double *t, *d, *b, coverage, consistency;
	size_t nd = 0;
	int bins[HIST_BINS], bars, run;

	memset(out, 0, sizeof *out);
	if (n < CB_BEACON_MIN_CONN || data_max <= data_min)
		return false;
	t = xmalloc(n * sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i] = (double)ts[i];
	qsort(t, n, sizeof *t, cmp_double);
	d = xmalloc(n * sizeof *d);
	for (size_t i = 0; i + 1 < n; i++)
		if (t[i + 1] - t[i] > 0)
			d[nd++] = t[i + 1] - t[i];
	if (nd < CB_BEACON_MIN_INTERVALS) {
		free(t);
		free(d);
		return false;
	}
	qsort(d, nd, sizeof *d, cmp_double);
	b = xmalloc(n * sizeof *b);
	for (size_t i = 0; i < n; i++)
		b[i] = (double)bytes[i];
	qsort(b, n, sizeof *b, cmp_double);

	out->connections = n;
	out->first = (int64_t)t[0];
	out->last = (int64_t)t[n - 1];
	out->ts_score = cb_beacon_stat_score(d, nd, 1);
	out->ds_score = cb_beacon_stat_score(b, n, 0);
	histogram(t, n, data_min, data_max, bins);
	out->hist_score = hist_score(bins, &bars, &run);
	if (bars >= DUR_MIN_BARS) {
		coverage = fmin(ceil3((t[n - 1] - t[0]) /
		    (double)(data_max - data_min)), 1);
		consistency = fmin(ceil3((double)run / DUR_IDEAL_RUN), 1);
		out->dur_score = fmax(coverage, consistency);
	}
	/* In RITA's order, so that the sum rounds as RITA's does. */
	out->score = round3(0.25 * out->ts_score + 0.25 * out->ds_score +
	    0.25 * out->dur_score + 0.25 * out->hist_score);
	free(t);
	free(d);
	free(b);
	return true;
}

/* --- every pair of a set of flows ------------------------------------------ */

struct key {
	uint64_t hash;		/* of src and dst, to sort by pair quickly */
	int64_t start;
	size_t i;		/* the flow */
};

static uint64_t
fnv(const char *s, uint64_t h)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

static int
cmp_pair(const struct cb_flow *a, const struct cb_flow *b)
{
	int c = strcmp(a->src, b->src);

	return c != 0 ? c : strcmp(a->dst, b->dst);
}

/* By pair (its hash first), then time; arg is the flows. */
static int
cmp_key(const void *pa, const void *pb, void *arg)
{
	const struct key *a = pa, *b = pb;
	const struct cb_flow *f = arg;
	int c;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if ((c = cmp_pair(&f[a->i], &f[b->i])) != 0)
		return c;
	return (a->start > b->start) - (a->start < b->start);
}

static int
cmp_result(const void *pa, const void *pb)
{
	const struct cb_beacon_pair *a = pa, *b = pb;
	int c;

	if (a->b.score != b->b.score)
		return a->b.score > b->b.score ? -1 : 1;
	c = strcmp(a->src, b->src);
	return c != 0 ? c : strcmp(a->dst, b->dst);
}

size_t
cb_beacon_pairs(const struct cb_flow *f, size_t n,
    struct cb_beacon_pair **out)
{
	struct key *k;
	struct cb_beacon_pair *res = NULL;
	int64_t min, max, *ts, *bytes;
	size_t nres = 0, cap = 0, j, m;

	*out = NULL;
	if (n < CB_BEACON_MIN_CONN)
		return 0;
	k = xmalloc(n * sizeof *k);
	min = max = f[0].start;
	for (size_t i = 0; i < n; i++) {
		k[i].hash = fnv(f[i].dst, fnv(f[i].src, 14695981039346656037ULL));
		k[i].start = f[i].start;
		k[i].i = i;
		if (f[i].start < min)
			min = f[i].start;
		if (f[i].start > max)
			max = f[i].start;
	}
	qsort_r(k, n, sizeof *k, cmp_key, (void *)(uintptr_t)f);
	ts = xmalloc(n * sizeof *ts);
	bytes = xmalloc(n * sizeof *bytes);
	for (size_t i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j].hash == k[i].hash &&
		    cmp_pair(&f[k[j].i], &f[k[i].i]) == 0; j++)
			;
		m = j - i;
		if (m < CB_BEACON_MIN_CONN)
			continue;
		for (size_t x = 0; x < m; x++) {
			ts[x] = f[k[i + x].i].start;
			bytes[x] = f[k[i + x].i].bytes_out;
		}
		if (nres == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			res = xrealloc(res, cap * sizeof *res);
		}
		if (!cb_beacon_score(ts, bytes, m, min, max, &res[nres].b))
			continue;
		memcpy(res[nres].src, f[k[i].i].src, sizeof res[nres].src);
		memcpy(res[nres].dst, f[k[i].i].dst, sizeof res[nres].dst);
		nres++;
	}
	free(k);
	free(ts);
	free(bytes);
	if (nres > 0)
		qsort(res, nres, sizeof *res, cmp_result);
	else {
		free(res);
		res = NULL;
	}
	*out = res;
	return nres;
}

/* --- what is listed ------------------------------------------------------ */

void
cb_beacon_rule_default(struct cb_beacon_rule *r)
{
	r->min_conn = CB_BEACON_DEFAULT_MIN;
	r->threshold = CB_BEACON_DEFAULT_THRESHOLD;
	r->ts_floor = CB_BEACON_TS_FLOOR;
}

bool
cb_beacon_listed(const struct cb_beacon_rule *r, const struct cb_beacon *b)
{
	return (long)b->connections >= r->min_conn &&
	    b->score >= r->threshold && b->ts_score >= r->ts_floor;
}

static enum cb_status
allow_entry(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct cb_beacon_allow *al = arg;
	struct cb_netaddr n;

	if (strcmp(section, "beacons") != 0 || subsection[0] != '\0' ||
	    strcmp(key, "allow") != 0)
		return CB_OK;
	if (!cb_netaddr_parse(value, &n))
		return cb_fail(err, CB_ERR, _("config:%d: beacons.allow: '%s' "
		    "is not an address or a CIDR block (192.0.2.0/24, "
		    "2001:db8::/32)"), line, value);
	al->v = xrealloc(al->v, (al->n + 1) * sizeof *al->v);
	al->v[al->n++] = n;
	return CB_OK;
}

enum cb_status
cb_beacon_allow_read(const char *path, struct cb_beacon_allow *out,
    struct cb_error *err)
{
	out->v = NULL;
	out->n = 0;
	if (cb_gitconfig_read(path, allow_entry, out, err) != CB_OK) {
		if (err->status == CB_ENOTFOUND)
			return CB_OK;
		cb_beacon_allow_free(out);
		return err->status;
	}
	return CB_OK;
}

bool
cb_beacon_allowed(const struct cb_beacon_allow *al, const char *dst)
{
	unsigned char a[16];

	if (al->n == 0 || !cb_netaddr_addr(dst, a))
		return false;
	for (size_t i = 0; i < al->n; i++)
		if (cb_netaddr_contains(&al->v[i], a))
			return true;
	return false;
}

void
cb_beacon_allow_free(struct cb_beacon_allow *al)
{
	free(al->v);
	al->v = NULL;
	al->n = 0;
}
