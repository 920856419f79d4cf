/*
 * The words a person reads for the domain's values (see core/words.h).
 * Phase names come from gettext, option labels from the playbooks (the
 * one place their two languages are kept), ages and times from the
 * clock and the local zone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/nls.h"
#include "core/words.h"

static const char *const phase_words[CB_PHASE_COUNT] = {
	/* TRANSLATORS: the phases of an incident, as the queue shows them. */
	N_("intake"), N_("triage"), N_("initial"), N_("handling"),
	N_("recovery"), N_("report"), N_("closed"),
};

const char *
cb_phase_word(enum cb_phase p)
{
	if ((unsigned)p >= CB_PHASE_COUNT)
		return "?";
	return _(phase_words[p]);
}

static const char *const state_words[CB_ITEM_STATE_COUNT] = {
	/* TRANSLATORS: the states of a checklist item. */
	N_("blocked"), N_("ready"), N_("answered"), N_("waived"),
	N_("not applicable"),
};

const char *
cb_state_word(enum cb_item_state s)
{
	if ((unsigned)s >= CB_ITEM_STATE_COUNT)
		return "?";
	return _(state_words[s]);
}

static const char *const role_words[CB_ROLE_COUNT] = {
	/* TRANSLATORS: who answers an item; short, for a column. */
	"", N_("CERT"), N_("office staff"), N_("dept. head"), N_("viewer"),
};

const char *
cb_role_word(enum cb_role r)
{
	if ((unsigned)r >= CB_ROLE_COUNT || r == CB_ROLE_NONE)
		return "";
	return _(role_words[r]);
}

static const struct {
	const char *action, *word;
} action_words[] = {
	/* TRANSLATORS: what a change in the history did; short (a column
	 * of ten). */
	{ "init", N_("init") }, { "create", N_("create") },
	{ "set", N_("set") }, { "note", N_("note") },
	{ "attach", N_("attach") }, { "answer", N_("answer") },
	{ "waive", N_("waive") }, { "advance", N_("advance") },
	{ "back", N_("back") }, { "force-phase", N_("force-phase") },
	{ "suggestion-accept", N_("suggestion-accept") },
	{ "suggestion-dismiss", N_("suggestion-dismiss") },
	{ "rules", N_("rules") },
};

const char *
cb_action_word(const char *action)
{
	for (size_t i = 0; i < sizeof action_words / sizeof action_words[0];
	    i++)
		if (strcmp(action_words[i].action, action) == 0)
			return _(action_words[i].word);
	return action;
}

static const char *const kind_words[CB_KIND_COUNT] = {
	/* TRANSLATORS: the kinds of answer an item takes. */
	N_("yes or no"), N_("choice"), N_("text"), N_("date and time"),
	N_("period"), N_("hosts"), N_("done"),
};

const char *
cb_kind_word(enum cb_item_kind k)
{
	if ((unsigned)k >= CB_KIND_COUNT)
		return "?";
	return _(kind_words[k]);
}

const char *
cb_suggestion_word(const struct cb_playbooks *pbs, const char *effect,
    const char *value, const char *lang, char *buf, size_t n)
{
	const char *what = NULL;
	char word[512];

	if (strcmp(effect, "suggest_urgency") == 0) {
		snprintf(buf, n, _("suggested urgency: %s"), cb_value_word(pbs,
		    "urgency", value, lang, CB_WORD_BRIEF | CB_WORD_LABELS,
		    word, sizeof word));
		return buf;
	}
	if (strcmp(effect, "require") == 0) {
		const struct cb_item *it = pbs != NULL ?
		    cb_graph_find(pbs, value) : NULL;

		snprintf(buf, n, _("now required: %s"), it != NULL ?
		    cb_text_in(&it->label, lang) : value);
		return buf;
	}
	if (strcmp(effect, "suggest_action") == 0) {
		for (size_t i = 0; pbs != NULL && what == NULL &&
		    i < pbs->nplaybooks; i++)
			for (size_t k = 0; k < pbs->playbooks[i].nactions; k++)
				if (strcmp(pbs->playbooks[i].actions[k].id,
				    value) == 0) {
					what = cb_text_in(
					    &pbs->playbooks[i].actions[k].label,
					    lang);
					break;
				}
		snprintf(buf, n, _("suggested action: %s"), what != NULL ?
		    what : value);
		return buf;
	}
	if (strcmp(effect, "suggest_advance") == 0 ||
	    strcmp(effect, "suggest_back") == 0) {
		for (int p = 0; p < CB_PHASE_COUNT; p++)
			if (strcmp(cb_phase_names[p], value) == 0)
				what = cb_phase_word((enum cb_phase)p);
		snprintf(buf, n, effect[8] == 'a' ? _("move on to phase: %s") :
		    _("go back to phase: %s"), what != NULL ? what : value);
		return buf;
	}
	snprintf(buf, n, "%s %s", effect, value);
	return buf;
}

/* Appends s (len bytes) to buf, never past n - 1. */
static void
append(char *buf, size_t n, size_t *at, const char *s, size_t len)
{
	if (*at + 1 >= n)
		return;
	if (len > n - 1 - *at)
		len = n - 1 - *at;
	memcpy(buf + *at, s, len);
	*at += len;
	buf[*at] = '\0';
}

/* The label of one value (len bytes of it), brief or whole, appended. */
static void
one_word(const struct cb_item *it, const char *v, size_t len,
    const char *lang, bool brief, char *buf, size_t n, size_t *at)
{
	const char *label = NULL;

	if (it != NULL && it->kind == CB_KIND_YESNO) {
		if (len == 3 && memcmp(v, "yes", 3) == 0)
			label = _("yes");
		else if (len == 2 && memcmp(v, "no", 2) == 0)
			label = _("no");
	} else if (it != NULL && it->kind == CB_KIND_CHOICE) {
		for (size_t i = 0; i < it->noptions; i++)
			if (strlen(it->options[i].value) == len &&
			    memcmp(it->options[i].value, v, len) == 0)
				label = cb_text_in(&it->options[i].label, lang);
	}
	if (label == NULL || *label == '\0') {
		append(buf, n, at, v, len);
		return;
	}
	len = strlen(label);
	if (brief) {
		/* "High (act today)", 高（当日中に対応）: the part before. */
		const char *p = strstr(label, " ("), *q = strstr(label, "（");

		if (q != NULL && (p == NULL || q < p))
			p = q;
		if (p != NULL && p > label)
			len = (size_t)(p - label);
	}
	append(buf, n, at, label, len);
}

/*
 * A time as an answer keeps it: "2026-11-11T12:38:00Z" or with an offset
 * ("+09:00", "+0900"); true when s (len bytes) is one.
 */
static bool
parse_time(const char *s, size_t len, time_t *t)
{
	char tmp[64], *end;
	struct tm tm;
	long off = 0;

	if (len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(&tm, 0, sizeof tm);
	if ((end = strptime(tmp, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL &&
	    (end = strptime(tmp, "%Y-%m-%dT%H:%M", &tm)) == NULL)
		return false;
	if (*end == '+' || *end == '-') {
		int h, m;

		if (sscanf(end + 1, "%2d:%2d", &h, &m) != 2 &&
		    sscanf(end + 1, "%2d%2d", &h, &m) != 2)
			return false;
		off = (h * 60L + m) * 60 * (*end == '-' ? -1 : 1);
	} else if (!(*end == 'Z' && end[1] == '\0') && *end != '\0') {
		return false;
	}
	*t = timegm(&tm) - off;
	return true;
}

/* A date, done or period answer with its times local; false if none. */
static bool
time_word(const struct cb_item *it, const char *value, char *buf, size_t n)
{
	const char *slash = strchr(value, '/');
	char a[CB_LOCAL_TIME_MAX], b[CB_LOCAL_TIME_MAX];
	time_t t0, t1;

	if (it->kind == CB_KIND_PERIOD && slash != NULL &&
	    parse_time(value, (size_t)(slash - value), &t0) &&
	    parse_time(slash + 1, strlen(slash + 1), &t1)) {
		cb_local_time_t(t0, a, sizeof a);
		cb_local_time_t(t1, b, sizeof b);
		snprintf(buf, n, "%s - %s", a, b);
		return true;
	}
	if ((it->kind == CB_KIND_DATETIME || it->kind == CB_KIND_DONE) &&
	    parse_time(value, strlen(value), &t0)) {
		cb_local_time_t(t0, buf, n);
		return true;
	}
	return false;
}

const char *
cb_value_word(const struct cb_playbooks *pbs, const char *item,
    const char *value, const char *lang, int flags, char *buf, size_t n)
{
	bool brief = (flags & CB_WORD_BRIEF) != 0;
	const struct cb_item *it = pbs != NULL && item != NULL ?
	    cb_graph_find(pbs, item) : NULL;
	const char *sep = lang[0] == 'j' ? "、" : ", ";
	size_t at = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (it != NULL && time_word(it, value, buf, n))
		return buf;
	/* Only choices have labels; other text is copied whole. */
	if (it == NULL || (flags & CB_WORD_LABELS) == 0 ||
	    (it->kind != CB_KIND_CHOICE && it->kind != CB_KIND_YESNO)) {
		append(buf, n, &at, value, strlen(value));
		return buf;
	}
	for (const char *s = value;;) {
		size_t len = strcspn(s, ",");

		while (len > 0 && *s == ' ') {
			s++;
			len--;
		}
		one_word(it, s, len, lang, brief, buf, n, &at);
		if (s[len] == '\0')
			break;
		append(buf, n, &at, sep, strlen(sep));
		s += len + 1;
	}
	return buf;
}

const char *
cb_field_item(const struct cb_playbooks *pbs, const char *field)
{
	if (pbs == NULL)
		return NULL;
	for (size_t i = 0; i < pbs->graph.nitems; i++)
		if (pbs->graph.items[i].field != NULL &&
		    strcmp(pbs->graph.items[i].field, field) == 0)
			return pbs->graph.items[i].id;
	return NULL;
}

void
cb_duration_word(long long secs, char *out, size_t n)
{
	if (secs < 0)
		secs = 0;
	/* TRANSLATORS: ages in the queue: minutes, hours, days; keep them
	 * short (a column of six) and unmistakable (not "m" for minutes). */
	if (secs < 3600)
		snprintf(out, n, _("%ld min"), (long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(out, n, _("%ld h"), (long)(secs / 3600));
	else
		snprintf(out, n, _("%ld d"), (long)(secs / 86400));
}

void
cb_age_word(const char *iso, char *out, size_t n)
{
	time_t then;

	if (!cb_time_parse(iso, &then)) {
		snprintf(out, n, "?");
		return;
	}
	cb_duration_word((long long)(cb_now() - then), out, n);
}

void
cb_local_time_t(time_t t, char *out, size_t n)
{
	struct tm tm;
	char zone[16];

	localtime_r(&t, &tm);
	/* The zone's abbreviation (JST, UTC), else its offset (+0900). */
	if (strftime(zone, sizeof zone, "%Z", &tm) == 0 || zone[0] == '\0' ||
	    zone[0] == '+' || zone[0] == '-' ||
	    (zone[0] >= '0' && zone[0] <= '9'))
		strftime(zone, sizeof zone, "%z", &tm);
	if (strftime(out, n, "%Y-%m-%d %H:%M ", &tm) == 0) {
		if (n > 0)
			out[0] = '\0';
		return;
	}
	strncat(out, zone, n - strlen(out) - 1);
}

void
cb_local_time(const char *iso, char *out, size_t n)
{
	time_t t;

	if (!cb_time_parse(iso, &t)) {
		snprintf(out, n, "%s", iso);
		return;
	}
	cb_local_time_t(t, out, n);
}

long
cb_utc_offset(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}
