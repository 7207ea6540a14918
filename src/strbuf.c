/* strbuf.c: growable strings (after git's strbuf.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/strbuf.h"

/* Lets the compiler see that fmt is passed through, not made up here. */
__attribute__((format(printf, 2, 0)))
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

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

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

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
