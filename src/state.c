/* state.c: the state model: entries, their storage, status names, and
 * the one notice of departments that could not be read. */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "plantrack/arena.h"
#include "plantrack/i18n.h"
#include "plantrack/json.h"
#include "plantrack/schema.h"
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
	free(st->unreadable);
	free(st->hints);
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
		n = mem_realloc_huge(st->entries, alloc, sizeof(*n));
		if (!n)
			goto out;
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
	    copy_str(st, e->note, NULL, &c.note) ||
	    copy_str(st, e->text, NULL, &c.text))
		goto out;
	ret = state_push(st, &c);
out:
	return ret;
}

/* Merges the ordered runs a[lo, mid) and a[mid, hi) in place through buf,
 * which holds the smaller of the two: forwards when it is the left one,
 * backwards when it is the right one. On a tie the left run's entry goes
 * first. */
static void merge_runs(struct state_entry *a, size_t lo, size_t mid,
		       size_t hi, struct state_entry *buf)
{
	size_t i, j, k;

	if (mid == lo || mid == hi || a[mid - 1].at <= a[mid].at)
		return;	/* already in order */
	if (mid - lo <= hi - mid) {
		/* Writing at k never passes the right run's next entry. */
		memcpy(buf, a + lo, (mid - lo) * sizeof(*a));
		for (i = 0, j = mid, k = lo; i < mid - lo && j < hi;)
			a[k++] = a[j].at < buf[i].at ? a[j++] : buf[i++];
		while (i < mid - lo)
			a[k++] = buf[i++];
	} else {
		memcpy(buf, a + mid, (hi - mid) * sizeof(*a));
		for (i = mid, j = hi - mid, k = hi; i > lo && j > 0;)
			a[--k] = buf[j - 1].at < a[i - 1].at ? a[--i] : buf[--j];
		while (j > 0)
			a[--k] = buf[--j];
	}
}

/* A natural merge sort: stable, unlike qsort, and O(n log n) even when
 * the departments' files interleave badly. The runs already in order
 * (each department's file, usually) are found first and merged two by
 * two: with d departments that is log2(d) passes over the entries, not
 * log2(n). Each merge goes through a buffer of the smaller of its two
 * runs, not of all the entries: at 100 000 tasks the entries are 69 MB
 * of fresh memory, and six departments' runs merge through a third of
 * that. */
int state_sort(struct state *st)
{
	struct state_entry *a = st->entries, *buf = NULL;
	size_t n = st->n, *run = NULL, *sim = NULL, nruns, r, w, hi, i;
	size_t need = 0, m, left, right;
	int ret = -1;

	for (i = 1; i < n; i++)
		if (a[i].at < a[i - 1].at)
			break;
	if (i >= n) {
		ret = 0;	/* already in order: the usual case */
		goto out;
	}
	/* run[r] is where run r starts; run[nruns] is n. */
	nruns = 1;
	for (i = 1; i < n; i++)
		nruns += a[i].at < a[i - 1].at;
	run = malloc((nruns + 1) * sizeof(*run));
	sim = malloc((nruns + 1) * sizeof(*sim));
	if (!run || !sim) {
		errno = ENOMEM;
		goto out;
	}
	run[0] = 0;
	for (i = 1, r = 1; i < n; i++)
		if (a[i].at < a[i - 1].at)
			run[r++] = i;
	run[nruns] = n;
	/* The largest smaller side of any merge, from the runs' bounds. */
	memcpy(sim, run, (nruns + 1) * sizeof(*run));
	for (m = nruns; m > 1; m = w) {
		for (r = 0, w = 0; r < m; r += 2, w++) {
			hi = r + 2 <= m ? sim[r + 2] : sim[r + 1];
			left = sim[r + 1] - sim[r];
			right = hi - sim[r + 1];
			if ((left < right ? left : right) > need)
				need = left < right ? left : right;
			sim[w] = sim[r];
		}
		sim[w] = n;
	}
	/* Two runs at least, so need is 1 or more; said for the analysers. */
	if (!need)
		need = 1;
	buf = mem_malloc_huge(need, sizeof(*buf));
	if (!buf)
		goto out;
	while (nruns > 1) {
		for (r = 0, w = 0; r < nruns; r += 2, w++) {
			/* The odd one out, last, stays where it is. */
			hi = r + 2 <= nruns ? run[r + 2] : run[r + 1];
			merge_runs(a, run[r], run[r + 1], hi, buf);
			run[w] = run[r];
		}
		run[w] = n;
		nruns = w;
	}
	/* The hints follow the old order: gone. */
	free(st->hints);
	st->hints = NULL;
	st->n_hints = 0;
	ret = 0;
out:
	free(run);
	free(sim);
	free(buf);
	return ret;
}

/* ---- task status ---- */

/* The status field's values, looked up once: a report asks for a label
 * per row. The schema is static data. */
static const struct schema_enum *status_values(void)
{
	/* Atomic: a report's rows may be drawn on two threads at once
	 * (split.h). */
	static _Atomic(const struct schema_enum *) values;
	const struct schema_enum *v =
		atomic_load_explicit(&values, memory_order_acquire);

	if (!v) {
		v = schema_field(schema_type_of(ENTRY_TASK),
				 "status")->values;
		atomic_store_explicit(&values, v, memory_order_release);
	}
	return v;
}

const char *task_status_name(enum task_status s)
{
	return schema_enum_name(status_values(), s);
}

const char *task_status_label(enum task_status s)
{
	return schema_enum_label(status_values(), s);
}

int task_status_parse(const char *s, enum task_status *out)
{
	int v = schema_enum_parse(status_values(), s);

	if (v >= 0 && out)
		*out = (enum task_status)v;
	return v >= 0 ? 0 : -1;
}

/* ---- sections ---- */

static const struct schema_enum *section_values(void)
{
	return schema_field(schema_type_of(ENTRY_SECTION), "section")->values;
}

const char *section_name(enum section_id s)
{
	return schema_enum_name(section_values(), s);
}

const char *section_title(enum section_id s)
{
	return schema_enum_label(section_values(), s);
}

const char *section_number(enum section_id s)
{
	static const char *const numbers[] = {
		[SECTION_DIRECTION] = "I", [SECTION_HIGHLIGHTS] = "III.1",
		[SECTION_SHORTCOMINGS] = "III.2", [SECTION_CAUSES] = "III.3",
		[SECTION_OUTLOOK] = "IV", [SECTION_PROPOSALS] = "V",
	};

	return (unsigned)s < N_SECTIONS ? numbers[s] : "?";
}

int section_parse(const char *s, enum section_id *out)
{
	int v = schema_enum_parse(section_values(), s);

	if (v >= 0 && out)
		*out = (enum section_id)v;
	return v >= 0 ? 0 : -1;
}

/* ---- departments that could not be read ---- */

int state_unreadable_status(const struct state *st, int status)
{
	/* Worse news than anything a command found (check's 1 and 2), but
	 * not than its own errors. */
	return st && st->n_unreadable && status < EX__BASE ? EX_DATAERR :
	       status;
}

void state_unreadable_notice(struct strbuf *sb,
			     const struct plan_dept *const *depts, size_t n,
			     bool document)
{
	struct strbuf list = STRBUF_INIT;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		strbuf_addf(&list, "%s%s (%s)", i ? ", " : "", depts[i]->name,
			    depts[i]->code);
	/* The report is an official document: always Vietnamese. */
	if (document)
		strbuf_addf(sb, "Lưu ý: không đọc được dữ liệu của %s; báo cáo "
			    "này không có số liệu của %s.", list.buf,
			    n > 1 ? "các đơn vị này" : "đơn vị này");
	else
		strbuf_addf(sb, ngettext("Note: the recorded data of %s could "
					 "not be read, so it is missing here; "
					 "the administrator must repair its "
					 "state file (see the errors on "
					 "standard error).",
					 "Note: the recorded data of %s could "
					 "not be read, so it is missing here; "
					 "the administrator must repair their "
					 "state files (see the errors on "
					 "standard error).", n), list.buf);
	strbuf_release(&list);
}

void state_unreadable_json(struct json_writer *w,
			   const struct plan_dept *const *depts, size_t n)
{
	json_key(w, "unreadable_departments");
	json_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(w);
		json_kv_string(w, "code", depts[i]->code);
		json_kv_string(w, "name", depts[i]->name);
		json_object_end(w);
	}
	json_array_end(w);
}
