#include "core/checklist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const cb_item_state_names[CB_ITEM_STATE_COUNT] = {
	"blocked", "ready", "answered", "waived", "not-applicable",
};

/* The playbooks of the incident's classes, in class order. */
static size_t
incident_playbooks(const struct cb_playbooks *pbs,
    const struct cb_strlist *classes, const struct cb_playbook **out)
{
	size_t n = 0;

	for (size_t i = 0; i < classes->n; i++) {
		const struct cb_playbook *pb = cb_playbook_find(pbs,
		    classes->v[i]);

		if (pb != NULL)
			out[n++] = pb;
	}
	return n;
}

static const struct cb_answer *
latest_answer(const struct cb_answer *answers, size_t n, const char *item)
{
	const struct cb_answer *found = NULL;

	for (size_t i = 0; i < n; i++)
		if (strcmp(answers[i].item, item) == 0)
			found = &answers[i];
	return found;
}

static struct cb_checkitem *
find(struct cb_checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->nitems; i++)
		if (strcmp(cl->items[i].item->id, id) == 0)
			return &cl->items[i];
	return NULL;
}

const struct cb_checkitem *
cb_checklist_find(const struct cb_checklist *cl, const char *item)
{
	return find((struct cb_checklist *)(uintptr_t)cl, item);
}

static bool
applies(const struct cb_checkitem *ci)
{
	return ci != NULL && ci->state != CB_ITEM_NA;
}

static bool
satisfied(const struct cb_checkitem *ci)
{
	return ci->state == CB_ITEM_ANSWERED || ci->state == CB_ITEM_WAIVED;
}

/*
 * A value among a comma-separated answer ("intrusion,malware" holds
 * "malware"): a choice that takes several values, such as the
 * classification, is matched by membership.
 */
static bool
value_holds(const char *answer, const char *value)
{
	size_t n = strlen(value);

	for (const char *p = answer; *p != '\0'; ) {
		size_t len = strcspn(p, ",");

		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		if (len == n && strncmp(p, value, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool
holds(const struct cb_checklist *cl, const struct cb_cond *c)
{
	const struct cb_checkitem *ci;

	switch (c->type) {
	case CB_COND_EQUALS:
		ci = cb_checklist_find(cl, c->item);
		return ci != NULL && ci->state == CB_ITEM_ANSWERED &&
		    ci->answer->value != NULL &&
		    value_holds(ci->answer->value, c->value);
	case CB_COND_ALL:
		for (size_t i = 0; i < c->nsub; i++)
			if (!holds(cl, &c->sub[i]))
				return false;
		return true;
	case CB_COND_ANY:
		for (size_t i = 0; i < c->nsub; i++)
			if (holds(cl, &c->sub[i]))
				return true;
		return false;
	}
	return false;
}

static void
add_blocker(struct cb_checkitem *ci, const struct cb_item *by)
{
	ci->blocked_by = xrealloc(ci->blocked_by,
	    (ci->nblocked_by + 1) * sizeof *ci->blocked_by);
	ci->blocked_by[ci->nblocked_by++] = by;
}

void
cb_checklist_compute(const struct cb_playbooks *pbs,
    const struct cb_strlist *classes, const struct cb_answer *answers,
    size_t nanswers, struct cb_checklist *out)
{
	const struct cb_playbook **books = xcalloc(classes->n + 1,
	    sizeof *books);
	size_t nbooks = incident_playbooks(pbs, classes, books);

	memset(out, 0, sizeof *out);
	out->nitems = pbs->graph.nitems;
	out->items = xcalloc(out->nitems, sizeof *out->items);

	/* Which items apply, which are required, which are answered. */
	for (size_t i = 0; i < out->nitems; i++) {
		struct cb_checkitem *ci = &out->items[i];

		ci->item = &pbs->graph.items[i];
		ci->state = CB_ITEM_NA;
		for (size_t b = 0; b < nbooks; b++) {
			for (size_t k = 0; k < books[b]->nitems; k++) {
				const struct cb_pb_item *p = &books[b]->items[k];

				if (strcmp(p->id, ci->item->id) != 0)
					continue;
				if (ci->guidance == NULL)
					ci->guidance = p;
				ci->state = CB_ITEM_READY;
				ci->required |= p->required;
			}
		}
		if (ci->state == CB_ITEM_NA)
			continue;
		ci->answer = latest_answer(answers, nanswers, ci->item->id);
		if (ci->answer != NULL)
			ci->state = ci->answer->value != NULL ? CB_ITEM_ANSWERED :
			    CB_ITEM_WAIVED;
	}

	/* Dependencies, among applicable items only. */
	for (size_t i = 0; i < out->nitems; i++) {
		struct cb_checkitem *ci = &out->items[i];
		const struct cb_item *it = ci->item;
		bool any_applies = false, any_met = false;

		if (!applies(ci))
			continue;
		for (size_t d = 0; d < it->ndep_all; d++) {
			struct cb_checkitem *dep = find(out, it->dep_all[d].id);

			if (!applies(dep))
				continue;
			dep->unblocks++;
			if (!satisfied(dep))
				add_blocker(ci, dep->item);
		}
		for (size_t d = 0; d < it->ndep_any; d++) {
			struct cb_checkitem *dep = find(out, it->dep_any[d].id);

			if (!applies(dep))
				continue;
			dep->unblocks++;
			any_applies = true;
			any_met |= satisfied(dep);
		}
		if (any_applies && !any_met)
			for (size_t d = 0; d < it->ndep_any; d++) {
				struct cb_checkitem *dep = find(out,
				    it->dep_any[d].id);

				if (applies(dep))
					add_blocker(ci, dep->item);
			}
		if (ci->state == CB_ITEM_READY && ci->nblocked_by > 0)
			ci->state = CB_ITEM_BLOCKED;
	}

	/* Rules: what fired, and the items they make required. */
	for (size_t b = 0; b < nbooks; b++) {
		for (size_t r = 0; r < books[b]->nrules; r++) {
			const struct cb_rule *rule = &books[b]->rules[r];

			if (!holds(out, &rule->when))
				continue;
			for (size_t e = 0; e < rule->neffects; e++) {
				const struct cb_effect *eff = &rule->effects[e];
				struct cb_checkitem *req;

				if (eff->type == CB_EFFECT_REQUIRE &&
				    (req = find(out, eff->arg)) != NULL &&
				    applies(req))
					req->required = true;
				out->suggestions = xrealloc(out->suggestions,
				    (out->nsuggestions + 1) *
				    sizeof *out->suggestions);
				out->suggestions[out->nsuggestions].playbook =
				    books[b];
				out->suggestions[out->nsuggestions].rule = rule;
				out->suggestions[out->nsuggestions].effect = eff;
				out->nsuggestions++;
			}
		}
	}
	free(books);
}

void
cb_checklist_free(struct cb_checklist *cl)
{
	for (size_t i = 0; i < cl->nitems; i++)
		free(cl->items[i].blocked_by);
	free(cl->items);
	free(cl->suggestions);
	memset(cl, 0, sizeof *cl);
}

static int
next_cmp(const void *a, const void *b)
{
	const struct cb_checkitem *x = *(const struct cb_checkitem *const *)a;
	const struct cb_checkitem *y = *(const struct cb_checkitem *const *)b;

	if (x->item->phase != y->item->phase)
		return x->item->phase < y->item->phase ? -1 : 1;
	if (x->unblocks != y->unblocks)
		return x->unblocks > y->unblocks ? -1 : 1;
	return x < y ? -1 : x > y;	/* graph order */
}

size_t
cb_checklist_next(const struct cb_checklist *cl,
    const struct cb_checkitem **out, size_t max)
{
	const struct cb_checkitem **ready = xcalloc(cl->nitems + 1,
	    sizeof *ready);
	size_t n = 0;

	for (size_t i = 0; i < cl->nitems; i++)
		if (cl->items[i].state == CB_ITEM_READY)
			ready[n++] = &cl->items[i];
	qsort(ready, n, sizeof *ready, next_cmp);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = ready[i];
	free(ready);
	return n;
}

size_t
cb_checklist_missing(const struct cb_checklist *cl, enum cb_phase phase,
    const struct cb_checkitem **missing, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cl->nitems; i++) {
		const struct cb_checkitem *ci = &cl->items[i];

		if (ci->item->phase != phase || !ci->required || !applies(ci) ||
		    satisfied(ci))
			continue;
		if (n < max)
			missing[n] = ci;
		n++;
	}
	return n;
}
