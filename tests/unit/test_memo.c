// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync -Wl,--wrap=clock_gettime
/* test_memo.c: the report cache (memo.h) gives a report only when it is
 * the one the YAML would give; and the kept output of list, check and
 * history (cli_kept_*), with check's exit status.
 *
 * A data directory from the bundled plan (tests/fuzz/cmdseq.h), the
 * commands run as main runs them. A report is drawn cold (--no-snapshot),
 * then warm until it is kept, then given from the cache; after every
 * change to what it was made from, or to the kept file itself, the next
 * report is drawn again and is byte for byte the cold one.
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

#define AFTER_DEADLINE 1796083200	/* 2026-12-01 */
#define RECORDED 1790812800		/* 2026-10-01 */

struct fx {
	struct cmdseq s;
	char memo[PATH_MAX + 64];	/* DATA/snapshot/report-md */
	unsigned recorded;		/* entries recorded so far */
};

/* Runs argv with a context of its own, as main would; its output into
 * *out (from a file: the kept report is then copied by sendfile). */
static int run(struct fx *f, bool no_snapshot, char **argv, char **out,
	       size_t *len)
{
	const struct cli_command *c = cli_command_find(argv[0]);
	struct cli_ctx ctx;
	FILE *o = tmpfile();
	long n;
	int argc = 0, status;

	assert_non_null(c);
	assert_non_null(o);
	while (argv[argc])
		argc++;
	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = f->s.dir;
	ctx.no_snapshot = no_snapshot;
	ctx.out = o;
	optind = 0;
	status = c->fn(argc, argv, &ctx);
	cli_release(&ctx);
	assert_int_equal(fflush(o), 0);
	n = lseek(fileno(o), 0, SEEK_END);
	assert_true(n >= 0);
	*len = (size_t)n;
	*out = malloc(*len + 1);
	assert_non_null(*out);
	assert_int_equal(pread(fileno(o), *out, *len, 0), (ssize_t)*len);
	fclose(o);
	return status;
}

static char arg_report[] = "report", arg_annual[] = "annual",
	    arg_h1[] = "h1", arg_format[] = "--format", arg_md[] = "md",
	    arg_as_of[] = "--as-of", arg_day[] = "2026-11-15",
	    arg_day2[] = "2026-05-20", arg_list[] = "list",
	    arg_check[] = "check", arg_today[] = "--today",
	    arg_json[] = "json";

/* argv warm must answer as it does cold, with status want: returns
 * whether it came from the cache. */
static bool same_answer(struct fx *f, char **argv, int want)
{
	char *cold, *warm;
	size_t cold_len, warm_len;
	unsigned long before;

	assert_int_equal(run(f, true, argv, &cold, &cold_len), want);
	before = memo_served();
	assert_int_equal(run(f, false, argv, &warm, &warm_len), want);
	assert_int_equal(warm_len, cold_len);
	assert_memory_equal(warm, cold, cold_len);
	assert_true(cold_len > 1000);
	free(cold);
	free(warm);
	return memo_served() != before;
}

/* The report of argv warm must be the cold one. */
static bool same_as_cold(struct fx *f, char **argv)
{
	return same_answer(f, argv, 0);
}

/* Warm until kept, with status want: the first run saves the snapshot,
 * the second keeps the output, the third is given it. */
static void keep_answer(struct fx *f, char **argv, int want)
{
	same_answer(f, argv, want);
	same_answer(f, argv, want);
	assert_true(same_answer(f, argv, want));
	assert_true(same_answer(f, argv, want));
}

static void keep(struct fx *f, char **argv)
{
	keep_answer(f, argv, 0);
}

static void indicator(struct fx *f, const char *value)
{
	char a0[] = "indicator", a1[] = "set", a2[] = "1", a3[] = "--value",
	     a5[] = "--dept", a6[] = "HCC", a7[] = "--period", a8[] = "annual";
	char v[32];
	char *argv[] = { a0, a1, a2, a3, v, a5, a6, a7, a8, NULL };
	char *out;
	size_t len;

	time_t now = cmdseq_clock;

	/* Recorded before the as-of day, so that the report shows it. */
	cmdseq_clock = RECORDED + 60 * (time_t)++f->recorded;
	snprintf(v, sizeof(v), "%s", value);
	assert_int_equal(run(f, false, argv, &out, &len), 0);
	free(out);
	cmdseq_clock = now;
}

/* KT's progress on I.1, recorded at the clock. */
static void progress(struct fx *f, const char *value)
{
	char a0[] = "update", a1[] = "I.1", a2[] = "--dept", a3[] = "KT",
	     a4[] = "--progress";
	char v[8];
	char *argv[] = { a0, a1, a2, a3, a4, v, NULL };
	char *out;
	size_t len;

	snprintf(v, sizeof(v), "%s", value);
	assert_int_equal(run(f, false, argv, &out, &len), 0);
	free(out);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	test_locale();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	unsetenv("PLANTRACK_NO_REPORT_CACHE");
	cmdseq_uid = 0;
	cmdseq_clock = AFTER_DEADLINE;
	/* Files written a minute ago: not racy. */
	clock_ahead = 60;
	cmdseq_open(&f->s);
	snprintf(f->memo, sizeof(f->memo), "%s/" SNAPSHOT_DIR "/report-md",
		 f->s.dir);
	indicator(f, "98");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	cmdseq_close(&f->s);
	free(f);
	unsetenv("PLANTRACK_NO_REPORT_CACHE");
	return 0;
}

static void test_kept_and_given(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	struct stat st;

	keep(f, argv);
	assert_int_equal(stat(f->memo, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

/* Without --as-of, after the deadline: the report is the one of the
 * deadline, whatever day it is printed, and kept. */
static void test_deadline_past_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_h1, arg_format, arg_md, NULL };

	keep(f, argv);
}

/* As of now: drawn every time. */
static void test_as_of_now_not_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, NULL };

	cmdseq_clock = AFTER_DEADLINE - 30 * 86400;	/* 01/11 */
	for (int i = 0; i < 4; i++)
		assert_false(same_as_cold(f, argv));
	cmdseq_clock = AFTER_DEADLINE;
}

static void test_other_key(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	char *other[] = { arg_report, arg_annual, arg_format, arg_md,
			  arg_as_of, arg_day2, NULL };

	keep(f, argv);
	assert_false(same_as_cold(f, other));
	/* Another day: the day is in the key. */
	keep(f, argv);
	cmdseq_clock += 86400;
	assert_false(same_as_cold(f, argv));
	assert_true(same_as_cold(f, argv));
	cmdseq_clock -= 86400;
	/* Another environment. */
	setenv("PLANTRACK_TEST_MEMO", "x", 1);
	assert_false(same_as_cold(f, argv));
	unsetenv("PLANTRACK_TEST_MEMO");
}

static void test_source_changed(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	char *before, *after;
	size_t before_len, after_len;

	keep(f, argv);
	assert_int_equal(run(f, true, argv, &before, &before_len), 0);
	indicator(f, "99");
	assert_int_equal(run(f, true, argv, &after, &after_len), 0);
	/* The change shows in the report, and nothing kept hides it. */
	assert_false(before_len == after_len &&
		     !memcmp(before, after, before_len));
	assert_false(same_as_cold(f, argv));
	free(before);
	free(after);
}

/* A source changed a moment ago is told apart by its bytes, which the
 * cache does not keep: nothing kept until it settles. */
static void test_racy_not_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };

	clock_ahead = 0;
	indicator(f, "97");
	for (int i = 0; i < 4; i++)
		assert_false(same_as_cold(f, argv));
	clock_ahead = 60;
	keep(f, argv);
}

static void rewrite(const char *path, const char *buf, size_t len)
{
	FILE *o = fopen(path, "wb");

	assert_non_null(o);
	assert_int_equal(fwrite(buf, 1, len, o), len);
	assert_int_equal(fclose(o), 0);
}

static void test_damaged_not_given(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	char *buf = NULL;
	size_t len = 0;
	/* Where in the file: the head, the key, the sources, the report's
	 * first, middle and last bytes (the last MiB's sum is the file's
	 * last 8 bytes), its sums. */
	const double at[] = { 0.0, 0.001, 0.01, 0.3, 0.5, 0.7 };

	for (size_t i = 0; i <= sizeof(at) / sizeof(at[0]); i++) {
		keep(f, argv);
		assert_int_equal(store_read_file(f->memo, 1u << 30, &buf, &len,
						 0), 0);
		if (i < sizeof(at) / sizeof(at[0])) {
			buf[(size_t)(at[i] * (double)len)] ^= 0x20;
			rewrite(f->memo, buf, len);
		} else {
			buf[len - 9] ^= 0x01;	/* the last report byte */
			rewrite(f->memo, buf, len);
		}
		assert_false(same_as_cold(f, argv));
		free(buf);
		buf = NULL;
	}
	/* Cut short, by one byte or by half. */
	for (int i = 0; i < 2; i++) {
		keep(f, argv);
		assert_int_equal(store_read_file(f->memo, 1u << 30, &buf, &len,
						 0), 0);
		rewrite(f->memo, buf, i ? len / 2 : len - 1);
		assert_false(same_as_cold(f, argv));
		free(buf);
		buf = NULL;
	}
}

/* A kept file that still has the time memo_end sealed it with is given
 * without its body read first: nothing has written to it since. The
 * trust is git's in its index's stat data: a byte changed and the time
 * set back by hand (who can do that can write the sums as well) is
 * given as it stands; changed without the time set back, it is not. */
static void test_sealed_not_reread(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	char *buf = NULL, *cold, *warm;
	size_t len = 0, cold_len, warm_len, diff = 0;
	struct stat st;
	struct timespec times[2];
	unsigned long before;

	keep(f, argv);
	assert_int_equal(stat(f->memo, &st), 0);
	assert_int_equal(store_read_file(f->memo, 1u << 30, &buf, &len, 0), 0);
	buf[len / 2] ^= 0x20;
	rewrite(f->memo, buf, len);
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, f->memo, times, 0), 0);

	assert_int_equal(run(f, true, argv, &cold, &cold_len), 0);
	before = memo_served();
	assert_int_equal(run(f, false, argv, &warm, &warm_len), 0);
	assert_true(memo_served() == before + 1);
	assert_int_equal(warm_len, cold_len);
	for (size_t i = 0; i < cold_len; i++)
		diff += warm[i] != cold[i];
	assert_int_equal(diff, 1);
	free(cold);
	free(warm);

	/* The same bytes, written without the time set back. */
	rewrite(f->memo, buf, len);
	assert_false(same_as_cold(f, argv));
	free(buf);
}

static void test_untrusted_not_given(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };
	char link[sizeof(f->memo) + 8];

	keep(f, argv);
	assert_int_equal(chmod(f->memo, 0666), 0);
	assert_false(same_as_cold(f, argv));
	/* A link where the file was: never followed. */
	keep(f, argv);
	snprintf(link, sizeof(link), "%s.real", f->memo);
	assert_int_equal(rename(f->memo, link), 0);
	assert_int_equal(symlink(link, f->memo), 0);
	assert_false(same_as_cold(f, argv));
	unlink(link);
}

/* -o FILE: kept and given alike, the file written whole each time. */
static void test_output_file(void **state)
{
	struct fx *f = *state;
	char path[sizeof(f->s.top) + 16], o[] = "-o";
	char *argv[] = { arg_report, arg_annual, arg_as_of, arg_day, o, path,
			 NULL };
	char *out, *cold, *warm;
	size_t len, cold_len, warm_len;
	unsigned long before;

	snprintf(path, sizeof(path), "%s/bao-cao.md", f->s.top);
	assert_int_equal(run(f, true, argv, &out, &len), 0);
	assert_int_equal(len, 0);
	free(out);
	assert_int_equal(store_read_file(path, 1u << 30, &cold, &cold_len, 0),
			 0);
	assert_true(cold_len > 1000);
	before = memo_served();
	for (int i = 0; i < 4; i++) {
		assert_int_equal(unlink(path), 0);
		assert_int_equal(run(f, false, argv, &out, &len), 0);
		assert_int_equal(len, 0);
		free(out);
		assert_int_equal(store_read_file(path, 1u << 30, &warm,
						 &warm_len, 0), 0);
		assert_int_equal(warm_len, cold_len);
		assert_memory_equal(warm, cold, cold_len);
		free(warm);
	}
	/* The first saved the snapshot, the second kept the report, the
	 * last two were given it. */
	assert_int_equal(memo_served(), before + 2);
	free(cold);
}

static void test_bypassed(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_report, arg_annual, arg_format, arg_md, arg_as_of,
			 arg_day, NULL };

	keep(f, argv);
	setenv("PLANTRACK_NO_REPORT_CACHE", "1", 1);
	assert_false(same_as_cold(f, argv));
	/* "0" is not set; but the variable is in the key. */
	setenv("PLANTRACK_NO_REPORT_CACHE", "0", 1);
	keep(f, argv);
	unsetenv("PLANTRACK_NO_REPORT_CACHE");
}

/* list and check keep their output as a report is kept, one slot each:
 * another command line takes the slot. */
static void test_list_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_list, NULL };
	char *json[] = { arg_list, arg_format, arg_json, NULL };
	char path[sizeof(f->memo)];
	struct stat st;

	keep(f, argv);
	snprintf(path, sizeof(path), "%s/" SNAPSHOT_DIR "/report-list",
		 f->s.dir);
	assert_int_equal(stat(path, &st), 0);
	keep(f, json);
	assert_false(same_as_cold(f, argv));
	assert_true(same_as_cold(f, argv));
	/* Another day: the day is in the key (the "updated" column, what
	 * is overdue). */
	cmdseq_clock += 86400;
	assert_false(same_as_cold(f, argv));
	cmdseq_clock -= 86400;
}

/* check's findings and its exit status (1 or 2: what cron reads) come
 * back from the cache as they were. */
static void test_check_status_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_check, arg_today, arg_day2, NULL };
	char *out;
	size_t len;
	int want = run(f, true, argv, &out, &len);

	free(out);
	assert_true(want == 1 || want == 2);
	keep_answer(f, argv, want);
	/* And a day with nothing found, in the same slot. */
	argv[2] = arg_day;
	want = run(f, true, argv, &out, &len);
	free(out);
	keep_answer(f, argv, want);
}

/* An entry recorded ahead of the clock (within the skew the loader
 * allows) is not in a list drawn now but will be in one drawn later the
 * same day: that list is not kept. */
static void test_list_entry_ahead_not_kept(void **state)
{
	struct fx *f = *state;
	char *argv[] = { arg_list, NULL };

	keep(f, argv);
	cmdseq_clock += 300;
	progress(f, "40");
	cmdseq_clock -= 300;
	for (int i = 0; i < 3; i++)
		assert_false(same_as_cold(f, argv));
	cmdseq_clock += 600;
	keep(f, argv);
	cmdseq_clock -= 600;
}

/* history: every entry, whatever the clock; kept until one is added. */
static void test_history_kept(void **state)
{
	struct fx *f = *state;
	char a0[] = "history";
	char *argv[] = { a0, NULL };
	char v[8];

	for (int i = 1; i <= 12; i++) {
		snprintf(v, sizeof(v), "%d", i * 5);
		progress(f, v);
	}
	keep(f, argv);
	progress(f, "30");
	assert_false(same_as_cold(f, argv));
	keep(f, argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_and_given, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_deadline_past_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_as_of_now_not_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_racy_not_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_damaged_not_given, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sealed_not_reread, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_not_given, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_output_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bypassed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_status_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_entry_ahead_not_kept,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_kept, setup,
						teardown),
	};

	(void)cmdseq_step;
	(void)cmdseq_begin;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
