/* csv.c: CSV fields and records (csv.h). */
#include <string.h>

#include "plantrack/csv.h"

/* What a spreadsheet would start a formula with. */
static int formula_start(char c)
{
	return c && strchr("=+-@\t\r", c) != NULL;
}

void csv_put_field(struct out *f, const char *s)
{
	const char *q;
	int guard, quote;

	if (!s)
		s = "";
	guard = formula_start(*s);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		out_putc(f, '"');
	if (guard)
		out_putc(f, '\'');
	/* Written in runs up to each quote, which is doubled: most fields
	 * have none, and a write per byte costs more than the copy. */
	while (quote && (q = strchr(s, '"'))) {
		out_write(f, s, (size_t)(q - s) + 1);
		out_putc(f, '"');
		s = q + 1;
	}
	out_puts(f, s);
	if (quote)
		out_putc(f, '"');
}

void csv_put_record(struct out *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			out_putc(f, ',');
		csv_put_field(f, fields[i]);
	}
	out_puts(f, "\r\n");
}
