/*
 * The incident: a header with the key fields (urgency and severity side
 * by side, each with who decided it), the checklist grouped by phase
 * with each item's state (blocked items say what they wait for), the
 * rule suggestions nobody has acted on, and below, the selected item's
 * prompt and guidance in the user's language with its answer.
 *
 * Answering happens in place (tui/answer.c picks the widget the item's
 * kind needs); waive asks a reason; '>' advances the phase or shows the
 * missing items; 'y' and 'x' accept or dismiss a suggestion.  Opened as
 * "ID@COMMIT" (from the history) it shows the incident as it was at that
 * commit, read-only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "tui/tui-int.h"

enum rkind { R_PHASE, R_ITEM, R_SUGG_HEAD, R_SUGG };

struct irow {
	enum rkind kind;
	size_t idx;		/* R_ITEM: checklist item; R_SUGG: suggestion */
	enum cb_phase phase;
};

struct incident {
	struct tui *t;
	char id[CB_ID_MAX];
	char commit[41];	/* as of this commit (read-only), or "" */
	char jump[64];		/* an item to select once loaded (a search hit) */
	char *text;		/* a row's text for '/' and n (i_text) */
	char as_of[160];	/* then: when, by whom (tui_as_of) */
	struct cb_case c;
	bool have;
	struct irow *rows;
	size_t n, cap;
	char notice[1024];	/* a refusal kept in view (advance) */
	/* What a sync could not both keep (tech members, at the tip). */
	struct cb_buf conflicts;
	/* Who set urgency and severity, from the history (the tip only). */
	char urgency_by[128], severity_by[128];
	char link[512];		/* "GitLab #3 URL" (tui/outbox.c), or "" */
	struct tui_list list;
};

static const char *const marks[CB_ITEM_STATE_COUNT] = {
	[CB_ITEM_BLOCKED] = "[#]", [CB_ITEM_READY] = "[ ]",
	[CB_ITEM_ANSWERED] = "[x]", [CB_ITEM_WAIVED] = "[-]",
	[CB_ITEM_NA] = "   ",
};

static const enum tui_role state_roles[CB_ITEM_STATE_COUNT] = {
	[CB_ITEM_BLOCKED] = TUI_C_BLOCKED, [CB_ITEM_READY] = TUI_C_READY,
	[CB_ITEM_ANSWERED] = TUI_C_ANSWERED, [CB_ITEM_WAIVED] = TUI_C_WAIVED,
	[CB_ITEM_NA] = TUI_C_NA,
};

static void
add_row(struct incident *in, enum rkind kind, size_t idx, enum cb_phase ph)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 64;
		in->rows = xrealloc(in->rows, in->cap * sizeof *in->rows);
	}
	in->rows[in->n].kind = kind;
	in->rows[in->n].idx = idx;
	in->rows[in->n].phase = ph;
	in->n++;
}

static const struct cb_checkitem *
item_at(struct incident *in, long i)
{
	if (!in->have || i < 0 || (size_t)i >= in->n ||
	    in->rows[i].kind != R_ITEM)
		return NULL;
	return &in->c.cl.items[in->rows[i].idx];
}

static const struct cb_recorded_suggestion *
sugg_at(struct incident *in, long i)
{
	if (!in->have || i < 0 || (size_t)i >= in->n ||
	    in->rows[i].kind != R_SUGG)
		return NULL;
	return &in->c.suggestions[in->rows[i].idx];
}

/* --- the list's source ------------------------------------------------------------ */

static long
i_count(void *src)
{
	return (long)((struct incident *)src)->n;
}

static bool
i_selectable(void *src, long i)
{
	struct incident *in = src;

	return in->rows[i].kind == R_ITEM || in->rows[i].kind == R_SUGG;
}

static void
phase_row(struct incident *in, enum cb_phase ph, int y, int x, int w)
{
	const struct cb_checkitem *miss[1];
	size_t done = 0, req = 0;
	char line[256];

	for (size_t i = 0; i < in->c.cl.nitems; i++) {
		const struct cb_checkitem *ci = &in->c.cl.items[i];

		if (ci->item->phase != ph || ci->state == CB_ITEM_NA ||
		    !ci->required)
			continue;
		req++;
		if (ci->state == CB_ITEM_ANSWERED || ci->state == CB_ITEM_WAIVED)
			done++;
	}
	(void)miss;
	snprintf(line, sizeof line, "%s  %zu/%zu%s", cb_phase_word(ph), done,
	    req, ph == in->c.inc.phase ? _("  <- current phase") : "");
	tui_cell(y, x, w, line, tui_attr(TUI_C_TITLE));
}

static void
waits_for(struct tui *t, const struct cb_checkitem *ci, struct cb_buf *b)
{
	for (size_t k = 0; k < ci->nblocked_by; k++) {
		if (k > 0)
			cb_buf_adds(b, ", ");
		cb_buf_adds(b, tui_text_lang(t, &ci->blocked_by[k]->label));
	}
}

static void
i_draw_row(struct tui *t, void *src, long i, int y, int x, int w, bool sel)
{
	struct incident *in = src;
	const struct irow *r = &in->rows[i];
	attr_t a = sel ? tui_attr(TUI_C_SELECTION) : tui_attr(TUI_C_NORMAL);
	struct tui_pen p;
	int lw = w >= 120 ? 44 : 34;

	if (r->kind == R_PHASE) {
		phase_row(in, r->phase, y, x, w);
		return;
	}
	if (r->kind == R_SUGG_HEAD) {
		tui_cell(y, x, w, _("Suggestions from the playbook rules "
		    "(y accept, x dismiss)"), tui_attr(TUI_C_TITLE));
		return;
	}
	tui_pen_start(&p, y, x, w);
	if (r->kind == R_SUGG) {
		const struct cb_recorded_suggestion *s = &in->c.suggestions[r->idx];
		const struct cb_playbooks *pbs = NULL;
		struct cb_error err;
		char word[1024];

		if (cb_store_playbooks(t->st, &pbs, &err) != CB_OK)
			pbs = NULL;
		tui_pen_puts(&p, "  [?] ", sel ? a : tui_attr(TUI_C_SUGGESTION));
		tui_pen_puts(&p, cb_suggestion_word(pbs, s->effect, s->value,
		    t->lang, word, sizeof word), a);
		tui_pen_puts(&p, "   ", a);
		tui_pen_puts(&p, s->key, sel ? a : tui_attr(TUI_C_DIM));
		tui_pen_fill(&p, a);
		return;
	}
	{
		const struct cb_checkitem *ci = &in->c.cl.items[r->idx];
		const struct cb_answer *ans = ci->answer;
		attr_t sa = sel ? a : tui_attr(state_roles[ci->state]);
		struct cb_buf rest = { 0 };
		char *lab, word[1024];

		tui_pen_puts(&p, "  ", a);
		tui_pen_puts(&p, marks[ci->state], sa);
		tui_pen_puts(&p, " ", a);
		lab = xasprintf("%s%s", tui_text_lang(t, &ci->item->label),
		    ci->required ? " *" : "");
		tui_cell(y, p.x, lw, lab, a);
		free(lab);
		p.x += lw;
		p.left -= lw;
		tui_pen_puts(&p, " ", a);
		switch (ci->state) {
		case CB_ITEM_ANSWERED:
			cb_buf_adds(&rest, tui_answer_word(t, ci->item->id,
			    ans->value, false, word, sizeof word));
			cb_buf_printf(&rest, "  (%s%s%s)", ans->by,
			    ans->decided_by[0] ? _(" for ") : "", ans->decided_by);
			break;
		case CB_ITEM_WAIVED:
			cb_buf_printf(&rest, _("waived: %s"), ans->reason);
			break;
		case CB_ITEM_BLOCKED:
			cb_buf_adds(&rest, _("waits for: "));
			waits_for(t, ci, &rest);
			break;
		default:
			cb_buf_adds(&rest, _("ready"));
			if (ci->item->role != CB_ROLE_NONE)
				cb_buf_printf(&rest, " (%s)",
				    cb_role_word(ci->item->role));
			break;
		}
		tui_pen_puts(&p, rest.data != NULL ? rest.data : "", sa);
		tui_pen_fill(&p, a);
		cb_buf_free(&rest);
	}
}

/* An item's label, id and answer, for '/' and n. */
static const char *
i_text(void *src, long i)
{
	struct incident *in = src;
	const struct cb_checkitem *ci = item_at(in, i);

	if (ci == NULL)
		return NULL;
	free(in->text);
	in->text = xasprintf("%s %s %s", tui_text_lang(in->t, &ci->item->label),
	    ci->item->id, ci->answer != NULL && ci->answer->value != NULL ?
	    ci->answer->value : "");
	return in->text;
}

static const struct tui_list_ops i_ops = {
	i_count, NULL, i_draw_row, i_selectable, i_text,
};

/* --- the screen --------------------------------------------------------------------- */

static void *
i_open(struct tui *t, const void *arg)
{
	struct incident *in = xcalloc(1, sizeof *in);
	const char *s = arg, *at = strchr(s, '@'), *hash = strchr(s, '#');
	const char *end = at != NULL ? at : hash;

	in->t = t;
	snprintf(in->id, sizeof in->id, "%.*s", (int)(end != NULL ?
	    (size_t)(end - s) : strlen(s)), s);
	if (hash != NULL && at == NULL)
		snprintf(in->jump, sizeof in->jump, "%s", hash + 1);
	if (at != NULL) {
		snprintf(in->commit, sizeof in->commit, "%s", at + 1);
		tui_as_of(t, in->id, in->commit, in->as_of, sizeof in->as_of);
	}
	tui_list_init(&in->list, &i_ops, in);
	return in;
}

static void
i_close(void *state)
{
	struct incident *in = state;

	if (in->have)
		cb_case_free(&in->c);
	free(in->rows);
	free(in->text);
	cb_buf_free(&in->conflicts);
	free(in);
}

static void
build_rows(struct incident *in)
{
	in->n = 0;
	for (int ph = 0; ph < CB_PHASE_CLOSED; ph++) {
		bool any = false;

		for (size_t i = 0; i < in->c.cl.nitems; i++) {
			const struct cb_checkitem *ci = &in->c.cl.items[i];

			if ((int)ci->item->phase != ph || ci->state == CB_ITEM_NA)
				continue;
			if (!any)
				add_row(in, R_PHASE, 0, (enum cb_phase)ph);
			any = true;
			add_row(in, R_ITEM, i, (enum cb_phase)ph);
		}
	}
	for (size_t i = 0; i < in->c.nsuggestions; i++) {
		if (in->c.suggestions[i].status != CB_SUGG_OPEN)
			continue;
		if (in->n == 0 || (in->rows[in->n - 1].kind != R_SUGG &&
		    in->rows[in->n - 1].kind != R_SUGG_HEAD))
			add_row(in, R_SUGG_HEAD, 0, CB_PHASE_CLOSED);
		add_row(in, R_SUGG, i, CB_PHASE_CLOSED);
	}
}

/* The first row of the current phase that can be answered now. */
static long
first_ready(struct incident *in)
{
	for (size_t i = 0; i < in->n; i++) {
		const struct cb_checkitem *ci = item_at(in, (long)i);

		if (ci != NULL && ci->state == CB_ITEM_READY)
			return (long)i;
	}
	return 0;
}

/*
 * Who decided urgency and severity when no checklist answer says it (a
 * record written before a set field answered its item): the newest
 * commit that set the field.  Creating the incident decides nothing: an
 * urgency nobody gave is the default (cb_checklist_is_default).  From the
 * index's history, newest first.
 */
static int
who_set(const struct cb_logent *e, void *arg)
{
	struct incident *in = arg;

	if (in->urgency_by[0] == '\0' && strstr(e->summary, ": urgency: "))
		snprintf(in->urgency_by, sizeof in->urgency_by, "%s", e->author);
	if (in->severity_by[0] == '\0' && strstr(e->summary, ": severity: "))
		snprintf(in->severity_by, sizeof in->severity_by, "%s",
		    e->author);
	return 0;
}

static bool
is_tech(struct tui *t)
{
	struct cb_error err;
	enum cb_role r;

	return cb_store_role(t->st, NULL, &r, NULL, 0, &err) == CB_OK &&
	    r == CB_ROLE_TECH;
}

/* One conflict a sync recorded, as a line of the detail pane. */
static int
add_conflict(const struct cb_conflict *k, void *arg)
{
	struct incident *in = arg;
	char when[CB_LOCAL_TIME_MAX];

	if (in->conflicts.len == 0)
		cb_buf_adds(&in->conflicts, _("Sync conflict (the later "
		    "decision was kept):"));
	cb_local_time(k->other_at, when, sizeof when);
	cb_buf_printf(&in->conflicts, _("\n%s: kept %s, other %s (%s, %s)"),
	    k->item, k->kept[0] ? k->kept : _("(deleted)"),
	    k->other[0] ? k->other : _("(deleted)"), k->other_by, when);
	return 0;
}

static int
i_load(struct tui *t, void *state)
{
	struct incident *in = state;
	struct cb_error err;
	char keep[64] = "";
	bool first = !in->have && in->n == 0;

	/* Stay on the same item across a reload. */
	if (in->have && item_at(in, in->list.cur) != NULL)
		snprintf(keep, sizeof keep, "%s",
		    item_at(in, in->list.cur)->item->id);
	if (in->have)
		cb_case_free(&in->c);
	in->have = false;
	in->n = 0;
	if (cb_store_case(t->st, in->id, in->commit[0] ? in->commit : NULL,
	    &in->c, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_BODY;
	}
	in->have = true;
	tui_outbox_link(t, in->id, in->link, sizeof in->link);
	in->urgency_by[0] = in->severity_by[0] = '\0';
	if (in->commit[0] == '\0' &&
	    cb_store_log(t->st, in->id, who_set, in, &err) != CB_OK)
		tui_error(t, &err);
	build_rows(in);
	in->conflicts.len = 0;
	if (in->commit[0] == '\0' && is_tech(t) &&
	    cb_store_conflicts(t->st, in->id, add_conflict, in, &err) != CB_OK)
		tui_error(t, &err);
	if (in->jump[0] != '\0')
		snprintf(keep, sizeof keep, "%s", in->jump);
	in->jump[0] = '\0';
	if (first && keep[0] == '\0')
		tui_list_goto(&in->list, first_ready(in));
	else if (keep[0] != '\0') {
		for (size_t i = 0; i < in->n; i++) {
			const struct cb_checkitem *ci = item_at(in, (long)i);

			if (ci != NULL && strcmp(ci->item->id, keep) == 0)
				tui_list_goto(&in->list, (long)i);
		}
	}
	tui_list_clamp(&in->list);
	return TUI_DRAW_BODY;
}

/*
 * Who decided a field: the answer of the item behind it, else who set
 * it last (from the history), else, when it holds its default, that
 * nobody did.
 */
static void
decided(struct incident *in, const char *item, const char *set_by,
    struct cb_buf *b)
{
	const struct cb_checkitem *ci = cb_checklist_find(&in->c.cl, item);

	if (ci != NULL && ci->answer != NULL && ci->answer->value != NULL)
		cb_buf_printf(b, " (%s)", ci->answer->decided_by[0] ?
		    ci->answer->decided_by : ci->answer->by);
	else if (set_by[0] != '\0')
		cb_buf_printf(b, " (%s)", set_by);
	else if (ci != NULL && ci->item->field != NULL &&
	    cb_checklist_is_default(&in->c.cl, &in->c.inc, ci->item->field))
		cb_buf_adds(b, _(" (default)"));
}

static void
draw_header(struct tui *t, struct incident *in, int y)
{
	const struct cb_incident *inc = &in->c.inc;
	struct cb_buf b = { 0 };
	struct tui_pen p;
	char *list, word[1024];

	tui_pen_start(&p, y, 0, t->cols);
	tui_pen_puts(&p, inc->id, tui_attr(TUI_C_TITLE));
	tui_pen_puts(&p, "  ", tui_attr(TUI_C_NORMAL));
	if (in->commit[0] != '\0') {
		tui_pen_puts(&p, "[", tui_attr(TUI_C_WARNING));
		tui_pen_puts(&p, in->as_of, tui_attr(TUI_C_WARNING));
		tui_pen_puts(&p, "] ", tui_attr(TUI_C_WARNING));
	}
	tui_pen_puts(&p, inc->title, tui_attr(TUI_C_TITLE));
	if (in->link[0] != '\0') {
		tui_pen_puts(&p, "  ", tui_attr(TUI_C_NORMAL));
		tui_pen_puts(&p, in->link, tui_attr(TUI_C_DIM));
	}
	tui_pen_fill(&p, tui_attr(TUI_C_NORMAL));

	/* The phase first: at 80 columns it is never the part cut. */
	tui_pen_start(&p, y + 1, 0, t->cols);
	tui_pen_puts(&p, _("Phase: "), tui_attr(TUI_C_DIM));
	tui_pen_puts(&p, cb_phase_word(inc->phase), tui_attr(TUI_C_NORMAL));
	tui_pen_puts(&p, _("   Urgency: "), tui_attr(TUI_C_DIM));
	tui_pen_puts(&p, tui_field_word(t, "urgency",
	    cb_urgency_names[inc->urgency], true, word, sizeof word),
	    tui_attr(tui_urgency_role(cb_urgency_names[inc->urgency])));
	decided(in, "urgency", in->urgency_by, &b);
	tui_pen_puts(&p, b.data != NULL ? b.data : "", tui_attr(TUI_C_NORMAL));
	b.len = 0;
	tui_pen_puts(&p, _("   Severity: "), tui_attr(TUI_C_DIM));
	if (inc->severity == CB_SEVERITY_NONE)
		tui_pen_puts(&p, _("- (the department head decides)"),
		    tui_attr(TUI_C_NORMAL));
	else {
		tui_pen_puts(&p, tui_field_word(t, "severity",
		    cb_severity_names[inc->severity], true, word, sizeof word),
		    tui_attr(TUI_C_WARNING));
		decided(in, "dept_severity", in->severity_by, &b);
		tui_pen_puts(&p, b.data != NULL ? b.data : "",
		    tui_attr(TUI_C_NORMAL));
	}
	tui_pen_fill(&p, tui_attr(TUI_C_NORMAL));
	cb_buf_free(&b);

	tui_pen_start(&p, y + 2, 0, t->cols);
	tui_pen_puts(&p, _("Assigned: "), tui_attr(TUI_C_DIM));
	list = cb_strlist_join(&inc->assignees, ", ");
	tui_pen_puts(&p, list[0] ? list : _("nobody"), tui_attr(list[0] ?
	    TUI_C_KEY : TUI_C_WARNING));
	free(list);
	tui_pen_puts(&p, _("   Classes: "), tui_attr(TUI_C_DIM));
	list = cb_strlist_join(&inc->classes, ",");
	tui_pen_puts(&p, tui_field_word(t, "classes", list, true, word,
	    sizeof word), tui_attr(TUI_C_NORMAL));
	free(list);
	tui_pen_puts(&p, _("   Department: "), tui_attr(TUI_C_DIM));
	tui_pen_puts(&p, inc->department[0] ? inc->department : "-",
	    tui_attr(TUI_C_NORMAL));
	tui_pen_puts(&p, _("   Hosts: "), tui_attr(TUI_C_DIM));
	list = cb_strlist_join(&inc->hosts, ", ");
	tui_pen_puts(&p, list[0] ? list : "-", tui_attr(TUI_C_NORMAL));
	free(list);
	tui_pen_fill(&p, tui_attr(TUI_C_NORMAL));
}

struct detail {
	int y, end;
	attr_t a;
};

static void
detail_row(const char *row, void *arg)
{
	struct detail *d = arg;

	if (d->y < d->end)
		tui_cell(d->y++, 2, COLS - 2, row, d->a);
}

static void
draw_wrapped(struct detail *d, const char *text, attr_t a)
{
	d->a = a;
	tui_wrap(text, strlen(text), COLS - 3, detail_row, d);
}

/* The rule behind a suggestion, from its key "CLASS/RULE/N". */
static const struct cb_rule *
rule_of(struct tui *t, const char *key)
{
	const struct cb_playbooks *pbs;
	const struct cb_playbook *pb;
	struct cb_error err;
	char class_id[64], rule_id[256];

	if (sscanf(key, "%63[^/]/%255[^/]", class_id, rule_id) != 2 ||
	    cb_store_playbooks(t->st, &pbs, &err) != CB_OK ||
	    (pb = cb_playbook_find(pbs, class_id)) == NULL)
		return NULL;
	for (size_t i = 0; i < pb->nrules; i++)
		if (strcmp(pb->rules[i].id, rule_id) == 0)
			return &pb->rules[i];
	return NULL;
}

/* The selected item or suggestion, explained. */
static void
draw_detail(struct tui *t, struct incident *in, int y, int h)
{
	const struct cb_checkitem *ci = item_at(in, in->list.cur);
	const struct cb_recorded_suggestion *s = sugg_at(in, in->list.cur);
	struct detail d = { y + 1, y + h, A_NORMAL };
	struct cb_buf b = { 0 };

	for (int r = 0; r < h; r++)
		tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
	attrset(tui_attr(TUI_C_DIM));
	mvhline(y, 0, ACS_HLINE, t->cols);
	if (in->notice[0] != '\0')
		draw_wrapped(&d, in->notice, tui_attr(TUI_C_WARNING));
	if (in->conflicts.len > 0) {
		cb_buf_addc(&in->conflicts, '\0');
		in->conflicts.len--;
		draw_wrapped(&d, in->conflicts.data, tui_attr(TUI_C_WARNING));
	}
	if (s != NULL) {
		const struct cb_rule *rule = rule_of(t, s->key);

		const struct cb_playbooks *pbs = NULL;
		char word[1024], when[CB_LOCAL_TIME_MAX];
		struct cb_error err;

		if (cb_store_playbooks(t->st, &pbs, &err) != CB_OK)
			pbs = NULL;
		cb_local_time(s->at, when, sizeof when);
		cb_buf_printf(&b, _("Suggested: %s (rule %s, %s)"),
		    cb_suggestion_word(pbs, s->effect, s->value, t->lang, word,
		    sizeof word), s->key, when);
		draw_wrapped(&d, b.data, tui_attr(TUI_C_SUGGESTION));
		if (rule != NULL)
			draw_wrapped(&d, tui_text_lang(t, &rule->why),
			    tui_attr(TUI_C_NORMAL));
		draw_wrapped(&d, _("y accepts it (a suggested urgency is set, an "
		    "advance advances), x dismisses it."), tui_attr(TUI_C_DIM));
		cb_buf_free(&b);
		return;
	}
	if (ci == NULL)
		return;
	cb_buf_printf(&b, "%s (%s, %s%s%s)", tui_text_lang(t, &ci->item->label),
	    ci->item->id, cb_kind_word(ci->item->kind),
	    ci->item->role != CB_ROLE_NONE ? _(", answered by ") : "",
	    cb_role_word(ci->item->role));
	tui_cell(y, 2, t->cols - 4, b.data, tui_attr(TUI_C_TITLE));
	b.len = 0;
	draw_wrapped(&d, tui_text_lang(t, &ci->item->prompt),
	    tui_attr(TUI_C_NORMAL));
	if (ci->guidance != NULL)
		draw_wrapped(&d, tui_text_lang(t, &ci->guidance->guidance),
		    tui_attr(TUI_C_DIM));
	if (ci->answer != NULL) {
		const struct cb_answer *a = ci->answer;

		char word[1024], when[CB_LOCAL_TIME_MAX];

		cb_local_time(a->at, when, sizeof when);
		if (a->value != NULL)
			cb_buf_printf(&b, _("Answer: %s, by %s%s%s at %s"),
			    tui_answer_word(t, ci->item->id, a->value, false,
			    word, sizeof word), a->by, a->decided_by[0] ?
			    _(" for ") : "", a->decided_by, when);
		else
			cb_buf_printf(&b, _("Waived by %s at %s: %s"), a->by,
			    when, a->reason);
		if (a->note[0] != '\0')
			cb_buf_printf(&b, " - %s", a->note);
		draw_wrapped(&d, b.data, tui_attr(TUI_C_ANSWERED));
	} else if (ci->state == CB_ITEM_BLOCKED) {
		cb_buf_adds(&b, _("Waits for: "));
		waits_for(t, ci, &b);
		draw_wrapped(&d, b.data, tui_attr(TUI_C_BLOCKED));
	}
	cb_buf_free(&b);
}

static void
i_draw(struct tui *t, void *state, int y, int h)
{
	struct incident *in = state;
	int dh = h >= 34 ? 10 : 7, lh;

	if (!in->have) {
		for (int r = 0; r < h; r++)
			tui_cell(y + r, 0, t->cols, "", tui_attr(TUI_C_NORMAL));
		tui_cell(y + 1, 2, t->cols - 2, _("The incident could not be "
		    "read; see the status line."), tui_attr(TUI_C_WARNING));
		return;
	}
	draw_header(t, in, y);
	lh = h - 3 - dh;
	tui_list_draw(t, &in->list, y + 3, 0, lh, t->cols);
	draw_detail(t, in, y + 3 + lh, dh);
}

static struct tui_list *
i_list(void *state)
{
	return &((struct incident *)state)->list;
}

static const char *
i_subtitle(void *state)
{
	return ((struct incident *)state)->id;
}

/* --- actions -------------------------------------------------------------------------- */

static bool
writable(struct tui *t, struct incident *in)
{
	if (in->commit[0] == '\0' && in->have)
		return true;
	tui_status(t, TUI_C_WARNING, "%s", _("This is the incident as it was: "
	    "read-only (q goes back)"));
	return false;
}

static int
act_answer(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_checkitem *ci = item_at(in, in->list.cur);
	struct cb_buf b = { 0 };

	in->notice[0] = '\0';
	if (!writable(t, in) || ci == NULL)
		return TUI_DRAW_STATUS;
	if (ci->state == CB_ITEM_BLOCKED) {
		waits_for(t, ci, &b);
		tui_status(t, TUI_C_WARNING, _("%s is not ready: it waits for %s"),
		    ci->item->id, b.data != NULL ? b.data : "");
		cb_buf_free(&b);
		return TUI_DRAW_STATUS;
	}
	return tui_answer(t, in->id, ci->item, tui_answer_value(ci));
}

/* E: a text answer written in $EDITOR. */
static int
act_answer_editor(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_checkitem *ci = item_at(in, in->list.cur);

	in->notice[0] = '\0';
	if (!writable(t, in) || ci == NULL)
		return TUI_DRAW_STATUS;
	if (ci->state == CB_ITEM_BLOCKED)
		return act_answer(t, state);
	return tui_answer_editor(t, in->id, ci->item, tui_answer_value(ci));
}

static int
act_withdraw(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_checkitem *ci = item_at(in, in->list.cur);

	in->notice[0] = '\0';
	if (!writable(t, in) || ci == NULL)
		return TUI_DRAW_STATUS;
	return tui_withdraw(t, in->id, ci);
}

static int
act_waive(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_checkitem *ci = item_at(in, in->list.cur);

	in->notice[0] = '\0';
	if (!writable(t, in) || ci == NULL)
		return TUI_DRAW_STATUS;
	return tui_waive(t, in->id, ci->item, tui_answer_value(ci));
}

static int advance_yes(struct tui *t, void *state);

static int
act_advance(struct tui *t, void *state)
{
	struct incident *in = state;

	in->notice[0] = '\0';
	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	/* The gate met, the advance is asked first (it cannot be undone
	 * but by going back with a reason). */
	if (in->c.inc.phase != CB_PHASE_CLOSED &&
	    cb_checklist_missing(&in->c.cl, in->c.inc.phase, NULL, 0) == 0) {
		char *q = xasprintf(_("Advance %s from %s to the next phase?"),
		    in->id, cb_phase_names[in->c.inc.phase]);

		tui_confirm(t, q, advance_yes, in, NULL);
		free(q);
		return TUI_DRAW_STATUS;
	}
	return advance_yes(t, in);
}

static int
advance_yes(struct tui *t, void *state)
{
	struct incident *in = state;
	struct cb_error err;
	enum cb_phase ph;

	if (cb_store_advance(t->st, in->id, false, NULL, &ph, &err) != CB_OK) {
		/* The refusal lists what is missing: keep it in view. */
		snprintf(in->notice, sizeof in->notice, "%s", err.msg);
		tui_status(t, TUI_C_WARNING, "%s", _("Cannot advance: see the "
		    "missing items below"));
		return TUI_DRAW_BODY;
	}
	tui_absorb(t);
	tui_status(t, TUI_C_READY, _("%s is now in phase %s"), in->id,
	    cb_phase_word(ph));
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static int
back_done(struct tui *t, void *arg, const char *reason)
{
	struct incident *in = arg;
	struct cb_error err;
	enum cb_phase ph;

	if (reason == NULL || *reason == '\0')
		return TUI_DRAW_STATUS;
	if (cb_store_advance(t->st, in->id, true, reason, &ph, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	tui_absorb(t);
	tui_status(t, TUI_C_NORMAL, _("%s is back in phase %s"), in->id,
	    cb_phase_word(ph));
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static int
act_back_phase(struct tui *t, void *state)
{
	struct incident *in = state;

	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	tui_prompt_start(t, _("Why go back a phase? "), NULL, NULL, back_done,
	    in);
	return TUI_DRAW_STATUS;
}

static int
suggestion(struct tui *t, struct incident *in, bool accept)
{
	const struct cb_recorded_suggestion *s = sugg_at(in, in->list.cur);
	struct cb_error err;
	char key[256];

	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	if (s == NULL) {
		tui_status(t, TUI_C_WARNING, "%s", _("Select a suggestion first "
		    "(Tab jumps to them)"));
		return TUI_DRAW_STATUS;
	}
	snprintf(key, sizeof key, "%s", s->key);
	if (cb_store_suggestion(t->st, in->id, key, accept, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	tui_absorb(t);
	tui_status(t, TUI_C_NORMAL, accept ? _("Accepted %s") :
	    _("Dismissed %s"), key);
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static int act_accept(struct tui *t, void *s) { return suggestion(t, s, true); }
static int dismiss_yes(struct tui *t, void *s) { return suggestion(t, s, false); }

/* A dismissal is for good: asked first. */
static int
act_dismiss(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_recorded_suggestion *s = sugg_at(in, in->list.cur);
	char *q;

	if (!writable(t, in) || s == NULL)
		return suggestion(t, in, false);
	q = xasprintf(_("Dismiss the suggestion %s %s for good?"), s->effect,
	    s->value);
	tui_confirm(t, q, dismiss_yes, in, NULL);
	free(q);
	return TUI_DRAW_STATUS;
}

/* Tab: to the next group (phase or suggestions), round. */
static int
act_next_group(struct tui *t, void *state)
{
	struct incident *in = state;

	(void)t;
	for (size_t k = 1; k <= in->n; k++) {
		size_t i = ((size_t)in->list.cur + k) % in->n;

		if (in->rows[i].kind == R_PHASE ||
		    in->rows[i].kind == R_SUGG_HEAD)
			return tui_list_goto(&in->list, (long)i + 1);
	}
	return TUI_DRAW_NONE;
}

/* The selected item's texts whole, in the pager (the pane cuts them). */
static int
act_info(struct tui *t, void *state)
{
	struct incident *in = state;
	const struct cb_checkitem *ci = item_at(in, in->list.cur);
	struct tui_pager_arg a;
	struct cb_buf b = { 0 };

	if (ci == NULL)
		return TUI_DRAW_NONE;
	cb_buf_printf(&b, "%s\n\n%s\n", tui_text_lang(t, &ci->item->label),
	    tui_text_lang(t, &ci->item->prompt));
	if (ci->guidance != NULL)
		cb_buf_printf(&b, "\n%s\n",
		    tui_text_lang(t, &ci->guidance->guidance));
	if (ci->answer != NULL && ci->answer->value != NULL) {
		char word[1024], when[CB_LOCAL_TIME_MAX];

		cb_local_time(ci->answer->at, when, sizeof when);
		cb_buf_printf(&b, "\n%s %s (%s, %s)\n", _("Answer:"),
		    tui_answer_word(t, ci->item->id, ci->answer->value, false,
		    word, sizeof word), ci->answer->by, when);
	}
	a.title = ci->item->id;
	a.text = b.data;
	a.len = b.len;
	a.diff = false;
	tui_push(t, &tui_screen_pager, &a);
	cb_buf_free(&b);
	return TUI_DRAW_ALL;
}

/* The notebook; as of the commit shown, when the incident is. */
static int
act_notebook(struct tui *t, void *state)
{
	struct incident *in = state;
	char arg[CB_ID_MAX + 42];

	snprintf(arg, sizeof arg, "%s%s%s", in->id, in->commit[0] ? "@" : "",
	    in->commit);
	tui_push(t, &tui_screen_notebook, arg);
	return TUI_DRAW_ALL;
}

static int
act_history(struct tui *t, void *state)
{
	tui_push(t, &tui_screen_history, ((struct incident *)state)->id);
	return TUI_DRAW_ALL;
}

static int
act_timeline(struct tui *t, void *state)
{
	tui_push(t, &tui_screen_timeline, ((struct incident *)state)->id);
	return TUI_DRAW_ALL;
}

static int
act_report(struct tui *t, void *state)
{
	tui_push(t, &tui_screen_report, ((struct incident *)state)->id);
	return TUI_DRAW_ALL;
}

static int
act_guided(struct tui *t, void *state)
{
	struct incident *in = state;

	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	tui_push(t, &tui_screen_guided, in->id);
	return TUI_DRAW_ALL;
}

/* --- the incident's fields ---------------------------------------------------- */

/* The fields 'e' edits, and how they are asked for. */
static const char *const edit_fields[] = {
	"title", "department", "reporter", "hosts", "assignees",
};
static const char *const edit_labels[] = {
	N_("Title"), N_("Department"), N_("Reporter"),
	N_("Hosts (comma-separated)"), N_("Assignees (logins, comma-separated)"),
};
#define NEDIT (sizeof edit_fields / sizeof edit_fields[0])

/* A field being edited: the value it had (the base), as the prompt showed it. */
struct field_edit {
	char id[CB_ID_MAX];
	const char *field;
	char *base, *shown;
};

static void
field_edit_free(struct field_edit *fe)
{
	free(fe->base);
	free(fe->shown);
	free(fe);
}

/*
 * Saves a field through the store's set (so that an item mirroring it is
 * answered in the same commit), with the value first seen as the base: a
 * change someone made meanwhile is a conflict, not overwritten.
 */
static bool
save_field(struct tui *t, const char *id, const char *field,
    const char *value, const char *base)
{
	struct cb_error err;
	bool changed = false;

	if (cb_store_set(t->st, id, field, value, base, &changed, &err) !=
	    CB_OK) {
		tui_error(t, &err);
		return false;
	}
	tui_absorb(t);
	if (changed)
		tui_status(t, TUI_C_READY, _("%s: %s saved"), id, field);
	else
		tui_status(t, TUI_C_NORMAL, _("%s: %s unchanged"), id, field);
	return changed;
}

static int
edit_done(struct tui *t, void *arg, const char *text)
{
	struct field_edit *fe = arg;
	int flags = TUI_DRAW_STATUS;

	if (text == NULL)
		tui_status(t, TUI_C_NORMAL, "%s", _("Nothing changed"));
	/* Enter on the value as shown writes nothing (nor its visible forms). */
	else if (strcmp(text, fe->shown) == 0)
		tui_status(t, TUI_C_NORMAL, _("%s: %s unchanged"), fe->id,
		    fe->field);
	else {
		(void)save_field(t, fe->id, fe->field, text, fe->base);
		flags = TUI_RELOAD | TUI_DRAW_BODY;
	}
	field_edit_free(fe);
	return flags;
}

static int
field_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct incident *in = ctx;
	struct field_edit *fe;
	struct cb_error err;
	char *label;

	(void)picked;
	if (chosen < 0 || (size_t)chosen >= NEDIT || !in->have)
		return TUI_DRAW_ALL;
	/* A role that may not set it is told before typing. */
	if (cb_store_may_set(t->st, edit_fields[chosen], &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_ALL;
	}
	fe = xcalloc(1, sizeof *fe);
	snprintf(fe->id, sizeof fe->id, "%s", in->id);
	fe->field = edit_fields[chosen];
	fe->base = cb_incident_get(&in->c.inc, fe->field);
	fe->shown = cb_sanitize(fe->base, strlen(fe->base), 0);
	label = xasprintf("%s: ", _(edit_labels[chosen]));
	tui_prompt_start(t, label, fe->base, NULL, edit_done, fe);
	free(label);
	return TUI_DRAW_ALL;
}

static int
act_edit(struct tui *t, void *state)
{
	struct incident *in = state;
	const char *labels[NEDIT];
	char *rows[NEDIT];
	struct tui_choose_arg c;

	in->notice[0] = '\0';
	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	for (size_t i = 0; i < NEDIT; i++) {
		char *v = cb_incident_get(&in->c.inc, edit_fields[i]);

		rows[i] = xasprintf("%-36s %s", _(edit_labels[i]), v[0] ? v : "-");
		labels[i] = rows[i];
		free(v);
	}
	memset(&c, 0, sizeof c);
	c.title = _("Edit which field?");
	c.labels = labels;
	c.n = NEDIT;
	c.done = field_chosen;
	c.ctx = in;
	tui_push(t, &tui_screen_choose, &c);
	for (size_t i = 0; i < NEDIT; i++)
		free(rows[i]);
	return TUI_DRAW_ALL;
}

/* "take": adds me to the assignees, on one key. */
static int
act_take(struct tui *t, void *state)
{
	struct incident *in = state;
	struct cb_error err;
	char *base, *value;

	in->notice[0] = '\0';
	if (!writable(t, in))
		return TUI_DRAW_STATUS;
	for (size_t i = 0; i < in->c.inc.assignees.n; i++)
		if (strcmp(in->c.inc.assignees.v[i], t->me.login) == 0) {
			tui_status(t, TUI_C_NORMAL, _("%s is yours already"),
			    in->id);
			return TUI_DRAW_STATUS;
		}
	if (cb_store_may_set(t->st, "assignees", &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	base = cb_incident_get(&in->c.inc, "assignees");
	value = base[0] ? xasprintf("%s,%s", base, t->me.login) :
	    xstrdup(t->me.login);
	if (save_field(t, in->id, "assignees", value, base))
		tui_status(t, TUI_C_READY, _("%s is yours (assigned to %s)"),
		    in->id, t->me.login);
	free(base);
	free(value);
	return TUI_RELOAD | TUI_DRAW_BODY;
}

static const struct tui_action i_actions[] = {
	{ "answer", { '\n', '\r', 'a' }, "Enter a",
	  N_("answer the selected item"), act_answer },
	{ "answer-editor", { 'E' }, "E", N_("answer a text item in $VISUAL or "
	  "$EDITOR"), act_answer_editor },
	{ "waive", { 'W' }, "W", N_("waive the item (not needed), with a "
	  "reason"), act_waive },
	{ "withdraw", { 'U' }, "U", N_("take back the answer or waiver, with a "
	  "reason"), act_withdraw },
	{ "advance", { '>' }, ">", N_("advance to the next phase (lists what "
	  "is missing)"), act_advance },
	{ "back-phase", { '<' }, "<", N_("go back a phase, with a reason"),
	  act_back_phase },
	{ "accept", { 'y' }, "y", N_("accept the selected suggestion"),
	  act_accept },
	{ "dismiss", { 'x' }, "x", N_("dismiss the selected suggestion"),
	  act_dismiss },
	{ "next-group", { '\t' }, "Tab", N_("next phase or the suggestions"),
	  act_next_group },
	{ "info", { 'i' }, "i", N_("the item's question and guidance, whole"),
	  act_info },
	{ "edit", { 'e' }, "e", N_("edit a field: title, department, reporter, "
	  "hosts, assignees"), act_edit },
	{ "take", { 't' }, "t", N_("take the incident: assign it to me"),
	  act_take },
	{ "notebook", { 'N' }, "N", N_("the notebook (n is the next match of "
	  "'/' here)"), act_notebook },
	{ "history", { 'H' }, "H", N_("the history"), act_history },
	{ "timeline", { 'T' }, "T", N_("the timeline: key moments, time per "
	  "phase"), act_timeline },
	{ "report", { 'R' }, "R", N_("the report in a prescribed form "
	  "(preview, missing facts, file it)"), act_report },
	{ "guided", { 'w' }, "w", N_("guided mode: one step at a time"),
	  act_guided },
	{ NULL, { 0 }, NULL, NULL, NULL },
};

const struct tui_screen tui_screen_incident = {
	.name = "incident",
	.title = N_("Incident"),
	.open = i_open,
	.close = i_close,
	.load = i_load,
	.draw = i_draw,
	.list = i_list,
	.subtitle = i_subtitle,
	.actions = i_actions,
};
