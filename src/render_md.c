/* render_md.c: the report as Markdown: headings, a field list, and pipe
 * tables (GitHub-flavoured; CommonMark viewers without tables still show
 * readable rows).
 *
 * Recorded text may hold anything a person typed, so every cell is
 * escaped for where it goes: a pipe would end the cell, a newline the
 * row (it becomes <br>), and *, _, `, [, ], ~, \ would start markup;
 * &, < and > are written as entities, which every Markdown renders.
 */
#include <string.h>

#include "plantrack/render.h"
#include "render_int.h"

static void put_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '\n': fputs("<br>", f); break;
		/* Markdown has no tab inside a table cell. */
		case '\t': putc(' ', f); break;
		case '|': case '*': case '_': case '`': case '[': case ']':
		case '~': case '\\':
			putc('\\', f);
			putc(*s, f);
			break;
		default:
			putc(*s, f);
			break;
		}
	}
}

static void put_row(FILE *f, const char *const *cells, size_t n)
{
	size_t i;

	fputs("|", f);
	for (i = 0; i < n; i++) {
		putc(' ', f);
		put_text(f, cells[i]);
		fputs(" |", f);
	}
	putc('\n', f);
}

/* Header row and alignment row; align: 'l' or 'r' per column. */
static void put_table_head(FILE *f, const char *const *titles,
			   const char *align, size_t n)
{
	size_t i;

	put_row(f, titles, n);
	fputs("|", f);
	for (i = 0; i < n; i++)
		fputs(align[i] == 'r' ? " ---: |" : " --- |", f);
	putc('\n', f);
}

static void put_header(FILE *f, const struct report *r)
{
	const struct plan_meta *m = &r->plan->meta;
	struct render_field fields[RENDER_N_FIELDS];
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	/* Two paragraphs: hard line breaks are spelt differently in each
	 * Markdown. */
	fputs("**", f);
	put_text(f, m->issuer);
	fputs("**, ", f);
	put_text(f, m->city);
	if (*render_unit(r)) {
		fputs("\n\n**", f);
		put_text(f, render_unit(r));
		fputs("**", f);
	}
	fputs("\n\n# " RENDER_TITLE "\n\n**", f);
	render_subtitle(r, &sb);
	put_text(f, sb.buf);
	fputs("**\n\n", f);
	render_fields(r, fields);
	for (i = 0; i < RENDER_N_FIELDS; i++) {
		fputs("- **", f);
		put_text(f, fields[i].label);
		fputs(":** ", f);
		put_text(f, fields[i].value.buf);
		putc('\n', f);
	}
	strbuf_reset(&sb);
	render_unreadable(r, &sb);
	if (sb.len) {
		fputs("\n> **", f);
		put_text(f, sb.buf);
		fputs("**\n", f);
	}
	render_fields_release(fields);
	strbuf_release(&sb);
}

static void put_heading(FILE *f, enum render_section s)
{
	fputs("\n## ", f);
	put_text(f, render_heading[s]);
	fputs("\n\n", f);
}

static void put_submissions(FILE *f, const struct report *r)
{
	struct render_sub_cells c = RENDER_SUB_CELLS_INIT;
	size_t i;

	put_heading(f, SECTION_SUBMISSIONS);
	put_table_head(f, render_sub_titles, "rllll", RENDER_SUB_COLS);
	for (i = 0; i < r->n_subs; i++) {
		render_sub_cells(&c, r, i);
		put_row(f, c.cells, RENDER_SUB_COLS);
	}
	render_sub_cells_release(&c);
}

static void put_indicators(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"STT", "Chỉ tiêu", "Mục tiêu", "Kết quả kỳ báo cáo", "Đánh giá",
		"Ghi chú",
	};
	struct strbuf target = STRBUF_INIT, value = STRBUF_INIT;
	char no[RENDER_NUM_LEN];
	const char *cells[6];
	size_t i;

	put_heading(f, SECTION_INDICATORS);
	put_table_head(f, titles, "rllrll", 6);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];

		render_int(no, ri->indicator->number);
		strbuf_reset(&target);
		strbuf_reset(&value);
		render_target(&target, ri->indicator);
		if (ri->present)
			render_value_unit(&value, ri->value,
					  ri->indicator->unit);
		cells[0] = no;
		cells[1] = ri->indicator->name;
		cells[2] = target.buf;
		cells[3] = value.buf;
		cells[4] = report_verdict_label(ri->verdict);
		cells[5] = ri->note;
		put_row(f, cells, 6);
	}
	strbuf_release(&target);
	strbuf_release(&value);
}

static void put_tasks(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"Mã", "Nhiệm vụ", "Thời hạn", "Chủ trì", "Trạng thái",
		"Tiến độ", "Kết quả thực hiện", "Cập nhật",
	};
	struct strbuf status = STRBUF_INIT;
	char progress[RENDER_NUM_LEN], day[11];
	const char *cells[8];
	size_t gi, i;

	put_heading(f, SECTION_TASKS);
	if (!r->n_groups)
		fputs(RENDER_NONE "\n", f);
	for (gi = 0; gi < r->n_groups; gi++) {
		const struct report_group *rg = &r->groups[gi];

		fputs("### ", f);
		put_text(f, rg->group->id);
		fputs(". ", f);
		put_text(f, rg->group->title);
		fputs("\n\n", f);
		put_table_head(f, titles, "lllllrll", 8);
		for (i = rg->first; i < rg->first + rg->n; i++) {
			const struct report_row *row = &r->rows[i];
			/* A task's text once, on its first lead's row, as
			 * a merged cell would show it. */
			int first = i == rg->first ||
				r->rows[i - 1].task != row->task;

			strbuf_reset(&status);
			render_status(&status, row, "\n");
			render_progress(progress, row->progress);
			render_day_vn(row->last_update_day, day);
			cells[0] = row->task->id;
			cells[1] = first ? row->task->description : "";
			cells[2] = first ? row->task->deadline.text : "";
			cells[3] = row->dept->name;
			cells[4] = status.buf;
			cells[5] = progress;
			cells[6] = row->result;
			cells[7] = day;
			put_row(f, cells, 8);
		}
		putc('\n', f);
	}
	strbuf_release(&status);
}

static void put_summary(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"Đơn vị", "Tổng số", "Chưa thực hiện", "Đang thực hiện",
		"Đã hoàn thành", "Tỷ lệ hoàn thành", "Quá hạn", "Chưa báo cáo",
	};
	struct strbuf share = STRBUF_INIT;
	char num[6][RENDER_NUM_LEN];
	const char *cells[8];
	size_t i, k;

	put_heading(f, SECTION_SUMMARY);
	render_summary_line(r, &share);
	put_text(f, share.buf);
	fputs("\n\n", f);
	put_table_head(f, titles, "lrrrrrrr", 8);
	for (i = 0; i <= r->n_depts; i++) {
		const struct report_counts *c = i < r->n_depts ?
			&r->depts[i].counts : &r->total;
		size_t v[6] = { c->rows, c->by_status[STATUS_NOT_STARTED],
				c->by_status[STATUS_IN_PROGRESS],
				c->by_status[STATUS_DONE], c->overdue,
				c->unreported };

		for (k = 0; k < 6; k++)
			render_size(num[k], v[k]);
		strbuf_reset(&share);
		render_permille(&share, c->done_permille);
		cells[0] = i < r->n_depts ? r->depts[i].dept->name :
			RENDER_TOTAL;
		for (k = 0; k < 4; k++)
			cells[1 + k] = num[k];
		cells[5] = share.buf;
		cells[6] = num[4];
		cells[7] = num[5];
		put_row(f, cells, 8);
	}
	strbuf_release(&share);
}

static void put_notes(FILE *f, const struct report *r,
		      enum report_note_kind kind, enum render_section sec)
{
	static const char *const titles[] = {
		"STT", "Ngày", "Nhiệm vụ", "Đơn vị", "Nội dung",
	};
	char no[RENDER_NUM_LEN], day[11];
	const char *cells[5];
	size_t i, k = 0;

	put_heading(f, sec);
	for (i = 0; i < r->n_notes; i++) {
		const struct report_note *n = &r->notes[i];

		if (n->kind != kind)
			continue;
		if (!k)
			put_table_head(f, titles, "rllll", 5);
		render_size(no, ++k);
		render_day_vn(n->day, day);
		cells[0] = no;
		cells[1] = day;
		cells[2] = n->task->id;
		cells[3] = n->dept->name;
		cells[4] = n->text;
		put_row(f, cells, 5);
	}
	if (!k)
		fputs(RENDER_NONE "\n", f);
}

int render_md(const struct report *r, FILE *f)
{
	put_header(f, r);
	put_submissions(f, r);
	put_indicators(f, r);
	put_tasks(f, r);
	put_summary(f, r);
	put_notes(f, r, NOTE_DIFFICULTY, SECTION_DIFFICULTIES);
	put_notes(f, r, NOTE_PROPOSAL, SECTION_PROPOSALS);
	return ferror(f) ? -1 : 0;
}
