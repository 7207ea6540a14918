/* split.h: a long run of independent parts of a document drawn on two
 * threads, written in order (src/split.c).
 *
 * A warm report of 100 000 tasks spends most of its time drawing its
 * tables' rows, one after the other, while the machine's second core
 * idles. Rows are drawn alike wherever a run of them starts, so a table
 * is cut into chunks: the calling thread draws the even ones straight to
 * its out, a second thread the odd ones into spools (out.h) that the
 * first writes after the chunk before. The bytes are the same either
 * way, in the same order.
 *
 * Work that writes no output runs in two halves at once (split_halves):
 * the text drawer's measuring pass, report_build's rows and notes, the
 * snapshot's entries and fold decoded each half into its own places.
 */
#ifndef PLANTRACK_SPLIT_H
#define PLANTRACK_SPLIT_H

#include <stddef.h>

#include "plantrack/out.h"

/* Draws units [from, to) of something to o: alike wherever from is,
 * reading arg and what it points to only, as it may run on another
 * thread (nothing may keep state of its own between calls but per
 * thread, _Thread_local, or atomically). */
typedef void split_fn(struct out *o, size_t from, size_t to, void *arg);

/* fn over units [0, n) to o: with n at least min and a second processor
 * in the process's affinity, in chunks of chunk units on two threads;
 * else, or when a thread cannot be had, in one call here. A chunk a
 * spool could not keep (out of memory) is drawn again here. */
void split_draw(struct out *o, size_t n, size_t min, size_t chunk,
		split_fn *fn, void *arg);

/* Work on units [from, to), half 0 or 1 of the whole (see split_halves). */
typedef void split_half_fn(size_t from, size_t to, int half, void *arg);

/* fn over units [0, n) in two halves, [0, n / 2) here and the rest on a
 * second thread at the same time, when n is at least min and split_draw
 * would use two threads; else fn(0, n / 2, 0) and then fn(n / 2, n, 1)
 * here. For work that writes nothing, each half into its own place. */
void split_halves(size_t n, size_t min, split_half_fn *fn, void *arg);

/* For tests: every split_draw from min units in chunks of chunk, on two
 * threads whatever the processors; (0, 0): as its callers ask. */
void split_tune(size_t min, size_t chunk);
/* The least units split_draw draws on two threads: min, or the tuned. */
size_t split_least(size_t min);

#endif
