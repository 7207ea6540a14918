/* textarg.c: validation of command-line numbers. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/cli.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/textarg.h"

int textarg_int(const char *cmd, const char *option, const char *arg,
		long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || isspace((unsigned char)*arg) || *end || errno == ERANGE ||
	    v < min || v > max)
		/* TRANSLATORS: an option ("--within"), what was typed,
		 * the bounds. */
		return cli_usage_error(cmd, _("%s '%s' is not a whole number "
					      "from %ld to %ld"), option, arg,
				       min, max);
	*out = v;
	return 0;
}

int textarg_number(const char *cmd, const char *option, const char *arg,
		   double min, double max, double *out)
{
	char buf[64], *comma, *end;
	size_t len = strlen(arg);
	double v;

	/* Vietnamese writes 97,5 for 97.5; strtod in the C locale wants the
	 * point. */
	if (len >= sizeof(buf))
		goto bad;
	memcpy(buf, arg, len + 1);
	comma = strchr(buf, ',');
	if (comma && !strchr(buf, '.') && !strchr(comma + 1, ','))
		*comma = '.';
	errno = 0;
	v = strtod(buf, &end);
	/* strtod also takes hex, "inf" and "nan": people mean decimals. */
	if (!*buf || isspace((unsigned char)*buf) || *end || errno == ERANGE ||
	    !isfinite(v) || strpbrk(buf, "xXnNiI") || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	return cli_usage_error(cmd, _("%s '%s' is not a number from %g to "
				      "%g"), option, arg, min, max);
}
