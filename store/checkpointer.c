/*
 * A checkpointer for a long write (doc/design.md, "Ingest speed").
 *
 * A thread of its own, on a connection of its own to the same index,
 * copies each commit from the WAL into the database file while the
 * writer goes on with the next one.  SQLite lets a PASSIVE checkpoint
 * run beside a writer (it takes no lock the writer needs); the
 * writer's own checkpoints are off meanwhile, and put back at the end.
 *
 * The WAL starts again from its beginning only when a transaction
 * begins with all of it copied, which a writer that never pauses never
 * sees.  So when the WAL has grown past the caller's bound at a commit,
 * the writer waits for the copy to catch up: once in so many bytes, for
 * the last commit's pages only.
 *
 * Nothing here can lose a commit: a checkpoint copies what is already
 * durable in the WAL.  A checkpoint that fails (busy, a full disk) only
 * leaves the WAL longer, for the next one; a checkpointer that cannot
 * start leaves the writer's own checkpoints on.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "store/store-int.h"

struct cb_checkpointer {
	sqlite3 *db;		/* the thread's connection */
	sqlite3 *writer;	/* the writer's, whose WAL hook is ours */
	int autocheckpoint;	/* the writer's, put back at the end */
	long long wal_max;	/* bytes of WAL past which the writer waits */
	int page_size;
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t wake;	/* a commit was made, or stop */
	pthread_cond_t caught;	/* a checkpoint is done */
	unsigned long asked;	/* commits the writer made */
	unsigned long made;	/* commits checkpointed (or tried) */
	bool stop;
};

static void *
run(void *arg)
{
	struct cb_checkpointer *c = arg;
	unsigned long want;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (c->made == c->asked && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->made == c->asked)
			break;
		want = c->asked;
		pthread_mutex_unlock(&c->lock);
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->made = want;
		pthread_cond_broadcast(&c->caught);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/*
 * The writer's WAL hook, after each of its commits (nothing of it is
 * locked then): a checkpoint asked for, and waited for when the WAL is
 * long.
 */
static int
on_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct cb_checkpointer *c = arg;
	unsigned long mine;

	(void)db;
	(void)name;
	pthread_mutex_lock(&c->lock);
	mine = ++c->asked;
	pthread_cond_signal(&c->wake);
	if ((long long)frames * c->page_size > c->wal_max)
		while (c->made < mine)
			pthread_cond_wait(&c->caught, &c->lock);
	pthread_mutex_unlock(&c->lock);
	return SQLITE_OK;
}

static int
pragma_int(sqlite3 *db, const char *sql, int dflt)
{
	sqlite3_stmt *stmt;
	int v = dflt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return dflt;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

struct cb_checkpointer *
cb_checkpointer_start(struct cb_store *st, long long wal_max)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	struct cb_checkpointer *c;
	sigset_t all, old;
	int one = 1, frames = -1, rc;

	if (path == NULL || *path == '\0' || st->readonly)
		return NULL;
	c = xcalloc(1, sizeof *c);
	/* NOFOLLOW as the writer's own (index.c).  The WAL and its index
	 * are opened now, by a read of the schema, not later by the
	 * thread; a first checkpoint tells that they are (-1: no WAL). */
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK ||
	    sqlite3_file_control(c->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &one) != SQLITE_OK ||
	    sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL,
	    NULL, NULL) != SQLITE_OK ||
	    sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &frames, NULL) != SQLITE_OK || frames < 0) {
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_busy_timeout(c->db, 10000);
	c->writer = st->db;
	c->wal_max = wal_max;
	c->autocheckpoint = pragma_int(st->db, "PRAGMA wal_autocheckpoint",
	    1000);
	c->page_size = pragma_int(st->db, "PRAGMA page_size", 8192);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->caught, NULL);
	/* Signals stay with the caller's thread, as the parse's do. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->tid, NULL, run, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&c->caught);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	/* Replaces the writer's own checkpoints (a WAL hook of its own). */
	sqlite3_wal_hook(st->db, on_commit, c);
	return c;
}

void
cb_checkpointer_stop(struct cb_checkpointer *c)
{
	if (c == NULL)
		return;
	sqlite3_wal_autocheckpoint(c->writer, c->autocheckpoint);
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->tid, NULL);
	pthread_cond_destroy(&c->caught);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	sqlite3_close(c->db);
	free(c);
}
