/*
 * What casebook says to the team: the bodies of chat messages
 * (Rocket.Chat incoming webhooks, Slack and Mattermost) and of the GitLab
 * issue that mirrors an incident, made from one event of the events
 * table and the incident as it stands.  Pure: no network, no store.
 *
 * Cases are confidential: by default a message carries only the id, the
 * title, the classes, the urgency, the phase and who acted; .more adds
 * the department and the hosts.  Every string from data is made safe for
 * the chat's markup (cb_notify_escape) so that a title cannot mention
 * @all or @here, cannot make a link, and carries no control byte.
 *
 * Messages are in the subscription's language: the strings go through
 * gettext (the "casebook" domain, which the caller has bound with
 * bindtextdomain as the TUI does), looked up in that language whatever
 * the process's locale.  This changes LANGUAGE for the duration of one
 * lookup: call from one thread only (the outbox runner is one).
 */
#ifndef CB_NOTIFY_H
#define CB_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/incident.h"

/* The kinds of event a subscription chooses from (its "events = ..."). */
#define CB_NOTIFY_KIND_INFO(_) \
	_(CB_NOTIFY_NEW, "new") \
	_(CB_NOTIFY_URGENCY, "urgency") \
	_(CB_NOTIFY_PHASE, "phase") \
	_(CB_NOTIFY_SEVERITY, "severity") \
	_(CB_NOTIFY_ASSIGN, "assign") \
	_(CB_NOTIFY_ALERT_NOTABLE, "alert-notable") \
	_(CB_NOTIFY_OTHER, "other")

enum cb_notify_kind {
#define CB_NOTIFY_KIND_ENUM(e, name) e,
	CB_NOTIFY_KIND_INFO(CB_NOTIFY_KIND_ENUM)
#undef CB_NOTIFY_KIND_ENUM
	CB_NOTIFY_KIND_COUNT
};
extern const char *const cb_notify_kind_names[CB_NOTIFY_KIND_COUNT];
/* The kind named name, or -1. */
int cb_notify_kind_parse(const char *name);

/*
 * One row of the events table (store/index.c insert_event), with what
 * the row says in words taken apart: field, from and to for a "set"
 * ("2026-0042: urgency: normal -> high" in the payload's summary), the
 * phase reached for "advance", "back" and "force-phase".
 */
struct cb_notify_event {
	long long seq;
	char *commit;		/* hex */
	char *incident;		/* the incident's id; "" for none */
	char *action;		/* create set note attach advance ... */
	char *actor;		/* who acted (the commit's author name) */
	time_t at;
	enum cb_notify_kind kind;
	char *field;		/* "set": the field changed; else "" */
	char *from, *to;	/* "set": old and new value ("" if none) */
};

/*
 * Fills ev from an events row (payload is its compact JSON, NULL or
 * unreadable taken as {}).  All strings are copied; free with
 * cb_notify_event_free.  Never fails.
 */
void cb_notify_event_from_row(struct cb_notify_event *ev, long long seq,
    const char *commit, const char *incident, const char *action,
    const char *actor, time_t at, const char *payload);
void cb_notify_event_free(struct cb_notify_event *ev);

enum cb_chat {
	CB_CHAT_ROCKETCHAT,
	CB_CHAT_SLACK,
	CB_CHAT_MATTERMOST,
};
/* "rocketchat", "slack", "mattermost" -> the chat, or -1. */
int cb_chat_parse(const char *name);

struct cb_notify_opts {
	enum cb_chat chat;
	const char *lang;	/* "ja", "en"; NULL or "" for English */
	bool more;		/* add department and hosts */
};

/*
 * The JSON body of a chat message for one event (n == 1) or for several
 * events of one incident merged by coalescing (n > 1, in queue order),
 * with the incident as it stands.  Rocket.Chat: text, an attachment with
 * title, colour by urgency and fields, parseUrls off; Slack and
 * Mattermost: text and a Slack-style attachment.  Allocates; the caller
 * frees.  Never fails.
 */
char *cb_notify_chat_body(const struct cb_notify_opts *o,
    const struct cb_notify_event *const *ev, size_t n,
    const struct cb_incident *inc);

/*
 * Data made safe for a chat message: invalid UTF-8 becomes U+FFFD;
 * control bytes, C1 controls and invisible or bidi format characters are
 * removed (a newline or tab becomes a space); '@' becomes U+FF20 (so no
 * @all, @here, @channel or @user mention), '<' '>' '[' ']' become their
 * full-width forms (no <!here>, <http://x|y>, [x](http://y)), and a
 * scheme's "://" becomes "[:]//" (no bare link: the defanging CSIRTs
 * use).  For Slack '&' becomes "&amp;" as Slack asks.  Appends to out.
 */
void cb_notify_escape(struct cb_buf *out, enum cb_chat chat, const char *s);

/* The colour of an urgency, "#rrggbb". */
const char *cb_notify_colour(enum cb_urgency u);

/* --- GitLab ---------------------------------------------------------------- */

#define CB_GITLAB_MARKER "casebook:incident="

/* "[2026-0042] title", control bytes removed, at most 255 characters. */
char *cb_gitlab_title(const struct cb_incident *inc);
/*
 * The scoped labels, comma-separated for the API: "urgency::high,
 * phase::triage, class::phishing, severity::..., department::...".  A
 * comma or "::" in data becomes a space so that it cannot add a label or
 * a scope.  Allocates.
 */
char *cb_gitlab_labels(const struct cb_incident *inc);
/*
 * The issue description: the fields in the language, no note text, and
 * last the marker line "casebook:incident=2026-0042" by which a lost
 * create is found again.  Allocates.
 */
char *cb_gitlab_description(const struct cb_incident *inc, const char *lang,
    bool more);
/*
 * True when text (a description) holds the marker of exactly this id
 * (2026-0042 does not match the marker of 2026-00421).
 */
bool cb_gitlab_has_marker(const char *text, const char *id);
/*
 * The state event for a phase change: "close" when the incident closes,
 * "reopen" when it leaves closed, NULL otherwise.
 */
const char *cb_gitlab_state_event(enum cb_phase from, enum cb_phase to);
/* A note for a phase change, in the language; allocates. */
char *cb_gitlab_phase_note(const struct cb_notify_event *ev,
    const char *lang);

/*
 * msgid in language lang (gettext, domain "casebook"); msgid itself for
 * English or when there is no translation.  The result is static.
 */
const char *cb_gettext_in(const char *lang, const char *msgid);

#endif
