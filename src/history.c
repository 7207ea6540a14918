/* history.c: entries as changes from what to what, and their rendering. */
#include <stdlib.h>
#include <string.h>

#include "plantrack/history.h"
#include "plantrack/instant.h"
#include "plantrack/json.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"

/* Orders entries by what they change, then by position: each group of
 * equal keys is one field's history, in recorded order. */
static int key_cmp(const struct state_entry *a, const struct state_entry *b)
{
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	switch (a->kind) {
	case ENTRY_TASK:
		if ((c = strcmp(a->dept, b->dept)))
			return c;
		if ((c = strcmp(a->task, b->task)))
			return c;
		return (int)a->role - (int)b->role;
	case ENTRY_INDICATOR:
		if (a->indicator != b->indicator)
			return a->indicator < b->indicator ? -1 : 1;
		return strcmp(a->period, b->period);
	case ENTRY_SUBMIT:
		break;
	}
	return 0;
}

static const struct state_entry *sort_base;

static int index_cmp(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = key_cmp(&sort_base[i], &sort_base[j]);

	if (c)
		return c;
	return i < j ? -1 : i > j;
}

static const struct plan_period *period_of_day(const struct plan *p, pt_day day)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		if (pd->department_due >= day &&
		    (!best || pd->department_due < best->department_due))
			best = pd;
	}
	return best;
}

static size_t dept_index(const struct plan *p, const char *code)
{
	const struct plan_dept *d = plan_dept_find(p, code);

	return d ? (size_t)(d - p->depts) : p->n_depts;
}

int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt)
{
	struct history_item *all = NULL;
	size_t *idx = NULL, n = st ? st->n : 0;
	time_t *first_sub = NULL;
	size_t nsub = (p->n_depts + 1) * (p->n_periods ? p->n_periods : 1);

	memset(h, 0, sizeof(*h));
	if (!n)
		return 0;
	all = calloc(n, sizeof(*all));
	idx = calloc(n, sizeof(*idx));
	first_sub = calloc(nsub, sizeof(*first_sub));
	h->items = calloc(n, sizeof(*h->items));
	if (!all || !idx || !first_sub || !h->items)
		goto err;

	/* When each department first submitted each period's report. */
	for (size_t i = 0; i < n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct plan_period *pd;
		size_t k;

		if (e->kind != ENTRY_SUBMIT || e->consolidated)
			continue;
		pd = plan_period_find(p, e->period);
		if (!pd)
			continue;
		k = dept_index(p, e->dept) * p->n_periods + (size_t)(pd - p->periods);
		if (!first_sub[k] || e->at < first_sub[k])
			first_sub[k] = e->at;
	}

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_base = st->entries;
	qsort(idx, n, sizeof(*idx), index_cmp);
	sort_base = NULL;
	for (size_t g = 0; g < n;) {
		struct history_item prev = { 0 };
		size_t end = g + 1;

		prev.old_status = STATUS_NOT_STARTED;
		while (end < n && !key_cmp(&st->entries[idx[g]], &st->entries[idx[end]]))
			end++;
		for (size_t k = g; k < end; k++) {
			const struct state_entry *e = &st->entries[idx[k]];
			struct history_item *it = &all[idx[k]];

			*it = prev;
			it->e = e;
			if (e->kind == ENTRY_TASK) {
				if (e->set & SET_STATUS) {
					prev.had_status = true;
					prev.old_status = e->status;
					if (e->status == STATUS_DONE)
						prev.old_progress = 100;
				}
				if (e->set & SET_PROGRESS)
					prev.old_progress = e->progress;
				if (e->set & SET_RESULT)
					prev.old_result = e->result;
			} else if (e->kind == ENTRY_INDICATOR) {
				prev.had_value = true;
				prev.old_value = e->value;
			}
		}
		g = end;
	}

	for (size_t i = 0; i < n; i++) {
		struct history_item *it = &all[i];
		const struct state_entry *e = it->e;
		pt_day day = instant_day(e->at, e->utc_offset);

		if (flt->task && (e->kind != ENTRY_TASK ||
				  strcmp(e->task, flt->task) != 0))
			continue;
		if (flt->dept && strcmp(e->dept, flt->dept) != 0)
			continue;
		if (flt->since != PT_DAY_NONE && day < flt->since)
			continue;
		if (e->kind != ENTRY_SUBMIT) {
			const struct plan_period *pd = period_of_day(p, day);

			if (pd) {
				size_t k = dept_index(p, e->dept) * p->n_periods +
					   (size_t)(pd - p->periods);

				if (first_sub[k] && first_sub[k] < e->at)
					it->after_submission = pd;
			}
		}
		h->items[h->n++] = *it;
	}
	free(first_sub);
	free(idx);
	free(all);
	return 0;
err:
	free(first_sub);
	free(idx);
	free(all);
	history_release(h);
	return -1;
}

void history_release(struct history *h)
{
	if (!h)
		return;
	free(h->items);
	h->items = NULL;
	h->n = 0;
}

static void quoted(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_addf(sb, "“%s”", s);
	else
		strbuf_addstr(sb, "(chưa có)");
}

static void sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

static void describe(struct strbuf *sb, const struct history_item *it,
		     const struct plan *p)
{
	const struct state_entry *e = it->e;
	const struct plan_period *pd;
	const struct plan_indicator *ind;

	switch (e->kind) {
	case ENTRY_TASK:
		if (e->role == ROLE_COORDINATING)
			strbuf_addstr(sb, "(phối hợp) ");
		if (e->set & SET_STATUS)
			strbuf_addf(sb, "trạng thái: %s → %s",
				    task_status_label(it->old_status),
				    task_status_label(e->status));
		if (e->set & SET_PROGRESS) {
			if (e->set & SET_STATUS)
				strbuf_addstr(sb, "; ");
			strbuf_addf(sb, "tiến độ: %d%% → %d%%", it->old_progress,
				    e->progress);
		}
		if (e->set & SET_RESULT) {
			if (e->set & (SET_STATUS | SET_PROGRESS))
				strbuf_addstr(sb, "; ");
			strbuf_addstr(sb, "kết quả: ");
			quoted(sb, it->old_result);
			strbuf_addstr(sb, " → ");
			quoted(sb, e->result);
		}
		if (e->set & SET_DIFFICULTY) {
			if (e->set & (SET_STATUS | SET_PROGRESS | SET_RESULT))
				strbuf_addstr(sb, "; ");
			strbuf_addstr(sb, "khó khăn: ");
			quoted(sb, e->difficulty);
		}
		if (e->set & SET_PROPOSAL) {
			if (e->set & ~SET_PROPOSAL)
				strbuf_addstr(sb, "; ");
			strbuf_addstr(sb, "kiến nghị: ");
			quoted(sb, e->proposal);
		}
		break;
	case ENTRY_INDICATOR:
		ind = plan_indicator_find(p, e->indicator);
		if (it->had_value)
			strbuf_addf(sb, "giá trị: %g → %g", it->old_value, e->value);
		else
			strbuf_addf(sb, "giá trị: %g", e->value);
		if (ind)
			strbuf_addstr(sb, ind->unit);
		if (e->note) {
			strbuf_addstr(sb, "; ghi chú: ");
			quoted(sb, e->note);
		}
		break;
	case ENTRY_SUBMIT:
		pd = plan_period_find(p, e->period);
		if (e->consolidated)
			strbuf_addf(sb, "gửi báo cáo tổng hợp %s đến %s",
				    pd ? pd->name : e->period, pd ? pd->recipient : "");
		else
			strbuf_addf(sb, "nộp báo cáo %s", pd ? pd->name : e->period);
		break;
	}
	if (it->after_submission) {
		sep(sb);
		strbuf_addf(sb, "sau khi đã nộp báo cáo %s", it->after_submission->id);
	}
}

static void subject(struct strbuf *sb, const struct state_entry *e)
{
	switch (e->kind) {
	case ENTRY_TASK:
		strbuf_addstr(sb, e->task);
		break;
	case ENTRY_INDICATOR:
		strbuf_addf(sb, "chỉ tiêu %d (%s)", e->indicator, e->period);
		break;
	case ENTRY_SUBMIT:
		strbuf_addf(sb, "báo cáo %s", e->period);
		break;
	}
}

void history_render_text(FILE *f, const struct history *h,
			 const struct plan *p, int width)
{
	static const char *const headers[] = {
		"Thời gian", "Người dùng", "Đơn vị", "Mục", "Thay đổi",
	};
	struct strbuf what = STRBUF_INIT, change = STRBUF_INIT;
	struct table *t;
	char at[INSTANT_LEN];

	if (!h->n)
		return;
	t = table_new(5, headers);
	if (!t)
		return;
	for (size_t i = 0; i < h->n; i++) {
		const struct state_entry *e = h->items[i].e;
		const char *cells[5];

		if (instant_format_offset(e->at, e->utc_offset, at) != 0)
			at[0] = '\0';
		strbuf_reset(&what);
		strbuf_reset(&change);
		subject(&what, e);
		describe(&change, &h->items[i], p);
		cells[0] = at;
		cells[1] = e->user;
		cells[2] = e->dept;
		cells[3] = what.buf;
		cells[4] = change.buf;
		table_add_row(t, cells);
	}
	table_render(t, f, width, TABLE_WRAP);
	table_free(t);
	strbuf_release(&what);
	strbuf_release(&change);
}

static void change_json(struct json_writer *w, const char *field,
			const char *from, const char *to)
{
	json_object_begin(w);
	json_kv_string(w, "field", field);
	json_kv_string(w, "from", from);
	json_kv_string(w, "to", to);
	json_object_end(w);
}

static void entry_json(struct json_writer *w, const struct history_item *it)
{
	const struct state_entry *e = it->e;
	char at[INSTANT_LEN];
	static const char *const kinds[] = { "task", "indicator", "submit" };

	if (instant_format_offset(e->at, e->utc_offset, at) != 0)
		at[0] = '\0';
	json_object_begin(w);
	json_kv_string(w, "at", at);
	json_kv_string(w, "user", e->user);
	json_kv_int(w, "uid", e->uid);
	json_kv_string(w, "department", e->dept);
	json_kv_string(w, "type", kinds[e->kind]);
	switch (e->kind) {
	case ENTRY_TASK:
		json_kv_string(w, "task", e->task);
		json_kv_string(w, "role", e->role == ROLE_LEAD ? "lead" : "coordinating");
		json_key(w, "changes");
		json_array_begin(w);
		if (e->set & SET_STATUS)
			change_json(w, "status", task_status_name(it->old_status),
				    task_status_name(e->status));
		if (e->set & SET_PROGRESS) {
			json_object_begin(w);
			json_kv_string(w, "field", "progress");
			json_kv_int(w, "from", it->old_progress);
			json_kv_int(w, "to", e->progress);
			json_object_end(w);
		}
		if (e->set & SET_RESULT)
			change_json(w, "result", it->old_result, e->result);
		json_array_end(w);
		json_kv_string(w, "difficulty",
			       e->set & SET_DIFFICULTY ? e->difficulty : NULL);
		json_kv_string(w, "proposal",
			       e->set & SET_PROPOSAL ? e->proposal : NULL);
		break;
	case ENTRY_INDICATOR:
		json_kv_int(w, "indicator", e->indicator);
		json_kv_string(w, "period", e->period);
		json_key(w, "changes");
		json_array_begin(w);
		json_object_begin(w);
		json_kv_string(w, "field", "value");
		json_key(w, "from");
		if (it->had_value)
			json_number(w, it->old_value);
		else
			json_null(w);
		json_key(w, "to");
		json_number(w, e->value);
		json_object_end(w);
		json_array_end(w);
		json_kv_string(w, "note", e->note);
		break;
	case ENTRY_SUBMIT:
		json_kv_string(w, "period", e->period);
		json_key(w, "consolidated");
		json_bool(w, e->consolidated);
		break;
	}
	json_kv_string(w, "after_submission",
		       it->after_submission ? it->after_submission->id : NULL);
	json_object_end(w);
}

void history_render_json(FILE *f, const struct history *h,
			 const struct plan *p)
{
	struct json_writer w;

	(void)p;
	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "entries");
	json_array_begin(&w);
	for (size_t i = 0; i < h->n; i++)
		entry_json(&w, &h->items[i]);
	json_array_end(&w);
	json_object_end(&w);
	json_end(&w);
}
