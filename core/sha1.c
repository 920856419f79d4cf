/*
 * SHA-1, written from FIPS 180-4 sections 4.1.1, 4.2.1, 5.1.1, 5.3.1
 * and 6.1.  Laid out as core/sha256.c: words are assembled big-endian byte
 * by byte, so the code does not depend on the host's byte order or
 * alignment.
 */
#include "core/sha1.h"

#include <string.h>

#define ROTL(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))

/* Hashes one 64-byte block into ctx->h (section 6.1.2). */
static void
sha1_block(struct cb_sha1 *ctx, const unsigned char *p)
{
	uint32_t	w[80], a, b, c, d, e, t;
	int		i;

	for (i = 0; i < 16; i++, p += 4)
		w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	for (; i < 80; i++)
		w[i] = ROTL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

	a = ctx->h[0];
	b = ctx->h[1];
	c = ctx->h[2];
	d = ctx->h[3];
	e = ctx->h[4];
	/*
	 * The four functions and constants of sections 4.1.1 and 4.2.1, one
	 * loop each: a test on i in every round costs a third of the speed,
	 * and a merge of packs hashes megabytes (store/pack.c).
	 */
#define ROUND(f, k) do {						\
		t = ROTL(a, 5) + (f) + e + (k) + w[i];			\
		e = d;							\
		d = c;							\
		c = ROTL(b, 30);					\
		b = a;							\
		a = t;							\
	} while (0)
	for (i = 0; i < 20; i++)
		ROUND((b & c) ^ (~b & d), 0x5a827999);
	for (; i < 40; i++)
		ROUND(b ^ c ^ d, 0x6ed9eba1);
	for (; i < 60; i++)
		ROUND((b & c) ^ (b & d) ^ (c & d), 0x8f1bbcdc);
	for (; i < 80; i++)
		ROUND(b ^ c ^ d, 0xca62c1d6);
#undef ROUND
	ctx->h[0] += a;
	ctx->h[1] += b;
	ctx->h[2] += c;
	ctx->h[3] += d;
	ctx->h[4] += e;
}

void
cb_sha1_init(struct cb_sha1 *ctx)
{
	/* Section 5.3.1. */
	static const uint32_t iv[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
	};

	memcpy(ctx->h, iv, sizeof ctx->h);
	ctx->nbytes = 0;
	ctx->fill = 0;
}

void
cb_sha1_update(struct cb_sha1 *ctx, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 n;

	if (len == 0)
		return;		/* data may then be NULL */
	ctx->nbytes += len;

	/* Top up a partial block left by an earlier call first. */
	if (ctx->fill > 0) {
		n = sizeof ctx->block - ctx->fill;
		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->fill, p, n);
		ctx->fill += n;
		p += n;
		len -= n;
		if (ctx->fill < sizeof ctx->block)
			return;
		sha1_block(ctx, ctx->block);
		ctx->fill = 0;
	}

	/* Whole blocks are hashed straight from the caller's data. */
	for (; len >= sizeof ctx->block; p += 64, len -= 64)
		sha1_block(ctx, p);

	if (len > 0) {
		memcpy(ctx->block, p, len);
		ctx->fill = len;
	}
}

void
cb_sha1_final(struct cb_sha1 *ctx, unsigned char out[20])
{
	uint64_t	bits = ctx->nbytes * 8;
	int		i;

	/* Padding as for SHA-256 (section 5.1.1). */
	ctx->block[ctx->fill++] = 0x80;
	if (ctx->fill > 56) {
		memset(ctx->block + ctx->fill, 0, 64 - ctx->fill);
		sha1_block(ctx, ctx->block);
		ctx->fill = 0;
	}
	memset(ctx->block + ctx->fill, 0, 56 - ctx->fill);
	for (i = 0; i < 8; i++)
		ctx->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_block(ctx, ctx->block);

	for (i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(ctx->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(ctx->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(ctx->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)ctx->h[i];
	}
	memset(ctx, 0, sizeof *ctx);
}
