/* date.c: proleptic Gregorian day numbers, by Howard Hinnant's
 * days_from_civil / civil_from_days ("chrono-Compatible Low-Level Date
 * Algorithms"), which are exact over the whole range and need no tables. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plantrack/date.h"

static int is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int y, int m)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

pt_day date_from_ymd(int y, int m, int d)
{
	/* long long: no intermediate overflows for any int input that has
	 * a representable result. */
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;			/* [0, 399] */
	long long doy = (153LL * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (pt_day)(era * 146097 + doe - 719468);
}

void date_to_ymd(pt_day day, int *y, int *m, int *d)
{
	long long z = (long long)day + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;		/* [0, 146096] */
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;		/* March-based */
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = mm;
	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/* Parses exactly n ASCII digits; strtol would accept signs and blanks. */
static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, pt_day *out)
{
	int y, m, d;

	/* Each test stops at the first mismatch, so a short string is
	 * never read past its NUL. */
	if (!s || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || s[10] != '\0')
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	if (out)
		*out = date_from_ymd(y, m, d);
	return 0;
}

/* One or two ASCII digits, then the byte stop; returns what follows. */
static const char *small_number(const char *s, char stop, int *out)
{
	int n = 0, v = 0;

	while (n < 2 && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (!n || s[n] != stop)
		return NULL;
	*out = v;
	return s + n + 1;
}

int date_parse_user(const char *s, pt_day *out)
{
	int y, m, d;

	if (!s || !strchr(s, '/'))
		return date_parse(s, out);
	/* DD/MM/YYYY, as Vietnamese documents write dates; people also type
	 * 5/6/2026. The year has four digits: 20/5/26 is ambiguous. */
	if (!(s = small_number(s, '/', &d)) || !(s = small_number(s, '/', &m)) ||
	    digits(s, 4, &y) || s[4] != '\0')
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	if (out)
		*out = date_from_ymd(y, m, d);
	return 0;
}

/* n (0..10^width - 1, width 2 or 4) as width digits at p: each a
 * division by a constant, none waiting on the one before. */
static void put_digits(char *p, int n, int width)
{
	unsigned u = (unsigned)n;

	if (width == 4) {
		p[0] = (char)('0' + u / 1000);
		p[1] = (char)('0' + u / 100 % 10);
		p += 2;
		u %= 100;
	}
	p[0] = (char)('0' + u / 10);
	p[1] = (char)('0' + u % 10);
}

/* Written digit by digit, not with snprintf: list and the reports
 * format a date per row, and snprintf costs ten times as much. */
static void format(pt_day day, char buf[11], int iso)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		/* would not fit in 10 bytes */
		memcpy(buf, iso ? "\?\?\?\?-\?\?-\?\?" : "\?\?/\?\?/\?\?\?\?",
		       11);
		return;
	}
	if (iso) {
		put_digits(buf, y, 4);
		buf[4] = '-';
		put_digits(buf + 5, m, 2);
		buf[7] = '-';
		put_digits(buf + 8, d, 2);
	} else {
		put_digits(buf, d, 2);
		buf[2] = '/';
		put_digits(buf + 3, m, 2);
		buf[5] = '/';
		put_digits(buf + 6, y, 4);
	}
	buf[10] = '\0';
}

void date_format_iso(pt_day day, char buf[11])
{
	format(day, buf, 1);
}

void date_format_vn(pt_day day, char buf[11])
{
	format(day, buf, 0);
}

pt_day date_of_time(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return PT_DAY_NONE;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

pt_day date_today(void)
{
	time_t t = time(NULL);

	if (t == (time_t)-1)
		return PT_DAY_NONE;
	return date_of_time(t);
}
