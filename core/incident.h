/*
 * The incident model: the fields of an incident, their allowed values,
 * validation with messages a person can act on, and the canonical JSON
 * form kept in the record (incident.json: sorted keys, one per line,
 * UTF-8, trailing newline, so that Git shows and merges it line by line).
 *
 * Nothing here knows about Git, SQL or terminals.
 */
#ifndef CB_INCIDENT_H
#define CB_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"

enum cb_phase {
	CB_PHASE_INTAKE,
	CB_PHASE_TRIAGE,
	CB_PHASE_INITIAL,
	CB_PHASE_HANDLING,
	CB_PHASE_RECOVERY,
	CB_PHASE_REPORT,
	CB_PHASE_CLOSED,
	CB_PHASE_COUNT
};

/* Decided by the CERT at triage; sorted most urgent first. */
enum cb_urgency {
	CB_URGENCY_IMMEDIATE,
	CB_URGENCY_HIGH,
	CB_URGENCY_NORMAL,
	CB_URGENCY_LOW,
	CB_URGENCY_COUNT
};

/* Decided by the head of the department; NONE until decided. */
enum cb_severity {
	CB_SEVERITY_NONE,
	CB_SEVERITY_HIGH,
	CB_SEVERITY_MEDIUM,
	CB_SEVERITY_LOW,
	CB_SEVERITY_COUNT
};

extern const char *const cb_phase_names[CB_PHASE_COUNT];
extern const char *const cb_urgency_names[CB_URGENCY_COUNT];
extern const char *const cb_severity_names[CB_SEVERITY_COUNT]; /* [NONE] is "" */
extern const char *const cb_class_names[];	/* NULL-terminated */

/* A list of owned strings. */
struct cb_strlist {
	char **v;
	size_t n;
};

void cb_strlist_add(struct cb_strlist *l, const char *s);
bool cb_strlist_has(const struct cb_strlist *l, const char *s);
/* Joins with ", "; caller frees. */
char *cb_strlist_join(const struct cb_strlist *l, const char *sep);
void cb_strlist_free(struct cb_strlist *l);

#define CB_ID_MAX 16		/* "2026-0042" and room for larger numbers */
#define CB_TIME_MAX 32		/* "2026-11-26T10:56:29Z" */

struct cb_incident {
	char id[CB_ID_MAX];
	char *title;
	struct cb_strlist classes;
	enum cb_phase phase;
	enum cb_urgency urgency;
	enum cb_severity severity;
	char *department;	/* never NULL; "" when unknown */
	char *reporter;		/* never NULL */
	struct cb_strlist assignees;
	struct cb_strlist hosts;
	char created[CB_TIME_MAX];
	char updated[CB_TIME_MAX];
};

/* A fresh incident with defaults (phase intake, urgency normal, class other). */
void cb_incident_init(struct cb_incident *inc);
void cb_incident_free(struct cb_incident *inc);
void cb_incident_copy(struct cb_incident *dst, const struct cb_incident *src);

/*
 * Ids are "YYYY-NNNN": the year of creation and a number within the year,
 * at least four digits; a store that syncs with others numbers its new
 * ones "YYYY-SNNNN", S its site letter (core/siteid.h).  cb_id_parse
 * accepts exactly those two forms (num is the number, whatever the site).
 */
bool cb_id_parse(const char *s, int *year, int *num);
void cb_id_format(char out[CB_ID_MAX], int year, int num);

/*
 * The settable fields, by name: title urgency severity department reporter
 * phase classes hosts assignees.  Lists take comma-separated values.
 * cb_incident_set validates value and changes only that field; on a bad
 * value it returns CB_EUSAGE with a message naming the field and the
 * accepted values, leaving inc untouched.
 */
bool cb_field_known(const char *field);
extern const char *const cb_field_names[];	/* NULL-terminated */
enum cb_status cb_incident_set(struct cb_incident *inc, const char *field,
    const char *value, struct cb_error *err);
/* The field's value as text (lists joined with ","); caller frees. */
char *cb_incident_get(const struct cb_incident *inc, const char *field);

/* Checks a whole incident (after reading it back from the record). */
enum cb_status cb_incident_validate(const struct cb_incident *inc,
    struct cb_error *err);

/* Canonical JSON of the incident, ending with a newline; caller frees. */
char *cb_incident_to_json(const struct cb_incident *inc);
/*
 * Parses incident.json.  where names the source for messages (a path).
 * On error inc is left initialised (free it) and err names line and field.
 */
enum cb_status cb_incident_from_json(const char *buf, size_t len,
    const char *where, struct cb_incident *inc, struct cb_error *err);

/*
 * Time.  cb_now() is the current time, or CASEBOOK_NOW (seconds since the
 * epoch) when set: tests use it for a fixed clock.
 */
time_t cb_now(void);
/* Fixes the clock at t (0: back to CASEBOOK_NOW or the real time). */
void cb_clock_fix(time_t t);
/* True when the clock is fixed (by cb_clock_fix or CASEBOOK_NOW). */
bool cb_clock_fixed(void);
void cb_time_format(time_t t, char out[CB_TIME_MAX]);
bool cb_time_parse(const char *s, time_t *t);

#endif
