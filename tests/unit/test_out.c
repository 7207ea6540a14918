/* test_out.c: the output buffer hands its FILE exactly what was written,
 * in order, across every size of piece and every fill of the buffer. */
#include "testutil.h"

#include <stdlib.h>

#include "plantrack/out.h"

/* A piece of n bytes of pattern k: every byte tells where it belongs. */
static void piece(char *p, size_t n, unsigned k)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (k + i) % 26);
}

static void test_pieces_in_order(void **state)
{
	static char want[1 << 20], buf[3 * OUT_BUF];
	struct capture c;
	struct out o;
	size_t len = 0;
	unsigned long k, rounds = test_rounds(200);

	(void)state;
	srand(7);
	for (k = 0; k < rounds; k++) {
		cap_open(&c);
		out_init(&o, c.f);
		len = 0;
		while (len < sizeof(want) - 4 * OUT_BUF) {
			/* Small pieces mostly; now and then one about the
			 * buffer's size or larger. */
			unsigned r = (unsigned)rand();
			size_t n = r % 8 == 0 ? (size_t)rand() % (3 * OUT_BUF) :
				   (size_t)rand() % 40;

			switch (r % 4) {
			case 0:
				piece(buf, n, r);
				out_write(&o, buf, n);
				break;
			case 1:
				piece(buf, 1, r);
				out_putc(&o, buf[0]);
				n = 1;
				break;
			case 2:
				piece(buf, n, r);
				buf[n] = '\0';
				out_puts(&o, buf);
				break;
			default:
				piece(buf, n, r);
				out_printf(&o, "%.*s", (int)n, buf);
				break;
			}
			memcpy(want + len, buf, n);
			len += n;
		}
		assert_int_equal(out_flush(&o), 0);
		want[len] = '\0';
		assert_string_equal(cap_close(&c), want);
		cap_free(&c);
	}
}

static void test_nothing_before_flush(void **state)
{
	struct capture c;
	struct out o;

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
	struct out o;

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces_in_order),
		cmocka_unit_test(test_nothing_before_flush),
		cmocka_unit_test(test_error_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
