/*
 * A long text in the user's editor: $VISUAL, else $EDITOR, else vi, split
 * at spaces ("emacs -nw" works) and run with execvp on an argument vector.
 * No shell ever sees the value: "vi; rm -rf ~" is a program name that does
 * not exist.
 */
#ifndef CB_EDITOR_H
#define CB_EDITOR_H

#include "core/error.h"

/*
 * Runs the editor on path and waits for it.  While it runs, Ctrl-C and
 * Ctrl-\ are the editor's, not the caller's.  CB_ERR when it cannot be
 * started or does not exit with status 0.
 */
enum cb_status cb_run_editor(const char *path, struct cb_error *err);

#endif
