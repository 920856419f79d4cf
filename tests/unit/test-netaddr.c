/*
 * Addresses and CIDR blocks (core/netaddr.c): parsing IPv4 and IPv6,
 * the edges of prefix lengths, bad input, and containment across the
 * v4-mapped range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/netaddr.h"

static bool
in(const char *net, const char *addr)
{
	struct cb_netaddr n;

	assert_true(cb_netaddr_parse(net, &n));
	return cb_netaddr_contains_str(&n, addr);
}

static void
test_v4(void **state)
{
	struct cb_netaddr n;

	(void)state;
	assert_true(cb_netaddr_parse("10.20.0.0/16", &n));
	assert_int_equal(n.prefix, 96 + 16);
	assert_true(in("10.20.0.0/16", "10.20.255.1"));
	assert_false(in("10.20.0.0/16", "10.21.0.1"));
	/* Host bits in the block are cleared. */
	assert_true(in("10.20.3.4/16", "10.20.9.9"));
	assert_true(in("192.0.2.7", "192.0.2.7"));
	assert_false(in("192.0.2.7", "192.0.2.8"));
	assert_true(in("192.0.2.7/32", "192.0.2.7"));
	assert_false(in("192.0.2.7/32", "192.0.2.6"));
	assert_true(in("0.0.0.0/0", "203.0.113.9"));
	/* A v4 /0 is the mapped range, not every v6 address. */
	assert_false(in("0.0.0.0/0", "2001:db8::1"));
}

static void
test_v6(void **state)
{
	struct cb_netaddr n;

	(void)state;
	assert_true(cb_netaddr_parse("2001:db8::/32", &n));
	assert_int_equal(n.prefix, 32);
	assert_true(in("2001:db8::/32", "2001:db8:ffff::1"));
	assert_false(in("2001:db8::/32", "2001:db9::1"));
	assert_true(in("::/0", "fe80::1"));
	assert_true(in("2001:db8::1/128", "2001:db8::1"));
	assert_false(in("2001:db8::1/128", "2001:db8::2"));
	assert_false(in("2001:db8::1", "10.0.0.1"));
}

static void
test_odd_prefix(void **state)
{
	(void)state;
	/* /27: 192.0.2.32 - 192.0.2.63. */
	assert_true(in("192.0.2.32/27", "192.0.2.32"));
	assert_true(in("192.0.2.32/27", "192.0.2.63"));
	assert_false(in("192.0.2.32/27", "192.0.2.31"));
	assert_false(in("192.0.2.32/27", "192.0.2.64"));
	/* /121: the last byte's top bit. */
	assert_true(in("2001:db8::80/121", "2001:db8::80"));
	assert_true(in("2001:db8::80/121", "2001:db8::ff"));
	assert_false(in("2001:db8::80/121", "2001:db8::7f"));
	assert_false(in("2001:db8::80/121", "2001:db8::100"));
}

static void
test_bad(void **state)
{
	static const char *bad[] = {
		"10.0.0.0/33", "2001:db8::/129", "1.2.3", "::g", "10.0.0.0/",
		"10.0.0.0/24x", "10.0.0.0/ 24", "10.0.0.0/-1", "10.0.0.0/+8",
		"10.0.0.1 ", "10.0.0.0/24/8", "", "/24", "host.example",
		"10.0.0.0/0024", "1.2.3.4.5",
	};
	struct cb_netaddr n;
	unsigned char a[16];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (cb_netaddr_parse(bad[i], &n))
			fail_msg("'%s' parsed", bad[i]);
	}
	assert_false(cb_netaddr_addr("1.2.3", a));
	assert_false(cb_netaddr_addr("::g", a));
	assert_true(cb_netaddr_parse("10.0.0.0/24", &n));
	assert_false(cb_netaddr_contains_str(&n, "not an address"));
	assert_false(cb_netaddr_contains_str(&n, NULL));
}

static void
test_mapped(void **state)
{
	(void)state;
	/* A v4 address against v6 blocks: inside the mapped range only. */
	assert_true(in("::ffff:0:0/96", "198.51.100.1"));
	assert_true(in("::ffff:198.51.100.0/120", "198.51.100.77"));
	assert_false(in("2001:db8::/32", "198.51.100.1"));
	assert_false(in("::/96", "198.51.100.1"));
	/* And a v6-written mapped address in a v4 block. */
	assert_true(in("198.51.100.0/24", "::ffff:198.51.100.5"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4),
		cmocka_unit_test(test_v6),
		cmocka_unit_test(test_odd_prefix),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_mapped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
