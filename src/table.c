/* table.c: terminal tables laid out by display width.
 *
 * Cells are kept as written and measured at render time, so that widths
 * follow the LC_CTYPE in force when the table is printed.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/table.h"
#include "plantrack/utf8.h"

#define SEP		2	/* blanks between columns */
#define MIN_LAST	10	/* the flexible column never gets less */

struct table {
	size_t ncols;
	char **header;		/* ncols cells, or NULL: no header row */
	char ***rows;		/* nrows rows of ncols cells (NULL: empty) */
	size_t nrows;
	size_t alloc;
};

static void cells_free(char **cells, size_t n)
{
	size_t i;

	if (!cells)
		return;
	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

static char **cells_dup(const char *const *src, size_t n)
{
	char **cells;
	size_t i;

	cells = calloc(n, sizeof(*cells));
	if (!cells)
		goto err;
	for (i = 0; i < n; i++) {
		if (!src[i])
			continue;
		cells[i] = strdup(src[i]);
		if (!cells[i])
			goto err;
	}
	return cells;
err:
	cells_free(cells, n);
	errno = ENOMEM;
	return NULL;
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
	if (headers) {
		t->header = cells_dup(headers, ncols);
		if (!t->header)
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
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows; i++)
		cells_free(t->rows[i], t->ncols);
	free(t->rows);
	cells_free(t->header, t->ncols);
	free(t);
}

int table_add_row(struct table *t, const char *const *cells)
{
	char ***rows;
	char **row;
	size_t nalloc;

	if (t->nrows == t->alloc) {
		nalloc = t->alloc ? t->alloc * 2 : 16;
		if (nalloc > SIZE_MAX / sizeof(*rows))
			goto err;
		rows = realloc(t->rows, nalloc * sizeof(*rows));
		if (!rows)
			goto err;
		t->rows = rows;
		t->alloc = nalloc;
	}
	row = cells_dup(cells, t->ncols);
	if (!row)
		goto err;
	t->rows[t->nrows++] = row;
	return 0;
err:
	errno = ENOMEM;
	return -1;
}

static const char *cell(char *const *cells, size_t i)
{
	return cells[i] ? cells[i] : "";
}

static void put_blanks(FILE *f, int n)
{
	while (n-- > 0)
		putc(' ', f);
}

static void render_row(const struct table *t, char *const *cells, FILE *f,
		       const int *width, int start, int limit,
		       enum table_overflow overflow)
{
	size_t i, last = t->ncols;
	int lastw;

	/* Blanks after the last non-empty cell would be trailing blanks. */
	while (last > 0 && !*cell(cells, last - 1))
		last--;
	for (i = 0; i < last; i++) {
		if (i + 1 < last) {
			utf8_put_padded(f, cell(cells, i), width[i]);
			put_blanks(f, SEP);
		} else if (i + 1 < t->ncols || !limit) {
			fputs(cell(cells, i), f);
		} else {
			lastw = limit - start;
			if (lastw < MIN_LAST)
				lastw = MIN_LAST;
			if (overflow == TABLE_WRAP)
				utf8_put_wrapped(f, cell(cells, i), lastw,
						 start);
			else
				utf8_put_cut(f, cell(cells, i), lastw);
		}
	}
	putc('\n', f);
}

void table_render(const struct table *t, FILE *f, int limit,
		  enum table_overflow overflow)
{
	long long start = 0;
	int *width;
	size_t i, r;
	int w;

	/* Out of memory for a few ints: there is nothing sensible to print,
	 * and the caller sees no output rather than a garbled table. */
	width = calloc(t->ncols, sizeof(*width));
	if (!width)
		goto err;
	for (i = 0; i < t->ncols; i++) {
		if (t->header) {
			w = utf8_width(cell(t->header, i));
			if (w > width[i])
				width[i] = w;
		}
		for (r = 0; r < t->nrows; r++) {
			w = utf8_width(cell(t->rows[r], i));
			if (w > width[i])
				width[i] = w;
		}
	}
	/* Where the last column starts: every other column plus blanks. */
	for (i = 0; i + 1 < t->ncols && start < INT_MAX; i++)
		start += width[i] + SEP;
	if (start > INT_MAX)
		start = INT_MAX;
	if (limit < 0)
		limit = 0;
	if (t->header)
		render_row(t, t->header, f, width, (int)start, limit,
			   overflow);
	for (r = 0; r < t->nrows; r++)
		render_row(t, t->rows[r], f, width, (int)start, limit,
			   overflow);
err:
	free(width);
}
