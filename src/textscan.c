/* textscan.c: the prefix of a string that needs no escaping (textscan.h).
 *
 * One table of byte classes per use says what a byte starts: printable
 * ASCII, a two- or three-byte character that is printed as it is when
 * well formed, or something to look at closely.
 */
#include <stdint.h>
#include <string.h>

#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

enum { K_SLOW, K_ASCII, K_TWO, K_THREE };

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Classes shared by both uses for bytes >= 0x80: C3-DF (but D8) lead
 * two bytes of nothing to escape, E1 E3-EC EE EF three (every
 * continuation pair is a valid character, none of them a control or
 * bidi character); the rest is looked at closely. */
static unsigned char high_class(unsigned c)
{
	if (c >= 0xc3 && c <= 0xdf && c != 0xd8)
		return K_TWO;
	if (c == 0xe1 || (c >= 0xe3 && c <= 0xec) || c == 0xee || c == 0xef)
		return K_THREE;
	return K_SLOW;
}

static unsigned char json_class[256], term_class[256];
static int classes_ready;

static void classes_init(void)
{
	for (unsigned c = 0; c < 256; c++) {
		if (c < 0x80) {
			json_class[c] = c < 0x20 || c == '"' || c == '\\' ?
				K_SLOW : K_ASCII;
			term_class[c] = c < 0x20 || c == 0x7f ?
				K_SLOW : K_ASCII;
		} else {
			json_class[c] = term_class[c] = high_class(c);
		}
	}
	/* JSON keeps C1 controls and U+061C as they are. */
	json_class[0xc2] = json_class[0xd8] = K_TWO;
	classes_ready = 1;
}

int textscan_reorders(unsigned long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* Bytes of printable ASCII that start w (loaded little-endian), by the
 * use's mask of what is not: 0..8. */
static size_t clean_bytes(uint64_t flagged)
{
	return flagged ? utf8_clean_prefix(flagged) : 8;
}

static uint64_t json_flags(uint64_t w)
{
	uint64_t q = w ^ ((uint64_t)'"' * ONES), b = w ^ ((uint64_t)'\\' * ONES);

	/* High bit, below 0x20, '"', '\\': a borrow only ever marks bytes
	 * above one already marked, and the first mark is what counts. */
	return (w | ((w - 0x20 * ONES) & ~w) | ((q - ONES) & ~q) |
		((b - ONES) & ~b)) & HIGHS;
}

static uint64_t term_flags(uint64_t w)
{
	/* High bit, below 0x20, DEL. */
	return (w | ~(w + 0x60 * ONES) |
		~((w ^ (0x7f * ONES)) + 0x7f * ONES)) & HIGHS;
}

/* Can the word loop be used: bytes loaded as a little-endian integer? */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS 1
#else
#define WORDS 0
#endif

static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t textscan_json(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint64_t w;
	uint32_t cp;

	if (!classes_ready)
		classes_init();
	while (i < len) {
		switch (json_class[u[i]]) {
		case K_ASCII:
			if (WORDS && len - i >= sizeof(w)) {
				memcpy(&w, u + i, sizeof(w));
				i += clean_bytes(json_flags(w));
			} else {
				i++;
			}
			break;
		case K_TWO:
			if (len - i < 2 || !cont(u[i + 1]))
				return i;
			i += 2;
			break;
		case K_THREE:
			if (len - i < 3 || !cont(u[i + 1]) || !cont(u[i + 2]))
				return i;
			i += 3;
			break;
		default:
			if (u[i] < 0x80)
				return i;
			n = utf8_decode(s + i, len - i, &cp);
			if (!n || cp == 0x2028 || cp == 0x2029)
				return i;
			i += n;
			break;
		}
	}
	return len;
}

size_t textscan_term(const char *s, size_t len, int keep_newlines, int *nl)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint64_t w;
	uint32_t cp;

	if (!classes_ready)
		classes_init();
	*nl = 0;
	while (i < len) {
		switch (term_class[u[i]]) {
		case K_ASCII:
			if (WORDS && len - i >= sizeof(w)) {
				memcpy(&w, u + i, sizeof(w));
				i += clean_bytes(term_flags(w));
			} else {
				i++;
			}
			break;
		case K_TWO:
			if (len - i < 2 || !cont(u[i + 1]))
				return i;
			i += 2;
			break;
		case K_THREE:
			if (len - i < 3 || !cont(u[i + 1]) || !cont(u[i + 2]))
				return i;
			i += 3;
			break;
		default:
			if (u[i] == '\n' && keep_newlines) {
				*nl = 1;
				i++;
				break;
			}
			if (u[i] < 0x80)
				return i;
			n = utf8_decode(s + i, len - i, &cp);
			if (!n || (cp >= 0x80 && cp <= 0x9f) ||
			    textscan_reorders(cp))
				return i;
			i += n;
			break;
		}
	}
	return len;
}
