/* test_instant.c: RFC 3339 instants: strict parsing independent of TZ,
 * formatting in local time, the end of a local day. */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "testutil.h"

#include "plantrack/date.h"
#include "plantrack/instant.h"

/* 2026-05-19T03:00:00Z */
#define T0 ((time_t)1779159600)

static void set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static int setup_hcm(void **state)
{
	(void)state;
	set_tz("Asia/Ho_Chi_Minh");
	return 0;
}

static int setup_utc(void **state)
{
	(void)state;
	set_tz("UTC");
	return 0;
}

static int teardown_tz(void **state)
{
	(void)state;
	unsetenv("TZ");
	tzset();
	return 0;
}

static void test_parse_valid(void **state)
{
	time_t t;
	int off;

	(void)state;
	assert_int_equal(instant_parse("2026-05-19T10:00:00+07:00", &t, &off),
			 0);
	assert_int_equal(t, T0);
	assert_int_equal(off, 7 * 3600);
	assert_int_equal(instant_parse("2026-05-19T03:00:00Z", &t, &off), 0);
	assert_int_equal(t, T0);
	assert_int_equal(off, 0);
	assert_int_equal(instant_parse("2026-05-18T23:30:00-03:30", &t, &off),
			 0);
	assert_int_equal(t, T0);
	assert_int_equal(off, -(3 * 3600 + 30 * 60));
	assert_int_equal(instant_parse("1970-01-01T00:00:00Z", &t, NULL), 0);
	assert_int_equal(t, 0);
	assert_int_equal(instant_parse("1969-12-31T23:59:59Z", &t, NULL), 0);
	assert_int_equal(t, -1);
	/* Leap day, extremes of the offset and of the clock. */
	assert_int_equal(instant_parse("2024-02-29T23:59:59+23:59", &t, &off),
			 0);
	assert_int_equal(off, 23 * 3600 + 59 * 60);
	assert_int_equal(instant_parse("0001-01-01T00:00:00Z", &t, NULL), 0);
	assert_int_equal(instant_parse("9999-12-31T23:59:59-23:59", &t, NULL),
			 0);
	/* Outputs are optional. */
	assert_int_equal(instant_parse("2026-05-19T10:00:00+07:00", NULL,
				       NULL), 0);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-05-19",
		"2026-05-19T10:00:00",		/* no offset */
		"2026-05-19 10:00:00+07:00",	/* space, not T */
		"2026-05-19t10:00:00+07:00",
		"2026-05-19T10:00:00z",
		"2026-05-19T10:00:00+0700",
		"2026-05-19T10:00:00+07",
		"2026-05-19T10:00+07:00",
		"2026-05-19T10:00:00.5+07:00",	/* fractions */
		"2026-5-19T10:00:00+07:00",
		"26-05-19T10:00:00+07:00",
		"+2026-05-19T10:00:00+07:00",
		"2026-05-19T10:00:00+07:00 ",
		" 2026-05-19T10:00:00+07:00",
		"2026-05-19T10:00:00Z+07:00",
		"2026-13-01T00:00:00Z",
		"2026-00-01T00:00:00Z",
		"2026-02-29T00:00:00Z",		/* not a leap year */
		"1900-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z",
		"2026-05-00T00:00:00Z",
		"0000-01-01T00:00:00Z",
		"2026-05-19T24:00:00Z",
		"2026-05-19T23:60:00Z",
		"2026-05-19T23:59:60Z",		/* leap second */
		"2026-05-19T10:00:00+24:00",
		"2026-05-19T10:00:00+07:60",
		("2026-05-19T10:00:00\xc2\xb1" "07:00"),	/* ± */
		"2026-05-19T1a:00:00+07:00",
		"2026-05-19T10:00:00+-7:00",
		"2026-05-19T10:00:00 07:00",
	};
	time_t t = 42;
	int off = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		if (instant_parse(bad[i], &t, &off) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(errno, EINVAL);
		/* Nothing is written on failure. */
		assert_int_equal(t, 42);
		assert_int_equal(off, 42);
	}
	assert_int_equal(instant_parse(NULL, &t, &off), -1);
}

/* Parsing is arithmetic: the same text is the same instant under any TZ. */
static void test_parse_tz_independent(void **state)
{
	time_t a, b;

	(void)state;
	set_tz("UTC");
	assert_int_equal(instant_parse("2026-05-19T10:00:00+07:00", &a, NULL),
			 0);
	set_tz("America/New_York");
	assert_int_equal(instant_parse("2026-05-19T10:00:00+07:00", &b, NULL),
			 0);
	assert_int_equal(a, b);
	assert_int_equal(a, T0);
	set_tz("Asia/Ho_Chi_Minh");
}

static void test_format_local(void **state)
{
	char buf[INSTANT_LEN];
	time_t t;
	int off;

	(void)state;
	assert_int_equal(instant_format(T0, buf), 0);
	assert_string_equal(buf, "2026-05-19T10:00:00+07:00");
	/* South Vietnam kept +08:00 until 1975: the offset is the one in
	 * force at t, not today's. */
	assert_int_equal(instant_format(0, buf), 0);
	assert_string_equal(buf, "1970-01-01T08:00:00+08:00");
	assert_int_equal(instant_parse(buf, &t, &off), 0);
	assert_int_equal(t, 0);
	assert_int_equal(off, 8 * 3600);
	/* Round trip, including across the day boundary. */
	assert_int_equal(instant_format(T0 + 14 * 3600 + 59, buf), 0);
	assert_string_equal(buf, "2026-05-20T00:00:59+07:00");
	assert_int_equal(instant_parse(buf, &t, &off), 0);
	assert_int_equal(t, T0 + 14 * 3600 + 59);
	assert_int_equal(off, 7 * 3600);
}

static void test_format_utc(void **state)
{
	char buf[INSTANT_LEN];

	(void)state;
	/* Never "Z" when writing. */
	assert_int_equal(instant_format(T0, buf), 0);
	assert_string_equal(buf, "2026-05-19T03:00:00+00:00");
	assert_int_equal(instant_format(-1, buf), 0);
	assert_string_equal(buf, "1969-12-31T23:59:59+00:00");
}

static void test_format_negative_offset(void **state)
{
	char buf[INSTANT_LEN];
	time_t t;

	(void)state;
	set_tz("America/St_Johns");	/* -03:30 in winter */
	assert_int_equal(instant_format(1767225600, buf), 0);	/* 2026-01-01Z */
	assert_string_equal(buf, "2025-12-31T20:30:00-03:30");
	assert_int_equal(instant_parse(buf, &t, NULL), 0);
	assert_int_equal(t, 1767225600);
	set_tz("Asia/Ho_Chi_Minh");
}

/* Before 1906 Saigon kept local mean time, +07:06:40: the text cannot
 * hold seconds of offset, yet must still name the same instant. */
static void test_format_lmt(void **state)
{
	char buf[INSTANT_LEN];
	time_t t = -2524521600;	/* 1890-01-01T00:00:00Z */
	time_t back;

	(void)state;
	assert_int_equal(instant_format(t, buf), 0);
	assert_int_equal(strlen(buf), INSTANT_LEN - 1);
	assert_int_equal(instant_parse(buf, &back, NULL), 0);
	assert_int_equal(back, t);
}

static void test_format_offset(void **state)
{
	char buf[INSTANT_LEN];
	time_t t;
	int off;

	(void)state;
	assert_int_equal(instant_format_offset(T0, 7 * 3600, buf), 0);
	assert_string_equal(buf, "2026-05-19T10:00:00+07:00");
	assert_int_equal(instant_format_offset(T0, 0, buf), 0);
	assert_string_equal(buf, "2026-05-19T03:00:00+00:00");
	assert_int_equal(instant_format_offset(T0, -(9 * 3600 + 30 * 60), buf),
			 0);
	assert_string_equal(buf, "2026-05-18T17:30:00-09:30");
	assert_int_equal(instant_parse(buf, &t, &off), 0);
	assert_int_equal(t, T0);
	assert_int_equal(off, -(9 * 3600 + 30 * 60));
	assert_int_equal(instant_format_offset(-1, 0, buf), 0);
	assert_string_equal(buf, "1969-12-31T23:59:59+00:00");
	/* Offsets the text cannot hold. */
	assert_int_equal(instant_format_offset(T0, 24 * 3600, buf), -1);
	assert_int_equal(instant_format_offset(T0, -24 * 3600, buf), -1);
	assert_int_equal(instant_format_offset(T0, 25, buf), -1);
	/* Years the four digits cannot hold. */
	assert_int_equal(instant_format_offset((time_t)253402300800, 0, buf),
			 -1);	/* 10000-01-01 */
	assert_int_equal(instant_format_offset((time_t)253402300799, 0, buf),
			 0);
	assert_string_equal(buf, "9999-12-31T23:59:59+00:00");
}

static void test_end_of_day(void **state)
{
	time_t t;

	(void)state;
	t = instant_end_of_day(date_from_ymd(2026, 5, 20));
	/* 2026-05-20T23:59:59+07:00 */
	assert_int_equal(t, 1779296399);
	assert_int_equal(instant_day(t, 7 * 3600), date_from_ymd(2026, 5, 20));
	assert_int_equal(instant_day(t + 1, 7 * 3600),
			 date_from_ymd(2026, 5, 21));
}

static void test_end_of_day_utc(void **state)
{
	(void)state;
	assert_int_equal(instant_end_of_day(date_from_ymd(2026, 5, 20)),
			 1779321599);
	assert_int_equal(instant_end_of_day(date_from_ymd(1970, 1, 1)), 86399);
}

/* A day with a summer-time change still ends at 23:59:59 local time. */
static void test_end_of_day_dst(void **state)
{
	char buf[INSTANT_LEN];

	(void)state;
	set_tz("Europe/Berlin");
	assert_int_equal(instant_format(instant_end_of_day(
		date_from_ymd(2026, 3, 29)), buf), 0);
	assert_string_equal(buf, "2026-03-29T23:59:59+02:00");
	assert_int_equal(instant_format(instant_end_of_day(
		date_from_ymd(2026, 10, 25)), buf), 0);
	assert_string_equal(buf, "2026-10-25T23:59:59+01:00");
	set_tz("Asia/Ho_Chi_Minh");
}

static void test_instant_day(void **state)
{
	(void)state;
	assert_int_equal(instant_day(T0, 7 * 3600), date_from_ymd(2026, 5, 19));
	/* 03:00Z is still the 18th eight hours west. */
	assert_int_equal(instant_day(T0, -8 * 3600),
			 date_from_ymd(2026, 5, 18));
	/* Floor, not truncation, before 1970. */
	assert_int_equal(instant_day(-1, 0), date_from_ymd(1969, 12, 31));
	assert_int_equal(instant_day(0, 0), date_from_ymd(1970, 1, 1));
	assert_int_equal(instant_day(-86400, 0), date_from_ymd(1969, 12, 31));
	assert_int_equal(instant_day(-86401, 0), date_from_ymd(1969, 12, 30));
}

/* Every second of a year round-trips through the local format (sampled
 * at a stride that hits every hour, minute and second value). */
static void test_roundtrip_sweep(void **state)
{
	char buf[INSTANT_LEN];
	time_t t, back;
	int off;

	(void)state;
	for (t = 1767225600; t < 1767225600 + 366 * 86400; t += 7919) {
		assert_int_equal(instant_format(t, buf), 0);
		assert_int_equal(instant_parse(buf, &back, &off), 0);
		assert_int_equal(back, t);
		assert_int_equal(off, 7 * 3600);
		assert_int_equal(instant_day(t, off), date_of_time(t));
	}
}

/* instant_format as it was, with strftime and snprintf: the reference
 * the hand-written digits must match byte for byte. */
static int old_format(time_t t, char buf[INSTANT_LEN])
{
	struct tm tm;
	long off;
	size_t n;

	if (!localtime_r(&t, &tm))
		return -1;
	off = tm.tm_gmtoff;
	if (off < -(23 * 3600 + 59 * 60) || off > 23 * 3600 + 59 * 60)
		return -1;
	if (off % 60 || tm.tm_year < 1000 - 1900 || tm.tm_year > 9999 - 1900)
		return instant_format_offset(t, (int)(off / 60 * 60), buf);
	n = strftime(buf, INSTANT_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n != 19)
		return -1;
	if (snprintf(buf + n, INSTANT_LEN - n, "%c%02ld:%02ld",
		     off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
		     (off < 0 ? -off : off) / 60 % 60) != INSTANT_LEN - 1 - 19)
		return -1;
	return 0;
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: reproducible, and the same under valgrind. */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* The days instant_format_in has looked up, since the zone was set. */
static struct instant_zone zone_cache;

static void check_same(time_t t)
{
	char a[INSTANT_LEN], b[INSTANT_LEN], c[INSTANT_LEN];
	int ra, rb, rc;

	memset(a, 'x', sizeof(a));
	memset(b, 'y', sizeof(b));
	memset(c, 'z', sizeof(c));
	ra = instant_format(t, a);
	rb = old_format(t, b);
	assert_int_equal(ra, rb);
	if (ra == 0)
		assert_string_equal(a, b);
	/* The day cache, looked up twice: filled, then as it was. */
	for (int k = 0; k < 2; k++) {
		rc = instant_format_in(&zone_cache, t, c);
		assert_int_equal(rc, ra);
		if (ra == 0)
			assert_string_equal(c, a);
		if (instant_day_in(&zone_cache, t) != date_of_time(t))
			fail_msg("day of %lld: %d, not %d", (long long)t,
				 (int)instant_day_in(&zone_cache, t),
				 (int)date_of_time(t));
	}
}

/* The fast digits against strftime: random instants over the years the
 * text holds, each edge (year ends, leap days, summer time changes, a
 * leap second) and the seconds around it, under zones with summer time,
 * negative, half-hour and quarter-hour offsets, local mean time and leap
 * seconds (right/UTC: tm_sec reaches 60). */
static void test_format_matches_strftime(void **state)
{
	static const char *const zones[] = {
		"Asia/Ho_Chi_Minh", "UTC", "America/New_York",
		"Europe/London", "America/St_Johns", "Asia/Kathmandu",
		"Pacific/Kiritimati", "Pacific/Pago_Pago", "right/UTC",
		"EST5EDT,M3.2.0,M11.1.0", "<-0330>3:30", "Europe/Dublin",
		/* Changes at midnight (the date goes back an hour), a skipped
		 * day, half an hour of summer time. */
		"AAA3BBB,M10.1.0/0,M2.3.0/0", "Pacific/Apia",
		"Australia/Lord_Howe",
	};
	/* 1972-06-30T23:59:60Z in right/UTC; year and leap-day edges;
	 * AAA3BBB's changes in 2025-26 and Apia's skipped day. */
	static const time_t edges[] = {
		0, -1, 78796800, 78796799, 78796801, 946684799, 946684800,
		951782400, 951868800, 1709164800, 1709251200, 1735689599,
		1735689600, 1741503600, 1762063200, 1743296400, 1761440400,
		-2208988800LL, -62135596800LL, 253402300799LL, 253402300800LL,
		1759633200, 1771120800, 1325239200,
		-30610224000LL, 32503680000LL,
	};
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	unsigned long rounds = test_rounds(20000);
	/* Every quarter of an hour and some seconds; every two and a half
	 * hours under valgrind (test_rounds), still every day's change. */
	long step = 907 * (long)(20000 / rounds);

	(void)state;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		set_tz(zones[z]);
		instant_zone_init(&zone_cache);
		for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
			for (long d = -2; d <= 2; d++)
				check_same(edges[i] + d);
		/* Three days either side of each edge: the days of a change
		 * and those around them, whichever of them the cache saw
		 * first. */
		for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
			for (long d = 3 * 86400; d >= -3 * 86400; d -= step)
				check_same(edges[i] + d);
		for (unsigned long r = 0; r < rounds; r++) {
			/* Years 0001 to 9999 and a little beyond. */
			int64_t span = 253402300800LL + 62135596800LL + 86400;
			time_t t = (time_t)((int64_t)(rng_next(&seed) %
						      (uint64_t)span) -
					    62135596800LL - 43200);

			check_same(t);
			/* And near now, where the data lives. */
			check_same((time_t)(1700000000 +
					    (int64_t)(rng_next(&seed) %
						      400000000)));
		}
	}
	set_tz("Asia/Ho_Chi_Minh");
}

int main(void)
{
	const struct CMUnitTest hcm[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_tz_independent),
		cmocka_unit_test(test_format_local),
		cmocka_unit_test(test_format_negative_offset),
		cmocka_unit_test(test_format_lmt),
		cmocka_unit_test(test_format_offset),
		cmocka_unit_test(test_end_of_day),
		cmocka_unit_test(test_end_of_day_dst),
		cmocka_unit_test(test_instant_day),
		cmocka_unit_test(test_roundtrip_sweep),
		cmocka_unit_test(test_format_matches_strftime),
	};
	const struct CMUnitTest utc[] = {
		cmocka_unit_test(test_format_utc),
		cmocka_unit_test(test_end_of_day_utc),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_instant_day),
	};
	int fails;

	fails = cmocka_run_group_tests_name("instant (Asia/Ho_Chi_Minh)", hcm,
					    setup_hcm, teardown_tz);
	fails += cmocka_run_group_tests_name("instant (UTC)", utc, setup_utc,
					     teardown_tz);
	return fails ? 1 : 0;
}
