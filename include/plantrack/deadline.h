/* deadline.h: which deadlines need attention on a given day (check), and
 * every deadline of the plan as calendar events (export).
 *
 * Pure computation over the plan and a fold: nothing here prints or reads
 * the clock. The caller chooses "today" and folds the state up to the end
 * of that day (instant_end_of_day), so a check "as of" a past day ignores
 * what was recorded after it.
 *
 * Ownership: findings and events point into the plan (codes, ids) and
 * into their list (messages); keep the plan alive while using them and
 * free a list with its release function (NULL is fine).
 */
#ifndef PLANTRACK_DEADLINE_H
#define PLANTRACK_DEADLINE_H

#include <stdio.h>

#include "plantrack/arena.h"
#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/state.h"

enum finding_severity {
	SEVERITY_WARN,		/* due within the window, today included */
	SEVERITY_OVERDUE,	/* due before today */
};

/* In the order findings on the same day are listed. */
enum finding_kind {
	FINDING_REPORT_DUE,		/* a department's period report */
	FINDING_CONSOLIDATED_DUE,	/* the consolidator's report upstream */
	FINDING_TASK_DUE,		/* a dated task not done */
	FINDING_STALE,			/* a task not updated this period */
};

struct finding {
	pt_day day;		/* the deadline concerned */
	int days;		/* day - today: negative when overdue */
	enum finding_severity severity;
	enum finding_kind kind;
	const char *dept;	/* department code */
	const char *subject;	/* task id, or period id */
	/* A lead's finding (task-due, stale): the lead, whose message is
	 * made when it is asked for (finding_message), not kept; at 100 000
	 * tasks the messages were 18 MB. NULL for a report's finding. */
	const struct task_lead_state *lead;
	/* A report's finding: its message, one line in the interface
	 * language (a lead's: NULL). */
	const char *message;
	union {
		/* A report's finding: strlen(message). */
		uint32_t message_len;
		/* A lead's: the day of its last update (stale). */
		pt_day lead_last;
	};
	/* Plan order, for sorting. Thirty-two bits each, as message_len,
	 * so that a finding is one 64-byte cache line: 100 000 of them are
	 * written, sorted and read (a plan of 2^32 tasks, or a message of
	 * 4 GB, is far beyond the files' cap of 128 MiB, yamlread.h). */
	uint32_t dept_rank, subject_rank;
	/* The department, the subject and the message are known to be
	 * fields deadline_render_text writes as they are
	 * (deadline_field_plain): every piece of them was (a lead's
	 * finding: see finding_message). */
	bool plain;
	/* A lead's finding: what its words depend on, copied from the lead
	 * when it was found, in order, so that writing the findings in
	 * their sorted order reads no lead (a cache miss a line at 100 000
	 * tasks): FINDING_LEAD_REPORTED, the status in the bits above
	 * it, and the progress (lead_last above). */
	uint8_t lead_bits;
	uint8_t lead_progress;
};

/* The findings' alignment (finding_list.items): a cache line each. */
#define FINDING_ALIGN		64
_Static_assert(sizeof(struct finding) == FINDING_ALIGN,
	       "a finding is one cache line");

#define FINDING_LEAD_REPORTED	0x01
#define FINDING_LEAD_STATUS_SHIFT 1

struct finding_list {
	/* In the order they were found; finding_at(l, i) is the i-th by
	 * day, kind, department, subject. */
	struct finding *items;
	size_t n;
	size_t alloc;
	/* Where the i-th finding in order is in items (owned), or NULL
	 * when items are in order: 112 000 findings of 64 bytes were moved
	 * into a fresh copy, which cost more than reading them in order. */
	uint32_t *order;
	struct arena arena;	/* the reports' findings' messages */
	/* What the leads' messages are made with (owned; the fold and the
	 * plan of deadline_check must outlive the list). */
	struct deadline_words *words;
	/* The fold's departments that could not be read: their findings
	 * are missing, and the outputs say so. */
	const struct plan_dept *const *unreadable;
	size_t n_unreadable;
};

struct deadline_query {
	pt_day today;
	int within;		/* days ahead that count as "due soon", >= 0 */
	const char *dept;	/* only this department's findings; NULL: all */
};

/* Fills out (zeroed first) with the findings of q against fold, which
 * must be the state folded at instant_end_of_day(q->today). Each kind
 * starts and stops as docs/cron.md says, so that a finding repeats only
 * while someone can still act on it:
 *
 *   report-due        a department has not submitted a period's report
 *                     and its department_due is in [today, today+within]
 *                     (warn) or before today (overdue); until the period's
 *                     consolidated report has been sent or today is past
 *                     deadline_report_last_day(p, pd, false);
 *   consolidated-due  the same for the consolidator and consolidated_due,
 *                     until deadline_report_last_day(p, pd, true);
 *   task-due          a lead of a task with a dated deadline is not done
 *                     and the date is in the window (warn) or past
 *                     (overdue); overdue only until the consolidated
 *                     report of the plan year's last period (latest
 *                     department_due) has been sent, and not after
 *                     deadline_plan_end();
 *   stale             the coming department deadline (the first period
 *                     whose department_due is today or later) is in the
 *                     window, and a lead has recorded nothing on a task
 *                     it has not finished since the end of the previous
 *                     period's department_due day (the start of the plan
 *                     year for the first period); not once it has
 *                     submitted that coming report, nor once the
 *                     consolidator has sent the consolidated one.
 *
 * With q->dept, only that department's findings (consolidated-due: the
 * consolidator's). Messages are in the interface language (_()).
 * Returns 0, or -1 when out of memory (out is then released). */
int deadline_check(const struct plan *p, const struct fold *fold,
		   const struct deadline_query *q, struct finding_list *out);
void finding_list_release(struct finding_list *l);

/* The i-th finding of l (i < l->n) by day, kind, department, subject. */
static inline const struct finding *finding_at(const struct finding_list *l,
					       size_t i)
{
	return &l->items[l->order ? l->order[i] : i];
}
/* fd's message (fd one of l's findings): kept, or for a lead's finding
 * made into a buffer of l that the next call reuses. *len (when not
 * NULL) is its length; *plain (when not NULL) says whether it and fd's
 * department and subject are plain (struct finding's plain). */
const char *finding_message(const struct finding_list *l,
			    const struct finding *fd, size_t *len,
			    bool *plain);

/* fd's message as pieces written one after the other make it: a lead's
 * message is most often the words before its task's id, the id and the
 * words after it, kept once for thousands of findings; any other is one
 * piece. Returns how many of part are set (1 or 3); they point into l,
 * fd or the plan, valid until the next call on l. *plain (when not NULL)
 * as finding_message's. */
struct finding_piece {
	const char *s;
	size_t len;
};

int finding_message_parts(const struct finding_list *l,
			  const struct finding *fd,
			  struct finding_piece part[3], bool *plain);

/* The last day of the plan year, after which check finds nothing: 31
 * December of the plan's year, or the end of its last period or its last
 * deadline when later. */
pt_day deadline_plan_end(const struct plan *p);

/* The last day on which a missing report of period pd (a department's,
 * or with consolidated the consolidated one) is a finding: the deadline
 * of the same kind of the next period (the one with the next later
 * department_due), after which that report takes over; for the last
 * period, deadline_plan_end(); never before pd's own deadline.
 * Submissions are not looked at: the caller's fold says whether the
 * report is still missing (and a sent consolidated report ends both). */
pt_day deadline_report_last_day(const struct plan *p,
				const struct plan_period *pd,
				bool consolidated);

/* Whether the lead ls (NULL: nothing reported) of a task with a dated
 * deadline is past it on today without being done. */
int deadline_lead_overdue(const struct plan_task *t,
			  const struct task_lead_state *ls, pt_day today);

/* The exit status of a check, after the monitoring-plugin convention:
 * 0 nothing found, 1 warnings only, 2 something overdue. */
int deadline_status(const struct finding_list *l);

/* "warn", "overdue"; "report-due", "consolidated-due", "task-due", "stale". */
const char *finding_severity_name(enum finding_severity s);
const char *finding_kind_name(enum finding_kind k);

/* Check output. Text: one line per finding, tab-separated: date
 * (YYYY-MM-DD), severity, kind, department, task or period, message;
 * nothing at all when there are no findings. With color, the severity
 * (only) is coloured. JSON: {"today", "within", "findings": [...]},
 * always a document (docs/json.md). */
void deadline_render_text(FILE *f, const struct finding_list *l, int color);
/* Whether s is a field deadline_render_text writes as it is, without a
 * tab, a newline or anything table_escape would change (a fast path of
 * the text output, public for its unit test). */
int deadline_field_plain(const char *s);
void deadline_render_json(FILE *f, const struct finding_list *l,
			  const struct deadline_query *q);

enum event_kind {
	EVENT_REPORT,		/* a department's report is due */
	EVENT_CONSOLIDATED,	/* the consolidated report is due upstream */
	EVENT_TASK,		/* a dated task is due, for one lead */
};

struct deadline_event {
	pt_day day;
	enum event_kind kind;
	const char *dept;
	const struct plan_period *period;	/* EVENT_REPORT, EVENT_CONSOLIDATED */
	const struct plan_task *task;		/* EVENT_TASK */
	size_t dept_rank, subject_rank;
};

struct event_list {
	struct deadline_event *items;	/* by day, kind, department, subject */
	size_t n;
};

/* Every deadline of the plan (for one department when dept is not NULL):
 * each department's report for each period, each period's consolidated
 * report (the consolidator's), each lead of each task with a dated
 * deadline. Returns 0, or -1 when out of memory. */
int deadline_events(const struct plan *p, const char *dept,
		    struct event_list *out);
void event_list_release(struct event_list *l);

/* Writes the events as an iCalendar file (RFC 5545): one all-day VEVENT
 * each with two display alarms (3 days and 1 day before). Output is a
 * function of the plan alone: UIDs are stable across exports and
 * DTSTAMP is the start of the plan year, so unchanged deadlines export
 * to identical bytes. */
void deadline_render_ics(FILE *f, const struct plan *p,
			 const struct event_list *l, const char *dept);

#endif
