/* report.h: the consolidated report of a period (6 months, annual), as
 * known at the end of an as-of day.
 *
 * report_build() computes everything a report says: header, department
 * submissions, indicator verdicts (Phụ lục I), one row per (task, lead
 * department) with its flags and state (Phụ lục II), the coordinating
 * departments' contributions, summary counts, the difficulties and
 * proposals that stand at the end of the as-of day (each department's
 * current ones), and the texts of the prose sections (plantrack write).
 * The document (report_doc.h) and the data formats (render.h) only say
 * it.
 *
 * Rebuilt from the recorded entries, not from the current state: the
 * same data directory and the same as-of day give the same report
 * whenever it is printed.
 *
 * Ownership: a struct report owns its arrays (free with report_free);
 * every string and plan pointer in it points into the plan or the state
 * it was built from: keep both alive while using the report.
 */
#ifndef PLANTRACK_REPORT_H
#define PLANTRACK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/prefetch.h"
#include "plantrack/state.h"
#include "plantrack/textscan.h"

/* period and dept point into the plan given to report_build. */
struct report_options {
	const struct plan_period *period;	/* required */
	/* The day the report is as of; PT_DAY_NONE for the default: the
	 * period's department deadline once it has passed, else today. */
	pt_day as_of;
	time_t now;		/* the clock, for the default as-of day */
	const struct plan_dept *dept;	/* one department's report, or NULL */
	/* Only this task's rows, coordinating notes, difficulties and
	 * proposals (and counts of them), or NULL: `show` asks about one
	 * task and need not lay out the commune's. */
	const struct plan_task *task;
	/* A fold of the same state and plan the caller already has, or
	 * NULL: used instead of folding again when it is the fold at the
	 * report's instant (fold_covers: it took every entry, none later).
	 * `show` has folded the present. */
	const struct fold *fold;
};

/* A report to the consolidator (or the consolidated one upstream),
 * judged at the end of the as-of day. */
enum report_sub_status {
	SUB_ON_TIME,	/* Đúng hạn: first submission by the end of the due day */
	SUB_LATE,	/* Nộp muộn: first submission after the due day */
	SUB_MISSING,	/* Chưa nộp (quá hạn): none, and the due day is over */
	SUB_PENDING,	/* Chưa nộp: none yet, not due yet */
};

enum report_verdict {
	VERDICT_MET,		/* Đạt */
	VERDICT_NOT_MET,	/* Không đạt */
	VERDICT_NO_DATA,	/* Chưa có số liệu */
};

enum report_note_kind {
	NOTE_DIFFICULTY,	/* khó khăn, vướng mắc */
	NOTE_PROPOSAL,		/* kiến nghị, đề xuất */
};

struct report_submission {
	const struct plan_dept *dept;	/* the department that reports */
	bool consolidated;	/* the consolidator's report to the recipient */
	pt_day due;		/* department_due, or consolidated_due */
	bool submitted;		/* by the end of the as-of day */
	time_t submitted_at;	/* the first submission (0: none) */
	pt_day submitted_day;	/* its local day, PT_DAY_NONE: none */
	enum report_sub_status status;
};

struct report_indicator {
	const struct plan_indicator *indicator;
	bool present;		/* a value for the period was recorded */
	double value;
	const char *note;	/* may be NULL */
	time_t recorded_at;	/* 0: none */
	enum report_verdict verdict;
};

/* What a (task, lead) row counts as in the summary: exactly one of these
 * (report_row.state), decided in this order: done; overdue (a dated task
 * past its day); not reported (no lead update in the window); recurring
 * ("Thường xuyên" or "Duy trì thường xuyên", updated in the window: such
 * a task is carried out, it is never finished); in progress; not
 * started. Enum order is print order. */
enum report_state {
	STATE_DONE,		/* Đã hoàn thành */
	STATE_RECURRING,	/* Đang thực hiện thường xuyên */
	STATE_IN_PROGRESS,	/* Đang thực hiện */
	STATE_NOT_STARTED,	/* Chưa thực hiện */
	STATE_OVERDUE,		/* Quá hạn */
	STATE_NOT_REPORTED,	/* Chưa báo cáo */
	N_REPORT_STATES
};

/* A coordinating department's latest result on a task, up to the as-of
 * instant (fold.h's coordinating notes). */
struct report_coord {
	const struct plan_task *task;
	const struct plan_dept *dept;	/* who contributed */
	const char *text;
	time_t at;
	pt_day day;		/* local day */
};

/* One lead department's row of a task. */
struct report_row {
	const struct plan_task *task;
	const struct plan_group *group;
	const struct plan_dept *dept;	/* the lead department */
	size_t lead_index;	/* its place among the task's leads (0: first) */
	bool reported;		/* anything recorded up to the as-of instant */
	enum task_status status;
	int progress;		/* 0..100 */
	const char *result;	/* kết quả thực hiện, NULL: none */
	time_t last_update;	/* 0: none */
	pt_day last_update_day;	/* local day, PT_DAY_NONE: none */
	bool overdue;		/* Quá hạn: dated, past its day, not done */
	bool unreported;	/* Chưa báo cáo: not done, no update in this period's window */
	bool dated;		/* the task's deadline is a day */
	enum report_state state;	/* what the row counts as */
	/* The task's coordinating contributions: report.coords[coord_first
	 * .. coord_first + n_coords), the same for every lead of a task. */
	size_t coord_first, n_coords;
};

/* The rows of one group, consecutive in report.rows. */
struct report_group {
	const struct plan_group *group;
	size_t first, n;
};

struct report_counts {
	size_t rows;		/* (task, lead department) pairs */
	size_t tasks;		/* distinct tasks among them */
	size_t by_status[3];	/* indexed by enum task_status */
	size_t overdue;
	size_t unreported;
	int done_permille;	/* done / rows in tenths of a percent, rounded */
	size_t by_state[N_REPORT_STATES];	/* sums to rows */
	size_t dated;		/* rows of tasks with a dated deadline */
	size_t dated_done;	/* of those, done */
};

struct report_dept_summary {
	const struct plan_dept *dept;
	struct report_counts counts;
};

struct report_note {
	enum report_note_kind kind;
	const struct plan_task *task;
	const struct plan_dept *dept;	/* who recorded it */
	enum task_role role;	/* as lead or as coordinating department */
	time_t at;		/* when this text was recorded */
	pt_day day;		/* local day as recorded */
	const char *text;
	size_t entry;		/* position of its entry in the state */
};

/* A text of a prose section (plantrack write) as it stands at the end
 * of the as-of day: the commune's (the consolidator's words for the
 * consolidated report) or a department's. */
struct report_text {
	enum section_id section;
	const struct plan_dept *dept;	/* who wrote it */
	bool commune;		/* the commune's text, not the department's */
	const char *text;	/* as recorded: never NULL nor "" */
	time_t at;		/* when it was recorded */
	pt_day day;		/* its local day */
	const char *user;
};

struct report {
	const struct plan *plan;
	const struct plan_period *period;
	const struct plan_period *prev;	/* the period before, or NULL */
	const struct plan_dept *dept;	/* --dept, or NULL: the whole commune */
	const struct plan_task *task;	/* report_options.task */
	const struct plan_dept *consolidator;	/* NULL if not a department */
	pt_day as_of;
	time_t until;		/* entries at or before it count */
	bool until_now;		/* as of today: until is the clock, not 24:00 */
	/* The commune's own texts (the consolidator's, --commune) count up
	 * to here: Phòng Kinh tế writes them for the document after the
	 * departments' deadline, so without --as-of the clock, not until. */
	time_t commune_until;
	/* A (task, lead) is "not reported" without an update in
	 * (window_start, until]: the end of the previous period's department
	 * deadline, or the start of this period. */
	time_t window_start;

	struct report_submission *subs;	/* departments in plan order, then
					 * the consolidated report */
	size_t n_subs;
	struct report_indicator *indicators;	/* plan order */
	size_t n_indicators;
	struct report_row *rows;	/* group order, task order, lead order */
	size_t n_rows;
	struct report_group *groups;	/* groups with at least one row */
	size_t n_groups;
	struct report_counts total;
	struct report_dept_summary *depts;	/* plan order; one with --dept */
	size_t n_depts;
	struct report_note *notes;	/* difficulties then proposals, each by
					 * time (ties: recorded order) */
	size_t n_notes;
	size_t n_difficulties;	/* notes[0 .. n_difficulties) */
	/* Coordinating contributions by task (plan order), then time: on the
	 * tasks in rows, and with --dept also the department's own on tasks
	 * it does not lead. */
	struct report_coord *coords;
	size_t n_coords;
	/* The sections' texts, by section (enum order): in the consolidated
	 * report the commune's first, then each department's in plan order;
	 * with --dept that department's own only. Section s's texts are
	 * texts[text_first[s] .. text_first[s + 1]). */
	struct report_text *texts;
	size_t n_texts;
	size_t text_first[N_SECTIONS + 1];
	/* Departments whose data could not be read (the state's): every
	 * format says so (state_unreadable_notice, render_unreadable). */
	const struct plan_dept *const *unreadable;
	size_t n_unreadable;
};

/* Builds the report of opts->period from every entry of st. With
 * opts->dept: only the rows that department leads, its own submission,
 * the indicators it executes or monitors, its own difficulties and
 * proposals (as lead or coordinating department), its own texts.
 * Returns 0, or -1 with errno (ENOMEM; EINVAL for a missing period or an
 * unusable clock). */
int report_build(struct report *r, const struct plan *plan,
		 const struct state *st, const struct report_options *opts);
/* Frees what report_build allocated. NULL is fine; so is a report that
 * failed to build. */
void report_free(struct report *r);

/* How many rows or notes ahead of the one being written a renderer asks
 * for the texts of: far enough for memory to answer meanwhile. */
#define REPORT_AHEAD 8

/* Asks the processor for the texts of rows[i] (its result, its first
 * coordinating contributions) and of notes[i], when they exist: they lie
 * in the order they were recorded, not in the order a report reads them,
 * and at N = 100 000 waiting for each (a cache and TLB miss) was a fifth
 * of a warm CSV report. Only a hint; it changes nothing. */
PT_PREFETCHER void report_prefetch_row(const struct report *r, size_t i)
{
	const struct report_row *row;

	if (i >= r->n_rows)
		return;
	row = &r->rows[i];
	/* The task's id and deadline lie beside its description in the
	 * image, each a line of its own. */
	textfacts_prefetch(row->task->id);
	if (row->task->deadline.text)
		textfacts_prefetch(row->task->deadline.text);
	if (row->result)
		textfacts_prefetch(row->result);
	for (size_t k = 0; k < row->n_coords && k < 4; k++)
		__builtin_prefetch(r->coords[row->coord_first + k].text);
}

/* The lines of s after its first, up to max bytes of it, asked for when
 * s is one of the snapshot's strings, whose length its head gives (a
 * hint, which changes nothing): report_touch_tasks or
 * report_prefetch_row brought the first line, with the head, some rows
 * before; a renderer that copies the text then waited for each of the
 * others (a string elsewhere is left alone: its length would cost a
 * scan). */
PT_PREFETCHER void report_prefetch_text(const char *s, size_t max)
{
	size_t len;
	unsigned facts;

	if (s && textfacts_get(s, &len, &facts))
		for (size_t k = 64; k < len && k < max; k += 64)
			__builtin_prefetch(s + k);
}

/* report_prefetch_text of rows[i]'s description and result. */
PT_PREFETCHER void report_prefetch_row_texts(const struct report *r,
					    size_t i, size_t max)
{
	if (i < r->n_rows) {
		report_prefetch_text(r->rows[i].task->description, max);
		report_prefetch_text(r->rows[i].result, max);
	}
}

/* Rows whose tasks' descriptions a renderer reads ahead at once. */
#define REPORT_CHUNK 64

/* Reads the first byte of the texts of each row of [i, i +
 * REPORT_CHUNK) (its task's description, its result, its first
 * coordinating contributions) when i is the first of a chunk, so that the
 * processor waits for all of them at once: at N = 100 000, a row waited
 * for its description's first line as it was made (in a profile of a
 * warm text report, 15% of the time on the instruction reading it).
 * Prefetch instructions, a row at a time or a chunk at a time, changed
 * nothing measured on the machine of the analysis; loads the processor
 * can overlap did. (Those prefetches may never have been made: helpers
 * of prefetches alone were deleted by the compiler until PT_PREFETCHER,
 * prefetch.h.) Only reads; it changes nothing. */
static inline void report_touch_tasks(const struct report *r, size_t i)
{
	size_t end = i + REPORT_CHUNK < r->n_rows ? i + REPORT_CHUNK :
		     r->n_rows;
	unsigned char any = 0;

	if (i % REPORT_CHUNK)
		return;
	for (; i < end; i++) {
		const struct report_row *row = &r->rows[i];

		if (row->task->description)
			any |= (unsigned char)row->task->description[0];
		if (row->result)
			any |= (unsigned char)row->result[0];
		for (size_t k = 0; k < row->n_coords && k < 4; k++) {
			const char *s = r->coords[row->coord_first + k].text;

			if (s)
				any |= (unsigned char)s[0];
		}
	}
	/* Used, so that the reads are made. */
	__asm__ volatile("" : : "r"(any));
}

PT_PREFETCHER void report_prefetch_note(const struct report *r, size_t i)
{
	if (i < r->n_notes)
		__builtin_prefetch(r->notes[i].text);
}

/* Codes (JSON, CSV) and Vietnamese labels of the enums. */
const char *report_sub_status_name(enum report_sub_status s);	/* "on_time" */
const char *report_sub_status_label(enum report_sub_status s);	/* "Đúng hạn" */
const char *report_verdict_name(enum report_verdict v);	/* "met" */
const char *report_verdict_label(enum report_verdict v);	/* "Đạt" */
const char *report_note_kind_name(enum report_note_kind k);	/* "difficulty" */
const char *report_state_name(enum report_state s);	/* "recurring" */
/* "Đang thực hiện thường xuyên" */
const char *report_state_label(enum report_state s);

#endif
