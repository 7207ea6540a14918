/* render_json.c: the report as one JSON document (docs/report-json.md).
 * Codes and labels side by side: programs read the codes, people the
 * labels, and both come from the same place as the other formats'. */
#include "plantrack/instant.h"
#include "plantrack/json.h"
#include "plantrack/render.h"
#include "render_int.h"

static void day_kv(struct json_writer *w, const char *key, pt_day d)
{
	char buf[11];

	json_key(w, key);
	render_day_iso(d, buf);
	if (d == PT_DAY_NONE)
		json_null(w);
	else
		json_string(w, buf);
}

/* An instant in local time with its offset; 0 (none) is null. */
static void instant_kv(struct json_writer *w, const char *key, time_t t)
{
	char buf[INSTANT_LEN];

	json_key(w, key);
	if (t && instant_format(t, buf) == 0)
		json_string(w, buf);
	else
		json_null(w);
}

static void bool_kv(struct json_writer *w, const char *key, bool b)
{
	json_key(w, key);
	json_bool(w, b);
}

static void put_header(struct json_writer *w, const struct report *r)
{
	const struct plan_meta *m = &r->plan->meta;
	const struct plan_period *pd = r->period;

	json_kv_string(w, "issuer", m->issuer);
	json_kv_string(w, "commune", m->commune);
	json_kv_string(w, "city", m->city);
	json_kv_string(w, "plan_title", m->title);
	json_key(w, "period");
	json_object_begin(w);
	json_kv_string(w, "id", pd->id);
	json_kv_string(w, "name", pd->name);
	day_kv(w, "start", pd->start);
	day_kv(w, "end", pd->end);
	day_kv(w, "department_due", pd->department_due);
	day_kv(w, "consolidated_due", pd->consolidated_due);
	json_kv_string(w, "consolidator", pd->consolidator);
	json_kv_string(w, "recipient", pd->recipient);
	json_object_end(w);
	day_kv(w, "as_of", r->as_of);
	instant_kv(w, "until", r->until);
	bool_kv(w, "as_of_now", r->until_now);
	instant_kv(w, "reporting_window_after", r->window_start);
	json_key(w, "department");
	if (r->dept) {
		json_object_begin(w);
		json_kv_string(w, "code", r->dept->code);
		json_kv_string(w, "name", r->dept->name);
		json_object_end(w);
	} else {
		json_null(w);
	}
}

static void put_submissions(struct json_writer *w, const struct report *r)
{
	size_t i;

	json_key(w, "submissions");
	json_array_begin(w);
	for (i = 0; i < r->n_subs; i++) {
		const struct report_submission *s = &r->subs[i];

		json_object_begin(w);
		json_kv_string(w, "department", s->dept->code);
		json_kv_string(w, "name", s->dept->name);
		bool_kv(w, "consolidated", s->consolidated);
		/* Names both: Sở Tài chính is no department of the plan. */
		json_kv_string(w, "recipient", s->consolidated ?
			       r->period->recipient :
			       r->consolidator ? r->consolidator->name :
			       r->period->consolidator);
		day_kv(w, "due", s->due);
		instant_kv(w, "submitted_at", s->submitted_at);
		day_kv(w, "submitted_on", s->submitted_day);
		json_kv_string(w, "status", report_sub_status_name(s->status));
		json_kv_string(w, "status_label",
			       report_sub_status_label(s->status));
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_indicators(struct json_writer *w, const struct report *r)
{
	size_t i;

	json_key(w, "indicators");
	json_array_begin(w);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct plan_indicator *ind = ri->indicator;

		json_object_begin(w);
		json_kv_int(w, "number", ind->number);
		json_kv_string(w, "name", ind->name);
		json_kv_string(w, "unit", ind->unit);
		json_key(w, "target");
		json_object_begin(w);
		json_kv_string(w, "op", target_op_name(ind->op));
		json_key(w, "value");
		json_number(w, ind->target);
		json_kv_string(w, "text", ind->target_text);
		json_object_end(w);
		json_kv_string(w, "monitoring", ind->monitoring);
		json_key(w, "value");
		if (ri->present)
			json_number(w, ri->value);
		else
			json_null(w);
		json_kv_string(w, "note", ri->present ? ri->note : NULL);
		instant_kv(w, "recorded_at", ri->recorded_at);
		json_kv_string(w, "verdict", report_verdict_name(ri->verdict));
		json_kv_string(w, "verdict_label",
			       report_verdict_label(ri->verdict));
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_lead(struct json_writer *w, const struct report_row *row)
{
	json_object_begin(w);
	json_kv_string(w, "department", row->dept->code);
	json_kv_string(w, "name", row->dept->name);
	bool_kv(w, "reported", row->reported);
	json_kv_string(w, "status", task_status_name(row->status));
	json_kv_string(w, "status_label", task_status_label(row->status));
	json_kv_int(w, "progress", row->progress);
	json_kv_string(w, "result", row->result);
	instant_kv(w, "last_update", row->last_update);
	day_kv(w, "last_update_on", row->last_update_day);
	bool_kv(w, "overdue", row->overdue);
	bool_kv(w, "not_reported", row->unreported);
	json_kv_string(w, "state", report_state_name(row->state));
	json_kv_string(w, "state_label", report_state_label(row->state));
	json_object_end(w);
}

static void put_coord(struct json_writer *w, const struct report_coord *co,
		      bool with_task)
{
	json_object_begin(w);
	if (with_task)
		json_kv_string(w, "task", co->task->id);
	json_kv_string(w, "department", co->dept->code);
	json_kv_string(w, "name", co->dept->name);
	json_kv_string(w, "result", co->text);
	instant_kv(w, "at", co->at);
	day_kv(w, "on", co->day);
	json_object_end(w);
}

/* A task's coordinating contributions, after its leads. */
static void put_task_close(struct json_writer *w, const struct report *r,
			   const struct report_row *row)
{
	size_t k;

	json_array_end(w);	/* leads */
	json_key(w, "coordinating");
	json_array_begin(w);
	for (k = 0; k < row->n_coords; k++)
		put_coord(w, &r->coords[row->coord_first + k], false);
	json_array_end(w);
	json_object_end(w);	/* task */
}

static void put_task_open(struct json_writer *w, const struct plan_task *t)
{
	json_object_begin(w);
	json_kv_string(w, "id", t->id);
	json_kv_string(w, "description", t->description);
	json_key(w, "deadline");
	json_object_begin(w);
	json_kv_string(w, "kind", deadline_kind_name(t->deadline.kind));
	day_kv(w, "date", t->deadline.kind == DEADLINE_DATE ?
	       t->deadline.date : PT_DAY_NONE);
	json_kv_string(w, "text", t->deadline.text);
	json_object_end(w);
	json_key(w, "leads");
	json_array_begin(w);
}

static void put_groups(struct json_writer *w, const struct report *r)
{
	size_t gi, i;

	json_key(w, "groups");
	json_array_begin(w);
	for (gi = 0; gi < r->n_groups; gi++) {
		const struct report_group *rg = &r->groups[gi];

		json_object_begin(w);
		json_kv_string(w, "id", rg->group->id);
		json_kv_string(w, "title", rg->group->title);
		json_key(w, "tasks");
		json_array_begin(w);
		for (i = rg->first; i < rg->first + rg->n; i++) {
			const struct report_row *row = &r->rows[i];

			if (i == rg->first || r->rows[i - 1].task != row->task)
				put_task_open(w, row->task);
			put_lead(w, row);
			if (i + 1 == rg->first + rg->n ||
			    r->rows[i + 1].task != row->task)
				put_task_close(w, r, row);
		}
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
}

static void put_counts(struct json_writer *w, const struct report_counts *c)
{
	json_kv_int(w, "tasks", (long long)c->tasks);
	json_kv_int(w, "rows", (long long)c->rows);
	json_kv_int(w, "not_started",
		    (long long)c->by_status[STATUS_NOT_STARTED]);
	json_kv_int(w, "in_progress",
		    (long long)c->by_status[STATUS_IN_PROGRESS]);
	json_kv_int(w, "done", (long long)c->by_status[STATUS_DONE]);
	json_key(w, "done_percent");
	json_number(w, c->done_permille / 10.0);
	json_kv_int(w, "overdue", (long long)c->overdue);
	json_kv_int(w, "not_reported", (long long)c->unreported);
	json_key(w, "states");
	json_object_begin(w);
	for (int s = 0; s < N_REPORT_STATES; s++)
		json_kv_int(w, report_state_name((enum report_state)s),
			    (long long)c->by_state[s]);
	json_object_end(w);
	json_kv_int(w, "dated", (long long)c->dated);
	json_kv_int(w, "dated_done", (long long)c->dated_done);
}

static void put_summary(struct json_writer *w, const struct report *r)
{
	size_t i;

	json_key(w, "summary");
	json_object_begin(w);
	json_key(w, "total");
	json_object_begin(w);
	put_counts(w, &r->total);
	json_object_end(w);
	json_key(w, "departments");
	json_array_begin(w);
	for (i = 0; i < r->n_depts; i++) {
		json_object_begin(w);
		json_kv_string(w, "department", r->depts[i].dept->code);
		json_kv_string(w, "name", r->depts[i].dept->name);
		put_counts(w, &r->depts[i].counts);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

static void put_notes(struct json_writer *w, const struct report *r,
		      const char *key, enum report_note_kind kind)
{
	size_t i;

	json_key(w, key);
	json_array_begin(w);
	for (i = 0; i < r->n_notes; i++) {
		const struct report_note *n = &r->notes[i];

		if (n->kind != kind)
			continue;
		json_object_begin(w);
		json_kv_string(w, "task", n->task->id);
		json_kv_string(w, "department", n->dept->code);
		json_kv_string(w, "name", n->dept->name);
		json_kv_string(w, "role", n->role == ROLE_LEAD ? "lead" :
			       "coordinating");
		instant_kv(w, "at", n->at);
		day_kv(w, "on", n->day);
		json_kv_string(w, "text", n->text);
		json_object_end(w);
	}
	json_array_end(w);
}

/* The plan's Tổ chức thực hiện duties the report covers (section I). */
static void put_duties(struct json_writer *w, const struct report *r)
{
	const struct plan *p = r->plan;
	size_t i, k;

	json_key(w, "duties");
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
		json_kv_int(w, "number", du->number);
		json_kv_string(w, "text", du->text);
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

	json_key(w, "contributions");
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

	json_key(w, "sections");
	json_array_begin(w);
	for (s = 0; s < N_SECTIONS; s++) {
		json_object_begin(w);
		json_kv_string(w, "id", section_name((enum section_id)s));
		json_kv_string(w, "number", section_number((enum section_id)s));
		json_kv_string(w, "title", section_title((enum section_id)s));
		json_key(w, "texts");
		json_array_begin(w);
		for (i = r->text_first[s]; i < r->text_first[s + 1]; i++) {
			const struct report_text *t = &r->texts[i];

			json_object_begin(w);
			json_kv_string(w, "department", t->dept->code);
			json_kv_string(w, "name", t->dept->name);
			bool_kv(w, "commune", t->commune);
			json_kv_string(w, "user", t->user);
			instant_kv(w, "at", t->at);
			day_kv(w, "on", t->day);
			json_kv_string(w, "text", t->text);
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
