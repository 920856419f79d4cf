/*
 * libFuzzer: the date and time parser never reads past its text, and
 * what it accepts reads back as itself (the stored form parses to the
 * same instant and form).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[CB_TIME_MAX], again[CB_TIME_MAX];
	char both[2 * CB_TIME_MAX];
	time_t when, when2;
	bool back;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	setenv("TZ", "Asia/Tokyo", 1);
	if (cb_datetime_parse(s, (time_t)1796180400, &when, out)) {
		if (!cb_datetime_parse(out, 0, &when2, again) ||
		    when2 != when || strcmp(again, out) != 0)
			abort();
	}
	(void)cb_period_parse(s, (time_t)1796180400, both, &back);
	free(s);
	return 0;
}
