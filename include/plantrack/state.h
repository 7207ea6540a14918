/* state.h: what departments recorded, and the state it folds into.
 *
 * Each department's file DATA/departments/CODE/state.yaml holds every entry
 * that department recorded, oldest first (docs/state-format.md): task
 * updates, indicator values, report submissions, the texts of the
 * report's narrative sections. Nothing else is stored:
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
#include "plantrack/strbuf.h"

enum task_status {
	STATUS_NOT_STARTED,	/* Chưa thực hiện */
	STATUS_IN_PROGRESS,	/* Đang thực hiện */
	STATUS_DONE,		/* Đã hoàn thành */
};

enum entry_kind {
	ENTRY_TASK,		/* a department's update of a task */
	ENTRY_INDICATOR,	/* a measured indicator value for a period */
	ENTRY_SUBMIT,		/* a report for a period declared complete */
	ENTRY_SECTION,		/* a department's text of a report section */
};

/* The sections of a report that are prose a department writes for a
 * period (plantrack write; docs/report-document.md). Section III's three
 * parts are three sections: the consolidated report gathers each part
 * from every department under its own heading. Enum order is the
 * document's order. */
enum section_id {
	SECTION_DIRECTION,	/* I. Công tác chỉ đạo, triển khai, ... */
	SECTION_HIGHLIGHTS,	/* III.1. Kết quả nổi bật */
	SECTION_SHORTCOMINGS,	/* III.2. Tồn tại, hạn chế */
	SECTION_CAUSES,		/* III.3. Nguyên nhân */
	SECTION_OUTLOOK,	/* IV. Phương hướng, nhiệm vụ thời gian tới */
	SECTION_PROPOSALS,	/* V. Kiến nghị, đề xuất */
	N_SECTIONS
};

enum task_role {
	ROLE_LEAD,		/* status, progress, notes */
	ROLE_COORDINATING,	/* result notes only */
};

/* The optional fields an entry sets (bit set; schema.h's rows name
 * them). */
#define SET_STATUS	0x01u
#define SET_PROGRESS	0x02u
#define SET_RESULT	0x04u
#define SET_DIFFICULTY	0x08u
#define SET_PROPOSAL	0x10u
#define SET_NOTE	0x20u
#define SET_WITHDRAW	0x40u
#define SET_TEXT	0x80u

/* Fields in an order that leaves no holes: 152 bytes, not 176 (an
 * image of 100 000 tasks decodes about 450 000 of them). */
struct state_entry {
	enum entry_kind kind;
	int utc_offset;		/* seconds east of UTC, as written */
	time_t at;		/* when it was recorded */
	const char *user;	/* Unix user name at the time */
	long uid;
	const char *dept;	/* the department that recorded it */
	unsigned long line, col;	/* where it starts in its file */

	unsigned set;		/* SET_*: the optional fields present */

	/* ENTRY_TASK. Texts replace the previous; "" clears. */
	enum task_role role;
	const char *task;
	enum task_status status;
	int progress;		/* 0..100 */
	const char *result;	/* kết quả thực hiện */
	const char *difficulty;	/* khó khăn, vướng mắc */
	const char *proposal;	/* kiến nghị, đề xuất */

	/* ENTRY_INDICATOR, ENTRY_SUBMIT and ENTRY_SECTION */
	const char *period;
	/* ENTRY_INDICATOR */
	int indicator;
	/* ENTRY_SECTION. The text replaces the previous; "" clears. */
	enum section_id section;
	/* ENTRY_INDICATOR */
	double value;
	const char *note;	/* SET_NOTE; "" clears */
	/* ENTRY_SECTION */
	const char *text;
	bool commune;		/* the consolidator's text for the commune's
				 * (consolidated) report, not its own */
	/* ENTRY_SUBMIT */
	bool consolidated;	/* KT's consolidated report went upstream */
	bool withdraw;		/* SET_WITHDRAW: the report is taken back */
};

/* The most fields an entry type has (schema.h). */
#define STATE_MAX_FIELDS 8

struct schema_type;

/* What the entries of one subject (a department's task in one role, an
 * indicator's period) add up to: for each field of the type (schema.h
 * order), the entry that last set it (NULL: none did, or "" cleared
 * it); and the status and progress after the rule that keeps them
 * consistent. schema.h reads values out of it. */
struct state_current {
	const struct schema_type *type;
	const struct state_entry *src[STATE_MAX_FIELDS];
	enum task_status status;	/* STATUS_NOT_STARTED when none */
	int progress;			/* 0 when none */
	const struct state_entry *last;	/* the latest entry applied */
};

/* Empty: nothing recorded yet for a subject of entry kind k. */
void state_current_init(struct state_current *c, enum entry_kind k);
/* Applies e (an entry of c's subject): every REPLACE field e sets becomes
 * current ("" clears a clearable text), then the status rule, which keeps
 * "done" and 100 % the same thing and "not started" at 0 %:
 *   - e sets the status only: the progress follows it (done 100 %, not
 *     started 0 %; in progress keeps it, but 100 % becomes 99 %);
 *   - e sets the progress only: the status follows it (100 % is done,
 *     1-99 % on a task not started is in progress, less than 100 % on a
 *     done task reopens it as in progress);
 *   - e sets both and they disagree (files written before the rule): the
 *     progress wins, as above.
 * The command line refuses contradictions and writes both fields when
 * either changes, so its entries fold to exactly what it said. */
void state_current_apply(struct state_current *c, const struct state_entry *e);
/* The status rule alone: the consistent pair after an entry that sets
 * (set & (SET_STATUS | SET_PROGRESS)) status and progress on *status,
 * *progress. */
void state_status_rule(enum task_status *status, int *progress, unsigned set,
		       enum task_status new_status, int new_progress);

/* The entries of one department's file (file order, which is time
 * order), or of all of them (state_load_all: by time, ties in plan
 * department order, then file order). */
struct state {
	struct arena arena;
	struct state_entry *entries;
	size_t n;
	size_t alloc;
	/* state_load_all with STATE_SKIP_UNREADABLE: the departments whose
	 * file could not be read, in plan order; their entries are missing.
	 * Outputs say so (state_unreadable_notice). */
	const struct plan_dept **unreadable;
	size_t n_unreadable;
	/* Optional (the snapshot's, NULL otherwise), owned: for entries
	 * [0, n_hints), the positions in the plan they were decoded with
	 * of each entry's task (UINT32_MAX: none) and department. A hint
	 * is only a guess, taken by the fold when the plan's string at
	 * that position is the entry's very pointer. */
	struct state_hint *hints;
	size_t n_hints;
};

struct state_hint {
	unsigned task, dept;
	/* For a lead's entry, its lead slot (plan_lead_slot): taken when
	 * that slot's task id and department are the entry's very pointers
	 * and no lead of the task before it has its department. UINT_MAX:
	 * none. */
	unsigned slot;
};

/* An empty state (to append to), or NULL on ENOMEM. */
struct state *state_new(void);
/* Frees a state and everything it owns. NULL is fine. */
void state_free(struct state *st);

/* How far an entry's time may be ahead of the clock before the loader
 * calls it "in the future": clocks of a server and its NTP source may
 * disagree a little, but an entry from tomorrow was planted or made on
 * a wrong clock. docs/state-format.md. */
#define STATE_CLOCK_SKEW ((time_t)10 * 60)

/* Parses one department's state file (buf, as read) for department
 * dept_code, checking every entry against the schema (schema.h) and the
 * plan (known task, indicator, period; who may set what), and the
 * history itself: entries in chronological order, none later than
 * now + STATE_CLOCK_SKEW, plain user names. Errors go to errf as
 * "FILE:LINE:COL: message", all of them. Returns 0 and sets *out, or
 * EX_DATAERR (EX_OSERR when out of memory) with *out NULL. An empty
 * buffer, or one of only comments, is a state with no entries. */
int state_parse(const char *name, const char *buf, size_t len,
		const struct plan *plan, const char *dept_code, time_t now,
		FILE *errf, struct state **out);

/* state_load_all flags. */
#define STATE_SKIP_UNREADABLE 0x1u	/* readers: skip a department whose
					 * file cannot be read (after its
					 * errors and a warning) */

/* Loads every department's state file below datadir (missing files, or
 * a missing departments directory, are empty) into one state, entries
 * merged by time, checked as state_parse does at the clock's now. Every
 * file is read even after a bad one, so that all errors are reported.
 * A state.yaml that is not a regular file, cannot be read or does not
 * validate is "unreadable". Returns 0, or the first exit status
 * (EX_DATAERR for an unreadable file (a directory, a symlink, corrupt),
 * EX_IOERR, EX_NOPERM, EX_OSERR when out of memory). With
 * STATE_SKIP_UNREADABLE an unreadable department is listed in
 * (*out)->unreadable after a warning on stderr, and the result is 0
 * with the others' entries; the caller finishes its output and then
 * exits EX_DATAERR (state_unreadable_status). */
int state_load_all(const char *datadir, const struct plan *plan,
		   unsigned flags, FILE *errf, struct state **out);
/* The same, and the key of each department's file as it was read
 * (snapshot.h), one per plan department in plan order, when keys is not
 * NULL. */
struct snapshot_source;
int state_load_all_keyed(const char *datadir, const struct plan *plan,
			 unsigned flags, FILE *errf, struct state **out,
			 struct snapshot_source *keys);
/* EX_DATAERR when st lists unreadable departments and status is not an
 * error of its own (below 64: 0, or check's 1 and 2); else status. */
int state_unreadable_status(const struct state *st, int status);
/* The one spelling of "these departments' data could not be read", for
 * every output that shows recorded data: appended to sb without a final
 * newline. document: the official report's Vietnamese; otherwise the
 * interface language (_()). Nothing when n is 0. */
void state_unreadable_notice(struct strbuf *sb,
			     const struct plan_dept *const *depts, size_t n,
			     bool document);

/* The same as JSON: the key "unreadable_departments" and an array of
 * {"code", "name"} (empty when n is 0), in every JSON output that shows
 * recorded data. */
struct json_writer;
void state_unreadable_json(struct json_writer *w,
			   const struct plan_dept *const *depts, size_t n);

/* Appends a copy of e (strings copied into st's arena). Returns 0 or -1
 * on ENOMEM. */
int state_append(struct state *st, const struct state_entry *e);

/* Serialises st as a department's state file with libyaml's emitter
 * (correct quoting of any string), the fields of each entry in schema
 * order. *buf is malloc'd (caller frees). Returns 0 or -1. */
int state_emit(const struct state *st, const char *dept_code, char **buf,
	       size_t *len);

/* ---- folding ---- */

/* One lead department's view of one task at an instant. What only a
 * lead with entries has is apart, at its place cur among those leads:
 * its texts (fold_lead_texts) and its current values field by field,
 * which entry set each (fold_lead_cur). A slot is written for every lead
 * of the plan by every command (112 000 at 100 000 tasks), most of them
 * before anyone has reported: at 40 bytes rather than 80, 4.5 MB less
 * fresh memory a run. */
struct task_lead_state {
	const struct plan_task *task;
	const char *task_id;		/* task->id, kept here for the fold */
	const char *dept;
	bool reported;			/* any entry up to the instant */
	enum task_status status;	/* STATUS_NOT_STARTED when none */
	int progress;
	uint32_t cur;			/* its place among the leads that
					 * reported + 1; 0: none */
};

/* The texts of a lead with entries (fold_lead_texts). */
struct task_lead_texts {
	const char *result;		/* NULL when none */
	const char *difficulty;		/* the current one, NULL when none */
	const char *proposal;		/* likewise */
	time_t last_update;		/* its latest entry; 0 when none */
	const char *last_user;		/* who recorded that entry */
};

/* A coordinating department's current texts on a task it coordinates
 * (at least one of them set). */
struct task_note {
	const struct plan_task *task;
	const char *dept;
	const char *result;		/* NULL when none */
	const char *difficulty;
	const char *proposal;
	time_t at;			/* its latest entry */
	const char *user;		/* who recorded its latest entry */
	struct state_current cur;
};

struct indicator_value {
	const struct plan_indicator *indicator;
	const char *period;
	bool present;
	double value;
	const char *note;	/* NULL when none */
	time_t at;
};

struct submission {
	const char *dept;
	const char *period;
	bool consolidated;
	bool present;		/* submitted and not withdrawn */
	time_t first_at;	/* first submission since the last withdrawal */
	time_t last_at;		/* latest (re)submission */
};

/* A department's text of one section of its report for a period, or
 * the consolidator's text of the commune's report (commune). */
struct section_text {
	const char *period;
	const char *dept;	/* who writes it: a department, or for the
				 * commune's text the period's consolidator */
	bool commune;
	enum section_id section;
	const char *text;	/* NULL when none (never written, or cleared) */
	time_t at;		/* when the current text was recorded (0: none) */
	const char *user;	/* and by whom */
	struct state_current cur;
};

/* The fold of the entries recorded up to and including `until`. */
struct fold {
	const struct plan *plan;
	struct task_lead_state *leads;	/* one per (task, lead): plan_lead_slot */
	size_t n_leads;
	/* The current values of the leads that have entries, at their
	 * task_lead_state.cur: a lead without any has none to keep, and a
	 * bare fold keeps none at all (at 100 000 tasks, 88 bytes a lead
	 * were 10 MB of memory). fold_lead_cur. */
	struct state_current *lead_cur;
	size_t n_lead_cur;
	/* The texts of the leads that have entries, at their
	 * task_lead_state.cur, kept by a bare fold too (fold_lead_texts). */
	struct task_lead_texts *lead_texts;
	size_t n_lead_texts;
	struct task_note *notes;	/* coordinating departments, by task
					 * then time of their latest entry */
	size_t n_notes;
	struct indicator_value *values;	/* one per (indicator, period), plan order */
	size_t n_values;
	struct submission *subs;	/* one per (period, department) plus one
					 * consolidated per period: fold_submission */
	size_t n_subs;
	struct section_text *sections;	/* one per (period, department or the
					 * commune, section): fold_section */
	size_t n_sections;
	/* The state's unreadable departments (outputs say so). */
	const struct plan_dept *const *unreadable;
	size_t n_unreadable;
	/* Whether every entry was recorded by until (none was left out for
	 * its time), and the latest of them (0: none): a fold of the same
	 * state at any instant from latest on is this one (fold_covers). */
	bool whole;
	time_t latest;
	/* Made without entries (snapshot_fold): every cur is empty. Such a
	 * fold covers nothing (fold_covers), so a report folds anew. */
	bool bare;
};

/* Builds the fold; returns 0 or -1 (ENOMEM). Free with fold_release. */
int state_fold(const struct state *st, const struct plan *plan, time_t until,
	       struct fold *out);
void fold_release(struct fold *f);	/* NULL is fine */
/* Whether f, a fold of st (the caller knows it is), is also the fold of
 * st at until: it took every entry, and none is later than until. A
 * caller that has one need not fold again (report_options.fold). */
bool fold_covers(const struct fold *f, const struct plan *plan,
		 time_t until);

/* Lookups in a fold: NULL when the plan has no such item. */
const struct task_lead_state *fold_lead(const struct fold *f,
					const char *task_id, const char *dept);
/* fold_lead(f, t->id, t->lead.codes[j]) without looking t up: t is a
 * task of f's plan (else it is looked up by id), j < t->lead.n. */
const struct task_lead_state *fold_lead_at(const struct fold *f,
					   const struct plan_task *t,
					   size_t j);
/* plan_task_find(plan, e->task) for e = st->entries[i] (NULL when e
 * names no task of plan), through the entry's hint when it is right. */
const struct plan_task *state_entry_task(const struct state *st,
					 const struct plan *plan, size_t i);
/* fold_lead(f, e->task, e->dept) for e = st->entries[i], a lead's task
 * entry of f's state: through the entry's hint (state.h) when it is
 * right, without a lookup. */
const struct task_lead_state *fold_lead_of(const struct fold *f,
					   const struct state *st, size_t i);
/* The current values of l, a lead of f: which entry set each field (an
 * empty one, nothing set, in a bare fold). */
const struct state_current *fold_lead_cur(const struct fold *f,
					  const struct task_lead_state *l);
/* The texts of l, a lead of f: all NULL and 0 when it has no entries.
 * Never NULL. */
const struct task_lead_texts *fold_lead_texts(const struct fold *f,
					      const struct task_lead_state *l);
const struct submission *fold_submission(const struct fold *f,
					 const char *dept, const char *period,
					 bool consolidated);
const struct indicator_value *fold_value(const struct fold *f,
					 const struct plan_indicator *ind,
					 const char *period);
/* The text of section s of department dept's report for period (commune
 * false), or of the commune's report (commune true: dept is ignored; only
 * the period's consolidator writes it). NULL when the plan has no such
 * period or department. */
const struct section_text *fold_section(const struct fold *f,
					const char *period, const char *dept,
					bool commune, enum section_id s);

const char *task_status_name(enum task_status s);	/* "in_progress" */
const char *task_status_label(enum task_status s);	/* "Đang thực hiện" */
/* The status of a name or of the words people use for it ("Đang thực
 * hiện", "dang thuc hien", "in progress"): 0, or -1. */
int task_status_parse(const char *s, enum task_status *out);

/* The sections (schema.h's row "section"): "highlights"; its title
 * "Kết quả nổi bật"; its number in the report "III.1". "?" when s is
 * none. */
const char *section_name(enum section_id s);
const char *section_title(enum section_id s);
const char *section_number(enum section_id s);
/* A section from its name, its number ("III.1") or its Vietnamese words
 * ("kết quả nổi bật", "ket qua noi bat"): 0, or -1. */
int section_parse(const char *s, enum section_id *out);

#endif
