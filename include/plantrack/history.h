/* history.h: the recorded entries as changes (field, from, to).
 *
 * The state files keep only new values; the old value of a field is what
 * the entries of the same subject before it add up to (the same
 * department, task and role; the same indicator and period), by the one
 * rule of state_current_apply. This module works that out for every
 * entry once, in O(n log n), and renders the result: every field the
 * schema's table folds, by its label, with "(cleared)" for a text taken
 * back with "".
 */
#ifndef PLANTRACK_HISTORY_H
#define PLANTRACK_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/state.h"

struct history_filter {
	const char *task;	/* NULL: every task (and non-task entries) */
	const char *dept;	/* NULL: every department */
	pt_day since;		/* PT_DAY_NONE: from the start */
};

struct history_item {
	const struct state_entry *e;
	/* What the entries of its subject before it add up to; after it is
	 * before with e applied (history_after). */
	struct state_current before;
	/* The period whose report the department had already submitted
	 * when this entry was recorded, or NULL. */
	const struct plan_period *after_submission;
};

struct history {
	struct history_item *items;	/* owned; entries point into the state */
	size_t n;
	/* The state's unreadable departments (outputs say so). */
	const struct plan_dept *const *unreadable;
	size_t n_unreadable;
};

/* The values after the item's entry. */
void history_after(const struct history_item *it, struct state_current *after);

/* Returns 0 or -1 (ENOMEM). */
int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt);
void history_release(struct history *h);	/* NULL is fine */

void history_render_text(FILE *f, const struct history *h,
			 const struct plan *p, int width);
void history_render_json(FILE *f, const struct history *h,
			 const struct plan *p);

#endif
