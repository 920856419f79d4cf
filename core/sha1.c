/*
 * SHA-1, written from FIPS 180-4 sections 4.1.1, 4.2.1, 5.1.1, 5.3.1
 * and 6.1.  Laid out as core/sha256.c: words are assembled big-endian byte
 * by byte, so the code does not depend on the host's byte order or
 * alignment.
 */
#include "core/sha1.h"
#include "core/md.h"

#include <string.h>

#define ROTL(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))

/* Hashes one 64-byte block into state (section 6.1.2). */
static void
sha1_block(uint32_t *state, const unsigned char *p)
{
	uint32_t	w[80], a, b, c, d, e, t;
	int		i;

	for (i = 0; i < 16; i++, p += 4)
		w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	for (; i < 80; i++)
		w[i] = ROTL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

	a = state[0];
	b = state[1];
	c = state[2];
	d = state[3];
	e = state[4];
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
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
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

/* The block buffer of ctx, for core/md.h. */
static struct cb_md
md_of(struct cb_sha1 *ctx)
{
	struct cb_md m = { ctx->h, &ctx->nbytes, ctx->block, &ctx->fill,
	    sha1_block };

	return m;
}

void
cb_sha1_update(struct cb_sha1 *ctx, const void *data, size_t len)
{
	struct cb_md m = md_of(ctx);

	cb_md_update(&m, data, len);
}

void
cb_sha1_final(struct cb_sha1 *ctx, unsigned char out[20])
{
	struct cb_md m = md_of(ctx);

	cb_md_final(&m, out, 5);
	memset(ctx, 0, sizeof *ctx);
}
