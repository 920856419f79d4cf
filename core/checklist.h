/*
 * The checklist: for an incident, the state of every item of the
 * required-information graph, computed from the playbooks of its classes
 * and the answers given so far.  Pure logic: the answers come from the
 * record (store/), the playbooks from core/playbook.c.
 *
 * An item applies when a playbook of one of the incident's classes lists
 * it; it is required when such a playbook says so or a fired rule
 * requires it.  Its dependencies count only among applicable items: a
 * dependency on an item that does not apply is dropped, and an "any" list
 * none of whose items applies is met (playbooks/README.md).  An answered
 * or waived item satisfies its dependents.  A rule's condition on an item
 * without an answer is false.
 */
#ifndef CB_CHECKLIST_H
#define CB_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/incident.h"
#include "core/playbook.h"

enum cb_item_state {
	CB_ITEM_BLOCKED,	/* applicable, dependencies unmet */
	CB_ITEM_READY,		/* applicable, can be answered now */
	CB_ITEM_ANSWERED,
	CB_ITEM_WAIVED,
	CB_ITEM_NA,		/* not applicable to the incident's classes */
	CB_ITEM_STATE_COUNT
};
extern const char *const cb_item_state_names[CB_ITEM_STATE_COUNT];

/* An answer or a waiver, as kept in the record (checklist.json). */
struct cb_answer {
	const char *item;
	const char *value;	/* a waiver's value is NULL */
	const char *reason;	/* waivers only */
	const char *by;		/* the login who recorded it */
	const char *decided_by;	/* whose decision it records, or "" */
	const char *note;	/* "" when none */
	const char *at;
};

struct cb_checkitem {
	const struct cb_item *item;
	enum cb_item_state state;
	bool required;
	const struct cb_answer *answer;		/* ANSWERED and WAIVED */
	const struct cb_pb_item *guidance;	/* the first playbook's, or NULL */
	const struct cb_item **blocked_by;	/* unmet dependencies */
	size_t nblocked_by;
	size_t unblocks;	/* applicable items that depend on this one */
};

/* What a fired rule suggests: one effect of one rule. */
struct cb_suggestion {
	const struct cb_playbook *playbook;
	const struct cb_rule *rule;
	const struct cb_effect *effect;
};

struct cb_checklist {
	struct cb_checkitem *items;	/* every graph item, in graph order */
	size_t nitems;
	struct cb_suggestion *suggestions;	/* in playbook and rule order */
	size_t nsuggestions;
};

/*
 * What the rules know of an incident's alerts (store/ gathers them from
 * the index): those attached to it and those not attached whose source
 * or destination is one of its hosts; its phase and since when it is in
 * it (0: not known).  Times are epoch seconds.
 */
struct cb_alert_fact {
	const char *source;	/* "lastline", "suricata", ... */
	double score;
	time_t event;
	bool attached;
};
struct cb_alert_facts {
	const struct cb_alert_fact *alerts;
	size_t n;
	enum cb_phase phase;
	time_t phase_since;
};

/*
 * Computes the checklist of an incident of the given classes with the
 * given answers (the latest per item; an item answered twice keeps the
 * later one of the array).  Allocates out's arrays; free them with
 * cb_checklist_free.  Pointers into pbs and answers stay borrowed: both
 * must outlive out.
 */
void cb_checklist_compute(const struct cb_playbooks *pbs,
    const struct cb_strlist *classes, const struct cb_answer *answers,
    size_t nanswers, struct cb_checklist *out);
/*
 * The same with what is known of its alerts (NULL: nothing, and every
 * alerts condition is false); facts is read only during the call.
 */
void cb_checklist_compute_alerts(const struct cb_playbooks *pbs,
    const struct cb_strlist *classes, const struct cb_answer *answers,
    size_t nanswers, const struct cb_alert_facts *facts,
    struct cb_checklist *out);
void cb_checklist_free(struct cb_checklist *cl);

/*
 * Whether the rule a recorded suggestion's key ("CLASS/RULE/N") names
 * has an alerts condition anywhere in its 'when'.  Such a suggestion
 * rests on alerts seen, which another site's index may not hold: it is
 * not withdrawn when its rule stops firing, only acted on.
 */
bool cb_checklist_key_on_alerts(const struct cb_playbooks *pbs,
    const char *key);

const struct cb_checkitem *cb_checklist_find(const struct cb_checklist *cl,
    const char *item);

/*
 * Whether inc's field holds its value only by default: an item mirrors
 * the field (graph.yaml 'field'), nobody answered it, and the field is
 * what a fresh incident has (urgency normal, class other).  A default is
 * nobody's decision: show it as one, never as the creator's.
 */
bool cb_checklist_is_default(const struct cb_checklist *cl,
    const struct cb_incident *inc, const char *field);

/*
 * The next steps: ready items in phase order, then those that unblock
 * more first, then graph order.  Writes at most max pointers to out and
 * returns how many there are in all.
 */
size_t cb_checklist_next(const struct cb_checklist *cl,
    const struct cb_checkitem **out, size_t max);

/*
 * Whether phase's gate is met: every required applicable item of that
 * phase answered or waived.  The missing ones (at most max) go to
 * missing; returns how many are missing in all (0: complete).
 */
size_t cb_checklist_missing(const struct cb_checklist *cl, enum cb_phase phase,
    const struct cb_checkitem **missing, size_t max);

/*
 * Checks value against item's kind and writes the form stored to *out
 * (caller frees): yesno "yes"/"no" (also y, n, はい, いいえ); choice an
 * option value (classification: one or more, comma-separated, kept in
 * option order); text non-empty; datetime ISO 8601 kept as given with
 * its zone; period "START/END" with START before END; hosts a
 * comma-separated list of addresses or host names; done "now" (becomes
 * the current time) or a datetime.  CB_EUSAGE with the accepted forms
 * in the message otherwise.
 */
enum cb_status cb_value_check(const struct cb_item *item, const char *value,
    char **out, struct cb_error *err);

#endif
