/* report.c: the consolidated report of a period, computed from the
 * recorded entries as of the end of a day (report.h).
 *
 * Everything comes from one fold at the as-of instant (rows, verdicts,
 * submissions, the difficulties and proposals that stand) plus one walk
 * over the entries (the "not reported" window); lookups go through the
 * plan's index, so a large plan costs what the fold itself costs.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/date.h"
#include "plantrack/instant.h"
#include "plantrack/arena.h"
#include "plantrack/radix.h"
#include "plantrack/report.h"
#include "plantrack/schema.h"
#include "plantrack/split.h"

/* Zeroed; the rows of 100 000 tasks in huge pages, a fault per 2 MB. */
static void *alloc_array(size_t n, size_t size)
{
	return mem_calloc_huge(n, size);
}

/* Is department code among refs, directly or as "every department"? */
static int refs_include(const struct plan *p, const struct plan_refs *refs,
			const char *code)
{
	const struct plan_party *party;
	size_t i;
	int found = 0;

	for (i = 0; !found && i < refs->n; i++) {
		party = plan_party_find(p, refs->codes[i]);
		found = !strcmp(refs->codes[i], code) ||
			(party && party->kind == PARTY_ALL_DEPARTMENTS);
	}
	return found;
}

static int resolve_as_of(struct report *r, const struct report_options *o)
{
	pt_day today;
	int ret = -1;

	if (o->as_of != PT_DAY_NONE) {
		r->as_of = o->as_of;
		r->until = instant_end_of_day(o->as_of);
	} else {
		today = date_of_time(o->now);
		if (today == PT_DAY_NONE)
			goto out;
		/* Once the departments' deadline has passed, the report is
		 * what they had recorded by then, whenever it is printed. */
		if (today > r->period->department_due) {
			r->as_of = r->period->department_due;
			r->until = instant_end_of_day(r->as_of);
		} else {
			r->as_of = today;
			r->until = o->now;
			r->until_now = true;
		}
	}
	if (r->until == (time_t)-1)
		goto out;
	r->commune_until = o->as_of == PT_DAY_NONE && o->now > r->until ?
		o->now : r->until;
	/* The window ends at the previous deadline: an update made for the
	 * last report does not count as reporting for this one. */
	r->window_start = instant_end_of_day(r->prev ? r->prev->department_due
						     : r->period->start - 1);
	if (r->window_start == (time_t)-1)
		goto out;
	ret = 0;
out:
	if (ret)
		errno = EINVAL;
	return ret;
}

static void judge_submission(struct report_submission *s,
			     const struct submission *fs, pt_day as_of)
{
	time_t due_end = instant_end_of_day(s->due);

	s->submitted_day = PT_DAY_NONE;
	if (fs && fs->present) {
		s->submitted = true;
		s->submitted_at = fs->first_at;
		s->submitted_day = date_of_time(fs->first_at);
		/* A resubmission does not make a late report on time, nor
		 * an on-time one late: the first one counts. */
		s->status = fs->first_at <= due_end ? SUB_ON_TIME : SUB_LATE;
	} else {
		s->status = as_of > s->due ? SUB_MISSING : SUB_PENDING;
	}
}

static int build_submissions(struct report *r, const struct fold *f)
{
	const struct plan *p = r->plan;
	const struct plan_period *pd = r->period;
	size_t nd = p->n_depts, i;
	int ret = -1;

	r->subs = alloc_array(nd + 1, sizeof(*r->subs));
	if (!r->subs)
		goto out;
	for (i = 0; i < nd; i++) {
		struct report_submission *s = &r->subs[r->n_subs];

		if (r->dept && r->dept != &p->depts[i])
			continue;
		s->dept = &p->depts[i];
		s->due = pd->department_due;
		judge_submission(s, fold_submission(f, s->dept->code, pd->id,
						    false),
				 r->as_of);
		r->n_subs++;
	}
	/* One department's report is what it sends to the consolidator;
	 * the consolidated report belongs to the commune's. */
	if (!r->dept && r->consolidator) {
		struct report_submission *s = &r->subs[r->n_subs++];

		s->dept = r->consolidator;
		s->consolidated = true;
		s->due = pd->consolidated_due;
		judge_submission(s, fold_submission(f, s->dept->code, pd->id,
						    true),
				 r->as_of);
	}
	ret = 0;
out:
	return ret;
}

static int build_indicators(struct report *r, const struct fold *f)
{
	const struct plan *p = r->plan;
	size_t i;
	int ret = -1;

	r->indicators = alloc_array(p->n_indicators, sizeof(*r->indicators));
	if (!r->indicators)
		goto out;
	for (i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *ind = &p->indicators[i];
		const struct indicator_value *v =
			fold_value(f, ind, r->period->id);
		struct report_indicator *ri;
		bool met;

		if (r->dept && strcmp(ind->monitoring, r->dept->code) != 0 &&
		    !refs_include(p, &ind->executing, r->dept->code))
			continue;
		ri = &r->indicators[r->n_indicators++];
		ri->indicator = ind;
		ri->verdict = VERDICT_NO_DATA;
		if (!v || !v->present)
			continue;
		ri->present = true;
		ri->value = v->value;
		ri->note = v->note;
		ri->recorded_at = v->at;
		switch (ind->op) {
		case TARGET_GE:
			met = v->value >= ind->target;
			break;
		case TARGET_LE:
			met = v->value <= ind->target;
			break;
		case TARGET_EQ:
		default:
			/* Values are typed decimals: 100 is exactly 100. */
			met = v->value == ind->target;
			break;
		}
		ri->verdict = met ? VERDICT_MET : VERDICT_NOT_MET;
	}
	ret = 0;
out:
	return ret;
}

static void count_row(struct report_counts *c, const struct report_row *row,
		      bool new_task)
{
	c->rows++;
	c->tasks += new_task;
	if ((unsigned)row->status < 3)
		c->by_status[row->status]++;
	c->overdue += row->overdue;
	c->unreported += row->unreported;
	if ((unsigned)row->state < N_REPORT_STATES)
		c->by_state[row->state]++;
	/* Not the task's own: read after every row is made, each task
	 * was a cache miss again (a tenth of a warm CSV report). */
	if (row->dated) {
		c->dated++;
		c->dated_done += row->status == STATUS_DONE;
	}
}

/* The one thing a row counts as (report.h, enum report_state). */
static enum report_state row_state(const struct report_row *row)
{
	if (row->status == STATUS_DONE)
		return STATE_DONE;
	if (row->overdue)
		return STATE_OVERDUE;
	if (row->unreported)
		return STATE_NOT_REPORTED;
	if (!row->dated)
		return STATE_RECURRING;
	return row->status == STATUS_IN_PROGRESS ? STATE_IN_PROGRESS :
		STATE_NOT_STARTED;
}

/* The department of code. A fold's and a decoded image's codes are the
 * plan's own strings, of a handful of departments: compared as pointers
 * first (the first DEPT_BY_POINTER of them), which a quarter of a
 * million notes at 100 000 tasks find faster than by hashing the code. */
#define DEPT_BY_POINTER 16

static const struct plan_dept *dept_of(const struct plan *p, const char *code)
{
	for (size_t i = 0; i < p->n_depts && i < DEPT_BY_POINTER; i++)
		if (p->depts[i].code == code)
			return &p->depts[i];
	return plan_dept_find(p, code);
}

/* Whether t is one of p's tasks (pointers compared as numbers: C
 * orders only those into one array). */
static bool task_of(const struct plan *p, const struct plan_task *t)
{
	uintptr_t at = (uintptr_t)t - (uintptr_t)p->tasks;

	return t && (uintptr_t)t >= (uintptr_t)p->tasks &&
	       at / sizeof(*t) < p->n_tasks && !(at % sizeof(*t));
}

/* The tasks [*lo, *hi) of the plan a report reads: a one-task report's
 * (show's) is its task, else all. Arrays by task are of that range:
 * two of 100 000 tasks, zeroed and written, were a fifth of show. */
static void task_range(const struct report *r, size_t *lo, size_t *hi)
{
	const struct plan *p = r->plan;

	*lo = 0;
	*hi = p->n_tasks;
	if (task_of(p, r->task)) {
		*lo = (size_t)(r->task - p->tasks);
		*hi = *lo + 1;
	}
}

/* The fold's coordinating notes that the report shows, and where each
 * task's start: first[i - lo] for task i of task_range's [lo, hi),
 * hi - lo + 1 entries. */
static int build_coords(struct report *r, const struct fold *f,
			struct instant_zone *zone, size_t **first_out)
{
	const struct plan *p = r->plan;
	size_t *first = NULL, i, k = 0, lo, hi;
	int ret = -1;

	task_range(r, &lo, &hi);
	first = alloc_array(hi - lo + 1, sizeof(*first));
	r->coords = alloc_array(f->n_notes, sizeof(*r->coords));
	if (!first || !r->coords)
		goto out;
	/* fold notes come by task (plan order), then time. */
	for (i = 0; i < f->n_notes; i++) {
		const struct task_note *n = &f->notes[i];
		const struct plan_dept *d = dept_of(p, n->dept);
		size_t t = (size_t)(n->task - p->tasks);
		struct report_coord *c;

		/* A contribution is a result; a coordinating department's
		 * difficulties and proposals are the report's notes. */
		if (!d || t < lo || t >= hi || !n->result ||
		    (r->task && n->task != r->task))
			continue;
		if (r->dept && strcmp(n->dept, r->dept->code) != 0 &&
		    !plan_task_led_by(n->task, r->dept->code))
			continue;
		c = &r->coords[k++];
		c->task = n->task;
		c->dept = d;
		c->text = n->result;
		c->at = n->at;
		c->day = instant_day_in(zone, n->at);
		first[t - lo + 1]++;
	}
	r->n_coords = k;
	for (i = 0; i < hi - lo; i++)
		first[i + 1] += first[i];
	*first_out = first;
	first = NULL;
	ret = 0;
out:
	free(first);
	return ret;
}

static void finish_counts(struct report_counts *c)
{
	size_t done = c->by_status[STATUS_DONE];

	c->done_permille = c->rows ? (int)((done * 1000 + c->rows / 2) /
					   c->rows) : 0;
}

/* Rows of tasks [from, to) (indices into the plan) placed in r->rows
 * (rows_fill): each group's next free row in fill, bumped. */
struct rows_job {
	struct report *r;
	const struct fold *f;
	const size_t *coord_first, *task_group;
	size_t lo, ng;
	size_t *fill[2];		/* each half's, by group */
	struct instant_zone *zone[2];	/* each half's: a cache */
};

static void rows_fill(size_t from, size_t to, int half, void *arg)
{
	struct rows_job *j = arg;
	struct report *r = j->r;
	const struct plan *p = r->plan;
	const struct plan_dept *last_dept = NULL;
	const char *last_code = NULL;
	size_t *fill = j->fill[half];
	struct instant_zone *zone = j->zone[half];

	for (size_t i = j->lo + from; i < j->lo + to; i++) {
		const struct plan_task *t = &p->tasks[i];
		size_t tg = j->task_group[i - j->lo];

		if (tg == j->ng)
			continue;
		for (size_t k = 0; k < t->lead.n; k++) {
			const struct task_lead_state *l;
			const struct task_lead_texts *tx;
			const struct plan_dept *d;
			struct report_row *row;

			if (r->dept &&
			    strcmp(t->lead.codes[k], r->dept->code) != 0)
				continue;
			l = fold_lead_at(j->f, t, k);
			/* Codes are the plan's strings, the same few again
			 * and again: the last one found is kept. */
			if (t->lead.codes[k] != last_code) {
				last_code = t->lead.codes[k];
				last_dept = plan_dept_find(p, last_code);
			}
			d = last_dept;
			if (!l || !d)
				continue;
			row = &r->rows[fill[tg]++];
			row->task = t;
			row->group = &p->groups[tg];
			row->dept = d;
			row->lead_index = k;
			row->reported = l->reported;
			row->status = l->status;
			row->progress = l->progress;
			tx = fold_lead_texts(j->f, l);
			row->result = tx->result;
			row->last_update = tx->last_update;
			row->last_update_day = tx->last_update ?
				instant_day_in(zone, tx->last_update) :
				PT_DAY_NONE;
			row->dated = t->deadline.kind == DEADLINE_DATE;
			row->overdue = row->dated &&
				t->deadline.date < r->as_of &&
				l->status != STATUS_DONE;
			/* A finished task has nothing more to report: the
			 * same rule as check's stale finding. The fold holds
			 * the entries up to r->until, in time order: the
			 * lead updated in the window when its last update
			 * is in it, which needs no sweep of the entries. */
			row->unreported = !(l->reported &&
					    tx->last_update > r->window_start) &&
				l->status != STATUS_DONE;
			row->state = row_state(row);
			row->coord_first = j->coord_first[i - j->lo];
			row->n_coords = j->coord_first[i - j->lo + 1] -
				j->coord_first[i - j->lo];
		}
	}
}

/* Below this many tasks, the rows are placed on one thread. */
#define ROWS_SPLIT_MIN 4096

static int build_rows(struct report *r, const struct fold *f,
		      struct instant_zone *zone, const size_t *coord_first)
{
	const struct plan *p = r->plan;
	const struct plan_group *grp = NULL;
	size_t *start = NULL, *fill = NULL, *task_group = NULL;
	size_t i, j, g, ng = p->n_groups, pos, lo, hi, mid;
	struct instant_zone *zone2 = NULL;
	struct rows_job job;
	int ret = -1;

	task_range(r, &lo, &hi);
	mid = lo + (hi - lo) / 2;
	start = alloc_array(ng + 1, sizeof(*start));
	/* Each group's next free row for the tasks before mid, then for
	 * those from mid on, which are placed after them, then where the
	 * latter start. */
	fill = alloc_array(3 * ng + 1, sizeof(*fill));
	task_group = alloc_array(hi - lo, sizeof(*task_group));
	r->groups = alloc_array(ng, sizeof(*r->groups));
	r->depts = alloc_array(p->n_depts, sizeof(*r->depts));
	zone2 = malloc(sizeof(*zone2));
	if (!start || !fill || !task_group || !r->groups || !r->depts ||
	    !zone2)
		goto out;
	instant_zone_init(zone2);

	/* Rows by group (plan order of groups), then task, then lead: a
	 * counting sort, since tasks of a group need not be adjacent. */
	for (i = lo; i < hi; i++) {
		const struct plan_task *t = &p->tasks[i];

		/* Tasks of a group mostly follow each other: the same
		 * string, found once. */
		if (i == lo || t->group != p->tasks[i - 1].group)
			grp = plan_group_find(p, t->group);
		/* The loader guarantees the group; a hand-made plan that
		 * breaks it gets its tasks in no group, not a crash. */
		pos = grp && (!r->task || t == r->task) ?
			(size_t)(grp - p->groups) : ng;
		task_group[i - lo] = pos;
		if (pos == ng)
			continue;
		for (j = 0; j < t->lead.n; j++)
			if (!r->dept ||
			    !strcmp(t->lead.codes[j], r->dept->code)) {
				start[pos + 1]++;
				if (i < mid)
					fill[ng + pos]++;
			}
	}
	for (g = 0; g < ng; g++) {
		start[g + 1] += start[g];
		fill[g] = start[g];
		fill[ng + g] += start[g];
		fill[2 * ng + g] = fill[ng + g];
	}
	/* As many as counted, not a row per lead slot: one task's report
	 * (show) has a few, and zeroed huge pages for 100 000 tasks' were
	 * most of its time. */
	r->rows = alloc_array(start[ng] ? start[ng] : 1, sizeof(*r->rows));
	if (!r->rows)
		goto out;
	/* The two halves of the tasks at once (a plan-heavy report of
	 * 100 000 tasks placed its rows on one core for 10 ms while the
	 * other, with no notes to gather, waited). */
	job = (struct rows_job){ r, f, coord_first, task_group, lo, ng,
				 { fill, fill + ng }, { zone, zone2 } };
	split_halves(hi - lo, ROWS_SPLIT_MIN, rows_fill, &job);
	/* Rows a fold could not place (none in a loaded plan) leave gaps
	 * only at the end of a half's part of a group: close them up. The
	 * rows only move down, each part after the one before. */
	r->n_rows = 0;
	for (g = 0; g < ng; g++) {
		/* The first half's part from the group's start, the
		 * second's from where the first half's count ended. */
		const size_t part[2][2] = {
			{ start[g], fill[g] },
			{ fill[2 * ng + g], fill[ng + g] },
		};
		size_t n = 0;

		for (j = 0; j < 2; j++) {
			size_t k = part[j][1] - part[j][0];

			if (k && r->n_rows + n != part[j][0])
				memmove(&r->rows[r->n_rows + n],
					&r->rows[part[j][0]],
					k * sizeof(*r->rows));
			n += k;
		}
		if (!n)
			continue;
		r->groups[r->n_groups].group = &p->groups[g];
		r->groups[r->n_groups].first = r->n_rows;
		r->groups[r->n_groups].n = n;
		r->n_groups++;
		r->n_rows += n;
	}

	for (i = 0; i < p->n_depts; i++) {
		if (r->dept && r->dept != &p->depts[i])
			continue;
		r->depts[r->n_depts++].dept = &p->depts[i];
	}
	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];
		/* r->depts is the plan's departments, or the one of --dept. */
		size_t k = r->dept ? 0 : (size_t)(row->dept - p->depts);

		count_row(&r->total, row,
			  !i || r->rows[i - 1].task != row->task);
		/* A department leads a task once: each of its rows is a
		 * task. */
		count_row(&r->depts[k].counts, row, true);
	}
	finish_counts(&r->total);
	for (j = 0; j < r->n_depts; j++)
		finish_counts(&r->depts[j].counts);
	ret = 0;
out:
	free(start);
	free(fill);
	free(task_group);
	free(zone2);
	return ret;
}

static int note_cmp(const void *a, const void *b)
{
	const struct report_note *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* qsort is not stable: same instant, recorded order. */
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* note_cmp's order packed into 64 bits: kind (4), the instant (32 bits
 * of seconds since 1970: to the year 2106; one before 1970 does not
 * fit), the entry (28). */
#define NOTE_KIND_BITS	4
#define NOTE_AT_BITS	32
#define NOTE_ENTRY_BITS	28

/* A note's key (radix_key_fn). */
static int note_key(const void *item, void *ctx, uint64_t *key)
{
	const struct report_note *x = item;
	uint64_t at = (uint64_t)x->at;

	(void)ctx;
	if ((unsigned)x->kind >> NOTE_KIND_BITS || x->at < 0 ||
	    at >> NOTE_AT_BITS || (uint64_t)x->entry >> NOTE_ENTRY_BITS)
		return -1;
	*key = (uint64_t)x->kind << (NOTE_AT_BITS + NOTE_ENTRY_BITS) |
	       at << NOTE_ENTRY_BITS | (uint64_t)x->entry;
	return 0;
}

/* A note's key by its kind and entry alone (radix_key_fn): the order of
 * note_key when the entries are in time order, as loaded (state.h) and
 * decoded, which build_notes checks after sorting by it. Two passes of
 * the radix sort, not four. */
static int note_entry_key(const void *item, void *ctx, uint64_t *key)
{
	const struct report_note *x = item;

	(void)ctx;
	if ((unsigned)x->kind >> NOTE_KIND_BITS ||
	    (uint64_t)x->entry >> NOTE_ENTRY_BITS)
		return -1;
	*key = (uint64_t)x->kind << NOTE_ENTRY_BITS | (uint64_t)x->entry;
	return 0;
}

/* Whether notes[0..n), sorted by note_entry_key, are in note_cmp's
 * order: within a kind, no instant before the one before it. */
static bool notes_in_time(const struct report_note *notes, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (notes[i].kind == notes[i - 1].kind &&
		    notes[i].at < notes[i - 1].at)
			return false;
	return true;
}

/* Notes being gathered: an array of their own, grown as needed. */
struct note_list {
	struct report_note *v;
	size_t n, alloc;
};

static int add_note(const struct report *r, struct note_list *l,
		    enum report_note_kind kind, const struct state *st,
		    const struct state_entry *e, const struct plan_task *t,
		    enum task_role role, const char *text)
{
	struct report_note *n;
	const struct plan_dept *d = dept_of(r->plan, e->dept);
	size_t a;
	int ret = -1;

	if (!d) {
		ret = 0;	/* added by hand (state_append): not trusted */
		goto out;
	}
	if (l->n == l->alloc) {
		a = l->alloc < 16 ? 16 : l->alloc / 2 * 3;
		/* ENOMEM, also when a * size overflows. */
		n = mem_realloc_huge(l->v, a, sizeof(*n));
		if (!n)
			goto out;
		l->v = n;
		l->alloc = a;
	}
	n = &l->v[l->n++];
	n->kind = kind;
	n->task = t;
	n->dept = d;
	n->role = role;
	n->at = e->at;
	n->day = instant_day(e->at, e->utc_offset);
	n->text = text;
	n->entry = (size_t)(e - st->entries);
	ret = 0;
out:
	return ret;
}

/* The texts a note is made of, in note kind order, and their fields
 * (looked up once per report: by name per slot cost a tenth of a CSV
 * report). */
static const struct {
	const char *key;
	enum report_note_kind kind;
} note_texts[] = {
	{ "difficulty", NOTE_DIFFICULTY }, { "proposal", NOTE_PROPOSAL },
};
#define N_NOTE_TEXTS (sizeof(note_texts) / sizeof(note_texts[0]))

/* A department's current difficulty and proposal on a task (c), when
 * the report covers that department. fields: note_texts' fields. */
static int add_current(const struct report *r, struct note_list *l,
		       const struct state *st, const struct state_current *c,
		       const struct plan_task *t, const char *dept,
		       enum task_role role,
		       const struct schema_field *const *fields)
{
	size_t i;
	int ret = 0;

	if ((r->dept && strcmp(dept, r->dept->code) != 0) ||
	    (r->task && t != r->task))
		goto out;
	for (i = 0; !ret && i < N_NOTE_TEXTS; i++) {
		const struct state_entry *e = state_current_src(c, fields[i]);
		const char *text = e ? schema_get_str(e, fields[i]) : NULL;

		/* A fold never points at a text it took back (""), but an
		 * image whose checksum its writer made right again may
		 * point at any entry: its text may be none at all. */
		if (text && *text)
			ret = add_note(r, l, note_texts[i].kind, st, e, t,
				       role, text);
	}
out:
	return ret;
}

/* The entries of c's texts (fields: note_texts') asked of the memory
 * ahead of their turn: entries are in time order, lead slots in plan
 * order, so each text that stands is an entry far from the last, two
 * cache lines (its instant and department, and its texts) that would
 * otherwise be waited for one after the other. */
#define NOTES_AHEAD 8

PT_PREFETCHER void fetch_texts(const struct state_current *c,
			      const struct schema_field *const *fields)
{
	for (size_t i = 0; i < N_NOTE_TEXTS; i++) {
		const struct state_entry *e = state_current_src(c, fields[i]);

		if (e) {
			__builtin_prefetch(e);
			__builtin_prefetch((const char *)e + 64);
			__builtin_prefetch((const char *)e + 128);
		}
	}
}

/* From this many lead slots and notes, the notes' room is made at once. */
#define NOTES_ROOM_MIN 4096

/* The lead slots [*lo, *hi) of f a report reads: a one-task report's
 * (show's) are its task's, else every slot. */
static void lead_range(const struct report *r, const struct fold *f,
		       size_t *lo, size_t *hi)
{
	const struct plan *p = r->plan;
	const struct plan_task *t = r->task;

	*lo = 0;
	*hi = f->n_leads;
	/* Only a task of f's plan has its slots there. */
	if (f->plan != p || !p->index || !task_of(p, t))
		return;
	*lo = plan_lead_first(p, t);
	if (*lo > f->n_leads)
		*lo = f->n_leads;
	*hi = t->lead.n < f->n_leads - *lo ? *lo + t->lead.n : f->n_leads;
}

/* The difficulties and proposals that stand at the end of the as-of
 * day: each department's current ones (a later one replaces, "" takes
 * one back), from the fold. */
static int build_notes(struct report *r, const struct state *st,
		       const struct fold *f)
{
	const struct schema_type *tt = schema_type_of(ENTRY_TASK);
	const struct schema_field *fields[N_NOTE_TEXTS];
	struct note_list l = { NULL, 0, 0 };
	size_t i, lo, hi;
	int ret = -1;

	for (i = 0; i < N_NOTE_TEXTS; i++)
		fields[i] = schema_field(tt, note_texts[i].key);
	lead_range(r, f, &lo, &hi);
	/* Room for as many as there could be, each slot's and note's texts:
	 * pages never written cost nothing, and grown, the list was copied
	 * and faulted 4 KB at a time until it was large. */
	if (hi - lo + f->n_notes >= NOTES_ROOM_MIN &&
	    hi - lo + f->n_notes < SIZE_MAX / N_NOTE_TEXTS) {
		l.alloc = (hi - lo + f->n_notes) * N_NOTE_TEXTS;
		l.v = mem_calloc_huge(l.alloc, sizeof(*l.v));
		if (!l.v)
			goto out;
	}
	for (i = lo; i < hi; i++) {
		if (i + NOTES_AHEAD < hi)
			fetch_texts(fold_lead_cur(f, &f->leads[i + NOTES_AHEAD]),
				    fields);
		if (add_current(r, &l, st, fold_lead_cur(f, &f->leads[i]),
				f->leads[i].task, f->leads[i].dept, ROLE_LEAD,
				fields))
			goto out;
	}
	for (i = 0; i < f->n_notes; i++) {
		if (i + NOTES_AHEAD < f->n_notes)
			fetch_texts(&f->notes[i + NOTES_AHEAD].cur, fields);
		if (add_current(r, &l, st, &f->notes[i].cur, f->notes[i].task,
				f->notes[i].dept, ROLE_COORDINATING, fields))
			goto out;
	}
	r->notes = l.v;
	r->n_notes = l.n;
	l.v = NULL;
	/* By a radix sort of their keys (a report of 100 000 tasks has
	 * hundreds of thousands of notes): by kind and entry, which is by
	 * kind and time when the entries are in time order, else by kind,
	 * time and entry; qsort when a key does not fit. */
	if (r->n_notes > 1 &&
	    (radix_order(r->notes, r->n_notes, sizeof(*r->notes),
			 note_entry_key, NULL) ||
	     !notes_in_time(r->notes, r->n_notes)) &&
	    radix_order(r->notes, r->n_notes, sizeof(*r->notes), note_key,
			NULL))
		qsort(r->notes, r->n_notes, sizeof(*r->notes), note_cmp);
	for (i = 0; i < r->n_notes; i++)
		if (r->notes[i].kind == NOTE_DIFFICULTY)
			r->n_difficulties++;
	ret = 0;
out:
	free(l.v);
	return ret;
}

/* The commune's text of section s that stands at r->commune_until: the
 * consolidator's last --commune entry for the period, or NULL (none, or
 * cleared). Read off the entries, as the fold stops at r->until. */
static const struct state_entry *commune_text(const struct report *r,
					      const struct state *st,
					      enum section_id s)
{
	const struct state_entry *best = NULL;

	for (size_t i = 0; r->consolidator && i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];

		if (e->kind != ENTRY_SECTION || !e->commune || e->section != s ||
		    e->at > r->commune_until || !(e->set & SET_TEXT) ||
		    (best && e->at < best->at) ||
		    plan_period_find(r->plan, e->period) != r->period ||
		    plan_dept_find(r->plan, e->dept) != r->consolidator)
			continue;
		best = e;
	}
	return best && best->text && *best->text ? best : NULL;
}

/* The sections' texts that stand at the as-of instant, from the fold:
 * per section the commune's first (consolidated report only), then the
 * departments' in plan order. */
static int build_texts(struct report *r, const struct state *st,
		       const struct fold *f)
{
	const struct plan *p = r->plan;
	size_t i, k = 0;
	int s, ret = -1;

	r->texts = alloc_array(N_SECTIONS * (p->n_depts + 1),
			       sizeof(*r->texts));
	if (!r->texts)
		goto out;
	for (s = 0; s < N_SECTIONS; s++) {
		r->text_first[s] = k;
		/* i == n_depts: the commune's, before the departments'. */
		for (i = 0; i <= p->n_depts; i++) {
			size_t d = i ? i - 1 : p->n_depts;
			const struct section_text *t;
			struct report_text *rt;

			if (r->dept && (d == p->n_depts ||
					&p->depts[d] != r->dept))
				continue;
			if (d == p->n_depts &&
			    r->commune_until != r->until) {
				const struct state_entry *e =
					commune_text(r, st, (enum section_id)s);

				if (!e)
					continue;
				rt = &r->texts[k++];
				rt->section = (enum section_id)s;
				rt->dept = r->consolidator;
				rt->commune = true;
				rt->text = e->text;
				rt->at = e->at;
				rt->day = date_of_time(e->at);
				rt->user = e->user;
				continue;
			}
			t = fold_section(f, r->period->id, d < p->n_depts ?
					 p->depts[d].code : NULL,
					 d == p->n_depts, (enum section_id)s);
			if (!t || !t->text || !*t->text)
				continue;
			rt = &r->texts[k++];
			rt->section = (enum section_id)s;
			rt->dept = plan_dept_find(p, t->dept);
			rt->commune = t->commune;
			rt->text = t->text;
			rt->at = t->at;
			rt->day = date_of_time(t->at);
			rt->user = t->user;
			/* A commune text whose consolidator is no department
			 * of the plan has nobody to name: it is left out. */
			if (!rt->dept)
				k--;
		}
	}
	r->text_first[N_SECTIONS] = k;
	r->n_texts = k;
	ret = 0;
out:
	return ret;
}

/* The two parts of a report that read the fold apart, each writing
 * fields of its own: the rows (and the coordinating departments'
 * results they point into) and the notes that stand. On two threads
 * (split.h), the notes on the second: at 100 000 state-heavy tasks
 * 16-21 ms and 18-24 (a quarter of a million lead slots and notes read,
 * and for each text that stands an entry fetched), one after the other
 * before. */
struct parts_job {
	struct report *r;
	const struct state *st;
	const struct fold *f;
	struct instant_zone *zone;	/* the rows' only */
	size_t *coord_first;		/* build_coords', for build_rows */
	int ret[2], err[2];
};

static void build_part(size_t from, size_t to, int half, void *arg)
{
	struct parts_job *j = arg;
	int ret;

	(void)from;
	(void)to;
	if (half == 0)
		ret = build_coords(j->r, j->f, j->zone, &j->coord_first) ||
		      build_rows(j->r, j->f, j->zone, j->coord_first);
	else
		ret = build_notes(j->r, j->st, j->f);
	j->ret[half] = ret;
	j->err[half] = ret ? errno : 0;
}

/* Below this many lead slots and notes, one thread: a second costs more
 * than it saves. */
#define PARTS_SPLIT_MIN 4096

int report_build(struct report *r, const struct plan *plan,
		 const struct state *st, const struct report_options *opts)
{
	static const struct state empty;
	struct fold f;
	const struct fold *fp;
	/* The days of the entries' instants, for this report only (the
	 * time zone cannot change under it). */
	struct instant_zone *zone = NULL;
	struct parts_job job = { NULL, NULL, NULL, NULL, NULL, { 0 }, { 0 } };
	size_t lo, hi;
	int have_fold = 0, ret = -1;

	memset(r, 0, sizeof(*r));
	memset(&f, 0, sizeof(f));
	if (!plan || !opts || !opts->period) {
		errno = EINVAL;
		goto out;
	}
	if (!st)
		st = &empty;
	r->plan = plan;
	r->period = opts->period;
	r->prev = plan_period_prev(plan, opts->period);
	r->dept = opts->dept;
	r->task = opts->task;
	r->consolidator = plan_dept_find(plan, opts->period->consolidator);
	r->unreadable = st->unreadable;
	r->n_unreadable = st->n_unreadable;
	if (resolve_as_of(r, opts))
		goto out;
	if (fold_covers(opts->fold, plan, r->until)) {
		fp = opts->fold;
	} else {
		if (state_fold(st, plan, r->until, &f))
			goto out;
		have_fold = 1;
		fp = &f;
	}
	zone = malloc(sizeof(*zone));
	if (!zone)
		goto out;
	instant_zone_init(zone);
	if (build_submissions(r, fp) || build_indicators(r, fp))
		goto out;
	job = (struct parts_job){ r, st, fp, zone, NULL, { 0 }, { 0 } };
	/* Its empty state made here, before two threads may want it. */
	(void)fold_lead_cur(NULL, NULL);
	lead_range(r, fp, &lo, &hi);
	split_halves(hi - lo + fp->n_notes, PARTS_SPLIT_MIN, build_part,
		     &job);
	if (job.ret[0] || job.ret[1]) {
		errno = job.ret[0] ? job.err[0] : job.err[1];
		goto out;
	}
	if (build_texts(r, st, fp))
		goto out;
	ret = 0;
out:
	free(zone);
	free(job.coord_first);
	if (have_fold)
		fold_release(&f);
	if (ret) {
		int saved = errno;

		report_free(r);
		errno = saved;
	}
	return ret;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->subs);
	free(r->indicators);
	free(r->rows);
	free(r->groups);
	free(r->depts);
	free(r->notes);
	free(r->coords);
	free(r->texts);
	memset(r, 0, sizeof(*r));
}

const char *report_sub_status_name(enum report_sub_status s)
{
	switch (s) {
	case SUB_ON_TIME:
		return "on_time";
	case SUB_LATE:
		return "late";
	case SUB_MISSING:
		return "missing";
	case SUB_PENDING:
		return "pending";
	}
	return "?";
}

const char *report_sub_status_label(enum report_sub_status s)
{
	switch (s) {
	case SUB_ON_TIME:
		return "Đúng hạn";
	case SUB_LATE:
		return "Nộp muộn";
	case SUB_MISSING:
		return "Chưa nộp (quá hạn)";
	case SUB_PENDING:
		return "Chưa nộp";
	}
	return "?";
}

const char *report_verdict_name(enum report_verdict v)
{
	switch (v) {
	case VERDICT_MET:
		return "met";
	case VERDICT_NOT_MET:
		return "not_met";
	case VERDICT_NO_DATA:
		return "no_data";
	}
	return "?";
}

const char *report_verdict_label(enum report_verdict v)
{
	switch (v) {
	case VERDICT_MET:
		return "Đạt";
	case VERDICT_NOT_MET:
		return "Không đạt";
	case VERDICT_NO_DATA:
		return "Chưa có số liệu";
	}
	return "?";
}

const char *report_note_kind_name(enum report_note_kind k)
{
	return k == NOTE_DIFFICULTY ? "difficulty" : "proposal";
}

const char *report_state_name(enum report_state s)
{
	switch (s) {
	case STATE_DONE:
		return "done";
	case STATE_RECURRING:
		return "recurring";
	case STATE_IN_PROGRESS:
		return "in_progress";
	case STATE_NOT_STARTED:
		return "not_started";
	case STATE_OVERDUE:
		return "overdue";
	case STATE_NOT_REPORTED:
		return "not_reported";
	case N_REPORT_STATES:
		break;
	}
	return "?";
}

const char *report_state_label(enum report_state s)
{
	switch (s) {
	case STATE_DONE:
		return "Đã hoàn thành";
	case STATE_RECURRING:
		return "Đang thực hiện thường xuyên";
	case STATE_IN_PROGRESS:
		return "Đang thực hiện";
	case STATE_NOT_STARTED:
		return "Chưa thực hiện";
	case STATE_OVERDUE:
		return "Quá hạn";
	case STATE_NOT_REPORTED:
		return "Chưa báo cáo";
	case N_REPORT_STATES:
		break;
	}
	return "?";
}
