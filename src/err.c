/* err.c: error reporting and allocators that cannot fail (after git's
 * usage.c and wrapper.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/err.h"

const char *err_progname = "plantrack";
/* stderr is not a constant expression, so NULL stands for it. */
FILE *err_stream;

static FILE *out_stream(void)
{
	return err_stream ? err_stream : stderr;
}

static const char *progname(void)
{
	return err_progname ? err_progname : "plantrack";
}

/* Writes "HEAD TAIL MESSAGE\n" and flushes, so that a message is never
 * held back behind output buffered for later. */
__attribute__((format(printf, 4, 0)))
static void report(FILE *f, const char *head, const char *tail,
		   const char *fmt, va_list ap)
{
	fputs(head, f);
	fputs(tail, f);
	vfprintf(f, fmt, ap);
	putc('\n', f);
	fflush(f);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(out_stream(), progname(), ": ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(out_stream(), progname(), ": warning: ", fmt, ap);
	va_end(ap);
}

void diag_at(FILE *f, const char *file, unsigned long line, unsigned long col,
	     const char *fmt, ...)
{
	char pos[64];
	va_list ap;
	int n = 0;

	if (!f)
		f = out_stream();
	if (!file)
		file = progname();
	if (line && col)
		n = snprintf(pos, sizeof(pos), ":%lu:%lu: ", line, col);
	else if (line)
		n = snprintf(pos, sizeof(pos), ":%lu: ", line);
	else
		n = snprintf(pos, sizeof(pos), ": ");
	/* Two unsigned longs always fit; keep the message if they did not. */
	if (n < 0 || (size_t)n >= sizeof(pos))
		memcpy(pos, ": ", sizeof(": "));
	va_start(ap, fmt);
	report(f, file, pos, fmt, ap);
	va_end(ap);
}

_Noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(out_stream(), progname(), ": ", fmt, ap);
	va_end(ap);
	exit(status);
}

void *xmalloc(size_t n)
{
	/* malloc(0) may return NULL, which must not read as exhaustion. */
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (!n || !size)
		n = size = 1;
	p = calloc(n, size);
	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	/* realloc(p, 0) may free p and return NULL: never ask for 0. */
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die(EX_OSERR, "out of memory");
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}
