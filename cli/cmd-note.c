/* casebook note ID [-m TEXT | -F FILE]: adds a notebook entry. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/editor.h"

static bool
blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * No text given: write it in the editor, in the user's draft of this
 * incident's note (core/editor.h).  A failed editor or a refused save
 * keeps the draft and says where; the next 'casebook note ID' offers it
 * again.  *draft is the draft's path for the caller to finish with.
 */
static char *
from_editor(struct cb_store *st, const char *id, size_t *len, char **draft,
    struct cb_error *err)
{
	char *name = xasprintf("note-%s", id), *text = NULL;
	bool restored = false;

	*draft = cb_draft_path(cb_store_dir(st), name, err);
	free(name);
	if (*draft == NULL)
		return NULL;
	/* (Not when another casebook has it: that is refused below.) */
	if (access(*draft, F_OK) == 0 && !cb_draft_taken(*draft))
		fprintf(stderr, _("casebook: the note not saved last time is "
		    "offered again (%s)\n"), *draft);
	if (cb_edit_draft(*draft, NULL, 0, &text, len, &restored, err) !=
	    CB_OK)
		return NULL;
	return text;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	const char *message = NULL, *file = NULL;
	struct cb_store *st;
	struct cb_error err;
	char *text, *draft = NULL;
	size_t len;
	int c, rc;

	if (cli_help(&cmd_note, argc, argv))
		return 0;
	while ((c = getopt(argc, argv, "m:F:")) != -1) {
		switch (c) {
		case 'm':
			message = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		default:
			return cli_usage(&cmd_note, _("unknown option"));
		}
	}
	if (message != NULL && file != NULL)
		return cli_usage(&cmd_note, _("-m and -F cannot be used together"));
	if (optind + 1 != argc)
		return cli_usage(&cmd_note, _("one incident id expected"));
	if ((rc = cli_check_id(&cmd_note, argv[optind])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	/*
	 * The incident must exist, and the store take the note, before
	 * anyone spends time writing.
	 */
	if (cb_store_row(st, argv[optind], NULL, NULL, &err) != CB_OK ||
	    cb_store_may_write(st, &err) != CB_OK) {
		rc = cli_error(&err);
		goto out;
	}
	if (message != NULL) {
		len = strlen(message);
		text = xstrdup(message);
	} else if (file != NULL) {
		text = cli_read_file(file, &len, &err);
	} else {
		text = from_editor(st, argv[optind], &len, &draft, &err);
	}
	if (text == NULL) {
		rc = cli_error(&err);
		goto out;
	}
	if (blank(text, len)) {
		fprintf(stderr, _("casebook: the note is empty; nothing added\n"));
		if (draft != NULL)
			cb_draft_done(draft);
	} else if (cb_store_note(st, argv[optind], text, len, &err) != CB_OK) {
		rc = cli_error(&err);
		if (draft != NULL)
			fprintf(stderr, _("casebook: the text is kept in %s and "
			    "offered again next time\n"), draft);
	} else if (draft != NULL)
		cb_draft_done(draft);
	free(text);
out:
	free(draft);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_note = {
	"note", "ID [-m TEXT | -F FILE]",
	N_("add a notebook entry ($EDITOR)"), run,
};
