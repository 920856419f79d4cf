/*
 * Roles and the store's settings: who may do what, from the store config
 * (git-config syntax, STORE/config):
 *
 *	[user "alice"]   role = tech
 *	[group "office"] role = staff
 *	[casebook]       defaultRole = viewer
 *	                 language = ja
 *
 * In a protected team store (the store group's, reached only through a
 * set-group-id casebook) these settings are out of every member's
 * reach, so roles are a boundary: they change only through 'casebook
 * role', 'casebook user' and 'casebook config', each for tech members.
 * In a private store or an --shared one (a trusted group) anyone who
 * can write the files can change them, and roles only guard against
 * mistakes (doc/design.md).
 */
#include "store/store-int.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alertgroup.h"
#include "core/gitconfig.h"
#include "core/nls.h"

static enum cb_status
open_config(struct cb_store *st, git_config **cfg, struct cb_error *err)
{
	char *path = xasprintf("%s/config", st->dir);
	enum cb_status s = CB_OK;

	*cfg = NULL;
	if ((s = cb_repo(st, err)) == CB_OK &&
	    git_config_open_ondisk(cfg, path) < 0)
		s = cb_git_error(err, path);
	free(path);
	return s;
}

static enum cb_role
role_named(const char *s)
{
	for (int r = CB_ROLE_TECH; r < CB_ROLE_COUNT; r++)
		if (strcmp(s, cb_role_names[r]) == 0)
			return (enum cb_role)r;
	return CB_ROLE_NONE;
}

/* Of two roles from groups, the one that may do more. */
static bool
stronger(enum cb_role a, enum cb_role b)
{
	static const int rank[CB_ROLE_COUNT] = {
		[CB_ROLE_NONE] = 0, [CB_ROLE_VIEWER] = 1, [CB_ROLE_STAFF] = 2,
		[CB_ROLE_HEAD] = 3, [CB_ROLE_TECH] = 4,
	};

	return rank[a] > rank[b];
}

/* The role settings of the store config, read in one pass. */
struct role_config {
	const char *login;
	enum cb_role user;		/* user.LOGIN.role */
	char **groups;			/* group.NAME.role: names ... */
	enum cb_role *group_roles;	/* ... and their roles */
	size_t ngroups;
	enum cb_role fallback;		/* casebook.defaultrole */
};

static enum cb_status
role_key(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct role_config *c = arg;

	(void)line;
	(void)err;
	if (strcmp(section, "user") == 0 && strcmp(key, "role") == 0 &&
	    strcmp(subsection, c->login) == 0) {
		c->user = role_named(value);
	} else if (strcmp(section, "group") == 0 && strcmp(key, "role") == 0 &&
	    subsection[0] != '\0') {
		c->groups = xrealloc(c->groups, (c->ngroups + 1) *
		    sizeof *c->groups);
		c->group_roles = xrealloc(c->group_roles, (c->ngroups + 1) *
		    sizeof *c->group_roles);
		c->groups[c->ngroups] = xstrdup(subsection);
		c->group_roles[c->ngroups++] = role_named(value);
	} else if (strcmp(section, "casebook") == 0 &&
	    strcmp(key, "defaultrole") == 0) {
		c->fallback = role_named(value);
	}
	return CB_OK;
}

/* The role group NAME has in the config (the last setting wins). */
static enum cb_role
group_role(const struct role_config *c, const char *name)
{
	enum cb_role r = CB_ROLE_NONE;

	for (size_t i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i], name) == 0)
			r = c->group_roles[i];
	return r;
}

enum cb_status
cb_store_role(struct cb_store *st, const char *login, enum cb_role *role,
    char *source, size_t srclen, struct cb_error *err)
{
	struct role_config c = { 0 };
	struct cb_identity me;
	struct passwd *pw;
	struct stat sb;
	char best_group[256] = "", *path, scratch[8];
	enum cb_role r, best = CB_ROLE_NONE;
	enum cb_status s;

	if (source == NULL) {
		source = scratch;
		srclen = sizeof scratch;
	}
	if (login == NULL) {
		if ((s = cb_store_identity(st, &me, err)) != CB_OK)
			return s;
		login = me.login;
	}
	c.login = login;
	path = xasprintf("%s/config", st->dir);
	s = cb_gitconfig_read(path, role_key, &c, err);
	free(path);
	if (s != CB_OK && s != CB_ENOTFOUND)
		goto out;
	s = CB_OK;
	if ((r = c.user) != CB_ROLE_NONE) {
		snprintf(source, srclen, _("user %s in %s/config"), login, st->dir);
		goto found;
	}
	pw = getpwnam(login);
	if (pw != NULL && stat(st->dir, &sb) == 0 && sb.st_uid == pw->pw_uid) {
		r = CB_ROLE_TECH;
		snprintf(source, srclen, _("created the store (owner of %s)"),
		    st->dir);
		goto found;
	}
	if (pw != NULL && c.ngroups > 0) {
		gid_t groups[256];
		int n = 256;

		if (getgrouplist(login, pw->pw_gid, groups, &n) < 0)
			n = 256;
		for (int i = 0; i < n; i++) {
			struct group *g = getgrgid(groups[i]);

			if (g == NULL)
				continue;
			r = group_role(&c, g->gr_name);
			if (stronger(r, best)) {
				best = r;
				snprintf(best_group, sizeof best_group, "%s",
				    g->gr_name);
			}
		}
	}
	if (best != CB_ROLE_NONE) {
		r = best;
		snprintf(source, srclen, _("group %s in %s/config"), best_group,
		    st->dir);
		goto found;
	}
	if ((r = c.fallback) != CB_ROLE_NONE) {
		snprintf(source, srclen, _("casebook.defaultRole in %s/config"),
		    st->dir);
		goto found;
	}
	r = CB_ROLE_VIEWER;
	snprintf(source, srclen, _("not mapped in %s/config: read only"),
	    st->dir);
found:
	*role = r;
out:
	for (size_t i = 0; i < c.ngroups; i++)
		free(c.groups[i]);
	free(c.groups);
	free(c.group_roles);
	return s;
}

static bool
name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return false;
	return true;
}


static const char *const role_help =
    "tech (CERT technical member), staff (office staff), head (department "
    "head) or viewer (read only)";

enum cb_status
cb_store_set_role(struct cb_store *st, const char *who, enum cb_role role,
    struct cb_error *err)
{
	bool group = who[0] == '@';
	const char *name = group ? who + 1 : who;
	git_config *cfg;
	char key[256];
	enum cb_status s;

	if (role == CB_ROLE_NONE || role >= CB_ROLE_COUNT)
		return cb_fail(err, CB_EUSAGE, _("a role is %s"), role_help);
	if (!name_ok(name))
		return cb_fail(err, CB_EUSAGE, _("'%s' is not a user or @group "
		    "name"), who);
	if ((s = cb_must_be_tech(st, "give roles", err)) != CB_OK)
		return s;
	if ((s = open_config(st, &cfg, err)) != CB_OK)
		return s;
	snprintf(key, sizeof key, "%s.%s.role", group ? "group" : "user", name);
	if (git_config_set_string(cfg, key, cb_role_names[role]) < 0)
		s = cb_git_error(err, "writing the store config");
	git_config_free(cfg);
	return s;
}

/* CB_OK when the acting person is a tech member; what names the act. */
enum cb_status
cb_must_be_tech(struct cb_store *st, const char *what, struct cb_error *err)
{
	enum cb_role mine;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = cb_store_role(st, NULL, &mine, NULL, 0, err)) != CB_OK)
		return s;
	if (mine != CB_ROLE_TECH)
		return cb_fail(err, CB_EDENIED, _("only a tech member may %s; you "
		    "are %s"), what, cb_role_names[mine]);
	return CB_OK;
}

static enum cb_status
set_strings(struct cb_store *st, const char *const *keys,
    const char *const *values, size_t n, struct cb_error *err)
{
	git_config *cfg;
	enum cb_status s;

	if ((s = open_config(st, &cfg, err)) != CB_OK)
		return s;
	for (size_t i = 0; i < n && s == CB_OK; i++)
		if (values[i] != NULL &&
		    git_config_set_string(cfg, keys[i], values[i]) < 0)
			s = cb_git_error(err, "writing the store config");
	git_config_free(cfg);
	return s;
}

enum cb_status
cb_store_people(struct cb_store *st, enum cb_role role, cb_person_fn fn,
    void *arg, struct cb_error *err)
{
	git_config *cfg;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	enum cb_status s;
	int stop = 0;

	if ((s = open_config(st, &cfg, err)) != CB_OK)
		return s;
	/* All entries, filtered here: libgit2's glob iterator leaks what
	 * its regex matcher allocates (seen with the system's pcre2). */
	if (git_config_iterator_new(&it, cfg) < 0) {
		s = cb_git_error(err, "reading the store config");
		git_config_free(cfg);
		return s;
	}
	while (stop == 0 && git_config_next(&e, it) == 0) {
		size_t len = strlen(e->name), n;
		char who[256], key[300], gecos[256];
		git_config_entry *ne = NULL;
		const char *name;
		struct passwd *pw;

		/* user.LOGIN.role = ROLE */
		if (len < strlen("user.x.role") ||
		    strncmp(e->name, "user.", 5) != 0 ||
		    strcmp(e->name + len - 5, ".role") != 0 ||
		    e->value == NULL || role_named(e->value) != role)
			continue;
		n = len - strlen("user.") - strlen(".role");
		if (n >= sizeof who)
			continue;
		memcpy(who, e->name + strlen("user."), n);
		who[n] = '\0';
		snprintf(key, sizeof key, "user.%s.name", who);
		pw = getpwnam(who);
		if (git_config_get_entry(&ne, cfg, key) == 0 &&
		    ne->value[0] != '\0')
			name = ne->value;
		else if (pw != NULL && pw->pw_gecos != NULL &&
		    pw->pw_gecos[0] != '\0' && pw->pw_gecos[0] != ',') {
			snprintf(gecos, sizeof gecos, "%.*s",
			    (int)strcspn(pw->pw_gecos, ","), pw->pw_gecos);
			name = gecos;
		} else
			name = who;
		stop = fn(who, name, arg);
		git_config_entry_free(ne);
	}
	git_config_iterator_free(it);
	git_config_free(cfg);
	return CB_OK;
}

enum cb_status
cb_store_set_name(struct cb_store *st, const char *login, const char *name,
    struct cb_error *err)
{
	char key[128];
	const char *keys[1] = { key }, *values[1] = { name };
	enum cb_status s;

	/* Unlike cb_store_set_user, for logins this system may not have
	 * (the demo's people). */
	if (!name_ok(login) || login[0] == '@')
		return cb_fail(err, CB_EUSAGE, _("'%s' is not a user or @group "
		    "name"), login);
	if ((s = cb_must_be_tech(st, "set people's names and e-mails", err)) !=
	    CB_OK)
		return s;
	snprintf(key, sizeof key, "user.%s.name", login);
	return set_strings(st, keys, values, 1, err);
}

enum cb_status
cb_store_set_user(struct cb_store *st, const char *login, const char *name,
    const char *email, struct cb_error *err)
{
	char kname[128], kemail[128];
	const char *keys[2] = { kname, kemail }, *values[2] = { name, email };
	const char *why;
	enum cb_status s;

	if (!name_ok(login) || getpwnam(login) == NULL)
		return cb_fail(err, CB_EUSAGE, _("there is no user '%s' on this "
		    "system"), login);
	if (name == NULL && email == NULL)
		return cb_fail(err, CB_EUSAGE, _("nothing to set: give --name, "
		    "--email or both"));
	if (name != NULL && !cb_identity_text_ok(name, &why))
		return cb_fail(err, CB_EUSAGE, _("the name %s"), why);
	if (email != NULL && !cb_identity_text_ok(email, &why))
		return cb_fail(err, CB_EUSAGE, _("the e-mail %s"), why);
	if (email != NULL && strchr(email, '@') == NULL)
		return cb_fail(err, CB_EUSAGE, _("'%s' is not an e-mail address"),
		    email);
	if ((s = cb_must_be_tech(st, "set people's names and e-mails", err)) !=
	    CB_OK)
		return s;
	snprintf(kname, sizeof kname, "user.%s.name", login);
	snprintf(kemail, sizeof kemail, "user.%s.email", login);
	return set_strings(st, keys, values, 2, err);
}

/*
 * The store settings 'casebook config' may change, and the values each
 * takes.  Everything else in the config is casebook's own (version,
 * shared) or has its own command (role, user).
 */
static const struct {
	const char *key;	/* as git-config writes it */
	const char *const values[8];
	const char *help;
} settings[] = {
	{ "casebook.defaultRole", { "viewer", "staff", "head", "tech" },
	  "the role of people the config does not map" },
	{ "casebook.language", { "en", "ja" },
	  "the language of playbook texts" },
	{ "tui.theme", { "default", "light", "high-contrast", "mono" },
	  "the terminal UI's colours" },
	/* No list of values: a login of this system. */
	{ "alerts.receiver", { NULL },
	  "the account casebook serve runs as, which may take in alerts" },
};

void
cb_store_config_keys(void (*fn)(const char *key, const char *values,
    const char *help, void *arg), void *arg)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		char values[128] = "";

		for (size_t j = 0; settings[i].values[j] != NULL; j++)
			snprintf(values + strlen(values), sizeof values -
			    strlen(values), "%s%s", j > 0 ? "|" : "",
			    settings[i].values[j]);
		fn(settings[i].key, settings[i].values[0] != NULL ? values :
		    "LOGIN", settings[i].help, arg);
	}
}

enum cb_status
cb_store_set_config(struct cb_store *st, const char *key, const char *value,
    struct cb_error *err)
{
	const char *keys[1], *values[1] = { value };
	enum cb_status s;

	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		bool ok = false;

		if (strcasecmp(key, settings[i].key) != 0)
			continue;
		for (size_t j = 0; settings[i].values[j] != NULL; j++)
			ok = ok || strcmp(value, settings[i].values[j]) == 0;
		if (settings[i].values[0] == NULL && name_ok(value) &&
		    getpwnam(value) != NULL)
			ok = true;
		if (!ok && settings[i].values[0] == NULL)
			return cb_fail(err, CB_EUSAGE, _("'%s' is not a user of "
			    "this system"), value);
		if (!ok)
			return cb_fail(err, CB_EUSAGE, _("'%s' is not a value of "
			    "%s"), value, settings[i].key);
		if ((s = cb_must_be_tech(st, "change the store's settings",
		    err)) != CB_OK)
			return s;
		keys[0] = settings[i].key;
		return set_strings(st, keys, values, 1, err);
	}
	return cb_fail(err, CB_EUSAGE, _("'%s' is not a setting casebook config "
	    "changes (see 'casebook config --list')"), key);
}

static enum cb_status
my_role(struct cb_store *st, enum cb_role *r, struct cb_error *err)
{
	return cb_store_role(st, NULL, r, NULL, 0, err);
}

static enum cb_status
viewer_refused(struct cb_error *err)
{
	return cb_fail(err, CB_EDENIED, _("you are a viewer in this store: you "
	    "can read but not change anything; a tech member can give you a "
	    "role with 'casebook role LOGIN ROLE'"));
}

enum cb_status
cb_store_may_write(struct cb_store *st, struct cb_error *err)
{
	enum cb_role r;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = my_role(st, &r, err)) != CB_OK)
		return s;
	return r == CB_ROLE_VIEWER ? viewer_refused(err) : CB_OK;
}

enum cb_status
cb_store_may_answer(struct cb_store *st, const struct cb_item *item,
    bool on_behalf, struct cb_error *err)
{
	enum cb_role r;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = my_role(st, &r, err)) != CB_OK)
		return s;
	if (r == CB_ROLE_VIEWER)
		return viewer_refused(err);
	switch (item->role) {
	case CB_ROLE_TECH:
		if (r != CB_ROLE_TECH)
			return cb_fail(err, CB_EDENIED, _("only a tech member "
			    "(CERT) may answer %s; you are %s"), item->id,
			    cb_role_names[r]);
		break;
	case CB_ROLE_HEAD:
		if (r != CB_ROLE_HEAD && !on_behalf)
			return cb_fail(err, CB_EDENIED, _("only the department "
			    "head may decide %s; you are %s: record the head's "
			    "decision with --for HEAD-LOGIN"), item->id,
			    cb_role_names[r]);
		break;
	case CB_ROLE_STAFF:
		if (r != CB_ROLE_STAFF && r != CB_ROLE_TECH)
			return cb_fail(err, CB_EDENIED, _("only office staff or "
			    "a tech member may answer %s; you are %s"), item->id,
			    cb_role_names[r]);
		break;
	default:
		break;
	}
	return CB_OK;
}

enum cb_status
cb_store_may_set(struct cb_store *st, const char *field, struct cb_error *err)
{
	enum cb_role r;
	enum cb_status s;

	if (st->readonly)
		return cb_store_readonly_error(st, err);
	if ((s = my_role(st, &r, err)) != CB_OK)
		return s;
	if (r == CB_ROLE_VIEWER)
		return viewer_refused(err);
	if (field == NULL)
		return CB_OK;
	if (strcmp(field, "urgency") == 0 && r != CB_ROLE_TECH)
		return cb_fail(err, CB_EDENIED, _("only a tech member (CERT) may "
		    "set the urgency; you are %s"), cb_role_names[r]);
	/* As the classification item, whether or not playbooks are loaded. */
	if (strcmp(field, "classes") == 0 && r != CB_ROLE_TECH)
		return cb_fail(err, CB_EDENIED, _("only a tech member (CERT) may "
		    "set the classes; you are %s"), cb_role_names[r]);
	if (strcmp(field, "severity") == 0 && r != CB_ROLE_HEAD)
		return cb_fail(err, CB_EDENIED, _("only the department head may "
		    "decide the severity; you are %s: record the head's "
		    "decision with 'casebook answer ID dept_severity VALUE --for "
		    "HEAD-LOGIN'"), cb_role_names[r]);
	return CB_OK;
}

/* Japanese when the store says so, else when the locale in force does. */
const char *
cb_store_language(struct cb_store *st)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	char *path, *val;
	const char *env;

	if (st->lang[0] != '\0')
		return st->lang;
	snprintf(st->lang, sizeof st->lang, "en");
	for (size_t i = 0; i < 3; i++) {
		if ((env = getenv(vars[i])) != NULL && *env != '\0') {
			if (strncmp(env, "ja", 2) == 0)
				snprintf(st->lang, sizeof st->lang, "ja");
			break;
		}
	}
	path = xasprintf("%s/config", st->dir);
	val = cb_gitconfig_get(path, "casebook", NULL, "language");
	if (val != NULL && (strcmp(val, "ja") == 0 || strcmp(val, "en") == 0))
		memcpy(st->lang, val, 3);
	free(val);
	free(path);
	return st->lang;
}

/* --- playbook overrides ---------------------------------------------------- */

static bool
playbook_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 5 && n <= 64 && strcmp(s + n - 5, ".yaml") == 0 &&
	    s[0] != '.' && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789"
	    "-_.") == n;
}

/* Removes the staging folder and what is in it. */
static void
unstage(const char *dir, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
}

enum cb_status
cb_store_install_playbooks(struct cb_store *st, const char *const *names,
    const char *const *data, const size_t *len, size_t n,
    cb_playbook_problem_fn problem, void *arg, struct cb_error *err)
{
	struct stat sb;
	char *dir, *stage, **paths;
	size_t nchecked;
	enum cb_status s = CB_OK;

	for (size_t i = 0; i < n; i++) {
		if (!playbook_name_ok(names[i]))
			return cb_fail(err, CB_EUSAGE, _("'%s' is not a playbook "
			    "file name (NAME.yaml, lower-case letters, digits, "
			    "'-', '_')"), names[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return cb_fail(err, CB_EUSAGE, _("%s is given "
				    "twice"), names[i]);
	}
	if (st->playbook_dir == NULL)
		return cb_fail(err, CB_ERR, _("no playbooks: casebook was not "
		    "told where its playbooks are"));
	if ((s = cb_must_be_tech(st, "install playbooks", err)) != CB_OK)
		return s;
	/*
	 * Checked as they will be read: copies inside the store, where
	 * nobody but casebook can change them between the check and the
	 * install.
	 */
	stage = xasprintf("%s/playbooks.new-%ld", st->dir, (long)getpid());
	if (mkdir(stage, 0700) < 0) {
		s = cb_os_error(err, errno, stage);
		free(stage);
		return s;
	}
	paths = xcalloc(n + 1, sizeof *paths);
	for (size_t i = 0; i < n && s == CB_OK; i++) {
		s = cb_write_durable(stage, names[i], data[i], len[i], err);
		paths[i] = xasprintf("%s/%s", stage, names[i]);
	}
	/*
	 * Checked against the graph they will be loaded with: the one among
	 * them, else the store's installed override, else the shipped one.
	 */
	dir = xasprintf("%s/playbooks", st->dir);
	nchecked = n;
	if (s == CB_OK) {
		bool graph = false;

		for (size_t i = 0; i < n; i++)
			graph = graph || strcmp(names[i], "graph.yaml") == 0;
		paths[n] = xasprintf("%s/graph.yaml", dir);
		if (!graph && lstat(paths[n], &sb) == 0 && S_ISREG(sb.st_mode))
			nchecked = n + 1;
	}
	/* alerts.yaml, the alert grouping rules, is checked as what it is;
	 * the rest as playbooks. */
	if (s == CB_OK) {
		const char **check = xcalloc(nchecked + 1, sizeof *check);
		size_t nc = 0;
		bool bad = false;

		for (size_t i = 0; i < nchecked; i++) {
			struct cb_alert_rules rules;
			struct cb_error why;

			if (i >= n || strcmp(names[i], "alerts.yaml") != 0) {
				check[nc++] = paths[i];
				continue;
			}
			if (cb_alert_rules_parse(paths[i], data[i], len[i],
			    &rules, &why) != CB_OK) {
				if (problem != NULL)
					problem(why.msg, arg);
				bad = true;
			}
			cb_alert_rules_free(&rules);
		}
		if (bad || (nc > (nchecked > n ? 1u : 0u) &&
		    cb_playbook_check_files(check, nc, st->playbook_dir,
		    problem, arg, err) != CB_OK))
			s = cb_fail(err, CB_EUSAGE, _("the playbooks have "
			    "problems; nothing was installed"));
		free(check);
	}
	if (s != CB_OK)
		;
	else if (mkdir(dir, st->shared ? 02770 : 0700) < 0 && errno != EEXIST)
		s = cb_os_error(err, errno, dir);
	else if (lstat(dir, &sb) < 0)
		s = cb_os_error(err, errno, dir);
	else if (!S_ISDIR(sb.st_mode))
		s = cb_fail(err, CB_ERR, _("%s is not a folder; nothing was "
		    "installed"), dir);
	for (size_t i = 0; i < n && s == CB_OK; i++) {
		char *to = xasprintf("%s/%s", dir, names[i]);

		if (rename(paths[i], to) < 0)
			s = cb_os_error(err, errno, to);
		free(to);
	}
	unstage(stage, names, n);
	for (size_t i = 0; i <= n; i++)
		free(paths[i]);
	free(paths);
	free(stage);
	free(dir);
	return s;
}
