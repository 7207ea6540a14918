/* ics.h: iCalendar (RFC 5545) content lines.
 *
 * Every line is written with CRLF and folded so that no line is longer
 * than 75 octets, never inside a UTF-8 sequence (3.1); TEXT values are
 * escaped (3.3.11). What the lines say is the caller's business.
 */
#ifndef PLANTRACK_ICS_H
#define PLANTRACK_ICS_H

#include <stddef.h>
#include <stdio.h>

#include "plantrack/strbuf.h"

#define ICS_LINE_MAX 75	/* octets per physical line, CRLF excluded */

/* Writes one logical line line[0..len) folded, each physical line ended
 * by CRLF. */
void ics_fold(FILE *f, const char *line, size_t len);
/* Appends text escaped as a TEXT value: \\ \; \, and \n for a newline
 * (CRLF or LF); other control characters except tab are dropped. */
void ics_escape(struct strbuf *sb, const char *text);
/* "NAME:VALUE", the value written as is (dates, UIDs, enumerations). */
void ics_prop(FILE *f, const char *name, const char *value);
/* "NAME:TEXT" with the text escaped. */
void ics_text(FILE *f, const char *name, const char *text);

#endif
