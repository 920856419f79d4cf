/*
 * A long text in the user's editor (core/editor.c): curses gives the
 * terminal back (endwin, bracketed paste off) while it runs, and the
 * screen is repainted when it exits.
 */
#include "config.h"

#include "core/editor.h"
#include "tui/tui-int.h"

static void
suspend(void)
{
	def_prog_mode();
	tui_paste_mode(false);
	endwin();
}

static void
resume(void)
{
	reset_prog_mode();
	tui_paste_mode(true);
	clearok(stdscr, TRUE);
}

enum cb_status
tui_edit(struct tui *t, const char *path, struct cb_error *err)
{
	enum cb_status s;

	suspend();
	s = cb_run_editor(path, err);
	resume();
	(void)t;
	return s;
}

enum cb_status
tui_edit_draft(struct tui *t, const char *path, const char *initial,
    size_t ilen, char **out, size_t *olen, bool *restored,
    struct cb_error *err)
{
	enum cb_status s;

	suspend();
	s = cb_edit_draft(path, initial, ilen, out, olen, restored, err);
	resume();
	(void)t;
	return s;
}
