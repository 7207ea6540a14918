/* render_csv.c: the report's tables as CSV (RFC 4180), for spreadsheets:
 * tasks (Phụ lục II, one record per task and lead department),
 * indicators (Phụ lục I), proposals and difficulties (one record per
 * note recorded in the period), sections (one record per text of a
 * prose section) and submissions (the internal annex).
 *
 * csv.h writes the records: CRLF after each, quotes where needed, and a
 * leading ' before a field a spreadsheet would take for a formula. Text
 * is written as recorded otherwise: nothing is trimmed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "plantrack/csv.h"
#include "plantrack/render.h"
#include "plantrack/strbuf.h"
#include "render_int.h"

#define MAX_COLS 17

static const char *const table_names[N_RENDER_TABLES] = {
	[TABLE_TASKS] = "tasks",
	[TABLE_INDICATORS] = "indicators",
	[TABLE_PROPOSALS] = "proposals",
	[TABLE_DIFFICULTIES] = "difficulties",
	[TABLE_SUBMISSIONS] = "submissions",
	[TABLE_SECTIONS] = "sections",
};

const char *render_table_name(enum render_table t)
{
	return (unsigned)t < N_RENDER_TABLES ? table_names[t] : "?";
}

int render_table_parse(const char *s, enum render_table *out)
{
	size_t i;

	for (i = 0; i < N_RENDER_TABLES; i++) {
		if (!strcmp(s, table_names[i])) {
			*out = (enum render_table)i;
			return 0;
		}
	}
	return -1;
}

static const char *yes_no(bool b)
{
	return b ? "có" : "không";
}

static const char *const task_header[] = {
	"Nhóm", "Mã nhiệm vụ", "Nhiệm vụ", "Mã đơn vị chủ trì",
	"Đơn vị chủ trì", "Mã trạng thái", "Trạng thái", "Tiến độ (%)",
	"Kết quả thực hiện", "Cập nhật lần cuối", "Thời hạn",
	"Ngày hạn", "Quá hạn", "Chưa báo cáo", "Mã tình trạng kỳ báo cáo",
	"Tình trạng kỳ báo cáo", "Kết quả phối hợp",
};

#define TASK_COLS (sizeof(task_header) / sizeof(task_header[0]))

/* Records of rows [from, to) of report arg (split_fn). */
static void put_task_rows(struct out *f, size_t from, size_t to, void *arg)
{
	const struct report *r = arg;
	struct strbuf coord = STRBUF_INIT;
	const char *fields[MAX_COLS];
	char progress[RENDER_NUM_LEN], updated[11], due[11], day[11];
	size_t i, k;

	for (i = from; i < to; i++) {
		const struct report_row *row = &r->rows[i];
		const struct plan_task *t = row->task;

		report_prefetch_row(r, i + REPORT_AHEAD);
		report_touch_tasks(r, i);
		/* What will be copied rather than written by reference. */
		report_prefetch_row_texts(r, i + REPORT_AHEAD / 2,
					  OUT_REF_MIN);

		render_int(progress, row->progress);
		render_day_iso(row->last_update_day, updated);
		render_day_iso(t->deadline.kind == DEADLINE_DATE ?
			       t->deadline.date : PT_DAY_NONE, due);
		/* One line per coordinating department: "VHXH 2026-03-02: …". */
		strbuf_reset(&coord);
		for (k = 0; k < row->n_coords; k++) {
			const struct report_coord *co =
				&r->coords[row->coord_first + k];

			render_day_iso(co->day, day);
			/* Piece by piece: a printf per line cost more than
			 * the rest of the record. */
			if (k)
				strbuf_addch(&coord, '\n');
			strbuf_addstr(&coord, co->dept->code);
			strbuf_addch(&coord, ' ');
			strbuf_addstr(&coord, day);
			strbuf_add(&coord, ": ", 2);
			strbuf_addstr(&coord, co->text);
		}
		fields[0] = row->group->id;
		fields[1] = t->id;
		fields[2] = t->description;
		fields[3] = row->dept->code;
		fields[4] = row->dept->name;
		fields[5] = task_status_name(row->status);
		fields[6] = task_status_label(row->status);
		fields[7] = progress;
		fields[8] = row->result;
		fields[9] = updated;
		fields[10] = t->deadline.text;
		fields[11] = due;
		fields[12] = yes_no(row->overdue);
		fields[13] = yes_no(row->unreported);
		fields[14] = report_state_name(row->state);
		fields[15] = report_state_label(row->state);
		fields[16] = coord.buf;
		csv_put_record(f, fields, TASK_COLS);
	}
	strbuf_release(&coord);
}

static void put_tasks(struct out *f, const struct report *r)
{
	csv_put_record(f, task_header, TASK_COLS);
	/* The report is only read: split_draw's threads may share it. */
	split_draw(f, r->n_rows, RENDER_SPLIT_MIN, RENDER_SPLIT_CHUNK,
		   put_task_rows, (void *)(uintptr_t)r);
}

static void put_indicators(struct out *f, const struct report *r)
{
	static const char *const header[] = {
		"STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu (nguyên văn)",
		"Phép so sánh", "Giá trị chỉ tiêu", "Kết quả", "Ghi chú",
		"Ngày ghi nhận", "Mã đánh giá", "Đánh giá", "Mã đơn vị theo dõi",
	};
	const size_t n = sizeof(header) / sizeof(header[0]);
	struct strbuf target = STRBUF_INIT, value = STRBUF_INIT;
	const char *fields[MAX_COLS];
	char no[RENDER_NUM_LEN], day[11];
	size_t i;

	csv_put_record(f, header, n);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct plan_indicator *ind = ri->indicator;

		render_int(no, ind->number);
		strbuf_reset(&target);
		strbuf_reset(&value);
		/* A decimal point, not a comma: a number, not a sentence. */
		strbuf_addf(&target, "%.15g", ind->target);
		if (ri->present)
			strbuf_addf(&value, "%.15g", ri->value);
		render_day_iso(ri->recorded_at ? date_of_time(ri->recorded_at) :
			       PT_DAY_NONE, day);
		fields[0] = no;
		fields[1] = ind->name;
		fields[2] = ind->unit;
		fields[3] = ind->target_text;
		fields[4] = target_op_name(ind->op);
		fields[5] = target.buf;
		fields[6] = value.buf;
		fields[7] = ri->present ? ri->note : NULL;
		fields[8] = day;
		fields[9] = report_verdict_name(ri->verdict);
		fields[10] = report_verdict_label(ri->verdict);
		fields[11] = ind->monitoring;
		csv_put_record(f, fields, n);
	}
	strbuf_release(&target);
	strbuf_release(&value);
}

static void put_notes(struct out *f, const struct report *r,
		      enum report_note_kind kind)
{
	static const char *const header[] = {
		"STT", "Ngày", "Mã nhiệm vụ", "Mã đơn vị", "Đơn vị", "Vai trò",
		"Nội dung",
	};
	const size_t n = sizeof(header) / sizeof(header[0]);
	const char *fields[MAX_COLS];
	char no[RENDER_NUM_LEN], day[11];
	size_t i, k = 0;

	csv_put_record(f, header, n);
	for (i = 0; i < r->n_notes; i++) {
		const struct report_note *note = &r->notes[i];

		report_prefetch_note(r, i + REPORT_AHEAD);

		if (note->kind != kind)
			continue;
		render_size(no, ++k);
		render_day_iso(note->day, day);
		fields[0] = no;
		fields[1] = day;
		fields[2] = note->task->id;
		fields[3] = note->dept->code;
		fields[4] = note->dept->name;
		fields[5] = note->role == ROLE_LEAD ? "chủ trì" : "phối hợp";
		fields[6] = note->text;
		csv_put_record(f, fields, n);
	}
}

static void put_submissions(struct out *f, const struct report *r)
{
	static const char *const header[] = {
		"STT", "Mã đơn vị", "Đơn vị", "Hạn nộp", "Ngày nộp",
		"Mã tình trạng", "Tình trạng",
	};
	const size_t n = sizeof(header) / sizeof(header[0]);
	const char *fields[MAX_COLS];
	char no[RENDER_NUM_LEN], due[11], day[11];
	size_t i, k = 0;

	csv_put_record(f, header, n);
	for (i = 0; i < r->n_subs; i++) {
		const struct report_submission *s = &r->subs[i];

		/* The consolidated report is the one being made. */
		if (s->consolidated)
			continue;
		render_size(no, ++k);
		render_day_iso(s->due, due);
		render_day_iso(s->submitted_day, day);
		fields[0] = no;
		fields[1] = s->dept->code;
		fields[2] = s->dept->name;
		fields[3] = due;
		fields[4] = day;
		fields[5] = report_sub_status_name(s->status);
		fields[6] = report_sub_status_label(s->status);
		csv_put_record(f, fields, n);
	}
}

/* The prose sections' texts, in the document's order; each text whole in
 * one field (its paragraphs and line breaks kept). */
static void put_sections(struct out *f, const struct report *r)
{
	static const char *const header[] = {
		"STT", "Mục", "Mã mục", "Tên mục", "Mã đơn vị", "Đơn vị",
		"Báo cáo tổng hợp", "Ngày", "Nội dung",
	};
	const size_t n = sizeof(header) / sizeof(header[0]);
	const char *fields[MAX_COLS];
	char no[RENDER_NUM_LEN], day[11];
	size_t i;

	csv_put_record(f, header, n);
	for (i = 0; i < r->n_texts; i++) {
		const struct report_text *t = &r->texts[i];

		render_size(no, i + 1);
		render_day_iso(t->day, day);
		fields[0] = no;
		fields[1] = section_number(t->section);
		fields[2] = section_name(t->section);
		fields[3] = section_title(t->section);
		fields[4] = t->dept->code;
		fields[5] = t->dept->name;
		fields[6] = yes_no(t->commune);
		fields[7] = day;
		fields[8] = t->text;
		csv_put_record(f, fields, n);
	}
}

static int draw(const struct report *r, enum render_table t, struct out *f)
{
	switch (t) {
	case TABLE_TASKS:
		put_tasks(f, r);
		break;
	case TABLE_INDICATORS:
		put_indicators(f, r);
		break;
	case TABLE_PROPOSALS:
		put_notes(f, r, NOTE_PROPOSAL);
		break;
	case TABLE_DIFFICULTIES:
		put_notes(f, r, NOTE_DIFFICULTY);
		break;
	case TABLE_SUBMISSIONS:
		put_submissions(f, r);
		break;
	case TABLE_SECTIONS:
		put_sections(f, r);
		break;
	case N_RENDER_TABLES:
		break;
	}
	/* Rows missing for a department that could not be read: a last
	 * record says so, where a reader of the sheet sees it. */
	if (r->n_unreadable) {
		struct strbuf sb = STRBUF_INIT;
		const char *notice;

		render_unreadable(r, &sb);
		notice = sb.buf;
		csv_put_record(f, &notice, 1);
		strbuf_release(&sb);
	}
	return out_error(f) ? -1 : 0;
}

int render_csv(const struct report *r, enum render_table t, FILE *file)
{
	struct out o;
	int ret;

	out_init(&o, file);
	ret = draw(r, t, &o);
	return out_flush(&o) ? -1 : ret;
}
