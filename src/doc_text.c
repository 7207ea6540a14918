/* doc_text.c: a document for a terminal, DOC_TEXT_WIDTH columns wide.
 *
 * Widths are display columns (utf8.h), so Vietnamese text with its
 * diacritics lines up. The header and the closing are two columns side
 * by side, centred as on paper; tables are grids whose columns shrink to
 * their content and wrap their cells under themselves; a page section is
 * a rule across the width. Styles (bold, italic) have no equivalent here
 * and are dropped. No line is wider than DOC_TEXT_WIDTH and none ends in
 * a blank.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/doc.h"
#include "plantrack/err.h"
#include "plantrack/out.h"
#include "plantrack/split.h"
#include "plantrack/strbuf.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

#include "doc_int.h"

#define W DOC_TEXT_WIDTH
#define SEP 2		/* blanks between table columns */
#define INDENT 4	/* a body paragraph's first line */
#define LEFT_W 40	/* header and closing: the left column */
#define RIGHT_W (W - LEFT_W - SEP)
#define MIN_WORD 12	/* a table column fits words this wide whole */

/* A line of a box: pad blanks, then len bytes of text at s, or with s
 * NULL at off in the box's own text (an offset, as that buffer moves
 * when it grows); w columns in all, pad included, or -1 when not
 * measured. A line is kept as where its text is, not as a copy: most
 * are stretches of a cell's text, and copying each (and again into the
 * row) cost more than wrapping it. */
struct bline {
	const char *s;
	size_t off, len;
	int pad, w;
};

/* Lines of text; own holds the text of those that are not the caller's
 * to keep (untabbed, indented or wrapped copies). A box's text must
 * outlive it. */
struct box {
	struct bline *v;
	size_t n, alloc;
	struct strbuf own;
};

#define BOX_INIT { NULL, 0, 0, STRBUF_INIT }

static void box_init(struct box *b)
{
	struct box empty = BOX_INIT;

	*b = empty;
}

static void box_push(struct box *b, const char *s, size_t off, size_t len,
		     int pad, int w)
{
	struct bline *l;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? b->alloc * 2 : 8;
		b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
	}
	l = &b->v[b->n++];
	l->s = s;
	l->off = off;
	l->len = len;
	l->pad = pad;
	l->w = w;
}

static const char *box_text(const struct box *b, const struct bline *l)
{
	return (l->s ? l->s : b->own.buf) + l->off;
}

/* Empty again, its memory kept for the next row of a table. */
static void box_reset(struct box *b)
{
	b->n = 0;
	strbuf_reset(&b->own);
}

static void box_release(struct box *b)
{
	if (!b)
		return;
	free(b->v);
	strbuf_release(&b->own);
	box_init(b);
}

/* Pushes a copy of s. */
static void box_push_str(struct box *b, const char *s)
{
	size_t off = b->own.len, len = strlen(s);

	strbuf_add(&b->own, s, len);
	box_push(b, NULL, off, len, 0, -1);
}

/* A terminal jumps to the next tab stop on a tab: it becomes a blank. */
static void untab(char *s)
{
	for (char *p = s; (p = strpbrk(p, "\t\r")); p++)
		*p = ' ';
}

static const char blanks[] = "                                ";

static void add_blanks(struct strbuf *sb, int n)
{
	if (n <= 0)
		return;
	strbuf_grow(sb, (size_t)n);
	memset(sb->buf + sb->len, ' ', (size_t)n);
	sb->len += (size_t)n;
	sb->buf[sb->len] = '\0';
}

static void put_blanks(struct out *f, int n)
{
	while (n > 0) {
		int k = n < (int)sizeof(blanks) - 1 ? n : (int)sizeof(blanks) - 1;

		out_write(f, blanks, (size_t)k);
		n -= k;
	}
}

/* The line of len bytes at s (or off in b's own text, s NULL) aligned
 * within width, pushed; w is its width, or -1 when not known yet.
 * Inline: called for every line of every cell. */
static inline void box_push_aligned(struct box *b, const char *s,
				    size_t off, size_t len, int width,
				    enum doc_align align, int w)
{
	int pad = 0;

	if (align != DOC_LEFT && w < 0)
		w = utf8_width_n(s ? s + off : b->own.buf + off, len);
	if (align == DOC_CENTER && w < width)
		pad = (width - w) / 2;
	else if (align == DOC_RIGHT && w < width)
		pad = width - w;
	box_push(b, s, off, len, pad, w < 0 ? -1 : pad + w);
}

/* Where the spans of a simple wrapping are found: one array for a whole
 * drawing, one per thread (a long table's rows are drawn on two). */
static _Thread_local struct {
	struct utf8_span *v;
	size_t alloc;
} spans;

static void spans_free(void)
{
	free(spans.v);
	spans.v = NULL;
	spans.alloc = 0;
}

/* text[0..len) wrapped to width, its lines pushed aligned within width:
 * text is s (kept by the caller) or else a copy to keep in b's own
 * text. simple: utf8_measure_words found text simple, and its lines
 * are stretches of it; else with known, the wrapping counts their
 * widths. */
static void box_wrap(struct box *b, const char *text, size_t len,
		     bool copy, int width, enum doc_align align, bool simple,
		     bool known)
{
	const char *line, *nl, *end;
	size_t n = (size_t)-1, k, base, n_widths = 0;
	int *widths = NULL;

	if (simple)
		n = utf8_wrap_spans_simple(text, len, width, &spans.v,
					   &spans.alloc);
	if (n != (size_t)-1) {
		base = 0;
		if (copy) {
			base = b->own.len;
			strbuf_add(&b->own, text, len);
			text = NULL;
		}
		for (k = 0; k < n; k++)
			box_push_aligned(b, text, base + spans.v[k].off,
					 spans.v[k].len, width, align,
					 spans.v[k].w);
		return;
	}
	/* Anything else is wrapped into b's own text and cut at its
	 * newlines. */
	base = b->own.len;
	widths = utf8_wrap_widths(&b->own, text, width, 0,
				  known ? &n_widths : NULL);
	line = b->own.buf + base;
	end = b->own.buf + b->own.len;
	for (k = 0;; line = nl + 1, k++) {
		nl = memchr(line, '\n', (size_t)(end - line));
		box_push_aligned(b, NULL, (size_t)(line - b->own.buf),
				 (size_t)((nl ? nl : end) - line), width, align,
				 widths && k < n_widths ? widths[k] : -1);
		if (!nl)
			break;
	}
	free(widths);
}

/* s (len bytes) wrapped to width and pushed as lines, each aligned
 * within width; first_indent blanks start the first line. known is the
 * width of s
 * when it holds no tab, carriage return or escape (measured by the
 * caller), else -1; with known, simple says that utf8_measure_words
 * found it simple, and multi that it holds a newline (known is then
 * its widest line's). s must outlive the box. Returns 0 or -1. */
static int box_add_w(struct box *b, const char *s, size_t len, int width,
		     enum doc_align align, int first_indent, int known,
		     bool simple, bool multi)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text;
	size_t n, off;
	int w, widest, word;
	bool copy;

	if (known >= 0 && !first_indent) {
		/* Measured already, and nothing to untab: s as it is. */
		text = s;
		copy = false;
		n = len;
		while (n && s[n - 1] == ' ')
			n--;
		/* Lines of a text with newlines are wrapped one by one. */
		w = multi ? width + 1 : known - (int)(len - n);
	} else {
		strbuf_grow(&sb, (size_t)first_indent + len);
		add_blanks(&sb, first_indent);
		strbuf_add(&sb, s, len);
		untab(sb.buf + first_indent);
		text = sb.buf;
		len = sb.len;
		copy = true;
		n = len;
		while (n && text[n - 1] == ' ')
			n--;
		/* Untabbed, the text may be simple all the same; a
		 * paragraph that is not is measured only as far as the
		 * width. */
		simple = utf8_measure_words(text, len, &widest, &word);
		if (memchr(text, '\n', len))
			w = width + 1;
		else if (simple)
			w = widest - (int)(len - n);
		else
			w = utf8_width_upto(text, n, width);
	}
	/* Most cells fit on their line as they are: no wrapping. */
	if (w <= width) {
		if (copy) {
			off = b->own.len;
			strbuf_add(&b->own, text, n);
			box_push_aligned(b, NULL, off, n, width, align, w);
		} else {
			box_push_aligned(b, text, 0, n, width, align, w);
		}
	} else {
		box_wrap(b, text, len, copy, width, align, simple,
			 known >= 0 && !first_indent);
	}
	strbuf_release(&sb);
	return 0;
}

static int box_add(struct box *b, const char *s, int width,
		   enum doc_align align, int first_indent)
{
	if (!s)
		s = "";
	return box_add_w(b, s, strlen(s), width, align, first_indent, -1,
			 false, false);
}

/* A rule of len dashes centred in width. */
static void box_rule(struct box *b, int len, int width)
{
	size_t off = b->own.len;

	if (len > width)
		len = width;
	if (len > 0) {
		strbuf_grow(&b->own, (size_t)len);
		memset(b->own.buf + off, '-', (size_t)len);
		b->own.len += (size_t)len;
		b->own.buf[b->own.len] = '\0';
	}
	box_push(b, NULL, off, len > 0 ? (size_t)len : 0, (width - len) / 2,
		 -1);
}

/* Appends line l of b to sb: its blanks and its text. */
static void add_line(struct strbuf *sb, const struct box *b,
		     const struct bline *l)
{
	add_blanks(sb, l->pad);
	strbuf_add(sb, box_text(b, l), l->len);
}

/* Writes s[0..n) without its trailing blanks, and a newline. */
static void put_trimmed(struct out *f, const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	out_write(f, s, n);
	out_putc(f, '\n');
}

static void box_print(struct out *f, const struct box *b)
{
	const struct bline *l;
	const char *s;
	size_t i, n;

	for (i = 0; i < b->n; i++) {
		l = &b->v[i];
		s = box_text(b, l);
		n = l->len;
		while (n && s[n - 1] == ' ')
			n--;
		/* A line of blanks is written as an empty one. */
		if (n)
			put_blanks(f, l->pad);
		out_write(f, s, n);
		out_putc(f, '\n');
	}
}

/* Two boxes side by side, the left one lw columns wide. */
static void box_print_pair(struct out *f, const struct box *l, int lw,
			   const struct box *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = l->n > r->n ? l->n : r->n;
	int w;

	for (i = 0; i < n; i++) {
		strbuf_reset(&sb);
		w = 0;
		if (i < l->n) {
			add_line(&sb, l, &l->v[i]);
			w = l->v[i].pad + utf8_width_n(box_text(l, &l->v[i]),
							l->v[i].len);
		}
		if (i < r->n) {
			add_blanks(&sb, lw + SEP - w > 0 ? lw + SEP - w : 1);
			add_line(&sb, r, &r->v[i]);
		}
		put_trimmed(f, sb.buf, sb.len);
	}
	strbuf_release(&sb);
}

/* Each line of a text with '\n' in it, aligned. */
static int box_add_lines(struct box *b, const char *s, int width,
			 enum doc_align align)
{
	return box_add(b, s ? s : "", width, align, 0);
}

static int widest(const char *s)
{
	int best = 0, w;
	const char *nl;

	for (; s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		w = nl ? utf8_width_n(s, (size_t)(nl - s)) : utf8_width(s);
		if (w > best)
			best = w;
	}
	return best;
}

static int draw_header(struct out *f, const struct doc_header *h)
{
	struct box l = BOX_INIT, r = BOX_INIT;
	int ret = -1, rule;

	if ((h->superior && *h->superior &&
	     box_add_lines(&l, h->superior, LEFT_W, DOC_CENTER)) ||
	    box_add_lines(&l, h->agency, LEFT_W, DOC_CENTER))
		goto out;
	/* Under the agency, a third of its name (Nghị định 30: 1/3 to 1/2);
	 * under the motto, as long as it. */
	rule = widest(h->agency) / 3;
	box_rule(&l, rule < 3 ? 3 : rule, LEFT_W);
	if (box_add_lines(&r, h->motto1, RIGHT_W, DOC_CENTER) ||
	    box_add_lines(&r, h->motto2, RIGHT_W, DOC_CENTER))
		goto out;
	box_rule(&r, widest(h->motto2), RIGHT_W);
	/* Number and place-date share a line. */
	while (l.n < r.n)
		box_push_str(&l, "");
	while (r.n < l.n)
		box_push_str(&r, "");
	if (box_add_lines(&l, h->number, LEFT_W, DOC_CENTER) ||
	    box_add_lines(&r, h->place_date, RIGHT_W, DOC_CENTER))
		goto out;
	box_print_pair(f, &l, LEFT_W, &r);
	ret = 0;
out:
	box_release(&l);
	box_release(&r);
	return ret;
}

static int draw_closing(struct out *f, const struct doc_closing *c)
{
	struct box l = BOX_INIT, r = BOX_INIT;
	size_t i;
	int ret = -1;

	if (box_add(&l, c->recipients_label, LEFT_W, DOC_LEFT, 0))
		goto out;
	for (i = 0; i < c->n_recipients; i++)
		if (box_add(&l, c->recipients[i], LEFT_W, DOC_LEFT, 0))
			goto out;
	if ((c->authority && box_add_lines(&r, c->authority, RIGHT_W,
					   DOC_CENTER)) ||
	    (c->title && box_add_lines(&r, c->title, RIGHT_W, DOC_CENTER)))
		goto out;
	/* Room to sign and stamp; a name left out is written by hand. */
	for (i = 0; i < 4; i++)
		box_push_str(&r, "");
	if (c->name && *c->name &&
	    box_add_lines(&r, c->name, RIGHT_W, DOC_CENTER))
		goto out;
	box_print_pair(f, &l, LEFT_W, &r);
	ret = 0;
out:
	box_release(&l);
	box_release(&r);
	return ret;
}

static int draw_para(struct out *f, const struct doc_para *p, const char *marker)
{
	struct box b = BOX_INIT;
	struct strbuf sb = STRBUF_INIT;
	const struct doc_run *r;
	int ret = -1, indent = p->flags & DOC_INDENT ? INDENT : 0;

	/* doc_para_plain's text, after the marker, in one buffer and with
	 * no format to parse: a paragraph each of a long list. */
	if (marker) {
		strbuf_addstr(&sb, marker);
		strbuf_addch(&sb, ' ');
	}
	for (r = p->runs; r; r = r->next)
		strbuf_addstr(&sb, r->text);
	if (box_add(&b, sb.buf, W, p->align == DOC_JUSTIFY ? DOC_LEFT :
		    p->align, p->align == DOC_CENTER ? 0 : indent))
		goto out;
	box_print(f, &b);
	ret = 0;
out:
	box_release(&b);
	strbuf_release(&sb);
	return ret;
}

static int longest_word(const char *s)
{
	int best = 0, w;
	size_t n;

	while (*s) {
		n = strcspn(s, " \n");
		w = utf8_width_n(s, n);
		if (w > best)
			best = w;
		s += n;
		if (*s)
			s++;
	}
	return best;
}

/* ---- tables ---- */

/* A cell of a table as text, measured once: by the widths, the test for
 * tall rows and the wrapping alike. */
struct measured {
	const char *s;	/* the cell's text; NULL for a covered cell */
	size_t len;	/* its length */
	int widest;	/* the widest line */
	int word;	/* the widest word (words end at blanks, newlines) */
	bool nl;	/* holds a newline */
	bool plain;	/* holds no tab, carriage return nor escape */
	bool simple;	/* utf8_measure_words found it simple */
};

/* Whether the cell is one run, whose text is the cell's: not joined. */
static bool one_run(const struct doc_cell *cell)
{
	return cell->paras && !cell->paras->next && cell->paras->runs &&
	       !cell->paras->runs->next;
}

/* The text of a cell of several runs or paragraphs as doc_cell_plain
 * joins it, kept in joined (with its NUL) rather than in a malloc of its
 * own: one buffer for the whole table, given its room before the first
 * join (joined_size), so that it never moves. */
static const char *join_cell(struct strbuf *joined,
			     const struct doc_cell *cell)
{
	const struct doc_para *p;
	const struct doc_run *r;
	size_t off = joined->len;

	for (p = cell->paras; p; p = p->next) {
		if (p != cell->paras)
			strbuf_addch(joined, '\n');
		for (r = p->runs; r; r = r->next)
			strbuf_addstr(joined, r->text);
	}
	strbuf_add(joined, "", 1);
	return joined->buf + off;
}

/* How many bytes join_cell adds for the cell (0 for one run). */
static size_t joined_size(const struct doc_cell *cell)
{
	const struct doc_para *p;
	const struct doc_run *r;
	size_t n = 0;

	if (one_run(cell))
		return 0;
	for (p = cell->paras; p; p = p->next) {
		n += p != cell->paras;
		for (r = p->runs; r; r = r->next)
			n += strlen(r->text);
	}
	return n + 1;
}

/* Measures the cell; a text of several runs goes into joined. */
static void measure(struct measured *m, const struct doc_cell *cell,
		    struct strbuf *joined)
{
	const char *s;
	size_t len;
	unsigned facts;

	/* A cell of one run is that run's text: no copy. A snapshot's
	 * string was measured when the image was saved (textscan.h): its
	 * bytes are not read here, only when the cell is drawn. */
	if (one_run(cell)) {
		m->s = cell->paras->runs->text;
		if (textfacts_widths(m->s, &m->len, &facts, &m->widest,
				     &m->word)) {
			m->simple = m->plain = true;
			m->nl = facts & TEXTFACT_NL;
			return;
		}
	} else {
		m->s = join_cell(joined, cell);
	}
	s = m->s;
	len = m->len = strlen(s);
	/* One pass: a line is as wide as its words and its blanks. Simple
	 * text holds no tab, carriage return nor escape. */
	m->simple = utf8_measure_words(s, len, &m->widest, &m->word);
	m->nl = memchr(s, '\n', len) != NULL;
	m->plain = m->simple || !strpbrk(s, "\t\r\033");
	if (!m->plain) {
		/* An escape's parameters may hold blanks: measured whole. */
		m->widest = widest(s);
		m->word = longest_word(s);
	}
}

/* What the widths ask of a table's cells, gathered row by row
 * (need_row): per column the widest content and the least width it
 * takes; and, for the test for tall rows, the widest body cell of each
 * place and span (widest[col * ncols + colspan - 1]) and whether any
 * holds a line break. */
struct needs {
	int *natural, *least, *widest;
	bool nl;
};

static void needs_init(struct needs *n, size_t ncols)
{
	n->natural = xcalloc(ncols, sizeof(*n->natural));
	n->least = xcalloc(ncols, sizeof(*n->least));
	n->widest = xcalloc(ncols * ncols, sizeof(*n->widest));
	n->nl = false;
}

static void needs_release(struct needs *n)
{
	free(n->natural);
	free(n->least);
	free(n->widest);
}

/* n's needs and from's, as if from's rows had been counted in n. */
static void needs_merge(struct needs *n, const struct needs *from,
			size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		if (from->natural[c] > n->natural[c])
			n->natural[c] = from->natural[c];
		if (from->least[c] > n->least[c])
			n->least[c] = from->least[c];
	}
	for (size_t k = 0; k < ncols * ncols; k++)
		if (from->widest[k] > n->widest[k])
			n->widest[k] = from->widest[k];
	n->nl = n->nl || from->nl;
}

static void need_row(const struct doc_table *t, const struct doc_row *r,
		     const struct measured *ms, struct needs *n)
{
	bool head = r->flags & DOC_ROW_HEADER;
	size_t c, k;
	int w;

	for (c = 0; c < t->ncols; c++) {
		const struct doc_cell *cell = &r->cells[c];

		if (cell->covered)
			continue;
		/* A slot never placed (colspan 0) is empty. */
		if (!head && cell->colspan) {
			k = c * t->ncols + cell->colspan - 1;
			if (ms[c].widest > n->widest[k])
				n->widest[k] = ms[c].widest;
			n->nl = n->nl || ms[c].nl;
		}
		if (cell->colspan != 1)
			continue;
		/* Titles wrap at will: only their words count. */
		w = head ? ms[c].word : ms[c].widest;
		if (w > n->natural[c])
			n->natural[c] = w;
		/* A date or a number should not break. */
		w = ms[c].word;
		if (w > n->least[c])
			n->least[c] = w < MIN_WORD ? w : MIN_WORD;
	}
}

/* Rows of several lines read better apart: if any body row is, all are
 * set apart. A cell takes several lines when it holds a line break or
 * is wider than its columns. */
static bool tall_rows(const struct doc_table *t, const struct needs *n,
		      const int *width)
{
	size_t c, k;
	int w;

	if (n->nl)
		return true;
	for (c = 0; c < t->ncols; c++)
		for (k = 0, w = -SEP; c + k < t->ncols; k++) {
			w += width[c + k] + SEP;
			if (n->widest[c * t->ncols + k] > w)
				return true;
		}
	return false;
}

/* The widths of t's columns in at most W columns in all: as wide as
 * their content when that fits; else by water-filling: each column's
 * fair share of what is left goes by its relative width, a column whose
 * content is narrower than its share keeps its content's width, and the
 * others share the rest. */
static void table_widths(const struct doc_table *t, const struct needs *n,
			 int *width)
{
	int avail = W - SEP * (int)(t->ncols - 1), sum = 0, left;
	int *natural = n->natural;
	const int *least = n->least;
	bool *fixed = xcalloc(t->ncols, sizeof(*fixed));
	bool changed = true;
	long weights;
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		if (natural[c] < 1)
			natural[c] = 1;
		sum += natural[c];
		width[c] = natural[c];
	}
	if (avail < (int)t->ncols)
		avail = (int)t->ncols;
	if (sum <= avail)
		goto out;
	left = avail;
	while (changed) {
		changed = false;
		weights = 0;
		for (c = 0; c < t->ncols; c++)
			if (!fixed[c])
				weights += t->widths[c];
		for (c = 0; weights && c < t->ncols; c++) {
			if (fixed[c] || natural[c] * weights >
			    (long)left * t->widths[c])
				continue;
			fixed[c] = true;
			left -= natural[c];
			changed = true;
		}
	}
	weights = 0;
	for (c = 0; c < t->ncols; c++)
		if (!fixed[c])
			weights += t->widths[c];
	sum = 0;
	for (c = 0; c < t->ncols; c++) {
		if (fixed[c])
			continue;
		width[c] = weights ? (int)((long)left * t->widths[c] /
					   weights) : 1;
		if (width[c] < 1)
			width[c] = 1;
		sum += width[c];
	}
	/* What rounding left over goes to the widest content. */
	for (c = 0; sum < left && c < t->ncols; c++) {
		size_t best = t->ncols, k;

		for (k = 0; k < t->ncols; k++)
			if (!fixed[k] && width[k] < natural[k] &&
			    (best == t->ncols ||
			     natural[k] - width[k] > natural[best] - width[best]))
				best = k;
		if (best == t->ncols)
			break;
		width[best]++;
		sum++;
		c = (size_t)-1;	/* again from the start */
	}
	/* Columns narrower than their longest word (up to MIN_WORD) take
	 * columns from the one with the most to spare. */
	for (c = 0; c < t->ncols; c++) {
		while (width[c] < least[c]) {
			size_t k, best = t->ncols;

			for (k = 0; k < t->ncols; k++)
				if (width[k] > least[k] && (best == t->ncols ||
				    width[k] - least[k] > width[best] - least[best]))
					best = k;
			if (best == t->ncols)
				break;
			width[best]--;
			width[c]++;
		}
	}
out:
	free(fixed);
}

/* One drawn cell of a row: where it starts, how wide, what it says. */
struct placed {
	int x, width;
	enum doc_align align;
	struct box lines;
};

/* The row's cells wrapped in their columns; returns how many. */
static size_t place_row(const struct doc_table *t, const struct doc_row *r,
			const struct measured *ms, const int *width,
			struct placed *pl)
{
	size_t c, k, n = 0;
	int x = 0;

	for (c = 0; c < t->ncols; c++) {
		const struct doc_cell *cell = &r->cells[c];
		const struct measured *m = &ms[c];

		if (cell->covered && cell->covered->row == cell->row) {
			x += width[c] + SEP;
			continue;	/* inside a span begun on its left */
		}
		box_reset(&pl[n].lines);
		pl[n].x = x;
		pl[n].width = width[c];
		pl[n].align = DOC_LEFT;
		/* A cell spanning rows speaks once, in its first row. */
		if (cell->covered) {
			for (k = 1; k < cell->covered->colspan &&
			     c + k < t->ncols; k++)
				pl[n].width += SEP + width[c + k];
			x += pl[n].width + SEP;
			c += k - 1;
			n++;
			continue;
		}
		for (k = 1; k < cell->colspan; k++)
			pl[n].width += SEP + width[c + k];
		pl[n].align = cell->paras ? cell->paras->align : DOC_LEFT;
		if (pl[n].align == DOC_JUSTIFY)
			pl[n].align = DOC_LEFT;
		box_add_w(&pl[n].lines, m->s, m->len, pl[n].width,
			  pl[n].align, 0, m->plain ? m->widest : -1,
			  m->simple, m->nl);
		x += pl[n].width + SEP;
		c += cell->colspan - 1;
		n++;
	}
	return n;
}

static void print_placed(struct out *f, const struct placed *pl, size_t n,
			 struct strbuf *sb)
{
	size_t i, k, height = 0, len;
	const struct bline *l;
	const char *s;
	char *p;
	int at, gap;

	for (i = 0; i < n; i++)
		if (pl[i].lines.n > height)
			height = pl[i].lines.n;
	for (k = 0; k < height; k++) {
		strbuf_reset(sb);
		at = 0;
		for (i = 0; i < n; i++) {
			if (k >= pl[i].lines.n)
				continue;
			l = &pl[i].lines.v[k];
			if (!l->pad && !l->len)
				continue;
			s = box_text(&pl[i].lines, l);
			gap = pl[i].x - at > 0 ? pl[i].x - at : 0;
			/* Blanks and text straight into the row. */
			len = (size_t)gap + (size_t)l->pad + l->len;
			if (sb->alloc - sb->len <= len + sizeof(blanks))
				strbuf_grow(sb, len + sizeof(blanks));
			p = sb->buf + sb->len;
			/* Most gaps are short: the blanks of one copy of a
			 * known size (no call), whatever lies past the gap
			 * overwritten next. */
			if ((size_t)gap + (size_t)l->pad < sizeof(blanks))
				memcpy(p, blanks, sizeof(blanks) - 1);
			else
				memset(p, ' ', (size_t)gap + (size_t)l->pad);
			memcpy(p + gap + l->pad, s, l->len);
			sb->len += len;
			/* Where the next cell's blanks start from. */
			if (i + 1 < n)
				at = pl[i].x + (l->w >= 0 ? l->w : l->pad +
						utf8_width_n(s, l->len));
		}
		if (sb->alloc)
			sb->buf[sb->len] = '\0';
		put_trimmed(f, sb->buf, sb->len);
	}
}

static void draw_rule_row(struct out *f, const struct doc_table *t,
			  const int *width)
{
	size_t c;
	int i;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			put_blanks(f, SEP);
		for (i = 0; i < width[c]; i++)
			out_putc(f, '-');
	}
	out_putc(f, '\n');
}

/* What measure found of a cell, kept from the first reading of a table
 * for the second: every row is measured before the first is drawn (the
 * widths), and a streamed table's rows are made again for the drawing. */
struct kept {
	int widest;
	bool plain, simple, nl;
};

/* The room the joined texts of r's cells take, given at once: the
 * buffer never moves while the row is measured and drawn, so the cells
 * point into it. */
static void joined_room(const struct doc_table *t, const struct doc_row *r,
			struct strbuf *joined)
{
	size_t c, n = 0;

	strbuf_reset(joined);
	for (c = 0; c < t->ncols; c++)
		if (!r->cells[c].covered)
			n += joined_size(&r->cells[c]);
	strbuf_grow(joined, n);
}

/* r's cells as measure makes them, from what the first reading kept of
 * them (kept[*at...]) where it can. */
static void remeasure_row(const struct doc_table *t, const struct doc_row *r,
			  struct measured *ms, struct strbuf *joined,
			  const struct kept *kept, size_t n_kept, size_t *at)
{
	size_t c;

	joined_room(t, r, joined);
	for (c = 0; c < t->ncols; c++) {
		const struct doc_cell *cell = &r->cells[c];
		const struct kept *k;

		if (cell->covered)
			continue;
		if (*at >= n_kept) {
			measure(&ms[c], cell, joined);
			continue;
		}
		k = &kept[(*at)++];
		ms[c].s = one_run(cell) ? cell->paras->runs->text :
					  join_cell(joined, cell);
		ms[c].len = textfacts_strlen(ms[c].s);
		ms[c].widest = k->widest;
		ms[c].plain = k->plain;
		ms[c].simple = k->simple;
		ms[c].nl = k->nl;
	}
}

/* What the first reading of a table found and its rows are drawn by:
 * only read while they are drawn, on two threads for a long one. */
struct table_plan {
	const struct doc_table *t;
	const int *width;
	bool tall;
	const struct kept *kept;
	size_t n_kept;
	/* Read in parts (doc_table_in_parts): where in kept each fill's
	 * cells start, and how the head rows left the drawing. */
	const size_t *at_fill;
	bool in_head, body;
	atomic_int error;	/* a run's failure (errno), or 0 */
};

/* A thread's drawing of rows: its scratch, and where it has got to. */
struct rows_state {
	struct measured *ms;
	struct placed *pl;
	struct strbuf sb, joined;
	size_t at;		/* the next row's cells in kept */
	bool in_head, body;	/* the last row a head row; a body row had */
};

static void rows_init(struct rows_state *w, size_t ncols)
{
	w->ms = xcalloc(ncols, sizeof(*w->ms));
	w->pl = xcalloc(ncols, sizeof(*w->pl));
	for (size_t i = 0; i < ncols; i++)
		box_init(&w->pl[i].lines);
	strbuf_init(&w->sb, 0);
	strbuf_init(&w->joined, 0);
	w->at = 0;
	w->in_head = w->body = false;
}

static void rows_release(struct rows_state *w, size_t ncols)
{
	for (size_t i = 0; w->pl && i < ncols; i++)
		box_release(&w->pl[i].lines);
	free(w->pl);
	free(w->ms);
	strbuf_release(&w->sb);
	strbuf_release(&w->joined);
}

static void draw_row(struct out *f, const struct table_plan *tp,
		     struct rows_state *w, const struct doc_row *r)
{
	const struct doc_table *t = tp->t;
	bool head = r->flags & DOC_ROW_HEADER;
	size_t n;

	doc_prefetch_row(t, doc_row_ahead(r, DOC_AHEAD));
	remeasure_row(t, r, w->ms, &w->joined, tp->kept, tp->n_kept, &w->at);
	if (!head && w->in_head)
		draw_rule_row(f, t, tp->width);
	w->in_head = head;
	if (!head && w->body && (tp->tall || (r->flags & DOC_ROW_GROUP)))
		out_putc(f, '\n');
	n = place_row(t, r, w->ms, tp->width, w->pl);
	print_placed(f, w->pl, n, &w->sb);
	w->body = w->body || !head;
}

/* A run of fills being drawn (doc_each_row_fn). */
struct fills_drawing {
	struct out *f;
	const struct table_plan *tp;
	struct rows_state w;
};

static void draw_fill_row(const struct doc_row *r, size_t fill, void *arg)
{
	struct fills_drawing *fd = arg;

	(void)fill;
	draw_row(fd->f, fd->tp, &fd->w, r);
}

/* Fills [from, to) of a table read in parts, drawn (split_fn): the
 * first as after the head rows, any other as after a body row. */
static void draw_fills(struct out *f, size_t from, size_t to, void *arg)
{
	struct table_plan *tp = arg;
	struct fills_drawing fd = { .f = f, .tp = tp };

	rows_init(&fd.w, tp->t->ncols);
	fd.w.at = tp->at_fill[from];
	fd.w.in_head = from ? false : tp->in_head;
	fd.w.body = from ? true : tp->body;
	if (doc_fills_each(tp->t, from, to, draw_fill_row, &fd))
		doc_keep_error(&tp->error, errno);
	rows_release(&fd.w, tp->t->ncols);
	/* The thread's own, which ends with the run. */
	spans_free();
}

/* The first reading of a row: its cells measured, kept, and counted in
 * the columns' needs. */
static void keep_row(const struct doc_table *t, const struct doc_row *r,
		     struct measured *ms, struct strbuf *joined,
		     struct kept **kept, size_t *n_kept, size_t *kept_alloc,
		     struct needs *needs)
{
	doc_prefetch_row(t, doc_row_ahead(r, DOC_AHEAD));
	joined_room(t, r, joined);
	if (*kept_alloc - *n_kept < t->ncols) {
		*kept_alloc = *kept_alloc ? *kept_alloc * 2 : 64 * t->ncols;
		*kept = xrealloc(*kept, *kept_alloc * sizeof(**kept));
	}
	for (size_t i = 0; i < t->ncols; i++) {
		struct kept *k = &(*kept)[*n_kept];

		if (r->cells[i].covered)
			continue;
		measure(&ms[i], &r->cells[i], joined);
		k->widest = ms[i].widest;
		k->plain = ms[i].plain;
		k->simple = ms[i].simple;
		k->nl = ms[i].nl;
		++*n_kept;
	}
	need_row(t, r, ms, needs);
}

/* The first reading of a half of a table's fills (read in parts): what
 * it kept, where each fill's cells start in it, and the needs it found. */
struct reading {
	const struct doc_table *t;
	struct kept *kept;
	size_t n_kept, kept_alloc;
	size_t *at_fill;	/* the table's, each half writing its own */
	struct needs needs;
	int error;
};

/* A half's first reading under way (doc_each_row_fn): its scratch, and
 * the next fill whose start it has not noted. */
struct fills_reading {
	struct reading *rd;
	struct measured *ms;
	struct strbuf joined;
	size_t k;
	size_t from, to;	/* the half's fills */
};

/* Once a half's first fill is read, room for the rest of its fills at
 * that fill's rate and a quarter more, in one go: grown by doubling,
 * kept was copied into fresh pages again and again (on the second
 * thread, up to a tenth of a warm text report of 100 000 tasks). */
static void kept_reserve(struct fills_reading *fr)
{
	struct reading *rd = fr->rd;
	size_t per = rd->n_kept - rd->at_fill[fr->from], want;

	if (!per || per > SIZE_MAX / 2 / (fr->to - fr->from) / 2)
		return;
	want = rd->n_kept + per * (fr->to - fr->from) / 4 * 5 +
	       rd->t->ncols;
	if (want <= rd->kept_alloc || want > SIZE_MAX / sizeof(*rd->kept))
		return;
	rd->kept = xrealloc(rd->kept, want * sizeof(*rd->kept));
	rd->kept_alloc = want;
}

static void read_fill_row(const struct doc_row *r, size_t fill, void *arg)
{
	struct fills_reading *fr = arg;
	struct reading *rd = fr->rd;

	while (fr->k <= fill) {
		rd->at_fill[fr->k++] = rd->n_kept;
		if (fr->k == fr->from + 2)
			kept_reserve(fr);
	}
	keep_row(rd->t, r, fr->ms, &fr->joined, &rd->kept, &rd->n_kept,
		 &rd->kept_alloc, &rd->needs);
}

/* Fills [from, to) read, into half's reading (split_half_fn). */
static void read_fills(size_t from, size_t to, int half, void *arg)
{
	struct reading *rd = (struct reading *)arg + half;
	struct fills_reading fr = {
		rd, xcalloc(rd->t->ncols, sizeof(*fr.ms)), STRBUF_INIT, from,
		from, to,
	};

	if (doc_fills_each(rd->t, from, to, read_fill_row, &fr))
		rd->error = errno ? errno : ENOMEM;
	while (fr.k < to)
		rd->at_fill[fr.k++] = rd->n_kept;
	strbuf_release(&fr.joined);
	free(fr.ms);
	spans_free();
}

/* A table is read twice: for its widths, then to draw it. Neither keeps
 * more than a row: a streamed table of 100 000 tasks is drawn without
 * its rows all in memory. A long one's fills are drawn on two threads
 * (doc_table_in_parts), their first reading noting where in kept each
 * starts. */
static int draw_table(struct out *f, const struct doc_table *t)
{
	int *width = xcalloc(t->ncols, sizeof(*width));
	struct measured *ms = xcalloc(t->ncols, sizeof(*ms));
	struct strbuf joined = STRBUF_INIT;
	struct kept *kept = NULL;
	size_t n_kept = 0, kept_alloc = 0, *at_fill = NULL, k = 0;
	const struct doc_row *r;
	bool parts = doc_table_in_parts(t);
	struct table_plan tp = { 0 };
	struct rows_state w;
	struct needs needs;
	int ret = -1;

	needs_init(&needs, t->ncols);
	rows_init(&w, t->ncols);
	for (r = doc_table_first(t); r; r = parts ? r->next :
	     doc_table_next(t, r))
		keep_row(t, r, ms, &joined, &kept, &n_kept, &kept_alloc,
			 &needs);
	if (doc_table_status(t))
		goto out;
	if (parts) {
		/* The fills in two halves at once: the first half after
		 * the head rows, the second into a reading of its own,
		 * then put after it. */
		struct reading rd[2] = {
			{ t, kept, n_kept, kept_alloc, NULL, needs, 0 },
			{ t, NULL, 0, 0, NULL, { NULL, NULL, NULL, false },
			  0 },
		};

		at_fill = xcalloc(t->n_fills + 1, sizeof(*at_fill));
		rd[0].at_fill = rd[1].at_fill = at_fill;
		needs_init(&rd[1].needs, t->ncols);
		split_halves(t->n_fills, DOC_SPLIT_MIN, read_fills, rd);
		kept = rd[0].kept;
		n_kept = rd[0].n_kept;
		kept_alloc = rd[0].kept_alloc;
		needs = rd[0].needs;
		for (k = t->n_fills / 2; k < t->n_fills; k++)
			at_fill[k] += n_kept;
		if (rd[1].n_kept) {
			kept = xrealloc(kept, (n_kept + rd[1].n_kept) *
				       sizeof(*kept));
			kept_alloc = n_kept + rd[1].n_kept;
			memcpy(kept + n_kept, rd[1].kept,
			       rd[1].n_kept * sizeof(*kept));
			n_kept += rd[1].n_kept;
		}
		at_fill[t->n_fills] = n_kept;
		needs_merge(&needs, &rd[1].needs, t->ncols);
		needs_release(&rd[1].needs);
		free(rd[1].kept);
		if (rd[0].error || rd[1].error) {
			errno = rd[0].error ? rd[0].error : rd[1].error;
			goto out;
		}
	}
	table_widths(t, &needs, width);
	tp.t = t;
	tp.width = width;
	tp.tall = tall_rows(t, &needs, width);
	tp.kept = kept;
	tp.n_kept = n_kept;
	tp.at_fill = at_fill;
	for (r = doc_table_first(t); r; r = parts ? r->next :
	     doc_table_next(t, r))
		draw_row(f, &tp, &w, r);
	if (doc_table_status(t))
		goto out;
	if (parts) {
		tp.in_head = w.in_head;
		tp.body = w.body;
		split_draw(f, t->n_fills, DOC_SPLIT_MIN, DOC_SPLIT_CHUNK,
			   draw_fills, &tp);
		if (atomic_load(&tp.error)) {
			errno = atomic_load(&tp.error);
			goto out;
		}
		/* The fills' last row is a body row. */
		w.in_head = false;
	}
	if (w.in_head)
		draw_rule_row(f, t, width);
	ret = 0;
out:
	needs_release(&needs);
	rows_release(&w, t->ncols);
	free(at_fill);
	free(kept);
	free(ms);
	strbuf_release(&joined);
	free(width);
	return ret;
}

/* ---- blocks ---- */

static int draw_block(struct out *f, const struct doc_block *b, bool first)
{
	struct box box = BOX_INIT;
	const struct doc_para *p;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = 0;

	if (!first && b->kind != DOC_SECTION)
		out_putc(f, '\n');
	switch (b->kind) {
	case DOC_SECTION:
		/* A new page: a rule across the width (not before the
		 * first). */
		if (!first) {
			out_putc(f, '\n');
			for (i = 0; i < W; i++)
				out_putc(f, '=');
			out_putc(f, '\n');
		}
		break;
	case DOC_HEADER:
		ret = draw_header(f, &b->header);
		break;
	case DOC_TITLE:
		ret = box_add(&box, b->kind_text, W, DOC_CENTER, 0) ||
			box_add(&box, b->text, W - 20, DOC_CENTER, 0);
		for (i = 1; !ret && i < box.n; i++) {
			/* the subject is centred in the full width */
			box.v[i].pad += 10;
			box.v[i].w = -1;
		}
		box_rule(&box, W / 6, W);
		box_print(f, &box);
		break;
	case DOC_ADDRESSEE:
		strbuf_addstr(&sb, b->label);
		for (i = 0; i < b->n_lines; i++) {
			strbuf_addstr(&sb, b->n_lines > 1 ? "\n" : " ");
			strbuf_addstr(&sb, b->lines[i]);
		}
		ret = box_add(&box, sb.buf, W, DOC_CENTER, 0);
		box_print(f, &box);
		break;
	case DOC_HEADING:
		ret = box_add(&box, b->text, W, DOC_LEFT, 0);
		box_print(f, &box);
		break;
	case DOC_PARA:
		ret = draw_para(f, b->para, NULL);
		break;
	case DOC_LIST:
		for (p = doc_list_first(b); !ret && p; p = doc_list_next(b, p))
			ret = draw_para(f, p, b->label);
		ret = ret || doc_list_status(b);
		break;
	case DOC_TABLE:
		ret = draw_table(f, b->table);
		break;
	case DOC_CLOSING:
		ret = draw_closing(f, &b->closing);
		break;
	case DOC_APPENDIX:
		ret = box_add(&box, b->label, W, DOC_CENTER, 0) ||
			box_add(&box, b->kind_text, W, DOC_CENTER, 0) ||
			box_add(&box, b->text, W, DOC_CENTER, 0);
		box_print(f, &box);
		break;
	}
	box_release(&box);
	strbuf_release(&sb);
	return ret ? -1 : 0;
}

static int draw(const struct doc *d, struct out *f)
{
	const struct doc_block *b;
	bool first = true;
	int ret = -1;

	/* A section draws nothing until something precedes it. */
	for (b = d->blocks; b; b = b->next) {
		if (draw_block(f, b, first))
			goto out;
		first = first && b->kind == DOC_SECTION;
	}
	ret = out_error(f) ? -1 : 0;
out:
	spans_free();
	return ret;
}

int doc_draw_text(const struct doc *d, FILE *f)
{
	return doc_draw_buffered(d, f, draw);
}
