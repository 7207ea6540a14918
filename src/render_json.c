/* render_json.c: the report as one JSON document (docs/report-json.md).
 * Codes and labels side by side: programs read the codes, people the
 * labels, and both come from the same place as the other formats'. */
#include "plantrack/instant.h"
#include "plantrack/json.h"
#include "plantrack/render.h"
#include "render_int.h"

/* Keys are literals (JSON_KEY): quoted as the file is compiled. */
#define KV_STRING(w, k, s)	(JSON_KEY(w, k), json_string(w, s))
#define KV_INT(w, k, v)		(JSON_KEY(w, k), json_int(w, v))
#define DAY_KV(w, k, d)		(JSON_KEY(w, k), day_value(w, d))
#define INSTANT_KV(w, k, t)	(JSON_KEY(w, k), instant_value(w, t))
#define BOOL_KV(w, k, b)	(JSON_KEY(w, k), json_bool(w, b))

static void day_value(struct json_writer *w, pt_day d)
{
	char buf[11];

	render_day_iso(d, buf);
	if (d == PT_DAY_NONE)
		json_null(w);
	else
		json_string(w, buf);
}

/* The local offsets of the days render_json has written instants of: a
 * report has one or more per row, on a few hundred days. Set up afresh
 * for each document, so that it holds for the TZ of the one. One per
 * thread: a long table's rows are drawn on two (split.h), and a
 * thread's starts zeroed, which is instant_zone_init's state. */
static _Thread_local struct instant_zone zone;

/* An instant in local time with its offset; 0 (none) is null. */
static void instant_value(struct json_writer *w, time_t t)
{
	char buf[INSTANT_LEN];

	if (t && instant_format_in(&zone, t, buf) == 0)
		json_string(w, buf);
	else
		json_null(w);
}

static void put_header(struct json_writer *w, const struct report *r)
{
	const struct plan_meta *m = &r->plan->meta;
	const struct plan_period *pd = r->period;

	KV_STRING(w, "issuer", m->issuer);
	KV_STRING(w, "commune", m->commune);
	KV_STRING(w, "city", m->city);
	KV_STRING(w, "plan_title", m->title);
	JSON_KEY(w, "period");
	json_object_begin(w);
	KV_STRING(w, "id", pd->id);
	KV_STRING(w, "name", pd->name);
	DAY_KV(w, "start", pd->start);
	DAY_KV(w, "end", pd->end);
	DAY_KV(w, "department_due", pd->department_due);
	DAY_KV(w, "consolidated_due", pd->consolidated_due);
	KV_STRING(w, "consolidator", pd->consolidator);
	KV_STRING(w, "recipient", pd->recipient);
	json_object_end(w);
	DAY_KV(w, "as_of", r->as_of);
	INSTANT_KV(w, "until", r->until);
	BOOL_KV(w, "as_of_now", r->until_now);
	INSTANT_KV(w, "reporting_window_after", r->window_start);
	JSON_KEY(w, "department");
	if (r->dept) {
		json_object_begin(w);
		KV_STRING(w, "code", r->dept->code);
		KV_STRING(w, "name", r->dept->name);
		json_object_end(w);
	} else {
		json_null(w);
	}
}

static void put_submissions(struct json_writer *w, const struct report *r)
{
	size_t i;

	JSON_KEY(w, "submissions");
	json_array_begin(w);
	for (i = 0; i < r->n_subs; i++) {
		const struct report_submission *s = &r->subs[i];

		json_object_begin(w);
		KV_STRING(w, "department", s->dept->code);
		KV_STRING(w, "name", s->dept->name);
		BOOL_KV(w, "consolidated", s->consolidated);
		/* Names both: Sở Tài chính is no department of the plan. */
		KV_STRING(w, "recipient", s->consolidated ?
			  r->period->recipient :
			  r->consolidator ? r->consolidator->name :
			  r->period->consolidator);
		DAY_KV(w, "due", s->due);
		INSTANT_KV(w, "submitted_at", s->submitted_at);
		DAY_KV(w, "submitted_on", s->submitted_day);
		KV_STRING(w, "status", report_sub_status_name(s->status));
		KV_STRING(w, "status_label",
			  report_sub_status_label(s->status));
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_indicators(struct json_writer *w, const struct report *r)
{
	size_t i;

	JSON_KEY(w, "indicators");
	json_array_begin(w);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct plan_indicator *ind = ri->indicator;

		json_object_begin(w);
		KV_INT(w, "number", ind->number);
		KV_STRING(w, "name", ind->name);
		KV_STRING(w, "unit", ind->unit);
		JSON_KEY(w, "target");
		json_object_begin(w);
		KV_STRING(w, "op", target_op_name(ind->op));
		JSON_KEY(w, "value");
		json_number(w, ind->target);
		KV_STRING(w, "text", ind->target_text);
		json_object_end(w);
		KV_STRING(w, "monitoring", ind->monitoring);
		JSON_KEY(w, "value");
		if (ri->present)
			json_number(w, ri->value);
		else
			json_null(w);
		KV_STRING(w, "note", ri->present ? ri->note : NULL);
		INSTANT_KV(w, "recorded_at", ri->recorded_at);
		KV_STRING(w, "verdict", report_verdict_name(ri->verdict));
		KV_STRING(w, "verdict_label",
			  report_verdict_label(ri->verdict));
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_lead(struct json_writer *w, const struct report_row *row)
{
	json_object_begin(w);
	KV_STRING(w, "department", row->dept->code);
	KV_STRING(w, "name", row->dept->name);
	BOOL_KV(w, "reported", row->reported);
	KV_STRING(w, "status", task_status_name(row->status));
	KV_STRING(w, "status_label", task_status_label(row->status));
	KV_INT(w, "progress", row->progress);
	KV_STRING(w, "result", row->result);
	INSTANT_KV(w, "last_update", row->last_update);
	DAY_KV(w, "last_update_on", row->last_update_day);
	BOOL_KV(w, "overdue", row->overdue);
	BOOL_KV(w, "not_reported", row->unreported);
	KV_STRING(w, "state", report_state_name(row->state));
	KV_STRING(w, "state_label", report_state_label(row->state));
	json_object_end(w);
}

static void put_coord(struct json_writer *w, const struct report_coord *co,
		      bool with_task)
{
	json_object_begin(w);
	if (with_task)
		KV_STRING(w, "task", co->task->id);
	KV_STRING(w, "department", co->dept->code);
	KV_STRING(w, "name", co->dept->name);
	KV_STRING(w, "result", co->text);
	INSTANT_KV(w, "at", co->at);
	DAY_KV(w, "on", co->day);
	json_object_end(w);
}

/* A task's coordinating contributions, after its leads. */
static void put_task_close(struct json_writer *w, const struct report *r,
			   const struct report_row *row)
{
	size_t k;

	json_array_end(w);	/* leads */
	JSON_KEY(w, "coordinating");
	json_array_begin(w);
	for (k = 0; k < row->n_coords; k++)
		put_coord(w, &r->coords[row->coord_first + k], false);
	json_array_end(w);
	json_object_end(w);	/* task */
}

static void put_task_open(struct json_writer *w, const struct plan_task *t)
{
	json_object_begin(w);
	KV_STRING(w, "id", t->id);
	KV_STRING(w, "description", t->description);
	JSON_KEY(w, "deadline");
	json_object_begin(w);
	KV_STRING(w, "kind", deadline_kind_name(t->deadline.kind));
	DAY_KV(w, "date", t->deadline.kind == DEADLINE_DATE ?
	       t->deadline.date : PT_DAY_NONE);
	KV_STRING(w, "text", t->deadline.text);
	json_object_end(w);
	JSON_KEY(w, "leads");
	json_array_begin(w);
}

/* A run of a group's rows (split_fn), written as if by like. */
struct group_rows {
	const struct report *r;
	const struct report_group *rg;
	const struct json_writer *like;
};

/* The tasks whose first row is among rows [from, to) of the group, each
 * whole: a task's rows are one object, so a run starts at a task's
 * first row and ends at its last. */
static void put_group_rows(struct out *o, size_t from, size_t to, void *arg)
{
	const struct group_rows *g = arg;
	const struct report *r = g->r;
	const size_t first = g->rg->first, end = first + g->rg->n;
	size_t i = first + from, stop = first + to;
	struct json_writer w;

	while (i < stop && i > first && r->rows[i - 1].task == r->rows[i].task)
		i++;
	/* No task starts here: the run is within the one before. */
	if (i >= stop)
		return;
	json_init_like(&w, g->like, o);
	if (i > first)
		json_members_written(&w);
	for (; i < end && (i < stop || r->rows[i - 1].task == r->rows[i].task);
	     i++) {
		const struct report_row *row = &r->rows[i];

		report_prefetch_row(r, i + REPORT_AHEAD);
		report_touch_tasks(r, i);
		/* JSON copies every text into its buffer. */
		report_prefetch_row_texts(r, i + REPORT_AHEAD / 2, 4096);

		if (i == first || r->rows[i - 1].task != row->task)
			put_task_open(&w, row->task);
		put_lead(&w, row);
		if (i + 1 == end || r->rows[i + 1].task != row->task)
			put_task_close(&w, r, row);
	}
	json_flush(&w);
}

/* rows [0, n) of a table, by fn, where w is: w's own buffer handed to
 * its FILE first, the rows written after it through an out of their
 * own (on two threads when there are many), w then going on after
 * them. */
static void put_rows(struct json_writer *w, size_t n, split_fn *fn, void *arg)
{
	struct out o;

	json_flush(w);
	out_init(&o, w->f);
	split_draw(&o, n, RENDER_SPLIT_MIN, RENDER_SPLIT_CHUNK, fn, arg);
	(void)out_flush(&o);
	if (n)
		json_members_written(w);
}

static void put_groups(struct json_writer *w, const struct report *r)
{
	size_t gi;

	JSON_KEY(w, "groups");
	json_array_begin(w);
	for (gi = 0; gi < r->n_groups; gi++) {
		const struct report_group *rg = &r->groups[gi];
		struct group_rows g = { r, rg, w };

		json_object_begin(w);
		KV_STRING(w, "id", rg->group->id);
		KV_STRING(w, "title", rg->group->title);
		JSON_KEY(w, "tasks");
		json_array_begin(w);
		put_rows(w, rg->n, put_group_rows, &g);
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_counts(struct json_writer *w, const struct report_counts *c)
{
	KV_INT(w, "tasks", (long long)c->tasks);
	KV_INT(w, "rows", (long long)c->rows);
	KV_INT(w, "not_started",
	       (long long)c->by_status[STATUS_NOT_STARTED]);
	KV_INT(w, "in_progress",
	       (long long)c->by_status[STATUS_IN_PROGRESS]);
	KV_INT(w, "done", (long long)c->by_status[STATUS_DONE]);
	JSON_KEY(w, "done_percent");
	json_number(w, c->done_permille / 10.0);
	KV_INT(w, "overdue", (long long)c->overdue);
	KV_INT(w, "not_reported", (long long)c->unreported);
	JSON_KEY(w, "states");
	json_object_begin(w);
	for (int s = 0; s < N_REPORT_STATES; s++)
		json_kv_int(w, report_state_name((enum report_state)s),
			    (long long)c->by_state[s]);
	json_object_end(w);
	KV_INT(w, "dated", (long long)c->dated);
	KV_INT(w, "dated_done", (long long)c->dated_done);
}

static void put_summary(struct json_writer *w, const struct report *r)
{
	size_t i;

	JSON_KEY(w, "summary");
	json_object_begin(w);
	JSON_KEY(w, "total");
	json_object_begin(w);
	put_counts(w, &r->total);
	json_object_end(w);
	JSON_KEY(w, "departments");
	json_array_begin(w);
	for (i = 0; i < r->n_depts; i++) {
		json_object_begin(w);
		KV_STRING(w, "department", r->depts[i].dept->code);
		KV_STRING(w, "name", r->depts[i].dept->name);
		put_counts(w, &r->depts[i].counts);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

/* A run of the notes (split_fn), written as if by like. */
struct note_rows {
	const struct report *r;
	enum report_note_kind kind;
	const struct json_writer *like;
	size_t first;	/* the first note of the kind: no comma before it */
};

static void put_note_rows(struct out *o, size_t from, size_t to, void *arg)
{
	const struct note_rows *g = arg;
	const struct report *r = g->r;
	struct json_writer w;
	size_t i;

	json_init_like(&w, g->like, o);
	for (i = from; i < to; i++) {
		const struct report_note *n = &r->notes[i];

		report_prefetch_note(r, i + REPORT_AHEAD);
		if (n->kind != g->kind)
			continue;
		if (i != g->first)
			json_members_written(&w);
		json_object_begin(&w);
		KV_STRING(&w, "task", n->task->id);
		KV_STRING(&w, "department", n->dept->code);
		KV_STRING(&w, "name", n->dept->name);
		KV_STRING(&w, "role", n->role == ROLE_LEAD ? "lead" :
			  "coordinating");
		INSTANT_KV(&w, "at", n->at);
		DAY_KV(&w, "on", n->day);
		KV_STRING(&w, "text", n->text);
		json_object_end(&w);
	}
	json_flush(&w);
}

static void put_notes(struct json_writer *w, const struct report *r,
		      const char *key, enum report_note_kind kind)
{
	struct note_rows g = { r, kind, w, r->n_notes };
	size_t i;

	for (i = 0; i < r->n_notes && g.first == r->n_notes; i++)
		if (r->notes[i].kind == kind)
			g.first = i;
	json_key(w, key);
	json_array_begin(w);
	put_rows(w, g.first < r->n_notes ? r->n_notes : 0, put_note_rows, &g);
	json_array_end(w);
}

/* The plan's Tổ chức thực hiện duties the report covers (section I). */
static void put_duties(struct json_writer *w, const struct report *r)
{
	const struct plan *p = r->plan;
	size_t i, k;

	JSON_KEY(w, "duties");
	json_array_begin(w);
	for (i = 0; i < p->n_duties; i++) {
		const struct plan_duty *du = &p->duties[i];
		const struct plan_refs *refs[2] = { &du->lead,
						    &du->coordinating };
		const char *keys[2] = { "lead", "coordinating" };
		int j;

		if (r->dept && !plan_refs_cover(p, &du->lead, r->dept->code) &&
		    !plan_refs_cover(p, &du->coordinating, r->dept->code))
			continue;
		json_object_begin(w);
		KV_INT(w, "number", du->number);
		KV_STRING(w, "text", du->text);
		for (j = 0; j < 2; j++) {
			json_key(w, keys[j]);
			json_array_begin(w);
			for (k = 0; k < refs[j]->n; k++)
				json_string(w, refs[j]->codes[k]);
			json_array_end(w);
		}
		json_object_end(w);
	}
	json_array_end(w);
}

/* With --dept: what the department contributed to tasks others lead. */
static void put_contributions(struct json_writer *w, const struct report *r)
{
	size_t i;

	JSON_KEY(w, "contributions");
	json_array_begin(w);
	for (i = 0; r->dept && i < r->n_coords; i++)
		if (r->coords[i].dept == r->dept &&
		    !plan_task_led_by(r->coords[i].task, r->dept->code))
			put_coord(w, &r->coords[i], true);
	json_array_end(w);
}

/* The prose sections, each with its texts as recorded (exactly: JSON
 * keeps every paragraph and line break). */
static void put_sections(struct json_writer *w, const struct report *r)
{
	size_t i;
	int s;

	JSON_KEY(w, "sections");
	json_array_begin(w);
	for (s = 0; s < N_SECTIONS; s++) {
		json_object_begin(w);
		KV_STRING(w, "id", section_name((enum section_id)s));
		KV_STRING(w, "number", section_number((enum section_id)s));
		KV_STRING(w, "title", section_title((enum section_id)s));
		JSON_KEY(w, "texts");
		json_array_begin(w);
		for (i = r->text_first[s]; i < r->text_first[s + 1]; i++) {
			const struct report_text *t = &r->texts[i];

			json_object_begin(w);
			KV_STRING(w, "department", t->dept->code);
			KV_STRING(w, "name", t->dept->name);
			BOOL_KV(w, "commune", t->commune);
			KV_STRING(w, "user", t->user);
			INSTANT_KV(w, "at", t->at);
			DAY_KV(w, "on", t->day);
			KV_STRING(w, "text", t->text);
			json_object_end(w);
		}
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
}

int render_json(const struct report *r, FILE *f)
{
	struct json_writer w;

	instant_zone_init(&zone);
	json_init(&w, f);
	json_object_begin(&w);
	put_header(&w, r);
	state_unreadable_json(&w, r->unreadable, r->n_unreadable);
	put_submissions(&w, r);
	put_indicators(&w, r);
	put_groups(&w, r);
	put_summary(&w, r);
	put_notes(&w, r, "difficulties", NOTE_DIFFICULTY);
	put_notes(&w, r, "proposals", NOTE_PROPOSAL);
	put_duties(&w, r);
	put_contributions(&w, r);
	put_sections(&w, r);
	json_object_end(&w);
	json_end(&w);
	return ferror(f) ? -1 : 0;
}
