/*
 * Alert triage (doc/design.md, "Alerts in the store"): the groups as the
 * CERT sees them, and what it decides on each: promote (a new incident,
 * one commit through change.c: fields, answers and the alerts as
 * evidence), merge (the alerts attached to an incident, one commit),
 * dismiss (a reason required), suppress (a rule with an expiry); stale
 * groups expire; regrouping under new rules; retention; and the carrying
 * of the index-only tables over a reindex, with the attached alerts
 * restored from the record.
 *
 * Acts on groups are rows of the index (who and when in the group's row);
 * acts on incidents are commits, so they are events like any change.
 * A promote commits first and marks the group after: a crash between the
 * two leaves the incident and a group still new, which the next promote
 * would make a second incident of; the group's alerts carry the incident
 * once marked, and a reindex marks them from the record.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alertgroup.h"
#include "core/nls.h"
#include "core/xmalloc.h"
#include "store/store-int.h"

const char *const cb_dismiss_reasons[] = {
	"false-positive", "known-benign", "duplicate", "out-of-scope", NULL,
};

/* --- reading groups ------------------------------------------------------------ */

/*
 * Alert id's source address and group into alert_sources (the alerts of
 * a host are found through it, index.c, schema 15), for an alert given
 * its group by other than an ingest (regroup, restore), which writes
 * them a piece at a time.
 */
static enum cb_status
note_source(struct cb_store *st, long long id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT INTO alert_sources(src, grp, "
	    "last_id) SELECT src, grp, id FROM alerts WHERE id = ?1 AND "
	    "src <> '' AND grp IS NOT NULL ON CONFLICT (src, grp) DO UPDATE "
	    "SET last_id = max(last_id, excluded.last_id)", &stmt, err)) !=
	    CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "noting an alert's source");
	cb_db_release(st, stmt);
	return s;
}

/*
 * A group's sightings and hosts from its alerts, for a group made by
 * other than an ingest (regroup, restore), which keeps them as it goes.
 */
static enum cb_status
refresh_totals(struct cb_store *st, long long id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "UPDATE alert_groups SET seen = (SELECT "
	    "ifnull(sum(count), 0) FROM alerts WHERE grp = ?1), hosts = "
	    "ifnull((SELECT group_concat(h, ',') FROM (SELECT h FROM (SELECT "
	    "src AS h FROM alerts WHERE grp = ?1 UNION SELECT dst FROM alerts "
	    "WHERE grp = ?1) WHERE h != '' ORDER BY h LIMIT 20)), '') WHERE "
	    "id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "counting a group's alerts");
	cb_db_release(st, stmt);
	return s;
}

/* One "2026-0042 10.20.30.40" entry into out, unless it is there. */
static void
add_related(struct cb_buf *out, const char *id, const char *what)
{
	struct cb_buf one = { 0 };
	bool there = false;

	cb_buf_printf(&one, "%s %s", id, what);
	for (const char *p = out->data; p != NULL && !there &&
	    (p = strstr(p, one.data)) != NULL; p++)
		there = (p == out->data || (p - out->data >= 2 &&
		    p[-2] == ',')) &&
		    (p[one.len] == '\0' || p[one.len] == ',');
	if (!there) {
		if (out->len > 0)
			cb_buf_adds(out, ", ");
		cb_buf_add(out, one.data, one.len);
		cb_buf_addc(out, '\0');
		out->len--;
	}
	cb_buf_free(&one);
}

/*
 * The open incidents whose hosts include one of hosts (comma-separated),
 * then those whose attached alerts share an observable (a C2 domain or
 * address, a hash, a sender) with the first 100 alerts of group: "2026-0042
 * 10.20.30.40" entries, comma-separated, into out.  An incident the group
 * is in itself is not named for its own observables.
 */
static enum cb_status
related(struct cb_store *st, long long group, const char *hosts,
    struct cb_buf *out, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s = CB_OK;
	const char *p = hosts, *e;
	int rc;

	out->len = 0;
	cb_buf_addc(out, '\0');
	out->len--;
	while (s == CB_OK && *p != '\0') {
		char h[256];
		size_t n;

		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		snprintf(h, sizeof h, "%.*s", (int)(n < 255 ? n : 255), p);
		p += n + (e != NULL);
		if ((s = cb_db_prepare(st, "SELECT id FROM incidents WHERE open = 1 "
		    "AND instr(',' || replace(hosts, ' ', '') || ',', ',' || ?1 "
		    "|| ',') > 0 ORDER BY id", &stmt, err)) != CB_OK)
			break;
		sqlite3_bind_text(stmt, 1, h, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			add_related(out, cb_db_col(stmt, 0), h);
		if (rc != SQLITE_DONE)
			s = cb_db_error(st, err, "reading related incidents");
		cb_db_release(st, stmt);
	}
	if (s != CB_OK || (s = cb_db_prepare(st, "SELECT DISTINCT io.incident, "
	    "io.value FROM (SELECT DISTINCT lower(json_extract(o.value, "
	    "'$.value')) AS v FROM (SELECT id FROM alerts WHERE grp = ?1 "
	    "ORDER BY id LIMIT 100) a JOIN alert_bodies b ON b.id = a.id, "
	    "json_each(b.body, '$.observables') o) mine JOIN "
	    "incident_observables io ON io.value = mine.v JOIN incidents i ON "
	    "i.id = io.incident AND i.open = 1 WHERE io.incident <> ifnull(("
	    "SELECT incident FROM alert_groups WHERE id = ?1), '') ORDER BY "
	    "io.incident, io.value LIMIT 20", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, group);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		add_related(out, cb_db_col(stmt, 0), cb_db_col(stmt, 1));
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading related incidents");
	cb_db_release(st, stmt);
	return s;
}

/*
 * The observables of group's alerts, as its incident's (the index's
 * incident_observables; index.c's migration 14 fills it the same way
 * for every attached group).
 */
static enum cb_status
note_observables(struct cb_store *st, long long group, const char *incident,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT OR IGNORE INTO "
	    "incident_observables(value, incident) SELECT "
	    "lower(json_extract(o.value, '$.value')), ?2 FROM alerts a JOIN "
	    "alert_bodies b ON b.id = a.id, json_each(b.body, "
	    "'$.observables') o WHERE a.grp = ?1 AND json_extract(o.value, "
	    "'$.value') IS NOT NULL", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, group);
	sqlite3_bind_text(stmt, 2, incident, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "keeping an incident's observables");
	cb_db_release(st, stmt);
	return s;
}

#define GROUP_COLS "id, status, signature, class, department, first_event, " \
	"last_event, alerts, top_score, ifnull(incident, ''), " \
	"ifnull(reason, ''), ifnull(actor, ''), ifnull(acted, 0), seen, hosts"

static enum cb_status
group_rows(struct cb_store *st, sqlite3_stmt *stmt, cb_alert_group_fn fn,
    void *arg, bool *any, struct cb_error *err)
{
	struct cb_buf rel = { 0 };
	struct cb_alert_group g;
	enum cb_status s = CB_OK;
	struct {
		long long id;
		char *text[9];
		time_t first, last, acted;
		long alerts;
		long long seen;
		double top;
	} *rows = NULL;
	size_t n = 0;
	int rc;

	/* Read first: the hosts and related incidents are other queries. */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		rows[n].id = sqlite3_column_int64(stmt, 0);
		for (int i = 0; i < 4; i++)
			rows[n].text[i] = xstrdup(cb_db_col(stmt, 1 + i));
		rows[n].first = (time_t)sqlite3_column_int64(stmt, 5);
		rows[n].last = (time_t)sqlite3_column_int64(stmt, 6);
		rows[n].alerts = (long)sqlite3_column_int64(stmt, 7);
		rows[n].top = sqlite3_column_double(stmt, 8);
		for (int i = 0; i < 3; i++)
			rows[n].text[4 + i] = xstrdup(cb_db_col(stmt, 9 + i));
		rows[n].acted = (time_t)sqlite3_column_int64(stmt, 12);
		rows[n].seen = sqlite3_column_int64(stmt, 13);
		rows[n].text[7] = xstrdup(cb_db_col(stmt, 14));
		n++;
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the alert groups");
	cb_db_release(st, stmt);
	for (size_t i = 0; i < n && s == CB_OK; i++) {
		if ((s = related(st, rows[i].id, rows[i].text[7], &rel,
		    err)) != CB_OK)
			break;
		memset(&g, 0, sizeof g);
		g.id = rows[i].id;
		g.status = rows[i].text[0];
		g.signature = rows[i].text[1];
		g.class = rows[i].text[2];
		g.department = rows[i].text[3];
		g.first = rows[i].first;
		g.last = rows[i].last;
		g.alerts = rows[i].alerts;
		g.seen = rows[i].seen;
		g.top = rows[i].top;
		g.incident = rows[i].text[4];
		g.reason = rows[i].text[5];
		g.actor = rows[i].text[6];
		g.acted = rows[i].acted;
		g.hosts = rows[i].text[7];
		g.related = rel.data;
		*any = true;
		if (fn != NULL && fn(&g, arg) != 0)
			break;
	}
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 8; k++)
			free(rows[i].text[k]);
	free(rows);
	cb_buf_free(&rel);
	return s;
}

enum cb_status
cb_store_alert_groups(struct cb_store *st, const char *status, long limit,
    cb_alert_group_fn fn, void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	bool any = false;

	if ((s = cb_db_prepare(st, "SELECT " GROUP_COLS " FROM alert_groups "
	    "WHERE ?1 IS NULL OR status = ?1 ORDER BY top_score DESC, "
	    "last_event DESC, id LIMIT ?2", &stmt, err)) != CB_OK)
		return s;
	if (status != NULL)
		sqlite3_bind_text(stmt, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, limit > 0 ? limit : -1);
	return group_rows(st, stmt, fn, arg, &any, err);
}

enum cb_status
cb_store_alert_group(struct cb_store *st, long long id, cb_alert_group_fn fn,
    void *arg, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	bool any = false;

	if ((s = cb_db_prepare(st, "SELECT " GROUP_COLS " FROM alert_groups "
	    "WHERE id = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	if ((s = group_rows(st, stmt, fn, arg, &any, err)) != CB_OK)
		return s;
	return any ? CB_OK : cb_fail(err, CB_ENOTFOUND, _("there is no alert "
	    "group %lld (see 'casebook alerts')"), id);
}

enum cb_status
cb_store_group_alerts(struct cb_store *st, long long group,
    cb_alert_row_fn fn, void *arg, struct cb_error *err)
{
	struct cb_alert_row r;
	struct cb_alert a;
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *body;
	int rc, stop = 0;

	if ((s = cb_db_prepare(st, "SELECT id, count, last_seen, status, "
	    "raw, raw_len, " CB_ALERT_COLUMNS " FROM alerts JOIN "
	    "alert_bodies USING (id) WHERE grp = ?1 ORDER BY event_time, id",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, group);
	while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cb_error damage;

		/* A damaged body is shown as such, the others still listed. */
		body = NULL;
		if (cb_alert_from_row(stmt, 6, &a, &damage) == CB_OK) {
			body = cb_alert_to_json(&a);
			body[strlen(body) - 1] = '\0';	/* the line's newline */
		}
		r.id = sqlite3_column_int64(stmt, 0);
		r.source = cb_db_col(stmt, 6);
		r.source_ref = cb_db_col(stmt, 7);
		r.count = (long)sqlite3_column_int64(stmt, 1);
		r.first_seen = (time_t)sqlite3_column_int64(stmt, 8);
		r.last_seen = (time_t)sqlite3_column_int64(stmt, 2);
		r.event_time = (time_t)sqlite3_column_int64(stmt, 9);
		r.status = cb_db_col(stmt, 3);
		r.body = body;
		r.damage = body == NULL ? damage.msg : NULL;
		r.raw = sqlite3_column_blob(stmt, 4);
		r.raw_cap = (size_t)sqlite3_column_bytes(stmt, 4);
		r.raw_len = (size_t)sqlite3_column_int64(stmt, 5);
		stop = fn(&r, arg);
		free(body);
		cb_alert_free(&a);
	}
	if (!stop && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading a group's alerts");
	cb_db_release(st, stmt);
	return s;
}

/* --- the evidence of a group ------------------------------------------------------ */

struct evidence {
	struct cb_buf lines;	/* the alerts' normal form, payload included */
	struct cb_alert first;	/* the first alert, for the incident */
	bool have_first;
	char **hosts;		/* distinct addresses and names, src first */
	size_t nhosts;
	enum cb_status s;
	struct cb_error *err;
};

static void
add_host(struct evidence *e, const char *h)
{
	if (h == NULL || *h == '\0')
		return;
	for (size_t i = 0; i < e->nhosts; i++)
		if (strcmp(e->hosts[i], h) == 0)
			return;
	e->hosts = xrealloc(e->hosts, (e->nhosts + 1) * sizeof *e->hosts);
	e->hosts[e->nhosts++] = xstrdup(h);
}

static int
evidence_row(const struct cb_alert_row *r, void *arg)
{
	struct evidence *e = arg;
	struct cb_alert a;
	char *line;

	if (r->body == NULL) {
		cb_fail(e->err, CB_ERR, _("alert %lld: its body in the index "
		    "cannot be read (%s), so it cannot go into the record"),
		    r->id, r->damage);
		e->s = CB_ERR;
		return 1;
	}
	if (cb_alert_from_json(r->body, strlen(r->body), &a, e->err) != CB_OK) {
		cb_alert_free(&a);
		e->s = CB_ERR;
		return 1;
	}
	if (r->raw != NULL) {
		cb_alert_set_raw(&a, r->raw, r->raw_cap);
		a.raw_len = r->raw_len;
	}
	line = cb_alert_to_json(&a);
	cb_buf_adds(&e->lines, line);
	free(line);
	add_host(e, a.src.addr != NULL ? a.src.addr : a.src.host);
	if (!e->have_first) {
		e->first = a;
		e->have_first = true;
	} else
		cb_alert_free(&a);
	return 0;
}

static enum cb_status
group_evidence(struct cb_store *st, long long group, struct evidence *e,
    struct cb_error *err)
{
	enum cb_status s;

	memset(e, 0, sizeof *e);
	e->err = err;
	if ((s = cb_store_group_alerts(st, group, evidence_row, e, err)) !=
	    CB_OK)
		return s;
	if (e->s != CB_OK)
		return e->s;
	if (!e->have_first)
		return cb_fail(err, CB_ERR, _("alert group %lld has no alerts "
		    "left (removed by the retention?)"), group);
	return CB_OK;
}

static void
evidence_free(struct evidence *e)
{
	cb_buf_free(&e->lines);
	if (e->have_first)
		cb_alert_free(&e->first);
	for (size_t i = 0; i < e->nhosts; i++)
		free(e->hosts[i]);
	free(e->hosts);
}

/* --- acts ------------------------------------------------------------------------ */

struct group_state {
	char status[16];
	char signature[512];
	char class[64];
	char department[256];
	char incident[CB_ID_MAX];
	long alerts;
};

static int
got_group(const struct cb_alert_group *g, void *arg)
{
	struct group_state *gs = arg;

	snprintf(gs->status, sizeof gs->status, "%s", g->status);
	snprintf(gs->signature, sizeof gs->signature, "%s", g->signature);
	snprintf(gs->class, sizeof gs->class, "%s", g->class);
	snprintf(gs->department, sizeof gs->department, "%s", g->department);
	snprintf(gs->incident, sizeof gs->incident, "%s", g->incident);
	gs->alerts = g->alerts;
	return 0;
}

/* The group, which must not be decided on already (promoted, merged). */
static enum cb_status
open_group(struct cb_store *st, long long id, struct group_state *gs,
    struct cb_error *err)
{
	enum cb_status s;

	memset(gs, 0, sizeof *gs);
	if ((s = cb_store_alert_group(st, id, got_group, gs, err)) != CB_OK)
		return s;
	if (strcmp(gs->status, "promoted") == 0 ||
	    strcmp(gs->status, "merged") == 0)
		return cb_fail(err, CB_ECONFLICT, _("alert group %lld is %s "
		    "already (incident %s)"), id, gs->status, gs->incident);
	return CB_OK;
}

/*
 * Marks group id (and its alerts) with status, and who, when, why and
 * the incident ("": none, NULL in the index, so that the retention
 * takes a dismissed or suppressed group's alerts as unattached ones).
 */
static enum cb_status
mark_group(struct cb_store *st, long long id, const char *status,
    const char *reason, const char *incident, struct cb_error *err)
{
	struct cb_identity who;
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_store_identity(st, &who, err)) != CB_OK ||
	    (s = cb_alert_begin(st, "recording a triage decision", err)) !=
	    CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "UPDATE alert_groups SET status = ?2, "
	    "reason = ?3, incident = ?4, actor = ?5, acted = ?6 WHERE id = ?1",
	    &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
		if (incident[0] != '\0')
			sqlite3_bind_text(stmt, 4, incident, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(stmt, 4);
		sqlite3_bind_text(stmt, 5, who.login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)cb_now());
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "recording a triage decision");
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "UPDATE alerts SET status = ?2, "
	    "incident = ?3 WHERE grp = ?1", &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
		if (incident[0] != '\0')
			sqlite3_bind_text(stmt, 3, incident, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(stmt, 3);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "recording a triage decision");
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && incident[0] != '\0')
		s = note_observables(st, id, incident, err);
	return cb_alert_end(st, s, "recording a triage decision", err);
}

/* A group whose alerts exceed what the record takes as one piece. */
static enum cb_status
too_big(struct cb_store *st, long long group, size_t len,
    struct cb_error *err)
{
	return cb_fail(err, CB_ERR, _("the alerts of group %lld are %zu KB, "
	    "more than the record takes as one piece of evidence "
	    "(evidence.maxInRecord, %lld KB): dismiss or suppress part of "
	    "it, or regroup with a shorter window"), group, len / 1024,
	    (long long)(cb_store_evidence_max(st) / 1024));
}

/* The evidence's name says the act, which a reindex restores. */
static char *
evidence_name(long long group, bool promoted)
{
	return xasprintf("alerts-%s-%lld.jsonl", promoted ? "promoted" :
	    "merged", group);
}

enum cb_status
cb_store_alert_promote(struct cb_store *st, long long group,
    char id_out[CB_ID_MAX], struct cb_error *err)
{
	const char *given[] = { "title", "classes", "hosts", "department", NULL };
	const char *items[] = { "source", NULL };
	const char *values[2] = { NULL, NULL };
	struct cb_alert_rules rules;
	struct cb_create_extra extra;
	struct group_state gs;
	struct cb_incident inc;
	struct evidence e;
	struct cb_buf affected = { 0 };
	char *name = NULL, summary[64];
	enum cb_status s;

	if ((s = cb_must_be_tech(st, "promote alerts", err)) != CB_OK ||
	    (s = open_group(st, group, &gs, err)) != CB_OK)
		return s;
	cb_alert_rules_default(&rules);
	if ((s = group_evidence(st, group, &e, err)) != CB_OK)
		goto out;
	cb_alert_rules_free(&rules);
	if ((s = cb_store_alert_rules(st, &rules, err)) != CB_OK)
		goto out;
	/* The affected hosts: the sources of the alerts. */
	for (size_t i = 0; i < e.nhosts; i++) {
		if (affected.len > 0)
			cb_buf_addc(&affected, ',');
		cb_buf_adds(&affected, e.hosts[i]);
	}
	cb_buf_addc(&affected, '\0');
	if (e.lines.len > (size_t)cb_store_evidence_max(st)) {
		s = too_big(st, group, e.lines.len, err);
		goto out;
	}
	cb_incident_init(&inc);
	/* A title of 200 bytes at most, cut at a character boundary. */
	{
		size_t cut = strlen(gs.signature);

		if (cut > 200) {
			cut = 200;
			while (cut > 0 && (gs.signature[cut] & 0xc0) == 0x80)
				cut--;
			gs.signature[cut] = '\0';
		}
	}
	s = cb_incident_set(&inc, "title", gs.signature[0] != '\0' ?
	    gs.signature : "alert", err);
	if (s == CB_OK)
		s = cb_incident_set(&inc, "classes", gs.class, err);
	if (s == CB_OK && affected.data[0] != '\0')
		s = cb_incident_set(&inc, "hosts", affected.data, err);
	if (s == CB_OK)
		s = cb_incident_set(&inc, "department", gs.department, err);
	if (s != CB_OK) {
		cb_incident_free(&inc);
		goto out;
	}
	values[0] = cb_alert_source_external(&rules, e.first.source) ?
	    "external_report" : "alert";
	name = evidence_name(group, true);
	snprintf(summary, sizeof summary, "from %ld alert%s", gs.alerts,
	    gs.alerts == 1 ? "" : "s");
	memset(&extra, 0, sizeof extra);
	extra.items = items;
	extra.values = values;
	extra.evidence_name = name;
	extra.evidence = e.lines.data;
	extra.evidence_len = e.lines.len;
	extra.summary = summary;
	st->rules_group = group;
	s = cb_store_create_extra(st, &inc, affected.data[0] != '\0' ? given :
	    (const char *[]){ "title", "classes", "department", NULL }, &extra,
	    id_out, err);
	st->rules_group = 0;
	cb_incident_free(&inc);
	if (s == CB_OK)
		s = mark_group(st, group, "promoted", "", id_out, err);
out:
	free(name);
	cb_buf_free(&affected);
	cb_alert_rules_free(&rules);
	evidence_free(&e);
	return s;
}

enum cb_status
cb_store_alert_merge(struct cb_store *st, long long group, const char *id,
    struct cb_error *err)
{
	struct group_state gs;
	struct evidence e;
	char sha[65], *name;
	bool already;
	enum cb_status s;

	if ((s = cb_must_be_tech(st, "merge alerts", err)) != CB_OK ||
	    (s = open_group(st, group, &gs, err)) != CB_OK)
		return s;
	if ((s = cb_store_row(st, id, NULL, NULL, err)) != CB_OK)
		return s;
	if ((s = group_evidence(st, group, &e, err)) != CB_OK) {
		evidence_free(&e);
		return s;
	}
	if (e.lines.len > (size_t)cb_store_evidence_max(st)) {
		s = too_big(st, group, e.lines.len, err);
		evidence_free(&e);
		return s;
	}
	name = evidence_name(group, false);
	st->rules_group = group;
	s = cb_store_attach(st, id, name, e.lines.data, e.lines.len, sha,
	    &already, err);
	st->rules_group = 0;
	free(name);
	evidence_free(&e);
	if (s == CB_OK)
		s = mark_group(st, group, "merged", "", id, err);
	return s;
}

enum cb_status
cb_store_alert_dismiss(struct cb_store *st, long long group,
    const char *reason, struct cb_error *err)
{
	struct group_state gs;
	enum cb_status s;
	size_t i;

	for (i = 0; cb_dismiss_reasons[i] != NULL; i++)
		if (reason != NULL && strcmp(reason, cb_dismiss_reasons[i]) == 0)
			break;
	if (cb_dismiss_reasons[i] == NULL)
		return cb_fail(err, CB_EUSAGE, _("a dismissal needs a reason: "
		    "false-positive, known-benign, duplicate or out-of-scope"));
	if ((s = cb_must_be_tech(st, "dismiss alerts", err)) != CB_OK ||
	    (s = open_group(st, group, &gs, err)) != CB_OK)
		return s;
	return mark_group(st, group, "dismissed", reason, "", err);
}

/* The one value of column col among the group's alerts, or "" when several. */
static enum cb_status
only_value(struct cb_store *st, long long group, bool src, char *out,
    size_t outlen, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	out[0] = '\0';
	if ((s = cb_db_prepare(st, "SELECT min(CASE WHEN ?2 THEN src ELSE "
	    "source END), count(DISTINCT CASE WHEN ?2 THEN src ELSE source END) "
	    "FROM alerts WHERE grp = ?1", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, group);
	sqlite3_bind_int(stmt, 2, src);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_int64(stmt, 1) == 1)
			snprintf(out, outlen, "%s", cb_db_col(stmt, 0));
	} else
		s = cb_db_error(st, err, "reading a group");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_alert_suppress(struct cb_store *st, long long group,
    const struct cb_suppress_req *req, long long *rule, struct cb_error *err)
{
	struct cb_identity who;
	struct cb_host_map check = { 0 };
	struct group_state gs;
	char source[128], src[256];
	const char *sig, *use_src;
	sqlite3_stmt *stmt;
	enum cb_status s;
	time_t now = cb_now();

	if (req->reason == NULL || req->reason[0] == '\0')
		return cb_fail(err, CB_EUSAGE, _("a suppression needs a reason "
		    "(--reason)"));
	if (req->expires <= 0)
		return cb_fail(err, CB_EUSAGE, _("a suppression needs an expiry "
		    "(--expires 7d)"));
	if (req->src != NULL && req->src[0] != '\0' &&
	    !cb_host_map_add(&check, req->src, "", "", "")) {
		cb_host_map_free(&check);
		return cb_fail(err, CB_EUSAGE, _("'%s' is neither an address, a "
		    "network (10.0.0.0/8) nor a host name"), req->src);
	}
	cb_host_map_free(&check);
	if ((s = cb_must_be_tech(st, "suppress alerts", err)) != CB_OK ||
	    (s = open_group(st, group, &gs, err)) != CB_OK ||
	    (s = cb_store_identity(st, &who, err)) != CB_OK ||
	    (s = only_value(st, group, false, source, sizeof source, err)) !=
	    CB_OK ||
	    (s = only_value(st, group, true, src, sizeof src, err)) != CB_OK)
		return s;
	/* The rule: the group's signature and source, from its one source
	 * host (or the network given) unless --any-src. */
	sig = req->signature != NULL ? req->signature : gs.signature;
	use_src = req->src != NULL ? req->src : req->any_src ? "" : src;
	if ((s = cb_alert_begin(st, "adding a suppression", err)) != CB_OK)
		return s;
	if ((s = cb_db_prepare(st, "INSERT INTO alert_suppressions(source, "
	    "signature, src, dst, reason, actor, created, expires) VALUES (?1, "
	    "?2, ?3, '', ?4, ?5, ?6, ?7)", &stmt, err)) == CB_OK) {
		sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, sig, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, use_src, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, req->reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, who.login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)now);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)(now + req->expires));
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "adding a suppression");
		else if (rule != NULL)
			*rule = sqlite3_last_insert_rowid(st->db);
		cb_db_release(st, stmt);
	}
	if ((s = cb_alert_end(st, s, "adding a suppression", err)) != CB_OK)
		return s;
	return mark_group(st, group, "suppressed", req->reason, "", err);
}

enum cb_status
cb_store_suppressions(struct cb_store *st, bool all, cb_suppression_fn fn,
    void *arg, struct cb_error *err)
{
	struct cb_suppression r;
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT id, source, signature, src, reason, "
	    "actor, created, expires FROM alert_suppressions WHERE ?1 OR "
	    "expires > ?2 ORDER BY id", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int(stmt, 1, all);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)cb_now());
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(stmt, 0);
		r.source = cb_db_col(stmt, 1);
		r.signature = cb_db_col(stmt, 2);
		r.src = cb_db_col(stmt, 3);
		r.reason = cb_db_col(stmt, 4);
		r.actor = cb_db_col(stmt, 5);
		r.created = (time_t)sqlite3_column_int64(stmt, 6);
		r.expires = (time_t)sqlite3_column_int64(stmt, 7);
		if (fn(&r, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = cb_db_error(st, err, "reading the suppressions");
	cb_db_release(st, stmt);
	return s;
}

enum cb_status
cb_store_alert_expire(struct cb_store *st, size_t *expired,
    struct cb_error *err)
{
	struct cb_alert_rules rules;
	sqlite3_stmt *stmt;
	enum cb_status s;
	char reason[128];
	time_t now = cb_now();

	*expired = 0;
	if ((s = cb_store_alert_rules(st, &rules, err)) != CB_OK) {
		cb_alert_rules_free(&rules);
		return s;
	}
	if (rules.stale <= 0) {
		cb_alert_rules_free(&rules);
		return CB_OK;
	}
	snprintf(reason, sizeof reason, "stale: not triaged within %ld days",
	    rules.stale / 86400);
	if ((s = cb_alert_begin(st, "expiring stale alert groups", err)) !=
	    CB_OK) {
		cb_alert_rules_free(&rules);
		return s;
	}
	if ((s = cb_db_prepare(st, "UPDATE alert_groups SET status = 'expired', "
	    "reason = ?2, actor = 'casebook', acted = ?3 WHERE status = 'new' "
	    "AND created < ?1", &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)(now - rules.stale));
		sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "expiring stale alert groups");
		else
			*expired = (size_t)sqlite3_changes(st->db);
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && *expired > 0 && (s = cb_db_prepare(st, "UPDATE alerts "
	    "SET status = 'expired' WHERE status = 'new' AND grp IN (SELECT id "
	    "FROM alert_groups WHERE status = 'expired')", &stmt, err)) ==
	    CB_OK) {
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "expiring stale alert groups");
		cb_db_release(st, stmt);
	}
	cb_alert_rules_free(&rules);
	return cb_alert_end(st, s, "expiring stale alert groups", err);
}

enum cb_status
cb_store_alert_retention(struct cb_store *st, size_t *deleted,
    struct cb_error *err)
{
	struct cb_alert_rules rules;
	sqlite3_stmt *stmt;
	enum cb_status s;
	time_t cut;

	*deleted = 0;
	if ((s = cb_store_alert_rules(st, &rules, err)) != CB_OK) {
		cb_alert_rules_free(&rules);
		return s;
	}
	cut = cb_now() - rules.retention;
	cb_alert_rules_free(&rules);
	if ((s = cb_alert_begin(st, "deleting old alerts", err)) != CB_OK)
		return s;
	/* Bodies first (they are found through the alerts), then alerts,
	 * then the groups and flows left with nothing. */
	if ((s = cb_db_prepare(st, "DELETE FROM alert_bodies WHERE id IN "
	    "(SELECT id FROM alerts WHERE incident IS NULL AND last_seen < ?1)",
	    &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)cut);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "deleting old alerts");
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "DELETE FROM alerts WHERE "
	    "incident IS NULL AND last_seen < ?1", &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)cut);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "deleting old alerts");
		else
			*deleted = (size_t)sqlite3_changes(st->db);
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "DELETE FROM alert_sources "
	    "WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE grp = "
	    "alert_sources.grp AND src = alert_sources.src)", &stmt, err)) ==
	    CB_OK) {
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "deleting old alerts");
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "DELETE FROM alert_groups "
	    "WHERE incident IS NULL AND NOT EXISTS (SELECT 1 FROM alerts WHERE "
	    "grp = alert_groups.id)", &stmt, err)) == CB_OK) {
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "deleting old alerts");
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "DELETE FROM flows WHERE ts < ?1",
	    &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)cut);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "deleting old flows");
		cb_db_release(st, stmt);
	}
	return cb_alert_end(st, s, "deleting old alerts", err);
}

/* --- regrouping ------------------------------------------------------------------- */

struct rg_alert {
	long long id;
	char *key;
	time_t t;
	double score;
	char *signature, *class, *department;
};

static int
rg_cmp(const void *a, const void *b)
{
	const struct rg_alert *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->t < y->t ? -1 : x->t > y->t ? 1 :
	    x->id < y->id ? -1 : x->id > y->id;
}

static enum cb_status
rg_insert_group(struct cb_store *st, const struct rg_alert *first,
    time_t last, long n, double top, long long *id, struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "INSERT INTO alert_groups(key, status, "
	    "signature, class, department, first_event, last_event, alerts, "
	    "top_score, created) VALUES (?1, 'new', ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9)", &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, first->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, first->signature, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, first->class, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, first->department, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)first->t);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)last);
	sqlite3_bind_int64(stmt, 7, n);
	sqlite3_bind_double(stmt, 8, top);
	sqlite3_bind_int64(stmt, 9, (sqlite3_int64)cb_now());
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "regrouping");
	*id = sqlite3_last_insert_rowid(st->db);
	cb_db_release(st, stmt);
	return s != CB_OK ? s : cb_agroups_text_add(st, *id, err);
}

static enum cb_status
rg_set(struct cb_store *st, long long alert, long long group,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;

	if ((s = cb_db_prepare(st, "UPDATE alerts SET grp = ?2 WHERE id = ?1",
	    &stmt, err)) != CB_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, alert);
	sqlite3_bind_int64(stmt, 2, group);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "regrouping");
	cb_db_release(st, stmt);
	return s == CB_OK ? note_source(st, alert, err) : s;
}

enum cb_status
cb_store_alert_regroup(struct cb_store *st, bool dry_run,
    cb_regroup_fn fn, void *arg, struct cb_regroup_report *rep,
    struct cb_error *err)
{
	struct cb_alert_rules rules;
	struct rg_alert *v = NULL;
	struct cb_buf key = { 0 };
	sqlite3_stmt *stmt;
	enum cb_status s;
	size_t n = 0, i, j;
	int rc;

	memset(rep, 0, sizeof *rep);
	if (!dry_run && (s = cb_must_be_tech(st, "regroup alerts", err)) != CB_OK)
		return s;
	if ((s = cb_store_alert_rules(st, &rules, err)) != CB_OK) {
		cb_alert_rules_free(&rules);
		return s;
	}
	/* Only groups nobody decided on are regrouped. */
	if (!dry_run && (s = cb_alert_begin(st, "regrouping", err)) != CB_OK) {
		cb_alert_rules_free(&rules);
		return s;
	}
	if ((s = cb_db_prepare(st, "SELECT count(*) FROM alert_groups WHERE "
	    "status = 'new'", &stmt, err)) == CB_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			rep->groups_before = (size_t)sqlite3_column_int64(stmt, 0);
		cb_db_release(st, stmt);
	}
	if (s == CB_OK && (s = cb_db_prepare(st, "SELECT id, "
	    CB_ALERT_COLUMNS " FROM alerts JOIN alert_bodies USING (id) "
	    "WHERE grp IN (SELECT id FROM alert_groups WHERE status = 'new')",
	    &stmt, err)) == CB_OK) {
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			struct cb_alert a;
			struct cb_error ignored;

			if (cb_alert_from_row(stmt, 1, &a, &ignored) == CB_OK) {
				v = xrealloc(v, (n + 1) * sizeof *v);
				v[n].id = sqlite3_column_int64(stmt, 0);
				cb_alert_group_key(&rules, &a, &key);
				v[n].key = xstrdup(key.data);
				v[n].t = a.event_time;
				v[n].score = a.score;
				v[n].signature = xstrdup(a.signature != NULL ?
				    a.signature : "");
				v[n].class = xstrdup(cb_alert_class(&rules, &a));
				v[n].department = xstrdup(a.department != NULL ?
				    a.department : "");
				n++;
			}
			cb_alert_free(&a);
		}
		if (rc != SQLITE_DONE)
			s = cb_db_error(st, err, "regrouping");
		cb_db_release(st, stmt);
	}
	rep->alerts = n;
	if (n > 1)
		qsort(v, n, sizeof *v, rg_cmp);
	if (s == CB_OK && !dry_run && (s = cb_db_prepare(st, "DELETE FROM "
	    "alert_groups WHERE status = 'new'", &stmt, err)) == CB_OK) {
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "regrouping");
		cb_db_release(st, stmt);
	}
	/* A group: alerts of one key, each within the window of the last. */
	for (i = 0; s == CB_OK && i < n; i = j) {
		struct cb_regroup_group g;
		long long gid = 0;
		double top = v[i].score;
		time_t last = v[i].t;

		for (j = i + 1; j < n && strcmp(v[j].key, v[i].key) == 0 &&
		    v[j].t <= last + rules.window; j++) {
			last = v[j].t;
			if (v[j].score > top)
				top = v[j].score;
		}
		rep->groups_after++;
		if (!dry_run) {
			s = rg_insert_group(st, &v[i], last, (long)(j - i), top,
			    &gid, err);
			for (size_t k = i; s == CB_OK && k < j; k++)
				s = rg_set(st, v[k].id, gid, err);
			if (s == CB_OK)
				s = refresh_totals(st, gid, err);
		}
		if (fn != NULL) {
			g.key = v[i].key;
			g.signature = v[i].signature;
			g.first = v[i].t;
			g.last = last;
			g.alerts = (long)(j - i);
			g.top = top;
			fn(&g, arg);
		}
	}
	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].signature);
		free(v[i].class);
		free(v[i].department);
	}
	free(v);
	cb_buf_free(&key);
	cb_alert_rules_free(&rules);
	if (!dry_run)
		s = cb_alert_end(st, s, "regrouping", err);
	return s;
}

/* --- reindex ------------------------------------------------------------------------ */

/* One alert line of the record's evidence back into the index. */
static enum cb_status
restore_line(struct cb_store *st, const char *line, size_t len,
    const char *incident, const char *status, long long *group,
    struct cb_error *err)
{
	struct cb_alert a;
	struct cb_error ignored;
	sqlite3_stmt *stmt;
	enum cb_status s;
	char *body;
	long long id;

	if (cb_alert_from_json(line, len, &a, &ignored) != CB_OK) {
		cb_alert_free(&a);
		return CB_OK;	/* not ours to judge: the record keeps it */
	}
	if ((s = cb_db_prepare(st, "INSERT OR IGNORE INTO alerts(source, "
	    "source_ref, count, first_seen, last_seen, event_time, status, grp, "
	    "incident, signature, category, severity, score, src, dst, "
	    "department) VALUES (?1, ?2, 1, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14)", &stmt, err)) != CB_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, a.source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a.source_ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)a.received);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)a.event_time);
	sqlite3_bind_text(stmt, 5, status, -1, SQLITE_STATIC);
	if (*group != 0)
		sqlite3_bind_int64(stmt, 6, *group);
	sqlite3_bind_text(stmt, 7, incident, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, a.signature != NULL ? a.signature : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, a.category != NULL ? a.category : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, cb_alert_severity_names[a.severity], -1,
	    SQLITE_STATIC);
	sqlite3_bind_double(stmt, 11, a.score);
	sqlite3_bind_text(stmt, 12, a.src.addr != NULL ? a.src.addr :
	    a.src.host != NULL ? a.src.host : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, a.dst.addr != NULL ? a.dst.addr :
	    a.dst.host != NULL ? a.dst.host : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, a.department != NULL ? a.department : "",
	    -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		s = cb_db_error(st, err, "restoring alerts");
	id = sqlite3_last_insert_rowid(st->db);
	cb_db_release(st, stmt);
	if (s != CB_OK || sqlite3_changes(st->db) == 0)
		goto out;
	if (*group != 0 && (s = note_source(st, id, err)) != CB_OK)
		goto out;
	/* The file's group, made with its first alert not in the index. */
	if (*group == 0) {
		if ((s = cb_db_prepare(st, "INSERT INTO alert_groups(key, status, "
		    "signature, class, department, first_event, last_event, "
		    "alerts, top_score, created, incident, actor, acted) VALUES "
		    "('', ?1, ?2, 'other', ?3, ?4, ?4, 0, ?5, ?6, ?7, 'casebook', "
		    "?6)", &stmt, err)) != CB_OK)
			goto out;
		sqlite3_bind_text(stmt, 1, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, a.signature != NULL ? a.signature : "",
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, a.department != NULL ? a.department :
		    "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)a.event_time);
		sqlite3_bind_double(stmt, 5, a.score);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)cb_now());
		sqlite3_bind_text(stmt, 7, incident, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "restoring alerts");
		*group = sqlite3_last_insert_rowid(st->db);
		cb_db_release(st, stmt);
		if (s != CB_OK ||
		    (s = cb_agroups_text_add(st, *group, err)) != CB_OK ||
		    (s = rg_set(st, id, *group, err)) != CB_OK)
			goto out;
	}
	body = cb_alert_rest_to_json(&a);
	if ((s = cb_db_prepare(st, "INSERT INTO alert_bodies(id, body, raw, "
	    "raw_len) VALUES (?1, ?2, ?3, ?4)", &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, body, (int)strlen(body) - 1,
		    SQLITE_STATIC);
		if (a.raw != NULL)
			sqlite3_bind_blob(stmt, 3, a.raw, (int)a.raw_cap,
			    SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)a.raw_len);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "restoring alerts");
		cb_db_release(st, stmt);
	}
	free(body);
	if (s == CB_OK && (s = cb_db_prepare(st, "UPDATE alert_groups SET "
	    "alerts = alerts + 1, first_event = min(first_event, ?2), "
	    "last_event = max(last_event, ?2), top_score = max(top_score, ?3) "
	    "WHERE id = ?1", &stmt, err)) == CB_OK) {
		sqlite3_bind_int64(stmt, 1, *group);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)a.event_time);
		sqlite3_bind_double(stmt, 3, a.score);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			s = cb_db_error(st, err, "restoring alerts");
		cb_db_release(st, stmt);
	}
out:
	cb_alert_free(&a);
	return s;
}

struct evfile {
	char incident[CB_ID_MAX];
	char sha[65];
	bool promoted;
};

/* incident_observables again, for every group in an incident. */
static enum cb_status
note_all_observables(struct cb_store *st, struct cb_error *err)
{
	struct { long long id; char *incident; } *v = NULL;
	size_t n = 0;
	sqlite3_stmt *stmt;
	enum cb_status s;
	int rc;

	if ((s = cb_db_prepare(st, "SELECT id, incident FROM alert_groups "
	    "WHERE ifnull(incident, '') <> '' ORDER BY id", &stmt, err)) !=
	    CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n].id = sqlite3_column_int64(stmt, 0);
		v[n++].incident = xstrdup(cb_db_col(stmt, 1));
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "keeping incidents' observables");
	cb_db_release(st, stmt);
	for (size_t i = 0; i < n; i++) {
		if (s == CB_OK)
			s = note_observables(st, v[i].id, v[i].incident, err);
		free(v[i].incident);
	}
	free(v);
	return s;
}

enum cb_status
cb_alert_restore(struct cb_store *st, struct cb_error *err)
{
	struct evfile *files = NULL;
	size_t n = 0;
	sqlite3_stmt *stmt;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid tip;
	enum cb_status s;
	int rc;

	/* The alerts of promoted and merged groups, as evidence. */
	if ((s = cb_db_prepare(st, "SELECT incident, sha256, name LIKE "
	    "'alerts-promoted-%' FROM attachments WHERE (name LIKE "
	    "'alerts-promoted-%.jsonl' OR name LIKE 'alerts-merged-%.jsonl') "
	    "AND place = '' ORDER BY incident, at", &stmt, err)) != CB_OK)
		return s;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		files = xrealloc(files, (n + 1) * sizeof *files);
		snprintf(files[n].incident, sizeof files[n].incident, "%s",
		    cb_db_col(stmt, 0));
		snprintf(files[n].sha, sizeof files[n].sha, "%s",
		    cb_db_col(stmt, 1));
		files[n].promoted = sqlite3_column_int(stmt, 2) == 1;
		n++;
	}
	if (rc != SQLITE_DONE)
		s = cb_db_error(st, err, "restoring alerts");
	cb_db_release(st, stmt);
	if (s != CB_OK || n == 0)
		goto out;
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
		goto out;
	if (git_commit_lookup(&c, st->repo, &tip) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		s = cb_git_error(err, "reading the branch tip");
		goto out;
	}
	for (size_t i = 0; i < n && s == CB_OK; i++) {
		char *path = cb_layout_evidence(files[i].incident, files[i].sha);
		const char *p, *end, *nl;
		long long group = 0;
		git_blob *blob;

		s = cb_record_read(st, tree, path, &blob, err);
		free(path);
		if (s == CB_ENOTFOUND) {
			s = CB_OK;
			continue;
		}
		if (s != CB_OK)
			break;
		p = git_blob_rawcontent(blob);
		end = p + git_blob_rawsize(blob);
		for (; s == CB_OK && p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (nl > p)
				s = restore_line(st, p, (size_t)(nl - p),
				    files[i].incident, files[i].promoted ?
				    "promoted" : "merged", &group, err);
		}
		git_blob_free(blob);
		if (s == CB_OK && group != 0)
			s = refresh_totals(st, group, err);
	}
out:
	git_tree_free(tree);
	git_commit_free(c);
	free(files);
	if (s == CB_OK)
		s = note_all_observables(st, err);
	return s;
}

/*
 * The index-only tables, copied from the old index into the new one
 * (st->db) by a reindex.  A damaged or missing old file gives nothing to
 * copy, which is no error: the attached alerts are restored from the
 * record by cb_alert_restore afterwards.
 */
enum cb_status
cb_alert_carry(struct cb_store *st, const char *old_index,
    struct cb_error *err)
{
	sqlite3_stmt *stmt;
	enum cb_status s;
	bool same = false;

	if (access(old_index, R_OK) != 0)
		return cb_alert_restore(st, err);
	if ((s = cb_db_prepare(st, "ATTACH DATABASE ?1 AS old", &stmt,
	    err)) != CB_OK)
		return s;
	sqlite3_bind_text(stmt, 1, old_index, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		cb_db_release(st, stmt);
		return cb_alert_restore(st, err);
	}
	cb_db_release(st, stmt);
	/*
	 * Only an old file of this schema has these tables as they are here
	 * (an older one is migrated by its open before any reindex).
	 */
	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT user_version FROM "
	    "old.pragma_user_version) = (SELECT user_version FROM "
	    "main.pragma_user_version)", -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			same = sqlite3_column_int(stmt, 0) == 1;
		sqlite3_finalize(stmt);
	}
	if (same && sqlite3_exec(st->db, "SAVEPOINT carry", NULL, NULL,
	    NULL) == SQLITE_OK) {
		if (sqlite3_exec(st->db,
		    "INSERT OR IGNORE INTO main.alert_groups SELECT * FROM "
		    "old.alert_groups;"
		    "INSERT INTO main.alert_groups_text(alert_groups_text) "
		    "VALUES ('rebuild');"
		    "INSERT OR IGNORE INTO main.alerts SELECT * FROM old.alerts;"
		    "INSERT OR IGNORE INTO main.alert_bodies SELECT * FROM "
		    "old.alert_bodies;"
		    "INSERT OR IGNORE INTO main.alert_sources SELECT * FROM "
		    "old.alert_sources;"
		    "INSERT OR IGNORE INTO main.alert_suppressions SELECT * FROM "
		    "old.alert_suppressions;"
		    "INSERT OR IGNORE INTO main.hosts SELECT * FROM old.hosts;"
		    "INSERT OR IGNORE INTO main.flows SELECT * FROM old.flows;"
		    "INSERT OR IGNORE INTO main.ingest_checkpoints SELECT * FROM "
		    "old.ingest_checkpoints;"
		    "INSERT OR IGNORE INTO main.cursors SELECT * FROM old.cursors;"
		    "INSERT OR IGNORE INTO main.events(oid, incident, action, "
		    "actor, at, payload) SELECT oid, incident, action, actor, "
		    "at, payload FROM old.events WHERE action = 'alert-notable' "
		    "ORDER BY seq;",
		    NULL, NULL, NULL) == SQLITE_OK)
			sqlite3_exec(st->db, "RELEASE carry", NULL, NULL, NULL);
		else
			/* A damaged old file: what could be read is dropped,
			 * the record restores the attached ones. */
			sqlite3_exec(st->db, "ROLLBACK TO carry; RELEASE carry",
			    NULL, NULL, NULL);
	}
	sqlite3_exec(st->db, "DETACH DATABASE old", NULL, NULL, NULL);
	return cb_alert_restore(st, err);
}
