/*
 * Dates and times as people write them (core/datetime.h).
 *
 * The text is first made plain (full-width digits and signs to ASCII,
 * spaces collapsed), then read left to right: a date (ISO, slashes,
 * 年月日, today or yesterday), optional spaces, a time (hh:mm[:ss] or
 * 時/分), an optional zone.  Each part must be whole: a text with
 * anything left over is refused, never guessed at.
 */
#include "core/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Full-width forms (U+FF01-FF5E) to ASCII, U+3000 to a space, runs of
 * spaces to one, trimmed.  Caller frees. */
static char *
plain(const char *s)
{
	struct cb_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		char c = 0;

		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x81 &&
		    p[2] <= 0xbf) {
			c = (char)(p[2] - 0x81 + 0x21);	/* U+FF01-FF3F */
			p += 3;
		} else if (p[0] == 0xef && p[1] == 0xbd && p[2] >= 0x80 &&
		    p[2] <= 0x9e) {
			c = (char)(p[2] - 0x80 + 0x60);	/* U+FF40-FF5E */
			p += 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			c = ' ';
			p += 3;
		} else if (*p == '\t') {
			c = ' ';
			p++;
		} else {
			cb_buf_addc(&b, (char)*p++);
			continue;
		}
		/* The full-width tilde is a period's separator, kept. */
		if (c == '~')
			cb_buf_adds(&b, "\xef\xbd\x9e");
		else
			cb_buf_addc(&b, c);
	}
	{
		char *in = b.data != NULL ? b.data : xstrdup(""), *out, *q;
		const char *r = in;

		out = q = xmalloc(strlen(in) + 1);
		while (*r == ' ')
			r++;
		for (; *r != '\0'; r++)
			if (*r != ' ' || (r[1] != ' ' && r[1] != '\0'))
				*q++ = *r;
		*q = '\0';
		free(in);
		return out;
	}
}

static bool
eat(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

/* 1 to max digits; false when there is none. */
static bool
number(const char **p, int max, int *v, int *ndigits)
{
	int n = 0, x = 0;

	while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9')
		x = x * 10 + ((*p)[n++] - '0');
	if (n == 0 || ((*p)[n] >= '0' && (*p)[n] <= '9'))
		return false;
	*p += n;
	*v = x;
	if (ndigits != NULL)
		*ndigits = n;
	return true;
}

static void
skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* The local calendar day of t, days days later (negative: earlier). */
static void
local_day(time_t t, int days, int *y, int *m, int *d)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = 12;	/* away from any change of offset */
	tm.tm_isdst = -1;
	mktime(&tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static int
this_year(time_t now)
{
	struct tm tm;

	localtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

/* The date part; false when p does not start with one. */
static bool
date_part(const char **p, time_t now, int *y, int *m, int *d)
{
	const char *q = *p;
	int a, b, c, na;

	if (eat(&q, "今日") || eat(&q, "本日") || eat(&q, "today")) {
		local_day(now, 0, y, m, d);
	} else if (eat(&q, "昨日") || eat(&q, "yesterday")) {
		local_day(now, -1, y, m, d);
	} else if (eat(&q, "一昨日") || eat(&q, "おととい")) {
		local_day(now, -2, y, m, d);
	} else {
		if (!number(&q, 4, &a, &na))
			return false;
		if (eat(&q, "年")) {
			if (na != 4 || !number(&q, 2, &b, NULL) ||
			    !eat(&q, "月") || !number(&q, 2, &c, NULL) ||
			    !eat(&q, "日"))
				return false;
			*y = a, *m = b, *d = c;
		} else if (eat(&q, "月")) {
			if (na > 2 || !number(&q, 2, &b, NULL) || !eat(&q, "日"))
				return false;
			*y = this_year(now), *m = a, *d = b;
		} else if (*q == '/' || *q == '-') {
			char sep = *q++;

			if (!number(&q, 2, &b, NULL))
				return false;
			if (*q == sep) {
				q++;
				if (na != 4 || !number(&q, 2, &c, NULL))
					return false;
				*y = a, *m = b, *d = c;
			} else {
				/* M/D: this year (not M-D, an ISO-like cut). */
				if (na > 2 || sep != '/')
					return false;
				*y = this_year(now), *m = a, *d = b;
			}
		} else
			return false;
	}
	*p = q;
	return true;
}

/* The time part: hh:mm[:ss], H時[M分], H時半 is not taken. */
static bool
time_part(const char **p, int *h, int *mi, int *sec)
{
	const char *q = *p;

	*sec = 0;
	if (!number(&q, 2, h, NULL))
		return false;
	if (*q == ':') {
		int n;

		q++;
		if (!number(&q, 2, mi, &n) || n != 2)
			return false;
		if (*q == ':') {
			q++;
			if (!number(&q, 2, sec, &n) || n != 2)
				return false;
		}
	} else if (eat(&q, "時")) {
		*mi = 0;
		if (*q >= '0' && *q <= '9' &&
		    (!number(&q, 2, mi, NULL) || !eat(&q, "分")))
			return false;
	} else
		return false;
	*p = q;
	return *h <= 23 && *mi <= 59 && *sec <= 60;
}

/* Z, +hh:mm, -hh:mm (also +hhmm); *has false when there is none. */
static bool
zone_part(const char **p, bool *has, int *off)
{
	const char *q = *p;
	int hh, mm, n;

	*has = false;
	if (*q == 'Z' || *q == 'z') {
		*has = true;
		*off = 0;
		*p = q + 1;
		return true;
	}
	if (*q != '+' && *q != '-')
		return true;
	{
		int sign = *q == '-' ? -1 : 1;

		q++;
		if (!number(&q, 4, &hh, &n))
			return false;
		if (n == 4) {
			mm = hh % 100;
			hh /= 100;
		} else if (n == 2 && *q == ':') {
			q++;
			if (!number(&q, 2, &mm, &n) || n != 2)
				return false;
		} else if (n == 2)
			mm = 0;
		else
			return false;
		if (hh > 14 || mm > 59)
			return false;
		*off = sign * (hh * 3600 + mm * 60);
	}
	*has = true;
	*p = q;
	return true;
}

static void
format(time_t t, int off, char out[CB_TIME_MAX])
{
	struct tm at;
	time_t shifted = t + off;
	int a = off < 0 ? -off : off;

	char buf[96];

	gmtime_r(&shifted, &at);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    at.tm_year + 1900, at.tm_mon + 1, at.tm_mday, at.tm_hour,
	    at.tm_min, at.tm_sec, off < 0 ? '-' : '+', a / 3600,
	    a % 3600 / 60);
	/* 25 characters for any year of four digits (the parser's). */
	snprintf(out, CB_TIME_MAX, "%.*s", CB_TIME_MAX - 1, buf);
}

static bool
parse_plain(const char *s, time_t now, time_t *when, char out[CB_TIME_MAX])
{
	const char *p = s;
	int y, m, d, h, mi, sec, off = 0;
	bool zone;
	struct tm tm;
	time_t t;

	if (strcmp(s, "now") == 0 || strcmp(s, "NOW") == 0 ||
	    strcmp(s, "Now") == 0 || strcmp(s, "今") == 0 ||
	    strcmp(s, "いま") == 0) {
		struct tm lt;

		localtime_r(&now, &lt);
		*when = now;
		format(now, (int)lt.tm_gmtoff, out);
		return true;
	}
	if (!date_part(&p, now, &y, &m, &d))
		return false;
	if (*p == 'T')
		p++;
	else
		skip_spaces(&p);
	if (!time_part(&p, &h, &mi, &sec) || !zone_part(&p, &zone, &off) ||
	    *p != '\0')
		return false;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	{
		/* Refuse a day that does not exist (2月30日). */
		struct tm check = tm;

		if (timegm(&check) == (time_t)-1 || check.tm_mday != d ||
		    check.tm_mon != m - 1)
			return false;
	}
	if (zone)
		t = timegm(&tm) - off;
	else {
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			return false;
		off = (int)tm.tm_gmtoff;
	}
	*when = t;
	format(t, off, out);
	return true;
}

bool
cb_datetime_parse(const char *s, time_t now, time_t *when,
    char out[CB_TIME_MAX])
{
	char *p = plain(s);
	bool ok = parse_plain(p, now, when, out);

	free(p);
	return ok;
}

static bool
split_at(const char *s, size_t at, size_t seplen, time_t now,
    char out[2 * CB_TIME_MAX], bool *end_before)
{
	char *a = xstrndup(s, at), a_out[CB_TIME_MAX], b_out[CB_TIME_MAX];
	time_t ta, tb;
	bool ok;

	ok = cb_datetime_parse(a, now, &ta, a_out) &&
	    cb_datetime_parse(s + at + seplen, now, &tb, b_out);
	free(a);
	if (!ok)
		return false;
	if (tb <= ta) {
		*end_before = true;
		return false;
	}
	snprintf(out, 2 * CB_TIME_MAX, "%s/%s", a_out, b_out);
	return true;
}

bool
cb_period_parse(const char *s, time_t now, char out[2 * CB_TIME_MAX],
    bool *end_before)
{
	static const char *const seps[] = { "〜", "～", " - ", " to ", "/" };

	*end_before = false;
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		size_t n = strlen(seps[k]);

		for (const char *q = strstr(s, seps[k]); q != NULL;
		    q = strstr(q + 1, seps[k]))
			if (split_at(s, (size_t)(q - s), n, now, out,
			    end_before))
				return true;
	}
	return false;
}
