/* color.c: the terminal colours of statuses, and when to use them. */
#include <string.h>

#include "plantrack/color.h"

/* SGR sequences (ECMA-48). "\033[m" resets everything, so a role never
 * leaks into what follows, whatever it set. */
#define SGR_RESET "\033[m"

int color_parse_when(const char *arg, enum color_when *out)
{
	int ret = 0;

	if (!arg || !strcmp(arg, "always"))
		*out = COLOR_ALWAYS;
	else if (!strcmp(arg, "auto"))
		*out = COLOR_AUTO;
	else if (!strcmp(arg, "never"))
		*out = COLOR_NEVER;
	else
		ret = -1;
	return ret;
}

int color_decide(enum color_when when, int is_tty, const char *no_color)
{
	int on;

	switch (when) {
	case COLOR_ALWAYS:
		on = 1;
		break;
	case COLOR_NEVER:
		on = 0;
		break;
	case COLOR_AUTO:
	default:
		/* no-color.org: set and not empty, whatever its value. */
		on = is_tty && !(no_color && *no_color);
		break;
	}
	return on;
}

const char *color_start(int on, enum color_role role)
{
	const char *s = "";

	switch (on ? role : COLOR_PLAIN) {
	case COLOR_DONE:
		s = "\033[32m";
		break;
	case COLOR_PROGRESS:
		s = "\033[33m";
		break;
	case COLOR_OVERDUE:
		s = "\033[1;31m";
		break;
	case COLOR_MUTED:
		s = "\033[2m";
		break;
	case COLOR_PLAIN:
	default:
		break;
	}
	return s;
}

const char *color_end(int on, enum color_role role)
{
	return on && role != COLOR_PLAIN ? SGR_RESET : "";
}

void color_add(struct strbuf *sb, int on, enum color_role role,
	       const char *text)
{
	strbuf_addstr(sb, color_start(on, role));
	strbuf_addstr(sb, text);
	strbuf_addstr(sb, color_end(on, role));
}

enum color_role color_of_status(int reported, enum task_status s)
{
	enum color_role r = COLOR_MUTED;

	if (reported && s == STATUS_DONE)
		r = COLOR_DONE;
	else if (reported && s == STATUS_IN_PROGRESS)
		r = COLOR_PROGRESS;
	return r;
}
