/*
 * Playbooks as data: the required-information graph (graph.yaml) and one
 * playbook per incident class (CLASS.yaml), read with libfyaml and
 * validated as a whole.  The schema is playbooks/README.md.
 *
 * This module only loads and validates; the checklist semantics (which
 * dependencies are dropped, what is blocked or ready, rule evaluation)
 * live elsewhere and work on the structures below.
 *
 * Problems found in the files are reported one by one through a
 * callback, each as "FILE:LINE:COL: what is wrong" (line and column
 * 1-based, pointing at the offending node), and loading goes on so that
 * one run shows every problem.  A function that saw any problem returns
 * CB_ERR with err saying how many.
 *
 * Ownership: every string and array below is allocated by the loader and
 * owned by the struct cb_playbooks it hangs from; cb_playbooks_free()
 * releases all of it.  Nothing points into libfyaml's documents, which
 * are gone once a load returns.
 */
#ifndef CB_PLAYBOOK_H
#define CB_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/incident.h"
#include "core/sha256.h"

/* The number of classes, entries of cb_class_names (checked at load). */
#define CB_CLASS_MAX	11

/* The input kinds of an item; names as in graph.yaml. */
enum cb_item_kind {
	CB_KIND_YESNO,
	CB_KIND_CHOICE,
	CB_KIND_TEXT,
	CB_KIND_DATETIME,
	CB_KIND_PERIOD,
	CB_KIND_HOSTS,
	CB_KIND_DONE,
	CB_KIND_COUNT
};
extern const char *const cb_kind_names[CB_KIND_COUNT];

/* Who may answer an item; NONE when graph.yaml names no role. */
enum cb_role {
	CB_ROLE_NONE,
	CB_ROLE_TECH,
	CB_ROLE_STAFF,
	CB_ROLE_HEAD,
	CB_ROLE_VIEWER,
	CB_ROLE_COUNT
};
extern const char *const cb_role_names[CB_ROLE_COUNT];	/* [NONE] is "" */

/* A text in both languages; both non-empty once loaded without problems. */
struct cb_text {
	char *ja;
	char *en;
};

/* The text in lang ("ja" or "en", as cb_store_language gives it). */
static inline const char *
cb_text_in(const struct cb_text *t, const char *lang)
{
	return lang[0] == 'j' && t->ja != NULL ? t->ja : t->en;
}

/* An id named somewhere in a file, with where it was named (1-based). */
struct cb_ref {
	char *id;
	int line, col;
};

struct cb_option {
	char *value;		/* [a-z_-]+, what an answer stores */
	struct cb_text label;
};

/* One item of graph.yaml. */
struct cb_item {
	char *id;
	enum cb_phase phase;	/* never CB_PHASE_CLOSED */
	struct cb_text label, prompt;
	enum cb_item_kind kind;
	struct cb_option *options;	/* choice only; noptions > 0 then */
	size_t noptions;
	struct cb_ref *dep_all;		/* depends.all: all must be answered */
	size_t ndep_all;
	struct cb_ref *dep_any;		/* depends.any: one is enough */
	size_t ndep_any;
	bool all_classes;		/* classes: [all] */
	char **classes;			/* class ids when !all_classes */
	size_t nclasses;
	enum cb_role role;
	char *field;			/* the incident field it mirrors, or NULL */
	int line, col;			/* where the item starts */
};

struct cb_graph {
	char *path;			/* the file it came from */
	struct cb_item *items;		/* in file order */
	size_t nitems;
};

/* An item as one playbook uses it. */
struct cb_pb_item {
	char *id;			/* an item of the graph */
	bool required;			/* needed for its phase's gate */
	struct cb_text guidance;
	int line, col;
};

struct cb_action {
	char *id;
	struct cb_text label;
	enum cb_phase phase;
	int line, col;
};

/*
 * A rule's condition: EQUALS holds when item is answered with value (for
 * a multi-valued choice: value is among the answers); ALL and ANY combine
 * the nsub conditions in sub.  ALERTS holds when one of the incident's
 * alerts (core/checklist.h, struct cb_alert_facts) passes every filter
 * given: from source, of a score of at least min_score, with an event
 * time after the time item was answered with (a done or datetime item),
 * or after the incident entered phase (and only while it is in it).  The
 * alerts looked at are those attached to the incident, or with hosts
 * also those of its hosts not attached (yet).
 */
enum cb_cond_type { CB_COND_EQUALS, CB_COND_ALL, CB_COND_ANY, CB_COND_ALERTS };
struct cb_cond {
	enum cb_cond_type type;
	char *item, *value;		/* EQUALS; ALERTS: item is 'after' */
	struct cb_cond *sub;		/* ALL and ANY only */
	size_t nsub;
	char *source;			/* ALERTS: "" for any */
	double min_score;		/* ALERTS: -1 for any */
	bool hosts;			/* ALERTS: also unattached for its hosts */
	int phase;			/* ALERTS: -1, or an enum cb_phase */
};

enum cb_effect_type {
	CB_EFFECT_SUGGEST_URGENCY,	/* urgency */
	CB_EFFECT_REQUIRE,		/* arg: an item id */
	CB_EFFECT_SUGGEST_ACTION,	/* arg: an action id of the playbook */
	CB_EFFECT_SUGGEST_ADVANCE,	/* phase */
	CB_EFFECT_SUGGEST_BACK,		/* phase: shown while in a later one */
	CB_EFFECT_COUNT
};
extern const char *const cb_effect_names[CB_EFFECT_COUNT];

struct cb_effect {
	enum cb_effect_type type;
	char *arg;			/* the value as written */
	enum cb_urgency urgency;	/* SUGGEST_URGENCY */
	enum cb_phase phase;		/* SUGGEST_ADVANCE */
};

struct cb_rule {
	char *id;
	struct cb_cond when;
	struct cb_effect *effects;
	size_t neffects;
	struct cb_text why;
	int line, col;
};

/* One CLASS.yaml. */
struct cb_playbook {
	char *class_id;			/* equals the file name without .yaml */
	char *path;
	struct cb_text title, summary;
	struct cb_pb_item *items;
	size_t nitems;
	struct cb_action *actions;
	size_t nactions;
	struct cb_rule *rules;
	size_t nrules;
};

/* What an incident follows: the graph and one playbook per class. */
struct cb_playbooks {
	struct cb_graph graph;
	struct cb_playbook *playbooks;	/* in cb_class_names order */
	size_t nplaybooks;
	/*
	 * The version an incident records: SHA-256 over the loaded files
	 * in name order, each as its name, a NUL, its length in decimal, a
	 * NUL and its bytes.  Any edit to any file changes it.
	 */
	char hash[CB_SHA256_HEX_LEN + 1];
};

typedef void (*cb_playbook_problem_fn)(const char *msg, void *arg);

/*
 * Loads graph.yaml and one CLASS.yaml per class of cb_class_names.  For
 * each file name, a file in override_dir (may be NULL or not exist)
 * replaces the shipped one in shipped_dir whole; nothing is merged.
 * problem (may be NULL) gets every problem.  On CB_OK out is filled and
 * the caller frees it with cb_playbooks_free(); on any other status out
 * holds nothing to free and err says why.
 */
enum cb_status cb_playbooks_load(const char *shipped_dir,
    const char *override_dir, struct cb_playbooks *out,
    cb_playbook_problem_fn problem, void *arg, struct cb_error *err);
/*
 * The shipped playbooks' folder: $CASEBOOK_PLAYBOOKS, else the installed
 * one, else (a casebook run from its build tree, not installed) the
 * source tree's.
 */
const char *cb_playbooks_dir(void);

/*
 * The same, parsing only the graph and the playbooks of the classes in
 * only (all when only is NULL): what a read of one incident needs.  The
 * hash is still over every file; the files not parsed are not checked.
 */
enum cb_status cb_playbooks_load_some(const char *shipped_dir,
    const char *override_dir, const struct cb_strlist *only,
    struct cb_playbooks *out, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err);

/*
 * Validates the n files at paths, as `casebook playbook check` does: a
 * file named graph.yaml as a graph, any other (CLASS.yaml) as the
 * playbook of CLASS, checked against the graph among paths if there is
 * one, else against shipped_dir/graph.yaml.  Each problem goes to
 * problem, prefixed with the file's path as given.  Returns CB_OK when
 * there was none, CB_ERR otherwise (err counts them).  Allocates nothing
 * that outlives the call.
 */
enum cb_status cb_playbook_check_files(const char *const *paths, size_t n,
    const char *shipped_dir, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err);

/*
 * Validates one file's bytes held in memory (the fuzz target's entry):
 * name's last component decides as above; a playbook is checked against
 * graph (NULL: item references are not checked).  Returns CB_OK or
 * CB_ERR like cb_playbook_check_files.
 */
enum cb_status cb_playbook_check_buffer(const char *name, const char *buf,
    size_t len, const struct cb_graph *graph, cb_playbook_problem_fn problem,
    void *arg, struct cb_error *err);

/* Releases everything out holds and empties it; safe on an empty one. */
void cb_playbooks_free(struct cb_playbooks *pbs);

/* Lookups by id; NULL when absent.  The results belong to pbs. */
const struct cb_item *cb_graph_find(const struct cb_playbooks *pbs,
    const char *id);
const struct cb_playbook *cb_playbook_find(const struct cb_playbooks *pbs,
    const char *class_id);
/* The item whose answer is the incident field field (graph.yaml 'field'). */
const struct cb_item *cb_graph_field_item(const struct cb_playbooks *pbs,
    const char *field);

#endif
