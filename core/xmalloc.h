/*
 * Never-NULL allocation wrappers.  Running out of memory is not a user
 * error casebook can recover from in a useful way, so these abort with a
 * message instead of returning NULL; callers never check.
 */
#ifndef CB_XMALLOC_H
#define CB_XMALLOC_H

#include <stddef.h>

#define CB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CB_MALLOC __attribute__((malloc, returns_nonnull))
#define CB_NORETURN __attribute__((noreturn))

void *xmalloc(size_t size) CB_MALLOC;
void *xcalloc(size_t n, size_t size) CB_MALLOC;
void *xrealloc(void *ptr, size_t size) __attribute__((returns_nonnull));
char *xstrdup(const char *s) CB_MALLOC;
char *xstrndup(const char *s, size_t n) CB_MALLOC;
char *xasprintf(const char *fmt, ...) CB_PRINTF(1, 2) CB_MALLOC;

/* For states that cannot happen: prints and aborts. */
void fatal(const char *fmt, ...) CB_PRINTF(1, 2) CB_NORETURN;

/*
 * A growable byte buffer, always NUL-terminated so that text can be used
 * as a C string; len does not count the terminator.
 */
struct cb_buf {
	char *data;
	size_t len;
	size_t cap;
};

void cb_buf_add(struct cb_buf *b, const void *data, size_t len);
void cb_buf_adds(struct cb_buf *b, const char *s);
void cb_buf_addc(struct cb_buf *b, char c);
void cb_buf_printf(struct cb_buf *b, const char *fmt, ...) CB_PRINTF(2, 3);
/* Hands the data to the caller (free it) and empties the buffer. */
char *cb_buf_detach(struct cb_buf *b);
void cb_buf_free(struct cb_buf *b);

#endif
