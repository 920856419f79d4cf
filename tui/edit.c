/*
 * A long text in the user's editor (core/editor.c): curses gives the
 * terminal back (endwin) while it runs, and the screen is repainted when
 * it exits.
 */
#include "config.h"

#include "core/editor.h"
#include "tui/tui-int.h"

enum cb_status
tui_edit(struct tui *t, const char *path, struct cb_error *err)
{
	enum cb_status s;

	def_prog_mode();
	endwin();
	s = cb_run_editor(path, err);
	reset_prog_mode();
	clearok(stdscr, TRUE);
	(void)t;
	return s;
}
