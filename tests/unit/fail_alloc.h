/* fail_alloc.h: malloc, calloc and posix_memalign failing on demand,
 * for the unit tests linked with
 *   // LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=posix_memalign
 * (all three: each wrapper calls its __real_). The n-th call of any of
 * them from now fails when fail_in is n (0: never). One test file each. */
#ifndef PLANTRACK_FAIL_ALLOC_H
#define PLANTRACK_FAIL_ALLOC_H

#include <errno.h>
#include <stddef.h>

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

#endif
