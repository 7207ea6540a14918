// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync -Wl,--wrap=geteuid -Wl,--wrap=clock_gettime -Wl,--wrap=plan_task_find
/* test_snapshot.c: the derived snapshot (snapshot.h): what it saves is
 * what the YAML gives, and anything doubtful about it (a changed source,
 * a damaged or foreign image, a file not kept as the threat model wants)
 * makes snapshot_open say no, so that the YAML is read instead.
 *
 * The data directory is tests/fuzz/cmdseq.h's (the bundled plan), with a
 * few entries recorded by the real commands.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "../fuzz/cmdseq.h"

#include "plantrack/plan_load.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/split.h"

static void cmdseq_fail(const char *why)
{
	fail_msg("%s", why);
}

/* geteuid, as snapshot.c sees it: the real one unless a test says. */
uid_t __wrap_geteuid(void);
uid_t __real_geteuid(void);
static long fake_euid = -1;

uid_t __wrap_geteuid(void)
{
	return fake_euid >= 0 ? (uid_t)fake_euid : __real_geteuid();
}

/* plan_task_find, counted: a refresh finds the task of each entry a
 * writer added once, and those of the entries the image had already by
 * their hints (test_refresh_finds_added_tasks). */
const struct plan_task *__wrap_plan_task_find(const struct plan *p,
					      const char *id);
const struct plan_task *__real_plan_task_find(const struct plan *p,
					      const char *id);
static size_t task_finds;

const struct plan_task *__wrap_plan_task_find(const struct plan *p,
					      const char *id)
{
	task_finds++;
	return __real_plan_task_find(p, id);
}

#include "clock_ahead.h"

struct fx {
	struct cmdseq s;
	char plan_path[PATH_MAX + 32];
	char image[PATH_MAX + 32];
	char snapdir[PATH_MAX + 32];
};

/* ---- what a model says, as text, to compare ---- */

static void dump_str(struct strbuf *sb, const char *name, const char *s)
{
	strbuf_addf(sb, "%s=%s%s%s\n", name, s ? "[" : "", s ? s : "NULL",
		    s ? "]" : "");
}

static void dump_list(struct strbuf *sb, const char *name,
		      const char *const *v, size_t n)
{
	strbuf_addf(sb, "%s: %zu\n", name, n);
	for (size_t i = 0; i < n; i++)
		dump_str(sb, name, v[i]);
}

static void dump_refs(struct strbuf *sb, const char *name,
		      const struct plan_refs *r)
{
	dump_list(sb, name, r->codes, r->n);
	dump_str(sb, "text", r->text);
}

static void dump_plan(struct strbuf *sb, const struct plan *p)
{
	const struct plan_meta *m = &p->meta;
	size_t i;

	dump_str(sb, "path", p->path);
	dump_str(sb, "issuer", m->issuer);
	dump_str(sb, "commune", m->commune);
	dump_str(sb, "city", m->city);
	dump_str(sb, "number", m->number);
	dump_str(sb, "place_date", m->place_date);
	dump_str(sb, "title", m->title);
	strbuf_addf(sb, "year=%d\n", m->year);
	dump_list(sb, "legal", m->legal_bases, m->n_legal_bases);
	dump_str(sb, "signer", m->signer_name);
	dump_str(sb, "signer_title", m->signer_title);
	dump_str(sb, "authority", m->signer_authority);
	for (i = 0; i < p->n_depts; i++) {
		dump_str(sb, "dept", p->depts[i].code);
		dump_str(sb, "name", p->depts[i].name);
		dump_str(sb, "group", p->depts[i].group);
		dump_list(sb, "alias", p->depts[i].aliases,
			  p->depts[i].n_aliases);
		dump_str(sb, "head", p->depts[i].head.title);
		dump_str(sb, "head_name", p->depts[i].head.name);
	}
	for (i = 0; i < p->n_parties; i++) {
		dump_str(sb, "party", p->parties[i].code);
		dump_str(sb, "name", p->parties[i].name);
		strbuf_addf(sb, "kind=%d\n", (int)p->parties[i].kind);
		dump_list(sb, "alias", p->parties[i].aliases,
			  p->parties[i].n_aliases);
	}
	for (i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *in = &p->indicators[i];

		strbuf_addf(sb, "indicator=%d op=%d target=%.17g\n", in->number,
			    (int)in->op, in->target);
		dump_str(sb, "name", in->name);
		dump_str(sb, "unit", in->unit);
		dump_str(sb, "target", in->target_text);
		dump_refs(sb, "executing", &in->executing);
		dump_str(sb, "monitoring", in->monitoring);
		dump_str(sb, "monitoring_text", in->monitoring_text);
	}
	for (i = 0; i < p->n_groups; i++) {
		dump_str(sb, "group", p->groups[i].id);
		dump_str(sb, "title", p->groups[i].title);
	}
	for (i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];

		dump_str(sb, "task", t->id);
		dump_str(sb, "group", t->group);
		dump_str(sb, "description", t->description);
		dump_refs(sb, "lead", &t->lead);
		dump_refs(sb, "coordinating", &t->coordinating);
		strbuf_addf(sb, "deadline=%d %d\n", (int)t->deadline.kind,
			    (int)t->deadline.date);
		dump_str(sb, "deadline", t->deadline.text);
	}
	for (i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		dump_str(sb, "period", pd->id);
		dump_str(sb, "name", pd->name);
		strbuf_addf(sb, "days=%d %d %d %d\n", (int)pd->start,
			    (int)pd->end, (int)pd->department_due,
			    (int)pd->consolidated_due);
		dump_str(sb, "consolidator", pd->consolidator);
		dump_str(sb, "recipient", pd->recipient);
	}
	for (i = 0; i < p->n_duties; i++) {
		strbuf_addf(sb, "duty=%d\n", p->duties[i].number);
		dump_str(sb, "text", p->duties[i].text);
		dump_refs(sb, "lead", &p->duties[i].lead);
		dump_refs(sb, "coordinating", &p->duties[i].coordinating);
	}
	dump_str(sb, "agency", p->reports.agency);
	dump_str(sb, "place", p->reports.place);
	dump_str(sb, "symbol", p->reports.symbol);
	dump_list(sb, "recipients", p->reports.recipients,
		  p->reports.n_recipients);
	dump_list(sb, "dept_recipients", p->reports.department_recipients,
		  p->reports.n_department_recipients);
}

static void dump_field(struct strbuf *sb, const struct state_entry *e,
		       const struct schema_field *f)
{
	if (!schema_is_set(e, f))
		return;
	switch (f->kind) {
	case SCHEMA_INSTANT:
		strbuf_addf(sb, " %s=%lld%+d", f->key, (long long)e->at,
			    e->utc_offset);
		break;
	case SCHEMA_USER:
	case SCHEMA_TEXT:
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
		strbuf_addf(sb, " %s=[%s]", f->key, schema_get_str(e, f));
		break;
	case SCHEMA_NUMBER:
		strbuf_addf(sb, " %s=%.17g", f->key, schema_get_number(e, f));
		break;
	case SCHEMA_BOOL:
		strbuf_addf(sb, " %s=%d", f->key, schema_get_bool(e, f));
		break;
	default:
		strbuf_addf(sb, " %s=%ld", f->key, schema_get_int(e, f));
		break;
	}
}

static void dump_state(struct strbuf *sb, const struct state *st)
{
	strbuf_addf(sb, "%zu entries, %zu unreadable\n", st->n,
		    st->n_unreadable);
	for (size_t i = 0; i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];
		const struct schema_type *t = schema_type_of(e->kind);

		strbuf_addf(sb, "%s %lu:%lu set=%x", e->dept, e->line, e->col,
			    e->set);
		for (size_t j = 0; j < schema_n_header; j++)
			dump_field(sb, e, &schema_header[j]);
		for (size_t j = 0; t && j < t->n_fields; j++)
			dump_field(sb, e, &t->fields[j]);
		strbuf_addch(sb, '\n');
	}
}

/* ---- the fixture ---- */

static int run(struct fx *fx, const char *const *args)
{
	struct cmdseq *s = &fx->s;

	s->argc = 0;
	for (; *args; args++)
		add_arg(s, *args);
	for (int i = 0; i < s->argc; i++)
		s->argv[i] = s->arg[i].buf;
	s->argv[s->argc] = NULL;
	return run_command(s);
}

#define RUN(fx, ...) run((fx), (const char *const[]){ __VA_ARGS__, NULL })

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	test_locale();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	cmdseq_uid = 0;
	cmdseq_clock = 1778000000;	/* 2026-05-05 */
	fake_euid = -1;
	clock_ahead = 0;
	cmdseq_open(&fx->s);
	snprintf(fx->plan_path, sizeof(fx->plan_path), "%s/plan.yaml",
		 fx->s.dir);
	snprintf(fx->image, sizeof(fx->image), "%s/" SNAPSHOT_FILE, fx->s.dir);
	snprintf(fx->snapdir, sizeof(fx->snapdir), "%s/" SNAPSHOT_DIR,
		 fx->s.dir);
	assert_int_equal(RUN(fx, "update", "II.3", "--status", "in_progress",
			     "--progress", "40", "--result", "Đã rà soát"), 0);
	cmdseq_clock += 3600;
	assert_int_equal(RUN(fx, "update", "I.1", "--dept", "KT", "--result",
			     "Đã gửi góp ý", "--proposal", "Kiến nghị"), 0);
	cmdseq_clock += 3600;
	assert_int_equal(RUN(fx, "indicator", "set", "1", "--period", "h1",
			     "--value", "98,5", "--note", "Số liệu quý"), 0);
	cmdseq_clock += 3600;
	assert_int_equal(RUN(fx, "submit", "--dept", "HCC", "--period", "h1"),
			 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	fake_euid = -1;
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	cmdseq_close(&fx->s);
	free(fx);
	return 0;
}

/* The plan and every department's state from the YAML, with their keys,
 * as cli_load_plan and cli_load_state read them. */
struct loaded {
	struct plan *plan;
	struct state *st;
	struct snapshot_source plan_key;
	struct snapshot_source keys[16];
};

static void load_yaml(struct fx *fx, struct loaded *l)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct plan *copied;
	struct stat sb;
	char *buf = NULL;
	size_t len = 0;

	memset(l, 0, sizeof(*l));
	assert_int_equal(store_read_file_st(fx->plan_path, YR_MAX_FILE_SIZE,
					    &buf, &len, 0, &sb), 0);
	snapshot_source_read(&l->plan_key, &sb, buf, len);
	/* The plan whose strings are its file's bytes, as the program
	 * loads it, is the plan loaded from a copy. */
	assert_int_equal(plan_load_mem(fx->plan_path, buf, len, stderr,
				       &copied), 0);
	assert_int_equal(plan_load_adopt(fx->plan_path, buf, len, stderr,
					 &l->plan), 0);
	dump_plan(&a, copied);
	dump_plan(&b, l->plan);
	assert_string_equal(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	plan_free(copied);
	assert_true(l->plan->n_depts <= 16);
	assert_int_equal(state_load_all_keyed(fx->s.dir, l->plan,
					      STATE_SKIP_UNREADABLE, stderr,
					      &l->st, l->keys), 0);
}

static void loaded_free(struct loaded *l)
{
	state_free(l->st);
	plan_free(l->plan);
	memset(l, 0, sizeof(*l));
}

static int save(struct fx *fx)
{
	struct loaded l;
	int r;

	load_yaml(fx, &l);
	r = snapshot_save(fx->s.dir, l.plan, &l.plan_key, l.st, l.keys);
	loaded_free(&l);
	return r;
}

static int can_open(struct fx *fx)
{
	struct snapshot *snap = NULL;
	int r = snapshot_open(fx->s.dir, fx->plan_path, 0, &snap);

	if (r)
		assert_null(snap);
	snapshot_close(snap);
	return r == 0;
}

/* Subject currents: the same fields and entries; or, for a bare fold
 * (b), none at all. */
static void assert_same_cur(const struct state_current *a,
			    const struct state_current *b, bool bare)
{
	assert_ptr_equal(a->type, b->type);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->progress, b->progress);
	for (size_t i = 0; i < STATE_MAX_FIELDS; i++)
		assert_ptr_equal(bare ? NULL : a->src[i], b->src[i]);
	assert_ptr_equal(bare ? NULL : a->last, b->last);
}

/* A lead's current values: the same, kept for the leads with entries
 * only; or, in a bare fold (b), which keeps none (its status and progress
 * are the lead's own), empty. */
static void assert_same_lead_cur(const struct fold *a,
				 const struct task_lead_state *x,
				 const struct fold *b,
				 const struct task_lead_state *y, bool bare)
{
	const struct state_current *c = fold_lead_cur(b, y);

	assert_int_equal(x->cur != 0, x->reported);
	/* A bare fold has a place for the texts of a lead that reported,
	 * but no current values there. */
	assert_int_equal(y->cur != 0, y->reported);
	if (bare)
		assert_null(b->lead_cur);
	if (!bare) {
		assert_same_cur(fold_lead_cur(a, x), c, false);
		return;
	}
	assert_ptr_equal(c->type, schema_type_of(ENTRY_TASK));
	assert_int_equal(c->status, STATUS_NOT_STARTED);
	assert_int_equal(c->progress, 0);
	for (size_t i = 0; i < STATE_MAX_FIELDS; i++)
		assert_null(c->src[i]);
	assert_null(c->last);
}

static void assert_same_lead_texts(const struct task_lead_texts *x,
				   const struct task_lead_texts *y)
{
	assert_ptr_equal(x->result, y->result);
	assert_ptr_equal(x->difficulty, y->difficulty);
	assert_ptr_equal(x->proposal, y->proposal);
	assert_int_equal(x->last_update, y->last_update);
	assert_ptr_equal(x->last_user, y->last_user);
}

/* b (snapshot_fold's) is a (state_fold's), member for member, strings
 * and entries by their very pointers. */
static void assert_same_fold(const struct fold *a, const struct fold *b,
			     bool bare)
{
	size_t i;

	assert_ptr_equal(a->plan, b->plan);
	assert_int_equal(a->whole, b->whole);
	assert_int_equal(a->latest, b->latest);
	assert_int_equal(b->bare, bare);
	assert_int_equal(a->n_unreadable, b->n_unreadable);
	assert_int_equal(a->n_leads, b->n_leads);
	for (i = 0; i < a->n_leads; i++) {
		const struct task_lead_state *x = &a->leads[i], *y = &b->leads[i];

		assert_ptr_equal(x->task, y->task);
		assert_ptr_equal(x->task_id, y->task_id);
		assert_ptr_equal(x->dept, y->dept);
		assert_int_equal(x->reported, y->reported);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->progress, y->progress);
		assert_same_lead_texts(fold_lead_texts(a, x),
				       fold_lead_texts(b, y));
		assert_same_lead_cur(a, x, b, y, bare);
	}
	assert_int_equal(a->n_notes, b->n_notes);
	for (i = 0; i < a->n_notes; i++) {
		const struct task_note *x = &a->notes[i], *y = &b->notes[i];

		assert_ptr_equal(x->task, y->task);
		assert_ptr_equal(x->dept, y->dept);
		assert_ptr_equal(x->result, y->result);
		assert_ptr_equal(x->difficulty, y->difficulty);
		assert_ptr_equal(x->proposal, y->proposal);
		assert_int_equal(x->at, y->at);
		assert_ptr_equal(x->user, y->user);
		assert_same_cur(&x->cur, &y->cur, bare);
	}
	assert_int_equal(a->n_values, b->n_values);
	for (i = 0; i < a->n_values; i++) {
		const struct indicator_value *x = &a->values[i],
					     *y = &b->values[i];

		assert_ptr_equal(x->indicator, y->indicator);
		assert_ptr_equal(x->period, y->period);
		assert_int_equal(x->present, y->present);
		assert_memory_equal(&x->value, &y->value, sizeof(x->value));
		assert_int_equal(x->at, y->at);
		/* Stored apart from the entries: the same text. */
		if (x->note && y->note)
			assert_string_equal(x->note, y->note);
		else
			assert_ptr_equal(x->note, y->note);
	}
	assert_int_equal(a->n_subs, b->n_subs);
	for (i = 0; i < a->n_subs; i++) {
		const struct submission *x = &a->subs[i], *y = &b->subs[i];

		assert_ptr_equal(x->dept, y->dept);
		assert_ptr_equal(x->period, y->period);
		assert_int_equal(x->consolidated, y->consolidated);
		assert_int_equal(x->present, y->present);
		assert_int_equal(x->first_at, y->first_at);
		assert_int_equal(x->last_at, y->last_at);
	}
	assert_int_equal(a->n_sections, b->n_sections);
	for (i = 0; i < a->n_sections; i++) {
		const struct section_text *x = &a->sections[i],
					  *y = &b->sections[i];

		assert_ptr_equal(x->period, y->period);
		assert_ptr_equal(x->dept, y->dept);
		assert_int_equal(x->commune, y->commune);
		assert_int_equal(x->section, y->section);
		assert_ptr_equal(x->text, y->text);
		assert_int_equal(x->at, y->at);
		assert_ptr_equal(x->user, y->user);
		assert_same_cur(&x->cur, &y->cur, bare);
	}
}

/* The image's fold is state_fold's of its entries at any instant from
 * the latest on, and the bare one the same without entries. */
static void assert_same_fold_as_entries(struct snapshot *snap,
					const struct state *st)
{
	struct fold a, b, c;

	assert_int_equal(state_fold(st, snapshot_plan(snap), (time_t)1 << 40,
				    &a), 0);
	assert_int_equal(snapshot_fold(snap, st, &b), 0);
	assert_int_equal(snapshot_fold(snap, NULL, &c), 0);
	assert_same_fold(&a, &b, false);
	assert_same_fold(&a, &c, true);
	/* A report may take the full one, never the bare one. */
	assert_true(fold_covers(&b, snapshot_plan(snap), (time_t)1 << 40));
	assert_false(fold_covers(&c, snapshot_plan(snap), (time_t)1 << 40));
	fold_release(&a);
	fold_release(&b);
	fold_release(&c);
}

/* For each task, snapshot_state_task gives the entries of st (the whole
 * state of snap) that are not another task's, byte for byte, in order,
 * with their hints. */
static void assert_task_states(struct snapshot *snap, const struct state *st)
{
	const struct plan *p = snapshot_plan(snap);

	for (size_t k = 0; k < p->n_tasks; k++) {
		const struct plan_task *t = &p->tasks[k];
		struct state *part = NULL;
		size_t j = 0;

		assert_int_equal(snapshot_state_task(snap, t, &part), 0);
		for (size_t i = 0; i < st->n; i++) {
			const struct state_entry *e = &st->entries[i];

			if (e->kind == ENTRY_TASK && e->task != t->id)
				continue;
			assert_true(j < part->n);
			assert_memory_equal(&part->entries[j], e, sizeof(*e));
			assert_memory_equal(&part->hints[j], &st->hints[i],
					    sizeof(st->hints[i]));
			j++;
		}
		assert_int_equal(part->n, j);
		assert_int_equal(part->n_hints, j);
		state_free(part);
	}
}

/* The snapshot says what the YAML says, to the last field, opened
 * with want (SNAPSHOT_WANT_*): what it decodes ahead is what the calls
 * would have made. */
static void assert_same_as_yaml_want(struct fx *fx, unsigned want)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct snapshot *snap = NULL;
	struct state *st = NULL;
	struct loaded l;

	load_yaml(fx, &l);
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, want, &snap),
			 0);
	assert_int_equal(snapshot_state(snap, &st), 0);
	dump_plan(&a, l.plan);
	dump_state(&a, l.st);
	dump_plan(&b, snapshot_plan(snap));
	dump_state(&b, st);
	assert_string_equal(a.buf, b.buf);
	/* The index works: lookups find the same things. */
	for (size_t i = 0; i < l.plan->n_tasks; i++)
		assert_ptr_equal(plan_task_find(snapshot_plan(snap),
						l.plan->tasks[i].id),
				 &snapshot_plan(snap)->tasks[i]);
	/* The hints the fold takes (state.h) are each entry's task and
	 * department in the snapshot's plan. */
	assert_int_equal(st->n_hints, st->n);
	for (size_t i = 0; i < st->n; i++) {
		const struct plan *sp = snapshot_plan(snap);
		const struct state_entry *e = &st->entries[i];

		assert_ptr_equal(&sp->depts[st->hints[i].dept],
				 plan_dept_find(sp, e->dept));
		if (e->kind == ENTRY_TASK)
			assert_ptr_equal(&sp->tasks[st->hints[i].task],
					 plan_task_find(sp, e->task));
		else
			assert_int_equal(st->hints[i].task, UINT32_MAX);
	}
	assert_same_fold_as_entries(snap, st);
	assert_task_states(snap, st);
	strbuf_release(&a);
	strbuf_release(&b);
	state_free(st);
	snapshot_close(snap);
	loaded_free(&l);
}

static void assert_same_as_yaml(struct fx *fx)
{
	struct snapshot *snap = NULL;
	struct state *st = NULL;

	assert_same_as_yaml_want(fx, 0);
	assert_same_as_yaml_want(fx, SNAPSHOT_WANT_FOLD);
	assert_same_as_yaml_want(fx, SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD);
	assert_same_as_yaml_want(fx, SNAPSHOT_WANT_STATE);
	/* Decoded ahead and never asked for, or the state taken and the
	 * fold of it not: snapshot_close frees them (ASan, valgrind). */
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path,
				       SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD,
				       &snap), 0);
	snapshot_close(snap);
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path,
				       SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD,
				       &snap), 0);
	assert_int_equal(snapshot_state(snap, &st), 0);
	state_free(st);
	snapshot_close(snap);
}

static char *read_all(const char *path, size_t *len)
{
	char *buf = NULL;

	assert_int_equal(store_read_file(path, 1u << 30, &buf, len, 0), 0);
	return buf;
}

static void write_all_to(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---- the tests ---- */

static bool same_codes(const struct plan_refs *a, const struct plan_refs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->codes[i], b->codes[i]) != 0)
			return false;
	return true;
}

static void test_round_trip(void **state)
{
	struct fx *fx = *state;
	struct snapshot *snap = NULL;
	const struct plan *p;
	size_t shared = 0;

	assert_false(can_open(fx));	/* none yet */
	assert_int_equal(save(fx), 0);
	assert_same_as_yaml(fx);
	/* Tasks led by the same departments share one list of codes (the
	 * plan has several led by KT alone), and only those. */
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	p = snapshot_plan(snap);
	for (size_t i = 0; i < p->n_tasks; i++)
		for (size_t j = i + 1; j < p->n_tasks; j++) {
			const struct plan_task *a = &p->tasks[i];
			const struct plan_task *b = &p->tasks[j];

			if (a->lead.codes == b->lead.codes) {
				assert_true(same_codes(&a->lead, &b->lead));
				shared++;
			}
			if (a->coordinating.n &&
			    a->coordinating.codes == b->coordinating.codes)
				assert_true(same_codes(&a->coordinating,
						       &b->coordinating));
		}
	assert_true(shared > 0);
	snapshot_close(snap);
}

/* Every ordering of every set of the plan's four departments as a task's
 * leads, and the same lists, with a party, as the coordinating ones:
 * 64 lists of each kind, more than the decoder's memo of shared lists
 * has slots, so that lists meet in a slot. */
static void test_many_lists(void **state)
{
	static const char *const code[] = { "KT", "HCC", "VHXH", "DVC" };
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT, list = STRBUF_INIT;
	const char *at;
	char *plan;
	size_t len, head, n = 0;
	int d[4];

	/* Not read_all: GCC takes its result for its local. */
	assert_int_equal(store_read_file(fx->plan_path, 1u << 30, &plan, &len,
					 0), 0);
	at = strstr(plan, "\ntasks:\n");
	assert_non_null(at);
	head = (size_t)(at - plan) + strlen("\ntasks:\n");
	strbuf_add(&sb, plan, head);
	/* d[0..k) distinct indexes, each k-permutation once. */
	for (int k = 1; k <= 4; k++)
		for (int x = 0; x < 256; x++) {
			bool ok = true;

			for (int i = 0; i < k; i++)
				d[i] = (x >> (2 * i)) & 3;
			for (int i = 0; i < k && ok; i++)
				for (int j = 0; j < i; j++)
					ok = ok && d[i] != d[j];
			if (!ok || x >> (2 * k))
				continue;
			strbuf_reset(&list);
			for (int i = 0; i < k; i++)
				strbuf_addf(&list, "%s%s", i ? ", " : "",
					    code[d[i]]);
			strbuf_addf(&sb, "  - id: VI.%zu\n    group: VI\n"
				    "    description: \"Danh sách %zu\"\n"
				    "    lead:\n      codes: [%s]\n"
				    "      text: \"%s\"\n"
				    "    coordinating:\n      codes: [%s%s]\n"
				    "      text: \"Phối hợp %zu\"\n"
				    "    deadline:\n      kind: ongoing\n"
				    "      text: \"Thường xuyên\"\n",
				    100 + n, n, list.buf, list.buf,
				    n % 2 ? "DN, " : "", list.buf, n);
			n++;
		}
	assert_int_equal(n, 64);
	strbuf_add(&sb, plan + head, len - head);
	write_all_to(fx->plan_path, sb.buf, sb.len);
	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	assert_same_as_yaml(fx);
	strbuf_release(&sb);
	strbuf_release(&list);
	free(plan);
}

static void stale(struct fx *fx)
{
	char path[PATH_MAX + 64];
	FILE *f;

	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	/* A department's update (through a context without the snapshot:
	 * no refresh). */
	cmdseq_clock += 60;
	assert_int_equal(RUN(fx, "update", "II.3", "--progress", "60"), 0);
	assert_false(can_open(fx));
	assert_int_equal(save(fx), 0);
	assert_same_as_yaml(fx);
	/* A department's first file. */
	cmdseq_clock += 60;
	assert_int_equal(RUN(fx, "update", "II.1", "--result", "Xong bước 1"),
			 0);
	assert_false(can_open(fx));
	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	/* A department's file removed. */
	snprintf(path, sizeof(path), "%s/departments/KT/state.yaml", fx->s.dir);
	assert_int_equal(unlink(path), 0);
	assert_false(can_open(fx));
	assert_int_equal(save(fx), 0);
	assert_same_as_yaml(fx);
	/* The plan edited: a comment changes no meaning, but the file. */
	f = fopen(fx->plan_path, "a");
	assert_non_null(f);
	fputs("# sửa\n", f);
	assert_int_equal(fclose(f), 0);
	assert_false(can_open(fx));
	assert_int_equal(save(fx), 0);
	assert_same_as_yaml(fx);
}

static void test_a_change_makes_it_stale(void **state)
{
	stale(*state);
}

/* The same when the files are old: their stat alone says. */
static void test_a_change_by_stat(void **state)
{
	clock_ahead = 100;
	stale(*state);
	clock_ahead = 0;
}

static void test_damage_is_refused(void **state)
{
	struct fx *fx = *state;
	size_t len, cuts[] = { 0, 1, 8, 15, 16, 17, 100, 0, 0, 0 }, step, i;
	char *img, *copy;

	assert_int_equal(save(fx), 0);
	img = read_all(fx->image, &len);
	cuts[7] = len / 2;
	cuts[8] = len - 1;
	cuts[9] = len - 2;
	/* Truncated anywhere. */
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		write_all_to(fx->image, img, cuts[i]);
		assert_false(can_open(fx));
	}
	/* Longer. */
	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, img, len);
	copy[len] = 0;
	write_all_to(fx->image, copy, len + 1);
	assert_false(can_open(fx));
	/* One bit anywhere. */
	step = len / 300 ? len / 300 : 1;
	for (i = 0; i < len; i += step) {
		memcpy(copy, img, len);
		copy[i] ^= (char)(1u << (i % 8));
		write_all_to(fx->image, copy, len);
		if (can_open(fx))
			fail_msg("a bit flipped at byte %zu of %zu was not "
				 "noticed", i, len);
	}
	/* Another build or format, checksum and all: the header says. */
	for (i = 20; i < 40; i += 4) {
		uint64_t h;

		memcpy(copy, img, len);
		copy[i] ^= 1;
		h = snapshot_hash(copy + 16, len - 16);
		memcpy(copy + 8, &h, sizeof(h));
		write_all_to(fx->image, copy, len);
		assert_false(can_open(fx));
	}
	/* Whole again. */
	write_all_to(fx->image, img, len);
	assert_true(can_open(fx));
	free(copy);
	free(img);
}

/* An image that still has the time it was sealed with is not summed:
 * nothing has written to it since. A byte of a string changed and the
 * time set back by hand is taken as it stands (the trust is git's in its
 * index's stat data); changed without, it is refused. */
static void test_sealed_not_summed(void **state)
{
	static const char name[] = "Phòng Kinh tế";	/* and its NUL */
	struct fx *fx = *state;
	struct snapshot *snap = NULL;
	const struct plan *p;
	struct stat st;
	struct timespec times[2];
	size_t len, at, n = 0;
	char *img;

	assert_int_equal(save(fx), 0);
	assert_int_equal(stat(fx->image, &st), 0);
	img = read_all(fx->image, &len);
	for (at = 0; at + sizeof(name) <= len; at++)
		if (!memcmp(img + at, name, sizeof(name)))
			break;
	assert_true(at + sizeof(name) <= len);
	img[at + strlen("Phòng ")] = 'k';
	write_all_to(fx->image, img, len);
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, fx->image, times, 0), 0);

	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	p = snapshot_plan(snap);
	assert_non_null(p);
	for (size_t i = 0; i < p->n_depts; i++)
		if (!strcmp(p->depts[i].code, "KT")) {
			assert_string_equal(p->depts[i].name, "Phòng kinh tế");
			n++;
		}
	assert_int_equal(n, 1);
	snapshot_close(snap);

	/* The same bytes, written without the time set back. */
	write_all_to(fx->image, img, len);
	assert_false(can_open(fx));
	free(img);
}

/* Whether an image that gives the state would be used: opened, and its
 * state decoded. */
static bool gives_state(struct fx *fx)
{
	struct snapshot *snap = NULL;
	struct state *st = NULL;
	bool ok = snapshot_open(fx->s.dir, fx->plan_path, SNAPSHOT_WANT_STATE,
				&snap) == 0 &&
		  snapshot_state(snap, &st) == 0;

	state_free(st);
	snapshot_close(snap);
	return ok;
}

/* The entries decoded in two runs, each from its side of the seam the
 * encoder marks (dec_entries), and the fold's records in two halves
 * (fold_half), on two threads or on one: the YAML's state and fold. A
 * seam that counts other entries or is not where an entry
 * starts is refused as any damage is, checksum and all. */
static void test_seam(void **state)
{
	static const int64_t moves[][2] = {
		{ -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 }, { 0, 8 },
	};
	struct fx *fx = *state;
	struct loaded l;
	struct fold f;
	uint64_t w[3], h;
	size_t len, at, i, n;
	char *img, *copy;

	/* Coordinating departments' notes (the fixture has none). */
	cmdseq_clock += 3600;
	assert_int_equal(RUN(fx, "update", "II.3", "--dept", "KT", "--result",
			     "Phối hợp rà soát"), 0);
	cmdseq_clock += 3600;
	assert_int_equal(RUN(fx, "update", "I.1", "--dept", "HCC",
			     "--difficulty", "Thiếu người"), 0);
	load_yaml(fx, &l);
	n = l.st->n;
	assert_int_equal(state_fold(l.st, l.plan, (time_t)1 << 40, &f), 0);
	/* Two halves of each kind of the fold's records, too (fold_half). */
	if (n < 3 || f.n_lead_cur < 2 || f.n_notes < 2)
		fail_msg("%zu entries, %zu reported leads, %zu notes", n,
			 f.n_lead_cur, f.n_notes);
	fold_release(&f);
	loaded_free(&l);
	assert_int_equal(save(fx), 0);
	split_tune(2, 1);
	assert_same_as_yaml(fx);
	split_tune(0, 0);
	assert_same_as_yaml(fx);
	/* The entries' count, then the seam: half of them, and where the
	 * first of the rest starts, from the count. */
	img = read_all(fx->image, &len);
	for (at = 0; at + sizeof(w) <= len; at++) {
		memcpy(w, img + at, sizeof(w));
		if (w[0] == n && w[1] == n / 2 && w[2] > sizeof(w) &&
		    w[2] < len - at)
			break;
	}
	assert_true(at + sizeof(w) <= len);
	copy = malloc(len);
	assert_non_null(copy);
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		memcpy(copy, img, len);
		w[1] = n / 2 + (uint64_t)moves[i][0];
		memcpy(w + 2, img + at + 2 * sizeof(uint64_t), sizeof(w[2]));
		w[2] += (uint64_t)moves[i][1];
		memcpy(copy + at, w, sizeof(w));
		h = snapshot_hash(copy + 16, len - 16);
		memcpy(copy + 8, &h, sizeof(h));
		write_all_to(fx->image, copy, len);
		for (int t = 0; t < 2; t++) {
			split_tune(t ? 2 : 0, t ? 1 : 0);
			if (gives_state(fx))
				fail_msg("a seam moved by (%lld, %lld) was "
					 "taken", (long long)moves[i][0],
					 (long long)moves[i][1]);
		}
		split_tune(0, 0);
	}
	write_all_to(fx->image, img, len);
	assert_true(gives_state(fx));
	free(copy);
	free(img);
}

static void older_image(struct fx *fx)
{
	char *old;
	size_t len;

	assert_int_equal(save(fx), 0);
	old = read_all(fx->image, &len);
	cmdseq_clock += 60;
	assert_int_equal(RUN(fx, "submit", "--dept", "KT", "--period", "h1"),
			 0);
	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	write_all_to(fx->image, old, len);
	assert_false(can_open(fx));
	free(old);
}

static void test_older_image_is_refused(void **state)
{
	older_image(*state);
}

static void test_older_image_by_stat(void **state)
{
	clock_ahead = 100;
	older_image(*state);
	clock_ahead = 0;
}

/* Only the data directory's owner's files, not writable by others, one
 * name, never through a link. */
static void test_trust(void **state)
{
	struct fx *fx = *state;
	char other[PATH_MAX + 64], moved[PATH_MAX + 64];

	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	assert_int_equal(chmod(fx->image, 0664), 0);
	assert_false(can_open(fx));
	assert_int_equal(chmod(fx->image, 0646), 0);
	assert_false(can_open(fx));
	assert_int_equal(chmod(fx->image, 0644), 0);
	assert_true(can_open(fx));
	assert_int_equal(chmod(fx->snapdir, 0775), 0);
	assert_false(can_open(fx));
	assert_int_equal(chmod(fx->snapdir, 0755), 0);
	assert_true(can_open(fx));
	/* A second name. */
	snprintf(other, sizeof(other), "%s/linked", fx->s.top);
	assert_int_equal(link(fx->image, other), 0);
	assert_false(can_open(fx));
	assert_int_equal(unlink(other), 0);
	assert_true(can_open(fx));
	/* A link in its place, to a good image. */
	assert_int_equal(rename(fx->image, other), 0);
	assert_int_equal(symlink(other, fx->image), 0);
	assert_false(can_open(fx));
	assert_int_equal(unlink(fx->image), 0);
	assert_int_equal(rename(other, fx->image), 0);
	assert_true(can_open(fx));
	/* Its directory a link to a good one. */
	snprintf(moved, sizeof(moved), "%s/snapdir", fx->s.top);
	assert_int_equal(rename(fx->snapdir, moved), 0);
	assert_int_equal(symlink(moved, fx->snapdir), 0);
	assert_false(can_open(fx));
	assert_int_equal(unlink(fx->snapdir), 0);
	assert_int_equal(rename(moved, fx->snapdir), 0);
	assert_true(can_open(fx));
	/* Someone else's file (root can make one). */
	if (__real_geteuid() == 0) {
		assert_int_equal(chown(fx->image, 4242, (gid_t)-1), 0);
		assert_false(can_open(fx));
		assert_int_equal(chown(fx->image, 0, (gid_t)-1), 0);
		assert_true(can_open(fx));
		assert_int_equal(chown(fx->snapdir, 4242, (gid_t)-1), 0);
		assert_false(can_open(fx));
		assert_int_equal(chown(fx->snapdir, 0, (gid_t)-1), 0);
		assert_true(can_open(fx));
	}
}

/* Only the data directory's owner saves; another user reads the image
 * into memory (its owner could change it in place under a mapping) and
 * gets the same. */
static void test_other_users(void **state)
{
	struct fx *fx = *state;
	struct stat sb;

	assert_int_equal(stat(fx->s.dir, &sb), 0);
	fake_euid = (long)sb.st_uid + 1;
	assert_int_equal(save(fx), -1);
	assert_int_equal(stat(fx->image, &sb), -1);
	assert_int_equal(errno, ENOENT);
	fake_euid = -1;
	assert_int_equal(save(fx), 0);
	fake_euid = (long)sb.st_uid + 1;
	assert_same_as_yaml(fx);
	fake_euid = -1;
}

/* An entry from the future (the clock set back since) makes its
 * department unreadable from the YAML: the snapshot must not hide it. */
static void test_future_entries(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(save(fx), 0);
	assert_true(can_open(fx));
	cmdseq_clock -= 86400;
	assert_false(can_open(fx));
	cmdseq_clock += 86400;
	assert_true(can_open(fx));
}

/* A racy source is checked by its bytes. */
static void test_racy_sources(void **state)
{
	struct fx *fx = *state;
	char path[PATH_MAX + 64], *buf;
	struct loaded l;
	size_t len, i = 0;

	load_yaml(fx, &l);
	while (!l.keys[i].present)
		i++;
	snprintf(path, sizeof(path), "%s/departments/%s/state.yaml", fx->s.dir,
		 l.plan->depts[i].code);
	buf = read_all(path, &len);
	l.keys[i].racy = true;
	l.keys[i].hash = snapshot_hash(buf, len) ^ 1;
	assert_int_equal(snapshot_save(fx->s.dir, l.plan, &l.plan_key, l.st,
				       l.keys), 0);
	assert_false(can_open(fx));
	l.keys[i].hash ^= 1;
	assert_int_equal(snapshot_save(fx->s.dir, l.plan, &l.plan_key, l.st,
				       l.keys), 0);
	assert_true(can_open(fx));
	free(buf);
	loaded_free(&l);
}

/* The inode of the image: a save makes a new file. */
static ino_t image_ino(struct fx *fx)
{
	struct stat st;

	assert_int_equal(stat(fx->image, &st), 0);
	return st.st_ino;
}

/* snapshot_settle on a snapshot opened now: its result. */
static int open_and_settle(struct fx *fx)
{
	struct snapshot *snap = NULL;
	int r;

	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	r = snapshot_settle(snap);
	snapshot_close(snap);
	return r;
}

/* Racy keys whose files have since settled are saved again stat-only,
 * once, by a reader that may save: not while they are racy, not by a
 * reader that may not save, not over an image another process saved
 * since, and the image says what the YAML says. */
static void test_settle(void **state)
{
	struct fx *fx = *state;
	struct snapshot *snap = NULL;
	ino_t ino;

	assert_int_equal(snapshot_settle(NULL), -1);
	assert_int_equal(save(fx), 0);		/* the files just written */
	ino = image_ino(fx);
	assert_int_equal(open_and_settle(fx), -1);
	assert_true(image_ino(fx) == ino);

	clock_ahead = 60;
	fake_euid = (long)__real_geteuid() + 1;
	assert_int_equal(open_and_settle(fx), -1);
	fake_euid = -1;
	assert_true(image_ino(fx) == ino);

	/* Opened, then another image saved: that one stays. */
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	assert_int_equal(save(fx), 0);
	ino = image_ino(fx);
	assert_int_equal(snapshot_settle(snap), -1);
	snapshot_close(snap);
	assert_true(image_ino(fx) == ino);
	/* That image was made from settled files: nothing to settle. */
	assert_int_equal(open_and_settle(fx), -1);
	assert_true(image_ino(fx) == ino);

	clock_ahead = 0;
	assert_int_equal(save(fx), 0);
	ino = image_ino(fx);
	clock_ahead = 60;
	assert_int_equal(open_and_settle(fx), 0);
	assert_true(image_ino(fx) != ino);
	ino = image_ino(fx);
	assert_int_equal(open_and_settle(fx), -1);
	assert_true(image_ino(fx) == ino);
	assert_same_as_yaml(fx);

	/* Once per snapshot. */
	clock_ahead = 0;
	assert_int_equal(save(fx), 0);
	clock_ahead = 60;
	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	assert_int_equal(snapshot_settle(snap), 0);
	assert_int_equal(snapshot_settle(snap), -1);
	snapshot_close(snap);
}

/* A writer that used the snapshot saves the new one itself. */
static void test_refresh_after_commit(void **state)
{
	struct fx *fx = *state;
	struct cli_ctx ctx;
	struct stat before, after;
	int status;

	assert_int_equal(save(fx), 0);
	assert_int_equal(stat(fx->image, &before), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	ctx.out = fx->s.devnull;
	assert_int_equal(cli_load_plan(&ctx), 0);
	assert_non_null(ctx.snap);
	cmdseq_clock += 60;
	{
		static char a0[] = "update", a1[] = "II.3", a2[] = "--progress",
			    a3[] = "70";
		char *argv[] = { a0, a1, a2, a3, NULL };

		optind = 0;
		quiet(&fx->s);
		status = cmd_update(4, argv, &ctx);
		loud(&fx->s);
	}
	cli_release(&ctx);
	assert_int_equal(status, 0);
	assert_int_equal(stat(fx->image, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_same_as_yaml(fx);
}

/* An update through the snapshot, which the commit refreshes. */
static void update_warm(struct fx *fx, char **argv, int argc)
{
	struct cli_ctx ctx;
	int status;

	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	ctx.out = fx->s.devnull;
	assert_int_equal(cli_load_plan(&ctx), 0);
	assert_non_null(ctx.snap);
	optind = 0;
	quiet(&fx->s);
	status = cmd_update(argc, argv, &ctx);
	loud(&fx->s);
	cli_release(&ctx);
	assert_int_equal(status, 0);
}

/* The refresh puts the writer's entries among the others' as the loader
 * would: at an instant another department recorded at too, after the
 * entries of the departments before it in the plan and before those of
 * the ones after it, both ways round. */
static void test_refresh_merges(void **state)
{
	struct fx *fx = *state;
	static char a0[] = "update", a1[] = "I.1", a2[] = "--dept",
		    a3[] = "KT", a4[] = "--result", a5[] = "Đã sửa",
		    b1[] = "II.3", b2[] = "--progress", b3[] = "70";
	char *kt[] = { a0, a1, a2, a3, a4, a5, NULL };
	char *hcc[] = { a0, b1, b2, b3, NULL };
	struct stat before, after;

	/* The clock still at HCC's submission, setup's last entry. */
	assert_int_equal(save(fx), 0);
	assert_int_equal(stat(fx->image, &before), 0);
	update_warm(fx, kt, 6);
	assert_int_equal(stat(fx->image, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_same_as_yaml(fx);
	/* HCC's at the same instant again: never before its own last. */
	update_warm(fx, hcc, 4);
	assert_int_equal(stat(fx->image, &before), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_same_as_yaml(fx);
}

/* The number of entries of department code, as the YAML has them. */
static size_t entries_of(struct fx *fx, const char *code)
{
	struct loaded l;
	size_t i, n = 0;

	load_yaml(fx, &l);
	for (i = 0; i < l.st->n; i++)
		if (!strcmp(l.st->entries[i].dept, code))
			n++;
	loaded_free(&l);
	return n;
}

/* A refresh looks the task of an entry up by its id only for what the
 * writer added: the entries of its department the image had already
 * keep their hints, and what was added is looked up once for the image,
 * its fold and its hints together. The writer looks up each entry of
 * its file twice, as it reads the file and as it reads back what it
 * wrote (record.c); the refresh used to, twice more (merge_dept's hint
 * and build_image's task) and once more in the fold (168 lookups here
 * for 41 entries, where 84 are left). */
static void test_refresh_finds_added_tasks(void **state)
{
	struct fx *fx = *state;
	static char a0[] = "update", a1[] = "I.1", a2[] = "--dept",
		    a3[] = "KT", a4[] = "--result";
	char text[64], *argv[] = { a0, a1, a2, a3, a4, text, NULL };
	size_t n;
	int i;

	assert_int_equal(save(fx), 0);
	for (i = 0; i < 40; i++) {
		cmdseq_clock += 60;
		snprintf(text, sizeof(text), "Lần %d", i);
		update_warm(fx, argv, 6);
	}
	n = entries_of(fx, "KT");
	assert_true(n >= 40);
	cmdseq_clock += 60;
	snprintf(text, sizeof(text), "Lần %d", i);
	task_finds = 0;
	update_warm(fx, argv, 6);
	/* The file's n entries and the new one twice each, and a few
	 * more: never three for each entry. */
	assert_true(task_finds >= 2 * (n + 1));
	assert_true(task_finds < 2 * (n + 1) + 8);
	assert_same_as_yaml(fx);
}

/* The image's strings as they are now: a copy, its length and grown. */
struct strings_seen {
	char *bytes;
	size_t len;
	uint64_t grown;
};

static void strings_now(struct fx *fx, struct strings_seen *w)
{
	struct snapshot *snap = NULL;
	const char *p;

	assert_int_equal(snapshot_open(fx->s.dir, fx->plan_path, 0, &snap), 0);
	p = snapshot_strings(snap, &w->len, &w->grown);
	w->bytes = malloc(w->len);
	assert_non_null(w->bytes);
	memcpy(w->bytes, p, w->len);
	snapshot_close(snap);
}

/* A refresh keeps the old image's strings as they are and adds only
 * what is new after them: not the strings of the writer's entries that
 * were in the image already (one text of 400 bytes, recorded before),
 * until what refreshes added is an eighth of the strings; then the
 * image is built whole again. */
static void test_refresh_keeps_strings(void **state)
{
	struct fx *fx = *state;
	static char a0[] = "update", a1[] = "I.1", a2[] = "--dept",
		    a3[] = "KT", a4[] = "--result";
	char text[512], *argv[] = { a0, a1, a2, a3, a4, text, NULL };
	struct strings_seen was, now;
	bool rebuilt = false;
	int i;

	assert_int_equal(save(fx), 0);
	strings_now(fx, &was);
	assert_int_equal(was.grown, 0);
	/* A long text, then short ones: the long one is added once. */
	memset(text, 'x', 400);
	text[400] = '\0';
	for (i = 0; i < 400 && !rebuilt; i++) {
		cmdseq_clock += 60;
		update_warm(fx, argv, 6);
		strings_now(fx, &now);
		if (was.grown > was.len / 8) {
			/* Built whole: nothing added since. */
			assert_int_equal(now.grown, 0);
			rebuilt = true;
		} else {
			assert_true(now.len > was.len);
			assert_int_equal(now.grown,
					 was.grown + (now.len - was.len));
			assert_memory_equal(now.bytes, was.bytes, was.len);
			/* The first adds the long text; later ones only
			 * what their own entry says. */
			if (i > 0)
				assert_true(now.len - was.len < 200);
			else
				assert_true(now.len - was.len > 400);
		}
		free(was.bytes);
		was = now;
		snprintf(text, sizeof(text), "Lần %d", i);
		assert_same_as_yaml(fx);
	}
	free(was.bytes);
	assert_true(rebuilt);
}

/* buf[0..*len) with its first from replaced by to (malloc'd; *len its
 * length). */
static char *replaced(const char *buf, size_t *len, const char *from,
		      const char *to)
{
	size_t off = 0, nf = strlen(from), nt = strlen(to);
	char *r;

	while (off + nf <= *len && memcmp(buf + off, from, nf))
		off++;
	assert_true(off + nf <= *len);
	r = malloc(*len + nt);
	assert_non_null(r);
	memcpy(r, buf, off);
	memcpy(r + off, to, nt);
	memcpy(r + off + nt, buf + off + nf, *len - off - nf);
	*len = *len + nt - nf;
	return r;
}

/* A refresh takes the writer's file as it is: where it differs from
 * what the image held of that department (here its first entry's
 * result, then its proposal, as a hand could have made them while
 * the image still held the file before), the file's entries are taken,
 * not the image's. */
static void test_refresh_takes_the_file(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *from, *to;
	} edits[] = {
		{ "Đã gửi góp ý", "Đã gửi góp ý lần hai" },
		{ "Kiến nghị", "Kiến nghị khác" },
	};
	char path[PATH_MAX + 64];
	struct cli_ctx ctx;
	struct state *st = NULL;
	struct stat sb;
	char *buf, *edited;
	size_t len;

	snprintf(path, sizeof(path), "%s/departments/KT/state.yaml",
		 fx->s.dir);
	for (size_t k = 0; k < sizeof(edits) / sizeof(edits[0]); k++) {
		assert_int_equal(save(fx), 0);
		memset(&ctx, 0, sizeof(ctx));
		ctx.datadir = fx->s.dir;
		ctx.out = fx->s.devnull;
		assert_int_equal(cli_load_plan(&ctx), 0);
		assert_non_null(ctx.snap);
		buf = read_all(path, &len);
		edited = replaced(buf, &len, edits[k].from, edits[k].to);
		write_all_to(path, edited, len);
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(state_parse(path, edited, len, ctx.plan, "KT",
					     (time_t)cmdseq_clock, stderr, &st),
				 0);
		assert_int_equal(snapshot_refresh(fx->s.dir, ctx.plan,
						  plan_dept_find(ctx.plan,
								 "KT"),
						  st, edited, len),
				 0);
		state_free(st);
		st = NULL;
		cli_release(&ctx);
		free(buf);
		free(edited);
		assert_same_as_yaml(fx);
	}
}

/* The commands: the snapshot is saved by a read and used by the next;
 * --no-snapshot (no_snapshot) and the environment leave it alone. */
static void test_commands(void **state)
{
	struct fx *fx = *state;
	struct cli_ctx ctx;
	struct state *st = NULL;
	char path[PATH_MAX + 64];

	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	ctx.no_snapshot = 1;
	assert_int_equal(cli_load_state(&ctx, &st), 0);
	state_free(st);
	cli_release(&ctx);
	assert_false(can_open(fx));

	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	assert_int_equal(cli_load_state(&ctx, &st), 0);
	assert_null(ctx.snap);
	state_free(st);
	cli_release(&ctx);
	assert_true(can_open(fx));

	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	assert_int_equal(cli_load_state(&ctx, &st), 0);
	assert_non_null(ctx.snap);
	assert_ptr_equal(snapshot_plan(ctx.snap), ctx.plan);
	state_free(st);
	cli_release(&ctx);

	/* A department that cannot be read: no snapshot of the others. */
	assert_int_equal(unlink(fx->image), 0);
	snprintf(path, sizeof(path), "%s/departments/VHXH/state.yaml",
		 fx->s.dir);
	assert_int_equal(mkdir(path, 0755), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = fx->s.dir;
	quiet(&fx->s);
	assert_int_equal(cli_load_state(&ctx, &st), 0);
	loud(&fx->s);
	assert_int_equal(st->n_unreadable, 1);
	state_free(st);
	cli_release(&ctx);
	assert_false(can_open(fx));
	assert_int_equal(rmdir(path), 0);

	setenv("PLANTRACK_NO_SNAPSHOT", "1", 1);
	assert_true(snapshot_disabled_by_env());
	setenv("PLANTRACK_NO_SNAPSHOT", "0", 1);
	assert_false(snapshot_disabled_by_env());
	setenv("PLANTRACK_NO_SNAPSHOT", "", 1);
	assert_false(snapshot_disabled_by_env());
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	assert_false(snapshot_disabled_by_env());
}

/* A saver that dies leaves a temp file: the next one removes it. */
static void test_dead_savers_temp_files(void **state)
{
	struct fx *fx = *state;
	char tmp[PATH_MAX + 64];
	struct stat sb;
	int fd;

	assert_int_equal(save(fx), 0);
	snprintf(tmp, sizeof(tmp), "%s/.image.AbC123", fx->snapdir);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(save(fx), 0);
	assert_int_equal(stat(tmp, &sb), -1);
	assert_int_equal(errno, ENOENT);
}

/* The hash: the same bytes, the same number; any change, another. */
static void test_hash(void **state)
{
	char buf[300];
	uint64_t h;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7);
	for (size_t n = 0; n < sizeof(buf); n += 13) {
		h = snapshot_hash(buf, n);
		assert_true(h == snapshot_hash(buf, n));
		if (n) {
			buf[n - 1] ^= 0x10;
			assert_true(h != snapshot_hash(buf, n));
			buf[n - 1] ^= 0x10;
		}
		assert_true(h != snapshot_hash(buf, n + 1));
	}
}

/* The hash's values are the format's: an image saved by an older build
 * of the same format must still pass (these were printed by the build
 * before snapshot_hasher, whose one-pass loop it replaced). */
static void test_hash_values(void **state)
{
	static const struct {
		size_t len;
		uint64_t hash;
	} want[] = {
		{ 0, 0xef46db3751d8e999ULL }, { 1, 0xf592c0c7639c4cb6ULL },
		{ 7, 0x1f15a27194250e0eULL }, { 8, 0x57cb2b7521f3e21aULL },
		{ 31, 0x006a4fae4d5d10f5ULL }, { 32, 0xcc6b8aaada790b2dULL },
		{ 33, 0x35ec49850475a832ULL }, { 63, 0xa3fbfce8e288eaebULL },
		{ 64, 0x155ccce4bf32befcULL }, { 65, 0xda5ee441a595cfb8ULL },
		{ 100, 0x007708086b2f6fc1ULL }, { 200, 0x2f074b6dd9094e34ULL },
	};
	unsigned char buf[200];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		assert_true(snapshot_hash(buf, want[k].len) == want[k].hash);
}

/* Bytes hashed in pieces, cut anywhere (empty pieces too), give the
 * hash of the whole. */
static void test_hash_in_pieces(void **state)
{
	unsigned char buf[700];
	uint64_t r = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 3));
	for (int round = 0; round < 2000; round++) {
		struct snapshot_hasher h;
		size_t len, at = 0;

		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		len = (size_t)(r % sizeof(buf));
		snapshot_hasher_init(&h);
		while (at < len) {
			size_t k;

			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			/* Mostly short pieces, now and then a long one. */
			k = (size_t)(r % (r & 0x100 ? 200 : 40));
			if (k > len - at)
				k = len - at;
			snapshot_hasher_add(&h, buf + at, k);
			at += k;
		}
		assert_true(snapshot_hasher_end(&h) == snapshot_hash(buf, len));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_hash_values),
		cmocka_unit_test(test_hash_in_pieces),
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_lists, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_a_change_makes_it_stale,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_change_by_stat, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_older_image_by_stat, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_seam, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_not_summed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_damage_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_older_image_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_users, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_future_entries, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_racy_sources, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_settle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_after_commit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_keeps_strings,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_takes_the_file,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_finds_added_tasks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_merges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_commands, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dead_savers_temp_files,
						setup, teardown),
	};

	/* The sequences of cmdseq.h are test_snapshot_equiv's. */
	(void)cmdseq_step;
	(void)cmdseq_begin;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
