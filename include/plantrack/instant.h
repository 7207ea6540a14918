/* instant.h: instants as written in state files: ISO 8601 / RFC 3339 with
 * the local UTC offset, to the second ("2026-05-19T10:00:00+07:00"). */
#ifndef PLANTRACK_INSTANT_H
#define PLANTRACK_INSTANT_H

#include <time.h>

#include "plantrack/date.h"

#define INSTANT_LEN 26	/* bytes with the NUL */

/* Formats t in local time (TZ) with its offset. Returns 0 or -1. */
int instant_format(time_t t, char buf[INSTANT_LEN]);
/* instant_format for many instants in a row (a report's every note and
 * update): localtime_r once or twice per UTC day instead of once per
 * instant. A day whose start and the next day's start have the same
 * offset, each at a time that reads as the instant plus that offset (no
 * leap second), has that offset throughout: no zone in the tz database
 * changes its offset twice within four days. Other days, and instants
 * outside the years the cache holds, take localtime_r as instant_format
 * does. Set up with instant_zone_init and used while TZ stays as it is
 * (the caller's, on the stack: it owns nothing). */
#define INSTANT_ZONE_DAYS 512
struct instant_zone {
	struct {
		long long day;	/* UTC day number + 1; 0: not looked up */
		long long first;	/* the local day at its start */
		int offset;	/* in whole minutes, as written */
		int uniform;
		int whole;	/* the offset had no seconds (not LMT) */
		/* What is written for the local days first and first + 1,
		 * and for the offset: "2026-05-19", "+07:00". */
		char date[2][10];
		char zone[6];
	} days[INSTANT_ZONE_DAYS];
};

void instant_zone_init(struct instant_zone *z);
/* What instant_format(t, buf) writes, and returns. */
int instant_format_in(struct instant_zone *z, time_t t,
		      char buf[INSTANT_LEN]);
/* date_of_time(t) (date.h), from the same cache: the local day of
 * every update a report or list dates. */
pt_day instant_day_in(struct instant_zone *z, time_t t);

/* Formats t at a given offset (seconds east of UTC). Returns 0 or -1. */
int instant_format_offset(time_t t, int offset, char buf[INSTANT_LEN]);
/* Strict "YYYY-MM-DDTHH:MM:SS(+|-)HH:MM" or "...Z"; returns 0 and sets
 * *t and *offset (seconds east; may be NULL), or -1. */
int instant_parse(const char *s, time_t *t, int *offset);
/* The last instant of a local calendar day (23:59:59 local time): a
 * deadline day ends at 24:00 local time. */
time_t instant_end_of_day(pt_day day);
/* The local calendar day of t at the recorded offset. */
pt_day instant_day(time_t t, int offset);

#endif
