/* err.h: the two error tiers (after git's usage.c), and the one error
 * convention of library functions.
 *
 * Every message has one form: "plantrack: COMMAND: MESSAGE", where main
 * sets COMMAND once (err_set_command) and no message spells it; before a
 * command is known, "plantrack: MESSAGE". Messages are written in English
 * and translated by the caller (_() from i18n.h); the words this module
 * adds ("warning", "hint") it translates itself.
 *
 * Only the command layer (main.c, cli.c, cmd_*.c) exits: die(), or an
 * exit status returned from cmd_*. Library functions never exit, with
 * one exception: the x*alloc family and strbuf die(EX_OSERR) when a
 * small allocation fails, since nothing useful can follow.
 *
 * A library function is one of three kinds, and its header says which:
 *   - a computation (fold, report, emit, index): returns 0, or -1 with
 *     errno set (ENOMEM, EINVAL), and prints nothing; the caller knows
 *     what it was doing and says so;
 *   - an operation on files or on data people wrote (load, parse,
 *     record, store): prints the reason itself, with error() or, for a
 *     place in a data file, diag_at() / yr_error() as
 *     "FILE:LINE:COL: message", and returns 0 or a <sysexits.h> status
 *     (EX_DATAERR, EX_IOERR, EX_NOPERM, ...), which the command returns;
 *   - a lookup: returns NULL (or -1 for a position) when there is no
 *     such thing, and prints nothing.
 * On failure an out-parameter is left NULL (or empty), never half
 * built. Exit statuses are those of <sysexits.h>; docs/plantrack.1 says
 * what each means to a user.
 */
#ifndef PLANTRACK_ERR_H
#define PLANTRACK_ERR_H

#include <stdio.h>
#include <sysexits.h>

/* Program name used as the prefix of messages ("plantrack"). */
extern const char *err_progname;
/* Where messages go; stderr unless a test redirects it. */
extern FILE *err_stream;

/* The command being run, named after the program in every message (NULL:
 * none). main sets it once; the string must outlive every message. */
void err_set_command(const char *cmd);

/* Writes "plantrack: COMMAND: " (or "plantrack: ") on f: for callers that
 * write a message themselves, as usage errors do. */
void err_prefix(FILE *f);

/* "plantrack: COMMAND: MESSAGE\n" on err_stream; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "plantrack: COMMAND: warning: MESSAGE\n". */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "plantrack: COMMAND: hint: MESSAGE\n": what to do about the error just
 * reported. */
void hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "FILE:LINE:COL: MESSAGE\n" on f (line and col are 1-based; 0 omits them). */
void diag_at(FILE *f, const char *file, unsigned long line, unsigned long col,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* error() then exit(status). Command layer only. */
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* strerror(errnum) in the interface language: the system errors plantrack
 * meets are in its own catalogue (glibc's translations are not used, see
 * i18n.c); others are glibc's English text. Static string. */
const char *err_strerror(int errnum);

/* malloc family that die(EX_OSERR) on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
