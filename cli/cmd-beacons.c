/*
 * casebook beacons [--since AGE|TIME] [--min N] [--threshold S] [--top N]
 * [--all] [--json]: the (src, dst) pairs whose connections look like a
 * program calling home, from the flow records in the index (Suricata
 * "flow" events that ingest and serve have stored), scored as RITA v5
 * scores them (core/beacon.h), with the sub-scores beside the score.
 *
 * What is listed (doc/design.md, "Beacons: what is listed"): RITA's
 * score alone ranks sparse random traffic high (its hourly histogram
 * fits any pair with a few connections an hour), so a pair is listed
 * when it has at least --min connections (default 24: one an hour over
 * a day), its score is at least --threshold (default 0.75, RITA's
 * "medium" band) and its timestamp sub-score, the one that tells regular
 * from random, is at least 0.8 (connections at random times, a Poisson
 * process, score about 0.6 there; a beacon sleeping 30-60 s, Cobalt
 * Strike's 50 % jitter, about 0.92, and 60 s +- 50 % about 0.87): of
 * 10,000 random pairs RITA's score flags 3,250, this 2 (make
 * bench-beacons).  --all lists every pair scored.  The
 * destinations of the store config's beacons.allow (an address or a
 * CIDR block: NTP, update servers, monitoring) are left out.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alert.h"
#include "core/beacon.h"
#include "core/gitconfig.h"
#include "core/incident.h"
#include "core/nls.h"

#define DEFAULT_MIN		24
#define DEFAULT_THRESHOLD	0.75
#define TS_FLOOR		0.8
#define DEFAULT_TOP		20

/* An allow-list entry: a network, as bytes, and its prefix length. */
struct net {
	int family;
	unsigned char addr[16];
	int bits;
};

struct allow {
	struct net *nets;
	size_t n;
};

static bool
parse_net(const char *s, struct net *out)
{
	char buf[64], *slash, *end;
	long bits;

	if (strlen(s) >= sizeof buf)
		return false;
	snprintf(buf, sizeof buf, "%s", s);
	memset(out, 0, sizeof *out);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		out->bits = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		out->bits = 128;
	} else
		return false;
	if (slash != NULL) {
		errno = 0;
		bits = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || bits < 0 ||
		    bits > out->bits)
			return false;
		out->bits = (int)bits;
	}
	return true;
}

static bool
in_net(const struct net *n, const char *addr)
{
	unsigned char a[16];
	int full, rest;

	if (inet_pton(n->family, addr, a) != 1)
		return false;
	full = n->bits / 8;
	rest = n->bits % 8;
	if (memcmp(a, n->addr, (size_t)full) != 0)
		return false;
	return rest == 0 || ((a[full] ^ n->addr[full]) &
	    (unsigned char)(0xff << (8 - rest))) == 0;
}

static enum cb_status
allow_entry(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct allow *al = arg;
	struct net n;

	if (strcmp(section, "beacons") != 0 || subsection[0] != '\0' ||
	    strcmp(key, "allow") != 0)
		return CB_OK;
	if (!parse_net(value, &n))
		return cb_fail(err, CB_ERR, _("config:%d: beacons.allow: '%s' "
		    "is not an address or a CIDR block (192.0.2.0/24, "
		    "2001:db8::/32)"), line, value);
	al->nets = xrealloc(al->nets, (al->n + 1) * sizeof *al->nets);
	al->nets[al->n++] = n;
	return CB_OK;
}

static bool
allowed(const struct allow *al, const char *dst)
{
	for (size_t i = 0; i < al->n; i++)
		if (in_net(&al->nets[i], dst))
			return true;
	return false;
}

struct flows {
	struct cb_flow *f;
	size_t n, cap;
	const struct allow *allow;
	size_t skipped;
};

static enum cb_status
add_flow(const struct cb_flow *f, void *arg)
{
	struct flows *fl = arg;

	if (allowed(fl->allow, f->dst)) {
		fl->skipped++;
		return CB_OK;
	}
	if (fl->n == fl->cap) {
		fl->cap = fl->cap == 0 ? 4096 : fl->cap * 2;
		fl->f = xrealloc(fl->f, fl->cap * sizeof *fl->f);
	}
	fl->f[fl->n++] = *f;
	return CB_OK;
}

static bool
listed(const struct cb_beacon_pair *p, long min, double threshold, bool all)
{
	if (all)
		return true;
	return (long)p->b.connections >= min && p->b.score >= threshold &&
	    p->b.ts_score >= TS_FLOOR;
}

static json_t *
pair_json(const struct cb_beacon_pair *p)
{
	char first[CB_TIME_MAX], last[CB_TIME_MAX];

	cb_time_format((time_t)p->b.first, first);
	cb_time_format((time_t)p->b.last, last);
	return json_pack("{s:o, s:o, s:f, s:f, s:f, s:f, s:f, s:I, s:s, s:s}",
	    "src", cli_json_string(p->src, strlen(p->src)),
	    "dst", cli_json_string(p->dst, strlen(p->dst)),
	    "score", p->b.score, "timestamp", p->b.ts_score,
	    "data_size", p->b.ds_score, "histogram", p->b.hist_score,
	    "duration", p->b.dur_score, "connections",
	    (json_int_t)p->b.connections, "first", first, "last", last);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "min", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "top", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since_s = "24h";
	long min = DEFAULT_MIN, top = DEFAULT_TOP;
	double threshold = DEFAULT_THRESHOLD;
	bool all = false, json = false;
	struct allow al = { NULL, 0 };
	struct flows fl = { NULL, 0, 0, &al, 0 };
	struct cb_beacon_pair *pairs = NULL;
	struct cb_store *st;
	struct cb_error err;
	size_t npairs, shown = 0;
	time_t since;
	char *end, *path;
	int c, rc = 0;

	if (cli_help(&cmd_beacons, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			since_s = optarg;
			break;
		case 'm':
			errno = 0;
			min = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    min < CB_BEACON_MIN_CONN)
				return cli_usage(&cmd_beacons, _("--min: a "
				    "number of connections, %d or more"),
				    CB_BEACON_MIN_CONN);
			break;
		case 't':
			errno = 0;
			threshold = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(threshold >= 0 && threshold <= 1))
				return cli_usage(&cmd_beacons, _("--threshold: "
				    "a score from 0 to 1"));
			break;
		case 'n':
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    top < 1)
				return cli_usage(&cmd_beacons, _("--top: a "
				    "number of pairs, 1 or more"));
			break;
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		default:
			return cli_usage(&cmd_beacons, _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_beacons, _("no arguments are taken"));
	if (!cli_since(since_s, cb_now(), &since))
		return cli_usage(&cmd_beacons, _("--since: an age (30m, 24h, "
		    "7d) or a time (e.g. 2026-12-01 15:00)"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	path = xasprintf("%s/config", cb_store_dir(st));
	if (cb_gitconfig_read(path, allow_entry, &al, &err) != CB_OK &&
	    err.status != CB_ENOTFOUND) {
		free(path);
		rc = cli_error(&err);
		goto out;
	}
	free(path);
	if (cb_store_flows(st, since, add_flow, &fl, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	npairs = cb_beacon_pairs(fl.f, fl.n, &pairs);
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < npairs && (long)shown < top; i++)
			if (listed(&pairs[i], min, threshold, all)) {
				json_array_append_new(arr, pair_json(&pairs[i]));
				shown++;
			}
		cli_json_print(arr);
		json_decref(arr);
		goto out;
	}
	for (size_t i = 0; i < npairs && (long)shown < top; i++) {
		const struct cb_beacon_pair *p = &pairs[i];

		if (!listed(p, min, threshold, all))
			continue;
		if (shown++ == 0)
			/* RITA's names, in every language (a fixed-width
			   table of numbers). */
			printf("SCORE TIME  SIZE  HIST  DUR    CONNS  "
			    "SRC -> DST\n");
		printf("%.3f %.3f %.3f %.3f %.3f %6zu  ", p->b.score,
		    p->b.ts_score, p->b.ds_score, p->b.hist_score,
		    p->b.dur_score, p->b.connections);
		cli_put_line(stdout, p->src);
		printf(" -> ");
		cli_put_line(stdout, p->dst);
		printf("\n");
	}
	if (shown == 0)
		printf(_("no beacons: %zu flows, %zu pairs scored, none with "
		    "%ld connections or more scoring %.2f or more\n"), fl.n,
		    npairs, all ? (long)CB_BEACON_MIN_CONN : min,
		    all ? 0.0 : threshold);
	if (fl.skipped > 0)
		printf(_("(%zu flows to allowed destinations left out)\n"),
		    fl.skipped);
out:
	free(pairs);
	free(fl.f);
	free(al.nets);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_beacons = {
	"beacons", "[--since 24h] [--min N] [--threshold S] [--json]",
	N_("the pairs of hosts that call each other like a beacon"), run,
};
