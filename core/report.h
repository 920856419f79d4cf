/*
 * Report forms as data (playbooks/reports/FORM.yaml): each field of a form
 * takes its value from a checklist item, an incident field, a timeline
 * moment, the report's stage or fixed text, with labels in Japanese and
 * English.  Pure: the caller supplies the incident's facts through a
 * lookup callback; a field the facts cannot fill is listed as missing
 * with the checklist item that would fill it, never guessed.
 *
 * The file format (one mapping):
 *
 *   version: 1
 *   form: mext                      # equals the file name
 *   title: {ja: ..., en: ...}
 *   notice: {ja: ..., en: ...}      # optional: shown above the fields
 *   fields:
 *     - id: cause                   # [a-z_]+, unique in the form
 *       label: {ja: 原因, en: Cause}
 *       item: root_cause            # one of item, field, moment,
 *                                   #   stage: true, fixed: {ja, en}
 *       filled_by: urgency          # field and moment only: the item
 *                                   #   whose answer would fill it
 *       stages: [final]             # optional: only in these stages
 *       optional: true              # optional: blank is not missing
 */
#ifndef CB_REPORT_H
#define CB_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/playbook.h"

enum cb_report_stage {
	CB_STAGE_FIRST,		/* 第一報 */
	CB_STAGE_UPDATE,	/* 続報 */
	CB_STAGE_FINAL,		/* 最終報 */
	CB_STAGE_COUNT
};
/* "first", "update", "final". */
extern const char *const cb_stage_names[CB_STAGE_COUNT];
bool cb_stage_parse(const char *name, enum cb_report_stage *stage);

enum cb_rf_source {
	CB_RF_ITEM,	/* key: a checklist item id */
	CB_RF_FIELD,	/* key: an incident field (cb_field_names) */
	CB_RF_MOMENT,	/* key: a cb_moment_names entry */
	CB_RF_STAGE,	/* the stage, labelled */
	CB_RF_FIXED	/* fixed text */
};

struct cb_rf_field {
	char *id;
	struct cb_text label;
	enum cb_rf_source source;
	char *key;		/* ITEM, FIELD, MOMENT */
	struct cb_text fixed;	/* FIXED */
	char *filled_by;	/* the item that fills it, or NULL */
	bool stages[CB_STAGE_COUNT];
	bool optional;
};

struct cb_report_form {
	char *name;
	struct cb_text title, notice;	/* notice's texts may be NULL */
	struct cb_rf_field *fields;
	size_t nfields;
};

/*
 * Reads the form in the len bytes of buf; path names it in messages.
 * graph (may be NULL) checks every item named.  On CB_ERR err says
 * "PATH: field N: what is wrong" for the first problem and form is
 * left empty; free a loaded form with cb_report_form_free.
 */
enum cb_status cb_report_form_parse(const char *path, const char *buf,
    size_t len, const struct cb_graph *graph, struct cb_report_form *form,
    struct cb_error *err);
/* As cb_report_form_parse, reading the file at path. */
enum cb_status cb_report_form_load(const char *path,
    const struct cb_graph *graph, struct cb_report_form *form,
    struct cb_error *err);
void cb_report_form_free(struct cb_report_form *form);

/*
 * The facts of one incident: the value of an item, field or moment
 * (already as text: a moment's time formatted by the caller), or NULL
 * when the record does not know it.  An empty string counts as unknown.
 * The returned string is borrowed until the next call.
 */
typedef const char *(*cb_report_lookup)(enum cb_rf_source source,
    const char *key, void *arg);

struct cb_report_value {
	const struct cb_rf_field *field;
	char *value;		/* NULL: missing (or optional and blank) */
};

struct cb_report {
	const struct cb_report_form *form;
	enum cb_report_stage stage;
	const char *lang;		/* "ja" or "en" */
	struct cb_report_value *values;	/* the fields of the stage, in
					   form order; values owned */
	size_t nvalues;
	const struct cb_rf_field **missing;	/* required and unknown */
	size_t nmissing;
};

/*
 * Fills form for stage in lang from the facts lookup gives.  Allocates
 * out's arrays and copies of the values; free with cb_report_free.
 */
void cb_report_fill(const struct cb_report_form *form,
    enum cb_report_stage stage, const char *lang, cb_report_lookup lookup,
    void *arg, struct cb_report *out);
void cb_report_free(struct cb_report *r);

/*
 * Renders r; each returns a newly allocated string the caller frees.
 * Markdown escapes every character Markdown gives a meaning to in text
 * from data (values, and labels, which are data too), and makes control
 * characters visible (core/sanitize.h), so a title cannot add a heading,
 * a link or raw HTML.  Plain text is for pasting into a web form or a
 * mail: values as they are, control characters made visible.  JSON
 * holds form, stage, lang, fields (id, label, value or null) and
 * missing (id, label, item).  Missing fields say so in the language of
 * the report, with the item that would fill them.
 */
char *cb_report_markdown(const struct cb_report *r);
char *cb_report_text(const struct cb_report *r);
char *cb_report_json(const struct cb_report *r);

/* Appends s to out with Markdown's special characters escaped. */
void cb_md_escape(struct cb_buf *out, const char *s);

#endif
