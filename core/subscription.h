/*
 * Who hears of what: the store config's [notify "NAME"] subscriptions
 * and its [mirror "gitlab"] section, read from the store's config file
 * (git-config syntax, core/gitconfig.h).  Pure: no network, no store.
 *
 *	[notify "cert-alerts"]
 *		kind = rocketchat		(rocketchat, slack, mattermost)
 *		events = new,urgency,phase	(core/notify.h kinds; unset:
 *						 all but "other")
 *		classes = phishing,malware	(any if unset)
 *		min-urgency = high		(any if unset)
 *		language = ja			(ja, en; default en)
 *		more = true			(department and hosts too)
 *		ca-file = /etc/ssl/csirt-ca.pem	(an internal CA)
 *	[mirror "gitlab"]
 *		url = https://gitlab.example.ac.jp
 *		project = csirt/cases
 *		language = ja
 *		ca-file = ...
 *		notes = true			(a note per phase change)
 *	[gitlab "user"]
 *		tanaka = 7			(login -> GitLab user id)
 *
 * The webhook URL and the GitLab token are never here: the config is
 * the team's to read.  They come from the secrets file (core/secret.h)
 * or the environment (cb_subscription_secret).
 */
#ifndef CB_SUBSCRIPTION_H
#define CB_SUBSCRIPTION_H

#include <stdbool.h>

#include "core/secret.h"
#include <stddef.h>

#include "core/error.h"
#include "core/incident.h"
#include "core/notify.h"

/* The mirror's destination name in the outbox. */
#define CB_MIRROR_DEST "mirror:gitlab"

struct cb_subscription {
	char *name;			/* the subsection: "cert-alerts" */
	enum cb_chat chat;
	unsigned events;		/* bit (1u << kind) per wanted kind */
	struct cb_strlist classes;	/* empty: every class */
	int min_urgency;		/* enum cb_urgency; -1: any */
	char lang[3];			/* "ja" or "en" */
	bool more;
	char *ca_file;			/* NULL: the system's CAs */
	char bad[256];			/* not "": unusable, and why */
};

struct cb_gitlab_user {
	char *login;
	long id;
};

struct cb_mirror_conf {
	bool on;			/* url and project are set */
	char *url, *project, *ca_file;
	char lang[3];
	bool notes;
	struct cb_gitlab_user *users;
	size_t n_users;
	char bad[256];
};

struct cb_outbox_conf {
	struct cb_subscription *subs;
	size_t n_subs;
	struct cb_mirror_conf mirror;
};

/*
 * Reads the subscriptions and the mirror from the config file at path
 * (a missing file: none).  A bad value does not fail the read: that
 * subscription is kept with .bad saying what is wrong ("events: no
 * kind 'foo'"), so that events are still queued for the others and the
 * runner and `outbox list` can say why one is not used.  CB_ERR only
 * for a file that cannot be read or parsed.  Free with
 * cb_outbox_conf_free, also after a failure.
 */
enum cb_status cb_outbox_conf_read(const char *path,
    struct cb_outbox_conf *c, struct cb_error *err);
void cb_outbox_conf_free(struct cb_outbox_conf *c);

/*
 * Whether value may be key of [section "subsection"] in the store's
 * config, as 'casebook config notify.NAME.KEY VALUE' sets it: a key the
 * reader above knows ([notify "NAME"], [mirror "gitlab"], [gitlab
 * "user"]) with a value it takes.  False with why in bad (badlen bytes)
 * otherwise; a URL or token is always refused (secrets file only).
 */
bool cb_outbox_conf_valid(const char *section, const char *subsection,
    const char *key, const char *value, char *bad, size_t badlen);

/* The subscription named name, or NULL. */
const struct cb_subscription *cb_outbox_conf_sub(
    const struct cb_outbox_conf *c, const char *name);

/*
 * True when s (usable) wants an event of kind about an incident with
 * these classes (comma-separated, as the index keeps them) and urgency
 * (-1 when the event has no incident: then only the kind counts).
 */
bool cb_subscription_wants(const struct cb_subscription *s,
    enum cb_notify_kind kind, const char *classes, int urgency);

/* The GitLab user id of login in the mirror's table, or 0. */
long cb_mirror_user(const struct cb_mirror_conf *m, const char *login);

/*
 * A secret of a destination: first the environment (for the
 * subscription NAME: CASEBOOK_NOTIFY_URL_NAME, NAME in upper case with
 * every character other than a letter or digit as '_'; for the mirror:
 * CASEBOOK_GITLAB_TOKEN), else the secrets file at secrets_path
 * (notify.NAME.url, mirror.gitlab.token), refused when others may read
 * it.  *out is allocated (cb_secret_free).  CB_ENOTFOUND when neither
 * has it, with a message saying where to put it.
 */
enum cb_status cb_subscription_secret(const char *secrets_path,
    const char *section, const char *name, const char *key, char **out,
    struct cb_error *err);


#endif
