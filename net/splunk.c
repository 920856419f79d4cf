/*
 * Splunk's search export (net/splunk.h).
 */
#include "config.h"

#include <jansson.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "net/http.h"
#include "net/splunk.h"

#define _(s) gettext(s)

#define EXPORT_PATH		"/services/search/v2/jobs/export"
#define DEFAULT_MAX		(512u << 20)
#define DEFAULT_TIMEOUT_MS	(10L * 60 * 1000)

/* SPL's double-quoted string: a backslash before " and \. */
static char *
spl_quote(const char *s)
{
	struct cb_buf b = { 0 };

	cb_buf_addc(&b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			cb_buf_addc(&b, '\\');
		cb_buf_addc(&b, *s);
	}
	cb_buf_adds(&b, "\"");
	return cb_buf_detach(&b);
}

/*
 * The text of Splunk's FATAL or ERROR message when line is one
 * ({"messages":[{"type":"FATAL","text":...}]}), else NULL.  Rows never
 * start so.
 */
static char *
failure(const char *line, size_t len)
{
	json_t *o, *m;
	const char *type, *text;
	char *why = NULL;
	size_t i;

	if (len < 12 || strncmp(line, "{\"messages\"", 11) != 0)
		return NULL;
	if ((o = json_loadb(line, len, 0, NULL)) == NULL)
		return NULL;
	json_array_foreach(json_object_get(o, "messages"), i, m) {
		type = json_string_value(json_object_get(m, "type"));
		text = json_string_value(json_object_get(m, "text"));
		if (type != NULL && (strcmp(type, "FATAL") == 0 ||
		    strcmp(type, "ERROR") == 0)) {
			why = cb_sanitize(text != NULL ? text : type,
			    strlen(text != NULL ? text : type), 0);
			break;
		}
	}
	json_decref(o);
	return why;
}

enum cb_status
cb_splunk_export(const struct cb_splunk *sp, const char *search,
    time_t earliest, time_t latest, char **body, size_t *len,
    struct cb_error *err)
{
	struct cb_http_opts o = { 0 };
	struct cb_http_response resp;
	const char *headers[2];
	char *quoted, *spl, *esc, *form, *url, *auth, *why;
	size_t ulen = strlen(sp->url);
	enum cb_status s;

	*body = NULL;
	*len = 0;
	while (ulen > 0 && sp->url[ulen - 1] == '/')
		ulen--;
	quoted = spl_quote(search);
	spl = xasprintf("| savedsearch %s", quoted);
	esc = cb_http_escape(spl);
	form = xasprintf("search=%s&earliest_time=%lld&latest_time=%lld"
	    "&output_mode=json", esc, (long long)earliest, (long long)latest);
	url = xasprintf("%.*s%s", (int)ulen, sp->url, EXPORT_PATH);
	auth = xasprintf("Authorization: Bearer %s", sp->token);
	headers[0] = auth;
	headers[1] = NULL;
	o.ca_file = sp->ca_file;
	o.max_body = sp->max_body > 0 ? sp->max_body : DEFAULT_MAX;
	o.timeout_ms = sp->timeout_ms > 0 ? sp->timeout_ms : DEFAULT_TIMEOUT_MS;
	o.content_type = "application/x-www-form-urlencoded";
	s = cb_http_request(&o, "POST", url, headers, form, &resp, err);
	explicit_bzero(auth, strlen(auth));
	free(auth);
	free(url);
	free(form);
	free(esc);
	free(spl);
	free(quoted);
	if (s != CB_OK)
		goto out;
	if (resp.answer.status != 200) {
		char *text = cb_sanitize(resp.body, resp.body_len > 300 ? 300 :
		    resp.body_len, 0);

		s = cb_fail(err, CB_ERR, _("Splunk answered %d: %s"),
		    resp.answer.status, text);
		free(text);
		goto out;
	}
	if (resp.truncated) {
		s = cb_fail(err, CB_ERR, _("the export is over %zu MB: nothing "
		    "taken; ask for a shorter time range"), o.max_body >> 20);
		goto out;
	}
	for (const char *p = resp.body, *e = resp.body + resp.body_len, *nl;
	    p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if ((why = failure(p, (size_t)(nl - p))) != NULL) {
			s = cb_fail(err, CB_ERR, _("the search failed, nothing "
			    "taken: %s"), why);
			free(why);
			goto out;
		}
	}
	*body = resp.body;
	*len = resp.body_len;
	resp.body = NULL;
out:
	cb_http_response_free(&resp);
	return s;
}
