/* render_int.h: the wording and number formats the report renderers
 * share (render_*.c), so that every format says the same thing the same
 * way. Nothing here computes a fact: it only spells one.
 */
#ifndef PLANTRACK_RENDER_INT_H
#define PLANTRACK_RENDER_INT_H

#include <stddef.h>
#include <time.h>

#include "plantrack/report.h"
#include "plantrack/strbuf.h"

/* The six sections, in print order. */
enum render_section {
	SECTION_SUBMISSIONS,
	SECTION_INDICATORS,
	SECTION_TASKS,
	SECTION_SUMMARY,
	SECTION_DIFFICULTIES,
	SECTION_PROPOSALS,
	N_SECTIONS
};

extern const char *const render_heading[N_SECTIONS];	/* "1. Tình hình ..." */

#define RENDER_MOTTO_1	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define RENDER_MOTTO_2	"Độc lập - Tự do - Hạnh phúc"
#define RENDER_TITLE	"BÁO CÁO"
#define RENDER_OVERDUE	"Quá hạn"
#define RENDER_UNREPORTED	"Chưa báo cáo"
#define RENDER_NONE	"Không có."
#define RENDER_TOTAL	"Cộng"

/* Header fields as label and value, in print order; the label has no
 * colon. Values are owned by the array (render_fields_release). */
struct render_field {
	const char *label;
	struct strbuf value;
};

#define RENDER_N_FIELDS 6

void render_fields(const struct report *r, struct render_field *fields);
void render_fields_release(struct render_field *fields);

/* The notice that some departments' data could not be read (the report
 * leaves them out), appended to sb; nothing when every file was read.
 * Every format prints it after its header. */
void render_unreadable(const struct report *r, struct strbuf *sb);

/* "Kết quả thực hiện Kế hoạch 6 tháng đầu năm 2026" */
void render_subtitle(const struct report *r, struct strbuf *sb);
/* Name of the reporting unit under the issuer: --dept's department, or
 * the consolidator ("Phòng Kinh tế"), or "" */
const char *render_unit(const struct report *r);
/* Who a submission row is: the department's name, or "Báo cáo tổng hợp
 * gửi Sở Tài chính (Phòng Kinh tế)" for the consolidated one. */
void render_sub_who(const struct report_submission *s,
		    const struct report *r, struct strbuf *sb);

#define RENDER_NUM_LEN 24	/* a formatted whole number, with its NUL */

/* The cells of submission row i, in the column order of
 * render_sub_titles, spelt the same in every table format. The texts live
 * in *c until the next call; release with render_sub_cells_release. */
#define RENDER_SUB_COLS 5
extern const char *const render_sub_titles[RENDER_SUB_COLS];
struct render_sub_cells {
	char no[RENDER_NUM_LEN], due[11], day[11];
	struct strbuf who;
	const char *cells[RENDER_SUB_COLS];
};
#define RENDER_SUB_CELLS_INIT { "", "", "", STRBUF_INIT, { NULL } }
void render_sub_cells(struct render_sub_cells *c, const struct report *r,
		      size_t i);
void render_sub_cells_release(struct render_sub_cells *c);

/* Whole numbers as text: a count, an int, a progress ("40%"). */
void render_size(char buf[RENDER_NUM_LEN], size_t v);
void render_int(char buf[RENDER_NUM_LEN], int v);
void render_progress(char buf[RENDER_NUM_LEN], int progress);
/* "DD/MM/YYYY" and "YYYY-MM-DD", "" for PT_DAY_NONE. */
void render_day_vn(pt_day d, char buf[11]);
void render_day_iso(pt_day d, char buf[11]);
/* A value as Vietnamese write it ("98,5") into sb. */
void render_number_vn(struct strbuf *sb, double v);
/* A value and its unit: "98,5%", "12 doanh nghiệp". */
void render_value_unit(struct strbuf *sb, double v, const char *unit);
/* The target in its original wording with its unit: "Tối thiểu 80%". */
void render_target(struct strbuf *sb, const struct plan_indicator *ind);
/* The summary in one sentence: tasks, rows, done, share, overdue, not
 * reported. */
void render_summary_line(const struct report *r, struct strbuf *sb);
/* Tenths of a percent as "10,7%". */
void render_permille(struct strbuf *sb, int permille);
/* The status cell: label, then the flags, separated by sep. */
void render_status(struct strbuf *sb, const struct report_row *row,
		   const char *sep);

#endif
