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

/*
 * The event's members read here, found in one pass over the line's
 * object (cb_jget_keys) rather than a pass for each.
 */
enum {
	E_TYPE, E_FLOW_ID, E_TIMESTAMP, E_SRC_IP, E_SRC_PORT, E_DEST_IP,
	E_DEST_PORT, E_PROTO, E_ALERT, E_FLOW, E_HTTP, E_TLS, E_FILEINFO,
	E_EMAIL, E_DNS, E_COUNT
};
static const char *const event_keys[E_COUNT] = {
	"event_type", "flow_id", "timestamp", "src_ip", "src_port", "dest_ip",
	"dest_port", "proto", "alert", "flow", "http", "tls", "fileinfo",
	"email", "dns"
};

/* A string member, decoded (caller frees), or NULL. */
static char *
str(const struct cb_jdoc *d, size_t obj, const char *key)
{
	return cb_jstr(d, cb_jget(d, obj, key), NULL);
}

/* A string member decoded into tmp (see cb_jtmp_get), or NULL. */
static const char *
tmp_str(struct cb_jtmp *tmp, const struct cb_jdoc *d, size_t obj,
    const char *key)
{
	return cb_jtmp_get(tmp, d, cb_jget(d, obj, key), NULL);
}

/* The time at value v, member key of its object. */
static enum cb_status
event_time(const struct cb_jdoc *d, size_t v, const char *key, time_t *t,
    struct cb_error *err)
{
	struct cb_jtmp tmp = { NULL, { 0 } };
	const char *s = cb_jtmp_get(&tmp, d, v, NULL);
	enum cb_status st = CB_OK;

	if (s == NULL)
		st = cb_fail(err, CB_ERR, "no %s", key);
	else if (!cb_alert_time(s, t))
		st = cb_fail(err, CB_ERR, "%s: '%.64s' is not a time", key, s);
	cb_jtmp_free(&tmp);
	return st;
}

/* The port at value v, or -1. */
static int
port(const struct cb_jdoc *d, size_t v)
{
	int64_t n;

	if (cb_jint(d, v, &n) && n >= 0 && n <= 65535)
		return (int)n;
	return -1;
}

/* The count at value v, or 0. */
static int64_t
count(const struct cb_jdoc *d, size_t v)
{
	int64_t n;

	return cb_jint(d, v, &n) && n >= 0 ? n : 0;
}

/* The address at value v in canonical form, or "" when it is not one. */
static void
copy_addr(char out[46], const struct cb_jdoc *d, size_t v)
{
	struct cb_jtmp tmp = { NULL, { 0 } };
	const char *s = cb_jtmp_get(&tmp, d, v, NULL);

	if (s == NULL || !cb_addr_canon(s, out))
		out[0] = '\0';
	cb_jtmp_free(&tmp);
}

/* Value v when it is an object, else 0. */
static size_t
object(const struct cb_jdoc *d, size_t v)
{
	return v != 0 && d->tok[v].type == CB_J_OBJECT ? v : 0;
}

static enum cb_status
flow(const struct cb_jdoc *d, const size_t at[E_COUNT],
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	static const char *const keys[] = {
		"start", "bytes_toserver", "bytes_toclient"
	};
	size_t f = object(d, at[E_FLOW]), fat[3], n;
	struct cb_jtmp tmp = { NULL, { 0 } };
	struct cb_flow fl;
	const char *s;

	if (f == 0)
		return cb_fail(err, CB_ERR, "a flow event without its flow "
		    "object");
	memset(&fl, 0, sizeof fl);
	copy_addr(fl.src, d, at[E_SRC_IP]);
	copy_addr(fl.dst, d, at[E_DEST_IP]);
	if (fl.src[0] == '\0' || fl.dst[0] == '\0')
		return cb_fail(err, CB_ERR, "a flow event without src_ip and "
		    "dest_ip addresses");
	fl.src_port = port(d, at[E_SRC_PORT]);
	fl.dst_port = port(d, at[E_DEST_PORT]);
	/* As much as fits, cut at a byte as snprintf would. */
	if ((s = cb_jtmp_get(&tmp, d, at[E_PROTO], NULL)) != NULL) {
		n = strlen(s) < sizeof fl.proto ? strlen(s) :
		    sizeof fl.proto - 1;
		memcpy(fl.proto, s, n);
		fl.proto[n] = '\0';
	}
	cb_jtmp_free(&tmp);
	cb_jget_keys(d, f, keys, 3, fat);
	if (event_time(d, fat[0], "start", &fl.start, err) != CB_OK) {
		cb_error_prefix(err, "flow");
		return CB_ERR;
	}
	fl.bytes_out = count(d, fat[1]);
	fl.bytes_in = count(d, fat[2]);
	if (sink != NULL && sink->flow != NULL)
		sink->flow(&fl, sink->arg);
	return CB_OK;
}

/* An observable from string member key of obj, through add. */
static void
obs(struct cb_alert *a, const struct cb_jdoc *d, size_t obj, const char *key,
    void (*add)(struct cb_alert *, const char *))
{
	struct cb_jtmp tmp = { NULL, { 0 } };
	const char *s = tmp_str(&tmp, d, obj, key);

	if (s != NULL)
		add(a, s);
	cb_jtmp_free(&tmp);
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

/* An observable from the string at value v, through add. */
static void
obs_at(struct cb_alert *a, const struct cb_jdoc *d, size_t v,
    void (*add)(struct cb_alert *, const char *))
{
	struct cb_jtmp tmp = { NULL, { 0 } };
	const char *s = cb_jtmp_get(&tmp, d, v, NULL);

	if (s != NULL)
		add(a, s);
	cb_jtmp_free(&tmp);
}

static void
observables(struct cb_alert *a, const struct cb_jdoc *d,
    const size_t at[E_COUNT])
{
	size_t http = object(d, at[E_HTTP]), tls = object(d, at[E_TLS]);
	size_t file = object(d, at[E_FILEINFO]);
	size_t email = object(d, at[E_EMAIL]), dns = object(d, at[E_DNS]);
	struct cb_jtmp url_tmp = { NULL, { 0 } };
	const char *url;
	char *host, *full;
	size_t nh, nu;

	obs_at(a, d, at[E_SRC_IP], cb_alert_add_host);
	obs_at(a, d, at[E_DEST_IP], cb_alert_add_host);
	if (http != 0) {
		host = str(d, http, "hostname");
		url = tmp_str(&url_tmp, d, http, "url");
		if (host != NULL)
			cb_alert_add_host(a, host);
		if (host != NULL && url != NULL && url[0] == '/') {
			/* "http://" host url */
			nh = strlen(host);
			nu = strlen(url);
			full = xmalloc(7 + nh + nu + 1);
			memcpy(full, "http://", 7);
			memcpy(full + 7, host, nh);
			memcpy(full + 7 + nh, url, nu + 1);
			cb_alert_add_obs(a, CB_OBS_URL, full);
			free(full);
		} else if (url != NULL) {
			cb_alert_add_url(a, url);
		}
		cb_alert_take(&a->dst.host, host);
		cb_jtmp_free(&url_tmp);
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

/* Writes v in decimal at p, as "%lld" would; returns the byte after it. */
static char *
put_int(char *p, int64_t v)
{
	char digits[20], *q = digits + sizeof digits;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*p++ = '-';
	memcpy(p, q, (size_t)(digits + sizeof digits - q));
	return p + (digits + sizeof digits - q);
}

/* "flow_id:signature_id" (allocated), the dedup key of an alert on a flow. */
static char *
flow_sid_ref(int64_t flow_id, int64_t sid)
{
	char buf[2 * 21 + 2], *p = buf;

	p = put_int(p, flow_id);
	*p++ = ':';
	p = put_int(p, sid);
	return xstrndup(buf, (size_t)(p - buf));
}

enum cb_status
cb_parse_suricata(const struct cb_jdoc *d, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	static const char *const alert_keys[] = {
		"signature_id", "signature", "category", "severity"
	};
	size_t at[E_COUNT], aat[4], type, al;
	struct cb_jtmp tmp = { NULL, { 0 } };
	struct cb_alert *a;
	int64_t sid, flow_id, sev;
	time_t t;
	char prefix[64];

	cb_jget_keys(d, 0, event_keys, E_COUNT, at);
	type = at[E_TYPE];
	if (type == 0 || d->tok[type].type != CB_J_STRING)
		return cb_fail(err, CB_ERR, "not an EVE event (no event_type)");
	if (cb_jstreq(d, type, "flow"))
		return flow(d, at, sink, err);
	if (!cb_jstreq(d, type, "alert"))
		return CB_OK;
	al = object(d, at[E_ALERT]);
	if (al == 0)
		return cb_fail(err, CB_ERR, "an alert event without its alert "
		    "object");
	cb_jget_keys(d, al, alert_keys, 4, aat);
	if (!cb_jint(d, aat[0], &sid))
		return cb_fail(err, CB_ERR, "alert.signature_id is missing or "
		    "not a number");
	if (event_time(d, at[E_TIMESTAMP], "timestamp", &t, err) != CB_OK)
		return CB_ERR;
	if (at[E_FLOW_ID] != 0 && !cb_jint(d, at[E_FLOW_ID], &flow_id))
		return cb_fail(err, CB_ERR, "flow_id is not a number");

	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	a->source = xstrdup("suricata");
	if (at[E_FLOW_ID] != 0) {
		a->source_ref = flow_sid_ref(flow_id, sid);
	} else {
		snprintf(prefix, sizeof prefix, "sid%lld:", (long long)sid);
		a->source_ref = cb_alert_hash_ref(prefix, buf, len);
	}
	a->event_time = t;
	a->received = ctx->received;
	cb_alert_take(&a->signature, cb_jstr(d, aat[1], NULL));
	if (a->signature == NULL)
		a->signature = xasprintf("sid %lld", (long long)sid);
	cb_alert_take(&a->category, cb_jstr(d, aat[2], NULL));
	/* Suricata's 1 is the most severe; rules rarely use 4 and more. */
	if (cb_jint(d, aat[3], &sev)) {
		switch (sev) {
		case 1: a->severity = CB_ASEV_HIGH; break;
		case 2: a->severity = CB_ASEV_MEDIUM; break;
		case 3: a->severity = CB_ASEV_LOW; break;
		default: a->severity = CB_ASEV_INFO; break;
		}
	}
	cb_endpoint_set(&a->src, cb_jtmp_get(&tmp, d, at[E_SRC_IP], NULL));
	cb_endpoint_set(&a->dst, cb_jtmp_get(&tmp, d, at[E_DEST_IP], NULL));
	cb_jtmp_free(&tmp);
	a->src.port = port(d, at[E_SRC_PORT]);
	a->dst.port = port(d, at[E_DEST_PORT]);
	cb_alert_take(&a->proto, cb_jstr(d, at[E_PROTO], NULL));
	observables(a, d, at);
	cb_alert_set_raw(a, buf, len);
	cb_alert_emit(sink, a);
	return CB_OK;
}
