#include "core/sanitize.h"

/*
 * Decoding follows the table of well-formed byte sequences in Unicode
 * chapter 3 (table 3-7): rather than decode and then check for overlongs
 * and surrogates, the range allowed for the second byte depends on the
 * first, so every invalid sequence is refused at the first byte that
 * makes it invalid.  That also means a bad sequence is never longer than
 * one byte from the caller's point of view, and decoding resumes at the
 * next byte, which may itself start a good sequence.
 */
int
cb_utf8_decode(const char *s, size_t len, unsigned *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		 lo = 0x80, hi = 0xbf;
	unsigned		 c;
	size_t			 n, i;

	if (len == 0)
		return -1;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* below is overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* above is a surrogate */
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* below is overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above is past U+10FFFF */
		c &= 0x07;
	} else
		return -1;	/* continuation, 0xc0-0xc1 or 0xf5-0xff */

	if (len < n)
		return -1;
	for (i = 1; i < n; i++) {
		if (u[i] < lo || u[i] > hi)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return (int)n;
}

/*
 * Characters that are valid and not controls but still unsafe to show
 * raw: bidi embeddings, overrides and isolates can make a line read
 * differently from what it contains (the "Trojan Source" trick), and the
 * invisible ones can hide text or make two different names look alike.
 * That is Unicode's whole Default_Ignorable_Code_Point set (Unicode 15,
 * DerivedCoreProperties.txt: characters a terminal that does not know
 * them must show as nothing): the soft hyphen, the zero-width ones, the
 * Hangul fillers (U+115F, U+1160, U+3164, U+FFA0, which look like a
 * space and are not one), the deprecated format characters U+206A-206F,
 * the variation selectors (U+FE00-FE0F, U+E0100-E01EF) and the tag
 * characters (U+E0000-E007F), which can carry a hidden message.  The
 * line and paragraph separators and the interlinear annotation
 * characters are added: some terminals and tools treat them as line
 * breaks or hide what they enclose.  An emoji's variation selector or
 * joiner is shown too: a "<U+FE0F>" is a small price for never hiding
 * anything.
 */
static int
sanitize_hidden(unsigned cp)
{
	if (cp < 0x00ad)
		return 0;
	return (cp == 0x00ad || cp == 0x034f || cp == 0x061c ||
	    (cp >= 0x115f && cp <= 0x1160) ||
	    (cp >= 0x17b4 && cp <= 0x17b5) ||
	    (cp >= 0x180b && cp <= 0x180f) ||
	    (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0x3164 ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff || cp == 0xffa0 ||
	    (cp >= 0xfff0 && cp <= 0xfffb) ||
	    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	    (cp >= 0x1d173 && cp <= 0x1d17a) ||
	    (cp >= 0xe0000 && cp <= 0xe0fff));
}

/* Whether a decoded character may go to the terminal as it is. */
static int
sanitize_safe(unsigned cp, unsigned flags)
{
	if (cp == '\n')
		return (flags & CB_SAN_KEEP_NEWLINE) != 0;
	if (cp == '\t')
		return (flags & CB_SAN_KEEP_TAB) != 0;
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return !sanitize_hidden(cp);
}

void
cb_sanitize_buf(struct cb_buf *out, const char *data, size_t len,
    unsigned flags)
{
	size_t		 i = 0, run = 0;
	unsigned	 cp = 0;
	int		 n;

	/*
	 * Safe characters are not copied one by one: run marks the first
	 * byte after the last unsafe character, and the bytes from there
	 * are added in one go when the next unsafe one (or the end) is
	 * reached.
	 */
	while (i < len) {
		n = cb_utf8_decode(data + i, len - i, &cp);
		if (n != -1 && sanitize_safe(cp, flags)) {
			i += (size_t)n;
			continue;
		}

		if (i > run)
			cb_buf_add(out, data + run, i - run);
		if (n == -1) {
			cb_buf_printf(out, "\\x%02x", (unsigned char)data[i]);
			n = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			cb_buf_addc(out, '^');
			cb_buf_addc(out, (char)(cp ^ 0x40));
		} else
			cb_buf_printf(out, "<U+%04X>", cp);
		i += (size_t)n;
		run = i;
	}
	if (i > run)
		cb_buf_add(out, data + run, i - run);
}

char *
cb_sanitize(const char *data, size_t len, unsigned flags)
{
	struct cb_buf	 b = { 0 };

	cb_sanitize_buf(&b, data, len, flags);
	return cb_buf_detach(&b);
}

enum cb_status
cb_text_check(const char *what, const char *s, size_t len, unsigned flags,
    struct cb_error *err)
{
	size_t i = 0, chars = 0;
	unsigned cp = 0;
	int n;

	for (; i < len; i += (size_t)n, chars++) {
		if ((n = cb_utf8_decode(s + i, len - i, &cp)) < 0)
			return cb_fail(err, CB_EUSAGE, "%s: byte %zu (0x%02x) "
			    "is not UTF-8; casebook stores text as UTF-8 "
			    "(is the terminal or the file in another "
			    "encoding?)", what, i + 1, (unsigned char)s[i]);
		if (cp == '\t' || cp == '\n') {
			if (flags & CB_TEXT_ONE_LINE)
				return cb_fail(err, CB_EUSAGE, "%s: a %s "
				    "(character %zu) is not allowed in a "
				    "one-line field", what, cp == '\t' ?
				    "tab" : "line break", chars + 1);
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return cb_fail(err, CB_EUSAGE, "%s: control character "
			    "U+%04X (character %zu) is not allowed", what, cp,
			    chars + 1);
	}
	return CB_OK;
}
