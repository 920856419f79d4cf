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

/*
 * The pen's cells are blanked first: curses, told to write a narrow
 * character over half of a wide one left there by the last screen,
 * blanks the other half, which may be a cell just written; a row drawn
 * over a row of Japanese lost its last character until Ctrl-L.
 */
void
tui_pen_start(struct tui_pen *p, int y, int x, int w)
{
	p->y = y;
	p->x = x;
	p->left = w > 0 ? w : 0;
	p->cut = false;
	if (p->left > 0) {
		attrset(A_NORMAL);
		mvhline(y, x, ' ', p->left);
	}
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

/*
 * Sanitised text with its tabs expanded to the next multiple of 8
 * columns of their line (a note pasted from a terminal or a log keeps
 * its columns instead of showing ^I).
 */
static char *
expand_tabs(const char *text, size_t len)
{
	char *clean = cb_sanitize(text, len, CB_SAN_KEEP_NEWLINE |
	    CB_SAN_KEEP_TAB);
	size_t n = strlen(clean), i = 0;
	struct cb_buf b = { 0 };
	int col = 0;

	if (strchr(clean, '\t') == NULL)
		return clean;
	while (i < n) {
		wchar_t wc;
		int width;
		size_t k;

		if (clean[i] == '\t') {
			do
				cb_buf_addc(&b, ' ');
			while (++col % 8 != 0);
			i++;
			continue;
		}
		k = next_char(clean + i, n - i, &wc, &width);
		cb_buf_add(&b, clean + i, k);
		col = clean[i] == '\n' ? 0 : col + width;
		i += k;
	}
	free(clean);
	return cb_buf_detach(&b);
}

/*
 * Japanese line breaking (kinsoku, the common set of JIS X 4051): a row
 * does not start with closing brackets, punctuation, small kana or the
 * prolonged sound mark, and does not end with an opening bracket.
 */
static bool
no_start(wchar_t c)
{
	return c != 0 && wcschr(L"\x3001\x3002\xff0c\xff0e\x30fb\xff1a\xff1b"
	    "\xff1f\xff01\xff09\x300d\x300f\x3011\x3015\x3009\x300b\xff3d"
	    "\xff5d\x30fc\x2026\x2025\x309d\x309e\x30fd\x30fe\x3005\x3041"
	    "\x3043\x3045\x3047\x3049\x3063\x3083\x3085\x3087\x308e\x30a1"
	    "\x30a3\x30a5\x30a7\x30a9\x30c3\x30e3\x30e5\x30e7\x30ee\x30f5"
	    "\x30f6\x201d\x2019,.:;?!)]}", c) != NULL;
}

static bool
no_end(wchar_t c)
{
	return c != 0 && wcschr(L"\xff08\x300c\x300e\x3010\x3014\x3008\x300a"
	    "\xff3b\xff5b\x201c\x2018([{", c) != NULL;
}

/*
 * Where a row of s (n bytes) cut at end (inside a word) ends once kinsoku
 * is kept: moved back a character at a time while the next row would
 * start with a no_start character or this one end with a no_end one.
 * at[0..nat-1] are the starts of the row's characters.  A row keeps at
 * least one character.
 */
static size_t
kinsoku(const char *s, size_t n, size_t end, const size_t *at, int nat)
{
	while (nat > 1 && end < n) {
		wchar_t next, last;
		int width;

		next_char(s + end, n - end, &next, &width);
		next_char(s + at[nat - 1], n - at[nat - 1], &last, &width);
		if (!no_start(next) && !no_end(last))
			break;
		end = at[--nat];
	}
	return end;
}

/* A character of a word written in ASCII: CERT, 192.0.2.45, ito@... */
static bool
ascii_word(wchar_t c)
{
	return (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') ||
	    (c >= L'0' && c <= L'9') || c == L'.' || c == L'_' || c == L'-' ||
	    c == L'@';
}

/*
 * A row of Japanese cut where it is full (it has no spaces to break at)
 * is not cut inside a word written in ASCII ("C" / "ERT"): the end moves
 * back to the word's start, when the row holds something before the
 * word.  *nat becomes the characters kept.  A word longer than the row
 * is cut where the row is full.
 */
static size_t
keep_word(const char *s, size_t n, size_t end, const size_t *at, int *nat)
{
	int k = *nat;
	size_t e = end;

	while (k > 1 && e < n) {
		wchar_t next, last;
		int width;

		next_char(s + e, n - e, &next, &width);
		next_char(s + at[k - 1], n - at[k - 1], &last, &width);
		if (!ascii_word(next) || !ascii_word(last))
			break;
		e = at[--k];
	}
	if (k <= 1)
		return end;
	*nat = k;
	return e;
}

void
tui_wrap(const char *text, size_t len, int w, tui_wrap_fn fn, void *arg)
{
	char *clean = expand_tabs(text, len);
	const char *s = clean;

	if (w < 1)
		w = 1;
	for (;;) {
		size_t n = strcspn(s, "\n"), i = 0, brk = 0, at[512];
		int col = 0, nat = 0;
		char *row;

		/* One paragraph, cut into rows. */
		while (i < n) {
			wchar_t wc;
			int width;
			size_t k = next_char(s + i, n - i, &wc, &width);

			if (col + width > w) {
				size_t end = brk > 0 ? brk : i;

				/* Cut inside a word: keep the kinsoku rules. */
				if (brk == 0 && nat > 0 &&
				    nat < (int)(sizeof at / sizeof at[0])) {
					end = keep_word(s, n, end, at, &nat);
					end = kinsoku(s, n, end, at, nat);
				}
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
				nat = 0;
				continue;
			}
			if (wc == ' ')
				brk = i + 1;
			if (nat < (int)(sizeof at / sizeof at[0]))
				at[nat++] = i;
			else
				nat = (int)(sizeof at / sizeof at[0]) + 1;
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
