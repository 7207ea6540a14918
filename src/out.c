/* out.c: an output buffer in front of a FILE (out.h). */
#include <stdarg.h>

#include "plantrack/out.h"

void out_init(struct out *o, FILE *f)
{
	o->f = f;
	o->len = 0;
}

int out_flush(struct out *o)
{
	if (o->len)
		fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
	return ferror(o->f) ? -1 : 0;
}

int out_error(const struct out *o)
{
	return ferror(o->f);
}

void out_write_slow(struct out *o, const char *s, size_t n)
{
	out_flush(o);
	if (n >= OUT_BUF) {
		fwrite(s, 1, n, o->f);
		return;
	}
	memcpy(o->buf, s, n);
	o->len = n;
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = OUT_BUF - o->len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		o->len += (size_t)n;
		return;
	}
	/* Did not fit: out of the buffer, straight to the FILE. */
	out_flush(o);
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}
