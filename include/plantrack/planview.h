/* planview.h: the plan as text and JSON (list, show, indicators, todo).
 *
 * Renderers only format: the caller chooses which tasks to show, and
 * todo.h says what is left to do. Text output is laid out by display
 * width (table.h, utf8.h).
 */
#ifndef PLANTRACK_PLANVIEW_H
#define PLANTRACK_PLANVIEW_H

#include <stddef.h>
#include <stdio.h>

#include "plantrack/plan.h"
#include "plantrack/state.h"
#include "plantrack/todo.h"

/* How text output looks: with color, each lead's state in its status
 * colour (color.h), overdue when its task's dated deadline is before
 * today and it is not done. NULL: plain. */
struct planview_style {
	int color;
	pt_day today;	/* PT_DAY_NONE: nothing is overdue */
};

/* One row per task: id, lead codes, each lead's status and progress,
 * last update, deadline, description. width > 0 fits the table to that
 * many columns by wrapping cells (TABLE_FIT: the description keeps a
 * fair share, nothing is cut); 0 prints each row on one line. fold is
 * the current state (NULL: nothing recorded). 0, or -1 when out of
 * memory (what was drawn before stays written). */
int planview_list_text(FILE *f, const struct plan *p, const struct fold *fold,
		       const struct plan_task *const *tasks, size_t n,
		       int width, const struct planview_style *style);
/* {"tasks": [TASK...]} with TASK as in planview_task_json. */
void planview_list_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *const *tasks, size_t n);

/* Everything about one task: each lead's state, result, difficulties,
 * proposals, last update and its user; the coordinating departments'
 * notes; and, with td (may be NULL), the lead departments' reports for
 * td's period. Text wrapped to width (> 0). */
void planview_task_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, const struct todo *td,
			int width, const struct planview_style *style);
void planview_task_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, const struct todo *td);

/* What the departments of items (built by todo_dept_build from td) have
 * left to do in td's period, a block each, tables fitted to width (0:
 * rows on one line). more[0..n_more): earlier periods whose consolidated
 * report has not gone yet: of those, each department's reports that are
 * still missing are shown first. */
int planview_todo_text(FILE *f, const struct todo *td,
		       const struct todo *const *more, size_t n_more,
		       const struct todo_dept *items, size_t n,
		       int width, const struct planview_style *style);
void planview_todo_json(FILE *f, const struct todo *td,
			const struct todo *const *more, size_t n_more,
			const struct todo_dept *items, size_t n);

/* planview_todo_text and planview_indicators_text: 0, or -1 when a
 * table ran out of memory (what was drawn stays written). */
int planview_indicators_text(FILE *f, const struct plan *p, int width);
void planview_indicators_json(FILE *f, const struct plan *p);

#endif
