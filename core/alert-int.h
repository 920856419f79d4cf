/*
 * The alert parsers' private seam: helpers shared by core/alert*.c and
 * one entry point per format.  Nothing outside core/alert*.c includes
 * this.
 */
#ifndef CB_ALERT_INT_H
#define CB_ALERT_INT_H

#include <jansson.h>

#include "core/alert.h"
#include "core/jscan.h"

/* Earliest and latest event time an alert may carry (1970 to 9999). */
#define CB_ALERT_TIME_MIN	((time_t)0)
#define CB_ALERT_TIME_MAX	((time_t)253402300799)

/*
 * A copy of n bytes at s that is valid UTF-8 with no NUL: each invalid
 * byte and each NUL becomes U+FFFD.  Caller frees.
 */
char *cb_utf8_dup(const char *s, size_t n);
/* True when the n bytes at s are valid UTF-8 and hold no NUL. */
bool cb_utf8_valid(const char *s, size_t n);

/*
 * Reads the times vendors send: epoch seconds or milliseconds (with an
 * optional fraction), ISO 8601 ("2026-11-26T10:56:29.123+09:00", "Z",
 * "+0900", a space for the T, no zone meaning UTC), and the CEF and LEEF
 * forms "May 20 2017 13:16:16[.123][ UTC|GMT|JST|+0900]".  Month names
 * are English whatever the locale.  False for anything else or a time
 * outside 1970-9999.
 */
bool cb_alert_time(const char *s, time_t *t);

/* Replaces *dst with a copy of s (NULL or "" leaves *dst as it is). */
void cb_alert_set(char **dst, const char *s);
/*
 * As cb_alert_set, but s is the caller's (allocated) and is taken: it
 * becomes *dst when it is valid UTF-8, saving a copy, else a copy made
 * so replaces it; NULL or "" leaves *dst as it is (s freed).
 */
void cb_alert_take(char **dst, char *s);
/*
 * The canonical text of an IPv4 or IPv6 address into out, as
 * cb_endpoint_set would keep it; false when s is not one.
 */
bool cb_addr_canon(const char *s, char out[46]);
/*
 * Sets an endpoint's address from text: an IPv4 or IPv6 address goes to
 * addr (in its canonical form), anything else non-empty to host.
 */
void cb_endpoint_set(struct cb_endpoint *e, const char *s);
/* A port from text or a number; false unless 0-65535. */
bool cb_port_parse(const char *s, int *port);
/* An observable whose type is a hash: md5, sha1 or sha256 by length of hex, else hash. */
void cb_alert_add_hash(struct cb_alert *a, const char *value);
/* A URL's host as a domain observable (when it is not an address). */
void cb_alert_add_url(struct cb_alert *a, const char *url);
/* An address or host name: ip when it parses as one, else domain. */
void cb_alert_add_host(struct cb_alert *a, const char *s);

/* casebook severities from a 0-10 vendor scale (CEF, LEEF). */
enum cb_alert_severity cb_asev_from_10(long v);

/* "source_ref" from a hash of n bytes: 64 hex digits after prefix. */
char *cb_alert_hash_ref(const char *prefix, const void *data, size_t n);

/*
 * Where tag ("CEF:" or "LEEF:") starts in a line that may carry a syslog
 * header ("<134>May 20 13:16:16 host "), or NULL.  Only the first 256
 * bytes are looked at: a header is never longer.
 */
const char *cb_syslog_body(const char *buf, size_t len, const char *tag);

/* A JSON string member, or NULL when absent or not a string. */
const char *cb_json_str(const json_t *o, const char *key);

/*
 * The per-format parsers, on a record already split off by
 * cb_alert_parse.  The JSON ones take the parsed object (borrowed) and
 * the bytes it came from (for raw).
 */
enum cb_status cb_parse_splunk_webhook(json_t *root, const char *buf,
    size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err);
enum cb_status cb_parse_splunk_export(json_t *root, const char *buf,
    size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err);
enum cb_status cb_parse_splunk_csv(const char *buf, size_t len,
    const char *search_name, const char *link,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err);
enum cb_status cb_parse_suricata(const struct cb_jdoc *d, const char *buf,
    size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err);
enum cb_status cb_parse_cef(const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err);
enum cb_status cb_parse_leef(const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err);
enum cb_status cb_parse_thehive(json_t *root, const char *buf, size_t len,
    const struct cb_alert_ctx *ctx, const struct cb_alert_sink *sink,
    struct cb_error *err);
enum cb_status cb_alert_from_doc(const struct cb_jdoc *d, struct cb_alert *a,
    struct cb_error *err);

/* Hands a to the sink (or frees it when the sink takes no alerts). */
void cb_alert_emit(const struct cb_alert_sink *sink, struct cb_alert *a);

#endif
