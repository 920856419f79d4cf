/* OpenSSH's known_hosts (core/knownhosts.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/knownhosts.h"
#include "core/sha1.h"
#include "core/sha256.h"
#include "core/xmalloc.h"

/* HMAC-SHA1 (RFC 2104), for hashed host names. */
static void
hmac_sha1(const unsigned char *key, size_t klen, const char *msg,
    unsigned char out[CB_SHA1_LEN])
{
	unsigned char k[64] = { 0 }, pad[64], inner[CB_SHA1_LEN];
	struct cb_sha1 ctx;

	if (klen > sizeof k) {
		cb_sha1_init(&ctx);
		cb_sha1_update(&ctx, key, klen);
		cb_sha1_final(&ctx, k);
	} else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	cb_sha1_init(&ctx);
	cb_sha1_update(&ctx, pad, 64);
	cb_sha1_update(&ctx, msg, strlen(msg));
	cb_sha1_final(&ctx, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	cb_sha1_init(&ctx);
	cb_sha1_update(&ctx, pad, 64);
	cb_sha1_update(&ctx, inner, sizeof inner);
	cb_sha1_final(&ctx, out);
}

/* Whether one entry of a names field (len bytes at p) names name. */
static bool
name_matches(const char *p, size_t len, const char *name)
{
	struct cb_buf salt = { 0 }, mac = { 0 };
	unsigned char want[CB_SHA1_LEN];
	const char *bar;
	bool ok;

	if (len > 3 && memcmp(p, "|1|", 3) == 0) {
		bar = memchr(p + 3, '|', len - 3);
		if (bar == NULL)
			return false;
		ok = cb_base64_decode(p + 3, (size_t)(bar - p - 3), &salt) &&
		    cb_base64_decode(bar + 1, len - (size_t)(bar + 1 - p),
		    &mac) && mac.len == CB_SHA1_LEN;
		if (ok) {
			hmac_sha1((unsigned char *)salt.data, salt.len, name,
			    want);
			ok = memcmp(want, mac.data, CB_SHA1_LEN) == 0;
		}
		cb_buf_free(&salt);
		cb_buf_free(&mac);
		return ok;
	}
	return strlen(name) == len && memcmp(p, name, len) == 0;
}

static bool
names_match(const char *p, size_t len, const char *name)
{
	while (len > 0) {
		const char *comma = memchr(p, ',', len);
		size_t n = comma != NULL ? (size_t)(comma - p) : len;

		if (name_matches(p, n, name))
			return true;
		if (comma == NULL)
			break;
		len -= n + 1;
		p = comma + 1;
	}
	return false;
}

/* The next space-separated field of a line: *p moves past it. */
static size_t
field(const char **p, const char *end, const char **start)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*start = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	return (size_t)(*p - *start);
}

/* The key type a blob names (its first string), into out. */
static bool
blob_type(const unsigned char *key, size_t keylen, char *out, size_t outlen)
{
	uint32_t n;

	if (keylen < 4)
		return false;
	n = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 |
	    (uint32_t)key[2] << 8 | key[3];
	if (n == 0 || n >= outlen || n > keylen - 4)
		return false;
	memcpy(out, key + 4, n);
	out[n] = '\0';
	return true;
}

enum cb_hostkey
cb_known_hosts_check(const char *text, size_t len, const char *host, int port,
    const unsigned char *key, size_t keylen)
{
	const char *p = text, *end = text + len;
	enum cb_hostkey verdict = CB_HOSTKEY_UNKNOWN;
	char name[300], type[64];

	if (port != 22 && port > 0)
		snprintf(name, sizeof name, "[%s]:%d", host, port);
	else
		snprintf(name, sizeof name, "%s", host);
	if (!blob_type(key, keylen, type, sizeof type))
		return CB_HOSTKEY_CHANGED;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *lend = eol != NULL ? eol : end, *f, *names, *kt;
		size_t n, nnames, nkt;
		bool revoked = false;
		struct cb_buf blob = { 0 };

		n = field(&p, lend, &f);
		if (n == 0 || *f == '#')
			goto next;
		if (*f == '@') {
			if (n != 8 || memcmp(f, "@revoked", 8) != 0)
				goto next;	/* @cert-authority: not read */
			revoked = true;
			n = field(&p, lend, &f);
		}
		names = f;
		nnames = n;
		nkt = field(&p, lend, &kt);
		n = field(&p, lend, &f);
		if (nkt == 0 || n == 0 || !names_match(names, nnames, name) ||
		    !cb_base64_decode(f, n, &blob))
			goto next_free;
		if (blob.len == keylen && memcmp(blob.data, key, keylen) == 0) {
			cb_buf_free(&blob);
			if (revoked)
				return CB_HOSTKEY_CHANGED;
			verdict = CB_HOSTKEY_KNOWN;
			goto next;
		}
		if (!revoked && strlen(type) == nkt &&
		    memcmp(type, kt, nkt) == 0 && verdict != CB_HOSTKEY_KNOWN)
			verdict = CB_HOSTKEY_CHANGED;
next_free:
		cb_buf_free(&blob);
next:
		p = eol != NULL ? eol + 1 : end;
	}
	return verdict;
}

void
cb_hostkey_fingerprint(const unsigned char *key, size_t keylen, char out[64])
{
	unsigned char digest[CB_SHA256_LEN];
	struct cb_sha256 ctx;
	char *b64;
	size_t n;

	cb_sha256_init(&ctx);
	cb_sha256_update(&ctx, key, keylen);
	cb_sha256_final(&ctx, digest);
	b64 = cb_base64_encode(digest, sizeof digest);
	n = strcspn(b64, "=");
	snprintf(out, 64, "SHA256:%.*s", (int)n, b64);
	free(b64);
}
