/* fail_alloc.h: malloc, calloc and posix_memalign failing on demand,
 * for the unit tests linked with
 *   // LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=posix_memalign
 * (all three: each wrapper calls its __real_). The n-th call of any of
 * them from now fails when fail_in is n (0: never). One test file each.
 * FAIL_ALLOC_SPARE_X, below: with -Wl,--wrap=xmalloc -Wl,--wrap=xcalloc
 * -Wl,--wrap=xrealloc as well. */
#ifndef PLANTRACK_FAIL_ALLOC_H
#define PLANTRACK_FAIL_ALLOC_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

static int fail_in;

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_malloc(size_t size)
{
	if (fail_in > 0 && --fail_in == 0)
		return NULL;
	return __real_malloc(size);
}

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	if (fail_in > 0 && --fail_in == 0)
		return NULL;
	return __real_calloc(n, size);
}

int __real_posix_memalign(void **p, size_t align, size_t size);
int __wrap_posix_memalign(void **p, size_t align, size_t size);
int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	if (fail_in > 0 && --fail_in == 0)
		return ENOMEM;
	return __real_posix_memalign(p, align, size);
}

/* With FAIL_ALLOC_SPARE_X defined (and xmalloc, xcalloc and xrealloc
 * wrapped too): xmalloc, xcalloc and xrealloc die when out of memory,
 * by design (err.h: a string's few bytes), so what they ask for is
 * never failed. */
#ifdef FAIL_ALLOC_SPARE_X
#define SPARED(ret, name, params, args)					\
	ret __real_##name params;					\
	ret __wrap_##name params;					\
	ret __wrap_##name params					\
	{								\
		int k = fail_in;					\
		ret p;							\
									\
		fail_in = 0;						\
		p = __real_##name args;					\
		fail_in = k;						\
		return p;						\
	}
SPARED(void *, xmalloc, (size_t n), (n))
SPARED(void *, xcalloc, (size_t n, size_t size), (n, size))
SPARED(void *, xrealloc, (void *q, size_t n), (q, n))
#endif

/* Runs draw(ctx, f) once with memory, then again failing its k-th
 * allocation for k = 1, 2, ... until one makes fewer than k: each run
 * must return -1 having written the start of what the first wrote
 * (nothing, when it failed before its first line), or 0 having written
 * all of it. Needs testutil.h (included first). */
static inline void fail_each(int (*draw)(const void *ctx, FILE *f),
			     const void *ctx)
{
	struct capture want;
	bool hit = true;

	cap_open(&want);
	assert_int_equal(draw(ctx, want.f), 0);
	cap_close(&want);
	assert_true(want.len > 0);
	for (int k = 1; hit; k++) {
		struct capture got;
		int rc;

		cap_open(&got);
		fail_in = k;
		rc = draw(ctx, got.f);
		hit = fail_in == 0;	/* the k-th call came */
		fail_in = 0;
		cap_close(&got);
		if (rc) {
			assert_true(hit);
			assert_true(got.len < want.len);
		} else {
			assert_int_equal(got.len, want.len);
		}
		assert_memory_equal(got.buf, want.buf, got.len);
		cap_free(&got);
	}
	cap_free(&want);
}

#endif
