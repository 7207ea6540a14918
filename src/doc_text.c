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
#include <stdlib.h>
#include <string.h>

#include "plantrack/doc.h"
#include "plantrack/err.h"
#include "plantrack/out.h"
#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"

#include "doc_int.h"

#define W DOC_TEXT_WIDTH
#define SEP 2		/* blanks between table columns */
#define INDENT 4	/* a body paragraph's first line */
#define LEFT_W 40	/* header and closing: the left column */
#define RIGHT_W (W - LEFT_W - SEP)
#define MIN_WORD 12	/* a table column fits words this wide whole */

/* Where the lines of boxes are kept: blocks handed out in turn, all
 * free again once no line is alive (after each row of a table, each
 * paragraph), so that a line costs no malloc and free of its own. */
struct line_block {
	struct line_block *prev;
	size_t size, used;
	char data[];
};

static struct {
	struct line_block *top;
	size_t live;
} lines;

#define LINE_BLOCK ((size_t)64 << 10)

/* Room for len bytes and a NUL (written), alive until line_drop. */
static char *line_alloc(size_t len)
{
	struct line_block *b = lines.top;
	char *p;

	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > LINE_BLOCK ? len + 1 : LINE_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->prev = lines.top;
		b->size = size;
		b->used = 0;
		lines.top = b;
	}
	p = b->data + b->used;
	p[len] = '\0';
	b->used += len + 1;
	lines.live++;
	return p;
}

/* A copy of s[0..len) and a NUL that lives until line_drop. */
static char *line_new(const char *s, size_t len)
{
	char *p = line_alloc(len);

	memcpy(p, s, len);
	return p;
}

/* One line fewer alive; with none, the blocks are emptied (the newest
 * kept). */
static void line_drop(void)
{
	struct line_block *b = lines.top, *prev;

	if (lines.live && --lines.live)
		return;
	if (!b)
		return;
	while (b->prev) {
		prev = b->prev->prev;
		free(b->prev);
		b->prev = prev;
	}
	b->used = 0;
}

static void lines_free(void)
{
	struct line_block *b, *prev;

	for (b = lines.top; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	lines.top = NULL;
	lines.live = 0;
}

#define BOX_SMALL 4

/* Lines of text (line_new), and their widths where known (-1: not
 * measured). Most boxes hold a line or two: kept in the box itself. */
struct box {
	char **v;
	int *w;
	size_t n, alloc;
	char *small_v[BOX_SMALL];
	int small_w[BOX_SMALL];
};

#define BOX_INIT { NULL, NULL, 0, 0, { NULL }, { 0 } }

static void box_push_w(struct box *b, char *line, int w)
{
	if (!b->alloc) {
		b->v = b->small_v;
		b->w = b->small_w;
		b->alloc = BOX_SMALL;
	} else if (b->n == b->alloc) {
		char **v = xmalloc(b->alloc * 2 * sizeof(*v));
		int *wv = xmalloc(b->alloc * 2 * sizeof(*wv));

		memcpy(v, b->v, b->n * sizeof(*v));
		memcpy(wv, b->w, b->n * sizeof(*wv));
		if (b->v != b->small_v) {
			free(b->v);
			free(b->w);
		}
		b->v = v;
		b->w = wv;
		b->alloc *= 2;
	}
	b->w[b->n] = w;
	b->v[b->n++] = line;
}

/* Pushes a copy of s. */
static void box_push_str(struct box *b, const char *s)
{
	box_push_w(b, line_new(s, strlen(s)), -1);
}

static void box_release(struct box *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		line_drop();
	if (b->v != b->small_v) {
		free(b->v);
		free(b->w);
	}
	memset(b, 0, sizeof(*b));
}

/* A terminal jumps to the next tab stop on a tab: it becomes a blank. */
static void untab(char *s)
{
	for (char *p = s; (p = strpbrk(p, "\t\r")); p++)
		*p = ' ';
}

static void add_blanks(struct strbuf *sb, int n)
{
	static const char blanks[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof(blanks) - 1 ? n : (int)sizeof(blanks) - 1;

		strbuf_add(sb, blanks, (size_t)k);
		n -= k;
	}
}

/* line[0..len) aligned within width, pushed; w is its width, or -1
 * when not known yet. */
static void box_push_aligned_n(struct box *b, const char *line, size_t len,
			       int width, enum doc_align align, int w)
{
	size_t pad = 0;
	char *out;

	if (align != DOC_LEFT && w < 0)
		w = utf8_width_n(line, len);
	if (align == DOC_CENTER && w < width)
		pad = (size_t)(width - w) / 2;
	else if (align == DOC_RIGHT && w < width)
		pad = (size_t)(width - w);
	if (pad) {
		out = line_alloc(pad + len);
		memset(out, ' ', pad);
		memcpy(out + pad, line, len);
	} else {
		out = line_new(line, len);
	}
	box_push_w(b, out, w < 0 ? -1 : (int)pad + w);
}

/* Where wrapped text is written: one buffer for a whole drawing, as
 * opening a stream for each cell (a zeroed buffer each) cost more than
 * the wrapping itself. */
static struct strbuf scratch = STRBUF_INIT;

static void scratch_close(void)
{
	strbuf_release(&scratch);
}

/* s wrapped to width: *out, *len in the scratch buffer, valid until the
 * next call; with widths, the lines' widths too (utf8_wrap_widths; the
 * caller frees them). */
static void scratch_wrap(const char *s, int width, bool simple,
			 const char **out, size_t *len, int **widths,
			 size_t *n_widths)
{
	int *w;

	strbuf_reset(&scratch);
	w = (simple ? utf8_wrap_widths_simple : utf8_wrap_widths)
		(&scratch, s, width, 0, widths ? n_widths : NULL);
	if (widths)
		*widths = w;
	*out = scratch.buf;
	*len = scratch.len;
}

/* s wrapped to width and pushed as lines, each aligned within width;
 * first_indent blanks start the first line. known is the width of s
 * when it holds no tab, carriage return or escape (measured by the
 * caller), else -1; with known, simple says that utf8_measure_words
 * found it simple, and multi that it holds a newline (known is then
 * its widest line's). Returns 0 or -1. */
static int box_add_w(struct box *b, const char *s, int width,
		     enum doc_align align, int first_indent, int known,
		     bool simple, bool multi)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text, *line, *nl, *end;
	size_t size = 0, len, n, k, n_widths = 0;
	int ret = -1, w, *widths = NULL;

	if (!s)
		s = "";
	len = strlen(s);
	if (known >= 0 && !first_indent) {
		/* Measured already, and nothing to untab: s as it is. */
		text = s;
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
		n = sb.len;
		while (n && text[n - 1] == ' ')
			n--;
		/* A paragraph is measured only as far as the width. */
		w = memchr(text, '\n', sb.len) ? width + 1 :
			utf8_width_upto(text, n, width);
	}
	/* Most cells fit on their line as they are: no wrapping. */
	if (w <= width) {
		box_push_aligned_n(b, text, n, width, align, w);
		ret = 0;
		goto out;
	}
	/* Measured by the caller: plain text, whose lines the wrapping
	 * measures as it goes. */
	scratch_wrap(text, width, simple && known >= 0 && !first_indent,
		     &line, &size, known >= 0 ? &widths : NULL, &n_widths);
	for (end = line + size, k = 0;; line = nl + 1, k++) {
		nl = memchr(line, '\n', (size_t)(end - line));
		box_push_aligned_n(b, line, (size_t)((nl ? nl : end) - line),
				   width, align,
				   widths && k < n_widths ? widths[k] : -1);
		if (!nl)
			break;
	}
	ret = 0;
out:
	free(widths);
	strbuf_release(&sb);
	return ret;
}

static int box_add(struct box *b, const char *s, int width,
		   enum doc_align align, int first_indent)
{
	return box_add_w(b, s, width, align, first_indent, -1, false, false);
}

/* A rule of len dashes centred in width. */
static void box_rule(struct box *b, int len, int width)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	if (len > width)
		len = width;
	add_blanks(&sb, (width - len) / 2);
	for (i = 0; i < len; i++)
		strbuf_addch(&sb, '-');
	box_push_str(b, sb.buf);
	strbuf_release(&sb);
}

static void put_blanks(struct out *f, int n)
{
	while (n-- > 0)
		out_putc(f, ' ');
}

/* Writes line without its trailing blanks. */
static void put_trimmed(struct out *f, const char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		n--;
	out_write(f, line, n);
}

static void box_print(struct out *f, const struct box *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		put_trimmed(f, b->v[i]);
		out_putc(f, '\n');
	}
}

/* Two boxes side by side, the left one lw columns wide. */
static void box_print_pair(struct out *f, const struct box *l, int lw,
			   const struct box *r)
{
	size_t i, n = l->n > r->n ? l->n : r->n;

	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *ls = i < l->n ? l->v[i] : "";

		strbuf_addstr(&sb, ls);
		if (i < r->n) {
			int pad = lw + SEP - utf8_width(ls);

			add_blanks(&sb, pad > 0 ? pad : 1);
			strbuf_addstr(&sb, r->v[i]);
		}
		put_trimmed(f, sb.buf);
		out_putc(f, '\n');
		strbuf_release(&sb);
	}
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
	char *text = doc_para_plain(p);
	int ret = -1, indent = p->flags & DOC_INDENT ? INDENT : 0;

	if (marker) {
		strbuf_addf(&sb, "%s ", marker);
		strbuf_addstr(&sb, text);
	} else {
		strbuf_addstr(&sb, text);
	}
	if (box_add(&b, sb.buf, W, p->align == DOC_JUSTIFY ? DOC_LEFT :
		    p->align, p->align == DOC_CENTER ? 0 : indent))
		goto out;
	box_print(f, &b);
	ret = 0;
out:
	box_release(&b);
	strbuf_release(&sb);
	free(text);
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
	char *own;	/* s when it is doc_cell_plain's copy, else NULL */
	int widest;	/* the widest line */
	int word;	/* the widest word (words end at blanks, newlines) */
	bool nl;	/* holds a newline */
	bool plain;	/* holds no tab, carriage return nor escape */
	bool simple;	/* utf8_measure_words found it simple */
};

static void measure(struct measured *m, const struct doc_cell *cell)
{
	const char *s;

	/* A cell of one run is that run's text: no copy. */
	if (cell->paras && !cell->paras->next && cell->paras->runs &&
	    !cell->paras->runs->next) {
		m->s = cell->paras->runs->text;
		m->own = NULL;
	} else {
		m->own = doc_cell_plain(cell);
		m->s = m->own;
	}
	s = m->s;
	m->nl = strchr(s, '\n') != NULL;
	m->plain = !strpbrk(s, "\t\r\033");
	if (!m->plain) {
		/* An escape's parameters may hold blanks: measured whole. */
		m->widest = widest(s);
		m->word = longest_word(s);
		return;
	}
	/* One pass: a line is as wide as its words and its blanks. */
	m->simple = utf8_measure_words(s, strlen(s), &m->widest, &m->word);
}

/* The widths of t's columns in at most W columns in all: as wide as
 * their content when that fits; else by water-filling: each column's
 * fair share of what is left goes by its relative width, a column whose
 * content is narrower than its share keeps its content's width, and the
 * others share the rest. */
static void table_widths(const struct doc_table *t,
			 const struct measured *ms, int *width)
{
	int avail = W - SEP * (int)(t->ncols - 1), sum = 0, left;
	int *natural = xcalloc(t->ncols, sizeof(*natural));
	int *least = xcalloc(t->ncols, sizeof(*least));
	bool *fixed = xcalloc(t->ncols, sizeof(*fixed));
	const struct doc_row *r;
	bool changed = true;
	long weights;
	size_t c;

	for (r = t->rows; r; r = r->next, ms += t->ncols) {
		for (c = 0; c < t->ncols; c++) {
			const struct doc_cell *cell = &r->cells[c];
			int w;

			if (cell->covered || cell->colspan != 1)
				continue;
			/* Titles wrap at will: only their words count. */
			w = r->flags & DOC_ROW_HEADER ? ms[c].word :
				ms[c].widest;
			if (w > natural[c])
				natural[c] = w;
			/* A date or a number should not break. */
			w = ms[c].word;
			if (w > least[c])
				least[c] = w < MIN_WORD ? w : MIN_WORD;
		}
	}
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
	free(least);
	free(natural);
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
		memset(&pl[n], 0, sizeof(pl[n]));
		pl[n].x = x;
		pl[n].width = width[c];
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
		box_add_w(&pl[n].lines, m->s, pl[n].width, pl[n].align, 0,
			  m->plain ? m->widest : -1, m->simple, m->nl);
		x += pl[n].width + SEP;
		c += cell->colspan - 1;
		n++;
	}
	return n;
}

static void print_placed(struct out *f, struct placed *pl, size_t n,
			 struct strbuf *sb)
{
	size_t i, k, height = 0;

	for (i = 0; i < n; i++)
		if (pl[i].lines.n > height)
			height = pl[i].lines.n;
	for (k = 0; k < height; k++) {
		int at = 0;

		strbuf_reset(sb);
		for (i = 0; i < n; i++) {
			const struct box *l = &pl[i].lines;
			const char *s = k < l->n ? l->v[k] : "";

			if (!*s)
				continue;
			add_blanks(sb, pl[i].x - at);
			strbuf_addstr(sb, s);
			/* Where the next cell's blanks start from. */
			if (i + 1 < n)
				at = pl[i].x + (l->w[k] >= 0 ? l->w[k] :
						utf8_width(s));
		}
		put_trimmed(f, sb->buf);
		out_putc(f, '\n');
	}
	for (i = 0; i < n; i++)
		box_release(&pl[i].lines);
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

static int draw_table(struct out *f, const struct doc_table *t)
{
	int *width = xcalloc(t->ncols, sizeof(*width));
	struct placed *pl = xcalloc(t->ncols, sizeof(*pl));
	struct strbuf sb = STRBUF_INIT;
	const struct doc_row *r;
	struct measured *ms, *m;
	bool in_head = false, body = false, tall = false;
	size_t n, i, nrows = 0;

	for (r = t->rows; r; r = r->next)
		nrows++;
	ms = xcalloc(nrows ? nrows * t->ncols : 1, sizeof(*ms));
	for (r = t->rows, m = ms; r; r = r->next, m += t->ncols)
		for (i = 0; i < t->ncols; i++)
			if (!r->cells[i].covered)
				measure(&m[i], &r->cells[i]);
	table_widths(t, ms, width);
	/* Rows of several lines read better apart: if any body row is,
	 * all are set apart. A cell takes several lines when it holds a
	 * line break or is wider than its columns. */
	for (r = t->rows, m = ms; r && !tall; r = r->next, m += t->ncols) {
		if (r->flags & DOC_ROW_HEADER)
			continue;
		for (i = 0; i < t->ncols && !tall; i++) {
			const struct doc_cell *cell = &r->cells[i];
			int w = 0;

			if (cell->covered)
				continue;
			for (n = 0; n < cell->colspan && i + n < t->ncols; n++)
				w += width[i + n] + (n ? SEP : 0);
			tall = m[i].nl || m[i].widest > w;
		}
	}
	for (r = t->rows, m = ms; r; r = r->next, m += t->ncols) {
		bool head = r->flags & DOC_ROW_HEADER;

		if (!head && in_head)
			draw_rule_row(f, t, width);
		in_head = head;
		if (!head && body && (tall || (r->flags & DOC_ROW_GROUP)))
			out_putc(f, '\n');
		n = place_row(t, r, m, width, pl);
		print_placed(f, pl, n, &sb);
		body = body || !head;
	}
	if (in_head)
		draw_rule_row(f, t, width);
	for (i = 0; i < nrows * t->ncols; i++)
		free(ms[i].own);
	free(ms);
	strbuf_release(&sb);
	free(pl);
	free(width);
	return 0;
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
			strbuf_reset(&sb);
			add_blanks(&sb, 10);
			strbuf_addstr(&sb, box.v[i]);
			box.v[i] = line_new(sb.buf, sb.len);
			box.w[i] = -1;
			line_drop();	/* the line it was */
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
		for (p = b->items; !ret && p; p = p->next)
			ret = draw_para(f, p, b->label);
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
	scratch_close();
	lines_free();
	return ret;
}

int doc_draw_text(const struct doc *d, FILE *f)
{
	return doc_draw_buffered(d, f, draw);
}
