/*
 * libFuzzer: the three-way merge fed three JSON documents (base, ours,
 * theirs, separated by NUL bytes).  Never crashes; what it makes is
 * always an object that encodes and decodes back to itself; both orders
 * of the sides give the same tree; merging a side with itself conflicts
 * nowhere; the trailers are printable ASCII lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef enum cb_status (*merge_fn)(const json_t *, const json_t *,
    const json_t *, const struct cb_merge_side *,
    const struct cb_merge_side *, struct cb_merge *, struct cb_error *);

static const struct cb_merge_side a = { "alice", "2026-12-01T10:00:00Z" };
static const struct cb_merge_side b = { "bob", "2026-12-01T10:00:00Z" };

static void
check_output(const struct cb_merge *m)
{
	struct cb_buf tr = { 0 };
	char *text, *t;
	json_t *back;

	if (!json_is_object(m->result))
		abort();
	text = json_dumps(m->result, JSON_SORT_KEYS);
	if (text == NULL)
		abort();
	back = json_loads(text, 0, NULL);
	if (back == NULL || !json_equal(back, m->result))
		abort();
	json_decref(back);
	free(text);
	cb_merge_trailers("2026-0042", "incident.json", m, &tr);
	t = cb_buf_detach(&tr);
	for (const char *p = t; p != NULL && *p != '\0'; p++)
		if (*p != '\n' && (*p < 0x20 || *p >= 0x7f))
			abort();
	free(t);
}

static void
run(merge_fn fn, const json_t *base, const json_t *ours,
    const json_t *theirs)
{
	struct cb_merge m, r;
	struct cb_error err;
	enum cb_status s1, s2;

	s1 = fn(base, ours, theirs, &a, &b, &m, &err);
	s2 = fn(base, theirs, ours, &b, &a, &r, &err);
	if (s1 != s2)
		abort();
	if (s1 == CB_OK) {
		check_output(&m);
		check_output(&r);
		if (!json_equal(m.result, r.result) ||
		    m.nconflicts != r.nconflicts)
			abort();
	}
	cb_merge_free(&m);
	cb_merge_free(&r);
	if (fn(base, ours, ours, &a, &b, &m, &err) == CB_OK &&
	    m.nconflicts != 0)
		abort();
	cb_merge_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	json_t *doc[3] = { NULL, NULL, NULL };
	struct cb_merge c;
	struct cb_error err;

	for (int i = 0; i < 3 && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul != NULL ? (size_t)(nul - p) : (size_t)(end - p);

		doc[i] = json_loadb(p, len, JSON_REJECT_DUPLICATES, NULL);
		p += len + 1;
		if (nul == NULL)
			break;
	}
	run(cb_merge_incident, doc[0], doc[1], doc[2]);
	run(cb_merge_checklist, doc[0], doc[1], doc[2]);
	if (cb_merge_conflicts(doc[0], doc[1], doc[2], &c, &err) == CB_OK)
		check_output(&c);
	cb_merge_free(&c);
	for (int i = 0; i < 3; i++)
		json_decref(doc[i]);
	return 0;
}
