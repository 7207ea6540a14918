/* yamlfast.h: libyaml's events for plain block YAML, without libyaml.
 *
 * The files plantrack writes, and the plan as people write it, use a
 * small part of YAML: block mappings and sequences indented with spaces,
 * keys and words plain, text double-quoted on one line, one-line flow
 * sequences and mappings of those ({codes: [KT], text: "..."}),
 * whole-line comments. libyaml's general scanner is
 * half the time of a cold read of such a file. yamlread runs a file that
 * is wholly within this part through here instead; anything else (and so
 * every error of syntax and of limits) stays libyaml's, which reports it
 * as before.
 *
 * The events are libyaml's to the byte and the character: values,
 * styles, marks (line, column, character index), in libyaml's order.
 * test_yamlread.c compares the two on generated and mutated files.
 */
#ifndef PLANTRACK_YAMLFAST_H
#define PLANTRACK_YAMLFAST_H

#include <stddef.h>

#include "plantrack/yamlread.h"

struct yf_scanner;

/* A scanner over text[0..len), the file after its byte order mark: valid
 * UTF-8 without control characters (tab and newline aside), as yamlread
 * has checked. text is not copied: keep it alive. NULL on ENOMEM. */
struct yf_scanner *yf_open(const char *text, size_t len);
/* Reads the whole text once: 0 if it is within the subset, with no
 * collection nested deeper than YR_MAX_DEPTH and no value longer than
 * YR_MAX_SCALAR (yf_next may then be called), -1 if not or on ENOMEM. */
int yf_check(struct yf_scanner *s);
/* The next event, as yr_next gives it, after yf_check returned 0: YR_DOC_END
 * last, and again after that. A scalar's value lives until the next
 * call. */
void yf_next(struct yf_scanner *s, struct yr_event *ev);
/* Frees the scanner. NULL is fine. */
void yf_close(struct yf_scanner *s);

#endif
