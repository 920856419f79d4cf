/*
 * Messages per second to a local webhook with no limit: N Rocket.Chat
 * bodies made by core/notify.c and sent one after another by
 * net/http.c, each waited for, as the outbox runner sends them.  Run by
 * tests/bench/net.sh against tests/net/fake-server.py.
 *
 *	bench-net URL CAFILE N [once]
 *
 * With "once", every message on a new connection (a TLS handshake each),
 * as an issue create is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/notify.h"
#include "core/ratelimit.h"
#include "net/http.h"

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The backlog after an outage drained under a limit of per_minute calls:
 * each minute the pending messages are coalesced (core/ratelimit.c) and
 * the first per_minute groups are sent as one message each.  Prints how
 * many messages it took and how many minutes.  Pure: no server.
 */
static void
backlog(int n, int incidents, int per_minute)
{
	struct cb_pending *q = xcalloc((size_t)n, sizeof *q);
	size_t *group = xcalloc((size_t)n, sizeof *group), pending = (size_t)n;
	char (*ids)[CB_ID_MAX] = xcalloc((size_t)incidents, sizeof *ids);
	long sent = 0, minutes = 0;

	for (int i = 0; i < incidents; i++)
		snprintf(ids[i], sizeof ids[i], "2026-%04d", i + 1);
	/* Messages spread over the incidents, interleaved as a burst is. */
	for (int i = 0; i < n; i++)
		q[i].incident = ids[(i * 7919) % incidents];
	while (pending > 0) {
		size_t groups = cb_ratelimit_coalesce(q, pending,
		    (size_t)per_minute, group), kept = 0;
		size_t send = groups < (size_t)per_minute ? groups :
		    (size_t)per_minute;

		sent += (long)send;
		for (size_t i = 0; i < pending; i++)
			if (group[i] >= send)
				q[kept++] = q[i];
		pending = kept;
		minutes++;
	}
	printf("backlog-%d-over-%d-incidents: %ld messages in %ld min at "
	    "%d/min (%d messages and %d min without coalescing)\n", n,
	    incidents, sent, minutes, per_minute, n,
	    (n + per_minute - 1) / per_minute);
	free(q);
	free(group);
	free(ids);
}

int
main(int argc, char **argv)
{
	struct cb_notify_opts o = { CB_CHAT_ROCKETCHAT, "en", false };
	struct cb_http_opts h = { 0 };
	struct cb_incident inc;
	double t0, t;
	int n, ok = 0;

	if (argc < 4 || argc > 5 || (n = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: bench-net URL CAFILE N [once]\n");
		return 2;
	}
	if (!h.once) {
		backlog(10000, 50, 10);
		backlog(10000, 200, 10);
		backlog(10000, 1000, 10);
	}
	h.ca_file = argv[2];
	h.once = argc == 5 && strcmp(argv[4], "once") == 0;
	cb_incident_init(&inc);
	snprintf(inc.id, sizeof inc.id, "2026-0042");
	free(inc.title);
	inc.title = xstrdup("Phishing mail to the library");
	t0 = seconds();
	for (int i = 0; i < n; i++) {
		struct cb_notify_event ev;
		const struct cb_notify_event *evs[] = { &ev };
		struct cb_http_response r;
		struct cb_error err;
		char *body;

		cb_notify_event_from_row(&ev, i, "c", inc.id, "set", "bench", 0,
		    "{\"summary\":\"2026-0042: urgency: normal -> high\"}");
		body = cb_notify_chat_body(&o, evs, 1, &inc);
		if (cb_http_request(&h, "POST", argv[1], NULL, body, &r,
		    &err) == CB_OK && r.answer.status == 200)
			ok++;
		else if (ok == 0 && i == 0)
			fprintf(stderr, "bench-net: %s\n", err.msg);
		cb_http_response_free(&r);
		cb_notify_event_free(&ev);
		free(body);
	}
	t = seconds() - t0;
	printf("net-messages%s: %d of %d delivered\n", h.once ? "-once" : "",
	    ok, n);
	printf("net-messages-per-second%s: %.0f /s\n", h.once ? "-once" : "",
	    ok / t);
	printf("net-ms-per-message%s: %.2f ms\n", h.once ? "-once" : "",
	    t * 1000 / n);
	cb_incident_free(&inc);
	return ok == n ? 0 : 1;
}
