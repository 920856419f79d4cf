/*
 * Compiled-in demo data: the three real cases of the paper (NAS intrusion,
 * malware through a link in a targeted mail, adware with C2 traffic found
 * through the sandbox appliance and the log dashboard) and three smaller
 * incidents, so that a fresh record has a queue worth looking at.
 *
 * Everything is relative: a case is created created_days_ago days before
 * now, and its notes and changes happen a number of minutes after that, so
 * the demo always looks recent.  Within one case the notes and the changes
 * are each sorted by minutes; a loader merges the two lists in time order
 * (at equal minutes, changes first).  A case starts in phase intake with
 * no severity and no assignees; the changes move it on.
 *
 * Assignees are given as the local part of a person's email in
 * cb_demo_people ("takahashi" for takahashi@example.ac.jp).
 *
 * All addresses are documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24) and all names are made up; malicious URLs are defanged
 * ("hxxp").  Note texts are Markdown and may contain newlines; no other
 * control characters appear anywhere.
 */
#ifndef CB_DEMO_H
#define CB_DEMO_H
#include <stddef.h>
struct cb_demo_person { const char *name; const char *email; const char *role; };
struct cb_demo_note {
	int minutes;                 /* minutes after the incident was created */
	int author;                  /* index into cb_demo_people */
	const char *text;            /* Markdown; Japanese or English */
};
struct cb_demo_change {          /* a field change, applied in time order with notes */
	int minutes;
	int author;
	const char *field;           /* one of: title urgency severity department reporter phase classes hosts assignees */
	const char *value;           /* lists (classes hosts assignees) are comma-separated */
};
struct cb_demo_case {
	int created_days_ago;        /* relative to now, so the demo always looks recent */
	int creator;                 /* index into cb_demo_people */
	const char *title;
	const char *classes;         /* comma-separated ids: phishing defacement malware-site scan dos ics targeted intrusion malware policy other */
	const char *urgency;         /* immediate high normal low */
	const char *department;
	const char *reporter;
	const char *hosts;           /* comma-separated, e.g. "133.xx.yy.zz (nas-lab3)": use documentation addresses 192.0.2.x / 198.51.100.x / 203.0.113.x and made-up names */
	const struct cb_demo_note *notes;
	size_t n_notes;
	const struct cb_demo_change *changes;
	size_t n_changes;
};
extern const struct cb_demo_person cb_demo_people[];
extern const size_t cb_demo_n_people;
extern const struct cb_demo_case cb_demo_cases[];
extern const size_t cb_demo_n_cases;
#endif
