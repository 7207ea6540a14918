/* textarg.h: checking what people type on the command line.
 *
 * Text arguments become part of the record, so they must be valid UTF-8;
 * they are stored in NFC so that the same words always compare equal,
 * whatever the terminal or input method produced. Numbers are parsed with
 * full end-pointer and range checks (OpenBSD strtonum style).
 */
#ifndef PLANTRACK_TEXTARG_H
#define PLANTRACK_TEXTARG_H

#include <stddef.h>

#define TEXTARG_MAX (16u << 10)	/* bytes in one note */

/* Returns a malloc'd NFC copy of arg (caller frees), or NULL after a
 * usage message naming the option (invalid UTF-8, control characters
 * other than newline and tab, longer than TEXTARG_MAX). */
char *textarg_note(const char *cmd, const char *option, const char *arg);
/* Decimal integer in [min, max]; 0, or EX_USAGE after a message. */
int textarg_int(const char *cmd, const char *option, const char *arg,
		long min, long max, long *out);
/* Finite decimal number in [min, max]; 0, or EX_USAGE after a message. */
int textarg_number(const char *cmd, const char *option, const char *arg,
		   double min, double max, double *out);

#endif
