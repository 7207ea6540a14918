/* yamlread.c: a guarded front end to libyaml's event parser.
 *
 * libyaml 0.2.5 trusts its input: it nests without limit, expands nothing
 * but happily reports aliases, accepts any number of documents, and its
 * UTF-8 diagnostics name an offset rather than a line. Everything here
 * exists to turn hostile or careless input into one clear
 * "FILE:LINE:COL: message" and a -1, quickly.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/utf8.h"
#include "plantrack/yamlfast.h"
#include "plantrack/yamlread.h"
#include "plantrack/yamlmsg.h"

enum yr_state {
	YR_FRESH,	/* buffer not yet checked */
	YR_READING,
	YR_FINISHED,	/* stream end seen: yr_next repeats the end event */
	YR_DEAD,	/* an error was reported: nothing more to say */
};

struct yr_reader {
	yaml_parser_t parser;
	yaml_event_t event;	/* owns the strings handed out in yr_event */
	int have_event;
	enum yr_state state;
	const char *name;
	const char *buf;
	size_t len;
	size_t bom;		/* bytes of byte order mark, not counted in columns */
	FILE *errf;
	unsigned errors;
	unsigned depth;		/* collections open */
	unsigned docs;		/* documents started */
	struct yr_event end;	/* repeated once the stream has ended */
	/* What the scan of the buffer found (check_buffer): when every
	 * character of the file is one that is NFC in any context and none
	 * is a control, a scalar made of the file's own characters needs no
	 * check of its own. Only an escape in a double-quoted scalar makes
	 * characters that are not in the file: those scalars are checked
	 * when their lines hold a backslash. */
	int text_ok;
	unsigned long *esc_lines;	/* lines holding a backslash, rising */
	size_t n_esc_lines;
	/* yr_keep: the buffer, writable (NULL: yr_open_mem), and how far
	 * it has gone, a character index (as libyaml's marks count) and
	 * the byte offset where that character starts. */
	char *wbuf;
	size_t kept_chars, kept_bytes;
	/* The events without libyaml, for a file within yamlfast's part of
	 * YAML; NULL: libyaml's. */
	struct yf_scanner *fast;
};

/* yr_set_fast */
static int fast_allowed = 1;

int yr_set_fast(int on)
{
	int was = fast_allowed;

	fast_allowed = on;
	return was;
}

#define BOM "\xEF\xBB\xBF"

struct yr_reader *yr_open_mem(const char *name, const char *buf, size_t len,
			      FILE *errf)
{
	struct yr_reader *r = calloc(1, sizeof(*r));

	if (!r)
		goto err;
	if (!yaml_parser_initialize(&r->parser)) {
		free(r);
		r = NULL;
		errno = ENOMEM;
		goto err;
	}
	r->state = YR_FRESH;
	r->name = name;
	r->buf = buf;
	r->len = len;
	r->errf = errf;
	if (len >= 3 && !memcmp(buf, BOM, 3))
		r->bom = 3;
	/* An oversized buffer is refused by yr_next before libyaml sees it. */
	if (len <= YR_MAX_FILE_SIZE)
		yaml_parser_set_input_string(&r->parser,
					     (const unsigned char *)buf, len);
err:
	return r;
}

struct yr_reader *yr_open_inplace(const char *name, char *buf, size_t len,
				  FILE *errf)
{
	struct yr_reader *r = yr_open_mem(name, buf, len, errf);

	if (r) {
		r->wbuf = buf;
		r->kept_bytes = r->bom;
	}
	return r;
}

const char *yr_keep(struct yr_reader *r, const struct yr_event *ev)
{
	size_t a, b;
	char *p, q;

	if (!r->wbuf || !r->text_ok || ev->type != YR_SCALAR ||
	    ev->style != YR_QUOTED || !ev->text_ok ||
	    ev->at < r->kept_chars || ev->end < ev->at + 2)
		return NULL;
	/* libyaml counted characters; the file, with no control character
	 * in it (r->text_ok), has no line break that libyaml counts as
	 * two. Forwards from the last scalar kept: one pass in all. */
	a = r->kept_bytes + utf8_advance(r->buf + r->kept_bytes,
					 r->len - r->kept_bytes,
					 ev->at - r->kept_chars);
	b = a + utf8_advance(r->buf + a, r->len - a, ev->end - ev->at);
	r->kept_chars = ev->end;
	r->kept_bytes = b;
	if (b - a != ev->len + 2)
		return NULL;	/* not one byte a character: not verbatim */
	p = r->wbuf + a;
	q = p[0];
	if ((q != '"' && q != '\'') || p[ev->len + 1] != q ||
	    memcmp(p + 1, ev->value, ev->len) != 0)
		return NULL;
	/* libyaml has read past the closing quote (it ended the scalar),
	 * and nothing reads the buffer's text again but for positions,
	 * which a NUL for a quote does not move. */
	p[ev->len + 1] = '\0';
	return p + 1;
}

void yr_close(struct yr_reader *r)
{
	if (!r)
		return;
	if (r->have_event)
		yaml_event_delete(&r->event);
	yaml_parser_delete(&r->parser);
	yf_close(r->fast);
	free(r->esc_lines);
	free(r);
}

const char *yr_name(const struct yr_reader *r)
{
	return r->name;
}

unsigned yr_error_count(const struct yr_reader *r)
{
	return r->errors;
}

__attribute__((format(printf, 4, 0)))
static void report_v(struct yr_reader *r, unsigned long line,
		     unsigned long col, const char *fmt, va_list ap)
{
	char msg[1024];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (n < 0) {
		/* Only an encoding error can get here; say something anyway. */
		snprintf(msg, sizeof(msg), "%s", _("invalid data"));
	} else if ((size_t)n >= sizeof(msg)) {
		size_t end = sizeof(msg) - 4;

		/* Do not leave half a UTF-8 character before the ellipsis. */
		while (end > 0 && ((unsigned char)msg[end] & 0xC0) == 0x80)
			end--;
		memcpy(msg + end, "...", 4);
	}
	diag_at(r->errf, r->name, line, col, "%s", msg);
	r->errors++;
}

__attribute__((format(printf, 4, 5)))
static void report(struct yr_reader *r, unsigned long line, unsigned long col,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(r, line, col, fmt, ap);
	va_end(ap);
}

void yr_error(struct yr_reader *r, const struct yr_event *ev,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(r, ev->line, ev->col, fmt, ap);
	va_end(ap);
}

void yr_error_at(struct yr_reader *r, unsigned long line, unsigned long col,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(r, line, col, fmt, ap);
	va_end(ap);
}

/* Bytes of text in an excerpt; 60 identify any key or value. */
#define EXCERPT_TEXT 60

const char *yr_excerpt(char *buf, size_t size, const char *s, size_t len)
{
	size_t n = len, i;
	int cut = 0;

	if (size < YR_EXCERPT_SIZE) {
		/* A caller bug; an empty excerpt beats an overflow. */
		if (size)
			buf[0] = '\0';
		goto out;
	}
	if (n > EXCERPT_TEXT) {
		n = EXCERPT_TEXT;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		cut = 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (cut) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
out:
	return buf;
}

/* Line and column of a byte offset of the buffer, counted as libyaml
 * counts them: the byte order mark takes no column. */
static void offset_position(const struct yr_reader *r, size_t off,
			    unsigned long *line, unsigned long *col)
{
	if (off >= r->bom)
		utf8_position(r->buf + r->bom, off - r->bom, line, col);
	else
		*line = *col = 1;
}

/* Remembers the lines of the text (after the byte order mark) holding a
 * backslash. Returns 0, or -1 when out of memory (r->text_ok is then
 * simply left off). */
static int find_escapes(struct yr_reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *bs, *nl;
	unsigned long line = 1, *v = NULL, *nv;
	size_t n = 0, cap = 0;
	int ret = -1;

	while ((bs = memchr(p, '\\', (size_t)(end - p)))) {
		/* Newlines before it: memchr skips a line at a time. */
		while ((nl = memchr(p, '\n', (size_t)(bs - p)))) {
			line++;
			p = nl + 1;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto out;
			v = nv;
		}
		v[n++] = line;
		/* One entry a line is enough. */
		nl = memchr(bs, '\n', (size_t)(end - bs));
		if (!nl)
			break;
		line++;
		p = nl + 1;
	}
	r->esc_lines = v;
	r->n_esc_lines = n;
	v = NULL;
	ret = 0;
out:
	free(v);
	return ret;
}

/* The buffer checks libyaml does badly or not at all, in one pass. */
static int check_buffer(struct yr_reader *r)
{
	const char *nul;
	unsigned flags;
	size_t stop;
	unsigned long line, col;
	int ret = -1;

	if (r->len > YR_MAX_FILE_SIZE) {
		report(r, 0, 0, _("file too large (%zu bytes; the limit is "
				  "%u)"), r->len, YR_MAX_FILE_SIZE);
		goto out;
	}
	/* The scan stops at invalid UTF-8; a NUL it only flags, as a
	 * control, and the first of the two is the one to report. */
	stop = r->bom + utf8_scan(r->buf + r->bom, r->len - r->bom, &flags);
	nul = flags & UTF8_CONTROLS || stop < r->len ?
		memchr(r->buf, '\0', stop) : NULL;
	if (nul) {
		offset_position(r, (size_t)(nul - r->buf), &line, &col);
		report(r, line, col, _("NUL byte in the file (is it UTF-16 or "
				       "binary?)"));
		goto out;
	}
	if (stop < r->len) {
		offset_position(r, stop, &line, &col);
		report(r, line, col, _("invalid UTF-8 (byte 0x%02X); the file "
				       "must be UTF-8"),
		       (unsigned)(unsigned char)r->buf[stop]);
		goto out;
	}
	/* A carriage return or a NEL is a control here, and libyaml turns
	 * both into line breaks of its own counting: such files, rare, take
	 * the slow path, and the lines of the escapes stay right. */
	r->text_ok = !flags && !find_escapes(r, r->buf + r->bom,
					      r->len - r->bom);
	ret = 0;
out:
	return ret;
}

/* Can the text of a scalar from line..end_line (1-based) be taken as
 * checked by the scan of the buffer? */
static int scalar_text_ok(const struct yr_reader *r, yaml_scalar_style_t style,
			  unsigned long line, unsigned long end_line)
{
	size_t lo = 0, hi = r->n_esc_lines, mid;

	if (!r->text_ok)
		return 0;
	if (style != YAML_DOUBLE_QUOTED_SCALAR_STYLE || !hi)
		return 1;
	/* The first line with a backslash at or after line. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->esc_lines[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == r->n_esc_lines || r->esc_lines[lo] > end_line;
}

static void report_parser(struct yr_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	/* libyaml's own words, in the interface language (yamlmsg.h). */
	const char *problem = p->problem ? yrmsg_text(p->problem) :
			      _("syntax error");
	unsigned long line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		report(r, 0, 0, _("out of memory"));
		break;
	case YAML_READER_ERROR:
		offset_position(r, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			report(r, line, col, "%s (U+%04X)", problem,
			       (unsigned)p->problem_value);
		else
			report(r, line, col, "%s", problem);
		break;
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
	default:
		line = p->problem_mark.line + 1;
		col = p->problem_mark.column + 1;
		if (p->context)
			/* TRANSLATORS: a YAML syntax error, then what was
			 * being read ("while parsing a block mapping") and
			 * where that started. */
			report(r, line, col, _("%s (%s at %lu:%lu)"), problem,
			       yrmsg_text(p->context),
			       (unsigned long)p->context_mark.line + 1,
			       (unsigned long)p->context_mark.column + 1);
		else
			report(r, line, col, "%s", problem);
		break;
	}
}

/* The only call into yaml_parser_parse: libyaml's 1/0 becomes 0/-1. */
static int pull(struct yr_reader *r)
{
	int ret = -1;

	if (r->have_event) {
		yaml_event_delete(&r->event);
		r->have_event = 0;
	}
	if (!yaml_parser_parse(&r->parser, &r->event)) {
		report_parser(r);
		goto out;
	}
	r->have_event = 1;
	ret = 0;
out:
	return ret;
}

static void set_mark(struct yr_event *ev, const yaml_mark_t *m)
{
	ev->line = (unsigned long)m->line + 1;
	ev->col = (unsigned long)m->column + 1;
}

/* Anchors and tags on a node, which this format never needs: an anchor is
 * the first half of an alias bomb, a tag would change a value's type
 * behind the schema's back. */
static int refuse_properties(struct yr_reader *r, const yaml_char_t *anchor,
			     const yaml_char_t *tag, const struct yr_event *ev)
{
	char ex[YR_EXCERPT_SIZE];
	int ret = -1;

	if (anchor) {
		yr_error(r, ev, _("aliases and anchors are not allowed"));
		goto out;
	}
	if (tag) {
		yr_error(r, ev, _("tags are not allowed (found '%s')"),
			 yr_excerpt(ex, sizeof(ex), (const char *)tag,
				    strlen((const char *)tag)));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* The usual case, no anchor and no tag, without a call: every event of
 * a file comes through here. */
static inline int check_properties(struct yr_reader *r,
				   const yaml_char_t *anchor,
				   const yaml_char_t *tag,
				   const struct yr_event *ev)
{
	if (!anchor && !tag)
		return 0;
	return refuse_properties(r, anchor, tag, ev);
}

/* Having seen the document end, the stream must end too. */
static int finish_stream(struct yr_reader *r)
{
	struct yr_event at;
	int ret = -1;

	if (pull(r))
		goto out;
	if (r->event.type != YAML_STREAM_END_EVENT) {
		set_mark(&at, &r->event.start_mark);
		yr_error(r, &at, _("more than one document (the file must "
				   "hold exactly one)"));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* Converts the libyaml event in r->event; 1 if ev is now filled in, 0 if
 * the event is one that yr_next skips, -1 on error. */
static int convert(struct yr_reader *r, struct yr_event *ev)
{
	yaml_event_t *e = &r->event;
	int ret = -1;

	memset(ev, 0, sizeof(*ev));
	set_mark(ev, &e->start_mark);
	switch (e->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
		ret = 0;
		break;
	case YAML_DOCUMENT_START_EVENT:
		if (++r->docs > 1) {
			yr_error(r, ev, _("more than one document (the file "
					  "must hold exactly one)"));
			break;
		}
		if (e->data.document_start.tag_directives.start !=
		    e->data.document_start.tag_directives.end) {
			yr_error(r, ev, _("tag directives are not allowed"));
			break;
		}
		ret = 0;
		break;
	case YAML_DOCUMENT_END_EVENT:
		ev->type = YR_DOC_END;
		if (finish_stream(r))
			break;
		r->end = *ev;
		r->state = YR_FINISHED;
		ret = 1;
		break;
	case YAML_STREAM_END_EVENT:
		/* Only reached for a stream without any document. */
		ev->type = YR_DOC_END;
		r->end = *ev;
		r->state = YR_FINISHED;
		ret = 1;
		break;
	case YAML_ALIAS_EVENT:
		yr_error(r, ev, _("aliases and anchors are not allowed"));
		break;
	case YAML_SCALAR_EVENT:
		if (check_properties(r, e->data.scalar.anchor,
				     e->data.scalar.tag, ev))
			break;
		if (e->data.scalar.length > YR_MAX_SCALAR) {
			yr_error(r, ev, _("value too long (%zu bytes; the "
					  "limit is %u)"),
				 e->data.scalar.length, YR_MAX_SCALAR);
			break;
		}
		ev->type = YR_SCALAR;
		ev->style = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
			YR_PLAIN : YR_QUOTED;
		ev->value = (const char *)e->data.scalar.value;
		ev->len = e->data.scalar.length;
		ev->text_ok = scalar_text_ok(r, e->data.scalar.style, ev->line,
					     (unsigned long)e->end_mark.line + 1);
		ev->at = e->start_mark.index;
		ev->end = e->end_mark.index;
		ret = 1;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (e->type == YAML_SEQUENCE_START_EVENT) {
			ev->type = YR_SEQ_START;
			if (check_properties(r, e->data.sequence_start.anchor,
					     e->data.sequence_start.tag, ev))
				break;
		} else {
			ev->type = YR_MAP_START;
			if (check_properties(r, e->data.mapping_start.anchor,
					     e->data.mapping_start.tag, ev))
				break;
		}
		/* Checked as each level opens, so that "[[[[..." stops here
		 * while libyaml has scanned only a little way ahead. */
		if (++r->depth > YR_MAX_DEPTH) {
			yr_error(r, ev, _("nesting too deep (the limit is %d "
					  "levels)"), YR_MAX_DEPTH);
			break;
		}
		ret = 1;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		ev->type = e->type == YAML_SEQUENCE_END_EVENT ? YR_SEQ_END :
			YR_MAP_END;
		r->depth--;
		ret = 1;
		break;
	}
	return ret;
}

int yr_next(struct yr_reader *r, struct yr_event *ev)
{
	int ret = -1, got = 0;

	switch (r->state) {
	case YR_DEAD:
		goto err;
	case YR_FINISHED:
		*ev = r->end;
		ret = 0;
		goto out;
	case YR_FRESH:
		if (check_buffer(r))
			goto err;
		r->state = YR_READING;
		/* A file the fast scanner cannot take whole goes to libyaml
		 * from its start; the scan costs a tenth of libyaml's. A
		 * file with a control character or a carriage return is
		 * libyaml's too: it counts lines otherwise. */
		if (r->text_ok && fast_allowed) {
			r->fast = yf_open(r->buf + r->bom, r->len - r->bom);
			if (r->fast && yf_check(r->fast)) {
				yf_close(r->fast);
				r->fast = NULL;
			}
		}
		break;
	case YR_READING:
		break;
	}
	if (r->fast) {
		yf_next(r->fast, ev);
		if (ev->type == YR_DOC_END) {
			r->end = *ev;
			r->state = YR_FINISHED;
		}
		ret = 0;
		goto out;
	}
	while (!got) {
		if (pull(r))
			goto err;
		got = convert(r, ev);
		if (got < 0)
			goto err;
	}
	ret = 0;
	goto out;
err:
	r->state = YR_DEAD;
	memset(ev, 0, sizeof(*ev));
	ev->type = YR_DOC_END;
out:
	return ret;
}

int yr_skip(struct yr_reader *r, const struct yr_event *ev)
{
	struct yr_event e;
	unsigned open = 0;
	int ret = -1;

	if (r->state == YR_DEAD)
		goto out;
	if (ev->type == YR_MAP_START || ev->type == YR_SEQ_START)
		open = 1;
	while (open) {
		if (yr_next(r, &e))
			goto out;
		if (e.type == YR_MAP_START || e.type == YR_SEQ_START)
			open++;
		else if (e.type == YR_MAP_END || e.type == YR_SEQ_END)
			open--;
		else if (e.type == YR_DOC_END)
			goto out;	/* libyaml balances events; never here */
	}
	ret = 0;
out:
	return ret;
}

int yr_is_null(const struct yr_event *ev)
{
	const char *v = ev->value;

	if (ev->type != YR_SCALAR || ev->style != YR_PLAIN)
		return 0;
	/* "", "~", "null", "Null", "NULL": by length first, as every plain
	 * scalar comes through here. */
	switch (ev->len) {
	case 0:
		return 1;
	case 1:
		return v[0] == '~';
	case 4:
		return !strcmp(v, "null") || !strcmp(v, "Null") ||
		       !strcmp(v, "NULL");
	default:
		return 0;
	}
}

const char *yr_describe(const struct yr_event *ev)
{
	switch (ev->type) {
	case YR_SCALAR:
		if (yr_is_null(ev))
			return "null";
		return ev->style == YR_PLAIN ? _("a scalar") : _("a string");
	case YR_MAP_START:
		return _("a mapping");
	case YR_SEQ_START:
		return _("a sequence");
	case YR_MAP_END:
		return _("the end of a mapping");
	case YR_SEQ_END:
		return _("the end of a sequence");
	case YR_DOC_END:
		break;
	}
	return _("the end of the document");
}

/* A C0 or C1 control character other than tab and newline, as a code
 * point, or -1. Such characters in a description could drive the
 * terminal the plan is later printed on. s is valid UTF-8. */
static long find_control(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			return c;
		if (c == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F)
			return (unsigned char)s[i + 1];
	}
	return -1;
}

int yr_get_string(struct yr_reader *r, const struct yr_event *ev,
		  int allow_empty)
{
	unsigned flags;
	size_t stop;
	long ctl;
	int ret = -1;

	if (ev->type != YR_SCALAR || yr_is_null(ev)) {
		yr_error(r, ev, _("expected a string, got %s"), yr_describe(ev));
		goto out;
	}
	if (!ev->len && !allow_empty) {
		yr_error(r, ev, _("expected a non-empty string"));
		goto out;
	}
	if (ev->text_ok) {
		ret = 0;
		goto out;
	}
	/* One pass says whether anything needs a closer look. */
	stop = utf8_scan(ev->value, ev->len, &flags);
	if (flags & UTF8_CONTROLS || stop < ev->len) {
		ctl = find_control(ev->value, ev->len);
		if (ctl >= 0) {
			yr_error(r, ev, _("control character U+%04lX in text"),
				 ctl);
			goto out;
		}
	}
	/* The buffer was checked, and libyaml refuses escapes of
	 * surrogates, so invalid UTF-8 here would be a libyaml bug; still,
	 * name it rightly. */
	if (stop < ev->len) {
		yr_error(r, ev, _("invalid UTF-8 in text"));
		goto out;
	}
	if (flags & UTF8_UNSTABLE && !utf8_is_nfc(ev->value, ev->len)) {
		yr_error(r, ev, _("text is not in Unicode NFC form; "
				  "normalise the file to NFC (e.g. "
				  "uconv -x any-nfc)"));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the decimal integer -?(0|[1-9][0-9]*) at the start of s, or
 * 0. */
static size_t match_integer(const char *s, size_t len)
{
	size_t i = 0, start;

	if (i < len && s[i] == '-')
		i++;
	start = i;
	while (i < len && is_digit(s[i]))
		i++;
	if (i == start || (s[start] == '0' && i - start > 1))
		return 0;
	return i;
}

/* Common front of the number getters: a plain scalar that is not null. */
static int plain_scalar(struct yr_reader *r, const struct yr_event *ev,
			const char *what)
{
	char ex[YR_EXCERPT_SIZE];
	int ret = -1;

	if (ev->type != YR_SCALAR || yr_is_null(ev)) {
		/* TRANSLATORS: what a value must be ("an integer"), what
		 * was found ("a mapping"). */
		yr_error(r, ev, _("expected %s, got %s"), _(what),
			 yr_describe(ev));
		goto out;
	}
	if (ev->style != YR_PLAIN) {
		yr_error(r, ev, _("expected %s, got the quoted string \"%s\" "
				  "(write it without quotes)"), _(what),
			 yr_excerpt(ex, sizeof(ex), ev->value, ev->len));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

int yr_get_int(struct yr_reader *r, const struct yr_event *ev, long min,
	       long max, long *out)
{
	char ex[YR_EXCERPT_SIZE];
	char *end;
	long v;
	int ret = -1;

	if (plain_scalar(r, ev, N_("an integer")))
		goto out;
	yr_excerpt(ex, sizeof(ex), ev->value, ev->len);
	if (match_integer(ev->value, ev->len) != ev->len) {
		if (ev->len > 1 && ev->value[0] == '0' &&
		    is_digit(ev->value[1]))
			yr_error(r, ev, _("expected an integer, got '%s' (no "
					  "leading zeros)"), ex);
		else
			yr_error(r, ev, _("expected an integer, got '%s'"),
				 ex);
		goto out;
	}
	errno = 0;
	v = strtol(ev->value, &end, 10);
	if (errno == ERANGE || end != ev->value + ev->len || v < min ||
	    v > max) {
		yr_error(r, ev, _("%s is out of range (%ld to %ld)"), ex, min,
			 max);
		goto out;
	}
	*out = v;
	ret = 0;
out:
	return ret;
}

/* Longer than any sensible target value, short enough for the stack. */
#define MAX_NUMBER_LEN 64

int yr_get_number(struct yr_reader *r, const struct yr_event *ev,
		  double *out)
{
	char ex[YR_EXCERPT_SIZE];
	char copy[MAX_NUMBER_LEN * 4 + 1];
	const char *point;
	char *end;
	size_t n, i, j, plen;
	double v;
	int ret = -1;

	if (plain_scalar(r, ev, N_("a number")))
		goto out;
	yr_excerpt(ex, sizeof(ex), ev->value, ev->len);
	n = match_integer(ev->value, ev->len);
	if (n && n < ev->len && ev->value[n] == '.') {
		i = ++n;
		while (n < ev->len && is_digit(ev->value[n]))
			n++;
		if (n == i)
			n = 0;
	}
	if (!n || n != ev->len) {
		yr_error(r, ev, _("expected a number, got '%s'"), ex);
		goto out;
	}
	if (ev->len > MAX_NUMBER_LEN) {
		yr_error(r, ev, _("number '%s' is too long"), ex);
		goto out;
	}
	/* strtod reads the locale's decimal point, the file has '.'. */
	point = localeconv()->decimal_point;
	if (!point || !*point || strlen(point) > 4)
		point = ".";
	plen = strlen(point);
	for (i = j = 0; i < ev->len; i++) {
		if (ev->value[i] == '.') {
			memcpy(copy + j, point, plen);
			j += plen;
		} else {
			copy[j++] = ev->value[i];
		}
	}
	copy[j] = '\0';
	errno = 0;
	v = strtod(copy, &end);
	if (errno == ERANGE || *end || !isfinite(v)) {
		yr_error(r, ev, _("number %s is out of range"), ex);
		goto out;
	}
	*out = v;
	ret = 0;
out:
	return ret;
}

/* Does s look like a date, whether or not the day exists? */
static int date_shaped(const char *s, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (len != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < len; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

int yr_get_date(struct yr_reader *r, const struct yr_event *ev, pt_day *out)
{
	char ex[YR_EXCERPT_SIZE];
	pt_day d;
	int ret = -1;

	if (plain_scalar(r, ev, N_("a date YYYY-MM-DD")))
		goto out;
	yr_excerpt(ex, sizeof(ex), ev->value, ev->len);
	if (!date_shaped(ev->value, ev->len)) {
		yr_error(r, ev, _("expected a date YYYY-MM-DD, got '%s'"), ex);
		goto out;
	}
	if (date_parse(ev->value, &d)) {
		yr_error(r, ev, _("no such date: %s"), ex);
		goto out;
	}
	*out = d;
	ret = 0;
out:
	return ret;
}
