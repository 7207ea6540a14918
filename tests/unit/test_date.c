/* test_date.c: day numbers, strict parsing, formatting, local dates. */
#include "testutil.h"

#include <time.h>

#include "plantrack/date.h"

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
	assert_int_equal(date_from_ymd(2026, 1, 1), 20454);
	assert_int_equal(date_from_ymd(1600, 2, 29), -135081);
	assert_int_equal(date_from_ymd(1, 1, 1), -719162);
	assert_int_equal(date_from_ymd(9999, 12, 31), 2932896);
}

static int test_days_in_month(int y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Every day from 0001-01-01 to 9999-12-31, against a naive calendar. */
static void test_every_day(void **state)
{
	int y = 1, m = 1, d = 1, gy, gm, gd;
	pt_day day;

	(void)state;
	for (day = -719162; day <= 2932896; day++) {
		if (date_from_ymd(y, m, d) != day)
			fail_msg("%04d-%02d-%02d is not day %ld", y, m, d,
				 (long)day);
		date_to_ymd(day, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			fail_msg("day %ld gave %04d-%02d-%02d, want "
				 "%04d-%02d-%02d", (long)day, gy, gm, gd,
				 y, m, d);
		if (++d > test_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

static void test_to_ymd_null(void **state)
{
	int y = 0;

	(void)state;
	date_to_ymd(0, &y, NULL, NULL);
	assert_int_equal(y, 1970);
}

static void test_parse_valid(void **state)
{
	static const struct {
		const char *s;
		pt_day day;
	} cases[] = {
		{ "1970-01-01", 0 },
		{ "1969-12-31", -1 },
		{ "2024-02-29", 19782 },
		{ "2000-02-29", 11016 },
		{ "1600-02-29", -135081 },
		{ "2026-01-01", 20454 },
		{ "0001-01-01", -719162 },
		{ "9999-12-31", 2932896 },
	};
	size_t i;
	pt_day day;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		day = PT_DAY_NONE;
		if (date_parse(cases[i].s, &day) != 0)
			fail_msg("rejected %s", cases[i].s);
		assert_int_equal(day, cases[i].day);
	}
	assert_int_equal(date_parse("2026-12-31", NULL), 0);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"2026-02-29",	/* not a leap year */
		"1900-02-29",	/* century, not a leap year */
		"2026-2-1",
		"2026-01-1",
		"2026-01-01x",
		"2026-01-01 ",
		"",
		"abcd-ef-gh",
		" 2026-01-01",
		"+026-01-01",
		"2026/01/01",
		"2026-01",
		"0000-01-01",	/* year 0 */
		"2026-00-10",
		"2026-13-01",
		"2026-04-31",
		"2026-01-00",
		"2026-01-32",
		"20260101",
		"2026-0a-01",
		"2026--1-01",
		"12026-01-01",
	};
	size_t i;
	pt_day day;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 12345;
		if (date_parse(bad[i], &day) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);	/* untouched */
	}
	assert_int_equal(date_parse(NULL, &day), -1);
}

/* What people type: YYYY-MM-DD and DD/MM/YYYY give the same days. */
static void test_parse_user(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
	} good[] = {
		{ "20/05/2026", 2026, 5, 20 },
		{ "2026-05-20", 2026, 5, 20 },
		{ "5/6/2026", 2026, 6, 5 },
		{ "05/6/2026", 2026, 6, 5 },
		{ "5/06/2026", 2026, 6, 5 },
		{ "29/02/2024", 2024, 2, 29 },
		{ "31/12/9999", 9999, 12, 31 },
		{ "01/01/0001", 1, 1, 1 },
	};
	static const char *const bad[] = {
		"29/02/2026",	/* not a leap year */
		"31/04/2026",
		"00/05/2026",
		"20/00/2026",
		"20/13/2026",
		"32/01/2026",
		"20/05/26",	/* two-digit year: ambiguous */
		"20/05/02026",
		"20/5/2026x",
		"20/5/2026 ",
		" 20/5/2026",
		"020/5/2026",
		"20/005/2026",
		"/5/2026",
		"20//2026",
		"20/5/",
		"20/5",
		"20-05-2026",	/* the dash belongs to YYYY-MM-DD */
		"2026/05/20",
		"+2/5/2026",
		"2/-5/2026",
		"20/05/0000",
		"",
		"2026-5-20",
	};
	pt_day day;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		day = PT_DAY_NONE;
		if (date_parse_user(good[i].s, &day) != 0)
			fail_msg("rejected %s", good[i].s);
		assert_int_equal(day, date_from_ymd(good[i].y, good[i].m,
						    good[i].d));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 12345;
		if (date_parse_user(bad[i], &day) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);	/* untouched */
	}
	assert_int_equal(date_parse_user(NULL, &day), -1);
	assert_int_equal(date_parse_user("1/1/2026", NULL), 0);
	/* Data files stay strict: date_parse takes no DD/MM/YYYY. */
	assert_int_equal(date_parse("20/05/2026", &day), -1);
}

static void test_format(void **state)
{
	char buf[11];

	(void)state;
	date_format_iso(date_from_ymd(2026, 3, 5), buf);
	assert_string_equal(buf, "2026-03-05");
	date_format_vn(date_from_ymd(2026, 3, 5), buf);
	assert_string_equal(buf, "05/03/2026");
	date_format_iso(0, buf);
	assert_string_equal(buf, "1970-01-01");
	date_format_iso(-719162, buf);
	assert_string_equal(buf, "0001-01-01");
	date_format_vn(2932896, buf);
	assert_string_equal(buf, "31/12/9999");
	date_format_iso(date_from_ymd(2024, 2, 29), buf);
	assert_string_equal(buf, "2024-02-29");
	/* Outside what fits in 10 bytes: a visible placeholder. */
	date_format_iso(PT_DAY_NONE, buf);
	assert_string_equal(buf, "\?\?\?\?-\?\?-\?\?");
	date_format_vn(date_from_ymd(10000, 1, 1), buf);
	assert_string_equal(buf, "\?\?/\?\?/\?\?\?\?");
}

static void test_of_time(void **state)
{
	(void)state;
	assert_int_equal(setenv("TZ", "UTC0", 1), 0);
	tzset();
	assert_int_equal(date_of_time(0), 0);
	assert_int_equal(date_of_time(86399), 0);
	assert_int_equal(date_of_time(86400), 1);
	assert_int_equal(date_of_time(-1), -1);
	/* Indochina time, UTC+7: 17:00 UTC is midnight of the next day. */
	assert_int_equal(setenv("TZ", "ICT-7", 1), 0);
	tzset();
	assert_int_equal(date_of_time(17 * 3600 - 1), 0);
	assert_int_equal(date_of_time(17 * 3600), 1);
	assert_int_equal(date_of_time(-7 * 3600), 0);
	assert_int_equal(unsetenv("TZ"), 0);
	tzset();
}

static void test_today(void **state)
{
	time_t before, after;
	pt_day today;

	(void)state;
	before = time(NULL);
	today = date_today();
	after = time(NULL);
	assert_int_not_equal(today, PT_DAY_NONE);
	assert_in_range(today, date_of_time(before), date_of_time(after));
	assert_true(today > date_from_ymd(2020, 1, 1));
}

/* Digit by digit (date.c) against snprintf, as it was formatted before:
 * every day of 1967-2189, and around the edges of what fits (years 0
 * and 10000). */
static void check_format(pt_day d)
{
	char buf[11], want[32];
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	date_format_iso(d, buf);
	if (y < 0 || y > 9999)
		snprintf(want, sizeof(want), "\?\?\?\?-\?\?-\?\?");
	else
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, dd);
	if (strcmp(buf, want))
		fail_msg("day %ld: iso %s, not %s", (long)d, buf, want);
	date_format_vn(d, buf);
	if (y < 0 || y > 9999)
		snprintf(want, sizeof(want), "\?\?/\?\?/\?\?\?\?");
	else
		snprintf(want, sizeof(want), "%02d/%02d/%04d", dd, m, y);
	if (strcmp(buf, want))
		fail_msg("day %ld: vn %s, not %s", (long)d, buf, want);
}

static void test_format_matches_snprintf(void **state)
{
	static const pt_day from[] = { -719600, -1000, 2932500 };
	static const pt_day days[] = { 800, 81000, 800 };

	(void)state;
	for (size_t i = 0; i < 3; i++)
		for (pt_day d = from[i]; d <= from[i] + days[i]; d++)
			check_format(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_to_ymd_null),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_user),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_matches_snprintf),
		cmocka_unit_test(test_of_time),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
