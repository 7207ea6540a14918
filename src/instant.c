/* instant.c: RFC 3339 instants with a numeric offset, to the second.
 *
 * Parsing is pure arithmetic on the text (days from civil plus the
 * offset), so the same file reads the same under any TZ; only formatting
 * the current local time and the end of a local day consult TZ.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "plantrack/date.h"
#include "plantrack/instant.h"

#define SECS_PER_DAY	86400L
/* ±23:59: the widest offset the text form can hold. */
#define MAX_OFFSET	(23 * 3600 + 59 * 60)

/* date_from_ymd(1, 1, 1) and date_from_ymd(9999, 12, 31), which
 * test_instant.c checks: a call for each cost as much as the format. */
#define DAY_0001_01_01	(-719162)
#define DAY_9999_12_31	2932896

/* Parses exactly n ASCII digits; strtol would accept signs and blanks. */
static int digits(const char *s, int n, int *out)
{
	int i, v = 0, ret = -1;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto out;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	ret = 0;
out:
	return ret;
}

static int leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int month_days(int y, int m)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

/* Floor division: a negative instant still belongs to the day before
 * 1970-01-01, not to day 0. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* v (0 <= v < 10^width, width 2 or 4) as width decimal digits at
 * buf + *n: two at a time, each a division by a constant. */
static void put_digits(char *buf, int *n, int v, int width)
{
	unsigned u = (unsigned)v;

	if (width == 4) {
		buf[(*n)++] = (char)('0' + u / 1000);
		buf[(*n)++] = (char)('0' + u / 100 % 10);
		u %= 100;
	}
	buf[(*n)++] = (char)('0' + u / 10);
	buf[(*n)++] = (char)('0' + u % 10);
}

/* "Thh:mm:ss" of the second of the day sod (0 <= sod < 86 400). */
static inline void put_clock(char *buf, int *n, long long sod)
{
	buf[(*n)++] = 'T';
	put_digits(buf, n, (int)(sod / 3600), 2);
	buf[(*n)++] = ':';
	put_digits(buf, n, (int)(sod / 60 % 60), 2);
	buf[(*n)++] = ':';
	put_digits(buf, n, (int)(sod % 60), 2);
}

int instant_format_offset(time_t t, int offset, char buf[INSTANT_LEN])
{
	long long local, day, sod;
	int y, mo, d, off, n, ret = -1;
	char sign;

	/* The text holds whole minutes only, and never more than 23:59. */
	if (offset < -MAX_OFFSET || offset > MAX_OFFSET || offset % 60) {
		errno = EINVAL;
		goto out;
	}
	if ((long long)t > LLONG_MAX - MAX_OFFSET ||
	    (long long)t < LLONG_MIN + MAX_OFFSET) {
		errno = EOVERFLOW;
		goto out;
	}
	local = (long long)t + offset;
	day = floor_div(local, SECS_PER_DAY);
	sod = local - day * SECS_PER_DAY;
	/* Beyond year 9999 the day does not fit pt_day's useful range, nor
	 * the four digits of the text. */
	if (day < DAY_0001_01_01 || day > DAY_9999_12_31) {
		errno = EOVERFLOW;
		goto out;
	}
	date_to_ymd((pt_day)day, &y, &mo, &d);
	sign = offset < 0 ? '-' : '+';
	off = offset < 0 ? -offset : offset;
	/* By hand: history formats one for every entry, and printf's
	 * machinery cost more than the rest of a line. Every field is in
	 * range here (checked above), so each takes its width exactly. */
	n = 0;
	put_digits(buf, &n, y, 4);
	buf[n++] = '-';
	put_digits(buf, &n, mo, 2);
	buf[n++] = '-';
	put_digits(buf, &n, d, 2);
	put_clock(buf, &n, sod);
	buf[n++] = sign;
	put_digits(buf, &n, off / 3600, 2);
	buf[n++] = ':';
	put_digits(buf, &n, off / 60 % 60, 2);
	buf[n] = '\0';
	ret = 0;
out:
	return ret;
}

int instant_format(time_t t, char buf[INSTANT_LEN])
{
	struct tm tm;
	long off;
	int n, ret = -1;
	char sign;

	if (!localtime_r(&t, &tm))
		goto out;
	off = tm.tm_gmtoff;
	/* Local mean time offsets (Asia/Ho_Chi_Minh was +07:06:40 before
	 * 1906) have seconds the text cannot hold: write the same instant
	 * at the whole-minute offset below it, which still parses back to
	 * t. */
	if (off < -MAX_OFFSET || off > MAX_OFFSET) {
		errno = EOVERFLOW;
		goto out;
	}
	/* %Y does not pad: years below 1000 take the arithmetic path too,
	 * which also refuses years the four digits cannot hold. */
	if (off % 60 || tm.tm_year < 1000 - 1900 ||
	    tm.tm_year > 9999 - 1900) {
		ret = instant_format_offset(t, (int)(off / 60 * 60), buf);
		goto out;
	}
	/* What strftime's "%Y-%m-%dT%H:%M:%S" and "%c%02ld:%02ld" wrote,
	 * by hand: they cost three times localtime_r, for every instant of
	 * report's JSON. The fields come from localtime_r (TZ, summer time,
	 * a zone's leap seconds: tm_sec may be 60), each in the range its
	 * width holds; a field outside it (never, from localtime_r) is
	 * refused rather than written in too few digits. */
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour < 0 || tm.tm_hour > 23 ||
	    tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
	    tm.tm_sec > 60) {
		errno = EOVERFLOW;
		goto out;
	}
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	n = 0;
	put_digits(buf, &n, tm.tm_year + 1900, 4);
	buf[n++] = '-';
	put_digits(buf, &n, tm.tm_mon + 1, 2);
	buf[n++] = '-';
	put_digits(buf, &n, tm.tm_mday, 2);
	buf[n++] = 'T';
	put_digits(buf, &n, tm.tm_hour, 2);
	buf[n++] = ':';
	put_digits(buf, &n, tm.tm_min, 2);
	buf[n++] = ':';
	put_digits(buf, &n, tm.tm_sec, 2);
	buf[n++] = sign;
	put_digits(buf, &n, (int)(off / 3600), 2);
	buf[n++] = ':';
	put_digits(buf, &n, (int)(off / 60 % 60), 2);
	buf[n] = '\0';
	ret = 0;
out:
	return ret;
}

void instant_zone_init(struct instant_zone *z)
{
	memset(z, 0, sizeof(*z));
}

/* Whether localtime_r(t) succeeds and reads as t plus its offset in
 * *off (no leap second counted into it). */
static int plain_local(time_t t, long *off)
{
	struct tm tm;
	long long local, day, sod;
	int y, m, d;

	if (!localtime_r(&t, &tm))
		return 0;
	*off = tm.tm_gmtoff;
	local = (long long)t + tm.tm_gmtoff;
	day = floor_div(local, SECS_PER_DAY);
	sod = local - day * SECS_PER_DAY;
	date_to_ymd((pt_day)day, &y, &m, &d);
	return y == tm.tm_year + 1900 && m == tm.tm_mon + 1 &&
	       d == tm.tm_mday && sod == tm.tm_hour * 3600L +
	       tm.tm_min * 60L + tm.tm_sec;
}

/* A UTC day for instant_format_in: whether it is uniform, and if so
 * what its instants are written with. */
static void zone_day(struct instant_zone *z, size_t slot, long long day)
{
	long off = 0, next = 0;
	int y, m, d, n;
	char sign;

	z->days[slot].day = day + 1;
	z->days[slot].uniform =
		plain_local((time_t)(day * SECS_PER_DAY), &off) &&
		plain_local((time_t)((day + 1) * SECS_PER_DAY), &next) &&
		off == next && off >= -MAX_OFFSET && off <= MAX_OFFSET;
	if (!z->days[slot].uniform)
		return;
	z->days[slot].whole = off % 60 == 0;
	/* As instant_format: the whole minute below an offset with
	 * seconds (local mean time). */
	off = off / 60 * 60;
	z->days[slot].offset = (int)off;
	z->days[slot].first = floor_div(day * SECS_PER_DAY + off,
					SECS_PER_DAY);
	for (int k = 0; k < 2; k++) {
		date_to_ymd((pt_day)(z->days[slot].first + k), &y, &m, &d);
		n = 0;
		put_digits(z->days[slot].date[k], &n, y, 4);
		z->days[slot].date[k][n++] = '-';
		put_digits(z->days[slot].date[k], &n, m, 2);
		z->days[slot].date[k][n++] = '-';
		put_digits(z->days[slot].date[k], &n, d, 2);
	}
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	n = 0;
	z->days[slot].zone[n++] = sign;
	put_digits(z->days[slot].zone, &n, (int)(off / 3600), 2);
	z->days[slot].zone[n++] = ':';
	put_digits(z->days[slot].zone, &n, (int)(off / 60 % 60), 2);
}

/* Whether t is in the years the cache holds (instant_format_in), and
 * if so the slot of its UTC day, looked up. */
static bool zone_slot(struct instant_zone *z, time_t t, size_t *slot)
{
	long long day;

	/* Days of years 1 to 9999 only, with a day to spare either side
	 * for the offset: their ends are time_t values, a day + 1 never
	 * overflows, and every local day has four digits of year. */
	if (sizeof(time_t) < 8 ||
	    (long long)t < -62135596800LL + SECS_PER_DAY ||
	    (long long)t > 253402300799LL - 2 * SECS_PER_DAY)
		return false;
	day = floor_div((long long)t, SECS_PER_DAY);
	*slot = (size_t)(day & (INSTANT_ZONE_DAYS - 1));
	if (z->days[*slot].day != day + 1)
		zone_day(z, *slot, day);
	return true;
}

pt_day instant_day_in(struct instant_zone *z, time_t t)
{
	size_t slot;

	/* An offset with seconds is written as the minute below it, but
	 * a day is the day: those take localtime_r. */
	if (!zone_slot(z, t, &slot) || !z->days[slot].uniform ||
	    !z->days[slot].whole)
		return date_of_time(t);
	return (pt_day)floor_div((long long)t + z->days[slot].offset,
				 SECS_PER_DAY);
}

int instant_format_in(struct instant_zone *z, time_t t,
		      char buf[INSTANT_LEN])
{
	long long local, lday, sod;
	size_t slot;
	int n;

	if (!zone_slot(z, t, &slot) || !z->days[slot].uniform)
		return instant_format(t, buf);
	/* What instant_format_offset writes, its date and offset from the
	 * day's. */
	local = (long long)t + z->days[slot].offset;
	lday = floor_div(local, SECS_PER_DAY);
	sod = local - lday * SECS_PER_DAY;
	memcpy(buf, z->days[slot].date[lday - z->days[slot].first], 10);
	n = 10;
	put_clock(buf, &n, sod);
	memcpy(buf + n, z->days[slot].zone, 6);
	buf[n + 6] = '\0';
	return 0;
}

int instant_parse(const char *s, time_t *t, int *offset)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, off = 0, ret = -1;
	long long v;

	/* Each test stops at the first mismatch, so a short string is
	 * never read past its NUL. */
	if (!s || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || s[10] != 'T' ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		goto out;
	if (s[19] == 'Z') {
		if (s[20] != '\0')
			goto out;
	} else if (s[19] == '+' || s[19] == '-') {
		if (digits(s + 20, 2, &oh) || s[22] != ':' ||
		    digits(s + 23, 2, &om) || s[25] != '\0')
			goto out;
		if (oh > 23 || om > 59)
			goto out;
		off = (oh * 3600 + om * 60) * (s[19] == '-' ? -1 : 1);
	} else {
		goto out;
	}
	/* A leap second cannot be told apart from the next second in a
	 * time_t, so the text that names one is refused. */
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 59)
		goto out;
	v = (long long)date_from_ymd(y, mo, d) * SECS_PER_DAY +
		h * 3600LL + mi * 60LL + sec - off;
	if ((long long)(time_t)v != v)
		goto out;
	if (t)
		*t = (time_t)v;
	if (offset)
		*offset = off;
	ret = 0;
out:
	if (ret)
		errno = EINVAL;
	return ret;
}

time_t instant_end_of_day(pt_day day)
{
	struct tm tm;
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	/* Let mktime decide whether summer time applies on that day. */
	tm.tm_isdst = -1;
	return mktime(&tm);
}

pt_day instant_day(time_t t, int offset)
{
	return (pt_day)floor_div((long long)t + offset, SECS_PER_DAY);
}
