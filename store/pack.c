/*
 * Packs: how a change's objects reach the disk, and how the packs are
 * kept few.
 *
 * A durable loose object costs a file and a folder to fsync, and a note
 * writes eight of them.  Instead the objects of a change are written to
 * libgit2's in-memory backend (record.c) and published as one pack with
 * its index: the pack, the index and their folder, whatever the number
 * of objects.  casebook writes these packs itself, objects stored without
 * compression or deltas: libgit2's pack builder searched for deltas,
 * deflated, then had its indexer inflate and hash everything again, for
 * a handful of objects we hold in memory.
 *
 * One pack per save would leave thousands of packs, and every lookup
 * asks each of them, so small packs are merged.  The pack builder would
 * do that by searching for deltas and compressing again, which made one
 * save in fifty wait 60 ms and left long delta chains for readers
 * (doc/design.md); git_indexer alone still inflates and hashes every
 * object, 10 ms a megabyte.  Here a merge only concatenates: the entries
 * of the small packs are copied byte for byte into one new pack, and its
 * index is made from the small packs' indexes (ids and CRCs) and the new
 * offsets.  Nothing is inflated or deflated and no delta chain grows
 * longer than it was in its pack; what a merge costs is reading, one
 * SHA-1 over the bytes, and writing.
 */
#include "store/store-int.h"

#include "core/sha1.h"
#include "core/nls.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * What casebook writes in the .keep file of each pack it makes: git
 * never repacks or removes a kept pack, and casebook merges and removes
 * only packs whose .keep says this (see mark_of).
 */
#define CB_KEEP_MARK "casebook: merged and removed by casebook only\n"
/* The same for the one pack "casebook gc" makes: never merged by saves. */
#define CB_KEEP_GC "casebook gc: removed by casebook gc only\n"
/*
 * A pack merged into another is retired, not removed at once: a reader
 * (another process) may have read its index a moment ago and not yet
 * opened the pack, and libgit2 looks again only once.  Retired packs
 * are removed by a later merge CB_RETIRE_SECONDS after retirement.
 */
#define CB_KEEP_RETIRED "casebook: merged into another pack, to remove\n"
#define CB_RETIRE_SECONDS 0

/* Object types in a pack entry's header (Documentation/gitformat-pack). */
#define PACK_OFS_DELTA	6
#define PACK_REF_DELTA	7

/* --- merging by concatenation ---------------------------------------------- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* One entry of a source pack: where it starts, and its id in the index. */
struct entry {
	uint64_t off;
	const unsigned char *id;	/* GIT_OID_RAWSZ bytes in the index */
	uint32_t crc;			/* CRC-32 of the entry's bytes */
};

/* A small pack being merged, both files read whole. */
struct source {
	char *base;			/* path without ".pack" / ".idx" */
	off_t size;			/* of the .pack, for choosing */
	unsigned char *pack, *idx;
	size_t pack_len, idx_len;
	struct entry *ents;		/* sorted by offset */
	uint32_t n;
};

static int
source_size_cmp(const void *a, const void *b)
{
	const struct source *sa = a, *sb = b;

	return sa->size < sb->size ? -1 : sa->size > sb->size;
}

static int
entry_off_cmp(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;

	return ea->off < eb->off ? -1 : ea->off > eb->off;
}

/* Reads a whole file into a new buffer; false (errno set) on failure. */
static bool
slurp(const char *path, unsigned char **out, size_t *len)
{
	struct stat sb;
	unsigned char *buf;
	size_t got = 0;
	/* A pack is a regular file: never a link, a FIFO or a device. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return false;
	if (fstat(fd, &sb) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return false;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return false;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* shrank under us */
			free(buf);
			close(fd);
			return false;
		}
		got += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = got;
	return true;
}

/* CRC-32 as zlib computes it (reflected, polynomial 0xedb88320). */
static uint32_t
crc32_update(uint32_t crc, const unsigned char *p, size_t len)
{
	static uint32_t table[256];

	if (table[1] == 0) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int j = 0; j < 8; j++)
				c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	while (len-- > 0)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/*
 * Whether a loaded source is whole: the pack's trailer is the SHA-1 of
 * its bytes, the index names that trailer and ends with its own SHA-1,
 * and every entry's bytes have the CRC-32 the index gives them.  A merge
 * copies entries byte for byte, so a source that fails any of these is
 * never copied (its damage would get a fresh, valid checksum) nor
 * removed: it stays for "casebook check" to report.
 */
static bool
source_verify(const struct source *src)
{
	unsigned char sum[CB_SHA1_LEN];
	struct cb_sha1 sha;
	size_t body = src->pack_len - GIT_OID_RAWSZ;

	cb_sha1_init(&sha);
	cb_sha1_update(&sha, src->pack, body);
	cb_sha1_final(&sha, sum);
	if (memcmp(sum, src->pack + body, CB_SHA1_LEN) != 0 ||
	    memcmp(sum, src->idx + src->idx_len - 2 * GIT_OID_RAWSZ,
	    CB_SHA1_LEN) != 0)
		return false;
	cb_sha1_init(&sha);
	cb_sha1_update(&sha, src->idx, src->idx_len - GIT_OID_RAWSZ);
	cb_sha1_final(&sha, sum);
	if (memcmp(sum, src->idx + src->idx_len - GIT_OID_RAWSZ,
	    CB_SHA1_LEN) != 0)
		return false;
	for (uint32_t i = 0; i < src->n; i++) {
		uint64_t end = i + 1 < src->n ? src->ents[i + 1].off : body;

		if (crc32_update(0, src->pack + src->ents[i].off,
		    (size_t)(end - src->ents[i].off)) != src->ents[i].crc)
			return false;
	}
	return true;
}

/*
 * Reads a source pack and its index (version 2), and lists its entries
 * in pack order.  Index layout: magic and version, 256 fan-out counts,
 * the ids, their CRCs, 4-byte offsets (high bit set: an index into the
 * table of 8-byte offsets that follows, for packs past 2 GB), then the
 * pack's and the index's checksums.
 */
static enum cb_status
source_load(struct source *src, struct cb_error *err)
{
	char *path = xasprintf("%s.idx", src->base);
	const unsigned char *ids, *crcs, *offs, *large;
	size_t nlarge, need;
	enum cb_status s = CB_OK;

	if (!slurp(path, &src->idx, &src->idx_len)) {
		s = cb_fail(err, CB_ERR, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (src->idx_len < 8 + 256 * 4 ||
	    memcmp(src->idx, "\377tOc\0\0\0\2", 8) != 0)
		goto bad;
	/* The fan-out counts never decrease; the last is the count. */
	for (int i = 1; i < 256; i++)
		if (be32(src->idx + 8 + 4 * i) < be32(src->idx + 8 + 4 * (i - 1)))
			goto bad;
	src->n = be32(src->idx + 8 + 255 * 4);
	need = 8 + 256 * 4 + (size_t)src->n * (GIT_OID_RAWSZ + 8) +
	    2 * GIT_OID_RAWSZ;
	if (src->idx_len < need)
		goto bad;
	ids = src->idx + 8 + 256 * 4;
	crcs = ids + (size_t)src->n * GIT_OID_RAWSZ;
	offs = crcs + (size_t)src->n * 4;
	large = offs + (size_t)src->n * 4;
	nlarge = (src->idx_len - need) / 8;

	free(path);
	path = xasprintf("%s.pack", src->base);
	if (!slurp(path, &src->pack, &src->pack_len)) {
		s = cb_fail(err, CB_ERR, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (src->pack_len < 12 + GIT_OID_RAWSZ ||
	    memcmp(src->pack, "PACK\0\0\0\2", 8) != 0 ||
	    be32(src->pack + 8) != src->n)
		goto bad;
	src->ents = xcalloc(src->n > 0 ? src->n : 1, sizeof *src->ents);
	for (uint32_t i = 0; i < src->n; i++) {
		uint32_t o = be32(offs + 4 * (size_t)i);
		uint64_t off = o;

		if (o & 0x80000000) {
			o &= 0x7fffffff;
			if (o >= nlarge)
				goto bad;
			off = (uint64_t)be32(large + 8 * (size_t)o) << 32 |
			    be32(large + 8 * (size_t)o + 4);
		}
		if (off < 12 || off >= src->pack_len - GIT_OID_RAWSZ)
			goto bad;
		src->ents[i].off = off;
		src->ents[i].id = ids + (size_t)i * GIT_OID_RAWSZ;
		src->ents[i].crc = be32(crcs + 4 * (size_t)i);
	}
	qsort(src->ents, src->n, sizeof *src->ents, entry_off_cmp);
	for (uint32_t i = 1; i < src->n; i++)
		if (src->ents[i].off == src->ents[i - 1].off)
			goto bad;
	if (!source_verify(src)) {
		s = cb_fail(err, CB_ERR, _("%s: damaged (its checksums do not "
		    "match its bytes)"), path);
		goto out;
	}
	goto out;
bad:
	s = cb_fail(err, CB_ERR, _("%s: malformed (its layout is not that of "
	    "a Git pack and index)"), path);
out:
	free(path);
	return s;
}

static void
source_free(struct source *src)
{
	free(src->base);
	free(src->pack);
	free(src->idx);
	free(src->ents);
}

/*
 * The ids already copied, so that an object in two small packs (a file
 * set back to an earlier content) is written once: git_indexer refuses
 * a pack with a duplicate.  Open addressing on the id's first bytes,
 * which are uniformly distributed; the table is sized for all entries.
 */
struct idset {
	const unsigned char **slot;
	size_t mask;
};

static void
idset_init(struct idset *set, size_t n)
{
	for (set->mask = 15; set->mask < 2 * n; set->mask = set->mask * 2 + 1)
		;
	set->slot = xcalloc(set->mask + 1, sizeof *set->slot);
}

/* Adds id; false when it was already there. */
static bool
idset_add(struct idset *set, const unsigned char *id)
{
	size_t i = be32(id) & set->mask;

	while (set->slot[i] != NULL) {
		if (memcmp(set->slot[i], id, GIT_OID_RAWSZ) == 0)
			return false;
		i = (i + 1) & set->mask;
	}
	set->slot[i] = id;
	return true;
}

/* The id of the entry at off in src, or NULL. */
static const unsigned char *
entry_at(const struct source *src, uint64_t off)
{
	struct entry key = { off, NULL, 0 }, *e;

	e = bsearch(&key, src->ents, src->n, sizeof *src->ents,
	    entry_off_cmp);
	return e != NULL ? e->id : NULL;
}

/*
 * Appends src's entries to out, except those already in seen, and lists
 * each one written in outs[*count] with its new offset.  An entry runs
 * from its offset to the next one's; the last ends at the pack's
 * checksum.  Entries are copied as they are, CRC and all, with one
 * exception: a delta naming its base by offset (OFS_DELTA) would point
 * at the wrong place once entries before it are dropped as duplicates,
 * so it becomes a delta naming its base by id (REF_DELTA) with the same
 * compressed data.  libgit2's pack builder writes only REF_DELTA, so this
 * is for packs "git gc" left; the base is either copied from this pack
 * or was copied earlier, as the same object.
 */
static enum cb_status
source_append(struct source *src, struct idset *seen, struct cb_buf *out,
    struct entry *outs, uint32_t *count, struct cb_error *err)
{
	uint32_t i;

	for (i = 0; i < src->n; i++) {
		const unsigned char *p = src->pack + src->ents[i].off;
		uint64_t end = i + 1 < src->n ? src->ents[i + 1].off :
		    src->pack_len - GIT_OID_RAWSZ;
		size_t len = (size_t)(end - src->ents[i].off), h = 1;
		int type = (p[0] >> 4) & 7;
		struct entry *o = &outs[*count];

		if (!idset_add(seen, src->ents[i].id))
			continue;
		/* The header: type and size, 7 bits a byte while the top is set. */
		while (h < len && (p[h - 1] & 0x80))
			h++;
		if (h >= len || type == 0 || type == 5)
			goto bad;
		o->id = src->ents[i].id;
		o->off = out->len;
		o->crc = src->ents[i].crc;
		if (type == PACK_OFS_DELTA) {
			const unsigned char *base;
			unsigned char first;
			uint64_t ofs;
			unsigned char c;
			size_t d = h;

			/* Base distance: big-endian, plus one per extra byte. */
			c = p[d++];
			ofs = c & 0x7f;
			while ((c & 0x80) && d < len) {
				c = p[d++];
				ofs = ((ofs + 1) << 7) | (c & 0x7f);
			}
			if (d >= len || ofs == 0 || ofs > src->ents[i].off ||
			    (base = entry_at(src, src->ents[i].off - ofs)) ==
			    NULL)
				goto bad;
			first = (unsigned char)((p[0] & 0x8f) |
			    PACK_REF_DELTA << 4);
			cb_buf_addc(out, (char)first);
			cb_buf_add(out, p + 1, h - 1);
			cb_buf_add(out, base, GIT_OID_RAWSZ);
			cb_buf_add(out, p + d, len - d);
			o->crc = crc32_update(0, (const unsigned char *)out->data +
			    o->off, out->len - o->off);
		} else {
			cb_buf_add(out, p, len);
		}
		(*count)++;
	}
	return CB_OK;
bad:
	return cb_fail(err, CB_ERR, _("%s.pack: entry at %llu is damaged"),
	    src->base, (unsigned long long)src->ents[i].off);
}

static int
entry_id_cmp(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;

	return memcmp(ea->id, eb->id, GIT_OID_RAWSZ);
}

static void
put32(struct cb_buf *b, uint32_t v)
{
	unsigned char p[4] = { v >> 24, v >> 16, v >> 8, v };

	cb_buf_add(b, p, 4);
}

/*
 * The index (version 2) of a pack whose entries are ents, sorted here by
 * id: what git_indexer would write, but made from what the source
 * indexes already say (ids, CRCs) and the new offsets, without inflating
 * and hashing every object again, which was most of a merge's time.
 */
static void
make_index(struct cb_buf *idx, struct entry *ents, uint32_t n,
    const unsigned char pack_sum[CB_SHA1_LEN])
{
	struct cb_sha1 sha;
	unsigned char sum[CB_SHA1_LEN];
	uint32_t fan = 0, nlarge = 0;

	qsort(ents, n, sizeof *ents, entry_id_cmp);
	cb_buf_add(idx, "\377tOc\0\0\0\2", 8);
	for (int byte = 0; byte < 256; byte++) {
		while (fan < n && ents[fan].id[0] == byte)
			fan++;
		put32(idx, fan);
	}
	for (uint32_t i = 0; i < n; i++)
		cb_buf_add(idx, ents[i].id, GIT_OID_RAWSZ);
	for (uint32_t i = 0; i < n; i++)
		put32(idx, ents[i].crc);
	/* Offsets past 2 GB go to a table of 8-byte ones. */
	for (uint32_t i = 0; i < n; i++)
		put32(idx, ents[i].off < 0x80000000 ? (uint32_t)ents[i].off :
		    0x80000000 | nlarge++);
	for (uint32_t i = 0; i < n; i++)
		if (ents[i].off >= 0x80000000) {
			put32(idx, (uint32_t)(ents[i].off >> 32));
			put32(idx, (uint32_t)ents[i].off);
		}
	cb_buf_add(idx, pack_sum, CB_SHA1_LEN);
	cb_sha1_init(&sha);
	cb_sha1_update(&sha, idx->data, idx->len);
	cb_sha1_final(&sha, sum);
	cb_buf_add(idx, sum, sizeof sum);
}

/*
 * Writes data as dir/name durably: a temporary file in dir, written,
 * made read-only as Git's packs are (within the umask, which a team
 * store sets so that the group can read and others cannot), fsynced,
 * then renamed into place.
 */
static enum cb_status
write_file(const char *dir, const char *name, const char *data, size_t len,
    bool durable, struct cb_error *err)
{
	char *tmp = xasprintf("%s/cb-tmp-XXXXXX", dir);
	char *path = xasprintf("%s/%s", dir, name);
	enum cb_status s = CB_OK;
	size_t done = 0;
	mode_t mask = umask(0);
	int fd, rc;

	umask(mask);
	fd = mkostemp(tmp, O_CLOEXEC);

	if (fd < 0) {
		s = cb_os_error(err, errno, tmp);
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		done += (size_t)n;
	}
	rc = done < len || fchmod(fd, 0444 & ~mask) < 0 ||
	    (durable && fsync(fd) < 0) ? -1 : 0;
	if (close(fd) < 0 || rc < 0 || rename(tmp, path) < 0) {
		s = cb_os_error(err, errno, path);
		unlink(tmp);
	}
out:
	free(tmp);
	free(path);
	return s;
}

enum cb_status
cb_write_durable(const char *dir, const char *name, const char *data,
    size_t len, struct cb_error *err)
{
	return write_file(dir, name, data, len, true, err);
}

/*
 * Finishes a pack whose entries are in out (after the 12-byte header,
 * the count patched in here) and listed in ents, and writes its .keep
 * mark, the pack and its index into dir, each fsynced, then the folder.
 * The index goes last: a reader looks for indexes, so it never finds
 * one without its pack.
 * Sets *name to the new pack's name ("pack-<hash>" without extension;
 * the caller frees it).
 */
static enum cb_status
pack_publish(const char *dir, struct cb_buf *out, struct entry *ents,
    uint32_t count, char **name, struct cb_error *err)
{
	struct cb_buf idx = { 0 };
	struct cb_sha1 sha;
	unsigned char sum[CB_SHA1_LEN];
	char hex[2 * CB_SHA1_LEN + 1], *fname;
	enum cb_status s;
	int fd;

	out->data[8] = (char)(count >> 24);
	out->data[9] = (char)(count >> 16);
	out->data[10] = (char)(count >> 8);
	out->data[11] = (char)count;
	cb_sha1_init(&sha);
	cb_sha1_update(&sha, out->data, out->len);
	cb_sha1_final(&sha, sum);
	cb_buf_add(out, sum, sizeof sum);
	make_index(&idx, ents, count, sum);

	for (int i = 0; i < CB_SHA1_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	*name = xasprintf("pack-%s", hex);
	/*
	 * git repack lists packs by their .pack files and deletes every
	 * one it saw without a .keep: the mark goes first.  It need not be
	 * durable: after a crash that lost it the pack is simply git's.
	 */
	fname = xasprintf("%s.keep", *name);
	s = write_file(dir, fname, CB_KEEP_MARK, sizeof CB_KEEP_MARK - 1,
	    false, err);
	free(fname);
	fname = xasprintf("%s.pack", *name);
	if (s == CB_OK)
		s = cb_write_durable(dir, fname, out->data, out->len, err);
	free(fname);
	fname = xasprintf("%s.idx", *name);
	if (s == CB_OK)
		s = cb_write_durable(dir, fname, idx.data, idx.len, err);
	free(fname);
	if (s == CB_OK) {
		if ((fd = open(dir, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) < 0)
			s = cb_fail(err, CB_ERR, "%s: %s", dir,
			    strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	cb_buf_free(&idx);
	return s;
}

/* Concatenates the sources into one pack in dir; see pack_publish. */
static enum cb_status
concat_packs(const char *dir, struct source *srcs, size_t k, char **name,
    struct cb_error *err)
{
	struct cb_buf out = { 0 };
	struct idset seen;
	struct entry *outs;
	size_t total = 0;
	uint32_t count = 0;
	enum cb_status s = CB_OK;

	for (size_t i = 0; i < k; i++)
		total += srcs[i].n;
	idset_init(&seen, total);
	outs = xcalloc(total > 0 ? total : 1, sizeof *outs);

	/* The header: signature, version 2, the count patched in later. */
	cb_buf_add(&out, "PACK\0\0\0\2\0\0\0\0", 12);
	for (size_t i = 0; i < k && s == CB_OK; i++)
		s = source_append(&srcs[i], &seen, &out, outs, &count, err);
	if (s == CB_OK)
		s = pack_publish(dir, &out, outs, count, name, err);
	free(outs);
	free(seen.slot);
	cb_buf_free(&out);
	return s;
}

/*
 * Packs of CB_MERGE_MAX / 2 bytes or more are full: a merge never takes
 * them, so that no save waits on a large rewrite; they are left for
 * "git gc" from cron.  Past CB_MAX_PACKS packs that are not full, the
 * smallest are merged, as many as keep the rest a geometric progression
 * (each pack at least twice the size of all smaller ones together, the
 * idea of git repack --geometric, but from the small end so that a merge
 * stays small): the number of such packs stays logarithmic and each
 * object is copied a logarithmic number of times before its pack is
 * full.  A merge takes at most CB_MERGE_MAX bytes of packs.
 */
#define CB_MAX_PACKS 16
#define CB_MERGE_MAX (4 << 20)	/* bytes of packs merged at most at once */

/*
 * Which of casebook's marks base's .keep file holds (base: a path
 * without extension): CB_KEEP_MARK, CB_KEEP_GC, or none for a pack that
 * is not casebook's.  git gc and git repack never touch a kept pack, so
 * casebook's packs are casebook's alone to merge and remove; every
 * other pack is git's, and saves never remove it.
 */
enum mark { MARK_NONE, MARK_SAVE, MARK_GC, MARK_RETIRED };

static enum mark
mark_of(const char *base)
{
	char *path = xasprintf("%s.keep", base);
	char buf[64];
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd >= 0) {
		n = read(fd, buf, sizeof buf);
		close(fd);
	}
	free(path);
	if (n == (ssize_t)sizeof CB_KEEP_MARK - 1 &&
	    memcmp(buf, CB_KEEP_MARK, (size_t)n) == 0)
		return MARK_SAVE;
	if (n == (ssize_t)sizeof CB_KEEP_GC - 1 &&
	    memcmp(buf, CB_KEEP_GC, (size_t)n) == 0)
		return MARK_GC;
	if (n == (ssize_t)sizeof CB_KEEP_RETIRED - 1 &&
	    memcmp(buf, CB_KEEP_RETIRED, (size_t)n) == 0)
		return MARK_RETIRED;
	return MARK_NONE;
}

static bool
exists(const char *base, const char *ext)
{
	char *path = xasprintf("%s%s", base, ext);
	struct stat sb;
	bool yes = lstat(path, &sb) == 0;

	free(path);
	return yes;
}

/*
 * Removing packs takes git's own lock on the multi-pack index,
 * multi-pack-index.lock, made with O_EXCL as git makes it: a
 * "git multi-pack-index write" running meanwhile would list a pack that
 * is then removed, and git trusts its multi-pack index (reads failed
 * with "unable to read tree").  While casebook holds the lock, git's
 * write fails at once and writes nothing; when git holds it, casebook
 * removes nothing and tries again later.  The lock file names casebook
 * and its pid, so a lock left by a killed casebook is recognised (under
 * the store lock, by a pid that no longer runs) and removed.
 */
bool
cb_pack_removal_lock(const char *dir)
{
	char *path = xasprintf("%s/multi-pack-index.lock", dir);
	char buf[64];
	bool got = false;

	for (int tries = 0; tries < 2 && !got; tries++) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0444);
		long pid;
		ssize_t n;

		if (fd >= 0) {
			int len = snprintf(buf, sizeof buf, "casebook %ld\n",
			    (long)getpid());

			(void)!write(fd, buf, (size_t)len);
			close(fd);
			got = true;
			break;
		}
		if (errno != EEXIST || (fd = open(path, O_RDONLY |
		    O_CLOEXEC | O_NOFOLLOW)) < 0)
			break;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		/* git's lock, or a live casebook's: leave it. */
		if (sscanf(buf, "casebook %ld", &pid) != 1 || pid <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			break;
		unlink(path);
	}
	free(path);
	return got;
}

void
cb_pack_removal_unlock(const char *dir)
{
	char *path = xasprintf("%s/multi-pack-index.lock", dir);

	unlink(path);
	free(path);
}

/*
 * git's multi-pack index names its packs (their .idx) in its PNAM chunk
 * (Documentation/gitformat-pack, "multi-pack-index files").  One that
 * names a pack no longer there was written by a "git multi-pack-index
 * write" that listed the packs before a removal and took its lock after
 * it: git still reads every object (cb_pack_merge sees to it), but git
 * fsck reports the missing packs, and git's next write keeps naming
 * them.  So it is removed, as git repack -d removes it (git reads the
 * packs without one), under the removal lock; a malformed one is left
 * to git.
 */
void
cb_pack_midx_heal(struct cb_store *st)
{
	char *dir = xasprintf("%s/objects/pack", st->git_dir);
	char *path = xasprintf("%s/multi-pack-index", dir);
	unsigned char *d = NULL;
	size_t len = 0;
	bool stale = false;

	if (slurp(path, &d, &len) && len >= 12 && memcmp(d, "MIDX", 4) == 0 &&
	    d[4] == 1) {
		size_t chunks = d[6], from = 0, to = 0;
		uint32_t npacks = be32(d + 8);

		for (size_t i = 0; i < chunks && 12 + 12 * (i + 2) <= len;
		    i++) {
			const unsigned char *c = d + 12 + 12 * i;

			if (be32(c) != 0x504e414d)	/* "PNAM" */
				continue;
			from = (size_t)be32(c + 8);	/* offsets < 4 GB */
			to = (size_t)be32(c + 12 + 8);
			if (be32(c + 4) != 0 || be32(c + 12 + 4) != 0)
				from = to = 0;
		}
		for (uint32_t k = 0; k < npacks && from < to && to <= len;
		    k++) {
			const char *name = (const char *)d + from;
			size_t n = strnlen(name, to - from);
			char *idx;

			if (n == to - from || n == 0)
				break;
			idx = xasprintf("%s/%.*s", dir, (int)n, name);
			stale = access(idx, F_OK) != 0 && errno == ENOENT;
			free(idx);
			if (stale)
				break;
			from += n + 1;
		}
	}
	if (stale && cb_pack_removal_lock(dir)) {
		unlink(path);
		cb_pack_removal_unlock(dir);
	}
	free(d);
	free(path);
	free(dir);
}

/*
 * Removes one of casebook's packs, under cb_pack_removal_lock: the
 * multi-pack index first if there is one (it may list the pack; git
 * repack -d does the same), then the index, so that no reader finds an
 * index without its pack, then the pack and what git may have left
 * beside it, and the .keep last: a pack killed half way through removal
 * is still ours, and is removed again.
 */
void
cb_pack_remove(const char *dir, const char *base)
{
	static const char *const exts[] = {
		".idx", ".pack", ".rev", ".bitmap", ".keep"
	};
	char *midx = xasprintf("%s/multi-pack-index", dir);

	unlink(midx);
	free(midx);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		char *path = xasprintf("%s%s", base, exts[i]);

		unlink(path);
		free(path);
	}
}

/*
 * Lists casebook's own whole packs in dir (pack, index and mark); *n of
 * them, to free with source_free.  Runs under the store lock, where
 * every casebook writer makes and removes its files, so what a killed
 * one left is recognised and cleaned here: its temporary files, and a
 * pack of its own without an index (written, never published, or half
 * removed).  Anything else, git's packs and git's temporary files
 * included, is left alone.
 */
static struct source *
list_packs(const char *dir, size_t *n)
{
	struct source *packs = NULL;
	char **gone = NULL;
	size_t ngone = 0;
	struct dirent *de;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat sb;
		char *path, *base;
		enum mark mark;

		if (strncmp(de->d_name, "cb-tmp-", 7) == 0) {
			path = xasprintf("%s/%s", dir, de->d_name);
			unlink(path);
			free(path);
			continue;
		}
		if (len < 6 || strcmp(de->d_name + len - 5, ".keep") != 0)
			continue;
		base = xasprintf("%s/%.*s", dir, (int)(len - 5), de->d_name);
		mark = mark_of(base);
		if (mark == MARK_RETIRED) {
			struct stat ksb;
			char *keep = xasprintf("%s.keep", base);

			bool old = lstat(keep, &ksb) == 0 &&
			    time(NULL) - ksb.st_mtime >= CB_RETIRE_SECONDS;

			free(keep);
			if (old) {
				gone = xrealloc(gone, (ngone + 1) * sizeof *gone);
				gone[ngone++] = base;
			} else
				free(base);
			continue;
		}
		if (mark != MARK_SAVE) {
			free(base);
			continue;
		}
		path = xasprintf("%s.pack", base);
		if (!exists(base, ".idx") || lstat(path, &sb) < 0 ||
		    !S_ISREG(sb.st_mode)) {
			gone = xrealloc(gone, (ngone + 1) * sizeof *gone);
			gone[ngone++] = base;
			free(path);
			continue;
		}
		packs = xrealloc(packs, (*n + 1) * sizeof *packs);
		memset(&packs[*n], 0, sizeof *packs);
		packs[*n].base = base;
		packs[*n].size = sb.st_size;
		(*n)++;
		free(path);
	}
	closedir(d);
	if (ngone > 0 && cb_pack_removal_lock(dir)) {
		for (size_t i = 0; i < ngone; i++)
			cb_pack_remove(dir, gone[i]);
		cb_pack_removal_unlock(dir);
	}
	for (size_t i = 0; i < ngone; i++)
		free(gone[i]);
	free(gone);
	return packs;
}

/*
 * Sets the mtime of base's .pack to secs seconds ago, unless it is older
 * already (secs 0: to now, whatever it was).
 */
static void
age_pack(const char *base, time_t secs)
{
	char *path = xasprintf("%s.pack", base);
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	struct stat sb;
	time_t now = time(NULL);

	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (secs == 0 || sb.st_mtime > now - secs)) {
		times[1].tv_sec = now - secs;
		(void)utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW);
	}
	free(path);
}

enum cb_status
cb_pack_merge(struct cb_store *st, bool *merged, struct cb_error *err)
{
	char *dir = xasprintf("%s/objects/pack", st->git_dir), *name = NULL;
	struct source *packs;
	size_t n, nopen, k;
	enum cb_status s = CB_OK;
	off_t sum;

	*merged = false;
	packs = list_packs(dir, &n);
	if (n <= CB_MAX_PACKS)
		goto out;
	/* Sorted by size, the packs that are not full come first. */
	qsort(packs, n, sizeof *packs, source_size_cmp);
	for (nopen = 0; nopen < n && packs[nopen].size < CB_MERGE_MAX / 2;
	    nopen++)
		;
	if (nopen <= CB_MAX_PACKS)
		goto out;
	/*
	 * The two smallest, then on while the next pack is smaller than
	 * twice what is being merged: what stays is a progression where
	 * each pack is at least twice all smaller ones together.
	 */
	sum = packs[0].size + packs[1].size;
	for (k = 2; k < nopen && packs[k].size < 2 * sum &&
	    sum + packs[k].size <= CB_MERGE_MAX; k++)
		sum += packs[k].size;
	/*
	 * A source that cannot be read whole and verified is left out of
	 * the merge and left where it is.
	 */
	for (size_t i = 0; i < k; i++) {
		struct cb_error ignored = { 0 };

		if (source_load(&packs[i], &ignored) == CB_OK)
			continue;
		source_free(&packs[i]);
		memmove(&packs[i], &packs[i + 1], (n - i - 1) * sizeof *packs);
		n--;
		k--;
		i--;
	}
	if (k < 2)
		goto out;
	/*
	 * git's multi-pack index takes each object from the newest pack
	 * that holds it, newest by the .pack's mtime, in seconds.  A
	 * "git multi-pack-index write" lists the packs before it takes its
	 * lock, so one that saw the sources beside the merged pack can
	 * write its index after they are removed: had it taken an object
	 * from a source (the same second: a tie), git could no longer read
	 * that object ("unable to read tree"), though the merged pack holds
	 * it.  The sources are made an hour older first, and the merged
	 * pack is made now, so that git always takes the merged pack's.
	 */
	for (size_t i = 0; i < k; i++)
		age_pack(packs[i].base, 3600);
	s = concat_packs(dir, packs, k, &name, err);
	if (s == CB_OK) {
		char *base = xasprintf("%s/%s", dir, name);

		age_pack(base, 0);
		free(base);
	}
	/*
	 * The merged pack is durable: the small ones are retired, and go
	 * a little later (see CB_KEEP_RETIRED).  A small pack whose objects
	 * were all in the others can come out as the very same pack, and
	 * stays.
	 */
	for (size_t i = 0; i < k && s == CB_OK; i++) {
		const char *slash = strrchr(packs[i].base, '/');

		struct cb_error ignored = { 0 };
		char *keep;

		if (slash == NULL || strcmp(slash + 1, name) == 0)
			continue;
		keep = xasprintf("%s.keep", slash + 1);
		(void)cb_write_durable(dir, keep, CB_KEEP_RETIRED,
		    sizeof CB_KEEP_RETIRED - 1, &ignored);
		free(keep);
	}
	*merged = s == CB_OK;
out:
	for (size_t i = 0; i < n; i++)
		source_free(&packs[i]);
	free(packs);
	free(name);
	free(dir);
	return s;
}

/* --- a change's own pack ----------------------------------------------------- */

/*
 * Appends data as a zlib stream of stored (uncompressed) deflate blocks
 * (RFC 1950, RFC 1951 section 3.2.4).  A change's objects are a few
 * kilobytes, mostly trees whose 20-byte ids do not compress; storing
 * them costs little room and spares the save the deflate, and every
 * later read the inflate.
 */
static void
add_stored_zlib(struct cb_buf *out, const unsigned char *data, size_t len)
{
	uint32_t a = 1, b = 0;
	size_t done = 0;

	cb_buf_add(out, "\x78\x01", 2);		/* deflate, 32K window, no dictionary */
	do {
		size_t n = len - done > 65535 ? 65535 : len - done;
		unsigned char h[5] = { done + n == len, n & 0xff, n >> 8,
		    ~n & 0xff, (~n >> 8) & 0xff };

		cb_buf_add(out, h, sizeof h);
		cb_buf_add(out, data + done, n);
		done += n;
	} while (done < len);
	/* Adler-32, the sums reduced before they can overflow. */
	for (size_t i = 0; i < len; ) {
		size_t end = i + 5552 < len ? i + 5552 : len;

		for (; i < end; i++) {
			a += data[i];
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	put32(out, b << 16 | a);
}

/* Appends the object id to the pack in out, once; lists it in ents. */
static enum cb_status
add_object(git_odb *odb, const git_oid *id, struct idset *seen,
    struct cb_buf *out, struct entry *ents, uint32_t *count,
    struct cb_error *err)
{
	git_odb_object *obj;
	unsigned char h[10];
	size_t size, n = 0;
	struct entry *e = &ents[*count];

	if (!idset_add(seen, id->id))
		return CB_OK;
	if (git_odb_read(&obj, odb, id) < 0)
		return cb_git_error(err, "writing the pack");
	/* Type and size: 4 bits of size in the first byte, then 7 a byte. */
	size = git_odb_object_size(obj);
	h[n++] = (unsigned char)(git_odb_object_type(obj) << 4 | (size & 0x0f));
	for (size >>= 4; size > 0; size >>= 7) {
		h[n - 1] |= 0x80;
		h[n++] = size & 0x7f;
	}
	e->id = id->id;
	e->off = out->len;
	cb_buf_add(out, h, n);
	add_stored_zlib(out, git_odb_object_data(obj),
	    git_odb_object_size(obj));
	e->crc = crc32_update(0, (const unsigned char *)out->data + e->off,
	    out->len - e->off);
	git_odb_object_free(obj);
	(*count)++;
	return CB_OK;
}

enum cb_status
cb_pack_write(struct cb_store *st, const git_oid *commit_id,
    const struct cb_commit_plan *plan, struct cb_error *err)
{
	char *dir = xasprintf("%s/objects/pack", st->git_dir), *name = NULL;
	/* The commit, the root, each blob and up to 8 folders above it. */
	git_oid ids[2 + CB_MAX_UPDATES * 9];
	struct entry ents[2 + CB_MAX_UPDATES * 9];
	struct cb_buf out = { 0 };
	struct idset seen = { 0 };
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_odb *odb = NULL;
	size_t nids = 0;
	uint32_t count = 0;
	enum cb_status s = CB_OK;

	if (git_repository_odb(&odb, st->repo) < 0 ||
	    git_commit_lookup(&commit, st->repo, commit_id) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		s = cb_git_error(err, "writing the pack");
		goto out;
	}
	ids[nids++] = *commit_id;
	ids[nids++] = *git_tree_id(root);
	for (size_t i = 0; i < plan->n && s == CB_OK; i++) {
		char *path = xstrdup(plan->updates[i].path), *slash = path;

		ids[nids++] = plan->updates[i].id;
		/* Each folder above the file: "a", "a/b", ... of "a/b/c". */
		while (s == CB_OK && (slash = strchr(slash + 1, '/')) != NULL) {
			git_tree_entry *e;

			if (nids == sizeof ids / sizeof ids[0])
				fatal("cb_pack_write: path too deep: %s",
				    plan->updates[i].path);
			*slash = '\0';
			if (git_tree_entry_bypath(&e, root, path) < 0) {
				s = cb_git_error(err, path);
			} else {
				ids[nids++] = *git_tree_entry_id(e);
				git_tree_entry_free(e);
			}
			*slash = '/';
		}
		free(path);
	}
	idset_init(&seen, nids);
	cb_buf_add(&out, "PACK\0\0\0\2\0\0\0\0", 12);
	for (size_t i = 0; i < nids && s == CB_OK; i++)
		s = add_object(odb, &ids[i], &seen, &out, ents, &count, err);
	if (s == CB_OK)
		s = pack_publish(dir, &out, ents, count, &name, err);
out:
	free(seen.slot);
	cb_buf_free(&out);
	git_tree_free(root);
	git_commit_free(commit);
	git_odb_free(odb);
	free(name);
	free(dir);
	return s;
}

/* --- every pack, for check and gc --------------------------------------------- */

static int
id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_RAWSZ);
}

bool
cb_pack_has(const struct cb_pack_info *p, const unsigned char *id)
{
	return p->n > 0 && bsearch(id, p->ids, p->n, GIT_OID_RAWSZ,
	    id_cmp) != NULL;
}

enum cb_status
cb_pack_scan(struct cb_store *st, struct cb_pack_info **out, size_t *n,
    struct cb_error *err)
{
	char *dir = xasprintf("%s/objects/pack", st->git_dir);
	struct cb_pack_info *packs = NULL;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		enum cb_status s = cb_os_error(err, errno, dir);

		free(dir);
		return s;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct source src = { 0 };
		struct cb_error why = { 0 };
		struct cb_pack_info *p;
		struct stat sb;
		enum mark mark;

		if (len < 5 || strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		packs = xrealloc(packs, (*n + 1) * sizeof *packs);
		p = &packs[(*n)++];
		memset(p, 0, sizeof *p);
		p->base = xasprintf("%s/%.*s", dir, (int)(len - 4), de->d_name);
		mark = mark_of(p->base);
		p->ours = mark != MARK_NONE;
		p->gc = mark == MARK_GC;
		p->kept = exists(p->base, ".keep");
		src.base = xstrdup(p->base);
		if (source_load(&src, &why) != CB_OK)
			p->problem = xstrdup(why.msg);
		/* The ids, when the index is sound enough to give them. */
		if (src.idx != NULL && src.ents != NULL) {
			p->n = src.n;
			p->ids = xmalloc((size_t)src.n * GIT_OID_RAWSZ + 1);
			memcpy(p->ids, src.idx + 8 + 256 * 4,
			    (size_t)src.n * GIT_OID_RAWSZ);
		}
		{
			char *path = xasprintf("%s.pack", p->base);

			if (stat(path, &sb) == 0)
				p->size = sb.st_size;
			free(path);
		}
		source_free(&src);
	}
	closedir(d);
	free(dir);
	*out = packs;
	return CB_OK;
}

void
cb_pack_scan_free(struct cb_pack_info *packs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(packs[i].base);
		free(packs[i].problem);
		free(packs[i].ids);
	}
	free(packs);
}

enum cb_status
cb_pack_mark(const char *dir, const char *name, struct cb_error *err)
{
	char *fname = xasprintf("%s.keep", name);
	enum cb_status s = cb_write_durable(dir, fname, CB_KEEP_GC,
	    sizeof CB_KEEP_GC - 1, err);

	free(fname);
	return s;
}

/*
 * Whether the index at path has the layout of a version 2 index: the
 * magic, fan-out counts that never decrease, and the size they imply.
 * libgit2 trusts the fan-out: one that claims 0xFFFFFFFF objects makes
 * it search far past the file's end, for ever or into a crash.
 */
static bool
idx_sane(const char *path, bool *gone)
{
	unsigned char head[8 + 256 * 4];
	struct stat sb;
	size_t got = 0, need;
	uint32_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	bool ok = false;

	*gone = fd < 0 && errno == ENOENT;
	if (fd < 0)
		return false;
	while (got < sizeof head) {
		ssize_t r = read(fd, head + got, sizeof head - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got < sizeof head || fstat(fd, &sb) < 0 ||
	    memcmp(head, "\377tOc\0\0\0\2", 8) != 0)
		goto out;
	for (int i = 1; i < 256; i++)
		if (be32(head + 8 + 4 * i) < be32(head + 8 + 4 * (i - 1)))
			goto out;
	n = be32(head + 8 + 255 * 4);
	need = sizeof head + (size_t)n * (GIT_OID_RAWSZ + 8) +
	    2 * GIT_OID_RAWSZ;
	ok = (size_t)sb.st_size >= need && ((size_t)sb.st_size - need) % 8 == 0;
out:
	close(fd);
	return ok;
}

bool
cb_pack_quick_scan(struct cb_store *st, struct cb_pack_info **out,
    size_t *n)
{
	char *dir = xasprintf("%s/objects/pack", st->git_dir);
	struct cb_pack_info *packs = NULL;
	struct dirent *de;
	bool bad = false;
	DIR *d;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct cb_pack_info *p;
		char *path;
		bool gone;

		if (len < 5 || strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		/* One removed since the folder was read is simply not there. */
		if (!idx_sane(path, &gone) && gone) {
			free(path);
			continue;
		}
		packs = xrealloc(packs, (*n + 1) * sizeof *packs);
		p = &packs[(*n)++];
		memset(p, 0, sizeof *p);
		p->base = xasprintf("%s/%.*s", dir, (int)(len - 4), de->d_name);
		if (!idx_sane(path, &gone) && !gone) {
			p->problem = xasprintf("%s: malformed", path);
			bad = true;
		}
		free(path);
	}
	closedir(d);
	free(dir);
	*out = packs;
	return bad;
}
