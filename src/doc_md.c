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
#include "plantrack/out.h"
#include "plantrack/textscan.h"

#include "doc_int.h"

/* Bytes put_text does not copy as they are: NUL (the end), the blanks
 * (a blank after a blank, and a tab, become &nbsp; or a blank), what
 * HTML escapes and what Markdown would read as markup. */
static const unsigned char md_special[256] = {
	[0] = 1, ['\t'] = 1, [' '] = 1, ['\n'] = 1, ['\r'] = 1,
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['|'] = 1, ['*'] = 1, ['_'] = 1,
	['`'] = 1, ['['] = 1, [']'] = 1, ['~'] = 1, ['\\'] = 1, ['#'] = 1,
};

#if defined(__SSE2__)
#include <emmintrin.h>

/* How far from s put_text copies as it is, sixteen bytes at a time while
 * sixteen are left: up to the first byte md_special holds that is not a
 * blank after anything but a blank (*blank: whether the byte before s is
 * a copied blank; updated). Report text is mostly words and single
 * blanks, and a byte at a time was a third of a report in Markdown. A
 * few bytes md_special does not hold stop it too (other controls, ^, =
 * and }, rare in text): put_text takes them a byte at a time. */
static const char *plain_run(const char *s, const char *end, bool *blank)
{
	const __m128i sp = _mm_set1_epi8(' ');
	__m128i x, m;
	unsigned spaces, bad, k;

#define EQ(c)	_mm_cmpeq_epi8(x, _mm_set1_epi8(c))
/* lo <= x <= lo + n, unsigned */
#define IN(lo, n)	_mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(x, \
	_mm_set1_epi8(lo)), _mm_set1_epi8(n)), _mm_sub_epi8(x, _mm_set1_epi8(lo)))
	while (end - s >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)s);
		/* Controls (tab, LF, CR); # & *; < = >; [ \ ] ^ _ `; | } ~ */
		m = _mm_or_si128(
			_mm_or_si128(IN(0, 0x1f),
				     _mm_or_si128(EQ('#'), EQ('&'))),
			_mm_or_si128(_mm_or_si128(EQ('*'), IN('<', 2)),
				     _mm_or_si128(IN('[', 5), IN('|', 2))));
		spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp));
		bad = (unsigned)_mm_movemask_epi8(m) |
		      (spaces & (spaces << 1 | (*blank ? 1u : 0u)));
		if (bad) {
			k = (unsigned)__builtin_ctz(bad);
			if (k)
				*blank = spaces >> (k - 1) & 1;
			return s + k;
		}
		*blank = spaces >> 15 & 1;
		s += 16;
	}
#undef EQ
#undef IN
	return s;
}
#endif

static void put_text(struct out *f, const char *s)
{
	const char *from;
	bool blank = false;
	size_t len;
	unsigned facts;
#if defined(__SSE2__)
	const char *end;
#endif

	if (!s)
		return;
	/* A snapshot's string that needs no escape (textscan.h) is
	 * written from where it lies, unread. */
	if (textfacts_get(s, &len, &facts) && (facts & TEXTFACT_MD)) {
		out_write_ref(f, s, len);
		return;
	}
#if defined(__SSE2__)
	end = s + strlen(s);
#endif
	for (;;) {
		/* What needs nothing, a single blank included, is written
		 * in one piece. */
		for (from = s;; s++) {
#if defined(__SSE2__)
			s = plain_run(s, end, &blank);
#endif
			if (!md_special[(unsigned char)*s])
				blank = false;
			else if (*s == ' ' && !blank)
				blank = true;
			else
				break;
		}
		if (s > from)
			out_write(f, from, (size_t)(s - from));
		if (!*s)
			break;
		/* Markdown collapses blanks: a draft's "Số:      /BC" keeps
		 * its gap. */
		if (*s == ' ' || *s == '\t') {
			out_puts(f, blank ? "&nbsp;" : " ");
			blank = true;
			s++;
			continue;
		}
		blank = false;
		switch (*s) {
		case '&': out_puts(f, "&amp;"); break;
		case '<': out_puts(f, "&lt;"); break;
		case '>': out_puts(f, "&gt;"); break;
		case '\n': out_puts(f, "<br>"); break;
		case '\r': break;
		default:	/* | * _ ` [ ] ~ \ # */
			out_putc(f, '\\');
			out_putc(f, *s);
			break;
		}
		s++;
	}
}

/* A paragraph's runs with their emphasis; emphasis may neither begin
 * nor end with a blank, so the blanks around a run stay outside it. The
 * first skip bytes of the first run are already written. */
static void put_runs(struct out *f, const struct doc_para *p, size_t skip)
{
	const struct doc_run *r;

	for (r = p ? p->runs : NULL; r; r = r->next, skip = 0) {
		const char *mark = (r->style & DOC_BOLD) ?
			((r->style & DOC_ITALIC) ? "***" : "**") :
			((r->style & DOC_ITALIC) ? "*" : "");
		const char *s = r->text + skip, *e;
		char *mid;

		if (!*mark) {
			put_text(f, s);
			continue;
		}
		e = s + strlen(s);
		while (*s == ' ')
			out_putc(f, *s++);
		while (e > s && e[-1] == ' ')
			e--;
		if (e > s) {
			mid = strndup(s, (size_t)(e - s));
			out_puts(f, mark);
			put_text(f, mid ? mid : "");
			out_puts(f, mark);
			free(mid);
		}
		for (; *e; e++)
			out_putc(f, ' ');
	}
}

/* A line that would read as a list or a heading starts with an escape:
 * "- ", "+ ", and "1. " or "2) " (a text a department wrote may start
 * so). */
static void put_para(struct out *f, const struct doc_para *p)
{
	const char *first = p && p->runs ? p->runs->text : "";
	const char *d = first;
	size_t skip = 0;

	while (*d >= '0' && *d <= '9')
		d++;
	if (p && p->runs && !(p->runs->style & (DOC_BOLD | DOC_ITALIC))) {
		if (first[0] == '-' || first[0] == '+') {
			out_putc(f, '\\');
		} else if (d > first && (*d == '.' || *d == ')')) {
			skip = (size_t)(d - first);
			out_write(f, first, skip);
			out_putc(f, '\\');
		}
	}
	put_runs(f, p, skip);
}

/* s with its first letter escaped when it would start a list item
 * ("1. Kết quả": an ordered list). */
static void put_heading_text(struct out *f, const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || *p == ')')) {
		out_write(f, s, (size_t)(p - s));
		out_putc(f, '\\');
		s = p;
	}
	put_text(f, s);
}

static void put_cell(struct out *f, const struct doc_cell *c)
{
	const struct doc_para *p;

	for (p = c->paras; p; p = p->next) {
		if (p != c->paras)
			out_puts(f, "<br>");
		put_runs(f, p, 0);
	}
}

static void put_row(struct out *f, const struct doc_table *t,
		    const struct doc_row *r)
{
	size_t c;

	out_puts(f, "|");
	for (c = 0; c < t->ncols; c++) {
		out_putc(f, ' ');
		if (!r->cells[c].covered)
			put_cell(f, &r->cells[c]);
		out_puts(f, " |");
	}
	out_putc(f, '\n');
}

/* The delimiter row: each column aligned as its cell in below, the row
 * after the header (NULL: none). */
static void put_delimiter(struct out *f, const struct doc_table *t,
			  const struct doc_row *below)
{
	size_t c;

	out_puts(f, "|");
	for (c = 0; c < t->ncols; c++) {
		const struct doc_cell *cell = below ? &below->cells[c] : NULL;
		enum doc_align a = cell && !cell->covered && cell->paras ?
			cell->paras->align : DOC_LEFT;

		/* A column aligns as its first body cell. */
		out_puts(f, a == DOC_CENTER ? " :---: |" :
		      a == DOC_RIGHT ? " ---: |" : " --- |");
	}
	out_putc(f, '\n');
}

/* A long streamed table (doc_table_in_parts): its head rows, then its
 * fills' rows on two threads. */
static int put_table_parts(struct out *f, const struct doc_table *t)
{
	const struct doc_row *r, *below;
	struct doc_part p;
	int ret;

	for (r = doc_table_first(t); r; r = r->next) {
		put_row(f, t, r);
		if (r != t->rows)
			continue;
		/* The row below the first: a head row, or the first fill's
		 * first. */
		below = r->next;
		if (!below) {
			ret = doc_part_open(&p, t, 0, t->n_fills);
			below = ret ? NULL : doc_part_next(&p, NULL);
			if (ret || doc_part_status(&p)) {
				doc_part_close(&p);
				return -1;
			}
			put_delimiter(f, t, below);
			doc_part_close(&p);
		} else {
			put_delimiter(f, t, below);
		}
	}
	return doc_draw_fills(f, t, put_row);
}

/* Rows are read once, in order (a streamed table's are made as they
 * are reached): the delimiter row, which aligns each column as its first
 * body cell, is written once the row after the header is had. */
static int put_table(struct out *f, const struct doc_table *t)
{
	const struct doc_row *r, *next, *ahead = NULL;
	bool chained, first = true;

	if (doc_table_in_parts(t))
		return put_table_parts(f, t);

	/* GFM has exactly one header row: further ones are body rows. */
	for (r = doc_table_first(t); r; r = next, first = false) {
		ahead = ahead ? ahead->next : doc_row_ahead(r, DOC_AHEAD);
		doc_prefetch_row(t, ahead);
		put_row(f, t, r);
		/* The rows before the next ones made are gone. */
		chained = r->next != NULL;
		next = doc_table_next(t, r);
		if (!chained)
			ahead = NULL;
		if (first)
			put_delimiter(f, t, next);
	}
	return doc_table_status(t);
}

static void put_header(struct out *f, const struct doc_header *h)
{
	out_puts(f, "| ");
	if (h->superior && *h->superior) {
		put_text(f, h->superior);
		out_puts(f, "<br>");
	}
	out_puts(f, "**");
	put_text(f, h->agency);
	out_puts(f, "** | **");
	put_text(f, h->motto1);
	out_puts(f, "**<br>**");
	put_text(f, h->motto2);
	out_puts(f, "** |\n| :---: | :---: |\n| ");
	put_text(f, h->number);
	out_puts(f, " | *");
	put_text(f, h->place_date);
	out_puts(f, "* |\n");
}

static void put_closing(struct out *f, const struct doc_closing *c)
{
	size_t i;

	out_puts(f, "| ***");
	put_text(f, c->recipients_label);
	out_puts(f, "***");
	for (i = 0; i < c->n_recipients; i++) {
		out_puts(f, "<br>");
		put_text(f, c->recipients[i]);
	}
	out_puts(f, " | ");
	if (c->authority) {
		out_puts(f, "**");
		put_text(f, c->authority);
		out_puts(f, "**<br>");
	}
	if (c->title) {
		out_puts(f, "**");
		put_text(f, c->title);
		out_puts(f, "**");
	}
	/* Room to sign; a name left out is written by hand. */
	out_puts(f, "<br><br><br><br>");
	if (c->name && *c->name) {
		out_puts(f, "**");
		put_text(f, c->name);
		out_puts(f, "**");
	}
	out_puts(f, " |\n| :--- | :---: |\n");
}

static int draw(const struct doc *d, struct out *f)
{
	const struct doc_block *b;
	const struct doc_para *p;
	bool first = true;
	size_t i;

	for (b = d->blocks; b; b = b->next) {
		if (b->kind == DOC_SECTION && first)
			continue;
		if (!first)
			out_putc(f, '\n');
		first = false;
		switch (b->kind) {
		case DOC_SECTION:
			out_puts(f, "---\n");
			break;
		case DOC_HEADER:
			put_header(f, &b->header);
			break;
		case DOC_TITLE:
			out_puts(f, "# ");
			put_text(f, b->kind_text);
			out_puts(f, "\n\n**");
			put_text(f, b->text);
			out_puts(f, "**\n");
			break;
		case DOC_ADDRESSEE:
			put_text(f, b->label);
			for (i = 0; i < b->n_lines; i++) {
				out_puts(f, i ? "<br>" : " ");
				put_text(f, b->lines[i]);
			}
			out_putc(f, '\n');
			break;
		case DOC_HEADING:
			out_printf(f, "%.*s ", b->level + 1, "####");
			put_heading_text(f, b->text);
			out_putc(f, '\n');
			break;
		case DOC_PARA:
			put_para(f, b->para);
			out_putc(f, '\n');
			break;
		case DOC_LIST:
			for (p = doc_list_first(b); p; p = doc_list_next(b, p)) {
				out_puts(f, "- ");
				put_para(f, p);
				out_putc(f, '\n');
			}
			if (doc_list_status(b))
				return -1;
			break;
		case DOC_TABLE:
			if (put_table(f, b->table))
				return -1;
			break;
		case DOC_CLOSING:
			put_closing(f, &b->closing);
			break;
		case DOC_APPENDIX:
			out_puts(f, "## ");
			put_text(f, b->label);
			out_puts(f, "\n\n**");
			put_text(f, b->kind_text);
			out_puts(f, "**\n\n*");
			put_text(f, b->text);
			out_puts(f, "*\n");
			break;
		}
	}
	return out_error(f) ? -1 : 0;
}

int doc_draw_md(const struct doc *d, FILE *f)
{
	return doc_draw_buffered(d, f, draw);
}
