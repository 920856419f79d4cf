/*
 * casebook gc: the record's maintenance (store/gc.c), safe to run from
 * cron while others work; it replaces "git gc" for a casebook record.
 */
#include "config.h"

#include <time.h>

#include "cli/cli.h"
#include "core/nls.h"

static double
since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) +
	    (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * The alerts' share (store/triage.c): stale groups expire, unattached
 * alerts past the retention go.  With the index, which the record's
 * part did without.
 */
static int
alerts_gc(struct cb_cli *cli)
{
	struct cb_store *st;
	struct cb_error err;
	size_t expired, deleted;
	int rc = 0;

	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_alert_expire(st, &expired, &err) != CB_OK ||
	    cb_store_alert_retention(st, &deleted, &err) != CB_OK)
		rc = cli_error(&err);
	else if (expired > 0 || deleted > 0)
		printf(_("alerts: %zu stale groups expired, %zu alerts past "
		    "the retention deleted\n"), expired, deleted);
	cb_store_close(st);
	return rc;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	struct cb_gc_report rep;
	struct cb_store *st;
	struct cb_error err;
	struct timespec t0;
	int rc = 0;

	if (cli_help(&cmd_gc, argc, argv))
		return 0;
	if (argc != 1)
		return cli_usage(&cmd_gc, _("no arguments expected"));
	if ((st = cli_open_bare(cli)) == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cb_store_gc(st, &rep, &err) != CB_OK)
		rc = cli_error(&err);
	else {
		printf(_("packed %zu objects: %zu packs of %llu KB became "
		    "%zu of %llu KB; %zu loose objects removed (%.2f s)\n"),
		    rep.objects, rep.packs_before, rep.bytes_before / 1024,
		    rep.packs_after, rep.bytes_after / 1024,
		    rep.loose_removed, since(&t0));
		if (rep.damaged > 0)
			printf(_("%zu damaged pack%s left in place: see "
			    "'casebook check'\n"), rep.damaged,
			    rep.damaged == 1 ? "" : "s");
	}
	cb_store_close(st);
	if (rc == 0)
		rc = alerts_gc(cli);
	return rc;
}

const struct cb_cmd cmd_gc = {
	"gc", "", N_("pack the record; safe from cron"), run,
};
