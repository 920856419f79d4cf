/*
 * Parse throughput of the alert core, on demand (make bench-alert):
 * N Suricata EVE alert lines (default 1,000,000, shaped like the ones
 * in tests/fixtures/alerts, with an http block) and a flow record after
 * every fourth, then the same N alerts as casebook's own JSON lines,
 * parsed back.  Parsing only: no SQL, no dedup (that is store/'s).  Prints
 * alerts per second for each, and the cost of writing the JSON lines:
 * with the payload, and without it, as store/alert.c writes a body (the
 * payload goes beside it as bytes).
 * Then the beacon scores of 10,000 (src, dst) pairs over 24 h of flows:
 * 100 beacons every 60 s with jitter, 9,900 pairs of 4 to 60 connections
 * at random times.
 *
 * usage: bench-alert [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alert.h"
#include "core/beacon.h"

/* Alerts held for the timing of their bodies. */
#define BATCH	4096

struct count {
	size_t alerts, flows, bad;
	struct cb_buf *json;	/* when set, each alert's JSON line goes here */
	struct cb_alert **held;	/* when set, alerts wait here */
	size_t nheld;
	double body_s;		/* CPU seconds in bodies() */
	size_t body_bytes;
};

static double now(void);

/*
 * The normal form of each held alert, its payload taken away first and
 * put back after, as store/alert.c's on_alert does; only the writing is
 * timed, not the parse that made the alerts.
 */
static void
bodies(struct count *c)
{
	struct cb_alert *a;
	double t0 = now();
	char *line, *raw;
	size_t raw_cap, raw_len;

	for (size_t i = 0; i < c->nheld; i++) {
		a = c->held[i];
		raw = a->raw;
		raw_cap = a->raw_cap;
		raw_len = a->raw_len;
		a->raw = NULL;
		a->raw_cap = a->raw_len = 0;
		line = cb_alert_to_json(a);
		a->raw = raw;
		a->raw_cap = raw_cap;
		a->raw_len = raw_len;
		c->body_bytes += strlen(line);
		free(line);
	}
	c->body_s += now() - t0;
	for (size_t i = 0; i < c->nheld; i++) {
		cb_alert_free(c->held[i]);
		free(c->held[i]);
	}
	c->nheld = 0;
}

static void
on_alert(struct cb_alert *a, void *arg)
{
	struct count *c = arg;
	char *line;

	c->alerts++;
	if (c->held != NULL) {
		c->held[c->nheld++] = a;
		if (c->nheld == BATCH)
			bodies(c);
		return;
	}
	if (c->json != NULL) {
		line = cb_alert_to_json(a);
		cb_buf_adds(c->json, line);
		free(line);
	}
	cb_alert_free(a);
	free(a);
}

static void
on_flow(const struct cb_flow *f, void *arg)
{
	struct count *c = arg;

	(void)f;
	c->flows++;
}

static void
on_bad(size_t line, const char *why, void *arg)
{
	struct count *c = arg;

	if (c->bad++ == 0)
		fprintf(stderr, "line %zu: %s\n", line, why);
}

/*
 * CPU seconds of this process: the machine is shared, and the rate one
 * core gives is the figure that matters (the wall clock is printed too).
 */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t seed = 88172645463325252ULL;

static double
uniform(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / 9007199254740992.0;
}

static void
beacons(void)
{
	size_t cap = 600000, n = 0, np;
	struct cb_flow *f = calloc(cap, sizeof *f);
	struct cb_beacon_pair *p;
	double t0, t1;
	int conns;

	for (int pair = 0; pair < 10000; pair++) {
		char src[46], dst[46];

		snprintf(src, sizeof src, "10.%d.%d.%d", pair / 65536 % 256,
		    pair / 256 % 256, pair % 256);
		snprintf(dst, sizeof dst, "198.51.%d.%d", pair / 256 % 256,
		    pair % 256);
		conns = pair < 100 ? 0 : 4 + (int)(uniform() * 57);
		for (int64_t t = (int64_t)(uniform() * 60); pair < 100 &&
		    t < 86400 && n < cap; t += 55 + (int64_t)(uniform() * 11)) {
			snprintf(f[n].src, sizeof f[n].src, "%s", src);
			snprintf(f[n].dst, sizeof f[n].dst, "%s", dst);
			f[n].start = 1795651200 + t;
			f[n++].bytes_out = 292 + (int64_t)(uniform() * 17);
		}
		for (int c = 0; c < conns && n < cap; c++) {
			snprintf(f[n].src, sizeof f[n].src, "%s", src);
			snprintf(f[n].dst, sizeof f[n].dst, "%s", dst);
			f[n].start = 1795651200 + (int64_t)(uniform() * 86400);
			f[n++].bytes_out = 100 + (int64_t)(uniform() * 100000);
		}
	}
	t0 = now();
	np = cb_beacon_pairs(f, n, &p);
	t1 = now();
	printf("beacons: %zu flows, 10000 pairs, %zu scored: %.2f s; top "
	    "%.3f, 100th %.3f, 101st %.3f\n", n, np, t1 - t0, p[0].b.score,
	    p[99].b.score, p[100].b.score);
	free(p);
	free(f);
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct cb_buf eve = { 0 }, json = { 0 };
	struct cb_alert_ctx ctx = { 1795658400, NULL, NULL, NULL };
	struct count c = { 0 };
	struct cb_alert_sink sink = { on_alert, on_flow, on_bad, &c };
	double t0, t1, t2, t3, w0 = wall();
	size_t alerts;

	for (size_t i = 0; i < n; i++) {
		if (i % 4 == 3) {
			cb_buf_printf(&eve, "{\"timestamp\":\"2026-11-26T10:%02zu:"
			    "%02zu.%06zu+0900\",\"flow_id\":%zu,\"event_type\":"
			    "\"flow\",\"src_ip\":\"10.20.%zu.%zu\",\"src_port\":"
			    "%zu,\"dest_ip\":\"198.51.100.%zu\",\"dest_port\":443,"
			    "\"proto\":\"TCP\",\"flow\":{\"pkts_toserver\":5,"
			    "\"pkts_toclient\":4,\"bytes_toserver\":%zu,"
			    "\"bytes_toclient\":480,\"start\":\"2026-11-26T10:%02zu:"
			    "%02zu.000000+0900\",\"end\":\"2026-11-26T10:%02zu:"
			    "%02zu.500000+0900\",\"age\":0,\"state\":\"closed\","
			    "\"reason\":\"timeout\",\"alerted\":false}}\n",
			    i / 60 % 60, i % 60, i % 1000000, 1822374892311234 + i,
			    i / 256 % 256, i % 256, 1024 + i % 60000, i % 256,
			    300 + i % 64, i / 60 % 60, i % 60, i / 60 % 60, i % 60);
		}
		cb_buf_printf(&eve, "{\"timestamp\":\"2026-11-26T10:%02zu:%02zu."
		    "%06zu+0900\",\"flow_id\":%zu,\"in_iface\":\"eth1\","
		    "\"event_type\":\"alert\",\"src_ip\":\"10.20.%zu.%zu\","
		    "\"src_port\":%zu,\"dest_ip\":\"198.51.100.%zu\","
		    "\"dest_port\":80,\"proto\":\"TCP\",\"app_proto\":\"http\","
		    "\"community_id\":\"1:LQU9qZlK+B5F3KDmev6m5PMibrg=\","
		    "\"alert\":{\"action\":\"allowed\",\"gid\":1,"
		    "\"signature_id\":%zu,\"rev\":4,\"signature\":\"ET MALWARE "
		    "Win32/Emotet CnC Activity (POST) M4\",\"category\":\"A "
		    "Network Trojan was detected\",\"severity\":1},\"http\":{"
		    "\"hostname\":\"c2-%zu.bad.example\",\"url\":\"/wp-content/"
		    "x.php\",\"http_user_agent\":\"Mozilla/4.0\","
		    "\"http_method\":\"POST\",\"status\":200,\"length\":132}}\n",
		    i / 60 % 60, i % 60, i % 1000000, 1822374892311234 + i,
		    i / 256 % 256, i % 256, 1024 + i % 60000, i % 256,
		    2024792 + i % 100, i % 1000);
	}

	t0 = now();
	cb_alert_parse_all(CB_ALERT_SURICATA, eve.data, eve.len, &ctx, &sink);
	t1 = now();
	alerts = c.alerts;
	printf("suricata eve: %zu lines (%.0f MB), %zu alerts, %zu flows, "
	    "%zu bad: %.2f s, %.0f lines/s, %.0f alerts/s\n",
	    c.alerts + c.flows, eve.len / 1e6, c.alerts, c.flows, c.bad,
	    t1 - t0, (c.alerts + c.flows) / (t1 - t0), c.alerts / (t1 - t0));

	/* The same alerts as normal-form lines: writing them, then reading. */
	memset(&c, 0, sizeof c);
	c.json = &json;
	t1 = now();
	cb_alert_parse_all(CB_ALERT_SURICATA, eve.data, eve.len, &ctx, &sink);
	t2 = now();
	printf("eve parse + normal-form write: %zu alerts (%.0f MB of JSON "
	    "lines): %.2f s, %.0f alerts/s\n", c.alerts, json.len / 1e6,
	    t2 - t1, c.alerts / (t2 - t1));
	memset(&c, 0, sizeof c);
	c.held = calloc(BATCH, sizeof *c.held);
	cb_alert_parse_all(CB_ALERT_SURICATA, eve.data, eve.len, &ctx, &sink);
	bodies(&c);
	printf("normal-form write without the payload (store/'s body): %zu "
	    "alerts (%.0f MB): %.2f s, %.0f alerts/s\n", c.alerts,
	    c.body_bytes / 1e6, c.body_s, c.alerts / c.body_s);
	free(c.held);
	memset(&c, 0, sizeof c);
	t2 = now();
	cb_alert_parse_all(CB_ALERT_JSON, json.data, json.len, &ctx, &sink);
	t3 = now();
	printf("normal-form json: %zu lines, %zu alerts, %zu bad: %.2f s, "
	    "%.0f alerts/s\n", alerts, c.alerts, c.bad, t3 - t2,
	    c.alerts / (t3 - t2));
	memset(&c, 0, sizeof c);
	t2 = now();
	cb_alert_parse_all(CB_ALERT_AUTO, json.data, json.len, &ctx, &sink);
	t3 = now();
	printf("normal-form json, --format auto: %zu alerts: %.2f s, "
	    "%.0f alerts/s\n", c.alerts, t3 - t2, c.alerts / (t3 - t2));
	cb_buf_free(&json);
	json.data = NULL;
	beacons();
	printf("(rates per CPU second of one core; %.1f s of wall clock in "
	    "all)\n", wall() - w0);
	cb_buf_free(&eve);
	cb_buf_free(&json);
	return 0;
}
