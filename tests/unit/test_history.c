/* test_history.c: history's "before" and "after" of every item are what
 * folding the entries of its subject recorded before it gives, however
 * the items are read.
 *
 * history_build numbers the subjects (a hash of the schema's SUBJECT
 * fields) and history_replay folds them again as the items are read,
 * keeping the last few in a ring. The reference below is the slow,
 * obvious one: for each item, every earlier entry whose subject is the
 * same by a comparison written out kind by kind, folded from empty.
 * Random entries of all four kinds on the sample plan, few subjects so
 * that each has many entries, read in order (as the renderers do),
 * backwards and at random (each going back past the ring starts again),
 * with and without filters, with and without the snapshot's hints. And
 * out of memory at every allocation in turn.
 */
// LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=posix_memalign -Wl,--wrap=xmalloc -Wl,--wrap=xcalloc -Wl,--wrap=xrealloc
#include "testutil.h"

#define FAIL_ALLOC_SPARE_X
#include "fail_alloc.h"

#include "plantrack/history.h"
#include "plantrack/plan_load.h"
#include "plantrack/state.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next(void)
{
	return test_xorshift(&rng);
}

static const char *const texts[] = { "", "a", "b", "kết quả", "" };
static const char *const periods[] = { "h1", "annual" };

static const char *text(void)
{
	return texts[next() % 5];
}

static void add_random(struct state *st, const struct plan *p, size_t ntasks)
{
	struct state_entry e;

	memset(&e, 0, sizeof(e));
	e.kind = (enum entry_kind)(next() % 4);
	e.at = 1767225600 + (time_t)(next() % (400 * 86400));
	e.user = "u";
	e.dept = p->depts[next() % (p->n_depts < 3 ? p->n_depts : 3)].code;
	e.period = periods[next() % 2];
	switch (e.kind) {
	case ENTRY_TASK:
		e.task = p->tasks[next() % ntasks].id;
		e.role = next() % 3 ? ROLE_LEAD : ROLE_COORDINATING;
		if (e.role == ROLE_LEAD && next() % 2) {
			e.set |= SET_STATUS;
			e.status = (enum task_status)(next() % 3);
		}
		if (e.role == ROLE_LEAD && next() % 2) {
			e.set |= SET_PROGRESS;
			e.progress = (int)(next() % 101);
		}
		if (next() % 2) {
			e.set |= SET_RESULT;
			e.result = text();
		}
		if (next() % 3 == 0) {
			e.set |= SET_DIFFICULTY;
			e.difficulty = text();
		}
		if (next() % 4 == 0) {
			e.set |= SET_PROPOSAL;
			e.proposal = text();
		}
		break;
	case ENTRY_INDICATOR:
		e.indicator = 1 + (int)(next() % 2);
		e.value = (double)(next() % 101);
		if (next() % 2) {
			e.set |= SET_NOTE;
			e.note = text();
		}
		break;
	case ENTRY_SUBMIT:
		e.consolidated = next() % 4 == 0;
		if (next() % 3 == 0) {
			e.set |= SET_WITHDRAW;
			e.withdraw = true;
		}
		break;
	case ENTRY_SECTION:
		e.section = (enum section_id)(next() % 2);
		e.commune = next() % 2;
		e.set |= SET_TEXT;
		e.text = text();
		break;
	}
	assert_int_equal(state_append(st, &e), 0);
}

/* Whether a and b are about the same thing, kind by kind. */
static bool same_subject(const struct state_entry *a,
			 const struct state_entry *b)
{
	if (a->kind != b->kind || strcmp(a->dept, b->dept) != 0)
		return false;
	switch (a->kind) {
	case ENTRY_TASK:
		return !strcmp(a->task, b->task) && a->role == b->role;
	case ENTRY_INDICATOR:
		return a->indicator == b->indicator &&
		       !strcmp(a->period, b->period);
	case ENTRY_SUBMIT:
		return !strcmp(a->period, b->period) &&
		       a->consolidated == b->consolidated;
	case ENTRY_SECTION:
		return !strcmp(a->period, b->period) &&
		       a->section == b->section && a->commune == b->commune;
	}
	return false;
}

static void assert_current_equal(const struct state_current *x,
				 const struct state_current *y)
{
	assert_ptr_equal(x->type, y->type);
	assert_memory_equal(x->src, y->src, sizeof(x->src));
	assert_int_equal(x->status, y->status);
	assert_int_equal(x->progress, y->progress);
	assert_ptr_equal(x->last, y->last);
}

/* Item i of h as the reference gives it, checked against rp's. */
static void check_item(struct history_replay *rp, const struct history *h,
		       const struct state *st, size_t i)
{
	const struct state_entry *e = h->items[i].e;
	const struct state_current *before;
	struct state_current after, want;

	state_current_init(&want, e->kind);
	for (const struct state_entry *x = st->entries; x < e; x++)
		if (same_subject(x, e))
			state_current_apply(&want, x);
	history_replay_item(rp, i, &before, &after);
	assert_current_equal(before, &want);
	state_current_apply(&want, e);
	assert_current_equal(&after, &want);
}

static void check_orders(const struct history *h, const struct state *st)
{
	struct history_replay rp;

	assert_int_equal(history_replay_init(&rp, h), 0);
	for (size_t i = 0; i < h->n; i++)
		check_item(&rp, h, st, i);
	for (size_t i = h->n; i-- > 0;)
		check_item(&rp, h, st, i);
	for (size_t k = 0; h->n && k < 50; k++)
		check_item(&rp, h, st, next() % h->n);
	history_replay_release(&rp);
	history_replay_release(&rp);	/* twice is fine */
	history_replay_release(NULL);
}

static void test_replay_is_the_fold(void **unused)
{
	struct plan *p = NULL;
	unsigned long rounds = test_rounds(120);

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	for (unsigned long round = 0; round < rounds; round++) {
		struct state *st = state_new();
		struct history h;
		size_t ntasks = 1 + next() % 4, n = next() % 300;
		struct history_filter all = { NULL, NULL, PT_DAY_NONE };
		struct history_filter some = {
			round % 3 == 0 ? p->tasks[0].id : NULL,
			round % 3 == 1 ? p->depts[0].code : NULL,
			round % 3 == 2 ? date_from_ymd(2026, 6, 1) :
					 PT_DAY_NONE,
		};

		assert_non_null(st);
		for (size_t i = 0; i < n; i++)
			add_random(st, p, ntasks);
		assert_int_equal(history_build(&h, st, p, &all), 0);
		assert_int_equal(h.n, n);
		for (size_t i = 0; i < h.n; i++)
			assert_ptr_equal(h.items[i].e, &st->entries[i]);
		check_orders(&h, st);
		history_release(&h);

		/* The filter keeps fewer items, in order; the entries it
		 * leaves out still count for their subjects. */
		assert_int_equal(history_build(&h, st, p, &some), 0);
		assert_true(h.n <= n);
		for (size_t i = 1; i < h.n; i++)
			assert_true(h.items[i - 1].e < h.items[i].e);
		check_orders(&h, st);
		history_release(&h);
		history_release(&h);	/* twice is fine */
		state_free(st);
	}
	history_release(NULL);
	plan_free(p);
}

/* A state's hints (the snapshot's guesses of each task entry's task and
 * department, which history_build takes for the subject when they hold)
 * change no subject: right ones, wrong ones, out of range ones, for
 * entries whose strings are the plan's own (as the snapshot's are, so
 * that a wrong hint's pointer could pass) or copies of them. */
static void test_hints_change_no_subject(void **unused)
{
	struct plan *p = NULL;
	unsigned long rounds = test_rounds(120);
	struct history_filter all = { NULL, NULL, PT_DAY_NONE };

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	for (unsigned long round = 0; round < rounds; round++) {
		struct state *st = state_new();
		struct history want, got;
		/* Enough entries, most rounds, for the table of hinted
		 * subjects (4 cells an entry at most). */
		size_t ntasks = 1 + next() % p->n_tasks, n = next() % 400;

		assert_non_null(st);
		for (size_t i = 0; i < n; i++)
			add_random(st, p, ntasks);
		for (size_t i = 0; i < st->n; i++) {
			struct state_entry *e = &st->entries[i];

			if (e->kind != ENTRY_TASK || next() % 4 == 0)
				continue;
			e->task = plan_task_find(p, e->task)->id;
			e->dept = plan_dept_find(p, e->dept)->code;
		}
		assert_int_equal(history_build(&want, st, p, &all), 0);
		st->hints = calloc(st->n + 1, sizeof(*st->hints));
		assert_non_null(st->hints);
		st->n_hints = st->n ? st->n - next() % (st->n / 4 + 1) : 0;
		for (size_t i = 0; i < st->n_hints; i++) {
			const struct state_entry *e = &st->entries[i];
			const struct plan_task *t = e->task ?
				plan_task_find(p, e->task) : NULL;
			unsigned r = (unsigned)(next() % 6);

			st->hints[i].task = r == 0 ? (unsigned)next() :
				r == 1 || !t ? (unsigned)(next() % p->n_tasks) :
				(unsigned)(t - p->tasks);
			r = (unsigned)(next() % 6);
			st->hints[i].dept = r == 0 ? (unsigned)next() :
				r == 1 ? (unsigned)(next() % p->n_depts) :
				(unsigned)(plan_dept_find(p, e->dept) - p->depts);
		}
		assert_int_equal(history_build(&got, st, p, &all), 0);
		assert_int_equal(got.n_subjects, want.n_subjects);
		if (st->n)
			assert_memory_equal(got.subject, want.subject,
					    st->n * sizeof(*got.subject));
		check_orders(&got, st);
		history_release(&got);
		history_release(&want);
		state_free(st);
	}
	plan_free(p);
}

/* What test_out_of_memory draws: st's history on p as text or JSON. */
struct drawn {
	const struct state *st;
	const struct plan *p;
	int json;
};

static int build_render(const void *ctx, FILE *f)
{
	const struct drawn *d = ctx;
	struct history_filter all = { NULL, NULL, PT_DAY_NONE };
	struct history h;
	int rc = history_build(&h, d->st, d->p, &all);

	if (!rc)
		rc = d->json ? history_render_json(f, &h, d->p) :
			       history_render_text(f, &h, d->p, 0);
	history_release(&h);
	return rc;
}

/* Out of memory at each allocation of building and drawing a history in
 * turn (fail_each): -1 and the start of the output, or 0 and all of it. */
static void test_out_of_memory(void **unused)
{
	struct plan *p = NULL;
	struct state *st;

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	st = state_new();
	assert_non_null(st);
	for (size_t i = 0; i < 60; i++)
		add_random(st, p, 4);
	for (int json = 0; json < 2; json++) {
		struct drawn d = { st, p, json };

		fail_each(build_render, &d);
	}
	state_free(st);
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_is_the_fold),
		cmocka_unit_test(test_hints_change_no_subject),
		cmocka_unit_test(test_out_of_memory),
	};

	test_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
