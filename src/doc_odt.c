/* doc_odt.c: a document as OpenDocument Text 1.2 (.odt), the format
 * Vietnamese rules ask for editable documents, zipped by libzip.
 *
 * The same layout as the .docx (doc_docx.c, docs/report-document.md):
 * A4 pages with the decree's margins, Times New Roman, page numbers at
 * the top from the second page, the appendix on landscape pages numbered
 * from 1. ODF 1.2 has no "different first page" header, so each section
 * starts on a master page without a header whose next page style has one
 * (First, then Standard; LandscapeFirst, then Landscape).
 *
 * Parts, in this order: mimetype (first and stored, so that the file
 * says what it is at a fixed offset, ODF 1.2 part 3, 3.3),
 * META-INF/manifest.xml, meta.xml, styles.xml, content.xml. Paragraph
 * styles are automatic styles made as the body needs them and named in
 * the order they are first used, so the bytes depend only on the
 * document.
 */
#include <string.h>

#include "plantrack/doc.h"
#include "doc_int.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NSS \
	" xmlns:office=\"" NS_OFFICE "\"" \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:" \
	"xsl-fo-compatible:1.0\"" \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:" \
	"svg-compatible:1.0\"" \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"" \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"" \
	" office:version=\"1.2\""

/* Hundredths of a millimetre. */
#define PAGE_SHORT	21000
#define PAGE_LONG	29700
#define MARGIN_TOP	2000
#define MARGIN_BOTTOM	2000
#define MARGIN_LEFT	3000
#define MARGIN_RIGHT	1500
#define TEXT_PORTRAIT	(PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT)
#define TEXT_LANDSCAPE	(PAGE_LONG - MARGIN_LEFT - MARGIN_RIGHT)
#define CELL_PAD	100	/* 1 mm */

#define MAX_STYLES 128

/* What makes a paragraph style. */
struct pstyle {
	enum doc_align align;
	int size;		/* points; 0: the default 14 */
	bool bold, italic;
	int indent;		/* first line, 1/100 mm */
	int before, after;	/* margins, 1/100 mm */
	int line;		/* line height, percent; 0: 100 */
	bool keep;
	int rule_margin;	/* >0: a rule, indented this much each side */
	const char *master;	/* starts a page of this master page */
	bool restart;		/* page numbers start again at 1 */
};

struct o {
	struct strbuf *body;
	struct strbuf autos;	/* automatic styles, as made */
	struct pstyle styles[MAX_STYLES];
	size_t n_styles;
	int n_tables;
	int text_width;		/* of the current section */
	const char *master;	/* pending for the next paragraph or table */
	bool restart;
};

/* 1/100 mm as "12.34mm". */
static void add_mm(struct strbuf *sb, int v)
{
	strbuf_addf(sb, "%s%d.%02dmm", v < 0 ? "-" : "", (v < 0 ? -v : v) / 100,
		    (v < 0 ? -v : v) % 100);
}

static const char *fo_align(enum doc_align a)
{
	switch (a) {
	case DOC_CENTER:
		return "center";
	case DOC_RIGHT:
		return "end";
	case DOC_JUSTIFY:
		return "justify";
	case DOC_LEFT:
		break;
	}
	return "start";
}

static bool pstyle_equal(const struct pstyle *a, const struct pstyle *b)
{
	return a->align == b->align && a->size == b->size &&
		a->bold == b->bold && a->italic == b->italic &&
		a->indent == b->indent && a->before == b->before &&
		a->after == b->after && a->line == b->line &&
		a->keep == b->keep && a->rule_margin == b->rule_margin &&
		a->master == b->master && a->restart == b->restart;
}

/* The name of the automatic paragraph style for s, made on first use. */
static void pstyle_name(struct o *o, const struct pstyle *s, char name[16])
{
	struct strbuf *a = &o->autos;
	size_t i;

	for (i = 0; i < o->n_styles; i++)
		if (pstyle_equal(&o->styles[i], s))
			break;
	if (i == o->n_styles && i < MAX_STYLES) {
		o->styles[o->n_styles++] = *s;
		strbuf_addf(a, "<style:style style:name=\"P%zu\" "
			    "style:family=\"paragraph\" "
			    "style:parent-style-name=\"Standard\"", i + 1);
		if (s->master)
			strbuf_addf(a, " style:master-page-name=\"%s\"",
				    s->master);
		strbuf_addf(a, "><style:paragraph-properties fo:text-align="
			    "\"%s\" fo:margin-top=\"", fo_align(s->align));
		add_mm(a, s->before);
		strbuf_addstr(a, "\" fo:margin-bottom=\"");
		add_mm(a, s->after);
		strbuf_addstr(a, "\" fo:text-indent=\"");
		add_mm(a, s->indent);
		strbuf_addstr(a, "\"");
		if (s->line)
			strbuf_addf(a, " fo:line-height=\"%d%%\"", s->line);
		if (s->keep)
			strbuf_addstr(a, " fo:keep-with-next=\"always\"");
		if (s->restart)
			strbuf_addstr(a, " style:page-number=\"1\"");
		if (s->rule_margin) {
			strbuf_addstr(a, " fo:margin-left=\"");
			add_mm(a, s->rule_margin);
			strbuf_addstr(a, "\" fo:margin-right=\"");
			add_mm(a, s->rule_margin);
			strbuf_addstr(a, "\" fo:border-bottom=\"0.5pt solid "
				      "#000000\" fo:padding=\"0mm\"");
		}
		strbuf_addstr(a, "/><style:text-properties");
		if (s->size)
			strbuf_addf(a, " fo:font-size=\"%dpt\" "
				    "style:font-size-complex=\"%dpt\"",
				    s->size, s->size);
		if (s->bold)
			strbuf_addstr(a, " fo:font-weight=\"bold\" "
				      "style:font-weight-complex=\"bold\"");
		if (s->italic)
			strbuf_addstr(a, " fo:font-style=\"italic\" "
				      "style:font-style-complex=\"italic\"");
		strbuf_addstr(a, "/></style:style>");
	}
	/* Past MAX_STYLES (not reached by any document made here), the
	 * last style stands in. */
	snprintf(name, 16, "P%zu", i < MAX_STYLES ? i + 1 : MAX_STYLES);
}

/* Text with ODF's white space (ODF 1.2 part 1, 6.1.2): a blank after
 * text is kept, further blanks and a blank at the start of a line would
 * vanish, so they are <text:s/>; tabs and line breaks are elements.
 * *start: nothing written yet on the paragraph's line. */
static void text(struct strbuf *sb, const char *s, bool *start)
{
	size_t n;

	while (s && *s) {
		if (*s == ' ') {
			n = strspn(s, " ");
			s += n;
			if (!*start) {
				strbuf_addch(sb, ' ');
				n--;
			}
			if (n == 1)
				strbuf_addstr(sb, "<text:s/>");
			else if (n)
				strbuf_addf(sb, "<text:s text:c=\"%zu\"/>", n);
			*start = false;
		} else if (*s == '\t') {
			strbuf_addstr(sb, "<text:tab/>");
			s++;
			*start = false;
		} else if (*s == '\n') {
			strbuf_addstr(sb, "<text:line-break/>");
			s++;
			*start = true;
		} else {
			n = strcspn(s, " \t\n");
			doc_xml_text_n(sb, s, n);
			s += n;
			*start = false;
		}
	}
}

static void span(struct strbuf *sb, const char *s, unsigned style,
		 bool *start)
{
	static const char *const names[] = { NULL, "TB", "TI", "TBI" };
	unsigned k = style & (DOC_BOLD | DOC_ITALIC);

	if (!s || !*s)
		return;
	if (k)
		strbuf_addf(sb, "<text:span text:style-name=\"%s\">",
			    names[k]);
	text(sb, s, start);
	if (k)
		strbuf_addstr(sb, "</text:span>");
}

/* The pending master page goes to the first paragraph after a section
 * starts. */
static void take_master(struct o *o, struct pstyle *s)
{
	s->master = o->master;
	s->restart = o->restart;
	o->master = NULL;
	o->restart = false;
}

static void para_styled(struct o *o, struct strbuf *sb, struct pstyle *s,
			const struct doc_para *p, const char *marker,
			const char *plain)
{
	const struct doc_run *r;
	char name[16];
	bool start = true;

	take_master(o, s);
	pstyle_name(o, s, name);
	strbuf_addf(sb, "<text:p text:style-name=\"%s\">", name);
	if (marker) {
		span(sb, marker, 0, &start);
		span(sb, " ", 0, &start);
	}
	for (r = p ? p->runs : NULL; r; r = r->next)
		span(sb, r->text, r->style, &start);
	if (plain)
		span(sb, plain, 0, &start);
	strbuf_addstr(sb, "</text:p>");
}

static struct pstyle body_style(const struct doc_para *p)
{
	struct pstyle s;

	memset(&s, 0, sizeof(s));
	s.align = p->align;
	s.keep = p->flags & DOC_KEEP;
	if (p->flags & DOC_SMALL) {
		s.size = 12;
	} else {
		s.before = 212;	/* 6 pt */
		s.line = 115;
		if (p->flags & DOC_INDENT)
			s.indent = 1000;
	}
	return s;
}

static void para(struct o *o, struct strbuf *sb, const struct doc_para *p,
		 const char *marker)
{
	struct pstyle s = body_style(p);

	para_styled(o, sb, &s, p, marker, NULL);
}

/* A paragraph of one text in a style of its own. */
static void line(struct o *o, struct strbuf *sb, enum doc_align align,
		 int size, unsigned style, int before, const char *s)
{
	struct pstyle ps;

	memset(&ps, 0, sizeof(ps));
	ps.align = align;
	ps.size = size;
	ps.bold = style & DOC_BOLD;
	ps.italic = style & DOC_ITALIC;
	ps.before = before;
	para_styled(o, sb, &ps, NULL, NULL, s);
}

/* A rule of len (1/100 mm) centred in width. */
static void rule(struct o *o, struct strbuf *sb, int width, int len)
{
	struct pstyle ps;

	memset(&ps, 0, sizeof(ps));
	if (len > width)
		len = width;
	ps.align = DOC_CENTER;
	ps.size = 2;
	ps.before = 100;
	ps.rule_margin = (width - len) / 2;
	para_styled(o, sb, &ps, NULL, NULL, NULL);
}

/* About how wide the widest line of s is, bold, at size points, in
 * 1/100 mm (doc_bold_width). */
static int text_width(const char *s, int size)
{
	/* twentieths of an em of size points; a point is 35.28/100 mm */
	return doc_bold_width(s) * size * 3528 / 2000;
}

static int min(int a, int b)
{
	return a < b ? a : b;
}

/* ---- tables ---- */

static void table_open(struct o *o, struct strbuf *sb, const int *cols,
		       size_t n)
{
	struct strbuf *a = &o->autos;
	size_t i;
	int t = ++o->n_tables;

	strbuf_addf(a, "<style:style style:name=\"Tab%d\" "
		    "style:family=\"table\"", t);
	if (o->master)
		strbuf_addf(a, " style:master-page-name=\"%s\"", o->master);
	strbuf_addstr(a, "><style:table-properties style:width=\"");
	add_mm(a, o->text_width);
	strbuf_addstr(a, "\" table:align=\"center\" fo:margin-top=\"2.12mm\"");
	if (o->restart)
		strbuf_addstr(a, " style:page-number=\"1\"");
	strbuf_addstr(a, "/></style:style>");
	o->master = NULL;
	o->restart = false;
	for (i = 0; i < n; i++) {
		strbuf_addf(a, "<style:style style:name=\"Tab%d.%zu\" "
			    "style:family=\"table-column\">"
			    "<style:table-column-properties style:column-width="
			    "\"", t, i + 1);
		add_mm(a, cols[i]);
		strbuf_addstr(a, "\"/></style:style>");
	}
	strbuf_addf(sb, "<table:table table:name=\"Table%d\" "
		    "table:style-name=\"Tab%d\">", t, t);
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "<table:table-column "
			    "table:style-name=\"Tab%d.%zu\"/>", t, i + 1);
}

static void cell_open(struct strbuf *sb, const char *style, unsigned colspan,
		      unsigned rowspan)
{
	strbuf_addf(sb, "<table:table-cell table:style-name=\"%s\" "
		    "office:value-type=\"string\"", style);
	if (colspan > 1)
		strbuf_addf(sb, " table:number-columns-spanned=\"%u\"",
			    colspan);
	if (rowspan > 1)
		strbuf_addf(sb, " table:number-rows-spanned=\"%u\"", rowspan);
	strbuf_addch(sb, '>');
}

static void grid_table(struct o *o, const struct doc_table *t)
{
	struct strbuf *sb = o->body;
	int cols[DOC_MAX_COLS] = { 0 }, acc = 0;
	const struct doc_row *r;
	const struct doc_para *p;
	bool in_head = false;
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		cols[c] = c + 1 < t->ncols ? o->text_width * t->widths[c] / 1000 :
			o->text_width - acc;
		acc += cols[c];
	}
	table_open(o, sb, cols, t->ncols);
	for (r = t->rows; r; r = r->next) {
		bool head = r->flags & DOC_ROW_HEADER;

		if (head && !in_head && r == t->rows) {
			strbuf_addstr(sb, "<table:table-header-rows>");
			in_head = true;
		}
		if (!head && in_head) {
			strbuf_addstr(sb, "</table:table-header-rows>");
			in_head = false;
		}
		/* A row stays on one page; header rows repeat. */
		strbuf_addstr(sb, "<table:table-row table:style-name=\"Row\">");
		for (c = 0; c < t->ncols; c++) {
			const struct doc_cell *cell = &r->cells[c];

			if (cell->covered) {
				strbuf_addstr(sb, "<table:covered-table-cell/>");
				continue;
			}
			cell_open(sb, head ? "CellHead" : "Cell", cell->colspan,
				  cell->rowspan);
			for (p = cell->paras; p; p = p->next)
				para(o, sb, p, NULL);
			strbuf_addstr(sb, "</table:table-cell>");
		}
		strbuf_addstr(sb, "</table:table-row>");
	}
	if (in_head)
		strbuf_addstr(sb, "</table:table-header-rows>");
	strbuf_addstr(sb, "</table:table>");
}

/* ---- the document's own blocks ---- */

static void header_block(struct o *o, const struct doc_header *h)
{
	struct strbuf *sb = o->body;
	int cols[2];

	cols[0] = o->text_width * 41 / 100;
	cols[1] = o->text_width - cols[0];
	table_open(o, sb, cols, 2);
	strbuf_addstr(sb, "<table:table-row>");
	cell_open(sb, "CellPlain", 1, 1);
	if (h->superior && *h->superior)
		line(o, sb, DOC_CENTER, 13, 0, 0, h->superior);
	line(o, sb, DOC_CENTER, 13, DOC_BOLD, 0, h->agency);
	/* A third to a half of the agency's name, at most half the column
	 * (as doc_docx.c). */
	rule(o, sb, cols[0] - 2 * CELL_PAD,
	     min(text_width(h->agency, 13) * 2 / 5, (cols[0] - 2 * CELL_PAD) / 2));
	strbuf_addstr(sb, "</table:table-cell>");
	cell_open(sb, "CellPlain", 1, 1);
	line(o, sb, DOC_CENTER, 12, DOC_BOLD, 0, h->motto1);
	line(o, sb, DOC_CENTER, 13, DOC_BOLD, 0, h->motto2);
	rule(o, sb, cols[1] - 2 * CELL_PAD, text_width(h->motto2, 13));
	strbuf_addstr(sb, "</table:table-cell></table:table-row>"
		      "<table:table-row>");
	cell_open(sb, "CellPlain", 1, 1);
	line(o, sb, DOC_CENTER, 13, 0, 212, h->number);
	strbuf_addstr(sb, "</table:table-cell>");
	cell_open(sb, "CellPlain", 1, 1);
	line(o, sb, DOC_CENTER, 14, DOC_ITALIC, 212, h->place_date);
	strbuf_addstr(sb, "</table:table-cell></table:table-row>"
		      "</table:table>");
}

static void closing_block(struct o *o, const struct doc_closing *c)
{
	struct strbuf *sb = o->body;
	int cols[2];
	size_t i;

	cols[0] = o->text_width * 42 / 100;
	cols[1] = o->text_width - cols[0];
	table_open(o, sb, cols, 2);
	strbuf_addstr(sb, "<table:table-row>");
	cell_open(sb, "CellPlain", 1, 1);
	line(o, sb, DOC_LEFT, 12, DOC_BOLD | DOC_ITALIC, 423,
	     c->recipients_label);
	for (i = 0; i < c->n_recipients; i++)
		line(o, sb, DOC_LEFT, 11, 0, 0, c->recipients[i]);
	strbuf_addstr(sb, "</table:table-cell>");
	cell_open(sb, "CellPlain", 1, 1);
	if (c->authority)
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 423, c->authority);
	if (c->title)
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, c->authority ? 0 : 423,
		     c->title);
	/* Room to sign and stamp; a name left out is written by hand. */
	for (i = 0; i < 4; i++)
		line(o, sb, DOC_CENTER, 14, 0, 0, "");
	if (c->name && *c->name)
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 0, c->name);
	strbuf_addstr(sb, "</table:table-cell></table:table-row>"
		      "</table:table>");
}

static void block(struct o *o, const struct doc_block *b, bool first)
{
	struct strbuf *sb = o->body;
	const struct doc_para *p;
	struct strbuf t = STRBUF_INIT;
	struct pstyle ps;
	size_t i;

	memset(&ps, 0, sizeof(ps));
	switch (b->kind) {
	case DOC_SECTION:
		if (b->sec.orient == DOC_LANDSCAPE) {
			o->master = "LandscapeFirst";
			o->text_width = TEXT_LANDSCAPE;
		} else {
			o->master = "First";
			o->text_width = TEXT_PORTRAIT;
		}
		o->restart = b->sec.restart && !first;
		break;
	case DOC_HEADER:
		header_block(o, &b->header);
		break;
	case DOC_TITLE:
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 635, b->kind_text);
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 0, b->text);
		rule(o, sb, o->text_width, o->text_width / 3);
		break;
	case DOC_ADDRESSEE:
		strbuf_addstr(&t, b->label);
		for (i = 0; i < b->n_lines; i++) {
			strbuf_addstr(&t, b->n_lines > 1 ? "\n" : " ");
			strbuf_addstr(&t, b->lines[i]);
		}
		line(o, sb, DOC_CENTER, 14, 0, 423, t.buf);
		break;
	case DOC_HEADING:
		ps.align = DOC_JUSTIFY;
		ps.bold = true;
		ps.italic = b->level >= 3;
		ps.before = 212;
		ps.indent = 1000;
		ps.line = 115;
		ps.keep = true;
		para_styled(o, sb, &ps, NULL, NULL, b->text);
		break;
	case DOC_PARA:
		para(o, sb, b->para, NULL);
		break;
	case DOC_LIST:
		for (p = doc_list_first(b); p; p = doc_list_next(b, p))
			para(o, sb, p, b->label);
		break;
	case DOC_TABLE:
		grid_table(o, b->table);
		break;
	case DOC_CLOSING:
		closing_block(o, &b->closing);
		break;
	case DOC_APPENDIX:
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 0, b->label);
		line(o, sb, DOC_CENTER, 14, DOC_BOLD, 0, b->kind_text);
		line(o, sb, DOC_CENTER, 14, DOC_ITALIC, 0, b->text);
		break;
	}
	strbuf_release(&t);
}

static void content_xml(const struct doc *d, struct strbuf *out)
{
	struct strbuf body = STRBUF_INIT;
	const struct doc_block *b;
	struct o o;
	bool first = true;

	memset(&o, 0, sizeof(o));
	o.body = &body;
	strbuf_init(&o.autos, 0);
	o.text_width = TEXT_PORTRAIT;
	o.master = "First";
	for (b = d->blocks; b; b = b->next) {
		block(&o, b, first);
		first = false;
	}
	strbuf_addstr(out, XML_DECL "<office:document-content" NSS ">"
		      "<office:automatic-styles>"
		      "<style:style style:name=\"TB\" style:family=\"text\">"
		      "<style:text-properties fo:font-weight=\"bold\" "
		      "style:font-weight-complex=\"bold\"/></style:style>"
		      "<style:style style:name=\"TI\" style:family=\"text\">"
		      "<style:text-properties fo:font-style=\"italic\" "
		      "style:font-style-complex=\"italic\"/></style:style>"
		      "<style:style style:name=\"TBI\" style:family=\"text\">"
		      "<style:text-properties fo:font-weight=\"bold\" "
		      "style:font-weight-complex=\"bold\" "
		      "fo:font-style=\"italic\" "
		      "style:font-style-complex=\"italic\"/></style:style>"
		      "<style:style style:name=\"Row\" "
		      "style:family=\"table-row\"><style:table-row-properties "
		      "fo:keep-together=\"always\"/></style:style>"
		      "<style:style style:name=\"Cell\" "
		      "style:family=\"table-cell\"><style:table-cell-properties "
		      "fo:padding=\"1mm\" fo:border=\"0.5pt solid #000000\"/>"
		      "</style:style>"
		      "<style:style style:name=\"CellHead\" "
		      "style:family=\"table-cell\"><style:table-cell-properties "
		      "style:vertical-align=\"middle\" fo:padding=\"1mm\" "
		      "fo:border=\"0.5pt solid #000000\"/></style:style>"
		      "<style:style style:name=\"CellPlain\" "
		      "style:family=\"table-cell\"><style:table-cell-properties "
		      "fo:padding=\"1mm\" fo:border=\"none\"/></style:style>");
	strbuf_add(out, o.autos.buf, o.autos.len);
	strbuf_addstr(out, "</office:automatic-styles><office:body>"
		      "<office:text>");
	strbuf_add(out, body.buf, body.len);
	strbuf_addstr(out, "</office:text></office:body>"
		      "</office:document-content>");
	strbuf_release(&body);
	strbuf_release(&o.autos);
}

/* ---- the fixed parts ---- */

static const char manifest_xml[] = XML_DECL
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
	"xmlns:manifest:1.0\" manifest:version=\"1.2\">"
	"<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
	"manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
	"<manifest:file-entry manifest:full-path=\"meta.xml\" "
	"manifest:media-type=\"text/xml\"/>"
	"<manifest:file-entry manifest:full-path=\"styles.xml\" "
	"manifest:media-type=\"text/xml\"/>"
	"<manifest:file-entry manifest:full-path=\"content.xml\" "
	"manifest:media-type=\"text/xml\"/>"
	"</manifest:manifest>";

#define PAGE_LAYOUT(name, w, h, orient) \
	"<style:page-layout style:name=\"" name "\">" \
	"<style:page-layout-properties fo:page-width=\"" w "\" " \
	"fo:page-height=\"" h "\" style:print-orientation=\"" orient "\" " \
	"fo:margin-top=\"10mm\" fo:margin-bottom=\"20mm\" " \
	"fo:margin-left=\"30mm\" fo:margin-right=\"15mm\"/>" \
	"<style:header-style><style:header-footer-properties " \
	"fo:min-height=\"0mm\" fo:margin-bottom=\"4mm\"/>" \
	"</style:header-style></style:page-layout>"

#define PAGE_NUMBER \
	"<style:header><text:p text:style-name=\"Header\">" \
	"<text:page-number text:select-page=\"current\">2</text:page-number>" \
	"</text:p></style:header>"

/* A page without a header leaves the top margin empty: its layout's
 * top margin is the whole 20 mm. */
#define PAGE_LAYOUT_FIRST(name, w, h, orient) \
	"<style:page-layout style:name=\"" name "\">" \
	"<style:page-layout-properties fo:page-width=\"" w "\" " \
	"fo:page-height=\"" h "\" style:print-orientation=\"" orient "\" " \
	"fo:margin-top=\"20mm\" fo:margin-bottom=\"20mm\" " \
	"fo:margin-left=\"30mm\" fo:margin-right=\"15mm\"/>" \
	"</style:page-layout>"

static const char styles_xml[] = XML_DECL
	"<office:document-styles" NSS ">"
	"<office:font-face-decls><style:font-face style:name=\"Times New "
	"Roman\" svg:font-family=\"'Times New Roman'\" "
	"style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/>"
	"</office:font-face-decls>"
	"<office:styles>"
	"<style:default-style style:family=\"paragraph\">"
	"<style:paragraph-properties fo:orphans=\"2\" fo:widows=\"2\"/>"
	"<style:text-properties style:font-name=\"Times New Roman\" "
	"style:font-name-complex=\"Times New Roman\" fo:font-size=\"14pt\" "
	"style:font-size-complex=\"14pt\" fo:language=\"vi\" "
	"fo:country=\"VN\" fo:color=\"#000000\"/></style:default-style>"
	"<style:style style:name=\"Standard\" style:family=\"paragraph\" "
	"style:class=\"text\"/>"
	"<style:style style:name=\"Header\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"center\"/>"
	"<style:text-properties fo:font-size=\"13pt\" "
	"style:font-size-complex=\"13pt\"/></style:style>"
	"</office:styles>"
	"<office:automatic-styles>"
	PAGE_LAYOUT("pm1", "210mm", "297mm", "portrait")
	PAGE_LAYOUT_FIRST("pm2", "210mm", "297mm", "portrait")
	PAGE_LAYOUT("pm3", "297mm", "210mm", "landscape")
	PAGE_LAYOUT_FIRST("pm4", "297mm", "210mm", "landscape")
	"</office:automatic-styles>"
	"<office:master-styles>"
	"<style:master-page style:name=\"Standard\" "
	"style:page-layout-name=\"pm1\">" PAGE_NUMBER "</style:master-page>"
	"<style:master-page style:name=\"First\" style:page-layout-name=\"pm2\" "
	"style:next-style-name=\"Standard\"/>"
	"<style:master-page style:name=\"Landscape\" "
	"style:page-layout-name=\"pm3\">" PAGE_NUMBER "</style:master-page>"
	"<style:master-page style:name=\"LandscapeFirst\" "
	"style:page-layout-name=\"pm4\" style:next-style-name=\"Landscape\"/>"
	"</office:master-styles>"
	"</office:document-styles>";

static void meta_xml(const struct doc *d, struct strbuf *sb)
{
	strbuf_addstr(sb, XML_DECL "<office:document-meta" NSS "><office:meta>"
		      "<meta:generator>plantrack</meta:generator><dc:title>");
	doc_xml_text(sb, d->title);
	strbuf_addstr(sb, "</dc:title><dc:language>vi-VN</dc:language>"
		      "</office:meta></office:document-meta>");
}

int doc_draw_odt(const struct doc *d, FILE *f)
{
	struct doc_zip *z = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (doc_refuse_streamed(d))
		goto out;
	z = doc_zip_new();
	if (!z)
		goto out;
	if (doc_zip_add_str(z, "mimetype", "application/vnd.oasis."
			    "opendocument.text", true) ||
	    doc_zip_add_str(z, "META-INF/manifest.xml", manifest_xml, false))
		goto out;
	meta_xml(d, &sb);
	if (doc_zip_add(z, "meta.xml", &sb, false) ||
	    doc_zip_add_str(z, "styles.xml", styles_xml, false))
		goto out;
	content_xml(d, &sb);
	if (doc_zip_add(z, "content.xml", &sb, false))
		goto out;
	ret = doc_zip_write(z, f);
	z = NULL;
out:
	doc_zip_free(z);
	strbuf_release(&sb);
	return ret;
}
