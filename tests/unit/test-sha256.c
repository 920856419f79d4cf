/*
 * Unit tests for core/sha256.c against the FIPS 180-4 example vectors
 * (csrc.nist.gov "SHA256.pdf" and "SHA2_Additional.pdf"), fed in one go
 * and in awkward pieces so that the block buffering is exercised.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/sha256.h"

static void
digest_to_hex(const unsigned char md[32], char hex[65])
{
	int	i;

	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Hashes s one byte at a time and all at once; both must give want. */
static void
check(const char *s, const char *want)
{
	struct cb_sha256	 ctx;
	unsigned char		 md[32];
	char			 hex[65];
	size_t			 i, len = strlen(s);

	cb_sha256_hex(s, len, hex);
	assert_string_equal(hex, want);

	cb_sha256_init(&ctx);
	for (i = 0; i < len; i++)
		cb_sha256_update(&ctx, s + i, 1);
	cb_sha256_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex, want);
}

static void
test_empty(void **state)
{
	struct cb_sha256	 ctx;
	unsigned char		 md[32];
	char			 hex[65];
	const char		*want =
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	(void)state;
	check("", want);
	cb_sha256_hex(NULL, 0, hex);
	assert_string_equal(hex, want);

	cb_sha256_init(&ctx);
	cb_sha256_update(&ctx, NULL, 0);
	cb_sha256_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex, want);
}

static void
test_abc(void **state)
{
	(void)state;
	check("abc",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_448(void **state)
{
	(void)state;
	/* 56 bytes: the length no longer fits in the first block. */
	check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_896(void **state)
{
	(void)state;
	check("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
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
	check(buf,
	    "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	memset(buf, 'a', 64);
	buf[64] = '\0';
	check(buf,
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* One million 'a', fed in chunks of odd, varying sizes. */
static void
test_million(void **state)
{
	static const size_t	 sizes[] = { 1, 3, 63, 65, 127, 7, 191, 1021 };
	static char		 a[1021];
	struct cb_sha256	 ctx;
	unsigned char		 md[32];
	char			 hex[65];
	size_t			 left = 1000000, n, k = 0;

	(void)state;
	memset(a, 'a', sizeof a);
	cb_sha256_init(&ctx);
	while (left > 0) {
		n = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
		if (n > left)
			n = left;
		cb_sha256_update(&ctx, a, n);
		left -= n;
	}
	cb_sha256_final(&ctx, md);
	digest_to_hex(md, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_448),
		cmocka_unit_test(test_896),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_million),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
