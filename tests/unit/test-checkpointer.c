/*
 * store/checkpointer.c on a real index: a writer commits piece after
 * piece while the checkpointer's thread copies the WAL into the
 * database file, as a many-piece `casebook ingest` does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store-int.h"

#define PIECES	60
#define ROWS	8		/* of 8 KB each: 64 KB a piece */

struct fixture {
	char dir[64];
	char wal[96];
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
	snprintf(f->wal, sizeof f->wal, "%s/index.db-wal", f->dir);
	if (cb_store_init(f->dir, NULL, &existed, &err) != CB_OK ||
	    cb_store_open(f->dir, &f->st, &err) != CB_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	if (sqlite3_exec(f->st->db, "CREATE TABLE ck(x BLOB)", NULL, NULL,
	    NULL) != SQLITE_OK)
		return -1;
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

static long long
wal_size(const struct fixture *f)
{
	struct stat sb;

	return stat(f->wal, &sb) == 0 ? (long long)sb.st_size : 0;
}

static int
autocheckpoint(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	int v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA wal_autocheckpoint",
	    -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* PIECES transactions back to back, as the ingest's; the WAL's largest. */
static long long
write_pieces(struct fixture *f)
{
	long long most = 0;

	assert_int_equal(sqlite3_exec(f->st->db, "BEGIN IMMEDIATE", NULL,
	    NULL, NULL), SQLITE_OK);
	for (int i = 0; i < PIECES; i++) {
		for (int r = 0; r < ROWS; r++)
			assert_int_equal(sqlite3_exec(f->st->db, "INSERT INTO "
			    "ck VALUES (randomblob(8000))", NULL, NULL, NULL),
			    SQLITE_OK);
		assert_int_equal(sqlite3_exec(f->st->db, "COMMIT", NULL, NULL,
		    NULL), SQLITE_OK);
		if (wal_size(f) > most)
			most = wal_size(f);
		assert_int_equal(sqlite3_exec(f->st->db, "BEGIN IMMEDIATE",
		    NULL, NULL, NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	return most;
}

/*
 * With a bound of 256 KB the writer waits for the checkpoints when the
 * WAL passes it, so the WAL starts again and stays near the bound
 * instead of growing to every piece's pages (about 4 MB).
 */
static void
test_wal_bounded(void **state)
{
	struct fixture *f = *state;
	struct cb_checkpointer *c;
	sqlite3_stmt *stmt;
	long long most;
	int log = -1, done = -1;

	assert_int_equal(autocheckpoint(f->st->db), 1000);
	assert_non_null(c = cb_checkpointer_start(f->st, 256 << 10));
	/* The writer's own checkpoints are off meanwhile. */
	assert_int_equal(autocheckpoint(f->st->db), 0);
	most = write_pieces(f);
	cb_checkpointer_stop(c);
	assert_int_equal(autocheckpoint(f->st->db), 1000);
	assert_true(most > 0);
	assert_true(most < 1 << 20);
	/* The last commit is in the database file: nothing left to copy. */
	assert_int_equal(sqlite3_wal_checkpoint_v2(f->st->db, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &log, &done), SQLITE_OK);
	assert_int_equal(log, done);
	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT count(*) FROM "
	    "ck", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), PIECES * ROWS);
	sqlite3_finalize(stmt);
}

/* What a reader opened afterwards sees: every commit, in a file SQLite
 * finds sound. */
static void
test_checkpointed_whole(void **state)
{
	struct fixture *f = *state;
	struct cb_checkpointer *c;
	char path[128];
	sqlite3 *db;
	sqlite3_stmt *stmt;

	assert_non_null(c = cb_checkpointer_start(f->st, 1LL << 40));
	(void)write_pieces(f);
	cb_checkpointer_stop(c);
	snprintf(path, sizeof path, "%s/index.db", f->dir);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), "
	    "sum(length(x)) FROM ck", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), PIECES * ROWS);
	assert_int_equal(sqlite3_column_int64(stmt, 1), PIECES * ROWS * 8000);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "ok");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wal_bounded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_checkpointed_whole, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
