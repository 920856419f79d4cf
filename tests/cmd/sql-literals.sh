# SQL is never formatted from data: every statement handed to SQLite is a
# string literal, or one of the tables of literals in store/index.c.  This
# fails on a prepare or exec whose SQL argument is anything else, and on
# any printf-style function used to build SQL.
. "$(dirname "$0")/lib.sh"

cd "$TOP_SRCDIR" || fail "no source tree"
bad=$(grep -nE '\b(cb_db_prepare|exec|delete_row|count|sqlite3_prepare_v2|sqlite3_prepare_v3|sqlite3_exec)\((st|st->db|[a-z]+->db|db), ' \
	store/*.c | grep -vE '\((st|st->db|[a-z]+->db|db), ("|FTS_[A-Z_]+ "|use_fts \? fts_sql\[pass\] : scan_sql\[pass\]|migrations\[version\]|sql, )')
[ -z "$bad" ] || fail "SQL that is not a literal:
$bad"
calls=$(grep -cE '\b(cb_db_prepare|exec|sqlite3_prepare_v2|sqlite3_exec)\(' store/index.c)
[ "$calls" -gt 20 ] || fail "the check found only $calls statements: is it looking?"
grep -nE 'sqlite3_(v?s?n?mprintf)' store/*.c cli/*.c core/*.c &&
	fail "sqlite3_mprintf builds SQL from strings"
# The check itself must catch a formatted statement.
printf '%s\n' '	if ((s = cb_db_prepare(st, query_text, &stmt, err)) != CB_OK)' >"$TESTDIR/bad.c"
grep -qE '\((st|st->db|[a-z]+->db|db), ("|use_fts|migrations|sql, )' "$TESTDIR/bad.c" &&
	fail "the pattern accepts a variable as SQL"
exit 0
