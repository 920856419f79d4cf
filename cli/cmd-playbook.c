/*
 * casebook playbook check FILE...: validates playbook files as the loader
 * does, one "FILE: ok" or the file's problems (FILE:LINE:COL: ...) each.
 * casebook playbook list: what is loaded (the shipped directory, or
 * $CASEBOOK_PLAYBOOKS, with STORE/playbooks overriding file by file)
 * and from where, with the content hash incidents record.
 * casebook playbook install FILE...: checks the files and installs them
 * as the store's overrides (tech members only), the one way to change
 * the store's playbooks, and with them its roles and gates.
 *
 * A set-group-id casebook ignores $CASEBOOK_PLAYBOOKS for everything
 * but check, which may validate against the playbooks there.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/alertgroup.h"
#include "core/playbook.h"
#include "core/nls.h"
#include "core/priv.h"

/* Japanese when the locale in force (POSIX precedence) says so. */
static bool
want_japanese(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *s;

	for (size_t i = 0; i < 3; i++)
		if ((s = getenv(vars[i])) != NULL && *s != '\0')
			return strncmp(s, "ja", 2) == 0;
	return false;
}

/* Problems as they come, kept so that each file's can be told apart. */
struct problems {
	char **v;
	size_t n;
};

static void
collect(const char *msg, void *arg)
{
	struct problems *p = arg;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = xstrdup(msg);
}

static bool
about(const char *msg, const char *path)
{
	size_t n = strlen(path);

	return strncmp(msg, path, n) == 0 && msg[n] == ':';
}

static void
put_problem(FILE *f, const char *msg)
{
	cli_put_line(f, msg);
	fputc('\n', f);
}

/* Whether path names the alert grouping rules rather than a playbook. */
static bool
is_alert_rules(const char *path)
{
	const char *b = strrchr(path, '/');

	return strcmp(b != NULL ? b + 1 : path, "alerts.yaml") == 0;
}

/* alerts.yaml (core/alertgroup.h): "FILE: ok" or its problem; 1 if bad. */
static int
check_alert_rules(const char *path)
{
	struct cb_alert_rules r;
	struct cb_error err;
	size_t len;
	char *data;
	int rc = 0;

	if ((data = cli_read_file(path, &len, &err)) == NULL)
		return cli_error(&err);
	if (cb_alert_rules_parse(path, data, len, &r, &err) != CB_OK) {
		put_problem(stdout, err.msg);
		rc = 1;
	} else {
		cli_put_line(stdout, path);
		fputs(_(": ok\n"), stdout);
	}
	cb_alert_rules_free(&r);
	free(data);
	return rc;
}

static int
check(int argc, char **argv)
{
	struct problems p = { NULL, 0 };
	struct cb_error err;
	enum cb_status st;
	bool *shown;
	int rc = 0, n = 1;

	/* alerts.yaml beside the playbooks is checked as what it is. */
	for (int i = 1; i < argc; i++) {
		if (is_alert_rules(argv[i]))
			rc |= check_alert_rules(argv[i]);
		else
			argv[n++] = argv[i];
	}
	argc = n;
	if (argc == 1)
		return rc;
	st = cb_playbook_check_files((const char *const *)argv + 1,
	    (size_t)argc - 1, cb_priv_playbooks_env() != NULL ?
	    cb_priv_playbooks_env() : cb_playbooks_dir(), collect, &p, &err);
	if (st != CB_OK && p.n == 0)
		return cli_error(&err);
	/* Problems not about any one file (none expected) come first. */
	shown = xcalloc(p.n + 1, sizeof *shown);
	for (size_t j = 0; j < p.n; j++) {
		bool mine = false;

		for (int i = 1; i < argc && !mine; i++)
			mine = about(p.v[j], argv[i]);
		if (!mine) {
			put_problem(stdout, p.v[j]);
			shown[j] = true;
		}
	}
	for (int i = 1; i < argc; i++) {
		bool bad = false;

		for (size_t j = 0; j < p.n; j++) {
			if (shown[j] || !about(p.v[j], argv[i]))
				continue;
			put_problem(stdout, p.v[j]);
			shown[j] = true;
			bad = true;
		}
		if (!bad) {
			cli_put_line(stdout, argv[i]);
			fputs(_(": ok\n"), stdout);
		}
	}
	if (st != CB_OK)
		rc = 1;
	for (size_t j = 0; j < p.n; j++)
		free(p.v[j]);
	free(p.v);
	free(shown);
	return rc;
}

static void
problem_stderr(const char *msg, void *arg)
{
	(void)arg;
	put_problem(stderr, msg);
}

static int
install(struct cb_cli *cli, int argc, char **argv)
{
	size_t n = (size_t)argc - 1, *len = xcalloc(n, sizeof *len);
	char **data = xcalloc(n, sizeof *data);
	const char **names = xcalloc(n, sizeof *names);
	struct cb_store *st = NULL;
	struct cb_error err;
	int rc = 0;

	/* Read with the person's rights, before the store is opened. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *slash = strrchr(argv[i + 1], '/');

		names[i] = slash != NULL ? slash + 1 : argv[i + 1];
		if ((data[i] = cli_read_file(argv[i + 1], &len[i], &err)) ==
		    NULL)
			rc = cli_error(&err);
	}
	if (rc == 0 && (st = cli_open(cli)) == NULL)
		rc = 1;
	if (rc == 0 && cb_store_install_playbooks(st, names,
	    (const char *const *)data, len, n, problem_stderr, NULL, &err) !=
	    CB_OK)
		rc = cli_error(&err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		printf(_("installed "));
		cli_put_line(stdout, names[i]);
		printf("\n");
	}
	cb_store_close(st);
	for (size_t i = 0; i < n; i++)
		free(data[i]);
	free(data);
	free(names);
	free(len);
	return rc;
}

static int
list(struct cb_cli *cli)
{
	struct cb_playbooks pbs;
	struct cb_error err;
	char *override = NULL;
	bool ja = want_japanese();

	if (cli->store_dir != NULL) {
		override = xasprintf("%s/playbooks", cli->store_dir);
		cli_take_store_group(cli);
	}
	if (cb_playbooks_load(cb_playbooks_dir(), override, &pbs, problem_stderr,
	    NULL, &err) != CB_OK) {
		free(override);
		return cli_error(&err);
	}
	printf(_("%-13s %3zu items            "), "graph", pbs.graph.nitems);
	cli_put_line(stdout, pbs.graph.path);
	fputc('\n', stdout);
	for (size_t i = 0; i < pbs.nplaybooks; i++) {
		const struct cb_playbook *pb = &pbs.playbooks[i];

		printf(_("%-13s %3zu items %3zu rules  "), pb->class_id,
		    pb->nitems, pb->nrules);
		cli_put_line(stdout, pb->path);
		fputs("\n              ", stdout);
		cli_put_line(stdout, ja ? pb->title.ja : pb->title.en);
		fputc('\n', stdout);
	}
	printf(_("hash          %s\n"), pbs.hash);
	cb_playbooks_free(&pbs);
	free(override);
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	if (cli_help(&cmd_playbook, argc, argv))
		return 0;
	if (argc < 2)
		return cli_usage(&cmd_playbook, _("check, install or list "
		    "expected"));
	if (strcmp(argv[1], "check") == 0) {
		if (argc < 3)
			return cli_usage(&cmd_playbook, _("check needs at least "
			    "one FILE"));
		return check(argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "install") == 0) {
		if (argc < 3)
			return cli_usage(&cmd_playbook, _("install needs at least "
			    "one FILE"));
		return install(cli, argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cli_usage(&cmd_playbook, _("list takes no "
			    "arguments"));
		return list(cli);
	}
	return cli_usage(&cmd_playbook, _("unknown subcommand '%s'"), argv[1]);
}

const struct cb_cmd cmd_playbook = {
	"playbook", "check FILE... | install FILE... | list",
	N_("validate, install or list the playbooks"), run,
};
