/* planview.c: the plan as text and JSON for list, show and indicators. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "plantrack/arena.h"
#include "plantrack/color.h"
#include "plantrack/date.h"
#include "plantrack/deadline.h"
#include "plantrack/instant.h"

#include "plantrack/i18n.h"
#include "plantrack/json.h"
#include "plantrack/out.h"
#include "plantrack/planview.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

/* The labels of 'show', in the order they appear; the values line up
 * after the widest. */
enum show_label {
	L_GROUP, L_DESCRIPTION, L_LEAD, L_COORDINATING, L_DEADLINE,
	L_PROGRESS, L_RESULT, L_DIFFICULTY, L_PROPOSAL, L_REPORTS,
};
static const char *const show_labels[] = {
	N_("Group"), N_("Description"), N_("Lead"), N_("Coordinating"),
	N_("Deadline"), N_("Progress"), N_("Result"),
	/* TRANSLATORS: labels of 'show': a department's current
	 * difficulties (khó khăn, vướng mắc) and proposals (kiến nghị, đề
	 * xuất) on the task, and its reports for the period. */
	N_("Difficulties"), N_("Proposals"), N_("Reports"),
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

/* The latest update of any lead, as DD/MM/YYYY, or "" when none; zone
 * (or NULL) remembers the days of instants. */
static void last_update_text(char buf[11], const struct fold *fold,
			     const struct plan_task *t,
			     struct instant_zone *zone)
{
	time_t last = 0;

	buf[0] = '\0';
	for (size_t i = 0; fold && i < t->lead.n; i++) {
		const struct task_lead_state *ls = fold_lead_at(fold, t, i);
		time_t at = fold_lead_texts(fold, ls)->last_update;

		if (ls && ls->reported && at > last)
			last = at;
	}
	if (last)
		date_format_vn(zone ? instant_day_in(zone, last) :
			       date_of_time(last), buf);
}

/* The notice of departments that could not be read, as a first line. */
static void unreadable_notice(FILE *f, const struct plan_dept *const *depts,
			      size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	if (n) {
		state_unreadable_notice(&sb, depts, n, false);
		fprintf(f, "%s\n", sb.buf);
	}
	strbuf_release(&sb);
}

static void unreadable_text(FILE *f, const struct fold *fold)
{
	if (fold)
		unreadable_notice(f, fold->unreadable, fold->n_unreadable);
}

/* The distinct strings of list's columns, each kept once. A list's rows
 * take few distinct values (a lead's code, a status and its progress, a
 * day): each is formatted, translated and measured once, and the table
 * borrows it (table_add_row_ref). Open addressing, at most half full. */
struct strpool {
	char **slot;		/* owned strings, or NULL */
	size_t mask;		/* slots - 1: a power of two, minus 1 */
	size_t n;
};

static size_t strpool_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 32));
}

static int strpool_grow(struct strpool *p)
{
	size_t size = p->mask ? (p->mask + 1) * 2 : 64;
	char **slot = mem_calloc_huge(size, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; p->slot && i <= p->mask; i++) {
		size_t k;

		if (!p->slot[i])
			continue;
		k = strpool_hash(p->slot[i]) & (size - 1);
		while (slot[k])
			k = (k + 1) & (size - 1);
		slot[k] = p->slot[i];
	}
	free(p->slot);
	p->slot = slot;
	p->mask = size - 1;
	return 0;
}

/* The pool's copy of s[0..len), s[len] being a NUL; NULL on ENOMEM. */
static const char *strpool_intern(struct strpool *p, const char *s,
				  size_t len)
{
	size_t k;
	char *copy;

	if ((p->n + 1) * 2 > p->mask + 1 && strpool_grow(p))
		return NULL;
	for (k = strpool_hash(s) & p->mask; p->slot[k];
	     k = (k + 1) & p->mask)
		if (!strcmp(p->slot[k], s))
			return p->slot[k];
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len + 1);
	p->slot[k] = copy;
	p->n++;
	return copy;
}

static void strpool_free(struct strpool *p)
{
	for (size_t i = 0; p->slot && i <= p->mask; i++)
		free(p->slot[i]);
	free(p->slot);
	memset(p, 0, sizeof(*p));
}

/* A single lead's state cell, by what it depends on: the colour, then
 * the status and progress, or nothing reported. */
#define STATE_ROLES	(COLOR_MUTED + 1)
#define STATE_STATUSES	(STATUS_DONE + 1)
#define STATE_PROGRESS	101	/* 0..100 */
#define STATE_KEYS	(STATE_ROLES * (STATE_STATUSES * STATE_PROGRESS + 1))

/* The key of ls's state cell in role, or -1 when out of the table's
 * range (then formatted on its own). */
static long state_key(const struct task_lead_state *ls, enum color_role role)
{
	if ((int)role < 0 || (int)role >= STATE_ROLES)
		return -1;
	if (!ls || !ls->reported)
		return (long)role * (STATE_STATUSES * STATE_PROGRESS + 1);
	if ((int)ls->status < 0 || (int)ls->status >= STATE_STATUSES ||
	    ls->progress < 0 || ls->progress >= STATE_PROGRESS)
		return -1;
	return (long)role * (STATE_STATUSES * STATE_PROGRESS + 1) + 1 +
	       (long)ls->status * STATE_PROGRESS + ls->progress;
}

/* How far ahead list_row asks for a row's description. */
#define ROW_AHEAD 16

/* What list's rows are made of, for list_row. */
struct list_rows {
	const struct plan_task *const *tasks;
	const struct fold *fold;
	const struct planview_style *style;
	struct strbuf lead, state;
	struct strpool pool;
	const char **state_of;	/* STATE_KEYS pooled state cells, or NULL */
	struct instant_zone *zone;
	const char *sp;		/* between a lead's code and its progress */
	char updated[11];
	/* The pooled lead, state and update cells of the rows made so far
	 * (or NULL): asked for again, a row is not made again. */
	const char *(*made)[3];
	size_t n_made;
	size_t n;		/* rows */
	bool unmade;		/* a row could not be kept in the pool */
};

/* table_set_shared_rows: every row made and kept, so that asking for
 * one again only reads lr. */
static bool list_rows_ready(void *ctx)
{
	const struct list_rows *lr = ctx;

	return lr->made && lr->n_made == lr->n && !lr->unmade;
}

/* Row r of list (table_row_fn): its cells, each formatted once and
 * kept in the pool; out of memory for the pool, formatted into the
 * buffers for this call only. */
static int list_row(void *ctx, size_t r, const char **cells)
{
	struct list_rows *lr = ctx;
	const struct plan_task *task = lr->tasks[r];
	const struct fold *fold = lr->fold;
	const char *lead_cell = NULL, *state_cell = NULL, *updated_cell;

	/* The id and the description of a row further on asked for now,
	 * with their text facts (textfacts_prefetch; a hint: the facts
	 * are read just before them, and nothing else of a description
	 * written by reference), so that the waits for them overlap. The
	 * table asks for the rows twice, first to measure them: the
	 * description, the last column, is not measured, and was asked
	 * for in vain (a second cache miss a row at 100 000 tasks) until
	 * the row is asked for again, once made. */
	bool drawing = !lr->made || r < lr->n_made;

	if (r + ROW_AHEAD < lr->n) {
		const struct plan_task *ahead = lr->tasks[r + ROW_AHEAD];

		if (ahead->description && drawing)
			textfacts_prefetch(ahead->description);
		textfacts_prefetch(ahead->id);
	}
	/* Half as far on, the head asked for then has come: a text too
	 * short to be written by reference (OUT_REF_MIN) is copied, and
	 * the rest of its lines are asked for too (the copies waited for
	 * them: a quarter of a warm list of 100 000 tasks). */
	if (drawing && r + ROW_AHEAD / 2 < lr->n) {
		const char *d = lr->tasks[r + ROW_AHEAD / 2]->description;
		size_t len;
		unsigned facts;

		if (d && textfacts_get(d, &len, &facts) && len < OUT_REF_MIN)
			for (size_t k = 64; k < len; k += 64)
				__builtin_prefetch(d + k);
	}

	if (lr->made && r < lr->n_made && lr->made[r][0]) {
		lead_cell = lr->made[r][0];
		state_cell = lr->made[r][1];
		updated_cell = lr->made[r][2];
		goto cells;
	}
	if (task->lead.n == 1) {
		const char *code = task->lead.codes[0];
		const struct task_lead_state *ls =
			fold ? fold_lead_at(fold, task, 0) : NULL;
		enum color_role role = lead_role(lr->style, task, ls);
		long key = lr->state_of ? state_key(ls, role) : -1;

		lead_cell = code;
		if (key >= 0)
			state_cell = lr->state_of[key];
		if (!state_cell) {
			strbuf_reset(&lr->state);
			lead_state_text(&lr->state, ls, role);
			state_cell = strpool_intern(&lr->pool, lr->state.buf,
						    lr->state.len);
			if (key >= 0)
				lr->state_of[key] = state_cell;
		}
	} else {
		strbuf_reset(&lr->lead);
		strbuf_reset(&lr->state);
		join_codes(&lr->lead, &task->lead);
		for (size_t k = 0; k < task->lead.n; k++) {
			const char *code = task->lead.codes[k];
			const struct task_lead_state *ls =
				fold ? fold_lead_at(fold, task, k) : NULL;
			enum color_role role = lead_role(lr->style, task, ls);
			int on = role != COLOR_PLAIN;

			/* Several leads: progress only, to keep one line. */
			if (ls && ls->reported)
				strbuf_addf(&lr->state, "%s%s%s%s%d%%%s",
					    k ? ", " : "",
					    color_start(on, role), code,
					    lr->sp, ls->progress,
					    color_end(on, role));
			else
				strbuf_addf(&lr->state, "%s%s%s%s—%s",
					    k ? ", " : "",
					    color_start(on, role), code,
					    lr->sp, color_end(on, role));
		}
		lead_cell = strpool_intern(&lr->pool, lr->lead.buf,
					   lr->lead.len);
		state_cell = strpool_intern(&lr->pool, lr->state.buf,
					    lr->state.len);
	}
	last_update_text(lr->updated, fold, task, lr->zone);
	updated_cell = strpool_intern(&lr->pool, lr->updated,
				      strlen(lr->updated));
	if (!(lead_cell && state_cell && updated_cell))
		lr->unmade = true;
	if (lr->made && r == lr->n_made) {
		lr->made[r][0] = lead_cell && state_cell && updated_cell ?
				 lead_cell : NULL;
		lr->made[r][1] = state_cell;
		lr->made[r][2] = updated_cell;
		lr->n_made++;
	}
cells:
	cells[0] = task->id;
	cells[1] = lead_cell;
	cells[2] = state_cell;
	cells[3] = updated_cell;
	cells[4] = task->deadline.text;
	cells[5] = task->description;
	if (lead_cell && state_cell && updated_cell)
		return TABLE_ROW_KEPT;
	/* Out of memory for the pool: this row's cells, for this call
	 * (several leads: lead and state hold them). */
	if (task->lead.n == 1) {
		const struct task_lead_state *ls = fold ?
			fold_lead_at(fold, task, 0) : NULL;

		strbuf_reset(&lr->lead);
		strbuf_reset(&lr->state);
		join_codes(&lr->lead, &task->lead);
		lead_state_text(&lr->state, ls, lead_role(lr->style, task, ls));
	}
	cells[1] = lr->lead.buf;
	cells[2] = lr->state.buf;
	cells[3] = lr->updated;
	return TABLE_ROW_TRANSIENT;
}

int planview_list_text(FILE *f, const struct plan *p, const struct fold *fold,
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
	struct list_rows lr = {
		.tasks = tasks, .fold = fold, .style = style,
		.lead = STRBUF_INIT, .state = STRBUF_INIT,
		/* Fitted to a terminal, a lead's code and its progress are
		 * one word (a no-break space): a wrap goes between leads. */
		.sp = width > 0 ? "\u00a0" : " ",
		.n = n,
	};
	int ret = n ? -1 : 0;

	(void)p;
	if (n && !t)
		goto out;
	unreadable_text(f, fold);
	if (!n)		/* nothing to show: print nothing, like ls */
		goto out;
	lr.state_of = calloc((size_t)STATE_KEYS, sizeof(*lr.state_of));
	lr.made = mem_calloc_huge(n, sizeof(*lr.made));
	/* Every row is made: its pages in one call, not a fault each. */
	mem_populate(lr.made, n * sizeof(*lr.made));
	lr.zone = malloc(sizeof(*lr.zone));
	if (lr.zone)
		instant_zone_init(lr.zone);
	/* The state column is coloured: status words, numbers and codes. */
	table_set_markup(t, 2);
	table_set_shared_rows(t, list_rows_ready);
	/* The rows are asked for twice (measured, then printed) and never
	 * kept as cells: a list of 100 000 tasks holds three pointers a
	 * row, not a table. */
	ret = table_render_rows(t, f, width, TABLE_FIT, n, list_row, &lr);
out:
	strbuf_release(&lr.lead);
	strbuf_release(&lr.state);
	table_free(t);
	strpool_free(&lr.pool);
	free(lr.state_of);
	free(lr.made);
	free(lr.zone);
	return ret;
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
			fold ? fold_lead_at(fold, t, i) : NULL;
		bool rep = ls && ls->reported;
		const struct task_lead_texts *tx = fold_lead_texts(fold, ls);

		json_object_begin(w);
		json_kv_string(w, "department", t->lead.codes[i]);
		json_key(w, "reported");
		json_bool(w, rep);
		json_kv_string(w, "status", task_status_name(rep ? ls->status
								  : STATUS_NOT_STARTED));
		json_kv_int(w, "progress", rep ? ls->progress : 0);
		json_kv_string(w, "result", rep ? tx->result : NULL);
		json_kv_string(w, "difficulty", rep ? tx->difficulty : NULL);
		json_kv_string(w, "proposal", rep ? tx->proposal : NULL);
		time_json(w, "last_update", rep ? tx->last_update : 0);
		json_kv_string(w, "last_user", rep ? tx->last_user : NULL);
		json_object_end(w);
	}
	json_array_end(w);
	json_key(w, "coordinating_notes");
	json_array_begin(w);
	for (size_t i = 0; fold && i < fold->n_notes; i++) {
		const struct task_note *nt = &fold->notes[i];

		if (nt->task != t)
			continue;
		json_object_begin(w);
		json_kv_string(w, "department", nt->dept);
		json_kv_string(w, "result", nt->result);
		json_kv_string(w, "difficulty", nt->difficulty);
		json_kv_string(w, "proposal", nt->proposal);
		time_json(w, "at", nt->at);
		json_kv_string(w, "user", nt->user);
		json_object_end(w);
	}
	json_array_end(w);
}

/* A report to the consolidator (or upstream) as data: todo.h. */
static void submission_json(struct json_writer *w, const struct todo *td,
			    const struct report_submission *s)
{
	char date[11];

	json_object_begin(w);
	json_kv_string(w, "period", td->report.period->id);
	json_kv_string(w, "department", s->dept->code);
	json_key(w, "consolidated");
	json_bool(w, s->consolidated);
	date_format_iso(s->due, date);
	json_kv_string(w, "due", date);
	json_kv_string(w, "status", report_sub_status_name(s->status));
	json_key(w, "submitted_on");
	if (s->submitted) {
		date_format_iso(s->submitted_day, date);
		json_string(w, date);
	} else {
		json_null(w);
	}
	json_kv_int(w, "days_after_due", todo_days_after(td, s));
	json_object_end(w);
}

/* show: the lead departments' reports for td's period. */
static void task_reports_json(struct json_writer *w, const struct todo *td,
			      const struct plan_task *t)
{
	json_key(w, "reports");
	json_array_begin(w);
	for (size_t i = 0; td && i < t->lead.n; i++) {
		const struct report_submission *s =
			todo_submission(td, t->lead.codes[i], false);

		if (s)
			submission_json(w, td, s);
	}
	json_array_end(w);
}

static void task_json(struct json_writer *w, const struct fold *fold,
		      const struct plan_task *t, const struct todo *td,
		      bool top)
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
		task_reports_json(w, td, t);
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
		task_json(&w, fold, tasks[i], NULL, false);
	json_array_end(&w);
	state_unreadable_json(&w, fold ? fold->unreadable : NULL,
			      fold ? fold->n_unreadable : 0);
	json_object_end(&w);
	json_end(&w);
}

void planview_task_json(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, const struct todo *td)
{
	struct json_writer w;

	(void)p;
	json_init(&w, f);
	task_json(&w, fold, t, td, true);
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

/* "KT: text" under label, when text is set. Returns whether it was. */
static bool text_line(FILE *f, struct strbuf *sb, enum show_label label,
		      const char *who, const char *text, int width, int cols)
{
	if (!text)
		return false;
	strbuf_reset(sb);
	strbuf_addf(sb, "%s: %s", who, text);
	field(f, show_labels[label], sb->buf, width, cols);
	return true;
}

/* One lead's progress line, then its texts. cont: the progress label
 * may be left out (the lead above printed no text: a column of states).
 * Returns whether it printed texts. */
static bool lead_text(FILE *f, struct strbuf *sb, const struct plan_task *t,
		      const char *code, const struct fold *fold,
		      const struct task_lead_state *ls, bool cont, int width,
		      int cols, const struct planview_style *style)
{
	const struct task_lead_texts *tx = fold_lead_texts(fold, ls);
	bool texts = false;
	char date[11];

	strbuf_reset(sb);
	strbuf_addf(sb, "%s: ", code);
	lead_state_text(sb, ls, lead_role(style, t, ls));
	if (ls && ls->reported) {
		char *user = table_escape(tx->last_user, 0);

		date_format_vn(date_of_time(tx->last_update), date);
		/* TRANSLATORS: after a lead's state: the day of
		 * its last update and the Unix user who made it. */
		strbuf_addf(sb, _(" (updated %s by %s)"), date, user);
		free(user);
	}
	field_markup(f, cont ? "" : show_labels[L_PROGRESS], sb->buf, width,
		     cols);
	if (!ls || !ls->reported)
		return false;
	texts |= text_line(f, sb, L_RESULT, code, tx->result, width, cols);
	texts |= text_line(f, sb, L_DIFFICULTY, code, tx->difficulty, width,
			   cols);
	texts |= text_line(f, sb, L_PROPOSAL, code, tx->proposal, width, cols);
	return texts;
}

/* A coordinating department's notes: its first line says when and who. */
static void note_text(FILE *f, struct strbuf *sb, const struct task_note *nt,
		      int width, int cols)
{
	static const enum show_label labels[] = {
		L_RESULT, L_DIFFICULTY, L_PROPOSAL,
	};
	const char *texts[] = { nt->result, nt->difficulty, nt->proposal };
	char *user = table_escape(nt->user ? nt->user : "", 0);
	char date[11];
	bool first = true;

	date_format_vn(date_of_time(nt->at), date);
	for (size_t k = 0; k < 3; k++) {
		if (!texts[k])
			continue;
		strbuf_reset(sb);
		if (first)
			/* TRANSLATORS: the first note of a coordinating
			 * department: "VHXH (coordinating, 02/03/2026, lan):
			 * Đã gửi góp ý": the day of its latest note and the
			 * user who recorded it. */
			strbuf_addf(sb, _("%s (coordinating, %s, %s): %s"),
				    nt->dept, date, user, texts[k]);
		else
			/* TRANSLATORS: a coordinating department's note: "VHXH
			 * (coordinating): Đã gửi góp ý". */
			strbuf_addf(sb, _("%s (coordinating): %s"), nt->dept,
				    texts[k]);
		first = false;
		field(f, show_labels[labels[k]], sb->buf, width, cols);
	}
	free(user);
}

/* "KT submitted on 19/05/2026", "VHXH not submitted, 3 days overdue". */
static void submission_words(struct strbuf *sb, const struct todo *td,
			     const struct report_submission *s)
{
	char date[11];
	int days = todo_days_after(td, s);

	date_format_vn(s->submitted ? s->submitted_day : s->due, date);
	switch (s->status) {
	case SUB_ON_TIME:
		strbuf_addf(sb, _("%s submitted on %s"), s->dept->code, date);
		break;
	case SUB_LATE:
		strbuf_addf(sb, ngettext("%s submitted on %s, %d day late",
					 "%s submitted on %s, %d days late",
					 (unsigned long)days),
			    s->dept->code, date, days);
		break;
	case SUB_MISSING:
		strbuf_addf(sb, ngettext("%s not submitted, %d day overdue",
					 "%s not submitted, %d days overdue",
					 (unsigned long)days),
			    s->dept->code, days);
		break;
	case SUB_PENDING:
		strbuf_addf(sb, _("%s not submitted yet"), s->dept->code);
		break;
	}
}

/* show: the lead departments' reports for td's period, on one line. */
static void reports_text(FILE *f, const struct todo *td,
			 const struct plan_task *t, int width, int cols)
{
	const struct plan_period *pd = td->report.period;
	struct strbuf list = STRBUF_INIT, sb = STRBUF_INIT;
	char due[11];

	for (size_t i = 0; i < t->lead.n; i++) {
		const struct report_submission *s =
			todo_submission(td, t->lead.codes[i], false);

		if (!s)
			continue;
		if (list.len)
			strbuf_addstr(&list, "; ");
		submission_words(&list, td, s);
	}
	date_format_vn(pd->department_due, due);
	/* TRANSLATORS: show's line of reports: the period's name (from the
	 * plan), its deadline, then "HCC submitted on 19/05/2026; KT not
	 * submitted yet". */
	strbuf_addf(&sb, _("%s (due %s): %s"), pd->name, due, list.buf);
	field(f, show_labels[L_REPORTS], sb.buf, width, cols);
	strbuf_release(&list);
	strbuf_release(&sb);
}

void planview_task_text(FILE *f, const struct plan *p, const struct fold *fold,
			const struct plan_task *t, const struct todo *td,
			int width, const struct planview_style *style)
{
	const struct plan_group *g = plan_group_find(p, t->group);
	struct strbuf sb = STRBUF_INIT;
	int cols = label_cols();
	char date[11];
	bool texts = true;

	unreadable_text(f, fold);
	/* TRANSLATORS: the heading of 'show': "Task II.3". */
	fprintf(f, _("Task %s"), t->id);
	fputc('\n', f);
	strbuf_addf(&sb, "%s. %s", t->group, g ? g->title : "");
	field(f, show_labels[L_GROUP], sb.buf, width, cols);
	field(f, show_labels[L_DESCRIPTION], t->description, width, cols);
	strbuf_reset(&sb);
	refs_text(&sb, p, &t->lead);
	field(f, show_labels[L_LEAD], sb.buf, width, cols);
	strbuf_reset(&sb);
	refs_text(&sb, p, &t->coordinating);
	field(f, show_labels[L_COORDINATING], sb.buf, width, cols);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, t->deadline.text);
	if (t->deadline.kind == DEADLINE_DATE) {
		date_format_vn(t->deadline.date, date);
		/* TRANSLATORS: after a deadline as the plan words it:
		 * "Trong tháng 6 (due 30/06/2026)". */
		strbuf_addf(&sb, _(" (due %s)"), date);
	}
	field(f, show_labels[L_DEADLINE], sb.buf, width, cols);
	for (size_t i = 0; i < t->lead.n; i++) {
		const struct task_lead_state *ls =
			fold ? fold_lead_at(fold, t, i) : NULL;

		texts = lead_text(f, &sb, t, t->lead.codes[i], fold, ls,
				  !texts, width, cols, style);
	}
	for (size_t i = 0; fold && i < fold->n_notes; i++)
		if (fold->notes[i].task == t)
			note_text(f, &sb, &fold->notes[i], width, cols);
	if (td)
		reports_text(f, td, t, width, cols);
	strbuf_release(&sb);
}

static void target_text(struct strbuf *sb, const struct plan_indicator *ind)
{
	strbuf_addstr(sb, ind->target_text);
	if (strcmp(ind->unit, "%") != 0)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, ind->unit);
}

int planview_indicators_text(FILE *f, const struct plan *p, int width)
{
	/* TRANSLATORS: the columns of 'indicators': number, target,
	 * monitoring department, the indicator. */
	const char *const headers[] = {
		_("No."), _("Target"), _("Monitoring"), _("Indicator"),
	};
	struct table *t = table_new(4, headers);
	struct strbuf target = STRBUF_INIT;
	char num[24];
	int ret = -1;

	if (!t)
		goto out;
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
		if (table_add_row(t, cells))
			goto out;
	}
	ret = table_render(t, f, width, TABLE_WRAP);
out:
	strbuf_release(&target);
	table_free(t);
	return ret;
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

/* ---- todo ---- */

/* A lead's state in a report row, as lead_state_text says it. */
static void row_state_text(struct strbuf *sb, const struct report_row *row,
			   const struct planview_style *style)
{
	enum color_role role = COLOR_PLAIN;
	int on;

	if (style && style->color)
		role = row->overdue ? COLOR_OVERDUE :
			color_of_status(row->reported, row->status);
	on = role != COLOR_PLAIN;
	strbuf_addstr(sb, color_start(on, role));
	if (!row->reported)
		strbuf_addstr(sb, _("No update yet"));
	else
		strbuf_addf(sb, "%s %d%%", status_text(row->status),
			    row->progress);
	strbuf_addstr(sb, color_end(on, role));
}

/* The rows of one department: id, its state, last update, deadline,
 * task. */
static int rows_table(FILE *f, const struct report_row *const *rows,
		      size_t n, int width, const struct planview_style *style)
{
	const char *const headers[] = {
		_("ID"), _("Status"), _("Updated"), _("Deadline"), _("Task"),
	};
	struct table *t = table_new(5, headers);
	struct strbuf state = STRBUF_INIT;
	char updated[11];
	int ret = -1;

	if (!t)
		goto out;
	table_set_markup(t, 1);
	for (size_t i = 0; i < n; i++) {
		const struct report_row *row = rows[i];
		const char *cells[5];

		strbuf_reset(&state);
		row_state_text(&state, row, style);
		updated[0] = '\0';
		if (row->reported && row->last_update)
			date_format_vn(row->last_update_day, updated);
		cells[0] = row->task->id;
		cells[1] = state.buf;
		cells[2] = updated;
		cells[3] = row->task->deadline.text;
		cells[4] = row->task->description;
		if (table_add_row(t, cells))
			goto out;
	}
	ret = table_render(t, f, width, TABLE_FIT);
out:
	strbuf_release(&state);
	table_free(t);
	return ret;
}

static int no_value_table(FILE *f, const struct report_indicator *const *v,
			  size_t n, int width)
{
	const char *const headers[] = { _("No."), _("Target"), _("Indicator") };
	struct table *t = table_new(3, headers);
	struct strbuf target = STRBUF_INIT;
	char num[24];
	int ret = -1;

	if (!t)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct plan_indicator *ind = v[i]->indicator;
		const char *cells[3];

		strbuf_reset(&target);
		target_text(&target, ind);
		if (snprintf(num, sizeof(num), "%d", ind->number) < 0)
			num[0] = '\0';
		cells[0] = num;
		cells[1] = target.buf;
		cells[2] = ind->name;
		if (table_add_row(t, cells))
			goto out;
	}
	ret = table_render(t, f, width, TABLE_FIT);
out:
	strbuf_release(&target);
	table_free(t);
	return ret;
}

/* One sentence on a department's report (or the consolidated one) for
 * td's period: when it is due, whether it went, late or on time. */
static void report_sentence(struct strbuf *sb, const struct todo *td,
			    const struct report_submission *s)
{
	const struct plan_period *pd = td->report.period;
	char date[11];
	int days = todo_days_after(td, s);
	unsigned long n = (unsigned long)(days < 0 ? -days : days);

	date_format_vn(s->submitted ? s->submitted_day : s->due, date);
	if (!s->consolidated) {
		if (s->status == SUB_ON_TIME)
			strbuf_addf(sb, _("Report for %s (%s): submitted on %s, "
					  "on time."), pd->name, pd->id, date);
		else if (s->status == SUB_LATE)
			strbuf_addf(sb, ngettext("Report for %s (%s): submitted "
						 "on %s, %d day late.",
						 "Report for %s (%s): submitted "
						 "on %s, %d days late.", n),
				    pd->name, pd->id, date, days);
		else if (days > 0)
			strbuf_addf(sb, ngettext("Report for %s (%s): due %s, "
						 "%d day overdue; not submitted "
						 "yet.",
						 "Report for %s (%s): due %s, "
						 "%d days overdue; not submitted "
						 "yet.", n),
				    pd->name, pd->id, date, days);
		else if (days == 0)
			strbuf_addf(sb, _("Report for %s (%s): due today (%s); "
					  "not submitted yet."), pd->name,
				    pd->id, date);
		else
			strbuf_addf(sb, ngettext("Report for %s (%s): due %s, "
						 "%d day left; not submitted "
						 "yet.",
						 "Report for %s (%s): due %s, "
						 "%d days left; not submitted "
						 "yet.", n),
				    pd->name, pd->id, date, -days);
		return;
	}
	if (s->status == SUB_ON_TIME)
		strbuf_addf(sb, _("Consolidated report for %s to %s: sent on "
				  "%s, on time."), pd->name, pd->recipient,
			    date);
	else if (s->status == SUB_LATE)
		strbuf_addf(sb, ngettext("Consolidated report for %s to %s: "
					 "sent on %s, %d day late.",
					 "Consolidated report for %s to %s: "
					 "sent on %s, %d days late.", n),
			    pd->name, pd->recipient, date, days);
	else if (days > 0)
		strbuf_addf(sb, ngettext("Consolidated report for %s to %s: "
					 "due %s, %d day overdue; not sent "
					 "yet.",
					 "Consolidated report for %s to %s: "
					 "due %s, %d days overdue; not sent "
					 "yet.", n),
			    pd->name, pd->recipient, date, days);
	else if (days == 0)
		strbuf_addf(sb, _("Consolidated report for %s to %s: due today "
				  "(%s); not sent yet."), pd->name,
			    pd->recipient, date);
	else
		strbuf_addf(sb, ngettext("Consolidated report for %s to %s: "
					 "due %s, %d day left; not sent yet.",
					 "Consolidated report for %s to %s: "
					 "due %s, %d days left; not sent yet.",
					 n),
			    pd->name, pd->recipient, date, -days);
}

/* The departments of td whose report is not in, "HCC, VHXH". */
static size_t missing_codes(struct strbuf *sb, const struct todo *td)
{
	size_t n = 0;

	for (size_t i = 0; i < td->report.n_subs; i++) {
		const struct report_submission *s = &td->report.subs[i];

		if (s->consolidated || s->submitted)
			continue;
		strbuf_addf(sb, "%s%s", n++ ? ", " : "", s->dept->code);
	}
	return n;
}

/* A line of text wrapped to width (0: as it is). */
static void put_line(FILE *f, const char *s, int width, int indent)
{
	char *safe = table_escape(s, 1);

	if (width > 0)
		utf8_put_wrapped(f, safe, width, indent);
	else
		fputs(safe, f);
	fputc('\n', f);
	free(safe);
}

/* The reports of period td that d has not sent, and for its consolidator
 * the consolidated one and who is missing. all: say it even when sent. */
static bool reports_text_of(FILE *f, const struct todo *td,
			    const struct plan_dept *d, bool all, int width)
{
	const struct report_submission *s = todo_submission(td, d->code, false);
	const struct report_submission *c = td->report.consolidator == d ?
		todo_submission(td, d->code, true) : NULL;
	struct strbuf sb = STRBUF_INIT, codes = STRBUF_INIT;
	bool said = false;

	if (s && (all || !s->submitted)) {
		report_sentence(&sb, td, s);
		put_line(f, sb.buf, width, 0);
		said = true;
	}
	if (c && (all || !c->submitted)) {
		strbuf_reset(&sb);
		report_sentence(&sb, td, c);
		put_line(f, sb.buf, width, 0);
		if (!c->submitted && missing_codes(&codes, td)) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, _("Departments whose report is not in "
					   "yet: %s."), codes.buf);
			put_line(f, sb.buf, width, 0);
		}
		said = true;
	}
	strbuf_release(&sb);
	strbuf_release(&codes);
	return said;
}

/* 0, or -1 when a table ran out of memory (the rest still written). */
static int todo_dept_text(FILE *f, const struct todo *td,
			  const struct todo *const *more, size_t n_more,
			  const struct todo_dept *it, int width,
			  const struct planview_style *style)
{
	const struct plan_period *pd = td->report.period;
	struct strbuf sb = STRBUF_INIT;
	char since[11];
	bool nothing = todo_dept_empty(it);
	int ret = 0;

	date_format_vn(td->since, since);
	/* TRANSLATORS: the heading of a department in 'todo': its code and
	 * name. */
	strbuf_addf(&sb, _("%s: %s"), it->dept->code, it->dept->name);
	put_line(f, sb.buf, width, 0);
	for (size_t k = 0; k < n_more; k++)
		nothing &= !reports_text_of(f, more[k], it->dept, false, width);
	reports_text_of(f, td, it->dept, true, width);
	if (it->n_stale) {
		fprintf(f, ngettext("Lead tasks with no update since %s (%zu):",
				    "Lead tasks with no update since %s (%zu):",
				    it->n_stale), since, it->n_stale);
		fputc('\n', f);
		ret |= rows_table(f, it->stale, it->n_stale, width, style);
	}
	if (it->n_overdue) {
		fprintf(f, ngettext("Overdue task (%zu):", "Overdue tasks (%zu):",
				    it->n_overdue), it->n_overdue);
		fputc('\n', f);
		ret |= rows_table(f, it->overdue, it->n_overdue, width,
				  style);
	}
	if (it->n_no_value) {
		fprintf(f, ngettext("Indicator without a value for %s (%zu):",
				    "Indicators without a value for %s (%zu):",
				    it->n_no_value), pd->id, it->n_no_value);
		fputc('\n', f);
		ret |= no_value_table(f, it->no_value, it->n_no_value, width);
	}
	if (nothing) {
		fprintf(f, _("Nothing left to do for %s."), pd->id);
		fputc('\n', f);
	}
	if (it->n_coord) {
		fprintf(f, ngettext("Task it coordinates with no note since %s "
				    "(%zu):",
				    "Tasks it coordinates with no note since %s "
				    "(%zu):", it->n_coord), since, it->n_coord);
		fputc('\n', f);
		strbuf_reset(&sb);
		for (size_t i = 0; i < it->n_coord; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "",
				    it->coord[i]->id);
		put_line(f, sb.buf, width, 0);
	}
	strbuf_release(&sb);
	return ret;
}

int planview_todo_text(FILE *f, const struct todo *td,
		       const struct todo *const *more, size_t n_more,
		       const struct todo_dept *items, size_t n,
		       int width, const struct planview_style *style)
{
	const struct plan_period *pd = td->report.period;
	bool left = false;
	int ret = 0;

	unreadable_notice(f, td->report.unreadable, td->report.n_unreadable);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('\n', f);
		ret |= todo_dept_text(f, td, more, n_more, &items[i], width,
				      style);
		left |= items[i].n_stale || items[i].n_overdue ||
			(items[i].sub && !items[i].sub->submitted);
	}
	if (left) {
		struct strbuf sb = STRBUF_INIT;

		fputc('\n', f);
		strbuf_addf(&sb, _("Record an update with 'plantrack update ID'; "
				   "once the report is complete, 'plantrack "
				   "submit --period %s'."), pd->id);
		put_line(f, sb.buf, width, 0);
		strbuf_release(&sb);
	}
	return ret;
}

static void row_json(struct json_writer *w, const struct report_row *row)
{
	char buf[INSTANT_LEN];

	json_object_begin(w);
	json_kv_string(w, "task", row->task->id);
	json_key(w, "reported");
	json_bool(w, row->reported);
	json_kv_string(w, "status", task_status_name(row->status));
	json_kv_int(w, "progress", row->progress);
	json_key(w, "last_update");
	if (row->reported && row->last_update &&
	    instant_format(row->last_update, buf) == 0)
		json_string(w, buf);
	else
		json_null(w);
	json_key(w, "overdue");
	json_bool(w, row->overdue);
	json_object_end(w);
}

/* The reports of period td that d still owes (all: every one of its). */
static void reports_json(struct json_writer *w, const struct todo *td,
			 const struct plan_dept *d, bool all)
{
	const struct report_submission *s = todo_submission(td, d->code, false);
	const struct report_submission *c = td->report.consolidator == d ?
		todo_submission(td, d->code, true) : NULL;

	if (s && (all || !s->submitted))
		submission_json(w, td, s);
	if (c && (all || !c->submitted))
		submission_json(w, td, c);
}

void planview_todo_json(FILE *f, const struct todo *td,
			const struct todo *const *more, size_t n_more,
			const struct todo_dept *items, size_t n)
{
	const struct plan_period *pd = td->report.period;
	struct json_writer w;
	char date[11];

	json_init(&w, f);
	json_object_begin(&w);
	date_format_iso(td->today, date);
	json_kv_string(&w, "today", date);
	json_key(&w, "period");
	json_object_begin(&w);
	json_kv_string(&w, "id", pd->id);
	json_kv_string(&w, "name", pd->name);
	date_format_iso(td->since, date);
	json_kv_string(&w, "since", date);
	json_object_end(&w);
	json_key(&w, "departments");
	json_array_begin(&w);
	for (size_t i = 0; i < n; i++) {
		const struct todo_dept *it = &items[i];

		json_object_begin(&w);
		json_kv_string(&w, "code", it->dept->code);
		json_kv_string(&w, "name", it->dept->name);
		json_key(&w, "reports");
		json_array_begin(&w);
		for (size_t k = 0; k < n_more; k++)
			reports_json(&w, more[k], it->dept, false);
		reports_json(&w, td, it->dept, true);
		json_array_end(&w);
		json_key(&w, "missing_departments");
		json_array_begin(&w);
		for (size_t k = 0; k < it->n_missing; k++)
			json_string(&w, it->missing[k]->code);
		json_array_end(&w);
		json_key(&w, "not_updated");
		json_array_begin(&w);
		for (size_t k = 0; k < it->n_stale; k++)
			row_json(&w, it->stale[k]);
		json_array_end(&w);
		json_key(&w, "overdue");
		json_array_begin(&w);
		for (size_t k = 0; k < it->n_overdue; k++)
			row_json(&w, it->overdue[k]);
		json_array_end(&w);
		json_key(&w, "indicators_without_value");
		json_array_begin(&w);
		for (size_t k = 0; k < it->n_no_value; k++)
			json_int(&w, it->no_value[k]->indicator->number);
		json_array_end(&w);
		json_key(&w, "coordinating_without_note");
		json_array_begin(&w);
		for (size_t k = 0; k < it->n_coord; k++)
			json_string(&w, it->coord[k]->id);
		json_array_end(&w);
		json_key(&w, "nothing_left");
		json_bool(&w, todo_dept_empty(it));
		json_object_end(&w);
	}
	json_array_end(&w);
	state_unreadable_json(&w, td->report.unreadable,
			      td->report.n_unreadable);
	json_object_end(&w);
	json_end(&w);
}
