/* radix.h: a stable sort by 64-bit keys, for the orders that put
 * hundreds of thousands of items in line (check's findings, a report's
 * notes), where qsort's comparisons would cost more than making the
 * items. A caller packs its order into one key per item, sorts the
 * (key, position) pairs, and moves its items once.
 *
 * Ownership: the caller owns the array; radix_sort allocates its
 * scratch and frees it before returning.
 */
#ifndef PLANTRACK_RADIX_H
#define PLANTRACK_RADIX_H

#include <stddef.h>
#include <stdint.h>

struct radix_item {
	uint64_t key;
	size_t at;	/* the caller's: where the item is */
};

/* Sorts a[0..n) by key, stably (items of equal keys keep their order),
 * sixteen bits a pass and only as many passes as the highest key bit
 * set in any key needs. Returns 0, or -1 with errno ENOMEM (a is then
 * as it was). */
int radix_sort(struct radix_item *a, size_t n);

/* Puts the items in the order a sorted them: items[i] becomes what was
 * items[a[i].at], each of size bytes, moved in place along the cycles of
 * the permutation (no copy of the array; a's positions are used up).
 * Every a[i].at must be a distinct position below n. Returns 0, or -1
 * with errno ENOMEM (nothing moved). */
int radix_apply(void *items, size_t n, size_t size, struct radix_item *a);

/* The key of an item for radix_order: 0 with *key set, or -1 when the
 * item's order does not fit 64 bits (the caller then sorts otherwise). */
typedef int radix_key_fn(const void *item, void *ctx, uint64_t *key);

/* Sorts items[0..n) of size bytes each by their keys, stably, in place:
 * the keys sorted with their positions, then the items moved once.
 * Returns 0, or -1 with nothing moved: errno ERANGE when key said an
 * item does not fit, ENOMEM when memory is short. */
int radix_order(void *items, size_t n, size_t size, radix_key_fn *key,
		void *ctx);

/* The order of items[0..n) by their keys, stably, without moving them:
 * *order is NULL when they are in it already, else a new array (the
 * caller's to free) whose i-th element is where the i-th item in order
 * is. n must be below 2^32. Returns 0, or -1 with *order NULL: errno
 * ERANGE when key said an item does not fit, ENOMEM when memory is
 * short. */
int radix_permutation(const void *items, size_t n, size_t size,
		      radix_key_fn *key, void *ctx, uint32_t **order);

/* The most bits radix_group_permutation's groups may take. */
#define RADIX_GROUP_BITS 16

/* radix_permutation's order, in one counting pass, for items that come
 * in order within each group: their keys, whose bits from shift up (the
 * group, below 2^(key_bits - shift)) take turns, are in order wherever
 * the group is the same (check's findings are made task by task). The
 * items are seen once and their groups kept in two bytes each, where the
 * radix sort kept sixteen-byte pairs and moved them twice. Returns 0; or
 * -1 with *order NULL: errno EDOM when the groups take more than
 * RADIX_GROUP_BITS bits or more than there are items, or an item is out
 * of its group's order (the caller sorts otherwise), ERANGE when key
 * said an item does not fit, ENOMEM when memory is short. */
int radix_group_permutation(const void *items, size_t n, size_t size,
			    radix_key_fn *key, void *ctx, unsigned shift,
			    unsigned key_bits, uint32_t **order);

#endif
