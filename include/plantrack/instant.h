/* instant.h: instants as written in state files: ISO 8601 / RFC 3339 with
 * the local UTC offset, to the second ("2026-05-19T10:00:00+07:00"). */
#ifndef PLANTRACK_INSTANT_H
#define PLANTRACK_INSTANT_H

#include <time.h>

#include "plantrack/date.h"

#define INSTANT_LEN 26	/* bytes with the NUL */

/* Formats t in local time (TZ) with its offset. Returns 0 or -1. */
int instant_format(time_t t, char buf[INSTANT_LEN]);
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
