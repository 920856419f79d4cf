/*
 * Which parser a record goes to, and gzip.  A JSON record is parsed once
 * here and handed on as an object, so that recognising its format by
 * its keys costs nothing more.
 */
#include "core/alert-int.h"

#include <string.h>
#include <zlib.h>

bool
cb_alert_format_is_document(enum cb_alert_format fmt)
{
	return fmt == CB_ALERT_SPLUNK_WEBHOOK || fmt == CB_ALERT_SPLUNK_CSV;
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

const char *
cb_syslog_body(const char *buf, size_t len, const char *tag)
{
	size_t n = len < 256 ? len : 256, t = strlen(tag);

	for (size_t i = 0; i + t <= n; i++) {
		if (memcmp(buf + i, tag, t) == 0 &&
		    (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '>'))
			return buf + i;
	}
	return NULL;
}

/* The format of a JSON object, by its keys. */
static enum cb_alert_format
json_format(json_t *o)
{
	json_t *result = json_object_get(o, "result");

	if (json_object_get(o, "casebook_alert") != NULL)
		return CB_ALERT_JSON;
	if (json_object_get(o, "event_type") != NULL)
		return CB_ALERT_SURICATA;
	if (json_object_get(o, "results_file") != NULL ||
	    (json_is_object(result) && (json_object_get(o, "sid") != NULL ||
	    json_object_get(o, "search_name") != NULL ||
	    json_object_get(o, "results_link") != NULL)))
		return CB_ALERT_SPLUNK_WEBHOOK;
	if (json_object_get(o, "sourceRef") != NULL &&
	    json_object_get(o, "source") != NULL)
		return CB_ALERT_THEHIVE;
	if (json_object_get(o, "preview") != NULL ||
	    json_object_get(o, "lastrow") != NULL ||
	    json_object_get(o, "messages") != NULL || result != NULL)
		return CB_ALERT_SPLUNK_EXPORT;
	return CB_ALERT_AUTO;
}

enum cb_alert_format
cb_alert_sniff(const char *buf, size_t len)
{
	const char *p = skip_space(buf, buf + len), *end = buf + len, *nl;
	size_t n;
	json_t *o;
	enum cb_alert_format fmt;

	if (p == end)
		return CB_ALERT_AUTO;
	if (*p == '{') {
		/* The first line alone, else the whole (a pretty-printed body). */
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		o = json_loadb(p, n, 0, NULL);
		if (o == NULL)
			o = json_loadb(p, (size_t)(end - p), 0, NULL);
		fmt = json_is_object(o) ? json_format(o) : CB_ALERT_AUTO;
		json_decref(o);
		return fmt;
	}
	if (cb_syslog_body(p, (size_t)(end - p), "CEF:") != NULL)
		return CB_ALERT_CEF;
	if (cb_syslog_body(p, (size_t)(end - p), "LEEF:") != NULL)
		return CB_ALERT_LEEF;
	/* A CSV header: a name, a comma, more (Splunk's start with a letter, _ or "). */
	nl = memchr(p, '\n', (size_t)(end - p));
	n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
	if (memchr(p, ',', n) != NULL)
		return CB_ALERT_SPLUNK_CSV;
	return CB_ALERT_AUTO;
}

/* The format of a scanned JSON object, by its keys, as json_format. */
static enum cb_alert_format
doc_format(const struct cb_jdoc *d)
{
	size_t result = cb_jget(d, 0, "result");

	if (cb_jget(d, 0, "casebook_alert") != 0)
		return CB_ALERT_JSON;
	if (cb_jget(d, 0, "event_type") != 0)
		return CB_ALERT_SURICATA;
	if (cb_jget(d, 0, "results_file") != 0 || (result != 0 &&
	    d->tok[result].type == CB_J_OBJECT && (cb_jget(d, 0, "sid") != 0 ||
	    cb_jget(d, 0, "search_name") != 0 ||
	    cb_jget(d, 0, "results_link") != 0)))
		return CB_ALERT_SPLUNK_WEBHOOK;
	if (cb_jget(d, 0, "sourceRef") != 0 && cb_jget(d, 0, "source") != 0)
		return CB_ALERT_THEHIVE;
	if (cb_jget(d, 0, "preview") != 0 || cb_jget(d, 0, "lastrow") != 0 ||
	    cb_jget(d, 0, "messages") != 0 || result != 0)
		return CB_ALERT_SPLUNK_EXPORT;
	return CB_ALERT_AUTO;
}

/*
 * A JSON record: scanned (core/jscan.h) and recognised; EVE and casebook
 * lines, the many, are read from the scan; Splunk's, the few, with
 * jansson, whose sorted dump gives the row hash.
 */
static enum cb_status
parse_json(enum cb_alert_format fmt, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	struct cb_jdoc d;
	json_t *o;
	enum cb_status st;
	struct cb_alert *a;

	if (cb_jscan(&d, buf, len, err) != CB_OK) {
		cb_error_prefix(err, "not JSON");
		cb_jdoc_free(&d);
		return CB_ERR;
	}
	if (d.tok[0].type != CB_J_OBJECT) {
		cb_jdoc_free(&d);
		return cb_fail(err, CB_ERR, "a JSON value that is not an "
		    "object");
	}
	if (fmt == CB_ALERT_AUTO)
		fmt = doc_format(&d);
	switch (fmt) {
	case CB_ALERT_JSON:
		a = xmalloc(sizeof *a);
		st = cb_alert_from_doc(&d, a, err);
		if (st == CB_OK) {
			cb_alert_emit(sink, a);
		} else {
			cb_alert_free(a);
			free(a);
		}
		break;
	case CB_ALERT_SURICATA:
		st = cb_parse_suricata(&d, buf, len, ctx, sink, err);
		break;
	case CB_ALERT_SPLUNK_WEBHOOK:
	case CB_ALERT_SPLUNK_EXPORT:
	case CB_ALERT_THEHIVE:
		o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
		if (o == NULL) {
			/* Scanned, so only a repeated key or a huge number. */
			st = cb_fail(err, CB_ERR, "a repeated key or a number "
			    "out of range in a %s record",
			    fmt == CB_ALERT_THEHIVE ? "TheHive" : "Splunk");
		} else if (fmt == CB_ALERT_THEHIVE) {
			st = cb_parse_thehive(o, buf, len, ctx, sink, err);
		} else if (fmt == CB_ALERT_SPLUNK_WEBHOOK) {
			st = cb_parse_splunk_webhook(o, buf, len, ctx, sink, err);
		} else {
			st = cb_parse_splunk_export(o, buf, len, ctx, sink, err);
		}
		json_decref(o);
		break;
	default:
		st = cb_fail(err, CB_ERR, "a JSON object of no format casebook "
		    "reads (none of the keys casebook_alert, event_type, "
		    "result, preview, results_file, sourceRef)");
		break;
	}
	cb_jdoc_free(&d);
	return st;
}

enum cb_status
cb_alert_parse(enum cb_alert_format fmt, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	const char *p, *end;

	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	p = skip_space(buf, buf + len);
	end = buf + len;
	if (p == end && fmt == CB_ALERT_SPLUNK_WEBHOOK)
		return cb_fail(err, CB_ERR, "an empty webhook body");
	if (p == end && fmt != CB_ALERT_SPLUNK_CSV)
		return CB_OK;		/* a blank line */
	if (fmt == CB_ALERT_AUTO) {
		if (*p == '{' || *p == '[')
			return parse_json(CB_ALERT_AUTO, p, (size_t)(end - p),
			    ctx, sink, err);
		fmt = cb_alert_sniff(p, (size_t)(end - p));
		/* A lone line with a comma is no CSV file: it has no rows. */
		if (fmt == CB_ALERT_SPLUNK_CSV &&
		    memchr(p, '\n', (size_t)(end - p)) == NULL)
			fmt = CB_ALERT_AUTO;
		if (fmt == CB_ALERT_AUTO)
			return cb_fail(err, CB_ERR, "a line of no format casebook "
			    "reads (not JSON, CEF, LEEF or CSV)");
	}
	switch (fmt) {
	case CB_ALERT_CEF:
		return cb_parse_cef(buf, len, ctx, sink, err);
	case CB_ALERT_LEEF:
		return cb_parse_leef(buf, len, ctx, sink, err);
	case CB_ALERT_SPLUNK_CSV:
		return cb_parse_splunk_csv(buf, len,
		    ctx->search_name != NULL ? ctx->search_name : "", NULL, ctx,
		    sink, err);
	default:
		return parse_json(fmt, p, (size_t)(end - p), ctx, sink, err);
	}
}

enum cb_status
cb_gunzip(const void *in, size_t len, size_t max, struct cb_buf *out,
    struct cb_error *err)
{
	z_stream z;
	unsigned char chunk[16384];
	int rc;
	size_t start = out->len;

	memset(&z, 0, sizeof z);
	/* 32 + MAX_WBITS: gzip or zlib, recognised by the header. */
	if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK)
		fatal("zlib: cannot start inflating");
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	if (len > UINT32_MAX) {
		inflateEnd(&z);
		return cb_fail(err, CB_ERR, "compressed data over 4 GB");
	}
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			out->len = start;
			if (out->data != NULL)
				out->data[start] = '\0';
			return cb_fail(err, CB_ERR, "not gzip data, or damaged "
			    "(%s)", z.msg != NULL ? z.msg :
			    rc == Z_BUF_ERROR ? "cut short" : "zlib error");
		}
		if (out->len - start + (sizeof chunk - z.avail_out) > max) {
			inflateEnd(&z);
			out->len = start;
			if (out->data != NULL)
				out->data[start] = '\0';
			return cb_fail(err, CB_ERR, "more than %zu bytes once "
			    "decompressed", max);
		}
		cb_buf_add(out, chunk, sizeof chunk - z.avail_out);
		if (rc != Z_STREAM_END && z.avail_in == 0 && z.avail_out != 0) {
			inflateEnd(&z);
			out->len = start;
			if (out->data != NULL)
				out->data[start] = '\0';
			return cb_fail(err, CB_ERR, "gzip data cut short");
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	if (out->data == NULL)
		cb_buf_adds(out, "");
	return CB_OK;
}

/* A sink that adds a record's first line to the lines its rows report. */
struct offset_sink {
	const struct cb_alert_sink *to;
	size_t first;
	size_t bad;		/* rows skipped inside records */
};

static void
offset_alert(struct cb_alert *a, void *arg)
{
	struct offset_sink *o = arg;

	cb_alert_emit(o->to, a);
}

static void
offset_flow(const struct cb_flow *f, void *arg)
{
	struct offset_sink *o = arg;

	if (o->to->flow != NULL)
		o->to->flow(f, o->to->arg);
}

static void
offset_bad(size_t line, const char *why, void *arg)
{
	struct offset_sink *o = arg;

	o->bad++;
	if (o->to->bad != NULL)
		o->to->bad(o->first + line - 1, why, o->to->arg);
}

size_t
cb_alert_lines(const char *buf, size_t n)
{
	size_t k = 0;

	for (const char *e = buf + n; (buf = memchr(buf, '\n',
	    (size_t)(e - buf))) != NULL; buf++)
		k++;
	return k;
}

size_t
cb_alert_parse_all(enum cb_alert_format fmt, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink)
{
	struct offset_sink off = { sink, 1, 0 };
	struct cb_alert_sink inner = { offset_alert, offset_flow, offset_bad,
		&off };
	struct cb_error err;
	const char *p = buf, *end = buf + len, *nl;
	size_t line = 1, bad = 0;
	enum cb_alert_format doc = fmt;
	json_t *first;

	if (fmt == CB_ALERT_AUTO) {
		doc = cb_alert_sniff(buf, len);
		/*
		 * Webhook bodies one a line are lines like any other; only a
		 * body spread over lines (pretty-printed) is one document.
		 */
		nl = memchr(buf, '\n', len);
		if (doc == CB_ALERT_SPLUNK_WEBHOOK && nl != NULL &&
		    skip_space(nl, end) != end) {
			first = json_loadb(buf, (size_t)(nl - buf), 0, NULL);
			if (first != NULL)
				doc = CB_ALERT_AUTO;
			json_decref(first);
		}
	}
	if (cb_alert_format_is_document(doc)) {
		if (cb_alert_parse(doc, buf, len, ctx, &inner, &err) != CB_OK) {
			if (sink->bad != NULL)
				sink->bad(1, err.msg, sink->arg);
			bad++;
		}
		return bad + off.bad;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		off.first = line;
		if (cb_alert_parse(fmt, p, (size_t)(nl - p), ctx, &inner,
		    &err) != CB_OK) {
			if (sink->bad != NULL)
				sink->bad(line, err.msg, sink->arg);
			bad++;
		}
		p = nl + 1;
		line++;
	}
	return bad + off.bad;
}
