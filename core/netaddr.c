/*
 * Addresses and CIDR blocks (core/netaddr.h), on inet_pton.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "core/netaddr.h"

bool
cb_netaddr_addr(const char *s, unsigned char out[16])
{
	unsigned char v4[4];

	if (inet_pton(AF_INET6, s, out) == 1)
		return true;
	if (inet_pton(AF_INET, s, v4) != 1)
		return false;
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
	return true;
}

bool
cb_netaddr_parse(const char *s, struct cb_netaddr *out)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	char addr[INET6_ADDRSTRLEN];
	int bits = 0, max;
	bool v4;

	if (alen == 0 || alen >= sizeof addr)
		return false;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (!cb_netaddr_addr(addr, out->net))
		return false;
	v4 = strchr(addr, ':') == NULL;
	max = v4 ? 32 : 128;
	if (slash != NULL) {
		const char *p = slash + 1;

		/* Digits only, at most three: no sign, no space, no junk. */
		if (*p == '\0' || strlen(p) > 3)
			return false;
		for (; *p != '\0'; p++) {
			if (!isdigit((unsigned char)*p))
				return false;
			bits = bits * 10 + (*p - '0');
		}
		if (bits > max)
			return false;
	} else
		bits = max;
	out->prefix = v4 ? bits + 96 : bits;
	for (int i = 0; i < 16; i++) {
		int keep = out->prefix - i * 8;

		if (keep <= 0)
			out->net[i] = 0;
		else if (keep < 8)
			out->net[i] &= (unsigned char)(0xff << (8 - keep));
	}
	return true;
}

bool
cb_netaddr_contains(const struct cb_netaddr *n, const unsigned char a[16])
{
	int full = n->prefix / 8, rest = n->prefix % 8;

	if (memcmp(n->net, a, (size_t)full) != 0)
		return false;
	return rest == 0 || (a[full] & (unsigned char)(0xff << (8 - rest))) ==
	    n->net[full];
}

bool
cb_netaddr_contains_str(const struct cb_netaddr *n, const char *addr)
{
	unsigned char a[16];

	return addr != NULL && cb_netaddr_addr(addr, a) &&
	    cb_netaddr_contains(n, a);
}
