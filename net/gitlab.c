/*
 * The GitLab mirror's calls (net/gitlab.h), REST v4 as
 * ../shared/INTEGRATIONS.md section 4 describes it.
 */
#include "config.h"

#include <jansson.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify.h"
#include "core/sanitize.h"
#include "net/gitlab.h"

#define _(s) gettext(s)

void
cb_gitlab_issue_free(struct cb_gitlab_issue *is)
{
	free(is->web_url);
	free(is->state);
	memset(is, 0, sizeof *is);
}

/* base/api/v4/projects/:id + rest; allocates. */
static char *
project_url(const struct cb_gitlab *gl, const char *rest)
{
	char *id = cb_http_escape(gl->project);
	size_t n = strlen(gl->url);
	char *u;

	while (n > 0 && gl->url[n - 1] == '/')
		n--;
	u = xasprintf("%.*s/api/v4/projects/%s%s", (int)n, gl->url, id, rest);
	free(id);
	return u;
}

/*
 * One request with the token; CB_OK only for a 2xx.  once: on a
 * connection of its own, so that libcurl never sends it twice.
 */
static enum cb_status
call(const struct cb_gitlab *gl, const char *method, const char *url,
    json_t *body, int once, struct cb_http_response *resp,
    struct cb_error *err)
{
	struct cb_http_opts o = gl->http;
	char *token = xasprintf("PRIVATE-TOKEN: %s", gl->token ? gl->token :
	    "");
	const char *headers[] = { token, NULL };
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	enum cb_status s;

	o.once = once;
	s = cb_http_request(&o, method, url, headers, text, resp, err);
	explicit_bzero(token, strlen(token));
	free(token);
	free(text);
	if (s == CB_OK && (resp->answer.status < 200 ||
	    resp->answer.status > 299)) {
		char *plain = cb_sanitize(resp->body, resp->body_len > 200 ?
		    200 : resp->body_len, 0);

		s = cb_fail(err, CB_ERR, _("GitLab answered %d: %s"),
		    resp->answer.status, plain);
		free(plain);
	}
	return s;
}

/* Takes iid, web_url and state from an issue object. */
static enum cb_status
take_issue(json_t *o, struct cb_gitlab_issue *is, struct cb_error *err)
{
	json_t *iid = json_object_get(o, "iid");
	const char *url = json_string_value(json_object_get(o, "web_url"));
	const char *state = json_string_value(json_object_get(o, "state"));

	if (!json_is_integer(iid) || json_integer_value(iid) <= 0 ||
	    url == NULL)
		return cb_fail(err, CB_ERR, _("GitLab's answer has no issue "
		    "number or address"));
	is->iid = (long)json_integer_value(iid);
	is->web_url = xstrdup(url);
	is->state = xstrdup(state != NULL ? state : "");
	return CB_OK;
}

enum cb_status
cb_gitlab_find(const struct cb_gitlab *gl, const char *id,
    struct cb_gitlab_issue *is, struct cb_http_response *resp,
    struct cb_error *err)
{
	char *marker = xasprintf("%s%s", CB_GITLAB_MARKER, id);
	char *q = cb_http_escape(marker);
	char *rest = xasprintf("/issues?search=%s&in=description&scope=all"
	    "&state=all&per_page=100", q);
	char *url = project_url(gl, rest);
	json_t *list = NULL, *o;
	enum cb_status s;
	size_t i;

	memset(is, 0, sizeof *is);
	if ((s = call(gl, "GET", url, NULL, 0, resp, err)) != CB_OK)
		goto out;
	if ((list = json_loads(resp->body, 0, NULL)) == NULL ||
	    !json_is_array(list)) {
		s = cb_fail(err, CB_ERR, _("GitLab's answer to a search is "
		    "not a list of issues"));
		goto out;
	}
	/* The search matches words; only the exact marker counts.  The
	   oldest wins if two were ever made. */
	json_array_foreach(list, i, o) {
		const char *d = json_string_value(json_object_get(o,
		    "description"));
		long iid = (long)json_integer_value(json_object_get(o, "iid"));

		if (d == NULL || !cb_gitlab_has_marker(d, id) ||
		    (is->iid != 0 && iid > is->iid))
			continue;
		cb_gitlab_issue_free(is);
		if ((s = take_issue(o, is, err)) != CB_OK)
			goto out;
	}
out:
	json_decref(list);
	free(url);
	free(rest);
	free(q);
	free(marker);
	return s;
}

static json_t *
id_array(const long *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

enum cb_status
cb_gitlab_ensure(const struct cb_gitlab *gl, const struct cb_incident *inc,
    const char *lang, bool more, const long *assignee_ids, size_t n_ids,
    struct cb_gitlab_issue *is, bool *created, struct cb_http_response *resp,
    struct cb_error *err)
{
	char *title, *labels, *desc, *url;
	json_t *body, *o;
	enum cb_status s;

	*created = false;
	if ((s = cb_gitlab_find(gl, inc->id, is, resp, err)) != CB_OK ||
	    is->iid != 0)
		return s;
	cb_http_response_free(resp);
	title = cb_gitlab_title(inc);
	labels = cb_gitlab_labels(inc);
	desc = cb_gitlab_description(inc, lang, more);
	body = json_object();
	json_object_set_new(body, "title", json_string(title));
	json_object_set_new(body, "description", json_string(desc));
	json_object_set_new(body, "labels", json_string(labels));
	json_object_set_new(body, "confidential", json_true());
	if (n_ids > 0)
		json_object_set_new(body, "assignee_ids", id_array(assignee_ids,
		    n_ids));
	url = project_url(gl, "/issues");
	s = call(gl, "POST", url, body, 1, resp, err);
	if (s == CB_OK) {
		if ((o = json_loads(resp->body, 0, NULL)) == NULL)
			s = cb_fail(err, CB_ERR, _("GitLab's answer to a "
			    "create is not an issue"));
		else
			s = take_issue(o, is, err);
		json_decref(o);
		*created = s == CB_OK;
	}
	json_decref(body);
	free(url);
	free(title);
	free(labels);
	free(desc);
	return s;
}

enum cb_status
cb_gitlab_update(const struct cb_gitlab *gl, long iid,
    const struct cb_incident *inc, const char *state_event,
    const long *assignee_ids, size_t n_ids, struct cb_http_response *resp,
    struct cb_error *err)
{
	char *rest = xasprintf("/issues/%ld", iid);
	char *url = project_url(gl, rest);
	char *title = cb_gitlab_title(inc), *labels = cb_gitlab_labels(inc);
	json_t *body = json_object();
	enum cb_status s;

	json_object_set_new(body, "title", json_string(title));
	json_object_set_new(body, "labels", json_string(labels));
	if (state_event != NULL)
		json_object_set_new(body, "state_event",
		    json_string(state_event));
	if (assignee_ids != NULL)
		json_object_set_new(body, "assignee_ids", id_array(assignee_ids,
		    n_ids));
	s = call(gl, "PUT", url, body, 0, resp, err);
	json_decref(body);
	free(title);
	free(labels);
	free(url);
	free(rest);
	return s;
}

enum cb_status
cb_gitlab_note(const struct cb_gitlab *gl, long iid, const char *text,
    bool internal, struct cb_http_response *resp, struct cb_error *err)
{
	char *rest = xasprintf("/issues/%ld/notes", iid);
	char *url = project_url(gl, rest);
	json_t *body = json_object();
	enum cb_status s;

	json_object_set_new(body, "body", json_string(text));
	json_object_set_new(body, "internal", json_boolean(internal));
	s = call(gl, "POST", url, body, 1, resp, err);
	json_decref(body);
	free(url);
	free(rest);
	return s;
}
