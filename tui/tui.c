/*
 * The loop of the terminal UI.
 *
 * Screens sit on a stack (queue at the bottom, then an incident, its
 * notebook...).  A key goes to the prompt when one is open, else to the
 * top screen's action table, then to the global table below, then to
 * the screen's key callback.  Handlers return what to redraw; the loop
 * paints: the header row, the top screen's body, the status row.
 *
 * Signal handlers only set a flag (SIGINT, SIGTERM, SIGHUP: leave
 * cleanly; a second SIGTERM or SIGHUP ends casebook at once); a resize arrives from curses as KEY_RESIZE.  get_wch waits at
 * most 200 ms, so that about once a second the loop can check whether
 * another user moved the record's branch (a read of one ref file), and
 * if so bring the index up to date and reload what is shown.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "tui/tui-int.h"

#ifndef CB_LOCALEDIR
#define CB_LOCALEDIR "/usr/share/locale"
#endif

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
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
	free(clean);
	t->status_role = role;
	t->status_at = time(NULL);
}

void
tui_error(struct tui *t, const struct cb_error *err)
{
	tui_status(t, err->status == CB_EDENIED || err->status == CB_ECONFLICT ?
	    TUI_C_WARNING : TUI_C_ERROR, "%s", err->msg);
}

const char *
tui_text_lang(struct tui *t, const struct cb_text *text)
{
	if (strcmp(t->lang, "ja") == 0)
		return text->ja != NULL && *text->ja ? text->ja : text->en;
	return text->en != NULL && *text->en ? text->en : text->ja;
}

/* --- painting ------------------------------------------------------------------------ */

static void
draw_header(struct tui *t)
{
	struct tui_frame *f = top(t);
	attr_t a = tui_attr(TUI_C_HEADER);
	struct tui_pen p;
	char right[160];
	int rw;

	snprintf(right, sizeof right, " %s@casebook ", t->me.login);
	rw = tui_width(right);
	tui_pen_start(&p, 0, 0, t->cols - rw);
	tui_pen_puts(&p, " casebook ", a);
	for (int i = 0; i < t->depth; i++) {
		const struct tui_frame *g = &t->stack[i];

		tui_pen_puts(&p, i > 0 ? "> " : "| ", a);
		tui_pen_puts(&p, _(g->screen->title), a);
		if (g->screen->subtitle != NULL) {
			tui_pen_puts(&p, " ", a);
			tui_pen_puts(&p, g->screen->subtitle(g->state), a);
		}
		tui_pen_puts(&p, " ", a);
	}
	tui_pen_fill(&p, a);
	tui_cell(0, t->cols - rw, rw, right, a);
	(void)f;
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
	if (t->status[0] != '\0' && time(NULL) - t->status_at < 15) {
		tui_pen_puts(&p, t->status, tui_attr(t->status_role));
		tui_pen_fill(&p, tui_attr(TUI_C_STATUS));
		return;
	}
	t->status[0] = '\0';
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

static int
command_done(struct tui *t, void *arg, const char *text)
{
	(void)arg;
	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	return tui_command(t, text);
}

static int
act_command(struct tui *t, void *s)
{
	(void)s;
	tui_prompt_start(t, ":", NULL, NULL, command_done, NULL);
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
	return TUI_DRAW_STATUS;
}

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
	{ "dashboard", { 'D' }, "D", N_("the dashboard"), act_dashboard },
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
	if (cb_incident_set(&inc, "title", text, &err) != CB_OK ||
	    cb_store_create(t->st, &inc, id, &err) != CB_OK) {
		cb_incident_free(&inc);
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	cb_incident_free(&inc);
	tui_absorb(t);
	tui_status(t, TUI_C_NORMAL, _("Created %s"), id);
	tui_push(t, &tui_screen_incident, id);
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
	tui_push(t, &tui_screen_incident, id);
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
	return TUI_DRAW_STATUS;
}

static int
cmd_theme(struct tui *t, const char *arg)
{
	struct cb_error err;

	if (tui_theme_load(*arg ? arg : "default", &err) != CB_OK)
		tui_error(t, &err);
	else
		tui_status(t, TUI_C_NORMAL, _("Theme %s"), *arg ? arg :
		    "default");
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
static int cmd_help(struct tui *t, const char *arg) { (void)arg; return act_help(t, NULL); }

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
	{ "help", "h", "", N_("the keys of this screen"), cmd_help },
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
		    "ID, search TEXT, theme NAME, dashboard, help, q)"), cmd);
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
		return TUI_DRAW_NONE;
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

static int
dispatch(struct tui *t, int key)
{
	struct tui_frame *f = top(t);
	const struct tui_action *a;
	int flags;

	if (t->prompt.active)
		return tui_prompt_key(t, key);
	if (t->too_small) {
		if (key == 'Q' || key == 'q' || key == TUI_CTRL('c'))
			t->quit = true;
		return TUI_DRAW_NONE;
	}
	/* A key clears an old message. */
	if (t->status[0] != '\0' && time(NULL) - t->status_at > 2)
		t->status[0] = '\0';
	if ((a = find_action(f->screen->actions, key)) != NULL)
		return a->run(t, f->state) | TUI_DRAW_STATUS;
	if ((a = find_action(tui_global_actions, key)) != NULL)
		return a->run(t, f->state) | TUI_DRAW_STATUS;
	if (f->screen->key != NULL &&
	    (flags = f->screen->key(t, f->state, key)) != TUI_UNHANDLED)
		return flags | TUI_DRAW_STATUS;
	return TUI_DRAW_STATUS;
}

/* --- setup -------------------------------------------------------------------------------- */

/*
 * The installed translations, else (run from the build tree, not yet
 * installed) the build tree's po/.
 */
static void
bind_messages(void)
{
	const char *dir = CB_LOCALEDIR;

#ifdef CB_BUILD_LOCALEDIR
	if (access(CB_LOCALEDIR "/ja/LC_MESSAGES/" PACKAGE ".mo", R_OK) != 0 &&
	    access(CB_BUILD_LOCALEDIR "/ja/LC_MESSAGES/" PACKAGE ".mo",
	    R_OK) == 0)
		dir = CB_BUILD_LOCALEDIR;
#endif
	bindtextdomain(PACKAGE, dir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

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
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path, *v;

	if (t->opts->theme != NULL)
		return xstrdup(t->opts->theme);
	path = xasprintf("%s/config", cb_store_dir(t->st));
	v = cb_gitconfig_get(path, "tui", NULL, "theme");
	free(path);
	if (v != NULL)
		return v;
	if (xdg != NULL && xdg[0] == '/')
		path = xasprintf("%s/casebook/config", xdg);
	else
		path = xasprintf("%s/.config/casebook/config", home ? home : ".");
	v = cb_gitconfig_get(path, "tui", NULL, "theme");
	free(path);
	return v;
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

	bind_messages();
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
	theme = theme_name(&t);
	theme_failed = tui_theme_load(theme, &theme_err) != CB_OK;
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

		if (flags != TUI_DRAW_NONE && top(&t) != NULL)
			paint(&t, flags);
		flags = TUI_DRAW_NONE;
		/* Left-over work runs when no key is waiting. */
		timeout(t.idle ? 0 : 200);
		if (read_key(&key) == ERR) {
			struct tui_frame *f = top(&t);

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
		flags = dispatch(&t, key);
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
	endwin();
	delscreen(scr);
	cb_store_close(t.st);
	return 0;
}
