/* report_doc.h: the report (report.h) as a document (doc.h): the text
 * of a báo cáo kết quả per Nghị định 30/2020/NĐ-CP (Phụ lục I, thể thức;
 * Phụ lục III, Mẫu 1.4), in Vietnamese whatever the interface language.
 *
 * Two documents and an annex (docs/report-document.md):
 *   - the consolidated report (no --dept): issued by the commune's
 *     People's Committee (plan "reports.agency", symbol "reports.symbol",
 *     "BC-UBND"), to the period's recipient (Kính gửi: Sở Tài chính),
 *     signed as the plan's signer, recipients "reports.recipients";
 *   - a department's report (--dept): issued by the department under the
 *     committee's name, symbol "BC-" and its code, to the committee
 *     through the consolidator, signed by its head (plan "head"; the name
 *     left to be written by hand when the plan has none), recipients
 *     "reports.department_recipients";
 *   - the internal annex (internal): the consolidator's tracking of the
 *     departments' submissions, never part of a document sent upstream.
 *
 * What a plan without "reports" gets instead: the agency is the issuer
 * upper-cased, the place the part of plan.place_date before its comma,
 * the symbol "BC", and the recipients "- Như trên;" and "- Lưu: VT.".
 * A department without "head" signs as "THỦ TRƯỞNG ĐƠN VỊ".
 */
#ifndef PLANTRACK_REPORT_DOC_H
#define PLANTRACK_REPORT_DOC_H

#include <stdbool.h>

#include "plantrack/date.h"
#include "plantrack/doc.h"
#include "plantrack/report.h"

/* What the văn thư fills in: left blank in a draft. */
struct report_doc_options {
	long number;	/* số văn bản, 1 or more; 0: blank */
	pt_day date;	/* ngày ban hành; PT_DAY_NONE: blank */
	bool internal;	/* the internal annex instead of the document */
	/* The drawer reads tables and lists in order (doc_draw_text,
	 * doc_draw_md, doc_draw_html): the appendix's rows and the lists
	 * of notes (sections III and V) are made while they are drawn
	 * (doc.h, doc_table_stream, doc_list_stream), not kept. The
	 * document is the same. */
	bool stream;
};

#define REPORT_DOC_NUMBER_MAX 9999999L

/* Builds the document of r into *out (free with doc_free). The document
 * borrows the texts of the plan and the state r was built from: free it
 * before them (r itself may go first, but not before the document is
 * drawn when o->stream). Returns 0, or -1 with errno
 * (ENOMEM). */
int report_doc_build(const struct report *r,
		     const struct report_doc_options *o, struct doc **out);

#endif
