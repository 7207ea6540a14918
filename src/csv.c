/* csv.c: CSV fields and records (csv.h). */
#include <string.h>

#include "plantrack/csv.h"

/* What a spreadsheet would start a formula with. */
static int formula_start(char c)
{
	return c && strchr("=+-@\t\r", c) != NULL;
}

void csv_put_field(FILE *f, const char *s)
{
	const char *q;
	int guard, quote;

	if (!s)
		s = "";
	guard = formula_start(*s);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		putc('"', f);
	if (guard)
		putc('\'', f);
	/* Written in runs up to each quote, which is doubled: most fields
	 * have none, and a write per byte costs more than the copy. */
	while (quote && (q = strchr(s, '"'))) {
		fwrite(s, 1, (size_t)(q - s) + 1, f);
		putc('"', f);
		s = q + 1;
	}
	fputs(s, f);
	if (quote)
		putc('"', f);
}

void csv_put_record(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		csv_put_field(f, fields[i]);
	}
	fputs("\r\n", f);
}
