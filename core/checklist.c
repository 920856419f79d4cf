#include "core/checklist.h"
#include "core/datetime.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "core/nls.h"

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

bool
cb_checklist_is_default(const struct cb_checklist *cl,
    const struct cb_incident *inc, const char *field)
{
	struct cb_incident fresh;
	char *now, *dflt;
	bool is = false;

	for (size_t i = 0; i < cl->nitems; i++) {
		const struct cb_checkitem *ci = &cl->items[i];

		if (ci->item->field == NULL ||
		    strcmp(ci->item->field, field) != 0)
			continue;
		if (ci->answer != NULL && ci->answer->value != NULL)
			return false;
		cb_incident_init(&fresh);
		now = cb_incident_get(inc, field);
		dflt = cb_incident_get(&fresh, field);
		is = now[0] != '\0' && strcmp(now, dflt) == 0;
		free(now);
		free(dflt);
		cb_incident_free(&fresh);
		break;
	}
	return is;
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

/* Dates and times: core/datetime.c, in the local zone. */
static bool
parse_datetime(const char *s, time_t *when, char out[CB_TIME_MAX])
{
	return cb_datetime_parse(s, cb_now(), when, out);
}

/*
 * When item was done: its answer as a time (a done item's "now" was
 * stored as the time), else the time the answer was recorded; false when
 * it is not answered.
 */
static bool
answered_time(const struct cb_checklist *cl, const char *item, time_t *when)
{
	const struct cb_checkitem *ci = cb_checklist_find(cl, item);
	char buf[CB_TIME_MAX];

	if (ci == NULL || ci->state != CB_ITEM_ANSWERED ||
	    ci->answer->value == NULL)
		return false;
	if (parse_datetime(ci->answer->value, when, buf))
		return true;
	return ci->answer->at != NULL && parse_datetime(ci->answer->at, when,
	    buf);
}

static bool
alerts_hold(const struct cb_checklist *cl, const struct cb_cond *c,
    const struct cb_alert_facts *f)
{
	time_t after = 0;

	if (f == NULL)
		return false;
	if (c->item != NULL && !answered_time(cl, c->item, &after))
		return false;
	if (c->phase >= 0) {
		if ((int)f->phase != c->phase || f->phase_since == 0)
			return false;
		if (f->phase_since > after)
			after = f->phase_since;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct cb_alert_fact *a = &f->alerts[i];

		if (!a->attached && !c->hosts)
			continue;
		if (c->source[0] != '\0' && strcmp(a->source, c->source) != 0)
			continue;
		if (c->min_score >= 0 && !(a->score >= c->min_score))
			continue;
		if ((c->item != NULL || c->phase >= 0) && a->event <= after)
			continue;
		return true;
	}
	return false;
}

static bool
holds(const struct cb_checklist *cl, const struct cb_cond *c,
    const struct cb_alert_facts *f)
{
	const struct cb_checkitem *ci;

	switch (c->type) {
	case CB_COND_ALERTS:
		return alerts_hold(cl, c, f);
	case CB_COND_EQUALS:
		ci = cb_checklist_find(cl, c->item);
		return ci != NULL && ci->state == CB_ITEM_ANSWERED &&
		    ci->answer->value != NULL &&
		    value_holds(ci->answer->value, c->value);
	case CB_COND_ALL:
		for (size_t i = 0; i < c->nsub; i++)
			if (!holds(cl, &c->sub[i], f))
				return false;
		return true;
	case CB_COND_ANY:
		for (size_t i = 0; i < c->nsub; i++)
			if (holds(cl, &c->sub[i], f))
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
	cb_checklist_compute_alerts(pbs, classes, answers, nanswers, NULL, out);
}

void
cb_checklist_compute_alerts(const struct cb_playbooks *pbs,
    const struct cb_strlist *classes, const struct cb_answer *answers,
    size_t nanswers, const struct cb_alert_facts *facts,
    struct cb_checklist *out)
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

			if (!holds(out, &rule->when, facts))
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

static bool
uses_alerts(const struct cb_cond *c)
{
	if (c->type == CB_COND_ALERTS)
		return true;
	for (size_t i = 0; i < c->nsub; i++)
		if (uses_alerts(&c->sub[i]))
			return true;
	return false;
}

bool
cb_checklist_key_on_alerts(const struct cb_playbooks *pbs, const char *key)
{
	const char *slash = strchr(key, '/'), *rule, *end;

	if (pbs == NULL || slash == NULL)
		return false;
	rule = slash + 1;
	if ((end = strchr(rule, '/')) == NULL)
		return false;
	for (size_t b = 0; b < pbs->nplaybooks; b++) {
		const struct cb_playbook *pb = &pbs->playbooks[b];

		if (strlen(pb->class_id) != (size_t)(slash - key) ||
		    strncmp(pb->class_id, key, (size_t)(slash - key)) != 0)
			continue;
		for (size_t r = 0; r < pb->nrules; r++)
			if (strlen(pb->rules[r].id) == (size_t)(end - rule) &&
			    strncmp(pb->rules[r].id, rule,
			    (size_t)(end - rule)) == 0)
				return uses_alerts(&pb->rules[r].when);
	}
	return false;
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

/* --- values ------------------------------------------------------------------ */

static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}


static bool
host_name_ok(const char *h)
{
	size_t label = 0, n = strlen(h);

	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
		if (++label > 63 || (c == '-' && label == 1))
			return false;
	}
	return label > 0;
}

static bool
address_ok(const char *h)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, h, buf) == 1 ||
	    inet_pton(AF_INET6, h, buf) == 1;
}

static const struct cb_option *
find_option(const struct cb_item *item, const char *v, size_t len)
{
	for (size_t i = 0; i < item->noptions; i++)
		if (strlen(item->options[i].value) == len &&
		    strncmp(item->options[i].value, v, len) == 0)
			return &item->options[i];
	return NULL;
}

static enum cb_status
choice_error(const struct cb_item *item, const char *value,
    struct cb_error *err)
{
	struct cb_buf b = { 0 };
	enum cb_status s;

	for (size_t i = 0; i < item->noptions; i++)
		cb_buf_printf(&b, "%s%s", i ? ", " : "", item->options[i].value);
	s = cb_fail(err, CB_EUSAGE, _("%s: '%s' is not one of its options: %s%s"),
	    item->id, value, b.data, strcmp(item->id, "classification") == 0 ?
	    " (one or more, comma-separated)" : "");
	cb_buf_free(&b);
	return s;
}

static enum cb_status
check_choice(const struct cb_item *item, const char *v, char **out,
    struct cb_error *err)
{
	bool multi = strcmp(item->id, "classification") == 0;
	bool *picked = xcalloc(item->noptions, sizeof *picked);
	struct cb_buf b = { 0 };
	size_t count = 0;

	for (const char *p = v; ; ) {
		size_t len = strcspn(p, ",");
		const char *start = p;
		const struct cb_option *o;

		while (len > 0 && *start == ' ')
			start++, len--;
		while (len > 0 && start[len - 1] == ' ')
			len--;
		o = find_option(item, start, len);
		if (o == NULL || (!multi && count > 0)) {
			free(picked);
			return o == NULL ? choice_error(item, v, err) :
			    cb_fail(err, CB_EUSAGE, _("%s takes one value, "
			    "not '%s'"), item->id, v);
		}
		picked[o - item->options] = true;
		count++;
		p = start + len;
		while (*p == ' ')
			p++;
		if (*p != ',')
			break;
		p++;
	}
	for (size_t i = 0; i < item->noptions; i++)
		if (picked[i])
			cb_buf_printf(&b, "%s%s", b.len ? "," : "",
			    item->options[i].value);
	free(picked);
	*out = cb_buf_detach(&b);
	return CB_OK;
}

static enum cb_status
check_hosts(const struct cb_item *item, const char *v, char **out,
    struct cb_error *err)
{
	struct cb_buf b = { 0 };
	char *copy = xstrdup(v), *save = NULL;

	for (char *h = strtok_r(copy, ", ", &save); h != NULL;
	    h = strtok_r(NULL, ", ", &save)) {
		if (!address_ok(h) && !host_name_ok(h)) {
			enum cb_status s = cb_fail(err, CB_EUSAGE, _("%s: '%s' "
			    "is neither an IP address nor a host name; give "
			    "addresses or names, comma-separated (e.g. "
			    "192.0.2.10, nas-lab3.example.ac.jp)"), item->id, h);

			free(copy);
			cb_buf_free(&b);
			return s;
		}
		cb_buf_printf(&b, "%s%s", b.len ? "," : "", h);
	}
	free(copy);
	if (b.len == 0) {
		cb_buf_free(&b);
		return cb_fail(err, CB_EUSAGE, _("%s: give at least one host"),
		    item->id);
	}
	*out = cb_buf_detach(&b);
	return CB_OK;
}

#define DATETIME_FORMS CB_DATETIME_FORMS

enum cb_status
cb_value_check(const struct cb_item *item, const char *value, char **out,
    struct cb_error *err)
{
	char *v = trimmed(value), norm[CB_TIME_MAX];
	enum cb_status s = CB_OK;
	time_t a;

	*out = NULL;
	if (v[0] == '\0') {
		free(v);
		return cb_fail(err, CB_EUSAGE, _("%s: the value is empty"),
		    item->id);
	}
	/* A value the record cannot hold is refused, never dropped. */
	if ((s = cb_text_check(item->id, v, strlen(v), item->kind ==
	    CB_KIND_TEXT ? 0 : CB_TEXT_ONE_LINE, err)) != CB_OK) {
		free(v);
		return s;
	}
	switch (item->kind) {
	case CB_KIND_YESNO:
		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "y") == 0 ||
		    strcmp(v, "はい") == 0)
			*out = xstrdup("yes");
		else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "n") == 0 ||
		    strcmp(v, "いいえ") == 0)
			*out = xstrdup("no");
		else
			s = cb_fail(err, CB_EUSAGE, _("%s takes yes or no, not "
			    "'%s'"), item->id, v);
		break;
	case CB_KIND_CHOICE:
		s = check_choice(item, v, out, err);
		break;
	case CB_KIND_TEXT:
		*out = xstrdup(v);
		break;
	case CB_KIND_DATETIME:
		if (parse_datetime(v, &a, norm))
			*out = xstrdup(norm);
		else
			s = cb_fail(err, CB_EUSAGE, _("%s takes a date and "
			    "time, not '%s': %s"), item->id, v,
			    _(DATETIME_FORMS));
		break;
	case CB_KIND_PERIOD: {
		char both[2 * CB_TIME_MAX];
		bool backwards;

		if (cb_period_parse(v, cb_now(), both, &backwards))
			*out = xstrdup(both);
		else if (backwards)
			s = cb_fail(err, CB_EUSAGE, _("%s: the period '%s' ends "
			    "before it starts"), item->id, v);
		else
			s = cb_fail(err, CB_EUSAGE, _("%s takes a period, START/END, "
			    "not '%s': each a date and time, e.g. 2026-12-01 "
			    "09:00/2026-12-01 15:30 or 12/1 9:00〜12/1 15:30"), item->id,
			    v);
		break;
	}
	case CB_KIND_HOSTS:
		s = check_hosts(item, v, out, err);
		break;
	case CB_KIND_DONE:
		if (strcasecmp(v, "now") == 0) {
			char at[CB_TIME_MAX];

			cb_time_format(cb_now(), at);
			*out = xstrdup(at);
		} else if (parse_datetime(v, &a, norm)) {
			*out = xstrdup(norm);
		} else {
			s = cb_fail(err, CB_EUSAGE, _("%s takes 'now' or when "
			    "it was done, not '%s': %s"), item->id, v,
			    _(DATETIME_FORMS));
		}
		break;
	default:
		s = cb_fail(err, CB_EUSAGE, _("%s: unknown kind"), item->id);
	}
	free(v);
	return s;
}
