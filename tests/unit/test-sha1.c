/*
 * Unit tests for core/sha1.c against the FIPS 180-4 example vectors
 * (csrc.nist.gov "SHA1.pdf") and the padding edges, fed in one go and in
 * awkward pieces so that the block buffering is exercised.  A wrong
 * digest here is a pack trailer git refuses (store/pack.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/sha1.h"

static void
digest_to_hex(const unsigned char md[20], char hex[41])
{
	int	i;

	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Hashes s all at once and one byte at a time; both must give want. */
static void
check(const char *s, const char *want)
{
	struct cb_sha1	 ctx;
	unsigned char	 md[20];
	char		 hex[41];
	size_t		 i, len = strlen(s);

	cb_sha1_init(&ctx);
	cb_sha1_update(&ctx, s, len);
	cb_sha1_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex, want);

	cb_sha1_init(&ctx);
	for (i = 0; i < len; i++)
		cb_sha1_update(&ctx, s + i, 1);
	cb_sha1_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex, want);
}

static void
test_vectors(void **state)
{
	(void)state;
	check("", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	/* 56 bytes: the length no longer fits in the first block. */
	check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

/*
 * Padding edges: 55 bytes is the most that leaves room for the length
 * in the same block, 64 fills a block exactly.
 */
static void
test_lengths(void **state)
{
	char	buf[65];

	(void)state;
	memset(buf, 'a', 55);
	buf[55] = '\0';
	check(buf, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
	memset(buf, 'a', 64);
	buf[64] = '\0';
	check(buf, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

/* One million 'a', fed in chunks of odd, varying sizes. */
static void
test_million(void **state)
{
	static const size_t	 sizes[] = { 1, 3, 63, 65, 127, 7, 191, 1021 };
	static char		 a[1021];
	struct cb_sha1		 ctx;
	unsigned char		 md[20];
	char			 hex[41];
	size_t			 left = 1000000, n, k = 0;

	(void)state;
	memset(a, 'a', sizeof a);
	cb_sha1_init(&ctx);
	while (left > 0) {
		n = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
		if (n > left)
			n = left;
		cb_sha1_update(&ctx, a, n);
		left -= n;
	}
	cb_sha1_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_million),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
