/* test_plan_index.c: lookups in a plan's index, with its task table built
 * by the first lookup, and without it when memory runs out then.
 */
// LDFLAGS: -Wl,--wrap=calloc
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>

#include "plantrack/plan.h"
#include "plantrack/plan_load.h"

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

static bool fail_calloc;

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_calloc ? NULL : __real_calloc(n, size);
}

/* Every task by its id, and ids that are none (a prefix, a longer one,
 * an empty one, NULL). */
static void check_lookups(const struct plan *p)
{
	for (size_t i = 0; i < p->n_tasks; i++)
		assert_ptr_equal(plan_task_find(p, p->tasks[i].id),
				 &p->tasks[i]);
	assert_null(plan_task_find(p, "I"));
	assert_null(plan_task_find(p, "I.10000"));
	assert_null(plan_task_find(p, ""));
	assert_null(plan_task_find(p, NULL));
}

static void test_table_built_on_demand(void **state)
{
	struct plan *p = NULL;

	(void)state;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	assert_int_equal(p->n_tasks, 25);
	check_lookups(p);
	check_lookups(p);	/* the table built: the same answers */
	plan_free(p);
}

static void test_scan_without_memory(void **state)
{
	struct plan *p = NULL;

	(void)state;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	/* The first lookup cannot build the table: every lookup scans,
	 * and finds what the table would. */
	fail_calloc = true;
	check_lookups(p);
	fail_calloc = false;
	check_lookups(p);	/* it does not try again */
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_built_on_demand),
		cmocka_unit_test(test_scan_without_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
