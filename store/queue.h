/*
 * Windowed queries for screens: the queue's tabs counted and read a page
 * at a time, the dashboard's figures, and a cheap check for changes
 * other people made.  A screen never holds a whole table: it asks for
 * the rows it shows (offset and limit) and for counts.
 *
 * Like the rest of store/, every function returns an enum cb_status and
 * fills err, prints nothing, and hands rows to callbacks whose strings
 * belong to the store and live until the callback returns.  Text in rows
 * is data: sanitise it before it reaches a terminal.
 */
#ifndef CB_QUEUE_H
#define CB_QUEUE_H

#include <stdbool.h>
#include <time.h>

#include "store/store.h"

/*
 * The queue's tabs.  OPEN: every incident not closed.  MINE: open ones
 * whose assignees include the login given.  WAITING: open ones whose
 * current phase has ready items waiting on someone (checklists.waiting
 * not empty).  CLOSED: closed ones.  FOR_ME: open ones whose ready
 * items wait on the role given (the head's: the cases that need their
 * decision).  All in queue order: most urgent first, then oldest, then
 * by id.
 */
enum cb_tab { CB_TAB_OPEN, CB_TAB_MINE, CB_TAB_WAITING, CB_TAB_CLOSED,
	CB_TAB_FOR_ME, CB_TAB_COUNT };

/*
 * A column to sort a tab by instead of queue order; ties stay in queue
 * order.  Text sorts with ASCII letters in either case alike, AGE oldest
 * first, DONE by the share of the current phase's gate met.
 */
enum cb_sort { CB_SORT_QUEUE, CB_SORT_ID, CB_SORT_URGENCY, CB_SORT_PHASE,
	CB_SORT_CLASSES, CB_SORT_DEPARTMENT, CB_SORT_TITLE, CB_SORT_AGE,
	CB_SORT_DONE, CB_SORT_COUNT };

struct cb_queue_filter {
	enum cb_tab tab;
	const char *login;	/* MINE: the acting user's login */
	const char *role;	/* FOR_ME: the acting user's role ("head") */
	/*
	 * NULL or "": no filter.  Otherwise a literal substring (no
	 * wildcards; ASCII letters match either case) looked for in the id,
	 * title, department and hosts.
	 */
	const char *text;
	/*
	 * Sorted by a column (CB_SORT_QUEUE: queue order, read along the
	 * index; any other sorts the tab's matches each call), reversed when
	 * reverse is true.
	 */
	enum cb_sort sort;
	bool reverse;
};

/*
 * The number of rows of the filtered tab in *count.  Without a filter
 * this reads an index only; with one it scans the tab's rows.
 */
enum cb_status cb_queue_count(struct cb_store *st,
    const struct cb_queue_filter *f, long *count, struct cb_error *err);

/*
 * The rows offset .. offset + limit - 1 of the filtered tab, in queue
 * order, each handed to fn (which returns non-zero to stop).  Reads only
 * those rows (plus the offset's walk along the queue index).
 */
enum cb_status cb_queue_rows(struct cb_store *st,
    const struct cb_queue_filter *f, long offset, long limit, cb_row_fn fn,
    void *arg, struct cb_error *err);

/*
 * Filtering as the user types, in one pass over the tab: the rows
 * offset .. offset + limit - 1 go to fn, and the matches are counted
 * on until there are cap of them (*count stops at cap; *capped says so)
 * or the tab ends.  One scan instead of a count and a page; a short
 * filter that matches much stops early.
 */
enum cb_status cb_queue_page(struct cb_store *st,
    const struct cb_queue_filter *f, long offset, long limit, long cap,
    cb_row_fn fn, void *arg, long *count, bool *capped,
    struct cb_error *err);

/*
 * A match of the filter, as cb_queue_matches hands it on: the columns
 * the filter looks in, and nothing else.
 */
struct cb_match {
	const char *id, *title, *department, *hosts;
};
typedef int (*cb_match_fn)(const struct cb_match *m, void *arg);

/*
 * The filtered tab's matches in its order (sorted as f says), each
 * handed to fn (NULL: only counted; non-zero from fn stops the calls,
 * not the count), until there are cap of them (*count stops at cap;
 * *capped says so; cap <= 0: no cap) or the tab ends.  Every tab but
 * WAITING and FOR_ME, and every order but DONE, reads one index alone,
 * without the tables' rows: a screen keeps the matches in memory, to
 * narrow them as the filter grows, and reads whole (cb_store_row) only
 * the rows it shows.
 *
 * after (NULL: from the top) resumes a scan in queue order: only the
 * rows after the incident with that id are looked at, from the index
 * (CB_ENOTFOUND when it is gone; CB_EUSAGE with a sorted f).  A screen
 * whose filter grows by a character keeps those of its matches that
 * still match and reads on from where its capped scan stopped.
 */
enum cb_status cb_queue_matches(struct cb_store *st,
    const struct cb_queue_filter *f, const char *after, long cap,
    cb_match_fn fn, void *arg, long *count, bool *capped,
    struct cb_error *err);

/*
 * Tells the store that it serves an interactive screen: the index keeps
 * up to 24 MiB of pages in memory (SQLite's default is 2 MiB), so that
 * a filter typed a character at a time scans the queue from memory, not
 * through a read() per page.  Costs memory only as pages are used.
 */
enum cb_status cb_queue_interactive(struct cb_store *st, struct cb_error *err);

/* --- the dashboard ----------------------------------------------------------- */

/* A group of open incidents: its key ("high", "triage", a department). */
typedef int (*cb_group_fn)(const char *key, long n, void *arg);
enum cb_group { CB_GROUP_URGENCY, CB_GROUP_PHASE, CB_GROUP_DEPARTMENT };

/*
 * Open incidents counted per urgency (most urgent first), per phase (in
 * phase order) or per department (largest first, at most limit groups;
 * "" is the unknown department).
 */
enum cb_status cb_queue_groups(struct cb_store *st, enum cb_group by,
    long limit, cb_group_fn fn, void *arg, struct cb_error *err);

/*
 * Incidents created in each of the 24 hours before now: per_hour[23] is
 * the hour ending at now, per_hour[0] the one starting 24 hours before.
 */
enum cb_status cb_queue_per_hour(struct cb_store *st, time_t now,
    long per_hour[24], struct cb_error *err);

/* The limit oldest open incidents, oldest first. */
enum cb_status cb_queue_oldest(struct cb_store *st, long limit, cb_row_fn fn,
    void *arg, struct cb_error *err);

/* --- other people's changes --------------------------------------------------- */

/*
 * What cb_queue_poll saw: whether the branch moved since the last call,
 * and, when it did, the newest commit's incident and author login.
 */
struct cb_queue_poll {
	char tip[41];		/* the branch tip last seen; "" before the first */
	long seq;		/* the newest commit indexed then */
	bool moved;
	int commits;		/* how many commits came in */
	char incident[CB_ID_MAX];	/* "" when the commit named none */
	char author[64];
};

/*
 * A cheap check, meant to run about once a second: reads the branch's
 * ref file (no libgit2 when the ref is loose) and compares it with
 * p->tip.  When it moved, brings the index up to date (only the
 * difference) and fills p.  The first call only records where things
 * are (p->moved false).  Allocates nothing the caller frees.
 */
enum cb_status cb_queue_poll(struct cb_store *st, struct cb_queue_poll *p,
    struct cb_error *err);

#endif
