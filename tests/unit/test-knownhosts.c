/* ~/.ssh/known_hosts as ssh reads it (core/knownhosts.c): plain and
 * hashed names, ports, other keys, revoked keys, the fingerprint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base64.h"
#include "core/knownhosts.h"

/* Keys made with ssh-keygen -t ed25519; KEY_FP from ssh-keygen -l. */
#define KEY "AAAAC3NzaC1lZDI1NTE5AAAAIFuAB2zq32nfATONYO7cP/j+QVFn3kDfXIYGwrZVQqQN"
#define KEY_FP "SHA256:iuD+o/YrkvywiwJPlKkmHtLAkU/iTly95M9nD+aV6kc"
#define OTHER "AAAAC3NzaC1lZDI1NTE5AAAAIPVrylijxzlcyPOIzntgA29rFZrY3W0s7/wfDAV0TxrD"
/* "[10.0.0.1]:2222 ssh-ed25519 KEY", hashed by ssh-keygen -H. */
#define HASHED "|1|WAl05ckaCA+lEKOhei9LgvcQ0oo=|fDm6IcaiXVCrTEabTbj5uSzo3E8="

static enum cb_hostkey
check(const char *text, const char *host, int port, const char *key64)
{
	struct cb_buf blob = { 0 };
	enum cb_hostkey v;

	assert_true(cb_base64_decode(key64, strlen(key64), &blob));
	v = cb_known_hosts_check(text, strlen(text), host, port,
	    (const unsigned char *)blob.data, blob.len);
	cb_buf_free(&blob);
	return v;
}

static void
test_plain(void **state)
{
	const char *kh = "# a comment\n\n"
	    "git.example.org,192.0.2.7 ssh-ed25519 " KEY " someone\n"
	    "[192.0.2.8]:2222 ssh-ed25519 " KEY "\n";

	(void)state;
	assert_int_equal(check(kh, "git.example.org", 22, KEY),
	    CB_HOSTKEY_KNOWN);
	assert_int_equal(check(kh, "192.0.2.7", 22, KEY), CB_HOSTKEY_KNOWN);
	assert_int_equal(check(kh, "192.0.2.8", 2222, KEY), CB_HOSTKEY_KNOWN);
	/* The port is part of the name: 22 is not 2222. */
	assert_int_equal(check(kh, "192.0.2.8", 22, KEY), CB_HOSTKEY_UNKNOWN);
	assert_int_equal(check(kh, "192.0.2.7", 2222, KEY),
	    CB_HOSTKEY_UNKNOWN);
	assert_int_equal(check(kh, "other.example.org", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
	/* A name that is a prefix of a listed one is not it. */
	assert_int_equal(check(kh, "git.example", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
	/* Listed with another key of the same type: changed. */
	assert_int_equal(check(kh, "git.example.org", 22, OTHER),
	    CB_HOSTKEY_CHANGED);
	assert_int_equal(check("", "git.example.org", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
}

static void
test_hashed(void **state)
{
	const char *kh = HASHED " ssh-ed25519 " KEY "\n";

	(void)state;
	assert_int_equal(check(kh, "10.0.0.1", 2222, KEY), CB_HOSTKEY_KNOWN);
	assert_int_equal(check(kh, "10.0.0.2", 2222, KEY), CB_HOSTKEY_UNKNOWN);
	assert_int_equal(check(kh, "10.0.0.1", 2222, OTHER),
	    CB_HOSTKEY_CHANGED);
}

static void
test_markers(void **state)
{
	const char *revoked = "@revoked * ssh-ed25519 " KEY "\n"
	    "host.example ssh-ed25519 " KEY "\n";
	const char *ca = "@cert-authority host.example ssh-ed25519 " OTHER "\n";
	const char *wild = "*.example ssh-ed25519 " KEY "\n";
	const char *rev_named = "@revoked host.example ssh-ed25519 " KEY "\n"
	    "host.example ssh-ed25519 " KEY "\n";
	const char *broken = "host.example ssh-ed25519 !!!\n"
	    "host.example\n";

	(void)state;
	/* A wildcard is not read, so "*" names no host here. */
	assert_int_equal(check(revoked, "host.example", 22, KEY),
	    CB_HOSTKEY_KNOWN);
	assert_int_equal(check(rev_named, "host.example", 22, KEY),
	    CB_HOSTKEY_CHANGED);
	assert_int_equal(check(ca, "host.example", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
	assert_int_equal(check(wild, "a.example", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
	assert_int_equal(check(broken, "host.example", 22, KEY),
	    CB_HOSTKEY_UNKNOWN);
}

static void
test_fingerprint(void **state)
{
	struct cb_buf blob = { 0 };
	char fp[64];

	(void)state;
	assert_true(cb_base64_decode(KEY, strlen(KEY), &blob));
	cb_hostkey_fingerprint((const unsigned char *)blob.data, blob.len, fp);
	assert_string_equal(fp, KEY_FP);
	cb_buf_free(&blob);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_hashed),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_fingerprint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
