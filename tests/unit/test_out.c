/* test_out.c: the output buffer hands its FILE exactly what was written,
 * in order, across every size of piece and every fill of the buffer;
 * a spool, what it kept, where it is put. */
// LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=posix_memalign
#include "testutil.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "plantrack/out.h"

/* While set, malloc fails: a spool out of memory. */
static bool malloc_fails;

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);

void *__wrap_malloc(size_t size)
{
	if (malloc_fails) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(size);
}

/* The spool's slabs of blocks (mem_malloc_huge, which aligns them to
 * a huge page) fail with malloc; counted. */
static size_t memalign_calls;

int __real_posix_memalign(void **p, size_t align, size_t size);
int __wrap_posix_memalign(void **p, size_t align, size_t size);

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	if (malloc_fails)
		return ENOMEM;
	memalign_calls++;
	return __real_posix_memalign(p, align, size);
}

/* A piece of n bytes of pattern k: every byte tells where it belongs. */
static void piece(char *p, size_t n, unsigned k)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (k + i) % 26);
}

/* The whole of f, a file opened for update, from its start; caller
 * frees. */
static char *file_text(FILE *f)
{
	long n;
	char *buf;

	assert_int_equal(fflush(f), 0);
	n = ftell(f);
	assert_true(n >= 0);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	return buf;
}

/* Pieces of every kind and size written to o until want holds limit
 * bytes or more, each also appended to want (from len): want's new
 * length. Texts by reference are in want, which must stay as it is until
 * they are written. */
static size_t write_random(struct out *o, char *want, size_t len,
			   size_t limit)
{
	static char buf[3 * OUT_BUF];

	while (len < limit) {
		/* Small pieces mostly; now and then one about the
		 * buffer's size or larger. */
		unsigned r = (unsigned)rand();
		size_t n = r % 8 == 0 ? (size_t)rand() % (3 * OUT_BUF) :
			   (size_t)rand() % 40;

		switch (r % 7) {
		case 0:
			piece(buf, n, r);
			out_write(o, buf, n);
			break;
		case 1:
			piece(buf, 1, r);
			out_putc(o, buf[0]);
			n = 1;
			break;
		case 2:
			piece(buf, n, r);
			buf[n] = '\0';
			out_puts(o, buf);
			break;
		case 3:
			piece(buf, n, r);
			out_printf(o, "%.*s", (int)n, buf);
			break;
		case 4:
			/* Inline copies of up to 32 bytes, within
			 * the piece and the room. */
			piece(buf, n, r);
			out_write_short(o, buf, n);
			break;
		case 5:
			memset(buf, ' ', n);
			out_blanks(o, n);
			break;
		default:
			/* By reference: it stays where it is, in
			 * want, until the flush. */
			n = (size_t)rand() % (4 * OUT_REF_MIN);
			piece(buf, n, r);
			memcpy(want + len, buf, n);
			out_write_ref(o, want + len, n);
			break;
		}
		memcpy(want + len, buf, n);
		len += n;
	}
	return len;
}

/* What a test's FILE got, a file's (then closed) or a memstream's: want,
 * whole. */
static void sink_check(FILE **file, struct capture *c, const char *want)
{
	if (*file) {
		char *got = file_text(*file);

		assert_string_equal(got, want);
		free(got);
		fclose(*file);
		*file = NULL;
	} else {
		assert_string_equal(cap_close(c), want);
		cap_free(c);
	}
}

static void test_pieces_in_order(void **state)
{
	static char want[1 << 20];
	static struct out o;
	struct capture c;
	FILE *file = NULL;
	size_t len = 0;
	unsigned long k, rounds = test_rounds(200);

	(void)state;
	srand(7);
	for (k = 0; k < rounds; k++) {
		/* A FILE without a descriptor, or a file, which the texts
		 * written by reference reach by writev after what the
		 * FILE holds. */
		if (k % 2) {
			file = tmpfile();
			assert_non_null(file);
			fputs("head ", file);
			out_init(&o, file);
			memcpy(want, "head ", 5);
			len = 5;
		} else {
			cap_open(&c);
			out_init(&o, c.f);
			len = 0;
		}
		len = write_random(&o, want, len, sizeof(want) - 4 * OUT_BUF);
		assert_int_equal(out_flush(&o), 0);
		want[len] = '\0';
		sink_check(&file, &c, want);
	}
}

/* More texts by reference than one writev takes, each between bytes of
 * the buffer's own. */
static void test_refs_many(void **state)
{
	static char want[4 * OUT_REFS * (OUT_REF_MIN + 1) + 1];
	static struct out o;
	FILE *f = tmpfile();
	size_t len = 0;
	char *got;

	(void)state;
	assert_non_null(f);
	out_init(&o, f);
	for (unsigned k = 0; k < 4 * OUT_REFS; k++) {
		out_putc(&o, (char)('A' + k % 26));
		want[len++] = (char)('A' + k % 26);
		piece(want + len, OUT_REF_MIN, k);
		out_write_ref(&o, want + len, OUT_REF_MIN);
		len += OUT_REF_MIN;
	}
	assert_int_equal(out_flush(&o), 0);
	want[len] = '\0';
	got = file_text(f);
	assert_string_equal(got, want);
	free(got);
	fclose(f);
}

static void test_nothing_before_flush(void **state)
{
	struct capture c;
	static struct out o;

	(void)state;
	cap_open(&c);
	out_init(&o, c.f);
	out_puts(&o, "Báo cáo");
	fflush(c.f);
	assert_int_equal(ftell(c.f), 0);
	assert_int_equal(out_flush(&o), 0);
	assert_int_equal(out_flush(&o), 0);	/* empty: nothing again */
	assert_string_equal(cap_close(&c), "Báo cáo");
	cap_free(&c);
}

static void test_error_reported(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	static struct out o;

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	out_init(&o, f);
	out_puts(&o, "x");
	assert_int_equal(out_error(&o), 0);	/* still buffered */
	assert_int_equal(out_flush(&o), -1);
	assert_true(out_error(&o));
	fclose(f);
}

/* A writev that fails leaves the FILE's error set, as a write would. */
static void test_ref_error_reported(void **state)
{
	static char text[2 * OUT_REF_MIN];
	static struct out o;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	memset(text, 'x', sizeof(text));
	out_init(&o, f);
	out_puts(&o, "x");
	out_write_ref(&o, text, sizeof(text));
	assert_int_equal(out_error(&o), 0);
	assert_int_equal(out_flush(&o), -1);
	assert_true(out_error(&o));
	fclose(f);
}

/* Parts of a document written straight to the out or kept by one spool
 * and put after them, in any order of sizes, the spool used again and
 * again: the FILE gets the whole, in order. */
static void test_spool_in_order(void **state)
{
	static char want[1 << 20];
	static struct out o, sp;
	struct capture c;
	FILE *file = NULL;
	size_t len, limit;
	unsigned long k, rounds = test_rounds(60);

	(void)state;
	srand(11);
	for (k = 0; k < rounds; k++) {
		if (k % 2) {
			file = tmpfile();
			assert_non_null(file);
			out_init(&o, file);
		} else {
			cap_open(&c);
			out_init(&o, c.f);
		}
		assert_int_equal(out_init_spool(&sp), 0);
		len = 0;
		while (len < sizeof(want) - 8 * OUT_BUF) {
			limit = len + (size_t)rand() % (4 * OUT_BUF);
			if (rand() % 2) {
				len = write_random(&sp, want, len, limit);
				assert_int_equal(out_error(&sp), 0);
				assert_int_equal(out_spool_put(&o, &sp), 0);
			} else {
				len = write_random(&o, want, len, limit);
			}
		}
		/* A spool put with nothing in it adds nothing. */
		assert_int_equal(out_spool_put(&o, &sp), 0);
		out_spool_free(&sp);
		assert_int_equal(out_flush(&o), 0);
		want[len] = '\0';
		sink_check(&file, &c, want);
	}
}

/* A spool that keeps more than a slab of blocks (out.c: 32 of OUT_BUF
 * bytes) takes another, and puts the whole in order; used again, it
 * keeps as much in the slabs it has. */
static void test_spool_many_blocks(void **state)
{
	static char want[16 << 20];
	static struct out o, sp;
	struct capture c;
	size_t len = 0, calls;

	(void)state;
	srand(12);
	cap_open(&c);
	out_init(&o, c.f);
	assert_int_equal(out_init_spool(&sp), 0);
	memalign_calls = 0;
	for (int round = 0; round < 2; round++) {
		len = write_random(&o, want, len, len + 1000);
		len = write_random(&sp, want, len, len + 6 * 1024 * 1024);
		assert_int_equal(out_error(&sp), 0);
		if (round == 0) {
			/* Two slabs at least: 6 MB, half or more of it
			 * in pieces copied into blocks. */
			assert_true(memalign_calls >= 2);
			calls = memalign_calls;
		} else {
			assert_int_equal(memalign_calls, calls);
		}
		assert_int_equal(out_spool_put(&o, &sp), 0);
	}
	out_spool_free(&sp);
	assert_int_equal(out_flush(&o), 0);
	want[len] = '\0';
	assert_true(len < sizeof(want));
	assert_string_equal(cap_close(&c), want);
	cap_free(&c);

	/* No memory for the first slab: the spool says so, and is whole
	 * again after. */
	cap_open(&c);
	out_init(&o, c.f);
	assert_int_equal(out_init_spool(&sp), 0);
	malloc_fails = true;
	len = write_random(&sp, want, 0, OUT_BUF + 100);
	malloc_fails = false;
	assert_true(out_error(&sp));
	errno = 0;
	assert_int_equal(out_spool_put(&o, &sp), -1);
	assert_int_equal(errno, ENOMEM);
	out_puts(&sp, "sau");
	assert_int_equal(out_spool_put(&o, &sp), 0);
	out_spool_free(&sp);
	assert_int_equal(out_flush(&o), 0);
	assert_string_equal(cap_close(&c), "sau");
	cap_free(&c);
}

/* A spool that could not keep what it was given says so, writes none
 * of it, and is whole again after. */
static void test_spool_out_of_memory(void **state)
{
	static struct out o, sp;
	static char big[2 * OUT_BUF];
	struct capture c;

	(void)state;
	cap_open(&c);
	out_init(&o, c.f);
	assert_int_equal(out_init_spool(&sp), 0);
	out_puts(&o, "trước ");
	out_puts(&sp, "lost");
	malloc_fails = true;
	/* Longer than the buffer: a copy of its own, which fails (the
	 * length not a constant, which out_write's inline copy would
	 * be made for). */
	out_write(&sp, big, OUT_BUF + 1 + (size_t)rand() % OUT_BUF);
	malloc_fails = false;
	assert_true(out_error(&sp));
	errno = 0;
	assert_int_equal(out_spool_put(&o, &sp), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(out_error(&o), 0);
	out_puts(&sp, "sau");
	assert_int_equal(out_error(&sp), 0);
	assert_int_equal(out_spool_put(&o, &sp), 0);
	out_spool_free(&sp);
	out_spool_free(&sp);	/* freed: nothing again */
	out_spool_free(NULL);
	assert_int_equal(out_flush(&o), 0);
	assert_string_equal(cap_close(&c), "trước sau");
	cap_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces_in_order),
		cmocka_unit_test(test_nothing_before_flush),
		cmocka_unit_test(test_error_reported),
		cmocka_unit_test(test_refs_many),
		cmocka_unit_test(test_ref_error_reported),
		cmocka_unit_test(test_spool_in_order),
		cmocka_unit_test(test_spool_out_of_memory),
		cmocka_unit_test(test_spool_many_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
