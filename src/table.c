/* table.c: terminal tables laid out by display width.
 *
 * Cells are kept as written and measured at render time, so that widths
 * follow the LC_CTYPE in force when the table is printed.
 */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/out.h"
#include "plantrack/split.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

#define SEP		2	/* blanks between columns */
#define MIN_LAST	10	/* the flexible column never gets less */

/* A cell as it is printed (escaped), in the table's arena. */
struct tcell {
	const char *s;
	size_t len;
	int width;		/* of its widest line; -1: not measured yet */
	int nl;			/* holds a newline */
	const char *src;	/* borrowed: the caller's string; else NULL */
	/* s is the caller's until its next row only (a transient row of
	 * table_render_rows): written by copy, never by reference. */
	int copy;
};

/* Where the cells' text is kept: blocks that never move, so that a row
 * costs no allocation of its own. */
struct chunk {
	struct chunk *next;
	size_t size, used;
	char data[];
};

#define CHUNK_MIN	((size_t)64 << 10)

struct table {
	size_t ncols;
	unsigned char *markup;	/* ncols flags: the program's own text */
	struct tcell *header;	/* ncols cells, or NULL: no header row */
	struct tcell *cells;	/* nrows rows of ncols cells */
	size_t nrows;
	size_t alloc;		/* rows */
	struct chunk *arena;
	/* table_set_shared_rows; while rows are drawn on two threads,
	 * locking: the arena is shared (an escaped cell's copy). */
	bool (*rows_ready)(void *ctx);
	bool locking;
	pthread_mutex_t lock;
};

/* Rows a table of shared rows is drawn on two threads from, and in
 * chunks of (split.h): a list of 4 096 tasks. */
#define ROWS_SPLIT_MIN 4096
#define ROWS_SPLIT_CHUNK 1024

static char *arena_copy_locked(struct table *t, const char *s, size_t len);

/* A copy of s[0..len) and a NUL in t's arena, or NULL on ENOMEM. */
static char *arena_copy(struct table *t, const char *s, size_t len)
{
	char *p;

	if (!t->locking)
		return arena_copy_locked(t, s, len);
	(void)pthread_mutex_lock(&t->lock);
	p = arena_copy_locked(t, s, len);
	(void)pthread_mutex_unlock(&t->lock);
	return p;
}

/* arena_copy, t's arena held by the caller. */
static char *arena_copy_locked(struct table *t, const char *s, size_t len)
{
	struct chunk *c = t->arena;
	char *p;

	if (!c || c->size - c->used < len + 1) {
		size_t size = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = t->arena;
		t->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

/* src as a cell (NULL: empty): escaped unless markup; 0 or -1. A cell
 * borrowed (table_add_row_ref) with nothing to escape is src itself. */
static int cell_set(struct table *t, struct tcell *c, const char *src,
		    int markup, int borrow)
{
	char *esc = NULL;
	const char *p;
	size_t len;
	unsigned facts;
	int nl = 0, known;

	c->width = -1;
	c->copy = 0;
	if (!src || !*src) {
		c->s = "";
		c->len = 0;
		c->nl = 0;
		return 0;
	}
	/* What a terminal will be given: escaped once, here, so that
	 * widths are measured on what is printed. Most cells have nothing
	 * to escape (their text facts say so, or textscan_term finds it
	 * fast) and are copied as they are, or not at all when borrowed. */
	known = textfacts_get(src, &len, &facts);
	if (!known)
		len = strlen(src);
	if (known && (markup || (facts & TEXTFACT_TERM))) {
		nl = (facts & TEXTFACT_NL) != 0;
	} else if (markup) {
		nl = memchr(src, '\n', len) != NULL;
	} else if (textscan_term(src, len, 1, &nl) != len) {
		esc = table_escape(src, 1);
		if (!esc)
			return -1;
		src = esc;
		len = strlen(esc);
		nl = memchr(esc, '\n', len) != NULL;
		borrow = 0;
	}
	p = borrow ? src : arena_copy(t, src, len);
	free(esc);
	if (!p)
		return -1;
	c->s = p;
	c->len = len;
	c->nl = nl;
	/* Printable ASCII is a column a byte in any locale (utf8.h). */
	if (known && (facts & TEXTFACT_ASCII) && len <= INT_MAX)
		c->width = (int)len;
	return 0;
}

/* Sets a row of cells from src. Borrowed, a cell whose text is the very
 * string of the row above (the same pointer: callers pass the few
 * distinct words of a column once formatted) is that cell again,
 * neither scanned nor measured twice. */
static int cells_set(struct table *t, struct tcell *cells,
		     const char *const *src, const unsigned char *markup,
		     const struct tcell *above, int borrow)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (above && src[i] && above[i].src == src[i]) {
			cells[i] = above[i];
			continue;
		}
		if (cell_set(t, &cells[i], src[i], markup && markup[i],
			     borrow))
			return -1;
		cells[i].src = borrow ? src[i] : NULL;
	}
	return 0;
}

struct table *table_new(size_t ncols, const char *const *headers)
{
	struct table *t;

	/* A table without columns has nothing to lay out: a caller bug. */
	if (!ncols) {
		errno = EINVAL;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		goto err;
	t->ncols = ncols;
	t->markup = calloc(ncols, 1);
	if (!t->markup)
		goto err;
	if (headers) {
		t->header = calloc(ncols, sizeof(*t->header));
		if (!t->header || cells_set(t, t->header, headers, NULL, NULL, 0))
			goto err;
	}
	return t;
err:
	table_free(t);
	errno = ENOMEM;
	return NULL;
}

void table_free(struct table *t)
{
	struct chunk *c, *next;

	if (!t)
		return;
	for (c = t->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	free(t->cells);
	free(t->header);
	free(t->markup);
	free(t);
}

void table_set_shared_rows(struct table *t, bool (*ready)(void *ctx))
{
	if (t)
		t->rows_ready = ready;
}

void table_set_markup(struct table *t, size_t col)
{
	if (col < t->ncols)
		t->markup[col] = 1;
}

static int add_row(struct table *t, const char *const *cells, int borrow)
{
	struct tcell *rows, *row;
	size_t nalloc;

	if (t->nrows == t->alloc) {
		nalloc = t->alloc ? t->alloc * 2 : 16;
		if (nalloc > SIZE_MAX / sizeof(*rows) / t->ncols)
			goto err;
		rows = mem_realloc_huge(t->cells, nalloc * t->ncols,
					sizeof(*rows));
		if (!rows)
			goto err;
		t->cells = rows;
		t->alloc = nalloc;
	}
	/* Never NULL here (rows are allocated before the first is
	 * added): said for the static analysers' sake. */
	if (!t->cells)
		goto err;
	row = t->cells + t->nrows * t->ncols;
	if (cells_set(t, row, cells, t->markup,
		      borrow && t->nrows ? row - t->ncols : NULL, borrow))
		goto err;
	t->nrows++;
	return 0;
err:
	errno = ENOMEM;
	return -1;
}

int table_add_row(struct table *t, const char *const *cells)
{
	return add_row(t, cells, 0);
}

int table_add_row_ref(struct table *t, const char *const *cells)
{
	return add_row(t, cells, 1);
}

/* Writes \xHH (byte) or \uHHHH (code point) for what a terminal must not
 * be given as it is. */
static void put_escape(struct strbuf *sb, uint32_t cp, int byte)
{
	if (byte)
		strbuf_addf(sb, "\\x%02x", (unsigned)cp);
	else
		strbuf_addf(sb, "\\u%04x", (unsigned)cp);
}

char *table_escape(const char *s, int keep_newlines)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = s ? strlen(s) : 0, n, run = 0, start;
	uint32_t cp;
	int nl;

	/* Runs of what is printed as it is are copied whole: most cells
	 * have nothing to escape. */
	start = textscan_term(s ? s : "", len, keep_newlines, &nl);
	strbuf_grow(&sb, len);
	for (size_t i = start; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		n = 1;
		if ((c >= 0x20 && c < 0x7f) || (c == '\n' && keep_newlines))
			continue;
		if (c >= 0x80 && (n = utf8_decode(s + i, len - i, &cp)) &&
		    !(cp >= 0x80 && cp <= 0x9f) && !textscan_reorders(cp))
			continue;
		strbuf_add(&sb, s + run, i - run);
		if (c == '\n') {
			strbuf_addstr(&sb, "\\n");
		} else if (c == '\r') {
			strbuf_addstr(&sb, "\\r");
		} else if (c == '\t') {
			/* A blank, as wide as it looks: a tab would jump to
			 * the next tab stop and break the columns. */
			strbuf_addch(&sb, ' ');
		} else if (c < 0x80) {
			put_escape(&sb, c, 1);	/* C0 and DEL */
		} else if (!n) {
			n = 1;
			put_escape(&sb, c, 1);
		} else {
			put_escape(&sb, cp, 0);
		}
		run = i + n;
	}
	strbuf_add(&sb, s + run, len - run);
	return strbuf_detach(&sb, NULL);
}

static const char *cell(const struct tcell *cells, size_t i)
{
	return cells[i].s;
}

static struct tcell *row_of(const struct table *t, size_t r)
{
	return t->cells + r * t->ncols;
}

static void put_blanks(FILE *f, int n)
{
	static const char blanks[] = "                                ";
	int k;

	while (n > 0) {
		k = n < (int)sizeof(blanks) - 1 ? n : (int)sizeof(blanks) - 1;
		fwrite(blanks, 1, (size_t)k, f);
		n -= k;
	}
}

/* A cell as the lines it prints: s split at its newlines, or first cut
 * or wrapped to cols (cols 0: as it is). */
struct lines {
	char *buf;		/* owned: the text, '\n' replaced by NULs */
	size_t size;
	const char **v;		/* owned: n lines into buf, or &one */
	size_t n;
	const char *one;	/* a cell of one line printed whole: itself */
};

/* Is s[0..n) (a CSI sequence) the SGR that ends every colour? */
static int sgr_reset(const char *s, size_t n)
{
	return (n == 3 && !memcmp(s, "\033[m", 3)) ||
	       (n == 4 && !memcmp(s, "\033[0m", 4));
}

/* A colour (SGR) that a wrap left open at the end of a line is closed
 * there and opened again on the next line, so that the blanks after it
 * and the cells beside it are never coloured. Only the program's own
 * markup holds escapes: other cells were escaped (table_escape). */
static void sgr_per_line(struct strbuf *out, const char *s, size_t len)
{
	const char *open = NULL;
	size_t open_len = 0, i = 0;

	while (i < len) {
		if (s[i] == '\n') {
			if (open)
				strbuf_addstr(out, "\033[m");
			strbuf_addch(out, '\n');
			if (open)
				strbuf_add(out, open, open_len);
			i++;
		} else if (s[i] == '\033' && i + 1 < len && s[i + 1] == '[') {
			size_t j = i + 2;

			while (j < len && ((unsigned char)s[j] < 0x40 ||
					   (unsigned char)s[j] > 0x7e))
				j++;
			j = j < len ? j + 1 : len;
			if (s[j - 1] == 'm') {
				open = sgr_reset(s + i, j - i) ? NULL : s + i;
				open_len = j - i;
			}
			strbuf_add(out, s + i, j - i);
			i = j;
		} else {
			strbuf_addch(out, s[i]);
			i++;
		}
	}
}

static int cell_width(struct tcell *c);

/* Does a cell of one line print as it is when cut or wrapped to cols?
 * When it fits: cut, it is whole; wrapped, it is whole but for trailing
 * blanks (none here) and the blanks of escapes (none either). */
static int prints_whole(struct tcell *c, int cols,
			enum table_overflow overflow)
{
	if (c->nl)
		return 0;
	if (!cols)
		return 1;
	if (overflow != TABLE_CUT &&
	    ((c->len && c->s[c->len - 1] == ' ') ||
	     memchr(c->s, '\033', c->len)))
		return 0;
	return cell_width(c) <= cols;
}

static int lines_make(struct lines *l, struct tcell *c, int cols,
		      enum table_overflow overflow)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = c->s;
	FILE *f;
	size_t k;
	int ret = -1;

	memset(l, 0, sizeof(*l));
	/* Printed whole and on one line, the usual case: the cell itself,
	 * without a copy. */
	if (prints_whole(c, cols, overflow)) {
		l->one = s;
		l->v = &l->one;
		l->n = 1;
		return 0;
	}
	f = open_memstream(&l->buf, &l->size);
	if (!f)
		goto out;
	if (cols && overflow != TABLE_CUT) {
		utf8_put_wrapped(f, s, cols, 0);
	} else if (cols) {
		/* Each line cut on its own: a newline continues the cell. */
		for (const char *p = s;; p++) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char *line = malloc(n + 1);

			if (!line) {
				fclose(f);
				goto out;
			}
			memcpy(line, p, n);
			line[n] = '\0';
			utf8_put_cut(f, line, cols);
			free(line);
			if (!nl)
				break;
			putc('\n', f);
			p = nl;
		}
	} else {
		fputs(s, f);
	}
	if (fclose(f) != 0)
		goto out;
	if (cols && memchr(l->buf, '\033', l->size)) {
		sgr_per_line(&sb, l->buf, l->size);
		free(l->buf);
		l->size = sb.len;
		l->buf = strbuf_detach(&sb, NULL);
	}
	l->n = 1;
	for (k = 0; k < l->size; k++)
		l->n += l->buf[k] == '\n';
	l->v = mem_calloc_huge(l->n, sizeof(*l->v));
	if (!l->v)
		goto out;
	l->v[0] = l->buf;
	for (size_t i = 0, j = 1; i < l->size; i++) {
		if (l->buf[i] == '\n') {
			l->buf[i] = '\0';
			l->v[j++] = l->buf + i + 1;
		}
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

static void lines_release(struct lines *l)
{
	free(l->buf);
	if (l->v != &l->one)
		free(l->v);
	memset(l, 0, sizeof(*l));
}

static const char *line_of(const struct lines *l, size_t k)
{
	return k < l->n ? l->v[k] : "";
}

/* Display width of the widest line of s. */
static int widest_line(const char *s)
{
	const char *nl;
	int w, best = 0;

	for (;;) {
		nl = strchr(s, '\n');
		w = nl ? utf8_width_n(s, (size_t)(nl - s)) : utf8_width(s);
		if (w > best)
			best = w;
		if (!nl)
			break;
		s = nl + 1;
	}
	return best;
}

/* The widest line of a cell, measured once. */
static int cell_width(struct tcell *c)
{
	if (c->width < 0)
		c->width = c->nl ? widest_line(c->s) :
			utf8_width_n(c->s, c->len);
	return c->width;
}

/* Display width of the widest word of s (words end at blanks and
 * newlines): how narrow TABLE_FIT may make its column. */
static int widest_word(const char *s)
{
	int best = 0;

	while (*s) {
		size_t n = strcspn(s, " \n");
		int w = utf8_width_n(s, n);

		if (w > best)
			best = w;
		s += n;
		if (*s)
			s++;
	}
	return best;
}

/* One row: a line per line of its tallest cell, so that a newline in a
 * cell continues that cell, under itself, and never starts what looks
 * like a row of its own. wrap[i] is the width column i is cut or
 * wrapped to (0: as it is). No trailing blanks. */
static int render_row(const struct table *t, struct tcell *cells,
		      FILE *f, struct out *out, const int *width,
		      const int *wrap, enum table_overflow overflow)
{
	struct lines *l;
	size_t i, k, height = 0, last;
	int ret = -1;

	/* Every cell printed as it is on one line, within its column, the
	 * usual case: no lines to split, and the widths are known. */
	for (i = 0; i < t->ncols; i++)
		if (!prints_whole(&cells[i], wrap[i], overflow) ||
		    (i + 1 < t->ncols && cell_width(&cells[i]) > width[i]))
			break;
	if (i == t->ncols) {
		last = t->ncols;
		while (last > 0 && !cells[last - 1].len)
			last--;
		/* Into out, written a block at a time: a write per cell
		 * and per run of blanks cost more than the rows' bytes.
		 * A cell's text stays until the table is freed: a long
		 * one is handed over from where it is (out.h). */
		for (i = 0; i < last; i++) {
			if (cells[i].len <= 32)
				out_write_short(out, cells[i].s, cells[i].len);
			else if (cells[i].copy)
				out_write(out, cells[i].s, cells[i].len);
			else
				out_write_ref(out, cells[i].s, cells[i].len);
			if (i + 1 < last) {
				/* At least SEP: the cell fits its column. */
				int gap = width[i] - cell_width(&cells[i]) + SEP;

				out_blanks(out, (size_t)gap);
			}
		}
		out_putc(out, '\n');
		return 0;
	}
	out_flush(out);
	l = calloc(t->ncols, sizeof(*l));
	if (!l)
		return -1;
	for (i = 0; i < t->ncols; i++) {
		if (lines_make(&l[i], &cells[i], wrap[i], overflow))
			goto out;
		if (l[i].n > height)
			height = l[i].n;
	}
	for (k = 0; k < height; k++) {
		last = t->ncols;
		while (last > 0 && !*line_of(&l[last - 1], k))
			last--;
		for (i = 0; i < last; i++) {
			if (i + 1 < last) {
				utf8_put_padded(f, line_of(&l[i], k), width[i]);
				put_blanks(f, SEP);
			} else {
				fputs(line_of(&l[i], k), f);
			}
		}
		putc('\n', f);
	}
	ret = 0;
out:
	for (i = 0; i < t->ncols; i++)
		lines_release(&l[i]);
	free(l);
	return ret;
}

/* Display width of the widest line of s once wrapped to cols, or -1
 * when out of memory. */
static int wrapped_width(const char *s, int cols)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	int w = -1;

	if (!f)
		return -1;
	utf8_put_wrapped(f, s, cols, 0);
	if (fclose(f) == 0)
		w = widest_line(buf);
	free(buf);
	return w;
}

/* Sum of the widths of every column but the last, each at most cap and
 * at least its widest word (TABLE_FIT). */
static long long narrowed(const struct table *t, const int *natural,
			  const int *minw, int cap, int *out)
{
	long long sum = 0;

	for (size_t i = 0; i + 1 < t->ncols; i++) {
		int w = natural[i] < cap ? natural[i] : cap;

		out[i] = w > minw[i] ? w : minw[i];
		sum += out[i];
	}
	return sum;
}

/* TABLE_FIT: narrows the columns before the last, widest first (none
 * below its widest word), until the last gets its fair share of limit:
 * a third, at least MIN_LAST, at most what it needs. natural holds the
 * widths as measured; minw is room for ncols (the drawing's block: an
 * allocation here, when it failed, left the table unfitted and said
 * nothing). */
static void fit(const struct table *t, int *width, const int *natural,
		int *minw, int limit)
{
	size_t i, r, last = t->ncols - 1;
	long long others = 0, budget;
	int fair, lo = 0, hi = 0;

	for (i = 0; i < last; i++) {
		others += width[i] + SEP;
		if (width[i] > hi)
			hi = width[i];
		minw[i] = 0;
		if (t->header)
			minw[i] = widest_word(cell(t->header, i));
		for (r = 0; r < t->nrows; r++) {
			int w = widest_word(cell(row_of(t, r), i));

			if (w > minw[i])
				minw[i] = w;
		}
	}
	fair = limit / 3;
	if (fair < MIN_LAST)
		fair = MIN_LAST;
	if (fair > width[last])
		fair = width[last];
	if (others + fair <= limit)
		return;
	budget = (long long)limit - fair - (long long)SEP * (long long)last;
	/* The largest cap that fits the budget (0 when even the narrowest
	 * columns do not: the table is then wider than the limit). */
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if (narrowed(t, natural, minw, mid, width) <= budget)
			lo = mid;
		else
			hi = mid - 1;
	}
	narrowed(t, natural, minw, lo, width);
	/* Wrapped at blanks, a column may need less than its cap: what it
	 * does not use goes to the last. */
	for (i = 0; i < last; i++) {
		int used = 0, w;

		if (width[i] >= natural[i])
			continue;
		if (t->header)
			used = wrapped_width(cell(t->header, i), width[i]);
		for (r = 0; used >= 0 && r < t->nrows; r++) {
			w = wrapped_width(cell(row_of(t, r), i), width[i]);
			used = w < 0 ? -1 : w > used ? w : used;
		}
		if (used > 0 && used < width[i])
			width[i] = used;
	}
}

/* The last few borrowed cells of a column, whole and measured, by
 * pointer: a column's words (a deadline, a department) recur, the same
 * string row after row, not always in a row, and are neither scanned
 * nor measured again. */
#define SEEN 64

static struct tcell *seen_cell(struct tcell *seen, const char *src)
{
	return &seen[((uintptr_t)src >> 3) % SEEN];
}

/* c's width, from or into the column's cache when c is borrowed. */
static int measure(struct tcell *c, struct tcell *seen)
{
	struct tcell *k;

	if (c->src && c->width < 0) {
		k = seen_cell(seen, c->src);
		if (k->src == c->src) {
			c->width = k->width;
		} else {
			cell_width(c);
			*k = *c;
		}
	}
	return cell_width(c);
}

/* Cell i of a row given by a row function, into c: from the column's
 * cache seen when it is there, else set and measured (and cached, when
 * borrowed). 0 or -1. */
static int row_cell(struct table *t, struct tcell *c, const char *src,
		    size_t i, int kept, struct tcell *seen)
{
	struct tcell *k = kept && src ? seen_cell(seen, src) : NULL;

	if (k && k->src == src) {
		*c = *k;
		return 0;
	}
	/* A transient cell is used before the row asked for next
	 * replaces it: borrowed, not copied into the arena, which grew by
	 * every transient row's cells twice (history's rows: 2.5 MB at
	 * 1 000 entries). */
	if (cell_set(t, c, src, t->markup[i], 1))
		return -1;
	c->copy = !kept && c->s == src;
	c->src = kept ? src : NULL;
	cell_width(c);
	if (k)
		*k = *c;
	return 0;
}

/* A cell of a row drawn as given, not measured (table_render_rows): a
 * transient one borrowed for this row only, as row_cell does. */
static int stream_cell(struct table *t, struct tcell *c, const char *src,
		       size_t i, int kept)
{
	if (cell_set(t, c, src, t->markup[i], 1))
		return -1;
	c->copy = !kept && c->s == src;
	return 0;
}

/* Does the layout need the last column measured, every row kept? */
static int fits(int limit, enum table_overflow overflow)
{
	return limit > 0 && overflow == TABLE_FIT;
}

/* The columns' widths (width, natural: ncols each, width[i] already the
 * widest of column i for i < measured) laid out for limit: fitted when
 * asked, and wrap[i], what column i is cut or wrapped to (0: as it is). */
static void layout(const struct table *t, int *width, int *natural,
		   int *wrap, int *minw, int limit,
		   enum table_overflow overflow)
{
	long long start = 0;
	size_t i;
	int w;

	for (i = 0; i < t->ncols; i++)
		natural[i] = width[i];
	if (limit < 0)
		limit = 0;
	if (fits(limit, overflow))
		fit(t, width, natural, minw, limit);
	/* Where the last column starts: every other column plus blanks. */
	for (i = 0; i + 1 < t->ncols && start < INT_MAX; i++) {
		start += width[i] + SEP;
		/* A narrowed column wraps its cells to its width. */
		wrap[i] = width[i] < natural[i] ? width[i] : 0;
	}
	if (start > INT_MAX)
		start = INT_MAX;
	if (limit) {
		w = limit - (int)start;
		wrap[t->ncols - 1] = w < MIN_LAST ? MIN_LAST : w;
	}
}

/* The columns to measure: the last is never padded, and its width is
 * needed only to fit the table to a terminal. */
const char table_unmeasured[] = "";

static size_t measured(const struct table *t, int limit,
		       enum table_overflow overflow)
{
	return fits(limit, overflow) ? t->ncols : t->ncols - 1;
}

/* A table being drawn: its columns' widths (measured, then laid out),
 * what each is cut or wrapped to; the rows gathered for output are in a
 * struct out of their own, kept apart from the widths (a function given
 * it could, for the static analysers, have changed what was beside it). */
struct drawing {
	int *width, *natural, *wrap, *minw;
};

/* 0, or -1 when out of memory for a few ints: there is nothing sensible
 * to print, and the caller sees no output rather than a garbled table.
 * drawing_end either way. */
static int drawing_begin(struct drawing *dr, const struct table *t)
{
	/* One block: width, natural, wrap and minw (fit's), ncols each. */
	dr->width = calloc(4 * t->ncols, sizeof(*dr->width));
	dr->natural = dr->width ? dr->width + t->ncols : NULL;
	dr->wrap = dr->width ? dr->width + 2 * t->ncols : NULL;
	dr->minw = dr->width ? dr->width + 3 * t->ncols : NULL;
	return dr->width ? 0 : -1;
}

/* The header's widths, measured before the rows' (the first ncols
 * columns). */
static void measure_header(struct drawing *dr, const struct table *t,
			   size_t ncols)
{
	for (size_t i = 0; t->header && i < ncols; i++)
		dr->width[i] = cell_width(&t->header[i]);
}

/* A row (the header: t->header, NULL for none) into the drawing. */
static int drawing_row(const struct drawing *dr, const struct table *t,
		       struct tcell *cells, FILE *f, struct out *out,
		       enum table_overflow overflow)
{
	return cells ? render_row(t, cells, f, out, dr->width, dr->wrap,
				  overflow) : 0;
}

static void drawing_end(struct drawing *dr, struct out *out)
{
	out_free(out);
	free(dr->width);
}

int table_render(const struct table *t, FILE *f, int limit,
		 enum table_overflow overflow)
{
	struct drawing dr;
	struct out *out = out_new(f);
	struct tcell *seen = calloc(SEEN, sizeof(*seen));
	size_t i, r, ncols = measured(t, limit, overflow);
	int w, ret = -1;

	if (drawing_begin(&dr, t) || !out || !seen)
		goto err;
	measure_header(&dr, t, ncols);
	for (i = 0; i < ncols; i++) {
		memset(seen, 0, SEEN * sizeof(*seen));
		for (r = 0; r < t->nrows; r++) {
			w = measure(&row_of(t, r)[i], seen);
			if (w > dr.width[i])
				dr.width[i] = w;
		}
	}
	layout(t, dr.width, dr.natural, dr.wrap, dr.minw, limit, overflow);
	if (drawing_row(&dr, t, t->header, f, out, overflow))
		goto err;
	for (r = 0; r < t->nrows; r++)
		if (drawing_row(&dr, t, row_of(t, r), f, out, overflow))
			goto err;
	ret = 0;
err:
	drawing_end(&dr, out);
	free(seen);
	return ret;
}

/* Fitted to a terminal, the layout looks at every cell of every column
 * more than once: the rows are kept, and the table drawn as it is. */
static int render_kept(struct table *t, FILE *f, int limit,
		       enum table_overflow overflow, size_t nrows,
		       table_row_fn *row, void *ctx, const char **src)
{
	for (size_t r = 0; r < nrows; r++) {
		int kind;

		src[t->ncols - 1] = NULL;	/* not table_unmeasured */
		kind = row(ctx, r, src);
		if (kind < 0 || add_row(t, src, kind == TABLE_ROW_KEPT))
			return -1;
	}
	return table_render(t, f, limit, overflow);
}

/* The second reading of a table's shared rows, on two threads: what
 * every run reads, and the first failure. */
struct rows_job {
	struct table *t;
	const struct drawing *dr;
	table_row_fn *row;
	void *ctx;
	size_t ncols;		/* measured columns */
	enum table_overflow overflow;
	atomic_bool failed;
};

/* Row r of the second reading drawn to out (rows of several lines to
 * f), with cells, src and seen (a memo per measured column: SEEN cells
 * each) the caller's scratch: 0, or -1 when the row or a cell failed. */
static int draw_one_row(const struct rows_job *job, size_t r,
			struct tcell *cells, const char **src,
			struct tcell *seen, FILE *f, struct out *out)
{
	struct table *t = job->t;
	int kind;

	src[t->ncols - 1] = NULL;	/* not table_unmeasured */
	kind = job->row(job->ctx, r, src);
	if (kind < 0)
		return -1;
	for (size_t i = 0; i < t->ncols; i++)
		if (i < job->ncols ?
		    row_cell(t, &cells[i], src[i], i, kind == TABLE_ROW_KEPT,
			     seen + i * SEEN) :
		    stream_cell(t, &cells[i], src[i], i,
				kind == TABLE_ROW_KEPT))
			return -1;
	return drawing_row(job->dr, t, cells, f, out, job->overflow);
}

/* A FILE whose bytes go to a struct out (fopencookie): render_row's
 * rows of several lines, which it writes to a FILE, in their place
 * among the rows it writes to the out. */
static ssize_t out_cookie_write(void *cookie, const char *buf, size_t n)
{
	out_write(cookie, buf, n);
	return (ssize_t)n;
}

/* Rows [from, to) drawn to o (split_fn), each with scratch of the run's
 * own. */
static void draw_rows_run(struct out *o, size_t from, size_t to, void *arg)
{
	struct rows_job *job = arg;
	struct table *t = job->t;
	cookie_io_functions_t io = { .write = out_cookie_write };
	struct tcell *seen = calloc(t->ncols * SEEN, sizeof(*seen));
	struct tcell *cells = calloc(t->ncols, sizeof(*cells));
	const char **src = calloc(t->ncols, sizeof(*src));
	FILE *f = fopencookie(o, "w", io);

	if (!seen || !cells || !src || !f ||
	    setvbuf(f, NULL, _IONBF, 0) != 0)
		goto fail;
	for (size_t r = from; r < to; r++)
		if (draw_one_row(job, r, cells, src, seen, f, o))
			goto fail;
	goto out;
fail:
	atomic_store(&job->failed, true);
out:
	if (f)
		fclose(f);
	free(seen);
	free(cells);
	free(src);
}

/* The second reading of shared rows (table_set_shared_rows) on two
 * threads: 0, or -1 when a row failed (the rows drawn stop there or
 * have a gap: out of memory, as a failed drawing of one thread). */
static int draw_rows_shared(struct rows_job *job, struct out *out,
			    size_t nrows)
{
	struct table *t = job->t;

	if (pthread_mutex_init(&t->lock, NULL) != 0)
		return -1;
	t->locking = true;
	split_draw(out, nrows, ROWS_SPLIT_MIN, ROWS_SPLIT_CHUNK,
		   draw_rows_run, job);
	t->locking = false;
	(void)pthread_mutex_destroy(&t->lock);
	return atomic_load(&job->failed) ? -1 : 0;
}

int table_render_rows(struct table *t, FILE *f, int limit,
		      enum table_overflow overflow, size_t nrows,
		      table_row_fn *row, void *ctx)
{
	struct drawing dr;
	struct out *out = out_new(f);
	struct tcell *seen = calloc(t->ncols * SEEN, sizeof(*seen));
	struct tcell *cells = calloc(t->ncols, sizeof(*cells));
	const char **src = calloc(t->ncols, sizeof(*src));
	size_t i, r, ncols = measured(t, limit, overflow);
	struct rows_job job;
	int kind, ret = -1;

	if (drawing_begin(&dr, t) || !out || !seen || !cells || !src)
		goto err;
	if (t->nrows || fits(limit, overflow)) {
		ret = render_kept(t, f, limit, overflow, nrows, row, ctx, src);
		goto err;
	}
	/* The rows twice, none kept: measured, then drawn. */
	measure_header(&dr, t, ncols);
	for (r = 0; r < nrows; r++) {
		src[t->ncols - 1] = ncols < t->ncols ? table_unmeasured : NULL;
		kind = row(ctx, r, src);
		if (kind < 0)
			goto err;
		for (i = 0; i < ncols; i++) {
			if (row_cell(t, &cells[i], src[i], i,
				     kind == TABLE_ROW_KEPT, seen + i * SEEN))
				goto err;
			if (cells[i].width > dr.width[i])
				dr.width[i] = cells[i].width;
		}
	}
	layout(t, dr.width, dr.natural, dr.wrap, dr.minw, limit, overflow);
	if (drawing_row(&dr, t, t->header, f, out, overflow))
		goto err;
	job = (struct rows_job){ t, &dr, row, ctx, ncols, overflow, false };
	if (t->rows_ready && nrows >= split_least(ROWS_SPLIT_MIN) &&
	    t->rows_ready(ctx)) {
		ret = draw_rows_shared(&job, out, nrows);
		goto err;
	}
	for (r = 0; r < nrows; r++)
		if (draw_one_row(&job, r, cells, src, seen, f, out))
			goto err;
	ret = 0;
err:
	drawing_end(&dr, out);
	free(seen);
	free(cells);
	free(src);
	return ret;
}
