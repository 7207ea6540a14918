/* state.h: what departments recorded, and the state it folds into.
 *
 * Each department's file DATA/departments/CODE/state.yaml holds every entry
 * that department recorded, oldest first (docs/state-format.md): task
 * updates, indicator values, report submissions. Nothing else is stored:
 * the current state is the fold of all entries, the state on a past date
 * the fold of the entries up to it, the history the entries themselves.
 *
 * Ownership: a struct state owns its entries and their strings (arena);
 * free it with state_free(). Fold results point into the state and the
 * plan: keep both alive while using them.
 */
#ifndef PLANTRACK_STATE_H
#define PLANTRACK_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "plantrack/arena.h"
#include "plantrack/plan.h"

enum task_status {
	STATUS_NOT_STARTED,	/* Chưa thực hiện */
	STATUS_IN_PROGRESS,	/* Đang thực hiện */
	STATUS_DONE,		/* Đã hoàn thành */
};

enum entry_kind {
	ENTRY_TASK,		/* a department's update of a task */
	ENTRY_INDICATOR,	/* a measured indicator value for a period */
	ENTRY_SUBMIT,		/* a report for a period declared complete */
};

enum task_role {
	ROLE_LEAD,		/* status, progress, notes */
	ROLE_COORDINATING,	/* result notes only */
};

/* Fields an ENTRY_TASK sets (bit set). */
#define SET_STATUS	0x01u
#define SET_PROGRESS	0x02u
#define SET_RESULT	0x04u
#define SET_DIFFICULTY	0x08u
#define SET_PROPOSAL	0x10u

struct state_entry {
	enum entry_kind kind;
	time_t at;		/* when it was recorded */
	int utc_offset;		/* seconds east of UTC, as written */
	const char *user;	/* Unix user name at the time */
	long uid;
	const char *dept;	/* the department that recorded it */
	unsigned long line, col;	/* where it starts in its file */

	/* ENTRY_TASK */
	const char *task;
	enum task_role role;
	unsigned set;		/* SET_* */
	enum task_status status;
	int progress;		/* 0..100 */
	const char *result;	/* kết quả thực hiện (replaces the previous) */
	const char *difficulty;	/* khó khăn, vướng mắc (an event, not a state) */
	const char *proposal;	/* kiến nghị, đề xuất (likewise) */

	/* ENTRY_INDICATOR and ENTRY_SUBMIT */
	const char *period;
	/* ENTRY_INDICATOR */
	int indicator;
	double value;
	const char *note;	/* may be NULL */
	/* ENTRY_SUBMIT */
	bool consolidated;	/* KT's consolidated report went upstream */
};

/* The entries of one department's file (file order), or of all of them
 * (state_load_all: by time, ties in plan department order, then file
 * order). */
struct state {
	struct arena arena;
	struct state_entry *entries;
	size_t n;
	size_t alloc;
};

/* An empty state (to append to), or NULL on ENOMEM. */
struct state *state_new(void);
/* Frees a state and everything it owns. NULL is fine. */
void state_free(struct state *st);

/* Parses one department's state file (buf, as read) for department
 * dept_code, checking every entry against the plan (known task,
 * indicator, period, field ranges, roles). Entries stay in file order,
 * which need not be time order (clocks go backwards). Errors go to errf
 * as "FILE:LINE:COL: message", all of them. Returns 0 and sets *out, or
 * EX_DATAERR (EX_OSERR when out of memory). An empty buffer, or one of
 * only comments, is a state with no entries. */
int state_parse(const char *name, const char *buf, size_t len,
		const struct plan *plan, const char *dept_code, FILE *errf,
		struct state **out);

/* Loads every department's state file below datadir (missing files, or
 * a missing departments directory, are empty) into one state, entries
 * merged by time. Every file is read even after a bad one, so that all
 * errors are reported. Returns 0 or the first exit status (EX_DATAERR,
 * EX_IOERR, EX_NOPERM, EX_NOINPUT for a state.yaml that is not a regular
 * file, EX_OSERR when out of memory). */
int state_load_all(const char *datadir, const struct plan *plan, FILE *errf,
		   struct state **out);

/* Appends a copy of e (strings copied into st's arena). Returns 0 or -1
 * on ENOMEM. */
int state_append(struct state *st, const struct state_entry *e);

/* Serialises st as a department's state file with libyaml's emitter
 * (correct quoting of any string). *buf is malloc'd (caller frees).
 * Returns 0 or -1. */
int state_emit(const struct state *st, const char *dept_code, char **buf,
	       size_t *len);

/* ---- folding ---- */

/* One lead department's view of one task at an instant. */
struct task_lead_state {
	const struct plan_task *task;
	const char *dept;
	bool reported;			/* any entry up to the instant */
	enum task_status status;	/* STATUS_NOT_STARTED when none */
	int progress;
	const char *result;		/* NULL when none */
	time_t last_update;		/* 0 when none */
	const char *last_user;
};

/* A coordinating department's latest result note on a task. */
struct task_note {
	const struct plan_task *task;
	const char *dept;
	const char *result;
	time_t at;
};

struct indicator_value {
	const struct plan_indicator *indicator;
	const char *period;
	bool present;
	double value;
	const char *note;
	time_t at;
};

struct submission {
	const char *dept;
	const char *period;
	bool consolidated;
	bool present;
	time_t first_at;	/* first submission */
	time_t last_at;		/* latest (re)submission */
};

/* The fold of the entries recorded up to and including `until`. */
struct fold {
	struct task_lead_state *leads;	/* one per (task, lead), plan order */
	size_t n_leads;
	struct task_note *notes;	/* coordinating notes, by task then time */
	size_t n_notes;
	struct indicator_value *values;	/* one per (indicator, period), plan order */
	size_t n_values;
	struct submission *subs;	/* one per (department, period) plus one
					 * consolidated per period, plan order */
	size_t n_subs;
	/* Private to fold_lead: leads sorted by (task id, department). */
	const struct task_lead_state **lead_index;
};

/* Builds the fold; returns 0 or -1 (ENOMEM). Free with fold_release. */
int state_fold(const struct state *st, const struct plan *plan, time_t until,
	       struct fold *out);
void fold_release(struct fold *f);	/* NULL is fine */

const struct task_lead_state *fold_lead(const struct fold *f,
					const char *task_id, const char *dept);

const char *task_status_name(enum task_status s);	/* "in_progress" */
const char *task_status_label(enum task_status s);	/* "Đang thực hiện" */
int task_status_parse(const char *s, enum task_status *out);	/* 0 / -1 */

#endif
