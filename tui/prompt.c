/*
 * The one-line editor on the bottom row: the queue's filter (its change
 * callback runs on every keystroke: filter as you type), the ':' command
 * line, a short note, a text answer, a reason, a path.  It edits wide
 * characters, so Japanese typed or pasted is one character a key.
 *
 * Keys: printable characters insert; Left/Right, Home/End (Ctrl-a,
 * Ctrl-e) move; Backspace and Delete erase; Ctrl-u erases to the start;
 * Ctrl-w the word before; Enter accepts; Esc and Ctrl-g cancel.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "core/sanitize.h"
#include "tui/tui-int.h"

static char *
prompt_text(const struct tui_prompt *p)
{
	wchar_t w[sizeof p->buf / sizeof p->buf[0] + 1];
	size_t n;
	char *out;

	wmemcpy(w, p->buf, p->len);
	w[p->len] = L'\0';
	n = wcstombs(NULL, w, 0);
	if (n == (size_t)-1)
		return xstrdup("");
	out = xmalloc(n + 1);
	wcstombs(out, w, n + 1);
	return out;
}

void
tui_prompt_start(struct tui *t, const char *label, const char *initial,
    tui_prompt_change_fn change, tui_prompt_done_fn done, void *arg)
{
	struct tui_prompt *p = &t->prompt;
	size_t n;

	memset(p, 0, sizeof *p);
	snprintf(p->label, sizeof p->label, "%s", label);
	if (initial != NULL) {
		/*
		 * The line is drawn as it is, not through the sanitiser, and
		 * an initial text may come from data (the answer being
		 * changed): its controls become their visible forms here.
		 */
		char *clean = cb_sanitize(initial, strlen(initial), 0);

		n = mbstowcs(p->buf, clean, sizeof p->buf / sizeof p->buf[0] - 1);
		if (n != (size_t)-1)
			p->len = p->pos = n;
		free(clean);
	}
	p->change = change;
	p->done = done;
	p->arg = arg;
	p->active = true;
	curs_set(1);
}

static int
finish(struct tui *t, bool accept)
{
	struct tui_prompt *p = &t->prompt;
	tui_prompt_done_fn done = p->done;
	void *arg = p->arg;
	char *text = accept ? prompt_text(p) : NULL;
	int flags;

	p->active = false;
	curs_set(0);
	flags = done(t, arg, text);
	free(text);
	return flags | TUI_DRAW_STATUS;
}

int
tui_prompt_key(struct tui *t, int key)
{
	struct tui_prompt *p = &t->prompt;
	bool edited = false;

	switch (key) {
	case '\n': case '\r': case TUI_KEY(KEY_ENTER):
		return finish(t, true);
	case TUI_ESC: case TUI_CTRL('g'):
		return finish(t, false);
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

		while (from > 0 && p->buf[from - 1] == L' ')
			from--;
		while (from > 0 && p->buf[from - 1] != L' ')
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
		if (key >= TUI_KEY(0) || key < 0x20 || key == 0x7f ||
		    (key >= 0x80 && key < 0xa0) || !iswprint((wint_t)key) ||
		    wcwidth((wchar_t)key) < 1)
			return TUI_DRAW_NONE;
		if (p->len + 1 >= sizeof p->buf / sizeof p->buf[0])
			return TUI_DRAW_NONE;
		wmemmove(p->buf + p->pos + 1, p->buf + p->pos, p->len - p->pos);
		p->buf[p->pos++] = (wchar_t)key;
		p->len++;
		edited = true;
		break;
	}
	if (edited && p->change != NULL) {
		char *text = prompt_text(p);

		p->change(t, p->arg, text);
		free(text);
		return TUI_DRAW_STATUS | TUI_DRAW_BODY;
	}
	return TUI_DRAW_STATUS;
}

void
tui_prompt_draw(struct tui *t, int y)
{
	struct tui_prompt *p = &t->prompt;
	int lw = tui_width(p->label), cx = 0, start = 0, room;
	int widths[sizeof p->buf / sizeof p->buf[0]];

	tui_cell(y, 0, t->cols, p->label, tui_attr(TUI_C_TITLE));
	room = t->cols - lw - 1;
	if (room < 1)
		return;
	for (size_t i = 0; i < p->len; i++) {
		widths[i] = wcwidth(p->buf[i]);
		if (widths[i] < 0)
			widths[i] = 1;
	}
	/* Scroll so that the cursor stays in view. */
	for (size_t i = 0; i < p->pos; i++)
		cx += widths[i];
	while (cx >= room && start < (int)p->pos) {
		cx -= widths[start];
		start++;
	}
	attrset(tui_attr(TUI_C_NORMAL));
	move(y, lw);
	{
		int used = 0;

		for (size_t i = (size_t)start; i < p->len; i++) {
			if (used + widths[i] > room)
				break;
			addnwstr(&p->buf[i], 1);
			used += widths[i];
		}
	}
	move(y, lw + cx);
}
