/*
 * The Git record.  casebook writes blobs, trees and commits with libgit2
 * into a bare repository; there is never a work tree and never a git
 * process.  The branch refs/heads/main is moved by compare-and-swap on
 * its old value, so two writers never overwrite each other: the loser of a
 * race re-reads the tip and applies its change again.
 */
#include "store/store-int.h"
#include "core/nls.h"
#include "core/words.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Objects of a change are written to an in-memory backend first and
 * reach the disk as one pack when the change is published (store/pack.c).
 * It sits above the loose and pack backends, so writes go to it.
 */
static enum cb_status
attach_mempack(struct cb_store *st, struct cb_error *err)
{
	git_odb *odb;
	enum cb_status s = CB_OK;

	if (git_repository_odb(&odb, st->repo) < 0)
		return cb_git_error(err, "opening the object database");
	if (git_mempack_new(&st->mempack) < 0 ||
	    git_odb_add_backend(odb, st->mempack, 1000) < 0) {
		s = cb_git_error(err, "preparing the object database");
		st->mempack = NULL;
	}
	git_odb_free(odb);
	return s;
}

/*
 * Before libgit2 reads a pack: a pack whose index is malformed is left
 * out of the object database (libgit2 would search it for ever), so
 * that everything else stays readable; casebook check names it.  Then
 * the in-memory backend for writes.
 */
static enum cb_status
avoid_malformed(struct cb_store *st, struct cb_error *err)
{
	struct cb_pack_info *packs;
	size_t n;
	enum cb_status s = CB_OK;

	if (cb_pack_quick_scan(st, &packs, &n))
		s = cb_record_use_packs(st, packs, n, err);
	cb_pack_scan_free(packs, n);
	cb_pack_midx_heal(st);
	return s == CB_OK ? attach_mempack(st, err) : s;
}

/*
 * Replaces the repository's object database with a new one over the same
 * folder, with a new in-memory backend (the old one is empty between
 * changes).
 */
static enum cb_status
reopen_odb(struct cb_store *st, struct cb_error *err)
{
	char *path = xasprintf("%s/objects", st->git_dir);
	git_odb *odb;
	int rc = git_odb_open(&odb, path);

	free(path);
	if (rc < 0)
		return cb_git_error(err, "reopening the object database");
	st->mempack = NULL;	/* freed with the old database */
	git_repository_set_odb(st->repo, odb);
	git_odb_free(odb);
	return avoid_malformed(st, err);
}

enum cb_status
cb_repo(struct cb_store *st, struct cb_error *err)
{
	if (st->repo != NULL)
		return CB_OK;
	git_libgit2_init();
	/* A save that returned is on disk: objects, their folders, the ref. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* Objects we read back were written by us a moment ago; skip the check. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Only the record's own config: no ~/.gitconfig, XDG or system file
	 * (HOME and XDG_CONFIG_HOME are the person's to point anywhere).
	 */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA,
	    "");
	if (git_repository_open_bare(&st->repo, st->git_dir) < 0)
		return cb_git_error(err, st->git_dir);
	return avoid_malformed(st, err);
}

bool
cb_record_tip_fast(struct cb_store *st, char hex[GIT_OID_HEXSZ + 1])
{
	char *path = xasprintf("%s/" CB_BRANCH, st->git_dir);
	char buf[GIT_OID_HEXSZ + 2];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n != GIT_OID_HEXSZ + 1 || buf[GIT_OID_HEXSZ] != '\n')
		return false;
	for (int i = 0; i < GIT_OID_HEXSZ; i++)
		if (strchr("0123456789abcdef", buf[i]) == NULL || buf[i] == 0)
			return false;
	memcpy(hex, buf, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = '\0';
	return true;
}

/*
 * Makes the object id (a tip just read from the branch) findable.  It is
 * in a pack written before the branch moved, which this process may not
 * have seen yet; libgit2 then rescans the pack folder once, and that
 * rescan fails outright if it meets an index whose pack git is removing
 * at that moment (git removes the .pack before the .idx).  So the
 * rescan is tried again, for up to half a second; an object that is
 * still missing is reported by the read that needs it.
 */
static void
await_object(struct cb_store *st, const git_oid *id)
{
	for (int i = 0; i < 500; i++) {
		git_odb *odb;
		bool found;

		if (git_repository_odb(&odb, st->repo) < 0) {
			usleep(1000);
			continue;
		}
		found = git_odb_exists(odb, id);
		if (!found)
			(void)git_odb_refresh(odb);
		git_odb_free(odb);
		if (found)
			return;
		usleep(1000);
	}
}

enum cb_status
cb_record_tip(struct cb_store *st, git_oid *out, struct cb_error *err)
{
	enum cb_status s;

	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if (git_reference_name_to_id(out, st->repo, CB_BRANCH) < 0)
		return cb_git_error(err, "reading the branch " CB_BRANCH);
	await_object(st, out);
	return CB_OK;
}

enum cb_status
cb_record_tip_tree(struct cb_store *st, git_tree **out, struct cb_error *err)
{
	git_commit *c;
	git_oid tip;
	enum cb_status s;

	*out = NULL;
	if ((s = cb_record_tip(st, &tip, err)) != CB_OK)
		return s;
	if (git_commit_lookup(&c, st->repo, &tip) < 0)
		return cb_git_error(err, "reading the branch tip");
	if (git_commit_tree(out, c) < 0)
		s = cb_git_error(err, "reading the branch tip");
	git_commit_free(c);
	return s;
}

enum cb_status
cb_record_read(struct cb_store *st, git_tree *tree, const char *path,
    git_blob **out, struct cb_error *err)
{
	git_tree_entry *e;
	int rc;

	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND)
		return cb_fail(err, CB_ENOTFOUND, _("%s: not in the record"), path);
	if (rc < 0)
		return cb_git_error(err, path);
	rc = git_blob_lookup(out, st->repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	if (rc < 0)
		return cb_git_error(err, path);
	return CB_OK;
}

enum cb_status
cb_record_incident(struct cb_store *st, git_tree *tree, const char *id,
    struct cb_incident *out, struct cb_error *err)
{
	char *path = cb_layout_incident(id);
	git_blob *blob;
	enum cb_status s;

	memset(out, 0, sizeof *out);
	s = cb_record_read(st, tree, path, &blob, err);
	if (s == CB_ENOTFOUND)
		s = cb_fail(err, CB_ENOTFOUND, _("no incident %s"), id);
	if (s == CB_OK) {
		s = cb_incident_from_json(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), path, out, err);
		git_blob_free(blob);
		if (s != CB_OK)
			cb_incident_free(out);
	}
	free(path);
	return s;
}

enum cb_status
cb_plan_blob(struct cb_store *st, struct cb_commit_plan *plan,
    const char *path, const void *data, size_t len, struct cb_error *err)
{
	git_tree_update *u;

	if (plan->n == CB_MAX_UPDATES)
		fatal("cb_plan_blob: too many updates");
	u = &plan->updates[plan->n];
	memset(u, 0, sizeof *u);
	if (git_blob_create_from_buffer(&u->id, st->repo, data, len) < 0)
		return cb_git_error(err, path);
	plan->paths[plan->n] = xstrdup(path);
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = plan->paths[plan->n];
	plan->n++;
	return CB_OK;
}

static void
plan_reset(struct cb_commit_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		free(plan->paths[i]);
	cb_buf_free(&plan->message);
	memset(plan, 0, sizeof *plan);
}

/*
 * The author and committer of a change: the person who (identity.c) and
 * the clock (CASEBOOK_NOW in tests, ignored by a privileged casebook).
 */
static enum cb_status
signature(const struct cb_identity *who, git_signature **out,
    struct cb_error *err)
{
	/* The author's UTC offset, in minutes, as git records it. */
	if (git_signature_new(out, who->name, who->email, (git_time_t)cb_now(),
	    (int)(cb_utc_offset(cb_now()) / 60)) < 0)
		return cb_git_error(err, "making the commit's author");
	return CB_OK;
}

/*
 * The branch is moved by libgit2, which takes refs/heads/main.lock for
 * it as git does; git itself takes the same lock (git pack-refs, run by
 * git gc, holds it while it packs the branch).  So a lock file found
 * there is someone else's until proven otherwise, and is waited for.
 * The proof that a killed casebook left it: just around the move, the
 * writer keeps a mark in the store's lock file (its pid and the time);
 * a later writer that gets the flock and still finds a mark knows its
 * holder died while moving the branch, and a branch lock made after
 * that mark, still there a second later, is that writer's leftover.
 * A lock that cannot be proven stale is waited for CB_REFLOCK_WAIT
 * seconds and then reported, never removed.
 */
#define CB_REFLOCK_WAIT 10

/* The mark's time, or 0 when the lock file holds no mark. */
static long long
mark_read(int fd)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	long long pid, ns;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "moving %lld %lld", &pid, &ns) != 2)
		return 0;
	return ns;
}

/*
 * The coarse clock is the one the kernel stamps files with: a lock file
 * made after the mark never has an older time than the mark.
 */
static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
mark_write(int fd)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "moving %lld %lld\n",
	    (long long)getpid(), now_ns());

	(void)!pwrite(fd, buf, (size_t)n, 0);
}

static void
mark_clear(int fd)
{
	(void)!ftruncate(fd, 0);
}

/*
 * Moves the branch from old (NULL: create it) to new, waiting out a
 * branch lock held by another program; dead_mark is the time of a mark
 * a killed writer left (0: none).  Returns libgit2's code.
 */
static int
move_branch(struct cb_store *st, int fd, long long dead_mark,
    const git_oid *old, const git_oid *new, const char *msg)
{
	char *reflock = xasprintf("%s/" CB_BRANCH ".lock", st->git_dir);
	git_reference *ref = NULL;
	long long started = now_ns();
	int rc;

	for (;;) {
		struct stat sb;

		mark_write(fd);
		if (old == NULL)
			rc = git_reference_create(&ref, st->repo, CB_BRANCH,
			    new, 0, msg);
		else
			rc = git_reference_create_matching(&ref, st->repo,
			    CB_BRANCH, new, 1, old, msg);
		mark_clear(fd);
		git_reference_free(ref);
		ref = NULL;
		if (rc != GIT_ELOCKED)
			break;
		if (lstat(reflock, &sb) == 0 && dead_mark != 0 &&
		    (long long)sb.st_mtim.tv_sec * 1000000000LL +
		    sb.st_mtim.tv_nsec >= dead_mark &&
		    now_ns() - started >= 1000000000LL) {
			/* Proven a killed writer's: see above. */
			unlink(reflock);
			dead_mark = 0;
			continue;
		}
		if (now_ns() - started >= CB_REFLOCK_WAIT * 1000000000LL)
			break;
		usleep(2000);
	}
	free(reflock);
	return rc;
}

int
cb_record_move(struct cb_store *st, int fd, const git_oid *old,
    const git_oid *new, const char *msg)
{
	return move_branch(st, fd, mark_read(fd), old, new, msg);
}

enum cb_status
cb_record_lock(struct cb_store *st, int *fd, struct cb_error *err)
{
	char *path = xasprintf("%s/lock", st->dir);
	enum cb_status s = CB_OK;

	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (*fd < 0)
		s = cb_os_error(err, errno, path);
	while (s == CB_OK && flock(*fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			s = cb_os_error(err, errno, path);
			close(*fd);
			*fd = -1;
		}
	free(path);
	return s;
}

void
cb_record_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

enum cb_status
cb_record_use_packs(struct cb_store *st, const struct cb_pack_info *packs,
    size_t n, struct cb_error *err)
{
	char *objects = xasprintf("%s/objects", st->git_dir);
	git_odb_backend *b;
	git_odb *odb;
	enum cb_status s = CB_OK;
	int prio = 2;

	if (git_odb_new(&odb) < 0) {
		free(objects);
		return cb_git_error(err, "opening the object database");
	}
	if (git_odb_backend_loose(&b, objects, -1, 0, 0, 0) < 0 ||
	    git_odb_add_backend(odb, b, 1) < 0)
		s = cb_git_error(err, "opening the loose objects");
	for (size_t i = 0; i < n && s == CB_OK; i++) {
		char *idx;

		if (packs[i].problem != NULL)
			continue;
		idx = xasprintf("%s.idx", packs[i].base);
		/* A pack removed meanwhile (merged, or by git) is skipped. */
		if (git_odb_backend_one_pack(&b, idx) < 0)
			git_error_clear();
		else if (git_odb_add_backend(odb, b, prio++) < 0)
			s = cb_git_error(err, idx);
		free(idx);
	}
	if (s == CB_OK) {
		git_repository_set_odb(st->repo, odb);
		st->mempack = NULL;	/* freed with the old database */
	}
	git_odb_free(odb);
	free(objects);
	return s;
}

/*
 * Publishes a change: writes its objects as one pack and moves the branch
 * from old to new.  Writers of one store serialise here on an flock(2) of
 * the store's lock file: the kernel drops it when a process dies, so a
 * writer killed at any moment never blocks the others.  Under it the
 * branch can only move by us (or by a git command run by hand, which
 * the compare-and-swap catches), so the tip is checked first and
 * nothing is written for a change that lost the race.  Small packs are
 * merged under the same lock, after the branch has moved, so that one
 * writer merges at a time.
 * Sets *lost and returns CB_OK, moving nothing, when the branch is no
 * longer at old.
 */
static enum cb_status
publish(struct cb_store *st, const git_oid *old, const git_oid *new,
    const struct cb_commit_plan *plan, bool *lost, struct cb_error *err)
{
	enum cb_status s = CB_OK;
	long long dead_mark;
	git_oid now;
	int fd = -1, rc;

	*lost = false;

	if ((s = cb_record_lock(st, &fd, err)) != CB_OK)
		goto out;
	dead_mark = mark_read(fd);
	rc = git_reference_name_to_id(&now, st->repo, CB_BRANCH);
	if (old == NULL ? rc != GIT_ENOTFOUND :
	    rc < 0 || !git_oid_equal(&now, old)) {
		*lost = true;
		goto out;
	}
	if ((s = cb_pack_write(st, new, plan, err)) != CB_OK)
		goto out;
	rc = move_branch(st, fd, dead_mark, old, new, plan->message.data);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		*lost = true;
	else if (rc == GIT_ELOCKED)
		s = cb_fail(err, CB_ERR, "the record's branch is locked by "
		    "another program (%s/" CB_BRANCH ".lock, held for %d "
		    "seconds); nothing was saved.  If no git command is "
		    "running on the record, remove that file", st->git_dir,
		    CB_REFLOCK_WAIT);
	else if (rc < 0)
		s = cb_git_error(err, "moving the branch " CB_BRANCH);
	else {
		struct cb_error ignored = { 0 };
		bool merged;

		/*
		 * The change has landed; merging packs is housekeeping.
		 * libgit2 never forgets a pack it has seen, so a store kept
		 * open (the TUI) would ask every removed pack for every
		 * missing object: after a merge it gets a new object database.
		 */
		if (cb_pack_merge(st, &merged, &ignored) == CB_OK && merged)
			(void)reopen_odb(st, &ignored);
	}
out:
	cb_record_unlock(fd);
	return s;
}

static void
add_trailers(struct cb_store *st, struct cb_commit_plan *plan,
    const struct cb_identity *who)
{
	cb_buf_adds(&plan->message, "\n\n");
	if (plan->incident != NULL)
		cb_buf_printf(&plan->message, "Casebook-Incident: %s\n",
		    plan->incident);
	cb_buf_printf(&plan->message, "Casebook-Action: %s\n", plan->action);
	if (plan->item != NULL)
		cb_buf_printf(&plan->message, "Casebook-Item: %s\n",
		    plan->item);
	cb_buf_printf(&plan->message, "Casebook-Login: %s\n", who->login);
	if (st->site != '\0')
		cb_buf_printf(&plan->message, "Casebook-Site: %c\n", st->site);
}

enum cb_status
cb_record_commit_as(struct cb_store *st, const struct cb_identity *who,
    cb_apply_fn apply, void *arg, git_oid *out_commit, struct cb_error *err)
{
	struct cb_commit_plan plan = { 0 };
	git_signature *sig = NULL;
	git_oid base, tip, tree_id, commit_id;
	bool have_base = false, lost = false;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if ((s = signature(who, &sig, err)) != CB_OK)
		return s;
	for (int attempt = 0; ; attempt++) {
		git_commit *tip_commit = NULL;
		git_tree *tip_tree = NULL, *new_tree = NULL;
		const git_commit *parents[1];
		bool have_tip;
		int rc;

		rc = git_reference_name_to_id(&tip, st->repo, CB_BRANCH);
		if (rc < 0 && rc != GIT_ENOTFOUND) {
			s = cb_git_error(err, "reading the branch " CB_BRANCH);
			break;
		}
		have_tip = rc == 0;
		if (have_tip)
			await_object(st, &tip);
		if (have_tip && (git_commit_lookup(&tip_commit, st->repo,
		    &tip) < 0 || git_commit_tree(&tip_tree, tip_commit) < 0)) {
			s = cb_git_error(err, "reading the branch tip");
			git_commit_free(tip_commit);
			break;
		}
		if (!have_base && have_tip) {
			base = tip;
			have_base = true;
		}
		plan_reset(&plan);
		s = apply(st, tip_commit, have_base ? &base : NULL, &plan, arg,
		    err);
		if (s == CB_OK && plan.nothing) {
			if (st->mempack != NULL)
				git_mempack_reset(st->mempack);
			if (have_tip)
				*out_commit = tip;
			git_tree_free(tip_tree);
			git_commit_free(tip_commit);
			break;
		}
		if (s == CB_OK && git_tree_create_updated(&tree_id, st->repo,
		    tip_tree, plan.n, plan.updates) < 0)
			s = cb_git_error(err, "writing the tree");
		if (s == CB_OK) {
			add_trailers(st, &plan, who);
			parents[0] = tip_commit;
			if (git_tree_lookup(&new_tree, st->repo, &tree_id) < 0 ||
			    git_commit_create(&commit_id, st->repo, NULL, sig,
			    sig, "UTF-8", plan.message.data, new_tree,
			    have_tip ? 1 : 0, parents) < 0)
				s = cb_git_error(err, "writing the commit");
		}
		if (s == CB_OK)
			s = publish(st, have_tip ? &tip : NULL, &commit_id,
			    &plan, &lost, err);
		git_tree_free(new_tree);
		git_tree_free(tip_tree);
		git_commit_free(tip_commit);
		/* Published or abandoned: either way not needed in memory. */
		if (st->mempack != NULL)
			git_mempack_reset(st->mempack);
		if (s != CB_OK)
			break;
		if (!lost) {
			*out_commit = commit_id;
			break;
		}
		/* Lost the race: another writer moved the branch.  Again. */
		if (attempt > 1000) {
			s = cb_fail(err, CB_ERR, _("the branch keeps moving; "
			    "gave up after %d attempts"), attempt);
			break;
		}
	}
	plan_reset(&plan);
	git_signature_free(sig);
	return s;
}

void
cb_record_trailers(const char *message, char *incident, size_t ilen,
    char *action, size_t alen)
{
	git_message_trailer_array arr;

	incident[0] = action[0] = '\0';
	if (git_message_trailers(&arr, message) < 0)
		return;
	for (size_t i = 0; i < arr.count; i++) {
		if (strcmp(arr.trailers[i].key, "Casebook-Incident") == 0)
			snprintf(incident, ilen, "%s", arr.trailers[i].value);
		else if (strcmp(arr.trailers[i].key, "Casebook-Action") == 0)
			snprintf(action, alen, "%s", arr.trailers[i].value);
	}
	git_message_trailer_array_free(&arr);
}

void
cb_record_last_author(struct cb_store *st, const git_oid *tip,
    const git_oid *since, const char *incident, char *out, size_t outlen)
{
	git_revwalk *walk = NULL;
	git_oid oid;

	snprintf(out, outlen, "%s", _("another user"));
	if (git_revwalk_new(&walk, st->repo) < 0)
		return;
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	if (git_revwalk_push(walk, tip) < 0 ||
	    (since != NULL && git_revwalk_hide(walk, since) < 0))
		goto out;
	while (git_revwalk_next(&oid, walk) == 0) {
		git_commit *c;
		char inc[CB_ID_MAX + 8], act[32];

		if (git_commit_lookup(&c, st->repo, &oid) < 0)
			continue;
		cb_record_trailers(git_commit_message(c), inc, sizeof inc, act,
		    sizeof act);
		if (strcmp(inc, incident) == 0) {
			const git_signature *a = git_commit_author(c);

			snprintf(out, outlen, "%s <%s>", a->name, a->email);
			git_commit_free(c);
			break;
		}
		git_commit_free(c);
	}
out:
	git_revwalk_free(walk);
}

/* --- tree differences ----------------------------------------------------- */

struct diff_ctx {
	struct cb_store *st;
	cb_diff_fn fn;
	void *arg;
	struct cb_buf path;
	struct cb_error *err;
};

static enum cb_status diff_trees(struct diff_ctx *d, git_tree *a, git_tree *b);

/* One side of an entry: a blob id, a subtree, or nothing. */
static enum cb_status
diff_entry(struct diff_ctx *d, const git_tree_entry *ea,
    const git_tree_entry *eb)
{
	const git_tree_entry *any = ea != NULL ? ea : eb;
	size_t mark = d->path.len;
	bool ta = ea != NULL && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
	bool tb = eb != NULL && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
	enum cb_status s = CB_OK;
	git_oid zero;

	if (ea != NULL && eb != NULL &&
	    git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
		return CB_OK;
	memset(&zero, 0, sizeof zero);
	if (mark > 0)
		cb_buf_addc(&d->path, '/');
	cb_buf_adds(&d->path, git_tree_entry_name(any));
	if (ta || tb) {
		git_tree *a = NULL, *b = NULL;

		if (ta && git_tree_lookup(&a, d->st->repo,
		    git_tree_entry_id(ea)) < 0)
			s = cb_git_error(d->err, d->path.data);
		if (s == CB_OK && tb && git_tree_lookup(&b, d->st->repo,
		    git_tree_entry_id(eb)) < 0)
			s = cb_git_error(d->err, d->path.data);
		if (s == CB_OK)
			s = diff_trees(d, a, b);
		git_tree_free(a);
		git_tree_free(b);
		/* A blob replaced by a tree, or the other way: both sides. */
		if (s == CB_OK && ea != NULL && !ta)
			s = d->fn(d->path.data, git_tree_entry_id(ea), &zero,
			    d->arg, d->err);
		if (s == CB_OK && eb != NULL && !tb)
			s = d->fn(d->path.data, &zero, git_tree_entry_id(eb),
			    d->arg, d->err);
	} else {
		s = d->fn(d->path.data, ea ? git_tree_entry_id(ea) : &zero,
		    eb ? git_tree_entry_id(eb) : &zero, d->arg, d->err);
	}
	d->path.len = mark;
	d->path.data[mark] = '\0';
	return s;
}

/*
 * Git sorts tree entries by name, a subtree's name as if it ended in '/'
 * ("a.b" before the folder "a"); compare the same way.
 */
static int
entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c != 0)
		return c;
	ca = la > n ? (unsigned char)na[n] :
	    git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cb = lb > n ? (unsigned char)nb[n] :
	    git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

/* Entries of a tree are sorted, so one merge pass pairs them. */
static enum cb_status
diff_trees(struct diff_ctx *d, git_tree *a, git_tree *b)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	enum cb_status s = CB_OK;

	while (s == CB_OK && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) :
		    NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) :
		    NULL;
		int c;

		if (ea == NULL)
			c = 1;
		else if (eb == NULL)
			c = -1;
		else if (strcmp(git_tree_entry_name(ea),
		    git_tree_entry_name(eb)) == 0)
			c = 0;
		else
			c = entry_cmp(ea, eb);
		if (c == 0) {
			s = diff_entry(d, ea, eb);
			i++;
			j++;
		} else if (c < 0) {
			s = diff_entry(d, ea, NULL);
			i++;
		} else {
			s = diff_entry(d, NULL, eb);
			j++;
		}
	}
	return s;
}

enum cb_status
cb_record_tree_diff(struct cb_store *st, git_tree *a, git_tree *b,
    cb_diff_fn fn, void *arg, struct cb_error *err)
{
	struct diff_ctx d = { st, fn, arg, { 0 }, err };
	enum cb_status s;

	cb_buf_adds(&d.path, "");
	s = diff_trees(&d, a, b);
	cb_buf_free(&d.path);
	return s;
}
