/*
 * Read-only, windowed queries on the alerts in the index, for screens:
 * the Alerts screen's tabs counted and read a page at a time (a group
 * itself, its hosts, related incidents and alerts are read with
 * store.h's cb_store_alert_group and cb_store_group_alerts), and the
 * dashboard's figures from real alerts.  Like
 * store/queue.h: a screen never holds a whole table, it asks for the
 * rows it shows (offset and limit, along an index) and for counts.
 *
 * Every function returns an enum cb_status and fills err, prints
 * nothing, writes nothing, and hands rows to callbacks whose strings
 * belong to the store and live until the callback returns.  Text in
 * rows is data from outside: sanitise it before it reaches a terminal.
 * Acts on groups (promote, merge, dismiss, suppress) are store/alert.c's.
 */
#ifndef CB_ALERTVIEW_H
#define CB_ALERTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/store.h"

/*
 * The Alerts screen's tabs.  NEW: groups not yet triaged.  SUPPRESSED:
 * groups a suppression rule took in at ingest.  DONE: every other
 * status (promoted, merged, dismissed, expired).
 */
enum cb_atab { CB_ATAB_NEW, CB_ATAB_SUPPRESSED, CB_ATAB_DONE, CB_ATAB_COUNT };

/*
 * The orders of a tab: LAST (newest last event first: the default),
 * SCORE (highest top score first), COUNT (most alerts first), FIRST
 * (oldest first event first), SIGNATURE and DEPARTMENT (ASCII letters in
 * either case alike).  Ties go by group id, newest first.  reverse
 * turns the order round.
 */
enum cb_asort { CB_ASORT_LAST, CB_ASORT_SCORE, CB_ASORT_COUNT,
	CB_ASORT_FIRST, CB_ASORT_SIGNATURE, CB_ASORT_DEPARTMENT, CB_ASORT_N };

struct cb_agroup_filter {
	enum cb_atab tab;
	/*
	 * NULL or "": none.  Otherwise a literal substring (no wildcards;
	 * ASCII letters match either case) of the signature, class,
	 * department, group key (its src, dst, ... as grouped) or incident.
	 */
	const char *text;
	enum cb_asort sort;
	bool reverse;
	/*
	 * The caller has counted the text's matches in the tab and found
	 * them few (under a thousand, say): cb_agroups_page takes them from
	 * the index of the groups' text and sorts them, rather than walk
	 * the tab.  The rows are the same either way.
	 */
	bool few;
};

/*
 * Rows of a page are struct cb_alert_group (store.h) read from the
 * groups' own rows only: related is "", so that a page costs one query
 * whatever the number of open incidents; cb_store_alert_group reads a
 * group whole (with the open incidents sharing a host or observable) when it is to be
 * shown.
 */
/*
 * The number of groups of f's tab through f's text, into *n; counting
 * stops at cap (cap > 0; 0 counts them all) and *capped (may be NULL)
 * says so.  Without a text, New and Suppressed are counted along an
 * index: about 6 ms for 100,000 groups.
 */
enum cb_status cb_agroups_count(struct cb_store *st,
    const struct cb_agroup_filter *f, long cap, long *n, bool *capped,
    struct cb_error *err);
/*
 * Rows offset .. offset + limit - 1 of f's tab in f's order, each to fn
 * (non-zero stops).  In New and Suppressed, by last event or top score
 * (either way), reads only those rows (LIMIT/OFFSET along the tab's
 * index; with a text, as many as it takes to find them); the other
 * orders and Done sort the tab's matches.
 */
enum cb_status cb_agroups_page(struct cb_store *st,
    const struct cb_agroup_filter *f, long offset, long limit,
    cb_alert_group_fn fn, void *arg, struct cb_error *err);

/*
 * The dashboard's alert figures over the 24 hours before now, hour by
 * hour (index 23 the hour ending now): alerts seen (by event time), and
 * the mean and highest score of those with a score (-1 when none).
 */
struct cb_alert_hours {
	long count[24];
	double mean_score[24], max_score[24];
};
enum cb_status cb_alert_hours(struct cb_store *st, time_t now,
    struct cb_alert_hours *h, struct cb_error *err);
/*
 * Notable groups: those with an event in the 24 hours before now whose
 * top score is at least threshold, highest first, at most max, to fn
 * (rows as a page's).
 */
enum cb_status cb_alert_notable(struct cb_store *st, time_t now,
    double threshold, int max, cb_alert_group_fn fn, void *arg,
    struct cb_error *err);
/*
 * Mail attacks: the distinct recipients (mail-to observables) of alerts
 * with an event in the 24 hours before now, per department (the
 * alert's; "" when unknown), most first, at most max departments, each
 * to fn(department, recipients, arg).
 */
enum cb_status cb_alert_mail_departments(struct cb_store *st, time_t now,
    int max, int (*fn)(const char *department, long recipients, void *arg),
    void *arg, struct cb_error *err);

#endif
