/* state_int.h: what state.c, state_load.c, state_save.c and fold.c share,
 * and nothing outside them needs.
 *
 * plan.h's lookups scan linearly, which is right for a plan of a few dozen
 * tasks but quadratic for the 100 000-task plans the loader must survive:
 * a plan_index answers the same questions by binary search.
 */
#ifndef PLANTRACK_STATE_INT_H
#define PLANTRACK_STATE_INT_H

#include <stddef.h>

#include "plantrack/plan.h"
#include "plantrack/state.h"

struct plan_index {
	const struct plan *plan;
	size_t *task_hash;	/* open addressing: task position + 1, 0 empty */
	size_t task_mask;	/* slots - 1 (a power of two) */
	size_t *depts;		/* department positions sorted by code */
	size_t *periods;	/* period positions sorted by id */
	size_t *indicators;	/* indicator positions sorted by number */
};

/* Returns 0 or -1 (ENOMEM). Free with plan_index_release (NULL is fine). */
int plan_index_init(struct plan_index *ix, const struct plan *plan);
void plan_index_release(struct plan_index *ix);

/* Positions in the plan's arrays, or -1 when there is no such item. */
long plan_index_task(const struct plan_index *ix, const char *id);
long plan_index_dept(const struct plan_index *ix, const char *code);
long plan_index_period(const struct plan_index *ix, const char *id);
long plan_index_indicator(const struct plan_index *ix, int number);

/* Appends *e as it is: its strings must already belong to st's arena.
 * Returns 0 or -1 (ENOMEM). */
int state_push(struct state *st, const struct state_entry *e);

/* Stable sort of st's entries by time (ties keep their order). Returns 0
 * or -1 (ENOMEM). */
int state_sort(struct state *st);

#endif
