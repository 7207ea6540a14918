/* test_plan_index.c: lookups in a plan's index, with its task table built
 * by the first lookup, and without it when memory runs out then.
 */
// LDFLAGS: -Wl,--wrap=calloc
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Ids of every length around what a slot holds (15 bytes), ids alike in
 * their first 15 bytes, ids that are a prefix of others: each found as
 * itself, and nothing else found. The last two ids and the last two of none
 * are pairs whose hashes agree in their tag and in the bucket
 * of the table of 32 slots these 15 ids make (found by a search): the
 * keys themselves must tell them apart, a long one's by strcmp, a short
 * one's by the bytes in its slot. */
static void test_short_and_long_ids(void **state)
{
	static const char *const ids[] = {
		"A", "AB", "I.1", "VI.99999", "ABCDEFGHIJKLMN",
		"ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYY",
		"Nhiệm vụ một", "Nhiệm vụ một trăm", "x\xff",
		"LONGKEYPREFIX-1660868", "S197264",
	};
	static const char *const none[] = {
		"", "B", "I.", "I.11", "ABCDEFGHIJKLM", "ABCDEFGHIJKLMNOR",
		"ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQRSTUVWXYZZ",
		"ABCDEFGHIJKLMNOPQRSTUVWXY", "Nhiệm vụ hai",
		"LONGKEYPREFIX-6987872", "S398979",
	};
	struct plan_task tasks[sizeof(ids) / sizeof(ids[0])];
	struct plan p;
	char copy[64];

	(void)state;
	memset(&p, 0, sizeof(p));
	memset(tasks, 0, sizeof(tasks));
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		tasks[i].id = ids[i];
	p.tasks = tasks;
	p.n_tasks = sizeof(ids) / sizeof(ids[0]);
	assert_int_equal(plan_index_build(&p), 0);
	assert_int_equal(p.n_tasks, 15);
	for (size_t i = 0; i < p.n_tasks; i++) {
		/* Another copy of the id: found by its bytes. */
		snprintf(copy, sizeof(copy), "%s", ids[i]);
		assert_ptr_equal(plan_task_find(&p, copy), &tasks[i]);
	}
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		assert_null(plan_task_find(&p, none[i]));
	plan_index_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_built_on_demand),
		cmocka_unit_test(test_scan_without_memory),
		cmocka_unit_test(test_short_and_long_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
