/*
 * Never-NULL allocation wrappers.  Running out of memory is not a user
 * error casebook can recover from in a useful way, so these abort with a
 * message instead of returning NULL; callers never check.
 */
#ifndef CB_XMALLOC_H
#define CB_XMALLOC_H

#include <stddef.h>
#include <string.h>

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

/* Room for more bytes and the terminator (the adds below call it). */
void cb_buf_grow(struct cb_buf *b, size_t more);

/*
 * The adds are inline: the parsers and the normal form's writer call
 * them several times per field, a million alerts at a time, and a call
 * was a fifth of what adding a byte cost (doc/design.md, "Ingest speed").
 */
static inline void
cb_buf_add(struct cb_buf *b, const void *data, size_t len)
{
	if (b->len + len >= b->cap)
		cb_buf_grow(b, len);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static inline void
cb_buf_adds(struct cb_buf *b, const char *s)
{
	cb_buf_add(b, s, strlen(s));
}

static inline void
cb_buf_addc(struct cb_buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		cb_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void cb_buf_printf(struct cb_buf *b, const char *fmt, ...) CB_PRINTF(2, 3);
/* Hands the data to the caller (free it) and empties the buffer. */
char *cb_buf_detach(struct cb_buf *b);
void cb_buf_free(struct cb_buf *b);

#endif
