/* libFuzzer: the sanitiser never lets a control byte through. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = cb_sanitize((const char *)data, size, CB_SAN_KEEP_NEWLINE);

	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			abort();
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			abort();
	}
	free(out);
	return 0;
}
