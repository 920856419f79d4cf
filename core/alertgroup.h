/*
 * Alert triage as data: how alerts are grouped (playbooks/alerts.yaml:
 * the fields that make a group's key, the sliding window on event
 * time, which class an alert suggests), and the host map (CIDR or host
 * name -> department, owner, notes) read from CSV.
 *
 * Pure: bytes in, structures out; store/alert.c applies them at ingest.
 */
#ifndef CB_ALERTGROUP_H
#define CB_ALERTGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/alert.h"
#include "core/error.h"

/* The fields a group's key may be made of (alerts.yaml "group_by"). */
#define CB_GROUP_FIELD_INFO(_) \
	_(CB_GF_SOURCE, "source") \
	_(CB_GF_SIGNATURE, "signature") \
	_(CB_GF_CATEGORY, "category") \
	_(CB_GF_SRC, "src") \
	_(CB_GF_DST, "dst") \
	_(CB_GF_DEPARTMENT, "department") \
	_(CB_GF_GROUP_REF, "group_ref")

enum cb_group_field {
#define CB_GF_ENUM(name, text) name,
	CB_GROUP_FIELD_INFO(CB_GF_ENUM)
#undef CB_GF_ENUM
	CB_GF_COUNT
};
extern const char *const cb_group_field_names[CB_GF_COUNT];

/*
 * A class rule: an alert of source (NULL: any) whose field (category
 * or signature) matches the glob pattern (fnmatch, case ignored)
 * suggests class.  The first rule that matches wins.
 */
struct cb_class_rule {
	char *source;
	enum cb_group_field field;	/* CB_GF_CATEGORY or CB_GF_SIGNATURE */
	char *pattern;
	char *class;
};

struct cb_alert_rules {
	unsigned fields;	/* bit (1u << field) per field of the key */
	long window;		/* seconds; default 2 h */
	long stale;		/* untriaged groups older than this expire; 0 never */
	long retention;		/* unattached alerts older than this are deleted by gc */
	double notable;		/* a group whose top score reaches this is notable */
	struct cb_class_rule *classes;
	size_t nclasses;
	/* Sources that are outside organisations (an incident promoted
	 * from them answers source external_report, not alert). */
	char **external;
	size_t nexternal;
};

/*
 * The defaults, used without an alerts.yaml: src + signature, 2 h,
 * stale after 14 days, retention 400 days, notable at 80, and the
 * class mapping of doc/alerts.md (Lastline -> malware, Suricata
 * categories -> scan, intrusion, dos).
 */
void cb_alert_rules_default(struct cb_alert_rules *r);
/*
 * Parses an alerts.yaml (path names it in messages): what it gives
 * replaces the default, what it leaves out keeps it.  On error r holds
 * the defaults and err says where and why.  Free with
 * cb_alert_rules_free.
 */
enum cb_status cb_alert_rules_parse(const char *path, const char *buf,
    size_t len, struct cb_alert_rules *r, struct cb_error *err);
void cb_alert_rules_free(struct cb_alert_rules *r);

/* The group key of a: its key fields' values, separated by 0x1f, into
 * out (emptied first). */
void cb_alert_group_key(const struct cb_alert_rules *r,
    const struct cb_alert *a, struct cb_buf *out);
/* Whether source is an outside organisation's (alerts.yaml
 * external_sources). */
bool cb_alert_source_external(const struct cb_alert_rules *r,
    const char *source);
/* The class a suggests ("other" when no rule matches); static. */
const char *cb_alert_class(const struct cb_alert_rules *r,
    const struct cb_alert *a);

/*
 * "90s", "30m", "2h", "7d", "2w" (a number and a unit; a bare number is
 * seconds) into *secs; false for anything else or <= 0.
 */
bool cb_duration_parse(const char *s, long *secs);

/* --- the host map ------------------------------------------------------ */

struct cb_host_entry {
	char *pattern;		/* "10.20.0.0/16", "2001:db8::/32" or "mail.example.ac.jp" */
	char *department, *owner, *notes;	/* never NULL */
	/* For a CIDR: the network, as 16 bytes (IPv4 mapped), and prefix
	 * over those 128 bits; prefix < 0 for a host name. */
	unsigned char net[16];
	int prefix;
};

struct cb_host_map {
	struct cb_host_entry *v;	/* longest prefix first, names last */
	size_t n;
};

/*
 * Reads a host map CSV (libcsv): a header naming the columns, of which
 * "host" (or "cidr", "network") and "department" are required, "owner"
 * and "notes" optional, in any order; then a row per host or network.
 * A bad row (no host, a malformed CIDR) is told to bad(line, why, arg)
 * and skipped.  CB_ERR when the header is unusable.  Sorted for lookup.
 */
enum cb_status cb_host_map_parse(const char *buf, size_t len,
    struct cb_host_map *m, void (*bad)(size_t line, const char *why,
    void *arg), void *arg, struct cb_error *err);
/* Adds one entry (copied); false for a malformed pattern.  Call
 * cb_host_map_sort after the last. */
bool cb_host_map_add(struct cb_host_map *m, const char *pattern,
    const char *department, const char *owner, const char *notes);
void cb_host_map_sort(struct cb_host_map *m);
void cb_host_map_free(struct cb_host_map *m);
/*
 * The entry for an address (the longest prefix holding it) or a host
 * name (case ignored), or NULL.
 */
const struct cb_host_entry *cb_host_map_find(const struct cb_host_map *m,
    const char *addr_or_name);
/* The department of an alert: its src, then its dst (address, then
 * name), else NULL. */
const char *cb_host_map_department(const struct cb_host_map *m,
    const struct cb_alert *a);

#endif
