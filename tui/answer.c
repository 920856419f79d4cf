/*
 * Answering an item in place, for the incident screen and guided mode.
 *
 * Nothing is written that the user did not mean: Enter on a value left
 * as it was writes nothing ("unchanged"), and replacing another
 * person's answer asks first, naming them.  A text answer can be
 * written in $EDITOR (E, or Ctrl-o in its line), in a draft that a
 * failing editor leaves in place.
 *
 * The steps, each a callback of the prompt or the chooser, carry one
 * heap context (struct answer) that the last step frees:
 *
 *   role     cb_store_may_answer before anything is typed; a refusal is
 *            shown with its reason.  A head's item (dept_severity) may be
 *            recorded on the head's behalf: the head is chosen by name
 *            from the people with the head role, then how the decision
 *            came (phone, mail, a meeting) is asked, kept as the note.
 *   value    the widget of the item's kind: a chooser for yes/no and
 *            choices (several for classification), a line for text,
 *            hosts, periods, dates ("now" for done items)
 *   check    cb_value_check; a bad value is explained above the line,
 *            with an example of a good one, and the line opened again
 *            with what was typed, for correction
 *   save     cb_store_answer with the value seen as the base (expect)
 *   conflict another user answered meanwhile: both values are shown and
 *            the user chooses which stays; nothing is lost
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/editor.h"
#include "tui/tui-int.h"

struct answer {
	char id[CB_ID_MAX];
	const struct cb_item *item;	/* the store's playbooks own it */
	char *expect;			/* the value seen; "" when none */
	char *decided_by;		/* on the head's behalf, or NULL */
	char *note;			/* how the head's decision came, or NULL */
	char *mine;			/* the value that met a conflict */
	char *theirs;
	char **values;			/* the chooser's values */
	size_t nvalues;
	bool waive;
	bool editor;			/* the value is written in $EDITOR */
	bool withdraw;			/* the answer is taken back */
};

static void
answer_free(void *arg)
{
	struct answer *a = arg;

	if (a == NULL)
		return;
	free(a->expect);
	free(a->decided_by);
	free(a->note);
	free(a->mine);
	free(a->theirs);
	for (size_t i = 0; i < a->nvalues; i++)
		free(a->values[i]);
	free(a->values);
	free(a);
}

static const char *
label(struct tui *t, const struct cb_item *item)
{
	return tui_text_lang(t, &item->label);
}

/*
 * After a save: the items that the answer made ready (they depend on it
 * and are ready now), for the status line.
 */
static void
report_saved(struct tui *t, struct answer *a, const char *value)
{
	struct cb_case c;
	struct cb_error err;
	struct cb_buf ready = { 0 };
	/* In Japanese the items by their labels, the value by its words. */
	bool ja = t->lang[0] == 'j';
	const char *item = ja ? label(t, a->item) : a->item->id;
	char word[1024];

	if (value != NULL && ja)
		value = tui_answer_word(t, a->item->id, value, false, word,
		    sizeof word);
	memset(&c, 0, sizeof c);
	if (cb_store_case(t->st, a->id, NULL, &c, &err) == CB_OK) {
		for (size_t i = 0; i < c.cl.nitems; i++) {
			const struct cb_checkitem *ci = &c.cl.items[i];
			bool dep = false;

			if (ci->state != CB_ITEM_READY)
				continue;
			for (size_t k = 0; k < ci->item->ndep_all; k++)
				dep |= strcmp(ci->item->dep_all[k].id,
				    a->item->id) == 0;
			for (size_t k = 0; k < ci->item->ndep_any; k++)
				dep |= strcmp(ci->item->dep_any[k].id,
				    a->item->id) == 0;
			if (dep) {
				if (ready.len > 0)
					cb_buf_adds(&ready, ", ");
				cb_buf_adds(&ready, ja ? label(t, ci->item) :
				    ci->item->id);
			}
		}
		cb_case_free(&c);
	}
	if (a->withdraw)
		tui_status(t, TUI_C_NORMAL, _("Withdrawn: %s is unanswered again "
		    "(the history keeps the answer)"), item);
	else if (value == NULL)
		tui_status(t, TUI_C_NORMAL, _("Waived %s"), item);
	else if (ready.len > 0)
		tui_status(t, TUI_C_READY, _("Saved %s = %s; now ready: %s"),
		    item, value, ready.data);
	else
		tui_status(t, TUI_C_NORMAL, _("Saved %s = %s"), item, value);
	cb_buf_free(&ready);
}

static int conflict(struct tui *t, struct answer *a, const char *value);
static int ask_value(struct tui *t, struct answer *a, const char *text);
static int ask_editor(struct tui *t, struct answer *a);

/* Saves value (NULL: a waiver with reason); frees a unless it goes on. */
static int
save(struct tui *t, struct answer *a, const char *value, const char *reason)
{
	struct cb_answer_req req;
	struct cb_error err;
	bool changed = false;
	enum cb_status s;

	memset(&req, 0, sizeof req);
	req.item = a->item->id;
	req.value = value;
	req.reason = reason;
	req.decided_by = a->decided_by;
	req.note = a->note;
	req.expect = a->expect;
	req.withdraw = a->withdraw;
	s = cb_store_answer(t->st, a->id, &req, &changed, &err);
	if (s == CB_ECONFLICT && value != NULL)
		return conflict(t, a, value);
	if (s != CB_OK)
		tui_error(t, &err);
	else {
		tui_absorb(t);
		if (!changed)
			tui_status(t, TUI_C_NORMAL, _("%s already had that "
			    "value"), a->item->id);
		else
			report_saved(t, a, value);
	}
	answer_free(a);
	return TUI_RELOAD | TUI_DRAW_ALL;
}

/* Checks the value typed or chosen; a bad one is asked again. */
static int
submit(struct tui *t, struct answer *a, const char *text)
{
	struct cb_error err;
	char *norm = NULL;
	int flags;

	if (cb_value_check(a->item, text, &norm, &err) != CB_OK) {
		tui_error(t, &err);
		if (a->nvalues == 0) {
			/* The status row is the prompt's: say it above. */
			flags = ask_value(t, a, text);
			tui_prompt_notice(t, "%s", err.msg);
			return flags;
		}
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	flags = save(t, a, norm, NULL);
	free(norm);
	return flags;
}

static int
line_done(struct tui *t, void *arg, const char *text)
{
	struct answer *a = arg;

	if (text == NULL) {
		answer_free(a);
		tui_status(t, TUI_C_DIM, "%s", _("Not answered"));
		return TUI_DRAW_STATUS;
	}
	/* Enter on the answer as it was shown: nothing to write. */
	if (!t->prompt.edited && a->expect[0] != '\0') {
		tui_status(t, TUI_C_DIM, _("%s unchanged: nothing was written"),
		    a->item->id);
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	return submit(t, a, text);
}

static int
chosen_done(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct answer *a = ctx;
	struct cb_buf v = { 0 };
	int flags;

	if (chosen < 0) {
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	if (a->item->kind == CB_KIND_CHOICE &&
	    strcmp(a->item->id, "classification") == 0) {
		for (size_t i = 0; i < a->nvalues; i++) {
			if (!picked[i])
				continue;
			if (v.len > 0)
				cb_buf_addc(&v, ',');
			cb_buf_adds(&v, a->values[i]);
		}
	} else
		cb_buf_adds(&v, a->values[chosen]);
	flags = submit(t, a, v.data != NULL ? v.data : "");
	cb_buf_free(&v);
	return flags;
}

static bool
in_list(const char *list, const char *v)
{
	size_t n = strlen(v);

	for (const char *p = list; *p != '\0';) {
		size_t k = strcspn(p, ",");

		while (*p == ' ' && k > 0) {
			p++;
			k--;
		}
		if (k == n && strncmp(p, v, n) == 0)
			return true;
		p += k;
		if (*p == ',')
			p++;
	}
	return false;
}

static int
ask_value(struct tui *t, struct answer *a, const char *text)
{
	const struct cb_item *it = a->item;
	char *prompt;
	char now[CB_TIME_MAX];

	if (it->kind == CB_KIND_YESNO || it->kind == CB_KIND_CHOICE) {
		struct tui_choose_arg c;
		const char **labels;
		bool *picked;
		size_t n = it->kind == CB_KIND_YESNO ? 2 : it->noptions;

		a->values = xcalloc(n, sizeof *a->values);
		labels = xcalloc(n, sizeof *labels);
		picked = xcalloc(n, sizeof *picked);
		memset(&c, 0, sizeof c);
		for (size_t i = 0; i < n; i++) {
			if (it->kind == CB_KIND_YESNO) {
				a->values[i] = xstrdup(i == 0 ? "yes" : "no");
				labels[i] = xstrdup(i == 0 ? _("yes") : _("no"));
			} else {
				a->values[i] = xstrdup(it->options[i].value);
				/* English shows the value too, which the
				 * command line takes; Japanese the label. */
				labels[i] = t->lang[0] == 'j' ?
				    xstrdup(tui_text_lang(t,
				    &it->options[i].label)) :
				    xasprintf("%s  (%s)", tui_text_lang(t,
				    &it->options[i].label), it->options[i].value);
			}
			picked[i] = in_list(a->expect, a->values[i]);
			if (picked[i] && c.cur == 0)
				c.cur = (long)i;
		}
		a->nvalues = n;
		prompt = xasprintf("%s: %s", label(t, it),
		    tui_text_lang(t, &it->prompt));
		c.title = prompt;
		c.labels = labels;
		c.n = n;
		c.multi = strcmp(it->id, "classification") == 0;
		c.picked = picked;
		c.done = chosen_done;
		c.ctx = a;
		c.free_ctx = answer_free;
		if (!tui_push(t, &tui_screen_choose, &c))
			answer_free(a);
		for (size_t i = 0; i < n; i++)
			free((void *)(uintptr_t)labels[i]);
		free(labels);
		free(picked);
		free(prompt);
		return TUI_DRAW_ALL;
	}
	if (text == NULL)
		text = a->expect;
	switch (it->kind) {
	case CB_KIND_DATETIME:
		cb_time_format(cb_now(), now);
		if (*text == '\0')
			text = now;
		prompt = xasprintf(_("%s (date and time, e.g. 2026-12-01 15:00, "
		    "12/1 15:00, 今日 15:00, now): "), label(t, it));
		break;
	case CB_KIND_PERIOD:
		prompt = xasprintf(_("%s (START/END, e.g. 2026-12-01 09:00/"
		    "2026-12-01 15:30): "), label(t, it));
		break;
	case CB_KIND_HOSTS:
		prompt = xasprintf(_("%s (addresses or names, comma-separated): "),
		    label(t, it));
		break;
	case CB_KIND_DONE:
		if (*text == '\0')
			text = "now";
		prompt = xasprintf(_("%s (\"now\" or a date and time, e.g. "
		    "今日 15:00): "), label(t, it));
		break;
	default:
		prompt = xasprintf("%s: ", label(t, it));
		break;
	}
	tui_prompt_start(t, prompt, text, NULL, line_done, a);
	if (it->kind == CB_KIND_TEXT) {
		char *draft = xasprintf("answer-%s-%s", a->id, it->id);

		tui_prompt_editor(t, draft);
		free(draft);
	} else
		tui_prompt_single(t);
	/* The text given back after a refusal was edited: it is new. */
	if (text != a->expect && strcmp(text, a->expect) != 0)
		t->prompt.edited = true;
	free(prompt);
	return TUI_DRAW_STATUS;
}

/*
 * Recording the head's decision on their behalf: the head is chosen by
 * name from the people with the head role, first; then how the decision
 * came (phone, mail, a meeting: optional, kept as the answer's note);
 * then the value, from levels that show their criteria.
 */
struct heads {
	struct answer *a;
	char **logins, **labels;
	size_t n;
};

static void
heads_free(void *arg)
{
	struct heads *h = arg;

	for (size_t i = 0; i < h->n; i++) {
		free(h->logins[i]);
		free(h->labels[i]);
	}
	free(h->logins);
	free(h->labels);
	answer_free(h->a);
	free(h);
}

static int
keep_head(const char *login, const char *name, void *arg)
{
	struct heads *h = arg;

	h->logins = xrealloc(h->logins, (h->n + 1) * sizeof *h->logins);
	h->labels = xrealloc(h->labels, (h->n + 1) * sizeof *h->labels);
	h->logins[h->n] = xstrdup(login);
	h->labels[h->n] = strcmp(name, login) == 0 ? xstrdup(login) :
	    xasprintf("%s (%s)", name, login);
	h->n++;
	return 0;
}

static int
how_done(struct tui *t, void *arg, const char *text)
{
	struct answer *a = arg;

	if (text == NULL) {
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	if (*text != '\0')
		a->note = xstrdup(text);
	return a->editor ? ask_editor(t, a) : ask_value(t, a, NULL);
}

static int
head_chosen(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct heads *h = ctx;
	struct answer *a = h->a;

	(void)picked;
	if (chosen < 0 || (size_t)chosen >= h->n) {
		heads_free(h);
		return TUI_DRAW_ALL;
	}
	a->decided_by = xstrdup(h->logins[chosen]);
	h->a = NULL;
	heads_free(h);
	tui_prompt_start(t, _("How did the head's decision reach you (phone, "
	    "mail, a meeting)? Optional; Enter goes on: "), NULL, NULL,
	    how_done, a);
	return TUI_DRAW_ALL;
}

static int
choose_head(struct tui *t, struct answer *a)
{
	struct heads *h = xcalloc(1, sizeof *h);
	struct tui_choose_arg c;
	struct cb_error err;

	h->a = a;
	if (cb_store_people(t->st, CB_ROLE_HEAD, keep_head, h, &err) !=
	    CB_OK) {
		tui_error(t, &err);
		heads_free(h);
		return TUI_DRAW_STATUS;
	}
	if (h->n == 0) {
		tui_status(t, TUI_C_WARNING, "%s", _("No one has the head role "
		    "in this store: a CERT member gives it with 'casebook role "
		    "LOGIN head'"));
		heads_free(h);
		return TUI_DRAW_STATUS;
	}
	memset(&c, 0, sizeof c);
	c.title = _("Only the department head decides this. Whose decision "
	    "are you recording?");
	c.labels = (const char *const *)h->labels;
	c.n = h->n;
	c.done = head_chosen;
	c.ctx = h;
	c.free_ctx = heads_free;
	if (!tui_push(t, &tui_screen_choose, &c))
		heads_free(h);
	return TUI_DRAW_ALL;
}

static struct answer *
answer_new(const char *id, const struct cb_item *item, const char *current)
{
	struct answer *a = xcalloc(1, sizeof *a);

	snprintf(a->id, sizeof a->id, "%s", id);
	a->item = item;
	a->expect = xstrdup(current != NULL ? current : "");
	return a;
}

/*
 * A text answer written in $EDITOR, in the user's draft of it (a draft
 * a failed editor left is offered again).  The text written is checked
 * and saved as a typed one; an editor that fails keeps the draft and
 * says where.
 */
static int
ask_editor(struct tui *t, struct answer *a)
{
	struct cb_error err;
	char *name, *path, *out = NULL;
	size_t olen = 0;
	bool restored = false;
	int flags;

	name = xasprintf("answer-%s-%s", a->id, a->item->id);
	path = cb_draft_path(cb_store_dir(t->st), name, &err);
	free(name);
	if (path == NULL) {
		tui_error(t, &err);
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	if (tui_edit_draft(t, path, a->expect, strlen(a->expect), &out, &olen,
	    &restored, &err) != CB_OK) {
		tui_error(t, &err);
		answer_free(a);
		free(path);
		return TUI_DRAW_ALL;
	}
	if (strcmp(out, a->expect) == 0 && a->expect[0] != '\0') {
		cb_draft_done(path);
		tui_status(t, TUI_C_DIM, _("%s unchanged: nothing was written"),
		    a->item->id);
		answer_free(a);
		flags = TUI_DRAW_ALL;
	} else if (out[0] == '\0') {
		cb_draft_done(path);
		tui_status(t, TUI_C_WARNING, _("%s: the text is empty; nothing "
		    "was written"), a->item->id);
		answer_free(a);
		flags = TUI_DRAW_ALL;
	} else {
		/*
		 * The draft stays while the text is not in the record: a
		 * refused value (the line opens again with it) or a failed
		 * save.
		 */
		flags = submit(t, a, out) | TUI_DRAW_ALL;
		if (!t->prompt.active && t->status_role != TUI_C_ERROR)
			cb_draft_done(path);
	}
	free(out);
	free(path);
	return flags;
}

/* After the question about another person's answer: go on. */
static int
replace_yes(struct tui *t, void *arg)
{
	struct answer *a = arg;

	return a->editor ? ask_editor(t, a) : ask_value(t, a, NULL);
}

/*
 * Whose the current answer is, when it is someone else's: the answer
 * is read again, as it is in the record now.  by and for are copied
 * out; false when the answer is the user's own, or there is none.
 */
static bool
someone_elses(struct tui *t, const char *id, const struct cb_item *item,
    char *by, size_t bylen, char *decided, size_t dlen)
{
	struct cb_case c;
	struct cb_error err;
	const struct cb_checkitem *ci;
	bool other = false;

	memset(&c, 0, sizeof c);
	if (cb_store_case(t->st, id, NULL, &c, &err) != CB_OK)
		return false;
	ci = cb_checklist_find(&c.cl, item->id);
	if (ci != NULL && ci->answer != NULL && ci->answer->value != NULL &&
	    strcmp(ci->answer->by, t->me.login) != 0) {
		snprintf(by, bylen, "%s", ci->answer->by);
		snprintf(decided, dlen, "%s", ci->answer->decided_by);
		other = true;
	}
	cb_case_free(&c);
	return other;
}

static int
start_answer(struct tui *t, const char *id, const struct cb_item *item,
    const char *current, bool editor)
{
	struct cb_error err, err2;
	struct answer *a;
	char by[128], decided[128];

	if (cb_store_may_answer(t->st, item, false, &err) != CB_OK) {
		if (err.status == CB_EDENIED && item->role == CB_ROLE_HEAD &&
		    cb_store_may_answer(t->st, item, true, &err2) == CB_OK) {
			a = answer_new(id, item, current);
			a->editor = editor;
			return choose_head(t, a);
		}
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	a = answer_new(id, item, current);
	a->editor = editor;
	if (current != NULL && *current != '\0' &&
	    someone_elses(t, id, item, by, sizeof by, decided, sizeof decided)) {
		char *q = decided[0] != '\0' ?
		    xasprintf(_("%s is %s's answer (the decision of %s). Replace "
		    "it?"), label(t, item), by, decided) :
		    xasprintf(_("%s is %s's answer. Replace it?"), label(t, item),
		    by);

		tui_confirm(t, q, replace_yes, a, answer_free);
		free(q);
		return TUI_DRAW_STATUS;
	}
	return editor ? ask_editor(t, a) : ask_value(t, a, NULL);
}

int
tui_answer(struct tui *t, const char *id, const struct cb_item *item,
    const char *current)
{
	return start_answer(t, id, item, current, false);
}

int
tui_answer_editor(struct tui *t, const char *id, const struct cb_item *item,
    const char *current)
{
	if (item->kind != CB_KIND_TEXT) {
		tui_status(t, TUI_C_WARNING, _("%s is not a text: Enter answers "
		    "it"), item->id);
		return TUI_DRAW_STATUS;
	}
	return start_answer(t, id, item, current, true);
}

static int
reason_done(struct tui *t, void *arg, const char *text)
{
	struct answer *a = arg;

	if (text == NULL || *text == '\0') {
		tui_status(t, TUI_C_WARNING, "%s", a->withdraw ?
		    _("Withdrawing needs a reason; nothing was changed") :
		    _("A waiver needs a reason; nothing was changed"));
		answer_free(a);
		return TUI_DRAW_STATUS;
	}
	return save(t, a, NULL, text);
}

static int
waive_yes(struct tui *t, void *arg)
{
	struct answer *a = arg;
	char *prompt = xasprintf(_("Why is %s not needed? "), label(t, a->item));

	tui_prompt_start(t, prompt, NULL, NULL, reason_done, a);
	free(prompt);
	return TUI_DRAW_STATUS;
}

/* Waiving asks first: the item leaves the phase's gate. */
int
tui_waive(struct tui *t, const char *id, const struct cb_item *item,
    const char *current)
{
	struct cb_error err;
	char *q;

	if (cb_store_may_answer(t->st, item, true, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	q = current != NULL && *current != '\0' ?
	    xasprintf(_("Waive %s: not needed here, in place of its answer?"),
	    label(t, item)) :
	    xasprintf(_("Waive %s: not needed here?"), label(t, item));
	tui_confirm(t, q, waive_yes, answer_new(id, item, current), answer_free);
	free(q);
	return TUI_DRAW_STATUS;
}

static int
withdraw_yes(struct tui *t, void *arg)
{
	struct answer *a = arg;
	char *prompt = xasprintf(_("Why withdraw the answer to %s? "),
	    label(t, a->item));

	tui_prompt_start(t, prompt, NULL, NULL, reason_done, a);
	free(prompt);
	return TUI_DRAW_STATUS;
}

/*
 * Takes an answer (or a waiver) back, with a reason: asked first,
 * naming whose answer it is; the history keeps what it was.
 */
int
tui_withdraw(struct tui *t, const char *id, const struct cb_checkitem *ci)
{
	struct cb_error err;
	struct answer *a;
	char *q;

	if (ci->answer == NULL) {
		tui_status(t, TUI_C_WARNING, _("%s has no answer to withdraw"),
		    ci->item->id);
		return TUI_DRAW_STATUS;
	}
	if (cb_store_may_answer(t->st, ci->item, false, &err) != CB_OK) {
		tui_error(t, &err);
		return TUI_DRAW_STATUS;
	}
	a = answer_new(id, ci->item, ci->answer->value != NULL ?
	    ci->answer->value : "");
	/* The base as the store compares it: a waiver reads so. */
	if (ci->answer->value == NULL) {
		free(a->expect);
		a->expect = xasprintf("(waived: %s)", ci->answer->reason);
	}
	a->withdraw = true;
	q = strcmp(ci->answer->by, t->me.login) != 0 ?
	    xasprintf(_("Withdraw %s's answer to %s? The history keeps it."),
	    ci->answer->by, label(t, ci->item)) :
	    xasprintf(_("Withdraw your answer to %s? The history keeps it."),
	    label(t, ci->item));
	tui_confirm(t, q, withdraw_yes, a, answer_free);
	free(q);
	return TUI_DRAW_STATUS;
}

/* --- conflicts ------------------------------------------------------------------ */

static int
conflict_done(struct tui *t, void *ctx, long chosen, const bool *picked)
{
	struct answer *a = ctx;
	char *mine;
	int flags;

	(void)picked;
	if (chosen != 1) {
		tui_status(t, TUI_C_NORMAL, _("Kept %s = %s"), a->item->id,
		    a->theirs);
		answer_free(a);
		return TUI_RELOAD | TUI_DRAW_ALL;
	}
	/* Mine replaces theirs, knowingly: theirs is the base now. */
	free(a->expect);
	a->expect = xstrdup(a->theirs);
	mine = xstrdup(a->mine);
	flags = save(t, a, mine, NULL);
	free(mine);
	return flags;
}

static int
conflict(struct tui *t, struct answer *a, const char *value)
{
	struct cb_case c;
	struct cb_error err;
	struct tui_choose_arg ch;
	const char *labels[2];
	char *l0, *l1, *title;
	const char *by = "?";

	memset(&c, 0, sizeof c);
	free(a->mine);
	a->mine = xstrdup(value);
	free(a->theirs);
	a->theirs = NULL;
	if (cb_store_case(t->st, a->id, NULL, &c, &err) == CB_OK) {
		const struct cb_checkitem *ci = cb_checklist_find(&c.cl,
		    a->item->id);

		if (ci != NULL && ci->answer != NULL) {
			a->theirs = xstrdup(ci->answer->value != NULL ?
			    ci->answer->value : _("(waived)"));
			by = ci->answer->by;
		}
	}
	if (a->theirs == NULL)
		a->theirs = xstrdup("");
	l0 = xasprintf(_("Keep theirs: %s  (by %s)"), a->theirs, by);
	l1 = xasprintf(_("Use mine:    %s"), a->mine);
	title = xasprintf(_("%s was changed by someone else meanwhile. "
	    "Which value stays?"), a->item->id);
	cb_case_free(&c);
	labels[0] = l0;
	labels[1] = l1;
	memset(&ch, 0, sizeof ch);
	ch.title = title;
	ch.labels = labels;
	ch.n = 2;
	ch.done = conflict_done;
	ch.ctx = a;
	ch.free_ctx = answer_free;
	tui_status(t, TUI_C_WARNING, "%s", _("Conflict: choose which value "
	    "stays"));
	if (!tui_push(t, &tui_screen_choose, &ch))
		answer_free(a);
	free(l0);
	free(l1);
	free(title);
	return TUI_DRAW_ALL;
}

const char *
tui_answer_value(const struct cb_checkitem *ci)
{
	return ci->answer != NULL && ci->answer->value != NULL ?
	    ci->answer->value : "";
}
