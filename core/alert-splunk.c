/*
 * Splunk: the webhook alert action's body (the first result row), a
 * custom alert action's stdin (with results_file, every row gzipped as
 * CSV), the search export's newline-delimited JSON, and CSV export.
 * Every form comes down to result rows, and one row is one alert
 * (row_alert).
 *
 * Dedup: Splunk reuses sids, so the key of a row is the search name and
 * the SHA-256 of the row in canonical form (compact JSON, sorted keys);
 * an Enterprise Security notable (a row with event_id and rule_name or
 * security_domain) is keyed by its event_id instead.
 */
#include "core/alert-int.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What a results_file may hold once decompressed. */
#define RESULTS_MAX	(256u << 20)

/*
 * A row's value as text: a string, the first string of a multivalue
 * array, a number; NULL for anything else or "".
 */
static const char *
row_str(json_t *row, const char *key, char buf[64])
{
	json_t *v = json_object_get(row, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_string(v))
		return json_string_length(v) > 0 ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(buf, 64, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, 64, "%.17g", json_real_value(v));
		return buf;
	}
	return NULL;
}

/* The first of several keys the row has. */
static const char *
row_any(json_t *row, const char *const *keys, char buf[64])
{
	const char *s;

	for (; *keys != NULL; keys++)
		if ((s = row_str(row, *keys, buf)) != NULL)
			return s;
	return NULL;
}

/* Every value of key (all of a multivalue field) as observables. */
static void
row_obs(struct cb_alert *a, json_t *row, const char *key,
    void (*add)(struct cb_alert *, const char *))
{
	json_t *v = json_object_get(row, key), *item;
	size_t i;

	if (json_is_string(v)) {
		add(a, json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (json_is_string(item))
				add(a, json_string_value(item));
	}
}

static void
add_from(struct cb_alert *a, const char *v)
{
	cb_alert_add_obs(a, strchr(v, '@') != NULL ? CB_OBS_MAIL_FROM :
	    CB_OBS_DOMAIN, v);
}

static void add_to(struct cb_alert *a, const char *v) { cb_alert_add_obs(a, CB_OBS_MAIL_TO, v); }
static void add_subject(struct cb_alert *a, const char *v) { cb_alert_add_obs(a, CB_OBS_MAIL_SUBJECT, v); }
static void add_file(struct cb_alert *a, const char *v) { cb_alert_add_obs(a, CB_OBS_FILE, v); }

static const char *const k_sig[] = { "signature", "rule_name", "search_name", NULL };
static const char *const k_cat[] = { "category", "security_domain", NULL };
static const char *const k_sev[] = { "severity", "urgency", NULL };
static const char *const k_src[] = { "src_ip", "src", NULL };
static const char *const k_srcport[] = { "src_port", NULL };
static const char *const k_srchost[] = { "src_host", "src_nt_host", "src_dns", NULL };
static const char *const k_dst[] = { "dest_ip", "dest", "dst", NULL };
static const char *const k_dstport[] = { "dest_port", "dst_port", NULL };
static const char *const k_dsthost[] = { "dest_host", "dest_nt_host", "dest_dns", NULL };
static const char *const k_proto[] = { "transport", "protocol", "proto", NULL };

/*
 * One result row as an alert, given to the sink.  name is the search's
 * name ("" when unknown), link the results_link (or NULL), raw the
 * payload to keep (NULL: the row itself).
 */
static enum cb_status
row_alert(json_t *row, const char *name, const char *link, const char *raw,
    size_t rawlen, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	struct cb_alert *a;
	char buf[64], *canon, *end;
	const char *s, *id;
	time_t t;
	int port;
	double score;

	if (!json_is_object(row))
		return cb_fail(err, CB_ERR, "the result is not an object of "
		    "fields");
	s = row_str(row, "_time", buf);
	if (s != NULL && !cb_alert_time(s, &t))
		return cb_fail(err, CB_ERR, "_time: '%.64s' is not a time",
		    s);
	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	a->received = ctx->received;
	a->event_time = s != NULL ? t : ctx->received;
	canon = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	if (canon == NULL)
		fatal("cannot write a result row as JSON");
	id = row_str(row, "event_id", buf);
	if (id != NULL && (json_object_get(row, "rule_name") != NULL ||
	    json_object_get(row, "security_domain") != NULL)) {
		a->source = xstrdup("splunk-es");
		a->source_ref = cb_utf8_dup(id, strlen(id));
	} else {
		a->source = xstrdup("splunk");
		end = xasprintf("%s#", name);
		a->source_ref = cb_alert_hash_ref(end, canon, strlen(canon));
		free(end);
	}
	s = row_any(row, k_sig, buf);
	cb_alert_set(&a->signature, s != NULL ? s : *name != '\0' ? name :
	    "Splunk alert");
	cb_alert_set(&a->category, row_any(row, k_cat, buf));
	s = row_any(row, k_sev, buf);
	if (s != NULL) {
		a->severity = cb_asev_from_name(s);
		if (a->severity == CB_ASEV_UNKNOWN && cb_port_parse(s, &port))
			a->severity = cb_asev_from_10(port);
	}
	s = row_str(row, "risk_score", buf);
	if (s != NULL) {
		score = strtod(s, &end);
		if (*end == '\0' && isfinite(score) && score >= 0)
			a->score = score;
	}
	cb_endpoint_set(&a->src, row_any(row, k_src, buf));
	if (cb_port_parse(row_any(row, k_srcport, buf), &port))
		a->src.port = port;
	cb_alert_set(&a->src.host, row_any(row, k_srchost, buf));
	cb_endpoint_set(&a->dst, row_any(row, k_dst, buf));
	if (cb_port_parse(row_any(row, k_dstport, buf), &port))
		a->dst.port = port;
	cb_alert_set(&a->dst.host, row_any(row, k_dsthost, buf));
	cb_alert_set(&a->proto, row_any(row, k_proto, buf));

	for (const char *const *k = k_src; *k != NULL; k++)
		row_obs(a, row, *k, cb_alert_add_host);
	for (const char *const *k = k_dst; *k != NULL; k++)
		row_obs(a, row, *k, cb_alert_add_host);
	row_obs(a, row, "url", cb_alert_add_url);
	row_obs(a, row, "domain", cb_alert_add_host);
	row_obs(a, row, "query", cb_alert_add_host);
	row_obs(a, row, "file_hash", cb_alert_add_hash);
	row_obs(a, row, "md5", cb_alert_add_hash);
	row_obs(a, row, "sha1", cb_alert_add_hash);
	row_obs(a, row, "sha256", cb_alert_add_hash);
	row_obs(a, row, "file_name", add_file);
	row_obs(a, row, "sender", add_from);
	row_obs(a, row, "src_user", add_from);
	row_obs(a, row, "recipient", add_to);
	row_obs(a, row, "subject", add_subject);

	cb_alert_set(&a->link, link);
	if (raw != NULL)
		cb_alert_set_raw(a, raw, rawlen);
	else
		cb_alert_set_raw(a, canon, strlen(canon));
	free(canon);
	cb_alert_emit(sink, a);
	return CB_OK;
}

/* --- CSV (libcsv) --------------------------------------------------------- */

struct csv_state {
	char **header;
	size_t nheader;
	json_t *row;		/* the row being read */
	size_t col;
	size_t line;		/* the line being fed */
	size_t row_line;	/* the line the row starts on */
	bool in_row;
	size_t rows;
	const char *name, *link;
	const char *bad_prefix;	/* before a bad row's reason */
	const struct cb_alert_ctx *ctx;
	const struct cb_alert_sink *sink;
	struct cb_error err;
	bool failed;		/* the header was bad */
};

static void
csv_bad(struct csv_state *st, const char *why)
{
	char msg[1200];

	if (st->sink == NULL || st->sink->bad == NULL)
		return;
	snprintf(msg, sizeof msg, "%s%s", st->bad_prefix, why);
	st->sink->bad(st->row_line, msg, st->sink->arg);
}

static void
csv_field(void *data, size_t len, void *arg)
{
	struct csv_state *st = arg;
	char *s;

	if (!st->in_row) {
		st->in_row = true;
		st->row_line = st->line;
		st->col = 0;
		if (st->header != NULL)
			st->row = json_object();
	}
	s = cb_utf8_dup(data != NULL ? data : "", data != NULL ? len : 0);
	if (st->header == NULL) {
		st->rows = 0;
		if (st->row == NULL)
			st->row = json_array();
		json_array_append_new(st->row, json_string(s));
	} else if (st->col < st->nheader && *s != '\0' &&
	    strncmp(st->header[st->col], "__mv_", 5) != 0) {
		/* Splunk's __mv_ columns repeat a multivalue field, encoded. */
		json_object_set_new(st->row, st->header[st->col],
		    json_string(s));
	}
	free(s);
	st->col++;
}

static void
csv_row(int c, void *arg)
{
	struct csv_state *st = arg;
	char why[256];
	size_t i;
	json_t *v;

	(void)c;
	if (!st->in_row)
		return;
	st->in_row = false;
	if (st->header == NULL) {
		st->nheader = json_array_size(st->row);
		st->header = xcalloc(st->nheader, sizeof *st->header);
		json_array_foreach(st->row, i, v) {
			st->header[i] = xstrdup(json_string_value(v));
			if (*st->header[i] == '\0' && !st->failed) {
				st->failed = true;
				cb_fail(&st->err, CB_ERR, "line %zu: the CSV "
				    "header's column %zu has no name",
				    st->row_line, i + 1);
			}
		}
		json_decref(st->row);
		st->row = NULL;
		return;
	}
	st->rows++;
	if (st->col != st->nheader) {
		snprintf(why, sizeof why, "a CSV row of %zu fields under a "
		    "header of %zu", st->col, st->nheader);
		csv_bad(st, why);
	} else if (!st->failed && row_alert(st->row, st->name, st->link, NULL,
	    0, st->ctx, st->sink, &st->err) != CB_OK) {
		csv_bad(st, st->err.msg);
	}
	json_decref(st->row);
	st->row = NULL;
}

/* libcsv trims spaces and tabs around fields by default; Splunk's are data. */
static int
csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static enum cb_status
parse_csv(const char *buf, size_t len, const char *name, const char *link,
    const char *bad_prefix, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	struct csv_parser p;
	struct csv_state st;
	const char *q = buf, *end = buf + len, *nl;
	enum cb_status ret = CB_OK;

	memset(&st, 0, sizeof st);
	st.name = name;
	st.link = link;
	st.bad_prefix = bad_prefix;
	st.ctx = ctx;
	st.sink = sink;
	st.line = 1;
	/*
	 * Strict: Splunk writes RFC 4180, so a stray quote means a damaged
	 * file, and what follows it cannot be split into rows with any
	 * confidence; the rows before it are kept.
	 */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		fatal("libcsv: cannot start a parser");
	csv_set_space_func(&p, csv_no_space);
	/* A byte-order mark, as spreadsheets write, is not the first name. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		q += 3;
	/* Line by line, so that a bad row is named by its line. */
	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		nl = nl != NULL ? nl + 1 : end;
		if (csv_parse(&p, q, (size_t)(nl - q), csv_field, csv_row,
		    &st) != (size_t)(nl - q)) {
			ret = cb_fail(err, CB_ERR, "line %zu: %s", st.line,
			    csv_error(&p) == CSV_EPARSE ? "a quote out of place "
			    "(a quoted CSV field must be quoted whole, with "
			    "quotes inside it doubled); the rest of the file "
			    "is not read" : csv_strerror(csv_error(&p)));
			break;
		}
		st.line++;
		q = nl;
	}
	if (ret == CB_OK && csv_fini(&p, csv_field, csv_row, &st) != 0)
		ret = cb_fail(err, CB_ERR, "line %zu: a quoted CSV field is not "
		    "closed before the end", st.row_line);
	csv_free(&p);
	json_decref(st.row);
	if (ret == CB_OK && st.failed)
		ret = cb_fail(err, CB_ERR, "%s", st.err.msg);
	if (ret == CB_OK && st.header == NULL)
		ret = cb_fail(err, CB_ERR, "an empty CSV file (no header line)");
	for (size_t i = 0; i < st.nheader; i++)
		free(st.header[i]);
	free(st.header);
	return ret;
}

enum cb_status
cb_parse_splunk_csv(const char *buf, size_t len, const char *search_name,
    const char *link, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err)
{
	return parse_csv(buf, len, search_name, link, "", ctx, sink, err);
}

/* --- webhook and custom alert action ---------------------------------------- */

/* Bad rows of a results_file: said to be in it, on the body's line. */
struct results_sink {
	const struct cb_alert_sink *to;
};

static void
results_alert(struct cb_alert *a, void *arg)
{
	struct results_sink *r = arg;

	cb_alert_emit(r->to, a);
}

static void
results_bad(size_t line, const char *why, void *arg)
{
	struct results_sink *r = arg;
	char msg[1300];

	if (r->to == NULL || r->to->bad == NULL)
		return;
	snprintf(msg, sizeof msg, "results_file line %zu: %s", line, why);
	r->to->bad(1, msg, r->to->arg);
}

static enum cb_status
results_file(json_t *root, const char *name, const char *link,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	const char *path = cb_json_str(root, "results_file");
	struct cb_buf gz = { 0 }, csv = { 0 };
	struct results_sink r = { sink };
	struct cb_alert_sink inner = { results_alert, NULL, results_bad, &r };
	enum cb_status st;

	if (path == NULL || *path == '\0')
		return cb_fail(err, CB_ERR, "results_file is not a path");
	if (ctx->read_results == NULL)
		return cb_fail(err, CB_ERR, "a custom alert action's results_file "
		    "(%.200s), which is read only where casebook runs beside "
		    "Splunk", path);
	st = ctx->read_results(path, &gz, ctx->read_arg, err);
	if (st == CB_OK)
		st = cb_gunzip(gz.data != NULL ? gz.data : "", gz.len,
		    RESULTS_MAX, &csv, err);
	cb_buf_free(&gz);
	if (st == CB_OK)
		st = parse_csv(csv.data, csv.len, name, link, "", ctx, &inner,
		    err);
	cb_buf_free(&csv);
	if (st != CB_OK) {
		char prefix[256];

		snprintf(prefix, sizeof prefix, "results_file %.200s", path);
		cb_error_prefix(err, prefix);
	}
	return st;
}

enum cb_status
cb_parse_splunk_webhook(json_t *root, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	json_t *name = json_object_get(root, "search_name");
	json_t *result = json_object_get(root, "result");
	const char *link = cb_json_str(root, "results_link");

	if (name != NULL && !json_is_null(name) && !json_is_string(name))
		return cb_fail(err, CB_ERR, "search_name is not a string");
	if (json_object_get(root, "results_file") != NULL)
		return results_file(root, json_is_string(name) ?
		    json_string_value(name) : "", link, ctx, sink, err);
	if (result == NULL)
		return cb_fail(err, CB_ERR, "a webhook body without a result "
		    "(is this Splunk's webhook alert action?)");
	if (!json_is_object(result))
		return cb_fail(err, CB_ERR, "the webhook's result is not an "
		    "object of fields");
	return row_alert(result, json_is_string(name) ?
	    json_string_value(name) : "", link, buf, len, ctx, sink, err);
}

/* --- search export -------------------------------------------------------- */

enum cb_status
cb_parse_splunk_export(json_t *root, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	json_t *preview = json_object_get(root, "preview");
	json_t *result = json_object_get(root, "result");

	if (preview != NULL && !json_is_boolean(preview))
		return cb_fail(err, CB_ERR, "preview is not true or false");
	if (result == NULL && preview == NULL &&
	    json_object_get(root, "lastrow") == NULL &&
	    json_object_get(root, "messages") == NULL)
		return cb_fail(err, CB_ERR, "not a line of Splunk's export (none "
		    "of result, preview, lastrow, messages)");
	/* Preview rows are replaced by the final ones; messages are not rows. */
	if (json_is_true(preview) || result == NULL)
		return CB_OK;
	return row_alert(result, ctx->search_name != NULL ? ctx->search_name :
	    "", NULL, buf, len, ctx, sink, err);
}
