/*
 * The queue: tabs Open, Mine, Waiting and Closed with their counts, the
 * incidents of the current tab in queue order (most urgent first, then
 * oldest, or sorted by a column: 'o' cycles the column, 'O' reverses),
 * a filter typed after '/' applied as you type and to every tab's
 * count.  Rows marked with 't' (or Space) take a bulk act: assign, set
 * the urgency, close with a reason: one store call, so one commit, an
 * incident, and what each refused is listed.
 *
 * The list's source is a window of rows read from the index (store/
 * queue.h): three pages around what is shown, read again only when the
 * list scrolls out of it, so moving down costs no query most of the time
 * and 100,000 incidents cost no more than 100.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "store/alertview.h"
#include "tui/tui-int.h"

struct qrow {
	char id[CB_ID_MAX];
	char *title, *urgency, *phase, *classes, *department, *created, *hosts;
	char *damaged;		/* why the record's files are unusable, or NULL */
	int done, required;
	bool waiting;
	char *waits, *assignees;	/* the roles waited on; who is assigned */
};

/* A match of the filter: what the filter looks in (cb_match). */
struct qmatch {
	char id[CB_ID_MAX];
	char *title, *department, *hosts;
};

struct queue {
	struct tui *t;
	enum cb_tab tab;
	long counts[CB_TAB_COUNT];
	char filter[512];
	struct tui_list list;
	/* The window read: rows woff .. woff + wn - 1 of the tab. */
	struct qrow *rows;
	long woff;
	int wn, wcap;
	bool valid;
	bool capped[CB_TAB_COUNT];	/* the count stopped at FILTER_CAP */
	enum cb_sort sort;
	bool reverse;
	/* The ids marked for a bulk act. */
	char (*marked)[CB_ID_MAX];
	size_t nmarked, capmarked;
	bool pending[CB_TAB_COUNT];	/* a count not made yet */
	/*
	 * The filter is being typed: the other tabs' counts wait for Enter
	 * (each would scan its tab at every keystroke: the closed one holds
	 * most of the record) and show "(...)" meanwhile.
	 */
	bool typing;
	/*
	 * With a filter: the current tab's first matches (up to FILTER_CAP),
	 * in order, read from one index; the window's rows are read whole by
	 * their ids.  read_with is the filter they were read with, complete
	 * says they are all its matches: then a longer filter (one more
	 * character typed) narrows them in memory, without a query.
	 */
	struct qmatch *matches;
	long nmatches, capmatches;
	char read_with[512];
	bool complete;
	char role[16];		/* the user's role, for the For me tab */
	/* ",login,...," of the people the config makes office staff, to
	   name the assignee a case waits on (WAITS ON) by role. */
	struct cb_buf staff;
	long new_alerts;	/* new alert groups, for the header; -1 unknown */
	bool new_capped;	/* there are more */
};

/*
 * A filter counts its matches up to this; more shows as "1000+".  As
 * many are kept in memory (id, title, department, hosts: some 100 KiB),
 * for narrowing and for reading a window's rows by id.
 */
#define FILTER_CAP 1000

static const char *const tab_names[CB_TAB_COUNT] = {
	N_("Open"), N_("Mine"), N_("Waiting"), N_("Closed"),
	/* TRANSLATORS: the tab of the cases waiting on the user's role. */
	N_("For me"),
};

static void
filter_of(struct queue *q, enum cb_tab tab, struct cb_queue_filter *f)
{
	f->tab = tab;
	f->login = q->t->me.login;
	f->role = q->role;
	f->text = q->filter;
	f->sort = q->sort;
	f->reverse = q->reverse;
}

static void
clear_rows(struct queue *q)
{
	for (int i = 0; i < q->wn; i++) {
		struct qrow *r = &q->rows[i];

		free(r->title);
		free(r->urgency);
		free(r->phase);
		free(r->classes);
		free(r->department);
		free(r->created);
		free(r->hosts);
		free(r->damaged);
		free(r->waits);
		free(r->assignees);
	}
	q->wn = 0;
	q->valid = false;
}

static void
free_match(struct qmatch *m)
{
	free(m->title);
	free(m->department);
	free(m->hosts);
}

static void
clear_matches(struct queue *q)
{
	for (long i = 0; i < q->nmatches; i++)
		free_match(&q->matches[i]);
	q->nmatches = 0;
	q->complete = false;
	q->read_with[0] = '\0';
}

static int
keep_match(const struct cb_match *m, void *arg)
{
	struct queue *q = arg;
	struct qmatch *k;

	if (q->nmatches == q->capmatches) {
		q->capmatches = q->capmatches ? 2 * q->capmatches : 256;
		q->matches = xrealloc(q->matches,
		    (size_t)q->capmatches * sizeof *q->matches);
	}
	k = &q->matches[q->nmatches++];
	snprintf(k->id, sizeof k->id, "%s", m->id);
	k->title = xstrdup(m->title);
	k->department = xstrdup(m->department);
	k->hosts = xstrdup(m->hosts);
	return 0;
}

static int
keep_row(const struct cb_row *row, void *arg)
{
	struct queue *q = arg;
	struct qrow *r;

	if (q->wn == q->wcap) {
		q->wcap = q->wcap ? 2 * q->wcap : 64;
		q->rows = xrealloc(q->rows, q->wcap * sizeof *q->rows);
	}
	r = &q->rows[q->wn++];
	snprintf(r->id, sizeof r->id, "%s", row->id);
	r->title = xstrdup(row->title);
	r->urgency = xstrdup(row->urgency);
	r->phase = xstrdup(row->phase);
	r->classes = xstrdup(row->classes);
	r->department = xstrdup(row->department);
	r->created = xstrdup(row->created);
	r->hosts = xstrdup(row->hosts);
	r->done = row->gate_done;
	r->required = row->gate_required;
	r->waiting = row->waiting[0] != '\0';
	r->waits = xstrdup(row->waiting);
	r->assignees = xstrdup(row->assignees);
	r->damaged = row->damaged_file[0] == '\0' ? NULL :
	    xasprintf(_("DAMAGED: %s (%s)"), row->damaged_reason,
	    row->damaged_file);
	return 0;
}

/* --- marks ----------------------------------------------------------------------- */

static long
mark_index(const struct queue *q, const char *id)
{
	for (size_t i = 0; i < q->nmarked; i++)
		if (strcmp(q->marked[i], id) == 0)
			return (long)i;
	return -1;
}

static void
mark_toggle(struct queue *q, const char *id)
{
	long i = mark_index(q, id);

	if (i >= 0) {
		memmove(&q->marked[i], &q->marked[i + 1],
		    (q->nmarked - (size_t)i - 1) * sizeof *q->marked);
		q->nmarked--;
		return;
	}
	if (q->nmarked == q->capmarked) {
		q->capmarked = q->capmarked ? 2 * q->capmarked : 16;
		q->marked = xrealloc(q->marked, q->capmarked * sizeof *q->marked);
	}
	snprintf(q->marked[q->nmarked++], CB_ID_MAX, "%s", id);
}

/* --- the list's source ------------------------------------------------------------ */

static long
q_count(void *src)
{
	struct queue *q = src;

	return q->counts[q->tab];
}

/*
 * The window from the matches in memory: each row read whole by its id
 * (an index lookup each).  A row gone meanwhile (a reindex) shows what
 * the match knew of it until the next refilter.
 */
static void
fetch_matches(struct queue *q, long from, long n)
{
	struct cb_error err;

	for (long i = from; i < from + n && i < q->nmatches; i++) {
		const struct qmatch *m = &q->matches[i];
		enum cb_status s = cb_store_row(q->t->st, m->id, keep_row, q,
		    &err);

		if (s == CB_ENOTFOUND) {
			struct cb_row row = { 0 };

			row.id = m->id;
			row.title = m->title;
			row.department = m->department;
			row.hosts = m->hosts;
			row.phase = row.urgency = row.severity = row.classes =
			    row.reporter = row.assignees = row.created =
			    row.updated = row.waiting = row.damaged_file =
			    row.damaged_reason = "";
			keep_row(&row, q);
		} else if (s != CB_OK) {
			tui_error(q->t, &err);
			break;
		}
	}
	q->woff = from;
	q->valid = true;
}

static void
q_fetch(void *src, long offset, int n)
{
	struct queue *q = src;
	struct cb_queue_filter f;
	struct cb_error err;
	long from;

	if (q->valid && offset >= q->woff &&
	    offset + n <= q->woff + q->wn)
		return;
	/* Near the end of a capped count: count them all now. */
	if (q->capped[q->tab] && offset + 2L * n >= q->counts[q->tab]) {
		filter_of(q, q->tab, &f);
		if (cb_queue_count(q->t->st, &f, &q->counts[q->tab], &err) ==
		    CB_OK)
			q->capped[q->tab] = false;
	}
	if (q->valid && offset >= q->woff && q->woff + q->wn ==
	    q->counts[q->tab])
		return;		/* the window reaches the end already */
	clear_rows(q);
	/*
	 * From the matches in memory: the page and half a page more, a
	 * quarter before it.  Rows read by id are scattered over the table
	 * (pages not yet in memory), and a window read again costs no scan.
	 */
	from = offset - n / 4 > 0 ? offset - n / 4 : 0;
	if (q->filter[0] != '\0' && (q->complete ||
	    from + n + n / 2 <= q->nmatches)) {
		fetch_matches(q, from, n + n / 2);
		return;
	}
	from = offset - n > 0 ? offset - n : 0;
	filter_of(q, q->tab, &f);
	if (cb_queue_rows(q->t->st, &f, from, 3L * n, keep_row, q, &err) !=
	    CB_OK) {
		tui_error(q->t, &err);
		return;
	}
	q->woff = from;
	q->valid = true;
}

static const struct qrow *
row_at(struct queue *q, long i)
{
	if (!q->valid || i < q->woff || i >= q->woff + q->wn)
		return NULL;
	return &q->rows[i - q->woff];
}

/*
 * Column widths: wider classes and departments on wide terminals; the
 * title takes whatever is left, at any width.  The phase is never cut:
 * its column is as wide as the widest phase name.
 */
struct cols {
	int id, urgency, phase, classes, department, title, age, progress;
	int waits;		/* WAITS-ON, on wide terminals only; 0 when not */
};

/* The widest phase word (8 in English, 10 in Japanese), once. */
static int
phase_width(void)
{
	static int w;

	if (w == 0) {
		w = 8;
		for (int p = 0; p < CB_PHASE_COUNT; p++)
			if (tui_width(cb_phase_word((enum cb_phase)p)) > w)
				w = tui_width(cb_phase_word((enum cb_phase)p));
	}
	return w;
}

static void
layout(int w, struct cols *c)
{
	c->id = 9;
	c->urgency = 9;
	c->phase = phase_width();
	c->age = 6;
	c->progress = 5;
	c->classes = w >= 160 ? 24 : w >= 120 ? 16 : 10;
	c->department = w >= 160 ? 30 : w >= 120 ? 18 : 10;
	c->waits = w >= 140 ? 20 : 0;	/* "office staff: yamada" */
	c->title = w - (c->id + c->urgency + c->phase + c->classes +
	    c->department + c->age + c->progress + 7 + 1) -
	    (c->waits > 0 ? c->waits + 1 : 0);
	if (c->title < 8)
		c->title = 8;
}

/*
 * The first of the assignees who is office staff (staff true) or who is
 * not (false), as "%.*s" wants it: its length in *len; NULL when none.
 */
static const char *
assignee(const struct queue *q, const char *list, bool staff, int *len)
{
	for (const char *p = list; *p != '\0';) {
		size_t k = strcspn(p, ",");
		char needle[66];	/* ",login,": logins are at most 63 bytes */
		bool is = false;

		if (q->staff.len > 0 && k > 0 && k < 64) {
			snprintf(needle, sizeof needle, ",%.*s,", (int)k, p);
			is = strstr(q->staff.data, needle) != NULL;
		}
		if (k > 0 && is == staff) {
			*len = (int)k;
			return p;
		}
		p += k;
		if (*p == ',')
			p++;
	}
	return NULL;
}

/*
 * WAITS-ON: whom the ready items of the current phase wait on, as
 * people say it (CERT, 部局長, 事務), with the assignee of that role
 * for the CERT's and the office staff's (the CERT's: an assignee who is
 * not office staff).
 */
static const char *
waits_on(const struct queue *q, const struct qrow *r, char *buf, size_t n)
{
	size_t at = 0;

	buf[0] = '\0';
	for (const char *p = r->waits; *p != '\0' && at + 1 < n;) {
		size_t k = strcspn(p, ",");

		for (int role = CB_ROLE_TECH; role < CB_ROLE_COUNT; role++) {
			if (strlen(cb_role_names[role]) != k ||
			    strncmp(cb_role_names[role], p, k) != 0)
				continue;
			at += (size_t)snprintf(buf + at, n - at, "%s%s",
			    at > 0 ? "/" : "", cb_role_word((enum cb_role)role));
			if ((role == CB_ROLE_TECH || role == CB_ROLE_STAFF) &&
			    at + 1 < n) {
				int len;
				const char *who = assignee(q, r->assignees,
				    role == CB_ROLE_STAFF, &len);

				if (who != NULL)
					at += (size_t)snprintf(buf + at, n - at,
					    ": %.*s", len, who);
			}
		}
		p += k;
		if (*p == ',')
			p++;
		if (at >= n)
			at = n - 1;
	}
	return buf;
}

static void
q_draw(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct queue *q = src;
	const struct qrow *r = row_at(q, i);
	attr_t base = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	char age[32], prog[24], word[256];
	struct cols c;
	int cx = x + 1;

	if (r == NULL) {
		tui_cell(y, x, w, "", base);
		return;
	}
	layout(w, &c);
	attrset(base);
	if (mark_index(q, r->id) >= 0) {
		/* Marked for a bulk act: '+' before it, the id in the key colour. */
		tui_cell(y, x, 1, "+", sel ? base : tui_attr(TUI_C_KEY));
		tui_cell(y, cx, c.id, r->id, sel ? base : tui_attr(TUI_C_KEY));
	} else {
		mvaddch(y, x, r->waiting ? '*' : ' ');
		tui_cell(y, cx, c.id, r->id, base);
	}
	cx += c.id + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.urgency, tui_field_word(t, "urgency", r->urgency,
	    true, word, sizeof word),
	    sel ? base : tui_attr(tui_urgency_role(r->urgency)));
	cx += c.urgency + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.phase, tui_field_word(t, "phase", r->phase, true,
	    word, sizeof word), base);
	cx += c.phase + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.classes, tui_field_word(t, "classes", r->classes,
	    true, word, sizeof word), base);
	cx += c.classes + 1;
	tui_cell(y, cx - 1, 1, "", base);
	tui_cell(y, cx, c.department, r->department, base);
	cx += c.department + 1;
	tui_cell(y, cx - 1, 1, "", base);
	/* Drawn sanitised, as every cell: the reason quotes the record. */
	if (r->damaged != NULL)
		tui_cell(y, cx, c.title, r->damaged, sel ? base :
		    tui_attr(TUI_C_ERROR));
	else
		tui_cell(y, cx, c.title, r->title, base);
	cx += c.title + 1;
	tui_cell(y, cx - 1, 1, "", base);
	if (c.waits > 0) {
		tui_cell(y, cx, c.waits, waits_on(q, r, word, sizeof word),
		    base);
		cx += c.waits + 1;
		tui_cell(y, cx - 1, 1, "", base);
	}
	tui_age(r->created, age);
	tui_cell_right(y, cx, c.age, age, base);
	cx += c.age + 1;
	tui_cell(y, cx - 1, 1, "", base);
	if (r->required > 0)
		snprintf(prog, sizeof prog, "%d/%d", r->done, r->required);
	else
		snprintf(prog, sizeof prog, "-");
	tui_cell_right(y, cx, x + w - cx, prog, r->required > 0 &&
	    r->done == r->required && !sel ? tui_attr(TUI_C_READY) : base);
}

/* A row's searchable text, for n/N (only rows in memory). */
static const char *
q_text(void *src, long i)
{
	const struct qrow *r = row_at(src, i);

	return r != NULL ? r->title : NULL;
}

static const struct tui_list_ops q_ops = {
	q_count, q_fetch, q_draw, NULL, q_text,
};

/* --- the screen --------------------------------------------------------------------- */

static void refilter(struct tui *t, struct queue *q, bool narrow);

static int
add_staff(const char *login, const char *name, void *arg)
{
	(void)name;
	cb_buf_printf(arg, "%s,", login);
	return 0;
}

static void *
q_open(struct tui *t, const void *arg)
{
	struct queue *q = xcalloc(1, sizeof *q);

	(void)arg;
	q->t = t;
	tui_list_init(&q->list, &q_ops, q);
	{
		/* The role, for the For me tab (none: a viewer's is empty). */
		enum cb_role role = CB_ROLE_NONE;
		struct cb_error err;

		if (cb_store_role(t->st, NULL, &role, NULL, 0, &err) == CB_OK &&
		    role != CB_ROLE_VIEWER)
			snprintf(q->role, sizeof q->role, "%s",
			    cb_role_names[role]);
		cb_buf_addc(&q->staff, ',');
		if (cb_store_people(t->st, CB_ROLE_STAFF, add_staff, &q->staff,
		    &err) != CB_OK)
			q->staff.len = 0;
	}
	return q;
}

static void
q_close(void *state)
{
	struct queue *q = state;

	clear_rows(q);
	free(q->rows);
	clear_matches(q);
	free(q->matches);
	free(q->marked);
	cb_buf_free(&q->staff);
	free(q);
}

/*
 * Counts every tab through the filter (without one, from indexes): the
 * current one at once, the others when idle; a keystroke in the filter
 * redoes the current one at once (refilter), the others when idle.
 */
static int
q_load(struct tui *t, void *state)
{
	struct queue *q = state;

	/* The other tabs are counted once the screen is up (q_idle). */
	for (int i = 0; i < CB_TAB_COUNT; i++)
		q->pending[i] = i != (int)q->tab;
	refilter(t, q, false);
	{
		/* Along an index: the count costs no row read. */
		struct cb_agroup_filter f = { CB_ATAB_NEW, NULL, CB_ASORT_LAST,
		    false, false };
		struct cb_error err;

		/* Up to 10,000 (about 1 ms); more shows as "10000+". */
		if (cb_agroups_count(t->st, &f, 10000, &q->new_alerts,
		    &q->new_capped, &err) != CB_OK)
			q->new_alerts = -1;
	}
	return TUI_DRAW_BODY;
}

static int
count_only(const struct cb_row *row, void *arg)
{
	(void)row;
	(void)arg;
	return 0;
}

static int
q_idle(struct tui *t, void *state)
{
	struct queue *q = state;
	struct cb_queue_filter f;
	struct cb_error err;

	if (q->typing)
		return TUI_UNHANDLED;
	for (int i = 0; i < CB_TAB_COUNT; i++) {
		if (!q->pending[i])
			continue;
		q->pending[i] = false;
		if (i == (int)q->tab)
			continue;
		filter_of(q, (enum cb_tab)i, &f);
		/* Counted as the current tab is: through the filter. */
		f.sort = CB_SORT_QUEUE;
		q->capped[i] = false;
		if ((f.text[0] == '\0' ? cb_queue_count(t->st, &f,
		    &q->counts[i], &err) : cb_queue_page(t->st, &f, 0, 0,
		    FILTER_CAP, count_only, NULL, &q->counts[i], &q->capped[i],
		    &err)) != CB_OK)
			tui_error(t, &err);
		return TUI_DRAW_BODY;	/* one count, then keys again */
	}
	return TUI_UNHANDLED;
}

/*
 * The filter's test, as the index applies it (LIKE): a literal
 * substring, ASCII letters in either case.
 */
static bool
has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		size_t i = 0;

		while (i < n && hay[i] != '\0' &&
		    tolower((unsigned char)hay[i]) ==
		    tolower((unsigned char)needle[i]) &&
		    (((unsigned char)hay[i] & 0x80) == 0 || hay[i] == needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

static bool
match_has(const struct qmatch *r, const char *text)
{
	return has_ci(r->id, text) || has_ci(r->title, text) ||
	    has_ci(r->department, text) || has_ci(r->hosts, text);
}

/* Keeps, in order, the matches in memory that match the longer filter. */
static void
narrow(struct queue *q)
{
	long k = 0;

	for (long i = 0; i < q->nmatches; i++) {
		struct qmatch *m = &q->matches[i];

		if (match_has(m, q->filter))
			q->matches[k++] = *m;
		else
			free_match(m);
	}
	q->nmatches = k;
	q->counts[q->tab] = k;
}

/*
 * The filter grew by what was typed and the matches in memory are the
 * first FILTER_CAP of the shorter one, in queue order: those that still
 * match are kept and the scan reads on after the last of them (rows
 * before it that match the longer filter matched the shorter one too,
 * so they are in memory).  False when that cannot be done (sorted, or
 * the row to read on from is gone): then the tab is scanned again.
 */
static bool
narrow_and_resume(struct tui *t, struct queue *q)
{
	struct cb_queue_filter f;
	struct cb_error err;
	char last[CB_ID_MAX];
	long found;
	bool capped;

	if (q->sort != CB_SORT_QUEUE || q->nmatches != FILTER_CAP)
		return false;
	snprintf(last, sizeof last, "%s", q->matches[q->nmatches - 1].id);
	narrow(q);
	if (q->nmatches == FILTER_CAP) {
		/* All still match: as many as the cap, and more may follow. */
		q->capped[q->tab] = true;
		return true;
	}
	filter_of(q, q->tab, &f);
	if (cb_queue_matches(t->st, &f, last, FILTER_CAP - q->nmatches,
	    keep_match, q, &found, &capped, &err) != CB_OK) {
		if (err.status != CB_ENOTFOUND)
			tui_error(t, &err);
		return false;
	}
	q->counts[q->tab] = q->nmatches;
	q->capped[q->tab] = capped;
	q->complete = !capped;
	return true;
}

/*
 * The current tab through the filter: its count and its matches (up to
 * FILTER_CAP) from one index, the rows shown read by id when drawn
 * (q_fetch).  With narrow (a keystroke in the filter), when the matches
 * in memory are all those of a filter the new one extends, they are
 * narrowed in memory: typing on into a rare match costs no scan; when
 * they are the first FILTER_CAP of them, the scan reads on from the
 * last (narrow_and_resume).
 */
static void
refilter(struct tui *t, struct queue *q, bool narrowing)
{
	struct cb_queue_filter f;
	struct cb_error err;
	size_t had = strlen(q->read_with);
	bool extends = narrowing && had > 0 &&
	    strncmp(q->filter, q->read_with, had) == 0;

	clear_rows(q);
	if (extends && q->complete) {
		narrow(q);
		snprintf(q->read_with, sizeof q->read_with, "%s", q->filter);
		tui_list_clamp(&q->list);
		return;
	}
	if (extends && narrow_and_resume(t, q)) {
		snprintf(q->read_with, sizeof q->read_with, "%s", q->filter);
		tui_list_clamp(&q->list);
		return;
	}
	clear_matches(q);
	q->capped[q->tab] = false;
	filter_of(q, q->tab, &f);
	if (q->filter[0] == '\0') {
		if (cb_queue_count(t->st, &f, &q->counts[q->tab], &err) != CB_OK)
			tui_error(t, &err);
	} else {
		/* One pass: the matches and their count, stopping at FILTER_CAP. */
		if (cb_queue_matches(t->st, &f, NULL, FILTER_CAP, keep_match, q,
		    &q->counts[q->tab], &q->capped[q->tab], &err) != CB_OK)
			tui_error(t, &err);
		q->complete = !q->capped[q->tab] &&
		    q->nmatches == q->counts[q->tab];
		snprintf(q->read_with, sizeof q->read_with, "%s", q->filter);
	}
	tui_list_clamp(&q->list);
}

/* The columns' headings, in enum cb_sort's order (CB_SORT_QUEUE: none). */
static const char *const col_names[CB_SORT_COUNT] = {
	"", N_("ID"), N_("URGENCY"), N_("PHASE"), N_("CLASSES"),
	N_("DEPARTMENT"), N_("TITLE"), N_("AGE"), N_("DONE"),
};

/* A column's heading, with ^ (or v, reversed) when the tab is sorted by it. */
static const char *
head(const struct queue *q, enum cb_sort col, char buf[64])
{
	snprintf(buf, 64, "%s%s", _(col_names[col]), q->sort != col ? "" :
	    q->reverse ? "v" : "^");
	return buf;
}

static void
q_draw_screen(struct tui *t, void *state, int y, int h)
{
	struct queue *q = state;
	struct tui_pen p;
	struct cols c;
	char label[64];
	int cx;

	tui_pen_start(&p, y, 0, t->cols);
	for (int i = 0; i < CB_TAB_COUNT; i++) {
		if (q->pending[i] && i != (int)q->tab)
			snprintf(label, sizeof label, " %d %s (...) ", i + 1,
			    _(tab_names[i]));
		else
			snprintf(label, sizeof label, " %d %s (%ld%s) ", i + 1,
			    _(tab_names[i]), q->counts[i],
			    q->capped[i] ? "+" : "");
		tui_pen_puts(&p, label, tui_attr(i == (int)q->tab ?
		    TUI_C_TAB_ACTIVE : TUI_C_TAB));
		tui_pen_puts(&p, " ", tui_attr(TUI_C_NORMAL));
	}
	if (q->filter[0] != '\0') {
		tui_pen_puts(&p, _(" filter: "), tui_attr(TUI_C_DIM));
		tui_pen_puts(&p, q->filter, tui_attr(TUI_C_WARNING));
		tui_pen_puts(&p, _(" (limited)"), tui_attr(TUI_C_DIM));
	}
	if (q->nmarked > 0) {
		snprintf(label, sizeof label, _("  %zu marked"), q->nmarked);
		tui_pen_puts(&p, label, tui_attr(TUI_C_KEY));
	}
	if (q->new_alerts > 0) {
		/* TRANSLATORS: the queue's header: new alert groups ('a' shows them). */
		snprintf(label, sizeof label, _("  a: %ld%s new alert groups"),
		    q->new_alerts, q->new_capped ? "+" : "");
		tui_pen_puts(&p, label, tui_attr(TUI_C_WARNING));
	}
	tui_pen_fill(&p, tui_attr(TUI_C_NORMAL));

	layout(t->cols, &c);
	cx = 1;
	attrset(tui_attr(TUI_C_TITLE));
	mvhline(y + 1, 0, ' ', t->cols);
	tui_cell(y + 1, cx, c.id, head(q, CB_SORT_ID, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.id + 1;
	tui_cell(y + 1, cx, c.urgency, head(q, CB_SORT_URGENCY, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.urgency + 1;
	tui_cell(y + 1, cx, c.phase, head(q, CB_SORT_PHASE, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.phase + 1;
	tui_cell(y + 1, cx, c.classes, head(q, CB_SORT_CLASSES, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.classes + 1;
	tui_cell(y + 1, cx, c.department, head(q, CB_SORT_DEPARTMENT, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.department + 1;
	tui_cell(y + 1, cx, c.title, head(q, CB_SORT_TITLE, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.title + 1;
	if (c.waits > 0) {
		tui_cell(y + 1, cx, c.waits, _("WAITS ON"),
		    tui_attr(TUI_C_TITLE));
		cx += c.waits + 1;
	}
	tui_cell_right(y + 1, cx, c.age, head(q, CB_SORT_AGE, label),
	    tui_attr(TUI_C_TITLE));
	cx += c.age + 1;
	tui_cell_right(y + 1, cx, t->cols - cx, head(q, CB_SORT_DONE, label),
	    tui_attr(TUI_C_TITLE));
	if (q->counts[q->tab] == 0) {
		for (int r = 2; r < h; r++)
			tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
		tui_cell(y + 3, 2, t->cols - 2, q->filter[0] != '\0' ?
		    _("No incident matches the filter.") :
		    _("No incidents here."), tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(t, &q->list, y + 2, 0, h - 2, t->cols);
}

static struct tui_list *
q_list(void *state)
{
	return &((struct queue *)state)->list;
}

static const char *
q_selected(struct queue *q)
{
	const struct qrow *r;

	if (q->counts[q->tab] == 0)
		return NULL;
	q_fetch(q, q->list.top, q->list.h > 0 ? q->list.h : 1);
	r = row_at(q, q->list.cur);
	return r != NULL ? r->id : NULL;
}

static int
set_tab(struct queue *q, enum cb_tab tab)
{
	q->tab = tab;
	q->list.cur = q->list.top = 0;
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static int
act_open(struct tui *t, void *state)
{
	const char *id = q_selected(state);

	if (id == NULL)
		return TUI_DRAW_NONE;
	tui_push(t, t->opts->guided ? &tui_screen_guided : &tui_screen_incident,
	    id);
	return TUI_DRAW_ALL;
}

static int
act_next_tab(struct tui *t, void *state)
{
	struct queue *q = state;

	(void)t;
	return set_tab(q, (enum cb_tab)((q->tab + 1) % CB_TAB_COUNT));
}

static int
act_prev_tab(struct tui *t, void *state)
{
	struct queue *q = state;

	(void)t;
	return set_tab(q, (enum cb_tab)((q->tab + CB_TAB_COUNT - 1) %
	    CB_TAB_COUNT));
}

static int act_tab1(struct tui *t, void *s) { (void)t; return set_tab(s, CB_TAB_OPEN); }
static int act_tab2(struct tui *t, void *s) { (void)t; return set_tab(s, CB_TAB_MINE); }
static int act_tab3(struct tui *t, void *s) { (void)t; return set_tab(s, CB_TAB_WAITING); }
static int act_tab4(struct tui *t, void *s) { (void)t; return set_tab(s, CB_TAB_CLOSED); }
static int act_tab5(struct tui *t, void *s) { (void)t; return set_tab(s, CB_TAB_FOR_ME); }

static void
filter_change(struct tui *t, void *arg, const char *text)
{
	struct queue *q = arg;

	snprintf(q->filter, sizeof q->filter, "%s", text);
	q->list.cur = q->list.top = 0;
	/* The current tab now; the others, through it too, once idle. */
	refilter(t, q, true);
	for (int i = 0; i < CB_TAB_COUNT; i++)
		q->pending[i] = i != (int)q->tab;
}

static int
filter_done(struct tui *t, void *arg, const char *text)
{
	struct queue *q = arg;

	/* Enter keeps the filter (the other tabs are counted through it); Esc drops it. */
	q->typing = false;
	t->idle = true;
	if (text == NULL) {
		q->filter[0] = '\0';
		q->list.cur = q->list.top = 0;
		q_load(t, q);
	}
	return TUI_DRAW_BODY;
}

static int
act_filter(struct tui *t, void *state)
{
	struct queue *q = state;

	q->typing = true;
	tui_prompt_start(t, "/", q->filter, filter_change, filter_done, q);
	return TUI_DRAW_STATUS;
}

static int
act_clear_filter(struct tui *t, void *state)
{
	struct queue *q = state;

	if (q->filter[0] == '\0')
		return TUI_DRAW_NONE;
	return filter_done(t, q, NULL);
}

static int
act_alerts(struct tui *t, void *state)
{
	(void)state;
	return tui_command(t, "alerts");
}

static int
act_new(struct tui *t, void *state)
{
	(void)state;
	return tui_command(t, "new");
}

/* Opens screen on the selected incident, if there is one. */
static int
push_selected(struct tui *t, void *state, const struct tui_screen *screen)
{
	const char *id = q_selected(state);

	if (id != NULL)
		tui_push(t, screen, id);
	return TUI_DRAW_ALL;
}

static int
act_notebook(struct tui *t, void *state)
{
	return push_selected(t, state, &tui_screen_notebook);
}

static int
act_history(struct tui *t, void *state)
{
	return push_selected(t, state, &tui_screen_history);
}

static int
act_guided(struct tui *t, void *state)
{
	return push_selected(t, state, &tui_screen_guided);
}

/* n and N: with a filter every row matches, so the next row is the next match. */
static int
step_match(struct tui *t, struct queue *q, long delta)
{
	if (q->filter[0] == '\0') {
		tui_status(t, TUI_C_WARNING, "%s", _("No filter: '/' first"));
		return TUI_DRAW_STATUS;
	}
	if (q->list.cur + delta < 0 || q->list.cur + delta >= q->counts[q->tab])
		tui_status(t, TUI_C_DIM, "%s", delta > 0 ?
		    _("Search went round to the top") :
		    _("Search went round to the bottom"));
	return tui_list_goto(&q->list, (q->list.cur + delta +
	    q->counts[q->tab]) % (q->counts[q->tab] > 0 ? q->counts[q->tab] : 1)) |
	    TUI_DRAW_BODY;
}

static int act_next_match(struct tui *t, void *s) { return step_match(t, s, 1); }
static int act_prev_match(struct tui *t, void *s) { return step_match(t, s, -1); }

/* --- sorting ---------------------------------------------------------------------- */

static int
resort(struct tui *t, struct queue *q)
{
	q->list.cur = q->list.top = 0;
	if (q->sort == CB_SORT_QUEUE)
		tui_status(t, TUI_C_NORMAL, "%s", _("In queue order (most urgent, "
		    "then oldest)"));
	else
		tui_status(t, TUI_C_NORMAL, q->reverse ? _("Sorted by %s, "
		    "reversed") : _("Sorted by %s"), _(col_names[q->sort]));
	/* The same rows in another order: the counts stand. */
	refilter(t, q, false);
	return TUI_DRAW_BODY;
}

static int
act_sort(struct tui *t, void *state)
{
	struct queue *q = state;

	q->sort = (enum cb_sort)((q->sort + 1) % CB_SORT_COUNT);
	return resort(t, q);
}

static int
act_reverse(struct tui *t, void *state)
{
	struct queue *q = state;

	q->reverse = !q->reverse;
	return resort(t, q);
}

/* --- marks and bulk acts ------------------------------------------------------ */

static int
act_mark(struct tui *t, void *state)
{
	struct queue *q = state;
	const char *id = q_selected(q);

	if (id == NULL)
		return TUI_DRAW_NONE;
	mark_toggle(q, id);
	tui_status(t, TUI_C_NORMAL, _("%zu marked: A assigns, U sets the "
	    "urgency, C closes them"), q->nmarked);
	tui_list_move(&q->list, 1);
	return TUI_DRAW_BODY;
}

static int
act_unmark_all(struct tui *t, void *state)
{
	struct queue *q = state;

	q->nmarked = 0;
	tui_status(t, TUI_C_NORMAL, "%s", _("No incident marked"));
	return TUI_DRAW_BODY;
}

enum bulk { BULK_ASSIGN, BULK_URGENCY, BULK_CLOSE };

/*
 * One act on each marked incident (or the selected one when none is
 * marked): each its own store call, so its own commit; a refusal stops
 * nothing but is listed.  When all went through, the status line says
 * so; otherwise the pager lists each incident with what happened.
 */
static int
bulk_run(struct tui *t, struct queue *q, enum bulk what, const char *value)
{
	struct cb_buf report = { 0 };
	char (*ids)[CB_ID_MAX];
	size_t n, done = 0, same = 0, refused = 0;

	if (q->nmarked > 0) {
		n = q->nmarked;
		ids = xcalloc(n, sizeof *ids);
		memcpy(ids, q->marked, n * sizeof *ids);
	} else {
		const char *id = q_selected(q);

		if (id == NULL)
			return TUI_DRAW_STATUS;
		n = 1;
		ids = xcalloc(1, sizeof *ids);
		snprintf(ids[0], CB_ID_MAX, "%s", id);
	}
	for (size_t i = 0; i < n; i++) {
		struct cb_error err;
		bool changed = false;
		enum cb_status st;

		switch (what) {
		case BULK_ASSIGN:
			st = cb_store_set(t->st, ids[i], "assignees", value, NULL,
			    &changed, &err);
			break;
		case BULK_URGENCY:
			st = cb_store_set(t->st, ids[i], "urgency", value, NULL,
			    &changed, &err);
			break;
		default:
			st = cb_store_force_phase(t->st, ids[i], CB_PHASE_CLOSED,
			    value, &changed, &err);
			break;
		}
		if (st != CB_OK) {
			refused++;
			cb_buf_printf(&report, _("%s: refused: %s\n"), ids[i],
			    err.msg);
			continue;
		}
		/* Done with, it leaves the marks; a refused one stays marked. */
		if (mark_index(q, ids[i]) >= 0)
			mark_toggle(q, ids[i]);
		if (changed) {
			done++;
			cb_buf_printf(&report, _("%s: done\n"), ids[i]);
		} else {
			same++;
			cb_buf_printf(&report, _("%s: no change (it was so "
			    "already)\n"), ids[i]);
		}
	}
	tui_absorb(t);
	if (refused == 0)
		tui_status(t, TUI_C_READY, _("%zu changed, %zu already so"), done,
		    same);
	else {
		struct tui_pager_arg a;
		char *title = xasprintf(_("%zu changed, %zu already so, %zu "
		    "refused"), done, same, refused);

		a.title = title;
		a.text = report.data;
		a.len = report.len;
		a.diff = false;
		tui_status(t, TUI_C_WARNING, "%s", title);
		tui_push(t, &tui_screen_pager, &a);
		free(title);
	}
	cb_buf_free(&report);
	free(ids);
	return TUI_RELOAD | TUI_DRAW_ALL;
}

static int
assign_done(struct tui *t, void *arg, const char *text)
{
	if (text == NULL)
		return TUI_DRAW_STATUS;
	return bulk_run(t, arg, BULK_ASSIGN, text);
}

static int
close_done(struct tui *t, void *arg, const char *text)
{
	if (text == NULL || *text == '\0') {
		tui_status(t, TUI_C_WARNING, "%s", _("Nothing closed: a reason is "
		    "needed"));
		return TUI_DRAW_STATUS;
	}
	return bulk_run(t, arg, BULK_CLOSE, text);
}

static int
urgency_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	(void)picked;
	if (chosen < 0 || chosen >= CB_URGENCY_COUNT)
		return TUI_DRAW_ALL;
	return bulk_run(t, ctx, BULK_URGENCY, cb_urgency_names[chosen]);
}

/* Which incidents a bulk act takes, for its prompt. */
static char *
bulk_label(struct queue *q, const char *what)
{
	const char *id = q_selected(q);

	if (q->nmarked > 0)
		return xasprintf(_("%s (%zu marked): "), what, q->nmarked);
	return xasprintf("%s (%s): ", what, id != NULL ? id : "-");
}

/* A role that may not do it is told before anything is typed. */
static bool
may(struct tui *t, const char *field)
{
	struct cb_error err;

	if (cb_store_may_set(t->st, field, &err) == CB_OK)
		return true;
	tui_error(t, &err);
	return false;
}

static int
act_bulk_assign(struct tui *t, void *state)
{
	char *label;

	if (!may(t, "assignees"))
		return TUI_DRAW_STATUS;
	label = bulk_label(state, _("Assign to (logins, comma-separated; "
	    "empty: nobody)"));

	tui_prompt_start(t, label, NULL, NULL, assign_done, state);
	free(label);
	return TUI_DRAW_STATUS;
}

static int
act_bulk_close(struct tui *t, void *state)
{
	char *label;

	if (!may(t, "phase"))
		return TUI_DRAW_STATUS;
	label = bulk_label(state, _("Close, with the reason"));

	tui_prompt_start(t, label, NULL, NULL, close_done, state);
	free(label);
	return TUI_DRAW_STATUS;
}

static int
act_bulk_urgency(struct tui *t, void *state)
{
	struct tui_choose_arg c;
	char *title;

	if (!may(t, "urgency"))
		return TUI_DRAW_STATUS;
	title = bulk_label(state, _("Urgency"));

	memset(&c, 0, sizeof c);
	c.title = title;
	c.labels = cb_urgency_names;
	c.n = CB_URGENCY_COUNT;
	c.done = urgency_chosen;
	c.ctx = state;
	tui_push(t, &tui_screen_choose, &c);
	free(title);
	return TUI_DRAW_ALL;
}

static const struct tui_action q_actions[] = {
	{ "open", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("open the incident"), act_open },
	{ "filter", { '/' }, "/", N_("filter by title, id, department, host "
	  "(as you type; Esc clears)"), act_filter },
	{ "clear-filter", { TUI_ESC }, "Esc", N_("clear the filter"),
	  act_clear_filter },
	{ "next-tab", { '\t', TUI_KEY(KEY_RIGHT), 'l' }, "Tab Right l",
	  N_("next tab"), act_next_tab },
	{ "prev-tab", { TUI_KEY(KEY_BTAB), TUI_KEY(KEY_LEFT), 'h' },
	  "S-Tab Left h", N_("previous tab"), act_prev_tab },
	{ "tab-open", { '1' }, "1", N_("open incidents"), act_tab1 },
	{ "tab-mine", { '2' }, "2", N_("incidents assigned to me"), act_tab2 },
	{ "tab-waiting", { '3' }, "3",
	  N_("incidents waiting on someone (marked *)"), act_tab3 },
	{ "tab-closed", { '4' }, "4", N_("closed incidents"), act_tab4 },
	{ "tab-for-me", { '5' }, "5", N_("incidents waiting on my role (the "
	  "head's: those that need their decision)"), act_tab5 },
	{ "next-match", { 'n' }, "n", N_("next row of the filter"),
	  act_next_match },
	{ "prev-match", { 'N' }, "N", N_("previous row of the filter"),
	  act_prev_match },
	{ "sort", { 'o' }, "o", N_("sort by the next column (id, urgency, "
	  "phase, classes, department, title, age, done, then queue order)"),
	  act_sort },
	{ "reverse", { 'O' }, "O", N_("reverse the order"), act_reverse },
	{ "mark", { 't', ' ' }, "t Space", N_("mark or unmark the incident for "
	  "a bulk act"), act_mark },
	{ "unmark-all", { 'T' }, "T", N_("unmark every incident"),
	  act_unmark_all },
	{ "bulk-assign", { 'A' }, "A", N_("assign the marked incidents (or the "
	  "selected one)"), act_bulk_assign },
	{ "bulk-urgency", { 'U' }, "U", N_("set the urgency of the marked "
	  "incidents (or the selected one)"), act_bulk_urgency },
	{ "bulk-close", { 'C' }, "C", N_("close the marked incidents (or the "
	  "selected one) with a reason"), act_bulk_close },
	{ "new", { 'c' }, "c", N_("create a new incident (also :new)"),
	  act_new },
	{ "alerts", { 'a' }, "a", N_("the alert groups to triage (also "
	  ":alerts)"), act_alerts },
	{ "notebook", { 'B' }, "B", N_("the incident's notebook"),
	  act_notebook },
	{ "history", { 'H' }, "H", N_("the incident's history"), act_history },
	{ "guided", { 'w' }, "w", N_("walk through the incident step by step "
	  "(guided mode)"), act_guided },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_queue = {
	.name = "queue",
	.title = N_("Queue"),
	.open = q_open,
	.close = q_close,
	.load = q_load,
	.draw = q_draw_screen,
	.list = q_list,
	.idle = q_idle,
	.actions = q_actions,
};
