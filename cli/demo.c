/*
 * --demo: a store seeded once with the cases of core/demo.c, each change
 * committed as the person who made it, at the time it happened.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/demo.h"
#include "core/nls.h"

static void
as_person(struct cb_store *st, int who)
{
	const struct cb_demo_person *p = &cb_demo_people[who];
	struct cb_identity id;
	size_t at = strcspn(p->email, "@");

	memset(&id, 0, sizeof id);
	snprintf(id.name, sizeof id.name, "%s", p->name);
	snprintf(id.email, sizeof id.email, "%s", p->email);
	snprintf(id.login, sizeof id.login, "%.*s", (int)at, p->email);
	cb_store_set_identity(st, &id);
}

/*
 * value with each "{M}" replaced by the time M minutes after start (the
 * demo is relative to now, so a period cannot be written out in the
 * data).  Allocates; the caller frees.
 */
static char *
demo_times(const char *value, time_t start)
{
	struct cb_buf b = { 0 };
	const char *p = value, *open;

	while ((open = strchr(p, '{')) != NULL) {
		char *end, at[CB_TIME_MAX];
		long m = strtol(open + 1, &end, 10);

		if (end == open + 1 || *end != '}')
			break;
		cb_buf_printf(&b, "%.*s", (int)(open - p), p);
		cb_time_format(start + (time_t)m * 60, at);
		cb_buf_adds(&b, at);
		p = end + 1;
	}
	cb_buf_adds(&b, p);
	return cb_buf_detach(&b);
}

static enum cb_status
demo_answer(struct cb_store *st, const char *id, const struct cb_demo_answer *a,
    time_t start, struct cb_error *err)
{
	struct cb_answer_req req = { .item = a->item, .reason = a->reason };
	char *value = a->value != NULL ? demo_times(a->value, start) : NULL;
	char who[64] = "";
	enum cb_status s;

	if (a->decided_by >= 0) {
		const char *email = cb_demo_people[a->decided_by].email;

		snprintf(who, sizeof who, "%.*s", (int)strcspn(email, "@"),
		    email);
		req.decided_by = who;
	}
	req.value = value;
	s = cb_store_answer(st, id, &req, NULL, err);
	free(value);
	return s;
}

/*
 * Moves the case on to phase through its gates, one 'advance' at a time,
 * as a person would: a gate the data left incomplete stops the seeding
 * with the store's message.
 */
static enum cb_status
demo_advance(struct cb_store *st, const char *id, const char *phase,
    struct cb_error *err)
{
	enum cb_phase now = CB_PHASE_INTAKE;
	enum cb_status s = CB_OK;

	for (int n = 0; n < CB_PHASE_COUNT && s == CB_OK; n++) {
		s = cb_store_advance(st, id, false, NULL, &now, err);
		if (s == CB_OK && strcmp(cb_phase_names[now], phase) == 0)
			return CB_OK;
	}
	return s != CB_OK ? s : cb_fail(err, CB_ERR, _("%s: no phase %s"),
	    id, phase);
}

/* Which of the four time-ordered lists comes next; ties in this order. */
enum demo_stream { DEMO_CHANGE, DEMO_ANSWER, DEMO_ACT, DEMO_NOTE, DEMO_DONE };

static enum cb_status
seed_case(struct cb_store *st, const struct cb_demo_case *c, time_t now,
    struct cb_error *err)
{
	time_t start = now - (time_t)c->created_days_ago * 86400;
	struct cb_incident inc;
	char id[CB_ID_MAX], where[128];
	size_t next[DEMO_DONE] = { 0 };
	int last = 0;
	const char *given[8];
	size_t ngiven = 0;
	enum cb_status s = CB_OK;

	/* What the case gives at creation is the creator's; NULL: not given. */
	cb_incident_init(&inc);
	{
		const char *const fields[] = { "title", "classes", "urgency",
		    "department", "reporter", "hosts" };
		const char *const values[] = { c->title, c->classes,
		    c->urgency, c->department, c->reporter, c->hosts };

		for (size_t i = 0; i < 6 && s == CB_OK; i++) {
			if (values[i] == NULL)
				continue;
			s = cb_incident_set(&inc, fields[i], values[i], err);
			given[ngiven++] = fields[i];
		}
	}
	given[ngiven] = NULL;
	if (s != CB_OK) {
		cb_incident_free(&inc);
		return s;
	}
	as_person(st, c->creator);
	cb_clock_fix(start);
	s = cb_store_create_given(st, &inc, given, id, err);
	cb_incident_free(&inc);
	/*
	 * The four lists merged in time order: at equal minutes changes
	 * first (a phase entered before its items are answered), then
	 * answers, then acts on the suggestions they made, then notes.
	 */
	while (s == CB_OK) {
		const size_t count[DEMO_DONE] = { c->n_changes, c->n_answers,
		    c->n_acts, c->n_notes };
		enum demo_stream pick = DEMO_DONE;
		int at = 0;

		for (int k = DEMO_CHANGE; k < DEMO_DONE; k++) {
			int m;

			if (next[k] == count[k])
				continue;
			m = k == DEMO_CHANGE ? c->changes[next[k]].minutes :
			    k == DEMO_ANSWER ? c->answers[next[k]].minutes :
			    k == DEMO_ACT ? c->acts[next[k]].minutes :
			    c->notes[next[k]].minutes;
			if (pick == DEMO_DONE || m < at) {
				pick = (enum demo_stream)k;
				at = m;
			}
		}
		if (pick == DEMO_DONE)
			break;
		if (at < last) {
			/* Each list must be sorted, or time would run back. */
			s = cb_fail(err, CB_ERR, _("demo data for %s: minute %d "
			    "comes after minute %d in its list"), id, at, last);
			break;
		}
		last = at;
		cb_clock_fix(start + (time_t)at * 60);
		switch (pick) {
		case DEMO_CHANGE: {
			const struct cb_demo_change *ch = &c->changes[next[pick]];

			as_person(st, ch->author);
			if (strcmp(ch->field, "phase") == 0)
				s = demo_advance(st, id, ch->value, err);
			else
				s = cb_store_set(st, id, ch->field, ch->value,
				    NULL, NULL, err);
			break;
		}
		case DEMO_ANSWER: {
			const struct cb_demo_answer *a = &c->answers[next[pick]];

			as_person(st, a->author);
			s = demo_answer(st, id, a, start, err);
			break;
		}
		case DEMO_ACT: {
			const struct cb_demo_act *ac = &c->acts[next[pick]];

			as_person(st, ac->author);
			s = cb_store_suggestion(st, id, ac->key, ac->accept, err);
			break;
		}
		default: {
			const struct cb_demo_note *no = &c->notes[next[pick]];

			as_person(st, no->author);
			s = cb_store_note(st, id, no->text, strlen(no->text), err);
			break;
		}
		}
		next[pick]++;
		if (s != CB_OK) {
			/* A mistake in core/demo.c: say where. */
			snprintf(where, sizeof where, "demo data for %s, minute "
			    "%d", id, at);
			cb_error_prefix(err, where);
		}
	}
	return s;
}

int
cli_demo(struct cb_cli *cli)
{
	struct cb_store *st;
	struct cb_error err;
	struct stat sb;
	time_t now = cb_now();
	bool existed;
	char *probe = xasprintf("%s/record.git", cli->store_dir);
	int rc = 0;

	existed = stat(probe, &sb) == 0;
	free(probe);
	if (existed)
		return 0;
	if (cb_store_init(cli->store_dir, NULL, &existed, &err) != CB_OK)
		return cli_error(&err);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	for (size_t i = 0; i < cb_demo_n_people && rc == 0; i++) {
		const struct cb_demo_person *p = &cb_demo_people[i];
		char login[64];
		enum cb_role role = CB_ROLE_VIEWER;

		snprintf(login, sizeof login, "%.*s",
		    (int)strcspn(p->email, "@"), p->email);
		for (int r = CB_ROLE_TECH; r < CB_ROLE_COUNT; r++)
			if (strcmp(p->role, cb_role_names[r]) == 0)
				role = (enum cb_role)r;
		/* The name too: the head is chosen by name. */
		if (cb_store_set_role(st, login, role, &err) != CB_OK ||
		    cb_store_set_name(st, login, p->name, &err) != CB_OK)
			rc = cli_error(&err);
	}
	for (size_t i = 0; i < cb_demo_n_cases && rc == 0; i++)
		if (seed_case(st, &cb_demo_cases[i], now, &err) != CB_OK)
			rc = cli_error(&err);
	cb_clock_fix(0);
	cb_store_close(st);
	if (rc == 0) {
		fprintf(stderr, _("casebook: created the demo store in "));
		cli_put_line(stderr, cli->store_dir);
		fprintf(stderr, "\n");
	}
	return rc;
}
