/* render.h: the report (report.h) in each output format.
 *
 * Renderers only format: every number, flag and verdict comes computed in
 * the struct report, so all formats carry the same facts. Each writes the
 * whole document to f and returns 0, or -1 if writing failed (ferror).
 *
 *   text  for a terminal: columns aligned by display width, long text
 *         wrapped, no line wider than RENDER_TEXT_WIDTH columns
 *   md    Markdown (GitHub-flavoured tables, <br> inside cells)
 *   csv   RFC 4180, UTF-8, CRLF: a header row, then one row per (task,
 *         lead department); the caller writes a BOM if it wants one
 *   json  one document, schema in docs/report-json.md
 *   html  one self-contained HTML5 page for A4 landscape: inline CSS, no
 *         script, no external resource
 */
#ifndef PLANTRACK_RENDER_H
#define PLANTRACK_RENDER_H

#include <stdio.h>

#include "plantrack/report.h"

#define RENDER_TEXT_WIDTH 100

int render_text(const struct report *r, FILE *f);
int render_md(const struct report *r, FILE *f);
int render_csv(const struct report *r, FILE *f);
int render_json(const struct report *r, FILE *f);
int render_html(const struct report *r, FILE *f);

#endif
