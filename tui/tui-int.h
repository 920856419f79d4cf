/*
 * The terminal UI's private parts, shared by the files of tui/ only.
 *
 *   tui.c          the loop: terminal setup, signals (flags only), the
 *                  screen stack, key dispatch, the global action table,
 *                  the status line, the ':' command line, the check for
 *                  other people's changes
 *   list.c         the one list widget: every list of every screen
 *   draw.c         width-correct drawing of data through the sanitiser
 *   prompt.c       the one-line editor (filters, ':', notes, answers)
 *   theme.c        colours by role; themes in git-config syntax
 *   config.c       a small git-config parser (themes, config files)
 *   edit.c         $VISUAL/$EDITOR with the screen suspended
 *   screen-*.c     one file per screen, each one const struct tui_screen
 *
 * A screen is a table of callbacks with its state behind one pointer;
 * key handlers return what to redraw (TUI_DRAW_* flags) and never paint;
 * the loop paints.  Every key of a screen is a row of its action table,
 * which also makes the help screen.
 */
#ifndef CB_TUI_INT_H
#define CB_TUI_INT_H

#include <curses.h>
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"
#include "core/gitconfig.h"
#include "core/beacon.h"
#include "core/words.h"
#include "store/alertview.h"
#include "store/queue.h"
#include "store/store.h"
#include "tui/tui.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* --- keys ---------------------------------------------------------------- */

/*
 * A key is the character typed (a wide character) or, for a function
 * key, TUI_KEY(KEY_DOWN): curses' codes lifted above Unicode so that the
 * two never collide.
 */
#define TUI_KEY(code)	(0x200000 + (code))
#define TUI_CTRL(c)	((c) & 0x1f)
#define TUI_ESC		27
/*
 * A bracketed paste's ESC[200~ and ESC[201~, given to curses as keys of
 * their own (define_key in tui.c) above every code it uses.
 */
#define TUI_PASTE_BEGIN	TUI_KEY(KEY_MAX + 1)
#define TUI_PASTE_END	TUI_KEY(KEY_MAX + 2)

/* --- what to redraw ---------------------------------------------------------- */

enum {
	TUI_DRAW_NONE = 0,
	TUI_DRAW_STATUS = 1 << 0,	/* the status line */
	TUI_DRAW_BODY = 1 << 1,		/* the screen's content */
	TUI_DRAW_ALL = 1 << 2,		/* everything, from a cleared screen */
	TUI_RELOAD = 1 << 3,		/* the screen reads its data again */
	TUI_UNHANDLED = 1 << 4		/* not this handler's key */
};

/* --- colours by role ----------------------------------------------------------- */

/* Role, theme section and key, compiled-in default (git colour syntax). */
#define TUI_ROLES(_) \
	_(TUI_C_NORMAL,     "ui", "normal", "normal") \
	_(TUI_C_HEADER,     "ui", "header", "white blue bold") \
	_(TUI_C_STATUS,     "ui", "status", "normal") \
	_(TUI_C_SELECTION,  "ui", "selection", "black cyan") \
	_(TUI_C_WARNING,    "ui", "warning", "yellow bold") \
	_(TUI_C_ERROR,      "ui", "error", "red bold") \
	_(TUI_C_DIM,        "ui", "dim", "dim") \
	_(TUI_C_TAB,        "ui", "tab", "normal") \
	_(TUI_C_TAB_ACTIVE, "ui", "tab-active", "bold reverse") \
	_(TUI_C_KEY,        "ui", "key", "cyan bold") \
	_(TUI_C_TITLE,      "ui", "title", "bold") \
	_(TUI_C_MATCH,      "ui", "match", "yellow bold reverse") \
	_(TUI_C_URGENT,     "queue", "urgent", "red bold") \
	_(TUI_C_HIGH,       "queue", "high", "yellow bold") \
	_(TUI_C_MEDIUM,     "queue", "normal", "normal") \
	_(TUI_C_LOW,        "queue", "low", "blue") \
	_(TUI_C_BLOCKED,    "checklist", "blocked", "magenta") \
	_(TUI_C_READY,      "checklist", "ready", "green bold") \
	_(TUI_C_ANSWERED,   "checklist", "answered", "green") \
	_(TUI_C_WAIVED,     "checklist", "waived", "cyan") \
	_(TUI_C_NA,         "checklist", "na", "dim") \
	_(TUI_C_SUGGESTION, "checklist", "suggestion", "yellow") \
	_(TUI_C_BAR,        "dashboard", "bar", "cyan") \
	_(TUI_C_DIFF_ADD,   "diff", "add", "green") \
	_(TUI_C_DIFF_DEL,   "diff", "del", "red") \
	_(TUI_C_DIFF_HUNK,  "diff", "hunk", "cyan")

enum tui_role {
#define TUI_ROLE_ENUM(role, sec, key, def) role,
	TUI_ROLES(TUI_ROLE_ENUM)
#undef TUI_ROLE_ENUM
	TUI_C_COUNT
};

struct tui_role_info {
	const char *section, *key, *def;
};
extern const struct tui_role_info tui_roles[TUI_C_COUNT];

/*
 * Loads the theme: name is a theme of themes/ ("light") or a path; NULL
 * or "default" the compiled-in one.  A file with errors leaves the
 * compiled-in default in force and returns CB_ERR with "FILE:LINE: what"
 * in err.  Call after initscr; tui_theme_apply sets the colour pairs.
 */
enum cb_status tui_theme_load(const char *name, struct cb_error *err);
void tui_theme_apply(void);
attr_t tui_attr(enum tui_role role);
/* Parses one git colour value ("red bold", "#ff0000 ul") for a theme. */
enum cb_status tui_color_parse(const char *value, short *fg, short *bg,
    attr_t *attrs, struct cb_error *err);

/* --- git-config syntax ------------------------------------------------------------ */


/* --- the application ------------------------------------------------------------- */

struct tui;
struct tui_list;

/*
 * One row of an action table: what the help screen lists, which keys run
 * it (up to three, 0-terminated) and what it does.  run returns TUI_DRAW_*
 * flags.  The table ends with a row whose name is NULL.
 */
struct tui_action {
	const char *name;		/* stable, for :commands and the man page */
	int keys[3];
	const char *keyname;		/* as the help shows the keys */
	const char *help;		/* N_() text */
	int (*run)(struct tui *t, void *state);
};

/*
 * A screen: a table of callbacks, its state behind one pointer.
 *
 *   open	makes the state from arg (what the pusher gave: an incident
 *		id, a commit); NULL refuses (the status line says why)
 *   close	frees it
 *   load	(re)reads what it shows from the store; returns draw flags
 *   draw	paints the body: rows y .. y + h - 1, all columns
 *   key	a key no action of the table or the global table took
 *		(optional); returns flags or TUI_UNHANDLED
 *   list	the list the movement keys act on (optional)
 *   idle	work left for after a paint (optional): runs when no key
 *		is waiting, returns draw flags, or TUI_UNHANDLED when
 *		nothing was left (the queue counts its other tabs here, so
 *		that the first screen does not wait for them)
 */
struct tui_screen {
	const char *name;
	const char *title;		/* N_() */
	void *(*open)(struct tui *t, const void *arg);
	void (*close)(void *state);
	int (*load)(struct tui *t, void *state);
	void (*draw)(struct tui *t, void *state, int y, int h);
	int (*key)(struct tui *t, void *state, int key);
	struct tui_list *(*list)(void *state);
	const char *(*subtitle)(void *state);	/* after the title (data) */
	int (*idle)(struct tui *t, void *state);
	const struct tui_action *actions;
};

extern const struct tui_screen tui_screen_queue, tui_screen_incident,
    tui_screen_notebook, tui_screen_history, tui_screen_search,
    tui_screen_dashboard, tui_screen_help, tui_screen_guided,
    tui_screen_pager, tui_screen_timeline, tui_screen_report,
    tui_screen_alerts;

/* What the pager shows: a title and a text it copies (a diff, a note). */
struct tui_pager_arg {
	const char *title;	/* data: sanitised when drawn */
	const char *text;
	size_t len;
	bool diff;		/* colour +, - and @@ lines */
};

/*
 * The chooser: a list of options pushed over the screen that needs an
 * answer (yes/no, a choice, a conflict's two values).  Enter (or Space
 * in a single choice) picks; in a multiple choice Space toggles and
 * Enter confirms.  The chooser pops itself, then calls done with the
 * index picked (single) or the picked flags (multi); chosen is -1 when
 * the user backed out.  done owns ctx from then on (it frees it).
 */
struct tui_choose_arg {
	const char *title;
	const char *const *labels;
	size_t n;
	bool multi;
	const bool *picked;	/* multi: initial marks (may be NULL) */
	long cur;		/* the row selected at first */
	int (*done)(struct tui *t, void *ctx, long chosen, const bool *picked);
	void *ctx;
	void (*free_ctx)(void *ctx);	/* when the chooser closes unfinished */
};
extern const struct tui_screen tui_screen_choose;

/*
 * Answering an item, shared by the incident screen and guided mode:
 * checks the role first (a head's item may be recorded on the head's
 * behalf, naming them), then opens the widget the item's kind needs,
 * checks the value (cb_value_check) before saving, saves with the value
 * seen as the base, and on a conflict shows both values to choose from.
 * The screen below reloads when it is done.
 */
int tui_answer(struct tui *t, const char *id, const struct cb_item *item,
    const char *current);
/* As tui_answer, the text written in $EDITOR (text items only). */
int tui_answer_editor(struct tui *t, const char *id, const struct cb_item *item,
    const char *current);
/* Withdraws ci's answer or waiver, asked first, with a reason. */
int tui_withdraw(struct tui *t, const char *id, const struct cb_checkitem *ci);
/* An item's answer as the base of a change ("" when none or waived). */
const char *tui_answer_value(const struct cb_checkitem *ci);
/*
 * The heading of a view of the incident as it was at commit: "as of
 * 2026-11-20 10:00 UTC by yamada (1a2b3c4d5e6f, read-only)", from the
 * history (the commit's author and time).
 */
void tui_as_of(struct tui *t, const char *id, const char *commit, char *out,
    size_t len);
/* Waives item with a reason typed on the prompt. */
int tui_waive(struct tui *t, const char *id, const struct cb_item *item,
    const char *current);

/* The global keys, after each screen's own. */
extern const struct tui_action tui_global_actions[];

/* The ':' commands; the table ends with a NULL name. */
struct tui_command {
	const char *name, *alias;
	const char *args;
	const char *help;		/* N_() */
	int (*run)(struct tui *t, const char *arg);
};
extern const struct tui_command tui_commands[];

struct tui_frame {
	const struct tui_screen *screen;
	void *state;
};

/* The one-line editor at the bottom of the screen. */
typedef void (*tui_prompt_change_fn)(struct tui *t, void *arg,
    const char *text);
/* text is NULL when the user cancelled (Esc); returns draw flags. */
typedef int (*tui_prompt_done_fn)(struct tui *t, void *arg, const char *text);

struct tui_prompt {
	bool active;
	char label[512];
	wchar_t *buf;		/* len characters, no limit; kept across prompts */
	size_t len, cap, pos;
	bool edited;		/* changed since it opened (read it in done) */
	bool single;		/* one line: pasted line breaks become spaces */
	bool pasting;		/* between ESC[200~ and ESC[201~ */
	char *draft;		/* Ctrl-o edits in $EDITOR as this draft, or NULL */
	char draft_path[1024];
	char notice[1024];	/* why the last value was refused, shown above */
	bool asking;		/* Esc on a long text: asked whether to throw it away */
	int escape_key;		/* the key that asked (pressed again: yes) */
	int above;		/* rows drawn above the line at the last paint */
	tui_prompt_change_fn change;
	tui_prompt_done_fn done;
	void *arg;
};

/* A question answered with y or n on the status row (tui_confirm). */
typedef int (*tui_confirm_fn)(struct tui *t, void *arg);
struct tui_question {
	bool active;
	char text[1024];
	tui_confirm_fn yes;
	void *arg;
	void (*free_arg)(void *arg);
	bool quit;		/* the question after Ctrl-C: quit casebook? */
};

/* The status messages of this session, oldest first (:messages). */
#define TUI_MESSAGES_MAX 200

#define TUI_STACK_MAX 16

struct tui {
	struct cb_store *st;
	const struct tui_opts *opts;
	struct cb_identity me;
	const char *lang;		/* "ja" or "en": playbook texts */
	struct tui_frame stack[TUI_STACK_MAX];
	int depth;
	bool quit;
	int rows, cols;			/* the terminal's size */
	bool too_small;
	char status[2048];		/* interface text; data already sanitised */
	enum tui_role status_role;
	time_t status_at;
	struct tui_prompt prompt;
	struct tui_question question;
	bool burst;		/* more input already waiting: a paste, not a person */
	bool dropping;		/* inside a paste outside a prompt: dropped */
	int exit_code;		/* 130 after a quit confirmed on Ctrl-C */
	char *messages[TUI_MESSAGES_MAX];
	size_t nmessages;	/* kept; the oldest go first */
	struct cb_queue_poll poll;
	time_t polled;
	bool color;
	bool idle;		/* the top screen may have work left */
	char find[256];		/* the text of the last '/' in a list */
	char who[320];		/* the header's "LOGIN (ROLE) @ STORE" */
	char role[32];		/* the user's role's name, when the TUI started */
	struct tui_cmdline *cmdline;	/* the ':' line's history (tui.c) */
	/*
	 * Keys a prompt's owner takes before the prompt does (Up, Down, Tab
	 * on the ':' line, Tab in a path): key_hook runs while the prompt
	 * open is the one whose done is hook_done, and returns draw flags or
	 * TUI_UNHANDLED.
	 */
	tui_prompt_done_fn hook_done;
	int (*key_hook)(struct tui *t, int key);
	char outbox[512];	/* stuck messages, for the status line (outbox.c) */
	time_t outbox_at;
};

/*
 * The outbox (tui/outbox.c), from the index only: tui_outbox_poll reads
 * its health into t->outbox every few seconds (empty when nothing is
 * stuck) and says whether it changed; tui_outbox_open pushes the page of undelivered messages and
 * returns draw flags; tui_outbox_link writes "GitLab #IID URL" for the
 * incident into out ("" when it has no issue).
 */
bool tui_outbox_poll(struct tui *t);
int tui_outbox_open(struct tui *t);
void tui_outbox_link(struct tui *t, const char *id, char *out, size_t n);

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

/* Pushes a screen (open with arg); false when open refused it. */
bool tui_push(struct tui *t, const struct tui_screen *s, const void *arg);
/* Pops the top screen; quits when it was the last. */
void tui_pop(struct tui *t);
/* A message in the status line (printf-style; %s arguments sanitised by
 * the caller when they come from data). */
void tui_status(struct tui *t, enum tui_role role, const char *fmt, ...)
    CB_PRINTF(3, 4);
void tui_error(struct tui *t, const struct cb_error *err);
/* Starts the one-line editor; change (may be NULL) runs on every edit. */
void tui_prompt_start(struct tui *t, const char *label, const char *initial,
    tui_prompt_change_fn change, tui_prompt_done_fn done, void *arg);
int tui_prompt_key(struct tui *t, int key);
void tui_prompt_draw(struct tui *t, int y);
/* After tui_prompt_start: one line only (line breaks pasted become spaces). */
void tui_prompt_single(struct tui *t);
/* After tui_prompt_start: Ctrl-o edits the text in $EDITOR, kept in the
 * user's draft called name (core/editor.h) until Enter takes it. */
void tui_prompt_editor(struct tui *t, const char *name);
/* After tui_prompt_start: a refusal shown above the line (sanitised). */
void tui_prompt_notice(struct tui *t, const char *fmt, ...) CB_PRINTF(2, 3);
/* Closes the prompt as Esc does (its done gets NULL); returns flags. */
int tui_prompt_cancel(struct tui *t);
/*
 * Esc, Ctrl-g or Ctrl-c in the prompt: cancels it, unless it holds a long
 * text typed or pasted (TUI_PROMPT_LONG characters or more, or several
 * lines, in a prompt that is not a filter or the ':' line); then it asks
 * above the line whether to throw the text away (y, or the same key
 * again) or go back to it (any other key).  *cancelled says whether the
 * prompt closed.  Returns what to redraw.
 */
#define TUI_PROMPT_LONG 40
int tui_prompt_escape(struct tui *t, int key, bool *cancelled);
/*
 * Asks question (interface text) on the status row: y runs yes(t, arg),
 * which owns arg from then on, and returns its flags; any other key (or
 * Ctrl-C) answers no, and free_arg (may be NULL) frees arg.
 */
void tui_confirm(struct tui *t, const char *question, tui_confirm_fn yes,
    void *arg, void (*free_arg)(void *arg));
/*
 * Whether the user may write: a viewer (or a read-only or vanished
 * store) is told at once, in the status line, before anything is typed.
 */
bool tui_may_write(struct tui *t);
/* Bracketed paste on (casebook's screen) or off (the editor, the shell). */
void tui_paste_mode(bool on);
/*
 * Tab in a prompt for a path: completes the path in *text (a file or
 * folder name, ~ for the home folder; a folder gets its '/'); again,
 * the next candidate, round.  state keeps what is completed between two
 * Tabs (NULL at first; tui_path_complete_free frees it).  Returns the
 * new text (caller frees) or NULL when nothing matches.
 */
struct tui_path_complete;
char *tui_path_complete(struct tui_path_complete **state, const char *text);
void tui_path_complete_free(struct tui_path_complete **state);
/* After the TUI's own write: take in the new tip without announcing it. */
void tui_absorb(struct tui *t);
/* Runs a ':' command line ("goto 2026-0042"); returns draw flags. */
int tui_command(struct tui *t, const char *line);
/* Suspends curses and edits path in $VISUAL/$EDITOR (execvp, no shell). */
enum cb_status tui_edit(struct tui *t, const char *path, struct cb_error *err);
/* cb_edit_draft (core/editor.h) with curses suspended. */
enum cb_status tui_edit_draft(struct tui *t, const char *path,
    const char *initial, size_t ilen, char **out, size_t *olen,
    bool *restored, struct cb_error *err);
/* Playbook text in the user's language. */
const char *tui_text_lang(struct tui *t, const struct cb_text *text);

/* --- the dashboard's alert panels (dash-alerts.c) -------------------------------- */

#define TUI_DASH_NOTABLE 8
#define TUI_DASH_MAIL 8
#define TUI_DASH_PAIRS_ASK 20

struct tui_dash_notable {
	long long id;
	char *signature;
	double score;
	long alerts;
};
struct tui_dash_mail {
	char *department;
	long n;
};
struct tui_dash_alerts {
	struct cb_alert_hours hours;	/* the day's alerts, hour by hour */
	long total;
	double notable_at;		/* alerts.yaml's notable threshold */
	struct tui_dash_notable notable[TUI_DASH_NOTABLE];
	int nnotable;
	struct tui_dash_mail mail[TUI_DASH_MAIL];
	int nmail;
	struct cb_beacon_pair *pairs;	/* highest first */
	size_t npairs;
	bool beacons_pending;		/* scored when idle */
};
/* Reads the figures (not the beacons: tui_dash_alerts_idle scores them). */
void tui_dash_alerts_load(struct tui *t, struct tui_dash_alerts *da);
int tui_dash_alerts_idle(struct tui *t, struct tui_dash_alerts *da);
void tui_dash_alerts_free(struct tui_dash_alerts *da);
/* Whether the day has alerts or beacons: else the panels are left out. */
bool tui_dash_alerts_any(const struct tui_dash_alerts *da);
/* The top score per hour on row y; the three panels on rows y .. y + h - 1. */
void tui_dash_alerts_trend(struct tui *t, const struct tui_dash_alerts *da,
    int y);
void tui_dash_alerts_draw(struct tui *t, const struct tui_dash_alerts *da,
    int y, int h);
/* 'b': a chooser of the pairs above the threshold; the one chosen is ingested. */
int tui_dash_beacon_act(struct tui *t, struct tui_dash_alerts *da);

/* --- drawing ------------------------------------------------------------------ */

/*
 * A pen draws text left to right along one row, at most w columns from
 * x, sanitising data on the way (C0/C1 controls, escapes and bidi
 * controls made visible) and counting columns with wcwidth so that
 * Japanese stays aligned.  Text that does not fit is cut at a character
 * boundary and ends with an ellipsis.
 */
struct tui_pen {
	int y, x, left;
	bool cut;
};
void tui_pen_start(struct tui_pen *p, int y, int x, int w);
void tui_pen_put(struct tui_pen *p, const char *s, size_t len, attr_t a);
void tui_pen_puts(struct tui_pen *p, const char *s, attr_t a);
/* Fills the rest of the pen's row with spaces in a. */
void tui_pen_fill(struct tui_pen *p, attr_t a);
/* Text with \x02 ... \x03 marking matches, drawn in hi. */
void tui_pen_marked(struct tui_pen *p, const char *s, attr_t a, attr_t hi);

/* One cell of w columns at y, x: text cut or padded to exactly w. */
void tui_cell(int y, int x, int w, const char *s, attr_t a);
/* A cell aligned right (numbers). */
void tui_cell_right(int y, int x, int w, const char *s, attr_t a);
/* The display width of s once sanitised. */
int tui_width(const char *s);

/*
 * Splits text (sanitised, newlines kept) into rows of at most w columns,
 * breaking at spaces where it can and inside a word where it must;
 * calls fn with each row (NUL-terminated, sanitised).
 */
typedef void (*tui_wrap_fn)(const char *row, void *arg);
void tui_wrap(const char *text, size_t len, int w, tui_wrap_fn fn, void *arg);

/*
 * Rows of text kept for a list (help, pager, notebook): each with a role
 * and a tag the screen uses (an index of what the row belongs to), and
 * whether it can be selected (headings cannot).  Text is stored as
 * given and sanitised when drawn.
 */
struct tui_line {
	char *text;
	enum tui_role role;
	long tag;
	bool heading;
};
struct tui_lines {
	struct tui_line *v;
	size_t n, cap;
};
void tui_lines_add(struct tui_lines *l, const char *text, enum tui_role role,
    long tag, bool heading);
void tui_lines_clear(struct tui_lines *l);
/* Appends text wrapped at w columns, each row with role and tag. */
void tui_lines_wrap(struct tui_lines *l, const char *text, size_t len, int w,
    enum tui_role role, long tag);
/* List operations over a struct tui_lines (src is the struct tui_lines). */
extern const struct tui_list_ops tui_lines_ops;

/* "5 min", "3 h", "12 d" (5分, 3時間, 12日) from an ISO 8601 UTC time to
 * now (cb_age_word). */
void tui_age(const char *iso, char out[32]);
enum tui_role tui_urgency_role(const char *urgency);
/*
 * A stored value as a person reads it (core/words.h), as on the command
 * line: in Japanese a field's value (phase, urgency, severity, classes)
 * or an item's answer by its option label (brief: without the label's
 * explanation, for a column); in English the value as stored.  Writes
 * into buf and returns it.
 */
const char *tui_field_word(struct tui *t, const char *field,
    const char *value, bool brief, char *buf, size_t n);
const char *tui_answer_word(struct tui *t, const char *item,
    const char *value, bool brief, char *buf, size_t n);

/* --- the list widget ------------------------------------------------------------ */

/*
 * Rows come from a data source: count says how many there are; fetch
 * (may be NULL) is told which window is about to be drawn, so that a
 * source backed by a query reads only those rows; draw paints row i in
 * the given cell.  selectable (may be NULL) lets a list skip headings.
 */
struct tui_list_ops {
	long (*count)(void *src);
	void (*fetch)(void *src, long offset, int n);
	void (*draw)(struct tui *t, void *src, long i, int y, int x, int w,
	    bool selected);
	bool (*selectable)(void *src, long i);
	/* Row i as text for '/' and n/N (optional; NULL: row not held). */
	const char *(*text)(void *src, long i);
};

struct tui_list {
	const struct tui_list_ops *ops;
	void *src;
	long cur, top;
	int h;			/* rows at the last draw */
};

void tui_list_init(struct tui_list *l, const struct tui_list_ops *ops,
    void *src);
void tui_list_draw(struct tui *t, struct tui_list *l, int y, int x, int h,
    int w);
/* Moves the selection by delta rows (clamped); returns draw flags. */
int tui_list_move(struct tui_list *l, long delta);
int tui_list_goto(struct tui_list *l, long i);
/* Keeps the selection in range after the count changed. */
void tui_list_clamp(struct tui_list *l);
/*
 * '/' and n/N in a list whose source gives its rows' text: selects the
 * next row (dir 1) or the previous (dir -1) containing t->find, going
 * round the end; from the selection itself when here is true (the first
 * search).  Says on the status line when nothing matches or it went
 * round.  Returns draw flags.
 */
int tui_list_find(struct tui *t, struct tui_list *l, int dir, bool here);
/* The first match of needle in hay (ASCII letters in either case). */
const char *tui_find_in(const char *hay, const char *needle);

#endif
