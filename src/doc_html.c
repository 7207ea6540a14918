/* doc_html.c: a document as one self-contained HTML5 page that prints on
 * A4 as the document does: portrait, margins and fonts of Nghị định
 * 30/2020/NĐ-CP, page numbers at the top from the second page, a
 * landscape section on pages of its own (CSS named pages).
 *
 * Self-contained means: CSS inline in <style>, no <script>, no font,
 * image or stylesheet fetched from anywhere, so the file opens the same
 * offline, in a mail attachment, or years later. Every text goes through
 * put_text, which escapes &, <, >, " and '; texts keep their line breaks
 * and blanks (white-space: pre-wrap), so nothing may stand between a tag
 * and the text it holds.
 */
#include <string.h>

#include "plantrack/doc.h"
#include "plantrack/out.h"
#include "plantrack/textscan.h"

#include "doc_int.h"

static const char style[] =
	"@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm;\n"
	"  @top-center { content: counter(page); font-family: \"Times New "
	"Roman\", Times, \"Liberation Serif\", serif; font-size: 13pt; } }\n"
	"@page :first { @top-center { content: none; } }\n"
	"@page landscape { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }\n"
	"* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"Times New Roman\", Times, \"Liberation Serif\", "
	"\"DejaVu Serif\", serif; font-size: 14pt; line-height: 1.25; "
	"color: #000; background: #fff; margin: 0; }\n"
	"section.landscape { page: landscape; break-before: page; }\n"
	/* On screen, a section is as wide as its page's text. */
	"@media screen { body { padding: 10mm; } "
	"section.portrait { max-width: 165mm; margin: 0 auto; } "
	"section.landscape { max-width: 252mm; margin: 10mm auto 0; "
	"border-top: 1px dashed #888; padding-top: 10mm; } }\n"
	"p, li, td { white-space: pre-wrap; }\n"
	"p { margin: 6pt 0 0; }\n"
	".j { text-align: justify; } .c { text-align: center; } "
	".r { text-align: right; } .l { text-align: left; }\n"
	".indent { text-indent: 1cm; }\n"
	".small { font-size: 12pt; }\n"
	".keep { break-after: avoid; page-break-after: avoid; }\n"
	"table.layout { width: 100%; border-collapse: collapse; "
	"table-layout: fixed; }\n"
	"table.layout td { vertical-align: top; text-align: center; "
	"padding: 0; border: none; }\n"
	"table.layout p { margin: 0; }\n"
	".superior, .agency, .number { font-size: 13pt; }\n"
	".agency, .motto1, .motto2 { font-weight: bold; }\n"
	".motto1 { font-size: 12pt; } .motto2 { font-size: 13pt; }\n"
	".motto2 span { display: inline-block; padding-bottom: 1pt; "
	"border-bottom: 1px solid #000; }\n"
	".rule { width: 30%; margin: 2pt auto 0; border-top: 1px solid #000; "
	"height: 0; }\n"
	"table.layout p.number, table.layout p.place-date { margin-top: 8pt; }\n"
	".place-date { font-style: italic; }\n"
	"h1.kind { text-align: center; font-size: 14pt; margin: 20pt 0 0; }\n"
	"p.subject { text-align: center; font-weight: bold; margin: 0; }\n"
	"p.addressee { text-align: center; margin: 12pt 0 6pt; }\n"
	"h2, h3, h4 { font-size: 14pt; margin: 6pt 0 0; text-indent: 1cm; "
	"text-align: justify; break-after: avoid; page-break-after: avoid; }\n"
	"h4 { font-style: italic; }\n"
	"ul.list { list-style: none; margin: 0; padding: 0; }\n"
	"ul.list li { margin: 6pt 0 0; text-indent: 1cm; "
	"text-align: justify; }\n"
	"ul.list li::before { content: attr(data-marker) \" \"; }\n"
	"table.grid { width: 100%; border-collapse: collapse; "
	"table-layout: fixed; margin: 6pt 0 0; }\n"
	"table.grid th, table.grid td { border: 1px solid #000; "
	"padding: 2pt 4pt; vertical-align: top; }\n"
	"table.grid th { vertical-align: middle; }\n"
	"table.grid p { margin: 0; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"tr.group td { font-weight: bold; }\n"
	"table.closing { margin-top: 12pt; break-inside: avoid; "
	"page-break-inside: avoid; }\n"
	"table.closing td.recipients { text-align: left; }\n"
	".recipients-label { font-size: 12pt; font-weight: bold; "
	"font-style: italic; }\n"
	".recipient { font-size: 11pt; }\n"
	".signature p { font-weight: bold; }\n"
	".sign-space { height: 5.5em; }\n"
	".appendix-label { text-align: center; font-weight: bold; "
	"margin: 0; }\n"
	".appendix-name { text-align: center; font-weight: bold; "
	"margin: 0; }\n"
	".appendix-note { text-align: center; font-style: italic; "
	"margin: 0 0 6pt; }\n";

static void put_text(struct out *f, const char *s)
{
	size_t n;
	unsigned facts;

	if (!s)
		return;
	/* A snapshot's string that needs no escape (textscan.h) is
	 * written from where it lies, unread. */
	if (textfacts_get(s, &n, &facts) && (facts & TEXTFACT_HTML)) {
		out_write_ref(f, s, n);
		return;
	}
	for (;;) {
		/* What needs no escape is written in one piece. */
		n = strcspn(s, "&<>\"'\r");
		if (n)
			out_write(f, s, n);
		s += n;
		switch (*s) {
		case '\0': return;
		case '&': out_puts(f, "&amp;"); break;
		case '<': out_puts(f, "&lt;"); break;
		case '>': out_puts(f, "&gt;"); break;
		case '"': out_puts(f, "&quot;"); break;
		case '\'': out_puts(f, "&#39;"); break;
		default: break;	/* '\r' */
		}
		s++;
	}
}

static const char *align_class(enum doc_align a)
{
	switch (a) {
	case DOC_CENTER:
		return "c";
	case DOC_RIGHT:
		return "r";
	case DOC_JUSTIFY:
		return "j";
	case DOC_LEFT:
		break;
	}
	return "l";
}

static void put_runs(struct out *f, const struct doc_para *p)
{
	const struct doc_run *r;

	for (r = p ? p->runs : NULL; r; r = r->next) {
		if (r->style & DOC_BOLD)
			out_puts(f, "<b>");
		if (r->style & DOC_ITALIC)
			out_puts(f, "<i>");
		put_text(f, r->text);
		if (r->style & DOC_ITALIC)
			out_puts(f, "</i>");
		if (r->style & DOC_BOLD)
			out_puts(f, "</b>");
	}
}

/* The classes of a paragraph: alignment, then its flags. */
static void put_para_class(struct out *f, const struct doc_para *p)
{
	out_puts(f, align_class(p->align));
	if (p->flags & DOC_INDENT)
		out_puts(f, " indent");
	if (p->flags & DOC_SMALL)
		out_puts(f, " small");
	if (p->flags & DOC_KEEP)
		out_puts(f, " keep");
}

static void put_para(struct out *f, const char *tag, const struct doc_para *p)
{
	/* fputs, not a format: a report has one a cell. */
	out_putc(f, '<');
	out_puts(f, tag);
	out_puts(f, " class=\"");
	put_para_class(f, p);
	out_puts(f, "\">");
	put_runs(f, p);
	out_puts(f, "</");
	out_puts(f, tag);
	out_putc(f, '>');
}

static void put_classed(struct out *f, const char *tag, const char *cls,
			const char *s)
{
	out_printf(f, "<%s class=\"%s\">", tag, cls);
	put_text(f, s);
	out_puts(f, "</");
	out_puts(f, tag);
	out_putc(f, '>');
}

static void put_header(struct out *f, const struct doc_header *h)
{
	out_puts(f, "<table class=\"layout head\">\n<colgroup><col style=\"width: "
	      "41%\"><col style=\"width: 59%\"></colgroup>\n<tr><td>");
	if (h->superior && *h->superior)
		put_classed(f, "p", "superior", h->superior);
	put_classed(f, "p", "agency", h->agency);
	out_puts(f, "<div class=\"rule\"></div></td><td>");
	put_classed(f, "p", "motto1", h->motto1);
	out_puts(f, "<p class=\"motto2\"><span>");
	put_text(f, h->motto2);
	out_puts(f, "</span></p></td></tr>\n<tr><td>");
	put_classed(f, "p", "number", h->number);
	out_puts(f, "</td><td>");
	put_classed(f, "p", "place-date", h->place_date);
	out_puts(f, "</td></tr>\n</table>\n");
}

/* " name=\"v\"" without a printf: a span is set on thousands of a
 * report's cells. */
static void put_span(struct out *f, const char *name, unsigned v)
{
	char tmp[16], *q = tmp + sizeof(tmp);

	*--q = '"';
	do
		*--q = (char)('0' + v % 10);
	while (v /= 10);
	out_putc(f, ' ');
	out_puts(f, name);
	out_puts(f, "=\"");
	out_write(f, q, (size_t)(tmp + sizeof(tmp) - q));
}

static void put_cell(struct out *f, const char *tag, const struct doc_cell *c)
{
	const struct doc_para *p;

	out_putc(f, '<');
	out_puts(f, tag);
	if (c->colspan > 1)
		put_span(f, "colspan", c->colspan);
	if (c->rowspan > 1)
		put_span(f, "rowspan", c->rowspan);
	out_putc(f, '>');
	for (p = c->paras; p; p = p->next)
		put_para(f, "p", p);
	out_puts(f, "</");
	out_puts(f, tag);
	out_putc(f, '>');
}

/* Row r's cells as tag (th or td). */
static void put_row_as(struct out *f, const struct doc_table *t,
		       const struct doc_row *r, const char *tag)
{
	out_puts(f, r->flags & DOC_ROW_GROUP ? "<tr class=\"group\">" :
	      "<tr>");
	for (size_t c = 0; c < t->ncols; c++)
		if (!r->cells[c].covered)
			put_cell(f, tag, &r->cells[c]);
	out_puts(f, "</tr>\n");
}

/* A row of the body (doc_row_fn). */
static void put_body_row(struct out *f, const struct doc_table *t,
			 const struct doc_row *r)
{
	put_row_as(f, t, r, "td");
}

/* A long streamed table (doc_table_in_parts): its head rows, then its
 * fills' rows, the body, on two threads. */
static int put_rows_parts(struct out *f, const struct doc_table *t)
{
	const struct doc_row *r;
	bool head = false;

	for (r = doc_table_first(t); r; r = r->next) {
		if (r->flags & DOC_ROW_HEADER) {
			if (!head)
				out_puts(f, "<thead>\n");
			head = true;
			put_row_as(f, t, r, "th");
		} else {
			/* A row before the fills that is not a head row
			 * starts the body (as the rows read in order do). */
			out_puts(f, head ? "</thead>\n<tbody>\n" : "<tbody>\n");
			put_row_as(f, t, r, "td");
			for (r = r->next; r; r = r->next)
				put_row_as(f, t, r, "td");
			return doc_draw_fills(f, t, put_body_row);
		}
	}
	out_puts(f, head ? "</thead>\n<tbody>\n" : "<tbody>\n");
	return doc_draw_fills(f, t, put_body_row);
}

static int put_table(struct out *f, const struct doc_table *t)
{
	const struct doc_row *r, *next, *ahead = NULL;
	size_t c;
	bool head = false, body = false;
	int ret;

	out_puts(f, "<table class=\"grid small\">\n<colgroup>");
	for (c = 0; c < t->ncols; c++)
		out_printf(f, "<col style=\"width: %d.%d%%\">", t->widths[c] / 10,
			t->widths[c] % 10);
	out_puts(f, "</colgroup>\n");
	if (doc_table_in_parts(t)) {
		ret = put_rows_parts(f, t);
		out_puts(f, "</tbody>\n</table>\n");
		return ret;
	}
	/* Rows are read once, in order: a streamed table's are made as
	 * they are reached, and those before are gone. */
	for (r = doc_table_first(t); r; r = next) {
		bool is_head = r->flags & DOC_ROW_HEADER, chained;

		ahead = ahead ? ahead->next : doc_row_ahead(r, DOC_AHEAD);
		doc_prefetch_row(t, ahead);

		if (is_head && !head && !body) {
			out_puts(f, "<thead>\n");
			head = true;
		}
		if (!is_head && !body) {
			out_puts(f, head ? "</thead>\n<tbody>\n" : "<tbody>\n");
			body = true;
		}
		out_puts(f, r->flags & DOC_ROW_GROUP ? "<tr class=\"group\">" :
		      "<tr>");
		for (c = 0; c < t->ncols; c++)
			if (!r->cells[c].covered)
				put_cell(f, is_head && !body ? "th" : "td",
					 &r->cells[c]);
		out_puts(f, "</tr>\n");
		chained = r->next != NULL;
		next = doc_table_next(t, r);
		if (!chained)
			ahead = NULL;
	}
	if (head && !body)
		out_puts(f, "</thead>\n");
	if (body)
		out_puts(f, "</tbody>\n");
	out_puts(f, "</table>\n");
	return doc_table_status(t);
}

static void put_closing(struct out *f, const struct doc_closing *c)
{
	size_t i;

	out_puts(f, "<table class=\"layout closing\">\n<colgroup><col style=\"width: "
	      "42%\"><col style=\"width: 58%\"></colgroup>\n"
	      "<tr><td class=\"recipients\">");
	put_classed(f, "p", "recipients-label", c->recipients_label);
	for (i = 0; i < c->n_recipients; i++)
		put_classed(f, "p", "recipient", c->recipients[i]);
	out_puts(f, "</td><td class=\"signature\">");
	if (c->authority)
		put_classed(f, "p", "authority", c->authority);
	if (c->title)
		put_classed(f, "p", "signer-title", c->title);
	/* Room to sign and stamp; a name left out is written by hand. */
	out_puts(f, "<div class=\"sign-space\"></div>");
	if (c->name && *c->name)
		put_classed(f, "p", "signer-name", c->name);
	out_puts(f, "</td></tr>\n</table>\n");
}

static int draw(const struct doc *d, struct out *f)
{
	const struct doc_block *b;
	const struct doc_para *p;
	bool open = false;
	size_t i;

	out_puts(f, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>");
	put_text(f, d->title);
	out_puts(f, "</title>\n<style>\n");
	out_puts(f, style);
	out_puts(f, "</style>\n</head>\n<body>\n");
	for (b = d->blocks; b; b = b->next) {
		switch (b->kind) {
		case DOC_SECTION:
			if (open)
				out_puts(f, "</section>\n");
			out_printf(f, "<section class=\"%s\">\n",
				b->sec.orient == DOC_LANDSCAPE ? "landscape" :
				"portrait");
			open = true;
			break;
		case DOC_HEADER:
			put_header(f, &b->header);
			break;
		case DOC_TITLE:
			put_classed(f, "h1", "kind", b->kind_text);
			out_putc(f, '\n');
			put_classed(f, "p", "subject", b->text);
			out_puts(f, "\n<div class=\"rule\"></div>\n");
			break;
		case DOC_ADDRESSEE:
			out_puts(f, "<p class=\"addressee\">");
			put_text(f, b->label);
			for (i = 0; i < b->n_lines; i++) {
				out_puts(f, i ? "\n" : " ");
				put_text(f, b->lines[i]);
			}
			out_puts(f, "</p>\n");
			break;
		case DOC_HEADING:
			out_printf(f, "<h%d>", b->level + 1);
			put_text(f, b->text);
			out_printf(f, "</h%d>\n", b->level + 1);
			break;
		case DOC_PARA:
			put_para(f, "p", b->para);
			out_putc(f, '\n');
			break;
		case DOC_LIST:
			out_puts(f, "<ul class=\"list\">\n");
			for (p = doc_list_first(b); p; p = doc_list_next(b, p)) {
				out_puts(f, "<li data-marker=\"");
				put_text(f, b->label);
				out_puts(f, "\">");
				put_runs(f, p);
				out_puts(f, "</li>\n");
			}
			if (doc_list_status(b))
				return -1;
			out_puts(f, "</ul>\n");
			break;
		case DOC_TABLE:
			if (put_table(f, b->table))
				return -1;
			break;
		case DOC_CLOSING:
			put_closing(f, &b->closing);
			break;
		case DOC_APPENDIX:
			put_classed(f, "p", "appendix-label", b->label);
			out_putc(f, '\n');
			put_classed(f, "p", "appendix-name", b->kind_text);
			out_putc(f, '\n');
			put_classed(f, "p", "appendix-note", b->text);
			out_putc(f, '\n');
			break;
		}
	}
	if (open)
		out_puts(f, "</section>\n");
	out_puts(f, "</body>\n</html>\n");
	return out_error(f) ? -1 : 0;
}

int doc_draw_html(const struct doc *d, FILE *f)
{
	return doc_draw_buffered(d, f, draw);
}
