/*
 * The record's layout, built and parsed (see layout.h for the tree).
 * Every other file asks here: a change of layout, such as the notebook's
 * fan-out, is made in one place and cannot leave a reader behind.
 */
#include "core/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/siteid.h"
#include "core/xmalloc.h"

#define NOTEBOOK_DIR	CB_LAYOUT_NOTEBOOK "/"
#define EVIDENCE_DIR	CB_LAYOUT_EVIDENCE "/"
#define META_SUFFIX	".json"

/* The folder of an id cb_siteid_parse accepts (with or without a site
 * letter: the hundreds are of the number), into out; its length. */
#define DIR_MAX 64
static size_t
dir_of(const char *id, int year, int num, char out[DIR_MAX])
{
	int n = snprintf(out, DIR_MAX, CB_LAYOUT_ROOT "/%04d/%02d/%s", year,
	    num / 100, id);

	if (n < 0 || n >= DIR_MAX)
		fatal("cb_layout_dir: id too long: '%s'", id);
	return (size_t)n;
}

char *
cb_layout_dir(const char *id)
{
	char dir[DIR_MAX];
	int year, num;

	if (!cb_siteid_parse(id, &year, NULL, &num))
		fatal("cb_layout_dir: bad id '%s'", id);
	dir_of(id, year, num, dir);
	return xstrdup(dir);
}

char *
cb_layout_year(int year)
{
	return xasprintf(CB_LAYOUT_ROOT "/%04d", year);
}

void
cb_layout_hundreds(long hundreds, char out[24])
{
	snprintf(out, 24, "%02ld", hundreds);
}

/* FILE in id's folder. */
static char *
in_dir(const char *id, const char *file)
{
	char *dir = cb_layout_dir(id), *path = xasprintf("%s/%s", dir, file);

	free(dir);
	return path;
}

char *
cb_layout_incident(const char *id)
{
	return in_dir(id, CB_LAYOUT_INCIDENT);
}

char *
cb_layout_checklist(const char *id)
{
	return in_dir(id, CB_LAYOUT_CHECKLIST);
}

char *
cb_layout_links(const char *id)
{
	return in_dir(id, CB_LAYOUT_LINKS);
}

char *
cb_layout_note_name(long long us, const char *login)
{
	time_t sec = (time_t)(us / 1000000);
	char stamp[32];
	struct tm tm;

	gmtime_r(&sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	return xasprintf("%s.%06lldZ-%s.md", stamp, us % 1000000, login);
}

/*
 * A save rewrites every tree on the entry's path, so in one flat folder
 * the cost of a note grew with the notebook (47.6 KB a note at 3,200
 * entries).  Time alone cannot bound a folder: a script or an alert feed
 * can add thousands of entries in a day, or a second.  The hash spreads
 * any month's entries evenly: at 3,000 entries the trees on the path
 * hold 16, 16 and about 12 entries (1.5 KB in all, the same at any rate
 * of writing).  The name is the sort key (the index lists entries by
 * it), so order does not depend on the folders.
 */
char *
cb_layout_note(const char *id, const char *name, time_t when)
{
	char month[16], hash[65], *dir, *path;
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(month, sizeof month, "%Y-%m", &tm);
	cb_sha256_hex(name, strlen(name), hash);
	dir = cb_layout_dir(id);
	path = xasprintf("%s/" NOTEBOOK_DIR "%s/%c/%c/%s", dir, month, hash[0],
	    hash[1], name);
	free(dir);
	return path;
}

bool
cb_layout_note_parse(const char *name, char at[CB_TIME_MAX], char *login,
    size_t llen)
{
	size_t n = strlen(name);

	if (n < 27 || name[8] != 'T' || name[15] != '.' || name[22] != 'Z' ||
	    name[23] != '-' || strcmp(name + n - 3, ".md") != 0)
		return false;
	snprintf(at, CB_TIME_MAX, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", name,
	    name + 4, name + 6, name + 9, name + 11, name + 13);
	snprintf(login, llen, "%.*s", (int)(n - 27), name + 24);
	return true;
}

static bool
is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* A SHA-256 in lowercase hex, as casebook names evidence. */
static bool
is_sha(const char *s, size_t n)
{
	if (n != CB_SHA256_HEX_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_hex_digit(s[i]))
			return false;
	return true;
}

static char *
evidence_path(const char *id, const char *sha, const char *suffix)
{
	char *dir, *path;

	if (!is_sha(sha, strlen(sha)))
		fatal("cb_layout_evidence: not a SHA-256: '%s'", sha);
	dir = cb_layout_dir(id);
	path = xasprintf("%s/" EVIDENCE_DIR "%s%s", dir, sha, suffix);
	free(dir);
	return path;
}

char *
cb_layout_evidence(const char *id, const char *sha)
{
	return evidence_path(id, sha, "");
}

char *
cb_layout_evidence_meta(const char *id, const char *sha)
{
	return evidence_path(id, sha, META_SUFFIX);
}

/* --- parsing ------------------------------------------------------------- */

/* The length of the component at p (up to '/' or the end). */
static size_t
component(const char *p)
{
	return strcspn(p, "/");
}

/* Whether every component of p is a name: not empty, ".", or "..". */
static bool
names_only(const char *p)
{
	for (;;) {
		size_t n = component(p);

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

/* "YYYY-MM/X/Y/" at p: the fanned-out notebook's folders. */
static bool
fanned(const char *p)
{
	for (int i = 0; i < 7; i++)
		if (i == 4 ? p[i] != '-' : (p[i] < '0' || p[i] > '9'))
			return false;
	return p[7] == '/' && is_hex_digit(p[8]) && p[9] == '/' &&
	    is_hex_digit(p[10]) && p[11] == '/';
}

/* The kind of rest, a path inside an incident's folder; sets the name. */
static enum cb_path_kind
file_kind(const char *rest, struct cb_path *out)
{
	size_t n = strlen(rest), nb = strlen(NOTEBOOK_DIR),
	    ev = strlen(EVIDENCE_DIR), meta = strlen(META_SUFFIX);
	const char *entry;

	if (strcmp(rest, CB_LAYOUT_INCIDENT) == 0)
		return CB_PATH_INCIDENT;
	if (strcmp(rest, CB_LAYOUT_CHECKLIST) == 0)
		return CB_PATH_CHECKLIST;
	if (strcmp(rest, CB_LAYOUT_LINKS) == 0)
		return CB_PATH_LINKS;
	if (strncmp(rest, NOTEBOOK_DIR, nb) == 0) {
		entry = rest + nb;
		/* Flat (older records), or filed by month and hash. */
		if (strchr(entry, '/') != NULL && !(fanned(entry) &&
		    strchr(entry + 12, '/') == NULL))
			return CB_PATH_UNKNOWN;
		out->name = entry;
		out->name_len = strlen(entry);
		return CB_PATH_NOTE;
	}
	if (strncmp(rest, EVIDENCE_DIR, ev) == 0) {
		entry = rest + ev;
		n -= ev;
		if (is_sha(entry, n)) {
			out->name = entry;
			out->name_len = n;
			return CB_PATH_EVIDENCE;
		}
		if (n > meta && strcmp(entry + n - meta, META_SUFFIX) == 0 &&
		    is_sha(entry, n - meta)) {
			out->name = entry;
			out->name_len = n - meta;
			return CB_PATH_EVIDENCE_META;
		}
	}
	return CB_PATH_UNKNOWN;
}

bool
cb_layout_parse(const char *path, struct cb_path *out)
{
	size_t root = strlen(CB_LAYOUT_ROOT), idlen, n;
	const char *p, *id;
	char dir[DIR_MAX];
	int year, num;

	memset(out, 0, sizeof *out);
	out->kind = CB_PATH_UNKNOWN;
	out->name = "";
	if (strncmp(path, CB_LAYOUT_ROOT "/", root + 1) != 0 ||
	    !names_only(path))
		return false;
	/* incidents/YYYY/NN/ID/: the id is the fourth component. */
	p = path + root + 1;
	for (int i = 0; i < 2; i++) {
		if (p[component(p)] == '\0')
			return false;
		p += component(p) + 1;
	}
	id = p;
	idlen = component(id);
	if (id[idlen] == '\0' || idlen >= CB_ID_MAX)
		return false;
	memcpy(out->id, id, idlen);
	out->id[idlen] = '\0';
	/* The folders above must be the id's own. */
	if (!cb_siteid_parse(out->id, &year, NULL, &num) ||
	    (n = dir_of(out->id, year, num, dir)) !=
	    (size_t)(id + idlen - path) || memcmp(dir, path, n) != 0) {
		out->id[0] = '\0';
		return false;
	}
	out->kind = file_kind(id + idlen + 1, out);
	return true;
}
