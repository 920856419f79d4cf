/*
 * The retry rules of doc/design.md ("Delivery"): a 429 is waited out
 * exactly as the server says and holds the destination; network
 * failures, timeouts and 5xx back off exponentially with jitter; any
 * other refusal is final and keeps the server's words.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ratelimit.h"
#include "core/sanitize.h"

#define DEFAULT_BASE_MS	2000
#define DEFAULT_MAX_MS	(15 * 60 * 1000)
#define PAST_RESET_MS	1000	/* a reset already past: wait this much */
#define REASON_BODY	300	/* bytes of the server's answer kept */

void
cb_rand_seed(struct cb_rand *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
cb_rand_next(struct cb_rand *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t
cb_backoff_delay(const struct cb_backoff *b, int failures, struct cb_rand *r)
{
	int64_t base = b != NULL && b->base_ms > 0 ? b->base_ms :
	    DEFAULT_BASE_MS;
	int64_t max = b != NULL && b->max_ms > 0 ? b->max_ms : DEFAULT_MAX_MS;
	int64_t d = base;

	for (int i = 1; i < failures && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	/* Equal jitter: between d/2 and d. */
	return d - d / 2 + (int64_t)(cb_rand_next(r) % (uint64_t)(d / 2 + 1));
}

/* Parses a whole non-negative decimal number; -1 when s is not one. */
static int
parse_number(const char *s, int64_t *out)
{
	int64_t v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
month_index(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (strncmp(m, names + 3 * i, 3) == 0)
			return i;
	return -1;
}

int
cb_http_date_parse(const char *s, int64_t *ms)
{
	char wd[16], mon[4], zone[4];
	int d, y, h, mi, sec, n = 0;
	struct tm tm = { 0 };
	time_t t;

	/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
	if (sscanf(s, "%15[A-Za-z], %d %3s %d %d:%d:%d %3s%n", wd, &d, mon,
	    &y, &h, &mi, &sec, zone, &n) == 8 && s[n] == '\0' &&
	    strcmp(zone, "GMT") == 0)
		;
	/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
	else if (n = 0, sscanf(s, "%15[A-Za-z], %d-%3s-%d %d:%d:%d %3s%n", wd,
	    &d, mon, &y, &h, &mi, &sec, zone, &n) == 8 && s[n] == '\0' &&
	    strcmp(zone, "GMT") == 0)
		y += y < 70 ? 2000 : y < 100 ? 1900 : 0;
	/* asctime: Sun Nov  6 08:49:37 1994 */
	else if (n = 0, sscanf(s, "%15[A-Za-z] %3s %d %d:%d:%d %d%n", wd, mon,
	    &d, &h, &mi, &sec, &y, &n) == 7 && s[n] == '\0')
		;
	else
		return -1;
	if ((tm.tm_mon = month_index(mon)) < 0 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60 || y < 1970 || h < 0 || mi < 0 ||
	    sec < 0)
		return -1;
	tm.tm_mday = d;
	tm.tm_year = y - 1900;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*ms = (int64_t)t * 1000;
	return 0;
}

/* Retry-After as an absolute time (ms), or -1 when absent or unreadable. */
static int64_t
retry_after(const char *v, int64_t now)
{
	int64_t x;

	if (v == NULL)
		return -1;
	if (parse_number(v, &x) == 0)
		return x > (INT64_MAX - now) / 1000 ? INT64_MAX : now + x * 1000;
	if (cb_http_date_parse(v, &x) == 0)
		return x;
	return -1;
}

/*
 * The time a 429 says to wait until, or -1 when it says nothing usable.
 * Rocket.Chat's X-RateLimit-Reset is epoch milliseconds; other services
 * use the same name for seconds (GitHub), so a value below 10^11 (in
 * milliseconds, a time in 1973) is taken as seconds.
 */
static int64_t
limited_until(const struct cb_http_answer *a, int64_t now)
{
	int64_t t, x;

	if ((t = retry_after(a->retry_after, now)) >= 0)
		return t;
	if (a->x_ratelimit_reset != NULL &&
	    parse_number(a->x_ratelimit_reset, &x) == 0)
		return x < 100000000000LL ? x * 1000 : x;
	if (a->ratelimit_reset != NULL &&
	    parse_number(a->ratelimit_reset, &x) == 0 &&
	    x < INT64_MAX / 1000)
		return x * 1000;
	return -1;
}

/* "what: the server's answer", the answer cut and made plain. */
static void
reason(struct cb_decision *out, const char *what, const char *body)
{
	char *plain = NULL;
	size_t len;

	if (body != NULL && body[0] != '\0') {
		len = strlen(body);
		plain = cb_sanitize(body, len > REASON_BODY ? REASON_BODY :
		    len, 0);
	}
	snprintf(out->reason, sizeof out->reason, "%s%s%s%s", what,
	    plain != NULL ? ": " : "", plain != NULL ? plain : "",
	    plain != NULL && len > REASON_BODY ? "..." : "");
	free(plain);
}

void
cb_ratelimit_decide(const struct cb_http_answer *a, int failures, int64_t now,
    const struct cb_backoff *b, struct cb_rand *r, struct cb_decision *out)
{
	char what[64];
	int64_t t;

	memset(out, 0, sizeof *out);
	if (failures < 1)
		failures = 1;
	if (a->kind != CB_ANSWER_HTTP) {
		out->verdict = CB_VERDICT_RETRY;
		out->at = now + cb_backoff_delay(b, failures, r);
		reason(out, a->kind == CB_ANSWER_TIMEOUT ? "timeout" :
		    a->kind == CB_ANSWER_TLS ? "certificate refused" :
		    "network error", a->error);
		return;
	}
	snprintf(what, sizeof what, "HTTP %d", a->status);
	if (a->status >= 200 && a->status < 300) {
		out->verdict = CB_VERDICT_DONE;
		reason(out, what, NULL);
	} else if (a->status == 429) {
		out->verdict = CB_VERDICT_HOLD;
		if ((t = limited_until(a, now)) < 0)
			t = now + cb_backoff_delay(b, failures, r);
		else if (t <= now)
			t = now + PAST_RESET_MS;
		out->at = t;
		reason(out, what, a->body);
	} else if (a->status >= 500 || a->status == 408) {
		out->verdict = CB_VERDICT_RETRY;
		out->at = now + cb_backoff_delay(b, failures, r);
		if ((t = retry_after(a->retry_after, now)) > out->at)
			out->at = t;
		reason(out, what, a->body);
	} else {
		out->verdict = CB_VERDICT_DEAD;
		reason(out, what, a->body);
	}
}

size_t
cb_ratelimit_coalesce(const struct cb_pending *q, size_t n, size_t budget,
    size_t *group)
{
	size_t groups = 0;

	if (n <= budget) {
		for (size_t i = 0; i < n; i++)
			group[i] = i;
		return n;
	}
	/*
	 * Each message is compared with the first message of each group so
	 * far: n times the number of incidents queued, which stays small (a
	 * backlog of 10,000 messages over 200 incidents is 2 million string
	 * compares, a few milliseconds).
	 */
	size_t *first = xmalloc((n > 0 ? n : 1) * sizeof *first);

	for (size_t i = 0; i < n; i++) {
		const char *inc = q[i].incident != NULL ? q[i].incident : "";
		size_t g;

		for (g = 0; g < groups; g++) {
			const char *f = q[first[g]].incident != NULL ?
			    q[first[g]].incident : "";

			if (strcmp(f, inc) == 0)
				break;
		}
		if (g == groups)
			first[groups++] = i;
		group[i] = g;
	}
	free(first);
	return groups;
}
