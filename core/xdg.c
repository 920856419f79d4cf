/* The person's own folders (core/xdg.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/nls.h"
#include "core/sha1.h"
#include "core/xdg.h"
#include "core/xmalloc.h"

char *
cb_xdg_dir(const char *var, const char *fallback, const char *sub,
    struct cb_error *err)
{
	const char *base = getenv(var), *home = getenv("HOME");
	char *dir;

	if (base != NULL && base[0] == '/')
		dir = xasprintf("%s/casebook/%s", base, sub);
	else
		dir = xasprintf("%s/%s/casebook/%s",
		    home != NULL && *home != '\0' ? home : "/tmp", fallback,
		    sub);
	/* mkdir -p: each level, the last private. */
	for (char *p = dir + 1; ; p++) {
		char c;

		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, c == '\0' ? 0700 : 0755) != 0 &&
		    errno != EEXIST) {
			cb_fail(err, CB_ERR, _("%s: cannot make the folder: %s"),
			    dir, strerror(errno));
			free(dir);
			return NULL;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	return dir;
}

void
cb_path_hash(const char *s, char hex[13])
{
	unsigned char digest[CB_SHA1_LEN];
	struct cb_sha1 ctx;

	cb_sha1_init(&ctx);
	cb_sha1_update(&ctx, s, strlen(s));
	cb_sha1_final(&ctx, digest);
	for (int i = 0; i < 6; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}
