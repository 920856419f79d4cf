/*
 * The one-line editor on the bottom row: the queue's filter (its change
 * callback runs on every keystroke: filter as you type), the ':' command
 * line, a note, a text answer, a reason, a path.  It edits wide
 * characters, so Japanese typed or pasted is one character a key.
 *
 * Nothing typed or pasted is lost: the text grows as needed (no limit
 * of its own), a paste is text whatever it holds (between the
 * terminal's ESC[200~ and ESC[201~, or, from a terminal without
 * bracketed paste, a burst of input already waiting when a line break
 * arrives: no person types that fast), and a line break in it stays one
 * (shown as a ↵) in a prompt that takes several lines, or becomes a
 * space in one that cannot (the filter, ':', a path).  Ctrl-o opens
 * the text in $EDITOR where the caller allowed it; a failing editor
 * leaves the text in the prompt and in the user's draft file.
 *
 * Keys: printable characters insert; Left/Right, Home/End (Ctrl-a,
 * Ctrl-e) move; Backspace and Delete erase; Ctrl-u erases to the start;
 * Ctrl-w the word before; Enter accepts; Esc, Ctrl-g and Ctrl-c cancel
 * (a long text typed is not thrown away without asking: y or the same
 * key again does, any other key goes back to it).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "core/editor.h"
#include "core/sanitize.h"
#include "tui/tui-int.h"

/* The text so far as UTF-8 (caller frees). */
static char *
prompt_text(const struct tui_prompt *p)
{
	struct cb_buf b = { 0 };
	char mb[MB_LEN_MAX];
	mbstate_t ps;

	memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < p->len; i++) {
		size_t n = wcrtomb(mb, p->buf[i], &ps);

		if (n != (size_t)-1)
			cb_buf_add(&b, mb, n);
	}
	return b.data != NULL ? cb_buf_detach(&b) : xstrdup("");
}

static void
grow(struct tui_prompt *p, size_t more)
{
	if (p->len + more <= p->cap)
		return;
	while (p->cap < p->len + more)
		p->cap = p->cap ? 2 * p->cap : 256;
	p->buf = xrealloc(p->buf, p->cap * sizeof *p->buf);
}

static void
insert(struct tui_prompt *p, wchar_t wc)
{
	grow(p, 1);
	wmemmove(p->buf + p->pos + 1, p->buf + p->pos, p->len - p->pos);
	p->buf[p->pos++] = wc;
	p->len++;
	p->edited = true;
}

/* Replaces the whole text with s (UTF-8, controls other than \n made
 * visible by the sanitiser: the line is drawn as it is). */
static void
set_text(struct tui_prompt *p, const char *s, size_t len)
{
	char *clean = cb_sanitize(s, len, p->single ? 0 : CB_SAN_KEEP_NEWLINE);
	const char *q = clean;
	mbstate_t ps;

	memset(&ps, 0, sizeof ps);
	p->len = p->pos = 0;
	while (*q != '\0') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, q, strlen(q), &ps);

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		grow(p, 1);
		p->buf[p->len++] = wc;
		q += n;
	}
	p->pos = p->len;
	free(clean);
}

void
tui_prompt_start(struct tui *t, const char *label, const char *initial,
    tui_prompt_change_fn change, tui_prompt_done_fn done, void *arg)
{
	struct tui_prompt *p = &t->prompt;
	wchar_t *buf = p->buf;
	size_t cap = p->cap;

	free(p->draft);
	memset(p, 0, sizeof *p);
	p->buf = buf;
	p->cap = cap;
	snprintf(p->label, sizeof p->label, "%s", label);
	/* A filter runs as it is typed: one line. */
	p->single = change != NULL;
	if (initial != NULL)
		set_text(p, initial, strlen(initial));
	p->change = change;
	p->done = done;
	p->arg = arg;
	p->active = true;
	curs_set(1);
}

void
tui_prompt_single(struct tui *t)
{
	struct tui_prompt *p = &t->prompt;

	p->single = true;
	for (size_t i = 0; i < p->len; i++)
		if (p->buf[i] == L'\n')
			p->buf[i] = L' ';
}

void
tui_prompt_editor(struct tui *t, const char *name)
{
	free(t->prompt.draft);
	t->prompt.draft = xstrdup(name);
}

void
tui_prompt_notice(struct tui *t, const char *fmt, ...)
{
	char buf[sizeof t->prompt.notice];
	va_list ap;
	char *clean;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* A refusal may quote what was typed. */
	clean = cb_sanitize(buf, strlen(buf), 0);
	snprintf(t->prompt.notice, sizeof t->prompt.notice, "%s", clean);
	free(clean);
}

static int
finish(struct tui *t, bool accept)
{
	struct tui_prompt *p = &t->prompt;
	tui_prompt_done_fn done = p->done;
	void *arg = p->arg;
	char *text = accept ? prompt_text(p) : NULL;
	int flags;

	char *draft = accept && p->draft != NULL && p->draft_path[0] != '\0' ?
	    xstrdup(p->draft_path) : NULL;

	p->active = false;
	p->pasting = false;
	curs_set(0);
	flags = done(t, arg, text);
	/*
	 * The draft goes once the text is the record's: not when done
	 * opened the line again (a refused value) or said an error.
	 */
	if (draft != NULL && !p->active && t->status_role != TUI_C_ERROR)
		cb_draft_done(draft);
	free(draft);
	free(text);
	/* The rows above the line (a notice) are the screen's again. */
	return flags | TUI_DRAW_STATUS | TUI_DRAW_BODY;
}

int
tui_prompt_cancel(struct tui *t)
{
	return t->prompt.active ? finish(t, false) : TUI_DRAW_NONE;
}

/* Whether losing the text would lose work: see tui_prompt_escape. */
static bool
long_text(const struct tui_prompt *p)
{
	if (p->single || !p->edited)
		return false;
	if (p->len >= TUI_PROMPT_LONG)
		return true;
	return wmemchr(p->buf, L'\n', p->len) != NULL;
}

int
tui_prompt_escape(struct tui *t, int key, bool *cancelled)
{
	struct tui_prompt *p = &t->prompt;

	*cancelled = false;
	if (!p->active)
		return TUI_DRAW_NONE;
	if (!p->asking && long_text(p)) {
		p->asking = true;
		p->escape_key = key;
		tui_prompt_notice(t, _("Throw away the %zu characters typed? "
		    "y (or %s again) throws them away; any other key goes back "
		    "to the text"), p->len, key == TUI_CTRL('c') ? "Ctrl-C" :
		    key == TUI_CTRL('g') ? "Ctrl-G" : "Esc");
		return TUI_DRAW_STATUS | TUI_DRAW_BODY;
	}
	p->asking = false;
	*cancelled = true;
	return finish(t, false);
}

/*
 * Ctrl-o: the text in $EDITOR, in the user's draft file (a draft left
 * by a failed edit is offered again, with what the prompt holds after
 * it).  The result comes back into the prompt, for Enter.
 */
static int
edit_in_editor(struct tui *t)
{
	struct tui_prompt *p = &t->prompt;
	struct cb_error err;
	char *text = prompt_text(p), *path, *out = NULL;
	size_t olen = 0;
	bool restored = false;

	path = cb_draft_path(cb_store_dir(t->st), p->draft, &err);
	if (path == NULL) {
		tui_prompt_notice(t, "%s", err.msg);
		free(text);
		return TUI_DRAW_STATUS;
	}
	snprintf(p->draft_path, sizeof p->draft_path, "%s", path);
	/* Nothing is overwritten: an old draft, then this text. */
	if ((*text != '\0' && cb_draft_append(path, text, &err) != CB_OK) ||
	    tui_edit_draft(t, path, text, strlen(text), &out, &olen,
	    &restored, &err) != CB_OK)
		tui_prompt_notice(t, "%s", err.msg);
	else {
		set_text(p, out, olen);
		p->edited = true;
		p->notice[0] = '\0';
	}
	free(out);
	free(path);
	free(text);
	return TUI_DRAW_ALL;
}

/* A character as text: printable ones that take a column; a line break
 * or a tab only as pasted text. */
static bool
printable(int key)
{
	return !(key >= TUI_KEY(0) || key < 0x20 || key == 0x7f ||
	    (key >= 0x80 && key < 0xa0) || !iswprint((wint_t)key) ||
	    wcwidth((wchar_t)key) < 1);
}

/* A key that is part of a paste: text, never an action. */
static int
pasted(struct tui *t, int key)
{
	struct tui_prompt *p = &t->prompt;

	if (key == '\r' || key == '\n' || key == TUI_KEY(KEY_ENTER))
		insert(p, p->single ? L' ' : L'\n');
	else if (key == '\t')
		insert(p, p->single ? L' ' : L'\t');
	else if (printable(key))
		insert(p, (wchar_t)key);
	/* Anything else a paste holds (escapes, controls) is dropped. */
	return TUI_DRAW_STATUS;
}

int
tui_prompt_key(struct tui *t, int key)
{
	struct tui_prompt *p = &t->prompt;
	bool edited = false;

	if (p->asking) {
		/* The answer to "throw the text away?" */
		bool cancelled;

		if (key == 'y' || key == 'Y' || key == p->escape_key ||
		    key == TUI_CTRL('c')) {
			int flags = tui_prompt_escape(t, key, &cancelled);

			tui_status(t, TUI_C_DIM, "%s", _("Thrown away: nothing was "
			    "saved"));
			return flags | TUI_DRAW_STATUS;
		}
		p->asking = false;
		p->notice[0] = '\0';
		if (key != TUI_PASTE_BEGIN)
			return TUI_DRAW_STATUS | TUI_DRAW_BODY;
	}
	if (key == TUI_PASTE_BEGIN) {
		p->pasting = true;
		return TUI_DRAW_NONE;
	}
	if (key == TUI_PASTE_END) {
		p->pasting = false;
		edited = true;
		goto changed;
	}
	if (p->pasting ||
	    (t->burst && (key == '\r' || key == '\n' || key == '\t'))) {
		pasted(t, key);
		edited = true;
		goto changed;
	}
	switch (key) {
	case '\n': case '\r': case TUI_KEY(KEY_ENTER):
		return finish(t, true);
	case TUI_ESC: case TUI_CTRL('g'): case TUI_CTRL('c'): {
		bool cancelled;

		return tui_prompt_escape(t, key, &cancelled);
	}
	case TUI_CTRL('o'):
		if (p->draft == NULL)
			return TUI_DRAW_NONE;
		return edit_in_editor(t);
	case TUI_KEY(KEY_LEFT):
		if (p->pos > 0)
			p->pos--;
		break;
	case TUI_KEY(KEY_RIGHT):
		if (p->pos < p->len)
			p->pos++;
		break;
	case TUI_KEY(KEY_HOME): case TUI_CTRL('a'):
		p->pos = 0;
		break;
	case TUI_KEY(KEY_END): case TUI_CTRL('e'):
		p->pos = p->len;
		break;
	case TUI_KEY(KEY_BACKSPACE): case 127: case TUI_CTRL('h'):
		if (p->pos > 0) {
			wmemmove(p->buf + p->pos - 1, p->buf + p->pos,
			    p->len - p->pos);
			p->pos--;
			p->len--;
			edited = true;
		}
		break;
	case TUI_KEY(KEY_DC):
		if (p->pos < p->len) {
			wmemmove(p->buf + p->pos, p->buf + p->pos + 1,
			    p->len - p->pos - 1);
			p->len--;
			edited = true;
		}
		break;
	case TUI_CTRL('u'):
		wmemmove(p->buf, p->buf + p->pos, p->len - p->pos);
		p->len -= p->pos;
		p->pos = 0;
		edited = true;
		break;
	case TUI_CTRL('w'): {
		size_t from = p->pos;

		while (from > 0 && iswspace((wint_t)p->buf[from - 1]))
			from--;
		while (from > 0 && !iswspace((wint_t)p->buf[from - 1]))
			from--;
		wmemmove(p->buf + from, p->buf + p->pos, p->len - p->pos);
		p->len -= p->pos - from;
		p->pos = from;
		edited = true;
		break;
	}
	default:
		/*
		 * Printable characters that take a column only: no control,
		 * no bidi or invisible format character reaches the text (the
		 * line is drawn as typed, not through the sanitiser).
		 */
		if (!printable(key))
			return TUI_DRAW_NONE;
		insert(p, (wchar_t)key);
		edited = true;
		break;
	}
changed:
	if (edited)
		p->edited = true;
	if (edited && p->change != NULL && !p->pasting) {
		char *text = prompt_text(p);

		p->change(t, p->arg, text);
		free(text);
		return TUI_DRAW_STATUS | TUI_DRAW_BODY;
	}
	/* Rows drawn above the line are the screen's once they go. */
	return p->above > 0 ? TUI_DRAW_STATUS | TUI_DRAW_BODY :
	    TUI_DRAW_STATUS;
}

/* How a character of the text is drawn: a line break as ↵, a tab as a
 * space. */
static wchar_t
shown(wchar_t wc, int *w)
{
	if (wc == L'\n') {
		*w = 1;
		return MB_CUR_MAX > 1 ? L'\x21b5' : L'|';
	}
	if (wc == L'\t') {
		*w = 1;
		return L' ';
	}
	*w = wcwidth(wc);
	if (*w < 0)
		*w = 1;
	return wc;
}

struct above {
	struct tui *t;
	int y, n, skip;	/* skip: rows still to draw */
	attr_t a;
};

static void
count_row(const char *row, void *arg)
{
	(void)row;
	((struct above *)arg)->n++;
}

static void
above_row(const char *row, void *arg)
{
	struct above *ab = arg;

	if (ab->skip <= 0)
		return;
	ab->skip--;
	tui_cell(ab->y++, 0, ab->t->cols, row, ab->a);
}

/*
 * The rows above the line: why the last value was refused (with an
 * example of one accepted), or, for a text of several lines, how much
 * it holds.  At most four rows, wrapped, over the screen's last rows
 * (the whole is kept in :messages).
 */
static void
draw_above(struct tui *t, int y)
{
	struct tui_prompt *p = &t->prompt;
	struct cb_buf b = { 0 };
	size_t lines = 1;
	struct above ab = { t, 0, 0, 0, 0 };

	p->above = 0;
	if (p->notice[0] != '\0') {
		cb_buf_adds(&b, p->notice);
		ab.a = tui_attr(TUI_C_WARNING);
	} else {
		for (size_t i = 0; i < p->len; i++)
			lines += p->buf[i] == L'\n';
		if (lines < 2)
			return;
		cb_buf_printf(&b, _("%zu lines, %zu characters: Enter takes them "
		    "all%s"), lines, p->len, p->draft != NULL ?
		    _("; Ctrl-o edits them in $EDITOR") : "");
		ab.a = tui_attr(TUI_C_DIM);
	}
	tui_wrap(b.data, b.len, t->cols - 1, count_row, &ab);
	if (ab.n > 4)
		ab.n = 4;
	ab.skip = ab.n;
	ab.y = y - ab.n > 1 ? y - ab.n : 1;
	p->above = ab.n;
	tui_wrap(b.data, b.len, t->cols - 1, above_row, &ab);
	cb_buf_free(&b);
}

void
tui_prompt_draw(struct tui *t, int y)
{
	struct tui_prompt *p = &t->prompt;
	int lw = tui_width(p->label), cx = 0, room, used = 0, w;
	size_t start = 0;

	draw_above(t, y);
	tui_cell(y, 0, t->cols, p->label, tui_attr(TUI_C_TITLE));
	room = t->cols - lw - 1;
	if (room < 1)
		return;
	/* Scroll so that the cursor stays in view. */
	for (size_t i = 0; i < p->pos; i++) {
		shown(p->buf[i], &w);
		cx += w;
	}
	while (cx >= room && start < p->pos) {
		shown(p->buf[start], &w);
		cx -= w;
		start++;
	}
	attrset(tui_attr(TUI_C_NORMAL));
	move(y, lw);
	for (size_t i = start; i < p->len; i++) {
		wchar_t wc = shown(p->buf[i], &w);

		if (used + w > room)
			break;
		if (p->buf[i] == L'\n')
			attrset(tui_attr(TUI_C_DIM));
		addnwstr(&wc, 1);
		if (p->buf[i] == L'\n')
			attrset(tui_attr(TUI_C_NORMAL));
		used += w;
	}
	move(y, lw + cx);
}
