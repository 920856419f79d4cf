/*
 * The record's layout: where each file of an incident lives in the Git
 * tree, built and parsed in this one place.
 *
 *   incidents/YYYY/NN/ID/                  the incident's folder: the
 *                                          year, the hundreds of its
 *                                          number ("%02d"), the id
 *       incident.json                      the incident (canonical JSON)
 *       checklist.json                     its checklist's answers
 *       links.json                         where it is mirrored (the
 *                                          GitLab issue's iid and URL)
 *       notebook/NAME.md                   a notebook entry, older records
 *       notebook/YYYY-MM/X/Y/NAME.md       an entry filed by month and the
 *                                          first two hex digits of the
 *                                          SHA-256 of its name
 *       evidence/SHA                       an attachment, by its SHA-256
 *       evidence/SHA.json                  its sidecar (name, size, who)
 *
 * An entry's NAME is its time and author, YYYYMMDDTHHMMSS.UUUUUUZ-LOGIN.md
 * (UTC, microseconds): two writers never pick the same name, and names
 * sort in time order.
 *
 * Pure string work, no I/O.  Every builder allocates (the caller frees)
 * and calls fatal() on an id that cb_siteid_parse refuses (either form,
 * core/siteid.h): ids come from the record's parser or from
 * cb_id_format, so a bad one is a bug.  The
 * parser takes any bytes.
 */
#ifndef CB_LAYOUT_H
#define CB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/incident.h"

/* The names of the tree's entries, for code that builds trees itself
 * (the benchmarks' record generators). */
#define CB_LAYOUT_ROOT		"incidents"
#define CB_LAYOUT_INCIDENT	"incident.json"
#define CB_LAYOUT_CHECKLIST	"checklist.json"
#define CB_LAYOUT_LINKS		"links.json"
#define CB_LAYOUT_NOTEBOOK	"notebook"
#define CB_LAYOUT_EVIDENCE	"evidence"

/* "incidents/2026/00/2026-0042", the incident's folder. */
char *cb_layout_dir(const char *id);
/* "incidents/2026", the folder of a year's incidents. */
char *cb_layout_year(int year);
/* A hundreds folder's name inside the year's folder: "00", "12", "100". */
void cb_layout_hundreds(long hundreds, char out[24]);
/* incident.json and checklist.json in the incident's folder. */
char *cb_layout_incident(const char *id);
char *cb_layout_checklist(const char *id);
/* links.json in the incident's folder. */
char *cb_layout_links(const char *id);

/*
 * A notebook entry's name for a time in microseconds since the epoch and
 * the author's login ("20261201T120000.000042Z-alice.md").  login is
 * used as given: the caller keeps it to a safe file name.
 */
char *cb_layout_note_name(long long us, const char *login);
/*
 * The entry name's path in the incident's notebook, filed by the month
 * of when (UTC) and by the hash of name: "…/notebook/2026-12/3/a/NAME".
 */
char *cb_layout_note(const char *id, const char *name, time_t when);
/*
 * The time and the author a name of cb_layout_note_name's form holds:
 * at as "2026-12-01T12:00:00Z", login truncated to llen.  false, and
 * nothing written, for any other name (entries added with git may be
 * named anything).
 */
bool cb_layout_note_parse(const char *name, char at[CB_TIME_MAX],
    char *login, size_t llen);

/* evidence/SHA and evidence/SHA.json; sha is 64 lowercase hex digits
 * (fatal otherwise: it is always a hash casebook computed). */
char *cb_layout_evidence(const char *id, const char *sha);
char *cb_layout_evidence_meta(const char *id, const char *sha);

enum cb_path_kind {
	CB_PATH_UNKNOWN,	/* none of the files below */
	CB_PATH_INCIDENT,	/* incident.json */
	CB_PATH_CHECKLIST,	/* checklist.json */
	CB_PATH_LINKS,		/* links.json */
	CB_PATH_NOTE,		/* a notebook entry, in either layout */
	CB_PATH_EVIDENCE,	/* evidence/SHA */
	CB_PATH_EVIDENCE_META,	/* evidence/SHA.json */
};

/*
 * A path of the record, parsed.  name points into the parsed path (it
 * lives as long as the path) and holds name_len bytes:
 *   note: the entry's path below notebook/ ("2026-12/3/a/NAME.md", or
 *         "NAME.md" flat), as the index keys it, NUL-terminated;
 *   evidence and sidecar: the SHA-256 in hex (64 bytes, not terminated
 *         for the sidecar);
 *   the others: "" (name_len 0).
 */
struct cb_path {
	enum cb_path_kind kind;
	char id[CB_ID_MAX];
	const char *name;
	size_t name_len;
};

/*
 * Parses path (relative to the tree's root, no leading slash).  Returns
 * true when it lies inside an incident's folder: out->id is that
 * incident, whatever a file inside says (the folder is the id), and
 * out->kind what the file is (CB_PATH_UNKNOWN for a file casebook does
 * not write there).  false for any other path, with out->id "" and
 * out->kind CB_PATH_UNKNOWN: outside incidents/, a folder that is not
 * the id's own (incidents/2026/07/2026-0042/), an empty, "." or ".."
 * component anywhere, the folder itself.  Entries in notebook/ count
 * only in the two layouts: flat, or YYYY-MM/X/Y/ with X and Y one hex
 * digit each; evidence only under a 64-digit lowercase SHA-256.
 */
bool cb_layout_parse(const char *path, struct cb_path *out);

#endif
