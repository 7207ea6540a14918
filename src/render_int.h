/* render_int.h: the wording and number formats the report's formats
 * share (render_*.c, report_doc.c), so that every format says the same
 * thing the same way. Nothing here computes a fact: it only spells one.
 */
#ifndef PLANTRACK_RENDER_INT_H
#define PLANTRACK_RENDER_INT_H

#include <stddef.h>
#include <time.h>

#include "plantrack/out.h"
#include "plantrack/split.h"
#include "plantrack/report.h"
#include "plantrack/strbuf.h"

/* The notice that some departments' data could not be read (the report
 * leaves them out), appended to sb; nothing when every file was read.
 * Every format prints it after its header. */
void render_unreadable(const struct report *r, struct strbuf *sb);

#define RENDER_NUM_LEN 24	/* a formatted whole number, with its NUL */

/* The columns of the submissions table, spelt the same in every format. */
#define RENDER_SUB_COLS 5
extern const char *const render_sub_titles[RENDER_SUB_COLS];

/* Whole numbers as text: a count, an int. */
void render_size(char buf[RENDER_NUM_LEN], size_t v);
void render_int(char buf[RENDER_NUM_LEN], int v);
/* "DD/MM/YYYY" and "YYYY-MM-DD", "" for PT_DAY_NONE. */
void render_day_vn(pt_day d, char buf[11]);
void render_day_iso(pt_day d, char buf[11]);
/* A value as Vietnamese write it ("98,5") into sb. */
void render_number_vn(struct strbuf *sb, double v);
/* A value and its unit: "98,5%", "12 doanh nghiệp". */
void render_value_unit(struct strbuf *sb, double v, const char *unit);
/* The target in its original wording with its unit: "Tối thiểu 80%". */
void render_target(struct strbuf *sb, const struct plan_indicator *ind);

/* Rows a long table is drawn on two threads from, and in chunks of
 * (split.h). */
#define RENDER_SPLIT_MIN 4096
#define RENDER_SPLIT_CHUNK 1024

#endif
