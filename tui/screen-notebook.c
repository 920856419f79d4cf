/*
 * The notebook: an incident's entries, oldest first, each under a line
 * with its time and author, then the evidence attached (name, size,
 * SHA-256, who, when).  'a' adds a short entry typed on the bottom line;
 * 'e' writes a long one in $VISUAL/$EDITOR; 'A' attaches a file by its
 * path; Enter shows the selected entry whole in the pager.
 *
 * The rows are one incident's notebook (never the whole table), wrapped
 * to the terminal's width and kept as rows of text for the list widget;
 * each row's tag is its entry's index (-1 for attachments).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/tui-int.h"
#include "core/gitconfig.h"

struct entry {
	char *path, *author, *at;
	char *text;
	size_t len;
};

struct notebook {
	struct tui *t;
	char id[CB_ID_MAX];
	char jump[256];		/* a note's file name to select once loaded */
	struct entry *entries;
	size_t n, cap;
	long nattach;
	int width;
	struct tui_lines lines;
	struct tui_list list;
};

static void
clear_entries(struct notebook *nb)
{
	for (size_t i = 0; i < nb->n; i++) {
		free(nb->entries[i].path);
		free(nb->entries[i].author);
		free(nb->entries[i].at);
		free(nb->entries[i].text);
	}
	nb->n = 0;
	nb->nattach = 0;
}

/* "ID" or "ID#note-file": open at that entry (from a search hit). */
static void *
nb_open(struct tui *t, const void *arg)
{
	struct notebook *nb = xcalloc(1, sizeof *nb);
	const char *s = arg, *hash = strchr(s, '#');

	nb->t = t;
	snprintf(nb->id, sizeof nb->id, "%.*s", (int)(hash != NULL ?
	    (size_t)(hash - s) : strlen(s)), s);
	if (hash != NULL)
		snprintf(nb->jump, sizeof nb->jump, "%s", hash + 1);
	tui_list_init(&nb->list, &tui_lines_ops, &nb->lines);
	return nb;
}

static void
nb_close(void *state)
{
	struct notebook *nb = state;

	clear_entries(nb);
	free(nb->entries);
	tui_lines_clear(&nb->lines);
	free(nb);
}

static int
keep_note(const struct cb_note *n, void *arg)
{
	struct notebook *nb = arg;
	struct entry *e;

	if (nb->n == nb->cap) {
		nb->cap = nb->cap ? 2 * nb->cap : 16;
		nb->entries = xrealloc(nb->entries, nb->cap * sizeof *e);
	}
	e = &nb->entries[nb->n++];
	e->path = xstrdup(n->path);
	e->author = xstrdup(n->author);
	e->at = xstrdup(n->at);
	e->text = xmalloc(n->len + 1);
	memcpy(e->text, n->text, n->len);
	e->text[n->len] = '\0';
	e->len = n->len;
	return 0;
}

/* "2026-11-20T10:00:00Z" as "2026-11-20 10:00". */
static void
short_time(const char *iso, char out[32])
{
	snprintf(out, 32, "%.10s %.5s", iso, strlen(iso) > 11 ? iso + 11 : "");
}

static int
keep_attachment(const struct cb_attachment *a, void *arg)
{
	struct notebook *nb = arg;
	char when[32], *row;
	int w;

	short_time(a->at, when);
	if (nb->nattach++ == 0) {
		tui_lines_add(&nb->lines, "", TUI_C_NORMAL, -1, true);
		tui_lines_add(&nb->lines, _("Evidence"), TUI_C_TITLE, -1, true);
	}
	/*
	 * The name is data; the line goes through the sanitiser when drawn.
	 * It is padded by display width, so Japanese names stay aligned.
	 */
	w = tui_width(a->name);
	row = xasprintf("  %s%*s %10lld  %s  %s %s", a->name, w < 28 ? 28 - w : 0,
	    "", (long long)a->size, a->sha256, a->by, when);
	tui_lines_add(&nb->lines, row, TUI_C_NORMAL, -1, false);
	free(row);
	return 0;
}

static void
build_lines(struct notebook *nb, int w)
{
	struct cb_error err;

	tui_lines_clear(&nb->lines);
	nb->nattach = 0;
	nb->width = w;
	for (size_t i = 0; i < nb->n; i++) {
		const struct entry *e = &nb->entries[i];
		char when[32], *head;

		short_time(e->at, when);
		head = xasprintf("%s  %s", when, e->author);
		tui_lines_add(&nb->lines, head, TUI_C_TITLE, (long)i, false);
		free(head);
		tui_lines_wrap(&nb->lines, e->text, e->len, w - 2, TUI_C_NORMAL,
		    (long)i);
		tui_lines_add(&nb->lines, "", TUI_C_NORMAL, (long)i, true);
	}
	if (nb->n == 0)
		tui_lines_add(&nb->lines, _("No entries yet: 'a' adds one, 'e' "
		    "writes a long one in your editor."), TUI_C_DIM, -1, true);
	if (cb_store_attachments(nb->t->st, nb->id, keep_attachment, nb,
	    &err) != CB_OK)
		tui_error(nb->t, &err);
}

static int
nb_load(struct tui *t, void *state)
{
	struct notebook *nb = state;
	struct cb_error err;

	clear_entries(nb);
	if (cb_store_notes(t->st, nb->id, keep_note, nb, &err) != CB_OK)
		tui_error(t, &err);
	build_lines(nb, t->cols);
	if (nb->jump[0] != '\0') {
		for (size_t i = 0; i < nb->lines.n; i++) {
			long tag = nb->lines.v[i].tag;

			if (tag >= 0 && strcmp(nb->entries[tag].path,
			    nb->jump) == 0) {
				nb->list.top = (long)i;
				tui_list_goto(&nb->list, (long)i);
				break;
			}
		}
		nb->jump[0] = '\0';
	} else
		tui_list_clamp(&nb->list);
	return TUI_DRAW_BODY;
}

static void
nb_draw(struct tui *t, void *state, int y, int h)
{
	struct notebook *nb = state;

	if (nb->width != t->cols)
		build_lines(nb, t->cols);
	tui_list_draw(t, &nb->list, y, 0, h, t->cols);
}

static struct tui_list *
nb_list(void *state)
{
	return &((struct notebook *)state)->list;
}

static const char *
nb_subtitle(void *state)
{
	return ((struct notebook *)state)->id;
}

/* --- writing ----------------------------------------------------------------------- */

static int
saved(struct tui *t, struct notebook *nb, const char *what)
{
	tui_absorb(t);
	tui_status(t, TUI_C_NORMAL, "%s", what);
	nb_load(t, nb);
	tui_list_goto(&nb->list, (long)nb->lines.n);
	return TUI_DRAW_BODY;
}

static int
add_done(struct tui *t, void *arg, const char *text)
{
	struct notebook *nb = arg;
	struct cb_error err;

	if (text == NULL || *text == '\0')
		return TUI_DRAW_STATUS;
	if (cb_store_note(t->st, nb->id, text, strlen(text), &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	return saved(t, nb, _("Entry added"));
}

static int
act_add(struct tui *t, void *state)
{
	tui_prompt_start(t, _("Entry: "), NULL, NULL, add_done, state);
	return TUI_DRAW_STATUS;
}

static int
act_editor(struct tui *t, void *state)
{
	struct notebook *nb = state;
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/casebook-%s-XXXXXX.md",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", nb->id);
	struct cb_error err;
	FILE *f;
	char *text = NULL;
	size_t len = 0, cap = 0;
	int fd, flags = TUI_DRAW_ALL;

	if ((fd = mkstemps(path, 3)) < 0) {
		tui_status(t, TUI_C_ERROR, _("Cannot make a temporary file: %s"),
		    strerror(errno));
		free(path);
		return TUI_DRAW_STATUS;
	}
	close(fd);
	if (tui_edit(t, path, &err) != CB_OK)
		tui_error(t, &err);
	else if ((f = fopen(path, "r")) != NULL) {
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
			if (len + n + 1 > cap) {
				cap = 2 * (len + n + 1);
				text = xrealloc(text, cap);
			}
			memcpy(text + len, buf, n);
			len += n;
		}
		fclose(f);
		/* Trailing newlines are the editor's, not the writer's. */
		while (len > 0 && text[len - 1] == '\n')
			len--;
		if (len == 0)
			tui_status(t, TUI_C_WARNING, "%s", _("The entry is empty; "
			    "nothing was added"));
		else if (cb_store_note(t->st, nb->id, text, len, &err) != CB_OK)
			tui_error(t, &err);
		else
			flags |= saved(t, nb, _("Entry added"));
	}
	unlink(path);
	free(path);
	free(text);
	return flags;
}

static int
attach_done(struct tui *t, void *arg, const char *path)
{
	struct notebook *nb = arg;
	struct cb_error err;
	char sha[65];
	bool already = false;
	const char *base;
	int fd;

	if (path == NULL || *path == '\0')
		return TUI_DRAW_STATUS;
	/* Never blocks, regular files only, streamed (cb_store_attach_fd). */
	if ((fd = cb_open_regular(path, 0, &err)) < 0) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (cb_store_attach_fd(t->st, nb->id, base, fd, sha, &already,
	    &err) != CB_OK) {
		close(fd);
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	close(fd);
	if (already) {
		tui_status(t, TUI_C_WARNING, _("Already attached (SHA-256 "
		    "%.12s...)"), sha);
		return TUI_DRAW_STATUS;
	}
	return saved(t, nb, _("Attached"));
}

static int
act_attach(struct tui *t, void *state)
{
	tui_prompt_start(t, _("Attach the file at path: "), NULL, NULL,
	    attach_done, state);
	return TUI_DRAW_STATUS;
}

static int
act_show(struct tui *t, void *state)
{
	struct notebook *nb = state;
	struct tui_pager_arg a;
	long tag;
	char *title;

	if (nb->lines.n == 0)
		return TUI_DRAW_NONE;
	tag = nb->lines.v[nb->list.cur].tag;
	if (tag < 0)
		return TUI_DRAW_NONE;
	title = xasprintf("%s %s %s", nb->id, nb->entries[tag].at,
	    nb->entries[tag].author);
	a.title = title;
	a.text = nb->entries[tag].text;
	a.len = nb->entries[tag].len;
	a.diff = false;
	tui_push(t, &tui_screen_pager, &a);
	free(title);
	return TUI_DRAW_ALL;
}

static const struct tui_action nb_actions[] = {
	{ "add", { 'a' }, "a", N_("add a short entry (one line)"), act_add },
	{ "edit", { 'e' }, "e", N_("write a long entry in $VISUAL or $EDITOR"),
	  act_editor },
	{ "attach", { 'A' }, "A", N_("attach a file as evidence (by path)"),
	  act_attach },
	{ "show", { '\n', '\r', TUI_KEY(KEY_ENTER) }, "Enter",
	  N_("the selected entry, whole"), act_show },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_notebook = {
	.name = "notebook",
	.title = N_("Notebook"),
	.open = nb_open,
	.close = nb_close,
	.load = nb_load,
	.draw = nb_draw,
	.list = nb_list,
	.subtitle = nb_subtitle,
	.actions = nb_actions,
};
