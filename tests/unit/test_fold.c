/* test_fold.c: the fold's fast paths give what the slow ones give: its
 * counting sort of coordinating entries what the comparison sort it
 * replaced gave, and a state's hints (state.h) nothing but speed.
 *
 * The reference below is the former build_notes: qsort by (task,
 * department code by strcmp, position in the state), each subject
 * folded in that order, those with a current text kept and sorted by
 * (task, time of the note, latest entry). Random coordinating and lead
 * entries, out of time order, with ties in time and texts cleared by "",
 * on the sample plan, whose department codes (KT, HCC, VHXH, DVC) are
 * not in strcmp order: the notes must be the same, field by field.
 */
#include "testutil.h"

#include <limits.h>

#include "plantrack/plan_load.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	return test_xorshift(&rng);
}

struct ref_cand {
	size_t task, seq;
	const struct state_entry *e;
};

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int ref_cmp_subject(const void *a, const void *b)
{
	const struct ref_cand *x = a, *y = b;
	int c = CMP(x->task, y->task);

	if (!c)
		c = strcmp(x->e->dept, y->e->dept);
	if (!c)
		c = CMP(x->seq, y->seq);
	return c;
}

static int ref_cmp_note(const void *a, const void *b)
{
	const struct task_note *x = a, *y = b;
	int c = CMP(x->task, y->task);

	if (!c)
		c = CMP(x->at, y->at);
	if (!c)
		c = CMP(x->cur.last, y->cur.last);
	return c;
}

/* The former build_notes: *out (malloc'd) and its length. */
static size_t ref_notes(const struct plan *p, const struct state *st,
			struct task_note **out)
{
	const struct schema_type *tt = schema_type_of(ENTRY_TASK);
	const struct schema_field *result = schema_field(tt, "result");
	struct ref_cand *c = calloc(st->n + 1, sizeof(*c));
	struct task_note *nt = calloc(st->n + 1, sizeof(*nt));
	size_t i, n = 0, k = 0, m = 0;

	assert_non_null(c);
	assert_non_null(nt);
	for (i = 0; i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct plan_task *t = plan_task_find(p, e->task);

		if (e->kind != ENTRY_TASK || e->role != ROLE_COORDINATING ||
		    !t || !plan_dept_find(p, e->dept))
			continue;
		c[n].task = (size_t)(t - p->tasks);
		c[n].seq = i;
		c[n++].e = e;
	}
	qsort(c, n, sizeof(*c), ref_cmp_subject);
	for (i = 0; i < n; i++) {
		if (!i || c[i].task != c[i - 1].task ||
		    strcmp(c[i].e->dept, c[i - 1].e->dept) != 0) {
			nt[k].task = &p->tasks[c[i].task];
			nt[k].dept = c[i].e->dept;
			state_current_init(&nt[k++].cur, ENTRY_TASK);
		}
		state_current_apply(&nt[k - 1].cur, c[i].e);
	}
	for (i = 0; i < k; i++) {
		struct task_note *x = &nt[i];

		x->result = state_current_str(&x->cur, result);
		x->difficulty = state_current_str(&x->cur,
						  schema_field(tt, "difficulty"));
		x->proposal = state_current_str(&x->cur,
						schema_field(tt, "proposal"));
		if (!x->result && !x->difficulty && !x->proposal)
			continue;
		x->at = x->result ? state_current_src(&x->cur, result)->at :
			x->cur.last->at;
		nt[m++] = *x;
	}
	qsort(nt, m, sizeof(*nt), ref_cmp_note);
	free(c);
	*out = nt;
	return m;
}

static const char *const texts[] = { "", "a", "b", "kết quả", "" };

static void add_random(struct state *st, const struct plan *p, size_t ntasks)
{
	struct state_entry e;
	const struct plan_task *t = &p->tasks[next() % ntasks];

	memset(&e, 0, sizeof(e));
	e.kind = ENTRY_TASK;
	e.at = 1700000000 + (time_t)(next() % 8);	/* many ties */
	e.user = "u";
	e.dept = p->depts[next() % p->n_depts].code;
	e.task = t->id;
	e.role = next() % 5 ? ROLE_COORDINATING : ROLE_LEAD;
	/* A lead's entry by one of its leads, now and then by a department
	 * that does not lead it (which the fold skips). */
	if (e.role == ROLE_LEAD && t->lead.n && next() % 4)
		e.dept = t->lead.codes[next() % t->lead.n];
	if (next() % 2) {
		e.set |= SET_RESULT;
		e.result = texts[next() % 5];
	}
	if (next() % 3 == 0) {
		e.set |= SET_DIFFICULTY;
		e.difficulty = texts[next() % 5];
	}
	if (next() % 4 == 0) {
		e.set |= SET_PROPOSAL;
		e.proposal = texts[next() % 5];
	}
	assert_int_equal(state_append(st, &e), 0);
}

static void test_notes_as_qsort(void **unused)
{
	struct plan *p = NULL;

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	for (int round = 0; round < 200; round++) {
		struct state *st = state_new();
		struct task_note *want = NULL;
		struct fold f;
		/* Few tasks: many subjects per task and entries per subject. */
		size_t ntasks = 1 + next() % (round % 2 ? 3 : p->n_tasks);
		size_t n = next() % 400, m;

		assert_non_null(st);
		for (size_t i = 0; i < n; i++)
			add_random(st, p, ntasks);
		assert_int_equal(state_fold(st, p, (time_t)1800000000, &f), 0);
		m = ref_notes(p, st, &want);
		assert_int_equal(f.n_notes, m);
		for (size_t i = 0; i < m; i++) {
			const struct task_note *x = &f.notes[i], *y = &want[i];

			assert_ptr_equal(x->task, y->task);
			assert_string_equal(x->dept, y->dept);
			assert_ptr_equal(x->result, y->result);
			assert_ptr_equal(x->difficulty, y->difficulty);
			assert_ptr_equal(x->proposal, y->proposal);
			assert_int_equal(x->at, y->at);
			assert_ptr_equal(x->cur.last, y->cur.last);
			assert_memory_equal(x->cur.src, y->cur.src,
					    sizeof(x->cur.src));
		}
		free(want);
		fold_release(&f);
		state_free(st);
	}
	plan_free(p);
}

static void assert_fold_equal(const struct fold *a, const struct fold *b)
{
	assert_int_equal(a->n_leads, b->n_leads);
	/* A fold of entries keeps the current values of the leads that
	 * have entries, and only theirs. */
	assert_int_equal(a->n_lead_cur, b->n_lead_cur);
	for (size_t i = 0; i < a->n_leads; i++) {
		assert_int_equal(a->leads[i].cur != 0, a->leads[i].reported);
		assert_int_equal(b->leads[i].cur != 0, b->leads[i].reported);
	}
	for (size_t i = 0; i < a->n_leads; i++) {
		const struct task_lead_state *x = &a->leads[i], *y = &b->leads[i];

		assert_int_equal(x->reported, y->reported);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->progress, y->progress);
		assert_memory_equal(fold_lead_texts(a, x), fold_lead_texts(b, y),
				    sizeof(struct task_lead_texts));
		assert_memory_equal(fold_lead_cur(a, x), fold_lead_cur(b, y),
				    sizeof(struct state_current));
	}
	assert_int_equal(a->n_notes, b->n_notes);
	assert_memory_equal(a->notes, b->notes, a->n_notes * sizeof(*a->notes));
	assert_int_equal(a->n_values, b->n_values);
	assert_memory_equal(a->values, b->values,
			    a->n_values * sizeof(*a->values));
	assert_int_equal(a->n_subs, b->n_subs);
	assert_memory_equal(a->subs, b->subs, a->n_subs * sizeof(*a->subs));
	assert_int_equal(a->n_sections, b->n_sections);
	assert_memory_equal(a->sections, b->sections,
			    a->n_sections * sizeof(*a->sections));
}

/* The slot the snapshot would hint for e (state_hint.slot). */
static unsigned right_slot(const struct plan *p, const struct state_entry *e)
{
	const struct plan_task *t = plan_task_find(p, e->task);
	long slot = t && e->kind == ENTRY_TASK && e->role == ROLE_LEAD ?
		plan_lead_slot(p, t, e->dept) : -1;

	return slot < 0 ? UINT_MAX : (unsigned)slot;
}

/* A state's hints (the snapshot's guesses of each entry's task and
 * department) never change the fold: right ones, wrong ones, out of
 * range ones, for entries whose strings are the plan's own (as the
 * snapshot's are, so that a wrong hint's pointer could pass) or copies. */
static void test_hints_never_change_the_fold(void **unused)
{
	struct plan *p = NULL;

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	/* A lead's code is its department's very string, as in a plan read
	 * from the snapshot (the slot hint is taken only then). */
	for (size_t i = 0; i < p->n_tasks; i++)
		for (size_t j = 0; j < p->tasks[i].lead.n; j++)
			p->tasks[i].lead.codes[j] =
				plan_dept_find(p, p->tasks[i].lead.codes[j])->code;
	/* And a task led twice by one department (a forged snapshot's, as
	 * the loader refuses none): the first of its slots is the one. */
	for (size_t i = 0; i < p->n_tasks; i++) {
		if (p->tasks[i].lead.n >= 2) {
			p->tasks[i].lead.codes[1] = p->tasks[i].lead.codes[0];
			break;
		}
	}
	for (int round = 0; round < 200; round++) {
		struct state *st = state_new();
		struct fold want, got;
		size_t n = next() % 300;

		assert_non_null(st);
		for (size_t i = 0; i < n; i++)
			add_random(st, p, p->n_tasks);
		/* The plan's own pointers for most entries. */
		for (size_t i = 0; i < st->n; i++) {
			struct state_entry *e = &st->entries[i];

			if (next() % 4 == 0)
				continue;
			e->task = plan_task_find(p, e->task)->id;
			e->dept = plan_dept_find(p, e->dept)->code;
		}
		assert_int_equal(state_fold(st, p, (time_t)1800000000, &want), 0);
		st->hints = calloc(st->n + 1, sizeof(*st->hints));
		assert_non_null(st->hints);
		st->n_hints = st->n ? next() % (st->n + 1) : 0;
		for (size_t i = 0; i < st->n_hints; i++) {
			const struct state_entry *e = &st->entries[i];
			unsigned r = (unsigned)(next() % 4);

			st->hints[i].task = r == 0 ? (unsigned)next() :
				r == 1 ? (unsigned)(next() % p->n_tasks) :
				(unsigned)(plan_task_find(p, e->task) - p->tasks);
			r = (unsigned)(next() % 4);
			st->hints[i].dept = r == 0 ? (unsigned)next() :
				r == 1 ? (unsigned)(next() % p->n_depts) :
				(unsigned)(plan_dept_find(p, e->dept) - p->depts);
			r = (unsigned)(next() % 5);
			st->hints[i].slot = r == 0 ? (unsigned)next() :
				r == 1 ? (unsigned)(next() % (plan_lead_count(p) + 1)) :
				r == 2 ? UINT_MAX : right_slot(p, e);
		}
		assert_int_equal(state_fold(st, p, (time_t)1800000000, &got), 0);
		assert_fold_equal(&got, &want);
		/* The report's lookup of a lead entry's slot, through the
		 * same hints: fold_lead's answer whatever they say. */
		for (size_t i = 0; i < st->n; i++) {
			const struct state_entry *e = &st->entries[i];

			assert_ptr_equal(state_entry_task(st, p, i),
					 e->task ? plan_task_find(p, e->task) :
					 NULL);
			if (e->kind == ENTRY_TASK && e->role == ROLE_LEAD)
				assert_ptr_equal(fold_lead_of(&got, st, i),
						 fold_lead(&got, e->task,
							   e->dept));
		}
		fold_release(&want);
		fold_release(&got);
		state_free(st);
	}
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes_as_qsort),
		cmocka_unit_test(test_hints_never_change_the_fold),
	};

	test_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
