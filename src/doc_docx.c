/* doc_docx.c: a document as a Word file (.docx: WordprocessingML,
 * ECMA-376 / ISO/IEC 29500, transitional), zipped by libzip.
 *
 * Laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I (docs/report-document.md):
 * A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New
 * Roman, body 14 pt justified with a 1 cm first-line indent and 6 pt
 * between paragraphs; page numbers centred at the top from the second
 * page (a title-page header that is empty); the header and the closing
 * as borderless two-column tables; rules under the agency, the motto and
 * the subject as bottom borders of empty paragraphs whose indents set
 * their length; tables with repeated header rows, fixed column widths
 * and merged cells (gridSpan, vMerge); a landscape section for the
 * appendix, numbered from 1 again.
 *
 * Parts, always in this order: [Content_Types].xml, _rels/.rels,
 * docProps/core.xml, docProps/app.xml, word/document.xml,
 * word/styles.xml, word/settings.xml, word/header1.xml (page number),
 * word/header2.xml (first page: empty), word/_rels/document.xml.rels.
 * Nothing in them depends on the clock or the machine.
 */
#include <string.h>

#include "plantrack/doc.h"
#include "doc_int.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/" \
	"relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" " \
	"standalone=\"yes\"?>\n"

/* Twentieths of a point. A4 is 210 x 297 mm. */
#define PAGE_SHORT	11906
#define PAGE_LONG	16838
#define MARGIN_TOP	1134	/* 20 mm */
#define MARGIN_BOTTOM	1134	/* 20 mm */
#define MARGIN_LEFT	1701	/* 30 mm */
#define MARGIN_RIGHT	851	/* 15 mm */
#define HEADER_DIST	567	/* the page number, 10 mm from the edge */
#define TEXT_PORTRAIT	(PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT)
#define TEXT_LANDSCAPE	(PAGE_LONG - MARGIN_LEFT - MARGIN_RIGHT)
#define INDENT		567	/* 1 cm */
#define CELL_MARGIN	57	/* 1 mm each side */

/* Half-points. */
#define SZ_BODY		28	/* 14 pt */
#define SZ_HEAD		26	/* 13 pt: agency, number, motto */
#define SZ_MOTTO1	24	/* 12 pt: Quốc hiệu */
#define SZ_TABLE	24	/* 12 pt */
#define SZ_LABEL	24	/* 12 pt: "Nơi nhận:" */
#define SZ_RECIPIENT	22	/* 11 pt */

struct w {
	struct strbuf *sb;
	int text_width;		/* of the current section */
	enum doc_orient orient;
	bool restart;
};

/* ---- runs and paragraphs ---- */

static void run_props(struct strbuf *sb, unsigned style, int size)
{
	if (!style && !size)
		return;
	strbuf_addstr(sb, "<w:rPr>");
	if (style & DOC_BOLD)
		strbuf_addstr(sb, "<w:b/><w:bCs/>");
	if (style & DOC_ITALIC)
		strbuf_addstr(sb, "<w:i/><w:iCs/>");
	if (size)
		strbuf_addf(sb, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>",
			    size, size);
	strbuf_addstr(sb, "</w:rPr>");
}

/* One run of text: '\n' a line break, '\t' a tab. */
static void run(struct strbuf *sb, const char *s, unsigned style, int size)
{
	const char *p;
	size_t n;

	if (!s || !*s)
		return;
	strbuf_addstr(sb, "<w:r>");
	run_props(sb, style, size);
	for (p = s; *p; p += n) {
		n = strcspn(p, "\n\t");
		if (n) {
			strbuf_addstr(sb, "<w:t xml:space=\"preserve\">");
			doc_xml_text_n(sb, p, n);
			strbuf_addstr(sb, "</w:t>");
		}
		if (p[n] == '\n')
			strbuf_addstr(sb, "<w:br/>");
		else if (p[n] == '\t')
			strbuf_addstr(sb, "<w:tab/>");
		if (p[n])
			n++;
	}
	strbuf_addstr(sb, "</w:r>");
}

static const char *jc(enum doc_align a)
{
	switch (a) {
	case DOC_CENTER:
		return "center";
	case DOC_RIGHT:
		return "right";
	case DOC_JUSTIFY:
		return "both";
	case DOC_LEFT:
		break;
	}
	return "left";
}

/* Paragraph properties in the schema's order: style, keepNext, spacing,
 * indentation, justification. before and line in twentieths of a point
 * (line 240: single). */
struct pprops {
	const char *style;
	bool keep;
	int before, after, line;
	int first_line, left, right;
	enum doc_align align;
	const char *border;	/* a bottom border: the rules */
};

static void para_open(struct strbuf *sb, const struct pprops *pp)
{
	strbuf_addstr(sb, "<w:p><w:pPr>");
	if (pp->style)
		strbuf_addf(sb, "<w:pStyle w:val=\"%s\"/>", pp->style);
	if (pp->keep)
		strbuf_addstr(sb, "<w:keepNext/>");
	if (pp->border)
		strbuf_addf(sb, "<w:pBdr><w:bottom w:val=\"single\" "
			    "w:sz=\"%s\" w:space=\"1\" w:color=\"000000\"/>"
			    "</w:pBdr>", pp->border);
	strbuf_addf(sb, "<w:spacing w:before=\"%d\" w:after=\"%d\" "
		    "w:line=\"%d\" w:lineRule=\"%s\"/>", pp->before, pp->after,
		    pp->line, pp->border ? "exact" : "auto");
	if (pp->first_line || pp->left || pp->right)
		strbuf_addf(sb, "<w:ind w:left=\"%d\" w:right=\"%d\" "
			    "w:firstLine=\"%d\"/>", pp->left, pp->right,
			    pp->first_line);
	strbuf_addf(sb, "<w:jc w:val=\"%s\"/></w:pPr>", jc(pp->align));
}

static void para_close(struct strbuf *sb)
{
	strbuf_addstr(sb, "</w:p>");
}

/* A paragraph of one text. */
static void para_text(struct strbuf *sb, const struct pprops *pp,
		      const char *s, unsigned style, int size)
{
	para_open(sb, pp);
	run(sb, s, style, size);
	para_close(sb);
}

static struct pprops body_props(const struct doc_para *p)
{
	struct pprops pp;

	memset(&pp, 0, sizeof(pp));
	pp.keep = p->flags & DOC_KEEP;
	pp.align = p->align;
	if (p->flags & DOC_SMALL) {
		pp.line = 240;
	} else {
		pp.before = 120;
		pp.line = 276;
		if (p->flags & DOC_INDENT)
			pp.first_line = INDENT;
	}
	return pp;
}

static void para(struct strbuf *sb, const struct doc_para *p,
		 const char *marker)
{
	const struct doc_run *r;
	struct pprops pp = body_props(p);
	int size = p->flags & DOC_SMALL ? SZ_TABLE : 0;

	para_open(sb, &pp);
	if (marker) {
		run(sb, marker, 0, size);
		run(sb, " ", 0, size);
	}
	for (r = p->runs; r; r = r->next)
		run(sb, r->text, r->style, size);
	para_close(sb);
}

/* A rule of len twips centred in width: an empty paragraph's bottom
 * border, as long as the paragraph between its indents. */
static void rule(struct strbuf *sb, int width, int len)
{
	struct pprops pp;

	memset(&pp, 0, sizeof(pp));
	if (len > width)
		len = width;
	pp.left = pp.right = (width - len) / 2;
	pp.line = 100;
	pp.align = DOC_CENTER;
	pp.border = "6";
	para_open(sb, &pp);
	para_close(sb);
}

/* About how wide the widest line of s is in Times New Roman bold at size
 * half-points, in twips: for the rules' lengths only (doc_bold_width). */
static int text_twips(const char *s, int size)
{
	/* twentieths of an em; an em is size / 2 points */
	return doc_bold_width(s) * size / 2;
}

static int min(int a, int b)
{
	return a < b ? a : b;
}

/* ---- tables ---- */

static void table_open(struct strbuf *sb, int width, const int *cols,
		       size_t n, bool borders)
{
	static const char *const sides[] = {
		"top", "left", "bottom", "right", "insideH", "insideV",
	};
	size_t i;

	strbuf_addf(sb, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
		    "<w:jc w:val=\"center\"/><w:tblBorders>", width);
	for (i = 0; i < 6; i++)
		strbuf_addf(sb, borders ? "<w:%s w:val=\"single\" w:sz=\"4\" "
			    "w:space=\"0\" w:color=\"000000\"/>" :
			    "<w:%s w:val=\"nil\"/>", sides[i]);
	strbuf_addf(sb, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
		    "<w:tblCellMar><w:left w:w=\"%d\" w:type=\"dxa\"/>"
		    "<w:right w:w=\"%d\" w:type=\"dxa\"/></w:tblCellMar>"
		    "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" "
		    "w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
		    "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
		    CELL_MARGIN, CELL_MARGIN);
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "<w:gridCol w:w=\"%d\"/>", cols[i]);
	strbuf_addstr(sb, "</w:tblGrid>");
}

static void cell_open(struct strbuf *sb, int width, unsigned span,
		      const char *vmerge, bool center)
{
	strbuf_addf(sb, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>",
		    width);
	if (span > 1)
		strbuf_addf(sb, "<w:gridSpan w:val=\"%u\"/>", span);
	if (vmerge)
		strbuf_addf(sb, "<w:vMerge w:val=\"%s\"/>", vmerge);
	if (center)
		strbuf_addstr(sb, "<w:vAlign w:val=\"center\"/>");
	strbuf_addstr(sb, "</w:tcPr>");
}

static void grid_table(struct w *w, const struct doc_table *t)
{
	struct strbuf *sb = w->sb;
	int cols[DOC_MAX_COLS] = { 0 }, acc = 0;
	const struct doc_row *r;
	const struct doc_para *p;
	size_t c, k;

	for (c = 0; c < t->ncols; c++) {
		cols[c] = c + 1 < t->ncols ? w->text_width * t->widths[c] / 1000 :
			w->text_width - acc;
		acc += cols[c];
	}
	table_open(sb, w->text_width, cols, t->ncols, true);
	for (r = t->rows; r; r = r->next) {
		bool head = r->flags & DOC_ROW_HEADER;

		/* A row stays on one page (Word breaks one taller than a
		 * page anyway); header rows repeat on every page. */
		strbuf_addf(sb, "<w:tr><w:trPr><w:cantSplit/>%s</w:trPr>",
			    head ? "<w:tblHeader/>" : "");
		for (c = 0; c < t->ncols; c++) {
			const struct doc_cell *cell = &r->cells[c];
			const struct doc_cell *o = cell->covered ? cell->covered :
				cell;
			int width = 0;

			/* Columns a span covers on its own row are the span's
			 * gridSpan; rows below continue it (vMerge), once per
			 * span, in its first column. */
			if (cell->covered && (o->row == cell->row || o->col != c))
				continue;
			for (k = 0; k < o->colspan && o->col + k < t->ncols; k++)
				width += cols[o->col + k];
			cell_open(sb, width, o->colspan, o->rowspan < 2 ? NULL :
				  cell->covered ? "continue" : "restart", head);
			if (cell->covered) {
				strbuf_addstr(sb, "<w:p/>");
			} else {
				for (p = cell->paras; p; p = p->next)
					para(sb, p, NULL);
				if (!cell->paras)
					strbuf_addstr(sb, "<w:p/>");
			}
			strbuf_addstr(sb, "</w:tc>");
		}
		strbuf_addstr(sb, "</w:tr>");
	}
	strbuf_addstr(sb, "</w:tbl>");
}

/* ---- the document's own blocks ---- */

static void header_block(struct w *w, const struct doc_header *h)
{
	struct strbuf *sb = w->sb;
	int cols[2], inner[2];
	struct pprops pp;

	cols[0] = w->text_width * 41 / 100;
	cols[1] = w->text_width - cols[0];
	inner[0] = cols[0] - 2 * CELL_MARGIN;
	inner[1] = cols[1] - 2 * CELL_MARGIN;
	memset(&pp, 0, sizeof(pp));
	pp.line = 240;
	pp.align = DOC_CENTER;

	table_open(sb, w->text_width, cols, 2, false);
	strbuf_addstr(sb, "<w:tr>");
	cell_open(sb, cols[0], 1, NULL, false);
	if (h->superior && *h->superior)
		para_text(sb, &pp, h->superior, 0, SZ_HEAD);
	para_text(sb, &pp, h->agency, DOC_BOLD, SZ_HEAD);
	/* Nghị định 30: a third to a half of the agency's name, which may
	 * wrap: never more than half the column. */
	rule(sb, inner[0], min(text_twips(h->agency, SZ_HEAD) * 2 / 5,
			       inner[0] / 2));
	strbuf_addstr(sb, "</w:tc>");
	cell_open(sb, cols[1], 1, NULL, false);
	para_text(sb, &pp, h->motto1, DOC_BOLD, SZ_MOTTO1);
	para_text(sb, &pp, h->motto2, DOC_BOLD, SZ_HEAD);
	/* As long as the motto. */
	rule(sb, inner[1], text_twips(h->motto2, SZ_HEAD));
	strbuf_addstr(sb, "</w:tc></w:tr><w:tr>");
	pp.before = 120;
	cell_open(sb, cols[0], 1, NULL, false);
	para_text(sb, &pp, h->number, 0, SZ_HEAD);
	strbuf_addstr(sb, "</w:tc>");
	cell_open(sb, cols[1], 1, NULL, false);
	para_text(sb, &pp, h->place_date, DOC_ITALIC, SZ_BODY);
	strbuf_addstr(sb, "</w:tc></w:tr></w:tbl>");
}

static void closing_block(struct w *w, const struct doc_closing *c)
{
	struct strbuf *sb = w->sb;
	int cols[2];
	struct pprops pp;
	size_t i;

	cols[0] = w->text_width * 42 / 100;
	cols[1] = w->text_width - cols[0];
	memset(&pp, 0, sizeof(pp));
	pp.line = 240;

	/* A paragraph between the body and the table: Word joins a table
	 * to a table, and the gap is the decree's 6 pt anyway. */
	table_open(sb, w->text_width, cols, 2, false);
	strbuf_addstr(sb, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	cell_open(sb, cols[0], 1, NULL, false);
	pp.align = DOC_LEFT;
	pp.before = 240;
	para_text(sb, &pp, c->recipients_label, DOC_BOLD | DOC_ITALIC,
		  SZ_LABEL);
	pp.before = 0;
	for (i = 0; i < c->n_recipients; i++)
		para_text(sb, &pp, c->recipients[i], 0, SZ_RECIPIENT);
	strbuf_addstr(sb, "</w:tc>");
	cell_open(sb, cols[1], 1, NULL, false);
	pp.align = DOC_CENTER;
	pp.before = 240;
	if (c->authority) {
		para_text(sb, &pp, c->authority, DOC_BOLD, SZ_BODY);
		pp.before = 0;
	}
	if (c->title)
		para_text(sb, &pp, c->title, DOC_BOLD, SZ_BODY);
	pp.before = 0;
	/* Room to sign and stamp; a name left out is written by hand. */
	for (i = 0; i < 4; i++)
		para_text(sb, &pp, "", 0, SZ_BODY);
	if (c->name && *c->name)
		para_text(sb, &pp, c->name, DOC_BOLD, SZ_BODY);
	strbuf_addstr(sb, "</w:tc></w:tr></w:tbl>");
}

static void sect_props(struct w *w)
{
	struct strbuf *sb = w->sb;
	bool land = w->orient == DOC_LANDSCAPE;

	strbuf_addf(sb, "<w:sectPr>"
		    "<w:headerReference w:type=\"default\" r:id=\"rId2\"/>"
		    "<w:headerReference w:type=\"first\" r:id=\"rId3\"/>"
		    "<w:type w:val=\"nextPage\"/>"
		    "<w:pgSz w:w=\"%d\" w:h=\"%d\"%s/>"
		    "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
		    "w:left=\"%d\" w:header=\"%d\" w:footer=\"%d\" "
		    "w:gutter=\"0\"/>",
		    land ? PAGE_LONG : PAGE_SHORT,
		    land ? PAGE_SHORT : PAGE_LONG,
		    land ? " w:orient=\"landscape\"" : "",
		    MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT,
		    HEADER_DIST, HEADER_DIST);
	if (w->restart)
		strbuf_addstr(sb, "<w:pgNumType w:start=\"1\"/>");
	/* The first page's header is header2, which is empty: no number
	 * on the first page (Nghị định 30, Phụ lục I). */
	strbuf_addstr(sb, "<w:titlePg/></w:sectPr>");
}

static void block(struct w *w, const struct doc_block *b, bool first)
{
	struct strbuf *sb = w->sb;
	const struct doc_para *p;
	struct strbuf text = STRBUF_INIT;
	struct pprops pp;
	size_t i;

	memset(&pp, 0, sizeof(pp));
	pp.line = 276;
	switch (b->kind) {
	case DOC_SECTION:
		/* The section before ends with a paragraph carrying its
		 * properties. */
		if (!first) {
			strbuf_addstr(sb, "<w:p><w:pPr><w:spacing w:before=\"0\" "
				      "w:after=\"0\"/>");
			sect_props(w);
			strbuf_addstr(sb, "</w:pPr></w:p>");
		}
		w->orient = b->sec.orient;
		w->restart = b->sec.restart;
		w->text_width = b->sec.orient == DOC_LANDSCAPE ?
			TEXT_LANDSCAPE : TEXT_PORTRAIT;
		break;
	case DOC_HEADER:
		header_block(w, &b->header);
		break;
	case DOC_TITLE:
		pp.align = DOC_CENTER;
		pp.before = 360;
		pp.line = 240;
		para_text(sb, &pp, b->kind_text, DOC_BOLD, SZ_BODY);
		pp.before = 0;
		para_text(sb, &pp, b->text, DOC_BOLD, SZ_BODY);
		rule(sb, w->text_width, w->text_width / 3);
		break;
	case DOC_ADDRESSEE:
		strbuf_addstr(&text, b->label);
		for (i = 0; i < b->n_lines; i++) {
			strbuf_addstr(&text, b->n_lines > 1 ? "\n" : " ");
			strbuf_addstr(&text, b->lines[i]);
		}
		pp.align = DOC_CENTER;
		pp.before = 240;
		pp.after = 120;
		para_text(sb, &pp, text.buf, 0, SZ_BODY);
		break;
	case DOC_HEADING:
		strbuf_addf(&text, "Heading%d", b->level);
		pp.style = text.buf;
		pp.keep = true;
		pp.before = 120;
		pp.first_line = INDENT;
		pp.align = DOC_JUSTIFY;
		para_open(sb, &pp);
		run(sb, b->text, 0, 0);
		para_close(sb);
		break;
	case DOC_PARA:
		para(sb, b->para, NULL);
		break;
	case DOC_LIST:
		for (p = doc_list_first(b); p; p = doc_list_next(b, p))
			para(sb, p, b->label);
		break;
	case DOC_TABLE:
		grid_table(w, b->table);
		break;
	case DOC_CLOSING:
		closing_block(w, &b->closing);
		break;
	case DOC_APPENDIX:
		pp.align = DOC_CENTER;
		pp.line = 240;
		para_text(sb, &pp, b->label, DOC_BOLD, SZ_BODY);
		para_text(sb, &pp, b->kind_text, DOC_BOLD, SZ_BODY);
		pp.after = 120;
		para_text(sb, &pp, b->text, DOC_ITALIC, SZ_BODY);
		break;
	}
	strbuf_release(&text);
}

static void document_xml(const struct doc *d, struct strbuf *sb)
{
	const struct doc_block *b;
	struct w w;
	bool first = true;

	memset(&w, 0, sizeof(w));
	w.sb = sb;
	w.text_width = TEXT_PORTRAIT;
	strbuf_addstr(sb, XML_DECL "<w:document xmlns:w=\"" NS_W "\" "
		      "xmlns:r=\"" NS_R "\"><w:body>");
	for (b = d->blocks; b; b = b->next) {
		block(&w, b, first);
		first = false;
	}
	/* A table may not end a section: Word wants a paragraph after it. */
	if (d->last && (d->last->kind == DOC_TABLE ||
			d->last->kind == DOC_CLOSING ||
			d->last->kind == DOC_HEADER))
		strbuf_addstr(sb, "<w:p/>");
	sect_props(&w);
	strbuf_addstr(sb, "</w:body></w:document>");
}

/* ---- the fixed parts ---- */

static const char content_types[] = XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	"content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/"
	"vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"<Override PartName=\"/word/header2.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	"vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>";

static const char package_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	"package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" NS_R "/extended-properties\" "
	"Target=\"docProps/app.xml\"/>"
	"</Relationships>";

static const char document_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_R "/styles\" "
	"Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_R "/header\" "
	"Target=\"header1.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" NS_R "/header\" "
	"Target=\"header2.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" NS_R "/settings\" "
	"Target=\"settings.xml\"/>"
	"</Relationships>";

static const char app_xml[] = XML_DECL
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/extended-properties\"><Application>plantrack</Application>"
	"</Properties>";

#define FONT "<w:rFonts w:ascii=\"Times New Roman\" " \
	"w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" " \
	"w:cs=\"Times New Roman\"/>"

static const char styles_xml[] = XML_DECL
	"<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" FONT
	"<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
	"<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	"<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" "
	"w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
	"<w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\">"
	"<w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\">"
	"<w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:i/>"
	"<w:iCs/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Header\">"
	"<w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	"<w:rPr><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	"<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" "
	"w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
	"<w:left w:w=\"57\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
	"w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>"
	"</w:tblPr></w:style>"
	"</w:styles>";

static const char settings_xml[] = XML_DECL
	"<w:settings xmlns:w=\"" NS_W "\">"
	"<w:defaultTabStop w:val=\"720\"/>"
	"<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	"</w:compat><w:themeFontLang w:val=\"vi-VN\"/>"
	"</w:settings>";

/* The page number, 13 pt, centred (Nghị định 30: 13 to 14 pt). */
static const char header1_xml[] = XML_DECL
	"<w:hdr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/>"
	"<w:jc w:val=\"center\"/></w:pPr>"
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	"<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	"<w:r><w:t>2</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

static const char header2_xml[] = XML_DECL
	"<w:hdr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/>"
	"</w:pPr></w:p></w:hdr>";

static void core_xml(const struct doc *d, struct strbuf *sb)
{
	strbuf_addstr(sb, XML_DECL "<cp:coreProperties xmlns:cp=\""
		      "http://schemas.openxmlformats.org/package/2006/metadata/"
		      "core-properties\" xmlns:dc=\"http://purl.org/dc/"
		      "elements/1.1/\"><dc:title>");
	doc_xml_text(sb, d->title);
	strbuf_addstr(sb, "</dc:title><dc:language>vi-VN</dc:language>"
		      "</cp:coreProperties>");
}

int doc_draw_docx(const struct doc *d, FILE *f)
{
	struct doc_zip *z = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (doc_refuse_streamed(d))
		goto out;
	z = doc_zip_new();
	if (!z)
		goto out;
	if (doc_zip_add_str(z, "[Content_Types].xml", content_types, false) ||
	    doc_zip_add_str(z, "_rels/.rels", package_rels, false))
		goto out;
	core_xml(d, &sb);
	if (doc_zip_add(z, "docProps/core.xml", &sb, false) ||
	    doc_zip_add_str(z, "docProps/app.xml", app_xml, false))
		goto out;
	document_xml(d, &sb);
	if (doc_zip_add(z, "word/document.xml", &sb, false) ||
	    doc_zip_add_str(z, "word/styles.xml", styles_xml, false) ||
	    doc_zip_add_str(z, "word/settings.xml", settings_xml, false) ||
	    doc_zip_add_str(z, "word/header1.xml", header1_xml, false) ||
	    doc_zip_add_str(z, "word/header2.xml", header2_xml, false) ||
	    doc_zip_add_str(z, "word/_rels/document.xml.rels", document_rels,
			    false))
		goto out;
	ret = doc_zip_write(z, f);
	z = NULL;
out:
	doc_zip_free(z);
	strbuf_release(&sb);
	return ret;
}
