/* doc_int.h: what the drawers share: the text ones (doc_text.c,
 * doc_md.c, doc_html.c) an output buffer in front of their FILE; those
 * that write a zip of XML (doc_docx.c, doc_odt.c) XML text escaping and a
 * zip archive built in memory with fixed timestamps, so that the same
 * document gives the same bytes. */
#ifndef PLANTRACK_DOC_INT_H
#define PLANTRACK_DOC_INT_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plantrack/doc.h"
#include "plantrack/prefetch.h"
#include "plantrack/strbuf.h"

struct out;

/* For the drawers that need a table's rows all at once (docx, odt):
 * -1 with errno EINVAL when d has a streamed table (doc_table_stream),
 * whose rows are made a few at a time, or a streamed list
 * (doc_list_stream); else 0. */
int doc_refuse_streamed(const struct doc *d);

/* How many rows ahead of the one being drawn a drawer asks for the text
 * of, and the asking: a table's texts lie where they were recorded, not
 * in its order, and at 100 000 rows waiting for each (a cache and TLB
 * miss) was a fifth of a warm report. Only a hint; it changes nothing.
 * NULL is fine. */
#define DOC_AHEAD 4

PT_PREFETCHER void doc_prefetch_row(const struct doc_table *t,
				   const struct doc_row *r)
{
	const struct doc_para *p;

	if (!r)
		return;
	for (size_t c = 0; c < t->ncols; c++)
		if ((p = r->cells[c].paras) && p->runs)
			__builtin_prefetch(p->runs->text);
}

/* The row n after r, or NULL. */
static inline const struct doc_row *doc_row_ahead(const struct doc_row *r,
						  size_t n)
{
	while (r && n--)
		r = r->next;
	return r;
}

/* A run of a streamed table's fills, [from, to) of doc_table_seekable's
 * n_fills, made on the calling thread into memory of its own: what a
 * drawer reads a table's rows from on two threads at once. The rows
 * made before are freed as the next are (as doc_table_next does); the
 * cells' row numbers count from the run's start. */
struct doc_part {
	struct doc d;		/* the memory the rows are made in */
	struct doc_table t;	/* the current fill's rows */
	void *ctx;		/* the fill's, seeked to the run's start */
	size_t k, to;		/* the next fill, and the run's end */
};

/* 0, or -1 with errno (ENOMEM; EINVAL when t is not seekable). Close
 * with doc_part_close either way. */
int doc_part_open(struct doc_part *p, const struct doc_table *t,
		  size_t from, size_t to);
/* The run's rows in order, as doc_table_first and doc_table_next: the
 * first (r NULL) or the one after r; NULL after the last. */
const struct doc_row *doc_part_next(struct doc_part *p,
				    const struct doc_row *r);
/* After reading the run's rows: 0, or -1 with errno when making them
 * failed and the rows read are not the whole run. */
int doc_part_status(const struct doc_part *p);
void doc_part_close(struct doc_part *p);

/* Each row of fills [from, to) of t (seekable), in order, given to each
 * with the fill it is of: 0, or -1 with errno when making them failed
 * (the rows given are then not the whole run). */
typedef void doc_each_row_fn(const struct doc_row *r, size_t fill,
			     void *arg);
int doc_fills_each(const struct doc_table *t, size_t from, size_t to,
		   doc_each_row_fn *each, void *arg);

/* err kept in *first unless a failure is kept there already: the
 * first of the threads' failures. */
static inline void doc_keep_error(atomic_int *first, int err)
{
	int none = 0;

	(void)atomic_compare_exchange_strong(first, &none, err ? err : ENOMEM);
}

/* A streamed table of this many fills or more, with at least one head
 * row, is drawn on two threads, in chunks of DOC_SPLIT_CHUNK fills
 * (split.h): a report's appendix of 4 096 tasks and more. */
#define DOC_SPLIT_MIN 64
#define DOC_SPLIT_CHUNK 16

/* Whether t's rows are read as its head rows (doc_table_first, then
 * ->next to the last, made before its fills), then its fills' through
 * doc_part: t is seekable, has a head row, and DOC_SPLIT_MIN fills or
 * more (split_least). Its fills make body rows only, some of them. */
bool doc_table_in_parts(const struct doc_table *t);

/* Draws one body row of t (a drawer's own): thread-safe. */
typedef void doc_row_fn(struct out *o, const struct doc_table *t,
			const struct doc_row *r);

/* The fills' rows of t (doc_table_in_parts) each drawn by row to o, on
 * two threads when they are many: 0, or -1 with errno when making them
 * failed. */
int doc_draw_fills(struct out *o, const struct doc_table *t, doc_row_fn *row);

/* draw(d) through a struct out (out.h) in front of f, flushed: draw's
 * result, or -1 when f has seen a write error. */
int doc_draw_buffered(const struct doc *d, FILE *f,
		      int (*draw)(const struct doc *, struct out *));

/* s as XML character data or attribute value: &, <, >, " and ' escaped,
 * and what XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE,
 * U+FFFF) left out. s is valid UTF-8. */
void doc_xml_text(struct strbuf *sb, const char *s);
/* The same for s[0..n). */
void doc_xml_text_n(struct strbuf *sb, const char *s, size_t n);

/* A zip archive being built in memory (libzip). Parts are written in
 * the order they are added, each dated 1980-01-01 00:00 (the earliest
 * DOS time), deflated unless stored. */
struct doc_zip;

/* NULL when out of memory or libzip fails (errno set). */
struct doc_zip *doc_zip_new(void);
/* Adds a part and takes sb's buffer (sb is left empty). Returns 0 or -1;
 * after a failure the archive is unusable, and doc_zip_write fails. */
int doc_zip_add(struct doc_zip *z, const char *name, struct strbuf *sb,
		bool store);
int doc_zip_add_str(struct doc_zip *z, const char *name, const char *s,
		    bool store);
/* Finishes the archive and writes its bytes to f; frees z either way.
 * Returns 0 or -1 (errno: EIO for a libzip failure). */
int doc_zip_write(struct doc_zip *z, FILE *f);
/* Frees an archive not written. NULL is fine. */
void doc_zip_free(struct doc_zip *z);

#endif
