/* todo.c: what is left to do in a reporting period (todo.h), read off
 * the report of the whole commune as of a day. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/instant.h"
#include "plantrack/todo.h"

const struct plan_period *todo_period_of(const struct plan *p, pt_day day)
{
	const struct plan_period *best = NULL, *last = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		if (pd->department_due >= day &&
		    (!best || pd->department_due < best->department_due))
			best = pd;
		if (!last || pd->department_due > last->department_due)
			last = pd;
	}
	return best ? best : last;
}

/* Zeroed, in huge pages when large; NULL (ENOMEM) on overflow. */
static void *alloc_array(size_t n, size_t size)
{
	return mem_calloc_huge(n, size);
}

/* The coordinating entries of the window, per (task, department). */
static int mark_coordinating(struct todo *td, const struct plan *p,
			     const struct state *st)
{
	const struct report *r = &td->report;
	int ret = -1;

	if (p->n_depts && td->n_tasks > SIZE_MAX / p->n_depts) {
		errno = ENOMEM;
		goto out;
	}
	td->coord_seen = alloc_array(td->n_tasks * p->n_depts, 1);
	if (!td->coord_seen)
		goto out;
	for (size_t i = 0; st && i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct plan_task *t;
		const struct plan_dept *d;

		if (e->kind != ENTRY_TASK || e->role != ROLE_COORDINATING ||
		    e->at <= r->window_start || e->at > r->until ||
		    (r->task && strcmp(e->task, r->task->id) != 0))
			continue;
		t = plan_task_find(p, e->task);
		d = plan_dept_find(p, e->dept);
		if (t && d && (size_t)(t - p->tasks) - td->task_first <
			      td->n_tasks)
			td->coord_seen[((size_t)(t - p->tasks) -
					td->task_first) * p->n_depts +
				       (size_t)(d - p->depts)] = 1;
	}
	ret = 0;
out:
	return ret;
}

int todo_build(struct todo *td, const struct plan *p, const struct state *st,
	       const struct plan_period *pd, pt_day today)
{
	return todo_build_task(td, p, st, pd, today, NULL, NULL);
}

int todo_build_task(struct todo *td, const struct plan *p,
		    const struct state *st, const struct plan_period *pd,
		    pt_day today, const struct plan_task *task,
		    const struct fold *fold)
{
	struct report_options opts = { 0 };
	size_t nslots = plan_lead_count(p);
	int ret = -1, built = 0;

	memset(td, 0, sizeof(*td));
	td->today = today;
	opts.period = pd;
	opts.as_of = today;
	opts.task = task;
	opts.fold = fold;
	if (report_build(&td->report, p, st, &opts))
		goto out;
	built = 1;
	td->since = date_of_time(td->report.window_start) + 1;
	td->n_slots = nslots;
	td->n_tasks = p->n_tasks;
	if (task) {
		td->slot_first = plan_lead_first(p, task);
		td->n_slots = task->lead.n;
		td->task_first = (size_t)(task - p->tasks);
		td->n_tasks = 1;
	}
	td->by_slot = alloc_array(td->n_slots,
				  sizeof(const struct report_row *));
	if (!td->by_slot)
		goto out;
	for (size_t i = 0; i < td->report.n_rows; i++) {
		const struct report_row *row = &td->report.rows[i];
		size_t slot = plan_lead_first(p, row->task) + row->lead_index;

		if (slot - td->slot_first < td->n_slots)
			td->by_slot[slot - td->slot_first] = row;
	}
	if (mark_coordinating(td, p, st))
		goto out;
	ret = 0;
out:
	if (ret && built) {
		int saved = errno;

		todo_free(td);
		errno = saved;
	}
	return ret;
}

void todo_free(struct todo *td)
{
	if (!td)
		return;
	report_free(&td->report);
	free(td->by_slot);
	free(td->coord_seen);
	memset(td, 0, sizeof(*td));
}

const struct report_row *todo_row(const struct todo *td,
				  const struct plan_task *t, const char *dept)
{
	long slot = plan_lead_slot(td->report.plan, t, dept);

	return slot < 0 || !td->by_slot ||
	       (size_t)slot - td->slot_first >= td->n_slots ? NULL :
	       td->by_slot[(size_t)slot - td->slot_first];
}

const struct report_submission *todo_submission(const struct todo *td,
						const char *dept,
						bool consolidated)
{
	for (size_t i = 0; i < td->report.n_subs; i++) {
		const struct report_submission *s = &td->report.subs[i];

		if (s->consolidated == consolidated &&
		    !strcmp(s->dept->code, dept))
			return s;
	}
	return NULL;
}

bool todo_coordinated(const struct todo *td, const struct plan_task *t,
		      const char *dept)
{
	const struct plan *p = td->report.plan;
	const struct plan_dept *d = plan_dept_find(p, dept);

	size_t ti = (size_t)(t - p->tasks) - td->task_first;

	return d && td->coord_seen && ti < td->n_tasks &&
	       td->coord_seen[ti * p->n_depts + (size_t)(d - p->depts)];
}

int todo_days_after(const struct todo *td, const struct report_submission *s)
{
	pt_day day = s->submitted ? s->submitted_day : td->today;

	return (int)((int64_t)day - s->due);
}

/* Appends x to the array *v of *n (room for cap). */
#define PUSH(v, n, x) ((v)[(n)++] = (x))

int todo_dept_build(const struct todo *td, const struct plan_dept *d,
		    struct todo_dept *out)
{
	const struct report *r = &td->report;
	const struct plan *p = r->plan;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->dept = d;
	out->sub = todo_submission(td, d->code, false);
	if (r->consolidator == d)
		out->consolidated = todo_submission(td, d->code, true);
	out->missing = alloc_array(p->n_depts, sizeof(const struct plan_dept *));
	out->stale = alloc_array(r->n_rows, sizeof(const struct report_row *));
	out->overdue = alloc_array(r->n_rows, sizeof(const struct report_row *));
	out->no_value = alloc_array(r->n_indicators,
				    sizeof(const struct report_indicator *));
	out->coord = alloc_array(p->n_tasks, sizeof(const struct plan_task *));
	if (!out->missing || !out->stale || !out->overdue || !out->no_value ||
	    !out->coord)
		goto out;
	for (size_t i = 0; out->consolidated && i < r->n_subs; i++)
		if (!r->subs[i].consolidated && !r->subs[i].submitted)
			PUSH(out->missing, out->n_missing, r->subs[i].dept);
	/* Plan order of the tasks, as list shows them. */
	for (size_t i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];
		const struct report_row *row = todo_row(td, t, d->code);

		if (row && row->unreported)
			PUSH(out->stale, out->n_stale, row);
		if (row && row->overdue)
			PUSH(out->overdue, out->n_overdue, row);
		if (!row && plan_task_coordinated_by(p, t, d->code) &&
		    !todo_coordinated(td, t, d->code))
			PUSH(out->coord, out->n_coord, t);
	}
	for (size_t i = 0; i < r->n_indicators; i++)
		if (!r->indicators[i].present &&
		    !strcmp(r->indicators[i].indicator->monitoring, d->code))
			PUSH(out->no_value, out->n_no_value, &r->indicators[i]);
	ret = 0;
out:
	if (ret)
		todo_dept_release(out);
	return ret;
}

void todo_dept_release(struct todo_dept *out)
{
	if (!out)
		return;
	free(out->missing);
	free(out->stale);
	free(out->overdue);
	free(out->no_value);
	free(out->coord);
	memset(out, 0, sizeof(*out));
}

bool todo_dept_empty(const struct todo_dept *td)
{
	return !td->n_stale && !td->n_overdue && !td->n_no_value &&
	       (!td->sub || td->sub->submitted) &&
	       (!td->consolidated || td->consolidated->submitted);
}
