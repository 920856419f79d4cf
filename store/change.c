/*
 * The changes casebook makes to the record, each written as a function of
 * the branch tip so that cb_record_commit can apply it again on a newer
 * tip when another writer got there first.  Field changes are re-applied
 * field by field; only a change of the same field is a conflict.  Notes
 * and attachments are new files and never conflict.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sanitize.h"
#include "core/sha256.h"
#include "core/nls.h"

static bool
tree_has(git_tree *tree, const char *path)
{
	git_tree_entry *e;

	if (tree == NULL || git_tree_entry_bypath(&e, tree, path) < 0)
		return false;
	git_tree_entry_free(e);
	return true;
}

/* The largest number among a tree's entry names (-1 when none parse). */
static long
max_name(git_tree *tree, bool is_id)
{
	long best = -1;

	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const char *name = git_tree_entry_name(
		    git_tree_entry_byindex(tree, i));
		int year, num;
		char *end;
		long v;

		if (is_id) {
			if (!cb_id_parse(name, &year, &num))
				continue;
			v = num;
		} else {
			v = strtol(name, &end, 10);
			if (*end != '\0' || end == name)
				continue;
		}
		if (v > best)
			best = v;
	}
	return best;
}

/* --- create ------------------------------------------------------------------ */

struct create_arg {
	const struct cb_incident *proto;
	const char *const *given;	/* mirrored fields to answer */
	char id[CB_ID_MAX];
};

/*
 * The next number of the year: one more than the largest id in the
 * year's largest hundreds folder.  Two tree reads, whatever the size of
 * the record; a concurrent create makes the branch move, and the retry
 * sees its id.
 */
static enum cb_status
next_id(struct cb_store *st, git_tree *root, int year, char id[CB_ID_MAX],
    struct cb_error *err)
{
	char *path = cb_layout_year(year), name[24];
	git_tree_entry *e;
	const git_tree_entry *he;
	git_tree *yt = NULL, *ht = NULL;
	long hundreds, num = 0;
	enum cb_status s = CB_OK;

	if (root == NULL || git_tree_entry_bypath(&e, root, path) < 0)
		goto done;
	if (git_tree_lookup(&yt, st->repo, git_tree_entry_id(e)) < 0)
		s = cb_git_error(err, path);
	git_tree_entry_free(e);
	if (s != CB_OK || (hundreds = max_name(yt, false)) < 0)
		goto done;
	cb_layout_hundreds(hundreds, name);
	he = git_tree_entry_byname(yt, name);
	if (he == NULL || git_tree_lookup(&ht, st->repo,
	    git_tree_entry_id(he)) < 0) {
		s = cb_git_error(err, "reading the year's incidents");
		goto done;
	}
	num = max_name(ht, true);
	if (num < 0)
		num = hundreds * 100;
done:
	git_tree_free(ht);
	git_tree_free(yt);
	free(path);
	cb_id_format(id, year, (int)(num + 1));
	return s;
}

static enum cb_status
apply_create(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct create_arg *a = arg;
	struct cb_incident inc;
	git_tree *root;
	time_t now = cb_now();
	struct tm tm;
	enum cb_status s;

	(void)base_tip;
	if ((s = cb_tip_tree(tip, &root, err)) != CB_OK)
		return s;
	localtime_r(&now, &tm);
	s = next_id(st, root, tm.tm_year + 1900, a->id, err);
	git_tree_free(root);
	if (s != CB_OK)
		return s;

	cb_incident_copy(&inc, a->proto);
	memcpy(inc.id, a->id, sizeof inc.id);
	cb_time_format(now, inc.created);
	memcpy(inc.updated, inc.created, sizeof inc.updated);
	if ((s = cb_incident_validate(&inc, err)) != CB_OK) {
		cb_incident_free(&inc);
		return s;
	}
	s = cb_plan_incident(st, plan, &inc, err);
	if (s == CB_OK)
		s = cb_checklist_after_change(st, NULL, &inc, a->given, plan,
		    err);
	cb_buf_printf(&plan->message, "%s: new incident: ", inc.id);
	cb_add_excerpt(&plan->message, inc.title, strlen(inc.title), 200);
	plan->incident = a->id;
	plan->action = "create";
	cb_incident_free(&inc);
	return s;
}

/* A field of inc that is not what a fresh incident has. */
static bool
not_default(const struct cb_incident *inc, const char *field)
{
	struct cb_incident fresh;
	char *a, *b;
	bool differs;

	cb_incident_init(&fresh);
	a = cb_incident_get(inc, field);
	b = cb_incident_get(&fresh, field);
	differs = strcmp(a, b) != 0;
	free(a);
	free(b);
	cb_incident_free(&fresh);
	return differs;
}

enum cb_status
cb_store_create_given(struct cb_store *st, const struct cb_incident *proto,
    const char *const *given, char id_out[CB_ID_MAX], struct cb_error *err)
{
	struct create_arg a = { NULL, NULL, "" };
	const char *facts[16];
	struct cb_incident inc;
	size_t n = 0;
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	/*
	 * Each mirrored field given is the creator's answer: their role
	 * must allow the item, and the field holds the value as the item
	 * normalises it.
	 */
	cb_incident_copy(&inc, proto);
	for (size_t i = 0; cb_field_names[i] != NULL && s == CB_OK; i++) {
		const char *f = cb_field_names[i];
		const struct cb_item *item;
		bool named = false;
		char *value, *norm;

		for (size_t k = 0; given != NULL && given[k] != NULL; k++)
			named = named || strcmp(given[k], f) == 0;
		if (given != NULL ? !named : !not_default(proto, f))
			continue;
		value = cb_incident_get(proto, f);
		s = cb_field_fact(st, f, value, &item, &norm, err);
		if (s == CB_OK && item != NULL) {
			s = cb_incident_set(&inc, f, norm, err);
			if (n + 1 < sizeof facts / sizeof facts[0])
				facts[n++] = f;
		}
		free(norm);
		free(value);
	}
	facts[n] = NULL;
	a.proto = &inc;
	a.given = facts;
	if (s == CB_OK)
		s = cb_record_commit(st, apply_create, &a, &commit, err);
	cb_incident_free(&inc);
	if (s == CB_OK) {
		memcpy(id_out, a.id, CB_ID_MAX);
		cb_index_after_commit(st);
	}
	return s;
}

enum cb_status
cb_store_create(struct cb_store *st, const struct cb_incident *proto,
    char id_out[CB_ID_MAX], struct cb_error *err)
{
	return cb_store_create_given(st, proto, NULL, id_out, err);
}

/* --- set ------------------------------------------------------------------- */

struct set_arg {
	const char *id;
	const char *field;
	const char *value;
	char *base;		/* the value the change started from */
	const struct cb_item *item;	/* the item mirroring the field */
	bool changed;
};

static enum cb_status
apply_set(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct set_arg *a = arg;
	struct cb_incident inc;
	git_tree *root;
	char *now_value = NULL, *new_value = NULL;
	enum cb_status s;

	if ((s = cb_tip_tree(tip, &root, err)) != CB_OK)
		return s;
	if (root == NULL)
		return cb_fail(err, CB_ENOTFOUND, _("no incident %s"), a->id);
	if ((s = cb_incident_sound(st, root, a->id, err)) != CB_OK ||
	    (s = cb_record_incident(st, root, a->id, &inc, err)) != CB_OK) {
		git_tree_free(root);
		return s;
	}

	now_value = cb_incident_get(&inc, a->field);
	if (a->base == NULL)
		a->base = xstrdup(now_value);
	if ((s = cb_incident_set(&inc, a->field, a->value, err)) != CB_OK)
		goto out;
	new_value = cb_incident_get(&inc, a->field);
	if (strcmp(now_value, new_value) == 0) {
		plan->nothing = true;	/* already so, whoever did it */
		goto out;
	}
	if (strcmp(now_value, a->base) != 0) {
		char who[600];

		cb_record_last_author(st, git_commit_id(tip),
		    git_oid_equal(git_commit_id(tip), base_tip) ? NULL : base_tip,
		    a->id, who, sizeof who);
		s = cb_fail(err, CB_ECONFLICT, _("%s: conflict on field '%s': %s "
		    "changed it to '%s' while you were changing it from '%s' to "
		    "'%s'; nothing was written"), a->id, a->field, who, now_value,
		    a->base, new_value);
		goto out;
	}
	cb_time_format(cb_now(), inc.updated);
	s = cb_plan_incident(st, plan, &inc, err);
	if (s == CB_OK && (a->item != NULL || strcmp(a->field, "phase") == 0 ||
	    strcmp(a->field, "classes") == 0)) {
		const char *const fields[] = { a->field, NULL };

		s = cb_checklist_after_change(st, root, &inc, fields, plan,
		    err);
	}
	cb_buf_printf(&plan->message, "%s: %s: ", a->id, a->field);
	cb_add_excerpt(&plan->message, now_value[0] ? now_value : "(none)",
	    strlen(now_value[0] ? now_value : "(none)"), 80);
	cb_buf_adds(&plan->message, " -> ");
	cb_add_excerpt(&plan->message, new_value[0] ? new_value : "(none)",
	    strlen(new_value[0] ? new_value : "(none)"), 120);
	plan->incident = a->id;
	plan->action = "set";
	plan->item = a->item != NULL ? a->item->id : NULL;
	a->changed = true;
out:
	free(now_value);
	free(new_value);
	cb_incident_free(&inc);
	git_tree_free(root);
	return s;
}

enum cb_status
cb_store_set(struct cb_store *st, const char *id, const char *field,
    const char *value, const char *base, bool *changed, struct cb_error *err)
{
	struct set_arg a = { id, field, value, NULL, NULL, false };
	git_oid commit;
	char *norm = NULL;
	enum cb_status s;

	/* Every return says whether it changed anything, errors too. */
	if (changed != NULL)
		*changed = false;
	if (!cb_field_known(field))
		return cb_incident_set(NULL, field, value, err);
	/* A field an item mirrors is that item's answer: its rules apply. */
	if ((s = cb_store_may_set(st, field, err)) != CB_OK ||
	    (s = cb_field_fact(st, field, value, &a.item, &norm, err)) !=
	    CB_OK) {
		free(norm);
		return s;
	}
	if (norm != NULL)
		a.value = norm;
	a.base = base ? xstrdup(base) : NULL;
	s = cb_record_commit(st, apply_set, &a, &commit, err);
	free(a.base);
	free(norm);
	if (changed != NULL)
		*changed = s == CB_OK && a.changed;
	if (s == CB_OK && a.changed)
		cb_index_after_commit(st);
	return s;
}

/* --- notes ------------------------------------------------------------------ */

struct note_arg {
	const char *id;
	const char *text;
	size_t len;
};

/* Logins go into file names: keep them to a safe alphabet. */
static void
safe_login(const char *login, char *out, size_t outlen)
{
	size_t j = 0;

	for (size_t i = 0; login[i] != '\0' && j + 1 < outlen; i++) {
		char c = login[i];

		out[j++] = (char)((c >= 'a' && c <= 'z') || (c >= 'A' &&
		    c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '_' || c == '-' ? c : '_');
	}
	if (j == 0)
		out[j++] = '_';
	out[j] = '\0';
}

static enum cb_status
apply_note(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct note_arg *a = arg;
	struct cb_identity who;
	struct timespec ts;
	char login[64], *name = NULL, *path = NULL;
	git_tree *root;
	enum cb_status s;

	(void)base_tip;
	if ((s = cb_tip_tree(tip, &root, err)) != CB_OK)
		return s;
	if ((s = cb_incident_sound(st, root, a->id, err)) != CB_OK ||
	    (s = cb_store_identity(st, &who, err)) != CB_OK) {
		git_tree_free(root);
		return s;
	}
	safe_login(who.login, login, sizeof login);
	clock_gettime(CLOCK_REALTIME, &ts);
	if (cb_clock_fixed()) {
		ts.tv_sec = cb_now();
		ts.tv_nsec = 0;
	}
	/*
	 * Named by time and author, so two writers never pick the same file;
	 * the same author twice in one microsecond (or under a fixed test
	 * clock) moves on by a microsecond, keeping names in time order.
	 * Filed by month and hash (core/layout.c says why).
	 */
	for (long long us = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	    ; us++) {
		free(name);
		name = cb_layout_note_name(us, login);
		free(path);
		path = cb_layout_note(a->id, name, (time_t)(us / 1000000));
		if (!tree_has(root, path))
			break;
	}
	git_tree_free(root);
	s = cb_plan_blob(st, plan, path, a->text, a->len, err);
	cb_buf_printf(&plan->message, "%s: note: ", a->id);
	cb_add_excerpt(&plan->message, a->text, a->len, 60);
	plan->incident = a->id;
	plan->action = "note";
	free(name);
	free(path);
	return s;
}

enum cb_status
cb_store_note(struct cb_store *st, const char *id, const char *text,
    size_t len, struct cb_error *err)
{
	struct note_arg a = { id, text, len };
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_note, &a, &commit, err);
	if (s == CB_OK)
		cb_index_after_commit(st);
	return s;
}

/* --- attachments ------------------------------------------------------------ */

struct attach_arg {
	const char *id;
	const char *name;	/* last path component only */
	const void *data;
	size_t len;
	char sha[65];
	bool already;
};

static enum cb_status
apply_attach(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct attach_arg *a = arg;
	struct cb_identity who;
	char at[CB_TIME_MAX], *path, *meta_path, *text;
	git_tree *root;
	json_t *meta;
	enum cb_status s;

	(void)base_tip;
	if ((s = cb_tip_tree(tip, &root, err)) != CB_OK)
		return s;
	if ((s = cb_incident_sound(st, root, a->id, err)) != CB_OK ||
	    (s = cb_store_identity(st, &who, err)) != CB_OK) {
		git_tree_free(root);
		return s;
	}
	path = cb_layout_evidence(a->id, a->sha);
	meta_path = cb_layout_evidence_meta(a->id, a->sha);
	if (tree_has(root, path)) {
		a->already = true;
		plan->nothing = true;
		goto out;
	}
	cb_time_format(cb_now(), at);
	meta = json_object();
	/* A name that is not UTF-8 is kept as its sanitised form. */
	{
		json_t *name = json_string(a->name);

		if (name == NULL) {
			char *clean = cb_sanitize(a->name, strlen(a->name), 0);

			name = json_string(clean);
			free(clean);
		}
		json_object_set_new(meta, "name", name);
	}
	json_object_set_new(meta, "size", json_integer((json_int_t)a->len));
	json_object_set_new(meta, "sha256", json_string(a->sha));
	json_object_set_new(meta, "by", json_string(who.login));
	json_object_set_new(meta, "at", json_string(at));
	text = json_dumps(meta, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(meta);
	if (text == NULL)
		fatal("apply_attach: cannot encode the sidecar");
	s = cb_plan_blob(st, plan, path, a->data, a->len, err);
	if (s == CB_OK) {
		char *withnl = xasprintf("%s\n", text);

		s = cb_plan_blob(st, plan, meta_path, withnl, strlen(withnl),
		    err);
		free(withnl);
	}
	free(text);
	cb_buf_printf(&plan->message, "%s: attach ", a->id);
	cb_add_excerpt(&plan->message, a->name, strlen(a->name), 80);
	cb_buf_printf(&plan->message, " (%zu bytes, sha256 %.12s)", a->len,
	    a->sha);
	plan->incident = a->id;
	plan->action = "attach";
out:
	git_tree_free(root);
	free(meta_path);
	free(path);
	return s;
}

enum cb_status
cb_store_attach(struct cb_store *st, const char *id, const char *name,
    const void *data, size_t len, char sha256_out[65], bool *already,
    struct cb_error *err)
{
	struct attach_arg a = { 0 };
	const char *slash = strrchr(name, '/');
	git_oid commit;
	enum cb_status s;

	a.id = id;
	a.name = slash != NULL ? slash + 1 : name;
	if (a.name[0] == '\0' || strcmp(a.name, ".") == 0 ||
	    strcmp(a.name, "..") == 0)
		a.name = "unnamed";
	a.data = data;
	a.len = len;
	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	cb_sha256_hex(data, len, a.sha);
	s = cb_record_commit(st, apply_attach, &a, &commit, err);
	if (s != CB_OK)
		return s;
	memcpy(sha256_out, a.sha, 65);
	if (already != NULL)
		*already = a.already;
	if (!a.already)
		cb_index_after_commit(st);
	return CB_OK;
}
