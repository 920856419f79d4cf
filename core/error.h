/*
 * Errors as values.  A function that can fail returns an enum cb_status
 * and, when it fails, fills a struct cb_error with a message for a person
 * (naming the file, line, field or incident concerned).  Only cli/ and
 * tui/ print them.  The status decides the exit code of a command.
 */
#ifndef CB_ERROR_H
#define CB_ERROR_H

#include "core/xmalloc.h"

/* X-macro: name, exit code, short description. */
#define CB_STATUS_INFO(_) \
	_(CB_OK, 0, "ok") \
	_(CB_ERR, 1, "error") \
	_(CB_EUSAGE, 2, "usage") \
	_(CB_ECONFLICT, 3, "conflict") \
	_(CB_EDENIED, 4, "not permitted") \
	_(CB_ENOTFOUND, 1, "not found") \
	_(CB_EREADONLY, 1, "read-only store") \
	_(CB_EDAMAGED, 1, "damaged index")

enum cb_status {
#define CB_STATUS_ENUM(name, code, desc) name,
	CB_STATUS_INFO(CB_STATUS_ENUM)
#undef CB_STATUS_ENUM
};

struct cb_error {
	enum cb_status status;
	char msg[1024];
};

/* Fills err (which may be NULL) and returns status, for "return cb_fail(...)". */
enum cb_status cb_fail(struct cb_error *err, enum cb_status status,
    const char *fmt, ...) CB_PRINTF(3, 4);
/* Puts "prefix: " before the message (e.g. the file it concerns). */
void cb_error_prefix(struct cb_error *err, const char *prefix);
int cb_status_exit_code(enum cb_status status);

#endif
