# tui/: the terminal UI (ncursesw), included by Makefile.am.
