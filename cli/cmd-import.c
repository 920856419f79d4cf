/*
 * casebook import --format thehive|json FILE: TheHive 5 cases, or
 * casebook's own JSON (casebook export --format json), become
 * incidents.  Every fact is the importing person's (the creation and
 * the answers its fields give), and a note records the origin: the
 * format, the file's name and the SHA-256 of the case as imported.
 * That hash is the import's key: a case whose key the notebooks already
 * hold is not imported again, so a second import of the same file
 * changes nothing.  TheHive alerts (objects with a sourceRef) go
 * through the alert intake instead (cb_store_ingest, core/alert-thehive.c),
 * whose dedup on TheHive's id makes a second import add none; then the
 * rules of the open incidents they concern look again, as after
 * casebook ingest.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/facts.h"
#include "core/nls.h"
#include "core/sha256.h"
#include "core/xmalloc.h"

static int
found(const struct cb_hit *hit, void *arg)
{
	(void)hit;
	*(bool *)arg = true;
	return 1;
}

static void
join(struct cb_buf *b, const char *s)
{
	if (b->len > 0)
		cb_buf_addc(b, ',');
	cb_buf_adds(b, s);
}

/* A TheHive case's fields as casebook's (field, value) pairs. */
static void
from_thehive(json_t *c, json_t *tax, struct cb_incident *inc,
    const char **given, size_t *ng, struct cb_error *err)
{
	static const char *const by_sev[] = { "low", "low", "normal", "high",
	    "immediate" };
	json_t *tags = json_object_get(c, "tags"), *cf, *o;
	struct cb_buf classes = { 0 }, hosts = { 0 };
	const char *s;
	size_t i;
	json_int_t sev;

	if ((s = json_string_value(json_object_get(c, "title"))) != NULL &&
	    cb_incident_set(inc, "title", s, err) == CB_OK)
		given[(*ng)++] = "title";
	json_array_foreach(tags, i, o) {
		const char *t = json_string_value(o);

		if (t != NULL && strncmp(t, "casebook:class=\"", 16) == 0 &&
		    strlen(t) > 17) {
			char *v = xasprintf("%.*s", (int)strlen(t) - 17, t + 16);

			join(&classes, v);
			free(v);
		}
	}
	/* A case from another TheHive: its RSIT tags, through the
	 * taxonomy, the first class of each. */
	if (classes.len == 0 && tax != NULL) {
		json_array_foreach(tags, i, o) {
			const char *t = json_string_value(o), *cls;
			json_t *e;

			json_object_foreach(json_object_get(tax, "classes"),
			    cls, e)
				if (t != NULL && json_is_string(json_object_get(e,
				    "rsit")) && strcmp(t, json_string_value(
				    json_object_get(e, "rsit"))) == 0) {
					join(&classes, cls);
					break;
				}
		}
	}
	if (classes.len > 0 && cb_incident_set(inc, "classes", classes.data,
	    err) == CB_OK)
		given[(*ng)++] = "classes";
	cf = json_object_get(c, "customFields");
	s = json_string_value(json_object_get(cf, "casebook-urgency"));
	sev = json_integer_value(json_object_get(c, "severity"));
	if (s == NULL && sev >= 1 && sev <= 4)
		s = by_sev[sev];
	if (s != NULL && cb_incident_set(inc, "urgency", s, err) == CB_OK)
		given[(*ng)++] = "urgency";
	if ((s = json_string_value(json_object_get(cf,
	    "casebook-department"))) != NULL && s[0] != '\0' &&
	    cb_incident_set(inc, "department", s, err) == CB_OK)
		given[(*ng)++] = "department";
	json_array_foreach(json_object_get(c, "observables"), i, o) {
		const char *dt = json_string_value(json_object_get(o,
		    "dataType"));
		const char *d = json_string_value(json_object_get(o, "data"));

		if (dt != NULL && d != NULL && (strcmp(dt, "ip") == 0 ||
		    strcmp(dt, "hostname") == 0 || strcmp(dt, "fqdn") == 0))
			join(&hosts, d);
	}
	if (hosts.len > 0 && cb_incident_set(inc, "hosts", hosts.data, err) ==
	    CB_OK)
		given[(*ng)++] = "hosts";
	cb_buf_free(&classes);
	cb_buf_free(&hosts);
}

/* casebook's own JSON: the fields a person gives at creation. */
static void
from_casebook(json_t *c, struct cb_incident *inc, const char **given,
    size_t *ng, struct cb_error *err)
{
	static const char *const fields[] = { "title", "classes", "urgency",
	    "department", "reporter", "hosts", NULL };
	json_t *in = json_object_get(c, "incident");

	for (size_t i = 0; fields[i] != NULL; i++) {
		json_t *v = json_object_get(in, fields[i]);
		struct cb_buf b = { 0 };
		size_t k;
		json_t *e;

		if (json_is_array(v))
			json_array_foreach(v, k, e)
				if (json_is_string(e))
					join(&b, json_string_value(e));
		if (json_is_string(v))
			cb_buf_adds(&b, json_string_value(v));
		if (b.len > 0 && cb_incident_set(inc, fields[i], b.data, err) ==
		    CB_OK)
			given[(*ng)++] = fields[i];
		cb_buf_free(&b);
	}
}

static int
import_one(struct cb_store *st, json_t *c, json_t *tax, const char *format,
    const char *file, int *made, int *skipped)
{
	char key[65], id[CB_ID_MAX], *text, *note, *marker;
	const char *given[8];
	struct cb_incident inc;
	struct cb_error err;
	bool seen = false;
	size_t ng = 0;
	int rc = 0;

	text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
	cb_sha256_hex(text, strlen(text), key);
	free(text);
	marker = xasprintf("casebook-import %s", key);
	if (cb_store_search(st, marker, 1, found, &seen, &err) != CB_OK) {
		free(marker);
		return cli_error(&err);
	}
	if (seen) {
		(*skipped)++;
		free(marker);
		return 0;
	}
	cb_incident_init(&inc);
	if (strcmp(format, "thehive") == 0)
		from_thehive(c, tax, &inc, given, &ng, &err);
	else
		from_casebook(c, &inc, given, &ng, &err);
	given[ng] = NULL;
	if (inc.title == NULL || inc.title[0] == '\0') {
		cb_incident_free(&inc);
		free(marker);
		cb_fail(&err, CB_EUSAGE, _("%s: a case without a title"), file);
		return cli_error(&err);
	}
	if (cb_store_create_given(st, &inc, given, id, &err) != CB_OK) {
		cb_incident_free(&inc);
		free(marker);
		return cli_error(&err);
	}
	cb_incident_free(&inc);
	{
		const char *slash = strrchr(file, '/');

		note = xasprintf("Imported from %s (%s).\n\n%s\n", format,
		    slash != NULL ? slash + 1 : file, marker);
	}
	if (cb_store_note(st, id, note, strlen(note), &err) != CB_OK)
		rc = cli_error(&err);
	free(note);
	/* The notebook of casebook's own format comes along, its authors
	 * named in each entry (the record's author is the importer). */
	if (rc == 0 && strcmp(format, "json") == 0) {
		size_t i;
		json_t *n;

		json_array_foreach(json_object_get(c, "notebook"), i, n) {
			const char *t = json_string_value(json_object_get(n,
			    "text"));
			char *entry;

			if (t == NULL)
				continue;
			entry = xasprintf("(imported; written by %s at %s)\n\n%s",
			    json_string_value(json_object_get(n, "author")) ?
			    json_string_value(json_object_get(n, "author")) : "?",
			    json_string_value(json_object_get(n, "at")) ?
			    json_string_value(json_object_get(n, "at")) : "?", t);
			if (cb_store_note(st, id, entry, strlen(entry), &err) !=
			    CB_OK)
				rc = cli_error(&err);
			free(entry);
			if (rc != 0)
				break;
		}
	}
	free(marker);
	if (rc == 0) {
		printf("%s\n", id);
		(*made)++;
	}
	return rc;
}

/* As casebook ingest: some records were bad, the rest are in. */
#define EXIT_SOME_BAD	5

struct bad_alerts {
	const char *file;
	size_t n;
};

static void
bad_alert(size_t line, const char *why, void *arg)
{
	struct bad_alerts *b = arg;

	b->n++;
	fputs(_("casebook: "), stderr);
	cli_put_line(stderr, b->file);
	fprintf(stderr, _(": alert %zu: "), line);
	cli_put_line(stderr, why);
	fputc('\n', stderr);
}

/* The TheHive alerts of doc (one JSON line each) through the intake. */
static int
import_alerts(struct cb_store *st, json_t *doc, const char *file)
{
	struct cb_alert_ctx ctx = { 0 };
	struct cb_ingest_stats stats;
	struct bad_alerts bad = { file, 0 };
	struct cb_buf lines = { 0 };
	struct cb_error err;
	long long last;
	size_t i, updated = 0;
	json_t *c;
	int rc = 0;

	json_array_foreach(doc, i, c) {
		char *line;

		if (!json_is_object(c) || json_object_get(c, "sourceRef") == NULL)
			continue;
		line = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
		cb_buf_adds(&lines, line);
		cb_buf_addc(&lines, '\n');
		free(line);
	}
	if (lines.len == 0)
		return 0;
	ctx.received = cb_now();
	if (cb_store_alert_last(st, &last, &err) != CB_OK ||
	    cb_store_ingest(st, CB_ALERT_THEHIVE, lines.data, lines.len, &ctx,
	    bad_alert, &bad, &stats, &err) != CB_OK) {
		cb_buf_free(&lines);
		return cli_error(&err);
	}
	cb_buf_free(&lines);
	fprintf(stderr, _("casebook: %zu alerts added, %zu already there, "
	    "%zu bad\n"), stats.added, stats.replayed, stats.bad);
	if (stats.added > 0) {
		if (cb_store_alert_rules_fire(st, last, &updated, &err) != CB_OK)
			rc = cli_error(&err);
		else if (updated > 0)
			printf(_("new suggestions from the alerts in %zu open "
			    "incident(s); see 'casebook checklist ID'\n"),
			    updated);
	}
	return rc != 0 ? rc : stats.bad > 0 ? EXIT_SOME_BAD : 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	struct cb_store *st;
	struct cb_error err;
	json_error_t jerr;
	json_t *doc, *c, *tax;
	char *data;
	size_t len, i;
	int opt, rc = 0, made = 0, skipped = 0;

	if (cli_help(&cmd_import, argc, argv))
		return 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f')
			format = optarg;
		else
			return cli_usage(&cmd_import, _("unknown option"));
	}
	if (format == NULL || (strcmp(format, "thehive") != 0 &&
	    strcmp(format, "json") != 0))
		return cli_usage(&cmd_import, _("--format takes thehive or "
		    "json"));
	if (optind + 1 != argc)
		return cli_usage(&cmd_import, _("one file expected"));
	if ((data = cli_read_file(argv[optind], &len, &err)) == NULL)
		return cli_error(&err);
	doc = json_loadb(data, len, 0, &jerr);
	free(data);
	if (doc == NULL) {
		cb_fail(&err, CB_EUSAGE, _("%s:%d: not JSON: %s"), argv[optind],
		    jerr.line, jerr.text);
		return cli_error(&err);
	}
	if (json_is_object(doc)) {
		json_t *a = json_array();

		json_array_append(a, doc);
		json_decref(doc);
		doc = a;
	}
	if ((st = cli_open(cli)) == NULL) {
		json_decref(doc);
		return 1;
	}
	tax = cli_taxonomy();
	json_array_foreach(doc, i, c) {
		if (!json_is_object(c) || (strcmp(format, "thehive") == 0 &&
		    json_object_get(c, "sourceRef") != NULL))
			continue;
		if ((rc = import_one(st, c, tax, format, argv[optind], &made,
		    &skipped)) != 0)
			break;
	}
	fprintf(stderr, _("casebook: %d imported, %d already there\n"), made,
	    skipped);
	if (rc == 0 && strcmp(format, "thehive") == 0)
		rc = import_alerts(st, doc, argv[optind]);
	json_decref(tax);
	json_decref(doc);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_import = {
	"import", "--format thehive|json FILE",
	N_("TheHive cases and alerts, or casebook's JSON, as new incidents "
	    "and alerts, once"), run,
};
