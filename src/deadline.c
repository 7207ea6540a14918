/* deadline.c: the deadlines that need attention on a day, and every
 * deadline of the plan as events. Computation only: rendering is in
 * deadline_render.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/deadline.h"
#include "plantrack/instant.h"
#include "plantrack/strbuf.h"

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static size_t dept_rank(const struct plan *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->n_depts; i++)
		if (!strcmp(p->depts[i].code, code))
			break;
	return i;
}

/* Whether a deadline on day needs attention today, and how badly. */
static int classify(pt_day day, const struct deadline_query *q,
		    enum finding_severity *sev)
{
	int hit = 0;

	if (day < q->today) {
		*sev = SEVERITY_OVERDUE;
		hit = 1;
	} else if ((int64_t)day - q->today <= q->within) {
		*sev = SEVERITY_WARN;
		hit = 1;
	}
	return hit;
}

static const struct submission *find_sub(const struct fold *f,
					 const char *dept, const char *period,
					 bool consolidated)
{
	return fold_submission(f, dept, period, consolidated);
}

/* "hạn 20/05/2026 (còn 3 ngày)" and its overdue and same-day forms. */
static void add_due(struct strbuf *sb, pt_day day, int days)
{
	char date[11];

	date_format_vn(day, date);
	strbuf_addf(sb, "hạn %s (", date);
	if (days > 0)
		strbuf_addf(sb, "còn %d ngày)", days);
	else if (days == 0)
		strbuf_addstr(sb, "hạn cuối là hôm nay)");
	else
		strbuf_addf(sb, "quá hạn %d ngày)", -days);
}

static int add_finding(struct finding_list *l, const struct finding *fd,
		       const struct strbuf *msg)
{
	struct finding *items;
	size_t alloc;
	char *m;
	int ret = -1;

	if (l->n == l->alloc) {
		alloc = l->alloc ? l->alloc * 2 : 16;
		if (alloc > SIZE_MAX / sizeof(*items))
			goto out;
		items = realloc(l->items, alloc * sizeof(*items));
		if (!items)
			goto out;
		l->items = items;
		l->alloc = alloc;
	}
	m = arena_strndup(&l->arena, msg->buf, msg->len);
	if (!m)
		goto out;
	l->items[l->n] = *fd;
	l->items[l->n].message = m;
	l->n++;
	ret = 0;
out:
	if (ret)
		errno = ENOMEM;
	return ret;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = CMP(x->day, y->day);

	if (!c)
		c = CMP(x->kind, y->kind);
	if (!c)
		c = CMP(x->dept_rank, y->dept_rank);
	if (!c)
		c = CMP(x->subject_rank, y->subject_rank);
	return c;
}

static int want_dept(const struct deadline_query *q, const char *code)
{
	return !q->dept || !strcmp(q->dept, code);
}

/* report-due and consolidated-due for one period. */
static int check_period(const struct plan *p, const struct fold *fold,
			const struct deadline_query *q, size_t pi,
			struct finding_list *out, struct strbuf *sb)
{
	const struct plan_period *pd = &p->periods[pi];
	const struct submission *s;
	struct finding fd;
	int ret = 0;

	for (size_t d = 0; !ret && d < p->n_depts; d++) {
		const char *code = p->depts[d].code;

		s = find_sub(fold, code, pd->id, false);
		memset(&fd, 0, sizeof(fd));
		if (!want_dept(q, code) || (s && s->present) ||
		    !classify(pd->department_due, q, &fd.severity))
			continue;
		fd.day = pd->department_due;
		fd.days = pd->department_due - q->today;
		fd.kind = FINDING_REPORT_DUE;
		fd.dept = code;
		fd.subject = pd->id;
		fd.dept_rank = d;
		fd.subject_rank = pi;
		strbuf_reset(sb);
		strbuf_addf(sb, "%s chưa nộp báo cáo %s; ", p->depts[d].name,
			    pd->name);
		add_due(sb, fd.day, fd.days);
		ret = add_finding(out, &fd, sb);
	}
	s = find_sub(fold, pd->consolidator, pd->id, true);
	memset(&fd, 0, sizeof(fd));
	if (!ret && want_dept(q, pd->consolidator) && !(s && s->present) &&
	    classify(pd->consolidated_due, q, &fd.severity)) {
		fd.day = pd->consolidated_due;
		fd.days = pd->consolidated_due - q->today;
		fd.kind = FINDING_CONSOLIDATED_DUE;
		fd.dept = pd->consolidator;
		fd.subject = pd->id;
		fd.dept_rank = dept_rank(p, pd->consolidator);
		fd.subject_rank = pi;
		strbuf_reset(sb);
		strbuf_addf(sb, "%s chưa gửi báo cáo tổng hợp %s đến %s; ",
			    plan_ref_name(p, pd->consolidator), pd->name,
			    pd->recipient);
		add_due(sb, fd.day, fd.days);
		ret = add_finding(out, &fd, sb);
	}
	return ret;
}

/* The period whose department deadline comes next (today included):
 * the earliest, the first in the file among equals. */
static const struct plan_period *coming_period(const struct plan *p,
					       pt_day today)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		if (pd->department_due >= today &&
		    (!best || pd->department_due < best->department_due))
			best = pd;
	}
	return best;
}

static void add_lead_state(struct strbuf *sb, const struct task_lead_state *ls)
{
	if (ls->reported)
		strbuf_addf(sb, "%s %d%%", task_status_label(ls->status),
			    ls->progress);
	else
		strbuf_addstr(sb, "Chưa cập nhật");
}

int deadline_lead_overdue(const struct plan_task *t,
			  const struct task_lead_state *ls, pt_day today)
{
	return t->deadline.kind == DEADLINE_DATE && today != PT_DAY_NONE &&
	       t->deadline.date < today &&
	       !(ls && ls->reported && ls->status == STATUS_DONE);
}

/* task-due and stale for every lead of every task. */
static int check_tasks(const struct plan *p, const struct fold *fold,
		       const struct deadline_query *q,
		       struct finding_list *out, struct strbuf *sb)
{
	const struct plan_period *coming = coming_period(p, q->today);
	const struct plan_period *prev = plan_period_prev(p, coming);
	time_t since = 0;
	char date[11];
	int ret = 0, stale_window;

	stale_window = coming &&
		(int64_t)coming->department_due - q->today <= q->within;
	/* An entry counts once the previous deadline day is over; for the
	 * first period, any entry of the plan year counts. */
	if (prev)
		since = instant_end_of_day(prev->department_due);
	else if (coming)
		since = instant_end_of_day(date_from_ymd(p->meta.year, 1, 1) - 1);
	for (size_t i = 0; !ret && i < fold->n_leads; i++) {
		const struct task_lead_state *ls = &fold->leads[i];
		const struct plan_task *t = ls->task;
		bool done = ls->reported && ls->status == STATUS_DONE;
		const struct submission *sub;
		struct finding fd;

		if (!want_dept(q, ls->dept) || done)
			continue;
		memset(&fd, 0, sizeof(fd));
		fd.dept = ls->dept;
		fd.subject = t->id;
		fd.dept_rank = dept_rank(p, ls->dept);
		fd.subject_rank = (size_t)(t - p->tasks);
		if (t->deadline.kind == DEADLINE_DATE &&
		    classify(t->deadline.date, q, &fd.severity)) {
			fd.day = t->deadline.date;
			fd.days = t->deadline.date - q->today;
			fd.kind = FINDING_TASK_DUE;
			strbuf_reset(sb);
			strbuf_addf(sb, "%s chưa hoàn thành nhiệm vụ %s (",
				    plan_ref_name(p, ls->dept), t->id);
			add_lead_state(sb, ls);
			strbuf_addstr(sb, "); ");
			add_due(sb, fd.day, fd.days);
			ret = add_finding(out, &fd, sb);
		}
		/* Once the department has submitted the coming report,
		 * reminding it to update first can only be noise. */
		sub = stale_window ? find_sub(fold, ls->dept, coming->id,
					      false) : NULL;
		if (ret || !stale_window || (sub && sub->present) ||
		    (ls->reported && ls->last_update > since))
			continue;
		fd.severity = SEVERITY_WARN;
		fd.day = coming->department_due;
		fd.days = coming->department_due - q->today;
		fd.kind = FINDING_STALE;
		strbuf_reset(sb);
		strbuf_addf(sb, "%s chưa cập nhật nhiệm vụ %s ",
			    plan_ref_name(p, ls->dept), t->id);
		if (prev) {
			date_format_vn(prev->department_due, date);
			strbuf_addf(sb, "từ sau ngày %s", date);
		} else {
			strbuf_addf(sb, "từ đầu năm %d", p->meta.year);
		}
		if (ls->reported) {
			date_format_vn(date_of_time(ls->last_update), date);
			strbuf_addf(sb, " (lần cuối %s)", date);
		}
		strbuf_addf(sb, "; báo cáo %s ", coming->name);
		add_due(sb, fd.day, fd.days);
		ret = add_finding(out, &fd, sb);
	}
	return ret;
}

int deadline_check(const struct plan *p, const struct fold *fold,
		   const struct deadline_query *q, struct finding_list *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; !ret && i < p->n_periods; i++)
		ret = check_period(p, fold, q, i, out, &sb);
	if (!ret)
		ret = check_tasks(p, fold, q, out, &sb);
	if (!ret && out->n)
		qsort(out->items, out->n, sizeof(*out->items), cmp_finding);
	out->unreadable = fold->unreadable;
	out->n_unreadable = fold->n_unreadable;
	if (ret)
		finding_list_release(out);
	strbuf_release(&sb);
	return ret;
}

void finding_list_release(struct finding_list *l)
{
	if (l) {
		free(l->items);
		arena_free(&l->arena);
		memset(l, 0, sizeof(*l));
	}
}

int deadline_status(const struct finding_list *l)
{
	int status = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].severity == SEVERITY_OVERDUE)
			status = 2;
		else if (!status)
			status = 1;
	}
	return status;
}

const char *finding_severity_name(enum finding_severity s)
{
	return s == SEVERITY_OVERDUE ? "overdue" : "warn";
}

const char *finding_kind_name(enum finding_kind k)
{
	const char *name = "?";

	switch (k) {
	case FINDING_REPORT_DUE:
		name = "report-due";
		break;
	case FINDING_CONSOLIDATED_DUE:
		name = "consolidated-due";
		break;
	case FINDING_TASK_DUE:
		name = "task-due";
		break;
	case FINDING_STALE:
		name = "stale";
		break;
	}
	return name;
}

/* ---- events ---- */

static int cmp_event(const void *a, const void *b)
{
	const struct deadline_event *x = a, *y = b;
	int c = CMP(x->day, y->day);

	if (!c)
		c = CMP(x->kind, y->kind);
	if (!c)
		c = CMP(x->dept_rank, y->dept_rank);
	if (!c)
		c = CMP(x->subject_rank, y->subject_rank);
	return c;
}

static size_t n_events_max(const struct plan *p)
{
	size_t n;

	/* Bounded by what the plan already holds in memory: no overflow. */
	n = p->n_periods * (p->n_depts + 1);
	for (size_t i = 0; i < p->n_tasks; i++)
		if (p->tasks[i].deadline.kind == DEADLINE_DATE)
			n += p->tasks[i].lead.n;
	return n;
}

int deadline_events(const struct plan *p, const char *dept,
		    struct event_list *out)
{
	struct deadline_event *ev;
	size_t n = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	ev = calloc(n_events_max(p) + 1, sizeof(*ev));
	if (!ev) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		for (size_t d = 0; d < p->n_depts; d++) {
			if (dept && strcmp(dept, p->depts[d].code) != 0)
				continue;
			ev[n].day = pd->department_due;
			ev[n].kind = EVENT_REPORT;
			ev[n].dept = p->depts[d].code;
			ev[n].period = pd;
			ev[n].dept_rank = d;
			ev[n].subject_rank = i;
			n++;
		}
		if (dept && strcmp(dept, pd->consolidator) != 0)
			continue;
		ev[n].day = pd->consolidated_due;
		ev[n].kind = EVENT_CONSOLIDATED;
		ev[n].dept = pd->consolidator;
		ev[n].period = pd;
		ev[n].dept_rank = dept_rank(p, pd->consolidator);
		ev[n].subject_rank = i;
		n++;
	}
	for (size_t i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];

		for (size_t k = 0; t->deadline.kind == DEADLINE_DATE &&
		     k < t->lead.n; k++) {
			if (dept && strcmp(dept, t->lead.codes[k]) != 0)
				continue;
			ev[n].day = t->deadline.date;
			ev[n].kind = EVENT_TASK;
			ev[n].dept = t->lead.codes[k];
			ev[n].task = t;
			ev[n].dept_rank = dept_rank(p, t->lead.codes[k]);
			ev[n].subject_rank = i;
			n++;
		}
	}
	if (n)
		qsort(ev, n, sizeof(*ev), cmp_event);
	out->items = ev;
	out->n = n;
	ret = 0;
out:
	return ret;
}

void event_list_release(struct event_list *l)
{
	if (l) {
		free(l->items);
		l->items = NULL;
		l->n = 0;
	}
}
