/* todo.h: what is left to do in a reporting period, as of a day.
 *
 * The tasks a department leads with no update since the period's window
 * opened, the overdue ones, the indicator values not recorded yet, the
 * tasks it coordinates without a note, the reports not submitted. This is
 * the one place the views and the commands that record ask those
 * questions (todo, list --overdue and --not-updated, show's submissions,
 * submit's warnings), and it asks the report: todo_build is report_build
 * (report.h) for the whole commune, indexed for lookups, so that what
 * these commands say can never disagree with the report Phòng Kinh tế
 * sends, whose rules these are ("not reported", "overdue", on time or
 * late).
 *
 * Ownership: a struct todo owns its report and index (todo_free, NULL is
 * fine); rows, submissions and indicators point into it, and it points
 * into the plan and the state it was built from: keep all three alive.
 * A struct todo_dept owns its arrays only (todo_dept_release).
 */
#ifndef PLANTRACK_TODO_H
#define PLANTRACK_TODO_H

#include <stdbool.h>
#include <stddef.h>

#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/report.h"
#include "plantrack/state.h"

/* The reporting period in progress on day: the first, by department
 * deadline, whose department deadline is day or later (ties: the first
 * in the file); after the last deadline, the last period. NULL only for
 * a plan without periods. */
const struct plan_period *todo_period_of(const struct plan *p, pt_day day);

struct todo {
	struct report report;	/* the whole commune, as of the day */
	pt_day today;
	pt_day since;		/* the first day of the window: an update on
				 * or after it counts for the period */
	/* Private: the row of each (task, lead) slot from slot_first on,
	 * and whether each (task, department) from task task_first on has
	 * a coordinating entry in the window: every slot and task, or one
	 * task's (todo_build_task), whose arrays are sized by it, not by
	 * the plan (show of one task among 100 000 zeroed 1.5 MB). */
	const struct report_row **by_slot;
	unsigned char *coord_seen;
	size_t slot_first, n_slots, task_first, n_tasks;
};

/* The state of period pd as of the end of day today (the report's
 * rules, report_build with as_of today). Returns 0, or -1 with errno
 * (ENOMEM; EINVAL for a day the clock cannot represent). */
int todo_build(struct todo *td, const struct plan *p, const struct state *st,
	       const struct plan_period *pd, pt_day today);
/* The same for task t alone (report_options.task): its rows and
 * coordinating marks, the submissions; todo_row of any other task is
 * NULL. t NULL: every task, as todo_build. fold: a fold of st the caller
 * has, or NULL (report_options.fold). */
int todo_build_task(struct todo *td, const struct plan *p,
		    const struct state *st, const struct plan_period *pd,
		    pt_day today, const struct plan_task *t,
		    const struct fold *fold);
void todo_free(struct todo *td);

/* The row of department dept leading task t, or NULL when it does not
 * lead it. row->unreported: no update in the window and not done;
 * row->overdue: a dated task past its day and not done. */
const struct report_row *todo_row(const struct todo *td,
				  const struct plan_task *t, const char *dept);
/* A department's report (consolidated: the consolidated report, whose
 * department is the consolidator), or NULL when there is none. */
const struct report_submission *todo_submission(const struct todo *td,
						const char *dept,
						bool consolidated);
/* Whether dept recorded anything as a coordinating department of t in
 * the window. */
bool todo_coordinated(const struct todo *td, const struct plan_task *t,
		      const char *dept);
/* Days from the due day of s to the day it was submitted (late when
 * > 0), or to today when it was not (overdue when > 0). */
int todo_days_after(const struct todo *td, const struct report_submission *s);

/* What one department has left to do in td's period. */
struct todo_dept {
	const struct plan_dept *dept;
	const struct report_submission *sub;	/* its report */
	/* The consolidated report, when dept consolidates the period;
	 * missing: the departments whose report is not in (plan order). */
	const struct report_submission *consolidated;
	const struct plan_dept **missing;
	size_t n_missing;
	/* The tasks it leads with no update in the window, not done (plan
	 * order), and those past their dated deadline, not done. */
	const struct report_row **stale;
	size_t n_stale;
	const struct report_row **overdue;
	size_t n_overdue;
	/* The indicators it monitors without a value for the period. */
	const struct report_indicator **no_value;
	size_t n_no_value;
	/* The tasks it coordinates (not leads) with nothing it recorded in
	 * the window. */
	const struct plan_task **coord;
	size_t n_coord;
};

/* Fills out for department d. Returns 0 or -1 (ENOMEM). */
int todo_dept_build(const struct todo *td, const struct plan_dept *d,
		    struct todo_dept *out);
void todo_dept_release(struct todo_dept *out);	/* NULL is fine */
/* Nothing required is left: no lead task without an update or
 * overdue, no value missing, its reports (the consolidated one too)
 * in. A coordinating department's notes are its own to give. */
bool todo_dept_empty(const struct todo_dept *td);

#endif
