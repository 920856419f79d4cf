/*
 * libFuzzer: the git-config reader (store configs, user configs, themes).
 * The input is written to a file, as the reader reads files; every key
 * it reports must be in lower case and every value must be a string
 * (the reader must not read past what it was given).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/gitconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static enum cb_status
each(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	size_t *n = arg;

	(void)subsection;
	(void)err;
	for (const char *p = section; *p != '\0'; p++)
		if (isupper((unsigned char)*p))
			abort();
	for (const char *p = key; *p != '\0'; p++)
		if (isupper((unsigned char)*p))
			abort();
	if (line < 1 || strlen(value) > 1u << 20)
		abort();
	(*n)++;
	return CB_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_error err;
	size_t n = 0;
	FILE *f;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/fuzz-gitconfig-%ld",
		    (long)getpid());
	}
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	(void)cb_gitconfig_read(path, each, &n, &err);
	free(cb_gitconfig_get(path, "tui", NULL, "theme"));
	return 0;
}
