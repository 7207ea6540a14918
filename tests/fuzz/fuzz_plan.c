/* fuzz_plan.c: libFuzzer harness for the plan loader (plan_load_mem).
 *
 * Besides "no crash, no leak, no undefined behaviour", a plan that loads
 * must answer its own lookups: every task, department, period and
 * indicator is found by its id, which checks any lookup index against
 * the arrays it indexes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/err.h"
#include "plantrack/plan.h"
#include "plantrack/plan_load.h"
#include "fuzz.h"

/* Messages are part of what is fuzzed (positions, excerpts), so they are
 * printed, but nowhere. */
static FILE *sink(void)
{
	static FILE *devnull;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
		err_stream = devnull;
	}
	return devnull;
}

static void check_lookups(const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n_tasks; i++)
		if (plan_task_find(p, p->tasks[i].id) != &p->tasks[i])
			abort();
	for (i = 0; i < p->n_depts; i++)
		if (plan_dept_find(p, p->depts[i].code) != &p->depts[i])
			abort();
	for (i = 0; i < p->n_periods; i++)
		if (plan_period_find(p, p->periods[i].id) != &p->periods[i])
			abort();
	for (i = 0; i < p->n_indicators; i++)
		if (plan_indicator_find(p, p->indicators[i].number) !=
		    &p->indicators[i])
			abort();
}

/* The strings of a plan loaded in place are those of one loaded from a
 * copy, where the loader kept them. */
static void same_strings(const struct plan *a, const struct plan *b)
{
	size_t i;

	if (a->n_tasks != b->n_tasks || a->n_depts != b->n_depts)
		abort();
	for (i = 0; i < a->n_tasks; i++)
		if (strcmp(a->tasks[i].id, b->tasks[i].id) ||
		    strcmp(a->tasks[i].description, b->tasks[i].description))
			abort();
	for (i = 0; i < a->n_depts; i++)
		if (strcmp(a->depts[i].name, b->depts[i].name))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan *p = NULL, *q = NULL;
	FILE *errf = sink();
	char *copy = malloc(size ? size : 1);
	int rc;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	rc = plan_load_mem("fuzz.yaml", (const char *)data, size, errf, &p);
	if (!rc) {
		if (!p)
			abort();
		check_lookups(p);
	} else if (p) {
		abort();	/* an error must leave *out NULL */
	}
	/* The same bytes in a buffer the loader keeps and writes. */
	if (plan_load_adopt("fuzz.yaml", copy, size, errf, &q) != rc ||
	    !q != !p)
		abort();
	if (q)
		same_strings(p, q);
	plan_free(p);
	plan_free(q);
	return 0;
}
