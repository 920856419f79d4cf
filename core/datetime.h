/*
 * Dates and times as people write them, for the answers of datetime,
 * period and done items.  Pure: the result depends on the text, the
 * "now" given and the local zone (TZ, else the system's) only.
 */
#ifndef CB_DATETIME_H
#define CB_DATETIME_H

#include <stdbool.h>
#include <time.h>

#include "core/incident.h"

/*
 * Parses s as one instant.  Accepted, in the local zone unless a zone
 * is written:
 *
 *   2026-12-01T15:00+09:00, 2026-12-01T06:00Z   ISO 8601 with its zone
 *   2026-12-01 15:00, 2026-12-01T15:00:30       ISO 8601, local
 *   2026/12/01 15:00, 2026/12/1 15:00
 *   12/1 15:00                                  this year (of now)
 *   2026年12月1日 15時30分, 2026年12月1日 15:30, 12月1日 15時
 *                                               (the space may be left out)
 *   今日 15:00, 昨日 10:42, today 15:00, yesterday 10:42
 *   now, 今
 *
 * Full-width digits, colons, slashes and spaces (what a Japanese input
 * method types) count as their ASCII forms.  A date without a time, a
 * day that does not exist (2月30日), or anything else ("last tuesday")
 * is refused: false, *when and out untouched.  On success *when is the
 * instant and out its stored form "YYYY-MM-DDThh:mm:ss+hh:mm" (the
 * offset the zone had then).
 */
bool cb_datetime_parse(const char *s, time_t now, time_t *when,
    char out[CB_TIME_MAX]);

/*
 * A period, START/END, each a cb_datetime_parse form: split at "/" (the
 * one split where both halves parse: dates may hold slashes), "〜", "～"
 * or " - ".  false when no split parses; *end_before is then set when a
 * split parsed but ended before it started.  out is "START/END" in the
 * stored forms.
 */
bool cb_period_parse(const char *s, time_t now, char out[2 * CB_TIME_MAX],
    bool *end_before);

/* What the messages show as accepted forms (English; an example each). */
#define CB_DATETIME_FORMS "e.g. 2026-12-01 15:00, 2026/12/01 15:00, " \
	"12/1 15:00 (this year), 2026年12月1日 15時30分, 今日 15:00, " \
	"昨日 10:42, now, or ISO 8601 with a zone (2026-12-01T15:00+09:00)"

#endif
