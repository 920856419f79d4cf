/*
 * Checklists in the record: each incident's checklist.json beside its
 * incident.json, holding the answers and waivers (value or reason, who,
 * when, under which playbook version), the rule suggestions made and what
 * became of them, and the progress of the current phase as computed at
 * the last change (for the index's queues).
 *
 *	{
 *	  "answers": {
 *	    "external_targets": {"at": "...", "by": "takahashi",
 *	                         "playbook": "<sha256>", "value": "yes"},
 *	    "network_cutoff": {"at": "...", "by": "takahashi",
 *	                       "reason": "...", "waived": true}
 *	  },
 *	  "playbook": "<sha256 of the playbooks it follows>",
 *	  "progress": {"done": 2, "phase": "triage", "required": 6,
 *	               "waiting": "tech"},
 *	  "suggestions": [{"at": "...", "effect": "suggest_urgency",
 *	                   "key": "intrusion/external-targets/0",
 *	                   "status": "open", "value": "immediate"}]
 *	}
 *
 * Each answer, waiver, advance or act on a suggestion is one commit
 * (Casebook-Action: answer, waive, withdraw, advance, back, force-phase,
 * suggestion-accept, suggestion-dismiss), written
 * as a function of the tip like every change (change.c): answers to
 * different items by different people merge; the same item changed
 * under someone's feet is a conflict.
 */
#include "store/store-int.h"
#include "core/nls.h"
#include "core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const char *const sugg_status_names[] = {
	[CB_SUGG_OPEN] = "open",
	[CB_SUGG_ACCEPTED] = "accepted",
	[CB_SUGG_DISMISSED] = "dismissed",
};

/* --- playbooks ------------------------------------------------------------- */

void
cb_store_set_playbook_dir(struct cb_store *st, const char *shipped_dir)
{
	free(st->playbook_dir);
	st->playbook_dir = shipped_dir != NULL ? xstrdup(shipped_dir) : NULL;
}

static void
first_problem(const char *msg, void *arg)
{
	struct cb_buf *b = arg;

	if (b->len == 0)
		cb_buf_adds(b, msg);
}

/* Whether the loaded playbooks serve an incident of these classes. */
static bool
covers(const struct cb_store *st, const struct cb_strlist *classes)
{
	if (st->pbs == NULL)
		return false;
	if (st->pbs_all)
		return true;
	if (classes == NULL)
		return false;
	for (size_t i = 0; i < classes->n; i++)
		if (cb_playbook_find(st->pbs, classes->v[i]) == NULL)
			return false;
	return true;
}

/*
 * The playbooks, all of them (classes NULL) or at least those of classes:
 * a read of one incident parses only the graph and its playbooks.
 */
static enum cb_status
playbooks_for(struct cb_store *st, const struct cb_strlist *classes,
    const struct cb_playbooks **out, struct cb_error *err)
{
	struct cb_buf first = { 0 };
	char *override;
	enum cb_status s;

	if (covers(st, classes)) {
		*out = st->pbs;
		return CB_OK;
	}
	if (st->playbook_dir == NULL)
		return cb_fail(err, CB_ERR, _("no playbooks: casebook was not "
		    "told where its playbooks are"));
	/* Cases computed with the set it replaces still point into it. */
	if (st->pbs != NULL) {
		st->pbs_old = xrealloc(st->pbs_old, (st->npbs_old + 1) *
		    sizeof *st->pbs_old);
		st->pbs_old[st->npbs_old++] = st->pbs;
	}
	st->pbs = xcalloc(1, sizeof *st->pbs);
	override = xasprintf("%s/playbooks", st->dir);
	s = cb_playbooks_load_some(st->playbook_dir, override, classes,
	    st->pbs, first_problem, &first, err);
	free(override);
	if (s != CB_OK) {
		free(st->pbs);
		st->pbs = NULL;
		if (first.len > 0)
			cb_fail(err, s, _("the playbooks do not load: %s (run "
			    "'casebook playbook check' on them)"), first.data);
		cb_buf_free(&first);
		return s;
	}
	cb_buf_free(&first);
	st->pbs_all = classes == NULL;
	*out = st->pbs;
	return CB_OK;
}

enum cb_status
cb_store_playbooks(struct cb_store *st, const struct cb_playbooks **out,
    struct cb_error *err)
{
	return playbooks_for(st, NULL, out, err);
}

/* --- checklist.json ---------------------------------------------------------- */

/* The incident's checklist.json at tree, or an empty one. */
static enum cb_status
read_checklist(struct cb_store *st, git_tree *tree, const char *id,
    json_t **out, struct cb_error *err)
{
	char *path = cb_layout_checklist(id);
	json_error_t jerr;
	git_blob *blob;
	enum cb_status s;

	*out = NULL;
	s = cb_record_read(st, tree, path, &blob, err);
	if (s == CB_ENOTFOUND) {
		*out = json_object();
		s = CB_OK;
	} else if (s == CB_OK) {
		*out = json_loadb(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), 0, &jerr);
		git_blob_free(blob);
		if (*out == NULL || !json_is_object(*out)) {
			json_decref(*out);
			*out = NULL;
			s = cb_fail(err, CB_ERR, _("%s:%d:%d: not a checklist: %s"),
			    path, jerr.line, jerr.column, jerr.text);
		}
	}
	free(path);
	return s;
}

/* o's member key, made an empty object or array if it is not one. */
static json_t *
member(json_t *o, const char *key, bool array)
{
	json_t *m = json_object_get(o, key);

	if (array ? !json_is_array(m) : !json_is_object(m)) {
		m = array ? json_array() : json_object();
		json_object_set_new(o, key, m);
	}
	return m;
}

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The answers of a checklist.json, strings borrowed from it. */
static struct cb_answer *
answers_of(json_t *cl, size_t *n)
{
	json_t *answers = json_object_get(cl, "answers"), *a;
	struct cb_answer *v;
	const char *item;
	size_t i = 0;

	*n = json_is_object(answers) ? json_object_size(answers) : 0;
	v = xcalloc(*n + 1, sizeof *v);
	if (*n == 0)
		return v;
	json_object_foreach(answers, item, a) {
		if (!json_is_object(a))
			continue;
		v[i].item = item;
		v[i].value = json_is_true(json_object_get(a, "waived")) ? NULL :
		    str(a, "value");
		v[i].reason = str(a, "reason");
		v[i].by = str(a, "by");
		v[i].decided_by = str(a, "decided_by");
		v[i].note = str(a, "note");
		v[i].at = str(a, "at");
		i++;
	}
	*n = i;
	return v;
}

static char *
checklist_text(json_t *cl)
{
	char *text = json_dumps(cl, JSON_INDENT(2) | JSON_SORT_KEYS), *out;

	if (text == NULL)
		fatal("checklist_text: cannot encode the checklist");
	out = xasprintf("%s\n", text);
	free(text);
	return out;
}

/*
 * The incident and its checklist.json at the tip, for a change to apply
 * to.  *root (freed by the caller, NULL on failure) is the tip's tree.
 */
static enum cb_status
read_tip(struct cb_store *st, git_commit *tip, const char *id,
    git_tree **root, struct cb_incident *inc, json_t **cl,
    struct cb_error *err)
{
	enum cb_status s;

	*cl = NULL;
	if ((s = cb_tip_tree(tip, root, err)) != CB_OK)
		return s;
	if (*root == NULL)
		return cb_fail(err, CB_ENOTFOUND, _("no incident %s"), id);
	cb_incident_free(inc);
	if ((s = cb_incident_sound(st, *root, id, err)) != CB_OK ||
	    (s = cb_record_incident(st, *root, id, inc, err)) != CB_OK)
		return s;
	return read_checklist(st, *root, id, cl, err);
}

/* --- what a change of answers does ------------------------------------------ */

static void
compute(const struct cb_playbooks *pbs, const struct cb_incident *inc,
    json_t *cl, struct cb_answer **answers, struct cb_checklist *out)
{
	size_t n;

	*answers = answers_of(cl, &n);
	cb_checklist_compute(pbs, &inc->classes, *answers, n, out);
}

/*
 * The current phase's gate: required items answered or waived, required
 * items in all, and the roles the ready missing ones wait on.
 */
static void
put_progress(json_t *cl, const struct cb_checklist *c, enum cb_phase phase)
{
	json_t *p = json_object();
	struct cb_buf waiting = { 0 };
	bool seen[CB_ROLE_COUNT] = { false };
	int done = 0, required = 0;

	for (size_t i = 0; i < c->nitems && phase != CB_PHASE_CLOSED; i++) {
		const struct cb_checkitem *ci = &c->items[i];

		if (ci->state == CB_ITEM_NA || !ci->required ||
		    ci->item->phase != phase)
			continue;
		required++;
		if (ci->state == CB_ITEM_ANSWERED ||
		    ci->state == CB_ITEM_WAIVED)
			done++;
		else if (ci->state == CB_ITEM_READY &&
		    ci->item->role != CB_ROLE_NONE && !seen[ci->item->role]) {
			seen[ci->item->role] = true;
			cb_buf_printf(&waiting, "%s%s", waiting.len ? "," : "",
			    cb_role_names[ci->item->role]);
		}
	}
	json_object_set_new(p, "phase", json_string(cb_phase_names[phase]));
	json_object_set_new(p, "done", json_integer(done));
	json_object_set_new(p, "required", json_integer(required));
	json_object_set_new(p, "waiting", json_string(waiting.len ?
	    waiting.data : ""));
	json_object_set_new(cl, "progress", p);
	cb_buf_free(&waiting);
}

static bool
suggestion_satisfied(const struct cb_effect *e, const struct cb_incident *inc)
{
	if (e->type == CB_EFFECT_SUGGEST_URGENCY)
		return inc->urgency == e->urgency;
	if (e->type == CB_EFFECT_SUGGEST_ADVANCE)
		return inc->phase >= e->phase;
	if (e->type == CB_EFFECT_SUGGEST_BACK)
		return inc->phase <= e->phase;
	return false;
}

/* suggestion_satisfied for a recorded suggestion (effect and value). */
static bool
recorded_satisfied(json_t *s, const struct cb_incident *inc)
{
	const char *effect = str(s, "effect"), *value = str(s, "value");

	for (int i = 0; i < CB_URGENCY_COUNT; i++)
		if (strcmp(effect, "suggest_urgency") == 0 &&
		    strcmp(value, cb_urgency_names[i]) == 0)
			return (int)inc->urgency == i;
	for (int i = 0; i < CB_PHASE_COUNT; i++)
		if (strcmp(value, cb_phase_names[i]) == 0) {
			if (strcmp(effect, "suggest_advance") == 0)
				return (int)inc->phase >= i;
			if (strcmp(effect, "suggest_back") == 0)
				return (int)inc->phase <= i;
		}
	return false;
}

/*
 * Records what the rules now suggest: a fired suggestion not yet recorded
 * is added as open (unless already so: the urgency it suggests is the
 * incident's); an open one whose rule no longer fires is withdrawn (its
 * record stays in history), unless it rests on alerts; an open one the
 * incident now satisfies (the
 * urgency was set, the phase reached) is marked accepted by who.
 */
static void
merge_suggestions(const struct cb_playbooks *pbs, json_t *cl,
    const struct cb_checklist *c,
    const struct cb_incident *inc, const char *who, const char *at)
{
	json_t *recorded = member(cl, "suggestions", true), *kept, *s;
	size_t i;

	kept = json_array();
	json_array_foreach(recorded, i, s) {
		bool fired = false;

		for (size_t k = 0; k < c->nsuggestions && !fired; k++) {
			const struct cb_suggestion *g = &c->suggestions[k];
			char key[512];

			snprintf(key, sizeof key, "%s/%s/%zu",
			    g->playbook->class_id, g->rule->id,
			    (size_t)(g->effect - g->rule->effects));
			fired = strcmp(key, str(s, "key")) == 0;
			if (fired && strcmp(str(s, "status"), "open") == 0 &&
			    suggestion_satisfied(g->effect, inc)) {
				json_object_set_new(s, "status",
				    json_string("accepted"));
				json_object_set_new(s, "by", json_string(who));
				json_object_set_new(s, "acted_at",
				    json_string(at));
			}
		}
		/* One resting on alerts stays open though this index may
		 * not hold them (another site's, a rebuilt one), until the
		 * incident does what it suggests. */
		if (!fired && strcmp(str(s, "status"), "open") == 0 &&
		    cb_checklist_key_on_alerts(pbs, str(s, "key"))) {
			fired = true;
			if (recorded_satisfied(s, inc)) {
				json_object_set_new(s, "status",
				    json_string("accepted"));
				json_object_set_new(s, "by", json_string(who));
				json_object_set_new(s, "acted_at",
				    json_string(at));
			}
		}
		if (fired || strcmp(str(s, "status"), "open") != 0)
			json_array_append(kept, s);
	}
	for (size_t k = 0; k < c->nsuggestions; k++) {
		const struct cb_suggestion *g = &c->suggestions[k];
		bool known = false;
		char key[512];

		if (g->effect->type == CB_EFFECT_REQUIRE ||
		    suggestion_satisfied(g->effect, inc))
			continue;
		snprintf(key, sizeof key, "%s/%s/%zu", g->playbook->class_id,
		    g->rule->id, (size_t)(g->effect - g->rule->effects));
		json_array_foreach(kept, i, s)
			known = known || strcmp(str(s, "key"), key) == 0;
		if (known)
			continue;
		s = json_object();
		json_object_set_new(s, "key", json_string(key));
		json_object_set_new(s, "effect",
		    json_string(cb_effect_names[g->effect->type]));
		json_object_set_new(s, "value", json_string(g->effect->arg));
		json_object_set_new(s, "status", json_string("open"));
		json_object_set_new(s, "at", json_string(at));
		json_array_append_new(kept, s);
	}
	json_object_set_new(cl, "suggestions", kept);
}

/*
 * Brings checklist.json up to date with inc and its answers (playbook
 * version, suggestions, progress) and adds it to plan when it changed.
 * Without playbooks (a store opened by a tool that set none), it is left.
 */
static enum cb_status
refresh_checklist(struct cb_store *st, const struct cb_incident *inc,
    json_t *cl, bool force, struct cb_commit_plan *plan, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct cb_identity who;
	struct cb_alert_facts_buf facts;
	struct cb_checklist c;
	struct cb_answer *answers;
	char at[CB_TIME_MAX], *before, *after, *path;
	enum cb_status s;

	if (st->playbook_dir == NULL && st->pbs == NULL)
		return CB_OK;
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_store_identity(st, &who, err)) != CB_OK)
		return s;
	if ((s = cb_alert_facts_load(st, inc, &facts, err)) != CB_OK) {
		cb_alert_facts_free(&facts);
		return s;
	}
	before = checklist_text(cl);
	cb_time_format(cb_now(), at);
	json_object_set_new(cl, "playbook", json_string(pbs->hash));
	{
		size_t n;

		answers = answers_of(cl, &n);
		cb_checklist_compute_alerts(pbs, &inc->classes, answers, n,
		    &facts.facts, &c);
	}
	cb_alert_facts_free(&facts);
	merge_suggestions(pbs, cl, &c, inc, who.login, at);
	put_progress(cl, &c, inc->phase);
	cb_checklist_free(&c);
	free(answers);
	after = checklist_text(cl);
	if (force || strcmp(before, after) != 0) {
		path = cb_layout_checklist(inc->id);
		s = cb_plan_blob(st, plan, path, after, strlen(after), err);
		free(path);
	}
	free(before);
	free(after);
	return s;
}

/*
 * The fields of inc named in fields (NULL-terminated) were given by who:
 * the items that mirror them (graph.yaml 'field') take the fields' values
 * as who's answers, at at; a field left empty takes its item's answer
 * away.  An item already answered with the same value keeps its answer.
 * Returns whether any answer changed.
 */
static bool
mirror_fields(const struct cb_playbooks *pbs, json_t *cl,
    const struct cb_incident *inc, const char *const *fields,
    const char *who, const char *at)
{
	json_t *answers = member(cl, "answers", false), *old, *entry;
	bool changed = false;

	for (size_t i = 0; fields != NULL && fields[i] != NULL; i++) {
		const struct cb_item *item = cb_graph_field_item(pbs,
		    fields[i]);
		char *value;

		if (item == NULL)
			continue;
		value = cb_incident_get(inc, fields[i]);
		old = json_object_get(answers, item->id);
		if (value[0] == '\0') {
			changed = changed || old != NULL;
			json_object_del(answers, item->id);
		} else if (old == NULL ||
		    json_is_true(json_object_get(old, "waived")) ||
		    strcmp(str(old, "value"), value) != 0) {
			entry = json_object();
			json_object_set_new(entry, "value", json_string(value));
			json_object_set_new(entry, "by", json_string(who));
			json_object_set_new(entry, "at", json_string(at));
			json_object_set_new(entry, "playbook",
			    json_string(pbs->hash));
			json_object_set_new(answers, item->id, entry);
			changed = true;
		}
		free(value);
	}
	return changed;
}

enum cb_status
cb_checklist_after_change(struct cb_store *st, git_tree *root,
    const struct cb_incident *inc, const char *const *fields,
    struct cb_commit_plan *plan, struct cb_error *err)
{
	return cb_checklist_after_change_answers(st, root, inc, fields, NULL,
	    NULL, plan, err);
}

/* The answers items[i] = values[i] by who, checked as 'answer' checks. */
static enum cb_status
answer_items(struct cb_store *st, const struct cb_playbooks *pbs, json_t *cl,
    const char *const *items, const char *const *values, const char *who,
    const char *at, bool *changed, struct cb_error *err)
{
	json_t *answers = member(cl, "answers", false), *entry;
	enum cb_status s = CB_OK;

	for (size_t i = 0; items != NULL && items[i] != NULL && s == CB_OK;
	    i++) {
		const struct cb_item *item = cb_graph_find(pbs, items[i]);
		char *norm = NULL;

		if (item == NULL)
			return cb_fail(err, CB_EUSAGE, _("no item '%s' in the "
			    "playbooks"), items[i]);
		if ((s = cb_store_may_answer(st, item, false, err)) != CB_OK ||
		    (s = cb_value_check(item, values[i], &norm, err)) != CB_OK)
			break;
		entry = json_object();
		json_object_set_new(entry, "value", json_string(norm));
		json_object_set_new(entry, "by", json_string(who));
		json_object_set_new(entry, "at", json_string(at));
		json_object_set_new(entry, "playbook", json_string(pbs->hash));
		json_object_set_new(answers, item->id, entry);
		*changed = true;
		free(norm);
	}
	return s;
}

enum cb_status
cb_checklist_after_change_answers(struct cb_store *st, git_tree *root,
    const struct cb_incident *inc, const char *const *fields,
    const char *const *items, const char *const *values,
    struct cb_commit_plan *plan, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct cb_identity who;
	json_t *cl;
	enum cb_status s;
	bool changed;

	if (st->playbook_dir == NULL && st->pbs == NULL)
		return CB_OK;
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_store_identity(st, &who, err)) != CB_OK)
		return s;
	if (root == NULL)
		cl = json_object();
	else if ((s = read_checklist(st, root, inc->id, &cl, err)) != CB_OK)
		return s;
	changed = mirror_fields(pbs, cl, inc, fields, who.login, inc->updated);
	s = answer_items(st, pbs, cl, items, values, who.login, inc->updated,
	    &changed, err);
	if (s == CB_OK)
		s = refresh_checklist(st, inc, cl, changed, plan, err);
	json_decref(cl);
	return s;
}

enum cb_status
cb_field_fact(struct cb_store *st, const char *field, const char *value,
    const struct cb_item **item, char **norm, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	enum cb_status s;

	*item = NULL;
	*norm = NULL;
	if (st->playbook_dir == NULL && st->pbs == NULL)
		return CB_OK;
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK)
		return s;
	if ((*item = cb_graph_field_item(pbs, field)) == NULL)
		return CB_OK;
	if ((s = cb_store_may_answer(st, *item, false, err)) != CB_OK)
		return s;
	if (value[0] == '\0') {
		*norm = xstrdup("");
		return CB_OK;
	}
	return cb_value_check(*item, value, norm, err);
}

/* --- reading ---------------------------------------------------------------- */

static enum cb_status
commit_at(struct cb_store *st, const char *rev, git_commit **out,
    struct cb_error *err)
{
	git_object *obj;
	git_oid tip;
	enum cb_status s;

	if (rev == NULL) {
		if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
			return s;
		if (git_commit_lookup(out, st->repo, &tip) < 0)
			return cb_git_error(err, "reading the branch tip");
		return CB_OK;
	}
	if (strspn(rev, "0123456789abcdef") != strlen(rev) || strlen(rev) < 4)
		return cb_fail(err, CB_EUSAGE, _("'%s' is not a commit id"), rev);
	if (git_revparse_single(&obj, st->repo, rev) < 0)
		return cb_fail(err, CB_ENOTFOUND, _("no commit %s in the record"),
		    rev);
	if (git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return cb_fail(err, CB_ENOTFOUND, _("%s is not a commit"), rev);
	}
	git_object_free(obj);
	return CB_OK;
}

/* Fills out's answers, suggestions and checklist from cl (taken over). */
static void
case_fill(const struct cb_playbooks *pbs, json_t *cl, struct cb_case *out)
{
	json_t *sugg, *g;
	size_t i;

	snprintf(out->playbook, sizeof out->playbook, "%s", str(cl,
	    "playbook"));
	out->answers = answers_of(cl, &out->nanswers);
	sugg = json_object_get(cl, "suggestions");
	out->nsuggestions = json_is_array(sugg) ? json_array_size(sugg) : 0;
	out->suggestions = xcalloc(out->nsuggestions + 1,
	    sizeof *out->suggestions);
	json_array_foreach(sugg, i, g) {
		struct cb_recorded_suggestion *r = &out->suggestions[i];

		r->key = str(g, "key");
		r->effect = str(g, "effect");
		r->value = str(g, "value");
		r->status = CB_SUGG_OPEN;
		for (int k = 0; k < 3; k++)
			if (strcmp(str(g, "status"), sugg_status_names[k]) == 0)
				r->status = (enum cb_sugg_status)k;
		r->at = str(g, "at");
		r->by = str(g, "by");
		r->acted_at = str(g, "acted_at");
	}
	cb_checklist_compute(pbs, &out->inc.classes, out->answers,
	    out->nanswers, &out->cl);
	out->priv = cl;
}

/*
 * The tip's case from the index, which holds the incident's fields and
 * its checklist.json as the record has them (cb_store_open brought it up
 * to date): no need to start libgit2.  CB_ENOTFOUND when the index has
 * no such incident.
 */
static enum cb_status
case_from_index(struct cb_store *st, const char *id, struct cb_case *out,
    struct cb_error *err)
{
	static const char *const fields[] = {
		"title", "phase", "urgency", "severity", "classes",
		"department", "reporter", "hosts", "assignees",
	};
	char tip[GIT_OID_HEXSZ + 1];
	sqlite3_stmt *stmt;
	json_error_t jerr;
	json_t *cl = NULL;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT title, phase, urgency, severity, "
	    "classes, department, reporter, hosts, assignees, created, "
	    "updated, ifnull(body, '{}'), (SELECT value FROM meta WHERE key = "
	    "'indexed') FROM incidents LEFT JOIN checklists ON "
	    "checklists.incident = incidents.id WHERE id = ?1", &stmt, err)) !=
	    CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		s = rc == SQLITE_DONE ? cb_fail(err, CB_ENOTFOUND,
		    _("no incident %s"), id) : cb_db_error(st, err,
		    "reading a checklist");
		cb_db_release(st, stmt);
		return s;
	}
	snprintf(out->inc.id, sizeof out->inc.id, "%s", id);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && s == CB_OK;
	    i++)
		s = cb_incident_set(&out->inc, fields[i], cb_db_col(stmt,
		    (int)i), err);
	snprintf(out->inc.created, sizeof out->inc.created, "%s",
	    cb_db_col(stmt, 9));
	snprintf(out->inc.updated, sizeof out->inc.updated, "%s",
	    cb_db_col(stmt, 10));
	snprintf(out->commit, sizeof out->commit, "%s", cb_db_col(stmt, 12));
	if (s == CB_OK && (cl = json_loads(cb_db_col(stmt, 11), 0, &jerr)) ==
	    NULL)
		s = cb_fail(err, CB_ERR, _("%s: the index holds a broken "
		    "checklist (%s): run 'casebook reindex'"), id, jerr.text);
	cb_db_release(st, stmt);
	if (s != CB_OK)
		return s;
	/* A record that moved since the index was read: ask the record. */
	if (cb_record_tip_fast(st, tip) && strcmp(tip, out->commit) != 0) {
		json_decref(cl);
		return cb_fail(err, CB_ENOTFOUND, _("index behind"));
	}
	out->priv = cl;
	return CB_OK;
}

enum cb_status
cb_store_case(struct cb_store *st, const char *id, const char *commit,
    struct cb_case *out, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	json_t *cl = NULL;
	enum cb_status s;

	memset(out, 0, sizeof *out);
	cb_incident_init(&out->inc);
	if (commit == NULL && case_from_index(st, id, out, err) == CB_OK) {
		cl = out->priv;
		if ((s = playbooks_for(st, &out->inc.classes, &pbs, err)) !=
		    CB_OK) {
			cb_case_free(out);
			return s;
		}
		case_fill(pbs, cl, out);
		return CB_OK;
	}
	cb_incident_free(&out->inc);
	memset(out, 0, sizeof *out);
	cb_incident_init(&out->inc);
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_repo(st, err)) != CB_OK ||
	    (s = commit_at(st, commit, &c, err)) != CB_OK)
		goto out;
	git_oid_tostr(out->commit, sizeof out->commit, git_commit_id(c));
	if (git_commit_tree(&tree, c) < 0) {
		s = cb_git_error(err, "reading a tree");
		goto out;
	}
	cb_incident_free(&out->inc);
	if ((s = cb_record_incident(st, tree, id, &out->inc, err)) != CB_OK ||
	    (s = read_checklist(st, tree, id, &cl, err)) != CB_OK)
		goto out;
	case_fill(pbs, cl, out);
	cl = NULL;
out:
	json_decref(cl);
	git_tree_free(tree);
	git_commit_free(c);
	if (s != CB_OK)
		cb_case_free(out);
	return s;
}

void
cb_case_free(struct cb_case *c)
{
	cb_checklist_free(&c->cl);
	free(c->answers);
	free(c->suggestions);
	json_decref(c->priv);
	cb_incident_free(&c->inc);
	memset(c, 0, sizeof *c);
}

/* --- answering ---------------------------------------------------------------- */

struct answer_arg {
	const char *id;
	const struct cb_answer_req *req;
	const struct cb_item *item;
	char *value;		/* normalised; NULL for a waiver */
	char *base;		/* what the change started from */
	bool changed;
};

/* What an answer reads as, for comparing and for messages. */
static char *
answer_text(json_t *a)
{
	if (a == NULL)
		return xstrdup("");
	if (json_is_true(json_object_get(a, "waived")))
		return xasprintf("(waived: %s)", str(a, "reason"));
	return xstrdup(str(a, "value"));
}

/*
 * An answer of an item that mirrors a field (graph.yaml 'field') is the
 * field: the incident takes the value.  A waiver empties the field when
 * it can be empty (no severity, no hosts) and leaves it otherwise.
 */
static enum cb_status
sync_field(struct cb_incident *inc, const struct cb_item *item,
    const char *value, struct cb_error *err)
{
	struct cb_error ignored;

	if (item->field == NULL)
		return CB_OK;
	if (value == NULL) {
		(void)cb_incident_set(inc, item->field, "", &ignored);
		return CB_OK;
	}
	return cb_incident_set(inc, item->field, value, err);
}

static enum cb_status
conflict(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    const char *id, const char *what, const char *theirs, const char *base,
    const char *ours, struct cb_error *err)
{
	char who[600];

	cb_record_last_author(st, git_commit_id(tip),
	    git_oid_equal(git_commit_id(tip), base_tip) ? NULL : base_tip, id,
	    who, sizeof who);
	return cb_fail(err, CB_ECONFLICT, _("%s: conflict on %s: %s made it "
	    "'%s' while you were changing it from '%s' to '%s'; nothing was "
	    "written"), id, what, who, theirs[0] ? theirs : "(unanswered)",
	    base[0] ? base : "(unanswered)", ours);
}

static enum cb_status
apply_answer(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct answer_arg *a = arg;
	const struct cb_answer_req *req = a->req;
	const struct cb_playbooks *pbs = st->pbs;
	const struct cb_checkitem *ci;
	struct cb_identity who;
	struct cb_incident inc;
	struct cb_checklist c;
	struct cb_answer *answers;
	json_t *cl = NULL, *entry, *old;
	char *now_text = NULL, *new_text = NULL, at[CB_TIME_MAX];
	git_tree *root = NULL;
	bool fresh;
	enum cb_status s;

	cb_incident_init(&inc);
	if ((s = cb_store_identity(st, &who, err)) != CB_OK ||
	    (s = read_tip(st, tip, a->id, &root, &inc, &cl, err)) != CB_OK)
		goto out;

	old = json_object_get(member(cl, "answers", false), a->item->id);
	now_text = answer_text(old);
	if (a->base == NULL)
		a->base = xstrdup(req->expect != NULL ? req->expect : now_text);
	cb_time_format(cb_now(), at);
	if (req->withdraw) {
		/* Taken back: the item unanswered again, the record says so. */
		if (old == NULL) {
			plan->nothing = true;
			goto out;
		}
		if (strcmp(now_text, a->base) != 0) {
			s = conflict(st, tip, base_tip, a->id, a->item->id,
			    now_text, a->base, "(withdrawn)", err);
			goto out;
		}
		json_object_del(member(cl, "answers", false), a->item->id);
		if ((s = sync_field(&inc, a->item, NULL, err)) != CB_OK)
			goto out;
		memcpy(inc.updated, at, sizeof inc.updated);
		if ((s = refresh_checklist(st, &inc, cl, true, plan, err)) !=
		    CB_OK || (s = cb_plan_incident(st, plan, &inc, err)) != CB_OK)
			goto out;
		cb_buf_printf(&plan->message, "%s: withdraw %s: ", a->id,
		    a->item->id);
		cb_add_excerpt(&plan->message, req->reason, strlen(req->reason),
		    120);
		plan->incident = a->id;
		plan->action = "withdraw";
		plan->item = a->item->id;
		a->changed = true;
		goto out;
	}
	entry = json_object();
	if (a->value != NULL) {
		json_object_set_new(entry, "value", json_string(a->value));
	} else {
		json_object_set_new(entry, "waived", json_true());
		json_object_set_new(entry, "reason", json_string(req->reason));
	}
	new_text = answer_text(entry);
	if (strcmp(now_text, new_text) == 0 && (req->decided_by == NULL ||
	    strcmp(str(old, "decided_by"), req->decided_by) == 0)) {
		json_decref(entry);
		plan->nothing = true;	/* already so, whoever did it */
		goto out;
	}
	if (strcmp(now_text, a->base) != 0) {
		json_decref(entry);
		s = conflict(st, tip, base_tip, a->id, a->item->id, now_text,
		    a->base, new_text, err);
		goto out;
	}

	/* Only an item whose dependencies are met can be answered. */
	compute(pbs, &inc, cl, &answers, &c);
	ci = cb_checklist_find(&c, a->item->id);
	fresh = old == NULL;
	if (ci->state == CB_ITEM_NA) {
		char *classes = cb_strlist_join(&inc.classes, ", ");

		s = cb_fail(err, CB_EUSAGE, _("%s: %s does not apply to a %s "
		    "incident"), a->id, a->item->id, classes);
		free(classes);
	} else if (fresh && ci->state == CB_ITEM_BLOCKED) {
		struct cb_buf b = { 0 };

		for (size_t i = 0; i < ci->nblocked_by; i++)
			cb_buf_printf(&b, "%s%s", i ? ", " : "",
			    ci->blocked_by[i]->id);
		s = cb_fail(err, CB_ERR, _("%s: %s cannot be answered yet: it "
		    "waits for %s"), a->id, a->item->id, b.data);
		cb_buf_free(&b);
	}
	cb_checklist_free(&c);
	free(answers);
	if (s != CB_OK) {
		json_decref(entry);
		goto out;
	}

	json_object_set_new(entry, "by", json_string(who.login));
	if (req->decided_by != NULL)
		json_object_set_new(entry, "decided_by",
		    json_string(req->decided_by));
	if (req->note != NULL && req->note[0] != '\0')
		json_object_set_new(entry, "note", json_string(req->note));
	json_object_set_new(entry, "at", json_string(at));
	json_object_set_new(entry, "playbook", json_string(pbs->hash));
	json_object_set_new(member(cl, "answers", false), a->item->id, entry);
	if ((s = sync_field(&inc, a->item, a->value, err)) != CB_OK)
		goto out;
	memcpy(inc.updated, at, sizeof inc.updated);
	if ((s = refresh_checklist(st, &inc, cl, true, plan, err)) != CB_OK)
		goto out;
	s = cb_plan_incident(st, plan, &inc, err);
	if (s == CB_OK)
		s = cb_plan_resolve(st, root, plan, a->id, a->item->field,
		    a->item->id, err);

	cb_buf_printf(&plan->message, "%s: %s %s: ", a->id,
	    a->value != NULL ? "answer" : "waive", a->item->id);
	cb_add_excerpt(&plan->message, a->value != NULL ? a->value :
	    req->reason, strlen(a->value != NULL ? a->value : req->reason), 120);
	if (req->decided_by != NULL)
		cb_buf_printf(&plan->message, " (decided by %s)",
		    req->decided_by);
	plan->incident = a->id;
	plan->action = a->value != NULL ? "answer" : "waive";
	plan->item = a->item->id;
	a->changed = true;
out:
	free(now_text);
	free(new_text);
	json_decref(cl);
	cb_incident_free(&inc);
	git_tree_free(root);
	return s;
}

/*
 * Checks req as cb_store_answer does before committing (the item, the
 * reason, the text, the head, the role, the value), filling a.
 */
static enum cb_status
prepare_answer(struct cb_store *st, const char *id,
    const struct cb_answer_req *req, struct answer_arg *a,
    struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	enum cb_role head;
	enum cb_status s;

	memset(a, 0, sizeof *a);
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK)
		return s;
	a->id = id;
	a->req = req;
	if ((a->item = cb_graph_find(pbs, req->item)) == NULL)
		return cb_fail(err, CB_EUSAGE, _("there is no item '%s' (see "
		    "'casebook checklist %s')"), req->item, id);
	if (req->value == NULL && (req->reason == NULL || req->reason[0] == '\0'))
		return cb_fail(err, CB_EUSAGE, req->withdraw ? "withdrawing an "
		    "answer needs a reason" : "a waiver needs a reason");
	if (req->withdraw && (req->value != NULL || req->decided_by != NULL))
		return cb_fail(err, CB_EUSAGE, _("a withdrawal takes a reason, "
		    "not a value"));
	/* Text the record cannot hold is refused, never dropped. */
	if ((req->value == NULL && (s = cb_text_check("reason", req->reason,
	    strlen(req->reason), 0, err)) != CB_OK) ||
	    (req->note != NULL && (s = cb_text_check("note", req->note,
	    strlen(req->note), 0, err)) != CB_OK))
		return s;
	if (req->decided_by != NULL) {
		if (a->item->role != CB_ROLE_HEAD)
			return cb_fail(err, CB_EUSAGE, _("%s is not decided by "
			    "the head: answer it without --for"), a->item->id);
		if ((s = cb_store_role(st, req->decided_by, &head, NULL, 0,
		    err)) != CB_OK)
			return s;
		if (head != CB_ROLE_HEAD)
			return cb_fail(err, CB_EUSAGE, _("%s is not a department "
			    "head in this store (their role is %s): 'casebook "
			    "role %s head' makes them one"), req->decided_by,
			    cb_role_names[head], req->decided_by);
	}
	if ((s = cb_store_may_answer(st, a->item, req->decided_by != NULL,
	    err)) != CB_OK)
		return s;
	if (req->value != NULL &&
	    (s = cb_value_check(a->item, req->value, &a->value, err)) != CB_OK)
		return s;
	return CB_OK;
}

enum cb_status
cb_store_answer(struct cb_store *st, const char *id,
    const struct cb_answer_req *req, bool *changed, struct cb_error *err)
{
	struct answer_arg a;
	git_oid commit;
	enum cb_status s;

	if (changed != NULL)
		*changed = false;
	if ((s = prepare_answer(st, id, req, &a, err)) == CB_OK)
		s = cb_record_commit(st, apply_answer, &a, &commit, err);
	free(a.value);
	free(a.base);
	if (changed != NULL)
		*changed = s == CB_OK && a.changed;
	if (s == CB_OK && a.changed)
		cb_index_after_commit(st);
	return s;
}

/* An answer as one part of a larger change (store-int.h). */
struct cb_answer_part {
	struct answer_arg a;
};

enum cb_status
cb_answer_part_new(struct cb_store *st, const char *id,
    const struct cb_answer_req *req, struct cb_answer_part **out,
    struct cb_error *err)
{
	struct cb_answer_part *p = xcalloc(1, sizeof *p);
	enum cb_status s;

	if ((s = prepare_answer(st, id, req, &p->a, err)) != CB_OK) {
		cb_answer_part_free(p);
		p = NULL;
	}
	*out = p;
	return s;
}

enum cb_status
cb_answer_part_apply(struct cb_store *st, git_commit *tip,
    const git_oid *base_tip, struct cb_commit_plan *plan,
    struct cb_answer_part *p, struct cb_error *err)
{
	p->a.changed = false;
	return apply_answer(st, tip, base_tip, plan, &p->a, err);
}

bool
cb_answer_part_changed(const struct cb_answer_part *p)
{
	return p->a.changed;
}

void
cb_answer_part_free(struct cb_answer_part *p)
{
	if (p == NULL)
		return;
	free(p->a.value);
	free(p->a.base);
	free(p);
}

/* --- the phase ---------------------------------------------------------------- */

struct advance_arg {
	const char *id;
	bool back;
	const char *reason;
	int from;		/* the phase the change started from; -1 unset */
	enum cb_phase to;
	int force;		/* the phase to force, skipping gates; -1 none */
	bool changed;
};

static enum cb_status
gate_refused(const char *id, enum cb_phase phase, const struct cb_checklist *c,
    struct cb_error *err)
{
	const struct cb_checkitem *missing[64];
	size_t n = cb_checklist_missing(c, phase, missing, 64);
	struct cb_buf b = { 0 };
	enum cb_status s;

	if (n == 0)
		return CB_OK;
	for (size_t i = 0; i < n && i < 64; i++)
		cb_buf_printf(&b, "%s%s (%s)", i ? ", " : "",
		    missing[i]->item->id,
		    cb_item_state_names[missing[i]->state]);
	s = cb_fail(err, CB_ERR, _("%s: the %s phase is not complete: %zu "
	    "required item%s missing: %s"), id, cb_phase_names[phase], n,
	    n == 1 ? " is" : "s are", b.data);
	cb_buf_free(&b);
	return s;
}

static enum cb_status
apply_advance(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct advance_arg *a = arg;
	struct cb_incident inc;
	struct cb_checklist c;
	struct cb_answer *answers;
	json_t *cl = NULL;
	git_tree *root = NULL;
	enum cb_status s;

	(void)base_tip;
	cb_incident_init(&inc);
	if ((s = read_tip(st, tip, a->id, &root, &inc, &cl, err)) != CB_OK)
		goto out;
	if (a->from < 0)
		a->from = (int)inc.phase;
	if ((int)inc.phase != a->from) {
		s = cb_fail(err, CB_ECONFLICT, _("%s: conflict on the phase: "
		    "someone moved it to %s while you were moving it on from "
		    "%s; nothing was written"), a->id, cb_phase_names[inc.phase],
		    cb_phase_names[a->from]);
		goto out;
	}
	if (a->force >= 0) {
		if ((int)inc.phase == a->force) {
			plan->nothing = true;
			goto out;
		}
		a->to = (enum cb_phase)a->force;
		goto move;
	}
	if (a->back && inc.phase == CB_PHASE_INTAKE) {
		s = cb_fail(err, CB_EUSAGE, _("%s is in intake, the first phase"),
		    a->id);
		goto out;
	}
	if (!a->back && inc.phase == CB_PHASE_CLOSED) {
		s = cb_fail(err, CB_EUSAGE, _("%s is closed, the last phase"),
		    a->id);
		goto out;
	}
	if (!a->back) {
		compute(st->pbs, &inc, cl, &answers, &c);
		s = gate_refused(a->id, inc.phase, &c, err);
		cb_checklist_free(&c);
		free(answers);
		if (s != CB_OK)
			goto out;
	}
	a->to = (enum cb_phase)((int)inc.phase + (a->back ? -1 : 1));
move:
	inc.phase = a->to;
	cb_time_format(cb_now(), inc.updated);
	if ((s = refresh_checklist(st, &inc, cl, false, plan, err)) != CB_OK)
		goto out;
	s = cb_plan_incident(st, plan, &inc, err);
	cb_buf_printf(&plan->message, "%s: phase %s -> %s", a->id,
	    cb_phase_names[a->from], cb_phase_names[a->to]);
	if (a->back || a->force >= 0) {
		cb_buf_adds(&plan->message, a->back ? " (back)" : " (forced)");
		if (a->reason != NULL && a->reason[0] != '\0') {
			cb_buf_adds(&plan->message, ": ");
			cb_add_excerpt(&plan->message, a->reason,
			    strlen(a->reason), 160);
		}
	}
	plan->incident = a->id;
	plan->action = a->force >= 0 ? "force-phase" : a->back ? "back" :
	    "advance";
	a->changed = true;
out:
	json_decref(cl);
	cb_incident_free(&inc);
	git_tree_free(root);
	return s;
}

enum cb_status
cb_store_advance(struct cb_store *st, const char *id, bool back,
    const char *reason, enum cb_phase *phase, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct advance_arg a = { id, back, reason, -1, CB_PHASE_INTAKE, -1,
	    false };
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_store_may_set(st, "phase", err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_advance, &a, &commit, err);
	if (s == CB_OK) {
		*phase = a.to;
		cb_index_after_commit(st);
	}
	return s;
}

enum cb_status
cb_store_force_phase(struct cb_store *st, const char *id, enum cb_phase phase,
    const char *reason, bool *changed, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct advance_arg a = { id, false, reason, -1, phase, (int)phase,
	    false };
	git_oid commit;
	enum cb_status s;

	if (changed != NULL)
		*changed = false;
	if (reason == NULL || reason[0] == '\0')
		return cb_fail(err, CB_EUSAGE, _("a forced phase move needs a "
		    "reason: why the gates are skipped"));
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_store_may_set(st, "phase", err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_advance, &a, &commit, err);
	if (changed != NULL)
		*changed = s == CB_OK && a.changed;
	if (s == CB_OK && a.changed)
		cb_index_after_commit(st);
	return s;
}

/* --- suggestions ------------------------------------------------------------- */

struct suggestion_arg {
	const char *id;
	const char *key;
	bool accept;
	enum cb_role role;
};

static enum cb_status
apply_suggestion(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct suggestion_arg *a = arg;
	struct cb_identity who;
	struct cb_incident inc;
	json_t *cl = NULL, *g, *found = NULL;
	char at[CB_TIME_MAX];
	const char *effect, *value;
	git_tree *root = NULL;
	bool accepted_urgency = false;
	size_t i;
	enum cb_status s;

	(void)base_tip;
	cb_incident_init(&inc);
	if ((s = cb_store_identity(st, &who, err)) != CB_OK ||
	    (s = read_tip(st, tip, a->id, &root, &inc, &cl, err)) != CB_OK)
		goto out;
	json_array_foreach(member(cl, "suggestions", true), i, g)
		if (strcmp(str(g, "key"), a->key) == 0)
			found = g;
	if (found == NULL) {
		s = cb_fail(err, CB_ENOTFOUND, _("%s has no suggestion %s (see "
		    "'casebook checklist %s')"), a->id, a->key, a->id);
		goto out;
	}
	if (strcmp(str(found, "status"), "open") != 0) {
		s = cb_fail(err, CB_ECONFLICT, _("%s: suggestion %s was already "
		    "%s by %s"), a->id, a->key, str(found, "status"),
		    str(found, "by"));
		goto out;
	}
	effect = str(found, "effect");
	value = str(found, "value");
	if (a->accept && strcmp(effect, "suggest_urgency") == 0) {
		if (a->role != CB_ROLE_TECH) {
			s = cb_fail(err, CB_EDENIED, _("only a tech member (CERT) "
			    "may set the urgency; you are %s"),
			    cb_role_names[a->role]);
			goto out;
		}
		if ((s = cb_incident_set(&inc, "urgency", value, err)) != CB_OK)
			goto out;
		accepted_urgency = true;
	} else if (a->accept && strcmp(effect, "suggest_back") == 0) {
		s = cb_fail(err, CB_EUSAGE, _("to accept %s, take the incident "
		    "back: 'casebook advance %s --back -m REASON'"), a->key,
		    a->id);
		goto out;
	} else if (a->accept && strcmp(effect, "suggest_advance") == 0) {
		s = cb_fail(err, CB_EUSAGE, _("to accept %s, advance the incident: "
		    "'casebook advance %s'"), a->key, a->id);
		goto out;
	}
	cb_time_format(cb_now(), at);
	json_object_set_new(found, "status", json_string(a->accept ?
	    "accepted" : "dismissed"));
	json_object_set_new(found, "by", json_string(who.login));
	json_object_set_new(found, "acted_at", json_string(at));
	memcpy(inc.updated, at, sizeof inc.updated);
	if (accepted_urgency) {
		const char *const fields[] = { "urgency", NULL };

		mirror_fields(st->pbs, cl, &inc, fields, who.login, at);
	}
	if ((s = refresh_checklist(st, &inc, cl, true, plan, err)) != CB_OK)
		goto out;
	s = cb_plan_incident(st, plan, &inc, err);
	cb_buf_printf(&plan->message, "%s: %s suggestion %s (%s ", a->id,
	    a->accept ? "accept" : "dismiss", a->key, effect);
	cb_add_excerpt(&plan->message, value, strlen(value), 60);
	cb_buf_adds(&plan->message, ")");
	plan->incident = a->id;
	plan->action = a->accept ? "suggestion-accept" : "suggestion-dismiss";
	plan->item = accepted_urgency ? "urgency" : NULL;
out:
	json_decref(cl);
	cb_incident_free(&inc);
	git_tree_free(root);
	return s;
}

enum cb_status
cb_store_suggestion(struct cb_store *st, const char *id, const char *key,
    bool accept, struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct suggestion_arg a = { id, key, accept, CB_ROLE_NONE };
	git_oid commit;
	enum cb_status s;

	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK ||
	    (s = cb_store_may_write(st, err)) != CB_OK ||
	    (s = cb_store_role(st, NULL, &a.role, NULL, 0, err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_suggestion, &a, &commit, err);
	if (s == CB_OK)
		cb_index_after_commit(st);
	return s;
}

/* --- rules fired by alerts ---------------------------------------------------- */

struct reevaluate_arg {
	const char *id;
	bool changed;
};

static enum cb_status
apply_reevaluate(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	struct reevaluate_arg *a = arg;
	struct cb_incident inc;
	json_t *cl = NULL;
	git_tree *root = NULL;
	enum cb_status s;

	(void)base_tip;
	a->changed = false;
	cb_incident_init(&inc);
	if ((s = read_tip(st, tip, a->id, &root, &inc, &cl, err)) != CB_OK)
		goto out;
	if ((s = refresh_checklist(st, &inc, cl, false, plan, err)) != CB_OK)
		goto out;
	if (plan->n == 0) {
		plan->nothing = true;
		goto out;
	}
	cb_buf_printf(&plan->message, "%s: rules looked again at its alerts",
	    a->id);
	plan->incident = a->id;
	plan->action = "rules";
	a->changed = true;
out:
	json_decref(cl);
	cb_incident_free(&inc);
	git_tree_free(root);
	return s;
}

enum cb_status
cb_store_reevaluate(struct cb_store *st, const char *id, bool *changed,
    struct cb_error *err)
{
	const struct cb_playbooks *pbs;
	struct reevaluate_arg a = { id, false };
	git_oid commit;
	enum cb_status s;

	if (changed != NULL)
		*changed = false;
	if ((s = cb_store_playbooks(st, &pbs, err)) != CB_OK)
		return s;
	s = cb_record_commit(st, apply_reevaluate, &a, &commit, err);
	if (s == CB_OK && a.changed)
		cb_index_after_commit(st);
	if (changed != NULL)
		*changed = s == CB_OK && a.changed;
	return s;
}
