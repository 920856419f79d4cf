/*
 * The GitLab REST v4 calls of the issue mirror: one confidential issue
 * per incident, found again by the marker in its description before any
 * create, so that a create whose answer was lost never makes a second
 * issue.  Each call is one request (two for cb_gitlab_ensure); on
 * failure *answer says what the server said for cb_ratelimit_decide.
 */
#ifndef CB_NET_GITLAB_H
#define CB_NET_GITLAB_H

#include <stdbool.h>

#include "core/incident.h"
#include "net/http.h"

struct cb_gitlab {
	const char *url;	/* https://gitlab.example.ac.jp */
	const char *project;	/* "csirt/cases" or a number */
	const char *token;	/* sent as PRIVATE-TOKEN */
	struct cb_http_opts http;
};

/* An issue of the mirror; web_url allocated (cb_gitlab_issue_free). */
struct cb_gitlab_issue {
	long iid;
	char *web_url;
	char *state;		/* "opened", "closed" */
};
void cb_gitlab_issue_free(struct cb_gitlab_issue *is);

/*
 * Every call fills resp (free it with cb_http_response_free whatever
 * the return) with the last request's answer, and returns CB_OK when
 * that request succeeded (2xx), CB_ERR otherwise with err in words
 * ("GitLab answered 403: ..." or the network failure).
 */

/*
 * Looks for the issue holding the marker of incident id (searched in
 * descriptions, then checked exactly: 2026-0042 is not 2026-00421).
 * CB_OK with is->iid 0 when there is none.
 */
enum cb_status cb_gitlab_find(const struct cb_gitlab *gl, const char *id,
    struct cb_gitlab_issue *is, struct cb_http_response *resp,
    struct cb_error *err);

/*
 * The incident's issue: found by its marker, else created (confidential,
 * title, labels, description with the marker, assignee_ids when n_ids).
 * *created says which.  The caller records iid and web_url at once.
 */
enum cb_status cb_gitlab_ensure(const struct cb_gitlab *gl,
    const struct cb_incident *inc, const char *lang, bool more,
    const long *assignee_ids, size_t n_ids, struct cb_gitlab_issue *is,
    bool *created, struct cb_http_response *resp, struct cb_error *err);

/*
 * Brings issue iid up to date: labels (the whole set), title, and
 * state_event ("close", "reopen" or NULL) and the assignees when
 * assignee_ids is not NULL (n_ids 0 unassigns).
 */
enum cb_status cb_gitlab_update(const struct cb_gitlab *gl, long iid,
    const struct cb_incident *inc, const char *state_event,
    const long *assignee_ids, size_t n_ids, struct cb_http_response *resp,
    struct cb_error *err);

/* Adds a note (internal when internal) to issue iid. */
enum cb_status cb_gitlab_note(const struct cb_gitlab *gl, long iid,
    const char *body, bool internal, struct cb_http_response *resp,
    struct cb_error *err);

#endif
