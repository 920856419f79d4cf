/*
 * A long text in the user's editor: $VISUAL, else $EDITOR, else vi, split
 * at spaces ("emacs -nw" works) and run with execvp on an argument vector.
 * No shell ever sees the value: "vi; rm -rf ~" is a program name that does
 * not exist.
 *
 * What was written is never lost to a failing editor or a refused save:
 * the text lives in a draft file of the user's own (as git keeps
 * COMMIT_EDITMSG), kept until the caller has saved it, and offered again
 * the next time the same text is edited.
 */
#ifndef CB_EDITOR_H
#define CB_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/*
 * Runs the editor on path and waits for it.  While it runs, Ctrl-C and
 * Ctrl-\ are the editor's, not the caller's.  CB_ERR when it cannot be
 * started or does not exit with status 0.
 */
enum cb_status cb_run_editor(const char *path, struct cb_error *err);

/*
 * The draft file of one text: $XDG_STATE_HOME/casebook/drafts (else
 * ~/.local/state/casebook/drafts, made mode 0700) / HASH-NAME.md, where
 * HASH names the store (the first 12 hex digits of the SHA-1 of
 * store_dir) so that two stores' incidents of the same id never share a
 * draft, and name says what the text is ("note-2026-0042").  Returns the
 * path (caller frees), or NULL with err when the folder cannot be made.
 */
char *cb_draft_path(const char *store_dir, const char *name,
    struct cb_error *err);

/*
 * Edits a text in the draft file at path.  A draft left there by an
 * earlier failed edit is offered again in place of initial (*restored
 * true); else the file is made (mode 0600) holding initial (ilen bytes,
 * may be 0).  After the editor exits 0 the file's text is returned in
 * *out (caller frees, NUL-terminated, its length in *olen, trailing
 * newlines removed) and the file is left for cb_draft_done once the
 * text is saved.  When the editor fails, the file is kept and err says
 * where it is.  *out is NULL on error.
 *
 * One draft is edited by one casebook at a time ('casebook note ID' in
 * one terminal and the TUI's e in another share the draft of ID's
 * note): while the editor runs the draft is locked, and a second edit
 * is refused (CB_ECONFLICT, naming the other process and the draft)
 * before anything is written.
 */
enum cb_status cb_edit_draft(const char *path, const char *initial,
    size_t ilen, char **out, size_t *olen, bool *restored,
    struct cb_error *err);

/*
 * Adds text to the end of the draft at path (after a blank line when the
 * draft holds something already), made mode 0600 when missing; refused
 * like cb_edit_draft while another casebook edits it.
 */
enum cb_status cb_draft_append(const char *path, const char *text,
    struct cb_error *err);

/* Whether another casebook has the draft at path in its editor now. */
bool cb_draft_taken(const char *path);

/* The text is saved: the draft goes. */
void cb_draft_done(const char *path);

#endif
