/* The three-way merge of an incident's folder (core/merge.h). */
#include "config.h"

#include <libintl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout.h"
#include "core/merge.h"

#define _(s) gettext(s)

#define TRAILER_VALUE_MAX 60

/* What one merge call carries along. */
struct ctx {
	const char *file;
	const struct cb_merge_side *os, *ts;
	struct cb_merge *out;
};

static const struct cb_merge_side nobody = { "", "" };

/* --- paths ------------------------------------------------------------ */

enum cb_merge_kind
cb_merge_path_kind(const char *path)
{
	struct cb_path p;
	char *dir;
	size_t n;
	bool structured;

	if (!cb_layout_parse(path, &p))
		return CB_MERGE_OUTSIDE;
	switch (p.kind) {
	case CB_PATH_NOTE:
	case CB_PATH_EVIDENCE:
	case CB_PATH_EVIDENCE_META:
		return CB_MERGE_UNION;
	case CB_PATH_INCIDENT:
	case CB_PATH_CHECKLIST:
		return CB_MERGE_STRUCTURED;
	case CB_PATH_LINKS:	/* rewritten whole by the mirror's runner */
	case CB_PATH_UNKNOWN:
		break;
	}
	/* conflicts.json directly in the folder, not in a subfolder. */
	dir = cb_layout_dir(p.id);
	n = strlen(dir);
	structured = strncmp(path, dir, n) == 0 && path[n] == '/' &&
	    strcmp(path + n + 1, CB_MERGE_CONFLICTS) == 0;
	free(dir);
	if (structured)
		return CB_MERGE_STRUCTURED;
	return CB_MERGE_WHOLE;
}

/* --- values ----------------------------------------------------------- */

static bool
same(const json_t *a, const json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return json_equal(a, b);
}

/* Compact, sorted, ASCII: the bytes a tie is broken on; "" for NULL. */
static char *
canon(const json_t *v)
{
	char *s;

	if (v == NULL)
		return xstrdup("");
	s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
	    JSON_ENSURE_ASCII);
	if (s == NULL)
		fatal("cb_merge: cannot encode a value");
	return s;
}

static const char *
text_or(const json_t *o, const char *key, const char *dflt)
{
	const char *s = json_is_object(o) ?
	    json_string_value(json_object_get(o, key)) : NULL;

	return s != NULL ? s : dflt;
}

/* Who decided a value and when: the value's own time (atkey, else
 * atkey2) and "by" if it has them, else its side's commit's. */
static void
decided(const json_t *v, const char *atkey, const char *atkey2,
    const struct cb_merge_side *side, const char **by, const char **at)
{
	*at = side->at;
	*by = side->who;
	if (v == NULL || atkey == NULL)
		return;
	*at = text_or(v, atkey, atkey2 != NULL ? text_or(v, atkey2, side->at) :
	    side->at);
	*by = text_or(v, "by", side->who);
}

/* True when theirs wins: the later time, then the greater author, then
 * the greater bytes.  Symmetric, so the order of the sides never
 * matters. */
static bool
theirs_wins(const char *oat, const char *oby, const json_t *o,
    const char *tat, const char *tby, const json_t *t)
{
	char *co, *ct;
	int c;

	if ((c = strcmp(tat, oat)) != 0)
		return c > 0;
	if ((c = strcmp(tby, oby)) != 0)
		return c > 0;
	co = canon(o);
	ct = canon(t);
	c = strcmp(ct, co);
	free(co);
	free(ct);
	return c > 0;
}

static void
value_set(struct cb_merge_value *mv, const json_t *v, const char *by,
    const char *at)
{
	mv->value = v != NULL ? json_deep_copy(v) : NULL;
	mv->by = xstrdup(by);
	mv->at = xstrdup(at);
}

/*
 * One field or item, three ways.  Returns a new reference, or NULL when
 * the merged value is "absent".  atkey/atkey2 name the value's own time
 * (answers' "at", suggestions' "acted_at" then "at"); NULL for fields,
 * decided by commit time.
 */
static json_t *
merge_value(struct ctx *c, const char *item, const json_t *b,
    const json_t *o, const json_t *t, const char *atkey, const char *atkey2)
{
	const char *oby, *oat, *tby, *tat;
	struct cb_merge_conflict *k;
	bool theirs;

	if (same(o, t) || same(t, b))
		return o != NULL ? json_deep_copy(o) : NULL;
	if (same(o, b)) {
		c->out->taken++;
		return t != NULL ? json_deep_copy(t) : NULL;
	}
	decided(o, atkey, atkey2, c->os, &oby, &oat);
	decided(t, atkey, atkey2, c->ts, &tby, &tat);
	theirs = theirs_wins(oat, oby, o, tat, tby, t);
	c->out->conflicts = xrealloc(c->out->conflicts,
	    (c->out->nconflicts + 1) * sizeof(*c->out->conflicts));
	k = &c->out->conflicts[c->out->nconflicts++];
	k->file = xstrdup(c->file);
	k->item = xstrdup(item);
	if (theirs) {
		value_set(&k->kept, t, tby, tat);
		value_set(&k->other, o, oby, oat);
		c->out->taken++;
		return t != NULL ? json_deep_copy(t) : NULL;
	}
	value_set(&k->kept, o, oby, oat);
	value_set(&k->other, t, tby, tat);
	return o != NULL ? json_deep_copy(o) : NULL;
}

/* --- sets --------------------------------------------------------------- */

static bool
array_has(const json_t *a, const json_t *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_equal(x, v))
			return true;
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A set member and its bytes, to sort by. */
struct member {
	char *key;
	json_t *v;
};

static int
cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->key,
	    ((const struct member *)b)->key);
}

/*
 * A set, three ways: what both kept, and what either added; what one
 * side removed stays removed.  The base's survivors keep its order and
 * the additions follow sorted, so that both orders of the sides agree.
 */
static json_t *
merge_set(const json_t *b, const json_t *o, const json_t *t)
{
	json_t *out = json_array(), *x, *added = json_array();
	const json_t *side[2] = { o, t };
	struct member *m;
	size_t i, n;

	json_array_foreach(b, i, x)
		if (array_has(o, x) && array_has(t, x) && !array_has(out, x))
			json_array_append_new(out, json_deep_copy(x));
	for (int s = 0; s < 2; s++)
		json_array_foreach(side[s], i, x)
			if (!array_has(b, x) && !array_has(added, x))
				json_array_append(added, x);
	n = json_array_size(added);
	m = xcalloc(n + 1, sizeof(*m));
	json_array_foreach(added, i, x) {
		m[i].key = canon(x);
		m[i].v = x;
	}
	qsort(m, n, sizeof(*m), cmp_member);
	for (i = 0; i < n; i++) {
		json_array_append_new(out, json_deep_copy(m[i].v));
		free(m[i].key);
	}
	free(m);
	json_decref(added);
	return out;
}

/* --- objects ------------------------------------------------------------ */

/* The keys of up to three objects, sorted, without repeats. */
static size_t
keys_of(const json_t *const objs[3], const char ***out)
{
	const char **v = NULL, *key;
	size_t n = 0, j;
	json_t *x;

	for (int i = 0; i < 3; i++) {
		if (!json_is_object(objs[i]))
			continue;
		json_object_foreach((json_t *)(uintptr_t)objs[i], key, x) {
			for (j = 0; j < n && strcmp(v[j], key) != 0; j++)
				;
			if (j == n) {
				v = xrealloc(v, (n + 1) * sizeof(*v));
				v[n++] = key;
			}
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static json_t *
get(const json_t *o, const char *key)
{
	return json_is_object(o) ? json_object_get(o, key) : NULL;
}

static void
put(json_t *o, const char *key, json_t *v)
{
	if (v != NULL)
		json_object_set_new(o, key, v);
}

/* Each member of three objects as one item, named prefix/key. */
static json_t *
merge_items(struct ctx *c, const char *prefix, const json_t *b,
    const json_t *o, const json_t *t, const char *atkey, const char *atkey2)
{
	const json_t *objs[3] = { b, o, t };
	json_t *out = json_object();
	const char **keys;
	size_t n = keys_of(objs, &keys);

	for (size_t i = 0; i < n; i++) {
		char *item = xasprintf("%s/%s", prefix, keys[i]);

		put(out, keys[i], merge_value(c, item, get(b, keys[i]),
		    get(o, keys[i]), get(t, keys[i]), atkey, atkey2));
		free(item);
	}
	free(keys);
	return out;
}

static void
start(struct cb_merge *out, struct ctx *c, const char *file,
    const struct cb_merge_side *os, const struct cb_merge_side *ts)
{
	memset(out, 0, sizeof(*out));
	c->file = file;
	c->os = os != NULL ? os : &nobody;
	c->ts = ts != NULL ? ts : &nobody;
	c->out = out;
}

static enum cb_status
check_sides(const char *file, const json_t *o, const json_t *t,
    struct cb_error *err)
{
	if (!json_is_object(o) || !json_is_object(t))
		return cb_fail(err, CB_ERR, _("%s: not a JSON object on one "
		    "side of the merge"), file);
	return CB_OK;
}

/* --- incident.json ------------------------------------------------------ */

static bool
is_set_field(const char *key)
{
	return strcmp(key, "classes") == 0 || strcmp(key, "hosts") == 0 ||
	    strcmp(key, "assignees") == 0;
}

enum cb_status
cb_merge_incident(const json_t *base, const json_t *ours,
    const json_t *theirs, const struct cb_merge_side *os,
    const struct cb_merge_side *ts, struct cb_merge *out,
    struct cb_error *err)
{
	const json_t *objs[3] = { base, ours, theirs };
	const json_t *b, *o, *t;
	const char **keys;
	struct ctx c;
	size_t n;
	enum cb_status st;

	start(out, &c, CB_LAYOUT_INCIDENT, os, ts);
	if ((st = check_sides(CB_LAYOUT_INCIDENT, ours, theirs, err)) != CB_OK)
		return st;
	o = json_object_get(ours, "id");
	t = json_object_get(theirs, "id");
	if (!json_is_string(o) || !same(o, t))
		return cb_fail(err, CB_ERR, _("%s: the two sides are not the "
		    "same incident"), CB_LAYOUT_INCIDENT);
	out->result = json_object();
	n = keys_of(objs, &keys);
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		json_t *v;

		b = get(base, key);
		o = get(ours, key);
		t = get(theirs, key);
		if (strcmp(key, "updated") == 0 && json_is_string(o) &&
		    json_is_string(t)) {
			v = json_deep_copy(strcmp(json_string_value(t),
			    json_string_value(o)) > 0 ? t : o);
		} else if (is_set_field(key) && json_is_array(o) &&
		    json_is_array(t) && (b == NULL || json_is_array(b))) {
			v = merge_set(b, o, t);
			/* An incident needs a class: when each side removed
			 * the other's, the set is empty; decide whole. */
			if (json_array_size(v) == 0 && strcmp(key, "classes")
			    == 0 && (json_array_size(o) || json_array_size(t))) {
				json_decref(v);
				v = merge_value(&c, key, b, o, t, NULL, NULL);
			} else if (!same(v, o)) {
				out->taken++;
			}
		} else {
			v = merge_value(&c, key, b, o, t, NULL, NULL);
		}
		put(out->result, key, v);
	}
	free(keys);
	return CB_OK;
}

/* --- checklist.json ----------------------------------------------------- */

/* Suggestions as an object by key; NULL unless every one is an object
 * with a string key and no key repeats. */
static json_t *
by_key(const json_t *a)
{
	json_t *o, *s;
	size_t i;
	const char *key;

	if (a == NULL)
		return json_object();
	if (!json_is_array(a))
		return NULL;
	o = json_object();
	json_array_foreach(a, i, s) {
		key = text_or(s, "key", NULL);
		if (!json_is_object(s) || key == NULL ||
		    json_object_get(o, key) != NULL) {
			json_decref(o);
			return NULL;
		}
		json_object_set(o, key, s);
	}
	return o;
}

/* Back to a list: the base's order, then the new keys sorted. */
static json_t *
as_list(json_t *merged, const json_t *base)
{
	json_t *out = json_array(), *s;
	const json_t *objs[3] = { merged, NULL, NULL };
	const char **keys;
	size_t i, n;

	json_array_foreach(base, i, s) {
		json_t *m = json_object_get(merged, text_or(s, "key", ""));

		if (m != NULL)
			json_array_append(out, m);
	}
	n = keys_of(objs, &keys);
	for (i = 0; i < n; i++) {
		bool known = false;
		size_t j;

		json_array_foreach(base, j, s)
			known = known || strcmp(text_or(s, "key", ""),
			    keys[i]) == 0;
		if (!known)
			json_array_append(out, json_object_get(merged,
			    keys[i]));
	}
	free(keys);
	json_decref(merged);
	return out;
}

static json_t *
merge_suggestions(struct ctx *c, const json_t *b, const json_t *o,
    const json_t *t)
{
	json_t *kb = by_key(b), *ko = by_key(o), *kt = by_key(t), *v;

	if (kb == NULL || ko == NULL || kt == NULL)
		v = merge_value(c, "suggestions", b, o, t, NULL, NULL);
	else
		v = as_list(merge_items(c, "suggestions", kb, ko, kt,
		    "acted_at", "at"), json_is_array(b) ? b : NULL);
	json_decref(kb);
	json_decref(ko);
	json_decref(kt);
	return v;
}

enum cb_status
cb_merge_checklist(const json_t *base, const json_t *ours,
    const json_t *theirs, const struct cb_merge_side *os,
    const struct cb_merge_side *ts, struct cb_merge *out,
    struct cb_error *err)
{
	const json_t *objs[3] = { base, ours, theirs };
	const char **keys;
	struct ctx c;
	size_t n;
	enum cb_status st;

	start(out, &c, CB_LAYOUT_CHECKLIST, os, ts);
	if ((st = check_sides(CB_LAYOUT_CHECKLIST, ours, theirs, err)) != CB_OK)
		return st;
	out->result = json_object();
	n = keys_of(objs, &keys);
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		const json_t *b = get(base, key), *o = get(ours, key),
		    *t = get(theirs, key);
		json_t *v;

		if (strcmp(key, "answers") == 0 && json_is_object(o) &&
		    json_is_object(t) && (b == NULL || json_is_object(b))) {
			v = merge_items(&c, key, b, o, t, "at", NULL);
		} else if (strcmp(key, "suggestions") == 0) {
			v = merge_suggestions(&c, b, o, t);
		} else if (strcmp(key, "progress") == 0) {
			/* Derived: no conflict, store/ computes it again. */
			const json_t *p;

			if (same(o, t) || same(t, b))
				p = o;
			else if (same(o, b))
				p = t;
			else
				p = theirs_wins(c.os->at, c.os->who, o,
				    c.ts->at, c.ts->who, t) ? t : o;
			v = p != NULL ? json_deep_copy(p) : NULL;
		} else {
			v = merge_value(&c, key, b, o, t, NULL, NULL);
		}
		put(out->result, key, v);
	}
	free(keys);
	return CB_OK;
}

/* --- conflicts.json ----------------------------------------------------- */

enum cb_status
cb_merge_conflicts(const json_t *base, const json_t *ours,
    const json_t *theirs, struct cb_merge *out, struct cb_error *err)
{
	const json_t *objs[3] = { base, ours, theirs };
	const char **keys;
	struct ctx c;
	size_t n;
	enum cb_status st;

	start(out, &c, CB_MERGE_CONFLICTS, NULL, NULL);
	if ((st = check_sides(CB_MERGE_CONFLICTS, ours, theirs, err)) != CB_OK)
		return st;
	out->result = json_object();
	n = keys_of(objs, &keys);
	for (size_t i = 0; i < n; i++) {
		const json_t *b = get(base, keys[i]), *o = get(ours, keys[i]),
		    *t = get(theirs, keys[i]);

		if (strcmp(keys[i], "conflicts") == 0 && json_is_array(o) &&
		    json_is_array(t) && (b == NULL || json_is_array(b)))
			put(out->result, keys[i], merge_set(b, o, t));
		else
			put(out->result, keys[i], merge_value(&c, keys[i], b,
			    o, t, NULL, NULL));
	}
	free(keys);
	return CB_OK;
}

static json_t *
value_json(const struct cb_merge_value *mv)
{
	json_t *o = json_object();

	if (mv->value != NULL)
		json_object_set(o, "value", mv->value);
	json_object_set_new(o, "by", json_string(mv->by));
	json_object_set_new(o, "at", json_string(mv->at));
	return o;
}

json_t *
cb_merge_record(const json_t *merged_conflicts, const struct cb_merge *const *m,
    size_t n, const char *merged_at)
{
	json_t *rec = json_is_object(merged_conflicts) ?
	    json_deep_copy(merged_conflicts) : json_object();
	json_t *list = json_object_get(rec, "conflicts");

	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(rec, "conflicts", list);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m[i]->nconflicts; j++) {
			const struct cb_merge_conflict *k = &m[i]->conflicts[j];
			json_t *e = json_object();

			json_object_set_new(e, "file", json_string(k->file));
			json_object_set_new(e, "item", json_string(k->item));
			json_object_set_new(e, "kept", value_json(&k->kept));
			json_object_set_new(e, "other", value_json(&k->other));
			json_object_set_new(e, "merged_at",
			    json_string(merged_at));
			json_array_append_new(list, e);
		}
	return rec;
}

/* --- trailers ----------------------------------------------------------- */

/* Printable ASCII only, so a trailer is one line whatever the data. */
static void
add_safe(struct cb_buf *b, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max; i++)
		cb_buf_addc(b, (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?');
	if (s[i] != '\0')
		cb_buf_adds(b, "...");
}

static void
add_value(struct cb_buf *b, const struct cb_merge_value *mv)
{
	char *v = mv->value != NULL ? canon(mv->value) : xstrdup("(deleted)");

	add_safe(b, v, TRAILER_VALUE_MAX);
	free(v);
	cb_buf_adds(b, " (");
	add_safe(b, mv->by, TRAILER_VALUE_MAX);
	cb_buf_addc(b, ' ');
	add_safe(b, mv->at, CB_TIME_MAX);
	cb_buf_addc(b, ')');
}

void
cb_merge_trailers(const char *id, const char *file, const struct cb_merge *m,
    struct cb_buf *b)
{
	cb_buf_adds(b, "Casebook-Merged: ");
	add_safe(b, id, CB_ID_MAX);
	cb_buf_addc(b, ' ');
	add_safe(b, file, TRAILER_VALUE_MAX);
	cb_buf_printf(b, " (%zu taken, %zu conflicting)\n", m->taken,
	    m->nconflicts);
	for (size_t i = 0; i < m->nconflicts; i++) {
		const struct cb_merge_conflict *k = &m->conflicts[i];

		cb_buf_adds(b, "Casebook-Conflict: ");
		add_safe(b, id, CB_ID_MAX);
		cb_buf_addc(b, ' ');
		add_safe(b, k->file, TRAILER_VALUE_MAX);
		cb_buf_addc(b, ' ');
		add_safe(b, k->item, TRAILER_VALUE_MAX);
		cb_buf_adds(b, ": kept ");
		add_value(b, &k->kept);
		cb_buf_adds(b, ", other ");
		add_value(b, &k->other);
		cb_buf_addc(b, '\n');
	}
}

/* --- freeing ------------------------------------------------------------ */

static void
value_free(struct cb_merge_value *mv)
{
	json_decref(mv->value);
	free(mv->by);
	free(mv->at);
}

void
cb_merge_free(struct cb_merge *m)
{
	for (size_t i = 0; i < m->nconflicts; i++) {
		free(m->conflicts[i].file);
		free(m->conflicts[i].item);
		value_free(&m->conflicts[i].kept);
		value_free(&m->conflicts[i].other);
	}
	free(m->conflicts);
	json_decref(m->result);
	memset(m, 0, sizeof(*m));
}
