/*
 * casebook evidence ID [SHA256] [--save PATH]: the incident's evidence.
 * Without a hash, lists it (hash, size, name, who, when).  With one (or
 * its first 6 or more digits), writes its bytes: to PATH with --save
 * (never over an existing file), else to stdout, exactly when stdout is
 * a pipe or a file, through the sanitiser when it is a terminal, and a
 * binary file not at all to a terminal.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/nls.h"
#include "core/priv.h"
#include "core/sanitize.h"

static int
print_attachment(const struct cb_attachment *a, void *arg)
{
	int *n = arg;

	printf("%s %10lld ", a->sha256, (long long)a->size);
	cli_put_line(stdout, a->name);
	printf("  ");
	cli_put_line(stdout, a->by);
	printf(" %s\n", a->at);
	(*n)++;
	return 0;
}

/* Text: no NUL and valid UTF-8 (a terminal could show it, sanitised). */
static bool
is_text(const char *data, size_t len)
{
	size_t i = 0;
	unsigned cp;
	int n;

	while (i < len) {
		if (data[i] == '\0' || (n = cb_utf8_decode(data + i, len - i,
		    &cp)) < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
save(const char *path, const struct cb_buf *b, const char *sha)
{
	bool raised = cb_priv_raised();
	int fd;

	/* The person's file, made with their rights (core/priv.h). */
	cb_priv_lower();
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (raised)
		cb_priv_raise();

	if (fd < 0 && errno == EEXIST) {
		fprintf(stderr, "casebook: %s exists already; nothing was "
		    "written (choose another path)\n", path);
		return 1;
	}
	if (fd < 0 || write_all(fd, b->data != NULL ? b->data : "", b->len) < 0 ||
	    fsync(fd) < 0) {
		fprintf(stderr, "casebook: %s: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return 1;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "casebook: %s: %s\n", path, strerror(errno));
		unlink(path);
		return 1;
	}
	printf("%s %zu bytes saved to ", sha, b->len);
	cli_put_line(stdout, path);
	printf("\n");
	return 0;
}

static int
run(struct cb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "save", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_store *st;
	struct cb_error err;
	struct cb_buf b = { 0 };
	const char *out = NULL;
	char sha[65];
	int c, rc = 0, n = 0;

	if (cli_help(&cmd_evidence, argc, argv))
		return 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 's')
			return cli_usage(&cmd_evidence, "unknown option");
		if (*optarg == '\0')
			return cli_usage(&cmd_evidence, "--save takes a path");
		out = optarg;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2)
		return cli_usage(&cmd_evidence, "expected ID [SHA256]");
	if (out != NULL && argc != 2)
		return cli_usage(&cmd_evidence, "--save needs the evidence's "
		    "SHA256 (casebook evidence ID lists them)");
	if ((rc = cli_check_id(&cmd_evidence, argv[0])) != 0)
		return rc;
	if ((st = cli_open(cli)) == NULL)
		return 1;
	if (argc == 1) {
		if (cb_store_attachments(st, argv[0], print_attachment, &n,
		    &err) != CB_OK)
			rc = cli_error(&err);
		else if (n == 0)
			printf("%s has no evidence\n", argv[0]);
	} else if (cb_store_evidence(st, argv[0], argv[1], &b, sha, &err) !=
	    CB_OK) {
		rc = cli_error(&err);
	} else if (out != NULL) {
		rc = save(out, &b, sha);
	} else if (!isatty(STDOUT_FILENO)) {
		if (write_all(STDOUT_FILENO, b.data != NULL ? b.data : "",
		    b.len) < 0) {
			fprintf(stderr, "casebook: writing: %s\n",
			    strerror(errno));
			rc = 1;
		}
	} else if (!is_text(b.data != NULL ? b.data : "", b.len)) {
		fprintf(stderr, "casebook: %s is binary (%zu bytes): not shown "
		    "on a terminal; use --save PATH or a pipe\n", sha, b.len);
		rc = 1;
	} else {
		cli_put(stdout, b.data != NULL ? b.data : "", b.len);
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			printf("\n");
	}
	cb_buf_free(&b);
	cb_store_close(st);
	return rc;
}

const struct cb_cmd cmd_evidence = {
	"evidence", "ID [SHA256] [--save PATH]",
	N_("the evidence, listed or written out"), run,
};
