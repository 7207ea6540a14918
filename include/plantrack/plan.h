/* plan.h: the plan model (read-only once loaded) and its queries.
 *
 * A plan comes from plan_load() (plan_load.h). Every string and array in it
 * belongs to the plan's arena: free the whole plan with plan_free(), never a
 * part. Strings are valid UTF-8 in NFC, exactly as written in the file.
 * Arrays are in file order.
 *
 * Every lookup goes through the plan's index (hash tables built once by
 * plan_index_build, which plan_load calls): a plan of 100 000 tasks answers
 * as fast as one of 25. A plan built by hand (tests) calls
 * plan_index_build once it is complete, and plan_index_release when done
 * (plan_free does that for a loaded plan).
 */
#ifndef PLANTRACK_PLAN_H
#define PLANTRACK_PLAN_H

#include <stddef.h>

#include "plantrack/arena.h"
#include "plantrack/date.h"

/* Who heads a department and signs its own report. */
struct plan_head {
	const char *title;	/* "TRƯỞNG PHÒNG"; NULL when the plan names none */
	const char *name;	/* "" when unknown: the report leaves the line
				 * to be written by hand */
};

/* A department: a unit whose staff use the tool. */
struct plan_dept {
	const char *code;	/* "KT": [A-Z][A-Z0-9_]*, unique among depts and parties */
	const char *name;	/* "Phòng Kinh tế" */
	const char *group;	/* Unix group of its staff, "plantrack-kt" */
	const char **aliases;	/* other spellings found in the source */
	size_t n_aliases;
	struct plan_head head;	/* optional (head.title NULL) */
};

enum party_kind {
	PARTY_ALL_DEPARTMENTS,	/* "Các Phòng, ban thuộc UBND xã": every department */
	PARTY_EXTERNAL,		/* "Các doanh nghiệp trên địa bàn": not a user */
};

/* A party that is not a department (coordinating or executing only). */
struct plan_party {
	const char *code;	/* "ALL", "DN" */
	const char *name;
	enum party_kind kind;
	const char **aliases;
	size_t n_aliases;
};

/* References to departments or parties, plus the source's own wording. */
struct plan_refs {
	const char **codes;	/* each a department or party code */
	size_t n;
	const char *text;	/* original wording; "" when the source is empty */
};

enum deadline_kind {
	DEADLINE_ONGOING,	/* "Thường xuyên" */
	DEADLINE_MAINTAINED,	/* "Duy trì thường xuyên" */
	DEADLINE_DATE,		/* "Năm 2026": due by the end of date */
};

struct plan_deadline {
	enum deadline_kind kind;
	pt_day date;		/* DEADLINE_DATE only, else PT_DAY_NONE */
	const char *text;	/* "Năm 2026" */
};

struct plan_group {
	const char *id;		/* "II" */
	const char *title;
};

/* snapshot.c's dec_plan sets every field of a task it decodes (its
 * array is not zeroed first). */
struct plan_task {
	const char *id;		/* "II.3", unique */
	const char *group;	/* id of an existing group */
	const char *description;
	struct plan_refs lead;		/* department codes only, n >= 1 */
	struct plan_refs coordinating;	/* may be empty */
	struct plan_deadline deadline;
};

enum target_op {
	TARGET_EQ,	/* "100": = 100 */
	TARGET_GE,	/* "Tối thiểu 80": >= 80 */
	TARGET_LE,	/* "Tối đa 5": <= 5 */
};

struct plan_indicator {
	int number;		/* 1-based, unique */
	const char *name;
	const char *unit;	/* "%" */
	enum target_op op;
	double target;
	const char *target_text;	/* "Tối thiểu 80" */
	struct plan_refs executing;
	const char *monitoring;		/* a department code */
	const char *monitoring_text;	/* "Trung tâm phục vụ hành chính công xã" */
};

/* A duty of the plan's Tổ chức thực hiện that departments report on in
 * section I of their reports (publicity, briefing the staff). */
struct plan_duty {
	int number;		/* 1-based, unique: its point in the source */
	const char *text;	/* verbatim */
	struct plan_refs lead;		/* who does it: departments or parties,
					 * n >= 1 */
	struct plan_refs coordinating;	/* may be empty */
};

struct plan_period {
	const char *id;		/* "h1", "annual" */
	const char *name;	/* "6 tháng đầu năm 2026" */
	pt_day start, end;	/* the span the report covers */
	pt_day department_due;	/* departments report to the consolidator */
	pt_day consolidated_due;	/* consolidated report due upstream */
	const char *consolidator;	/* department code, "KT" */
	const char *recipient;		/* "Sở Tài chính" */
};

struct plan_meta {
	const char *issuer;	/* "Ủy ban nhân dân xã Việt Khê" */
	const char *commune;	/* "xã Việt Khê" */
	const char *city;	/* "thành phố Hải Phòng" */
	const char *number;	/* "Số: /KH-UBND" as printed */
	const char *place_date;	/* "Việt Khê, ngày tháng 5 năm 2026" */
	const char *title;
	int year;
	const char **legal_bases;
	size_t n_legal_bases;
	const char *signer_name;
	const char *signer_title;	/* "PHÓ CHỦ TỊCH" */
	const char *signer_authority;	/* "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH" */
};

/* How the reports plantrack writes are issued (plan.yaml "reports"; not
 * in the source plan). Every member is NULL (0) when the plan has no
 * "reports": report_doc.h then says what stands in. */
struct plan_reports {
	const char *agency;	/* "ỦY BAN NHÂN DÂN\nXÃ VIỆT KHÊ": the issuer as
				 * printed in the header, line by line */
	const char *place;	/* địa danh: "Việt Khê" */
	const char *symbol;	/* ký hiệu of the consolidated report: "BC-UBND" */
	const char **recipients;	/* Nơi nhận of the consolidated report,
					 * lines as printed ("- Như trên;") */
	size_t n_recipients;
	const char **department_recipients;	/* of a department's report */
	size_t n_department_recipients;
};

struct plan_index;

struct plan {
	struct arena arena;	/* owns everything below */
	/* The file's bytes, owned, when its strings point into them
	 * (plan_load_adopt); NULL otherwise. */
	char *text;
	const char *path;	/* file it was loaded from */
	struct plan_meta meta;
	struct plan_dept *depts;
	size_t n_depts;
	struct plan_party *parties;
	size_t n_parties;
	struct plan_indicator *indicators;
	size_t n_indicators;
	struct plan_group *groups;
	size_t n_groups;
	struct plan_task *tasks;
	size_t n_tasks;
	struct plan_period *periods;
	size_t n_periods;
	struct plan_duty *duties;	/* may be empty */
	size_t n_duties;
	struct plan_reports reports;

	struct plan_index *index;	/* owned; NULL: lookups find nothing */
};

/* Builds p's index from its arrays (ids are unique in a loaded plan; a
 * duplicate resolves to the first). p->index must be NULL. Returns 0 or
 * -1 (errno ENOMEM). */
int plan_index_build(struct plan *p);
/* plan_index_build with the tasks' first lead slots already counted, as
 * a decoder that writes the tasks can while they are in its cache:
 * lead_first[i] the leads of the tasks before task i, n_tasks + 1 of
 * them, from mem_malloc_huge (arena.h). Taken over, also on failure;
 * NULL: counted here. */
int plan_index_build_with(struct plan *p, size_t *lead_first);
/* Frees p's index (NULL p or index is fine); plan_free calls it. */
void plan_index_release(struct plan *p);

/* Frees the plan and everything it owns. NULL is fine. */
void plan_free(struct plan *p);

/* Lookups return a pointer into the plan or NULL. Codes and ids match
 * exactly; plan_dept_resolve also accepts a case-insensitive code or an
 * alias/name (for user input). Positions in the arrays are pointer
 * differences (t - p->tasks). */
const struct plan_dept *plan_dept_find(const struct plan *p, const char *code);
const struct plan_dept *plan_dept_resolve(const struct plan *p, const char *s);
const struct plan_party *plan_party_find(const struct plan *p, const char *code);
const struct plan_group *plan_group_find(const struct plan *p, const char *id);
const struct plan_task *plan_task_find(const struct plan *p, const char *id);
/* Asks for the slot of the tasks' table where plan_task_find(p, id) will
 * look, without waiting for it, when the table is built (a hint: nothing
 * else). A loader that asks when it reads an id and looks it up a few
 * fields later finds it in the cache: at 100 000 tasks each lookup is a
 * cache miss otherwise. */
void plan_task_prefetch(const struct plan *p, const char *id);
/* plan_task_find's answer for a caller that asks once (the id on a
 * command line): through the tasks' table when it is built, else by a
 * scan, which reads what building the table would and writes nothing
 * (at 100 000 tasks, the table was a third of a warm show). */
const struct plan_task *plan_task_find_once(const struct plan *p,
					    const char *id);
const struct plan_indicator *plan_indicator_find(const struct plan *p, int number);
const struct plan_period *plan_period_find(const struct plan *p, const char *id);
/* Display name of a department or party code; the code itself if unknown. */
const char *plan_ref_name(const struct plan *p, const char *code);

/* The (task, lead department) pairs, numbered 0..plan_lead_count()-1 in
 * plan order (a task's leads in its order): the slot of department code
 * among task t's leads, or -1 when it does not lead t. */
size_t plan_lead_count(const struct plan *p);
long plan_lead_slot(const struct plan *p, const struct plan_task *t,
		    const char *code);
/* plan_lead_slot of department d (p's), through plan_dept_role's
 * tables. */
long plan_dept_lead_slot(const struct plan *p, const struct plan_task *t,
			 const struct plan_dept *d);
/* The first slot of task t (its leads follow). */
size_t plan_lead_first(const struct plan *p, const struct plan_task *t);

/* What department d is to task t (both p's): PLAN_LEADS, else
 * PLAN_COORDINATES (plan_task_coordinated_by's answer), else 0. The same
 * answers as those two functions, by positions in tables the first call
 * builds (a state file's loader asks it of every entry). */
#define PLAN_LEADS		1
#define PLAN_COORDINATES	2
int plan_dept_role(const struct plan *p, const struct plan_task *t,
		   const struct plan_dept *d);

/* Does department CODE lead the task? */
int plan_task_led_by(const struct plan_task *t, const char *code);
/* Is department CODE among the coordinators (directly or through a party
 * of kind PARTY_ALL_DEPARTMENTS)? A lead is not counted as coordinating. */
int plan_task_coordinated_by(const struct plan *p, const struct plan_task *t,
			     const char *code);

/* Do refs name department CODE, directly or through a party of kind
 * PARTY_ALL_DEPARTMENTS? */
int plan_refs_cover(const struct plan *p, const struct plan_refs *refs,
		    const char *code);

/* The period before this one by department deadline, or NULL. */
const struct plan_period *plan_period_prev(const struct plan *p,
					   const struct plan_period *pd);

/* Strings for enum values as used in the YAML and JSON: "ongoing",
 * "maintained", "date"; "=", ">=", "<="; "all_departments", "external". */
const char *deadline_kind_name(enum deadline_kind k);
const char *target_op_name(enum target_op op);
const char *party_kind_name(enum party_kind k);

#endif
