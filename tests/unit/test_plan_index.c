/* test_plan_index.c: lookups in a plan's index, with its task table built
 * by the first lookup, and without it when memory runs out then.
 */
// LDFLAGS: -Wl,--wrap=calloc -Wl,--wrap=malloc
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/plan.h"
#include "plantrack/plan_load.h"

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);

static bool fail_calloc;
static unsigned long calloc_calls;
/* Fails the malloc of this count from now (1: the next), 0: none. */
static int fail_malloc_at;

void *__wrap_calloc(size_t n, size_t size)
{
	calloc_calls++;
	return fail_calloc ? NULL : __real_calloc(n, size);
}

void *__wrap_malloc(size_t size)
{
	if (fail_malloc_at && !--fail_malloc_at)
		return NULL;
	return __real_malloc(size);
}

typedef const struct plan_task *find_fn(const struct plan *p,
					 const char *id);

/* Every task by its id through find, and ids that are none (a prefix, a
 * longer one, an empty one, NULL). */
static void check_find(const struct plan *p, find_fn *find)
{
	for (size_t i = 0; i < p->n_tasks; i++)
		assert_ptr_equal(find(p, p->tasks[i].id), &p->tasks[i]);
	assert_null(find(p, "I"));
	assert_null(find(p, "I.10000"));
	assert_null(find(p, ""));
	assert_null(find(p, NULL));
}

static void check_lookups(const struct plan *p)
{
	check_find(p, plan_task_find);
}

/* plan_task_prefetch of every id and of none: a hint, which neither
 * builds the table nor allocates, and takes NULL. */
static void check_prefetch(const struct plan *p)
{
	unsigned long calls = calloc_calls;

	for (size_t i = 0; i < p->n_tasks; i++)
		plan_task_prefetch(p, p->tasks[i].id);
	plan_task_prefetch(p, "I.10000");
	plan_task_prefetch(p, NULL);
	plan_task_prefetch(NULL, "I.1");
	assert_int_equal(calloc_calls, calls);
}

static void test_table_built_on_demand(void **state)
{
	struct plan *p = NULL;

	(void)state;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	assert_int_equal(p->n_tasks, 25);
	check_prefetch(p);	/* no table yet: none made */
	check_lookups(p);
	check_prefetch(p);
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

/* What plan_task_find_once answers for every id check_lookups asks. */
static void check_lookups_once(const struct plan *p)
{
	check_find(p, plan_task_find_once);
	assert_null(plan_task_find_once(NULL, "I.1"));
}

/* A lookup asked once scans: it builds no table (allocates nothing),
 * and answers as plan_task_find does, before and after the table is
 * built; of two tasks with one id (which the loader refuses), the
 * first, both ways. */
static void test_find_once(void **state)
{
	struct plan *p = NULL;
	struct plan_task twins[3];
	struct plan q;
	unsigned long before;

	(void)state;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	before = calloc_calls;
	check_lookups_once(p);
	assert_int_equal(calloc_calls, before);
	check_lookups(p);	/* builds the table */
	assert_true(calloc_calls > before);
	check_lookups_once(p);
	plan_free(p);

	memset(&q, 0, sizeof(q));
	memset(twins, 0, sizeof(twins));
	twins[0].id = "II.1";
	twins[1].id = "II.2";
	twins[2].id = "II.2";
	q.tasks = twins;
	q.n_tasks = 3;
	assert_int_equal(plan_index_build(&q), 0);
	assert_ptr_equal(plan_task_find_once(&q, "II.2"), &twins[1]);
	assert_ptr_equal(plan_task_find(&q, "II.2"), &twins[1]);
	assert_ptr_equal(plan_task_find_once(&q, "II.2"), &twins[1]);
	plan_index_release(&q);
}

/* Ids of every length around what a slot holds (15 bytes), ids alike in
 * their first 15 bytes, ids that are a prefix of others: each found as
 * itself, and nothing else found. The two ids and the two of none before
 * the last are pairs whose hashes agree in their tag and in the bucket
 * of the table of 32 slots these 16 ids make (found by a search): the
 * keys themselves must tell them apart, a long one's by strcmp, a short
 * one's by the bytes in its slot. The last id and the last of none are
 * two bytes each that a packing of less than eight bits a byte would
 * make one. */
static void test_short_and_long_ids(void **state)
{
	static const char *const ids[] = {
		"A", "AB", "I.1", "VI.99999", "ABCDEFGHIJKLMN",
		"ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYY",
		"Nhiệm vụ một", "Nhiệm vụ một trăm", "x\xff",
		"LONGKEYPREFIX-1660868", "S056662", "\x81\x01",
	};
	static const char *const none[] = {
		"", "B", "I.", "I.11", "ABCDEFGHIJKLM", "ABCDEFGHIJKLMNOR",
		"ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQRSTUVWXYZZ",
		"ABCDEFGHIJKLMNOPQRSTUVWXY", "Nhiệm vụ hai",
		"LONGKEYPREFIX-6987872", "S252393", "\x01\x01",
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
	assert_int_equal(p.n_tasks, 16);
	for (size_t i = 0; i < p.n_tasks; i++) {
		/* Another copy of the id: found by its bytes. */
		snprintf(copy, sizeof(copy), "%s", ids[i]);
		assert_ptr_equal(plan_task_find(&p, copy), &tasks[i]);
	}
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		assert_null(plan_task_find(&p, none[i]));
	plan_index_release(&p);
}

/* plan_dept_role against plan_task_led_by and plan_task_coordinated_by,
 * and plan_dept_lead_slot against plan_lead_slot, for every task and
 * department of p. */
static void check_roles(const struct plan *p)
{
	for (size_t i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];

		for (size_t j = 0; j < p->n_depts; j++) {
			const struct plan_dept *d = &p->depts[j];
			int want = plan_task_led_by(t, d->code) ? PLAN_LEADS :
				plan_task_coordinated_by(p, t, d->code) ?
				PLAN_COORDINATES : 0;

			assert_int_equal(plan_dept_role(p, t, d), want);
			assert_int_equal(plan_dept_lead_slot(p, t, d),
					 plan_lead_slot(p, t, d->code));
			if (want == PLAN_LEADS)
				assert_true(plan_dept_lead_slot(p, t, d) >= 0);
		}
	}
}

/* The bundled plan: leads, coordinators named one by one and through
 * ALL, tasks no department coordinates; every answer is checked to be
 * one of each kind somewhere. Then the same answers while its tables
 * cannot be made (each of its three allocations failing), and after. */
static void test_dept_roles(void **state)
{
	struct plan *p = NULL;
	int seen[3] = { 0, 0, 0 };

	(void)state;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	for (size_t i = 0; i < p->n_tasks; i++)
		for (size_t j = 0; j < p->n_depts; j++)
			seen[plan_task_led_by(&p->tasks[i], p->depts[j].code) ?
			     PLAN_LEADS :
			     plan_task_coordinated_by(p, &p->tasks[i],
						      p->depts[j].code) ?
			     PLAN_COORDINATES : 0]++;
	assert_true(seen[0] && seen[PLAN_LEADS] && seen[PLAN_COORDINATES]);
	for (int k = 1; k <= 3; k++) {
		struct plan *q = NULL;

		assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr,
					   &q), 0);
		fail_malloc_at = k;
		check_roles(q);
		fail_malloc_at = 0;
		check_roles(q);
		plan_free(q);
	}
	check_roles(p);
	check_roles(p);
	assert_int_equal(plan_dept_role(p, NULL, &p->depts[0]), 0);
	assert_int_equal(plan_dept_role(p, &p->tasks[0], NULL), 0);
	plan_free(p);
}

/* A coordinator that is a party of all departments counts for every
 * department but the leads; one of another kind for none; an unknown
 * code for none. */
static void test_dept_roles_parties(void **state)
{
	static const char *lead[] = { "A" };
	static const char *coord_all[] = { "EXT", "ALL" };
	static const char *coord_ext[] = { "EXT", "NOPE", "B" };
	struct plan_dept depts[3];
	struct plan_party parties[2];
	struct plan_task tasks[2];
	struct plan p;

	(void)state;
	memset(&p, 0, sizeof(p));
	memset(depts, 0, sizeof(depts));
	memset(parties, 0, sizeof(parties));
	memset(tasks, 0, sizeof(tasks));
	depts[0].code = "A";
	depts[1].code = "B";
	depts[2].code = "C";
	parties[0].code = "ALL";
	parties[0].kind = PARTY_ALL_DEPARTMENTS;
	parties[1].code = "EXT";
	parties[1].kind = PARTY_EXTERNAL;
	tasks[0].id = "1";
	tasks[0].lead = (struct plan_refs){ .codes = lead, .n = 1 };
	tasks[0].coordinating = (struct plan_refs){ .codes = coord_all,
						    .n = 2 };
	tasks[1].id = "2";
	tasks[1].lead = (struct plan_refs){ .codes = lead, .n = 1 };
	tasks[1].coordinating = (struct plan_refs){ .codes = coord_ext,
						    .n = 3 };
	p.depts = depts;
	p.n_depts = 3;
	p.parties = parties;
	p.n_parties = 2;
	p.tasks = tasks;
	p.n_tasks = 2;
	assert_int_equal(plan_index_build(&p), 0);
	assert_int_equal(plan_dept_role(&p, &tasks[0], &depts[0]), PLAN_LEADS);
	assert_int_equal(plan_dept_role(&p, &tasks[0], &depts[1]),
			 PLAN_COORDINATES);
	assert_int_equal(plan_dept_role(&p, &tasks[0], &depts[2]),
			 PLAN_COORDINATES);
	assert_int_equal(plan_dept_role(&p, &tasks[1], &depts[0]), PLAN_LEADS);
	assert_int_equal(plan_dept_role(&p, &tasks[1], &depts[1]),
			 PLAN_COORDINATES);
	assert_int_equal(plan_dept_role(&p, &tasks[1], &depts[2]), 0);
	check_roles(&p);
	plan_index_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_built_on_demand),
		cmocka_unit_test(test_scan_without_memory),
		cmocka_unit_test(test_find_once),
		cmocka_unit_test(test_short_and_long_ids),
		cmocka_unit_test(test_dept_roles),
		cmocka_unit_test(test_dept_roles_parties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
