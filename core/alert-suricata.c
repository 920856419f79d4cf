/*
 * Suricata's EVE JSON, one event a line.  event_type "alert" is an
 * alert; "flow" is a flow record for the beacon score; every other
 * type (dns, http, tls, stats, ...) is read and dropped.
 *
 * Dedup: flow_id and alert.signature_id ("1234567890:2100498"): the same
 * signature on the same flow is one alert however often it fires; an
 * alert without a flow_id is keyed by the SHA-256 of its line.
 */
#include "core/alert-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jscan.h"

/* A string member, decoded (caller frees), or NULL. */
static char *
str(const struct cb_jdoc *d, size_t obj, const char *key)
{
	return cb_jstr(d, cb_jget(d, obj, key), NULL);
}

static enum cb_status
event_time(const struct cb_jdoc *d, size_t obj, const char *key, time_t *t,
    struct cb_error *err)
{
	char *s = str(d, obj, key);
	enum cb_status st = CB_OK;

	if (s == NULL)
		st = cb_fail(err, CB_ERR, "no %s", key);
	else if (!cb_alert_time(s, t))
		st = cb_fail(err, CB_ERR, "%s: '%.64s' is not a time", key, s);
	free(s);
	return st;
}

static int
port(const struct cb_jdoc *d, size_t obj, const char *key)
{
	int64_t v;

	if (cb_jint(d, cb_jget(d, obj, key), &v) && v >= 0 && v <= 65535)
		return (int)v;
	return -1;
}

static int64_t
count(const struct cb_jdoc *d, size_t obj, const char *key)
{
	int64_t v;

	return cb_jint(d, cb_jget(d, obj, key), &v) && v >= 0 ? v : 0;
}

static void
copy_addr(char out[46], const char *s)
{
	struct cb_endpoint e = { NULL, -1, NULL };

	out[0] = '\0';
	cb_endpoint_set(&e, s);
	if (e.addr != NULL)
		snprintf(out, 46, "%s", e.addr);
	free(e.addr);
	free(e.host);
}

static enum cb_status
flow(const struct cb_jdoc *d, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	size_t f = cb_jget(d, 0, "flow");
	struct cb_flow fl;
	char *s;

	if (f == 0 || d->tok[f].type != CB_J_OBJECT)
		return cb_fail(err, CB_ERR, "a flow event without its flow "
		    "object");
	memset(&fl, 0, sizeof fl);
	s = str(d, 0, "src_ip");
	copy_addr(fl.src, s);
	free(s);
	s = str(d, 0, "dest_ip");
	copy_addr(fl.dst, s);
	free(s);
	if (fl.src[0] == '\0' || fl.dst[0] == '\0')
		return cb_fail(err, CB_ERR, "a flow event without src_ip and "
		    "dest_ip addresses");
	fl.src_port = port(d, 0, "src_port");
	fl.dst_port = port(d, 0, "dest_port");
	s = str(d, 0, "proto");
	snprintf(fl.proto, sizeof fl.proto, "%s", s != NULL ? s : "");
	free(s);
	if (event_time(d, f, "start", &fl.start, err) != CB_OK) {
		cb_error_prefix(err, "flow");
		return CB_ERR;
	}
	fl.bytes_out = count(d, f, "bytes_toserver");
	fl.bytes_in = count(d, f, "bytes_toclient");
	if (sink != NULL && sink->flow != NULL)
		sink->flow(&fl, sink->arg);
	return CB_OK;
}

/* An observable from string member key of obj, through add. */
static void
obs(struct cb_alert *a, const struct cb_jdoc *d, size_t obj, const char *key,
    void (*add)(struct cb_alert *, const char *))
{
	char *s = str(d, obj, key);

	if (s != NULL)
		add(a, s);
	free(s);
}

static void add_file(struct cb_alert *a, const char *v) { cb_alert_add_obs(a, CB_OBS_FILE, v); }

/* Each string, or each string of a list, as an observable of type. */
static void
list_obs(struct cb_alert *a, const struct cb_jdoc *d, size_t v,
    enum cb_obs_type type)
{
	char *s;

	if (v == 0)
		return;
	if (d->tok[v].type == CB_J_STRING) {
		s = cb_jstr(d, v, NULL);
		cb_alert_add_obs(a, type, s);
		free(s);
		return;
	}
	if (d->tok[v].type != CB_J_ARRAY)
		return;
	for (size_t i = CB_JFIRST(d, v); i < CB_JEND(d, v); i = d->tok[i].next) {
		if ((s = cb_jstr(d, i, NULL)) != NULL)
			cb_alert_add_obs(a, type, s);
		free(s);
	}
}

/* Each rrname of a dns block (v1: rrname; v2: queries[].rrname). */
static void
dns_obs(struct cb_alert *a, const struct cb_jdoc *d, size_t dns)
{
	size_t q;

	obs(a, d, dns, "rrname", cb_alert_add_host);
	q = cb_jget(d, dns, "queries");
	if (q == 0)
		q = cb_jget(d, dns, "query");
	if (q == 0 || d->tok[q].type != CB_J_ARRAY)
		return;
	for (size_t i = CB_JFIRST(d, q); i < CB_JEND(d, q); i = d->tok[i].next)
		obs(a, d, i, "rrname", cb_alert_add_host);
}

static size_t
object(const struct cb_jdoc *d, size_t obj, const char *key)
{
	size_t v = cb_jget(d, obj, key);

	return v != 0 && d->tok[v].type == CB_J_OBJECT ? v : 0;
}

static void
observables(struct cb_alert *a, const struct cb_jdoc *d)
{
	size_t http = object(d, 0, "http"), tls = object(d, 0, "tls");
	size_t file = object(d, 0, "fileinfo"), email = object(d, 0, "email");
	size_t dns = object(d, 0, "dns");
	char *host, *url, *full;

	obs(a, d, 0, "src_ip", cb_alert_add_host);
	obs(a, d, 0, "dest_ip", cb_alert_add_host);
	if (http != 0) {
		host = str(d, http, "hostname");
		url = str(d, http, "url");
		if (host != NULL)
			cb_alert_add_host(a, host);
		if (host != NULL && url != NULL && url[0] == '/') {
			full = xasprintf("http://%s%s", host, url);
			cb_alert_add_obs(a, CB_OBS_URL, full);
			free(full);
		} else if (url != NULL) {
			cb_alert_add_url(a, url);
		}
		cb_alert_set(&a->dst.host, host);
		free(host);
		free(url);
	}
	if (dns != 0)
		dns_obs(a, d, dns);
	if (tls != 0)
		obs(a, d, tls, "sni", cb_alert_add_host);
	if (file != 0) {
		obs(a, d, file, "filename", add_file);
		obs(a, d, file, "md5", cb_alert_add_hash);
		obs(a, d, file, "sha1", cb_alert_add_hash);
		obs(a, d, file, "sha256", cb_alert_add_hash);
	}
	if (email != 0) {
		list_obs(a, d, cb_jget(d, email, "from"), CB_OBS_MAIL_FROM);
		list_obs(a, d, cb_jget(d, email, "to"), CB_OBS_MAIL_TO);
		list_obs(a, d, cb_jget(d, email, "subject"),
		    CB_OBS_MAIL_SUBJECT);
	}
}

enum cb_status
cb_parse_suricata(const struct cb_jdoc *d, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	size_t type = cb_jget(d, 0, "event_type"), al, fid;
	struct cb_alert *a;
	int64_t sid, flow_id, sev;
	time_t t;
	char prefix[64], *s;

	if (type == 0 || d->tok[type].type != CB_J_STRING)
		return cb_fail(err, CB_ERR, "not an EVE event (no event_type)");
	if (cb_jstreq(d, type, "flow"))
		return flow(d, sink, err);
	if (!cb_jstreq(d, type, "alert"))
		return CB_OK;
	al = object(d, 0, "alert");
	if (al == 0)
		return cb_fail(err, CB_ERR, "an alert event without its alert "
		    "object");
	if (!cb_jint(d, cb_jget(d, al, "signature_id"), &sid))
		return cb_fail(err, CB_ERR, "alert.signature_id is missing or "
		    "not a number");
	if (event_time(d, 0, "timestamp", &t, err) != CB_OK)
		return CB_ERR;
	fid = cb_jget(d, 0, "flow_id");
	if (fid != 0 && !cb_jint(d, fid, &flow_id))
		return cb_fail(err, CB_ERR, "flow_id is not a number");

	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	a->source = xstrdup("suricata");
	if (fid != 0) {
		a->source_ref = xasprintf("%lld:%lld", (long long)flow_id,
		    (long long)sid);
	} else {
		snprintf(prefix, sizeof prefix, "sid%lld:", (long long)sid);
		a->source_ref = cb_alert_hash_ref(prefix, buf, len);
	}
	a->event_time = t;
	a->received = ctx->received;
	s = str(d, al, "signature");
	cb_alert_set(&a->signature, s);
	free(s);
	if (a->signature == NULL)
		a->signature = xasprintf("sid %lld", (long long)sid);
	s = str(d, al, "category");
	cb_alert_set(&a->category, s);
	free(s);
	/* Suricata's 1 is the most severe; rules rarely use 4 and more. */
	if (cb_jint(d, cb_jget(d, al, "severity"), &sev)) {
		switch (sev) {
		case 1: a->severity = CB_ASEV_HIGH; break;
		case 2: a->severity = CB_ASEV_MEDIUM; break;
		case 3: a->severity = CB_ASEV_LOW; break;
		default: a->severity = CB_ASEV_INFO; break;
		}
	}
	s = str(d, 0, "src_ip");
	cb_endpoint_set(&a->src, s);
	free(s);
	s = str(d, 0, "dest_ip");
	cb_endpoint_set(&a->dst, s);
	free(s);
	a->src.port = port(d, 0, "src_port");
	a->dst.port = port(d, 0, "dest_port");
	s = str(d, 0, "proto");
	cb_alert_set(&a->proto, s);
	free(s);
	observables(a, d);
	cb_alert_set_raw(a, buf, len);
	cb_alert_emit(sink, a);
	return CB_OK;
}
