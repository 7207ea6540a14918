/* test_doc.c: the document model (doc.h) and every drawer on a small
 * hand-built document: spans, escaping, layout rules, and the zip
 * formats' parts read back with libzip. Seams: arena_alloc and
 * arena_alloc_ptr fail on demand (the builder's sticky failure); dlsym, through which doc_zip.c
 * finds libzip's functions, hands it a zip_close that fails (a drawer's
 * libzip failure).
 */
// LDFLAGS: -Wl,--wrap=arena_alloc -Wl,--wrap=arena_alloc_ptr -Wl,--wrap=dlsym
#include "testutil.h"
#include "adversarial_text.h"
#include "facts_region.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "plantrack/doc.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"
#include "../../src/doc_int.h"

/* ---- seams ---- */

void *__real_arena_alloc(struct arena *a, size_t size);
void *__real_arena_alloc_ptr(struct arena *a, size_t size);
void *__wrap_arena_alloc_ptr(struct arena *a, size_t size);
void *__wrap_arena_alloc(struct arena *a, size_t size);
void *__real_dlsym(void *restrict h, const char *restrict name);
void *__wrap_dlsym(void *restrict h, const char *restrict name);

static long allocs_left = -1;	/* -1: no failure */
static bool zip_close_fails;

/* Whether the allocation to come is to fail, counted down. */
static bool alloc_fails(void)
{
	if (allocs_left == 0) {
		errno = ENOMEM;
		return true;
	}
	if (allocs_left > 0)
		allocs_left--;
	return false;
}

void *__wrap_arena_alloc(struct arena *a, size_t size)
{
	return alloc_fails() ? NULL : __real_arena_alloc(a, size);
}

void *__wrap_arena_alloc_ptr(struct arena *a, size_t size)
{
	return alloc_fails() ? NULL : __real_arena_alloc_ptr(a, size);
}

static int failing_zip_close(zip_t *za)
{
	if (zip_close_fails)
		return -1;
	return zip_close(za);
}

/* doc_zip.c resolves libzip once per process: the fake zip_close is what
 * it gets for good, and fails only while zip_close_fails is set. */
void *__wrap_dlsym(void *restrict h, const char *restrict name)
{
	if (strcmp(name, "zip_close") == 0)
		return (void *)(uintptr_t)failing_zip_close;
	return __real_dlsym(h, name);
}

/* ---- the document ---- */

static const char *const recipients[] = { "- Như trên;", "- Lưu: VT." };
static const char borrowed[] = "mượn";

/* A document with every kind of block, not finished; *first gets its
 * first table. NULL when out of memory at the start. */
static struct doc *sample_nofinish(struct doc_table **first)
{
	static const int w3[] = { 20, 50, 30 };
	static const int w2[] = { 1, 1 };
	const char *to = "Ủy ban nhân dân xã X";
	struct doc_header h = {
		"ỦY BAN NHÂN DÂN XÃ X", "PHÒNG A",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Số: 01/BC-A",
		"X, ngày 05 tháng 02 năm 2026",
	};
	struct doc_closing cl = {
		"Nơi nhận:", (const char **)recipients, 2,
		"TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
	};
	struct doc *d = doc_new("Báo cáo <thử> & \"xem\"");
	struct doc_block *list;
	struct doc_table *t;
	struct doc_para *p;

	doc_section(d, DOC_PORTRAIT, false);
	doc_header(d, &h);
	doc_title(d, "BÁO CÁO", "Về việc thử");
	doc_addressee(d, "Kính gửi:", &to, 1);
	doc_heading(d, 1, "I. MỘT");
	p = doc_para(d, DOC_JUSTIFY, DOC_INDENT);
	doc_run(d, p, 0, "Chữ thường ");
	doc_run(d, p, DOC_BOLD, "đậm");
	doc_run(d, p, 0, " và ");
	doc_run(d, p, DOC_ITALIC, "nghiêng");
	doc_run(d, p, 0, "\tcó tab");
	doc_heading(d, 2, "1. Hai");
	list = doc_list(d, "-");
	doc_run(d, doc_item(d, list), 0, "một");
	doc_run(d, doc_item(d, list), 0, "hai <b> & \"ba\" | *x*");
	doc_run_ref(d, doc_item(d, list), DOC_ITALIC, borrowed);

	t = doc_table(d, 3, w3);
	doc_row(d, t, DOC_ROW_HEADER);
	doc_run(d, doc_cell(d, t, 0, 1, 1, DOC_CENTER, DOC_SMALL), DOC_BOLD, "A");
	doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_CENTER, DOC_SMALL), DOC_BOLD, "B");
	doc_run(d, doc_cell(d, t, 2, 1, 1, DOC_CENTER, DOC_SMALL), DOC_BOLD, "C");
	doc_row(d, t, 0);
	doc_run(d, doc_cell(d, t, 0, 1, 2, DOC_CENTER, DOC_SMALL), 0,
		"gộp dọc");
	doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_LEFT, DOC_SMALL), 0, "a1");
	doc_run(d, doc_cell(d, t, 2, 1, 1, DOC_RIGHT, DOC_SMALL), 0, "c1");
	doc_run(d, doc_cell_para(d, t, 2, DOC_RIGHT, DOC_SMALL), DOC_ITALIC,
		"c1 bis");
	doc_row(d, t, 0);
	doc_run(d, doc_cell(d, t, 1, 2, 1, DOC_LEFT, DOC_SMALL), 0, "gộp ngang");
	doc_row(d, t, DOC_ROW_GROUP);
	doc_run(d, doc_cell(d, t, 0, 3, 1, DOC_LEFT, DOC_SMALL), DOC_BOLD,
		"Nhóm");
	*first = t;
	doc_closing(d, &cl);

	doc_section(d, DOC_LANDSCAPE, true);
	doc_appendix(d, "Phụ lục", "TÊN PHỤ LỤC", "(Kèm theo Báo cáo số 01/BC-A)");
	t = doc_table(d, 2, w2);
	doc_row(d, t, 0);
	/* Three rows asked, two given: the span stops at the last. */
	doc_run(d, doc_cell(d, t, 0, 1, 3, DOC_LEFT, 0), 0, "cắt");
	doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_LEFT, 0), 0, "r1");
	doc_row(d, t, 0);
	doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_LEFT, 0), 0, "r2");
	return d;
}

static struct doc *sample(struct doc_table **first)
{
	struct doc *d = sample_nofinish(first);

	assert_non_null(d);
	assert_int_equal(doc_finish(d), 0);
	return d;
}

static char *draw(const struct doc *d, doc_draw_fn *fn, size_t *len)
{
	struct capture c;

	cap_open(&c);
	assert_int_equal(fn(d, c.f), 0);
	cap_close(&c);
	if (len)
		*len = c.len;
	return c.buf;
}

static int setup(void **state)
{
	(void)state;
	test_locale();
	allocs_left = -1;
	zip_close_fails = false;
	return 0;
}

/* ---- the model ---- */

static void test_spans(void **state)
{
	struct doc_table *t = NULL;
	struct doc *d = sample(&t);
	const struct doc_row *r1 = t->rows->next, *r2 = r1->next, *r3 = r2->next;
	const struct doc_table *t2;
	const struct doc_block *b;

	(void)state;
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->widths[0] + t->widths[1] + t->widths[2], 1000);
	assert_int_equal(t->widths[0], 200);
	assert_int_equal(r1->cells[0].rowspan, 2);
	assert_null(r1->cells[0].covered);
	assert_ptr_equal(r2->cells[0].covered, &r1->cells[0]);
	assert_int_equal(r2->cells[1].colspan, 2);
	assert_ptr_equal(r2->cells[2].covered, &r2->cells[1]);
	assert_int_equal(r3->cells[0].colspan, 3);
	assert_ptr_equal(r3->cells[1].covered, &r3->cells[0]);
	assert_null(r3->cells[0].covered);
	/* doc_run copies, doc_run_ref borrows. */
	for (b = d->blocks; b->kind != DOC_LIST; b = b->next)
		;
	assert_ptr_not_equal(b->items->runs->text, (const char *)"một");
	assert_ptr_equal(b->items->next->next->runs->text, borrowed);
	assert_int_equal(b->items->next->next->runs->style, DOC_ITALIC);
	/* The cell's paragraphs in order. */
	assert_string_equal(r1->cells[2].paras->runs->text, "c1");
	assert_string_equal(r1->cells[2].paras->next->runs->text, "c1 bis");
	/* The span past the table's end was cut to the rows there are. */
	for (b = d->blocks; b->next; b = b->next)
		;
	t2 = b->table;
	assert_int_equal(t2->nrows, 2);
	assert_int_equal(t2->rows->cells[0].rowspan, 2);
	doc_free(d);
}

/* A cell where the table has no room fails the document, once. */
static void test_misplaced_cell(void **state)
{
	static const int w[] = { 1, 1 };
	struct doc *d = doc_new("x");
	struct doc_table *t;
	struct doc_para *p;

	(void)state;
	t = doc_table(d, 2, w);
	doc_row(d, t, 0);
	doc_cell(d, t, 0, 1, 2, DOC_LEFT, 0);
	doc_row(d, t, 0);
	p = doc_cell(d, t, 0, 1, 1, DOC_LEFT, 0);	/* covered */
	doc_run(d, p, 0, "lost");
	doc_text(d, DOC_LEFT, 0, "after");
	assert_int_equal(doc_finish(d), -1);
	assert_int_equal(errno, EINVAL);
	/* Nothing was added after the failure. */
	assert_int_equal(d->last->kind, DOC_TABLE);
	doc_free(d);

	d = doc_new("x");
	t = doc_table(d, 2, w);
	doc_row(d, t, 0);
	doc_cell(d, t, 1, 2, 1, DOC_LEFT, 0);		/* past the last column */
	assert_int_equal(doc_finish(d), -1);
	assert_int_equal(errno, EINVAL);
	doc_free(d);
	doc_free(NULL);
}

/* Running out of memory at any allocation: no crash, no leak, every
 * later call a no-op, and doc_finish says ENOMEM. */
static void test_out_of_memory(void **state)
{
	struct doc_table *t;
	struct doc *d;
	long n;
	int rc;

	(void)state;
	for (n = 0; n < 500; n++) {
		allocs_left = n;
		d = sample_nofinish(&t);
		allocs_left = -1;
		if (!d)
			continue;	/* doc_new itself failed */
		rc = doc_finish(d);
		doc_free(d);
		if (rc == 0)
			break;		/* enough for all of it */
		assert_int_equal(errno, ENOMEM);
	}
	/* Dozens of allocations, each of them failed once. */
	assert_true(n > 30 && n < 500);
}

/* ---- streamed tables ---- */

/* What a test's fill does: calls rows[0..n) of rows each, a call with no
 * rows among them; spans kept within a call unless open_span; a cell
 * before the call's first row when early_cell. */
struct filler {
	size_t calls, call;
	int row;		/* rows made so far */
	bool open_span, early_cell;
};

static bool test_fill(struct doc *d, struct doc_table *t, void *arg)
{
	struct filler *f = arg;
	size_t k = f->call++;
	/* 2, 0, 3, 4, 2, 0, 3, 4, ... rows a call */
	int n = (int)(k % 4 == 1 ? 0 : k % 4 + 1 + (k % 4 == 0));
	char buf[48];

	/* Where the row before has room: the first call's last row leaves
	 * its last column empty then. */
	if (f->early_cell && k == 1)
		doc_run(d, doc_cell(d, t, 2, 1, 1, DOC_LEFT, 0), 0, "sớm");
	for (int i = 0; i < n; i++, f->row++) {
		doc_row(d, t, i == 0 && k % 3 == 0 ? DOC_ROW_GROUP : 0);
		snprintf(buf, sizeof(buf), "dòng %d", f->row);
		if (i == 0 && k % 3 == 0) {
			doc_run(d, doc_cell(d, t, 0, 3, 1, DOC_LEFT, DOC_SMALL),
				DOC_BOLD, buf);
			continue;
		}
		if (i == 1)
			/* Down to the call's last row (one past it, the
			 * third call, when open_span). */
			doc_run(d, doc_cell(d, t, 0, 1, (unsigned)(n - i +
					    (f->open_span && k == 2)),
					    DOC_CENTER, DOC_SMALL), 0,
				"gộp <dọc> | *x*");
		else if (i == 0 || !(i > 1 && n > 2))
			doc_run(d, doc_cell(d, t, 0, 1, 1, DOC_CENTER,
					    DOC_SMALL), 0, buf);
		doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_LEFT, DOC_SMALL), 0,
			buf);
		if (f->early_cell && k == 0 && i == n - 1)
			continue;
		doc_run_ref(d, doc_cell(d, t, 2, 1, 1, DOC_RIGHT, DOC_SMALL),
			    DOC_ITALIC, borrowed);
		doc_run(d, doc_cell_para(d, t, 2, DOC_RIGHT, DOC_SMALL), 0,
			"đoạn hai");
	}
	return f->call < f->calls;
}

/* A document with a table of a header row (unless !head) and rows from
 * test_fill, streamed or not, then a paragraph. */
static struct doc *streamed(bool stream, bool head, struct filler *f)
{
	static const int w3[] = { 20, 50, 30 };
	struct doc *d = doc_new("Bảng");
	struct doc_table *t;

	doc_heading(d, 1, "Bảng dài");
	t = doc_table(d, 3, w3);
	if (head) {
		doc_row(d, t, DOC_ROW_HEADER);
		doc_run(d, doc_cell(d, t, 0, 1, 1, DOC_CENTER, 0), 0, "A");
		doc_run(d, doc_cell(d, t, 1, 1, 1, DOC_CENTER, 0), 0, "B");
		doc_run(d, doc_cell(d, t, 2, 1, 1, DOC_CENTER, 0), 0, "C");
	}
	doc_table_stream(d, t, stream, test_fill, f, sizeof(*f));
	doc_text(d, DOC_LEFT, 0, "Sau bảng.");
	return d;
}

/* The same table streamed and kept: the same bytes from text, md and
 * html, with and without a header row, and again when drawn a second
 * time (text reads a table twice: doc_table_rewind); a streamed one
 * refused by the drawers that need every row at once. */
static void test_stream_same(void **state)
{
	static doc_draw_fn *const once[] = {
		doc_draw_text, doc_draw_md, doc_draw_html,
	};
	static doc_draw_fn *const whole[] = { doc_draw_docx, doc_draw_odt };
	struct capture c;

	(void)state;
	for (int head = 0; head < 2; head++) {
		for (size_t i = 0; i < 3; i++) {
			struct filler f1 = { 13, 0, 0, false, false };
			struct filler f2 = f1;
			struct doc *kept = streamed(false, head, &f1);
			struct doc *str = streamed(true, head, &f2);
			char *a, *b;

			assert_int_equal(doc_finish(kept), 0);
			assert_int_equal(doc_finish(str), 0);
			a = draw(kept, once[i], NULL);
			b = draw(str, once[i], NULL);
			assert_string_equal(a, b);
			assert_non_null(strstr(a, "dòng 28"));
			assert_non_null(strstr(a, i ? "gộp &lt;dọc&gt;" :
					       "gộp <dọc>"));
			assert_non_null(strstr(a, "Sau bảng."));
			assert_null(strstr(a, "dòng 29"));
			free(b);
			b = draw(str, once[i], NULL);
			assert_string_equal(a, b);
			free(a);
			free(b);
			for (size_t j = 0; j < 2; j++) {
				free(draw(kept, whole[j], NULL));
				cap_open(&c);
				errno = 0;
				assert_int_equal(whole[j](str, c.f), -1);
				assert_int_equal(errno, EINVAL);
				cap_close(&c);
				free(c.buf);
			}
			doc_free(kept);
			doc_free(str);
		}
	}
}

/* A fill that leaves a span open past its rows, or places a cell before
 * its first row, breaks the table: when kept, the document fails
 * (EINVAL); streamed, the drawing does. */
static void test_stream_broken(void **state)
{
	struct capture c;

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct filler f = { 6, 0, 0, k == 0, k == 1 };
		struct filler g = f;
		struct doc *kept = streamed(false, true, &f);
		struct doc *str = streamed(true, true, &g);

		assert_int_equal(doc_finish(kept), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(doc_finish(str), 0);
		for (int i = 0; i < 3; i++) {
			cap_open(&c);
			errno = 0;
			assert_int_equal((i == 2 ? doc_draw_text : i ?
					  doc_draw_html : doc_draw_md)(str, c.f),
					 -1);
			assert_int_equal(errno, EINVAL);
			cap_close(&c);
			free(c.buf);
		}
		doc_free(kept);
		doc_free(str);
	}
}

/* Out of memory while a streamed table's rows are made: the drawing
 * fails with ENOMEM, whichever allocation it is. */
static void test_stream_out_of_memory(void **state)
{
	struct capture c;
	long n;
	int rc;

	(void)state;
	for (n = 0; n < 4000; n++) {
		struct filler f = { 13, 0, 0, false, false };
		struct doc *d = streamed(true, true, &f);

		assert_int_equal(doc_finish(d), 0);
		cap_open(&c);
		allocs_left = n;
		rc = (n & 1 ? doc_draw_text : doc_draw_md)(d, c.f);
		allocs_left = -1;
		cap_close(&c);
		free(c.buf);
		doc_free(d);
		if (rc == 0)
			break;
		assert_int_equal(errno, ENOMEM);
	}
	assert_true(n > 100 && n < 4000);
}

/* ---- streamed lists ---- */

/* What a test's list fill saw, shared by the copies of its context. */
struct list_seen {
	size_t calls;		/* calls of the fill */
	bool stale;		/* a call found an earlier call's items there */
};

/* What a test's list fill does: calls calls of items[k % 4] items each
 * (a call with none among them), or none at all when empty; a wrong
 * list (other) or a new block on its third call when misuse says so.
 * Each item's text is written in buf, which the next overwrites. */
struct list_filler {
	size_t calls, call;
	int item;			/* items made so far */
	bool empty, stream;
	int misuse;			/* 1: items to other; 2: a block */
	const struct doc_para *head;	/* the list's last before, or NULL */
	struct doc_block *other;
	struct list_seen *seen;
	char buf[256];
};

static const int chunk_items[] = { 3, 0, 1, 5 };

/* Item i's text; every third of two runs, the first bold. A long one
 * every fourth, for the scratch memory's sake. */
static void list_item(struct doc *d, struct doc_para *p, int i, char *buf,
		      size_t size)
{
	if (i % 3 == 0)
		doc_run(d, p, DOC_BOLD, "Phòng <Kinh tế> | *x*: ");
	snprintf(buf, size, "mục %d%s", i, i % 4 ? "" :
		 " — nội dung dài hơn một chút, để mỗi lượt một ít bộ nhớ "
		 "được dùng rồi bỏ: khó khăn, vướng mắc, kiến nghị, đề xuất");
	doc_run(d, p, 0, buf);
	/* What the fill hands over is copied: gone from here. */
	memset(buf, 'X', strlen(buf));
}

static bool list_fill(struct doc *d, struct doc_block *list, void *arg)
{
	struct list_filler *f = arg;
	size_t k = f->call++;
	int n = f->empty ? 0 : chunk_items[k % 4];

	f->seen->calls++;
	/* Streamed, the items of the calls before are no longer the
	 * list's: the earlier chunks need not survive. */
	if (f->stream && list->last_item != f->head)
		f->seen->stale = true;
	if (f->misuse == 1 && k == 2)
		doc_run(d, doc_item(d, f->other), 0, "lạc");
	if (f->misuse == 2 && k == 2)
		doc_text(d, DOC_LEFT, 0, "khối lạc");
	for (int i = 0; i < n; i++, f->item++)
		list_item(d, doc_item(d, list), f->item, f->buf,
			  sizeof(f->buf));
	return f->call < f->calls;
}

/* A document with a list of head items, then those of list_fill (streamed,
 * kept, or made by hand when !fill), then a paragraph. */
static struct doc *listed(bool stream, int head, struct list_filler *f,
			  bool fill)
{
	struct doc *d = doc_new("Danh sách");
	struct doc_block *list, *other;
	char buf[256];

	doc_heading(d, 1, "Danh sách dài");
	other = doc_list(d, "+");
	doc_run(d, doc_item(d, other), 0, "danh sách khác");
	list = doc_list(d, "-");
	for (int i = 0; i < head; i++)
		doc_runf(d, doc_item(d, list), DOC_ITALIC, "đầu %d", i);
	f->head = list->last_item;
	f->stream = stream;
	f->other = other;
	if (fill) {
		doc_list_stream(d, list, stream, list_fill, f, sizeof(*f));
	} else {
		for (size_t k = 0; !f->empty && k < f->calls; k++)
			for (int i = 0; i < chunk_items[k % 4]; i++, f->item++)
				list_item(d, doc_item(d, list), f->item, buf,
					  sizeof(buf));
	}
	doc_text(d, DOC_LEFT, 0, "Sau danh sách.");
	return d;
}

static struct doc_block *second_list(const struct doc *d)
{
	const struct doc_block *b = d->blocks;

	while (b->kind != DOC_LIST)
		b = b->next;
	for (b = b->next; b->kind != DOC_LIST; b = b->next)
		;
	return (struct doc_block *)b;
}

static bool same_bytes(const struct doc *a, const struct doc *b,
		       doc_draw_fn *fn)
{
	size_t na, nb;
	char *x = draw(a, fn, &na), *y = draw(b, fn, &nb);
	bool same = na == nb && !memcmp(x, y, na);

	free(x);
	free(y);
	return same;
}

/* A streamed list walked with the iterators: the items made by hand,
 * in the same order, over 1 000 calls; those of a call gone when the
 * next makes its own. */
static void test_list_stream_walk(void **state)
{
	(void)state;
	for (int head = 0; head <= 2; head += 2) {
		struct list_seen s = { 0, false }, none = s;
		struct list_filler f = { .calls = 1000, .seen = &s };
		struct list_filler g = { .calls = 1000, .seen = &none };
		struct doc *walk = listed(true, head, &f, true);
		struct doc *hand = listed(false, head, &g, false);
		const struct doc_block *wl = second_list(walk);
		const struct doc_block *hl = second_list(hand);
		const struct doc_para *p, *q = doc_list_first(hl);
		int n = 0;

		assert_int_equal(doc_finish(walk), 0);
		assert_int_equal(doc_finish(hand), 0);
		assert_int_equal(s.calls, 0);
		for (p = doc_list_first(wl); p; p = doc_list_next(wl, p)) {
			char *x = doc_para_plain(p), *y = doc_para_plain(q);

			assert_non_null(q);
			assert_string_equal(x, y);
			assert_int_equal(p->runs->style, q->runs->style);
			free(x);
			free(y);
			q = doc_list_next(hl, q);
			n++;
		}
		assert_null(q);
		assert_int_equal(n, head + 250 * (3 + 0 + 1 + 5));
		assert_int_equal(doc_list_status(wl), 0);
		assert_int_equal(s.calls, 1000);
		assert_int_equal(none.calls, 0);
		/* Each call found the list as it was before streaming, and
		 * the scratch memory holds one call's items, in one block,
		 * not the 240 KB of them all. */
		assert_false(s.stale);
		assert_true(walk->scratch.total <= 64 * 1024);
		doc_free(walk);
		doc_free(hand);
	}
}

/* The same list streamed, kept and made by hand: the same bytes from
 * every drawer that can have it, the fill called as many times both
 * ways; a streamed one refused by the drawers that read a list twice. */
static void test_list_stream_same(void **state)
{
	static doc_draw_fn *const once[] = {
		doc_draw_text, doc_draw_md, doc_draw_html,
	};
	static doc_draw_fn *const whole[] = { doc_draw_docx, doc_draw_odt };
	struct capture c;

	(void)state;
	for (int head = 0; head <= 2; head += 2) {
		struct list_seen sk = { 0, false }, ss = sk, sh = sk;
		struct list_filler fk = { .calls = 13, .seen = &sk };
		struct list_filler fh = { .calls = 13, .seen = &sh };
		struct doc *kept = listed(false, head, &fk, true);
		struct doc *hand = listed(false, head, &fh, false);
		struct list_filler fs;
		struct doc *str;

		assert_int_equal(doc_finish(kept), 0);
		assert_int_equal(doc_finish(hand), 0);
		/* Kept: every call made while building. */
		assert_int_equal(sk.calls, 13);
		for (size_t i = 0; i < 3; i++) {
			char *a = draw(hand, once[i], NULL);

			fs = (struct list_filler){ .calls = 13, .seen = &ss };
			str = listed(true, head, &fs, true);
			assert_int_equal(doc_finish(str), 0);
			assert_true(same_bytes(hand, kept, once[i]));
			assert_true(same_bytes(hand, str, once[i]));
			/* Drawn again: the fills start again. */
			assert_true(same_bytes(hand, str, once[i]));
			assert_non_null(strstr(a, "mục 29"));
			assert_null(strstr(a, "mục 30"));
			assert_non_null(strstr(a, "Sau danh sách."));
			assert_non_null(strstr(a, "danh sách khác"));
			free(a);
			doc_free(str);
		}
		assert_int_equal(ss.calls, 78);
		assert_false(ss.stale);

		fs = (struct list_filler){ .calls = 13, .seen = &ss };
		str = listed(true, head, &fs, true);
		assert_int_equal(doc_finish(str), 0);
		errno = 0;
		assert_int_equal(doc_refuse_streamed(str), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(doc_refuse_streamed(kept), 0);
		for (size_t j = 0; j < 2; j++) {
			assert_true(same_bytes(hand, kept, whole[j]));
			cap_open(&c);
			errno = 0;
			assert_int_equal(whole[j](str, c.f), -1);
			assert_int_equal(errno, EINVAL);
			cap_close(&c);
			free(c.buf);
		}
		doc_free(kept);
		doc_free(str);
		doc_free(hand);
	}
}

/* A fill that never makes an item: a streamed list has none (or only
 * those added before), as kept and as an empty list made by hand. */
static void test_list_stream_empty(void **state)
{
	static doc_draw_fn *const once[] = { doc_draw_md, doc_draw_html };

	(void)state;
	for (int head = 0; head <= 1; head++) {
		for (size_t i = 0; i < 2; i++) {
			struct list_seen s = { 0, false };
			struct list_filler f = { .calls = 3, .empty = true,
						 .seen = &s };
			struct list_filler g = f, h = f;
			struct doc *str = listed(true, head, &f, true);
			struct doc *kept = listed(false, head, &g, true);
			struct doc *hand = listed(false, head, &h, false);
			const struct doc_para *p;

			assert_int_equal(doc_finish(str), 0);
			assert_int_equal(doc_finish(kept), 0);
			assert_int_equal(doc_finish(hand), 0);
			assert_true(same_bytes(hand, str, once[i]));
			assert_true(same_bytes(hand, kept, once[i]));
			doc_free(str);
			str = listed(true, head, &f, true);
			assert_int_equal(doc_finish(str), 0);
			s.calls = 0;
			p = doc_list_first(second_list(str));
			if (head) {
				assert_non_null(p);
				assert_string_equal(p->runs->text, "đầu 0");
				p = doc_list_next(second_list(str), p);
			}
			assert_null(p);
			assert_int_equal(s.calls, 3);
			assert_int_equal(doc_list_status(second_list(str)), 0);
			doc_free(str);
			doc_free(kept);
			doc_free(hand);
		}
	}
}

/* Out of memory while a streamed list's items are made: the document is
 * failed and the drawing fails with ENOMEM, whichever allocation it is;
 * kept, building fails the same way. */
static void test_list_stream_out_of_memory(void **state)
{
	struct capture c;
	long n;
	int rc;

	(void)state;
	for (n = 0; n < 2000; n++) {
		struct list_seen s = { 0, false };
		struct list_filler f = { .calls = 13, .seen = &s };
		struct doc *d = listed(true, 1, &f, true);

		assert_int_equal(doc_finish(d), 0);
		cap_open(&c);
		allocs_left = n;
		rc = (n % 2 ? doc_draw_html : doc_draw_md)(d, c.f);
		allocs_left = -1;
		cap_close(&c);
		free(c.buf);
		if (rc == 0) {
			assert_false(d->failed);
			doc_free(d);
			break;
		}
		assert_int_equal(errno, ENOMEM);
		assert_true(d->failed);
		errno = 0;
		assert_int_equal(doc_list_status(second_list(d)), -1);
		assert_int_equal(errno, ENOMEM);
		doc_free(d);
	}
	/* Each of the 30 items a paragraph and a run or two. */
	assert_true(n > 60 && n < 2000);

	for (n = 0; n < 2000; n++) {
		struct list_seen s = { 0, false };
		struct list_filler f = { .calls = 13, .seen = &s };
		struct doc *d;

		allocs_left = n;
		d = listed(false, 1, &f, true);
		allocs_left = -1;
		if (!d)
			continue;
		rc = doc_finish(d);
		doc_free(d);
		if (rc == 0)
			break;
		assert_int_equal(errno, ENOMEM);
	}
	assert_true(n > 60 && n < 2000);
}

/* A list given a fill takes items from it alone, and a fill gives items
 * to its own list alone and makes no block: otherwise the document fails
 * (EINVAL), kept or streamed. */
static void test_list_stream_misuse(void **state)
{
	struct capture c;
	struct doc *d;
	struct doc_block *list;

	(void)state;
	for (int misuse = 1; misuse <= 2; misuse++) {
		struct list_seen s = { 0, false };
		struct list_filler f = { .calls = 5, .misuse = misuse,
					 .seen = &s };
		struct list_filler g = f;
		struct doc *kept = listed(false, 0, &f, true);
		struct doc *str = listed(true, 0, &g, true);

		assert_int_equal(doc_finish(kept), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(doc_finish(str), 0);
		cap_open(&c);
		errno = 0;
		assert_int_equal(doc_draw_md(str, c.f), -1);
		assert_int_equal(errno, EINVAL);
		cap_close(&c);
		/* Nothing from the third call on. */
		assert_null(strstr(c.buf, "lạc"));
		assert_null(strstr(c.buf, "mục 4"));
		free(c.buf);
		doc_free(kept);
		doc_free(str);
	}

	/* An item added by hand to a streamed list, or a second fill. */
	for (int k = 0; k < 2; k++) {
		struct list_seen s = { 0, false };
		struct list_filler f = { .calls = 2, .seen = &s };

		d = doc_new("x");
		list = doc_list(d, "-");
		assert_int_equal(doc_list_stream(d, list, true, list_fill, &f,
						 sizeof(f)), 0);
		if (k)
			assert_int_equal(doc_list_stream(d, list, true,
							 list_fill, &f,
							 sizeof(f)), -1);
		else
			doc_run(d, doc_item(d, list), 0, "tay");
		assert_int_equal(doc_finish(d), -1);
		assert_int_equal(errno, EINVAL);
		doc_free(d);
	}
	/* Not a list. */
	d = doc_new("x");
	assert_int_equal(doc_list_stream(d, NULL, true, list_fill, NULL, 0),
			 -1);
	assert_int_equal(doc_finish(d), -1);
	assert_int_equal(errno, EINVAL);
	doc_free(d);
}

/* ---- drawers ---- */

static void test_text(void **state)
{
	struct doc_table *t;
	struct doc *d = sample(&t);
	char *out = draw(d, doc_draw_text, NULL), *line, *save = NULL;
	bool side = false, number = false, rule = false;
	int n_merged = 0, n_vertical = 0;

	(void)state;
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		assert_true(utf8_width(line) <= DOC_TEXT_WIDTH);
		assert_false(line[strlen(line) - 1] == ' ');
		assert_null(strchr(line, '\t'));
		/* Agency and motto side by side; number and date too. */
		side = side || (strstr(line, "PHÒNG A") &&
				strstr(line, "Độc lập - Tự do - Hạnh phúc"));
		number = number || (strstr(line, "Số: 01/BC-A") &&
				    strstr(line, "X, ngày 05 tháng 02"));
		rule = rule || strspn(line, "=") == DOC_TEXT_WIDTH;
		n_merged += strstr(line, "gộp ngang") != NULL;
		n_vertical += strstr(line, "gộp dọc") != NULL;
		/* The name left empty is no line of its own. */
		assert_null(strstr(line, "(null)"));
	}
	assert_true(side);
	assert_true(number);
	assert_true(rule);
	assert_int_equal(n_merged, 1);
	assert_int_equal(n_vertical, 1);
	free(out);
	doc_free(d);
}

static void test_md(void **state)
{
	struct doc_table *t;
	struct doc *d = sample(&t);
	char *out = draw(d, doc_draw_md, NULL);

	(void)state;
	assert_non_null(strstr(out, "| ỦY BAN NHÂN DÂN XÃ X<br>**PHÒNG A** |"));
	assert_non_null(strstr(out, "# BÁO CÁO\n\n**Về việc thử**\n"));
	assert_non_null(strstr(out, "Chữ thường **đậm** và *nghiêng* có tab"));
	assert_non_null(strstr(out, "- hai &lt;b&gt; &amp; \"ba\" \\| \\*x\\*\n"
				    "- *mượn*\n"));
	/* Spans: the origin's text once, covered slots empty. */
	assert_non_null(strstr(out, "| gộp dọc | a1 | c1<br>*c1 bis* |\n"
				    "|  | gộp ngang |  |\n| **Nhóm** |  |  |\n"));
	assert_non_null(strstr(out, "| :---: | --- | ---: |\n"));
	assert_non_null(strstr(out, "### 1\\. Hai\n"));
	assert_non_null(strstr(out, "\n---\n"));
	assert_non_null(strstr(out, "| ***Nơi nhận:***<br>- Như trên;<br>- Lưu: "
				    "VT. | **TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH"
				    "**<br>**PHÓ CHỦ TỊCH**<br><br><br><br> |"));
	free(out);
	doc_free(d);
}

static void test_html(void **state)
{
	struct doc_table *t;
	struct doc *d = sample(&t);
	char *out = draw(d, doc_draw_html, NULL);

	(void)state;
	assert_non_null(strstr(out, "<title>Báo cáo &lt;thử&gt; &amp; &quot;xem"
				    "&quot;</title>"));
	assert_non_null(strstr(out, "<td rowspan=\"2\"><p class=\"c small\">"
				    "gộp dọc</p></td>"));
	assert_non_null(strstr(out, "<td colspan=\"2\"><p class=\"l small\">"
				    "gộp ngang</p></td></tr>"));
	assert_non_null(strstr(out, "<tr class=\"group\"><td colspan=\"3\">"));
	assert_non_null(strstr(out, "<thead>\n<tr><th>"));
	assert_non_null(strstr(out, "<section class=\"landscape\">"));
	assert_non_null(strstr(out, "<b>đậm</b> và <i>nghiêng</i>"));
	assert_non_null(strstr(out, "hai &lt;b&gt; &amp; &quot;ba&quot;"));
	assert_non_null(strstr(out, "<p class=\"recipients-label\">Nơi nhận:</p>"));
	/* No name: no signer-name line, the room to sign stays. */
	assert_null(strstr(out, "signer-name"));
	assert_non_null(strstr(out, "<div class=\"sign-space\"></div>"));
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "</section>\n</body>\n</html>\n"));
	free(out);
	doc_free(d);
}

/* The archive's parts, in order, with their bytes. */
struct part {
	char name[64];
	char *data;
	zip_uint64_t size;
	zip_uint16_t method;
	time_t mtime;
};

static size_t read_zip(const char *buf, size_t len, struct part *parts,
		       size_t max)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t n, i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	n = zip_get_num_entries(za, 0);
	assert_true(n > 0 && (size_t)n <= max);
	for (i = 0; i < n; i++) {
		zip_stat_t st;
		zip_file_t *zf;

		assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
		snprintf(parts[i].name, sizeof(parts[i].name), "%s", st.name);
		parts[i].size = st.size;
		parts[i].method = st.comp_method;
		parts[i].mtime = st.mtime;
		parts[i].data = calloc(1, st.size + 1);
		zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		assert_non_null(zf);
		assert_int_equal(zip_fread(zf, parts[i].data, st.size),
				 (zip_int64_t)st.size);
		zip_fclose(zf);
	}
	zip_close(za);
	zip_error_fini(&ze);
	return (size_t)n;
}

static void free_parts(struct part *parts, size_t n)
{
	while (n--)
		free(parts[n].data);
}

static time_t dos_epoch(void)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 80;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void test_docx(void **state)
{
	static const char *const names[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml",
		"docProps/app.xml", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/header1.xml", "word/header2.xml",
		"word/_rels/document.xml.rels",
	};
	struct doc_table *t;
	struct doc *d = sample(&t);
	struct part parts[16];
	size_t len, len2, n, i;
	char *out = draw(d, doc_draw_docx, &len);
	char *again = draw(d, doc_draw_docx, &len2);
	const char *x;

	(void)state;
	/* The same document, the same bytes: no clock inside. */
	assert_int_equal(len, len2);
	assert_memory_equal(out, again, len);
	n = read_zip(out, len, parts, 16);
	assert_int_equal(n, 10);
	for (i = 0; i < n; i++) {
		assert_string_equal(parts[i].name, names[i]);
		assert_int_equal(parts[i].method, ZIP_CM_DEFLATE);
		assert_true(parts[i].mtime == dos_epoch());
	}
	x = parts[4].data;
	assert_non_null(strstr(x, "<w:vMerge w:val=\"restart\"/>"));
	assert_non_null(strstr(x, "<w:vMerge w:val=\"continue\"/>"));
	assert_non_null(strstr(x, "<w:gridSpan w:val=\"2\"/>"));
	assert_non_null(strstr(x, "<w:gridSpan w:val=\"3\"/>"));
	assert_non_null(strstr(x, "<w:tblHeader/>"));
	assert_non_null(strstr(x, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(x, "<w:pgSz w:w=\"16838\" w:h=\"11906\" "
				  "w:orient=\"landscape\"/>"));
	assert_non_null(strstr(x, "<w:pgMar w:top=\"1134\" w:right=\"851\" "
				  "w:bottom=\"1134\" w:left=\"1701\""));
	assert_non_null(strstr(x, "<w:pgNumType w:start=\"1\"/>"));
	assert_non_null(strstr(x, "<w:titlePg/>"));
	assert_non_null(strstr(x, "TM. ỦY BAN NHÂN DÂN</w:t><w:br/>"));
	assert_non_null(strstr(x, "<w:tab/>"));
	assert_non_null(strstr(x, "<w:rPr><w:b/><w:bCs/></w:rPr><w:t "
				  "xml:space=\"preserve\">đậm</w:t>"));
	assert_non_null(strstr(x, "hai &lt;b&gt; &amp; &quot;ba&quot;"));
	assert_null(strstr(x, "<b>"));
	assert_non_null(strstr(parts[2].data, "<dc:title>Báo cáo &lt;thử&gt; "
						"&amp; &quot;xem&quot;</dc:title>"));
	assert_non_null(strstr(parts[7].data, " PAGE "));
	assert_null(strstr(parts[8].data, "PAGE"));
	free_parts(parts, n);
	free(out);
	free(again);
	doc_free(d);
}

static void test_odt(void **state)
{
	static const char mime[] = "application/vnd.oasis.opendocument.text";
	struct doc_table *t;
	struct doc *d = sample(&t);
	struct part parts[8];
	size_t len, n;
	char *out = draw(d, doc_draw_odt, &len);
	const char *x;

	(void)state;
	/* ODF 1.2 part 3, 3.3: "mimetype" first, stored, no extra field,
	 * its text at offset 38. */
	assert_true(len > 38 + strlen(mime));
	assert_memory_equal(out, "PK\3\4", 4);
	assert_int_equal(out[8] | out[9] << 8, 0);		/* stored */
	assert_int_equal(out[26] | out[27] << 8, 8);		/* name length */
	assert_int_equal(out[28] | out[29] << 8, 0);		/* no extra */
	assert_memory_equal(out + 30, "mimetype", 8);
	assert_memory_equal(out + 38, mime, strlen(mime));
	n = read_zip(out, len, parts, 8);
	assert_int_equal(n, 5);
	assert_string_equal(parts[0].name, "mimetype");
	assert_int_equal(parts[0].method, ZIP_CM_STORE);
	assert_string_equal(parts[1].name, "META-INF/manifest.xml");
	assert_string_equal(parts[4].name, "content.xml");
	x = parts[4].data;
	assert_non_null(strstr(x, "table:number-rows-spanned=\"2\""));
	assert_non_null(strstr(x, "table:number-columns-spanned=\"2\""));
	assert_non_null(strstr(x, "table:number-columns-spanned=\"3\""));
	assert_non_null(strstr(x, "<table:covered-table-cell/>"));
	assert_non_null(strstr(x, "<table:table-header-rows>"));
	assert_non_null(strstr(x, "style:master-page-name=\"First\""));
	assert_non_null(strstr(x, "style:master-page-name=\"LandscapeFirst\""));
	assert_non_null(strstr(x, "style:page-number=\"1\""));
	assert_non_null(strstr(x, "ngày 05 tháng 02 năm 2026"));
	assert_non_null(strstr(x, "<text:tab/>"));
	assert_non_null(strstr(x, "<text:line-break/>"));
	assert_non_null(strstr(x, "hai &lt;b&gt; &amp; &quot;ba&quot;"));
	assert_non_null(strstr(parts[3].data, "fo:page-width=\"297mm\""));
	free_parts(parts, n);
	free(out);
	doc_free(d);
}

/* Blanks survive ODF's white-space rules, control characters and
 * non-characters do not reach the XML. */
static void test_xml_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	doc_xml_text(&sb, "a\x01" "b\x1f" "c\t\n&<>\"'" "\xef\xbf\xbe" "d"
		     "\xef\xbf\xbf" "e\xef\xbf\xbd");
	assert_string_equal(sb.buf, "abc\t\n&amp;&lt;&gt;&quot;&apos;de"
			    "\xef\xbf\xbd");
	strbuf_release(&sb);
}

static void test_blanks_odt(void **state)
{
	struct doc *d = doc_new("x");
	struct part parts[8];
	size_t len, n;
	char *out;

	(void)state;
	doc_text(d, DOC_LEFT, 0, "  Số:      /BC a b\n c");
	assert_int_equal(doc_finish(d), 0);
	out = draw(d, doc_draw_odt, &len);
	n = read_zip(out, len, parts, 8);
	assert_non_null(strstr(parts[4].data, "<text:s text:c=\"2\"/>Số: "
					      "<text:s text:c=\"5\"/>/BC a b"
					      "<text:line-break/><text:s/>c"));
	free_parts(parts, n);
	free(out);
	doc_free(d);
}

/* libzip failing to finish the archive: the drawer says so. */
static void test_zip_failure(void **state)
{
	struct doc_table *t;
	struct doc *d = sample(&t);
	struct capture c;

	(void)state;
	zip_close_fails = true;
	cap_open(&c);
	assert_int_equal(doc_draw_docx(d, c.f), -1);
	assert_int_equal(doc_draw_odt(d, c.f), -1);
	cap_close(&c);
	assert_int_equal(c.len, 0);
	cap_free(&c);
	doc_free(d);
}

/* put_text of doc_md.c and doc_html.c as they were, a byte at a time:
 * the reference for the random test below. */
static void ref_md_text(struct strbuf *sb, const char *s)
{
	bool blank = false;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			strbuf_addstr(sb, blank ? "&nbsp;" : " ");
			blank = true;
			continue;
		}
		blank = false;
		switch (*s) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '\n': strbuf_addstr(sb, "<br>"); break;
		case '\r': break;
		case '|': case '*': case '_': case '`': case '[': case ']':
		case '~': case '\\': case '#':
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, *s);
			break;
		default:
			strbuf_addch(sb, *s);
			break;
		}
	}
}

static void ref_html_text(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&#39;"); break;
		case '\r': break;
		default: strbuf_addch(sb, *s); break;
		}
	}
}

/* A paragraph of "x" and text drawn: what the reference makes of it
 * where "x" alone was drawn. */
static void check_escaped(doc_draw_fn *fn, const char *text,
			  void (*ref)(struct strbuf *, const char *))
{
	struct strbuf want = STRBUF_INIT, x = STRBUF_INIT;
	struct doc *d;
	char *out, *marker;
	size_t at;

	d = doc_new("t");
	doc_text(d, DOC_LEFT, 0, "x\x01");
	assert_int_equal(doc_finish(d), 0);
	out = draw(d, fn, NULL);
	doc_free(d);
	marker = strstr(out, "x\x01");
	assert_non_null(marker);
	at = (size_t)(marker - out);
	strbuf_add(&want, out, at);
	strbuf_addstr(&x, "x");
	strbuf_addstr(&x, text);
	ref(&want, x.buf);
	strbuf_addstr(&want, marker + 2);
	free(out);
	d = doc_new("t");
	doc_text(d, DOC_LEFT, 0, x.buf);
	assert_int_equal(doc_finish(d), 0);
	out = draw(d, fn, NULL);
	doc_free(d);
	if (strcmp(out, want.buf))
		fail_msg("\"%s\"\ngave \"%s\"\nwant \"%s\"", x.buf, out,
			 want.buf);
	free(out);
	strbuf_release(&x);
	strbuf_release(&want);
}

/* Markdown and HTML escape text a piece at a time: random texts of
 * blanks, tabs, markup and Vietnamese give what a byte at a time gave. */
static void test_escape_random(void **state)
{
	static const char *const pieces[] = {
		" ", "  ", "\t", "\n", "\r", "&", "<", ">", "\"", "'", "|",
		"*", "_", "`", "[", "]", "~", "\\", "#", "a", "Vi\xe1\xbb\x87t",
		"&nbsp;", "x y", "-", "1.",
		/* Long enough for doc_md.c's sixteen bytes at a time. */
		"Xây dựng kế hoạch ",
		"abcdefghijklmnopqrstuvwxyz", " abcdefghijklmn", "^", "=", "}",
		"\x01", "{", ";",
	};
	char buf[1024];
	unsigned seed = 5;
	size_t len, k, n, m;
	int i;

	(void)state;
	for (i = 0; i < 6000; i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		for (k = (seed >> 16) % 20; k > 0; k--) {
			seed = seed * 1103515245u + 12345u;
			n = (seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]));
			m = strlen(pieces[n]);
			memcpy(buf + len, pieces[n], m);
			len += m;
		}
		buf[len] = '\0';
		check_escaped(doc_draw_md, buf, ref_md_text);
		check_escaped(doc_draw_html, buf, ref_html_text);
	}
}

/* A random cell or paragraph text: Vietnamese words, dashes, blanks and
 * newlines (the simple text of utf8_measure_words), now and then a
 * piece of adversarial text (tabs, controls, marks, wide characters,
 * bytes that are not UTF-8). */
static void random_text(char *buf, size_t max, unsigned *seed)
{
	static const char *const pieces[] = {
		"Ph\xc3\xb2ng", " ", " ", "  ", "Vi\xe1\xbb\x87t", "x\xc3\xa3",
		"\xe2\x80\x93", "\xe2\x80\x9c", "\xe2\x80\xa6", "\n",
		"abcdefghijklmnopqrstuvwxyz", "30/6/2026", "h\xe1\xbb\x99i",
		"\xc4\x90\xe1\xbb\x99" "c-l\xe1\xba\xadp", "   ",
	};

	*seed = *seed * 1103515245u + 12345u;
	if (*seed >> 28 == 0) {
		adv_text(buf, max);
		return;
	}
	random_pieces(buf, max, pieces, sizeof(pieces) / sizeof(pieces[0]),
		      (*seed >> 16) % 40, seed);
}

/* A document of random tables (every alignment, spans) and paragraphs:
 * the text drawer's wrapping of simple text from spans of the cells
 * gives what the general wrapping gives (the shortcut turned off, no
 * text is simple), and no line is wider than the page or ends in a
 * blank. */
static void test_text_fast_random(void **state)
{
	static const enum doc_align aligns[] = {
		DOC_LEFT, DOC_CENTER, DOC_RIGHT, DOC_JUSTIFY,
	};
	static const int widths[] = { 5, 30, 12, 40, 8, 20 };
	char buf[400], *fast, *slow, *line, *save = NULL;
	unsigned seed = 3;
	size_t ncols, c, r, len;
	struct doc_table *t;
	struct doc *d;
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		d = doc_new("t");
		seed = seed * 1103515245u + 12345u;
		ncols = 1 + (seed >> 16) % 6;
		t = doc_table(d, ncols, widths);
		for (r = 0; r < 6; r++) {
			doc_row(d, t, r ? 0 : DOC_ROW_HEADER);
			for (c = 0; c < ncols; c++) {
				random_text(buf, sizeof(buf), &seed);
				doc_run(d, doc_cell(d, t, c, 1, 1,
						    aligns[(seed >> 8) % 4], 0),
					0, buf);
			}
		}
		random_text(buf, sizeof(buf), &seed);
		doc_run(d, doc_para(d, aligns[(seed >> 8) % 4],
				    (seed >> 12) % 2 ? DOC_INDENT : 0), 0, buf);
		random_text(buf, sizeof(buf), &seed);
		doc_run(d, doc_item(d, doc_list(d, "-")), 0, buf);
		assert_int_equal(doc_finish(d), 0);
		utf8_fast_words(1);
		fast = draw(d, doc_draw_text, &len);
		/* Rows are put together with copies of known sizes: no
		 * byte of them but the text and its blanks. */
		assert_int_equal(strlen(fast), len);
		utf8_fast_words(0);
		slow = draw(d, doc_draw_text, NULL);
		utf8_fast_words(1);
		if (strcmp(fast, slow))
			fail_msg("case %d:\n%s\nwant\n%s", i, fast, slow);
		for (line = strtok_r(fast, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			assert_false(line[strlen(line) - 1] == ' ');
		free(fast);
		free(slow);
		doc_free(d);
	}
}

/* A random text with markup, blanks and entities now and then: what
 * Markdown and HTML escape. */
static void escape_text(char *buf, size_t max, unsigned *seed)
{
	static const char *const pieces[] = {
		" ", "  ", "\t", "\n", "\r", "&", "<", ">", "\"", "'", "|",
		"*", "_", "`", "[", "]", "~", "\\", "#", "a",
		"Vi\xe1\xbb\x87t", "Xây dựng kế hoạch ", "^", "=", "}",
	};

	random_pieces(buf, max, pieces, sizeof(pieces) / sizeof(pieces[0]),
		      (*seed >> 16) % 30, seed);
}

/* A document whose texts are a snapshot's strings, each with its facts
 * and kept widths, draws as the same document of copies (which every
 * drawer scans and measures): in text, Markdown and HTML, with simple
 * text, adversarial text and text to escape. */
static void test_facts_same(void **state)
{
	static doc_draw_fn *const fns[] = {
		doc_draw_text, doc_draw_md, doc_draw_html,
	};
	static const int widths[] = { 5, 30, 12, 40 };
	static struct facts_region region;
	char buf[400];
	unsigned seed = 11;
	size_t c, r, f, ncols;
	struct doc *d[2];
	struct doc_table *t[2];
	const char *ref;
	char *a, *b;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		region.len = 0;
		d[0] = doc_new("t");
		d[1] = doc_new("t");
		seed = seed * 1103515245u + 12345u;
		ncols = 1 + (seed >> 16) % 4;
		for (f = 0; f < 2; f++)
			t[f] = doc_table(d[f], ncols, widths);
		for (r = 0; r < 5; r++) {
			for (f = 0; f < 2; f++)
				doc_row(d[f], t[f], r ? 0 : DOC_ROW_HEADER);
			for (c = 0; c < ncols; c++) {
				if ((seed >> 20) % 3)
					random_text(buf, sizeof(buf), &seed);
				else
					escape_text(buf, sizeof(buf), &seed);
				ref = facts_add(&region, buf);
				doc_run(d[0], doc_cell(d[0], t[0], c, 1, 1,
						       DOC_LEFT, 0), 0, buf);
				doc_run_ref(d[1], doc_cell(d[1], t[1], c, 1, 1,
							   DOC_LEFT, 0), 0,
					    ref);
			}
		}
		escape_text(buf, sizeof(buf), &seed);
		ref = facts_add(&region, buf);
		doc_run(d[0], doc_para(d[0], DOC_LEFT, 0), 0, buf);
		doc_run_ref(d[1], doc_para(d[1], DOC_LEFT, 0), 0, ref);
		textfacts_region(region.buf, region.len);
		for (f = 0; f < 2; f++)
			assert_int_equal(doc_finish(d[f]), 0);
		for (f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
			a = draw(d[0], fns[f], NULL);
			b = draw(d[1], fns[f], NULL);
			if (strcmp(a, b))
				fail_msg("case %d, drawer %zu:\n%s\nwant\n%s",
					 i, f, b, a);
			free(a);
			free(b);
		}
		textfacts_region(NULL, 0);
		doc_free(d[0]);
		doc_free(d[1]);
	}
}

/* A table whose cells are of several runs and paragraphs draws as the
 * same table with each cell one run of doc_cell_plain's text: the text
 * drawer joins such cells itself, in one buffer for the table. */
static void test_text_joined_cells(void **state)
{
	static const int widths[] = { 3, 5, 2, 4 };
	char a[120], b[120], c[120], *joined, *want, *got;
	struct doc *d[2];
	struct doc_table *t[2];
	struct doc_para *p;
	unsigned seed = 9, shape;
	size_t col, row, k;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		for (k = 0; k < 2; k++) {
			d[k] = doc_new("t");
			t[k] = doc_table(d[k], 4, widths);
		}
		for (row = 0; row < 5; row++) {
			for (k = 0; k < 2; k++)
				doc_row(d[k], t[k], 0);
			for (col = 0; col < 4; col++) {
				random_text(a, sizeof(a), &seed);
				random_text(b, sizeof(b), &seed);
				random_text(c, sizeof(c), &seed);
				shape = seed >> 20;
				/* d[0]: a, then b as a run, then c as a
				 * paragraph of its own, each now and then. */
				p = doc_cell(d[0], t[0], col, 1, 1,
					     (enum doc_align)(shape % 3), 0);
				doc_run(d[0], p, 0, a);
				if (shape & 4)
					doc_run(d[0], p, DOC_BOLD, b);
				if (shape & 8)
					doc_run(d[0], doc_cell_para(d[0], t[0],
						col, DOC_LEFT, 0), 0, c);
				joined = doc_cell_plain(&t[0]->last->cells[col]);
				doc_run(d[1], doc_cell(d[1], t[1], col, 1, 1,
						       (enum doc_align)(shape % 3),
						       0), 0, joined);
				free(joined);
			}
		}
		for (k = 0; k < 2; k++)
			assert_int_equal(doc_finish(d[k]), 0);
		got = draw(d[0], doc_draw_text, NULL);
		want = draw(d[1], doc_draw_text, NULL);
		if (strcmp(got, want))
			fail_msg("case %d:\n%s\nwant\n%s", i, got, want);
		free(got);
		free(want);
		for (k = 0; k < 2; k++)
			doc_free(d[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_spans, setup),
		cmocka_unit_test_setup(test_misplaced_cell, setup),
		cmocka_unit_test_setup(test_out_of_memory, setup),
		cmocka_unit_test_setup(test_stream_same, setup),
		cmocka_unit_test_setup(test_stream_broken, setup),
		cmocka_unit_test_setup(test_stream_out_of_memory, setup),
		cmocka_unit_test_setup(test_list_stream_walk, setup),
		cmocka_unit_test_setup(test_list_stream_same, setup),
		cmocka_unit_test_setup(test_list_stream_empty, setup),
		cmocka_unit_test_setup(test_list_stream_out_of_memory, setup),
		cmocka_unit_test_setup(test_list_stream_misuse, setup),
		cmocka_unit_test_setup(test_text, setup),
		cmocka_unit_test_setup(test_md, setup),
		cmocka_unit_test_setup(test_html, setup),
		cmocka_unit_test_setup(test_docx, setup),
		cmocka_unit_test_setup(test_odt, setup),
		cmocka_unit_test_setup(test_xml_text, setup),
		cmocka_unit_test_setup(test_blanks_odt, setup),
		cmocka_unit_test_setup(test_zip_failure, setup),
		cmocka_unit_test_setup(test_escape_random, setup),
		cmocka_unit_test_setup(test_text_fast_random, setup),
		cmocka_unit_test_setup(test_text_joined_cells, setup),
		cmocka_unit_test_setup(test_facts_same, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
