// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync -Wl,--wrap=clock_gettime
/* test_snapshot_equiv.c: the snapshot never changes an answer.
 *
 * Random sequences of commands (tests/fuzz/cmdseq.h: updates, indicator
 * values, submissions, hostile text, the clock moving) run on a data
 * directory, the writers sometimes with the snapshot (so that they
 * refresh it) and sometimes without. Every read command a sequence asks
 * for runs twice, with the snapshot and with --no-snapshot, and must
 * print the same bytes on standard output and standard error and exit
 * with the same status. Between commands the sequence also damages the
 * snapshot (truncates it, flips a byte, writes garbage, removes it),
 * swaps in an older one, opens its permissions, and edits the plan
 * (a comment, a description, a broken file), as people and accidents do.
 * The wall clock the snapshot reads jumps ahead now and then, so that
 * files read just after they changed settle and readers save the image
 * again without their hashes (snapshot_settle), which must answer alike.
 *
 * A fixed seed: a failure is reproducible. PT_SEED=N explores others,
 * PT_SEQUENCES=N runs more or fewer (fewer under valgrind).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "../fuzz/cmdseq.h"

#include "plantrack/memo.h"
#include "plantrack/snapshot.h"

static void cmdseq_fail(const char *why)
{
	fail_msg("%s", why);
}

#include "clock_ahead.h"

#ifdef __SANITIZE_ADDRESS__
#define SEQUENCES 80
#else
#define SEQUENCES 200
#endif

static uint64_t rng;

static uint64_t next(void)
{
	return test_xorshift(&rng);
}

static unsigned long env_number(const char *name, unsigned long dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end)
		fail_msg("%s=%s is not a number", name, v);
	return n;
}

struct eq {
	struct cmdseq s;
	char image[PATH_MAX + 32];
	char old[PATH_MAX + 32];	/* an older image, to swap in */
	char plan[PATH_MAX + 32];
	char *pristine;			/* the plan as init wrote it */
	size_t pristine_len;
	char errpath[PATH_MAX + 32];
	unsigned long reads, warm, writes, refreshed, damaged, edits;
	unsigned long settled, cached, memo_damaged;
};

/* What one run said. */
struct said {
	int status;
	char *out, *err;
	size_t out_len, err_len;
	bool warm;		/* the plan came from the snapshot */
	bool settled;		/* and a new image was saved from it */
};

static void said_free(struct said *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;

	*len = 0;
	if (store_read_file(path, 1u << 30, &buf, len, 1))
		return NULL;
	return buf;
}

static void spit(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
		fail_msg("cannot write %s", path);
}

/* Runs the command in s->argv with a context of its own, as main would:
 * nothing loaded yet, the snapshot allowed or not. */
static void run_fresh(struct eq *q, bool no_snapshot, struct said *r)
{
	struct cmdseq *s = &q->s;
	const struct cli_command *c = cli_command_find(s->argv[0]);
	struct cli_ctx ctx;
	struct stat before, after;
	bool had;
	FILE *out;
	int fd, saved;

	memset(r, 0, sizeof(*r));
	had = stat(q->image, &before) == 0;
	if (!c)
		fail_msg("no command %s", s->argv[0]);
	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = s->dir;
	ctx.no_snapshot = no_snapshot;
	out = open_memstream(&r->out, &r->out_len);
	assert_non_null(out);
	ctx.out = out;
	fflush(stderr);
	fd = open(q->errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved = dup(STDERR_FILENO);
	assert_true(fd >= 0 && saved >= 0);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	close(fd);
	optind = 0;
	r->status = c->fn(s->argc, s->argv, &ctx);
	r->warm = ctx.snap != NULL;
	cli_release(&ctx);
	r->settled = r->warm && had && stat(q->image, &after) == 0 &&
		     after.st_ino != before.st_ino;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	assert_int_equal(fclose(out), 0);
	r->err = slurp(q->errpath, &r->err_len);
	if (!r->err)
		r->err = calloc(1, 1);
}

static void set_argv(struct cmdseq *s)
{
	for (int i = 0; i < s->argc; i++)
		s->argv[i] = s->arg[i].buf;
	s->argv[s->argc] = NULL;
}

static void differ(struct eq *q, const char *what, const struct said *a,
		   const struct said *b)
{
	struct cmdseq *s = &q->s;

	log_command(s, a->status);
	fprintf(stderr, "with the snapshot (%s):\n--- status %d\n%.*s\n--- "
		"stderr\n%.*s\nwithout:\n--- status %d\n%.*s\n--- stderr\n"
		"%.*s\n", a->warm ? "used" : "not used", a->status,
		(int)a->out_len, a->out, (int)a->err_len, a->err, b->status,
		(int)b->out_len, b->out, (int)b->err_len, b->err);
	cmdseq_failf(s, "the snapshot changed the %s of a read", what);
}

/* A read command, with and without the snapshot: the same answer. */
static void compare_read(struct eq *q)
{
	struct cmdseq *s = &q->s;
	struct said a, b;
	unsigned long cached;

	s->argc = 0;
	gen_read(s);
	set_argv(s);
	/* Twice with: the first may be the one that saves it, or
	 * settles it (when the clock has moved on since the files
	 * changed). */
	clock_ahead = next() % 2 ? 60 : 0;
	run_fresh(q, false, &a);
	q->settled += a.settled;
	said_free(&a);
	cached = memo_served();
	run_fresh(q, false, &a);
	cached = memo_served() - cached;
	run_fresh(q, true, &b);
	q->reads++;
	q->warm += a.warm || cached;
	q->cached += cached;
	if (a.status != b.status)
		differ(q, "exit status", &a, &b);
	if (a.out_len != b.out_len || memcmp(a.out, b.out, a.out_len))
		differ(q, "output", &a, &b);
	if (a.err_len != b.err_len || memcmp(a.err, b.err, a.err_len))
		differ(q, "messages", &a, &b);
	log_command(s, a.status);
	said_free(&a);
	said_free(&b);
}

static void write_command(struct eq *q)
{
	struct cmdseq *s = &q->s;
	struct said r;
	struct stat before, after;
	bool had;
	unsigned what = take(s, 5);

	s->argc = 0;
	cmdseq_uid = take(s, 8) ? 0 : 4242;
	if (what < 3)
		gen_update(s);
	else if (what < 4)
		gen_indicator(s);
	else
		gen_submit(s);
	set_argv(s);
	had = !stat(q->image, &before);
	run_fresh(q, !take(s, 2), &r);
	log_command(s, r.status);
	q->writes++;
	if (had && r.warm && !r.status && !stat(q->image, &after) &&
	    after.st_ino != before.st_ino)
		q->refreshed++;
	said_free(&r);
}

/* Whether the directory the image goes in exists. */
static bool image_dir_exists(const struct eq *q)
{
	char dir[sizeof(q->image)];
	char *slash;
	struct stat sb;

	memcpy(dir, q->image, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* What happens to a kept report (memo.h), or to the kept output of list,
 * check and history: the same as to the image. */
static void damage_memo(struct eq *q)
{
	static const char *const formats[] = {
		"text", "md", "csv", "json", "html", "list", "check",
		"history",
	};
	struct cmdseq *s = &q->s;
	char path[sizeof(q->image) + 16], *slash;
	char *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s", q->image);
	slash = strrchr(path, '/');
	if (!slash)
		return;
	snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path),
		 "report-%s", formats[take(s, 8)]);
	buf = slurp(path, &len);
	if (!buf)
		return;
	q->memo_damaged++;
	switch (take(s, 5)) {
	case 0:
		spit(path, buf, len ? take(s, 256) * len / 256 : 0);
		strbuf_addf(&s->log, "  (%s truncated)\n", slash + 1);
		break;
	case 1:	/* a byte of the report itself, near its end, or of the head */
		if (len) {
			size_t at = take(s, 2) ? len - 1 - take(s, 256) % len :
				    ((size_t)take(s, 256) << 8 | take(s, 256)) % len;

			buf[at] ^= (char)(1 + take(s, 255));
			spit(path, buf, len);
		}
		strbuf_addf(&s->log, "  (%s byte changed)\n", slash + 1);
		break;
	case 2:
		chmod(path, 0666);
		strbuf_addf(&s->log, "  (%s mode 0666)\n", slash + 1);
		break;
	case 3:	/* another report's bytes under its name */
		spit(path, q->pristine, q->pristine_len);
		strbuf_addf(&s->log, "  (%s replaced)\n", slash + 1);
		break;
	default:
		unlink(path);
		strbuf_addf(&s->log, "  (%s removed)\n", slash + 1);
		break;
	}
	free(buf);
}

/* What happens to a snapshot file in the life of a data directory. */
static void damage(struct eq *q)
{
	struct cmdseq *s = &q->s;
	char *img;
	size_t len;

	if (!take(s, 3)) {
		damage_memo(q);
		return;
	}
	img = slurp(q->image, &len);
	q->damaged++;
	switch (take(s, 8)) {
	case 0:	/* cut short */
		if (img)
			spit(q->image, img, len ? take(s, 256) * len / 256 : 0);
		strbuf_addstr(&s->log, "  (snapshot truncated)\n");
		break;
	case 1:	/* one byte changed */
		if (img && len) {
			size_t at = ((size_t)take(s, 256) << 8 | take(s, 256)) %
				    len;

			img[at] ^= (char)(1 + take(s, 255));
			spit(q->image, img, len);
		}
		strbuf_addstr(&s->log, "  (snapshot byte changed)\n");
		break;
	case 2:	/* garbage, where the snapshot's directory is (none is
		 * made before the first save) */
		if (image_dir_exists(q)) {
			spit(q->image, "PTSNAP\r\n garbage", 17);
			strbuf_addstr(&s->log, "  (snapshot garbage)\n");
		}
		break;
	case 3:	/* removed */
		unlink(q->image);
		strbuf_addstr(&s->log, "  (snapshot removed)\n");
		break;
	case 4:	/* an older one back */
		if (!access(q->old, F_OK)) {
			free(img);
			img = slurp(q->old, &len);
			if (img)
				spit(q->image, img, len);
		}
		strbuf_addstr(&s->log, "  (older snapshot swapped in)\n");
		break;
	case 5:	/* writable by others, then not */
		chmod(q->image, 0666);
		strbuf_addstr(&s->log, "  (snapshot mode 0666)\n");
		break;
	case 6:
		chmod(q->image, 0644);
		strbuf_addstr(&s->log, "  (snapshot mode 0644)\n");
		break;
	default:	/* kept for later */
		if (img)
			spit(q->old, img, len);
		strbuf_addstr(&s->log, "  (snapshot copied aside)\n");
		break;
	}
	free(img);
}

/* The administrator edits the plan: a comment, a description, a
 * mistake, the original back. Ids stay, so that what was recorded still
 * belongs. */
static void edit_plan(struct eq *q)
{
	struct cmdseq *s = &q->s;
	struct strbuf sb = STRBUF_INIT;
	char *cur, *at;
	size_t len;

	q->edits++;
	cur = slurp(q->plan, &len);
	if (!cur)
		cmdseq_failf(s, "no plan");
	switch (take(s, 4)) {
	case 0:
		strbuf_add(&sb, cur, len);
		strbuf_addstr(&sb, "# đã sửa\n");
		strbuf_addstr(&s->log, "  (plan: a comment added)\n");
		break;
	case 1:
		at = strstr(cur, "description: ");
		if (!at) {
			strbuf_add(&sb, cur, len);
			break;
		}
		at += strlen("description: ");
		strbuf_add(&sb, cur, (size_t)(at - cur));
		strbuf_addstr(&sb, "Sửa đổi ");
		strbuf_add(&sb, at, len - (size_t)(at - cur));
		strbuf_addstr(&s->log, "  (plan: a description changed)\n");
		break;
	case 2:
		strbuf_add(&sb, cur, len);
		strbuf_addstr(&sb, "tasks: [\n");
		strbuf_addstr(&s->log, "  (plan: broken)\n");
		break;
	default:
		strbuf_add(&sb, q->pristine, q->pristine_len);
		strbuf_addstr(&s->log, "  (plan: restored)\n");
		break;
	}
	spit(q->plan, sb.buf, sb.len);
	strbuf_release(&sb);
	free(cur);
}

/* One step of a sequence; 0 when the input is used up. */
static int step(struct eq *q)
{
	struct cmdseq *s = &q->s;
	unsigned what;

	if (!s->n)
		return 0;
	what = take(s, 20);
	if (what < 8) {
		write_command(q);
	} else if (what < 14) {
		compare_read(q);
	} else if (what < 16) {
		damage(q);
	} else if (what < 17) {
		edit_plan(q);
	} else {
		cmdseq_clock += (time_t)(1 + take(s, 255)) *
				(take(s, 2) ? 60 : 86400);
	}
	return 1;
}

static int setup(void **state)
{
	struct eq *q = calloc(1, sizeof(*q));

	if (!q)
		return -1;
	test_locale();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	cmdseq_uid = 0;
	cmdseq_clock = 1767225600;	/* 2026-01-01 */
	clock_ahead = 0;
	cmdseq_open(&q->s);
	snprintf(q->image, sizeof(q->image), "%s/" SNAPSHOT_FILE, q->s.dir);
	snprintf(q->old, sizeof(q->old), "%s/old-image", q->s.top);
	snprintf(q->plan, sizeof(q->plan), "%s/plan.yaml", q->s.dir);
	snprintf(q->errpath, sizeof(q->errpath), "%s/stderr", q->s.top);
	q->pristine = slurp(q->plan, &q->pristine_len);
	assert_non_null(q->pristine);
	*state = q;
	return 0;
}

static int teardown(void **state)
{
	struct eq *q = *state;

	cmdseq_close(&q->s);
	free(q->pristine);
	free(q);
	return 0;
}

static void test_same_answers(void **state)
{
	struct eq *q = *state;
	struct cmdseq *s = &q->s;
	unsigned long seed = env_number("PT_SEED", 20260113);
	/* Under valgrind, 20: with todo among the reads, 8 sequences of
	 * the fixed seed saw one refresh, too few to check (below); with
	 * the report cache's draws, 16 saw two. */
	unsigned long n = env_number("PT_SEQUENCES",
				     getenv("PT_WRAPPER") ? 20 : SEQUENCES);
	uint8_t bytes[500];
	size_t len, i;

	rng = seed * 2654435761u + 1;
	for (unsigned long seq = 0; seq < n; seq++) {
		len = 100 + next() % (sizeof(bytes) - 100);
		for (i = 0; i < len; i++)
			bytes[i] = (uint8_t)(next() >> 56);
		spit(q->plan, q->pristine, q->pristine_len);
		cmdseq_begin(s, bytes, len,
			     (time_t)(1767225600 + next() % (300 * 86400)));
		while (step(q))
			;
	}
	print_message("snapshot equivalence: seed %lu, %lu sequences, %lu "
		      "reads compared (%lu from the snapshot), %lu writes (%lu "
		      "refreshed it), %lu damages, %lu plan edits, %lu "
		      "settled, %lu reports from the report cache (%lu of its "
		      "files damaged)\n", seed, n, q->reads, q->warm,
		      q->writes, q->refreshed, q->damaged, q->edits,
		      q->settled, q->cached, q->memo_damaged);
	/* Comparisons where the snapshot was never used would prove
	 * nothing, and neither would a refresh that never happened. */
	assert_true(q->reads > 4 * n);
	assert_true(q->warm > q->reads / 4);
	assert_true(q->refreshed > n / 4);
	assert_true(q->damaged > n);
	assert_true(q->settled > 0);
	assert_true(q->cached > 0);
	assert_true(q->memo_damaged > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_answers, setup,
						teardown),
	};

	(void)cmdseq_step;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
