/*
 * casebook: a terminal case manager for incident response teams.
 *
 * main() resolves the store, then runs a subcommand from the table
 * below; the table is the one list of commands, used for dispatch and
 * for --help.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/priv.h"
#include "tui/tui.h"

static const struct cb_cmd *const commands[] = {
	&cmd_init, &cmd_new, &cmd_list, &cmd_show, &cmd_set, &cmd_note,
	&cmd_attach, &cmd_log, &cmd_search, &cmd_reindex, &cmd_check,
	&cmd_playbook, &cmd_checklist, &cmd_answer, &cmd_waive, &cmd_withdraw,
	&cmd_advance, &cmd_accept, &cmd_dismiss, &cmd_role, &cmd_user,
	&cmd_config, &cmd_whoami, &cmd_gc, &cmd_events, &cmd_evidence,
	&cmd_ingest, &cmd_hosts, &cmd_alerts, &cmd_alert,
	NULL,
};

static void
usage(FILE *f)
{
	fprintf(f, _("usage: casebook [--store DIR] [--demo] COMMAND [ARGS]\n"
	    "       casebook [--store DIR] [--demo] [--guided] [--theme NAME]\n"
	    "       casebook --help | --version\n\n"
	    "A case manager for incident response: incidents, their evidence\n"
	    "notebooks and their history, kept in Git.\n\n"
	    "Commands:\n"));
	/* "name synopsis", then the summary in a column or on a line below. */
	for (size_t i = 0; commands[i] != NULL; i++) {
		int w = fprintf(f, "  %s %s", commands[i]->name,
		    commands[i]->synopsis);

		if (w <= 38)
			fprintf(f, "%*s%s\n", 40 - w, "", _(commands[i]->summary));
		else
			fprintf(f, "\n%40s%s\n", "", _(commands[i]->summary));
	}
	fprintf(f, _("\nOptions:\n"
	    "  --store DIR   the case store (default $CASEBOOK_STORE, else\n"
	    "                $XDG_DATA_HOME/casebook or ~/.local/share/casebook)\n"
	    "  --demo        open a demo store seeded with three real cases\n"
	    "  --guided      the terminal UI in guided mode (one step at a time)\n"
	    "  --theme NAME  the terminal UI's colours: default, light,\n"
	    "                high-contrast, mono, or a theme file's path\n"
	    "  --keys        the terminal UI's keys, screen by screen\n"
	    "  --help        this help; 'casebook COMMAND --help' for a command\n"
	    "  --version     the version\n\n"
	    "Exit codes: 0 ok, 1 error, 2 usage, 3 conflict, 4 not permitted.\n"
	    "See casebook(1).\n"));
}

/*
 * The installed translations, else (run from the build tree, not yet
 * installed) the build tree's po/.
 */
static void
bind_messages(void)
{
	const char *dir = CB_LOCALEDIR;

#ifdef CB_BUILD_LOCALEDIR
	if (access(CB_LOCALEDIR "/ja/LC_MESSAGES/" PACKAGE ".mo", R_OK) != 0 &&
	    access(CB_BUILD_LOCALEDIR "/ja/LC_MESSAGES/" PACKAGE ".mo",
	    R_OK) == 0)
		dir = CB_BUILD_LOCALEDIR;
#endif
	bindtextdomain(PACKAGE, dir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/* --store, else $CASEBOOK_STORE, else $XDG_DATA_HOME/casebook. */
static char *
default_store(const char *leaf)
{
	const char *env = getenv("CASEBOOK_STORE"), *xdg, *home;

	if (leaf == NULL && env != NULL && *env != '\0')
		return xstrdup(env);
	if (leaf == NULL)
		leaf = "casebook";
	xdg = getenv("XDG_DATA_HOME");
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/%s", xdg, leaf);
	home = getenv("HOME");
	return xasprintf("%s/.local/share/%s", home ? home : ".", leaf);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "demo", no_argument, NULL, 'd' },
		{ "guided", no_argument, NULL, 'g' },
		{ "theme", required_argument, NULL, 't' },
		{ "keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_cli cli = { NULL, "casebook" };
	char *store = NULL;
	bool demo = false;
	struct tui_opts tui = { NULL, NULL, false, NULL };
	int c, rc;

	/*
	 * First of all: a set-group-id casebook puts the store group aside
	 * and cleans its environment (core/priv.h); it takes the group back
	 * only to open a protected store (cli_open).
	 */
	cb_priv_init();
	setlocale(LC_ALL, "");
	bind_messages();
	/* "+": options after the command belong to the command. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			free(store);
			store = xstrdup(optarg);
			break;
		case 'd':
			demo = true;
			tui.demo = true;
			break;
		case 'g':
			tui.guided = true;
			break;
		case 't':
			tui.theme = optarg;
			break;
		case 'k':
			tui_print_keys(stdout);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf(_("casebook %s\n"), PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (store == NULL)
		store = default_store(demo ? "casebook-demo" : NULL);
	cli.store_dir = store;

	if (demo) {
		rc = cli_demo(&cli);
		if (rc != 0) {
			free(store);
			return rc;
		}
	}
	/* No command on a terminal: the terminal UI. */
	if (argc == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		tui.store_dir = store;
		cli_take_store_group(&cli);
		rc = tui_run(&tui);
		free(store);
		return rc;
	}
	if (argc == 0) {
		/* Not a terminal (a pipe, a script): the queue as text. */
		static char list[] = "list";
		char *list_argv[] = { list, NULL };

		optind = 0;
		rc = cmd_list.run(&cli, 1, list_argv);
		free(store);
		return rc;
	}
	for (size_t i = 0; commands[i] != NULL; i++) {
		if (strcmp(argv[0], commands[i]->name) == 0) {
			optind = 0;	/* each command parses its own options (0: glibc reinitialises) */
			rc = commands[i]->run(&cli, argc, argv);
			free(store);
			return rc;
		}
	}
	fprintf(stderr, _("casebook: unknown command '"));
	cli_put_line(stderr, argv[0]);
	fprintf(stderr, _("'; see 'casebook --help'\n"));
	free(store);
	return 2;
}
