/*
 * SHA-256 as specified in FIPS 180-4, for content hashes (evidence
 * fingerprints, change detection).  Not constant-time and not meant for
 * keys or MACs.
 *
 * Call order: cb_sha256_init, any number of cb_sha256_update, then
 * cb_sha256_final once; the context is on the caller's storage and holds
 * no allocations.  Reuse it only after another cb_sha256_init.
 */
#ifndef CB_SHA256_H
#define CB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CB_SHA256_LEN		32	/* digest bytes */
#define CB_SHA256_HEX_LEN	64	/* hex digits, without the NUL */

struct cb_sha256 {
	uint32_t	h[8];		/* intermediate hash value */
	uint64_t	nbytes;		/* message length so far */
	unsigned char	block[64];	/* partial block not yet hashed */
	size_t		fill;		/* bytes used in block */
};

void	cb_sha256_init(struct cb_sha256 *ctx);
void	cb_sha256_update(struct cb_sha256 *ctx, const void *data, size_t len);
/* Writes the 32-byte digest to out and wipes the context. */
void	cb_sha256_final(struct cb_sha256 *ctx, unsigned char out[32]);
/* Hashes len bytes at data in one go: 64 lowercase hex digits and a NUL. */
void	cb_sha256_hex(const void *data, size_t len, char out[65]);

#endif
