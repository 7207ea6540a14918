/* utf8.c: UTF-8 validation, NFC (libunistring) and display width
 * (wcwidth under the current LC_CTYPE). */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <uninorm.h>

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

/* Length of the run of ASCII at the start of u[0..len), eight bytes at a
 * time: files are mostly ASCII (keys, indentation, codes, dates), and
 * every file is validated whole before it is parsed. */
static size_t ascii_run(const unsigned char *u, size_t len)
{
	size_t i = 0;
	uint64_t w;

	while (len - i >= sizeof(w)) {
		memcpy(&w, u + i, sizeof(w));	/* no alignment assumed */
		if (w & 0x8080808080808080ULL)
			break;
		i += sizeof(w);
	}
	while (i < len && u[i] < 0x80)
		i++;
	return i;
}

int utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		i += ascii_run(u + i, len - i);
		if (i == len)
			break;
		n = decode(u + i, len - i, &cp);
		if (!n) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
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

/* Code points that are in NFC whatever surrounds them: canonical
 * combining class 0, NFC_Quick_Check=Yes, and never the second of a pair
 * that composes (UAX #15). A string made only of these is NFC as it is,
 * so the common text, Vietnamese included, needs no normalised copy. Only
 * blocks assigned in full are listed: a character encoded later could
 * have a combining class. tests/unit/test_utf8.c checks every one against
 * libunistring. */
static const struct {
	uint32_t lo, hi;
} nfc_stable[] = {
	{ 0x0000, 0x02ff },	/* ASCII to Latin Extended-B: ă â đ ơ ư */
	{ 0x1e00, 0x1eff },	/* Latin Extended Additional: ạ ả ấ ... ỹ */
	{ 0x2010, 0x2027 },	/* dashes, quotation marks, bullet, ellipsis */
	{ 0x2030, 0x205e },	/* per mille ... (not U+2000-200F: spaces and
				 * singletons, nor 2028-202F: separators) */
	{ 0x20a0, 0x20c0 },	/* currency signs: ₫ */
};

int utf8_nfc_stable(uint32_t cp)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(nfc_stable) / sizeof(nfc_stable[0]); i++)
		if (cp >= nfc_stable[i].lo && cp <= nfc_stable[i].hi) {
			ret = 1;
			break;
		}
	return ret;
}

int utf8_is_nfc(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;
	char *nfc;
	int ret = 0, stable = 1;

	/* Validation and the quick check in one pass. */
	while (i < len) {
		i += ascii_run(u + i, len - i);
		if (i == len)
			break;
		n = decode(u + i, len - i, &cp);
		if (!n)
			goto out;
		if (stable && !utf8_nfc_stable(cp))
			stable = 0;
		i += n;
	}
	if (stable) {
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

/* Columns of one code point: control characters (wcwidth -1) take none. */
static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 0 : w;
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

int utf8_width_n(const char *s, size_t len)
{
	size_t i = 0, n;
	long total = 0;
	int w;

	if (!s)
		return 0;
	while (i < len) {
		/* Printable ASCII is one column, and the marks that may
		 * follow it add none on their own: its cluster need not be
		 * found to be counted. */
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			n = 1;
			w = 1;
		} else {
			n = cluster(s + i, len - i, &w);
		}
		total += w;
		if (total > INT_MAX)
			return INT_MAX;
		i += n;
	}
	return (int)total;
}

int utf8_width(const char *s)
{
	return s ? utf8_width_n(s, strlen(s)) : 0;
}

/* utf8_prefix_fit on s[0..len). */
static size_t fit_n(const char *s, size_t len, int cols)
{
	size_t i = 0, n;
	int used = 0, w;

	while (i < len) {
		n = cluster(s + i, len - i, &w);
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
 * columns written. */
static int put_fit(FILE *f, const char *s, int cols)
{
	size_t n;
	int w;

	if (!s)
		s = "";
	if (cols < 0)
		cols = 0;
	w = utf8_width(s);
	if (w <= cols) {
		fputs(s, f);
		return w;
	}
	if (!cols)
		return 0;
	n = fit_n(s, strlen(s), cols - 1);
	fwrite(s, 1, n, f);
	fputs("\xe2\x80\xa6", f);	/* U+2026 HORIZONTAL ELLIPSIS */
	return utf8_width_n(s, n) + 1;
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
	FILE *f;
	int width;
	int indent;
	int line_w;		/* columns of text on the current line */
	int need_indent;	/* the current line still lacks its indent */
};

static void wrap_indent(struct wrap *st)
{
	/* Indent lazily, so that an empty line gets no trailing blanks. */
	if (st->need_indent) {
		put_spaces(st->f, st->indent);
		st->need_indent = 0;
	}
}

static void wrap_emit(struct wrap *st, const char *s, size_t n, int w)
{
	wrap_indent(st);
	fwrite(s, 1, n, st->f);
	st->line_w += w;
}

static void wrap_newline(struct wrap *st)
{
	putc('\n', st->f);
	st->line_w = 0;
	st->need_indent = 1;
}

/* Wraps one line of input, s[0..len) without newlines. */
static void wrap_line(struct wrap *st, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *word;
	size_t gap, n;
	int w, cw;

	while (p < end) {
		for (gap = 0; p + gap < end && p[gap] == ' '; gap++)
			;
		if (p + gap == end)
			break;		/* trailing blanks are dropped */
		word = p + gap;
		for (p = word; p < end && *p != ' '; p++)
			;
		w = utf8_width_n(word, (size_t)(p - word));
		if ((size_t)st->line_w + gap + (size_t)w <=
		    (size_t)st->width) {
			/* Blanks inside a line are kept as written. */
			wrap_indent(st);
			put_spaces(st->f, (int)gap);
			st->line_w += (int)gap;
			wrap_emit(st, word, (size_t)(p - word), w);
			continue;
		}
		/* Break here; the blanks at the break vanish. */
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
		wrap_emit(st, word, (size_t)(p - word), w);
	}
}

void utf8_put_wrapped(FILE *f, const char *s, int width, int indent)
{
	struct wrap st;
	const char *nl;
	size_t len;

	if (!s)
		s = "";
	st.f = f;
	st.width = width < 1 ? 1 : width;
	st.indent = indent < 0 ? 0 : indent;
	st.line_w = 0;
	st.need_indent = 0;	/* the caller has placed the first line */
	/* A final newline (as YAML block scalars have) would leave an empty
	 * last line: the promise is to end without one. */
	len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (;;) {
		nl = memchr(s, '\n', len);
		wrap_line(&st, s, nl ? (size_t)(nl - s) : len);
		if (!nl)
			break;
		wrap_newline(&st);
		len -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
}
