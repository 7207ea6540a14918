/* fold.c: the state at an instant, from the entries recorded up to it.
 *
 * One pass over the entries with every lookup a binary search (the plan
 * index) or an array slot, then sorts: O((entries + tasks) log n), so
 * that a plan of 100 000 tasks folds as fast as one of 25.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/state.h"
#include "state_int.h"

/* A coordinating result that may become a note. */
struct cand {
	size_t task;		/* position in the plan */
	size_t seq;		/* position in the state: later wins */
	const struct state_entry *e;
};

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int cmp_cand_latest(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = CMP(x->task, y->task);

	if (!c)
		c = strcmp(x->e->dept, y->e->dept);
	if (!c)
		c = CMP(x->seq, y->seq);
	return c;
}

static int cmp_cand_time(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = CMP(x->task, y->task);

	if (!c)
		c = CMP(x->e->at, y->e->at);
	if (!c)
		c = CMP(x->seq, y->seq);
	return c;
}

/* n * m, or SIZE_MAX when that does not fit (calloc then fails). */
static size_t mul(size_t n, size_t m)
{
	return m && n > SIZE_MAX / m ? SIZE_MAX : n * m;
}

static void *alloc_array(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		errno = ENOMEM;
	return p;
}

static void apply_lead(struct task_lead_state *l, const struct state_entry *e)
{
	l->reported = true;
	if (e->set & SET_STATUS) {
		l->status = e->status;
		if (e->status == STATUS_DONE)
			l->progress = 100;
	}
	if (e->set & SET_PROGRESS)
		l->progress = e->progress;
	/* "" is how a result that no longer holds is withdrawn. */
	if (e->set & SET_RESULT)
		l->result = e->result && *e->result ? e->result : NULL;
	l->last_update = e->at;
	l->last_user = e->user;
}

static void apply_submit(struct submission *s, const struct state_entry *e)
{
	if (!s->present || e->at < s->first_at)
		s->first_at = e->at;
	if (!s->present || e->at > s->last_at)
		s->last_at = e->at;
	s->present = true;
}

/* Keeps the latest coordinating result of each (task, department),
 * drops withdrawn ones, and lists the rest by task then time. */
static int build_notes(struct fold *f, const struct plan *plan,
		       struct cand *c, size_t n)
{
	size_t i, k = 0;
	int ret = -1;

	/* With no candidates c is NULL, which qsort must not see. */
	if (n)
		qsort(c, n, sizeof(*c), cmp_cand_latest);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && c[i + 1].task == c[i].task &&
		    !strcmp(c[i + 1].e->dept, c[i].e->dept))
			continue;	/* a later one follows */
		if (!c[i].e->result || !*c[i].e->result)
			continue;
		c[k++] = c[i];
	}
	if (k)
		qsort(c, k, sizeof(*c), cmp_cand_time);
	f->notes = alloc_array(k, sizeof(*f->notes));
	if (!f->notes)
		goto out;
	for (i = 0; i < k; i++) {
		f->notes[i].task = &plan->tasks[c[i].task];
		f->notes[i].dept = c[i].e->dept;
		f->notes[i].result = c[i].e->result;
		f->notes[i].at = c[i].e->at;
	}
	f->n_notes = k;
	ret = 0;
out:
	return ret;
}

static int cmp_lead(const void *a, const void *b)
{
	const struct task_lead_state *x =
		*(const struct task_lead_state *const *)a;
	const struct task_lead_state *y =
		*(const struct task_lead_state *const *)b;
	int c = strcmp(x->task->id, y->task->id);

	return c ? c : strcmp(x->dept, y->dept);
}

/* For fold_lead: the leads sorted by (task id, department). */
static int index_leads(struct fold *f)
{
	size_t i;
	int ret = -1;

	f->lead_index = alloc_array(f->n_leads,
				    sizeof(const struct task_lead_state *));
	if (!f->lead_index)
		goto out;
	for (i = 0; i < f->n_leads; i++)
		f->lead_index[i] = &f->leads[i];
	qsort(f->lead_index, f->n_leads, sizeof(const struct task_lead_state *),
	      cmp_lead);
	ret = 0;
out:
	return ret;
}

int state_fold(const struct state *st, const struct plan *plan, time_t until,
	       struct fold *out)
{
	struct plan_index ix;
	struct fold f;
	struct cand *cands = NULL, *nc;
	size_t *lead_start = NULL;
	size_t i, j, n_cands = 0, a_cands = 0, np = plan->n_periods;
	size_t nd = plan->n_depts;
	long t, ind, per, d;
	int have_ix = 0, ret = -1;

	memset(&f, 0, sizeof(f));
	memset(out, 0, sizeof(*out));
	if (plan_index_init(&ix, plan))
		goto out;
	have_ix = 1;

	/* Slots first, in plan order, so that untouched ones read as
	 * "nothing reported". */
	lead_start = alloc_array(plan->n_tasks + 1, sizeof(*lead_start));
	if (!lead_start)
		goto out;
	for (i = 0; i < plan->n_tasks; i++) {
		lead_start[i] = f.n_leads;
		f.n_leads += plan->tasks[i].lead.n;
	}
	lead_start[i] = f.n_leads;
	f.leads = alloc_array(f.n_leads, sizeof(*f.leads));
	f.n_values = mul(plan->n_indicators, np);
	f.values = alloc_array(f.n_values, sizeof(*f.values));
	f.n_subs = mul(np, nd + 1);
	f.subs = alloc_array(f.n_subs, sizeof(*f.subs));
	if (!f.leads || !f.values || !f.subs)
		goto out;
	for (i = 0; i < plan->n_tasks; i++) {
		for (j = 0; j < plan->tasks[i].lead.n; j++) {
			struct task_lead_state *l = &f.leads[lead_start[i] + j];

			l->task = &plan->tasks[i];
			l->dept = plan->tasks[i].lead.codes[j];
			l->status = STATUS_NOT_STARTED;
		}
	}
	for (i = 0; i < plan->n_indicators; i++) {
		for (j = 0; j < np; j++) {
			f.values[i * np + j].indicator = &plan->indicators[i];
			f.values[i * np + j].period = plan->periods[j].id;
		}
	}
	for (i = 0; i < np; i++) {
		struct submission *s = &f.subs[i * (nd + 1)];

		for (j = 0; j < nd; j++) {
			s[j].dept = plan->depts[j].code;
			s[j].period = plan->periods[i].id;
		}
		s[nd].dept = plan->periods[i].consolidator;
		s[nd].period = plan->periods[i].id;
		s[nd].consolidated = true;
	}

	/* Entries the loader did not check (state_append) may name things
	 * the plan lacks: those are skipped, never trusted. */
	for (i = 0; i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];

		if (e->at > until || !e->dept)
			continue;
		switch (e->kind) {
		case ENTRY_TASK:
			t = plan_index_task(&ix, e->task);
			if (t < 0)
				break;
			if (e->role == ROLE_LEAD) {
				const struct plan_task *pt = &plan->tasks[t];

				for (j = 0; j < pt->lead.n; j++)
					if (!strcmp(pt->lead.codes[j], e->dept))
						break;
				if (j < pt->lead.n)
					apply_lead(&f.leads[lead_start[t] + j],
						   e);
				break;
			}
			if (!(e->set & SET_RESULT))
				break;
			if (n_cands == a_cands) {
				a_cands = a_cands < 64 ? 64 : a_cands / 2 * 3;
				nc = realloc(cands, mul(a_cands,
							sizeof(*cands)));
				if (!nc) {
					errno = ENOMEM;
					goto out;
				}
				cands = nc;
			}
			cands[n_cands].task = (size_t)t;
			cands[n_cands].seq = i;
			cands[n_cands].e = e;
			n_cands++;
			break;
		case ENTRY_INDICATOR:
			ind = plan_index_indicator(&ix, e->indicator);
			per = plan_index_period(&ix, e->period);
			/* Only the monitoring department's figure counts. */
			if (ind < 0 || per < 0 ||
			    strcmp(plan->indicators[ind].monitoring,
				   e->dept) != 0)
				break;
			{
				struct indicator_value *v =
					&f.values[(size_t)ind * np + (size_t)per];

				v->present = true;
				v->value = e->value;
				v->note = e->note;
				v->at = e->at;
			}
			break;
		case ENTRY_SUBMIT:
			per = plan_index_period(&ix, e->period);
			if (per < 0)
				break;
			if (e->consolidated) {
				if (!strcmp(plan->periods[per].consolidator,
					    e->dept))
					apply_submit(&f.subs[(size_t)per *
							     (nd + 1) + nd], e);
				break;
			}
			d = plan_index_dept(&ix, e->dept);
			if (d >= 0)
				apply_submit(&f.subs[(size_t)per * (nd + 1) +
						     (size_t)d], e);
			break;
		}
	}
	if (build_notes(&f, plan, cands, n_cands) || index_leads(&f))
		goto out;
	*out = f;
	memset(&f, 0, sizeof(f));
	ret = 0;
out:
	fold_release(&f);
	free(cands);
	free(lead_start);
	if (have_ix)
		plan_index_release(&ix);
	return ret;
}

void fold_release(struct fold *f)
{
	if (!f)
		return;
	free(f->leads);
	free(f->notes);
	free(f->values);
	free(f->subs);
	free((void *)f->lead_index);
	memset(f, 0, sizeof(*f));
}

const struct task_lead_state *fold_lead(const struct fold *f,
					const char *task_id, const char *dept)
{
	const struct task_lead_state *l, *found = NULL;
	size_t lo = 0, hi, mid;
	int c;

	if (!f || !task_id || !dept || !f->lead_index)
		goto out;
	hi = f->n_leads;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		l = f->lead_index[mid];
		c = strcmp(task_id, l->task->id);
		if (!c)
			c = strcmp(dept, l->dept);
		if (!c) {
			found = l;
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
out:
	return found;
}
