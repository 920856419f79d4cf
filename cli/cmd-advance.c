/*
 * casebook advance ID [--back [-m REASON]]: moves the incident to the
 * next phase when the current one is complete, else lists what is
 * missing and exits 1; --back returns to the previous phase, recorded
 * with the reason.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

/* The gate's missing items, with their labels and states. */
static int
refuse(const struct cb_case *c, const char *lang)
{
	const struct cb_checkitem *miss[64];
	size_t n = cb_checklist_missing(&c->cl, c->inc.phase, miss, 64);

	fprintf(stderr, _("casebook: %s: the %s phase is not complete; "
	    "missing:\n"), c->inc.id, cb_phase_word(c->inc.phase));
	for (size_t i = 0; i < n && i < 64; i++) {
		const struct cb_checkitem *ci = miss[i];

		fprintf(stderr, "  %-20s ", ci->item->id);
		cli_put_cell(stderr, cb_state_word(ci->state), 8);
		fputc(' ', stderr);
		cli_put_line(stderr, cb_text_in(&ci->item->label, lang));
		if (ci->state == CB_ITEM_BLOCKED) {
			fprintf(stderr, _(" (waits for"));
			for (size_t k = 0; k < ci->nblocked_by; k++)
				fprintf(stderr, "%s %s", k ? "," : "",
				    ci->blocked_by[k]->id);
			fprintf(stderr, ")");
		}
		fprintf(stderr, "\n");
	}
	fprintf(stderr, _("Answer them ('casebook answer') or waive them "
	    "('casebook waive ... --reason').\n"));
	return 1;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "back", no_argument, NULL, 'b' },
		{ "message", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	struct cb_case c;
	const char *reason = NULL, *id;
	enum cb_phase to;
	bool back = false;
	int ch, rc;

	if (cli_help(&cmd_advance, argc, argv))
		return 0;
	while ((ch = getopt_long(argc, argv, "m:", opts, NULL)) != -1) {
		if (ch == 'b')
			back = true;
		else if (ch == 'm')
			reason = optarg;
		else
			return cli_usage(&cmd_advance, _("unknown option"));
	}
	if (argc - optind != 1)
		return cli_usage(&cmd_advance, _("expected ID"));
	id = argv[optind];
	if ((rc = cli_check_id(&cmd_advance, id)) != 0)
		return rc;
	if (reason != NULL && !back)
		return cli_usage(&cmd_advance, _("-m gives the reason for going "
		    "--back"));
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_may_set(st, "phase", &err) != CB_OK ||
	    cb_store_case(st, id, NULL, &c, &err) != CB_OK) {
		rc = cli_error(&err);
		cb_store_close(st);
		return rc;
	}
	if (!back && c.inc.phase != CB_PHASE_CLOSED &&
	    cb_checklist_missing(&c.cl, c.inc.phase, NULL, 0) > 0)
		rc = refuse(&c, cb_store_language(st));
	else if (cb_store_advance(st, id, back, reason, &to, &err) != CB_OK)
		rc = cli_error(&err);
	else
		printf("%s: %s -> %s\n", id, cb_phase_word(c.inc.phase),
		    cb_phase_word(to));
	cb_case_free(&c);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_advance = {
	"advance", "ID [--back [-m REASON]]",
	N_("move on once the phase is complete"), run,
};
