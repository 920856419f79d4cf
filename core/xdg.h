/*
 * The person's own folders (XDG base directories) and the short hash
 * that names a store in them.  Pure paths and mkdir, no store.
 */
#ifndef CB_XDG_H
#define CB_XDG_H

#include "core/error.h"

/*
 * $VAR/casebook/SUB when VAR (XDG_STATE_HOME, XDG_CACHE_HOME) holds an
 * absolute path, else ~/FALLBACK/casebook/SUB (".local/state",
 * ".cache"), made like mkdir -p, the last folder 0700.  Returns the
 * path (caller frees), or NULL with err filled when a folder cannot be
 * made.  Run with the person's rights (core/priv.h).
 */
char *cb_xdg_dir(const char *var, const char *fallback, const char *sub,
    struct cb_error *err);

/* The first 12 hex digits of the SHA-1 of s, which names a store (its
 * path) in those folders. */
void cb_path_hash(const char *s, char hex[13]);

#endif
