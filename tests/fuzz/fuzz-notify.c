/*
 * libFuzzer: what a chat receives from data never mentions, links or
 * carries a control byte, and is valid UTF-8; the header and date
 * parsers of the retry rules and the events row reader never crash.
 * The first byte picks the chat; the rest is the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify.h"
#include "core/ratelimit.h"
#include "core/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_escaped(const char *s)
{
	size_t len = strlen(s);
	unsigned cp;
	int n;

	for (size_t i = 0; i < len; i += (size_t)n) {
		if ((n = cb_utf8_decode(s + i, len - i, &cp)) < 0)
			abort();	/* not valid UTF-8 */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == '@' || cp == '<' || cp == '>' || cp == 0x202e)
			abort();
	}
	/* A scheme's letters right before "://" would make a link. */
	for (const char *p = s; (p = strstr(p, "://")) != NULL; p++)
		if (p > s && ((p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '+' ||
		    p[-1] == '-' || p[-1] == '.'))
			abort();
	if (strstr(s, "](") != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_buf b = { 0 };
	struct cb_notify_event ev;
	struct cb_http_answer a = { CB_ANSWER_HTTP, 429, NULL, NULL, NULL, NULL,
	    NULL };
	struct cb_decision d;
	struct cb_rand r;
	char *text;
	int64_t ms;

	if (size < 1)
		return 0;
	text = xstrndup((const char *)data + 1, size - 1);
	cb_buf_adds(&b, "");
	cb_notify_escape(&b, (enum cb_chat)(data[0] % 3), text);
	check_escaped(b.data);
	cb_buf_free(&b);

	(void)cb_http_date_parse(text, &ms);
	a.retry_after = a.x_ratelimit_reset = a.ratelimit_reset = text;
	a.body = text;
	cb_rand_seed(&r, 1);
	cb_ratelimit_decide(&a, data[0], 1764660000000LL, NULL, &r, &d);
	if (d.verdict != CB_VERDICT_HOLD)
		abort();

	cb_notify_event_from_row(&ev, 1, "c", "2026-0042", data[0] & 1 ?
	    "set" : "advance", "x", 0, text);
	cb_notify_event_free(&ev);
	free(text);
	return 0;
}
