/*
 * Loading and validating playbooks (see core/playbook.h and
 * playbooks/README.md).
 *
 * Each file is parsed into a libfyaml document, walked once into our own
 * structures (copying every string), and dropped.  Every problem is
 * reported at the node it concerns and the walk goes on, so that an
 * editor sees all of them at once; a struct built from a file with
 * problems is still consistent (missing texts are empty strings), which
 * lets the cross-file checks run over what could be read.
 *
 * libfyaml gives no public start mark for a collection node, so a
 * mapping or sequence is located at its first scalar (for a block
 * mapping that is its first key, where the mapping starts anyway).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libfyaml.h>

#include "core/playbook.h"
#include "core/nls.h"
#include "core/gitconfig.h"
#include "core/sanitize.h"

const char *const cb_kind_names[CB_KIND_COUNT] = {
	"yesno", "choice", "text", "datetime", "period", "hosts", "done",
};

const char *const cb_role_names[CB_ROLE_COUNT] = {
	"", "tech", "staff", "head", "viewer",
};

const char *const cb_effect_names[CB_EFFECT_COUNT] = {
	"suggest_urgency", "require", "suggest_action", "suggest_advance",
	"suggest_back",
};

#define FILE_MAX	(4u << 20)	/* a playbook is a few tens of KiB */
#define DEPTH_MAX	32		/* nesting of rule conditions */

/* Where problems go while one file is read. */
struct ctx {
	const char *path;
	cb_playbook_problem_fn problem;
	void *arg;
	size_t nproblems;
	int line, col;		/* fallback position: the enclosing entry */
};

static void
node_pos(struct fy_node *n, int *line, int *col)
{
	const struct fy_mark *m;
	struct fy_token *tok;
	void *it;

	*line = *col = 0;
	while (n != NULL) {
		it = NULL;
		switch (fy_node_get_type(n)) {
		case FYNT_SCALAR:
			if ((tok = fy_node_get_scalar_token(n)) != NULL &&
			    (m = fy_token_start_mark(tok)) != NULL) {
				*line = m->line + 1;
				*col = m->column + 1;
			}
			return;
		case FYNT_MAPPING: {
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);

			if (p == NULL)
				return;
			n = fy_node_pair_key(p) != NULL ? fy_node_pair_key(p) :
			    fy_node_pair_value(p);
			break;
		}
		case FYNT_SEQUENCE:
			n = fy_node_sequence_iterate(n, &it);
			break;
		default:
			return;
		}
	}
}

static void problem_at(struct ctx *c, struct fy_node *n, const char *fmt, ...)
    CB_PRINTF(3, 4);

static void
problem_at(struct ctx *c, struct fy_node *n, const char *fmt, ...)
{
	char *what, *msg;
	int line, col;
	va_list ap;

	node_pos(n, &line, &col);
	if (line == 0) {
		line = c->line > 0 ? c->line : 1;
		col = c->col > 0 ? c->col : 1;
	}
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	msg = xasprintf("%s:%d:%d: %s", c->path, line, col, what);
	c->nproblems++;
	if (c->problem != NULL)
		c->problem(msg, c->arg);
	free(what);
	free(msg);
}

static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static bool
valid_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_' ||
		    (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static bool
valid_value(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_' || *s == '-' ||
		    (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* The text of a scalar node ("" for a null one), or NULL if not a scalar. */
static const char *
scalar(struct fy_node *n)
{
	const char *s;

	if (n == NULL || !fy_node_is_scalar(n) || fy_node_is_alias(n))
		return NULL;
	s = fy_node_get_scalar0(n);
	return s != NULL ? s : "";
}

/* Reports keys of map not in allowed (NULL-terminated): typos lose data. */
static void
check_keys(struct ctx *c, struct fy_node *map, const char *const *allowed,
    const char *what)
{
	struct fy_node_pair *p;
	const char *k;
	void *it = NULL;
	size_t i;

	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		k = scalar(fy_node_pair_key(p));
		if (k == NULL) {
			problem_at(c, fy_node_pair_key(p),
			    "%s: keys must be plain strings", what);
			continue;
		}
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], k) == 0)
				break;
		if (allowed[i] == NULL)
			problem_at(c, fy_node_pair_key(p),
			    "%s: unknown key '%s'", what, k);
	}
}

static struct fy_node *
lookup(struct fy_node *map, const char *key)
{
	return fy_node_mapping_lookup_by_string(map, key, strlen(key));
}

/* A required string field; reports and returns "" when missing or bad. */
static const char *
get_str(struct ctx *c, struct fy_node *map, const char *key, const char *what)
{
	struct fy_node *n = lookup(map, key);
	const char *s;

	if (n == NULL) {
		problem_at(c, map, "%s: missing '%s'", what, key);
		return "";
	}
	if ((s = scalar(n)) == NULL) {
		problem_at(c, n, "%s: '%s' must be a plain value", what, key);
		return "";
	}
	if (*s == '\0')
		problem_at(c, n, "%s: '%s' is empty", what, key);
	return s;
}

static void
get_text(struct ctx *c, struct fy_node *map, const char *key,
    const char *what, struct cb_text *t)
{
	static const char *const keys[] = { "ja", "en", NULL };
	struct fy_node *n = lookup(map, key), *v;
	const char *s;

	t->ja = t->en = NULL;
	if (n == NULL) {
		problem_at(c, map, "%s: missing '%s' (with 'ja' and 'en')",
		    what, key);
	} else if (!fy_node_is_mapping(n)) {
		problem_at(c, n, "%s: '%s' must have 'ja' and 'en' texts",
		    what, key);
	} else {
		check_keys(c, n, keys, what);
		for (int i = 0; i < 2; i++) {
			v = lookup(n, keys[i]);
			s = scalar(v);
			if (s == NULL || *s == '\0')
				problem_at(c, v != NULL ? v : n,
				    "%s: %s: missing or empty '%s' (%s text)",
				    what, key, keys[i],
				    i == 0 ? "Japanese" : "English");
			else if (i == 0)
				t->ja = xstrdup(s);
			else
				t->en = xstrdup(s);
		}
	}
	if (t->ja == NULL)
		t->ja = xstrdup("");
	if (t->en == NULL)
		t->en = xstrdup("");
}

static int
get_enum(struct ctx *c, struct fy_node *map, const char *key,
    const char *what, const char *const *names, size_t n, const char *kind)
{
	const char *s = get_str(c, map, key, what);
	int i;

	if (*s == '\0')
		return -1;
	if ((i = name_index(names, n, s)) < 0)
		problem_at(c, lookup(map, key), "%s: unknown %s '%s'", what,
		    kind, s);
	return i;
}

static void
check_version(struct ctx *c, struct fy_node *root)
{
	struct fy_node *n = lookup(root, "version");
	const char *s;

	if (n == NULL)
		problem_at(c, root, "missing 'version' (this casebook reads "
		    "version 1)");
	else if ((s = scalar(n)) == NULL || strcmp(s, "1") != 0)
		problem_at(c, n, "unknown version '%s' (this casebook reads "
		    "version 1)", s != NULL ? s : "?");
}

/* A sequence-valued field; NULL (reported) when present but not a list. */
static struct fy_node *
get_seq(struct ctx *c, struct fy_node *map, const char *key, const char *what,
    bool required)
{
	struct fy_node *n = lookup(map, key);

	if (n == NULL) {
		if (required)
			problem_at(c, map, "%s: missing '%s'", what, key);
		return NULL;
	}
	if (!fy_node_is_sequence(n)) {
		problem_at(c, n, "%s: '%s' must be a list", what, key);
		return NULL;
	}
	return n;
}

/* ---- files and diagnostics ------------------------------------------ */

static void
diag_quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/*
 * libfyaml 0.7.12 spins for ever on some malformed input (found by
 * tests/fuzz/fuzz-playbook.c: the three bytes "\r%\xfc" are enough),
 * and a playbook in a team store is read by everyone's casebook.  So
 * the text is checked before libfyaml sees it, and only what a playbook
 * needs gets through: valid UTF-8; no control character but TAB and LF,
 * CR only as the first half of CRLF; no C1 control, line or paragraph
 * separator (YAML 1.1 line breaks that no editor shows as one); no
 * directive ('%' at the start of a line).  Reports the first offence at
 * its line and column (in characters) and returns false.
 */
static bool
text_ok(struct ctx *c, const char *buf, size_t len)
{
	const char *why = NULL;
	size_t line = 1, col = 1;
	unsigned cp = 0;
	char *msg;
	int n;

	for (size_t i = 0; i < len; i += (size_t)n, col++) {
		if ((n = cb_utf8_decode(buf + i, len - i, &cp)) < 0) {
			why = "a byte that is not UTF-8 is not allowed in "
			    "a playbook";
			break;
		}
		if (cp == '\n') {
			line++;
			col = 0;
			continue;
		}
		if (cp == '\r' && i + 1 < len && buf[i + 1] == '\n')
			continue;
		if (cp == '\r') {
			why = "a carriage return (CR) must be followed by a "
			    "line feed (LF) in a playbook";
			break;
		}
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f)) {
			why = "control characters (other than TAB and LF) "
			    "are not allowed in playbooks";
			break;
		}
		if (cp == 0x2028 || cp == 0x2029) {
			why = "Unicode line and paragraph separators are "
			    "not allowed in playbooks";
			break;
		}
		if (cp == '%' && col == 1) {
			why = "YAML directives ('%' at the start of a line) "
			    "are not allowed in playbooks";
			break;
		}
	}
	if (why == NULL)
		return true;
	msg = xasprintf("%s:%zu:%zu: %s", c->path, line, col, why);
	c->nproblems++;
	if (c->problem != NULL)
		c->problem(msg, c->arg);
	free(msg);
	return false;
}

/*
 * Parses buf; on a syntax error reports libfyaml's collected messages
 * (at their marks) and returns NULL.  buf must outlive the document.
 */
static struct fy_document *
parse(struct ctx *c, const char *buf, size_t len)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg pcfg;
	struct fy_diag_error *e;
	struct fy_document *doc;
	struct fy_diag *diag;
	void *it = NULL;
	size_t before = c->nproblems;
	char *msg;

	if (!text_ok(c, buf, len))
		return NULL;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = diag_quiet;
	dcfg.colorize = false;
	if ((diag = fy_diag_create(&dcfg)) == NULL)
		fatal("out of memory");
	fy_diag_set_collect_errors(diag, true);
	memset(&pcfg, 0, sizeof pcfg);
	pcfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
	pcfg.diag = diag;
	doc = fy_document_build_from_string(&pcfg, buf, len);
	if (doc == NULL || fy_diag_got_error(diag)) {
		while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
			if (e->type < FYET_ERROR)
				continue;
			/* Unlike marks, collected errors count from 1. */
			msg = xasprintf("%s:%d:%d: YAML syntax error: %s",
			    c->path, e->line > 0 ? e->line : 1,
			    e->column > 0 ? e->column : 1,
			    e->msg != NULL ? e->msg : "?");
			c->nproblems++;
			if (c->problem != NULL)
				c->problem(msg, c->arg);
			free(msg);
			break;	/* the first is the one that matters */
		}
		if (c->nproblems == before) {
			msg = xasprintf("%s:1:1: YAML syntax error", c->path);
			c->nproblems++;
			if (c->problem != NULL)
				c->problem(msg, c->arg);
			free(msg);
		}
		if (doc != NULL)
			fy_document_destroy(doc);
		doc = NULL;
	}
	fy_diag_destroy(diag);	/* unref alone leaks collected errors (0.7.12) */
	return doc;
}

static char *
read_all(const char *path, size_t *len, struct cb_error *err)
{
	struct cb_buf b = { NULL, 0, 0 };
	char chunk[8192];
	size_t n;
	FILE *f;
	int fd;

	/* Not fopen: a FIFO in a store's playbooks must not hang anyone. */
	if ((fd = cb_open_regular(path, 0, err)) < 0)
		return NULL;
	if ((f = fdopen(fd, "rb")) == NULL) {
		int saved = errno;

		close(fd);
		cb_fail(err, CB_ERR, "%s: %s", path, strerror(saved));
		errno = saved;
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		cb_buf_add(&b, chunk, n);
		if (b.len > FILE_MAX)
			break;
	}
	if (ferror(f) || b.len > FILE_MAX) {
		cb_fail(err, CB_ERR, "%s: %s", path, ferror(f) ?
		    strerror(errno) : "too large for a playbook");
		fclose(f);
		cb_buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (b.data == NULL)
		cb_buf_adds(&b, "");
	*len = b.len;
	return cb_buf_detach(&b);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* ---- freeing -------------------------------------------------------- */

/* Never-NULL texts, even for a playbook that did not parse. */
static void
text_fill(struct cb_text *t)
{
	if (t->ja == NULL)
		t->ja = xstrdup("");
	if (t->en == NULL)
		t->en = xstrdup("");
}

static void
text_free(struct cb_text *t)
{
	free(t->ja);
	free(t->en);
}

static void
refs_free(struct cb_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].id);
	free(r);
}

static void
graph_free(struct cb_graph *g)
{
	for (size_t i = 0; i < g->nitems; i++) {
		struct cb_item *it = &g->items[i];

		free(it->id);
		free(it->field);
		text_free(&it->label);
		text_free(&it->prompt);
		for (size_t j = 0; j < it->noptions; j++) {
			free(it->options[j].value);
			text_free(&it->options[j].label);
		}
		free(it->options);
		refs_free(it->dep_all, it->ndep_all);
		refs_free(it->dep_any, it->ndep_any);
		for (size_t j = 0; j < it->nclasses; j++)
			free(it->classes[j]);
		free(it->classes);
	}
	free(g->items);
	free(g->path);
	memset(g, 0, sizeof *g);
}

static void
cond_free(struct cb_cond *c)
{
	free(c->item);
	free(c->value);
	free(c->source);
	for (size_t i = 0; i < c->nsub; i++)
		cond_free(&c->sub[i]);
	free(c->sub);
}

static void
playbook_free(struct cb_playbook *pb)
{
	free(pb->class_id);
	free(pb->path);
	text_free(&pb->title);
	text_free(&pb->summary);
	for (size_t i = 0; i < pb->nitems; i++) {
		free(pb->items[i].id);
		text_free(&pb->items[i].guidance);
	}
	free(pb->items);
	for (size_t i = 0; i < pb->nactions; i++) {
		free(pb->actions[i].id);
		text_free(&pb->actions[i].label);
	}
	free(pb->actions);
	for (size_t i = 0; i < pb->nrules; i++) {
		struct cb_rule *r = &pb->rules[i];

		free(r->id);
		cond_free(&r->when);
		for (size_t j = 0; j < r->neffects; j++)
			free(r->effects[j].arg);
		free(r->effects);
		text_free(&r->why);
	}
	free(pb->rules);
	memset(pb, 0, sizeof *pb);
}

void
cb_playbooks_free(struct cb_playbooks *pbs)
{
	graph_free(&pbs->graph);
	for (size_t i = 0; i < pbs->nplaybooks; i++)
		playbook_free(&pbs->playbooks[i]);
	free(pbs->playbooks);
	memset(pbs, 0, sizeof *pbs);
}

/* ---- graph.yaml ----------------------------------------------------- */

static const struct cb_item *
graph_item(const struct cb_graph *g, const char *id)
{
	for (size_t i = 0; i < g->nitems; i++)
		if (strcmp(g->items[i].id, id) == 0)
			return &g->items[i];
	return NULL;
}

static void
read_refs(struct ctx *c, struct fy_node *seq, const char *what,
    struct cb_ref **out, size_t *nout)
{
	struct fy_node *n;
	const char *s;
	void *it = NULL;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		if ((s = scalar(n)) == NULL || *s == '\0') {
			problem_at(c, n, "%s: expected an item id", what);
			continue;
		}
		*out = xrealloc(*out, (*nout + 1) * sizeof **out);
		(*out)[*nout].id = xstrdup(s);
		node_pos(n, &(*out)[*nout].line, &(*out)[*nout].col);
		(*nout)++;
	}
}

static void
read_options(struct ctx *c, struct fy_node *seq, struct cb_item *item,
    const char *what)
{
	static const char *const keys[] = { "value", "ja", "en", NULL };
	struct fy_node *n, *v;
	const char *s;
	void *it = NULL;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cb_option *o;

		if (!fy_node_is_mapping(n)) {
			problem_at(c, n, "%s: an option needs 'value', 'ja' "
			    "and 'en'", what);
			continue;
		}
		check_keys(c, n, keys, what);
		s = get_str(c, n, "value", what);
		if (*s != '\0' && !valid_value(s))
			problem_at(c, lookup(n, "value"), "%s: option value "
			    "'%s' must be [a-z_-]+", what, s);
		for (size_t i = 0; i < item->noptions; i++)
			if (*s != '\0' && strcmp(item->options[i].value, s) == 0)
				problem_at(c, lookup(n, "value"),
				    "%s: duplicate option '%s'", what, s);
		item->options = xrealloc(item->options,
		    (item->noptions + 1) * sizeof *item->options);
		o = &item->options[item->noptions++];
		o->value = xstrdup(s);
		o->label.ja = o->label.en = NULL;
		for (int i = 0; i < 2; i++) {
			const char *k = i == 0 ? "ja" : "en";
			const char *t;

			v = lookup(n, k);
			t = scalar(v);
			if (t == NULL || *t == '\0') {
				problem_at(c, v != NULL ? v : n, "%s: option "
				    "'%s': missing or empty '%s' (%s text)",
				    what, s, k, i == 0 ? "Japanese" :
				    "English");
				t = "";
			}
			if (i == 0)
				o->label.ja = xstrdup(t);
			else
				o->label.en = xstrdup(t);
		}
	}
}

/*
 * field: the incident field the item mirrors (playbooks/README.md).  The
 * answer and the field are one fact, so the field must be one a person
 * decides (not the phase, which moves through the gates), at most one
 * item may mirror it, and every option of a choice must be a value the
 * field accepts.
 */
static void
read_field(struct ctx *c, struct fy_node *v, const struct cb_graph *g,
    struct cb_item *item, const char *what)
{
	const char *s = scalar(v);
	struct cb_incident probe;
	struct cb_error err;

	if (s == NULL || !cb_field_known(s) || strcmp(s, "phase") == 0) {
		struct cb_buf b = { NULL, 0, 0 };

		for (size_t i = 0; cb_field_names[i] != NULL; i++)
			if (strcmp(cb_field_names[i], "phase") != 0)
				cb_buf_printf(&b, "%s%s", b.len ? " " : "",
				    cb_field_names[i]);
		problem_at(c, v, "%s: unknown field '%s' (an incident field: "
		    "%s)", what, s != NULL ? s : "?", b.data);
		cb_buf_free(&b);
		return;
	}
	for (size_t i = 0; i + 1 < g->nitems; i++)
		if (g->items[i].field != NULL &&
		    strcmp(g->items[i].field, s) == 0) {
			problem_at(c, v, "%s: field '%s' is already mirrored "
			    "by item '%s' (line %d)", what, s, g->items[i].id,
			    g->items[i].line);
			return;
		}
	cb_incident_init(&probe);
	for (size_t i = 0; i < item->noptions; i++)
		if (cb_incident_set(&probe, s, item->options[i].value, &err) !=
		    CB_OK)
			problem_at(c, v, "%s: option '%s' is not a value of "
			    "the field '%s': %s", what, item->options[i].value,
			    s, err.msg);
	cb_incident_free(&probe);
	item->field = xstrdup(s);
}

static void
read_item(struct ctx *c, struct fy_node *n, struct cb_graph *g)
{
	static const char *const keys[] = { "id", "phase", "label", "prompt",
	    "kind", "options", "depends", "classes", "role", "field", NULL };
	static const char *const dkeys[] = { "all", "any", NULL };
	struct fy_node *v, *seq;
	struct cb_item *item;
	const struct cb_item *prev;
	const char *s;
	char *what;
	int i;

	if (!fy_node_is_mapping(n)) {
		problem_at(c, n, "an item must be a mapping with 'id', "
		    "'phase', 'label', ...");
		return;
	}
	node_pos(n, &c->line, &c->col);
	s = get_str(c, n, "id", "item");
	what = xasprintf("item '%s'", s);
	if (*s != '\0' && !valid_id(s))
		problem_at(c, lookup(n, "id"), "%s: id must be [a-z_]+", what);
	if (*s != '\0' && (prev = graph_item(g, s)) != NULL)
		problem_at(c, lookup(n, "id"), "duplicate item id '%s' (first "
		    "defined at line %d)", s, prev->line);
	check_keys(c, n, keys, what);

	g->items = xrealloc(g->items, (g->nitems + 1) * sizeof *g->items);
	item = &g->items[g->nitems++];
	memset(item, 0, sizeof *item);
	item->id = xstrdup(s);
	item->line = c->line;
	item->col = c->col;

	i = get_enum(c, n, "phase", what, cb_phase_names, CB_PHASE_CLOSED,
	    "phase");
	item->phase = i >= 0 ? (enum cb_phase)i : CB_PHASE_INTAKE;
	get_text(c, n, "label", what, &item->label);
	get_text(c, n, "prompt", what, &item->prompt);
	i = get_enum(c, n, "kind", what, cb_kind_names, CB_KIND_COUNT, "kind");
	item->kind = i >= 0 ? (enum cb_item_kind)i : CB_KIND_TEXT;

	v = lookup(n, "options");
	if (i == CB_KIND_CHOICE) {
		if ((seq = get_seq(c, n, "options", what, false)) != NULL)
			read_options(c, seq, item, what);
		if (item->noptions == 0 && (v == NULL || seq != NULL))
			problem_at(c, v != NULL ? v : lookup(n, "kind"),
			    "%s: a choice needs a non-empty 'options' list",
			    what);
	} else if (v != NULL && i >= 0) {
		problem_at(c, v, "%s: 'options' are only for choice items",
		    what);
	}

	if ((v = lookup(n, "depends")) != NULL) {
		if (!fy_node_is_mapping(v)) {
			problem_at(c, v, "%s: 'depends' must have 'all' "
			    "and/or 'any' lists", what);
		} else {
			check_keys(c, v, dkeys, what);
			if ((seq = get_seq(c, v, "all", what, false)) != NULL)
				read_refs(c, seq, what, &item->dep_all,
				    &item->ndep_all);
			if ((seq = get_seq(c, v, "any", what, false)) != NULL)
				read_refs(c, seq, what, &item->dep_any,
				    &item->ndep_any);
		}
	}

	if ((seq = get_seq(c, n, "classes", what, true)) != NULL) {
		struct fy_node *cn;
		void *cit = NULL;

		while ((cn = fy_node_sequence_iterate(seq, &cit)) != NULL) {
			s = scalar(cn);
			if (s != NULL && strcmp(s, "all") == 0) {
				item->all_classes = true;
				continue;
			}
			if (s == NULL || name_index(cb_class_names,
			    CB_CLASS_MAX, s) < 0) {
				problem_at(c, cn, "%s: unknown class '%s'",
				    what, s != NULL ? s : "?");
				continue;
			}
			item->classes = xrealloc(item->classes,
			    (item->nclasses + 1) * sizeof *item->classes);
			item->classes[item->nclasses++] = xstrdup(s);
		}
		if (!item->all_classes && item->nclasses == 0)
			problem_at(c, seq, "%s: 'classes' names no class",
			    what);
	}
	if (lookup(n, "role") != NULL) {
		i = get_enum(c, n, "role", what, cb_role_names + 1,
		    CB_ROLE_COUNT - 1, "role");
		item->role = i >= 0 ? (enum cb_role)(i + 1) : CB_ROLE_NONE;
	}
	if ((v = lookup(n, "field")) != NULL)
		read_field(c, v, g, item, what);
	free(what);
}

/*
 * Depth-first search for cycles over all and any dependencies.  state:
 * 0 unseen, 1 on the stack, 2 done.  A back edge to an item on the
 * stack closes a cycle, printed from that item round to itself and
 * reported where that item is defined.
 */
static void
find_cycles(struct ctx *c, const struct cb_graph *g, size_t u,
    unsigned char *state, size_t *stack, size_t depth)
{
	const struct cb_item *it = &g->items[u];

	state[u] = 1;
	stack[depth] = u;
	for (size_t k = 0; k < it->ndep_all + it->ndep_any; k++) {
		const char *id = k < it->ndep_all ? it->dep_all[k].id :
		    it->dep_any[k - it->ndep_all].id;
		const struct cb_item *d = graph_item(g, id);
		size_t v;

		if (d == NULL)
			continue;
		v = (size_t)(d - g->items);
		if (state[v] == 0) {
			find_cycles(c, g, v, state, stack, depth + 1);
		} else if (state[v] == 1) {
			struct cb_buf b = { NULL, 0, 0 };
			size_t from = depth;

			while (stack[from] != v)
				from--;
			for (size_t j = from; j <= depth; j++)
				cb_buf_printf(&b, "%s -> ",
				    g->items[stack[j]].id);
			cb_buf_adds(&b, g->items[v].id);
			c->line = g->items[v].line;
			c->col = g->items[v].col;
			problem_at(c, NULL, "dependency cycle: %s", b.data);
			cb_buf_free(&b);
		}
	}
	state[u] = 2;
}

static void
check_graph(struct ctx *c, const struct cb_graph *g)
{
	unsigned char *state;
	size_t *stack;

	for (size_t i = 0; i < g->nitems; i++) {
		const struct cb_item *it = &g->items[i];

		for (size_t k = 0; k < it->ndep_all + it->ndep_any; k++) {
			const struct cb_ref *r = k < it->ndep_all ?
			    &it->dep_all[k] : &it->dep_any[k - it->ndep_all];

			if (graph_item(g, r->id) == NULL) {
				c->line = r->line;
				c->col = r->col;
				problem_at(c, NULL, "item '%s' depends on "
				    "unknown item '%s'", it->id, r->id);
			}
		}
	}
	state = xcalloc(g->nitems + 1, 1);
	stack = xcalloc(g->nitems + 1, sizeof *stack);
	for (size_t i = 0; i < g->nitems; i++)
		if (state[i] == 0)
			find_cycles(c, g, i, state, stack, 0);
	free(state);
	free(stack);
}

static void
read_graph(struct ctx *c, struct fy_node *root, struct cb_graph *g)
{
	static const char *const keys[] = { "version", "items", NULL };
	struct fy_node *seq, *n;
	void *it = NULL;

	if (root == NULL || !fy_node_is_mapping(root)) {
		problem_at(c, root, "graph.yaml must be a mapping with "
		    "'version' and 'items'");
		return;
	}
	check_version(c, root);
	check_keys(c, root, keys, "graph");
	if ((seq = get_seq(c, root, "items", "graph", true)) == NULL)
		return;
	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL)
		read_item(c, n, g);
	check_graph(c, g);
}

/* ---- CLASS.yaml ----------------------------------------------------- */

static const struct cb_pb_item *
pb_item(const struct cb_playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->nitems; i++)
		if (strcmp(pb->items[i].id, id) == 0)
			return &pb->items[i];
	return NULL;
}

static const struct cb_action *
pb_action(const struct cb_playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->nactions; i++)
		if (strcmp(pb->actions[i].id, id) == 0)
			return &pb->actions[i];
	return NULL;
}

static bool
item_applies(const struct cb_item *item, const char *class_id)
{
	if (item->all_classes)
		return true;
	for (size_t i = 0; i < item->nclasses; i++)
		if (strcmp(item->classes[i], class_id) == 0)
			return true;
	return false;
}

static void
read_pb_items(struct ctx *c, struct fy_node *seq, struct cb_playbook *pb,
    const struct cb_graph *g)
{
	static const char *const keys[] = { "id", "required", "guidance",
	    NULL };
	struct fy_node *n, *v;
	const struct cb_item *gi;
	const char *s;
	char *what;
	void *it = NULL;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cb_pb_item *pi;

		if (!fy_node_is_mapping(n)) {
			problem_at(c, n, "an item must be a mapping with "
			    "'id', 'required' and 'guidance'");
			continue;
		}
		node_pos(n, &c->line, &c->col);
		s = get_str(c, n, "id", "item");
		what = xasprintf("item '%s'", s);
		check_keys(c, n, keys, what);
		if (*s != '\0' && pb_item(pb, s) != NULL)
			problem_at(c, lookup(n, "id"), "duplicate item '%s'",
			    s);
		if (*s != '\0' && g != NULL) {
			if ((gi = graph_item(g, s)) == NULL)
				problem_at(c, lookup(n, "id"), "unknown item "
				    "'%s' (not in %s)", s, g->path);
			else if (!item_applies(gi, pb->class_id))
				problem_at(c, lookup(n, "id"), "item '%s' "
				    "does not apply to class '%s' (see its "
				    "classes in %s)", s, pb->class_id,
				    g->path);
		}
		pb->items = xrealloc(pb->items, (pb->nitems + 1) *
		    sizeof *pb->items);
		pi = &pb->items[pb->nitems++];
		memset(pi, 0, sizeof *pi);
		pi->id = xstrdup(s);
		pi->line = c->line;
		pi->col = c->col;
		v = lookup(n, "required");
		s = scalar(v);
		if (s != NULL && strcmp(s, "true") == 0)
			pi->required = true;
		else if (s == NULL || strcmp(s, "false") != 0)
			problem_at(c, v != NULL ? v : n, "%s: 'required' must "
			    "be true or false", what);
		get_text(c, n, "guidance", what, &pi->guidance);
		free(what);
	}
}

static void
read_actions(struct ctx *c, struct fy_node *seq, struct cb_playbook *pb)
{
	static const char *const keys[] = { "id", "label", "phase", NULL };
	struct fy_node *n;
	const char *s;
	char *what;
	void *it = NULL;
	int i;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cb_action *a;

		if (!fy_node_is_mapping(n)) {
			problem_at(c, n, "an action must be a mapping with "
			    "'id', 'label' and 'phase'");
			continue;
		}
		node_pos(n, &c->line, &c->col);
		s = get_str(c, n, "id", "action");
		what = xasprintf("action '%s'", s);
		check_keys(c, n, keys, what);
		if (*s != '\0' && !valid_id(s))
			problem_at(c, lookup(n, "id"), "%s: id must be "
			    "[a-z_]+", what);
		if (*s != '\0' && pb_action(pb, s) != NULL)
			problem_at(c, lookup(n, "id"), "duplicate action id "
			    "'%s'", s);
		pb->actions = xrealloc(pb->actions, (pb->nactions + 1) *
		    sizeof *pb->actions);
		a = &pb->actions[pb->nactions++];
		memset(a, 0, sizeof *a);
		a->id = xstrdup(s);
		a->line = c->line;
		a->col = c->col;
		get_text(c, n, "label", what, &a->label);
		i = get_enum(c, n, "phase", what, cb_phase_names,
		    CB_PHASE_CLOSED, "phase");
		a->phase = i >= 0 ? (enum cb_phase)i : CB_PHASE_INTAKE;
		free(what);
	}
}

/* Checks that value is possible for the item named by an equals. */
static void
check_value(struct ctx *c, struct fy_node *at, const char *what,
    const struct cb_playbook *pb, const struct cb_graph *g,
    const char *item, const char *value)
{
	const struct cb_item *gi;

	if (g == NULL || (gi = graph_item(g, item)) == NULL) {
		if (g != NULL)
			problem_at(c, at, "%s: unknown item '%s'", what, item);
		return;
	}
	if (pb_item(pb, item) == NULL)
		problem_at(c, at, "%s: item '%s' is not among this "
		    "playbook's items", what, item);
	if (gi->kind == CB_KIND_YESNO) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			problem_at(c, at, "%s: impossible value '%s' for "
			    "yesno item '%s' (expected \"yes\" or \"no\")",
			    what, value, item);
	} else if (gi->kind == CB_KIND_CHOICE) {
		for (size_t i = 0; i < gi->noptions; i++)
			if (strcmp(gi->options[i].value, value) == 0)
				return;
		problem_at(c, at, "%s: impossible value '%s' for choice "
		    "item '%s' (not one of its options)", what, value, item);
	} else {
		problem_at(c, at, "%s: item '%s' is a %s item; only yesno "
		    "and choice items can be compared", what, item,
		    cb_kind_names[gi->kind]);
	}
}

/*
 * alerts: {source: S, score_at_least: N, hosts: true, after: ITEM,
 * since_phase: PHASE}, every key optional (playbooks/README.md).
 */
static void
read_alerts_cond(struct ctx *c, struct fy_node *n, struct fy_node *v,
    struct cb_cond *cond, const struct cb_playbook *pb,
    const struct cb_graph *g, const char *what)
{
	static const char *const okeys[] = { "alerts", NULL };
	static const char *const keys[] = { "source", "score_at_least",
	    "hosts", "after", "since_phase", NULL };
	struct fy_node *k;
	const char *s;
	char *end;
	int i;

	(void)pb;
	check_keys(c, n, okeys, what);
	cond->type = CB_COND_ALERTS;
	cond->source = xstrdup("");
	cond->min_score = -1;
	cond->phase = -1;
	if (fy_node_is_null(v))
		return;
	if (!fy_node_is_mapping(v)) {
		problem_at(c, v, "%s: 'alerts' takes a mapping of source, "
		    "score_at_least, hosts, after, since_phase", what);
		return;
	}
	check_keys(c, v, keys, what);
	if ((k = lookup(v, "source")) != NULL) {
		free(cond->source);
		cond->source = xstrdup(get_str(c, v, "source", what));
	}
	if ((k = lookup(v, "score_at_least")) != NULL) {
		s = scalar(k);
		if (s == NULL || *s == '\0' ||
		    (cond->min_score = strtod(s, &end), *end != '\0') ||
		    cond->min_score < 0) {
			problem_at(c, k, "%s: score_at_least needs a number "
			    "of 0 or more", what);
			cond->min_score = -1;
		}
	}
	if ((k = lookup(v, "hosts")) != NULL) {
		s = scalar(k);
		if (s != NULL && strcmp(s, "true") == 0)
			cond->hosts = true;
		else if (s == NULL || strcmp(s, "false") != 0)
			problem_at(c, k, "%s: hosts is true or false", what);
	}
	if ((k = lookup(v, "after")) != NULL) {
		const struct cb_item *it;

		s = get_str(c, v, "after", what);
		cond->item = xstrdup(s);
		if (g != NULL && *s != '\0' &&
		    ((it = graph_item(g, s)) == NULL ||
		    (it->kind != CB_KIND_DONE && it->kind != CB_KIND_DATETIME)))
			problem_at(c, k, "%s: after: '%s' is not a done or "
			    "datetime item", what, s);
	}
	if ((k = lookup(v, "since_phase")) != NULL) {
		s = get_str(c, v, "since_phase", what);
		if ((i = name_index(cb_phase_names, CB_PHASE_COUNT, s)) < 0)
			problem_at(c, k, "%s: unknown phase '%s'", what, s);
		else
			cond->phase = i;
	}
}

static void
read_cond(struct ctx *c, struct fy_node *n, struct cb_cond *cond,
    const struct cb_playbook *pb, const struct cb_graph *g,
    const char *what, int depth)
{
	static const char *const ekeys[] = { "item", "equals", NULL };
	static const char *const akeys[] = { "all", "any", NULL };
	struct fy_node *v, *sub;
	const char *item, *value;
	void *it = NULL;

	memset(cond, 0, sizeof *cond);
	cond->type = CB_COND_ALL;	/* an empty ALL: what a bad one becomes */
	if (n == NULL || !fy_node_is_mapping(n)) {
		problem_at(c, n, "%s: a condition is {item, equals}, all: "
		    "[...], any: [...] or alerts: {...}", what);
		return;
	}
	if (depth > DEPTH_MAX) {
		problem_at(c, n, "%s: conditions nested too deep", what);
		return;
	}
	if (lookup(n, "item") != NULL || lookup(n, "equals") != NULL) {
		check_keys(c, n, ekeys, what);
		item = get_str(c, n, "item", what);
		value = get_str(c, n, "equals", what);
		cond->type = CB_COND_EQUALS;
		cond->item = xstrdup(item);
		cond->value = xstrdup(value);
		if (*item != '\0' && *value != '\0')
			check_value(c, lookup(n, "equals"), what, pb, g, item,
			    value);
		return;
	}
	if ((v = lookup(n, "alerts")) != NULL) {
		read_alerts_cond(c, n, v, cond, pb, g, what);
		return;
	}
	check_keys(c, n, akeys, what);
	if ((v = lookup(n, "all")) != NULL)
		cond->type = CB_COND_ALL;
	else if ((v = lookup(n, "any")) != NULL)
		cond->type = CB_COND_ANY;
	else {
		problem_at(c, n, "%s: a condition is {item, equals}, all: "
		    "[...], any: [...] or alerts: {...}", what);
		return;
	}
	if (lookup(n, "all") != NULL && lookup(n, "any") != NULL)
		problem_at(c, n, "%s: 'all' and 'any' in one condition; "
		    "nest them", what);
	if (!fy_node_is_sequence(v) || fy_node_sequence_item_count(v) == 0) {
		problem_at(c, v, "%s: '%s' needs a non-empty list of "
		    "conditions", what, cond->type == CB_COND_ALL ? "all" :
		    "any");
		return;
	}
	while ((sub = fy_node_sequence_iterate(v, &it)) != NULL) {
		cond->sub = xrealloc(cond->sub, (cond->nsub + 1) *
		    sizeof *cond->sub);
		read_cond(c, sub, &cond->sub[cond->nsub++], pb, g, what,
		    depth + 1);
	}
}

static void
read_effects(struct ctx *c, struct fy_node *seq, struct cb_rule *r,
    const struct cb_playbook *pb, const struct cb_graph *g,
    const char *what)
{
	struct fy_node *n, *v;
	struct fy_node_pair *p;
	const char *k, *s;
	void *it = NULL, *pit;
	int i, t;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cb_effect *e;

		pit = NULL;
		if (!fy_node_is_mapping(n) ||
		    fy_node_mapping_item_count(n) != 1 ||
		    (p = fy_node_mapping_iterate(n, &pit)) == NULL ||
		    (k = scalar(fy_node_pair_key(p))) == NULL) {
			problem_at(c, n, "%s: an effect is one of "
			    "suggest_urgency, require, suggest_action, "
			    "suggest_advance, suggest_back with its value",
			    what);
			continue;
		}
		v = fy_node_pair_value(p);
		if ((t = name_index(cb_effect_names, CB_EFFECT_COUNT,
		    k)) < 0) {
			problem_at(c, fy_node_pair_key(p), "%s: unknown "
			    "effect '%s'", what, k);
			continue;
		}
		if ((s = scalar(v)) == NULL || *s == '\0') {
			problem_at(c, v != NULL ? v : n, "%s: %s needs a "
			    "value", what, k);
			continue;
		}
		r->effects = xrealloc(r->effects, (r->neffects + 1) *
		    sizeof *r->effects);
		e = &r->effects[r->neffects++];
		memset(e, 0, sizeof *e);
		e->type = (enum cb_effect_type)t;
		e->arg = xstrdup(s);
		switch (e->type) {
		case CB_EFFECT_SUGGEST_URGENCY:
			if ((i = name_index(cb_urgency_names, CB_URGENCY_COUNT,
			    s)) < 0)
				problem_at(c, v, "%s: unknown urgency '%s'",
				    what, s);
			else
				e->urgency = (enum cb_urgency)i;
			break;
		case CB_EFFECT_REQUIRE:
			if (g != NULL && graph_item(g, s) == NULL)
				problem_at(c, v, "%s: require: unknown item "
				    "'%s'", what, s);
			else if (pb_item(pb, s) == NULL)
				problem_at(c, v, "%s: require: item '%s' is "
				    "not among this playbook's items", what,
				    s);
			break;
		case CB_EFFECT_SUGGEST_ACTION:
			if (pb_action(pb, s) == NULL)
				problem_at(c, v, "%s: unknown action '%s'",
				    what, s);
			break;
		case CB_EFFECT_SUGGEST_ADVANCE:
		case CB_EFFECT_SUGGEST_BACK:
			if ((i = name_index(cb_phase_names, CB_PHASE_COUNT,
			    s)) < 0)
				problem_at(c, v, "%s: unknown phase '%s'",
				    what, s);
			else
				e->phase = (enum cb_phase)i;
			break;
		default:
			fatal("effect %d", (int)e->type);
		}
	}
}

static void
read_rules(struct ctx *c, struct fy_node *seq, struct cb_playbook *pb,
    const struct cb_graph *g)
{
	static const char *const keys[] = { "id", "when", "effects", "why",
	    NULL };
	struct fy_node *n, *eff;
	const char *s;
	char *what;
	void *it = NULL;

	while ((n = fy_node_sequence_iterate(seq, &it)) != NULL) {
		struct cb_rule *r;

		if (!fy_node_is_mapping(n)) {
			problem_at(c, n, "a rule must be a mapping with 'id', "
			    "'when', 'effects' and 'why'");
			continue;
		}
		node_pos(n, &c->line, &c->col);
		s = get_str(c, n, "id", "rule");
		what = xasprintf("rule '%s'", s);
		check_keys(c, n, keys, what);
		if (*s != '\0' && !valid_id(s))
			problem_at(c, lookup(n, "id"), "%s: id must be "
			    "[a-z_]+", what);
		for (size_t i = 0; *s != '\0' && i < pb->nrules; i++)
			if (strcmp(pb->rules[i].id, s) == 0)
				problem_at(c, lookup(n, "id"), "duplicate "
				    "rule id '%s'", s);
		pb->rules = xrealloc(pb->rules, (pb->nrules + 1) *
		    sizeof *pb->rules);
		r = &pb->rules[pb->nrules++];
		memset(r, 0, sizeof *r);
		r->id = xstrdup(s);
		r->line = c->line;
		r->col = c->col;
		if (lookup(n, "when") == NULL) {
			problem_at(c, n, "%s: missing 'when'", what);
			r->when.type = CB_COND_ALL;
		} else {
			read_cond(c, lookup(n, "when"), &r->when, pb, g, what,
			    0);
		}
		if ((eff = get_seq(c, n, "effects", what, true)) != NULL) {
			read_effects(c, eff, r, pb, g, what);
			if (r->neffects == 0)
				problem_at(c, eff, "%s: no effects", what);
		}
		get_text(c, n, "why", what, &r->why);
		free(what);
	}
}

/* pb->class_id and pb->path are set by the caller. */
static void
read_playbook(struct ctx *c, struct fy_node *root, struct cb_playbook *pb,
    const struct cb_graph *g)
{
	static const char *const keys[] = { "version", "class", "title",
	    "summary", "items", "actions", "rules", NULL };
	struct fy_node *seq;
	const char *s;

	if (root == NULL || !fy_node_is_mapping(root)) {
		problem_at(c, root, "a playbook must be a mapping with "
		    "'version', 'class', 'title', ...");
		return;
	}
	check_version(c, root);
	check_keys(c, root, keys, "playbook");
	s = get_str(c, root, "class", "playbook");
	if (*s != '\0' && strcmp(s, pb->class_id) != 0)
		problem_at(c, lookup(root, "class"), "class '%s' differs from "
		    "the file name '%s.yaml'", s, pb->class_id);
	if (name_index(cb_class_names, CB_CLASS_MAX, pb->class_id) < 0)
		problem_at(c, root, "unknown class '%s' (the file name "
		    "must be CLASS.yaml or graph.yaml)", pb->class_id);
	get_text(c, root, "title", "playbook", &pb->title);
	get_text(c, root, "summary", "playbook", &pb->summary);
	if ((seq = get_seq(c, root, "items", "playbook", true)) != NULL)
		read_pb_items(c, seq, pb, g);
	if ((seq = get_seq(c, root, "actions", "playbook", false)) != NULL)
		read_actions(c, seq, pb);
	if ((seq = get_seq(c, root, "rules", "playbook", false)) != NULL)
		read_rules(c, seq, pb, g);
}

/*
 * Reads one file's bytes as a graph (when graph != NULL is to be filled)
 * or as the playbook pb.  The structs get their path even when the YAML
 * does not parse.  Returns the number of problems.
 */
static size_t
read_buffer(const char *path, const char *buf, size_t len,
    struct cb_graph *graph_out, struct cb_playbook *pb_out,
    const struct cb_graph *graph, cb_playbook_problem_fn problem, void *arg)
{
	struct ctx c = { path, problem, arg, 0, 0, 0 };
	struct fy_document *doc;

	if (graph_out != NULL)
		graph_out->path = xstrdup(path);
	else
		pb_out->path = xstrdup(path);
	if (pb_out != NULL) {
		const char *b = base_name(path);
		size_t n = strlen(b);

		if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
			n -= 5;
		pb_out->class_id = xstrndup(b, n);
	}
	if ((doc = parse(&c, buf, len)) != NULL) {
		if (graph_out != NULL)
			read_graph(&c, fy_document_root(doc), graph_out);
		else
			read_playbook(&c, fy_document_root(doc), pb_out,
			    graph);
		fy_document_destroy(doc);
	}
	if (pb_out != NULL) {
		text_fill(&pb_out->title);
		text_fill(&pb_out->summary);
	}
	return c.nproblems;
}

static bool
is_graph_name(const char *path)
{
	return strcmp(base_name(path), "graph.yaml") == 0;
}

enum cb_status
cb_playbook_check_buffer(const char *name, const char *buf, size_t len,
    const struct cb_graph *graph, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err)
{
	struct cb_graph g = { NULL, NULL, 0 };
	struct cb_playbook pb;
	size_t n;

	memset(&pb, 0, sizeof pb);
	if (is_graph_name(name))
		n = read_buffer(name, buf, len, &g, NULL, NULL, problem, arg);
	else
		n = read_buffer(name, buf, len, NULL, &pb, graph, problem,
		    arg);
	graph_free(&g);
	playbook_free(&pb);
	if (n > 0)
		return cb_fail(err, CB_ERR, _("%s: %zu problem%s"), name, n,
		    n == 1 ? "" : "s");
	return CB_OK;
}

/* ---- loading a set -------------------------------------------------- */

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

struct loaded {
	char *name;	/* graph.yaml, CLASS.yaml */
	char *data;
	size_t len;
};

static int
loaded_cmp(const void *a, const void *b)
{
	return strcmp(((const struct loaded *)a)->name,
	    ((const struct loaded *)b)->name);
}

#ifndef CB_PLAYBOOKS_DIR
#define CB_PLAYBOOKS_DIR "playbooks"
#endif

const char *
cb_playbooks_dir(void)
{
	const char *s = getenv("CASEBOOK_PLAYBOOKS");

	if (s != NULL && *s != '\0')
		return s;
#ifdef CB_SOURCE_PLAYBOOKS_DIR
	if (access(CB_PLAYBOOKS_DIR "/graph.yaml", R_OK) != 0 &&
	    access(CB_SOURCE_PLAYBOOKS_DIR "/graph.yaml", R_OK) == 0)
		return CB_SOURCE_PLAYBOOKS_DIR;
#endif
	return CB_PLAYBOOKS_DIR;
}

enum cb_status
cb_playbooks_load(const char *shipped_dir, const char *override_dir,
    struct cb_playbooks *out, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err)
{
	return cb_playbooks_load_some(shipped_dir, override_dir, NULL, out,
	    problem, arg, err);
}

enum cb_status
cb_playbooks_load_some(const char *shipped_dir, const char *override_dir,
    const struct cb_strlist *only, struct cb_playbooks *out,
    cb_playbook_problem_fn problem, void *arg, struct cb_error *err)
{
	struct loaded files[CB_CLASS_MAX + 1];
	struct cb_sha256 sha;
	unsigned char digest[CB_SHA256_LEN];
	size_t nfiles = 0, nproblems = 0;
	enum cb_status st = CB_OK;

	memset(out, 0, sizeof *out);
	if (cb_class_names[CB_CLASS_MAX] != NULL)
		fatal("CB_CLASS_MAX does not match cb_class_names");
	for (size_t i = 0; i <= CB_CLASS_MAX; i++) {
		char *name = i == 0 ? xstrdup("graph.yaml") :
		    xasprintf("%s.yaml", cb_class_names[i - 1]);
		char *path = NULL;

		if (override_dir != NULL) {
			path = xasprintf("%s/%s", override_dir, name);
			if (!is_file(path)) {
				free(path);
				path = NULL;
			}
		}
		if (path == NULL)
			path = xasprintf("%s/%s", shipped_dir, name);
		files[nfiles].name = name;
		files[nfiles].data = read_all(path, &files[nfiles].len, err);
		if (files[nfiles].data == NULL) {
			free(path);
			free(name);
			st = CB_ERR;
			break;
		}
		nfiles++;
		if (i > 0 && only != NULL &&
		    !cb_strlist_has(only, cb_class_names[i - 1])) {
			free(path);
			continue;	/* hashed, not parsed */
		}
		if (i == 0) {
			nproblems += read_buffer(path, files[0].data,
			    files[0].len, &out->graph, NULL, NULL, problem,
			    arg);
		} else {
			out->playbooks = xrealloc(out->playbooks,
			    (out->nplaybooks + 1) * sizeof *out->playbooks);
			memset(&out->playbooks[out->nplaybooks], 0,
			    sizeof *out->playbooks);
			nproblems += read_buffer(path, files[i].data,
			    files[i].len, NULL,
			    &out->playbooks[out->nplaybooks++], &out->graph,
			    problem, arg);
		}
		free(path);
	}
	if (st == CB_OK && nproblems > 0)
		st = cb_fail(err, CB_ERR, _("%zu problem%s in the playbooks"),
		    nproblems, nproblems == 1 ? "" : "s");
	if (st == CB_OK) {
		qsort(files, nfiles, sizeof *files, loaded_cmp);
		cb_sha256_init(&sha);
		for (size_t i = 0; i < nfiles; i++) {
			char num[32];

			cb_sha256_update(&sha, files[i].name,
			    strlen(files[i].name) + 1);
			snprintf(num, sizeof num, "%zu", files[i].len);
			cb_sha256_update(&sha, num, strlen(num) + 1);
			cb_sha256_update(&sha, files[i].data, files[i].len);
		}
		cb_sha256_final(&sha, digest);
		for (size_t i = 0; i < CB_SHA256_LEN; i++)
			snprintf(out->hash + 2 * i, 3, "%02x", digest[i]);
	}
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].data);
	}
	if (st != CB_OK)
		cb_playbooks_free(out);
	return st;
}

enum cb_status
cb_playbook_check_files(const char *const *paths, size_t n,
    const char *shipped_dir, cb_playbook_problem_fn problem, void *arg,
    struct cb_error *err)
{
	struct cb_graph g = { NULL, NULL, 0 };
	const char *graph_path = NULL;
	size_t nproblems = 0, len;
	char *buf, *shipped = NULL;
	struct cb_error e;

	for (size_t i = 0; i < n; i++)
		if (is_graph_name(paths[i]))
			graph_path = paths[i];
	if (graph_path == NULL && n > 0) {
		{
			if (shipped_dir == NULL)
				return cb_fail(err, CB_ERR, _("no graph.yaml "
				    "to check the playbooks against"));
			graph_path = shipped = xasprintf("%s/graph.yaml",
			    shipped_dir);
		}
	}
	/* The graph first: the playbooks are checked against it. */
	if (graph_path != NULL) {
		if ((buf = read_all(graph_path, &len, &e)) == NULL) {
			free(shipped);
			return cb_fail(err, CB_ERR, "%s", e.msg);
		}
		len = read_buffer(graph_path, buf, len, &g, NULL, NULL,
		    problem, arg);
		/* Problems of the shipped graph are not the files' own. */
		if (shipped == NULL)
			nproblems += len;
		else if (len > 0) {
			cb_fail(err, CB_ERR, _("%s has problems"), graph_path);
			free(buf);
			free(shipped);
			graph_free(&g);
			return CB_ERR;
		}
		free(buf);
	}
	for (size_t i = 0; i < n; i++) {
		struct cb_playbook pb;

		if (is_graph_name(paths[i]))
			continue;
		if ((buf = read_all(paths[i], &len, &e)) == NULL) {
			size_t plen = strlen(paths[i]);
			char *msg = xasprintf("%s:1:1: cannot read: %s",
			    paths[i], strncmp(e.msg, paths[i], plen) == 0 &&
			    e.msg[plen] == ':' ? e.msg + plen + 2 : e.msg);

			if (problem != NULL)
				problem(msg, arg);
			free(msg);
			nproblems++;
			continue;
		}
		memset(&pb, 0, sizeof pb);
		/* A graph that did not parse would make every item unknown. */
		nproblems += read_buffer(paths[i], buf, len, NULL, &pb,
		    g.nitems > 0 ? &g : NULL, problem, arg);
		playbook_free(&pb);
		free(buf);
	}
	graph_free(&g);
	free(shipped);
	if (nproblems > 0)
		return cb_fail(err, CB_ERR, _("%zu problem%s"), nproblems,
		    nproblems == 1 ? "" : "s");
	return CB_OK;
}

const struct cb_item *
cb_graph_find(const struct cb_playbooks *pbs, const char *id)
{
	return graph_item(&pbs->graph, id);
}

const struct cb_playbook *
cb_playbook_find(const struct cb_playbooks *pbs, const char *class_id)
{
	for (size_t i = 0; i < pbs->nplaybooks; i++)
		if (strcmp(pbs->playbooks[i].class_id, class_id) == 0)
			return &pbs->playbooks[i];
	return NULL;
}

const struct cb_item *
cb_graph_field_item(const struct cb_playbooks *pbs, const char *field)
{
	for (size_t i = 0; i < pbs->graph.nitems; i++)
		if (pbs->graph.items[i].field != NULL &&
		    strcmp(pbs->graph.items[i].field, field) == 0)
			return &pbs->graph.items[i];
	return NULL;
}
