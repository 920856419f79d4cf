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

static enum cb_status
event_time(json_t *o, const char *key, time_t *t, struct cb_error *err)
{
	const char *s = cb_json_str(o, key);

	if (s == NULL)
		return cb_fail(err, CB_ERR, "no %s", key);
	if (!cb_alert_time(s, t))
		return cb_fail(err, CB_ERR, "%s: '%.64s' is not a time", key, s);
	return CB_OK;
}

static int
json_port(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 65535)
		return (int)json_integer_value(v);
	return -1;
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
flow(json_t *o, const struct cb_alert_sink *sink, struct cb_error *err)
{
	json_t *f = json_object_get(o, "flow"), *v;
	struct cb_flow fl;
	const char *proto;

	if (!json_is_object(f))
		return cb_fail(err, CB_ERR, "a flow event without its flow "
		    "object");
	memset(&fl, 0, sizeof fl);
	copy_addr(fl.src, cb_json_str(o, "src_ip"));
	copy_addr(fl.dst, cb_json_str(o, "dest_ip"));
	if (fl.src[0] == '\0' || fl.dst[0] == '\0')
		return cb_fail(err, CB_ERR, "a flow event without src_ip and "
		    "dest_ip addresses");
	fl.src_port = json_port(o, "src_port");
	fl.dst_port = json_port(o, "dest_port");
	proto = cb_json_str(o, "proto");
	snprintf(fl.proto, sizeof fl.proto, "%s", proto != NULL ? proto : "");
	if (event_time(f, "start", &fl.start, err) != CB_OK) {
		cb_error_prefix(err, "flow");
		return CB_ERR;
	}
	v = json_object_get(f, "bytes_toserver");
	fl.bytes_out = json_is_integer(v) && json_integer_value(v) >= 0 ?
	    json_integer_value(v) : 0;
	v = json_object_get(f, "bytes_toclient");
	fl.bytes_in = json_is_integer(v) && json_integer_value(v) >= 0 ?
	    json_integer_value(v) : 0;
	if (sink != NULL && sink->flow != NULL)
		sink->flow(&fl, sink->arg);
	return CB_OK;
}

/* Each rrname of a dns block (v1: rrname; v2: queries[].rrname). */
static void
dns_obs(struct cb_alert *a, json_t *dns)
{
	json_t *q, *item;
	size_t i;

	cb_alert_add_host(a, cb_json_str(dns, "rrname"));
	q = json_object_get(dns, "queries");
	if (!json_is_array(q))
		q = json_object_get(dns, "query");
	json_array_foreach(q, i, item)
		cb_alert_add_host(a, cb_json_str(item, "rrname"));
}

static void
list_obs(struct cb_alert *a, json_t *v, enum cb_obs_type type)
{
	json_t *item;
	size_t i;

	if (json_is_string(v))
		cb_alert_add_obs(a, type, json_string_value(v));
	json_array_foreach(v, i, item)
		if (json_is_string(item))
			cb_alert_add_obs(a, type, json_string_value(item));
}

static void
observables(struct cb_alert *a, json_t *o)
{
	json_t *http = json_object_get(o, "http");
	json_t *tls = json_object_get(o, "tls");
	json_t *file = json_object_get(o, "fileinfo");
	json_t *email = json_object_get(o, "email");
	const char *host, *url;
	char *full;

	cb_alert_add_host(a, cb_json_str(o, "src_ip"));
	cb_alert_add_host(a, cb_json_str(o, "dest_ip"));
	if (json_is_object(http)) {
		host = cb_json_str(http, "hostname");
		url = cb_json_str(http, "url");
		cb_alert_add_host(a, host);
		if (host != NULL && url != NULL && url[0] == '/') {
			full = xasprintf("http://%s%s", host, url);
			cb_alert_add_obs(a, CB_OBS_URL, full);
			free(full);
		} else if (url != NULL) {
			cb_alert_add_url(a, url);
		}
	}
	if (json_is_object(json_object_get(o, "dns")))
		dns_obs(a, json_object_get(o, "dns"));
	if (json_is_object(tls))
		cb_alert_add_host(a, cb_json_str(tls, "sni"));
	if (json_is_object(file)) {
		cb_alert_add_obs(a, CB_OBS_FILE, cb_json_str(file, "filename"));
		if (cb_json_str(file, "md5") != NULL)
			cb_alert_add_hash(a, cb_json_str(file, "md5"));
		if (cb_json_str(file, "sha1") != NULL)
			cb_alert_add_hash(a, cb_json_str(file, "sha1"));
		if (cb_json_str(file, "sha256") != NULL)
			cb_alert_add_hash(a, cb_json_str(file, "sha256"));
	}
	if (json_is_object(email)) {
		list_obs(a, json_object_get(email, "from"), CB_OBS_MAIL_FROM);
		list_obs(a, json_object_get(email, "to"), CB_OBS_MAIL_TO);
		list_obs(a, json_object_get(email, "subject"),
		    CB_OBS_MAIL_SUBJECT);
	}
}

enum cb_status
cb_parse_suricata(json_t *o, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	const char *type = cb_json_str(o, "event_type");
	json_t *al, *sid, *fid, *sev;
	struct cb_alert *a;
	time_t t;
	char buf2[64];

	if (type == NULL)
		return cb_fail(err, CB_ERR, "not an EVE event (no event_type)");
	if (strcmp(type, "flow") == 0)
		return flow(o, sink, err);
	if (strcmp(type, "alert") != 0)
		return CB_OK;
	al = json_object_get(o, "alert");
	if (!json_is_object(al))
		return cb_fail(err, CB_ERR, "an alert event without its alert "
		    "object");
	sid = json_object_get(al, "signature_id");
	if (!json_is_integer(sid))
		return cb_fail(err, CB_ERR, "alert.signature_id is missing or "
		    "not a number");
	if (event_time(o, "timestamp", &t, err) != CB_OK)
		return CB_ERR;
	fid = json_object_get(o, "flow_id");
	if (fid != NULL && !json_is_integer(fid))
		return cb_fail(err, CB_ERR, "flow_id is not a number");

	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	a->source = xstrdup("suricata");
	if (fid != NULL) {
		a->source_ref = xasprintf("%lld:%lld",
		    (long long)json_integer_value(fid),
		    (long long)json_integer_value(sid));
	} else {
		snprintf(buf2, sizeof buf2, "sid%lld:",
		    (long long)json_integer_value(sid));
		a->source_ref = cb_alert_hash_ref(buf2, buf, len);
	}
	a->event_time = t;
	a->received = ctx->received;
	cb_alert_set(&a->signature, cb_json_str(al, "signature"));
	if (a->signature == NULL)
		a->signature = xasprintf("sid %lld",
		    (long long)json_integer_value(sid));
	cb_alert_set(&a->category, cb_json_str(al, "category"));
	/* Suricata's 1 is the most severe; rules rarely use 4 and more. */
	sev = json_object_get(al, "severity");
	if (json_is_integer(sev)) {
		switch (json_integer_value(sev)) {
		case 1: a->severity = CB_ASEV_HIGH; break;
		case 2: a->severity = CB_ASEV_MEDIUM; break;
		case 3: a->severity = CB_ASEV_LOW; break;
		default: a->severity = CB_ASEV_INFO; break;
		}
	}
	cb_endpoint_set(&a->src, cb_json_str(o, "src_ip"));
	cb_endpoint_set(&a->dst, cb_json_str(o, "dest_ip"));
	a->src.port = json_port(o, "src_port");
	a->dst.port = json_port(o, "dest_port");
	cb_alert_set(&a->proto, cb_json_str(o, "proto"));
	if (json_is_object(json_object_get(o, "http")))
		cb_alert_set(&a->dst.host, cb_json_str(json_object_get(o,
		    "http"), "hostname"));
	observables(a, o);
	cb_alert_set_raw(a, buf, len);
	cb_alert_emit(sink, a);
	return CB_OK;
}
