/* doc.c: the document model and its builder (doc.h).
 *
 * Everything lives in the document's arena and is linked in order: blocks,
 * a paragraph's runs, a list's items, a table's rows, a cell's paragraphs.
 * Drawers walk the lists once, so building and drawing are linear in the
 * size of the document.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/doc.h"
#include "plantrack/out.h"
#include "plantrack/split.h"
#include "plantrack/strbuf.h"

#include "doc_int.h"

/* What a builder call returns once the document has failed: never linked
 * into a document, never written to (every call checks d->failed first). */
static struct doc_para dummy_para;
static struct doc_block dummy_block;
static struct doc_table dummy_table;
static struct doc_row dummy_row;

static bool usable(const struct doc *d)
{
	return d && !d->failed && (!d->finished || d->filling);
}

static void fail(struct doc *d, int error)
{
	if (!d->failed)
		d->error = error;
	d->failed = true;
}

/* A document's nodes hold pointers and integers only: packed at pointer
 * alignment. */
static void *alloc(struct doc *d, size_t size)
{
	void *p = arena_alloc_ptr(d->cur, size);

	if (!p)
		fail(d, ENOMEM);
	return p;
}

void *doc_alloc(struct doc *d, size_t size)
{
	if (!usable(d) || d->filling)
		return NULL;
	return alloc(d, size ? size : 1);
}

static const char *copy(struct doc *d, const char *s)
{
	const char *c;

	if (!s)
		return NULL;
	c = arena_strdup(d->cur, s);
	if (!c)
		fail(d, ENOMEM);
	return c;
}

static const char **copy_lines(struct doc *d, const char *const *lines,
			       size_t n)
{
	const char **v;
	size_t i;

	if (n > SIZE_MAX / sizeof(*v)) {
		fail(d, ENOMEM);
		return NULL;
	}
	v = alloc(d, (n ? n : 1) * sizeof(*v));
	for (i = 0; v && i < n; i++)
		v[i] = copy(d, lines[i]);
	return v;
}

/* Rows a vertical span would need past the end: the span stops at the
 * last row. */
static void close_table(struct doc *d)
{
	struct doc_table *t = d->open_table;
	size_t c;

	if (!t)
		return;
	for (c = 0; c < t->ncols; c++) {
		if (t->pending[c] && t->pending_origin[c]) {
			struct doc_cell *o =
				(struct doc_cell *)t->pending_origin[c];

			/* Each column of a wide span holds the same count:
			 * cut once, at the origin's own column. */
			if (o->col == c)
				o->rowspan -= t->pending[c];
		}
		t->pending[c] = 0;
		t->pending_origin[c] = NULL;
	}
	d->open_table = NULL;
}

static struct doc_block *add_block(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b;

	if (!usable(d))
		return &dummy_block;
	/* A fill makes its table's rows or its list's items, nothing else:
	 * a block made while one is streamed would be gone when drawn. */
	if (d->filling || d->fill_list) {
		fail(d, EINVAL);
		return &dummy_block;
	}
	close_table(d);
	b = alloc(d, sizeof(*b));
	if (!b)
		return &dummy_block;
	b->kind = kind;
	if (d->last)
		d->last->next = b;
	else
		d->blocks = b;
	d->last = b;
	return b;
}

struct doc *doc_new(const char *title)
{
	struct doc *d = calloc(1, sizeof(*d));

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->cur = &d->arena;
	d->title = copy(d, title ? title : "");
	if (d->failed) {
		doc_free(d);
		errno = ENOMEM;
		d = NULL;
	}
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	arena_free(&d->arena);
	arena_free(&d->scratch);
	free(d);
}

int doc_finish(struct doc *d)
{
	int ret = -1;

	if (!d) {
		errno = EINVAL;
		goto out;
	}
	if (!d->failed && !d->finished)
		close_table(d);
	d->finished = true;
	if (d->failed) {
		errno = d->error ? d->error : ENOMEM;
		goto out;
	}
	ret = 0;
out:
	return ret;
}

void doc_section(struct doc *d, enum doc_orient orient, bool restart)
{
	struct doc_block *b = add_block(d, DOC_SECTION);

	if (b != &dummy_block) {
		b->sec.orient = orient;
		b->sec.restart = restart;
	}
}

void doc_header(struct doc *d, const struct doc_header *h)
{
	struct doc_block *b = add_block(d, DOC_HEADER);

	if (b == &dummy_block)
		return;
	b->header.superior = copy(d, h->superior);
	b->header.agency = copy(d, h->agency ? h->agency : "");
	b->header.motto1 = copy(d, h->motto1 ? h->motto1 : "");
	b->header.motto2 = copy(d, h->motto2 ? h->motto2 : "");
	b->header.number = copy(d, h->number ? h->number : "");
	b->header.place_date = copy(d, h->place_date ? h->place_date : "");
}

void doc_title(struct doc *d, const char *kind, const char *subject)
{
	struct doc_block *b = add_block(d, DOC_TITLE);

	if (b == &dummy_block)
		return;
	b->kind_text = copy(d, kind ? kind : "");
	b->text = copy(d, subject ? subject : "");
}

void doc_addressee(struct doc *d, const char *label, const char *const *lines,
		   size_t n)
{
	struct doc_block *b = add_block(d, DOC_ADDRESSEE);

	if (b == &dummy_block)
		return;
	b->label = copy(d, label ? label : "");
	b->lines = copy_lines(d, lines, n);
	b->n_lines = n;
}

void doc_heading(struct doc *d, int level, const char *text)
{
	struct doc_block *b = add_block(d, DOC_HEADING);

	if (b == &dummy_block)
		return;
	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->text = copy(d, text ? text : "");
}

static struct doc_para *new_para(struct doc *d, enum doc_align align,
				 unsigned flags)
{
	struct doc_para *p = alloc(d, sizeof(*p));

	if (!p)
		return &dummy_para;
	p->align = align;
	p->flags = flags;
	return p;
}

struct doc_para *doc_para(struct doc *d, enum doc_align align, unsigned flags)
{
	struct doc_block *b = add_block(d, DOC_PARA);

	if (b == &dummy_block)
		return &dummy_para;
	b->para = new_para(d, align, flags);
	return b->para;
}

static void add_run(struct doc *d, struct doc_para *p, unsigned style,
		    const char *text, bool borrow)
{
	struct doc_run *r;

	if (!usable(d) || !p || p == &dummy_para || !text || !*text)
		return;
	r = alloc(d, sizeof(*r));
	if (!r)
		return;
	r->text = borrow ? text : copy(d, text);
	r->style = style;
	if (p->last)
		p->last->next = r;
	else
		p->runs = r;
	p->last = r;
}

void doc_run(struct doc *d, struct doc_para *p, unsigned style,
	     const char *text)
{
	add_run(d, p, style, text, false);
}

void doc_run_ref(struct doc *d, struct doc_para *p, unsigned style,
		 const char *text)
{
	add_run(d, p, style, text, true);
}

void doc_runf(struct doc *d, struct doc_para *p, unsigned style,
	      const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!usable(d))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	doc_run(d, p, style, sb.buf);
	strbuf_release(&sb);
}

void doc_text(struct doc *d, enum doc_align align, unsigned flags,
	      const char *text)
{
	doc_run(d, doc_para(d, align, flags), 0, text);
}

struct doc_block *doc_list(struct doc *d, const char *marker)
{
	struct doc_block *b = add_block(d, DOC_LIST);

	if (b != &dummy_block)
		b->label = copy(d, marker ? marker : "-");
	return b;
}

struct doc_para *doc_item(struct doc *d, struct doc_block *list)
{
	struct doc_para *p;

	if (!usable(d) || !list || list == &dummy_block ||
	    list->kind != DOC_LIST)
		return &dummy_para;
	/* A list given a fill takes items from it alone, and a fill (a
	 * table's too) gives items to its own list alone. */
	if ((list->fill || d->fill_list || d->filling) &&
	    list != d->fill_list) {
		fail(d, EINVAL);
		return &dummy_para;
	}
	p = new_para(d, DOC_JUSTIFY, DOC_INDENT);
	if (p == &dummy_para)
		return p;
	if (list->last_item)
		list->last_item->next = p;
	else
		list->items = p;
	list->last_item = p;
	return p;
}

/* ---- streamed lists and tables ---- */

/* Two copies of a fill's ctx[0..size) in d: the fills' own, then the
 * one each first item or row starts from again. NULL when d failed. */
static void *fill_copies(struct doc *d, const void *ctx, size_t size)
{
	char *own = alloc(d, size ? 2 * size : 1);

	if (own && size) {
		memcpy(own, ctx, size);
		memcpy(own + size, ctx, size);
	}
	return own;
}

/* A fill's items or rows are made in the scratch memory, which the one
 * before it made its own in: free it, and make d's new blocks there
 * until fill_end. */
static void fill_begin(struct doc *d)
{
	arena_free(&d->scratch);
	d->filling = true;
	d->cur = &d->scratch;
}

static void fill_end(struct doc *d)
{
	d->cur = &d->arena;
	d->filling = false;
}

/* ---- streamed lists ---- */

/* One call of list's fill, list alone taking items meanwhile: whether
 * more may follow. */
static bool call_list_fill(struct doc *d, struct doc_block *list, void *ctx)
{
	bool more;

	d->fill_list = list;
	more = list->fill(d, list, ctx);
	d->fill_list = NULL;
	return more;
}

int doc_list_stream(struct doc *d, struct doc_block *list, bool stream,
		    doc_list_fill_fn *fill, const void *ctx, size_t ctx_size)
{
	void *own;

	if (!usable(d) || d->filling || d->fill_list || !list ||
	    list == &dummy_block || list->kind != DOC_LIST || list->fill ||
	    !fill || (ctx_size && !ctx)) {
		if (usable(d))
			fail(d, EINVAL);
		return -1;
	}
	own = fill_copies(d, ctx, ctx_size);
	if (!own)
		return -1;
	/* Kept or streamed, the list's items come from fill alone. */
	list->fill = fill;
	list->fill_ctx = own;
	list->fill_start = (char *)own + ctx_size;
	list->fill_size = ctx_size;
	if (!stream) {
		/* Made now, and kept, by the same calls as when streamed. */
		while (call_list_fill(d, list, own) && usable(d))
			;
		list->filled = true;
		return usable(d) ? 0 : -1;
	}
	list->owner = d;
	list->head_item = list->last_item;
	return 0;
}

/* Streamed list's items but those made before its first fill. */
static void list_cut_to_head(struct doc_block *list)
{
	if (list->head_item) {
		list->head_item->next = NULL;
		list->last_item = list->head_item;
	} else {
		list->items = list->last_item = NULL;
	}
}

/* The next items of streamed list, in place of those before: false when
 * the document failed. */
static bool next_list_fill(struct doc_block *list)
{
	struct doc *d = list->owner;
	bool more;

	if (!d || d->failed)
		return false;
	fill_begin(d);
	list_cut_to_head(list);
	more = call_list_fill(d, list, list->fill_ctx);
	fill_end(d);
	list->filled = !more;
	return !d->failed;
}

const struct doc_para *doc_list_first(const struct doc_block *list)
{
	/* The list is the document's, not const while it is drawn. */
	struct doc_block *w = (struct doc_block *)list;

	if (!list)
		return NULL;
	if (list->owner) {
		/* Streamed: from before the first fill again. */
		list_cut_to_head(w);
		if (list->fill_size)
			memcpy(w->fill_ctx, list->fill_start, list->fill_size);
		w->filled = false;
	}
	if (list->items)
		return list->items;
	return list->fill && !list->filled ? doc_list_next(list, NULL) : NULL;
}

const struct doc_para *doc_list_next(const struct doc_block *list,
				     const struct doc_para *p)
{
	/* The list is the document's, which is not const while it is
	 * drawn: its items are made then. */
	struct doc_block *w = (struct doc_block *)list;
	const struct doc_para *first;

	if (!list)
		return NULL;
	if (p && p->next)
		return p->next;
	while (w->fill && !w->filled) {
		if (!next_list_fill(w))
			return NULL;
		first = w->head_item ? w->head_item->next : w->items;
		if (first)
			return first;
	}
	return NULL;
}

int doc_list_status(const struct doc_block *list)
{
	if (list && list->owner && list->owner->failed) {
		errno = list->owner->error ? list->owner->error : ENOMEM;
		return -1;
	}
	return 0;
}

void doc_appendix(struct doc *d, const char *label, const char *name,
		  const char *note)
{
	struct doc_block *b = add_block(d, DOC_APPENDIX);

	if (b == &dummy_block)
		return;
	b->label = copy(d, label ? label : "");
	b->kind_text = copy(d, name ? name : "");
	b->text = copy(d, note ? note : "");
}

void doc_closing(struct doc *d, const struct doc_closing *c)
{
	struct doc_block *b = add_block(d, DOC_CLOSING);

	if (b == &dummy_block)
		return;
	b->closing.recipients_label = copy(d, c->recipients_label ?
					   c->recipients_label : "");
	b->closing.recipients = copy_lines(d, c->recipients,
					   c->n_recipients);
	b->closing.n_recipients = c->n_recipients;
	b->closing.authority = copy(d, c->authority);
	b->closing.title = copy(d, c->title);
	b->closing.name = copy(d, c->name ? c->name : "");
}

struct doc_table *doc_table(struct doc *d, size_t ncols, const int *widths)
{
	struct doc_block *b;
	struct doc_table *t;
	long sum = 0, acc = 0;
	size_t c;

	if (!usable(d) || !ncols || ncols > DOC_MAX_COLS) {
		if (usable(d))
			fail(d, EINVAL);
		return &dummy_table;
	}
	b = add_block(d, DOC_TABLE);
	if (b == &dummy_block)
		return &dummy_table;
	t = alloc(d, sizeof(*t));
	if (!t)
		return &dummy_table;
	t->ncols = ncols;
	t->widths = alloc(d, ncols * sizeof(*t->widths));
	t->pending = alloc(d, ncols * sizeof(*t->pending));
	/* An array of pointers, one per column. */
	// NOLINTNEXTLINE(bugprone-sizeof-expression)
	t->pending_origin = alloc(d, ncols * sizeof(const struct doc_cell *));
	if (d->failed)
		return &dummy_table;
	for (c = 0; c < ncols; c++)
		sum += widths && widths[c] > 0 ? widths[c] : 1;
	/* Shares of 1000 that add up exactly: the last takes the rest. */
	for (c = 0; c < ncols; c++) {
		long w = widths && widths[c] > 0 ? widths[c] : 1;

		t->widths[c] = c + 1 < ncols ? (int)(w * 1000 / sum) :
			(int)(1000 - acc);
		acc += t->widths[c];
	}
	b->table = t;
	d->open_table = t;
	return t;
}

struct doc_row *doc_row(struct doc *d, struct doc_table *t, unsigned flags)
{
	struct doc_row *r;
	size_t c;

	if (!usable(d) || t == &dummy_table || t != d->open_table)
		return &dummy_row;
	/* A cell's row is an unsigned: no table gets that far. */
	if (t->nrows >= UINT_MAX) {
		fail(d, ENOMEM);
		return &dummy_row;
	}
	/* ncols <= DOC_MAX_COLS: no overflow. */
	r = alloc(d, sizeof(*r) + t->ncols * sizeof(r->cells[0]));
	if (!r)
		return &dummy_row;
	r->flags = flags;
	for (c = 0; c < t->ncols; c++) {
		r->cells[c].row = (unsigned)t->nrows;
		r->cells[c].col = (unsigned)c;
		if (t->pending[c]) {
			r->cells[c].covered = t->pending_origin[c];
			if (!--t->pending[c])
				t->pending_origin[c] = NULL;
		}
	}
	if (t->last)
		t->last->next = r;
	else
		t->rows = r;
	t->last = r;
	t->nrows++;
	return r;
}

static struct doc_cell *slot(struct doc_table *t, size_t col)
{
	if (!t->last || col >= t->ncols ||
	    (t->in_fill && t->last == t->fill_from))
		return NULL;
	return &t->last->cells[col];
}

struct doc_para *doc_cell(struct doc *d, struct doc_table *t, size_t col,
			  unsigned colspan, unsigned rowspan,
			  enum doc_align align, unsigned flags)
{
	struct doc_cell *cell;
	size_t c;

	if (!usable(d) || t == &dummy_table || t != d->open_table)
		return &dummy_para;
	cell = slot(t, col);
	if (!colspan)
		colspan = 1;
	if (!rowspan)
		rowspan = 1;
	/* A placement the table cannot hold is the builder's mistake: fail
	 * the document rather than draw a wrong table. */
	if (!cell || cell->covered || cell->colspan ||
	    colspan > t->ncols - col || rowspan > DOC_MAX_ROWSPAN) {
		fail(d, EINVAL);
		return &dummy_para;
	}
	for (c = col; c < col + colspan; c++) {
		struct doc_cell *s = &t->last->cells[c];

		if (s->covered || s->colspan) {
			fail(d, EINVAL);
			return &dummy_para;
		}
	}
	cell->colspan = colspan;
	cell->rowspan = rowspan;
	for (c = col; c < col + colspan; c++) {
		if (c > col)
			t->last->cells[c].covered = cell;
		if (rowspan > 1) {
			t->pending[c] = rowspan - 1;
			t->pending_origin[c] = cell;
		}
	}
	cell->paras = cell->last = new_para(d, align, flags);
	return cell->paras;
}

struct doc_para *doc_cell_para(struct doc *d, struct doc_table *t, size_t col,
			       enum doc_align align, unsigned flags)
{
	struct doc_cell *cell;
	struct doc_para *p;

	if (!usable(d) || t == &dummy_table || t != d->open_table)
		return &dummy_para;
	cell = slot(t, col);
	if (!cell || !cell->colspan) {
		fail(d, EINVAL);
		return &dummy_para;
	}
	p = new_para(d, align, flags);
	if (p == &dummy_para)
		return p;
	cell->last->next = p;
	cell->last = p;
	return p;
}

/* ---- streamed tables ---- */

/* A span still open at the end of a fill: the rows it covers are not
 * made by the same call. Cut, as at a table's end, and the document
 * fails. */
static void end_fill(struct doc *d, struct doc_table *t)
{
	bool open = false;

	for (size_t c = 0; c < t->ncols; c++)
		open |= t->pending[c] != 0;
	if (open) {
		d->open_table = t;
		close_table(d);
		fail(d, EINVAL);
	}
}

/* One call of fill on t, its rows placed after t's last row and checked
 * to stay within the call (end_fill): whether more may follow. */
static bool call_fill(struct doc *d, struct doc_table *t, doc_fill_fn *fill,
		      void *ctx)
{
	bool more;

	t->in_fill = true;
	t->fill_from = t->last;
	more = fill(d, t, ctx);
	t->in_fill = false;
	if (!d->failed)
		end_fill(d, t);
	return more;
}

int doc_table_stream(struct doc *d, struct doc_table *t, bool stream,
		     doc_fill_fn *fill, const void *ctx, size_t ctx_size)
{
	void *own;

	if (!usable(d) || d->filling || t == &dummy_table ||
	    t != d->open_table || !fill || (ctx_size && !ctx)) {
		if (usable(d))
			fail(d, EINVAL);
		return -1;
	}
	own = fill_copies(d, ctx, ctx_size);
	if (!own)
		return -1;
	if (!stream) {
		/* Made now, and kept: each call's spans end in its rows, as
		 * when streamed, so that both ways take the same fills. */
		while (call_fill(d, t, fill, own) && usable(d))
			;
		return usable(d) ? 0 : -1;
	}
	close_table(d);
	t->owner = d;
	t->fill = fill;
	t->fill_ctx = own;
	t->fill_start = (char *)own + ctx_size;
	t->fill_size = ctx_size;
	t->head_rows = t->nrows;
	t->head_last = t->last;
	return 0;
}

/* Streamed table t's rows but those made before its first fill. */
static void table_cut_to_head(struct doc_table *t)
{
	if (t->head_last) {
		t->head_last->next = NULL;
		t->last = t->head_last;
	} else {
		t->rows = t->last = NULL;
	}
}

/* Streamed table t as before its first fill. */
static void rewind_fills(struct doc_table *t)
{
	table_cut_to_head(t);
	if (t->fill_size)
		memcpy(t->fill_ctx, t->fill_start, t->fill_size);
	t->nrows = t->head_rows;
	t->filled = false;
}

/* The next rows of streamed table t, in place of those before: false
 * when the document failed. */
static bool next_fill(struct doc_table *t)
{
	struct doc *d = t->owner;
	bool more;

	if (!d || d->failed)
		return false;
	fill_begin(d);
	table_cut_to_head(t);
	d->open_table = t;
	more = call_fill(d, t, t->fill, t->fill_ctx);
	d->open_table = NULL;
	fill_end(d);
	t->filled = !more;
	return !d->failed;
}

const struct doc_row *doc_table_first(const struct doc_table *t)
{
	if (!t)
		return NULL;
	/* The table is the document's, not const while it is drawn. */
	if (t->fill)
		rewind_fills((struct doc_table *)t);
	if (t->rows)
		return t->rows;
	return t->fill && !t->filled ? doc_table_next(t, NULL) : NULL;
}

const struct doc_row *doc_table_next(const struct doc_table *t,
				     const struct doc_row *r)
{
	/* The table is the document's, which is not const while it is
	 * drawn: its rows are made then. */
	struct doc_table *w = (struct doc_table *)t;
	const struct doc_row *first;

	if (!t)
		return NULL;
	if (r && r->next)
		return r->next;
	while (w->fill && !w->filled) {
		if (!next_fill(w))
			return NULL;
		first = w->head_last ? w->head_last->next : w->rows;
		if (first)
			return first;
	}
	return NULL;
}

void doc_table_seekable(struct doc_table *t, doc_seek_fn *seek,
			size_t n_fills)
{
	if (!t || t == &dummy_table || !t->fill)
		return;
	t->seek = seek;
	t->n_fills = seek ? n_fills : 0;
}

int doc_part_open(struct doc_part *p, const struct doc_table *t,
		  size_t from, size_t to)
{
	memset(p, 0, sizeof(*p));
	p->d.cur = &p->d.arena;
	p->d.finished = true;
	if (!t || !t->fill || !t->seek) {
		errno = EINVAL;
		return -1;
	}
	/* The table as it is to a fill: its columns, no rows, no spans
	 * pending. */
	p->t.ncols = t->ncols;
	p->t.widths = t->widths;
	p->t.pending = calloc(t->ncols ? t->ncols : 1, sizeof(*p->t.pending));
	p->t.pending_origin = calloc(t->ncols ? t->ncols : 1,
				     sizeof(const struct doc_cell *));
	p->t.fill = t->fill;
	p->t.owner = &p->d;
	p->ctx = malloc(t->fill_size ? t->fill_size : 1);
	if (!p->t.pending || !p->t.pending_origin || !p->ctx) {
		errno = ENOMEM;
		return -1;
	}
	if (t->fill_size)
		memcpy(p->ctx, t->fill_start, t->fill_size);
	t->seek(p->ctx, from);
	p->k = from;
	p->to = to;
	return 0;
}

/* The next fill of p's run, in place of the rows before: false when
 * making it failed. */
static bool part_fill(struct doc_part *p)
{
	struct doc *d = &p->d;

	fill_begin(d);
	p->t.rows = p->t.last = NULL;
	d->open_table = &p->t;
	(void)call_fill(d, &p->t, p->t.fill, p->ctx);
	d->open_table = NULL;
	fill_end(d);
	p->k++;
	return !d->failed;
}

const struct doc_row *doc_part_next(struct doc_part *p,
				    const struct doc_row *r)
{
	if (r && r->next)
		return r->next;
	while (p->k < p->to && !p->d.failed) {
		if (!part_fill(p))
			return NULL;
		if (p->t.rows)
			return p->t.rows;
	}
	return NULL;
}

int doc_part_status(const struct doc_part *p)
{
	if (p->d.failed) {
		errno = p->d.error ? p->d.error : ENOMEM;
		return -1;
	}
	return 0;
}

void doc_part_close(struct doc_part *p)
{
	if (!p)
		return;
	arena_free(&p->d.arena);
	arena_free(&p->d.scratch);
	free(p->t.pending);
	free(p->t.pending_origin);
	free(p->ctx);
	memset(p, 0, sizeof(*p));
}

int doc_fills_each(const struct doc_table *t, size_t from, size_t to,
		   doc_each_row_fn *each, void *arg)
{
	struct doc_part p;
	const struct doc_row *r;
	int ret = doc_part_open(&p, t, from, to);

	if (ret == 0) {
		/* p.k: one past the fill r is of. */
		for (r = doc_part_next(&p, NULL); r; r = doc_part_next(&p, r))
			each(r, p.k - 1, arg);
		ret = doc_part_status(&p);
	}
	doc_part_close(&p);
	return ret;
}

bool doc_table_in_parts(const struct doc_table *t)
{
	return t && t->seek && t->head_last &&
	       t->n_fills >= split_least(DOC_SPLIT_MIN);
}

/* A run of fills drawn by row (split_fn). */
struct fills {
	const struct doc_table *t;
	doc_row_fn *row;
	atomic_int error;	/* the first failure's errno, or 0 */
};

/* A run's out and what it draws rows by (doc_each_row_fn). */
struct fill_run {
	struct fills *fl;
	struct out *o;
};

static void draw_fill_row(const struct doc_row *r, size_t fill, void *arg)
{
	const struct fill_run *run = arg;

	(void)fill;
	doc_prefetch_row(run->fl->t, doc_row_ahead(r, DOC_AHEAD));
	run->fl->row(run->o, run->fl->t, r);
}

static void draw_fill_run(struct out *o, size_t from, size_t to, void *arg)
{
	struct fill_run run = { arg, o };

	if (doc_fills_each(run.fl->t, from, to, draw_fill_row, &run))
		doc_keep_error(&run.fl->error, errno);
}

int doc_draw_fills(struct out *o, const struct doc_table *t, doc_row_fn *row)
{
	struct fills fl = { t, row, 0 };

	split_draw(o, t->n_fills, DOC_SPLIT_MIN, DOC_SPLIT_CHUNK,
		   draw_fill_run, &fl);
	if (atomic_load(&fl.error)) {
		errno = atomic_load(&fl.error);
		return -1;
	}
	return 0;
}

int doc_refuse_streamed(const struct doc *d)
{
	for (const struct doc_block *b = d ? d->blocks : NULL; b; b = b->next)
		if ((b->kind == DOC_TABLE && b->table && b->table->fill) ||
		    (b->kind == DOC_LIST && b->owner)) {
			errno = EINVAL;
			return -1;
		}
	return 0;
}

int doc_table_status(const struct doc_table *t)
{
	if (t && t->owner && t->owner->failed) {
		errno = t->owner->error ? t->owner->error : ENOMEM;
		return -1;
	}
	return 0;
}

char *doc_para_plain(const struct doc_para *p)
{
	struct strbuf sb = STRBUF_INIT;
	const struct doc_run *r;

	for (r = p ? p->runs : NULL; r; r = r->next)
		strbuf_addstr(&sb, r->text);
	return strbuf_detach(&sb, NULL);
}

char *doc_cell_plain(const struct doc_cell *c)
{
	struct strbuf sb = STRBUF_INIT;
	const struct doc_para *p;
	const struct doc_run *r;

	for (p = c ? c->paras : NULL; p; p = p->next) {
		if (p != c->paras)
			strbuf_addch(&sb, '\n');
		for (r = p->runs; r; r = r->next)
			strbuf_addstr(&sb, r->text);
	}
	return strbuf_detach(&sb, NULL);
}

int doc_bold_width(const char *s)
{
	int upper = 0, lower = 0, best = 0, w = 0;
	const char *p;

	for (p = s; p && *p; p++) {
		upper += *p >= 'A' && *p <= 'Z';
		lower += *p >= 'a' && *p <= 'z';
	}
	for (p = s; p && *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n') {
			w = 0;
			continue;
		}
		if ((ch & 0xc0) == 0x80)
			continue;	/* inside a character */
		if (ch == ' ')
			w += 5;
		else if (ch >= 'A' && ch <= 'Z')
			w += 14;
		else if (ch >= 0x80)
			w += upper > lower ? 14 : 10;
		else
			w += 10;
		if (w > best)
			best = w;
	}
	return best;
}

int doc_draw_buffered(const struct doc *d, FILE *f,
		      int (*draw)(const struct doc *, struct out *))
{
	struct out o;
	int ret;

	out_init(&o, f);
	ret = draw(d, &o);
	return out_flush(&o) ? -1 : ret;
}
