/*
 * libFuzzer: the value parsers of checklist answers (cb_value_check),
 * for every kind.  The first byte picks the item of the shipped graph;
 * what is accepted must be valid UTF-8 without controls (the record is
 * JSON and the value reaches terminals), and must be accepted again
 * unchanged (the stored form is a fixed point).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/playbook.h"
#include "core/sanitize.h"

#ifndef CB_SRC_PLAYBOOKS
#define CB_SRC_PLAYBOOKS "playbooks"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cb_playbooks shipped;
static bool loaded;

static void
quiet(const char *msg, void *arg)
{
	(void)msg;
	(void)arg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cb_item *item;
	struct cb_error err;
	char *value, *out = NULL, *again = NULL;
	const char *dir;

	if (!loaded) {
		dir = getenv("CASEBOOK_PLAYBOOKS");
		if (cb_playbooks_load(dir != NULL ? dir : CB_SRC_PLAYBOOKS,
		    NULL, &shipped, quiet, NULL, &err) != CB_OK)
			abort();	/* the shipped files must load */
		loaded = true;
	}
	if (size == 0 || shipped.graph.nitems == 0)
		return 0;
	item = &shipped.graph.items[data[0] % shipped.graph.nitems];
	value = strndup((const char *)data + 1, size - 1);	/* up to a NUL */
	if (value == NULL)
		abort();
	if (cb_value_check(item, value, &out, &err) == CB_OK) {
		if (cb_text_check("fuzz", out, strlen(out), item->kind ==
		    CB_KIND_TEXT ? 0 : CB_TEXT_ONE_LINE, &err) != CB_OK)
			abort();	/* accepted what cannot be stored */
		/* "now" is the one input whose stored form differs by time. */
		if (cb_value_check(item, out, &again, &err) != CB_OK ||
		    (strcmp(out, again) != 0 && item->kind != CB_KIND_DONE))
			abort();
	}
	free(again);
	free(out);
	free(value);
	return 0;
}
