/*
 * The store through its public API, on real files: libgit2 writes the
 * record and SQLite the index in a temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/alertview.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	struct cb_store *st;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct cb_error err;
	bool existed;

	strcpy(f->dir, "/tmp/cb-unit-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	strcat(f->dir, "/s");
	if (cb_store_init(f->dir, NULL, &existed, &err) != CB_OK ||
	    cb_store_open(f->dir, &f->st, &err) != CB_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	static char rm[] = "rm", rf[] = "-rf";
	char *cmd[] = { rm, rf, NULL, NULL };
	char *parent = strdup(f->dir);

	cb_store_close(f->st);
	*strrchr(parent, '/') = '\0';
	cmd[2] = parent;
	if (fork() == 0)
		execvp(cmd[0], cmd);
	wait(NULL);
	free(parent);
	free(f);
	return 0;
}

static void
new_incident(struct cb_store *st, const char *title, const char *urgency,
    char id[CB_ID_MAX])
{
	struct cb_incident inc;
	struct cb_error err;

	cb_incident_init(&inc);
	assert_int_equal(cb_incident_set(&inc, "title", title, &err), CB_OK);
	assert_int_equal(cb_incident_set(&inc, "urgency", urgency, &err), CB_OK);
	assert_int_equal(cb_store_create(st, &inc, id, &err), CB_OK);
	cb_incident_free(&inc);
}

static int
collect_ids(const struct cb_row *r, void *arg)
{
	strcat(arg, r->id);
	strcat(arg, " ");
	return 0;
}

static void
test_create_and_list(void **state)
{
	struct fixture *f = *state;
	struct cb_query q = { NULL, false, 0, NULL };
	struct cb_error err;
	char a[CB_ID_MAX], b[CB_ID_MAX], c[CB_ID_MAX], ids[256] = "";
	bool changed;

	new_incident(f->st, "first", "low", a);
	new_incident(f->st, "second", "immediate", b);
	new_incident(f->st, "third", "low", c);
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);
	/* Most urgent first, then oldest. */
	assert_int_equal(cb_store_list(f->st, &q, collect_ids, ids, &err), CB_OK);
	{
		char want[256];

		snprintf(want, sizeof want, "%s %s %s ", b, a, c);
		assert_string_equal(ids, want);
	}
	assert_int_equal(cb_store_set(f->st, b, "phase", "closed", NULL,
	    &changed, &err), CB_OK);
	assert_true(changed);
	ids[0] = '\0';
	assert_int_equal(cb_store_list(f->st, &q, collect_ids, ids, &err), CB_OK);
	assert_null(strstr(ids, b));
	q.all = true;
	ids[0] = '\0';
	assert_int_equal(cb_store_list(f->st, &q, collect_ids, ids, &err), CB_OK);
	assert_non_null(strstr(ids, b));
	/* The same value again is no change and no commit. */
	assert_int_equal(cb_store_set(f->st, b, "phase", "closed", NULL,
	    &changed, &err), CB_OK);
	assert_false(changed);
}

static void
test_conflict_same_field(void **state)
{
	struct fixture *f = *state;
	struct cb_incident inc;
	struct cb_error err;
	char id[CB_ID_MAX];

	new_incident(f->st, "conflict", "normal", id);
	/* Someone else changes the title ... */
	assert_int_equal(cb_store_set(f->st, id, "title", "their title", NULL,
	    NULL, &err), CB_OK);
	/* ... while we change it from what we saw. */
	assert_int_equal(cb_store_set(f->st, id, "title", "our title",
	    "conflict", NULL, &err), CB_ECONFLICT);
	assert_non_null(strstr(err.msg, "'title'"));
	assert_non_null(strstr(err.msg, "their title"));
	assert_non_null(strstr(err.msg, "our title"));
	/* Another field from the same stale view is no conflict. */
	assert_int_equal(cb_store_set(f->st, id, "urgency", "high", "normal",
	    NULL, &err), CB_OK);
	assert_int_equal(cb_store_get(f->st, id, &inc, &err), CB_OK);
	assert_string_equal(inc.title, "their title");
	assert_int_equal(inc.urgency, CB_URGENCY_HIGH);
	cb_incident_free(&inc);
}

/* Bad fields and values are refused before anything is written. */
static void
test_set_refused(void **state)
{
	struct fixture *f = *state;
	struct cb_error err;
	bool changed = true;
	char id[CB_ID_MAX];

	new_incident(f->st, "refused", "normal", id);
	assert_int_equal(cb_store_set(f->st, id, "bogus", "x", NULL, &changed,
	    &err), CB_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown field 'bogus'"));
	assert_false(changed);
	assert_int_equal(cb_store_set(f->st, id, "urgency", "soon", "normal",
	    &changed, &err), CB_EUSAGE);
	assert_false(changed);
	assert_int_equal(cb_store_set(f->st, "2026-9999", "urgency", "high",
	    NULL, &changed, &err), CB_ENOTFOUND);
	assert_false(changed);
}

static int
count_notes(const struct cb_note *n, void *arg)
{
	(void)n;
	(*(int *)arg)++;
	return 0;
}

static int
first_hit(const struct cb_hit *h, void *arg)
{
	snprintf(arg, 256, "%s|%s", h->id, h->snippet);
	return 1;
}

static void
test_notes_search_and_other_writer(void **state)
{
	struct fixture *f = *state;
	struct cb_store *other;
	struct cb_error err;
	char id[CB_ID_MAX], hit[256] = "";
	static const char body[] = "NAS への不正侵入を確認\0after NUL";
	int n = 0;

	new_incident(f->st, "notes", "normal", id);
	assert_int_equal(cb_store_note(f->st, id, body, sizeof body - 1, &err),
	    CB_OK);
	/* A second handle, as another process would be, writes a note ... */
	assert_int_equal(cb_store_open(f->dir, &other, &err), CB_OK);
	assert_int_equal(cb_store_note(other, id, "from elsewhere", 14, &err),
	    CB_OK);
	cb_store_close(other);
	/* ... and this handle sees it once it reopens (the index catches up). */
	cb_store_close(f->st);
	assert_int_equal(cb_store_open(f->dir, &f->st, &err), CB_OK);
	assert_int_equal(cb_store_notes(f->st, id, count_notes, &n, &err), CB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cb_store_search(f->st, "不正侵入", 10, first_hit, hit,
	    &err), CB_OK);
	assert_non_null(strstr(hit, id));
	assert_non_null(strstr(hit, "\x02不正侵入\x03"));
	/* Two characters: no trigram, still found. */
	hit[0] = '\0';
	assert_int_equal(cb_store_search(f->st, "侵入", 10, first_hit, hit,
	    &err), CB_OK);
	assert_non_null(strstr(hit, id));
	hit[0] = '\0';
	assert_int_equal(cb_store_search(f->st, "absent words", 10, first_hit,
	    hit, &err), CB_OK);
	assert_string_equal(hit, "");
}

static int
attachment_name(const struct cb_attachment *a, void *arg)
{
	snprintf(arg, 256, "%s|%s|%lld", a->name, a->sha256, (long long)a->size);
	return 0;
}

static void
test_attach_hostile_name(void **state)
{
	struct fixture *f = *state;
	struct cb_error err;
	char id[CB_ID_MAX], sha[65], got[256] = "";
	bool already;

	new_incident(f->st, "evidence", "normal", id);
	assert_int_equal(cb_store_attach(f->st, id, "../../etc/pass\x1bwd",
	    "data", 4, sha, &already, &err), CB_OK);
	assert_false(already);
	assert_string_equal(sha, "3a6eb0790f39ac87c94f3856b2dd2c5d"
	    "110e6811602261a9a923d3bb23adc8b7");
	assert_int_equal(cb_store_attachments(f->st, id, attachment_name, got,
	    &err), CB_OK);
	assert_non_null(strstr(got, "pass\x1bwd|3a6eb0"));
	assert_null(strstr(got, ".."));
	assert_int_equal(cb_store_attach(f->st, id, "again", "data", 4, sha,
	    &already, &err), CB_OK);
	assert_true(already);
}

static int
log_actions(const struct cb_logent *e, void *arg)
{
	strcat(arg, e->action);
	strcat(arg, " ");
	return 0;
}

static void
test_log_and_reindex(void **state)
{
	struct fixture *f = *state;
	struct cb_query q = { NULL, true, 0, NULL };
	struct cb_error err;
	char id[CB_ID_MAX], before[512] = "", after[512] = "", log[256] = "";
	char hit1[256] = "", hit2[256] = "";

	new_incident(f->st, "history", "normal", id);
	assert_int_equal(cb_store_note(f->st, id, "one", 3, &err), CB_OK);
	assert_int_equal(cb_store_set(f->st, id, "department", "noc", NULL, NULL,
	    &err), CB_OK);
	assert_int_equal(cb_store_log(f->st, id, log_actions, log, &err), CB_OK);
	assert_string_equal(log, "set note create ");
	assert_int_equal(cb_store_list(f->st, &q, collect_ids, before, &err),
	    CB_OK);
	assert_int_equal(cb_store_search(f->st, "history", 5, first_hit, hit1,
	    &err), CB_OK);
	assert_int_equal(cb_store_reindex(f->st, &err), CB_OK);
	assert_int_equal(cb_store_list(f->st, &q, collect_ids, after, &err),
	    CB_OK);
	assert_string_equal(before, after);
	assert_int_equal(cb_store_search(f->st, "history", 5, first_hit, hit2,
	    &err), CB_OK);
	assert_string_equal(hit1, hit2);
	log[0] = '\0';
	assert_int_equal(cb_store_log(f->st, id, log_actions, log, &err), CB_OK);
	assert_string_equal(log, "set note create ");
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct cb_store *st;
	struct cb_error err;
	char path[128];
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/index.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(cb_store_open(f->dir, &st, &err), CB_ERR);
	assert_non_null(strstr(err.msg, "schema version 99"));
}

/* --- alerts in pieces ---------------------------------------------------------- */

struct bad_log {
	struct cb_buf text;
};

static void
log_bad_line(size_t line, const char *why, void *arg)
{
	struct bad_log *l = arg;

	cb_buf_printf(&l->text, "%zu %s\n", line, why);
}

static size_t notables;

static void
count_notable(long long group, double score, void *arg)
{
	(void)group;
	(void)score;
	(void)arg;
	notables++;
}

/* The alerts and groups of the index at dir, as text to compare. */
static char *
dump_alerts(const char *dir)
{
	static const char *const q[] = {
		"SELECT a.source, a.source_ref, a.count, a.status, g.key, "
		"a.first_seen, a.last_seen, b.body FROM alerts a JOIN "
		"alert_bodies b ON b.id = a.id LEFT JOIN alert_groups g ON "
		"g.id = a.grp ORDER BY a.id",
		"SELECT key, status, alerts, seen, first_event, last_event, "
		"top_score, department, hosts FROM alert_groups ORDER BY id",
		"SELECT src, dst, ts FROM flows ORDER BY src, dst, ts",
		/* Which groups, not their payloads: a group's event tells
		 * its state when it became notable, which in pieces can be
		 * before its last alert came. */
		"SELECT oid FROM events WHERE action = 'alert-notable' "
		"ORDER BY oid",
	};
	struct cb_buf out = { 0 };
	char path[128];
	sqlite3_stmt *stmt;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/index.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		assert_int_equal(sqlite3_prepare_v2(db, q[i], -1, &stmt, NULL),
		    SQLITE_OK);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(stmt); c++) {
				const unsigned char *t =
				    sqlite3_column_text(stmt, c);

				cb_buf_printf(&out, "%s|", t != NULL ?
				    (const char *)t : "NULL");
			}
			cb_buf_addc(&out, '\n');
		}
		sqlite3_finalize(stmt);
		cb_buf_adds(&out, "--\n");
	}
	sqlite3_close(db);
	return cb_buf_detach(&out);
}

/*
 * Alerts of a few groups, replays in the same file, flows and bad
 * lines: n lines of Suricata EVE, and a sandbox's detections in
 * casebook's own lines among them.
 */
static char *
eve_lines(size_t n, size_t *len)
{
	struct cb_buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		size_t k = i % 400 < 300 ? i % 400 : i % 400 - 150;

		if (i % 23 == 7)
			cb_buf_printf(&b, "{\"event_type\":\"alert\"} %zu\n",
			    i);
		else if (i % 97 == 13)
			/* A sandbox's detection, of a notable score. */
			cb_buf_printf(&b, "{\"casebook_alert\":1,\"source\":"
			    "\"lastline\",\"source_ref\":\"d%zu\","
			    "\"event_time\":\"2026-11-26T00:%02zu:00Z\","
			    "\"received\":\"2026-11-27T00:00:00Z\",\"score\":"
			    "%zu,\"severity\":\"high\",\"signature\":"
			    "\"command&control/Test %zu\",\"src\":{\"addr\":"
			    "\"10.0.1.%zu\"}}\n", i, i % 60, 70 + i % 30, i % 4,
			    i % 9);
		else if (i % 11 == 4)
			cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T0%zu:"
			    "%02zu:00.000000+0000\",\"event_type\":\"flow\","
			    "\"src_ip\":\"10.0.0.%zu\",\"dest_ip\":"
			    "\"198.51.100.1\",\"flow\":{\"start\":"
			    "\"2026-11-26T0%zu:%02zu:00.000000+0000\"}}\n",
			    i / 600, i % 60, i % 5, i / 600, i % 60);
		else
			/* k repeats: lines 300-399 of each 400 replay. */
			cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T0%zu:"
			    "%02zu:00.000000+0000\",\"flow_id\":%zu,"
			    "\"event_type\":\"alert\",\"src_ip\":"
			    "\"10.0.0.%zu\",\"dest_ip\":\"198.51.100.%zu\","
			    "\"alert\":{\"signature_id\":%zu,\"signature\":"
			    "\"ET TEST %zu\",\"severity\":1}}\n", i / 600,
			    i % 60, 1000 + k + 1000 * (i / 400), k % 5, k % 3,
			    2000 + k % 2, k % 2);
	}
	*len = b.len;
	return cb_buf_detach(&b);
}

/*
 * An ingest in pieces, each its own transaction with the next parsed
 * meanwhile, leaves the index as one ingest of the whole would: the
 * same alerts, counts, groups (spanning pieces), flows, notable events,
 * and bad lines numbered from the file's start.  Then the same again,
 * every alert a replay.
 */
static void
test_ingest_in_pieces(void **state)
{
	struct fixture *f = *state;
	struct cb_alert_ctx ctx = { 1795658400, NULL, NULL, NULL };
	struct cb_ingest_stats whole, pieces;
	struct bad_log bad_whole = { { 0 } }, bad_pieces = { { 0 } };
	struct cb_store *other;
	struct cb_error err;
	char dir[80], *a, *b;
	size_t len, notable_whole;
	char *buf = eve_lines(5000, &len);
	bool existed;

	snprintf(dir, sizeof dir, "%s2", f->dir);
	assert_int_equal(cb_store_init(dir, NULL, &existed, &err), CB_OK);
	assert_int_equal(cb_store_open(dir, &other, &err), CB_OK);
	for (int pass = 0; pass < 2; pass++) {
		notables = 0;
		assert_int_equal(cb_store_ingest_notable(f->st,
		    CB_ALERT_AUTO, buf, len, &ctx, log_bad_line,
		    count_notable, &bad_whole, &whole, &err), CB_OK);
		notable_whole = notables;
		notables = 0;
		assert_int_equal(cb_store_ingest_pieces(other,
		    CB_ALERT_AUTO, buf, len, 8192, &ctx, log_bad_line,
		    count_notable, &bad_pieces, &pieces, &err), CB_OK);
		assert_int_equal(notables, notable_whole);
		assert_int_equal(pieces.added, whole.added);
		assert_int_equal(pieces.replayed, whole.replayed);
		assert_int_equal(pieces.flows, whole.flows);
		assert_int_equal(pieces.bad, whole.bad);
		assert_int_equal(whole.bad, 5000 / 23 + 1);
		if (pass == 0) {
			assert_true(whole.added > 3000);
			assert_true(whole.replayed > 800);
			assert_true(notable_whole > 0);
		} else {
			assert_int_equal(whole.added, 0);
			assert_int_equal(pieces.added, 0);
			assert_int_equal(notables, 0);
		}
		assert_string_equal(bad_pieces.text.data, bad_whole.text.data);
		a = dump_alerts(f->dir);
		b = dump_alerts(dir);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	/* Numbered from the file's start: the last bad line, i = 4975. */
	assert_non_null(strstr(bad_whole.text.data, "\n4976 "));
	cb_buf_free(&bad_whole.text);
	cb_buf_free(&bad_pieces.text);
	cb_store_close(other);
	free(buf);
}

/* One number from the index at dir: the first column of sql's row. */
static long long
index_number(const char *dir, const char *sql)
{
	char path[128];
	sqlite3_stmt *stmt;
	sqlite3 *db;
	long long v;

	snprintf(path, sizeof path, "%s/index.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* EVE alert k of test_ingest_counts: 3 signatures, 91 hosts. */
static void
count_line(struct cb_buf *b, size_t k)
{
	cb_buf_printf(b, "{\"timestamp\":\"2026-11-26T0%zu:%02zu:00.000000"
	    "+0000\",\"flow_id\":%zu,\"event_type\":\"alert\",\"src_ip\":"
	    "\"10.0.%zu.%zu\",\"dest_ip\":\"198.51.100.1\",\"alert\":{"
	    "\"signature_id\":%zu,\"signature\":\"ET TEST %zu\","
	    "\"severity\":2}}\n", k / 1200, k / 20 % 60, 5000 + k, k % 7,
	    k % 13, 3000 + k % 3, k % 3);
}

/*
 * The ingest writes its alerts 4,096 at a time (store/alert.c, the
 * stage): a replay is counted whether its alert is in the index, in
 * the same stage, or in one written before, and a group's sightings
 * are its alerts' counts.  10,000 alerts, each of the first 7,000
 * again 3,000 lines after itself, so that replays fall on both sides
 * of a stage's end; then all of it again, in 8 KB pieces.
 */
static void
test_ingest_counts(void **state)
{
	struct fixture *f = *state;
	struct cb_alert_ctx ctx = { 1795658400, NULL, NULL, NULL };
	struct cb_ingest_stats st;
	struct cb_error err;
	struct cb_buf b = { 0 };

	for (size_t i = 0; i < 10000 + 3000; i++) {
		if (i < 10000)
			count_line(&b, i);
		if (i >= 3000 && i - 3000 < 7000)
			count_line(&b, i - 3000);
	}
	assert_int_equal(cb_store_ingest(f->st, CB_ALERT_SURICATA, b.data,
	    b.len, &ctx, NULL, NULL, &st, &err), CB_OK);
	assert_int_equal(st.added, 10000);
	assert_int_equal(st.replayed, 7000);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM alerts "
	    "WHERE count = 2"), 7000);
	assert_int_equal(index_number(f->dir, "SELECT sum(count) FROM "
	    "alerts"), 17000);
	assert_int_equal(index_number(f->dir, "SELECT sum(seen) FROM "
	    "alert_groups"), 17000);
	assert_int_equal(index_number(f->dir, "SELECT sum(alerts) FROM "
	    "alert_groups"), 10000);
	/* Ids as SQLite gives them: 1 to 10,000 in the order they came. */
	assert_int_equal(index_number(f->dir, "SELECT max(id) - min(id) + 1 "
	    "FROM alerts"), 10000);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM alerts "
	    "a JOIN alert_bodies b USING (id)"), 10000);
	/* Each address and group of the alerts, with its last alert, in
	 * alert_sources. */
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM (SELECT "
	    "src, grp, max(id) FROM alerts GROUP BY src, grp EXCEPT SELECT "
	    "src, grp, last_id FROM alert_sources)"), 0);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM "
	    "alert_sources"), index_number(f->dir, "SELECT count(*) FROM "
	    "(SELECT DISTINCT src, grp FROM alerts)"));
	assert_int_equal(cb_store_ingest_pieces(f->st, CB_ALERT_SURICATA,
	    b.data, b.len, 8192, &ctx, NULL, NULL, NULL, &st, &err), CB_OK);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.replayed, 17000);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM alerts "
	    "WHERE count = 4"), 7000);
	assert_int_equal(index_number(f->dir, "SELECT sum(seen) FROM "
	    "alert_groups"), 34000);
	assert_int_equal(index_number(f->dir, "SELECT sum(alerts) FROM "
	    "alert_groups"), 10000);
	/* 700 addresses more, in one piece: past the 512 pairs the map of
	 * a piece's addresses holds before it grows. */
	b.len = 0;
	for (size_t i = 0; i < 700; i++)
		cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T09:00:00.000000"
		    "+0000\",\"flow_id\":%zu,\"event_type\":\"alert\","
		    "\"src_ip\":\"10.1.%zu.%zu\",\"dest_ip\":\"198.51.100.1\","
		    "\"alert\":{\"signature_id\":9,\"signature\":\"ET MANY\","
		    "\"severity\":2}}\n", 90000 + i, i / 250, i % 250);
	assert_int_equal(cb_store_ingest(f->st, CB_ALERT_SURICATA, b.data,
	    b.len, &ctx, NULL, NULL, &st, &err), CB_OK);
	assert_int_equal(st.added, 700);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM "
	    "alert_sources WHERE src LIKE '10.1.%'"), 700);
	assert_int_equal(index_number(f->dir, "SELECT count(*) FROM (SELECT "
	    "src, grp, max(id) FROM alerts GROUP BY src, grp EXCEPT SELECT "
	    "src, grp, last_id FROM alert_sources)"), 0);
	cb_buf_free(&b);
}

/*
 * FTS5's integrity-check of the groups' trigram index against its
 * content table, alert_groups: SQLITE_OK when it holds their texts.
 */
static int
text_index_check(const char *dir)
{
	char path[128];
	sqlite3 *db;
	int rc;

	snprintf(path, sizeof path, "%s/index.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return SQLITE_CANTOPEN;
	rc = sqlite3_exec(db, "INSERT INTO alert_groups_text(alert_groups_text, "
	    "rank) VALUES ('integrity-check', 1)", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* b emptied, its text "" (the adds keep it terminated). */
static void
buf_empty(struct cb_buf *b)
{
	b->len = 0;
	cb_buf_adds(b, "");
}

/* The ids of a page, into a buffer of ids. */
static int
page_id(const struct cb_alert_group *g, void *arg)
{
	struct cb_buf *b = arg;

	cb_buf_printf(b, "%lld,", g->id);
	return 0;
}

/*
 * The Alerts screen's filter: a text of three characters or more takes
 * its candidates from the groups' trigram index, which folds the case
 * of every letter and reads a quote as its own; the rows must be those
 * of the plain match (ASCII letters either case, literal text), page
 * by page in every order, whether or not the page goes through the
 * index.  Groups with a non-ASCII capital, quotes, FTS5 query syntax,
 * and 60 others.
 */
static void
test_filter_text(void **state)
{
	struct fixture *f = *state;
	struct cb_alert_ctx ctx = { 1795658400, NULL, NULL, NULL };
	struct cb_ingest_stats st;
	struct cb_error err;
	struct cb_buf b = { 0 }, plain = { 0 }, few = { 0 };
	static const char *const sigs[] = {
		"ET SCAN \\u00c9t\\u00e9 probe", "Say \\\"quoted\\\" thing",
		"ET MALWARE Win32/Emotet", "NEAR(a b) OR c* AND -d",
	};
	static const struct { const char *text; long n; } cases[] = {
		{ "win32/emotet", 1 }, { "WIN32/EMOTET", 1 },
		{ "\xc3\xa9t\xc3\xa9", 0 },	/* "été": É is not folded */
		{ "\xc3\x89t\xc3\xa9", 1 },	/* "Été" */
		{ "\"quoted\"", 1 }, { "say \"", 1 }, { "\"", 1 },
		{ "near(a b) or c*", 1 }, { "-d", 1 }, { "c* and", 1 },
		{ "et test 1", 11 }, { "10.9.8.7", 1 }, { "et ", 62 },
		{ "no such group", 0 }, { "zz", 0 }, { "et test", 60 },
	};
	long n;
	bool capped;

	for (size_t i = 0; i < 4; i++)
		cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T01:00:00.000000"
		    "+0000\",\"flow_id\":%zu,\"event_type\":\"alert\","
		    "\"src_ip\":\"10.9.8.%zu\",\"dest_ip\":\"198.51.100.1\","
		    "\"alert\":{\"signature_id\":%zu,\"signature\":\"%s\","
		    "\"severity\":2}}\n", 100 + i, 7 + i, 100 + i, sigs[i]);
	for (size_t i = 0; i < 60; i++)
		cb_buf_printf(&b, "{\"timestamp\":\"2026-11-26T02:%02zu:00.000000"
		    "+0000\",\"flow_id\":%zu,\"event_type\":\"alert\","
		    "\"src_ip\":\"10.8.0.%zu\",\"dest_ip\":\"198.51.100.1\","
		    "\"alert\":{\"signature_id\":%zu,\"signature\":\"ET TEST "
		    "%zu\",\"severity\":%zu}}\n", i, 200 + i, i, 200 + i, i,
		    1 + i % 3);
	assert_int_equal(cb_store_ingest(f->st, CB_ALERT_SURICATA, b.data,
	    b.len, &ctx, NULL, NULL, &st, &err), CB_OK);
	assert_int_equal(st.added, 64);
	assert_int_equal(text_index_check(f->dir), SQLITE_OK);
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		struct cb_agroup_filter fl = { CB_ATAB_NEW, cases[c].text,
		    CB_ASORT_LAST, false, false };

		assert_int_equal(cb_agroups_count(f->st, &fl, 1000, &n,
		    &capped, &err), CB_OK);
		if (n != cases[c].n)
			fail_msg("filter '%s': %ld groups, expected %ld",
			    cases[c].text, n, cases[c].n);
		for (int sort = 0; sort < 6; sort++)
			for (int rev = 0; rev < 2; rev++)
				for (long off = 0; off < 70; off += 7) {
					fl.sort = (enum cb_asort)sort;
					fl.reverse = rev == 1;
					buf_empty(&plain);
					buf_empty(&few);
					fl.few = false;
					assert_int_equal(cb_agroups_page(f->st,
					    &fl, off, 7, page_id, &plain, &err),
					    CB_OK);
					fl.few = true;
					assert_int_equal(cb_agroups_page(f->st,
					    &fl, off, 7, page_id, &few, &err),
					    CB_OK);
					if (strcmp(plain.data, few.data) != 0)
						fail_msg("filter '%s', order %d%s, "
						    "from %ld: %s, through the "
						    "index %s", cases[c].text,
						    sort, rev ? " reversed" : "",
						    off, plain.data, few.data);
				}
	}
	/* The index follows a group as it changes: promoted, it is found
	 * on Done, by its signature and by its incident. */
	{
		struct cb_agroup_filter fl = { CB_ATAB_NEW, "win32/emotet",
		    CB_ASORT_LAST, false, true };
		char id[CB_ID_MAX];

		buf_empty(&plain);
		assert_int_equal(cb_agroups_page(f->st, &fl, 0, 7, page_id,
		    &plain, &err), CB_OK);
		assert_true(plain.len > 0);
		if (cb_store_alert_promote(f->st, atoll(plain.data), id,
		    &err) != CB_OK)
			fail_msg("promote: %s", err.msg);
		assert_int_equal(cb_agroups_count(f->st, &fl, 1000, &n,
		    &capped, &err), CB_OK);
		assert_int_equal(n, 0);
		fl.tab = CB_ATAB_DONE;
		assert_int_equal(cb_agroups_count(f->st, &fl, 1000, &n,
		    &capped, &err), CB_OK);
		assert_int_equal(n, 1);
		fl.text = id;
		assert_int_equal(cb_agroups_count(f->st, &fl, 1000, &n,
		    &capped, &err), CB_OK);
		assert_int_equal(n, 1);
		buf_empty(&few);
		assert_int_equal(cb_agroups_page(f->st, &fl, 0, 7, page_id,
		    &few, &err), CB_OK);
		assert_string_equal(few.data, plain.data);
		assert_int_equal(text_index_check(f->dir), SQLITE_OK);
	}
	cb_buf_free(&b);
	cb_buf_free(&plain);
	cb_buf_free(&few);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conflict_same_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_notes_search_and_other_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_hostile_name, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_log_and_reindex, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ingest_in_pieces, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ingest_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_filter_text, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
