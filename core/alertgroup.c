/*
 * Grouping rules (playbooks/alerts.yaml, libfyaml) and the host map
 * (CSV, libcsv): see core/alertgroup.h.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "core/alert-int.h"
#include "core/alertgroup.h"
#include "core/netaddr.h"
#include "core/xmalloc.h"
#include "core/yaml.h"

const char *const cb_group_field_names[CB_GF_COUNT] = {
#define CB_GF_NAME(name, text) text,
	CB_GROUP_FIELD_INFO(CB_GF_NAME)
#undef CB_GF_NAME
};

/* --- rules ------------------------------------------------------------------- */

#define yscalar cb_yaml_scalar
#define ylookup cb_yaml_lookup

static void
add_class(struct cb_alert_rules *r, const char *source,
    enum cb_group_field field, const char *pattern, const char *class)
{
	struct cb_class_rule *c;

	r->classes = xrealloc(r->classes, (r->nclasses + 1) *
	    sizeof *r->classes);
	c = &r->classes[r->nclasses++];
	c->source = source != NULL ? xstrdup(source) : NULL;
	c->field = field;
	c->pattern = xstrdup(pattern);
	c->class = xstrdup(class);
}

void
cb_alert_rules_default(struct cb_alert_rules *r)
{
	memset(r, 0, sizeof *r);
	r->fields = 1u << CB_GF_SRC | 1u << CB_GF_SIGNATURE;
	r->window = 2 * 3600;
	r->stale = 14 * 86400;
	r->retention = 400 * 86400;
	r->notable = 80;
	/* Suricata's (Emerging Threats') classtype descriptions. */
	r->external = xcalloc(1, sizeof *r->external);
	r->external[r->nexternal++] = xstrdup("external");
	add_class(r, "lastline", CB_GF_CATEGORY, "phishing*", "phishing");
	add_class(r, "lastline", CB_GF_CATEGORY, "*", "malware");
	add_class(r, "suricata", CB_GF_CATEGORY, "*scan*", "scan");
	add_class(r, "suricata", CB_GF_CATEGORY, "*information leak*", "scan");
	add_class(r, "suricata", CB_GF_CATEGORY, "*denial of service*", "dos");
	add_class(r, "suricata", CB_GF_CATEGORY, "*trojan*", "malware");
	add_class(r, "suricata", CB_GF_CATEGORY, "*privilege gain*",
	    "intrusion");
	add_class(r, "suricata", CB_GF_CATEGORY, "*attack*", "intrusion");
	add_class(r, "suricata", CB_GF_CATEGORY, "*exploit*", "intrusion");
}

void
cb_alert_rules_free(struct cb_alert_rules *r)
{
	for (size_t i = 0; i < r->nclasses; i++) {
		free(r->classes[i].source);
		free(r->classes[i].pattern);
		free(r->classes[i].class);
	}
	free(r->classes);
	for (size_t i = 0; i < r->nexternal; i++)
		free(r->external[i]);
	free(r->external);
	memset(r, 0, sizeof *r);
}

bool
cb_alert_source_external(const struct cb_alert_rules *r, const char *source)
{
	for (size_t i = 0; i < r->nexternal; i++)
		if (strcasecmp(r->external[i], source) == 0)
			return true;
	return false;
}

static const char *
read_external(struct fy_node *seq, struct cb_alert_rules *r)
{
	struct fy_node *n;
	void *it = NULL;
	const char *s;

	if (!fy_node_is_sequence(seq))
		return "'external_sources' must be a list of sources";
	for (size_t i = 0; i < r->nexternal; i++)
		free(r->external[i]);
	r->nexternal = 0;
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		if ((s = yscalar(n)) == NULL || *s == '\0')
			return "'external_sources' must list source names";
		r->external = xrealloc(r->external, (r->nexternal + 1) *
		    sizeof *r->external);
		r->external[r->nexternal++] = xstrdup(s);
	}
	return NULL;
}

bool
cb_duration_parse(const char *s, long *secs)
{
	char *end;
	long n, unit;

	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || n <= 0)
		return false;
	switch (*end) {
	case '\0': case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return false;
	}
	if (*end != '\0' && end[1] != '\0')
		return false;
	if (n > 100L * 365 * 86400 / unit)
		return false;
	*secs = n * unit;
	return true;
}

/* A duration key of root into *out; the problem, or NULL. */
static const char *
get_duration(struct fy_node *root, const char *key, long *out, bool zero_ok)
{
	struct fy_node *n = ylookup(root, key);
	const char *s;

	if (n == NULL)
		return NULL;
	if ((s = yscalar(n)) != NULL && zero_ok && strcmp(s, "0") == 0) {
		*out = 0;
		return NULL;
	}
	if (s != NULL && cb_duration_parse(s, out))
		return NULL;
	return strcmp(key, "window") == 0 ? "'window' must be a duration "
	    "such as 2h or 30m" : strcmp(key, "stale") == 0 ? "'stale' must "
	    "be a duration such as 14d, or 0" : "'retention' must be a "
	    "duration such as 400d";
}

static const char *
read_classes(struct fy_node *seq, struct cb_alert_rules *r)
{
	struct fy_node *n;
	void *it = NULL;
	const char *src, *cat, *sig, *cls;

	if (!fy_node_is_sequence(seq))
		return "'classes' must be a list";
	for (size_t i = 0; i < r->nclasses; i++) {
		free(r->classes[i].source);
		free(r->classes[i].pattern);
		free(r->classes[i].class);
	}
	r->nclasses = 0;
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		if (!fy_node_is_mapping(n))
			return "each of 'classes' must be a mapping";
		src = yscalar(ylookup(n, "source"));
		cat = yscalar(ylookup(n, "category"));
		sig = yscalar(ylookup(n, "signature"));
		cls = yscalar(ylookup(n, "class"));
		if (cls == NULL || *cls == '\0')
			return "each of 'classes' needs a 'class'";
		if (cat != NULL && sig != NULL)
			return "a class rule matches 'category' or "
			    "'signature', not both";
		if (src == NULL && cat == NULL && sig == NULL)
			return "a class rule needs 'source', 'category' or "
			    "'signature'";
		add_class(r, src, sig != NULL ? CB_GF_SIGNATURE :
		    CB_GF_CATEGORY, sig != NULL ? sig : cat != NULL ? cat : "*",
		    cls);
	}
	return NULL;
}

static const char *
read_group_by(struct fy_node *seq, unsigned *fields)
{
	struct fy_node *n;
	void *it = NULL;
	const char *s;
	int f;

	if (!fy_node_is_sequence(seq) || fy_node_sequence_item_count(seq) < 1)
		return "'group_by' must be a non-empty list of fields";
	*fields = 0;
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		if ((s = yscalar(n)) == NULL)
			return "'group_by' must list field names";
		for (f = 0; f < CB_GF_COUNT; f++)
			if (strcmp(s, cb_group_field_names[f]) == 0)
				break;
		if (f == CB_GF_COUNT)
			return "'group_by' names a field that is not source, "
			    "signature, category, src, dst, department or "
			    "group_ref";
		*fields |= 1u << f;
	}
	return NULL;
}

enum cb_status
cb_alert_rules_parse(const char *path, const char *buf, size_t len,
    struct cb_alert_rules *r, struct cb_error *err)
{
	struct fy_document *doc = NULL;
	struct fy_node *root, *n;
	const char *what = NULL, *s;
	char *end;

	cb_alert_rules_default(r);
	if ((doc = cb_yaml_build(buf, len, &what)) == NULL)
		goto out;
	if ((root = cb_yaml_root_v1(doc, &what)) == NULL)
		goto out;
	if ((n = ylookup(root, "group_by")) != NULL &&
	    (what = read_group_by(n, &r->fields)) != NULL)
		goto out;
	if ((what = get_duration(root, "window", &r->window, false)) != NULL ||
	    (what = get_duration(root, "stale", &r->stale, true)) != NULL ||
	    (what = get_duration(root, "retention", &r->retention,
	    false)) != NULL)
		goto out;
	if ((n = ylookup(root, "notable")) != NULL) {
		s = yscalar(n);
		errno = 0;
		r->notable = s != NULL ? strtod(s, &end) : -1;
		if (s == NULL || *s == '\0' || *end != '\0' || errno != 0 ||
		    r->notable < 0) {
			what = "'notable' must be a score of 0 or more";
			goto out;
		}
	}
	if ((n = ylookup(root, "classes")) != NULL &&
	    (what = read_classes(n, r)) != NULL)
		goto out;
	if ((n = ylookup(root, "external_sources")) != NULL &&
	    (what = read_external(n, r)) != NULL)
		goto out;
out:
	if (doc != NULL)
		fy_document_destroy(doc);
	if (what == NULL)
		return CB_OK;
	cb_alert_rules_free(r);
	cb_alert_rules_default(r);
	return cb_fail(err, CB_ERR, "%s: %s", path, what);
}

static const char *
endpoint_text(const struct cb_endpoint *e)
{
	return e->addr != NULL ? e->addr : e->host != NULL ? e->host : "";
}

void
cb_alert_group_key(const struct cb_alert_rules *r, const struct cb_alert *a,
    struct cb_buf *out)
{
	const char *v;

	out->len = 0;
	for (int f = 0; f < CB_GF_COUNT; f++) {
		if ((r->fields & (1u << f)) == 0)
			continue;
		switch ((enum cb_group_field)f) {
		case CB_GF_SOURCE: v = a->source; break;
		case CB_GF_SIGNATURE: v = a->signature; break;
		case CB_GF_CATEGORY: v = a->category; break;
		case CB_GF_SRC: v = endpoint_text(&a->src); break;
		case CB_GF_DST: v = endpoint_text(&a->dst); break;
		case CB_GF_DEPARTMENT: v = a->department; break;
		case CB_GF_GROUP_REF: v = a->group_ref; break;
		default: v = NULL; break;
		}
		if (out->len > 0)
			cb_buf_addc(out, '\x1f');
		cb_buf_adds(out, v != NULL ? v : "");
	}
	cb_buf_addc(out, '\0');
	out->len--;
}

const char *
cb_alert_class(const struct cb_alert_rules *r, const struct cb_alert *a)
{
	for (size_t i = 0; i < r->nclasses; i++) {
		const struct cb_class_rule *c = &r->classes[i];
		const char *v = c->field == CB_GF_SIGNATURE ? a->signature :
		    a->category;

		if (c->source != NULL && strcasecmp(c->source, a->source) != 0)
			continue;
		if (fnmatch(c->pattern, v != NULL ? v : "", FNM_CASEFOLD) == 0)
			return c->class;
	}
	return "other";
}

/* --- the host map ------------------------------------------------------------- */

static bool
name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 253)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' &&
		    *s != '_')
			return false;
	return true;
}

bool
cb_host_map_add(struct cb_host_map *m, const char *pattern,
    const char *department, const char *owner, const char *notes)
{
	struct cb_host_entry e;
	struct cb_netaddr n;
	unsigned char a[16];

	memset(&e, 0, sizeof e);
	if (strchr(pattern, '/') != NULL || cb_netaddr_addr(pattern, a)) {
		if (!cb_netaddr_parse(pattern, &n))
			return false;
		memcpy(e.net, n.net, sizeof e.net);
		e.prefix = n.prefix;
	} else if (name_ok(pattern))
		e.prefix = -1;
	else
		return false;
	e.pattern = xstrdup(pattern);
	e.department = xstrdup(department != NULL ? department : "");
	e.owner = xstrdup(owner != NULL ? owner : "");
	e.notes = xstrdup(notes != NULL ? notes : "");
	m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
	m->v[m->n++] = e;
	return true;
}

static int
by_prefix(const void *a, const void *b)
{
	const struct cb_host_entry *x = a, *y = b;

	return y->prefix - x->prefix;
}

void
cb_host_map_sort(struct cb_host_map *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, by_prefix);
}

void
cb_host_map_free(struct cb_host_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].pattern);
		free(m->v[i].department);
		free(m->v[i].owner);
		free(m->v[i].notes);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static bool
in_net(const struct cb_host_entry *e, const unsigned char a[16])
{
	struct cb_netaddr n;

	memcpy(n.net, e->net, sizeof n.net);
	n.prefix = e->prefix;
	return cb_netaddr_contains(&n, a);
}

const struct cb_host_entry *
cb_host_map_find(const struct cb_host_map *m, const char *s)
{
	unsigned char a[16];
	bool is_addr;

	if (s == NULL || *s == '\0' || m->n == 0)
		return NULL;
	is_addr = cb_netaddr_addr(s, a);
	for (size_t i = 0; i < m->n; i++) {
		const struct cb_host_entry *e = &m->v[i];

		if (e->prefix >= 0 ? is_addr && in_net(e, a) :
		    !is_addr && strcasecmp(e->pattern, s) == 0)
			return e;
	}
	return NULL;
}

const char *
cb_host_map_department(const struct cb_host_map *m, const struct cb_alert *a)
{
	const char *try[4] = { a->src.addr, a->src.host, a->dst.addr,
	    a->dst.host };
	const struct cb_host_entry *e;

	for (size_t i = 0; i < 4; i++)
		if ((e = cb_host_map_find(m, try[i])) != NULL &&
		    e->department[0] != '\0')
			return e->department;
	return NULL;
}

/* CSV: a header naming the columns, then a row per entry. */
enum hcol { HC_HOST, HC_DEPT, HC_OWNER, HC_NOTES, HC_COUNT };

struct hcsv {
	struct cb_host_map *m;
	int col_of[HC_COUNT];	/* column index, -1 when absent */
	char *cell[HC_COUNT];
	size_t col, line, row_line;
	bool header_done, in_row, failed;
	char why[256];
	void (*bad)(size_t, const char *, void *);
	void *arg;
};

static void
hcsv_field(void *data, size_t len, void *arg)
{
	struct hcsv *h = arg;
	char *s = cb_utf8_dup(data != NULL ? data : "", data != NULL ? len : 0);
	static const char *const names[HC_COUNT][3] = {
		{ "host", "cidr", "network" }, { "department", "dept", NULL },
		{ "owner", NULL, NULL }, { "notes", "note", NULL },
	};

	if (!h->in_row) {
		h->in_row = true;
		h->row_line = h->line;
		h->col = 0;
	}
	if (!h->header_done) {
		for (int c = 0; c < HC_COUNT; c++)
			for (int k = 0; k < 3 && names[c][k] != NULL; k++)
				if (strcasecmp(s, names[c][k]) == 0 &&
				    h->col_of[c] < 0)
					h->col_of[c] = (int)h->col;
	} else {
		for (int c = 0; c < HC_COUNT; c++)
			if (h->col_of[c] == (int)h->col) {
				free(h->cell[c]);
				h->cell[c] = xstrdup(s);
			}
	}
	free(s);
	h->col++;
}

static void
hcsv_row(int c, void *arg)
{
	struct hcsv *h = arg;
	char why[300];
	char *host;

	(void)c;
	h->in_row = false;
	if (!h->header_done) {
		h->header_done = true;
		if (h->col_of[HC_HOST] < 0 || h->col_of[HC_DEPT] < 0) {
			h->failed = true;
			snprintf(h->why, sizeof h->why, "line %zu: the header "
			    "must name a 'host' (or 'cidr') and a "
			    "'department' column", h->row_line);
		}
		return;
	}
	host = h->cell[HC_HOST];
	if (host == NULL || *host == '\0') {
		if (h->bad != NULL)
			h->bad(h->row_line, "no host or network", h->arg);
	} else if (!cb_host_map_add(h->m, host, h->cell[HC_DEPT],
	    h->cell[HC_OWNER], h->cell[HC_NOTES])) {
		snprintf(why, sizeof why, "'%.200s' is neither an address, a "
		    "network in CIDR form (10.20.0.0/16) nor a host name",
		    host);
		if (h->bad != NULL)
			h->bad(h->row_line, why, h->arg);
	}
	for (int k = 0; k < HC_COUNT; k++) {
		free(h->cell[k]);
		h->cell[k] = NULL;
	}
}

enum cb_status
cb_host_map_parse(const char *buf, size_t len, struct cb_host_map *m,
    void (*bad)(size_t line, const char *why, void *arg), void *arg,
    struct cb_error *err)
{
	struct csv_parser p;
	struct hcsv h;
	const char *q = buf, *end = buf + len, *nl;
	enum cb_status ret = CB_OK;

	memset(&h, 0, sizeof h);
	memset(m, 0, sizeof *m);
	h.m = m;
	h.line = 1;
	h.bad = bad;
	h.arg = arg;
	for (int c = 0; c < HC_COUNT; c++)
		h.col_of[c] = -1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL) != 0)
		fatal("libcsv: cannot start a parser");
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		q += 3;
	while (q < end && !h.failed) {
		nl = memchr(q, '\n', (size_t)(end - q));
		nl = nl != NULL ? nl + 1 : end;
		if (csv_parse(&p, q, (size_t)(nl - q), hcsv_field, hcsv_row,
		    &h) != (size_t)(nl - q)) {
			ret = cb_fail(err, CB_ERR, "line %zu: %s", h.line,
			    csv_strerror(csv_error(&p)));
			break;
		}
		h.line++;
		q = nl;
	}
	if (ret == CB_OK && !h.failed &&
	    csv_fini(&p, hcsv_field, hcsv_row, &h) != 0)
		ret = cb_fail(err, CB_ERR, "line %zu: a quoted CSV field is not "
		    "closed before the end", h.row_line);
	csv_free(&p);
	for (int k = 0; k < HC_COUNT; k++)
		free(h.cell[k]);
	if (ret == CB_OK && h.failed)
		ret = cb_fail(err, CB_ERR, "%s", h.why);
	if (ret == CB_OK && !h.header_done)
		ret = cb_fail(err, CB_ERR, "an empty CSV file (no header line)");
	if (ret != CB_OK)
		cb_host_map_free(m);
	else
		cb_host_map_sort(m);
	return ret;
}
