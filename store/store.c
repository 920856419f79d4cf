/*
 * Opening and creating stores, and the maintenance
 * commands (reindex, check).
 */
#include "store/store-int.h"
#include "core/nls.h"

#include "core/gitconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/*
 * In a team store every file casebook writes must be usable by the whole
 * group whatever the user's umask, as git's core.sharedRepository=group
 * makes it: clear the group bits from the umask and set all of others'.
 * The set-group-id bit on the store's folders makes new files belong to
 * the store's group.
 */
static void
shared_umask(void)
{
	mode_t old = umask(0);

	umask((old & ~(mode_t)070) | 007);
}

/*
 * Whether this process can write the store: the file system, then the
 * folders a change writes in (root passes the access() tests whatever
 * the modes, and can write indeed).  The effective ids decide, as for
 * every open: a set-group-id casebook writes a protected store with the
 * store group.
 */
static void
probe_writable(struct cb_store *st)
{
	static const char *const parts[] = { "", "/record.git",
	    "/record.git/objects", "/record.git/refs/heads" };
	struct statvfs vfs;
	char *mnt;

	if (statvfs(st->dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
		mnt = cb_mount_point(st->dir);
		st->readonly = st->ro_fs = true;
		snprintf(st->ro_reason, sizeof st->ro_reason, "%s is mounted "
		    "read-only", mnt);
		free(mnt);
		return;
	}
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char *p = xasprintf("%s%s", st->dir, parts[i]);

		if (eaccess(p, W_OK) < 0 && errno != ENOENT) {
			struct passwd *pw = getpwuid(getuid());

			st->readonly = true;
			if (errno == EROFS) {
				st->ro_fs = true;
				mnt = cb_mount_point(p);
				snprintf(st->ro_reason, sizeof st->ro_reason,
				    "%s is mounted read-only", mnt);
				free(mnt);
			} else if (errno == EACCES || errno == EPERM)
				snprintf(st->ro_reason, sizeof st->ro_reason,
				    "%s may read %s but not write in it",
				    pw != NULL ? pw->pw_name : "you", p);
			else
				snprintf(st->ro_reason, sizeof st->ro_reason,
				    "%s cannot be written: %s", p,
				    strerror(errno));
		}
		free(p);
		if (st->readonly)
			return;
	}
}

static struct cb_store *
store_new(const char *dir)
{
	struct cb_store *st = xcalloc(1, sizeof *st);

	st->dir = xstrdup(dir);
	st->git_dir = xasprintf("%s/record.git", dir);
	return st;
}

void
cb_store_close(struct cb_store *st)
{
	if (st == NULL)
		return;
	cb_index_close(st);
	if (st->repo != NULL) {
		git_repository_free(st->repo);
		git_libgit2_shutdown();
	}
	if (st->pbs != NULL)
		cb_playbooks_free(st->pbs);
	free(st->pbs);
	for (size_t i = 0; i < st->npbs_old; i++) {
		cb_playbooks_free(st->pbs_old[i]);
		free(st->pbs_old[i]);
	}
	free(st->pbs_old);
	free(st->playbook_dir);
	free(st->dir);
	free(st->git_dir);
	free(st);
}

const char *
cb_store_dir(const struct cb_store *st)
{
	return st->dir;
}

static enum cb_status
write_config(struct cb_store *st, bool shared, const char *tech,
    struct cb_error *err)
{
	char *path = xasprintf("%s/config", st->dir), key[128];
	git_config *cfg = NULL;
	enum cb_status s = CB_OK;

	snprintf(key, sizeof key, "user.%s.role", tech != NULL ? tech : "");
	if (git_config_open_ondisk(&cfg, path) < 0 ||
	    git_config_set_int32(cfg, "casebook.version", 1) < 0 ||
	    (shared && git_config_set_string(cfg, "casebook.shared",
	    "group") < 0) ||
	    (tech != NULL && git_config_set_string(cfg, key, "tech") < 0))
		s = cb_git_error(err, path);
	git_config_free(cfg);
	free(path);
	return s;
}

/* The record starts with one empty commit, so the branch always exists. */
static enum cb_status
apply_init(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	(void)st;
	(void)base_tip;
	(void)arg;
	(void)err;
	if (tip != NULL) {
		plan->nothing = true;
		return CB_OK;
	}
	cb_buf_adds(&plan->message, "casebook: record created");
	plan->action = "init";
	return CB_OK;
}

/* Creates dir's missing parents, private to the user as XDG asks. */
static void
make_parents(const char *dir)
{
	char *p = xstrdup(dir);

	for (char *slash = strchr(p + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0700);
		*slash = '/';
	}
	free(p);
}

static enum cb_status init_record(const char *dir, bool shared,
    const char *tech, struct cb_error *err);
static bool protected_dir(const char *dir, gid_t gid, char **canon);
static enum cb_status check_parts(const char *dir, struct cb_error *err);

enum cb_status
cb_store_init(const char *dir, const char *group, bool *existed,
    struct cb_error *err)
{
	struct group *gr = NULL;
	struct stat sb;
	enum cb_status s;
	char *probe;
	int dfd;

	*existed = false;
	probe = xasprintf("%s/record.git", dir);
	if (stat(probe, &sb) == 0) {
		free(probe);
		*existed = true;
		return CB_OK;
	}
	free(probe);
	if (group != NULL && (gr = getgrnam(group)) == NULL)
		return cb_fail(err, CB_EUSAGE, _("init: no group '%s'"), group);
	make_parents(dir);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return cb_fail(err, CB_ERR, "%s: %s", dir, strerror(errno));
	/* On the folder itself, not on whatever a link there names. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return cb_fail(err, CB_ERR, "%s: %s", dir, errno == ELOOP ?
		    "is a symbolic link; give the real folder" :
		    strerror(errno));
	if (gr != NULL) {
		if (fchown(dfd, (uid_t)-1, gr->gr_gid) < 0) {
			s = cb_fail(err, CB_ERR, _("%s: cannot give it to group "
			    "%s: %s"), dir, group, strerror(errno));
			close(dfd);
			return s;
		}
		if (fchmod(dfd, 02770) < 0) {
			s = cb_fail(err, CB_ERR, "%s: %s", dir,
			    strerror(errno));
			close(dfd);
			return s;
		}
		shared_umask();
	} else if (fchmod(dfd, 0700) < 0) {
		s = cb_fail(err, CB_ERR, "%s: %s", dir, strerror(errno));
		close(dfd);
		return s;
	}
	close(dfd);
	/* A part planted before the store is made is refused too. */
	if ((s = check_parts(dir, err)) != CB_OK)
		return s;
	return init_record(dir, gr != NULL, NULL, err);
}

/*
 * Gives the folder dir to uid and gid, mode 02770, on the folder itself
 * (a descriptor opened without following a link), never by its path.
 */
static enum cb_status
own_dir(const char *dir, uid_t uid, gid_t gid, struct cb_error *err)
{
	enum cb_status s = CB_OK;
	int dfd;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return cb_fail(err, CB_ERR, "%s: %s", dir, errno == ELOOP ?
		    "is a symbolic link; give the real folder" :
		    strerror(errno));
	if (fchown(dfd, uid, gid) < 0 || fchmod(dfd, 02770) < 0)
		s = cb_fail(err, CB_ERR, "%s: %s", dir, strerror(errno));
	close(dfd);
	return s;
}

enum cb_status
cb_store_init_team(const char *dir, unsigned gid, const char *group,
    bool *existed, struct cb_error *err)
{
	struct cb_identity me;
	struct stat sb;
	char *probe;
	bool exists;
	enum cb_status s;

	*existed = false;
	if (getegid() != (gid_t)gid && getuid() != 0)
		return cb_fail(err, CB_ERR, _("init --team: this casebook is not "
		    "installed set-group-id to the store group '%s' (make "
		    "install as root does it; see casebook(1))"), group);
	exists = lstat(dir, &sb) == 0;
	if (!exists) {
		/* Only root can make a folder nobody else owns. */
		if (getuid() != 0)
			return cb_fail(err, CB_ERR, _("init --team: %s does not "
			    "exist; an administrator creates it with 'install "
			    "-d -o root -g %s -m 2770 %s', then run 'casebook "
			    "--store %s init --team' again"), dir, group, dir,
			    dir);
		make_parents(dir);
		if (mkdir(dir, 0700) < 0)
			return cb_fail(err, CB_ERR, "%s: %s", dir,
			    strerror(errno));
		if ((s = own_dir(dir, 0, (gid_t)gid, err)) != CB_OK)
			return s;
	}
	if (!protected_dir(dir, (gid_t)gid, NULL))
		return cb_fail(err, CB_ERR, _("init --team: %s must be a folder "
		    "of root's with group %s, closed to others (mode 2770), "
		    "on a path only root can change (e.g. 'install -d -o root "
		    "-g %s -m 2770 %s')"), dir, group, group, dir);
	probe = xasprintf("%s/record.git", dir);
	if (lstat(probe, &sb) == 0) {
		free(probe);
		*existed = true;
		return CB_OK;
	}
	free(probe);
	if (getuid() == 0 && (s = own_dir(dir, 0, (gid_t)gid, err)) != CB_OK)
		return s;
	/* A part planted before the store is made is refused too. */
	if ((s = check_parts(dir, err)) != CB_OK)
		return s;
	shared_umask();
	/* The person who made it is its first tech member. */
	if (cb_identity_real(&me, err) != CB_OK)
		return err->status;
	return init_record(dir, true, getuid() == 0 ? NULL : me.login, err);
}

/*
 * The record, config and index of a new store in dir, made ready by the
 * caller; tech, when not NULL, is mapped to tech in the config.
 */
static enum cb_status
init_record(const char *dir, bool shared, const char *tech,
    struct cb_error *err)
{
	git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	struct cb_store *st;
	git_oid commit;
	enum cb_status s;

	st = store_new(dir);
	git_libgit2_init();
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
	    GIT_REPOSITORY_INIT_NO_REINIT;
	/* Group-shared like GIT_REPOSITORY_INIT_SHARED_GROUP (02775), but
	 * with nothing for others. */
	opts.mode = shared ? 02770 : GIT_REPOSITORY_INIT_SHARED_UMASK;
	opts.initial_head = "main";
	opts.description = "casebook record: one commit per change to an "
	    "incident\n";
	if (git_repository_init_ext(&st->repo, st->git_dir, &opts) < 0) {
		s = cb_git_error(err, st->git_dir);
		git_libgit2_shutdown();
		st->repo = NULL;
		cb_store_close(st);
		return s;
	}
	/* Open it again as every later command does (cb_repo). */
	git_repository_free(st->repo);
	st->repo = NULL;
	git_libgit2_shutdown();
	st->shared = shared;
	if ((s = cb_repo(st, err)) != CB_OK) {
		cb_store_close(st);
		return s;
	}
	if ((s = write_config(st, st->shared, tech, err)) == CB_OK &&
	    (s = cb_record_commit(st, apply_init, NULL, &commit, err)) == CB_OK &&
	    (s = cb_index_open(st, err)) == CB_OK)
		s = cb_index_sync(st, true, err);
	cb_store_close(st);
	return s;
}

/*
 * Whether dir can be a protected team store of group gid: the folder it
 * names (through any symlink: the folder decides, not the path) is of
 * that group, not the person's own (an owner could open it up with
 * chmod; root may, root can anyway), closed to others, on a path nobody but root can change: each
 * folder above it root's and writable by nobody else, or sticky (/tmp),
 * so that it cannot be swapped for one the person made after this
 * check.  canon, when not NULL, receives the folder's path with no
 * symlink in it (caller frees): the path to open it by.
 */
static bool
protected_dir(const char *dir, gid_t gid, char **canon)
{
	struct stat sb;
	char *real, *p;
	bool ok = true;

	if (canon != NULL)
		*canon = NULL;
	if ((real = realpath(dir, NULL)) == NULL)
		return false;
	if (lstat(real, &sb) < 0 || !S_ISDIR(sb.st_mode) || sb.st_gid != gid ||
	    (sb.st_uid == getuid() && getuid() != 0) ||
	    (sb.st_mode & 0007) != 0) {
		free(real);
		return false;
	}
	p = xstrdup(real);
	for (char *slash = strrchr(p, '/'); ok && slash != NULL;
	    slash = strrchr(p, '/')) {
		slash[slash == p ? 1 : 0] = '\0';
		ok = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    sb.st_uid == 0 && ((sb.st_mode & 0022) == 0 ||
		    (sb.st_mode & S_ISVTX));
		if (slash == p)
			break;
	}
	free(p);
	if (ok && canon != NULL)
		*canon = real;
	else
		free(real);
	return ok;
}

bool
cb_store_dir_protected(const char *dir, unsigned gid)
{
	return protected_dir(dir, (gid_t)gid, NULL);
}

bool
cb_store_protected(const struct cb_store *st)
{
	return st->protected_store;
}

/*
 * No part of a store is reached through a symbolic link, and each is
 * what it should be.  Measured on a team store whose folder every member
 * can write: record.git replaced by a link to another member's private
 * store made her casebook copy her incidents into the team's index; a
 * link as index.db made her casebook chmod the file it named (her
 * ~/.pgpass) and a dangling one made SQLite create a file there; a link
 * as config had libgit2 write roles into its target.  So every part is
 * checked with lstat before anything opens it, the files are opened
 * O_NOFOLLOW too (the lock, the index with SQLITE_OPEN_NOFOLLOW) and
 * modes are set on descriptors, never on paths.  What the checks leave
 * (a part replaced between the check and the open) the sticky bit of a
 * team folder closes: there only a file's owner may rename or remove it.
 *
 * The configs are also read for [include] and [includeIf]: libgit2
 * follows them, opening whatever they name (a FIFO hung every reader),
 * and a store needs none.
 */
static const struct {
	const char *name;
	mode_t type;
} store_parts[] = {
	{ "record.git", S_IFDIR },
	{ "record.git/config", S_IFREG },
	{ "record.git/HEAD", S_IFREG },
	{ "record.git/objects", S_IFDIR },
	{ "record.git/refs", S_IFDIR },
	{ "record.git/refs/heads", S_IFDIR },
	{ "record.git/refs/heads/main", S_IFREG },
	{ "record.git/packed-refs", S_IFREG },
	{ "record.git/objects/pack", S_IFDIR },
	{ "index.db", S_IFREG },
	{ "index.db-wal", S_IFREG },
	{ "index.db-shm", S_IFREG },
	{ "index.db-journal", S_IFREG },
	{ "index.db.new", S_IFREG },
	{ "lock", S_IFREG },
	{ "config", S_IFREG },
	{ "playbooks", S_IFDIR },
	{ "evidence", S_IFDIR },
};

static enum cb_status
no_include(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	(void)subsection;
	(void)key;
	(void)value;
	if (strcmp(section, "include") == 0 || strcmp(section, "includeif") == 0)
		return cb_fail(err, CB_ERR, "%s:%d: [%s] is not allowed in a "
		    "store's config (casebook does not read other files "
		    "from it)", (const char *)arg, line, section);
	return CB_OK;
}

static enum cb_status
check_parts(const char *dir, struct cb_error *err)
{
	static const char *const configs[] = { "config", "record.git/config" };
	struct cb_error ignored;
	enum cb_status s = CB_OK;
	struct stat sb;

	for (size_t i = 0; s == CB_OK &&
	    i < sizeof store_parts / sizeof store_parts[0]; i++) {
		char *path = xasprintf("%s/%s", dir, store_parts[i].name);

		if (lstat(path, &sb) < 0) {
			/* Missing parts are for the open to report. */
		} else if (S_ISLNK(sb.st_mode))
			s = cb_fail(err, CB_ERR, "%s is a symbolic link: casebook "
			    "follows no link in a store (someone may have "
			    "planted it); put the real %s there", path,
			    store_parts[i].type == S_IFDIR ? "folder" : "file");
		else if ((sb.st_mode & S_IFMT) != store_parts[i].type)
			s = cb_fail(err, CB_ERR, "%s is not a %s; the store is "
			    "not usable until it is", path,
			    store_parts[i].type == S_IFDIR ? "folder" :
			    "regular file");
		free(path);
	}
	for (size_t i = 0; s == CB_OK && i < sizeof configs / sizeof configs[0];
	    i++) {
		char *path = xasprintf("%s/%s", dir, configs[i]);

		s = cb_gitconfig_read_flags(path, CB_OPEN_NOFOLLOW, no_include,
		    path, &ignored);
		if (s == CB_ERR && strstr(ignored.msg, "is not allowed in a "
		    "store's config") != NULL)
			*err = ignored;
		else
			s = CB_OK;	/* missing or broken: others say so */
		free(path);
	}
	return s;
}

static enum cb_status
store_open(const char *dir, bool index, struct cb_store **out,
    struct cb_error *err)
{
	struct cb_store *st;
	struct stat sb;
	enum cb_status s;
	char *probe;

	*out = NULL;
	if (stat(dir, &sb) < 0)
		return cb_fail(err, CB_ERR, _("%s: no store here (%s); create one "
		    "with 'casebook init'"), dir, strerror(errno));
	if (eaccess(dir, R_OK | X_OK) < 0)
		return cb_fail(err, CB_ERR, _("%s: cannot read the store: %s"), dir,
		    strerror(errno));
	if ((s = check_parts(dir, err)) != CB_OK)
		return s;
	probe = xasprintf("%s/record.git/HEAD", dir);
	if (eaccess(probe, R_OK) < 0) {
		s = cb_fail(err, CB_ERR, _("%s: not a casebook store (no "
		    "record.git); create one with 'casebook init'"), dir);
		free(probe);
		return s;
	}
	free(probe);
	/*
	 * With the store group in effect (a set-group-id casebook that found
	 * dir protected, cli_open) the store is opened only if it still is,
	 * by its path without symlinks, and its record is a real folder: a
	 * person's own folder holding a symlink to a team's record.git
	 * never gets the group's access to it.
	 */
	if (getegid() != getgid()) {
		char *canon = NULL, *rec;
		struct stat rsb;
		bool ok = protected_dir(dir, getegid(), &canon);

		if (ok) {
			rec = xasprintf("%s/record.git", canon);
			ok = lstat(rec, &rsb) == 0 && S_ISDIR(rsb.st_mode) &&
			    rsb.st_gid == getegid();
			free(rec);
		}
		if (!ok) {
			free(canon);
			return cb_fail(err, CB_ERR, _("%s is not a protected team "
			    "store (its folder or its record.git is not the "
			    "store group's own folder); nothing was opened"),
			    dir);
		}
		st = store_new(canon);
		free(canon);
		st->protected_store = true;
	} else
		st = store_new(dir);
	/* A team store is marked by the set-group-id bit of its folder. */
	if (sb.st_mode & S_ISGID) {
		st->shared = true;
		shared_umask();
	}
	probe_writable(st);
	cb_disk_full_dir(dir);
	if (index && (s = cb_index_open(st, err)) == CB_OK &&
	    st->protected_store)
		/*
		 * SQLite's temporary files (sorts, big queries) would be the
		 * person's own files in /var/tmp, open to them while they
		 * exist: a protected store keeps them in memory.
		 */
		(void)sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL,
		    NULL, NULL);
	if (index && (s != CB_OK ||
	    (s = cb_index_sync(st, false, err)) != CB_OK)) {
		cb_store_close(st);
		return s;
	}
	*out = st;
	return CB_OK;
}

enum cb_status
cb_store_open(const char *dir, struct cb_store **out, struct cb_error *err)
{
	return store_open(dir, true, out, err);
}

enum cb_status
cb_store_open_bare(const char *dir, struct cb_store **out,
    struct cb_error *err)
{
	return store_open(dir, false, out, err);
}

enum cb_status
cb_store_get(struct cb_store *st, const char *id, struct cb_incident *out,
    struct cb_error *err)
{
	git_commit *c;
	git_tree *tree;
	git_oid tip;
	enum cb_status s;

	if (!cb_id_parse(id, NULL, NULL))
		return cb_fail(err, CB_EUSAGE, _("'%s' is not an incident id "
		    "(YYYY-NNNN, e.g. 2026-0042)"), id);
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
		return s;
	if (git_commit_lookup(&c, st->repo, &tip) < 0 ||
	    git_commit_tree(&tree, c) < 0)
		return cb_git_error(err, "reading the branch tip");
	git_commit_free(c);
	s = cb_record_incident(st, tree, id, out, err);
	git_tree_free(tree);
	return s;
}

/* A prefix of sha256 looked for among the incident's attachments. */
struct evidence_find {
	const char *prefix;
	char full[65];
	int n;
};

static int
evidence_match(const struct cb_attachment *a, void *arg)
{
	struct evidence_find *f = arg;

	if (strncmp(a->sha256, f->prefix, strlen(f->prefix)) == 0 &&
	    strcmp(a->sha256, f->full) != 0) {
		snprintf(f->full, sizeof f->full, "%s", a->sha256);
		f->n++;
	}
	return 0;
}

enum cb_status
cb_store_evidence(struct cb_store *st, const char *id, const char *sha256,
    struct cb_buf *out, char *sha256_out, struct cb_error *err)
{
	struct evidence_find f = { sha256, "", 0 };
	size_t n = strlen(sha256);
	git_commit *c;
	git_tree *tree;
	git_blob *blob;
	git_oid tip;
	char *dir, *path;
	enum cb_status s;

	if (!cb_id_parse(id, NULL, NULL))
		return cb_fail(err, CB_EUSAGE, "'%s' is not an incident id "
		    "(YYYY-NNNN, e.g. 2026-0042)", id);
	/* Hex digits only: the hash is a file name in the record. */
	if (n < 6 || n > 64 || strspn(sha256, "0123456789abcdef") != n)
		return cb_fail(err, CB_EUSAGE, "'%s' is not a SHA-256 (64 hex "
		    "digits, or the first 6 or more)", sha256);
	if (n < 64) {
		if ((s = cb_store_attachments(st, id, evidence_match, &f,
		    err)) != CB_OK)
			return s;
		if (f.n == 0)
			return cb_fail(err, CB_ENOTFOUND, "%s has no evidence %s",
			    id, sha256);
		if (f.n > 1)
			return cb_fail(err, CB_ECONFLICT, "%s: %d pieces of "
			    "evidence begin with %s; give more digits", id, f.n,
			    sha256);
		sha256 = f.full;
	}
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
		return s;
	if (git_commit_lookup(&c, st->repo, &tip) < 0)
		return cb_git_error(err, "reading the branch tip");
	if (git_commit_tree(&tree, c) < 0) {
		git_commit_free(c);
		return cb_git_error(err, "reading the branch tip");
	}
	git_commit_free(c);
	dir = cb_layout_dir(id);
	path = cb_layout_evidence(id, sha256);
	s = cb_record_read(st, tree, path, &blob, err);
	if (s == CB_ENOTFOUND)
		s = cb_fail(err, CB_ENOTFOUND, "%s has no evidence %s", id,
		    sha256);
	if (s == CB_OK) {
		cb_buf_add(out, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		if (sha256_out != NULL)
			snprintf(sha256_out, 65, "%s", sha256);
	}
	git_tree_free(tree);
	free(dir);
	free(path);
	return s;
}

static int
diff_print(const git_diff_delta *d, const git_diff_hunk *h,
    const git_diff_line *l, void *arg)
{
	struct cb_buf *out = arg;

	(void)d;
	(void)h;
	if (l->origin == GIT_DIFF_LINE_CONTEXT ||
	    l->origin == GIT_DIFF_LINE_ADDITION ||
	    l->origin == GIT_DIFF_LINE_DELETION)
		cb_buf_addc(out, l->origin);
	cb_buf_add(out, l->content, l->content_len);
	return 0;
}

enum cb_status
cb_store_diff(struct cb_store *st, const char *id, const char *commit,
    struct cb_buf *out, struct cb_error *err)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_commit *c = NULL, *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	char *dir = cb_layout_dir(id);
	git_oid oid;
	enum cb_status s;

	if ((s = cb_repo(st, err)) != CB_OK)
		goto out;
	opts.pathspec.strings = &dir;
	opts.pathspec.count = 1;
	if (git_oid_fromstr(&oid, commit) < 0 ||
	    git_commit_lookup(&c, st->repo, &oid) < 0 ||
	    git_commit_tree(&b, c) < 0 ||
	    (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 ||
	    git_commit_tree(&a, parent) < 0)) ||
	    git_diff_tree_to_tree(&diff, st->repo, a, b, &opts) < 0 ||
	    git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, diff_print, out) < 0)
		s = cb_git_error(err, commit);
out:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	git_commit_free(c);
	free(dir);
	return s;
}

enum cb_status
cb_store_reindex(struct cb_store *st, struct cb_error *err)
{
	return cb_index_rebuild(st, cb_alert_carry, err);
}

/* --- check ------------------------------------------------------------------- */

/* A set of object ids already read, open addressing. */
struct oidset {
	git_oid *v;
	unsigned char *used;
	size_t cap, n;
};

static bool
oidset_add(struct oidset *s, const git_oid *id)
{
	size_t i;

	if (s->n * 2 >= s->cap) {
		struct oidset bigger = { 0 };

		bigger.cap = s->cap ? s->cap * 2 : 1024;
		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		bigger.used = xcalloc(bigger.cap, 1);
		for (i = 0; i < s->cap; i++)
			if (s->used[i])
				oidset_add(&bigger, &s->v[i]);
		free(s->v);
		free(s->used);
		*s = bigger;
	}
	memcpy(&i, id->id, sizeof i);
	for (i %= s->cap; s->used[i]; i = (i + 1) % s->cap)
		if (git_oid_equal(&s->v[i], id))
			return false;
	s->used[i] = 1;
	s->v[i] = *id;
	s->n++;
	return true;
}

struct reach {
	struct cb_store *st;
	struct oidset seen;
	struct check_cb {
		cb_problem_fn fn;
		void *arg;
	} report;
	int problems;
};

static void
reach_tree(struct reach *r, const git_oid *id, const char *where)
{
	git_odb *odb;
	git_tree *tree;
	char hex[GIT_OID_HEXSZ + 1], msg[512];

	if (!oidset_add(&r->seen, id))
		return;
	if (git_tree_lookup(&tree, r->st->repo, id) < 0) {
		snprintf(msg, sizeof msg, "record.git: tree %s (%s) cannot be "
		    "read", git_oid_tostr(hex, sizeof hex, id), where);
		r->report.fn(msg, r->report.arg);
		r->problems++;
		return;
	}
	if (git_repository_odb(&odb, r->st->repo) < 0) {
		git_tree_free(tree);
		return;
	}
	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_odb_object *obj;

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			reach_tree(r, git_tree_entry_id(e), where);
			continue;
		}
		if (!oidset_add(&r->seen, git_tree_entry_id(e)))
			continue;
		if (git_odb_read(&obj, odb, git_tree_entry_id(e)) < 0) {
			snprintf(msg, sizeof msg, "record.git: %s (%s, in %s) "
			    "cannot be read", git_tree_entry_name(e),
			    git_oid_tostr(hex, sizeof hex,
			    git_tree_entry_id(e)), where);
			r->report.fn(msg, r->report.arg);
			r->problems++;
			continue;
		}
		git_odb_object_free(obj);
	}
	git_odb_free(odb);
	git_tree_free(tree);
}

/*
 * Every pack, verified whole (its checksums, each entry's CRC) before
 * libgit2 reads any: a damaged one is reported, as git fsck reports it,
 * and left out of the reading, since libgit2 may crash on a malformed
 * index.  Its objects are then missing unless another pack holds them,
 * which the walk reports.
 */
static enum cb_status
check_packs(struct reach *r, struct cb_error *err)
{
	struct cb_pack_info *packs;
	size_t n, damaged = 0;
	enum cb_status s;

	if ((s = cb_pack_scan(r->st, &packs, &n, err)) != CB_OK)
		return s;
	for (size_t i = 0; i < n; i++) {
		char msg[1200];

		if (packs[i].problem == NULL)
			continue;
		snprintf(msg, sizeof msg, "record.git: a pack is damaged: %s",
		    packs[i].problem);
		r->report.fn(msg, r->report.arg);
		r->problems++;
		damaged++;
	}
	if (damaged > 0)
		s = cb_record_use_packs(r->st, packs, n, err);
	cb_pack_scan_free(packs, n);
	return s;
}

enum cb_status
cb_store_check(struct cb_store *st, cb_problem_fn fn, void *arg,
    struct cb_error *err)
{
	struct reach r = { st, { 0 }, { fn, arg }, 0 };
	git_revwalk *walk = NULL;
	git_oid tip, oid;
	enum cb_status s;

	if ((s = cb_repo(st, err)) != CB_OK ||
	    (s = check_packs(&r, err)) != CB_OK)
		return s;
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
		return s;
	/*
	 * Every object reachable from the branch can be read, and hashes
	 * to its id (as git fsck verifies).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	if (git_revwalk_new(&walk, st->repo) < 0 ||
	    git_revwalk_push(walk, &tip) < 0) {
		s = cb_git_error(err, "walking the history");
		goto out;
	}
	for (;;) {
		git_commit *c;
		char hex[GIT_OID_HEXSZ + 1], msg[256];
		int rc = git_revwalk_next(&oid, walk);

		if (rc == GIT_ITEROVER)
			break;
		if (rc < 0 || git_commit_lookup(&c, st->repo, &oid) < 0) {
			snprintf(msg, sizeof msg, "record.git: a commit of the "
			    "history cannot be read (%s)", git_error_last() ?
			    git_error_last()->message : "unknown error");
			fn(msg, arg);
			r.problems++;
			break;
		}
		git_oid_tostr(hex, sizeof hex, &oid);
		reach_tree(&r, git_commit_tree_id(c), hex);
		git_commit_free(c);
	}
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* The index: SQLite's integrity, and agreement with the record. */
	s = cb_index_check(st, fn, arg, &r.problems, err);
	if (s == CB_OK && r.problems > 0)
		s = cb_fail(err, CB_ERR, _("%d problem%s found"), r.problems,
		    r.problems == 1 ? "" : "s");
out:
	git_revwalk_free(walk);
	free(r.seen.v);
	free(r.seen.used);
	return s;
}
