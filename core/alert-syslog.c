/*
 * Detections as syslog lines: ArcSight CEF and QRadar LEEF, the two
 * forms Lastline (NSX NDR) sends, after an optional syslog header.
 *
 * CEF:0|Vendor|Product|Version|Signature ID|Name|Severity|key=value ...
 *	In the header, "\|" is a pipe and "\\" a backslash.  In the
 *	extension, pairs are separated by spaces, a value may hold spaces,
 *	and the next pair starts at a space followed by a key and an
 *	unescaped "="; "\=" is "=", "\\" is "\", "\n" and "\r" are line
 *	breaks.  Custom fields carry their name in a label: cs1=... with
 *	cs1Label=detectionId is the field detectionId.
 * LEEF:1.0|Vendor|Product|Version|EventID|key=value<TAB>key=value...
 * LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|key=value^...
 *	Attributes are split at the delimiter (a tab in 1.0; in 2.0 the
 *	character the header names, as itself or as hex "0x5E" or "x5E",
 *	a tab when empty); the key runs to the first "=", the value is the
 *	rest, taken literally.  A 1.0 line whose tabs were turned into
 *	"#011" by rsyslog (its escaping of control characters) is read so.
 *
 * Dedup: the detection's detectionId, else externalId, else the SHA-256
 * of the line from "CEF:" or "LEEF:" on (so that a replay is still the
 * same alert).  IncidentId groups.
 */
#include "core/alert-int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* At most this many key=value pairs are read from a line. */
#define MAX_PAIRS	256

struct kv {
	char *key, *value;
};

struct pairs {
	struct kv v[MAX_PAIRS];
	size_t n;
};

static void
pairs_free(struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].value);
	}
	p->n = 0;
}

static const char *
get(const struct pairs *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].value;
	return NULL;
}

/*
 * A field by name: a plain key, or a custom field (cs1, cn2, flexString1,
 * ...) whose label (cs1Label=) is the name.  Case-insensitive for labels,
 * as vendors' labels vary.
 */
static const char *
named(const struct pairs *p, const char *name)
{
	const char *v = get(p, name);
	size_t k;

	if (v != NULL)
		return v;
	for (size_t i = 0; i < p->n; i++) {
		k = strlen(p->v[i].key);
		if (k > 5 && strcmp(p->v[i].key + k - 5, "Label") == 0 &&
		    strcasecmp(p->v[i].value, name) == 0) {
			char *base = xstrndup(p->v[i].key, k - 5);

			v = get(p, base);
			free(base);
			if (v != NULL)
				return v;
		}
	}
	return NULL;
}

static bool
pair_add(struct pairs *p, const char *key, size_t klen, const char *value,
    size_t vlen, struct cb_error *err)
{
	if (p->n == MAX_PAIRS)
		return cb_fail(err, CB_ERR, "more than %d key=value pairs",
		    MAX_PAIRS), false;
	p->v[p->n].key = cb_utf8_dup(key, klen);
	p->v[p->n].value = cb_utf8_dup(value, vlen);
	p->n++;
	return true;
}

/* A line's alert: given to the sink when it parsed (st), else freed. */
static enum cb_status
emit_or_free(const struct cb_alert_sink *sink, struct cb_alert *a,
    enum cb_status st)
{
	if (st == CB_OK) {
		cb_alert_emit(sink, a);
	} else {
		cb_alert_free(a);
		free(a);
	}
	return st;
}

/* --- CEF ------------------------------------------------------------------ */

static bool
cef_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '[' ||
	    c == ']' || c == '-';
}

/* True when a key and an unescaped "=" start at s. */
static bool
cef_key_at(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && cef_key_char(*p))
		p++;
	return p > s && p < end && *p == '=';
}

/* Appends the unescaped extension value s..end to b. */
static void
cef_unescape_value(struct cb_buf *b, const char *s, const char *end)
{
	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end) {
			s++;
			if (*s == 'n')
				cb_buf_addc(b, '\n');
			else if (*s == 'r')
				cb_buf_addc(b, '\r');
			else if (*s == '=' || *s == '\\' || *s == '|')
				cb_buf_addc(b, *s);
			else {
				cb_buf_addc(b, '\\');
				cb_buf_addc(b, *s);
			}
		} else {
			cb_buf_addc(b, *s);
		}
	}
}

static enum cb_status
cef_extension(const char *s, const char *end, struct pairs *p,
    struct cb_error *err)
{
	const char *key, *val, *q;
	struct cb_buf b = { 0 };

	while (s < end) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		if (!cef_key_at(s, end))
			return cb_fail(err, CB_ERR, "the CEF extension has "
			    "'%.*s' where a key=value pair should start",
			    (int)(end - s < 40 ? end - s : 40), s);
		key = s;
		while (*s != '=')
			s++;
		val = ++s;
		/* The value ends where " key=" starts, or at the end. */
		for (q = val; q < end; q++) {
			if (*q == '\\' && q + 1 < end) {
				q++;
				continue;
			}
			if (*q == ' ' && cef_key_at(q + 1, end))
				break;
		}
		s = q;
		while (q > val && q[-1] == ' ')
			q--;
		b.len = 0;
		cef_unescape_value(&b, val, q);
		if (!pair_add(p, key, (size_t)(val - 1 - key), b.data != NULL ?
		    b.data : "", b.len, err)) {
			cb_buf_free(&b);
			return CB_ERR;
		}
	}
	cb_buf_free(&b);
	return CB_OK;
}

/*
 * Splits n header fields off s (up to end), each ending at an unescaped
 * "|", unescaping "\|" and "\\".  Returns where the rest starts, or NULL
 * when the line has fewer fields, *found saying how many it has (out is
 * then left empty).
 */
static const char *
header_fields(const char *s, const char *end, char **out, int n,
    int *found)
{
	struct cb_buf b = { 0 };

	*found = 0;
	for (int i = 0; i < n; i++) {
		b.len = 0;
		while (s < end && *s != '|') {
			if (*s == '\\' && s + 1 < end && (s[1] == '|' ||
			    s[1] == '\\'))
				s++;
			cb_buf_addc(&b, *s++);
		}
		if (s == end) {
			if (b.len > 0)
				(*found)++;	/* a last field, cut short */
			for (int j = 0; j < i; j++) {
				free(out[j]);
				out[j] = NULL;
			}
			cb_buf_free(&b);
			return NULL;
		}
		out[i] = cb_utf8_dup(b.data != NULL ? b.data : "", b.len);
		(*found)++;
		s++;		/* the "|" */
	}
	cb_buf_free(&b);
	return s;
}

/* "lastline" from "Lastline"; "cef" or "leef" when the vendor is blank. */
static char *
source_name(const char *vendor, const char *dflt)
{
	struct cb_buf b = { 0 };

	for (const char *p = vendor; *p != '\0' && b.len < 40; p++) {
		if (isalnum((unsigned char)*p))
			cb_buf_addc(&b, (char)tolower((unsigned char)*p));
		else if (b.len > 0 && b.data[b.len - 1] != '-')
			cb_buf_addc(&b, '-');
	}
	while (b.len > 0 && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		cb_buf_free(&b);
		return xstrdup(dflt);
	}
	return cb_buf_detach(&b);
}

/*
 * The fields CEF and LEEF detections share, from their pairs; k names
 * the format's keys for the endpoints and times (the first time found
 * is the event's).
 */
struct keys {
	const char *src, *dst, *spt, *dpt, *shost, *dhost, *times[3];
};

static enum cb_status
fill(struct cb_alert *a, const struct pairs *p, const struct keys *k,
    const char *vendor, const char *dflt_source, const char *event_id,
    const char *name, const char *body, size_t bodylen,
    const struct cb_alert_ctx *ctx, struct cb_error *err)
{
	const char *v, *cat;
	char *end, *prefix;
	double d;
	int port;
	time_t t;

	a->received = ctx->received;
	a->event_time = ctx->received;
	for (int i = 0; i < 3 && k->times[i] != NULL; i++) {
		if ((v = get(p, k->times[i])) == NULL)
			continue;
		if (!cb_alert_time(v, &t))
			return cb_fail(err, CB_ERR, "%s: '%.64s' is not a time",
			    k->times[i], v);
		a->event_time = t;
		break;
	}
	a->source = source_name(vendor, dflt_source);
	if ((v = named(p, "detectionId")) != NULL && *v != '\0')
		a->source_ref = xstrdup(v);
	else if ((v = get(p, "externalId")) != NULL && *v != '\0')
		a->source_ref = xstrdup(v);
	else {
		prefix = xasprintf("%s:", dflt_source);
		a->source_ref = cb_alert_hash_ref(prefix, body, bodylen);
		free(prefix);
	}
	cb_alert_set(&a->group_ref, named(p, "IncidentId"));
	cat = get(p, "cat");
	cb_alert_set(&a->signature, cat != NULL && *cat != '\0' ? cat :
	    name != NULL && *name != '\0' ? name : event_id);
	if (cat != NULL && strchr(cat, '/') != NULL) {
		char *cls = xstrndup(cat, strcspn(cat, "/"));

		cb_alert_set(&a->category, cls);
		free(cls);
	} else {
		cb_alert_set(&a->category, cat != NULL ? cat : event_id);
	}
	if ((v = named(p, "impact")) != NULL) {
		errno = 0;
		d = strtod(v, &end);
		if (end == v || *end != '\0' || !isfinite(d) || d < 0 ||
		    errno != 0)
			return cb_fail(err, CB_ERR, "impact: '%.32s' is not a "
			    "number of 0 or more", v);
		a->score = d;
	}
	cb_endpoint_set(&a->src, get(p, k->src));
	cb_endpoint_set(&a->dst, get(p, k->dst));
	if (cb_port_parse(get(p, k->spt), &port))
		a->src.port = port;
	if (cb_port_parse(get(p, k->dpt), &port))
		a->dst.port = port;
	cb_alert_set(&a->src.host, get(p, k->shost));
	cb_alert_set(&a->dst.host, get(p, k->dhost));
	cb_alert_set(&a->proto, get(p, "proto"));
	cb_alert_set(&a->link, named(p, "EventDetailLink"));

	cb_alert_add_host(a, get(p, k->src));
	cb_alert_add_host(a, get(p, k->dst));
	cb_alert_add_host(a, get(p, k->dhost));
	cb_alert_add_url(a, named(p, "EventUrl"));
	cb_alert_add_url(a, get(p, "request"));
	cb_alert_add_url(a, get(p, "url"));
	if ((v = get(p, "fileHash")) != NULL)
		cb_alert_add_hash(a, v);
	if ((v = get(p, "fileSHA1")) != NULL)
		cb_alert_add_hash(a, v);
	if ((v = get(p, "fileSHA256")) != NULL)
		cb_alert_add_hash(a, v);
	cb_alert_add_obs(a, CB_OBS_FILE, get(p, "fname"));
	cb_alert_add_obs(a, CB_OBS_MAIL_FROM, get(p, "sender"));
	cb_alert_add_obs(a, CB_OBS_MAIL_SUBJECT, get(p, "emailSubject"));
	if ((v = get(p, "usrName")) != NULL && strchr(v, '@') != NULL)
		cb_alert_add_obs(a, CB_OBS_MAIL_TO, v);
	if ((v = get(p, "duser")) != NULL && strchr(v, '@') != NULL)
		cb_alert_add_obs(a, CB_OBS_MAIL_TO, v);
	if ((v = get(p, "suser")) != NULL && strchr(v, '@') != NULL)
		cb_alert_add_obs(a, CB_OBS_MAIL_FROM, v);
	return CB_OK;
}

static enum cb_alert_severity
cef_severity(const char *s)
{
	char *end;
	long v;

	if (strcasecmp(s, "Very-High") == 0)
		return CB_ASEV_CRITICAL;
	if (isdigit((unsigned char)*s)) {
		v = strtol(s, &end, 10);
		if (*end == '\0')
			return cb_asev_from_10(v);
	}
	return cb_asev_from_name(s);
}

static const struct keys cef_keys = {
	"src", "dst", "spt", "dpt", "shost", "dhost", { "rt", "start", "end" }
};

enum cb_status
cb_parse_cef(const char *buf, size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	const char *body = cb_syslog_body(buf, len, "CEF:");
	const char *end = buf + len, *ext;
	char *h[7] = { 0 };
	struct pairs *p;
	struct cb_alert *a;
	enum cb_status st = CB_ERR;
	int found;

	if (body == NULL)
		return cb_fail(err, CB_ERR, "not a CEF line (no \"CEF:\" at "
		    "its start or after a syslog header)");
	ext = header_fields(body + 4, end, h, 7, &found);
	if (ext == NULL)
		return cb_fail(err, CB_ERR, "a CEF header of %d fields, not 7 "
		    "(Version|Vendor|Product|Version|Signature ID|Name|"
		    "Severity|)", found);
	p = xcalloc(1, sizeof *p);
	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	if (strcmp(h[0], "0") != 0 && strcmp(h[0], "1") != 0) {
		cb_fail(err, CB_ERR, "CEF version '%.16s': casebook reads 0 "
		    "and 1", h[0]);
	} else if (cef_extension(ext, end, p, err) == CB_OK &&
	    fill(a, p, &cef_keys, h[1], "cef", h[4], h[5], body,
	    (size_t)(end - body), ctx, err) == CB_OK) {
		a->severity = cef_severity(h[6]);
		cb_alert_set_raw(a, buf, len);
		st = CB_OK;
	}
	for (int i = 0; i < 7; i++)
		free(h[i]);
	pairs_free(p);
	free(p);
	return emit_or_free(sink, a, st);
}

/* --- LEEF ----------------------------------------------------------------- */

/* The delimiter a LEEF 2.0 header names: "^", "0x5E", "x5E", "" (tab). */
static bool
leef_delimiter(const char *s, char *delim)
{
	char *end;
	long v;

	if (*s == '\0') {
		*delim = '\t';
		return true;
	}
	if (s[1] == '\0') {
		*delim = *s;
		return *s != '=';
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	else if (s[0] == 'x' || s[0] == 'X')
		s++;
	else
		return false;
	v = strtol(s, &end, 16);
	if (*end != '\0' || end == s || v <= 0 || v > 0x7f || v == '=')
		return false;
	*delim = (char)v;
	return true;
}

static const struct keys leef_keys = {
	"src", "dst", "srcPort", "dstPort", "srcHostName", "dstHostName",
	{ "devTime", NULL, NULL }
};

enum cb_status
cb_parse_leef(const char *buf, size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	const char *body = cb_syslog_body(buf, len, "LEEF:");
	const char *end = buf + len, *attrs, *s, *q, *eq, *sep = "\t";
	char *h[6] = { 0 }, delim[2] = "\t", *e;
	size_t seplen = 1;
	struct pairs *p;
	struct cb_alert *a;
	enum cb_status st = CB_ERR;
	int found, nh;
	long sev;

	if (body == NULL)
		return cb_fail(err, CB_ERR, "not a LEEF line (no \"LEEF:\" at "
		    "its start or after a syslog header)");
	nh = len - (size_t)(body - buf) > 8 && strncmp(body + 5, "2.0|", 4) == 0 ?
	    6 : 5;
	attrs = header_fields(body + 5, end, h, nh, &found);
	if (attrs == NULL)
		return cb_fail(err, CB_ERR, "a LEEF header of %d fields, not %d "
		    "(Version|Vendor|Product|Version|EventID|%s)", found, nh,
		    nh == 6 ? "Delimiter|" : "");
	p = xcalloc(1, sizeof *p);
	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	if (strcmp(h[0], "1.0") != 0 && strcmp(h[0], "2.0") != 0) {
		cb_fail(err, CB_ERR, "LEEF version '%.16s': casebook reads 1.0 "
		    "and 2.0", h[0]);
		goto out;
	}
	if (nh == 6) {
		if (!leef_delimiter(h[5], delim)) {
			cb_fail(err, CB_ERR, "LEEF delimiter '%.16s' is not one "
			    "character or its hex code (0x5E)", h[5]);
			goto out;
		}
		sep = delim;
	} else if (memchr(attrs, '\t', (size_t)(end - attrs)) == NULL &&
	    end - attrs >= 4 && memmem(attrs, (size_t)(end - attrs), "#011",
	    4) != NULL) {
		sep = "#011";		/* rsyslog's escaped tab */
		seplen = 4;
	}
	for (s = attrs; s < end; s = q + seplen) {
		q = memmem(s, (size_t)(end - s), sep, seplen);
		if (q == NULL)
			q = end;
		if (q == s)
			continue;
		eq = memchr(s, '=', (size_t)(q - s));
		if (eq == NULL || eq == s) {
			cb_fail(err, CB_ERR, "the LEEF attribute '%.*s' is not "
			    "key=value", (int)(q - s < 40 ? q - s : 40), s);
			goto out;
		}
		if (!pair_add(p, s, (size_t)(eq - s), eq + 1,
		    (size_t)(q - eq - 1), err))
			goto out;
		if (q == end)
			break;
	}
	if (fill(a, p, &leef_keys, h[1], "leef", h[4], get(p, "desc"), body,
	    (size_t)(end - body), ctx, err) != CB_OK)
		goto out;
	if (get(p, "sev") != NULL) {
		sev = strtol(get(p, "sev"), &e, 10);
		a->severity = *e == '\0' && e != get(p, "sev") ?
		    cb_asev_from_10(sev) : CB_ASEV_UNKNOWN;
	}
	cb_alert_set_raw(a, buf, len);
	st = CB_OK;
out:
	for (int i = 0; i < 6; i++)
		free(h[i]);
	pairs_free(p);
	free(p);
	return emit_or_free(sink, a, st);
}
