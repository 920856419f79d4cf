/*
 * casebook set ID FIELD VALUE [--expect OLD]: changes one field (and
 * answers the checklist item that mirrors it, in the same commit).
 * casebook set ID phase PHASE --force --reason R: moves the phase
 * without its gates, recorded as a forced move with the reason.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ "force", no_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_incident probe;
	struct cb_store *st;
	struct cb_error err;
	const char *expect = NULL, *reason = NULL, *id, *field, *value;
	bool changed, force = false;
	int c, rc;

	if (cli_help(&cmd_set, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 'e')
			expect = optarg;
		else if (c == 'r')
			reason = optarg;
		else
			return cli_usage(&cmd_set, _("unknown option"));
	}
	if (argc - optind != 3)
		return cli_usage(&cmd_set, _("expected ID FIELD VALUE"));
	id = argv[optind];
	field = argv[optind + 1];
	value = argv[optind + 2];
	if ((rc = cli_check_id(&cmd_set, id)) != 0)
		return rc;

	/* Bad fields and values are usage errors, found before the store. */
	cb_incident_init(&probe);
	if (cb_incident_set(&probe, field, value, &err) != CB_OK) {
		cb_incident_free(&probe);
		return cli_error(&err);
	}
	cb_incident_free(&probe);
	/* The phase moves through its gates; --force skips them, recorded. */
	if (strcmp(field, "phase") == 0 && !force)
		return cli_usage(&cmd_set, _("the phase moves with 'casebook "
		    "advance %s', which checks that the phase is complete (or "
		    "'advance --back'); 'set %s phase PHASE --force' skips the "
		    "check"), id, id);
	if ((force || reason != NULL) && strcmp(field, "phase") != 0)
		return cli_usage(&cmd_set, _("--force and --reason are for the "
		    "phase only"));
	if (force && (reason == NULL || reason[0] == '\0'))
		return cli_usage(&cmd_set, _("a forced phase move needs --reason: "
		    "why the gates are skipped"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (force) {
		enum cb_phase to = CB_PHASE_INTAKE;

		for (int p = 0; p < CB_PHASE_COUNT; p++)
			if (strcmp(value, cb_phase_names[p]) == 0)
				to = (enum cb_phase)p;
		if (cb_store_force_phase(st, id, to, reason, &changed, &err) !=
		    CB_OK)
			rc = cli_error(&err);
		else if (!changed)
			printf(_("%s: phase is already '%s'; nothing changed\n"),
			    id, cb_phase_word(to));
	} else if (cb_store_set(st, id, field, value, expect, &changed,
	    &err) != CB_OK)
		rc = cli_error(&err);
	else if (!changed) {
		printf(_("%s: %s is already '"), id, field);
		cli_put_line(stdout, value);
		printf(_("'; nothing changed\n"));
	}
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_set = {
	"set", "ID FIELD VALUE [--expect OLD] [--force --reason R]",
	N_("change one field of an incident"), run,
};
