/*
 * An incident's timeline: its key moments and the time spent in each
 * phase, computed from its history.  Pure: store/ fills the records from
 * the index (the commits, answers and events tables), core/ only reads
 * them.  Nothing is invented: a moment no record establishes is unknown,
 * and says which checklist item would establish it.
 *
 * Which record establishes which moment (doc/design.md, "Timelines"):
 *
 *   detected      the earliest ALERT record's event time; else the
 *                 answer to 'source' (when the detection was recorded)
 *   received      the CREATED record (the report was taken in)
 *   triaged       the first answer to 'urgency' (a later change of
 *                 urgency is a re-decision, not the triage)
 *   contained     the latest answer to 'network_cutoff' (its value, the
 *                 time the cut-off was done)
 *   cause_known   the latest answer to 'root_cause'
 *   recovered     the latest answer to 'recovery_done' (its value)
 *   severity      the latest answer to 'dept_severity'
 *   report_filed  the latest answer to 'report_filed' (its value)
 *   closed        the latest change of phase to closed, unless a later
 *                 change reopened the incident
 *
 * "Latest" because a later answer to the same item corrects the earlier
 * one, as in the checklist.  The time of an answer is its record's time
 * (the commit), except for done items, whose value is the time the thing
 * was done (the person may record it later); a done value that does not
 * parse falls back to the record's time.  Without a graph (the index
 * computes moments without the playbooks) network_cutoff, recovery_done
 * and report_filed, done items in the shipped graph, are read as done
 * items.  A waiver establishes nothing.  An answer taken back
 * (WITHDRAWN) makes the moments its item established unknown again,
 * until a later answer.
 */
#ifndef CB_TIMELINE_H
#define CB_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/playbook.h"

/* What one record of the history is. */
enum cb_tl_kind {
	CB_TL_CREATED,	/* the incident was created (commits: action new) */
	CB_TL_FIELD,	/* a field changed: key the field, value the new one */
	CB_TL_ANSWER,	/* a checklist answer: key the item, value its value */
	CB_TL_WAIVER,	/* a checklist item waived: key the item */
	CB_TL_ALERT,	/* an alert joined the incident: value its event time */
	CB_TL_WITHDRAWN, /* an answer or waiver taken back: key the item */
	CB_TL_KIND_COUNT
};

/*
 * One record, as store/ reads it.  Every string is borrowed and may be
 * NULL only where said.  The records of one incident may come in any
 * order: cb_timeline_compute sorts its own copy of their order by at
 * (stably, so records of one commit keep theirs).
 */
struct cb_tl_record {
	time_t at;		/* the commit's time */
	const char *author;	/* the commit's author (a login or name) */
	const char *action;	/* the commit's action ("new", "answer",
				   "advance", ...); NULL when unknown */
	enum cb_tl_kind kind;
	const char *key;	/* FIELD: field; ANSWER, WAIVER: item id;
				   NULL for CREATED and ALERT */
	const char *value;	/* FIELD, ANSWER: the value; ALERT: the
				   event time (ISO 8601), NULL: use at */
	const char *commit;	/* the commit id that made it, or NULL */
};

enum cb_moment {
	CB_MOMENT_DETECTED,
	CB_MOMENT_RECEIVED,
	CB_MOMENT_TRIAGED,
	CB_MOMENT_CONTAINED,
	CB_MOMENT_CAUSE_KNOWN,
	CB_MOMENT_RECOVERED,
	CB_MOMENT_SEVERITY,
	CB_MOMENT_REPORT_FILED,
	CB_MOMENT_CLOSED,
	CB_MOMENT_COUNT
};
/* "detected", "received", ...: the names JSON and report forms use. */
extern const char *const cb_moment_names[CB_MOMENT_COUNT];
/* What people read for each (N_() strings: translate where shown). */
extern const char *const cb_moment_words[CB_MOMENT_COUNT];

/* The moment named name, or CB_MOMENT_COUNT when there is none. */
enum cb_moment cb_moment_from_name(const char *name);

struct cb_tl_moment {
	bool known;
	time_t at;			/* known only */
	const struct cb_tl_record *source; /* known only: the record that
					   established it (into the input) */
	/*
	 * The checklist item that establishes the moment ("urgency",
	 * "network_cutoff", ...), whether known or not; NULL for received
	 * (the creation) and closed (a phase change, not an item).
	 */
	const char *item_id;
	const struct cb_item *item;	/* item_id in the graph, or NULL */
	bool applies;			/* false: the item does not apply to
					   the incident's classes (so the
					   moment will stay unknown) */
};

struct cb_timeline {
	struct cb_tl_moment moments[CB_MOMENT_COUNT];
	/*
	 * Seconds spent in each phase, summed over every time it was
	 * entered (going back and coming again adds the second span).  The
	 * current phase counts up to the now given, unless it is closed:
	 * closed has no duration.  A phase never entered has 0 and
	 * entered 0.
	 */
	long long seconds[CB_PHASE_COUNT];
	unsigned entered[CB_PHASE_COUNT];
	enum cb_phase current;
	unsigned backwards;	/* phase changes to an earlier phase */
	unsigned reopened;	/* changes from closed to another phase */
};

/*
 * Computes tl from the n records of one incident.  graph (may be NULL)
 * resolves the items; cl (may be NULL: every item applies) says which
 * apply.  now ends the current phase's span.  Allocates only for its
 * own work (freed before it returns): tl's source pointers point into recs, its item pointers into graph, and
 * must not outlive them.  Without a CREATED record the history starts at
 * the first record, in intake.
 */
void cb_timeline_compute(const struct cb_tl_record *recs, size_t n,
    const struct cb_graph *graph, const struct cb_checklist *cl, time_t now,
    struct cb_timeline *tl);

#endif
