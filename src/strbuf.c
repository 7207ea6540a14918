/* strbuf.c: growable strings (after git's strbuf.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/strbuf.h"

/* Shared by every empty strbuf so that buf is never NULL; never written. */
char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->buf = strbuf_slopbuf;
	sb->len = 0;
	sb->alloc = 0;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (!sb)
		return;
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, nalloc;

	if (extra > SIZE_MAX - 1 - sb->len)
		die(EX_OSERR, _("out of memory"));
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return;
	/* Grow by half again, as git's alloc_nr(), so appends stay linear. */
	nalloc = sb->alloc < (SIZE_MAX - 16) / 3 * 2 ?
		(sb->alloc + 16) / 2 * 3 : SIZE_MAX;
	if (nalloc < want)
		nalloc = want;
	if (!sb->alloc) {
		sb->buf = xmalloc(nalloc);
		sb->buf[0] = '\0';
	} else {
		sb->buf = xrealloc(sb->buf, nalloc);
	}
	sb->alloc = nalloc;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	if (sb->alloc - sb->len <= len)	/* also when alloc is 0 */
		strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	if (sb->alloc - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

/* The conversions of a format plain_args can take: at most this many. */
#define PLAIN_MAX 9

/* Whether fmt converts nothing but %s, %d, %u, %zu and %%, in order or
 * all by position (%2$s; a translation may reorder its arguments), and
 * if so the type of each argument ('s', 'd', 'u', or 'z' for %zu) in
 * types[0..*n). The messages of check and the reports' cells are of
 * this shape, thousands of them a run, and vsnprintf's generality costs
 * them more than the copying. */
static bool plain_format(const char *fmt, char *types, int *n)
{
	const char *p, *c;
	int seq = 0, max = 0, k = 0;
	bool positional = false;
	char type;

	memset(types, 0, PLAIN_MAX);
	for (p = fmt; (p = strchr(p, '%')); p = c + 1) {
		c = p + 1;
		if (*c == '%')
			continue;
		/* %N$..., N from 1 to 9: the only positional form taken. */
		if (*c >= '1' && *c <= '9' && c[1] == '$') {
			if (seq)
				return false;
			positional = true;
			k = *c - '1';
			c += 2;
		} else if (positional || seq == PLAIN_MAX) {
			return false;
		} else {
			k = seq++;
		}
		if (*c == 's' || *c == 'd' || *c == 'u')
			type = *c;
		else if (c[0] == 'z' && c[1] == 'u')
			type = 'z', c++;
		else
			return false;
		if (types[k] && types[k] != type)
			return false;
		types[k] = type;
		if (k + 1 > max)
			max = k + 1;
	}
	if (positional) {
		/* An argument never named has no known type: printf's
		 * business, as is its error. */
		for (k = 0; k < max; k++)
			if (!types[k])
				return false;
		seq = max;
	}
	*n = seq;
	return true;
}

static void add_uint(struct strbuf *sb, uintmax_t u, bool minus)
{
	char tmp[24], *q = tmp + sizeof(tmp);

	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (minus)
		*--q = '-';
	strbuf_add(sb, q, (size_t)(tmp + sizeof(tmp) - q));
}

/* The arguments of a plain format, fetched by type before any is used:
 * a translation may take them in another order. */
union plain_arg {
	const char *s;
	int d;
	unsigned u;
	size_t z;
};

static void plain_args(union plain_arg *arg, const char *types, int n,
		       va_list ap)
{
	for (int k = 0; k < n; k++) {
		switch (types[k]) {
		case 's': arg[k].s = va_arg(ap, const char *); break;
		case 'd': arg[k].d = va_arg(ap, int); break;
		case 'u': arg[k].u = va_arg(ap, unsigned); break;
		default: arg[k].z = va_arg(ap, size_t); break;
		}
	}
}

/* Argument a, of type 's', 'd', 'u' or 'z', as printf writes it. */
static void add_arg(struct strbuf *sb, char type, const union plain_arg *a)
{
	switch (type) {
	case 's':
		strbuf_addstr(sb, a->s ? a->s : "(null)");
		break;
	case 'd':
		/* In unsigned arithmetic, so that INT_MIN has a magnitude. */
		add_uint(sb, a->d < 0 ? 0u - (unsigned)a->d : (unsigned)a->d,
			 a->d < 0);
		break;
	case 'u': add_uint(sb, a->u, false); break;
	default: add_uint(sb, a->z, false); break;
	}
}

/* vsnprintf's result for a format plain_format took. */
static void add_plain(struct strbuf *sb, const char *fmt, const char *types,
		      int n, va_list ap)
{
	union plain_arg arg[PLAIN_MAX] = { { NULL } };
	const char *p = fmt, *q;
	int k, next = 0;

	plain_args(arg, types, n, ap);
	while ((q = strchr(p, '%'))) {
		strbuf_add(sb, p, (size_t)(q - p));
		p = q + 1;
		if (*p == '%') {
			strbuf_addch(sb, '%');
			p++;
			continue;
		}
		if (p[1] == '$') {
			k = *p - '1';
			p += 2;
		} else {
			k = next++;
		}
		p += types[k] == 'z' ? 2 : 1;
		add_arg(sb, types[k], &arg[k]);
	}
	strbuf_addstr(sb, p);
}

/* A plain format parsed once: its literal pieces, each followed by an
 * argument or by none. check writes 11 000 messages at N = 10 000 from
 * a handful of formats, and parsing each again (plain_format, then
 * add_plain's walk) cost more than the copying. The cache is this
 * process's (plantrack runs one thread); a slot is used only when the
 * format at its address is still the text it parsed, so a buffer that
 * held another format before is parsed anew. */
#define FMT_CACHED	127	/* the longest format kept */
#define FMT_SLOTS	8
#define FMT_OPS		(2 * PLAIN_MAX + 6)

struct fmt_op {
	unsigned char off, len;	/* the literal piece in the format */
	short arg;		/* then argument arg, or none (-1) */
};

struct parsed_fmt {
	const char *key;	/* the format's address; NULL: empty */
	char text[FMT_CACHED + 1];
	char types[PLAIN_MAX];
	int nargs, nops;
	struct fmt_op op[FMT_OPS];
};

/* One per thread: a report's long tables are drawn on two (out.h's
 * spools), and a slot is written as it is read. */
static _Thread_local struct parsed_fmt fmt_cache[FMT_SLOTS];

/* c->op from fmt (len bytes), which plain_format took into c->types;
 * false when it has more pieces than FMT_OPS. */
static bool fmt_pieces(struct parsed_fmt *c, const char *fmt, size_t len)
{
	const char *p = fmt, *q, *start = fmt;
	int next = 0, k;

	c->nops = 0;
	while ((q = strchr(p, '%'))) {
		if (c->nops == FMT_OPS - 1)
			return false;
		if (q[1] == '%') {
			/* The piece up to the first '%', the second
			 * skipped. */
			k = -1;
			p = q + 2;
			q++;
		} else {
			p = q + 1;
			if (p[1] == '$') {
				k = *p - '1';
				p += 2;
			} else {
				k = next++;
			}
			p += c->types[k] == 'z' ? 2 : 1;
		}
		c->op[c->nops].off = (unsigned char)(start - fmt);
		c->op[c->nops].len = (unsigned char)(q - start);
		c->op[c->nops++].arg = (short)k;
		start = p;
	}
	c->op[c->nops].off = (unsigned char)(start - fmt);
	c->op[c->nops].len = (unsigned char)(fmt + len - start);
	c->op[c->nops++].arg = -1;
	return true;
}

/* fmt parsed, from the cache or now; NULL when it is too long to keep
 * (or of too many pieces), or not plain (then *plain is false). */
static const struct parsed_fmt *fmt_parsed(const char *fmt, bool *plain)
{
	struct parsed_fmt *c = &fmt_cache[((uintptr_t)fmt >> 4) % FMT_SLOTS];
	size_t len;

	*plain = true;
	if (c->key == fmt && !strcmp(c->text, fmt))
		return c;
	c->key = NULL;
	len = strlen(fmt);
	if (len > FMT_CACHED)
		return NULL;
	if (!plain_format(fmt, c->types, &c->nargs)) {
		*plain = false;
		return NULL;
	}
	if (!fmt_pieces(c, fmt, len))
		return NULL;
	memcpy(c->text, fmt, len + 1);
	c->key = fmt;
	return c;
}

/* vsnprintf's result for a parsed format. */
static void add_parsed(struct strbuf *sb, const struct parsed_fmt *c,
		       va_list ap)
{
	union plain_arg arg[PLAIN_MAX] = { { NULL } };
	const struct fmt_op *op;

	plain_args(arg, c->types, c->nargs, ap);
	for (op = c->op; op < c->op + c->nops; op++) {
		strbuf_add(sb, c->text + op->off, op->len);
		if (op->arg >= 0)
			add_arg(sb, c->types[op->arg], &arg[op->arg]);
	}
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	const struct parsed_fmt *c;
	va_list cp;
	char types[PLAIN_MAX];
	bool plain;
	int n;

	c = fmt_parsed(fmt, &plain);
	if (c) {
		add_parsed(sb, c, ap);
		return;
	}
	if (plain && plain_format(fmt, types, &n)) {
		add_plain(sb, fmt, types, n, ap);
		return;
	}
	/* Try in the space we have; most messages fit the first time. */
	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		goto err;
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		va_copy(cp, ap);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
		va_end(cp);
		if (n < 0 || (size_t)n >= sb->alloc - sb->len)
			goto err;
	}
	sb->len += (size_t)n;
	return;
err:
	/* Only a bad format or a result over INT_MAX gets here: a bug. */
	sb->buf[sb->len] = '\0';
	die(EX_SOFTWARE, _("internal error: cannot format \"%s\": %s"), fmt,
	    err_strerror(errno));
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	/* The slop buffer is shared: hand out a buffer of our own. */
	strbuf_grow(sb, 0);
	p = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return p;
}
