/* test_i18n.c: choosing the language, the data directory's setting, and
 * where an uninstalled build finds its files. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/paths.h"
#include "plantrack/strbuf.h"

static void test_lang_name(void **state)
{
	(void)state;
	assert_string_equal(i18n_lang_name("vi"), "vi");
	assert_string_equal(i18n_lang_name("en"), "en");
	assert_null(i18n_lang_name("VI"));
	assert_null(i18n_lang_name("vi_VN"));
	assert_null(i18n_lang_name("fr"));
	assert_null(i18n_lang_name(""));
	assert_null(i18n_lang_name(NULL));
}

/* Each row: --lang, LANGUAGE, LC_ALL, LC_MESSAGES, setting -> language. */
static void test_choose(void **state)
{
	static const struct {
		const char *option, *language, *lc_all, *lc_messages;
		const char *setting, *want;
	} rows[] = {
		/* nothing: the built-in default */
		{ NULL, NULL, NULL, NULL, NULL, "vi" },
		/* each source alone */
		{ "en", NULL, NULL, NULL, NULL, "en" },
		{ NULL, "en", NULL, NULL, NULL, "en" },
		{ NULL, NULL, "en_US.UTF-8", NULL, NULL, "en" },
		{ NULL, NULL, NULL, "en_GB.UTF-8", NULL, "en" },
		{ NULL, NULL, NULL, NULL, "en", "en" },
		/* precedence: --lang > LANGUAGE > LC_ALL > LC_MESSAGES > setting */
		{ "vi", "en", "en_US.UTF-8", "en_US.UTF-8", "en", "vi" },
		{ NULL, "vi", "en_US.UTF-8", "en_US.UTF-8", "en", "vi" },
		{ NULL, NULL, "vi_VN.UTF-8", "en_US.UTF-8", "en", "vi" },
		{ NULL, NULL, NULL, "vi_VN", "en", "vi" },
		{ NULL, "en", NULL, NULL, "vi", "en" },
		/* C, POSIX and C.UTF-8 name no language: the next source */
		{ NULL, "C", "C.UTF-8", "POSIX", "en", "en" },
		{ NULL, NULL, "C.utf8", NULL, NULL, "vi" },
		{ NULL, "", "", "", NULL, "vi" },
		/* LANGUAGE is a list: the first of vi and en */
		{ NULL, "fr:vi:en", NULL, NULL, NULL, "vi" },
		{ NULL, "en_GB:en:vi", NULL, NULL, NULL, "en" },
		{ NULL, "vi_VN:en", NULL, NULL, NULL, "vi" },
		{ NULL, "fr", NULL, NULL, "vi", "en" },	/* gettext: the source */
		{ NULL, "::vi", NULL, NULL, NULL, "vi" },
		{ NULL, "vie:en", NULL, NULL, NULL, "en" },
		/* another real language reads English, as gettext would */
		{ NULL, NULL, "de_DE.UTF-8", NULL, "vi", "en" },
		{ NULL, NULL, "vi@latin", NULL, NULL, "vi" },
		/* not locale names at all: no language */
		{ NULL, "../../x", "/tmp/x", "VI_VN", NULL, "vi" },
		{ NULL, NULL, "x", "e1", "en", "en" },
		/* --lang and the setting are checked by the caller */
		{ "fr", NULL, NULL, NULL, "klingon", "vi" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct i18n_sources src = {
			rows[i].option, rows[i].language, rows[i].lc_all,
			rows[i].lc_messages, rows[i].setting,
		};
		const char *got = i18n_choose(&src);

		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got %s, want %s", i, got, rows[i].want);
	}
}

/* A fresh directory for each test that needs one. */
static int dir_setup(void **state)
{
	char *dir = strdup("/tmp/pt-i18n-XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int dir_teardown(void **state)
{
	char cmd[64];

	/* The directory holds what the test made: files, a FIFO, a link. */
	if (snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state) > 0 &&
	    system(cmd) != 0)
		return -1;
	free(*state);
	return 0;
}

static char *setting_path(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/language", dir);
	return strbuf_detach(&sb, NULL);
}

static void write_setting(const char *dir, const char *data, size_t len)
{
	char *path = setting_path(dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* Reads the setting and returns the language, "" when there is none (1),
 * or "!" followed by the reason when it is refused (-1). */
static const char *read_setting(const char *dir)
{
	static char buf[128];
	const char *lang = "x", *why = "x";
	int ret = i18n_read_setting(dir, &lang, &why);

	if (ret == 0) {
		assert_null(why);
		return lang;
	}
	assert_null(lang);
	if (ret == 1) {
		assert_null(why);
		return "";
	}
	assert_int_equal(ret, -1);
	snprintf(buf, sizeof(buf), "!%s", why ? why : strerror(errno));
	return buf;
}

static void test_setting_values(void **state)
{
	const char *dir = *state;
	char big[200];

	assert_string_equal(read_setting(dir), "");
	write_setting(dir, "vi\n", 3);
	assert_string_equal(read_setting(dir), "vi");
	write_setting(dir, "en", 2);
	assert_string_equal(read_setting(dir), "en");
	write_setting(dir, " \ten \r\n\n", 7);
	assert_string_equal(read_setting(dir), "en");
	write_setting(dir, "fr\n", 3);
	assert_string_equal(read_setting(dir), "!it holds something else");
	write_setting(dir, "vi en\n", 6);
	assert_string_equal(read_setting(dir), "!it holds something else");
	write_setting(dir, "", 0);
	assert_string_equal(read_setting(dir), "!it holds something else");
	write_setting(dir, "v\0i", 3);
	assert_string_equal(read_setting(dir), "!it holds something else");
	write_setting(dir, "VI", 2);
	assert_string_equal(read_setting(dir), "!it holds something else");
	/* 64 bytes of blanks around "en" pass; 65 bytes do not. */
	memset(big, ' ', sizeof(big));
	memcpy(big + 30, "en", 2);
	write_setting(dir, big, 64);
	assert_string_equal(read_setting(dir), "en");
	write_setting(dir, big, 65);
	assert_string_equal(read_setting(dir), "!it is larger than 64 bytes");
	write_setting(dir, big, sizeof(big));
	assert_string_equal(read_setting(dir), "!it is larger than 64 bytes");
}

/* A hostile data directory: links, FIFOs and directories are refused
 * without being followed, read or waited for. */
static void test_setting_hostile(void **state)
{
	const char *dir = *state;
	char *path = setting_path(dir);
	struct strbuf target = STRBUF_INIT;

	/* A link to a file that would say "en". */
	strbuf_addf(&target, "%s/elsewhere", dir);
	{
		FILE *f = fopen(target.buf, "w");

		assert_non_null(f);
		fputs("en\n", f);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(symlink(target.buf, path), 0);
	assert_string_equal(read_setting(dir), "!it is a symbolic link");
	assert_int_equal(unlink(path), 0);
	/* A dangling link. */
	assert_int_equal(symlink("/nonexistent/x", path), 0);
	assert_string_equal(read_setting(dir), "!it is a symbolic link");
	assert_int_equal(unlink(path), 0);
	/* A FIFO nobody writes to: opening it for reading would block. */
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_string_equal(read_setting(dir), "!it is not a regular file");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_string_equal(read_setting(dir), "!it is not a regular file");
	assert_int_equal(rmdir(path), 0);
	/* No data directory at all, or a file where it should be. */
	assert_string_equal(read_setting("/nonexistent/pt"), "");
	assert_string_equal(read_setting(target.buf), "");
	/* A trailing slash is fine. */
	write_setting(dir, "en\n", 3);
	strbuf_reset(&target);
	strbuf_addf(&target, "%s/", dir);
	assert_string_equal(read_setting(target.buf), "en");
	strbuf_release(&target);
	free(path);
}

/* i18n_init puts its choice into LANGUAGE, whatever LANGUAGE said. */
static void test_init(void **state)
{
	const char *dir = *state;
	struct capture c;

	(void)dir;
	assert_int_equal(setenv("LANGUAGE", "fr:de", 1), 0);
	i18n_init("en", NULL);
	assert_string_equal(i18n_language(), "en");
	assert_string_equal(getenv("LANGUAGE"), "en");
	assert_int_equal(unsetenv("LANGUAGE"), 0);
	assert_int_equal(unsetenv("LC_ALL"), 0);
	assert_int_equal(unsetenv("LC_MESSAGES"), 0);
	write_setting(dir, "en\n", 3);
	i18n_init(NULL, dir);
	assert_string_equal(i18n_language(), "en");
	assert_string_equal(getenv("LANGUAGE"), "en");
	/* --lang wins over the setting. */
	i18n_init("vi", dir);
	assert_string_equal(i18n_language(), "vi");
	assert_string_equal(getenv("LANGUAGE"), "vi");
	/* A refused setting: a warning naming the file, and the default. */
	write_setting(dir, "english\n", 8);
	cap_open(&c);
	err_stream = c.f;
	i18n_init(NULL, dir);
	err_stream = NULL;
	assert_string_equal(i18n_language(), "vi");
	{
		const char *out = cap_close(&c);
		char *path = setting_path(dir);

		assert_true(!strncmp(out, "plantrack: ", 11));
		assert_non_null(strstr(out, path));
		assert_null(strstr(out, "english"));	/* never quoted */
		assert_int_equal(strchr(out, '\n') - out + 1, strlen(out));
		free(path);
	}
	cap_free(&c);
	/* LC_CTYPE is UTF-8 whatever the environment said. */
	assert_int_equal(setenv("LC_ALL", "C", 1), 0);
	i18n_init(NULL, NULL);
	assert_string_equal(i18n_language(), "vi");
	assert_int_equal(unsetenv("LC_ALL"), 0);
	assert_non_null(strstr(setlocale(LC_CTYPE, NULL), "UTF-8"));
}

static void test_exe_in_dir(void **state)
{
	const char *dir = *state;
	struct strbuf exe = STRBUF_INIT, sub = STRBUF_INIT;

	strbuf_addf(&exe, "%s/plantrack", dir);
	assert_true(paths_exe_in_dir(exe.buf, dir));
	/* The directory is resolved ("dir/sub/.." is dir), the exe not. */
	strbuf_addf(&sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub.buf, 0755), 0);
	strbuf_addstr(&sub, "/..");
	assert_true(paths_exe_in_dir(exe.buf, sub.buf));
	strbuf_reset(&exe);
	strbuf_addf(&exe, "%s/sub/plantrack", dir);
	assert_false(paths_exe_in_dir(exe.buf, dir));
	assert_false(paths_exe_in_dir("/usr/bin/plantrack", dir));
	assert_false(paths_exe_in_dir("plantrack", dir));	/* relative */
	assert_false(paths_exe_in_dir(exe.buf, "/nonexistent/build"));
	assert_false(paths_exe_in_dir(exe.buf, ""));
	assert_false(paths_exe_in_dir(NULL, dir));
	assert_true(paths_exe_in_dir("/plantrack", "/"));
	strbuf_release(&exe);
	strbuf_release(&sub);
}

/* The unit test binary is not build/plantrack: it uses the installed
 * paths, and never the test variable. */
static void test_installed_paths(void **state)
{
	(void)state;
	assert_int_equal(setenv("PLANTRACK_TEST_LOCALEDIR", "/tmp/evil", 1), 0);
	assert_false(paths_uninstalled());
	assert_string_equal(paths_localedir(), PT_LOCALEDIR);
	assert_string_equal(paths_bundled_plan(), PT_BUNDLED_PLAN);
	assert_int_equal(unsetenv("PLANTRACK_TEST_LOCALEDIR"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_name),
		cmocka_unit_test(test_choose),
		cmocka_unit_test_setup_teardown(test_setting_values, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_setting_hostile, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_init, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_exe_in_dir, dir_setup,
						dir_teardown),
		cmocka_unit_test(test_installed_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
