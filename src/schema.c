/* schema.c: the table of entry types and fields (schema.h), the text
 * rule, user names, enum spellings, and the help and options the table
 * gives the commands that record. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "plantrack/i18n.h"
#include "plantrack/schema.h"
#include "plantrack/utf8.h"

/* Members the table reaches through offsets must be int-sized where the
 * kind says int. */
_Static_assert(sizeof(enum task_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum task_role) == sizeof(int), "enum size");
_Static_assert(sizeof(enum entry_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum section_id) == sizeof(int), "enum size");

#define OFF(member) offsetof(struct state_entry, member)
#define CUR(member) offsetof(struct state_current, member)

/* ---- enums ---- */

static const char *const type_names[] = {
	[ENTRY_TASK] = "task", [ENTRY_INDICATOR] = "indicator",
	[ENTRY_SUBMIT] = "submit", [ENTRY_SECTION] = "section",
};

static const struct schema_enum type_enum = {
	type_names, type_names, 4, NULL, 0,
	N_("task, indicator, submit or section"), NULL,
};

static const char *const role_names[] = {
	[ROLE_LEAD] = "lead", [ROLE_COORDINATING] = "coordinating",
};

static const char *const role_labels[] = {
	[ROLE_LEAD] = "chủ trì", [ROLE_COORDINATING] = "phối hợp",
};

/* TRANSLATORS: a department's role on a task: cơ quan chủ trì, cơ quan
 * phối hợp. */
static const char *const role_words[] = {
	[ROLE_LEAD] = N_("lead"), [ROLE_COORDINATING] = N_("coordinating"),
};

static const struct schema_enum role_enum = {
	role_names, role_labels, 2, NULL, 0, N_("lead or coordinating"),
	role_words,
};

static const char *const status_names[] = {
	[STATUS_NOT_STARTED] = "not_started",
	[STATUS_IN_PROGRESS] = "in_progress",
	[STATUS_DONE] = "done",
};

static const char *const status_labels[] = {
	[STATUS_NOT_STARTED] = "Chưa thực hiện",
	[STATUS_IN_PROGRESS] = "Đang thực hiện",
	[STATUS_DONE] = "Đã hoàn thành",
};

/* The words of the report forms, as people type them. */
static const struct schema_spelling status_spellings[] = {
	{ STATUS_NOT_STARTED, "Chưa thực hiện" },
	{ STATUS_IN_PROGRESS, "Đang thực hiện" },
	{ STATUS_DONE, "Hoàn thành" },
	{ STATUS_DONE, "Đã hoàn thành" },
};

/* The interface's words for a status (planview.c's): the same as the
 * reports' in Vietnamese. */
static const char *const status_words[] = {
	[STATUS_NOT_STARTED] = N_("Not started"),
	[STATUS_IN_PROGRESS] = N_("In progress"),
	[STATUS_DONE] = N_("Done"),
};

static const struct schema_enum status_enum = {
	status_names, status_labels, 3, status_spellings,
	sizeof(status_spellings) / sizeof(status_spellings[0]),
	N_("not_started, in_progress or done"), status_words,
};

static const char *const section_names[] = {
	[SECTION_DIRECTION] = "direction",
	[SECTION_HIGHLIGHTS] = "highlights",
	[SECTION_SHORTCOMINGS] = "shortcomings",
	[SECTION_CAUSES] = "causes",
	[SECTION_OUTLOOK] = "outlook",
	[SECTION_PROPOSALS] = "proposals",
};

static const char *const section_labels[] = {
	[SECTION_DIRECTION] =
		"Công tác chỉ đạo, triển khai, quán triệt, tuyên truyền",
	[SECTION_HIGHLIGHTS] = "Kết quả nổi bật",
	[SECTION_SHORTCOMINGS] = "Tồn tại, hạn chế",
	[SECTION_CAUSES] = "Nguyên nhân",
	[SECTION_OUTLOOK] = "Phương hướng, nhiệm vụ thời gian tới",
	[SECTION_PROPOSALS] = "Kiến nghị, đề xuất",
};

/* The report's numbers and words, as people type them (with or without
 * accents: "ton tai, han che"). */
static const struct schema_spelling section_spellings[] = {
	{ SECTION_DIRECTION, "I" },
	{ SECTION_DIRECTION, "chỉ đạo" },
	{ SECTION_DIRECTION, "công tác chỉ đạo" },
	{ SECTION_DIRECTION, "chỉ đạo, triển khai" },
	{ SECTION_DIRECTION, "Công tác chỉ đạo, triển khai, quán triệt, "
			     "tuyên truyền" },
	{ SECTION_DIRECTION, "tuyên truyền" },
	{ SECTION_HIGHLIGHTS, "III.1" },
	{ SECTION_HIGHLIGHTS, "nổi bật" },
	{ SECTION_HIGHLIGHTS, "kết quả nổi bật" },
	{ SECTION_SHORTCOMINGS, "III.2" },
	{ SECTION_SHORTCOMINGS, "tồn tại" },
	{ SECTION_SHORTCOMINGS, "hạn chế" },
	{ SECTION_SHORTCOMINGS, "tồn tại, hạn chế" },
	{ SECTION_SHORTCOMINGS, "tồn tại hạn chế" },
	{ SECTION_CAUSES, "III.3" },
	{ SECTION_CAUSES, "nguyên nhân" },
	{ SECTION_OUTLOOK, "IV" },
	{ SECTION_OUTLOOK, "phương hướng" },
	{ SECTION_OUTLOOK, "phương hướng, nhiệm vụ" },
	{ SECTION_OUTLOOK, "phương hướng nhiệm vụ" },
	{ SECTION_OUTLOOK, "nhiệm vụ thời gian tới" },
	{ SECTION_OUTLOOK, "Phương hướng, nhiệm vụ thời gian tới" },
	{ SECTION_PROPOSALS, "V" },
	{ SECTION_PROPOSALS, "kiến nghị" },
	{ SECTION_PROPOSALS, "đề xuất" },
	{ SECTION_PROPOSALS, "kiến nghị, đề xuất" },
	{ SECTION_PROPOSALS, "kiến nghị đề xuất" },
};

static const struct schema_enum section_enum = {
	section_names, section_labels, N_SECTIONS, section_spellings,
	sizeof(section_spellings) / sizeof(section_spellings[0]),
	N_("direction, highlights, shortcomings, causes, outlook or proposals"),
	NULL,
};

/* ---- the table ---- */

#define WHO_TASK (SCHEMA_WHO_LEAD | SCHEMA_WHO_COORDINATING)

const struct schema_field schema_header[SCHEMA_N_HEADER] = {
	{ .key = "type", .kind = SCHEMA_TYPE, .flags = SCHEMA_REQUIRED,
	  .off = OFF(kind), .values = &type_enum },
	{ .key = "at", .kind = SCHEMA_INSTANT, .flags = SCHEMA_REQUIRED,
	  .off = OFF(at) },
	{ .key = "user", .kind = SCHEMA_USER, .flags = SCHEMA_REQUIRED,
	  .off = OFF(user) },
	{ .key = "uid", .kind = SCHEMA_UID, .flags = SCHEMA_REQUIRED,
	  .off = OFF(uid), .min = 0, .max = 4294967294L },
};
const size_t schema_n_header = sizeof(schema_header) / sizeof(schema_header[0]);

static const struct schema_field task_fields[] = {
	{ .key = "task", .kind = SCHEMA_TASK,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(task),
	  .who = WHO_TASK, .label = N_("task") },
	{ .key = "role", .kind = SCHEMA_ENUM,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(role),
	  .values = &role_enum, .who = WHO_TASK, .label = N_("role") },
	{ .key = "status", .kind = SCHEMA_ENUM, .flags = SCHEMA_RULED,
	  .off = OFF(status), .bit = SET_STATUS, .values = &status_enum,
	  .who = SCHEMA_WHO_LEAD, .fold = SCHEMA_FOLD_REPLACE,
	  .cur_off = CUR(status), .option = "status", .metavar = "S",
	  .help = N_("not_started, in_progress or done, or the words of the "
		     "report (\"Đang thực hiện\", with or without accents); "
		     "done means 100%"),
	  .label = N_("status") },
	{ .key = "progress", .kind = SCHEMA_INT,
	  .flags = SCHEMA_RULED | SCHEMA_PERCENT,
	  .off = OFF(progress), .bit = SET_PROGRESS, .min = 0, .max = 100,
	  .who = SCHEMA_WHO_LEAD, .fold = SCHEMA_FOLD_REPLACE,
	  .cur_off = CUR(progress), .option = "progress", .metavar = "N",
	  .help = N_("0 to 100; 100 means done, 1 to 99 starts a task not "
		     "started"),
	  .label = N_("progress") },
	{ .key = "result", .kind = SCHEMA_TEXT, .flags = SCHEMA_CLEAR,
	  .off = OFF(result), .bit = SET_RESULT, .max = SCHEMA_TEXT_MAX,
	  .who = WHO_TASK, .fold = SCHEMA_FOLD_REPLACE, .option = "result",
	  .metavar = "TEXT",
	  .help = N_("what was achieved (kết quả thực hiện); replaces the "
		     "last one, \"\" clears it"),
	  .label = N_("result") },
	{ .key = "difficulty", .kind = SCHEMA_TEXT, .flags = SCHEMA_CLEAR,
	  .off = OFF(difficulty), .bit = SET_DIFFICULTY,
	  .max = SCHEMA_TEXT_MAX, .who = WHO_TASK,
	  .fold = SCHEMA_FOLD_REPLACE, .option = "difficulty",
	  .metavar = "TEXT",
	  .help = N_("the problems met now (khó khăn, vướng mắc); replaces "
		     "the last ones, \"\" clears them"),
	  .label = N_("difficulties") },
	{ .key = "proposal", .kind = SCHEMA_TEXT, .flags = SCHEMA_CLEAR,
	  .off = OFF(proposal), .bit = SET_PROPOSAL, .max = SCHEMA_TEXT_MAX,
	  .who = WHO_TASK, .fold = SCHEMA_FOLD_REPLACE, .option = "proposal",
	  .metavar = "TEXT",
	  .help = N_("what you ask of higher levels (kiến nghị, đề xuất); "
		     "replaces the last one, \"\" clears it"),
	  .label = N_("proposals") },
};

static const struct schema_field indicator_fields[] = {
	{ .key = "indicator", .kind = SCHEMA_INDICATOR,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(indicator),
	  .who = SCHEMA_WHO_MONITORING, .label = N_("indicator") },
	{ .key = "period", .kind = SCHEMA_PERIOD,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(period),
	  .who = SCHEMA_WHO_MONITORING, .option = "period", .metavar = "P",
	  .help = N_("a period id of the plan (h1, annual)"),
	  .label = N_("reporting period") },
	{ .key = "value", .kind = SCHEMA_NUMBER,
	  .flags = SCHEMA_REQUIRED | SCHEMA_UNIT, .off = OFF(value),
	  .dmin = 0, .dmax = 1e15, .who = SCHEMA_WHO_MONITORING,
	  .fold = SCHEMA_FOLD_REPLACE, .option = "value", .metavar = "X",
	  .help = N_("the value (0 to 100 for %; 97,5 and 97.5 both work)"),
	  .label = N_("value") },
	{ .key = "note", .kind = SCHEMA_TEXT, .flags = SCHEMA_CLEAR,
	  .off = OFF(note), .bit = SET_NOTE, .max = SCHEMA_TEXT_MAX,
	  .who = SCHEMA_WHO_MONITORING, .fold = SCHEMA_FOLD_REPLACE,
	  .option = "note", .metavar = "TEXT",
	  .help = N_("where the number comes from; kept until replaced, "
		     "\"\" clears it"),
	  .label = N_("note") },
};

static const struct schema_field submit_fields[] = {
	{ .key = "period", .kind = SCHEMA_PERIOD,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(period),
	  .who = SCHEMA_WHO_DEPARTMENT, .option = "period", .metavar = "P",
	  .help = N_("a period id of the plan (h1, annual)"),
	  .label = N_("reporting period") },
	/* Always written; a file may leave it out (false). */
	{ .key = "consolidated", .kind = SCHEMA_BOOL, .flags = SCHEMA_SUBJECT,
	  .off = OFF(consolidated), .who = SCHEMA_WHO_CONSOLIDATING,
	  .option = "consolidated",
	  .help = N_("the consolidating department (KT): the consolidated "
		     "report went to the recipient (Sở Tài chính)"),
	  .label = N_("consolidated report") },
	{ .key = "withdraw", .kind = SCHEMA_BOOL, .off = OFF(withdraw),
	  .bit = SET_WITHDRAW, .who = SCHEMA_WHO_DEPARTMENT,
	  .option = "withdraw",
	  .help = N_("take the department's report back, until the "
		     "consolidated report of the period is sent"),
	  .label = N_("withdrawn") },
};

/* A section's text: the subject is the period, the section and whose
 * report it belongs to; the text is prose of several paragraphs. */
static const struct schema_field section_fields[] = {
	{ .key = "period", .kind = SCHEMA_PERIOD,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(period),
	  .who = SCHEMA_WHO_DEPARTMENT, .label = N_("reporting period") },
	{ .key = "section", .kind = SCHEMA_ENUM,
	  .flags = SCHEMA_REQUIRED | SCHEMA_SUBJECT, .off = OFF(section),
	  .values = &section_enum, .who = SCHEMA_WHO_DEPARTMENT,
	  .label = N_("section") },
	/* Always written; a file may leave it out (false). */
	{ .key = "commune", .kind = SCHEMA_BOOL, .flags = SCHEMA_SUBJECT,
	  .off = OFF(commune), .who = SCHEMA_WHO_CONSOLIDATING,
	  .option = "commune",
	  .help = N_("the consolidating department (KT): the commune's own "
		     "text of the section, which opens it in the consolidated "
		     "report, instead of the department's"),
	  .label = N_("consolidated report") },
	/* In every entry (need_one); optional on the command line, which
	 * has other ways to give it. */
	{ .key = "text", .kind = SCHEMA_TEXT,
	  .flags = SCHEMA_CLEAR | SCHEMA_LONG,
	  .off = OFF(text), .bit = SET_TEXT, .max = SCHEMA_SECTION_MAX,
	  .who = SCHEMA_WHO_DEPARTMENT, .fold = SCHEMA_FOLD_REPLACE,
	  .option = "text", .metavar = "TEXT",
	  .help = N_("the text (paragraphs separated by an empty line); "
		     "replaces the last one, \"\" clears it"),
	  .label = N_("text") },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct schema_type schema_types[] = {
	[ENTRY_TASK] = { ENTRY_TASK, "task", N_("a task entry"), "update",
			 task_fields, N(task_fields),
			 SET_STATUS | SET_PROGRESS | SET_RESULT |
			 SET_DIFFICULTY | SET_PROPOSAL },
	[ENTRY_INDICATOR] = { ENTRY_INDICATOR, "indicator",
			      N_("an indicator entry"), "indicator",
			      indicator_fields, N(indicator_fields), 0 },
	[ENTRY_SUBMIT] = { ENTRY_SUBMIT, "submit", N_("a submit entry"),
			   "submit",
			   submit_fields, N(submit_fields), 0 },
	[ENTRY_SECTION] = { ENTRY_SECTION, "section", "a section entry",
			    "write", section_fields, N(section_fields),
			    SET_TEXT },
};
const size_t schema_n_types = N(schema_types);

_Static_assert(N(task_fields) <= SCHEMA_MAX_FIELDS, "too many fields");
_Static_assert(N(indicator_fields) <= SCHEMA_MAX_FIELDS, "too many fields");
_Static_assert(N(submit_fields) <= SCHEMA_MAX_FIELDS, "too many fields");
_Static_assert(N(section_fields) <= SCHEMA_MAX_FIELDS, "too many fields");
_Static_assert(N(section_names) == N_SECTIONS, "a name per section");
_Static_assert(N(section_labels) == N_SECTIONS, "a title per section");

const struct schema_type *schema_type_of(enum entry_kind kind)
{
	return (unsigned)kind < schema_n_types ? &schema_types[kind] : NULL;
}

const struct schema_type *schema_type_named(const char *name)
{
	size_t i;

	for (i = 0; name && i < schema_n_types; i++)
		if (!strcmp(schema_types[i].name, name))
			return &schema_types[i];
	return NULL;
}

const struct schema_type *schema_type_of_command(const char *command)
{
	size_t i;

	for (i = 0; command && i < schema_n_types; i++)
		if (!strcmp(schema_types[i].command, command))
			return &schema_types[i];
	return NULL;
}

/* The loader asks for every key of every entry: the first letters tell
 * most keys apart before strcmp has to. */
static int key_is(const char *a, const char *b)
{
	return a[0] == b[0] && !strcmp(a, b);
}

const struct schema_field *schema_field(const struct schema_type *t,
					const char *key)
{
	size_t i;

	for (i = 0; t && key && i < t->n_fields; i++)
		if (key_is(t->fields[i].key, key))
			return &t->fields[i];
	return NULL;
}

const struct schema_field *schema_any_field(const char *key)
{
	const struct schema_field *f = NULL;
	size_t i;

	for (i = 0; key && !f && i < schema_n_header; i++)
		if (key_is(schema_header[i].key, key))
			f = &schema_header[i];
	for (i = 0; key && !f && i < schema_n_types; i++)
		f = schema_field(&schema_types[i], key);
	return f;
}

size_t schema_index(const struct schema_type *t, const struct schema_field *f)
{
	return (size_t)(f - t->fields);
}

void schema_all_keys(struct strbuf *sb)
{
	size_t i, j;

	for (i = 0; i < schema_n_header; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", schema_header[i].key);
	for (i = 0; i < schema_n_types; i++) {
		for (j = 0; j < schema_types[i].n_fields; j++) {
			const char *k = schema_types[i].fields[j].key;

			/* The first type that has it names it. */
			if (schema_any_field(k) == &schema_types[i].fields[j])
				strbuf_addf(sb, ", %s", k);
		}
	}
}

/* ---- values ---- */

static const void *at_off(const struct state_entry *e, size_t off)
{
	return (const char *)e + off;
}

static void *at_off_w(struct state_entry *e, size_t off)
{
	return (char *)e + off;
}

bool schema_is_set(const struct state_entry *e, const struct schema_field *f)
{
	return !f->bit || (e->set & f->bit);
}

const char *schema_get_str(const struct state_entry *e,
			   const struct schema_field *f)
{
	const char *s;

	memcpy(&s, at_off(e, f->off), sizeof(s));
	return s;
}

long schema_get_int(const struct state_entry *e, const struct schema_field *f)
{
	int v;
	long l;

	if (f->kind == SCHEMA_UID) {
		memcpy(&l, at_off(e, f->off), sizeof(l));
		return l;
	}
	memcpy(&v, at_off(e, f->off), sizeof(v));
	return v;
}

double schema_get_number(const struct state_entry *e,
			 const struct schema_field *f)
{
	double v;

	memcpy(&v, at_off(e, f->off), sizeof(v));
	return v;
}

bool schema_get_bool(const struct state_entry *e, const struct schema_field *f)
{
	bool v;

	memcpy(&v, at_off(e, f->off), sizeof(v));
	return v;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Whether field f of a and of b (of one type) says the same. */
static bool same_field(const struct state_entry *a, const struct state_entry *b,
		       const struct schema_field *f)
{
	if (schema_is_set(a, f) != schema_is_set(b, f))
		return false;
	if (!schema_is_set(a, f))
		return true;
	switch (f->kind) {
	case SCHEMA_TYPE:
		return a->kind == b->kind;
	case SCHEMA_INSTANT:
		return a->at == b->at && a->utc_offset == b->utc_offset;
	case SCHEMA_USER:
	case SCHEMA_TEXT:
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
		return same_str(schema_get_str(a, f), schema_get_str(b, f));
	case SCHEMA_UID:
	case SCHEMA_INT:
	case SCHEMA_ENUM:
	case SCHEMA_INDICATOR:
		return schema_get_int(a, f) == schema_get_int(b, f);
	case SCHEMA_NUMBER:
		/* Finite (the loader's rule): equal values, the same bytes
		 * in the image but for a zero's sign. */
		return schema_get_number(a, f) == schema_get_number(b, f) &&
		       signbit(schema_get_number(a, f)) ==
		       signbit(schema_get_number(b, f));
	case SCHEMA_BOOL:
		return schema_get_bool(a, f) == schema_get_bool(b, f);
	}
	return false;
}

bool schema_entry_same(const struct state_entry *a,
		       const struct state_entry *b)
{
	const struct schema_type *t = schema_type_of(a->kind);
	size_t i;

	if (a->kind != b->kind || a->set != b->set || !t ||
	    !same_str(a->dept, b->dept))
		return false;
	for (i = 0; i < schema_n_header; i++)
		if (!same_field(a, b, &schema_header[i]))
			return false;
	for (i = 0; i < t->n_fields; i++)
		if (!same_field(a, b, &t->fields[i]))
			return false;
	return true;
}

void schema_set_str(struct state_entry *e, const struct schema_field *f,
		    const char *s)
{
	memcpy(at_off_w(e, f->off), &s, sizeof(s));
	e->set |= f->bit;
}

void schema_set_int(struct state_entry *e, const struct schema_field *f,
		    long v)
{
	int i = (int)v;

	if (f->kind == SCHEMA_UID)
		memcpy(at_off_w(e, f->off), &v, sizeof(v));
	else
		memcpy(at_off_w(e, f->off), &i, sizeof(i));
	e->set |= f->bit;
}

void schema_set_number(struct state_entry *e, const struct schema_field *f,
		       double v)
{
	memcpy(at_off_w(e, f->off), &v, sizeof(v));
	e->set |= f->bit;
}

void schema_set_bool(struct state_entry *e, const struct schema_field *f,
		     bool v)
{
	memcpy(at_off_w(e, f->off), &v, sizeof(v));
	e->set |= f->bit;
}

/* ---- enums ---- */

/* s folded for comparison: NFD, combining marks dropped, đ as d, ASCII
 * lower case, runs of spaces, '_' and '-' as one space, no space at
 * either end. Returns a malloc'd string or NULL (invalid UTF-8, ENOMEM). */
static char *fold_word(const char *s)
{
	uint8_t *d = NULL;
	char *out = NULL;
	size_t n = 0, i, k = 0, len;
	uint32_t cp;
	int space = 0;

	len = strlen(s);
	if (!utf8_valid(s, len, NULL))
		goto out;
	if (!len) {
		out = calloc(1, 1);
		goto out;
	}
	d = u8_normalize(UNINORM_NFD, (const uint8_t *)s, len, NULL, &n);
	if (!d)
		goto out;
	out = malloc(n + 1);
	if (!out)
		goto out;
	for (i = 0; i < n;) {
		size_t l = utf8_decode((const char *)d + i, n - i, &cp);

		if (!l)
			break;
		i += l;
		if (cp >= 0x300 && cp <= 0x36F)
			continue;	/* a combining accent */
		if (cp == 0x111 || cp == 0x110)
			cp = 'd';
		if (cp == ' ' || cp == '_' || cp == '-' || cp == '\t') {
			space = k > 0;
			continue;
		}
		if (space)
			out[k++] = ' ';
		space = 0;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp < 0x80) {
			out[k++] = (char)cp;
		} else {
			memcpy(out + k, d + i - l, l);
			k += l;
		}
	}
	out[k] = '\0';
out:
	free(d);
	return out;
}

int schema_enum_lookup(const struct schema_enum *en, const char *s)
{
	size_t i;

	for (i = 0; s && i < en->n; i++)
		if (!strcmp(en->names[i], s))
			return (int)i;
	return -1;
}

int schema_enum_parse(const struct schema_enum *en, const char *s)
{
	char *want = NULL, *w = NULL;
	size_t i;
	int v = schema_enum_lookup(en, s);

	if (v >= 0 || !s)
		goto out;
	want = fold_word(s);
	if (!want)
		goto out;
	for (i = 0; v < 0 && i < en->n + en->n_spellings; i++) {
		free(w);
		w = fold_word(i < en->n ? en->names[i] :
			      en->spellings[i - en->n].text);
		if (w && !strcmp(w, want))
			v = i < en->n ? (int)i : en->spellings[i - en->n].value;
	}
out:
	free(w);
	free(want);
	return v;
}

const char *schema_enum_name(const struct schema_enum *en, long v)
{
	return v >= 0 && (size_t)v < en->n ? en->names[v] : "?";
}

const char *schema_enum_label(const struct schema_enum *en, long v)
{
	if (v < 0 || (size_t)v >= en->n)
		return "?";
	return en->labels ? en->labels[v] : en->names[v];
}

/* ---- text ---- */

static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
	       (cp >= 0x80 && cp <= 0x9F);
}

/* Line and column (in characters) of byte offset off of valid UTF-8 s:
 * only for a message, so counted afresh. */
static void where(const char *s, size_t off, struct text_issue *issue)
{
	size_t i;

	issue->line = issue->col = 1;
	for (i = 0; i < off; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			issue->line++;
			issue->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			issue->col++;
		}
	}
}

int schema_text_check(const char *s, size_t len, size_t max,
		      struct text_issue *issue)
{
	size_t i, l, bad;
	uint32_t cp;
	int ret = -1;

	memset(issue, 0, sizeof(*issue));
	issue->max = max;
	issue->len = len;
	if (len > max) {
		issue->problem = TEXT_TOO_LONG;
		goto out;
	}
	/* Every refused character starts with a byte below 0x20, DEL, or
	 * the lead bytes C2 (C1 controls) and E2 (the bidi controls):
	 * decode only there. Every record is checked on every load. A
	 * malformed sequence is left to the NFC check, which validates. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != 0x7F && c != 0xC2 && c != 0xE2)
			continue;
		l = utf8_decode(s + i, len - i, &cp);
		if (!l || !(is_control(cp) || is_bidi_control(cp)))
			continue;
		issue->problem = is_control(cp) ? TEXT_CONTROL : TEXT_BIDI;
		issue->offset = i;
		issue->cp = cp;
		where(s, i, issue);
		goto out;
	}
	if (!utf8_is_nfc(s, len)) {
		issue->problem = TEXT_NOT_NFC;
		if (!utf8_valid(s, len, &bad)) {
			issue->problem = TEXT_INVALID_UTF8;
			issue->offset = bad;
		}
		goto out;
	}
	ret = 0;
out:
	return ret;
}

int schema_text_input(const char *s, size_t len, size_t max, char **out,
		      struct text_issue *issue)
{
	char *lf = NULL, *nfc = NULL;
	size_t i, k = 0, n = 0, bad;
	int ret = -1;

	*out = NULL;
	memset(issue, 0, sizeof(*issue));
	issue->max = max;
	issue->len = len;
	/* NFC can grow a text only a little: anything far over the limit
	 * is refused before the work. */
	if (len / 4 > max) {
		issue->problem = TEXT_TOO_LONG;
		ret = 1;
		goto out;
	}
	if (!utf8_valid(s, len, &bad)) {
		issue->problem = TEXT_INVALID_UTF8;
		issue->offset = bad;
		ret = 1;
		goto out;
	}
	lf = malloc(len + 1);
	if (!lf)
		goto out;
	/* Windows ends lines with CRLF, old Macs with CR: both are LF. */
	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			lf[k++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			lf[k++] = s[i];
		}
	}
	nfc = utf8_to_nfc(lf, k, &n);
	if (!nfc)
		goto out;
	if (schema_text_check(nfc, n, max, issue)) {
		ret = 1;
		goto out;
	}
	*out = nfc;
	nfc = NULL;
	ret = 0;
out:
	free(lf);
	free(nfc);
	return ret;
}

void schema_text_issue(struct strbuf *sb, const struct text_issue *is)
{
	struct strbuf where = STRBUF_INIT;

	if (is->line > 1)
		strbuf_addf(&where, _("character %lu of line %lu"), is->col,
			    is->line);
	else
		strbuf_addf(&where, _("character %lu"), is->col);
	switch (is->problem) {
	case TEXT_OK:
		break;
	case TEXT_TOO_LONG:
		strbuf_addf(sb, _("it is too long (%zu bytes, at most %zu): "
				  "shorten it, or refer to a document that "
				  "has the details"), is->len, is->max);
		break;
	case TEXT_INVALID_UTF8:
		strbuf_addf(sb, _("byte %zu is not valid UTF-8: make sure the "
				  "terminal or the file uses UTF-8"),
			    is->offset + 1);
		break;
	case TEXT_CONTROL:
		strbuf_addf(sb, _("%s is U+%04lX, a control character: remove "
				  "it (such characters come from text copied "
				  "between programs with different encodings)"),
			    where.buf, (unsigned long)is->cp);
		break;
	case TEXT_BIDI:
		strbuf_addf(sb, _("%s is U+%04lX, a bidirectional control that "
				  "can make text display in a misleading "
				  "order: remove it"),
			    where.buf, (unsigned long)is->cp);
		break;
	case TEXT_NOT_NFC:
		strbuf_addstr(sb, _("it is not in Unicode NFC form; normalise "
				    "the file to NFC (e.g. uconv -x any-nfc)"));
		break;
	}
	strbuf_release(&where);
}

/* ---- user names ---- */

int schema_user_check(const char *s, size_t len)
{
	size_t i;
	int ret = -1;

	if (!s || !len || len > SCHEMA_USER_MAX || s[0] == '-' || s[0] == '.')
		goto out;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-' || c == '@')
			continue;
		if (c == '$' && i == len - 1 && i > 0)
			continue;
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* ---- current values ---- */

bool state_current_has(const struct state_current *c,
		       const struct schema_field *f)
{
	return (f->flags & SCHEMA_RULED) || state_current_src(c, f) != NULL;
}

const struct state_entry *state_current_src(const struct state_current *c,
					    const struct schema_field *f)
{
	size_t i = schema_index(c->type, f);

	return i < c->type->n_fields ? c->src[i] : NULL;
}

const char *state_current_str(const struct state_current *c,
			      const struct schema_field *f)
{
	const struct state_entry *e = state_current_src(c, f);

	return e ? schema_get_str(e, f) : NULL;
}

long state_current_int(const struct state_current *c,
		       const struct schema_field *f)
{
	const struct state_entry *e;
	int v;

	if (f->flags & SCHEMA_RULED) {
		memcpy(&v, (const char *)c + f->cur_off, sizeof(v));
		return v;
	}
	e = state_current_src(c, f);
	return e ? schema_get_int(e, f) : 0;
}

double state_current_number(const struct state_current *c,
			    const struct schema_field *f)
{
	const struct state_entry *e = state_current_src(c, f);

	return e ? schema_get_number(e, f) : 0;
}

/* "98,5" with the unit: "98,5%", "12 doanh nghiệp". */
static void format_number(struct strbuf *sb, double v, const char *unit)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%.15g", v);

	if (n < 0 || (size_t)n >= sizeof(buf))
		memcpy(buf, "?", 2);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	strbuf_addstr(sb, buf);
	if (unit && *unit && strcmp(unit, "%") != 0)
		strbuf_addch(sb, ' ');
	if (unit)
		strbuf_addstr(sb, unit);
}

/* Characters of a long text's beginning that a summary quotes. */
#define LONG_QUOTE 60

/* How many paragraphs s has: runs of lines that are not blank. */
static size_t paragraphs(const char *s)
{
	size_t n = 0;
	bool blank = true, line_blank = true;

	for (;; s++) {
		if (*s == '\n' || !*s) {
			if (!line_blank && blank)
				n++;
			blank = line_blank;
			line_blank = true;
			if (!*s)
				break;
		} else if (*s != ' ' && *s != '\t') {
			line_blank = false;
		}
	}
	return n;
}

/* ---- translations, asked once ---- */

/* glibc counts every change that can change gettext's answers (setlocale,
 * textdomain, bindtextdomain: i18n_init calls them after choosing
 * LANGUAGE, and gettext's own cache of answers is keyed on this counter
 * too, so setting LANGUAGE alone switches nothing, for gettext or here). */
extern int _nl_msg_cat_cntr;

/* History describes each change with the same few words (a field's label,
 * an enum's word, "(not set)", its own line formats): gettext's search
 * costs more than the rest of the line, so each message id's answer is
 * kept, by the id's address, until the counter moves. Open addressing,
 * at most half full (then emptied: a few more searches). plantrack has
 * one thread. */
#define TR_SLOTS 128	/* 1 << (64 - 57): see the hash below */

static struct {
	const char *id;
	const char *text;
} tr_cache[TR_SLOTS];
static size_t tr_n;
static int tr_counter;
static bool tr_valid;

const char *schema_gettext(const char *msgid)
{
	/* Fibonacci hashing: ids a few bytes apart land far apart. */
	size_t h = (size_t)(((uint64_t)(uintptr_t)msgid *
			     0x9E3779B97F4A7C15ULL) >> 57);

	if (!tr_valid || tr_counter != _nl_msg_cat_cntr ||
	    tr_n >= TR_SLOTS / 2) {
		memset(tr_cache, 0, sizeof(tr_cache));
		tr_n = 0;
		tr_counter = _nl_msg_cat_cntr;
		tr_valid = true;
	}
	while (tr_cache[h].id && tr_cache[h].id != msgid)
		h = (h + 1) % TR_SLOTS;
	if (!tr_cache[h].id) {
		tr_cache[h].text = gettext(msgid);
		tr_cache[h].id = msgid;
		tr_n++;
	}
	return tr_cache[h].text;
}

/* Appends v in decimal: what "%ld" prints. */
static void add_long(struct strbuf *sb, long v)
{
	char buf[24];
	size_t n = sizeof(buf);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		buf[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--n] = '-';
	strbuf_add(sb, buf + n, sizeof(buf) - n);
}

/* Appends “s”. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "“");
	strbuf_addstr(sb, s);
	strbuf_addstr(sb, "”");
}

/* Appends a field's label as the translation of "%s: " puts it, without
 * printf when that translation holds "%s" and no other '%'. */
static void add_label(struct strbuf *sb, const char *label)
{
	/* TRANSLATORS: a field's name and its change, "status: Not
	 * started → In progress". */
	const char *fmt = schema_gettext(N_("%s: "));
	const char *p = strstr(fmt, "%s");

	if (!p || strchr(fmt, '%') != p || strchr(p + 2, '%')) {
		strbuf_addf(sb, _("%s: "), label);
		return;
	}
	strbuf_add(sb, fmt, (size_t)(p - fmt));
	strbuf_addstr(sb, label);
	strbuf_addstr(sb, p + 2);
}

/* A text of paragraphs as one line: quoted whole when it is one short
 * line, else its first LONG_QUOTE characters (cut at a space, lines
 * joined) and "…", then "(1234 characters, 3 paragraphs)". */
static void format_long(struct strbuf *sb, const char *s)
{
	struct strbuf len = STRBUF_INIT;
	size_t n = 0, np = paragraphs(s), i, cut = 0, k, end;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == LONG_QUOTE)
			cut = i;
	if (n <= LONG_QUOTE && !strchr(s, '\n')) {
		strbuf_addf(sb, "“%s”", s);
		goto out;
	}
	end = cut ? cut : i;
	/* At the last space before the cut, unless that leaves little. */
	for (k = end; cut && k > end / 2 && s[k] != ' ' && s[k] != '\n'; k--)
		;
	if (cut && k > end / 2)
		end = k;
	strbuf_addstr(sb, "“");
	for (k = 0; k < end; k++) {
		if (s[k] != '\n')
			strbuf_addch(sb, s[k]);
		else if (k && s[k - 1] != '\n')
			strbuf_addch(sb, ' ');
	}
	while (sb->len > 3 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_addstr(sb, end < i ? "…”" : "”");
	strbuf_addf(&len, ngettext("%zu character", "%zu characters", n), n);
	if (np > 1) {
		strbuf_addf(sb, " (%s, ", len.buf);
		strbuf_addf(sb, ngettext("%zu paragraph", "%zu paragraphs", np),
			    np);
		strbuf_addch(sb, ')');
	} else {
		strbuf_addf(sb, " (%s)", len.buf);
	}
out:
	strbuf_release(&len);
}

void schema_format_current(struct strbuf *sb, const struct state_current *c,
			   const struct schema_field *f, const char *unit)
{
	const struct state_entry *e = state_current_src(c, f);

	long v;

	if (!state_current_has(c, f)) {
		/* TRANSLATORS: a field that had no value before a change:
		 * "status: (not set) → In progress". */
		strbuf_addstr(sb, schema_gettext(N_("(not set)")));
		return;
	}
	switch (f->kind) {
	case SCHEMA_ENUM:
		v = state_current_int(c, f);
		if (f->values->words && v >= 0 && (size_t)v < f->values->n)
			strbuf_addstr(sb,
				      schema_gettext(f->values->words[v]));
		else
			strbuf_addstr(sb, schema_enum_label(f->values, v));
		break;
	case SCHEMA_INT:
		add_long(sb, state_current_int(c, f));
		if (f->flags & SCHEMA_PERCENT)
			strbuf_addch(sb, '%');
		break;
	case SCHEMA_NUMBER:
		format_number(sb, schema_get_number(e, f),
			      (f->flags & SCHEMA_UNIT) ? unit : NULL);
		break;
	case SCHEMA_BOOL:
		strbuf_addstr(sb, schema_gettext(schema_get_bool(e, f) ?
						 N_("yes") : N_("no")));
		break;
	case SCHEMA_TEXT:
		if (f->flags & SCHEMA_LONG)
			format_long(sb, schema_get_str(e, f));
		else
			add_quoted(sb, schema_get_str(e, f));
		break;
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
	case SCHEMA_USER:
		add_quoted(sb, schema_get_str(e, f));
		break;
	case SCHEMA_INDICATOR:
	case SCHEMA_UID:
		add_long(sb, schema_get_int(e, f));
		break;
	case SCHEMA_TYPE:
	case SCHEMA_INSTANT:
		break;
	}
}

/* Do before and after hold the same value of f? */
static bool same_value(const struct state_current *a,
		       const struct state_current *b,
		       const struct schema_field *f)
{
	const char *x, *y;

	if (state_current_has(a, f) != state_current_has(b, f))
		return false;
	if (!state_current_has(a, f))
		return true;
	switch (f->kind) {
	case SCHEMA_TEXT:
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
	case SCHEMA_USER:
		x = state_current_str(a, f);
		y = state_current_str(b, f);
		return x && y && !strcmp(x, y);
	case SCHEMA_NUMBER:
		return state_current_number(a, f) == state_current_number(b, f);
	case SCHEMA_BOOL:
		return schema_get_bool(state_current_src(a, f), f) ==
		       schema_get_bool(state_current_src(b, f), f);
	default:
		return state_current_int(a, f) == state_current_int(b, f);
	}
}

bool schema_field_shown(const struct state_current *before,
			const struct state_current *after,
			const struct state_entry *e, const struct schema_field *f)
{
	return f->fold == SCHEMA_FOLD_REPLACE &&
	       ((e && schema_is_set(e, f)) || !same_value(before, after, f));
}

size_t schema_describe_changes(struct strbuf *sb,
			       const struct state_current *before,
			       const struct state_current *after,
			       const struct state_entry *e, const char *unit,
			       const char *sep)
{
	const struct schema_type *t = after->type;
	size_t i, n = 0;

	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!schema_field_shown(before, after, e, f))
			continue;
		if (n++)
			strbuf_addstr(sb, sep);
		add_label(sb, schema_gettext(f->label));
		schema_format_current(sb, before, f, unit);
		strbuf_addstr(sb, " → ");
		if (state_current_has(after, f))
			schema_format_current(sb, after, f, unit);
		else if (state_current_has(before, f))
			strbuf_addstr(sb, schema_gettext(N_("(cleared)")));
		else
			strbuf_addstr(sb, schema_gettext(N_("(not set)")));
	}
	return n;
}

/* ---- the command line ---- */

void schema_getopt_init(struct schema_getopt *g, const struct schema_type *t)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	for (i = 0; t && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];
		struct option *o;

		if (!f->option)
			continue;
		o = &g->opts[g->n++];
		o->name = f->option;
		o->has_arg = f->metavar ? required_argument : no_argument;
		o->val = SCHEMA_OPT + (int)i;
		if (f->kind != SCHEMA_TEXT)
			continue;
		snprintf(g->names[i], sizeof(g->names[i]), "%s-file", f->option);
		o = &g->opts[g->n++];
		o->name = g->names[i];
		o->has_arg = required_argument;
		o->val = SCHEMA_OPT_FILE + (int)i;
	}
}

void schema_getopt_add(struct schema_getopt *g, const char *name, int has_arg,
		       int val)
{
	struct option *o;

	if (g->n + 1 >= sizeof(g->opts) / sizeof(g->opts[0]))
		return;
	o = &g->opts[g->n++];
	o->name = name;
	o->has_arg = has_arg;
	o->val = val;
}

const struct schema_field *schema_option_field(const struct schema_type *t,
					       int val, bool *from_file)
{
	int base = val >= SCHEMA_OPT_FILE ? SCHEMA_OPT_FILE : SCHEMA_OPT;
	long i = (long)val - base;

	*from_file = base == SCHEMA_OPT_FILE;
	if (val < SCHEMA_OPT || i < 0 || (size_t)i >= t->n_fields ||
	    !t->fields[i].option)
		return NULL;
	return &t->fields[i];
}

size_t schema_command_options(const char *cmd, struct schema_option *out)
{
	const struct schema_type *t = schema_type_of_command(cmd);
	size_t i, n = 0;

	for (i = 0; t && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!f->option)
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "--%s", f->option);
		out[n].arg = f->metavar;
		out[n].field = f;
		out[n].from_file = false;
		n++;
		if (f->kind != SCHEMA_TEXT)
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "--%s-file",
			 f->option);
		out[n].arg = "FILE";
		out[n].field = f;
		out[n].from_file = true;
		n++;
	}
	return n;
}

void schema_print_synopsis(FILE *f, const char *cmd)
{
	struct schema_option o[SCHEMA_MAX_OPTIONS];
	size_t i, n = schema_command_options(cmd, o);

	for (i = 0; i < n; i++) {
		int req = (o[i].field->flags & SCHEMA_REQUIRED) != 0;

		if (o[i].from_file)
			continue;
		fprintf(f, " %s%s%s%s%s", req ? "" : "[", o[i].name,
			o[i].arg ? " " : "", o[i].arg ? o[i].arg : "",
			req ? "" : "]");
	}
}

#define HELP_COL 20	/* where the help text of an option starts */

static void help_line(FILE *f, const char *left, const char *text)
{
	int w = utf8_width(left);

	fprintf(f, "  %s", left);
	if (w + 2 <= HELP_COL - 1)
		fprintf(f, "%*s", HELP_COL - 2 - w, "");
	else
		fprintf(f, "\n%*s", HELP_COL, "");
	utf8_put_wrapped(f, text, 80 - HELP_COL, HELP_COL);
	fputc('\n', f);
}

/* Who may set what, when it is not everyone: "A coordinating department
 * may record only --result, ... on a task it coordinates." */
static void coordinating_help(FILE *f, const struct schema_type *t)
{
	struct strbuf may = STRBUF_INIT, sb = STRBUF_INIT;
	size_t i, n = 0, k = 0, lead_only = 0;

	for (i = 0; t && i < t->n_fields; i++) {
		const struct schema_field *fl = &t->fields[i];

		if (!fl->option || fl->fold != SCHEMA_FOLD_REPLACE)
			continue;
		if (fl->who & SCHEMA_WHO_COORDINATING)
			n++;
		else if (fl->who & SCHEMA_WHO_LEAD)
			lead_only++;
	}
	if (!n || !lead_only)
		goto out;
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *fl = &t->fields[i];

		if (!fl->option || fl->fold != SCHEMA_FOLD_REPLACE ||
		    !(fl->who & SCHEMA_WHO_COORDINATING))
			continue;
		strbuf_addf(&may, "%s--%s", k ? ", " : "", fl->option);
		k++;
	}
	strbuf_addf(&sb, _("A coordinating department may record only %s on "
			   "a task it coordinates."), may.buf);
	utf8_put_wrapped(f, sb.buf, 78, 0);
	fputc('\n', f);
out:
	strbuf_release(&may);
	strbuf_release(&sb);
}

void schema_print_help(FILE *f, const char *cmd)
{
	struct schema_option o[SCHEMA_MAX_OPTIONS];
	struct strbuf left = STRBUF_INIT, files = STRBUF_INIT;
	size_t i, n = schema_command_options(cmd, o);

	for (i = 0; i < n; i++) {
		if (o[i].from_file) {
			strbuf_addf(&files, "%s%s FILE", files.len ? ", " : "",
				    o[i].name);
			continue;
		}
		strbuf_reset(&left);
		strbuf_addf(&left, "%s%s%s", o[i].name, o[i].arg ? " " : "",
			    o[i].arg ? o[i].arg : "");
		help_line(f, left.buf, _(o[i].field->help));
	}
	if (files.len) {
		help_line(f, files.buf, _("the same text read from FILE (- for "
					  "standard input): for text pasted "
					  "from other programs, with several "
					  "lines"));
	}
	coordinating_help(f, schema_type_of_command(cmd));
	strbuf_release(&left);
	strbuf_release(&files);
}
