/* utf8.h: UTF-8 validation, NFC, and terminal display width.
 *
 * Widths come from wcwidth() under a UTF-8 LC_CTYPE (main sets C.UTF-8 or
 * the user's UTF-8 locale), never from byte counts, so Vietnamese text
 * with diacritics lines up.
 */
#ifndef PLANTRACK_UTF8_H
#define PLANTRACK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Returns 1 if s[0..len) is well-formed UTF-8 (no overlongs, surrogates,
 * or code points above U+10FFFF), else 0 and sets *bad to the offset of
 * the first bad byte (bad may be NULL). */
int utf8_valid(const char *s, size_t len, size_t *bad);
/* Validates and classifies s[0..len) in one pass (a whole file before it
 * is parsed): returns the offset of the first ill-formed byte, or len,
 * and sets *flags to what the well-formed part holds, a combination of: */
#define UTF8_CONTROLS	1u	/* a C0 control but tab and newline (NUL and
				 * CR included), DEL, or a C1 control */
#define UTF8_UNSTABLE	2u	/* a code point utf8_nfc_stable does not
				 * know: the text may not be NFC */
size_t utf8_scan(const char *s, size_t len, unsigned *flags);
/* Decodes the character at s[0..len): returns its length in bytes (1 to 4)
 * and sets *cp, or returns 0 if s does not start with a well-formed
 * character (or len is 0). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Returns 1 if s[0..len) is valid UTF-8 in Unicode NFC, else 0. */
int utf8_is_nfc(const char *s, size_t len);
/* Returns 1 if cp is in NFC whatever precedes or follows it (combining
 * class 0, NFC_Quick_Check=Yes, never composes with what precedes it):
 * text made only of such code points needs no normalisation. 0 means
 * "not known to be", not "is not". */
int utf8_nfc_stable(uint32_t cp);
/* Returns a malloc'd NFC copy of valid UTF-8 s (caller frees), NULL on
 * ENOMEM or invalid input. */
char *utf8_to_nfc(const char *s, size_t len, size_t *outlen);
/* The byte offset of the character chars characters into valid UTF-8
 * s[0..len), s starting at a character: len when the text is shorter.
 * Counts as libyaml's marks do, a character per lead byte. */
size_t utf8_advance(const char *s, size_t len, size_t chars);
/* Line and column (1-based, column in characters) of byte offset off. */
void utf8_position(const char *s, size_t off, unsigned long *line,
		   unsigned long *col);

/* Display columns of valid UTF-8 s (control characters count 0, wide
 * characters 2). */
int utf8_width(const char *s);
int utf8_width_n(const char *s, size_t len);
/* utf8_width_n, or max + 1 for anything wider: measuring stops there, so
 * that a long text is not measured to its end to learn it is too wide. */
int utf8_width_upto(const char *s, size_t len, int max);
/* How many of eight bytes read into a word (memcpy) come before the first
 * one flagged in mask (bit 7 of a byte: mask is nonzero and has no other
 * bits), counting the bytes in memory order; 0 where that order is not
 * known to be the word's low bytes first. A scan that flags each byte
 * that is not plain from the word by additions, whose carries run only
 * towards later bytes, may skip that many plain bytes. */
static inline unsigned utf8_clean_prefix(uint64_t mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(mask) / 8;
#else
	(void)mask;
	return 0;
#endif
}

/* The word at the start of s[0..len): its length in bytes, up to the
 * first blank (or newline, when nl) or len, and in *w its columns as
 * utf8_width_n counts them. One pass over the word: printable ASCII and
 * the letters of Vietnamese (U+00A0 to U+02FF, U+1E00 to U+1EFF) and
 * U+2010 to U+2027 (a column each when the locale says so) without
 * decoding, anything else
 * as utf8_width_n. */
size_t utf8_word(const char *s, size_t len, int nl, int *w);
/* What utf8_word measures, over every word of s[0..len) (words end at
 * blanks and newlines): the widest line in *widest (its words' and its
 * blanks' columns; lines end at newlines) and the widest word in *word.
 * Returns 1 when s is simple: nothing but blanks, newlines, printable
 * ASCII, the letters of Vietnamese and U+2010 to U+2027 (dashes,
 * quotation marks; one column each, the locale says), so that
 * utf8_wrap_widths_simple may wrap it; else 0. */
int utf8_measure_words(const char *s, size_t len, int *widest, int *word);
/* What utf8_measure_words says of s when the letters of Vietnamese and
 * U+2010 to U+2027 are a column each, whatever the locale: with 1 (s
 * simple), *widest and *word are what utf8_measure_words gives wherever
 * utf8_fast_letters is 1; with 0 they mean nothing. For widths kept
 * with a text (textfacts_head) by a process of any locale. */
int utf8_measure_words_simple(const char *s, size_t len, int *widest,
			      int *word);
/* Whether the locale makes those characters a column each (and the
 * shortcut is on): 1, or 0. */
int utf8_fast_letters(void);
/* Turns the shortcut of utf8_word, utf8_measure_words and the wrapping
 * for the letters of Vietnamese off (0) or back on (1), for the tests
 * that compare it with the exact count. */
void utf8_fast_words(int on);

/* Length in bytes of the longest prefix of s that fits in cols columns,
 * never splitting a character (nor a base from its combining marks). */
size_t utf8_prefix_fit(const char *s, int cols);

/* Writes s padded with spaces to cols columns (left-aligned). If s is
 * wider it is cut and ends with "…". */
void utf8_put_padded(FILE *f, const char *s, int cols);
void utf8_put_cut(FILE *f, const char *s, int cols);	/* cut, no padding */

/* utf8_wrap_widths for a text utf8_measure_words found simple (for
 * anything else its lines may be wrong): its words are measured as
 * characters, a column each, several bytes at a time. */
struct strbuf;
int *utf8_wrap_widths_simple(struct strbuf *sb, const char *s, int width,
			     int indent, size_t *n);

/* A line of wrapped text that is a stretch of the text it wraps:
 * s[off..off + len), w columns wide. */
struct utf8_span {
	size_t off, len;
	int w;
};
/* The lines utf8_wrap_widths_simple writes of simple s[0..len) (no
 * indent), found rather than written: spans of s in *v, an array of
 * *alloc that grows as needed (the caller frees it). Returns how many,
 * or (size_t)-1 on ENOMEM. Every line of such a wrapping is a stretch
 * of s, so the caller may print it from s without a copy. */
size_t utf8_wrap_spans_simple(const char *s, size_t len, int width,
			      struct utf8_span **v, size_t *alloc);

/* Word-wraps s to lines of at most width columns (a word wider than width
 * is broken). Each line after the first is preceded by indent spaces; the
 * first is not. Embedded newlines are kept as line breaks. Ends without a
 * newline. */
void utf8_put_wrapped(FILE *f, const char *s, int width, int indent);
/* utf8_put_wrapped, appended to sb, and the columns of each line it
 * wrote (its text without the indent; as many as the newlines written,
 * plus one), in an array the caller frees; -1 for a line that holds a
 * piece of a word too long for one (not counted). Widths are the sum of
 * the words' and the blanks': the line's own unless a colour escape
 * holds a blank. NULL on ENOMEM (the text is written all the same),
 * and when n is NULL (nothing counted). */
struct strbuf;
int *utf8_wrap_widths(struct strbuf *sb, const char *s, int width,
		      int indent, size_t *n);

#endif
