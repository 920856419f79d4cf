/*
 * libFuzzer: one alert parser, chosen when built (-DCB_FUZZ_FORMAT=
 * CB_ALERT_CEF and so on; make fuzz builds one target per format).  The
 * input is a whole file, split into records as casebook ingest splits
 * it.  Whatever parses must be a sound alert: source and source_ref set,
 * every text valid UTF-8, raw within its cap, and its JSON line read
 * back to the same line.  A results_file is read from the input itself
 * (so the gzip and CSV paths are reached when the input is a webhook
 * body naming one: rarely, but the CSV target covers rows).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alert-int.h"

#ifndef CB_FUZZ_FORMAT
#define CB_FUZZ_FORMAT CB_ALERT_AUTO
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	if (s != NULL && (*s == '\0' || !cb_utf8_valid(s, strlen(s))))
		abort();
}

static void
check(struct cb_alert *a, void *arg)
{
	struct cb_alert back;
	struct cb_error err;
	char *one, *two;

	(void)arg;
	if (a->source == NULL || *a->source == '\0' || a->source_ref == NULL ||
	    *a->source_ref == '\0')
		abort();
	check_text(a->signature);
	check_text(a->category);
	check_text(a->group_ref);
	check_text(a->src.addr);
	check_text(a->src.host);
	check_text(a->dst.host);
	check_text(a->link);
	for (size_t i = 0; i < a->nobs; i++)
		check_text(a->obs[i].value);
	if (a->raw != NULL && (a->raw_cap > CB_ALERT_RAW_MAX ||
	    a->raw_cap > a->raw_len))
		abort();
	one = cb_alert_to_json(a);
	if (cb_alert_from_json(one, strlen(one), &back, &err) != CB_OK)
		abort();	/* what we write, we must read */
	two = cb_alert_to_json(&back);
	if (strcmp(one, two) != 0)
		abort();
	free(one);
	free(two);
	cb_alert_free(&back);
	cb_alert_free(a);
	free(a);
}

static void
flow(const struct cb_flow *f, void *arg)
{
	(void)arg;
	if (f->src[0] == '\0' || f->dst[0] == '\0')
		abort();
}

static void
bad(size_t line, const char *why, void *arg)
{
	(void)arg;
	if (line == 0 || why == NULL || *why == '\0')
		abort();
}

struct input {
	const uint8_t *data;
	size_t size;
};

static enum cb_status
read_input(const char *path, struct cb_buf *out, void *arg,
    struct cb_error *err)
{
	const struct input *in = arg;

	(void)path;
	(void)err;
	cb_buf_add(out, in->data, in->size);
	return CB_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct cb_alert_ctx ctx = { 1795658400, "fuzz", read_input, &in };
	struct cb_alert_sink sink = { check, flow, bad, NULL };

	cb_alert_parse_all(CB_FUZZ_FORMAT, (const char *)data, size, &ctx,
	    &sink);
	return 0;
}
