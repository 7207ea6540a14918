/* testutil.h: what every cmocka unit test includes. */
#ifndef PLANTRACK_TESTUTIL_H
#define PLANTRACK_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rounds of a randomised test: n in the plain build; a tenth of n
 * (at least one) under valgrind ($PT_WRAPPER), where a round costs fifty
 * times as much; a quarter under ASan+UBSan, where it costs three times
 * as much and the plain build has run them all (test_table alone took
 * 15 s of the ASan run's 58). */
static inline unsigned long test_rounds(unsigned long n)
{
	if (getenv("PT_WRAPPER"))
		return n >= 10 ? n / 10 : 1;
#ifdef __SANITIZE_ADDRESS__
	return n >= 4 ? n / 4 : 1;
#else
	return n;
#endif
}

/* xorshift64*, the randomised tests' generator: the same numbers on
 * every machine. *s is its state (any but 0). */
static inline uint64_t test_xorshift(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Under valgrind ($PT_WRAPPER): for the tests that cut more than their
 * rounds there, each saying what it keeps. */
static inline int test_wrapped(void)
{
	return getenv("PT_WRAPPER") != NULL;
}

/* Output captured in memory: open with cap_open, read .buf after
 * cap_close (which NUL-terminates it), free with cap_free. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline void cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static inline const char *cap_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	c->f = NULL;
	return c->buf;
}

static inline void cap_free(struct capture *c)
{
	if (c->f)
		fclose(c->f);
	free(c->buf);
	c->buf = NULL;
}

/* Path of a file in the source tree (PT_SRCDIR is set by the Makefile). */
#define SRCPATH(rel) PT_SRCDIR "/" rel

/* Tests that print or measure text need a UTF-8 LC_CTYPE, as main sets. */
static inline void test_locale(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

/* A random text of up to count pieces (fewer when max is reached),
 * each drawn from pieces[0..n) by the generator *seed, written to buf
 * (NUL-terminated, less than max bytes); its length. */
static inline size_t random_pieces(char *buf, size_t max,
				   const char *const *pieces, size_t n,
				   unsigned long count, unsigned *seed)
{
	size_t len = 0, k, m;

	for (; count > 0; count--) {
		*seed = *seed * 1103515245u + 12345u;
		k = (*seed >> 16) % n;
		m = strlen(pieces[k]);
		if (len + m >= max)
			break;
		memcpy(buf + len, pieces[k], m);
		len += m;
	}
	buf[len] = '\0';
	return len;
}

#endif
