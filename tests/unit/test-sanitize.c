/*
 * Unit tests for core/sanitize.c: the escape sequences an alert or note
 * could carry to take over a terminal come out as visible text, good
 * text (ASCII, Japanese) comes out untouched, and whatever the input the
 * output holds nothing a terminal would act on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

/*
 * The promise made by core/sanitize.h, checked on any output: no C0
 * control except a kept \n or \t, no DEL, no C1 control, and valid UTF-8
 * throughout so that no terminal decoder can resynchronise differently.
 */
static void
assert_safe(const char *s, size_t len, unsigned flags)
{
	unsigned	cp;
	size_t		i;
	int		n;

	for (i = 0; i < len; i += (size_t)n) {
		n = cb_utf8_decode(s + i, len - i, &cp);
		assert_int_not_equal(n, -1);
		if (cp == '\n' && (flags & CB_SAN_KEEP_NEWLINE))
			continue;
		if (cp == '\t' && (flags & CB_SAN_KEEP_TAB))
			continue;
		assert_true(cp >= 0x20);
		assert_true(cp != 0x7f);
		assert_false(cp >= 0x80 && cp <= 0x9f);
		assert_false(cp >= 0x202a && cp <= 0x202e);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
	}
}

/*
 * Sanitises len bytes of in and compares with want.  Also checks the
 * output is safe, that sanitising it again changes nothing (the
 * notation uses only printable ASCII) and that cb_sanitize_buf appends
 * the same text after what a buffer already holds.
 */
static void
check_len(const char *in, size_t len, unsigned flags, const char *want)
{
	struct cb_buf	 b = { 0 };
	char		*out, *again;

	out = cb_sanitize(in, len, flags);
	assert_string_equal(out, want);
	assert_safe(out, strlen(out), flags);

	again = cb_sanitize(out, strlen(out), flags);
	assert_string_equal(again, out);
	free(again);

	cb_buf_adds(&b, "prefix:");
	cb_sanitize_buf(&b, in, len, flags);
	assert_int_equal(b.len, strlen("prefix:") + strlen(want));
	assert_memory_equal(b.data, "prefix:", strlen("prefix:"));
	assert_string_equal(b.data + strlen("prefix:"), want);
	cb_buf_free(&b);

	free(out);
}

static void
check(const char *in, unsigned flags, const char *want)
{
	check_len(in, strlen(in), flags, want);
}

static void
test_ascii(void **state)
{
	(void)state;
	check("", 0, "");
	check("INC-2024-0042: host web01 down", 0,
	    "INC-2024-0042: host web01 down");
	check(" !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~", 0,
	    " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~");
}

static void
test_empty(void **state)
{
	struct cb_buf	 b = { 0 };
	char		*out;

	(void)state;
	out = cb_sanitize(NULL, 0, 0);
	assert_string_equal(out, "");
	free(out);
	cb_sanitize_buf(&b, NULL, 0, 0);
	assert_int_equal(b.len, 0);
	cb_buf_free(&b);
}

static void
test_japanese(void **state)
{
	(void)state;
	check("不正侵入", 0, "不正侵入");
	check("不正侵入を検知: サーバー01", 0, "不正侵入を検知: サーバー01");
	/* Four-byte sequences and other scripts pass too. */
	check("\xf0\x9f\x94\xa5 caf\xc3\xa9 \xd0\x9c\xd0\xb8\xd1\x80", 0,
	    "\xf0\x9f\x94\xa5 caf\xc3\xa9 \xd0\x9c\xd0\xb8\xd1\x80");
}

static void
test_csi_clear(void **state)
{
	(void)state;
	check("\x1b[2J", 0, "^[[2J");
	check("ok\x1b[2J\x1b[H\x1b[31mred", 0, "ok^[[2J^[[H^[[31mred");
}

static void
test_osc(void **state)
{
	(void)state;
	/* Clipboard write, BEL- and ST-terminated. */
	check("\x1b]52;c;aGVsbG8=\x07", 0, "^[]52;c;aGVsbG8=^G");
	check("\x1b]52;c;aGVsbG8=\x1b\\", 0, "^[]52;c;aGVsbG8=^[\\");
	/* Window title change. */
	check("\x1b]0;pwned\x07", 0, "^[]0;pwned^G");
}

static void
test_c1(void **state)
{
	(void)state;
	/* CSI as the UTF-8 encoding of U+009B, and as a raw byte. */
	check("\xc2\x9b" "2J", 0, "<U+009B>2J");
	check("\x9b" "2J", 0, "\\x9b2J");
	check("\xc2\x80\xc2\x9f", 0, "<U+0080><U+009F>");
	/* OSC and ST as raw bytes. */
	check("\x9d" "0;pwned\x9c", 0, "\\x9d0;pwned\\x9c");
	/* U+00A0 is the first character past the C1 block. */
	check("\xc2\xa0", 0, "\xc2\xa0");
}

static void
test_nul_del(void **state)
{
	(void)state;
	check_len("a\0b", 3, 0, "a^@b");
	check_len("\0", 1, 0, "^@");
	check("a\x7f" "b", 0, "a^?b");
	check("\x01\x08\x0d\x1f", 0, "^A^H^M^_");
}

static void
test_newline_tab(void **state)
{
	(void)state;
	check("a\nb", 0, "a^Jb");
	check("a\nb", CB_SAN_KEEP_NEWLINE, "a\nb");
	check("a\tb", 0, "a^Ib");
	check("a\tb", CB_SAN_KEEP_TAB, "a\tb");
	check("a\tb\nc", CB_SAN_KEEP_NEWLINE, "a^Ib\nc");
	check("a\tb\nc", CB_SAN_KEEP_TAB, "a\tb^Jc");
	check("a\tb\r\nc", CB_SAN_KEEP_NEWLINE | CB_SAN_KEEP_TAB,
	    "a\tb^M\nc");
}

static void
test_bidi(void **state)
{
	(void)state;
	/* "Trojan Source": reads as "fileexe.txt" once reordered. */
	check("file\xe2\x80\xaetxt.exe", 0, "file<U+202E>txt.exe");
	check("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
	    "<U+202A><U+202B><U+202C><U+202D>");
	check("\xe2\x81\xa6x\xe2\x81\xa9", 0, "<U+2066>x<U+2069>");
	check("\xd8\x9c", 0, "<U+061C>");
	/* Zero-width, word joiner, BOM, interlinear annotation. */
	check("ad\xe2\x80\x8bmin", 0, "ad<U+200B>min");
	check("\xe2\x80\x8f\xe2\x81\xa0\xe2\x81\xa4", 0,
	    "<U+200F><U+2060><U+2064>");
	check("\xef\xbb\xbfhi", 0, "<U+FEFF>hi");
	check("\xef\xbf\xb9\xef\xbf\xbb", 0, "<U+FFF9><U+FFFB>");
	/* Line and paragraph separators. */
	check("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a<U+2028>b<U+2029>");
	/* Neighbours of those ranges are ordinary text. */
	check("\xe2\x80\x8a\xe2\x80\xaf\xe2\x81\xb0\xef\xbf\xbc", 0,
	    "\xe2\x80\x8a\xe2\x80\xaf\xe2\x81\xb0\xef\xbf\xbc");
}

/* The rest of Unicode's default-ignorable set, and its neighbours. */
static void
test_ignorable(void **state)
{
	(void)state;
	/* Tag characters: "hi" hidden after "ok" (U+E0068 U+E0069). */
	check("ok\xf3\xa0\x81\xa8\xf3\xa0\x81\xa9", 0,
	    "ok<U+E0068><U+E0069>");
	check("\xf3\xa0\x80\x80\xf3\xa0\x81\xbf", 0, "<U+E0000><U+E007F>");
	/* Hangul fillers look like spaces: "ad\u3164min" is not "admin". */
	check("ad\xe3\x85\xa4min", 0, "ad<U+3164>min");
	check("\xe1\x85\x9f\xe1\x85\xa0\xef\xbe\xa0", 0,
	    "<U+115F><U+1160><U+FFA0>");
	/* Deprecated format characters. */
	check("\xe2\x81\xaa\xe2\x81\xaf", 0, "<U+206A><U+206F>");
	/* Variation selectors, both blocks. */
	check("a\xef\xb8\x80" "b\xef\xb8\x8f", 0, "a<U+FE00>b<U+FE0F>");
	check("\xf3\xa0\x84\x80\xf3\xa0\x87\xaf", 0,
	    "<U+E0100><U+E01EF>");
	/* Soft hyphen, grapheme joiner, Mongolian selectors, Khmer vowels. */
	check("\xc2\xad\xcd\x8f\xe1\xa0\x8b\xe1\xa0\x8f\xe1\x9e\xb4", 0,
	    "<U+00AD><U+034F><U+180B><U+180F><U+17B4>");
	/* Shorthand format controls, musical symbol formatting. */
	check("\xf0\x9b\xb2\xa0\xf0\x9d\x85\xb3", 0, "<U+1BCA0><U+1D173>");
	/* Neighbours: Hangul letters, U+00AC, U+FE10, U+E1000 pass. */
	check("\xe3\x85\xa3\xc2\xac\xef\xb8\x90\xf3\xa1\x80\x80", 0,
	    "\xe3\x85\xa3\xc2\xac\xef\xb8\x90\xf3\xa1\x80\x80");
	/* Japanese, with its long vowel mark and iteration marks, passes. */
	check("\xe3\x83\xbc\xe3\x80\x85\xe3\x82\x9d", 0,
	    "\xe3\x83\xbc\xe3\x80\x85\xe3\x82\x9d");
}

/* cb_text_check: what may be stored. */
static void
test_text_check(void **state)
{
	struct cb_error err;

	(void)state;
	assert_int_equal(cb_text_check("title", "Caf\xc3\xa9 \xe4\xb8\x8d", 9,
	    CB_TEXT_ONE_LINE, &err), CB_OK);
	assert_int_equal(cb_text_check("title", "Caf\xe9", 4,
	    CB_TEXT_ONE_LINE, &err), CB_EUSAGE);
	assert_non_null(strstr(err.msg, "title: byte 4 (0xe9) is not UTF-8"));
	assert_int_equal(cb_text_check("title", "a\nb", 3, CB_TEXT_ONE_LINE,
	    &err), CB_EUSAGE);
	assert_int_equal(cb_text_check("reason", "a\nb\tc", 5, 0, &err), CB_OK);
	assert_int_equal(cb_text_check("reason", "a\033[2J", 5, 0, &err),
	    CB_EUSAGE);
	assert_non_null(strstr(err.msg, "U+001B"));
	assert_int_equal(cb_text_check("reason", "\xc2\x9b", 2, 0, &err),
	    CB_EUSAGE);
	assert_int_equal(cb_text_check("reason", "a\0b", 3, 0, &err),
	    CB_EUSAGE);
	assert_int_equal(cb_text_check("reason", "\x7f", 1, 0, &err),
	    CB_EUSAGE);
}

static void
test_invalid(void **state)
{
	(void)state;
	/* Truncated at the end, and cut short by an ASCII byte. */
	check("ok\xe4\xb8", 0, "ok\\xe4\\xb8");
	check("\xf0\x9f\x94", 0, "\\xf0\\x9f\\x94");
	check("\xe4\xb8" "a", 0, "\\xe4\\xb8a");
	/* A bad byte does not swallow the good sequence after it. */
	check("\xe4\xe4\xb8\x8d", 0, "\\xe4\xe4\xb8\x8d");
	/* Overlong "/" and overlong NUL. */
	check("\xc0\xaf", 0, "\\xc0\\xaf");
	check("\xc0\x80", 0, "\\xc0\\x80");
	check("\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf");
	check("\xf0\x80\x80\xaf", 0, "\\xf0\\x80\\x80\\xaf");
	/* Surrogates. */
	check("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	check("\xed\xbf\xbf", 0, "\\xed\\xbf\\xbf");
	/* Past U+10FFFF, and bytes that never appear in UTF-8. */
	check("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80");
	check("\xf5\xff\xfe", 0, "\\xf5\\xff\\xfe");
	/* Lone continuation bytes; hex is lowercase. */
	check("\x80\xBF", 0, "\\x80\\xbf");
}

static void
test_decode(void **state)
{
	static const struct {
		const char	*s;
		int		 n;
		unsigned	 cp;
	} t[] = {
		{ "\x7f", 1, 0x7f },
		{ "\xc2\x80", 2, 0x80 },
		{ "\xdf\xbf", 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 0x800 },
		{ "\xed\x9f\xbf", 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 0xe000 },
		{ "\xef\xbf\xbf", 3, 0xffff },
		{ "\xf0\x90\x80\x80", 4, 0x10000 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
		{ "\xc1\xbf", -1, 0 },
		{ "\xe0\x9f\xbf", -1, 0 },
		{ "\xed\xa0\x80", -1, 0 },
		{ "\xf0\x8f\xbf\xbf", -1, 0 },
		{ "\xf4\x90\x80\x80", -1, 0 },
		{ "\xe4\xb8\x41", -1, 0 },
		{ "\xbf", -1, 0 },
	};
	unsigned	 cp;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cp = 0xdeadbeef;
		assert_int_equal(cb_utf8_decode(t[i].s, strlen(t[i].s), &cp),
		    t[i].n);
		if (t[i].n != -1)
			assert_int_equal(cp, t[i].cp);
		else
			assert_int_equal(cp, 0xdeadbeef);
	}
	/* A valid sequence cut short by len. */
	assert_int_equal(cb_utf8_decode("\xe4\xb8\x8d", 2, &cp), -1);
	assert_int_equal(cb_utf8_decode("a", 0, &cp), -1);
	/* NUL is a character, not the end. */
	assert_int_equal(cb_utf8_decode("", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

/*
 * Every one- and two-byte input, then pseudo-random short strings biased
 * towards the bytes that matter (controls, lead and continuation bytes),
 * must come out safe and stable under a second pass, whatever the flags.
 */
static void
test_all_inputs(void **state)
{
	static const unsigned char	 pick[] = {
		0x00, 0x07, 0x09, 0x0a, 0x1b, 0x20, 0x41, 0x5b, 0x7f, 0x80,
		0x9b, 0xa0, 0xaa, 0xae, 0xbf, 0xc0, 0xc2, 0xd8, 0xe0, 0xe2,
		0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff
	};
	unsigned char	 in[8];
	uint32_t	 seed = 12345;
	unsigned	 flags, a, b;
	size_t		 len, i;
	char		*out, *again;
	int		 round;

	(void)state;
	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			in[0] = (unsigned char)a;
			in[1] = (unsigned char)b;
			flags = (a + b) & 3;
			out = cb_sanitize((char *)in, 2, flags);
			assert_safe(out, strlen(out), flags);
			free(out);
		}
	}
	for (round = 0; round < 200000; round++) {
		seed = seed * 1103515245 + 12345;
		len = (seed >> 16) % (sizeof in + 1);
		flags = (seed >> 8) & 3;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			if (seed & 0x80000000)
				in[i] = (unsigned char)(seed >> 16);
			else
				in[i] = pick[(seed >> 16) % sizeof pick];
		}
		out = cb_sanitize((char *)in, len, flags);
		assert_safe(out, strlen(out), flags);
		again = cb_sanitize(out, strlen(out), flags);
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_csi_clear),
		cmocka_unit_test(test_osc),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_nul_del),
		cmocka_unit_test(test_newline_tab),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_ignorable),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_all_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
