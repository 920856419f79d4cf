/*
 * Translatable text: _() marks a string to translate at run time,
 * N_() one kept in a table and translated where it is shown.  One
 * gettext domain (PACKAGE) serves every layer: cli/main.c binds it, and
 * po/POTFILES lists every file whose strings po/update.sh extracts.
 */
#ifndef CB_NLS_H
#define CB_NLS_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
