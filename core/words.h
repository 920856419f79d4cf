/*
 * The words a person reads for the domain's values: phase names in the
 * interface's language, a stored value (urgency "high", a class, "yes")
 * shown with its option label from the playbooks, ages that cannot be
 * misread ("6 min", not "6m"), and times in the local zone with the
 * zone marked.  Nothing here changes what is stored: values and times
 * stay as they are in the record and in JSON output.
 */
#ifndef CB_WORDS_H
#define CB_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/playbook.h"

/* The phase as a person reads it ("intake", 受付); static storage. */
const char *cb_phase_word(enum cb_phase p);
/* A checklist item's state ("ready", 回答可); static storage. */
const char *cb_state_word(enum cb_item_state s);
/* Who answers: "CERT", "office staff", "department head" (CERT, 事務,
 * 部局長); "" for NONE; static storage. */
const char *cb_role_word(enum cb_role r);

/* An item's kind ("choice", 選択); static storage. */
const char *cb_kind_word(enum cb_item_kind k);

/*
 * A rule's suggestion as a person reads it: "urgency: High" (緊急性の提案:
 * 高), "required: Affected host(s)", "action: Cut off the host", "move
 * on to: handling", from the effect's name and value as a recorded
 * suggestion keeps them.  pbs may be NULL (ids are then shown).  Writes
 * into buf and returns it.
 */
const char *cb_suggestion_word(const struct cb_playbooks *pbs,
    const char *effect, const char *value, const char *lang, char *buf,
    size_t n);

/* What a commit of the record did ("note", 記録) from its
 * Casebook-Action; an action it does not know is given as it is. */
const char *cb_action_word(const char *action);

/*
 * The label of value as an answer to item (an id of graph.yaml) in lang
 * ("ja" or "en"): a choice's option label, はい/いいえ for a yes/no.
 * CB_WORD_BRIEF keeps the label up to its explanation in parentheses ("High"
 * for "High (act today)", 高 for 高（当日中に対応）), for a column.  A
 * comma-separated list (classes) gives each label, joined.  pbs may be
 * NULL; a value no option names, and the answer to an item that is not
 * a choice, is given as it is.  Labels are given with CB_WORD_LABELS
 * only (English shows the values as stored, which commands take); the
 * times of a date, done or period item are always in the local zone.
 * Writes into buf (n bytes) and returns it.
 */
enum {
	CB_WORD_BRIEF = 1 << 0,		/* the label without its explanation */
	CB_WORD_LABELS = 1 << 1		/* option labels, not values */
};
const char *cb_value_word(const struct cb_playbooks *pbs, const char *item,
    const char *value, const char *lang, int flags, char *buf, size_t n);

/* The item a field of the incident mirrors ("urgency" for "urgency",
 * "classification" for "classes"), or NULL. */
const char *cb_field_item(const struct cb_playbooks *pbs, const char *field);

/*
 * How long ago an ISO 8601 UTC time (as the record keeps it) was, from
 * cb_now(): "6 min", "3 h", "12 d" (6分, 3時間, 12日 in Japanese); "?"
 * for a time that does not parse.
 */
void cb_age_word(const char *iso, char *out, size_t n);
/* A span of secs seconds in the same words ("6 min", "3 h", "12 d"). */
void cb_duration_word(long long secs, char *out, size_t n);

/*
 * A time of the record (ISO 8601 UTC) in the local zone (TZ, else the
 * system's), with the zone: "2026-11-25 21:00 JST".  A time that does
 * not parse is copied as it is.  CB_LOCAL_TIME_MAX bytes are enough.
 */
#define CB_LOCAL_TIME_MAX 48
void cb_local_time(const char *iso, char *out, size_t n);
void cb_local_time_t(time_t t, char *out, size_t n);

/* The local zone's offset from UTC at t, in seconds east (JST: 32400). */
long cb_utc_offset(time_t t);

#endif
