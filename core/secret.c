/*
 * The secrets file (core/secret.h).  The checks are made on the open
 * file (fstat of the descriptor opened with O_NOFOLLOW), not on the
 * path, so that the file cannot be swapped between check and read; the
 * parser then reads that same open file through /proc/self/fd, which
 * names the open file, not the path.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/gitconfig.h"
#include "core/secret.h"
#include "core/xmalloc.h"

#define _(s) gettext(s)

struct want {
	const char *section, *subsection, *key;
	char *value;
};

static enum cb_status
found(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct want *w = arg;

	(void)line;
	(void)err;
	if (strcmp(section, w->section) == 0 && strcmp(key, w->key) == 0 &&
	    strcmp(subsection, w->subsection ? w->subsection : "") == 0) {
		cb_secret_free(w->value);
		w->value = xstrdup(value);
	}
	return CB_OK;
}

/*
 * Opens the secrets file at path, checks it (a regular file, not a
 * link, the effective user's, no group or other bits) and runs fn over
 * every key of it through /proc/self/fd, so that the file checked is
 * the file read.
 */
static enum cb_status
read_checked(const char *path, cb_gitconfig_fn fn, void *arg,
    struct cb_error *err)
{
	char fdpath[64];
	struct stat sb;
	enum cb_status s;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0) {
		if (errno == ENOENT)
			return cb_fail(err, CB_ENOTFOUND, _("%s: no secrets "
			    "file"), path);
		if (errno == ELOOP)
			return cb_fail(err, CB_EDENIED, _("%s: refused: it is "
			    "a symbolic link; put the secrets file itself "
			    "there"), path);
		return cb_fail(err, CB_ERR, _("%s: cannot open: %s"), path,
		    strerror(errno));
	}
	if (fstat(fd, &sb) < 0) {
		s = cb_fail(err, CB_ERR, _("%s: cannot read: %s"), path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		s = cb_fail(err, CB_EDENIED, _("%s: refused: not a regular "
		    "file"), path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		s = cb_fail(err, CB_EDENIED, _("%s: refused: owned by user "
		    "%ld, not by you (chown it, or use your own)"), path,
		    (long)sb.st_uid);
		goto out;
	}
	if ((sb.st_mode & 077) != 0) {
		s = cb_fail(err, CB_EDENIED, _("%s: refused: group or others "
		    "can read or change it (mode %03o); chmod 600 %s"), path,
		    (unsigned)(sb.st_mode & 0777), path);
		goto out;
	}
	snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
	if ((s = cb_gitconfig_read(fdpath, fn, arg, err)) != CB_OK) {
		/* The parser names the file by the descriptor: say the path. */
		char msg[sizeof err->msg];
		const char *rest = err != NULL ? strstr(err->msg, fdpath) : NULL;

		if (rest != NULL) {
			snprintf(msg, sizeof msg, "%s%s", path,
			    rest + strlen(fdpath));
			snprintf(err->msg, sizeof err->msg, "%s", msg);
		}
		if (s == CB_ENOTFOUND)
			s = cb_fail(err, CB_ERR, _("%s: cannot read it through "
			    "/proc/self/fd (is /proc mounted?)"), path);
	}
out:
	close(fd);
	return s;
}

enum cb_status
cb_secret_get(const char *path, const char *section, const char *subsection,
    const char *key, char **out, struct cb_error *err)
{
	struct want w = { section, subsection, key, NULL };
	enum cb_status s;

	*out = NULL;
	if ((s = read_checked(path, found, &w, err)) != CB_OK) {
		cb_secret_free(w.value);
		return s;
	}
	if (w.value == NULL)
		return cb_fail(err, CB_ENOTFOUND, _("%s: no %s in it (a [%s \"%s\"] "
		    "section with %s = ...)"), path, key, section,
		    subsection ? subsection : "", key);
	*out = w.value;
	return CB_OK;
}

struct each {
	const char *section, *key;
	cb_secret_each_fn fn;
	void *arg;
};

static enum cb_status
each_found(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct each *e = arg;

	(void)line;
	if (strcmp(section, e->section) != 0 || strcmp(key, e->key) != 0)
		return CB_OK;
	return e->fn(subsection, value, e->arg, err);
}

enum cb_status
cb_secret_each(const char *path, const char *section, const char *key,
    cb_secret_each_fn fn, void *arg, struct cb_error *err)
{
	struct each e = { section, key, fn, arg };

	return read_checked(path, each_found, &e, err);
}

void
cb_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

char *
cb_secrets_path(void)
{
	const char *env = secure_getenv("CASEBOOK_SECRETS");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/casebook/secrets", xdg);
	return xasprintf("%s/.config/casebook/secrets", home ? home : ".");
}
