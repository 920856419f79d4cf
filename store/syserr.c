/*
 * Errors in words, for every file of store/: an operating-system error
 * on a path (a full disk with its free space, a read-only store),
 * libgit2's errors (a full disk behind them named as such), the refusal
 * of a write to a read-only store.  The lowest file of store/: it calls
 * none of the others (doc/design.md, Layers).
 */
#include "store/store-int.h"

#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

/*
 * The mount point holding path (or its nearest existing parent): the
 * longest mount in /proc/self/mounts above it.  Bind mounts share their
 * source's device number, so walking up while st_dev stays the same
 * would name the wrong folder.  Allocates.
 */
char *
cb_mount_point(const char *path)
{
	char *p = realpath(path, NULL), *best = NULL;
	struct mntent *m;
	size_t bestlen = 0;
	FILE *f;

	if (p == NULL) {
		/* Not there (yet): its folder. */
		char *dir = xstrdup(path), *slash = strrchr(dir, '/');

		if (slash != NULL && slash != dir) {
			*slash = '\0';
			p = realpath(dir, NULL);
		}
		free(dir);
		if (p == NULL)
			return xstrdup(path);
	}
	if ((f = setmntent("/proc/self/mounts", "r")) == NULL)
		return p;
	while ((m = getmntent(f)) != NULL) {
		size_t n = strlen(m->mnt_dir);

		if (n >= bestlen && strncmp(p, m->mnt_dir, n) == 0 &&
		    (p[n] == '\0' || p[n] == '/' || strcmp(m->mnt_dir, "/") == 0)) {
			free(best);
			best = xstrdup(m->mnt_dir);
			bestlen = n;
		}
	}
	endmntent(f);
	if (best == NULL)
		return p;
	free(p);
	return best;
}

enum cb_status
cb_os_error(struct cb_error *err, int errnum, const char *path)
{
	struct statvfs vfs;
	enum cb_status s;
	char *mnt;

	switch (errnum) {
	case ENOSPC:
	case EDQUOT:
		mnt = cb_mount_point(path);
		if (statvfs(mnt, &vfs) == 0)
			s = cb_fail(err, CB_ERR, "the disk is full (%llu KB free "
			    "on %s%s): cannot write %s",
			    (unsigned long long)vfs.f_bavail * vfs.f_frsize / 1024,
			    mnt, errnum == EDQUOT ? ", or your quota is used up" :
			    "", path);
		else
			s = cb_fail(err, CB_ERR, "the disk is full (on %s): "
			    "cannot write %s", mnt, path);
		free(mnt);
		return s;
	case EROFS:
		mnt = cb_mount_point(path);
		s = cb_fail(err, CB_EREADONLY, "this store is read-only (%s is "
		    "mounted read-only)", mnt);
		free(mnt);
		return s;
	case EACCES:
	case EPERM:
		return cb_fail(err, CB_EREADONLY, "this store is read-only "
		    "(you may not write %s)", path);
	default:
		return cb_fail(err, CB_ERR, "%s: %s", path, strerror(errnum));
	}
}

/*
 * The folder of the store this process opened last, for cb_disk_full:
 * a process works on one store at a time (a command, the TUI).
 */
static char *last_dir;

void
cb_disk_full_dir(const char *dir)
{
	free(last_dir);
	last_dir = xstrdup(dir);
}

bool
cb_disk_full(struct cb_error *err, int errnum, const char *what,
    const char *message)
{
	struct cb_error e;
	char *cut;

	if (errnum != ENOSPC && errnum != EDQUOT && (message == NULL ||
	    (strstr(message, strerror(ENOSPC)) == NULL &&
	    strstr(message, strerror(EDQUOT)) == NULL)))
		return false;
	cb_os_error(&e, errnum == EDQUOT ? EDQUOT : ENOSPC,
	    last_dir != NULL ? last_dir : ".");
	/* "the disk is full (...): cannot write DIR" -> "...: WHAT failed" */
	if ((cut = strstr(e.msg, "): cannot write ")) != NULL)
		*cut = '\0';
	cb_fail(err, CB_ERR, "%s): %s failed", e.msg, what);
	return true;
}

bool
cb_store_readonly(const struct cb_store *st, const char **reason)
{
	if (reason != NULL)
		*reason = st->ro_reason;
	return st->readonly;
}

enum cb_status
cb_store_readonly_error(const struct cb_store *st, struct cb_error *err)
{
	return cb_fail(err, CB_EREADONLY, "this store is read-only (%s); "
	    "nothing was changed", st->ro_reason);
}

enum cb_status
cb_git_error(struct cb_error *err, const char *what)
{
	const git_error *e = git_error_last();

	if (cb_disk_full(err, errno, what, e != NULL ? e->message : NULL))
		return CB_ERR;
	return cb_fail(err, CB_ERR, "%s: %s", what,
	    e != NULL && e->message != NULL ? e->message : "unknown error");
}
