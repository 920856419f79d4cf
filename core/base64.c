/* Base64 (RFC 4648, padded): core/base64.h. */
#include <string.h>

#include "core/base64.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
cb_base64_encode(const unsigned char *s, size_t n)
{
	struct cb_buf b = { 0 };
	unsigned v;

	for (size_t i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		cb_buf_addc(&b, b64[v >> 18 & 63]);
		cb_buf_addc(&b, b64[v >> 12 & 63]);
		cb_buf_addc(&b, i + 1 < n ? b64[v >> 6 & 63] : '=');
		cb_buf_addc(&b, i + 2 < n ? b64[v & 63] : '=');
	}
	if (b.data == NULL)
		cb_buf_adds(&b, "");
	return cb_buf_detach(&b);
}

bool
cb_base64_decode(const char *s, size_t n, struct cb_buf *out)
{
	unsigned v = 0;
	int pad = 0;
	const char *c;

	if (n % 4 != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=' && i >= n - 2) {
			if (i == n - 2 && s[n - 1] != '=')
				return false;
			pad++;
			v <<= 6;
		} else if (s[i] == '\0' || (c = strchr(b64, s[i])) == NULL ||
		    pad > 0) {
			return false;
		} else {
			v = v << 6 | (unsigned)(c - b64);
		}
		if (i % 4 == 3) {
			cb_buf_addc(out, (char)(v >> 16));
			if (pad < 2)
				cb_buf_addc(out, (char)(v >> 8 & 0xff));
			if (pad < 1)
				cb_buf_addc(out, (char)(v & 0xff));
			v = 0;
		}
	}
	return true;
}
