/* test_planview.c: planview's tables out of memory.
 *
 * Each allocation of drawing `list` and `indicators` fails in turn, at
 * a terminal's width (the rows kept and fitted) and without one: every
 * run either returns -1 having written the start of what a run with
 * memory writes, or returns 0 having written all of it. Before, a
 * table that ran out of memory stopped drawing and said nothing, and a
 * fitted one whose fit could not get its room was drawn unfitted.
 */
// LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=posix_memalign -Wl,--wrap=xmalloc -Wl,--wrap=xcalloc -Wl,--wrap=xrealloc
#include "testutil.h"

#define FAIL_ALLOC_SPARE_X
#include "fail_alloc.h"

#include "plantrack/plan_load.h"
#include "plantrack/planview.h"

struct drawn {
	const struct plan *p;
	const struct plan_task **tasks;
	int width;
};

static int draw_list(const void *ctx, FILE *f)
{
	const struct drawn *d = ctx;
	const struct planview_style style = { 0, PT_DAY_NONE };

	return planview_list_text(f, d->p, NULL, d->tasks, d->p->n_tasks,
				  d->width, &style);
}

static int draw_indicators(const void *ctx, FILE *f)
{
	const struct drawn *d = ctx;

	return planview_indicators_text(f, d->p, d->width);
}

static void test_tables_out_of_memory(void **unused)
{
	struct plan *p = NULL;
	struct drawn d;

	(void)unused;
	assert_int_equal(plan_load(SRCPATH("data/plan.yaml"), stderr, &p), 0);
	d.p = p;
	d.tasks = calloc(p->n_tasks, sizeof(*d.tasks));
	assert_non_null(d.tasks);
	for (size_t i = 0; i < p->n_tasks; i++)
		d.tasks[i] = &p->tasks[i];
	for (d.width = 0; d.width <= 80; d.width += 80) {
		fail_each(draw_list, &d);
		fail_each(draw_indicators, &d);
	}
	free(d.tasks);
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_out_of_memory),
	};

	test_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
