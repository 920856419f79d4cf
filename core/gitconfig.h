/*
 * Files in git-config syntax, read without libgit2: the store's config
 * (roles, language, the TUI's theme), the user's config and themes.
 * libgit2's git_config_open_ondisk reads the same syntax but says neither
 * which line a bad value is on nor lets a reader refuse an unknown key
 * with its line; a theme author needs "light:12: unknown colour".
 * Writing stays with libgit2 (store/role.c).
 */
#ifndef CB_GITCONFIG_H
#define CB_GITCONFIG_H

#include "core/error.h"

/*
 * Reads path, calling fn for each "key = value" with its section and
 * subsection ("" when none; section and key in lower case, subsection as
 * written) and the line number.  fn returns CB_OK to go on, or fails
 * with its own message.  A syntax error fails with "FILE:LINE: what".
 * A missing file is CB_ENOTFOUND.  The file is opened with
 * cb_open_regular: a FIFO, a device or a folder is an error, never a
 * wait.
 */
typedef enum cb_status (*cb_gitconfig_fn)(const char *section,
    const char *subsection, const char *key, const char *value, int line,
    void *arg, struct cb_error *err);
enum cb_status cb_gitconfig_read(const char *path, cb_gitconfig_fn fn,
    void *arg, struct cb_error *err);

/*
 * One value (the last one, as in git), or NULL when unset or the file is
 * missing or broken; caller frees.  section and key in lower case;
 * subsection NULL or "" for none.
 */
char *cb_gitconfig_get(const char *path, const char *section,
    const char *subsection, const char *key);

/*
 * Opens path for reading without ever blocking, for a file named by
 * data or by someone else (a store's config, a theme, a playbook): the
 * open is non-blocking, so a FIFO or a device does not hang the reader,
 * and only a regular file is kept (checked with fstat on the open
 * descriptor, so nothing can be swapped in between).  With
 * CB_OPEN_NOFOLLOW a symbolic link is refused too.  With CB_OPEN_AS_USER
 * the file is opened with the person's own rights, never a set-group-id
 * casebook's (a file to attach, `note -F`: core/priv.h).  Returns the
 * descriptor (blocking again, close-on-exec; the caller closes it) or -1
 * with err filled: CB_ENOTFOUND for a missing file, CB_ERR otherwise,
 * errno kept.
 */
#define CB_OPEN_NOFOLLOW	0x1
#define CB_OPEN_AS_USER		0x2
int cb_open_regular(const char *path, unsigned flags, struct cb_error *err);

/* As cb_gitconfig_read, refusing a symbolic link (CB_OPEN_NOFOLLOW). */
enum cb_status cb_gitconfig_read_flags(const char *path, unsigned flags,
    cb_gitconfig_fn fn, void *arg, struct cb_error *err);

#endif
