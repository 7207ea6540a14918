/* test_table.c: layout by display width, cut and wrapped last column,
 * cells that cannot fool a terminal. */
#define _GNU_SOURCE	/* fopencookie */
#include "testutil.h"

#include <errno.h>

#include "plantrack/split.h"
#include "plantrack/table.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

#include "adversarial_text.h"
#include "facts_region.h"

#define ROW(...) ((const char *const[]){ __VA_ARGS__ })

static void setup_locale(void)
{
	test_locale();
	/* Every layout below depends on it: fail loudly, not obscurely. */
	assert_int_equal(utf8_width("漢"), 2);
}

/* Output captured into memory the test keeps from one capture to the
 * next (sink_open empties it, sink_close reads it, sink_free frees it).
 * test_rows_unkept_match_kept renders 100 MB in 360 tables of up to
 * 800 KB: a new memstream for each grew, copied and faulted in fresh
 * pages every time, 42 s of the ASan build's run. */
struct sink {
	FILE *f;
	char *buf;
	size_t len, cap;
};

static ssize_t sink_write(void *cookie, const char *d, size_t n)
{
	struct sink *s = cookie;

	if (s->cap - s->len <= n) {
		size_t cap = s->cap ? s->cap : 65536;
		char *b;

		while (cap - s->len <= n)
			cap *= 2;
		b = realloc(s->buf, cap);
		if (!b)
			return -1;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, d, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return (ssize_t)n;
}

static void sink_open(struct sink *s)
{
	s->len = 0;
	if (s->buf)
		s->buf[0] = '\0';
	s->f = fopencookie(s, "w",
			   (cookie_io_functions_t){ .write = sink_write });
	assert_non_null(s->f);
}

static const char *sink_close(struct sink *s)
{
	assert_int_equal(fclose(s->f), 0);
	s->f = NULL;
	return s->buf ? s->buf : "";
}

static void sink_free(struct sink *s)
{
	if (s->f)
		fclose(s->f);
	free(s->buf);
	*s = (struct sink){ NULL, NULL, 0, 0 };
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


/* ---- what a terminal is given ---- */

static void check_escape(const char *in, int keep, const char *want)
{
	char *got = table_escape(in, keep);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_escape(void **state)
{
	(void)state;
	/* Vietnamese, backslashes and wide characters stay as written. */
	check_escape("Phòng Kinh tế \\ 漢字", 0, "Phòng Kinh tế \\ 漢字");
	check_escape(NULL, 0, "");
	/* ESC (cursor movement, colours, title), BEL, DEL, NUL-free C0. */
	check_escape("a\x1b[2J\x1b]0;x\x07" "b\x7f" "c\x01", 0,
		     "a\\x1b[2J\\x1b]0;x\\x07b\\x7fc\\x01");
	/* CR would return to the start of the line and overwrite it. */
	check_escape("ok\rFAKE", 0, "ok\\rFAKE");
	/* A tab is a blank; a newline stays or is written \n. */
	check_escape("a\tb\nc", 1, "a b\nc");
	check_escape("a\tb\nc", 0, "a b\\nc");
	/* C1 controls: U+009B is CSI on some terminals, U+0085 NEL. */
	check_escape("x\xc2\x9b" "2Jy\xc2\x85z", 0, "x\\u009b2Jy\\u0085z");
	/* Bidi overrides, embeddings, isolates, marks, and the line and
	 * paragraph separators. */
	check_escape("\xe2\x80\xae" "cod.exe", 0, "\\u202ecod.exe");
	check_escape("a\xe2\x80\xaa\xe2\x80\xac\xe2\x81\xa6\xe2\x81\xa9"
		     "\xe2\x80\x8f\xd8\x9c" "b", 0,
		     "a\\u202a\\u202c\\u2066\\u2069\\u200f\\u061cb");
	check_escape("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a\\u2028b\\u2029");
	/* Not UTF-8: each bad byte. */
	check_escape("a\xff\xc3" "b", 0, "a\\xff\\xc3b");
	/* The same after eight bytes and more of plain text, which are
	 * looked at a word at a time, and after letters with diacritics. */
	check_escape("abcdefghijklmnop\x7fq", 0, "abcdefghijklmnop\\x7fq");
	check_escape("abcdefghij\rk", 0, "abcdefghij\\rk");
	check_escape("Tiếng Việt đầy đủ\xc2\x9b", 0,
		     "Tiếng Việt đầy đủ\\u009b");
	check_escape("Tiếng Việt đầy đủ\xe2\x80\xae", 0,
		     "Tiếng Việt đầy đủ\\u202e");
	check_escape("Tiếng Việt đầy đủ\xed\xa0\x80", 0,
		     "Tiếng Việt đầy đủ\\xed\\xa0\\x80");
	check_escape("Tiếng Việt đầy đủ\xe1\xbb", 0,
		     "Tiếng Việt đầy đủ\\xe1\\xbb");
	check_escape("abcdefgh\nijklmnop", 1, "abcdefgh\nijklmnop");
	check_escape("abcdefgh\nijklmnop", 0, "abcdefgh\\nijklmnop");
	check_escape("\xf0\x9f\x98\x80 abcdefgh", 0, "\xf0\x9f\x98\x80 abcdefgh");
}

/* history: a coordinating department's note with a newline printed what
 * looked like a row of its own, by another user, another department. */
static void test_newline_continues_the_cell(void **state)
{
	static const char fake[] = "góp ý\n"
		"2026-05-20T09:00:00+07:00  aud_hcc  HCC  II.3  Hoàn thành";
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(4, ROW("Thời gian", "Người dùng", "Đơn vị", "Thay đổi"));
	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("2026-05-19", "lan", "VHXH",
					      fake)), 0);
	assert_int_equal(table_add_row(t, ROW("2026-05-21", "minh", "KT",
					      "ok")), 0);
	/* Unlimited, wrapped and cut: the second line stays in its column. */
	check_render(t, 0, TABLE_CUT,
		"Thời gian   Người dùng  Đơn vị  Thay đổi\n"
		"2026-05-19  lan         VHXH    góp ý\n"
		"                                2026-05-20T09:00:00+07:00  aud_hcc  HCC  II.3  Hoàn thành\n"
		"2026-05-21  minh        KT      ok\n");
	check_render(t, 60, TABLE_WRAP,
		"Thời gian   Người dùng  Đơn vị  Thay đổi\n"
		"2026-05-19  lan         VHXH    góp ý\n"
		"                                2026-05-20T09:00:00+07:00\n"
		"                                aud_hcc  HCC  II.3  Hoàn\n"
		"                                thành\n"
		"2026-05-21  minh        KT      ok\n");
	check_render(t, 50, TABLE_CUT,
		"Thời gian   Người dùng  Đơn vị  Thay đổi\n"
		"2026-05-19  lan         VHXH    góp ý\n"
		"                                2026-05-20T09:00:…\n"
		"2026-05-21  minh        KT      ok\n");
	table_free(t);

	/* In another column, too: the cells after it stay on its first
	 * line; the column is as wide as its widest line. */
	t = table_new(3, NULL);
	assert_int_equal(table_add_row(t, ROW("a\nlonger", "b", "c")), 0);
	assert_int_equal(table_add_row(t, ROW("x", "y\nz", "w")), 0);
	check_render(t, 0, TABLE_CUT,
		     "a       b  c\n"
		     "longer\n"
		     "x       y  w\n"
		     "        z\n");
	table_free(t);
}

static void test_cells_are_escaped(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(2, NULL);
	assert_int_equal(table_add_row(t, ROW("\xe2\x80\xae" "abc",
					      "x\x1b[31mred\rFAKE")), 0);
	assert_int_equal(table_add_row(t, ROW("abcdefghij", "y")), 0);
	/* Widths are those of what is printed: \u202e is six columns. */
	check_render(t, 0, TABLE_CUT,
		     "\\u202eabc   x\\x1b[31mred\\rFAKE\n"
		     "abcdefghij  y\n");
	table_free(t);
}

/* A column of the program's own colours is copied as it is. */
static void test_markup_column(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(3, NULL);
	table_set_markup(t, 1);
	table_set_markup(t, 7);		/* no such column: ignored */
	assert_int_equal(table_add_row(t, ROW("\x1b[1mA", "\x1b[32mdone\x1b[m",
					      "z")), 0);
	assert_int_equal(table_add_row(t, ROW("B", "in progress", "z")), 0);
	check_render(t, 0, TABLE_CUT,
		     "\\x1b[1mA  \x1b[32mdone\x1b[m         z\n"
		     "B         in progress  z\n");
	table_free(t);
}

/* TABLE_FIT: the columns before the last wrap to leave it a fair share
 * (a third of the limit), none below its longest word. */
static void test_fit(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(3, ROW("Mã", "Trạng thái", "Nhiệm vụ"));
	assert_non_null(t);
	assert_int_equal(table_add_row(t, ROW("II.3", "Đang thực hiện 40%",
		"Tổ chức tuyên truyền, phổ biến kế hoạch đến cán bộ")), 0);
	/* TABLE_WRAP leaves the last column its minimum of 10. */
	check_render(t, 30, TABLE_WRAP,
		     "Mã    Trạng thái          Nhiệm vụ\n"
		     "II.3  Đang thực hiện 40%  Tổ chức\n"
		     "                          tuyên\n"
		     "                          truyền,\n"
		     "                          phổ biến\n"
		     "                          kế hoạch\n"
		     "                          đến cán bộ\n");
	/* 30 columns: a third is 10; the status column is narrowed to 12
	 * and uses 10, the last has the other 2. */
	check_render(t, 30, TABLE_FIT,
		     "Mã    Trạng thái  Nhiệm vụ\n"
		     "II.3  Đang thực   Tổ chức\n"
		     "      hiện 40%    tuyên\n"
		     "                  truyền, phổ\n"
		     "                  biến kế\n"
		     "                  hoạch đến\n"
		     "                  cán bộ\n");
	/* 45: a third is 15, and the last has 19 without narrowing. */
	check_render(t, 45, TABLE_FIT,
		     "Mã    Trạng thái          Nhiệm vụ\n"
		     "II.3  Đang thực hiện 40%  Tổ chức tuyên\n"
		     "                          truyền, phổ biến kế\n"
		     "                          hoạch đến cán bộ\n");
	/* Room enough: as TABLE_WRAP; unlimited: as it is. */
	check_render(t, 80, TABLE_FIT,
		     "Mã    Trạng thái          Nhiệm vụ\n"
		     "II.3  Đang thực hiện 40%  Tổ chức tuyên truyền, phổ biến "
		     "kế hoạch đến cán bộ\n");
	check_render(t, 0, TABLE_FIT,
		     "Mã    Trạng thái          Nhiệm vụ\n"
		     "II.3  Đang thực hiện 40%  Tổ chức tuyên truyền, phổ biến "
		     "kế hoạch đến cán bộ\n");
	/* Too narrow for even the longest words: those stay whole, and the
	 * last column keeps its minimum; the table is wider than asked. */
	check_render(t, 12, TABLE_FIT,
		     "Mã    Trạng  Nhiệm vụ\n"
		     "      thái\n"
		     "II.3  Đang   Tổ chức\n"
		     "      thực   tuyên\n"
		     "      hiện   truyền,\n"
		     "      40%    phổ biến\n"
		     "             kế hoạch\n"
		     "             đến cán bộ\n");
	table_free(t);
}

/* A colour the wrap splits ends with each line and starts again on the
 * next: the padding and the next cell are never coloured. */
static void test_fit_markup(void **state)
{
	struct table *t;

	(void)state;
	setup_locale();
	t = table_new(3, NULL);
	assert_non_null(t);
	table_set_markup(t, 1);
	assert_int_equal(table_add_row(t, ROW("II.3",
		"\x1b[33mĐang thực hiện 40%\x1b[m, \x1b[2mKT —\x1b[m",
		"Tổ chức tuyên truyền, phổ biến kế hoạch")), 0);
	check_render(t, 30, TABLE_FIT,
		     "II.3  \x1b[33mĐang thực\x1b[m     Tổ chức\n"
		     "      \x1b[33mhiện 40%\x1b[m, \x1b[2mKT\x1b[m  tuyên\n"
		     "      \x1b[2m—\x1b[m             truyền,\n"
		     "                    phổ biến\n"
		     "                    kế hoạch\n");
	table_free(t);
}

/* What table_escape keeps, the slow way: every character decoded. */
static int ref_keeps(const char *s, size_t len, size_t i, int keep_newlines,
		     size_t *n)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;

	*n = 1;
	if ((c >= 0x20 && c < 0x7f) || (c == '\n' && keep_newlines))
		return 1;
	if (c < 0x80)
		return 0;
	*n = utf8_decode(s + i, len - i, &cp);
	if (!*n) {
		*n = 1;
		return 0;
	}
	return !(cp >= 0x80 && cp <= 0x9f) && !(cp == 0x061c ||
		cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		(cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029);
}

/* table_escape, the slow way: into out (at least 6 * len + 1). */
static void ref_escape(const char *s, int keep_newlines, char *out)
{
	size_t len = strlen(s), n;
	char *o = out;
	uint32_t cp;

	for (size_t i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		if (ref_keeps(s, len, i, keep_newlines, &n)) {
			memcpy(o, s + i, n);
			o += n;
		} else if (c == '\n') {
			o += sprintf(o, "\\n");
		} else if (c == '\r') {
			o += sprintf(o, "\\r");
		} else if (c == '\t') {
			*o++ = ' ';
		} else if (c < 0x80 || !utf8_decode(s + i, len - i, &cp)) {
			o += sprintf(o, "\\x%02x", c);
		} else {
			o += sprintf(o, "\\u%04x", (unsigned)cp);
		}
	}
	*o = '\0';
}

/* textscan_term and table_escape against the slow path on random
 * adversarial text: the scan stops exactly where the slow path first
 * escapes, says whether a newline came before, and the escaped text is
 * the same bytes. */
static void test_fast_scan_matches_slow(void **state)
{
	static char s[600], expect[600 * 6 + 1];

	(void)state;
	for (unsigned long k = 0, n_k = test_rounds(40000); k < n_k; k++) {
		size_t len = adv_text(s, sizeof(s)), first = 0, n = 1;
		int keep = k & 1, nl = -1, ref_nl = 0;
		char *esc;

		while (first < len && ref_keeps(s, len, first, keep, &n)) {
			ref_nl |= s[first] == '\n';
			first += n;
		}
		if (textscan_term(s, len, keep, &nl) != first || nl != ref_nl)
			fail_msg("textscan_term: %zu (nl %d), not %zu (nl %d), "
				 "case %d", textscan_term(s, len, keep, &nl), nl,
				 first, ref_nl, k);
		ref_escape(s, keep, expect);
		esc = table_escape(s, keep);
		assert_non_null(esc);
		assert_string_equal(esc, expect);
		free(esc);
	}
}

/* The same at the end of the text: every clean length, then a character
 * cut short or one to escape (adv_cut_case). */
static void test_scan_cut_at_end(void **state)
{
	static char s[64];

	(void)state;
	for (unsigned k = 0; k < ADV_CUT_CASES; k++) {
		size_t len = adv_cut_case(k, s), first = 0, n = 1;
		int keep = k & 1, nl = -1, ref_nl = 0;

		while (first < len && ref_keeps(s, len, first, keep, &n)) {
			ref_nl |= s[first] == '\n';
			first += n;
		}
		if (textscan_term(s, len, keep, &nl) != first || nl != ref_nl)
			fail_msg("textscan_term: %zu, not %zu, case %u",
				 textscan_term(s, len, keep, &nl), first, k);
	}
}

/* Each character the terminal must not be given as it is, and each of
 * its neighbours that it may, alone in ASCII or Vietnamese at every
 * place of a text of 1 to 40 bytes: in the first block of the scan, in
 * the last (which overlaps the one before) and in the padded copy of a
 * short text; newlines kept and not. */
static void test_scan_every_place(void **state)
{
	static const char *const pieces[] = {
		"\x01", "\x1b", "\x7f", "\t", "\n", "\r", "\xc2\x85",
		"\xc2\x9f", "\xd8\x9c", "\xe2\x80\x8e", "\xe2\x80\x8f",
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaa",
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9", "\x80",
		"\xc3", "\xe1\xbb", "\xed\xa0\x80", "\xe0\x80\x80",
		"\xf0\x9f\x98\x80",
		/* Neighbours, kept as they are. */
		"\xc2\xa0", "\xd8\x9b", "\xd8\x9d", "\xe2\x80\x93",
		"\xe2\x80\x8d", "\xe2\x80\x90", "\xe2\x80\xa7",
		"\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xaa",
		"\xe2\x82\xab", "\xe1\xbb\x87",
	};
	static const char *const fills[] = { "a", "\xe1\xbb\x87" };
	char s[64];

	(void)state;
	for (size_t fl = 0; fl < 2; fl++)
	for (size_t len = 1; len <= 40; len++)
	for (size_t at = 0; at < len; at++)
	for (size_t p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++) {
		size_t pl = strlen(pieces[p]), fw = strlen(fills[fl]), o = 0;

		/* Fill before and after the piece, whole characters. */
		while (o + fw <= at) {
			memcpy(s + o, fills[fl], fw);
			o += fw;
		}
		memcpy(s + o, pieces[p], pl);
		o += pl;
		while (o + fw <= len + pl) {
			memcpy(s + o, fills[fl], fw);
			o += fw;
		}
		for (int keep = 0; keep < 2; keep++) {
			size_t first = 0, n = 1;
			int nl = -1, ref_nl = 0;

			while (first < o && ref_keeps(s, o, first, keep, &n)) {
				ref_nl |= s[first] == '\n';
				first += n;
			}
			if (textscan_term(s, o, keep, &nl) != first ||
			    nl != ref_nl)
				fail_msg("textscan_term: %zu (nl %d), not %zu "
					 "(nl %d): piece %zu at %zu of %zu",
					 textscan_term(s, o, keep, &nl), nl,
					 first, ref_nl, p, at, o);
		}
	}
}

/* More distinct strings than table.c remembers a column's (SEEN), so
 * that they take each other's places. */
#define N_TEXTS 160

/* Rows borrowed (table_add_row_ref: cells used in place, a cell equal to
 * the one above taken from there, the width of a string seen before in
 * the column taken from there) print as rows copied do. */
static void test_borrowed_rows_match_copied(void **state)
{
	static char text[N_TEXTS][200];
	const char *pick[6];
	struct sink a = { NULL, NULL, 0, 0 }, b = a;

	(void)state;
	setup_locale();
	for (unsigned long round = 0, n_r = test_rounds(40); round < n_r; round++) {
		struct table *copied = table_new(4, ROW("A", "B", "C", "D"));
		struct table *borrowed = table_new(4, ROW("A", "B", "C", "D"));

		assert_non_null(copied);
		assert_non_null(borrowed);
		table_set_markup(copied, 2);
		table_set_markup(borrowed, 2);
		for (int i = 0; i < N_TEXTS; i++)
			adv_text(text[i], sizeof(text[i]));
		for (int r = 0; r < 100; r++) {
			/* Few distinct strings: the same pointer often
			 * comes again, in the row below or further down;
			 * more of them than table_render remembers
			 * (N_TEXTS). */
			for (int c = 0; c < 4; c++)
				pick[c] = adv_rand() % 9 ? text[adv_rand() %
					(r % 2 ? N_TEXTS : 8)] : NULL;
			assert_int_equal(table_add_row(copied, pick), 0);
			assert_int_equal(table_add_row_ref(borrowed, pick), 0);
		}
		for (int limit = 0; limit <= 60; limit += 30) {
			static const enum table_overflow how[] = {
				TABLE_CUT, TABLE_WRAP, TABLE_FIT,
			};

			for (int o = 0; o < 3; o++) {
				sink_open(&a);
				sink_open(&b);
				table_render(copied, a.f, limit, how[o]);
				table_render(borrowed, b.f, limit, how[o]);
				assert_string_equal(sink_close(&b), sink_close(&a));
			}
		}
		table_free(copied);
		table_free(borrowed);
	}
	sink_free(&a);
	sink_free(&b);
}

/* Rows for table_render_rows: picks[r] as they are (kept) or, two rows
 * of every three, copied into buffers that the next call overwrites
 * (transient: the same pointers, row after row, with other text); fail_at
 * stops at that call (-1). A last cell asked for only to measure the row
 * (table_unmeasured) is left as it is, and counted in unmade. */
struct rows_src {
	const char *(*picks)[4];
	char copy[4][600];
	int calls, fail_at, unmade;
};

static int rows_fn(void *ctx, size_t r, const char **cells)
{
	struct rows_src *rs = ctx;
	int n = 4;

	if (++rs->calls == rs->fail_at)
		return -1;
	if (cells[3] == table_unmeasured) {
		rs->unmade++;
		n = 3;
	} else {
		/* Any other call finds no text there. */
		assert_null(cells[3]);
	}
	for (int c = 0; c < n; c++) {
		cells[c] = rs->picks[r][c];
		if (r % 3 && cells[c]) {
			snprintf(rs->copy[c], sizeof(rs->copy[c]), "%s",
				 cells[c]);
			cells[c] = rs->copy[c];
		}
	}
	/* The last buffer's contents stale after this call. */
	return r % 3 ? TABLE_ROW_TRANSIENT : TABLE_ROW_KEPT;
}

/* Rows drawn as they come and never kept (table_render_rows) print as
 * the same rows added and rendered do, at every width and overflow;
 * a row function that fails stops the drawing before any row. */
static void test_rows_unkept_match_kept(void **state)
{
	/* Up to 599 bytes: a cell of 256 or more is written by reference
	 * unless the next row overwrites it (out.h's OUT_REF_MIN). */
	static char text[N_TEXTS][600];
	static const char *picks[100][4];
	static const enum table_overflow how[] = {
		TABLE_CUT, TABLE_WRAP, TABLE_FIT,
	};
	struct rows_src rs = { .picks = picks };
	struct sink a = { NULL, NULL, 0, 0 }, b = a;

	(void)state;
	setup_locale();
	/* Under valgrind, two: one with a header, one without. */
	for (unsigned long round = 0, n_r = test_wrapped() ? 2 :
	     test_rounds(30); round < n_r; round++) {
		struct table *kept = table_new(4, ROW("A", "B", "C", "D"));

		assert_non_null(kept);
		table_set_markup(kept, 2);
		for (int i = 0; i < N_TEXTS; i++)
			adv_text(text[i], sizeof(text[i]));
		for (int r = 0; r < 100; r++) {
			for (int c = 0; c < 4; c++)
				picks[r][c] = adv_rand() % 9 ? text[adv_rand() %
					(r % 2 ? N_TEXTS : 8)] : NULL;
			assert_int_equal(table_add_row(kept, picks[r]), 0);
		}
		for (int limit = 0; limit <= 60; limit += 30) {
			for (int o = 0; o < 3; o++) {
				struct table *t = table_new(4, round % 2 ?
					ROW("A", "B", "C", "D") : NULL);

				assert_non_null(t);
				table_set_markup(t, 2);
				sink_open(&a);
				sink_open(&b);
				if (round % 2) {
					table_render(kept, a.f, limit, how[o]);
				} else {
					/* The same rows without a header. */
					struct table *nh = table_new(4, NULL);

					assert_non_null(nh);
					table_set_markup(nh, 2);
					for (int r = 0; r < 100; r++)
						assert_int_equal(table_add_row(
							nh, picks[r]), 0);
					table_render(nh, a.f, limit, how[o]);
					table_free(nh);
				}
				rs.calls = 0;
				rs.fail_at = 0;
				rs.unmade = 0;
				table_render_rows(t, b.f, limit, how[o], 100,
						  rows_fn, &rs);
				assert_string_equal(sink_close(&b), sink_close(&a));
				/* Measured without their last cells, but where
				 * the table is fitted to a width (kept rows). */
				assert_int_equal(rs.unmade,
					limit && how[o] == TABLE_FIT ? 0 : 100);
				table_free(t);
			}
		}
		table_free(kept);
	}
	/* A header wider than its cells. */
	for (int o = 0; o < 3; o++) {
		static const char *small[100][4];
		struct table *t = table_new(4, ROW("Long header", "B", "C", "D"));
		struct table *k = table_new(4, ROW("Long header", "B", "C", "D"));

		assert_non_null(t);
		assert_non_null(k);
		for (int r = 0; r < 100; r++) {
			for (int c = 0; c < 4; c++)
				small[r][c] = r % 2 ? "x" : "yz";
			assert_int_equal(table_add_row(k, small[r]), 0);
		}
		rs.picks = small;
		rs.calls = 0;
		rs.fail_at = 0;
		sink_open(&a);
		sink_open(&b);
		table_render(k, a.f, o ? 60 : 0, how[o]);
		table_render_rows(t, b.f, o ? 60 : 0, how[o], 100, rows_fn,
				  &rs);
		assert_string_equal(sink_close(&b), sink_close(&a));
		assert_non_null(strstr(a.buf, "Long header  B"));
		table_free(t);
		table_free(k);
	}
	/* A failure while measuring: nothing printed. */
	for (int o = 0; o < 3; o++) {
		struct table *t = table_new(4, ROW("A", "B", "C", "D"));

		assert_non_null(t);
		rs.calls = 0;
		rs.fail_at = 50;
		sink_open(&b);
		table_render_rows(t, b.f, o ? 60 : 0, how[o], 100, rows_fn,
				  &rs);
		assert_string_equal(sink_close(&b), "");
		table_free(t);
	}
	sink_free(&a);
	sink_free(&b);
}

/* Rows for a table of shared rows: picks[r], kept, only read. */
static int shared_fn(void *ctx, size_t r, const char **cells)
{
	const char *(*picks)[4] = ctx;

	for (int c = 0; c < 4; c++)
		cells[c] = picks[r][c];
	return TABLE_ROW_KEPT;
}

static bool shared_ready(void *ctx)
{
	return ctx != NULL;
}

/* Shared rows (table_set_shared_rows) drawn on two threads, in chunks
 * of any size, print as the rows drawn by one: adversarial text that
 * is escaped (copied into the table's arena from both threads), cells
 * of several lines (written through a FILE of the run's own), long
 * ones written by reference, at every width and overflow. */
static void test_rows_shared_match(void **state)
{
	static char text[N_TEXTS][600];
	static const char *picks[100][4];
	static const size_t tunes[][2] = { { 2, 1 }, { 3, 2 }, { 2, 7 } };
	static const enum table_overflow how[] = {
		TABLE_CUT, TABLE_WRAP, TABLE_FIT,
	};
	struct sink a = { NULL, NULL, 0, 0 }, b = a;
	const char *want;

	(void)state;
	setup_locale();
	for (unsigned long round = 0, n_r = test_rounds(10); round < n_r;
	     round++) {
		for (int i = 0; i < N_TEXTS; i++)
			adv_text(text[i], sizeof(text[i]));
		for (int r = 0; r < 100; r++)
			for (int c = 0; c < 4; c++)
				picks[r][c] = adv_rand() % 9 ? text[adv_rand() %
					N_TEXTS] : NULL;
		for (int limit = 0; limit <= 60; limit += 30) {
			for (int o = 0; o < 3; o++) {
				struct table *one = table_new(4, round % 2 ?
					ROW("A", "B", "C", "D") : NULL);

				assert_non_null(one);
				table_set_markup(one, 2);
				sink_open(&a);
				table_render_rows(one, a.f, limit, how[o], 100,
						  shared_fn, picks);
				want = sink_close(&a);
				table_free(one);
				/* Every tuning at each width and overflow;
				 * under valgrind, where a thread's turn is
				 * slow, one of them, each three times. */
				for (size_t k = 0; k < 3; k++) {
					struct table *two;

					if (test_wrapped() &&
					    k != (size_t)(limit / 30 + o) % 3)
						continue;
					two = table_new(4,
						round % 2 ?
						ROW("A", "B", "C", "D") : NULL);

					assert_non_null(two);
					table_set_markup(two, 2);
					table_set_shared_rows(two, shared_ready);
					split_tune(tunes[k][0], tunes[k][1]);
					sink_open(&b);
					table_render_rows(two, b.f, limit,
							  how[o], 100,
							  shared_fn, picks);
					split_tune(0, 0);
					assert_string_equal(sink_close(&b),
							    want);
					table_free(two);
				}
			}
		}
	}
	sink_free(&a);
	sink_free(&b);
}

/* The strings a test put in its facts region (facts_region.h). */
static const char *texts[N_TEXTS];

static void test_text_facts(void **state)
{
	static struct facts_region r;
	static char text[200];
	size_t len;
	uint32_t n_last;
	unsigned f;
	int nl, widest, word, kept_widest, kept_word, n_widths = 0;

	(void)state;
	setup_locale();
	r.len = 0;
	for (int i = 0; i < N_TEXTS; i++) {
		adv_text(text, sizeof(text));
		texts[i] = facts_add(&r, i ? text : "");
	}
	textfacts_region(r.buf, r.len);
	for (int i = 0; i < N_TEXTS; i++) {
		const char *s = texts[i];
		size_t n = strlen(s);
		unsigned want = 0;

		if (textscan_term(s, n, 1, &nl) == n)
			want |= TEXTFACT_TERM;
		if (strchr(s, '\n'))
			want |= TEXTFACT_NL;
		if (textscan_json(s, n) == n)
			want |= TEXTFACT_JSON;
		if (strcspn(s, ",\"\r\n") == n)
			want |= TEXTFACT_CSV;
		if (!strchr(s, '"'))
			want |= TEXTFACT_NO_DQUOTE;
		if (strcspn(s, "\t\n\r&<>|*_`[]~\\#") == n && !strstr(s, "  "))
			want |= TEXTFACT_MD;
		if (strcspn(s, "&<>\"'\r") == n)
			want |= TEXTFACT_HTML;
		want |= TEXTFACT_ASCII;
		for (size_t k = 0; k < n; k++)
			if (s[k] < 0x20 || s[k] > 0x7e)
				want &= ~(unsigned)TEXTFACT_ASCII;
		/* The widths kept are what the measure of this locale
		 * finds, for simple text (most of adv_text's is not). */
		if (utf8_measure_words(s, n, &widest, &word) &&
		    widest <= UINT16_MAX && word <= UINT16_MAX)
			want |= TEXTFACT_WIDTHS;
		assert_int_equal(textfacts_get(s, &len, &f), 1);
		assert_int_equal(len, n);
		assert_int_equal(f, want);
		assert_int_equal(textfacts_widths(s, &len, &f, &kept_widest,
						  &kept_word),
				 (want & TEXTFACT_WIDTHS) != 0);
		if (want & TEXTFACT_WIDTHS) {
			assert_int_equal(kept_widest, widest);
			assert_int_equal(kept_word, word);
			n_widths++;
			/* Where the locale counts otherwise, nothing is
			 * taken from the head. */
			utf8_fast_words(0);
			assert_int_equal(textfacts_widths(s, &len, &f,
							  &kept_widest,
							  &kept_word), 0);
			utf8_fast_words(1);
		}
		/* Inside a string is not the start of one. */
		for (size_t k = 1; k <= n && k < TEXTFACTS_HEAD + 2; k++)
			assert_int_equal(textfacts_get(s + k, &len, &f), 0);
	}
	assert_true(n_widths > 0);
	/* A head whose length ends outside the region; the last byte
	 * of the region is the furthest one may end. */
	memcpy((char *)texts[1] - 4, &(uint32_t){ (uint32_t)r.len }, 4);
	assert_int_equal(textfacts_get(texts[1], &len, &f), 0);
	n_last = (uint32_t)(r.buf + r.len - 1 - texts[1]);
	memcpy((char *)texts[1] - 4, &n_last, 4);
	assert_int_equal(textfacts_get(texts[1], &len, &f), 1);
	assert_int_equal(len, n_last);
	memcpy((char *)texts[1] - 4, &(uint32_t){ n_last + 1 }, 4);
	assert_int_equal(textfacts_get(texts[1], &len, &f), 0);
	assert_int_equal(textfacts_get(text, &len, &f), 0);
	/* Facts this program does not know: no head it made. */
	assert_int_equal(textfacts_get(texts[2], &len, &f), 1);
	((char *)texts[2])[TEXTFACTS_AT_MORE] |= (char)0x80;
	assert_int_equal(textfacts_get(texts[2], &len, &f), 0);
	textfacts_region(NULL, 0);
	assert_int_equal(textfacts_get(texts[2], &len, &f), 0);
}

/* A table of strings with facts prints what one of their copies
 * (scanned) prints; and the facts are what it goes by: a head that
 * says a control character is clean lets it through. */
static void test_facts_rows_match_scanned(void **state)
{
	static struct facts_region r;
	static char text[N_TEXTS][200];
	const char *pick[3], *copy[3];
	struct sink a = { NULL, NULL, 0, 0 }, b = a;
	char *lie;

	(void)state;
	setup_locale();
	for (unsigned long round = 0, n_r = test_rounds(20); round < n_r;
	     round++) {
		struct table *scanned = table_new(3, ROW("A", "B", "C"));
		struct table *facts = table_new(3, ROW("A", "B", "C"));

		r.len = 0;
		for (int i = 0; i < N_TEXTS; i++) {
			adv_text(text[i], sizeof(text[i]));
			texts[i] = facts_add(&r, text[i]);
		}
		textfacts_region(r.buf, r.len);
		table_set_markup(scanned, 1);
		table_set_markup(facts, 1);
		for (int row = 0; row < 60; row++) {
			for (int c = 0; c < 3; c++) {
				int k = (int)(adv_rand() % N_TEXTS);

				pick[c] = texts[k];
				copy[c] = text[k];
			}
			assert_int_equal(table_add_row(scanned, copy), 0);
			assert_int_equal(table_add_row_ref(facts, pick), 0);
		}
		for (int limit = 0; limit <= 60; limit += 30) {
			sink_open(&a);
			sink_open(&b);
			table_render(scanned, a.f, limit, TABLE_WRAP);
			table_render(facts, b.f, limit, TABLE_WRAP);
			assert_string_equal(sink_close(&b), sink_close(&a));
		}
		table_free(scanned);
		table_free(facts);
	}
	r.len = 0;
	lie = (char *)facts_add(&r, "x\x1b[31my");
	lie[TEXTFACTS_AT_FLAGS] = (char)(TEXTFACT_TAG | TEXTFACT_TERM);
	textfacts_region(r.buf, r.len);
	{
		struct table *t = table_new(1, NULL);

		assert_int_equal(table_add_row_ref(t, ROW(lie)), 0);
		check_render(t, 0, TABLE_CUT, "x\x1b[31my\n");
		table_free(t);
	}
	textfacts_region(NULL, 0);
	sink_free(&a);
	sink_free(&b);
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
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_newline_continues_the_cell),
		cmocka_unit_test(test_cells_are_escaped),
		cmocka_unit_test(test_markup_column),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_markup),
		cmocka_unit_test(test_fast_scan_matches_slow),
		cmocka_unit_test(test_scan_cut_at_end),
		cmocka_unit_test(test_scan_every_place),
		cmocka_unit_test(test_borrowed_rows_match_copied),
		cmocka_unit_test(test_rows_unkept_match_kept),
		cmocka_unit_test(test_rows_shared_match),
		cmocka_unit_test(test_text_facts),
		cmocka_unit_test(test_facts_rows_match_scanned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
