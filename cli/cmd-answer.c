/*
 * casebook answer ID ITEM VALUE [-m NOTE] [--for HEAD] [--expect OLD]
 * casebook waive ID ITEM --reason R [--expect OLD]
 * casebook withdraw ID ITEM --reason R [--expect OLD]
 *
 * Records one answer or waiver (one commit), then says what it changed:
 * the items it made ready and what the rules now suggest.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"

/* What became ready, and the suggestions, after the change. */
static void
report(struct cb_store *st, const struct cb_case *before, const char *id)
{
	const struct cb_playbooks *pbs;
	struct cb_error err;
	struct cb_case after;
	const char *lang = cb_store_language(st);
	bool any = false;

	if (cb_store_playbooks(st, &pbs, &err) != CB_OK ||
	    cb_store_case(st, id, NULL, &after, &err) != CB_OK)
		return;
	for (size_t i = 0; i < after.cl.nitems; i++) {
		const struct cb_checkitem *ci = &after.cl.items[i];

		if (ci->state != CB_ITEM_READY ||
		    before->cl.items[i].state == CB_ITEM_READY)
			continue;
		if (!any)
			printf(_("Now ready:\n"));
		any = true;
		printf("  %-20s ", ci->item->id);
		cli_put_line(stdout, cb_text_in(&ci->item->label, lang));
		printf("\n");
	}
	cli_print_suggestions(pbs, &after, before, lang);
	cb_case_free(&after);
}

static int
record(struct cb_cli *cli, const struct cb_cmd *cmd, const char *id,
    const struct cb_answer_req *req)
{
	struct cb_store *st;
	struct cb_error err;
	struct cb_case before;
	const struct cb_checkitem *ci;
	const char *item;
	char word[1024];
	bool changed;
	int rc = 0;

	if ((rc = cli_check_id(cmd, id)) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_case(st, id, NULL, &before, &err) != CB_OK) {
		rc = cli_error(&err);
		cb_store_close(st);
		return rc;
	}
	/* In Japanese the item by its label and the value by its words. */
	ci = cb_checklist_find(&before.cl, req->item);
	item = ci != NULL && cb_store_language(st)[0] == 'j' ?
	    cb_text_in(&ci->item->label, "ja") : req->item;
	if (cb_store_answer(st, id, req, &changed, &err) != CB_OK) {
		rc = cli_error(&err);
	} else if (!changed) {
		printf(_("%s: %s already reads so; nothing changed\n"), id,
		    item);
	} else {
		printf("%s: ", id);
		cli_put_line(stdout, item);
		printf(" ");
		if (req->value != NULL) {
			printf("= ");
			cli_put_line(stdout, cli_answer_word(st, req->item,
			    req->value, false, word, sizeof word));
		} else if (req->withdraw) {
			printf(_("withdrawn: "));
			cli_put_line(stdout, req->reason);
		} else {
			printf(_("waived: "));
			cli_put_line(stdout, req->reason);
		}
		printf("\n");
		report(st, &before, id);
	}
	cb_case_free(&before);
	cb_store_close(st);
	return rc;
}

static int
run_answer(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "for", required_argument, NULL, 'f' },
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_answer_req req = { 0 };
	int c;

	if (cli_help(&cmd_answer, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "m:", opts, NULL)) != -1) {
		if (c == 'm')
			req.note = optarg;
		else if (c == 'f')
			req.decided_by = optarg;
		else if (c == 'e')
			req.expect = optarg;
		else
			return cli_usage(&cmd_answer, _("unknown option"));
	}
	if (argc - optind != 3)
		return cli_usage(&cmd_answer, _("expected ID ITEM VALUE"));
	req.item = argv[optind + 1];
	req.value = argv[optind + 2];
	return record(cli, &cmd_answer, argv[optind], &req);
}

static int
run_reasoned(struct cb_cli *cli, const struct cb_cmd *cmd, bool withdraw,
    int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_answer_req req = { 0 };
	int c;

	if (cli_help(cmd, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			req.reason = optarg;
		else if (c == 'e')
			req.expect = optarg;
		else
			return cli_usage(cmd, _("unknown option"));
	}
	if (argc - optind != 2)
		return cli_usage(cmd, _("expected ID ITEM --reason R"));
	if (req.reason == NULL || req.reason[0] == '\0')
		return cli_usage(cmd, withdraw ? _("withdrawing needs --reason: "
		    "why the answer is taken back") : _("a waiver needs --reason: "
		    "why the item is not needed"));
	req.item = argv[optind + 1];
	req.withdraw = withdraw;
	return record(cli, cmd, argv[optind], &req);
}

static int
run_withdraw(struct cb_cli *cli, int argc, char **argv)
{
	return run_reasoned(cli, &cmd_withdraw, true, argc, argv);
}

static int
run_waive(struct cb_cli *cli, int argc, char **argv)
{
	return run_reasoned(cli, &cmd_waive, false, argc, argv);
}

const struct cb_cmd cmd_answer = {
	"answer", "ID ITEM VALUE [-m NOTE] [--for HEAD] [--expect OLD]",
	N_("record a fact of the checklist"),
	run_answer,
};

const struct cb_cmd cmd_waive = {
	"waive", "ID ITEM --reason R [--expect OLD]",
	N_("mark a checklist item as not needed"), run_waive,
};

const struct cb_cmd cmd_withdraw = {
	"withdraw", "ID ITEM --reason R [--expect OLD]",
	N_("take back a checklist answer or waiver"), run_withdraw,
};
