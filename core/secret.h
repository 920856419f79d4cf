/*
 * Secrets (webhook URLs, GitLab tokens) come from a file only its owner
 * can read, never from the store's config, which the whole team reads.
 * The file is in git-config syntax:
 *
 *	[notify "cert-alerts"]
 *		url = https://chat.example.ac.jp/hooks/ID/TOKEN
 *	[mirror "gitlab"]
 *		token = glpat-...
 *
 * It is refused, as ssh refuses a private key, unless it is a regular
 * file (a symbolic link is not followed), owned by the user casebook
 * runs as, and neither readable nor writable by group or others.
 *
 * Here in core/ and not net/: it is file handling with no network, and
 * the commands that only check the configuration (and the TUI's status
 * line) must be able to use it without libcurl.
 */
#ifndef CB_SECRET_H
#define CB_SECRET_H

#include "core/error.h"

/*
 * Reads the value of section.subsection.key (section and key in lower
 * case) from the secrets file at path into *out (allocated; the caller
 * frees, after wiping it with cb_secret_free).  Fails with a message in
 * words naming the file: CB_ENOTFOUND when the file or the key is
 * missing, CB_EDENIED when the file is refused (what is wrong and the
 * chmod or chown that mends it), CB_ERR on a read or syntax error.
 */
enum cb_status cb_secret_get(const char *path, const char *section,
    const char *subsection, const char *key, char **out,
    struct cb_error *err);

/*
 * Calls fn with the subsection and value of every section.*.key of the
 * secrets file at path, in the file's order (the [serve "NAME"] token =
 * ... of each hook); the value is the file's, only for the call: copy
 * it, and wipe the copy with cb_secret_free.  The file is checked as
 * cb_secret_get checks it, with the same failures; fn returns CB_OK to
 * go on, or fails with its own message, which is returned.
 */
typedef enum cb_status (*cb_secret_each_fn)(const char *subsection,
    const char *value, void *arg, struct cb_error *err);
enum cb_status cb_secret_each(const char *path, const char *section,
    const char *key, cb_secret_each_fn fn, void *arg, struct cb_error *err);

/*
 * The secrets file: $CASEBOOK_SECRETS, else $XDG_CONFIG_HOME/casebook/
 * secrets, else ~/.config/casebook/secrets.  Allocates.  The one
 * place every command that needs a secret finds the file.
 */
char *cb_secrets_path(void);

/* Overwrites the secret with zeros and frees it; NULL is allowed. */
void cb_secret_free(char *secret);

#endif
