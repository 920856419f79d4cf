/*
 * The terminal UI (ncursesw): what cli/main.c calls when casebook runs
 * without a command on a terminal.  Everything else of tui/ is private
 * (tui/tui-int.h).
 */
#ifndef CB_TUI_H
#define CB_TUI_H

#include <stdbool.h>
#include <stdio.h>

struct tui_opts {
	const char *store_dir;	/* the case store, resolved by main() */
	const char *theme;	/* --theme NAME or a path; NULL: config, else default */
	bool guided;		/* --guided: start in guided mode */
	const char *open_id;	/* an incident to open first, or NULL */
	bool demo;		/* the store is --demo's (the header says so) */
};

/*
 * Opens the store, takes the terminal, runs until the user quits, gives
 * the terminal back.  Returns an exit code (0 ok, 1 error); errors that
 * stop it before the screen starts are printed on stderr.
 */
int tui_run(const struct tui_opts *opts);

/*
 * Prints every screen's keys and the ':' commands, from the tables that
 * dispatch them and make the help screen (casebook --keys).
 */
void tui_print_keys(FILE *f);

#endif
