/* test_report.c: the report model (report_build) on the bundled plan with
 * hand-made states, the documents built from it (report_doc_build), and
 * what the formats promise: text lines within DOC_TEXT_WIDTH columns,
 * CSV quoting, HTML and Markdown escaping. */
#include "testutil.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/date.h"
#include "plantrack/instant.h"
#include "plantrack/plan_load.h"
#include "plantrack/doc.h"
#include "plantrack/render.h"
#include "plantrack/report.h"
#include "plantrack/report_doc.h"
#include "plantrack/split.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"

struct fx {
	struct plan *plan;
	struct state *st;	/* per test, empty at the start */
	struct report rep;	/* per test; freed by teardown */
};

static int group_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	test_locale();
	/* Deadline days end at 24:00 in the commune's time zone. */
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
	memset(&fx->rep, 0, sizeof(fx->rep));
	return fx->st ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	report_free(&fx->rep);
	state_free(fx->st);
	fx->st = NULL;
	return 0;
}

/* ---- helpers ---- */

static time_t T(const char *s)
{
	time_t t;

	if (instant_parse(s, &t, NULL))
		fail_msg("bad instant in test: %s", s);
	return t;
}

static pt_day D(const char *s)
{
	pt_day d;

	if (date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

static void base_entry(struct state_entry *e, enum entry_kind kind,
		       const char *at, const char *dept)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	assert_int_equal(instant_parse(at, &e->at, &e->utc_offset), 0);
	e->dept = dept;
	e->user = "u";
	e->uid = 1000;
}

static void add_lead(struct state *st, const char *at, const char *dept,
		     const char *task, unsigned set, enum task_status status,
		     int progress, const char *result)
{
	struct state_entry e;

	base_entry(&e, ENTRY_TASK, at, dept);
	e.task = task;
	e.role = ROLE_LEAD;
	e.set = set;
	e.status = status;
	e.progress = progress;
	e.result = result;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_note(struct state *st, const char *at, const char *dept,
		     const char *task, enum task_role role,
		     const char *difficulty, const char *proposal)
{
	struct state_entry e;

	base_entry(&e, ENTRY_TASK, at, dept);
	e.task = task;
	e.role = role;
	if (difficulty) {
		e.set |= SET_DIFFICULTY;
		e.difficulty = difficulty;
	}
	if (proposal) {
		e.set |= SET_PROPOSAL;
		e.proposal = proposal;
	}
	assert_int_equal(state_append(st, &e), 0);
}

/* A coordinating department's result note. */
static void add_coord(struct state *st, const char *at, const char *dept,
		      const char *task, const char *result)
{
	struct state_entry e;

	base_entry(&e, ENTRY_TASK, at, dept);
	e.task = task;
	e.role = ROLE_COORDINATING;
	e.set = SET_RESULT;
	e.result = result;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_value(struct state *st, const char *at, int indicator,
		      const char *period, double value)
{
	struct state_entry e;

	base_entry(&e, ENTRY_INDICATOR, at, "HCC");
	e.indicator = indicator;
	e.period = period;
	e.value = value;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_submit(struct state *st, const char *at, const char *dept,
		       const char *period, bool consolidated)
{
	struct state_entry e;

	base_entry(&e, ENTRY_SUBMIT, at, dept);
	e.period = period;
	e.consolidated = consolidated;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_text(struct state *st, const char *at, const char *dept,
		     const char *period, enum section_id sec, bool commune,
		     const char *text)
{
	struct state_entry e;

	base_entry(&e, ENTRY_SECTION, at, dept);
	e.period = period;
	e.section = sec;
	e.commune = commune;
	e.set = SET_TEXT;
	e.text = text;
	assert_int_equal(state_append(st, &e), 0);
}

/* Builds fx->rep for period as of day (NULL: the default, with the clock
 * at now), optionally for one department. */
static void build(struct fx *fx, const char *period, const char *as_of,
		  const char *now, const char *dept)
{
	struct report_options o;

	memset(&o, 0, sizeof(o));
	o.period = plan_period_find(fx->plan, period);
	assert_non_null(o.period);
	o.as_of = as_of ? D(as_of) : PT_DAY_NONE;
	o.now = now ? T(now) : T("2026-11-27T10:00:00+07:00");
	o.dept = dept ? plan_dept_find(fx->plan, dept) : NULL;
	report_free(&fx->rep);
	assert_int_equal(report_build(&fx->rep, fx->plan, fx->st, &o), 0);
}

static const struct report_row *row(const struct report *r, const char *task,
				    const char *dept)
{
	size_t i;

	for (i = 0; i < r->n_rows; i++)
		if (!strcmp(r->rows[i].task->id, task) &&
		    !strcmp(r->rows[i].dept->code, dept))
			return &r->rows[i];
	fail_msg("no row (%s, %s)", task, dept);
	abort();	/* not reached: cmocka's fail longjmps */
}

static const struct report_submission *sub(const struct report *r,
					   const char *dept, bool consolidated)
{
	size_t i;

	for (i = 0; i < r->n_subs; i++)
		if (!strcmp(r->subs[i].dept->code, dept) &&
		    r->subs[i].consolidated == consolidated)
			return &r->subs[i];
	fail_msg("no submission of %s", dept);
	abort();
}

/* NULL when the report leaves the indicator out. */
static const struct report_indicator *find_ind(const struct report *r,
					       int number)
{
	size_t i;

	for (i = 0; i < r->n_indicators; i++)
		if (r->indicators[i].indicator->number == number)
			return &r->indicators[i];
	return NULL;
}

static const struct report_indicator *ind(const struct report *r, int number)
{
	const struct report_indicator *ri = find_ind(r, number);

	if (!ri) {
		fail_msg("no indicator %d", number);
		abort();
	}
	return ri;
}

/* The document of r drawn by fn into memory; the caller frees. Markdown
 * and HTML are drawn twice, the appendix kept and streamed
 * (report_doc_options.stream): the same bytes. */
static char *draw_with(const struct report *r, doc_draw_fn *fn, long number,
		       const char *date, bool internal)
{
	struct report_doc_options o = { number, PT_DAY_NONE, internal, false };
	bool once = fn == doc_draw_md || fn == doc_draw_html;
	struct capture c[2];
	struct doc *d;

	if (date)
		assert_int_equal(date_parse(date, &o.date), 0);
	for (int k = 0; k < 1 + once; k++) {
		o.stream = k;
		assert_int_equal(report_doc_build(r, &o, &d), 0);
		cap_open(&c[k]);
		assert_int_equal(fn(d, c[k].f), 0);
		cap_close(&c[k]);
		doc_free(d);
	}
	if (once) {
		assert_string_equal(c[0].buf, c[1].buf);
		free(c[1].buf);
	}
	return c[0].buf;
}

static char *draw(const struct report *r, doc_draw_fn *fn)
{
	return draw_with(r, fn, 0, NULL, false);
}

static char *json(const struct report *r)
{
	struct capture c;

	cap_open(&c);
	assert_int_equal(render_json(r, c.f), 0);
	cap_close(&c);
	return c.buf;
}

static char *csv(const struct report *r, enum render_table t)
{
	struct capture c;

	cap_open(&c);
	assert_int_equal(render_csv(r, t, c.f), 0);
	cap_close(&c);
	return c.buf;
}

/* ---- the model ---- */

/* Every (task, lead) once, in group then plan then lead order. */
static void test_rows_shape(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	size_t i, g, n = 0;

	build(fx, "h1", "2026-05-20", NULL, NULL);
	for (i = 0; i < fx->plan->n_tasks; i++)
		n += fx->plan->tasks[i].lead.n;
	assert_int_equal(r->n_rows, n);
	assert_int_equal(r->total.rows, n);
	assert_int_equal(r->total.tasks, fx->plan->n_tasks);
	/* Group VI has no task in the 2026 plan: no section for it. */
	assert_int_equal(fx->plan->n_groups, 6);
	assert_int_equal(r->n_groups, 5);
	for (g = 0; g < r->n_groups; g++) {
		assert_ptr_equal(r->groups[g].group, &fx->plan->groups[g]);
		for (i = r->groups[g].first;
		     i < r->groups[g].first + r->groups[g].n; i++)
			assert_string_equal(r->rows[i].task->group,
					    r->groups[g].group->id);
	}
	assert_string_equal(r->rows[0].task->id, "I.1");
	assert_string_equal(r->rows[r->n_rows - 1].task->id, "V.11");
	/* Nothing recorded: nothing reported, nothing done. */
	assert_int_equal(r->total.by_status[STATUS_NOT_STARTED], n);
	assert_int_equal(r->total.unreported, n);
	assert_int_equal(r->total.done_permille, 0);
	assert_int_equal(r->n_notes, 0);
}

/* V.9 has three leads, each with its own row, status and flags. */
static void test_multi_lead(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	const struct report_row *kt, *dvc, *vhxh;

	add_lead(fx->st, "2026-03-01T08:00:00+07:00", "KT", "V.9",
		 SET_STATUS | SET_PROGRESS | SET_RESULT, STATUS_IN_PROGRESS,
		 40, "KT: 12 doanh nghiệp");
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "DVC", "V.9",
		 SET_STATUS, STATUS_DONE, 0, NULL);
	build(fx, "h1", "2026-05-20", NULL, NULL);
	kt = row(r, "V.9", "KT");
	dvc = row(r, "V.9", "DVC");
	vhxh = row(r, "V.9", "VHXH");
	assert_non_null(kt);
	assert_ptr_equal(dvc, kt + 1);
	assert_ptr_equal(vhxh, kt + 2);
	assert_int_equal(kt->lead_index, 0);
	assert_int_equal(dvc->lead_index, 1);
	assert_int_equal(vhxh->lead_index, 2);
	assert_int_equal(kt->status, STATUS_IN_PROGRESS);
	assert_int_equal(kt->progress, 40);
	assert_string_equal(kt->result, "KT: 12 doanh nghiệp");
	assert_int_equal(kt->last_update_day, D("2026-03-01"));
	assert_int_equal(dvc->status, STATUS_DONE);
	assert_int_equal(dvc->progress, 100);
	assert_null(dvc->result);
	assert_false(vhxh->reported);
	assert_true(vhxh->unreported);
	assert_false(kt->unreported);
	assert_int_equal(vhxh->last_update_day, PT_DAY_NONE);
	/* Counted once per lead, the task once. */
	assert_int_equal(r->total.by_status[STATUS_DONE], 1);
	assert_int_equal(r->total.by_status[STATUS_IN_PROGRESS], 1);
	assert_int_equal(r->total.tasks, fx->plan->n_tasks);
	/* 1 of 28: 3.57% rounds to 3.6. */
	assert_int_equal(r->total.rows, 28);
	assert_int_equal(r->total.done_permille, 36);
	/* Per department: depts in plan order KT, HCC, VHXH, DVC. */
	assert_int_equal(r->n_depts, 4);
	assert_string_equal(r->depts[3].dept->code, "DVC");
	assert_int_equal(r->depts[3].counts.rows, 4);
	assert_int_equal(r->depts[3].counts.by_status[STATUS_DONE], 1);
	assert_int_equal(r->depts[3].counts.done_permille, 250);
	assert_int_equal(r->depts[0].counts.by_status[STATUS_IN_PROGRESS], 1);
}

/* Quá hạn: a dated task, its day over by the as-of day, not done. */
static void test_overdue(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	add_lead(fx->st, "2026-08-01T08:00:00+07:00", "KT", "III.2",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	/* Due "Năm 2026" = 2026-12-31: on that day, not yet overdue. */
	build(fx, "annual", "2026-12-31", NULL, NULL);
	assert_false(row(r, "III.2", "KT")->overdue);
	assert_int_equal(r->total.overdue, 0);
	build(fx, "annual", "2027-01-01", NULL, NULL);
	assert_true(row(r, "III.2", "KT")->overdue);
	assert_int_equal(r->total.overdue, 1);
	assert_int_equal(r->depts[0].counts.overdue, 1);
	/* Undated tasks are never overdue. */
	assert_false(row(r, "I.1", "KT")->overdue);

	/* Done (by the as-of instant) is not overdue, even done late. */
	add_lead(fx->st, "2027-01-03T08:00:00+07:00", "KT", "III.2",
		 SET_STATUS, STATUS_DONE, 0, NULL);
	build(fx, "annual", "2027-01-02", NULL, NULL);
	assert_true(row(r, "III.2", "KT")->overdue);
	build(fx, "annual", "2027-01-03", NULL, NULL);
	assert_false(row(r, "III.2", "KT")->overdue);
	assert_int_equal(row(r, "III.2", "KT")->status, STATUS_DONE);
}

/* Chưa báo cáo: no lead update in (end of the previous period's
 * department deadline, as-of], or from the period's start for the
 * first period. */
static void test_unreported_windows(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	/* Before the year: no report for h1. */
	add_lead(fx->st, "2025-12-31T23:59:59+07:00", "KT", "I.1",
		 SET_PROGRESS, 0, 10, NULL);
	/* The first second of the year counts. */
	add_lead(fx->st, "2026-01-01T00:00:00+07:00", "KT", "III.1",
		 SET_PROGRESS, 0, 10, NULL);
	/* The last second of the h1 deadline: h1's, not the annual's. */
	add_lead(fx->st, "2026-05-20T23:59:59+07:00", "KT", "IV.1",
		 SET_PROGRESS, 0, 10, NULL);
	/* The first second after it: the annual's. */
	add_lead(fx->st, "2026-05-21T00:00:00+07:00", "KT", "V.1",
		 SET_PROGRESS, 0, 10, NULL);
	/* A coordinating note is no report of the lead. */
	add_note(fx->st, "2026-06-01T08:00:00+07:00", "VHXH", "V.2",
		 ROLE_COORDINATING, "khó", NULL);

	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->window_start, T("2025-12-31T23:59:59+07:00"));
	assert_true(row(r, "I.1", "KT")->unreported);
	assert_true(row(r, "I.1", "KT")->reported);	/* known, but old */
	assert_false(row(r, "III.1", "KT")->unreported);
	assert_false(row(r, "IV.1", "KT")->unreported);
	assert_true(row(r, "V.1", "KT")->unreported);	/* after as-of */
	assert_int_equal(r->total.unreported, r->total.rows - 2);

	build(fx, "annual", "2026-11-20", NULL, NULL);
	assert_int_equal(r->window_start, T("2026-05-20T23:59:59+07:00"));
	assert_true(row(r, "III.1", "KT")->unreported);
	assert_true(row(r, "IV.1", "KT")->unreported);
	assert_false(row(r, "V.1", "KT")->unreported);
	assert_true(row(r, "V.2", "KT")->unreported);
	assert_int_equal(r->total.unreported, r->total.rows - 1);
	assert_int_equal(r->depts[0].counts.unreported,
			 r->depts[0].counts.rows - 1);

	/* A task finished before the window has nothing more to report. */
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "DVC", "V.9",
		 SET_STATUS, STATUS_DONE, 0, NULL);
	build(fx, "annual", "2026-11-20", NULL, NULL);
	assert_false(row(r, "V.9", "DVC")->unreported);
	assert_true(row(r, "V.9", "VHXH")->unreported);
	assert_int_equal(r->total.unreported, r->total.rows - 2);
}

/* Đúng hạn / Nộp muộn / Chưa nộp (quá hạn) / Chưa nộp, by the first
 * submission; the consolidated report against its own deadline. */
static void test_submissions(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	const struct report_submission *s;

	/* The deadline day ends at 24:00 local time. */
	add_submit(fx->st, "2026-05-20T23:59:59+07:00", "HCC", "h1", false);
	add_submit(fx->st, "2026-05-21T00:00:00+07:00", "DVC", "h1", false);
	/* A resubmission after the deadline keeps HCC on time ... */
	add_submit(fx->st, "2026-05-25T08:00:00+07:00", "HCC", "h1", false);
	/* ... and another period's report is not this one's. */
	add_submit(fx->st, "2026-05-10T08:00:00+07:00", "VHXH", "annual",
		   false);
	add_submit(fx->st, "2026-05-21T16:00:00+07:00", "KT", "h1", true);

	build(fx, "h1", "2026-05-30", NULL, NULL);
	assert_int_equal(r->n_subs, 5);
	s = sub(r, "HCC", false);
	assert_int_equal(s->status, SUB_ON_TIME);
	assert_true(s->submitted);
	assert_int_equal(s->submitted_at, T("2026-05-20T23:59:59+07:00"));
	assert_int_equal(s->submitted_day, D("2026-05-20"));
	assert_int_equal(s->due, D("2026-05-20"));
	s = sub(r, "DVC", false);
	assert_int_equal(s->status, SUB_LATE);
	assert_int_equal(s->submitted_day, D("2026-05-21"));
	s = sub(r, "VHXH", false);
	assert_int_equal(s->status, SUB_MISSING);
	assert_false(s->submitted);
	assert_int_equal(s->submitted_day, PT_DAY_NONE);
	assert_int_equal(sub(r, "KT", false)->status, SUB_MISSING);
	/* The last row is the consolidated report, due a day later. */
	s = &r->subs[4];
	assert_true(s->consolidated);
	assert_string_equal(s->dept->code, "KT");
	assert_int_equal(s->due, D("2026-05-21"));
	assert_int_equal(s->status, SUB_ON_TIME);

	/* As of the deadline day: not submitted is not yet overdue, and
	 * what came later is not seen. */
	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(sub(r, "HCC", false)->status, SUB_ON_TIME);
	assert_int_equal(sub(r, "DVC", false)->status, SUB_PENDING);
	assert_int_equal(sub(r, "VHXH", false)->status, SUB_PENDING);
	assert_int_equal(r->subs[4].status, SUB_PENDING);
	assert_string_equal(report_sub_status_label(SUB_ON_TIME), "Đúng hạn");
	assert_string_equal(report_sub_status_label(SUB_LATE), "Nộp muộn");
	assert_string_equal(report_sub_status_label(SUB_MISSING),
			    "Chưa nộp (quá hạn)");
	assert_string_equal(report_sub_status_label(SUB_PENDING), "Chưa nộp");
	assert_string_equal(report_sub_status_name(SUB_LATE), "late");
}

/* Đạt / Không đạt / Chưa có số liệu for the period's own value, with
 * the plan's "=" and ">=". */
static void test_indicator_verdicts(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	add_value(fx->st, "2026-05-01T08:00:00+07:00", 1, "h1", 100);
	add_value(fx->st, "2026-05-01T08:00:00+07:00", 2, "h1", 80);
	add_value(fx->st, "2026-05-01T08:00:00+07:00", 3, "h1", 99.99);
	add_value(fx->st, "2026-05-01T08:00:00+07:00", 4, "h1", 89.9);
	/* Another period's value says nothing about h1. */
	add_value(fx->st, "2026-05-02T08:00:00+07:00", 4, "annual", 95);
	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->n_indicators, 4);
	assert_int_equal(ind(r, 1)->verdict, VERDICT_MET);	/* = 100 */
	assert_int_equal(ind(r, 2)->verdict, VERDICT_MET);	/* >= 80, at 80 */
	assert_int_equal(ind(r, 3)->verdict, VERDICT_NOT_MET);	/* = 100 */
	assert_int_equal(ind(r, 4)->verdict, VERDICT_NOT_MET);	/* >= 90 */
	assert_true(ind(r, 3)->present);
	assert_true(ind(r, 3)->value == 99.99);
	build(fx, "annual", "2026-11-20", NULL, NULL);
	assert_int_equal(ind(r, 4)->verdict, VERDICT_MET);
	assert_int_equal(ind(r, 1)->verdict, VERDICT_NO_DATA);
	assert_false(ind(r, 1)->present);
	/* A later figure replaces the earlier one, but only once known. */
	add_value(fx->st, "2026-11-21T08:00:00+07:00", 4, "annual", 80);
	build(fx, "annual", "2026-11-20", NULL, NULL);
	assert_int_equal(ind(r, 4)->verdict, VERDICT_MET);
	build(fx, "annual", "2026-11-21", NULL, NULL);
	assert_int_equal(ind(r, 4)->verdict, VERDICT_NOT_MET);
	assert_string_equal(report_verdict_label(VERDICT_MET), "Đạt");
	assert_string_equal(report_verdict_label(VERDICT_NOT_MET), "Không đạt");
	assert_string_equal(report_verdict_label(VERDICT_NO_DATA),
			    "Chưa có số liệu");
}

/* Entries after the end of the as-of day are not seen. */
static void test_as_of_cutoff(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	const struct report_row *ii1;

	/* The last second of the as-of day, then the first after it. */
	add_lead(fx->st, "2026-05-20T23:59:59+07:00", "HCC", "II.1",
		 SET_STATUS | SET_PROGRESS | SET_RESULT, STATUS_IN_PROGRESS,
		 40, "trước hạn");
	add_lead(fx->st, "2026-05-21T00:00:00+07:00", "HCC", "II.1",
		 SET_STATUS | SET_RESULT, STATUS_DONE, 0, "sau hạn");
	add_note(fx->st, "2026-05-21T00:00:00+07:00", "HCC", "II.1",
		 ROLE_LEAD, "khó khăn muộn", "kiến nghị muộn");
	add_submit(fx->st, "2026-05-21T00:00:00+07:00", "HCC", "h1", false);

	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->until, T("2026-05-20T23:59:59+07:00"));
	assert_false(r->until_now);
	ii1 = row(r, "II.1", "HCC");
	assert_int_equal(ii1->status, STATUS_IN_PROGRESS);
	assert_int_equal(ii1->progress, 40);
	assert_string_equal(ii1->result, "trước hạn");
	assert_int_equal(ii1->last_update, T("2026-05-20T23:59:59+07:00"));
	assert_int_equal(r->n_notes, 0);
	assert_false(sub(r, "HCC", false)->submitted);

	build(fx, "h1", "2026-05-21", NULL, NULL);
	ii1 = row(r, "II.1", "HCC");
	assert_int_equal(ii1->status, STATUS_DONE);
	assert_string_equal(ii1->result, "sau hạn");
	assert_int_equal(r->n_notes, 2);
	assert_int_equal(sub(r, "HCC", false)->status, SUB_LATE);
}

/* Without --as-of: the department deadline once passed (whenever the
 * report is printed), else now. */
static void test_default_as_of(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	char *a, *b;

	add_lead(fx->st, "2026-05-15T09:00:00+07:00", "HCC", "II.1",
		 SET_PROGRESS, 0, 10, NULL);
	add_lead(fx->st, "2026-05-22T09:00:00+07:00", "HCC", "II.1",
		 SET_PROGRESS, 0, 90, NULL);

	build(fx, "h1", NULL, "2026-05-15T14:20:00+07:00", NULL);
	assert_int_equal(r->as_of, D("2026-05-15"));
	assert_true(r->until_now);
	assert_int_equal(r->until, T("2026-05-15T14:20:00+07:00"));
	assert_int_equal(row(r, "II.1", "HCC")->progress, 10);
	a = draw(r, doc_draw_text);
	assert_non_null(strstr(a, "Số liệu trong báo cáo tính đến 14:20 ngày "
				  "15/05/2026.\n"));
	free(a);

	/* On the deadline day itself, still now. */
	build(fx, "h1", NULL, "2026-05-20T23:00:00+07:00", NULL);
	assert_true(r->until_now);

	/* In November: the end of 20/05, the same bytes any day. */
	build(fx, "h1", NULL, "2026-11-27T10:00:00+07:00", NULL);
	assert_int_equal(r->as_of, D("2026-05-20"));
	assert_false(r->until_now);
	assert_int_equal(row(r, "II.1", "HCC")->progress, 10);
	a = json(r);
	build(fx, "h1", NULL, "2027-03-01T08:00:00+07:00", NULL);
	b = json(r);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* The difficulties and proposals that stand at the end of the as-of
 * day: each department's current ones per task (a later one replaces,
 * "" takes one back), by time, with task, department and role. */
static void test_notes(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	/* Still standing when the year begins. */
	add_note(fx->st, "2025-12-31T08:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "năm trước", NULL);
	add_note(fx->st, "2026-03-01T08:00:00+07:00", "VHXH", "I.1",
		 ROLE_COORDINATING, "chưa có hướng dẫn", NULL);
	/* Replaces last year's. */
	add_note(fx->st, "2026-04-02T08:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "thiếu người", "thêm người");
	/* "" takes the difficulty back; the proposal stands. */
	add_note(fx->st, "2026-04-03T08:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "", NULL);

	build(fx, "h1", "2026-04-02", NULL, NULL);
	assert_int_equal(r->n_notes, 3);
	assert_int_equal(r->n_difficulties, 2);
	assert_int_equal(r->notes[0].kind, NOTE_DIFFICULTY);
	assert_string_equal(r->notes[0].text, "chưa có hướng dẫn");
	assert_string_equal(r->notes[0].dept->code, "VHXH");
	assert_int_equal(r->notes[0].role, ROLE_COORDINATING);
	assert_int_equal(r->notes[0].day, D("2026-03-01"));
	assert_string_equal(r->notes[1].text, "thiếu người");
	assert_int_equal(r->notes[1].role, ROLE_LEAD);
	assert_int_equal(r->notes[2].kind, NOTE_PROPOSAL);
	assert_string_equal(r->notes[2].text, "thêm người");
	assert_string_equal(r->notes[2].task->id, "I.1");

	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->n_notes, 2);
	assert_int_equal(r->n_difficulties, 1);
	assert_string_equal(r->notes[0].text, "chưa có hướng dẫn");
	assert_string_equal(r->notes[1].text, "thêm người");

	build(fx, "h1", "2026-03-31", NULL, NULL);
	assert_int_equal(r->n_notes, 2);
	assert_string_equal(r->notes[0].text, "năm trước");
	assert_int_equal(r->notes[0].day, D("2025-12-31"));
}

/* Notes come by time whatever the order of their entries: a state
 * added to by hand (state_append) need not be in time order, as a
 * loaded or decoded one is, and the sort by entry alone (build_notes)
 * must then not be taken. */
static void test_notes_by_time(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	add_note(fx->st, "2026-04-01T08:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "muộn", "đề xuất muộn");
	add_note(fx->st, "2026-03-01T08:00:00+07:00", "VHXH", "I.1",
		 ROLE_COORDINATING, "sớm", NULL);
	add_note(fx->st, "2026-02-01T08:00:00+07:00", "HCC", "V.8",
		 ROLE_COORDINATING, NULL, "đề xuất sớm");
	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->n_notes, 4);
	assert_int_equal(r->n_difficulties, 2);
	assert_string_equal(r->notes[0].text, "sớm");
	assert_string_equal(r->notes[1].text, "muộn");
	assert_string_equal(r->notes[2].text, "đề xuất sớm");
	assert_string_equal(r->notes[3].text, "đề xuất muộn");
}

/* One department's report: its rows, its submission, the indicators it
 * executes or monitors, its own difficulties and proposals. */
static void test_dept_filter(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	size_t i;

	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "DVC", "V.9",
		 SET_STATUS, STATUS_DONE, 0, NULL);
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "KT", "V.9",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	add_note(fx->st, "2026-04-16T10:00:00+07:00", "DVC", "II.8", ROLE_LEAD,
		 "DVC khó", NULL);
	add_note(fx->st, "2026-04-16T10:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "KT khó", NULL);
	add_submit(fx->st, "2026-05-19T10:00:00+07:00", "DVC", "h1", false);

	build(fx, "h1", "2026-05-20", NULL, "DVC");
	assert_string_equal(r->dept->code, "DVC");
	assert_int_equal(r->n_rows, 4);	/* II.8, II.9, V.8, V.9 */
	for (i = 0; i < r->n_rows; i++)
		assert_string_equal(r->rows[i].dept->code, "DVC");
	assert_string_equal(r->rows[3].task->id, "V.9");
	assert_int_equal(r->rows[3].lead_index, 1);
	assert_int_equal(r->rows[3].status, STATUS_DONE);
	assert_int_equal(r->n_groups, 2);	/* II and V */
	assert_int_equal(r->total.rows, 4);
	assert_int_equal(r->total.tasks, 4);
	assert_int_equal(r->total.done_permille, 250);
	assert_int_equal(r->n_depts, 1);
	assert_string_equal(r->depts[0].dept->code, "DVC");
	assert_int_equal(r->depts[0].counts.rows, 4);
	/* Its own submission, no consolidated one. */
	assert_int_equal(r->n_subs, 1);
	assert_string_equal(r->subs[0].dept->code, "DVC");
	assert_int_equal(r->subs[0].status, SUB_ON_TIME);
	/* Indicator 1 is executed by HCC, KT, VHXH; 2-4 by every
	 * department. */
	assert_int_equal(r->n_indicators, 3);
	assert_null(find_ind(r, 1));
	assert_int_equal(r->n_notes, 1);
	assert_string_equal(r->notes[0].text, "DVC khó");

	build(fx, "h1", "2026-05-20", NULL, "HCC");
	assert_int_equal(r->n_indicators, 4);	/* it monitors them all */
	assert_int_equal(r->n_rows, 6);
}

static void test_build_errors(void **state)
{
	struct fx *fx = *state;
	struct report_options o;

	memset(&o, 0, sizeof(o));
	o.as_of = PT_DAY_NONE;
	errno = 0;
	assert_int_equal(report_build(&fx->rep, fx->plan, fx->st, &o), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(fx->rep.rows);
	report_free(NULL);
	report_free(&fx->rep);
	/* No state at all is an empty one. */
	o.period = plan_period_find(fx->plan, "h1");
	o.as_of = D("2026-05-20");
	assert_int_equal(report_build(&fx->rep, fx->plan, NULL, &o), 0);
	assert_int_equal(fx->rep.total.unreported, fx->rep.n_rows);
}

/* ---- the renderers ---- */

/* Long words, wide characters, tabs and newlines in every long field:
 * no line of the text report may pass DOC_TEXT_WIDTH columns, nor end
 * in a blank. */
static void test_text_width(void **state)
{
	struct fx *fx = *state;
	const char *long_word = "https://dichvucong.gov.vn/p/home/"
		"dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004227"
		"-va-rat-nhieu-ky-tu-nua-de-vuot-qua-moi-cot";
	char result[1024], *out, *line, *save = NULL;
	size_t n = 0;
	int w, widest = 0;

	assert_true(snprintf(result, sizeof(result),
			     "Đã làm\tnhiều việc: %s\n漢字漢字漢字漢字漢字漢字漢字漢字"
			     "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字"
			     "\nvà tiếp tục", long_word) < (int)sizeof(result));
	add_lead(fx->st, "2026-03-01T08:00:00+07:00", "KT", "V.9",
		 SET_STATUS | SET_RESULT, STATUS_IN_PROGRESS, 0, result);
	add_lead(fx->st, "2026-03-01T08:00:00+07:00", "VHXH", "V.9",
		 SET_RESULT, 0, 0, long_word);
	add_note(fx->st, "2026-03-02T08:00:00+07:00", "HCC", "II.1", ROLE_LEAD,
		 result, long_word);
	add_value(fx->st, "2026-03-02T08:00:00+07:00", 4, "h1", 12.345678);
	add_lead(fx->st, "2026-03-03T08:00:00+07:00", "DVC", "I.1",
		 SET_RESULT, 0, 0, result);
	fx->st->entries[fx->st->n - 1].role = ROLE_COORDINATING;
	build(fx, "h1", "2026-05-20", NULL, NULL);
	out = draw(&fx->rep, doc_draw_text);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		w = utf8_width(line);
		if (w > DOC_TEXT_WIDTH)
			fail_msg("%d columns: %s", w, line);
		if (w > widest)
			widest = w;
		assert_false(line[strlen(line) - 1] == ' ');
		assert_null(strchr(line, '\t'));
		n++;
	}
	/* Lines that long exist (the plan's group titles): the limit is
	 * used, not avoided. */
	assert_true(widest >= DOC_TEXT_WIDTH - 5);
	assert_true(n > 300);
	free(out);
}

/* RFC 4180: a header, CRLF after every record, quoted fields where
 * needed with quotes doubled, text otherwise untouched. */
static void test_csv_quoting(void **state)
{
	static const char header[] = "Nhóm,Mã nhiệm vụ,Nhiệm vụ,"
		"Mã đơn vị chủ trì,Đơn vị chủ trì,Mã trạng thái,Trạng thái,"
		"Tiến độ (%),Kết quả thực hiện,Cập nhật lần cuối,Thời hạn,"
		"Ngày hạn,Quá hạn,Chưa báo cáo,Mã tình trạng kỳ báo cáo,"
		"Tình trạng kỳ báo cáo,Kết quả phối hợp\r\n";
	struct fx *fx = *state;
	char *out, *p;
	size_t records = 0;

	add_lead(fx->st, "2026-03-01T08:00:00+07:00", "HCC", "II.1",
		 SET_STATUS | SET_PROGRESS | SET_RESULT, STATUS_IN_PROGRESS,
		 40, "Rà soát 5 thủ tục, \"một cửa\"\nxong 3");
	build(fx, "h1", "2026-05-20", NULL, NULL);
	out = csv(&fx->rep, TABLE_TASKS);
	assert_true(strncmp(out, header, strlen(header)) == 0);
	assert_non_null(strstr(out, "\r\nII,II.1,\"Tổ chức thực hiện cắt giảm "
				    "thành phần hồ sơ, giấy tờ dựa trên dữ liệu "
				    "theo Nghị quyết số 66.7/2025/NQ-CP của "
				    "Chính phủ.\",HCC,Trung tâm phục vụ hành chính "
				    "công,in_progress,Đang thực hiện,40,\"Rà soát "
				    "5 thủ tục, \"\"một cửa\"\"\nxong 3\","
				    "2026-03-01,Thường xuyên,,không,không,"
				    "recurring,Đang thực hiện thường xuyên,\r\n"));
	/* III.2's deadline is dated. */
	assert_non_null(strstr(out, "\r\nIII,III.2,\"Tổ chức hoạt động đối "
				    "thoại để kịp thời nắm bắt các phản hồi "
				    "chính sách; bảo đảm đối thoại thực chất, "
				    "giải quyết ngay được những khó khăn, vướng "
				    "mắc.\",KT,Phòng Kinh tế,not_started,Chưa thực "
				    "hiện,0,,,Năm 2026,2026-12-31,không,có,"
				    "not_reported,Chưa báo cáo,\r\n"));
	/* Every record ends in CRLF; no bare CR. */
	for (p = out; (p = strstr(p, "\r\n")); p += 2)
		records++;
	assert_int_equal(records, 1 + fx->rep.n_rows);
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
}

/* Whatever people type cannot become markup in HTML or Markdown. */
static void test_escaping(void **state)
{
	struct fx *fx = *state;
	char *html, *md;

	add_lead(fx->st, "2026-03-01T08:00:00+07:00", "HCC", "II.1",
		 SET_RESULT, 0, 0,
		 "<script>alert('x')</script> & \"y\" | *z* [a](http://b)");
	build(fx, "h1", "2026-05-20", NULL, NULL);
	html = draw(&fx->rep, doc_draw_html);
	assert_null(strstr(html, "<script"));
	/* Nothing is fetched or linked: a URL typed in stays text. */
	assert_null(strstr(html, "href="));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "url("));
	assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script"
				     "&gt; &amp; &quot;y&quot; | *z* [a]("));
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"vi\">\n",
			    strlen("<!DOCTYPE html>\n<html lang=\"vi\">\n")) == 0);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(html, "Độc lập - Tự do - Hạnh phúc"));
	assert_non_null(strstr(html, "@page { size: A4 portrait;"));
	assert_non_null(strstr(html, "@page landscape { size: A4 landscape;"));
	assert_non_null(strstr(html, "</html>\n"));
	md = draw(&fx->rep, doc_draw_md);
	assert_non_null(strstr(md, "| &lt;script&gt;alert('x')&lt;/script&gt; "
				   "&amp; \"y\" \\| \\*z\\* \\[a\\](http://b) |"));
	free(html);
	free(md);
}


/* Each row is one state, in the order report.h gives; the counts by
 * state add up to the rows. */
static void test_states(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	size_t i, sum = 0;

	/* Recurring tasks: any update in the window is being carried out. */
	add_lead(fx->st, "2026-02-01T08:00:00+07:00", "HCC", "II.1",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	add_lead(fx->st, "2026-02-01T08:00:00+07:00", "HCC", "II.2",
		 SET_RESULT, 0, 0, "Đã rà soát");
	add_lead(fx->st, "2026-02-01T08:00:00+07:00", "HCC", "II.3",
		 SET_STATUS, STATUS_DONE, 0, NULL);
	/* The dated task (III.2, by 31/12): a result, no status. */
	add_lead(fx->st, "2026-02-01T08:00:00+07:00", "KT", "III.2",
		 SET_RESULT, 0, 0, "Đã lên kế hoạch");
	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(row(r, "II.1", "HCC")->state, STATE_RECURRING);
	assert_int_equal(row(r, "II.2", "HCC")->state, STATE_RECURRING);
	assert_int_equal(row(r, "II.3", "HCC")->state, STATE_DONE);
	assert_int_equal(row(r, "III.2", "KT")->state, STATE_NOT_STARTED);
	assert_int_equal(row(r, "II.4", "HCC")->state, STATE_NOT_REPORTED);
	assert_int_equal(r->total.dated, 1);
	assert_int_equal(r->total.dated_done, 0);
	for (i = 0; i < N_REPORT_STATES; i++)
		sum += r->total.by_state[i];
	assert_int_equal(sum, r->total.rows);
	assert_int_equal(r->total.by_state[STATE_RECURRING], 2);
	assert_int_equal(r->total.by_state[STATE_DONE], 1);

	/* In progress while before the day; past it, overdue even with
	 * no update in the window (overdue comes first). */
	add_lead(fx->st, "2026-06-01T08:00:00+07:00", "KT", "III.2",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	build(fx, "annual", "2026-11-15", NULL, NULL);
	assert_int_equal(row(r, "III.2", "KT")->state, STATE_IN_PROGRESS);
	assert_int_equal(row(r, "II.1", "HCC")->state, STATE_NOT_REPORTED);
	build(fx, "annual", "2027-01-10", NULL, NULL);
	assert_int_equal(row(r, "III.2", "KT")->state, STATE_OVERDUE);
	assert_string_equal(report_state_name(STATE_RECURRING), "recurring");
	assert_string_equal(report_state_label(STATE_NOT_REPORTED),
			    "Chưa báo cáo");
}

/* Coordinating contributions: the latest per department, on every
 * lead's row of the task; with --dept, also the department's own on
 * tasks it does not lead. */
static void test_coords(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	const struct report_row *kt, *dvc;

	add_coord(fx->st, "2026-03-01T08:00:00+07:00", "VHXH", "V.8",
		  "Bản đầu");
	add_coord(fx->st, "2026-03-02T08:00:00+07:00", "HCC", "V.8",
		  "Của HCC");
	add_coord(fx->st, "2026-03-03T08:00:00+07:00", "VHXH", "V.8",
		  "Bản sau");
	add_coord(fx->st, "2026-03-04T08:00:00+07:00", "HCC", "I.1", "Rút");
	add_coord(fx->st, "2026-03-05T08:00:00+07:00", "HCC", "I.1", "");
	/* After the as-of day: not seen. */
	add_coord(fx->st, "2026-05-21T08:00:00+07:00", "HCC", "V.8", "Muộn");
	build(fx, "h1", "2026-05-20", NULL, NULL);
	kt = row(r, "V.8", "KT");
	dvc = row(r, "V.8", "DVC");
	assert_int_equal(kt->n_coords, 2);
	assert_int_equal(dvc->coord_first, kt->coord_first);
	assert_int_equal(dvc->n_coords, 2);
	assert_string_equal(r->coords[kt->coord_first].text, "Của HCC");
	assert_string_equal(r->coords[kt->coord_first + 1].text, "Bản sau");
	assert_string_equal(r->coords[kt->coord_first + 1].dept->code, "VHXH");
	assert_int_equal(r->coords[kt->coord_first + 1].day, D("2026-03-03"));
	/* Withdrawn with "". */
	assert_int_equal(row(r, "I.1", "KT")->n_coords, 0);

	/* VHXH leads neither: its report keeps its own contribution. */
	build(fx, "h1", "2026-05-20", NULL, "VHXH");
	assert_int_equal(r->n_coords, 1);
	assert_string_equal(r->coords[0].text, "Bản sau");
	/* KT leads V.8: both contributions, on its row. */
	build(fx, "h1", "2026-05-20", NULL, "KT");
	assert_int_equal(row(r, "V.8", "KT")->n_coords, 2);
}

/* One task's report (show): that task's rows, coordinating notes and
 * difficulties, each as the commune's report has it; nothing of the
 * other tasks; submissions and indicators as before. */
/* A fold the caller has (report_options.fold) is used only when it is
 * the fold at the report's instant: it took every entry and none is
 * later. Either way the report is the one built by folding anew. */
static void test_fold_reused(void **state)
{
	static const char *const days[] = {
		"2026-03-01", "2026-04-15", "2026-05-20", "2026-12-31",
	};
	struct fx *fx = *state;
	struct report_options o;
	struct report fresh, reused;
	struct fold all, part;
	char *a, *b;

	add_lead(fx->st, "2026-01-15T10:00:00+07:00", "KT", "V.8",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "DVC", "V.8",
		 SET_STATUS | SET_RESULT, STATUS_DONE, 0, "Xong");
	add_coord(fx->st, "2026-03-02T08:00:00+07:00", "HCC", "I.1", "Khác");
	add_submit(fx->st, "2026-05-19T10:00:00+07:00", "DVC", "h1", false);
	assert_int_equal(state_fold(fx->st, fx->plan,
				    T("2027-01-01T00:00:00+07:00"), &all), 0);
	assert_int_equal(state_fold(fx->st, fx->plan,
				    T("2026-03-01T23:59:59+07:00"), &part), 0);
	assert_true(all.whole);
	assert_false(part.whole);
	assert_int_equal(all.latest, T("2026-05-19T10:00:00+07:00"));
	assert_true(fold_covers(&all, fx->plan, T("2026-05-19T10:00:00+07:00")));
	assert_false(fold_covers(&all, fx->plan, T("2026-05-19T09:59:59+07:00")));
	assert_false(fold_covers(&part, fx->plan, T("2027-01-01T00:00:00+07:00")));
	assert_false(fold_covers(NULL, fx->plan, T("2027-01-01T00:00:00+07:00")));
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		for (int k = 0; k < 2; k++) {
			memset(&o, 0, sizeof(o));
			o.period = plan_period_find(fx->plan, "annual");
			o.as_of = D(days[i]);
			assert_int_equal(report_build(&fresh, fx->plan, fx->st,
						      &o), 0);
			o.fold = k ? &part : &all;
			assert_int_equal(report_build(&reused, fx->plan,
						      fx->st, &o), 0);
			a = json(&fresh);
			b = json(&reused);
			if (strcmp(a, b))
				fail_msg("as of %s, with the %s fold:\n%s\n"
					 "not\n%s", days[i], k ? "partial" :
					 "whole", b, a);
			free(a);
			free(b);
			report_free(&fresh);
			report_free(&reused);
		}
	}
	fold_release(&all);
	fold_release(&part);
}

/* A table drawn on two threads (split.h), in chunks of any size down to
 * one row, is the table drawn on one: every CSV table and the JSON, of
 * reports
 * whose tasks have several leads, coordinating notes, difficulties and
 * proposals of both roles, and text that needs quoting. */
/* Leads' and coordinating departments' entries on a few tasks, with
 * forty difficulties and proposals among them, for the split tests. */
static void add_split_entries(struct state *st)
{
	size_t i;

	add_lead(st, "2026-01-15T10:00:00+07:00", "KT", "V.8",
		 SET_STATUS | SET_RESULT, STATUS_IN_PROGRESS, 0,
		 "Đã rà soát, \"12\" thủ tục\nvà công khai");
	add_lead(st, "2026-02-15T10:00:00+07:00", "DVC", "V.8",
		 SET_STATUS | SET_RESULT, STATUS_DONE, 0, "Xong");
	add_lead(st, "2026-03-15T10:00:00+07:00", "KT", "I.1",
		 SET_STATUS | SET_PROGRESS, STATUS_IN_PROGRESS, 40, NULL);
	add_coord(st, "2026-03-02T08:00:00+07:00", "HCC", "V.8", "Của HCC");
	add_coord(st, "2026-03-03T08:00:00+07:00", "VHXH", "V.8",
		  "=Bản, sau");
	add_coord(st, "2026-04-04T08:00:00+07:00", "HCC", "I.1", "Rút");
	for (i = 0; i < 40; i++) {
		char at[32];

		snprintf(at, sizeof(at), "2026-%02zu-%02zuT09:00:00+07:00",
			 1 + i % 10, 1 + i % 27);
		add_note(st, at, i % 3 ? "KT" : "VHXH",
			 i % 2 ? "V.8" : "II.1",
			 i % 3 ? ROLE_LEAD : ROLE_COORDINATING,
			 i % 4 ? "Thiếu \"nhân lực\", kinh phí" : NULL,
			 i % 5 ? "Đề nghị <bổ sung>" : NULL);
	}
}

static void test_split_same(void **state)
{
	static const size_t tunes[][2] = {
		{ 2, 1 }, { 2, 2 }, { 3, 5 }, { 2, 7 }, { 2, 1000 },
	};
	static const char *const depts[] = { NULL, "KT", "VHXH" };
	struct fx *fx = *state;
	const struct report *r = &fx->rep;
	char *one[N_RENDER_TABLES + 1], *two;
	size_t i, k, t;

	add_split_entries(fx->st);
	for (k = 0; k < sizeof(depts) / sizeof(depts[0]); k++) {
		build(fx, "annual", "2026-11-15", NULL, depts[k]);
		split_tune(0, 0);
		for (t = 0; t < N_RENDER_TABLES; t++)
			one[t] = csv(r, (enum render_table)t);
		one[N_RENDER_TABLES] = json(r);
		for (i = 0; i < sizeof(tunes) / sizeof(tunes[0]); i++) {
			split_tune(tunes[i][0], tunes[i][1]);
			for (t = 0; t <= N_RENDER_TABLES; t++) {
				two = t < N_RENDER_TABLES ?
				      csv(r, (enum render_table)t) : json(r);
				if (strcmp(one[t], two))
					fail_msg("in chunks of %zu rows, %s:"
						 "\n%s\nnot\n%s", tunes[i][1],
						 t < N_RENDER_TABLES ?
						 render_table_name(
							 (enum render_table)t) :
						 "json", two, one[t]);
				free(two);
			}
		}
		split_tune(0, 0);
		for (t = 0; t <= N_RENDER_TABLES; t++)
			free(one[t]);
	}
}

/* A report built on two threads (the rows on one, the notes that stand
 * on the other: report_build's parts): the same rows and notes, in the
 * same order, as on one. */
static void test_split_build(void **state)
{
	static const char *const depts[] = { NULL, "KT", "VHXH" };
	static const enum render_table tables[] = {
		TABLE_TASKS, TABLE_DIFFICULTIES, TABLE_PROPOSALS,
	};
	struct fx *fx = *state;
	char *one[4], *two;
	size_t k, t, n;

	add_split_entries(fx->st);
	for (k = 0; k < sizeof(depts) / sizeof(depts[0]); k++) {
		split_tune(0, 0);
		build(fx, "annual", "2026-11-15", NULL, depts[k]);
		n = fx->rep.n_notes;
		if (!depts[k] && n < 6)
			fail_msg("%zu notes", n);
		for (t = 0; t < 3; t++)
			one[t] = csv(&fx->rep, tables[t]);
		one[3] = json(&fx->rep);
		split_tune(2, 1);
		build(fx, "annual", "2026-11-15", NULL, depts[k]);
		split_tune(0, 0);
		assert_int_equal(fx->rep.n_notes, n);
		for (t = 0; t < 4; t++) {
			two = t < 3 ? csv(&fx->rep, tables[t]) : json(&fx->rep);
			if (strcmp(one[t], two))
				fail_msg("built on two threads, %zu:\n%s\n"
					 "not\n%s", t, two, one[t]);
			free(two);
			free(one[t]);
		}
	}
}

/* data/plan.yaml with its tasks repeated copies times, copy k of task
 * G.n named G.(n + 100 k) (as tests/system/large-plan.sh makes it),
 * loaded; the caller frees it. */
static struct plan *big_plan(unsigned copies)
{
	char path[] = "/tmp/plantrack-test-plan-XXXXXX";
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	const char *tasks, *end, *p, *next;
	struct plan *plan = NULL;
	FILE *f = fopen(SRCPATH("data/plan.yaml"), "r");
	char buf[4096];
	size_t n;
	int fd;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&in, buf, n);
	fclose(f);
	tasks = strstr(in.buf, "\ntasks:\n");
	assert_non_null(tasks);
	tasks += strlen("\ntasks:\n");
	end = strstr(tasks, "\nperiods:");
	assert_non_null(end);
	end++;
	strbuf_add(&out, in.buf, (size_t)(tasks - in.buf));
	for (unsigned k = 0; k < copies; k++) {
		for (p = tasks; p < end; p = next) {
			char group[8];
			unsigned number;

			next = strstr(p + 1, "\n  - id: ");
			next = next && next < end ? next + 1 : end;
			assert_int_equal(sscanf(p, "  - id: %7[IVX].%u", group,
						&number), 2);
			strbuf_addf(&out, "  - id: %s.%u", group,
				    number + 100 * k);
			p = strchr(p, '\n');
			strbuf_add(&out, p, (size_t)(next - p));
		}
	}
	strbuf_addstr(&out, end);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.buf, out.len), (ssize_t)out.len);
	close(fd);
	assert_int_equal(plan_load(path, stderr, &plan), 0);
	unlink(path);
	strbuf_release(&in);
	strbuf_release(&out);
	return plan;
}

/* r's documents in text, Markdown and HTML drawn from parts of its
 * appendix (streamed) in chunks of any size on two threads, and from
 * kept rows: the same bytes. */
static void split_documents_same(const struct report *r, const char *who)
{
	static const size_t tunes[][2] = {
		{ 2, 1 }, { 2, 2 }, { 3, 3 }, { 2, 1000 },
	};
	static doc_draw_fn *const fns[] = {
		doc_draw_text, doc_draw_md, doc_draw_html,
	};
	struct report_doc_options o = { 0, PT_DAY_NONE, false, false };
	struct capture c;
	struct doc *d;
	char *kept, *parts;
	size_t f, i;

	for (f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
		split_tune(0, 0);
		o.stream = false;
		assert_int_equal(report_doc_build(r, &o, &d), 0);
		cap_open(&c);
		assert_int_equal(fns[f](d, c.f), 0);
		kept = (char *)cap_close(&c);
		doc_free(d);
		o.stream = true;
		for (i = 0; i < sizeof(tunes) / sizeof(tunes[0]); i++) {
			split_tune(tunes[i][0], tunes[i][1]);
			assert_int_equal(report_doc_build(r, &o, &d), 0);
			cap_open(&c);
			assert_int_equal(fns[f](d, c.f), 0);
			parts = (char *)cap_close(&c);
			doc_free(d);
			if (strcmp(kept, parts))
				fail_msg("format %zu of %s in chunks of %zu "
					 "fills differs from the kept rows", f,
					 who, tunes[i][1]);
			free(parts);
		}
		split_tune(0, 0);
		free(kept);
	}
}

/* r's rows as the report promises them, checked against the plan
 * itself: by group in the plan's order of groups, within a group by
 * task in plan order, then by lead; a row for every lead (of dept, if
 * any) of every task; r's groups cover the rows in order. */
static void assert_rows_in_plan_order(const struct report *r,
				      const struct plan *plan,
				      const char *dept)
{
	size_t want = 0, k = 0;

	for (size_t g = 0; g < plan->n_groups; g++)
		for (size_t i = 0; i < plan->n_tasks; i++) {
			const struct plan_task *t = &plan->tasks[i];

			if (strcmp(t->group, plan->groups[g].id) != 0)
				continue;
			for (size_t j = 0; j < t->lead.n; j++) {
				if (dept && strcmp(t->lead.codes[j], dept))
					continue;
				if (k >= r->n_rows)
					fail_msg("%zu rows, %s and more "
						 "wanted", r->n_rows, t->id);
				if (r->rows[k].task != t ||
				    r->rows[k].lead_index != j ||
				    r->rows[k].group != &plan->groups[g])
					fail_msg("row %zu: %s lead %zu, not "
						 "%s lead %zu", k,
						 r->rows[k].task->id,
						 r->rows[k].lead_index, t->id,
						 j);
				k++;
				want++;
			}
		}
	assert_int_equal(r->n_rows, want);
	for (size_t g = 0, at = 0; g < r->n_groups; g++) {
		assert_int_equal(r->groups[g].first, at);
		for (size_t i = 0; i < r->groups[g].n; i++)
			assert_ptr_equal(r->rows[at + i].group,
					 r->groups[g].group);
		at += r->groups[g].n;
		if (g + 1 == r->n_groups)
			assert_int_equal(at, r->n_rows);
	}
}

/* The annual report of big_plan's plan as of 2026-11-15, the commune's
 * (dept NULL) or a department's, into r. */
static void build_big(struct report *r, const struct plan *plan,
		      const struct state *st, const char *dept)
{
	struct report_options o;

	memset(&o, 0, sizeof(o));
	o.period = plan_period_find(plan, "annual");
	o.as_of = D("2026-11-15");
	o.now = T("2026-11-27T10:00:00+07:00");
	o.dept = dept ? plan_dept_find(plan, dept) : NULL;
	assert_int_equal(report_build(r, plan, st, &o), 0);
}

/* The documents of a report whose appendix takes many fills (split.h,
 * doc_table_seekable), with groups and multi-lead tasks across the
 * fills' ends: the commune's report, and departments' (whose appendix
 * has groups without a task of theirs). Their rows too, in the plan's
 * order, placed on one thread and on two. */
static void test_split_documents(void **state)
{
	static const char *const depts[] = { NULL, "KT", "HCC" };
	struct plan *plan = big_plan(13);
	struct state *st = state_new();
	struct report r;

	(void)state;
	assert_non_null(st);
	add_lead(st, "2026-01-15T10:00:00+07:00", "KT", "V.108",
		 SET_STATUS | SET_RESULT, STATUS_IN_PROGRESS, 0,
		 "Đã rà soát\tthủ tục | *gấp* <b>");
	add_coord(st, "2026-03-03T08:00:00+07:00", "VHXH", "V.208",
		  "Phối hợp\nhai dòng");
	/* In the second half of the fills: a word that widens its column
	 * (the halves' needs are merged). */
	add_lead(st, "2026-02-15T10:00:00+07:00", "KT", "V.1208",
		 SET_STATUS | SET_RESULT, STATUS_IN_PROGRESS, 0,
		 "Số-hiệu-văn-bản-rất-dài-không-ngắt-được");
	for (size_t k = 0; k < sizeof(depts) / sizeof(depts[0]); k++) {
		build_big(&r, plan, st, depts[k]);
		/* 13 copies: 325 tasks, five fills of 64 and the rest;
		 * a department's, two fills or more. */
		if (r.total.tasks <= (depts[k] ? 64 : 5 * 64))
			fail_msg("%zu tasks", r.total.tasks);
		assert_rows_in_plan_order(&r, plan, depts[k]);
		split_documents_same(&r, depts[k] ? depts[k] : "the commune");
		report_free(&r);
		/* Its rows placed in two halves of the tasks at once
		 * (build_rows): groups run across the halves' seam here,
		 * as they do not in the real plan's 25 tasks. */
		split_tune(2, 1);
		build_big(&r, plan, st, depts[k]);
		split_tune(0, 0);
		assert_rows_in_plan_order(&r, plan, depts[k]);
		report_free(&r);
	}
	state_free(st);
	plan_free(plan);
}

static void test_task_filter(void **state)
{
	struct fx *fx = *state;
	struct report full;
	struct report_options o;
	const struct report *r = &fx->rep;
	const struct report_row *a, *b;
	size_t i, n_v8 = 0;

	add_lead(fx->st, "2026-01-15T10:00:00+07:00", "KT", "V.8",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "DVC", "V.8",
		 SET_STATUS | SET_RESULT, STATUS_DONE, 0, "Xong");
	add_lead(fx->st, "2026-04-15T10:00:00+07:00", "KT", "I.1",
		 SET_STATUS, STATUS_IN_PROGRESS, 0, NULL);
	add_coord(fx->st, "2026-03-01T08:00:00+07:00", "VHXH", "V.8", "Góp");
	add_coord(fx->st, "2026-03-02T08:00:00+07:00", "HCC", "I.1", "Khác");
	add_note(fx->st, "2026-04-16T10:00:00+07:00", "KT", "V.8", ROLE_LEAD,
		 "V.8 khó", "V.8 đề xuất");
	add_note(fx->st, "2026-04-16T10:00:00+07:00", "KT", "I.1", ROLE_LEAD,
		 "I.1 khó", NULL);
	add_submit(fx->st, "2026-05-19T10:00:00+07:00", "DVC", "h1", false);

	build(fx, "h1", "2026-05-20", NULL, NULL);
	full = fx->rep;
	memset(&fx->rep, 0, sizeof(fx->rep));
	memset(&o, 0, sizeof(o));
	o.period = plan_period_find(fx->plan, "h1");
	o.as_of = D("2026-05-20");
	o.task = plan_task_find(fx->plan, "V.8");
	assert_non_null(o.task);
	assert_int_equal(report_build(&fx->rep, fx->plan, fx->st, &o), 0);

	for (i = 0; i < full.n_rows; i++)
		n_v8 += full.rows[i].task == o.task;
	assert_true(n_v8 >= 2);
	assert_int_equal(r->n_rows, n_v8);
	assert_int_equal(r->n_groups, 1);
	for (i = 0; i < r->n_rows; i++) {
		b = &r->rows[i];
		assert_ptr_equal(b->task, o.task);
		a = row(&full, "V.8", b->dept->code);
		assert_non_null(a);
		assert_int_equal(a->status, b->status);
		assert_int_equal(a->reported, b->reported);
		assert_int_equal(a->unreported, b->unreported);
		assert_int_equal(a->overdue, b->overdue);
		assert_int_equal(a->state, b->state);
		assert_int_equal(a->last_update, b->last_update);
		assert_ptr_equal(a->result, b->result);
		assert_int_equal(a->n_coords, b->n_coords);
		if (b->n_coords)
			assert_string_equal(r->coords[b->coord_first].text,
					    full.coords[a->coord_first].text);
	}
	assert_int_equal(row(r, "V.8", "KT")->unreported,
			 row(&full, "V.8", "KT")->unreported);
	assert_int_equal(r->n_coords, 1);
	assert_int_equal(r->n_notes, 2);
	assert_string_equal(r->notes[0].text, "V.8 khó");
	assert_string_equal(r->notes[1].text, "V.8 đề xuất");
	assert_int_equal(r->n_subs, full.n_subs);
	assert_int_equal(r->subs[0].status, full.subs[0].status);
	assert_int_equal(r->n_indicators, full.n_indicators);
	report_free(&full);
}

/* Whether a one-task report's rows, results and notes are the full
 * report's of that task, in the same order. */
static void task_report_same(const struct report *full,
			     const struct report *r, const struct plan_task *t)
{
	size_t i, k = 0;

	for (i = 0; i < full->n_rows; i++) {
		const struct report_row *a = &full->rows[i], *b;

		if (a->task != t)
			continue;
		if (k >= r->n_rows)
			fail_msg("%s: %zu rows, the full report more", t->id,
				 r->n_rows);
		b = &r->rows[k++];
		assert_ptr_equal(a->dept, b->dept);
		assert_int_equal(a->lead_index, b->lead_index);
		assert_int_equal(a->reported, b->reported);
		assert_int_equal(a->status, b->status);
		assert_int_equal(a->progress, b->progress);
		assert_ptr_equal(a->result, b->result);
		assert_int_equal(a->last_update, b->last_update);
		assert_int_equal(a->overdue, b->overdue);
		assert_int_equal(a->unreported, b->unreported);
		assert_int_equal(a->state, b->state);
		assert_int_equal(a->n_coords, b->n_coords);
		for (size_t c = 0; c < a->n_coords; c++) {
			const struct report_coord *x =
				&full->coords[a->coord_first + c];
			const struct report_coord *y =
				&r->coords[b->coord_first + c];

			assert_ptr_equal(x->task, y->task);
			assert_ptr_equal(x->dept, y->dept);
			assert_ptr_equal(x->text, y->text);
			assert_int_equal(x->at, y->at);
		}
	}
	assert_int_equal(r->n_rows, k);
	for (i = 0, k = 0; i < full->n_notes; i++) {
		const struct report_note *a = &full->notes[i], *b;

		if (a->task != t)
			continue;
		if (k >= r->n_notes)
			fail_msg("%s: %zu notes, the full report more", t->id,
				 r->n_notes);
		b = &r->notes[k++];
		assert_int_equal(a->kind, b->kind);
		assert_ptr_equal(a->dept, b->dept);
		assert_int_equal(a->role, b->role);
		assert_int_equal(a->at, b->at);
		assert_ptr_equal(a->text, b->text);
		assert_int_equal(a->entry, b->entry);
	}
	assert_int_equal(r->n_notes, k);
}

/* A one-task report (show's) reads only its task's lead slots and
 * arrays of one task: for every task, with random entries of its leads
 * and coordinating departments, it is the full report's part for that
 * task, whether the report folds or is given the fold. */
static void test_task_filter_every_task(void **state)
{
	static const char *const texts[] = {
		"Xong", "Đang triển khai", "Khó khăn về mặt bằng",
		"Đề nghị bổ sung kinh phí", "",
	};
	struct fx *fx = *state;
	const struct plan *p = fx->plan;
	struct report full, r;
	struct report_options o;
	struct fold f;
	uint64_t x = 0x9e3779b97f4a7c15u;
	char at[40];
	size_t i, n_rows = 0;

	for (i = 0; i < 600; i++) {
		const struct plan_task *t;
		const char *lead, *coord = NULL, *a, *b;
		unsigned v;

		x = x * 6364136223846793005u + 1442695040888963407u;
		v = (unsigned)(x >> 33);
		t = &p->tasks[v % p->n_tasks];
		lead = t->lead.codes[(v >> 5) % t->lead.n];
		/* Coordinating: mostly "every department" in the plan. */
		coord = p->depts[(v >> 7) % p->n_depts].code;
		for (size_t k = 0; coord && k < t->lead.n; k++)
			if (!strcmp(t->lead.codes[k], coord))
				coord = NULL;
		snprintf(at, sizeof(at), "2026-%02u-%02uT%02u:%02u:00+07:00",
			 1 + (v >> 9) % 4, 1 + (v >> 11) % 28,
			 (v >> 16) % 24, (unsigned)(i % 60));
		a = texts[(v >> 21) % 5];
		b = (v >> 24) % 3 ? texts[(v >> 26) % 5] : NULL;
		switch ((v >> 3) % 4) {
		case 0:
			add_lead(fx->st, at, lead, t->id,
				 SET_STATUS | SET_PROGRESS | SET_RESULT,
				 (enum task_status)((v >> 28) % 3),
				 (int)((v >> 12) % 101), a);
			break;
		case 1:
			if (coord)
				add_coord(fx->st, at, coord, t->id, a);
			break;
		case 2:
			add_note(fx->st, at, lead, t->id, ROLE_LEAD, a, b);
			break;
		default:
			if (coord)
				add_note(fx->st, at, coord, t->id,
					 ROLE_COORDINATING, a, b);
			break;
		}
	}
	memset(&o, 0, sizeof(o));
	o.period = plan_period_find(p, "h1");
	o.as_of = D("2026-05-20");
	assert_int_equal(report_build(&full, p, fx->st, &o), 0);
	assert_true(full.n_notes > 40);
	assert_true(full.n_coords > 20);
	assert_int_equal(state_fold(fx->st, p, full.until, &f), 0);
	for (i = 0; i < p->n_tasks; i++) {
		o.task = &p->tasks[i];
		for (int given = 0; given < 2; given++) {
			o.fold = given ? &f : NULL;
			assert_int_equal(report_build(&r, p, fx->st, &o), 0);
			task_report_same(&full, &r, o.task);
			n_rows += r.n_rows;
			assert_int_equal(r.n_subs, full.n_subs);
			assert_int_equal(r.n_indicators, full.n_indicators);
			report_free(&r);
		}
	}
	assert_int_equal(n_rows, 2 * full.n_rows);
	fold_release(&f);
	report_free(&full);
}

/* What the văn thư fills in, and the blanks without it (Nghị định 30:
 * numbers and days below 10, months 1 and 2, with a leading zero). */
static void test_document_number_date(void **state)
{
	struct fx *fx = *state;
	char *a, *b, *c;

	build(fx, "h1", "2026-05-20", NULL, NULL);
	a = draw_with(&fx->rep, doc_draw_text, 5, "2026-02-03", false);
	assert_non_null(strstr(a, "Số: 05/BC-UBND"));
	assert_non_null(strstr(a, "Việt Khê, ngày 03 tháng 02 năm 2026"));
	assert_non_null(strstr(a, "(Kèm theo Báo cáo số 05/BC-UBND ngày 03 "
				  "tháng 02 năm 2026 của Ủy ban nhân dân xã "
				  "Việt Khê)"));
	b = draw_with(&fx->rep, doc_draw_md, 45, "2026-11-20", false);
	assert_non_null(strstr(b, "| Số: 45/BC-UBND | *Việt Khê, ngày 20 "
				  "tháng 11 năm 2026* |"));
	c = draw(&fx->rep, doc_draw_text);
	assert_non_null(strstr(c, "Số:      /BC-UBND"));
	/* The year of the consolidated deadline. */
	assert_non_null(strstr(c, "Việt Khê, ngày      tháng      năm 2026"));
	free(a);
	free(b);
	free(c);
}

/* The two documents: issuer, symbol, addressee, signature, recipients;
 * the submissions are the internal annex's, never the document's. */
static void test_documents(void **state)
{
	struct fx *fx = *state;
	char *a, *b, *c;

	add_submit(fx->st, "2026-05-10T08:00:00+07:00", "HCC", "h1", false);
	build(fx, "h1", "2026-05-20", NULL, NULL);
	a = draw(&fx->rep, doc_draw_md);
	assert_non_null(strstr(a, "| **ỦY BAN NHÂN DÂN<br>XÃ VIỆT KHÊ** |"));
	assert_non_null(strstr(a, "Kính gửi: Sở Tài chính\n"));
	assert_non_null(strstr(a, "**TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH**<br>"
				  "**PHÓ CHỦ TỊCH**<br><br><br><br>**Phạm Văn "
				  "Kim**"));
	assert_non_null(strstr(a, "<br>- Như trên;<br>- CT, các PCT UBND xã;"
				  "<br>- Lưu: VT, KT. |"));
	assert_non_null(strstr(a, "## V. KIẾN NGHỊ, ĐỀ XUẤT"));
	/* No submission table, no row for the report itself. */
	assert_null(strstr(a, "Báo cáo tổng hợp gửi"));
	assert_null(strstr(a, "Đúng hạn"));
	assert_null(strstr(a, "Tỷ lệ hoàn thành"));

	build(fx, "h1", "2026-05-20", NULL, "HCC");
	b = draw(&fx->rep, doc_draw_md);
	assert_non_null(strstr(b, "| ỦY BAN NHÂN DÂN<br>XÃ VIỆT KHÊ<br>**TRUNG TÂM "
				  "PHỤC VỤ<br>HÀNH CHÍNH CÔNG** |"));
	assert_non_null(strstr(b, "Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-HCC"));
	assert_non_null(strstr(b, "Kính gửi: Ủy ban nhân dân xã Việt Khê (qua "
				  "Phòng Kinh tế)\n"));
	/* Signed by the head, whose name the plan leaves to the pen. */
	assert_non_null(strstr(b, "| **GIÁM ĐỐC**<br><br><br><br> |"));
	assert_non_null(strstr(b, "<br>- Như trên;<br>- Lưu: VT. |"));

	build(fx, "h1", "2026-05-20", NULL, NULL);
	c = draw_with(&fx->rep, doc_draw_text, 0, NULL, true);
	assert_non_null(strstr(c, "THEO DÕI TÌNH HÌNH GỬI BÁO CÁO"));
	assert_non_null(strstr(c, "Trung tâm phục vụ hành chính công"));
	assert_non_null(strstr(c, "Đúng hạn"));
	assert_null(strstr(c, "Báo cáo tổng hợp"));
	assert_null(strstr(c, "CỘNG HÒA"));
	free(a);
	free(b);
	free(c);
}

/* The texts of section s: "KT*" for the commune's, else the codes. */
static void texts_are(const struct report *r, enum section_id s,
		      const char *want)
{
	char got[256] = "";
	size_t i;

	for (i = r->text_first[s]; i < r->text_first[s + 1]; i++) {
		const struct report_text *t = &r->texts[i];

		assert_int_equal(t->section, s);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s%s",
			 *got ? " " : "", t->dept->code, t->commune ? "*" : "");
	}
	assert_string_equal(got, want);
}

/* The sections' texts: per section the commune's first, then the
 * departments' in plan order; the latest text as of the day; a
 * department's report has its own only; another period's are not there. */
static void test_texts_gathered(void **state)
{
	struct fx *fx = *state;
	const struct report *r = &fx->rep;

	add_text(fx->st, "2026-05-10T08:00:00+07:00", "DVC", "h1",
		 SECTION_DIRECTION, false, "DVC đăng tin");
	add_text(fx->st, "2026-05-11T08:00:00+07:00", "HCC", "h1",
		 SECTION_DIRECTION, false, "HCC quán triệt");
	add_text(fx->st, "2026-05-12T08:00:00+07:00", "KT", "h1",
		 SECTION_DIRECTION, false, "KT quán triệt");
	add_text(fx->st, "2026-05-13T08:00:00+07:00", "KT", "h1",
		 SECTION_DIRECTION, true, "Xã ban hành kế hoạch");
	add_text(fx->st, "2026-05-14T08:00:00+07:00", "HCC", "h1",
		 SECTION_OUTLOOK, false, "Sẽ số hóa");
	add_text(fx->st, "2026-05-15T08:00:00+07:00", "HCC", "annual",
		 SECTION_OUTLOOK, false, "Cả năm");
	/* After the as-of day: a correction, and a cleared text. */
	add_text(fx->st, "2026-05-21T08:00:00+07:00", "HCC", "h1",
		 SECTION_DIRECTION, false, "HCC sửa lại");
	add_text(fx->st, "2026-05-21T09:00:00+07:00", "HCC", "h1",
		 SECTION_OUTLOOK, false, "");

	build(fx, "h1", "2026-05-20", NULL, NULL);
	assert_int_equal(r->n_texts, 5);
	texts_are(r, SECTION_DIRECTION, "KT* KT HCC DVC");
	texts_are(r, SECTION_HIGHLIGHTS, "");
	texts_are(r, SECTION_OUTLOOK, "HCC");
	assert_string_equal(r->texts[0].text, "Xã ban hành kế hoạch");
	assert_int_equal(r->texts[0].at, T("2026-05-13T08:00:00+07:00"));
	assert_int_equal(r->texts[0].day, D("2026-05-13"));
	assert_string_equal(r->texts[0].user, "u");
	assert_string_equal(r->texts[2].text, "HCC quán triệt");
	assert_int_equal(r->text_first[N_SECTIONS], r->n_texts);

	/* A day later: HCC's correction, and its outlook taken back. */
	build(fx, "h1", "2026-05-21", NULL, NULL);
	texts_are(r, SECTION_DIRECTION, "KT* KT HCC DVC");
	assert_string_equal(r->texts[2].text, "HCC sửa lại");
	texts_are(r, SECTION_OUTLOOK, "");

	/* A department's own report: its texts, never the commune's. */
	build(fx, "h1", "2026-05-20", NULL, "KT");
	texts_are(r, SECTION_DIRECTION, "KT");
	assert_string_equal(r->texts[0].text, "KT quán triệt");
	build(fx, "annual", "2026-11-15", NULL, "HCC");
	texts_are(r, SECTION_DIRECTION, "");
	texts_are(r, SECTION_OUTLOOK, "HCC");
	assert_string_equal(r->texts[0].text, "Cả năm");
}

/* What the documents make of the texts: paragraphs kept, a department
 * named before its text, a line where a section has none; JSON keeps the
 * exact text. */
static void test_texts_in_documents(void **state)
{
	struct fx *fx = *state;
	char *md, *text, *j, *c, *dept;

	add_text(fx->st, "2026-05-10T08:00:00+07:00", "HCC", "h1",
		 SECTION_HIGHLIGHTS, false,
		 "Đoạn một, dòng một\ndòng hai.\n\n  \nĐoạn hai.");
	add_text(fx->st, "2026-05-11T08:00:00+07:00", "KT", "h1",
		 SECTION_HIGHLIGHTS, true, "Kết quả chung của xã.");
	add_text(fx->st, "2026-05-12T08:00:00+07:00", "KT", "h1",
		 SECTION_PROPOSALS, true, "Đề nghị Sở Tài chính.");
	add_text(fx->st, "2026-05-12T09:00:00+07:00", "VHXH", "h1",
		 SECTION_PROPOSALS, false, "Đề nghị UBND xã.");
	add_note(fx->st, "2026-05-13T08:00:00+07:00", "HCC", "II.1",
		 ROLE_LEAD, NULL, "Cấp máy quét");
	/* Paragraphs that Markdown would take for a list. */
	add_text(fx->st, "2026-05-14T08:00:00+07:00", "KT", "h1",
		 SECTION_CAUSES, true, "1. Khách quan.\n\n- Chủ quan.\n\n"
		 "2026) năm.");
	build(fx, "h1", "2026-05-20", NULL, NULL);

	md = draw(&fx->rep, doc_draw_md);
	assert_non_null(strstr(md, "### 1\\. Kết quả nổi bật\n\n"
				   "Kết quả chung của xã.\n\n"
				   "***Trung tâm phục vụ hành chính công:*** "
				   "Đoạn một, dòng một<br>dòng hai.\n\n"
				   "Đoạn hai.\n\n### 2\\. Tồn tại, hạn chế\n\n"
				   "Chưa có nội dung báo cáo.\n"));
	/* V: the departments' texts, then the per-task proposals, in 1.;
	 * the commune's in 2. */
	assert_non_null(strstr(md, "### 1\\. Kiến nghị, đề xuất của các đơn vị"
				   "\n\n***Phòng Văn hóa – Xã hội:*** Đề nghị "
				   "UBND xã.\n\nKiến nghị, đề xuất đối với "
				   "từng nhiệm vụ:\n\n- Trung tâm phục vụ hành "
				   "chính công (nhiệm vụ II.1, ngày 13/05/2026): "
				   "Cấp máy quét\n"));
	assert_non_null(strstr(md, "của Ủy ban nhân dân xã Việt Khê\n\n"
				   "Đề nghị Sở Tài chính.\n"));
	assert_non_null(strstr(md, "\n\n1\\. Khách quan.\n\n\\- Chủ quan."
				   "\n\n2026\\) năm.\n\n"));
	/* I has no text: its duties, then the line. */
	assert_non_null(strstr(md, "điện tử của xã.\n- Trưởng các phòng"));
	assert_non_null(strstr(md, "nêu trong kế hoạch\n\nChưa có nội dung "
				   "báo cáo.\n\n## II."));

	text = draw(&fx->rep, doc_draw_text);
	assert_non_null(strstr(text, "    Trung tâm phục vụ hành chính công: "
				     "Đoạn một, dòng một\ndòng hai.\n\n    "
				     "Đoạn hai.\n"));

	j = json(&fx->rep);
	assert_non_null(strstr(j, "\"text\": \"Đoạn một, dòng một\\ndòng "
				  "hai.\\n\\n  \\nĐoạn hai.\""));
	assert_non_null(strstr(j, "\"id\": \"highlights\",\n"
				  "      \"number\": \"III.1\",\n"
				  "      \"title\": \"Kết quả nổi bật\","));
	c = csv(&fx->rep, TABLE_SECTIONS);
	assert_non_null(strstr(c, "STT,Mục,Mã mục,Tên mục,Mã đơn vị,Đơn vị,"
				  "Báo cáo tổng hợp,Ngày,Nội dung\r\n1,III.1,"
				  "highlights,Kết quả nổi bật,KT,Phòng Kinh tế,"
				  "có,2026-05-11,Kết quả chung của xã.\r\n"));

	/* A department's report: its own words, no name before them. */
	build(fx, "h1", "2026-05-20", NULL, "VHXH");
	dept = draw(&fx->rep, doc_draw_md);
	assert_non_null(strstr(dept, "## V. KIẾN NGHỊ, ĐỀ XUẤT\n\nĐề nghị UBND "
				     "xã.\n"));
	assert_null(strstr(dept, "Đề nghị Sở Tài chính"));
	assert_null(strstr(dept, "Kết quả chung của xã"));
	free(md);
	free(text);
	free(j);
	free(c);
	free(dept);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multi_lead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreported_windows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_submissions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_indicator_verdicts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_as_of_cutoff, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_default_as_of, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes_by_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dept_filter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_build_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_text_width, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_quoting, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coords, setup, teardown),
		cmocka_unit_test_setup_teardown(test_task_filter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_task_filter_every_task,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_reused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_document_number_date, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_texts_gathered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_texts_in_documents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_split_build, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_split_same, setup,
						teardown),
		cmocka_unit_test(test_split_documents),
		cmocka_unit_test_setup_teardown(test_documents, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
