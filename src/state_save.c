/* state_save.c: struct state to a department's state file.
 *
 * libyaml's emitter does the quoting, so no user text (a result with a
 * colon, a "#", a leading space, "yes", a newline) can change the
 * document's structure. What it cannot do is decide whether a string
 * would be read back as a string: that is up to the resolver, so text is
 * written double-quoted and identifiers plain only when they cannot be
 * taken for a null, a boolean or a number.
 *
 * Which keys an entry has, in which order and of which kind, comes from
 * the schema's table (schema.h): the same rows the loader reads by.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "plantrack/instant.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"

/* yamlread refuses numbers longer than this (its MAX_NUMBER_LEN). */
#define MAX_NUMBER_TEXT 64

struct out {
	yaml_emitter_t em;
	struct strbuf sb;
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

/* yaml_emitter_emit takes the event whatever happens. */
static int emit(struct out *o, yaml_event_t *ev)
{
	return yaml_emitter_emit(&o->em, ev) ? 0 : -1;
}

static int scalar_style(struct out *o, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	size_t len = strlen(s);
	int ret = -1;

	if (len > INT_MAX) {
		errno = EOVERFLOW;
		goto out;
	}
	/* Fails only on ENOMEM or text that is not UTF-8. */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
					  (const yaml_char_t *)s, (int)len,
					  1, 1, style)) {
		errno = EINVAL;
		goto out;
	}
	ret = emit(o, &ev);
out:
	return ret;
}

/* Can s go unquoted? Only a simple token (a user name, a task id) that a
 * YAML 1.1 reader cannot take for anything but a string: yamlread cares
 * only about null, but other tools read the file too, and a user "no" or
 * a task "1.10" must stay a string for them. Anything else is quoted
 * rather than left to libyaml's choice of a multi-line single-quoted
 * form. */
static int plain_ok(const char *s)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
		"ON", "off", "Off", "OFF", "null", "Null", "NULL",
	};
	const char *c;
	size_t i;
	int ok = 0;

	if (!*s || strchr("0123456789+-.", *s))
		goto out;
	for (c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("._-", *c)))
			goto out;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(s, words[i]))
			goto out;
	ok = 1;
out:
	return ok;
}

/* An identifier or a name: plain where that reads back the same. */
static int word(struct out *o, const char *s)
{
	return scalar_style(o, s, plain_ok(s) ?
			    YAML_PLAIN_SCALAR_STYLE :
			    YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* Free text: always quoted, so it is plainly text to a reader too. */
static int text(struct out *o, const char *s)
{
	return scalar_style(o, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static int plain(struct out *o, const char *s)
{
	return scalar_style(o, s, YAML_PLAIN_SCALAR_STYLE);
}

static int key_word(struct out *o, const char *k, const char *v)
{
	return plain(o, k) || word(o, v) ? -1 : 0;
}

static int key_text(struct out *o, const char *k, const char *v)
{
	return plain(o, k) || text(o, v) ? -1 : 0;
}

static int key_long(struct out *o, const char *k, long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld", v), ret = -1;

	if (n < 0 || (size_t)n >= sizeof(buf))
		goto out;
	ret = plain(o, k) || plain(o, buf) ? -1 : 0;
out:
	return ret;
}

/* The shortest decimal that strtod reads back as v, in positional form
 * (yamlread takes no exponents). Returns 0 or -1 for a value that is not
 * finite or needs more than MAX_NUMBER_TEXT characters. */
static int format_number(double v, char buf[MAX_NUMBER_TEXT + 1])
{
	char sci[48], digits[24];
	const char *p;
	char *end;
	size_t nd = 0, i, k = 0;
	long exp10;
	int prec, n, ret = -1;

	if (!isfinite(v)) {
		errno = EDOM;
		goto out;
	}
	/* The first precision that round-trips; 17 always does. */
	for (prec = 1; prec <= 17; prec++) {
		n = snprintf(sci, sizeof(sci), "%.*e", prec - 1, v);
		if (n < 0 || (size_t)n >= sizeof(sci))
			goto out;
		if (strtod(sci, NULL) == v)
			break;
	}
	/* Digits and exponent, whatever the locale's decimal point. */
	p = sci;
	if (*p == '-')
		p++;
	while (*p && *p != 'e') {
		if (*p >= '0' && *p <= '9' && nd < sizeof(digits) - 1)
			digits[nd++] = *p;
		p++;
	}
	if (*p != 'e' || !nd)
		goto out;
	errno = 0;
	exp10 = strtol(p + 1, &end, 10);
	if (errno || *end)
		goto out;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (nd == 1 && digits[0] == '0')
		exp10 = 0;
	/* Longest forms: "-0." + zeros + digits, or digits + zeros. */
	if (exp10 > MAX_NUMBER_TEXT || exp10 < -MAX_NUMBER_TEXT) {
		errno = ERANGE;
		goto out;
	}
	if (sci[0] == '-')
		buf[k++] = '-';
	if (exp10 < 0) {
		buf[k++] = '0';
		buf[k++] = '.';
		for (i = 1; i < (size_t)-exp10; i++)
			buf[k++] = '0';
		for (i = 0; i < nd; i++)
			buf[k++] = digits[i];
	} else {
		for (i = 0; i <= (size_t)exp10; i++)
			buf[k++] = i < nd ? digits[i] : '0';
		if (nd > (size_t)exp10 + 1) {
			buf[k++] = '.';
			for (i = (size_t)exp10 + 1; i < nd; i++)
				buf[k++] = digits[i];
		}
	}
	if (k > MAX_NUMBER_TEXT) {
		errno = ERANGE;
		goto out;
	}
	buf[k] = '\0';
	ret = 0;
out:
	return ret;
}

/* One field's value, by its kind. */
static int emit_field(struct out *o, const struct state_entry *e,
		      const struct schema_field *f)
{
	char num[MAX_NUMBER_TEXT + 1];
	const char *s;
	int ret = -1;

	switch (f->kind) {
	case SCHEMA_TYPE:
	case SCHEMA_ENUM:
		ret = key_word(o, f->key, schema_enum_name(f->values,
							   schema_get_int(e, f)));
		break;
	case SCHEMA_INT:
	case SCHEMA_UID:
	case SCHEMA_INDICATOR:
		ret = key_long(o, f->key, schema_get_int(e, f));
		break;
	case SCHEMA_NUMBER:
		if (format_number(schema_get_number(e, f), num)) {
			errno = EINVAL;
			break;
		}
		ret = plain(o, f->key) || plain(o, num) ? -1 : 0;
		break;
	case SCHEMA_BOOL:
		ret = plain(o, f->key) ||
		      plain(o, schema_get_bool(e, f) ? "true" : "false") ? -1 : 0;
		break;
	case SCHEMA_TEXT:
		/* A set text without one is the "" that clears. */
		s = schema_get_str(e, f);
		ret = key_text(o, f->key, s ? s : "");
		break;
	case SCHEMA_USER:
	case SCHEMA_TASK:
	case SCHEMA_PERIOD:
		s = schema_get_str(e, f);
		if (!s) {
			errno = EINVAL;
			break;
		}
		ret = key_word(o, f->key, s);
		break;
	case SCHEMA_INSTANT:
		break;	/* written by emit_entry */
	}
	return ret;
}

static int emit_entry(struct out *o, const struct state_entry *e)
{
	const struct schema_type *t = schema_type_of(e->kind);
	char at[INSTANT_LEN];
	yaml_event_t ev;
	size_t i;
	int ret = -1;

	if (!t) {
		errno = EINVAL;
		goto out;
	}
	/* An offset with seconds (local mean time) is written at the whole
	 * minute: the instant is the same. */
	if (instant_format_offset(e->at, e->utc_offset / 60 * 60, at))
		goto out;
	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						 YAML_BLOCK_MAPPING_STYLE) ||
	    emit(o, &ev))
		goto out;
	for (i = 0; i < schema_n_header; i++) {
		const struct schema_field *f = &schema_header[i];

		if (f->kind == SCHEMA_INSTANT) {
			if (plain(o, f->key) || plain(o, at))
				goto out;
		} else if (emit_field(o, e, f)) {
			goto out;
		}
	}
	/* Required fields and those without a bit always; the others when
	 * the entry sets them. */
	for (i = 0; i < t->n_fields; i++)
		if (schema_is_set(e, &t->fields[i]) &&
		    emit_field(o, e, &t->fields[i]))
			goto out;
	if (!yaml_mapping_end_event_initialize(&ev) || emit(o, &ev))
		goto out;
	ret = 0;
out:
	return ret;
}

int state_emit(const struct state *st, const char *dept_code, char **buf,
	       size_t *len)
{
	struct out o;
	yaml_event_t ev;
	size_t i;
	int have_em = 0, ret = -1;

	*buf = NULL;
	if (len)
		*len = 0;
	strbuf_init(&o.sb, 4096);
	if (!yaml_emitter_initialize(&o.em)) {
		errno = ENOMEM;
		goto out;
	}
	have_em = 1;
	yaml_emitter_set_output(&o.em, write_handler, &o.sb);
	yaml_emitter_set_encoding(&o.em, YAML_UTF8_ENCODING);
	/* Vietnamese stays readable, and no line is folded: a fold would
	 * be read back as a space in a double-quoted string anyway, but a
	 * diff of one long line is easier to read than of a reflowed
	 * paragraph. */
	yaml_emitter_set_unicode(&o.em, 1);
	yaml_emitter_set_width(&o.em, -1);
	yaml_emitter_set_indent(&o.em, 2);
	/* The emitter writes no comments. */
	strbuf_addf(&o.sb, "# plantrack state of department %s. Written by "
		    "plantrack: do not edit by hand.\n", dept_code);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    emit(&o, &ev))
		goto out;
	/* Implicit start and end: no "---" or "..." around the document. */
	if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    emit(&o, &ev))
		goto out;
	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						 YAML_BLOCK_MAPPING_STYLE) ||
	    emit(&o, &ev))
		goto out;
	if (key_long(&o, "format", 1) ||
	    key_word(&o, "department", dept_code) ||
	    plain(&o, "entries"))
		goto out;
	if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						  YAML_BLOCK_SEQUENCE_STYLE) ||
	    emit(&o, &ev))
		goto out;
	for (i = 0; i < st->n; i++)
		if (emit_entry(&o, &st->entries[i]))
			goto out;
	if (!yaml_sequence_end_event_initialize(&ev) || emit(&o, &ev) ||
	    !yaml_mapping_end_event_initialize(&ev) || emit(&o, &ev) ||
	    !yaml_document_end_event_initialize(&ev, 1) || emit(&o, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) || emit(&o, &ev))
		goto out;
	*buf = strbuf_detach(&o.sb, len);
	ret = 0;
out:
	if (have_em)
		yaml_emitter_delete(&o.em);
	strbuf_release(&o.sb);
	return ret;
}
