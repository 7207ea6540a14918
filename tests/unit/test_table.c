/* test_table.c: layout by display width, cut and wrapped last column. */
#include "testutil.h"

#include <errno.h>

#include "plantrack/table.h"
#include "plantrack/utf8.h"

#define ROW(...) ((const char *const[]){ __VA_ARGS__ })

static void setup_locale(void)
{
	test_locale();
	/* Every layout below depends on it: fail loudly, not obscurely. */
	assert_int_equal(utf8_width("漢"), 2);
}

static void check_render(const struct table *t, int limit,
			 enum table_overflow overflow, const char *expect)
{
	struct capture c;

	cap_open(&c);
	table_render(t, c.f, limit, overflow);
	assert_string_equal(cap_close(&c), expect);
	cap_free(&c);
}

static struct table *departments(const char *kt_name)
{
	struct table *t;

	t = table_new(3, ROW("Mã", "Tên", "Nhóm"));
	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("KT", kt_name,
					      "plantrack-kt")), 0);
	assert_int_equal(table_add_row(t, ROW("VHXH",
		"Phòng Văn hóa - Xã hội",
		"plantrack-vhxh")), 0);
	return t;
}

static void test_vietnamese_lines_up(void **state)
{
	static const char expect[] =
		"Mã    Tên                     Nhóm\n"
		"KT    %s           plantrack-kt\n"
		"VHXH  Phòng Văn hóa - Xã hội  plantrack-vhxh\n";
	/* "Phòng Kinh tế", composed and decomposed. */
	static const char *const names[] = {
		"Phòng Kinh tế",
		"Pho\xcc\x80ng Kinh te\xcc\x82\xcc\x81",
	};
	struct table *t;
	char want[256];
	size_t i;
	int n;

	(void)state;
	setup_locale();
	for (i = 0; i < 2; i++) {
		n = snprintf(want, sizeof(want), expect, names[i]);
		assert_true(n > 0 && (size_t)n < sizeof(want));
		t = departments(names[i]);
		check_render(t, 0, TABLE_CUT, want);
		/* A generous limit changes nothing. */
		check_render(t, 200, TABLE_WRAP, want);
		table_free(t);
	}
}

static void test_cells_are_copied(void **state)
{
	char cell[] = "before";
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(2, NULL);
	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("a", cell)), 0);
	memcpy(cell, "after!", 6);
	check_render(t, 0, TABLE_CUT, "a  before\n");
	table_free(t);
}

static void test_wide_characters(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(2, ROW("K", "V"));
	assert_int_equal(table_add_row(t, ROW("漢字", "x")), 0);
	assert_int_equal(table_add_row(t, ROW("abc", "y")), 0);
	check_render(t, 0, TABLE_CUT,
		     "K     V\n"
		     "漢字  x\n"
		     "abc   y\n");
	table_free(t);
}

static void test_empty_cells(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(3, ROW("A", "B", NULL));
	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("x", "", "")), 0);
	assert_int_equal(table_add_row(t, ROW("", "yy", NULL)), 0);
	assert_int_equal(table_add_row(t, ROW(NULL, NULL, "z")), 0);
	assert_int_equal(table_add_row(t, ROW(NULL, NULL, NULL)), 0);
	assert_int_equal(table_add_row(t, ROW("w", NULL, "v")), 0);
	/* No padding after the last non-empty cell, nor an empty line's. */
	check_render(t, 0, TABLE_CUT,
		     "A  B\n"
		     "x\n"
		     "   yy\n"
		     "       z\n"
		     "\n"
		     "w      v\n");
	check_render(t, 12, TABLE_CUT,
		     "A  B\n"
		     "x\n"
		     "   yy\n"
		     "       z\n"
		     "\n"
		     "w      v\n");
	table_free(t);
}

static struct table *tasks(const char *const *headers)
{
	struct table *t = table_new(2, headers);

	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("II.3",
		"Tổ chức tuyên truyền, phổ biến kế hoạch")), 0);
	assert_int_equal(table_add_row(t, ROW("II.10", "Ngắn")), 0);
	return t;
}

static void test_no_header(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = tasks(NULL);
	check_render(t, 0, TABLE_WRAP,
		     "II.3   Tổ chức tuyên truyền, phổ biến kế hoạch\n"
		     "II.10  Ngắn\n");
	table_free(t);
}

static void test_cut(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = tasks(NULL);
	/* 20 - 7 = 13 columns for the last one. */
	check_render(t, 20, TABLE_CUT,
		     "II.3   Tổ chức tuyê…\n"
		     "II.10  Ngắn\n");
	/* Never fewer than 10, however small the limit. */
	check_render(t, 12, TABLE_CUT,
		     "II.3   Tổ chức t…\n"
		     "II.10  Ngắn\n");
	check_render(t, 1, TABLE_CUT,
		     "II.3   Tổ chức t…\n"
		     "II.10  Ngắn\n");
	table_free(t);

	/* The header row is cut like any other. */
	t = tasks(ROW("Mã", "Nội dung công việc"));
	check_render(t, 19, TABLE_CUT,
		     "Mã     Nội dung cô…\n"
		     "II.3   Tổ chức tuy…\n"
		     "II.10  Ngắn\n");
	table_free(t);
}

static void test_wrap(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = tasks(ROW("Mã", "Nội dung"));
	check_render(t, 20, TABLE_WRAP,
		     "Mã     Nội dung\n"
		     "II.3   Tổ chức tuyên\n"
		     "       truyền, phổ\n"
		     "       biến kế hoạch\n"
		     "II.10  Ngắn\n");
	table_free(t);

	/* Newlines in the cell break lines under the column too. */
	t = table_new(2, NULL);
	assert_int_equal(table_add_row(t, ROW("a", "one\ntwo\n")), 0);
	check_render(t, 40, TABLE_WRAP, "a  one\n   two\n");
	table_free(t);
}

static void test_other_columns_never_cut(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(3, NULL);
	assert_int_equal(table_add_row(t, ROW("Một cột rất rộng", "b",
					      "abcdefghijklmnop")), 0);
	check_render(t, 10, TABLE_CUT,
		     "Một cột rất rộng  b  abcdefghi…\n");
	table_free(t);
}

static void test_single_column(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(1, ROW("Chỉ tiêu"));
	assert_int_equal(table_add_row(t, ROW("abcdefghijklmnopqrstuvwxyz")),
			 0);
	check_render(t, 12, TABLE_CUT,
		     "Chỉ tiêu\n"
		     "abcdefghijk…\n");
	check_render(t, 12, TABLE_WRAP,
		     "Chỉ tiêu\n"
		     "abcdefghijkl\nmnopqrstuvwx\nyz\n");
	table_free(t);
}

static void test_new_free(void **state)
{
	struct capture c;
	struct table *t;
	size_t i;

	(void)state;
	errno = 0;
	assert_null(table_new(0, NULL));
	assert_int_equal(errno, EINVAL);
	table_free(NULL);

	/* Many rows: growth keeps every one, in order. */
	t = table_new(1, NULL);
	assert_non_null(t);
	for (i = 0; i < 100; i++)
		assert_int_equal(table_add_row(t, ROW(i % 2 ? "x" : "y")), 0);
	cap_open(&c);
	table_render(t, c.f, 0, TABLE_CUT);
	cap_close(&c);
	assert_int_equal(c.len, 200);
	for (i = 0; i < 200; i += 2) {
		assert_int_equal(c.buf[i], i / 2 % 2 ? 'x' : 'y');
		assert_int_equal(c.buf[i + 1], '\n');
	}
	cap_free(&c);
	table_free(t);

	/* An empty table prints just its header, or nothing. */
	t = table_new(2, ROW("a", "b"));
	check_render(t, 0, TABLE_CUT, "a  b\n");
	table_free(t);
	t = table_new(2, NULL);
	check_render(t, 0, TABLE_CUT, "");
	table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vietnamese_lines_up),
		cmocka_unit_test(test_cells_are_copied),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_empty_cells),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_other_columns_never_cut),
		cmocka_unit_test(test_single_column),
		cmocka_unit_test(test_new_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
