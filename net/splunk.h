/*
 * Splunk's REST search export (INTEGRATIONS.md §1): one POST to
 * /services/search/v2/jobs/export that runs a saved search over a time
 * range and streams its rows as newline-delimited JSON (output_mode=json,
 * what core/alert.h's splunk-export parser reads).  Bearer token auth,
 * verified TLS (net/http.h).
 *
 * This header does not include net/http.h, whose core/ratelimit.h
 * clashes with the checklist's struct cb_answer in cli/.
 */
#ifndef CB_NET_SPLUNK_H
#define CB_NET_SPLUNK_H

#include <stddef.h>
#include <time.h>

#include "core/error.h"

struct cb_splunk {
	const char *url;	/* https://splunk.example.ac.jp:8089 */
	const char *token;	/* sent as Authorization: Bearer */
	const char *ca_file;	/* NULL: the system's CAs */
	size_t max_body;	/* a longer export fails; 0: 512 MiB */
	long timeout_ms;	/* the whole export; 0: 10 min */
};

/*
 * Runs `| savedsearch "search"` with earliest_time and latest_time
 * (epoch seconds) and returns the export's body in *body (allocated,
 * NUL-terminated, *len bytes; the caller frees it).  CB_ERR, *body
 * NULL, with err in words when the request failed (the network, TLS,
 * naming the host), Splunk answered anything but 200 (its status and
 * the start of its answer, sanitised), the body was over max_body, or
 * the export carries Splunk's own FATAL or ERROR message (a saved
 * search that does not exist, a search that failed): rows that come
 * with such a message may be a part only, so none are given.
 */
enum cb_status cb_splunk_export(const struct cb_splunk *sp,
    const char *search, time_t earliest, time_t latest, char **body,
    size_t *len, struct cb_error *err);

#endif
