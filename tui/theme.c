/*
 * Colours by role (as ncdu's UI_COLORS and htop's colour schemes): code
 * asks for TUI_C_URGENT, a theme says what urgent looks like.  Themes are
 * files in git-config syntax with git's colour values, e.g.
 *
 *	[color "queue"]
 *		urgent = red bold
 *	[color "ui"]
 *		selection = black cyan
 *
 * The compiled-in default (TUI_ROLES in tui-int.h, the same as
 * themes/default) needs no file.  A theme only changes the roles it
 * names.  Colours degrade with the terminal: 256 -> 16 -> 8 -> none, and
 * with no colours at all (NO_COLOR, a mono terminal, the mono theme) a
 * role keeps its attributes and one with a background becomes reverse.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tui/tui-int.h"

#ifndef CB_THEMES_DIR
#define CB_THEMES_DIR "themes"
#endif

const struct tui_role_info tui_roles[TUI_C_COUNT] = {
#define TUI_ROLE_INFO(role, sec, key, def) { sec, key, def },
	TUI_ROLES(TUI_ROLE_INFO)
#undef TUI_ROLE_INFO
};

struct look {
	short fg, bg;		/* -1: the terminal's default */
	attr_t attrs;
};

static struct look looks[TUI_C_COUNT];
static attr_t attrs_now[TUI_C_COUNT];
static bool mono_theme;

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	attr_t attr;
} attr_names[] = {
	{ "bold", A_BOLD }, { "dim", A_DIM }, { "ul", A_UNDERLINE },
	{ "underline", A_UNDERLINE }, { "blink", A_BLINK },
	{ "reverse", A_REVERSE }, { "italic", A_ITALIC }, { "strike", 0 },
};

/* One colour word: a name, "bright" + name, 0-255 or #rrggbb. */
static bool
parse_color(const char *w, short *out)
{
	char *end;
	long n;

	if (strcmp(w, "normal") == 0 || strcmp(w, "default") == 0) {
		*out = -1;
		return true;
	}
	for (int i = 0; i < 8; i++) {
		if (strcmp(w, color_names[i]) == 0) {
			*out = (short)i;
			return true;
		}
		if (strncmp(w, "bright", 6) == 0 &&
		    strcmp(w + 6, color_names[i]) == 0) {
			*out = (short)(i + 8);
			return true;
		}
	}
	if (w[0] == '#' && strlen(w) == 7) {
		unsigned long rgb = strtoul(w + 1, &end, 16);
		int r, g, b;

		if (*end != '\0')
			return false;
		/* The 6x6x6 cube of the 256-colour palette. */
		r = (int)((rgb >> 16) & 0xff) * 5 / 255;
		g = (int)((rgb >> 8) & 0xff) * 5 / 255;
		b = (int)(rgb & 0xff) * 5 / 255;
		*out = (short)(16 + 36 * r + 6 * g + b);
		return true;
	}
	if (isdigit((unsigned char)w[0])) {
		n = strtol(w, &end, 10);
		if (*end != '\0' || n > 255)
			return false;
		*out = (short)n;
		return true;
	}
	return false;
}

enum cb_status
tui_color_parse(const char *value, short *fg, short *bg, attr_t *attrs,
    struct cb_error *err)
{
	char *copy = xstrdup(value), *save = NULL;
	int ncolors = 0;

	*fg = *bg = -1;
	*attrs = A_NORMAL;
	for (char *w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		bool neg = false, known = false;
		short c;

		for (char *p = w; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (parse_color(w, &c)) {
			if (ncolors == 2) {
				free(copy);
				return cb_fail(err, CB_ERR, "more than two "
				    "colours in '%s'", value);
			}
			if (ncolors++ == 0)
				*fg = c;
			else
				*bg = c;
			continue;
		}
		if (strncmp(w, "no", 2) == 0) {
			neg = true;
			w += w[2] == '-' ? 3 : 2;
		}
		for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0];
		    i++) {
			if (strcmp(w, attr_names[i].name) == 0) {
				if (neg)
					*attrs &= ~attr_names[i].attr;
				else
					*attrs |= attr_names[i].attr;
				known = true;
			}
		}
		if (!known) {
			char word[64];

			snprintf(word, sizeof word, "%s", neg ? w - 2 : w);
			free(copy);
			return cb_fail(err, CB_ERR, "unknown colour or attribute "
			    "'%s' (git colour values: red, brightblue, 0-255, "
			    "#rrggbb, bold, dim, ul, reverse, italic...)", word);
		}
	}
	free(copy);
	return CB_OK;
}

static void
set_defaults(void)
{
	struct cb_error err;

	for (int i = 0; i < TUI_C_COUNT; i++)
		if (tui_color_parse(tui_roles[i].def, &looks[i].fg,
		    &looks[i].bg, &looks[i].attrs, &err) != CB_OK)
			fatal("theme default for %s.%s: %s", tui_roles[i].section,
			    tui_roles[i].key, err.msg);
	mono_theme = false;
}

struct theme_load {
	struct look looks[TUI_C_COUNT];
	bool mono;
	const char *path;
};

static enum cb_status
theme_key(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct theme_load *tl = arg;

	if (strcmp(section, "theme") == 0) {
		if (strcmp(key, "mono") == 0) {
			tl->mono = strcmp(value, "true") == 0 ||
			    strcmp(value, "yes") == 0;
			return CB_OK;
		}
		if (strcmp(key, "description") == 0)
			return CB_OK;
	}
	if (strcmp(section, "color") != 0 && strcmp(section, "theme") != 0)
		return cb_fail(err, CB_ERR, "%s:%d: unknown section '%s' (a "
		    "theme has [color \"ui\"], [color \"queue\"], "
		    "[color \"checklist\"]...)", tl->path, line, section);
	for (int i = 0; i < TUI_C_COUNT; i++) {
		struct look *lk = &tl->looks[i];

		if (strcmp(tui_roles[i].section, subsection) != 0 ||
		    strcmp(tui_roles[i].key, key) != 0)
			continue;
		if (tui_color_parse(value, &lk->fg, &lk->bg, &lk->attrs,
		    err) != CB_OK) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%s", err->msg);
			return cb_fail(err, CB_ERR, "%s:%d: %s.%s: %s", tl->path,
			    line, subsection, key, msg);
		}
		return CB_OK;
	}
	return cb_fail(err, CB_ERR, "%s:%d: unknown colour role '%s' in "
	    "[color \"%s\"]", tl->path, line, key, subsection);
}

/* Where a theme name is looked for: $CASEBOOK_THEMES, installed, source. */
static char *
theme_path(const char *name)
{
	const char *env = getenv("CASEBOOK_THEMES");
	const char *dirs[3];
	size_t n = 0;

	if (strchr(name, '/') != NULL)
		return xstrdup(name);
	if (env != NULL && *env != '\0')
		dirs[n++] = env;
	dirs[n++] = CB_THEMES_DIR;
#ifdef CB_SOURCE_THEMES_DIR
	dirs[n++] = CB_SOURCE_THEMES_DIR;
#endif
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dirs[i], name);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

enum cb_status
tui_theme_load(const char *name, struct cb_error *err)
{
	struct theme_load tl;
	char *path;
	enum cb_status s;

	set_defaults();
	if (name == NULL || *name == '\0')
		return CB_OK;
	/* A name is letters, digits and dashes: no way out of themes/. */
	if (strchr(name, '/') == NULL) {
		for (const char *p = name; *p != '\0'; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
				return cb_fail(err, CB_ERR, "theme '%s': a "
				    "theme name has letters, digits and dashes "
				    "only (or give a path)", name);
	}
	if ((path = theme_path(name)) == NULL) {
		if (strcmp(name, "default") == 0)
			return CB_OK;	/* compiled in */
		return cb_fail(err, CB_ERR, "theme '%s' not found (themes: "
		    "default, light, high-contrast, mono)", name);
	}
	memcpy(tl.looks, looks, sizeof looks);
	tl.mono = false;
	tl.path = path;
	s = cb_gitconfig_read(path, theme_key, &tl, err);
	free(path);
	if (s != CB_OK)
		return s;
	memcpy(looks, tl.looks, sizeof looks);
	mono_theme = tl.mono;
	return CB_OK;
}

/* The closest of the first 8 or 16 colours to a palette colour. */
static short
degrade(short c, int colors)
{
	static const short cube_to_8[6] = { 0, 0, 1, 1, 1, 1 };
	int r, g, b, v;

	if (c < 0 || c < colors)
		return c;
	if (c >= 16 && c < 232) {
		v = c - 16;
		r = cube_to_8[v / 36];
		g = cube_to_8[(v / 6) % 6];
		b = cube_to_8[v % 6];
		c = (short)(r | g << 1 | b << 2);
		return c;
	}
	if (c >= 232)	/* the greys */
		return c < 244 ? 0 : 7;
	return (short)(c - 8);	/* bright -> plain (bold added by caller) */
}

void
tui_theme_apply(void)
{
	const char *nc = getenv("NO_COLOR");
	static bool started;
	bool color = has_colors() && !mono_theme && (nc == NULL || *nc == '\0');

	/* COLORS is known once colours are started. */
	if (color && !started) {
		start_color();
		use_default_colors();
		started = true;
	}
	color = color && COLORS >= 8;
	for (int i = 0; i < TUI_C_COUNT; i++) {
		struct look *lk = &looks[i];
		attr_t a = lk->attrs;

		if (color && (lk->fg >= 0 || lk->bg >= 0) && i + 1 < COLOR_PAIRS) {
			short fg = lk->fg, bg = lk->bg;

			/* Bright colours on 8-colour terminals: bold instead. */
			if (fg >= 8 && fg < 16 && COLORS < 16)
				a |= A_BOLD;
			fg = degrade(fg, COLORS);
			bg = degrade(bg, COLORS);
			init_pair((short)(i + 1), fg, bg);
			a |= COLOR_PAIR(i + 1);
		} else if (!color && lk->bg >= 0)
			a |= A_REVERSE;
		attrs_now[i] = a;
	}
	/* Without colours the selection must still show. */
	if (!color && (attrs_now[TUI_C_SELECTION] & A_REVERSE) == 0)
		attrs_now[TUI_C_SELECTION] |= A_REVERSE;
}

attr_t
tui_attr(enum tui_role role)
{
	return attrs_now[role];
}
