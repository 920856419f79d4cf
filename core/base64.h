/*
 * Base64 (RFC 4648, with padding), for a raw alert payload that is not
 * text and for the keys of ~/.ssh/known_hosts.  Pure.
 */
#ifndef CB_BASE64_H
#define CB_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "core/xmalloc.h"

/* The base64 of n bytes of s, padded; caller frees. */
char *cb_base64_encode(const unsigned char *s, size_t n);
/* Appends the bytes of strict padded base64 (n characters of s) to out;
 * false on anything else (out may then hold a part). */
bool cb_base64_decode(const char *s, size_t n, struct cb_buf *out);

#endif
