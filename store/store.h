/*
 * The case store: a folder holding the record (record.git, a bare Git
 * repository written with libgit2, the system of record) and the index
 * (index.db, SQLite, rebuildable from the record), plus the store's
 * config file (git-config syntax).
 *
 * Every function that can fail returns an enum cb_status and fills err;
 * none prints.  Strings handed to callbacks belong to the store and live
 * until the callback returns; copy what you keep.  Text in rows is data
 * from people and alerts: sanitise it before it reaches a terminal.
 *
 * Writes are one commit each, durable when the call returns (objects and
 * the branch are fsynced), and safe against other processes writing the
 * same store: the branch moves by compare-and-swap, and a lost race is
 * re-applied on the new tip field by field.  Only a concurrent change of
 * the same field of the same incident is a conflict (CB_ECONFLICT, with a
 * message naming the field, the other author and both values).
 */
#ifndef CB_STORE_H
#define CB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/alert.h"
#include "core/checklist.h"
#include "core/error.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/report.h"
#include "core/stats.h"
#include "core/timeline.h"

struct cb_store;

/* The person a change is attributed to. */
struct cb_identity {
	char name[256];
	char email[256];
	char login[64];
};

/*
 * Creates a store in dir (created if missing).  group, when not NULL,
 * makes it a team store as "git init --shared=group" does: the folder
 * belongs to the group with the set-group-id bit, and everything casebook
 * writes is readable and writable by the group, never by others.  Without
 * it the store is private to its owner (0700).  An existing store is left
 * as it is: *existed is set and CB_OK returned.
 */
enum cb_status cb_store_init(const char *dir, const char *group, bool *existed,
    struct cb_error *err);
/*
 * Creates a protected team store in dir for the store group gid (named
 * group, for messages), as a set-group-id casebook with that group, or
 * root.  dir must be a folder of root's with that group, closed to
 * others, on a path only root can change; root may have it created
 * (02770, root:group).  Its folders are 02770, its files 0660, nothing
 * for others, so that members reach it only through casebook.  The
 * person who runs it (unless root) becomes its first tech member.  An
 * existing store: *existed set, CB_OK.
 */
enum cb_status cb_store_init_team(const char *dir, unsigned gid,
    const char *group, bool *existed, struct cb_error *err);

/*
 * Opens the store in dir.  Fails with a message when dir is not a store,
 * cannot be read, or was written by a newer casebook (index schema).  The
 * index is brought up to date with the record on open: if the branch moved
 * past the commit last indexed (another user, a sync), only the difference
 * is indexed.  libgit2 is started only when something needs the record,
 * so that commands answered from the index stay quick.
 */
enum cb_status cb_store_open(const char *dir, struct cb_store **out,
    struct cb_error *err);
/*
 * A store this process cannot write (a read-only mount, no write
 * permission) opens read-only: reads are answered from its index when
 * that is current, else from a private index built from the record in
 * $TMPDIR (removed by cb_store_close); every write is refused with
 * CB_EREADONLY before anything is attempted.  Returns whether st is
 * read-only, and why (for the user) in *reason, which may be NULL.
 */
bool cb_store_readonly(const struct cb_store *st, const char **reason);
/*
 * cb_store_open without the index, for a reindex, which must work when
 * the index cannot be opened at all.  Only cb_store_reindex and
 * cb_store_close may follow.
 */
enum cb_status cb_store_open_bare(const char *dir, struct cb_store **out,
    struct cb_error *err);
void cb_store_close(struct cb_store *st);
const char *cb_store_dir(const struct cb_store *st);
/*
 * Whether dir was a plain bare clone of a record ("git clone --bare" of
 * a hub, no store around it), opened for review: read-only, every write
 * refused, its index built and kept in $XDG_CACHE_HOME/casebook/HASH/.
 */
bool cb_store_review(const struct cb_store *st);

/*
 * The acting person, always the real Unix user (getuid(), looked up in
 * the password database): their login, and as name and e-mail the store
 * config's user.LOGIN.name and user.LOGIN.email (set with 'casebook
 * user'; a private store's user.name and user.email too), else the
 * password database's name and login@host.  Never reads the environment.
 * Resolved once per store; the demo seeding sets other identities with
 * cb_store_set_identity, commands never do (identity.c).
 */
enum cb_status cb_store_identity(struct cb_store *st, struct cb_identity *out,
    struct cb_error *err);
void cb_store_set_identity(struct cb_store *st, const struct cb_identity *id);
/*
 * Whether s may be a person's name or e-mail in a commit: 1 to 200 bytes
 * of valid UTF-8 without control characters, '<' or '>'.  *why (may be
 * NULL) gets the reason when not.
 */
bool cb_identity_text_ok(const char *s, const char **why);
/*
 * Sets user.LOGIN.name and/or user.LOGIN.email (NULL: left as is) in the
 * store config; a tech member only (CB_EDENIED), each value checked
 * with cb_identity_text_ok (CB_EUSAGE), login a user of this system.
 */
enum cb_status cb_store_set_user(struct cb_store *st, const char *login,
    const char *name, const char *email, struct cb_error *err);
/*
 * Sets one of the few store settings 'casebook config' may change
 * (casebook.defaultRole, casebook.language, tui.theme), each to one of
 * its listed values (CB_EUSAGE otherwise); a tech member only
 * (CB_EDENIED).  cb_store_config_keys calls fn with each key, its
 * values ("a|b|c") and a line of help.
 */
enum cb_status cb_store_set_config(struct cb_store *st, const char *key,
    const char *value, struct cb_error *err);
void cb_store_config_keys(void (*fn)(const char *key, const char *values,
    const char *help, void *arg), void *arg);
/*
 * Installs playbook override files into STORE/playbooks (casebook
 * playbook install): data[i] holds len[i] bytes, to be names[i] (a plain
 * NAME.yaml).  A tech member only (CB_EDENIED).  The bytes are written
 * into a staging folder inside the store, validated there as 'playbook
 * check' validates, against the graph.yaml among them, else the store's
 * installed one, else the shipped one (each problem to problem, NULL
 * allowed; CB_EUSAGE and nothing installed when there is any), then
 * renamed into place.
 * Needs the shipped playbooks' folder (cb_store_set_playbook_dir).
 */
enum cb_status cb_store_install_playbooks(struct cb_store *st,
    const char *const *names, const char *const *data, const size_t *len,
    size_t n, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err);
/*
 * Whether st is a protected team store (its folder the store group's,
 * opened by a set-group-id casebook): its record, index and config are
 * out of every member's reach.
 */
bool cb_store_protected(const struct cb_store *st);
/*
 * Whether the folder dir may be opened as a protected team store of
 * group gid (before taking the group: see store.c, protected_dir): a
 * real folder of that group, not the person's, closed to others, on a
 * path only root can change.  Opening it is then done with the group in
 * effect, and cb_store_open checks again.
 */
bool cb_store_dir_protected(const char *dir, unsigned gid);

/* --- writing ------------------------------------------------------------- */

/*
 * Records a new incident.  proto gives the fields (its id, created and
 * updated are ignored); the id allocated (YYYY-NNNN, the year of now) is
 * written to id_out.  Two processes creating at once get different ids.
 */
enum cb_status cb_store_create(struct cb_store *st,
    const struct cb_incident *proto, char id_out[CB_ID_MAX],
    struct cb_error *err);
/*
 * The same, saying which fields the creator gave (NULL-terminated field
 * names; cb_store_create takes those that differ from a fresh incident's).
 * A given field that an item of the graph mirrors (graph.yaml 'field':
 * urgency, classes, hosts, reporter, severity) is also that item's answer,
 * by the creator, in the same commit: their role must allow the item
 * (CB_EDENIED otherwise) and the value is checked against its kind.  A
 * field not given keeps its default (urgency normal, class other), which
 * answers nothing.
 */
enum cb_status cb_store_create_given(struct cb_store *st,
    const struct cb_incident *proto, const char *const *given,
    char id_out[CB_ID_MAX], struct cb_error *err);

/*
 * The same, and in the same commit (casebook alert promote): the items
 * extra->items[i] (NULL-terminated) answered with extra->values[i] by the
 * creator (checked as 'casebook answer' checks), and, when evidence_name
 * is not NULL, evidence_len bytes at evidence attached under that name
 * (in the record, as cb_store_attach does).  summary, when not NULL, ends
 * the commit's summary line in brackets.  One commit: all or nothing.
 */
struct cb_create_extra {
	const char *const *items;
	const char *const *values;
	const char *evidence_name;
	const void *evidence;
	size_t evidence_len;
	const char *summary;
};
enum cb_status cb_store_create_extra(struct cb_store *st,
    const struct cb_incident *proto, const char *const *given,
    const struct cb_create_extra *extra, char id_out[CB_ID_MAX],
    struct cb_error *err);

/*
 * Sets one field.  base, when not NULL, is the value the caller last saw
 * (as cb_incident_get gives it): if the field no longer holds it, that is a
 * conflict.  With base NULL the value at the start of the call is the base,
 * so only a change that lands while this call runs conflicts.  Setting a
 * field to the value it has already is not a change: CB_OK, no commit, and
 * *changed (when not NULL) is false.  A field an item mirrors (see
 * cb_store_create_given) is also answered, in the same commit, under the
 * item's role and kind; an empty value takes the answer away.  On any
 * error nothing is written and *changed is false; an unknown field or a
 * bad value is CB_EUSAGE, an unknown incident CB_ENOTFOUND.  Allocates
 * nothing the caller frees.
 */
enum cb_status cb_store_set(struct cb_store *st, const char *id,
    const char *field, const char *value, const char *base, bool *changed,
    struct cb_error *err);

/*
 * Records in the record (the incident's links.json, through the write
 * path: a commit by the acting person, action "link") that the incident
 * is mirrored as issue iid at url under name ("gitlab").  The same link
 * again changes nothing.  The store's writers only (cb_store_may_write).
 */
enum cb_status cb_store_set_link(struct cb_store *st, const char *id,
    const char *name, long iid, const char *url, struct cb_error *err);

/* Adds a notebook entry; text is stored byte for byte. */
enum cb_status cb_store_note(struct cb_store *st, const char *id,
    const char *text, size_t len, struct cb_error *err);

/*
 * Attaches data as evidence under its SHA-256, with a sidecar holding the
 * original name (only its last path component is kept), size, hash, who
 * and when.  The same content attached again changes nothing
 * (*already set).  sha256_out (65 bytes) receives the hash.
 */
enum cb_status cb_store_attach(struct cb_store *st, const char *id,
    const char *name, const void *data, size_t len, char sha256_out[65],
    bool *already, struct cb_error *err);

/*
 * As cb_store_attach, for the file open on fd (the caller opens it, with
 * the person's own rights, and closes it): only a regular file (a FIFO,
 * a device or a folder is CB_ERR, nothing read), read from its start
 * in pieces, hashed as it is read.  A file up to the store's
 * evidence.maxInRecord bytes (default 20 MB) goes into the record as
 * cb_store_attach does; a larger one is copied, hashed on the way, to
 * STORE/evidence/SHA256 (a temporary file, fsynced, then renamed; read
 * only, the group's in a team store) and only its sidecar goes into the
 * record, its "place" naming that file.  Memory use does not depend
 * on the size of a file kept outside.  The role is checked first.
 */
enum cb_status cb_store_attach_fd(struct cb_store *st, const char *id,
    const char *name, int fd, char sha256_out[65], bool *already,
    struct cb_error *err);

/*
 * Files a report (casebook report --file): the len bytes of text become
 * evidence named name (as cb_store_attach keeps it, with its SHA-256 in
 * sha256_out, 65 bytes) and the report_filed item is answered with the
 * time now and a note "WHAT: evidence NAME, sha256 HASH", in ONE commit
 * (Casebook-Action: report).  what says which report ("mext, final,
 * ja").  The answer is checked as cb_store_answer checks it (the role,
 * an item that cannot be answered yet: nothing is written).  A later
 * stage is a new report beside the old one; the answer takes the
 * newest.
 */
enum cb_status cb_store_file_report(struct cb_store *st, const char *id,
    const char *name, const char *what, const char *text, size_t len,
    char sha256_out[65], struct cb_error *err);

/* evidence.maxInRecord of the store's config, or its default. */
int64_t cb_store_evidence_max(struct cb_store *st);

/* --- reading ------------------------------------------------------------- */

/* Reads the incident from the record (the branch tip). */
enum cb_status cb_store_get(struct cb_store *st, const char *id,
    struct cb_incident *out, struct cb_error *err);

/* A queue row, from the index. */
struct cb_row {
	const char *id;
	const char *title;
	const char *phase;
	const char *urgency;
	const char *severity;		/* "" until decided */
	const char *classes;		/* comma-separated */
	const char *department;
	const char *reporter;
	const char *hosts;		/* comma-separated */
	const char *assignees;		/* comma-separated */
	const char *created;
	const char *updated;
	/*
	 * The checklist of the current phase as last saved: required items
	 * answered or waived, required items in all, the roles the ready
	 * ones wait on ("head", "tech,staff"; "" when none), and the rule
	 * suggestions nobody has acted on yet.
	 */
	int gate_done, gate_required;
	const char *waiting;
	int suggestions;
	/*
	 * A file of the incident's folder that the record holds but cannot
	 * be used (pushed with git: broken JSON, a bad value, an id naming
	 * another folder), its line (0 when unknown) and why; "" when the
	 * incident is sound.  The other fields are then its last good
	 * values, or empty.  Writes to it are refused until a commit fixes
	 * or reverts the file.
	 */
	const char *damaged_file;
	int damaged_line;
	const char *damaged_reason;
};

struct cb_query {
	const char *phase;	/* only this phase, or NULL */
	bool all;		/* closed incidents too */
	long limit;		/* at most this many rows; 0 for all */
	const char *waiting;	/* only open ones waiting on this role */
};

/* Callbacks return 0 to go on, non-zero to stop early. */
typedef int (*cb_row_fn)(const struct cb_row *row, void *arg);

/* Incidents in queue order: most urgent first, then oldest. */
enum cb_status cb_store_list(struct cb_store *st, const struct cb_query *q,
    cb_row_fn fn, void *arg, struct cb_error *err);

/*
 * The index's row for one incident (fn may be NULL: only whether it
 * exists); CB_ENOTFOUND when there is none.
 */
enum cb_status cb_store_row(struct cb_store *st, const char *id, cb_row_fn fn,
    void *arg, struct cb_error *err);

struct cb_note {
	/*
	 * Its path in notebook/: "2026-12/3/a/20261201T...Z-alice.md"
	 * (month, two hex digits of the name's SHA-256, name), or a bare
	 * name in records written before entries were filed in folders.
	 */
	const char *path;
	const char *author;	/* login */
	const char *at;		/* UTC time */
	const char *text;	/* may hold NUL bytes: use len */
	size_t len;
};
typedef int (*cb_note_fn)(const struct cb_note *note, void *arg);

/* The incident's notebook, oldest first. */
enum cb_status cb_store_notes(struct cb_store *st, const char *id,
    cb_note_fn fn, void *arg, struct cb_error *err);

/*
 * The incident's notebook as it was at commit (hex, 4 digits or more):
 * its entries oldest first to note_fn, then its evidence to att_fn (may
 * be NULL), read from the record's tree at that commit, so that what
 * was added after it is not there.  Either callback returning non-zero
 * stops.  The strings live until the callback returns.  CB_EUSAGE for a
 * malformed id or commit, CB_ENOTFOUND for a commit not in the record.
 */
struct cb_attachment;
typedef int (*cb_attachment_fn)(const struct cb_attachment *a, void *arg);
enum cb_status cb_store_notebook_at(struct cb_store *st, const char *id,
    const char *commit, cb_note_fn note_fn, cb_attachment_fn att_fn,
    void *arg, struct cb_error *err);

struct cb_attachment {
	const char *sha256;
	const char *name;	/* as given, sanitise before display */
	int64_t size;
	const char *by;
	const char *at;
	const char *place;	/* empty: in the record; else the file's
				 * path in the store (STORE/evidence/...) */
};
enum cb_status cb_store_attachments(struct cb_store *st, const char *id,
    cb_attachment_fn fn, void *arg, struct cb_error *err);

/*
 * The bytes of the evidence whose SHA-256 is sha256 (64 lowercase hex
 * digits, or a unique prefix of at least 6 of an attachment of the
 * incident's) from the record at the branch tip, appended to out; the
 * full hash goes to sha256_out (65 bytes) when not NULL.  CB_EUSAGE for a
 * malformed id or hash, CB_ENOTFOUND when the incident holds no such
 * evidence, CB_ECONFLICT for a prefix that several share.  The caller
 * frees out (cb_buf_free), on error too.
 */
enum cb_status cb_store_evidence(struct cb_store *st, const char *id,
    const char *sha256, struct cb_buf *out, char *sha256_out,
    struct cb_error *err);

struct cb_logent {
	const char *commit;	/* hex */
	time_t at;
	const char *author;
	const char *email;
	const char *action;	/* create set note attach ... */
	const char *summary;	/* the message's first line */
};
typedef int (*cb_log_fn)(const struct cb_logent *e, void *arg);

/* The incident's commits, newest first, from the index. */
enum cb_status cb_store_log(struct cb_store *st, const char *id, cb_log_fn fn,
    void *arg, struct cb_error *err);

/*
 * The events: one per change and incident, in history order, from the
 * index (filled as the record is indexed, so commits made with git are
 * there too, and rebuilt by reindex).  Calls fn for each event whose seq
 * is past after, oldest first, until fn returns non-zero.  The strings
 * live until fn returns.  payload is compact JSON: summary, item (for
 * checklist changes), email.  Later consumers (the outbox, the mirror,
 * sync) keep their own cursor by commit id, which a reindex keeps.
 */
struct cb_event {
	long long seq;
	const char *commit;	/* hex */
	const char *incident;	/* "" for a change to no incident */
	const char *action;
	const char *actor;	/* the author's name */
	time_t at;
	const char *payload;
	/* Made at another site and merged in by a sync (its commit's
	 * Casebook-Site names another letter): that site notifies it. */
	bool remote;
};
typedef int (*cb_event_fn)(const struct cb_event *e, void *arg);
enum cb_status cb_store_events(struct cb_store *st, long long after,
    cb_event_fn fn, void *arg, struct cb_error *err);

/* Appends the patch of commit (hex) limited to the incident's folder. */
enum cb_status cb_store_diff(struct cb_store *st, const char *id,
    const char *commit, struct cb_buf *out, struct cb_error *err);

struct cb_hit {
	const char *id;
	const char *title;
	/* "title", the note's file name, or "answer:ITEM" (a checklist answer) */
	const char *where;
	const char *snippet;	/* the match between \x02 and \x03 */
};
typedef int (*cb_hit_fn)(const struct cb_hit *hit, void *arg);

/*
 * Incidents whose title, notebook or checklist answers contain query (a
 * substring, Japanese included), one hit per incident, newest match
 * first, the title's before the notebook's before the answers'.
 */
enum cb_status cb_store_search(struct cb_store *st, const char *query,
    long limit, cb_hit_fn fn, void *arg, struct cb_error *err);

/* --- timelines and statistics (issue 13) --------------------------------- */

/*
 * An incident's history as timeline records (core/timeline.h), oldest
 * first, from the index's history table: what each commit changed in
 * the incident (its creation, a change of phase, answers, waivers),
 * with the commit's time, author, action and id; an answer taken back
 * is a WITHDRAWN record.  out's records and strings are owned by out: free
 * with cb_history_free (also after an error).  CB_ENOTFOUND for an
 * incident the index does not have.
 */
struct cb_history {
	struct cb_tl_record *recs;
	size_t n;
	char **strs;		/* owns the records' strings */
};
enum cb_status cb_store_history(struct cb_store *st, const char *id,
    struct cb_history *out, struct cb_error *err);
void cb_history_free(struct cb_history *h);

/*
 * The statistics (core/stats.h) of every incident received in
 * [from, to) (0: no bound; received is the creation's commit time),
 * grouped by by: from the index, one row per incident (its classes,
 * department, 'source' answer, urgency, and the moments and reopenings
 * computed from its history when the index was updated), never the
 * history itself.  Allocates out's groups: free with cb_stats_free
 * (out is empty after an error).
 */
enum cb_status cb_store_stats(struct cb_store *st, time_t from, time_t to,
    enum cb_stats_by by, struct cb_stats *out, struct cb_error *err);

/*
 * The alert figures of casebook stats (store/alertfacts.c), from the
 * alerts tables: for the incidents received in [from, to) (0: open
 * ended), how many, how many have alerts attached (promoted or merged
 * into them), the alerts attached in all, the median and the most per
 * incident with alerts; for the alert groups made in [from, to), how
 * many, and how many were promoted, merged, dismissed, suppressed or are
 * still new (expired ones count in groups only).
 */
struct cb_alert_stats {
	size_t incidents, with_alerts, attached;
	long long median_attached, max_attached;
	size_t groups, promoted, merged, dismissed, suppressed, untriaged;
};
enum cb_status cb_store_alert_stats(struct cb_store *st, time_t from,
    time_t to, struct cb_alert_stats *out, struct cb_error *err);

/* --- checklists ------------------------------------------------------------ */

/*
 * The playbooks checklists are computed with: the shipped ones in
 * shipped_dir, overridden file by file by STORE/playbooks.  Loaded on
 * first use; a store whose playbooks do not load refuses checklist
 * commands with the loader's problems in err.
 */
void cb_store_set_playbook_dir(struct cb_store *st, const char *shipped_dir);
enum cb_status cb_store_playbooks(struct cb_store *st,
    const struct cb_playbooks **out, struct cb_error *err);

/* "ja" or "en": the store config's casebook.language, else the locale. */
const char *cb_store_language(struct cb_store *st);

/* A rule's suggestion as recorded in the incident (checklist.json). */
enum cb_sugg_status { CB_SUGG_OPEN, CB_SUGG_ACCEPTED, CB_SUGG_DISMISSED };
struct cb_recorded_suggestion {
	const char *key;	/* "CLASS/RULE/N": playbook, rule, effect */
	const char *effect;	/* cb_effect_names */
	const char *value;	/* urgency, item, action id or phase */
	enum cb_sugg_status status;
	const char *at;		/* when it was made */
	const char *by;		/* who acted on it ("" while open) */
	const char *acted_at;
};

/*
 * An incident and its checklist as the record holds it, with the
 * checklist computed over the store's playbooks.  answers point into
 * owned memory; cl points into answers and the store's playbooks, so a
 * case must be freed before the store is closed.
 */
struct cb_case {
	struct cb_incident inc;
	char playbook[CB_SHA256_HEX_LEN + 1];	/* the version it follows */
	struct cb_answer *answers;		/* latest per item */
	size_t nanswers;
	struct cb_recorded_suggestion *suggestions;
	size_t nsuggestions;
	struct cb_checklist cl;
	char commit[41];			/* the commit it was read at */
	void *priv;				/* owns the strings above */
};

/*
 * Reads incident id at the branch tip, or as it was at commit (hex, a
 * full or abbreviated id: the history's "as of" view).
 */
enum cb_status cb_store_case(struct cb_store *st, const char *id,
    const char *commit, struct cb_case *out, struct cb_error *err);
void cb_case_free(struct cb_case *c);

/*
 * An answer or a waiver (value NULL, reason given).  The value is checked
 * against the item's kind and normalised (cb_value_check); the acting
 * user's role must allow the item (CB_EDENIED naming the role that may).
 * decided_by records a decision made by someone else (the head's login
 * for dept_severity) on their behalf.  expect, when not NULL, is the
 * value the caller last saw ("" for unanswered); a different value found
 * is a conflict.  Answering an item that mirrors a field (graph.yaml
 * 'field': urgency, classification, affected_host, reporter,
 * dept_severity) also sets the incident's field, in the same commit.  Rules are
 * evaluated on the new answers and what they newly suggest is recorded.
 * An answer equal to the one recorded is no change (*changed false).
 * withdraw (value NULL, reason given) takes the recorded answer or
 * waiver back: the item is unanswered again, the commit (Casebook-
 * Action: withdraw) says who withdrew what and why; a field it mirrors
 * is emptied when it can be (as for a waiver).  Withdrawing an
 * unanswered item is no change.
 */
struct cb_answer_req {
	const char *item;
	const char *value;
	const char *reason;
	const char *note;
	const char *decided_by;
	const char *expect;
	bool withdraw;
};
enum cb_status cb_store_answer(struct cb_store *st, const char *id,
    const struct cb_answer_req *req, bool *changed, struct cb_error *err);

/*
 * Moves the incident to the next phase when the current phase's gate is
 * met (CB_ERR listing the missing items otherwise), or back one phase
 * (back true; reason recorded).  *phase receives the new phase.
 */
enum cb_status cb_store_advance(struct cb_store *st, const char *id,
    bool back, const char *reason, enum cb_phase *phase,
    struct cb_error *err);

/*
 * Moves the incident to phase without checking any gate (set ID phase
 * PHASE --force): one commit with Casebook-Action: force-phase whose
 * message carries reason, which must not be empty.  Moving to the phase
 * it is in is no change (*changed false).
 */
enum cb_status cb_store_force_phase(struct cb_store *st, const char *id,
    enum cb_phase phase, const char *reason, bool *changed,
    struct cb_error *err);

/*
 * Acts on a recorded suggestion: accepting a suggested urgency sets it
 * and answers the urgency item (tech only), a suggested advance
 * advances, a suggested action is marked accepted; dismissing marks it
 * dismissed.  key is the suggestion's key.  The commit's action is
 * suggestion-accept or suggestion-dismiss.
 */
enum cb_status cb_store_suggestion(struct cb_store *st, const char *id,
    const char *key, bool accept, struct cb_error *err);

/*
 * Evaluates id's rules again with what the index now knows of its alerts
 * (store/alertfacts.c) and records what they suggest: one commit (action
 * "rules") when its checklist changed, none otherwise.  *changed says
 * which (changed may be NULL).
 */
enum cb_status cb_store_reevaluate(struct cb_store *st, const char *id,
    bool *changed, struct cb_error *err);
/*
 * The last alert in the index (its row id, 0 when none), before an
 * ingest; after it, cb_store_alert_rules_fire with that id: each open
 * incident one of whose hosts is the source of an alert added since has
 * its rules evaluated again (cb_store_reevaluate), one commit per
 * incident at most; *updated counts the incidents whose checklist
 * changed.  Never called by casebook serve, which writes alerts only.
 */
enum cb_status cb_store_alert_last(struct cb_store *st, long long *last,
    struct cb_error *err);
enum cb_status cb_store_alert_rules_fire(struct cb_store *st,
    long long after, size_t *updated, struct cb_error *err);

/* --- roles -------------------------------------------------------------------- */

/*
 * The role of login (NULL: the acting user), from the store config:
 * user.LOGIN.role, else the owner of the store folder (who created it)
 * is tech, else group.GROUP.role for a group login belongs to (the
 * strongest if several), else casebook.defaultRole,
 * else viewer.  source (may be NULL) receives where it came from, for
 * "casebook whoami".
 */
enum cb_status cb_store_role(struct cb_store *st, const char *login,
    enum cb_role *role, char *source, size_t srclen, struct cb_error *err);
/* Maps "alice" or "@group" to role in the store config (tech only). */
enum cb_status cb_store_set_role(struct cb_store *st, const char *who,
    enum cb_role role, struct cb_error *err);
/*
 * The people the store config gives role (user.LOGIN.role; groups are
 * not expanded), in the config's order, each handed to fn with their
 * name as people read it: user.LOGIN.name, else the account's full name
 * (the passwd GECOS field up to its first comma), else the login.  The
 * strings live until fn returns; fn returns non-zero to stop.  For
 * choosing the department head whose decision is recorded, by name.
 */
typedef int (*cb_person_fn)(const char *login, const char *name, void *arg);
enum cb_status cb_store_people(struct cb_store *st, enum cb_role role,
    cb_person_fn fn, void *arg, struct cb_error *err);
/* Records the name people know login by (user.LOGIN.name; tech only). */
enum cb_status cb_store_set_name(struct cb_store *st, const char *login,
    const char *name, struct cb_error *err);

/*
 * Whether the acting user may answer item / set field / write at all:
 * CB_OK, or CB_EDENIED with a message naming the role that may (for the
 * TUI to show before the user types).  item or field may be NULL.
 */
enum cb_status cb_store_may_answer(struct cb_store *st,
    const struct cb_item *item, bool on_behalf, struct cb_error *err);
enum cb_status cb_store_may_set(struct cb_store *st, const char *field,
    struct cb_error *err);
enum cb_status cb_store_may_write(struct cb_store *st, struct cb_error *err);

/* --- an incident's facts (store/facts.c) ---------------------------------- */

/*
 * What reports, timelines and exports of one incident need: its case at
 * the branch tip (cb_store_case), its history from the index
 * (cb_store_history) and the timeline computed from them with the
 * store's playbooks, the current phase counted up to now.  Free with
 * cb_facts_free (safe after an error too); tl points into h and pbs,
 * so the facts must be freed before the store is closed.
 */
struct cb_facts {
	const struct cb_playbooks *pbs;	/* the store's */
	struct cb_case c;
	bool have_case;
	struct cb_history h;
	struct cb_timeline tl;
};
enum cb_status cb_store_facts(struct cb_store *st, const char *id,
    struct cb_facts *f, struct cb_error *err);
void cb_facts_free(struct cb_facts *f);
/* The latest answer to item (NULL: unanswered or waived); borrowed. */
const char *cb_facts_answer(const struct cb_facts *f, const char *item);
/*
 * The report form name ([a-z0-9_-]+) of the shipped playbooks'
 * reports/ folder, checked against the store's graph (CB_EUSAGE for a
 * form that does not exist).  Free with cb_report_form_free.
 */
enum cb_status cb_store_report_form(struct cb_store *st, const char *name,
    struct cb_report_form *form, struct cb_error *err);
/*
 * form filled from f for stage in lang ("ja", "en") into out (free with
 * cb_report_free): items as their answers' words in lang, fields as the
 * incident holds them, moments in the local zone; rendered as format
 * ("md", "txt", "json"), a string the caller frees.
 */
char *cb_facts_report(const struct cb_facts *f,
    const struct cb_report_form *form, enum cb_report_stage stage,
    const char *lang, const char *format, struct cb_report *out);

/* --- the outbox (store/outbox.c) ------------------------------------------ */

/*
 * Messages to chats and to the GitLab mirror, queued in the index as
 * events arrive (store/enqueue.c) and delivered by `casebook outbox run`
 * (cli/outbox-run.c), the only process that changes their state.  Times
 * are milliseconds since the epoch.  The strings of a message live
 * until fn returns.
 */
enum cb_outbox_state {
	CB_OUTBOX_QUEUED,
	CB_OUTBOX_DELIVERING,	/* a runner is sending it (or died doing so) */
	CB_OUTBOX_DELIVERED,
	CB_OUTBOX_DEAD,		/* refused for good: last_error says why */
};
extern const char *const cb_outbox_state_names[];
/* The wall clock in milliseconds since the epoch (the outbox's times). */
int64_t cb_outbox_clock_ms(void);

struct cb_outbox_msg {
	long long id;
	const char *destination;	/* a [notify] name, or "mirror:gitlab" */
	long long event_seq;		/* events.seq when queued */
	const char *oid;		/* the event's commit */
	const char *incident;		/* "" for none */
	const char *action, *actor, *payload;	/* the event's */
	time_t at;			/* the event's time (seconds) */
	const char *body;		/* last sent, "" before the first try */
	enum cb_outbox_state state;
	int attempts;			/* failed tries */
	int64_t next_try;		/* not before (ms); 0: at once */
	const char *last_error;
	long long merged_into;		/* delivered within message N; 0 */
	int64_t created, updated;
};
typedef int (*cb_outbox_fn)(const struct cb_outbox_msg *m, void *arg);

/*
 * The messages, oldest first, until fn returns non-zero: of destination
 * dest (NULL: all), and only those not delivered when undelivered.
 */
enum cb_status cb_outbox_list(struct cb_store *st, const char *dest,
    bool undelivered, cb_outbox_fn fn, void *arg, struct cb_error *err);
/* Message id alone; CB_ENOTFOUND when there is none. */
enum cb_status cb_outbox_get(struct cb_store *st, long long id,
    cb_outbox_fn fn, void *arg, struct cb_error *err);

/*
 * `outbox retry ID`: a dead (or queued) message is queued again at once
 * with its failures forgotten; `outbox drop ID`: the message is removed
 * and will never be sent.  CB_ENOTFOUND for no such message, CB_EUSAGE
 * to retry one delivered.  Both are the store's writers' (role checked
 * with cb_store_may_write).
 */
enum cb_status cb_outbox_retry(struct cb_store *st, long long id,
    struct cb_error *err);
enum cb_status cb_outbox_drop(struct cb_store *st, long long id,
    struct cb_error *err);

/*
 * One runner per store: an exclusive flock on STORE/outbox.lock, taken
 * without waiting.  Returns the descriptor (close it to release; the
 * kernel releases it when the runner dies), or -1 with err filled:
 * CB_ECONFLICT when another runner holds it.  Taking it puts back in
 * the queue every message left "delivering" by a runner that died
 * mid-delivery (at least once: it is sent again).
 */
int cb_outbox_lock(struct cb_store *st, struct cb_error *err);

/*
 * Removes the messages delivered before before (ms): the runner keeps a
 * month of them for `outbox list --all`.  Queued and dead messages stay
 * whatever their age.
 */
enum cb_status cb_outbox_prune(struct cb_store *st, int64_t before,
    struct cb_error *err);

/* A destination's hold (after a 429) and whether it is rate limited. */
struct cb_outbox_dest {
	int64_t hold_until;	/* 0: none */
	const char *reason;	/* "" when not limited */
};
/*
 * The destinations that have queued messages, each with the time its
 * oldest queued message is due (the later of its next_try and the
 * destination's hold) and its hold, in name order.
 */
typedef int (*cb_outbox_due_fn)(const char *dest, int64_t due,
    const struct cb_outbox_dest *d, void *arg);
enum cb_status cb_outbox_due(struct cb_store *st, cb_outbox_due_fn fn,
    void *arg, struct cb_error *err);

/*
 * The runner's one write: the messages ids[0..n) (one message, or a
 * group coalesced into ids[0]) become state, with body (for ids[0];
 * NULL keeps it), next_try and error (NULL keeps it).  failed adds one
 * to each message's attempts.  DELIVERED sets merged_into of ids[1..]
 * to ids[0].
 */
struct cb_outbox_update {
	const long long *ids;
	size_t n;
	enum cb_outbox_state state;
	const char *body;
	int64_t next_try;
	const char *error;
	bool failed;
};
enum cb_status cb_outbox_update(struct cb_store *st,
    const struct cb_outbox_update *u, struct cb_error *err);
/*
 * Holds destination dest: nothing is sent to it before until (ms), and
 * it counts as rate limited (reason) until its queue is empty.  until 0
 * and reason NULL: the hold and the limit are over.
 */
enum cb_status cb_outbox_hold(struct cb_store *st, const char *dest,
    int64_t until, const char *reason, struct cb_error *err);

/*
 * The outbox's health for a status line, per destination with messages
 * not delivered: how many (queued or dead), since when (the oldest's
 * creation) and the last error among them ("" when none failed yet).
 * Only the index is read.
 */
typedef int (*cb_outbox_health_fn)(const char *dest, long count,
    int64_t since, const char *last_error, void *arg);
enum cb_status cb_outbox_health(struct cb_store *st, cb_outbox_health_fn fn,
    void *arg, struct cb_error *err);

/*
 * The GitLab issue that mirrors an incident, from the index (the
 * record's links.json, cb_store_set_link).  cb_outbox_link:
 * CB_ENOTFOUND when the incident has none yet; url allocated (caller
 * frees) when not NULL.  cb_outbox_links calls fn for each incident
 * that has one, by id, with the time (ms) of the last mirror message
 * of it delivered (0: none yet).
 */
enum cb_status cb_outbox_link(struct cb_store *st, const char *incident,
    long *iid, char **url, struct cb_error *err);
typedef int (*cb_link_fn)(const char *incident, long iid, const char *url,
    int64_t synced, void *arg);
enum cb_status cb_outbox_links(struct cb_store *st, cb_link_fn fn, void *arg,
    struct cb_error *err);
/* --- sync between sites (store/sync.c) ------------------------------------ */

/*
 * Adds the remote name (letters, digits, '-', '_') at url: an absolute
 * path, file://, ssh:// or https:// (CB_EUSAGE otherwise, http://
 * included); a tech member only.  The first remote gives the store its
 * site letter, which every id it creates from then on carries
 * (2026-A0042; ids made before keep their form): site when given ('A'
 * to 'Z'), else the first letter no id or commit of the remote's
 * history uses, read by fetching it (the remote must then be reachable).
 * *site_out receives the store's letter.  On failure no remote is added.
 */
enum cb_status cb_store_remote_add(struct cb_store *st, const char *name,
    const char *url, char site, char *site_out, struct cb_error *err);
/* Removes the remote (tech only; CB_ENOTFOUND when there is none).  The
 * site letter stays: the ids made with it are the store's. */
enum cb_status cb_store_remote_remove(struct cb_store *st, const char *name,
    struct cb_error *err);
/* Each remote's name and url to fn (non-zero stops). */
typedef int (*cb_remote_fn)(const char *name, const char *url, void *arg);
enum cb_status cb_store_remotes(struct cb_store *st, cb_remote_fn fn,
    void *arg, struct cb_error *err);
/* The store's site letter, '\0' when it has none. */
char cb_store_site(const struct cb_store *st);

/*
 * Syncs with the remote name (NULL: the store's only remote): fetches
 * its branch, merges it into ours per incident folder (core/merge.h:
 * incident.json field by field, checklist.json item by item, notebook
 * entries and evidence both kept; the same field changed on both sides
 * keeps the later decision and records the other in the folder's
 * conflicts.json; merge commits carry Casebook-Merged and
 * Casebook-Conflict trailers), moves our branch, indexes what arrived,
 * and pushes; a push refused because the hub moved fetches and merges
 * again (up to 5 times).  dry_run fetches and merges in memory only:
 * our branch, the index and the hub are not changed.  One sync at a time
 * per store (CB_ERR at once for a second).  Killed at any moment, it
 * loses nothing and the next sync completes.  The outcome (not of a dry
 * run) is kept for cb_store_sync_state.  rep is filled as far as it got.
 */
struct cb_sync_report {
	char remote[64];
	size_t received;		/* commits new to us */
	size_t sent;			/* commits new to the hub */
	size_t merges;			/* merge commits made */
	size_t merged_incidents;	/* folders changed by theirs */
	size_t conflicts;		/* recorded */
	bool fast_forward, pushed;
	int rounds;			/* fetch-merge-push rounds */
	char refusal[128];		/* the hub's last refusal, if any */
};
enum cb_status cb_store_sync(struct cb_store *st, const char *name,
    bool dry_run, struct cb_sync_report *rep, struct cb_error *err);
/* The last sync's outcome (STORE/sync.json), read without waiting on
 * anything (the TUI's header); false when the store never synced. */
struct cb_sync_state {
	char at[CB_TIME_MAX];		/* UTC */
	char remote[64];
	bool ok;
	char result[512];		/* what it did, or its error */
};
bool cb_store_sync_state(const struct cb_store *st,
    struct cb_sync_state *out);

/*
 * The incident's record of conflicts (conflicts.json at the branch
 * tip, written by sync's merges): each one to fn, oldest first, with
 * the value kept and the other as compact JSON ("" for a deletion),
 * who decided each and when.  None when the file is absent.  The
 * strings are data from the record: sanitise them; they live until fn
 * returns.
 */
struct cb_conflict {
	const char *file;	/* the file's name: CB_LAYOUT_INCIDENT... */
	const char *item;	/* "urgency", "answers/urgency" */
	const char *kept, *kept_by, *kept_at;
	const char *other, *other_by, *other_at;
	const char *merged_at;
};
typedef int (*cb_conflict_fn)(const struct cb_conflict *c, void *arg);
enum cb_status cb_store_conflicts(struct cb_store *st, const char *id,
    cb_conflict_fn fn, void *arg, struct cb_error *err);

/* --- maintenance ------------------------------------------------------------ */

/*
 * Rebuilds the index from the record into a new file and renames it over
 * STORE/index.db, so that it mends any damage: nothing of the old file is
 * read.  Concurrent readers and writers go on safely (store/index.c says
 * how).  CB_EREADONLY in a read-only store.
 */
enum cb_status cb_store_reindex(struct cb_store *st, struct cb_error *err);

/*
 * The record's maintenance (store/gc.c): under the store lock, folds
 * every object reachable from the refs into one pack with deltas and
 * compression, removes casebook's small packs, any unmarked pack and
 * loose object the new pack holds, and writes the commit-graph.  Safe
 * beside casebook's writers and readers and git's own commands.  Fills
 * rep (the figures before and after).  CB_EREADONLY in a read-only
 * store.  On failure nothing was removed.
 */
struct cb_gc_report {
	size_t packs_before, packs_after;
	unsigned long long bytes_before, bytes_after;	/* packs, loose */
	size_t objects;		/* in the new pack */
	size_t loose_removed;
	size_t damaged;		/* damaged packs left in place */
};
enum cb_status cb_store_gc(struct cb_store *st, struct cb_gc_report *rep,
    struct cb_error *err);
/*
 * Whether "casebook gc" is due (many or large packs of saves); if so,
 * why, as a sentence for the user, in why.
 */
bool cb_store_gc_due(struct cb_store *st, char *why, size_t len);

/*
 * Checks the index (SQLite integrity), the record (every object reachable
 * from the branch readable) and that the index agrees with the record.
 * Each problem found is passed to fn; returns CB_ERR if there were any.
 */
typedef void (*cb_problem_fn)(const char *problem, void *arg);
enum cb_status cb_store_check(struct cb_store *st, cb_problem_fn fn,
    void *arg, struct cb_error *err);

/* --- alerts (store/alert.c) ---------------------------------------------------- */

/*
 * Alerts live in the index, not the record (doc/design.md, "Alerts in
 * the store"): an alert is one (source, source_ref); a replay bumps its
 * count and last_seen.  New alerts join a group (playbooks/alerts.yaml:
 * the fields of its key and a sliding window on event time) as they
 * come in.  These tables survive a reindex and are not part of check's
 * comparison; the alerts of promoted and merged groups are also in the
 * record, as evidence, and a reindex restores them from there.
 */
struct cb_ingest_stats { size_t added, replayed, flows, bad; };
/*
 * Parses buf (len bytes) as fmt with ctx (cb_alert_parse_all), fills each
 * alert's department from the host map, and commits all alerts and flows
 * in ONE SQLite transaction (dedup on (source, source_ref): a replay
 * bumps count and last_seen, never an error).  Each bad record is told
 * to bad(line, why, arg) (NULL allowed) and counted.  On CB_OK everything
 * parsed is durable in index.db; on error nothing of this call was
 * written (stats then count no alerts nor flows).  New alerts are
 * grouped; an alert matching an unexpired suppression rule goes into a
 * suppressed group.  A tech member or the store's receiver only
 * (cb_store_may_ingest).  Allocates nothing the caller frees.
 */
enum cb_status cb_store_ingest(struct cb_store *st, enum cb_alert_format fmt,
    const char *buf, size_t len, const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg), void *arg,
    struct cb_ingest_stats *stats, struct cb_error *err);
/*
 * The same, and notable(group, top_score, arg) for each group whose top
 * score reached the rules' notable threshold in this call (a group it
 * made, or an older one whose top crossed it), once the alerts are
 * committed (the outbox's hook; NULL allowed).
 */
/* Each such group is also an event (cb_store_events) of action
 * alert-notable, commit "alert-group-N", no incident, payload {group,
 * score, alerts, department, key}, in the same transaction. */
typedef void (*cb_notable_fn)(long long group, double score, void *arg);
enum cb_status cb_store_ingest_notable(struct cb_store *st,
    enum cb_alert_format fmt, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg),
    cb_notable_fn notable, void *arg, struct cb_ingest_stats *stats,
    struct cb_error *err);
/*
 * The same for a big buf of lines: one transaction per piece of about
 * piece bytes ending at a line end (0: the whole of buf; a document
 * format is always whole), the next piece parsed while one is committed
 * (core/alertpipe.h).  Lines are numbered from buf's start.  On an
 * error the pieces before the failing one are in and counted in stats;
 * nothing of the failing one or after it is.  The host map and the
 * suppressions are read once, for every piece.
 */
enum cb_status cb_store_ingest_pieces(struct cb_store *st,
    enum cb_alert_format fmt, const char *buf, size_t len, size_t piece,
    const struct cb_alert_ctx *ctx,
    void (*bad)(size_t line, const char *why, void *arg),
    cb_notable_fn notable, void *arg, struct cb_ingest_stats *stats,
    struct cb_error *err);
/*
 * Who may take in alerts: a tech member, or the login named by the
 * store config's alerts.receiver (the account casebook serve runs as).
 * CB_EDENIED otherwise, CB_EREADONLY in a read-only store.
 */
enum cb_status cb_store_may_ingest(struct cb_store *st, struct cb_error *err);
/* Flows seen at or after since, in (src, dst, time) order.  fn's status
 * other than CB_OK stops the walk and is returned. */
enum cb_status cb_store_flows(struct cb_store *st, time_t since,
    enum cb_status (*fn)(const struct cb_flow *f, void *arg), void *arg,
    struct cb_error *err);
/* A named checkpoint (for pull splunk): get (NULL *value when none;
 * else the caller frees it) and set (cb_store_may_ingest's people). */
enum cb_status cb_store_checkpoint(struct cb_store *st, const char *name,
    char **value, struct cb_error *err);
enum cb_status cb_store_set_checkpoint(struct cb_store *st, const char *name,
    const char *value, struct cb_error *err);

/*
 * The grouping rules: STORE/playbooks/alerts.yaml, else the shipped
 * playbooks' alerts.yaml, else the defaults (core/alertgroup.h).  The
 * caller frees r with cb_alert_rules_free, on error too.
 */
struct cb_alert_rules;
enum cb_status cb_store_alert_rules(struct cb_store *st,
    struct cb_alert_rules *r, struct cb_error *err);

/* The host map (casebook hosts): read whole into m (sorted; caller frees
 * with cb_host_map_free), or replaced whole by m in one transaction
 * (cb_store_may_ingest's people). */
struct cb_host_map;
enum cb_status cb_store_host_map(struct cb_store *st, struct cb_host_map *m,
    struct cb_error *err);
enum cb_status cb_store_hosts_replace(struct cb_store *st,
    const struct cb_host_map *m, struct cb_error *err);

/* --- triage (store/triage.c) ----------------------------------------------------- */

/*
 * An alert group as the CERT decides on it.  status is new, promoted
 * (into a new incident), merged (into an existing one), dismissed (reason
 * says why), suppressed (by a rule; reason), or expired (stale: nobody
 * triaged it in time).  Strings live until the callback returns.
 */
struct cb_alert_group {
	long long id;
	const char *status;
	const char *signature;
	const char *class;	/* the class it suggests */
	const char *department;
	time_t first, last;	/* event times */
	long alerts;		/* distinct alerts */
	long long seen;		/* with their replays */
	double top;		/* the top score; < 0 none */
	const char *hosts;	/* its src and dst, comma-separated (20 at most) */
	const char *incident;	/* promoted or merged into; "" */
	const char *reason;
	const char *actor;	/* who decided ("casebook" for expiry); "" */
	time_t acted;
	/* open incidents sharing a host or an observable of its alerts:
	 * "2026-0042 10.20.30.40, 2026-0042 c2.example, ..." or "" */
	const char *related;
};
typedef int (*cb_alert_group_fn)(const struct cb_alert_group *g, void *arg);
/* Groups of status (NULL: all), top score first, then newest; limit 0:
 * all.  fn returns non-zero to stop. */
enum cb_status cb_store_alert_groups(struct cb_store *st, const char *status,
    long limit, cb_alert_group_fn fn, void *arg, struct cb_error *err);
/* One group (CB_ENOTFOUND when there is none); fn may be NULL. */
enum cb_status cb_store_alert_group(struct cb_store *st, long long id,
    cb_alert_group_fn fn, void *arg, struct cb_error *err);

/* An alert of a group: its row, normal form (body: casebook's JSON line
 * without the payload) and payload (raw_cap bytes; raw_len before the cut).
 * A body the index holds damaged is NULL, and damage says why. */
struct cb_alert_row {
	long long id;
	const char *source, *source_ref;
	long count;
	time_t first_seen, last_seen, event_time;
	const char *status;
	const char *body;
	const char *damage;
	const void *raw;
	size_t raw_cap, raw_len;
};
typedef int (*cb_alert_row_fn)(const struct cb_alert_row *r, void *arg);
/* The group's alerts, oldest event first. */
enum cb_status cb_store_group_alerts(struct cb_store *st, long long group,
    cb_alert_row_fn fn, void *arg, struct cb_error *err);

/*
 * The acts, a tech member's (CB_EDENIED otherwise); a group promoted or
 * merged already is CB_ECONFLICT.  Promote: one commit creating the
 * incident (title from the signature, the class the group suggests, the
 * alerts' sources as affected hosts, the group's department; the source
 * item answered alert, or external_report for alerts.yaml's
 * external_sources; the alerts' normal form, payload included, attached
 * as alerts-promoted-N.jsonl); id_out gets its id.  Merge: the same
 * evidence (alerts-merged-N.jsonl) attached to incident id, one commit.  Then the group is
 * marked, with who and when.
 */
enum cb_status cb_store_alert_promote(struct cb_store *st, long long group,
    char id_out[CB_ID_MAX], struct cb_error *err);
enum cb_status cb_store_alert_merge(struct cb_store *st, long long group,
    const char *id, struct cb_error *err);
/* reason: one of cb_dismiss_reasons (CB_EUSAGE otherwise). */
extern const char *const cb_dismiss_reasons[];	/* NULL-terminated */
enum cb_status cb_store_alert_dismiss(struct cb_store *st, long long group,
    const char *reason, struct cb_error *err);
/*
 * A suppression rule made from a group: its source and signature
 * (signature to override), from src (an address, network or host name)
 * or else the group's one source host, or any source with any_src; for
 * expires seconds.  New alerts it matches go into suppressed groups.
 * The group itself is marked suppressed.  *rule (may be NULL) gets its id.
 */
struct cb_suppress_req {
	const char *reason;	/* required */
	long expires;		/* seconds, > 0 */
	const char *signature;	/* NULL: the group's */
	const char *src;	/* NULL: the group's one source host */
	bool any_src;
};
enum cb_status cb_store_alert_suppress(struct cb_store *st, long long group,
    const struct cb_suppress_req *req, long long *rule, struct cb_error *err);
struct cb_suppression {
	long long id;
	const char *source, *signature, *src;	/* "" any */
	const char *reason, *actor;
	time_t created, expires;
};
typedef int (*cb_suppression_fn)(const struct cb_suppression *r, void *arg);
/* The rules in force (all: expired ones too). */
enum cb_status cb_store_suppressions(struct cb_store *st, bool all,
    cb_suppression_fn fn, void *arg, struct cb_error *err);
/* New groups that came in (were created) longer ago than alerts.yaml's
 * stale become expired ("stale: not triaged within N days"); *expired
 * counts them. */
enum cb_status cb_store_alert_expire(struct cb_store *st, size_t *expired,
    struct cb_error *err);
/* Deletes alerts not attached to an incident whose last_seen is older
 * than alerts.yaml's retention, the groups left empty, and older flows. */
enum cb_status cb_store_alert_retention(struct cb_store *st, size_t *deleted,
    struct cb_error *err);
/*
 * The new groups made again under the current rules (alerts.yaml): each
 * resulting group to fn (NULL allowed); with dry_run nothing is written
 * (anyone may look), else the new groups replace the old ones in one
 * transaction (a tech member).  Decided groups are left as they are.
 */
struct cb_regroup_group {
	const char *key;	/* the key fields' values, 0x1f between */
	const char *signature;
	time_t first, last;
	long alerts;
	double top;
};
struct cb_regroup_report { size_t alerts, groups_before, groups_after; };
typedef void (*cb_regroup_fn)(const struct cb_regroup_group *g, void *arg);
enum cb_status cb_store_alert_regroup(struct cb_store *st, bool dry_run,
    cb_regroup_fn fn, void *arg, struct cb_regroup_report *rep,
    struct cb_error *err);

#endif
