/* csv.c: CSV fields and records (csv.h). */
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "plantrack/csv.h"
#include "plantrack/textscan.h"

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

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Whether a byte of the word w is c: its high bit set in the result
 * when one is (and maybe above it, where a borrow runs on; never when
 * none is). */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (c * ONES);

	return (x - ONES) & ~x & HIGHS;
}

static inline uint64_t special_bytes(uint64_t w)
{
	return has_byte(w, ',') | has_byte(w, '"') | has_byte(w, '\r') |
	       has_byte(w, '\n');
}

/* Whether s[0..len) holds a comma, a quote, CR or LF: sixteen bytes at
 * a time, the last sixteen overlapping those before; a field of 4 to 15
 * bytes (a date, a code, a name) as two words that overlap, eight or
 * four bytes each. No byte outside s is read. */
static int needs_quotes(const char *s, size_t len)
{
	size_t i = 0;

#if defined(__SSE2__)
	if (len >= 16) {
		const __m128i comma = _mm_set1_epi8(','),
			quote = _mm_set1_epi8('"');
		const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

		for (;;) {
			__m128i x, m;

			if (len - i < 16)
				i = len - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)
					    (s + i));
			m = _mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(x, comma),
					     _mm_cmpeq_epi8(x, quote)),
				_mm_or_si128(_mm_cmpeq_epi8(x, cr),
					     _mm_cmpeq_epi8(x, lf)));
			if (_mm_movemask_epi8(m))
				return 1;
			i += 16;
			if (i == len)
				return 0;
		}
	}
#else
	/* Eight bytes at a time, the last eight overlapping those before;
	 * up to sixteen, the two words below see every byte. */
	if (len > 16) {
		uint64_t w;

		for (;;) {
			if (len - i < 8)
				i = len - 8;
			memcpy(&w, s + i, 8);
			if (special_bytes(w))
				return 1;
			i += 8;
			if (i == len)
				return 0;
		}
	}
#endif
	if (len >= 8) {
		uint64_t a, b;

		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
		return (special_bytes(a) | special_bytes(b)) != 0;
	}
	if (len >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		return special_bytes(a | (uint64_t)b << 32) != 0;
	}
	for (; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

void csv_put_field(struct out *f, const char *s)
{
	const char *q = NULL;
	size_t len;
	unsigned facts;
	int guard, quote;

	if (!s)
		s = "";
	/* A text of the model whose facts say it needs no quotes
	 * (textscan.h) is written from where it is, unread. */
	if (textfacts_get(s, &len, &facts) &&
	    (facts & (TEXTFACT_CSV | TEXTFACT_NO_DQUOTE))) {
		/* Quoted for its comma, CR or LF, it is only enclosed: a
		 * task's description is most often one sentence with a
		 * comma. */
		quote = !(facts & TEXTFACT_CSV);
		if (quote)
			out_putc(f, '"');
		if (formula_start(*s))
			out_putc(f, '\'');
		out_write_ref(f, s, len);
		if (quote)
			out_putc(f, '"');
		return;
	}
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
