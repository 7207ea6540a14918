/* textscan.h: how much of a string needs no escaping, found fast.
 *
 * Most text plantrack prints (Vietnamese: mostly bytes >= 0x80) has
 * nothing to escape, and the writers (json.c, table.c) copy it whole
 * when these say so. Both decode only what could matter: printable
 * ASCII is passed eight bytes at a time, the two- and three-byte
 * characters whose lead byte can start nothing to escape are checked
 * for their continuation bytes only, and the rest (leads C2, D8, E0,
 * E2, ED, F0-F4, stray bytes) goes through utf8_decode as the slow
 * paths do. tests/unit/test_json.c and test_table.c compare them with
 * the slow paths on adversarial input.
 */
#ifndef PLANTRACK_TEXTSCAN_H
#define PLANTRACK_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "plantrack/prefetch.h"

/* The offset of the first byte of s[0..len) that a JSON string cannot
 * hold as it is (", \, a control below 0x20, U+2028, U+2029, a byte
 * that is not UTF-8), or len. */
size_t textscan_json(const char *s, size_t len);

/* The offset of the first byte of s[0..len) that table_escape would not
 * keep as it is (C0 and C1 controls, DEL, bidi controls, U+2028,
 * U+2029, bytes that are not UTF-8; a newline unless keep_newlines), or
 * len. *nl is set to whether a newline comes before it. */
size_t textscan_term(const char *s, size_t len, int keep_newlines, int *nl);

/* Does table_escape reorder-or-hide cp (Bidi_Control, U+2028, U+2029)? */
int textscan_reorders(unsigned long cp);

/* Text facts: what these scans would say of a string, known without
 * scanning it again. A writer of many strings that are printed often
 * (the snapshot's string table, snapshot.h) puts TEXTFACTS_HEAD bytes
 * before each string (textfacts_head) and registers the region where
 * they all are (textfacts_region); a printer asks textfacts_get of a
 * string it is given, and scans it only when the answer is no. */
enum textfact {
	TEXTFACT_TERM = 1,	/* textscan_term(s, len, 1, ..) == len */
	TEXTFACT_NL = 2,	/* holds a newline */
	TEXTFACT_JSON = 4,	/* textscan_json(s, len) == len */
	TEXTFACT_CSV = 8,	/* holds no comma, quote, CR or LF (csv.h) */
	TEXTFACT_ASCII = 16,	/* printable ASCII only: a column a byte */
	/* holds no double quote: where CSV must quote it (a comma, CR,
	 * LF), quoting it is enclosing it */
	TEXTFACT_NO_DQUOTE = 32,
	/* simple as utf8_measure_words_simple says, its widest line and
	 * word under 2^16 columns: the head holds them (textfacts_widths) */
	TEXTFACT_WIDTHS = 64,
	TEXTFACT_ALL = 127,
	/* The facts of the head's second byte (TEXTFACT_MORE_SHIFT). */
	/* holds nothing doc_md's put_text escapes (textfacts_md_clean) */
	TEXTFACT_MD = 128,
	/* holds none of & < > " ' CR, which doc_html's put_text escapes
	 * or drops */
	TEXTFACT_HTML = 256,
	TEXTFACT_MORE_ALL = TEXTFACT_MD | TEXTFACT_HTML
};
#define TEXTFACT_MORE_SHIFT 7
/* The widest line's and word's columns (16 bits each, native order;
 * 0 without TEXTFACT_WIDTHS), the byte of the facts from TEXTFACT_MD
 * on, a NUL, a byte of TEXTFACT_TAG and the first facts, the length (32
 * bits, native order): a pointer into the middle of a string (which
 * holds no NUL) is not taken for one that starts there. The offsets are
 * from the string's first byte. */
#define TEXTFACTS_HEAD 11
#define TEXTFACTS_AT_WIDEST (-11)
#define TEXTFACTS_AT_WORD (-9)
#define TEXTFACTS_AT_MORE (-7)
#define TEXTFACTS_AT_NUL (-6)
#define TEXTFACTS_AT_FLAGS (-5)
#define TEXTFACTS_AT_LEN (-4)
#define TEXTFACT_TAG 0x80

/* Asks for the line s starts on and, when the head a snapshot's string
 * has before it would lie on the line before, for that one too (a
 * hint: nothing is read, and any string may be given): textfacts_get
 * reads the head, and a string starting in the first bytes of a line
 * had its wait moved there. The address is made as a number, as a
 * pointer before a string may be before its block. */
PT_PREFETCHER void textfacts_prefetch(const char *s)
{
	uintptr_t at = (uintptr_t)s, head = at - TEXTFACTS_HEAD;

	__builtin_prefetch(s);
	if ((at ^ head) >> 6)
		__builtin_prefetch((const void *)head);
}

/* The head of s[0..len) (len < 2^32) into head. */
void textfacts_head(unsigned char head[TEXTFACTS_HEAD], const char *s,
		    size_t len);
/* The one region [lo, lo + n) whose strings have heads (n 0: none). The
 * bytes must stay until it is registered again. Heads are checked
 * against the region (a length that would end outside it gives no
 * facts), not against the text: a region of heads that lie is as bad as
 * any other lie in the snapshot, which only its owner can write. */
void textfacts_region(const void *lo, size_t n);
/* Whether doc_md's put_text writes s[0..len) as it is: none of the
 * bytes it escapes (tab, LF, CR, & < > | * _ ` [ ] ~ \ #) and no blank
 * after a blank, which it keeps as &nbsp;. */
int textfacts_md_clean(const char *s, size_t len);
/* s's length and flags when s is a string of the region: 1, else 0. */
int textfacts_get(const char *s, size_t *len, unsigned *flags);
/* strlen(s), read off its head when s is a string of the region. */
size_t textfacts_strlen(const char *s);
/* What utf8_measure_words would say of s, kept in its head: 1 with s's
 * length, flags, widest line and widest word when s is a string of the
 * region with TEXTFACT_WIDTHS and utf8_fast_letters() says the locale
 * counts as the head was made; else 0 (measure it). */
int textfacts_widths(const char *s, size_t *len, unsigned *flags,
		     int *widest, int *word);

#endif
