/* form.c: a department's fields as a text to edit, and back (form.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/editor.h"
#include "plantrack/err.h"
#include "plantrack/form.h"
#include "plantrack/i18n.h"
#include "plantrack/table.h"

/* "[xóa]" or "[clear]": the word that clears a text, matched as an
 * enum's spellings are (any case, with or without accents). */
static const char *const clear_names[] = { "clear" };
static const struct schema_spelling clear_spellings[] = {
	{ 0, "xóa" },
};
static const struct schema_enum clear_word = {
	clear_names, clear_names, 1, clear_spellings, 1, "[xóa]", NULL,
};

static bool supported(const struct schema_field *f)
{
	return f->kind == SCHEMA_TEXT || f->kind == SCHEMA_ENUM ||
	       f->kind == SCHEMA_INT;
}

static char *dupn(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void put_escaped(struct strbuf *sb, const struct form *fm,
			const char *s, size_t n);
static char *block_text(const struct form *fm, const char *raw, size_t len);

void form_init(struct form *fm, const struct schema_type *t, unsigned who,
	       const struct state_current *c)
{
	struct strbuf sb = STRBUF_INIT;

	memset(fm, 0, sizeof(*fm));
	for (size_t i = 0; i < t->n_fields && fm->n < SCHEMA_MAX_FIELDS; i++) {
		const struct schema_field *f = &t->fields[i];
		struct form_field *ff;
		const char *s;

		if (f->fold != SCHEMA_FOLD_REPLACE || !f->option ||
		    !(f->who & who) || !supported(f))
			continue;
		ff = &fm->fields[fm->n++];
		ff->field = f;
		strbuf_reset(&sb);
		if (f->kind == SCHEMA_ENUM) {
			strbuf_addstr(&sb, schema_enum_label(f->values,
						state_current_int(c, f)));
		} else if (f->kind == SCHEMA_INT) {
			if (state_current_has(c, f))
				strbuf_addf(&sb, "%ld", state_current_int(c, f));
		} else if ((s = state_current_str(c, f)) != NULL) {
			strbuf_addstr(&sb, s);
		}
		ff->shown = xstrdup(sb.buf);
	}
	/* What each block reads back as, once written and left alone: a
	 * block is "as it was" whatever the cleaning does to a value
	 * (trailing blanks, runs of blank lines). Headings are known only
	 * now, and escaping depends on them. */
	for (size_t i = 0; i < fm->n; i++) {
		const char *p = fm->fields[i].shown;

		strbuf_reset(&sb);
		while (*p) {
			size_t n = strcspn(p, "\n");

			put_escaped(&sb, fm, p, n);
			p += n + (p[n] == '\n');
		}
		fm->fields[i].orig = block_text(fm, sb.buf, sb.len);
	}
	strbuf_release(&sb);
}

void form_release(struct form *fm)
{
	if (!fm)
		return;
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->fields[i].shown);
		free(fm->fields[i].orig);
		free(fm->fields[i].value);
	}
	memset(fm, 0, sizeof(*fm));
}

void form_heading(struct strbuf *sb, const struct schema_field *f)
{
	strbuf_addf(sb, "=== %s ===", f->label ? _(f->label) : f->key);
}

/* s[0..n) without the blanks around it. */
static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
		      (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* The field whose heading the line s[0..n) is, or -1. */
static long heading_of(const struct form *fm, const char *s, size_t n)
{
	struct strbuf h = STRBUF_INIT;
	long found = -1;

	trim(&s, &n);
	for (size_t i = 0; found < 0 && i < fm->n; i++) {
		strbuf_reset(&h);
		form_heading(&h, fm->fields[i].field);
		if (h.len == n && !memcmp(h.buf, s, n))
			found = (long)i;
	}
	strbuf_release(&h);
	return found;
}

/* A value's line as the template writes it: one that would read as a
 * comment, an escape or a heading gets a '\' in front. */
static void put_escaped(struct strbuf *sb, const struct form *fm,
			const char *s, size_t n)
{
	if (n && (s[0] == '#' || s[0] == '\\' || heading_of(fm, s, n) >= 0))
		strbuf_addch(sb, '\\');
	strbuf_add(sb, s, n);
	strbuf_addch(sb, '\n');
}

/* The comment under a heading: what the block takes. */
static void write_hint(struct strbuf *sb, const struct schema_field *f)
{
	if (f->kind == SCHEMA_ENUM) {
		strbuf_addstr(sb, "# ");
		/* TRANSLATORS: under a heading of update's editor template:
		 * the words it takes, "Chưa thực hiện, Đang thực hiện,
		 * Đã hoàn thành". */
		strbuf_addstr(sb, _("one of:"));
		for (size_t k = 0; k < f->values->n; k++)
			strbuf_addf(sb, "%s %s", k ? "," : "",
				    f->values->labels[k]);
		strbuf_addch(sb, '\n');
	} else if (f->kind == SCHEMA_INT) {
		strbuf_addstr(sb, "# ");
		strbuf_addf(sb, _("a whole number from %ld to %ld"), f->min,
			    f->max);
		strbuf_addch(sb, '\n');
	}
}

void form_write(struct strbuf *sb, const struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++) {
		const struct form_field *ff = &fm->fields[i];
		const char *p = ff->shown;

		form_heading(sb, ff->field);
		strbuf_addch(sb, '\n');
		write_hint(sb, ff->field);
		while (*p) {
			size_t n = strcspn(p, "\n");

			put_escaped(sb, fm, p, n);
			p += n + (p[n] == '\n');
		}
		strbuf_addch(sb, '\n');
	}
}

/* A block's lines, cleaned as git cleans a message, then unescaped. */
static char *block_text(const struct form *fm, const char *raw, size_t len)
{
	struct strbuf out = STRBUF_INIT;
	char *buf = dupn(raw, len);
	size_t n = editor_strip(buf, len);

	for (const char *p = buf; p < buf + n;) {
		size_t k = strcspn(p, "\n");

		if (k > 1 && p[0] == '\\' &&
		    (p[1] == '#' || p[1] == '\\' ||
		     heading_of(fm, p + 1, k - 1) >= 0)) {
			p++;
			k--;
		}
		strbuf_add(&out, p, k);
		p += k;
		if (p < buf + n) {
			strbuf_addch(&out, '\n');
			p++;
		}
	}
	free(buf);
	return strbuf_detach(&out, NULL);
}

static bool is_clear_word(const char *s)
{
	size_t n = strlen(s);
	char *word;
	bool yes;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return false;
	word = dupn(s + 1, n - 2);
	yes = schema_enum_parse(&clear_word, word) == 0;
	free(word);
	return yes;
}

/* The value of one block: ff->change and ff->value. Returns 0, or -1
 * with why filled. */
static int block_value(struct form_field *ff, char *text, struct strbuf *why)
{
	const struct schema_field *f = ff->field;
	const char *label = f->label ? _(f->label) : f->key;
	struct text_issue issue;
	char *norm = NULL, *shown = NULL, *end;
	long v;
	int r, ret = -1;

	if (!*text) {
		ff->change = *ff->shown && f->kind == SCHEMA_TEXT ?
			     FORM_EMPTIED : FORM_KEPT;
		ret = 0;
		goto out;
	}
	if (!strcmp(text, ff->orig)) {
		ff->change = FORM_KEPT;
		ret = 0;
		goto out;
	}
	if (is_clear_word(text)) {
		if (f->kind != SCHEMA_TEXT || !(f->flags & SCHEMA_CLEAR)) {
			strbuf_addf(why, _("%s cannot be cleared: write its "
					   "value"), label);
			goto out;
		}
		ff->change = *ff->shown ? FORM_CLEARED : FORM_KEPT;
		ff->value = xstrdup("");
		ret = 0;
		goto out;
	}
	switch (f->kind) {
	case SCHEMA_ENUM:
		r = schema_enum_parse(f->values, text);
		if (r < 0) {
			shown = table_escape(text, 0);
			strbuf_addf(why, _("%s: '%s' is not one of:"), label,
				    shown);
			for (size_t k = 0; k < f->values->n; k++)
				strbuf_addf(why, "%s %s", k ? "," : "",
					    f->values->labels[k]);
			goto out;
		}
		ff->value = xstrdup(f->values->names[r]);
		break;
	case SCHEMA_INT: {
		size_t n = strlen(text);

		/* "50%" says what "50" does. */
		if ((f->flags & SCHEMA_PERCENT) && n && text[n - 1] == '%')
			text[--n] = '\0';
		while (n && text[n - 1] == ' ')
			text[--n] = '\0';
		errno = 0;
		v = strtol(text, &end, 10);
		if (!n || *text == ' ' || *end || errno == ERANGE ||
		    v < f->min || v > f->max) {
			shown = table_escape(text, 0);
			strbuf_addf(why, _("%s: '%s' is not a whole number "
					   "from %ld to %ld"), label, shown,
				    f->min, f->max);
			goto out;
		}
		ff->value = xmalloc(24);
		snprintf(ff->value, 24, "%ld", v);
		break;
	}
	default:
		r = schema_text_input(text, strlen(text), (size_t)f->max, &norm,
				      &issue);
		if (r < 0) {
			strbuf_addstr(why, _("out of memory"));
			goto out;
		}
		if (r > 0) {
			strbuf_addf(why, "%s: ", label);
			schema_text_issue(why, &issue);
			goto out;
		}
		if (!strcmp(norm, ff->orig)) {
			ff->change = FORM_KEPT;
			ret = 0;
			goto out;
		}
		ff->value = norm;
		norm = NULL;
		break;
	}
	ff->change = FORM_SET;
	ret = 0;
out:
	free(norm);
	free(shown);
	return ret;
}

enum form_result form_parse(struct form *fm, const char *text, size_t len,
			    struct strbuf *why)
{
	/* Where each block's lines start and end in text. */
	size_t start[SCHEMA_MAX_FIELDS] = { 0 }, end[SCHEMA_MAX_FIELDS] = { 0 };
	unsigned long line_of[SCHEMA_MAX_FIELDS] = { 0 };
	bool seen[SCHEMA_MAX_FIELDS] = { false };
	struct strbuf h = STRBUF_INIT;
	enum form_result res = FORM_ERROR;
	unsigned long line = 0;
	long cur = -1;
	bool any = false;
	size_t i;

	for (i = 0; i < fm->n; i++) {
		fm->fields[i].change = FORM_KEPT;
		free(fm->fields[i].value);
		fm->fields[i].value = NULL;
	}
	for (size_t p = 0; p < len;) {
		size_t n = 0, k;
		const char *s = text + p;
		long hd;

		while (p + n < len && text[p + n] != '\n')
			n++;
		line++;
		k = n;
		p += n + (p + n < len);
		if (k && s[0] == '#')
			continue;
		hd = heading_of(fm, s, k);
		if (hd >= 0) {
			if (seen[hd]) {
				strbuf_reset(&h);
				form_heading(&h, fm->fields[hd].field);
				strbuf_addf(why, _("line %lu: the heading %s is "
						   "there twice (first on line "
						   "%lu); keep one"), line,
					    h.buf, line_of[hd]);
				goto out;
			}
			if (cur >= 0)
				end[cur] = (size_t)(s - text);
			seen[hd] = true;
			line_of[hd] = line;
			start[hd] = p;
			cur = hd;
			any = true;
			continue;
		}
		trim(&s, &k);
		if (!k)
			continue;
		any = true;
		if (cur < 0) {
			strbuf_addf(why, _("line %lu: text above the first "
					   "heading: put it under the heading "
					   "of its part"), line);
			goto out;
		}
	}
	if (cur >= 0)
		end[cur] = len;
	if (!any) {
		res = FORM_EMPTY;
		goto out;
	}
	for (i = 0; i < fm->n; i++) {
		if (seen[i])
			continue;
		strbuf_reset(&h);
		form_heading(&h, fm->fields[i].field);
		strbuf_addf(why, _("the heading %s is missing: put it back "
				   "above the text of that part"), h.buf);
		goto out;
	}
	res = FORM_UNCHANGED;
	for (i = 0; i < fm->n; i++) {
		char *t = block_text(fm, text + start[i], end[i] - start[i]);
		int r = block_value(&fm->fields[i], t, why);

		free(t);
		if (r) {
			res = FORM_ERROR;
			goto out;
		}
		if (fm->fields[i].change == FORM_SET ||
		    fm->fields[i].change == FORM_CLEARED)
			res = FORM_OK;
	}
out:
	strbuf_release(&h);
	return res;
}
