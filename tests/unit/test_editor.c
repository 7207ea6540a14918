/* test_editor.c: the user's editor (src/editor.c), run for real with
 * scripted editors, and what is kept of the text saved. */
#include "testutil.h"

#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "plantrack/editor.h"
#include "plantrack/err.h"

static char tmpdir[] = "/tmp/pt-editor-XXXXXX";

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	setenv("TMPDIR", tmpdir, 1);
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	err_stream = fopen("/dev/null", "w");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fclose(err_stream);
	err_stream = stderr;
	assert_int_equal(rmdir(tmpdir), 0);	/* no temporary file left */
	return 0;
}

static void strip_check(const char *in, const char *want)
{
	char *s = strdup(in);
	size_t n;

	assert_non_null(s);
	n = editor_strip(s, strlen(s));
	assert_string_equal(s, want);
	assert_int_equal(n, strlen(want));
	free(s);
}

static void strip_rules(void **state)
{
	(void)state;
	strip_check("", "");
	strip_check("# only a comment\n", "");
	strip_check("\n\nMột đoạn.  \n\n", "Một đoạn.");
	strip_check("  thụt lề\n", "  thụt lề");
	strip_check("# hướng dẫn\nDòng 1\n# giữa\nDòng 2\n", "Dòng 1\nDòng 2");
	strip_check("Đoạn 1\n\n\n\nĐoạn 2\n", "Đoạn 1\n\nĐoạn 2");
	strip_check("Windows\r\ntext\r\n\r\nnext\r\n", "Windows\ntext\n\nnext");
	strip_check("old Mac\rtext\r", "old Mac\ntext");
	/* A '#' after the start of a line is text. */
	strip_check("Số #12\n #not a comment", "Số #12\n #not a comment");
	assert_int_equal(editor_strip(NULL, 0), 0);
}

/* An "editor" that replaces the file with new text, as a user would. */
static void edits_file(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("EDITOR", "printf 'Kết quả\\n\\nđoạn hai\\n' >", 1);
	assert_int_equal(editor_edit("# mẫu\n", "result", &out, &len), 0);
	assert_string_equal(out, "Kết quả\n\nđoạn hai\n");
	assert_int_equal(len, strlen(out));
	free(out);
	unsetenv("EDITOR");
}

/* VISUAL wins over EDITOR; an editor that saves nothing new returns
 * the template as it was. */
static void visual_first(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("VISUAL", "true", 1);
	setenv("EDITOR", "false", 1);
	assert_int_equal(editor_edit("# mẫu\nx\n", "result", &out, &len), 0);
	assert_string_equal(out, "# mẫu\nx\n");
	free(out);
	unsetenv("VISUAL");
	unsetenv("EDITOR");
}

static void editor_fails(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("EDITOR", "false", 1);
	assert_int_equal(editor_edit("x", "result", &out, &len), EX_UNAVAILABLE);
	assert_null(out);
	setenv("EDITOR", "/nonexistent/editor", 1);
	assert_int_equal(editor_edit("x", "result", &out, &len), EX_UNAVAILABLE);
	assert_null(out);
	unsetenv("EDITOR");
}

/* The editor sees a file of the caller's, readable by nobody else. */
static void private_file(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("EDITOR", "f() { stat -c %a \"$1\" > \"$1\"; }; f", 1);
	assert_int_equal(editor_edit("x", "result", &out, &len), 0);
	assert_string_equal(out, "600\n");
	free(out);
	unsetenv("EDITOR");
}

static void too_long(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("EDITOR", "head -c 1048577 /dev/zero | tr '\\0' a >", 1);
	assert_int_equal(editor_edit("x", "result", &out, &len), EX_DATAERR);
	assert_null(out);
	unsetenv("EDITOR");
}

static void no_tmpdir(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	setenv("TMPDIR", "/nonexistent", 1);
	setenv("EDITOR", "true", 1);
	assert_int_equal(editor_edit("x", "result", &out, &len), EX_CANTCREAT);
	setenv("TMPDIR", tmpdir, 1);
	unsetenv("EDITOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strip_rules),
		cmocka_unit_test(edits_file),
		cmocka_unit_test(visual_first),
		cmocka_unit_test(editor_fails),
		cmocka_unit_test(private_file),
		cmocka_unit_test(too_long),
		cmocka_unit_test(no_tmpdir),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, setup, teardown);
}
