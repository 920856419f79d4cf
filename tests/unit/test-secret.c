/* The secrets file is refused as ssh refuses a key (core/secret.c). */
#include <libintl.h>
#include <locale.h>
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

static char dir[] = "/tmp/casebook-secret.XXXXXX";
static char path[128];

static void
write_secrets(mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[notify \"cert-alerts\"]\n\turl = https://chat.example/hooks/"
	    "a/b\n[mirror \"gitlab\"]\n\ttoken = glpat-xyz\n", f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static enum cb_status
get(const char *p, const char *sec, const char *sub, const char *key,
    char **v, struct cb_error *err)
{
	return cb_secret_get(p, sec, sub, key, v, err);
}

static void
test_owner_only(void **state)
{
	struct cb_error err;
	char *v;

	(void)state;
	write_secrets(0600);
	assert_int_equal(get(path, "notify", "cert-alerts", "url", &v, &err),
	    CB_OK);
	assert_string_equal(v, "https://chat.example/hooks/a/b");
	cb_secret_free(v);
	assert_int_equal(get(path, "mirror", "gitlab", "token", &v, &err),
	    CB_OK);
	assert_string_equal(v, "glpat-xyz");
	cb_secret_free(v);
	write_secrets(0400);
	assert_int_equal(get(path, "mirror", "gitlab", "token", &v, &err),
	    CB_OK);
	cb_secret_free(v);
	/* A key that is not there, named. */
	assert_int_equal(get(path, "notify", "other", "url", &v, &err),
	    CB_ENOTFOUND);
	assert_null(v);
	assert_non_null(strstr(err.msg, "[notify \"other\"]"));
}

static void
test_readable_by_others(void **state)
{
	static const mode_t bad[] = { 0644, 0640, 0604, 0620, 0602, 0660 };
	struct cb_error err;
	char *v;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_secrets(bad[i]);
		assert_int_equal(get(path, "mirror", "gitlab", "token", &v,
		    &err), CB_EDENIED);
		assert_null(v);
		assert_non_null(strstr(err.msg, "refused"));
		assert_non_null(strstr(err.msg, "chmod 600"));
		/* The secret is not in the message. */
		assert_null(strstr(err.msg, "glpat"));
	}
}

static void
test_not_a_file(void **state)
{
	struct cb_error err;
	char link[160], sub[160];
	char *v;

	(void)state;
	write_secrets(0600);
	snprintf(link, sizeof link, "%s/link", dir);
	unlink(link);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(get(link, "mirror", "gitlab", "token", &v, &err),
	    CB_EDENIED);
	assert_non_null(strstr(err.msg, "symbolic link"));
	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0700);
	assert_int_equal(get(sub, "mirror", "gitlab", "token", &v, &err),
	    CB_EDENIED);
	assert_non_null(strstr(err.msg, "not a regular file"));
	snprintf(sub, sizeof sub, "%s/missing", dir);
	assert_int_equal(get(sub, "mirror", "gitlab", "token", &v, &err),
	    CB_ENOTFOUND);
	unlink(link);
}

static void
test_other_owner(void **state)
{
	struct cb_error err;
	char *v;

	(void)state;
	if (geteuid() != 0)
		skip();		/* only root can give a file away */
	write_secrets(0600);
	assert_int_equal(chown(path, 12345, (gid_t)-1), 0);
	assert_int_equal(get(path, "mirror", "gitlab", "token", &v, &err),
	    CB_EDENIED);
	assert_non_null(strstr(err.msg, "owned by user 12345"));
}

static void
test_syntax_error_names_the_path(void **state)
{
	struct cb_error err;
	FILE *f;
	char *v;

	(void)state;
	unlink(path);
	f = fopen(path, "w");
	fputs("[mirror \"gitlab\"\ntoken = x\n", f);
	fclose(f);
	chmod(path, 0600);
	assert_int_equal(get(path, "mirror", "gitlab", "token", &v, &err),
	    CB_ERR);
	assert_non_null(strstr(err.msg, path));
	assert_null(strstr(err.msg, "/proc/self/fd"));
}

/* Refused in the user's language. */
static void
test_japanese(void **state)
{
	struct cb_error err;
	char *v;

	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		skip();
	setenv("LANGUAGE", "ja", 1);
	bindtextdomain(PACKAGE, CB_BUILD_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	write_secrets(0644);
	assert_int_equal(get(path, "mirror", "gitlab", "token", &v, &err),
	    CB_EDENIED);
	assert_non_null(strstr(err.msg, "使えません"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
}

/* cb_secret_each: every [serve "NAME"] token, in order; refused alike. */
static enum cb_status
collect(const char *sub, const char *value, void *arg, struct cb_error *err)
{
	char *out = arg;

	(void)err;
	if (strcmp(value, "stop") == 0)
		return cb_fail(err, CB_EUSAGE, "told to stop at %s", sub);
	strcat(out, sub);
	strcat(out, "=");
	strcat(out, value);
	strcat(out, ";");
	return CB_OK;
}

static void
test_each(void **state)
{
	struct cb_error err;
	char out[256] = "";
	FILE *f;

	(void)state;
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[serve \"splunk\"]\n\ttoken = aaaa\n[mirror \"gitlab\"]\n"
	    "\ttoken = glpat\n[serve \"ids\"]\n\turl = x\n\ttoken = bbbb\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(cb_secret_each(path, "serve", "token", collect, out,
	    &err), CB_OK);
	assert_string_equal(out, "splunk=aaaa;ids=bbbb;");
	assert_int_equal(chmod(path, 0640), 0);
	out[0] = '\0';
	assert_int_equal(cb_secret_each(path, "serve", "token", collect, out,
	    &err), CB_EDENIED);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_string_equal(out, "");
	/* The callback's failure is the call's. */
	f = fopen(path, "a");
	fputs("[serve \"z\"]\n\ttoken = stop\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(cb_secret_each(path, "serve", "token", collect, out,
	    &err), CB_EUSAGE);
	assert_non_null(strstr(err.msg, "told to stop at z"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_only),
		cmocka_unit_test(test_readable_by_others),
		cmocka_unit_test(test_not_a_file),
		cmocka_unit_test(test_other_owner),
		cmocka_unit_test(test_syntax_error_names_the_path),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_each),
	};
	int rc;
	char sub[64];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/secrets", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	rmdir(sub);
	rmdir(dir);
	return rc;
}
