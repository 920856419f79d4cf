/*
 * TheHive 5 alerts (the alert object of TheHive's API, INTEGRATIONS.md
 * section 5, as TheHive4py's types/alert.py lists its fields), one JSON
 * object a record, into the normal form:
 *
 *   source      TheHive's "source" (the organisation or tool that raised
 *               it: "lastline", "jpcert"), lower-cased, so that the
 *               external-source mapping and the rules on sources apply
 *   source_ref  "thehive:" + TheHive's "_id" when the object has one (an
 *               export of a TheHive), else "thehive:" + type + "/" +
 *               sourceRef (the triple TheHive keeps unique): the dedup key
 *   event_time  "date" (epoch milliseconds), else received
 *   signature   "title"; category "type"; severity 1-4 as low, medium,
 *               high, critical
 *   src         the first "ip" observable (TheHive has no source and
 *               destination; the first address named is the host the
 *               alert is about, as in the alerts casebook exports)
 *   observables ip, domain, fqdn, hostname, url, hash, mail, mail-subject
 *   link        "externalLink"
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alert-int.h"
#include "core/xmalloc.h"

static const char *
str_of(json_t *o, const char *key)
{
	const char *s = cb_json_str(o, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

static void
observable(struct cb_alert *a, json_t *o)
{
	const char *dt = str_of(o, "dataType"), *d = str_of(o, "data");

	if (dt == NULL || d == NULL)
		return;
	if (strcmp(dt, "ip") == 0) {
		if (a->src.addr == NULL && a->src.host == NULL)
			cb_endpoint_set(&a->src, d);
		cb_alert_add_host(a, d);
	} else if (strcmp(dt, "domain") == 0 || strcmp(dt, "fqdn") == 0 ||
	    strcmp(dt, "hostname") == 0)
		cb_alert_add_host(a, d);
	else if (strcmp(dt, "url") == 0) {
		cb_alert_add_obs(a, CB_OBS_URL, d);
		cb_alert_add_url(a, d);
	} else if (strcmp(dt, "hash") == 0)
		cb_alert_add_hash(a, d);
	else if (strcmp(dt, "mail") == 0)
		cb_alert_add_obs(a, CB_OBS_MAIL_FROM, d);
	else if (strcmp(dt, "mail-subject") == 0 ||
	    strcmp(dt, "mail_subject") == 0)
		cb_alert_add_obs(a, CB_OBS_MAIL_SUBJECT, d);
	else if (strcmp(dt, "filename") == 0)
		cb_alert_add_obs(a, CB_OBS_FILE, d);
}

enum cb_status
cb_parse_thehive(json_t *root, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err)
{
	static const enum cb_alert_severity by_sev[] = { CB_ASEV_UNKNOWN,
	    CB_ASEV_LOW, CB_ASEV_MEDIUM, CB_ASEV_HIGH, CB_ASEV_CRITICAL };
	const char *source = str_of(root, "source"), *type = str_of(root,
	    "type"), *ref = str_of(root, "sourceRef"), *id = str_of(root, "_id");
	const char *title = str_of(root, "title");
	json_t *date = json_object_get(root, "date"), *obs, *o;
	json_int_t sev;
	struct cb_alert *a;
	char *s;
	size_t i;

	if (source == NULL || type == NULL || ref == NULL)
		return cb_fail(err, CB_ERR, "a TheHive alert needs type, "
		    "source and sourceRef");
	if (date != NULL && !json_is_null(date) && (!json_is_integer(date) ||
	    json_integer_value(date) < 0 || json_integer_value(date) / 1000 >
	    (json_int_t)CB_ALERT_TIME_MAX))
		return cb_fail(err, CB_ERR, "date is not a time in epoch "
		    "milliseconds");
	obs = json_object_get(root, "observables");
	if (obs != NULL && !json_is_null(obs) && !json_is_array(obs))
		return cb_fail(err, CB_ERR, "observables is not a list");
	a = xmalloc(sizeof *a);
	cb_alert_init(a);
	a->received = ctx->received;
	a->event_time = json_is_integer(date) ?
	    (time_t)(json_integer_value(date) / 1000) : ctx->received;
	a->source = cb_utf8_dup(source, strlen(source));
	for (s = a->source; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	s = id != NULL ? xasprintf("thehive:%s", id) :
	    xasprintf("thehive:%s/%s", type, ref);
	a->source_ref = cb_utf8_dup(s, strlen(s));
	free(s);
	cb_alert_set(&a->signature, title != NULL ? title : "TheHive alert");
	cb_alert_set(&a->category, type);
	sev = json_integer_value(json_object_get(root, "severity"));
	if (sev >= 1 && sev <= 4)
		a->severity = by_sev[sev];
	json_array_foreach(obs, i, o)
		if (json_is_object(o))
			observable(a, o);
	cb_alert_set(&a->link, str_of(root, "externalLink"));
	cb_alert_set_raw(a, buf, len);
	cb_alert_emit(sink, a);
	return CB_OK;
}
