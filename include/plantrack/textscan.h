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

#endif
