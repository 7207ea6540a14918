/* radix.c: a least-significant-digit radix sort of 64-bit keys (radix.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
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
	b = mem_malloc_huge(n, sizeof(*b));
	count = mem_malloc_huge(DIGITS, sizeof(*count));
	/* The counts are 128 pages of 4 KB, every one written: in one
	 * call, not a fault each. */
	mem_populate(count, DIGITS * sizeof(*count));
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

/* The keys of items[0..n) with their positions, into a; sets *sorted
 * when they are in order already. Returns 0, or -1 with errno ERANGE. */
static int keys_of(const unsigned char *base, size_t n, size_t size,
		   radix_key_fn *key, void *ctx, struct radix_item *a,
		   bool *sorted)
{
	*sorted = true;
	for (size_t i = 0; i < n; i++) {
		if (key(base + i * size, ctx, &a[i].key)) {
			errno = ERANGE;
			return -1;
		}
		a[i].at = i;
		*sorted = *sorted && (i == 0 || a[i - 1].key <= a[i].key);
	}
	return 0;
}

/* Items in their order already are left as they are, as a stable sort
 * would leave them: seeing it costs a comparison a key, and moving them
 * is most of what the sort costs. */
int radix_order(void *items, size_t n, size_t size, radix_key_fn *key,
		void *ctx)
{
	struct radix_item *a = NULL;
	bool sorted;
	int ret = -1;

	if (n < 2)
		return 0;
	a = mem_malloc_huge(n, sizeof(*a));
	if (!a) {
		errno = ENOMEM;
		goto out;
	}
	if (keys_of(items, n, size, key, ctx, a, &sorted))
		goto out;
	if (!sorted && (radix_sort(a, n) || radix_apply(items, n, size, a)))
		goto out;
	ret = 0;
out:
	free(a);
	return ret;
}

int radix_permutation(const void *items, size_t n, size_t size,
		      radix_key_fn *key, void *ctx, uint32_t **order)
{
	struct radix_item *a = NULL;
	uint32_t *o = NULL;
	bool sorted;
	int ret = -1;

	*order = NULL;
	if (n < 2)
		return 0;
	if (n > UINT32_MAX) {
		errno = ERANGE;
		return -1;
	}
	a = mem_malloc_huge(n, sizeof(*a));
	if (!a) {
		errno = ENOMEM;
		goto out;
	}
	if (keys_of(items, n, size, key, ctx, a, &sorted))
		goto out;
	if (sorted) {
		ret = 0;
		goto out;
	}
	if (radix_sort(a, n))
		goto out;
	o = mem_malloc_huge(n, sizeof(*o));
	if (!o) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		o[i] = (uint32_t)a[i].at;
	*order = o;
	ret = 0;
out:
	free(a);
	return ret;
}

int radix_group_permutation(const void *items, size_t n, size_t size,
			    radix_key_fn *key, void *ctx, unsigned shift,
			    unsigned key_bits, uint32_t **order)
{
	const unsigned char *base = items;
	uint32_t *count = NULL, *o = NULL;
	uint64_t *last = NULL, k, prev = 0, low_mask;
	uint16_t *group = NULL;
	size_t groups, i, g;
	bool sorted = true;
	int ret = -1;

	*order = NULL;
	if (n < 2)
		return 0;
	if (n > UINT32_MAX || shift >= 64 || key_bits > 64 ||
	    shift > key_bits || key_bits - shift > RADIX_GROUP_BITS ||
	    ((size_t)1 << (key_bits - shift)) > n) {
		errno = EDOM;
		return -1;
	}
	groups = (size_t)1 << (key_bits - shift);
	low_mask = ((uint64_t)1 << shift) - 1;
	count = mem_calloc_huge(groups + 1, sizeof(*count));
	/* Each group's last low bits + 1 (0: none yet). */
	last = mem_calloc_huge(groups, sizeof(*last));
	group = mem_malloc_huge(n, sizeof(*group));
	if (!count || !last || !group) {
		errno = ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (key(base + i * size, ctx, &k)) {
			errno = ERANGE;
			goto out;
		}
		g = (size_t)(k >> shift);
		if (g >= groups || (k & low_mask) + 1 < last[g]) {
			errno = EDOM;
			goto out;
		}
		last[g] = (k & low_mask) + 1;
		group[i] = (uint16_t)g;
		count[g + 1]++;
		sorted = sorted && (i == 0 || prev <= k);
		prev = k;
	}
	if (sorted) {
		ret = 0;
		goto out;
	}
	for (g = 1; g <= groups; g++)
		count[g] += count[g - 1];
	o = mem_malloc_huge(n, sizeof(*o));
	if (!o) {
		errno = ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		o[count[group[i]]++] = (uint32_t)i;
	*order = o;
	ret = 0;
out:
	free(count);
	free(last);
	free(group);
	return ret;
}
