/* plan_load.c: plan.yaml to struct plan (docs/plan-format.md).
 *
 * A recursive descent over yamlread events, driven by the schema tables
 * below: each mapping lists its keys, each key how its value is read and
 * where in the plan it goes. An error in a value is reported and the value
 * skipped, so that one run shows every mistake in the file; only a syntax
 * error (after which there are no more events) stops the descent.
 *
 * Ids go into a hash table as they are read: a duplicate is found at
 * once, and a reference to what is already defined (the departments
 * before the tasks) is settled at once. Only references that name
 * something not yet seen are kept, to be resolved when the whole file has
 * been read; every message of those checks is printed at the end, in
 * file order. A benchmark plan has 100 000 tasks.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>

#include "plantrack/arena.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/plan_load.h"
#include "plantrack/yamlread.h"

struct pos {
	unsigned long line, col;	/* line 0: not seen */
};

/* A growable array (arena_array_resize); a finished one joins the arena,
 * where nothing can grow: a long list without being copied. */
struct vec {
	void *items;
	size_t n, cap;
};

/* Namespaces of unique ids. */
enum ns {
	NS_NONE,
	NS_CODE,	/* department and party codes share one */
	NS_GROUP,
	NS_TASK,
	NS_INDICATOR,
	NS_PERIOD,
	NS_DUTY,
};

/* What a list item is; also names the owner of a reference. */
enum owner {
	O_TOP,
	O_META,
	O_DEPT,
	O_PARTY,
	O_INDICATOR,
	O_GROUP,
	O_TASK,
	O_PERIOD,
	O_DUTY,
	O_COUNT
};

/* What a reference must name. */
enum role {
	R_NONE,
	R_GROUP,	/* a group id */
	R_DEPT,		/* a department code */
	R_CODE,		/* a department or party code */
};

/* An id, remembered for the duplicate and reference checks: the first of
 * its namespace and key (a duplicate is reported as it comes). */
struct idrec {
	enum ns ns;
	const char *key;
	struct pos pos;
	enum owner owner;
};

/* A reference that did not resolve as it was read (it may name an id
 * further on), kept to be resolved when every id is known. */
struct xref {
	const char *code;
	struct pos pos;
	enum role role;
	enum owner owner;
	size_t index;	/* of the owner in its list */
	const char *label;	/* "lead", "consolidator": for messages */
};

/* A message of the check phase, printed in file order at the end. */
struct diag {
	struct pos pos;
	size_t seq;
	char *msg;
};

/* Where the parser is, for messages: "task II.3 lead". An item of a list
 * (or the top-level mapping) is a root; a mapping inside it names itself
 * by its key. obj is the root item being filled in, whose id may not have
 * been read yet. */
struct ctx {
	enum owner owner;
	size_t index;
	const void *obj;
	const char *sub;		/* this mapping's name, below a root */
	const struct ctx *parent;	/* NULL for a root */
};

struct loader {
	struct yr_reader *r;
	struct plan *p;
	int fatal;		/* no more events (syntax error) or no memory */
	int oom;
	int have[O_COUNT];	/* the list was a sequence: refs to it resolve */
	struct vec ids;		/* struct idrec */
	/* ids by namespace and key: open addressing, linear probing; a
	 * slot holds the hash (high half) and 1 + the index into ids (low
	 * half), 0 when free. size is 0 or a power of two. */
	uint64_t *slots;
	size_t size;
	struct vec xrefs;	/* struct xref */
	struct vec diags;	/* struct diag */
};

struct seen {
	struct pos key, val;
	int ok;		/* the value was read without error */
};

struct field;
struct schema;

typedef int parse_fn(struct loader *ld, const struct yr_event *ev, void *dst,
		     const struct field *f, const struct ctx *c);
typedef void check_fn(struct loader *ld, void *dst, const struct seen *seen,
		      const struct ctx *c, const struct yr_event *map);
typedef const char *syntax_fn(const char *s, size_t len);

enum ftype {
	F_STR,		/* string at off */
	F_STRS,		/* sequence of strings at off, count at off_n */
	F_INT,		/* int at off, within min..max */
	F_NUM,		/* double at off */
	F_DATE,		/* pt_day at off */
	F_ENUM,		/* one of names, an enum at off */
	F_REF,		/* a code naming role, at off */
	F_REFS,		/* sequence of codes naming role, at off / off_n */
	F_MAP,		/* mapping by sub, into the object at off */
	F_LIST,		/* sequence of sub mappings of elem_size, at off / off_n */
	F_CUSTOM,	/* parse */
};

struct field {
	const char *key;
	size_t off, off_n;
	long min, max;		/* F_INT range; F_REFS, F_LIST: min count, 0 or 1 */
	const char *what;	/* names the value in messages */
	syntax_fn *syntax;	/* F_STR: NULL or the rule broken */
	const char *const *names;	/* F_ENUM */
	const struct schema *sub;	/* F_MAP, F_LIST */
	size_t elem_size;	/* F_LIST */
	parse_fn *parse;	/* F_CUSTOM */
	enum ftype type;
	int required;
	int allow_empty;	/* F_STR: "" is fine */
	enum ns ns;		/* F_STR, F_INT: an id unique in ns */
	enum role role;		/* F_REF, F_REFS */
	enum owner owner;	/* F_LIST */
};

struct schema {
	const char *name;	/* appended to the context: "lead" */
	const struct field *fields;
	size_t n;
	check_fn *check;	/* NULL or checks across the mapping's keys */
};

/* No mapping of the format has more keys than this. */
#define MAX_FIELDS 12

#define CODE_MAX	16
#define GROUP_NAME_MAX	32

/* ---- memory ---- */

static void *vec_push(struct vec *v, size_t size)
{
	void *p = NULL;
	size_t cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 8;
		if (cap > SIZE_MAX / 2 / size) {
			errno = ENOMEM;
			goto out;
		}
		p = arena_array_resize(v->items, cap * size);
		if (!p)
			goto out;
		v->items = p;
		v->cap = cap;
	}
	p = (char *)v->items + v->n++ * size;
	memset(p, 0, size);
out:
	return p;
}

static void vec_free(struct vec *v)
{
	arena_array_free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}

static void out_of_memory(struct loader *ld)
{
	if (!ld->oom)
		yr_error_at(ld->r, 0, 0, _("out of memory"));
	ld->oom = ld->fatal = 1;
}

/* Moves a finished vec into the arena. Never NULL on success, even for no
 * items, so that callers may pass it to memcpy and friends. */
static void *vec_to_arena(struct loader *ld, struct vec *v, size_t size)
{
	void *p = arena_array_keep(&ld->p->arena, v->items, v->n * size);

	if (!p)
		out_of_memory(ld);
	v->items = NULL;
	v->cap = 0;
	return p;
}

static const char *save_str(struct loader *ld, const char *s, size_t len)
{
	const char *p = arena_strndup(&ld->p->arena, s, len);

	if (!p)
		out_of_memory(ld);
	return p;
}

/* Stores through an offset without assuming the object's alignment or
 * type: the schema tables know only offsets. */
static void store(void *dst, size_t off, const void *val, size_t size)
{
	memcpy((char *)dst + off, val, size);
}

/* ---- messages ---- */

static const char *excerpt(char *buf, const char *s)
{
	return yr_excerpt(buf, YR_EXCERPT_SIZE, s, strlen(s));
}

static struct pos pos_of(const struct yr_event *ev)
{
	struct pos p = { ev->line, ev->col };

	return p;
}

/* The wording of an item, "task II.3" or "departments[2]" while its id
 * is unknown, and of a part of it, "task II.3 lead". */
static void describe(char *buf, size_t size, enum owner o, size_t index,
		     const void *obj, const char *sub)
{
	static const char *const kinds[O_COUNT] = {
		/* TRANSLATORS: the kinds of things a plan file holds, in
		 * "task II.3: unknown group 'X'" (the ids and YAML keys
		 * around them stay as written). */
		N_("the top-level mapping"), N_("plan"), N_("department"),
		N_("party"), N_("indicator"), N_("group"), N_("task"),
		N_("period"), N_("duty"),
	};
	static const char *const lists[O_COUNT] = {
		NULL, NULL, "departments", "parties", "indicators", "groups",
		"tasks", "periods", "duties",
	};
	char ex[YR_EXCERPT_SIZE];
	const char *id = NULL;
	int number = 0, n;

	if (o >= O_COUNT)
		o = O_TOP;	/* not a real owner: say something true */
	switch (o) {
	case O_DEPT:
		id = ((const struct plan_dept *)obj)->code;
		break;
	case O_PARTY:
		id = ((const struct plan_party *)obj)->code;
		break;
	case O_INDICATOR:
		number = ((const struct plan_indicator *)obj)->number;
		break;
	case O_DUTY:
		number = ((const struct plan_duty *)obj)->number;
		break;
	case O_GROUP:
		id = ((const struct plan_group *)obj)->id;
		break;
	case O_TASK:
		id = ((const struct plan_task *)obj)->id;
		break;
	case O_PERIOD:
		id = ((const struct plan_period *)obj)->id;
		break;
	case O_TOP:
	case O_META:
	case O_COUNT:
		break;
	}
	if (id)
		n = snprintf(buf, size, "%s %s", _(kinds[o]), excerpt(ex, id));
	else if (number)
		n = snprintf(buf, size, "%s %d", _(kinds[o]), number);
	else if (lists[o])
		n = snprintf(buf, size, "%s[%zu]", lists[o], index);
	else
		n = snprintf(buf, size, "%s", _(kinds[o]));
	if (o == O_TOP && sub)
		n = snprintf(buf, size, "%s", sub);	/* "plan", not "the top..." */
	else if (n >= 0 && (size_t)n < size && sub)
		n = snprintf(buf + n, size - (size_t)n, " %s", sub);
	/* Truncation only shortens a message; an encoding error empties it. */
	if (n < 0)
		buf[0] = '\0';
}

#define CTX_SIZE (YR_EXCERPT_SIZE + 64)

/* Mappings nest at most two deep below a root ("plan signer"). */
static const char *ctx_name(char *buf, const struct ctx *c)
{
	char sub[CTX_SIZE];
	int n = 0;

	if (c->parent && c->parent->parent)
		n = snprintf(sub, sizeof(sub), "%s %s", c->parent->sub, c->sub);
	else if (c->parent)
		n = snprintf(sub, sizeof(sub), "%s", c->sub);
	/* A cut name is still a name; an encoding error leaves none. */
	if (n < 0)
		sub[0] = '\0';
	describe(buf, CTX_SIZE, c->owner, c->index, c->obj,
		 c->parent ? sub : NULL);
	return buf;
}

/* Appends ", s" (or s first) to the list in buf; a list cut short by
 * the buffer still helps, so running out of room is not an error. */
static void list_add(char *buf, size_t size, size_t *used, const char *s)
{
	int k;

	if (*used >= size)
		return;
	k = snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", s);
	if (k < 0 || (size_t)k >= size - *used)
		*used = size;
	else
		*used += (size_t)k;
}

/* "a, b, c": the keys of a schema. */
static const char *key_list(char *buf, size_t size, const struct schema *s)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < s->n; i++)
		list_add(buf, size, &used, s->fields[i].key);
	return buf;
}

/* "a, b, c": a NULL-terminated list of names. */
static const char *name_list(char *buf, size_t size,
			     const char *const *names)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; names[i]; i++)
		list_add(buf, size, &used, names[i]);
	return buf;
}

/* Records a message of the check phase. */
__attribute__((format(printf, 3, 4)))
static void defer(struct loader *ld, struct pos pos, const char *fmt, ...)
{
	/* Ids and codes come as excerpts: every message fits. */
	char buf[512];
	struct diag *d;
	va_list ap;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		goto out;
	msg = strdup(buf);
	if (!msg)
		goto oom;
	d = vec_push(&ld->diags, sizeof(*d));
	if (!d)
		goto oom;
	d->pos = pos;
	d->seq = ld->diags.n;
	d->msg = msg;
	msg = NULL;
	goto out;
oom:
	out_of_memory(ld);
out:
	free(msg);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void flush_diags(struct loader *ld)
{
	struct diag *d = ld->diags.items;
	size_t i;

	if (ld->diags.n)
		qsort(d, ld->diags.n, sizeof(*d), diag_cmp);
	for (i = 0; i < ld->diags.n; i++) {
		yr_error_at(ld->r, d[i].pos.line, d[i].pos.col, "%s",
			    d[i].msg);
		free(d[i].msg);
	}
	vec_free(&ld->diags);
}

static void drop_diags(struct loader *ld)
{
	struct diag *d = ld->diags.items;
	size_t i;

	for (i = 0; i < ld->diags.n; i++)
		free(d[i].msg);
	vec_free(&ld->diags);
}

/* ---- syntax of ids ---- */

static const char *code_syntax(const char *s, size_t len)
{
	static const char *const rule = N_("expected [A-Z][A-Z0-9_]*, at most 16 "
				      "bytes");
	size_t i;

	if (len > CODE_MAX || !(s[0] >= 'A' && s[0] <= 'Z'))
		return rule;
	for (i = 1; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return rule;
	return NULL;
}

static const char *group_name_syntax(const char *s, size_t len)
{
	static const char *const rule = N_("expected a Unix group name, "
				      "[a-z_][a-z0-9_-]*, at most 32 bytes");
	size_t i;

	if (len > GROUP_NAME_MAX || !((s[0] >= 'a' && s[0] <= 'z') ||
				      s[0] == '_'))
		return rule;
	for (i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return rule;
	return NULL;
}

static const char *period_id_syntax(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return N_("expected [a-z0-9_-]+");
	return NULL;
}

/* Any Unicode white space, not only ASCII: a no-break space pasted from a
 * word processor would make "II.3" and "II.3 " two tasks. */
static const char *task_id_syntax(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	ucs4_t c;
	size_t i = 0;
	int n;

	while (i < len) {
		n = u8_mbtouc(&c, u + i, len - i);
		if (n <= 0 || uc_is_property_white_space(c))
			return N_("white space is not allowed");
		i += (size_t)n;
	}
	return NULL;
}

/* ---- ids ---- */

static uint32_t id_hash(enum ns ns, const char *key)
{
	uint32_t h = 2166136261u ^ (uint32_t)ns;	/* FNV-1a */

	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	/* The low bits pick the slot: mix the high ones in. */
	return h ^ h >> 15;
}

/* The idrec of ns and key, or NULL. */
static const struct idrec *find_id_h(const struct loader *ld, enum ns ns,
				     const char *key, uint32_t h)
{
	const struct idrec *ids = ld->ids.items, *id;
	size_t i, mask = ld->size - 1;

	if (!ld->size)
		return NULL;
	for (i = h & mask; ld->slots[i]; i = (i + 1) & mask) {
		if ((uint32_t)(ld->slots[i] >> 32) != h)
			continue;
		id = &ids[(uint32_t)ld->slots[i] - 1];
		if (id->ns == ns && !strcmp(id->key, key))
			return id;
	}
	return NULL;
}

static const struct idrec *find_id(const struct loader *ld, enum ns ns,
				   const char *key)
{
	return find_id_h(ld, ns, key, id_hash(ns, key));
}

static void slot_put(uint64_t *slots, size_t size, uint32_t h, size_t index)
{
	size_t i, mask = size - 1;

	for (i = h & mask; slots[i]; i = (i + 1) & mask)
		;
	slots[i] = (uint64_t)h << 32 | (uint32_t)(index + 1);
}

/* Room for one more id, the table at most half full. */
static int ids_reserve(struct loader *ld)
{
	const struct idrec *ids = ld->ids.items;
	uint64_t *slots;
	size_t size, i;
	int ret = -1;

	if (2 * (ld->ids.n + 1) <= ld->size) {
		ret = 0;
		goto out;
	}
	size = ld->size ? 2 * ld->size : 64;
	/* An index must fit in the low half of a slot. */
	if (size > SIZE_MAX / sizeof(*slots) || ld->ids.n >= UINT32_MAX - 1)
		goto out;
	slots = mem_calloc_huge(size, sizeof(*slots));
	if (!slots)
		goto out;
	for (i = 0; i < ld->ids.n; i++)
		slot_put(slots, size, id_hash(ids[i].ns, ids[i].key), i);
	free(ld->slots);
	ld->slots = slots;
	ld->size = size;
	ret = 0;
out:
	return ret;
}

enum ref_problem {
	REF_OK,
	REF_UNKNOWN_GROUP,
	REF_UNKNOWN_DEPT,
	REF_PARTY_NOT_DEPT,
	REF_UNKNOWN_CODE,
};

static enum ref_problem ref_problem(const struct loader *ld,
				    const struct xref *x)
{
	const struct idrec *id;

	switch (x->role) {
	case R_GROUP:
		if (!find_id(ld, NS_GROUP, x->code))
			return REF_UNKNOWN_GROUP;
		break;
	case R_DEPT:
		id = find_id(ld, NS_CODE, x->code);
		if (!id)
			return REF_UNKNOWN_DEPT;
		if (id->owner != O_DEPT)
			return REF_PARTY_NOT_DEPT;
		break;
	case R_CODE:
		if (!find_id(ld, NS_CODE, x->code))
			return REF_UNKNOWN_CODE;
		break;
	case R_NONE:
		break;
	}
	return REF_OK;
}

/* ---- values ---- */

static void report_duplicate(struct loader *ld, const struct idrec *first,
			     enum ns ns, const char *key, struct pos pos);

/* Remembers an id; a duplicate is reported (against the first, which
 * stays the one references resolve to). -1 only when out of memory. */
static int add_id(struct loader *ld, enum ns ns, const char *key,
		  const struct yr_event *ev, const struct ctx *c)
{
	const struct idrec *first;
	struct idrec *id;
	uint32_t h = id_hash(ns, key);
	int ret = -1;

	first = find_id_h(ld, ns, key, h);
	if (first) {
		report_duplicate(ld, first, ns, key, pos_of(ev));
		ret = 0;
		goto out;
	}
	if (ids_reserve(ld)) {
		out_of_memory(ld);
		goto out;
	}
	id = vec_push(&ld->ids, sizeof(*id));
	if (!id) {
		out_of_memory(ld);
		goto out;
	}
	id->ns = ns;
	id->key = key;
	id->pos = pos_of(ev);
	id->owner = c->owner;
	slot_put(ld->slots, ld->size, h, ld->ids.n - 1);
	ret = 0;
out:
	return ret;
}

static int add_xref(struct loader *ld, const char *code, enum role role,
		    const struct yr_event *ev, const struct ctx *c,
		    const char *label)
{
	struct xref *x, now = { .code = code, .role = role };
	int ret = -1;

	/* What it names is most often defined above it (the departments
	 * before the tasks): then it is settled now, and never stored. */
	if (ref_problem(ld, &now) == REF_OK) {
		ret = 0;
		goto out;
	}
	x = vec_push(&ld->xrefs, sizeof(*x));
	if (!x) {
		out_of_memory(ld);
		goto out;
	}
	x->code = code;
	x->pos = pos_of(ev);
	x->role = role;
	x->owner = c->owner;
	x->index = c->index;
	x->label = label;
	ret = 0;
out:
	return ret;
}

/* A string value, saved in the arena; *out NULL after an error. */
static int read_str(struct loader *ld, const struct yr_event *ev,
		    const struct field *f, const char **out)
{
	char ex[YR_EXCERPT_SIZE];
	const char *rule;
	int ret = -1;

	*out = NULL;
	if (yr_get_string(ld->r, ev, f->allow_empty))
		goto out;
	/* In the file's buffer where it can be: no copy. */
	*out = yr_keep(ld->r, ev);
	if (!*out)
		*out = save_str(ld, ev->value, ev->len);
	if (!*out)
		goto out;
	/* Kept despite a bad syntax, so that references to it do not
	 * turn into a second round of errors. */
	rule = f->syntax ? f->syntax(ev->value, ev->len) : NULL;
	if (rule) {
		/* TRANSLATORS: what the value is ("code"), the value, the
		 * rule it breaks. */
		yr_error(ld->r, ev, _("invalid %s '%s' (%s)"), _(f->what),
			 yr_excerpt(ex, sizeof(ex), ev->value, ev->len),
			 _(rule));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* A sequence of strings or codes. */
static int read_seq(struct loader *ld, const struct yr_event *seq, void *dst,
		    const struct field *f, const struct ctx *c)
{
	char where[CTX_SIZE];
	struct yr_event ev;
	struct vec v = { NULL, 0, 0 };
	const char **slot, *s, **arr;
	size_t n;
	int ret = -1, bad = 0;

	if (seq->type != YR_SEQ_START) {
		yr_error(ld->r, seq, _("%s %s: expected a sequence, got %s"),
			 ctx_name(where, c), f->key, yr_describe(seq));
		if (yr_skip(ld->r, seq))
			ld->fatal = 1;
		goto out;
	}
	for (;;) {
		if (yr_next(ld->r, &ev)) {
			ld->fatal = 1;
			goto out;
		}
		if (ev.type == YR_SEQ_END)
			break;
		if (read_str(ld, &ev, f, &s)) {
			bad = 1;
			if (ld->fatal || yr_skip(ld->r, &ev)) {
				ld->fatal = 1;
				goto out;
			}
			continue;
		}
		slot = vec_push(&v, sizeof(*slot));
		if (!slot) {
			out_of_memory(ld);
			goto out;
		}
		*slot = s;
		if (f->type == F_REFS &&
		    add_xref(ld, s, f->role, &ev, c, c->sub))
			goto out;
	}
	n = v.n;
	if (n < (size_t)f->min && !bad)
		yr_error(ld->r, seq, _("%s %s: at least one %s is required"),
			 ctx_name(where, c), f->key, _(f->what));
	arr = vec_to_arena(ld, &v, sizeof(*arr));
	if (!arr)
		goto out;
	store(dst, f->off, &arr, sizeof(arr));
	store(dst, f->off_n, &n, sizeof(n));
	ret = bad ? -1 : 0;
out:
	vec_free(&v);
	return ret;
}

static int parse_map(struct loader *ld, const struct yr_event *map,
		     const struct schema *s, void *dst, const struct ctx *c);

static int read_list(struct loader *ld, const struct yr_event *seq, void *dst,
		     const struct field *f, const struct ctx *c)
{
	struct yr_event ev;
	struct vec v = { NULL, 0, 0 };
	struct ctx item;
	void *elem, *arr;
	size_t n;
	int ret = -1;

	(void)c;	/* lists are only at the top level */
	if (seq->type != YR_SEQ_START) {
		yr_error(ld->r, seq, _("%s: expected a sequence, got %s"),
			 f->key, yr_describe(seq));
		if (yr_skip(ld->r, seq))
			ld->fatal = 1;
		goto out;
	}
	ld->have[f->owner] = 1;
	ret = 0;
	for (;;) {
		if (yr_next(ld->r, &ev)) {
			ld->fatal = 1;
			goto out;
		}
		if (ev.type == YR_SEQ_END)
			break;
		elem = vec_push(&v, f->elem_size);
		if (!elem) {
			out_of_memory(ld);
			goto out;
		}
		/* Pushed even when broken: indexes in messages stay true. */
		item.owner = f->owner;
		item.index = v.n - 1;
		item.obj = elem;
		item.sub = NULL;
		item.parent = NULL;
		if (parse_map(ld, &ev, f->sub, elem, &item))
			ret = -1;
		if (ld->fatal)
			goto out;
	}
	n = v.n;
	if (n < (size_t)f->min)
		yr_error(ld->r, seq, _("%s: at least one %s is required"),
			 f->key, _(f->what));
	arr = vec_to_arena(ld, &v, f->elem_size);
	if (!arr)
		goto out;
	store(dst, f->off, &arr, sizeof(arr));
	store(dst, f->off_n, &n, sizeof(n));
out:
	vec_free(&v);
	return ret;
}

static int read_enum(struct loader *ld, const struct yr_event *ev, void *dst,
		     const struct field *f)
{
	char ex[YR_EXCERPT_SIZE], list[256];
	int i, ret = -1;

	if (yr_get_string(ld->r, ev, 0))
		goto out;
	for (i = 0; f->names[i]; i++) {
		if (!strcmp(f->names[i], ev->value)) {
			store(dst, f->off, &i, sizeof(i));
			ret = 0;
			goto out;
		}
	}
	yr_error(ld->r, ev, _("unknown %s '%s'; expected one of: %s"),
		 _(f->what),
		 yr_excerpt(ex, sizeof(ex), ev->value, ev->len),
		 name_list(list, sizeof(list), f->names));
out:
	return ret;
}

/* Reads the value of field f into dst and consumes all of it. */
static int parse_value(struct loader *ld, const struct yr_event *ev,
		       void *dst, const struct field *f, const struct ctx *c)
{
	char num[32];
	const char *s;
	struct ctx sub;
	long l;
	int i, n, ret = -1;
	double d;
	pt_day day;

	switch (f->type) {
	case F_STR:
	case F_REF:
		n = read_str(ld, ev, f, &s);
		if (!s)
			break;
		store(dst, f->off, &s, sizeof(s));
		if (f->ns != NS_NONE && add_id(ld, f->ns, s, ev, c))
			break;
		if (f->type == F_REF &&
		    add_xref(ld, s, f->role, ev, c, c->sub ? c->sub : f->key))
			break;
		ret = n;
		break;
	case F_STRS:
	case F_REFS:
		return read_seq(ld, ev, dst, f, c);
	case F_INT:
		if (yr_get_int(ld->r, ev, f->min, f->max, &l))
			break;
		i = (int)l;
		store(dst, f->off, &i, sizeof(i));
		if (f->ns != NS_NONE) {
			n = snprintf(num, sizeof(num), "%d", i);
			if (n < 0 || (size_t)n >= sizeof(num))
				break;
			s = save_str(ld, num, (size_t)n);
			if (!s || add_id(ld, f->ns, s, ev, c))
				break;
		}
		ret = 0;
		break;
	case F_NUM:
		if (yr_get_number(ld->r, ev, &d))
			break;
		store(dst, f->off, &d, sizeof(d));
		ret = 0;
		break;
	case F_DATE:
		if (yr_get_date(ld->r, ev, &day))
			break;
		store(dst, f->off, &day, sizeof(day));
		ret = 0;
		break;
	case F_ENUM:
		ret = read_enum(ld, ev, dst, f);
		break;
	case F_MAP:
		sub = *c;
		sub.sub = f->sub->name;
		sub.parent = c;
		return parse_map(ld, ev, f->sub, (char *)dst + f->off, &sub);
	case F_LIST:
		return read_list(ld, ev, dst, f, c);
	case F_CUSTOM:
		return f->parse(ld, ev, dst, f, c);
	}
	/* A scalar needs no skipping; a collection where a scalar belongs
	 * does. */
	if (ret && yr_skip(ld->r, ev))
		ld->fatal = 1;
	return ret;
}

static const struct field *find_field(const struct schema *s,
				      const struct yr_event *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->fields[i].key) == key->len &&
		    !memcmp(s->fields[i].key, key->value, key->len))
			return &s->fields[i];
	return NULL;
}

/* Reads a mapping by schema s into dst; returns -1 if anything in it was
 * wrong (all of it reported). */
static int parse_map(struct loader *ld, const struct yr_event *map,
		     const struct schema *s, void *dst, const struct ctx *c)
{
	char where[CTX_SIZE], ex[YR_EXCERPT_SIZE], list[256];
	struct seen seen[MAX_FIELDS];
	struct yr_event key, val;
	const struct field *f;
	unsigned errors = yr_error_count(ld->r);
	size_t i;
	int ret = -1;

	assert(s->n <= MAX_FIELDS);
	memset(seen, 0, sizeof(seen));
	if (map->type != YR_MAP_START) {
		yr_error(ld->r, map, _("%s: expected a mapping, got %s"),
			 ctx_name(where, c), yr_describe(map));
		if (yr_skip(ld->r, map))
			ld->fatal = 1;
		goto out;
	}
	for (;;) {
		if (yr_next(ld->r, &key))
			goto fatal;
		if (key.type == YR_MAP_END)
			break;
		if (key.type != YR_SCALAR) {
			yr_error(ld->r, &key, _("a key must be a string, not "
						"%s"), yr_describe(&key));
			if (yr_skip(ld->r, &key) || yr_next(ld->r, &val) ||
			    yr_skip(ld->r, &val))
				goto fatal;
			continue;
		}
		f = find_field(s, &key);
		if (!f) {
			yr_error(ld->r, &key, _("unknown key '%s' in %s; "
				 "expected one of: %s"),
				 yr_excerpt(ex, sizeof(ex), key.value, key.len),
				 ctx_name(where, c),
				 key_list(list, sizeof(list), s));
		} else if (seen[f - s->fields].key.line) {
			yr_error(ld->r, &key, _("duplicate key '%s' (first at "
				 "%lu:%lu)"), f->key,
				 seen[f - s->fields].key.line,
				 seen[f - s->fields].key.col);
			f = NULL;
		} else {
			seen[f - s->fields].key = pos_of(&key);
		}
		if (yr_next(ld->r, &val))
			goto fatal;
		if (!f) {
			if (yr_skip(ld->r, &val))
				goto fatal;
			continue;
		}
		i = (size_t)(f - s->fields);
		seen[i].val = pos_of(&val);
		seen[i].ok = !parse_value(ld, &val, dst, f, c);
		if (ld->fatal)
			goto out;
	}
	for (i = 0; i < s->n; i++)
		if (s->fields[i].required && !seen[i].key.line)
			yr_error(ld->r, map, _("missing required key '%s' in "
					       "%s"), s->fields[i].key,
				 ctx_name(where, c));
	if (s->check)
		s->check(ld, dst, seen, c, map);
	if (yr_error_count(ld->r) == errors)
		ret = 0;
	goto out;
fatal:
	ld->fatal = 1;
out:
	return ret;
}

/* ---- the schema ---- */

static int parse_format(struct loader *ld, const struct yr_event *ev,
			void *dst, const struct field *f, const struct ctx *c)
{
	long v;
	int ret = -1;

	(void)dst, (void)f, (void)c;
	if (yr_get_int(ld->r, ev, LONG_MIN, LONG_MAX, &v)) {
		if (yr_skip(ld->r, ev))
			ld->fatal = 1;
		goto out;
	}
	if (v != 1) {
		yr_error(ld->r, ev, _("unsupported format %ld (this plantrack "
				      "reads format %d)"), v, 1);
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* Key f of a mapping was seen and read without error. */
#define SEEN_OK(seen, s, key) ((seen)[field_index((s), (key))].ok)

static size_t field_index(const struct schema *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->fields[i].key, key))
			break;
	assert(i < s->n);
	return i;
}

static const struct schema deadline_schema;
static const struct schema period_schema;

static void check_deadline(struct loader *ld, void *dst,
			   const struct seen *seen, const struct ctx *c,
			   const struct yr_event *map)
{
	struct plan_deadline *dl = dst;
	const struct seen *kind = &seen[field_index(&deadline_schema, "kind")];
	const struct seen *date = &seen[field_index(&deadline_schema, "date")];
	char where[CTX_SIZE];

	if (!date->ok)
		dl->date = PT_DAY_NONE;
	if (!kind->ok)
		return;
	if (dl->kind == DEADLINE_DATE && !date->key.line) {
		yr_error(ld->r, map, _("missing required key 'date' in %s "
				       "(kind is date)"), ctx_name(where, c));
	} else if (dl->kind != DEADLINE_DATE && date->key.line) {
		yr_error_at(ld->r, date->key.line, date->key.col,
			    _("key 'date' not allowed in %s (kind is %s)"),
			    ctx_name(where, c), deadline_kind_name(dl->kind));
		dl->date = PT_DAY_NONE;
	}
}

static void check_period(struct loader *ld, void *dst,
			 const struct seen *seen, const struct ctx *c,
			 const struct yr_event *map)
{
	const struct plan_period *pd = dst;
	char where[CTX_SIZE], a[11], b[11];
	const struct seen *start, *cons;

	(void)map;
	start = &seen[field_index(&period_schema, "start")];
	cons = &seen[field_index(&period_schema, "consolidated_due")];
	if (start->ok && SEEN_OK(seen, &period_schema, "end") &&
	    pd->start > pd->end) {
		date_format_iso(pd->start, a);
		date_format_iso(pd->end, b);
		yr_error_at(ld->r, start->val.line, start->val.col,
			    _("%s: start %s is after end %s"),
			    ctx_name(where, c), a, b);
	}
	if (cons->ok && SEEN_OK(seen, &period_schema, "department_due") &&
	    pd->consolidated_due < pd->department_due) {
		date_format_iso(pd->consolidated_due, a);
		date_format_iso(pd->department_due, b);
		yr_error_at(ld->r, cons->val.line, cons->val.col,
			    _("%s: consolidated_due %s is before "
			      "department_due %s"), ctx_name(where, c), a, b);
	}
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const deadline_kinds[] = {
	[DEADLINE_ONGOING] = "ongoing",
	[DEADLINE_MAINTAINED] = "maintained",
	[DEADLINE_DATE] = "date",
	NULL
};
static const char *const target_ops[] = {
	[TARGET_EQ] = "=", [TARGET_GE] = ">=", [TARGET_LE] = "<=", NULL
};
static const char *const party_kinds[] = {
	[PARTY_ALL_DEPARTMENTS] = "all_departments",
	[PARTY_EXTERNAL] = "external",
	NULL
};

/* read_enum stores an int. */
_Static_assert(sizeof(enum deadline_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum target_op) == sizeof(int), "enum size");
_Static_assert(sizeof(enum party_kind) == sizeof(int), "enum size");

/* The type and member arguments of offsetof cannot take parentheses. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define STR(k, st, member) \
	{ .key = k, .type = F_STR, .required = 1, \
	  .off = offsetof(st, member) }
#define STRS(k, st, member, req) \
	{ .key = k, .type = F_STRS, .required = req, \
	  .off = offsetof(st, member), .off_n = offsetof(st, n_##member) }

static const struct field signer_fields[] = {
	STR("name", struct plan_meta, signer_name),
	STR("title", struct plan_meta, signer_title),
	STR("authority", struct plan_meta, signer_authority),
};
static const struct schema signer_schema = {
	"signer", signer_fields, COUNT(signer_fields), NULL
};

static const struct field meta_fields[] = {
	STR("issuer", struct plan_meta, issuer),
	STR("commune", struct plan_meta, commune),
	STR("city", struct plan_meta, city),
	STR("number", struct plan_meta, number),
	STR("place_date", struct plan_meta, place_date),
	STR("title", struct plan_meta, title),
	{ .key = "year", .type = F_INT, .required = 1,
	  .off = offsetof(struct plan_meta, year), .min = 1900, .max = 9999 },
	STRS("legal_bases", struct plan_meta, legal_bases, 1),
	{ .key = "signer", .type = F_MAP, .required = 1,
	  .sub = &signer_schema },
};
static const struct schema meta_schema = {
	"plan", meta_fields, COUNT(meta_fields), NULL
};

/* Not in the source plan: who signs a department's own report. */
static const struct field head_fields[] = {
	STR("title", struct plan_head, title),
	{ .key = "name", .type = F_STR, .required = 1, .allow_empty = 1,
	  .off = offsetof(struct plan_head, name) },
};
static const struct schema head_schema = {
	"head", head_fields, COUNT(head_fields), NULL
};

static const struct field dept_fields[] = {
	{ .key = "code", .type = F_STR, .required = 1, .what = N_("code"),
	  .off = offsetof(struct plan_dept, code), .ns = NS_CODE,
	  .syntax = code_syntax },
	STR("name", struct plan_dept, name),
	{ .key = "group", .type = F_STR, .required = 1, .what = N_("group name"),
	  .off = offsetof(struct plan_dept, group),
	  .syntax = group_name_syntax },
	STRS("aliases", struct plan_dept, aliases, 0),
	{ .key = "head", .type = F_MAP, .sub = &head_schema,
	  .off = offsetof(struct plan_dept, head) },
};
static const struct schema dept_schema = {
	NULL, dept_fields, COUNT(dept_fields), NULL
};

static const struct field party_fields[] = {
	{ .key = "code", .type = F_STR, .required = 1, .what = N_("code"),
	  .off = offsetof(struct plan_party, code), .ns = NS_CODE,
	  .syntax = code_syntax },
	STR("name", struct plan_party, name),
	{ .key = "kind", .type = F_ENUM, .required = 1, .what = N_("party kind"),
	  .off = offsetof(struct plan_party, kind), .names = party_kinds },
	STRS("aliases", struct plan_party, aliases, 0),
};
static const struct schema party_schema = {
	NULL, party_fields, COUNT(party_fields), NULL
};

/* refs: the codes and the source's wording. */
#define REFS_FIELDS(name, role_, min_) \
static const struct field name##_fields[] = { \
	{ .key = "codes", .type = F_REFS, .required = 1, .role = role_, \
	  .min = min_, .what = N_("code"), .off = offsetof(struct plan_refs, codes), \
	  .off_n = offsetof(struct plan_refs, n) }, \
	{ .key = "text", .type = F_STR, .required = 1, .allow_empty = 1, \
	  .off = offsetof(struct plan_refs, text) }, \
}; \
static const struct schema name##_schema = { \
	#name, name##_fields, COUNT(name##_fields), NULL \
}

REFS_FIELDS(lead, R_DEPT, 1);
REFS_FIELDS(coordinating, R_CODE, 0);
REFS_FIELDS(executing, R_CODE, 0);

static const struct field target_fields[] = {
	{ .key = "op", .type = F_ENUM, .required = 1, .what = N_("target op"),
	  .off = offsetof(struct plan_indicator, op), .names = target_ops },
	{ .key = "value", .type = F_NUM, .required = 1,
	  .off = offsetof(struct plan_indicator, target) },
	STR("text", struct plan_indicator, target_text),
};
static const struct schema target_schema = {
	"target", target_fields, COUNT(target_fields), NULL
};

static const struct field monitoring_fields[] = {
	{ .key = "code", .type = F_REF, .required = 1, .role = R_DEPT,
	  .off = offsetof(struct plan_indicator, monitoring) },
	STR("text", struct plan_indicator, monitoring_text),
};
static const struct schema monitoring_schema = {
	"monitoring", monitoring_fields, COUNT(monitoring_fields), NULL
};

static const struct field indicator_fields[] = {
	{ .key = "number", .type = F_INT, .required = 1, .min = 1,
	  .max = INT_MAX, .ns = NS_INDICATOR,
	  .off = offsetof(struct plan_indicator, number) },
	STR("name", struct plan_indicator, name),
	STR("unit", struct plan_indicator, unit),
	{ .key = "target", .type = F_MAP, .required = 1,
	  .sub = &target_schema },
	{ .key = "executing", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_indicator, executing),
	  .sub = &executing_schema },
	{ .key = "monitoring", .type = F_MAP, .required = 1,
	  .sub = &monitoring_schema },
};
static const struct schema indicator_schema = {
	NULL, indicator_fields, COUNT(indicator_fields), NULL
};

static const struct field group_fields[] = {
	{ .key = "id", .type = F_STR, .required = 1, .ns = NS_GROUP,
	  .off = offsetof(struct plan_group, id) },
	STR("title", struct plan_group, title),
};
static const struct schema group_schema = {
	NULL, group_fields, COUNT(group_fields), NULL
};

static const struct field deadline_fields[] = {
	{ .key = "kind", .type = F_ENUM, .required = 1, .what = N_("deadline kind"),
	  .off = offsetof(struct plan_deadline, kind),
	  .names = deadline_kinds },
	STR("text", struct plan_deadline, text),
	{ .key = "date", .type = F_DATE,
	  .off = offsetof(struct plan_deadline, date) },
};
static const struct schema deadline_schema = {
	"deadline", deadline_fields, COUNT(deadline_fields), check_deadline
};

static const struct field task_fields[] = {
	{ .key = "id", .type = F_STR, .required = 1, .ns = NS_TASK,
	  .what = N_("task id"), .syntax = task_id_syntax,
	  .off = offsetof(struct plan_task, id) },
	{ .key = "group", .type = F_REF, .required = 1, .role = R_GROUP,
	  .off = offsetof(struct plan_task, group) },
	STR("description", struct plan_task, description),
	{ .key = "lead", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_task, lead), .sub = &lead_schema },
	{ .key = "coordinating", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_task, coordinating),
	  .sub = &coordinating_schema },
	{ .key = "deadline", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_task, deadline),
	  .sub = &deadline_schema },
};
static const struct schema task_schema = {
	NULL, task_fields, COUNT(task_fields), NULL
};

/* A duty's parties: "Trưởng các phòng, đơn vị" is every department, so
 * parties are allowed where a task's lead must be a department. */
static const struct field duty_lead_fields[] = {
	{ .key = "codes", .type = F_REFS, .required = 1, .role = R_CODE,
	  .min = 1, .what = N_("code"), .off = offsetof(struct plan_refs, codes),
	  .off_n = offsetof(struct plan_refs, n) },
	{ .key = "text", .type = F_STR, .required = 1,
	  .off = offsetof(struct plan_refs, text) },
};
static const struct schema duty_lead_schema = {
	"lead", duty_lead_fields, COUNT(duty_lead_fields), NULL
};

static const struct field duty_fields[] = {
	{ .key = "number", .type = F_INT, .required = 1, .min = 1,
	  .max = INT_MAX, .ns = NS_DUTY,
	  .off = offsetof(struct plan_duty, number) },
	STR("text", struct plan_duty, text),
	{ .key = "lead", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_duty, lead), .sub = &duty_lead_schema },
	{ .key = "coordinating", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan_duty, coordinating),
	  .sub = &coordinating_schema },
};
static const struct schema duty_schema = {
	NULL, duty_fields, COUNT(duty_fields), NULL
};

/* Not in the source plan: how plantrack's reports are issued. */
static const struct field reports_fields[] = {
	STR("agency", struct plan_reports, agency),
	STR("place", struct plan_reports, place),
	STR("symbol", struct plan_reports, symbol),
	{ .key = "recipients", .type = F_STRS, .required = 1, .min = 1,
	  .what = N_("recipient line"),
	  .off = offsetof(struct plan_reports, recipients),
	  .off_n = offsetof(struct plan_reports, n_recipients) },
	{ .key = "department_recipients", .type = F_STRS, .required = 1,
	  .min = 1, .what = N_("recipient line"),
	  .off = offsetof(struct plan_reports, department_recipients),
	  .off_n = offsetof(struct plan_reports, n_department_recipients) },
};
static const struct schema reports_schema = {
	"reports", reports_fields, COUNT(reports_fields), NULL
};

static const struct field period_fields[] = {
	{ .key = "id", .type = F_STR, .required = 1, .ns = NS_PERIOD,
	  .what = N_("period id"), .syntax = period_id_syntax,
	  .off = offsetof(struct plan_period, id) },
	STR("name", struct plan_period, name),
	{ .key = "start", .type = F_DATE, .required = 1,
	  .off = offsetof(struct plan_period, start) },
	{ .key = "end", .type = F_DATE, .required = 1,
	  .off = offsetof(struct plan_period, end) },
	{ .key = "department_due", .type = F_DATE, .required = 1,
	  .off = offsetof(struct plan_period, department_due) },
	{ .key = "consolidated_due", .type = F_DATE, .required = 1,
	  .off = offsetof(struct plan_period, consolidated_due) },
	{ .key = "consolidator", .type = F_REF, .required = 1, .role = R_DEPT,
	  .off = offsetof(struct plan_period, consolidator) },
	STR("recipient", struct plan_period, recipient),
};
static const struct schema period_schema = {
	NULL, period_fields, COUNT(period_fields), check_period
};

#define LIST(k, member, schema_, st, owner_, min_, what_) \
	{ .key = k, .type = F_LIST, .required = 1, \
	  .off = offsetof(struct plan, member), \
	  .off_n = offsetof(struct plan, n_##member), .sub = &schema_, \
	  .elem_size = sizeof(st), .owner = owner_, .min = min_, \
	  .what = what_ }

static const struct field top_fields[] = {
	{ .key = "format", .type = F_CUSTOM, .required = 1,
	  .parse = parse_format },
	{ .key = "plan", .type = F_MAP, .required = 1,
	  .off = offsetof(struct plan, meta), .sub = &meta_schema },
	LIST("departments", depts, dept_schema, struct plan_dept, O_DEPT, 1,
	     N_("department")),
	{ .key = "parties", .type = F_LIST, .required = 0,
	  .off = offsetof(struct plan, parties),
	  .off_n = offsetof(struct plan, n_parties), .sub = &party_schema,
	  .elem_size = sizeof(struct plan_party), .owner = O_PARTY },
	LIST("indicators", indicators, indicator_schema, struct plan_indicator,
	     O_INDICATOR, 0, N_("indicator")),
	LIST("groups", groups, group_schema, struct plan_group, O_GROUP, 1,
	     N_("group")),
	LIST("tasks", tasks, task_schema, struct plan_task, O_TASK, 0,
	     N_("task")),
	LIST("periods", periods, period_schema, struct plan_period, O_PERIOD, 1,
	     N_("period")),
	{ .key = "duties", .type = F_LIST, .required = 0,
	  .off = offsetof(struct plan, duties),
	  .off_n = offsetof(struct plan, n_duties), .sub = &duty_schema,
	  .elem_size = sizeof(struct plan_duty), .owner = O_DUTY,
	  .what = N_("duty") },
	{ .key = "reports", .type = F_MAP, .required = 0,
	  .off = offsetof(struct plan, reports), .sub = &reports_schema },
};
/* NOLINTEND(bugprone-macro-parentheses) */

static const struct schema top_schema = {
	NULL, top_fields, COUNT(top_fields), NULL
};

static int parse_top(struct loader *ld, const struct yr_event *ev)
{
	struct ctx c = { O_TOP, 0, NULL, NULL, NULL };

	return parse_map(ld, ev, &top_schema, ld->p, &c);
}

/* ---- checks across the file ---- */

static void report_duplicate(struct loader *ld, const struct idrec *first,
			     enum ns ns, const char *key, struct pos pos)
{
	static const char *const names[] = {
		[NS_NONE] = N_("id"), [NS_CODE] = N_("code"),
		[NS_GROUP] = N_("group id"), [NS_TASK] = N_("task id"),
		[NS_INDICATOR] = N_("indicator number"),
		[NS_PERIOD] = N_("period id"), [NS_DUTY] = N_("duty number"),
	};
	char ex[YR_EXCERPT_SIZE];

	if (ns == NS_INDICATOR || ns == NS_DUTY)
		defer(ld, pos, _("duplicate %s %s (first at %lu:%lu)"),
		      _(names[ns]), key, first->pos.line, first->pos.col);
	else
		defer(ld, pos, _("duplicate %s '%s' (first at %lu:%lu)"),
		      _(names[ns]), excerpt(ex, key), first->pos.line,
		      first->pos.col);
}

static const void *owner_obj(const struct plan *p, enum owner o, size_t i)
{
	switch (o) {
	case O_DEPT:
		return &p->depts[i];
	case O_PARTY:
		return &p->parties[i];
	case O_INDICATOR:
		return &p->indicators[i];
	case O_GROUP:
		return &p->groups[i];
	case O_TASK:
		return &p->tasks[i];
	case O_PERIOD:
		return &p->periods[i];
	case O_DUTY:
		return &p->duties[i];
	case O_TOP:
	case O_META:
	case O_COUNT:
		break;
	}
	return NULL;
}

static void check_refs(struct loader *ld)
{
	const struct xref *xs = ld->xrefs.items, *x;
	char where[CTX_SIZE], ex[YR_EXCERPT_SIZE];
	enum ref_problem problem;
	size_t i;

	for (i = 0; i < ld->xrefs.n && !ld->fatal; i++) {
		x = &xs[i];
		if (x->role == R_GROUP ? !ld->have[O_GROUP] : !ld->have[O_DEPT])
			continue;	/* the missing list was reported */
		problem = ref_problem(ld, x);
		if (problem == REF_OK)
			continue;
		/* Described only now: most references are fine. */
		describe(where, sizeof(where), x->owner, x->index,
			 owner_obj(ld->p, x->owner, x->index), x->label);
		excerpt(ex, x->code);
		switch (problem) {
		case REF_UNKNOWN_GROUP:
			defer(ld, x->pos, _("%s: unknown group '%s'"), where,
			      ex);
			break;
		case REF_UNKNOWN_DEPT:
			defer(ld, x->pos, _("%s: unknown department code "
					    "'%s'"), where, ex);
			break;
		case REF_PARTY_NOT_DEPT:
			defer(ld, x->pos, _("%s: '%s' is a party, not a "
			      "department"), where, ex);
			break;
		case REF_UNKNOWN_CODE:
			defer(ld, x->pos, _("%s: unknown department or party "
			      "code '%s'"), where, ex);
			break;
		case REF_OK:
			break;
		}
	}
}

/* ---- entry points ---- */

/* wbuf, when not NULL, is buf and the loader's to keep (plan_load_adopt). */
static int load(const char *name, const char *buf, char *wbuf, size_t len,
		FILE *errf, struct plan **out)
{
	struct loader ld;
	struct yr_event ev;
	int ret = EX_DATAERR;

	memset(&ld, 0, sizeof(ld));
	*out = NULL;
	ld.p = calloc(1, sizeof(*ld.p));
	if (ld.p) {
		ld.p->text = wbuf;
		wbuf = NULL;
	}
	ld.r = ld.p && ld.p->text ?
	       yr_open_inplace(name, ld.p->text, len, errf) :
	       yr_open_mem(name, buf, len, errf);
	if (!ld.p || !ld.r) {
		diag_at(errf, name, 0, 0, _("out of memory"));
		ret = EX_OSERR;
		goto out;
	}
	ld.p->path = save_str(&ld, name, strlen(name));
	if (!ld.p->path)
		goto out;
	if (!len) {
		yr_error_at(ld.r, 1, 1, _("empty plan file"));
		goto out;
	}
	if (yr_next(ld.r, &ev))
		goto out;
	if (ev.type == YR_DOC_END) {
		yr_error_at(ld.r, 1, 1, _("empty plan file"));
		goto out;
	}
	if (ev.type != YR_MAP_START) {
		yr_error(ld.r, &ev, _("expected a mapping at the top level, "
				      "got %s"), yr_describe(&ev));
		goto out;
	}
	parse_top(&ld, &ev);
	/* The rest of the stream: a second document is an error too. */
	if (!ld.fatal && yr_next(ld.r, &ev))
		ld.fatal = 1;
	if (ld.fatal)
		goto out;
	check_refs(&ld);
	flush_diags(&ld);
	if (ld.oom || yr_error_count(ld.r))
		goto out;
	/* Every lookup goes through the index (plan.h). */
	if (plan_index_build(ld.p)) {
		out_of_memory(&ld);
		goto out;
	}
	*out = ld.p;
	ld.p = NULL;
	ret = 0;
out:
	if (ld.oom)
		ret = EX_OSERR;
	/* After a syntax error, only what was reported as it came: the
	 * checks across the file did not run. */
	if (ld.fatal)
		drop_diags(&ld);
	flush_diags(&ld);
	vec_free(&ld.ids);
	free(ld.slots);
	vec_free(&ld.xrefs);
	yr_close(ld.r);
	plan_free(ld.p);
	free(wbuf);
	return ret;
}

int plan_load_mem(const char *name, const char *buf, size_t len, FILE *errf,
		  struct plan **out)
{
	return load(name, buf, NULL, len, errf, out);
}

int plan_load_adopt(const char *name, char *buf, size_t len, FILE *errf,
		    struct plan **out)
{
	return load(name, buf, buf, len, errf, out);
}

/* Reads all of fd, at most YR_MAX_FILE_SIZE bytes. size_hint is the size
 * fstat saw, 0 when unknown. Returns 0, -1 with errno on a read error, or
 * 1 if the file is too large. */
static int read_all(int fd, size_t size_hint, char **out, size_t *outlen)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, want;
	ssize_t n;
	int ret = -1, saved;

	for (;;) {
		if (len == cap) {
			/* One byte over the hint finds EOF in one read. */
			want = cap ? cap * 2 : size_hint ? size_hint + 1 : 65536;
			if (want > (size_t)YR_MAX_FILE_SIZE + 1)
				want = (size_t)YR_MAX_FILE_SIZE + 1;
			if (want <= cap) {
				ret = 1;
				goto out;
			}
			/* A fault per 2 MB as read() fills it. */
			nb = mem_realloc_huge(buf, want, 1);
			if (!nb)
				goto out;
			buf = nb;
			cap = want;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (len > YR_MAX_FILE_SIZE) {
		ret = 1;
		goto out;
	}
	*out = buf;
	*outlen = len;
	buf = NULL;
	ret = 0;
out:
	saved = errno;
	free(buf);
	errno = saved;
	return ret;
}

int plan_load(const char *path, FILE *errf, struct plan **out)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd, ret, saved;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* Unreadable is not missing: 77, not 66. */
		ret = errno == EACCES || errno == EPERM ? EX_NOPERM : EX_NOINPUT;
		diag_at(errf, path, 0, 0, _("cannot open: %s"),
			err_strerror(errno));
		goto out;
	}
	if (fstat(fd, &st)) {
		diag_at(errf, path, 0, 0, _("cannot open: %s"),
			err_strerror(errno));
		ret = EX_NOINPUT;
		goto out;
	}
	/* open() succeeds on a directory; read() would fail less clearly. */
	if (S_ISDIR(st.st_mode)) {
		diag_at(errf, path, 0, 0, _("cannot open: %s"),
			err_strerror(EISDIR));
		ret = EX_NOINPUT;
		goto out;
	}
	/* Refused before reading a byte of it. */
	if (S_ISREG(st.st_mode) && st.st_size > (off_t)YR_MAX_FILE_SIZE) {
		diag_at(errf, path, 0, 0, _("file too large (%jd bytes; the "
					    "limit is %u)"),
			(intmax_t)st.st_size, YR_MAX_FILE_SIZE);
		ret = EX_DATAERR;
		goto out;
	}
	switch (read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			 &buf, &len)) {
	case 0:
		break;
	case 1:
		diag_at(errf, path, 0, 0, _("file too large (more than %u "
					    "bytes)"), YR_MAX_FILE_SIZE);
		ret = EX_DATAERR;
		goto out;
	default:
		diag_at(errf, path, 0, 0, _("read error: %s"),
			err_strerror(errno));
		ret = EX_IOERR;
		goto out;
	}
	ret = plan_load_adopt(path, buf, len, errf, out);
	buf = NULL;
out:
	saved = errno;
	if (fd >= 0)
		close(fd);
	free(buf);
	errno = saved;
	return ret;
}
