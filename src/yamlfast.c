/* yamlfast.c: libyaml's events for plain block YAML, without libyaml.
 *
 * A line at a time, with a stack of the block collections open, as
 * libyaml's scanner keeps its indentation levels. Anything this file does
 * not know returns -1 from the first pass (yf_check), and the file goes
 * to libyaml whole: so nothing here reports an error, and the second pass
 * (yf_next) cannot fail. The marks are libyaml's: a scalar at its first
 * character (a quoted one at its quote) and its end just past its last;
 * a block mapping at its first key; a block sequence at its first dash;
 * the end of a block collection where the next token starts, or at the
 * end of the text on the line after the last (libyaml's stream end); an
 * empty value just past its key's colon.
 */
#include <stdlib.h>
#include <string.h>

#include "plantrack/yamlfast.h"

/* libyaml wants a simple key within 1024 characters of its colon. */
#define MAX_KEY		1000
/* Events of one line: the ends of every level, an empty value, a
 * sequence and a mapping opened, a key, and a value; the events of flow
 * collections are counted against it (a longer line is libyaml's). */
#define QCAP		(YR_MAX_DEPTH + 224)

enum level_kind {
	LV_MAP,
	LV_SEQ,		/* its own indentation: ends with a block end */
	LV_ISEQ,	/* a mapping's value at the mapping's indentation */
};

struct level {
	enum level_kind kind;
	size_t indent;
};

struct yf_scanner {
	const char *text, *end;
	const char *p;		/* start of the next line to read */
	size_t ci;		/* its character index */
	unsigned long line;	/* its line, 0-based */
	size_t col;		/* at the end of the text: its column */
	size_t mb;		/* bytes past the first of a character, this line */
	int bs_line;		/* this line holds a backslash */
	int started, finished;
	struct level lv[YR_MAX_DEPTH];
	unsigned depth;
	/* A key whose value is still to come, and the mark past its colon. */
	int awaiting;
	unsigned long aw_line;
	size_t aw_col, aw_ci;
	int fill;		/* second pass: values wanted */
	struct yr_event q[QCAP];
	unsigned qh, qn;
	char *val;		/* this line's values, each NUL-terminated */
	size_t valn;
	size_t most;		/* first pass: the most valn of a line */
};

struct yf_scanner *yf_open(const char *text, size_t len)
{
	struct yf_scanner *s = calloc(1, sizeof(*s));

	if (s) {
		s->text = text;
		s->p = text;
		s->end = text + len;
	}
	return s;
}

void yf_close(struct yf_scanner *s)
{
	if (!s)
		return;
	free(s->val);
	free(s);
}

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* A character of a plain word: none is an indicator, a space, a colon or
 * anything that ends a plain scalar in either context. */
static int is_word(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' ||
	       c == '/' || c == '~' || c == '@';
}

/* Is the '-' at d a sequence entry's (not the start of "-5")? */
static int is_dash(const char *d, const char *le)
{
	return *d == '-' && (d + 1 == le || d[1] == ' ');
}

/* Can a plain scalar start at v? */
static int plain_first(const char *v, const char *le)
{
	unsigned char c = (unsigned char)*v;

	if (c == '-')
		return v + 1 < le && is_alnum((unsigned char)v[1]);
	return is_word(c) && c != '@';
}

static struct yr_event *push(struct yf_scanner *s, enum yr_type type,
			     unsigned long line, size_t col)
{
	struct yr_event *ev = &s->q[s->qn++];

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->line = line + 1;
	ev->col = col + 1;
	return ev;
}

/* The column of p on the line starting at ls: the characters before it,
 * as what is before it has been scanned (s->mb). */
static size_t colof(const struct yf_scanner *s, const char *ls, const char *p)
{
	return (size_t)(p - ls) - s->mb;
}

/* A plain scalar v[0..n) at column col of this line, all ASCII before. */
static void push_plain(struct yf_scanner *s, const char *v, size_t n,
		       size_t col)
{
	struct yr_event *ev = push(s, YR_SCALAR, s->line, col);
	char *d;

	ev->style = YR_PLAIN;
	ev->len = n;
	ev->text_ok = 1;
	ev->at = s->ci + col;
	ev->end = ev->at + n;
	if (s->fill) {
		d = s->val + s->valn;
		memcpy(d, v, n);
		d[n] = '\0';
		ev->value = d;
	}
	s->valn += n + 1;
}

static int open_level(struct yf_scanner *s, enum level_kind kind,
		      size_t indent)
{
	if (s->depth >= YR_MAX_DEPTH)
		return -1;
	s->lv[s->depth].kind = kind;
	s->lv[s->depth].indent = indent;
	s->depth++;
	push(s, kind == LV_MAP ? YR_MAP_START : YR_SEQ_START, s->line,
	     indent);
	return 0;
}

static void close_level(struct yf_scanner *s, unsigned long line, size_t col)
{
	s->depth--;
	push(s, s->lv[s->depth].kind == LV_MAP ? YR_MAP_END : YR_SEQ_END, line,
	     col);
}

static void push_awaited(struct yf_scanner *s)
{
	struct yr_event *ev = push(s, YR_SCALAR, s->aw_line, s->aw_col);

	ev->style = YR_PLAIN;
	ev->value = "";
	ev->text_ok = 1;
	ev->at = ev->end = s->aw_ci;
	s->awaiting = 0;
}

/* The end of the text: libyaml ends the levels deeper than the last
 * line's column there, then moves to the start of the next line (its
 * stream end) and ends the rest, and the document, there. */
static int at_end(struct yf_scanner *s)
{
	unsigned long line = s->line + (s->col != 0);

	if (!s->started)
		return -1;	/* no document: libyaml's to say */
	if (s->awaiting)
		push_awaited(s);
	while (s->depth) {
		if (s->lv[s->depth - 1].indent > s->col)
			close_level(s, s->line, s->col);
		else
			close_level(s, line, 0);
	}
	push(s, YR_DOC_END, line, 0);
	s->finished = 1;
	return 0;
}

/* Writes code point c as UTF-8 at d (when d), returns its length. */
static size_t put_utf8(char *d, unsigned long c)
{
	unsigned char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xC0 | (c >> 6));
		b[1] = (unsigned char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (c >> 12));
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (c >> 18));
		b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (c & 0x3F));
		n = 4;
	}
	if (d)
		memcpy(d, b, n);
	return n;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The escape at e (its backslash), before le: its source length in *k
 * and its code point in *c; -1 for one left to libyaml (an escaped line
 * break, an unknown or invalid one). */
static int escape(const char *e, const char *le, size_t *k, unsigned long *c)
{
	size_t digits = 0, i;
	int h;

	if (e + 1 >= le)
		return -1;
	*k = 2;
	switch (e[1]) {
	case '0': *c = 0; break;
	case 'a': *c = 7; break;
	case 'b': *c = 8; break;
	case 't': case '\t': *c = 9; break;
	case 'n': *c = 10; break;
	case 'v': *c = 11; break;
	case 'f': *c = 12; break;
	case 'r': *c = 13; break;
	case 'e': *c = 27; break;
	case ' ': *c = ' '; break;
	case '"': *c = '"'; break;
	case '/': *c = '/'; break;
	case '\\': *c = '\\'; break;
	case 'N': *c = 0x85; break;
	case '_': *c = 0xA0; break;
	case 'L': *c = 0x2028; break;
	case 'P': *c = 0x2029; break;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default: return -1;
	}
	if (!digits)
		return 0;
	if ((size_t)(le - e) < 2 + digits)
		return -1;
	*c = 0;
	for (i = 0; i < digits; i++) {
		h = hex_value((unsigned char)e[2 + i]);
		if (h < 0)
			return -1;
		*c = *c << 4 | (unsigned long)h;
	}
	if ((*c >= 0xD800 && *c <= 0xDFFF) || *c > 0x10FFFF)
		return -1;
	*k = 2 + digits;
	return 0;
}

/* A character libyaml reads otherwise than as text: a line or paragraph
 * separator (a line break to it) or U+FFFE, U+FFFF (refused). */
static int odd_char(const char *i, const char *le)
{
	const unsigned char *u = (const unsigned char *)i;

	if (le - i < 3)
		return 0;
	if (u[0] == 0xE2)
		return u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9);
	if (u[0] == 0xEF)
		return u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF);
	return 0;
}

/* The double-quoted scalar whose quote is v, at column col, on one line;
 * *after is past its closing quote. */
static int quoted(struct yf_scanner *s, const char *ls, const char *v,
		  const char *le, const char **after)
{
	size_t col = colof(s, ls, v);
	const char *i = v + 1;
	char *d = s->fill ? s->val + s->valn : NULL;
	size_t n = 0, k, chars = 2;
	unsigned long c;
	struct yr_event *ev;
	int esc = 0;

	for (;;) {
		unsigned char b;

		if (i == le)
			return -1;	/* on to the next line, or no end */
		b = (unsigned char)*i;
		if (b == '"')
			break;
		if (b == '\\') {
			if (escape(i, le, &k, &c))
				return -1;
			n += put_utf8(d ? d + n : NULL, c);
			i += k;
			chars += k;
			esc = 1;
			continue;
		}
		if (b >= 0x80) {
			if ((b & 0xC0) == 0x80)
				s->mb++;
			else if (odd_char(i, le))
				return -1;
			else
				chars++;
		} else {
			chars++;
		}
		if (d)
			d[n] = (char)b;
		n++;
		i++;
	}
	if (n > YR_MAX_SCALAR)
		return -1;
	ev = push(s, YR_SCALAR, s->line, col);
	ev->style = YR_QUOTED;
	ev->len = n;
	/* yamlread's rule: a double-quoted scalar on a line with a
	 * backslash, its own or another's, is checked. */
	ev->text_ok = !esc && !s->bs_line;
	ev->at = s->ci + col;
	ev->end = ev->at + chars;
	if (d) {
		d[n] = '\0';
		ev->value = d;
	}
	s->valn += n + 1;
	*after = i + 1;
	return 0;
}

/* A plain scalar in block context at v: words and single spaces, ending
 * at the end of the line (trailing spaces are not its own). */
static int plain(struct yf_scanner *s, const char *ls, const char *v,
		 const char *le)
{
	const char *i = v, *last, *j;

	if (!plain_first(v, le))
		return -1;
	for (;;) {
		while (i < le && (is_word((unsigned char)*i) ||
				  (*i == ':' && i + 1 < le &&
				   is_word((unsigned char)i[1]))))
			i++;
		last = i;
		if (i == le)
			break;
		if (*i != ' ')
			return -1;	/* ": ", a flow indicator, a tab... */
		for (j = i; j < le && *j == ' '; j++)
			;
		if (j == le)
			break;
		if (!is_word((unsigned char)*j))
			return -1;	/* " #" starts a comment */
		i = j;
	}
	if ((size_t)(last - v) > YR_MAX_SCALAR)
		return -1;
	push_plain(s, v, (size_t)(last - v), colof(s, ls, v));
	return 0;
}

/* Length of the plain key at k (a word run ending in ':' and a space or
 * the end of the line), or 0. */
static size_t key_length(const char *k, const char *le)
{
	const char *i = k;

	if (!plain_first(k, le))
		return 0;
	while (i < le && is_word((unsigned char)*i))
		i++;
	if (i == le || *i != ':' || (i + 1 < le && i[1] != ' ') ||
	    i - k > MAX_KEY)
		return 0;
	return (size_t)(i - k);
}

static int flow_node(struct yf_scanner *s, const char *ls, const char *v,
		     const char *le, unsigned nest, const char **after);

/* A one-line flow sequence or mapping at v, its '[' or '{', inside nest
 * flow collections of this line; *after past its closing bracket. A
 * mapping's keys are plain words, each followed by ": ". */
static int flow(struct yf_scanner *s, const char *ls, const char *v,
		const char *le, unsigned nest, const char **after)
{
	int map = *v == '{';
	char close = map ? '}' : ']';
	const char *i = v + 1;
	size_t n;

	if (s->depth + nest >= YR_MAX_DEPTH || s->qn + 2 > QCAP)
		return -1;
	push(s, map ? YR_MAP_START : YR_SEQ_START, s->line, colof(s, ls, v));
	while (i < le && *i == ' ')
		i++;
	if (i < le && *i == close)
		goto close;
	for (;;) {
		if (i == le)
			return -1;
		if (map) {
			/* A key at the end of the line has no value here. */
			n = key_length(i, le);
			if (!n || s->qn + 2 > QCAP)
				return -1;
			push_plain(s, i, n, colof(s, ls, i));
			for (i += n + 1; i < le && *i == ' '; i++)
				;
			if (i == le)
				return -1;
		}
		if (flow_node(s, ls, i, le, nest + 1, &i))
			return -1;
		while (i < le && *i == ' ')
			i++;
		if (i < le && *i == close)
			break;
		if (i == le || *i != ',')
			return -1;
		for (i++; i < le && *i == ' '; i++)
			;
	}
close:
	if (s->qn + 1 > QCAP)
		return -1;
	push(s, map ? YR_MAP_END : YR_SEQ_END, s->line, colof(s, ls, i));
	*after = i + 1;
	return 0;
}

/* A node inside a flow collection: a word, a quoted text, or another
 * collection. */
static int flow_node(struct yf_scanner *s, const char *ls, const char *v,
		     const char *le, unsigned nest, const char **after)
{
	const char *i;

	if (*v == '[' || *v == '{')
		return flow(s, ls, v, le, nest, after);
	if (s->qn + 1 > QCAP)
		return -1;
	if (*v == '"')
		return quoted(s, ls, v, le, after);
	if (!plain_first(v, le))
		return -1;
	for (i = v; i < le && is_word((unsigned char)*i); i++)
		;
	if ((size_t)(i - v) > YR_MAX_SCALAR)
		return -1;
	push_plain(s, v, (size_t)(i - v), colof(s, ls, v));
	*after = i;
	return 0;
}

/* A value at v, then nothing but spaces to the end of the line. */
static int value(struct yf_scanner *s, const char *ls, const char *v,
		 const char *le)
{
	const char *i = le;

	if (*v == '"') {
		if (quoted(s, ls, v, le, &i))
			return -1;
	} else if (*v == '[' || *v == '{') {
		if (flow(s, ls, v, le, 0, &i))
			return -1;
	} else if (plain(s, ls, v, le)) {
		return -1;
	}
	while (i < le && *i == ' ')
		i++;
	return i == le ? 0 : -1;
}

/* "key:" and its value, if on this line, at k in the mapping at k's
 * column. */
static int key_line(struct yf_scanner *s, const char *ls, const char *k,
		    const char *le)
{
	size_t n = key_length(k, le);
	const char *c, *v;

	if (!n)
		return -1;
	push_plain(s, k, n, (size_t)(k - ls));
	c = k + n + 1;
	for (v = c; v < le && *v == ' '; v++)
		;
	if (v == le) {
		s->awaiting = 1;
		s->aw_line = s->line;
		s->aw_col = (size_t)(c - ls);
		s->aw_ci = s->ci + s->aw_col;
		return 0;
	}
	return value(s, ls, v, le);
}

/* A sequence item whose dash is at d. */
static int item(struct yf_scanner *s, const char *ls, const char *d,
		const char *le)
{
	const char *c = d + 1;

	while (c < le && *c == ' ')
		c++;
	if (c == le || is_dash(c, le))
		return -1;	/* an empty item, or a sequence in a sequence */
	if (key_length(c, le)) {
		if (open_level(s, LV_MAP, (size_t)(c - ls)))
			return -1;
		return key_line(s, ls, c, le);
	}
	return value(s, ls, c, le);
}

/* The content line ls..le whose first character, at column n, is q. */
static int content(struct yf_scanner *s, const char *ls, const char *q,
		   const char *le)
{
	size_t n = (size_t)(q - ls);
	int dash = is_dash(q, le);
	struct level *top;

	if (!s->started) {
		s->started = 1;
		if (n || dash || open_level(s, LV_MAP, 0))
			return -1;
		return key_line(s, ls, q, le);
	}
	if (s->awaiting) {
		top = &s->lv[s->depth - 1];
		if (dash && n == top->indent) {
			s->awaiting = 0;
			if (open_level(s, LV_ISEQ, n))
				return -1;
			return item(s, ls, q, le);
		}
		if (n > top->indent) {
			s->awaiting = 0;
			if (open_level(s, dash ? LV_SEQ : LV_MAP, n))
				return -1;
			return dash ? item(s, ls, q, le) :
				key_line(s, ls, q, le);
		}
		push_awaited(s);
	}
	while (s->depth && s->lv[s->depth - 1].indent > n)
		close_level(s, s->line, n);
	if (s->depth && s->lv[s->depth - 1].kind == LV_ISEQ &&
	    s->lv[s->depth - 1].indent == n && !dash)
		close_level(s, s->line, n);
	if (!s->depth || s->lv[s->depth - 1].indent != n)
		return -1;
	top = &s->lv[s->depth - 1];
	if (dash)
		return top->kind == LV_MAP ? -1 : item(s, ls, q, le);
	return top->kind == LV_MAP ? key_line(s, ls, q, le) : -1;
}

/* Past the line ls..le (le its newline or the end of the text). */
static void next_line(struct yf_scanner *s, const char *ls, const char *le)
{
	size_t chars = (size_t)(le - ls) - s->mb;

	if (le < s->end) {
		s->ci += chars + 1;
		s->line++;
		s->p = le + 1;
	} else {
		s->ci += chars;
		s->col = chars;
		s->p = le;
	}
	s->mb = 0;
}

/* A comment from q to le: only its characters matter. */
static int comment(struct yf_scanner *s, const char *q, const char *le)
{
	const char *i;

	for (i = q; i < le; i++) {
		unsigned char b = (unsigned char)*i;

		if (b < 0x80)
			continue;
		if ((b & 0xC0) == 0x80)
			s->mb++;
		else if (odd_char(i, le))
			return -1;
	}
	return 0;
}

/* Queues the events of the next content line, or of the end. */
static int read_line(struct yf_scanner *s)
{
	const char *ls, *le, *q;

	s->qh = s->qn = 0;
	if (s->valn > s->most)
		s->most = s->valn;
	s->valn = 0;
	for (;;) {
		ls = s->p;
		if (ls == s->end)
			return at_end(s);
		le = memchr(ls, '\n', (size_t)(s->end - ls));
		if (!le)
			le = s->end;
		for (q = ls; q < le && *q == ' '; q++)
			;
		if (q < le && *q == '#') {
			if (comment(s, q, le))
				return -1;
		} else if (q < le) {
			s->bs_line = memchr(q, '\\', (size_t)(le - q)) != NULL;
			if (content(s, ls, q, le))
				return -1;
			next_line(s, ls, le);
			return 0;
		}
		next_line(s, ls, le);
	}
}

int yf_check(struct yf_scanner *s)
{
	while (!s->finished)
		if (read_line(s))
			return -1;
	if (s->valn > s->most)
		s->most = s->valn;
	/* The values of the line that has the most, each with its NUL. */
	s->val = malloc(s->most + 1);
	if (!s->val)
		return -1;
	s->p = s->text;
	s->ci = s->col = s->mb = 0;
	s->line = 0;
	s->started = s->finished = s->awaiting = 0;
	s->depth = 0;
	s->qh = s->qn = 0;
	s->fill = 1;
	return 0;
}

void yf_next(struct yf_scanner *s, struct yr_event *ev)
{
	while (s->qh == s->qn) {
		if (s->finished || read_line(s)) {
			/* Only after the end (yamlread asks no more), or if
			 * the two passes disagreed, which they cannot. */
			memset(ev, 0, sizeof(*ev));
			ev->type = YR_DOC_END;
			return;
		}
	}
	*ev = s->q[s->qh++];
}
