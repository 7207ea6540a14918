/* test_todo.c: what is left to do in a period (todo.h), on the bundled
 * plan with hand-made states: the period in progress, the report's flags
 * read by task and department, coordinating notes in the window, a
 * department's list. */
#include "testutil.h"

#include <time.h>

#include "plantrack/date.h"
#include "plantrack/instant.h"
#include "plantrack/plan_load.h"
#include "plantrack/state.h"
#include "plantrack/todo.h"

struct fx {
	struct plan *plan;
	struct state *st;
	struct todo td;
	struct todo_dept it;
};

static int group_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	test_locale();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	if (plan_load(SRCPATH("data/plan.yaml"), stderr, &fx->plan)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int group_teardown(void **state)
{
	struct fx *fx = *state;

	plan_free(fx->plan);
	free(fx);
	return 0;
}

static int setup(void **state)
{
	struct fx *fx = *state;

	fx->st = state_new();
	memset(&fx->td, 0, sizeof(fx->td));
	memset(&fx->it, 0, sizeof(fx->it));
	return fx->st ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	todo_dept_release(&fx->it);
	todo_free(&fx->td);
	state_free(fx->st);
	fx->st = NULL;
	return 0;
}

static pt_day D(const char *s)
{
	pt_day d;

	if (date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

static void add(struct state *st, enum entry_kind kind, const char *at,
		const char *dept, const char *subject, enum task_role role,
		unsigned set, enum task_status status, int progress)
{
	struct state_entry e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	assert_int_equal(instant_parse(at, &e.at, &e.utc_offset), 0);
	e.dept = dept;
	e.user = "u";
	e.uid = 1000;
	if (kind == ENTRY_TASK) {
		e.task = subject;
		e.role = role;
		e.set = set;
		e.status = status;
		e.progress = progress;
		e.result = role == ROLE_COORDINATING ? "góp ý" : NULL;
		e.set |= role == ROLE_COORDINATING ? SET_RESULT : 0;
	} else {
		e.period = subject;
	}
	assert_int_equal(state_append(st, &e), 0);
}

static void build(struct fx *fx, const char *period, const char *today)
{
	const struct plan_period *pd = plan_period_find(fx->plan, period);

	assert_non_null(pd);
	todo_free(&fx->td);
	assert_int_equal(todo_build(&fx->td, fx->plan, fx->st, pd, D(today)),
			 0);
}

static const struct plan_task *task(struct fx *fx, const char *id)
{
	const struct plan_task *t = plan_task_find(fx->plan, id);

	assert_non_null(t);
	return t;
}

/* The next departments' deadline, today included; after the last, the
 * last period. */
static void test_period_of(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(todo_period_of(fx->plan, D("2026-01-01"))->id, "h1");
	assert_string_equal(todo_period_of(fx->plan, D("2026-05-20"))->id, "h1");
	assert_string_equal(todo_period_of(fx->plan, D("2026-05-21"))->id,
			    "annual");
	assert_string_equal(todo_period_of(fx->plan, D("2026-11-15"))->id,
			    "annual");
	assert_string_equal(todo_period_of(fx->plan, D("2027-03-01"))->id,
			    "annual");
}

/* Not updated: no lead entry in the window (after the previous period's
 * department deadline day), and not done; overdue: dated, past, not
 * done. The window is the report's. */
static void test_rows(void **state)
{
	struct fx *fx = *state;
	const struct report_row *row;

	add(fx->st, ENTRY_TASK, "2026-05-20T23:00:00+07:00", "HCC", "II.1",
	    ROLE_LEAD, SET_PROGRESS, STATUS_IN_PROGRESS, 40);
	add(fx->st, ENTRY_TASK, "2026-05-21T00:00:00+07:00", "HCC", "II.2",
	    ROLE_LEAD, SET_PROGRESS, STATUS_IN_PROGRESS, 10);
	add(fx->st, ENTRY_TASK, "2026-05-22T08:00:00+07:00", "HCC", "II.3",
	    ROLE_LEAD, SET_STATUS, STATUS_DONE, 100);

	build(fx, "h1", "2026-05-20");
	assert_int_equal(fx->td.since, D("2026-01-01"));
	assert_false(todo_row(&fx->td, task(fx, "II.1"), "HCC")->unreported);
	assert_true(todo_row(&fx->td, task(fx, "II.2"), "HCC")->unreported);
	/* Not a lead: no row. */
	assert_null(todo_row(&fx->td, task(fx, "II.1"), "KT"));

	build(fx, "annual", "2026-06-01");
	assert_int_equal(fx->td.since, D("2026-05-21"));
	/* On the h1 deadline day: it counted for h1, not for annual. */
	assert_true(todo_row(&fx->td, task(fx, "II.1"), "HCC")->unreported);
	assert_false(todo_row(&fx->td, task(fx, "II.2"), "HCC")->unreported);
	/* Done: nothing more to report. */
	row = todo_row(&fx->td, task(fx, "II.3"), "HCC");
	assert_false(row->unreported);
	assert_false(row->overdue);

	/* III.2 is due 31/12/2026. */
	build(fx, "annual", "2026-12-31");
	assert_false(todo_row(&fx->td, task(fx, "III.2"), "KT")->overdue);
	build(fx, "annual", "2027-01-01");
	assert_true(todo_row(&fx->td, task(fx, "III.2"), "KT")->overdue);
}

/* As of a day: what was recorded after it does not count. */
static void test_as_of(void **state)
{
	struct fx *fx = *state;
	const struct report_submission *s;

	add(fx->st, ENTRY_SUBMIT, "2026-05-22T08:00:00+07:00", "HCC", "h1",
	    ROLE_LEAD, 0, 0, 0);
	build(fx, "h1", "2026-05-21");
	s = todo_submission(&fx->td, "HCC", false);
	assert_non_null(s);
	assert_false(s->submitted);
	assert_int_equal(s->status, SUB_MISSING);
	assert_int_equal(todo_days_after(&fx->td, s), 1);
	build(fx, "h1", "2026-05-22");
	s = todo_submission(&fx->td, "HCC", false);
	assert_true(s->submitted);
	assert_int_equal(s->status, SUB_LATE);
	assert_int_equal(todo_days_after(&fx->td, s), 2);
	assert_null(todo_submission(&fx->td, "HCC", true));
	assert_non_null(todo_submission(&fx->td, "KT", true));
	build(fx, "h1", "2026-05-10");
	assert_int_equal(todo_days_after(&fx->td,
			 todo_submission(&fx->td, "VHXH", false)), -10);
}

/* A department's list: its stale and overdue lead tasks in plan order,
 * the indicators it monitors without a value, the tasks it coordinates
 * without a note of its own in the window; the consolidator's missing
 * departments. */
static void test_dept(void **state)
{
	struct fx *fx = *state;
	const struct plan_dept *hcc = plan_dept_find(fx->plan, "HCC");
	const struct plan_dept *kt = plan_dept_find(fx->plan, "KT");
	struct state_entry e;
	size_t coord_before;

	add(fx->st, ENTRY_TASK, "2026-03-01T08:00:00+07:00", "HCC", "II.1",
	    ROLE_LEAD, SET_PROGRESS, STATUS_IN_PROGRESS, 40);
	build(fx, "h1", "2026-05-15");
	assert_int_equal(todo_dept_build(&fx->td, hcc, &fx->it), 0);
	assert_int_equal(fx->it.n_stale, 5);
	assert_string_equal(fx->it.stale[0]->task->id, "II.2");
	assert_string_equal(fx->it.stale[4]->task->id, "II.6");
	assert_int_equal(fx->it.n_overdue, 0);
	assert_int_equal(fx->it.n_no_value, 4);
	assert_null(fx->it.consolidated);
	assert_false(todo_dept_empty(&fx->it));
	coord_before = fx->it.n_coord;
	assert_true(coord_before > 0);
	todo_dept_release(&fx->it);

	/* A note of its own on a task it coordinates, and a value. */
	add(fx->st, ENTRY_TASK, "2026-03-02T08:00:00+07:00", "HCC", "I.1",
	    ROLE_COORDINATING, 0, 0, 0);
	memset(&e, 0, sizeof(e));
	e.kind = ENTRY_INDICATOR;
	assert_int_equal(instant_parse("2026-03-03T08:00:00+07:00", &e.at,
				       &e.utc_offset), 0);
	e.dept = "HCC";
	e.user = "u";
	e.indicator = 1;
	e.period = "h1";
	e.value = 98;
	assert_int_equal(state_append(fx->st, &e), 0);
	build(fx, "h1", "2026-05-15");
	assert_true(todo_coordinated(&fx->td, task(fx, "I.1"), "HCC"));
	assert_false(todo_coordinated(&fx->td, task(fx, "I.1"), "VHXH"));
	assert_int_equal(todo_dept_build(&fx->td, hcc, &fx->it), 0);
	assert_int_equal(fx->it.n_coord, coord_before - 1);
	assert_int_equal(fx->it.n_no_value, 3);
	todo_dept_release(&fx->it);

	/* The consolidator sees who is missing. */
	add(fx->st, ENTRY_SUBMIT, "2026-05-19T08:00:00+07:00", "HCC", "h1",
	    ROLE_LEAD, 0, 0, 0);
	build(fx, "h1", "2026-05-20");
	assert_int_equal(todo_dept_build(&fx->td, kt, &fx->it), 0);
	assert_non_null(fx->it.consolidated);
	assert_int_equal(fx->it.n_missing, 3);
	assert_string_equal(fx->it.missing[0]->code, "KT");
	assert_string_equal(fx->it.missing[1]->code, "VHXH");
	todo_dept_release(&fx->it);
	todo_dept_release(NULL);
	todo_free(NULL);
}

/* One task's (show): its rows and coordinating marks are the whole
 * commune's, and every other task has none, from arrays sized by the
 * task, not by the plan. */
static void test_one_task(void **state)
{
	struct fx *fx = *state;
	const struct plan_period *pd = plan_period_find(fx->plan, "h1");
	const struct plan_task *t = task(fx, "II.2"), *other;
	struct todo whole;
	size_t i, j;

	add(fx->st, ENTRY_TASK, "2026-03-01T08:00:00+07:00", "HCC", "II.1",
	    ROLE_LEAD, SET_PROGRESS, STATUS_IN_PROGRESS, 40);
	add(fx->st, ENTRY_TASK, "2026-03-02T08:00:00+07:00", "HCC", "II.2",
	    ROLE_LEAD, SET_PROGRESS, STATUS_IN_PROGRESS, 10);
	add(fx->st, ENTRY_TASK, "2026-03-03T08:00:00+07:00", "KT", "II.2",
	    ROLE_COORDINATING, 0, 0, 0);
	add(fx->st, ENTRY_TASK, "2026-03-04T08:00:00+07:00", "KT", "I.1",
	    ROLE_COORDINATING, 0, 0, 0);
	assert_non_null(pd);
	assert_int_equal(todo_build(&whole, fx->plan, fx->st, pd,
				    D("2026-05-15")), 0);
	assert_int_equal(todo_build_task(&fx->td, fx->plan, fx->st, pd,
					 D("2026-05-15"), t, NULL), 0);
	assert_int_equal(fx->td.n_slots, t->lead.n);
	assert_int_equal(fx->td.n_tasks, 1);
	for (i = 0; i < t->lead.n; i++) {
		const struct report_row *a, *b;

		a = todo_row(&whole, t, t->lead.codes[i]);
		b = todo_row(&fx->td, t, t->lead.codes[i]);
		assert_non_null(b);
		assert_ptr_equal(b->task, t);
		assert_int_equal(a->unreported, b->unreported);
		assert_int_equal(a->overdue, b->overdue);
	}
	assert_false(todo_row(&fx->td, t, "HCC")->unreported);
	assert_true(todo_coordinated(&whole, t, "KT"));
	assert_true(todo_coordinated(&fx->td, t, "KT"));
	assert_false(todo_coordinated(&fx->td, t, "VHXH"));
	/* Every other task: nothing, where the whole has its rows. */
	assert_true(todo_coordinated(&whole, task(fx, "I.1"), "KT"));
	assert_false(todo_coordinated(&fx->td, task(fx, "I.1"), "KT"));
	for (i = 0; i < fx->plan->n_tasks; i++) {
		other = &fx->plan->tasks[i];
		if (other == t)
			continue;
		for (j = 0; j < other->lead.n; j++) {
			assert_non_null(todo_row(&whole, other,
						 other->lead.codes[j]));
			assert_null(todo_row(&fx->td, other,
					     other->lead.codes[j]));
		}
	}
	todo_free(&whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_period_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_task, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
