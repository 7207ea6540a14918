/* render_html.c: the report as one self-contained HTML5 page laid out
 * like an official document and printable on A4 landscape.
 *
 * Self-contained means: CSS inline in <style>, no <script>, no font,
 * image or stylesheet fetched from anywhere, so the file opens the same
 * offline, in a mail attachment, or years later. Every text goes through
 * put_text, which escapes &, <, >, " and '.
 */
#include <string.h>

#include "plantrack/render.h"
#include "render_int.h"

static const char style[] =
	"@page { size: A4 landscape; margin: 15mm 15mm 15mm 20mm; }\n"
	"* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"Times New Roman\", Times, \"Liberation Serif\", "
	"\"DejaVu Serif\", serif; font-size: 13pt; line-height: 1.3; "
	"color: #000; background: #fff; margin: 0 auto; max-width: 262mm; "
	"padding: 0 4mm; }\n"
	".head { display: flex; justify-content: space-between; "
	"text-align: center; }\n"
	".head .unit { width: 42%; }\n"
	".head .nation { width: 56%; }\n"
	".head p { margin: 0; }\n"
	".upper { text-transform: uppercase; }\n"
	".b { font-weight: bold; }\n"
	".rule { width: 40%; margin: 3pt auto 0; border-top: 1px solid #000; }\n"
	".place { font-style: italic; margin-top: 6pt !important; }\n"
	"h1 { text-align: center; font-size: 15pt; margin: 18pt 0 0; }\n"
	".subtitle { text-align: center; font-weight: bold; margin: 2pt 0 12pt; }\n"
	"dl { display: grid; grid-template-columns: max-content 1fr; "
	"gap: 2pt 8pt; margin: 0 0 6pt; }\n"
	"dt { font-weight: bold; }\n"
	"dd { margin: 0; }\n"
	"h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; "
	"page-break-after: avoid; }\n"
	"table { width: 100%; border-collapse: collapse; font-size: 11pt; }\n"
	"thead { display: table-header-group; }\n"
	"th, td { border: 1px solid #000; padding: 3pt 4pt; "
	"vertical-align: top; text-align: left; }\n"
	"th { background: #e8e8e8; text-align: center; vertical-align: middle; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"td.n { text-align: right; white-space: nowrap; }\n"
	"td.c { text-align: center; white-space: nowrap; }\n"
	"td, dd { white-space: pre-wrap; }\n"
	"tr.group td { font-weight: bold; background: #f3f3f3; }\n"
	"tr.total td { font-weight: bold; }\n"
	".flag { font-weight: bold; font-style: italic; }\n"
	".bar { height: 6pt; border: 1px solid #000; margin-top: 2pt; "
	"background: #fff; }\n"
	".bar > div { height: 100%; background: #555; }\n";

/* Text as HTML: the five characters that could end an element or an
 * attribute are escaped, everything else is written as it is. */
static void put_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f); break;
		}
	}
}

/* <td class="cls">text</td>. Cells keep the text's line breaks and
 * blanks (white-space: pre-wrap), so nothing may stand between the tags
 * and the text. */
static void put_td(FILE *f, const char *cls, const char *s)
{
	if (cls)
		fprintf(f, "<td class=\"%s\">", cls);
	else
		fputs("<td>", f);
	put_text(f, s);
	fputs("</td>", f);
}

static void put_table_open(FILE *f, const char *const *titles,
			   const int *widths, size_t n)
{
	size_t i;

	fputs("<table>\n<colgroup>", f);
	for (i = 0; i < n; i++)
		fprintf(f, "<col style=\"width: %d%%\">", widths[i]);
	fputs("</colgroup>\n<thead><tr>", f);
	for (i = 0; i < n; i++) {
		fputs("<th>", f);
		put_text(f, titles[i]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
}

static void put_table_close(FILE *f)
{
	fputs("</tbody>\n</table>\n", f);
}

static void put_empty_row(FILE *f, size_t ncols)
{
	fprintf(f, "<tr><td colspan=\"%zu\">", ncols);
	put_text(f, RENDER_NONE);
	fputs("</td></tr>\n", f);
}

static void put_head(FILE *f, const struct report *r)
{
	const struct plan_meta *m = &r->plan->meta;
	struct render_field fields[RENDER_N_FIELDS];
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	render_subtitle(r, &sb);
	fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>", f);
	put_text(f, RENDER_TITLE " ");
	put_text(f, sb.buf);
	fputs(" – ", f);
	put_text(f, m->issuer);
	fputs("</title>\n<style>\n", f);
	fputs(style, f);
	fputs("</style>\n</head>\n<body>\n", f);

	/* The official header: issuing body on the left, the national
	 * motto on the right, each underlined; the place under the motto. */
	fputs("<div class=\"head\">\n<div class=\"unit\">\n<p class=\"upper\">", f);
	put_text(f, m->issuer);
	fputs("</p>\n", f);
	if (*render_unit(r)) {
		fputs("<p class=\"upper b\">", f);
		put_text(f, render_unit(r));
		fputs("</p>\n", f);
	}
	fputs("<div class=\"rule\"></div>\n</div>\n<div class=\"nation\">\n"
	      "<p class=\"b\">" RENDER_MOTTO_1 "</p>\n"
	      "<p class=\"b\">" RENDER_MOTTO_2 "</p>\n"
	      "<div class=\"rule\"></div>\n<p class=\"place\">", f);
	put_text(f, m->commune);
	fputs(", ", f);
	put_text(f, m->city);
	fputs("</p>\n</div>\n</div>\n", f);

	fputs("<h1>" RENDER_TITLE "</h1>\n<p class=\"subtitle\">", f);
	put_text(f, sb.buf);
	fputs("</p>\n<dl>\n", f);
	render_fields(r, fields);
	for (i = 0; i < RENDER_N_FIELDS; i++) {
		fputs("<dt>", f);
		put_text(f, fields[i].label);
		fputs(":</dt><dd>", f);
		put_text(f, fields[i].value.buf);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n", f);
	strbuf_reset(&sb);
	render_unreadable(r, &sb);
	if (sb.len) {
		fputs("<p><strong>", f);
		put_text(f, sb.buf);
		fputs("</strong></p>\n", f);
	}
	render_fields_release(fields);
	strbuf_release(&sb);
}

static void put_heading(FILE *f, enum render_section s)
{
	fputs("<h2>", f);
	put_text(f, render_heading[s]);
	fputs("</h2>\n", f);
}

static void put_submissions(FILE *f, const struct report *r)
{
	static const int widths[] = { 5, 50, 12, 12, 21 };
	struct render_sub_cells c = RENDER_SUB_CELLS_INIT;
	size_t i;

	put_heading(f, SECTION_SUBMISSIONS);
	put_table_open(f, render_sub_titles, widths, RENDER_SUB_COLS);
	for (i = 0; i < r->n_subs; i++) {
		const struct report_submission *s = &r->subs[i];

		render_sub_cells(&c, r, i);
		fprintf(f, "<tr><td class=\"n\">%s</td>", c.cells[0]);
		put_td(f, NULL, c.cells[1]);
		put_td(f, "c", c.cells[2]);
		put_td(f, "c", c.cells[3]);
		fprintf(f, "<td%s>", s->status == SUB_ON_TIME ||
			s->status == SUB_PENDING ? "" : " class=\"flag\"");
		put_text(f, c.cells[4]);
		fputs("</td></tr>\n", f);
	}
	if (!r->n_subs)
		put_empty_row(f, RENDER_SUB_COLS);
	put_table_close(f);
	render_sub_cells_release(&c);
}

static void put_indicators(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"STT", "Chỉ tiêu", "Mục tiêu", "Kết quả kỳ báo cáo", "Đánh giá",
		"Ghi chú",
	};
	static const int widths[] = { 5, 38, 12, 12, 12, 21 };
	struct strbuf target = STRBUF_INIT, value = STRBUF_INIT;
	size_t i;

	put_heading(f, SECTION_INDICATORS);
	put_table_open(f, titles, widths, 6);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];

		strbuf_reset(&target);
		strbuf_reset(&value);
		render_target(&target, ri->indicator);
		if (ri->present)
			render_value_unit(&value, ri->value,
					  ri->indicator->unit);
		fprintf(f, "<tr><td class=\"n\">%d</td>", ri->indicator->number);
		put_td(f, NULL, ri->indicator->name);
		put_td(f, "c", target.buf);
		put_td(f, "n", value.buf);
		put_td(f, ri->verdict == VERDICT_NOT_MET ? "flag" : NULL,
		       report_verdict_label(ri->verdict));
		put_td(f, NULL, ri->note);
		fputs("</tr>\n", f);
	}
	if (!r->n_indicators)
		put_empty_row(f, 6);
	put_table_close(f);
	strbuf_release(&target);
	strbuf_release(&value);
}

/* How many rows (leads) the task starting at rows[i] has. */
static size_t task_span(const struct report *r, size_t i, size_t end)
{
	size_t k = i + 1;

	while (k < end && r->rows[k].task == r->rows[i].task)
		k++;
	return k - i;
}

static void put_task_row(FILE *f, const struct report *r, size_t i,
			 size_t span)
{
	const struct report_row *row = &r->rows[i];
	char day[11];

	fputs("<tr>", f);
	/* The task's own cells span its leads, as in the printed plan. */
	if (span > 1) {
		fprintf(f, "<td rowspan=\"%zu\">", span);
		put_text(f, row->task->id);
		fprintf(f, "</td><td rowspan=\"%zu\">", span);
		put_text(f, row->task->description);
		fprintf(f, "</td><td rowspan=\"%zu\">", span);
		put_text(f, row->task->deadline.text);
		fputs("</td>", f);
	} else if (span) {
		put_td(f, NULL, row->task->id);
		put_td(f, NULL, row->task->description);
		put_td(f, NULL, row->task->deadline.text);
	}
	put_td(f, NULL, row->dept->name);
	fputs("<td>", f);
	put_text(f, task_status_label(row->status));
	if (row->overdue)
		fputs("<br><span class=\"flag\">" RENDER_OVERDUE "</span>", f);
	if (row->unreported)
		fputs("<br><span class=\"flag\">" RENDER_UNREPORTED "</span>", f);
	fprintf(f, "</td><td class=\"n\">%d%%<div class=\"bar\">"
		"<div style=\"width: %d%%\"></div></div></td>",
		row->progress, row->progress);
	put_td(f, NULL, row->result);
	render_day_vn(row->last_update_day, day);
	put_td(f, "c", day);
	fputs("</tr>\n", f);
}

static void put_tasks(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"Mã", "Nhiệm vụ", "Thời hạn", "Chủ trì", "Trạng thái",
		"Tiến độ", "Kết quả thực hiện", "Cập nhật",
	};
	static const int widths[] = { 5, 30, 8, 12, 11, 7, 19, 8 };
	size_t gi, i, end;

	put_heading(f, SECTION_TASKS);
	put_table_open(f, titles, widths, 8);
	for (gi = 0; gi < r->n_groups; gi++) {
		const struct report_group *rg = &r->groups[gi];

		fputs("<tr class=\"group\"><td colspan=\"8\">", f);
		put_text(f, rg->group->id);
		fputs(". ", f);
		put_text(f, rg->group->title);
		fputs("</td></tr>\n", f);
		end = rg->first + rg->n;
		for (i = rg->first; i < end; i++) {
			int first = i == rg->first ||
				r->rows[i - 1].task != r->rows[i].task;

			put_task_row(f, r, i, first ? task_span(r, i, end) : 0);
		}
	}
	if (!r->n_groups)
		put_empty_row(f, 8);
	put_table_close(f);
}

static void put_counts_row(FILE *f, const char *name,
			   const struct report_counts *c, int total)
{
	struct strbuf share = STRBUF_INIT;

	render_permille(&share, c->done_permille);
	fputs(total ? "<tr class=\"total\">" : "<tr>", f);
	put_td(f, NULL, name);
	fprintf(f, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		"<td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
		c->rows, c->by_status[STATUS_NOT_STARTED],
		c->by_status[STATUS_IN_PROGRESS], c->by_status[STATUS_DONE]);
	put_td(f, "n", share.buf);
	fprintf(f, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
		c->overdue, c->unreported);
	strbuf_release(&share);
}

static void put_summary(FILE *f, const struct report *r)
{
	static const char *const titles[] = {
		"Đơn vị", "Tổng số", "Chưa thực hiện", "Đang thực hiện",
		"Đã hoàn thành", "Tỷ lệ hoàn thành", "Quá hạn", "Chưa báo cáo",
	};
	static const int widths[] = { 30, 10, 10, 10, 10, 10, 10, 10 };
	struct strbuf line = STRBUF_INIT;
	size_t i;

	put_heading(f, SECTION_SUMMARY);
	render_summary_line(r, &line);
	fputs("<p>", f);
	put_text(f, line.buf);
	fputs("</p>\n", f);
	put_table_open(f, titles, widths, 8);
	for (i = 0; i < r->n_depts; i++)
		put_counts_row(f, r->depts[i].dept->name,
			       &r->depts[i].counts, 0);
	put_counts_row(f, RENDER_TOTAL, &r->total, 1);
	put_table_close(f);
	strbuf_release(&line);
}

static void put_notes(FILE *f, const struct report *r,
		      enum report_note_kind kind, enum render_section sec)
{
	static const char *const titles[] = {
		"STT", "Ngày", "Nhiệm vụ", "Đơn vị", "Nội dung",
	};
	static const int widths[] = { 5, 10, 8, 22, 55 };
	char day[11];
	size_t i, k = 0;

	put_heading(f, sec);
	put_table_open(f, titles, widths, 5);
	for (i = 0; i < r->n_notes; i++) {
		const struct report_note *n = &r->notes[i];

		if (n->kind != kind)
			continue;
		render_day_vn(n->day, day);
		fprintf(f, "<tr><td class=\"n\">%zu</td>", ++k);
		put_td(f, "c", day);
		put_td(f, NULL, n->task->id);
		put_td(f, NULL, n->dept->name);
		put_td(f, NULL, n->text);
		fputs("</tr>\n", f);
	}
	if (!k)
		put_empty_row(f, 5);
	put_table_close(f);
}

int render_html(const struct report *r, FILE *f)
{
	put_head(f, r);
	put_submissions(f, r);
	put_indicators(f, r);
	put_tasks(f, r);
	put_summary(f, r);
	put_notes(f, r, NOTE_DIFFICULTY, SECTION_DIFFICULTIES);
	put_notes(f, r, NOTE_PROPOSAL, SECTION_PROPOSALS);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
