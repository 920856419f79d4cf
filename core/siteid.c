/* Incident ids with and without a site letter (core/siteid.h). */
#include <ctype.h>
#include <stdio.h>

#include "core/siteid.h"

#define NUM_DIGITS_MIN 4
#define NUM_DIGITS_MAX 6
#define NUM_MAX 999999

bool
cb_site_valid(char site)
{
	return site >= 'A' && site <= 'Z';
}

bool
cb_siteid_parse(const char *s, int *year, char *site, int *num)
{
	size_t i, start, digits = 0;
	long y = 0, n = 0;
	char letter = CB_SITE_NONE;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		y = y * 10 + (s[i] - '0');
	}
	if (s[4] != '-')
		return false;
	start = 5;
	if (cb_site_valid(s[5])) {
		letter = s[5];
		start = 6;
	}
	for (i = start; s[i] != '\0'; i++, digits++) {
		if (!isdigit((unsigned char)s[i]) || digits >= NUM_DIGITS_MAX)
			return false;
		n = n * 10 + (s[i] - '0');
	}
	if (digits < NUM_DIGITS_MIN || y < 1970 || n < 1)
		return false;
	/* Only the canonical spelling: 2026-A0042, not 2026-A00042. */
	if (digits > NUM_DIGITS_MIN && s[start] == '0')
		return false;
	if (year != NULL)
		*year = (int)y;
	if (site != NULL)
		*site = letter;
	if (num != NULL)
		*num = (int)n;
	return true;
}

void
cb_siteid_format(char out[CB_ID_MAX], int year, char site, int num)
{
	int n;

	if (site == CB_SITE_NONE)
		n = snprintf(out, CB_ID_MAX, "%04d-%04d", year, num);
	else
		n = snprintf(out, CB_ID_MAX, "%04d-%c%04d", year, site, num);
	if (n < 0 || n >= CB_ID_MAX)
		fatal("cb_siteid_format: id too long: %d, %d", year, num);
}

bool
cb_siteid_next(const char *const *seen, size_t n, int year, char site,
    char out[CB_ID_MAX])
{
	int high = 0, y, num;
	char s;

	for (size_t i = 0; i < n; i++)
		if (seen[i] != NULL && cb_siteid_parse(seen[i], &y, &s, &num) &&
		    y == year && s == site && num > high)
			high = num;
	if (high >= NUM_MAX)
		return false;
	cb_siteid_format(out, year, site, high + 1);
	return true;
}
