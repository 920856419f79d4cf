/*
 * Chat and GitLab bodies (core/notify.h).  JSON is built with jansson,
 * never by hand, so that escaping for JSON is jansson's; escaping for
 * the chat's markup is cb_notify_escape's.
 */
#include "config.h"

#include <jansson.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify.h"
#include "core/sanitize.h"

/*
 * glibc's counter of loaded catalogues: bumping it makes gettext forget
 * the translations it cached for another LANGUAGE (the GNU gettext
 * manual, "Being a gettext grok").
 */
extern int _nl_msg_cat_cntr;

#define MERGED_SHOWN 8	/* changes told in full in a merged message */

/* Every function that translates has the language in lang. */
#define _(s) cb_gettext_in(lang, (s))

const char *const cb_notify_kind_names[CB_NOTIFY_KIND_COUNT] = {
#define CB_NOTIFY_KIND_NAME(e, name) name,
	CB_NOTIFY_KIND_INFO(CB_NOTIFY_KIND_NAME)
#undef CB_NOTIFY_KIND_NAME
};

int
cb_notify_kind_parse(const char *name)
{
	for (int i = 0; i < CB_NOTIFY_KIND_COUNT; i++)
		if (strcmp(name, cb_notify_kind_names[i]) == 0)
			return i;
	return -1;
}

int
cb_chat_parse(const char *name)
{
	if (strcmp(name, "rocketchat") == 0)
		return CB_CHAT_ROCKETCHAT;
	if (strcmp(name, "slack") == 0)
		return CB_CHAT_SLACK;
	if (strcmp(name, "mattermost") == 0)
		return CB_CHAT_MATTERMOST;
	return -1;
}

const char *
cb_gettext_in(const char *lang, const char *msgid)
{
	const char *t;
	char *old;
	locale_t loc, prev;

	if (lang == NULL || lang[0] == '\0' || strncmp(lang, "en", 2) == 0 ||
	    strcmp(lang, "C") == 0)
		return msgid;
	/*
	 * gettext follows LANGUAGE only when the messages locale is not
	 * "C": C.UTF-8 for this thread while we look, whatever the process
	 * runs under.
	 */
	if ((loc = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0)) ==
	    (locale_t)0)
		return msgid;
	old = getenv("LANGUAGE") != NULL ? xstrdup(getenv("LANGUAGE")) : NULL;
	prev = uselocale(loc);
	setenv("LANGUAGE", lang, 1);
	++_nl_msg_cat_cntr;
	t = dgettext(PACKAGE, msgid);
	if (old != NULL)
		setenv("LANGUAGE", old, 1);
	else
		unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
	uselocale(prev);
	freelocale(loc);
	free(old);
	return t;
}

/* --- events ------------------------------------------------------------------------------- */

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

/* The kind of a "set" of field. */
static enum cb_notify_kind
field_kind(const char *field)
{
	if (strcmp(field, "urgency") == 0)
		return CB_NOTIFY_URGENCY;
	if (strcmp(field, "phase") == 0)
		return CB_NOTIFY_PHASE;
	if (strcmp(field, "severity") == 0)
		return CB_NOTIFY_SEVERITY;
	if (strcmp(field, "assignees") == 0)
		return CB_NOTIFY_ASSIGN;
	return CB_NOTIFY_OTHER;
}

/*
 * Takes "ID: field: a -> b" (a set) or "ID: phase a -> b" (a phase move)
 * apart.  "(none)" is the store's word for an empty value.
 */
static void
parse_summary(struct cb_notify_event *ev, const char *summary)
{
	size_t idlen = strlen(ev->incident);
	const char *p = summary, *colon, *arrow, *from = NULL;

	if (idlen == 0 || strncmp(p, ev->incident, idlen) != 0 ||
	    strncmp(p + idlen, ": ", 2) != 0)
		return;
	p += idlen + 2;
	if (strncmp(p, "phase ", 6) == 0 && strcmp(ev->action, "set") != 0) {
		colon = p + 5;
		from = colon + 1;
	} else if ((colon = strstr(p, ": ")) != NULL)
		from = colon + 2;
	/* The arrow is searched after the old value's start, so that a
	   summary such as "x: -> y" cannot put it before. */
	if (colon == NULL || (arrow = strstr(from, " -> ")) == NULL)
		return;
	free(ev->field);
	free(ev->from);
	free(ev->to);
	ev->field = xstrndup(p, (size_t)(colon - p));
	ev->from = xstrndup(from, (size_t)(arrow - from));
	/* A phase move may add " (back)" or " (forced): reason". */
	arrow += 4;
	ev->to = strcmp(ev->action, "set") == 0 ? xstrdup(arrow) :
	    xstrndup(arrow, strcspn(arrow, " "));
	if (strcmp(ev->from, "(none)") == 0)
		ev->from[0] = '\0';
	if (strcmp(ev->to, "(none)") == 0)
		ev->to[0] = '\0';
}

void
cb_notify_event_from_row(struct cb_notify_event *ev, long long seq,
    const char *commit, const char *incident, const char *action,
    const char *actor, time_t at, const char *payload)
{
	json_t *p = payload != NULL ? json_loads(payload, 0, NULL) : NULL;
	const char *summary = json_string_value(json_object_get(p, "summary"));

	memset(ev, 0, sizeof *ev);
	ev->seq = seq;
	ev->commit = dup_or_empty(commit);
	ev->incident = dup_or_empty(incident);
	ev->action = dup_or_empty(action);
	ev->actor = dup_or_empty(actor);
	ev->at = at;
	ev->field = xstrdup("");
	ev->from = xstrdup("");
	ev->to = xstrdup("");
	if (summary != NULL)
		parse_summary(ev, summary);
	if (strcmp(ev->action, "create") == 0)
		ev->kind = CB_NOTIFY_NEW;
	else if (strcmp(ev->action, "advance") == 0 ||
	    strcmp(ev->action, "back") == 0 ||
	    strcmp(ev->action, "force-phase") == 0)
		ev->kind = CB_NOTIFY_PHASE;
	else if (strcmp(ev->action, "alert-notable") == 0) {
		/* Its payload (store/alert.c): the group and its top score. */
		json_t *g = json_object_get(p, "group");
		json_t *sc = json_object_get(p, "score");

		ev->kind = CB_NOTIFY_ALERT_NOTABLE;
		if (json_is_integer(g)) {
			free(ev->field);
			ev->field = xasprintf("%lld",
			    (long long)json_integer_value(g));
		}
		if (json_is_number(sc)) {
			free(ev->to);
			ev->to = xasprintf("%.0f", json_number_value(sc));
		}
	}
	else if (strcmp(ev->action, "set") == 0)
		ev->kind = field_kind(ev->field);
	else
		ev->kind = CB_NOTIFY_OTHER;
	json_decref(p);
}

void
cb_notify_event_free(struct cb_notify_event *ev)
{
	free(ev->commit);
	free(ev->incident);
	free(ev->action);
	free(ev->actor);
	free(ev->field);
	free(ev->from);
	free(ev->to);
	memset(ev, 0, sizeof *ev);
}

/* --- escaping ----------------------------------------------------------------------------- */

/* Invisible and bidi format characters (the sanitiser's list). */
static bool
invisible(unsigned cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb);
}

/* True when the characters before s (back to start) end a URI scheme. */
static bool
after_scheme(const char *start, const char *s)
{
	const char *p = s;

	while (p > start && ((p[-1] >= 'a' && p[-1] <= 'z') ||
	    (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9') ||
	    p[-1] == '+' || p[-1] == '-' || p[-1] == '.'))
		p--;
	return p < s;
}

/*
 * Every "scheme://" written since start becomes "scheme[:]//".  On the
 * output, once the rest is done: a control byte removed between "http:"
 * and "//" must not leave a link behind.
 */
static void
defang(struct cb_buf *out, size_t start)
{
	struct cb_buf b = { 0 };
	const char *p = out->data + start, *end = out->data + out->len;

	if (strstr(p, "://") == NULL)
		return;
	cb_buf_adds(&b, "");
	for (; p < end; p++) {
		if (*p == ':' && strncmp(p, "://", 3) == 0 &&
		    after_scheme(out->data + start, p))
			cb_buf_adds(&b, "[:]");
		else
			cb_buf_addc(&b, *p);
	}
	out->len = start;
	cb_buf_add(out, b.data, b.len);
	cb_buf_free(&b);
}

void
cb_notify_escape(struct cb_buf *out, enum cb_chat chat, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0, start;
	unsigned cp;
	int n;

	cb_buf_adds(out, "");
	start = out->len;
	for (size_t i = 0; i < len; i += (size_t)n) {
		const char *c = s + i;

		if ((n = cb_utf8_decode(c, len - i, &cp)) < 0) {
			cb_buf_adds(out, "\xef\xbf\xbd");	/* U+FFFD */
			n = 1;
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r')
			cb_buf_addc(out, ' ');
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    invisible(cp))
			;	/* removed */
		else if (cp == '@')
			cb_buf_adds(out, "\xef\xbc\xa0");	/* U+FF20 */
		else if (cp == '<')
			cb_buf_adds(out, "\xef\xbc\x9c");	/* U+FF1C */
		else if (cp == '>')
			cb_buf_adds(out, "\xef\xbc\x9e");	/* U+FF1E */
		else if (cp == '[')
			cb_buf_adds(out, "\xef\xbc\xbb");	/* U+FF3B */
		else if (cp == ']')
			cb_buf_adds(out, "\xef\xbc\xbd");	/* U+FF3D */
		else if (cp == '&' && chat == CB_CHAT_SLACK)
			cb_buf_adds(out, "&amp;");
		else
			cb_buf_add(out, c, (size_t)n);
	}
	defang(out, start);
}

static char *
escaped(enum cb_chat chat, const char *s)
{
	struct cb_buf b = { 0 };

	cb_buf_adds(&b, "");
	cb_notify_escape(&b, chat, s);
	return cb_buf_detach(&b);
}

/* --- chat bodies -------------------------------------------------------------------------- */

const char *
cb_notify_colour(enum cb_urgency u)
{
	switch (u) {
	case CB_URGENCY_IMMEDIATE:
		return "#d9534f";	/* red */
	case CB_URGENCY_HIGH:
		return "#f0ad4e";	/* orange */
	case CB_URGENCY_NORMAL:
		return "#5bc0de";	/* blue */
	default:
		return "#999999";	/* grey */
	}
}

/* What happened, one line, data escaped; appended to b. */
static void
headline(struct cb_buf *b, const struct cb_notify_opts *o,
    const struct cb_notify_event *ev, const struct cb_incident *inc)
{
	const char *lang = o->lang;
	char *to = escaped(o->chat, ev->to);
	const char *id = inc->id;

	switch (ev->kind) {
	case CB_NOTIFY_NEW:
		cb_buf_printf(b, _("New incident %s"), id);
		break;
	case CB_NOTIFY_URGENCY:
		cb_buf_printf(b, _("%s: urgency is now %s"), id, to);
		break;
	case CB_NOTIFY_PHASE:
		if (strcmp(ev->to, "closed") == 0)
			cb_buf_printf(b, _("%s: closed"), id);
		else
			cb_buf_printf(b, _("%s: phase is now %s"), id, to);
		break;
	case CB_NOTIFY_SEVERITY:
		cb_buf_printf(b, _("%s: severity is now %s"), id, to);
		break;
	case CB_NOTIFY_ASSIGN:
		cb_buf_printf(b, _("%s: assigned to %s"), id, to);
		break;
	case CB_NOTIFY_ALERT_NOTABLE:
		if (id[0] != '\0')
			cb_buf_printf(b, _("%s: a notable alert"), id);
		else
			cb_buf_printf(b, _("Notable alert group %s (score %s)"),
			    ev->field, to);
		break;
	default:
		cb_buf_printf(b, _("%s: changed"), id);
		break;
	}
	free(to);
}

static void
add_field(json_t *fields, const char *title, const char *value, bool shrt)
{
	json_t *f = json_object();

	json_object_set_new(f, "title", json_string(title));
	json_object_set_new(f, "value", json_string(value));
	json_object_set_new(f, "short", json_boolean(shrt));
	json_array_append_new(fields, f);
}

/* A field whose value is data: escaped first (the empty shown as "-"). */
static void
add_data_field(json_t *fields, enum cb_chat chat, const char *title,
    const char *value)
{
	char *v = escaped(chat, value != NULL && value[0] ? value : "-");

	add_field(fields, title, v, true);
	free(v);
}

static void
add_list_field(json_t *fields, enum cb_chat chat, const char *title,
    const struct cb_strlist *l)
{
	char *v = cb_strlist_join(l, ", ");

	add_data_field(fields, chat, title, v);
	free(v);
}

char *
cb_notify_chat_body(const struct cb_notify_opts *o,
    const struct cb_notify_event *const *ev, size_t n,
    const struct cb_incident *inc)
{
	const char *lang = o->lang;
	json_t *body = json_object(), *att = json_object();
	json_t *fields = json_array(), *atts = json_array();
	struct cb_buf text = { 0 }, title = { 0 };
	char *who, *footer, *out;
	bool none = inc->id[0] == '\0';

	cb_buf_adds(&text, "");
	if (n == 1)
		headline(&text, o, ev[0], inc);
	else {
		/* The first changes in full, the rest counted: the
		   attachment shows the incident as it now stands. */
		cb_buf_printf(&text, _("%s: %zu changes"), inc->id, n);
		for (size_t i = 0; i < n && i < MERGED_SHOWN; i++) {
			cb_buf_adds(&text, i == 0 ? ": " : "; ");
			headline(&text, o, ev[i], inc);
		}
		if (n > MERGED_SHOWN) {
			cb_buf_adds(&text, "; ");
			cb_buf_printf(&text, _("and %zu more"), n -
			    MERGED_SHOWN);
		}
	}
	/* A notable alert group is no incident yet: its headline alone. */
	if (none)
		cb_buf_adds(&title, text.data);
	else {
		cb_buf_printf(&title, "[%s] ", inc->id);
		cb_notify_escape(&title, o->chat, inc->title);
	}
	who = escaped(o->chat, n > 0 ? ev[n - 1]->actor : "");

	if (!none) {
		add_list_field(fields, o->chat, _("Class"), &inc->classes);
		add_field(fields, _("Urgency"),
		    cb_urgency_names[inc->urgency], true);
		add_field(fields, _("Phase"), cb_phase_names[inc->phase], true);
	}
	if (o->more && !none) {
		add_data_field(fields, o->chat, _("Department"),
		    inc->department);
		add_list_field(fields, o->chat, _("Host"), &inc->hosts);
	}
	add_field(fields, _("Who"), who[0] ? who : "-", true);

	json_object_set_new(att, "title", json_string(title.data));
	json_object_set_new(att, "color", json_string(
	    cb_notify_colour(none ? CB_URGENCY_HIGH : inc->urgency)));
	json_object_set_new(att, "fields", fields);
	/* Webhooks have no idempotency key: the id and event number let a
	   reader tell a duplicate after a lost answer. */
	footer = xasprintf("casebook %s #%lld", inc->id, n > 0 ?
	    ev[n - 1]->seq : 0LL);
	json_object_set_new(att, "footer", json_string(footer));
	json_object_set_new(body, "text", json_string(text.data));
	if (o->chat == CB_CHAT_ROCKETCHAT)
		json_object_set_new(body, "parseUrls", json_false());
	else
		json_object_set_new(att, "fallback", json_string(text.data));
	json_array_append_new(atts, att);
	json_object_set_new(body, "attachments", atts);
	out = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	cb_buf_free(&text);
	cb_buf_free(&title);
	free(footer);
	free(who);
	if (out == NULL)
		fatal("out of memory");
	return out;
}

/* --- GitLab ------------------------------------------------------------------------------- */

/* Data without control bytes, for GitLab (markdown is its own). */
static void
add_plain(struct cb_buf *b, const char *s, bool label)
{
	size_t len = strlen(s);
	unsigned cp;
	int n;

	for (size_t i = 0; i < len; i += (size_t)n) {
		if ((n = cb_utf8_decode(s + i, len - i, &cp)) < 0) {
			cb_buf_adds(b, "\xef\xbf\xbd");
			n = 1;
		} else if (cp == '\n' || cp == '\t' || cp == '\r')
			cb_buf_addc(b, ' ');
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
		    cp < 0xa0) || invisible(cp))
			;	/* removed */
		else if (label && (cp == ',' || (cp == ':' && (s[i + 1] == ':' ||
		    (i > 0 && s[i - 1] == ':')))))
			cb_buf_addc(b, ' ');
		else
			cb_buf_add(b, s + i, (size_t)n);
	}
}

char *
cb_gitlab_title(const struct cb_incident *inc)
{
	struct cb_buf b = { 0 };
	size_t chars = 0, i;

	cb_buf_printf(&b, "[%s] ", inc->id);
	add_plain(&b, inc->title, false);
	/* GitLab takes 255 characters: cut on a character's boundary. */
	for (i = 0; i < b.len; i++)
		if (((unsigned char)b.data[i] & 0xc0) != 0x80 && ++chars > 255)
			break;
	b.len = i;
	b.data[i] = '\0';
	return cb_buf_detach(&b);
}

static void
add_label(struct cb_buf *b, const char *scope, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	if (b->len > 0)
		cb_buf_addc(b, ',');
	cb_buf_printf(b, "%s::", scope);
	add_plain(b, value, true);
}

char *
cb_gitlab_labels(const struct cb_incident *inc)
{
	struct cb_buf b = { 0 };

	cb_buf_adds(&b, "");
	add_label(&b, "urgency", cb_urgency_names[inc->urgency]);
	add_label(&b, "phase", cb_phase_names[inc->phase]);
	for (size_t i = 0; i < inc->classes.n; i++)
		add_label(&b, "class", inc->classes.v[i]);
	add_label(&b, "severity", cb_severity_names[inc->severity]);
	add_label(&b, "department", inc->department);
	return cb_buf_detach(&b);
}

char *
cb_gitlab_description(const struct cb_incident *inc, const char *lang,
    bool more)
{
	struct cb_buf b = { 0 };
	char *classes = cb_strlist_join(&inc->classes, ", ");

	cb_buf_printf(&b, _("Incident %s, kept in casebook; this issue "
	    "follows it."), inc->id);
	cb_buf_adds(&b, "\n\n");
	cb_buf_printf(&b, "- %s: ", _("Class"));
	add_plain(&b, classes, false);
	cb_buf_printf(&b, "\n- %s: %s\n- %s: %s\n", _("Urgency"),
	    cb_urgency_names[inc->urgency], _("Phase"),
	    cb_phase_names[inc->phase]);
	if (more) {
		char *hosts = cb_strlist_join(&inc->hosts, ", ");

		cb_buf_printf(&b, "- %s: ", _("Department"));
		add_plain(&b, inc->department, false);
		cb_buf_printf(&b, "\n- %s: ", _("Host"));
		add_plain(&b, hosts, false);
		cb_buf_adds(&b, "\n");
		free(hosts);
	}
	cb_buf_printf(&b, "\n%s%s\n", CB_GITLAB_MARKER, inc->id);
	free(classes);
	return cb_buf_detach(&b);
}

bool
cb_gitlab_has_marker(const char *text, const char *id)
{
	size_t ml = strlen(CB_GITLAB_MARKER), il = strlen(id);
	const char *p = text;

	while (text != NULL && (p = strstr(p, CB_GITLAB_MARKER)) != NULL) {
		p += ml;
		if (strncmp(p, id, il) == 0 && !(p[il] >= '0' && p[il] <= '9') &&
		    p[il] != '-')
			return true;
	}
	return false;
}

const char *
cb_gitlab_state_event(enum cb_phase from, enum cb_phase to)
{
	if (to == CB_PHASE_CLOSED && from != CB_PHASE_CLOSED)
		return "close";
	if (from == CB_PHASE_CLOSED && to != CB_PHASE_CLOSED)
		return "reopen";
	return NULL;
}

char *
cb_gitlab_phase_note(const struct cb_notify_event *ev, const char *lang)
{
	struct cb_buf b = { 0 };

	cb_buf_printf(&b, _("Phase %s -> %s, by "), ev->from, ev->to);
	add_plain(&b, ev->actor, false);
	return cb_buf_detach(&b);
}
