#include "core/editor.h"
#include "core/priv.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
		s = cb_fail(err, CB_ERR, "cannot start the editor: %s",
		    strerror(errno));
	} else if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		/* The editor is the person's: never with the store group. */
		if (!cb_priv_drop_for_exec()) {
			fprintf(stderr, "casebook: cannot give up the store "
			    "group before running the editor: %s\n",
			    strerror(errno));
			_exit(127);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "casebook: cannot run the editor '%s': %s\n",
		    argv[0], strerror(errno));
		_exit(127);
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				s = cb_fail(err, CB_ERR, "waiting for the "
				    "editor: %s", strerror(errno));
				break;
			}
		}
		if (s == CB_OK && (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0))
			s = cb_fail(err, CB_ERR, "the editor '%s' failed (exit "
			    "status %d); nothing was saved", argv[0],
			    WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status));
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(copy);
	return s;
}
