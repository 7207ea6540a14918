/* textarg.h: checking numbers people type on the command line.
 *
 * Numbers are parsed with full end-pointer and range checks (OpenBSD
 * strtonum style). Text that becomes part of the record is checked by
 * the schema's one text rule (schema_text_input, schema.h).
 */
#ifndef PLANTRACK_TEXTARG_H
#define PLANTRACK_TEXTARG_H

#include <stddef.h>

/* Decimal integer in [min, max]; 0, or EX_USAGE after a message. */
int textarg_int(const char *cmd, const char *option, const char *arg,
		long min, long max, long *out);
/* Finite decimal number in [min, max]; 0, or EX_USAGE after a message. */
int textarg_number(const char *cmd, const char *option, const char *arg,
		   double min, double max, double *out);

#endif
