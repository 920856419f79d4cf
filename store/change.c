/*
 * The changes casebook makes to the record, each written as a function of
 * the branch tip so that cb_record_commit can apply it again on a newer
 * tip when another writer got there first.  Field changes are re-applied
 * field by field; only a change of the same field is a conflict.  Notes
 * and attachments are new files and never conflict.
 */
#include "store/store-int.h"
#include "core/siteid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/gitconfig.h"
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
max_name(git_tree *tree)
{
	long best = -1;

	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const char *name = git_tree_entry_name(
		    git_tree_entry_byindex(tree, i));
		char *end;
		long v = strtol(name, &end, 10);

		if (*end == '\0' && end != name && v > best)
			best = v;
	}
	return best;
}

/* The largest number of an id of site among a hundreds folder's
 * entries (-1 when there is none). */
static long
max_id(git_tree *tree, char site)
{
	long best = -1;

	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const char *name = git_tree_entry_name(
		    git_tree_entry_byindex(tree, i));
		int year, num;
		char s;

		if (cb_siteid_parse(name, &year, &s, &num) && s == site &&
		    num > best)
			best = num;
	}
	return best;
}

/* --- create ------------------------------------------------------------------ */

struct create_arg {
	const struct cb_incident *proto;
	const char *const *given;	/* mirrored fields to answer */
	const struct cb_create_extra *extra;	/* NULL: none */
	char sha[65];			/* of extra's evidence */
	char id[CB_ID_MAX];
};

/*
 * The next number of the year under the store's site letter (none for a
 * store that never synced): one more than the largest id of that site
 * in the year's hundreds folders, read from the largest down until one
 * holds an id of the site.  Ids of the site are usually in the largest
 * folder: two tree reads, whatever the size of the record.  Other sites'
 * ids share the folders (the folder is the number's hundreds), so a site
 * far behind the others reads a few folders more.  A concurrent create
 * makes the branch move, and the retry sees its id.
 */
static enum cb_status
next_id(struct cb_store *st, git_tree *root, int year, char id[CB_ID_MAX],
    struct cb_error *err)
{
	char *path = cb_layout_year(year), name[24];
	git_tree_entry *e;
	git_tree *yt = NULL;
	long hundreds, num = -1;
	enum cb_status s = CB_OK;

	if (root == NULL || git_tree_entry_bypath(&e, root, path) < 0)
		goto done;
	if (git_tree_lookup(&yt, st->repo, git_tree_entry_id(e)) < 0)
		s = cb_git_error(err, path);
	git_tree_entry_free(e);
	if (s != CB_OK || (hundreds = max_name(yt)) < 0)
		goto done;
	for (; num < 0 && hundreds >= 0; hundreds--) {
		const git_tree_entry *he;
		git_tree *ht;

		cb_layout_hundreds(hundreds, name);
		if ((he = git_tree_entry_byname(yt, name)) == NULL)
			continue;
		if (git_tree_lookup(&ht, st->repo, git_tree_entry_id(he)) < 0) {
			s = cb_git_error(err, "reading the year's incidents");
			goto done;
		}
		num = max_id(ht, st->site);
		git_tree_free(ht);
	}
done:
	git_tree_free(yt);
	free(path);
	if (num < 0)
		num = 0;
	cb_siteid_format(id, year, st->site, (int)(num + 1));
	return s;
}

static enum cb_status plan_evidence(struct cb_store *st,
    struct cb_commit_plan *plan, const char *name, const void *data,
    size_t len, const char *sha, const char *login, const char *path,
    const char *meta_path, struct cb_error *err);

/* The evidence a change that creates an incident attaches with it. */
static enum cb_status
create_evidence(struct cb_store *st, struct cb_commit_plan *plan,
    const struct cb_incident *inc, const struct create_arg *a,
    struct cb_error *err)
{
	struct cb_identity who;
	char *path, *meta_path;
	enum cb_status s;

	if ((s = cb_store_identity(st, &who, err)) != CB_OK)
		return s;
	path = cb_layout_evidence(inc->id, a->sha);
	meta_path = cb_layout_evidence_meta(inc->id, a->sha);
	s = plan_evidence(st, plan, a->extra->evidence_name,
	    a->extra->evidence, a->extra->evidence_len, a->sha, who.login, path,
	    meta_path, err);
	free(path);
	free(meta_path);
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
		s = cb_checklist_after_change_answers(st, NULL, &inc, a->given,
		    a->extra != NULL ? a->extra->items : NULL,
		    a->extra != NULL ? a->extra->values : NULL, plan, err);
	if (s == CB_OK && a->extra != NULL && a->extra->evidence_name != NULL)
		s = create_evidence(st, plan, &inc, a, err);
	cb_buf_printf(&plan->message, "%s: new incident: ", inc.id);
	cb_add_excerpt(&plan->message, inc.title, strlen(inc.title), 200);
	if (a->extra != NULL && a->extra->summary != NULL)
		cb_buf_printf(&plan->message, " (%s)", a->extra->summary);
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
	return cb_store_create_extra(st, proto, given, NULL, id_out, err);
}

enum cb_status
cb_store_create_extra(struct cb_store *st, const struct cb_incident *proto,
    const char *const *given, const struct cb_create_extra *extra,
    char id_out[CB_ID_MAX], struct cb_error *err)
{
	struct create_arg a = { NULL, NULL, NULL, "", "" };
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
	a.extra = extra;
	if (extra != NULL && extra->evidence_name != NULL)
		cb_sha256_hex(extra->evidence, extra->evidence_len, a.sha);
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
	if (s == CB_OK)
		s = cb_plan_resolve(st, root, plan, a->id, a->field,
		    a->item != NULL ? a->item->id : NULL, err);
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
	const void *data;	/* NULL when the file is outside the record */
	size_t len;
	char sha[65];
	bool already;
};

/*
 * Adds evidence to plan: the blob at path (unless data is NULL: kept
 * outside the record) and its sidecar at meta_path (name, size, hash,
 * who and when, and the place of a file kept outside).  What attach and
 * promote share.
 */
static enum cb_status
plan_evidence(struct cb_store *st, struct cb_commit_plan *plan,
    const char *name, const void *data, size_t len, const char *sha,
    const char *login, const char *path, const char *meta_path,
    struct cb_error *err)
{
	char at[CB_TIME_MAX], *text;
	enum cb_status s;
	json_t *meta;

	cb_time_format(cb_now(), at);
	meta = json_object();
	/* A name that is not UTF-8 is kept as its sanitised form. */
	{
		json_t *jname = json_string(name);

		if (jname == NULL) {
			char *clean = cb_sanitize(name, strlen(name), 0);

			jname = json_string(clean);
			free(clean);
		}
		json_object_set_new(meta, "name", jname);
	}
	json_object_set_new(meta, "size", json_integer((json_int_t)len));
	json_object_set_new(meta, "sha256", json_string(sha));
	json_object_set_new(meta, "by", json_string(login));
	json_object_set_new(meta, "at", json_string(at));
	if (data == NULL) {
		char *place = xasprintf("%s/%s", CB_STORE_EVIDENCE, sha);

		json_object_set_new(meta, "place", json_string(place));
		free(place);
	}
	text = json_dumps(meta, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(meta);
	if (text == NULL)
		fatal("plan_evidence: cannot encode the sidecar");
	s = data == NULL ? CB_OK : cb_plan_blob(st, plan, path, data, len, err);
	if (s == CB_OK) {
		char *withnl = xasprintf("%s\n", text);

		s = cb_plan_blob(st, plan, meta_path, withnl, strlen(withnl),
		    err);
		free(withnl);
	}
	free(text);
	return s;
}

static enum cb_status
apply_attach(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct attach_arg *a = arg;
	struct cb_identity who;
	char *path, *meta_path;
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
	path = cb_layout_evidence(a->id, a->sha);
	meta_path = cb_layout_evidence_meta(a->id, a->sha);
	/* Evidence kept outside the record has only its sidecar there. */
	if (tree_has(root, path) || tree_has(root, meta_path)) {
		a->already = true;
		plan->nothing = true;
		goto out;
	}
	s = plan_evidence(st, plan, a->name, a->data, a->len, a->sha,
	    who.login, path, meta_path, err);
	cb_buf_printf(&plan->message, "%s: attach ", a->id);
	cb_add_excerpt(&plan->message, a->name, strlen(a->name), 80);
	cb_buf_printf(&plan->message, " (%zu bytes, sha256 %.12s)", a->len,
	    a->sha);
	plan->incident = a->id;
	plan->action = "attach";
	/* Alerts merged into the incident: its rules see them (alertfacts.c)
	 * and what they suggest is in the same commit. */
	if (s == CB_OK && st->rules_group != 0) {
		struct cb_incident inc;
		const char *const none[] = { NULL };

		/* cb_record_incident fills an incident with nothing held. */
		cb_incident_init(&inc);
		cb_incident_free(&inc);
		if ((s = cb_record_incident(st, root, a->id, &inc, err)) ==
		    CB_OK)
			s = cb_checklist_after_change(st, root, &inc, none,
			    plan, err);
		cb_incident_free(&inc);
	}
out:
	git_tree_free(root);
	free(meta_path);
	free(path);
	return s;
}

/* Commits the attachment described by a (its sha set). */
static enum cb_status
attach_commit(struct cb_store *st, struct attach_arg *a, char sha256_out[65],
    bool *already, struct cb_error *err)
{
	git_oid commit;
	enum cb_status s;

	s = cb_record_commit(st, apply_attach, a, &commit, err);
	if (s != CB_OK)
		return s;
	memcpy(sha256_out, a->sha, 65);
	if (already != NULL)
		*already = a->already;
	if (!a->already)
		cb_index_after_commit(st);
	return CB_OK;
}

static const char *
attach_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	name = slash != NULL ? slash + 1 : name;
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return "unnamed";
	return name;
}

#define EVIDENCE_MAX_DEFAULT	(20 * 1024 * 1024)

int64_t
cb_store_evidence_max(struct cb_store *st)
{
	char *path = xasprintf("%s/config", st->dir);
	char *v = cb_gitconfig_get(path, "evidence", NULL, "maxinrecord"), *end;
	long long n;
	int64_t max = EVIDENCE_MAX_DEFAULT;

	free(path);
	if (v == NULL)
		return max;
	/* git's integer syntax: a number with an optional k, m or g. */
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno == 0 && n >= 0 && end != v) {
		int shift = *end == 'k' || *end == 'K' ? 10 :
		    *end == 'm' || *end == 'M' ? 20 :
		    *end == 'g' || *end == 'G' ? 30 : 0;

		if ((shift == 0 && *end == '\0') || (shift > 0 &&
		    end[1] == '\0' && n <= (INT64_MAX >> shift)))
			max = (int64_t)n << shift;
	}
	free(v);
	return max;
}

static const char *
file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a FIFO" :
	    S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) ? "a character device" :
	    S_ISBLK(mode) ? "a block device" : "not a regular file";
}

static ssize_t
read_some(int fd, void *buf, size_t len)
{
	ssize_t n;

	while ((n = read(fd, buf, len)) < 0 && errno == EINTR)
		;
	return n;
}

/*
 * Copies the file open on fd to STORE/evidence/SHA256, hashing it on the
 * way: into a temporary file there (O_EXCL: never through a link),
 * fsynced, made read-only, renamed to its hash; the folder fsynced.  The
 * same content already there is kept and the copy dropped.
 */
static enum cb_status
store_outside(struct cb_store *st, const char *name, int fd, char sha[65],
    size_t *len, struct cb_error *err)
{
	char *dir = xasprintf("%s/%s", st->dir, CB_STORE_EVIDENCE), *tmp;
	char *final = NULL;
	size_t bufsize = 1 << 20;
	char *buf = xmalloc(bufsize);
	unsigned char digest[32];
	struct cb_sha256 ctx;
	enum cb_status s = CB_OK;
	struct stat sb;
	mode_t mask;
	int out, dfd;
	ssize_t n;

	/*
	 * A team store's evidence folder is sticky: a member may add files
	 * but remove or replace only her own (casebook never replaces one:
	 * the same hash is the same content).
	 */
	if (mkdir(dir, 0700) == 0) {
		if (st->shared && (dfd = open(dir, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) >= 0) {
			(void)fchmod(dfd, 03770);
			close(dfd);
		}
	} else if (errno != EEXIST) {
		s = cb_os_error(err, errno, dir);
		free(dir);
		free(buf);
		return s;
	}
	if (lstat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		s = cb_fail(err, CB_ERR, "%s is not a folder (a link?); "
		    "casebook follows no link in a store", dir);
		free(dir);
		free(buf);
		return s;
	}
	tmp = xasprintf("%s/.tmp-XXXXXX", dir);
	if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
		s = cb_os_error(err, errno, tmp);
		goto out;
	}
	cb_sha256_init(&ctx);
	*len = 0;
	while ((n = read_some(fd, buf, bufsize)) > 0) {
		size_t done = 0;

		cb_sha256_update(&ctx, buf, (size_t)n);
		while (done < (size_t)n) {
			ssize_t w = write(out, buf + done, (size_t)n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				s = cb_os_error(err, errno, tmp);
				goto fail;
			}
			done += (size_t)w;
		}
		*len += (size_t)n;
	}
	if (n < 0) {
		s = cb_fail(err, CB_ERR, "%s: %s", name, strerror(errno));
		goto fail;
	}
	cb_sha256_final(&ctx, digest);
	for (int i = 0; i < 32; i++)
		snprintf(sha + 2 * i, 3, "%02x", digest[i]);
	mask = umask(0);
	umask(mask);
	if (fchmod(out, st->shared ? 0440 : 0444 & ~mask) < 0 ||
	    fsync(out) < 0) {
		s = cb_os_error(err, errno, tmp);
		goto fail;
	}
	close(out);
	out = -1;
	final = xasprintf("%s/%s", dir, sha);
	if (lstat(final, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size == (off_t)*len) {
		unlink(tmp);	/* already there: content-addressed */
	} else if (rename(tmp, final) < 0) {
		s = cb_os_error(err, errno, final);
		goto fail;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	goto out;
fail:
	if (out >= 0)
		close(out);
	unlink(tmp);
out:
	free(final);
	free(tmp);
	free(dir);
	free(buf);
	return s;
}

enum cb_status
cb_store_attach_fd(struct cb_store *st, const char *id, const char *name,
    int fd, char sha256_out[65], bool *already, struct cb_error *err)
{
	struct attach_arg a = { 0 };
	struct stat sb;
	int64_t max;
	enum cb_status s;
	char *data;
	size_t got = 0;
	ssize_t n;

	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	if (fstat(fd, &sb) < 0)
		return cb_fail(err, CB_ERR, "%s: %s", name, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cb_fail(err, CB_ERR, "%s: %s, not a regular file: "
		    "only files can be attached", name, file_kind(sb.st_mode));
	a.id = id;
	a.name = attach_name(name);
	max = cb_store_evidence_max(st);
	if ((int64_t)sb.st_size > max) {
		s = store_outside(st, name, fd, a.sha, &a.len, err);
		if (s != CB_OK)
			return s;
		return attach_commit(st, &a, sha256_out, already, err);
	}
	/* Small enough for the record: read whole, up to its size. */
	data = xmalloc((size_t)sb.st_size + 1);
	while (got <= (size_t)sb.st_size && (n = read_some(fd, data + got,
	    (size_t)sb.st_size + 1 - got)) > 0)
		got += (size_t)n;
	if (got <= (size_t)sb.st_size && n < 0) {
		s = cb_fail(err, CB_ERR, "%s: %s", name, strerror(errno));
		free(data);
		return s;
	}
	if (got > (size_t)sb.st_size) {
		free(data);
		return cb_fail(err, CB_ERR, "%s: the file grew while it was "
		    "read; attach it again once it is complete", name);
	}
	a.data = data;
	a.len = got;
	cb_sha256_hex(data, got, a.sha);
	s = attach_commit(st, &a, sha256_out, already, err);
	free(data);
	return s;
}

enum cb_status
cb_store_attach(struct cb_store *st, const char *id, const char *name,
    const void *data, size_t len, char sha256_out[65], bool *already,
    struct cb_error *err)
{
	struct attach_arg a = { 0 };
	enum cb_status s;

	a.id = id;
	a.name = attach_name(name);
	a.data = data != NULL ? data : "";
	a.len = len;
	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	cb_sha256_hex(data, len, a.sha);
	return attach_commit(st, &a, sha256_out, already, err);
}

/* --- links ------------------------------------------------------------------- */

struct link_arg {
	const char *id;
	const char *name;
	long iid;
	const char *url;
	bool changed;
};

/*
 * links.json: {"gitlab": {"iid": 3, "url": "https://..."}}, one entry
 * per place the incident is mirrored, rewritten whole (canonical: sorted
 * keys, indented, a final newline, as incident.json).
 */
static enum cb_status
apply_link(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct link_arg *a = arg;
	char *path = cb_layout_links(a->id), *text = NULL, *out;
	git_blob *blob = NULL;
	git_tree *root;
	json_t *o = NULL, *entry, *old;
	enum cb_status s;

	(void)base_tip;
	if ((s = cb_tip_tree(tip, &root, err)) != CB_OK)
		goto done;
	if (root == NULL) {
		s = cb_fail(err, CB_ENOTFOUND, _("no incident %s"), a->id);
		goto done;
	}
	if ((s = cb_incident_sound(st, root, a->id, err)) != CB_OK)
		goto done;
	s = cb_record_read(st, root, path, &blob, err);
	if (s == CB_OK)
		o = json_loadb(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), 0, NULL);
	else if (s != CB_ENOTFOUND)
		goto done;
	s = CB_OK;
	/* A file mangled by hand is replaced: the mirror knows better. */
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	entry = json_pack("{s:I, s:s}", "iid", (json_int_t)a->iid, "url",
	    a->url);
	old = json_object_get(o, a->name);
	if (old != NULL && json_equal(old, entry)) {
		json_decref(entry);
		plan->nothing = true;
		goto done;
	}
	json_object_set_new(o, a->name, entry);
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	out = xasprintf("%s\n", text);
	s = cb_plan_blob(st, plan, path, out, strlen(out), err);
	free(out);
	cb_buf_printf(&plan->message, "%s: link: %s #%ld ", a->id, a->name,
	    a->iid);
	cb_add_excerpt(&plan->message, a->url, strlen(a->url), 200);
	plan->incident = a->id;
	plan->action = "link";
	a->changed = true;
done:
	free(text);
	json_decref(o);
	git_blob_free(blob);
	git_tree_free(root);
	free(path);
	return s;
}

enum cb_status
cb_store_set_link(struct cb_store *st, const char *id, const char *name,
    long iid, const char *url, struct cb_error *err)
{
	struct link_arg a = { id, name, iid, url, false };
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_link, &a, &commit, err);
	if (s == CB_OK && a.changed)
		cb_index_after_commit(st);
	return s;
}

/* --- filing a report -------------------------------------------------------- */

struct report_arg {
	struct attach_arg att;
	struct cb_answer_part *answer;
	const char *what;
};

/*
 * The report's text as evidence and the report_filed answer, one
 * commit: the attachment's two blobs and the answer's two files in one
 * plan, one message.  Both parts are applied to every tip tried.
 */
static enum cb_status
apply_report(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct report_arg *r = arg;
	bool had;
	enum cb_status s;

	r->att.already = false;
	if ((s = apply_attach(st, tip, base_tip, plan, &r->att, err)) != CB_OK)
		return s;
	had = !plan->nothing;
	plan->nothing = false;
	if ((s = cb_answer_part_apply(st, tip, base_tip, plan, r->answer,
	    err)) != CB_OK)
		return s;
	plan->nothing = !had && !cb_answer_part_changed(r->answer);
	plan->message.len = 0;
	if (plan->message.data != NULL)
		plan->message.data[0] = '\0';
	cb_buf_printf(&plan->message, "%s: file report ", r->att.id);
	cb_add_excerpt(&plan->message, r->what, strlen(r->what), 60);
	cb_buf_printf(&plan->message, " (%s, sha256 %.12s)", r->att.name,
	    r->att.sha);
	plan->incident = r->att.id;
	plan->action = "report";
	plan->item = "report_filed";
	return CB_OK;
}

enum cb_status
cb_store_file_report(struct cb_store *st, const char *id, const char *name,
    const char *what, const char *text, size_t len, char sha256_out[65],
    struct cb_error *err)
{
	struct report_arg r = { 0 };
	struct cb_answer_req req = { 0 };
	char at[CB_TIME_MAX], *note;
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_may_write(st, err)) != CB_OK)
		return s;
	r.att.id = id;
	r.att.name = attach_name(name);
	r.att.data = text;
	r.att.len = len;
	r.what = what;
	cb_sha256_hex(text, len, r.att.sha);
	cb_time_format(cb_now(), at);
	note = xasprintf("%s: evidence %s, sha256 %s", what, r.att.name,
	    r.att.sha);
	req.item = "report_filed";
	req.value = at;
	req.note = note;
	if ((s = cb_answer_part_new(st, id, &req, &r.answer, err)) == CB_OK)
		s = cb_record_commit(st, apply_report, &r, &commit, err);
	cb_answer_part_free(r.answer);
	free(note);
	if (s == CB_OK) {
		memcpy(sha256_out, r.att.sha, 65);
		cb_index_after_commit(st);
	}
	return s;
}
