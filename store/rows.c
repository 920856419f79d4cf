/*
 * Rows held in C, read by SQL as a table (doc/design.md, "Ingest
 * speed"): an eponymous virtual table whose one argument is a pointer
 * bound with sqlite3_bind_pointer, so that the ingest moves a batch of
 * alerts with one INSERT ... SELECT instead of a statement per row.
 *
 *	INSERT INTO t(a, b) SELECT a, b FROM staged(?1)
 *
 * with ?1 bound by cb_rows_bind to a struct cb_rows.  The module keeps
 * nothing of its own: the rows and their values are the caller's, read
 * through its column function while the statement runs.  SQLite's
 * carray() does the same for one column of plain values; it is not in
 * the SQLite Debian ships before 3.45's, and an ingest needs many
 * columns per row.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "store/store-int.h"

#define ROWS_POINTER "casebook-rows"

struct rows_vtab {
	sqlite3_vtab base;
	int ncols;		/* without the hidden argument */
};

struct rows_cursor {
	sqlite3_vtab_cursor base;
	const struct cb_rows *rows;
	size_t i;
};

static int
rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **out, char **why)
{
	const char *columns = aux;
	struct rows_vtab *t;
	char *schema;
	int rc, n = 1;

	(void)argc;
	(void)argv;
	(void)why;
	for (const char *c = columns; *c != '\0'; c++)
		n += *c == ',';
	schema = xasprintf("CREATE TABLE x(%s, rows HIDDEN)", columns);
	rc = sqlite3_declare_vtab(db, schema);
	free(schema);
	if (rc != SQLITE_OK)
		return rc;
	t = xcalloc(1, sizeof *t);
	t->ncols = n;
	*out = &t->base;
	return SQLITE_OK;
}

static int
rows_disconnect(sqlite3_vtab *vt)
{
	free(vt);
	return SQLITE_OK;
}

/* Usable only with its argument: staged(?1). */
static int
rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	struct rows_vtab *t = (struct rows_vtab *)vt;

	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];

		if (c->iColumn != t->ncols)
			continue;
		if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->estimatedCost = 1000;
		info->estimatedRows = 1000;
		info->idxNum = 1;
		return SQLITE_OK;
	}
	return SQLITE_CONSTRAINT;
}

static int
rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct rows_cursor *c = xcalloc(1, sizeof *c);

	(void)vt;
	*out = &c->base;
	return SQLITE_OK;
}

static int
rows_close(sqlite3_vtab_cursor *vc)
{
	free(vc);
	return SQLITE_OK;
}

static int
rows_filter(sqlite3_vtab_cursor *vc, int idx, const char *idxs, int argc,
    sqlite3_value **argv)
{
	struct rows_cursor *c = (struct rows_cursor *)vc;

	(void)idxs;
	c->rows = idx == 1 && argc == 1 ?
	    sqlite3_value_pointer(argv[0], ROWS_POINTER) : NULL;
	c->i = 0;
	return SQLITE_OK;
}

static int
rows_next(sqlite3_vtab_cursor *vc)
{
	struct rows_cursor *c = (struct rows_cursor *)vc;

	c->i++;
	if (c->rows != NULL && c->rows->ahead != NULL && c->i < c->rows->n)
		c->rows->ahead(c->i, c->rows->arg);
	return SQLITE_OK;
}

static int
rows_eof(sqlite3_vtab_cursor *vc)
{
	struct rows_cursor *c = (struct rows_cursor *)vc;

	return c->rows == NULL || c->i >= c->rows->n;
}

static int
rows_column(sqlite3_vtab_cursor *vc, sqlite3_context *ctx, int col)
{
	struct rows_cursor *c = (struct rows_cursor *)vc;
	struct rows_vtab *t = (struct rows_vtab *)vc->pVtab;

	if (col < t->ncols)
		c->rows->column(ctx, c->i, col, c->rows->arg);
	return SQLITE_OK;
}

static int
rows_rowid(sqlite3_vtab_cursor *vc, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct rows_cursor *)vc)->i + 1;
	return SQLITE_OK;
}

static const sqlite3_module rows_module = {
	.iVersion = 0,
	.xConnect = rows_connect,
	.xBestIndex = rows_best_index,
	.xDisconnect = rows_disconnect,
	.xOpen = rows_open,
	.xClose = rows_close,
	.xFilter = rows_filter,
	.xNext = rows_next,
	.xEof = rows_eof,
	.xColumn = rows_column,
	.xRowid = rows_rowid,
};

enum cb_status
cb_rows_table(struct cb_store *st, const char *name, const char *columns,
    struct cb_error *err)
{
	/* Eponymous (no xCreate): no CREATE VIRTUAL TABLE, nothing in the
	 * index's schema; a second call for a name is a no-op. */
	if (sqlite3_create_module_v2(st->db, name, &rows_module,
	    (void *)(uintptr_t)columns, NULL) != SQLITE_OK)
		return cb_db_error(st, err, "preparing the staged rows");
	return CB_OK;
}

void
cb_rows_bind(sqlite3_stmt *stmt, int i, struct cb_rows *rows)
{
	sqlite3_bind_pointer(stmt, i, rows, ROWS_POINTER, NULL);
}
