/* history.c: entries as changes from what to what, and their rendering.
 *
 * Entries are grouped by subject (the schema's SUBJECT fields and the
 * department), each group folded in recorded order with
 * state_current_apply: the value before an entry is what the fold says
 * it was, by the same rule every other reader uses. history_build numbers
 * the subjects; history_replay folds them while the items are read. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/history.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/json.h"
#include "plantrack/prefetch.h"
#include "plantrack/schema.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"

/* Entries are read in recorded order, and the strings they point at lie
 * wherever their entries were decoded (the snapshot's image, the YAML's
 * arena): at 457 000 entries each is a cache and TLB miss of its own,
 * and most of a warm history's time was strlen waiting for them. They
 * are asked for AHEAD entries ahead (__builtin_prefetch, which never
 * faults, NULL included): 1.13 -> 0.84 s, state-heavy N = 100 000. */
#define AHEAD	16

/* Whether two entries are of the same subject: kind, department, then
 * the type's SUBJECT fields (0: the same). */
static int key_cmp(const struct state_entry *a, const struct state_entry *b)
{
	const struct schema_type *t;
	const char *x, *y;
	size_t i;
	long u, v;
	int c = 0;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if ((c = strcmp(a->dept, b->dept)))
		return c;
	t = schema_type_of(a->kind);
	for (i = 0; !c && t && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!(f->flags & SCHEMA_SUBJECT))
			continue;
		switch (f->kind) {
		case SCHEMA_TASK:
		case SCHEMA_PERIOD:
			x = schema_get_str(a, f);
			y = schema_get_str(b, f);
			c = strcmp(x ? x : "", y ? y : "");
			break;
		case SCHEMA_BOOL:
			c = (int)schema_get_bool(a, f) -
			    (int)schema_get_bool(b, f);
			break;
		default:
			u = schema_get_int(a, f);
			v = schema_get_int(b, f);
			c = (u > v) - (u < v);
			break;
		}
	}
	return c;
}

/* A hash of what key_cmp compares: equal keys, equal hashes. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

static uint64_t key_hash(const struct state_entry *e)
{
	const struct schema_type *t = schema_type_of(e->kind);
	uint64_t h = 14695981039346656037ULL;
	const char *s;
	long v;
	int k = (int)e->kind;
	bool b;

	h = mix(h, &k, sizeof(k));
	h = mix(h, e->dept, strlen(e->dept) + 1);
	for (size_t i = 0; t && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!(f->flags & SCHEMA_SUBJECT))
			continue;
		switch (f->kind) {
		case SCHEMA_TASK:
		case SCHEMA_PERIOD:
			s = schema_get_str(e, f);
			s = s ? s : "";
			h = mix(h, s, strlen(s) + 1);
			break;
		case SCHEMA_BOOL:
			b = schema_get_bool(e, f);
			h = mix(h, &b, sizeof(b));
			break;
		default:
			v = schema_get_int(e, f);
			h = mix(h, &v, sizeof(v));
			break;
		}
	}
	return h;
}

/* The subjects met so far, numbered in the order met: one pass over the
 * entries in recorded order, a probe for each. */
struct subjects {
	size_t *slot;			/* subject number + 1; 0: empty */
	size_t mask;
	const struct state_entry **key;	/* a subject's first entry */
	size_t n;
};

static int subjects_init(struct subjects *sj, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	memset(sj, 0, sizeof(*sj));
	sj->slot = mem_calloc_huge(cap, sizeof(*sj->slot));
	sj->key = mem_calloc_huge(n, sizeof(const struct state_entry *));
	sj->mask = cap - 1;
	return sj->slot && sj->key ? 0 : -1;
}

static void subjects_release(struct subjects *sj)
{
	free(sj->slot);
	free(sj->key);
}

/* The number of e's subject (a new one the first time). */
static uint32_t subject_of(struct subjects *sj, const struct state_entry *e)
{
	size_t i, k;

	for (i = key_hash(e) & sj->mask; (k = sj->slot[i]) != 0;
	     i = (i + 1) & sj->mask)
		if (!key_cmp(sj->key[k - 1], e))
			return (uint32_t)(k - 1);
	k = sj->n++;
	sj->slot[i] = k + 1;
	sj->key[k] = e;
	return (uint32_t)k;
}

/* A task entry's subject as numbers, by the state's hints (state.h):
 * (task, department, role), when the hint holds (the plan's strings at
 * its positions are the entry's very pointers), else SIZE_MAX. Equal
 * numbers, equal subjects: the plan's ids and codes are unique. */
static size_t hinted_key(const struct state *st, const struct plan *p,
			 size_t i)
{
	const struct state_entry *e = &st->entries[i];
	const struct state_hint *hn;

	if (i >= st->n_hints || e->kind != ENTRY_TASK ||
	    (e->role != ROLE_LEAD && e->role != ROLE_COORDINATING))
		return SIZE_MAX;
	hn = &st->hints[i];
	if (hn->task >= p->n_tasks || hn->dept >= p->n_depts ||
	    p->tasks[hn->task].id != e->task ||
	    p->depts[hn->dept].code != e->dept)
		return SIZE_MAX;
	return ((size_t)hn->task * p->n_depts + hn->dept) * 2 +
	       (e->role == ROLE_COORDINATING);
}

/* The cells of the table of hinted subjects (by_hint, below) for st on
 * p, or 0 when it is not worth having: at most 4 an entry. */
static size_t hinted_cells(const struct state *st, const struct plan *p)
{
	size_t n = st->n_hints < st->n ? st->n_hints : st->n;

	if (!n || !p->n_depts || p->n_tasks > n / p->n_depts * 2)
		return 0;
	return p->n_tasks * p->n_depts * 2;
}

static const struct plan_period *period_of_day(const struct plan *p, pt_day day)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		if (pd->department_due >= day &&
		    (!best || pd->department_due < best->department_due))
			best = pd;
	}
	return best;
}

static size_t dept_index(const struct plan *p, const char *code)
{
	const struct plan_dept *d = plan_dept_find(p, code);

	return d ? (size_t)(d - p->depts) : p->n_depts;
}

int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt)
{
	struct subjects sj = { NULL, 0, NULL, 0 };
	size_t n = st ? st->n : 0, n_hinted;
	/* The subject + 1 of each hinted key met (0: none yet): a task
	 * entry's subject by its hints is one load, not a hash of its
	 * strings and a probe. The first entry of each key is looked up
	 * by name, so that the entries without hints get the same numbers. */
	uint32_t *by_hint = NULL;
	time_t *first_sub = NULL;
	size_t nsub = (p->n_depts + 1) * (p->n_periods ? p->n_periods : 1);

	memset(h, 0, sizeof(*h));
	if (st) {
		h->unreadable = st->unreadable;
		h->n_unreadable = st->n_unreadable;
	}
	if (!n)
		return 0;
	if (n > UINT32_MAX) {
		errno = ENOMEM;	/* the subjects' numbers are 32 bits */
		return -1;
	}
	h->entries = st->entries;
	h->n_entries = n;
	first_sub = mem_calloc_huge(nsub, sizeof(*first_sub));
	h->items = mem_calloc_huge(n, sizeof(*h->items));
	h->subject = mem_malloc_huge(n, sizeof(*h->subject));
	if ((n_hinted = hinted_cells(st, p)) &&
	    !(by_hint = mem_calloc_huge(n_hinted, sizeof(*by_hint))))
		goto err;
	if (subjects_init(&sj, n) || !first_sub || !h->items || !h->subject)
		goto err;

	/* When each department first submitted each period's report. */
	for (size_t i = 0; i < n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct plan_period *pd;
		size_t k;

		if (e->kind != ENTRY_SUBMIT || e->consolidated ||
		    ((e->set & SET_WITHDRAW) && e->withdraw))
			continue;
		pd = plan_period_find(p, e->period);
		if (!pd)
			continue;
		k = dept_index(p, e->dept) * p->n_periods + (size_t)(pd - p->periods);
		if (!first_sub[k] || e->at < first_sub[k])
			first_sub[k] = e->at;
	}

	/* Each entry's subject. An entry the filter leaves out still
	 * counts for its subject (history_replay folds it); only those it
	 * keeps are items, made in place (a history of 100 000 tasks holds
	 * no second copy of them). */
	for (size_t i = 0; i < n; i++) {
		const struct state_entry *e = &st->entries[i];

		size_t hk;

		/* What their keys are made of, asked for ahead as the rows'
		 * are (history_prefetch): the task the hint names (and
		 * then the table's cell), else the strings. */
		if (by_hint && i + AHEAD < st->n_hints &&
		    st->hints[i + AHEAD].task < p->n_tasks)
			__builtin_prefetch(&p->tasks[st->hints[i + AHEAD].task]);
		else if (i + AHEAD < n) {
			__builtin_prefetch(st->entries[i + AHEAD].task);
			__builtin_prefetch(st->entries[i + AHEAD].dept);
		}
		if (by_hint && i + AHEAD / 2 < n &&
		    (hk = hinted_key(st, p, i + AHEAD / 2)) != SIZE_MAX)
			__builtin_prefetch(&by_hint[hk]);
		if (by_hint && (hk = hinted_key(st, p, i)) != SIZE_MAX) {
			if (!by_hint[hk])
				by_hint[hk] = subject_of(&sj, e) + 1;
			h->subject[i] = by_hint[hk] - 1;
		} else {
			h->subject[i] = subject_of(&sj, e);
		}
		struct history_item *it = &h->items[h->n];
		pt_day day = instant_day(e->at, e->utc_offset);

		it->e = e;
		it->after_submission = NULL;
		if (flt->task && (e->kind != ENTRY_TASK ||
				  strcmp(e->task, flt->task) != 0))
			continue;
		if (flt->dept && strcmp(e->dept, flt->dept) != 0)
			continue;
		if (flt->since != PT_DAY_NONE && day < flt->since)
			continue;
		if (e->kind != ENTRY_SUBMIT) {
			/* A section's text belongs to its own period. */
			const struct plan_period *pd = e->kind == ENTRY_SECTION ?
				plan_period_find(p, e->period) :
				period_of_day(p, day);

			if (pd) {
				size_t k = dept_index(p, e->dept) * p->n_periods +
					   (size_t)(pd - p->periods);

				if (first_sub[k] && first_sub[k] < e->at)
					it->after_submission = pd;
			}
		}
		h->n++;
	}
	h->n_subjects = sj.n;
	free(by_hint);
	free(first_sub);
	subjects_release(&sj);
	return 0;
err:
	free(by_hint);
	free(first_sub);
	subjects_release(&sj);
	history_release(h);
	return -1;
}

void history_release(struct history *h)
{
	if (!h)
		return;
	free(h->items);
	free(h->subject);
	h->items = NULL;
	h->subject = NULL;
	h->n = 0;
	h->n_entries = 0;
	h->n_subjects = 0;
}

int history_replay_init(struct history_replay *rp, const struct history *h)
{
	memset(rp, 0, sizeof(*rp));
	rp->h = h;
	if (!h->n)
		return 0;
	rp->cur = mem_calloc_huge(h->n_subjects, sizeof(*rp->cur));
	return rp->cur ? 0 : -1;
}

void history_replay_release(struct history_replay *rp)
{
	if (!rp)
		return;
	free(rp->cur);
	rp->cur = NULL;
}

#define RING	((size_t)2 * HISTORY_REPLAY_BACK)

/* Subject s's fold, empty (of e's kind) the first time it is met. */
static struct state_current *replay_subject(struct history_replay *rp,
					    size_t s,
					    const struct state_entry *e)
{
	struct state_current *c = &rp->cur[s];

	if (!c->type)
		state_current_init(c, e->kind);
	return c;
}

/* Folds on until the values before item `last` (and every item between)
 * are in the ring, the entries of the item AHEAD further on asked for
 * ahead of their turn. */
static void replay_fill(struct history_replay *rp, size_t last)
{
	const struct history *h = rp->h;
	const uint32_t *subj = h->subject;

	for (; rp->next_item <= last; rp->next_item++) {
		const struct state_entry *e = h->items[rp->next_item].e;
		size_t stop = (size_t)(e - h->entries), j;
		struct state_current *c;

		for (j = rp->next_entry; j < stop; j++) {
			if (j + AHEAD < h->n_entries)
				__builtin_prefetch(&rp->cur[subj[j + AHEAD]]);
			state_current_apply(replay_subject(rp, subj[j],
							   &h->entries[j]),
					    &h->entries[j]);
		}
		rp->next_entry = stop;
		c = &rp->ring[rp->next_item % RING];
		*c = *replay_subject(rp, subj[stop], e);
		/* The entries that made it, read when the item is drawn. */
		for (size_t k = 0; k < STATE_MAX_FIELDS; k++)
			__builtin_prefetch(c->src[k]);
	}
}

void history_replay_item(struct history_replay *rp, size_t i,
			 const struct state_current **before,
			 struct state_current *after)
{
	const struct history *h = rp->h;
	size_t last = i + HISTORY_REPLAY_BACK < h->n ?
		i + HISTORY_REPLAY_BACK : h->n - 1;

	if (i < rp->first_item || i + RING < rp->next_item) {
		/* Not in the ring, behind: again from the start. */
		memset(rp->cur, 0, h->n_subjects * sizeof(*rp->cur));
		rp->next_entry = 0;
		rp->first_item = rp->next_item = i;
	}
	replay_fill(rp, last);
	*before = &rp->ring[i % RING];
	*after = **before;
	state_current_apply(after, h->items[i].e);
	/* The texts of the entries that made item i + BACK / 2, asked for
	 * before they are read (those entries were asked for in
	 * replay_fill). */
	if (i + HISTORY_REPLAY_BACK / 2 <= last) {
		const struct state_current *c =
			&rp->ring[(i + HISTORY_REPLAY_BACK / 2) % RING];

		for (size_t k = 0; k < STATE_MAX_FIELDS; k++)
			if (c->src[k])
				__builtin_prefetch(c->src[k]->result);
	}
}

static void sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* describe and subject run once per line: their words come from
 * schema_gettext, which asks gettext once per message. */
static void describe(struct strbuf *sb, const struct history_item *it,
		     const struct state_current *before,
		     const struct state_current *after, const struct plan *p)
{
	const struct state_entry *e = it->e;
	const struct plan_period *pd;
	const struct plan_indicator *ind;

	switch (e->kind) {
	case ENTRY_TASK:
		if (e->role == ROLE_COORDINATING) {
			/* TRANSLATORS: history: before the changes a
			 * coordinating department recorded. */
			strbuf_addstr(sb, schema_gettext(N_("(coordinating)")));
			strbuf_addch(sb, ' ');
		}
		schema_describe_changes(sb, before, after, e, NULL, "; ");
		break;
	case ENTRY_INDICATOR:
		ind = plan_indicator_find(p, e->indicator);
		schema_describe_changes(sb, before, after, e,
					ind ? ind->unit : NULL, "; ");
		break;
	case ENTRY_SUBMIT:
		pd = plan_period_find(p, e->period);
		if ((e->set & SET_WITHDRAW) && e->withdraw)
			strbuf_addf(sb, schema_gettext(N_("withdrew the report "
							  "for %s")),
				    pd ? pd->name : e->period);
		else if (e->consolidated)
			strbuf_addf(sb,
				    /* TRANSLATORS: history: a period's name
				     * ("6 tháng đầu năm 2026"), the
				     * recipient ("Sở Tài chính"). */
				    schema_gettext(N_("sent the consolidated "
						      "report for %s to %s")),
				    pd ? pd->name : e->period,
				    pd ? pd->recipient : "");
		else
			strbuf_addf(sb, schema_gettext(N_("submitted the "
							  "report for %s")),
				    pd ? pd->name : e->period);
		break;
	case ENTRY_SECTION:
		schema_describe_changes(sb, before, after, e, NULL, "; ");
		break;
	}
	if (it->after_submission) {
		sep(sb);
		/* TRANSLATORS: history: a change recorded after the
		 * department had submitted the report of period %s (h1). */
		strbuf_addf(sb, schema_gettext(N_("after the report for %s "
						  "was submitted")),
			    it->after_submission->id);
	}
}

static void subject(struct strbuf *sb, const struct state_entry *e)
{
	switch (e->kind) {
	case ENTRY_TASK:
		strbuf_addstr(sb, e->task);
		break;
	case ENTRY_INDICATOR:
		/* TRANSLATORS: history: an indicator's number and a period
		 * id, "indicator 1 (h1)". */
		strbuf_addf(sb, schema_gettext(N_("indicator %d (%s)")),
			    e->indicator, e->period);
		break;
	case ENTRY_SUBMIT:
		/* TRANSLATORS: history: the report of a period id, "report
		 * h1". */
		strbuf_addf(sb, schema_gettext(N_("report %s")), e->period);
		break;
	case ENTRY_SECTION:
		if (e->commune)
			strbuf_addf(sb,
				    /* TRANSLATORS: what a history line is
				     * about: section III.1 of the
				     * consolidated report of period h1. */
				    schema_gettext(N_("section %s (%s, "
						      "consolidated report)")),
				    section_number(e->section), e->period);
		else
			/* TRANSLATORS: what a history line is about: section
			 * III.1 of the department's report of period h1. */
			strbuf_addf(sb, schema_gettext(N_("section %s (%s)")),
				    section_number(e->section), e->period);
		break;
	}
}

/* What history's rows are made with (history_row). */
struct history_rows {
	const struct history *h;
	const struct plan *p;
	struct history_replay rp;
	struct strbuf what, change;
	char at[INSTANT_LEN];
};

/* Asks for the strings of row r + AHEAD of h before they are read
 * (AHEAD, above); those of the entries that made its "before" are asked
 * for by history_replay. */
PT_PREFETCHER void history_prefetch(const struct history *h, size_t r)
{
	if (r + AHEAD < h->n) {
		const struct history_item *it = &h->items[r + AHEAD];

		__builtin_prefetch(it->e->task);
		__builtin_prefetch(it->e->user);
		__builtin_prefetch(it->e->dept);
		__builtin_prefetch(it->e->result);
	}
}

/* Row r of history (table_row_fn): its cells, made into hr's buffers
 * for this call only. */
static int history_row(void *ctx, size_t r, const char **cells)
{
	struct history_rows *hr = ctx;
	const struct state_entry *e = hr->h->items[r].e;

	history_prefetch(hr->h, r);
	if (instant_format_offset(e->at, e->utc_offset, hr->at) != 0)
		hr->at[0] = '\0';
	strbuf_reset(&hr->what);
	subject(&hr->what, e);
	cells[0] = hr->at;
	cells[1] = e->user;
	cells[2] = e->dept;
	cells[3] = hr->what.buf;
	/* The change only when it is read: not to measure the row. */
	if (cells[4] != table_unmeasured) {
		const struct state_current *before;
		struct state_current after;

		history_replay_item(&hr->rp, r, &before, &after);
		strbuf_reset(&hr->change);
		describe(&hr->change, &hr->h->items[r], before, &after, hr->p);
		cells[4] = hr->change.buf;
	}
	return TABLE_ROW_TRANSIENT;
}

int history_render_text(FILE *f, const struct history *h,
			const struct plan *p, int width)
{
	/* TRANSLATORS: the column headers of history. */
	static const char *const labels[] = {
		N_("Time"), N_("User"), N_("Department"), N_("Item"),
		N_("Change"),
	};
	const char *headers[5];
	struct history_rows hr = { .h = h, .p = p, .what = STRBUF_INIT,
				   .change = STRBUF_INIT };
	struct table *t = NULL;
	int ret = -1;

	for (size_t i = 0; i < 5; i++)
		headers[i] = _(labels[i]);
	/* What it needs taken before a line is written. */
	if (h->n && (history_replay_init(&hr.rp, h) ||
		     !(t = table_new(5, headers))))
		goto out;
	if (h->n_unreadable) {
		state_unreadable_notice(&hr.what, h->unreadable,
					h->n_unreadable, false);
		fprintf(f, "%s\n", hr.what.buf);
		strbuf_reset(&hr.what);
	}
	/* Each row made when the table asks for it (twice: measured,
	 * then drawn), none kept: a history of 400 000 entries kept every
	 * cell, 2.7 times the data. */
	ret = t ? table_render_rows(t, f, width, TABLE_WRAP, h->n,
				    history_row, &hr) : 0;
out:
	table_free(t);
	history_replay_release(&hr.rp);
	strbuf_release(&hr.what);
	strbuf_release(&hr.change);
	return ret;
}

/* The value of f in c as JSON: null when none. */
static void value_json(struct json_writer *w, const struct state_current *c,
		       const struct schema_field *f)
{
	if (!state_current_has(c, f)) {
		json_null(w);
		return;
	}
	switch (f->kind) {
	case SCHEMA_ENUM:
		json_string(w, schema_enum_name(f->values,
						state_current_int(c, f)));
		break;
	case SCHEMA_NUMBER:
		json_number(w, state_current_number(c, f));
		break;
	case SCHEMA_TEXT:
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
	case SCHEMA_USER:
		json_string(w, state_current_str(c, f));
		break;
	case SCHEMA_BOOL:
		json_bool(w, schema_get_bool(state_current_src(c, f), f));
		break;
	default:
		json_int(w, state_current_int(c, f));
		break;
	}
}

/* {field, from, to} for each field the text shows, in table order. */
static void changes_json(struct json_writer *w, const struct history_item *it,
			 const struct state_current *before,
			 const struct state_current *after)
{
	const struct schema_type *t = before->type;

	json_key(w, "changes");
	json_array_begin(w);
	for (size_t i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!schema_field_shown(before, after, it->e, f))
			continue;
		json_object_begin(w);
		json_kv_string(w, "field", f->key);
		json_key(w, "from");
		value_json(w, before, f);
		json_key(w, "to");
		value_json(w, after, f);
		json_object_end(w);
	}
	json_array_end(w);
}

static void entry_json(struct json_writer *w, const struct history_item *it,
		       const struct state_current *before,
		       const struct state_current *after)
{
	const struct state_entry *e = it->e;
	const struct schema_type *t = schema_type_of(e->kind);
	char at[INSTANT_LEN];

	if (instant_format_offset(e->at, e->utc_offset, at) != 0)
		at[0] = '\0';
	json_object_begin(w);
	json_kv_string(w, "at", at);
	json_kv_string(w, "user", e->user);
	json_kv_int(w, "uid", e->uid);
	json_kv_string(w, "department", e->dept);
	json_kv_string(w, "type", t ? t->name : "?");
	switch (e->kind) {
	case ENTRY_TASK:
		json_kv_string(w, "task", e->task);
		json_kv_string(w, "role", e->role == ROLE_LEAD ? "lead" : "coordinating");
		changes_json(w, it, before, after);
		json_kv_string(w, "difficulty",
			       e->set & SET_DIFFICULTY ? e->difficulty : NULL);
		json_kv_string(w, "proposal",
			       e->set & SET_PROPOSAL ? e->proposal : NULL);
		break;
	case ENTRY_INDICATOR:
		json_kv_int(w, "indicator", e->indicator);
		json_kv_string(w, "period", e->period);
		changes_json(w, it, before, after);
		json_kv_string(w, "note", e->set & SET_NOTE ? e->note : NULL);
		break;
	case ENTRY_SUBMIT:
		json_kv_string(w, "period", e->period);
		json_key(w, "consolidated");
		json_bool(w, e->consolidated);
		json_key(w, "withdraw");
		json_bool(w, (e->set & SET_WITHDRAW) && e->withdraw);
		break;
	case ENTRY_SECTION:
		json_kv_string(w, "period", e->period);
		json_kv_string(w, "section", section_name(e->section));
		json_key(w, "commune");
		json_bool(w, e->commune);
		changes_json(w, it, before, after);
		json_kv_string(w, "text", e->text);
		break;
	}
	json_kv_string(w, "after_submission",
		       it->after_submission ? it->after_submission->id : NULL);
	json_object_end(w);
}

int history_render_json(FILE *f, const struct history *h,
			const struct plan *p)
{
	struct history_replay rp;
	const struct state_current *before;
	struct state_current after;
	struct json_writer w;

	(void)p;
	if (history_replay_init(&rp, h))
		return -1;
	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "entries");
	json_array_begin(&w);
	for (size_t i = 0; i < h->n; i++) {
		history_replay_item(&rp, i, &before, &after);
		entry_json(&w, &h->items[i], before, &after);
	}
	json_array_end(&w);
	state_unreadable_json(&w, h->unreadable, h->n_unreadable);
	json_object_end(&w);
	json_end(&w);
	history_replay_release(&rp);
	return 0;
}
