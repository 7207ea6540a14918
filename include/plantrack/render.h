/* render.h: the report (report.h) as data: CSV tables and JSON.
 *
 * The document formats (text, md, html, docx, odt) draw the report as a
 * document: report_doc.h builds it, doc.h draws it. These two formats
 * carry the facts for programs and spreadsheets instead. Renderers only
 * format: every number, flag and verdict comes computed in the struct
 * report. Each writes to f and returns 0, or -1 if writing failed.
 *
 *   csv   RFC 4180, UTF-8, CRLF: a header row, then one row per item of
 *         the table chosen; the caller writes a BOM if it wants one
 *   json  one document, schema in docs/report-json.md
 */
#ifndef PLANTRACK_RENDER_H
#define PLANTRACK_RENDER_H

#include <stdio.h>

#include "plantrack/report.h"

/* The tables of --format csv (--table NAME). */
enum render_table {
	TABLE_TASKS,		/* one row per (task, lead department) */
	TABLE_INDICATORS,	/* one row per indicator */
	TABLE_PROPOSALS,	/* one row per proposal recorded in the period */
	TABLE_DIFFICULTIES,	/* one row per difficulty recorded in the period */
	TABLE_SUBMISSIONS,	/* one row per department's report (--internal) */
	TABLE_SECTIONS,		/* one row per text of a prose section */
	N_RENDER_TABLES
};

/* "tasks", "indicators", ...; render_table_parse returns 0 or -1. */
const char *render_table_name(enum render_table t);
int render_table_parse(const char *s, enum render_table *out);

int render_csv(const struct report *r, enum render_table t, FILE *f);
int render_json(const struct report *r, FILE *f);

#endif
