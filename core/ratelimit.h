/*
 * What to do after one delivery attempt: the answer of a chat webhook or
 * of GitLab (or the lack of one) and the time decide whether the message
 * is delivered, tried again later, held with its whole destination until
 * the server's limit resets, or dead-lettered.  Pure: no clock, no
 * network, no randomness but the seedable source given.
 *
 * Also the coalescing rule: which of a destination's pending messages
 * merge into one message per incident when the destination is limited.
 *
 * Times are milliseconds since the epoch (Rocket.Chat states its reset
 * in milliseconds).
 */
#ifndef CB_RATELIMIT_H
#define CB_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

/* How an attempt ended before any HTTP status, if it did. */
enum cb_answer_kind {
	CB_ANSWER_HTTP,		/* the server answered: see status */
	CB_ANSWER_TIMEOUT,	/* no answer within the transfer timeout */
	CB_ANSWER_NETWORK,	/* refused, unreachable, reset, no such host */
	CB_ANSWER_TLS,		/* the server's certificate was not trusted */
};

/*
 * One attempt's outcome as net/http.c reports it.  The header values are
 * as received (NULL when absent); body is the server's answer, possibly
 * cut short, NUL-terminated (NULL when none).  Nothing here is owned.
 */
struct cb_http_answer {
	enum cb_answer_kind kind;
	int status;			/* the HTTP status when kind is HTTP */
	const char *retry_after;	/* Retry-After: seconds or HTTP date */
	const char *x_ratelimit_reset;	/* Rocket.Chat: epoch milliseconds */
	const char *ratelimit_reset;	/* GitLab: unix seconds */
	const char *body;
	const char *error;		/* the failure in words, when not HTTP */
};

enum cb_verdict {
	CB_VERDICT_DONE,	/* delivered (2xx) */
	CB_VERDICT_RETRY,	/* failed: try this message again at .at */
	CB_VERDICT_HOLD,	/* limited: send nothing to the destination
				   before .at, then this message again */
	CB_VERDICT_DEAD,	/* refused for good: dead-letter with .reason */
};

struct cb_decision {
	enum cb_verdict verdict;
	int64_t at;		/* RETRY, HOLD: not before this time (ms) */
	char reason[512];	/* what happened, in words, for the outbox's
				   list; sanitised of control bytes */
};

/*
 * A small seedable random source (splitmix64): tests seed it to get the
 * same jitter every run; the runner seeds it from the clock and pid.
 */
struct cb_rand {
	uint64_t state;
};
void	 cb_rand_seed(struct cb_rand *r, uint64_t seed);
uint64_t cb_rand_next(struct cb_rand *r);

/*
 * Backoff for failed attempts: the delay before attempt n + 1 (n >= 1
 * failures so far) is d = min(max_ms, base_ms * 2^(n - 1)), of which a
 * random half is taken off ("equal jitter": between d/2 and d), so that
 * runners restarted together do not retry in step and a retry never
 * comes sooner than half the nominal delay.
 */
struct cb_backoff {
	int64_t base_ms;	/* 0: 2,000 */
	int64_t max_ms;		/* 0: 15 minutes */
};

/*
 * Decides after an attempt.  failures is the number of failed attempts
 * of this message including this one (1 after the first failure); a HOLD
 * does not count as one.  now is the current time (ms).  Never fails.
 *
 *	2xx			DONE
 *	429			HOLD until Retry-After (seconds, or an HTTP
 *				date), else X-RateLimit-Reset (epoch ms; a
 *				value too small for ms is taken as seconds),
 *				else RateLimit-Reset (unix seconds), else the
 *				backoff; a reset already past waits 1 s
 *	5xx, 408, timeout,	RETRY after the backoff (or the 503's
 *	  network, TLS		Retry-After when longer)
 *	other 4xx, 1xx, 3xx	DEAD, reason "HTTP 400: <the server's answer>"
 */
void	 cb_ratelimit_decide(const struct cb_http_answer *a, int failures,
	     int64_t now, const struct cb_backoff *b, struct cb_rand *r,
	     struct cb_decision *out);

/* The backoff delay alone (ms), as described above. */
int64_t	 cb_backoff_delay(const struct cb_backoff *b, int failures,
	     struct cb_rand *r);

/*
 * Parses an HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", the
 * form every server must send; also the obsolete RFC 850 and asctime
 * forms) into epoch ms.  Returns 0 on success, -1 when s is not a date.
 */
int	 cb_http_date_parse(const char *s, int64_t *ms);

/*
 * Coalescing.  q holds a destination's n pending messages in queue order
 * (each with its incident id, "" for none).  When n fits in budget (the
 * calls the destination takes before its limit resets), nothing merges:
 * group[i] = i.  Otherwise the messages of one incident merge into one:
 * group[i] is the index of the group message i belongs to, groups
 * numbered in the order of their first message; messages of no incident
 * merge together too.  Returns the number of groups.  Order inside a
 * group is queue order, so the merged message tells the changes in the
 * order they were made; between incidents, an incident's changes move up
 * to its first one.  group has room for n entries.
 */
struct cb_pending {
	long long id;
	const char *incident;
};
size_t	 cb_ratelimit_coalesce(const struct cb_pending *q, size_t n,
	     size_t budget, size_t *group);

#endif
