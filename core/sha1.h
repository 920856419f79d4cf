/*
 * SHA-1 as specified in FIPS 180-4, for the one place casebook must
 * speak Git's own hash: the trailer of a pack file it writes (store/pack.c).
 * SHA-1 is broken for collision resistance; it is used here only because
 * the pack format demands it, never to decide what to trust.
 *
 * Call order: cb_sha1_init, any number of cb_sha1_update, then
 * cb_sha1_final once; the context is on the caller's storage and holds
 * no allocations.  Reuse it only after another cb_sha1_init.
 */
#ifndef CB_SHA1_H
#define CB_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define CB_SHA1_LEN	20	/* digest bytes */

struct cb_sha1 {
	uint32_t	h[5];		/* intermediate hash value */
	uint64_t	nbytes;		/* message length so far */
	unsigned char	block[64];	/* partial block not yet hashed */
	size_t		fill;		/* bytes used in block */
};

void	cb_sha1_init(struct cb_sha1 *ctx);
void	cb_sha1_update(struct cb_sha1 *ctx, const void *data, size_t len);
/* Writes the 20-byte digest to out and wipes the context. */
void	cb_sha1_final(struct cb_sha1 *ctx, unsigned char out[20]);

#endif
