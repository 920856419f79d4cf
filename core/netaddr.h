/*
 * An address or a CIDR block, IPv4 or IPv6, and whether an address lies
 * in a block: the one matcher the host map (core/alertgroup.c) and the
 * beacons allow-list (core/beacon.h) use.  An IPv4 address is held
 * mapped into 16 bytes (::ffff:0:0/96), so a v4 block's prefix is 96
 * more than written and a v4 address can lie in a v6 block that covers
 * the mapped range (::ffff:0:0/96, ::/0).  Pure: no allocation.
 */
#ifndef CB_NETADDR_H
#define CB_NETADDR_H

#include <stdbool.h>

struct cb_netaddr {
	unsigned char net[16];	/* host bits cleared */
	int prefix;		/* 0-128, over the 16 bytes */
};

/* s as an address, IPv4 mapped; false when it is none. */
bool cb_netaddr_addr(const char *s, unsigned char out[16]);

/*
 * s as "ADDR" or "ADDR/BITS" (BITS 0-32 for IPv4, 0-128 for IPv6,
 * decimal digits only); false, *out unspecified, for anything else.
 */
bool cb_netaddr_parse(const char *s, struct cb_netaddr *out);

/* Whether the 16-byte address a lies in n. */
bool cb_netaddr_contains(const struct cb_netaddr *n,
    const unsigned char a[16]);

/* The same for a written address; false when addr is no address. */
bool cb_netaddr_contains_str(const struct cb_netaddr *n, const char *addr);

#endif
