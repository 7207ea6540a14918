/* deadline.c: the deadlines that need attention on a day, and every
 * deadline of the plan as events. Computation only: rendering is in
 * deadline_render.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/date.h"
#include "plantrack/deadline.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/radix.h"
#include "plantrack/schema.h"
#include "plantrack/strbuf.h"
#include "plantrack/textscan.h"

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static size_t dept_rank(const struct plan *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->n_depts; i++)
		if (!strcmp(p->depts[i].code, code))
			break;
	return i;
}

/* A department's rank and name, looked up again only when the code
 * changes: the fold's leads of a plan with one lead a task come a
 * department at a time. */
struct dept_memo {
	const char *code, *name;	/* name: NULL until asked */
	size_t rank;
};

/* Whether texts a message is made of are plain (deadline_field_plain),
 * each looked at once: the translations of the messages and the plan's
 * names come back by the same pointers thousands of times, and a
 * message of plain pieces is plain (the check of a whole message was a
 * fifth of a warm check at 10 000 tasks). */
#define PLAIN_SLOTS 64

struct plain_memo {
	const char *s[PLAIN_SLOTS];
	bool plain[PLAIN_SLOTS];
};

static bool plain_text(struct plain_memo *pm, const char *s)
{
	size_t k = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ULL) >>
			    58);

	if (pm->s[k] != s) {
		pm->plain[k] = deadline_field_plain(s);
		pm->s[k] = s;
	}
	return pm->plain[k];
}

static size_t memo_rank(struct dept_memo *m, const struct plan *p,
			const char *code)
{
	if (code != m->code) {
		m->code = code;
		m->name = NULL;
		m->rank = dept_rank(p, code);
	}
	return m->rank;
}

/* The name of the code memo_rank was last asked about. */
static const char *memo_name(struct dept_memo *m, const struct plan *p)
{
	if (!m->name)
		m->name = plan_ref_name(p, m->code);
	return m->name;
}

/* Whether a deadline on day needs attention today, and how badly. */
static int classify(pt_day day, const struct deadline_query *q,
		    enum finding_severity *sev)
{
	int hit = 0;

	if (day < q->today) {
		*sev = SEVERITY_OVERDUE;
		hit = 1;
	} else if ((int64_t)day - q->today <= q->within) {
		*sev = SEVERITY_WARN;
		hit = 1;
	}
	return hit;
}

static const struct submission *find_sub(const struct fold *f,
					 const char *dept, const char *period,
					 bool consolidated)
{
	return fold_submission(f, dept, period, consolidated);
}

/* "due 20/05/2026 (3 days left)" and its same-day and overdue forms; with
 * report (a period's name), "the report for năm 2026 is due ..." (stale
 * findings, never overdue: their deadline is today or later). */
static void add_due(struct strbuf *sb, const char *report, pt_day day,
		    int days)
{
	unsigned long n = (unsigned long)(days < 0 ? -(long)days : days);
	char date[11];

	date_format_vn(day, date);
	if (report && days > 0)
		/* TRANSLATORS: check: the coming report a stale task is
		 * wanted for ("năm 2026"), its deadline, the days left. */
		strbuf_addf(sb, ngettext("the report for %s is due %s (%d day "
					 "left)", "the report for %s is due %s "
					 "(%d days left)", n), report, date, days);
	else if (report && days == 0)
		strbuf_addf(sb, _("the report for %s is due %s (today is the "
				  "last day)"), report, date);
	else if (days > 0)
		/* TRANSLATORS: check: a finding's deadline and the days
		 * left. */
		strbuf_addf(sb, ngettext("due %s (%d day left)",
					 "due %s (%d days left)", n), date, days);
	else if (days == 0)
		strbuf_addf(sb, _("due %s (today is the last day)"), date);
	else
		strbuf_addf(sb, ngettext("due %s (%d day overdue)",
					 "due %s (%d days overdue)", n), date,
			    -days);
}

/* The translation of "%s; %s" when its only conversions are the two %s:
 * its three literal pieces, so that a message is five copies instead of
 * a printf (n is 0 when the translation is not of that shape, and then
 * printf formats it). */
struct fmt2 {
	const char *lit[3];
	size_t len[3];
	int n;
};

static void fmt2_init(struct fmt2 *f, const char *fmt)
{
	const char *p = fmt, *q;
	int k = 0;

	memset(f, 0, sizeof(*f));
	for (;;) {
		q = strchr(p, '%');
		if (!q) {
			f->lit[k] = p;
			f->len[k] = strlen(p);
			break;
		}
		if (q[1] != 's' || k == 2)
			return;		/* n stays 0: printf */
		f->lit[k] = p;
		f->len[k] = (size_t)(q - p);
		k++;
		p = q + 2;
	}
	if (k == 2)
		f->n = 2;
}

static void fmt2_add(struct strbuf *sb, const struct fmt2 *f, const char *a,
		     size_t alen, const char *b, size_t blen)
{
	if (f->n != 2) {
		/* The one format made into a fmt2 (a literal, so that the
		 * compiler checks the arguments against it). */
		strbuf_addf(sb, _("%s; %s"), a, b);
		return;
	}
	strbuf_add(sb, f->lit[0], f->len[0]);
	strbuf_add(sb, a, alen);
	strbuf_add(sb, f->lit[1], f->len[1]);
	strbuf_add(sb, b, blen);
	strbuf_add(sb, f->lit[2], f->len[2]);
}

/* The message of a finding: what is missing, then its deadline. semi is
 * the translation of "%s; %s". */
static void finish_message(struct strbuf *sb, const struct fmt2 *semi,
			   const struct strbuf *what, const struct strbuf *due)
{
	strbuf_reset(sb);
	fmt2_add(sb, semi, what->buf, what->len, due->buf, due->len);
}

/* Room for n findings at most, where every lead could have one and
 * every department one for each period: doubling to 100 000 findings
 * copied the array over and over. Pages nobody writes cost nothing.
 * Each finding on a cache line of its own: malloc's large blocks start
 * 16 bytes into a page, and every finding then spanned two lines, the
 * second missed when written in sorted order (asked for ahead, only the
 * first had come). */
static int reserve(struct finding_list *l, size_t n)
{
	struct finding *items;

	if (n <= l->alloc)
		return 0;
	if (n > SIZE_MAX / sizeof(*items)) {
		errno = ENOMEM;
		return -1;
	}
	/* A large block starts on a huge page (mem_malloc_huge), and so
	 * on a cache line; a small one is aligned here. */
	items = n * sizeof(*items) >= MEM_HUGE_MIN ?
		mem_malloc_huge(n, sizeof(*items)) :
		aligned_alloc(FINDING_ALIGN, n * sizeof(*items));
	if (!items) {
		errno = ENOMEM;
		return -1;
	}
	if (l->n)
		memcpy(items, l->items, l->n * sizeof(*items));
	free(l->items);
	l->items = items;
	l->alloc = n;
	return 0;
}

static int add_finding(struct finding_list *l, const struct finding *fd,
		       const struct strbuf *msg)
{
	char *m;
	int ret = -1;

	if (l->n == l->alloc &&
	    (l->alloc > SIZE_MAX / 2 ||
	     reserve(l, l->alloc ? l->alloc * 2 : 16)))
		goto out;
	/* A lead's finding keeps no message (finding_message_parts makes
	 * it). */
	m = msg ? arena_strndup(&l->arena, msg->buf, msg->len) : NULL;
	if (msg && !m)
		goto out;
	l->items[l->n] = *fd;
	l->items[l->n].message = m;
	/* A lead's finding keeps its key there instead. */
	if (msg)
		l->items[l->n].message_len = (uint32_t)msg->len;
	l->n++;
	ret = 0;
out:
	if (ret)
		errno = ENOMEM;
	return ret;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = CMP(x->day, y->day);

	if (!c)
		c = CMP(x->kind, y->kind);
	if (!c)
		c = CMP(x->dept_rank, y->dept_rank);
	if (!c)
		c = CMP(x->subject_rank, y->subject_rank);
	return c;
}

/* A finding's place in cmp_finding's order, packed into 64 bits (the
 * radix sort is stable, as qsort's merge sort is): the day counted from
 * the earliest finding's, kind, department, subject, each in as many
 * bits as the findings at hand need. The radix sort makes a pass for
 * each 16 bits the keys use: 100 000 findings of a few days and
 * departments fit in two, where fixed widths took four. */
struct key_shape {
	pt_day first;		/* the earliest day */
	unsigned dept, kind, day;	/* each field's shift; subject's 0 */
	unsigned end;		/* the bits the keys take */
};

static unsigned bits_for(uint64_t max)
{
	unsigned n = 0;

	while (n < 64 && max >> n)
		n++;
	return n;
}

/* The shape of l's keys (l->n > 0): 0, or -1 when they take more than
 * 64 bits. */
static int key_shape_of(const struct finding_list *l, struct key_shape *ks)
{
	pt_day first = l->items[0].day, last = first;
	uint64_t kind = 0, dept = 0, subj = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->items[i];

		first = f->day < first ? f->day : first;
		last = f->day > last ? f->day : last;
		kind |= (unsigned)f->kind;
		dept |= f->dept_rank;
		subj |= f->subject_rank;
	}
	ks->first = first;
	ks->dept = bits_for(subj);
	ks->kind = ks->dept + bits_for(dept);
	ks->day = ks->kind + bits_for(kind);
	ks->end = ks->day + bits_for((uint64_t)((int64_t)last - first));
	return ks->end <= 64 ? 0 : -1;
}

/* v << n, where a field of no bits may be shifted by 64. */
static uint64_t shl(uint64_t v, unsigned n)
{
	return n < 64 ? v << n : 0;
}

/* A finding's key (radix_key_fn; ctx: the findings' struct key_shape). */
static int finding_key(const void *item, void *ctx, uint64_t *key)
{
	const struct finding *f = item;
	const struct key_shape *ks = ctx;

	*key = shl((uint64_t)((int64_t)f->day - ks->first), ks->day) |
	       shl((unsigned)f->kind, ks->kind) |
	       shl(f->dept_rank, ks->dept) | (uint64_t)f->subject_rank;
	return 0;
}

static int want_dept(const struct deadline_query *q, const char *code)
{
	return !q->dept || !strcmp(q->dept, code);
}

/* A deadline's words (add_due) for one (report, day, days): thousands
 * of findings share a few hundred of them. */
#define DUE_SLOTS 256

struct due_slot {
	const char *report;
	pt_day day;
	int days;
	const char *text;	/* in msg's arena; NULL: empty slot */
	size_t len;
	bool plain;		/* deadline_field_plain(text) */
};

/* The buffers a message is built in: the finding, its deadline, both;
 * what stays the same from one finding to the next. */
struct msg {
	struct strbuf what, due, line;
	struct fmt2 semi;	/* "%s; %s", translated */
	struct due_slot due_cache[DUE_SLOTS];
	struct arena arena;	/* the cached deadlines' text */
	struct instant_zone zone;	/* the days of the leads' updates */
	bool due_plain;		/* due holds a plain text */
	bool semi_plain;	/* the translation of "%s; %s" is plain */
	/* deadline_plan_end, found once: it reads every task's deadline,
	 * and each period's and the tasks' checks asked for it. */
	pt_day plan_end;
	struct plain_memo pm;
};

/* m->due = add_due(report, day, days), from the cache when it was
 * made before: add_due depends on nothing else (the language does not
 * change during a run). */
static void set_due(struct msg *m, const char *report, pt_day day, int days)
{
	struct due_slot *d = &m->due_cache[((size_t)day * 7u + (size_t)days +
					     (report != NULL)) %
					    DUE_SLOTS];
	char *text;

	strbuf_reset(&m->due);
	if (d->text && d->report == report && d->day == day &&
	    d->days == days) {
		strbuf_add(&m->due, d->text, d->len);
		m->due_plain = d->plain;
		return;
	}
	add_due(&m->due, report, day, days);
	m->due_plain = deadline_field_plain(m->due.buf);
	/* Out of memory: the slot stays as it was, the message is right. */
	text = arena_strndup(&m->arena, m->due.buf, m->due.len);
	if (text) {
		d->report = report;
		d->day = day;
		d->days = days;
		d->text = text;
		d->len = m->due.len;
		d->plain = m->due_plain;
	}
}

static int submitted(const struct fold *f, const char *dept,
		     const char *period, bool consolidated)
{
	const struct submission *s = find_sub(f, dept, period, consolidated);

	return s && s->present;
}

static pt_day max_day(pt_day a, pt_day b)
{
	return a > b ? a : b;
}

/* The period whose department deadline comes after pd's: the earliest
 * later one, the first in the file among equals; NULL after the last. */
static const struct plan_period *next_period(const struct plan *p,
					     const struct plan_period *pd)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *q = &p->periods[i];

		if (q->department_due > pd->department_due &&
		    (!best || q->department_due < best->department_due))
			best = q;
	}
	return best;
}

/* The period of the plan year's last report: the latest department
 * deadline, the first in the file among equals. */
static const struct plan_period *last_period(const struct plan *p)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++)
		if (!best || p->periods[i].department_due > best->department_due)
			best = &p->periods[i];
	return best;
}

pt_day deadline_plan_end(const struct plan *p)
{
	pt_day end = date_from_ymd(p->meta.year, 12, 31);

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		end = max_day(end, max_day(pd->end, pd->department_due));
		end = max_day(end, pd->consolidated_due);
	}
	for (size_t i = 0; i < p->n_tasks; i++)
		if (p->tasks[i].deadline.kind == DEADLINE_DATE)
			end = max_day(end, p->tasks[i].deadline.date);
	return end;
}

/* deadline_report_last_day, the plan's end given (plan_end: PT_DAY_NONE
 * when it is to be found, which reads every task's deadline). */
static pt_day report_last_day(const struct plan *p,
			      const struct plan_period *pd, bool consolidated,
			      pt_day plan_end)
{
	const struct plan_period *next = next_period(p, pd);
	pt_day own = consolidated ? pd->consolidated_due : pd->department_due;
	pt_day last;

	/* The next report of the same kind takes over: a department late
	 * for h1 reports its progress in the annual report. After the last
	 * period, the plan year is over. */
	if (next)
		last = consolidated ? next->consolidated_due :
				      next->department_due;
	else
		last = plan_end != PT_DAY_NONE ? plan_end :
			deadline_plan_end(p);
	return max_day(last, own);
}

pt_day deadline_report_last_day(const struct plan *p,
				const struct plan_period *pd,
				bool consolidated)
{
	return report_last_day(p, pd, consolidated, PT_DAY_NONE);
}

/* report-due and consolidated-due for one period. */
static int check_period(const struct plan *p, const struct fold *fold,
			const struct deadline_query *q, size_t pi,
			struct finding_list *out, struct msg *m)
{
	const struct plan_period *pd = &p->periods[pi];
	/* The consolidated report records who was late or missing: once it
	 * has gone, nothing a department does changes it. */
	bool sent = submitted(fold, pd->consolidator, pd->id, true);
	bool dept_open = !sent &&
		q->today <= report_last_day(p, pd, false, m->plan_end);
	bool cons_open = !sent &&
		q->today <= report_last_day(p, pd, true, m->plan_end);
	struct finding fd;
	int ret = 0;

	for (size_t d = 0; dept_open && !ret && d < p->n_depts; d++) {
		const char *code = p->depts[d].code;

		memset(&fd, 0, sizeof(fd));
		if (!want_dept(q, code) ||
		    submitted(fold, code, pd->id, false) ||
		    !classify(pd->department_due, q, &fd.severity))
			continue;
		fd.day = pd->department_due;
		fd.days = pd->department_due - q->today;
		fd.kind = FINDING_REPORT_DUE;
		fd.dept = code;
		fd.subject = pd->id;
		fd.dept_rank = d;
		fd.subject_rank = pi;
		strbuf_reset(&m->what);
		/* TRANSLATORS: check: a department ("Phòng Kinh tế") and a
		 * period's name ("6 tháng đầu năm 2026"). */
		strbuf_addf(&m->what, _("%s has not submitted its report for "
					"%s"), p->depts[d].name, pd->name);
		set_due(m, NULL, fd.day, fd.days);
		finish_message(&m->line, &m->semi, &m->what, &m->due);
		ret = add_finding(out, &fd, &m->line);
	}
	memset(&fd, 0, sizeof(fd));
	if (!ret && cons_open && want_dept(q, pd->consolidator) &&
	    classify(pd->consolidated_due, q, &fd.severity)) {
		fd.day = pd->consolidated_due;
		fd.days = pd->consolidated_due - q->today;
		fd.kind = FINDING_CONSOLIDATED_DUE;
		fd.dept = pd->consolidator;
		fd.subject = pd->id;
		fd.dept_rank = dept_rank(p, pd->consolidator);
		fd.subject_rank = pi;
		strbuf_reset(&m->what);
		/* TRANSLATORS: check: the consolidating department, the
		 * period's name, the recipient ("Sở Tài chính"). */
		strbuf_addf(&m->what, _("%s has not sent the consolidated "
					"report for %s to %s"),
			    plan_ref_name(p, pd->consolidator), pd->name,
			    pd->recipient);
		set_due(m, NULL, fd.day, fd.days);
		finish_message(&m->line, &m->semi, &m->what, &m->due);
		ret = add_finding(out, &fd, &m->line);
	}
	return ret;
}

/* The period whose department deadline comes next (today included):
 * the earliest, the first in the file among equals. */
static const struct plan_period *coming_period(const struct plan *p,
					       pt_day today)
{
	const struct plan_period *best = NULL;

	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		if (pd->department_due >= today &&
		    (!best || pd->department_due < best->department_due))
			best = pd;
	}
	return best;
}

/* The interface's words for a lead's state: "In progress 60%". Returns
 * whether they are plain. */
static bool add_lead_state(struct strbuf *sb, struct plain_memo *pm,
			   const struct task_lead_state *ls)
{
	const char *status = N_("Not started"), *words;

	if (!ls->reported) {
		/* TRANSLATORS: a lead department has recorded nothing. */
		words = schema_gettext(N_("No update yet"));
		strbuf_addstr(sb, words);
		return plain_text(pm, words);
	}
	if (ls->status == STATUS_IN_PROGRESS)
		status = N_("In progress");
	else if (ls->status == STATUS_DONE)
		status = N_("Done");
	words = schema_gettext(status);
	strbuf_addf(sb, "%s %d%%", words, ls->progress);
	return plain_text(pm, words);
}

int deadline_lead_overdue(const struct plan_task *t,
			  const struct task_lead_state *ls, pt_day today)
{
	return t->deadline.kind == DEADLINE_DATE && today != PT_DAY_NONE &&
	       t->deadline.date < today &&
	       !(ls && ls->reported && ls->status == STATUS_DONE);
}

/* fmt, noting in *plain whether it is plain: a translation goes through
 * it on its way to printf, which still checks it against its msgid. */
static const char *tpl(struct plain_memo *pm, bool *plain, const char *fmt)
	__attribute__((format_arg(3)));

static const char *tpl(struct plain_memo *pm, bool *plain, const char *fmt)
{
	*plain = *plain && plain_text(pm, fmt);
	return fmt;
}

/* "Phòng Kinh tế has not updated task I.1 since 20/05/2026 (last update
 * 20/05/2026)": since prev's deadline, or since the start of the year.
 * Returns whether its words (the translation) are plain: the rest is
 * dept, the task's id and digits. */
static bool add_stale(struct strbuf *sb, struct plain_memo *pm,
		      const struct plan *p, const struct task_lead_state *ls,
		      const char *dept, const char *id,
		      const struct plan_period *prev, pt_day last_day)
{
	char since[11], last[11];
	bool plain = true;

	if (ls->reported)
		date_format_vn(last_day, last);
	if (prev)
		date_format_vn(prev->department_due, since);
	/* TRANSLATORS: check: a lead department, a task id, the previous
	 * report's deadline, the day of its last update of the task. */
	if (prev && ls->reported)
		strbuf_addf(sb, tpl(pm, &plain, schema_gettext(N_("%s has not "
				"updated task %s since %s (last update %s)"))),
			    dept, id, since, last);
	else if (prev)
		strbuf_addf(sb, tpl(pm, &plain, schema_gettext(N_("%s has not "
				"updated task %s since %s"))), dept, id, since);
	/* TRANSLATORS: check: the same, for the first report of the plan
	 * year (2026). */
	else if (ls->reported)
		strbuf_addf(sb, tpl(pm, &plain, schema_gettext(N_("%s has not "
				"updated task %s since the start of %d (last "
				"update %s)"))), dept, id, p->meta.year, last);
	else
		strbuf_addf(sb, tpl(pm, &plain, schema_gettext(N_("%s has not "
				"updated task %s since the start of %d"))),
			    dept, id, p->meta.year);
	return plain;
}

/* Whether a lead's finding is plain once its words are, but for the
 * task's id: the rest of its message is the department's name, the
 * deadline (set_due) and the "%s; %s" joining them (dates and numbers
 * are digits), and its other field the department's code. */
static bool pieces_plain(struct msg *m, const char *code, const char *name)
{
	return m->due_plain && m->semi_plain && plain_text(&m->pm, code) &&
	       plain_text(&m->pm, name);
}

/* A lead's message is its task's id between two texts that depend on
 * the rest of its key only: 100 000 stale findings share a handful of
 * them, and printf made each again (a third of a warm check at 100 000
 * tasks). LEAD_SLOTS of them are kept, by key. */
#define LEAD_SLOTS 64

struct lead_key {
	const char *dept;	/* the lead's code, by pointer */
	enum finding_kind kind;
	bool reported;
	enum task_status status;
	int progress;
	pt_day last;		/* the day of the last update (stale) */
	pt_day day;
	int days;
};

struct lead_slot {
	struct lead_key key;
	bool used;
	bool split;	/* text holds: the id is in one place */
	bool plain;	/* the message is plain but for the id */
	struct strbuf text;	/* the text before the id, then after it */
	size_t head_len;	/* where in text the id goes */
};

/* Past this many slots made, the words are kept only while they are
 * used more often than made: a check whose leads' keys all differ (each
 * updated on a day of its own) builds each message once, as before. */
#define LEAD_FILLS_FREE 256

/* What the leads' messages are made with, kept with the findings
 * (finding_list.words): a lead's message is made when it is written. */
struct deadline_words {
	struct msg m;
	const struct plan *p;
	const struct plan_period *coming, *prev;	/* check_tasks' */
	struct dept_memo dm;
	struct lead_slot lead_cache[LEAD_SLOTS];
	struct strbuf probe;	/* a message with a stand-in for the id */
	size_t fills, hits;
};

static void words_free(struct deadline_words *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < LEAD_SLOTS; i++)
		strbuf_release(&w->lead_cache[i].text);
	strbuf_release(&w->probe);
	strbuf_release(&w->m.what);
	strbuf_release(&w->m.due);
	strbuf_release(&w->m.line);
	arena_free(&w->m.arena);
	free(w);
}

/* The message of fd, a lead's finding, with id for its task's id into
 * w->m.line; returns whether it is plain but for the id. */
static bool lead_build(struct deadline_words *w, const struct finding *fd,
		       const struct lead_key *k, const char *id)
{
	struct msg *m = &w->m;
	const struct task_lead_state *ls = fd->lead;
	const char *name;
	bool plain;

	memo_rank(&w->dm, w->p, ls->dept);
	name = memo_name(&w->dm, w->p);
	strbuf_reset(&m->what);
	if (fd->kind == FINDING_TASK_DUE) {
		strbuf_reset(&m->due);
		plain = add_lead_state(&m->due, &m->pm, ls);
		strbuf_addf(&m->what, tpl(&m->pm, &plain, schema_gettext(
			/* TRANSLATORS: check: a lead department, a task id,
			 * its state ("In progress 60%", "No update yet"). */
			N_("%s has not completed task %s (%s)"))),
			    name, id, m->due.buf);
		set_due(m, NULL, fd->day, fd->days);
	} else {
		plain = add_stale(&m->what, &m->pm, w->p, ls, name, id,
				  w->prev, k->last);
		set_due(m, w->coming->name, fd->day, fd->days);
	}
	finish_message(&m->line, &m->semi, &m->what, &m->due);
	return plain && pieces_plain(m, ls->dept, name);
}

static bool same_key(const struct lead_key *a, const struct lead_key *b)
{
	return a->dept == b->dept && a->kind == b->kind &&
	       a->reported == b->reported && a->status == b->status &&
	       a->progress == b->progress && a->last == b->last &&
	       a->day == b->day && a->days == b->days;
}

/* Makes a slot for k: the message built with two stand-ins for the id,
 * "\x01" and "\x02\x02", must differ in that one place and nowhere else
 * for the text around it to be the message of every id (a translation
 * could name the id twice, or not at all: then the slot says so, and
 * each message is built whole). */
static void lead_slot_fill(struct deadline_words *w, const struct finding *fd,
			   const struct lead_key *k, struct lead_slot *sl)
{
	struct msg *m = &w->m;
	const char *a, *b;
	size_t alen, at;

	w->fills++;
	sl->plain = lead_build(w, fd, k, "\x01");
	strbuf_reset(&w->probe);
	strbuf_add(&w->probe, m->line.buf, m->line.len);
	(void)lead_build(w, fd, k, "\x02\x02");
	a = w->probe.buf;
	alen = w->probe.len;
	b = m->line.buf;
	sl->key = *k;
	sl->used = true;
	sl->split = false;
	if (m->line.len != alen + 1)
		return;
	for (at = 0; at < alen && a[at] == b[at]; at++)
		;
	if (at == alen || a[at] != '\x01' ||
	    memcmp(b + at, "\x02\x02", 2) != 0 ||
	    memcmp(a + at + 1, b + at + 2, alen - at - 1) != 0)
		return;
	strbuf_reset(&sl->text);
	strbuf_add(&sl->text, a, at);
	strbuf_add(&sl->text, a + at + 1, alen - at - 1);
	sl->head_len = at;
	sl->split = true;
}

/* The slot that holds fd's words (fd a lead's finding) split around its
 * id, or NULL when its message must be built whole; with the id's length
 * and whether it is plain. */
static const struct lead_slot *lead_words(struct deadline_words *w,
					  const struct finding *fd,
					  struct lead_key *k, size_t *id_len,
					  bool *id_plain)
{
	struct lead_slot *sl;
	unsigned facts;
	uint64_t h;

	memset(k, 0, sizeof(*k));
	k->dept = fd->dept;
	k->kind = fd->kind;
	k->day = fd->day;
	k->days = fd->days;
	k->reported = fd->lead_bits & FINDING_LEAD_REPORTED;
	if (fd->kind == FINDING_TASK_DUE) {
		k->status = (enum task_status)(fd->lead_bits >>
					       FINDING_LEAD_STATUS_SHIFT);
		k->progress = fd->lead_progress;
	} else {
		k->last = fd->lead_last;
	}
	h = ((uint64_t)(uintptr_t)k->dept ^ (uint64_t)k->kind << 1 ^
	     (uint64_t)k->reported << 4 ^ (uint64_t)k->status << 6 ^
	     (uint64_t)(unsigned)k->progress << 9 ^
	     (uint64_t)(uint32_t)k->last << 17 ^ (uint64_t)(uint32_t)k->day ^
	     (uint64_t)(uint32_t)k->days << 33) * 0x9E3779B97F4A7C15ULL;
	sl = &w->lead_cache[h >> 58];
	if (sl->used && same_key(&sl->key, k))
		w->hits++;
	else if (w->fills < LEAD_FILLS_FREE || w->hits > w->fills)
		lead_slot_fill(w, fd, k, sl);
	/* The id as the finding has it (ls->task->id is the same text, a
	 * cache miss further), with its length and plainness from the
	 * snapshot's facts when it has them. */
	if (textfacts_get(fd->subject, id_len, &facts)) {
		*id_plain = (facts & (TEXTFACT_TERM | TEXTFACT_NL)) ==
			    TEXTFACT_TERM;
	} else {
		*id_plain = deadline_field_plain(fd->subject);
		*id_len = strlen(fd->subject);
	}
	return sl->used && same_key(&sl->key, k) && sl->split ? sl : NULL;
}

int finding_message_parts(const struct finding_list *l,
			  const struct finding *fd,
			  struct finding_piece part[3], bool *plain)
{
	struct deadline_words *w = l ? l->words : NULL;
	const struct lead_slot *sl;
	struct lead_key k;
	size_t id_len;
	bool id_plain, p;

	if (!fd->lead || !w) {
		part[0].s = fd->message ? fd->message : "";
		part[0].len = fd->message ? fd->message_len : 0;
		if (plain)
			*plain = fd->plain;
		return 1;
	}
	sl = lead_words(w, fd, &k, &id_len, &id_plain);
	if (!sl) {
		p = lead_build(w, fd, &k, fd->subject) && id_plain;
		part[0].s = w->m.line.buf;
		part[0].len = w->m.line.len;
		if (plain)
			*plain = p;
		return 1;
	}
	part[0].s = sl->text.buf;
	part[0].len = sl->head_len;
	part[1].s = fd->subject;
	part[1].len = id_len;
	part[2].s = sl->text.buf + sl->head_len;
	part[2].len = sl->text.len - sl->head_len;
	if (plain)
		*plain = sl->plain && id_plain;
	return 3;
}

const char *finding_message(const struct finding_list *l,
			    const struct finding *fd, size_t *len,
			    bool *plain)
{
	struct finding_piece part[3];
	int n = finding_message_parts(l, fd, part, plain);
	struct strbuf *line;

	if (n == 1) {
		if (len)
			*len = part[0].len;
		return part[0].s;
	}
	line = &l->words->m.line;
	strbuf_reset(line);
	for (int i = 0; i < n; i++)
		strbuf_add(line, part[i].s, part[i].len);
	if (len)
		*len = line->len;
	return line->buf;
}

/* What a lead's words depend on, into fd (see struct finding): a
 * fold's progress is 0 to 100 (state_status_rule, and the snapshot's
 * decoder refuses any other); the day of its last update is the stale
 * finding's to set. */
static void keep_lead_key(struct finding *fd, const struct task_lead_state *ls)
{
	unsigned status = ls->reported ? (unsigned)ls->status :
			  STATUS_NOT_STARTED;

	fd->lead_bits = (uint8_t)((ls->reported ? FINDING_LEAD_REPORTED : 0) |
				  status << FINDING_LEAD_STATUS_SHIFT);
	fd->lead_progress = (uint8_t)(ls->reported ? ls->progress : 0);
}

/* task-due and stale for every lead of every task: their messages are
 * made when they are written (finding_message_parts). */
static int check_tasks(const struct plan *p, const struct fold *fold,
		       const struct deadline_query *q,
		       struct finding_list *out, struct deadline_words *w)
{
	const struct plan_period *coming = coming_period(p, q->today);
	const struct plan_period *prev = plan_period_prev(p, coming);
	const struct plan_period *last = last_period(p);
	struct dept_memo dm = { NULL, NULL, 0 };
	time_t since = 0;
	int ret = 0, stale_window, overdue_open;
	/* Whether each department (by rank; the last: not one) has
	 * submitted the coming report: asked once each, not per lead. */
	bool *sent = NULL;

	/* A task's lateness is on record once the year's last report has
	 * gone; after the plan year, nobody reports on it any more. */
	overdue_open = q->today <= w->m.plan_end &&
		!(last && submitted(fold, last->consolidator, last->id, true));
	/* Nobody is reminded to update for a report that has gone. */
	stale_window = coming &&
		(int64_t)coming->department_due - q->today <= q->within &&
		!submitted(fold, coming->consolidator, coming->id, true);
	/* An entry counts once the previous deadline day is over; for the
	 * first period, any entry of the plan year counts. */
	if (prev)
		since = instant_end_of_day(prev->department_due);
	else if (coming)
		since = instant_end_of_day(date_from_ymd(p->meta.year, 1, 1) - 1);
	if (stale_window) {
		sent = calloc(p->n_depts + 1, sizeof(*sent));
		if (!sent) {
			errno = ENOMEM;
			return -1;
		}
		for (size_t d = 0; d < p->n_depts; d++)
			sent[d] = submitted(fold, p->depts[d].code, coming->id,
					    false);
	}
	w->p = p;
	w->coming = coming;
	w->prev = prev;
	for (size_t i = 0; !ret && i < fold->n_leads; i++) {
		const struct task_lead_state *ls = &fold->leads[i];
		const struct plan_task *t = ls->task;
		bool done = ls->reported && ls->status == STATUS_DONE;
		struct finding fd;

		/* Each task's id lies beside its description in the image,
		 * a cache miss apart: asked for a few leads ahead (a hint,
		 * which changes nothing). */
		if (i + 8 < fold->n_leads)
			__builtin_prefetch(fold->leads[i + 8].task->id);

		if (!want_dept(q, ls->dept) || done)
			continue;
		memset(&fd, 0, sizeof(fd));
		fd.dept = ls->dept;
		fd.subject = t->id;
		fd.lead = ls;
		keep_lead_key(&fd, ls);
		fd.dept_rank = memo_rank(&dm, p, ls->dept);
		fd.subject_rank = (size_t)(t - p->tasks);
		if (t->deadline.kind == DEADLINE_DATE &&
		    classify(t->deadline.date, q, &fd.severity) &&
		    (fd.severity == SEVERITY_WARN || overdue_open)) {
			fd.day = t->deadline.date;
			fd.days = t->deadline.date - q->today;
			fd.kind = FINDING_TASK_DUE;
			ret = add_finding(out, &fd, NULL);
		}
		/* Once the department has submitted the coming report,
		 * reminding it to update first can only be noise. */
		if (ret || !stale_window || sent[fd.dept_rank] ||
		    (ls->reported &&
		     fold_lead_texts(fold, ls)->last_update > since))
			continue;
		fd.severity = SEVERITY_WARN;
		fd.day = coming->department_due;
		fd.days = coming->department_due - q->today;
		fd.kind = FINDING_STALE;
		if (ls->reported)
			fd.lead_last = instant_day_in(&w->m.zone,
				fold_lead_texts(fold, ls)->last_update);
		ret = add_finding(out, &fd, NULL);
	}
	free(sent);
	return ret;
}

int deadline_check(const struct plan *p, const struct fold *fold,
		   const struct deadline_query *q, struct finding_list *out)
{
	const struct strbuf empty = STRBUF_INIT;
	struct key_shape shape;
	struct deadline_words *w = calloc(1, sizeof(*w));
	struct msg *m = w ? &w->m : NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!m) {
		errno = ENOMEM;
		goto out;
	}
	m->what = m->due = m->line = empty;
	w->probe = empty;
	for (size_t i = 0; i < LEAD_SLOTS; i++)
		w->lead_cache[i].text = empty;
	instant_zone_init(&m->zone);
	/* TRANSLATORS: check: a finding ("Phòng Kinh tế has not submitted
	 * ...") and its deadline ("due 20/05/2026 (3 days left)"). */
	fmt2_init(&m->semi, _("%s; %s"));
	m->semi_plain = deadline_field_plain(_("%s; %s"));
	m->plan_end = deadline_plan_end(p);
	ret = reserve(out, fold->n_leads + p->n_periods * (p->n_depts + 1));
	for (size_t i = 0; !ret && i < p->n_periods; i++)
		ret = check_period(p, fold, q, i, out, m);
	if (!ret)
		ret = check_tasks(p, fold, q, out, w);
	/* By their keys (thousands of findings cost qsort more than
	 * finding them): the loops above make them task by task, so that
	 * each day, kind and department's come in order of subject, and
	 * one counting pass by those puts them in line
	 * (radix_group_permutation checks it); else a radix sort of the
	 * whole keys; qsort when a key does not fit. */
	if (!ret && out->n > 1 &&
	    (key_shape_of(out, &shape) ||
	     (radix_group_permutation(out->items, out->n, sizeof(*out->items),
				      finding_key, &shape, shape.dept,
				      shape.end, &out->order) &&
	      radix_permutation(out->items, out->n, sizeof(*out->items),
				finding_key, &shape, &out->order))))
		qsort(out->items, out->n, sizeof(*out->items), cmp_finding);
	out->unreadable = fold->unreadable;
	out->n_unreadable = fold->n_unreadable;
	/* The leads' messages are made from these as they are written. */
	out->words = w;
	if (ret)
		finding_list_release(out);
out:
	return ret;
}

void finding_list_release(struct finding_list *l)
{
	if (l) {
		free(l->items);
		free(l->order);
		arena_free(&l->arena);
		words_free(l->words);
		memset(l, 0, sizeof(*l));
	}
}

int deadline_status(const struct finding_list *l)
{
	int status = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].severity == SEVERITY_OVERDUE)
			status = 2;
		else if (!status)
			status = 1;
	}
	return status;
}

const char *finding_severity_name(enum finding_severity s)
{
	return s == SEVERITY_OVERDUE ? "overdue" : "warn";
}

const char *finding_kind_name(enum finding_kind k)
{
	const char *name = "?";

	switch (k) {
	case FINDING_REPORT_DUE:
		name = "report-due";
		break;
	case FINDING_CONSOLIDATED_DUE:
		name = "consolidated-due";
		break;
	case FINDING_TASK_DUE:
		name = "task-due";
		break;
	case FINDING_STALE:
		name = "stale";
		break;
	}
	return name;
}

/* ---- events ---- */

static int cmp_event(const void *a, const void *b)
{
	const struct deadline_event *x = a, *y = b;
	int c = CMP(x->day, y->day);

	if (!c)
		c = CMP(x->kind, y->kind);
	if (!c)
		c = CMP(x->dept_rank, y->dept_rank);
	if (!c)
		c = CMP(x->subject_rank, y->subject_rank);
	return c;
}

static size_t n_events_max(const struct plan *p)
{
	size_t n;

	/* Bounded by what the plan already holds in memory: no overflow. */
	n = p->n_periods * (p->n_depts + 1);
	for (size_t i = 0; i < p->n_tasks; i++)
		if (p->tasks[i].deadline.kind == DEADLINE_DATE)
			n += p->tasks[i].lead.n;
	return n;
}

int deadline_events(const struct plan *p, const char *dept,
		    struct event_list *out)
{
	struct deadline_event *ev;
	size_t n = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	ev = mem_calloc_huge(n_events_max(p) + 1, sizeof(*ev));
	if (!ev) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		for (size_t d = 0; d < p->n_depts; d++) {
			if (dept && strcmp(dept, p->depts[d].code) != 0)
				continue;
			ev[n].day = pd->department_due;
			ev[n].kind = EVENT_REPORT;
			ev[n].dept = p->depts[d].code;
			ev[n].period = pd;
			ev[n].dept_rank = d;
			ev[n].subject_rank = i;
			n++;
		}
		if (dept && strcmp(dept, pd->consolidator) != 0)
			continue;
		ev[n].day = pd->consolidated_due;
		ev[n].kind = EVENT_CONSOLIDATED;
		ev[n].dept = pd->consolidator;
		ev[n].period = pd;
		ev[n].dept_rank = dept_rank(p, pd->consolidator);
		ev[n].subject_rank = i;
		n++;
	}
	for (size_t i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];

		for (size_t k = 0; t->deadline.kind == DEADLINE_DATE &&
		     k < t->lead.n; k++) {
			if (dept && strcmp(dept, t->lead.codes[k]) != 0)
				continue;
			ev[n].day = t->deadline.date;
			ev[n].kind = EVENT_TASK;
			ev[n].dept = t->lead.codes[k];
			ev[n].task = t;
			ev[n].dept_rank = dept_rank(p, t->lead.codes[k]);
			ev[n].subject_rank = i;
			n++;
		}
	}
	if (n)
		qsort(ev, n, sizeof(*ev), cmp_event);
	out->items = ev;
	out->n = n;
	ret = 0;
out:
	return ret;
}

void event_list_release(struct event_list *l)
{
	if (l) {
		free(l->items);
		l->items = NULL;
		l->n = 0;
	}
}
