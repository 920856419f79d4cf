/*
 * casebook checklist ID [--json]: the incident's checklist, phase by
 * phase: each item's state (blocked items name what they wait for), the
 * answers with who and when, the open rule suggestions and the next
 * steps.  Labels in Japanese or English (cb_store_language).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/sanitize.h"

static const char *const marks[CB_ITEM_STATE_COUNT] = {
	[CB_ITEM_BLOCKED] = "[#]", [CB_ITEM_READY] = "[ ]",
	[CB_ITEM_ANSWERED] = "[x]", [CB_ITEM_WAIVED] = "[-]",
	[CB_ITEM_NA] = "   ",
};

static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? cli_json_string(s, strlen(s)) :
	    json_null();
}

/*
 * The value a mirrored item's field holds by default (nobody decided
 * it), or NULL; caller frees.
 */
static char *
default_of(const struct cb_case *c, const struct cb_checkitem *ci)
{
	if (ci->item->field == NULL ||
	    !cb_checklist_is_default(&c->cl, &c->inc, ci->item->field))
		return NULL;
	return cb_incident_get(&c->inc, ci->item->field);
}

static json_t *
item_json(const struct cb_case *c, const struct cb_checkitem *ci)
{
	const struct cb_item *it = ci->item;
	json_t *o = json_object(), *opts = json_array(), *blocked = json_array();
	const struct cb_answer *a = ci->answer;
	char *dflt;

	json_object_set_new(o, "id", json_string(it->id));
	json_object_set_new(o, "phase", json_string(cb_phase_names[it->phase]));
	json_object_set_new(o, "kind", json_string(cb_kind_names[it->kind]));
	for (size_t i = 0; i < it->noptions; i++)
		json_array_append_new(opts, json_string(it->options[i].value));
	json_object_set_new(o, "options", opts);
	json_object_set_new(o, "role", str_or_null(cb_role_names[it->role]));
	json_object_set_new(o, "required", json_boolean(ci->required));
	json_object_set_new(o, "state",
	    json_string(cb_item_state_names[ci->state]));
	for (size_t i = 0; i < ci->nblocked_by; i++)
		json_array_append_new(blocked, json_string(ci->blocked_by[i]->id));
	json_object_set_new(o, "blocked_by", blocked);
	json_object_set_new(o, "value", str_or_null(a ? a->value : NULL));
	json_object_set_new(o, "reason", str_or_null(a && !a->value ?
	    a->reason : NULL));
	json_object_set_new(o, "by", str_or_null(a ? a->by : NULL));
	json_object_set_new(o, "decided_by", str_or_null(a ? a->decided_by :
	    NULL));
	json_object_set_new(o, "at", str_or_null(a ? a->at : NULL));
	json_object_set_new(o, "field", str_or_null(it->field));
	dflt = default_of(c, ci);
	json_object_set_new(o, "default", str_or_null(dflt));
	free(dflt);
	return o;
}

static const char *const sugg_status[] = { "open", "accepted", "dismissed" };

static void
print_json(const struct cb_case *c)
{
	const struct cb_checkitem *next[64];
	size_t n = cb_checklist_next(&c->cl, next, 64);
	json_t *o = json_object(), *items = json_array(), *nx = json_array(),
	    *sugg = json_array(), *missing = json_array();
	const struct cb_checkitem *miss[64];
	size_t nmiss = c->inc.phase == CB_PHASE_CLOSED ? 0 :
	    cb_checklist_missing(&c->cl, c->inc.phase, miss, 64);

	json_object_set_new(o, "id", json_string(c->inc.id));
	json_object_set_new(o, "phase", json_string(cb_phase_names[c->inc.phase]));
	json_object_set_new(o, "playbook", cli_json_string(c->playbook,
	    strlen(c->playbook)));
	for (size_t i = 0; i < c->cl.nitems; i++)
		json_array_append_new(items, item_json(c, &c->cl.items[i]));
	json_object_set_new(o, "items", items);
	for (size_t i = 0; i < n && i < 64; i++)
		json_array_append_new(nx, json_string(next[i]->item->id));
	json_object_set_new(o, "next", nx);
	for (size_t i = 0; i < nmiss && i < 64; i++)
		json_array_append_new(missing, json_string(miss[i]->item->id));
	json_object_set_new(o, "missing", missing);
	for (size_t i = 0; i < c->nsuggestions; i++) {
		const struct cb_recorded_suggestion *r = &c->suggestions[i];
		json_t *g = json_object();

		json_object_set_new(g, "key", cli_json_string(r->key,
		    strlen(r->key)));
		json_object_set_new(g, "effect", cli_json_string(r->effect,
		    strlen(r->effect)));
		json_object_set_new(g, "value", str_or_null(r->value));
		json_object_set_new(g, "status", json_string(sugg_status[r->status]));
		json_object_set_new(g, "at", str_or_null(r->at));
		json_object_set_new(g, "by", str_or_null(r->by));
		json_array_append_new(sugg, g);
	}
	json_object_set_new(o, "suggestions", sugg);
	cli_json_print(o);
	json_decref(o);
}

/* "why" of the rule behind a recorded suggestion, from its key. */
static const struct cb_rule *
rule_of(const struct cb_playbooks *pbs, const char *key)
{
	char class_id[64], rule_id[256];
	const struct cb_playbook *pb;

	if (sscanf(key, "%63[^/]/%255[^/]", class_id, rule_id) != 2 ||
	    (pb = cb_playbook_find(pbs, class_id)) == NULL)
		return NULL;
	for (size_t i = 0; i < pb->nrules; i++)
		if (strcmp(pb->rules[i].id, rule_id) == 0)
			return &pb->rules[i];
	return NULL;
}

static bool
open_in(const struct cb_case *c, const char *key)
{
	for (size_t i = 0; c != NULL && i < c->nsuggestions; i++)
		if (c->suggestions[i].status == CB_SUGG_OPEN &&
		    strcmp(c->suggestions[i].key, key) == 0)
			return true;
	return false;
}

void
cli_print_suggestions(const struct cb_playbooks *pbs, const struct cb_case *c,
    const struct cb_case *before, const char *lang)
{
	bool any = false;

	for (size_t i = 0; i < c->nsuggestions; i++) {
		const struct cb_recorded_suggestion *r = &c->suggestions[i];
		const struct cb_rule *rule = rule_of(pbs, r->key);

		if (r->status != CB_SUGG_OPEN || open_in(before, r->key))
			continue;
		if (!any)
			printf(_("Suggestions (casebook accept|dismiss %s KEY):\n"),
			    c->inc.id);
		any = true;
		/* Key and effect are read from checklist.json: data. */
		printf("  ");
		cli_put_line(stdout, r->key);
		printf(": ");
		if (lang[0] == 'j') {
			char word[1024];

			cli_put_line(stdout, cb_suggestion_word(pbs, r->effect,
			    r->value, lang, word, sizeof word));
		} else {
			cli_put_line(stdout, r->effect);
			printf(" ");
			cli_put_line(stdout, r->value);
		}
		if (rule != NULL) {
			printf("\n      ");
			cli_put_line(stdout, cb_text_in(&rule->why, lang));
		}
		printf("\n");
	}
}

static void
print_text(struct cb_store *st, const struct cb_playbooks *pbs,
    const struct cb_case *c, const char *lang)
{
	const struct cb_checkitem *next[8];
	size_t n = cb_checklist_next(&c->cl, next, 8);
	char *classes = cb_strlist_join(&c->inc.classes, ",");
	char w[1024], when[CB_LOCAL_TIME_MAX];
	bool ja = lang[0] == 'j';

	printf("%s  ", c->inc.id);
	cli_put_line(stdout, c->inc.title);
	printf(_("\nphase %s, classes "), cb_phase_word(c->inc.phase));
	cli_put_line(stdout, cli_field_word(st, "classes", classes, true, w,
	    sizeof w));
	if (c->playbook[0] != '\0') {
		char *pb = cb_sanitize(c->playbook, strnlen(c->playbook, 12),
		    0);

		printf(_(", playbook %.12s\n"), pb);
		free(pb);
	} else
		printf(_(", playbook %.12s\n"), _("(none yet)"));
	free(classes);
	cli_print_suggestions(pbs, c, NULL, lang);
	if (n > 0) {
		printf(_("Next steps:\n"));
		for (size_t i = 0; i < n && i < 8; i++) {
			printf("  %-20s ", next[i]->item->id);
			cli_put_line(stdout, cb_text_in(&next[i]->item->label,
			    lang));
			printf("\n");
		}
	}
	for (int p = CB_PHASE_INTAKE; p < CB_PHASE_CLOSED; p++) {
		const struct cb_checkitem *miss[1];
		size_t missing = cb_checklist_missing(&c->cl, (enum cb_phase)p,
		    miss, 1);

		printf("\n%s%s%s\n", cb_phase_word((enum cb_phase)p),
		    p == (int)c->inc.phase ? _(" (current)") : "",
		    missing == 0 ? _(": complete") : "");
		for (size_t i = 0; i < c->cl.nitems; i++) {
			const struct cb_checkitem *ci = &c->cl.items[i];
			char *dflt;

			if ((int)ci->item->phase != p || ci->state == CB_ITEM_NA)
				continue;
			printf("  %s %-20s %s", marks[ci->state],
			    ci->item->id, ci->required ? "*" : " ");
			cli_put_cell(stdout, cb_state_word(ci->state), 9);
			fputc(' ', stdout);
			if (ci->state == CB_ITEM_ANSWERED) {
				cli_put_line(stdout, cli_answer_word(st,
				    ci->item->id, ci->answer->value, false, w,
				    sizeof w));
				printf(" (");
				cli_put_line(stdout, ci->answer->by);
				if (ci->answer->decided_by[0] != '\0') {
					printf(_(" for "));
					cli_put_line(stdout,
					    ci->answer->decided_by);
				}
				printf(", %s)", cli_time(ci->answer->at, when,
				    sizeof when));
			} else if (ci->state == CB_ITEM_WAIVED) {
				cli_put_line(stdout, ci->answer->reason);
				printf(" (");
				cli_put_line(stdout, ci->answer->by);
				printf(", %s)", cli_time(ci->answer->at, when,
				    sizeof when));
			} else if (ci->state == CB_ITEM_BLOCKED) {
				/* In Japanese the labels, not the ids. */
				printf(_("waits for"));
				for (size_t k = 0; k < ci->nblocked_by; k++) {
					printf("%s", k == 0 ? " " : ja ? "、" :
					    ", ");
					if (ja)
						cli_put_line(stdout, cb_text_in(
						    &ci->blocked_by[k]->label,
						    lang));
					else
						printf("%s",
						    ci->blocked_by[k]->id);
				}
			} else {
				cli_put_line(stdout, cb_text_in(&ci->item->label,
				    lang));
				if (ci->item->role != CB_ROLE_NONE)
					printf(" [%s]",
					    cb_role_word(ci->item->role));
			}
			if ((dflt = default_of(c, ci)) != NULL) {
				char *clean = cb_sanitize(dflt, strlen(dflt), 0);

				printf(_(" (%s is %s by default: nobody decided "
				    "it)"), ci->item->field, cli_field_word(st,
				    ci->item->field, clean, true, w, sizeof w));
				free(clean);
				free(dflt);
			}
			printf("\n");
		}
	}
	printf(_("\n* required for the phase's gate\n"));
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cb_playbooks *pbs;
	struct cb_store *st;
	struct cb_error err;
	struct cb_case c;
	const char *at = NULL;
	bool json = false;
	int ch, rc;

	if (cli_help(&cmd_checklist, argc, argv))
		return 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = true;
		else if (ch == 'a')
			at = optarg;
		else
			return cli_usage(&cmd_checklist, _("unknown option"));
	}
	if (argc - optind != 1)
		return cli_usage(&cmd_checklist, _("expected ID"));
	if ((rc = cli_check_id(&cmd_checklist, argv[optind])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (cb_store_playbooks(st, &pbs, &err) != CB_OK ||
	    cb_store_case(st, argv[optind], at, &c, &err) != CB_OK) {
		rc = cli_error(&err);
		cb_store_close(st);
		return rc;
	}
	if (json)
		print_json(&c);
	else
		print_text(st, pbs, &c, cb_store_language(st));
	cb_case_free(&c);
	cb_store_close(st);
	return 0;
}

const struct cb_cmd cmd_checklist = {
	"checklist", "ID [--json] [--at COMMIT]",
	N_("known, next, blocked, suggested"),
	run,
};
