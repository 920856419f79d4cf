/*
 * The three-way merge of one incident's folder, against the merge base
 * (doc/design.md, "Merging two sites").
 *
 * Notebook entries and evidence are named so that two writers never
 * pick the same name: both sides' files simply both land (UNION).
 * incident.json, checklist.json and conflicts.json are merged field by
 * field and item by item (STRUCTURED), on jansson trees: unknown keys
 * are carried through as they are, and checklist.json is a tree in
 * store/answer.c already.
 *
 * The same field or item changed differently on both sides is a
 * conflict that never blocks: one value is kept by a rule that does not
 * depend on which side is "ours" (merge(a, b) and merge(b, a) give the
 * same tree and the same conflicts), the other goes to the list of
 * conflicts, which store/ records in the folder's conflicts.json.
 *
 * Pure: no Git, no SQL, no terminal.
 */
#ifndef CB_MERGE_H
#define CB_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/xmalloc.h"

/* The record of conflicts, beside incident.json in the folder. */
#define CB_MERGE_CONFLICTS	"conflicts.json"

enum cb_merge_kind {
	CB_MERGE_OUTSIDE,	/* not a file of an incident's folder */
	CB_MERGE_UNION,		/* notebook entry, evidence, sidecar */
	CB_MERGE_STRUCTURED,	/* incident.json, checklist.json, conflicts.json */
	CB_MERGE_WHOLE,		/* another file in the folder: the whole file */
};

/* How path (relative to the tree's root, core/layout.h) is merged. */
enum cb_merge_kind cb_merge_path_kind(const char *path);

/* One side of the merge: the author and the time of its last commit
 * touching the folder (UTC, "2026-12-01T12:00:00Z"). */
struct cb_merge_side {
	const char *who;
	const char *at;
};

/* One value of a conflict: value NULL when that side deleted it. */
struct cb_merge_value {
	json_t *value;
	char *by;
	char *at;
};

struct cb_merge_conflict {
	char *file;		/* CB_LAYOUT_INCIDENT, CB_LAYOUT_CHECKLIST */
	char *item;		/* "urgency", "answers/network_cutoff",
				 * "suggestions/intrusion/external-targets/0" */
	struct cb_merge_value kept;	/* the value the merge landed */
	struct cb_merge_value other;	/* the one it did not */
};

struct cb_merge {
	json_t *result;		/* the merged tree */
	struct cb_merge_conflict *conflicts;
	size_t nconflicts;
	size_t taken;		/* fields and items taken from theirs */
};

void cb_merge_free(struct cb_merge *m);

/*
 * incident.json.  base may be NULL (the incident is new on both sides:
 * an empty base).  Scalars (title, phase, urgency, severity,
 * department, reporter, created, and keys casebook does not know) merge
 * whole; classes, hosts and assignees merge as sets; updated is the
 * later of the two; id must be the same on both sides (CB_ERR
 * otherwise: store/ never merges two incidents of one folder).  A field
 * changed differently on both sides keeps the later commit's value (by
 * the side's at, then its author, then the value's bytes).
 */
enum cb_status cb_merge_incident(const json_t *base, const json_t *ours,
    const json_t *theirs, const struct cb_merge_side *os,
    const struct cb_merge_side *ts, struct cb_merge *out,
    struct cb_error *err);

/*
 * checklist.json.  answers merge item by item, an answer or a waiver as
 * one value; suggestions item by item by their key; playbook as a
 * scalar.  progress is derived from the answers: the later commit's is
 * taken with no conflict, and store/ computes it again after the merge.
 * An answer changed on both sides keeps the later decision by its own
 * "at" (then "by", then the bytes); a side that deleted it (a withdrawn
 * answer) decided at its commit's time.
 */
enum cb_status cb_merge_checklist(const json_t *base, const json_t *ours,
    const json_t *theirs, const struct cb_merge_side *os,
    const struct cb_merge_side *ts, struct cb_merge *out,
    struct cb_error *err);

/*
 * conflicts.json: {"conflicts": [...]}, entries as a set (an entry
 * removed on one side was resolved there and stays removed).  Then the
 * conflicts of m (the merge just made) are appended, each stamped with
 * merged_at, to give the file store/ writes; caller decrefs.
 */
enum cb_status cb_merge_conflicts(const json_t *base, const json_t *ours,
    const json_t *theirs, struct cb_merge *out, struct cb_error *err);
json_t *cb_merge_record(const json_t *merged_conflicts,
    const struct cb_merge *const *m, size_t n, const char *merged_at);

/*
 * The merge commit's trailers for one incident, one per line, appended
 * to b:
 *   Casebook-Merged: 2026-0042 incident.json (3 taken)
 *   Casebook-Conflict: 2026-0042 incident.json urgency: kept "high"
 *     (alice 2026-12-01T10:00:00Z), other "low" (bob 2026-12-01T09:00:00Z)
 * (the conflict on one line).  Values are compact JSON in ASCII, cut
 * at 60 bytes, so no trailer holds a newline or a control byte.
 */
void cb_merge_trailers(const char *id, const char *file,
    const struct cb_merge *m, struct cb_buf *b);

#endif
