/*
 * OpenSSH's known_hosts, read to check the key an ssh:// remote shows
 * (store/sync.c, from libgit2's certificate check), as ssh does with
 * StrictHostKeyChecking=yes: a host not listed is refused, with the key's
 * fingerprint shown so that a person can compare it and add the line
 * (ssh-keyscan, or one ssh login), and a listed host showing another key
 * is refused as a changed key.  Pure: text in, verdict out.
 *
 * Lines: "[@marker] names keytype base64 [comment]"; names is a comma
 * list of host names or "[host]:port" (a port other than 22), each
 * plain or hashed ("|1|salt|hmac", HMAC-SHA1 of the name under the
 * salt).  Wildcards and negations are not read (a line with one matches
 * no host here), nor @cert-authority; a matching @revoked line refuses
 * its key.
 */
#ifndef CB_KNOWNHOSTS_H
#define CB_KNOWNHOSTS_H

#include <stddef.h>

enum cb_hostkey {
	CB_HOSTKEY_KNOWN,	/* the host is listed with this key */
	CB_HOSTKEY_UNKNOWN,	/* not listed with a key of this type */
	CB_HOSTKEY_CHANGED,	/* listed with another key of this type,
				 * or this key is revoked */
};

/*
 * The verdict on key (the raw key blob, as the server sends it: its type
 * name first) for host on port (22: the plain name), from the len bytes
 * of a known_hosts file at text.
 */
enum cb_hostkey cb_known_hosts_check(const char *text, size_t len,
    const char *host, int port, const unsigned char *key, size_t keylen);

/* "SHA256:..." as ssh-keygen -l and ssh show it (base64, unpadded). */
void cb_hostkey_fingerprint(const unsigned char *key, size_t keylen,
    char out[64]);

#endif
