/*
 * The notebook: an incident's entries, oldest first, each under a line
 * with its time and author, then the evidence attached (name, size,
 * SHA-256, who, when).  'a' adds a short entry typed on the bottom line;
 * 'e' writes a long one in $VISUAL/$EDITOR; 'A' attaches a file by its
 * path; Enter shows the selected entry whole in the pager.  Enter on a
 * piece of evidence opens it: text in $PAGER (sanitised first, as every
 * byte of data on its way to the terminal), else in the pager screen;
 * binary as its description and a hex dump of its head; 's' saves it to
 * a path (never over an existing file).
 *
 * Opened as "ID@COMMIT" (from the incident as of a commit) it shows the
 * notebook as it was then, read from the record's tree at that commit,
 * read-only: the keys that write say so and do nothing.
 *
 * The rows are one incident's notebook (never the whole table), wrapped
 * to the terminal's width and kept as rows of text for the list widget;
 * each row's tag is its entry's index, -2 - k for the k-th piece of
 * evidence, -1 for rows of neither.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/editor.h"
#include "core/priv.h"
#include "core/sanitize.h"
#include "tui/tui-int.h"
#include "core/gitconfig.h"

struct entry {
	char *path, *author, *at;
	char *text;
	size_t len;
};

struct evidence {
	char sha[65];
	char *name, *by, *at;
	long long size;
};

struct notebook {
	struct tui *t;
	struct evidence *ev;
	size_t nev, capev;
	char id[CB_ID_MAX];
	char commit[41];	/* as of this commit (read-only), or "" */
	char as_of[160];	/* the subtitle then: when, who */
	char subtitle[CB_ID_MAX + 170];
	char jump[256];		/* a note's file name to select once loaded */
	struct entry *entries;
	size_t n, cap;
	long nattach;
	int width;
	struct tui_lines lines;
	struct tui_list list;
	/* The path prompt (attach, save): its text, and Tab's candidates. */
	char *typed;
	struct tui_path_complete *pc;
	char save_sha[65];	/* the evidence the save prompt is for */
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
	for (size_t i = 0; i < nb->nev; i++) {
		free(nb->ev[i].name);
		free(nb->ev[i].by);
		free(nb->ev[i].at);
	}
	nb->nev = 0;
}

/*
 * "ID", "ID#note-file": open at that entry (from a search hit), or
 * "ID@COMMIT": as it was at that commit, read-only.
 */
static void *
nb_open(struct tui *t, const void *arg)
{
	struct notebook *nb = xcalloc(1, sizeof *nb);
	const char *s = arg, *hash = strchr(s, '#'), *at = strchr(s, '@');
	const char *end = hash != NULL ? hash : at;

	nb->t = t;
	snprintf(nb->id, sizeof nb->id, "%.*s", (int)(end != NULL ?
	    (size_t)(end - s) : strlen(s)), s);
	if (hash != NULL)
		snprintf(nb->jump, sizeof nb->jump, "%s", hash + 1);
	if (at != NULL) {
		snprintf(nb->commit, sizeof nb->commit, "%s", at + 1);
		tui_as_of(t, nb->id, nb->commit, nb->as_of, sizeof nb->as_of);
	}
	tui_list_init(&nb->list, &tui_lines_ops, &nb->lines);
	return nb;
}

static void
nb_close(void *state)
{
	struct notebook *nb = state;

	clear_entries(nb);
	free(nb->entries);
	free(nb->ev);
	free(nb->typed);
	tui_path_complete_free(&nb->pc);
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

/* "2026-11-20T10:00:00Z" as "2026-11-20 19:00 JST": the local zone. */
static void
short_time(const char *iso, char out[CB_LOCAL_TIME_MAX])
{
	cb_local_time(iso, out, CB_LOCAL_TIME_MAX);
}

static int
keep_attachment(const struct cb_attachment *a, void *arg)
{
	struct notebook *nb = arg;
	struct evidence *e;

	if (nb->nev == nb->capev) {
		nb->capev = nb->capev ? 2 * nb->capev : 8;
		nb->ev = xrealloc(nb->ev, nb->capev * sizeof *nb->ev);
	}
	e = &nb->ev[nb->nev++];
	snprintf(e->sha, sizeof e->sha, "%s", a->sha256);
	e->name = xstrdup(a->name);
	e->by = xstrdup(a->by);
	e->at = xstrdup(a->at);
	e->size = (long long)a->size;
	return 0;
}

/* The evidence's rows, under a heading. */
static void
evidence_lines(struct notebook *nb)
{
	for (size_t k = 0; k < nb->nev; k++) {
		const struct evidence *e = &nb->ev[k];
		char when[CB_LOCAL_TIME_MAX], *row;
		int w;

		short_time(e->at, when);
		if (k == 0) {
			tui_lines_add(&nb->lines, "", TUI_C_NORMAL, -1, true);
			tui_lines_add(&nb->lines, _("Evidence"), TUI_C_TITLE, -1,
			    true);
		}
		/*
		 * The name is data; the line goes through the sanitiser when
		 * drawn.  It is padded by display width, so Japanese names stay
		 * aligned.
		 */
		w = tui_width(e->name);
		row = xasprintf("  %s%*s %10lld  %s  %s %s", e->name,
		    w < 28 ? 28 - w : 0, "", e->size, e->sha, e->by, when);
		tui_lines_add(&nb->lines, row, TUI_C_NORMAL, -2 - (long)k, false);
		free(row);
	}
	nb->nattach = (long)nb->nev;
}

static void
build_lines(struct notebook *nb, int w)
{
	tui_lines_clear(&nb->lines);
	nb->width = w;
	for (size_t i = 0; i < nb->n; i++) {
		const struct entry *e = &nb->entries[i];
		char when[CB_LOCAL_TIME_MAX], *head;

		short_time(e->at, when);
		head = xasprintf("%s  %s", when, e->author);
		tui_lines_add(&nb->lines, head, TUI_C_TITLE, (long)i, false);
		free(head);
		tui_lines_wrap(&nb->lines, e->text, e->len, w - 2, TUI_C_NORMAL,
		    (long)i);
		tui_lines_add(&nb->lines, "", TUI_C_NORMAL, (long)i, true);
	}
	if (nb->n == 0)
		tui_lines_add(&nb->lines, nb->commit[0] != '\0' ?
		    _("No entries at that commit.") : _("No entries yet: 'a' adds "
		    "one, 'e' writes a long one in your editor."), TUI_C_DIM, -1,
		    true);
	evidence_lines(nb);
}

static int
nb_load(struct tui *t, void *state)
{
	struct notebook *nb = state;
	struct cb_error err;

	clear_entries(nb);
	if (nb->commit[0] != '\0') {
		if (cb_store_notebook_at(t->st, nb->id, nb->commit, keep_note,
		    keep_attachment, nb, &err) != CB_OK)
			tui_error(t, &err);
	} else if (cb_store_notes(t->st, nb->id, keep_note, nb, &err) != CB_OK ||
	    cb_store_attachments(t->st, nb->id, keep_attachment, nb, &err) !=
	    CB_OK)
		tui_error(t, &err);
	build_lines(nb, t->cols);
	if (nb->jump[0] != '\0') {
		for (size_t i = 0; i < nb->lines.n; i++) {
			long tag = nb->lines.v[i].tag;

			if (tag >= 0 && strcmp(nb->entries[tag].path,
			    nb->jump) == 0) {
				nb->list.top = (long)i;
				tui_list_goto(&nb->list, (long)i);
				/* From a search: on the match itself. */
				if (t->find[0] != '\0')
					tui_list_find(t, &nb->list, 1, true);
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
	struct notebook *nb = state;

	if (nb->commit[0] == '\0')
		return nb->id;
	snprintf(nb->subtitle, sizeof nb->subtitle, "%s %s", nb->id, nb->as_of);
	return nb->subtitle;
}

/* The keys that write: refused, with the reason, in the as-of view. */
static bool
writable(struct tui *t, struct notebook *nb)
{
	if (nb->commit[0] == '\0')
		return true;
	tui_status(t, TUI_C_WARNING, "%s", _("This is the notebook as it was: "
	    "read-only (q goes back)"));
	return false;
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
	char *draft;

	if (!writable(t, state))
		return TUI_DRAW_STATUS;
	draft = xasprintf("note-%s", ((struct notebook *)state)->id);
	tui_prompt_start(t, _("Entry: "), NULL, NULL, add_done, state);
	/* Several lines pasted stay; Ctrl-o takes them to $EDITOR. */
	tui_prompt_editor(t, draft);
	free(draft);
	return TUI_DRAW_STATUS;
}

/*
 * e: a long entry in $EDITOR, in the user's draft of this incident's
 * note (core/editor.h): an editor that fails, or a save refused, keeps
 * the text there and says where; the next e (or casebook note) offers
 * it again.
 */
static int
act_editor(struct tui *t, void *state)
{
	struct notebook *nb = state;
	struct cb_error err;
	char *name = xasprintf("note-%s", nb->id), *path, *text = NULL;
	size_t len = 0;
	bool restored = false;
	int flags = TUI_DRAW_ALL;

	if (!writable(t, nb)) {
		free(name);
		return TUI_DRAW_STATUS;
	}
	path = cb_draft_path(cb_store_dir(t->st), name, &err);
	free(name);
	if (path == NULL) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	if (tui_edit_draft(t, path, NULL, 0, &text, &len, &restored,
	    &err) != CB_OK)
		tui_error(t, &err);
	else if (len == 0) {
		cb_draft_done(path);
		tui_status(t, TUI_C_WARNING, "%s", _("The entry is empty; "
		    "nothing was added"));
	} else if (cb_store_note(t->st, nb->id, text, len, &err) != CB_OK) {
		tui_error(t, &err);
		tui_status(t, TUI_C_ERROR, _("%s; the text is kept in %s"),
		    t->status, path);
	} else {
		cb_draft_done(path);
		flags |= saved(t, nb, restored ? _("Entry added (the text kept "
		    "from last time)") : _("Entry added"));
	}
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
	/*
	 * With the person's rights (core/priv.h), never blocking, regular
	 * files only, streamed (cb_store_attach_fd).
	 */
	if ((fd = cb_open_regular(path, CB_OPEN_AS_USER, &err)) < 0) {
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

/* The path as typed, for Tab; typing ends a completion. */
static void
path_change(struct tui *t, void *arg, const char *text)
{
	struct notebook *nb = arg;

	(void)t;
	free(nb->typed);
	nb->typed = xstrdup(text);
	tui_path_complete_free(&nb->pc);
}

static void
path_prompt(struct tui *t, struct notebook *nb, const char *label,
    const char *text, tui_prompt_done_fn done);

/* Tab in a path prompt: the path completed, again the next one. */
static int
path_key(struct tui *t, int key)
{
	struct notebook *nb = t->prompt.arg;
	struct tui_path_complete *pc;
	char label[sizeof t->prompt.label], *done;

	if (key != '\t')
		return TUI_UNHANDLED;
	if ((done = tui_path_complete(&nb->pc, nb->typed != NULL ? nb->typed :
	    "")) == NULL)
		return TUI_DRAW_STATUS;
	snprintf(label, sizeof label, "%s", t->prompt.label);
	/* The candidates stay for the next Tab across the prompt's restart. */
	pc = nb->pc;
	nb->pc = NULL;
	path_prompt(t, nb, label, done, t->prompt.done);
	nb->pc = pc;
	free(done);
	return TUI_DRAW_STATUS;
}

static void
path_prompt(struct tui *t, struct notebook *nb, const char *label,
    const char *text, tui_prompt_done_fn done)
{
	tui_prompt_start(t, label, text, path_change, done, nb);
	free(nb->typed);
	nb->typed = xstrdup(text != NULL ? text : "");
	t->hook_done = done;
	t->key_hook = path_key;
}

static int
act_attach(struct tui *t, void *state)
{
	if (!writable(t, state))
		return TUI_DRAW_STATUS;
	tui_path_complete_free(&((struct notebook *)state)->pc);
	path_prompt(t, state, _("Attach the file at path: "), NULL,
	    attach_done);
	return TUI_DRAW_STATUS;
}

/* --- evidence ------------------------------------------------------------------- */

/* The evidence on the selected row, or NULL. */
static const struct evidence *
selected_evidence(struct notebook *nb)
{
	long tag;

	if (nb->lines.n == 0)
		return NULL;
	tag = nb->lines.v[nb->list.cur].tag;
	return tag <= -2 && (size_t)(-2 - tag) < nb->nev ? &nb->ev[-2 - tag] :
	    NULL;
}

/* Text: no NUL, valid UTF-8. */
static bool
is_text(const char *data, size_t len)
{
	size_t i = 0;
	unsigned cp;
	int n;

	while (i < len) {
		if (data[i] == '\0' ||
		    (n = cb_utf8_decode(data + i, len - i, &cp)) < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/*
 * $PAGER on path, curses suspended, split at spaces and run with execvp
 * (no shell), as the editor is.  Its exit status is its own business.
 */
static enum cb_status
run_pager(const char *pager, const char *path, struct cb_error *err)
{
	char *copy = xstrdup(pager), *argv[32], *tok, *save = NULL;
	struct sigaction ign, old_int, old_quit;
	enum cb_status s = CB_OK;
	int argc = 0, status;
	pid_t pid;

	for (tok = strtok_r(copy, " \t", &save); tok != NULL && argc < 30;
	    tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	argv[argc++] = (char *)(uintptr_t)path;
	argv[argc] = NULL;
	def_prog_mode();
	endwin();
	fflush(NULL);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	if ((pid = fork()) < 0)
		s = cb_fail(err, CB_ERR, _("Cannot start the pager: %s"),
		    strerror(errno));
	else if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		/* The pager is the person's program: never the store group's. */
		if (!cb_priv_drop_for_exec())
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	} else {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			s = cb_fail(err, CB_ERR, _("Cannot run the pager '%s' "
			    "($PAGER)"), argv[0]);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(stdscr, TRUE);
	free(copy);
	return s;
}

/* Text evidence in $PAGER, sanitised into a private temporary file. */
static int
page_text(struct tui *t, const struct evidence *e, const struct cb_buf *b)
{
	const char *tmp = getenv("TMPDIR"), *pager = getenv("PAGER");
	char *path, *clean;
	struct cb_error err;
	bool raised;
	int fd;

	if (pager == NULL || *pager == '\0') {
		struct tui_pager_arg a = { e->name, b->data != NULL ? b->data : "",
		    b->len, false };

		tui_push(t, &tui_screen_pager, &a);
		return TUI_DRAW_ALL;
	}
	path = xasprintf("%s/casebook-evidence-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	/* The copy is the person's file, as what the pager reads. */
	raised = cb_priv_raised();
	cb_priv_lower();
	fd = mkstemp(path);
	if (raised)
		cb_priv_raise();
	if (fd < 0) {
		tui_status(t, TUI_C_ERROR, _("Cannot make a temporary file: %s"),
		    strerror(errno));
		free(path);
		return TUI_DRAW_STATUS;
	}
	clean = cb_sanitize(b->data, b->len, CB_SAN_KEEP_NEWLINE |
	    CB_SAN_KEEP_TAB);
	if (write(fd, clean, strlen(clean)) != (ssize_t)strlen(clean) ||
	    close(fd) < 0)
		tui_status(t, TUI_C_ERROR, _("Cannot write a temporary file: %s"),
		    strerror(errno));
	else if (run_pager(pager, path, &err) != CB_OK)
		tui_error(t, &err);
	unlink(path);
	free(path);
	free(clean);
	return TUI_DRAW_ALL;
}

/* Binary evidence: what it is, and a hex dump of its first 512 bytes. */
static int
show_binary(struct tui *t, const struct evidence *e, const struct cb_buf *b)
{
	struct cb_buf d = { 0 };
	struct tui_pager_arg a;
	size_t n = b->len < 512 ? b->len : 512;

	cb_buf_printf(&d, _("Name: %s\nSize: %lld bytes (binary)\n"
	    "SHA-256: %s\nAttached by %s at %s\n\n"), e->name, e->size, e->sha,
	    e->by, e->at);
	cb_buf_printf(&d, _("The first %zu bytes (s saves the whole file):\n"),
	    n);
	for (size_t off = 0; off < n; off += 16) {
		cb_buf_printf(&d, "%08zx  ", off);
		for (size_t i = 0; i < 16; i++)
			if (off + i < n)
				cb_buf_printf(&d, "%02x ",
				    (unsigned char)b->data[off + i]);
			else
				cb_buf_adds(&d, "   ");
		cb_buf_adds(&d, " |");
		for (size_t i = 0; i < 16 && off + i < n; i++) {
			unsigned char c = (unsigned char)b->data[off + i];

			cb_buf_addc(&d, c >= 0x20 && c < 0x7f ? (char)c : '.');
		}
		cb_buf_adds(&d, "|\n");
	}
	a.title = e->name;
	a.text = d.data;
	a.len = d.len;
	a.diff = false;
	tui_push(t, &tui_screen_pager, &a);
	cb_buf_free(&d);
	return TUI_DRAW_ALL;
}

static int
open_evidence(struct tui *t, struct notebook *nb, const struct evidence *e)
{
	struct cb_buf b = { 0 };
	struct cb_error err;
	int flags;

	if (cb_store_evidence(t->st, nb->id, e->sha, &b, NULL, &err) != CB_OK) {
		tui_error(t, &err);
		cb_buf_free(&b);
		return TUI_DRAW_STATUS;
	}
	flags = is_text(b.data != NULL ? b.data : "", b.len) ?
	    page_text(t, e, &b) : show_binary(t, e, &b);
	cb_buf_free(&b);
	return flags;
}

static int
save_done(struct tui *t, void *arg, const char *path)
{
	struct notebook *nb = arg;
	struct cb_buf b = { 0 };
	struct cb_error err;
	bool raised;
	int fd = -1;

	if (path == NULL || *path == '\0')
		goto out;
	if (cb_store_evidence(t->st, nb->id, nb->save_sha, &b, NULL, &err) !=
	    CB_OK) {
		tui_error(t, &err);
		goto out;
	}
	/* A file of the person's: made with their rights (core/priv.h). */
	raised = cb_priv_raised();
	cb_priv_lower();
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (raised)
		cb_priv_raise();
	if (fd < 0) {
		if (errno == EEXIST)
			tui_status(t, TUI_C_WARNING, _("%s exists already; "
			    "nothing was written (choose another path)"), path);
		else
			tui_status(t, TUI_C_ERROR, "%s: %s", path,
			    strerror(errno));
		goto out;
	}
	if ((b.len > 0 && write(fd, b.data, b.len) != (ssize_t)b.len) ||
	    fsync(fd) < 0 || close(fd) < 0) {
		tui_status(t, TUI_C_ERROR, "%s: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	tui_status(t, TUI_C_READY, _("Saved %zu bytes to %s"), b.len, path);
out:
	cb_buf_free(&b);
	return TUI_DRAW_STATUS;
}

static int
act_save(struct tui *t, void *state)
{
	struct notebook *nb = state;
	const struct evidence *e = selected_evidence(nb);

	if (e == NULL) {
		tui_status(t, TUI_C_WARNING, "%s", _("Select a piece of evidence "
		    "first (under Evidence)"));
		return TUI_DRAW_STATUS;
	}
	/* By its hash: the notebook may reload meanwhile. */
	snprintf(nb->save_sha, sizeof nb->save_sha, "%s", e->sha);
	tui_path_complete_free(&nb->pc);
	path_prompt(t, nb, _("Save the evidence to the path: "), NULL,
	    save_done);
	return TUI_DRAW_STATUS;
}

static int
act_show(struct tui *t, void *state)
{
	struct notebook *nb = state;
	const struct evidence *e = selected_evidence(nb);
	struct tui_pager_arg a;
	long tag;
	char *title;

	if (e != NULL)
		return open_evidence(t, nb, e);
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
	  N_("the selected entry whole; evidence: text in $PAGER, binary as "
	  "a hex dump"), act_show },
	{ "save", { 's' }, "s", N_("save the selected evidence to a path"),
	  act_save },
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
