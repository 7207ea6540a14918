/* err.h: the two error tiers (after git's usage.c).
 *
 * Library code reports with error() (or diag_at() for a place in a data
 * file) and returns -1 or an exit status; only the command layer calls
 * die(). Exit statuses are those of <sysexits.h>.
 */
#ifndef PLANTRACK_ERR_H
#define PLANTRACK_ERR_H

#include <stdio.h>
#include <sysexits.h>

/* Program name used as the prefix of messages ("plantrack"). */
extern const char *err_progname;
/* Where messages go; stderr unless a test redirects it. */
extern FILE *err_stream;

/* "plantrack: MESSAGE\n" on err_stream; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "plantrack: warning: MESSAGE\n". */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "FILE:LINE:COL: MESSAGE\n" on f (line and col are 1-based; 0 omits them). */
void diag_at(FILE *f, const char *file, unsigned long line, unsigned long col,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* error() then exit(status). Command layer only. */
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* malloc family that die(EX_OSERR) on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
