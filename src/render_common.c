/* render_common.c: wording and number formats shared by the report
 * renderers (render_int.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plantrack/date.h"
#include "render_int.h"

const char *const render_heading[N_SECTIONS] = {
	"1. Tình hình gửi báo cáo của các đơn vị",
	"2. Kết quả thực hiện các chỉ tiêu (Phụ lục I)",
	"3. Kết quả thực hiện nhiệm vụ, giải pháp (Phụ lục II)",
	"4. Tổng hợp",
	"5. Khó khăn, vướng mắc",
	"6. Kiến nghị, đề xuất",
};

/* 24 bytes hold any of these: a failure is a libc bug, and a visible
 * "?" beats a wrong figure in an official report. */
static void checked(char *buf, int n)
{
	if (n < 0 || n >= RENDER_NUM_LEN)
		memcpy(buf, "?", 2);
}

void render_size(char buf[RENDER_NUM_LEN], size_t v)
{
	checked(buf, snprintf(buf, RENDER_NUM_LEN, "%zu", v));
}

void render_int(char buf[RENDER_NUM_LEN], int v)
{
	checked(buf, snprintf(buf, RENDER_NUM_LEN, "%d", v));
}

void render_progress(char buf[RENDER_NUM_LEN], int progress)
{
	checked(buf, snprintf(buf, RENDER_NUM_LEN, "%d%%", progress));
}

void render_day_vn(pt_day d, char buf[11])
{
	if (d == PT_DAY_NONE)
		buf[0] = '\0';
	else
		date_format_vn(d, buf);
}

void render_day_iso(pt_day d, char buf[11])
{
	if (d == PT_DAY_NONE)
		buf[0] = '\0';
	else
		date_format_iso(d, buf);
}

void render_number_vn(struct strbuf *sb, double v)
{
	char buf[64];
	int n;

	/* 15 significant digits give back what was typed (97,5 not
	 * 97,500000000000001); the decimal mark is a comma in Vietnamese. */
	n = snprintf(buf, sizeof(buf), "%.15g", v);
	/* 64 bytes hold any double in %g: a failure is a libc bug, and
	 * a visible "?" beats a wrong figure in an official report. */
	if (n < 0 || (size_t)n >= sizeof(buf))
		memcpy(buf, "?", 2);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	strbuf_addstr(sb, buf);
}

/* "98,5%" but "12 doanh nghiệp". */
static void add_unit(struct strbuf *sb, const char *unit)
{
	if (unit && *unit && strcmp(unit, "%") != 0)
		strbuf_addch(sb, ' ');
	if (unit)
		strbuf_addstr(sb, unit);
}

void render_value_unit(struct strbuf *sb, double v, const char *unit)
{
	render_number_vn(sb, v);
	add_unit(sb, unit);
}

void render_target(struct strbuf *sb, const struct plan_indicator *ind)
{
	strbuf_addstr(sb, ind->target_text);
	add_unit(sb, ind->unit);
}

void render_permille(struct strbuf *sb, int permille)
{
	strbuf_addf(sb, "%d,%d%%", permille / 10, permille % 10);
}

void render_summary_line(const struct report *r, struct strbuf *sb)
{
	const struct report_counts *c = &r->total;

	strbuf_addf(sb, "Tổng số %zu nhiệm vụ, %zu lượt đơn vị chủ trì (nhiệm "
		    "vụ có nhiều đơn vị chủ trì được tính cho từng đơn vị); đã "
		    "hoàn thành %zu, tỷ lệ ", c->tasks, c->rows,
		    c->by_status[STATUS_DONE]);
	render_permille(sb, c->done_permille);
	strbuf_addf(sb, "; quá hạn %zu; chưa báo cáo %zu.", c->overdue,
		    c->unreported);
}

void render_status(struct strbuf *sb, const struct report_row *row,
		   const char *sep)
{
	strbuf_addstr(sb, task_status_label(row->status));
	if (row->overdue) {
		strbuf_addstr(sb, sep);
		strbuf_addstr(sb, RENDER_OVERDUE);
	}
	if (row->unreported) {
		strbuf_addstr(sb, sep);
		strbuf_addstr(sb, RENDER_UNREPORTED);
	}
}

void render_unreadable(const struct report *r, struct strbuf *sb)
{
	state_unreadable_notice(sb, r->unreadable, r->n_unreadable, true);
}

void render_subtitle(const struct report *r, struct strbuf *sb)
{
	strbuf_addf(sb, "Kết quả thực hiện Kế hoạch %s", r->period->name);
}

const char *render_unit(const struct report *r)
{
	if (r->dept)
		return r->dept->name;
	return r->consolidator ? r->consolidator->name : "";
}

static const char *consolidator_name(const struct report *r)
{
	return r->consolidator ? r->consolidator->name :
		r->period->consolidator;
}

void render_sub_who(const struct report_submission *s,
		    const struct report *r, struct strbuf *sb)
{
	if (s->consolidated)
		strbuf_addf(sb, "Báo cáo tổng hợp gửi %s (%s)",
			    r->period->recipient, s->dept->name);
	else
		strbuf_addstr(sb, s->dept->name);
}

static void as_of_text(const struct report *r, struct strbuf *sb)
{
	char day[11], hm[8];
	struct tm tm;

	render_day_vn(r->as_of, day);
	/* As of today the report is a snapshot of this minute, and says
	 * so; otherwise it is the state at the end of the day. */
	if (r->until_now && localtime_r(&r->until, &tm) &&
	    strftime(hm, sizeof(hm), "%H:%M", &tm) == 5)
		strbuf_addf(sb, "%s ngày %s", hm, day);
	else
		strbuf_addf(sb, "hết ngày %s", day);
}

void render_fields(const struct report *r, struct render_field *fields)
{
	const struct plan_period *pd = r->period;
	char a[11], b[11];
	size_t i;

	for (i = 0; i < RENDER_N_FIELDS; i++)
		strbuf_init(&fields[i].value, 0);
	fields[0].label = "Kế hoạch";
	strbuf_addstr(&fields[0].value, r->plan->meta.title);

	fields[1].label = "Kỳ báo cáo";
	render_day_vn(pd->start, a);
	render_day_vn(pd->end, b);
	strbuf_addf(&fields[1].value, "%s (từ %s đến %s)", pd->name, a, b);

	fields[2].label = "Hạn các đơn vị gửi báo cáo";
	render_day_vn(pd->department_due, a);
	strbuf_addf(&fields[2].value, "%s, gửi %s", a, consolidator_name(r));

	fields[3].label = "Hạn báo cáo tổng hợp";
	render_day_vn(pd->consolidated_due, a);
	strbuf_addf(&fields[3].value, "%s, %s gửi %s", a, consolidator_name(r),
		    pd->recipient);

	fields[4].label = "Số liệu tính đến";
	as_of_text(r, &fields[4].value);

	fields[5].label = "Phạm vi";
	if (r->dept)
		strbuf_addf(&fields[5].value, "các nhiệm vụ do %s (%s) chủ trì",
			    r->dept->name, r->dept->code);
	else
		strbuf_addf(&fields[5].value, "toàn %s", r->plan->meta.commune);
}

void render_fields_release(struct render_field *fields)
{
	size_t i;

	if (!fields)
		return;
	for (i = 0; i < RENDER_N_FIELDS; i++)
		strbuf_release(&fields[i].value);
}

const char *const render_sub_titles[RENDER_SUB_COLS] = {
	"STT", "Đơn vị", "Hạn nộp", "Ngày nộp", "Tình trạng",
};

void render_sub_cells(struct render_sub_cells *c, const struct report *r,
		      size_t i)
{
	const struct report_submission *s = &r->subs[i];

	render_size(c->no, i + 1);
	strbuf_reset(&c->who);
	render_sub_who(s, r, &c->who);
	render_day_vn(s->due, c->due);
	render_day_vn(s->submitted_day, c->day);
	c->cells[0] = c->no;
	c->cells[1] = c->who.buf;
	c->cells[2] = c->due;
	c->cells[3] = c->day;
	c->cells[4] = report_sub_status_label(s->status);
}

void render_sub_cells_release(struct render_sub_cells *c)
{
	if (c)
		strbuf_release(&c->who);
}
