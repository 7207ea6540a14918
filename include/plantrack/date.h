/* date.h: calendar dates as day numbers, local instants.
 *
 * A pt_day counts days from 1970-01-01 (proleptic Gregorian), so date
 * arithmetic and comparison are plain integer operations.
 */
#ifndef PLANTRACK_DATE_H
#define PLANTRACK_DATE_H

#include <stdint.h>
#include <time.h>

typedef int32_t pt_day;

#define PT_DAY_NONE INT32_MIN

/* Strict "YYYY-MM-DD" (exactly 10 bytes, real calendar day, year 1..9999).
 * Returns 0 and sets *out, or -1. */
int date_parse(const char *s, pt_day *out);
/* A date as people type it: "YYYY-MM-DD" as date_parse, or "DD/MM/YYYY"
 * with a one- or two-digit day and month ("5/6/2026") and a four-digit
 * year. For options (--today, --since, --as-of); data files keep the
 * strict date_parse. Returns 0 and sets *out, or -1. */
int date_parse_user(const char *s, pt_day *out);
pt_day date_from_ymd(int y, int m, int d);	/* no validation */
void date_to_ymd(pt_day day, int *y, int *m, int *d);
/* "YYYY-MM-DD"; buf must hold 11 bytes. */
void date_format_iso(pt_day day, char buf[11]);
/* "DD/MM/YYYY", the Vietnamese way; buf must hold 11 bytes. */
void date_format_vn(pt_day day, char buf[11]);
/* Today's date in local time (TZ), or PT_DAY_NONE if the clock fails. */
pt_day date_today(void);
/* Local calendar date of an instant. */
pt_day date_of_time(time_t t);

#endif
