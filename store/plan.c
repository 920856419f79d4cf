/*
 * What every change's apply function uses, whichever file it is in
 * (change.c, answer.c): the tip's tree, whether an incident may be
 * changed, its incident.json in the plan, an excerpt of data for the
 * commit message.  Below the changes and above the record: it calls
 * record.c and syserr.c only (doc/design.md, Layers).
 */
#include "store/store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/merge.h"
#include "core/sanitize.h"
#include "core/nls.h"

/* A one-line, terminal-safe, bounded rendering of data for a commit message. */
void
cb_add_excerpt(struct cb_buf *b, const char *text, size_t len, size_t max)
{
	size_t end = 0, nl;
	char *clean;

	nl = 0;
	while (nl < len && text[nl] != '\n')
		nl++;
	/* Cut at a character boundary, at most max bytes. */
	while (end < nl) {
		unsigned cp;
		int n = cb_utf8_decode(text + end, nl - end, &cp);

		if (n < 0)
			n = 1;
		if (end + (size_t)n > max)
			break;
		end += (size_t)n;
	}
	clean = cb_sanitize(text, end, 0);
	cb_buf_adds(b, clean);
	if (end < len)
		cb_buf_adds(b, "...");
	free(clean);
}

enum cb_status
cb_tip_tree(git_commit *tip, git_tree **out, struct cb_error *err)
{
	*out = NULL;
	if (tip != NULL && git_commit_tree(out, tip) < 0)
		return cb_git_error(err, "reading the branch tip");
	return CB_OK;
}

enum cb_status
cb_plan_incident(struct cb_store *st, struct cb_commit_plan *plan,
    const struct cb_incident *inc, struct cb_error *err)
{
	char *path = cb_layout_incident(inc->id);
	char *json = cb_incident_to_json(inc);
	enum cb_status s = cb_plan_blob(st, plan, path, json, strlen(json), err);

	free(json);
	free(path);
	return s;
}

/*
 * The record is plain Git: a file pushed by hand may not parse, or may
 * name another incident.  casebook does not write over such an incident
 * (a change is applied to what it read, and it cannot read it); the
 * person who can fix it is the one with git.
 */
enum cb_status
cb_incident_sound(struct cb_store *st, git_tree *root, const char *id,
    struct cb_error *err)
{
	char *path = cb_layout_incident(id);
	struct cb_incident inc;
	struct cb_error why;
	json_error_t jerr;
	git_blob *blob;
	json_t *cl;
	enum cb_status s;
	bool bad = false;

	if ((s = cb_record_read(st, root, path, &blob, err)) != CB_OK) {
		if (s == CB_ENOTFOUND)
			s = cb_fail(err, CB_ENOTFOUND, _("no incident %s"), id);
		goto out;
	}
	if (cb_incident_from_json(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), path, &inc, &why) != CB_OK)
		bad = true;
	else if (strcmp(inc.id, id) != 0) {
		snprintf(why.msg, sizeof why.msg, "%s: its id says %s but its "
		    "folder is %s", path, inc.id, id);
		bad = true;
	}
	cb_incident_free(&inc);
	git_blob_free(blob);
	free(path);
	path = cb_layout_checklist(id);
	if (!bad && (s = cb_record_read(st, root, path, &blob, err)) == CB_OK) {
		cl = json_loadb(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), 0, &jerr);
		if (!json_is_object(cl)) {
			snprintf(why.msg, sizeof why.msg, "%s:%d: not a "
			    "checklist: %s", path, jerr.line, cl == NULL ?
			    jerr.text : "not a JSON object");
			bad = true;
		}
		json_decref(cl);
		git_blob_free(blob);
	} else if (s != CB_ENOTFOUND && s != CB_OK)
		goto out;
	s = bad ? cb_fail(err, CB_ERR, _("%s is damaged in the record (%s); fix "
	    "it with git or revert the commit"), id, why.msg) : CB_OK;
out:
	free(path);
	return s;
}

/*
 * A decision made after a sync's conflict resolves it: the entries of
 * the folder's conflicts.json about field (in incident.json) or about
 * item's answer (in checklist.json) leave the record of conflicts, in
 * the same commit as the decision.
 */
enum cb_status
cb_plan_resolve(struct cb_store *st, git_tree *root,
    struct cb_commit_plan *plan, const char *id, const char *field,
    const char *item, struct cb_error *err)
{
	char *dir = cb_layout_dir(id), *path, *answer = NULL, *text, *full;
	char *inc_file = cb_layout_incident(id), *cl_file;
	git_blob *blob;
	json_t *rec, *list, *keep, *e;
	enum cb_status s;
	size_t i;

	path = xasprintf("%s/%s", dir, CB_MERGE_CONFLICTS);
	cl_file = cb_layout_checklist(id);
	free(dir);
	s = cb_record_read(st, root, path, &blob, err);
	if (s != CB_OK) {
		free(path);
		free(inc_file);
		free(cl_file);
		return s == CB_ENOTFOUND ? CB_OK : s;
	}
	rec = json_loadb(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), 0, NULL);
	git_blob_free(blob);
	list = json_object_get(rec, "conflicts");
	if (!json_is_array(list)) {
		json_decref(rec);
		free(path);
		free(inc_file);
		free(cl_file);
		return CB_OK;	/* not casebook's: left as it is */
	}
	if (item != NULL)
		answer = xasprintf("answers/%s", item);
	keep = json_array();
	json_array_foreach(list, i, e) {
		const char *f = json_string_value(json_object_get(e, "file"));
		const char *it = json_string_value(json_object_get(e, "item"));
		const char *base = strrchr(inc_file, '/');
		const char *cbase = strrchr(cl_file, '/');
		bool gone = f != NULL && it != NULL &&
		    ((field != NULL && strcmp(f, base + 1) == 0 &&
		    strcmp(it, field) == 0) ||
		    (answer != NULL && strcmp(f, cbase + 1) == 0 &&
		    strcmp(it, answer) == 0));

		if (!gone)
			json_array_append(keep, e);
	}
	if (json_array_size(keep) != json_array_size(list)) {
		json_object_set(rec, "conflicts", keep);
		text = json_dumps(rec, JSON_INDENT(2) | JSON_SORT_KEYS);
		full = xasprintf("%s\n", text != NULL ? text : "{}");
		s = cb_plan_blob(st, plan, path, full, strlen(full), err);
		free(text);
		free(full);
	}
	json_decref(keep);
	json_decref(rec);
	free(answer);
	free(path);
	free(inc_file);
	free(cl_file);
	return s;
}
