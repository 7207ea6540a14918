/* utf8.c: UTF-8 validation, NFC (libunistring) and display width
 * (wcwidth under the current LC_CTYPE). */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <uninorm.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"

/* Length of the well-formed sequence at s[0..len) (len >= 1), or 0 if it
 * is ill-formed; *cp receives the code point. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t v, min;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] < 0xe0) {
		n = 2;
		v = s[0] & 0x1fu;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] < 0xf0) {
		n = 3;
		v = s[0] & 0x0fu;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] < 0xf5) {
		n = 4;
		v = s[0] & 0x07u;
		min = 0x10000;
	} else {
		/* A continuation byte, an overlong lead (C0, C1), or a lead
		 * beyond U+10FFFF. */
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	uint32_t dummy;

	if (!len)
		return 0;
	return decode((const unsigned char *)s, len, cp ? cp : &dummy);
}

/* The bytes of the word w equal to c, as their high bits. w and c must be
 * ASCII (high bits clear), so that no addition carries into the next
 * byte. */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define BYTE_EQ(w, c)	(~(((w) ^ ((c) * ONES)) + 0x7f * ONES) & HIGHS)

/* Code points that are in NFC whatever surrounds them: canonical
 * combining class 0, NFC_Quick_Check=Yes, and never the second of a pair
 * that composes (UAX #15). A string made only of these is NFC as it is,
 * so the common text, Vietnamese included, needs no normalised copy. Only
 * blocks assigned in full are listed: a character encoded later could
 * have a combining class. tests/unit/test_utf8.c checks every one against
 * libunistring.
 *   U+0000-02FF  ASCII to Latin Extended-B: ă â đ ơ ư
 *   U+1E00-1EFF  Latin Extended Additional: ạ ả ấ ... ỹ
 *   U+2010-2027  dashes, quotation marks, bullet, ellipsis
 *   U+2030-205E  per mille ... (not U+2000-200F: spaces and singletons,
 *                nor U+2028-202F: separators)
 *   U+20A0-20C0  currency signs: ₫ */
static inline int stable_cp(uint32_t cp)
{
	return cp < 0x0300 || (cp >= 0x1e00 && cp <= 0x1eff) ||
	       (cp >= 0x2010 && cp <= 0x2027) ||
	       (cp >= 0x2030 && cp <= 0x205e) ||
	       (cp >= 0x20a0 && cp <= 0x20c0);
}

/* The character at u[0..rest) (rest >= 1), which is not printable ASCII:
 * adds what it is to *fl and returns its length, or returns 0 if it is
 * ill-formed. The common Vietnamese letters come first, and need neither
 * a decode nor a look at the flags: two bytes (leads C3-CB) and three in
 * U+1E00-1EFF (E1 B8-BB). */
static inline size_t scan_one(const unsigned char *u, size_t rest,
			      unsigned *fl)
{
	unsigned char c = u[0], c1;
	uint32_t cp;

	/* C3-CB xx: U+00C0-02FF, letters with or without their marks. */
	if (c - 0xc3u <= 0xcbu - 0xc3u && rest >= 2 && (u[1] & 0xc0) == 0x80)
		return 2;
	/* E1 B8-BB xx: U+1E00-1EFF. */
	if (c == 0xe1 && rest >= 3 && (u[1] & 0xfc) == 0xb8 &&
	    (u[2] & 0xc0) == 0x80)
		return 3;
	if (c < 0x80) {
		if (c != '\t' && c != '\n')
			*fl |= UTF8_CONTROLS;
		return 1;
	}
	if (c < 0xc2)
		return 0;	/* a continuation byte, an overlong lead */
	if (rest < 2 || (u[1] & 0xc0) != 0x80)
		return 0;
	if (c < 0xe0) {
		/* C2 80-9F are the C1 controls; from U+0300 (lead CC) on,
		 * combining marks. */
		if (c == 0xc2 && u[1] < 0xa0)
			*fl |= UTF8_CONTROLS;
		if (c >= 0xcc)
			*fl |= UTF8_UNSTABLE;
		return 2;
	}
	if (c < 0xf0) {
		if (rest < 3 || (u[2] & 0xc0) != 0x80)
			return 0;
		c1 = u[1];
		if ((c == 0xe0 && c1 < 0xa0) ||	/* overlong */
		    (c == 0xed && c1 >= 0xa0))	/* surrogates */
			return 0;
		cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(c1 & 0x3f) << 6 |
		     (u[2] & 0x3fu);
		if (!stable_cp(cp))
			*fl |= UTF8_UNSTABLE;
		return 3;
	}
	/* Four bytes, none of them stable; or ill-formed. */
	if (!decode(u, rest, &cp))
		return 0;
	*fl |= UTF8_UNSTABLE;
	return 4;
}

/* The characters from i up to end (the last may run past it, up to len)
 * one at a time: where they end, or the offset of the first byte that
 * is not UTF-8, which is below end. */
static size_t scan_bytes(const unsigned char *u, size_t i, size_t end,
			 size_t len, unsigned *fl)
{
	size_t n;

	while (i < end) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			i++;
			continue;
		}
		if (!(n = scan_one(u + i, len - i, fl)))
			break;
		i += n;
	}
	return i;
}

#ifdef __SSE2__
size_t utf8_scan(const char *s, size_t len, unsigned *flags)
{
	const unsigned char *u = (const unsigned char *)s;
	const __m128i space1 = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
	const __m128i nl = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t');
	unsigned fl = 0, m;
	size_t i = 0, base, at, n;
	__m128i v, plain;

	/* Sixteen bytes at a time: the mask marks the bytes that are not
	 * plain text (printable ASCII, tab, newline), and each is taken as
	 * the start of a character unless the one before it covered it.
	 * Vietnamese text has a letter with a diacritic every few bytes, so
	 * the window is not left for each one. */
	while (len - i >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* Signed: the bytes from 0x80 on are below 0x1f. */
		plain = _mm_andnot_si128(_mm_cmpeq_epi8(v, del),
					 _mm_cmpgt_epi8(v, space1));
		plain = _mm_or_si128(plain, _mm_or_si128(_mm_cmpeq_epi8(v, nl),
							 _mm_cmpeq_epi8(v, tab)));
		m = ~(unsigned)_mm_movemask_epi8(plain) & 0xffffu;
		base = i;
		i += 16;
		while (m) {
			at = base + (size_t)__builtin_ctz(m);
			if (!(n = scan_one(u + at, len - at, &fl))) {
				i = at;
				goto out;
			}
			/* The next character starts at at + n, perhaps in
			 * the next window: the bytes before it are done. */
			at += n;
			if (at >= i) {
				i = at;
				break;
			}
			m &= ~0u << (at - base);
		}
	}
	/* The tail a byte at a time. */
	i = scan_bytes(u, i, len, len, &fl);
out:
	*flags = fl;
	return i;
}
#else
size_t utf8_scan(const char *s, size_t len, unsigned *flags)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned fl = 0;
	size_t i = 0, end;
	uint64_t w, odd;

	while (i < len) {
		/* ASCII eight bytes at a time: files are mostly ASCII (keys,
		 * indentation, codes, dates). Tab and newline are the only
		 * controls that stay on this path. */
		while (len - i >= sizeof(w)) {
			memcpy(&w, u + i, sizeof(w));	/* no alignment assumed */
			if (w & HIGHS)
				break;
			/* Bytes below 0x20 (adding 0x60 leaves their high bit
			 * clear) but tab and newline; DEL. */
			odd = (~(w + 0x60 * ONES) & HIGHS &
			       ~(BYTE_EQ(w, '\n') | BYTE_EQ(w, '\t'))) |
			      BYTE_EQ(w, 0x7f);
			if (odd)
				break;
			i += sizeof(w);
		}
		/* Then a character at a time through the word that stopped
		 * it, and only then words again: in Vietnamese text, most
		 * words hold a letter with a diacritic. */
		end = len - i > sizeof(w) ? i + sizeof(w) : len;
		if ((i = scan_bytes(u, i, end, len, &fl)) < end)
			break;	/* a byte that is not UTF-8 */
	}
	*flags = fl;
	return i;
}
#endif

int utf8_valid(const char *s, size_t len, size_t *bad)
{
	unsigned flags;
	size_t n = utf8_scan(s, len, &flags);

	if (n == len)
		return 1;
	if (bad)
		*bad = n;
	return 0;
}

char *utf8_to_nfc(const char *s, size_t len, size_t *outlen)
{
	uint8_t *r = NULL;
	char *out = NULL;
	size_t n = 0;

	if (!utf8_valid(s, len, NULL)) {
		errno = EILSEQ;
		goto err;
	}
	if (len) {
		r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len,
				 NULL, &n);
		if (!r)
			goto err;
	}
	/* Callers use the result as a C string: add the NUL. */
	out = malloc(n + 1);
	if (!out)
		goto err;
	if (n)
		memcpy(out, r, n);
	out[n] = '\0';
	if (outlen)
		*outlen = n;
err:
	free(r);
	return out;
}

int utf8_nfc_stable(uint32_t cp)
{
	return stable_cp(cp);
}

int utf8_is_nfc(const char *s, size_t len)
{
	unsigned flags;
	size_t n;
	char *nfc;
	int ret = 0;

	if (utf8_scan(s, len, &flags) != len)
		goto out;
	if (!(flags & UTF8_UNSTABLE)) {
		ret = 1;
		goto out;
	}
	/* Out of memory reads as "not NFC": callers then fail to convert. */
	nfc = utf8_to_nfc(s, len, &n);
	if (!nfc)
		goto out;
	ret = n == len && memcmp(nfc, s, len) == 0;
	free(nfc);
out:
	return ret;
}

/* A continuation byte, 10xxxxxx: every other byte starts a character. */
#define IS_CONT(b) (((unsigned char)(b) & 0xc0) == 0x80)

size_t utf8_advance(const char *s, size_t len, size_t chars)
{
	size_t i = 0, n = 0;

	/* Sixteen bytes at a time while they cannot hold more characters
	 * than are left to pass: then on to the next lead byte, past the
	 * continuation bytes of the last character counted. */
	while (chars - n >= 16 && len - i >= 16) {
#ifdef __SSE2__
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
					    (s + i));
		/* Signed, the lead bytes are from -64 up: a 1 each, summed
		 * by the sums of absolute differences of each half. */
		__m128i lead = _mm_and_si128(
			_mm_cmpgt_epi8(v, _mm_set1_epi8(-65)),
			_mm_set1_epi8(1));
		__m128i sum = _mm_sad_epu8(lead, _mm_setzero_si128());

		n += (size_t)_mm_cvtsi128_si32(sum) +
		     (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
#else
		size_t k;

		for (k = 0; k < 16; k++)
			n += !IS_CONT(s[i + k]);
#endif
		i += 16;
		while (i < len && IS_CONT(s[i]))
			i++;
	}
	for (; n < chars && i < len; n++)
		while (++i < len && IS_CONT(s[i]))
			;
	return i;
}

void utf8_position(const char *s, size_t off, unsigned long *line,
		   unsigned long *col)
{
	unsigned long l = 1, c = 1;
	size_t i;

	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xc0) != 0x80) {
			c++;	/* a lead byte starts a character */
		}
	}
	if (line)
		*line = l;
	if (col)
		*col = c;
}

/* Widths of the code points of the Basic Multilingual Plane already asked
 * of wcwidth, plus one (0: not asked yet). Widths follow the charset of
 * LC_CTYPE alone, which i18n_init makes UTF-8 before anything is shown; a
 * width is kept only once it is UTF-8's (MB_CUR_MAX above 1), so that one
 * measured under "C" before then is asked again. A report measures every
 * word of every cell, mostly of the same few hundred letters. */
#define WIDTH_CACHED 0x10000
/* Atomic (relaxed: a width asked twice is the same width): a report's
 * long tables are drawn on two threads. */
static _Atomic unsigned char width_cache[WIDTH_CACHED];

/* Columns of one code point: control characters (wcwidth -1) take none. */
static int cp_width_asked(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w < 0)
		w = 0;
	if (cp < WIDTH_CACHED && MB_CUR_MAX > 1)
		atomic_store_explicit(&width_cache[cp], (unsigned char)(w + 1),
				      memory_order_relaxed);
	return w;
}

static inline int cp_width(uint32_t cp)
{
	unsigned char k = cp < WIDTH_CACHED ?
		atomic_load_explicit(&width_cache[cp], memory_order_relaxed) : 0;

	if (k)
		return k - 1;
	return cp_width_asked(cp);
}

/* Length of the character at s[0..len) (len >= 1) together with the
 * zero-width characters (combining marks) that follow it, which must never
 * be separated from it; *w receives its width. A byte that is not UTF-8
 * counts as one column, as terminals show it as one replacement glyph. */
static size_t cluster(const char *s, size_t len, int *w)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	uint32_t cp;

	/* A CSI escape (colour, color.h) shows nothing and must never be
	 * cut: one cluster of no columns, up to its final byte. */
	if (len > 1 && u[0] == 0x1b && u[1] == '[') {
		for (i = 2; i < len && (u[i] < 0x40 || u[i] > 0x7e); i++)
			;
		*w = 0;
		return i < len ? i + 1 : len;
	}
	n = decode(u, len, &cp);
	if (!n) {
		*w = 1;
		return 1;
	}
	*w = cp_width(cp);
	for (i = n; i < len; i += n) {
		n = decode(u + i, len - i, &cp);
		if (!n || wcwidth((wchar_t)cp) != 0)
			break;
	}
	return i;
}

/* The unit of display at s[0..len) (len >= 1): printable ASCII, a CSI
 * escape, a character, or a byte that is not UTF-8 (as cluster() counts
 * them). Returns its length and sets *w. Units add up to the columns
 * clusters do, and a prefix of units cut where the next does not fit
 * never parts a character from the marks after it (they take no columns,
 * so they fit wherever it did): counting by units spares each character
 * the look at the next one. */
static inline size_t unit(const char *s, size_t len, int *w)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	uint32_t cp;

	if (u[0] >= 0x20 && u[0] < 0x7f) {
		*w = 1;
		return 1;
	}
	if (len > 1 && u[0] == 0x1b && u[1] == '[') {
		for (i = 2; i < len && (u[i] < 0x40 || u[i] > 0x7e); i++)
			;
		*w = 0;
		return i < len ? i + 1 : len;
	}
	n = decode(u, len, &cp);
	if (!n) {
		*w = 1;
		return 1;
	}
	*w = cp_width(cp);
	return n;
}

/* Columns of s[0..len), counted until they pass max (then any number
 * above it). */
/* One unit of s[i..len) measured: the letters of Vietnamese, two and
 * three bytes, decoded here; anything else as unit() measures it.
 * Returns its length and adds its columns to *total. */
static inline size_t width_unit(const unsigned char *u, size_t i, size_t len,
				long *total)
{
	unsigned char c = u[i];
	int w;

	if (c >= 0x20 && c < 0x7f) {
		*total += 1;
		return 1;
	}
	if (c >= 0xc2 && c < 0xe0 && len - i >= 2 &&
	    (u[i + 1] & 0xc0) == 0x80) {
		*total += cp_width((uint32_t)(c & 0x1f) << 6 |
				   (u[i + 1] & 0x3fu));
		return 2;
	}
	if (c >= 0xe1 && c < 0xf0 && c != 0xed && len - i >= 3 &&
	    (u[i + 1] & 0xc0) == 0x80 && (u[i + 2] & 0xc0) == 0x80) {
		*total += cp_width((uint32_t)(c & 0x0f) << 12 |
				   (uint32_t)(u[i + 1] & 0x3f) << 6 |
				   (u[i + 2] & 0x3fu));
		return 3;
	}
	i = unit((const char *)u + i, len - i, &w);
	*total += w;
	return i;
}

/* Columns of s[0..len), counted until they pass max (then any number
 * above it). */
static long width_upto(const char *s, size_t len, long max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	unsigned k;
	long total = 0;
	uint64_t word;

	/* Printable ASCII eight bytes at a time, a column each; flagged, a
	 * byte with its high bit set, below 0x20, or DEL, and what comes
	 * before the first of them is printable: skipped, then one unit. */
	while (len - i >= sizeof(word) && total <= max) {
		memcpy(&word, u + i, sizeof(word));
		word = (word | ~(word + 0x60 * ONES) |
			~((word ^ (0x7f * ONES)) + 0x7f * ONES)) & HIGHS;
		if (!word) {
			total += (long)sizeof(word);
			i += sizeof(word);
			continue;
		}
		k = utf8_clean_prefix(word);
		total += k;
		i += k;
		i += width_unit(u, i, len, &total);
	}
	if (total > max)
		return total;
	/* The last few bytes (most words are fewer than eight), a unit at
	 * a time. */
	while (i < len)
		i += width_unit(u, i, len, &total);
	return total;
}

int utf8_width_n(const char *s, size_t len)
{
	long total = s ? width_upto(s, len, INT_MAX) : 0;

	return total > INT_MAX ? INT_MAX : (int)total;
}

int utf8_width_upto(const char *s, size_t len, int max)
{
	long total = s ? width_upto(s, len, max < 0 ? 0 : max) : 0;

	return total > max ? max + 1 : (int)total;
}

int utf8_width(const char *s)
{
	return s ? utf8_width_n(s, strlen(s)) : 0;
}

/* Whether the letters of Vietnamese, U+00A0 to U+02FF and U+1E00 to
 * U+1EFF, and the dashes and quotation marks of U+2010 to U+2027 (the
 * en dash of "Văn hóa – Xã hội"), are each one column under LC_CTYPE
 * (as they are in glibc's UTF-8 locales): then a word of them is
 * measured without decoding them. 0: not known yet (nothing is kept before LC_CTYPE is UTF-8, as
 * with width_cache), 1: they are, -1: they are not, or the fast path
 * is turned off (utf8_fast_words). */
static _Atomic int fast_letters;	/* as width_cache */

static int fast_letters_ok(void)
{
	int known = atomic_load_explicit(&fast_letters, memory_order_relaxed);
	uint32_t cp;

	if (known)
		return known > 0;
	if (MB_CUR_MAX <= 1)
		return 0;
	for (cp = 0xa0; cp < 0x300; cp++)
		if (cp_width(cp) != 1)
			goto no;
	for (cp = 0x1e00; cp < 0x1f00; cp++)
		if (cp_width(cp) != 1)
			goto no;
	for (cp = 0x2010; cp < 0x2028; cp++)
		if (cp_width(cp) != 1)
			goto no;
	atomic_store_explicit(&fast_letters, 1, memory_order_relaxed);
	return 1;
no:
	atomic_store_explicit(&fast_letters, -1, memory_order_relaxed);
	return 0;
}

void utf8_fast_words(int on)
{
	atomic_store_explicit(&fast_letters, on ? 0 : -1, memory_order_relaxed);
}

/* The end of the word at s[i..len): the first blank, or newline with
 * nl. */
static size_t word_end(const unsigned char *u, size_t i, size_t len, int nl)
{
	while (i < len && u[i] != ' ' && (!nl || u[i] != '\n'))
		i++;
	return i;
}

/* The word at s[0..len): its end (the first blank, newline with nl,
 * or len), and its columns added to *total. With fast (fast_letters_ok),
 * printable ASCII, the letters of Vietnamese and the dashes of U+2010 to
 * U+2027 count a column each without being decoded; at anything else, the rest of the word is
 * counted by width_upto (a unit starts there, and units' columns add
 * up). */
static inline size_t word_scan(const unsigned char *u, size_t len, int nl,
			       int fast, long *total, int *slow)
{
	size_t i = 0, end;
	long n = 0;
	unsigned char c;

	if (!fast)
		goto slow;
	while (i < len) {
		c = u[i];
		if (c > 0x20 && c < 0x7f) {
			n++;
			i++;
		} else if (c == ' ' || (c == '\n' && nl)) {
			break;
		} else if (c >= 0xc2 && c < 0xcc && len - i >= 2 &&
			   (u[i + 1] & 0xc0) == 0x80 &&
			   (c != 0xc2 || u[i + 1] >= 0xa0)) {
			/* not U+0080 to U+009F, C1 controls */
			n++;
			i += 2;
		} else if (len - i >= 3 &&
			   ((c == 0xe1 && u[i + 1] >= 0xb8 &&
			     u[i + 1] <= 0xbb && (u[i + 2] & 0xc0) == 0x80) ||
			    (c == 0xe2 && u[i + 1] == 0x80 &&
			     u[i + 2] >= 0x90 && u[i + 2] <= 0xa7))) {
			/* U+1E00 to U+1EFF; U+2010 to U+2027, dashes and
			 * quotation marks */
			n++;
			i += 3;
		} else {
			goto slow;
		}
	}
	*total += n;
	return i;
slow:
	*slow = 1;
	end = word_end(u, i, len, nl);
	*total += n + width_upto((const char *)u + i, end - i, LONG_MAX);
	return end;
}

static int clamp_int(long v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

size_t utf8_word(const char *s, size_t len, int nl, int *w)
{
	long total = 0;
	int slow = 0;
	size_t n = word_scan((const unsigned char *)s, len, nl,
			     fast_letters_ok(), &total, &slow);

	*w = clamp_int(total);
	return n;
}

#ifdef __SSE2__
/* Signed bytes in [lo, hi] (lo above -128; as unsigned bytes, a range
 * on one side of 0x80). */
static inline __m128i in_range(__m128i x, int lo, int hi)
{
	return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)(lo - 1))),
			     _mm_cmplt_epi8(x, _mm_set1_epi8((char)(hi + 1))));
}

/* For each separator of a block (bit k of ends: lane k), the run of
 * characters from *start to it: *best keeps the widest, *start moves
 * past it. pre[k] counts the characters of lanes 0..k, chars those
 * before the block. */
static inline void widest_run(unsigned ends, const unsigned char *pre,
			      long chars, long *start, long *best)
{
	long at;

	while (ends) {
		at = chars + pre[__builtin_ctz(ends)] - 1;
		if (at - *start > *best)
			*best = at - *start;
		*start = at + 1;
		ends &= ends - 1;
	}
}

/* The mask m moved k lanes up, its top lanes from prev (the block
 * before) coming in below. */
#define SHIFT_IN(m, prev, k) \
	_mm_or_si128(_mm_slli_si128(m, k), _mm_srli_si128(prev, 16 - (k)))

/* utf8_measure_words of simple text (word_scan's shortcut: printable
 * ASCII, blanks, newlines, the letters of Vietnamese and U+2010 to
 * U+2027, well formed), sixteen bytes at a time: 1 with *widest and
 * *word set, or 0 when s is not all of that, or holds a word of 128
 * columns or more (the caller then measures it a character at a time).
 * A character is a column, so a word's columns are its bytes that are
 * not continuation bytes. Each byte's class is found once; what the
 * bytes after a lead must be follows from the class masks moved up a
 * lane or two, not from the bytes classed again. */
static int measure_simple_vec(const unsigned char *u, size_t len,
			      int *widest, int *word)
{
	const __m128i e1 = _mm_set1_epi8((char)0xe1), c2 = _mm_set1_epi8((char)0xc2);
	const __m128i e2 = _mm_set1_epi8((char)0xe2), ones = _mm_set1_epi8(-1);
	const __m128i lanes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					    11, 12, 13, 14, 15);
	__m128i zero = _mm_setzero_si128(), x, cont, is_e1, is_e2, is_c2;
	__m128i lead, lead3, bad, want1, pre, at_sep, run, best_run;
	__m128i prev_lead = zero, prev_lead3 = zero, prev_e1 = zero;
	__m128i prev_e2 = zero, prev_c2 = zero, carry = zero;
	unsigned char tail[16], pre_b[16];
	long chars = 0, line_at = 0, best = 0;
	size_t i;
	unsigned valid, nl, rare, prev_rare = 0, run_in;

	best_run = zero;
	for (i = 0; i < len; i += 16) {
		valid = 0xffff;
		if (len - i >= 16) {
			x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		} else {
			/* The last bytes, padded with a letter the masks
			 * below leave out. */
			_mm_storeu_si128((__m128i *)(void *)tail,
					 _mm_set1_epi8('a'));
			memcpy(tail, u + i, len - i);
			x = _mm_loadu_si128((const __m128i *)(const void *)tail);
			valid = (1u << (len - i)) - 1;
		}
		cont = _mm_cmplt_epi8(x, _mm_set1_epi8(-64));	/* 80-BF */
		is_e1 = _mm_cmpeq_epi8(x, e1);
		is_e2 = _mm_cmpeq_epi8(x, e2);
		is_c2 = _mm_cmpeq_epi8(x, c2);
		lead3 = _mm_or_si128(is_e1, is_e2);
		lead = _mm_or_si128(in_range(x, -62, -53), lead3); /* C2-CB */
		/* What is allowed: printable ASCII, newline, continuation
		 * bytes, C2-CB, E1 and E2 leads. */
		bad = _mm_andnot_si128(_mm_or_si128(
			_mm_or_si128(in_range(x, 0x20, 0x7e),
				     _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
			_mm_or_si128(cont, lead)), ones);
		/* A continuation byte exactly where a lead wants one. */
		want1 = _mm_or_si128(SHIFT_IN(lead, prev_lead, 1),
				     SHIFT_IN(lead3, prev_lead3, 2));
		bad = _mm_or_si128(bad, _mm_xor_si128(cont, want1));
		/* E1 is a letter of Vietnamese only as E1 B8-BB
		 * (U+1E00-U+1EFF). */
		bad = _mm_or_si128(bad, _mm_andnot_si128(
			_mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xfc)),
				       _mm_set1_epi8((char)0xb8)),
			SHIFT_IN(is_e1, prev_e1, 1)));
		/* C2 80-9F are C1 controls, E2 a dash only as E2 80 90-A7
		 * (U+2010-U+2027): both are rare, so looked at only in a
		 * block that has them, or after one that ends in them. */
		rare = (unsigned)_mm_movemask_epi8(_mm_or_si128(is_c2, is_e2));
		if (rare | prev_rare) {
			bad = _mm_or_si128(bad, _mm_and_si128(
				SHIFT_IN(is_c2, prev_c2, 1),
				_mm_cmplt_epi8(x, _mm_set1_epi8(-96))));
			bad = _mm_or_si128(bad, _mm_andnot_si128(
				_mm_cmpeq_epi8(x, _mm_set1_epi8(-128)),
				SHIFT_IN(is_e2, prev_e2, 1)));
			bad = _mm_or_si128(bad, _mm_andnot_si128(
				in_range(x, -112, -89),
				SHIFT_IN(is_e2, prev_e2, 2)));
		}
		if ((unsigned)_mm_movemask_epi8(bad) & valid)
			return 0;
		/* A character cut by the end: its lead wants bytes past it. */
		if (valid != 0xffff &&
		    ((unsigned)_mm_movemask_epi8(want1) & ~valid &
		     (valid << 2 | 3)))
			return 0;
		prev_lead = lead;
		prev_lead3 = lead3;
		prev_e1 = is_e1;
		prev_e2 = is_e2;
		prev_c2 = is_c2;
		prev_rare = rare >> 14;
		/* pre: the characters (bytes that are not continuation
		 * bytes) in lanes 0..k, a prefix sum in four steps. */
		pre = _mm_andnot_si128(cont, _mm_set1_epi8(1));
		pre = _mm_add_epi8(pre, _mm_slli_si128(pre, 1));
		pre = _mm_add_epi8(pre, _mm_slli_si128(pre, 2));
		pre = _mm_add_epi8(pre, _mm_slli_si128(pre, 4));
		pre = _mm_add_epi8(pre, _mm_slli_si128(pre, 8));
		_mm_storeu_si128((__m128i *)(void *)pre_b, pre);
		/* Lines (rare: most cells are one) separator by separator:
		 * a line is as wide as the characters, blanks too, from
		 * its start to the newline that ends it (the character
		 * chars + pre_b[k] - 1 of s). */
		nl = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))) & valid;
		widest_run(nl, pre_b, chars, &line_at, &best);
		chars += pre_b[valid == 0xffff ? 15 : len - i - 1];
		/* Words at once: counted on from the word the last block
		 * ended in (carry), a lane's word holds the characters
		 * from the last separator at or before it, pre less the
		 * prefix maximum of pre taken at separators (pre grows, so
		 * that maximum is its value at the last separator). */
		pre = _mm_add_epi8(pre, carry);
		at_sep = _mm_and_si128(pre, _mm_or_si128(
			_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
			_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))));
		at_sep = _mm_max_epu8(at_sep, _mm_slli_si128(at_sep, 1));
		at_sep = _mm_max_epu8(at_sep, _mm_slli_si128(at_sep, 2));
		at_sep = _mm_max_epu8(at_sep, _mm_slli_si128(at_sep, 4));
		at_sep = _mm_max_epu8(at_sep, _mm_slli_si128(at_sep, 8));
		run = _mm_sub_epi8(pre, at_sep);
		if (valid != 0xffff)
			run = _mm_and_si128(run, _mm_cmpgt_epi8(
				_mm_set1_epi8((char)(len - i)), lanes));
		best_run = _mm_max_epu8(best_run, run);
		/* Below 128 and 16 more never wraps a byte. */
		run_in = (unsigned)_mm_extract_epi16(run, 7) >> 8;
		if (run_in >= 128)
			return 0;
		carry = _mm_set1_epi8((char)run_in);
	}
	/* A full last block: its last character must end in it. */
	if (len % 16 == 0 && len &&
	    (u[len - 1] >= 0xc0 ||
	     (len >= 2 && (u[len - 2] == 0xe1 || u[len - 2] == 0xe2))))
		return 0;
	if (chars - line_at > best)
		best = chars - line_at;
	best_run = _mm_max_epu8(best_run, _mm_srli_si128(best_run, 8));
	best_run = _mm_max_epu8(best_run, _mm_srli_si128(best_run, 4));
	best_run = _mm_max_epu8(best_run, _mm_srli_si128(best_run, 2));
	best_run = _mm_max_epu8(best_run, _mm_srli_si128(best_run, 1));
	*widest = clamp_int(best);
	*word = _mm_cvtsi128_si32(best_run) & 0xff;
	return 1;
}
#endif

/* utf8_measure_words with the shortcut on (fast) or off. */
static int measure_words(const char *s, size_t len, int fast, int *widest,
			 int *word)
{
	const unsigned char *u = (const unsigned char *)s;
	int slow = !fast;
	long line = 0, best = 0, best_word = 0, w;
	size_t n;

#ifdef __SSE2__
	if (fast && len >= 16 && measure_simple_vec(u, len, widest, word))
		return 1;
#endif

	for (;;) {
		w = 0;
		n = word_scan(u, len, 1, fast, &w, &slow);
		if (w > best_word)
			best_word = w;
		line += w;
		if (n == len)
			break;
		if (u[n] == ' ') {
			line++;
		} else {
			if (line > best)
				best = line;
			line = 0;
		}
		u += n + 1;
		len -= n + 1;
	}
	if (line > best)
		best = line;
	*widest = clamp_int(best);
	*word = clamp_int(best_word);
	return !slow;
}

int utf8_measure_words(const char *s, size_t len, int *widest, int *word)
{
	return measure_words(s, len, fast_letters_ok(), widest, word);
}

int utf8_measure_words_simple(const char *s, size_t len, int *widest,
			      int *word)
{
	return measure_words(s, len, 1, widest, word);
}

int utf8_fast_letters(void)
{
	return fast_letters_ok();
}

#define LOWS	0x7f7f7f7f7f7f7f7fULL

/* word_scan for text word_scan's shortcut counted whole (simple text,
 * utf8_measure_words): its characters are a column each, so a word's
 * columns are its bytes less its continuation bytes, eight bytes at a
 * time. The tests of a byte are exact (no carry between bytes). */
static inline size_t simple_scan(const unsigned char *u, size_t len,
				 long *total)
{
	size_t i = 0;
	long n = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, t, sp, cont;
	unsigned k;

	while (len - i >= sizeof(x)) {
		memcpy(&x, u + i, sizeof(x));
		t = x ^ (0x20 * ONES);
		sp = ~(((t & LOWS) + LOWS) | t) & HIGHS;	/* blanks */
		cont = x & ~(x << 1) & HIGHS;	/* 10xxxxxx */
		if (sp) {
			k = (unsigned)__builtin_ctzll(sp) / 8;
			cont &= ((uint64_t)1 << (8 * k)) - 1;
			n += (long)k - (long)(((cont >> 7) * ONES) >> 56);
			*total += n;
			return i + k;
		}
		n += (long)sizeof(x) - (long)(((cont >> 7) * ONES) >> 56);
		i += sizeof(x);
	}
#endif
	for (; i < len && u[i] != ' '; i++)
		n += (u[i] & 0xc0) != 0x80;
	*total += n;
	return i;
}

/* utf8_prefix_fit on s[0..len). */
static size_t fit_n(const char *s, size_t len, int cols)
{
	size_t i = 0, n;
	int used = 0, w;

	while (i < len) {
		n = unit(s + i, len - i, &w);
		if (w > cols - used)
			break;
		used += w;
		i += n;
	}
	return i;
}

size_t utf8_prefix_fit(const char *s, int cols)
{
	return s ? fit_n(s, strlen(s), cols < 0 ? 0 : cols) : 0;
}

static void put_spaces(FILE *f, int n)
{
	static const char spaces[] = "                                ";
	int k;

	while (n > 0) {
		k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;
		fwrite(spaces, 1, (size_t)k, f);
		n -= k;
	}
}

/* Writes s within cols columns, cut with "…" if wider; returns the
 * columns written. One pass that stops where s stops fitting: a long
 * description in a narrow column is not measured to its end. */
static int put_fit(FILE *f, const char *s, int cols)
{
	size_t len, i = 0, n, cut = 0;
	int used = 0, cut_w = 0, w, ret;

	if (!s)
		s = "";
	if (cols < 0)
		cols = 0;
	len = strlen(s);
	while (i < len) {
		n = unit(s + i, len - i, &w);
		if (w > cols - used)
			break;
		used += w;
		i += n;
		/* The longest prefix that leaves a column for the "…". */
		if (used < cols) {
			cut = i;
			cut_w = used;
		}
	}
	if (i == len) {
		fwrite(s, 1, len, f);
		ret = used;
	} else if (!cols) {
		ret = 0;
	} else {
		fwrite(s, 1, cut, f);
		fputs("\xe2\x80\xa6", f);	/* U+2026 HORIZONTAL ELLIPSIS */
		ret = cut_w + 1;
	}
	return ret;
}

void utf8_put_padded(FILE *f, const char *s, int cols)
{
	/* A wide character at the cut may leave a column to fill. */
	put_spaces(f, cols - put_fit(f, s, cols));
}

void utf8_put_cut(FILE *f, const char *s, int cols)
{
	put_fit(f, s, cols);
}

struct wrap {
	FILE *f;		/* where the lines go: f, or else sb */
	struct strbuf *sb;
	int width;
	int indent;
	int line_w;		/* columns of text on the current line */
	int need_indent;	/* the current line still lacks its indent */
	/* Text of the current line not written yet: words that fit and the
	 * blanks between them are the input as it is, so a line is one
	 * fwrite, not two a word. */
	const char *span;
	size_t span_len;
	/* The columns of each line written, when asked for: -1 for a
	 * line that holds a piece of a broken word (not counted). */
	int *widths;
	size_t n_widths, alloc_widths;
	int counted;		/* line_w is the current line's width */
	int nomem;
	int fast;		/* fast_letters_ok() */
	int simple;		/* the text is simple (simple_scan) */
};

static void wrap_record(struct wrap *st)
{
	int *v;

	if (st->nomem)
		return;
	if (st->n_widths == st->alloc_widths) {
		st->alloc_widths = st->alloc_widths ? st->alloc_widths * 2 : 8;
		v = realloc(st->widths, st->alloc_widths * sizeof(*v));
		if (!v) {
			st->nomem = 1;
			return;
		}
		st->widths = v;
	}
	st->widths[st->n_widths++] = st->counted ? st->line_w : -1;
	st->counted = 1;
}

static void wrap_write(struct wrap *st, const char *s, size_t n)
{
	struct strbuf *sb = st->sb;

	if (st->f) {
		fwrite(s, 1, n, st->f);
	} else if (sb->alloc - sb->len > n) {
		/* Room already: no call to grow it (most lines). */
		memcpy(sb->buf + sb->len, s, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_add(sb, s, n);
	}
}

static void wrap_indent(struct wrap *st)
{
	/* Indent lazily, so that an empty line gets no trailing blanks. */
	if (st->need_indent && !st->indent) {
		st->need_indent = 0;
	} else if (st->need_indent) {
		if (st->f) {
			put_spaces(st->f, st->indent);
		} else {
			strbuf_grow(st->sb, (size_t)st->indent);
			memset(st->sb->buf + st->sb->len, ' ',
			       (size_t)st->indent);
			st->sb->len += (size_t)st->indent;
			st->sb->buf[st->sb->len] = '\0';
		}
		st->need_indent = 0;
	}
}

static void wrap_flush(struct wrap *st)
{
	if (st->span_len) {
		wrap_indent(st);
		wrap_write(st, st->span, st->span_len);
		st->span_len = 0;
	}
}

static void wrap_emit(struct wrap *st, const char *s, size_t n, int w)
{
	wrap_flush(st);
	wrap_indent(st);
	wrap_write(st, s, n);
	st->line_w += w;
	st->counted = 0;
}

static void wrap_newline(struct wrap *st)
{
	wrap_flush(st);
	if (st->f) {
		putc('\n', st->f);
	} else if (st->sb->alloc - st->sb->len > 1) {
		/* A byte: no call to memcpy (a line each). */
		st->sb->buf[st->sb->len++] = '\n';
		st->sb->buf[st->sb->len] = '\0';
	} else {
		wrap_write(st, "\n", 1);
	}
	wrap_record(st);
	st->line_w = 0;
	st->need_indent = 1;
}

/* Wraps one line of input, s[0..len) without newlines. */
static void wrap_line(struct wrap *st, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *word;
	size_t gap, n;
	int w, cw, slow = 0;
	long wl;

	while (p < end) {
		for (gap = 0; p + gap < end && p[gap] == ' '; gap++)
			;
		if (p + gap == end)
			break;		/* trailing blanks are dropped */
		word = p + gap;
		wl = 0;
		if (st->simple)
			p = word + simple_scan((const unsigned char *)word,
					       (size_t)(end - word), &wl);
		else
			p = word + word_scan((const unsigned char *)word,
					     (size_t)(end - word), 0, st->fast,
					     &wl, &slow);
		w = clamp_int(wl);
		if ((size_t)st->line_w + gap + (size_t)w <=
		    (size_t)st->width) {
			/* Blanks inside a line are kept as written: the
			 * line so far, these blanks and this word are one
			 * stretch of the input. */
			if (!st->span_len)
				st->span = word - gap;
			st->span_len = (size_t)(p - st->span);
			st->line_w += (int)gap + w;
			continue;
		}
		/* Break here; the blanks at the break vanish. (A line of
		 * nothing but marks has no columns and is not broken.) */
		wrap_flush(st);
		if (st->line_w)
			wrap_newline(st);
		while (w > st->width) {
			n = fit_n(word, (size_t)(p - word), st->width);
			if (!n)	/* a character wider than the line */
				n = cluster(word, (size_t)(p - word), &cw);
			if (n == (size_t)(p - word))
				break;
			wrap_emit(st, word, n, 0);
			wrap_newline(st);
			word += n;
			w = utf8_width_n(word, (size_t)(p - word));
		}
		st->span = word;
		st->span_len = (size_t)(p - word);
		st->line_w += w;
	}
	wrap_flush(st);
}

#define POP2(n)	(n), (n) + 1, (n) + 1, (n) + 2
#define POP4(n)	POP2(n), POP2((n) + 1), POP2((n) + 1), POP2((n) + 2)
#define POP6(n)	POP4(n), POP4((n) + 1), POP4((n) + 1), POP4((n) + 2)

/* Bits set in a byte: without a popcount instruction in the baseline
 * x86-64, a table is cheaper than the builtin's library call. */
static const unsigned char pop8[256] = {
	POP6(0), POP6(1), POP6(1), POP6(2)
};

static inline int pop16(unsigned m)
{
	return pop8[m & 0xff] + pop8[m >> 8];
}

/* The start of the character after cols characters of simple text from
 * s (or end, if fewer are left), and in *got how many it passed. Forced
 * inline: it is called for every line wrapped, and grown to sixteen
 * bytes at a time the compiler would no longer inline it. */
static inline __attribute__((always_inline)) const char *
simple_skip(const char *s, const char *end, int cols, int *got)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *e = (const unsigned char *)end;
	int n = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, starts;
	int k;
#ifdef __SSE2__
	const __m128i lead = _mm_set1_epi8(-64);
	unsigned cont, r;

	/* Sixteen bytes at a time, then eight. */
	while (e - u >= 16) {
		cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)u),
			lead));	/* 10xxxxxx: as signed bytes, below -64 */
		k = 16 - pop16(cont);
		if (k > cols - n) {
			r = (unsigned)(cols - n);
			cont = ~cont & 0xffff;	/* now the starts */
			if (r >= pop8[cont & 0xff]) {
				r -= pop8[cont & 0xff];
				cont &= 0xff00;
			}
			for (; r; r--)
				cont &= cont - 1;
			*got = cols;
			return (const char *)u + __builtin_ctz(cont);
		}
		n += k;
		u += 16;
	}
#endif

	/* Eight bytes at a time while all their characters are wanted. */
	while (e - u >= (long)sizeof(x)) {
		memcpy(&x, u, sizeof(x));
		k = (int)sizeof(x) -
			(int)((((x & ~(x << 1) & HIGHS) >> 7) * ONES) >> 56);
		if (k > cols - n) {
			/* The character wanted starts in these eight bytes:
			 * past the first cols - n starts of characters in
			 * them (bytes that are not continuation bytes), the
			 * next. */
			starts = ~(x & ~(x << 1)) & HIGHS;
			for (k = cols - n; k > 0; k--)
				starts &= starts - 1;
			*got = cols;
			return (const char *)u + utf8_clean_prefix(starts);
		}
		n += k;
		u += sizeof(x);
	}
#endif
	for (; u < e; u++) {
		if ((*u & 0xc0) == 0x80)
			continue;
		if (n == cols)
			break;
		n++;
	}
	*got = n;
	return (const char *)u;
}

/* Characters (a column each) of simple text s[0..n). */
static inline int simple_count(const char *s, size_t n)
{
	int k = 0;

	while (n--)
		k += (s[n] & 0xc0) != 0x80;
	return k;
}

/* wrap_line for simple text (every character a column, st->simple): a
 * line at a time instead of a word at a time. From the line's start L,
 * the first width characters reach P; the line is L to the last word end
 * at or before P, which is where the word by word greed would stop. When
 * no word ends there: blanks that begin the input line are dropped and
 * the line starts again at the word; else the word is wider than a line
 * and a line's worth of it is broken off. */
static void wrap_line_simple(struct wrap *st, const char *s, size_t len)
{
	const char *l = s, *end = s + len, *p, *e, *q;
	int got, first = 1;

	for (;;) {
		q = l;
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;		/* trailing blanks are dropped */
		if (!first)
			l = q;		/* blanks at a break vanish */
		p = simple_skip(l, end, st->width, &got);
		e = p;
		if (p < end && *p != ' ')
			while (e > l && e[-1] != ' ')
				e--;	/* back to the word's start */
		while (e > l && e[-1] == ' ')
			e--;		/* and over the blanks before it */
		if (e == l && first && *l == ' ') {
			first = 0;	/* leading blanks dropped, again */
			continue;
		}
		first = 0;
		if (e == l) {
			/* A word wider than the line: a line's worth of it. */
			wrap_emit(st, l, (size_t)(p - l), 0);
			wrap_newline(st);
			l = p;
			continue;
		}
		st->span = l;
		st->span_len = (size_t)(e - l);
		st->line_w = got - simple_count(e, (size_t)(p - e));
		q = e;
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;		/* the rest fitted */
		wrap_newline(st);
		l = q;
	}
	wrap_flush(st);
}

/* Room for one more span in *v (its room *alloc): 0, or -1 on ENOMEM. */
static int span_room(struct utf8_span **v, size_t n, size_t *alloc)
{
	struct utf8_span *nv;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 16;
	nv = realloc(*v, want * sizeof(*nv));
	if (!nv)
		return -1;
	*v = nv;
	*alloc = want;
	return 0;
}

/* wrap_line_simple's lines of s[from..end) (no newline in it) as spans
 * of s, added to *v from n on: returns the new count, or (size_t)-1 on
 * ENOMEM. The last line is the one wrap_line_simple leaves open (empty
 * when the input line is blank). */
static size_t spans_line_simple(const char *s, size_t from, size_t end_off,
				int width, struct utf8_span **v, size_t n,
				size_t *alloc)
{
	const char *l = s + from, *end = s + end_off, *p, *e, *q;
	const char *open = l;
	size_t open_len = 0;
	int got, first = 1, open_w = 0, back;

	for (;;) {
		q = l;
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;
		if (!first)
			l = q;
		p = simple_skip(l, end, width, &got);
		/* The characters backed over are counted on the way: the
		 * line's width without a second pass over them. */
		e = p;
		back = 0;
		if (p < end && *p != ' ')
			for (; e > l && e[-1] != ' '; e--)
				back += (e[-1] & 0xc0) != 0x80;
		for (; e > l && e[-1] == ' '; e--)
			back++;
		if (e == l && first && *l == ' ') {
			first = 0;
			continue;
		}
		first = 0;
		if (span_room(v, n, alloc))
			return (size_t)-1;
		if (e == l) {
			/* A word wider than the line: a line's worth of it. */
			(*v)[n].off = (size_t)(l - s);
			(*v)[n].len = (size_t)(p - l);
			(*v)[n++].w = got;
			l = p;
			continue;
		}
		open = l;
		open_len = (size_t)(e - l);
		open_w = got - back;
		q = e;
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;
		(*v)[n].off = (size_t)(open - s);
		(*v)[n].len = open_len;
		(*v)[n++].w = open_w;
		open_len = 0;
		open_w = 0;
		l = q;
	}
	if (span_room(v, n, alloc))
		return (size_t)-1;
	(*v)[n].off = (size_t)(open - s);
	(*v)[n].len = open_len;
	(*v)[n++].w = open_w;
	return n;
}

size_t utf8_wrap_spans_simple(const char *s, size_t len, int width,
			      struct utf8_span **v, size_t *alloc)
{
	const char *nl;
	size_t n = 0, at = 0;

	if (width < 1)
		width = 1;
	/* As wrap_text: no empty last line for a final newline. */
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (;;) {
		nl = memchr(s + at, '\n', len - at);
		n = spans_line_simple(s, at, nl ? (size_t)(nl - s) : len,
				      width, v, n, alloc);
		if (n == (size_t)-1 || !nl)
			break;
		at = (size_t)(nl + 1 - s);
	}
	return n;
}

/* utf8_put_wrapped to f, or else sb; with record, the lines' widths are
 * kept in st. */
static void wrap_text(struct wrap *st, FILE *f, struct strbuf *sb,
		      const char *s, int width, int indent, int record,
		      int simple)
{
	const char *nl;
	size_t len;

	memset(st, 0, sizeof(*st));
	if (!s)
		s = "";
	st->f = f;
	st->sb = sb;
	st->width = width < 1 ? 1 : width;
	st->indent = indent < 0 ? 0 : indent;
	st->line_w = 0;
	st->need_indent = 0;	/* the caller has placed the first line */
	st->span = NULL;
	st->span_len = 0;
	st->counted = 1;
	st->nomem = !record;	/* nothing recorded */
	st->fast = fast_letters_ok();
	st->simple = simple && st->fast;
	/* A final newline (as YAML block scalars have) would leave an empty
	 * last line: the promise is to end without one. */
	len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (;;) {
		nl = memchr(s, '\n', len);
		(st->simple ? wrap_line_simple : wrap_line)
			(st, s, nl ? (size_t)(nl - s) : len);
		if (!nl)
			break;
		wrap_newline(st);
		len -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
	wrap_record(st);
}

static void put_wrapped(struct wrap *st, FILE *f, struct strbuf *sb,
			const char *s, int width, int indent, int record)
{
	wrap_text(st, f, sb, s, width, indent, record, 0);
}

int *utf8_wrap_widths_simple(struct strbuf *sb, const char *s, int width,
			     int indent, size_t *n)
{
	struct wrap st;

	wrap_text(&st, NULL, sb, s, width, indent, n != NULL, 1);
	if (!n || st.nomem) {
		free(st.widths);
		if (n)
			*n = 0;
		return NULL;
	}
	*n = st.n_widths;
	return st.widths;
}

void utf8_put_wrapped(FILE *f, const char *s, int width, int indent)
{
	struct wrap st;

	put_wrapped(&st, f, NULL, s, width, indent, 0);
}

int *utf8_wrap_widths(struct strbuf *sb, const char *s, int width,
		      int indent, size_t *n)
{
	struct wrap st;

	put_wrapped(&st, NULL, sb, s, width, indent, n != NULL);
	if (!n || st.nomem) {
		free(st.widths);
		if (n)
			*n = 0;
		return NULL;
	}
	*n = st.n_widths;
	return st.widths;
}
