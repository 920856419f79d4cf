/*
 * The loop of the terminal UI.
 *
 * Screens sit on a stack (queue at the bottom, then an incident, its
 * notebook...).  A key goes to the prompt when one is open, else to the
 * top screen's action table, then to the global table below, then to
 * the screen's key callback.  Handlers return what to redraw; the loop
 * paints: the header row, the top screen's body, the status row.
 *
 * Signal handlers only set a flag: SIGINT (Ctrl-C) cancels the open
 * prompt or question, else asks before quitting (exit status 130 when
 * the user says yes); SIGTERM and SIGHUP leave cleanly with 128 + the
 * signal (a second one ends casebook at once, even inside a long
 * operation); SIGTSTP (Ctrl-Z) gives the terminal back before stopping.  A
 * resize arrives from curses as KEY_RESIZE.
 *
 * Pasted text never acts as keys: bracketed paste is on while casebook
 * has the screen (ESC[?2004h; off for the editor, a suspend and at the
 * end), its ESC[200~ and ESC[201~ are keys of their own (define_key), a
 * paste goes into the open prompt whole, and one outside a prompt is
 * dropped with a message.  A burst of input (a paste from a terminal
 * without bracketed paste) is marked for the prompt (t->burst).  get_wch waits at
 * most 200 ms, so that about once a second the loop can check whether
 * another user moved the record's branch (a read of one ref file), and
 * if so bring the index up to date and reload what is shown.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <git2.h>

#include "core/priv.h"
#include "core/sanitize.h"
#include "tui/tui-int.h"

#ifndef CB_LOCALEDIR
#define CB_LOCALEDIR "/usr/share/locale"
#endif

static volatile sig_atomic_t stop_signal, got_sigint, got_sigtstp;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_sigint = 1;
	else if (sig == SIGTSTP)
		got_sigtstp = 1;
	else
		stop_signal = sig;
}

void
tui_paste_mode(bool on)
{
	static const char on_seq[] = "\033[?2004h", off_seq[] = "\033[?2004l";

	fflush(stdout);
	if (write(STDOUT_FILENO, on ? on_seq : off_seq,
	    on ? sizeof on_seq - 1 : sizeof off_seq - 1) < 0) {
		/* A terminal that is gone: nothing to tell it. */
	}
}

/* --- the stack ---------------------------------------------------------------- */

static struct tui_frame *
top(struct tui *t)
{
	return t->depth > 0 ? &t->stack[t->depth - 1] : NULL;
}

bool
tui_push(struct tui *t, const struct tui_screen *s, const void *arg)
{
	void *state;

	if (t->depth == TUI_STACK_MAX) {
		tui_status(t, TUI_C_WARNING, "%s", _("Too many screens open: "
		    "go back (q) first"));
		return false;
	}
	if ((state = s->open(t, arg)) == NULL)
		return false;
	t->stack[t->depth].screen = s;
	t->stack[t->depth].state = state;
	t->depth++;
	s->load(t, state);
	return true;
}

void
tui_pop(struct tui *t)
{
	struct tui_frame *f = top(t);

	if (f == NULL)
		return;
	f->screen->close(f->state);
	t->depth--;
	if (t->depth == 0)
		t->quit = true;
	else {
		/* What is under may be out of date: another user, or us. */
		f = top(t);
		f->screen->load(t, f->state);
	}
}

/* --- the status line ------------------------------------------------------------ */

void
tui_status(struct tui *t, enum tui_role role, const char *fmt, ...)
{
	char buf[sizeof t->status];
	va_list ap;
	char *clean;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Messages may quote data (store errors name titles and values). */
	clean = cb_sanitize(buf, strlen(buf), 0);
	snprintf(t->status, sizeof t->status, "%s", clean);
	/*
	 * Every message is kept for :messages, the oldest dropped first; one
	 * said again at once (a poll failing each second) is kept once.
	 */
	if (t->nmessages > 0 && strcmp(t->messages[t->nmessages - 1] + 10,
	    clean) == 0) {
		free(clean);
		t->status_role = role;
		t->status_at = time(NULL);
		return;
	}
	if (t->nmessages == TUI_MESSAGES_MAX) {
		free(t->messages[0]);
		memmove(t->messages, t->messages + 1,
		    (TUI_MESSAGES_MAX - 1) * sizeof t->messages[0]);
		t->nmessages--;
	}
	{
		char when[16];
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		t->messages[t->nmessages++] = xasprintf("%s  %s", when, clean);
	}
	free(clean);
	t->status_role = role;
	t->status_at = time(NULL);
}

/* Whether the store's folder and record can still be read. */
static bool
store_present(struct tui *t)
{
	/* A plain clone under review holds the record's objects itself. */
	char *rec = xasprintf("%s/%s", cb_store_dir(t->st),
	    cb_store_review(t->st) ? "objects" : "record.git");
	/* With the effective ids: a protected store is the store group's. */
	bool ok = faccessat(AT_FDCWD, cb_store_dir(t->st), R_OK | X_OK,
	    AT_EACCESS) == 0 && faccessat(AT_FDCWD, rec, R_OK | X_OK,
	    AT_EACCESS) == 0;

	free(rec);
	return ok;
}

static bool
am_viewer(struct tui *t)
{
	struct cb_error err;
	enum cb_role r;

	return cb_store_role(t->st, NULL, &r, NULL, 0, &err) == CB_OK &&
	    r == CB_ROLE_VIEWER;
}

static const char *
viewer_text(void)
{
	return _("You are a viewer in this store: you can read everything, but "
	    "not change anything. A CERT member (tech) can give you a role.");
}

/*
 * An error in the user's words: a store that went away is named as
 * such (its index may still answer, wrongly: "you are a viewer"), and a
 * viewer's refusal points to no command the viewer may not run.
 */
void
tui_error(struct tui *t, const struct cb_error *err)
{
	if (!store_present(t)) {
		tui_status(t, TUI_C_ERROR, _("The store is gone or unreadable "
		    "(%s): nothing was changed"), cb_store_dir(t->st));
		return;
	}
	if (err->status == CB_EDENIED && am_viewer(t)) {
		tui_status(t, TUI_C_WARNING, "%s", viewer_text());
		return;
	}
	tui_status(t, err->status == CB_EDENIED || err->status == CB_ECONFLICT ?
	    TUI_C_WARNING : TUI_C_ERROR, "%s", err->msg);
}

bool
tui_may_write(struct tui *t)
{
	struct cb_error err;

	if (cb_store_may_write(t->st, &err) == CB_OK && store_present(t))
		return true;
	tui_error(t, &err);
	return false;
}

void
tui_confirm(struct tui *t, const char *question, tui_confirm_fn yes,
    void *arg, void (*free_arg)(void *arg))
{
	struct tui_question *q = &t->question;

	if (q->active && q->free_arg != NULL)
		q->free_arg(q->arg);
	memset(q, 0, sizeof *q);
	snprintf(q->text, sizeof q->text, "%s", question);
	q->yes = yes;
	q->arg = arg;
	q->free_arg = free_arg;
	q->active = true;
}

/* The answer to the open question: y yes, anything else no. */
static int
answer_question(struct tui *t, int key)
{
	struct tui_question q = t->question;
	int flags = TUI_DRAW_STATUS | TUI_DRAW_BODY;

	t->question.active = false;
	if (key == 'y' || key == 'Y') {
		if (q.quit) {
			t->quit = true;
			t->exit_code = 130;
		} else
			flags |= q.yes(t, q.arg);	/* yes owns arg */
		return flags;
	}
	tui_status(t, TUI_C_DIM, "%s", q.quit ? _("Not quitting") :
	    _("Not done: nothing was changed"));
	if (q.free_arg != NULL)
		q.free_arg(q.arg);
	return flags;
}

const char *
tui_text_lang(struct tui *t, const struct cb_text *text)
{
	if (strcmp(t->lang, "ja") == 0)
		return text->ja != NULL && *text->ja ? text->ja : text->en;
	return text->en != NULL && *text->en ? text->en : text->ja;
}

/* --- painting ------------------------------------------------------------------------ */

/*
 * When the store last synced and how it went (" synced 6 min ago" or
 * " sync failed 6 min ago"), from the small file sync leaves: the TUI
 * never waits on a sync.  "" for a store that never synced.
 */
static void
sync_word(struct tui *t, char *out, size_t n)
{
	struct cb_sync_state ss;
	char age[32];

	out[0] = '\0';
	if (!cb_store_sync_state(t->st, &ss))
		return;
	cb_age_word(ss.at, age, sizeof age);
	snprintf(out, n, ss.ok ? _(" synced %s ago |") :
	    _(" sync FAILED %s ago |"), age);
}

static void
draw_header(struct tui *t)
{
	attr_t a = tui_attr(TUI_C_HEADER);
	struct cb_buf left = { 0 };
	struct tui_pen p;
	char right[400], sync[96];
	int rw, lw;

	cb_buf_adds(&left, " casebook ");
	for (int i = 0; i < t->depth; i++) {
		const struct tui_frame *g = &t->stack[i];

		cb_buf_adds(&left, i > 0 ? "> " : "| ");
		cb_buf_adds(&left, _(g->screen->title));
		if (g->screen->subtitle != NULL) {
			cb_buf_adds(&left, " ");
			cb_buf_adds(&left, g->screen->subtitle(g->state));
		}
		cb_buf_adds(&left, " ");
	}
	lw = tui_width(left.data);
	sync_word(t, sync, sizeof sync);
	snprintf(right, sizeof right, "%s %s ", sync, t->who);
	rw = tui_width(right);
	/*
	 * Where the screens on the stack need the room, a long store path
	 * loses its first folders (down to a third of the row).
	 */
	for (const char *dir = cb_store_dir(t->st), *tail = strchr(dir + 1, '/');
	    rw > t->cols - lw && rw > t->cols / 3 && tail != NULL;
	    tail = strchr(tail + 1, '/')) {
		snprintf(right, sizeof right, "%s %s (%s) @ %s\u2026%s ", sync,
		    t->me.login, t->role, t->opts->demo ? _("demo: ") : "", tail);
		rw = tui_width(right);
	}
	tui_pen_start(&p, 0, 0, t->cols - rw);
	tui_pen_puts(&p, left.data, a);
	tui_pen_fill(&p, a);
	tui_cell(0, t->cols - rw, rw, right, a);
	cb_buf_free(&left);
}

static struct tui_list *top_list(struct tui *t);

/*
 * Where the selection is in the top screen's list ("12/300"), at the
 * right of the status row: the width it took (0 without a list).
 */
static int
draw_position(struct tui *t, int y)
{
	struct tui_list *l = top_list(t);
	char pos[48];
	long n;
	int w;

	if (l == NULL || (n = l->ops->count(l->src)) <= 0)
		return 0;
	snprintf(pos, sizeof pos, " %ld/%ld ", l->cur + 1, n);
	w = tui_width(pos);
	tui_cell(y, t->cols - w, w, pos, tui_attr(TUI_C_DIM));
	return w;
}

static void
status_row(const char *row, void *arg)
{
	struct tui_pen *p = arg;

	tui_cell(p->y++, 0, p->left, row, tui_attr(TUI_C_WARNING));
}

static void
draw_status(struct tui *t)
{
	int y = t->rows - 1;
	struct tui_pen p;

	if (t->prompt.active) {
		tui_prompt_draw(t, y);
		return;
	}
	tui_pen_start(&p, y, 0, t->cols);
	if (t->question.active) {
		char *q = xasprintf(_("%s (y/n) "), t->question.text);

		/* A long question is shown whole, on the rows above. */
		if (tui_width(q) > t->cols) {
			int rows = (tui_width(q) + t->cols - 1) / t->cols;

			if (rows > 4)
				rows = 4;
			tui_pen_start(&p, y - rows + 1, 0, t->cols);
			tui_wrap(q, strlen(q), t->cols, status_row, &p);
		} else {
			tui_pen_puts(&p, q, tui_attr(TUI_C_WARNING));
			tui_pen_fill(&p, tui_attr(TUI_C_STATUS));
		}
		free(q);
		return;
	}
	tui_pen_start(&p, y, 0, t->cols - draw_position(t, y));
	if (t->status[0] != '\0' && time(NULL) - t->status_at < 15) {
		int w = tui_width(t->status), room = p.left;

		if (w > room) {
			/* Cut: say where it is whole. */
			const char *more = _(" [M: whole]");
			int mw = tui_width(more);

			tui_pen_start(&p, y, 0, room - mw);
			tui_pen_puts(&p, t->status, tui_attr(t->status_role));
			tui_cell(y, room - mw, mw, more, tui_attr(TUI_C_KEY));
			return;
		}
		tui_pen_puts(&p, t->status, tui_attr(t->status_role));
		tui_pen_fill(&p, tui_attr(TUI_C_STATUS));
		return;
	}
	t->status[0] = '\0';
	if (t->outbox[0] != '\0') {
		tui_pen_puts(&p, t->outbox, tui_attr(TUI_C_WARNING));
		tui_pen_fill(&p, tui_attr(TUI_C_STATUS));
		return;
	}
	tui_pen_puts(&p, _("? help  : command  q back  Q quit"),
	    tui_attr(TUI_C_DIM));
	tui_pen_fill(&p, tui_attr(TUI_C_STATUS));
}

static void
draw_too_small(struct tui *t)
{
	char msg[160];
	int y = t->rows / 2;

	erase();
	snprintf(msg, sizeof msg, _("The terminal is %dx%d; casebook needs at "
	    "least %dx%d."), t->cols, t->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
	tui_cell(y > 0 ? y - 1 : 0, 0, t->cols, msg, tui_attr(TUI_C_WARNING));
	if (y + 1 < t->rows)
		tui_cell(y, 0, t->cols, _("Enlarge the window, or press Q "
		    "to quit."), tui_attr(TUI_C_NORMAL));
}

static void
paint(struct tui *t, int flags)
{
	struct tui_frame *f = top(t);

	if (f == NULL)
		return;
	if (t->too_small) {
		draw_too_small(t);
		refresh();
		return;
	}
	if (flags & TUI_DRAW_ALL)
		erase();
	if (flags & (TUI_DRAW_ALL | TUI_DRAW_BODY)) {
		draw_header(t);
		f->screen->draw(t, f->state, 1, t->rows - 2);
	}
	draw_status(t);
	attrset(A_NORMAL);
	refresh();
}

/* --- global actions -------------------------------------------------------------- */

static struct tui_list *
top_list(struct tui *t)
{
	struct tui_frame *f = top(t);

	return f != NULL && f->screen->list != NULL ?
	    f->screen->list(f->state) : NULL;
}

static int
move_by(struct tui *t, long delta)
{
	struct tui_list *l = top_list(t);

	return l != NULL ? tui_list_move(l, delta) : TUI_DRAW_NONE;
}

static int
page(struct tui *t)
{
	struct tui_list *l = top_list(t);

	return l != NULL && l->h > 1 ? l->h : 1;
}

static int act_down(struct tui *t, void *s) { (void)s; return move_by(t, 1); }
static int act_up(struct tui *t, void *s) { (void)s; return move_by(t, -1); }
static int act_pgdn(struct tui *t, void *s) { (void)s; return move_by(t, page(t) - 1); }
static int act_pgup(struct tui *t, void *s) { (void)s; return move_by(t, -(page(t) - 1)); }
static int act_halfdn(struct tui *t, void *s) { (void)s; return move_by(t, page(t) / 2); }
static int act_halfup(struct tui *t, void *s) { (void)s; return move_by(t, -(page(t) / 2)); }

static int
act_first(struct tui *t, void *s)
{
	struct tui_list *l = top_list(t);

	(void)s;
	return l != NULL ? tui_list_goto(l, 0) : TUI_DRAW_NONE;
}

static int
act_last(struct tui *t, void *s)
{
	struct tui_list *l = top_list(t);

	(void)s;
	return l != NULL ? tui_list_goto(l, l->ops->count(l->src) - 1) :
	    TUI_DRAW_NONE;
}

static int
act_back(struct tui *t, void *s)
{
	(void)s;
	tui_pop(t);
	return TUI_DRAW_ALL;
}

static int
act_escape(struct tui *t, void *s)
{
	(void)s;
	if (t->depth < 2)
		return TUI_DRAW_NONE;
	tui_pop(t);
	return TUI_DRAW_ALL;
}

static int
act_quit(struct tui *t, void *s)
{
	(void)s;
	t->quit = true;
	return TUI_DRAW_NONE;
}

static int
act_help(struct tui *t, void *s)
{
	struct tui_frame *f = top(t);

	(void)s;
	if (f->screen == &tui_screen_help)
		return TUI_DRAW_NONE;
	tui_push(t, &tui_screen_help, f->screen);
	return TUI_DRAW_ALL;
}

/* --- the ':' line's history (Up, Down) and completion (Tab) ---------------- */

#define CMD_HISTORY 50

/*
 * What the ':' line keeps between two uses, behind one pointer of
 * struct tui.  It reads the line through the prompt's change callback
 * (text) and sets it by starting the prompt again with the new text, so
 * that it needs nothing of the prompt's insides.
 */
struct tui_cmdline {
	char *hist[CMD_HISTORY];	/* oldest first */
	int n;
	int pos;		/* Up/Down: the entry shown; n: the line typed */
	char *typed;		/* the line as typed before Up */
	char *text;		/* the line now */
	char *stem;		/* Tab: what is completed; NULL: not completing */
	int next;		/* Tab: the next candidate to offer */
};

static int command_done(struct tui *t, void *arg, const char *text);

static void
cmd_change(struct tui *t, void *arg, const char *text)
{
	struct tui_cmdline *c = t->cmdline;

	(void)arg;
	free(c->text);
	c->text = xstrdup(text);
	/* Typing ends a completion and a walk through the history. */
	free(c->stem);
	c->stem = NULL;
	c->pos = c->n;
}

static void
cmd_set(struct tui *t, const char *text)
{
	struct tui_cmdline *c = t->cmdline;
	char *keep = xstrdup(text);

	tui_prompt_start(t, ":", keep, cmd_change, command_done, NULL);
	tui_prompt_single(t);
	free(c->text);
	c->text = keep;
}

static void
cmd_free(struct tui *t)
{
	struct tui_cmdline *c = t->cmdline;

	if (c == NULL)
		return;
	for (int i = 0; i < c->n; i++)
		free(c->hist[i]);
	free(c->typed);
	free(c->text);
	free(c->stem);
	free(c);
	t->cmdline = NULL;
}

static void
cmd_remember(struct tui *t, const char *line)
{
	struct tui_cmdline *c = t->cmdline;

	if (c->n > 0 && strcmp(c->hist[c->n - 1], line) == 0)
		return;
	if (c->n == CMD_HISTORY) {
		free(c->hist[0]);
		memmove(c->hist, c->hist + 1, (CMD_HISTORY - 1) * sizeof *c->hist);
		c->n--;
	}
	c->hist[c->n++] = xstrdup(line);
}

/* The themes shipped, for ':theme <Tab>'. */
static const char *const theme_names[] = {
	"default", "light", "high-contrast", "mono", NULL,
};

/*
 * The k-th candidate for stem (counting from 0), or NULL: a command's
 * name or alias when the stem has no space, a theme after "theme ".
 */
static char *
candidate(const char *stem, int k)
{
	size_t n = strlen(stem);

	if (strncmp(stem, "theme ", 6) == 0) {
		for (int i = 0; theme_names[i] != NULL; i++)
			if (strncmp(theme_names[i], stem + 6, n - 6) == 0 &&
			    k-- == 0)
				return xasprintf("theme %s", theme_names[i]);
		return NULL;
	}
	if (strchr(stem, ' ') != NULL)
		return NULL;
	for (const struct tui_command *c = tui_commands; c->name != NULL; c++)
		if (strncmp(c->name, stem, n) == 0 && k-- == 0)
			return xasprintf("%s%s", c->name, c->args[0] ? " " : "");
	return NULL;
}

/* Up, Down and Tab on the ':' line; TUI_UNHANDLED for other keys. */
static int
cmdline_key(struct tui *t, int key)
{
	struct tui_cmdline *c = t->cmdline;
	char *cand;

	switch (key) {
	case TUI_KEY(KEY_UP): case TUI_CTRL('p'):
		if (c->pos == 0)
			return TUI_DRAW_STATUS;
		if (c->pos == c->n) {
			free(c->typed);
			c->typed = xstrdup(c->text != NULL ? c->text : "");
		}
		c->pos--;
		cmd_set(t, c->hist[c->pos]);
		return TUI_DRAW_STATUS;
	case TUI_KEY(KEY_DOWN): case TUI_CTRL('n'):
		if (c->pos >= c->n)
			return TUI_DRAW_STATUS;
		c->pos++;
		cmd_set(t, c->pos == c->n ? (c->typed ? c->typed : "") :
		    c->hist[c->pos]);
		return TUI_DRAW_STATUS;
	case '\t':
		if (c->stem == NULL) {
			c->stem = xstrdup(c->text != NULL ? c->text : "");
			c->next = 0;
		}
		if ((cand = candidate(c->stem, c->next)) == NULL && c->next > 0) {
			/* Round to the first again. */
			c->next = 0;
			cand = candidate(c->stem, c->next);
		}
		if (cand == NULL)
			return TUI_DRAW_STATUS;
		c->next++;
		{
			char *stem = c->stem;
			int next = c->next, pos = c->pos;

			cmd_set(t, cand);
			c->stem = stem;
			c->next = next;
			c->pos = pos;
		}
		free(cand);
		return TUI_DRAW_STATUS;
	default:
		return TUI_UNHANDLED;
	}
}

static int
command_done(struct tui *t, void *arg, const char *text)
{
	(void)arg;
	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	cmd_remember(t, text);
	return tui_command(t, text);
}

static int
act_command(struct tui *t, void *s)
{
	(void)s;
	if (t->cmdline == NULL)
		t->cmdline = xcalloc(1, sizeof *t->cmdline);
	free(t->cmdline->text);
	t->cmdline->text = xstrdup("");
	free(t->cmdline->stem);
	t->cmdline->stem = NULL;
	t->cmdline->pos = t->cmdline->n;
	tui_prompt_start(t, ":", NULL, cmd_change, command_done, NULL);
	tui_prompt_single(t);
	t->hook_done = command_done;
	t->key_hook = cmdline_key;
	return TUI_DRAW_STATUS;
}

static int
act_refresh(struct tui *t, void *s)
{
	struct tui_frame *f = top(t);

	(void)s;
	clearok(stdscr, TRUE);
	return f->screen->load(t, f->state) | TUI_DRAW_ALL;
}

static int
search_done(struct tui *t, void *arg, const char *text)
{
	(void)arg;
	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	tui_push(t, &tui_screen_search, text);
	return TUI_DRAW_ALL;
}

static int
act_search(struct tui *t, void *s)
{
	(void)s;
	tui_prompt_start(t, _("Search titles and notebooks: "), NULL, NULL,
	    search_done, NULL);
	tui_prompt_single(t);
	return TUI_DRAW_STATUS;
}

/* The messages of this session, newest first, whole. */
static int
act_messages(struct tui *t, void *s)
{
	struct tui_pager_arg a;
	struct cb_buf b = { 0 };

	(void)s;
	for (size_t i = t->nmessages; i > 0; i--)
		cb_buf_printf(&b, "%s\n", t->messages[i - 1]);
	if (b.len == 0)
		cb_buf_adds(&b, _("No messages yet."));
	a.title = _("Messages, newest first");
	a.text = b.data;
	a.len = b.len;
	a.diff = false;
	tui_push(t, &tui_screen_pager, &a);
	cb_buf_free(&b);
	return TUI_DRAW_ALL;
}

/* '/' in a list: the first match from the selection on; n and N go on. */
static int
find_done(struct tui *t, void *arg, const char *text)
{
	struct tui_list *l = top_list(t);

	(void)arg;
	if (text == NULL || *text == '\0' || l == NULL)
		return TUI_DRAW_BODY;
	snprintf(t->find, sizeof t->find, "%s", text);
	return tui_list_find(t, l, 1, true);
}

static int
act_find(struct tui *t, void *s)
{
	struct tui_list *l = top_list(t);

	(void)s;
	if (l == NULL || l->ops->text == NULL)
		return tui_list_find(t, l, 1, false);
	tui_prompt_start(t, "/", NULL, NULL, find_done, NULL);
	return TUI_DRAW_STATUS;
}

static int
find_step(struct tui *t, int dir)
{
	return tui_list_find(t, top_list(t), dir, false);
}

static int act_find_next(struct tui *t, void *s) { (void)s; return find_step(t, 1); }
static int act_find_prev(struct tui *t, void *s) { (void)s; return find_step(t, -1); }

static int
act_dashboard(struct tui *t, void *s)
{
	(void)s;
	if (top(t)->screen != &tui_screen_dashboard)
		tui_push(t, &tui_screen_dashboard, NULL);
	return TUI_DRAW_ALL;
}

const struct tui_action tui_global_actions[] = {
	{ "down", { 'j', TUI_KEY(KEY_DOWN) }, "j Down", N_("next row"),
	  act_down },
	{ "up", { 'k', TUI_KEY(KEY_UP) }, "k Up", N_("previous row"), act_up },
	{ "first", { 'g', TUI_KEY(KEY_HOME) }, "g Home", N_("first row"),
	  act_first },
	{ "last", { 'G', TUI_KEY(KEY_END) }, "G End", N_("last row"),
	  act_last },
	{ "page-down", { TUI_KEY(KEY_NPAGE), ' ' }, "PgDn Space",
	  N_("next page"), act_pgdn },
	{ "page-up", { TUI_KEY(KEY_PPAGE), 'b' }, "PgUp b",
	  N_("previous page"), act_pgup },
	{ "half-down", { TUI_CTRL('d') }, "Ctrl-d", N_("half a page down"),
	  act_halfdn },
	{ "half-up", { TUI_CTRL('u') }, "Ctrl-u", N_("half a page up"),
	  act_halfup },
	{ "back", { 'q', TUI_KEY(KEY_LEFT) }, "q Left",
	  N_("back to the previous screen (q on the queue quits)"), act_back },
	{ "escape", { TUI_ESC }, "Esc", N_("back, but never out of casebook"),
	  act_escape },
	{ "quit", { 'Q', TUI_CTRL('c') }, "Q", N_("quit casebook"), act_quit },
	{ "help", { '?', TUI_KEY(KEY_F(1)) }, "? F1", N_("this help"),
	  act_help },
	{ "command", { ':' }, ":", N_("command line: new, goto ID, theme NAME, "
	  "search TEXT, dashboard, q"), act_command },
	{ "refresh", { 'r', TUI_CTRL('l') }, "r Ctrl-l",
	  N_("read again and repaint"), act_refresh },
	{ "search", { 'S' }, "S", N_("search titles and notebooks"),
	  act_search },
	{ "find", { '/' }, "/", N_("find text in this screen's rows"),
	  act_find },
	{ "find-next", { 'n' }, "n", N_("next match of '/'"), act_find_next },
	{ "find-prev", { 'N' }, "N", N_("previous match of '/'"),
	  act_find_prev },
	{ "dashboard", { 'D' }, "D", N_("the dashboard"), act_dashboard },
	{ "messages", { 'M' }, "M", N_("this session's messages, whole "
	  "(also :messages)"), act_messages },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

/* --- the command line --------------------------------------------------------------- */

static int
new_done(struct tui *t, void *arg, const char *text)
{
	struct cb_incident inc;
	struct cb_error err;
	char id[CB_ID_MAX];

	(void)arg;
	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	cb_incident_init(&inc);
	if (cb_incident_set(&inc, "title", text, &err) != CB_OK) {
		/* Refused: said above the line, the title kept to correct. */
		cb_incident_free(&inc);
		tui_error(t, &err);
		tui_prompt_start(t, _("Title of the new incident: "), text, NULL,
		    new_done, NULL);
		tui_prompt_single(t);
		tui_prompt_notice(t, "%s", err.msg);
		return TUI_DRAW_STATUS;
	}
	if (cb_store_create(t->st, &inc, id, &err) != CB_OK) {
		cb_incident_free(&inc);
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	cb_incident_free(&inc);
	tui_absorb(t);
	tui_status(t, TUI_C_NORMAL, _("Created %s"), id);
	/* Guided mode stays guided. */
	tui_push(t, t->opts->guided ? &tui_screen_guided :
	    &tui_screen_incident, id);
	return TUI_DRAW_ALL;
}

static int
goto_incident(struct tui *t, const char *id)
{
	struct cb_error err;

	if (!cb_id_parse(id, NULL, NULL)) {
		tui_status(t, TUI_C_WARNING, _("'%s' is not an incident id "
		    "(YYYY-NNNN)"), id);
		return TUI_DRAW_STATUS;
	}
	if (cb_store_row(t->st, id, NULL, NULL, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	tui_push(t, t->opts->guided ? &tui_screen_guided :
	    &tui_screen_incident, id);
	return TUI_DRAW_ALL;
}

static int
cmd_quit(struct tui *t, const char *arg)
{
	(void)arg;
	t->quit = true;
	return TUI_DRAW_NONE;
}

static int
cmd_new(struct tui *t, const char *arg)
{
	if (*arg != '\0')
		return new_done(t, NULL, arg);
	tui_prompt_start(t, _("Title of the new incident: "), NULL, NULL,
	    new_done, NULL);
	tui_prompt_single(t);
	return TUI_DRAW_STATUS;
}

/*
 * A theme file is the person's: read with their rights, never the store
 * group's (core/priv.h).
 */
static enum cb_status
theme_load_as_person(const char *name, struct cb_error *err)
{
	bool raised = cb_priv_raised();
	enum cb_status s;

	cb_priv_lower();
	s = tui_theme_load(name, err);
	if (raised)
		cb_priv_raise();
	return s;
}

static char *user_config_path(void);

/*
 * ':theme NAME' is remembered as tui.theme in the user's config (git
 * config syntax, written with libgit2 as git would, other settings
 * kept), so that the next start has it; a store's tui.theme and --theme
 * still come first.
 */
static bool
remember_theme(const char *name, char **where)
{
	char *path = user_config_path(), *dir = xstrdup(path), *slash;
	git_config *cfg;
	bool ok, raised;

	raised = cb_priv_raised();
	cb_priv_lower();
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		/* ~/.config, then ~/.config/casebook: private. */
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			(void)mkdir(dir, 0700);
			*slash = '/';
		}
		(void)mkdir(dir, 0700);
	}
	git_libgit2_init();
	ok = git_config_open_ondisk(&cfg, path) == 0;
	if (ok) {
		ok = git_config_set_string(cfg, "tui.theme", name) == 0;
		git_config_free(cfg);
	}
	git_libgit2_shutdown();
	if (raised)
		cb_priv_raise();
	free(dir);
	*where = path;
	return ok;
}

static int
cmd_theme(struct tui *t, const char *arg)
{
	struct cb_error err;
	char *where = NULL;

	if (theme_load_as_person(*arg ? arg : "default", &err) != CB_OK)
		tui_error(t, &err);
	else if (remember_theme(*arg ? arg : "default", &where))
		tui_status(t, TUI_C_NORMAL, _("Theme %s (kept in %s)"), *arg ?
		    arg : "default", where);
	else
		tui_status(t, TUI_C_WARNING, _("Theme %s, for now: %s could not "
		    "be written"), *arg ? arg : "default", where);
	free(where);
	tui_theme_apply();
	return TUI_DRAW_ALL;
}

static int
cmd_search(struct tui *t, const char *arg)
{
	if (*arg == '\0')
		return act_search(t, NULL);
	return search_done(t, NULL, arg);
}

static int cmd_goto(struct tui *t, const char *arg) { return goto_incident(t, arg); }
static int cmd_dashboard(struct tui *t, const char *arg) { (void)arg; return act_dashboard(t, NULL); }
static int
cmd_alerts(struct tui *t, const char *arg)
{
	(void)arg;
	if (top(t)->screen != &tui_screen_alerts)
		tui_push(t, &tui_screen_alerts, NULL);
	return TUI_DRAW_ALL;
}
static int cmd_help(struct tui *t, const char *arg) { (void)arg; return act_help(t, NULL); }
static int cmd_messages(struct tui *t, const char *arg) { (void)arg; return act_messages(t, NULL); }
static int cmd_outbox(struct tui *t, const char *arg) { (void)arg; return tui_outbox_open(t); }

/* The ':' commands: dispatch and the help screen. */
const struct tui_command tui_commands[] = {
	{ "new", "n", "[TITLE]", N_("record a new incident and open it"),
	  cmd_new },
	{ "goto", "open", "ID", N_("open incident ID (also just ':ID')"),
	  cmd_goto },
	{ "search", "s", "TEXT", N_("search titles and notebooks"),
	  cmd_search },
	{ "theme", NULL, "NAME", N_("switch theme: default, light, "
	  "high-contrast, mono, or a path"), cmd_theme },
	{ "dashboard", "dash", "", N_("the dashboard"), cmd_dashboard },
	{ "alerts", "al", "", N_("the alert groups to triage"), cmd_alerts },
	{ "help", "h", "", N_("the keys of this screen"), cmd_help },
	{ "messages", "mes", "", N_("the status messages of this session"),
	  cmd_messages },
	{ "outbox", NULL, "", N_("the messages to the chats and GitLab not "
	  "yet delivered"), cmd_outbox },
	{ "quit", "q", "", N_("quit casebook"), cmd_quit },
	{ NULL, NULL, NULL, NULL, NULL },
};

int
tui_command(struct tui *t, const char *line)
{
	char cmd[32], *arg;
	size_t n;
	int flags = -1;

	while (*line == ' ')
		line++;
	n = strcspn(line, " ");
	snprintf(cmd, sizeof cmd, "%.*s", (int)(n < sizeof cmd ? n : 0), line);
	arg = xstrdup(line + n + strspn(line + n, " "));
	for (size_t i = strlen(arg); i > 0 && arg[i - 1] == ' '; i--)
		arg[i - 1] = '\0';
	for (const struct tui_command *c = tui_commands; c->name != NULL; c++)
		if (strcmp(cmd, c->name) == 0 ||
		    (c->alias != NULL && strcmp(cmd, c->alias) == 0))
			flags = c->run(t, arg);
	if (flags == -1 && cb_id_parse(cmd, NULL, NULL))
		flags = goto_incident(t, cmd);
	if (flags == -1) {
		tui_status(t, TUI_C_WARNING, _("Unknown command '%s' (new, goto "
		    "ID, search TEXT, theme NAME, dashboard, messages, help, q)"), cmd);
		flags = TUI_DRAW_STATUS;
	}
	free(arg);
	return flags | TUI_DRAW_STATUS;
}

/* --- other people's changes -------------------------------------------------------- */

void
tui_absorb(struct tui *t)
{
	struct cb_error err;

	(void)cb_queue_poll(t->st, &t->poll, &err);
}

static int
poll_record(struct tui *t)
{
	struct cb_error err;
	struct tui_frame *f;

	if (time(NULL) == t->polled)
		return TUI_DRAW_NONE;
	t->polled = time(NULL);
	if (cb_queue_poll(t->st, &t->poll, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	if (!t->poll.moved)
		return tui_outbox_poll(t) ? TUI_DRAW_STATUS : TUI_DRAW_NONE;
	(void)tui_outbox_poll(t);
	if (t->poll.incident[0] != '\0' && t->poll.commits == 1)
		tui_status(t, TUI_C_WARNING, _("%s updated by %s"),
		    t->poll.incident, t->poll.author);
	else if (t->poll.incident[0] != '\0')
		tui_status(t, TUI_C_WARNING, _("%d changes; the last: %s "
		    "updated by %s"), t->poll.commits, t->poll.incident,
		    t->poll.author);
	f = top(t);
	t->idle = true;
	return f->screen->load(t, f->state) | TUI_DRAW_BODY | TUI_DRAW_STATUS;
}

/* --- keys ------------------------------------------------------------------------------ */

static const struct tui_action *
find_action(const struct tui_action *table, int key)
{
	for (; table != NULL && table->name != NULL; table++)
		for (int i = 0; i < 3 && table->keys[i] != 0; i++)
			if (table->keys[i] == key)
				return table;
	return NULL;
}

/*
 * The actions that write, by their stable names: a user who may not
 * write is told so when pressing the key, before typing anything.
 */
static bool
writes(const struct tui_action *a)
{
	static const char *const names[] = { "answer", "waive", "advance",
	    "back-phase", "accept", "dismiss", "add", "edit", "attach", "new",
	    "withdraw", "answer-editor", NULL };

	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(a->name, names[i]) == 0)
			return true;
	return false;
}

/* "Unknown key x (? lists the keys)": nothing is silently ignored. */
static void
unknown_key(struct tui *t, int key)
{
	char name[32];

	if (key >= TUI_KEY(0)) {
		const char *kn = keyname(key - TUI_KEY(0));

		snprintf(name, sizeof name, "%s", kn != NULL ? kn : "?");
	} else if (key < 0x20 || key == 0x7f)
		snprintf(name, sizeof name, "Ctrl-%c", (key + 0x40) & 0x7f);
	else {
		wchar_t w[2] = { (wchar_t)key, 0 };

		if (wcstombs(name, w, sizeof name) == (size_t)-1)
			snprintf(name, sizeof name, "U+%04X", (unsigned)key);
	}
	tui_status(t, TUI_C_WARNING, _("Unknown key %s (? lists the keys)"),
	    name);
}

static int
dispatch(struct tui *t, int key)
{
	struct tui_frame *f = top(t);
	const struct tui_action *a;
	int flags;

	if (t->prompt.active) {
		if (t->key_hook != NULL && t->prompt.done == t->hook_done &&
		    (flags = t->key_hook(t, key)) != TUI_UNHANDLED)
			return flags;
		return tui_prompt_key(t, key);
	}
	/* A paste outside a prompt: every byte of it dropped, none a key. */
	if (key == TUI_PASTE_BEGIN) {
		t->dropping = true;
		return TUI_DRAW_NONE;
	}
	if (t->dropping) {
		if (key != TUI_PASTE_END)
			return TUI_DRAW_NONE;
		t->dropping = false;
		tui_status(t, TUI_C_WARNING, "%s", _("The paste was ignored: "
		    "pasted text goes into a prompt (a adds a note in the "
		    "notebook), never acts as keys"));
		return TUI_DRAW_STATUS;
	}
	if (t->question.active)
		return answer_question(t, key);
	if (t->too_small) {
		if (key == 'Q' || key == 'q' || key == TUI_CTRL('c'))
			t->quit = true;
		return TUI_DRAW_NONE;
	}
	/* A key clears an old message. */
	if (t->status[0] != '\0' && time(NULL) - t->status_at > 2)
		t->status[0] = '\0';
	if ((a = find_action(f->screen->actions, key)) != NULL) {
		if (writes(a) && !tui_may_write(t))
			return TUI_DRAW_STATUS;
		return a->run(t, f->state) | TUI_DRAW_STATUS;
	}
	if ((a = find_action(tui_global_actions, key)) != NULL)
		return a->run(t, f->state) | TUI_DRAW_STATUS;
	if (f->screen->key != NULL &&
	    (flags = f->screen->key(t, f->state, key)) != TUI_UNHANDLED)
		return flags | TUI_DRAW_STATUS;
	unknown_key(t, key);
	return TUI_DRAW_STATUS;
}

/* --- setup -------------------------------------------------------------------------------- */

/*
 * The language of playbook texts: the store's (its casebook.language,
 * else the locale), but LANGUAGE=ja, which gettext follows for the
 * interface, makes them Japanese too: one language on one screen.
 */
static const char *
user_language(struct cb_store *st)
{
	const char *v = getenv("LANGUAGE");

	if (v != NULL && strncmp(v, "ja", 2) == 0)
		return "ja";
	return cb_store_language(st);
}

/* --theme, else the store's tui.theme, else the user's, else default. */
static char *
theme_name(struct tui *t)
{
	char *path, *v;
	bool raised;

	if (t->opts->theme != NULL)
		return xstrdup(t->opts->theme);
	path = xasprintf("%s/config", cb_store_dir(t->st));
	v = cb_gitconfig_get(path, "tui", NULL, "theme");
	free(path);
	if (v != NULL)
		return v;
	path = user_config_path();
	/* The person's own config: with their rights (core/priv.h). */
	raised = cb_priv_raised();
	cb_priv_lower();
	v = cb_gitconfig_get(path, "tui", NULL, "theme");
	if (raised)
		cb_priv_raise();
	free(path);
	return v;
}

/* $XDG_CONFIG_HOME/casebook/config, else ~/.config/casebook/config. */
static char *
user_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/casebook/config", xdg);
	return xasprintf("%s/.config/casebook/config", home ? home : ".");
}

/*
 * The header's right end: who works on which store as what, so that
 * nobody writes to the demo or a colleague's store by mistake:
 * "LOGIN (staff) @ /srv/csirt", the home folder as ~, the demo marked.
 */
static void
who_am_i(struct tui *t)
{
	const char *dir = cb_store_dir(t->st), *home = getenv("HOME");
	struct cb_error err;
	enum cb_role role;
	size_t hl = home != NULL ? strlen(home) : 0;
	bool in_home = hl > 1 && strncmp(dir, home, hl) == 0 &&
	    (dir[hl] == '/' || dir[hl] == '\0');

	if (cb_store_role(t->st, NULL, &role, NULL, 0, &err) != CB_OK)
		role = CB_ROLE_NONE;
	snprintf(t->role, sizeof t->role, "%s", role == CB_ROLE_NONE ? "?" :
	    cb_role_names[role]);
	snprintf(t->who, sizeof t->who, "%s (%s) @ %s%s%s", t->me.login,
	    t->role, t->opts->demo ? _("demo: ") : "", in_home ? "~" : "",
	    in_home ? dir + hl : dir);
}

static int
read_key(int *key)
{
	wint_t wc;
	int r = get_wch(&wc);

	if (r == ERR)
		return ERR;
	*key = r == KEY_CODE_YES ? TUI_KEY((int)wc) : (int)wc;
	return OK;
}

/*
 * Whether more input is already waiting: the key just read is part of
 * a burst no person types (a paste from a terminal without bracketed
 * paste).  What was peeked is given back to curses.
 */
static bool
pending(void)
{
	wint_t wc;
	int r;

	timeout(0);
	r = get_wch(&wc);
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES)
		ungetch((int)wc);
	else
		unget_wch((wchar_t)wc);
	return true;
}

/* Ctrl-C: cancels the prompt or question open, else asks to quit. */
static int
on_interrupt(struct tui *t)
{
	if (t->prompt.active) {
		bool cancelled, asked = t->prompt.asking;
		int flags = asked ? tui_prompt_key(t, TUI_CTRL('c')) :
		    tui_prompt_escape(t, TUI_CTRL('c'), &cancelled);

		/* A long text asks first (tui_prompt_escape). */
		if (asked || cancelled)
			tui_status(t, TUI_C_DIM, "%s", _("Cancelled (Ctrl-C): "
			    "nothing was saved"));
		return flags | TUI_DRAW_STATUS;
	}
	if (t->question.active && t->question.quit) {
		/* Ctrl-C twice: yes. */
		t->question.active = false;
		t->quit = true;
		t->exit_code = 130;
		return TUI_DRAW_NONE;
	}
	if (t->question.active)
		return answer_question(t, 'n');
	/* A chooser open over the screen is a question too. */
	if (top(t) != NULL && top(t)->screen == &tui_screen_choose) {
		tui_pop(t);
		tui_status(t, TUI_C_DIM, "%s", _("Cancelled (Ctrl-C): nothing was "
		    "saved"));
		return TUI_DRAW_ALL;
	}
	tui_confirm(t, _("Quit casebook? y quits, any other key stays"), NULL,
	    NULL, NULL);
	t->question.quit = true;
	return TUI_DRAW_STATUS;
}

/* Ctrl-Z: the terminal as it was, then stop; back, casebook's again. */
static void
suspend_self(void)
{
	struct sigaction sa, old;

	def_prog_mode();
	tui_paste_mode(false);
	endwin();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	/* Continued. */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	tui_paste_mode(true);
	clearok(stdscr, TRUE);
}

static void
take_size(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
}

int
tui_run(const struct tui_opts *opts)
{
	struct tui t;
	struct cb_error err, theme_err;
	struct sigaction sa;
	SCREEN *scr;
	char *theme;
	bool theme_failed;
	int flags = TUI_DRAW_ALL;
	int burst_run = 0;	/* keys in a row read with input behind them */

	memset(&t, 0, sizeof t);
	t.opts = opts;
	if (cb_store_open(opts->store_dir, &t.st, &err) != CB_OK) {
		fprintf(stderr, "casebook: %s\n", err.msg);
		return cb_status_exit_code(err.status);
	}
	cb_store_set_playbook_dir(t.st, cb_playbooks_dir());
	t.lang = user_language(t.st);
	if (cb_store_identity(t.st, &t.me, &err) != CB_OK) {
		fprintf(stderr, "casebook: %s\n", err.msg);
		cb_store_close(t.st);
		return cb_status_exit_code(err.status);
	}
	who_am_i(&t);
	theme = theme_name(&t);
	theme_failed = theme_load_as_person(theme, &theme_err) != CB_OK;
	free(theme);
	if (cb_queue_interactive(t.st, &err) != CB_OK) {
		fprintf(stderr, "casebook: %s\n", err.msg);
		cb_store_close(t.st);
		return cb_status_exit_code(err.status);
	}
	tui_absorb(&t);
	t.polled = time(NULL);

	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		const char *term = getenv("TERM");

		fprintf(stderr, "casebook: cannot use the terminal '%s'; set "
		    "TERM (e.g. xterm-256color)\n", term ? term : "");
		cb_store_close(t.st);
		return 1;
	}
	set_term(scr);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	/*
	 * A bracketed paste's marks as two keys: curses matches them whole,
	 * as it does the arrows, so they never arrive as Esc, '[', '2'...
	 */
	define_key("\033[200~", KEY_MAX + 1);
	define_key("\033[201~", KEY_MAX + 2);
	tui_paste_mode(true);
	set_escdelay(25);
	curs_set(0);
	timeout(200);
	tui_theme_apply();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	/*
	 * The first SIGTERM or SIGHUP asks the loop to leave cleanly; the
	 * handler then resets itself, so that a second one ends casebook
	 * even inside something that never returns to the loop (a hung
	 * libfyaml span for ever after its user had gone).
	 */
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_flags = 0;
	sigaction(SIGTSTP, &sa, NULL);
	take_size(&t);
	/* Whatever the terminal showed before (messages on stderr) goes. */
	clearok(stdscr, TRUE);

	if (theme_failed)
		tui_status(&t, TUI_C_ERROR, _("Default theme used: %s"),
		    theme_err.msg);
	t.idle = true;
	if (!tui_push(&t, &tui_screen_queue, NULL))
		t.quit = true;
	else if (opts->open_id != NULL)
		goto_incident(&t, opts->open_id);
	else if (opts->guided)
		tui_status(&t, TUI_C_NORMAL, "%s", _("Guided mode: choose an "
		    "incident and press Enter"));

	while (!t.quit && stop_signal == 0) {
		int key;
		bool more;

		if (got_sigint) {
			got_sigint = 0;
			flags |= on_interrupt(&t);
			continue;
		}
		if (got_sigtstp) {
			got_sigtstp = 0;
			suspend_self();
			flags |= TUI_DRAW_ALL;
		}
		/*
		 * Inside a paste the screen waits for its end: 5,000 pasted
		 * characters are one paint, not 5,000.
		 */
		if (flags != TUI_DRAW_NONE && top(&t) != NULL &&
		    !(t.prompt.active && (t.prompt.pasting || t.burst)))
			paint(&t, flags);
		if (!(t.prompt.active && (t.prompt.pasting || t.burst)))
			flags = TUI_DRAW_NONE;
		/* Left-over work runs when no key is waiting. */
		timeout(t.idle ? 0 : 200);
		if (read_key(&key) == ERR) {
			struct tui_frame *f = top(&t);

			t.burst = false;
			burst_run = 0;
			/* A paste whose end never came is over. */
			t.prompt.pasting = t.dropping = false;

			if (t.idle) {
				int r = f->screen->idle != NULL && !t.too_small ?
				    f->screen->idle(&t, f->state) : TUI_UNHANDLED;

				if (r == TUI_UNHANDLED)
					t.idle = false;
				else
					flags |= r;
				continue;
			}
			if (!t.too_small && !t.prompt.active)
				flags |= poll_record(&t);
			/* An old message goes away by itself. */
			if (t.status[0] != '\0' &&
			    time(NULL) - t.status_at >= 15)
				flags |= TUI_DRAW_STATUS;
			continue;
		}
		if (key == TUI_KEY(KEY_RESIZE)) {
			take_size(&t);
			flags = TUI_DRAW_ALL;
			continue;
		}
		/*
		 * In a prompt, a key read with more input behind it, after two
		 * that had too, is a paste's: no person types that fast.  (One
		 * key with input behind it is not enough: a few keys typed
		 * ahead, "x", Enter, "j", may all wait while casebook is busy,
		 * and that Enter must still submit.)
		 */
		more = t.prompt.active && pending();
		t.burst = more && burst_run >= 2;
		burst_run = more ? burst_run + 1 : 0;
		flags |= dispatch(&t, key);
		t.idle = true;
		if (flags & TUI_RELOAD) {
			struct tui_frame *f = top(&t);

			if (f != NULL)
				flags |= f->screen->load(&t, f->state);
			flags |= TUI_DRAW_BODY;
		}
	}
	while (t.depth > 0) {
		t.depth--;
		t.stack[t.depth].screen->close(t.stack[t.depth].state);
	}
	tui_paste_mode(false);
	endwin();
	delscreen(scr);
	free(t.prompt.buf);
	free(t.prompt.draft);
	if (t.question.active && t.question.free_arg != NULL)
		t.question.free_arg(t.question.arg);
	for (size_t i = 0; i < t.nmessages; i++)
		free(t.messages[i]);
	cmd_free(&t);
	cb_store_close(t.st);
	/* A quit by a signal says so, as a shell's would. */
	if (stop_signal != 0)
		return 128 + stop_signal;
	return t.exit_code;
}
