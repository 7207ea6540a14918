/* yamlmsg.c: libyaml's problem and context phrases as catalogue
 * messages (yamlmsg.h). The ids are libyaml's exact strings: they are
 * compared with what it reports, so they must not be reworded. */
#include <string.h>

#include "plantrack/i18n.h"
#include "plantrack/yamlmsg.h"

/* The phrases a plan or state file written by hand can provoke, from
 * libyaml 0.2.5's scanner, parser and reader (src/scanner.c, parser.c,
 * reader.c). */
static const char *const phrases[] = {
	/* TRANSLATORS: libyaml's words for a YAML syntax error; the
	 * YAML terms in them (mapping, sequence, scalar, indicator,
	 * directive, tag, anchor, alias) may stay as they are. */
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected ':'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected whitespace or line break"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found character that cannot start any token"),
	N_("found undefined alias"),
	N_("found unexpected ':'"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unknown escape character"),
	N_("incomplete UTF-8 octet sequence"),
	N_("invalid Unicode character"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid trailing UTF-8 octet"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while scanning a block scalar"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning for the next token"),
};

const char *yrmsg_text(const char *s)
{
	for (size_t i = 0; s && i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (!strcmp(s, phrases[i]))
			return _(phrases[i]);
	return s;
}
