/*
 * What SHA-1 and SHA-256 share (FIPS 180-4, sections 5.1.1 and 6): the
 * message goes through a 64-byte block buffer into a compression
 * function, and ends with the same padding (a 1 bit, zeros, the length in
 * bits as a 64-bit big-endian number).  Private to core/sha1.c and
 * core/sha256.c, which differ only in their compression function, initial
 * value and digest length.
 */
#ifndef CB_MD_H
#define CB_MD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void (*cb_md_compress)(uint32_t *state, const unsigned char *block);

/* The parts of a hash context, whichever hash it is. */
struct cb_md {
	uint32_t *state;
	uint64_t *nbytes;
	unsigned char *block;	/* 64 bytes */
	size_t *fill;
	cb_md_compress compress;
};

static inline void
cb_md_update(const struct cb_md *m, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;

	if (len == 0)
		return;		/* data may then be NULL */
	*m->nbytes += len;
	/* Top up a partial block left by an earlier call first. */
	if (*m->fill > 0) {
		n = 64 - *m->fill;
		if (n > len)
			n = len;
		memcpy(m->block + *m->fill, p, n);
		*m->fill += n;
		p += n;
		len -= n;
		if (*m->fill < 64)
			return;
		m->compress(m->state, m->block);
		*m->fill = 0;
	}
	/* Whole blocks are hashed straight from the caller's data. */
	for (; len >= 64; p += 64, len -= 64)
		m->compress(m->state, p);
	if (len > 0) {
		memcpy(m->block, p, len);
		*m->fill = len;
	}
}

/* Pads, writes words 32-bit words of state big-endian to out. */
static inline void
cb_md_final(const struct cb_md *m, unsigned char *out, int words)
{
	uint64_t bits = *m->nbytes * 8;
	int i;

	/* If the 0x80 leaves no room for the length, it gets its own block. */
	m->block[(*m->fill)++] = 0x80;
	if (*m->fill > 56) {
		memset(m->block + *m->fill, 0, 64 - *m->fill);
		m->compress(m->state, m->block);
		*m->fill = 0;
	}
	memset(m->block + *m->fill, 0, 56 - *m->fill);
	for (i = 0; i < 8; i++)
		m->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	m->compress(m->state, m->block);
	for (i = 0; i < words; i++) {
		out[4 * i] = (unsigned char)(m->state[i] >> 24);
		out[4 * i + 1] = (unsigned char)(m->state[i] >> 16);
		out[4 * i + 2] = (unsigned char)(m->state[i] >> 8);
		out[4 * i + 3] = (unsigned char)m->state[i];
	}
}

#endif
