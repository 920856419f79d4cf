/*
 * A validating JSON scanner for the alert hot paths (EVE lines and
 * casebook's own alert lines, a million an hour): it checks one JSON
 * text as strictly as jansson does (RFC 8259: UTF-8, escapes, surrogate
 * pairs, numbers, nesting) and leaves a flat array of tokens pointing
 * into the text, allocating nothing for a text of up to CB_JSCAN_STACK
 * tokens.  jansson builds a tree of allocations and a hash table per
 * object for every line: 12.5 us for a 600-byte EVE line, against
 * 2-3 us for the whole of parsing it here (doc/design.md, "Alerts").
 * jansson still reads everything else.
 *
 * Differences from jansson, on purpose: "\u0000" is accepted (Suricata
 * writes it for a NUL in traffic; cb_jstr turns it into U+FFFD and says
 * so), integers of any size are accepted (cb_jint says when one does
 * not fit), duplicate keys are found only when asked (cb_jdup).
 * tests/fuzz/fuzz-jscan.c checks the rest against jansson.
 */
#ifndef CB_JSCAN_H
#define CB_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum cb_jtype {
	CB_J_OBJECT,
	CB_J_ARRAY,
	CB_J_STRING,
	CB_J_NUMBER,
	CB_J_TRUE,
	CB_J_FALSE,
	CB_J_NULL
};

/*
 * A token: a value, or a key (a string) in an object.  start and end
 * delimit its text (a string's without the quotes); next is the index
 * of the token after it and all it holds.
 */
struct cb_jtok {
	uint32_t start, end;
	uint32_t next;
	uint8_t type;		/* enum cb_jtype */
	uint8_t escaped;	/* a string with backslashes */
};

#define CB_JSCAN_STACK	256	/* tokens held without allocating */
#define CB_JSCAN_DEPTH	2048	/* nesting, as jansson's limit */

struct cb_jdoc {
	const char *text;
	struct cb_jtok *tok;	/* tok[0] is the top value */
	size_t n, cap;
	struct cb_jtok stack[CB_JSCAN_STACK];
};

/*
 * Scans len bytes at text (need not end with a NUL) as one JSON value,
 * with only whitespace around it.  The doc points into text, which must
 * outlive it.  CB_OK, or CB_ERR with "reason (column N)".  Call
 * cb_jdoc_free after either.
 */
enum cb_status cb_jscan(struct cb_jdoc *d, const char *text, size_t len,
    struct cb_error *err);
void cb_jdoc_free(struct cb_jdoc *d);

/* The value of key in object obj (the last if repeated), or 0: none. */
size_t cb_jget(const struct cb_jdoc *d, size_t obj, const char *key);
/*
 * cb_jget for nkeys keys (at most CB_JKEYS_MAX, all different) in one
 * pass over obj's members: at[j] is what cb_jget(d, obj, keys[j]) gives.
 */
#define CB_JKEYS_MAX	32
void cb_jget_keys(const struct cb_jdoc *d, size_t obj, const char *const keys[],
    size_t nkeys, size_t at[]);
/* The first key that obj repeats, as an index, or 0. */
size_t cb_jdup(const struct cb_jdoc *d, size_t obj);
/* True when token i is a string equal to s. */
bool cb_jstreq(const struct cb_jdoc *d, size_t i, const char *s);
/*
 * String token i decoded, as a new NUL-terminated string (caller frees);
 * a "\u0000" becomes U+FFFD and sets *had_nul (which may be NULL).  NULL
 * when i is 0 or not a string.
 */
char *cb_jstr(const struct cb_jdoc *d, size_t i, bool *had_nul);
/*
 * How many of the n bytes at s, from the first, a JSON string holds as
 * they are: printable ASCII other than '"' and '\\' (for a writer's
 * escaping, 8 bytes at a time as the scanner reads them).
 */
size_t cb_jplain(const char *s, size_t n);

/*
 * A string decoded for a moment (a time, an address, a word to look
 * up), without an allocation when it is short: cb_jtmp_get decodes
 * string token i into tmp as cb_jstr would (had_nul too) and returns
 * it, or NULL when i is 0 or not a string.  The
 * string lives until the next cb_jtmp_get or cb_jtmp_free on tmp; call
 * cb_jtmp_free once done (it frees what a long string needed).  Start
 * with struct cb_jtmp tmp = { NULL, { 0 } }.
 */
struct cb_jtmp {
	char *heap;		/* a string too long for small, or NULL */
	char small[64];
};
const char *cb_jtmp_get(struct cb_jtmp *tmp, const struct cb_jdoc *d,
    size_t i, bool *had_nul);
void cb_jtmp_free(struct cb_jtmp *tmp);
/* Number token i as an integer (no fraction, no exponent, fits). */
bool cb_jint(const struct cb_jdoc *d, size_t i, int64_t *v);
/* Number token i as a double. */
bool cb_jnum(const struct cb_jdoc *d, size_t i, double *v);

/* Iterating over an object's members or an array's items: */
#define CB_JFIRST(d, i)		((i) + 1)
#define CB_JEND(d, i)		((d)->tok[i].next)

#endif
