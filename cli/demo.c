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

static enum cb_status
seed_case(struct cb_store *st, const struct cb_demo_case *c, time_t now,
    struct cb_error *err)
{
	time_t start = now - (time_t)c->created_days_ago * 86400;
	struct cb_incident inc;
	char id[CB_ID_MAX];
	size_t n = 0, k = 0;
	enum cb_status s;

	cb_incident_init(&inc);
	if ((s = cb_incident_set(&inc, "title", c->title, err)) ||
	    (s = cb_incident_set(&inc, "classes", c->classes, err)) ||
	    (s = cb_incident_set(&inc, "urgency", c->urgency, err)) ||
	    (s = cb_incident_set(&inc, "department", c->department, err)) ||
	    (s = cb_incident_set(&inc, "reporter", c->reporter, err)) ||
	    (s = cb_incident_set(&inc, "hosts", c->hosts, err))) {
		cb_incident_free(&inc);
		return s;
	}
	as_person(st, c->creator);
	cb_clock_fix(start);
	s = cb_store_create(st, &inc, id, err);
	cb_incident_free(&inc);
	/* Notes and changes merged in time order, changes first on a tie. */
	while (s == CB_OK && (n < c->n_notes || k < c->n_changes)) {
		bool change = k < c->n_changes && (n == c->n_notes ||
		    c->changes[k].minutes <= c->notes[n].minutes);

		if (change) {
			const struct cb_demo_change *ch = &c->changes[k++];

			as_person(st, ch->author);
			cb_clock_fix(start + (time_t)ch->minutes * 60);
			s = cb_store_set(st, id, ch->field, ch->value, NULL, NULL,
			    err);
		} else {
			const struct cb_demo_note *no = &c->notes[n++];

			as_person(st, no->author);
			cb_clock_fix(start + (time_t)no->minutes * 60);
			s = cb_store_note(st, id, no->text, strlen(no->text), err);
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
		if (cb_store_set_role(st, login, role, &err) != CB_OK)
			rc = cli_error(&err);
	}
	for (size_t i = 0; i < cb_demo_n_cases && rc == 0; i++)
		if (seed_case(st, &cb_demo_cases[i], now, &err) != CB_OK)
			rc = cli_error(&err);
	cb_clock_fix(0);
	cb_store_close(st);
	if (rc == 0) {
		fprintf(stderr, "casebook: created the demo store in ");
		cli_put_line(stderr, cli->store_dir);
		fprintf(stderr, "\n");
	}
	return rc;
}
