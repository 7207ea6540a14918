/* table.h: column layout for terminal tables, by display width.
 *
 * Build a table of cells (copied), then render it. Column widths are the
 * widest cell (by display columns, not bytes). The last column is the
 * flexible one: with a total width limit it is cut with "…" (TABLE_CUT) or
 * wrapped under itself (TABLE_WRAP); with limit 0 it is printed whole.
 */
#ifndef PLANTRACK_TABLE_H
#define PLANTRACK_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum table_overflow { TABLE_CUT, TABLE_WRAP };

struct table;

/* ncols columns, with header titles (may be NULL for no header row).
 * Returns NULL on ENOMEM. Free with table_free (NULL is fine). */
struct table *table_new(size_t ncols, const char *const *headers);
void table_free(struct table *t);
/* Appends a row of ncols cells (NULL cells print empty). 0 or -1. */
int table_add_row(struct table *t, const char *const *cells);
/* Writes the table; columns separated by two spaces; no trailing blanks.
 * limit is the total width in columns (0: unlimited). */
void table_render(const struct table *t, FILE *f, int limit,
		  enum table_overflow overflow);

#endif
