/*
 * The JSON scanner: recursive descent over RFC 8259, one token per
 * value and key, no copy of any text.  Recursion is bounded by
 * CB_JSCAN_DEPTH.
 */
#include "core/jscan.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

struct scan {
	const char *s;
	size_t len, pos;
	struct cb_jdoc *d;
	struct cb_error *err;
	int depth;
};

static bool
fail(struct scan *sc, const char *why)
{
	cb_fail(sc->err, CB_ERR, "%s (column %zu)", why, sc->pos + 1);
	return false;
}

static size_t
push(struct scan *sc, enum cb_jtype type, size_t start)
{
	struct cb_jdoc *d = sc->d;
	struct cb_jtok *t;

	if (d->n == d->cap) {
		d->cap *= 2;
		if (d->tok == d->stack) {
			d->tok = xmalloc(d->cap * sizeof *d->tok);
			memcpy(d->tok, d->stack, sizeof d->stack);
		} else {
			d->tok = xrealloc(d->tok, d->cap * sizeof *d->tok);
		}
	}
	t = &d->tok[d->n];
	t->type = (uint8_t)type;
	t->start = (uint32_t)start;
	t->end = (uint32_t)start;
	t->next = (uint32_t)(d->n + 1);
	t->escaped = 0;
	return d->n++;
}

static void
ws(struct scan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static bool
string(struct scan *sc)
{
	const char *s = sc->s;
	size_t i = push(sc, CB_J_STRING, sc->pos + 1);
	unsigned cp;
	int k, u, lo;

	sc->pos++;
	for (;;) {
		/* The common case: plain ASCII. */
		while (sc->pos < sc->len) {
			unsigned char c = (unsigned char)s[sc->pos];

			if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
				break;
			sc->pos++;
		}
		if (sc->pos >= sc->len)
			return fail(sc, "a string not closed before the end");
		unsigned char c = (unsigned char)s[sc->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(sc, "a control character in a string");
		if (c >= 0x80) {
			k = cb_utf8_decode(s + sc->pos, sc->len - sc->pos, &cp);
			if (k < 0)
				return fail(sc, "a string that is not UTF-8");
			sc->pos += (size_t)k;
			continue;
		}
		/* A backslash. */
		sc->d->tok[i].escaped = 1;
		if (sc->pos + 1 >= sc->len)
			return fail(sc, "a string not closed before the end");
		switch (s[sc->pos + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			sc->pos += 2;
			continue;
		case 'u':
			break;
		default:
			return fail(sc, "an invalid escape in a string");
		}
		if (sc->pos + 6 > sc->len || (u = hex4(s + sc->pos + 2)) < 0)
			return fail(sc, "an invalid \\u escape in a string");
		sc->pos += 6;
		if (u >= 0xdc00 && u <= 0xdfff)
			return fail(sc, "a lone low surrogate in a string");
		if (u >= 0xd800 && u <= 0xdbff) {
			if (sc->pos + 6 > sc->len || s[sc->pos] != '\\' ||
			    s[sc->pos + 1] != 'u' ||
			    (lo = hex4(s + sc->pos + 2)) < 0xdc00 || lo > 0xdfff)
				return fail(sc, "a high surrogate without its low "
				    "one in a string");
			sc->pos += 6;
		}
	}
	sc->d->tok[i].end = (uint32_t)sc->pos;
	sc->pos++;		/* the closing quote */
	return true;
}

static bool
digits(struct scan *sc)
{
	size_t from = sc->pos;

	while (sc->pos < sc->len && sc->s[sc->pos] >= '0' &&
	    sc->s[sc->pos] <= '9')
		sc->pos++;
	return sc->pos > from;
}

static bool
number(struct scan *sc)
{
	size_t i = push(sc, CB_J_NUMBER, sc->pos);

	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0')
		sc->pos++;
	else if (!digits(sc))
		return fail(sc, "an invalid number");
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (!digits(sc))
			return fail(sc, "an invalid number");
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' ||
	    sc->s[sc->pos] == 'E')) {
		sc->pos++;
		if (sc->pos < sc->len && (sc->s[sc->pos] == '+' ||
		    sc->s[sc->pos] == '-'))
			sc->pos++;
		if (!digits(sc))
			return fail(sc, "an invalid number");
	}
	sc->d->tok[i].end = (uint32_t)sc->pos;
	return true;
}

static bool
literal(struct scan *sc, const char *word, enum cb_jtype type)
{
	size_t n = strlen(word), i;

	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
		return fail(sc, "an invalid word (not true, false or null)");
	i = push(sc, type, sc->pos);
	sc->pos += n;
	sc->d->tok[i].end = (uint32_t)sc->pos;
	return true;
}

static bool value(struct scan *sc);

static bool
container(struct scan *sc, bool object)
{
	size_t i = push(sc, object ? CB_J_OBJECT : CB_J_ARRAY, sc->pos);
	char close = object ? '}' : ']';

	if (++sc->depth > CB_JSCAN_DEPTH)
		return fail(sc, "nested too deep");
	sc->pos++;
	ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == close) {
		sc->pos++;
	} else {
		for (;;) {
			if (object) {
				if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
					return fail(sc, "a key that is not a "
					    "string");
				if (!string(sc))
					return false;
				ws(sc);
				if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
					return fail(sc, "no ':' after a key");
				sc->pos++;
				ws(sc);
			}
			if (!value(sc))
				return false;
			ws(sc);
			if (sc->pos >= sc->len)
				return fail(sc, object ? "an object not closed "
				    "before the end" : "an array not closed "
				    "before the end");
			if (sc->s[sc->pos] == close) {
				sc->pos++;
				break;
			}
			if (sc->s[sc->pos] != ',')
				return fail(sc, object ? "no ',' or '}' after "
				    "a member" : "no ',' or ']' after an item");
			sc->pos++;
			ws(sc);
		}
	}
	sc->depth--;
	sc->d->tok[i].end = (uint32_t)sc->pos;
	sc->d->tok[i].next = (uint32_t)sc->d->n;
	return true;
}

static bool
value(struct scan *sc)
{
	if (sc->pos >= sc->len)
		return fail(sc, "a value missing at the end");
	switch (sc->s[sc->pos]) {
	case '{':
		return container(sc, true);
	case '[':
		return container(sc, false);
	case '"':
		return string(sc);
	case 't':
		return literal(sc, "true", CB_J_TRUE);
	case 'f':
		return literal(sc, "false", CB_J_FALSE);
	case 'n':
		return literal(sc, "null", CB_J_NULL);
	default:
		if (sc->s[sc->pos] == '-' || (sc->s[sc->pos] >= '0' &&
		    sc->s[sc->pos] <= '9'))
			return number(sc);
		return fail(sc, "no JSON value here");
	}
}

enum cb_status
cb_jscan(struct cb_jdoc *d, const char *text, size_t len,
    struct cb_error *err)
{
	struct scan sc = { text, len, 0, d, err, 0 };

	d->text = text;
	d->tok = d->stack;
	d->n = 0;
	d->cap = CB_JSCAN_STACK;
	if (len >= UINT32_MAX)
		return cb_fail(err, CB_ERR, "a JSON text over 4 GB");
	ws(&sc);
	if (!value(&sc))
		return CB_ERR;
	ws(&sc);
	if (sc.pos != len) {
		fail(&sc, "more after the JSON value");
		return CB_ERR;
	}
	return CB_OK;
}

void
cb_jdoc_free(struct cb_jdoc *d)
{
	if (d->tok != d->stack)
		free(d->tok);
	d->tok = d->stack;
	d->n = 0;
}

/* Decodes string token t into b (the token scanned as valid). */
static void
decode(const struct cb_jdoc *d, const struct cb_jtok *t, struct cb_buf *b,
    bool *had_nul)
{
	const char *p = d->text + t->start, *end = d->text + t->end, *run = p;
	unsigned u, lo;
	char out[4];
	int n;

	while (p < end) {
		if (*p != '\\') {
			p++;
			continue;
		}
		cb_buf_add(b, run, (size_t)(p - run));
		switch (p[1]) {
		case 'b': cb_buf_addc(b, '\b'); break;
		case 'f': cb_buf_addc(b, '\f'); break;
		case 'n': cb_buf_addc(b, '\n'); break;
		case 'r': cb_buf_addc(b, '\r'); break;
		case 't': cb_buf_addc(b, '\t'); break;
		case 'u':
			u = (unsigned)hex4(p + 2);
			if (u >= 0xd800 && u <= 0xdbff) {
				lo = (unsigned)hex4(p + 8);
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			if (u == 0) {
				if (had_nul != NULL)
					*had_nul = true;
				u = 0xfffd;
			}
			if (u < 0x80) {
				out[0] = (char)u;
				n = 1;
			} else if (u < 0x800) {
				out[0] = (char)(0xc0 | u >> 6);
				out[1] = (char)(0x80 | (u & 0x3f));
				n = 2;
			} else if (u < 0x10000) {
				out[0] = (char)(0xe0 | u >> 12);
				out[1] = (char)(0x80 | (u >> 6 & 0x3f));
				out[2] = (char)(0x80 | (u & 0x3f));
				n = 3;
			} else {
				out[0] = (char)(0xf0 | u >> 18);
				out[1] = (char)(0x80 | (u >> 12 & 0x3f));
				out[2] = (char)(0x80 | (u >> 6 & 0x3f));
				out[3] = (char)(0x80 | (u & 0x3f));
				n = 4;
			}
			cb_buf_add(b, out, (size_t)n);
			p += 4;
			break;
		default:
			cb_buf_addc(b, p[1]);	/* " \ / */
			break;
		}
		p += 2;
		run = p;
	}
	cb_buf_add(b, run, (size_t)(end - run));
}

char *
cb_jstr(const struct cb_jdoc *d, size_t i, bool *had_nul)
{
	const struct cb_jtok *t;
	struct cb_buf b = { 0 };

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_STRING)
		return NULL;
	t = &d->tok[i];
	if (!t->escaped)
		return xstrndup(d->text + t->start, t->end - t->start);
	decode(d, t, &b, had_nul);
	if (b.data == NULL)
		cb_buf_adds(&b, "");
	return cb_buf_detach(&b);
}

bool
cb_jstreq(const struct cb_jdoc *d, size_t i, const char *s)
{
	const struct cb_jtok *t;
	size_t n = strlen(s);
	char *v;
	bool eq;

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_STRING)
		return false;
	t = &d->tok[i];
	if (!t->escaped)
		return t->end - t->start == n &&
		    memcmp(d->text + t->start, s, n) == 0;
	v = cb_jstr(d, i, NULL);
	eq = strcmp(v, s) == 0;
	free(v);
	return eq;
}

size_t
cb_jget(const struct cb_jdoc *d, size_t obj, const char *key)
{
	size_t found = 0;

	if (obj >= d->n || d->tok[obj].type != CB_J_OBJECT)
		return 0;
	for (size_t k = obj + 1; k < d->tok[obj].next; k = d->tok[k + 1].next)
		if (cb_jstreq(d, k, key))
			found = k + 1;
	return found;
}

size_t
cb_jdup(const struct cb_jdoc *d, size_t obj)
{
	char *a, *b;
	bool same;

	if (obj >= d->n || d->tok[obj].type != CB_J_OBJECT)
		return 0;
	for (size_t k = obj + 1; k < d->tok[obj].next; k = d->tok[k + 1].next) {
		for (size_t j = obj + 1; j < k; j = d->tok[j + 1].next) {
			if (!d->tok[k].escaped && !d->tok[j].escaped) {
				same = d->tok[k].end - d->tok[k].start ==
				    d->tok[j].end - d->tok[j].start &&
				    memcmp(d->text + d->tok[k].start,
				    d->text + d->tok[j].start,
				    d->tok[k].end - d->tok[k].start) == 0;
			} else {
				a = cb_jstr(d, k, NULL);
				b = cb_jstr(d, j, NULL);
				same = strcmp(a, b) == 0;
				free(a);
				free(b);
			}
			if (same)
				return k;
		}
	}
	return 0;
}

bool
cb_jint(const struct cb_jdoc *d, size_t i, int64_t *v)
{
	char buf[24], *end;
	size_t n;
	long long x;

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_NUMBER)
		return false;
	n = d->tok[i].end - d->tok[i].start;
	if (n >= sizeof buf)
		return false;
	memcpy(buf, d->text + d->tok[i].start, n);
	buf[n] = '\0';
	if (strpbrk(buf, ".eE") != NULL)
		return false;
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*v = x;
	return true;
}

bool
cb_jnum(const struct cb_jdoc *d, size_t i, double *v)
{
	char *buf, *end;
	size_t n;
	double x;

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_NUMBER)
		return false;
	n = d->tok[i].end - d->tok[i].start;
	buf = xstrndup(d->text + d->tok[i].start, n);
	errno = 0;
	x = strtod(buf, &end);
	free(buf);
	if (!isfinite(x))
		return false;
	*v = x;
	return true;
}
