/*
 * A small reader of git-config syntax (core/gitconfig.h).
 *
 * What it reads: "[section]", "[section \"sub\"]" (\" and \\ escaped in
 * the subsection), "key = value", "key" alone (true), comments from '#'
 * or ';' outside quotes, values in double quotes with \" \\ \n \t, and a
 * backslash at the end of a line continuing the value.
 */
#include "core/gitconfig.h"
#include "core/nls.h"
#include "core/priv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Parses "[section]" or "[section \"sub\"]" at p into sec and sub. */
static bool
parse_header(const char *p, char *sec, size_t seclen, char *sub,
    size_t sublen)
{
	size_t n = 0;

	p++;
	while (isalnum((unsigned char)*p) || *p == '-' || *p == '.') {
		if (n + 1 >= seclen)
			return false;
		sec[n++] = *p++;
	}
	sec[n] = '\0';
	sub[0] = '\0';
	if (n == 0)
		return false;
	if (*p == ' ') {
		while (*p == ' ')
			p++;
		if (*p++ != '"')
			return false;
		n = 0;
		while (*p != '"') {
			if (*p == '\0' || *p == '\n')
				return false;
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (n + 1 >= sublen)
				return false;
			sub[n++] = *p++;
		}
		sub[n] = '\0';
		p++;
	}
	if (*p != ']')
		return false;
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	if (*p != '\0' && *p != '#' && *p != ';' && *p != '\n' && *p != '\r')
		return false;
	lower(sec);
	/* [section.sub], the old form. */
	if (sub[0] == '\0' && strchr(sec, '.') != NULL) {
		char *dot = strchr(sec, '.');

		snprintf(sub, sublen, "%s", dot + 1);
		*dot = '\0';
	}
	return true;
}

/*
 * The value after '=': quotes removed, escapes decoded, a trailing
 * comment and surrounding spaces dropped.  *more is set when the line
 * ends with a backslash (the value goes on on the next line).
 */
static bool
parse_value(const char *p, struct cb_buf *out, bool *more)
{
	bool quoted = false;
	size_t keep = out->len;	/* up to the last character that is not a space */

	*more = false;
	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p != '\0' && *p != '\n' && *p != '\r'; p++) {
		if (*p == '"') {
			quoted = !quoted;
			keep = out->len;
			continue;
		}
		if (!quoted && (*p == '#' || *p == ';'))
			break;
		if (*p == '\\') {
			p++;
			switch (*p) {
			case '\0': case '\n': case '\r':
				*more = true;
				return !quoted;
			case 'n': cb_buf_addc(out, '\n'); break;
			case 't': cb_buf_addc(out, '\t'); break;
			case '"': case '\\': cb_buf_addc(out, *p); break;
			default: return false;
			}
			keep = out->len;
			continue;
		}
		cb_buf_addc(out, *p);
		if (quoted || (*p != ' ' && *p != '\t'))
			keep = out->len;
	}
	if (quoted)
		return false;
	out->len = keep;
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return true;
}

int
cb_open_regular(const char *path, unsigned flags, struct cb_error *err)
{
	struct stat sb;
	int fd, saved;

	int oflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
	    ((flags & CB_OPEN_NOFOLLOW) ? O_NOFOLLOW : 0);

	fd = (flags & CB_OPEN_AS_USER) ? cb_priv_open_as_user(path, oflags) :
	    open(path, oflags);
	if (fd < 0) {
		saved = errno;
		if (saved == ELOOP && (flags & CB_OPEN_NOFOLLOW))
			cb_fail(err, CB_ERR, "%s: is a symbolic link, which "
			    "casebook does not follow here", path);
		else
			cb_fail(err, saved == ENOENT ? CB_ENOTFOUND : CB_ERR,
			    "%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		saved = errno;
		if (S_ISREG(sb.st_mode))
			cb_fail(err, CB_ERR, "%s: %s", path, strerror(saved));
		else
			cb_fail(err, CB_ERR, "%s: not a regular file (%s); "
			    "casebook reads only regular files here", path,
			    S_ISDIR(sb.st_mode) ? "a folder" :
			    S_ISFIFO(sb.st_mode) ? "a FIFO" :
			    S_ISSOCK(sb.st_mode) ? "a socket" : "a device");
		close(fd);
		errno = S_ISREG(sb.st_mode) ? saved : EINVAL;
		return -1;
	}
	/* Reads block again: a regular file never waits anyway. */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

enum cb_status
cb_gitconfig_read(const char *path, cb_gitconfig_fn fn, void *arg,
    struct cb_error *err)
{
	return cb_gitconfig_read_flags(path, 0, fn, arg, err);
}

enum cb_status
cb_gitconfig_read_flags(const char *path, unsigned flags, cb_gitconfig_fn fn,
    void *arg, struct cb_error *err)
{
	char line[4096], sec[128] = "", sub[256] = "";
	enum cb_status s = CB_OK;
	int lineno = 0, fd;
	FILE *f;

	if ((fd = cb_open_regular(path, flags, err)) < 0)
		return errno == ENOENT ? CB_ENOTFOUND : CB_ERR;
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return cb_fail(err, CB_ERR, "%s: %s", path, strerror(errno));
	}
	while (s == CB_OK && fgets(line, sizeof line, f) != NULL) {
		char key[128], *p = line;
		struct cb_buf value = { 0 };
		bool more;
		size_t n = 0;
		int at;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			s = cb_fail(err, CB_ERR, _("%s:%d: line too long"), path,
			    lineno);
			break;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#' ||
		    *p == ';')
			continue;
		if (*p == '[') {
			if (!parse_header(p, sec, sizeof sec, sub, sizeof sub))
				s = cb_fail(err, CB_ERR, _("%s:%d: bad section "
				    "header"), path, lineno);
			continue;
		}
		if (sec[0] == '\0') {
			s = cb_fail(err, CB_ERR, _("%s:%d: a key outside any "
			    "section"), path, lineno);
			break;
		}
		if (!isalpha((unsigned char)*p)) {
			s = cb_fail(err, CB_ERR, _("%s:%d: a key must start with "
			    "a letter"), path, lineno);
			break;
		}
		while ((isalnum((unsigned char)*p) || *p == '-') &&
		    n + 1 < sizeof key)
			key[n++] = *p++;
		key[n] = '\0';
		lower(key);
		while (*p == ' ' || *p == '\t')
			p++;
		at = lineno;
		if (*p == '=') {
			if (!parse_value(p + 1, &value, &more)) {
				s = cb_fail(err, CB_ERR, _("%s:%d: bad value (an "
				    "unclosed quote or an unknown escape)"),
				    path, lineno);
				free(value.data);
				break;
			}
			while (more && fgets(line, sizeof line, f) != NULL) {
				lineno++;
				if (!parse_value(line, &value, &more)) {
					s = cb_fail(err, CB_ERR, _("%s:%d: bad "
					    "value"), path, lineno);
					break;
				}
			}
		} else if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#' ||
		    *p == ';')
			cb_buf_adds(&value, "true");
		else {
			s = cb_fail(err, CB_ERR, _("%s:%d: expected '=' after "
			    "'%s'"), path, lineno, key);
			break;
		}
		if (s == CB_OK)
			s = fn(sec, sub, key, value.data != NULL ? value.data : "",
			    at, arg, err);
		free(value.data);
	}
	fclose(f);
	return s;
}

struct get {
	const char *section, *subsection, *key;
	char *value;
};

static enum cb_status
get_one(const char *section, const char *subsection, const char *key,
    const char *value, int line, void *arg, struct cb_error *err)
{
	struct get *g = arg;

	(void)line;
	(void)err;
	if (strcmp(section, g->section) == 0 &&
	    strcmp(subsection, g->subsection) == 0 &&
	    strcmp(key, g->key) == 0) {
		free(g->value);
		g->value = xstrdup(value);	/* the last one wins, as in git */
	}
	return CB_OK;
}

char *
cb_gitconfig_get(const char *path, const char *section,
    const char *subsection, const char *key)
{
	struct get g = { section, subsection != NULL ? subsection : "", key,
	    NULL };
	struct cb_error err;

	if (cb_gitconfig_read(path, get_one, &g, &err) != CB_OK) {
		free(g.value);
		return NULL;
	}
	return g.value;
}
