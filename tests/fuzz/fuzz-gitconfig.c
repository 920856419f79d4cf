/*
 * libFuzzer: the git-config reader (store configs, user configs, themes).
 * The input is written to a file in memory (memfd), reached by a path as
 * the reader wants; every section and key it reports must be in lower
 * case, and AddressSanitizer watches it read no byte it was not given.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
	static int fd = -1;
	struct cb_error err;
	size_t n = 0;

	/* A file in memory, reached by a path as the reader wants. */
	if (fd < 0) {
		if ((fd = memfd_create("fuzz-gitconfig", 0)) < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	(void)cb_gitconfig_read(path, each, &n, &err);
	free(cb_gitconfig_get(path, "tui", NULL, "theme"));
	return 0;
}
