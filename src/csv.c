/* csv.c: CSV fields and records (csv.h). */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "plantrack/csv.h"

/* What a spreadsheet would start a formula with. */
static int formula_start(char c)
{
	switch (c) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		return 1;
	default:
		return 0;
	}
}

/* Whether s[0..len) holds a comma, a quote, CR or LF: sixteen bytes at
 * a time, then the few left one by one. Most fields are a few bytes (a
 * date, a code, a figure), so one pass without a call per byte class. */
static int needs_quotes(const char *s, size_t len)
{
	size_t i = 0;

#if defined(__SSE2__)
	const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

	for (; len - i >= 16; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
					    (s + i));
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(x, comma),
				     _mm_cmpeq_epi8(x, quote)),
			_mm_or_si128(_mm_cmpeq_epi8(x, cr),
				     _mm_cmpeq_epi8(x, lf)));

		if (_mm_movemask_epi8(m))
			return 1;
	}
#endif
	for (; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

void csv_put_field(struct out *f, const char *s)
{
	const char *q = NULL;
	size_t len;
	int guard, quote;

	if (!s)
		s = "";
	len = strlen(s);
	guard = formula_start(*s);
	quote = needs_quotes(s, len);
	if (quote) {
		out_putc(f, '"');
		q = memchr(s, '"', len);
	}
	if (guard)
		out_putc(f, '\'');
	/* Written in runs up to each quote, which is doubled: most fields
	 * have none, and a write per byte costs more than the copy. */
	while (q) {
		out_write(f, s, (size_t)(q - s) + 1);
		out_putc(f, '"');
		len -= (size_t)(q - s) + 1;
		s = q + 1;
		q = memchr(s, '"', len);
	}
	out_write(f, s, len);
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
