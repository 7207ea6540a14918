/* history.h: the recorded entries as changes (field, from, to).
 *
 * The state files keep only new values; the old value of a field is the
 * one the previous entry of the same department, task and role set. This
 * module works that out for every entry once, in O(n log n), and renders
 * the result.
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
	/* Values before this entry (task entries: same dept, task and role;
	 * indicator entries: same indicator and period). */
	bool had_status;
	enum task_status old_status;
	int old_progress;
	const char *old_result;	/* NULL: none before */
	bool had_value;
	double old_value;
	/* The period whose report the department had already submitted
	 * when this entry was recorded, or NULL. */
	const struct plan_period *after_submission;
};

struct history {
	struct history_item *items;	/* owned; entries point into the state */
	size_t n;
};

/* Returns 0 or -1 (ENOMEM). */
int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt);
void history_release(struct history *h);	/* NULL is fine */

void history_render_text(FILE *f, const struct history *h,
			 const struct plan *p, int width);
void history_render_json(FILE *f, const struct history *h,
			 const struct plan *p);

#endif
