/*
 * Subscriptions and the mirror's settings (core/subscription.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gitconfig.h"
#include "core/nls.h"
#include "core/secret.h"
#include "core/subscription.h"
#include "core/xmalloc.h"

static struct cb_subscription *
sub_for(struct cb_outbox_conf *c, const char *name)
{
	struct cb_subscription *s;

	for (size_t i = 0; i < c->n_subs; i++)
		if (strcmp(c->subs[i].name, name) == 0)
			return &c->subs[i];
	c->subs = xrealloc(c->subs, (c->n_subs + 1) * sizeof *c->subs);
	s = &c->subs[c->n_subs++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->chat = CB_CHAT_ROCKETCHAT;
	/* Unset: every kind but the others (notes, evidence, ...). */
	s->events = ~0u & ~(1u << CB_NOTIFY_OTHER);
	s->min_urgency = -1;
	strcpy(s->lang, "en");
	return s;
}

static bool
bool_value(const char *v, bool *out)
{
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* Splits a comma-separated list, blanks trimmed, into l. */
static void
split_list(const char *v, struct cb_strlist *l)
{
	const char *p = v;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		char *item;

		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0) {
			item = xstrndup(p, n);
			cb_strlist_add(l, item);
			free(item);
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
}

static void
set_lang(char lang[3], const char *v, char *bad, size_t badlen)
{
	if (strcmp(v, "ja") == 0 || strcmp(v, "en") == 0)
		strcpy(lang, v);
	else
		snprintf(bad, badlen, _("language: '%s' is neither ja nor en"),
		    v);
}

static void
notify_key(struct cb_subscription *s, const char *key, const char *v,
    int line)
{
	char *bad = s->bad;
	size_t badlen = sizeof s->bad;
	struct cb_strlist l = { 0 };
	int k;

	(void)line;
	if (strcmp(key, "kind") == 0) {
		if ((k = cb_chat_parse(v)) < 0)
			snprintf(bad, badlen, _("kind: '%s' is not rocketchat, "
			    "slack or mattermost"), v);
		else
			s->chat = (enum cb_chat)k;
	} else if (strcmp(key, "events") == 0) {
		split_list(v, &l);
		s->events = 0;
		for (size_t i = 0; i < l.n; i++) {
			if ((k = cb_notify_kind_parse(l.v[i])) < 0) {
				snprintf(bad, badlen, _("events: there is no "
				    "event '%s'"), l.v[i]);
				break;
			}
			s->events |= 1u << k;
		}
	} else if (strcmp(key, "classes") == 0) {
		cb_strlist_free(&s->classes);
		split_list(v, &s->classes);
	} else if (strcmp(key, "min-urgency") == 0) {
		s->min_urgency = -1;
		for (k = 0; k < CB_URGENCY_COUNT; k++)
			if (strcmp(v, cb_urgency_names[k]) == 0)
				s->min_urgency = k;
		if (s->min_urgency < 0)
			snprintf(bad, badlen, _("min-urgency: '%s' is not an "
			    "urgency"), v);
	} else if (strcmp(key, "language") == 0)
		set_lang(s->lang, v, bad, badlen);
	else if (strcmp(key, "more") == 0) {
		if (!bool_value(v, &s->more))
			snprintf(bad, badlen, _("more: '%s' is neither true "
			    "nor false"), v);
	} else if (strcmp(key, "ca-file") == 0) {
		free(s->ca_file);
		s->ca_file = xstrdup(v);
	} else if (strcmp(key, "url") == 0 || strcmp(key, "token") == 0)
		snprintf(bad, badlen, _("%s belongs in the secrets file, not "
		    "in the store's config, which the whole team reads"), key);
	cb_strlist_free(&l);
}

static void
mirror_key(struct cb_mirror_conf *m, const char *key, const char *v)
{
	if (strcmp(key, "url") == 0) {
		free(m->url);
		m->url = xstrdup(v);
	} else if (strcmp(key, "project") == 0) {
		free(m->project);
		m->project = xstrdup(v);
	} else if (strcmp(key, "ca-file") == 0) {
		free(m->ca_file);
		m->ca_file = xstrdup(v);
	} else if (strcmp(key, "language") == 0)
		set_lang(m->lang, v, m->bad, sizeof m->bad);
	else if (strcmp(key, "notes") == 0) {
		if (!bool_value(v, &m->notes))
			snprintf(m->bad, sizeof m->bad, _("notes: '%s' is "
			    "neither true nor false"), v);
	} else if (strcmp(key, "token") == 0)
		snprintf(m->bad, sizeof m->bad, _("token belongs in the "
		    "secrets file, not in the store's config, which the whole "
		    "team reads"));
}

static enum cb_status
conf_key(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct cb_outbox_conf *c = arg;
	char *end;
	long id;

	(void)err;
	if (strcmp(section, "notify") == 0 && subsection[0] != '\0')
		notify_key(sub_for(c, subsection), key, value, line);
	else if (strcmp(section, "mirror") == 0 &&
	    strcmp(subsection, "gitlab") == 0)
		mirror_key(&c->mirror, key, value);
	else if (strcmp(section, "gitlab") == 0 &&
	    strcmp(subsection, "user") == 0) {
		id = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || id <= 0) {
			snprintf(c->mirror.bad, sizeof c->mirror.bad,
			    _("gitlab.user.%s: '%s' is not a GitLab user id"),
			    key, value);
			return CB_OK;
		}
		c->mirror.users = xrealloc(c->mirror.users,
		    (c->mirror.n_users + 1) * sizeof *c->mirror.users);
		c->mirror.users[c->mirror.n_users].login = xstrdup(key);
		c->mirror.users[c->mirror.n_users++].id = id;
	}
	return CB_OK;
}

static bool
known(const char *const *keys, const char *key)
{
	for (size_t i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

bool
cb_outbox_conf_valid(const char *section, const char *subsection,
    const char *key, const char *value, char *bad, size_t badlen)
{
	static const char *const notify_keys[] = { "kind", "events",
	    "classes", "min-urgency", "language", "more", "ca-file", "url",
	    "token", NULL };
	static const char *const mirror_keys[] = { "url", "project",
	    "ca-file", "language", "notes", "token", NULL };
	struct cb_outbox_conf c;
	const char *why;

	bad[0] = '\0';
	if (!(strcmp(section, "notify") == 0 && subsection[0] != '\0' &&
	    known(notify_keys, key)) &&
	    !(strcmp(section, "mirror") == 0 &&
	    strcmp(subsection, "gitlab") == 0 && known(mirror_keys, key)) &&
	    !(strcmp(section, "gitlab") == 0 &&
	    strcmp(subsection, "user") == 0 && key[0] != '\0')) {
		snprintf(bad, badlen, _("%s.%s.%s is not a setting of the "
		    "chats or the GitLab mirror"), section, subsection, key);
		return false;
	}
	memset(&c, 0, sizeof c);
	strcpy(c.mirror.lang, "en");
	(void)conf_key(section, subsection, key, value, 0, &c, NULL);
	why = c.n_subs > 0 ? c.subs[0].bad : c.mirror.bad;
	if (strcmp(section, "notify") == 0 &&
	    strcmp(subsection, CB_MIRROR_DEST) == 0)
		why = _("that name is the GitLab mirror's");
	snprintf(bad, badlen, "%s", why);
	cb_outbox_conf_free(&c);
	return bad[0] == '\0';
}

enum cb_status
cb_outbox_conf_read(const char *path, struct cb_outbox_conf *c,
    struct cb_error *err)
{
	enum cb_status s;

	memset(c, 0, sizeof *c);
	strcpy(c->mirror.lang, "en");
	s = cb_gitconfig_read_flags(path, CB_OPEN_NOFOLLOW, conf_key, c, err);
	if (s == CB_ENOTFOUND)
		s = CB_OK;
	c->mirror.on = c->mirror.url != NULL && c->mirror.project != NULL;
	if ((c->mirror.url != NULL || c->mirror.project != NULL) &&
	    !c->mirror.on && c->mirror.bad[0] == '\0')
		snprintf(c->mirror.bad, sizeof c->mirror.bad,
		    _("[mirror \"gitlab\"] needs both url and project"));
	for (size_t i = 0; i < c->n_subs; i++)
		if (strcmp(c->subs[i].name, CB_MIRROR_DEST) == 0)
			snprintf(c->subs[i].bad, sizeof c->subs[i].bad,
			    _("the name %s is the GitLab mirror's"),
			    CB_MIRROR_DEST);
	return s;
}

void
cb_outbox_conf_free(struct cb_outbox_conf *c)
{
	for (size_t i = 0; i < c->n_subs; i++) {
		free(c->subs[i].name);
		free(c->subs[i].ca_file);
		cb_strlist_free(&c->subs[i].classes);
	}
	free(c->subs);
	for (size_t i = 0; i < c->mirror.n_users; i++)
		free(c->mirror.users[i].login);
	free(c->mirror.users);
	free(c->mirror.url);
	free(c->mirror.project);
	free(c->mirror.ca_file);
	memset(c, 0, sizeof *c);
}

const struct cb_subscription *
cb_outbox_conf_sub(const struct cb_outbox_conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_subs; i++)
		if (strcmp(c->subs[i].name, name) == 0)
			return &c->subs[i];
	return NULL;
}

/* True when the comma-separated list holds item exactly. */
static bool
list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		if (len == n && strncmp(p, item, n) == 0)
			return true;
		p = end != NULL ? end + 1 : NULL;
	}
	return false;
}

bool
cb_subscription_wants(const struct cb_subscription *s,
    enum cb_notify_kind kind, const char *classes, int urgency)
{
	bool any = s->classes.n == 0;

	if (s->bad[0] != '\0' || (s->events & (1u << kind)) == 0)
		return false;
	if (urgency < 0)
		return any && s->min_urgency < 0;
	/* Urgencies are ranked most urgent first. */
	if (s->min_urgency >= 0 && urgency > s->min_urgency)
		return false;
	for (size_t i = 0; !any && i < s->classes.n; i++)
		any = list_has(classes, s->classes.v[i]);
	return any;
}

long
cb_mirror_user(const struct cb_mirror_conf *m, const char *login)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].login, login) == 0)
			return m->users[i].id;
	return 0;
}

enum cb_status
cb_subscription_secret(const char *secrets_path, const char *section,
    const char *name, const char *key, char **out, struct cb_error *err)
{
	struct cb_buf var = { 0 };
	const char *env;
	enum cb_status s;

	*out = NULL;
	if (strcmp(section, "notify") == 0) {
		cb_buf_adds(&var, "CASEBOOK_NOTIFY_URL_");
		for (const char *p = name; *p != '\0'; p++)
			cb_buf_addc(&var, isalnum((unsigned char)*p) ?
			    (char)toupper((unsigned char)*p) : '_');
	} else
		cb_buf_adds(&var, "CASEBOOK_GITLAB_TOKEN");
	cb_buf_addc(&var, '\0');
	env = secure_getenv(var.data);
	if (env != NULL && *env != '\0') {
		*out = xstrdup(env);
		cb_buf_free(&var);
		return CB_OK;
	}
	s = cb_secret_get(secrets_path, section, name, key, out, err);
	if (s == CB_ENOTFOUND)
		s = cb_fail(err, CB_ENOTFOUND, _("no %s for %s \"%s\": put "
		    "it in %s (readable by you only: chmod 600) as [%s \"%s\"] "
		    "%s = ..., or in the environment as %s"), key, section,
		    name, secrets_path, section, name, key, var.data);
	cb_buf_free(&var);
	return s;
}
