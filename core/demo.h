/*
 * Compiled-in demo data: the three real cases of the paper (NAS intrusion,
 * malware through a link in a targeted mail, adware with C2 traffic found
 * through the sandbox appliance and the log dashboard) and four smaller
 * incidents, so that a fresh record has a queue worth looking at.
 *
 * Everything is relative: a case is created created_days_ago days before
 * now, and its notes, changes, checklist answers and acts on suggestions
 * happen a number of minutes after that, so the demo always looks recent.
 * Within one case each of the four lists is sorted by minutes; a loader
 * merges them in time order, at equal minutes changes first, then
 * answers, then acts, then notes (so a note can tell what was just
 * decided, and an act can follow the answer whose rule made the
 * suggestion).  A case starts in phase intake with no severity and no
 * assignees; the changes move it on.
 *
 * A phase change is walked with 'advance', through every gate on the way
 * (the loader stops at a gate the data leaves incomplete); the answers
 * are there so that every gate the case has passed is complete: every required item of every earlier phase is
 * answered or waived, by someone whose role may, in dependency order, and
 * before the change that leaves its phase.  The loader stops at the first
 * answer or act the store refuses, with the store's message, so a mistake
 * in the data shows at once (tests/cmd/demo.sh seeds the demo).
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
#include <stdbool.h>
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
struct cb_demo_answer {          /* a checklist answer or waiver (cb_store_answer) */
	int minutes;
	int author;
	const char *item;            /* an item id of playbooks/graph.yaml */
	const char *value;           /* valid for the item's kind; NULL: a waiver.  "{M}" stands for the time M minutes after creation (M may be negative), for datetimes and periods */
	const char *reason;          /* a waiver's reason; NULL for an answer */
	int decided_by;              /* index into cb_demo_people of the head the author records the decision of, or -1 */
};
struct cb_demo_act {             /* acting on a rule's suggestion (cb_store_suggestion) */
	int minutes;
	int author;
	const char *key;             /* "CLASS/RULE/N", as 'casebook checklist' shows it */
	bool accept;                 /* false: dismissed */
};
struct cb_demo_case {
	int created_days_ago;        /* relative to now, so the demo always looks recent */
	int creator;                 /* index into cb_demo_people */
	const char *title;
	/*
	 * The fields the creator gives (NULL: not given, the default).  The
	 * ones a checklist item mirrors (classes, urgency, reporter, hosts)
	 * are also the creator's answers, so the creator's role must allow
	 * the item (classes and urgency: tech) and the value must fit its kind.
	 */
	const char *classes;         /* comma-separated ids: phishing defacement malware-site scan dos ics targeted intrusion malware policy other */
	const char *urgency;         /* immediate high normal low */
	const char *department;
	const char *reporter;
	const char *hosts;           /* comma-separated addresses and names, e.g. "192.0.2.45,nas-lab3": use documentation addresses 192.0.2.x / 198.51.100.x / 203.0.113.x and made-up names */
	const struct cb_demo_note *notes;
	size_t n_notes;
	const struct cb_demo_change *changes;
	size_t n_changes;
	const struct cb_demo_answer *answers;
	size_t n_answers;
	const struct cb_demo_act *acts;
	size_t n_acts;
};
extern const struct cb_demo_person cb_demo_people[];
extern const size_t cb_demo_n_people;
extern const struct cb_demo_case cb_demo_cases[];
extern const size_t cb_demo_n_cases;
#endif
