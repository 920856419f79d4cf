/*
 * The terminal UI's figures (make bench-tui; never part of make check).
 *
 *   bench-tui gen STORE N NOTES
 *	A record of N incidents with NOTES notebook entries each, written
 *	with libgit2 in one commit as casebook would have written them
 *	(incidents/YYYY/HH/ID/incident.json from cb_incident_to_json,
 *	notebook/STAMP.uuuuuuZ-LOGIN.md), objects in packs of 10,000
 *	incidents; 85% closed.  Index it with 'casebook reindex'.
 *
 *   bench-tui drive CASEBOOK STORE
 *	Runs the real casebook on STORE in a pseudo-terminal of 120x40
 *	(TERM=xterm-256color, C.UTF-8), types keys and times each one from
 *	the write of the key to the last byte of the screen update it
 *	causes (the update is over when the terminal has been quiet for
 *	20 ms; the quiet time is not counted).  Prints "name: value unit"
 *	lines: start to the first full queue screen (the rows, the current
 *	tab's count, the key hints; "settled": the other tabs' counts too,
 *	which follow at once), moving down the queue,
 *	opening an incident, typing a filter, sorting by each column in
 *	turn and moving down the sorted queue (median and 99th
 *	percentile), and casebook's peak RSS (getrusage of the child).
 *
 *   bench-tui drive-alerts CASEBOOK STORE
 *	The same for the Alerts screen over a store of many alerts
 *	(bench-alerts-tui.sh): 'a' from the queue to the first full
 *	screen, moving down, paging, tabs, orders, a filter typed, a
 *	group opened and closed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/layout.h"
#include "store/store.h"

static void die(const char *fmt, ...) CB_PRINTF(1, 2) CB_NORETURN;

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench-tui: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void
gcheck(int rc, const char *what)
{
	if (rc < 0) {
		const git_error *e = git_error_last();

		die("%s: %s", what, e != NULL ? e->message : "libgit2 error");
	}
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static unsigned long rng = 7;

static unsigned
rndn(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng >> 33) % n);
}

/* --- samples --------------------------------------------------------------- */

struct samples {
	double *v;
	size_t n;
};

static void
sample(struct samples *s, double ms)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = ms;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *name, struct samples *s)
{
	size_t rank;

	if (s->n == 0)
		die("%s: no samples", name);
	qsort(s->v, s->n, sizeof *s->v, cmp);
	rank = (s->n * 99 + 99) / 100;	/* nearest rank */
	printf("%s.median: %.2f ms\n", name, s->v[(s->n - 1) / 2]);
	printf("%s.p99: %.2f ms\n", name, s->v[rank - 1]);
	printf("%s.max: %.2f ms\n", name, s->v[s->n - 1]);
	printf("%s.runs: %zu runs\n", name, s->n);
	fflush(stdout);
}

/* --- gen ------------------------------------------------------------------------ */

static const char *const titles[] = {
	"Phishing mail to the accounting office", "Port scan from outside",
	"Malware alert on a staff laptop", "Defacement of a lab web site",
	"不審なメールの報告", "ランサムウェア感染の疑い", "VPN機器へのアクセス試行",
	"研究室サーバのマルウェア検知", "学外からのポートスキャン",
	"Suspicious login from abroad", "Web改ざんの通報", "DoS on the portal",
};
static const char *const departments[] = {
	"Engineering", "Medicine", "Science", "Library", "情報基盤センター",
	"工学院", "理学院", "生命理工学院 事務部", "事務局",
};
static const char *const classes[] = {
	"phishing", "scan", "malware", "intrusion", "policy", "other",
	"malware,targeted", "intrusion,scan",
};
static const char *const fragments[] = {
	"Checked the firewall log. ", "プロキシのログを確認した。",
	"EDRのアラートを調査中。", "利用者にパスワードの変更を依頼した。",
	"Contacted the head of the department. ", "侵入経路はまだ分かっていない。",
	"ネットワークから隔離済み。", "No data left the network as far as we "
	"can tell. ", "Reimaged the machine and restored from backup. ",
	"管理者アカウントのログイン履歴を確認。",
};

static char *
note_text(unsigned k)
{
	struct cb_buf b = { 0 };
	unsigned n = 2 + rndn(4);

	cb_buf_printf(&b, "## %s %u\n\n", rndn(2) ? "Findings" : "調査メモ", k);
	for (unsigned i = 0; i < n; i++)
		cb_buf_adds(&b, fragments[rndn(sizeof fragments /
		    sizeof fragments[0])]);
	cb_buf_adds(&b, "\n");
	return cb_buf_detach(&b);
}

static void
make_incident(struct cb_incident *inc, unsigned i)
{
	struct cb_error err;
	char hosts[128];
	unsigned u = rndn(100), p = rndn(100);

	cb_incident_init(inc);
	free(inc->title);
	inc->title = xasprintf("%s (%u)", titles[rndn(sizeof titles /
	    sizeof titles[0])], i);
	free(inc->department);
	inc->department = xstrdup(departments[rndn(sizeof departments /
	    sizeof departments[0])]);
	if (cb_incident_set(inc, "classes", classes[rndn(sizeof classes /
	    sizeof classes[0])], &err) != CB_OK)
		die("%s", err.msg);
	snprintf(hosts, sizeof hosts, "pc-%05u.example.ac.jp,10.%u.%u.%u",
	    rndn(60000), rndn(256), rndn(256), 1 + rndn(254));
	if (cb_incident_set(inc, "hosts", hosts, &err) != CB_OK)
		die("%s", err.msg);
	inc->urgency = u < 5 ? CB_URGENCY_IMMEDIATE : u < 25 ?
	    CB_URGENCY_HIGH : u < 80 ? CB_URGENCY_NORMAL : CB_URGENCY_LOW;
	inc->phase = p < 85 ? CB_PHASE_CLOSED : (enum cb_phase)rndn(CB_PHASE_CLOSED);
	if (inc->phase > CB_PHASE_INTAKE &&
	    cb_incident_set(inc, "assignees", rndn(2) ? "alice" : "bob,carol",
	    &err) != CB_OK)
		die("%s", err.msg);
}

/*
 * The objects written since the last flush.  git_mempack_dump packs only
 * what is reachable from the commits the backend holds, so the objects
 * are packed here with a packbuilder, by id.
 */
static git_oid *pending;
static size_t npending, cappending;

static void
track(const git_oid *id)
{
	if (npending == cappending) {
		cappending = cappending ? 2 * cappending : 65536;
		pending = xrealloc(pending, cappending * sizeof *pending);
	}
	git_oid_cpy(&pending[npending++], id);
}

/* Writes the pending objects as one pack, and empties the backend. */
static void
flush_pack(git_repository *repo, git_odb *odb, git_odb_backend *mem)
{
	git_packbuilder *pb;

	gcheck(git_packbuilder_new(&pb, repo), "packbuilder");
	for (size_t i = 0; i < npending; i++)
		gcheck(git_packbuilder_insert(pb, &pending[i], NULL), "pack");
	gcheck(git_packbuilder_write(pb, NULL, 0, NULL, NULL), "pack");
	git_packbuilder_free(pb);
	npending = 0;
	gcheck(git_mempack_reset(mem), "mempack");
	gcheck(git_odb_refresh(odb), "odb");
}

static int
cmd_gen(int argc, char **argv)
{
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *mem;
	git_treebuilder *year_tb, *hund_tb = NULL;
	git_oid tip, oid, tree_id, commit_id;
	git_commit *parent;
	git_tree *root_tree, *tree;
	git_signature *sig;
	git_reference *ref;
	struct cb_error err;
	struct tm tm0, tm;
	char *git_dir, *msg, name[96], stamp[32];
	bool existed;
	long n, per, notes = 0;
	int year, cur_hund = -1;
	time_t base, now = time(NULL);
	double t0 = now_ms();
	long flush_every = getenv("BENCH_FLUSH") ? atol(getenv("BENCH_FLUSH")) :
	    10000;

	if (argc != 4)
		die("usage: gen STORE N NOTES-PER-INCIDENT");
	n = atol(argv[2]);
	per = atol(argv[3]);
	if (n < 1 || n > 999999 || per < 0)
		die("gen: bad N or NOTES");
	if (cb_store_init(argv[1], NULL, &existed, &err) != CB_OK)
		die("%s", err.msg);
	if (existed)
		die("%s: gen wants a new store", argv[1]);
	gmtime_r(&now, &tm);
	year = tm.tm_year + 1900;
	memset(&tm0, 0, sizeof tm0);
	tm0.tm_year = year - 1900;
	tm0.tm_mday = 1;
	base = timegm(&tm0);

	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	git_dir = xasprintf("%s/record.git", argv[1]);
	gcheck(git_repository_open_bare(&repo, git_dir), git_dir);
	gcheck(git_repository_odb(&odb, repo), "odb");
	gcheck(git_mempack_new(&mem), "mempack");
	gcheck(git_odb_add_backend(odb, mem, 999), "mempack");
	gcheck(git_treebuilder_new(&year_tb, repo, NULL), "tree");

	for (long i = 1; i <= n; i++) {
		struct cb_incident inc;
		git_treebuilder *inc_tb, *nb_tb;
		git_oid json_id, blob_id, nb_id, inc_id;
		time_t created = base + (time_t)(i - 1) * (250 * 100000 / n);
		int hund = (int)(i / 100);
		char *json;

		if (hund != cur_hund) {
			if (hund_tb != NULL) {
				snprintf(name, sizeof name, "%02d", cur_hund);
				gcheck(git_treebuilder_write(&oid, hund_tb), "tree");
				track(&oid);
				gcheck(git_treebuilder_insert(NULL, year_tb, name,
				    &oid, GIT_FILEMODE_TREE), "tree");
				git_treebuilder_free(hund_tb);
			}
			gcheck(git_treebuilder_new(&hund_tb, repo, NULL), "tree");
			cur_hund = hund;
		}
		make_incident(&inc, (unsigned)i);
		cb_id_format(inc.id, year, (int)i);
		cb_time_format(created, inc.created);
		cb_time_format(created + 600, inc.updated);
		json = cb_incident_to_json(&inc);
		gcheck(git_blob_create_from_buffer(&json_id, repo, json,
		    strlen(json)), "blob");
		track(&json_id);
		free(json);
		gcheck(git_treebuilder_new(&nb_tb, repo, NULL), "tree");
		for (long k = 0; k < per; k++) {
			time_t at = created + 60 * (k + 1);
			char *text = note_text((unsigned)k);

			gcheck(git_blob_create_from_buffer(&blob_id, repo, text,
			    strlen(text)), "blob");
			track(&blob_id);
			free(text);
			gmtime_r(&at, &tm);
			strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
			snprintf(name, sizeof name, "%s.%06uZ-%s.md", stamp,
			    rndn(1000000), rndn(3) ? "alice" : "bob");
			gcheck(git_treebuilder_insert(NULL, nb_tb, name,
			    &blob_id, GIT_FILEMODE_BLOB), "tree");
			notes++;
		}
		gcheck(git_treebuilder_write(&nb_id, nb_tb), "tree");
		if (per > 0)
			track(&nb_id);
		git_treebuilder_free(nb_tb);
		gcheck(git_treebuilder_new(&inc_tb, repo, NULL), "tree");
		gcheck(git_treebuilder_insert(NULL, inc_tb, CB_LAYOUT_INCIDENT,
		    &json_id, GIT_FILEMODE_BLOB), "tree");
		if (per > 0)
			gcheck(git_treebuilder_insert(NULL, inc_tb, CB_LAYOUT_NOTEBOOK,
			    &nb_id, GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&inc_id, inc_tb), "tree");
		track(&inc_id);
		git_treebuilder_free(inc_tb);
		gcheck(git_treebuilder_insert(NULL, hund_tb, inc.id, &inc_id,
		    GIT_FILEMODE_TREE), "tree");
		cb_incident_free(&inc);
		if (i % flush_every == 0) {
			flush_pack(repo, odb, mem);
			fprintf(stderr, "  gen: %ld/%ld incidents\n", i, n);
		}
	}
	snprintf(name, sizeof name, "%02d", cur_hund);
	gcheck(git_treebuilder_write(&oid, hund_tb), "tree");
	track(&oid);
	gcheck(git_treebuilder_insert(NULL, year_tb, name, &oid,
	    GIT_FILEMODE_TREE), "tree");
	git_treebuilder_free(hund_tb);
	gcheck(git_treebuilder_write(&oid, year_tb), "tree");
	track(&oid);
	git_treebuilder_free(year_tb);

	gcheck(git_reference_name_to_id(&tip, repo, "refs/heads/main"), "tip");
	gcheck(git_commit_lookup(&parent, repo, &tip), "tip");
	gcheck(git_commit_tree(&root_tree, parent), "tip");
	{
		git_treebuilder *incs_tb, *root_tb;
		git_oid incs_id;

		snprintf(name, sizeof name, "%04d", year);
		gcheck(git_treebuilder_new(&incs_tb, repo, NULL), "tree");
		gcheck(git_treebuilder_insert(NULL, incs_tb, name, &oid,
		    GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&incs_id, incs_tb), "tree");
		track(&incs_id);
		git_treebuilder_free(incs_tb);
		gcheck(git_treebuilder_new(&root_tb, repo, root_tree), "tree");
		gcheck(git_treebuilder_insert(NULL, root_tb, CB_LAYOUT_ROOT,
		    &incs_id, GIT_FILEMODE_TREE), "tree");
		gcheck(git_treebuilder_write(&tree_id, root_tb), "tree");
		track(&tree_id);
		git_treebuilder_free(root_tb);
	}
	git_tree_free(root_tree);
	git_commit_free(parent);
	/*
	 * The trees go out as packs; the commit is written through a
	 * second handle without the in-memory backend, as a loose object:
	 * git_mempack_dump packs everything reachable from a commit it
	 * holds, which would be the whole record again.
	 */
	flush_pack(repo, odb, mem);
	git_odb_free(odb);
	git_repository_free(repo);
	gcheck(git_repository_open_bare(&repo, git_dir), git_dir);
	gcheck(git_commit_lookup(&parent, repo, &tip), "tip");
	gcheck(git_tree_lookup(&tree, repo, &tree_id), "tree");
	gcheck(git_signature_now(&sig, "Casebook Bench", "bench@example.ac.jp"),
	    "signature");
	msg = xasprintf("bench: %ld generated incidents, %ld notes\n\n"
	    "Casebook-Action: import\n", n, notes);
	{
		const git_commit *parents[1] = { parent };

		gcheck(git_commit_create(&commit_id, repo, NULL, sig, sig,
		    "UTF-8", msg, tree, 1, parents), "commit");
	}
	free(msg);
	git_tree_free(tree);
	git_signature_free(sig);
	gcheck(git_reference_create_matching(&ref, repo, "refs/heads/main",
	    &commit_id, 1, &tip, "bench: generated"), "moving the branch");
	git_reference_free(ref);
	git_commit_free(parent);
	git_repository_free(repo);
	free(git_dir);
	printf("gen.incidents: %ld incidents\n", n);
	printf("gen.notes: %ld notes\n", notes);
	printf("gen.time: %.1f s\n", (now_ms() - t0) / 1e3);
	return 0;
}

/* --- drive ------------------------------------------------------------------------ */

static double needle_at;	/* when drain's needle first showed */
static int master = -1;
static pid_t child;
static struct cb_buf screen;	/* everything casebook wrote */

/*
 * Reads what casebook writes until it has been quiet for quiet_ms (or
 * until needle appeared, when given, and then it was quiet), at most
 * limit_ms.  Returns the time of the last byte read, or -1 if nothing
 * came.
 */
static double
drain(const char *needle, double quiet_ms, double limit_ms)
{
	double start = now_ms(), last = -1;
	char buf[65536];

	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		double now = now_ms(), wait = quiet_ms;
		ssize_t n;
		bool found = needle == NULL ||
		    (screen.data != NULL && strstr(screen.data, needle) != NULL);

		if (now - start > limit_ms && needle == NULL && last < 0)
			return -1;	/* the key changed nothing on the screen */
		if (now - start > limit_ms)
			die("no screen within %.0f ms (waiting for '%s'); got "
			    "%zu bytes", limit_ms, needle ? needle : "output",
			    screen.len);
		if (!found || last < 0)
			wait = limit_ms - (now - start);
		if (poll(&p, 1, (int)wait + 1) == 0) {
			if (found && last >= 0)
				return last;
			continue;
		}
		n = read(master, buf, sizeof buf);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			die("casebook closed the terminal: %s", screen.data ?
			    screen.data + (screen.len > 400 ? screen.len - 400 :
			    0) : "");
		}
		cb_buf_add(&screen, buf, (size_t)n);
		last = now_ms();
		if (!found && needle != NULL && strstr(screen.data, needle) != NULL)
			needle_at = last;
	}
}

static void
spawn(const char *casebook, const char *store)
{
	struct winsize ws = { 40, 120, 0, 0 };

	screen.len = 0;
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0)
		die("forkpty: %s", strerror(errno));
	if (child == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(casebook, casebook, "--store", store, (char *)NULL);
		_exit(127);
	}
}

static long
finish(void)
{
	struct rusage ru;
	int status;

	if (write(master, "Q", 1) != 1)
		die("write: %s", strerror(errno));
	if (wait4(child, &status, 0, &ru) < 0)
		die("wait4: %s", strerror(errno));
	close(master);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("casebook exited with status %d", status);
	return ru.ru_maxrss;
}

static int silent;	/* keys after which nothing was written */

/*
 * One key: the time from its write to the last byte of the update, or -1
 * when nothing was written within 3 s (the key changed nothing).
 */
static double
press(const char *keys)
{
	double t0, last;

	screen.len = 0;
	if (screen.data != NULL)
		screen.data[0] = '\0';
	t0 = now_ms();
	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		die("write: %s", strerror(errno));
	last = drain(NULL, 20, 3000);
	if (last < 0) {
		silent++;
		return -1;
	}
	return last - t0;
}

static void
sample_key(struct samples *s, double ms)
{
	if (ms >= 0)
		sample(s, ms);
}

static int
cmd_drive(int argc, char **argv)
{
	struct samples first = { 0 }, settled = { 0 }, down = { 0 },
	    open = { 0 }, filter = { 0 }, sort = { 0 }, sorted_down = { 0 };
	static const char *const filters[] = {
		"scan", "不審", "pc-0042", "学外", "Engineering", "2026-00123",
	};
	long rss = 0, r;

	if (argc != 3)
		die("usage: drive CASEBOOK STORE");
	signal(SIGPIPE, SIG_IGN);

	/* Start to the first full queue screen (the hint row is drawn last). */
	for (int i = 0; i < 20; i++) {
		double t0 = now_ms();

		spawn(argv[1], argv[2]);
		sample(&settled, drain("Q quit", 20, 10000) - t0);
		sample(&first, needle_at - t0);
		if ((r = finish()) > rss)
			rss = r;
	}

	spawn(argv[1], argv[2]);
	drain("Q quit", 20, 10000);
	/* Down the queue, across the windows read from the index. */
	for (int i = 0; i < 300; i++)
		sample_key(&down, press("j"));
	/* Open an incident (its checklist from the record), back, next. */
	for (int i = 0; i < 60; i++) {
		sample_key(&open, press("\r"));
		if (getenv("BENCH_DEBUG") != NULL)
			fprintf(stderr, "open: %zu bytes\n", screen.len);
		press("q");
		press("j");
	}
	/* Filter as you type: each character re-counts and re-reads. */
	press("g");
	for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
		const char *s = filters[f];

		press("/");
		while (*s != '\0') {
			char ch[8];
			size_t n = 1;
			double ms;

			/* One character, however many bytes in UTF-8. */
			while ((s[n] & 0xc0) == 0x80)
				n++;
			memcpy(ch, s, n);
			ch[n] = '\0';
			ms = press(ch);
			sample_key(&filter, ms);
			if (getenv("BENCH_DEBUG") != NULL)
				fprintf(stderr, "filter %.*s: %.2f ms\n",
				    (int)(s + n - filters[f]), filters[f], ms);
			s += n;
		}
		press("\x15");	/* Ctrl-u: the line emptied */
		press("\r");
	}
	/*
	 * Sorting: every column in turn (o), then the other way (O); after
	 * each, down the sorted queue across a few windows read.
	 */
	press("1");
	for (int round = 0; round < 4; round++) {
		for (int c = 0; c < 9; c++) {
			sample_key(&sort, press(c == 0 && round > 0 ? "O" : "o"));
			for (int i = 0; i < 40; i++)
				sample_key(&sorted_down, press("j"));
		}
	}
	if ((r = finish()) > rss)
		rss = r;

	report("tui.first_screen", &first);
	report("tui.first_screen_settled", &settled);
	report("tui.key_down", &down);
	report("tui.open_incident", &open);
	report("tui.filter_keystroke", &filter);
	report("tui.sort_key", &sort);
	report("tui.key_down_sorted", &sorted_down);
	printf("tui.peak_rss: %.1f MiB\n", rss / 1024.0);
	printf("tui.keys_without_update: %d keys\n", silent);
	return 0;
}

/*
 * The Alerts screen over a store with many alerts (bench-alerts-tui.sh
 * makes it): from the queue, 'a' to the first full Alerts screen; then
 * down the list across the windows read from the index, a page at a
 * time, the tabs, each order in turn, a filter typed, a group opened
 * (its alerts and payloads) and closed.
 */
static int
cmd_drive_alerts(int argc, char **argv)
{
	struct samples first = { 0 }, down = { 0 }, page = { 0 }, tab = { 0 },
	    sort = { 0 }, filter = { 0 }, open = { 0 }, back = { 0 },
	    queue = { 0 };
	/*
	 * Filters that match many groups, and one that matches none: from
	 * its third character it is looked up in the groups' trigram index
	 * (doc/design.md); before, it read every group of the tab.
	 */
	static const char *const filters[] = { "signature 4", "10.21.",
		"no such group" };
	long rss = 0, r;

	if (argc != 3)
		die("usage: drive-alerts CASEBOOK STORE");
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < 10; i++) {
		double t0 = now_ms();

		spawn(argv[1], argv[2]);
		drain("Q quit", 20, 10000);
		sample(&queue, needle_at - t0);
		sample_key(&first, press("a"));
		if ((r = finish()) > rss)
			rss = r;
	}
	spawn(argv[1], argv[2]);
	drain("Q quit", 20, 10000);
	press("a");
	for (int i = 0; i < 300; i++)
		sample_key(&down, press("j"));
	for (int i = 0; i < 50; i++)
		sample_key(&page, press("\x1b[6~"));	/* PgDn */
	press("g");
	for (int i = 0; i < 12; i++)
		sample_key(&tab, press("\t"));
	press("1");
	for (int round = 0; round < 2; round++)
		for (int c = 0; c < 6; c++) {
			sample_key(&sort, press(c == 0 && round > 0 ? "O" : "o"));
			for (int i = 0; i < 20; i++)
				sample_key(&down, press("j"));
		}
	/* Back to the usual order (last event, not reversed) for the rest. */
	press("o");
	press("O");
	for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
		press("/");
		for (const char *c = filters[f]; *c != '\0'; c++) {
			char ch[2] = { *c, '\0' };

			sample_key(&filter, press(ch));
		}
		press("\x15");
		press("\r");
	}
	for (int i = 0; i < 30; i++) {
		sample_key(&open, press("\r"));
		sample_key(&back, press("q"));
		press("j");
	}
	if ((r = finish()) > rss)
		rss = r;
	report("alerts.queue_first_screen", &queue);
	report("alerts.first_screen", &first);
	report("alerts.key_down", &down);
	report("alerts.page_down", &page);
	report("alerts.tab", &tab);
	report("alerts.sort_key", &sort);
	report("alerts.filter_keystroke", &filter);
	report("alerts.open_group", &open);
	report("alerts.back", &back);
	printf("alerts.peak_rss: %.1f MiB\n", rss / 1024.0);
	printf("alerts.keys_without_update: %d keys\n", silent);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "drive") == 0)
		return cmd_drive(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "drive-alerts") == 0)
		return cmd_drive_alerts(argc - 1, argv + 1);
	fprintf(stderr, "usage: bench-tui gen STORE N NOTES | drive CASEBOOK STORE "
	    "| drive-alerts CASEBOOK STORE\n");
	return 2;
}
