/* report_doc.c: the report as a document (report_doc.h).
 *
 * This file says what the documents say, in the order of a báo cáo kết
 * quả: header, title and subject, Kính gửi, an opening, sections I to V,
 * the closing line, Nơi nhận and the signature, then the task table as a
 * Phụ lục in a landscape section. Every fact comes computed in the
 * struct report; the wording shared with CSV and JSON comes from
 * render_int.h. The prose sections carry the texts the departments
 * wrote (`plantrack write`, report.h's texts): in the consolidated
 * report the commune's own first, then each department's after a lead-in
 * naming it; a section nobody wrote says so in one line. A text keeps its
 * paragraphs (split at empty lines) and its line breaks.
 *
 * The task table borrows the plan's and the state's strings
 * (doc_run_ref): the document is drawn and freed before them, and a
 * report of 100 000 tasks does not hold their text twice.
 */
#include <errno.h>
#include <string.h>

#include <unicase.h>
#include <unistr.h>
#include <uninorm.h>

#include "plantrack/report_doc.h"
#include "plantrack/strbuf.h"
#include "plantrack/textscan.h"
#include "render_int.h"

/* render_day_vn, remembered: a report writes the same few hundred days
 * tens of thousands of times (each update's, each note's), and
 * formatting one costs more than copying it. */
static void day_vn(pt_day d, char buf[11])
{
	/* One per thread: the appendix's rows are drawn on two. */
	static _Thread_local struct {
		pt_day d;
		char s[11];
	} memo[256];
	static _Thread_local bool filled[256];
	unsigned k = (unsigned)d & 255u;

	if (!filled[k] || memo[k].d != d) {
		render_day_vn(d, memo[k].s);
		memo[k].d = d;
		filled[k] = true;
	}
	memcpy(buf, memo[k].s, sizeof(memo[k].s));
}

#define MOTTO_1 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define MOTTO_2 "Độc lập - Tự do - Hạnh phúc"
#define NO_TEXT "Chưa có nội dung báo cáo."
/* The characters of an agency's name that fit the header's left column
 * on one line (13 pt bold capitals in 41% of the A4 text width). */
#define AGENCY_LINE 24
/* What the văn thư writes in by hand: the blank of a draft. */
#define BLANK "      "

struct ctx {
	const struct report *r;
	const struct report_doc_options *o;
	struct doc *d;
	const struct plan *p;
	const struct plan_dept *dept;	/* --dept, or NULL */
	const char *reporter;		/* who reports: issuer or department */
	struct strbuf symbol;		/* "BC-UBND" */
	struct strbuf plan_name;	/* "Kế hoạch thực hiện Nghị quyết …" */
	struct strbuf sb;		/* scratch */
};

/* ---- words ---- */

/* s upper-cased (Vietnamese letters included) into sb. */
static void add_upper(struct strbuf *sb, const char *s)
{
	size_t n = 0;
	uint8_t *u = u8_toupper((const uint8_t *)s, strlen(s), "vi",
				UNINORM_NFC, NULL, &n);

	/* Out of memory in libunistring: the name as written beats none. */
	if (u)
		strbuf_add(sb, u, n);
	else
		strbuf_addstr(sb, s);
	free(u);
}

static size_t chars(const char *s, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* A department's name as the issuer: in capitals, and a long one on two
 * lines as even as can be, never starting a line with a dash (Nghị định
 * 30 lets a long name take several lines; a word processor would break
 * it wherever the column ends: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH / CÔNG"). */
static void add_agency_name(struct strbuf *sb, const char *name)
{
	struct strbuf up = STRBUF_INIT;
	size_t total, best = 0, best_long = (size_t)-1, i, left;

	add_upper(&up, name);
	total = chars(up.buf, up.len);
	if (total > AGENCY_LINE && !strchr(up.buf, '\n')) {
		for (i = 1; i + 1 < up.len; i++) {
			if (up.buf[i] != ' ' || up.buf[i + 1] == '-' ||
			    !strncmp(up.buf + i + 1, "\xe2\x80\x93", 3))
				continue;
			left = chars(up.buf, i);
			/* On a tie the longer first line: a name reads as a
			 * pyramid. */
			if ((left > total - left - 1 ? left : total - left - 1) <=
			    best_long) {
				best_long = left > total - left - 1 ? left :
					total - left - 1;
				best = i;
			}
		}
		if (best)
			up.buf[best] = '\n';
	}
	strbuf_addstr(sb, up.buf);
	strbuf_release(&up);
}

/* s with its first letter in lower case: "Thực hiện …" after a word. */
static void add_lcfirst(struct strbuf *sb, const char *s)
{
	size_t n = 0;
	int len = u8_mblen((const uint8_t *)s, strlen(s));
	uint8_t *u = NULL;

	if (len > 0)
		u = u8_tolower((const uint8_t *)s, (size_t)len, "vi",
			       UNINORM_NFC, NULL, &n);
	if (u) {
		strbuf_add(sb, u, n);
		strbuf_addstr(sb, s + len);
	} else {
		strbuf_addstr(sb, s);
	}
	free(u);
}

/* "ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 with a
 * leading zero (Nghị định 30, Phụ lục I, thời gian ban hành); blanks for
 * the day and month without a date, in year. */
static void add_vn_date(struct strbuf *sb, pt_day day, int year)
{
	int y, m, dd;

	if (day == PT_DAY_NONE) {
		strbuf_addf(sb, "ngày" BLANK "tháng" BLANK "năm %d", year);
		return;
	}
	date_to_ymd(day, &y, &m, &dd);
	strbuf_addf(sb, dd < 10 ? "ngày 0%d" : "ngày %d", dd);
	strbuf_addf(sb, m < 3 ? " tháng 0%d" : " tháng %d", m);
	strbuf_addf(sb, " năm %d", y);
}

/* "số 45/BC-UBND" after word ("Số:", "số"): numbers below 10 with a
 * leading zero (Nghị định 30, Phụ lục I, số của văn bản); a blank for the
 * văn thư without one. */
static void add_number(struct ctx *c, struct strbuf *sb, const char *word)
{
	if (c->o->number > 0)
		strbuf_addf(sb, "%s %02ld", word, c->o->number);
	else
		strbuf_addf(sb, "%s" BLANK, word);
	strbuf_addf(sb, "/%s", c->symbol.buf);
}

static int issue_year(const struct ctx *c)
{
	int y, m, d;
	pt_day due = c->dept ? c->r->period->department_due :
		c->r->period->consolidated_due;

	date_to_ymd(c->o->date != PT_DAY_NONE ? c->o->date : due, &y, &m, &d);
	return y;
}

static const char *consolidator_name(const struct report *r)
{
	return r->consolidator ? r->consolidator->name :
		r->period->consolidator;
}

/* "hết ngày 20/05/2026", or "10:00 ngày 20/05/2026" as of now. */
static void add_as_of(const struct report *r, struct strbuf *sb)
{
	char day[11], hm[8];
	struct tm tm;

	day_vn(r->as_of, day);
	if (r->until_now && localtime_r(&r->until, &tm) &&
	    strftime(hm, sizeof(hm), "%H:%M", &tm) == 5)
		strbuf_addf(sb, "%s ngày %s", hm, day);
	else
		strbuf_addf(sb, "hết ngày %s", day);
}

/* ---- the header ---- */

static void header(struct ctx *c)
{
	const struct plan_meta *m = &c->p->meta;
	const struct plan_reports *rp = &c->p->reports;
	struct strbuf agency = STRBUF_INIT, superior = STRBUF_INIT;
	struct strbuf number = STRBUF_INIT, place = STRBUF_INIT;
	struct doc_header h;
	const char *comma;

	/* The committee's name as printed, line by line; above a
	 * department's name too (Nghị định 30: a long name may take
	 * several lines). */
	if (rp->agency)
		strbuf_addstr(c->dept ? &superior : &agency, rp->agency);
	else
		add_upper(c->dept ? &superior : &agency, m->issuer);
	if (c->dept)
		add_agency_name(&agency, c->dept->name);

	add_number(c, &number, "Số:");

	if (rp->place) {
		strbuf_addstr(&place, rp->place);
	} else {
		comma = strchr(m->place_date, ',');
		strbuf_add(&place, m->place_date, comma ?
			   (size_t)(comma - m->place_date) :
			   strlen(m->place_date));
	}
	strbuf_addstr(&place, ", ");
	add_vn_date(&place, c->o->date, issue_year(c));

	h.superior = c->dept ? superior.buf : NULL;
	h.agency = agency.buf;
	h.motto1 = MOTTO_1;
	h.motto2 = MOTTO_2;
	h.number = number.buf;
	h.place_date = place.buf;
	doc_header(c->d, &h);
	strbuf_release(&agency);
	strbuf_release(&superior);
	strbuf_release(&number);
	strbuf_release(&place);
}

/* "Kết quả 6 tháng đầu năm 2026 thực hiện Kế hoạch thực hiện Nghị quyết
 * số 02/NQ-CP …": the period, then the plan by its title. */
static void subject(struct ctx *c, struct strbuf *sb)
{
	strbuf_addf(sb, "Kết quả %s thực hiện %s", c->r->period->name,
		    c->plan_name.buf);
}

static void title(struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	const char *to;

	subject(c, &sb);
	doc_title(c->d, "BÁO CÁO", sb.buf);
	strbuf_reset(&sb);
	if (c->dept) {
		strbuf_addf(&sb, "%s (qua %s)", c->p->meta.issuer,
			    consolidator_name(c->r));
		to = sb.buf;
	} else {
		to = c->r->period->recipient;
	}
	doc_addressee(c->d, "Kính gửi:", &to, 1);
	strbuf_release(&sb);
}

/* Departments whose data could not be read: the document says so where
 * its figures start, so that nobody takes their absence for nothing done. */
static void unreadable(struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;

	render_unreadable(c->r, &sb);
	if (sb.len)
		doc_run(c->d, doc_para(c->d, DOC_JUSTIFY, DOC_INDENT), DOC_BOLD,
			sb.buf);
	strbuf_release(&sb);
}

static void opening(struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "Thực hiện %s", c->plan_name.buf);
	if (c->dept)
		strbuf_addf(&sb, " của %s", c->p->meta.issuer);
	strbuf_addf(&sb, ", %s báo cáo kết quả thực hiện %s như sau:",
		    c->reporter, c->r->period->name);
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Số liệu trong báo cáo tính đến ");
	add_as_of(c->r, &sb);
	strbuf_addch(&sb, '.');
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);
	unreadable(c);
	strbuf_release(&sb);
}

/* ---- the departments' texts ---- */

/* A recorded text as paragraphs of the body: a paragraph ends at an
 * empty line (or one of blanks), a single newline is a line break in
 * it. lead, when not NULL, opens the first paragraph in bold italics (the
 * department's name). */
static void text_paras(struct ctx *c, const char *text, const char *lead)
{
	struct strbuf para = STRBUF_INIT;
	struct doc_para *p;
	const char *line = text, *nl, *q;
	size_t len;

	for (;;) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		for (q = line; q < line + len && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < line + len) {
			if (para.len)
				strbuf_addch(&para, '\n');
			strbuf_add(&para, line, len);
		}
		if ((q == line + len || !nl) && para.len) {
			p = doc_para(c->d, DOC_JUSTIFY, DOC_INDENT);
			if (lead) {
				doc_run(c->d, p, DOC_BOLD | DOC_ITALIC, lead);
				doc_run(c->d, p, 0, " ");
				lead = NULL;
			}
			doc_run(c->d, p, 0, para.buf);
			strbuf_reset(&para);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	strbuf_release(&para);
}

enum whose { ALL_TEXTS, COMMUNE_TEXT, DEPARTMENT_TEXTS };

/* Section s's texts (whose of them): the commune's as the body, each
 * department's after its name. Returns how many there were. */
static size_t section_texts(struct ctx *c, enum section_id s, enum whose w)
{
	const struct report *r = c->r;
	struct strbuf lead = STRBUF_INIT;
	size_t i, n = 0;

	for (i = r->text_first[s]; i < r->text_first[s + 1]; i++) {
		const struct report_text *t = &r->texts[i];

		if ((w == COMMUNE_TEXT && !t->commune) ||
		    (w == DEPARTMENT_TEXTS && t->commune))
			continue;
		strbuf_reset(&lead);
		/* A department's own report is all its own words. */
		if (!c->dept && !t->commune)
			strbuf_addf(&lead, "%s:", t->dept->name);
		text_paras(c, t->text, lead.len ? lead.buf : NULL);
		n++;
	}
	strbuf_release(&lead);
	return n;
}

/* ---- I. ---- */

static void section_direction(struct ctx *c)
{
	struct doc_block *list = NULL;
	size_t i;

	doc_heading(c->d, 1, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI, QUÁN TRIỆT, "
		    "TUYÊN TRUYỀN");
	for (i = 0; i < c->p->n_duties; i++) {
		const struct plan_duty *du = &c->p->duties[i];

		if (c->dept && !plan_refs_cover(c->p, &du->lead, c->dept->code) &&
		    !plan_refs_cover(c->p, &du->coordinating, c->dept->code))
			continue;
		if (!list) {
			doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP,
				 "Nhiệm vụ được giao tại mục Tổ chức thực hiện "
				 "của Kế hoạch:");
			list = doc_list(c->d, "-");
		}
		doc_run(c->d, doc_item(c->d, list), 0, du->text);
	}
	if (!section_texts(c, SECTION_DIRECTION, ALL_TEXTS))
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, NO_TEXT);
}

/* ---- II. ---- */

static void indicators(struct ctx *c)
{
	static const int widths[] = { 7, 35, 14, 12, 13, 19 };
	const struct report *r = c->r;
	struct strbuf sb = STRBUF_INIT;
	struct doc_table *t;
	size_t i, met = 0, not_met = 0;
	struct doc_para *p;

	doc_heading(c->d, 2, "1. Kết quả thực hiện các chỉ tiêu (Phụ lục I "
		    "của Kế hoạch)");
	if (!r->n_indicators) {
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, c->dept ?
			 "Đơn vị không thực hiện, không theo dõi chỉ tiêu nào "
			 "của Kế hoạch." : "Kế hoạch không có chỉ tiêu.");
		return;
	}
	for (i = 0; i < r->n_indicators; i++) {
		met += r->indicators[i].verdict == VERDICT_MET;
		not_met += r->indicators[i].verdict == VERDICT_NOT_MET;
	}
	strbuf_addf(&sb, "Trên tổng số %zu chỉ tiêu: %zu chỉ tiêu đạt, %zu chỉ "
		    "tiêu không đạt, %zu chỉ tiêu chưa có số liệu.",
		    r->n_indicators, met, not_met,
		    r->n_indicators - met - not_met);
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP, sb.buf);

	t = doc_table(c->d, 6, widths);
	doc_row(c->d, t, DOC_ROW_HEADER);
	doc_run(c->d, doc_cell(c->d, t, 0, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, "STT");
	doc_run(c->d, doc_cell(c->d, t, 1, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, "Chỉ tiêu");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Chỉ tiêu năm %d", c->p->meta.year);
	doc_run(c->d, doc_cell(c->d, t, 2, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, sb.buf);
	doc_run(c->d, doc_cell(c->d, t, 3, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, "Kết quả");
	doc_run(c->d, doc_cell(c->d, t, 4, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, "Đánh giá");
	doc_run(c->d, doc_cell(c->d, t, 5, 1, 1, DOC_CENTER, DOC_SMALL),
		DOC_BOLD, "Ghi chú");
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];

		doc_row(c->d, t, 0);
		doc_runf(c->d, doc_cell(c->d, t, 0, 1, 1, DOC_CENTER,
					DOC_SMALL), 0, "%d",
			 ri->indicator->number);
		doc_run(c->d, doc_cell(c->d, t, 1, 1, 1, DOC_LEFT, DOC_SMALL),
			0, ri->indicator->name);
		strbuf_reset(&sb);
		render_target(&sb, ri->indicator);
		doc_run(c->d, doc_cell(c->d, t, 2, 1, 1, DOC_CENTER,
				       DOC_SMALL), 0, sb.buf);
		strbuf_reset(&sb);
		if (ri->present)
			render_value_unit(&sb, ri->value, ri->indicator->unit);
		doc_run(c->d, doc_cell(c->d, t, 3, 1, 1, DOC_CENTER,
				       DOC_SMALL), 0, sb.buf);
		doc_run(c->d, doc_cell(c->d, t, 4, 1, 1, DOC_CENTER,
				       DOC_SMALL),
			ri->verdict == VERDICT_NOT_MET ? DOC_BOLD : 0,
			report_verdict_label(ri->verdict));
		p = doc_cell(c->d, t, 5, 1, 1, DOC_LEFT, DOC_SMALL);
		if (ri->present && ri->note)
			doc_run(c->d, p, 0, ri->note);
	}
	strbuf_release(&sb);
}

static void counts_list(struct ctx *c, const struct report_counts *k)
{
	static const struct {
		enum report_state state;
		const char *label;
	} items[] = {
		{ STATE_DONE, "Đã hoàn thành" },
		{ STATE_RECURRING, "Đang thực hiện thường xuyên (nhiệm vụ "
		  "thường xuyên có cập nhật trong kỳ)" },
		{ STATE_IN_PROGRESS, "Đang thực hiện" },
		{ STATE_NOT_STARTED, "Chưa thực hiện" },
		{ STATE_OVERDUE, "Quá hạn (đã hết thời hạn, chưa hoàn thành)" },
		{ STATE_NOT_REPORTED, "Chưa báo cáo (không có cập nhật trong "
		  "kỳ)" },
	};
	struct doc_block *list = doc_list(c->d, "-");
	size_t i, n = sizeof(items) / sizeof(items[0]);

	for (i = 0; i < n; i++)
		doc_runf(c->d, doc_item(c->d, list), 0, "%s: %zu%s",
			 items[i].label, k->by_state[items[i].state],
			 i + 1 < n ? ";" : ".");
}

static void dept_counts_table(struct ctx *c)
{
	static const int widths[] = { 30, 10, 10, 10, 10, 10, 10, 10 };
	static const char *const titles[] = {
		"Đơn vị", "Số nhiệm vụ chủ trì", "Đã hoàn thành",
		"Đang thực hiện thường xuyên", "Đang thực hiện",
		"Chưa thực hiện", "Quá hạn", "Chưa báo cáo",
	};
	static const enum report_state order[] = {
		STATE_DONE, STATE_RECURRING, STATE_IN_PROGRESS,
		STATE_NOT_STARTED, STATE_OVERDUE, STATE_NOT_REPORTED,
	};
	const struct report *r = c->r;
	struct doc_table *t = doc_table(c->d, 8, widths);
	size_t i, k;

	doc_row(c->d, t, DOC_ROW_HEADER);
	for (k = 0; k < 8; k++)
		doc_run(c->d, doc_cell(c->d, t, k, 1, 1, DOC_CENTER,
				       DOC_SMALL), DOC_BOLD, titles[k]);
	for (i = 0; i <= r->n_depts; i++) {
		const struct report_counts *n = i < r->n_depts ?
			&r->depts[i].counts : &r->total;
		unsigned style = i < r->n_depts ? 0 : DOC_BOLD;

		doc_row(c->d, t, 0);
		doc_run(c->d, doc_cell(c->d, t, 0, 1, 1, DOC_LEFT, DOC_SMALL),
			style, i < r->n_depts ? r->depts[i].dept->name :
			"Tổng cộng");
		doc_runf(c->d, doc_cell(c->d, t, 1, 1, 1, DOC_CENTER,
					DOC_SMALL), style, "%zu", n->rows);
		for (k = 0; k < 6; k++)
			doc_runf(c->d, doc_cell(c->d, t, 2 + k, 1, 1,
						DOC_CENTER, DOC_SMALL),
				 style, "%zu", n->by_state[order[k]]);
	}
}

/* The task's lead departments by name: "Phòng Kinh tế, …". */
static void add_leads(struct ctx *c, struct strbuf *sb,
		      const struct plan_task *t)
{
	size_t i;

	for (i = 0; i < t->lead.n; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, plan_ref_name(c->p, t->lead.codes[i]));
	}
}

static void own_contributions(struct ctx *c)
{
	const struct report *r = c->r;
	struct doc_block *list = NULL;
	struct strbuf sb = STRBUF_INIT;
	char day[11];
	size_t i;

	doc_heading(c->d, 2, "3. Kết quả phối hợp thực hiện nhiệm vụ do đơn "
		    "vị khác chủ trì");
	for (i = 0; i < r->n_coords; i++) {
		const struct report_coord *co = &r->coords[i];

		if (co->dept != c->dept ||
		    plan_task_led_by(co->task, c->dept->code))
			continue;
		if (!list)
			list = doc_list(c->d, "-");
		strbuf_reset(&sb);
		day_vn(co->day, day);
		strbuf_addf(&sb, "Nhiệm vụ %s (", co->task->id);
		add_leads(c, &sb, co->task);
		strbuf_addf(&sb, " chủ trì), ngày %s: %s", day, co->text);
		doc_run(c->d, doc_item(c->d, list), 0, sb.buf);
	}
	if (!list)
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, "Chưa có kết quả phối "
			 "hợp được ghi nhận trong kỳ.");
	strbuf_release(&sb);
}

static void tasks(struct ctx *c)
{
	const struct report *r = c->r;
	const struct report_counts *k = &r->total;
	struct strbuf sb = STRBUF_INIT;

	doc_heading(c->d, 2, "2. Kết quả thực hiện các nhiệm vụ, giải pháp "
		    "(Phụ lục II của Kế hoạch)");
	if (!r->n_rows) {
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, c->dept ?
			 "Đơn vị không chủ trì nhiệm vụ nào của Kế hoạch." :
			 "Kế hoạch không có nhiệm vụ.");
		goto out;
	}
	if (c->dept)
		strbuf_addf(&sb, "Đơn vị chủ trì %zu nhiệm vụ, trong đó:",
			    k->rows);
	else
		strbuf_addf(&sb, "Kế hoạch có %zu nhiệm vụ với %zu lượt đơn vị "
			    "chủ trì (nhiệm vụ có nhiều đơn vị chủ trì được "
			    "tính cho từng đơn vị), trong đó:", k->tasks,
			    k->rows);
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP, sb.buf);
	counts_list(c, k);
	strbuf_reset(&sb);
	/* No share of "done" over tasks that can never be done: the dated
	 * ones are counted apart. */
	if (k->dated)
		strbuf_addf(&sb, "Nhiệm vụ có thời hạn hoàn thành cụ thể: %zu, "
			    "đã hoàn thành %zu; các nhiệm vụ còn lại thực hiện "
			    "thường xuyên.", k->dated, k->dated_done);
	else
		strbuf_addstr(&sb, "Các nhiệm vụ đều thực hiện thường xuyên, "
			      "không có thời hạn hoàn thành cụ thể.");
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);
	if (!c->dept) {
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP,
			 "Kết quả theo từng đơn vị chủ trì:");
		dept_counts_table(c);
	}
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, "Kết quả thực hiện từng nhiệm "
		 "vụ của đơn vị chủ trì và kết quả phối hợp của các đơn vị "
		 "phối hợp: chi tiết tại Phụ lục kèm theo Báo cáo này.");
out:
	if (c->dept)
		own_contributions(c);
	strbuf_release(&sb);
}

/* ---- III. to V. ---- */

/* Where a notes list has got to (notes_fill): the report's notes of its
 * kind are notes[next .. end). */
struct notes_cursor {
	const struct report *r;
	size_t next, end;
};

/* Notes a fill adds: their items' texts stay in the cache between making
 * and drawing them, and the items made before are freed. */
#define NOTES_CHUNK 256

static bool notes_fill(struct doc *d, struct doc_block *list, void *arg)
{
	struct notes_cursor *cur = arg;
	const struct report *r = cur->r;
	size_t stop = cur->end - cur->next > NOTES_CHUNK ?
		cur->next + NOTES_CHUNK : cur->end;
	struct strbuf sb = STRBUF_INIT;
	char day[11];

	for (; cur->next < stop; cur->next++) {
		const struct report_note *n = &r->notes[cur->next];

		report_prefetch_note(r, cur->next + REPORT_AHEAD);
		strbuf_reset(&sb);
		day_vn(n->day, day);
		/* Piece by piece: a format costs more than the copies. */
		if (r->dept) {
			strbuf_addstr(&sb, "Nhiệm vụ ");
		} else {
			strbuf_addstr(&sb, n->dept->name);
			strbuf_addstr(&sb, " (nhiệm vụ ");
		}
		strbuf_addstr(&sb, n->task->id);
		strbuf_addstr(&sb, r->dept ? " (ngày " : ", ngày ");
		strbuf_addstr(&sb, day);
		strbuf_addstr(&sb, "): ");
		/* Its length from the image's text facts, not a scan. */
		strbuf_add(&sb, n->text, textfacts_strlen(n->text));
		doc_run(d, doc_item(d, list), 0, sb.buf);
	}
	strbuf_release(&sb);
	return cur->next < cur->end;
}

/* The notes of one kind as a list, made while it is drawn when the
 * drawer reads it once; returns false when there are none (and no list).
 * The report holds difficulties then proposals (report.h). */
static bool notes_list(struct ctx *c, enum report_note_kind kind)
{
	const struct report *r = c->r;
	struct notes_cursor cur = { r, 0, r->n_difficulties };

	if (kind != NOTE_DIFFICULTY) {
		cur.next = r->n_difficulties;
		cur.end = r->n_notes;
	}
	if (cur.next >= cur.end)
		return false;
	/* The report outlives the document's drawing (report_doc.h). */
	doc_list_stream(c->d, doc_list(c->d, "-"), c->o->stream, notes_fill,
			&cur, sizeof(cur));
	return true;
}

/* A heading, then section s's texts or the line that says there are
 * none. */
static void prose(struct ctx *c, int level, const char *heading,
		  enum section_id s)
{
	doc_heading(c->d, level, heading);
	if (!section_texts(c, s, ALL_TEXTS))
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, NO_TEXT);
}

static void section_assessment(struct ctx *c)
{
	size_t n;

	doc_heading(c->d, 1, "III. ĐÁNH GIÁ CHUNG");
	prose(c, 2, "1. Kết quả nổi bật", SECTION_HIGHLIGHTS);
	doc_heading(c->d, 2, "2. Tồn tại, hạn chế");
	n = section_texts(c, SECTION_SHORTCOMINGS, ALL_TEXTS);
	if (c->r->n_difficulties) {
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP, c->dept ?
			 "Khó khăn, vướng mắc đơn vị ghi nhận trong kỳ:" :
			 "Khó khăn, vướng mắc các đơn vị ghi nhận trong kỳ:");
		notes_list(c, NOTE_DIFFICULTY);
	} else if (!n) {
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, NO_TEXT);
	}
	prose(c, 2, "3. Nguyên nhân", SECTION_CAUSES);

	prose(c, 1, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
	      SECTION_OUTLOOK);
}

static void section_proposals(struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	bool any = c->r->n_notes > c->r->n_difficulties;
	size_t n;

	doc_heading(c->d, 1, "V. KIẾN NGHỊ, ĐỀ XUẤT");
	if (!c->dept)
		doc_heading(c->d, 2, "1. Kiến nghị, đề xuất của các đơn vị");
	n = section_texts(c, SECTION_PROPOSALS, DEPARTMENT_TEXTS);
	if (any && n)
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT | DOC_KEEP,
			 "Kiến nghị, đề xuất đối với từng nhiệm vụ:");
	if (any)
		notes_list(c, NOTE_PROPOSAL);
	else if (!n)
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, c->dept ?
			 "Không có kiến nghị, đề xuất trong kỳ." :
			 "Các đơn vị không có kiến nghị, đề xuất trong kỳ.");
	if (c->dept)
		goto out;
	strbuf_addf(&sb, "2. Kiến nghị, đề xuất của %s", c->reporter);
	doc_heading(c->d, 2, sb.buf);
	if (!section_texts(c, SECTION_PROPOSALS, COMMUNE_TEXT))
		doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, NO_TEXT);
out:
	strbuf_release(&sb);
}

static void closing(struct ctx *c)
{
	static const char *const fallback[] = { "- Như trên;", "- Lưu: VT." };
	const struct plan_reports *rp = &c->p->reports;
	const struct plan_meta *m = &c->p->meta;
	struct strbuf sb = STRBUF_INIT;
	struct doc_closing cl;

	strbuf_addf(&sb, "Trên đây là báo cáo kết quả thực hiện Kế hoạch %s "
		    "của %s./.", c->r->period->name, c->reporter);
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);

	memset(&cl, 0, sizeof(cl));
	cl.recipients_label = "Nơi nhận:";
	if (c->dept && rp->department_recipients) {
		cl.recipients = rp->department_recipients;
		cl.n_recipients = rp->n_department_recipients;
	} else if (!c->dept && rp->recipients) {
		cl.recipients = rp->recipients;
		cl.n_recipients = rp->n_recipients;
	} else {
		cl.recipients = (const char **)fallback;
		cl.n_recipients = 2;
	}
	if (c->dept) {
		cl.title = c->dept->head.title ? c->dept->head.title :
			"THỦ TRƯỞNG ĐƠN VỊ";
		cl.name = c->dept->head.name;
	} else {
		cl.authority = m->signer_authority;
		cl.title = m->signer_title;
		cl.name = m->signer_name;
	}
	doc_closing(c->d, &cl);
	strbuf_release(&sb);
}

/* ---- the Phụ lục ---- */

static void task_rows(struct ctx *c, struct doc_table *t, size_t first,
		      size_t span)
{
	const struct report *r = c->r;
	const struct report_row *row0 = &r->rows[first];
	const struct plan_task *task = row0->task;
	struct strbuf sb = STRBUF_INIT;
	struct doc_para *p;
	char day[11];
	size_t i, k;

	for (i = first; i < first + span; i++) {
		const struct report_row *row = &r->rows[i];
		bool flag = row->state == STATE_OVERDUE ||
			row->state == STATE_NOT_REPORTED;

		report_prefetch_row(r, i + REPORT_AHEAD);
		report_touch_tasks(r, i);

		doc_row(c->d, t, 0);
		if (i == first) {
			doc_run_ref(c->d, doc_cell(c->d, t, 0, 1, (unsigned)span,
						   DOC_CENTER, DOC_SMALL), 0,
				    task->id);
			doc_run_ref(c->d, doc_cell(c->d, t, 1, 1, (unsigned)span,
						   DOC_LEFT, DOC_SMALL), 0,
				    task->description);
			doc_run_ref(c->d, doc_cell(c->d, t, 2, 1, (unsigned)span,
						   DOC_CENTER, DOC_SMALL), 0,
				    task->deadline.text);
		}
		doc_run_ref(c->d, doc_cell(c->d, t, 3, 1, 1, DOC_LEFT,
					   DOC_SMALL), 0, row->dept->name);
		doc_run_ref(c->d, doc_cell(c->d, t, 4, 1, 1, DOC_LEFT,
					   DOC_SMALL), flag ? DOC_BOLD : 0,
			    report_state_label(row->state));
		if (row->status == STATUS_IN_PROGRESS)
			doc_runf(c->d, doc_cell_para(c->d, t, 4, DOC_LEFT,
						     DOC_SMALL), 0,
				 "Tiến độ: %d%%", row->progress);
		if (row->last_update_day != PT_DAY_NONE) {
			day_vn(row->last_update_day, day);
			strbuf_reset(&sb);
			strbuf_addstr(&sb, "Cập nhật: ");
			strbuf_addstr(&sb, day);
			doc_run(c->d, doc_cell_para(c->d, t, 4, DOC_LEFT,
						    DOC_SMALL), DOC_ITALIC,
				sb.buf);
		}
		p = doc_cell(c->d, t, 5, 1, 1, DOC_LEFT, DOC_SMALL);
		if (row->result)
			doc_run_ref(c->d, p, 0, row->result);
		if (i != first)
			continue;
		/* Who coordinates, then what each has contributed. */
		p = doc_cell(c->d, t, 6, 1, (unsigned)span, DOC_LEFT,
			     DOC_SMALL);
		doc_run_ref(c->d, p, DOC_ITALIC, task->coordinating.text);
		for (k = 0; k < row0->n_coords; k++) {
			const struct report_coord *co =
				&r->coords[row0->coord_first + k];

			day_vn(co->day, day);
			strbuf_reset(&sb);
			strbuf_addstr(&sb, co->dept->name);
			strbuf_addstr(&sb, " (");
			strbuf_addstr(&sb, day);
			strbuf_addstr(&sb, "): ");
			p = doc_cell_para(c->d, t, 6, DOC_LEFT, DOC_SMALL);
			doc_run(c->d, p, DOC_BOLD, sb.buf);
			doc_run_ref(c->d, p, 0, co->text);
		}
	}
	strbuf_release(&sb);
}

/* Where the appendix's rows have got to (appendix_fill): the group, and
 * the report's row its next task starts at once its title row is out. */
struct appendix_start {
	size_t group, row;
};

struct appendix_cursor {
	const struct report *r;
	size_t group, row;
	bool titled;
	/* Where each call of the fill after the first starts (for
	 * appendix_seek), in the document's memory. */
	const struct appendix_start *starts;
	size_t n_starts;
};

/* Tasks a fill adds: their rows' texts stay in the cache between making
 * and drawing them, and the rows made before are freed. */
#define APPENDIX_CHUNK 64

static bool appendix_fill(struct doc *d, struct doc_table *t, void *arg)
{
	struct appendix_cursor *cur = arg;
	const struct report *r = cur->r;
	struct ctx c;
	size_t tasks = 0, span, end;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.d = d;
	c.p = r->plan;
	while (cur->group < r->n_groups && tasks < APPENDIX_CHUNK) {
		const struct report_group *rg = &r->groups[cur->group];

		if (!cur->titled) {
			doc_row(d, t, DOC_ROW_GROUP);
			doc_runf(d, doc_cell(d, t, 0, 7, 1, DOC_LEFT,
					     DOC_SMALL), DOC_BOLD, "%s. %s",
				 rg->group->id, rg->group->title);
			cur->titled = true;
			cur->row = rg->first;
		}
		end = rg->first + rg->n;
		if (cur->row >= end) {
			cur->group++;
			cur->titled = false;
			continue;
		}
		for (span = 1; cur->row + span < end &&
		     r->rows[cur->row + span].task == r->rows[cur->row].task;
		     span++)
			;
		task_rows(&c, t, cur->row, span);
		cur->row += span;
		tasks++;
	}
	return cur->group < r->n_groups;
}

/* Whether row i of group rg starts a task (its first lead's row). */
static bool task_starts(const struct report *r, const struct report_group *rg,
			size_t i)
{
	return i == rg->first || r->rows[i - 1].task != r->rows[i].task;
}

/* Where appendix_fill's calls after the first start (into starts, when
 * not NULL), and how many there are: after each APPENDIX_CHUNK tasks,
 * in the group of the last of them (at its end when it was the group's
 * last), titled. The call after the last of them takes the rest, the
 * titles of the groups after the last task included. */
static size_t appendix_starts(const struct report *r,
			      struct appendix_start *starts)
{
	size_t seen = 0, last = 0, n = 0, g, i, end;

	for (g = 0; g < r->n_groups; g++) {
		const struct report_group *rg = &r->groups[g];

		end = rg->first + rg->n;
		for (i = rg->first; i <= end; i++) {
			if (i < end && !task_starts(r, rg, i))
				continue;
			if (seen && seen % APPENDIX_CHUNK == 0 && seen != last) {
				if (starts) {
					starts[n].group = g;
					starts[n].row = i;
				}
				n++;
				last = seen;
			}
			seen += i < end;
		}
	}
	return n;
}

/* cur as appendix_fill leaves it before its call k (doc_seek_fn). */
static void appendix_seek(void *arg, size_t k)
{
	struct appendix_cursor *cur = arg;

	cur->titled = k != 0;
	if (!k) {
		cur->group = cur->row = 0;
	} else if (k <= cur->n_starts) {
		cur->group = cur->starts[k - 1].group;
		cur->row = cur->starts[k - 1].row;
	} else {
		cur->group = cur->r->n_groups;
		cur->row = 0;
	}
}

static void appendix(struct ctx *c)
{
	static const int widths[] = { 5, 29, 8, 10, 11, 20, 17 };
	static const char *const titles[] = {
		"STT", "Nhiệm vụ", "Thời hạn", "Đơn vị chủ trì", "Tình trạng",
		"Kết quả thực hiện", "Đơn vị phối hợp",
	};
	const struct report *r = c->r;
	struct strbuf name = STRBUF_INIT, note = STRBUF_INIT;
	struct appendix_cursor cur = { r, 0, 0, false, NULL, 0 };
	struct appendix_start *starts;
	struct doc_table *t;
	size_t k;

	doc_section(c->d, DOC_LANDSCAPE, true);
	strbuf_addstr(&name, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP ");
	add_upper(&name, r->period->name);
	strbuf_addstr(&note, "(Kèm theo Báo cáo ");
	add_number(c, &note, "số");
	strbuf_addch(&note, ' ');
	add_vn_date(&note, c->o->date, issue_year(c));
	strbuf_addf(&note, " của %s)", c->reporter);
	doc_appendix(c->d, "Phụ lục", name.buf, note.buf);

	t = doc_table(c->d, 7, widths);
	doc_row(c->d, t, DOC_ROW_HEADER);
	for (k = 0; k < 7; k++)
		doc_run(c->d, doc_cell(c->d, t, k, 1, 1, DOC_CENTER,
				       DOC_SMALL), DOC_BOLD, titles[k]);
	/* The report outlives the document's drawing (report_doc.h). */
	/* Streamed, the fills may be made apart (doc_table_seekable). */
	cur.n_starts = appendix_starts(r, NULL);
	starts = c->o->stream ? doc_alloc(c->d, (cur.n_starts + 1) *
					  sizeof(*starts)) : NULL;
	if (starts) {
		(void)appendix_starts(r, starts);
		cur.starts = starts;
	}
	doc_table_stream(c->d, t, c->o->stream, appendix_fill, &cur,
			 sizeof(cur));
	if (starts)
		doc_table_seekable(t, appendix_seek, cur.n_starts + 1);
	strbuf_release(&name);
	strbuf_release(&note);
}

/* ---- the internal annex ---- */

static void internal(struct ctx *c)
{
	static const int widths[] = { 7, 45, 15, 15, 18 };
	const struct report *r = c->r;
	const struct plan_period *pd = r->period;
	struct strbuf sb = STRBUF_INIT;
	struct doc_table *t;
	char a[11], b[11];
	size_t i, k, n = 0, by[4] = { 0, 0, 0, 0 };

	doc_section(c->d, DOC_PORTRAIT, false);
	day_vn(pd->start, a);
	day_vn(pd->end, b);
	strbuf_addf(&sb, "Kỳ báo cáo %s (từ %s đến %s)", pd->name, a, b);
	doc_title(c->d, "THEO DÕI TÌNH HÌNH GỬI BÁO CÁO", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Tài liệu theo dõi nội bộ của %s, không gửi kèm báo "
		    "cáo.", consolidator_name(r));
	doc_run(c->d, doc_para(c->d, DOC_CENTER, 0), DOC_ITALIC, sb.buf);
	strbuf_reset(&sb);
	day_vn(pd->department_due, a);
	day_vn(pd->consolidated_due, b);
	strbuf_addf(&sb, "Hạn các đơn vị gửi báo cáo về %s: %s. Hạn gửi báo "
		    "cáo tổng hợp đến %s: %s. Số liệu tính đến ",
		    consolidator_name(r), a, pd->recipient, b);
	add_as_of(r, &sb);
	strbuf_addch(&sb, '.');
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);
	unreadable(c);

	t = doc_table(c->d, RENDER_SUB_COLS, widths);
	doc_row(c->d, t, DOC_ROW_HEADER);
	for (k = 0; k < RENDER_SUB_COLS; k++)
		doc_run(c->d, doc_cell(c->d, t, k, 1, 1, DOC_CENTER,
				       DOC_SMALL), DOC_BOLD,
			render_sub_titles[k]);
	for (i = 0; i < r->n_subs; i++) {
		const struct report_submission *s = &r->subs[i];

		/* The report being made is not in its own list. */
		if (s->consolidated)
			continue;
		doc_row(c->d, t, 0);
		day_vn(s->due, a);
		day_vn(s->submitted_day, b);
		doc_runf(c->d, doc_cell(c->d, t, 0, 1, 1, DOC_CENTER,
					DOC_SMALL), 0, "%zu", ++n);
		doc_run(c->d, doc_cell(c->d, t, 1, 1, 1, DOC_LEFT, DOC_SMALL),
			0, s->dept->name);
		doc_run(c->d, doc_cell(c->d, t, 2, 1, 1, DOC_CENTER,
				       DOC_SMALL), 0, a);
		doc_run(c->d, doc_cell(c->d, t, 3, 1, 1, DOC_CENTER,
				       DOC_SMALL), 0, b);
		doc_run(c->d, doc_cell(c->d, t, 4, 1, 1, DOC_LEFT, DOC_SMALL),
			s->status == SUB_LATE || s->status == SUB_MISSING ?
			DOC_BOLD : 0, report_sub_status_label(s->status));
		if ((unsigned)s->status < 4)
			by[s->status]++;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Tổng hợp: %zu đơn vị nộp đúng hạn, %zu nộp muộn, %zu "
		    "chưa nộp (quá hạn), %zu chưa nộp (chưa đến hạn).",
		    by[SUB_ON_TIME], by[SUB_LATE], by[SUB_MISSING],
		    by[SUB_PENDING]);
	doc_text(c->d, DOC_JUSTIFY, DOC_INDENT, sb.buf);
	strbuf_release(&sb);
}

int report_doc_build(const struct report *r,
		     const struct report_doc_options *o, struct doc **out)
{
	struct ctx c;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	*out = NULL;
	if (!r || !r->plan || !r->period || !o) {
		errno = EINVAL;
		goto out;
	}
	c.r = r;
	c.o = o;
	c.p = r->plan;
	c.dept = r->dept;
	c.reporter = c.dept ? c.dept->name : c.p->meta.issuer;
	strbuf_init(&c.symbol, 0);
	strbuf_init(&c.plan_name, 0);
	strbuf_init(&c.sb, 0);
	if (c.dept)
		strbuf_addf(&c.symbol, "BC-%s", c.dept->code);
	else
		strbuf_addstr(&c.symbol, c.p->reports.symbol ?
			      c.p->reports.symbol : "BC");
	strbuf_addstr(&c.plan_name, "Kế hoạch ");
	add_lcfirst(&c.plan_name, c.p->meta.title);

	strbuf_addstr(&c.sb, "Báo cáo ");
	subject(&c, &c.sb);
	c.d = doc_new(c.sb.buf);
	if (!c.d)
		goto out;
	if (o->internal) {
		internal(&c);
	} else {
		doc_section(c.d, DOC_PORTRAIT, false);
		header(&c);
		title(&c);
		opening(&c);
		section_direction(&c);
		doc_heading(c.d, 1, "II. KẾT QUẢ THỰC HIỆN");
		indicators(&c);
		tasks(&c);
		section_assessment(&c);
		section_proposals(&c);
		closing(&c);
		if (r->n_rows)
			appendix(&c);
	}
	if (doc_finish(c.d))
		goto out;
	*out = c.d;
	c.d = NULL;
	ret = 0;
out:
	doc_free(c.d);
	strbuf_release(&c.symbol);
	strbuf_release(&c.plan_name);
	strbuf_release(&c.sb);
	return ret;
}
