/* doc.h: a document as a list of blocks, built once and drawn by each
 * output format.
 *
 * The blocks are those of a Vietnamese administrative document (Nghị
 * định 30/2020/NĐ-CP, Phụ lục I; docs/report-document.md): page sections
 * (portrait or landscape), the header (agency, national motto, number,
 * place and date), the title (tên loại and trích yếu), the addressee
 * (Kính gửi), headings, paragraphs of runs, lists, tables with header
 * rows, column widths and cell spans, the closing (Nơi nhận and the
 * signature) and appendix titles. A builder (report_doc.c) knows what a
 * document says; a drawer knows only how each block looks in its format,
 * and a new format is one file with one drawing function:
 *
 *   doc_text.c  a terminal, DOC_TEXT_WIDTH columns, widths of Vietnamese
 *               text measured by utf8.h
 *   doc_md.c    Markdown (GitHub-flavoured tables)
 *   doc_html.c  one self-contained HTML5 page printed on A4
 *   doc_docx.c  WordprocessingML (.docx, ECMA-376) through libzip
 *   doc_odt.c   OpenDocument Text 1.2 (.odt) through libzip
 *
 * Every text a builder hands over is copied (doc_run_ref borrows one that
 * outlives the document); it may hold '\n' (a line break inside its
 * paragraph) and must be valid UTF-8.
 *
 * Ownership: a struct doc owns every block, paragraph, run, table and
 * string in it (one arena); free it with doc_free. Builder calls do not
 * report failure one by one: after a failed allocation the document is
 * marked failed, every later call does nothing (and returns a pointer to
 * a placeholder that is never drawn), and doc_finish says so once.
 */
#ifndef PLANTRACK_DOC_H
#define PLANTRACK_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plantrack/arena.h"

enum doc_orient {
	DOC_PORTRAIT,
	DOC_LANDSCAPE,
};

enum doc_align {
	DOC_LEFT,
	DOC_CENTER,
	DOC_RIGHT,
	DOC_JUSTIFY,
};

/* Run styles (bit set). */
#define DOC_BOLD	0x1u
#define DOC_ITALIC	0x2u

/* Paragraph flags (bit set). */
#define DOC_INDENT	0x1u	/* first line indented, as body text is */
#define DOC_KEEP	0x2u	/* keep with the next block on one page */
#define DOC_SMALL	0x4u	/* a smaller size (table cells, notes) */

struct doc_run {
	const char *text;
	unsigned style;		/* DOC_BOLD | DOC_ITALIC */
	struct doc_run *next;
};

struct doc_para {
	struct doc_run *runs, *last;
	enum doc_align align;
	unsigned flags;		/* DOC_INDENT | DOC_KEEP | DOC_SMALL */
	struct doc_para *next;	/* the next one in its cell or list */
};

/* A slot of a table row. An origin cell (covered == NULL) holds text and
 * spans colspan columns and rowspan rows; every other slot of its span
 * is covered (covered points to the origin). */
struct doc_cell {
	struct doc_para *paras, *last;
	unsigned colspan, rowspan;	/* origins: >= 1 */
	/* Where it is (a table's rows are counted in size_t, but one of
	 * 2^32 rows would not fit in memory). */
	unsigned row, col;
	const struct doc_cell *covered;	/* the origin covering it, or NULL */
};

#define DOC_ROW_HEADER	0x1u	/* a header row, repeated on every page */
#define DOC_ROW_GROUP	0x2u	/* a group title row (bold, set apart) */

struct doc_row {
	unsigned flags;		/* DOC_ROW_* */
	struct doc_row *next;
	struct doc_cell cells[];	/* ncols slots */
};

struct doc;
struct doc_table;

/* Adds the next rows of a streamed table (doc_table_stream) with doc_row,
 * doc_cell, doc_run... as a builder does, and says whether more may
 * follow (false: the table ends after these). */
typedef bool doc_fill_fn(struct doc *d, struct doc_table *t, void *ctx);
/* Sets ctx (a copy of a streamed table's, as doc_table_stream was given
 * it) as it is before the fill's call k (from 0), as if the calls before
 * had been made. */
typedef void doc_seek_fn(void *ctx, size_t k);

struct doc_table {
	size_t ncols;
	int *widths;		/* relative column widths, summing to 1000 */
	size_t nrows;
	struct doc_row *rows, *last;
	/* Rows a vertical span still covers, per column (while building). */
	unsigned *pending;
	const struct doc_cell **pending_origin;
	/* A streamed table (doc_table_stream): the rows after head_last
	 * (the last row added before, or NULL) are made while it is drawn,
	 * a few at a time into the document's scratch memory. */
	doc_fill_fn *fill;
	void *fill_ctx;
	/* fill_ctx as it was before the first fill (doc_table_first). */
	const void *fill_start;
	size_t fill_size, head_rows;	/* nrows before the first fill */
	struct doc *owner;
	struct doc_row *head_last;
	bool filled;		/* fill said no more follow */
	/* While a fill runs: the last row before it, whose cells are not
	 * the fill's to place. */
	bool in_fill;
	struct doc_row *fill_from;
	/* doc_table_seekable: how many calls of fill make the rows (those
	 * after are empty), and how to start at any of them; 0 and NULL
	 * when not known. */
	size_t n_fills;
	doc_seek_fn *seek;
};

/* The header of an administrative document (thể thức, ô 1 to 4). */
struct doc_header {
	const char *superior;	/* tên cơ quan chủ quản, or NULL */
	const char *agency;	/* tên cơ quan ban hành; '\n' between lines */
	const char *motto1;	/* Quốc hiệu */
	const char *motto2;	/* Tiêu ngữ */
	const char *number;	/* "Số: 45/BC-UBND" */
	const char *place_date;	/* "Việt Khê, ngày 21 tháng 5 năm 2026" */
};

/* Recipients and signature, side by side at the end (ô 7 and 9b). */
struct doc_closing {
	const char *recipients_label;	/* "Nơi nhận:" */
	const char **recipients;	/* lines as printed */
	size_t n_recipients;
	const char *authority;	/* "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", or NULL */
	const char *title;	/* "PHÓ CHỦ TỊCH", or NULL */
	const char *name;	/* "Phạm Văn Kim"; "" or NULL: written by hand */
};

enum doc_kind {
	DOC_SECTION,	/* a new page section: sec */
	DOC_HEADER,	/* header */
	DOC_TITLE,	/* kind ("BÁO CÁO") and text (trích yếu) */
	DOC_ADDRESSEE,	/* label ("Kính gửi:") and lines */
	DOC_HEADING,	/* level 1..3 and text */
	DOC_PARA,	/* para */
	DOC_LIST,	/* label (the marker, "-") and items */
	DOC_TABLE,	/* table */
	DOC_CLOSING,	/* closing */
	DOC_APPENDIX,	/* label ("Phụ lục"), kind (its name), text (its note) */
};

struct doc_section {
	enum doc_orient orient;
	bool restart;		/* page numbers start again at 1 */
};

struct doc_block;

/* Adds the next items of a streamed list (doc_list_stream) with doc_item,
 * doc_run... as a builder does, and says whether more may follow (false:
 * the list ends after these). */
typedef bool doc_list_fill_fn(struct doc *d, struct doc_block *list,
			      void *ctx);

struct doc_block {
	enum doc_kind kind;
	int level;
	const char *label, *kind_text, *text;
	const char **lines;
	size_t n_lines;
	struct doc_section sec;
	struct doc_header header;
	struct doc_para *para;
	struct doc_para *items, *last_item;
	/* A list given a fill (doc_list_stream) takes items from it alone.
	 * Streamed (owner set), the items after head_item (the last item
	 * added before, or NULL) are made while it is drawn, a few at a time
	 * into the document's scratch memory. */
	doc_list_fill_fn *fill;
	void *fill_ctx;
	const void *fill_start;	/* fill_ctx before the first fill */
	size_t fill_size;
	struct doc *owner;
	struct doc_para *head_item;
	bool filled;		/* fill said no more follow */
	struct doc_table *table;
	struct doc_closing closing;
	struct doc_block *next;
};

struct doc {
	struct arena arena;
	/* A streamed table's current rows or a streamed list's current
	 * items; cur is where nodes go (arena, or scratch while a streamed
	 * table or list is filled). */
	struct arena scratch;
	struct arena *cur;
	bool filling;
	/* The list whose fill runs (kept or streamed), which alone takes
	 * items meanwhile, or NULL. */
	struct doc_block *fill_list;
	const char *title;	/* for the format's metadata */
	struct doc_block *blocks, *last;
	bool failed;
	int error;		/* why it failed: ENOMEM, or EINVAL for a cell
				 * placed where the table cannot hold it */
	bool finished;
	struct doc_table *open_table;	/* the last table, while building */
};

/* ---- building ---- */

/* A new document (NULL when out of memory); title names it in the
 * formats' metadata. Free with doc_free (NULL is fine). */
struct doc *doc_new(const char *title);
void doc_free(struct doc *d);
/* Closes the last table and says whether building failed: 0, or -1 with
 * errno ENOMEM (out of memory) or EINVAL (a cell placed on a slot already
 * taken, or spanning past the last column). Drawers need a finished
 * document. */
int doc_finish(struct doc *d);

/* size bytes (aligned for any pointer or integer) that live as long as d:
 * what a streamed table's fill context points to. NULL when d has
 * failed or is out of memory (d then fails). */
void *doc_alloc(struct doc *d, size_t size);

/* A new page section; a document starts with one. */
void doc_section(struct doc *d, enum doc_orient orient, bool restart);
void doc_header(struct doc *d, const struct doc_header *h);
void doc_title(struct doc *d, const char *kind, const char *subject);
void doc_addressee(struct doc *d, const char *label, const char *const *lines,
		   size_t n);
void doc_heading(struct doc *d, int level, const char *text);
/* A paragraph block; add its text with doc_run/doc_runf. */
struct doc_para *doc_para(struct doc *d, enum doc_align align, unsigned flags);
void doc_run(struct doc *d, struct doc_para *p, unsigned style,
	     const char *text);
/* The same without a copy: text must outlive the document (a plan's or a
 * state's strings do, while the document is drawn before they are
 * freed). A report of 100 000 tasks then holds its texts once. */
void doc_run_ref(struct doc *d, struct doc_para *p, unsigned style,
		 const char *text);
void doc_runf(struct doc *d, struct doc_para *p, unsigned style,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A paragraph of one plain run: the common case. */
void doc_text(struct doc *d, enum doc_align align, unsigned flags,
	      const char *text);
/* A list: each item a paragraph after the marker. */
struct doc_block *doc_list(struct doc *d, const char *marker);
struct doc_para *doc_item(struct doc *d, struct doc_block *list);
/* Makes list's items after those added so far while it is drawn, by
 * fill, instead of keeping them: a report of 100 000 tasks is drawn
 * without its 80 000 notes all in memory as items. fill gets a copy of
 * ctx[0..ctx_size) that the document owns; it adds items to list only
 * (doc_item on another list, or a new block, fails the document with
 * EINVAL), and list gets no more items but through fill. With stream
 * false, fill is called now until it says no more, and the items are
 * kept: for drawers that need every item at once. fill must make the
 * same items from the same copy of ctx (doc_list_first). Returns 0, or
 * -1 when the document has failed (doc_finish says why). Drawers read
 * items with doc_list_first and doc_list_next, and then
 * doc_list_status. */
int doc_list_stream(struct doc *d, struct doc_block *list, bool stream,
		    doc_list_fill_fn *fill, const void *ctx, size_t ctx_size);
void doc_appendix(struct doc *d, const char *label, const char *name,
		  const char *note);
void doc_closing(struct doc *d, const struct doc_closing *c);

#define DOC_MAX_COLS	64
#define DOC_MAX_ROWSPAN	100000

/* A table of ncols (1 to DOC_MAX_COLS) columns with relative widths
 * (any positive numbers; kept as shares of 1000). Rows come one by one; a cell is placed at a
 * column of the current row and may span columns and rows. A slot a span
 * covers cannot be placed again; rows a vertical span would need past the
 * table's end are cut when the table ends. */
struct doc_table *doc_table(struct doc *d, size_t ncols, const int *widths);
struct doc_row *doc_row(struct doc *d, struct doc_table *t, unsigned flags);
/* The cell's first paragraph (more with doc_cell_para); NULL-safe to
 * use on failure like every builder result. */
struct doc_para *doc_cell(struct doc *d, struct doc_table *t, size_t col,
			  unsigned colspan, unsigned rowspan,
			  enum doc_align align, unsigned flags);
struct doc_para *doc_cell_para(struct doc *d, struct doc_table *t, size_t col,
			       enum doc_align align, unsigned flags);

/* Makes t's rows after those added so far (its header rows) while it is
 * drawn, by fill, instead of keeping them: a report of 100 000 tasks is
 * drawn without its appendix's rows all in memory. fill gets a copy of
 * ctx[0..ctx_size) that the document owns. t must be the last table and
 * gets no more rows but through fill; a row span must end within the
 * rows of one call. With stream false, fill is called now until it says
 * no more, and the rows are kept: for drawers that need every row at
 * once. fill must make the same rows from the same copy of ctx: a
 * drawer may read the table again (doc_table_first). Returns 0, or -1
 * when the document has failed (doc_finish says why). Drawers read rows
 * with doc_table_first and doc_table_next, and then doc_table_status. */
int doc_table_stream(struct doc *d, struct doc_table *t, bool stream,
		     doc_fill_fn *fill, const void *ctx, size_t ctx_size);
/* After doc_table_stream: n_fills calls of its fill make t's rows, and
 * seek starts a copy of its ctx at any of them, so that a drawer may
 * make and draw runs of them apart, on two threads (doc_part_open in
 * doc_int.h). fill and seek must then only read what the ctx points to.
 * Nothing when t's rows were kept (stream false). */
void doc_table_seekable(struct doc_table *t, doc_seek_fn *seek,
			size_t n_fills);

/* ---- drawing ---- */

/* A list's items in order, streamed (doc_list_stream) or not: its first
 * (NULL: none), the one after p (NULL: the last was p). Items of a
 * streamed list are made as they are reached, and the ones before are
 * gone: a drawer keeps no pointer into an item it has passed (those
 * added before doc_list_stream, made first, stay). Each doc_list_first
 * starts again: a streamed list's items are made again, by the same
 * fills from ctx as it was. */
const struct doc_para *doc_list_first(const struct doc_block *list);
const struct doc_para *doc_list_next(const struct doc_block *list,
				     const struct doc_para *p);
/* After reading list's items: 0, or -1 with errno (ENOMEM, or EINVAL for
 * a fill that broke the list's rules) when making them failed and the
 * items read are not the whole list. */
int doc_list_status(const struct doc_block *list);

/* A table's rows in order: its first (NULL: none), the one after r
 * (NULL: the last was r). Rows of a streamed table are made as they are
 * reached, and the ones before are gone: a drawer keeps no pointer into
 * a row it has passed (the header rows, made first, stay). Each
 * doc_table_first starts again: a streamed table's rows are made again,
 * by the same fills from ctx as it was (the text drawer reads a table
 * twice: for its columns' widths, then to draw it). */
const struct doc_row *doc_table_first(const struct doc_table *t);
const struct doc_row *doc_table_next(const struct doc_table *t,
				     const struct doc_row *r);
/* After reading t's rows: 0, or -1 with errno (ENOMEM, or EINVAL for a
 * fill that broke the table's rules) when making them failed and the
 * rows read are not the whole table. */
int doc_table_status(const struct doc_table *t);

#define DOC_TEXT_WIDTH 100

/* Each writes the whole finished document to f and returns 0, or -1 when
 * writing or a library failed (errno says why). */
typedef int doc_draw_fn(const struct doc *d, FILE *f);
doc_draw_fn doc_draw_text;
doc_draw_fn doc_draw_md;
doc_draw_fn doc_draw_html;
doc_draw_fn doc_draw_docx;
doc_draw_fn doc_draw_odt;
/* Opens libzip (dlopen) now rather than at the first archive: the report
 * cache (memo.h) keys a DOCX or ODT on the libraries that make it. 0, or
 * -1 with errno ELIBACC. */
int doc_zip_open(void);

/* The text of a paragraph's runs, one after the other (no styles), and of
 * a cell's paragraphs separated by "\n", into a malloc'd string (the
 * caller frees; strbuf.h's policy on running out of memory): for drawers
 * that lay out plain text. */
/* About how wide the widest line of s is in Times New Roman bold, in
 * twentieths of an em, for the lengths of the rules under the header's
 * lines, which the decree gives as a share of a line: a capital 0.7 em,
 * a small letter 0.5 em, a blank 0.25 em; a letter outside ASCII as the
 * text's ASCII letters mostly are. s may be NULL (0). */
int doc_bold_width(const char *s);
char *doc_para_plain(const struct doc_para *p);
char *doc_cell_plain(const struct doc_cell *c);

#endif
