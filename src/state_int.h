/* state_int.h: what state.c, state_load.c, state_save.c and fold.c share,
 * and nothing outside them needs. */
#ifndef PLANTRACK_STATE_INT_H
#define PLANTRACK_STATE_INT_H

#include <stddef.h>

#include "plantrack/state.h"

/* Appends *e as it is: its strings must already belong to st's arena.
 * Returns 0 or -1 (ENOMEM). */
int state_push(struct state *st, const struct state_entry *e);

/* Stable sort of st's entries by time (ties keep their order). Returns 0
 * or -1 (ENOMEM). */
int state_sort(struct state *st);

#endif
