/* state_load.c: department state files (docs/state-format.md) to struct
 * state, checked against the schema (schema.h) and the plan.
 *
 * Every key is looked up in the schema's table and its value read by the
 * field's kind; what a field may hold, who may set it and which keys an
 * entry needs all come from the rows, so this file knows no field by
 * name except for the few rules between fields (the status rule, roles
 * in the plan). The history is checked too: entries in the order they
 * were recorded, none from the future, plain user names.
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
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "plantrack/arena.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"
#include "state_int.h"

#define FORMAT_VERSION 1
/* More keys than any entry type has: the rest are reported and skipped. */
#define MAX_KEYS 24

struct pos {
	unsigned long line, col;
};

/* Slots of the key cache: more than the schema has keys, a power of 2. */
#define KEY_SLOTS 128

struct parser {
	struct yr_reader *r;
	/* schema_any_field's answers so far, by a hash of the key: every
	 * entry repeats a dozen keys, and the schema's linear scan of
	 * strcmp was 118 M instructions at 10 000 tasks. */
	const struct schema_field *keys[KEY_SLOTS];
	const struct plan *plan;
	struct state *st;
	const char *dept;	/* the department's code, in st's arena */
	const struct plan_dept *plan_dept;	/* the plan's, or NULL */
	time_t now;		/* for "in the future" */
	time_t prev_at;		/* the entry before, for the order */
	struct pos prev_pos;
	bool have_prev;
	int nomem;
};

/* One key of an entry while they arrive, in any order. */
struct seen {
	const struct schema_field *f;	/* its row (of some type) */
	struct pos key, val;
	bool ok;			/* its value was valid */
};

struct entry_in {
	struct state_entry e;
	struct seen k[MAX_KEYS];
	size_t n;
	/* The task id as read (len bytes), found at the end of the entry
	 * (task_resolve): NULL when none was read. */
	const char *task_id;
	size_t task_len;
	const struct plan_task *task;
	const struct plan_period *period;
	const struct plan_indicator *indicator;
};

/* The key f has already been seen in the entry. Every f comes from
 * schema_any_field, which gives one row for each key name (the first
 * type's, for a key several share), so equal names are equal rows. */
static const struct seen *seen_key(const struct entry_in *in,
				   const struct schema_field *f)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->k[i].f == f)
			return &in->k[i];
	return NULL;
}

/* schema_any_field(ev->value), remembered. A hit is checked with strcmp
 * against the row's own key, so it is the row schema_any_field gave for
 * the same C string; unknown keys are not remembered. */
static const struct schema_field *key_field(struct parser *p,
					    const struct yr_event *ev)
{
	const unsigned char *v = (const unsigned char *)ev->value;
	size_t h = ev->len * 31u + (size_t)v[0] * 7u +
		   (ev->len ? v[ev->len - 1] : 0u);
	const struct schema_field **slot = &p->keys[h & (KEY_SLOTS - 1)];
	const struct schema_field *f = *slot;

	if (f && !strcmp(f->key, ev->value))
		return f;
	f = schema_any_field(ev->value);
	if (f)
		*slot = f;
	return f;
}


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
		yr_error(r, ev, _("expected true or false, got '%s'"),
			 yr_excerpt(ex, sizeof(ex), ev->value, ev->len));
	else
		/* TRANSLATORS: %s is what was found: "a mapping", "a
		 * sequence", "nothing" (yamlread.c). */
		yr_error(r, ev, _("expected true or false, got %s"),
			 yr_describe(ev));
out:
	return ret;
}

/* A scalar that is not null: the start of every string kind. */
static int get_scalar(struct yr_reader *r, const struct yr_event *ev)
{
	if (ev->type == YR_SCALAR && !yr_is_null(ev))
		return 0;
	yr_error(r, ev, _("expected a string, got %s"), yr_describe(ev));
	return -1;
}

int state_text_plain(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t cp;

	if (len > max)
		return 0;
	/* The bidi controls, U+202A..U+202E and U+2066..U+2069, are E2
	 * and two continuation bytes; in valid UTF-8 an E2 is always a
	 * lead byte. */
	while ((p = memchr(p, 0xe2, (size_t)(end - p))) != NULL) {
		if (end - p < 3)
			return 0;
		cp = 0x2000u | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3fu);
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
		p++;
	}
	return 1;
}

/* Free text: the one text rule (schema_text_check), "" only where it
 * clears. */
static int get_text(struct parser *p, const struct schema_field *f,
		    const struct yr_event *ev, const char **out)
{
	struct text_issue issue;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (get_scalar(p->r, ev))
		goto out;
	if (!ev->len && !(f->flags & SCHEMA_CLEAR)) {
		yr_error(p->r, ev, _("expected a non-empty string"));
		goto out;
	}
	/* What the reader already knows (valid, NFC, no control
	 * characters) leaves the length and the bidi controls to check. */
	if (!(ev->text_ok &&
	      state_text_plain(ev->value, ev->len, (size_t)f->max)) &&
	    schema_text_check(ev->value, ev->len, (size_t)f->max, &issue)) {
		schema_text_issue(&sb, &issue);
		yr_error(p->r, ev, "%s: %s", f->key, sb.buf);
		goto out;
	}
	*out = copy_value(p, ev);
	ret = *out ? 0 : -1;
out:
	strbuf_release(&sb);
	return ret;
}

/* Reads the value of field f of an entry (ev, already pulled) into in;
 * 0 if it was valid, -1 after reporting. */
static int entry_value(struct parser *p, struct entry_in *in,
		       const struct schema_field *f, const struct yr_event *ev)
{
	struct yr_reader *r = p->r;
	struct state_entry *e = &in->e;
	char ex[YR_EXCERPT_SIZE];
	const char *s;
	double d;
	long v;
	bool b;
	int c, ret = -1;

	switch (f->kind) {
	case SCHEMA_TYPE:
	case SCHEMA_ENUM:
		if (get_scalar(r, ev))
			goto out;
		c = schema_enum_lookup(f->values, ev->value);
		if (c < 0) {
			/* TRANSLATORS: a key ("status", "role") or "entry
			 * type", the value found, the values allowed ("task,
			 * indicator or submit"). */
			yr_error(r, ev, _("unknown %s '%s' (expected %s)"),
				 f->kind == SCHEMA_TYPE ? _("entry type") :
				 f->key,
				 yr_excerpt(ex, sizeof(ex), ev->value, ev->len),
				 _(f->values->expected));
			goto out;
		}
		schema_set_int(e, f, c);
		break;
	case SCHEMA_INSTANT:
		if (get_scalar(r, ev))
			goto out;
		if (instant_parse(ev->value, &e->at, &e->utc_offset)) {
			yr_error(r, ev, _("invalid time '%s' (expected "
				 "YYYY-MM-DDTHH:MM:SS+HH:MM)"),
				 yr_excerpt(ex, sizeof(ex), ev->value,
					    ev->len));
			goto out;
		}
		break;
	case SCHEMA_USER:
		if (get_scalar(r, ev))
			goto out;
		if (schema_user_check(ev->value, ev->len)) {
			yr_error(r, ev, _("'%s' is not a plain user name (1 to %d "
				 "letters, digits, '.', '_', '-' or '@')"),
				 yr_excerpt(ex, sizeof(ex), ev->value, ev->len),
				 SCHEMA_USER_MAX);
			goto out;
		}
		s = copy_value(p, ev);
		if (!s)
			goto out;
		schema_set_str(e, f, s);
		break;
	case SCHEMA_UID:
	case SCHEMA_INT:
		if (yr_get_int(r, ev, f->min, f->max, &v))
			goto out;
		schema_set_int(e, f, v);
		break;
	case SCHEMA_NUMBER:
		/* Any finite decimal: the row's range is the command line's,
		 * and a file may hold what an older one allowed. */
		if (yr_get_number(r, ev, &d))
			goto out;
		schema_set_number(e, f, d);
		break;
	case SCHEMA_BOOL:
		if (get_bool(r, ev, &b))
			goto out;
		schema_set_bool(e, f, b);
		break;
	case SCHEMA_TEXT:
		if (get_text(p, f, ev, &s))
			goto out;
		schema_set_str(e, f, s);
		break;
	case SCHEMA_TASK:
		if (yr_get_string(r, ev, 0))
			goto out;
		/* A copy: the state must not outlive the plan's strings. */
		s = copy_value(p, ev);
		if (!s)
			goto out;
		schema_set_str(e, f, s);
		/* Looked up once the entry's other fields are read
		 * (task_resolve), its slot asked for now: at 100 000 tasks
		 * the lookup was a cache miss an entry, which they hide. */
		plan_task_prefetch(p->plan, s);
		in->task_id = s;
		in->task_len = ev->len;
		break;
	case SCHEMA_INDICATOR:
		if (yr_get_int(r, ev, 1, INT_MAX, &v))
			goto out;
		in->indicator = plan_indicator_find(p->plan, (int)v);
		if (!in->indicator) {
			yr_error(r, ev, _("unknown indicator %ld (not in the "
				 "plan)"), v);
			goto out;
		}
		schema_set_int(e, f, v);
		break;
	case SCHEMA_PERIOD:
		if (yr_get_string(r, ev, 0))
			goto out;
		in->period = plan_period_find(p->plan, ev->value);
		if (!in->period) {
			yr_error(r, ev, _("unknown period '%s' (not in the "
				 "plan)"), yr_excerpt(ex, sizeof(ex),
						     ev->value, ev->len));
			goto out;
		}
		s = copy_value(p, ev);
		if (!s)
			goto out;
		schema_set_str(e, f, s);
		break;
	}
	ret = 0;
out:
	return ret;
}

/* Who may set a field, in the interface language. */
static const char *who_name(unsigned who)
{
	const char *s = N_("a department");

	if (who & SCHEMA_WHO_LEAD)
		s = N_("a lead department");
	else if (who & SCHEMA_WHO_MONITORING)
		s = N_("the monitoring department");
	else if (who & SCHEMA_WHO_CONSOLIDATING)
		s = N_("the consolidating department");
	return _(s);
}

/* An entry's keys placed once by field: the header's and its type's
 * (NULL: not in the entry), so that the checks look nothing up. */
struct view {
	const struct schema_type *t;
	const struct seen *h[SCHEMA_N_HEADER];		/* schema_header */
	const struct seen *f[SCHEMA_MAX_FIELDS];	/* t->fields */
};

/* The key of t's field named key, as seen in the entry, or NULL. */
static const struct seen *vget(const struct view *v, const char *key)
{
	const struct schema_field *f = schema_field(v->t, key);

	return f ? v->f[schema_index(v->t, f)] : NULL;
}

static bool vok(const struct seen *s)
{
	return s && s->ok;
}

/* The task the entry names (entry_value read its id), or an error at
 * the id, which is then not a valid value of its key. */
static void task_resolve(struct parser *p, struct entry_in *in)
{
	char ex[YR_EXCERPT_SIZE];
	size_t i;

	if (!in->task_id)
		return;
	in->task = plan_task_find(p->plan, in->task_id);
	if (in->task)
		return;
	for (i = 0; i < in->n; i++) {
		if (in->k[i].f->kind != SCHEMA_TASK)
			continue;
		yr_error_at(p->r, in->k[i].val.line, in->k[i].val.col,
			    _("unknown task '%s' (not in the plan)"),
			    yr_excerpt(ex, sizeof(ex), in->task_id,
				       in->task_len));
		in->k[i].ok = false;
	}
}

/* The checks between fields of a task entry: roles in the plan, what a
 * role may set, status against progress. */
static void check_task(struct parser *p, const struct entry_in *in,
		       const struct view *v)
{
	const struct schema_type *t = v->t;
	const struct state_entry *e = &in->e;
	const struct seen *role = vget(v, "role"), *s;
	unsigned cap;
	size_t i;
	int role_of;

	s = vget(v, "progress");
	if (vok(vget(v, "status")) && vok(s) && e->status == STATUS_DONE &&
	    e->progress != 100)
		yr_error_at(p->r, s->val.line, s->val.col, _("progress %d with "
			    "status done (done means 100)"), e->progress);
	if (!vok(role) || !vok(vget(v, "task")) || !in->task)
		return;
	role_of = p->plan_dept ?
		plan_dept_role(p->plan, in->task, p->plan_dept) :
		plan_task_led_by(in->task, p->dept) ? PLAN_LEADS :
		plan_task_coordinated_by(p->plan, in->task, p->dept) ?
		PLAN_COORDINATES : 0;
	if (e->role == ROLE_LEAD && role_of != PLAN_LEADS) {
		struct strbuf leads = STRBUF_INIT;

		for (i = 0; i < in->task->lead.n; i++)
			strbuf_addf(&leads, "%s%s", i ? ", " : "",
				    in->task->lead.codes[i]);
		yr_error_at(p->r, role->val.line, role->val.col, _("department "
			    "%s does not lead task %s (led by %s)"), p->dept,
			    in->task->id, leads.buf);
		strbuf_release(&leads);
		return;
	}
	if (e->role == ROLE_COORDINATING && role_of != PLAN_COORDINATES)
		yr_error_at(p->r, role->val.line, role->val.col, _("department "
			    "%s does not coordinate task %s"), p->dept,
			    in->task->id);
	cap = e->role == ROLE_LEAD ? SCHEMA_WHO_LEAD : SCHEMA_WHO_COORDINATING;
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		s = v->f[i];
		if (s && !(f->who & cap))
			/* TRANSLATORS: a role as the file spells it ("lead",
			 * "coordinating"), a key ("status"), who may set
			 * it ("a lead department"). */
			yr_error_at(p->r, s->key.line, s->key.col, _("an entry "
				    "with role %s cannot set %s (only %s "
				    "can)"),
				    schema_enum_name(role->f->values, e->role),
				    f->key, who_name(f->who));
	}
}

static void check_submit(struct parser *p, const struct entry_in *in,
			 const struct view *v)
{
	const struct state_entry *e = &in->e;
	const struct seen *c = vget(v, "consolidated");
	const struct seen *w = vget(v, "withdraw");

	if (!vok(c) || !e->consolidated)
		return;
	if (in->period && strcmp(in->period->consolidator, p->dept) != 0)
		yr_error_at(p->r, c->val.line, c->val.col, _("only %s, the "
			    "consolidating department of period %s, sends the "
			    "consolidated report"), in->period->consolidator,
			    in->period->id);
	if (vok(w) && e->withdraw)
		yr_error_at(p->r, w->key.line, w->key.col, _("the consolidated "
			    "report cannot be withdrawn (it went upstream)"));
}

/* Only the period's consolidator writes the commune's text. */
static void check_section(struct parser *p, const struct entry_in *in,
			  const struct view *v)
{
	const struct seen *c = vget(v, "commune");

	if (vok(c) && in->e.commune && in->period &&
	    strcmp(in->period->consolidator, p->dept) != 0)
		yr_error_at(p->r, c->val.line, c->val.col, _("only %s, the "
			    "consolidating department of period %s, writes the "
			    "commune's text of a section"),
			    in->period->consolidator, in->period->id);
}

/* The history: in recorded order, nothing from the future. */
static void check_time(struct parser *p, const struct entry_in *in,
		       const struct seen *s)
{
	char a[INSTANT_LEN], b[INSTANT_LEN];

	if (!vok(s))
		return;
	if (p->have_prev && in->e.at < p->prev_at) {
		if (instant_format_offset(in->e.at, in->e.utc_offset, a) ||
		    instant_format(p->prev_at, b))
			a[0] = b[0] = '\0';
		yr_error_at(p->r, s->val.line, s->val.col, _("entry recorded at "
			    "%s is earlier than the entry before it (%s, line "
			    "%lu): entries must be in the order they were "
			    "recorded"), a, b, p->prev_pos.line);
	}
	if (in->e.at > p->now && in->e.at - p->now > STATE_CLOCK_SKEW) {
		if (instant_format_offset(in->e.at, in->e.utc_offset, a) ||
		    instant_format(p->now, b))
			a[0] = b[0] = '\0';
		yr_error_at(p->r, s->val.line, s->val.col, _("entry recorded at "
			    "%s is in the future (the clock says %s)"), a, b);
	}
	if (!p->have_prev || in->e.at >= p->prev_at) {
		p->prev_at = in->e.at;
		p->prev_pos = s->val;
		p->have_prev = true;
	}
}

/* Places the entry's keys in v: header keys always, the others when
 * the type is known (t), reporting those that do not belong. */
static void place_keys(struct parser *p, const struct entry_in *in,
		       const struct schema_type *t, struct view *v)
{
	const struct schema_field *f, *own;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->t = t;
	for (i = 0; i < in->n; i++) {
		f = in->k[i].f;
		if (f >= schema_header && f < schema_header + schema_n_header) {
			v->h[f - schema_header] = &in->k[i];
			continue;
		}
		if (!t)
			continue;
		/* Usually the row the loader read it by; a key several
		 * types share ("period") was read by the first one's. */
		own = f >= t->fields && f < t->fields + t->n_fields ? f :
		      schema_field(t, f->key);
		if (own)
			v->f[schema_index(t, own)] = &in->k[i];
		else
			yr_error_at(p->r, in->k[i].key.line, in->k[i].key.col,
				    _("key '%s' does not belong in %s"),
				    f->key, _(t->what));
	}
}

/* The checks that need the whole entry. */
static void entry_check(struct parser *p, const struct entry_in *in,
			const struct pos *start)
{
	const struct state_entry *e = &in->e;
	const struct schema_type *t = NULL;
	struct strbuf need = STRBUF_INIT;
	struct view v;
	size_t i;
	bool one = false;

	/* Without a valid type nothing else can be said about the keys. */
	place_keys(p, in, NULL, &v);
	if (vok(v.h[0]))
		t = schema_type_of(e->kind);
	if (t)
		place_keys(p, in, t, &v);
	for (i = 0; i < schema_n_header; i++)
		if (!v.h[i])
			yr_error_at(p->r, start->line, start->col,
				    _("missing required key '%s' in an "
				      "entry"),
				    schema_header[i].key);
	check_time(p, in, v.h[1]);
	if (!t)
		goto out;
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if ((f->flags & SCHEMA_REQUIRED) && !v.f[i])
			yr_error_at(p->r, start->line, start->col,
				    _("missing required key '%s' in %s"),
				    f->key, _(t->what));
		if ((f->bit & t->need_one) && v.f[i])
			one = true;
	}
	if (t->need_one && !one) {
		for (i = 0; i < t->n_fields; i++)
			if (t->fields[i].bit & t->need_one)
				strbuf_addf(&need, "%s%s", need.len ? ", " : "",
					    t->fields[i].key);
		/* TRANSLATORS: "a task entry", then keys ("status,
		 * progress, result"). */
		yr_error_at(p->r, start->line, start->col, _("%s must set at "
			    "least one of %s"), _(t->what), need.buf);
	}
	switch (e->kind) {
	case ENTRY_TASK:
		check_task(p, in, &v);
		break;
	case ENTRY_INDICATOR:
		/* Only the monitoring department's values count (the fold's
		 * rule): a plan that moved an indicator to another department
		 * must not make the old one's file unreadable. */
		break;
	case ENTRY_SUBMIT:
		check_submit(p, in, &v);
		break;
	case ENTRY_SECTION:
		check_section(p, in, &v);
		break;
	}
out:
	strbuf_release(&need);
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
		yr_error(p->r, ev, _("a key must be a string, not %s"),
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
	const struct schema_field *f;
	const struct seen *dup;
	struct seen *k = NULL;
	char ex[YR_EXCERPT_SIZE];
	int got, ret = -1;
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
		k = NULL;
		f = key_field(p, &ev);
		dup = f ? seen_key(&in, f) : NULL;
		if (!f) {
			struct strbuf keys = STRBUF_INIT;

			schema_all_keys(&keys);
			yr_error(p->r, &ev, _("unknown key '%s' in an entry; "
				 "expected one of: %s"),
				 yr_excerpt(ex, sizeof(ex), ev.value, ev.len),
				 keys.buf);
			strbuf_release(&keys);
		} else if (dup) {
			/* TRANSLATORS: a key, then the line and column of
			 * its first occurrence. */
			yr_error(p->r, &ev, _("duplicate key '%s' (first at "
				 "%lu:%lu)"), f->key, dup->key.line,
				 dup->key.col);
		} else if (in.n < MAX_KEYS) {
			k = &in.k[in.n++];
			k->f = f;
			k->key.line = ev.line;
			k->key.col = ev.col;
		}
		if (yr_next(p->r, &ev))
			goto out;
		if (k) {
			k->val.line = ev.line;
			k->val.col = ev.col;
			k->ok = !entry_value(p, &in, f, &ev);
		}
		/* A collection where a scalar belongs: skip all of it. */
		if (yr_skip(p->r, &ev))
			goto out;
		if (p->nomem)
			goto out;
	}
	task_resolve(p, &in);
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
		yr_error(p->r, start, _("expected a sequence of entries, got "
				       "%s"), yr_describe(start));
		ret = yr_skip(p->r, start);
		goto out;
	}
	for (;;) {
		if (yr_next(p->r, &ev))
			goto out;
		if (ev.type == YR_SEQ_END)
			break;
		if (ev.type != YR_MAP_START) {
			yr_error(p->r, &ev, _("expected an entry (a mapping), "
				 "got %s"), yr_describe(&ev));
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

#define BIT(k) (1u << (k))

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
			yr_error(p->r, ev, _("unsupported format %ld (this "
				 "plantrack reads format %d)"), v,
				 FORMAT_VERSION);
		break;
	case T_DEPARTMENT:
		if (yr_get_string(p->r, ev, 0))
			break;
		if (strcmp(ev->value, p->dept) != 0)
			yr_error(p->r, ev, _("department '%s' does not match "
				 "this file's department %s"),
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
		yr_error(p->r, &ev, _("expected a mapping at the top level, "
			 "got %s"), yr_describe(&ev));
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
			yr_error(p->r, &ev, _("unknown key '%s' at the top "
				 "level; expected one of: format, department, "
				 "entries"),
				 yr_excerpt(ex, sizeof(ex), ev.value, ev.len));
			k = -1;
		} else if (seen & BIT(k)) {
			yr_error(p->r, &ev, _("duplicate key '%s' (first at "
				 "%lu:%lu)"), top_names[k], first[k].line,
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
				    _("missing required key '%s' at the top "
				      "level"), top_names[k]);
	/* The end of the document: yamlread checks nothing follows. */
	if (yr_next(p->r, &ev))
		goto out;
	ret = 0;
out:
	return ret;
}

/* Parses buf into st (appending), reporting on errf. Returns 0,
 * EX_DATAERR or EX_OSERR. */
static int parse_into(struct state *st, const struct plan *plan,
		      const char *name, const char *buf, size_t len,
		      const char *dept_code, time_t now, FILE *errf)
{
	struct parser p;
	int status = EX_OSERR;

	memset(&p, 0, sizeof(p));
	p.plan = plan;
	p.st = st;
	p.now = now;
	p.dept = arena_strdup(&st->arena, dept_code);
	if (!p.dept)
		goto nomem;
	p.plan_dept = plan_dept_find(plan, dept_code);
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
	diag_at(errf, name, 0, 0, _("out of memory"));
out:
	yr_close(p.r);
	return status;
}

int state_parse(const char *name, const char *buf, size_t len,
		const struct plan *plan, const char *dept_code, time_t now,
		FILE *errf, struct state **out)
{
	struct state *st = NULL;
	int status = EX_OSERR;

	*out = NULL;
	st = state_new();
	if (!st) {
		diag_at(errf, name, 0, 0, _("out of memory"));
		goto out;
	}
	status = parse_into(st, plan, name, buf, len, dept_code, now, errf);
	if (status)
		goto out;
	*out = st;
	st = NULL;
out:
	state_free(st);
	return status;
}

/* Entries of a file parsed into st from position from on, after an
 * error part-way: taken out again, so that a skipped department leaves
 * nothing behind. */
static void drop_from(struct state *st, size_t from)
{
	st->n = from;
}

static int note_unreadable(struct state *st, const struct plan_dept *d)
{
	const struct plan_dept **n;

	n = realloc(st->unreadable, (st->n_unreadable + 1) *
		    sizeof(const struct plan_dept *));
	if (!n)
		return -1;
	st->unreadable = n;
	st->unreadable[st->n_unreadable++] = d;
	return 0;
}

int state_load_all(const char *datadir, const struct plan *plan,
		   unsigned flags, FILE *errf, struct state **out)
{
	return state_load_all_keyed(datadir, plan, flags, errf, out, NULL);
}

int state_load_all_keyed(const char *datadir, const struct plan *plan,
			 unsigned flags, FILE *errf, struct state **out,
			 struct snapshot_source *keys)
{
	struct strbuf path = STRBUF_INIT;
	struct state *st = NULL;
	struct stat sb;
	char *buf = NULL;
	size_t len, i, before, cap = 0;
	time_t now = time(NULL);
	int status = EX_OSERR, s;

	*out = NULL;
	st = state_new();
	if (!st) {
		error(_("out of memory"));
		goto out;
	}
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
		before = st->n;
		/* One buffer for every file: parse_into copies what it
		 * keeps, and the next file need not fault in fresh pages
		 * (157 MB of them at 100 000 tasks, state-heavy). */
		s = store_read_file_into(path.buf, YR_MAX_FILE_SIZE, &buf,
					 &cap, &len, 1, &sb);
		if (s == EX_NOINPUT && errno == ENOENT) {
			if (keys)
				snapshot_source_absent(&keys[i]);
			continue;	/* nothing recorded yet */
		}
		if (!s && keys)
			snapshot_source_read(&keys[i], &sb, buf, len);
		if (!s)
			s = parse_into(st, plan, path.buf, buf, len,
				       plan->depts[i].code, now, errf);
		if (s == EX_OSERR) {
			status = s;
			break;
		}
		if (!s)
			continue;
		/* Unreadable, whatever the reason: a directory, a FIFO,
		 * permissions, corrupt text. */
		if (s == EX_NOINPUT)
			s = EX_DATAERR;
		drop_from(st, before);
		if (!(flags & STATE_SKIP_UNREADABLE)) {
			if (!status)
				status = s;
			continue;
		}
		diag_at(errf, path.buf, 0, 0, _("warning: the data of "
			"department %s cannot be read, so it is left out; "
			"the other departments are shown"),
			plan->depts[i].code);
		if (note_unreadable(st, &plan->depts[i])) {
			error(_("out of memory"));
			status = EX_OSERR;
			break;
		}
	}
	if (status)
		goto out;
	if (state_sort(st)) {
		status = EX_OSERR;
		error(_("out of memory"));
		goto out;
	}
	*out = st;
	st = NULL;
out:
	free(buf);
	strbuf_release(&path);
	state_free(st);
	return status;
}
