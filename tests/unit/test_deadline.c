/* test_deadline.c: what check finds around each deadline of the bundled
 * plan (h1: departments 20/05/2026, consolidated 21/05/2026; annual:
 * 15/11/2026 and 20/11/2026; task III.2 dated 31/12/2026), the calendar
 * events, the iCalendar writer (folding, escaping) and the colours. */
#include "testutil.h"

#include <time.h>

#include "plantrack/color.h"
#include "plantrack/deadline.h"
#include "plantrack/ics.h"
#include "plantrack/instant.h"
#include "plantrack/plan_load.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"
#include "plantrack/utf8.h"

struct fx {
	struct plan *plan;
	struct state *st;
	struct fold fold;
	struct finding_list found;
};

static int group_setup(void **state)
{
	static struct fx fx;

	test_locale();
	/* Deadline days end at 24:00 in the commune's time zone. */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	if (plan_load(SRCPATH("data/plan.yaml"), stderr, &fx.plan))
		return -1;
	*state = &fx;
	return 0;
}

static int group_teardown(void **state)
{
	struct fx *fx = *state;

	plan_free(fx->plan);
	return 0;
}

static int setup(void **state)
{
	struct fx *fx = *state;

	fx->st = state_new();
	memset(&fx->fold, 0, sizeof(fx->fold));
	memset(&fx->found, 0, sizeof(fx->found));
	return fx->st ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	finding_list_release(&fx->found);
	fold_release(&fx->fold);
	state_free(fx->st);
	fx->st = NULL;
	return 0;
}

static pt_day D(const char *s)
{
	pt_day d;

	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void base(struct state_entry *e, enum entry_kind kind, const char *at,
		 const char *dept)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	assert_int_equal(instant_parse(at, &e->at, &e->utc_offset), 0);
	e->dept = dept;
	e->user = "lan";
	e->uid = 1000;
}

static void submit(struct fx *fx, const char *at, const char *dept,
		   const char *period, bool consolidated)
{
	struct state_entry e;

	base(&e, ENTRY_SUBMIT, at, dept);
	e.period = period;
	e.consolidated = consolidated;
	assert_int_equal(state_append(fx->st, &e), 0);
}

static void update(struct fx *fx, const char *at, const char *dept,
		   const char *task, enum task_status status)
{
	struct state_entry e;

	base(&e, ENTRY_TASK, at, dept);
	e.task = task;
	e.role = ROLE_LEAD;
	e.set = SET_STATUS;
	e.status = status;
	assert_int_equal(state_append(fx->st, &e), 0);
}

/* Folds up to the end of today, as cmd_check does, and checks. */
static void check(struct fx *fx, const char *today, int within,
		  const char *dept)
{
	struct deadline_query q = { D(today), within, dept };

	finding_list_release(&fx->found);
	fold_release(&fx->fold);
	assert_int_equal(state_fold(fx->st, fx->plan,
				    instant_end_of_day(q.today), &fx->fold), 0);
	assert_int_equal(deadline_check(fx->plan, &fx->fold, &q, &fx->found), 0);
}

static size_t count(const struct fx *fx, enum finding_kind kind,
		    const char *dept, const char *subject)
{
	size_t n = 0;

	for (size_t i = 0; i < fx->found.n; i++) {
		const struct finding *f = finding_at(&fx->found, i);

		if (f->kind == kind && (!dept || !strcmp(f->dept, dept)) &&
		    (!subject || !strcmp(f->subject, subject)))
			n++;
	}
	return n;
}

static const struct finding *find(const struct fx *fx, enum finding_kind kind,
				  const char *dept, const char *subject)
{
	const struct finding *found = NULL;

	for (size_t i = 0; !found && i < fx->found.n; i++) {
		const struct finding *f = finding_at(&fx->found, i);

		if (f->kind == kind && !strcmp(f->dept, dept) &&
		    !strcmp(f->subject, subject))
			found = f;
	}
	return found;
}

/* f's message (a lead's is made when asked: finding_message). */
static const char *msg_of(const struct fx *fx, const struct finding *f)
{
	return finding_message(&fx->found, f, NULL, NULL);
}

/* Whether f is marked plain (a lead's: as its message is made). */
static bool plain_of(const struct fx *fx, const struct finding *f)
{
	bool plain;

	finding_message(&fx->found, f, NULL, &plain);
	return plain;
}

/* finding_message_parts: nparts pieces that make want, and as plain as
 * finding_message says. */
static void assert_parts(const struct fx *fx, const struct finding *f,
			 const char *want, int nparts)
{
	struct finding_piece part[3];
	char got[512];
	size_t len = 0;
	bool plain;
	int n = finding_message_parts(&fx->found, f, part, &plain);

	assert_int_equal(n, nparts);
	for (int k = 0; k < n; k++) {
		assert_true(len + part[k].len < sizeof(got));
		memcpy(got + len, part[k].s, part[k].len);
		len += part[k].len;
	}
	got[len] = '\0';
	assert_string_equal(got, want);
	assert_int_equal(plain, plain_of(fx, f));
}

/* ---- report-due, consolidated-due ---- */

static void test_before_window(void **state)
{
	struct fx *fx = *state;

	/* 20/05 is 8 days away: outside a 7-day window, and so is every
	 * other deadline. */
	check(fx, "2026-05-12", 7, NULL);
	assert_int_equal(fx->found.n, 0);
	assert_int_equal(deadline_status(&fx->found), 0);
}

static void test_first_day_of_window(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	check(fx, "2026-05-13", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 4);
	/* 21/05 is 8 days away. */
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, NULL), 0);
	f = find(fx, FINDING_REPORT_DUE, "KT", "h1");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(f->days, 7);
	assert_int_equal(f->day, D("2026-05-20"));
	/* Unit tests bind no catalogue: messages are the English source. */
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not submitted its "
			    "report for 6 tháng đầu năm 2026; due 20/05/2026 "
			    "(7 days left)");
	assert_int_equal(deadline_status(&fx->found), 1);
}

static void test_on_deadline_day(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	check(fx, "2026-05-20", 7, NULL);
	f = find(fx, FINDING_REPORT_DUE, "HCC", "h1");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(f->days, 0);
	assert_string_equal(msg_of(fx, f), "Trung tâm phục vụ hành chính công has "
			    "not submitted its report for 6 tháng đầu năm 2026; "
			    "due 20/05/2026 (today is the last day)");
	f = find(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(f->days, 1);
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not sent the "
			    "consolidated report for 6 tháng đầu năm 2026 to Sở "
			    "Tài chính; due 21/05/2026 (1 day left)");
	assert_int_equal(deadline_status(&fx->found), 1);
}

static void test_day_after(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	check(fx, "2026-05-21", 7, NULL);
	f = find(fx, FINDING_REPORT_DUE, "DVC", "h1");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_OVERDUE);
	assert_int_equal(f->days, -1);
	assert_non_null(strstr(msg_of(fx, f), "; due 20/05/2026 (1 day "
				       "overdue)"));
	/* The consolidated report is due today: still a warning. */
	f = find(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1");
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(deadline_status(&fx->found), 2);
	/* Overdue until the next period's department deadline (annual,
	 * 15/11) has passed: that report takes over. */
	check(fx, "2026-11-15", 7, NULL);
	f = find(fx, FINDING_REPORT_DUE, "DVC", "h1");
	assert_non_null(f);
	assert_int_equal(f->days, D("2026-05-20") - D("2026-11-15"));
	assert_non_null(strstr(msg_of(fx, f), "(179 days overdue)"));
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);
	check(fx, "2026-11-16", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 0);
	/* The consolidated report until the next consolidated deadline. */
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);
	check(fx, "2026-11-20", 7, NULL);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);
	check(fx, "2026-11-21", 7, NULL);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 0);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "annual"), 1);
}

static void test_submissions(void **state)
{
	struct fx *fx = *state;

	submit(fx, "2026-05-19T11:00:00+07:00", "HCC", "h1", false);
	/* The last second of the deadline day is in time. */
	submit(fx, "2026-05-20T23:59:59+07:00", "KT", "h1", false);
	submit(fx, "2026-05-21T16:00:00+07:00", "KT", "h1", true);
	submit(fx, "2026-05-25T08:00:00+07:00", "VHXH", "h1", false);

	check(fx, "2026-05-20", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "HCC", NULL), 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "KT", NULL), 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "VHXH", "h1"), 1);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);

	/* As of a day in the past, later submissions do not count. */
	check(fx, "2026-05-19", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "HCC", NULL), 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "KT", NULL), 1);

	/* The consolidated report went on 21/05: VHXH (late on 25/05) and
	 * DVC (never) are no longer reminded; it records them. */
	check(fx, "2026-05-21", 7, NULL);
	assert_int_equal(fx->found.n, 0);
	check(fx, "2026-05-22", 7, NULL);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, NULL), 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 0);
	assert_int_equal(deadline_status(&fx->found), 0);
}

static void test_within_zero(void **state)
{
	struct fx *fx = *state;

	check(fx, "2026-05-19", 0, NULL);
	assert_int_equal(fx->found.n, 0);
	check(fx, "2026-05-20", 0, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 4);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, NULL), 0);
}

static void test_dept_filter(void **state)
{
	struct fx *fx = *state;

	check(fx, "2026-05-21", 7, "KT");
	for (size_t i = 0; i < fx->found.n; i++)
		assert_string_equal(finding_at(&fx->found, i)->dept, "KT");
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "KT", "h1"), 1);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);

	/* The consolidated report is the consolidator's alone. */
	check(fx, "2026-05-21", 7, "HCC");
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, NULL), 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "HCC", "h1"), 1);
	assert_int_equal(fx->found.n, 1);
}

/* ---- task-due ---- */

/* III.2's deadline moved (the plan is the group's: teardown puts it
 * back), to see an overdue task inside the plan year. */
static pt_day iii2_date = PT_DAY_NONE;

static void move_iii2(struct fx *fx, const char *date)
{
	struct plan_task *t = (struct plan_task *)plan_task_find(fx->plan,
								 "III.2");

	assert_non_null(t);
	if (iii2_date == PT_DAY_NONE)
		iii2_date = t->deadline.date;
	t->deadline.date = D(date);
}

static int teardown_iii2(void **state)
{
	struct fx *fx = *state;
	struct plan_task *t = (struct plan_task *)plan_task_find(fx->plan,
								 "III.2");

	if (iii2_date != PT_DAY_NONE)
		t->deadline.date = iii2_date;
	iii2_date = PT_DAY_NONE;
	return teardown(state);
}

static void test_task_due(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	check(fx, "2026-12-23", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);

	check(fx, "2026-12-24", 7, NULL);
	f = find(fx, FINDING_TASK_DUE, "KT", "III.2");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(f->days, 7);
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not completed task "
			    "III.2 (No update yet); due 31/12/2026 (7 days "
			    "left)");
	/* The only dated task. */
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 1);

	update(fx, "2026-12-01T09:00:00+07:00", "KT", "III.2",
	       STATUS_IN_PROGRESS);
	check(fx, "2026-12-31", 7, NULL);
	f = find(fx, FINDING_TASK_DUE, "KT", "III.2");
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not completed task "
			    "III.2 (In progress 0%); due 31/12/2026 (today is "
			    "the last day)");

	/* 31/12/2026 is the plan year's last day: after it, nothing. */
	check(fx, "2027-01-01", 7, NULL);
	assert_int_equal(fx->found.n, 0);
}

static void test_task_overdue(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	move_iii2(fx, "2026-06-30");
	check(fx, "2026-07-01", 7, NULL);
	f = find(fx, FINDING_TASK_DUE, "KT", "III.2");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_OVERDUE);
	assert_int_equal(f->days, -1);
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not completed task "
			    "III.2 (No update yet); due 30/06/2026 (1 day "
			    "overdue)");
	/* Overdue on every day of the plan year, h1's consolidated report
	 * (sent before the deadline) changing nothing. */
	submit(fx, "2026-05-21T09:00:00+07:00", "KT", "h1", true);
	check(fx, "2026-12-31", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, "KT", "III.2"), 1);
	check(fx, "2027-01-01", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);

	/* Done after the deadline: overdue until then, nothing after. */
	update(fx, "2026-08-05T10:00:00+07:00", "KT", "III.2", STATUS_DONE);
	check(fx, "2026-08-04", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 1);
	check(fx, "2026-08-05", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);
}

static void test_task_overdue_until_annual(void **state)
{
	struct fx *fx = *state;

	/* The year's last report (annual's consolidated one) records the
	 * task as not done: from then on, no more mail about it. */
	move_iii2(fx, "2026-06-30");
	submit(fx, "2026-11-19T08:00:00+07:00", "KT", "annual", true);
	check(fx, "2026-11-18", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, "KT", "III.2"), 1);
	check(fx, "2026-11-19", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);

	/* Before its deadline a task is still worth a warning, the annual
	 * report sent or not: it can still be done in time. */
	move_iii2(fx, "2026-12-31");
	check(fx, "2026-12-24", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, "KT", "III.2"), 1);
	assert_int_equal(find(fx, FINDING_TASK_DUE, "KT", "III.2")->severity,
			 SEVERITY_WARN);
}

static void test_task_done_in_time(void **state)
{
	struct fx *fx = *state;

	update(fx, "2026-12-30T10:00:00+07:00", "KT", "III.2", STATUS_DONE);
	check(fx, "2026-12-29", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, "KT", "III.2"), 1);
	check(fx, "2026-12-30", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);
	check(fx, "2027-01-02", 7, NULL);
	assert_int_equal(count(fx, FINDING_TASK_DUE, NULL, NULL), 0);
	assert_true(deadline_lead_overdue(plan_task_find(fx->plan, "III.2"),
					  NULL, D("2027-01-01")));
	assert_false(deadline_lead_overdue(plan_task_find(fx->plan, "III.2"),
					   NULL, D("2026-12-31")));
	assert_false(deadline_lead_overdue(plan_task_find(fx->plan, "I.1"),
					   NULL, D("2027-01-01")));
}

/* ---- when findings stop ---- */

static void test_plan_end(void **state)
{
	struct fx *fx = *state;
	const struct plan_period *h1 = plan_period_find(fx->plan, "h1");
	const struct plan_period *an = plan_period_find(fx->plan, "annual");

	assert_int_equal(deadline_plan_end(fx->plan), D("2026-12-31"));
	assert_int_equal(deadline_report_last_day(fx->plan, h1, false),
			 D("2026-11-15"));
	assert_int_equal(deadline_report_last_day(fx->plan, h1, true),
			 D("2026-11-20"));
	assert_int_equal(deadline_report_last_day(fx->plan, an, false),
			 D("2026-12-31"));
	assert_int_equal(deadline_report_last_day(fx->plan, an, true),
			 D("2026-12-31"));
	/* A dated task after the year moves its end. */
	move_iii2(fx, "2027-01-31");
	assert_int_equal(deadline_plan_end(fx->plan), D("2027-01-31"));
	assert_int_equal(deadline_report_last_day(fx->plan, an, false),
			 D("2027-01-31"));
}

static void test_last_period_until_year_end(void **state)
{
	struct fx *fx = *state;

	/* Nothing submitted all year: the annual reports are overdue until
	 * the year is over, then nothing at all, ever. */
	check(fx, "2026-12-31", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "annual"), 4);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "annual"), 1);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 0);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, "h1"), 0);
	check(fx, "2027-01-01", 7, NULL);
	assert_int_equal(fx->found.n, 0);
	assert_int_equal(deadline_status(&fx->found), 0);
	check(fx, "2027-06-01", 7, NULL);
	assert_int_equal(fx->found.n, 0);
}

static void test_consolidated_sent(void **state)
{
	struct fx *fx = *state;

	/* KT sends the h1 report on 21/05 without DVC's: DVC is no longer
	 * reminded (the report records it as missing); VHXH, which
	 * submitted late, neither. */
	submit(fx, "2026-05-19T11:00:00+07:00", "HCC", "h1", false);
	submit(fx, "2026-05-20T16:00:00+07:00", "KT", "h1", false);
	submit(fx, "2026-05-21T08:00:00+07:00", "VHXH", "h1", false);
	submit(fx, "2026-05-21T16:00:00+07:00", "KT", "h1", true);
	check(fx, "2026-05-21", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 0);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, NULL, NULL), 0);
	/* As of the day before, DVC and VHXH were still late. */
	check(fx, "2026-05-20", 0, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 2);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 0);

	/* Withdrawn consolidated report: the reminders come back. */
	{
		struct state_entry e;

		base(&e, ENTRY_SUBMIT, "2026-05-22T09:00:00+07:00", "KT");
		e.period = "h1";
		e.consolidated = true;
		e.withdraw = true;
		e.set = SET_WITHDRAW;
		assert_int_equal(state_append(fx->st, &e), 0);
	}
	check(fx, "2026-05-22", 7, NULL);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, "DVC", "h1"), 1);
	assert_int_equal(count(fx, FINDING_CONSOLIDATED_DUE, "KT", "h1"), 1);
}

static void test_consolidated_sent_early(void **state)
{
	struct fx *fx = *state;

	/* Sent before the departments' deadline (the consolidator did not
	 * wait): their reminders for that period stop, stale included. */
	check(fx, "2026-05-18", 7, NULL);
	assert_true(count(fx, FINDING_STALE, NULL, NULL) > 0);
	assert_int_equal(count(fx, FINDING_REPORT_DUE, NULL, "h1"), 4);
	submit(fx, "2026-05-18T10:00:00+07:00", "KT", "h1", true);
	check(fx, "2026-05-18", 7, NULL);
	assert_int_equal(fx->found.n, 0);
}

/* ---- stale ---- */

static void test_stale_first_period(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;
	size_t leads = fx->plan->n_tasks;

	for (size_t i = 0; i < fx->plan->n_tasks; i++)
		leads += fx->plan->tasks[i].lead.n - 1;
	check(fx, "2026-05-12", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), 0);

	/* Nothing recorded at all: every (task, lead) is stale. */
	check(fx, "2026-05-13", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), leads);
	f = find(fx, FINDING_STALE, "HCC", "II.3");
	assert_non_null(f);
	assert_int_equal(f->severity, SEVERITY_WARN);
	assert_int_equal(f->day, D("2026-05-20"));
	assert_string_equal(msg_of(fx, f), "Trung tâm phục vụ hành chính công has "
			    "not updated task II.3 since the start of 2026; the "
			    "report for 6 tháng đầu năm 2026 is due 20/05/2026 "
			    "(7 days left)");
	f = find(fx, FINDING_REPORT_DUE, "HCC", "h1");
	assert_non_null(f);
	assert_parts(fx, f, msg_of(fx, f), 1);

	/* One update this year is enough; one of last year is not; a done
	 * task needs none. */
	update(fx, "2026-03-01T14:30:00+07:00", "KT", "I.1", STATUS_IN_PROGRESS);
	update(fx, "2025-12-31T23:00:00+07:00", "HCC", "II.3",
	       STATUS_IN_PROGRESS);
	update(fx, "2025-12-30T08:00:00+07:00", "DVC", "V.9", STATUS_DONE);
	check(fx, "2026-05-13", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, "KT", "I.1"), 0);
	assert_int_equal(count(fx, FINDING_STALE, "HCC", "II.3"), 1);
	assert_int_equal(count(fx, FINDING_STALE, "DVC", "V.9"), 0);
	assert_int_equal(count(fx, FINDING_STALE, "KT", "V.9"), 1);
	assert_string_equal(msg_of(fx, find(fx, FINDING_STALE, "HCC", "II.3")),
			    "Trung tâm phục vụ hành chính công has not updated "
			    "task II.3 since the start of 2026 (last update "
			    "31/12/2025); the report for 6 tháng đầu năm 2026 "
			    "is due 20/05/2026 (7 days left)");
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), leads - 2);
}

/* Every lead's message, made from the words kept for its department and
 * state with its own id between them (lead_message): right for each id,
 * whatever order they are asked in, with leads of last year's updates
 * on different days among them (each day a key of its own). */
static void test_lead_messages_every_id(void **state)
{
	struct fx *fx = *state;
	const struct plan *p = fx->plan;
	char want[512], last[64];
	size_t n = 0;

	/* All but every fourth task's first lead updated on a day of its
	 * own in 2025: more keys than the words' 64 places can hold apart,
	 * so that keys differing only in that day share a place. */
	for (size_t i = 0; i < p->n_tasks; i++) {
		char at[40];

		if (i % 4 == 3)
			continue;
		snprintf(at, sizeof(at), "2025-%02u-%02uT09:00:00+07:00",
			 11 + (unsigned)(i % 2), 1 + (unsigned)(i % 28));
		update(fx, at, p->tasks[i].lead.codes[0], p->tasks[i].id,
		       STATUS_IN_PROGRESS);
	}
	check(fx, "2026-05-13", 7, NULL);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < fx->found.n; k++) {
			size_t i = pass ? fx->found.n - 1 - k : k;
			const struct finding *f = finding_at(&fx->found, i);
			const struct task_lead_state *ls = f->lead;

			if (f->kind != FINDING_STALE)
				continue;
			last[0] = '\0';
			if (ls->reported) {
				char d[11];

				date_format_vn(date_of_time(fold_lead_texts(
					&fx->fold, ls)->last_update), d);
				snprintf(last, sizeof(last),
					 " (last update %s)", d);
			}
			snprintf(want, sizeof(want), "%s has not updated task "
				 "%s since the start of 2026%s; the report for "
				 "6 tháng đầu năm 2026 is due 20/05/2026 (7 "
				 "days left)", plan_ref_name(p, f->dept),
				 f->subject, last);
			assert_string_equal(msg_of(fx, f), want);
			assert_true(plain_of(fx, f));
			assert_parts(fx, f, want, 3);
			n++;
		}
	}
	assert_true(n > 40);
}

static void test_stale_next_period(void **state)
{
	struct fx *fx = *state;
	const struct finding *f;

	/* On the h1 deadline day: before its end, so stale for annual. */
	update(fx, "2026-05-20T23:00:00+07:00", "KT", "I.1", STATUS_IN_PROGRESS);
	/* The day after: counts for annual. */
	update(fx, "2026-05-21T00:00:00+07:00", "KT", "III.1",
	       STATUS_IN_PROGRESS);

	/* On 21/05 h1's department deadline has passed and annual's is far
	 * away: no stale at all. */
	check(fx, "2026-05-21", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), 0);

	check(fx, "2026-11-07", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), 0);
	check(fx, "2026-11-08", 7, NULL);
	f = find(fx, FINDING_STALE, "KT", "I.1");
	assert_non_null(f);
	assert_int_equal(f->day, D("2026-11-15"));
	assert_string_equal(msg_of(fx, f), "Phòng Kinh tế has not updated task "
			    "I.1 since 20/05/2026 (last update 20/05/2026); the "
			    "report for năm 2026 is due 15/11/2026 (7 days "
			    "left)");
	assert_int_equal(count(fx, FINDING_STALE, "KT", "III.1"), 0);
	/* On the deadline day still; the day after no more. */
	check(fx, "2026-11-15", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, "KT", "I.1"), 1);
	check(fx, "2026-11-16", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), 0);
}

static void test_stale_after_submission(void **state)
{
	struct fx *fx = *state;

	/* A department that has submitted the coming report is not told
	 * to update its tasks for it; the others still are. */
	submit(fx, "2026-05-19T11:00:00+07:00", "HCC", "h1", false);
	check(fx, "2026-05-18", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, "HCC", NULL), 6);
	check(fx, "2026-05-19", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, "HCC", NULL), 0);
	assert_int_equal(count(fx, FINDING_STALE, "VHXH", "II.7"), 1);
	/* Once the consolidated report has gone, nobody is: their updates
	 * would no longer reach it. */
	submit(fx, "2026-05-19T12:00:00+07:00", "KT", "h1", true);
	check(fx, "2026-05-19", 7, NULL);
	assert_int_equal(count(fx, FINDING_STALE, NULL, NULL), 0);
}

/* ---- order and status ---- */

static void test_order(void **state)
{
	struct fx *fx = *state;

	/* The last day of h1's reports, with every later deadline in the
	 * window. */
	check(fx, "2026-11-15", 46, NULL);
	assert_true(fx->found.n > 1);
	for (size_t i = 1; i < fx->found.n; i++) {
		const struct finding *a = finding_at(&fx->found, i - 1);
		const struct finding *b = finding_at(&fx->found, i);

		assert_true(a->day < b->day ||
			    (a->day == b->day && (a->kind < b->kind ||
			     (a->kind == b->kind && a->dept_rank <= b->dept_rank))));
	}
	/* h1 reports (KT, HCC, VHXH, DVC: plan order) come first. */
	assert_string_equal(finding_at(&fx->found, 0)->dept, "KT");
	assert_string_equal(finding_at(&fx->found, 1)->dept, "HCC");
	assert_string_equal(finding_at(&fx->found, 0)->subject, "h1");
	assert_int_equal(finding_at(&fx->found, 4)->kind, FINDING_CONSOLIDATED_DUE);
	assert_int_equal(finding_at(&fx->found, fx->found.n - 1)->kind, FINDING_TASK_DUE);
}

static void test_render_text(void **state)
{
	struct fx *fx = *state;
	struct capture cap;
	const char *out;

	check(fx, "2026-05-21", 0, "KT");
	cap_open(&cap);
	deadline_render_text(cap.f, &fx->found, 0);
	out = cap_close(&cap);
	assert_string_equal(out,
		"2026-05-20\toverdue\treport-due\tKT\th1\tPhòng Kinh tế has not "
		"submitted its report for 6 tháng đầu năm 2026; due 20/05/2026 "
		"(1 day overdue)\n"
		"2026-05-21\twarn\tconsolidated-due\tKT\th1\tPhòng Kinh tế has "
		"not sent the consolidated report for 6 tháng đầu năm 2026 to "
		"Sở Tài chính; due 21/05/2026 (today is the last day)\n");
	cap_free(&cap);

	/* Colour wraps the severity only. */
	cap_open(&cap);
	deadline_render_text(cap.f, &fx->found, 1);
	out = cap_close(&cap);
	assert_non_null(strstr(out, "2026-05-20\t\033[1;31moverdue\033[m\t"
				    "report-due\tKT\th1\t"));
	assert_non_null(strstr(out, "\t\033[33mwarn\033[m\tconsolidated-due\t"));
	cap_free(&cap);

	/* Nothing to say: not a byte. */
	check(fx, "2026-02-01", 7, NULL);
	cap_open(&cap);
	deadline_render_text(cap.f, &fx->found, 1);
	out = cap_close(&cap);
	assert_string_equal(out, "");
	cap_free(&cap);
}

/* The plan's text reaches a terminal through check: one line per finding,
 * control and bidi characters shown escaped (table.h). */
static void test_render_text_escapes(void **state)
{
	struct finding fd;
	struct finding_list l;
	struct capture cap;

	(void)state;
	memset(&fd, 0, sizeof(fd));
	memset(&l, 0, sizeof(l));
	fd.day = D("2026-05-20");
	fd.severity = SEVERITY_WARN;
	fd.kind = FINDING_TASK_DUE;
	fd.dept = "KT";
	fd.subject = "III.2";
	fd.message = "Phòng\tKinh tế\n2026-05-20\twarn\x1b[2J \xe2\x80\xae"
		     "abc\r";
	fd.message_len = strlen(fd.message);
	l.items = &fd;
	l.n = 1;
	cap_open(&cap);
	deadline_render_text(cap.f, &l, 0);
	assert_string_equal(cap_close(&cap),
		"2026-05-20\twarn\ttask-due\tKT\tIII.2\tPhòng Kinh tế "
		"2026-05-20 warn\\x1b[2J \\u202eabc \n");
	cap_free(&cap);
}

/* Each finding's message is marked plain only when it is
 * (deadline_field_plain), and a department's hostile name or a task's
 * hostile id takes the mark off its findings, which are then escaped:
 * one line each, six fields. Stale and task-due findings, the two made
 * of plain pieces, are checked on both sides of the mark. */
static void test_plain_marks(void **state)
{
	static const char *const hostile[] = {
		"Phòng\tKinh tế", "Phòng\nKinh tế", "Phòng \xe2\x80\xae tế",
		"Phòng \x1b[2J", "Phòng \xc2\x85", "Phòng Kinh tế",
	};
	const size_t n_hostile = sizeof(hostile) / sizeof(hostile[0]);
	struct fx *fx = *state;
	struct plan *p = fx->plan;
	const char *name = p->depts[0].name, *id = p->tasks[0].id;
	const char *code = p->tasks[1].lead.codes[0];
	const char *period_names[8];
	struct capture cap;
	const char *out, *line;

	assert_true(p->n_periods <= 8);
	for (size_t i = 0; i < p->n_periods; i++)
		period_names[i] = p->periods[i].name;

	for (size_t h = 0; h < n_hostile; h++) {
		size_t marked = 0, unmarked = 0;

		p->depts[0].name = hostile[h];
		/* The last also gives the first task a hostile id and the
		 * second a hostile lead code (the plan loader would refuse
		 * both; a check must not trust that). */
		if (h + 1 == n_hostile) {
			p->tasks[0].id = "I.1\x1b]0;x\a";
			p->tasks[1].lead.codes[0] = "K\tT";
		}
		for (int day = 0; day < 2; day++) {
			check(fx, day ? "2026-05-13" : "2026-11-20", 7, NULL);
			for (size_t i = 0; i < fx->found.n; i++) {
				const struct finding *f = finding_at(&fx->found, i);
				bool kt = !strcmp(f->dept, p->depts[0].code);

				if (plain_of(fx, f))
					assert_true(deadline_field_plain(
						msg_of(fx, f)));
				if ((kt && h + 1 < n_hostile) ||
				    f->subject == p->tasks[0].id ||
				    (h + 1 == n_hostile &&
				     f->dept == p->tasks[1].lead.codes[0]))
					assert_false(plain_of(fx, f));
				if (f->kind == FINDING_STALE ||
				    f->kind == FINDING_TASK_DUE) {
					marked += plain_of(fx, f);
					unmarked += !plain_of(fx, f);
				}
			}
			cap_open(&cap);
			deadline_render_text(cap.f, &fx->found, 0);
			out = cap_close(&cap);
			for (line = out; *line; line = strchr(line, '\n') + 1) {
				size_t tabs = 0;
				const char *c;

				for (c = line; *c != '\n'; c++) {
					assert_true(*c != '\r' && *c != '\x1b');
					tabs += *c == '\t';
				}
				assert_int_equal(tabs, 5);
			}
			cap_free(&cap);
		}
		assert_true(marked > 0 && unmarked > 0);
	}
	p->depts[0].name = name;
	p->tasks[0].id = id;
	p->tasks[1].lead.codes[0] = code;
	/* A period's hostile name, in every stale finding's deadline. */
	for (size_t i = 0; i < p->n_periods; i++)
		p->periods[i].name = "6 tháng\tđầu năm";
	check(fx, "2026-05-13", 7, NULL);
	assert_true(count(fx, FINDING_STALE, NULL, NULL) > 0);
	for (size_t i = 0; i < fx->found.n; i++)
		if (finding_at(&fx->found, i)->kind == FINDING_STALE)
			assert_false(finding_at(&fx->found, i)->plain);
	for (size_t i = 0; i < p->n_periods; i++)
		p->periods[i].name = period_names[i];
}

static void test_status(void **state)
{
	struct finding items[2];
	struct finding_list l = { items, 0, 2, NULL, ARENA_INIT, NULL, NULL, 0 };

	(void)state;
	memset(items, 0, sizeof(items));
	assert_int_equal(deadline_status(&l), 0);
	items[0].severity = SEVERITY_WARN;
	l.n = 1;
	assert_int_equal(deadline_status(&l), 1);
	items[1].severity = SEVERITY_OVERDUE;
	l.n = 2;
	assert_int_equal(deadline_status(&l), 2);
	items[0].severity = SEVERITY_OVERDUE;
	items[1].severity = SEVERITY_WARN;
	assert_int_equal(deadline_status(&l), 2);
	assert_string_equal(finding_kind_name(FINDING_REPORT_DUE), "report-due");
	assert_string_equal(finding_kind_name(FINDING_CONSOLIDATED_DUE),
			    "consolidated-due");
	assert_string_equal(finding_kind_name(FINDING_TASK_DUE), "task-due");
	assert_string_equal(finding_kind_name(FINDING_STALE), "stale");
	assert_string_equal(finding_severity_name(SEVERITY_WARN), "warn");
	assert_string_equal(finding_severity_name(SEVERITY_OVERDUE), "overdue");
	finding_list_release(NULL);
	event_list_release(NULL);
}

/* ---- events ---- */

static void test_events(void **state)
{
	struct fx *fx = *state;
	struct event_list l;

	assert_int_equal(deadline_events(fx->plan, NULL, &l), 0);
	/* 2 periods x (4 departments + consolidated) + III.2. */
	assert_int_equal(l.n, 11);
	assert_int_equal(l.items[0].kind, EVENT_REPORT);
	assert_int_equal(l.items[0].day, D("2026-05-20"));
	assert_string_equal(l.items[0].dept, "KT");
	assert_string_equal(l.items[3].dept, "DVC");
	assert_int_equal(l.items[4].kind, EVENT_CONSOLIDATED);
	assert_int_equal(l.items[4].day, D("2026-05-21"));
	assert_int_equal(l.items[10].kind, EVENT_TASK);
	assert_string_equal(l.items[10].task->id, "III.2");
	event_list_release(&l);

	assert_int_equal(deadline_events(fx->plan, "KT", &l), 0);
	assert_int_equal(l.n, 5);
	event_list_release(&l);
	assert_int_equal(deadline_events(fx->plan, "HCC", &l), 0);
	assert_int_equal(l.n, 2);
	event_list_release(&l);
}

/* ---- iCalendar ---- */

/* Every physical line ends in CRLF, is at most 75 octets, never splits a
 * UTF-8 sequence, and continuation lines start with one space; unfolded,
 * the lines give back want. */
static void assert_folded(const char *out, const char *want)
{
	struct strbuf un = STRBUF_INIT;
	const char *p = out, *eol;

	while (*p) {
		size_t len;

		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		len = (size_t)(eol - p);
		assert_true(len <= 75);
		assert_true(utf8_valid(p, len, NULL));
		if (p != out) {
			assert_int_equal(p[0], ' ');
			strbuf_add(&un, p + 1, len - 1);
		} else {
			strbuf_add(&un, p, len);
		}
		p = eol + 2;
	}
	assert_string_equal(un.buf, want);
	strbuf_release(&un);
}

static void test_ics_fold(void **state)
{
	struct strbuf line = STRBUF_INIT;
	struct capture cap;
	const char *out;

	(void)state;
	/* Exactly 75 octets: one line. */
	for (int i = 0; i < 75; i++)
		strbuf_addch(&line, 'a');
	cap_open(&cap);
	ics_fold(cap.f, line.buf, line.len);
	out = cap_close(&cap);
	assert_int_equal(strlen(out), 77);
	assert_folded(out, line.buf);
	cap_free(&cap);

	/* 76: the 76th octet moves to a continuation line. */
	strbuf_addch(&line, 'b');
	cap_open(&cap);
	ics_fold(cap.f, line.buf, line.len);
	out = cap_close(&cap);
	assert_non_null(strstr(out, "a\r\n b\r\n"));
	assert_folded(out, line.buf);
	cap_free(&cap);

	/* Two- and three-octet characters across every possible cut. */
	for (int shift = 0; shift < 4; shift++) {
		strbuf_reset(&line);
		strbuf_addstr(&line, "SUMMARY:");
		for (int i = 0; i < shift; i++)
			strbuf_addch(&line, 'x');
		for (int i = 0; i < 30; i++)
			strbuf_addstr(&line, "Việt Khê ");
		cap_open(&cap);
		ics_fold(cap.f, line.buf, line.len);
		out = cap_close(&cap);
		assert_folded(out, line.buf);
		cap_free(&cap);
	}
	strbuf_release(&line);
}

static void test_ics_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct capture cap;
	const char *out;

	(void)state;
	ics_escape(&sb, "a,b;c\\d\ne\r\nf\rg\th\x01i");
	assert_string_equal(sb.buf, "a\\,b\\;c\\\\d\\ne\\nf\\ng\th" "i");
	strbuf_release(&sb);

	cap_open(&cap);
	ics_text(cap.f, "SUMMARY", "Hạn nộp báo cáo; Phòng Kinh tế, xã");
	ics_prop(cap.f, "DTSTART;VALUE=DATE", "20260520");
	out = cap_close(&cap);
	assert_string_equal(out, "SUMMARY:Hạn nộp báo cáo\\; Phòng Kinh tế\\, "
			    "xã\r\nDTSTART;VALUE=DATE:20260520\r\n");
	cap_free(&cap);
}

static void test_ics_calendar(void **state)
{
	struct fx *fx = *state;
	struct event_list l;
	struct capture cap;
	const char *out;
	size_t begins = 0;

	assert_int_equal(deadline_events(fx->plan, "KT", &l), 0);
	cap_open(&cap);
	deadline_render_ics(cap.f, fx->plan, &l, "KT");
	out = cap_close(&cap);
	assert_true(!strncmp(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37));
	assert_non_null(strstr(out, "\r\nUID:report-2026-h1-KT@plantrack\r\n"));
	assert_non_null(strstr(out, "\r\nUID:consolidated-2026-annual-KT@plantrack\r\n"));
	assert_non_null(strstr(out, "\r\nUID:task-2026-III.2-KT@plantrack\r\n"));
	assert_non_null(strstr(out, "\r\nDTSTAMP:20260101T000000Z\r\n"));
	assert_non_null(strstr(out, "\r\nDTSTART;VALUE=DATE:20261231\r\n"
				    "DTEND;VALUE=DATE:20270101\r\n"));
	assert_non_null(strstr(out, "\r\nTRIGGER:-P3D\r\n"));
	assert_non_null(strstr(out, "\r\nTRIGGER:-P1D\r\n"));
	for (const char *p = out; (p = strstr(p, "BEGIN:VEVENT")); p++)
		begins++;
	assert_int_equal(begins, 5);
	assert_true(strlen(out) > 2 &&
		    !strcmp(out + strlen(out) - 15, "END:VCALENDAR\r\n"));
	/* No line longer than 75 octets, even the plan's long title. */
	for (const char *p = out, *e; (e = strstr(p, "\r\n")); p = e + 2)
		assert_true(e - p <= 75);
	cap_free(&cap);
	event_list_release(&l);
}

/* ---- colour ---- */

static void test_color(void **state)
{
	enum color_when w = COLOR_NEVER;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(color_parse_when(NULL, &w), 0);
	assert_int_equal(w, COLOR_ALWAYS);
	assert_int_equal(color_parse_when("auto", &w), 0);
	assert_int_equal(w, COLOR_AUTO);
	assert_int_equal(color_parse_when("never", &w), 0);
	assert_int_equal(w, COLOR_NEVER);
	assert_int_equal(color_parse_when("yes", &w), -1);

	assert_true(color_decide(COLOR_AUTO, 1, NULL));
	assert_true(color_decide(COLOR_AUTO, 1, ""));
	assert_false(color_decide(COLOR_AUTO, 1, "1"));
	assert_false(color_decide(COLOR_AUTO, 0, NULL));
	assert_true(color_decide(COLOR_ALWAYS, 0, "1"));
	assert_false(color_decide(COLOR_NEVER, 1, NULL));

	assert_string_equal(color_start(0, COLOR_DONE), "");
	assert_string_equal(color_end(0, COLOR_DONE), "");
	assert_string_equal(color_start(1, COLOR_PLAIN), "");
	assert_string_equal(color_end(1, COLOR_PLAIN), "");
	assert_int_equal(color_of_status(0, STATUS_DONE), COLOR_MUTED);
	assert_int_equal(color_of_status(1, STATUS_NOT_STARTED), COLOR_MUTED);
	assert_int_equal(color_of_status(1, STATUS_IN_PROGRESS), COLOR_PROGRESS);
	assert_int_equal(color_of_status(1, STATUS_DONE), COLOR_DONE);

	/* Coloured text measures like plain text, so tables line up. */
	color_add(&sb, 1, COLOR_OVERDUE, "Đang thực hiện 50%");
	assert_string_equal(sb.buf, "\033[1;31mĐang thực hiện 50%\033[m");
	assert_int_equal(utf8_width(sb.buf), utf8_width("Đang thực hiện 50%"));
	assert_int_equal(utf8_prefix_fit(sb.buf, 3),
			 strlen("\033[1;31mĐan"));
	strbuf_reset(&sb);
	color_add(&sb, 0, COLOR_OVERDUE, "Đang");
	assert_string_equal(sb.buf, "Đang");
	strbuf_release(&sb);
}

/* The deadline's words end every message but a stale one's, written
 * here the long way: deadline_check keeps them per (day, days) in a
 * table of 256 slots, and a deadline 32 days after another shares the
 * other's slot. A lead's message is made only when it is asked for. */
static void assert_due_words(const struct fx *fx)
{
	char date[11], want[128], *got;
	size_t wl, gl;
	int days;

	for (size_t i = 0; i < fx->found.n; i++) {
		const struct finding *f = finding_at(&fx->found, i);

		/* A lead's finding keeps no message: it is made when it is
		 * asked for (what the words below come from). */
		assert_int_equal(f->lead != NULL, f->kind == FINDING_STALE ||
				 f->kind == FINDING_TASK_DUE);
		if (f->lead)
			assert_null(f->message);
		if (f->kind == FINDING_STALE)
			continue;
		date_format_vn(f->day, date);
		days = f->days;
		if (days > 0)
			snprintf(want, sizeof(want), "; due %s (%d day%s left)",
				 date, days, days == 1 ? "" : "s");
		else if (days == 0)
			snprintf(want, sizeof(want),
				 "; due %s (today is the last day)", date);
		else
			snprintf(want, sizeof(want),
				 "; due %s (%d day%s overdue)", date, -days,
				 days == -1 ? "" : "s");
		got = (char *)msg_of(fx, f);
		wl = strlen(want);
		gl = strlen(got);
		assert_true(gl > wl);
		assert_string_equal(got + gl - wl, want);
	}
}

static void test_due_words_cached(void **state)
{
	struct fx *fx = *state;
	pt_day h1;

	/* III.2 due 32 days after h1's department deadline, 20/05/2026. */
	h1 = D("2026-05-20");
	move_iii2(fx, "2026-06-21");
	for (pt_day today = h1 - 40; today < h1 + 80; today++) {
		struct deadline_query q = { today, 60, NULL };

		finding_list_release(&fx->found);
		fold_release(&fx->fold);
		assert_int_equal(state_fold(fx->st, fx->plan,
					    instant_end_of_day(today),
					    &fx->fold), 0);
		assert_int_equal(deadline_check(fx->plan, &fx->fold, &q,
						&fx->found), 0);
		assert_due_words(fx);
	}
	check(fx, "2026-05-19", 60, NULL);
	assert_non_null(find(fx, FINDING_TASK_DUE, "KT", "III.2"));
	assert_non_null(find(fx, FINDING_REPORT_DUE, "KT", "h1"));
}

/* deadline_field_plain against the slow path it stands for: a field is
 * plain only if it has no tab, newline or carriage return and
 * table_escape gives it back unchanged; and the text output is the same
 * either way. Random strings of the bytes and sequences that matter. */
static void test_field_plain_random(void **state)
{
	static const char *const bits[] = {
		"a", "Z", " ", "\\", "~", "\t", "\n", "\r", "\x1b", "\x7f",
		"\x01", "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc3\xa0",
		"\xcf\xbf", "\xd0\x96", "\xd8\x9c", "\xe1\xbb\x87",
		"\xe1\xba", "\xe1", "\xe2\x80\xae", "\xe2\x80\x8b",
		"\xe2\x80\xa8", "\xe2\x81\xa6", "\xe2\x82\xac", "\xed\x9f\xbf",
		"\xed\xa0\x80", "\xf0\x9f\x98\x80", "\x80", "\xbf", "\xff",
		"\xc3", "\xc3\xc3", "\xef\xbb\xbf", "ơ", "ư", "đ", "Ế",
	};
	const size_t nbits = sizeof(bits) / sizeof(bits[0]);
	unsigned seed = 12345;
	size_t n_plain = 0;

	(void)state;
	unsigned long n = test_rounds(20000);

	for (unsigned long round = 0; round < n; round++) {
		char s[256], field[256], want[1024];
		struct finding fd;
		struct finding_list l;
		struct capture cap;
		char *esc;
		size_t len = 0, k;
		int plain;

		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % 12;
		s[0] = '\0';
		while (k--) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly letters, so that plain strings come up. */
			const char *b = bits[(seed >> 16) % 4 ? (seed >> 8) %
					     nbits : (seed >> 8) % 5];

			if (len + strlen(b) >= sizeof(s))
				break;
			memcpy(s + len, b, strlen(b) + 1);
			len += strlen(b);
		}
		plain = deadline_field_plain(s);
		esc = table_escape(s, 0);
		assert_non_null(esc);
		if (plain) {
			n_plain++;
			assert_null(strpbrk(s, "\t\n\r"));
			assert_string_equal(esc, s);
		}
		free(esc);
		/* The slow path, as put_field had it. */
		memcpy(field, s, len + 1);
		for (char *c = field; *c; c++)
			if (*c == '\t' || *c == '\n' || *c == '\r')
				*c = ' ';
		esc = table_escape(field, 0);
		assert_non_null(esc);
		snprintf(want, sizeof(want), "2026-05-20\twarn\ttask-due\t%s\t"
			 "%s\t%s\n", esc, esc, esc);
		free(esc);
		memset(&fd, 0, sizeof(fd));
		memset(&l, 0, sizeof(l));
		fd.day = D("2026-05-20");
		fd.severity = SEVERITY_WARN;
		fd.kind = FINDING_TASK_DUE;
		fd.dept = s;
		fd.subject = s;
		fd.message = s;
		fd.message_len = strlen(s);
		l.items = &fd;
		l.n = 1;
		cap_open(&cap);
		deadline_render_text(cap.f, &l, 0);
		assert_string_equal(cap_close(&cap), want);
		cap_free(&cap);
	}
	/* Both sides were exercised. */
	assert_true(n_plain > n / 20 && n_plain < n - n / 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_before_window),
		T(test_first_day_of_window),
		T(test_on_deadline_day),
		T(test_day_after),
		T(test_submissions),
		T(test_within_zero),
		T(test_dept_filter),
		T(test_plain_marks),
		T(test_task_due),
		cmocka_unit_test_setup_teardown(test_task_overdue, setup,
						teardown_iii2),
		cmocka_unit_test_setup_teardown(test_task_overdue_until_annual,
						setup, teardown_iii2),
		T(test_task_done_in_time),
		cmocka_unit_test_setup_teardown(test_plan_end, setup,
						teardown_iii2),
		T(test_last_period_until_year_end),
		T(test_consolidated_sent),
		T(test_consolidated_sent_early),
		T(test_stale_first_period),
		T(test_lead_messages_every_id),
		T(test_stale_next_period),
		T(test_stale_after_submission),
		T(test_order),
		T(test_render_text),
		cmocka_unit_test(test_render_text_escapes),
		cmocka_unit_test(test_field_plain_random),
		cmocka_unit_test_setup_teardown(test_due_words_cached, setup,
						teardown_iii2),
		T(test_status),
		T(test_events),
		T(test_ics_fold),
		T(test_ics_escape),
		T(test_ics_calendar),
		T(test_color),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
