/*
 * The store group's privilege: see core/priv.h.  Group ids only: casebook
 * is never set-user-id, so the person's uid is the acting uid throughout
 * and every file casebook creates is theirs, reachable only through the
 * protected store's folder, which they cannot enter.
 */
#include "core/priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/xmalloc.h"

static bool privileged;
static gid_t real_gid, store_gid;
static char *playbooks_env;

/* Variables a privileged casebook keeps among the CASEBOOK_* ones. */
static bool
kept(const char *name, size_t len)
{
	return (len == 14 && strncmp(name, "CASEBOOK_STORE", len) == 0) ||
	    (len == 15 && strncmp(name, "CASEBOOK_THEMES", len) == 0);
}

static void
scrub_environment(void)
{
	const char *pb = getenv("CASEBOOK_PLAYBOOKS");
	bool again = true;

	if (pb != NULL && *pb != '\0')
		playbooks_env = xstrdup(pb);
	/* unsetenv shifts environ: start over after each removal. */
	while (again) {
		again = false;
		for (char **e = environ; e != NULL && *e != NULL; e++) {
			size_t len = strcspn(*e, "=");
			char *name;

			if (!(strncmp(*e, "GIT_", 4) == 0 ||
			    (strncmp(*e, "CASEBOOK_", 9) == 0 &&
			    !kept(*e, len)) ||
			    (len == 13 && strncmp(*e, "SQLITE_TMPDIR", 13) == 0)))
				continue;
			name = xstrndup(*e, len);
			unsetenv(name);
			free(name);
			again = true;
			break;
		}
	}
}

void
cb_priv_init(void)
{
	struct rlimit none = { 0, 0 };

	real_gid = getgid();
	store_gid = getegid();
	if (store_gid == real_gid)
		return;
	privileged = true;
	/* The store group waits in the saved slot. */
	if (setresgid(real_gid, real_gid, store_gid) < 0)
		fatal("cannot set the group ids: %s", strerror(errno));
	/* Nothing of the store's in a core file, nobody tracing us. */
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	scrub_environment();
}

bool
cb_privileged(void)
{
	return privileged;
}

gid_t
cb_priv_store_gid(void)
{
	return privileged ? store_gid : getgid();
}

void
cb_priv_raise(void)
{
	if (privileged && setresgid((gid_t)-1, store_gid, (gid_t)-1) < 0)
		fatal("cannot take the store group: %s", strerror(errno));
	/* Changing the group ids may make the process dumpable again. */
	if (privileged)
		(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void
cb_priv_lower(void)
{
	if (privileged && setresgid((gid_t)-1, real_gid, (gid_t)-1) < 0)
		fatal("cannot give up the store group: %s", strerror(errno));
}

bool
cb_priv_raised(void)
{
	return privileged && getegid() == store_gid;
}

bool
cb_priv_drop_for_exec(void)
{
	gid_t r, e, s;

	if (!privileged)
		return true;
	if (setresgid(real_gid, real_gid, real_gid) < 0)
		return false;
	if (getresgid(&r, &e, &s) < 0 || r != real_gid || e != real_gid ||
	    s != real_gid) {
		errno = EPERM;
		return false;
	}
	return true;
}

int
cb_priv_open_as_user(const char *path, int flags)
{
	bool was = cb_priv_raised();
	int fd, saved;

	if (was)
		cb_priv_lower();
	fd = open(path, flags);
	saved = errno;
	if (was)
		cb_priv_raise();
	errno = saved;
	return fd;
}

const char *
cb_priv_playbooks_env(void)
{
	const char *s;

	if (privileged)
		return playbooks_env;
	s = getenv("CASEBOOK_PLAYBOOKS");
	return s != NULL && *s != '\0' ? s : NULL;
}
