/* schema.h: what a recorded entry may hold, in one table.
 *
 * Every entry type (task, indicator, submit, section) is a list of
 * fields, and every field is one row (src/schema.c): its YAML key, its
 * kind and limits, who may set it, how it folds, its command-line option
 * and help line, its label in outputs. The loader (state_load.c), the
 * emitter (state_save.c), the fold (fold.c), history's before and after
 * (history.c), the commands that record (cmd_update.c, cmd_write.c),
 * their help and completion all read the rows: a new field is one row,
 * a member of struct state_entry, and the renderers that show it.
 *
 * Text is checked by one rule, schema_text_check, on the command line and
 * in the loader alike, so that nothing the command line accepts can make
 * a file the loader refuses.
 *
 * Everything here is static data or works on the caller's memory.
 */
#ifndef PLANTRACK_SCHEMA_H
#define PLANTRACK_SCHEMA_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plantrack/state.h"
#include "plantrack/strbuf.h"

/* How a value is written and what it may be; where it lives in struct
 * state_entry (the member at off) follows from the kind. */
enum schema_kind {
	SCHEMA_TYPE,		/* the entry type: enum entry_kind */
	SCHEMA_INSTANT,		/* "at": time_t at and int utc_offset */
	SCHEMA_USER,		/* const char *: a user name (schema_user_check) */
	SCHEMA_UID,		/* long: 0 .. 4294967294 */
	SCHEMA_TEXT,		/* const char *: schema_text_check, max bytes */
	SCHEMA_INT,		/* int in [min, max] */
	SCHEMA_NUMBER,		/* double, finite, in [min, max] */
	SCHEMA_ENUM,		/* an int-sized enum: one of values->names */
	SCHEMA_BOOL,		/* bool */
	SCHEMA_TASK,		/* const char *: a task id of the plan */
	SCHEMA_INDICATOR,	/* int: an indicator number of the plan */
	SCHEMA_PERIOD,		/* const char *: a period id of the plan */
};

/* Field flags. */
#define SCHEMA_REQUIRED	0x01u	/* in every entry of its type */
#define SCHEMA_SUBJECT	0x02u	/* says what the entry is about: entries
				 * with the same subject fold together */
#define SCHEMA_CLEAR	0x04u	/* text: "" clears the value */
#define SCHEMA_RULED	0x08u	/* status or progress: its value follows the
				 * status rule (state_current_apply) */
#define SCHEMA_UNIT	0x10u	/* shown with the indicator's unit */
#define SCHEMA_PERCENT	0x20u	/* shown with "%" */
#define SCHEMA_LONG	0x40u	/* text of paragraphs: outputs that tell a
				 * change show its beginning and its length */

/* Who may set a field: the capacity the department acts in. */
#define SCHEMA_WHO_LEAD		0x01u	/* leads the task */
#define SCHEMA_WHO_COORDINATING	0x02u	/* coordinates the task */
#define SCHEMA_WHO_MONITORING	0x04u	/* monitors the indicator */
#define SCHEMA_WHO_CONSOLIDATING 0x08u	/* consolidates the period's reports */
#define SCHEMA_WHO_DEPARTMENT	0x10u	/* any department */

enum schema_fold {
	SCHEMA_FOLD_NONE,	/* identity, or an event the fold interprets */
	SCHEMA_FOLD_REPLACE,	/* the latest value is the current one */
};

/* A word people may type for an enum value, besides its name. Matched
 * without regard to case, diacritics, spaces, '_' and '-'. */
struct schema_spelling {
	int value;
	const char *text;
};

struct schema_enum {
	const char *const *names;	/* by value: the file's and JSON's word */
	const char *const *labels;	/* by value: the word in outputs */
	size_t n;
	const struct schema_spelling *spellings;
	size_t n_spellings;
	const char *expected;		/* "not_started, in_progress or done":
					 * N_(), translate where printed */
	/* by value: the interface's words (N_(), translated where printed;
	 * NULL: the labels), as history and update show a value. */
	const char *const *words;
};

struct schema_field {
	const char *key;		/* YAML and JSON key */
	enum schema_kind kind;
	unsigned flags;			/* SCHEMA_REQUIRED ... */
	size_t off;			/* the member of struct state_entry */
	unsigned bit;			/* its SET_* bit; 0 for required fields */
	long min, max;			/* INT; TEXT: max bytes in max */
	double dmin, dmax;		/* NUMBER */
	const struct schema_enum *values;	/* ENUM */
	unsigned who;			/* SCHEMA_WHO_* that may set it */
	enum schema_fold fold;
	size_t cur_off;			/* RULED: the member of struct
					 * state_current holding its value */
	const char *option;		/* "status" for --status, or NULL;
					 * text also has --status-file */
	const char *metavar;		/* "S"; NULL: a flag without argument */
	const char *help;		/* N_(): the line in 'help COMMAND' */
	const char *label;		/* N_("status"): its name in outputs,
					 * translated where printed */
};

struct schema_type {
	enum entry_kind kind;
	const char *name;		/* "task" */
	const char *what;		/* N_("a task entry"): in messages */
	const char *command;		/* the command that records it */
	const struct schema_field *fields;	/* file order */
	size_t n_fields;
	unsigned need_one;	/* SET_* bits: an entry sets at least one */
};

/* Bytes in one recorded text (a result, a note). */
#define SCHEMA_TEXT_MAX (16u << 10)
/* Bytes in a section's text (plantrack write): pages of prose, about
 * 20 000 Vietnamese letters. */
#define SCHEMA_SECTION_MAX (32u << 10)

/* The most fields an entry type has (state_current's arrays). */
#define SCHEMA_MAX_FIELDS STATE_MAX_FIELDS

/* Fields every entry has, before its type's: type, at, user, uid. */
#define SCHEMA_N_HEADER 4
extern const struct schema_field schema_header[SCHEMA_N_HEADER];
extern const size_t schema_n_header;

/* The entry types, indexed by enum entry_kind. */
extern const struct schema_type schema_types[];
extern const size_t schema_n_types;

const struct schema_type *schema_type_of(enum entry_kind kind);
/* By name ("task") or by the command that records it ("update"); NULL
 * when none. */
const struct schema_type *schema_type_named(const char *name);
const struct schema_type *schema_type_of_command(const char *command);
/* The field of t with key, or NULL. */
const struct schema_field *schema_field(const struct schema_type *t,
					const char *key);
/* The header field, or a field of any type, with key (the loader meets
 * keys before it knows an entry's type; a key means the same in every
 * type, which test_schema checks). NULL when none. */
const struct schema_field *schema_any_field(const char *key);
/* The field's position in its type's fields (state_current's arrays). */
size_t schema_index(const struct schema_type *t, const struct schema_field *f);
/* Every key an entry may have, for messages, appended to sb: "type, at,
 * user, ...". */
void schema_all_keys(struct strbuf *sb);

/* ---- values in an entry ---- */

/* Whether e has a value for f (required fields always do). */
bool schema_is_set(const struct state_entry *e, const struct schema_field *f);
const char *schema_get_str(const struct state_entry *e,
			   const struct schema_field *f);	/* TEXT .. PERIOD */
long schema_get_int(const struct state_entry *e,
		    const struct schema_field *f);	/* INT, ENUM, INDICATOR, UID */
double schema_get_number(const struct state_entry *e,
			 const struct schema_field *f);
bool schema_get_bool(const struct state_entry *e, const struct schema_field *f);
/* Whether entries a and b record the same: their type, department and
 * every field of their type and of the header, by its kind (where in its
 * file each starts aside). */
bool schema_entry_same(const struct state_entry *a,
		       const struct state_entry *b);
/* Setters mark f as set (its bit). Strings are not copied. */
void schema_set_str(struct state_entry *e, const struct schema_field *f,
		    const char *s);
void schema_set_int(struct state_entry *e, const struct schema_field *f,
		    long v);
void schema_set_number(struct state_entry *e, const struct schema_field *f,
		       double v);
void schema_set_bool(struct state_entry *e, const struct schema_field *f,
		     bool v);

/* ---- enums ---- */

/* The value of s, its name or one of its spellings (input), or -1. */
int schema_enum_parse(const struct schema_enum *en, const char *s);
/* The name of a value exactly (files), or -1. */
int schema_enum_lookup(const struct schema_enum *en, const char *s);
const char *schema_enum_name(const struct schema_enum *en, long v);
const char *schema_enum_label(const struct schema_enum *en, long v);

/* ---- text ---- */

/* What is wrong with a text. Positions are of the text as checked (the
 * normalised one on the command line): offset in bytes, line and column
 * 1-based, the column in characters. */
enum text_problem {
	TEXT_OK,
	TEXT_TOO_LONG,		/* len bytes, more than max */
	TEXT_INVALID_UTF8,	/* at offset */
	TEXT_CONTROL,		/* cp at offset: C0 (not tab or newline), DEL, C1 */
	TEXT_BIDI,		/* cp at offset: U+202A..U+202E, U+2066..U+2069 */
	TEXT_NOT_NFC,		/* the text is not in NFC (files only) */
};

struct text_issue {
	enum text_problem problem;
	size_t offset, len, max;
	unsigned long line, col;
	uint32_t cp;
};

/* The one rule for recorded text: valid UTF-8 in NFC, at most max bytes,
 * no control character but tab and newline, no bidirectional override or
 * isolate (they reorder what a terminal shows). Returns 0, or -1 and
 * fills *issue. */
int schema_text_check(const char *s, size_t len, size_t max,
		      struct text_issue *issue);
/* Text as people type or paste it, made ready for the record: CRLF and
 * CR become LF, then NFC, then schema_text_check. Returns 0 and a
 * malloc'd *out (caller frees), 1 with *issue filled, or -1 (ENOMEM). */
int schema_text_input(const char *s, size_t len, size_t max, char **out,
		      struct text_issue *issue);
/* What is wrong and where, in words (English through _()), appended to
 * sb: "character 12 is U+0093, a control character". */
void schema_text_issue(struct strbuf *sb, const struct text_issue *issue);

/* ---- user names ---- */

#define SCHEMA_USER_MAX 64
/* A plain user name: 1 to SCHEMA_USER_MAX bytes of ASCII letters, digits,
 * '.', '_', '-' and '@', not starting with '-' or '.', optionally ending
 * in '$' (as Samba's machine accounts do). Returns 0 or -1. */
int schema_user_check(const char *s, size_t len);

/* ---- the current values of a subject (struct state_current, state.h) ---- */

/* Whether field f has a current value in c. RULED fields always do
 * (status and progress start at not started, 0 %). */
bool state_current_has(const struct state_current *c,
		       const struct schema_field *f);
/* The entry that set f's current value, or NULL. */
const struct state_entry *state_current_src(const struct state_current *c,
					    const struct schema_field *f);
const char *state_current_str(const struct state_current *c,
			      const struct schema_field *f);	/* NULL: none */
long state_current_int(const struct state_current *c,
		       const struct schema_field *f);
double state_current_number(const struct state_current *c,
			    const struct schema_field *f);

/* gettext(msgid), asked of gettext once per message id until the
 * catalogue or the locale changes (glibc's _nl_msg_cat_cntr moves): for
 * the few words that every line of history repeats. The text is gettext's,
 * not owned by the caller. */
const char *schema_gettext(const char *msgid)
	__attribute__((format_arg(1)));

/* The value of f in c as people read it, in the interface language,
 * appended to sb: the enum's word, "50%", a number with its unit (unit
 * may be NULL), text in quotation marks (a SCHEMA_LONG text longer than a
 * line: its beginning, then how many characters and paragraphs it has);
 * none as "(not set)". */
void schema_format_current(struct strbuf *sb, const struct state_current *c,
			   const struct schema_field *f, const char *unit);
/* "trạng thái: Chưa thực hiện → Đang thực hiện; tiến độ: 0% → 50%": the
 * REPLACE fields whose value differs between before and after, or that e
 * (NULL: none) sets, in table order, separated by sep; a value "" took
 * away shows as cleared. Returns how many. */
/* Whether schema_describe_changes shows f. */
bool schema_field_shown(const struct state_current *before,
			const struct state_current *after,
			const struct state_entry *e, const struct schema_field *f);
size_t schema_describe_changes(struct strbuf *sb,
			       const struct state_current *before,
			       const struct state_current *after,
			       const struct state_entry *e, const char *unit,
			       const char *sep);

/* ---- the command line ---- */

/* Options of the command that records type t, for getopt_long: each
 * field with an option gives "--NAME" (val SCHEMA_OPT + index) and, for
 * text, "--NAME-file" (val SCHEMA_OPT_FILE + index). Fills opts[0..) and
 * returns how many (at most SCHEMA_MAX_OPTIONS). */
#define SCHEMA_OPT	0x1000
#define SCHEMA_OPT_FILE	0x2000
#define SCHEMA_MAX_OPTIONS (2 * SCHEMA_MAX_FIELDS)
struct schema_getopt {
	struct option opts[SCHEMA_MAX_OPTIONS + 9];	/* and a terminator */
	char names[SCHEMA_MAX_OPTIONS][40];
	size_t n;
};
/* Starts g with t's field options. */
void schema_getopt_init(struct schema_getopt *g, const struct schema_type *t);
/* Adds one of the command's own options (at most 8). */
void schema_getopt_add(struct schema_getopt *g, const char *name,
		       int has_arg, int val);
/* The field an option value (from schema_getopt_init) stands for, or
 * NULL; *from_file says whether it was --NAME-file. */
const struct schema_field *schema_option_field(const struct schema_type *t,
					       int val, bool *from_file);

/* One option of a recording command, for help and completion. */
struct schema_option {
	char name[40];			/* "--status", "--result-file" */
	const char *arg;		/* "S", "FILE"; NULL: none */
	const struct schema_field *field;
	bool from_file;
};
/* The options of command cmd from the table, in table order (NULL, 0 for
 * a command that records nothing). Fills out (SCHEMA_MAX_OPTIONS). */
size_t schema_command_options(const char *cmd, struct schema_option *out);
/* " [--status S] [--progress N] ...": cmd's field options for its usage
 * line, required ones without brackets; nothing for other commands. */
void schema_print_synopsis(FILE *f, const char *cmd);
/* The field options' lines of 'help cmd', then one line for every
 * --FIELD-file option. */
void schema_print_help(FILE *f, const char *cmd);

#endif
