/*
 * libFuzzer: the report form loader, checked against the shipped graph,
 * and, when a form loads, filling it with the input's bytes as every
 * fact and rendering it in the three formats (hostile facts must come
 * out escaped, and never crash the renderers).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"

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

static const char *
fact(enum cb_rf_source source, const char *key, void *arg)
{
	(void)source;
	(void)key;
	return arg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_report_form form;
	struct cb_report r;
	struct cb_error err;
	const char *dir;
	char *text;

	if (!loaded) {
		dir = getenv("CASEBOOK_PLAYBOOKS");
		if (cb_playbooks_load(dir != NULL ? dir : CB_SRC_PLAYBOOKS,
		    NULL, &shipped, quiet, NULL, &err) != CB_OK)
			abort();	/* the shipped files must load */
		loaded = true;
	}
	if (cb_report_form_parse("fuzz.yaml", (const char *)data, size,
	    &shipped.graph, &form, &err) != CB_OK)
		return 0;
	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	cb_report_fill(&form, (enum cb_report_stage)(size % CB_STAGE_COUNT),
	    size % 2 ? "ja" : "en", fact, text, &r);
	free(cb_report_markdown(&r));
	free(cb_report_text(&r));
	free(cb_report_json(&r));
	cb_report_free(&r);
	cb_report_form_free(&form);
	free(text);
	return 0;
}
