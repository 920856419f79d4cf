/*
 * casebook role USER|@GROUP ROLE: maps a user or a group to a role in the
 * store config (tech members only).
 * casebook whoami: the acting user, their role and where it comes from.
 */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

/* In Japanese the role's word and its name ("事務 (staff)"). */
static const char *
role_word(struct cb_store *st, enum cb_role role)
{
	static char buf[128];

	if (cb_store_language(st)[0] != 'j' || role == CB_ROLE_NONE)
		return cb_role_names[role];
	snprintf(buf, sizeof buf, "%s (%s)", cb_role_word(role),
	    cb_role_names[role]);
	return buf;
}

static int
run_role(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_store *st;
	struct cb_error err;
	enum cb_role role = CB_ROLE_NONE;
	int rc = 0;

	if (cli_help(&cmd_role, argc, argv))
		return 0;
	if (argc != 3)
		return cli_usage(&cmd_role, _("expected USER|@GROUP ROLE"));
	for (int r = CB_ROLE_TECH; r < CB_ROLE_COUNT; r++)
		if (strcmp(argv[2], cb_role_names[r]) == 0)
			role = (enum cb_role)r;
	if (role == CB_ROLE_NONE)
		return cli_usage(&cmd_role, _("'%s' is not a role: tech (CERT "
		    "technical member), staff (office staff), head (department "
		    "head) or viewer (read only)"), argv[2]);
	if (argv[1][0] == '@' ? getgrnam(argv[1] + 1) == NULL :
	    getpwnam(argv[1]) == NULL)
		return cli_usage(&cmd_role, argv[1][0] == '@' ?
		    _("there is no group '%s' on this system") :
		    _("there is no user '%s' on this system"),
		    argv[1][0] == '@' ? argv[1] + 1 : argv[1]);
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_set_role(st, argv[1], role, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		cli_put_line(stdout, argv[1]);
		printf(_(" is now %s\n"), role_word(st, role));
	}
	cb_store_close(st);
	return rc;
}

static int
run_whoami(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_identity me;
	struct cb_store *st;
	struct cb_error err;
	enum cb_role role;
	char source[512];
	int rc = 0;

	if (cli_help(&cmd_whoami, argc, argv))
		return 0;
	if (argc != 1)
		return cli_usage(&cmd_whoami, _("expected no arguments"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_identity(st, &me, &err) != CB_OK ||
	    cb_store_role(st, NULL, &role, source, sizeof source, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		cli_put_line(stdout, me.login);
		printf(" (");
		cli_put_line(stdout, me.name);
		printf(" <");
		cli_put_line(stdout, me.email);
		printf(_(">)\nrole: %s\nfrom: "), role_word(st, role));
		cli_put_line(stdout, source);
		printf("\n");
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_role = {
	"role", "USER|@GROUP ROLE",
	N_("tech, staff, head or viewer"), run_role,
};

const struct cb_cmd cmd_whoami = {
	"whoami", "", N_("your login and role in this store"), run_whoami,
};
