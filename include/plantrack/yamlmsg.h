/* yamlmsg.h: libyaml's own words in the interface language.
 *
 * libyaml reports a syntax error with a fixed English phrase ("did not
 * find expected key") and what it was reading ("while parsing a block
 * mapping"); yamlread.c puts them into "FILE:LINE:COL: message". This
 * module knows those phrases (libyaml 0.2.5's) as message ids of the
 * catalogue, so that the whole message follows the language.
 */
#ifndef PLANTRACK_YAMLMSG_H
#define PLANTRACK_YAMLMSG_H

/* The translation of one of libyaml's problem or context phrases; s
 * itself when it is not one of them (a newer libyaml's). Static
 * string. */
const char *yrmsg_text(const char *s);

#endif
