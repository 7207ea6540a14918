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
	memset(w, 0, sizeof(*w));
	w->f = f;
}

static void newline_indent(struct json_writer *w)
{
	char buf[1 + 2 * JSON_MAX_DEPTH];

	/* One write: each call into stdio has a cost of its own. */
	buf[0] = '\n';
	memset(buf + 1, ' ', 2 * (size_t)w->depth);
	fwrite(buf, 1, 1 + 2 * (size_t)w->depth, w->f);
}

/* Separator and indentation before a value in an array or at the top. */
static void before_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->need_comma[w->depth])
		putc(',', w->f);
	w->need_comma[w->depth] = true;
	newline_indent(w);
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
	putc(c, w->f);
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
	putc(c, w->f);
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
static void put_escaped(FILE *f, const char *s, size_t from, size_t len)
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
			fwrite(run, 1, (size_t)(p - run), f);
			fputs(esc, f);
			run = p + n;
		}
		p += n;
		left -= n;
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

/* Writes pre (plen bytes: separators and indentation), then s as a JSON
 * string, then post. Most strings have nothing to escape
 * (textscan_json): a short one goes out with pre and post in one write,
 * since every write to a FILE has a cost of its own. */
static void put_string_between(FILE *f, const char *pre, size_t plen,
			       const char *s, const char *post)
{
	char buf[512];
	size_t len = strlen(s), postlen = strlen(post);
	size_t clean = textscan_json(s, len);

	if (clean == len && plen + len + postlen + 2 <= sizeof(buf)) {
		char *b = buf;

		memcpy(b, pre, plen);
		b += plen;
		*b++ = '"';
		memcpy(b, s, len);
		b += len;
		*b++ = '"';
		memcpy(b, post, postlen);
		b += postlen;
		fwrite(buf, 1, (size_t)(b - buf), f);
		return;
	}
	fwrite(pre, 1, plen, f);
	putc('"', f);
	if (clean == len)
		fwrite(s, 1, len, f);
	else
		put_escaped(f, s, clean, len);
	putc('"', f);
	fputs(post, f);
}

/* The separator and indentation before a member or element at w's
 * depth, into buf (at least 2 + 2 * JSON_MAX_DEPTH bytes); its length. */
static size_t member_prefix(struct json_writer *w, char *buf)
{
	size_t n = 0;

	if (w->need_comma[w->depth])
		buf[n++] = ',';
	w->need_comma[w->depth] = true;
	buf[n++] = '\n';
	memset(buf + n, ' ', 2 * (size_t)w->depth);
	return n + 2 * (size_t)w->depth;
}

void json_key(struct json_writer *w, const char *key)
{
	char pre[2 + 2 * JSON_MAX_DEPTH];
	size_t plen = 0;

	if (w->depth > 0)
		plen = member_prefix(w, pre);
	put_string_between(w->f, pre, plen, key ? key : "", ": ");
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	char pre[2 + 2 * JSON_MAX_DEPTH];
	size_t plen = 0;

	/* before_value, with the separator written along with s. */
	if (w->after_key)
		w->after_key = false;
	else if (w->depth)
		plen = member_prefix(w, pre);
	put_string_between(w->f, pre, plen, s, "");
}

void json_int(struct json_writer *w, long long v)
{
	before_value(w);
	fprintf(w->f, "%lld", v);
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
		fputs("null", w->f);	/* %.17g of a double fits in 32 */
	else
		fputs(buf, w->f);
}

void json_bool(struct json_writer *w, bool v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	before_value(w);
	fputs("null", w->f);
}

void json_end(struct json_writer *w)
{
	putc('\n', w->f);
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
