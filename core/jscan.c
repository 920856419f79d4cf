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

static inline size_t
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

static inline void
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

/* Each byte of a word: 0x01 in every byte, and the high bit of every byte. */
static const uint64_t ones = 0x0101010101010101ULL;
static const uint64_t highs = 0x8080808080808080ULL;

/*
 * The 8 bytes at p as a number, the first byte lowest whatever the
 * machine's byte order (compilers make this one load).
 */
static inline uint64_t
load8(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	    (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
	    (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
}

/*
 * Where, in the 8 bytes of w (from load8), the first byte is that is
 * not plain, that is not printable ASCII other than '"' and '\\': a
 * byte below 0x20, a '"', a '\\' or a byte with its high bit set (a
 * part of a UTF-8 sequence).  Returns 0-7, or 8 when all are plain.
 *
 * The tests are the classic "has a byte below n" one: (v - ones * n) &
 * ~v & highs, with n = 0x20 for control characters and n = 1 (a zero
 * byte) for v = w ^ (ones * c), which is zero where w holds c.  It
 * sets the high bit of every byte below n, and may set it in a byte
 * above a real hit too (a borrow carries up from it), never below the
 * first real hit (no borrow comes from bytes that are not below n).  So
 * its lowest bit set, the lowest of the four tests, is the first byte
 * that is not plain, exactly.
 */
static inline int
first_special(uint64_t w)
{
	uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');
	uint64_t hit = (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
	    ((bslash - ones) & ~bslash) | w) & highs;

	return hit == 0 ? 8 : __builtin_ctzll(hit) / 8;
}

size_t
cb_jplain(const char *s, size_t n)
{
	size_t i = 0;
	int k;

	while (n - i >= 8) {
		i += (size_t)(k = first_special(load8(s + i)));
		if (k < 8)
			return i;
	}
	while (i < n && (unsigned char)s[i] >= 0x20 &&
	    (unsigned char)s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

/* fail, at byte pos. */
static bool
fail_at(struct scan *sc, size_t pos, const char *why)
{
	sc->pos = pos;
	return fail(sc, why);
}

/*
 * A string, from its opening quote.  The position is kept in a local
 * (sc->pos is stored back at the end), so that it stays in a register
 * through the loop.
 */
static bool
string(struct scan *sc)
{
	const char *s = sc->s;
	size_t len = sc->len, pos = sc->pos + 1;
	size_t i = push(sc, CB_J_STRING, pos);
	unsigned cp;
	int k, u, lo, n;

	for (;;) {
		/*
		 * The common case, plain ASCII: 8 bytes at a time up to the
		 * first byte that is not plain; near the end, byte by byte.
		 */
		for (;;) {
			if (len - pos < 8) {
				while (pos < len) {
					unsigned char c = (unsigned char)s[pos];

					if (c == '"' || c == '\\' || c < 0x20 ||
					    c >= 0x80)
						break;
					pos++;
				}
				break;
			}
			n = first_special(load8(s + pos));
			pos += (size_t)n;
			if (n < 8)
				break;
		}
		if (pos >= len)
			return fail_at(sc, pos, "a string not closed before "
			    "the end");
		unsigned char c = (unsigned char)s[pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail_at(sc, pos, "a control character in a "
			    "string");
		if (c >= 0x80) {
			k = cb_utf8_decode(s + pos, len - pos, &cp);
			if (k < 0)
				return fail_at(sc, pos, "a string that is not "
				    "UTF-8");
			pos += (size_t)k;
			continue;
		}
		/* A backslash. */
		sc->d->tok[i].escaped = 1;
		if (pos + 1 >= len)
			return fail_at(sc, pos, "a string not closed before "
			    "the end");
		switch (s[pos + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			pos += 2;
			continue;
		case 'u':
			break;
		default:
			return fail_at(sc, pos, "an invalid escape in a "
			    "string");
		}
		if (pos + 6 > len || (u = hex4(s + pos + 2)) < 0)
			return fail_at(sc, pos, "an invalid \\u escape in a "
			    "string");
		pos += 6;
		if (u >= 0xdc00 && u <= 0xdfff)
			return fail_at(sc, pos, "a lone low surrogate in a "
			    "string");
		if (u >= 0xd800 && u <= 0xdbff) {
			if (pos + 6 > len || s[pos] != '\\' ||
			    s[pos + 1] != 'u' ||
			    (lo = hex4(s + pos + 2)) < 0xdc00 || lo > 0xdfff)
				return fail_at(sc, pos, "a high surrogate "
				    "without its low one in a string");
			pos += 6;
		}
	}
	sc->d->tok[i].end = (uint32_t)pos;
	sc->pos = pos + 1;	/* past the closing quote */
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

/*
 * Decodes string token t into out, which has room for its text and a
 * NUL, and returns the decoded length.  An escape is never shorter than
 * what it stands for: a two-byte escape gives one byte, "\\uXXXX" (6)
 * at most 3 bytes (U+FFFD for "\\u0000" included), a surrogate pair
 * (12) 4 bytes; so the text's length is always room enough.  The token
 * was scanned as valid, so each escape is whole.
 */
static size_t
decode(const struct cb_jdoc *d, const struct cb_jtok *t, char *out,
    bool *had_nul)
{
	const char *p = d->text + t->start, *end = d->text + t->end;
	char *o = out;
	unsigned u, lo;
	uint64_t w, hit;
	int n;

	while (p < end) {
		/*
		 * Up to the next backslash, 8 bytes at a time: the 8 are
		 * stored whole and o moves on by the plain ones only.  The
		 * store stays inside out: o is never past p's place in the
		 * text (escapes only shrink) and p + 8 is not past its end.
		 */
		if (end - p >= 8) {
			w = load8(p) ^ (ones * '\\');
			hit = (w - ones) & ~w & highs;
			n = hit == 0 ? 8 : __builtin_ctzll(hit) / 8;
			memcpy(o, p, 8);
			o += n;
			p += n;
			if (n == 8)
				continue;
		} else {
			while (p < end && *p != '\\')
				*o++ = *p++;
			if (p == end)
				break;
		}
		switch (p[1]) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
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
				*o++ = (char)u;
			} else if (u < 0x800) {
				*o++ = (char)(0xc0 | u >> 6);
				*o++ = (char)(0x80 | (u & 0x3f));
			} else if (u < 0x10000) {
				*o++ = (char)(0xe0 | u >> 12);
				*o++ = (char)(0x80 | (u >> 6 & 0x3f));
				*o++ = (char)(0x80 | (u & 0x3f));
			} else {
				*o++ = (char)(0xf0 | u >> 18);
				*o++ = (char)(0x80 | (u >> 12 & 0x3f));
				*o++ = (char)(0x80 | (u >> 6 & 0x3f));
				*o++ = (char)(0x80 | (u & 0x3f));
			}
			p += 4;
			break;
		default:
			*o++ = p[1];	/* " \\ / */
			break;
		}
		p += 2;
	}
	*o = '\0';
	return (size_t)(o - out);
}

/* Token i when it is a string, else NULL. */
static const struct cb_jtok *
string_tok(const struct cb_jdoc *d, size_t i)
{
	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_STRING)
		return NULL;
	return &d->tok[i];
}

char *
cb_jstr(const struct cb_jdoc *d, size_t i, bool *had_nul)
{
	const struct cb_jtok *t = string_tok(d, i);
	char *s;

	if (t == NULL)
		return NULL;
	s = xmalloc(t->end - t->start + 1);
	if (!t->escaped) {
		memcpy(s, d->text + t->start, t->end - t->start);
		s[t->end - t->start] = '\0';
	} else {
		decode(d, t, s, had_nul);
	}
	return s;
}

const char *
cb_jtmp_get(struct cb_jtmp *tmp, const struct cb_jdoc *d, size_t i,
    bool *had_nul)
{
	const struct cb_jtok *t = string_tok(d, i);
	char *s;

	cb_jtmp_free(tmp);
	if (t == NULL)
		return NULL;
	s = tmp->small;
	if (t->end - t->start >= sizeof tmp->small)
		s = tmp->heap = xmalloc(t->end - t->start + 1);
	if (!t->escaped) {
		memcpy(s, d->text + t->start, t->end - t->start);
		s[t->end - t->start] = '\0';
	} else {
		decode(d, t, s, had_nul);
	}
	return s;
}

void
cb_jtmp_free(struct cb_jtmp *tmp)
{
	free(tmp->heap);
	tmp->heap = NULL;
}

/* Token i, a string, equals the n bytes at s. */
static bool
streq(const struct cb_jdoc *d, size_t i, const char *s, size_t n)
{
	const struct cb_jtok *t = &d->tok[i];
	struct cb_jtmp tmp = { NULL, { 0 } };
	bool eq;

	if (!t->escaped)
		return t->end - t->start == n &&
		    memcmp(d->text + t->start, s, n) == 0;
	/* An escape stands for fewer bytes than it takes. */
	if (t->end - t->start < n)
		return false;
	eq = strcmp(cb_jtmp_get(&tmp, d, i, NULL), s) == 0;
	cb_jtmp_free(&tmp);
	return eq;
}

bool
cb_jstreq(const struct cb_jdoc *d, size_t i, const char *s)
{
	if (string_tok(d, i) == NULL)
		return false;
	return streq(d, i, s, strlen(s));
}

/*
 * Key token t is the n bytes at s.  The length and the first byte are
 * compared first, in line: they settle most keys of an object at once.
 */
static bool
key_is(const struct cb_jdoc *d, size_t k, const char *s, size_t n)
{
	const struct cb_jtok *t = &d->tok[k];

	if (t->escaped)
		return streq(d, k, s, n);
	if (t->end - t->start != n)
		return false;
	return n == 0 || (d->text[t->start] == s[0] &&
	    memcmp(d->text + t->start, s, n) == 0);
}

size_t
cb_jget(const struct cb_jdoc *d, size_t obj, const char *key)
{
	size_t found = 0, n = strlen(key);

	if (obj >= d->n || d->tok[obj].type != CB_J_OBJECT)
		return 0;
	for (size_t k = obj + 1; k < d->tok[obj].next; k = d->tok[k + 1].next)
		if (key_is(d, k, key, n))
			found = k + 1;
	return found;
}

void
cb_jget_keys(const struct cb_jdoc *d, size_t obj, const char *const keys[],
    size_t nkeys, size_t at[])
{
	size_t len[CB_JKEYS_MAX];

	if (nkeys > CB_JKEYS_MAX)
		fatal("cb_jget_keys: %zu keys", nkeys);
	for (size_t j = 0; j < nkeys; j++) {
		len[j] = strlen(keys[j]);
		at[j] = 0;
	}
	if (obj >= d->n || d->tok[obj].type != CB_J_OBJECT)
		return;
	for (size_t k = obj + 1; k < d->tok[obj].next;
	    k = d->tok[k + 1].next) {
		for (size_t j = 0; j < nkeys; j++) {
			if (key_is(d, k, keys[j], len[j])) {
				at[j] = k + 1;	/* the last if repeated */
				break;
			}
		}
	}
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

/*
 * A number token's text is valid JSON: -?(0|[1-9][0-9]*), then maybe a
 * fraction and an exponent.  An integer is the first part alone, read
 * here digit by digit; it fits when its magnitude is at most 2^63 - 1,
 * or 2^63 when negative, as strtoll would say.  Texts of 24 bytes or
 * more are refused before, as they were when read through a 24-byte
 * buffer (no such integer fits: JSON has no leading zeros).
 */
bool
cb_jint(const struct cb_jdoc *d, size_t i, int64_t *v)
{
	const char *p, *end;
	uint64_t mag = 0, max = INT64_MAX;
	bool neg;

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_NUMBER)
		return false;
	p = d->text + d->tok[i].start;
	end = d->text + d->tok[i].end;
	if (end - p >= 24)
		return false;
	neg = *p == '-';
	if (neg) {
		p++;
		max = (uint64_t)INT64_MAX + 1;
	}
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;	/* a fraction or an exponent */
		if (mag > (max - (uint64_t)(*p - '0')) / 10)
			return false;	/* out of range */
		mag = mag * 10 + (uint64_t)(*p - '0');
	}
	if (!neg)
		*v = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		*v = INT64_MIN;
	else
		*v = -(int64_t)mag;
	return true;
}

bool
cb_jnum(const struct cb_jdoc *d, size_t i, double *v)
{
	char small[64], *buf, *end;
	size_t n;
	double x;

	if (i == 0 || i >= d->n || d->tok[i].type != CB_J_NUMBER)
		return false;
	n = d->tok[i].end - d->tok[i].start;
	buf = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(buf, d->text + d->tok[i].start, n);
	buf[n] = '\0';
	errno = 0;
	x = strtod(buf, &end);
	if (buf != small)
		free(buf);
	if (!isfinite(x))
		return false;
	*v = x;
	return true;
}
