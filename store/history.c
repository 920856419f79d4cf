/*
 * What one commit changed in one incident, as timeline records
 * (core/timeline.h): the creation, a change of phase, answers and
 * waivers.  The index keeps these rows (the history table, index.c) so
 * that a timeline and the statistics' moments are read from SQLite, not
 * from Git, and a reindex makes them again from the record.
 *
 * Below index.c, above record.c and plan.c: it reads the incident's
 * incident.json and checklist.json at the commit and at its first
 * parent and compares them.  A file that is missing or cannot be read
 * counts as empty: damage is index.c's to report, and a history row is
 * never a reason for a sync to fail.
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xmalloc.h"

const char *const cb_history_kind_names[CB_TL_KIND_COUNT] = {
	[CB_TL_CREATED] = "created",
	[CB_TL_FIELD] = "field",
	[CB_TL_ANSWER] = "answer",
	[CB_TL_WAIVER] = "waiver",
	[CB_TL_ALERT] = "alert",
	[CB_TL_WITHDRAWN] = "withdrawn",
};

enum cb_tl_kind
cb_history_kind(const char *name)
{
	for (int k = 0; k < CB_TL_KIND_COUNT; k++)
		if (strcmp(cb_history_kind_names[k], name) == 0)
			return (enum cb_tl_kind)k;
	return CB_TL_KIND_COUNT;
}

/* path's JSON object in tree, or NULL when absent or not an object. */
static json_t *
read_json(struct cb_store *st, git_tree *tree, const char *path)
{
	struct cb_error ignored;
	git_blob *blob;
	json_t *o;

	if (tree == NULL ||
	    cb_record_read(st, tree, path, &blob, &ignored) != CB_OK)
		return NULL;
	o = json_loadb(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), 0, NULL);
	git_blob_free(blob);
	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void
add(struct cb_history_delta *d, enum cb_tl_kind kind, const char *key,
    const char *value)
{
	struct cb_history_rec *r;

	d->recs = xrealloc(d->recs, (d->n + 1) * sizeof *d->recs);
	r = &d->recs[d->n++];
	r->kind = kind;
	r->key = key != NULL ? xstrdup(key) : NULL;
	r->value = value != NULL ? xstrdup(value) : NULL;
}

static const char *
phase_of(json_t *inc)
{
	const char *p = json_string_value(json_object_get(inc, "phase"));

	return p != NULL ? p : "intake";
}

/* Whether name is the evidence a promote or merge writes (triage.c). */
static bool
alert_evidence(const char *name)
{
	const char *p;

	if (strncmp(name, "alerts-promoted-", 16) == 0)
		p = name + 16;
	else if (strncmp(name, "alerts-merged-", 14) == 0)
		p = name + 14;
	else
		return false;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return strcmp(p, ".jsonl") == 0;
}

/*
 * The alerts that joined the incident in this commit: for each alerts
 * evidence (alerts-promoted-N.jsonl, alerts-merged-N.jsonl) new in now,
 * an ALERT record keyed by its name whose value is the earliest
 * event_time among its lines (the normal form, core/alert.h).
 */
static void
add_alerts(struct cb_store *st, git_tree *now, git_tree *before,
    const char *id, struct cb_history_delta *out)
{
	char *dir = cb_layout_dir(id), *path = xasprintf("%s/%s", dir,
	    CB_LAYOUT_EVIDENCE);
	git_tree_entry *te = NULL;
	git_tree *ev = NULL;

	if (git_tree_entry_bypath(&te, now, path) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&ev, git_tree_owner(now), git_tree_entry_id(te)) < 0)
		goto out;
	for (size_t i = 0; i < git_tree_entrycount(ev); i++) {
		const char *n = git_tree_entry_name(git_tree_entry_byindex(ev, i));
		size_t len = strlen(n);
		char *meta_path, *data_path, *sha;
		const char *name, *line, *end;
		char *first = NULL;
		struct cb_error ignored;
		git_tree_entry *had = NULL;
		git_blob *blob;
		json_t *meta;
		size_t size;

		if (len != 64 + 5 || strcmp(n + 64, ".json") != 0)
			continue;
		meta_path = xasprintf("%s/%s", path, n);
		if (before != NULL &&
		    git_tree_entry_bypath(&had, before, meta_path) == 0) {
			git_tree_entry_free(had);
			free(meta_path);
			continue;
		}
		meta = read_json(st, now, meta_path);
		free(meta_path);
		name = json_string_value(json_object_get(meta, "name"));
		if (name == NULL || !alert_evidence(name)) {
			json_decref(meta);
			continue;
		}
		sha = xstrndup(n, 64);
		data_path = cb_layout_evidence(id, sha);
		free(sha);
		if (cb_record_read(st, now, data_path, &blob, &ignored) != CB_OK) {
			free(data_path);
			json_decref(meta);
			continue;	/* kept outside the record */
		}
		free(data_path);
		line = git_blob_rawcontent(blob);
		size = (size_t)git_blob_rawsize(blob);
		end = line + size;
		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			size_t ll = nl != NULL ? (size_t)(nl - line) :
			    (size_t)(end - line);
			json_t *a = json_loadb(line, ll, 0, NULL);
			const char *t = json_string_value(json_object_get(a,
			    "event_time"));

			/* ISO 8601 in UTC ("...Z") sorts as text. */
			if (t != NULL && (first == NULL || strcmp(t, first) < 0)) {
				free(first);
				first = xstrdup(t);
			}
			json_decref(a);
			line += ll + 1;
		}
		if (first != NULL)
			add(out, CB_TL_ALERT, name, first);
		free(first);
		git_blob_free(blob);
		json_decref(meta);
	}
out:
	git_tree_free(ev);
	git_tree_entry_free(te);
	free(path);
	free(dir);
}

enum cb_status
cb_history_delta(struct cb_store *st, git_commit *c, const char *id,
    struct cb_history_delta *out, struct cb_error *err)
{
	git_commit *parent = NULL;
	git_tree *now = NULL, *before = NULL;
	char *ipath = cb_layout_incident(id), *cpath = cb_layout_checklist(id);
	json_t *inc_a, *inc_b, *cl_a, *cl_b, *ans_a, *ans_b, *e;
	const char *item;

	memset(out, 0, sizeof *out);
	if (git_commit_tree(&now, c) < 0) {
		free(ipath);
		free(cpath);
		return cb_git_error(err, "reading a commit's tree");
	}
	if (git_commit_parentcount(c) > 0 &&
	    git_commit_parent(&parent, c, 0) == 0)
		(void)git_commit_tree(&before, parent);
	inc_a = read_json(st, before, ipath);
	inc_b = read_json(st, now, ipath);
	cl_a = read_json(st, before, cpath);
	cl_b = read_json(st, now, cpath);

	if (inc_a == NULL && inc_b != NULL)
		add(out, CB_TL_CREATED, NULL, NULL);
	if (inc_b != NULL && strcmp(inc_a != NULL ? phase_of(inc_a) : "intake",
	    phase_of(inc_b)) != 0)
		add(out, CB_TL_FIELD, "phase", phase_of(inc_b));
	ans_a = json_object_get(cl_a, "answers");
	ans_b = json_object_get(cl_b, "answers");
	json_object_foreach(ans_b, item, e) {
		json_t *was = json_object_get(ans_a, item);
		const char *v;

		if (was != NULL && json_equal(was, e))
			continue;
		if (json_is_true(json_object_get(e, "waived"))) {
			add(out, CB_TL_WAIVER, item, NULL);
			continue;
		}
		v = json_string_value(json_object_get(e, "value"));
		add(out, CB_TL_ANSWER, item, v != NULL ? v : "");
	}
	json_object_foreach(ans_a, item, e)
		if (json_object_get(ans_b, item) == NULL)
			add(out, CB_TL_WITHDRAWN, item, NULL);
	if (inc_b != NULL)
		add_alerts(st, now, before, id, out);
	json_decref(inc_a);
	json_decref(inc_b);
	json_decref(cl_a);
	json_decref(cl_b);
	git_tree_free(now);
	git_tree_free(before);
	git_commit_free(parent);
	free(ipath);
	free(cpath);
	return CB_OK;
}

void
cb_history_delta_free(struct cb_history_delta *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->recs[i].key);
		free(d->recs[i].value);
	}
	free(d->recs);
	memset(d, 0, sizeof *d);
}
