/*
 * libFuzzer: the theme reader (tui/theme.c over the git-config reader):
 * colour names, numbers and attributes, and the sections and keys of a
 * theme.  The input is a file in memory (memfd), loaded by its path as
 * --theme PATH would; whatever it holds, loading ends with a theme, the
 * default when the file is refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tui/tui-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct cb_error err;
	short fg, bg;
	attr_t attrs;
	char *value;

	if (fd < 0) {
		if ((fd = memfd_create("fuzz-theme", 0)) < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	(void)tui_theme_load(path, &err);
	/* One value alone, as a theme's line would give it. */
	if ((value = strndup((const char *)data, size)) == NULL)
		abort();
	(void)tui_color_parse(value, &fg, &bg, &attrs, &err);
	free(value);
	return 0;
}
