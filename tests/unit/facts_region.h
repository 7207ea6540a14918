/* facts_region.h: strings with their text facts (textscan.h) in one
 * region, as the snapshot writes its string table: each text's head,
 * then the text and its NUL. For the tests of the writers that read the
 * heads (test_table.c, test_doc.c). Included once per test program,
 * after testutil.h.
 */
#ifndef PLANTRACK_TEST_FACTS_REGION_H
#define PLANTRACK_TEST_FACTS_REGION_H

#include <string.h>

#include "plantrack/textscan.h"

struct facts_region {
	char buf[64 << 10];
	size_t len;
};

/* A copy of text at the end of r, after its head: the copy. */
static const char *facts_add(struct facts_region *r, const char *text)
{
	size_t n = strlen(text);
	char *s;

	assert_true(r->len + TEXTFACTS_HEAD + n + 1 <= sizeof(r->buf));
	textfacts_head((unsigned char *)r->buf + r->len, text, n);
	s = r->buf + r->len + TEXTFACTS_HEAD;
	memcpy(s, text, n + 1);
	r->len += TEXTFACTS_HEAD + n + 1;
	return s;
}

#endif
