/*
 * Sync between sites over Git remotes (doc/design.md, "Sync"): the
 * remotes of a store, and 'casebook sync': fetch the remote's branch,
 * merge it with ours incident folder by incident folder (core/merge.c
 * decides, this file applies), move our branch, index what arrived,
 * push; a push refused because the hub moved fetches and merges again.
 *
 * Safe against a kill at any moment, because every step leaves the
 * store as a finished state: the fetch writes its pack, then the
 * remote-tracking ref (refs/remotes/NAME/main), never our branch; the
 * merge commit's objects are written loose (durable, and harmless when
 * nothing names them) before our branch is moved by compare-and-swap
 * under the store lock, the one step that changes what people see; the
 * index catches up in one transaction (and any later open catches up
 * too); a push is atomic on the hub.  A rerun starts again from
 * whatever landed.
 *
 * One sync at a time per store: an flock of STORE/sync.lock, not
 * waited for (cron runs sync every few minutes; the next one catches
 * up).  The outcome goes to STORE/sync.json, which the TUI reads
 * without waiting on anything.
 *
 * Credentials are the person's: ssh-agent or ~/.ssh key files, the host
 * key checked against ~/.ssh/known_hosts; for https a token from the
 * person's secrets file, TLS verified by libgit2 (a certificate it does
 * not trust is refused, never accepted here).  Every file of the
 * person's is read with their own rights (core/priv.h), never the
 * store group's.
 */
#include "store/store-int.h"
#include "core/nls.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2/sys/mempack.h>
#include <jansson.h>

#include "core/gitconfig.h"
#include "core/knownhosts.h"
#include "core/merge.h"
#include "core/priv.h"
#include "core/secret.h"
#include "core/siteid.h"
#include "core/words.h"

#define SYNC_LOCK	"sync.lock"
#define SYNC_STATE	"sync.json"
#define SYNC_ROUNDS	5	/* pushes refused because the hub moved */
#define REMOTE_NAME_MAX	40

/*
 * The test hook: CASEBOOK_SYNC_KILL=STEP kills the sync with SIGKILL
 * right after STEP (fetch: the remote's commits fetched; merge: the
 * merge commit written, our branch not moved; index: our branch moved,
 * the index not caught up; push: indexed, not pushed).  Read only when
 * set; a set-group-id casebook clears every CASEBOOK_ variable.
 */
static void
kill_point(const char *step)
{
	const char *want = getenv("CASEBOOK_SYNC_KILL");

	if (want != NULL && strcmp(want, step) == 0)
		raise(SIGKILL);
}

/* --- remotes ---------------------------------------------------------- */

static bool
remote_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > REMOTE_NAME_MAX || name[0] == '-' || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '_'))
			return false;
	return true;
}

/* file://, ssh://, https:// and plain local paths; nothing else. */
static bool
url_ok(const char *url, const char **why)
{
	if (strncmp(url, "file://", 7) == 0 || strncmp(url, "ssh://", 6) == 0 ||
	    strncmp(url, "https://", 8) == 0 || url[0] == '/')
		return true;
	if (strncmp(url, "http://", 7) == 0)
		*why = _("http:// would send the record unencrypted; use "
		    "https://, ssh:// or a path");
	else
		*why = _("a remote is an absolute path, file://, ssh:// or "
		    "https:// URL");
	return false;
}

static char *
tracking_ref(const char *name)
{
	return xasprintf("refs/remotes/%s/main", name);
}

/* The letters other sites use: in the ids of tree and in the
 * Casebook-Site trailers of the history from tip. */
static void
letters_seen(struct cb_store *st, const git_oid *tip, bool used[26])
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int n = 0;

	if (git_revwalk_new(&walk, st->repo) < 0 ||
	    git_revwalk_push(walk, tip) < 0) {
		git_revwalk_free(walk);
		return;
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		git_commit *c;
		const char *msg, *p;

		if (git_commit_lookup(&c, st->repo, &oid) < 0)
			continue;
		msg = git_commit_message(c);
		for (p = msg; p != NULL && (p = strstr(p, "Casebook-Site: ")) !=
		    NULL; p++)
			if (cb_site_valid(p[15]))
				used[p[15] - 'A'] = true;
		/* Ids in the subjects ("2026-B0001: ...") name sites too. */
		if (git_commit_summary(c) != NULL) {
			char site;

			char id[CB_ID_MAX];
			size_t k = strcspn(git_commit_summary(c), ":");

			if (k < CB_ID_MAX) {
				memcpy(id, git_commit_summary(c), k);
				id[k] = '\0';
				if (cb_siteid_parse(id, NULL, &site, NULL) &&
				    site != CB_SITE_NONE)
					used[site - 'A'] = true;
			}
		}
		git_commit_free(c);
		n++;
	}
	git_revwalk_free(walk);
}

static enum cb_status fetch(struct cb_store *st, git_remote *remote,
    const char *name, struct cb_error *err);

static enum cb_status
apply_site(struct cb_store *st, git_commit *tip, const git_oid *base_tip,
    struct cb_commit_plan *plan, void *arg, struct cb_error *err)
{
	(void)tip;
	(void)base_tip;
	(void)arg;
	(void)err;
	cb_buf_printf(&plan->message, "casebook: this store is site %c",
	    st->site);
	plan->action = "site";
	return CB_OK;
}

enum cb_status
cb_store_remote_add(struct cb_store *st, const char *name, const char *url,
    char site, char *site_out, struct cb_error *err)
{
	git_remote *remote = NULL;
	enum cb_status s;
	const char *why = NULL;
	char *ref, letter[2] = { 0, 0 };
	git_oid tip;

	if ((s = cb_must_be_tech(st, _("add a remote"), err)) != CB_OK)
		return s;
	if (!remote_name_ok(name))
		return cb_fail(err, CB_EUSAGE, _("'%s' cannot name a remote: "
		    "letters, digits, '-' and '_', up to 40"), name);
	if (!url_ok(url, &why))
		return cb_fail(err, CB_EUSAGE, "%s: %s", url, why);
	if (site != CB_SITE_NONE && !cb_site_valid(site))
		return cb_fail(err, CB_EUSAGE, _("a site is one capital letter, "
		    "A to Z"));
	if (site != CB_SITE_NONE && st->site != CB_SITE_NONE &&
	    site != st->site)
		return cb_fail(err, CB_EUSAGE, _("this store is site %c already; "
		    "its ids keep that letter"), st->site);
	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if (git_remote_create(&remote, st->repo, name, url) < 0)
		return cb_git_error(err, name);
	*site_out = st->site;
	if (st->site != CB_SITE_NONE)
		goto out;
	/*
	 * The first remote gives the store its site letter: the one asked
	 * for, else the first letter that no site of the hub's history has
	 * used (ids, Casebook-Site trailers), read from a fetch.
	 */
	if (site == CB_SITE_NONE) {
		bool used[26] = { false };
		int rc;

		if ((s = fetch(st, remote, name, err)) != CB_OK) {
			struct cb_error e2;

			(void)git_remote_delete(st->repo, name);
			e2 = *err;
			s = cb_fail(err, s, _("%s (give the site's letter with "
			    "--site to add the remote without reaching it)"),
			    e2.msg);
			goto out;
		}
		ref = tracking_ref(name);
		rc = git_reference_name_to_id(&tip, st->repo, ref);
		free(ref);
		if (rc == 0)
			letters_seen(st, &tip, used);
		for (int i = 0; i < 26 && site == CB_SITE_NONE; i++)
			if (!used[i])
				site = (char)('A' + i);
		if (site == CB_SITE_NONE) {
			(void)git_remote_delete(st->repo, name);
			s = cb_fail(err, CB_ERR, _("every site letter is in "
			    "use at %s; give one with --site"), url);
			goto out;
		}
	}
	letter[0] = site;
	if ((s = cb_config_set_strings(st, (const char *[]){ "casebook.site" },
	    (const char *[]){ letter }, 1, err)) != CB_OK) {
		(void)git_remote_delete(st->repo, name);
		goto out;
	}
	st->site = site;
	*site_out = site;
	/*
	 * The letter is claimed in the record, by a commit that carries it
	 * (and changes no file), so that the hub knows it from this
	 * store's first push, before any incident is made with it.
	 */
	if ((s = cb_record_commit(st, apply_site, NULL, &tip, err)) == CB_OK)
		cb_index_after_commit(st);
out:
	git_remote_free(remote);
	return s;
}

enum cb_status
cb_store_remote_remove(struct cb_store *st, const char *name,
    struct cb_error *err)
{
	enum cb_status s;

	if ((s = cb_must_be_tech(st, _("remove a remote"), err)) != CB_OK ||
	    (s = cb_repo(st, err)) != CB_OK)
		return s;
	if (git_remote_delete(st->repo, name) < 0) {
		if (git_error_last() != NULL &&
		    git_error_last()->klass == GIT_ERROR_CONFIG)
			return cb_fail(err, CB_ENOTFOUND, _("no remote named "
			    "'%s'"), name);
		return cb_git_error(err, name);
	}
	return CB_OK;
}

enum cb_status
cb_store_remotes(struct cb_store *st, cb_remote_fn fn, void *arg,
    struct cb_error *err)
{
	git_strarray names = { 0 };
	enum cb_status s;

	if ((s = cb_repo(st, err)) != CB_OK)
		return s;
	if (git_remote_list(&names, st->repo) < 0)
		return cb_git_error(err, "listing the remotes");
	for (size_t i = 0; i < names.count; i++) {
		git_remote *r;

		if (git_remote_lookup(&r, st->repo, names.strings[i]) < 0)
			continue;
		if (fn(names.strings[i], git_remote_url(r) ?
		    git_remote_url(r) : "", arg) != 0) {
			git_remote_free(r);
			break;
		}
		git_remote_free(r);
	}
	git_strarray_dispose(&names);
	return CB_OK;
}

char
cb_store_site(const struct cb_store *st)
{
	return st->site;
}

/* --- credentials and host keys --------------------------------------- */

struct net_ctx {
	struct cb_store *st;
	const char *name;	/* the remote */
	const char *url;
	int port;		/* of an ssh:// URL; 22 when none */
	int tries;		/* credentials offered so far */
	size_t key;		/* the next key file to offer */
	bool agent_tried;
	char refused[1200];	/* why a host key was refused */
	char *pushed_refusal;	/* the hub's word on our branch */
};

/* Runs with the person's own rights in a set-group-id casebook. */
static bool
lower(void)
{
	bool raised = cb_priv_raised();

	if (raised)
		cb_priv_lower();
	return raised;
}

static void
raise_back(bool raised)
{
	if (raised)
		cb_priv_raise();
}

/*
 * A file in the person's home: $HOME, as git has it, except in a
 * set-group-id casebook, where the environment is the person's to aim
 * anywhere and the password database's home is taken, as ssh does.
 */
static char *
home_file(const char *rel)
{
	struct passwd *pw = getpwuid(getuid());
	const char *env = getenv("HOME");
	const char *home = !cb_privileged() && env != NULL && env[0] == '/' ?
	    env : pw != NULL ? pw->pw_dir : NULL;

	return xasprintf("%s/%s", home != NULL ? home : "/", rel);
}

/* A file of the person's, read whole with their rights (NULL: none). */
static char *
read_own(const char *path, size_t *len)
{
	struct cb_error ignored;
	struct cb_buf b = { 0 };
	char chunk[4096];
	bool raised = lower();
	int fd = cb_open_regular(path, CB_OPEN_AS_USER, &ignored);
	ssize_t n;

	raise_back(raised);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && b.len < 1 << 22)
		cb_buf_add(&b, chunk, (size_t)n);
	close(fd);
	cb_buf_addc(&b, '\0');
	*len = b.len - 1;
	return cb_buf_detach(&b);
}

static int
credentials(git_credential **out, const char *url, const char *user_url,
    unsigned int allowed, void *payload)
{
	static const char *const keys[] = { ".ssh/id_ed25519",
	    ".ssh/id_ecdsa", ".ssh/id_rsa" };
	struct net_ctx *n = payload;
	struct passwd *pw = getpwuid(getuid());
	const char *user = user_url != NULL && *user_url != '\0' ? user_url :
	    pw != NULL ? pw->pw_name : "git";

	(void)url;
	if (n->tries++ > 8)
		return GIT_EUSER;
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		if (!n->agent_tried) {
			n->agent_tried = true;
			if (getenv("SSH_AUTH_SOCK") != NULL &&
			    git_credential_ssh_key_from_agent(out, user) == 0)
				return 0;
		}
		while (n->key < sizeof keys / sizeof keys[0]) {
			size_t plen, klen;
			char *path = home_file(keys[n->key++]), *pub, *priv,
			    *pubtext;
			int rc;

			pub = xasprintf("%s.pub", path);
			priv = read_own(path, &klen);
			pubtext = read_own(pub, &plen);
			free(pub);
			free(path);
			if (priv == NULL) {
				free(pubtext);
				continue;
			}
			/* From memory: the file was read with the person's
			 * rights, libssh2 opens nothing. */
			rc = git_credential_ssh_key_memory_new(out, user,
			    pubtext, priv, NULL);
			cb_secret_free(priv);
			free(pubtext);
			if (rc == 0)
				return 0;
		}
		snprintf(n->refused, sizeof n->refused, _("no ssh key of yours "
		    "was accepted (ssh-agent, ~/.ssh/id_ed25519, id_ecdsa, "
		    "id_rsa)"));
		return GIT_EUSER;
	}
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && n->tries == 1) {
		struct cb_error e;
		char *path, *token = NULL, *login = NULL;
		bool raised = lower();
		int rc = GIT_PASSTHROUGH;

		path = cb_secrets_path();
		if (cb_secret_get(path, "remote", n->name, "token", &token,
		    &e) == CB_OK) {
			(void)cb_secret_get(path, "remote", n->name, "user",
			    &login, &e);
			rc = git_credential_userpass_plaintext_new(out,
			    login != NULL ? login : "oauth2", token);
		} else
			snprintf(n->refused, sizeof n->refused, "%s", e.msg);
		raise_back(raised);
		cb_secret_free(token);
		cb_secret_free(login);
		free(path);
		return rc;
	}
	return GIT_PASSTHROUGH;
}

/*
 * ssh host keys against ~/.ssh/known_hosts, as ssh with
 * StrictHostKeyChecking=yes; https certificates only as libgit2's TLS
 * found them (valid), never accepted otherwise.
 */
static int
certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	struct net_ctx *n = payload;
	const git_cert_hostkey *hk;
	char fp[64], *path, *text;
	size_t len = 0;
	enum cb_hostkey v;

	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
		if (!valid)
			snprintf(n->refused, sizeof n->refused, _("the TLS "
			    "certificate of %s is not trusted"), host);
		return valid ? 0 : GIT_ECERTIFICATE;
	}
	hk = (const git_cert_hostkey *)cert;
	if (!(hk->type & GIT_CERT_SSH_RAW)) {
		snprintf(n->refused, sizeof n->refused, _("%s: the host key "
		    "cannot be read"), host);
		return GIT_ECERTIFICATE;
	}
	cb_hostkey_fingerprint((const unsigned char *)hk->hostkey,
	    hk->hostkey_len, fp);
	path = home_file(".ssh/known_hosts");
	text = read_own(path, &len);
	v = cb_known_hosts_check(text != NULL ? text : "", len, host, n->port,
	    (const unsigned char *)hk->hostkey, hk->hostkey_len);
	free(text);
	if (v == CB_HOSTKEY_KNOWN) {
		free(path);
		return 0;
	}
	if (v == CB_HOSTKEY_UNKNOWN)
		snprintf(n->refused, sizeof n->refused, _("%s is not a known "
		    "host: its key has the fingerprint %s; if that is the "
		    "server's, add its line to %s (ssh-keyscan, or log in "
		    "with ssh once)"), host, fp, path);
	else
		snprintf(n->refused, sizeof n->refused, _("the host key of %s "
		    "has CHANGED (it shows %s, %s lists another): someone may "
		    "be in between; nothing was sent"), host, fp, path);
	free(path);
	return GIT_ECERTIFICATE;
}

static int
push_ref(const char *ref, const char *status, void *payload)
{
	struct net_ctx *n = payload;

	(void)ref;
	if (status != NULL && n->pushed_refusal == NULL)
		n->pushed_refusal = xstrdup(status);
	return 0;
}

static void
net_init(struct net_ctx *n, struct cb_store *st, git_remote *remote,
    const char *name, git_remote_callbacks *cb)
{
	const char *url = git_remote_url(remote);

	memset(n, 0, sizeof *n);
	n->st = st;
	n->name = name;
	n->url = url != NULL ? url : "";
	n->port = 22;
	if (strncmp(n->url, "ssh://", 6) == 0) {
		const char *h = n->url + 6, *at = strchr(h, '@'),
		    *slash = strchr(h, '/'), *colon;

		if (at != NULL && (slash == NULL || at < slash))
			h = at + 1;
		colon = h[0] == '[' ? strstr(h, "]:") : strchr(h, ':');
		if (colon != NULL && (slash == NULL || colon < slash))
			n->port = atoi(colon + (h[0] == '[' ? 2 : 1));
	}
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->credentials = credentials;
	cb->certificate_check = certificate;
	cb->push_update_reference = push_ref;
	cb->payload = n;
}

/* libgit2's error, or the host key's refusal, in words. */
static enum cb_status
net_error(struct cb_error *err, const struct net_ctx *n, const char *what)
{
	if (n->refused[0] != '\0')
		return cb_fail(err, CB_ERR, _("%s %s: %s"), what, n->name,
		    n->refused);
	return cb_git_error(err, what);
}

static enum cb_status
fetch(struct cb_store *st, git_remote *remote, const char *name,
    struct cb_error *err)
{
	git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
	struct net_ctx n;
	char *spec = xasprintf("+refs/heads/main:refs/remotes/%s/main", name);
	char *specs[] = { spec };
	git_strarray refspecs = { specs, 1 };
	enum cb_status s = CB_OK;

	net_init(&n, st, remote, name, &opts.callbacks);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.prune = GIT_FETCH_NO_PRUNE;
	if (git_remote_fetch(remote, &refspecs, &opts, "casebook sync") < 0)
		s = net_error(err, &n, _("fetching from"));
	free(spec);
	return s;
}

/* --- the merge -------------------------------------------------------- */

/* Who last changed each incident on one side (from its trailers). */
struct last {
	char id[CB_ID_MAX];
	char who[128];
	char at[CB_TIME_MAX];
};

struct side {
	git_commit *tip;
	git_tree *tree;
	struct last *last;
	size_t nlast;
	struct cb_merge_side fallback;	/* the tip's author and time */
	char fb_who[128], fb_at[CB_TIME_MAX];
};

static void
side_free(struct side *s)
{
	git_tree_free(s->tree);
	free(s->last);
}

/* The newest commit naming each incident in (base, tip]. */
static enum cb_status
side_read(git_repository *repo, git_commit *tip, const git_oid *base,
    struct side *out, struct cb_error *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t cap = 0;
	const git_signature *a = git_commit_author(tip);

	memset(out, 0, sizeof *out);
	out->tip = tip;
	if (git_commit_tree(&out->tree, tip) < 0)
		return cb_git_error(err, "reading a side of the merge");
	snprintf(out->fb_who, sizeof out->fb_who, "%s", a->name);
	cb_time_format((time_t)a->when.time, out->fb_at);
	out->fallback.who = out->fb_who;
	out->fallback.at = out->fb_at;
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, git_commit_id(tip)) < 0 ||
	    (base != NULL && git_revwalk_hide(walk, base) < 0)) {
		git_revwalk_free(walk);
		return cb_git_error(err, "walking a side of the merge");
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		char inc[CB_ID_MAX + 8], act[32];
		git_commit *c;
		size_t i;

		if (git_commit_lookup(&c, repo, &oid) < 0)
			continue;
		cb_record_trailers(git_commit_message(c), inc, sizeof inc, act,
		    sizeof act);
		for (i = 0; i < out->nlast; i++)
			if (strcmp(out->last[i].id, inc) == 0)
				break;
		if (inc[0] != '\0' && strlen(inc) < CB_ID_MAX &&
		    i == out->nlast) {
			a = git_commit_author(c);
			if (out->nlast == cap) {
				cap = cap ? cap * 2 : 64;
				out->last = xrealloc(out->last, cap * sizeof *out->last);
			}
			snprintf(out->last[i].id, CB_ID_MAX, "%s", inc);
			snprintf(out->last[i].who, sizeof out->last[i].who,
			    "%s", a->name);
			cb_time_format((time_t)a->when.time, out->last[i].at);
			out->nlast++;
		}
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return CB_OK;
}

static struct cb_merge_side
side_of(const struct side *s, const char *id)
{
	struct cb_merge_side m = s->fallback;

	for (size_t i = 0; i < s->nlast; i++)
		if (strcmp(s->last[i].id, id) == 0) {
			m.who = s->last[i].who;
			m.at = s->last[i].at;
		}
	return m;
}

/* One path both sides changed, or an incident folder to merge. */
struct change {
	char *path;
	git_oid base, ours, theirs;	/* zero: absent */
};

struct merge_ctx {
	git_repository *repo;
	git_tree *ours_tree;
	git_tree_update *updates;
	size_t nupdates, cap;
	struct change *both;		/* changed on both sides */
	size_t nboth, capboth;
	size_t taken;			/* paths taken from theirs */
	char (*folders)[CB_ID_MAX];	/* incidents that changed there */
	size_t nfolders, capfolders;
};

static void
add_update(struct merge_ctx *m, const char *path, const git_oid *id)
{
	git_tree_update *u;

	if (m->nupdates == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->updates = xrealloc(m->updates, m->cap * sizeof *m->updates);
	}
	u = &m->updates[m->nupdates++];
	memset(u, 0, sizeof *u);
	u->path = xstrdup(path);
	if (id == NULL || git_oid_is_zero(id))
		u->action = GIT_TREE_UPDATE_REMOVE;
	else {
		u->action = GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&u->id, id);
		u->filemode = GIT_FILEMODE_BLOB;
	}
}

static void
add_folder(struct merge_ctx *m, const char *path)
{
	struct cb_path p;

	if (!cb_layout_parse(path, &p))
		return;
	for (size_t i = 0; i < m->nfolders; i++)
		if (strcmp(m->folders[i], p.id) == 0)
			return;
	if (m->nfolders == m->capfolders) {
		m->capfolders = m->capfolders ? m->capfolders * 2 : 32;
		m->folders = xrealloc(m->folders, m->capfolders * sizeof *m->folders);
	}
	snprintf(m->folders[m->nfolders++], CB_ID_MAX, "%s", p.id);
}

static void
entry_id(git_tree *tree, const char *path, git_oid *out)
{
	git_tree_entry *e;

	memset(out, 0, sizeof *out);
	if (tree != NULL && git_tree_entry_bypath(&e, tree, path) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
}

/* Each path theirs changed since the base: take it, or mark it. */
static enum cb_status
their_path(const char *path, const git_oid *old, const git_oid *new,
    void *arg, struct cb_error *err)
{
	struct merge_ctx *m = arg;
	git_oid ours;

	(void)err;
	entry_id(m->ours_tree, path, &ours);
	if (git_oid_equal(&ours, new))
		return CB_OK;			/* the same on both sides */
	add_folder(m, path);
	if (git_oid_equal(&ours, old)) {	/* only theirs changed it */
		add_update(m, path, new);
		m->taken++;
		return CB_OK;
	}
	if (m->nboth == m->capboth) {
		m->capboth = m->capboth ? m->capboth * 2 : 16;
		m->both = xrealloc(m->both, m->capboth * sizeof *m->both);
	}
	m->both[m->nboth].path = xstrdup(path);
	git_oid_cpy(&m->both[m->nboth].base, old);
	git_oid_cpy(&m->both[m->nboth].ours, &ours);
	git_oid_cpy(&m->both[m->nboth].theirs, new);
	m->nboth++;
	return CB_OK;
}

/* A blob as a JSON object (NULL: absent, or not one). */
static json_t *
blob_json(git_repository *repo, const git_oid *id, bool *bad)
{
	git_blob *b;
	json_t *j;

	if (git_oid_is_zero(id))
		return NULL;
	if (git_blob_lookup(&b, repo, id) < 0) {
		*bad = true;
		return NULL;
	}
	j = json_loadb(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
	    JSON_REJECT_DUPLICATES, NULL);
	git_blob_free(b);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	if (j == NULL)
		*bad = true;
	return j;
}

/* The canonical text of a record's JSON file, written as a blob. */
static enum cb_status
write_json(git_repository *repo, const json_t *j, git_oid *out,
    struct cb_error *err)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS), *full;
	int rc;

	if (text == NULL)
		fatal("sync: cannot encode a merged file");
	full = xasprintf("%s\n", text);
	free(text);
	rc = git_blob_create_from_buffer(out, repo, full, strlen(full));
	free(full);
	return rc < 0 ? cb_git_error(err, "writing a merged file") : CB_OK;
}

static struct change *
find_both(struct merge_ctx *m, const char *path)
{
	for (size_t i = 0; i < m->nboth; i++)
		if (m->both[i].path != NULL && strcmp(m->both[i].path, path) == 0)
			return &m->both[i];
	return NULL;
}

/*
 * A file both sides changed that is not merged field by field (evidence
 * and notes by name cannot differ; any other file): the later side's
 * version, by its commit time, and a trailer saying so.
 */
static void
whole_file(struct merge_ctx *m, struct change *c, const struct side *os,
    const struct side *ts, struct cb_buf *trailers)
{
	struct cb_path p;
	struct cb_merge_side o, t;
	bool theirs;

	if (cb_layout_parse(c->path, &p)) {
		o = side_of(os, p.id);
		t = side_of(ts, p.id);
	} else {
		o = os->fallback;
		t = ts->fallback;
	}
	theirs = strcmp(t.at, o.at) > 0 ||
	    (strcmp(t.at, o.at) == 0 && strcmp(t.who, o.who) > 0);
	if (theirs) {
		add_update(m, c->path, &c->theirs);
		m->taken++;
	}
	cb_buf_printf(trailers, "Casebook-Conflict: %s: kept the version of "
	    "%s %s\n", c->path, theirs ? t.who : o.who, theirs ? t.at : o.at);
}

/* Merges one incident's structured files both sides changed. */
static enum cb_status
merge_folder(struct merge_ctx *m, const char *id, const struct side *os,
    const struct side *ts, const char *now, struct cb_buf *trailers,
    size_t *nconflicts, struct cb_error *err)
{
	char *dir = cb_layout_dir(id);
	char *paths[3];
	struct change *ch[3];
	struct cb_merge merges[2] = { { 0 } };
	const struct cb_merge *done[2];
	size_t ndone = 0, news = 0;
	struct cb_merge_side o = side_of(os, id), t = side_of(ts, id);
	enum cb_status s = CB_OK;
	json_t *conf = NULL;
	git_oid blob;

	paths[0] = cb_layout_incident(id);
	paths[1] = cb_layout_checklist(id);
	paths[2] = xasprintf("%s/%s", dir, CB_MERGE_CONFLICTS);
	for (int i = 0; i < 3; i++)
		ch[i] = find_both(m, paths[i]);
	for (int i = 0; i < 2 && s == CB_OK; i++) {
		bool bad = false;
		json_t *b, *ou, *th;
		struct cb_error e;
		enum cb_status ms;

		if (ch[i] == NULL)
			continue;
		b = blob_json(m->repo, &ch[i]->base, &(bool){ false });
		ou = blob_json(m->repo, &ch[i]->ours, &bad);
		th = blob_json(m->repo, &ch[i]->theirs, &bad);
		if (bad || ou == NULL || th == NULL)
			ms = CB_ERR;
		else if (i == 0)
			ms = cb_merge_incident(b, ou, th, &o, &t, &merges[i], &e);
		else
			ms = cb_merge_checklist(b, ou, th, &o, &t, &merges[i],
			    &e);
		json_decref(b);
		json_decref(ou);
		json_decref(th);
		if (ms != CB_OK && bad && !git_oid_is_zero(&ch[i]->ours)) {
			/* Theirs cannot be read (or ours): ours stays, theirs
			 * is in the history, never written over ours. */
			cb_merge_free(&merges[i]);
			cb_buf_printf(trailers, "Casebook-Conflict: %s: kept "
			    "ours, theirs cannot be merged\n", paths[i]);
			free(ch[i]->path);
			ch[i]->path = NULL;
			continue;
		}
		if (ms != CB_OK) {
			/* A side deleted the file: the whole file by the
			 * later decision. */
			cb_merge_free(&merges[i]);
			whole_file(m, ch[i], os, ts, trailers);
			free(ch[i]->path);
			ch[i]->path = NULL;
			continue;
		}
		if ((s = write_json(m->repo, merges[i].result, &blob, err)) !=
		    CB_OK)
			break;
		add_update(m, paths[i], &blob);
		cb_merge_trailers(id, i == 0 ? CB_LAYOUT_INCIDENT :
		    CB_LAYOUT_CHECKLIST, &merges[i], trailers);
		*nconflicts += merges[i].nconflicts;
		m->taken += merges[i].taken;
		done[ndone++] = &merges[i];
		free(ch[i]->path);
		ch[i]->path = NULL;
	}
	/* The record of conflicts: both sides' entries, then the new ones. */
	for (size_t i = 0; i < ndone; i++)
		news += done[i]->nconflicts;
	if (s == CB_OK && (ch[2] != NULL || news > 0)) {
		if (ch[2] != NULL) {
			bool bad = false;
			json_t *b = blob_json(m->repo, &ch[2]->base,
			    &(bool){ false });
			json_t *ou = blob_json(m->repo, &ch[2]->ours, &bad);
			json_t *th = blob_json(m->repo, &ch[2]->theirs, &bad);
			struct cb_merge cm = { 0 };
			struct cb_error e;

			if (cb_merge_conflicts(b, ou, th, &cm, &e) == CB_OK)
				conf = json_incref(cm.result);
			cb_merge_free(&cm);
			json_decref(b);
			json_decref(ou);
			json_decref(th);
			free(ch[2]->path);
			ch[2]->path = NULL;
		} else {
			/* Our version, or theirs when only they changed it
			 * (its update is in the list already). */
			git_oid cur;
			bool bad = false;

			entry_id(m->ours_tree, paths[2], &cur);
			for (size_t i = 0; i < m->nupdates; i++)
				if (strcmp(m->updates[i].path, paths[2]) == 0)
					cur = m->updates[i].id;
			conf = blob_json(m->repo, &cur, &bad);
		}
		if (news > 0 || conf != NULL) {
			json_t *rec = cb_merge_record(conf, done, ndone, now);

			s = write_json(m->repo, rec, &blob, err);
			json_decref(rec);
			if (s == CB_OK)
				add_update(m, paths[2], &blob);
		}
	}
	json_decref(conf);
	for (size_t i = 0; i < 2; i++)
		cb_merge_free(&merges[i]);
	for (int i = 0; i < 3; i++)
		free(paths[i]);
	free(dir);
	return s;
}

/*
 * The merge commit of ours and theirs against base (NULL: unrelated
 * histories, an empty base), written to repo; *out its id.  *merged and
 * *nconflicts count what it did.
 */
static enum cb_status
merge_commit(struct cb_store *st, git_repository *repo, git_commit *ours,
    git_commit *theirs, const git_oid *base, const char *remote,
    git_oid *out, size_t *nincidents, size_t *nconflicts,
    struct cb_error *err)
{
	struct merge_ctx m = { 0 };
	struct side os, ts;
	struct cb_buf msg = { 0 }, trailers = { 0 };
	struct cb_identity who;
	git_commit *base_commit = NULL;
	git_tree *base_tree = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id;
	char now[CB_TIME_MAX];
	enum cb_status s;
	struct cb_store view = *st;

	*nconflicts = 0;
	cb_time_format(cb_now(), now);
	if ((s = cb_store_identity(st, &who, err)) != CB_OK)
		return s;
	if ((s = side_read(repo, ours, base, &os, err)) != CB_OK)
		return s;
	if ((s = side_read(repo, theirs, base, &ts, err)) != CB_OK) {
		side_free(&os);
		return s;
	}
	if (base != NULL && (git_commit_lookup(&base_commit, repo, base) < 0 ||
	    git_commit_tree(&base_tree, base_commit) < 0)) {
		s = cb_git_error(err, "reading the merge base");
		goto out;
	}
	m.repo = repo;
	m.ours_tree = os.tree;
	/* The tree walk reads through the repository given (ours). */
	view.repo = repo;
	if ((s = cb_record_tree_diff(&view, base_tree, ts.tree, their_path,
	    &m, err)) != CB_OK)
		goto out;
	for (size_t i = 0; s == CB_OK && i < m.nfolders; i++)
		s = merge_folder(&m, m.folders[i], &os, &ts, now, &trailers,
		    nconflicts, err);
	for (size_t i = 0; s == CB_OK && i < m.nboth; i++)
		if (m.both[i].path != NULL)
			whole_file(&m, &m.both[i], &os, &ts, &trailers);
	if (s != CB_OK)
		goto out;
	if (git_tree_create_updated(&tree_id, repo, os.tree, m.nupdates,
	    m.updates) < 0 || git_tree_lookup(&tree, repo, &tree_id) < 0) {
		s = cb_git_error(err, "writing the merged tree");
		goto out;
	}
	*nincidents = m.nfolders;
	cb_buf_printf(&msg, "casebook: merged %zu incident%s from %s",
	    m.nfolders, m.nfolders == 1 ? "" : "s", remote);
	if (*nconflicts > 0)
		cb_buf_printf(&msg, ", %zu conflict%s recorded", *nconflicts,
		    *nconflicts == 1 ? "" : "s");
	cb_buf_adds(&msg, "\n\nCasebook-Action: merge\n");
	cb_buf_printf(&msg, "Casebook-Login: %s\n", who.login);
	if (st->site != CB_SITE_NONE)
		cb_buf_printf(&msg, "Casebook-Site: %c\n", st->site);
	cb_buf_printf(&msg, "Casebook-Remote: %s\n", remote);
	if (trailers.len > 0)
		cb_buf_add(&msg, trailers.data, trailers.len);
	cb_buf_addc(&msg, '\0');
	{
		const git_commit *parents[2] = { ours, theirs };

		if (git_signature_new(&sig, who.name, who.email,
		    (git_time_t)cb_now(),
		    (int)(cb_utc_offset(cb_now()) / 60)) < 0 ||
		    git_commit_create(out, repo, NULL, sig, sig, NULL,
		    msg.data, tree, 2, parents) < 0)
			s = cb_git_error(err, "writing the merge commit");
	}
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base_tree);
	git_commit_free(base_commit);
	for (size_t i = 0; i < m.nupdates; i++)
		free((void *)(uintptr_t)m.updates[i].path);
	free(m.updates);
	for (size_t i = 0; i < m.nboth; i++)
		free(m.both[i].path);
	free(m.both);
	free(m.folders);
	cb_buf_free(&msg);
	cb_buf_free(&trailers);
	side_free(&os);
	side_free(&ts);
	return s;
}

/* --- sync ------------------------------------------------------------- */

/* Our branch from old to new, under the store lock, by compare-and-swap. */
static enum cb_status
advance(struct cb_store *st, const git_oid *old, const git_oid *new,
    bool *lost, struct cb_error *err)
{
	enum cb_status s;
	int fd, rc;

	*lost = false;
	if ((s = cb_record_lock(st, &fd, err)) != CB_OK)
		return s;
	rc = cb_record_move(st, fd, old, new, "casebook sync");
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		*lost = true;
	else if (rc < 0)
		s = cb_git_error(err, "moving the branch " CB_BRANCH);
	cb_record_unlock(fd);
	return s;
}

/* A repository of its own for the sync: its writes go to disk (loose
 * objects, the fetched pack), not to st's in-memory backend; a dry run
 * writes into memory only. */
static enum cb_status
sync_repo(struct cb_store *st, bool dry_run, git_repository **out,
    struct cb_error *err)
{
	git_odb_backend *mem;
	git_odb *odb;

	if (git_repository_open_bare(out, st->git_dir) < 0)
		return cb_git_error(err, st->git_dir);
	if (!dry_run)
		return CB_OK;
	if (git_repository_odb(&odb, *out) < 0 || git_mempack_new(&mem) < 0 ||
	    git_odb_add_backend(odb, mem, 1000) < 0) {
		git_odb_free(odb);
		git_repository_free(*out);
		*out = NULL;
		return cb_git_error(err, "preparing a dry run");
	}
	git_odb_free(odb);
	return CB_OK;
}

static void
count_commits(git_repository *repo, const git_oid *from, const git_oid *hide,
    size_t *n)
{
	git_revwalk *walk;
	git_oid oid;

	*n = 0;
	if (git_revwalk_new(&walk, repo) < 0)
		return;
	if (git_revwalk_push(walk, from) == 0 &&
	    (hide == NULL || git_revwalk_hide(walk, hide) == 0))
		while (git_revwalk_next(&oid, walk) == 0)
			(*n)++;
	git_revwalk_free(walk);
}

static void
write_state(struct cb_store *st, const char *remote, bool ok,
    const char *result)
{
	char at[CB_TIME_MAX], *tmp, *path;
	json_t *o = json_object();
	char *text;
	int fd;

	cb_time_format(cb_now(), at);
	json_object_set_new(o, "at", json_string(at));
	json_object_set_new(o, "remote", json_string(remote));
	json_object_set_new(o, "ok", json_boolean(ok));
	json_object_set_new(o, "result", json_string(result));
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	path = xasprintf("%s/" SYNC_STATE, st->dir);
	tmp = xasprintf("%s/" SYNC_STATE ".tmp", st->dir);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    st->shared ? 0660 : 0600);
	if (fd >= 0 && text != NULL) {
		bool done = write(fd, text, strlen(text)) ==
		    (ssize_t)strlen(text);

		close(fd);
		if (!done || rename(tmp, path) < 0)
			unlink(tmp);
	} else if (fd >= 0)
		close(fd);
	free(text);
	free(tmp);
	free(path);
}

static const char *
str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

bool
cb_store_sync_state(const struct cb_store *st, struct cb_sync_state *out)
{
	char *path = xasprintf("%s/" SYNC_STATE, st->dir);
	struct cb_error ignored;
	char buf[2048];
	json_t *o;
	ssize_t n;
	int fd = cb_open_regular(path, CB_OPEN_NOFOLLOW, &ignored);

	free(path);
	memset(out, 0, sizeof *out);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	o = json_loadb(buf, (size_t)n, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	snprintf(out->at, sizeof out->at, "%s", str(o, "at"));
	snprintf(out->remote, sizeof out->remote, "%s", str(o, "remote"));
	snprintf(out->result, sizeof out->result, "%s", str(o, "result"));
	out->ok = json_is_true(json_object_get(o, "ok"));
	json_decref(o);
	return out->at[0] != '\0';
}

/* The remote to sync with: the one named, else the only one. */
static enum cb_status
pick_remote(struct cb_store *st, const char *name, git_remote **out,
    struct cb_error *err)
{
	git_strarray names = { 0 };
	enum cb_status s = CB_OK;

	if (name != NULL) {
		if (git_remote_lookup(out, st->repo, name) < 0)
			return cb_fail(err, CB_ENOTFOUND, _("no remote named '%s'; "
			    "add one with 'casebook remote add NAME URL'"),
			    name);
		return CB_OK;
	}
	if (git_remote_list(&names, st->repo) < 0)
		return cb_git_error(err, "listing the remotes");
	if (names.count == 0)
		s = cb_fail(err, CB_ENOTFOUND, _("this store has no remote; add "
		    "one with 'casebook remote add NAME URL'"));
	else if (names.count > 1)
		s = cb_fail(err, CB_EUSAGE, _("this store has %zu remotes: name "
		    "the one to sync with"), names.count);
	else if (git_remote_lookup(out, st->repo, names.strings[0]) < 0)
		s = cb_git_error(err, names.strings[0]);
	git_strarray_dispose(&names);
	return s;
}

static enum cb_status
sync_rounds(struct cb_store *st, git_repository *repo, git_remote *remote,
    const char *name, bool dry_run, struct cb_sync_report *rep,
    struct cb_error *err)
{
	char *ref = tracking_ref(name);
	enum cb_status s = CB_OK;

	for (int round = 0; s == CB_OK; round++) {
		git_oid ours, theirs, base, merged;
		git_commit *oc = NULL, *tc = NULL;
		bool have_theirs, have_base, lost = false;
		git_push_options popts = GIT_PUSH_OPTIONS_INIT;
		struct net_ctx n;
		char spec[] = "refs/heads/main:refs/heads/main";
		char *specv[] = { spec };
		git_strarray specs = { specv, 1 };
		size_t incidents = 0, conflicts = 0, count;
		int rc;

		rep->rounds = round + 1;
		if (round >= SYNC_ROUNDS) {
			s = cb_fail(err, CB_ERR, _("%s kept moving: %d pushes "
			    "were refused (%s); run sync again"), name,
			    SYNC_ROUNDS, rep->refusal);
			break;
		}
		if ((s = fetch(st, remote, name, err)) != CB_OK)
			break;
		kill_point("fetch");
		if (git_reference_name_to_id(&ours, repo, CB_BRANCH) < 0) {
			s = cb_git_error(err, "reading the branch " CB_BRANCH);
			break;
		}
		have_theirs = git_reference_name_to_id(&theirs, repo, ref) == 0;
		merged = ours;
		if (have_theirs && !git_oid_equal(&ours, &theirs)) {
			have_base = git_merge_base(&base, repo, &ours,
			    &theirs) == 0;
			count_commits(repo, &theirs, have_base ? &base : NULL,
			    &count);
			rep->received += have_base && git_oid_equal(&base,
			    &theirs) ? 0 : count;
			if (have_base && git_oid_equal(&base, &theirs)) {
				/* Nothing new there: only ours to send. */
			} else if (have_base && git_oid_equal(&base, &ours)) {
				merged = theirs;	/* fast-forward */
				rep->fast_forward = true;
			} else {
				if (git_commit_lookup(&oc, repo, &ours) < 0 ||
				    git_commit_lookup(&tc, repo, &theirs) < 0) {
					s = cb_git_error(err, "reading the "
					    "commits to merge");
				} else
					s = merge_commit(st, repo, oc, tc,
					    have_base ? &base : NULL, name,
					    &merged, &incidents, &conflicts,
					    err);
				git_commit_free(oc);
				git_commit_free(tc);
				if (s != CB_OK)
					break;
				rep->merged_incidents += incidents;
				rep->conflicts += conflicts;
				rep->merges++;
				kill_point("merge");
			}
		}
		if (dry_run) {
			if (!have_theirs)
				count_commits(repo, &ours, NULL, &rep->sent);
			else
				count_commits(repo, &ours, &theirs, &rep->sent);
			break;
		}
		if (!git_oid_equal(&merged, &ours)) {
			if ((s = advance(st, &ours, &merged, &lost, err)) !=
			    CB_OK)
				break;
			if (lost)
				continue;	/* a local save meanwhile */
			kill_point("index");
			if ((s = cb_index_sync(st, false, err)) != CB_OK)
				break;
		}
		kill_point("push");
		if (have_theirs && git_oid_equal(&merged, &theirs))
			break;			/* the hub has it all */
		count_commits(repo, &merged, have_theirs ? &theirs : NULL,
		    &count);
		net_init(&n, st, remote, name, &popts.callbacks);
		rc = git_remote_push(remote, &specs, &popts);
		/*
		 * The hub moved since our fetch: libgit2 says so itself over
		 * a local path (GIT_ENONFASTFORWARD), the hub's receive-pack
		 * through the reference's status ("fetch first", a hook's
		 * refusal).  Fetch, merge and push again.
		 */
		if (rc == GIT_ENONFASTFORWARD ||
		    (rc == 0 && n.pushed_refusal != NULL)) {
			snprintf(rep->refusal, sizeof rep->refusal, "%s",
			    n.pushed_refusal != NULL ? n.pushed_refusal :
			    "non-fast-forward");
			free(n.pushed_refusal);
			continue;
		}
		free(n.pushed_refusal);
		if (rc < 0) {
			s = net_error(err, &n, _("pushing to"));
			break;
		}
		rep->sent += count;
		rep->pushed = true;
		break;
	}
	free(ref);
	return s;
}

enum cb_status
cb_store_sync(struct cb_store *st, const char *name, bool dry_run,
    struct cb_sync_report *rep, struct cb_error *err)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	enum cb_status s;
	char *lock;
	int fd;

	memset(rep, 0, sizeof *rep);
	if ((s = cb_store_may_write(st, err)) != CB_OK ||
	    (s = cb_repo(st, err)) != CB_OK)
		return s;
	lock = xasprintf("%s/" SYNC_LOCK, st->dir);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    st->shared ? 0660 : 0600);
	if (fd < 0) {
		s = cb_os_error(err, errno, lock);
		free(lock);
		return s;
	}
	free(lock);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return cb_fail(err, CB_ERR, _("another sync of this store is "
		    "running; this one did nothing"));
	}
	if ((s = pick_remote(st, name, &remote, err)) == CB_OK) {
		snprintf(rep->remote, sizeof rep->remote, "%s",
		    git_remote_name(remote));
		s = sync_repo(st, dry_run, &repo, err);
	}
	if (s == CB_OK)
		s = sync_rounds(st, repo, remote, rep->remote, dry_run, rep,
		    err);
	if (!dry_run && rep->remote[0] != '\0') {
		char result[1100];

		if (s == CB_OK)
			snprintf(result, sizeof result, _("%zu received, %zu "
			    "sent, %zu conflicts"), rep->received, rep->sent,
			    rep->conflicts);
		else
			snprintf(result, sizeof result, "%s", err->msg);
		write_state(st, rep->remote, s == CB_OK, result);
	}
	git_remote_free(remote);
	git_repository_free(repo);
	close(fd);
	return s;
}

/* --- the record of conflicts ------------------------------------------ */

static void
conflict_value(const json_t *v, const char **value, const char **by,
    const char **at, char **owned)
{
	const json_t *val = json_object_get(v, "value");

	*owned = val != NULL ? json_dumps(val, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY) : NULL;
	*value = *owned != NULL ? *owned : "";
	*by = str(v, "by");
	*at = str(v, "at");
}

enum cb_status
cb_store_conflicts(struct cb_store *st, const char *id, cb_conflict_fn fn,
    void *arg, struct cb_error *err)
{
	char *dir, *path;
	git_tree *tree;
	git_blob *blob;
	json_t *rec, *list;
	enum cb_status s;
	size_t i;
	json_t *e;

	if (!cb_id_parse(id, NULL, NULL))
		return cb_fail(err, CB_EUSAGE, _("'%s' is not an incident id "
		    "(YYYY-NNNN, e.g. 2026-0042)"), id);
	if ((s = cb_record_tip_tree(st, &tree, err)) != CB_OK)
		return s;
	dir = cb_layout_dir(id);
	path = xasprintf("%s/%s", dir, CB_MERGE_CONFLICTS);
	free(dir);
	s = cb_record_read(st, tree, path, &blob, err);
	git_tree_free(tree);
	free(path);
	if (s == CB_ENOTFOUND)
		return CB_OK;
	if (s != CB_OK)
		return s;
	rec = json_loadb(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), 0, NULL);
	git_blob_free(blob);
	list = json_object_get(rec, "conflicts");
	json_array_foreach(list, i, e) {
		struct cb_conflict k;
		char *ko, *oo;
		int stop;

		if (!json_is_object(e))
			continue;
		k.file = str(e, "file");
		k.item = str(e, "item");
		k.merged_at = str(e, "merged_at");
		conflict_value(json_object_get(e, "kept"), &k.kept, &k.kept_by,
		    &k.kept_at, &ko);
		conflict_value(json_object_get(e, "other"), &k.other,
		    &k.other_by, &k.other_at, &oo);
		stop = fn(&k, arg);
		free(ko);
		free(oo);
		if (stop)
			break;
	}
	json_decref(rec);
	return CB_OK;
}
