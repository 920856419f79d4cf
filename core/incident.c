#include "core/incident.h"
#include "core/siteid.h"
#include "core/nls.h"
#include "core/sanitize.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

const char *const cb_phase_names[CB_PHASE_COUNT] = {
	"intake", "triage", "initial", "handling", "recovery", "report",
	"closed",
};

const char *const cb_urgency_names[CB_URGENCY_COUNT] = {
	"immediate", "high", "normal", "low",
};

const char *const cb_severity_names[CB_SEVERITY_COUNT] = {
	"", "high", "medium", "low",
};

const char *const cb_class_names[] = {
	"phishing", "defacement", "malware-site", "scan", "dos", "ics",
	"targeted", "intrusion", "malware", "policy", "other", NULL,
};

const char *const cb_field_names[] = {
	"title", "urgency", "severity", "department", "reporter", "phase",
	"classes", "hosts", "assignees", NULL,
};

#define CLASS_COUNT (sizeof cb_class_names / sizeof cb_class_names[0] - 1)
#define FIELD_COUNT (sizeof cb_field_names / sizeof cb_field_names[0] - 1)
#define TITLE_MAX 300
#define TEXT_MAX 300

void
cb_strlist_add(struct cb_strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

bool
cb_strlist_has(const struct cb_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

char *
cb_strlist_join(const struct cb_strlist *l, const char *sep)
{
	struct cb_buf b = { 0 };

	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			cb_buf_adds(&b, sep);
		cb_buf_adds(&b, l->v[i]);
	}
	return cb_buf_detach(&b);
}

void
cb_strlist_free(struct cb_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
strlist_copy(struct cb_strlist *dst, const struct cb_strlist *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->n; i++)
		cb_strlist_add(dst, src->v[i]);
}

void
cb_incident_init(struct cb_incident *inc)
{
	memset(inc, 0, sizeof *inc);
	inc->title = xstrdup("");
	inc->department = xstrdup("");
	inc->reporter = xstrdup("");
	inc->phase = CB_PHASE_INTAKE;
	inc->urgency = CB_URGENCY_NORMAL;
	inc->severity = CB_SEVERITY_NONE;
	cb_strlist_add(&inc->classes, "other");
}

void
cb_incident_free(struct cb_incident *inc)
{
	free(inc->title);
	free(inc->department);
	free(inc->reporter);
	cb_strlist_free(&inc->classes);
	cb_strlist_free(&inc->assignees);
	cb_strlist_free(&inc->hosts);
	memset(inc, 0, sizeof *inc);
}

void
cb_incident_copy(struct cb_incident *dst, const struct cb_incident *src)
{
	*dst = *src;
	dst->title = xstrdup(src->title);
	dst->department = xstrdup(src->department);
	dst->reporter = xstrdup(src->reporter);
	strlist_copy(&dst->classes, &src->classes);
	strlist_copy(&dst->assignees, &src->assignees);
	strlist_copy(&dst->hosts, &src->hosts);
}

/* --- ids ---------------------------------------------------------------- */

bool
cb_id_parse(const char *s, int *year, int *num)
{
	/* Both forms, with and without a site letter (core/siteid.h). */
	return cb_siteid_parse(s, year, NULL, num);
}

void
cb_id_format(char out[CB_ID_MAX], int year, int num)
{
	snprintf(out, CB_ID_MAX, "%04d-%04d", year, num);
}

/* --- fields ------------------------------------------------------------- */

static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static char *
names_list(const char *const *names, size_t n)
{
	struct cb_buf b = { 0 };

	for (size_t i = 0; i < n && names[i] != NULL; i++) {
		if (names[i][0] == '\0')
			continue;
		if (b.len > 0)
			cb_buf_adds(&b, ", ");
		cb_buf_adds(&b, names[i]);
	}
	return cb_buf_detach(&b);
}

/*
 * Single-line text: valid UTF-8 (the record is JSON, which holds
 * nothing else: a title that was not used to vanish from incident.json,
 * and then every command failed for everyone), no control characters (a
 * title with a newline or an escape sequence is a mistake or an attack),
 * bounded length, counted in characters a person can count (UTF-8 code
 * points), not bytes: 300 Japanese characters are as long a title as 300
 * Latin ones.
 */
static enum cb_status
check_line(const char *field, const char *value, size_t max, bool required,
    struct cb_error *err)
{
	size_t len = strlen(value), chars = 0;
	enum cb_status s;

	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)value[i] & 0xc0) != 0x80;
	if (required && len == 0)
		return cb_fail(err, CB_EUSAGE, _("%s: must not be empty"), field);
	if ((s = cb_text_check(field, value, len, CB_TEXT_ONE_LINE, err)) !=
	    CB_OK)
		return s;
	if (chars > max)
		return cb_fail(err, CB_EUSAGE, _("%s: too long (%zu characters, "
		    "at most %zu); nothing was written"), field, chars, max);
	return CB_OK;
}

static char *
trim(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Splits "a, b,c" into a list, dropping empty items and duplicates. */
static void
split_list(const char *value, struct cb_strlist *out)
{
	const char *p = value;

	memset(out, 0, sizeof *out);
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = trim(p, n);

		if (item[0] != '\0' && !cb_strlist_has(out, item))
			cb_strlist_add(out, item);
		free(item);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

static enum cb_status
check_list(const char *field, const struct cb_strlist *l,
    const char *const *allowed, struct cb_error *err)
{
	enum cb_status st;

	for (size_t i = 0; i < l->n; i++) {
		if (allowed != NULL && name_index(allowed, CLASS_COUNT,
		    l->v[i]) < 0) {
			char *names = names_list(allowed, CLASS_COUNT);

			st = cb_fail(err, CB_EUSAGE,
			    _("%s: unknown class '%s' (one or more of: %s)"),
			    field, l->v[i], names);
			free(names);
			return st;
		}
		if ((st = check_line(field, l->v[i], TEXT_MAX, true, err)) != CB_OK)
			return st;
	}
	return CB_OK;
}

bool
cb_field_known(const char *field)
{
	return name_index(cb_field_names, FIELD_COUNT, field) >= 0;
}

static enum cb_status
bad_enum(struct cb_error *err, const char *field, const char *value,
    const char *const *names, size_t n)
{
	char *list = names_list(names, n);
	enum cb_status st = cb_fail(err, CB_EUSAGE,
	    _("%s: '%s' is not a valid value (one of: %s)"), field, value, list);

	free(list);
	return st;
}

enum cb_status
cb_incident_set(struct cb_incident *inc, const char *field, const char *value,
    struct cb_error *err)
{
	enum cb_status st;
	int i;

	if (strcmp(field, "title") == 0 || strcmp(field, "department") == 0 ||
	    strcmp(field, "reporter") == 0) {
		char **slot = field[0] == 't' ? &inc->title :
		    field[0] == 'd' ? &inc->department : &inc->reporter;
		char *v = trim(value, strlen(value));

		st = check_line(field, v, field[0] == 't' ? TITLE_MAX : TEXT_MAX,
		    field[0] == 't', err);
		if (st != CB_OK) {
			free(v);
			return st;
		}
		free(*slot);
		*slot = v;
		return CB_OK;
	}
	if (strcmp(field, "phase") == 0) {
		if ((i = name_index(cb_phase_names, CB_PHASE_COUNT, value)) < 0)
			return bad_enum(err, field, value, cb_phase_names,
			    CB_PHASE_COUNT);
		inc->phase = (enum cb_phase)i;
		return CB_OK;
	}
	if (strcmp(field, "urgency") == 0) {
		if ((i = name_index(cb_urgency_names, CB_URGENCY_COUNT, value)) < 0)
			return bad_enum(err, field, value, cb_urgency_names,
			    CB_URGENCY_COUNT);
		inc->urgency = (enum cb_urgency)i;
		return CB_OK;
	}
	if (strcmp(field, "severity") == 0) {
		/* "" or "none" takes a decision back. */
		if (strcmp(value, "none") == 0)
			value = "";
		if ((i = name_index(cb_severity_names, CB_SEVERITY_COUNT, value)) < 0)
			return bad_enum(err, field, value, cb_severity_names,
			    CB_SEVERITY_COUNT);
		inc->severity = (enum cb_severity)i;
		return CB_OK;
	}
	if (strcmp(field, "classes") == 0 || strcmp(field, "hosts") == 0 ||
	    strcmp(field, "assignees") == 0) {
		struct cb_strlist l, *slot = field[0] == 'c' ? &inc->classes :
		    field[0] == 'h' ? &inc->hosts : &inc->assignees;

		split_list(value, &l);
		st = check_list(field, &l, field[0] == 'c' ? cb_class_names :
		    NULL, err);
		if (st == CB_OK && field[0] == 'c' && l.n == 0)
			st = cb_fail(err, CB_EUSAGE,
			    _("classes: an incident needs at least one class"));
		if (st != CB_OK) {
			cb_strlist_free(&l);
			return st;
		}
		cb_strlist_free(slot);
		*slot = l;
		return CB_OK;
	}
	{
		char *names = names_list(cb_field_names, FIELD_COUNT);

		st = cb_fail(err, CB_EUSAGE,
		    _("unknown field '%s' (one of: %s)"), field, names);
		free(names);
		return st;
	}
}

char *
cb_incident_get(const struct cb_incident *inc, const char *field)
{
	if (strcmp(field, "title") == 0)
		return xstrdup(inc->title);
	if (strcmp(field, "department") == 0)
		return xstrdup(inc->department);
	if (strcmp(field, "reporter") == 0)
		return xstrdup(inc->reporter);
	if (strcmp(field, "phase") == 0)
		return xstrdup(cb_phase_names[inc->phase]);
	if (strcmp(field, "urgency") == 0)
		return xstrdup(cb_urgency_names[inc->urgency]);
	if (strcmp(field, "severity") == 0)
		return xstrdup(cb_severity_names[inc->severity]);
	if (strcmp(field, "classes") == 0)
		return cb_strlist_join(&inc->classes, ",");
	if (strcmp(field, "hosts") == 0)
		return cb_strlist_join(&inc->hosts, ",");
	if (strcmp(field, "assignees") == 0)
		return cb_strlist_join(&inc->assignees, ",");
	fatal("cb_incident_get: unknown field '%s'", field);
}

enum cb_status
cb_incident_validate(const struct cb_incident *inc, struct cb_error *err)
{
	enum cb_status st;
	time_t t;

	if (!cb_id_parse(inc->id, NULL, NULL))
		return cb_fail(err, CB_ERR, _("id: '%s' is not of the form YYYY-NNNN or YYYY-SNNNN"),
		    inc->id);
	if ((st = check_line("title", inc->title, TITLE_MAX, true, err)) ||
	    (st = check_line("department", inc->department, TEXT_MAX, false,
	    err)) ||
	    (st = check_line("reporter", inc->reporter, TEXT_MAX, false, err)) ||
	    (st = check_list("classes", &inc->classes, cb_class_names, err)) ||
	    (st = check_list("hosts", &inc->hosts, NULL, err)) ||
	    (st = check_list("assignees", &inc->assignees, NULL, err)))
		return st;
	if (inc->classes.n == 0)
		return cb_fail(err, CB_ERR, _("classes: an incident needs at least "
		    "one class"));
	if (!cb_time_parse(inc->created, &t))
		return cb_fail(err, CB_ERR, _("created: '%s' is not a UTC time "
		    "(YYYY-MM-DDThh:mm:ssZ)"), inc->created);
	if (!cb_time_parse(inc->updated, &t))
		return cb_fail(err, CB_ERR, _("updated: '%s' is not a UTC time "
		    "(YYYY-MM-DDThh:mm:ssZ)"), inc->updated);
	return CB_OK;
}

/* --- JSON ----------------------------------------------------------------- */

static json_t *
list_json(const struct cb_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

char *
cb_incident_to_json(const struct cb_incident *inc)
{
	json_t *o = json_object();
	char *text, *out;

	json_object_set_new(o, "id", json_string(inc->id));
	json_object_set_new(o, "title", json_string(inc->title));
	json_object_set_new(o, "classes", list_json(&inc->classes));
	json_object_set_new(o, "phase", json_string(cb_phase_names[inc->phase]));
	json_object_set_new(o, "urgency",
	    json_string(cb_urgency_names[inc->urgency]));
	json_object_set_new(o, "severity", inc->severity == CB_SEVERITY_NONE ?
	    json_null() : json_string(cb_severity_names[inc->severity]));
	json_object_set_new(o, "department", json_string(inc->department));
	json_object_set_new(o, "reporter", json_string(inc->reporter));
	json_object_set_new(o, "assignees", list_json(&inc->assignees));
	json_object_set_new(o, "hosts", list_json(&inc->hosts));
	json_object_set_new(o, "created", json_string(inc->created));
	json_object_set_new(o, "updated", json_string(inc->updated));

	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (text == NULL)
		fatal("cb_incident_to_json: cannot encode %s", inc->id);
	out = xasprintf("%s\n", text);
	free(text);
	return out;
}

static enum cb_status
json_text(json_t *o, const char *key, bool nullable, const char *where,
    const char **out, struct cb_error *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return cb_fail(err, CB_ERR, _("%s: field '%s' is missing"), where, key);
	if (nullable && json_is_null(v)) {
		*out = "";
		return CB_OK;
	}
	if (!json_is_string(v))
		return cb_fail(err, CB_ERR, _("%s: field '%s' must be a string"),
		    where, key);
	*out = json_string_value(v);
	return CB_OK;
}

static enum cb_status
json_list(json_t *o, const char *key, const char *where,
    struct cb_strlist *out, struct cb_error *err)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	cb_strlist_free(out);
	if (a == NULL)
		return cb_fail(err, CB_ERR, _("%s: field '%s' is missing"), where, key);
	if (!json_is_array(a))
		return cb_fail(err, CB_ERR, _("%s: field '%s' must be a list"),
		    where, key);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return cb_fail(err, CB_ERR, _("%s: field '%s', item %zu: "
			    "must be a string"), where, key, i + 1);
		cb_strlist_add(out, json_string_value(v));
	}
	return CB_OK;
}

enum cb_status
cb_incident_from_json(const char *buf, size_t len, const char *where,
    struct cb_incident *inc, struct cb_error *err)
{
	static const char *const text_fields[] = {
		"title", "department", "reporter", "phase", "urgency",
		"severity",
	};
	json_error_t jerr;
	json_t *o;
	const char *s;
	enum cb_status st = CB_OK;

	cb_incident_init(inc);
	o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return cb_fail(err, CB_ERR, "%s:%d:%d: %s", where, jerr.line,
		    jerr.column, jerr.text);
	if (!json_is_object(o)) {
		st = cb_fail(err, CB_ERR, _("%s: not a JSON object"), where);
		goto out;
	}
	if ((st = json_text(o, "id", false, where, &s, err)) != CB_OK)
		goto out;
	if (strlen(s) >= CB_ID_MAX || !cb_id_parse(s, NULL, NULL)) {
		st = cb_fail(err, CB_ERR, _("%s: id '%s' is not of the form "
		    "YYYY-NNNN or YYYY-SNNNN"), where, s);
		goto out;
	}
	strcpy(inc->id, s);
	for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
		const char *f = text_fields[i];

		st = json_text(o, f, strcmp(f, "severity") == 0, where, &s, err);
		if (st == CB_OK)
			st = cb_incident_set(inc, f, s, err);
		if (st != CB_OK) {
			/* json_text already names the file; set does not. */
			if (err != NULL && strncmp(err->msg, where,
			    strlen(where)) != 0)
				cb_error_prefix(err, where);
			st = CB_ERR;
			if (err != NULL)
				err->status = st;
			goto out;
		}
	}
	if ((st = json_list(o, "classes", where, &inc->classes, err)) ||
	    (st = json_list(o, "hosts", where, &inc->hosts, err)) ||
	    (st = json_list(o, "assignees", where, &inc->assignees, err)))
		goto out;
	if ((st = json_text(o, "created", false, where, &s, err)) != CB_OK)
		goto out;
	snprintf(inc->created, sizeof inc->created, "%s", s);
	if ((st = json_text(o, "updated", false, where, &s, err)) != CB_OK)
		goto out;
	snprintf(inc->updated, sizeof inc->updated, "%s", s);
	if ((st = cb_incident_validate(inc, err)) != CB_OK)
		cb_error_prefix(err, where);
out:
	json_decref(o);
	return st;
}

/* --- time ----------------------------------------------------------------- */

static time_t fixed_clock;

void
cb_clock_fix(time_t t)
{
	fixed_clock = t;
}

bool
cb_clock_fixed(void)
{
	const char *fake = getenv("CASEBOOK_NOW");

	return fixed_clock != 0 || (fake != NULL && *fake != '\0');
}

time_t
cb_now(void)
{
	const char *fake = getenv("CASEBOOK_NOW");
	char *end;
	long long v;

	if (fixed_clock != 0)
		return fixed_clock;
	if (fake != NULL && *fake != '\0') {
		errno = 0;
		v = strtoll(fake, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

void
cb_time_format(time_t t, char out[CB_TIME_MAX])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CB_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool
cb_time_parse(const char *s, time_t *t)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return false;
	*t = timegm(&tm);
	return true;
}
