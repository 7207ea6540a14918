/* fold.c: the state at an instant, from the entries recorded up to it.
 *
 * "What is the current value" is decided in one place,
 * state_current_apply, for every consumer: the fold here, history's
 * before and after, and the commands that record. The fold is one pass
 * over the entries with every lookup a probe of the plan's index and
 * every slot an array element, then a counting sort of the coordinating
 * entries: O(entries + tasks + departments), so that a plan of 100 000
 * tasks folds as fast as one of 25.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "state_int.h"

/* ---- the current value of a subject ---- */

void state_current_init(struct state_current *c, enum entry_kind k)
{
	memset(c, 0, sizeof(*c));
	c->type = schema_type_of(k);
	c->status = STATUS_NOT_STARTED;
}

void state_status_rule(enum task_status *status, int *progress, unsigned set,
		       enum task_status new_status, int new_progress)
{
	if (set & SET_PROGRESS) {
		/* The figure wins: it is the more precise statement. */
		*progress = new_progress < 0 ? 0 :
			    new_progress > 100 ? 100 : new_progress;
		if (set & SET_STATUS)
			*status = new_status;
		if (*progress == 100)
			*status = STATUS_DONE;
		else if (*status == STATUS_DONE ||
			 (*status == STATUS_NOT_STARTED && *progress > 0))
			*status = STATUS_IN_PROGRESS;
	} else if (set & SET_STATUS) {
		*status = new_status;
		if (new_status == STATUS_DONE)
			*progress = 100;
		else if (new_status == STATUS_NOT_STARTED)
			*progress = 0;
		else if (*progress == 100)
			*progress = 99;	/* reopened by an old entry */
	}
}

void state_current_apply(struct state_current *c, const struct state_entry *e)
{
	const struct schema_type *t = c->type;
	size_t i;

	if (!t)
		return;	/* an entry kind the table lacks: nothing folds */
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];
		const char *s;

		/* schema_is_set, inline: this loop is the fold's inner one. */
		if (f->fold != SCHEMA_FOLD_REPLACE ||
		    (f->bit && !(e->set & f->bit)))
			continue;
		c->src[i] = e;
		if (f->kind != SCHEMA_TEXT)
			continue;
		/* "" is how a text that no longer holds is taken back. */
		s = schema_get_str(e, f);
		if (!s || !*s)
			c->src[i] = NULL;
	}
	if (t->kind == ENTRY_TASK)
		state_status_rule(&c->status, &c->progress, e->set, e->status,
				  e->progress);
	c->last = e;
}

/* ---- the fold ---- */

/* A coordinating entry, to be folded with the others of its subject. */
struct cand {
	size_t task;		/* position in the plan */
	size_t seq;		/* position in the state: later wins */
	size_t rank;		/* its department's code among the plan's
				 * codes in strcmp order */
	const struct state_entry *e;
};

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int cmp_note(const void *a, const void *b)
{
	const struct task_note *x = a, *y = b;
	int c = CMP(x->task, y->task);

	if (!c)
		c = CMP(x->at, y->at);
	if (!c)
		c = CMP(x->cur.last, y->cur.last);	/* recorded order */
	return c;
}

/* n * m, or SIZE_MAX when that does not fit (alloc_array then fails). */
static size_t mul(size_t n, size_t m)
{
	return m && n > SIZE_MAX / m ? SIZE_MAX : n * m;
}

/* Zeroed, in huge pages when large; NULL (ENOMEM) when n * size
 * overflows. */
static void *alloc_array(size_t n, size_t size)
{
	return mem_calloc_huge(n, size);
}

static const struct schema_field *task_field(const char *key)
{
	return schema_field(schema_type_of(ENTRY_TASK), key);
}

/* The task fields a lead's or a note's texts are read from, looked up
 * once per fold rather than by name per slot. */
struct texts {
	const struct schema_field *result, *difficulty, *proposal;
};

static void texts_init(struct texts *x)
{
	x->result = task_field("result");
	x->difficulty = task_field("difficulty");
	x->proposal = task_field("proposal");
}

/* The texts of a lead's current values c, which have an entry. */
static void finish_texts(struct task_lead_texts *t,
			 const struct state_current *c, const struct texts *x)
{
	t->result = state_current_str(c, x->result);
	t->difficulty = state_current_str(c, x->difficulty);
	t->proposal = state_current_str(c, x->proposal);
	t->last_update = c->last ? c->last->at : 0;
	t->last_user = c->last ? c->last->user : NULL;
}

static void apply_submit(struct submission *s, const struct state_entry *e)
{
	if ((e->set & SET_WITHDRAW) && e->withdraw) {
		/* Taken back: a later submission is a first one again. */
		s->present = false;
		s->first_at = s->last_at = 0;
		return;
	}
	if (!s->present || e->at < s->first_at)
		s->first_at = e->at;
	if (!s->present || e->at > s->last_at)
		s->last_at = e->at;
	s->present = true;
}

/* One stable counting pass of c[0..n) into out by key(c) < nkeys. */
static int count_pass(const struct cand *c, struct cand *out, size_t n,
		      size_t nkeys, bool by_task)
{
	size_t *start = alloc_array(nkeys + 1, sizeof(*start));
	size_t i, sum = 0;

	if (!start)
		return -1;
	for (i = 0; i < n; i++)
		start[by_task ? c[i].task : c[i].rank]++;
	for (i = 0; i <= nkeys; i++) {
		size_t k = start[i];

		start[i] = sum;
		sum += k;
	}
	for (i = 0; i < n; i++)
		out[start[by_task ? c[i].task : c[i].rank]++] = c[i];
	free(start);
	return 0;
}

/* Sorts c[0..n) (in recorded order: seq ascending) by task, then
 * department code (strcmp), then seq, in O(n + tasks + departments): two stable counting passes, by
 * the department's rank, then by task. qsort's comparisons of strings
 * cost more than the rest of a warm command's load. */
static int sort_cands(const struct plan *plan, struct cand *c, size_t n)
{
	struct cand *tmp = alloc_array(n, sizeof(*tmp));
	int ret = -1;

	if (!tmp || count_pass(c, tmp, n, plan->n_depts, false) ||
	    count_pass(tmp, c, n, plan->n_tasks, true))
		goto out;
	ret = 0;
out:
	free(tmp);
	return ret;
}

/* The rank of each department's code in strcmp order, by plan index. */
struct code_pos {
	const char *code;
	size_t pos;
};

static int cmp_dept_code(const void *a, const void *b)
{
	const struct code_pos *x = a, *y = b;

	return strcmp(x->code, y->code);
}

static size_t *dept_ranks(const struct plan *plan)
{
	struct code_pos *by_code;
	size_t *rank, i;

	by_code = alloc_array(plan->n_depts, sizeof(*by_code));
	rank = alloc_array(plan->n_depts, sizeof(*rank));
	if (!by_code || !rank) {
		free(rank);
		rank = NULL;
		goto out;
	}
	for (i = 0; i < plan->n_depts; i++) {
		by_code[i].code = plan->depts[i].code;
		by_code[i].pos = i;
	}
	if (plan->n_depts)
		qsort(by_code, plan->n_depts, sizeof(*by_code), cmp_dept_code);
	for (i = 0; i < plan->n_depts; i++)
		rank[by_code[i].pos] = i;
out:
	free(by_code);
	return rank;
}

/* Sorts notes[0..n), already in task order, as cmp_note does: each
 * task's few notes by insertion, a long run by qsort. */
static void sort_notes(struct task_note *nt, size_t n)
{
	size_t i, j, run;

	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && nt[i + run].task == nt[i].task;)
			run++;
		if (run > 16) {
			qsort(nt + i, run, sizeof(*nt), cmp_note);
			continue;
		}
		for (j = i + 1; j < i + run; j++) {
			struct task_note x = nt[j];
			size_t k = j;

			for (; k > i && cmp_note(&nt[k - 1], &x) > 0; k--)
				nt[k] = nt[k - 1];
			nt[k] = x;
		}
	}
}

/* Folds each coordinating subject (task, department) in recorded order
 * and keeps those with a current text, by task then time. */
static int build_notes(struct fold *f, const struct plan *plan,
		       struct cand *c, size_t n)
{
	struct texts x;
	struct task_note *nt;
	size_t i, k = 0;
	int ret = -1;

	texts_init(&x);
	f->notes = alloc_array(n, sizeof(*f->notes));
	if (!f->notes)
		goto out;
	/* With no candidates c is NULL, which must not be sorted. */
	if (n && sort_cands(plan, c, n))
		goto out;
	for (i = 0; i < n; i++) {
		if (!i || c[i].task != c[i - 1].task ||
		    c[i].rank != c[i - 1].rank) {
			nt = &f->notes[k++];
			nt->task = &plan->tasks[c[i].task];
			nt->dept = c[i].e->dept;
			state_current_init(&nt->cur, ENTRY_TASK);
		}
		state_current_apply(&f->notes[k - 1].cur, c[i].e);
	}
	/* Keep those that still say something. */
	n = k;
	k = 0;
	for (i = 0; i < n; i++) {
		nt = &f->notes[i];
		nt->result = state_current_str(&nt->cur, x.result);
		nt->difficulty = state_current_str(&nt->cur, x.difficulty);
		nt->proposal = state_current_str(&nt->cur, x.proposal);
		if (!nt->result && !nt->difficulty && !nt->proposal)
			continue;
		nt->at = nt->result ? state_current_src(&nt->cur, x.result)->at :
			 nt->cur.last->at;
		nt->user = nt->cur.last->user;
		f->notes[k++] = *nt;
	}
	/* Kept in task order: only each task's notes need sorting. */
	sort_notes(f->notes, k);
	f->n_notes = k;
	ret = 0;
out:
	return ret;
}

static int add_cand(struct cand **cands, size_t *n, size_t *alloc,
		    size_t task, size_t seq, size_t rank,
		    const struct state_entry *e)
{
	struct cand *nc;
	int ret = -1;

	if (*n == *alloc) {
		size_t a = *alloc < 64 ? 64 : *alloc / 2 * 3;

		nc = mem_realloc_huge(*cands, a, sizeof(**cands));
		if (!nc)
			goto out;	/* ENOMEM */
		*cands = nc;
		*alloc = a;
	}
	(*cands)[*n].task = task;
	(*cands)[*n].seq = seq;
	(*cands)[*n].rank = rank;
	(*cands)[*n].e = e;
	(*n)++;
	ret = 0;
out:
	return ret;
}

static struct submission *sub_slot(const struct fold *f, size_t period,
				   size_t dept)
{
	return &f->subs[period * (f->plan->n_depts + 1) + dept];
}

/* Slot of (period, department or the commune nd, section). */
static struct section_text *section_slot(const struct fold *f, size_t period,
					 size_t dept, enum section_id s)
{
	return &f->sections[(period * (f->plan->n_depts + 1) + dept) *
			    N_SECTIONS + (size_t)s];
}

static void finish_section(struct section_text *t,
			   const struct schema_field *text)
{
	const struct state_entry *e = state_current_src(&t->cur, text);

	t->text = e ? e->text : NULL;
	t->at = e ? e->at : 0;
	t->user = e ? e->user : NULL;
}

/* The plan's task of entry i, through its hint when the hint is right
 * (the plan's id is e->task itself: the id of that task, as ids are
 * unique), else by the index. */
static const struct plan_task *task_of(const struct state *st,
				       const struct plan *plan, size_t i,
				       const struct state_entry *e)
{
	if (i < st->n_hints && st->hints[i].task < plan->n_tasks &&
	    plan->tasks[st->hints[i].task].id == e->task)
		return &plan->tasks[st->hints[i].task];
	return plan_task_find(plan, e->task);
}

static const struct plan_dept *dept_of(const struct state *st,
				       const struct plan *plan, size_t i,
				       const struct state_entry *e)
{
	if (i < st->n_hints && st->hints[i].dept < plan->n_depts &&
	    plan->depts[st->hints[i].dept].code == e->dept)
		return &plan->depts[st->hints[i].dept];
	return plan_dept_find(plan, e->dept);
}

/* The lead slot of entry i (a lead's) through its hint, or -1: the
 * slot's task id and department must be the entry's very pointers (the
 * snapshot's strings), and no lead of that task before it may have its
 * department (lead_slot finds the first). Neither the plan's tasks nor
 * a task's leads are looked at: at 100 000 tasks, those two lookups
 * were most of a warm fold, each a cache miss. */
#define FOLD_AHEAD 8

static long hinted_slot(const struct fold *f, const struct state *st,
			size_t i, const struct state_entry *e)
{
	size_t s, k;

	if (i >= st->n_hints || (s = st->hints[i].slot) >= f->n_leads ||
	    f->leads[s].task_id != e->task || f->leads[s].dept != e->dept)
		return -1;
	for (k = s; k-- > 0 && f->leads[k].task == f->leads[s].task;)
		if (f->leads[k].dept == e->dept ||
		    !strcmp(f->leads[k].dept, e->dept))
			return -1;
	return (long)s;
}

/* plan_lead_slot, with the same pointer (the snapshot's) tried before
 * strcmp at each lead: the first lead whose code is e's, either way. */
static long lead_slot(const struct plan *plan, const struct plan_task *t,
		      const char *code)
{
	for (size_t j = 0; plan->index && j < t->lead.n; j++)
		if (t->lead.codes[j] == code || !strcmp(t->lead.codes[j], code))
			return (long)(plan_lead_first(plan, t) + j);
	return -1;
}

size_t fold_slots_bytes(size_t n_leads)
{
	size_t len = mul(n_leads, sizeof(struct task_lead_state));

	return len == SIZE_MAX ? len : mem_huge_whole(len);
}

int fold_slots(struct fold *f, const struct plan *plan)
{
	return fold_slots_in(f, plan, NULL);
}

int fold_slots_in(struct fold *f, const struct plan *plan,
		  struct task_lead_state *leads)
{
	size_t i, j, np = plan->n_periods, nd = plan->n_depts;

	f->plan = plan;
	f->n_leads = plan_lead_count(plan);
	/* A lead's place in lead_cur is 32 bits (task_lead_state.cur). */
	if (f->n_leads >= UINT32_MAX) {
		free(leads);
		errno = ENOMEM;
		return -1;
	}
	if (leads) {
		f->leads = leads;
	} else {
		f->leads = alloc_array(1, fold_slots_bytes(f->n_leads));
		/* Every lead's slot is written below. */
		mem_populate(f->leads, f->n_leads * sizeof(*f->leads));
	}

	f->n_values = mul(plan->n_indicators, np);
	f->values = alloc_array(f->n_values, sizeof(*f->values));
	f->n_subs = mul(np, nd + 1);
	f->subs = alloc_array(f->n_subs, sizeof(*f->subs));
	f->n_sections = mul(f->n_subs, N_SECTIONS);
	f->sections = alloc_array(f->n_sections, sizeof(*f->sections));
	if (!f->leads || !f->values || !f->subs || !f->sections)
		return -1;
	for (i = 0; i < plan->n_tasks; i++) {
		size_t first = plan_lead_first(plan, &plan->tasks[i]);

		for (j = 0; j < plan->tasks[i].lead.n; j++) {
			struct task_lead_state *l = &f->leads[first + j];

			l->task = &plan->tasks[i];
			l->task_id = plan->tasks[i].id;
			l->dept = plan->tasks[i].lead.codes[j];
		}
	}
	for (i = 0; i < plan->n_indicators; i++) {
		for (j = 0; j < np; j++) {
			f->values[i * np + j].indicator = &plan->indicators[i];
			f->values[i * np + j].period = plan->periods[j].id;
		}
	}
	for (i = 0; i < np; i++) {
		for (j = 0; j < nd; j++) {
			sub_slot(f, i, j)->dept = plan->depts[j].code;
			sub_slot(f, i, j)->period = plan->periods[i].id;
		}
		sub_slot(f, i, nd)->dept = plan->periods[i].consolidator;
		sub_slot(f, i, nd)->period = plan->periods[i].id;
		sub_slot(f, i, nd)->consolidated = true;
		for (j = 0; j <= nd; j++) {
			for (int k = 0; k < N_SECTIONS; k++) {
				struct section_text *t = section_slot(f, i, j,
					(enum section_id)k);

				t->period = plan->periods[i].id;
				t->dept = j < nd ? plan->depts[j].code :
					  plan->periods[i].consolidator;
				t->commune = j == nd;
				t->section = (enum section_id)k;
				state_current_init(&t->cur, ENTRY_SECTION);
			}
		}
	}
	return 0;
}

/* l's current values in f, made (empty) by its first entry; NULL out of
 * memory. *alloc is lead_cur's room: the array may move, so the pointer
 * holds until the next call. */
static struct state_current *lead_cur_of(struct fold *f,
					 struct task_lead_state *l,
					 size_t *alloc)
{
	struct state_current *v;
	size_t a;

	if (l->cur)
		return &f->lead_cur[l->cur - 1];
	if (f->n_lead_cur == *alloc) {
		/* At most one a lead, and fold_slots keeps n_leads below
		 * UINT32_MAX. */
		a = *alloc ? *alloc * 2 : 64;
		if (a > f->n_leads)
			a = f->n_leads;
		v = mem_realloc_huge(f->lead_cur, a, sizeof(*v));
		if (!v)
			return NULL;	/* ENOMEM */
		f->lead_cur = v;
		*alloc = a;
	}
	v = &f->lead_cur[f->n_lead_cur++];
	state_current_init(v, ENTRY_TASK);
	l->cur = (uint32_t)f->n_lead_cur;
	return v;
}

int state_fold(const struct state *st, const struct plan *plan, time_t until,
	       struct fold *out)
{
	struct fold f;
	struct state_current *vcur = NULL;
	struct cand *cands = NULL;
	size_t *rank = NULL;
	const struct schema_type *it = schema_type_of(ENTRY_INDICATOR);
	const struct schema_field *value = schema_field(it, "value");
	const struct schema_field *note = schema_field(it, "note");
	const struct schema_field *text =
		schema_field(schema_type_of(ENTRY_SECTION), "text");
	struct texts x;
	size_t i, n_cands = 0, a_cands = 0, np = plan->n_periods;
	size_t nd = plan->n_depts, a_lead_cur = 0;
	int ret = -1;

	memset(&f, 0, sizeof(f));
	memset(out, 0, sizeof(*out));
	f.whole = true;
	f.unreadable = st->unreadable;
	f.n_unreadable = st->n_unreadable;

	/* Slots first, in plan order, so that untouched ones read as
	 * "nothing reported". */
	vcur = alloc_array(mul(plan->n_indicators, np), sizeof(*vcur));
	rank = dept_ranks(plan);
	if (fold_slots(&f, plan) || !vcur || !rank)
		goto out;
	for (i = 0; i < f.n_values; i++)
		state_current_init(&vcur[i], ENTRY_INDICATOR);

	/* Entries the loader did not check (state_append) may name things
	 * the plan lacks: those are skipped, never trusted. */
	for (i = 0; i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct plan_task *t;
		const struct plan_indicator *ind;
		const struct plan_period *pd;
		const struct plan_dept *d;
		struct state_current *c;
		long slot;

		/* The entries are in time order, their slots in plan order:
		 * the slot a few entries on is asked for now (only a hint),
		 * which at 100 000 tasks is a cache miss each otherwise. */
		if (i + FOLD_AHEAD < st->n_hints &&
		    st->hints[i + FOLD_AHEAD].slot < f.n_leads)
			__builtin_prefetch(&f.leads[st->hints[i + FOLD_AHEAD].slot]);
		/* A coordinating note's task is found through its hint
		 * (task_of), checked against the plan's task. */
		else if (i + FOLD_AHEAD < st->n_hints &&
			 st->hints[i + FOLD_AHEAD].task < plan->n_tasks)
			__builtin_prefetch(
				&plan->tasks[st->hints[i + FOLD_AHEAD].task]);
		if (!e->dept)
			continue;
		if (e->at > until) {
			f.whole = false;
			continue;
		}
		if (e->at > f.latest)
			f.latest = e->at;
		switch (e->kind) {
		case ENTRY_TASK:
			slot = e->role == ROLE_LEAD ?
				hinted_slot(&f, st, i, e) : -1;
			t = slot >= 0 ? f.leads[slot].task :
				task_of(st, plan, i, e);
			if (!t)
				break;
			if (e->role == ROLE_LEAD) {
				/* Without a hint (the YAML's entries), by
				 * positions: the task's codes are a cache
				 * miss at 100 000 tasks. */
				if (slot < 0 && i >= st->n_hints &&
				    (d = plan_dept_find(plan, e->dept)))
					slot = plan_dept_lead_slot(plan, t, d);
				else if (slot < 0)
					slot = lead_slot(plan, t, e->dept);
				if (slot < 0)
					break;
				c = lead_cur_of(&f, &f.leads[slot],
						&a_lead_cur);
				if (!c)
					goto out;
				f.leads[slot].reported = true;
				state_current_apply(c, e);
				break;
			}
			d = dept_of(st, plan, i, e);
			if (d && add_cand(&cands, &n_cands, &a_cands,
					  (size_t)(t - plan->tasks), i,
					  rank[d - plan->depts], e))
				goto out;
			break;
		case ENTRY_INDICATOR:
			ind = plan_indicator_find(plan, e->indicator);
			pd = plan_period_find(plan, e->period);
			/* Only the monitoring department's figure counts. */
			if (!ind || !pd || strcmp(ind->monitoring, e->dept) != 0)
				break;
			state_current_apply(&vcur[(size_t)(ind - plan->indicators)
						  * np +
						  (size_t)(pd - plan->periods)],
					    e);
			break;
		case ENTRY_SUBMIT:
			pd = plan_period_find(plan, e->period);
			if (!pd)
				break;
			if (e->consolidated) {
				if (!strcmp(pd->consolidator, e->dept))
					apply_submit(sub_slot(&f,
						(size_t)(pd - plan->periods), nd),
						e);
				break;
			}
			d = plan_dept_find(plan, e->dept);
			if (d)
				apply_submit(sub_slot(&f,
						      (size_t)(pd - plan->periods),
						      (size_t)(d - plan->depts)),
					     e);
			break;
		case ENTRY_SECTION:
			pd = plan_period_find(plan, e->period);
			d = plan_dept_find(plan, e->dept);
			if (!pd || !d || (unsigned)e->section >= N_SECTIONS)
				break;
			/* The commune's text is its consolidator's alone. */
			if (e->commune &&
			    strcmp(pd->consolidator, e->dept) != 0)
				break;
			state_current_apply(&section_slot(&f,
				(size_t)(pd - plan->periods),
				e->commune ? nd : (size_t)(d - plan->depts),
				e->section)->cur, e);
			break;
		}
	}
	texts_init(&x);
	for (i = 0; i < f.n_leads; i++) {
		const struct state_current *c = fold_lead_cur(&f, &f.leads[i]);

		f.leads[i].status = c->status;
		f.leads[i].progress = c->progress;
	}
	if (f.n_lead_cur) {
		f.lead_texts = alloc_array(f.n_lead_cur, sizeof(*f.lead_texts));
		if (!f.lead_texts)
			goto out;
		f.n_lead_texts = f.n_lead_cur;
		for (i = 0; i < f.n_lead_cur; i++)
			finish_texts(&f.lead_texts[i], &f.lead_cur[i], &x);
	}
	for (i = 0; i < f.n_sections; i++)
		finish_section(&f.sections[i], text);
	for (i = 0; i < f.n_values; i++) {
		struct indicator_value *v = &f.values[i];

		/* A value set means an entry applied (last): said for the
		 * analyser, which cannot see it. */
		v->present = vcur[i].last && state_current_has(&vcur[i], value);
		if (!v->present)
			continue;
		v->value = state_current_number(&vcur[i], value);
		v->note = state_current_str(&vcur[i], note);
		v->at = vcur[i].last->at;
	}
	if (build_notes(&f, plan, cands, n_cands))
		goto out;
	*out = f;
	memset(&f, 0, sizeof(f));
	ret = 0;
out:
	fold_release(&f);
	free(cands);
	free(rank);
	free(vcur);
	return ret;
}

void fold_release(struct fold *f)
{
	if (!f)
		return;
	free(f->leads);
	free(f->lead_cur);
	free(f->lead_texts);
	free(f->notes);
	free(f->values);
	free(f->subs);
	free(f->sections);
	memset(f, 0, sizeof(*f));
}

bool fold_covers(const struct fold *f, const struct plan *plan,
		 time_t until)
{
	return f && f->plan == plan && f->leads && f->whole && !f->bare &&
	       f->latest <= until;
}

const struct task_lead_state *fold_lead(const struct fold *f,
					const char *task_id, const char *dept)
{
	const struct plan_task *t;
	long slot = -1;

	if (f && f->plan && f->leads) {
		t = plan_task_find(f->plan, task_id);
		slot = plan_lead_slot(f->plan, t, dept);
	}
	return slot < 0 ? NULL : &f->leads[slot];
}

const struct plan_task *state_entry_task(const struct state *st,
					 const struct plan *plan, size_t i)
{
	return task_of(st, plan, i, &st->entries[i]);
}

const struct task_lead_state *fold_lead_of(const struct fold *f,
					   const struct state *st, size_t i)
{
	const struct state_entry *e = &st->entries[i];
	long s = f && f->leads ? hinted_slot(f, st, i, e) : -1;

	return s >= 0 ? &f->leads[s] : fold_lead(f, e->task, e->dept);
}

const struct state_current *fold_lead_cur(const struct fold *f,
					  const struct task_lead_state *l)
{
	static struct state_current empty;

	if (f && l && l->cur && l->cur <= f->n_lead_cur)
		return &f->lead_cur[l->cur - 1];
	if (!empty.type)
		state_current_init(&empty, ENTRY_TASK);
	return &empty;
}

const struct task_lead_texts *fold_lead_texts(const struct fold *f,
					      const struct task_lead_state *l)
{
	static const struct task_lead_texts none;

	if (f && l && l->cur && l->cur <= f->n_lead_texts)
		return &f->lead_texts[l->cur - 1];
	return &none;
}

const struct task_lead_state *fold_lead_at(const struct fold *f,
					   const struct plan_task *t, size_t j)
{
	const struct plan *p = f ? f->plan : NULL;
	uintptr_t at;
	size_t k;

	if (!p || !f->leads || !p->index || !t || j >= t->lead.n)
		return NULL;
	/* A task of another plan (pointers compared as numbers: C orders
	 * only those into one array): by id, as fold_lead. */
	at = (uintptr_t)t - (uintptr_t)p->tasks;
	if ((uintptr_t)t < (uintptr_t)p->tasks ||
	    at / sizeof(*t) >= p->n_tasks || at % sizeof(*t))
		return fold_lead(f, t->id, t->lead.codes[j]);
	/* fold_lead's answer: the first lead of that code. */
	for (k = 0; k < j; k++)
		if (t->lead.codes[k] == t->lead.codes[j] ||
		    !strcmp(t->lead.codes[k], t->lead.codes[j]))
			break;
	return &f->leads[plan_lead_first(p, t) + k];
}

const struct submission *fold_submission(const struct fold *f,
					 const char *dept, const char *period,
					 bool consolidated)
{
	const struct plan_period *pd;
	const struct plan_dept *d;
	const struct submission *s = NULL;

	if (!f || !f->plan || !f->subs)
		goto out;
	pd = plan_period_find(f->plan, period);
	if (!pd)
		goto out;
	if (consolidated) {
		s = sub_slot(f, (size_t)(pd - f->plan->periods),
			     f->plan->n_depts);
		if (!dept || strcmp(s->dept, dept) != 0)
			s = NULL;
		goto out;
	}
	d = plan_dept_find(f->plan, dept);
	if (d)
		s = sub_slot(f, (size_t)(pd - f->plan->periods),
			     (size_t)(d - f->plan->depts));
out:
	return s;
}

const struct indicator_value *fold_value(const struct fold *f,
					 const struct plan_indicator *ind,
					 const char *period)
{
	const struct plan_period *pd;
	const struct indicator_value *v = NULL;

	if (!f || !f->plan || !f->values || !ind)
		goto out;
	pd = plan_period_find(f->plan, period);
	if (pd)
		v = &f->values[(size_t)(ind - f->plan->indicators) *
			       f->plan->n_periods +
			       (size_t)(pd - f->plan->periods)];
out:
	return v;
}

const struct section_text *fold_section(const struct fold *f,
					const char *period, const char *dept,
					bool commune, enum section_id s)
{
	const struct plan_period *pd;
	const struct plan_dept *d = NULL;
	const struct section_text *t = NULL;

	if (!f || !f->plan || !f->sections || (unsigned)s >= N_SECTIONS)
		goto out;
	pd = plan_period_find(f->plan, period);
	if (!commune)
		d = plan_dept_find(f->plan, dept);
	if (pd && (commune || d))
		t = section_slot(f, (size_t)(pd - f->plan->periods),
				 commune ? f->plan->n_depts :
				 (size_t)(d - f->plan->depts), s);
out:
	return t;
}
