/*
 * The store's private parts, shared by the files of store/ only.
 *
 *   syserr.c  errors in words: the system's, a full disk, a read-only store
 *   store.c   opening, init, keeping the index up to date
 *   identity.c the acting person, and committing as them
 *   record.c  the Git record: reading incidents, committing a change by
 *             compare-and-swap, walking tree differences
 *   change.c  the changes (create, set, note, attach) as re-appliable
 *             functions of a tip
 *   index.c   the SQLite index: schema, queries, applying differences
 *   plan.c    what every change's apply uses (the tip's tree, a sound
 *             incident, incident.json in the plan, message excerpts)
 *   pack.c    a change's objects as one pack; merging small packs
 *   answer.c  checklists in the record
 *   role.c    roles and settings
 *   queue.c   the TUI's windowed queries (queue.h)
 *   enqueue.c the outbox's queueing, inside the index's sync
 *   outbox.c  the outbox's state (store.h, "the outbox")
 *
 * Unless a comment says otherwise, err is filled whenever a function
 * returns other than CB_OK, and what a function returns through a
 * pointer is the caller's to free only where its comment says so.
 */
#ifndef CB_STORE_INT_H
#define CB_STORE_INT_H

#include <git2.h>
#include <sqlite3.h>

#include "core/checklist.h"
#include "core/layout.h"
#include "core/timeline.h"
#include "store/store.h"

#define CB_BRANCH "refs/heads/main"

struct cb_store {
	char *dir;
	char *git_dir;		/* dir/record.git */
	bool shared;		/* a team store: keep everything group-writable */
	/*
	 * A protected team store (doc/design.md): its folder belongs to
	 * the group this set-group-id casebook runs with, which no person
	 * is in.  Only casebook reaches its files.
	 */
	bool protected_store;
	git_repository *repo;	/* NULL until cb_repo() */
	git_odb_backend *mempack; /* the repo's in-memory backend, see record.c */
	sqlite3 *db;
	/*
	 * The alert group a promote or merge is attaching in the change
	 * being written (0: none): its alerts count among the incident's
	 * for the rules (alertfacts.c) before the index marks it.
	 */
	long long rules_group;
	/*
	 * A store this process cannot write (a read-only mount, a snapshot,
	 * a reviewer without write access): opened read-only, every write
	 * refused with ro_reason.  ro_fs: the file system itself is
	 * read-only, so nobody writes and SQLite may treat the index as
	 * immutable.  tmp_index: when the store's own index could not be
	 * used, the private one built from the record (removed at close).
	 */
	bool readonly, ro_fs;
	char ro_reason[256];
	char *tmp_index;
#define CB_STMT_CACHE 48
	struct {
		const char *sql;	/* the literal's address */
		sqlite3_stmt *stmt;
	} stmts[CB_STMT_CACHE];
	size_t n_stmts;
	bool have_identity;
	struct cb_identity ident;
	char *playbook_dir;	/* the shipped playbooks; NULL: none set */
	struct cb_playbooks *pbs;	/* loaded on first use */
	bool pbs_all;		/* every class's playbook, not only some */
	struct cb_playbooks **pbs_old;	/* replaced sets, still pointed */
	size_t npbs_old;		/* into by cases: freed at close */
	char lang[3];		/* "ja" or "en" once known */
	/*
	 * The store's site letter (casebook.site in STORE/config, given at
	 * the first 'remote add'; CB_SITE_NONE, '\0', for a store that never
	 * synced): new ids carry it, and so does every commit's
	 * Casebook-Site trailer, by which the index tells the events of
	 * changes made here from those merged in (store/sync.c).
	 */
	char site;
	/*
	 * A plain bare clone of a record opened for review (no store
	 * around it): git_dir is dir, the index lives in the user's cache
	 * ($XDG_CACHE_HOME/casebook/HASH/index.db, kept between runs), and
	 * the store is read-only.
	 */
	bool review;
};

/* --- syserr.c --------------------------------------------------------------- */

/*
 * An operating-system error on path (errnum is the errno of the failing
 * call) in words: a full disk names the free space and the mount point
 * ("the disk is full (12 KB free on /srv)"), a read-only file system or
 * a denied write says the store is read-only; anything else is
 * "path: strerror".  Returns the status it filled err with.
 */
enum cb_status cb_os_error(struct cb_error *err, int errnum, const char *path);
/*
 * For libgit2's errors, which name no path: true, with err filled
 * ("the disk is full (N KB free on MOUNT): what failed"), when errnum
 * (errno after the failing call) or libgit2's message says the disk
 * is full.  The mount point is that of the store last opened.
 */
bool cb_disk_full(struct cb_error *err, int errnum, const char *what,
    const char *message);
/* The store whose mount point cb_disk_full names: the one opened last
 * (a process works on one store at a time: a command, the TUI). */
void cb_disk_full_dir(const char *dir);
/* The mount point holding path (or its nearest existing parent), for
 * messages; allocates. */
char *cb_mount_point(const char *path);
/* The refusal of a write to a read-only store (CB_EREADONLY). */
enum cb_status cb_store_readonly_error(const struct cb_store *st,
    struct cb_error *err);

/* libgit2's last error about what into err (a full disk in words, see
 * cb_disk_full); returns CB_ERR.  Call right after the failing call. */
enum cb_status cb_git_error(struct cb_error *err, const char *what);

/* --- record.c ------------------------------------------------------------- */

/*
 * Starts libgit2 and opens the repository on first use; later calls
 * return at once.  The repository and its in-memory backend belong to st
 * (freed by cb_store_close).  On failure st->repo is NULL, unless only
 * the in-memory backend failed: treat any failure as fatal for st.
 */
enum cb_status cb_repo(struct cb_store *st, struct cb_error *err);

/*
 * The branch tip as hex (41 bytes), read from the loose ref file without
 * starting libgit2; false when it cannot be read that way (packed refs),
 * and the caller asks libgit2.
 */
bool cb_record_tip_fast(struct cb_store *st, char hex[GIT_OID_HEXSZ + 1]);
/* The branch tip through libgit2 (started if need be); an error for a
 * record without commits. */
enum cb_status cb_record_tip(struct cb_store *st, git_oid *out,
    struct cb_error *err);

/* The branch tip's tree into *out (the caller frees it with
 * git_tree_free); *out is NULL on error. */
enum cb_status cb_record_tip_tree(struct cb_store *st, git_tree **out,
    struct cb_error *err);
/*
 * Reads path's blob in tree into *out, which the caller frees with
 * git_blob_free; CB_ENOTFOUND when missing.  On error there is nothing
 * to free.
 */
enum cb_status cb_record_read(struct cb_store *st, git_tree *tree,
    const char *path, git_blob **out, struct cb_error *err);
/*
 * Reads and validates incident id's incident.json in tree.  *out is
 * overwritten without being freed: pass an empty or freed incident.  On
 * success the caller frees it (cb_incident_free); on error (CB_ENOTFOUND
 * when absent, CB_ERR naming the file when damaged) it is zeroed and
 * owns nothing.
 */
enum cb_status cb_record_incident(struct cb_store *st, git_tree *tree,
    const char *id, struct cb_incident *out, struct cb_error *err);

/*
 * A change, applied to a tip.  apply reads what it needs from tip (NULL
 * for a record without commits), fills up to CB_MAX_UPDATES tree updates
 * (paths and blob ids it wrote) and the commit message, or fails (e.g.
 * with a conflict).  It may be called again on a newer tip after a lost
 * race; base_tip is the tip of the first attempt.  The plan belongs
 * to cb_record_commit, which empties it before each call and frees it
 * after: apply adds to it only through cb_plan_blob, cb_plan_incident
 * and plan->message, and may leave a partial plan when it fails (it is
 * thrown away).  Borrowed pointers (incident, action, item) must outlive
 * cb_record_commit, e.g. by pointing into arg.
 */
/*
 * The store's folder (not the record's) for evidence kept out of the
 * record's packs: STORE/evidence/SHA256; a sidecar's "place" names a file
 * there relative to the store (store/change.c).
 */
#define CB_STORE_EVIDENCE	"evidence"

#define CB_MAX_UPDATES 6
struct cb_commit_plan {
	git_tree_update updates[CB_MAX_UPDATES];
	char *paths[CB_MAX_UPDATES];	/* owned; updates[i].path points here */
	size_t n;
	struct cb_buf message;		/* summary line; trailers added */
	const char *incident;		/* for the trailer */
	const char *action;
	const char *item;		/* Casebook-Item, for answers */
	bool nothing;			/* no change: commit nothing */
};
typedef enum cb_status (*cb_apply_fn)(struct cb_store *st, git_commit *tip,
    const git_oid *base_tip, struct cb_commit_plan *plan, void *arg,
    struct cb_error *err);

/*
 * Writes data as a blob (into the in-memory backend, published by
 * cb_record_commit) and adds the update of path to plan, which takes a
 * copy of path; data stays the caller's.  On error plan is as it was.
 * More than CB_MAX_UPDATES updates is a bug: fatal().
 */
enum cb_status cb_plan_blob(struct cb_store *st, struct cb_commit_plan *plan,
    const char *path, const void *data, size_t len, struct cb_error *err);

/*
 * Commits the change: apply on the tip, write the tree and the commit,
 * move the branch if it still points at that tip, else retry on the new
 * one.  Durable on return.  *out_commit receives the new commit (or the
 * tip when the plan changed nothing; unset for an empty record).  Refuses
 * a read-only store (CB_EREADONLY).  On error (apply's, a conflict, an
 * I/O error) the branch is where it was, and
 * apply's err is passed on unchanged.  Allocates nothing that outlives
 * the call.
 */
enum cb_status cb_record_commit_as(struct cb_store *st,
    const struct cb_identity *who, cb_apply_fn apply, void *arg,
    git_oid *out_commit, struct cb_error *err);
/*
 * cb_record_commit_as with the acting person (cb_store_identity): what
 * every change calls (identity.c).  who is the author and committer,
 * and its login goes in the Casebook-Login trailer; record.c takes it
 * as given and asks nobody who acts.
 */
enum cb_status cb_record_commit(struct cb_store *st, cb_apply_fn apply,
    void *arg, git_oid *out_commit, struct cb_error *err);
/*
 * The real user as the password database has them (login, GECOS name,
 * login@host), nothing from any config (identity.c).  Fails when the
 * uid is unknown or its login has characters outside [A-Za-z0-9._-$].
 */
enum cb_status cb_identity_real(struct cb_identity *out,
    struct cb_error *err);

/*
 * The author ("Name <email>") of the newest commit in (since, tip]
 * whose trailer names incident (since NULL: all of tip's history), into
 * out; "another user" when none is found or the history cannot be read.
 * Never fails: it only words a conflict.
 */
void cb_record_last_author(struct cb_store *st, const git_oid *tip,
    const git_oid *since, const char *incident, char *out, size_t outlen);

/*
 * Walks the differences between two trees (either may be NULL: empty)
 * down to blobs, skipping subtrees whose ids are equal, calling fn with
 * the path and the old and new blob ids (zero id when absent).  path is
 * valid during the call only.  A status other than CB_OK from fn stops
 * the walk and is returned, with fn's err.  The trees stay the caller's.
 */
typedef enum cb_status (*cb_diff_fn)(const char *path, const git_oid *old,
    const git_oid *new, void *arg, struct cb_error *err);
enum cb_status cb_record_tree_diff(struct cb_store *st, git_tree *a,
    git_tree *b, cb_diff_fn fn, void *arg, struct cb_error *err);

/* Parses Casebook-Incident and Casebook-Action trailers into the
 * caller's buffers (truncated to fit; "" when absent). */
void cb_record_trailers(const char *message, char *incident, size_t ilen,
    char *action, size_t alen);

/* --- plan.c ----------------------------------------------------------------- */

/* The tip's tree into *out (NULL for a record without commits); the
 * caller frees it with git_tree_free.  *out is NULL on error. */
enum cb_status cb_tip_tree(git_commit *tip, git_tree **out,
    struct cb_error *err);
/* Adds an excerpt of text to a commit message: its first line, cut at
 * a character boundary to at most max bytes ("..." when cut), sanitised. */
void cb_add_excerpt(struct cb_buf *b, const char *text, size_t len,
    size_t max);
/* Adds inc's incident.json (canonical JSON) to plan; inc stays the
 * caller's.  On error plan is as it was. */
enum cb_status cb_plan_incident(struct cb_store *st,
    struct cb_commit_plan *plan, const struct cb_incident *inc,
    struct cb_error *err);
/*
 * CB_OK when id's incident.json at root parses, is valid and names its
 * folder, and its checklist.json (if any) is a JSON object; else
 * CB_ENOTFOUND, or CB_ERR with "ID is damaged in the record (...); fix
 * it with git or revert the commit".  Every change to an
 * existing incident asks this first, so that casebook never writes over
 * a file it could not read.
 */
enum cb_status cb_incident_sound(struct cb_store *st, git_tree *root,
    const char *id, struct cb_error *err);

/*
 * The decision of field (NULL: none) or of item's answer (NULL: none)
 * of incident id resolves what a sync recorded about it: those entries
 * leave the folder's conflicts.json at root, updated in plan (nothing
 * when there is none).  On error plan is as it was.
 */
enum cb_status cb_plan_resolve(struct cb_store *st, git_tree *root,
    struct cb_commit_plan *plan, const char *id, const char *field,
    const char *item, struct cb_error *err);

/* --- history.c -------------------------------------------------------------- */

/*
 * What commit c changed in incident id against its first parent, as
 * timeline records without their commit's time, author and commit
 * (index.c adds those): CREATED when incident.json appears, FIELD
 * "phase" when the phase differs, ANSWER (key the item, value the
 * answer) or WAIVER for each entry of checklist.json's answers that is
 * new or different, WITHDRAWN for each that is gone.  A file
 * missing or unreadable on either side counts as absent, so damage
 * never fails it; only a commit whose tree cannot be read is an error.
 * out is the caller's to free with cb_history_delta_free, on error too.
 */
struct cb_history_rec {
	enum cb_tl_kind kind;
	char *key;		/* NULL for CREATED */
	char *value;		/* NULL for CREATED and WAIVER */
};
struct cb_history_delta {
	struct cb_history_rec *recs;
	size_t n;
};
enum cb_status cb_history_delta(struct cb_store *st, git_commit *c,
    const char *id, struct cb_history_delta *out, struct cb_error *err);
void cb_history_delta_free(struct cb_history_delta *d);
/* "created", "field", "answer", "waiver", "alert", "withdrawn": the history table's
 * kind column; cb_history_kind maps back (CB_TL_KIND_COUNT: unknown). */
extern const char *const cb_history_kind_names[CB_TL_KIND_COUNT];
enum cb_tl_kind cb_history_kind(const char *name);

/* --- pack.c ----------------------------------------------------------------- */

/*
 * Writes a change's new objects, read from the in-memory backend, as one
 * durable pack and index in objects/pack: the commit commit_id, its root
 * tree, the blobs of plan and the trees along their paths (the only
 * trees a change rewrites).  git_mempack_dump would pack everything
 * reachable from the commit, the whole record.  Call under the store
 * lock, before the branch names the commit.  Allocates nothing that
 * outlives the call.
 */
enum cb_status cb_pack_write(struct cb_store *st, const git_oid *commit_id,
    const struct cb_commit_plan *plan, struct cb_error *err);

/*
 * Keeps the number of packs small: past 16 packs, merges the smallest
 * ones into one by concatenating their entries, and removes them; sets
 * *merged when it did.  Call under the store lock, so that one writer
 * merges at a time.  On failure nothing is removed and the record is as
 * it was.
 */
enum cb_status cb_pack_merge(struct cb_store *st, bool *merged,
    struct cb_error *err);

/*
 * For check and gc: every pack of the record (each *.idx in
 * objects/pack), read whole and verified as a merge verifies a source.
 * *out is an array of *n, freed with cb_pack_scan_free.  problem is NULL
 * for a whole pack, else what is wrong (a message to show); ids are
 * the index's ids (sorted), or none when the index itself is unusable.
 * Fails only when the folder cannot be read.
 */
struct cb_pack_info {
	char *base;		/* path without ".idx" */
	bool ours;		/* a casebook mark in its .keep */
	bool gc;		/* the mark of casebook gc's pack */
	bool kept;		/* any .keep */
	char *problem;
	unsigned char *ids;	/* n ids of GIT_OID_RAWSZ bytes */
	uint32_t n;
	off_t size;		/* of the .pack */
};
enum cb_status cb_pack_scan(struct cb_store *st, struct cb_pack_info **out,
    size_t *n, struct cb_error *err);
void cb_pack_scan_free(struct cb_pack_info *packs, size_t n);
/*
 * The same without reading the packs: only each index's layout is
 * checked (a few hundred bytes and a stat each), for every open of the
 * record.  Returns whether any is malformed; *out as above, ids none.
 */
bool cb_pack_quick_scan(struct cb_store *st, struct cb_pack_info **out,
    size_t *n);
bool cb_pack_has(const struct cb_pack_info *p, const unsigned char *id);
/*
 * Removes the pack base (a path without extension) and everything git
 * or casebook keeps beside it, the multi-pack index first; see pack.c.
 * Call under the store lock and cb_pack_removal_lock (git's lock on
 * the multi-pack index; false: git holds it, remove nothing now).
 */
bool cb_pack_removal_lock(const char *dir);
void cb_pack_removal_unlock(const char *dir);
void cb_pack_remove(const char *dir, const char *base);
/*
 * Removes git's multi-pack index in the record's pack folder when it
 * names a pack that is no longer there (see pack.c); at every open.
 */
void cb_pack_midx_heal(struct cb_store *st);
/* Writes the .keep of casebook gc's pack name ("pack-<hex>") in dir. */
enum cb_status cb_pack_mark(const char *dir, const char *name,
    struct cb_error *err);
/*
 * Writes data as dir/name durably (a temporary cb-tmp-* file, fsynced,
 * made read-only, renamed); nothing is left behind on failure.
 */
enum cb_status cb_write_durable(const char *dir, const char *name,
    const char *data, size_t len, struct cb_error *err);

/*
 * The store's write lock (an flock of STORE/lock; record.c): every
 * casebook writer and casebook gc hold it to change the record's
 * objects or branch.  *fd is the descriptor to give cb_record_unlock;
 * on failure nothing is held.
 */
enum cb_status cb_record_lock(struct cb_store *st, int *fd,
    struct cb_error *err);
void cb_record_unlock(int fd);
/*
 * Under that lock (fd): moves the branch from old to new by
 * compare-and-swap, with the mark a killed writer leaves, as a save
 * does (doc/design.md, "The write path"); for sync's merge commits,
 * whose objects are on disk already.  Returns libgit2's code:
 * GIT_EMODIFIED when the branch is no longer at old.
 */
int cb_record_move(struct cb_store *st, int fd, const git_oid *old,
    const git_oid *new, const char *msg);
/*
 * Replaces the repository's object database with one that reads only
 * the loose objects and the packs for which keep(info) is true, for
 * check and gc to read around a damaged pack (libgit2 may crash on a
 * malformed index).  The in-memory backend for writes is dropped.
 */
enum cb_status cb_record_use_packs(struct cb_store *st,
    const struct cb_pack_info *packs, size_t n, struct cb_error *err);

/* --- role.c ----------------------------------------------------------------- */

/* CB_OK when the acting person is a tech member of a writable store,
 * else CB_EREADONLY or CB_EDENIED; what names the act ("add a remote"). */
enum cb_status cb_must_be_tech(struct cb_store *st, const char *what,
    struct cb_error *err);
/* Sets keys[i] to values[i] (NULL: left alone) in STORE/config, with
 * no check of who may: the caller's. */
enum cb_status cb_config_set_strings(struct cb_store *st,
    const char *const *keys, const char *const *values, size_t n,
    struct cb_error *err);

/* --- alertfacts.c ----------------------------------------------------------- */

/* An incident's alert facts for its rules, and the memory behind them. */
struct cb_alert_facts_buf {
	struct cb_alert_facts facts;
	struct cb_alert_fact *v;
	size_t n, cap;
	struct cb_strlist sources;	/* the strings v points at */
};
/*
 * Reads from the index the alerts attached to inc and those for its hosts
 * not attached, its phase and since when (alertfacts.c).  Without an
 * index, no alerts.  Free with cb_alert_facts_free, also on error.
 */
enum cb_status cb_alert_facts_load(struct cb_store *st,
    const struct cb_incident *inc, struct cb_alert_facts_buf *b,
    struct cb_error *err);
void cb_alert_facts_free(struct cb_alert_facts_buf *b);

/* --- answer.c --------------------------------------------------------------- */

/*
 * After a change to inc (created, or a field set): the items that mirror
 * the fields named in fields (NULL-terminated; NULL for none) take their
 * values as the acting user's answers (an empty field takes the answer
 * away), then checklist.json is brought up to date (playbook version,
 * suggestions, the progress of the current phase) and added to plan if
 * it changed, so that field and answer land in one commit.  root is the
 * tip's tree (NULL for a new incident).  Does nothing when no playbooks
 * were set on the store.
 */
enum cb_status cb_checklist_after_change(struct cb_store *st, git_tree *root,
    const struct cb_incident *inc, const char *const *fields,
    struct cb_commit_plan *plan, struct cb_error *err);
/*
 * The same, and each item items[i] (NULL-terminated; NULL for none)
 * answered with values[i] by the acting user, checked as 'casebook
 * answer' checks it (role, kind), in the same checklist.json: for a
 * change that answers items no field mirrors (promote answers source).
 */
enum cb_status cb_checklist_after_change_answers(struct cb_store *st,
    git_tree *root, const struct cb_incident *inc, const char *const *fields,
    const char *const *items, const char *const *values,
    struct cb_commit_plan *plan, struct cb_error *err);
/*
 * Before field is given value by the acting user (new, set): *item is
 * the item that mirrors the field (NULL when none, or the store has no
 * playbooks), which the user's role must be allowed to answer
 * (CB_EDENIED otherwise), and *norm (allocated, caller frees; NULL when
 * *item is) the value checked against the item's kind and normalised,
 * as the field must hold it.  An empty value stays empty.
 */
enum cb_status cb_field_fact(struct cb_store *st, const char *field,
    const char *value, const struct cb_item **item, char **norm,
    struct cb_error *err);

/*
 * An answer as one part of a change that writes more than the answer
 * (filing a report: its evidence and the report_filed answer in one
 * commit, change.c).  cb_answer_part_new checks req as cb_store_answer
 * does (item, role, value: nothing is committed on error, *out NULL);
 * cb_answer_part_apply adds the answer's checklist.json and
 * incident.json to plan (two updates) inside the caller's apply, on
 * each tip the commit tries, and appends its line to the message;
 * cb_answer_part_changed says whether the last apply changed the
 * answer.  Free with cb_answer_part_free.
 */
struct cb_answer_part;
enum cb_status cb_answer_part_new(struct cb_store *st, const char *id,
    const struct cb_answer_req *req, struct cb_answer_part **out,
    struct cb_error *err);
enum cb_status cb_answer_part_apply(struct cb_store *st, git_commit *tip,
    const git_oid *base_tip, struct cb_commit_plan *plan,
    struct cb_answer_part *p, struct cb_error *err);
bool cb_answer_part_changed(const struct cb_answer_part *p);
void cb_answer_part_free(struct cb_answer_part *p);

/* --- enqueue.c -------------------------------------------------------------- */

/*
 * Queues in the outbox, inside the caller's open transaction on st->db,
 * one message per event of the events table past seq after and per
 * destination of the store's config that wants it (core/subscription.h;
 * the mirror takes every event of an incident).  Reads the incidents
 * table for the classes and urgency a subscription filters on, so call
 * it once the incidents are up to date.  An event already queued for a
 * destination is not queued again.  A config that cannot be read
 * queues nothing.  Returns SQLITE_OK, or the SQLite code of the
 * failure for the caller to word (cb_db_error); allocates nothing the
 * caller frees.
 */
int cb_outbox_enqueue(struct cb_store *st, sqlite3_int64 after);

/* --- index.c ---------------------------------------------------------------- */

/*
 * Opens STORE/index.db, creating or migrating it.  In a read-only store
 * (st->readonly) it opens the file read-only when it is current, else
 * builds a private index in $TMPDIR from the record (st->tmp_index).
 * Errors come through cb_db_error's wording: a damaged file says so and
 * names `casebook reindex`.  The database and its statements belong to
 * st (cb_index_close).  On error st->db may be left open: the caller
 * closes the store, as cb_store_open does.
 */
enum cb_status cb_index_open(struct cb_store *st, struct cb_error *err);
/* Finalizes the kept statements and closes the database; removes a
 * private index.  Safe to call twice, or with no index open. */
void cb_index_close(struct cb_store *st);
/*
 * Builds a new index from the record in STORE/index.db.new and renames
 * it over index.db: mends any damage, needs nothing from the old file.
 * Closes st's index first and leaves the new one open.  See index.c for
 * what becomes of other processes holding the old file.  Refuses a
 * read-only store, its index untouched.  A failure before the rename
 * leaves the old index.db as it was and removes index.db.new; after any
 * failure st may have no index open: close the store.  carry (NULL:
 * none) is called with the new index open as st->db, once the record is
 * in it, and the old file's path: it copies the index-only tables
 * (alerts, store/alert.c) that no record rebuilds; its error stops the
 * rebuild, the old file untouched.
 */
typedef enum cb_status (*cb_carry_fn)(struct cb_store *st,
    const char *old_index, struct cb_error *err);
enum cb_status cb_index_rebuild(struct cb_store *st, cb_carry_fn carry,
    struct cb_error *err);
/*
 * Brings the index up to the branch tip (see cb_store_open): the
 * difference from the indexed commit when the tip descends from it,
 * else (or with full) everything again.  One transaction: on error it
 * is rolled back and the index is at the commit it was.
 */
/* The last seq of the events table (0 when empty). */
enum cb_status cb_index_last_event(struct cb_store *st, sqlite3_int64 *seq,
    struct cb_error *err);
enum cb_status cb_index_sync(struct cb_store *st, bool full,
    struct cb_error *err);
/*
 * cb_store_check's index part: SQLite's integrity and reference checks,
 * then the index against the record at the tip.  Each problem goes to fn
 * and is added to *problems, which the caller initialises with the
 * record's own problems (with any, the index is not compared with one
 * rebuilt from a record that cannot be read whole); a damaged
 * file is CB_EDAMAGED, other disagreements are only problems (CB_OK).
 * An error stops the check and is returned.
 */
enum cb_status cb_index_check(struct cb_store *st, cb_problem_fn fn,
    void *arg, int *problems, struct cb_error *err);
/* Refreshes the index after a commit, ignoring failures. */
void cb_index_after_commit(struct cb_store *st);

/*
 * Statements for any file of store/ that queries the index: sql must be
 * a string literal (the cache is keyed by its address); release what
 * cb_db_prepare gave once done with it (cb_db_release resets a kept
 * statement, finalizes any other).  A statement comes with its bindings
 * cleared; on error *out is not set.  Statements are st's: none may
 * outlive cb_index_close.  cb_db_col never returns NULL (NULL is "");
 * its text lives until the next step or release.  cb_db_error words
 * SQLite's last error on st->db (see index.c) and returns its status.
 */
enum cb_status cb_db_prepare(struct cb_store *st, const char *sql,
    sqlite3_stmt **out, struct cb_error *err);
void cb_db_release(struct cb_store *st, sqlite3_stmt *stmt);
const char *cb_db_col(sqlite3_stmt *stmt, int i);
enum cb_status cb_db_error(struct cb_store *st, struct cb_error *err,
    const char *what);

/*
 * Rows held in C as a table (rows.c): cb_rows_table makes the eponymous
 * table name, whose columns are columns ("a, b, c"), on st's connection;
 * a statement reads it as name(?N), with ?N bound by cb_rows_bind to
 * rows, whose column function gives row i's value of column col (0 for
 * the first of columns) through sqlite3_result_*.  ahead, when not
 * NULL, is told each row i as the scan comes to it, to fetch what rows
 * after it will be read from (a hint: the values may be in another
 * thread's cache).
 */
struct cb_rows {
	size_t n;
	void (*column)(sqlite3_context *ctx, size_t i, int col, void *arg);
	void *arg;
	void (*ahead)(size_t i, void *arg);
};
enum cb_status cb_rows_table(struct cb_store *st, const char *name,
    const char *columns, struct cb_error *err);
void cb_rows_bind(sqlite3_stmt *stmt, int i, struct cb_rows *rows);

/*
 * The checkpoints of a long write in a thread of their own
 * (checkpointer.c): started on st's connection, which must not change
 * its WAL hook meanwhile; NULL when it cannot be had (the writer's own
 * checkpoints then go on).  A commit that leaves more than wal_max
 * bytes in the WAL waits for its checkpoint, so that the WAL can start
 * again.  Stop waits for the last commit's checkpoint and puts the
 * writer's own back.
 */
struct cb_checkpointer;
struct cb_checkpointer *cb_checkpointer_start(struct cb_store *st,
    long long wal_max);
void cb_checkpointer_stop(struct cb_checkpointer *c);

/*
 * A queue row: select ROW_COLUMNS from ROW_FROM (with any WHERE and
 * ORDER BY), then hand each result to cb_db_row, which fills a struct
 * cb_row and calls fn, returning what fn returns (non-zero: stop).
 * The row's strings are valid during fn only.
 */
#define ROW_COLUMNS "id, title, phase, urgency, severity, classes, " \
	"department, reporter, hosts, assignees, created, updated, " \
	"ifnull(gate_done, 0), ifnull(gate_required, 0), ifnull(waiting, ''), " \
	"ifnull(suggestions, 0), ifnull(damaged_file, ''), " \
	"ifnull(damaged_line, 0), ifnull(damaged_reason, '')"
#define ROW_FROM "incidents LEFT JOIN checklists " \
	"ON checklists.incident = incidents.id"
int cb_db_row(sqlite3_stmt *stmt, cb_row_fn fn, void *arg);

/* --- alert.c ----------------------------------------------------------------- */

/*
 * A write to the index-only tables: BEGIN IMMEDIATE (refused in a
 * read-only store), and its end: COMMIT when s is CB_OK, else ROLLBACK;
 * returns the final status.
 */
enum cb_status cb_alert_begin(struct cb_store *st, const char *what,
    struct cb_error *err);
enum cb_status cb_alert_end(struct cb_store *st, enum cb_status s,
    const char *what, struct cb_error *err);
/* cb_index_rebuild's carry: the index-only tables from old_index, then
 * the attached alerts from the record (cb_alert_restore). */
enum cb_status cb_alert_carry(struct cb_store *st, const char *old_index,
    struct cb_error *err);
/*
 * The alerts the record holds as evidence of incidents (promoted or
 * merged groups) put back in the index when the index lacks them, with
 * their incident and status; for a reindex that could not copy them.
 */
enum cb_status cb_alert_restore(struct cb_store *st, struct cb_error *err);
/*
 * Adds the alert groups from id from on (those made since, ids growing)
 * to their trigram index, alert_groups_text (index.c, schema 17), in one
 * statement.  Whoever inserts into alert_groups calls it in the same
 * transaction, before anything changes the new groups' texts.
 */
enum cb_status cb_agroups_text_add(struct cb_store *st, long long from,
    struct cb_error *err);

/*
 * An alert's normal form from its row: CB_ALERT_COLUMNS, from column
 * col of stmt on, in that order.  The body holds the rest of it
 * (cb_alert_rest_to_json; a body written whole before index schema 16
 * also holds the row's fields, the same values); the payload stays
 * apart.  a is initialised here: free it, also on error.
 */
#define CB_ALERT_COLUMNS "source, source_ref, first_seen, event_time, " \
	"signature, category, severity, body"
enum cb_status cb_alert_from_row(sqlite3_stmt *stmt, int col,
    struct cb_alert *a, struct cb_error *err);

#endif
