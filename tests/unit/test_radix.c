/* test_radix.c: the radix sort against a stable reference, and its
 * failure when memory is short. */
// LDFLAGS: -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=posix_memalign
#include "testutil.h"

#include <errno.h>

#include "plantrack/radix.h"

/* mem_malloc_huge's posix_memalign among them, for the counts. */
#include "fail_alloc.h"

/* The reference: by key, then by where the item was. */
static int cmp_stable(const void *a, const void *b)
{
	const struct radix_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static uint64_t next64(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* n random keys below 2^bits, few distinct when distinct is small. */
static void check_random(size_t n, int bits, uint64_t distinct,
			 uint64_t seed)
{
	struct radix_item *a = malloc(n * sizeof(*a));
	struct radix_item *want = malloc(n * sizeof(*want));
	uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	size_t i;

	assert_non_null(a);
	assert_non_null(want);
	for (i = 0; i < n; i++) {
		uint64_t k = next64(&seed);

		if (distinct)
			k = next64(&(uint64_t){ k % distinct });
		a[i].key = k & mask;
		a[i].at = i;
	}
	memcpy(want, a, n * sizeof(*a));
	qsort(want, n, sizeof(*want), cmp_stable);
	assert_int_equal(radix_sort(a, n), 0);
	for (i = 0; i < n; i++) {
		assert_true(a[i].key == want[i].key);
		assert_int_equal(a[i].at, want[i].at);
	}
	free(a);
	free(want);
}

static void test_matches_stable_sort(void **state)
{
	static const int bits[] = { 1, 8, 16, 17, 28, 33, 48, 63, 64 };
	uint64_t seed = 1;

	(void)state;
	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++) {
		check_random(1000, bits[b], 0, seed++);
		/* Many equal keys: their order is where they were. */
		check_random(1000, bits[b], 7, seed++);
	}
	check_random(test_rounds(100000), 64, 1000, seed++);
	check_random(2, 64, 0, seed++);
}

/* Keys that differ only in their top digit, or only in their bottom
 * one: each digit a pass is made for is sorted on. */
static void test_one_digit_apart(void **state)
{
	struct radix_item a[] = {
		{ 1ULL << 63, 0 }, { 1, 1 }, { 0, 2 }, { 1ULL << 63 | 1, 3 },
		{ 1ULL << 48, 4 }, { 0xffff, 5 }, { 0x10000, 6 }, { 1, 7 },
	};
	static const size_t want[] = { 2, 1, 7, 5, 6, 4, 0, 3 };

	(void)state;
	assert_int_equal(radix_sort(a, 8), 0);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(a[i].at, want[i]);
}

static void test_nothing_to_do(void **state)
{
	struct radix_item one = { 42, 7 };
	struct radix_item zeros[3] = { { 0, 2 }, { 0, 0 }, { 0, 1 } };

	(void)state;
	assert_int_equal(radix_sort(NULL, 0), 0);
	assert_int_equal(radix_sort(&one, 1), 0);
	assert_true(one.key == 42);
	assert_int_equal(one.at, 7);
	/* All keys 0: in order as they are, and no memory asked for. */
	fail_in = 1;
	assert_int_equal(radix_sort(zeros, 3), 0);
	fail_in = 0;
	assert_int_equal(zeros[0].at, 2);
	assert_int_equal(zeros[1].at, 0);
	assert_int_equal(zeros[2].at, 1);
}

static void test_out_of_memory_moves_nothing(void **state)
{
	struct radix_item a[4] = { { 3, 0 }, { 1, 1 }, { 2, 2 }, { 0, 3 } };

	(void)state;
	for (int k = 1; k <= 2; k++) {
		fail_in = k;
		errno = 0;
		assert_int_equal(radix_sort(a, 4), -1);
		assert_int_equal(errno, ENOMEM);
		fail_in = 0;
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(a[i].at, i);
	}
	assert_int_equal(radix_sort(a, 4), 0);
	assert_int_equal(a[0].at, 3);
	assert_int_equal(a[3].at, 0);
}

/* Records of a few sizes put in the order of their sorted keys, in
 * place: as a copy made through the positions would be. */
struct rec {
	uint64_t key;
	unsigned id;
	char pad[20];	/* no padding after it: every byte compared */
};

static void test_apply_moves_items(void **state)
{
	uint64_t seed = 99;

	(void)state;
	for (size_t n = 0; n < 300; n += n < 10 ? 1 : 37) {
		struct rec *items = malloc((n + 1) * sizeof(*items));
		struct rec *want = malloc((n + 1) * sizeof(*want));
		struct radix_item *a = malloc((n + 1) * sizeof(*a));

		assert_non_null(items);
		assert_non_null(want);
		assert_non_null(a);
		for (size_t i = 0; i < n; i++) {
			/* Some keys already in place: fixed points. */
			items[i].key = i % 4 ? next64(&seed) % 50 : i;
			items[i].id = (unsigned)i;
			memset(items[i].pad, (int)i, sizeof(items[i].pad));
			a[i].key = items[i].key;
			a[i].at = i;
		}
		assert_int_equal(radix_sort(a, n), 0);
		for (size_t i = 0; i < n; i++)
			want[i] = items[a[i].at];
		assert_int_equal(radix_apply(items, n, sizeof(*items), a), 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(items[i].id, want[i].id);
			assert_true(items[i].key == want[i].key);
			assert_memory_equal(items[i].pad, want[i].pad,
					    sizeof(items[i].pad));
			if (i)
				assert_true(items[i - 1].key <= items[i].key);
		}
		free(items);
		free(want);
		free(a);
	}
}

static void test_apply_out_of_memory_moves_nothing(void **state)
{
	unsigned items[3] = { 10, 11, 12 };
	struct radix_item a[3] = { { 0, 2 }, { 0, 0 }, { 0, 1 } };

	(void)state;
	fail_in = 1;
	errno = 0;
	assert_int_equal(radix_apply(items, 3, sizeof(items[0]), a), -1);
	fail_in = 0;
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(items[0], 10);
	assert_int_equal(items[2], 12);
	assert_int_equal(radix_apply(items, 3, sizeof(items[0]), a), 0);
	assert_int_equal(items[0], 12);
	assert_int_equal(items[1], 10);
	assert_int_equal(items[2], 11);
}

/* radix_order's key: the record's key, refused above *ctx. */
static int rec_key(const void *item, void *ctx, uint64_t *key)
{
	const struct rec *r = item;

	if (r->key > *(const uint64_t *)ctx)
		return -1;
	*key = r->key;
	return 0;
}

/* n records of keys below 30 from seed, each id its place and its
 * padding bytes its place too. */
static void fill_recs(struct rec *items, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++) {
		items[i].key = next64(&seed) % 30;
		items[i].id = (unsigned)i;
		memset(items[i].pad, (int)i, sizeof(items[i].pad));
	}
}

/* Items ordered through a key function as through radix_sort and
 * radix_apply; a key that does not fit, or no memory, moves nothing. */
static void test_order_by_key(void **state)
{
	struct rec items[200], want[200];
	uint64_t max = UINT64_MAX;
	size_t i;

	(void)state;
	fill_recs(items, 200, 7);
	memcpy(want, items, sizeof(items));
	/* The stable reference: insertion by key. */
	for (i = 1; i < 200; i++) {
		struct rec x = want[i];
		size_t j = i;

		for (; j > 0 && want[j - 1].key > x.key; j--)
			want[j] = want[j - 1];
		want[j] = x;
	}
	max = 28;
	errno = 0;
	assert_int_equal(radix_order(items, 200, sizeof(items[0]), rec_key,
				     &max), -1);
	assert_int_equal(errno, ERANGE);
	for (i = 0; i < 200; i++)
		assert_int_equal(items[i].id, i);
	max = UINT64_MAX;
	fail_in = 1;
	errno = 0;
	assert_int_equal(radix_order(items, 200, sizeof(items[0]), rec_key,
				     &max), -1);
	fail_in = 0;
	assert_int_equal(errno, ENOMEM);
	for (i = 0; i < 200; i++)
		assert_int_equal(items[i].id, i);
	assert_int_equal(radix_order(items, 200, sizeof(items[0]), rec_key,
				     &max), 0);
	assert_memory_equal(items, want, sizeof(items));
	assert_int_equal(radix_order(items, 1, sizeof(items[0]), rec_key,
				     &max), 0);
}

/* A permutation of records (radix_permutation or
 * radix_group_permutation, bound to its test's items and shape). */
typedef int perm_fn(struct rec *items, uint64_t *max, uint32_t **order);

/* fn refuses a key over 28 with ERANGE, and each of its allocations
 * failing in turn with ENOMEM, with no order either way. */
static void expect_refusals(perm_fn *fn, struct rec *items, int allocs)
{
	static uint32_t stale;
	uint64_t max = 28;
	uint32_t *order = &stale;

	errno = 0;
	assert_int_equal(fn(items, &max, &order), -1);
	assert_int_equal(errno, ERANGE);
	assert_null(order);
	max = UINT64_MAX;
	for (int k = 1; k <= allocs; k++) {
		order = &stale;
		fail_in = k;
		errno = 0;
		assert_int_equal(fn(items, &max, &order), -1);
		fail_in = 0;
		assert_int_equal(errno, ENOMEM);
		assert_null(order);
	}
}

static int permutation_200(struct rec *items, uint64_t *max,
			   uint32_t **order)
{
	return radix_permutation(items, 200, sizeof(items[0]), rec_key, max,
				 order);
}

static int group_permutation_300(struct rec *items, uint64_t *max,
				 uint32_t **order)
{
	return radix_group_permutation(items, 300, sizeof(items[0]), rec_key,
				       max, 8, 12, order);
}

/* radix_permutation: the order radix_order puts the items in, as
 * positions, with the items left where they are; NULL for items in
 * order; nothing but an error when a key does not fit or memory is
 * short. */
static void test_permutation_by_key(void **state)
{
	/* Not NULL: what radix_permutation must set to NULL. */
	static uint32_t stale;
	struct rec items[200], want[200], copy[200];
	uint64_t max = UINT64_MAX;
	uint32_t *order = &stale;
	size_t i;

	(void)state;
	fill_recs(items, 200, 11);
	memcpy(copy, items, sizeof(items));
	memcpy(want, items, sizeof(want));
	assert_int_equal(radix_order(want, 200, sizeof(want[0]), rec_key,
				     &max), 0);
	/* The keys' array, radix_sort's two, the order's. */
	expect_refusals(permutation_200, items, 4);
	assert_int_equal(radix_permutation(items, 200, sizeof(items[0]),
					   rec_key, &max, &order), 0);
	assert_non_null(order);
	assert_memory_equal(items, copy, sizeof(items));
	for (i = 0; i < 200; i++)
		assert_memory_equal(&items[order[i]], &want[i],
				    sizeof(want[i]));
	free(order);
	/* In order already, or fewer than two: no order, no memory but
	 * the keys'. */
	order = &stale;
	fail_in = 2;
	assert_int_equal(radix_permutation(want, 200, sizeof(want[0]),
					   rec_key, &max, &order), 0);
	fail_in = 0;
	assert_null(order);
	order = &stale;
	assert_int_equal(radix_permutation(items, 1, sizeof(items[0]),
					   rec_key, &max, &order), 0);
	assert_null(order);
}

/* n records whose keys are a group (bits 8 up, below groups) and, within
 * each group, low bits that never go down from one record of the group
 * to the next: the groups interleaved at random, as check's findings
 * are. */
static void fill_grouped(struct rec *items, size_t n, unsigned groups,
			 uint64_t seed)
{
	uint64_t low[16] = { 0 };

	for (size_t i = 0; i < n; i++) {
		unsigned g = (unsigned)(next64(&seed) % groups);

		/* Equal low bits too: the stable order keeps them as
		 * they came. */
		low[g] += next64(&seed) % 3;
		items[i].key = (uint64_t)g << 8 | low[g];
		items[i].id = (unsigned)i;
		memset(items[i].pad, (int)i, sizeof(items[i].pad));
	}
}

/* radix_group_permutation: radix_permutation's order when each group's
 * items come in order; EDOM (and nothing else) when they do not, or the
 * groups are too many; ERANGE and ENOMEM as radix_permutation. */
static void test_group_permutation(void **state)
{
	static uint32_t stale;
	struct rec items[300], copy[300];
	uint64_t max = UINT64_MAX;
	uint32_t *order = &stale, *want = NULL;
	size_t i;

	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		fill_grouped(items, 300, 1 + (unsigned)(seed % 16), seed);
		memcpy(copy, items, sizeof(items));
		assert_int_equal(radix_permutation(items, 300,
						   sizeof(items[0]), rec_key,
						   &max, &want), 0);
		order = &stale;
		assert_int_equal(radix_group_permutation(items, 300,
							 sizeof(items[0]),
							 rec_key, &max, 8, 12,
							 &order), 0);
		/* One group: in order already, no order either way. */
		if (seed % 16 == 0) {
			assert_null(want);
			assert_null(order);
			continue;
		}
		assert_non_null(want);
		assert_non_null(order);
		assert_memory_equal(order, want, 300 * sizeof(*order));
		assert_memory_equal(items, copy, sizeof(items));
		free(order);
		free(want);
	}
	/* One item before its group's last: not for this sort. */
	fill_grouped(items, 300, 4, 77);
	for (i = 299; i > 0 && (items[i].key & 0xff) == 0; i--)
		;
	items[i].key &= ~(uint64_t)0xff;
	for (size_t j = 0; j < i; j++)
		if (items[j].key >> 8 == items[i].key >> 8)
			items[j].key |= 0xff;
	order = &stale;
	errno = 0;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 8, 12,
						 &order), -1);
	assert_int_equal(errno, EDOM);
	assert_null(order);
	/* Too many groups: more than RADIX_GROUP_BITS bits, more than the
	 * items; a shift that leaves no key bits. */
	fill_grouped(items, 300, 4, 78);
	order = &stale;
	errno = 0;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 8,
						 8 + RADIX_GROUP_BITS + 1,
						 &order), -1);
	assert_int_equal(errno, EDOM);
	assert_null(order);
	errno = 0;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 8, 17,
						 &order), -1);
	assert_int_equal(errno, EDOM);
	errno = 0;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 64, 64,
						 &order), -1);
	assert_int_equal(errno, EDOM);
	/* A key above its bits: not this sort's. */
	errno = 0;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 8, 9,
						 &order), -1);
	assert_int_equal(errno, EDOM);
	/* The counts, the groups' last keys, the items' groups, the
	 * order. */
	expect_refusals(group_permutation_300, items, 4);
	/* In order already, or fewer than two: no order. */
	for (i = 0; i < 300; i++)
		items[i].key = i / 30 << 8 | i % 30;
	order = &stale;
	assert_int_equal(radix_group_permutation(items, 300, sizeof(items[0]),
						 rec_key, &max, 8, 12,
						 &order), 0);
	assert_null(order);
	order = &stale;
	assert_int_equal(radix_group_permutation(items, 1, sizeof(items[0]),
						 rec_key, &max, 8, 12,
						 &order), 0);
	assert_null(order);
}

/* Items in order already stay as they are, equal keys included (a stable
 * sort would not move them): no memory but the keys' is asked for. */
static void test_order_of_sorted_items(void **state)
{
	struct rec items[50];
	uint64_t max = UINT64_MAX;

	(void)state;
	for (size_t i = 0; i < 50; i++) {
		items[i].key = i / 5;
		items[i].id = (unsigned)i;
		memset(items[i].pad, (int)i, sizeof(items[i].pad));
	}
	fail_in = 2;
	assert_int_equal(radix_order(items, 50, sizeof(items[0]), rec_key,
				     &max), 0);
	fail_in = 0;
	for (size_t i = 0; i < 50; i++)
		assert_int_equal(items[i].id, i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_stable_sort),
		cmocka_unit_test(test_one_digit_apart),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_out_of_memory_moves_nothing),
		cmocka_unit_test(test_apply_moves_items),
		cmocka_unit_test(test_apply_out_of_memory_moves_nothing),
		cmocka_unit_test(test_order_by_key),
		cmocka_unit_test(test_permutation_by_key),
		cmocka_unit_test(test_group_permutation),
		cmocka_unit_test(test_order_of_sorted_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
