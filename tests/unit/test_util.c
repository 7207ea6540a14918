/* test_util.c: arena, strbuf and err, and the whole numbers the
 * reports write (render_common.c). */
// LDFLAGS: -Wl,--wrap=vsnprintf
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plantrack/arena.h"
#include "plantrack/err.h"
#include "plantrack/strbuf.h"

#include "../../src/render_int.h"

/* The out-of-memory test needs malloc to fail, not ASan to abort. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* vsnprintf, counted: whether strbuf_addf formatted by itself. */
static int vsnprintf_calls;

int __real_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int __wrap_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int __wrap_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	vsnprintf_calls++;
	return __real_vsnprintf(buf, size, fmt, ap);
}

/* ---- arena ---- */

/* Packed at pointer alignment: zeroed, aligned for a pointer, and
 * small structs one after the other with no gap (24-byte runs would
 * take 32 at max alignment). */
static void test_arena_alloc_ptr_packed(void **state)
{
	struct arena a = ARENA_INIT;
	unsigned char *p[100];
	size_t i, j;

	(void)state;
	for (i = 0; i < 100; i++) {
		p[i] = arena_alloc_ptr(&a, 24);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % alignof(void *), 0);
		for (j = 0; j < 24; j++)
			assert_int_equal(p[i][j], 0);
		memset(p[i], 0xaa, 24);
		if (i && p[i] > p[i - 1] && p[i] - p[i - 1] < 64)
			assert_int_equal(p[i] - p[i - 1], 24);
	}
	/* An odd size leaves the next one aligned for a pointer. */
	p[0] = arena_alloc_ptr(&a, 3);
	p[1] = arena_alloc_ptr(&a, 8);
	assert_int_equal((uintptr_t)p[1] % alignof(void *), 0);
	assert_int_equal(p[1] - p[0], 8);
	arena_free(&a);
}

static void test_arena_alloc_zeroed_aligned(void **state)
{
	struct arena a = ARENA_INIT;
	unsigned char *p[200];
	size_t i, j, size;

	(void)state;
	for (i = 0; i < 200; i++) {
		size = 1 + i * 37 % 1000;
		p[i] = arena_alloc(&a, size);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % alignof(max_align_t), 0);
		for (j = 0; j < size; j++)
			assert_int_equal(p[i][j], 0);
		memset(p[i], (int)(i & 0xff), size);
	}
	/* No allocation overlaps another: each still holds its pattern. */
	for (i = 0; i < 200; i++) {
		size = 1 + i * 37 % 1000;
		for (j = 0; j < size; j++)
			assert_int_equal(p[i][j], i & 0xff);
	}
	arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.cap, 0);
}

/* Memory is zeroed even when malloc hands back a block it had before. */
static void test_arena_reuse_zeroed(void **state)
{
	struct arena a = ARENA_INIT;
	unsigned char *p;
	size_t i;
	int round;

	(void)state;
	for (round = 0; round < 3; round++) {
		p = arena_alloc(&a, 8000);
		assert_non_null(p);
		for (i = 0; i < 8000; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xff, 8000);
		arena_free(&a);
	}
}

static void test_arena_zero_size(void **state)
{
	struct arena a = ARENA_INIT;
	void *p, *q;

	(void)state;
	p = arena_alloc(&a, 0);
	q = arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(&a);
}

static void test_arena_big(void **state)
{
	struct arena a = ARENA_INIT;
	unsigned char *small, *big, *after;
	size_t i;

	(void)state;
	small = arena_alloc(&a, 16);
	assert_non_null(small);
	big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	for (i = 0; i < 1 << 20; i++)
		assert_int_equal(big[i], 0);
	memset(big, 0xaa, 1 << 20);
	/* The block with free space stays in use after a big request. */
	after = arena_alloc(&a, 16);
	assert_non_null(after);
	assert_ptr_equal(after, small + 16);
	memset(after, 0x55, 16);
	assert_int_equal(big[(1 << 20) - 1], 0xaa);
	arena_free(&a);

	/* A big request into an empty arena, then small ones. */
	big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	after = arena_alloc(&a, 8);
	assert_non_null(after);
	assert_true(after < big || after >= big + (1 << 20));
	arena_free(&a);
}

/* Shared blocks grow with the arena, an eighth of what it holds, so
 * that 150 MB of small pieces are not 2 400 blocks of 64 KB; past 16 MB
 * they are 4 MB aligned to a huge page. Every piece stays its own. */
static void test_arena_growth(void **state)
{
	struct arena a = ARENA_INIT;
	const size_t piece = 1024, n = 40000;	/* 40 MB */
	size_t i, blocks = 0, cap = 0;
	struct { unsigned char *p; } *v = calloc(n, sizeof(*v));

	(void)state;
	assert_non_null(v);
	for (i = 0; i < n; i++) {
		v[i].p = arena_alloc(&a, piece);
		assert_non_null(v[i].p);
		assert_int_equal(v[i].p[0], 0);
		assert_int_equal(v[i].p[piece - 1], 0);
		memset(v[i].p, (int)(i % 251), piece);
		if (a.cap != cap || (i && v[i].p != v[i - 1].p + piece)) {
			/* A new block: never smaller than the last. */
			assert_true(a.cap >= cap);
			cap = a.cap;
			blocks++;
		}
	}
	/* 64 KB blocks only would have been 640. */
	assert_true(blocks < 60);
	assert_true(a.cap > ((size_t)4 << 20) - 64 && a.cap < (size_t)4 << 20);
	assert_int_equal((uintptr_t)a.head % ((uintptr_t)2 << 20), 0);
	assert_true(a.total >= n * piece);
	for (i = 0; i < n; i += 97)
		assert_int_equal(v[i].p[piece / 2], i % 251);
	arena_free(&a);
	assert_int_equal(a.total, 0);
	free(v);
}

static void test_arena_strings(void **state)
{
	struct arena a = ARENA_INIT;
	char *s, *t, *u;

	(void)state;
	s = arena_strdup(&a, "Phòng Kinh tế");
	t = arena_strndup(&a, "abcdef", 3);
	u = arena_strdup(&a, "");
	assert_string_equal(s, "Phòng Kinh tế");
	assert_string_equal(t, "abc");
	assert_string_equal(u, "");
	assert_ptr_not_equal(s, t);
	/* Reusable after free. */
	arena_free(&a);
	s = arena_strdup(&a, "again");
	assert_string_equal(s, "again");
	arena_free(&a);
	arena_free(&a);
	arena_free(NULL);
}

static void test_arena_too_big(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	errno = 0;
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(arena_strndup(&a, "", SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	arena_free(&a);
}

/* Memory in huge pages (mem_*_huge): calloc's zeroed, every byte asked
 * for there to use, realloc's keeping what it held from a small block
 * to a large one, mem_malloc_huge's large blocks on a huge page, sizes
 * that overflow refused. */
static void test_mem_huge(void **state)
{
	const size_t huge = (size_t)2 << 20;
	static const size_t sizes[] = { 0, 1, 4096, huge - 1, huge,
					huge + 1, 4 * huge - 100, 5 * huge + 7,
					9 * huge };
	unsigned char *p, *q;
	size_t i, j, len;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		len = sizes[i];
		/* Never less, never a quarter more; from a huge page on,
		 * as it is or whole huge pages (malloc's 32 bytes of
		 * header under them). */
		assert_true(mem_huge_size(len) >= len);
		assert_true(mem_huge_size(len) - len <= len / 4);
		if (len < huge)
			assert_int_equal(mem_huge_size(len), len);
		else if (mem_huge_size(len) != len)
			assert_int_equal((mem_huge_size(len) + 32) % huge, 0);
		/* Memory malloc may hand out again, dirty. */
		q = malloc(len ? len : 1);
		assert_non_null(q);
		memset(q, 0xff, len);
		free(q);
		p = mem_calloc_huge(len, 1);
		assert_non_null(p);
		for (j = 0; j < len; j += 509)
			assert_int_equal(p[j], 0);
		if (len)
			assert_int_equal(p[len - 1], 0);
		memset(p, 0x5a, len);
		free(p);
		p = mem_malloc_huge(1, len);
		assert_non_null(p);
		if (len >= huge)
			assert_int_equal((uintptr_t)p % huge, 0);
		memset(p, 0xa5, len);
		free(p);
	}
	/* 2 MB + 1 would take a second huge page for one byte: as it is;
	 * 8 MB - 100, whole; 18 MB, whole with malloc's header. */
	assert_int_equal(mem_huge_size(huge + 1), huge + 1);
	assert_int_equal(mem_huge_size(4 * huge - 100), 4 * huge - 32);
	assert_int_equal(mem_huge_size(9 * huge), 10 * huge - 32);
	/* Grown from 1 KB to 12 MB and back, the bytes kept. */
	p = NULL;
	for (len = 1024; len <= (size_t)12 << 20; len *= 2) {
		q = mem_realloc_huge(p, len, 1);
		assert_non_null(q);
		for (j = len / 2; j < len; j++)
			q[j] = (unsigned char)(j % 251);
		if (len == 1024)
			for (j = 0; j < len / 2; j++)
				q[j] = (unsigned char)(j % 251);
		p = q;
	}
	len /= 2;
	for (j = 0; j < len; j += 4093)
		assert_int_equal(p[j], j % 251);
	p = mem_realloc_huge(p, 3000, 1);
	assert_non_null(p);
	for (j = 0; j < 3000; j++)
		assert_int_equal(p[j], j % 251);
	free(p);
	/* n * size past any object: refused, nothing allocated. */
	errno = 0;
	assert_null(mem_calloc_huge(SIZE_MAX / 2, 4));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(mem_malloc_huge(PTRDIFF_MAX, 1));
	assert_int_equal(errno, ENOMEM);
	p = mem_realloc_huge(NULL, 16, 1);
	assert_non_null(p);
	p[15] = 9;
	errno = 0;
	assert_null(mem_realloc_huge(p, SIZE_MAX, SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(p[15], 9);
	free(p);
}

/* Arrays grow outside the arena and join it when done: a large one as
 * it is, a small one copied; either way they live and die with it. */
static void test_arena_arrays(void **state)
{
	struct arena a = ARENA_INIT;
	unsigned char *small, *after;
	int *v = NULL, *nv, *kept;
	size_t i, cap = 0, n = 100000;

	(void)state;
	small = arena_alloc(&a, 16);
	assert_non_null(small);
	for (i = 0; i < n; i++) {
		if (i == cap) {
			cap = cap ? 2 * cap : 8;
			nv = arena_array_resize(v, cap * sizeof(*v));
			assert_non_null(nv);
			v = nv;
		}
		v[i] = (int)i;
	}
	kept = arena_array_keep(&a, v, n * sizeof(*v));
	assert_non_null(kept);
	assert_int_equal((uintptr_t)kept % alignof(max_align_t), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(kept[i], i);
	/* The head block, with its free space, is still the one in use. */
	after = arena_alloc(&a, 16);
	assert_ptr_equal(after, small + 16);

	/* A small array is copied into the shared blocks. */
	v = arena_array_resize(NULL, 10 * sizeof(*v));
	assert_non_null(v);
	for (i = 0; i < 10; i++)
		v[i] = (int)(100 + i);
	kept = arena_array_keep(&a, v, 10 * sizeof(*v));
	assert_non_null(kept);
	for (i = 0; i < 10; i++)
		assert_int_equal(kept[i], 100 + i);
	/* An array never grown is still somewhere to point at. */
	assert_non_null(arena_array_keep(&a, NULL, 0));
	arena_free(&a);	/* valgrind and ASan: nothing leaks */

	/* A large array into an empty arena, then small requests. */
	v = arena_array_resize(NULL, 1 << 20);
	assert_non_null(v);
	memset(v, 0xaa, 1 << 20);
	kept = arena_array_keep(&a, v, 1 << 20);
	assert_non_null(kept);
	after = arena_alloc(&a, 8);
	assert_non_null(after);
	assert_true(after < (unsigned char *)kept ||
		    after >= (unsigned char *)kept + (1 << 20));
	assert_int_equal(((unsigned char *)kept)[(1 << 20) - 1], 0xaa);
	arena_free(&a);

	/* Too big: refused, and the array is untouched. */
	v = arena_array_resize(NULL, 4 * sizeof(*v));
	assert_non_null(v);
	v[3] = 7;
	errno = 0;
	assert_null(arena_array_resize(v, SIZE_MAX - 8));
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(v[3], 7);
	arena_array_free(v);
	arena_array_free(NULL);
}

/* ---- strbuf ---- */

static void test_strbuf_init(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	assert_string_equal(sb.buf, "");
	strbuf_reset(&sb);	/* must not write to the slop buffer */
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);

	strbuf_init(&sb, 100);
	assert_true(sb.alloc > 100);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	assert_int_equal(sb.alloc, 0);
	strbuf_release(NULL);
}

static void test_strbuf_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	strbuf_addstr(&sb, "Việt");
	strbuf_addch(&sb, ' ');
	strbuf_add(&sb, "Khê!!", 4);
	strbuf_add(&sb, NULL, 0);
	assert_string_equal(sb.buf, "Việt Khê");
	assert_int_equal(sb.len, strlen("Việt Khê"));
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 1000);
	assert_int_equal(sb.buf[999], 'a' + 999 % 26);
	assert_int_equal(sb.buf[1000], '\0');
	assert_true(sb.alloc > 1000);
	strbuf_release(&sb);
}

static void test_strbuf_addf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[301];

	(void)state;
	strbuf_addf(&sb, "%s=%d", "x", 42);
	strbuf_addf(&sb, ", %05.1f", 3.14159);
	assert_string_equal(sb.buf, "x=42, 003.1");
	/* Longer than the first attempt's room. */
	memset(big, 'z', 300);
	big[300] = '\0';
	strbuf_addf(&sb, "[%s]", big);
	assert_int_equal(sb.len, strlen("x=42, 003.1") + 302);
	assert_int_equal(sb.buf[sb.len - 1], ']');
	assert_int_equal(sb.buf[sb.len - 2], 'z');
	assert_int_equal(memcmp(sb.buf, "x=42, 003.1[z", 13), 0);
	strbuf_addf(&sb, "%s", "");
	assert_int_equal(sb.len, strlen("x=42, 003.1") + 302);
	strbuf_release(&sb);
}

/* strbuf_addf(fmt, ...) after a prefix is the prefix and printf's
 * result; plain says whether it must get there without vsnprintf. */
__attribute__((format(printf, 2, 3)))
static void check_addf(bool plain, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char want[512];
	va_list ap;
	int calls;

	strbuf_addstr(&sb, "Kế hoạch: ");
	memcpy(want, sb.buf, sb.len);
	va_start(ap, fmt);
	assert_true(__real_vsnprintf(want + sb.len, sizeof(want) - sb.len,
				     fmt, ap) < (int)(sizeof(want) - sb.len));
	va_end(ap);
	calls = vsnprintf_calls;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	assert_string_equal(sb.buf, want);
	assert_int_equal(sb.len, strlen(want));
	assert_int_equal(vsnprintf_calls - calls, plain ? 0 : 1);
	strbuf_release(&sb);
}

/* The formats of messages and their translations: %s, %d, %% in
 * order or by position, formatted without printf; anything else by
 * printf. */
static void test_strbuf_addf_plain(void **state)
{
	(void)state;
	check_addf(true, "không có gì");
	check_addf(true, "%s", "");
	check_addf(true, "%s has not updated task %s since %s", "Phòng Kinh tế",
		   "I.1", "20/05/2026");
	check_addf(true, "%d%% %s", 100, "xong");
	check_addf(true, "%%%%%d%%", 7);
	check_addf(true, "%d %d %d %d %d", 0, -1, 10, INT_MAX, INT_MIN);
	check_addf(true, "%2$s (%1$d ngày) %2$s", 3, "hạn 15/11/2026");
	check_addf(true, "%3$s%2$s%1$s", "a", "bb", "ccc");
	check_addf(true, "%1$d%%", -42);
	check_addf(true, "%s%s%s%s%s%s%s%s%s", "1", "2", "3", "4", "5", "6",
		   "7", "8", "9");
	check_addf(true, "%zu/%u/%zu", (size_t)0, 0u, SIZE_MAX);
	check_addf(true, "%u %u", UINT_MAX, 7u);
	check_addf(true, "Tiến độ: %d%% (%zu dòng)", 60, (size_t)12037);
	check_addf(true, "%2$zu %1$u %3$s", 4u, (size_t)5, "z");
	/* Past the longest format kept parsed (127 bytes): parsed each
	 * time, the same result. */
	for (int i = 0; i < 2; i++)
		check_addf(true, "%s, %d, %u: một câu dài hơn một trăm hai "
			   "mươi bảy byte, để không được giữ lại sau khi "
			   "đọc, %zu%%", "x", i, 3u, (size_t)4);
	/* A lot of %%: more pieces than are kept. */
	check_addf(true, "%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%"
		   "%s", "z");
	/* Beyond the shape taken: printf. */
	check_addf(false, "%s%s%s%s%s%s%s%s%s%s", "1", "2", "3", "4", "5",
		   "6", "7", "8", "9", "10");
	check_addf(false, "%5d|%-3s|", 42, "x");
	check_addf(false, "%.3s", "Việt Khê");
	check_addf(false, "%c%s", 'x', "y");
	check_addf(false, "%zd %s", (ssize_t)5, "z");
	check_addf(false, "%ld", 1L << 40);
	check_addf(false, "%x", 255u);
}

/* A format is parsed once and kept by its address: the same format
 * again gives its own arguments' result, and a buffer that held another
 * format at the same address is not taken for it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void test_strbuf_addf_kept(void **state)
{
	/* Each takes a string and a number, in the order said. */
	static const struct {
		const char *fmt;
		bool number_first;
	} formats[] = {
		{ "%s: %d ngày", false }, { "%d ngày: %s", true },
		{ "%2$s (%1$d)", true }, { "%%%s%d%%", false },
		{ "%s %d", false }, { "%s%d", false },
		{ "Còn %d ngày cho %s", true },
	};
	char buf[64];

	(void)state;
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(formats) / sizeof(*formats);
		     i++) {
			/* One buffer, one address, for every format. */
			strcpy(buf, formats[i].fmt);
			if (formats[i].number_first)
				check_addf(true, buf, round - 1, "hạn");
			else
				check_addf(true, buf, "hạn", round - 1);
			/* And a literal, kept at its own address. */
			check_addf(true, "%s: %d ngày", round ? "a" : "b",
				   round);
		}
	}
}
#pragma GCC diagnostic pop

static void test_strbuf_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *p;

	(void)state;
	/* Even an empty strbuf hands out its own, freeable buffer. */
	p = strbuf_detach(&sb, &len);
	assert_non_null(p);
	assert_ptr_not_equal(p, strbuf_slopbuf);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);

	strbuf_addstr(&sb, "hello");
	p = strbuf_detach(&sb, &len);
	assert_string_equal(p, "hello");
	assert_int_equal(len, 5);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	free(p);
	p = strbuf_detach(&sb, NULL);
	free(p);
}

static void test_strbuf_grow(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "ab");
	strbuf_grow(&sb, 1000);
	assert_true(sb.alloc >= 1003);
	assert_int_equal(sb.len, 2);
	assert_string_equal(sb.buf, "ab");
	strbuf_release(&sb);
}

/* ---- err ---- */

static void test_error(void **state)
{
	struct capture c;

	(void)state;
	cap_open(&c);
	err_stream = c.f;
	assert_int_equal(error("cannot open %s: %s", "plan.yaml", "gone"), -1);
	warning("%d tasks overdue", 3);
	hint("run %s", "init");
	err_progname = "pt";
	assert_int_equal(error("x"), -1);
	err_progname = "plantrack";
	/* Once main names the command, every message carries it. */
	err_set_command("update");
	assert_int_equal(error("no task %s", "IX.9"), -1);
	warning("late");
	hint("say --dept");
	/* A message is printed as it is: no word of it is taken for the
	 * command's name. */
	assert_int_equal(error("update: department %s", "KT"), -1);
	err_set_command(NULL);
	err_stream = NULL;
	assert_string_equal(cap_close(&c),
			    "plantrack: cannot open plan.yaml: gone\n"
			    "plantrack: warning: 3 tasks overdue\n"
			    "plantrack: hint: run init\n"
			    "pt: x\n"
			    "plantrack: update: no task IX.9\n"
			    "plantrack: update: warning: late\n"
			    "plantrack: update: hint: say --dept\n"
			    "plantrack: update: update: department KT\n");
	cap_free(&c);
}

static void test_diag_at(void **state)
{
	struct capture c, e;

	(void)state;
	cap_open(&c);
	diag_at(c.f, "plan.yaml", 12, 5, "unknown key \"%s\"", "ke");
	diag_at(c.f, "plan.yaml", 12, 0, "no column");
	diag_at(c.f, "plan.yaml", 0, 7, "no line");
	diag_at(c.f, "kế hoạch.yaml", 4294967295UL, 1, "big");
	assert_string_equal(cap_close(&c),
			    "plan.yaml:12:5: unknown key \"ke\"\n"
			    "plan.yaml:12: no column\n"
			    "plan.yaml: no line\n"
			    "kế hoạch.yaml:4294967295:1: big\n");
	cap_free(&c);

	/* A NULL stream means the error stream. */
	cap_open(&e);
	err_stream = e.f;
	diag_at(NULL, "f", 1, 2, "m");
	err_stream = NULL;
	assert_string_equal(cap_close(&e), "f:1:2: m\n");
	cap_free(&e);
}

static void test_err_prefix(void **state)
{
	struct capture c;

	(void)state;
	cap_open(&c);
	err_prefix(c.f);
	err_set_command("list");
	err_prefix(c.f);
	err_set_command(NULL);
	/* diag_at is for data files: no command in "FILE:LINE:COL:". */
	err_set_command("validate");
	diag_at(c.f, "plan.yaml", 3, 1, "bad");
	err_set_command(NULL);
	assert_string_equal(cap_close(&c), "plantrack: plantrack: list: "
			    "plan.yaml:3:1: bad\n");
	cap_free(&c);
}

/* Without a catalogue, err_strerror is strerror, for the errors in its
 * table and for the others. */
static void test_strerror(void **state)
{
	static const int errs[] = {
		ENOENT, EACCES, ENOSPC, ELOOP, EDQUOT, EROFS, E2BIG, 0, 9999,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		char want[256];

		snprintf(want, sizeof(want), "%s", strerror(errs[i]));
		assert_string_equal(err_strerror(errs[i]), want);
	}
}

/* Runs fn in a child with err_stream on a pipe; returns its output and
 * sets *status to its wait status. */
static char *run_child(void (*fn)(void), int *status)
{
	char buf[256];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		err_stream = fdopen(fds[1], "w");
		if (!err_stream)
			_exit(126);
		fn();
		_exit(125);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	buf[len] = '\0';
	assert_int_equal(waitpid(pid, status, 0), pid);
	return strdup(buf);
}

static void child_die(void)
{
	die(EX_DATAERR, "bad plan: %d errors", 2);
}

static void child_oom(void)
{
	/* Not a "fishy" size for valgrind, yet far beyond any machine. */
	void *p = xmalloc(SIZE_MAX / 4);

	free(p);
}

static void test_die(void **state)
{
	char *out;
	int status;

	(void)state;
	out = run_child(child_die, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EX_DATAERR);
	assert_string_equal(out, "plantrack: bad plan: 2 errors\n");
	free(out);

	out = run_child(child_oom, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EX_OSERR);
	assert_string_equal(out, "plantrack: out of memory\n");
	free(out);
}

static void test_xalloc(void **state)
{
	char *s;
	int *z;
	void *p;

	(void)state;
	p = xmalloc(0);
	assert_non_null(p);
	p = xrealloc(p, 0);
	assert_non_null(p);
	p = xrealloc(p, 100);
	memset(p, 1, 100);
	free(p);
	z = xcalloc(10, sizeof(*z));
	assert_int_equal(z[0] | z[9], 0);
	free(z);
	p = xcalloc(0, 0);
	assert_non_null(p);
	free(p);
	s = xstrdup("tế");
	assert_string_equal(s, "tế");
	free(s);
}

/* render_int(i) and render_size(v) are what snprintf writes. */
static void check_int(int i)
{
	char got[RENDER_NUM_LEN], want[RENDER_NUM_LEN];

	render_int(got, i);
	snprintf(want, sizeof(want), "%d", i);
	assert_string_equal(got, want);
}

static void check_size(size_t v)
{
	char got[RENDER_NUM_LEN], want[RENDER_NUM_LEN];

	render_size(got, v);
	snprintf(want, sizeof(want), "%zu", v);
	assert_string_equal(got, want);
}

/* render_int and render_size, written by hand, against snprintf: every
 * edge of the types, each power of ten and the numbers either side, and
 * random ones. */
static void test_render_numbers(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	unsigned long long p = 1;

	(void)state;
	for (int k = 0; k <= 20; k++, p *= 10) {
		for (long long d = -1; d <= 1; d++) {
			size_t v = (size_t)(p + (unsigned long long)d);
			int i = (int)(long long)(p + (unsigned long long)d);

			check_size(v);
			check_int(i);
			if (i != INT_MIN)
				check_int(-i);
		}
	}
	check_int(INT_MIN);
	check_int(INT_MAX);
	check_size(SIZE_MAX);
	for (int r = 0; r < 100000; r++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_size((size_t)(x >> (x % 64)));
		check_int((int)(uint32_t)x >> (x % 32));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_zeroed_aligned),
		cmocka_unit_test(test_arena_alloc_ptr_packed),
		cmocka_unit_test(test_arena_reuse_zeroed),
		cmocka_unit_test(test_arena_zero_size),
		cmocka_unit_test(test_arena_big),
		cmocka_unit_test(test_arena_growth),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_too_big),
		cmocka_unit_test(test_arena_arrays),
		cmocka_unit_test(test_mem_huge),
		cmocka_unit_test(test_strbuf_init),
		cmocka_unit_test(test_strbuf_add),
		cmocka_unit_test(test_strbuf_addf),
		cmocka_unit_test(test_strbuf_addf_plain),
		cmocka_unit_test(test_strbuf_addf_kept),
		cmocka_unit_test(test_strbuf_detach),
		cmocka_unit_test(test_strbuf_grow),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_diag_at),
		cmocka_unit_test(test_err_prefix),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_die),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_render_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
