/* color.h: what statuses look like on a terminal, decided in one place.
 *
 * Every command that colours asks here, so a status has the same colour
 * everywhere: done green, in progress yellow, overdue bold red, nothing
 * reported (or stale) dim. Colour is only ever SGR escapes around text
 * that reads the same without them; utf8_width() gives them no columns,
 * so coloured table cells still line up.
 */
#ifndef PLANTRACK_COLOR_H
#define PLANTRACK_COLOR_H

#include "plantrack/state.h"
#include "plantrack/strbuf.h"

enum color_when {
	COLOR_AUTO,	/* on a terminal, unless NO_COLOR */
	COLOR_ALWAYS,
	COLOR_NEVER,
};

enum color_role {
	COLOR_PLAIN,	/* no colour */
	COLOR_DONE,	/* green */
	COLOR_PROGRESS,	/* yellow: under way, or a deadline coming */
	COLOR_OVERDUE,	/* bold red */
	COLOR_MUTED,	/* dim: nothing reported, stale */
};

/* "auto", "always", "never"; NULL (a bare --color) means always.
 * Returns 0, or -1 for anything else. */
int color_parse_when(const char *arg, enum color_when *out);
/* Whether to colour: never with COLOR_NEVER; always with COLOR_ALWAYS;
 * for COLOR_AUTO only on a terminal and with no_color (the value of
 * $NO_COLOR, may be NULL) unset or empty (https://no-color.org). */
int color_decide(enum color_when when, int is_tty, const char *no_color);

/* The escape that starts role, and the one that ends it; both "" when
 * on is 0 or role is COLOR_PLAIN. */
const char *color_start(int on, enum color_role role);
const char *color_end(int on, enum color_role role);
/* Appends text to sb wrapped in role's colour (plain when on is 0). */
void color_add(struct strbuf *sb, int on, enum color_role role,
	       const char *text);

/* The role of a lead's state: nothing reported, or its status. */
enum color_role color_of_status(int reported, enum task_status s);

#endif
