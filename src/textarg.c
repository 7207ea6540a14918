/* textarg.c: validation of command-line text and numbers. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/cli.h"
#include "plantrack/err.h"
#include "plantrack/textarg.h"
#include "plantrack/utf8.h"

char *textarg_note(const char *cmd, const char *option, const char *arg)
{
	size_t len = strlen(arg), bad;
	char *nfc;

	if (len > TEXTARG_MAX) {
		cli_usage_error(cmd, "%s is too long (%zu bytes; at most %u)",
				option, len, TEXTARG_MAX);
		return NULL;
	}
	if (!utf8_valid(arg, len, &bad)) {
		cli_usage_error(cmd, "%s is not valid UTF-8 (byte %zu); check the "
				"terminal's encoding", option, bad + 1);
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)arg[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			cli_usage_error(cmd, "%s contains a control character "
					"(byte %zu)", option, i + 1);
			return NULL;
		}
	}
	nfc = utf8_to_nfc(arg, len, NULL);
	if (!nfc)
		die(EX_OSERR, "out of memory");
	return nfc;
}

int textarg_int(const char *cmd, const char *option, const char *arg,
		long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || isspace((unsigned char)*arg) || *end || errno == ERANGE ||
	    v < min || v > max)
		return cli_usage_error(cmd, "%s '%s' is not a whole number from "
				       "%ld to %ld", option, arg, min, max);
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
	return cli_usage_error(cmd, "%s '%s' is not a number from %g to %g",
			       option, arg, min, max);
}
