/* form.h: the fields a department may set, as a text to edit.
 *
 * 'update ID' without field options, on a terminal, hands the user's
 * editor (editor.h) a template as 'git commit' does: comment lines that
 * say which task it is, then one block per field the department may set
 * (the schema's rows, schema.h: a new field appears by itself), each a
 * heading line and the current value:
 *
 *   === kết quả ===
 *   Đã rà soát 12 thủ tục.
 *
 *   Đoạn thứ hai.
 *
 * Reading it back:
 *   - a line starting with '#' is a comment and is ignored anywhere; a
 *     text line that must start with '#' is written "\#" (and one that
 *     must start with '\' or be a heading line, with one more '\'); the
 *     template escapes the current values so;
 *   - a heading is a line that is exactly "=== LABEL ===" (blanks around
 *     it allowed) for a field of the form, each at most once, in any
 *     order; any other line, however much it looks like one, is text;
 *   - a block's text is cleaned as git cleans a message (trailing blanks,
 *     blank lines at its ends, runs of blank lines become one: the
 *     paragraphs stay), then compared with what the template held: a
 *     block left as it was is not recorded;
 *   - a text block emptied keeps its value (nothing is cleared by
 *     accident); "[xóa]" (or "[clear]", any case, with or without
 *     accents) as its only line clears it;
 *   - a template emptied (nothing but comments and blanks) records
 *     nothing; a heading missing or repeated, text above the first
 *     heading, or a value that is not one (a status, a number) is an
 *     error that names the block.
 *
 * Everything here works on the caller's memory; form_release frees what
 * a form allocated (NULL is fine).
 */
#ifndef PLANTRACK_FORM_H
#define PLANTRACK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "plantrack/schema.h"
#include "plantrack/strbuf.h"

enum form_change {
	FORM_KEPT,	/* left as it was */
	FORM_SET,	/* a new value: value */
	FORM_CLEARED,	/* "[xóa]": value is "" */
	FORM_EMPTIED,	/* emptied while it had a value: kept */
};

struct form_field {
	const struct schema_field *field;
	char *shown;		/* the current value as the template shows
				 * it ("" when none) */
	char *orig;		/* the block as the template held it, cleaned */
	enum form_change change;	/* after form_parse */
	char *value;		/* FORM_SET, FORM_CLEARED: the value as an
				 * option takes it ("in_progress", "50",
				 * the text) */
};

struct form {
	struct form_field fields[SCHEMA_MAX_FIELDS];
	size_t n;
};

enum form_result {
	FORM_OK,		/* at least one field set or cleared */
	FORM_UNCHANGED,		/* every block as it was (or emptied) */
	FORM_EMPTY,		/* the whole template emptied */
	FORM_ERROR,		/* *why says what and where */
};

/* The fields of type t with an option that who (SCHEMA_WHO_*) may set
 * and that hold a current value (REPLACE), in table order, with their
 * current values in c. */
void form_init(struct form *fm, const struct schema_type *t, unsigned who,
	       const struct state_current *c);
void form_release(struct form *fm);

/* The heading of field f: "=== kết quả ===". */
void form_heading(struct strbuf *sb, const struct schema_field *f);

/* Appends the blocks to sb (the caller writes its comment lines
 * first): each heading, a comment saying what it takes (a status, a
 * number), its current value escaped, a blank line. */
void form_write(struct strbuf *sb, const struct form *fm);

/* Reads the edited text back into fm's fields (change, value). On
 * FORM_ERROR, why holds one sentence (the interface language) naming
 * the block. */
enum form_result form_parse(struct form *fm, const char *text, size_t len,
			    struct strbuf *why);

#endif
