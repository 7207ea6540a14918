/* planview.h: the plan as text and JSON (list, show, indicators).
 *
 * Renderers only format: the caller chooses which tasks to show. Text
 * output is laid out by display width (table.h, utf8.h).
 */
#ifndef PLANTRACK_PLANVIEW_H
#define PLANTRACK_PLANVIEW_H

#include <stddef.h>
#include <stdio.h>

#include "plantrack/plan.h"
#include "plantrack/state.h"

/* How text output looks: with color, each lead's state in its status
 * colour (color.h), overdue when its task's dated deadline is before
 * today and it is not done. NULL: plain. */
struct planview_style {
	int color;
	pt_day today;	/* PT_DAY_NONE: nothing is overdue */
};

/* One line per task: id, lead codes, each lead's status and progress,
 * last update, deadline, description. width > 0 cuts descriptions to fit
 * that many columns; 0 prints them whole. fold is the current state
 * (NULL: nothing recorded). */
void planview_list_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *const *tasks, size_t n,
			int width, const struct planview_style *style);
/* {"tasks": [TASK...]} with TASK as in planview_task_json. */
void planview_list_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *const *tasks, size_t n);

/* Everything about one task, with each lead's state and the coordinating
 * departments' notes; descriptions wrapped to width (> 0). */
void planview_task_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, int width,
			const struct planview_style *style);
void planview_task_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t);

void planview_indicators_text(FILE *f, const struct plan *p, int width);
void planview_indicators_json(FILE *f, const struct plan *p);

#endif
