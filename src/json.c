/* json.c: streaming, pretty-printing JSON writer.
 *
 * need_comma[d] records whether the container open at depth d already has
 * a member: it decides both the comma and whether the closing bracket goes
 * on its own line ("{}" and "[]" stay on one).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/json.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

void json_init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->o = NULL;
	w->depth = 0;
	memset(w->need_comma, 0, sizeof(w->need_comma));
	w->after_key = false;
	w->len = 0;
}

void json_init_like(struct json_writer *w, const struct json_writer *like,
		    struct out *o)
{
	json_init(w, NULL);
	w->o = o;
	w->depth = like->depth;
	memcpy(w->need_comma, like->need_comma, sizeof(w->need_comma));
	w->after_key = like->after_key;
}

/* s[0..n) to the writer's FILE or out. */
static void emit(struct json_writer *w, const char *s, size_t n)
{
	if (w->o)
		out_write(w->o, s, n);
	else
		fwrite(s, 1, n, w->f);
}

static void flush(struct json_writer *w)
{
	if (w->len)
		emit(w, w->buf, w->len);
	w->len = 0;
}

void json_flush(struct json_writer *w)
{
	flush(w);
}

void json_members_written(struct json_writer *w)
{
	w->need_comma[w->depth] = true;
	w->after_key = false;
}

/* Room for n more bytes in w->buf (n at most JSON_BUF). */
static char *reserve(struct json_writer *w, size_t n)
{
	if (JSON_BUF - w->len < n)
		flush(w);
	return w->buf + w->len;
}

static void put(struct json_writer *w, const char *s, size_t n)
{
	if (n > JSON_BUF / 2) {
		flush(w);
		emit(w, s, n);
		return;
	}
	memcpy(reserve(w, n), s, n);
	w->len += n;
}

static void put_ch(struct json_writer *w, char c)
{
	*reserve(w, 1) = c;
	w->len++;
}

static void put_str(struct json_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* ",\n" and the indentation of the deepest level: a separator is a
 * prefix of its tail, or of all of it, copied whole (a copy of a size
 * known here is a few moves) and kept as long as the depth wants. */
static const char indent[] =
	",\n                                "
	"                                ";
_Static_assert(sizeof(indent) == 2 + 2 * JSON_MAX_DEPTH + 1,
	       "a separator for every depth");

/* The separator (",\n" when comma, else "\n") and the indentation of
 * depth at b, where sizeof(indent) - 1 bytes are free; its length. A
 * copy of sixteen bytes covers depth 7 and less, where a report's rows
 * are: one move, not five. */
static size_t put_indent(char *b, size_t comma, int depth)
{
	size_t n = comma + 1 + 2 * (size_t)depth;

	if (n <= 16)
		memcpy(b, indent + 1 - comma, 16);
	else
		memcpy(b, indent + 1 - comma, sizeof(indent) - 1);
	return n;
}

static void newline_indent(struct json_writer *w)
{
	w->len += put_indent(reserve(w, sizeof(indent) - 1), 0, w->depth);
}

/* The separator and indentation before a member or element at w's
 * depth. */
static void member_prefix(struct json_writer *w)
{
	size_t comma = w->need_comma[w->depth];

	w->need_comma[w->depth] = true;
	w->len += put_indent(reserve(w, sizeof(indent) - 1), comma, w->depth);
}

/* Separator and indentation before a value in an array or at the top. */
static void before_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth)
		member_prefix(w);
}

static void open_container(struct json_writer *w, int c)
{
	before_value(w);
	/* Deeper nesting is a bug in the caller, not a property of data:
	 * nothing plantrack writes comes close. */
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		/* TRANSLATORS: a bug in plantrack, reported as such. */
		error(_("internal error: JSON nested deeper than %d"),
		      JSON_MAX_DEPTH - 1);
		abort();
	}
	put_ch(w, (char)c);
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_container(struct json_writer *w, int c)
{
	bool members;

	if (w->depth <= 0) {
		error(_("internal error: JSON closed without an opening"));
		abort();
	}
	members = w->need_comma[w->depth];
	w->depth--;
	if (members)
		newline_indent(w);
	put_ch(w, (char)c);
}

void json_object_begin(struct json_writer *w)
{
	open_container(w, '{');
}

void json_object_end(struct json_writer *w)
{
	close_container(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	open_container(w, '[');
}

void json_array_end(struct json_writer *w)
{
	close_container(w, ']');
}

/* Writes s[from..len) as the inside of a JSON string, escaping as it
 * goes: the slow path, from the first byte textscan_json stopped at.
 * Bytes that are not UTF-8 (which callers promise never to pass) become
 * U+FFFD, so the output stays valid JSON. */
static void put_escaped(struct json_writer *w, const char *s, size_t from,
			size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = s + from, *run = s;
	size_t left = len - from, n;
	char ubuf[7];
	uint32_t cp;

	while (left) {
		const char *esc = NULL;
		unsigned char c = (unsigned char)*p;

		n = 1;
		if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c < 0x20) {
			switch (c) {
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				memcpy(ubuf, "\\u00", 4);
				ubuf[4] = hex[c >> 4];
				ubuf[5] = hex[c & 0xf];
				ubuf[6] = '\0';
				esc = ubuf;
				break;
			}
		} else if (c >= 0x80) {
			n = utf8_decode(p, left, &cp);
			if (!n) {
				n = 1;
				esc = "\\ufffd";
			} else if (cp == 0x2028) {
				/* Line terminators in JavaScript strings. */
				esc = "\\u2028";
			} else if (cp == 0x2029) {
				esc = "\\u2029";
			}
		}
		if (esc) {
			put(w, run, (size_t)(p - run));
			put_str(w, esc);
			run = p + n;
		}
		p += n;
		left -= n;
	}
	put(w, run, (size_t)(p - run));
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PLAIN_WORDS 1
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* The high bit of each byte of w (read little-endian) that is not
 * printable ASCII or is '"' or '\\'; and maybe of bytes after the first
 * such, where a borrow runs on. */
static uint64_t not_plain(uint64_t w)
{
	uint64_t q = w ^ ((uint64_t)'"' * ONES);
	uint64_t b = w ^ ((uint64_t)'\\' * ONES);

	return (w | ((w - 0x20 * ONES) & ~w) | ((q - ONES) & ~q) |
		((b - ONES) & ~b)) & HIGHS;
}
#endif

/* The length of the printable ASCII but '"' and '\\' that s[0..len)
 * starts with: sixteen bytes at a time, the last sixteen overlapping
 * those before; 4 to 15 bytes as two words that overlap; fewer a byte at
 * a time. No byte outside s is read. */
static size_t plain_ascii(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

#if defined(__SSE2__)
	if (len >= 16) {
		const __m128i ctl = _mm_set1_epi8(0x1f);
		const __m128i quote = _mm_set1_epi8('"');
		const __m128i bslash = _mm_set1_epi8('\\');
		__m128i x;
		unsigned m;

		for (;;) {
			if (len - i < 16)
				i = len - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)
					    (u + i));
			/* Signed, bytes from 0x80 up are below zero. */
			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(
					_mm_min_epu8(x, ctl), x),
					     _mm_cmplt_epi8(x,
						_mm_setzero_si128())),
				_mm_or_si128(_mm_cmpeq_epi8(x, quote),
					     _mm_cmpeq_epi8(x, bslash))));
			if (m)
				return i + (unsigned)__builtin_ctz(m);
			i += 16;
			if (i == len)
				return len;
		}
	}
#elif defined(PLAIN_WORDS)
	/* Eight bytes at a time, the last eight overlapping those before;
	 * up to sixteen, the two words below see every byte. */
	if (len > 16) {
		uint64_t w8;

		for (;;) {
			if (len - i < 8)
				i = len - 8;
			memcpy(&w8, u + i, 8);
			if ((w8 = not_plain(w8)))
				return i + (size_t)__builtin_ctzll(w8) / 8;
			i += 8;
			if (i == len)
				return len;
		}
	}
#endif
#ifdef PLAIN_WORDS
	/* Keys, codes and dates: two words that overlap, eight or four
	 * bytes each, so that a text of 4 to 15 bytes takes two looks. */
	if (len >= 8) {
		uint64_t a, b;

		memcpy(&a, u, 8);
		memcpy(&b, u + len - 8, 8);
		if ((a = not_plain(a)))
			return (size_t)__builtin_ctzll(a) / 8;
		if ((b = not_plain(b)))
			return len - 8 + (size_t)__builtin_ctzll(b) / 8;
		return len;
	}
	if (len >= 4) {
		uint32_t a, b;
		uint64_t m;

		memcpy(&a, u, 4);
		memcpy(&b, u + len - 4, 4);
		m = not_plain(a | (uint64_t)b << 32);
		if (!m)
			return len;
		i = (size_t)__builtin_ctzll(m) / 8;
		return i < 4 ? i : len - 8 + i;
	}
#endif
	while (i < len && u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' &&
	       u[i] != '\\')
		i++;
	return i;
}

/* Writes s as a JSON string, then ": " after a key. Most strings have
 * nothing to escape and are copied as they are. */
static void put_string(struct json_writer *w, const char *s, bool key)
{
	size_t len, clean, n;
	unsigned facts;
	char *b;

	/* Keys, codes, dates and names are plain ASCII, looked at here
	 * once; textscan_json takes the rest from its first other byte
	 * (a character boundary). Text whose facts say it is clean
	 * (textscan.h) is not looked at at all. */
	if (textfacts_get(s, &len, &facts) && (facts & TEXTFACT_JSON)) {
		clean = len;
	} else {
		len = strlen(s);
		clean = plain_ascii(s, len);
		if (clean < len && (unsigned char)s[clean] >= 0x80)
			clean += textscan_json(s + clean, len - clean);
	}
	n = len + (key ? 4 : 2);
	if (clean == len && n <= JSON_BUF / 2) {
		b = reserve(w, n);
		*b++ = '"';
		memcpy(b, s, clean);
		b += clean;
		*b++ = '"';
		if (key) {
			b[0] = ':';
			b[1] = ' ';
		}
		w->len += n;
		return;
	}
	put_ch(w, '"');
	if (clean == len)
		put(w, s, len);
	else
		put_escaped(w, s, clean, len);
	put_ch(w, '"');
	if (key)
		put(w, ": ", 2);
}

void json_key(struct json_writer *w, const char *key)
{
	if (w->depth > 0)
		member_prefix(w);
	put_string(w, key ? key : "", true);
	w->after_key = true;
}

char *json_key_room(struct json_writer *w, size_t n)
{
	char *b = reserve(w, sizeof(indent) - 1 + n);
	size_t comma;

	if (w->depth > 0) {
		comma = w->need_comma[w->depth];
		w->need_comma[w->depth] = true;
		w->len += put_indent(b, comma, w->depth);
	}
	return w->buf + w->len;
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	/* before_value, with the separator written along with s. */
	if (w->after_key)
		w->after_key = false;
	else if (w->depth)
		member_prefix(w);
	put_string(w, s, false);
}

void json_int(struct json_writer *w, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	/* In unsigned arithmetic, so that LLONG_MIN negates. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
			       (unsigned long long)v;

	before_value(w);
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(buf + sizeof(buf) - p));
}

/* The locale's LC_NUMERIC stays "C" (main sets only LC_CTYPE), so %g
 * writes '.' as JSON needs, and strtod reads it back the same way. */
void json_number(struct json_writer *w, double v)
{
	char buf[32];
	int prec, n = -1;

	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	before_value(w);
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (n < 0 || (size_t)n >= sizeof(buf))
			continue;
		/* Exact comparison is the point: the shortest that reads
		 * back as the very same double. */
		if (strtod(buf, NULL) == v)
			break;
	}
	if (n < 0 || (size_t)n >= sizeof(buf))
		put_str(w, "null");	/* %.17g of a double fits in 32 */
	else
		put(w, buf, (size_t)n);
}

void json_bool(struct json_writer *w, bool v)
{
	before_value(w);
	put_str(w, v ? "true" : "false");
}

void json_null(struct json_writer *w)
{
	before_value(w);
	put_str(w, "null");
}

void json_end(struct json_writer *w)
{
	put_ch(w, '\n');
	flush(w);
	w->depth = 0;
	w->after_key = false;
	w->need_comma[0] = false;
}

void json_kv_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_kv_int(struct json_writer *w, const char *key, long long v)
{
	json_key(w, key);
	json_int(w, v);
}
