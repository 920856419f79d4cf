/* $VISUAL/$EDITOR without a shell; drafts kept across failures. */
#include "core/editor.h"
#include "core/nls.h"
#include "core/priv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sha1.h"

enum cb_status
cb_run_editor(const char *path, struct cb_error *err)
{
	const char *editor = getenv("VISUAL");
	char *copy, *argv[32], *tok, *save = NULL;
	struct sigaction ign, old_int, old_quit;
	enum cb_status s = CB_OK;
	int argc = 0, status;
	pid_t pid;

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	copy = xstrdup(editor);
	for (tok = strtok_r(copy, " \t", &save); tok != NULL && argc < 30;
	    tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (argc == 0) {	/* a value of only spaces */
		static char vi[] = "vi";

		argv[argc++] = vi;
	}
	argv[argc++] = (char *)(uintptr_t)path;
	argv[argc] = NULL;

	fflush(NULL);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	if ((pid = fork()) < 0) {
		s = cb_fail(err, CB_ERR, _("cannot start the editor: %s"),
		    strerror(errno));
	} else if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		/* The editor is the person's: never with the store group. */
		if (!cb_priv_drop_for_exec()) {
			fprintf(stderr, _("casebook: cannot give up the store "
			    "group before running the editor: %s\n"),
			    strerror(errno));
			_exit(127);
		}
		execvp(argv[0], argv);
		fprintf(stderr, _("casebook: cannot run the editor '%s': %s\n"),
		    argv[0], strerror(errno));
		_exit(127);
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				s = cb_fail(err, CB_ERR, _("waiting for the "
				    "editor: %s"), strerror(errno));
				break;
			}
		}
		if (s == CB_OK && (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0))
			s = cb_fail(err, CB_ERR, _("the editor '%s' failed (exit "
			    "status %d)"), argv[0],
			    WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status));
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(copy);
	return s;
}

/*
 * Drafts are the person's files, in their home: made and read with
 * their own rights, never the store group's (core/priv.h).
 */
static bool
as_user(void)
{
	bool raised = cb_priv_raised();

	cb_priv_lower();
	return raised;
}

static void
back_from_user(bool raised)
{
	if (raised)
		cb_priv_raise();
}

static char *draft_path(const char *store_dir, const char *name,
    struct cb_error *err);

char *
cb_draft_path(const char *store_dir, const char *name, struct cb_error *err)
{
	bool raised = as_user();
	char *path = draft_path(store_dir, name, err);

	back_from_user(raised);
	return path;
}

static char *
draft_path(const char *store_dir, const char *name, struct cb_error *err)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	unsigned char digest[CB_SHA1_LEN];
	struct cb_sha1 ctx;
	char hex[13], *dir, *path;

	if (state != NULL && state[0] == '/')
		dir = xasprintf("%s/casebook/drafts", state);
	else
		dir = xasprintf("%s/.local/state/casebook/drafts",
		    home != NULL && *home != '\0' ? home : "/tmp");
	/* mkdir -p: each level, the last private. */
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(dir, c == '\0' ? 0700 : 0755) != 0 &&
			    errno != EEXIST) {
				cb_fail(err, CB_ERR, _("%s: cannot make the drafts "
				    "folder: %s"), dir, strerror(errno));
				free(dir);
				return NULL;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	cb_sha1_init(&ctx);
	cb_sha1_update(&ctx, store_dir, strlen(store_dir));
	cb_sha1_final(&ctx, digest);
	for (int i = 0; i < 6; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	path = xasprintf("%s/%s-%s.md", dir, hex, name);
	free(dir);
	return path;
}

static char *
slurp(int fd, size_t *len)
{
	struct cb_buf b = { 0 };
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cb_buf_free(&b);
			return NULL;
		}
		cb_buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	if (b.data == NULL)
		return xstrdup("");
	return cb_buf_detach(&b);
}

static bool
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

static enum cb_status edit_draft(const char *path, const char *initial,
    size_t ilen, char **out, size_t *olen, bool *restored,
    struct cb_error *err);

enum cb_status
cb_edit_draft(const char *path, const char *initial, size_t ilen, char **out,
    size_t *olen, bool *restored, struct cb_error *err)
{
	bool raised = as_user();
	enum cb_status s = edit_draft(path, initial, ilen, out, olen, restored,
	    err);

	back_from_user(raised);
	return s;
}

/*
 * The draft taken by this process: an exclusive flock on PATH.lock, which
 * holds the taker's process id for the refusal's message.  flock, not a
 * file made with O_EXCL: a casebook killed while its editor runs leaves
 * no lock behind (the kernel drops it with the process).  The lock file
 * itself stays (removing it would let two processes lock two files of
 * one name).  Returns the descriptor to close, or -1 with err.
 */
static int
take_draft(const char *path, struct cb_error *err)
{
	char *lock = xasprintf("%s.lock", path), pid[32];
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	ssize_t n;

	if (fd < 0) {
		cb_fail(err, CB_ERR, _("%s: cannot lock the draft: %s"), lock,
		    strerror(errno));
		free(lock);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		long other = 0;

		if ((n = pread(fd, pid, sizeof pid - 1, 0)) > 0) {
			pid[n] = '\0';
			other = strtol(pid, NULL, 10);
		}
		if (other > 0)
			cb_fail(err, CB_ECONFLICT, _("this text is being written "
			    "in another casebook (process %ld, perhaps in another "
			    "terminal), in the draft %s: finish or quit that "
			    "editor first; nothing was changed"), other, path);
		else
			cb_fail(err, CB_ECONFLICT, _("this text is being written "
			    "in another casebook, in the draft %s: finish or quit "
			    "that editor first; nothing was changed"), path);
		close(fd);
		free(lock);
		return -1;
	}
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, strlen(pid), 0);
	free(lock);
	return fd;
}

bool
cb_draft_taken(const char *path)
{
	bool raised = as_user();
	struct cb_error err;
	int fd = take_draft(path, &err);

	if (fd >= 0)
		close(fd);
	back_from_user(raised);
	return fd < 0 && err.status == CB_ECONFLICT;
}

static enum cb_status edit_locked(const char *path, const char *initial,
    size_t ilen, char **out, size_t *olen, bool *restored,
    struct cb_error *err);

static enum cb_status
edit_draft(const char *path, const char *initial, size_t ilen, char **out,
    size_t *olen, bool *restored, struct cb_error *err)
{
	int lock;
	enum cb_status s;

	*out = NULL;
	*olen = 0;
	*restored = false;
	if ((lock = take_draft(path, err)) < 0)
		return err->status;
	s = edit_locked(path, initial, ilen, out, olen, restored, err);
	close(lock);
	return s;
}

enum cb_status
cb_draft_append(const char *path, const char *text, struct cb_error *err)
{
	bool raised = as_user();
	enum cb_status s = CB_OK;
	mode_t old = umask(077);
	int lock = take_draft(path, err), fd;
	struct stat sb;

	if (lock < 0)
		s = err->status;
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) < 0 || fstat(fd, &sb) != 0 ||
	    (sb.st_size > 0 && !write_all(fd, "\n\n", 2)) ||
	    !write_all(fd, text, strlen(text))) {
		s = cb_fail(err, CB_ERR, _("%s: cannot write the draft: %s"),
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else
		close(fd);
	if (lock >= 0)
		close(lock);
	umask(old);
	back_from_user(raised);
	return s;
}

static enum cb_status
edit_locked(const char *path, const char *initial, size_t ilen, char **out,
    size_t *olen, bool *restored, struct cb_error *err)
{
	struct stat sb;
	size_t len;
	char *text;
	int fd;

	*restored = stat(path, &sb) == 0 && sb.st_size > 0;
	if (!*restored) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return cb_fail(err, CB_ERR, _("%s: cannot make the draft: %s"),
			    path, strerror(errno));
		if (!write_all(fd, initial != NULL ? initial : "", ilen)) {
			close(fd);
			return cb_fail(err, CB_ERR, _("%s: cannot write the draft: "
			    "%s"), path, strerror(errno));
		}
		close(fd);
	}
	if (cb_run_editor(path, err) != CB_OK) {
		char *why = xstrdup(err->msg);

		cb_fail(err, CB_ERR, _("%s; the text is kept in %s and offered "
		    "again next time"), why, path);
		free(why);
		return CB_ERR;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (text = slurp(fd, &len)) == NULL) {
		enum cb_status s = cb_fail(err, CB_ERR, _("%s: cannot read the "
		    "draft: %s"), path, strerror(errno));

		if (fd >= 0)
			close(fd);
		return s;
	}
	close(fd);
	/* Trailing newlines are the editor's, not the writer's. */
	while (len > 0 && text[len - 1] == '\n')
		len--;
	text[len] = '\0';
	*out = text;
	*olen = len;
	return CB_OK;
}

void
cb_draft_done(const char *path)
{
	bool raised = as_user();

	(void)unlink(path);
	back_from_user(raised);
}
