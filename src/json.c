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

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/json.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

void json_init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	memset(w->need_comma, 0, sizeof(w->need_comma));
	w->after_key = false;
	w->len = 0;
}

static void flush(struct json_writer *w)
{
	if (w->len)
		fwrite(w->buf, 1, w->len, w->f);
	w->len = 0;
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
		fwrite(s, 1, n, w->f);
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

static void newline_indent(struct json_writer *w)
{
	size_t n = 1 + 2 * (size_t)w->depth;
	char *b = reserve(w, n);

	b[0] = '\n';
	memset(b + 1, ' ', n - 1);
	w->len += n;
}

/* The separator and indentation before a member or element at w's
 * depth. */
static void member_prefix(struct json_writer *w)
{
	if (w->need_comma[w->depth])
		put_ch(w, ',');
	w->need_comma[w->depth] = true;
	newline_indent(w);
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

/* Writes s as a JSON string, then post (postlen bytes). Most strings have
 * nothing to escape and are copied as they are. */
static void put_string(struct json_writer *w, const char *s,
		       const char *post, size_t postlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, clean = 0;
	char *b;

	/* Keys, codes, dates and names are plain ASCII, looked at here
	 * once; textscan_json takes the rest from its first other byte
	 * (a character boundary). */
	while (u[clean] >= 0x20 && u[clean] < 0x80 && u[clean] != '"' &&
	       u[clean] != '\\')
		clean++;
	len = clean;
	if (u[clean]) {
		len += strlen(s + clean);
		clean += textscan_json(s + clean, len - clean);
	}
	if (clean == len && len + postlen + 2 <= JSON_BUF / 2) {
		b = reserve(w, len + postlen + 2);
		*b++ = '"';
		memcpy(b, s, len);
		b += len;
		*b++ = '"';
		memcpy(b, post, postlen);
		w->len += len + postlen + 2;
		return;
	}
	put_ch(w, '"');
	if (clean == len)
		put(w, s, len);
	else
		put_escaped(w, s, clean, len);
	put_ch(w, '"');
	put(w, post, postlen);
}

void json_key(struct json_writer *w, const char *key)
{
	if (w->depth > 0)
		member_prefix(w);
	put_string(w, key ? key : "", ": ", 2);
	w->after_key = true;
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
	put_string(w, s, "", 0);
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
