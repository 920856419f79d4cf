/*
 * Path completion for the prompts that take a path (attach, save): Tab
 * completes the last component among the names in its folder, as a
 * shell does; Tab again offers the next name, round.  A folder gets its
 * '/', so that a further Tab goes into it.  Names beginning with '.'
 * are offered only when the typed component begins with '.'.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/priv.h"
#include "tui/tui-int.h"

struct tui_path_complete {
	char *dir;		/* the folder as typed, with its '/' ("" for .) */
	char **names;		/* the candidates, sorted; folders end in '/' */
	size_t n, next;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder typed, for opendir: "~/" is the home folder, "" is ".". */
static char *
real_dir(const char *dir)
{
	const char *home = getenv("HOME");

	if (dir[0] == '\0')
		return xstrdup(".");
	if (strncmp(dir, "~/", 2) == 0 && home != NULL)
		return xasprintf("%s/%s", home, dir + 2);
	return xstrdup(dir);
}

static struct tui_path_complete *
gather(const char *text)
{
	struct tui_path_complete *c = xcalloc(1, sizeof *c);
	const char *slash = strrchr(text, '/'), *base;
	size_t cap = 0, bl;
	char *dir;
	DIR *d;
	struct dirent *e;

	c->dir = xstrndup(text, slash != NULL ? (size_t)(slash - text + 1) : 0);
	base = slash != NULL ? slash + 1 : text;
	bl = strlen(base);
	dir = real_dir(c->dir);
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			struct stat sb;
			char *full;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0 ||
			    strncmp(e->d_name, base, bl) != 0 ||
			    (e->d_name[0] == '.' && base[0] != '.'))
				continue;
			if (c->n == cap) {
				cap = cap ? 2 * cap : 16;
				c->names = xrealloc(c->names, cap * sizeof *c->names);
			}
			full = xasprintf("%s/%s", dir, e->d_name);
			c->names[c->n++] = stat(full, &sb) == 0 &&
			    S_ISDIR(sb.st_mode) ? xasprintf("%s/", e->d_name) :
			    xstrdup(e->d_name);
			free(full);
		}
		closedir(d);
	}
	free(dir);
	qsort(c->names, c->n, sizeof *c->names, by_name);
	return c;
}

char *
tui_path_complete(struct tui_path_complete **state, const char *text)
{
	struct tui_path_complete *c;

	if (*state == NULL) {
		/* The person's folders, read with their rights (core/priv.h). */
		bool raised = cb_priv_raised();

		cb_priv_lower();
		*state = gather(text);
		if (raised)
			cb_priv_raise();
	}
	c = *state;
	if (c->n == 0)
		return NULL;
	if (c->next >= c->n)
		c->next = 0;
	{
		char *out = xasprintf("%s%s", c->dir, c->names[c->next++]);

		/* One name: the next Tab completes from it (into a folder). */
		if (c->n == 1)
			tui_path_complete_free(state);
		return out;
	}
}

void
tui_path_complete_free(struct tui_path_complete **state)
{
	struct tui_path_complete *c = *state;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	free(c->dir);
	free(c);
	*state = NULL;
}
