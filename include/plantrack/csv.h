/* csv.h: CSV (RFC 4180) that is safe to open in a spreadsheet: every CSV
 * plantrack writes goes through here.
 *
 * A record ends with CRLF. A field is quoted when it holds a comma, a
 * quote, CR or LF, with quotes doubled. A field that starts with =, +, -,
 * @, a tab or CR, which Excel, LibreOffice and Google Sheets would take
 * for a formula (=HYPERLINK(...) sends data away when clicked), gets a
 * leading ' (OWASP's advice on CSV injection): the spreadsheet then shows
 * the text as written. Nothing else is changed; the JSON output is the
 * place for the exact text.
 */
#ifndef PLANTRACK_CSV_H
#define PLANTRACK_CSV_H

#include <stddef.h>

#include "plantrack/out.h"

/* One field (NULL: empty), without a separator. */
void csv_put_field(struct out *f, const char *s);
/* n fields separated by commas, then CRLF. */
void csv_put_record(struct out *f, const char *const *fields, size_t n);

#endif
