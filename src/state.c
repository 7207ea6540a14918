/* state.c: the state model: entries, their storage, status names, and
 * the plan index that state_load.c and fold.c look things up in. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/state.h"
#include "state_int.h"

struct state *state_new(void)
{
	struct state *st = calloc(1, sizeof(*st));

	if (!st)
		errno = ENOMEM;
	return st;
}

void state_free(struct state *st)
{
	if (!st)
		return;
	arena_free(&st->arena);
	free(st->entries);
	free(st);
}

/* Copies s into the arena, or reuses prev when it holds the same text:
 * a file has thousands of entries and a handful of users and one
 * department. *out is NULL when s is. */
static int copy_str(struct state *st, const char *s, const char *prev,
		    const char **out)
{
	int ret = -1;

	*out = NULL;
	if (!s) {
		ret = 0;
		goto out;
	}
	if (prev && !strcmp(prev, s)) {
		*out = prev;
		ret = 0;
		goto out;
	}
	*out = arena_strdup(&st->arena, s);
	if (*out)
		ret = 0;
out:
	return ret;
}

int state_push(struct state *st, const struct state_entry *e)
{
	struct state_entry *n;
	size_t alloc;
	int ret = -1;

	if (st->n == st->alloc) {
		alloc = st->alloc < 16 ? 16 : st->alloc / 2 * 3;
		if (alloc > SIZE_MAX / sizeof(*n)) {
			errno = ENOMEM;
			goto out;
		}
		n = realloc(st->entries, alloc * sizeof(*n));
		if (!n) {
			errno = ENOMEM;
			goto out;
		}
		st->entries = n;
		st->alloc = alloc;
	}
	st->entries[st->n++] = *e;
	ret = 0;
out:
	return ret;
}

int state_append(struct state *st, const struct state_entry *e)
{
	const struct state_entry *last;
	struct state_entry c;
	int ret = -1;

	last = st->n ? &st->entries[st->n - 1] : NULL;
	c = *e;
	if (copy_str(st, e->user, last ? last->user : NULL, &c.user) ||
	    copy_str(st, e->dept, last ? last->dept : NULL, &c.dept) ||
	    copy_str(st, e->task, last ? last->task : NULL, &c.task) ||
	    copy_str(st, e->result, NULL, &c.result) ||
	    copy_str(st, e->difficulty, NULL, &c.difficulty) ||
	    copy_str(st, e->proposal, NULL, &c.proposal) ||
	    copy_str(st, e->period, last ? last->period : NULL, &c.period) ||
	    copy_str(st, e->note, NULL, &c.note))
		goto out;
	ret = state_push(st, &c);
out:
	return ret;
}

/* Bottom-up merge sort: stable, unlike qsort, and O(n log n) even when
 * the departments' files interleave badly. */
int state_sort(struct state *st)
{
	struct state_entry *a = st->entries, *b = NULL, *t;
	size_t n = st->n, w, lo, mid, hi, i, j, k;
	int ret = -1;

	for (i = 1; i < n; i++)
		if (a[i].at < a[i - 1].at)
			break;
	if (i >= n) {
		ret = 0;	/* already in order: the usual case */
		goto out;
	}
	b = malloc(n * sizeof(*b));
	if (!b) {
		errno = ENOMEM;
		goto out;
	}
	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = mid + w < n ? mid + w : n;
			i = lo;
			j = mid;
			k = lo;
			while (i < mid && j < hi)
				b[k++] = a[j].at < a[i].at ? a[j++] : a[i++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		t = a;
		a = b;
		b = t;
		if (w > SIZE_MAX / 2)
			break;
	}
	/* a holds the result; keep whichever buffer that is. */
	st->entries = a;
	st->alloc = n;
	ret = 0;
out:
	free(b);
	return ret;
}

/* ---- plan index ---- */

/* qsort has no context argument: the comparators sort pointers. */
static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(**(const char *const *const *)a,
		      **(const char *const *const *)b);
}

/* Fills idx with the positions of items (size bytes apart) sorted by the
 * string at offset off in each. */
static int sort_by_string(size_t **idx, const void *items, size_t n,
			  size_t size, size_t off)
{
	const char *const **ptrs = NULL;
	size_t i;
	int ret = -1;

	*idx = malloc((n ? n : 1) * sizeof(**idx));
	ptrs = malloc((n ? n : 1) * sizeof(*ptrs));
	if (!*idx || !ptrs) {
		errno = ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		ptrs[i] = (const char *const *)(const void *)
			((const char *)items + i * size + off);
	qsort(ptrs, n, sizeof(*ptrs), cmp_str_ptr);
	for (i = 0; i < n; i++)
		(*idx)[i] = (size_t)((const char *)ptrs[i] -
				     ((const char *)items + off)) / size;
	ret = 0;
out:
	free(ptrs);
	return ret;
}

static int cmp_ind_ptr(const void *a, const void *b)
{
	const struct plan_indicator *x = *(const struct plan_indicator *const *)a;
	const struct plan_indicator *y = *(const struct plan_indicator *const *)b;

	return (x->number > y->number) - (x->number < y->number);
}

static int sort_indicators(struct plan_index *ix, const struct plan *p)
{
	const struct plan_indicator **ptrs = NULL;
	size_t i, n = p->n_indicators;
	int ret = -1;

	ix->indicators = malloc((n ? n : 1) * sizeof(*ix->indicators));
	ptrs = malloc((n ? n : 1) * sizeof(const struct plan_indicator *));
	if (!ix->indicators || !ptrs) {
		errno = ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		ptrs[i] = &p->indicators[i];
	qsort(ptrs, n, sizeof(const struct plan_indicator *), cmp_ind_ptr);
	for (i = 0; i < n; i++)
		ix->indicators[i] = (size_t)(ptrs[i] - p->indicators);
	ret = 0;
out:
	free(ptrs);
	return ret;
}

/* FNV-1a: ids are short, and a hash spreads them over the table. */
static size_t hash_id(const char *s)
{
	size_t h = (size_t)14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ULL;
	return h;
}

/* Task ids are looked up once per entry: a hash table costs one or two
 * cache misses where a binary search over 100 000 ids costs seventeen.
 * The table is at most half full. Duplicate ids (rejected by the loader)
 * would resolve to the first. */
static int hash_tasks(struct plan_index *ix, const struct plan *p)
{
	size_t slots = 4, i, h;

	while (slots < 2 * p->n_tasks)
		slots *= 2;
	ix->task_hash = calloc(slots, sizeof(*ix->task_hash));
	if (!ix->task_hash) {
		errno = ENOMEM;
		return -1;
	}
	ix->task_mask = slots - 1;
	for (i = 0; i < p->n_tasks; i++) {
		const char *id = p->tasks[i].id;

		h = hash_id(id) & ix->task_mask;
		while (ix->task_hash[h] &&
		       strcmp(p->tasks[ix->task_hash[h] - 1].id, id) != 0)
			h = (h + 1) & ix->task_mask;
		if (!ix->task_hash[h])
			ix->task_hash[h] = i + 1;
	}
	return 0;
}

int plan_index_init(struct plan_index *ix, const struct plan *plan)
{
	int ret = -1;

	memset(ix, 0, sizeof(*ix));
	ix->plan = plan;
	if (sort_by_string(&ix->depts, plan->depts, plan->n_depts,
			   sizeof(*plan->depts),
			   offsetof(struct plan_dept, code)) ||
	    sort_by_string(&ix->periods, plan->periods, plan->n_periods,
			   sizeof(*plan->periods),
			   offsetof(struct plan_period, id)) ||
	    sort_indicators(ix, plan) || hash_tasks(ix, plan)) {
		plan_index_release(ix);
		goto out;
	}
	ret = 0;
out:
	return ret;
}

void plan_index_release(struct plan_index *ix)
{
	if (!ix)
		return;
	free(ix->task_hash);
	free(ix->depts);
	free(ix->periods);
	free(ix->indicators);
	memset(ix, 0, sizeof(*ix));
}

/* Binary search of idx (n positions of items size bytes apart, sorted by
 * the string at off) for key. */
static long find_string(const size_t *idx, size_t n, const void *items,
			size_t size, size_t off, const char *key)
{
	size_t lo = 0, hi = n, mid;
	const char *s;
	long found = -1;
	int c;

	while (key && lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&s, (const char *)items + idx[mid] * size + off,
		       sizeof(s));
		c = strcmp(key, s);
		if (!c) {
			found = (long)idx[mid];
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return found;
}

long plan_index_task(const struct plan_index *ix, const char *id)
{
	const struct plan_task *tasks = ix->plan->tasks;
	size_t h, slot;
	long found = -1;

	if (!id || !ix->task_hash)
		goto out;
	for (h = hash_id(id) & ix->task_mask; (slot = ix->task_hash[h]);
	     h = (h + 1) & ix->task_mask) {
		if (!strcmp(tasks[slot - 1].id, id)) {
			found = (long)(slot - 1);
			break;
		}
	}
out:
	return found;
}

long plan_index_dept(const struct plan_index *ix, const char *code)
{
	return find_string(ix->depts, ix->plan->n_depts, ix->plan->depts,
			   sizeof(*ix->plan->depts),
			   offsetof(struct plan_dept, code), code);
}

long plan_index_period(const struct plan_index *ix, const char *id)
{
	return find_string(ix->periods, ix->plan->n_periods,
			   ix->plan->periods, sizeof(*ix->plan->periods),
			   offsetof(struct plan_period, id), id);
}

long plan_index_indicator(const struct plan_index *ix, int number)
{
	size_t lo = 0, hi = ix->plan->n_indicators, mid;
	long found = -1;
	int v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		v = ix->plan->indicators[ix->indicators[mid]].number;
		if (v == number) {
			found = (long)ix->indicators[mid];
			break;
		}
		if (number < v)
			hi = mid;
		else
			lo = mid + 1;
	}
	return found;
}

/* ---- task status ---- */

static const struct {
	const char *name;
	const char *label;
} statuses[] = {
	[STATUS_NOT_STARTED] = { "not_started", "Chưa thực hiện" },
	[STATUS_IN_PROGRESS] = { "in_progress", "Đang thực hiện" },
	[STATUS_DONE] = { "done", "Đã hoàn thành" },
};

#define N_STATUSES (sizeof(statuses) / sizeof(statuses[0]))

const char *task_status_name(enum task_status s)
{
	return (unsigned)s < N_STATUSES ? statuses[s].name : "unknown";
}

const char *task_status_label(enum task_status s)
{
	return (unsigned)s < N_STATUSES ? statuses[s].label : "?";
}

int task_status_parse(const char *s, enum task_status *out)
{
	size_t i;
	int ret = -1;

	if (!s)
		goto out;
	for (i = 0; i < N_STATUSES; i++) {
		if (!strcmp(s, statuses[i].name)) {
			if (out)
				*out = (enum task_status)i;
			ret = 0;
			goto out;
		}
	}
out:
	return ret;
}
