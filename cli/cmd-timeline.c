/*
 * casebook timeline ID [--json]: the incident's key moments, each with
 * the commit that established it, the moments not known with the item
 * that would establish them, and the time spent in each phase (going
 * back included), from the history the index keeps.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/facts.h"
#include "core/nls.h"
#include "core/sanitize.h"

static void
print_moment(const struct cb_facts *f, int m, const char *lang)
{
	const struct cb_tl_moment *mo = &f->tl.moments[m];
	char local[CB_LOCAL_TIME_MAX];

	printf("  ");
	cli_put_cell(stdout, _(cb_moment_words[m]), 28);
	if (mo->known) {
		cb_local_time_t(mo->at, local, sizeof local);
		printf(" %s  ", local);
		cli_put_line(stdout, mo->source->author != NULL ?
		    mo->source->author : "");
		if (mo->source->commit != NULL)
			printf("  %.12s", mo->source->commit);
		if (mo->source->kind == CB_TL_ALERT && mo->source->key != NULL) {
			printf("  ");
			cli_put_line(stdout, _("earliest alert in "));
			cli_put_line(stdout, mo->source->key);
		}
	} else {
		char why[512];

		if (mo->item_id != NULL && !mo->applies)
			snprintf(why, sizeof why, "%s", _("unknown (does not "
			    "apply to this incident)"));
		else if (mo->item_id != NULL)
			snprintf(why, sizeof why, _("unknown: answer %s (%s)"),
			    mo->item_id, mo->item != NULL ?
			    cb_text_in(&mo->item->label, lang) : "");
		else
			snprintf(why, sizeof why, "%s", _("unknown"));
		printf(" ");
		cli_put_line(stdout, why);
	}
	printf("\n");
}

/* A bar of up to 30 cells for secs out of max. */
static void
print_bar(long long secs, long long max)
{
	int n = max > 0 ? (int)((secs * 30 + max - 1) / max) : 0;

	for (int i = 0; i < n; i++)
		fputs("#", stdout);
	for (int i = n; i < 30; i++)
		fputc(' ', stdout);
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_facts f;
	struct cb_store *st;
	const char *id, *lang;
	long long max = 0;
	bool json = false;
	int c, rc;

	if (cli_help(&cmd_timeline, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return cli_usage(&cmd_timeline, _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_timeline, _("one incident id expected"));
	id = argv[optind];
	if ((rc = cli_check_id(&cmd_timeline, id)) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if ((rc = cli_facts_load(st, id, &f)) != 0) {
		cb_store_close(st);
		return rc;
	}
	lang = cb_store_language(st);
	if (json) {
		json_t *o = cli_timeline_json(&f);

		cli_json_print(o);
		json_decref(o);
		goto out;
	}
	printf("%s  ", f.c.inc.id);
	cli_put_line(stdout, f.c.inc.title);
	printf("\n%s\n", _("Moments"));
	for (int m = 0; m < CB_MOMENT_COUNT; m++)
		print_moment(&f, m, lang);
	printf("\n%s\n", _("Time per phase"));
	for (int p = 0; p < CB_PHASE_COUNT; p++)
		if (f.tl.seconds[p] > max)
			max = f.tl.seconds[p];
	for (int p = 0; p < CB_PHASE_COUNT; p++) {
		char dur[32], word[128];

		if (f.tl.entered[p] == 0 || p == CB_PHASE_CLOSED)
			continue;
		cb_duration_word(f.tl.seconds[p], dur, sizeof dur);
		printf("  ");
		cli_put_cell(stdout, cli_field_word(st, "phase",
		    cb_phase_names[p], true, word, sizeof word), 12);
		printf(" ");
		print_bar(f.tl.seconds[p], max);
		printf(" %8s", dur);
		if (f.tl.entered[p] > 1)
			printf(_("  (entered %u times)"), f.tl.entered[p]);
		if ((enum cb_phase)p == f.tl.current)
			printf(_("  (now)"));
		printf("\n");
	}
	printf(_("  went back %u times, reopened %u times\n"), f.tl.backwards,
	    f.tl.reopened);
out:
	cb_facts_free(&f);
	cb_store_close(st);
	return 0;
}

const struct cb_cmd cmd_timeline = {
	"timeline", "ID [--json]",
	N_("the incident's key moments and the time spent in each phase"), run,
};
