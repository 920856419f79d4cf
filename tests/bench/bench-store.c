/*
 * bench-store: the store's performance figures, run by tests/bench/run.sh
 * (make bench), never by make check.
 *
 * One subcommand per step; each prints "name: value unit" lines on stdout
 * (progress goes to stderr):
 *
 *   create STORE N LABEL [fast]   N cb_store_create calls (fast: objects
 *                                 not fsynced, for building big records)
 *   notes STORE N LABEL SEED [nofsync]
 *                                 N durable cb_store_note calls on random
 *                                 incidents, in one open store (as the TUI);
 *                                 nofsync: libgit2's fsync off, to compare
 *   fsync DIR N                   the disk: N times a 300-byte file created,
 *                                 written and fsynced, then its folder
 *   cmdnote CASEBOOK STORE N LABEL SEED
 *                                 N runs of "casebook note ID -m TEXT"
 *   run N LABEL [--nowarm] [--rss] -- ARGV...
 *                                 N timed runs of a command (stdout to
 *                                 /dev/null; one untimed run first unless
 *                                 --nowarm; --rss: and its peak RSS)
 *   rss N LABEL -- ARGV...        the peak RSS of a command (largest of N)
 *   worktree DIR M                a work-tree Git repository with M incident
 *                                 folders, one commit, packed by git gc
 *   gitnote DIR M N LABEL [GITOPT...]
 *                                 N notes written as Markdown files, then
 *                                 "git add" + "git commit -q", timed together
 *   gen STORE N [PROGRESS]        a record of N incidents with one note
 *                                 each, written with libgit2 in one commit
 *                                 (then "casebook reindex" builds the index)
 *   history STORE ID REVS COMMITS make ID have REVS commits and the record
 *                                 COMMITS commits, with casebook's own
 *                                 writes (objects not fsynced)
 *
 * Times are wall-clock (CLOCK_MONOTONIC); the median is the middle value
 * (mean of the two middle ones for an even count) and p99 the nearest-rank
 * 99th percentile (with fewer than 100 runs, that is the slowest run).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/mempack.h>

#include "core/incident.h"
#include "core/layout.h"
#include "store/store.h"

/* The term searched for, and words that must not occur by accident. */
#define TERM "不正侵入"
#define RARE "踏み台サーバ"

/* --- small helpers ------------------------------------------------------ */

static void
die(const char *fmt, ...) CB_PRINTF(1, 2) CB_NORETURN;

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench-store: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
check(enum cb_status s, const struct cb_error *err, const char *what)
{
	if (s != CB_OK)
		die("%s: %s", what, err->msg);
}

static void
gcheck(int rc, const char *what)
{
	const git_error *e;

	if (rc >= 0)
		return;
	e = git_error_last();
	die("%s: %s", what, e != NULL ? e->message : "libgit2 error");
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static void
rng_seed(unsigned long seed)
{
	rng_state = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seed * 0xbf58476d1ce4e5b9ULL);
	if (rng_state == 0)
		rng_state = 1;
}

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned
rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static long
num_arg(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		die("%s: '%s' is not a number", what, s);
	return v;
}

/* --- statistics --------------------------------------------------------- */

struct samples {
	double *v;
	size_t n, cap;
};

static void
sample_add(struct samples *s, double ms)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = ms;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(struct samples *s)
{
	if (s->n == 0)
		return 0;
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	return s->n % 2 ? s->v[s->n / 2] :
	    (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

/* Nearest rank: the smallest value with pct percent of them at or below. */
static double
percentile(struct samples *s, unsigned pct)
{
	size_t k;

	if (s->n == 0)
		return 0;
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	k = (pct * s->n + 99) / 100;
	return s->v[k < 1 ? 0 : k - 1];
}

static void
report(const char *label, struct samples *s)
{
	double sum = 0;

	for (size_t i = 0; i < s->n; i++)
		sum += s->v[i];
	printf("%s.median: %.2f ms\n", label, median(s));
	printf("%s.p99: %.2f ms\n", label, percentile(s, 99));
	printf("%s.mean: %.2f ms\n", label, sum / (double)s->n);
	printf("%s.runs: %zu runs\n", label, s->n);
	fflush(stdout);
}

/* --- generated content ---------------------------------------------------- */

static const char *const titles[] = {
	"Phishing mail to the accounting office",
	"Defacement of the department web site",
	"Malware alert on a staff laptop",
	"Port scan from an outside network",
	"DoS on the portal",
	"不審なメールの報告",
	"ランサムウェア感染の疑い",
	"VPN機器へのアクセス試行",
	"研究室サーバのマルウェア検知",
	"学外からのポートスキャン",
	"Web改ざんの通報",
	"Suspicious login from abroad",
};

static const char *const departments[] = {
	"Engineering", "Medicine", "Letters", "Science", "Law", "Library",
	"情報基盤センター", "工学部", "医学部附属病院", "事務局",
};

static const char *const class_sets[] = {
	"phishing", "defacement", "malware-site", "scan", "dos", "targeted",
	"intrusion", "malware", "policy", "other", "phishing,targeted",
	"malware,intrusion",
};

/*
 * Note fragments: none contains TERM or RARE, none ends with the start of
 * either or starts with the rest, so that they occur only where put.
 */
static const char *const fragments[] = {
	"Checked the firewall log for %u.%u.%u.%u. ",
	"プロキシのログを確認した。",
	"EDRのアラートを調査中。",
	"利用者にパスワードの変更を依頼した。",
	"Hash %08x%08x matched a known sample. ",
	"外部からの不審な通信を遮断した。",
	"Contacted the head of the department. ",
	"侵入経路はまだ分かっていない。",
	"メールのヘッダを解析した。送信元は海外のサーバ。",
	"Reimaged the machine and restored from backup. ",
	"管理者アカウントのログイン履歴を確認。",
	"No data left the network as far as we can tell. ",
	"ネットワークから隔離済み。",
	"CVE-2024-%u may apply; vendor asked. ",
	"ログの保存期間を延長するよう依頼した。",
	"Reported to the CSIRT of the parent organisation. ",
};

#define NFRAGMENTS (sizeof fragments / sizeof fragments[0])

static void
add_fragment(struct cb_buf *b)
{
	unsigned f = rndn(NFRAGMENTS);

	switch (f) {
	case 0:
		cb_buf_printf(b, fragments[f], 10 + rndn(200), rndn(256),
		    rndn(256), 1 + rndn(254));
		break;
	case 4:
		cb_buf_printf(b, fragments[f], (unsigned)rnd(), (unsigned)rnd());
		break;
	case 13:
		cb_buf_printf(b, fragments[f], 1000 + rndn(40000));
		break;
	default:
		cb_buf_adds(b, fragments[f]);
	}
}

/* A notebook entry of 3 to 8 fragments; word, when set, is put inside. */
static char *
note_text(const char *word)
{
	struct cb_buf b = { 0 };
	unsigned n = 3 + rndn(6), at = rndn(n);

	cb_buf_printf(&b, "## %s\n\n", rndn(2) ? "Findings" : "調査メモ");
	for (unsigned i = 0; i < n; i++) {
		if (word != NULL && i == at)
			cb_buf_printf(&b, "%sの可能性あり。", word);
		add_fragment(&b);
	}
	cb_buf_adds(&b, "\n");
	return cb_buf_detach(&b);
}

static void
make_incident(struct cb_incident *inc, unsigned i, bool phases)
{
	struct cb_error err;
	char hosts[128];
	unsigned u = rndn(100);

	cb_incident_init(inc);
	free(inc->title);
	inc->title = xasprintf("%s (%u)", titles[rndn(sizeof titles /
	    sizeof titles[0])], i);
	free(inc->department);
	inc->department = xstrdup(departments[rndn(sizeof departments /
	    sizeof departments[0])]);
	free(inc->reporter);
	inc->reporter = xasprintf("reporter%u@example.ac.jp", rndn(500));
	check(cb_incident_set(inc, "classes", class_sets[rndn(sizeof
	    class_sets / sizeof class_sets[0])], &err), &err, "classes");
	snprintf(hosts, sizeof hosts, "pc-%05u.example.ac.jp,%u.%u.%u.%u",
	    rndn(60000), 10 + rndn(200), rndn(256), rndn(256), 1 + rndn(254));
	check(cb_incident_set(inc, "hosts", hosts, &err), &err, "hosts");
	inc->urgency = u < 5 ? CB_URGENCY_IMMEDIATE : u < 25 ? CB_URGENCY_HIGH :
	    u < 80 ? CB_URGENCY_NORMAL : CB_URGENCY_LOW;
	if (phases) {
		/* An old record: most incidents are closed. */
		unsigned p = rndn(100);

		inc->phase = p < 85 ? CB_PHASE_CLOSED :
		    (enum cb_phase)rndn(CB_PHASE_CLOSED);
		if (inc->phase > CB_PHASE_TRIAGE)
			inc->severity = (enum cb_severity)(1 + rndn(3));
		if (inc->phase > CB_PHASE_INTAKE)
			check(cb_incident_set(inc, "assignees", rndn(2) ?
			    "alice" : "bob,carol", &err), &err, "assignees");
	}
}

struct ids {
	char (*v)[CB_ID_MAX];
	size_t n;
};

static int
collect_id(const struct cb_row *r, void *arg)
{
	struct ids *ids = arg;

	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
	snprintf(ids->v[ids->n++], CB_ID_MAX, "%s", r->id);
	return 0;
}

static void
all_ids(struct cb_store *st, struct ids *ids)
{
	struct cb_query q = { NULL, true, 0, NULL };
	struct cb_error err;

	ids->v = NULL;
	ids->n = 0;
	check(cb_store_list(st, &q, collect_id, ids, &err), &err, "list");
	if (ids->n == 0)
		die("%s: no incidents", cb_store_dir(st));
}

/* --- running commands ------------------------------------------------------ */

/*
 * Runs argv (in dir when not NULL), stdout to /dev/null; returns the wall
 * time in ms and the child's rusage.  Dies when the command fails.
 *
 * hwm: for a peak RSS figure.  The kernel counts in a child's ru_maxrss
 * the peak of the memory it had before exec, which for posix_spawn (vfork)
 * is this process's; so fork instead, and let the child reset its high-
 * water mark (/proc/self/clear_refs, "5") before exec.  What remains of
 * this process in the figure is what the forked child still holds of it
 * (see cmd_rss, which prints that for "true").
 */
static double
run_ru(char *const argv[], const char *dir, struct rusage *ru, bool hwm)
{
	posix_spawn_file_actions_t fa;
	double t0, t1;
	pid_t pid;
	int status, rc;

	fflush(NULL);
	t0 = now_ms();
	if (hwm) {
		if ((pid = fork()) < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			int fd = open("/proc/self/clear_refs", O_WRONLY);
			int null = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				if (write(fd, "5", 1) < 0)
					_exit(126);
				close(fd);
			}
			if (null < 0 || dup2(null, 1) < 0 ||
			    (dir != NULL && chdir(dir) < 0))
				_exit(126);
			execvp(argv[0], argv);
			_exit(127);
		}
	} else {
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
		    0);
		if (dir != NULL)
			posix_spawn_file_actions_addchdir_np(&fa, dir);
		rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (rc != 0)
			die("%s: %s", argv[0], strerror(rc));
	}
	while (wait4(pid, &status, 0, ru) < 0)
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	t1 = now_ms();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-store: command failed (status %d):",
		    status);
		for (size_t i = 0; argv[i] != NULL; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
		exit(1);
	}
	return t1 - t0;
}

static double
run_timed(char *const argv[], const char *dir)
{
	struct rusage ru;

	return run_ru(argv, dir, &ru, false);
}

/* --- create ------------------------------------------------------------------ */

static int
count_row(const struct cb_row *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

static int
cmd_create(int argc, char **argv)
{
	struct cb_query q = { NULL, true, 0, NULL };
	struct cb_identity me;
	struct samples s = { 0 };
	struct cb_store *st;
	struct cb_error err;
	const char *dir, *label;
	bool existed, fast;
	long n, have = 0;
	double t0, total;

	if (argc < 4)
		die("usage: create STORE N LABEL [fast]");
	dir = argv[1];
	n = num_arg(argv[2], "N");
	label = argv[3];
	fast = argc > 4 && strcmp(argv[4], "fast") == 0;
	check(cb_store_init(dir, NULL, &existed, &err), &err, "init");
	check(cb_store_open(dir, &st, &err), &err, "open");
	check(cb_store_list(st, &q, count_row, &have, &err), &err, "list");
	/* Starts libgit2 for this store, which turns fsync on. */
	check(cb_store_identity(st, &me, &err), &err, "identity");
	if (fast)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	rng_seed((unsigned long)have + 1);
	t0 = now_ms();
	for (long i = 0; i < n; i++) {
		struct cb_incident inc;
		char id[CB_ID_MAX];
		double t;

		make_incident(&inc, (unsigned)(have + i + 1), false);
		t = now_ms();
		check(cb_store_create(st, &inc, id, &err), &err, "create");
		sample_add(&s, now_ms() - t);
		cb_incident_free(&inc);
		if ((i + 1) % 1000 == 0)
			fprintf(stderr, "  %s: %ld/%ld (%s)\n", label, i + 1, n, id);
	}
	total = now_ms() - t0;
	cb_store_close(st);
	if (fast)
		sync();
	report(label, &s);
	printf("%s.rate: %.0f incidents/s\n", label, (double)n / total * 1e3);
	printf("%s.total: %.1f s\n", label, total / 1e3);
	printf("%s.incidents_after: %ld incidents\n", label, have + n);
	free(s.v);
	return 0;
}

/* --- note saves ------------------------------------------------------------- */

static int
cmd_notes(int argc, char **argv)
{
	struct samples s = { 0 };
	struct cb_store *st;
	struct cb_error err;
	struct ids ids;
	long n;

	if (argc != 5 && argc != 6)
		die("usage: notes STORE N LABEL SEED [nofsync]");
	n = num_arg(argv[2], "N");
	rng_seed((unsigned long)num_arg(argv[4], "SEED"));
	check(cb_store_open(argv[1], &st, &err), &err, "open");
	all_ids(st, &ids);
	if (argc == 6 && strcmp(argv[5], "nofsync") == 0) {
		struct cb_identity me;

		/* For comparison only: what the save costs without fsync. */
		check(cb_store_identity(st, &me, &err), &err, "identity");
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	}
	for (long i = 0; i < n; i++) {
		const char *id = ids.v[rndn((unsigned)ids.n)];
		char *text = note_text(NULL);
		double t = now_ms();

		check(cb_store_note(st, id, text, strlen(text), &err), &err,
		    "note");
		sample_add(&s, now_ms() - t);
		free(text);
	}
	cb_store_close(st);
	printf("%s.incidents: %zu incidents\n", argv[3], ids.n);
	report(argv[3], &s);
	free(ids.v);
	free(s.v);
	return 0;
}

static int
cmd_cmdnote(int argc, char **argv)
{
	struct samples s = { 0 };
	struct cb_store *st;
	struct cb_error err;
	struct ids ids;
	long n;

	if (argc != 6)
		die("usage: cmdnote CASEBOOK STORE N LABEL SEED");
	n = num_arg(argv[3], "N");
	rng_seed((unsigned long)num_arg(argv[5], "SEED"));
	check(cb_store_open(argv[2], &st, &err), &err, "open");
	all_ids(st, &ids);
	cb_store_close(st);
	for (long i = -1; i < n; i++) {
		char store_opt[] = "--store", note[] = "note", m[] = "-m";
		char *id = ids.v[rndn((unsigned)ids.n)];
		char *text = note_text(NULL);
		char *av[] = { argv[1], store_opt, argv[2], note, id, m, text,
		    NULL };
		double t = run_timed(av, NULL);

		if (i >= 0)	/* the first run warms the page cache */
			sample_add(&s, t);
		free(text);
	}
	printf("%s.incidents: %zu incidents\n", argv[4], ids.n);
	report(argv[4], &s);
	free(ids.v);
	free(s.v);
	return 0;
}

static int
cmd_run(int argc, char **argv)
{
	struct samples s = { 0 };
	struct rusage ru;
	long n, first = -1, maxrss = 0;
	bool rss = false;
	int a = 3;

	for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-' &&
	    argv[a][2] != '\0'; a++) {
		if (strcmp(argv[a], "--nowarm") == 0)
			first = 0;
		else if (strcmp(argv[a], "--rss") == 0)
			rss = true;
		else
			die("run: unknown option %s", argv[a]);
	}
	if (argc < a + 2 || strcmp(argv[a], "--") != 0)
		die("usage: run N LABEL [--nowarm] [--rss] -- ARGV...");
	n = num_arg(argv[1], "N");
	for (long i = first; i < n; i++) {
		double t = run_ru(argv + a + 1, NULL, &ru, rss);

		if (i >= 0)
			sample_add(&s, t);
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	report(argv[2], &s);
	if (rss)
		printf("%s.peak_rss: %.1f MiB\n", argv[2], (double)maxrss / 1024);
	free(s.v);
	return 0;
}

/* The peak RSS of a command, the largest of N runs. */
static int
cmd_rss(int argc, char **argv)
{
	struct rusage ru;
	long n, max = 0;
	char t[] = "true";
	char *av[] = { t, NULL };

	if (argc < 5 || strcmp(argv[3], "--") != 0)
		die("usage: rss N LABEL -- ARGV...");
	n = num_arg(argv[1], "N");
	for (long i = 0; i < n; i++) {
		run_ru(argv + 4, NULL, &ru, true);
		if (ru.ru_maxrss > max)
			max = ru.ru_maxrss;
	}
	printf("%s.peak_rss: %.1f MiB\n", argv[2], (double)max / 1024);
	/* The same measure of a program that does next to nothing. */
	run_ru(av, NULL, &ru, true);
	fprintf(stderr, "  (%s: largest of %ld runs; the same measure of "
	    "'true': %.1f MiB)\n", argv[2], n, (double)ru.ru_maxrss / 1024);
	return 0;
}

/* --- the work-tree repository that teams keep without casebook ----------- */

static void
mkdirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *slash = strchr(p + 1, '/'); ; slash = strchr(slash + 1,
	    '/')) {
		if (slash != NULL)
			*slash = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			die("%s: %s", p, strerror(errno));
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(p);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("%s: cannot write", path);
}

static int
year_now(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

static void
git(const char *dir, const char *const *args)
{
	char *av[16];
	size_t n = 0;

	av[n++] = xstrdup("git");
	for (; *args != NULL && n < 15; args++)
		av[n++] = xstrdup(*args);
	av[n] = NULL;
	run_timed(av, dir);
	for (size_t i = 0; i < n; i++)
		free(av[i]);
}

static int
cmd_worktree(int argc, char **argv)
{
	static const char *const init[] = { "init", "-q", "-b", "main", NULL };
	static const char *const name[] = { "config", "user.name", "Bench",
	    NULL };
	static const char *const email[] = { "config", "user.email",
	    "bench@example.ac.jp", NULL };
	static const char *const add[] = { "add", "-A", NULL };
	/* No background gc racing the one run next. */
	static const char *const commit[] = { "-c", "gc.auto=0", "commit",
	    "-q", "-m", "incidents", NULL };
	static const char *const gc[] = { "gc", "-q", NULL };
	const char *dir;
	long m;
	int year = year_now();
	double t0 = now_ms();

	if (argc != 3)
		die("usage: worktree DIR M");
	dir = argv[1];
	m = num_arg(argv[2], "M");
	rng_seed(7);
	mkdirs(dir);
	for (long i = 1; i <= m; i++) {
		struct cb_incident inc;
		char *folder, *folder_file, *path, *json;

		make_incident(&inc, (unsigned)i, false);
		cb_id_format(inc.id, year, (int)i);
		cb_time_format(time(NULL), inc.created);
		memcpy(inc.updated, inc.created, sizeof inc.updated);
		folder = cb_layout_dir(inc.id);
		path = xasprintf("%s/%s", dir, folder);
		mkdirs(path);
		free(path);
		folder_file = cb_layout_incident(inc.id);
		path = xasprintf("%s/%s", dir, folder_file);
		free(folder_file);
		json = cb_incident_to_json(&inc);
		write_file(path, json, strlen(json));
		free(json);
		free(path);
		free(folder);
		cb_incident_free(&inc);
	}
	git(dir, init);
	git(dir, name);
	git(dir, email);
	git(dir, add);
	git(dir, commit);
	git(dir, gc);
	printf("worktree.build_%ld: %.1f s\n", m, (now_ms() - t0) / 1e3);
	return 0;
}

static int
cmd_gitnote(int argc, char **argv)
{
	struct samples s = { 0 };
	const char *dir, *label;
	int year = year_now();
	long m, n;

	if (argc < 5)
		die("usage: gitnote DIR M N LABEL [GITOPT...]");
	dir = argv[1];
	m = num_arg(argv[2], "M");
	n = num_arg(argv[3], "N");
	label = argv[4];
	rng_seed(11);
	for (long i = -1; i < n; i++) {
		char id[CB_ID_MAX], stamp[32], *folder, *nbdir, *path, *rel, *msg;
		char s_git[] = "git", s_add[] = "add", s_commit[] = "commit";
		char s_q[] = "-q", s_m[] = "-m";
		char *av[32];
		size_t k = 0, extra;
		struct timespec ts;
		struct tm tm;
		char *text = note_text(NULL);
		double t0;

		cb_id_format(id, year, (int)(1 + rndn((unsigned)m)));
		folder = cb_layout_dir(id);
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
		rel = xasprintf("%s/" CB_LAYOUT_NOTEBOOK "/%s.%06ldZ-bench.md",
		    folder, stamp, ts.tv_nsec / 1000);
		nbdir = xasprintf("%s/%s/" CB_LAYOUT_NOTEBOOK, dir, folder);
		path = xasprintf("%s/%s", dir, rel);
		msg = xasprintf("%s: note", id);

		t0 = now_ms();
		mkdirs(nbdir);
		write_file(path, text, strlen(text));
		av[k++] = s_git;
		for (int j = 5; j < argc && k < 24; j++)
			av[k++] = argv[j];
		extra = k;
		av[k++] = s_add;
		av[k++] = rel;
		av[k] = NULL;
		run_timed(av, dir);
		k = extra;
		av[k++] = s_commit;
		av[k++] = s_q;
		av[k++] = s_m;
		av[k++] = msg;
		av[k] = NULL;
		run_timed(av, dir);
		if (i >= 0)
			sample_add(&s, now_ms() - t0);
		free(text);
		free(folder);
		free(rel);
		free(nbdir);
		free(path);
		free(msg);
	}
	printf("%s.incidents: %ld incidents\n", label, m);
	report(label, &s);
	free(s.v);
	return 0;
}

/* --- the disk ------------------------------------------------------------ */

static int
cmd_fsync(int argc, char **argv)
{
	struct samples file = { 0 }, folder = { 0 };
	char buf[300];
	long n;
	int dfd;

	if (argc != 3)
		die("usage: fsync DIR N");
	n = num_arg(argv[2], "N");
	mkdirs(argv[1]);
	memset(buf, 'x', sizeof buf);
	if ((dfd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0)
		die("%s: %s", argv[1], strerror(errno));
	for (long i = 0; i < n; i++) {
		char *path = xasprintf("%s/f%ld", argv[1], i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		double t;

		if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
			die("%s: %s", path, strerror(errno));
		t = now_ms();
		if (fsync(fd) < 0)
			die("fsync: %s", strerror(errno));
		sample_add(&file, now_ms() - t);
		close(fd);
		t = now_ms();
		if (fsync(dfd) < 0)
			die("fsync: %s", strerror(errno));
		sample_add(&folder, now_ms() - t);
		free(path);
	}
	close(dfd);
	report("disk.fsync_file", &file);
	report("disk.fsync_folder", &folder);
	free(file.v);
	free(folder.v);
	return 0;
}

/* --- a big record written directly --------------------------------------------- */

/*
 * The record casebook would have after N creates and N notes, in one
 * commit: incidents/YYYY/HH/ID/incident.json (canonical JSON from
 * cb_incident_to_json) and notebook/STAMP.uuuuuuZ-LOGIN.md, objects kept
 * in memory and written as one pack.  Incidents are created 5 minutes
 * apart from January 1st of this year; one note in 100 contains TERM and
 * one in 10,000 RARE.
 */
static int
cmd_gen(int argc, char **argv)
{
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *mem;
	git_odb_writepack *wp;
	git_indexer_progress stats;
	git_treebuilder *year_tb, *hund_tb = NULL;
	git_oid tip, oid, tree_id, commit_id;
	git_commit *parent;
	git_tree *root_tree;
	git_signature *sig;
	git_buf pack = { 0 };
	struct cb_error err;
	struct tm tm0;
	const char *dir;
	char *git_dir, *msg;
	bool existed;
	long n;
	int year = year_now(), cur_hund = -1;
	time_t base;
	double t0 = now_ms(), t1;

	if (argc != 3 && argc != 4)
		die("usage: gen STORE N [PROGRESS]");
	dir = argv[1];
	n = num_arg(argv[2], "N");
	rng_seed(3);
	check(cb_store_init(dir, NULL, &existed, &err), &err, "init");
	if (existed)
		die("%s: gen wants a new store", dir);
	memset(&tm0, 0, sizeof tm0);
	tm0.tm_year = year - 1900;
	tm0.tm_mday = 1;
	base = timegm(&tm0);

	git_dir = xasprintf("%s/record.git", dir);
	gcheck(git_repository_open_bare(&repo, git_dir), git_dir);
	gcheck(git_repository_odb(&odb, repo), "odb");
	gcheck(git_mempack_new(&mem), "mempack");
	gcheck(git_odb_add_backend(odb, mem, 999), "mempack");
	gcheck(git_treebuilder_new(&year_tb, repo, NULL), "treebuilder");

	for (long i = 1; i <= n; i++) {
		struct cb_incident inc;
		git_treebuilder *inc_tb, *nb_tb;
		git_oid json_id, note_id, nb_id, inc_id;
		char name[64], stamp[32];
		time_t created = base + (time_t)(i - 1) * 300, at;
		struct tm tm;
		char *json, *text;
		int hund = (int)(i / 100);

		if (hund != cur_hund) {
			if (hund_tb != NULL) {
				snprintf(name, sizeof name, "%02d", cur_hund);
				gcheck(git_treebuilder_write(&oid, hund_tb), "tree");
				gcheck(git_treebuilder_insert(NULL, year_tb, name,
				    &oid, GIT_FILEMODE_TREE), "tree");
				git_treebuilder_free(hund_tb);
			}
			gcheck(git_treebuilder_new(&hund_tb, repo, NULL), "tree");
			cur_hund = hund;
		}
		make_incident(&inc, (unsigned)i, true);
		cb_id_format(inc.id, year, (int)i);
		cb_time_format(created, inc.created);
		at = created + 600 + (time_t)rndn(86400);
		cb_time_format(inc.phase == CB_PHASE_INTAKE ? created : at,
		    inc.updated);
		json = cb_incident_to_json(&inc);
		gcheck(git_blob_create_from_buffer(&json_id, repo, json,
		    strlen(json)), "blob");
		text = note_text(i % 100 == 50 ? TERM : i % 10000 == 5000 ?
		    RARE : NULL);
		gcheck(git_blob_create_from_buffer(&note_id, repo, text,
		    strlen(text)), "blob");
		gmtime_r(&at, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
		snprintf(name, sizeof name, "%s.%06uZ-%s.md", stamp,
		    rndn(1000000), rndn(3) ? "alice" : "bob");
		gcheck(git_treebuilder_new(&nb_tb, repo, NULL), "tree");
		gcheck(git_treebuilder_insert(NULL, nb_tb, name, &note_id,
		    GIT_FILEMODE_BLOB), "tree");
		gcheck(git_treebuilder_write(&nb_id, nb_tb), "tree");
		git_treebuilder_free(nb_tb);
		gcheck(git_treebuilder_new(&inc_tb, repo, NULL), "tree");
		gcheck(git_treebuilder_insert(NULL, inc_tb, CB_LAYOUT_INCIDENT,
		    &json_id, GIT_FILEMODE_BLOB), "tree");
		gcheck(git_treebuilder_insert(NULL, inc_tb, CB_LAYOUT_NOTEBOOK, &nb_id,
		    GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&inc_id, inc_tb), "tree");
		git_treebuilder_free(inc_tb);
		gcheck(git_treebuilder_insert(NULL, hund_tb, inc.id, &inc_id,
		    GIT_FILEMODE_TREE), "tree");
		free(json);
		free(text);
		cb_incident_free(&inc);
		if (argc > 3 && i % 20000 == 0)
			fprintf(stderr, "  gen: %ld/%ld\n", i, n);
	}
	if (hund_tb != NULL) {
		char name[16];

		snprintf(name, sizeof name, "%02d", cur_hund);
		gcheck(git_treebuilder_write(&oid, hund_tb), "tree");
		gcheck(git_treebuilder_insert(NULL, year_tb, name, &oid,
		    GIT_FILEMODE_TREE), "tree");
		git_treebuilder_free(hund_tb);
	}
	gcheck(git_treebuilder_write(&oid, year_tb), "tree");
	git_treebuilder_free(year_tb);

	/* On top of the tip cb_store_init made, as casebook would. */
	gcheck(git_reference_name_to_id(&tip, repo, "refs/heads/main"), "tip");
	gcheck(git_commit_lookup(&parent, repo, &tip), "tip");
	gcheck(git_commit_tree(&root_tree, parent), "tip");
	{
		git_treebuilder *incs_tb, *root_tb;
		git_oid incs_id;
		char name[16];

		snprintf(name, sizeof name, "%04d", year);
		gcheck(git_treebuilder_new(&incs_tb, repo, NULL), "tree");
		gcheck(git_treebuilder_insert(NULL, incs_tb, name, &oid,
		    GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&incs_id, incs_tb), "tree");
		git_treebuilder_free(incs_tb);
		gcheck(git_treebuilder_new(&root_tb, repo, root_tree), "tree");
		gcheck(git_treebuilder_insert(NULL, root_tb, CB_LAYOUT_ROOT,
		    &incs_id, GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&tree_id, root_tb), "tree");
		git_treebuilder_free(root_tb);
	}
	git_tree_free(root_tree);
	{
		git_tree *tree;
		const git_commit *parents[1] = { parent };

		gcheck(git_tree_lookup(&tree, repo, &tree_id), "tree");
		gcheck(git_signature_now(&sig, "Casebook Bench",
		    "bench@example.ac.jp"), "signature");
		msg = xasprintf("bench: %ld generated incidents with one note "
		    "each\n\nCasebook-Action: import\n", n);
		gcheck(git_commit_create(&commit_id, repo, NULL, sig, sig,
		    "UTF-8", msg, tree, 1, parents), "commit");
		free(msg);
		git_tree_free(tree);
		git_signature_free(sig);
	}
	t1 = now_ms();
	fprintf(stderr, "  gen: objects built in %.1f s; writing the pack\n",
	    (t1 - t0) / 1e3);

	gcheck(git_mempack_dump(&pack, repo, mem), "pack");
	gcheck(git_odb_write_pack(&wp, odb, NULL, NULL), "pack");
	memset(&stats, 0, sizeof stats);
	gcheck(wp->append(wp, pack.ptr, pack.size, &stats), "pack");
	gcheck(wp->commit(wp, &stats), "pack");
	wp->free(wp);
	printf("gen.pack_size: %.1f MB\n", (double)pack.size / 1e6);
	git_buf_dispose(&pack);
	gcheck(git_mempack_reset(mem), "mempack");
	{
		git_reference *ref;

		gcheck(git_reference_create_matching(&ref, repo,
		    "refs/heads/main", &commit_id, 1, &tip, "bench: generated"),
		    "moving the branch");
		git_reference_free(ref);
	}
	git_commit_free(parent);
	git_odb_free(odb);
	git_repository_free(repo);
	free(git_dir);
	sync();
	printf("gen.incidents: %ld incidents\n", n);
	printf("gen.notes: %ld notes (%ld containing " TERM ", %ld " RARE ")\n",
	    n, (n + 50) / 100, (n + 5000) / 10000);
	printf("gen.time: %.1f s\n", (now_ms() - t0) / 1e3);
	return 0;
}

/* --- history ------------------------------------------------------------------ */

static int
count_log(const struct cb_logent *e, void *arg)
{
	(void)e;
	(*(long *)arg)++;
	return 0;
}

static int
cmd_history(int argc, char **argv)
{
	git_repository *repo;
	git_revwalk *walk;
	git_oid oid;
	struct cb_identity me;
	struct cb_store *st;
	struct cb_error err;
	struct ids ids;
	const char *target;
	char *git_dir;
	long revs, commits, have = 0, have_revs = 0, need, need_revs, every;
	double t0 = now_ms();

	if (argc != 5)
		die("usage: history STORE ID REVS COMMITS");
	target = argv[2];
	revs = num_arg(argv[3], "REVS");
	commits = num_arg(argv[4], "COMMITS");
	git_dir = xasprintf("%s/record.git", argv[1]);
	gcheck(git_repository_open_bare(&repo, git_dir), git_dir);
	gcheck(git_revwalk_new(&walk, repo), "walk");
	gcheck(git_revwalk_push_ref(walk, "refs/heads/main"), "walk");
	while (git_revwalk_next(&oid, walk) == 0)
		have++;
	git_revwalk_free(walk);
	git_repository_free(repo);
	free(git_dir);

	check(cb_store_open(argv[1], &st, &err), &err, "open");
	check(cb_store_log(st, target, count_log, &have_revs, &err), &err,
	    "log");
	check(cb_store_identity(st, &me, &err), &err, "identity");
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	all_ids(st, &ids);
	need = commits - have;
	need_revs = revs - have_revs;
	if (need < need_revs)
		die("%ld commits wanted, the record has %ld already", commits,
		    have);
	every = need_revs > 0 ? need / need_revs : need + 1;
	rng_seed(5);
	for (long i = 0, done_revs = 0; i < need; i++) {
		bool mine = done_revs < need_revs && (i % every == every - 1 ||
		    need - i <= need_revs - done_revs);
		const char *id = target;
		bool changed;

		/* Other incidents only, so that the target gets REVS exactly. */
		while (!mine && strcmp(id, target) == 0)
			id = ids.v[rndn((unsigned)ids.n)];

		if (mine)
			done_revs++;
		if (mine ? done_revs % 3 != 0 : rndn(4) == 0) {
			static const char *const fields[] = { "urgency",
			    "assignees", "department" };
			static const char *const values[][2] = {
				{ "high", "normal" }, { "alice", "alice,bob" },
				{ "Engineering", "情報基盤センター" },
			};
			unsigned f = rndn(3);

			check(cb_store_set(st, id, fields[f], values[f][i % 2],
			    NULL, &changed, &err), &err, "set");
			if (!changed)
				check(cb_store_set(st, id, fields[f],
				    values[f][1 - i % 2], NULL, &changed, &err),
				    &err, "set");
		} else {
			char *text = note_text(NULL);

			check(cb_store_note(st, id, text, strlen(text), &err),
			    &err, "note");
			free(text);
		}
		if ((i + 1) % 2000 == 0)
			fprintf(stderr, "  history: %ld/%ld\n", i + 1, need);
	}
	have_revs = 0;
	check(cb_store_log(st, target, count_log, &have_revs, &err), &err,
	    "log");
	cb_store_close(st);
	sync();
	printf("history.incidents: %zu incidents\n", ids.n);
	printf("history.commits: %ld commits\n", commits);
	printf("history.revisions: %ld commits of %s\n", have_revs, target);
	printf("history.build: %.1f s\n", (now_ms() - t0) / 1e3);
	free(ids.v);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "create", cmd_create }, { "notes", cmd_notes },
		{ "cmdnote", cmd_cmdnote }, { "run", cmd_run },
		{ "rss", cmd_rss }, { "fsync", cmd_fsync },
		{ "worktree", cmd_worktree }, { "gitnote", cmd_gitnote },
		{ "gen", cmd_gen }, { "history", cmd_history },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		die("usage: bench-store COMMAND ARGS (see the source)");
	/* Held for the whole run, so that options set here stay set. */
	git_libgit2_init();
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	die("unknown command '%s'", argv[1]);
}
