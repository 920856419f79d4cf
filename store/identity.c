/*
 * The acting person.  Always the real Unix user, getuid(): no option,
 * environment variable (GIT_AUTHOR_NAME and the like are never read:
 * casebook makes its signatures itself) or setting changes whose login
 * a change carries.  The name and e-mail shown with it come from the
 * password database (the GECOS name, login@host) unless the store config
 * gives others:
 *
 *	[user "alice"] name = Alice Sato	(every store; in a protected
 *	               email = alice@cert.example	store only 'casebook user'
 *						can write it)
 *	[user] name = ..., email = ...		(a private store only: it has
 *						one user, its owner)
 *
 * A team store's config is shared, so there only the settings made for
 * the login itself count.  Every commit also carries the login in a
 * Casebook-Login trailer (record.c), whatever name it shows.
 */
#include "store/store-int.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/gitconfig.h"
#include "core/sanitize.h"
#include "core/nls.h"

void
cb_store_set_identity(struct cb_store *st, const struct cb_identity *id)
{
	st->ident = *id;
	st->have_identity = true;
}

/* The password database's entry for the real uid, thread-safe. */
enum cb_status
cb_identity_real(struct cb_identity *out, struct cb_error *err)
{
	struct passwd pw, *res = NULL;
	char buf[4096], host[256];
	const char *gecos;
	uid_t uid = getuid();
	int rc;

	rc = getpwuid_r(uid, &pw, buf, sizeof buf, &res);
	if (rc != 0 || res == NULL)
		return cb_fail(err, CB_ERR, _("you (uid %u) are not in the "
		    "password database%s%s"), (unsigned)uid, rc != 0 ? ": " : "",
		    rc != 0 ? strerror(rc) : "");
	memset(out, 0, sizeof *out);
	/* The login goes into a trailer and a file name: nothing odd. */
	if (strlen(pw.pw_name) >= sizeof out->login ||
	    strspn(pw.pw_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZ0123456789._-$") != strlen(pw.pw_name))
		return cb_fail(err, CB_ERR, _("your login (uid %u) has "
		    "characters casebook cannot record"), (unsigned)uid);
	snprintf(out->login, sizeof out->login, "%s", pw.pw_name);
	gecos = pw.pw_gecos != NULL ? pw.pw_gecos : "";
	snprintf(out->name, sizeof out->name, "%.*s",
	    (int)strcspn(gecos, ","), gecos);
	/* A GECOS name a commit cannot carry is not used. */
	if (out->name[0] == '\0' || !cb_identity_text_ok(out->name, NULL))
		snprintf(out->name, sizeof out->name, "%s", pw.pw_name);
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	snprintf(out->email, sizeof out->email, "%.60s@%.180s", pw.pw_name,
	    host);
	return CB_OK;
}

static void
take(char *dst, size_t n, const char *path, const char *subsection,
    const char *key)
{
	char *v = cb_gitconfig_get(path, "user", subsection, key);

	if (v != NULL && v[0] != '\0' && cb_identity_text_ok(v, NULL))
		snprintf(dst, n, "%s", v);
	free(v);
}

enum cb_status
cb_store_identity(struct cb_store *st, struct cb_identity *out,
    struct cb_error *err)
{
	enum cb_status s;
	char *path;

	if (st->have_identity) {
		*out = st->ident;
		return CB_OK;
	}
	memset(out, 0, sizeof *out);
	if ((s = cb_identity_real(out, err)) != CB_OK)
		return s;
	path = xasprintf("%s/config", st->dir);
	if (!st->shared) {
		take(out->name, sizeof out->name, path, NULL, "name");
		take(out->email, sizeof out->email, path, NULL, "email");
	}
	take(out->name, sizeof out->name, path, out->login, "name");
	take(out->email, sizeof out->email, path, out->login, "email");
	free(path);
	st->ident = *out;
	st->have_identity = true;
	return CB_OK;
}

static bool
utf8_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; ) {
		unsigned cp;
		int k = cb_utf8_decode(s + i, n - i, &cp);

		if (k < 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

bool
cb_identity_text_ok(const char *s, const char **why)
{
	const char *reason = NULL;
	size_t n = strlen(s);

	if (n == 0 || n > 200)
		reason = "must be 1 to 200 bytes";
	for (const unsigned char *p = (const unsigned char *)s;
	    reason == NULL && *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>')
			reason = "may not hold control characters, '<' or '>'";
	if (reason == NULL && !utf8_valid(s, n))
		reason = "is not valid UTF-8";
	if (why != NULL)
		*why = reason;
	return reason == NULL;
}

/* --- committing as the acting person ------------------------------------ */

enum cb_status
cb_record_commit(struct cb_store *st, cb_apply_fn apply, void *arg,
    git_oid *out_commit, struct cb_error *err)
{
	struct cb_identity who;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = cb_store_identity(st, &who, err)) != CB_OK)
		return s;
	return cb_record_commit_as(st, &who, apply, arg, out_commit, err);
}
