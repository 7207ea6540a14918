/* out.h: an output buffer in front of a FILE.
 *
 * The renderers write a document a few bytes at a time (a tag, a cell,
 * a separator); a call into stdio per piece cost more than the pieces.
 * They write into a struct out instead, which hands its FILE a block at
 * a time. Nothing reaches the FILE before the buffer fills or out_flush:
 * a document written through one must not be interleaved with other
 * writes to its FILE. The struct is the caller's (on the stack); it owns
 * nothing.
 */
#ifndef PLANTRACK_OUT_H
#define PLANTRACK_OUT_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* A block as large as this goes past stdio's own buffer (4 KB to a file
 * or /dev/null) in one write(2): at 16 KB, a 160 MB report took 20 000
 * writes. */
#define OUT_BUF 65536

/* Texts written by reference (out_write_ref), at most this many, and
 * of this many bytes, between two flushes. */
#define OUT_REFS 1024
#define OUT_REF_BYTES ((size_t)1 << 20)
/* A shorter text is copied: a reference costs as much as copying it. */
#define OUT_REF_MIN 256

struct out_spool;

struct out {
	FILE *f;
	/* Or, with f NULL, where what is flushed is kept (out_init_spool). */
	struct out_spool *spool;
	size_t len;
	/* The texts out_write_ref was given, each written after buf[0..at)
	 * and before the rest of buf. */
	struct out_ref {
		const char *s;
		size_t n, at;
	} refs[OUT_REFS];
	size_t n_refs, ref_bytes;
	char buf[OUT_BUF];
};

void out_init(struct out *o, FILE *f);
/* An out that keeps what it is given, texts by reference included, for
 * out_spool_put to write later through another: a part of a document
 * drawn on another thread while the part before it is written. 0, or
 * -1 with errno ENOMEM. out_spool_free frees it. */
int out_init_spool(struct out *o);
/* Writes what spool (an out_init_spool out) was given through dst, after
 * what dst was given, and empties spool for more (its memory kept): 0,
 * or -1 with errno when dst's FILE has seen an error, or ENOMEM when
 * spool could not keep all it was given (nothing of it is then written:
 * the caller writes that part again). */
int out_spool_put(struct out *dst, struct out *spool);
/* Frees spool's memory, what it keeps unwritten (NULL is fine). */
void out_spool_free(struct out *spool);
/* A struct out on the heap (about 90 KB), initialised: NULL on ENOMEM.
 * out_free flushes it and frees it (NULL is fine). */
struct out *out_new(FILE *f);
void out_free(struct out *o);
/* Hands what is buffered to the FILE: 0, or -1 when the FILE has seen
 * an error (ferror), then or before. */
int out_flush(struct out *o);
/* Whether the FILE has seen an error so far (what is still buffered is
 * not written yet); for a spool, whether it failed to keep something. */
int out_error(const struct out *o);
/* out_write of what does not fit the buffer's room. */
void out_write_slow(struct out *o, const char *s, size_t n);
/* out_write of s[0..n), which stays as it is until the next out_flush
 * (the model's texts, in a snapshot's mapping or the plan's arena): a
 * long one is not copied but handed to the kernel from where it is,
 * with the bytes around it, in one writev(2) (a 45 MB list at 100 000
 * tasks is mostly the tasks' texts). Where the FILE has no descriptor,
 * or writev fails, what is left goes through the FILE (whose error
 * then says what failed). */
void out_write_ref(struct out *o, const char *s, size_t n);
void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void out_write(struct out *o, const char *s, size_t n)
{
	if (n <= OUT_BUF - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		out_write_slow(o, s, n);
	}
}

/* out_write of a short text, the usual cell of a table row: copies of
 * fixed sizes, which the compiler makes inline, each within s[0..n) and
 * the buffer's room (a call to memmove a cell cost more than the cell:
 * a tenth of a warm list of 100 000 tasks). */
static inline void out_write_short(struct out *o, const char *s, size_t n)
{
	char *d = o->buf + o->len;

	if (n > 32 || OUT_BUF - o->len < 32) {
		out_write(o, s, n);
		return;
	}
	if (n >= 16) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	}
	o->len += n;
}

/* n blanks: the run between a table's columns. */
static inline void out_blanks(struct out *o, size_t n)
{
	/* Thirty-two are written where there is room for them, n kept:
	 * what is past the end is written over next. */
	if (n <= 32 && OUT_BUF - o->len >= 32) {
		memset(o->buf + o->len, ' ', 32);
		o->len += n;
		return;
	}
	while (n > 0) {
		static const char blanks[] = "                                ";
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;

		out_write(o, blanks, k);
		n -= k;
	}
}

static inline void out_putc(struct out *o, char c)
{
	if (o->len == OUT_BUF)
		out_flush(o);
	o->buf[o->len++] = c;
}

static inline void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

#endif
