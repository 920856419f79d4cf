/*
 * What the reporting commands share (cli/facts.c): the words of the
 * moments and an incident's timeline as JSON.  The facts themselves
 * are the store's (cb_store_facts).
 */
#ifndef CB_CLI_FACTS_H
#define CB_CLI_FACTS_H

#include "cli/cli.h"

/*
 * Loads incident id's facts into f (cb_store_facts); 0, or the exit
 * code after printing why not.  Free with cb_facts_free.
 */
int cli_facts_load(struct cb_store *st, const char *id, struct cb_facts *f);
/* The timeline as JSON: moments (with commit and author), phases. */
json_t *cli_timeline_json(const struct cb_facts *f);

/*
 * playbooks/taxonomy.json: each class's RSIT machine tag and JPCERT/CC
 * category; NULL when it cannot be read.  The caller decrefs it.
 */
json_t *cli_taxonomy(void);

#endif
