/* plan.c: queries on a loaded plan, through its index.
 *
 * Every lookup by id, code or number is one probe of an open-addressing
 * hash table built once per plan (plan_index_build): state files name a
 * task in every entry, and a plan may have 100 000 of them. The tables
 * hold positions in the plan's arrays, so the index needs no copy of any
 * string and stays valid as long as the arrays do.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/plan.h"

/* Each slot: a position + 1 in its low 32 bits (0: empty), the high 32
 * bits of its key's hash above. A string key of up to 15 bytes is kept
 * in the slot too, zero-padded (a longer one as LONG_KEY, whose last byte
 * no short key has): the ids and codes of a plan are that short, and a
 * probe then decides without reading the plan's arrays and strings, two
 * cache misses at 100 000 tasks. At most half full. */
struct slot {
	uint64_t pos;
	uint64_t key[2];
};

struct hash {
	struct slot *slot;
	size_t mask;
};

#define SLOT_POS_MASK	UINT64_C(0xffffffff)
#define SLOT_TAG(hv)	((hv) & ~SLOT_POS_MASK)
#define SHORT_KEY	15
#define LONG_KEY	UINT64_MAX

/* What a table is keyed on: a string or an int at offset off of each of
 * n items size bytes apart. */
struct keys {
	const void *base;
	size_t n, size, off;
	int is_int;
};

struct plan_index {
	struct hash tasks, depts, parties, groups, periods, indicators;
	size_t *lead_first;	/* n_tasks + 1 prefix sums of lead counts */
	/* The tasks' table is built by the first lookup of a task: a
	 * command that walks the plan in order (list, check, a report
	 * without entries) never asks, and at 100 000 tasks building it
	 * was a tenth of a warm run. Out of memory for it, lookups scan. */
	bool tasks_failed;
	/* Who leads and coordinates each task, as department positions
	 * (built by the first plan_dept_role, which a state file's loader
	 * asks of every entry: the task's codes and their strings were two
	 * cache misses each time). Leads at lead_first, coordinators at
	 * coord_first; a coordinator that is a party of all departments is
	 * ROLE_ALL, any other party ROLE_NONE. */
	uint32_t *lead_dept, *coord_dept;
	size_t *coord_first;
	bool roles_failed;
};

#define ROLE_NONE	UINT32_MAX
#define ROLE_ALL	(UINT32_MAX - 1)

/* FNV-1a: ids are short, and it spreads them well enough. */
static uint64_t fnv(const void *k, size_t len)
{
	const unsigned char *s = k;
	uint64_t h = UINT64_C(14695981039346656037);

	while (len--)
		h = (h ^ *s++) * UINT64_C(1099511628211);
	return h;
}

static const void *key_at(const struct keys *k, size_t i)
{
	return (const char *)k->base + i * k->size + k->off;
}

/* A key as a probe compares it: an int's bytes, or a string's first 15
 * bytes zero-padded (LONG_KEY when it has more; the rest is compared by
 * strcmp), and its hash. */
struct probe_key {
	const void *key;
	uint64_t inl[2];
	uint64_t hv;
};

/* The packed bytes' hash: every input bit moves the table's index (low
 * bits) and the tag (high bits). */
static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t x = a * UINT64_C(0x9e3779b97f4a7c15) ^
		     b * UINT64_C(0xc2b2ae3d27d4eb4f);

	x ^= x >> 32;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 29;
	return x;
}

static void probe_key_init(struct probe_key *pk, const struct keys *k,
			   const void *key)
{
	const unsigned char *s = key;
	uint64_t w[2] = { 0, 0 };
	size_t n;

	pk->key = key;
	if (k->is_int) {
		pk->inl[0] = pk->inl[1] = 0;
		pk->hv = fnv(key, sizeof(int));
		return;
	}
	/* Packed as it is read: codes are two to five bytes, ids under
	 * ten, and a call to strnlen and a copy cost more than that. */
	for (n = 0; n <= SHORT_KEY && s[n]; n++)
		w[n / 8] |= (uint64_t)s[n] << (n % 8 * 8);
	if (n > SHORT_KEY) {
		pk->inl[0] = pk->inl[1] = LONG_KEY;
		pk->hv = fnv(key, strlen(key));
		return;
	}
	pk->inl[0] = w[0];
	pk->inl[1] = w[1];
	pk->hv = mix(w[0], w[1] + n);
}

/* Whether item i (in a slot holding inl) has the key of pk. */
static int key_equal(const struct keys *k, size_t i, const uint64_t inl[2],
		     const struct probe_key *pk)
{
	const void *at = key_at(k, i);
	const char *s;
	int v;

	if (k->is_int) {
		memcpy(&v, at, sizeof(v));
		return v == *(const int *)pk->key;
	}
	if (inl[0] != pk->inl[0] || inl[1] != pk->inl[1])
		return 0;
	if (inl[1] != LONG_KEY)
		return 1;
	memcpy(&s, at, sizeof(s));
	return s && !strcmp(s, pk->key);
}

static const void *item_key(const struct keys *k, size_t i)
{
	const char *s;

	if (k->is_int)
		return key_at(k, i);
	memcpy(&s, key_at(k, i), sizeof(s));
	return s;
}

/* The slot of pk's key: the one holding it, or the empty one that ends
 * its probe. */
static size_t hash_probe(const struct hash *h, const struct keys *k,
			 const struct probe_key *pk)
{
	const struct slot *sl;
	size_t i;

	for (i = (size_t)pk->hv & h->mask; (sl = &h->slot[i])->pos != 0;
	     i = (i + 1) & h->mask)
		if (SLOT_TAG(sl->pos) == SLOT_TAG(pk->hv) &&
		    key_equal(k, (size_t)(sl->pos & SLOT_POS_MASK) - 1,
			      sl->key, pk))
			break;
	return i;
}

static long hash_find(const struct hash *h, const struct keys *k,
		      const void *key)
{
	struct probe_key pk;
	uint64_t s;

	if (!h->slot || !key)
		return -1;
	probe_key_init(&pk, k, key);
	s = h->slot[hash_probe(h, k, &pk)].pos;
	return s ? (long)(s & SLOT_POS_MASK) - 1 : -1;
}

static int hash_build(struct hash *h, const struct keys *k)
{
	size_t slots = 4, i, j;
	struct probe_key pk;
	const void *key;
	int ret = -1;

	/* Positions + 1 fit the slot's 32 bits. */
	if (k->n >= SLOT_POS_MASK) {
		errno = ENOMEM;
		goto out;
	}
	while (slots < 2 * k->n) {
		if (slots > SIZE_MAX / 4 / sizeof(*h->slot)) {
			errno = ENOMEM;
			goto out;
		}
		slots *= 2;
	}
	h->slot = mem_calloc_huge(slots, sizeof(*h->slot));
	if (!h->slot) {
		errno = ENOMEM;
		goto out;
	}
	h->mask = slots - 1;
	for (i = 0; i < k->n; i++) {
		key = item_key(k, i);
		if (!key)
			continue;
		probe_key_init(&pk, k, key);
		j = hash_probe(h, k, &pk);
		/* A duplicate (refused by the loader) keeps the first. */
		if (!h->slot[j].pos) {
			h->slot[j].pos = SLOT_TAG(pk.hv) | (uint64_t)(i + 1);
			h->slot[j].key[0] = pk.inl[0];
			h->slot[j].key[1] = pk.inl[1];
		}
	}
	ret = 0;
out:
	return ret;
}

#define KEYS(arr, n, type, member, isint) \
	{ (arr), (n), sizeof(type), offsetof(type, member), (isint) }

static struct keys task_keys(const struct plan *p)
{
	struct keys k = KEYS(p->tasks, p->n_tasks, struct plan_task, id, 0);

	return k;
}

static struct keys dept_keys(const struct plan *p)
{
	struct keys k = KEYS(p->depts, p->n_depts, struct plan_dept, code, 0);

	return k;
}

static struct keys party_keys(const struct plan *p)
{
	struct keys k = KEYS(p->parties, p->n_parties, struct plan_party,
			     code, 0);

	return k;
}

static struct keys group_keys(const struct plan *p)
{
	struct keys k = KEYS(p->groups, p->n_groups, struct plan_group, id, 0);

	return k;
}

static struct keys period_keys(const struct plan *p)
{
	struct keys k = KEYS(p->periods, p->n_periods, struct plan_period,
			     id, 0);

	return k;
}

static struct keys indicator_keys(const struct plan *p)
{
	struct keys k = KEYS(p->indicators, p->n_indicators,
			     struct plan_indicator, number, 1);

	return k;
}

int plan_index_build(struct plan *p)
{
	return plan_index_build_with(p, NULL);
}

int plan_index_build_with(struct plan *p, size_t *lead_first)
{
	struct plan_index *ix = calloc(1, sizeof(*ix));
	struct keys k;
	size_t i;
	int ret = -1;

	if (!ix) {
		free(lead_first);
		errno = ENOMEM;
		goto out;
	}
	ix->lead_first = lead_first;
	k = dept_keys(p);
	if (hash_build(&ix->depts, &k))
		goto out;
	k = party_keys(p);
	if (hash_build(&ix->parties, &k))
		goto out;
	k = group_keys(p);
	if (hash_build(&ix->groups, &k))
		goto out;
	k = period_keys(p);
	if (hash_build(&ix->periods, &k))
		goto out;
	k = indicator_keys(p);
	if (hash_build(&ix->indicators, &k))
		goto out;
	if (!lead_first) {
		ix->lead_first = mem_malloc_huge(p->n_tasks + 1,
						 sizeof(*ix->lead_first));
		if (!ix->lead_first)
			goto out;
		/* Every slot is written: the pages in one call, not a fault
		 * each. */
		mem_populate(ix->lead_first,
			     (p->n_tasks + 1) * sizeof(*ix->lead_first));
		ix->lead_first[0] = 0;
		for (i = 0; i < p->n_tasks; i++)
			ix->lead_first[i + 1] = ix->lead_first[i] +
				p->tasks[i].lead.n;
	}
	p->index = ix;
	ix = NULL;
	ret = 0;
out:
	if (ix) {
		struct plan tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.index = ix;
		plan_index_release(&tmp);
	}
	return ret;
}

void plan_index_release(struct plan *p)
{
	struct plan_index *ix = p ? p->index : NULL;

	if (!ix)
		return;
	free(ix->tasks.slot);
	free(ix->depts.slot);
	free(ix->parties.slot);
	free(ix->groups.slot);
	free(ix->periods.slot);
	free(ix->indicators.slot);
	free(ix->lead_first);
	free(ix->lead_dept);
	free(ix->coord_dept);
	free(ix->coord_first);
	free(ix);
	p->index = NULL;
}

void plan_free(struct plan *p)
{
	if (!p)
		return;
	plan_index_release(p);
	arena_free(&p->arena);
	free(p->text);
	free(p);
}

const struct plan_dept *plan_dept_find(const struct plan *p, const char *code)
{
	struct keys k = dept_keys(p);
	long i = p->index ? hash_find(&p->index->depts, &k, code) : -1;

	return i < 0 ? NULL : &p->depts[i];
}

/* Folds ASCII letters only: strcasecmp follows the locale, and in a
 * Turkish one "i" and "I" are not a pair. */
static int ascii_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'a' && x <= 'z')
			x = (unsigned char)(x - 'a' + 'A');
		if (y >= 'a' && y <= 'z')
			y = (unsigned char)(y - 'a' + 'A');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

const struct plan_dept *plan_dept_resolve(const struct plan *p, const char *s)
{
	const struct plan_dept *d;
	size_t i, j;

	if (!s || !p->depts)
		return NULL;
	d = plan_dept_find(p, s);
	if (d)
		return d;
	/* Users type "kt" for KT; codes are ASCII, so no locale is needed. */
	for (i = 0; i < p->n_depts; i++)
		if (ascii_equal_nocase(p->depts[i].code, s))
			return &p->depts[i];
	for (i = 0; i < p->n_depts; i++) {
		if (!strcmp(p->depts[i].name, s))
			return &p->depts[i];
		for (j = 0; j < p->depts[i].n_aliases; j++)
			if (!strcmp(p->depts[i].aliases[j], s))
				return &p->depts[i];
	}
	return NULL;
}

const struct plan_party *plan_party_find(const struct plan *p,
					 const char *code)
{
	struct keys k = party_keys(p);
	long i = p->index ? hash_find(&p->index->parties, &k, code) : -1;

	return i < 0 ? NULL : &p->parties[i];
}

const struct plan_group *plan_group_find(const struct plan *p, const char *id)
{
	struct keys k = group_keys(p);
	long i = p->index ? hash_find(&p->index->groups, &k, id) : -1;

	return i < 0 ? NULL : &p->groups[i];
}

const struct plan_task *plan_task_find(const struct plan *p, const char *id)
{
	struct keys k = task_keys(p);
	struct plan_index *ix = p->index;
	long i = -1;

	if (!ix || !id)
		return NULL;
	if (!ix->tasks.slot && !ix->tasks_failed && hash_build(&ix->tasks, &k))
		ix->tasks_failed = true;
	if (ix->tasks.slot) {
		i = hash_find(&ix->tasks, &k, id);
	} else {
		/* The first of equal ids, as the table keeps. */
		for (size_t j = 0; j < p->n_tasks && i < 0; j++)
			if (p->tasks[j].id && !strcmp(p->tasks[j].id, id))
				i = (long)j;
	}
	return i < 0 ? NULL : &p->tasks[i];
}

/* Not PT_PREFETCHER (prefetch.h), whose helpers are inlined: its callers
 * are in other files, which see only its declaration and so keep their
 * calls (the build has no link-time optimisation to find it has no
 * effect). */
void plan_task_prefetch(const struct plan *p, const char *id)
{
	struct keys k;
	struct probe_key pk;
	const struct hash *h;

	if (!p || !p->index || !id || !p->index->tasks.slot)
		return;
	k = task_keys(p);
	h = &p->index->tasks;
	probe_key_init(&pk, &k, id);
	__builtin_prefetch(&h->slot[(size_t)pk.hv & h->mask]);
}

const struct plan_task *plan_task_find_once(const struct plan *p,
					    const char *id)
{
	if (!p || !p->index || !id)
		return NULL;
	if (p->index->tasks.slot)
		return plan_task_find(p, id);
	/* The first of equal ids, as the table keeps. */
	for (size_t j = 0; j < p->n_tasks; j++)
		if (p->tasks[j].id && !strcmp(p->tasks[j].id, id))
			return &p->tasks[j];
	return NULL;
}

const struct plan_indicator *plan_indicator_find(const struct plan *p,
						 int number)
{
	struct keys k = indicator_keys(p);
	long i = p->index ? hash_find(&p->index->indicators, &k, &number) :
		 -1;

	return i < 0 ? NULL : &p->indicators[i];
}

const struct plan_period *plan_period_find(const struct plan *p,
					   const char *id)
{
	struct keys k = period_keys(p);
	long i = p->index ? hash_find(&p->index->periods, &k, id) : -1;

	return i < 0 ? NULL : &p->periods[i];
}

size_t plan_lead_count(const struct plan *p)
{
	return p->index ? p->index->lead_first[p->n_tasks] : 0;
}

size_t plan_lead_first(const struct plan *p, const struct plan_task *t)
{
	return p->index ? p->index->lead_first[t - p->tasks] : 0;
}

long plan_lead_slot(const struct plan *p, const struct plan_task *t,
		    const char *code)
{
	size_t i;
	long slot = -1;

	if (!p->index || !t || !code)
		goto out;
	/* A task has a handful of leads: a scan of them is the lookup. */
	for (i = 0; i < t->lead.n; i++) {
		if (!strcmp(t->lead.codes[i], code)) {
			slot = (long)(p->index->lead_first[t - p->tasks] + i);
			break;
		}
	}
out:
	return slot;
}

const char *plan_ref_name(const struct plan *p, const char *code)
{
	const struct plan_dept *d = plan_dept_find(p, code);
	const struct plan_party *pt;

	if (d)
		return d->name;
	pt = plan_party_find(p, code);
	if (pt)
		return pt->name;
	return code;
}

int plan_task_led_by(const struct plan_task *t, const char *code)
{
	size_t i;

	if (!code)
		return 0;
	for (i = 0; i < t->lead.n; i++)
		if (!strcmp(t->lead.codes[i], code))
			return 1;
	return 0;
}

/* A reference as plan_dept_role's tables keep it. */
static uint32_t role_code(const struct plan *p, const char *code)
{
	const struct plan_dept *d = plan_dept_find(p, code);
	const struct plan_party *pt;

	if (d)
		return (uint32_t)(d - p->depts);
	pt = plan_party_find(p, code);
	return pt && pt->kind == PARTY_ALL_DEPARTMENTS ? ROLE_ALL : ROLE_NONE;
}

static int roles_build(const struct plan *p, struct plan_index *ix)
{
	size_t i, j, k, n_coords = 0;
	int ret = -1;

	if (p->n_depts >= ROLE_ALL)
		goto out;
	for (i = 0; i < p->n_tasks; i++)
		n_coords += p->tasks[i].coordinating.n;
	ix->lead_dept = mem_malloc_huge(ix->lead_first[p->n_tasks] + 1,
				       sizeof(*ix->lead_dept));
	ix->coord_dept = mem_malloc_huge(n_coords + 1,
					sizeof(*ix->coord_dept));
	ix->coord_first = mem_malloc_huge(p->n_tasks + 1,
					 sizeof(*ix->coord_first));
	if (!ix->lead_dept || !ix->coord_dept || !ix->coord_first)
		goto out;
	/* Every slot is written: the pages in one call, not a fault each. */
	mem_populate(ix->lead_dept, (ix->lead_first[p->n_tasks] + 1) *
		     sizeof(*ix->lead_dept));
	mem_populate(ix->coord_dept, (n_coords + 1) * sizeof(*ix->coord_dept));
	mem_populate(ix->coord_first, (p->n_tasks + 1) *
		     sizeof(*ix->coord_first));
	for (i = 0, k = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];

		for (j = 0; j < t->lead.n; j++)
			ix->lead_dept[ix->lead_first[i] + j] =
				role_code(p, t->lead.codes[j]);
		ix->coord_first[i] = k;
		for (j = 0; j < t->coordinating.n; j++)
			ix->coord_dept[k++] =
				role_code(p, t->coordinating.codes[j]);
	}
	ix->coord_first[p->n_tasks] = k;
	ret = 0;
out:
	if (ret) {
		free(ix->lead_dept);
		free(ix->coord_dept);
		free(ix->coord_first);
		ix->lead_dept = ix->coord_dept = NULL;
		ix->coord_first = NULL;
		ix->roles_failed = true;
	}
	return ret;
}

/* p's index with its tables of roles, built now if need be; NULL when
 * there is none (no index, or no memory for the tables). */
static const struct plan_index *roles(const struct plan *p)
{
	struct plan_index *ix = p->index;

	if (!ix || (!ix->lead_dept && (ix->roles_failed ||
				       roles_build(p, ix))))
		return NULL;
	return ix;
}

long plan_dept_lead_slot(const struct plan *p, const struct plan_task *t,
			 const struct plan_dept *d)
{
	const struct plan_index *ix;
	size_t i, end;
	uint32_t di;

	if (!p || !t || !d)
		return -1;
	ix = roles(p);
	if (!ix)
		return plan_lead_slot(p, t, d->code);
	di = (uint32_t)(d - p->depts);
	for (i = ix->lead_first[t - p->tasks],
	     end = ix->lead_first[t - p->tasks + 1]; i < end; i++)
		if (ix->lead_dept[i] == di)
			return (long)i;
	return -1;
}

int plan_dept_role(const struct plan *p, const struct plan_task *t,
		   const struct plan_dept *d)
{
	const struct plan_index *ix;
	size_t i, ti, end;
	uint32_t di, c;
	bool all = false;

	if (!p || !t || !d)
		return 0;
	ix = roles(p);
	if (!ix) {
		if (plan_task_led_by(t, d->code))
			return PLAN_LEADS;
		return plan_task_coordinated_by(p, t, d->code) ?
			PLAN_COORDINATES : 0;
	}
	ti = (size_t)(t - p->tasks);
	di = (uint32_t)(d - p->depts);
	for (i = ix->lead_first[ti], end = ix->lead_first[ti + 1]; i < end;
	     i++)
		if (ix->lead_dept[i] == di)
			return PLAN_LEADS;
	for (i = ix->coord_first[ti], end = ix->coord_first[ti + 1]; i < end;
	     i++) {
		c = ix->coord_dept[i];
		if (c == di)
			return PLAN_COORDINATES;
		all |= c == ROLE_ALL;
	}
	return all ? PLAN_COORDINATES : 0;
}

int plan_task_coordinated_by(const struct plan *p, const struct plan_task *t,
			     const char *code)
{
	const struct plan_party *pt;
	size_t i;

	/* "All departments" would otherwise make every lead its own
	 * coordinator too. */
	if (!code || plan_task_led_by(t, code))
		return 0;
	for (i = 0; i < t->coordinating.n; i++) {
		if (!strcmp(t->coordinating.codes[i], code))
			return 1;
		pt = plan_party_find(p, t->coordinating.codes[i]);
		if (pt && pt->kind == PARTY_ALL_DEPARTMENTS &&
		    plan_dept_find(p, code))
			return 1;
	}
	return 0;
}

int plan_refs_cover(const struct plan *p, const struct plan_refs *refs,
		    const char *code)
{
	const struct plan_party *pt;
	size_t i;

	if (!code || !plan_dept_find(p, code))
		return 0;
	for (i = 0; i < refs->n; i++) {
		if (!strcmp(refs->codes[i], code))
			return 1;
		pt = plan_party_find(p, refs->codes[i]);
		if (pt && pt->kind == PARTY_ALL_DEPARTMENTS)
			return 1;
	}
	return 0;
}

const struct plan_period *plan_period_prev(const struct plan *p,
					   const struct plan_period *pd)
{
	const struct plan_period *best = NULL;
	size_t i;

	if (!pd)
		return NULL;
	for (i = 0; i < p->n_periods; i++) {
		const struct plan_period *q = &p->periods[i];

		/* Ties go to the first in the file: strictly later only. */
		if (q->department_due < pd->department_due &&
		    (!best || q->department_due > best->department_due))
			best = q;
	}
	return best;
}

const char *deadline_kind_name(enum deadline_kind k)
{
	switch (k) {
	case DEADLINE_ONGOING:
		return "ongoing";
	case DEADLINE_MAINTAINED:
		return "maintained";
	case DEADLINE_DATE:
		return "date";
	}
	return "unknown";
}

const char *target_op_name(enum target_op op)
{
	switch (op) {
	case TARGET_EQ:
		return "=";
	case TARGET_GE:
		return ">=";
	case TARGET_LE:
		return "<=";
	}
	return "unknown";
}

const char *party_kind_name(enum party_kind k)
{
	switch (k) {
	case PARTY_ALL_DEPARTMENTS:
		return "all_departments";
	case PARTY_EXTERNAL:
		return "external";
	}
	return "unknown";
}
