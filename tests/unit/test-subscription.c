/*
 * Subscriptions and the mirror's settings from a store's config
 * (core/subscription.c): what each wants, bad values kept with why, and
 * where the secrets come from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "core/secret.h"
#include "core/subscription.h"

static char dir[] = "/tmp/casebook-subscription.XXXXXX";
static char path[128], secrets[128];

static void
write_file(const char *p, const char *text, mode_t mode)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static void
read_conf(const char *text, struct cb_outbox_conf *c)
{
	struct cb_error err;

	write_file(path, text, 0644);
	assert_int_equal(cb_outbox_conf_read(path, c, &err), CB_OK);
}

static void
test_filters(void **state)
{
	struct cb_outbox_conf c;
	const struct cb_subscription *s, *all;

	(void)state;
	read_conf("[notify \"cert-alerts\"]\n\tkind = slack\n"
	    "\tevents = new, urgency\n\tclasses = phishing,malware\n"
	    "\tmin-urgency = high\n\tlanguage = ja\n"
	    "[notify \"all\"]\n\tkind = mattermost\n", &c);
	assert_int_equal(c.n_subs, 2);
	s = cb_outbox_conf_sub(&c, "cert-alerts");
	assert_non_null(s);
	assert_int_equal(s->chat, CB_CHAT_SLACK);
	assert_string_equal(s->lang, "ja");
	assert_string_equal(s->bad, "");
	/* Kind, class and urgency must all agree. */
	assert_true(cb_subscription_wants(s, CB_NOTIFY_NEW, "scan,phishing",
	    CB_URGENCY_HIGH));
	assert_true(cb_subscription_wants(s, CB_NOTIFY_URGENCY, "malware",
	    CB_URGENCY_IMMEDIATE));
	assert_false(cb_subscription_wants(s, CB_NOTIFY_PHASE, "phishing",
	    CB_URGENCY_HIGH));
	assert_false(cb_subscription_wants(s, CB_NOTIFY_NEW, "scan",
	    CB_URGENCY_HIGH));
	assert_false(cb_subscription_wants(s, CB_NOTIFY_NEW, "phishing-site",
	    CB_URGENCY_HIGH));
	assert_false(cb_subscription_wants(s, CB_NOTIFY_NEW, "phishing",
	    CB_URGENCY_NORMAL));
	/* Unset: every kind but "other" (notes, evidence), any class. */
	all = cb_outbox_conf_sub(&c, "all");
	assert_non_null(all);
	assert_int_equal(all->chat, CB_CHAT_MATTERMOST);
	assert_true(cb_subscription_wants(all, CB_NOTIFY_ALERT_NOTABLE, "dos",
	    CB_URGENCY_LOW));
	assert_true(cb_subscription_wants(all, CB_NOTIFY_SEVERITY, "dos",
	    CB_URGENCY_LOW));
	assert_false(cb_subscription_wants(all, CB_NOTIFY_OTHER, "dos",
	    CB_URGENCY_LOW));
	assert_null(cb_outbox_conf_sub(&c, "nobody"));
	assert_false(c.mirror.on);
	cb_outbox_conf_free(&c);
}

static void
test_bad_values_are_kept_with_why(void **state)
{
	struct cb_outbox_conf c;

	(void)state;
	read_conf("[notify \"a\"]\n\tevents = new,bogus\n"
	    "[notify \"b\"]\n\tkind = irc\n"
	    "[notify \"c\"]\n\turl = https://chat.example/hooks/x/y\n"
	    "[notify \"d\"]\n\tmin-urgency = soon\n"
	    "[mirror \"gitlab\"]\n\turl = https://gitlab.example\n", &c);
	assert_int_equal(c.n_subs, 4);
	assert_non_null(strstr(c.subs[0].bad, "bogus"));
	assert_non_null(strstr(c.subs[1].bad, "irc"));
	assert_non_null(strstr(c.subs[2].bad, "secrets file"));
	assert_non_null(strstr(c.subs[3].bad, "soon"));
	/* An unusable subscription wants nothing. */
	assert_false(cb_subscription_wants(&c.subs[0], CB_NOTIFY_NEW, "scan",
	    CB_URGENCY_HIGH));
	assert_false(c.mirror.on);
	assert_non_null(strstr(c.mirror.bad, "project"));
	cb_outbox_conf_free(&c);
}

static void
test_mirror(void **state)
{
	struct cb_outbox_conf c;

	(void)state;
	read_conf("[mirror \"gitlab\"]\n\turl = https://gitlab.example\n"
	    "\tproject = csirt/cases\n\tnotes = yes\n"
	    "[gitlab \"user\"]\n\ttanaka = 7\n\tsuzuki = 12\n\tbad = x\n", &c);
	assert_true(c.mirror.on);
	assert_true(c.mirror.notes);
	assert_string_equal(c.mirror.project, "csirt/cases");
	assert_int_equal(cb_mirror_user(&c.mirror, "tanaka"), 7);
	assert_int_equal(cb_mirror_user(&c.mirror, "suzuki"), 12);
	assert_int_equal(cb_mirror_user(&c.mirror, "sato"), 0);
	assert_non_null(strstr(c.mirror.bad, "gitlab.user.bad"));
	cb_outbox_conf_free(&c);
}

static void
test_secrets(void **state)
{
	struct cb_error err;
	char *v = NULL;

	(void)state;
	unsetenv("CASEBOOK_NOTIFY_URL_CERT_ALERTS");
	unsetenv("CASEBOOK_GITLAB_TOKEN");
	write_file(secrets, "[notify \"cert-alerts\"]\n\turl = https://a/hooks"
	    "/1/2\n[mirror \"gitlab\"]\n\ttoken = glpat-1\n", 0600);
	assert_int_equal(cb_subscription_secret(secrets, "notify",
	    "cert-alerts", "url", &v, &err), CB_OK);
	assert_string_equal(v, "https://a/hooks/1/2");
	cb_secret_free(v);
	/* The environment first, the name in capitals. */
	setenv("CASEBOOK_NOTIFY_URL_CERT_ALERTS", "https://b/hooks/3/4", 1);
	assert_int_equal(cb_subscription_secret(secrets, "notify",
	    "cert-alerts", "url", &v, &err), CB_OK);
	assert_string_equal(v, "https://b/hooks/3/4");
	cb_secret_free(v);
	unsetenv("CASEBOOK_NOTIFY_URL_CERT_ALERTS");
	/* Missing: says where to put it. */
	assert_int_equal(cb_subscription_secret(secrets, "notify", "other",
	    "url", &v, &err), CB_ENOTFOUND);
	assert_non_null(strstr(err.msg, "CASEBOOK_NOTIFY_URL_OTHER"));
	/* Readable by others: refused, even with the key there. */
	assert_int_equal(chmod(secrets, 0644), 0);
	assert_int_equal(cb_subscription_secret(secrets, "mirror", "gitlab",
	    "token", &v, &err), CB_EDENIED);
	assert_null(v);
	setenv("CASEBOOK_GITLAB_TOKEN", "glpat-env", 1);
	assert_int_equal(cb_subscription_secret(secrets, "mirror", "gitlab",
	    "token", &v, &err), CB_OK);
	assert_string_equal(v, "glpat-env");
	cb_secret_free(v);
	unsetenv("CASEBOOK_GITLAB_TOKEN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_bad_values_are_kept_with_why),
		cmocka_unit_test(test_mirror),
		cmocka_unit_test(test_secrets),
	};
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/config", dir);
	snprintf(secrets, sizeof secrets, "%s/secrets", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	unlink(secrets);
	rmdir(dir);
	return rc;
}
