/* err.c: error reporting and allocators that cannot fail (after git's
 * usage.c and wrapper.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/arena.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"

const char *err_progname = "plantrack";
/* stderr is not a constant expression, so NULL stands for it. */
FILE *err_stream;
static const char *command;

static FILE *out_stream(void)
{
	return err_stream ? err_stream : stderr;
}

static const char *progname(void)
{
	return err_progname ? err_progname : "plantrack";
}

void err_set_command(const char *cmd)
{
	command = cmd;
}

void err_prefix(FILE *f)
{
	fprintf(f, "%s: ", progname());
	if (command)
		fprintf(f, "%s: ", command);
}

/* Writes "PREFIX[WORD: ]MESSAGE\n" and flushes, so that a message is never
 * held back behind output buffered for later. */
__attribute__((format(printf, 3, 0)))
static void report(FILE *f, const char *word, const char *fmt, va_list ap)
{
	err_prefix(f);
	if (word)
		fprintf(f, "%s: ", word);
	vfprintf(f, fmt, ap);
	putc('\n', f);
	fflush(f);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(out_stream(), NULL, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the word before a warning: "plantrack: list: warning:
	 * ..." */
	report(out_stream(), _("warning"), fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the word before advice that follows an error:
	 * "plantrack: list: hint: create the data directory with ..." */
	report(out_stream(), _("hint"), fmt, ap);
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
	fputs(file, f);
	fputs(pos, f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	putc('\n', f);
	fflush(f);
}

_Noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(out_stream(), NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

/* The system errors a file-handling program meets, with glibc's English
 * text as the message id, so that English output is strerror's. */
static const struct {
	int errnum;
	const char *text;
} errors[] = {
	{ EPERM, N_("Operation not permitted") },
	{ ENOENT, N_("No such file or directory") },
	{ EINTR, N_("Interrupted system call") },
	{ EIO, N_("Input/output error") },
	{ EBADF, N_("Bad file descriptor") },
	{ EAGAIN, N_("Resource temporarily unavailable") },
	{ ENOMEM, N_("Cannot allocate memory") },
	{ EACCES, N_("Permission denied") },
	{ EBUSY, N_("Device or resource busy") },
	{ EEXIST, N_("File exists") },
	{ EXDEV, N_("Invalid cross-device link") },
	{ ENOTDIR, N_("Not a directory") },
	{ EISDIR, N_("Is a directory") },
	{ EINVAL, N_("Invalid argument") },
	{ ENFILE, N_("Too many open files in system") },
	{ EMFILE, N_("Too many open files") },
	{ ETXTBSY, N_("Text file busy") },
	{ EFBIG, N_("File too large") },
	{ ENOSPC, N_("No space left on device") },
	{ EROFS, N_("Read-only file system") },
	{ EMLINK, N_("Too many links") },
	{ EPIPE, N_("Broken pipe") },
	{ ENAMETOOLONG, N_("File name too long") },
	{ ENOTEMPTY, N_("Directory not empty") },
	{ ELOOP, N_("Too many levels of symbolic links") },
	{ ESTALE, N_("Stale file handle") },
	{ EDQUOT, N_("Disk quota exceeded") },
};

const char *err_strerror(int errnum)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].errnum == errnum)
			return _(errors[i].text);
	return strerror(errnum);
}

void *xmalloc(size_t n)
{
	/* malloc(0) may return NULL, which must not read as exhaustion. */
	void *p = mem_malloc_huge(n ? n : 1, 1);

	if (!p)
		die(EX_OSERR, _("out of memory"));
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (!n || !size)
		n = size = 1;
	p = mem_calloc_huge(n, size);
	if (!p)
		die(EX_OSERR, _("out of memory"));
	return p;
}

void *xrealloc(void *p, size_t n)
{
	/* realloc(p, 0) may free p and return NULL: never ask for 0. */
	void *q = mem_realloc_huge(p, n ? n : 1, 1);

	if (!q)
		die(EX_OSERR, _("out of memory"));
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die(EX_OSERR, _("out of memory"));
	return p;
}
