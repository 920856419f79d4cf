/*
 * Report forms (core/report.h): loading with libfyaml, filling from the
 * caller's facts, rendering.  The loader stops at the first problem:
 * forms are few and shipped, unlike playbooks, which people write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libfyaml.h>

#include "core/report.h"
#include "core/yaml.h"
#include "core/sanitize.h"
#include "core/timeline.h"

const char *const cb_stage_names[CB_STAGE_COUNT] = {
	[CB_STAGE_FIRST] = "first",
	[CB_STAGE_UPDATE] = "update",
	[CB_STAGE_FINAL] = "final",
};

static const char *const stage_labels[CB_STAGE_COUNT][2] = {
	[CB_STAGE_FIRST] = { "第一報", "First report" },
	[CB_STAGE_UPDATE] = { "続報", "Update" },
	[CB_STAGE_FINAL] = { "最終報", "Final report" },
};

bool
cb_stage_parse(const char *name, enum cb_report_stage *stage)
{
	for (int s = 0; s < CB_STAGE_COUNT; s++)
		if (strcmp(cb_stage_names[s], name) == 0) {
			*stage = (enum cb_report_stage)s;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- */
/* Loading                                                           */

#define scalar cb_yaml_scalar
#define lookup cb_yaml_lookup

/* A {ja, en} mapping, both non-empty; false otherwise. */
static bool
get_text(struct fy_node *map, const char *key, struct cb_text *t)
{
	struct fy_node *n = lookup(map, key);
	const char *ja, *en;

	if (n == NULL || !fy_node_is_mapping(n))
		return false;
	ja = scalar(lookup(n, "ja"));
	en = scalar(lookup(n, "en"));
	if (ja == NULL || en == NULL || *ja == '\0' || *en == '\0')
		return false;
	t->ja = xstrdup(ja);
	t->en = xstrdup(en);
	return true;
}

static bool
valid_id(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return false;
	return true;
}

static bool
in_graph(const struct cb_graph *g, const char *id)
{
	if (g == NULL)
		return true;
	for (size_t i = 0; i < g->nitems; i++)
		if (strcmp(g->items[i].id, id) == 0)
			return true;
	return false;
}

static void
text_free(struct cb_text *t)
{
	free(t->ja);
	free(t->en);
}

void
cb_report_form_free(struct cb_report_form *form)
{
	for (size_t i = 0; i < form->nfields; i++) {
		struct cb_rf_field *f = &form->fields[i];

		free(f->id);
		text_free(&f->label);
		free(f->key);
		text_free(&f->fixed);
		free(f->filled_by);
	}
	free(form->fields);
	free(form->name);
	text_free(&form->title);
	text_free(&form->notice);
	memset(form, 0, sizeof *form);
}

/* Reads one field; NULL on success, else what is wrong. */
static const char *
read_field(struct fy_node *n, const struct cb_graph *g,
    const struct cb_report_form *form, struct cb_rf_field *f)
{
	static const char *const sources[] = { "item", "field", "moment" };
	struct fy_node *st;
	const char *s;
	int nsrc = 0;

	if (!fy_node_is_mapping(n))
		return "not a mapping";
	s = scalar(lookup(n, "id"));
	if (!valid_id(s))
		return "'id' missing or not [a-z_]+";
	for (size_t i = 0; i < form->nfields; i++)
		if (strcmp(form->fields[i].id, s) == 0)
			return "'id' used twice";
	f->id = xstrdup(s);
	if (!get_text(n, "label", &f->label))
		return "'label' must have non-empty 'ja' and 'en'";
	for (int k = 0; k < 3; k++)
		if ((s = scalar(lookup(n, sources[k]))) != NULL) {
			f->source = (enum cb_rf_source)k;
			free(f->key);	/* two sources: refused below */
			f->key = xstrdup(s);
			nsrc++;
		}
	if ((s = scalar(lookup(n, "stage"))) != NULL) {
		if (strcmp(s, "true") != 0)
			return "'stage' must be true";
		f->source = CB_RF_STAGE;
		nsrc++;
	}
	if (lookup(n, "fixed") != NULL) {
		if (!get_text(n, "fixed", &f->fixed))
			return "'fixed' must have non-empty 'ja' and 'en'";
		f->source = CB_RF_FIXED;
		nsrc++;
	}
	if (nsrc != 1)
		return "needs exactly one of item, field, moment, stage, fixed";
	if (f->source == CB_RF_ITEM) {
		if (!in_graph(g, f->key))
			return "'item' is not an item of graph.yaml";
		f->filled_by = xstrdup(f->key);
	}
	if (f->source == CB_RF_FIELD && !cb_field_known(f->key))
		return "'field' is not an incident field";
	if (f->source == CB_RF_MOMENT &&
	    cb_moment_from_name(f->key) == CB_MOMENT_COUNT)
		return "'moment' is not a timeline moment";
	if ((s = scalar(lookup(n, "filled_by"))) != NULL) {
		if (f->source != CB_RF_FIELD && f->source != CB_RF_MOMENT)
			return "'filled_by' is for field and moment only";
		if (!in_graph(g, s))
			return "'filled_by' is not an item of graph.yaml";
		f->filled_by = xstrdup(s);
	}
	if ((s = scalar(lookup(n, "optional"))) != NULL)
		f->optional = strcmp(s, "true") == 0;
	st = lookup(n, "stages");
	if (st == NULL) {
		for (int k = 0; k < CB_STAGE_COUNT; k++)
			f->stages[k] = true;
	} else {
		void *it = NULL;
		struct fy_node *v;
		enum cb_report_stage stage;

		if (!fy_node_is_sequence(st))
			return "'stages' must be a list";
		while ((v = fy_node_sequence_iterate(st, &it)) != NULL) {
			if ((s = scalar(v)) == NULL || !cb_stage_parse(s, &stage))
				return "'stages' takes first, update, final";
			f->stages[stage] = true;
		}
	}
	return NULL;
}

enum cb_status
cb_report_form_parse(const char *path, const char *buf, size_t len,
    const struct cb_graph *graph, struct cb_report_form *form,
    struct cb_error *err)
{
	struct fy_document *doc = NULL;
	struct fy_node *root, *fields, *n;
	const char *s, *what = NULL;
	void *it = NULL;
	size_t nth = 0;

	memset(form, 0, sizeof *form);
	if ((doc = cb_yaml_build(buf, len, &what)) == NULL)
		goto out;
	if ((root = cb_yaml_root_v1(doc, &what)) == NULL)
		goto out;
	if (!valid_id(s = scalar(lookup(root, "form")))) {
		what = "'form' missing or not [a-z_]+";
		goto out;
	}
	form->name = xstrdup(s);
	if (!get_text(root, "title", &form->title)) {
		what = "'title' must have non-empty 'ja' and 'en'";
		goto out;
	}
	if (lookup(root, "notice") != NULL &&
	    !get_text(root, "notice", &form->notice)) {
		what = "'notice' must have non-empty 'ja' and 'en'";
		goto out;
	}
	fields = lookup(root, "fields");
	if (fields == NULL || !fy_node_is_sequence(fields) ||
	    fy_node_sequence_item_count(fields) < 1) {
		what = "'fields' must be a non-empty list";
		goto out;
	}
	form->fields = xcalloc((size_t)fy_node_sequence_item_count(fields),
	    sizeof *form->fields);
	while ((n = fy_node_sequence_iterate(fields, &it)) != NULL) {
		nth++;
		what = read_field(n, graph, form, &form->fields[form->nfields]);
		form->nfields++;
		if (what != NULL)
			break;
	}
out:
	if (doc != NULL)
		fy_document_destroy(doc);
	if (what == NULL)
		return CB_OK;
	cb_report_form_free(form);
	if (nth > 0)
		return cb_fail(err, CB_ERR, "%s: field %zu: %s", path, nth,
		    what);
	return cb_fail(err, CB_ERR, "%s: %s", path, what);
}

enum cb_status
cb_report_form_load(const char *path, const struct cb_graph *graph,
    struct cb_report_form *form, struct cb_error *err)
{
	struct cb_buf b = { NULL, 0, 0 };
	char chunk[8192];
	size_t got;
	enum cb_status s;
	FILE *fp;

	memset(form, 0, sizeof *form);
	if ((fp = fopen(path, "r")) == NULL)
		return cb_fail(err, CB_ENOTFOUND, "%s: cannot read the "
		    "report form", path);
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		cb_buf_add(&b, chunk, got);
	if (ferror(fp)) {
		fclose(fp);
		cb_buf_free(&b);
		return cb_fail(err, CB_ERR, "%s: cannot read the report form",
		    path);
	}
	fclose(fp);
	s = cb_report_form_parse(path, b.data != NULL ? b.data : "", b.len,
	    graph, form, err);
	cb_buf_free(&b);
	return s;
}

/* ---------------------------------------------------------------- */
/* Filling                                                           */

void
cb_report_fill(const struct cb_report_form *form, enum cb_report_stage stage,
    const char *lang, cb_report_lookup lookup_fn, void *arg,
    struct cb_report *out)
{
	memset(out, 0, sizeof *out);
	out->form = form;
	out->stage = stage;
	out->lang = lang[0] == 'j' ? "ja" : "en";
	out->values = xcalloc(form->nfields ? form->nfields : 1,
	    sizeof *out->values);
	out->missing = xcalloc(form->nfields ? form->nfields : 1,
	    sizeof *out->missing);
	for (size_t i = 0; i < form->nfields; i++) {
		const struct cb_rf_field *f = &form->fields[i];
		struct cb_report_value *v;
		const char *val = NULL;

		if (!f->stages[stage])
			continue;
		v = &out->values[out->nvalues++];
		v->field = f;
		switch (f->source) {
		case CB_RF_STAGE:
			val = stage_labels[stage][out->lang[0] == 'j' ? 0 : 1];
			break;
		case CB_RF_FIXED:
			val = cb_text_in(&f->fixed, out->lang);
			break;
		case CB_RF_ITEM:
		case CB_RF_FIELD:
		case CB_RF_MOMENT:
			val = lookup_fn(f->source, f->key, arg);
			break;
		}
		if (val != NULL && *val != '\0')
			v->value = xstrdup(val);
		else if (!f->optional)
			out->missing[out->nmissing++] = f;
	}
}

void
cb_report_free(struct cb_report *r)
{
	for (size_t i = 0; i < r->nvalues; i++)
		free(r->values[i].value);
	free(r->values);
	free(r->missing);
	memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- */
/* Rendering                                                         */

void
cb_md_escape(struct cb_buf *out, const char *s)
{
	char *clean = cb_sanitize(s, strlen(s), CB_SAN_KEEP_NEWLINE);

	for (const char *p = clean; *p != '\0'; p++) {
		if (strchr("\\`*_{}[]()<>#+-.!|~&", *p) != NULL)
			cb_buf_addc(out, '\\');
		/* A line break inside a value stays inside its paragraph. */
		if (*p == '\n') {
			cb_buf_adds(out, "  \n");
			continue;
		}
		cb_buf_addc(out, *p);
	}
	free(clean);
}

static const char *
missing_word(const char *lang)
{
	return lang[0] == 'j' ? "未記入" : "missing";
}

static const char *
filled_by_word(const char *lang)
{
	return lang[0] == 'j' ? "記入に必要な項目" : "filled by";
}

char *
cb_report_markdown(const struct cb_report *r)
{
	struct cb_buf b = { NULL, 0, 0 };
	const struct cb_report_form *form = r->form;

	cb_buf_adds(&b, "# ");
	cb_md_escape(&b, cb_text_in(&form->title, r->lang));
	cb_buf_adds(&b, "\n\n");
	if (form->notice.en != NULL) {
		cb_buf_adds(&b, "> ");
		cb_md_escape(&b, cb_text_in(&form->notice, r->lang));
		cb_buf_adds(&b, "\n\n");
	}
	for (size_t i = 0; i < r->nvalues; i++) {
		const struct cb_report_value *v = &r->values[i];

		cb_buf_adds(&b, "**");
		cb_md_escape(&b, cb_text_in(&v->field->label, r->lang));
		cb_buf_adds(&b, "**: ");
		if (v->value != NULL)
			cb_md_escape(&b, v->value);
		else if (v->field->optional)
			cb_buf_adds(&b, "-");
		else {
			cb_buf_printf(&b, "*(%s)*", missing_word(r->lang));
		}
		cb_buf_adds(&b, "\n\n");
	}
	if (r->nmissing > 0) {
		cb_buf_printf(&b, "## %s\n\n", r->lang[0] == 'j' ?
		    "未記入の項目" : "Missing");
		for (size_t i = 0; i < r->nmissing; i++) {
			const struct cb_rf_field *f = r->missing[i];

			cb_buf_adds(&b, "- ");
			cb_md_escape(&b, cb_text_in(&f->label, r->lang));
			if (f->filled_by != NULL) {
				cb_buf_printf(&b, " (%s: `",
				    filled_by_word(r->lang));
				cb_buf_adds(&b, f->filled_by);	/* [a-z_] */
				cb_buf_adds(&b, "`)");
			}
			cb_buf_adds(&b, "\n");
		}
	}
	return cb_buf_detach(&b);
}

char *
cb_report_text(const struct cb_report *r)
{
	struct cb_buf b = { NULL, 0, 0 };
	const struct cb_report_form *form = r->form;
	const char *t;

	t = cb_text_in(&form->title, r->lang);
	cb_sanitize_buf(&b, t, strlen(t), 0);
	cb_buf_adds(&b, "\n\n");
	if (form->notice.en != NULL) {
		t = cb_text_in(&form->notice, r->lang);
		cb_sanitize_buf(&b, t, strlen(t), CB_SAN_KEEP_NEWLINE);
		cb_buf_adds(&b, "\n\n");
	}
	for (size_t i = 0; i < r->nvalues; i++) {
		const struct cb_report_value *v = &r->values[i];

		t = cb_text_in(&v->field->label, r->lang);
		cb_sanitize_buf(&b, t, strlen(t), 0);
		cb_buf_adds(&b, ": ");
		if (v->value != NULL)
			cb_sanitize_buf(&b, v->value, strlen(v->value),
			    CB_SAN_KEEP_NEWLINE);
		else if (v->field->optional)
			cb_buf_adds(&b, "-");
		else if (v->field->filled_by != NULL)
			cb_buf_printf(&b, "(%s; %s: %s)", missing_word(r->lang),
			    filled_by_word(r->lang), v->field->filled_by);
		else
			cb_buf_printf(&b, "(%s)", missing_word(r->lang));
		cb_buf_adds(&b, "\n");
	}
	return cb_buf_detach(&b);
}

char *
cb_report_json(const struct cb_report *r)
{
	json_t *o = json_object(), *fields = json_array(),
	    *missing = json_array();
	char *s;

	json_object_set_new(o, "form", json_string(r->form->name));
	json_object_set_new(o, "stage", json_string(cb_stage_names[r->stage]));
	json_object_set_new(o, "lang", json_string(r->lang));
	json_object_set_new(o, "title",
	    json_string(cb_text_in(&r->form->title, r->lang)));
	for (size_t i = 0; i < r->nvalues; i++) {
		const struct cb_report_value *v = &r->values[i];
		json_t *f = json_object();

		json_object_set_new(f, "id", json_string(v->field->id));
		json_object_set_new(f, "label",
		    json_string(cb_text_in(&v->field->label, r->lang)));
		if (v->value != NULL) {
			/* Valid UTF-8 whatever the record held. */
			char *clean = cb_sanitize(v->value, strlen(v->value),
			    CB_SAN_KEEP_NEWLINE | CB_SAN_KEEP_TAB);

			json_object_set_new(f, "value", json_string(clean));
			free(clean);
		} else
			json_object_set_new(f, "value", json_null());
		json_array_append_new(fields, f);
	}
	for (size_t i = 0; i < r->nmissing; i++) {
		const struct cb_rf_field *m = r->missing[i];
		json_t *f = json_object();

		json_object_set_new(f, "id", json_string(m->id));
		json_object_set_new(f, "label",
		    json_string(cb_text_in(&m->label, r->lang)));
		json_object_set_new(f, "item", m->filled_by != NULL ?
		    json_string(m->filled_by) : json_null());
		json_array_append_new(missing, f);
	}
	json_object_set_new(o, "fields", fields);
	json_object_set_new(o, "missing", missing);
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		fatal("out of memory");
	/* jansson's allocator is malloc: the caller's free() fits. */
	return s;
}
