/* clock_ahead.h: the wall clock as snapshot.c sees it, moved ahead.
 *
 * For a test linked with -Wl,--wrap=clock_gettime (its "// LDFLAGS:"
 * line): CLOCK_REALTIME reads clock_ahead seconds ahead. Ahead by a
 * minute, files written a moment ago look old enough for their stat
 * alone to tell versions apart (snapshot.h, racy keys); at 0, everything
 * the test writes is racy and checked by its bytes. Included once per
 * test program.
 */
#ifndef PLANTRACK_TEST_CLOCK_AHEAD_H
#define PLANTRACK_TEST_CLOCK_AHEAD_H

#include <time.h>

int __wrap_clock_gettime(clockid_t id, struct timespec *ts);
int __real_clock_gettime(clockid_t id, struct timespec *ts);
static time_t clock_ahead;

int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	int r = __real_clock_gettime(id, ts);

	if (!r && id == CLOCK_REALTIME)
		ts->tv_sec += clock_ahead;
	return r;
}

#endif
