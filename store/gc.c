/*
 * casebook gc: the record's maintenance, done by casebook itself under
 * the store lock, so that it may run from cron while people work.
 *
 * Saves write small stored packs (pack.c), marked with a .keep so that
 * git's own maintenance never repacks or removes them, and merge them
 * while they are small.  gc folds everything reachable from any ref into
 * one pack made by libgit2's pack builder (deltas, compression) and
 * marks it as gc's; then it removes every pack of casebook's, and every
 * unmarked pack all of whose objects are in the new one, and the loose
 * objects the new pack holds, and writes the commit-graph.  Under the
 * lock no casebook writer is between writing a pack and moving the
 * branch, so an object of casebook's packs that the walk did not reach
 * belongs to no change that was ever confirmed.
 *
 * Objects are read with their hashes verified, and packs that fail
 * verification are left out of the reading: a damaged object is never
 * copied into the new pack under a fresh checksum, and a damaged pack
 * is removed only when the new pack holds every object its index names.
 */
#include "store/store-int.h"
#include "core/nls.h"

#include <git2/sys/commit_graph.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Maintenance is due past this many of the saves' packs, or bytes. */
#define CB_GC_DUE_PACKS 24
#define CB_GC_DUE_BYTES (32 << 20)

static uint64_t
packs_bytes(const struct cb_pack_info *packs, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (uint64_t)packs[i].size;
	return sum;
}

static void
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/*
 * Builds the pack of everything reachable from the refs into a private
 * folder under objects/pack (git looks only at the folder's own files),
 * then moves it in: its gc mark first (git repack removes an unmarked
 * pack it saw), the pack, then its index.  Sets *name ("pack-<hex>").
 */
static enum cb_status
build_pack(struct cb_store *st, const char *packdir, char **name,
    size_t *objects, struct cb_error *err)
{
	char *tmp = xasprintf("%s/cb-gc-XXXXXX", packdir);
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	enum cb_status s = CB_OK;
	struct dirent *de;
	DIR *d;

	*name = NULL;
	if (mkdtemp(tmp) == NULL) {
		s = cb_os_error(err, errno, tmp);
		free(tmp);
		return s;
	}
	if (git_packbuilder_new(&pb, st->repo) < 0 ||
	    git_revwalk_new(&walk, st->repo) < 0 ||
	    git_revwalk_push_glob(walk, "refs/*") < 0 ||
	    git_packbuilder_insert_walk(pb, walk) < 0 ||
	    git_packbuilder_write(pb, tmp, 0444, NULL, NULL) < 0) {
		s = cb_git_error(err, "building the pack");
		goto out;
	}
	*objects = git_packbuilder_object_count(pb);
	if ((d = opendir(tmp)) == NULL) {
		s = cb_os_error(err, errno, tmp);
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 5 && strncmp(de->d_name, "pack-", 5) == 0 &&
		    strcmp(de->d_name + len - 5, ".pack") == 0)
			*name = xstrndup(de->d_name, len - 5);
	}
	closedir(d);
	if (*name == NULL) {
		s = cb_fail(err, CB_ERR, _("%s: the pack builder wrote no pack"),
		    tmp);
		goto out;
	}
	if ((s = cb_pack_mark(packdir, *name, err)) != CB_OK)
		goto out;
	for (int i = 0; i < 2 && s == CB_OK; i++) {
		const char *ext = i == 0 ? "pack" : "idx";
		char *from = xasprintf("%s/%s.%s", tmp, *name, ext);
		char *to = xasprintf("%s/%s.%s", packdir, *name, ext);

		fsync_path(from);
		if (rename(from, to) < 0)
			s = cb_os_error(err, errno, to);
		free(from);
		free(to);
	}
	fsync_path(packdir);
out:
	/* What the builder may have left (a failure half way). */
	if ((d = opendir(tmp)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *path;

			if (de->d_name[0] == '.')
				continue;
			path = xasprintf("%s/%s", tmp, de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	rmdir(tmp);
	if (s != CB_OK) {
		free(*name);
		*name = NULL;
	}
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	free(tmp);
	return s;
}

/* Whether every object p's index names is in the pack whole. */
static bool
contained(const struct cb_pack_info *p, const struct cb_pack_info *whole)
{
	if (p->ids == NULL && p->n == 0 && p->problem != NULL)
		return false;
	for (uint32_t i = 0; i < p->n; i++)
		if (!cb_pack_has(whole, p->ids + (size_t)i * GIT_OID_RAWSZ))
			return false;
	return true;
}

/* Removes the loose objects that the pack whole holds (git prune-packed). */
static void
prune_packed(const char *objects, const struct cb_pack_info *whole,
    struct cb_gc_report *rep)
{
	for (int fan = 0; fan < 256; fan++) {
		char *sub = xasprintf("%s/%02x", objects, fan);
		struct dirent *de;
		DIR *d = opendir(sub);

		if (d == NULL) {
			free(sub);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid id;
			char *path;
			struct stat sb;

			if (strlen(de->d_name) != GIT_OID_HEXSZ - 2)
				continue;
			snprintf(hex, sizeof hex, "%02x%s", fan, de->d_name);
			if (git_oid_fromstr(&id, hex) < 0 ||
			    !cb_pack_has(whole, id.id))
				continue;
			path = xasprintf("%s/%s", sub, de->d_name);
			if (lstat(path, &sb) == 0)
				rep->bytes_before += (uint64_t)sb.st_size;
			if (unlink(path) == 0)
				rep->loose_removed++;
			free(path);
		}
		closedir(d);
		rmdir(sub);	/* only when empty, as git leaves it */
		free(sub);
	}
}

static enum cb_status
write_commit_graph(struct cb_store *st, struct cb_error *err)
{
	char *info = xasprintf("%s/objects/info", st->git_dir);
	git_commit_graph_writer *w = NULL;
	git_commit_graph_writer_options opts =
	    GIT_COMMIT_GRAPH_WRITER_OPTIONS_INIT;
	git_revwalk *walk = NULL;
	enum cb_status s = CB_OK;

	(void)mkdir(info, 0777);
	if (git_commit_graph_writer_new(&w, info) < 0 ||
	    git_revwalk_new(&walk, st->repo) < 0 ||
	    git_revwalk_push_glob(walk, "refs/*") < 0 ||
	    git_commit_graph_writer_add_revwalk(w, walk) < 0 ||
	    git_commit_graph_writer_commit(w, &opts) < 0)
		s = cb_git_error(err, "writing the commit-graph");
	git_revwalk_free(walk);
	git_commit_graph_writer_free(w);
	free(info);
	return s;
}

enum cb_status
cb_store_gc(struct cb_store *st, struct cb_gc_report *rep,
    struct cb_error *err)
{
	char *packdir = NULL, *objects = NULL, *name = NULL;
	struct cb_pack_info *packs = NULL, *after = NULL, *whole = NULL;
	size_t n = 0, nafter = 0;
	enum cb_status s;
	int fd = -1;

	memset(rep, 0, sizeof *rep);
	if (cb_store_readonly(st, NULL))
		return cb_store_readonly_error(st, err);
	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if ((s = cb_record_lock(st, &fd, err)) != CB_OK)
		return s;
	packdir = xasprintf("%s/objects/pack", st->git_dir);
	objects = xasprintf("%s/objects", st->git_dir);
	if ((s = cb_pack_scan(st, &packs, &n, err)) != CB_OK)
		goto out;
	rep->packs_before = n;
	rep->bytes_before = packs_bytes(packs, n);
	/* Read around damage, and verify every object read. */
	if ((s = cb_record_use_packs(st, packs, n, err)) != CB_OK)
		goto out;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	s = build_pack(st, packdir, &name, &rep->objects, err);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (s != CB_OK)
		goto out;
	if ((s = cb_pack_scan(st, &after, &nafter, err)) != CB_OK)
		goto out;
	for (size_t i = 0; i < nafter; i++) {
		const char *slash = strrchr(after[i].base, '/');

		if (slash != NULL && strcmp(slash + 1, name) == 0)
			whole = &after[i];
	}
	if (whole == NULL || whole->problem != NULL) {
		s = cb_fail(err, CB_ERR, _("%s/%s.pack: the new pack does not "
		    "verify (%s); nothing was removed"), packdir, name,
		    whole != NULL ? whole->problem : "missing");
		goto out;
	}
	/* git writing its multi-pack index takes a moment: wait for it. */
	for (int tries = 0; !cb_pack_removal_lock(packdir); tries++) {
		if (tries == 1000) {
			s = cb_fail(err, CB_ERR, _("%s/multi-pack-index.lock: "
			    "git has been writing its multi-pack index for "
			    "10 seconds; the new pack is in place, the old "
			    "ones are left for the next casebook gc"),
			    packdir);
			goto out;
		}
		usleep(10000);
	}
	for (size_t i = 0; i < nafter; i++) {
		struct cb_pack_info *p = &after[i];
		bool remove;

		if (p == whole)
			continue;
		if (p->ours && p->problem == NULL)
			remove = true;	/* reachable objects are all in whole */
		else if (p->ours || !p->kept)
			remove = contained(p, whole);
		else
			remove = false;	/* another program's kept pack */
		if (remove)
			cb_pack_remove(packdir, p->base);
		else if (p->problem != NULL)
			rep->damaged++;
	}
	cb_pack_removal_unlock(packdir);
	prune_packed(objects, whole, rep);
	/*
	 * A fresh object database for the commit-graph's walk: this one
	 * still looks for the loose objects just pruned (a sync's merge
	 * commits are loose), and libgit2's writer takes a walk that stops
	 * at an unreadable commit for the end of the history.
	 */
	git_repository_free(st->repo);
	st->repo = NULL;
	st->mempack = NULL;
	if ((s = cb_repo(st, err)) == CB_OK)
		s = write_commit_graph(st, err);
out:
	if (s == CB_OK) {
		struct cb_pack_info *fin;
		size_t nfin;

		if (cb_pack_scan(st, &fin, &nfin, err) == CB_OK) {
			rep->packs_after = nfin;
			rep->bytes_after = packs_bytes(fin, nfin);
			cb_pack_scan_free(fin, nfin);
		}
	}
	cb_record_unlock(fd);
	cb_pack_scan_free(packs, n);
	cb_pack_scan_free(after, nafter);
	free(name);
	free(packdir);
	free(objects);
	/* The next reader or writer of this store opens the packs afresh. */
	if (st->repo != NULL) {
		git_repository_free(st->repo);
		st->repo = NULL;
		st->mempack = NULL;
	}
	return s;
}

bool
cb_store_gc_due(struct cb_store *st, char *why, size_t len)
{
	struct cb_pack_info *packs;
	struct cb_error ignored = { 0 };
	size_t n, saves = 0;
	uint64_t bytes = 0;

	if (cb_pack_scan(st, &packs, &n, &ignored) != CB_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!packs[i].ours || !packs[i].gc) {
			saves++;
			bytes += (uint64_t)packs[i].size;
		}
	cb_pack_scan_free(packs, n);
	if (saves <= CB_GC_DUE_PACKS && bytes <= CB_GC_DUE_BYTES)
		return false;
	snprintf(why, len, _("maintenance is due: %zu packs of %llu KB not "
	    "folded by casebook gc; run 'casebook gc'"), saves,
	    (unsigned long long)(bytes / 1024));
	return true;
}
