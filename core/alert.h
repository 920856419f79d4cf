/*
 * Alerts: the one normal form every detection is turned into, whatever
 * sent it (Splunk, Lastline through syslog, Suricata, casebook itself),
 * its JSON line (casebook's own alert format, doc/alerts.md), and the
 * parsers of each vendor format.
 *
 * Pure: bytes in, alerts out.  Nothing here reads a file, opens a
 * socket, runs SQL or draws; a Splunk custom alert action's results_file
 * is read through a callback the caller gives (it decides which paths
 * may be read).  Every parser is fuzzed (tests/fuzz/fuzz-alert.c, a
 * target per format: fuzz-alert-cef, ...).
 *
 * Text fields are valid UTF-8 (a vendor's invalid bytes become U+FFFD)
 * but are NOT sanitised: they go through cb_sanitize before a terminal.
 * The raw payload keeps the vendor's bytes as they came, capped at
 * CB_ALERT_RAW_MAX; nothing reads it again to decide anything.
 */
#ifndef CB_ALERT_H
#define CB_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

/*
 * The raw payload is kept up to this many bytes (cut at a UTF-8
 * boundary when it is text, raw_len then says how long it was).  16 KiB
 * holds every documented payload whole (an EVE alert with its http and
 * tls blocks is 1-3 KiB) and keeps a million alerts within a few GB of
 * index; a Suricata alert with a packet or payload dump, or a Splunk row
 * with a long _raw, is cut.
 */
#define CB_ALERT_RAW_MAX	16384

/* The formats that cb_alert_parse reads; AUTO recognises each line. */
#define CB_ALERT_FORMAT_INFO(_) \
	_(CB_ALERT_AUTO, "auto") \
	_(CB_ALERT_SPLUNK_WEBHOOK, "splunk-webhook") \
	_(CB_ALERT_SPLUNK_EXPORT, "splunk-export") \
	_(CB_ALERT_SPLUNK_CSV, "splunk-csv") \
	_(CB_ALERT_CEF, "cef") \
	_(CB_ALERT_LEEF, "leef") \
	_(CB_ALERT_SURICATA, "suricata") \
	_(CB_ALERT_JSON, "json") \
	_(CB_ALERT_THEHIVE, "thehive")

enum cb_alert_format {
#define CB_ALERT_FORMAT_ENUM(name, text) name,
	CB_ALERT_FORMAT_INFO(CB_ALERT_FORMAT_ENUM)
#undef CB_ALERT_FORMAT_ENUM
	CB_ALERT_FORMAT_COUNT
};

extern const char *const cb_alert_format_names[CB_ALERT_FORMAT_COUNT];
/* "suricata" -> CB_ALERT_SURICATA; false for a name not in the list. */
bool cb_alert_format_parse(const char *name, enum cb_alert_format *fmt);

/*
 * casebook's severity scale, mapped from each vendor's (doc/alerts.md
 * has the table).  UNKNOWN when the vendor gave none.
 */
enum cb_alert_severity {
	CB_ASEV_UNKNOWN,
	CB_ASEV_INFO,
	CB_ASEV_LOW,
	CB_ASEV_MEDIUM,
	CB_ASEV_HIGH,
	CB_ASEV_CRITICAL,
	CB_ASEV_COUNT
};
extern const char *const cb_alert_severity_names[CB_ASEV_COUNT]; /* [UNKNOWN] "" */
/* From a name: informational/info, low, medium, high, critical (any
 * case); UNKNOWN for any other, "" included. */
enum cb_alert_severity cb_asev_from_name(const char *s);

/* Observables: what a person may search for, block or share. */
#define CB_OBS_INFO(_) \
	_(CB_OBS_IP, "ip") \
	_(CB_OBS_DOMAIN, "domain") \
	_(CB_OBS_URL, "url") \
	_(CB_OBS_MD5, "md5") \
	_(CB_OBS_SHA1, "sha1") \
	_(CB_OBS_SHA256, "sha256") \
	_(CB_OBS_HASH, "hash") \
	_(CB_OBS_FILE, "file") \
	_(CB_OBS_MAIL_FROM, "mail-from") \
	_(CB_OBS_MAIL_TO, "mail-to") \
	_(CB_OBS_MAIL_SUBJECT, "mail-subject")

enum cb_obs_type {
#define CB_OBS_ENUM(name, text) name,
	CB_OBS_INFO(CB_OBS_ENUM)
#undef CB_OBS_ENUM
	CB_OBS_COUNT
};
extern const char *const cb_obs_type_names[CB_OBS_COUNT];

struct cb_observable {
	enum cb_obs_type type;
	char *value;		/* owned, never NULL, never "" */
};

/* One end of the traffic an alert is about; any part may be missing. */
struct cb_endpoint {
	char *addr;		/* an IPv4 or IPv6 address, or NULL */
	int port;		/* 0-65535, or -1 when unknown */
	char *host;		/* a host name, or NULL */
};

/*
 * The normal form.  Every char * is owned by the alert and is NULL when
 * the vendor gave nothing, except source and source_ref, which are never
 * NULL nor "" in an alert a parser returns.
 */
struct cb_alert {
	char *source;		/* "splunk", "splunk-es", "lastline", "suricata", ... */
	char *source_ref;	/* the dedup key within source */
	char *group_ref;	/* the vendor's grouping (Lastline IncidentId) */
	time_t event_time;	/* when it happened (the vendor's time, else received) */
	time_t received;	/* when casebook got it */
	char *signature;	/* rule, search or signature name */
	char *category;
	enum cb_alert_severity severity;
	double score;		/* the vendor's score as is (Lastline impact 0-100, ES risk_score); < 0: none */
	struct cb_endpoint src, dst;
	char *proto;		/* "TCP", "UDP", ... */
	char *department;	/* filled later from the host map */
	struct cb_observable *obs;
	size_t nobs;
	char *link;		/* back to the vendor (results_link, EventDetailLink) */
	char *raw;		/* the payload as received, at most CB_ALERT_RAW_MAX bytes */
	size_t raw_cap;		/* bytes kept at raw (may contain NULs) */
	size_t raw_len;		/* bytes the payload had; > raw_cap when cut */
};

/* An empty alert: no fields, severity UNKNOWN, score -1, ports -1. */
void cb_alert_init(struct cb_alert *a);
void cb_alert_free(struct cb_alert *a);
/* Adds an observable unless the same (type, value) is there or value is "". */
void cb_alert_add_obs(struct cb_alert *a, enum cb_obs_type type,
    const char *value);
/* Keeps len bytes of payload, cut to CB_ALERT_RAW_MAX. */
void cb_alert_set_raw(struct cb_alert *a, const char *data, size_t len);

/*
 * casebook's own JSON line for an alert: one object, sorted keys, no
 * newline inside, ending with "\n" (doc/alerts.md documents every key).
 * Caller frees.
 */
char *cb_alert_to_json(const struct cb_alert *a);
/*
 * Reads one such line back into a (initialised here; free it even on
 * error).  Unknown keys are refused, so that a typo is not lost silently.
 */
enum cb_status cb_alert_from_json(const char *buf, size_t len,
    struct cb_alert *a, struct cb_error *err);

/*
 * The rest of the line: without source, source_ref, event_time,
 * received, signature, category and severity, and without the payload.
 * An index that keeps those as columns keeps this beside them, so that
 * each fact is written once (store/alert.c); the reader takes the rest
 * back, which may lack them (or, written whole, hold them), and sets
 * them from the columns.
 */
char *cb_alert_rest_to_json(const struct cb_alert *a);
enum cb_status cb_alert_rest_from_json(const char *buf, size_t len,
    struct cb_alert *a, struct cb_error *err);

/*
 * Flow records (Suricata event_type "flow", later Zeek conn.log): the
 * beacon score's input, much smaller than an alert.
 */
struct cb_flow {
	char src[46];		/* address as text (INET6_ADDRSTRLEN) */
	char dst[46];
	int src_port, dst_port;	/* -1 when unknown */
	char proto[8];
	time_t start;		/* flow start, seconds */
	int64_t bytes_out;	/* bytes from src to dst (to server) */
	int64_t bytes_in;	/* bytes from dst to src */
};

/*
 * Reads a Splunk custom alert action's results_file: path as the payload
 * names it.  Appends the file's bytes (still gzipped) to out and returns
 * CB_OK, or fills err (a path it will not read, a missing file).  The
 * caller decides which paths may be read; core/ opens no file.
 */
typedef enum cb_status (*cb_results_reader)(const char *path,
    struct cb_buf *out, void *arg, struct cb_error *err);

/*
 * What the parsers hand back.  alert() takes ownership of a (call
 * cb_alert_free, then free(a)); flow() borrows f.  bad() is told of each
 * record skipped inside a document (a CSV row) and, by
 * cb_alert_parse_all, of each bad line: line counts from 1, why is in
 * plain words.  Any may be NULL to drop those.
 */
struct cb_alert_sink {
	void (*alert)(struct cb_alert *a, void *arg);
	void (*flow)(const struct cb_flow *f, void *arg);
	void (*bad)(size_t line, const char *why, void *arg);
	void *arg;
};

/* What a parse needs to know that the bytes do not say. */
struct cb_alert_ctx {
	time_t received;		/* stamped on every alert */
	const char *search_name;	/* for Splunk export and CSV rows: the saved search (NULL: "") */
	cb_results_reader read_results;	/* NULL: results_file is refused */
	void *read_arg;
};

/*
 * Decompresses gzip (or zlib) data at in into out, refusing output past
 * max bytes.  CB_OK, or CB_ERR with the reason (not gzip, damaged, too
 * large).
 */
enum cb_status cb_gunzip(const void *in, size_t len, size_t max,
    struct cb_buf *out, struct cb_error *err);

/*
 * Parses one record of format fmt at buf (len bytes; need not end with a
 * NUL; a trailing "\r\n" or "\n" is ignored).  A record is a line for
 * splunk-export, cef, leef, suricata and json, a whole document for
 * splunk-webhook (a webhook body or a custom alert action's stdin), and
 * a whole file for splunk-csv (a header line and rows).  AUTO picks the
 * format from the record itself (cb_alert_sniff).
 *
 * Gives the sink zero or more alerts (a Splunk preview row, an EVE dns
 * event or a blank line give none, and are not errors) and flows, and
 * returns CB_OK; or returns CB_ERR with err saying why, in plain words,
 * for a person who sees it after "file:line: ", and gives nothing.  In a
 * CSV file or a results_file, a bad row is told to sink->bad and
 * skipped, and the other rows are given; only a file that cannot be read
 * at all (no header, a damaged gzip) returns CB_ERR.
 */
enum cb_status cb_alert_parse(enum cb_alert_format fmt, const char *buf,
    size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink, struct cb_error *err);

/*
 * Which format a record is in, from its first bytes: "CEF:" or "LEEF:"
 * (after an optional syslog header), a JSON object (by its keys: a
 * casebook alert, an EVE event, an export row, a webhook body), else a
 * CSV header.  AUTO when it cannot tell (the parse then says why).
 */
enum cb_alert_format cb_alert_sniff(const char *buf, size_t len);

/*
 * A whole file or request body: split into records as fmt says (AUTO:
 * as cb_alert_sniff says of its start, each line then recognised on its
 * own), each parsed with cb_alert_parse, each failure told to sink->bad
 * with its line and skipped.  Returns the number of records skipped.
 */
size_t cb_alert_parse_all(enum cb_alert_format fmt, const char *buf,
    size_t len, const struct cb_alert_ctx *ctx,
    const struct cb_alert_sink *sink);

/* The line ends in buf's n bytes: how a piece moves the line numbers. */
size_t cb_alert_lines(const char *buf, size_t n);

/*
 * True when a format's records are whole documents (splunk-webhook,
 * splunk-csv), which the caller hands whole to cb_alert_parse, rather
 * than lines.  For AUTO on a whole file, cb_alert_sniff tells.
 */
bool cb_alert_format_is_document(enum cb_alert_format fmt);

#endif
