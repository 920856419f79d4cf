/*
 * An incident's facts for the reporting commands (cli/facts.c): its
 * case at the branch tip, its history from the index, its timeline.
 */
#ifndef CB_CLI_FACTS_H
#define CB_CLI_FACTS_H

#include "cli/cli.h"
#include "core/timeline.h"

struct cli_facts {
	struct cb_store *st;
	const struct cb_playbooks *pbs;	/* the store's */
	struct cb_case c;
	bool have_case;
	struct cb_history h;
	struct cb_timeline tl;		/* points into h and pbs */
};

/* The words for each moment (gettext them: _(cli_moment_labels[m])). */
extern const char *const cli_moment_labels[CB_MOMENT_COUNT];

/*
 * Loads incident id's facts into f; 0, or the exit code after printing
 * why not.  Free with cli_facts_free (safe after a failure too).
 */
int cli_facts_load(struct cb_store *st, const char *id, struct cli_facts *f);
void cli_facts_free(struct cli_facts *f);
/* The latest answer to item (NULL: unanswered or waived); borrowed. */
const char *cli_answer_of(const struct cli_facts *f, const char *item);
/* The timeline as JSON: moments (with commit and author), phases. */
json_t *cli_timeline_json(const struct cli_facts *f);

struct cb_report_form;
struct cb_report;
/* The report form NAME (playbooks/reports/NAME.yaml); 0 or an exit code. */
int cli_report_form(struct cb_store *st, const char *name,
    struct cb_report_form *form);
/*
 * Fills form from f for stage in lang into out (cb_report_free) and
 * renders it as format ("md", "txt", "json"); the text is the caller's.
 */
#include "core/report.h"
char *cli_report_render(const struct cli_facts *f,
    const struct cb_report_form *form, enum cb_report_stage stage,
    const char *lang, const char *format, struct cb_report *out);

#endif
