/* doc_md.c: a document as Markdown (CommonMark with GitHub-flavoured
 * tables).
 *
 * Markdown has no page layout: the header and the closing become
 * two-column tables (their content in the header row, which every table
 * needs), headings become #-headings, a page section a thematic break.
 * Tables have no spans: a cell spanning columns stands in its first
 * column, and the rows a cell spans below its first are empty there.
 *
 * Every text is escaped for where it goes: a pipe would end a cell, a
 * newline the row (it becomes <br>), and *, _, `, [, ], ~, \, # and a
 * leading - or + would start markup; &, < and > become entities, which
 * every Markdown renders. Runs of blanks keep their width with &nbsp;.
 */
#include <stdlib.h>
#include <string.h>

#include "plantrack/doc.h"

/* Bytes put_text does not copy as they are: NUL (the end), the blanks
 * (a blank after a blank, and a tab, become &nbsp; or a blank), what
 * HTML escapes and what Markdown would read as markup. */
static const unsigned char md_special[256] = {
	[0] = 1, ['\t'] = 1, [' '] = 1, ['\n'] = 1, ['\r'] = 1,
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['|'] = 1, ['*'] = 1, ['_'] = 1,
	['`'] = 1, ['['] = 1, [']'] = 1, ['~'] = 1, ['\\'] = 1, ['#'] = 1,
};

static void put_text(FILE *f, const char *s)
{
	const char *from;
	bool blank = false;

	if (!s)
		return;
	for (;;) {
		/* What needs nothing, a single blank included, is written
		 * in one piece. */
		for (from = s;; s++) {
			if (!md_special[(unsigned char)*s])
				blank = false;
			else if (*s == ' ' && !blank)
				blank = true;
			else
				break;
		}
		if (s > from)
			fwrite(from, 1, (size_t)(s - from), f);
		if (!*s)
			break;
		/* Markdown collapses blanks: a draft's "Số:      /BC" keeps
		 * its gap. */
		if (*s == ' ' || *s == '\t') {
			fputs(blank ? "&nbsp;" : " ", f);
			blank = true;
			s++;
			continue;
		}
		blank = false;
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '\n': fputs("<br>", f); break;
		case '\r': break;
		default:	/* | * _ ` [ ] ~ \ # */
			putc('\\', f);
			putc(*s, f);
			break;
		}
		s++;
	}
}

/* A paragraph's runs with their emphasis; emphasis may neither begin
 * nor end with a blank, so the blanks around a run stay outside it. The
 * first skip bytes of the first run are already written. */
static void put_runs(FILE *f, const struct doc_para *p, size_t skip)
{
	const struct doc_run *r;

	for (r = p ? p->runs : NULL; r; r = r->next, skip = 0) {
		const char *mark = (r->style & DOC_BOLD) ?
			((r->style & DOC_ITALIC) ? "***" : "**") :
			((r->style & DOC_ITALIC) ? "*" : "");
		const char *s = r->text + skip, *e = s + strlen(s);
		char *mid;

		if (!*mark) {
			put_text(f, s);
			continue;
		}
		while (*s == ' ')
			putc(*s++, f);
		while (e > s && e[-1] == ' ')
			e--;
		if (e > s) {
			mid = strndup(s, (size_t)(e - s));
			fputs(mark, f);
			put_text(f, mid ? mid : "");
			fputs(mark, f);
			free(mid);
		}
		for (; *e; e++)
			putc(' ', f);
	}
}

/* A line that would read as a list or a heading starts with an escape:
 * "- ", "+ ", and "1. " or "2) " (a text a department wrote may start
 * so). */
static void put_para(FILE *f, const struct doc_para *p)
{
	const char *first = p && p->runs ? p->runs->text : "";
	const char *d = first;
	size_t skip = 0;

	while (*d >= '0' && *d <= '9')
		d++;
	if (p && p->runs && !(p->runs->style & (DOC_BOLD | DOC_ITALIC))) {
		if (first[0] == '-' || first[0] == '+') {
			putc('\\', f);
		} else if (d > first && (*d == '.' || *d == ')')) {
			skip = (size_t)(d - first);
			fwrite(first, 1, skip, f);
			putc('\\', f);
		}
	}
	put_runs(f, p, skip);
}

/* s with its first letter escaped when it would start a list item
 * ("1. Kết quả": an ordered list). */
static void put_heading_text(FILE *f, const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || *p == ')')) {
		fwrite(s, 1, (size_t)(p - s), f);
		putc('\\', f);
		s = p;
	}
	put_text(f, s);
}

static void put_cell(FILE *f, const struct doc_cell *c)
{
	const struct doc_para *p;

	for (p = c->paras; p; p = p->next) {
		if (p != c->paras)
			fputs("<br>", f);
		put_runs(f, p, 0);
	}
}

static void put_table(FILE *f, const struct doc_table *t)
{
	const struct doc_row *r;
	size_t c;

	/* GFM has exactly one header row: further ones are body rows. */
	for (r = t->rows; r; r = r->next) {
		fputs("|", f);
		for (c = 0; c < t->ncols; c++) {
			putc(' ', f);
			if (!r->cells[c].covered)
				put_cell(f, &r->cells[c]);
			fputs(" |", f);
		}
		putc('\n', f);
		if (r != t->rows)
			continue;
		fputs("|", f);
		for (c = 0; c < t->ncols; c++) {
			const struct doc_cell *below = r->next ?
				&r->next->cells[c] : NULL;
			enum doc_align a = below && !below->covered &&
				below->paras ? below->paras->align : DOC_LEFT;

			/* A column aligns as its first body cell. */
			fputs(a == DOC_CENTER ? " :---: |" :
			      a == DOC_RIGHT ? " ---: |" : " --- |", f);
		}
		putc('\n', f);
	}
}

static void put_header(FILE *f, const struct doc_header *h)
{
	fputs("| ", f);
	if (h->superior && *h->superior) {
		put_text(f, h->superior);
		fputs("<br>", f);
	}
	fputs("**", f);
	put_text(f, h->agency);
	fputs("** | **", f);
	put_text(f, h->motto1);
	fputs("**<br>**", f);
	put_text(f, h->motto2);
	fputs("** |\n| :---: | :---: |\n| ", f);
	put_text(f, h->number);
	fputs(" | *", f);
	put_text(f, h->place_date);
	fputs("* |\n", f);
}

static void put_closing(FILE *f, const struct doc_closing *c)
{
	size_t i;

	fputs("| ***", f);
	put_text(f, c->recipients_label);
	fputs("***", f);
	for (i = 0; i < c->n_recipients; i++) {
		fputs("<br>", f);
		put_text(f, c->recipients[i]);
	}
	fputs(" | ", f);
	if (c->authority) {
		fputs("**", f);
		put_text(f, c->authority);
		fputs("**<br>", f);
	}
	if (c->title) {
		fputs("**", f);
		put_text(f, c->title);
		fputs("**", f);
	}
	/* Room to sign; a name left out is written by hand. */
	fputs("<br><br><br><br>", f);
	if (c->name && *c->name) {
		fputs("**", f);
		put_text(f, c->name);
		fputs("**", f);
	}
	fputs(" |\n| :--- | :---: |\n", f);
}

int doc_draw_md(const struct doc *d, FILE *f)
{
	const struct doc_block *b;
	const struct doc_para *p;
	bool first = true;
	size_t i;

	for (b = d->blocks; b; b = b->next) {
		if (b->kind == DOC_SECTION && first)
			continue;
		if (!first)
			putc('\n', f);
		first = false;
		switch (b->kind) {
		case DOC_SECTION:
			fputs("---\n", f);
			break;
		case DOC_HEADER:
			put_header(f, &b->header);
			break;
		case DOC_TITLE:
			fputs("# ", f);
			put_text(f, b->kind_text);
			fputs("\n\n**", f);
			put_text(f, b->text);
			fputs("**\n", f);
			break;
		case DOC_ADDRESSEE:
			put_text(f, b->label);
			for (i = 0; i < b->n_lines; i++) {
				fputs(i ? "<br>" : " ", f);
				put_text(f, b->lines[i]);
			}
			putc('\n', f);
			break;
		case DOC_HEADING:
			fprintf(f, "%.*s ", b->level + 1, "####");
			put_heading_text(f, b->text);
			putc('\n', f);
			break;
		case DOC_PARA:
			put_para(f, b->para);
			putc('\n', f);
			break;
		case DOC_LIST:
			for (p = b->items; p; p = p->next) {
				fputs("- ", f);
				put_para(f, p);
				putc('\n', f);
			}
			break;
		case DOC_TABLE:
			put_table(f, b->table);
			break;
		case DOC_CLOSING:
			put_closing(f, &b->closing);
			break;
		case DOC_APPENDIX:
			fputs("## ", f);
			put_text(f, b->label);
			fputs("\n\n**", f);
			put_text(f, b->kind_text);
			fputs("**\n\n*", f);
			put_text(f, b->text);
			fputs("*\n", f);
			break;
		}
	}
	return ferror(f) ? -1 : 0;
}
