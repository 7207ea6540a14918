/* table.h: column layout for terminal tables, by display width, and
 * text a terminal cannot be fooled by.
 *
 * Build a table of cells (copied, escaped with table_escape), then render
 * it. Column widths are the widest line of a cell (by display columns, not
 * bytes). A newline in a cell continues that cell on the next line, under
 * itself: never a row of its own. The last column is the flexible one:
 * with a total width limit it is cut with "…" (TABLE_CUT, each of its
 * lines) or wrapped under itself (TABLE_WRAP); with limit 0 it is printed
 * whole. TABLE_FIT wraps the other columns too where the last would
 * otherwise be left a sliver (a terminal of 80 columns and a table whose
 * first columns take 70): they are narrowed, widest first and never below
 * their longest word, until the last has a fair share of the width (a
 * third, at least 10 columns); nothing is ever cut. A colour of markup
 * (table_set_markup) that a wrap splits is closed at the end of each line
 * and opened again on the next.
 */
#ifndef PLANTRACK_TABLE_H
#define PLANTRACK_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum table_overflow { TABLE_CUT, TABLE_WRAP, TABLE_FIT };

struct table;

/* ncols columns, with header titles (may be NULL for no header row).
 * Returns NULL on ENOMEM. Free with table_free (NULL is fine). */
struct table *table_new(size_t ncols, const char *const *headers);
void table_free(struct table *t);
/* Column col holds the program's own markup (colour escapes, color.h):
 * its cells are copied as they are, not escaped, so any text from a file
 * in them must go through table_escape first. Before adding rows. */
void table_set_markup(struct table *t, size_t col);
/* Appends a row of ncols cells (NULL cells print empty). 0 or -1. */
int table_add_row(struct table *t, const char *const *cells);
/* As table_add_row, but a cell with nothing to escape is not copied:
 * the table keeps the caller's pointer, so every string of cells must
 * stay unchanged until table_free. A cell that is the same pointer as
 * the one above it is taken from there, neither scanned nor measured
 * again: pass a column's few distinct values (status words, dates)
 * formatted once. 0 or -1. */
int table_add_row_ref(struct table *t, const char *const *cells);
/* Writes the table; columns separated by two spaces; no trailing blanks.
 * limit is the total width in columns (0: unlimited). 0, or -1 when out
 * of memory (what was drawn before stays written). */
int table_render(const struct table *t, FILE *f, int limit,
		 enum table_overflow overflow);

/* A row of a table drawn by table_render_rows: row fills cells[0..ncols)
 * (NULL cells print empty) and says for how long they hold: for the whole
 * drawing (TABLE_ROW_KEPT: borrowed as table_add_row_ref borrows them) or
 * until its next call (TABLE_ROW_TRANSIENT: copied when kept); -1 stops
 * the drawing (out of memory). */
enum { TABLE_ROW_TRANSIENT, TABLE_ROW_KEPT };
typedef int table_row_fn(void *ctx, size_t r, const char **cells);
/* What cells[ncols - 1] holds when table_render_rows asks row for a row
 * to measure it and does not measure the last column (never padded, it
 * is measured only to fit a terminal): row may leave that cell unmade,
 * as it is not read. Every other call finds NULL there. A history line's
 * change is a third of drawing it. */
extern const char table_unmeasured[];
/* Writes the nrows rows row gives, as table_add_row(_ref) of each and
 * table_render would, without keeping them: row is asked for each row
 * twice, once to measure the columns and once to print, so it must give
 * the same cells both times. Fitted to a terminal (limit > 0 and
 * TABLE_FIT), or on a table with rows already added, the rows are kept
 * (the fit looks at every cell more than once). A table of 100 000 tasks
 * then costs no memory for its cells. 0, or -1 when out of memory or
 * when row said so (what was drawn before stays written). */
int table_render_rows(struct table *t, FILE *f, int limit,
		      enum table_overflow overflow, size_t nrows,
		      table_row_fn *row, void *ctx);
/* For table_render_rows: once every row has been asked for (measured),
 * ready(ctx) says whether row may now be asked for any row again from
 * two threads at once, only reading ctx and giving the cells it gave
 * before; then a long table's rows are drawn on two (split.h). */
void table_set_shared_rows(struct table *t, bool (*ready)(void *ctx));

/* A copy of s (NULL: "") that is safe to print on a terminal, as ls -q
 * and git's quoting make names: control characters are written \r,
 * \x1b (bytes), C1 controls and the characters that reorder or hide text
 * (bidi embeddings, overrides, isolates and marks, U+2028, U+2029)
 * \u202e, bytes that are not UTF-8 \xff; a tab becomes a blank; a
 * newline stays (keep_newlines) or is written \n. Everything else,
 * backslashes included, is kept. Caller frees. */
char *table_escape(const char *s, int keep_newlines);

#endif
