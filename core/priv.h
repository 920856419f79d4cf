/*
 * The store group's privilege, for a casebook installed set-group-id to
 * the group that owns protected team stores (doc/design.md, "The
 * protected team store").  The one file that changes the process's
 * group ids.
 *
 * At start (cb_priv_init, first thing in main) a set-group-id casebook
 * keeps the store group in its saved set-group-id and runs with its
 * real group: everything done on the person's behalf is done with their
 * own rights.  cb_priv_raise takes the store group back for the store's
 * files (cli_open, once the store is known to be a protected one);
 * cb_priv_lower gives it up again around whatever is done for the
 * person (reading a file to attach, -F FILE, the TUI's theme).  A child
 * about to run another program (the editor, a pager) calls
 * cb_priv_drop_for_exec, which gives the group up for good.
 *
 * Without the set-group-id bit (a build tree, a private install) all of
 * these do nothing and succeed.  A failure to change the group ids is
 * not survivable (fatal): carrying on could do with the store group
 * what the person asked to be done with their own.
 */
#ifndef CB_PRIV_H
#define CB_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Takes note of the group ids, and when running set-group-id moves the
 * store group to the saved slot, switches the effective group to the
 * real one, turns core dumps off, and clears from the environment what
 * could redirect a privileged casebook: GIT_*, SQLITE_TMPDIR and every
 * CASEBOOK_* variable but CASEBOOK_STORE (the person's choice of store,
 * opened with privilege only when it is a protected store) and
 * CASEBOOK_THEMES (read for the person).  CASEBOOK_PLAYBOOKS is kept
 * aside for cb_priv_playbooks_env: 'playbook check' may validate files
 * there, nothing else reads it.
 */
void cb_priv_init(void);
/* Whether this process started set-group-id (getegid() != getgid()). */
bool cb_privileged(void);
/* The store group's id when privileged, else the real group id. */
gid_t cb_priv_store_gid(void);
/* The effective group: the store group (raise) or the real one (lower). */
void cb_priv_raise(void);
void cb_priv_lower(void);
/* Whether the store group is in effect now. */
bool cb_priv_raised(void);
/*
 * In a child between fork and exec: real, effective and saved group all
 * become the real group, checked.  Returns false (errno set) when the
 * group could not be given up; the child must then not exec.
 */
bool cb_priv_drop_for_exec(void);
/*
 * open(2) with the person's own rights, whatever is in effect: the
 * privilege, if raised, is lowered for the call and raised again.
 */
int cb_priv_open_as_user(const char *path, int flags);
/*
 * $CASEBOOK_PLAYBOOKS as the person set it, or NULL: the playbooks
 * 'playbook check' validates against.  When privileged the variable is
 * gone from the environment (see cb_priv_init).
 */
const char *cb_priv_playbooks_env(void);

#endif
