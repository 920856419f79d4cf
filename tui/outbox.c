/*
 * The outbox in the terminal UI: the status line's warning when messages
 * are stuck ("3 messages undelivered to cert-alerts since 10:42: HTTP
 * 503"), :outbox, a page of the messages not delivered, and the GitLab
 * issue of an incident for its header.  Only the index is read
 * (store/outbox.c): the TUI never waits on the network.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/nls.h"
#include "core/sanitize.h"
#include "tui/tui-int.h"

/* Undelivered this long without any failure is stuck too (no runner). */
#define STUCK_AFTER_MS (5 * 60 * 1000)
/* How often the status line's word is read again. */
#define HEALTH_EVERY 5

struct health {
	struct cb_buf line;
	int64_t now;
	int more;
};

static void
clock_word(int64_t ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, time(NULL) - t > 20 * 3600 ? "%m-%d %H:%M" : "%H:%M",
	    &tm);
}

static int
health_one(const char *dest, long count, int64_t since,
    const char *last_error, void *arg)
{
	struct health *h = arg;
	char when[32];

	if (last_error[0] == '\0' && h->now - since < STUCK_AFTER_MS)
		return 0;
	if (h->line.len > 0) {
		h->more++;
		return 0;
	}
	clock_word(since, when, sizeof when);
	cb_buf_printf(&h->line, count == 1 ? _("%ld message undelivered to "
	    "%s since %s") : _("%ld messages undelivered to %s since %s"),
	    count, dest, when);
	if (last_error[0] != '\0') {
		cb_buf_adds(&h->line, ": ");
		cb_buf_add(&h->line, last_error, strnlen(last_error, 60));
	}
	return 0;
}

bool
tui_outbox_poll(struct tui *t)
{
	struct health h = { { 0 }, 0, 0 };
	struct cb_error err;
	char *clean, before[sizeof t->outbox];

	if (time(NULL) - t->outbox_at < HEALTH_EVERY)
		return false;
	t->outbox_at = time(NULL);
	h.now = cb_outbox_clock_ms();
	memcpy(before, t->outbox, sizeof before);
	t->outbox[0] = '\0';
	if (cb_outbox_health(t->st, health_one, &h, &err) != CB_OK ||
	    h.line.len == 0) {
		cb_buf_free(&h.line);
		return before[0] != '\0';
	}
	if (h.more > 0)
		cb_buf_printf(&h.line, _(" (and %d more destinations; "
		    ":outbox)"), h.more);
	else
		cb_buf_adds(&h.line, _(" (:outbox)"));
	cb_buf_addc(&h.line, '\0');
	clean = cb_sanitize(h.line.data, strlen(h.line.data), 0);
	snprintf(t->outbox, sizeof t->outbox, "%s", clean);
	free(clean);
	cb_buf_free(&h.line);
	return strcmp(before, t->outbox) != 0;
}

static int
page_one(const struct cb_outbox_msg *m, void *arg)
{
	struct cb_buf *b = arg;
	char when[32];

	clock_word(m->created, when, sizeof when);
	cb_buf_printf(b, "%lld  %-10s  %s  %s  %s  %s", m->id,
	    cb_outbox_state_names[m->state], when, m->destination,
	    m->incident[0] ? m->incident : "-", m->action);
	if (m->attempts > 0)
		cb_buf_printf(b, _("  (%d tries)"), m->attempts);
	if (m->last_error[0] != '\0')
		cb_buf_printf(b, "\n      %s", m->last_error);
	cb_buf_addc(b, '\n');
	return 0;
}

int
tui_outbox_open(struct tui *t)
{
	struct tui_pager_arg a;
	struct cb_buf b = { 0 };
	struct cb_error err;

	if (cb_outbox_list(t->st, NULL, true, page_one, &b, &err) != CB_OK) {
		tui_error(t, &err);
		cb_buf_free(&b);
		return TUI_DRAW_STATUS;
	}
	if (b.len == 0)
		cb_buf_adds(&b, _("Every message has been delivered."));
	else
		cb_buf_adds(&b, _("\n'casebook outbox retry ID' sends a dead "
		    "message again, 'casebook outbox drop ID' gives it up.\n"));
	a.title = _("Outbox: messages not delivered");
	a.text = b.data;
	a.len = b.len;
	a.diff = false;
	tui_push(t, &tui_screen_pager, &a);
	cb_buf_free(&b);
	return TUI_DRAW_ALL;
}

void
tui_outbox_link(struct tui *t, const char *id, char *out, size_t n)
{
	struct cb_error err;
	char *url = NULL;
	long iid;

	out[0] = '\0';
	if (cb_outbox_link(t->st, id, &iid, &url, &err) == CB_OK)
		snprintf(out, n, "GitLab #%ld %s", iid, url);
	free(url);
}
