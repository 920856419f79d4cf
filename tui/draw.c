/*
 * Drawing text from data: through the sanitiser first (nothing from data
 * reaches the terminal as a control or escape sequence), then as wide
 * characters counted with wcwidth, so that a column of Japanese titles
 * (two columns a character) lines up with one of ASCII, and a cut falls
 * between characters, never inside one, marked with an ellipsis.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/incident.h"
#include "core/sanitize.h"
#include "core/words.h"
#include "tui/tui-int.h"

/* U+2026 where the locale can show it, else a full stop. */
static wchar_t
ellipsis(void)
{
	return MB_CUR_MAX > 1 ? L'\x2026' : L'.';
}

/*
 * Decodes the next character of the sanitised s; returns its length in
 * bytes and its width (a character wcwidth does not know counts as one
 * column and is shown as U+FFFD, or '?' outside UTF-8).
 */
static size_t
next_char(const char *s, size_t len, wchar_t *wc, int *width)
{
	mbstate_t ps;
	size_t n;

	memset(&ps, 0, sizeof ps);
	n = mbrtowc(wc, s, len, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = '?';
		*width = 1;
		return 1;
	}
	*width = wcwidth(*wc);
	if (*width < 0) {
		*wc = MB_CUR_MAX > 1 ? L'\xfffd' : L'?';
		*width = 1;
	}
	return n;
}

void
tui_pen_start(struct tui_pen *p, int y, int x, int w)
{
	p->y = y;
	p->x = x;
	p->left = w > 0 ? w : 0;
	p->cut = false;
}

/* The width of clean (sanitised) text. */
static int
clean_width(const char *s, size_t len)
{
	size_t i = 0;
	int w = 0;

	while (i < len) {
		wchar_t wc;
		int width;

		i += next_char(s + i, len - i, &wc, &width);
		w += width;
	}
	return w;
}

/*
 * Draws clean (sanitised) text.  When it is wider than what is left, it
 * is cut after the last character that leaves a column for the
 * ellipsis.
 */
static void
pen_clean(struct tui_pen *p, const char *s, attr_t a)
{
	size_t len = strlen(s), i = 0;
	bool fits = clean_width(s, len) <= p->left;
	int room = fits ? p->left : p->left - 1;
	wchar_t buf[256];
	int n = 0;

	attrset(a);
	move(p->y, p->x);
	while (i < len) {
		wchar_t wc;
		int width;
		size_t k = next_char(s + i, len - i, &wc, &width);

		if (width > room)
			break;
		buf[n++] = wc;
		room -= width;
		p->left -= width;
		p->x += width;
		i += k;
		if (n == (int)(sizeof buf / sizeof buf[0])) {
			addnwstr(buf, n);
			n = 0;
		}
	}
	if (!fits && p->left > 0) {
		buf[n++] = ellipsis();
		p->left--;
		p->x++;
		p->cut = true;
	}
	if (n > 0)
		addnwstr(buf, n);
}

void
tui_pen_put(struct tui_pen *p, const char *s, size_t len, attr_t a)
{
	char *clean;

	if (p->cut || p->left <= 0)
		return;
	clean = cb_sanitize(s, len, 0);
	pen_clean(p, clean, a);
	free(clean);
}

void
tui_pen_puts(struct tui_pen *p, const char *s, attr_t a)
{
	tui_pen_put(p, s, strlen(s), a);
}

void
tui_pen_fill(struct tui_pen *p, attr_t a)
{
	attrset(a);
	if (p->left > 0) {
		mvhline(p->y, p->x, ' ', p->left);
		p->x += p->left;
		p->left = 0;
	}
	attrset(A_NORMAL);
}

void
tui_pen_marked(struct tui_pen *p, const char *s, attr_t a, attr_t hi)
{
	bool in = false;

	while (*s != '\0') {
		size_t n = strcspn(s, "\x02\x03");

		tui_pen_put(p, s, n, in ? hi : a);
		s += n;
		if (*s != '\0') {
			in = *s == '\x02';
			s++;
		}
	}
}

void
tui_cell(int y, int x, int w, const char *s, attr_t a)
{
	struct tui_pen p;

	tui_pen_start(&p, y, x, w);
	tui_pen_puts(&p, s, a);
	tui_pen_fill(&p, a);
}

void
tui_cell_right(int y, int x, int w, const char *s, attr_t a)
{
	int n = tui_width(s);

	if (n >= w) {
		tui_cell(y, x, w, s, a);
		return;
	}
	attrset(a);
	mvhline(y, x, ' ', w - n);
	tui_cell(y, x + w - n, n, s, a);
}

int
tui_width(const char *s)
{
	char *clean = cb_sanitize(s, strlen(s), 0);
	int w = clean_width(clean, strlen(clean));

	free(clean);
	return w;
}

void
tui_wrap(const char *text, size_t len, int w, tui_wrap_fn fn, void *arg)
{
	char *clean = cb_sanitize(text, len, CB_SAN_KEEP_NEWLINE);
	const char *s = clean;

	if (w < 1)
		w = 1;
	for (;;) {
		size_t n = strcspn(s, "\n"), i = 0, brk = 0;
		int col = 0;
		char *row;

		/* One paragraph, cut into rows. */
		while (i < n) {
			wchar_t wc;
			int width;
			size_t k = next_char(s + i, n - i, &wc, &width);

			if (col + width > w) {
				size_t end = brk > 0 ? brk : i;

				if (end == 0)
					end = k;
				row = xstrndup(s, end);
				fn(row, arg);
				free(row);
				s += end;
				n -= end;
				while (n > 0 && *s == ' ') {
					s++;
					n--;
				}
				i = 0;
				brk = 0;
				col = 0;
				continue;
			}
			if (wc == ' ')
				brk = i + 1;
			col += width;
			i += k;
		}
		row = xstrndup(s, n);
		fn(row, arg);
		free(row);
		s += n;
		if (*s == '\0')
			break;
		s++;
	}
	free(clean);
}

void
tui_age(const char *iso, char out[32])
{
	cb_age_word(iso, out, 32);
}

const char *
tui_answer_word(struct tui *t, const char *item, const char *value,
    bool brief, char *buf, size_t n)
{
	const struct cb_playbooks *pbs = NULL;
	struct cb_error err;

	if (item == NULL || cb_store_playbooks(t->st, &pbs, &err) != CB_OK) {
		snprintf(buf, n, "%s", value);
		return buf;
	}
	return cb_value_word(pbs, item, value, t->lang, (brief ?
	    CB_WORD_BRIEF : 0) | (t->lang[0] == 'j' ? CB_WORD_LABELS : 0),
	    buf, n);
}

const char *
tui_field_word(struct tui *t, const char *field, const char *value,
    bool brief, char *buf, size_t n)
{
	const struct cb_playbooks *pbs = NULL;
	struct cb_error err;

	if (strcmp(field, "phase") == 0) {
		for (int p = 0; p < CB_PHASE_COUNT; p++)
			if (strcmp(cb_phase_names[p], value) == 0) {
				snprintf(buf, n, "%s",
				    cb_phase_word((enum cb_phase)p));
				return buf;
			}
	}
	if (t->lang[0] != 'j' || value[0] == '\0' ||
	    cb_store_playbooks(t->st, &pbs, &err) != CB_OK) {
		snprintf(buf, n, "%s", value);
		return buf;
	}
	return cb_value_word(pbs, cb_field_item(pbs, field), value, t->lang,
	    (brief ? CB_WORD_BRIEF : 0) | CB_WORD_LABELS, buf, n);
}

enum tui_role
tui_urgency_role(const char *urgency)
{
	if (strcmp(urgency, "immediate") == 0)
		return TUI_C_URGENT;
	if (strcmp(urgency, "high") == 0)
		return TUI_C_HIGH;
	if (strcmp(urgency, "low") == 0)
		return TUI_C_LOW;
	return TUI_C_MEDIUM;
}
