/* render_csv.c: Phụ lục II as CSV (RFC 4180): one record per (task, lead
 * department), every column, for spreadsheets.
 *
 * CRLF after every record; a field is quoted when it holds a comma, a
 * quote, CR or LF, with quotes doubled. Text is written as recorded:
 * nothing is trimmed or escaped beyond that, so that it reads back
 * byte for byte.
 */
#include <stdbool.h>
#include <string.h>

#include "plantrack/render.h"
#include "render_int.h"

#define N_COLS 14

static const char *const header[N_COLS] = {
	"Nhóm", "Mã nhiệm vụ", "Nhiệm vụ", "Mã đơn vị chủ trì",
	"Đơn vị chủ trì", "Mã trạng thái", "Trạng thái", "Tiến độ (%)",
	"Kết quả thực hiện", "Cập nhật lần cuối", "Thời hạn", "Ngày hạn",
	"Quá hạn", "Chưa báo cáo",
};

static void put_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		putc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				putc('"', f);
			putc(*s, f);
		}
		putc('"', f);
	} else {
		fputs(s, f);
	}
}

static void put_record(FILE *f, const char *const *fields)
{
	size_t i;

	for (i = 0; i < N_COLS; i++) {
		if (i)
			putc(',', f);
		put_field(f, fields[i]);
	}
	fputs("\r\n", f);
}

static const char *yes_no(bool b)
{
	return b ? "có" : "không";
}

int render_csv(const struct report *r, FILE *f)
{
	const char *fields[N_COLS];
	char progress[RENDER_NUM_LEN], updated[11], due[11];
	size_t i;

	put_record(f, header);
	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];
		const struct plan_task *t = row->task;

		render_int(progress, row->progress);
		/* ISO dates: a spreadsheet in any locale reads them as dates,
		 * where 05/06 would be May or June depending on the machine. */
		render_day_iso(row->last_update_day, updated);
		render_day_iso(t->deadline.kind == DEADLINE_DATE ?
			       t->deadline.date : PT_DAY_NONE, due);
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
		put_record(f, fields);
	}
	/* Rows missing for a department that could not be read: a last
	 * record says so, where a reader of the sheet sees it. */
	if (r->n_unreadable) {
		struct strbuf sb = STRBUF_INIT;

		render_unreadable(r, &sb);
		for (i = 0; i < N_COLS; i++)
			fields[i] = i ? "" : sb.buf;
		put_record(f, fields);
		strbuf_release(&sb);
	}
	return ferror(f) ? -1 : 0;
}
