/* json.h: a small streaming JSON writer (RFC 8259).
 *
 * Strings must be valid UTF-8 (everything in plantrack is validated on
 * input); they are written as UTF-8 with ", \\ and control characters
 * escaped (\n, \t, ... and \u00XX), plus U+2028/U+2029 for the sake of
 * JavaScript consumers. Output is pretty-printed with two-space indents,
 * keys in the order they are written.
 */
#ifndef PLANTRACK_JSON_H
#define PLANTRACK_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "plantrack/out.h"

#define JSON_MAX_DEPTH 32
#define JSON_BUF 8192

/* Output is gathered in buf and written to f a block at a time (a call
 * into stdio per token cost more than the tokens): nothing reaches f
 * until the buffer fills or json_end, so the document must not be
 * interleaved with other writes to f. */
struct json_writer {
	FILE *f;
	struct out *o;		/* or, when not NULL, to this */
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
	size_t len;
	char buf[JSON_BUF];
};

void json_init(struct json_writer *w, FILE *f);
/* A writer to o, within the same containers as like at this point (its
 * depth and whether each has a member yet): a part of like's document,
 * drawn elsewhere, that fits where like is. Nothing to free. */
void json_init_like(struct json_writer *w, const struct json_writer *like,
		    struct out *o);
/* Hands what w holds to its FILE or out. */
void json_flush(struct json_writer *w);
/* The container w is in has members (written by writers json_init_like
 * made from w): the next gets a comma, and its end goes on a line of
 * its own. */
void json_members_written(struct json_writer *w);
void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
/* json_key for a key written in the source, a string literal of
 * printable ASCII but '"' and '\\': quoted as it is compiled, so that
 * neither its length nor its bytes are looked at as it is written (a
 * report writes one for every value), and copied in a size the compiler
 * knows. A literal of 256 bytes or more does not compile. */
#define JSON_KEY(w, lit) \
	((void)sizeof(char[sizeof(lit) < 256 ? 1 : -1]), \
	 json_key_quoted((w), "\"" lit "\": ", sizeof("\"" lit "\": ") - 1))

/* For json_key_quoted: the separator before a member, then room for n
 * more bytes (n at most JSON_BUF / 2), where they go. */
char *json_key_room(struct json_writer *w, size_t n);

/* The key already quoted, with ": " (n bytes, at most JSON_BUF / 2). */
static inline void json_key_quoted(struct json_writer *w,
				   const char *quoted, size_t n)
{
	memcpy(json_key_room(w, n), quoted, n);
	w->len += n;
	w->after_key = true;
}
void json_string(struct json_writer *w, const char *s);	/* NULL writes null */
void json_int(struct json_writer *w, long long v);
void json_number(struct json_writer *w, double v);	/* shortest round-trip form */
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
/* Finishes the document with a newline and writes out what is left. */
void json_end(struct json_writer *w);

/* Shorthands: key then value. */
void json_kv_string(struct json_writer *w, const char *key, const char *s);
void json_kv_int(struct json_writer *w, const char *key, long long v);

#endif
