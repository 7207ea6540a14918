/* state_load.c: department state files (docs/state-format.md) to struct
 * state, checked against the plan.
 *
 * Like the plan loader it is strict and reports every error it can find,
 * each as "FILE:LINE:COL: message": a state file is never written over
 * while it does not validate, so the messages must say all that needs
 * fixing at once. A syntax error or a limit stops the reading (yamlread
 * cannot go on after one); everything else is reported and skipped.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/err.h"
#include "plantrack/instant.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"
#include "state_int.h"

#define FORMAT_VERSION 1
/* uid_t is 32 bits and (uid_t)-1 means "no uid". */
#define MAX_UID 4294967294L

struct parser {
	struct yr_reader *r;
	const struct plan *plan;
	const struct plan_index *ix;
	struct state *st;
	const char *dept;	/* the department's code, in st's arena */
	int nomem;
};

enum key {
	K_TYPE, K_AT, K_USER, K_UID,
	K_TASK, K_ROLE, K_STATUS, K_PROGRESS, K_RESULT, K_DIFFICULTY,
	K_PROPOSAL,
	K_INDICATOR, K_PERIOD, K_VALUE, K_NOTE,
	K_CONSOLIDATED,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
	[K_TYPE] = "type", [K_AT] = "at", [K_USER] = "user", [K_UID] = "uid",
	[K_TASK] = "task", [K_ROLE] = "role", [K_STATUS] = "status",
	[K_PROGRESS] = "progress", [K_RESULT] = "result",
	[K_DIFFICULTY] = "difficulty", [K_PROPOSAL] = "proposal",
	[K_INDICATOR] = "indicator", [K_PERIOD] = "period",
	[K_VALUE] = "value", [K_NOTE] = "note",
	[K_CONSOLIDATED] = "consolidated",
};

#define BIT(k)		(1u << (k))
#define COMMON_KEYS	(BIT(K_TYPE) | BIT(K_AT) | BIT(K_USER) | BIT(K_UID))
#define TASK_FIELDS	(BIT(K_STATUS) | BIT(K_PROGRESS) | BIT(K_RESULT) | \
			 BIT(K_DIFFICULTY) | BIT(K_PROPOSAL))

static const struct {
	const char *name;	/* with its article, for messages */
	unsigned allowed;	/* keys besides COMMON_KEYS */
	unsigned required;
} types[] = {
	[ENTRY_TASK] = { "a task", BIT(K_TASK) | BIT(K_ROLE) | TASK_FIELDS,
			 BIT(K_TASK) | BIT(K_ROLE) },
	[ENTRY_INDICATOR] = { "an indicator", BIT(K_INDICATOR) | BIT(K_PERIOD) |
			      BIT(K_VALUE) | BIT(K_NOTE),
			      BIT(K_INDICATOR) | BIT(K_PERIOD) | BIT(K_VALUE) },
	[ENTRY_SUBMIT] = { "a submit", BIT(K_PERIOD) | BIT(K_CONSOLIDATED),
			   BIT(K_PERIOD) },
};

#define N_TYPES (sizeof(types) / sizeof(types[0]))

struct pos {
	unsigned long line, col;
};

/* One entry while its keys arrive, in any order. */
struct entry_in {
	struct state_entry e;
	unsigned seen;		/* keys present */
	unsigned ok;		/* keys whose value was valid */
	struct pos key[K_COUNT], val[K_COUNT];
	const struct plan_task *task;
	const struct plan_period *period;
};

static char *copy_value(struct parser *p, const struct yr_event *ev)
{
	char *s = arena_strndup(&p->st->arena, ev->value, ev->len);

	if (!s)
		p->nomem = 1;
	return s;
}

/* YAML 1.1 has a dozen spellings of a boolean; a file plantrack writes
 * has two. */
static int get_bool(struct yr_reader *r, const struct yr_event *ev, bool *out)
{
	char ex[YR_EXCERPT_SIZE];
	int ret = -1;

	if (ev->type == YR_SCALAR && ev->style == YR_PLAIN) {
		if (!strcmp(ev->value, "true")) {
			*out = true;
			ret = 0;
			goto out;
		}
		if (!strcmp(ev->value, "false")) {
			*out = false;
			ret = 0;
			goto out;
		}
	}
	if (ev->type == YR_SCALAR && !yr_is_null(ev))
		yr_error(r, ev, "expected true or false, got '%s'",
			 yr_excerpt(ex, sizeof(ex), ev->value, ev->len));
	else
		yr_error(r, ev, "expected true or false, got %s",
			 yr_describe(ev));
out:
	return ret;
}

/* A string value that must be one of names[0..n); returns its position
 * or -1 after reporting. */
static int get_choice(struct yr_reader *r, const struct yr_event *ev,
		      const char *what, const char *const *names, size_t n,
		      const char *expected)
{
	char ex[YR_EXCERPT_SIZE];
	size_t i;
	int ret = -1;

	if (yr_get_string(r, ev, 0))
		goto out;
	for (i = 0; i < n; i++) {
		if (!strcmp(ev->value, names[i])) {
			ret = (int)i;
			goto out;
		}
	}
	yr_error(r, ev, "unknown %s '%s' (expected %s)", what,
		 yr_excerpt(ex, sizeof(ex), ev->value, ev->len), expected);
out:
	return ret;
}

/* Reads the value of key k of an entry (ev, already pulled); 0 if it was
 * valid, -1 after reporting. */
static int entry_value(struct parser *p, struct entry_in *in, enum key k,
		       const struct yr_event *ev)
{
	static const char *const type_names[] = {
		[ENTRY_TASK] = "task", [ENTRY_INDICATOR] = "indicator",
		[ENTRY_SUBMIT] = "submit",
	};
	static const char *const role_names[] = {
		[ROLE_LEAD] = "lead", [ROLE_COORDINATING] = "coordinating",
	};
	static const char *const status_names[] = {
		[STATUS_NOT_STARTED] = "not_started",
		[STATUS_IN_PROGRESS] = "in_progress",
		[STATUS_DONE] = "done",
	};
	struct yr_reader *r = p->r;
	struct state_entry *e = &in->e;
	char ex[YR_EXCERPT_SIZE];
	long v;
	int c, ret = -1;

	switch (k) {
	case K_TYPE:
		c = get_choice(r, ev, "entry type", type_names, N_TYPES,
			       "task, indicator or submit");
		if (c < 0)
			goto out;
		e->kind = (enum entry_kind)c;
		break;
	case K_AT:
		if (yr_get_string(r, ev, 0))
			goto out;
		if (instant_parse(ev->value, &e->at, &e->utc_offset)) {
			yr_error(r, ev, "invalid time '%s' (expected "
				 "YYYY-MM-DDTHH:MM:SS+HH:MM)",
				 yr_excerpt(ex, sizeof(ex), ev->value,
					    ev->len));
			goto out;
		}
		break;
	case K_USER:
		if (yr_get_string(r, ev, 0))
			goto out;
		e->user = copy_value(p, ev);
		break;
	case K_UID:
		if (yr_get_int(r, ev, 0, MAX_UID, &v))
			goto out;
		e->uid = v;
		break;
	case K_TASK: {
		long t;

		if (yr_get_string(r, ev, 0))
			goto out;
		t = plan_index_task(p->ix, ev->value);
		if (t < 0) {
			yr_error(r, ev, "unknown task '%s' (not in the plan)",
				 yr_excerpt(ex, sizeof(ex), ev->value,
					    ev->len));
			goto out;
		}
		in->task = &p->plan->tasks[t];
		/* A copy: the state must not outlive the plan's strings. */
		e->task = copy_value(p, ev);
		break;
	}
	case K_ROLE:
		c = get_choice(r, ev, "role", role_names, 2,
			       "lead or coordinating");
		if (c < 0)
			goto out;
		e->role = (enum task_role)c;
		break;
	case K_STATUS:
		c = get_choice(r, ev, "status", status_names, 3,
			       "not_started, in_progress or done");
		if (c < 0)
			goto out;
		e->status = (enum task_status)c;
		e->set |= SET_STATUS;
		break;
	case K_PROGRESS:
		if (yr_get_int(r, ev, 0, 100, &v))
			goto out;
		e->progress = (int)v;
		e->set |= SET_PROGRESS;
		break;
	case K_RESULT:
		/* "" clears a result that no longer holds. */
		if (yr_get_string(r, ev, 1))
			goto out;
		e->result = copy_value(p, ev);
		e->set |= SET_RESULT;
		break;
	case K_DIFFICULTY:
		if (yr_get_string(r, ev, 0))
			goto out;
		e->difficulty = copy_value(p, ev);
		e->set |= SET_DIFFICULTY;
		break;
	case K_PROPOSAL:
		if (yr_get_string(r, ev, 0))
			goto out;
		e->proposal = copy_value(p, ev);
		e->set |= SET_PROPOSAL;
		break;
	case K_INDICATOR: {
		long i;

		if (yr_get_int(r, ev, 1, INT_MAX, &v))
			goto out;
		i = plan_index_indicator(p->ix, (int)v);
		if (i < 0) {
			yr_error(r, ev, "unknown indicator %ld (not in the "
				 "plan)", v);
			goto out;
		}
		e->indicator = (int)v;
		break;
	}
	case K_PERIOD: {
		long i;

		if (yr_get_string(r, ev, 0))
			goto out;
		i = plan_index_period(p->ix, ev->value);
		if (i < 0) {
			yr_error(r, ev, "unknown period '%s' (not in the "
				 "plan)", yr_excerpt(ex, sizeof(ex),
						     ev->value, ev->len));
			goto out;
		}
		in->period = &p->plan->periods[i];
		e->period = copy_value(p, ev);
		break;
	}
	case K_VALUE:
		if (yr_get_number(r, ev, &e->value))
			goto out;
		break;
	case K_NOTE:
		if (yr_get_string(r, ev, 0))
			goto out;
		e->note = copy_value(p, ev);
		break;
	case K_CONSOLIDATED:
		if (get_bool(r, ev, &e->consolidated))
			goto out;
		break;
	case K_COUNT:
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* The checks that need the whole entry. */
static void entry_check(struct parser *p, const struct entry_in *in,
			const struct pos *start)
{
	const struct state_entry *e = &in->e;
	const struct pos *at;
	const char *tname;
	unsigned k, allowed;

	for (k = 0; k < K_COUNT; k++)
		if (BIT(k) & COMMON_KEYS & ~in->seen)
			yr_error_at(p->r, start->line, start->col,
				    "missing required key '%s' in an entry",
				    key_names[k]);
	/* Without a valid type nothing else can be said about the keys. */
	if (!(in->ok & BIT(K_TYPE)))
		goto out;
	tname = types[e->kind].name;
	allowed = COMMON_KEYS | types[e->kind].allowed;
	for (k = 0; k < K_COUNT; k++) {
		if (BIT(k) & in->seen & ~allowed)
			yr_error_at(p->r, in->key[k].line, in->key[k].col,
				    "key '%s' does not belong in %s entry",
				    key_names[k], tname);
		else if (BIT(k) & types[e->kind].required & ~in->seen)
			yr_error_at(p->r, start->line, start->col,
				    "missing required key '%s' in %s entry",
				    key_names[k], tname);
	}
	switch (e->kind) {
	case ENTRY_TASK:
		if (!(in->seen & TASK_FIELDS))
			yr_error_at(p->r, start->line, start->col,
				    "a task entry must set at least one of "
				    "status, progress, result, difficulty, "
				    "proposal");
		at = &in->val[K_PROGRESS];
		if ((in->ok & BIT(K_STATUS)) && (in->ok & BIT(K_PROGRESS)) &&
		    e->status == STATUS_DONE && e->progress != 100)
			yr_error_at(p->r, at->line, at->col, "progress %d with "
				    "status done (done means 100)",
				    e->progress);
		if (!(in->ok & BIT(K_ROLE)) || !(in->ok & BIT(K_TASK)))
			break;
		at = &in->val[K_ROLE];
		if (e->role == ROLE_LEAD &&
		    !plan_task_led_by(in->task, p->dept)) {
			struct strbuf leads = STRBUF_INIT;
			size_t i;

			for (i = 0; i < in->task->lead.n; i++)
				strbuf_addf(&leads, "%s%s", i ? ", " : "",
					    in->task->lead.codes[i]);
			yr_error_at(p->r, at->line, at->col, "department %s "
				    "does not lead task %s (led by %s)",
				    p->dept, in->task->id, leads.buf);
			strbuf_release(&leads);
			break;
		}
		if (e->role != ROLE_COORDINATING)
			break;
		if (!plan_task_coordinated_by(p->plan, in->task, p->dept))
			yr_error_at(p->r, at->line, at->col, "department %s "
				    "does not coordinate task %s", p->dept,
				    in->task->id);
		at = &in->key[K_STATUS];
		if (in->seen & BIT(K_STATUS))
			yr_error_at(p->r, at->line, at->col, "a coordinating "
				    "entry cannot set status (only a lead "
				    "can)");
		at = &in->key[K_PROGRESS];
		if (in->seen & BIT(K_PROGRESS))
			yr_error_at(p->r, at->line, at->col, "a coordinating "
				    "entry cannot set progress (only a lead "
				    "can)");
		break;
	case ENTRY_SUBMIT:
		at = &in->val[K_CONSOLIDATED];
		if ((in->ok & BIT(K_PERIOD)) && e->consolidated &&
		    strcmp(in->period->consolidator, p->dept) != 0)
			yr_error_at(p->r, at->line, at->col, "only %s, the "
				    "consolidating department of period %s, "
				    "sends the consolidated report",
				    in->period->consolidator, in->period->id);
		break;
	case ENTRY_INDICATOR:
		break;
	}
out:
	return;
}

static int key_lookup(const struct yr_event *ev)
{
	int k;

	for (k = 0; k < K_COUNT; k++)
		if (!strcmp(ev->value, key_names[k]))
			break;
	return k < K_COUNT ? k : -1;
}

/* Reads a key event of a mapping. Returns 1 for a scalar key, 0 at the
 * end of the mapping, 2 after reporting a collection as a key and
 * skipping it and its value, -1 when reading stopped. */
static int next_key(struct parser *p, struct yr_event *ev)
{
	struct yr_event val;
	int ret = -1;

	if (yr_next(p->r, ev))
		goto out;
	if (ev->type == YR_MAP_END) {
		ret = 0;
		goto out;
	}
	if (ev->type != YR_SCALAR) {
		yr_error(p->r, ev, "a key must be a string, not %s",
			 yr_describe(ev));
		if (yr_skip(p->r, ev) || yr_next(p->r, &val) ||
		    yr_skip(p->r, &val))
			goto out;
		ret = 2;	/* skipped: the caller goes on */
		goto out;
	}
	ret = 1;
out:
	return ret;
}

/* Parses one entry mapping whose start event is start. */
static int parse_entry(struct parser *p, const struct yr_event *start)
{
	struct entry_in in;
	struct yr_event ev;
	struct pos at = { start->line, start->col };
	char ex[YR_EXCERPT_SIZE];
	int k, got, accept, ret = -1;
	unsigned before = yr_error_count(p->r);

	memset(&in, 0, sizeof(in));
	in.e.dept = p->dept;
	in.e.line = start->line;
	in.e.col = start->col;
	for (;;) {
		got = next_key(p, &ev);
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		if (got == 2)
			continue;
		k = key_lookup(&ev);
		accept = 0;
		if (k < 0) {
			yr_error(p->r, &ev, "unknown key '%s' in an entry; "
				 "expected one of: type, at, user, uid, task, "
				 "role, status, progress, result, difficulty, "
				 "proposal, indicator, period, value, note, "
				 "consolidated",
				 yr_excerpt(ex, sizeof(ex), ev.value,
					    ev.len));
		} else if (in.seen & BIT(k)) {
			yr_error(p->r, &ev, "duplicate key '%s' (first at "
				 "%lu:%lu)", key_names[k], in.key[k].line,
				 in.key[k].col);
		} else {
			accept = 1;
			in.seen |= BIT(k);
			in.key[k].line = ev.line;
			in.key[k].col = ev.col;
		}
		if (yr_next(p->r, &ev))
			goto out;
		if (accept) {
			in.val[k].line = ev.line;
			in.val[k].col = ev.col;
			if (!entry_value(p, &in, (enum key)k, &ev))
				in.ok |= BIT(k);
		}
		/* A collection where a scalar belongs: skip all of it. */
		if (yr_skip(p->r, &ev))
			goto out;
		if (p->nomem)
			goto out;
	}
	entry_check(p, &in, &at);
	if (yr_error_count(p->r) == before && state_push(p->st, &in.e)) {
		p->nomem = 1;
		goto out;
	}
	ret = 0;
out:
	return ret;
}

static int parse_entries(struct parser *p, const struct yr_event *start)
{
	struct yr_event ev;
	int ret = -1;

	/* "entries:" with nothing after it: no entries yet. */
	if (yr_is_null(start)) {
		ret = 0;
		goto out;
	}
	if (start->type != YR_SEQ_START) {
		yr_error(p->r, start, "expected a sequence of entries, got %s",
			 yr_describe(start));
		ret = yr_skip(p->r, start);
		goto out;
	}
	for (;;) {
		if (yr_next(p->r, &ev))
			goto out;
		if (ev.type == YR_SEQ_END)
			break;
		if (ev.type != YR_MAP_START) {
			yr_error(p->r, &ev, "expected an entry (a mapping), "
				 "got %s", yr_describe(&ev));
			if (yr_skip(p->r, &ev))
				goto out;
			continue;
		}
		if (parse_entry(p, &ev))
			goto out;
	}
	ret = 0;
out:
	return ret;
}

enum top_key { T_FORMAT, T_DEPARTMENT, T_ENTRIES, T_COUNT };

static const char *const top_names[T_COUNT] = {
	"format", "department", "entries"
};

static int parse_top_value(struct parser *p, int k, const struct yr_event *ev)
{
	char ex[YR_EXCERPT_SIZE];
	long v;
	int ret = 0;

	switch (k) {
	case T_FORMAT:
		if (yr_get_int(p->r, ev, LONG_MIN, LONG_MAX, &v))
			break;
		if (v != FORMAT_VERSION)
			yr_error(p->r, ev, "unsupported format %ld (this "
				 "plantrack reads format %d)", v,
				 FORMAT_VERSION);
		break;
	case T_DEPARTMENT:
		if (yr_get_string(p->r, ev, 0))
			break;
		if (strcmp(ev->value, p->dept) != 0)
			yr_error(p->r, ev, "department '%s' does not match "
				 "this file's department %s",
				 yr_excerpt(ex, sizeof(ex), ev->value,
					    ev->len), p->dept);
		break;
	case T_ENTRIES:
		ret = parse_entries(p, ev);
		break;
	}
	return ret;
}

static int parse_doc(struct parser *p)
{
	struct yr_event ev;
	struct pos start, first[T_COUNT];
	char ex[YR_EXCERPT_SIZE];
	unsigned seen = 0;
	int k, got, ret = -1;

	if (yr_next(p->r, &ev))
		goto out;
	if (ev.type == YR_DOC_END) {
		ret = 0;	/* empty, or only comments */
		goto out;
	}
	if (ev.type != YR_MAP_START) {
		yr_error(p->r, &ev, "expected a mapping at the top level, "
			 "got %s", yr_describe(&ev));
		goto out;
	}
	start.line = ev.line;
	start.col = ev.col;
	for (;;) {
		got = next_key(p, &ev);
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		if (got == 2)
			continue;
		for (k = 0; k < T_COUNT; k++)
			if (!strcmp(ev.value, top_names[k]))
				break;
		if (k == T_COUNT) {
			yr_error(p->r, &ev, "unknown key '%s' at the top level; "
				 "expected one of: format, department, entries",
				 yr_excerpt(ex, sizeof(ex), ev.value, ev.len));
			k = -1;
		} else if (seen & BIT(k)) {
			yr_error(p->r, &ev, "duplicate key '%s' (first at "
				 "%lu:%lu)", top_names[k], first[k].line,
				 first[k].col);
			k = -1;
		} else {
			seen |= BIT(k);
			first[k].line = ev.line;
			first[k].col = ev.col;
		}
		if (yr_next(p->r, &ev))
			goto out;
		if (k >= 0) {
			if (parse_top_value(p, k, &ev))
				goto out;
			if (k == T_ENTRIES)
				continue;	/* consumed whole */
		}
		if (yr_skip(p->r, &ev) || p->nomem)
			goto out;
	}
	for (k = 0; k < T_ENTRIES; k++)
		if (!(seen & BIT(k)))
			yr_error_at(p->r, start.line, start.col,
				    "missing required key '%s' at the top level",
				    top_names[k]);
	/* The end of the document: yamlread checks nothing follows. */
	if (yr_next(p->r, &ev))
		goto out;
	ret = 0;
out:
	return ret;
}

/* Parses buf into st (appending), reporting on errf. Returns 0,
 * EX_DATAERR or EX_OSERR. */
static int parse_into(struct state *st, const struct plan_index *ix,
		      const char *name, const char *buf, size_t len,
		      const char *dept_code, FILE *errf)
{
	struct parser p;
	int status = EX_OSERR;

	memset(&p, 0, sizeof(p));
	p.plan = ix->plan;
	p.ix = ix;
	p.st = st;
	p.dept = arena_strdup(&st->arena, dept_code);
	if (!p.dept)
		goto nomem;
	p.r = yr_open_mem(name, buf, len, errf);
	if (!p.r)
		goto nomem;
	if (parse_doc(&p) || yr_error_count(p.r)) {
		if (p.nomem)
			goto nomem;
		status = EX_DATAERR;
		goto out;
	}
	status = 0;
	goto out;
nomem:
	diag_at(errf, name, 0, 0, "out of memory");
out:
	yr_close(p.r);
	return status;
}

int state_parse(const char *name, const char *buf, size_t len,
		const struct plan *plan, const char *dept_code, FILE *errf,
		struct state **out)
{
	struct plan_index ix;
	struct state *st = NULL;
	int status = EX_OSERR, have_ix = 0;

	*out = NULL;
	st = state_new();
	if (!st || plan_index_init(&ix, plan)) {
		diag_at(errf, name, 0, 0, "out of memory");
		goto out;
	}
	have_ix = 1;
	status = parse_into(st, &ix, name, buf, len, dept_code, errf);
	if (status)
		goto out;
	*out = st;
	st = NULL;
out:
	if (have_ix)
		plan_index_release(&ix);
	state_free(st);
	return status;
}

int state_load_all(const char *datadir, const struct plan *plan, FILE *errf,
		   struct state **out)
{
	struct plan_index ix;
	struct strbuf path = STRBUF_INIT;
	struct state *st = NULL;
	char *buf = NULL;
	size_t len, i;
	int status = EX_OSERR, s, have_ix = 0;

	*out = NULL;
	st = state_new();
	if (!st || plan_index_init(&ix, plan)) {
		error("out of memory");
		goto out;
	}
	have_ix = 1;
	status = 0;
	/* Every department is read even after a bad one, so that one run
	 * reports every file that needs fixing. */
	for (i = 0; i < plan->n_depts; i++) {
		strbuf_reset(&path);
		strbuf_addstr(&path, datadir);
		if (path.len && path.buf[path.len - 1] != '/')
			strbuf_addch(&path, '/');
		strbuf_addf(&path, "departments/%s/state.yaml",
			    plan->depts[i].code);
		free(buf);
		buf = NULL;
		s = store_read_file(path.buf, YR_MAX_FILE_SIZE, &buf, &len, 1);
		if (s == EX_NOINPUT && errno == ENOENT)
			continue;	/* nothing recorded yet */
		if (!s)
			s = parse_into(st, &ix, path.buf, buf, len,
				       plan->depts[i].code, errf);
		if (s && !status)
			status = s;
		if (s == EX_OSERR)
			break;
	}
	if (status)
		goto out;
	if (state_sort(st)) {
		status = EX_OSERR;
		error("out of memory");
		goto out;
	}
	*out = st;
	st = NULL;
out:
	free(buf);
	strbuf_release(&path);
	if (have_ix)
		plan_index_release(&ix);
	state_free(st);
	return status;
}
