/*
 * The command line: main() parses the global options and runs one
 * command from the table in cli/main.c.  Each command lives in its own
 * file (cli/cmd-NAME.c) and exports one const struct cb_cmd.
 *
 * Commands return an exit code: 0 ok, 1 error, 2 usage, 3 conflict,
 * 4 not permitted (see core/error.h).  They print results on stdout and
 * errors on stderr, and every string that came from data goes through
 * the sanitiser on its way out.
 */
#ifndef CB_CLI_H
#define CB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/error.h"
#include "core/words.h"
#include "store/store.h"

struct cb_cli {
	const char *store_dir;	/* resolved: --store, $CASEBOOK_STORE, XDG */
	const char *prog;
};

struct cb_cmd {
	const char *name;
	const char *synopsis;	/* arguments, for usage and --help */
	const char *summary;	/* one line */
	int (*run)(struct cb_cli *cli, int argc, char **argv);
};

extern const struct cb_cmd cmd_init, cmd_new, cmd_list, cmd_show, cmd_set,
    cmd_note, cmd_attach, cmd_log, cmd_search, cmd_reindex, cmd_check,
    cmd_playbook, cmd_checklist, cmd_answer, cmd_waive, cmd_withdraw,
    cmd_advance, cmd_role, cmd_whoami, cmd_accept, cmd_dismiss, cmd_gc,
    cmd_events, cmd_user, cmd_config, cmd_evidence, cmd_ingest,
    cmd_hosts, cmd_alerts, cmd_alert;

/*
 * Opens the store or prints why not; NULL on failure (exit 1).  A
 * set-group-id casebook takes the store group for it when the folder is
 * a protected team store (cb_store_dir_protected), else opens it with
 * the person's own rights; the group stays in effect for the store's
 * files until the command ends, and is lowered around what is done for
 * the person (cli_read_file, the editor, the TUI's theme).
 */
struct cb_store *cli_open(struct cb_cli *cli);
/* Takes the store group when cli->store_dir is a protected store. */
void cli_take_store_group(const struct cb_cli *cli);
/* The same without opening the index (for reindex). */
struct cb_store *cli_open_bare(struct cb_cli *cli);
/* Prints "casebook: msg" on stderr and returns the status's exit code. */
int cli_error(const struct cb_error *err);
/* Prints a usage error for cmd and returns 2. */
int cli_usage(const struct cb_cmd *cmd, const char *fmt, ...) CB_PRINTF(2, 3);
/* True when argv holds -h or --help for a command: prints its usage. */
bool cli_help(const struct cb_cmd *cmd, int argc, char **argv);

/* Writes data to f through the sanitiser (newlines and tabs kept). */
void cli_put(FILE *f, const char *data, size_t len);
void cli_puts(FILE *f, const char *s);
/* One-line form: newlines shown as ^J. */
void cli_put_line(FILE *f, const char *s);
/* One-line form padded with spaces to w display columns (Japanese
 * counts two a character), for a column. */
void cli_put_cell(FILE *f, const char *s, int w);

/*
 * The words a person reads for a stored value, in the store's language
 * (core/words.h): in Japanese a field's value (urgency, severity,
 * classes, phase) or an item's answer is given by its option label from
 * the playbooks (brief: the label without its explanation, for a
 * column); in English the value as stored, which is what 'set' and
 * 'answer' take.  Writes into buf and returns it.
 */
const char *cli_field_word(struct cb_store *st, const char *field,
    const char *value, bool brief, char *buf, size_t n);
const char *cli_answer_word(struct cb_store *st, const char *item,
    const char *value, bool brief, char *buf, size_t n);
/* A time of the record in the local zone, with the zone. */
const char *cli_time(const char *iso, char *buf, size_t n);

/*
 * JSON output: strings are exact (invalid UTF-8 replaced by U+FFFD) and
 * everything outside ASCII is escaped, so that no byte from data reaches
 * a terminal raw.  cli_json_string makes a json string of any bytes.
 */
json_t *cli_json_string(const char *data, size_t len);
void cli_json_print(json_t *value);
/* value as JSON text, ASCII only, DEL escaped too; caller frees. */
char *cli_json_text(json_t *value, size_t flags);
json_t *cli_row_json(const struct cb_row *r);
/* "FILE:LINE: REASON" for a damaged row (caller frees); NULL when sound. */
char *cli_damage(const struct cb_row *r);

/*
 * Reads a whole file (or stdin for "-") with the person's own rights,
 * never the store group's; returns NULL with err filled.
 */
char *cli_read_file(const char *path, size_t *len, struct cb_error *err);
/* Runs $VISUAL/$EDITOR (default vi) on path, without a shell. */
int cli_edit(char *path, struct cb_error *err);

/* Validates an id argument: 2 (usage) with a message when malformed. */
int cli_check_id(const struct cb_cmd *cmd, const char *id);

/*
 * The open rule suggestions of a case, with the rules' reasons; those
 * also open in before (may be NULL) are left out.
 */
void cli_print_suggestions(const struct cb_playbooks *pbs,
    const struct cb_case *c, const struct cb_case *before, const char *lang);

/* Creates and seeds the demo store in dir (once); used by --demo. */
int cli_demo(struct cb_cli *cli);

#endif
