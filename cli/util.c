/*
 * What the commands share: opening the store, printing errors and data
 * safely, JSON output, reading files and running the editor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "cli/cli.h"
#include "core/secret.h"
#include "core/datetime.h"
#include "core/editor.h"
#include "core/priv.h"
#include "core/gitconfig.h"
#include "core/sanitize.h"
#include "core/words.h"
#include "core/nls.h"

struct cb_store *
cli_open(struct cb_cli *cli)
{
	struct cb_store *st;
	struct cb_error err;

	cli_take_store_group(cli);
	if (cb_store_open(cli->store_dir, &st, &err) != CB_OK) {
		cli_error(&err);
		return NULL;
	}
	cb_store_set_playbook_dir(st, cb_playbooks_dir());
	return st;
}

void
cli_take_store_group(const struct cb_cli *cli)
{
	if (cb_privileged() && cb_store_dir_protected(cli->store_dir,
	    (unsigned)cb_priv_store_gid()))
		cb_priv_raise();
}

struct cb_store *
cli_open_bare(struct cb_cli *cli)
{
	struct cb_store *st;
	struct cb_error err;

	cli_take_store_group(cli);
	if (cb_store_open_bare(cli->store_dir, &st, &err) != CB_OK) {
		cli_error(&err);
		return NULL;
	}
	return st;
}

int
cli_error(const struct cb_error *err)
{
	fputs(_("casebook: "), stderr);
	cli_put_line(stderr, err->msg);
	fputc('\n', stderr);
	return cb_status_exit_code(err->status);
}

int
cli_usage(const struct cb_cmd *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	/* The message may quote what was typed: sanitise it like data. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("casebook %s: "), cmd->name);
	cli_put_line(stderr, msg);
	fprintf(stderr, _("\nusage: casebook %s %s\n"), cmd->name, cmd->synopsis);
	return 2;
}

bool
cli_help(const struct cb_cmd *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf(_("usage: casebook %s %s\n\n%s\nSee casebook(1).\n"),
			    cmd->name, cmd->synopsis, _(cmd->summary));
			return true;
		}
	}
	return false;
}

int
cli_check_id(const struct cb_cmd *cmd, const char *id)
{
	if (cb_id_parse(id, NULL, NULL) && strlen(id) < CB_ID_MAX)
		return 0;
	fprintf(stderr, _("casebook %s: '"), cmd->name);
	cli_put_line(stderr, id);
	fprintf(stderr, _("' is not an incident id (YYYY-NNNN, e.g. 2026-0042)\n"));
	return 2;
}

void
cli_put(FILE *f, const char *data, size_t len)
{
	char *clean = cb_sanitize(data, len, CB_SAN_KEEP_NEWLINE |
	    CB_SAN_KEEP_TAB);

	fputs(clean, f);
	free(clean);
}

void
cli_puts(FILE *f, const char *s)
{
	cli_put(f, s, strlen(s));
}

void
cli_put_line(FILE *f, const char *s)
{
	char *clean = cb_sanitize(s, strlen(s), 0);

	fputs(clean, f);
	free(clean);
}

void
cli_put_cell(FILE *f, const char *s, int w)
{
	char *clean = cb_sanitize(s, strlen(s), 0);
	size_t len = strlen(clean), i = 0;
	int used = 0;

	/* The width as wcwidth counts it, a character at a time. */
	while (i < len) {
		mbstate_t ps;
		wchar_t wc;
		size_t k;
		int cw;

		memset(&ps, 0, sizeof ps);
		k = mbrtowc(&wc, clean + i, len - i, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			k = 1, cw = 1;
		else if ((cw = wcwidth(wc)) < 0)
			cw = 1;
		used += cw;
		i += k;
	}
	fputs(clean, f);
	for (; used < w; used++)
		fputc(' ', f);
	free(clean);
}

const char *
cli_answer_word(struct cb_store *st, const char *item, const char *value,
    bool brief, char *buf, size_t n)
{
	const struct cb_playbooks *pbs = NULL;
	const char *lang = cb_store_language(st);
	struct cb_error err;

	if (item == NULL || cb_store_playbooks(st, &pbs, &err) != CB_OK) {
		snprintf(buf, n, "%s", value);
		return buf;
	}
	return cb_value_word(pbs, item, value, lang, (brief ? CB_WORD_BRIEF :
	    0) | (lang[0] == 'j' ? CB_WORD_LABELS : 0), buf, n);
}

const char *
cli_field_word(struct cb_store *st, const char *field, const char *value,
    bool brief, char *buf, size_t n)
{
	const struct cb_playbooks *pbs = NULL;
	const char *lang = cb_store_language(st);
	struct cb_error err;
	enum cb_phase p;

	if (lang[0] == 'j' && strcmp(field, "phase") == 0) {
		for (p = 0; p < CB_PHASE_COUNT; p++)
			if (strcmp(cb_phase_names[p], value) == 0) {
				snprintf(buf, n, "%s", cb_phase_word(p));
				return buf;
			}
	}
	if (lang[0] != 'j' || value[0] == '\0' ||
	    cb_store_playbooks(st, &pbs, &err) != CB_OK) {
		snprintf(buf, n, "%s", value);
		return buf;
	}
	return cb_value_word(pbs, cb_field_item(pbs, field), value, lang,
	    (brief ? CB_WORD_BRIEF : 0) | CB_WORD_LABELS, buf, n);
}

const char *
cli_time(const char *iso, char *buf, size_t n)
{
	char *clean;

	/* A time that does not parse is shown as written: data, sanitised. */
	cb_local_time(iso, buf, n);
	clean = cb_sanitize(buf, strlen(buf), 0);
	snprintf(buf, n, "%s", clean);
	free(clean);
	return buf;
}

json_t *
cli_json_string(const char *data, size_t len)
{
	struct cb_buf b = { 0 };
	json_t *s;
	size_t i = 0;

	if ((s = json_stringn(data, len)) != NULL)
		return s;
	/* Not UTF-8: keep what decodes, mark the rest U+FFFD. */
	while (i < len) {
		unsigned cp;
		int n = cb_utf8_decode(data + i, len - i, &cp);

		if (n < 0) {
			cb_buf_adds(&b, "\xef\xbf\xbd");
			i++;
		} else {
			cb_buf_add(&b, data + i, (size_t)n);
			i += (size_t)n;
		}
	}
	s = json_stringn(b.data ? b.data : "", b.len);
	cb_buf_free(&b);
	return s != NULL ? s : json_string("");
}

/*
 * jansson escapes controls below 0x20 and, with JSON_ENSURE_ASCII,
 * everything above 0x7e, but writes DEL (0x7f) raw.  Outside strings
 * JSON has no DEL, so every one in the text is inside a string and
 * becomes \u007f.
 */
char *
cli_json_text(json_t *value, size_t flags)
{
	char *text = json_dumps(value, flags | JSON_ENSURE_ASCII);
	struct cb_buf b = { 0 };

	if (text == NULL)
		fatal("cannot encode JSON output");
	if (strchr(text, 0x7f) == NULL)
		return text;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == 0x7f)
			cb_buf_adds(&b, "\\u007f");
		else
			cb_buf_addc(&b, *p);
	}
	free(text);
	return cb_buf_detach(&b);
}

void
cli_json_print(json_t *value)
{
	char *text = cli_json_text(value, JSON_INDENT(2) | JSON_SORT_KEYS);

	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
}

static json_t *
csv_array(const char *csv)
{
	json_t *a = json_array();
	const char *p = csv;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		json_array_append_new(a, cli_json_string(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

json_t *
cli_row_json(const struct cb_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "title", cli_json_string(r->title,
	    strlen(r->title)));
	json_object_set_new(o, "phase", json_string(r->phase));
	json_object_set_new(o, "urgency", json_string(r->urgency));
	json_object_set_new(o, "severity", r->severity[0] ?
	    json_string(r->severity) : json_null());
	json_object_set_new(o, "classes", csv_array(r->classes));
	json_object_set_new(o, "department", cli_json_string(r->department,
	    strlen(r->department)));
	json_object_set_new(o, "reporter", cli_json_string(r->reporter,
	    strlen(r->reporter)));
	json_object_set_new(o, "hosts", csv_array(r->hosts));
	json_object_set_new(o, "assignees", csv_array(r->assignees));
	json_object_set_new(o, "created", json_string(r->created));
	json_object_set_new(o, "updated", json_string(r->updated));
	json_object_set_new(o, "gate_done", json_integer(r->gate_done));
	json_object_set_new(o, "gate_required", json_integer(r->gate_required));
	json_object_set_new(o, "waiting", cli_json_string(r->waiting,
	    strlen(r->waiting)));
	json_object_set_new(o, "suggestions", json_integer(r->suggestions));
	if (r->damaged_file[0] != '\0') {
		json_t *d = json_object();

		json_object_set_new(d, "file", cli_json_string(r->damaged_file,
		    strlen(r->damaged_file)));
		json_object_set_new(d, "line", r->damaged_line > 0 ?
		    json_integer(r->damaged_line) : json_null());
		json_object_set_new(d, "reason", cli_json_string(
		    r->damaged_reason, strlen(r->damaged_reason)));
		json_object_set_new(o, "damaged", d);
	} else
		json_object_set_new(o, "damaged", json_null());
	return o;
}

char *
cli_damage(const struct cb_row *r)
{
	if (r->damaged_file[0] == '\0')
		return NULL;
	if (r->damaged_line > 0)
		return xasprintf("%s:%d: %s", r->damaged_file, r->damaged_line,
		    r->damaged_reason);
	return xasprintf("%s: %s", r->damaged_file, r->damaged_reason);
}

char *
cli_read_file(const char *path, size_t *len, struct cb_error *err)
{
	struct cb_buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	int fd;

	/* A file named by a person: read with their rights, regular only. */
	fd = strcmp(path, "-") == 0 ? 0 :
	    cb_open_regular(path, CB_OPEN_AS_USER, err);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cb_fail(err, CB_ERR, "%s: %s", path, strerror(errno));
			if (fd != 0)
				close(fd);
			cb_buf_free(&b);
			return NULL;
		}
		cb_buf_add(&b, chunk, (size_t)n);
	}
	if (fd != 0)
		close(fd);
	*len = b.len;
	return cb_buf_detach(&b);
}

int
cli_edit(char *path, struct cb_error *err)
{
	return cb_run_editor(path, err);
}

char *
cli_secrets_path(const char *opt)
{
	return opt != NULL ? xstrdup(opt) : cb_secrets_path();
}

bool
cli_since(const char *s, time_t now, time_t *out)
{
	char stored[CB_TIME_MAX], *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (end != s && errno == 0 && n >= 0 && end[0] != '\0' &&
	    end[1] == '\0' && n < 100LL * 366 * 86400) {
		switch (end[0]) {
		case 's': *out = now - (time_t)n; return true;
		case 'm': *out = now - (time_t)n * 60; return true;
		case 'h': *out = now - (time_t)n * 3600; return true;
		case 'd': *out = now - (time_t)n * 86400; return true;
		default: break;
		}
	}
	return cb_datetime_parse(s, now, out, stored);
}
