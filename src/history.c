/* history.c: entries as changes from what to what, and their rendering.
 *
 * Entries are grouped by subject (the schema's SUBJECT fields and the
 * department), each group folded in recorded order with
 * state_current_apply: the value before an entry is what the fold says
 * it was, by the same rule every other reader uses. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/history.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/json.h"
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

/* The subjects met so far, each with its fold up to now: one pass over
 * the entries in recorded order, a probe for each. */
struct subjects {
	size_t *slot;			/* position in cur + 1; 0: empty */
	size_t mask;
	const struct state_entry **key;	/* a subject's first entry */
	struct state_current *cur;
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
	sj->cur = mem_calloc_huge(n, sizeof(*sj->cur));
	sj->mask = cap - 1;
	return sj->slot && sj->key && sj->cur ? 0 : -1;
}

static void subjects_release(struct subjects *sj)
{
	free(sj->slot);
	free(sj->key);
	free(sj->cur);
}

/* e's subject's fold (a new one, empty, the first time). */
static struct state_current *subject_of(struct subjects *sj,
					const struct state_entry *e)
{
	size_t i, k;

	for (i = key_hash(e) & sj->mask; (k = sj->slot[i]) != 0;
	     i = (i + 1) & sj->mask)
		if (!key_cmp(sj->key[k - 1], e))
			return &sj->cur[k - 1];
	k = sj->n++;
	sj->slot[i] = k + 1;
	sj->key[k] = e;
	state_current_init(&sj->cur[k], e->kind);
	return &sj->cur[k];
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

void history_after(const struct history_item *it, struct state_current *after)
{
	*after = it->before;
	state_current_apply(after, it->e);
}

int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt)
{
	struct subjects sj = { NULL, 0, NULL, NULL, 0 };
	size_t n = st ? st->n : 0;
	time_t *first_sub = NULL;
	size_t nsub = (p->n_depts + 1) * (p->n_periods ? p->n_periods : 1);

	memset(h, 0, sizeof(*h));
	if (st) {
		h->unreadable = st->unreadable;
		h->n_unreadable = st->n_unreadable;
	}
	if (!n)
		return 0;
	first_sub = mem_calloc_huge(nsub, sizeof(*first_sub));
	h->items = mem_calloc_huge(n, sizeof(*h->items));
	if (subjects_init(&sj, n) || !first_sub || !h->items)
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

	/* Each subject folded in recorded order: what it was before each
	 * of its entries. An entry the filter leaves out still counts for
	 * its subject; only those it keeps are items, made in place (a
	 * history of 100 000 tasks holds no second copy of them). */
	for (size_t i = 0; i < n; i++) {
		const struct state_entry *e = &st->entries[i];
		struct state_current *cur;

		/* Their keys' strings, asked for ahead as the rows' are
		 * (history_prefetch). */
		if (i + AHEAD < n) {
			__builtin_prefetch(st->entries[i + AHEAD].task);
			__builtin_prefetch(st->entries[i + AHEAD].dept);
		}
		cur = subject_of(&sj, e);
		struct history_item *it = &h->items[h->n];
		pt_day day = instant_day(e->at, e->utc_offset);

		it->e = e;
		it->before = *cur;
		it->after_submission = NULL;
		state_current_apply(cur, e);
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
	free(first_sub);
	subjects_release(&sj);
	return 0;
err:
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
	h->items = NULL;
	h->n = 0;
}

static void sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* describe and subject run once per line: their words come from
 * schema_gettext, which asks gettext once per message. */
static void describe(struct strbuf *sb, const struct history_item *it,
		     const struct plan *p)
{
	const struct state_entry *e = it->e;
	const struct plan_period *pd;
	const struct plan_indicator *ind;
	struct state_current after;

	switch (e->kind) {
	case ENTRY_TASK:
		if (e->role == ROLE_COORDINATING) {
			/* TRANSLATORS: history: before the changes a
			 * coordinating department recorded. */
			strbuf_addstr(sb, schema_gettext(N_("(coordinating)")));
			strbuf_addch(sb, ' ');
		}
		history_after(it, &after);
		schema_describe_changes(sb, &it->before, &after, e, NULL, "; ");
		break;
	case ENTRY_INDICATOR:
		ind = plan_indicator_find(p, e->indicator);
		history_after(it, &after);
		schema_describe_changes(sb, &it->before, &after, e,
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
		history_after(it, &after);
		schema_describe_changes(sb, &it->before, &after, e, NULL, "; ");
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
	struct strbuf what, change;
	char at[INSTANT_LEN];
};

/* Asks for the strings of row r + AHEAD (and r + AHEAD / 2) of h
 * before they are read (AHEAD, above): the entry's texts and the entries
 * that made its "before", then those entries' results (those entries
 * must be there for their pointers to be read). */
static void history_prefetch(const struct history *h, size_t r)
{
	if (r + AHEAD < h->n) {
		const struct history_item *it = &h->items[r + AHEAD];

		__builtin_prefetch(it->e->task);
		__builtin_prefetch(it->e->user);
		__builtin_prefetch(it->e->dept);
		__builtin_prefetch(it->e->result);
		for (size_t k = 0; k < STATE_MAX_FIELDS; k++)
			__builtin_prefetch(it->before.src[k]);
	}
	if (r + AHEAD / 2 < h->n) {
		const struct history_item *it = &h->items[r + AHEAD / 2];

		for (size_t k = 0; k < STATE_MAX_FIELDS; k++)
			if (it->before.src[k])
				__builtin_prefetch(it->before.src[k]->result);
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
		strbuf_reset(&hr->change);
		describe(&hr->change, &hr->h->items[r], hr->p);
		cells[4] = hr->change.buf;
	}
	return TABLE_ROW_TRANSIENT;
}

void history_render_text(FILE *f, const struct history *h,
			 const struct plan *p, int width)
{
	/* TRANSLATORS: the column headers of history. */
	static const char *const labels[] = {
		N_("Time"), N_("User"), N_("Department"), N_("Item"),
		N_("Change"),
	};
	const char *headers[5];
	struct history_rows hr = { h, p, STRBUF_INIT, STRBUF_INIT, "" };
	struct table *t;

	if (h->n_unreadable) {
		state_unreadable_notice(&hr.what, h->unreadable,
					h->n_unreadable, false);
		fprintf(f, "%s\n", hr.what.buf);
		strbuf_reset(&hr.what);
	}
	if (!h->n)
		goto out;
	for (size_t i = 0; i < 5; i++)
		headers[i] = _(labels[i]);
	t = table_new(5, headers);
	if (!t)
		goto out;
	/* Each row made when the table asks for it (twice: measured,
	 * then drawn), none kept: a history of 400 000 entries kept every
	 * cell, 2.7 times the data. */
	table_render_rows(t, f, width, TABLE_WRAP, h->n, history_row, &hr);
	table_free(t);
out:
	strbuf_release(&hr.what);
	strbuf_release(&hr.change);
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
static void changes_json(struct json_writer *w, const struct history_item *it)
{
	const struct schema_type *t = it->before.type;
	struct state_current after;

	history_after(it, &after);
	json_key(w, "changes");
	json_array_begin(w);
	for (size_t i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!schema_field_shown(&it->before, &after, it->e, f))
			continue;
		json_object_begin(w);
		json_kv_string(w, "field", f->key);
		json_key(w, "from");
		value_json(w, &it->before, f);
		json_key(w, "to");
		value_json(w, &after, f);
		json_object_end(w);
	}
	json_array_end(w);
}

static void entry_json(struct json_writer *w, const struct history_item *it)
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
		changes_json(w, it);
		json_kv_string(w, "difficulty",
			       e->set & SET_DIFFICULTY ? e->difficulty : NULL);
		json_kv_string(w, "proposal",
			       e->set & SET_PROPOSAL ? e->proposal : NULL);
		break;
	case ENTRY_INDICATOR:
		json_kv_int(w, "indicator", e->indicator);
		json_kv_string(w, "period", e->period);
		changes_json(w, it);
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
		changes_json(w, it);
		json_kv_string(w, "text", e->text);
		break;
	}
	json_kv_string(w, "after_submission",
		       it->after_submission ? it->after_submission->id : NULL);
	json_object_end(w);
}

void history_render_json(FILE *f, const struct history *h,
			 const struct plan *p)
{
	struct json_writer w;

	(void)p;
	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "entries");
	json_array_begin(&w);
	for (size_t i = 0; i < h->n; i++)
		entry_json(&w, &h->items[i]);
	json_array_end(&w);
	state_unreadable_json(&w, h->unreadable, h->n_unreadable);
	json_object_end(&w);
	json_end(&w);
}
