/*
 * libFuzzer: the playbook loader.  The first byte picks how the rest is
 * read: as graph.yaml, or as a class playbook checked against the
 * shipped graph (loaded once from $CASEBOOK_PLAYBOOKS or the source
 * tree), so that the cross-file checks are fuzzed too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/playbook.h"

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
	struct cb_error err;
	const char *dir;

	if (!loaded) {
		dir = getenv("CASEBOOK_PLAYBOOKS");
		if (cb_playbooks_load(dir != NULL ? dir : CB_SRC_PLAYBOOKS,
		    NULL, &shipped, quiet, NULL, &err) != CB_OK)
			abort();	/* the shipped files must load */
		loaded = true;
	}
	if (size == 0)
		return 0;
	(void)cb_playbook_check_buffer((data[0] & 1) ? "graph.yaml" :
	    "malware.yaml", (const char *)data + 1, size - 1,
	    &shipped.graph, quiet, NULL, &err);
	return 0;
}
