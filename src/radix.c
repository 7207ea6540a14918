/* radix.c: a least-significant-digit radix sort of 64-bit keys (radix.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/radix.h"

#define DIGIT_BITS	16
#define DIGITS		((size_t)1 << DIGIT_BITS)

int radix_sort(struct radix_item *a, size_t n)
{
	struct radix_item *b = NULL, *from = a, *to, *t;
	size_t *count = NULL, i, sum, k;
	uint64_t any = 0;
	int shift, ret = -1;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		any |= a[i].key;
	if (!any)
		return 0;	/* every key 0: already in order */
	b = n <= SIZE_MAX / sizeof(*b) ? malloc(n * sizeof(*b)) : NULL;
	count = malloc(DIGITS * sizeof(*count));
	if (!b || !count) {
		errno = ENOMEM;
		goto out;
	}
	to = b;
	/* Stable counting passes, lowest digit first, up to the highest
	 * digit any key uses. */
	for (shift = 0; shift < 64 && any >> shift; shift += DIGIT_BITS) {
		memset(count, 0, DIGITS * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(from[i].key >> shift) & (DIGITS - 1)]++;
		for (sum = 0, k = 0; k < DIGITS; k++) {
			size_t c = count[k];

			count[k] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & (DIGITS - 1)]++] =
				from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
	ret = 0;
out:
	free(b);
	free(count);
	return ret;
}

int radix_apply(void *items, size_t n, size_t size, struct radix_item *a)
{
	unsigned char *base = items, *tmp;
	size_t i, j, k;

	if (n < 2)
		return 0;
	tmp = malloc(size);
	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (a[i].at == i || a[i].at == SIZE_MAX)
			continue;
		/* The cycle through i: each place takes the item its
		 * position names, the last the one first set aside. */
		memcpy(tmp, base + i * size, size);
		for (j = i;; j = k) {
			k = a[j].at;
			a[j].at = SIZE_MAX;
			if (k == i) {
				memcpy(base + j * size, tmp, size);
				break;
			}
			memcpy(base + j * size, base + k * size, size);
		}
	}
	free(tmp);
	return 0;
}

int radix_order(void *items, size_t n, size_t size, radix_key_fn *key,
		void *ctx)
{
	const unsigned char *base = items;
	struct radix_item *a = NULL;
	int ret = -1;

	if (n < 2)
		return 0;
	a = n <= SIZE_MAX / sizeof(*a) ? malloc(n * sizeof(*a)) : NULL;
	if (!a) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (key(base + i * size, ctx, &a[i].key)) {
			errno = ERANGE;
			goto out;
		}
		a[i].at = i;
	}
	if (radix_sort(a, n) || radix_apply(items, n, size, a))
		goto out;
	ret = 0;
out:
	free(a);
	return ret;
}
