/*
 * Incident ids that never collide between stores that sync.
 *
 * A store on its own numbers incidents "YYYY-NNNN" (core/incident.h).
 * A store that syncs with others is given a site letter when its first
 * remote is added, and numbers its new incidents "YYYY-SNNNN": the year,
 * the letter (A-Z), and a number within the year and the site, at least
 * four digits.  Two sites apart never make the same id, since each only
 * counts under its own letter; ids made before the letter stay as they
 * were (doc/design.md, "Ids across sites").
 *
 * Pure string work, no I/O.
 */
#ifndef CB_SITEID_H
#define CB_SITEID_H

#include <stdbool.h>

#include "core/incident.h"

/* No site letter: the plain "YYYY-NNNN" form. */
#define CB_SITE_NONE '\0'

/* True for a letter a site may be given: 'A' to 'Z'. */
bool cb_site_valid(char site);

/*
 * Parses either form, only in its canonical spelling (four digits at
 * least, no leading zero beyond them): "2026-0042" gives site
 * CB_SITE_NONE, "2026-A0042" site 'A'.  Any out pointer may be NULL.
 */
bool cb_siteid_parse(const char *s, int *year, char *site, int *num);

/* "2026-0042" or "2026-A0042". */
void cb_siteid_format(char out[CB_ID_MAX], int year, char site, int num);

/*
 * The id after the highest one seen: given every id the store has seen
 * (its own and those that arrived through sync; any that do not parse
 * are skipped), the next id for site in year is one more than the
 * highest number already used under that site and year, or 1.  Ids of
 * other sites and other years do not count.  false when the number
 * would pass 999999 (the most cb_siteid_parse accepts).
 */
bool cb_siteid_next(const char *const *seen, size_t n, int year, char site,
    char out[CB_ID_MAX]);

#endif
