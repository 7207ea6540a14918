/* planview.c: the plan as text and JSON for list, show and indicators. */
#include <stdlib.h>
#include <string.h>

#include "plantrack/color.h"
#include "plantrack/deadline.h"
#include "plantrack/instant.h"

#include "plantrack/i18n.h"
#include "plantrack/json.h"
#include "plantrack/planview.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"
#include "plantrack/utf8.h"

/* The labels of 'show', in the order they appear; the values line up
 * after the widest. */
static const char *const show_labels[] = {
	N_("Group"), N_("Description"), N_("Lead"), N_("Coordinating"),
	N_("Deadline"), N_("Progress"), N_("Result"),
};

/* The interface's words for a status. The reports' own words
 * (task_status_label) are always Vietnamese; these follow the language,
 * and are the same in Vietnamese. */
static const char *status_text(enum task_status s)
{
	const char *t = N_("Not started");

	if (s == STATUS_IN_PROGRESS)
		t = N_("In progress");
	else if (s == STATUS_DONE)
		t = N_("Done");
	return _(t);
}

static void join_codes(struct strbuf *sb, const struct plan_refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, r->codes[i]);
	}
}

/* The colour of a lead's state: its status, or overdue (color.h). */
static enum color_role lead_role(const struct planview_style *style,
				 const struct plan_task *t,
				 const struct task_lead_state *ls)
{
	enum color_role r = COLOR_PLAIN;

	if (style && style->color)
		r = deadline_lead_overdue(t, ls, style->today) ? COLOR_OVERDUE :
			color_of_status(ls && ls->reported,
					ls ? ls->status : STATUS_NOT_STARTED);
	return r;
}

static void lead_state_text(struct strbuf *sb, const struct task_lead_state *ls,
			    enum color_role role)
{
	int on = role != COLOR_PLAIN;

	strbuf_addstr(sb, color_start(on, role));
	if (!ls || !ls->reported)
		/* TRANSLATORS: a lead department has recorded nothing. */
		strbuf_addstr(sb, _("No update yet"));
	else
		strbuf_addf(sb, "%s %d%%", status_text(ls->status),
			    ls->progress);
	strbuf_addstr(sb, color_end(on, role));
}

/* The latest update of any lead, as DD/MM/YYYY, or "" when none. */
static void last_update_text(char buf[11], const struct fold *fold,
			     const struct plan_task *t)
{
	time_t last = 0;

	buf[0] = '\0';
	for (size_t i = 0; fold && i < t->lead.n; i++) {
		const struct task_lead_state *ls = fold_lead(fold, t->id,
							     t->lead.codes[i]);

		if (ls && ls->reported && ls->last_update > last)
			last = ls->last_update;
	}
	if (last)
		date_format_vn(date_of_time(last), buf);
}

/* The notice of departments that could not be read, as a first line. */
static void unreadable_text(FILE *f, const struct fold *fold)
{
	struct strbuf sb = STRBUF_INIT;

	if (fold && fold->n_unreadable) {
		state_unreadable_notice(&sb, fold->unreadable,
					fold->n_unreadable, false);
		fprintf(f, "%s\n", sb.buf);
	}
	strbuf_release(&sb);
}

void planview_list_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *const *tasks, size_t n,
			int width, const struct planview_style *style)
{
	/* TRANSLATORS: the columns of 'list': task id, lead departments,
	 * their state, the day of the last update, deadline, the task. */
	const char *const headers[] = {
		_("ID"), _("Lead"), _("Status"), _("Updated"), _("Deadline"),
		_("Task"),
	};
	struct table *t = table_new(6, headers);
	struct strbuf lead = STRBUF_INIT, state = STRBUF_INIT;
	char updated[11];

	(void)p;
	unreadable_text(f, fold);
	if (!t || !n)	/* nothing to show: print nothing, like ls */
		goto out;
	/* The state column is coloured: status words, numbers and codes. */
	table_set_markup(t, 2);
	for (size_t i = 0; i < n; i++) {
		const struct plan_task *task = tasks[i];
		const char *cells[6];

		strbuf_reset(&lead);
		strbuf_reset(&state);
		join_codes(&lead, &task->lead);
		for (size_t k = 0; k < task->lead.n; k++) {
			const char *code = task->lead.codes[k];
			const struct task_lead_state *ls =
				fold ? fold_lead(fold, task->id, code) : NULL;
			enum color_role role = lead_role(style, task, ls);
			int on = role != COLOR_PLAIN;

			/* Several leads: progress only, to keep one line. */
			if (task->lead.n == 1)
				lead_state_text(&state, ls, role);
			else if (ls && ls->reported)
				strbuf_addf(&state, "%s%s%s %d%%%s", k ? ", " : "",
					    color_start(on, role), code,
					    ls->progress, color_end(on, role));
			else
				strbuf_addf(&state, "%s%s%s —%s", k ? ", " : "",
					    color_start(on, role), code,
					    color_end(on, role));
		}
		last_update_text(updated, fold, task);
		cells[0] = task->id;
		cells[1] = lead.buf;
		cells[2] = state.buf;
		cells[3] = updated;
		cells[4] = task->deadline.text;
		cells[5] = task->description;
		table_add_row(t, cells);
	}
	table_render(t, f, width, TABLE_CUT);
out:
	strbuf_release(&lead);
	strbuf_release(&state);
	table_free(t);
}

static void refs_json(struct json_writer *w, const char *key,
		      const struct plan_refs *r)
{
	json_key(w, key);
	json_object_begin(w);
	json_key(w, "codes");
	json_array_begin(w);
	for (size_t i = 0; i < r->n; i++)
		json_string(w, r->codes[i]);
	json_array_end(w);
	json_kv_string(w, "text", r->text);
	json_object_end(w);
}

static void time_json(struct json_writer *w, const char *key, time_t t)
{
	char buf[INSTANT_LEN];

	json_key(w, key);
	if (t && instant_format(t, buf) == 0)
		json_string(w, buf);
	else
		json_null(w);
}

/* Each lead's state and the coordinating departments' notes. */
static void task_state_json(struct json_writer *w, const struct fold *fold,
			    const struct plan_task *t)
{
	json_key(w, "leads");
	json_array_begin(w);
	for (size_t i = 0; i < t->lead.n; i++) {
		const struct task_lead_state *ls =
			fold ? fold_lead(fold, t->id, t->lead.codes[i]) : NULL;
		bool rep = ls && ls->reported;

		json_object_begin(w);
		json_kv_string(w, "department", t->lead.codes[i]);
		json_key(w, "reported");
		json_bool(w, rep);
		json_kv_string(w, "status", task_status_name(rep ? ls->status
								  : STATUS_NOT_STARTED));
		json_kv_int(w, "progress", rep ? ls->progress : 0);
		json_kv_string(w, "result", rep ? ls->result : NULL);
		time_json(w, "last_update", rep ? ls->last_update : 0);
		json_kv_string(w, "last_user", rep ? ls->last_user : NULL);
		json_object_end(w);
	}
	json_array_end(w);
	json_key(w, "coordinating_notes");
	json_array_begin(w);
	for (size_t i = 0; fold && i < fold->n_notes; i++) {
		const struct task_note *nt = &fold->notes[i];

		if (nt->task != t || !nt->result)
			continue;
		json_object_begin(w);
		json_kv_string(w, "department", nt->dept);
		json_kv_string(w, "result", nt->result);
		time_json(w, "at", nt->at);
		json_object_end(w);
	}
	json_array_end(w);
}

static void task_json(struct json_writer *w, const struct fold *fold,
		      const struct plan_task *t, bool top)
{
	char date[11];

	json_object_begin(w);
	json_kv_string(w, "id", t->id);
	json_kv_string(w, "group", t->group);
	json_kv_string(w, "description", t->description);
	refs_json(w, "lead", &t->lead);
	refs_json(w, "coordinating", &t->coordinating);
	json_key(w, "deadline");
	json_object_begin(w);
	json_kv_string(w, "kind", deadline_kind_name(t->deadline.kind));
	json_key(w, "date");
	if (t->deadline.kind == DEADLINE_DATE) {
		date_format_iso(t->deadline.date, date);
		json_string(w, date);
	} else {
		json_null(w);
	}
	json_kv_string(w, "text", t->deadline.text);
	json_object_end(w);
	task_state_json(w, fold, t);
	if (top)
		state_unreadable_json(w, fold ? fold->unreadable : NULL,
				      fold ? fold->n_unreadable : 0);
	json_object_end(w);
}

void planview_list_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *const *tasks, size_t n)
{
	struct json_writer w;

	(void)p;
	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "tasks");
	json_array_begin(&w);
	for (size_t i = 0; i < n; i++)
		task_json(&w, fold, tasks[i], false);
	json_array_end(&w);
	state_unreadable_json(&w, fold ? fold->unreadable : NULL,
			      fold ? fold->n_unreadable : 0);
	json_object_end(&w);
	json_end(&w);
}

void planview_task_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t)
{
	struct json_writer w;

	(void)p;
	json_init(&w, f);
	task_json(&w, fold, t, true);
	json_end(&w);
}

/* The column where the values of 'show' start: after the widest label,
 * its colon and a space ("Thời hạn: "). */
static int label_cols(void)
{
	int cols = 0;

	for (size_t i = 0; i < sizeof(show_labels) / sizeof(show_labels[0]); i++) {
		int w = utf8_width(_(show_labels[i]));

		if (w > cols)
			cols = w;
	}
	return cols + 2;
}

/* "Label:" padded to cols, then value wrapped under itself. label is a
 * message id of show_labels, or "" to continue the one above. value is
 * markup (colour escapes): what it holds from files is escaped
 * (table_escape) by the caller. */
static void field_markup(FILE *f, const char *label, const char *value,
			 int width, int cols)
{
	int w = width - cols;

	if (*label) {
		label = _(label);
		fputs(label, f);
		fputc(':', f);
	}
	for (int i = utf8_width(label) + !!*label; i < cols; i++)
		fputc(' ', f);
	utf8_put_wrapped(f, value, w < 20 ? 20 : w, cols);
	fputc('\n', f);
}

/* The same for text from the plan or the state files: a terminal shows
 * its control and bidi characters escaped, its newlines under itself. */
static void field(FILE *f, const char *label, const char *value, int width,
		  int cols)
{
	char *safe = table_escape(value, 1);

	field_markup(f, label, safe, width, cols);
	free(safe);
}

static void refs_text(struct strbuf *sb, const struct plan *p,
		      const struct plan_refs *r)
{
	if (!r->n && !*r->text) {
		strbuf_addstr(sb, _("(none)"));
		return;
	}
	strbuf_addstr(sb, *r->text ? r->text : plan_ref_name(p, r->codes[0]));
	if (r->n) {
		strbuf_addstr(sb, " [");
		join_codes(sb, r);
		strbuf_addch(sb, ']');
	}
}

void planview_task_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, int width,
			const struct planview_style *style)
{
	const struct plan_group *g = plan_group_find(p, t->group);
	struct strbuf sb = STRBUF_INIT;
	int cols = label_cols();
	char date[11];

	unreadable_text(f, fold);
	/* TRANSLATORS: the heading of 'show': "Task II.3". */
	fprintf(f, _("Task %s"), t->id);
	fputc('\n', f);
	strbuf_addf(&sb, "%s. %s", t->group, g ? g->title : "");
	field(f, show_labels[0], sb.buf, width, cols);
	field(f, show_labels[1], t->description, width, cols);
	strbuf_reset(&sb);
	refs_text(&sb, p, &t->lead);
	field(f, show_labels[2], sb.buf, width, cols);
	strbuf_reset(&sb);
	refs_text(&sb, p, &t->coordinating);
	field(f, show_labels[3], sb.buf, width, cols);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, t->deadline.text);
	if (t->deadline.kind == DEADLINE_DATE) {
		date_format_vn(t->deadline.date, date);
		/* TRANSLATORS: after a deadline as the plan words it:
		 * "Trong tháng 6 (due 30/06/2026)". */
		strbuf_addf(&sb, _(" (due %s)"), date);
	}
	field(f, show_labels[4], sb.buf, width, cols);
	for (size_t i = 0; i < t->lead.n; i++) {
		const struct task_lead_state *ls =
			fold ? fold_lead(fold, t->id, t->lead.codes[i]) : NULL;

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: ", t->lead.codes[i]);
		lead_state_text(&sb, ls, lead_role(style, t, ls));
		if (ls && ls->reported) {
			char *user = table_escape(ls->last_user, 0);

			date_format_vn(date_of_time(ls->last_update), date);
			/* TRANSLATORS: after a lead's state: the day of
			 * its last update and the Unix user who made it. */
			strbuf_addf(&sb, _(" (updated %s by %s)"), date, user);
			free(user);
		}
		field_markup(f, i ? "" : show_labels[5], sb.buf, width, cols);
		if (ls && ls->reported && ls->result) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s: %s", t->lead.codes[i], ls->result);
			field(f, show_labels[6], sb.buf, width, cols);
		}
	}
	for (size_t i = 0; fold && i < fold->n_notes; i++) {
		const struct task_note *nt = &fold->notes[i];

		if (nt->task != t || !nt->result)
			continue;
		strbuf_reset(&sb);
		/* TRANSLATORS: a coordinating department's note: "VHXH
		 * (coordinating): Đã gửi góp ý". */
		strbuf_addf(&sb, _("%s (coordinating): %s"), nt->dept, nt->result);
		field(f, show_labels[6], sb.buf, width, cols);
	}
	strbuf_release(&sb);
}

static void target_text(struct strbuf *sb, const struct plan_indicator *ind)
{
	strbuf_addstr(sb, ind->target_text);
	if (strcmp(ind->unit, "%") != 0)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, ind->unit);
}

void planview_indicators_text(FILE *f, const struct plan *p, int width)
{
	/* TRANSLATORS: the columns of 'indicators': number, target,
	 * monitoring department, the indicator. */
	const char *const headers[] = {
		_("No."), _("Target"), _("Monitoring"), _("Indicator"),
	};
	struct table *t = table_new(4, headers);
	struct strbuf target = STRBUF_INIT;
	char num[24];

	if (!t)
		return;
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *ind = &p->indicators[i];
		const char *cells[4];

		strbuf_reset(&target);
		target_text(&target, ind);
		if (snprintf(num, sizeof(num), "%d", ind->number) < 0)
			num[0] = '\0';
		cells[0] = num;
		cells[1] = target.buf;
		cells[2] = ind->monitoring;
		cells[3] = ind->name;
		table_add_row(t, cells);
	}
	table_render(t, f, width, TABLE_WRAP);
	strbuf_release(&target);
	table_free(t);
}

void planview_indicators_json(FILE *f, const struct plan *p)
{
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "indicators");
	json_array_begin(&w);
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *ind = &p->indicators[i];

		json_object_begin(&w);
		json_kv_int(&w, "number", ind->number);
		json_kv_string(&w, "name", ind->name);
		json_kv_string(&w, "unit", ind->unit);
		json_key(&w, "target");
		json_object_begin(&w);
		json_kv_string(&w, "op", target_op_name(ind->op));
		json_key(&w, "value");
		json_number(&w, ind->target);
		json_kv_string(&w, "text", ind->target_text);
		json_object_end(&w);
		refs_json(&w, "executing", &ind->executing);
		json_key(&w, "monitoring");
		json_object_begin(&w);
		json_kv_string(&w, "code", ind->monitoring);
		json_kv_string(&w, "text", ind->monitoring_text);
		json_object_end(&w);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_end(&w);
}
