/*
 * The alert normal form: its life cycle, its JSON line, and the helpers
 * the per-format parsers share (text, times, addresses, observables).
 * The formats themselves are in alert-splunk.c, alert-syslog.c,
 * alert-suricata.c; the dispatch in alert-parse.c.
 */
#include "core/alert-int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/incident.h"
#include "core/jscan.h"
#include "core/sanitize.h"
#include "core/sha256.h"

const char *const cb_alert_format_names[CB_ALERT_FORMAT_COUNT] = {
#define CB_ALERT_FORMAT_NAME(name, text) text,
	CB_ALERT_FORMAT_INFO(CB_ALERT_FORMAT_NAME)
#undef CB_ALERT_FORMAT_NAME
};

const char *const cb_alert_severity_names[CB_ASEV_COUNT] = {
	"", "info", "low", "medium", "high", "critical"
};

const char *const cb_obs_type_names[CB_OBS_COUNT] = {
#define CB_OBS_NAME(name, text) text,
	CB_OBS_INFO(CB_OBS_NAME)
#undef CB_OBS_NAME
};

bool
cb_alert_format_parse(const char *name, enum cb_alert_format *fmt)
{
	for (int i = 0; i < CB_ALERT_FORMAT_COUNT; i++) {
		if (strcmp(name, cb_alert_format_names[i]) == 0) {
			*fmt = (enum cb_alert_format)i;
			return true;
		}
	}
	return false;
}

/* --- life cycle ----------------------------------------------------------- */

static void
endpoint_init(struct cb_endpoint *e)
{
	e->addr = NULL;
	e->port = -1;
	e->host = NULL;
}

static void
endpoint_free(struct cb_endpoint *e)
{
	free(e->addr);
	free(e->host);
	endpoint_init(e);
}

void
cb_alert_init(struct cb_alert *a)
{
	memset(a, 0, sizeof *a);
	a->severity = CB_ASEV_UNKNOWN;
	a->score = -1;
	endpoint_init(&a->src);
	endpoint_init(&a->dst);
}

void
cb_alert_free(struct cb_alert *a)
{
	free(a->source);
	free(a->source_ref);
	free(a->group_ref);
	free(a->signature);
	free(a->category);
	endpoint_free(&a->src);
	endpoint_free(&a->dst);
	free(a->proto);
	free(a->department);
	for (size_t i = 0; i < a->nobs; i++)
		free(a->obs[i].value);
	free(a->obs);
	free(a->link);
	free(a->raw);
	cb_alert_init(a);
}

void
cb_alert_add_obs(struct cb_alert *a, enum cb_obs_type type, const char *value)
{
	if (value == NULL || *value == '\0' || (unsigned)type >= CB_OBS_COUNT)
		return;
	for (size_t i = 0; i < a->nobs; i++)
		if (a->obs[i].type == type && strcmp(a->obs[i].value, value) == 0)
			return;
	/* The array doubles: room for 4, 8, 16...; a million alerts of
	 * four observables each are a million allocations, not four. */
	if (a->nobs == 0 || (a->nobs >= 4 && (a->nobs & (a->nobs - 1)) == 0))
		a->obs = xrealloc(a->obs, (a->nobs < 4 ? 4 : 2 * a->nobs) *
		    sizeof *a->obs);
	a->obs[a->nobs].type = type;
	a->obs[a->nobs].value = cb_utf8_dup(value, strlen(value));
	a->nobs++;
}

void
cb_alert_set_raw(struct cb_alert *a, const char *data, size_t len)
{
	size_t keep = len;

	free(a->raw);
	if (keep > CB_ALERT_RAW_MAX) {
		keep = CB_ALERT_RAW_MAX;
		/* Cut text at a character boundary, not inside one. */
		while (keep > CB_ALERT_RAW_MAX - 4 &&
		    ((unsigned char)data[keep] & 0xc0) == 0x80)
			keep--;
	}
	a->raw = xmalloc(keep + 1);
	memcpy(a->raw, data, keep);
	a->raw[keep] = '\0';
	a->raw_cap = keep;
	a->raw_len = len;
}

void
cb_alert_emit(const struct cb_alert_sink *sink, struct cb_alert *a)
{
	if (sink != NULL && sink->alert != NULL) {
		sink->alert(a, sink->arg);
		return;
	}
	cb_alert_free(a);
	free(a);
}

/* --- text ----------------------------------------------------------------- */

/*
 * 8 bytes of ASCII with no NUL: no byte has its high bit set, and none
 * is zero (the classic test: (w - ones) & ~w & highs is non-zero exactly
 * when some byte of w is zero).
 */
static bool
ascii8(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t w;

	memcpy(&w, s, 8);
	return ((((w - ones) & ~w) | w) & highs) == 0;
}

bool
cb_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	unsigned cp;
	int k;

	while (i < n) {
		if (n - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				return false;
			i++;
			continue;
		}
		if ((k = cb_utf8_decode(s + i, n - i, &cp)) < 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

char *
cb_utf8_dup(const char *s, size_t n)
{
	struct cb_buf b = { 0 };
	size_t i = 0, run = 0;
	unsigned cp;
	int k;

	if (cb_utf8_valid(s, n))
		return xstrndup(s, n);
	while (i < n) {
		if ((unsigned char)s[i] < 0x80 && s[i] != '\0') {
			i++;
			continue;
		}
		if (s[i] != '\0' && (k = cb_utf8_decode(s + i, n - i, &cp)) > 0) {
			i += (size_t)k;
			continue;
		}
		cb_buf_add(&b, s + run, i - run);
		cb_buf_adds(&b, "\xef\xbf\xbd");	/* U+FFFD */
		run = ++i;
	}
	cb_buf_add(&b, s + run, i - run);
	return cb_buf_detach(&b);
}

void
cb_alert_set(char **dst, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	free(*dst);
	*dst = cb_utf8_dup(s, strlen(s));
}

void
cb_alert_take(char **dst, char *s)
{
	if (s == NULL || *s == '\0') {
		free(s);
		return;
	}
	free(*dst);
	if (cb_utf8_valid(s, strlen(s))) {
		*dst = s;
		return;
	}
	*dst = cb_utf8_dup(s, strlen(s));
	free(s);
}

const char *
cb_json_str(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* --- times ---------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* Seconds east of UTC from "Z", "+09:00", "+0900", "+09", "UTC", "JST"... */
static bool
zone(const char *p, long *off)
{
	int h, m = 0, sign;

	while (*p == ' ')
		p++;
	if (*p == '\0' || strcmp(p, "Z") == 0 || strcmp(p, "z") == 0 ||
	    strcmp(p, "UTC") == 0 || strcmp(p, "GMT") == 0) {
		*off = 0;
		return true;
	}
	if (strcmp(p, "JST") == 0) {
		*off = 9 * 3600;
		return true;
	}
	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (*p != '\0' && !digits(&p, 2, &m))
		return false;
	if (*p != '\0' || h > 23 || m > 59)
		return false;
	*off = sign * (h * 3600L + m * 60L);
	return true;
}

static bool
make_time(int y, int mo, int d, int h, int mi, int s, long off, time_t *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int64_t v;

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 ||
	    s > 60)
		return false;
	if (s == 60)
		s = 59;		/* a leap second: the second before */
	v = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + s - off;
	if (v < CB_ALERT_TIME_MIN || v > CB_ALERT_TIME_MAX)
		return false;
	*t = (time_t)v;
	return true;
}

static bool
skip_fraction(const char **p)
{
	if (**p != '.' && **p != ',')
		return true;
	(*p)++;
	if (!isdigit((unsigned char)**p))
		return false;
	while (isdigit((unsigned char)**p))
		(*p)++;
	return true;
}

static bool
epoch_time(const char *s, time_t *t)
{
	const char *p = s;
	int64_t v = 0;
	int n = 0;

	while (isdigit((unsigned char)*p)) {
		if (++n > 16)
			return false;
		v = v * 10 + (*p++ - '0');
	}
	if (n == 0 || !skip_fraction(&p) || *p != '\0')
		return false;
	if (v >= 100000000000LL)	/* past year 5138 as seconds: milliseconds */
		v /= 1000;
	if (v > CB_ALERT_TIME_MAX)
		return false;
	*t = (time_t)v;
	return true;
}

static bool
iso_time(const char *s, time_t *t)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	long off;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) || (*p != 'T' && *p != ' '))
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &sec) || !skip_fraction(&p))
			return false;
	}
	return zone(p, &off) && make_time(y, mo, d, h, mi, sec, off, t);
}

/* "May 20 2017 13:16:16[.123][ zone]", CEF's and LEEF's usual form. */
static bool
cef_time(const char *s, time_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p = s;
	int mo = 0, d, y, h, mi, sec;
	long off;

	for (int i = 0; i < 12; i++)
		if (strncmp(p, months + 3 * i, 3) == 0)
			mo = i + 1;
	if (mo == 0 || p[3] != ' ')
		return false;
	p += 4;
	if (!digits(&p, 2, &d) && !digits(&p, 1, &d))
		return false;
	if (*p++ != ' ' || !digits(&p, 4, &y) || *p++ != ' ' ||
	    !digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
	    *p++ != ':' || !digits(&p, 2, &sec) || !skip_fraction(&p))
		return false;
	return zone(p, &off) && make_time(y, mo, d, h, mi, sec, off, t);
}

bool
cb_alert_time(const char *s, time_t *t)
{
	if (s == NULL)
		return false;
	while (*s == ' ')
		s++;
	return epoch_time(s, t) || iso_time(s, t) || cef_time(s, t);
}

/* --- addresses and observables -------------------------------------------- */

/*
 * An IPv4 address as inet_ntop writes it ("%u.%u.%u.%u"), without the
 * sprintf that glibc's inet_ntop goes through for it.
 */
static void
ipv4_text(const unsigned char bin[4], char out[INET6_ADDRSTRLEN])
{
	char *o = out;

	for (int i = 0; i < 4; i++) {
		if (i > 0)
			*o++ = '.';
		if (bin[i] >= 100)
			*o++ = (char)('0' + bin[i] / 100);
		if (bin[i] >= 10)
			*o++ = (char)('0' + bin[i] / 10 % 10);
		*o++ = (char)('0' + bin[i] % 10);
	}
	*o = '\0';
}

/* The canonical text of an address, or false when s is none. */
static bool
addr_canon(const char *s, char out[INET6_ADDRSTRLEN])
{
	unsigned char bin[16];

	if (inet_pton(AF_INET, s, bin) == 1) {
		ipv4_text(bin, out);
		return true;
	}
	if (inet_pton(AF_INET6, s, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
	return false;
}

bool
cb_addr_canon(const char *s, char out[INET6_ADDRSTRLEN])
{
	return strlen(s) < INET6_ADDRSTRLEN && addr_canon(s, out);
}

void
cb_endpoint_set(struct cb_endpoint *e, const char *s)
{
	char canon[INET6_ADDRSTRLEN];

	if (s == NULL || *s == '\0')
		return;
	if (strlen(s) < INET6_ADDRSTRLEN && addr_canon(s, canon))
		cb_alert_set(&e->addr, canon);
	else
		cb_alert_set(&e->host, s);
}

bool
cb_port_parse(const char *s, int *port)
{
	char *end;
	long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

void
cb_alert_add_host(struct cb_alert *a, const char *s)
{
	char canon[INET6_ADDRSTRLEN];

	if (s == NULL || *s == '\0')
		return;
	if (strlen(s) < INET6_ADDRSTRLEN && addr_canon(s, canon))
		cb_alert_add_obs(a, CB_OBS_IP, canon);
	else
		cb_alert_add_obs(a, CB_OBS_DOMAIN, s);
}

void
cb_alert_add_hash(struct cb_alert *a, const char *value)
{
	size_t n = strspn(value, "0123456789abcdefABCDEF");
	enum cb_obs_type type = CB_OBS_HASH;

	if (value[n] == '\0') {
		if (n == 32)
			type = CB_OBS_MD5;
		else if (n == 40)
			type = CB_OBS_SHA1;
		else if (n == 64)
			type = CB_OBS_SHA256;
	}
	cb_alert_add_obs(a, type, value);
}

void
cb_alert_add_url(struct cb_alert *a, const char *url)
{
	const char *h, *end;
	char *host;

	if (url == NULL || *url == '\0')
		return;
	cb_alert_add_obs(a, CB_OBS_URL, url);
	if ((h = strstr(url, "://")) == NULL)
		return;
	h += 3;
	if ((end = strchr(h, '@')) != NULL && end < h + strcspn(h, "/?#"))
		h = end + 1;		/* user:password@ */
	if (*h == '[') {		/* [2001:db8::1]:8080 */
		end = strchr(h, ']');
		if (end == NULL)
			return;
		host = xstrndup(h + 1, (size_t)(end - h - 1));
	} else {
		host = xstrndup(h, strcspn(h, ":/?#"));
	}
	cb_alert_add_host(a, host);
	free(host);
}

/* --- severities ----------------------------------------------------------- */

enum cb_alert_severity
cb_asev_from_10(long v)
{
	/* ArcSight's bands: 0-3 low, 4-6 medium, 7-8 high, 9-10 very high. */
	if (v < 0 || v > 10)
		return CB_ASEV_UNKNOWN;
	if (v <= 3)
		return CB_ASEV_LOW;
	if (v <= 6)
		return CB_ASEV_MEDIUM;
	if (v <= 8)
		return CB_ASEV_HIGH;
	return CB_ASEV_CRITICAL;
}

enum cb_alert_severity
cb_asev_from_name(const char *s)
{
	if (s == NULL)
		return CB_ASEV_UNKNOWN;
	if (strcasecmp(s, "informational") == 0 || strcasecmp(s, "info") == 0)
		return CB_ASEV_INFO;
	for (int i = CB_ASEV_LOW; i < CB_ASEV_COUNT; i++)
		if (strcasecmp(s, cb_alert_severity_names[i]) == 0)
			return (enum cb_alert_severity)i;
	return CB_ASEV_UNKNOWN;
}

char *
cb_alert_hash_ref(const char *prefix, const void *data, size_t n)
{
	char hex[CB_SHA256_HEX_LEN + 1];

	cb_sha256_hex(data, n, hex);
	return xasprintf("%s%s", prefix, hex);
}

/* --- the JSON line -------------------------------------------------------- */

/*
 * Writing the line: by hand rather than through a jansson tree, which
 * cost 20 us an alert (a tree, a sort, a dump); the keys are written in
 * sorted order, as JSON_SORT_KEYS would, and strings escaped as jansson
 * escapes them (", \, control characters; UTF-8 as it is).
 */
static void
put_str(struct cb_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s, *end = s + n;
	char esc[6] = { '\\', 'u', '0', '0' };

	cb_buf_addc(b, '"');
	for (; s < end; s++) {
		unsigned char c;

		/* Plain ASCII runs are skipped 8 bytes at a time. */
		s += cb_jplain(s, (size_t)(end - s));
		if (s == end)
			break;
		if ((c = (unsigned char)*s) >= 0x20 && c != '"' && c != '\\')
			continue;
		cb_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': cb_buf_add(b, "\\\"", 2); break;
		case '\\': cb_buf_add(b, "\\\\", 2); break;
		case '\b': cb_buf_add(b, "\\b", 2); break;
		case '\f': cb_buf_add(b, "\\f", 2); break;
		case '\n': cb_buf_add(b, "\\n", 2); break;
		case '\r': cb_buf_add(b, "\\r", 2); break;
		case '\t': cb_buf_add(b, "\\t", 2); break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			cb_buf_add(b, esc, 6);
			break;
		}
	}
	cb_buf_add(b, run, (size_t)(end - run));
	cb_buf_addc(b, '"');
}

/* ,"key": before a value (the first key has no comma). */
static void
put_key(struct cb_buf *b, const char *key)
{
	if (b->len > 1)
		cb_buf_addc(b, ',');
	cb_buf_addc(b, '"');
	cb_buf_adds(b, key);
	cb_buf_add(b, "\":", 2);
}

static void
put_field(struct cb_buf *b, const char *key, const char *v)
{
	if (v == NULL)
		return;
	put_key(b, key);
	put_str(b, v, strlen(v));
}

/* A number in decimal, as "%zu" writes it. */
static void
put_uint(struct cb_buf *b, size_t v)
{
	char digits[24], *p = digits + sizeof digits;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	cb_buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

/* Two digits of v (0-99) at p. */
static void
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/*
 * A time as cb_time_format writes it ("2026-11-26T10:56:29Z"), without
 * gmtime_r and strftime for the times an alert holds (1970-9999, the
 * years strftime writes with 4 digits); cb_time_format for the rest.
 * The date is H. Hinnant's civil_from_days, the inverse of
 * days_from_civil above.
 */
static void
put_time(struct cb_buf *b, const char *key, time_t t)
{
	char buf[CB_TIME_MAX];
	int64_t days, secs, era, y;
	unsigned doe, yoe, doy, mp, d, m;

	if (t < CB_ALERT_TIME_MIN || t > CB_ALERT_TIME_MAX) {
		cb_time_format(t, buf);
		put_field(b, key, buf);
		return;
	}
	days = (int64_t)t / 86400;
	secs = (int64_t)t % 86400;
	days += 719468;
	era = days / 146097;		/* t >= 0: no negative era */
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	two(buf, (int)(y / 100));
	two(buf + 2, (int)(y % 100));
	buf[4] = '-';
	two(buf + 5, (int)m);
	buf[7] = '-';
	two(buf + 8, (int)d);
	buf[10] = 'T';
	two(buf + 11, (int)(secs / 3600));
	buf[13] = ':';
	two(buf + 14, (int)(secs / 60 % 60));
	buf[16] = ':';
	two(buf + 17, (int)(secs % 60));
	buf[19] = 'Z';
	put_key(b, key);
	put_str(b, buf, 20);
}

static void
put_endpoint(struct cb_buf *b, const char *key, const struct cb_endpoint *e)
{
	size_t open;

	if (e->addr == NULL && e->host == NULL && e->port < 0)
		return;
	put_key(b, key);
	cb_buf_addc(b, '{');
	open = b->len;
	if (e->addr != NULL) {
		cb_buf_add(b, "\"addr\":", 7);
		put_str(b, e->addr, strlen(e->addr));
	}
	if (e->host != NULL) {
		if (b->len > open)
			cb_buf_addc(b, ',');
		cb_buf_add(b, "\"host\":", 7);
		put_str(b, e->host, strlen(e->host));
	}
	if (e->port >= 0) {
		if (b->len > open)
			cb_buf_addc(b, ',');
		cb_buf_add(b, "\"port\":", 7);
		put_uint(b, (size_t)e->port);
	}
	cb_buf_addc(b, '}');
}

/* The line; whole, or (rest) without the row's fields and the payload. */
static char *
to_json(const struct cb_alert *a, bool rest)
{
	struct cb_buf b = { 0 };
	char *text;

	/* Room for a usual line at once, not grown five times. */
	cb_buf_grow(&b, 1024 + (a->raw != NULL && !rest ? a->raw_cap : 0));
	/* Every key, in sorted order. */
	cb_buf_addc(&b, '{');
	put_key(&b, "casebook_alert");
	cb_buf_addc(&b, '1');
	if (!rest)
		put_field(&b, "category", a->category);
	put_field(&b, "department", a->department);
	put_endpoint(&b, "dst", &a->dst);
	if (!rest)
		put_time(&b, "event_time", a->event_time);
	put_field(&b, "group_ref", a->group_ref);
	put_field(&b, "link", a->link);
	if (a->nobs > 0) {
		put_key(&b, "observables");
		cb_buf_addc(&b, '[');
		for (size_t i = 0; i < a->nobs; i++) {
			cb_buf_adds(&b, i > 0 ? ",{\"type\":\"" : "{\"type\":\"");
			cb_buf_adds(&b, cb_obs_type_names[a->obs[i].type]);
			cb_buf_adds(&b, "\",\"value\":");
			put_str(&b, a->obs[i].value, strlen(a->obs[i].value));
			cb_buf_addc(&b, '}');
		}
		cb_buf_addc(&b, ']');
	}
	put_field(&b, "proto", a->proto);
	if (a->raw != NULL && !rest) {
		if (cb_utf8_valid(a->raw, a->raw_cap)) {
			put_key(&b, "raw");
			put_str(&b, a->raw, a->raw_cap);
		} else {
			text = cb_base64_encode((const unsigned char *)a->raw,
			    a->raw_cap);
			put_field(&b, "raw_base64", text);
			free(text);
		}
		if (a->raw_len != a->raw_cap) {
			put_key(&b, "raw_len");
			put_uint(&b, a->raw_len);
		}
	}
	if (!rest)
		put_time(&b, "received", a->received);
	if (a->score >= 0 && isfinite(a->score)) {
		put_key(&b, "score");
		/* A whole number as one ("score":80, as doc/alerts.md
		 * shows it, not 8e+01); else the shortest form that reads
		 * back the same. */
		if (a->score < 1e15 && a->score == floor(a->score)) {
			put_uint(&b, (size_t)a->score);
		} else {
			for (int prec = 1; prec <= 17; prec++) {
				char num[40];

				snprintf(num, sizeof num, "%.*g", prec,
				    a->score);
				if (strtod(num, NULL) == a->score ||
				    prec == 17) {
					cb_buf_adds(&b, num);
					break;
				}
			}
		}
	}
	if (!rest) {
		if (a->severity != CB_ASEV_UNKNOWN &&
		    a->severity < CB_ASEV_COUNT)
			put_field(&b, "severity",
			    cb_alert_severity_names[a->severity]);
		put_field(&b, "signature", a->signature);
		put_field(&b, "source", a->source);
		put_field(&b, "source_ref", a->source_ref);
	}
	put_endpoint(&b, "src", &a->src);
	cb_buf_adds(&b, "}\n");
	return cb_buf_detach(&b);
}

char *
cb_alert_to_json(const struct cb_alert *a)
{
	return to_json(a, false);
}

char *
cb_alert_rest_to_json(const struct cb_alert *a)
{
	return to_json(a, true);
}

/*
 * Reading the line back, with the scanner (core/jscan.h): a million
 * lines must read fast.  Each reader takes the object's token index.
 */
static enum cb_status
get_str(const struct cb_jdoc *d, size_t v, const char *key, char **dst,
    bool required, struct cb_error *err)
{
	bool nul = false;
	char *s;

	if (v == 0 || d->tok[v].type == CB_J_NULL) {
		if (required)
			return cb_fail(err, CB_ERR, "no %s", key);
		return CB_OK;
	}
	if (d->tok[v].type != CB_J_STRING)
		return cb_fail(err, CB_ERR, "%s is not a string", key);
	s = cb_jstr(d, v, &nul);
	if (nul) {
		free(s);
		return cb_fail(err, CB_ERR, "%s holds a NUL character", key);
	}
	if (*s == '\0') {
		free(s);
		if (required)
			return cb_fail(err, CB_ERR, "%s is empty", key);
		return CB_OK;
	}
	free(*dst);
	*dst = s;
	return CB_OK;
}

/*
 * get_str's checks (a string, no NUL, not empty), then the time, from a
 * string decoded on the stack.
 */
static enum cb_status
get_time(const struct cb_jdoc *d, size_t v, const char *key, time_t *t,
    struct cb_error *err)
{
	struct cb_jtmp tmp = { NULL, { 0 } };
	enum cb_status st = CB_OK;
	bool nul = false;
	const char *s;

	if (v == 0 || d->tok[v].type != CB_J_STRING ||
	    (s = cb_jtmp_get(&tmp, d, v, &nul)) == NULL || nul || *s == '\0')
		st = cb_fail(err, CB_ERR, "no %s (a time)", key);
	else if (!cb_alert_time(s, t))
		st = cb_fail(err, CB_ERR, "%s: '%.64s' is not a time "
		    "(YYYY-MM-DDThh:mm:ssZ)", key, s);
	cb_jtmp_free(&tmp);
	return st;
}

/* Refuses an object that repeats a key, naming it. */
static enum cb_status
no_dup(const struct cb_jdoc *d, size_t o, struct cb_error *err)
{
	size_t k = cb_jdup(d, o);
	char *key;

	if (k == 0)
		return CB_OK;
	key = cb_jstr(d, k, NULL);
	cb_fail(err, CB_ERR, "duplicate key '%.64s'", key);
	free(key);
	return CB_ERR;
}

static enum cb_status
get_endpoint(const struct cb_jdoc *d, size_t v, const char *key,
    struct cb_endpoint *e, struct cb_error *err)
{
	static const char *const endpoint_keys[] = { "addr", "host", "port" };
	size_t port, at[3];
	char canon[INET6_ADDRSTRLEN];
	int64_t p;

	if (v == 0 || d->tok[v].type == CB_J_NULL)
		return CB_OK;
	if (d->tok[v].type != CB_J_OBJECT)
		return cb_fail(err, CB_ERR, "%s is not an object", key);
	if (no_dup(d, v, err) != CB_OK) {
		cb_error_prefix(err, key);
		return CB_ERR;
	}
	/* No key repeats, so a member not found as one of the three is none. */
	cb_jget_keys(d, v, endpoint_keys, 3, at);
	for (size_t k = CB_JFIRST(d, v); k < CB_JEND(d, v);
	    k = d->tok[k + 1].next) {
		if (k + 1 != at[0] && k + 1 != at[1] && k + 1 != at[2]) {
			char *name = cb_jstr(d, k, NULL);

			cb_fail(err, CB_ERR, "%s: unknown key '%.64s' (addr, "
			    "host, port)", key, name);
			free(name);
			return CB_ERR;
		}
	}
	if (get_str(d, at[0], "addr", &e->addr, false, err) != CB_OK ||
	    get_str(d, at[1], "host", &e->host, false, err) != CB_OK) {
		cb_error_prefix(err, key);
		return CB_ERR;
	}
	if (e->addr != NULL) {
		if (strlen(e->addr) >= INET6_ADDRSTRLEN ||
		    !addr_canon(e->addr, canon))
			return cb_fail(err, CB_ERR, "%s.addr: '%.64s' is not an "
			    "IP address", key, e->addr);
		if (strcmp(e->addr, canon) != 0) {
			free(e->addr);
			e->addr = xstrdup(canon);
		}
	}
	port = at[2];
	if (port != 0 && d->tok[port].type != CB_J_NULL) {
		if (!cb_jint(d, port, &p) || p < 0 || p > 65535)
			return cb_fail(err, CB_ERR, "%s.port is not a port "
			    "(0-65535)", key);
		e->port = (int)p;
	}
	return CB_OK;
}

/* The line's keys; K_COUNT of them. */
enum {
	K_VERSION, K_SOURCE, K_REF, K_GROUP, K_EVENT, K_RECEIVED, K_SIG,
	K_CAT, K_SEV, K_SCORE, K_SRC, K_DST, K_PROTO, K_DEPT, K_OBS, K_LINK,
	K_RAW, K_RAW64, K_RAWLEN, K_COUNT
};
static const char *const json_keys[K_COUNT] = {
	"casebook_alert", "source", "source_ref", "group_ref", "event_time",
	"received", "signature", "category", "severity", "score", "src", "dst",
	"proto", "department", "observables", "link", "raw", "raw_base64",
	"raw_len"
};

/*
 * Refuses a line with a repeated or unknown key; at[] is what
 * cb_jget_keys found of json_keys in it.  When it found as many keys
 * as the line has members, each member is a known key met once (each
 * key found is a different member), and the line is sound.  Otherwise
 * a second pass, in the line's order, names the first member that is a
 * repeat or unknown, as a person reading it would.
 */
static enum cb_status
check_keys(const struct cb_jdoc *d, const size_t at[K_COUNT],
    struct cb_error *err)
{
	size_t members = 0, found = 0, seen[K_COUNT] = { 0 };
	char *name;
	int i;

	for (size_t k = CB_JFIRST(d, 0); k < CB_JEND(d, 0);
	    k = d->tok[k + 1].next)
		members++;
	for (i = 0; i < K_COUNT; i++)
		found += at[i] != 0;
	if (found == members)
		return CB_OK;
	for (size_t k = CB_JFIRST(d, 0); k < CB_JEND(d, 0);
	    k = d->tok[k + 1].next) {
		for (i = 0; i < K_COUNT; i++)
			if (cb_jstreq(d, k, json_keys[i]))
				break;
		if (i < K_COUNT && seen[i] == 0) {
			seen[i] = 1;
			continue;
		}
		name = cb_jstr(d, k, NULL);
		cb_fail(err, CB_ERR, i < K_COUNT ? "duplicate key '%.64s'" :
		    "unknown key '%.64s'", name);
		free(name);
		return CB_ERR;
	}
	return CB_OK;
}

static enum cb_status
get_observables(const struct cb_jdoc *d, size_t v, struct cb_alert *a,
    struct cb_error *err)
{
	size_t n = 0, tv, vv;
	struct cb_jtmp type_tmp = { NULL, { 0 } }, val_tmp = { NULL, { 0 } };
	const char *type, *val;
	bool nul;
	int t;

	if (v == 0 || d->tok[v].type == CB_J_NULL)
		return CB_OK;
	if (d->tok[v].type != CB_J_ARRAY)
		return cb_fail(err, CB_ERR, "observables is not a list");
	for (size_t i = CB_JFIRST(d, v); i < CB_JEND(d, v);
	    i = d->tok[i].next, n++) {
		/* An object of exactly two members, type and value. */
		tv = cb_jget(d, i, "type");
		vv = cb_jget(d, i, "value");
		type = cb_jtmp_get(&type_tmp, d, tv, NULL);
		nul = false;
		val = cb_jtmp_get(&val_tmp, d, vv, &nul);
		for (t = 0; type != NULL && t < CB_OBS_COUNT; t++)
			if (strcmp(type, cb_obs_type_names[t]) == 0)
				break;
		if (type == NULL || t == CB_OBS_COUNT) {
			cb_jtmp_free(&type_tmp);
			cb_jtmp_free(&val_tmp);
			return cb_fail(err, CB_ERR, "observables[%zu]: type is "
			    "none of ip, domain, url, md5, sha1, sha256, hash, "
			    "file, mail-from, mail-to, mail-subject", n);
		}
		if (val == NULL || *val == '\0' || nul ||
		    d->tok[i].next != i + 5) {
			cb_jtmp_free(&type_tmp);
			cb_jtmp_free(&val_tmp);
			return cb_fail(err, CB_ERR, "observables[%zu]: needs a "
			    "type and a non-empty value, nothing else", n);
		}
		cb_alert_add_obs(a, (enum cb_obs_type)t, val);
	}
	cb_jtmp_free(&type_tmp);
	cb_jtmp_free(&val_tmp);
	return CB_OK;
}

/* A line read into a; rest: it may lack the row's fields. */
static enum cb_status
from_doc(const struct cb_jdoc *d, struct cb_alert *a, bool rest,
    struct cb_error *err)
{
	size_t v, at[K_COUNT];
	struct cb_buf raw = { 0 };
	struct cb_jtmp tmp = { NULL, { 0 } };
	const char *sev;
	char *text;
	int64_t ver, n;
	double score;

	cb_alert_init(a);
	if (d->n == 0 || d->tok[0].type != CB_J_OBJECT)
		return cb_fail(err, CB_ERR, "not a JSON object");
	/* The version is told of before any repeated or unknown key. */
	cb_jget_keys(d, 0, json_keys, K_COUNT, at);
	if (!cb_jint(d, at[K_VERSION], &ver))
		return cb_fail(err, CB_ERR, "not a casebook alert (no "
		    "\"casebook_alert\": 1)");
	if (ver != 1)
		return cb_fail(err, CB_ERR, "casebook alert version %lld: this "
		    "casebook reads version 1", (long long)ver);
	if (check_keys(d, at, err) != CB_OK)
		return CB_ERR;
	if (get_str(d, at[K_SOURCE], "source", &a->source, !rest,
	    err) != CB_OK ||
	    get_str(d, at[K_REF], "source_ref", &a->source_ref, !rest,
	    err) != CB_OK ||
	    get_str(d, at[K_GROUP], "group_ref", &a->group_ref, false,
	    err) != CB_OK ||
	    ((!rest || at[K_EVENT] != 0) && get_time(d, at[K_EVENT],
	    "event_time", &a->event_time, err) != CB_OK) ||
	    ((!rest || at[K_RECEIVED] != 0) && get_time(d, at[K_RECEIVED],
	    "received", &a->received, err) != CB_OK) ||
	    get_str(d, at[K_SIG], "signature", &a->signature, false,
	    err) != CB_OK ||
	    get_str(d, at[K_CAT], "category", &a->category, false,
	    err) != CB_OK ||
	    get_endpoint(d, at[K_SRC], "src", &a->src, err) != CB_OK ||
	    get_endpoint(d, at[K_DST], "dst", &a->dst, err) != CB_OK ||
	    get_str(d, at[K_PROTO], "proto", &a->proto, false, err) != CB_OK ||
	    get_str(d, at[K_DEPT], "department", &a->department, false,
	    err) != CB_OK ||
	    get_str(d, at[K_LINK], "link", &a->link, false, err) != CB_OK ||
	    get_observables(d, at[K_OBS], a, err) != CB_OK)
		return CB_ERR;
	v = at[K_SEV];
	if (v != 0 && d->tok[v].type != CB_J_NULL) {
		sev = cb_jtmp_get(&tmp, d, v, NULL);
		a->severity = cb_asev_from_name(sev);
		if (a->severity == CB_ASEV_UNKNOWN) {
			cb_fail(err, CB_ERR, "severity: '%.32s' is none of "
			    "info, low, medium, high, critical",
			    sev != NULL ? sev : "(not a string)");
			cb_jtmp_free(&tmp);
			return CB_ERR;
		}
		cb_jtmp_free(&tmp);
	}
	v = at[K_SCORE];
	if (v != 0 && d->tok[v].type != CB_J_NULL) {
		if (!cb_jnum(d, v, &score) || score < 0)
			return cb_fail(err, CB_ERR, "score is not a number of "
			    "0 or more");
		a->score = score;
	}
	v = at[K_RAW];
	if (v != 0 && d->tok[v].type != CB_J_NULL) {
		bool nul = false;

		if (d->tok[v].type != CB_J_STRING)
			return cb_fail(err, CB_ERR, "raw is not a string");
		text = cb_jstr(d, v, &nul);
		if (nul) {
			free(text);
			return cb_fail(err, CB_ERR, "raw holds a NUL character "
			    "(a payload with one is written as raw_base64)");
		}
		/* Kept as decoded when it needs no cut: no second copy. */
		if (strlen(text) <= CB_ALERT_RAW_MAX) {
			free(a->raw);
			a->raw = text;
			a->raw_cap = a->raw_len = strlen(text);
		} else {
			cb_alert_set_raw(a, text, strlen(text));
			free(text);
		}
	}
	v = at[K_RAW64];
	if (v != 0 && d->tok[v].type != CB_J_NULL) {
		text = cb_jstr(d, v, NULL);
		if (text == NULL || !cb_base64_decode(text, strlen(text), &raw)) {
			free(text);
			cb_buf_free(&raw);
			return cb_fail(err, CB_ERR, "raw_base64 is not base64");
		}
		free(text);
		cb_alert_set_raw(a, raw.data != NULL ? raw.data : "", raw.len);
		cb_buf_free(&raw);
	}
	v = at[K_RAWLEN];
	if (v != 0 && d->tok[v].type != CB_J_NULL) {
		if (!cb_jint(d, v, &n) || a->raw == NULL ||
		    n < (int64_t)a->raw_cap)
			return cb_fail(err, CB_ERR, "raw_len is not the length "
			    "of a payload cut to raw");
		a->raw_len = (size_t)n;
	}
	return CB_OK;
}

enum cb_status
cb_alert_from_doc(const struct cb_jdoc *d, struct cb_alert *a,
    struct cb_error *err)
{
	return from_doc(d, a, false, err);
}

static enum cb_status
from_json(const char *buf, size_t len, struct cb_alert *a, bool rest,
    struct cb_error *err)
{
	struct cb_jdoc d;
	enum cb_status st;

	cb_alert_init(a);
	if (cb_jscan(&d, buf, len, err) != CB_OK) {
		cb_error_prefix(err, "not JSON");
		cb_jdoc_free(&d);
		return CB_ERR;
	}
	st = from_doc(&d, a, rest, err);
	cb_jdoc_free(&d);
	return st;
}

enum cb_status
cb_alert_from_json(const char *buf, size_t len, struct cb_alert *a,
    struct cb_error *err)
{
	return from_json(buf, len, a, false, err);
}

enum cb_status
cb_alert_rest_from_json(const char *buf, size_t len, struct cb_alert *a,
    struct cb_error *err)
{
	return from_json(buf, len, a, true, err);
}
