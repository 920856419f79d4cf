/*
 * The one sanitiser for text that came from data (alerts, notes, commit
 * messages, names) on its way to a terminal.  Anything that could move
 * the cursor, change the title, write the clipboard, reorder or hide
 * text, or confuse the terminal's UTF-8 decoder is made visible instead:
 *
 *	C0 controls and DEL	caret notation: ESC -> "^[", NUL -> "^@", DEL -> "^?"
 *	C1 controls (U+0080-9F)	"<U+009B>"
 *	bidi, invisible and	"<U+202E>" (the Default_Ignorable_Code_Point
 *	  deceptive characters	  set: U+00AD, U+034F, U+061C, U+115F-1160,
 *				  U+17B4-17B5, U+180B-180F, U+200B-200F,
 *				  U+202A-202E, U+2060-206F, U+3164, U+FE00-FE0F,
 *				  U+FEFF, U+FFA0, U+FFF0-FFF8, U+1BCA0-1BCA3,
 *				  U+1D173-1D17A, U+E0000-E0FFF; and U+2028-2029,
 *				  U+FFF9-FFFB)
 *	bytes that are not	"\x9b", one per bad byte
 *	  valid UTF-8
 *
 * Everything else that is valid UTF-8, Japanese included, passes as it is.
 * The output contains no byte below 0x20 (except a kept \n or \t), no
 * 0x7f and no encoded C1 control, and is itself valid UTF-8.
 */
#ifndef CB_SANITIZE_H
#define CB_SANITIZE_H

#include <stddef.h>

#include "core/error.h"
#include "core/xmalloc.h"

#define CB_SAN_KEEP_NEWLINE	0x1	/* \n passes; otherwise "^J" */
#define CB_SAN_KEEP_TAB		0x2	/* \t passes; otherwise "^I" */

/*
 * Sanitises len bytes at data (which need not be NUL-terminated and may
 * contain NULs; data may be NULL when len is 0).  Returns a newly
 * allocated NUL-terminated string; the caller frees it.  Never fails.
 */
char	*cb_sanitize(const char *data, size_t len, unsigned flags);

/* As cb_sanitize, but appends the result to out. */
void	 cb_sanitize_buf(struct cb_buf *out, const char *data, size_t len,
	     unsigned flags);

/*
 * Strictly decodes one UTF-8 sequence from the len (> 0) bytes at s.
 * Returns the number of bytes it uses (1 to 4) and stores the code point
 * in *cp, or returns -1, leaving *cp alone, when the byte at s does not
 * begin a valid sequence: a continuation or invalid lead byte, a sequence
 * cut short by len or by a bad continuation byte, an overlong form, a
 * surrogate (U+D800-DFFF) or a code point above U+10FFFF.
 */
int	 cb_utf8_decode(const char *s, size_t len, unsigned *cp);

/*
 * Whether text typed or pasted by a person may be stored: len bytes at
 * s must be valid UTF-8 (JSON, where the record keeps most text, cannot
 * hold anything else, and jansson would silently drop the value), and
 * hold no control character: none at all with CB_TEXT_ONE_LINE (a
 * title, a name, a host, a one-line answer), else none but TAB and LF
 * (a reason, a note on an answer).  C1 controls count as controls.  On
 * failure fills err (CB_EUSAGE) with what and where, naming the field
 * with what, and returns it; the message never quotes the bad bytes.
 */
#define CB_TEXT_ONE_LINE	0x1
enum cb_status	 cb_text_check(const char *what, const char *s, size_t len,
		     unsigned flags, struct cb_error *err);

#endif
