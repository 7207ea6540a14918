/* textscan.c: the prefix of a string that needs no escaping (textscan.h).
 *
 * One table of byte classes per use says what a byte starts: printable
 * ASCII, a two- or three-byte character that is printed as it is when
 * well formed, or something to look at closely.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

enum { K_SLOW, K_ASCII, K_TWO, K_THREE };

/* Classes shared by both uses for bytes >= 0x80: C3-DF (but D8) lead
 * two bytes of nothing to escape, E1 E3-EC EE EF three (every
 * continuation pair is a valid character, none of them a control or
 * bidi character); the rest is looked at closely. */
static unsigned char high_class(unsigned c)
{
	if (c >= 0xc3 && c <= 0xdf && c != 0xd8)
		return K_TWO;
	if (c == 0xe1 || (c >= 0xe3 && c <= 0xec) || c == 0xee || c == 0xef)
		return K_THREE;
	return K_SLOW;
}

static unsigned char json_class[256], term_class[256];
/* Made once, by whichever thread first scans (a report's long tables
 * are drawn on two). */
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;
static atomic_bool classes_ready;

static void classes_make(void)
{
	for (unsigned c = 0; c < 256; c++) {
		if (c < 0x80) {
			json_class[c] = c < 0x20 || c == '"' || c == '\\' ?
				K_SLOW : K_ASCII;
			term_class[c] = c < 0x20 || c == 0x7f ?
				K_SLOW : K_ASCII;
		} else {
			json_class[c] = term_class[c] = high_class(c);
		}
	}
	/* JSON keeps C1 controls and U+061C as they are. */
	json_class[0xc2] = json_class[0xd8] = K_TWO;
	atomic_store_explicit(&classes_ready, true, memory_order_release);
}

static inline void classes_init(void)
{
	if (!atomic_load_explicit(&classes_ready, memory_order_acquire))
		(void)pthread_once(&classes_once, classes_make);
}

int textscan_reorders(unsigned long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

#if !defined(__SSE2__)
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Bytes of the eight at u that need no look (printable ASCII for the
 * use, loaded little-endian): 0..8. A borrow or carry only ever marks a
 * byte above one already marked, and only the first mark counts. */
static size_t clean_ascii(const unsigned char *u, int json)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w, m;

	memcpy(&w, u, sizeof(w));
	if (json) {
		uint64_t q = w ^ ((uint64_t)'"' * ONES);
		uint64_t b = w ^ ((uint64_t)'\\' * ONES);

		/* High bit, below 0x20, '"', '\\'. */
		m = (w | ((w - 0x20 * ONES) & ~w) | ((q - ONES) & ~q) |
		     ((b - ONES) & ~b)) & HIGHS;
	} else {
		/* High bit, below 0x20, DEL. */
		m = (w | ~(w + 0x60 * ONES) |
		     ~((w ^ (0x7f * ONES)) + 0x7f * ONES)) & HIGHS;
	}
	return m ? utf8_clean_prefix(m) : 8;
#else
	(void)u;
	(void)json;
	return 0;
#endif
}
#endif

static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* One character at i (len - i > 0) judged the careful way: its length
 * when it is kept as it is, 0 when it is not. */
static size_t step(const char *s, size_t i, size_t len, int json,
		   int keep_newlines, int *nl)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *cls = json ? json_class : term_class;
	size_t n;
	uint32_t cp;

	switch (cls[u[i]]) {
	case K_ASCII:
		return 1;
	case K_TWO:
		return len - i >= 2 && cont(u[i + 1]) ? 2 : 0;
	case K_THREE:
		return len - i >= 3 && cont(u[i + 1]) && cont(u[i + 2]) ? 3 : 0;
	default:
		if (!json && u[i] == '\n' && keep_newlines) {
			*nl = 1;
			return 1;
		}
		if (u[i] < 0x80)
			return 0;
		/* E2 (arrows, dashes, quotes; also what reorders) and C2
		 * (C1 controls, no-break space) are common: decoded here. */
		if ((u[i] == 0xe2 || u[i] == 0xc2) && len - i >= 2 &&
		    cont(u[i + 1]) &&
		    (u[i] == 0xc2 || (len - i >= 3 && cont(u[i + 2])))) {
			if (u[i] == 0xc2)
				return json || u[i + 1] >= 0xa0 ? 2 : 0;
			cp = 0x2000u | (uint32_t)(u[i + 1] & 0x3f) << 6 |
			     (u[i + 2] & 0x3fu);
			return cp == 0x2028 || cp == 0x2029 ||
			       (!json && textscan_reorders(cp)) ? 0 : 3;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (!n || cp == 0x2028 || cp == 0x2029)
			return 0;
		if (!json && ((cp >= 0x80 && cp <= 0x9f) ||
			      textscan_reorders(cp)))
			return 0;
		return n;
	}
}

#if defined(__SSE2__)
#include <emmintrin.h>

#define B(c)		_mm_set1_epi8((char)(c))
#define EQ(v, c)	_mm_cmpeq_epi8((v), B(c))
/* Unsigned v >= c, a byte at a time. */
#define GE(v, c)	_mm_cmpeq_epi8(_mm_max_epu8((v), B(c)), (v))

/* Where a block is, for what text_block reads around it. */
enum { BLOCK_INSIDE, BLOCK_FIRST, BLOCK_LAST };

/* The bytes of the sixteen at x that the scan for the use (json, or a
 * terminal keeping newlines or not) must look at closely, as a mask (bit
 * k: x[k]); for a terminal keeping them, *newlines gets the newlines'.
 * Inside the text x[-2..18) are read; the first block of a text reads
 * x[0..18) and takes the two bytes before it for 'A', the last x[-2..16)
 * and the two after it; 'A' neither needs nor wants a continuation. A
 * byte is flagged when it is a control (for a terminal also DEL; a
 * newline is one unless kept), for JSON '"' or '\\', a continuation byte
 * no lead wants or a byte that is not one where a lead wants one, a lead
 * no well-formed character starts with (C0, C1, F5-FF), a lead whose next
 * bytes make the character ill-formed (E0 80-9F: too long, ED A0-BF: a
 * surrogate) or U+2028, U+2029 (E2 80 A8, E2 80 A9), or a lead of four
 * bytes (F0-F4: rare, so left to step). For a terminal, also what it must
 * not be given as it is: C1 controls (C2 80-9F), U+061C (D8 9C), and what
 * reorders text (E2 80 8E-8F, E2 80 AA-AE, E2 81 A6-A9). A character that
 * needs escaping has a flagged byte in it or just after it (a cut one:
 * the byte after it is not the continuation it wants). */
static inline __attribute__((always_inline)) unsigned
text_block(const unsigned char *x, int where, int json, int keep_newlines,
	   unsigned *newlines)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)x);
	const __m128i a = B('A');
	__m128i p1, p2, bad, rare, n1, n2, ctl, e2;
	unsigned m;

	if (where == BLOCK_FIRST) {
		p1 = _mm_or_si128(_mm_slli_si128(v, 1), _mm_srli_si128(a, 15));
		p2 = _mm_or_si128(_mm_slli_si128(v, 2), _mm_srli_si128(a, 14));
	} else {
		p1 = _mm_loadu_si128((const __m128i *)(const void *)(x - 1));
		p2 = _mm_loadu_si128((const __m128i *)(const void *)(x - 2));
	}
	ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, B(0x1f)), v);
	if (json) {
		bad = _mm_or_si128(ctl, _mm_or_si128(EQ(v, '"'),
						     EQ(v, '\\')));
	} else {
		if (keep_newlines) {
			*newlines = (unsigned)_mm_movemask_epi8(EQ(v, '\n'));
			ctl = _mm_andnot_si128(EQ(v, '\n'), ctl);
		}
		bad = _mm_or_si128(ctl, EQ(v, 0x7f));
	}
	/* Signed, 80-BF are the only bytes below (char)0xc0. Leads of four
	 * bytes are flagged, so the third byte before never counts. */
	bad = _mm_or_si128(bad, _mm_xor_si128(_mm_cmplt_epi8(v, B(0xc0)),
		_mm_or_si128(GE(p1, 0xc0), GE(p2, 0xe0))));
	bad = _mm_or_si128(bad, _mm_or_si128(GE(v, 0xf0),
		_mm_cmpeq_epi8(_mm_and_si128(v, B(0xfe)), B(0xc0))));
	rare = _mm_or_si128(EQ(v, 0xe0), _mm_or_si128(EQ(v, 0xe2),
						       EQ(v, 0xed)));
	if (!json)
		rare = _mm_or_si128(rare, _mm_or_si128(EQ(v, 0xc2),
						       EQ(v, 0xd8)));
	m = (unsigned)_mm_movemask_epi8(bad);
	if (!_mm_movemask_epi8(rare))
		return m;
	/* E0, E2 and ED (for a terminal C2 and D8 too) are flagged for what
	 * follows them only: E2 starts the dashes and quotation marks of
	 * ordinary text, C2 the no-break space. */
	if (where == BLOCK_LAST) {
		n1 = _mm_or_si128(_mm_srli_si128(v, 1), _mm_slli_si128(a, 15));
		n2 = _mm_or_si128(_mm_srli_si128(v, 2), _mm_slli_si128(a, 14));
	} else {
		n1 = _mm_loadu_si128((const __m128i *)(const void *)(x + 1));
		n2 = _mm_loadu_si128((const __m128i *)(const void *)(x + 2));
	}
	e2 = _mm_and_si128(EQ(v, 0xe2), EQ(n1, 0x80));
	rare = _mm_or_si128(
		_mm_andnot_si128(GE(n1, 0xa0), EQ(v, 0xe0)),
		_mm_or_si128(_mm_and_si128(GE(n1, 0xa0), EQ(v, 0xed)),
			     _mm_and_si128(e2, EQ(_mm_and_si128(n2, B(0xfe)),
						  0xa8))));
	if (!json) {
		/* C2 80-9F; D8 9C; E2 80 8E-8F and AA-AE; E2 81 A6-A9. */
		rare = _mm_or_si128(rare, _mm_or_si128(
			_mm_andnot_si128(GE(n1, 0xa0), EQ(v, 0xc2)),
			_mm_and_si128(EQ(v, 0xd8), EQ(n1, 0x9c))));
		rare = _mm_or_si128(rare, _mm_and_si128(e2, _mm_or_si128(
			EQ(_mm_and_si128(n2, B(0xfe)), 0x8e),
			_mm_and_si128(GE(n2, 0xaa),
				      _mm_cmpeq_epi8(_mm_min_epu8(n2, B(0xae)),
						     n2)))));
		rare = _mm_or_si128(rare, _mm_and_si128(
			_mm_and_si128(EQ(v, 0xe2), EQ(n1, 0x81)),
			_mm_and_si128(GE(n2, 0xa6),
				      _mm_cmpeq_epi8(_mm_min_epu8(n2, B(0xa9)),
						     n2))));
	}
	return m | (unsigned)_mm_movemask_epi8(rare);
}
#undef GE
#undef EQ
#undef B

/* The first byte at or after i that the use cannot take as it is (i at
 * a character boundary, s[0..i) clean), stepping a character at a time
 * up to and including the one at byte stop; or the boundary after it. */
static size_t steps(const char *s, size_t i, size_t stop, size_t len,
		    int json, int keep_newlines, int *nl, int *found)
{
	size_t n;

	*found = 1;
	while (i < len && i <= stop) {
		n = step(s, i, len, json, keep_newlines, nl);
		if (!n)
			return i;
		i += n;
	}
	*found = i >= len;
	return i;
}

/* Sixteen bytes at a time, from the first: text_block says where to look
 * closely, and step decides there. No byte outside s[0..len) is read:
 * the first block of a text takes what would come before it for 'A', the
 * last one overlaps the one before it (its bytes already passed are not
 * looked at again), and a block that is both, in a text shorter than 18
 * bytes, where 16 or 17 are left or from the second byte, is read from a
 * copy padded with 'A'. Short texts (codes, dates, names) are most of
 * what list and history scan: a block, not a byte at a time, for them
 * too. */
static inline __attribute__((always_inline)) size_t
scan_blocks(const char *s, size_t len, int json, int keep_newlines, int *nl)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char pad[2 + 16 + 2];
	size_t i = 0, k, base, before, n;
	unsigned m, newlines = 0;
	int found;

	classes_init();
	while (i < len) {
		base = i;
		if (len - i >= 18 && i != 1) {
			m = text_block(u + i, i ? BLOCK_INSIDE : BLOCK_FIRST,
				       json, keep_newlines, &newlines);
		} else if (len - i < 16 && len >= 18) {
			base = len - 16;
			m = text_block(u + base, BLOCK_LAST, json,
				       keep_newlines, &newlines) &
			    (~0u << (i - base));
		} else {
			before = i < 2 ? i : 2;
			n = len - i < 18 ? len - i : 18;
			memset(pad, 'A', sizeof(pad));
			memcpy(pad + 2 - before, u + i - before, before + n);
			m = text_block(pad + 2, BLOCK_INSIDE, json,
				       keep_newlines, &newlines);
		}
		if (!m) {
			/* Passed: a newline in it is in the clean text. */
			if (newlines)
				*nl = 1;
			i = base + 16;
			continue;
		}
		/* From the start of the character before the first flagged
		 * byte, which may be one cut short: every character that ends
		 * before that one is clean. */
		k = base + (unsigned)__builtin_ctz(m);
		if (newlines & ((1u << (k - base)) - 1))
			*nl = 1;
		if (k > len)
			k = len;
		n = k ? k - 1 : 0;
		while (n > 0 && (u[n] & 0xc0) == 0x80)
			n--;
		i = steps(s, n, k, len, json, keep_newlines, nl, &found);
		if (found)
			return i;
	}
	/* A block read past the end of s as 'A' has seen a character cut
	 * at the end; one that ended exactly there has not. */
	if (i > len || len == 0)
		return len;
	k = len;
	while (k > 0 && len - k < 3 && (u[k - 1] & 0xc0) == 0x80)
		k--;
	if (k > 0 && u[k - 1] >= 0xc0)
		k--;
	return steps(s, k, len, len, json, keep_newlines, nl, &found);
}

size_t textscan_json(const char *s, size_t len)
{
	int nl;

	return scan_blocks(s, len, 1, 0, &nl);
}

size_t textscan_term(const char *s, size_t len, int keep_newlines, int *nl)
{
	*nl = 0;
	/* Constant arguments: a block test made for each use. */
	return keep_newlines ? scan_blocks(s, len, 0, 1, nl) :
			       scan_blocks(s, len, 0, 0, nl);
}
#else
/* Without SSE2: eight bytes of ASCII at a time, or a character. */
static size_t scan(const char *s, size_t len, int json, int keep_newlines,
		   int *nl)
{
	size_t i = 0, n;

	classes_init();
	while (i < len) {
		/* Runs of ASCII, as in keys and codes, eight bytes at a
		 * time. */
		if (len - i >= 8 &&
		    (n = clean_ascii((const unsigned char *)s + i, json))) {
			i += n;
			continue;
		}
		n = step(s, i, len, json, keep_newlines, nl);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

size_t textscan_json(const char *s, size_t len)
{
	int nl;

	return scan(s, len, 1, 0, &nl);
}

size_t textscan_term(const char *s, size_t len, int keep_newlines, int *nl)
{
	*nl = 0;
	return scan(s, len, 0, keep_newlines, nl);
}
#endif

/* ---- text facts ---- */

static const char *facts_lo, *facts_hi;

int textfacts_md_clean(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t': case '\n': case '\r': case '&': case '<':
		case '>': case '|': case '*': case '_': case '`': case '[':
		case ']': case '~': case '\\': case '#':
			return 0;
		case ' ':
			if (i && s[i - 1] == ' ')
				return 0;
			break;
		default:
			break;
		}
	}
	return 1;
}

void textfacts_head(unsigned char head[TEXTFACTS_HEAD], const char *s,
		    size_t len)
{
	uint32_t n = (uint32_t)len;
	uint16_t w[2] = { 0, 0 };
	int nl, widest, word;
	unsigned f = 0;

	if (textscan_term(s, len, 1, &nl) == len)
		f |= TEXTFACT_TERM;
	if (textscan_json(s, len) == len)
		f |= TEXTFACT_JSON;
	/* The byte facts in one pass (a snapshot's save, not a read). */
	f |= TEXTFACT_CSV | TEXTFACT_ASCII | TEXTFACT_NO_DQUOTE |
		TEXTFACT_HTML;
	if (textfacts_md_clean(s, len))
		f |= TEXTFACT_MD;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&' || c == '<' || c == '>' || c == '"' ||
		    c == '\'' || c == '\r')
			f &= ~(unsigned)TEXTFACT_HTML;
		if (c == '\n')
			f |= TEXTFACT_NL;
		if (c == '"')
			f &= ~(unsigned)TEXTFACT_NO_DQUOTE;
		if (c == ',' || c == '"' || c == '\r' || c == '\n')
			f &= ~(unsigned)TEXTFACT_CSV;
		if (c < 0x20 || c > 0x7e)
			f &= ~(unsigned)TEXTFACT_ASCII;
	}
	if (utf8_measure_words_simple(s, len, &widest, &word) &&
	    widest >= 0 && widest <= UINT16_MAX && word >= 0 &&
	    word <= UINT16_MAX) {
		f |= TEXTFACT_WIDTHS;
		w[0] = (uint16_t)widest;
		w[1] = (uint16_t)word;
	}
	memcpy(head + (TEXTFACTS_HEAD + TEXTFACTS_AT_WIDEST), &w[0],
	       sizeof(w[0]));
	memcpy(head + (TEXTFACTS_HEAD + TEXTFACTS_AT_WORD), &w[1],
	       sizeof(w[1]));
	head[TEXTFACTS_HEAD + TEXTFACTS_AT_MORE] =
		(unsigned char)(f >> TEXTFACT_MORE_SHIFT);
	head[TEXTFACTS_HEAD + TEXTFACTS_AT_NUL] = 0;
	head[TEXTFACTS_HEAD + TEXTFACTS_AT_FLAGS] =
		(unsigned char)(TEXTFACT_TAG | (f & TEXTFACT_ALL));
	memcpy(head + (TEXTFACTS_HEAD + TEXTFACTS_AT_LEN), &n, sizeof(n));
}

void textfacts_region(const void *lo, size_t n)
{
	facts_lo = n ? lo : NULL;
	facts_hi = n ? (const char *)lo + n : NULL;
}

int textfacts_get(const char *s, size_t *len, unsigned *flags)
{
	uint32_t n;

	/* Compared as addresses: s may be any string of the program. */
	if ((uintptr_t)s < (uintptr_t)facts_lo + TEXTFACTS_HEAD ||
	    (uintptr_t)s >= (uintptr_t)facts_hi)
		return 0;
	if (s[TEXTFACTS_AT_NUL] ||
	    ((unsigned char)s[TEXTFACTS_AT_FLAGS] & ~TEXTFACT_ALL) !=
	    TEXTFACT_TAG ||
	    ((unsigned)(unsigned char)s[TEXTFACTS_AT_MORE] <<
	     TEXTFACT_MORE_SHIFT & ~(unsigned)TEXTFACT_MORE_ALL))
		return 0;
	/* The NUL at s[n] is not looked at: the head says where it is,
	 * and reading it would cost the end of every long text a cache
	 * miss. Lengths are bounded by the region all the same. */
	memcpy(&n, s + TEXTFACTS_AT_LEN, sizeof(n));
	if (n >= (uintptr_t)facts_hi - (uintptr_t)s)
		return 0;
	*len = n;
	*flags = ((unsigned char)s[TEXTFACTS_AT_FLAGS] & TEXTFACT_ALL) |
		 (unsigned)(unsigned char)s[TEXTFACTS_AT_MORE] <<
		 TEXTFACT_MORE_SHIFT;
	return 1;
}

size_t textfacts_strlen(const char *s)
{
	size_t len;
	unsigned facts;

	return textfacts_get(s, &len, &facts) ? len : strlen(s);
}

int textfacts_widths(const char *s, size_t *len, unsigned *flags,
		     int *widest, int *word)
{
	uint16_t w;

	if (!textfacts_get(s, len, flags) || !(*flags & TEXTFACT_WIDTHS) ||
	    !utf8_fast_letters())
		return 0;
	memcpy(&w, s + TEXTFACTS_AT_WIDEST, sizeof(w));
	*widest = w;
	memcpy(&w, s + TEXTFACTS_AT_WORD, sizeof(w));
	*word = w;
	return 1;
}
