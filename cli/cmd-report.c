/*
 * casebook report ID --form NAME [--stage first|update|final]
 *     [--lang ja|en] [--format md|txt|json] [--file]:
 * the incident's report in a prescribed form (playbooks/reports/), from
 * the facts the record holds; every field the record cannot fill is
 * listed as missing with the checklist item that would fill it.  --file
 * records it: the text into the evidence, report_filed answered, one
 * commit (cb_store_file_report).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/facts.h"
#include "core/nls.h"
#include "core/xmalloc.h"

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "form", required_argument, NULL, 'F' },
		{ "stage", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "file", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *form_name = NULL, *lang = NULL, *format = "md", *id;
	enum cb_report_stage stage = CB_STAGE_FIRST;
	struct cb_report_form form;
	struct cb_report rep;
	struct cb_facts f;
	struct cb_store *st;
	struct cb_error err;
	bool file = false, stage_given = false;
	char *text;
	int c, rc;

	if (cli_help(&cmd_report, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			form_name = optarg;
			break;
		case 's':
			if (!cb_stage_parse(optarg, &stage))
				return cli_usage(&cmd_report, _("--stage takes "
				    "first, update or final"));
			stage_given = true;
			break;
		case 'l':
			if (strcmp(optarg, "ja") != 0 && strcmp(optarg, "en") != 0)
				return cli_usage(&cmd_report, _("--lang takes "
				    "ja or en"));
			lang = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "md") != 0 && strcmp(optarg, "txt")
			    != 0 && strcmp(optarg, "json") != 0)
				return cli_usage(&cmd_report, _("--format takes "
				    "md, txt or json"));
			format = optarg;
			break;
		case 'w':
			file = true;
			break;
		default:
			return cli_usage(&cmd_report, _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_report, _("one incident id expected"));
	if (form_name == NULL)
		return cli_usage(&cmd_report, _("--form NAME is needed (mext, "
		    "ppc, jpcert, summary)"));
	id = argv[optind];
	if ((rc = cli_check_id(&cmd_report, id)) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (lang == NULL)
		lang = cb_store_language(st);
	if (cb_store_report_form(st, form_name, &form, &err) != CB_OK) {
		rc = cli_error(&err);
		cb_store_close(st);
		return rc;
	}
	if ((rc = cli_facts_load(st, id, &f)) != 0)
		goto out_form;
	/* A closed or reported incident's report is the final one. */
	if (!stage_given && f.c.inc.phase >= CB_PHASE_REPORT)
		stage = CB_STAGE_FINAL;
	text = cb_facts_report(&f, &form, stage, lang, format, &rep);
	if (file) {
		char sha[65], *name, *what;

		name = xasprintf("report-%s-%s-%s.%s", form.name,
		    cb_stage_names[stage], lang, format);
		what = xasprintf("%s, %s, %s", form.name, cb_stage_names[stage],
		    lang);
		if (cb_store_file_report(st, id, name, what, text,
		    strlen(text), sha, &err) != CB_OK)
			rc = cli_error(&err);
		else {
			printf(_("%s: filed %s (sha256 %s)"), id, name, sha);
			printf("\n");
			if (rep.nmissing > 0)
				printf(_("%s: the report has %zu missing "
				    "fields\n"), id, rep.nmissing);
		}
		free(name);
		free(what);
	} else {
		cli_puts(stdout, text);
		if (text[0] != '\0' && text[strlen(text) - 1] != '\n')
			printf("\n");
	}
	free(text);
	cb_report_free(&rep);
	cb_facts_free(&f);
out_form:
	cb_report_form_free(&form);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_report = {
	"report", "ID --form NAME [--stage first|update|final] [--lang ja|en] "
	"[--format md|txt|json] [--file]",
	N_("the incident's report in a prescribed form, from its facts"), run,
};
