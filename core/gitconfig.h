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
 * A missing file is CB_ENOTFOUND.
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

#endif
