/* test_utf8.c: validation, NFC, positions, widths, cutting, wrapping. */
#include "testutil.h"

#include <errno.h>
#include <wchar.h>

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"

#include "adversarial_text.h"

/* "Tiếng Việt" composed, and decomposed with the marks in canonical order
 * (dot below, ccc 220, before circumflex, ccc 230) and in the other. */
#define TV_NFC	"Tiếng Việt"
#define TV_NFD	"Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3\xcc\x82t"
#define TV_NFD2	"Tie\xcc\x82\xcc\x81ng Vie\xcc\x82\xcc\xa3t"
#define VIET_NFD "Vie\xcc\x82\xcc\xa3t"	/* "Việt", marks after e */

/* utf8_scan sixteen bytes at a time: at the end of the file. */
static void test_scan_fast_pieces(void **state);
static void test_scan_fast_lanes(void **state);
static void test_scan_fast_random(void **state);

static void setup_locale(void)
{
	test_locale();
	/* Everything below depends on it: fail loudly, not obscurely. */
	assert_int_equal(utf8_width("\xe6\xbc\xa2"), 2);
}

static void test_valid_good(void **state)
{
	static const char *const good[] = {
		"",
		"plain ASCII",
		TV_NFC,
		TV_NFD,
		"\xc2\x80",			/* U+0080, smallest 2-byte */
		"\xdf\xbf",			/* U+07FF */
		"\xe0\xa0\x80",			/* U+0800, smallest 3-byte */
		"\xed\x9f\xbf",			/* U+D7FF, below surrogates */
		"\xee\x80\x80",			/* U+E000, above surrogates */
		"\xef\xbf\xbf",			/* U+FFFF */
		"\xf0\x90\x80\x80",		/* U+10000 */
		"\xf0\x9f\x98\x80",		/* U+1F600 */
		"\xf4\x8f\xbf\xbf",		/* U+10FFFF, the last */
	};
	size_t i, bad = 77;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!utf8_valid(good[i], strlen(good[i]), &bad))
			fail_msg("rejected case %zu at %zu", i, bad);
	assert_int_equal(bad, 77);	/* untouched on success */
	/* NUL is a character like any other within len. */
	assert_int_equal(utf8_valid("a\0b", 3, NULL), 1);
}

static void test_valid_bad(void **state)
{
	static const struct {
		const char *s;
		size_t len, bad;
	} cases[] = {
		{ "\xc0\x80", 2, 0 },		/* overlong NUL */
		{ "a\xc1\xbf", 3, 1 },		/* overlong 2-byte */
		{ "ab\xe0\x80\xaf", 5, 2 },	/* overlong 3-byte '/' */
		{ "\xe0\x9f\xbf", 3, 0 },	/* overlong U+07FF */
		{ "\xf0\x80\x80\xaf", 4, 0 },	/* overlong 4-byte */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },	/* overlong U+FFFF */
		{ "x\xed\xa0\x80", 4, 1 },	/* U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },	/* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xf8\x88\x80\x80\x80", 5, 0 },
		{ "\xfe", 1, 0 },
		{ "ok\xff", 3, 2 },
		{ "abc\x80", 4, 3 },		/* stray continuation */
		{ "\xc3\xa9\xa9", 3, 2 },	/* one too many */
		{ "ab\xe1\x80", 4, 2 },		/* truncated at the end */
		{ "\xe1\x80" "A", 3, 0 },	/* truncated before ASCII */
		{ "\xc3\xa9", 1, 0 },		/* cut by len */
		{ "\xf0\x9f\x98", 3, 0 },
		{ "Vi\xe1\xbb" " t", 5, 2 },
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = 999;
		if (utf8_valid(cases[i].s, cases[i].len, &bad))
			fail_msg("accepted case %zu", i);
		if (bad != cases[i].bad)
			fail_msg("case %zu: bad at %zu, want %zu", i, bad,
				 cases[i].bad);
	}
	assert_int_equal(utf8_valid("\xff", 1, NULL), 0);
}

static void test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(utf8_decode("\xe1\xbb\x87x", 4, &cp), 3);
	assert_int_equal(cp, 0x1ec7);
	assert_int_equal(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(utf8_decode("\xe1\xbb\x87", 2, &cp), 0);
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(utf8_decode("\xc3\xa9", 2, NULL), 2);
}

static void test_nfc(void **state)
{
	size_t n = 0;
	char *s;

	(void)state;
	assert_int_equal(utf8_is_nfc(TV_NFC, strlen(TV_NFC)), 1);
	assert_int_equal(utf8_is_nfc(TV_NFD, strlen(TV_NFD)), 0);
	assert_int_equal(utf8_is_nfc(TV_NFD2, strlen(TV_NFD2)), 0);
	assert_int_equal(utf8_is_nfc("", 0), 1);
	assert_int_equal(utf8_is_nfc("abc", 3), 1);
	assert_int_equal(utf8_is_nfc("caf\xc3\xa9", 5), 1);
	assert_int_equal(utf8_is_nfc("cafe\xcc\x81", 6), 0);
	/* U+212B ANGSTROM SIGN is not NFC (it maps to U+00C5). */
	assert_int_equal(utf8_is_nfc("\xe2\x84\xab", 3), 0);
	/* Invalid input is never NFC. */
	assert_int_equal(utf8_is_nfc("\xff", 1), 0);

	s = utf8_to_nfc(TV_NFD, strlen(TV_NFD), &n);
	assert_non_null(s);
	assert_string_equal(s, TV_NFC);
	assert_int_equal(n, strlen(TV_NFC));
	free(s);
	s = utf8_to_nfc(TV_NFD2, strlen(TV_NFD2), NULL);
	assert_string_equal(s, TV_NFC);
	free(s);
	s = utf8_to_nfc(TV_NFC, strlen(TV_NFC), &n);
	assert_string_equal(s, TV_NFC);
	free(s);
	/* Hangul jamo compose algorithmically: U+1112 U+1161 -> U+D558. */
	s = utf8_to_nfc("\xe1\x84\x92\xe1\x85\xa1", 6, &n);
	assert_string_equal(s, "\xed\x95\x98");
	assert_int_equal(n, 3);
	free(s);
	/* Only len bytes count. */
	s = utf8_to_nfc("abcdef", 3, &n);
	assert_string_equal(s, "abc");
	free(s);
	s = utf8_to_nfc("", 0, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);

	errno = 0;
	assert_null(utf8_to_nfc("a\xc0\x80", 3, &n));
	assert_int_equal(errno, EILSEQ);
}

/* utf8_is_nfc trusts utf8_nfc_stable to skip normalising, so every code
 * point it vouches for must be assigned, have combining class 0, be its
 * own NFC, and never be the second of a canonical pair (the ones that may
 * compose with what precedes them, Hangul vowels and trailing consonants
 * included). Checked against libunistring over all of Unicode. */
static void test_nfc_stable(void **state)
{
	static unsigned char second[0x110000];
	ucs4_t cp, d[UC_DECOMPOSITION_MAX_LENGTH];
	uint8_t enc[4], *nfc;
	size_t n_stable = 0, len;
	int n;

	(void)state;
	for (cp = 0; cp < 0x110000; cp++)
		if (uc_canonical_decomposition(cp, d) == 2)
			second[d[1]] = 1;
	for (cp = 0; cp < 0x110000; cp++) {
		if (!utf8_nfc_stable(cp))
			continue;
		n_stable++;
		if (uc_is_general_category(cp, UC_CATEGORY_Cn) ||
		    uc_combining_class(cp) != 0 || second[cp])
			fail_msg("U+%04X is not NFC-stable", (unsigned)cp);
		n = u8_uctomb(enc, cp, (int)sizeof(enc));
		assert_true(n > 0);
		len = 0;
		nfc = u8_normalize(UNINORM_NFC, enc, (size_t)n, NULL, &len);
		assert_non_null(nfc);
		if (len != (size_t)n || memcmp(nfc, enc, len))
			fail_msg("U+%04X is not its own NFC", (unsigned)cp);
		free(nfc);
		assert_int_equal(utf8_is_nfc((const char *)enc, (size_t)n), 1);
	}
	/* Vietnamese, the dashes and the dong sign take the quick path. */
	assert_true(n_stable > 1000);
	assert_true(utf8_nfc_stable(0x1ec7));	/* ệ */
	assert_true(utf8_nfc_stable(0x2013));	/* – */
	assert_true(utf8_nfc_stable(0x20ab));	/* ₫ */
	assert_false(utf8_nfc_stable(0x0301));	/* a combining mark */
	assert_false(utf8_nfc_stable(0x2000));	/* maps to U+2002 */
	assert_false(utf8_nfc_stable(0x1161));	/* Hangul vowel: composes */
	/* The slow path still runs when one character needs it. */
	assert_int_equal(utf8_is_nfc("Vi\xe1\xbb\x87t \xe2\x80\x93 "
				     "cafe\xcc\x81", 17), 0);
	assert_int_equal(utf8_is_nfc("Vi\xe1\xbb\x87t \xe2\x80\x93 "
				     "caf\xc3\xa9", 16), 1);
	assert_int_equal(utf8_is_nfc("\xe1\x84\x92\xe1\x85\xa1", 6), 0);
	assert_int_equal(utf8_is_nfc("\xe2\x80\x80", 3), 0);
	/* Invalid after a valid prefix: still not NFC. */
	assert_int_equal(utf8_is_nfc("Vi\xe1\xbb\x87t\xed\xa0\x80", 9), 0);
}

/* ---- utf8_scan: what the loaders trust instead of a second look ---- */

/* What utf8_scan must say of one code point. */
static unsigned want_flags(uint32_t cp)
{
	unsigned f = 0;

	if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f ||
	    (cp >= 0x80 && cp <= 0x9f))
		f |= UTF8_CONTROLS;
	if (!utf8_nfc_stable(cp))
		f |= UTF8_UNSTABLE;
	return f;
}

/* Every code point, in ASCII on both sides, at every offset within the
 * eight-byte words the scan takes ASCII in (the offset turns with the
 * code point, so that each offset sees every kind). */
static void test_scan_every_code_point(void **state)
{
	char buf[32];
	unsigned flags;
	uint32_t cp;
	size_t pre, n;
	int len;

	(void)state;
	for (cp = 0; cp < 0x110000; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		pre = cp % 11;
		memset(buf, 'a', sizeof(buf));
		len = u8_uctomb((uint8_t *)buf + pre, cp, 4);
		assert_true(len > 0);
		n = pre + (size_t)len + 9;
		if (utf8_scan(buf, n, &flags) != n)
			fail_msg("U+%04X: rejected", (unsigned)cp);
		if (flags != want_flags(cp))
			fail_msg("U+%04X: flags %u, want %u", (unsigned)cp,
				 flags, want_flags(cp));
	}
	/* Flags add up, and the first ill-formed byte stops the scan,
	 * with what came before it still told. */
	assert_int_equal(utf8_scan("a\x01" "b\xcc\x81", 5, &flags), 5);
	assert_int_equal(flags, UTF8_CONTROLS | UTF8_UNSTABLE);
	assert_int_equal(utf8_scan("\xc2\x85\xff\xcc\x81", 5, &flags), 2);
	assert_int_equal(flags, UTF8_CONTROLS);
	assert_int_equal(utf8_scan("", 0, &flags), 0);
	assert_int_equal(flags, 0);
}

/* Every ASCII byte at every place of a word, alone among letters, newlines
 * and tabs: the eight-at-a-time test must see each control in each lane. */
static void test_scan_ascii_lanes(void **state)
{
	static const char fill[] = "ab\ncd\tef gh\nij\tkl";
	char buf[24];
	unsigned flags;
	int c;
	size_t at, len = sizeof(fill) - 1;

	(void)state;
	for (c = 0; c < 0x80; c++) {
		for (at = 0; at < len; at++) {
			memcpy(buf, fill, len);
			buf[at] = (char)c;
			assert_int_equal(utf8_scan(buf, len, &flags), len);
			if (flags != want_flags((uint32_t)c))
				fail_msg("byte 0x%02X at %zu: flags %u", c, at,
					 flags);
		}
	}
}

/* The first ill-formed byte, as a character-by-character decoder finds
 * it: random byte strings, most of them valid text with faults in. */
static size_t slow_valid_prefix(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len && (n = utf8_decode(s + i, len - i, NULL)))
		i += n;
	return i;
}

static void test_scan_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Vi\xe1\xbb\x87t ", "\xc3\xa9", "\xe2\x80\x93", "\n",
		"\t", "abcdefgh", "\xf0\x9f\x98\x80", "\xcc\x81", "\xc2\xa0",
		/* ill-formed */
		"\x80", "\xc0\xaf", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xf4\x90",
		"\xf5", "\xe1\xbb", "\xff", "\xc3",
	};
	char buf[64];
	unsigned flags, seed = 1;
	size_t len, k, n, stop;
	int i;

	(void)state;
	for (i = 0; i < (int)test_rounds(200000); i++) {
		len = 0;
		for (k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			/* Faults one time in ten. */
			n = (seed >> 16) % 100 < 90 ? (seed >> 8) % 10 :
				10 + (seed >> 8) % 9;
			memcpy(buf + len, pieces[n], strlen(pieces[n]));
			len += strlen(pieces[n]);
		}
		/* Cut anywhere, even inside a character. */
		len -= (seed >> 4) % 3;
		stop = utf8_scan(buf, len, &flags);
		if (stop != slow_valid_prefix(buf, len))
			fail_msg("case %d: stopped at %zu, want %zu", i, stop,
				 slow_valid_prefix(buf, len));
		assert_int_equal(utf8_valid(buf, len, NULL), stop == len);
	}
}

/* ---- widths by units, against clusters ---- */

/* The cluster of a character and the zero-width characters after it, as
 * utf8.c measured before it counted by units: the reference the faster
 * code must agree with. */
static size_t ref_cluster(const char *s, size_t len, int *w)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	uint32_t cp;

	if (len > 1 && u[0] == 0x1b && u[1] == '[') {
		for (i = 2; i < len && (u[i] < 0x40 || u[i] > 0x7e); i++)
			;
		*w = 0;
		return i < len ? i + 1 : len;
	}
	n = utf8_decode(s, len, &cp);
	if (!n) {
		*w = 1;
		return 1;
	}
	*w = wcwidth((wchar_t)cp) < 0 ? 0 : wcwidth((wchar_t)cp);
	for (i = n; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!n || wcwidth((wchar_t)cp) != 0)
			break;
	}
	return i;
}

static int ref_width(const char *s, size_t len)
{
	size_t i = 0;
	int total = 0, w;

	while (i < len) {
		i += ref_cluster(s + i, len - i, &w);
		total += w;
	}
	return total;
}

static size_t ref_fit(const char *s, size_t len, int cols)
{
	size_t i = 0, n;
	int used = 0, w;

	while (i < len) {
		n = ref_cluster(s + i, len - i, &w);
		if (w > cols - used)
			break;
		used += w;
		i += n;
	}
	return i;
}

/* What utf8_put_cut wrote: s whole if it fits, else the longest prefix
 * that leaves a column, and "…". */
static char *ref_cut(const char *s, int cols, int *written)
{
	size_t len = strlen(s), n;
	char *out = malloc(len + 4);

	assert_non_null(out);
	out[0] = '\0';
	*written = 0;
	if (ref_width(s, len) <= cols) {
		memcpy(out, s, len + 1);
		*written = ref_width(s, len);
	} else if (cols > 0) {
		n = ref_fit(s, len, cols - 1);
		memcpy(out, s, n);
		memcpy(out + n, "\xe2\x80\xa6", 4);
		*written = ref_width(s, n) + 1;
	}
	return out;
}

static void test_width_units_match_clusters(void **state)
{
	static const char *const pieces[] = {
		"a", "Ph\xc3\xb2ng ", "Vi\xe1\xbb\x87t", VIET_NFD, "\xcc\x81",
		"\xcc\xa3\xcc\x82", "\xe6\xbc\xa2", "\x1b[31m", "\x1b[0m", "\t",
		"\x01", "\xe2\x80\x8b", "\xc2\xad", "\xff", "\xe1\xbb", " ",
		"\xe2\x80\xa6", "\xf0\x9f\x98\x80", "x\xcc\x81\xcc\x82",
		"\x7f", "\x1b[2@", "\x1b[",
	};
	struct capture c;
	char buf[128], *want, *pad;
	unsigned seed = 7;
	size_t len, k, n;
	int i, cols, w;

	(void)state;
	setup_locale();
	for (i = 0; i < (int)test_rounds(20000); i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		for (k = (seed >> 16) % 12; k > 0; k--) {
			seed = seed * 1103515245u + 12345u;
			n = (seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]));
			memcpy(buf + len, pieces[n], strlen(pieces[n]));
			len += strlen(pieces[n]);
		}
		buf[len] = '\0';
		cols = (int)((seed >> 8) % 24);
		if (utf8_width_n(buf, len) != ref_width(buf, len))
			fail_msg("case %d: width %d, want %d", i,
				 utf8_width_n(buf, len), ref_width(buf, len));
		if (utf8_prefix_fit(buf, cols) != ref_fit(buf, len, cols))
			fail_msg("case %d: fit %zu, want %zu", i,
				 utf8_prefix_fit(buf, cols),
				 ref_fit(buf, len, cols));
		want = ref_cut(buf, cols, &w);
		cap_open(&c);
		utf8_put_cut(c.f, buf, cols);
		assert_string_equal(cap_close(&c), want);
		cap_free(&c);
		/* Padded: the same, then blanks to cols. */
		pad = malloc(strlen(want) + (size_t)cols + 1);
		assert_non_null(pad);
		memcpy(pad, want, strlen(want));
		memset(pad + strlen(want), ' ', (size_t)(cols > w ? cols - w : 0));
		pad[strlen(want) + (size_t)(cols > w ? cols - w : 0)] = '\0';
		cap_open(&c);
		utf8_put_padded(c.f, buf, cols);
		assert_string_equal(cap_close(&c), pad);
		cap_free(&c);
		free(pad);
		free(want);
	}
}

static void test_position(void **state)
{
	const char *s = "Việt\nNam\n\nx";
	unsigned long line = 0, col = 0;

	(void)state;
	utf8_position(s, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	utf8_position(s, 2, &line, &col);	/* at "ệ" */
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	utf8_position(s, 5, &line, &col);	/* at "t", after 3 bytes */
	assert_int_equal(line, 1);
	assert_int_equal(col, 4);
	utf8_position(s, 6, &line, &col);	/* at the newline */
	assert_int_equal(line, 1);
	assert_int_equal(col, 5);
	utf8_position(s, 7, &line, &col);	/* at "N" */
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	utf8_position(s, 9, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	utf8_position(s, 12, &line, &col);	/* at "x" */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	utf8_position(s, 13, &line, NULL);	/* the end */
	assert_int_equal(line, 4);
	utf8_position(s, 13, NULL, &col);
	assert_int_equal(col, 2);
	/* Decomposed marks are characters of their own. */
	utf8_position(VIET_NFD, strlen(VIET_NFD), &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 7);
}

/* utf8_advance against a count a byte at a time: random texts of one- to
 * four-byte characters, every count from none to past the end, from
 * every character of the text. */
static void test_advance(void **state)
{
	static const char *const chars[] = {
		"a", "\n", "\xc3\xa0", "\xe1\xbb\x87", "\xf0\x9f\x98\x80",
	};
	char buf[200];
	size_t starts[200], n, len, from, want, c, i;
	unsigned seed = 5;
	int round;

	(void)state;
	for (round = 0; round < (int)test_rounds(400); round++) {
		len = n = 0;
		while (len < sizeof(buf) - 4) {
			seed = seed * 1103515245u + 12345u;
			/* A text of one kind of character in a round of
			 * three, mixes in the others. */
			const char *ch = chars[round % 3 ? (seed >> 16) % 5 :
					       (size_t)round / 3 % 5];

			starts[n++] = len;
			memcpy(buf + len, ch, strlen(ch));
			len += strlen(ch);
		}
		for (from = 0; from < n; from++) {
			for (c = 0; c <= n - from + 2; c++) {
				want = from + c < n ? starts[from + c] : len;
				i = utf8_advance(buf + starts[from],
						 len - starts[from], c);
				if (i + starts[from] != want)
					fail_msg("round %d: %zu characters from "
						 "character %zu: byte %zu, "
						 "not %zu", round, c, from,
						 i + starts[from], want);
			}
		}
	}
	assert_int_equal(utf8_advance("", 0, 3), 0);
}

static void test_width(void **state)
{
	(void)state;
	setup_locale();
	assert_int_equal(utf8_width("Phòng Kinh tế"), 13);
	assert_int_equal(utf8_width(TV_NFC), 10);
	assert_int_equal(utf8_width(TV_NFD), 10);
	assert_int_equal(utf8_width(TV_NFD2), 10);
	assert_int_equal(utf8_width("漢字"), 4);
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width(NULL), 0);
	assert_int_equal(utf8_width("a\tb\x01"), 2);	/* controls: 0 */
	assert_int_equal(utf8_width("…"), 1);
	assert_int_equal(utf8_width("\xcc\x81"), 0);	/* lone mark */
	assert_int_equal(utf8_width("a\xffz"), 3);	/* a bad byte: 1 */
	assert_int_equal(utf8_width_n(TV_NFC, 5), 3);	/* "Tiế" */
	assert_int_equal(utf8_width_n("abc", 0), 0);
	/* Measured only as far as a limit: anything wider is max + 1. */
	assert_int_equal(utf8_width_upto(TV_NFC, strlen(TV_NFC), 10), 10);
	assert_int_equal(utf8_width_upto(TV_NFC, strlen(TV_NFC), 9), 10);
	assert_int_equal(utf8_width_upto(TV_NFC, strlen(TV_NFC), 3), 4);
	assert_int_equal(utf8_width_upto("漢字漢字漢字", 18, 4), 5);
	assert_int_equal(utf8_width_upto("a\tb\x01", 4, 2), 2);
	assert_int_equal(utf8_width_upto(NULL, 0, 2), 0);
	/* Eight bytes at a time, and what stops a word of them. */
	assert_int_equal(utf8_width("abcdefghijklmnopq"), 17);
	assert_int_equal(utf8_width("abcdefg\x7fhijklmnop"), 16);
	assert_int_equal(utf8_width("abcdefgh\nijklmnop"), 16);
	assert_int_equal(utf8_width("abcdefgh\xc3\xa1ijklmnop"), 17);
	assert_int_equal(utf8_width("abc\xe1\xbb"), 5);	/* cut short */
	assert_int_equal(utf8_width("\xed\xa0\x80x"), 4);	/* surrogate */
}

static void test_prefix_fit(void **state)
{
	(void)state;
	setup_locale();
	assert_int_equal(utf8_prefix_fit("abc", 2), 2);
	assert_int_equal(utf8_prefix_fit("abc", 3), 3);
	assert_int_equal(utf8_prefix_fit("abc", 10), 3);
	assert_int_equal(utf8_prefix_fit("abc", 0), 0);
	assert_int_equal(utf8_prefix_fit("abc", -4), 0);
	assert_int_equal(utf8_prefix_fit("", 5), 0);
	/* Never half a wide character. */
	assert_int_equal(utf8_prefix_fit("漢字", 3), 3);
	assert_int_equal(utf8_prefix_fit("漢字", 1), 0);
	/* Never half a multi-byte character. */
	assert_int_equal(utf8_prefix_fit(TV_NFC, 3), 5);	/* "Tiế" */
	/* Never a base without its combining marks. */
	assert_int_equal(utf8_prefix_fit(VIET_NFD, 3), 7);	/* "Việ" */
	assert_int_equal(utf8_prefix_fit(VIET_NFD, 2), 2);
	assert_int_equal(utf8_prefix_fit(TV_NFD, 3), 7);
}

/* Calls a put function into a buffer and compares. */
#define CHECK_PUT(call, expect)						\
	do {								\
		struct capture c_;					\
		FILE *f;						\
		cap_open(&c_);						\
		f = c_.f;						\
		call;							\
		assert_string_equal(cap_close(&c_), (expect));		\
		cap_free(&c_);						\
	} while (0)

static void test_put_padded(void **state)
{
	(void)state;
	setup_locale();
	CHECK_PUT(utf8_put_padded(f, "Phòng", 8), "Phòng   ");
	CHECK_PUT(utf8_put_padded(f, "Phòng", 5), "Phòng");
	CHECK_PUT(utf8_put_padded(f, "", 3), "   ");
	CHECK_PUT(utf8_put_padded(f, "Phòng Kinh tế", 8), "Phòng K…");
	/* Same width whatever the normalization. */
	CHECK_PUT(utf8_put_padded(f, TV_NFD, 12), TV_NFD "  ");
	CHECK_PUT(utf8_put_padded(f, VIET_NFD " Nam", 4),
		  "Vie\xcc\x82\xcc\xa3\xe2\x80\xa6");
	/* A wide character that does not fit leaves a column to pad. */
	CHECK_PUT(utf8_put_padded(f, "漢字漢", 4), "漢… ");
	CHECK_PUT(utf8_put_padded(f, "ab", 1), "…");
	CHECK_PUT(utf8_put_padded(f, "ab", 0), "");
	CHECK_PUT(utf8_put_padded(f, NULL, 2), "  ");
}

static void test_put_cut(void **state)
{
	(void)state;
	setup_locale();
	CHECK_PUT(utf8_put_cut(f, "Phòng", 8), "Phòng");
	CHECK_PUT(utf8_put_cut(f, "Phòng Kinh tế", 12), "Phòng Kinh …");
	CHECK_PUT(utf8_put_cut(f, "Phòng Kinh tế x", 14), "Phòng Kinh tế…");
	CHECK_PUT(utf8_put_cut(f, "Phòng Kinh tế", 13), "Phòng Kinh tế");
	CHECK_PUT(utf8_put_cut(f, "漢字漢", 4), "漢…");
	CHECK_PUT(utf8_put_cut(f, "abc", 1), "…");
	CHECK_PUT(utf8_put_cut(f, "abc", 0), "");
	CHECK_PUT(utf8_put_cut(f, "abc", -1), "");
}

/* No output line may end in a blank. */
static void assert_no_trailing_blanks(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p == ' ' && (p[1] == '\n' || p[1] == '\0'))
			fail_msg("trailing blank at %zu in \"%s\"",
				 (size_t)(p - s), s);
}

#define CHECK_WRAP(s, width, indent, expect)				\
	do {								\
		struct capture c_;					\
		cap_open(&c_);						\
		utf8_put_wrapped(c_.f, (s), (width), (indent));		\
		assert_string_equal(cap_close(&c_), (expect));		\
		assert_no_trailing_blanks(c_.buf);			\
		cap_free(&c_);						\
	} while (0)

static void test_wrap_words(void **state)
{
	(void)state;
	setup_locale();
	CHECK_WRAP("Phòng Kinh tế xã Việt Khê", 10, 2,
		   "Phòng Kinh\n"
		   "  tế xã Việt\n"
		   "  Khê");
	/* The same text decomposed wraps at the same places. */
	CHECK_WRAP(TV_NFD " " TV_NFD, 10, 1, TV_NFD "\n " TV_NFD);
	CHECK_WRAP("ab cd", 5, 4, "ab cd");
	CHECK_WRAP("ab cd", 4, 4, "ab\n    cd");
	CHECK_WRAP("short", 80, 8, "short");
	CHECK_WRAP("", 10, 2, "");
	CHECK_WRAP(NULL, 10, 2, "");
	CHECK_WRAP("a b c d e f", 3, 0, "a b\nc d\ne f");
}

static void test_wrap_blanks(void **state)
{
	(void)state;
	setup_locale();
	/* Kept inside a line, dropped at a break. */
	CHECK_WRAP("a  b", 10, 0, "a  b");
	CHECK_WRAP("aaaa    bbbb", 6, 2, "aaaa\n  bbbb");
	CHECK_WRAP("aaaa bb   cc", 7, 0, "aaaa bb\ncc");
	/* Leading blanks of a paragraph are text. */
	CHECK_WRAP("  abc", 10, 0, "  abc");
	/* ...unless they alone would push the word over. */
	CHECK_WRAP("    abc", 5, 0, "abc");
	CHECK_WRAP("abc   ", 10, 0, "abc");
	CHECK_WRAP("   ", 10, 0, "");
}

static void test_wrap_newlines(void **state)
{
	(void)state;
	setup_locale();
	CHECK_WRAP("a\nb", 10, 3, "a\n   b");
	/* An empty line gets no indent: it would be trailing blanks. */
	CHECK_WRAP("a\n\nb", 10, 3, "a\n\n   b");
	CHECK_WRAP("abc   \ndef", 10, 0, "abc\ndef");
	CHECK_WRAP("abc\n  def", 10, 1, "abc\n   def");
	/* A final newline, as in a YAML block scalar, is not a line. */
	CHECK_WRAP("abc\n", 10, 2, "abc");
	CHECK_WRAP("abc\n\n", 10, 2, "abc");
	CHECK_WRAP("aaa bbb\nccc ddd", 4, 1, "aaa\n bbb\n ccc\n ddd");
}

static void test_wrap_long_words(void **state)
{
	(void)state;
	setup_locale();
	CHECK_WRAP("abcdefghij", 4, 0, "abcd\nefgh\nij");
	CHECK_WRAP("ab abcdefghij x", 4, 2, "ab\n  abcd\n  efgh\n  ij x");
	CHECK_WRAP("漢字漢字", 5, 0, "漢字\n漢字");
	/* A character wider than the line still goes out, alone. */
	CHECK_WRAP("漢字", 1, 0, "漢\n字");
	CHECK_WRAP("漢\xcc\x81字", 1, 0, "漢\xcc\x81\n字");
	/* Marks stay with their base across a break. */
	CHECK_WRAP(VIET_NFD "Nam", 3, 0,
		   "Vie\xcc\x82\xcc\xa3\ntNa\nm");
	/* A width below 1 is taken as 1. */
	CHECK_WRAP("ab", 0, 0, "a\nb");
}

/* utf8_put_wrapped as it was before it wrote a line at a time: the
 * reference for the random test below. */
struct ref_wrap {
	struct strbuf *sb;
	int width, indent, line_w, need_indent;
};

static void ref_indent(struct ref_wrap *st)
{
	if (st->need_indent) {
		strbuf_addf(st->sb, "%*s", st->indent, "");
		st->need_indent = 0;
	}
}

static void ref_emit(struct ref_wrap *st, const char *s, size_t n, int w)
{
	ref_indent(st);
	strbuf_add(st->sb, s, n);
	st->line_w += w;
}

static void ref_newline(struct ref_wrap *st)
{
	strbuf_addch(st->sb, '\n');
	st->line_w = 0;
	st->need_indent = 1;
}

static void ref_wrap_line(struct ref_wrap *st, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *word;
	size_t gap, n;
	int w, cw;

	while (p < end) {
		for (gap = 0; p + gap < end && p[gap] == ' '; gap++)
			;
		if (p + gap == end)
			break;
		word = p + gap;
		for (p = word; p < end && *p != ' '; p++)
			;
		w = ref_width(word, (size_t)(p - word));
		if ((size_t)st->line_w + gap + (size_t)w <= (size_t)st->width) {
			ref_indent(st);
			strbuf_addf(st->sb, "%*s", (int)gap, "");
			st->line_w += (int)gap;
			ref_emit(st, word, (size_t)(p - word), w);
			continue;
		}
		if (st->line_w)
			ref_newline(st);
		while (w > st->width) {
			n = ref_fit(word, (size_t)(p - word), st->width);
			if (!n)
				n = ref_cluster(word, (size_t)(p - word), &cw);
			if (n == (size_t)(p - word))
				break;
			ref_emit(st, word, n, 0);
			ref_newline(st);
			word += n;
			w = ref_width(word, (size_t)(p - word));
		}
		ref_emit(st, word, (size_t)(p - word), w);
	}
}

static void ref_wrapped(struct strbuf *sb, const char *s, int width,
			int indent)
{
	struct ref_wrap st = { sb, width < 1 ? 1 : width,
			       indent < 0 ? 0 : indent, 0, 0 };
	const char *nl;
	size_t len = strlen(s);

	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (;;) {
		nl = memchr(s, '\n', len);
		ref_wrap_line(&st, s, nl ? (size_t)(nl - s) : len);
		if (!nl)
			break;
		ref_newline(&st);
		len -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
}

/* Random texts of words, blanks, newlines, marks, wide characters and
 * escapes, at random widths: the same lines as the reference. */
/* utf8_wrap_widths writes what utf8_put_wrapped does, after what the
 * buffer holds, and the width of each line it counted is the line's
 * (without its indent), when no escape holds a blank. */
static void check_wrap_widths(const char *s, int width, int indent,
			      const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	const char *line, *nl;
	size_t n = 0, k;
	int *w;

	strbuf_addstr(&sb, "kept");
	w = utf8_wrap_widths(&sb, s, width, indent, &n);
	assert_memory_equal(sb.buf, "kept", 4);
	assert_string_equal(sb.buf + 4, want);
	assert_non_null(w);
	for (line = sb.buf + 4, k = 0;; line = nl + 1, k++) {
		size_t len;

		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		assert_true(k < n);
		if (k && len && indent > 0) {
			line += indent;
			len -= (size_t)indent;
		}
		if (w[k] >= 0 && !strchr(s, '\033'))
			assert_int_equal(w[k], utf8_width_n(line, len));
		if (!nl)
			break;
	}
	assert_int_equal(k + 1, n);
	free(w);
	strbuf_reset(&sb);
	assert_null(utf8_wrap_widths(&sb, s, width, indent, NULL));
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_wrap_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Ph\xc3\xb2ng", " ", "  ", "\n", "Vi\xe1\xbb\x87t",
		VIET_NFD, "\xcc\x81", "\xe6\xbc\xa2\xe5\xad\x97", "\x1b[31m",
		"abcdefghijklmnop", "\t", "\xff", "\xe2\x80\x8b", " \n",
		"k\xcc\x81\xcc\x82", "\xe2\x80\xa6",
	};
	struct strbuf want = STRBUF_INIT;
	struct capture c;
	char buf[256];
	unsigned seed = 11;
	size_t len, k, n;
	int i, width, indent;

	(void)state;
	setup_locale();
	for (i = 0; i < (int)test_rounds(20000); i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		for (k = (seed >> 16) % 16; k > 0; k--) {
			seed = seed * 1103515245u + 12345u;
			n = (seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]));
			memcpy(buf + len, pieces[n], strlen(pieces[n]));
			len += strlen(pieces[n]);
		}
		buf[len] = '\0';
		width = (int)((seed >> 8) % 14) - 1;
		indent = (int)((seed >> 4) % 5) - 1;
		strbuf_reset(&want);
		ref_wrapped(&want, buf, width, indent);
		cap_open(&c);
		utf8_put_wrapped(c.f, buf, width, indent);
		if (strcmp(cap_close(&c), want.buf))
			fail_msg("case %d (width %d, indent %d):\n\"%s\"\n"
				 "gave \"%s\"\nwant \"%s\"", i, width, indent,
				 buf, c.buf, want.buf);
		cap_free(&c);
		check_wrap_widths(buf, width, indent, want.buf);
	}
	strbuf_release(&want);
}

/* Pieces for the fast paths' tests: ASCII, Vietnamese precomposed (two
 * and three bytes) and decomposed, the edges of the ranges the fast path
 * takes (U+009F, U+00A0, U+02FF, U+0300, U+1DFF, U+1E00, U+1EFF, U+1F00),
 * zero-width code points just outside them (U+1160), wide CJK, emoji,
 * controls, escapes, and bytes that are not UTF-8 (stray continuation
 * bytes, truncated sequences, overlongs, surrogates). */
static const char *const fast_pieces[] = {
	"a", "Z", "~", "0", "Ph\xc3\xb2ng", "Vi\xe1\xbb\x87t", VIET_NFD,
	"ho\xcc\x80", "\xc3\xa0", "\xe1\xbb\xb9", "\xc6\xb0\xe1\xbb\x9d",
	"\xc2\x9f", "\xc2\xa0", "\xc2\xad", "\xcb\xbf", "\xcc\x80",
	"\xcc\x81", "\xe1\xb7\xbf", "\xe1\xb8\x80", "\xe1\xbb\xbf",
	"\xe1\xbc\x80", "\xe1\x85\xa0", "\xe6\xbc\xa2\xe5\xad\x97",
	"\xf0\x9f\x98\x80", "\xe2\x80\x8b", "\x1b[31m", "\x1b[1 m", "\x01",
	"\x7f", "\t", "\r", "\xff", "\x80", "\xc3", "\xe1\xbb", "\xe1",
	"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", " ", "  ", "\n",
	"abcdefghijklmnop", "\xe2\x80\x8f", "\xe2\x80\x90",
	"\xe2\x80\x93", "\xe2\x80\xa7", "\xe2\x80\xa8", "\xe2\x81\x90",
	"\xe2\x80", "\xe2", "\xe2\x80\x80",
};

/* Only what the shortcut counts: simple text (utf8_measure_words). */
static const char *const simple_pieces[] = {
	"a", "Z", "~", "0", "Ph\xc3\xb2ng", "Vi\xe1\xbb\x87t", "\xc3\xa0",
	"\xe1\xbb\xb9", "\xc6\xb0\xe1\xbb\x9d", "\xc2\xa0", "\xc2\xad",
	"\xcb\xbf", "\xe1\xb8\x80", "\xe1\xbb\xbf", " ", "  ", "\n",
	"abcdefghijklmnop", "\xc4\x90\xe1\xbb\x99" "c-l\xe1\xba\xadp",
	"\xe2\x80\x90", "\xe2\x80\x93", "\xe2\x80\x9c", "\xe2\x80\xa7",
};

/* A random text of pieces, from fast_pieces or, with simple, from
 * simple_pieces. */
static size_t fast_random(char *buf, size_t max, unsigned *seed, int simple)
{
	const char *const *pieces = simple ? simple_pieces : fast_pieces;
	size_t n_pieces = simple ?
		sizeof(simple_pieces) / sizeof(simple_pieces[0]) :
		sizeof(fast_pieces) / sizeof(fast_pieces[0]);

	*seed = *seed * 1103515245u + 12345u;
	return random_pieces(buf, max, pieces, n_pieces, (*seed >> 16) % 24,
			     seed);
}

/* utf8_word and utf8_measure_words, with and without the shortcut for
 * the letters of Vietnamese, against the exact count (the reference's
 * clusters over the bytes up to a blank or newline). Returns what
 * utf8_measure_words says of s: simple or not. */
static int check_words(const char *s, size_t len)
{
	size_t n, want_n, at;
	int w, widest, word, line = 0, want_widest = 0, want_word = 0, nl;
	int simple, kept;

	for (nl = 0; nl < 2; nl++) {
		want_n = nl ? strcspn(s, " \n") : strcspn(s, " ");
		n = utf8_word(s, len, nl, &w);
		if (n != want_n || w != ref_width(s, want_n))
			fail_msg("\"%s\" (nl %d): %zu bytes, %d columns; want "
				 "%zu, %d", s, nl, n, w, want_n,
				 ref_width(s, want_n));
	}
	for (at = 0;;) {
		n = strcspn(s + at, " \n");
		w = ref_width(s + at, n);
		if (w > want_word)
			want_word = w;
		line += w;
		if (at + n == len)
			break;
		if (s[at + n] == ' ') {
			line++;
		} else {
			if (line > want_widest)
				want_widest = line;
			line = 0;
		}
		at += n + 1;
	}
	if (line > want_widest)
		want_widest = line;
	simple = utf8_measure_words(s, len, &widest, &word);
	if (widest != want_widest || word != want_word)
		fail_msg("\"%s\": widest %d, word %d; want %d, %d", s, widest,
			 word, want_widest, want_word);
	/* What a snapshot keeps (textfacts_head), shortcut or not: the
	 * same for simple text, which this locale counts a column a
	 * letter, and simple exactly when the shortcut finds it so. */
	kept = utf8_measure_words_simple(s, len, &widest, &word);
	if (kept && (widest != want_widest || word != want_word))
		fail_msg("\"%s\" kept: widest %d, word %d; want %d, %d", s,
			 widest, word, want_widest, want_word);
	if (utf8_fast_letters() && kept != simple)
		fail_msg("\"%s\": kept as simple %d, measured %d", s, kept,
			 simple);
	return simple;
}

/* utf8_measure_words calls simple only text that is all simple
 * characters, whole: a character cut by the end of the text, or a
 * continuation byte without its lead, at every offset in and across the
 * blocks of sixteen bytes it is read in. */
static void test_measure_cut(void **state)
{
	static const char *const cut[] = {
		"\xc3", "\xe1", "\xe1\xbb", "\xc6", "\xbb", "\xa0", "\xe2",
		"\xe2\x80", "\xe2\x80\x8f", "\xe2\x80\xa8", "\xe2\x81\x93",
	};
	static const char *const whole[] = {
		"\xc3\xa0", "\xe1\xbb\x87", "\xc6\xb0", "\xc2\xa0",
		"\xe2\x80\x90", "\xe2\x80\x93", "\xe2\x80\xa7",
	};
	char buf[80];
	size_t n, k;
	int widest, word;

	(void)state;
	setup_locale();
	utf8_fast_words(1);
	for (n = 0; n < 64; n++) {
		for (k = 0; k < sizeof(cut) / sizeof(cut[0]); k++) {
			memset(buf, 'a', n);
			strcpy(buf + n, cut[k]);
			if (utf8_measure_words(buf, strlen(buf), &widest, &word))
				fail_msg("\"%s\" (%zu bytes) is not simple", buf,
					 strlen(buf));
			/* And in the middle of the text. */
			strcat(buf, "bc de");
			if (utf8_measure_words(buf, strlen(buf), &widest, &word))
				fail_msg("\"%s\" is not simple", buf);
		}
		for (k = 0; k < sizeof(whole) / sizeof(whole[0]); k++) {
			memset(buf, 'a', n);
			strcpy(buf + n, whole[k]);
			if (!utf8_measure_words(buf, strlen(buf), &widest,
						&word))
				fail_msg("\"%s\" is simple", buf);
			assert_int_equal(widest, (int)n + 1);
			assert_int_equal(word, (int)n + 1);
		}
	}
}

/* utf8_measure_words counts a word across the blocks it is read in
 * (sixteen bytes), and one too long for the count kept per lane (128
 * columns and more) exactly all the same: words of simple letters of
 * every length to 300 columns, between others, at every offset of a
 * block. */
static void test_measure_long_words(void **state)
{
	static const char *const letters[] = {
		"a", "\xc3\xa0", "\xe1\xbb\x87", "\xe2\x80\x93", "\xc2\xa0",
	};
	char buf[1400];
	size_t len, k;
	int n, at, gap;

	(void)state;
	setup_locale();
	utf8_fast_words(1);
	for (n = 1; n <= 300; n += n < 140 ? 1 : 7) {
		for (at = 0; at < 16; at++) {
			gap = (n + at) % 3 ? ' ' : '\n';
			memset(buf, 'b', (size_t)at);
			len = (size_t)at;
			buf[len++] = (char)gap;
			for (k = 0; k < (size_t)n; k++) {
				const char *l = letters[(k * 7 + (size_t)at) % 5];

				memcpy(buf + len, l, strlen(l));
				len += strlen(l);
			}
			memcpy(buf + len, " cd\nef g", 8);
			len += (size_t)(n % 2 ? 8 : 3);
			buf[len] = '\0';
			if (!check_words(buf, len))
				fail_msg("\"%s\" is simple", buf);
		}
	}
}

static void test_word_fast_random(void **state)
{
	struct strbuf fast = STRBUF_INIT, exact = STRBUF_INIT;
	struct strbuf ref = STRBUF_INIT;
	char buf[512];
	unsigned seed = 7;
	size_t len, n_fast, n_exact;
	int i, width, simple, n_simple = 0, *w_fast, *w_exact;

	(void)state;
	setup_locale();
	for (i = 0; i < (int)test_rounds(30000); i++) {
		len = fast_random(buf, sizeof(buf), &seed, i % 2);
		/* Some wide lines, for the wrapping eight bytes at a time. */
		width = (int)((seed >> 8) % (i % 4 ? 30 : 120)) - 1;
		utf8_fast_words(1);
		simple = check_words(buf, len);
		if (i % 2 && !simple)
			fail_msg("\"%s\" is simple", buf);
		strbuf_reset(&fast);
		w_fast = (simple ? utf8_wrap_widths_simple : utf8_wrap_widths)
			(&fast, buf, width, 0, &n_fast);
		utf8_fast_words(0);
		check_words(buf, len);
		strbuf_reset(&exact);
		w_exact = utf8_wrap_widths(&exact, buf, width, 0, &n_exact);
		strbuf_reset(&ref);
		ref_wrapped(&ref, buf, width, 0);
		if (strcmp(fast.buf, ref.buf) || strcmp(exact.buf, ref.buf))
			fail_msg("case %d (width %d): \"%s\"\ngave \"%s\"\n"
				 "and \"%s\"\nwant \"%s\"", i, width, buf,
				 fast.buf, exact.buf, ref.buf);
		assert_int_equal(n_fast, n_exact);
		assert_memory_equal(w_fast, w_exact, n_fast * sizeof(int));
		free(w_fast);
		free(w_exact);
		n_simple += simple;
	}
	/* Both kinds were tried, and some of the others were simple. */
	assert_true(n_simple > i / 2 && n_simple < i);
	utf8_fast_words(1);
	strbuf_release(&fast);
	strbuf_release(&exact);
	strbuf_release(&ref);
}

/* Where check_spans keeps its results, from one case to the next. */
struct spans_check {
	struct strbuf want, got;
	struct utf8_span *v;
	size_t alloc;
};

/* Case i: the spans utf8_wrap_spans_simple finds in buf (simple text,
 * the shortcut on) are the lines utf8_wrap_widths writes with the
 * shortcut off, each a stretch of buf as wide as it says. Leaves the
 * shortcut off. */
static void check_spans(const char *buf, size_t len, int width, int i,
			struct spans_check *c)
{
	size_t n, k, n_want;
	int *w;

	n = utf8_wrap_spans_simple(buf, len, width, &c->v, &c->alloc);
	assert_true(n != (size_t)-1);
	strbuf_reset(&c->got);
	for (k = 0; k < n; k++) {
		if (k)
			strbuf_addch(&c->got, '\n');
		assert_true(c->v[k].off + c->v[k].len <= len);
		strbuf_add(&c->got, buf + c->v[k].off, c->v[k].len);
		assert_int_equal(c->v[k].w, utf8_width_n(buf + c->v[k].off,
							 c->v[k].len));
	}
	utf8_fast_words(0);
	strbuf_reset(&c->want);
	w = utf8_wrap_widths(&c->want, buf, width, 0, &n_want);
	free(w);
	if (strcmp(c->got.buf, c->want.buf) || n != n_want)
		fail_msg("case %d (width %d): \"%s\"\ngave \"%s\" (%zu "
			 "lines)\nwant \"%s\" (%zu)", i, width, buf,
			 c->got.buf, n, c->want.buf, n_want);
}

static void spans_check_release(struct spans_check *c)
{
	free(c->v);
	strbuf_release(&c->want);
	strbuf_release(&c->got);
}

/* utf8_wrap_spans_simple finds the lines utf8_wrap_widths writes with
 * the shortcut off (the general wrapping), each a stretch of the text
 * as wide as it says: on simple random text, and on adversarial text
 * where utf8_measure_words calls it simple. */
static void test_wrap_spans_random(void **state)
{
	struct spans_check sp = { STRBUF_INIT, STRBUF_INIT, NULL, 0 };
	char buf[512];
	unsigned seed = 5;
	size_t len;
	int i, width, widest, word, n_simple = 0;

	(void)state;
	setup_locale();
	for (i = 0; i < (int)test_rounds(30000); i++) {
		len = i % 4 ? fast_random(buf, sizeof(buf), &seed, 1) :
			adv_text(buf, sizeof(buf));
		width = (int)((seed >> 8) % (i % 3 ? 30 : 120)) - 1;
		utf8_fast_words(1);
		if (!utf8_measure_words(buf, len, &widest, &word))
			continue;
		n_simple++;
		check_spans(buf, len, width, i, &sp);
	}
	/* Adversarial text was simple now and then too. */
	assert_true(n_simple > i * 3 / 4 && n_simple < i);
	utf8_fast_words(1);
	spans_check_release(&sp);
}

/* utf8_wrap_spans_simple on long simple text (many sixteen-byte blocks
 * a line, lines ending in every lane) and wide lines, against the
 * general wrapping (utf8_wrap_widths with the shortcut off): the same
 * lines, each a stretch of the text as wide as it says. */
static void test_wrap_spans_long(void **state)
{
	struct spans_check sp = { STRBUF_INIT, STRBUF_INIT, NULL, 0 };
	const size_t n_pieces = sizeof(simple_pieces) /
		sizeof(simple_pieces[0]);
	char buf[1200];
	unsigned seed = 11;
	size_t len, n, k, m;
	int i, width, widest, word;

	(void)state;
	setup_locale();
	for (i = 0; i < (int)test_rounds(20000); i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		for (k = (seed >> 16) % 300; k > 0; k--) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly words of letters, now and then a blank. */
			n = (seed >> 16) % 4 ? (seed >> 18) % 10 :
				(seed >> 18) % n_pieces;
			m = strlen(simple_pieces[n]);
			if (len + m >= sizeof(buf))
				break;
			memcpy(buf + len, simple_pieces[n], m);
			len += m;
			if ((seed >> 24) % 5 == 0)
				buf[len++] = ' ';
		}
		buf[len] = '\0';
		width = 1 + (int)((seed >> 8) % (i % 2 ? 40 : 130));
		utf8_fast_words(1);
		if (!utf8_measure_words(buf, len, &widest, &word))
			fail_msg("\"%s\" is not simple", buf);
		check_spans(buf, len, width, i, &sp);
	}
	utf8_fast_words(1);
	spans_check_release(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_good),
		cmocka_unit_test(test_valid_bad),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_stable),
		cmocka_unit_test(test_scan_every_code_point),
		cmocka_unit_test(test_scan_ascii_lanes),
		cmocka_unit_test(test_scan_random),
		cmocka_unit_test(test_scan_fast_pieces),
		cmocka_unit_test(test_scan_fast_lanes),
		cmocka_unit_test(test_scan_fast_random),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_advance),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_prefix_fit),
		cmocka_unit_test(test_put_padded),
		cmocka_unit_test(test_put_cut),
		cmocka_unit_test(test_width_units_match_clusters),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_blanks),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_long_words),
		cmocka_unit_test(test_wrap_random),
		cmocka_unit_test(test_measure_cut),
		cmocka_unit_test(test_measure_long_words),
		cmocka_unit_test(test_word_fast_random),
		cmocka_unit_test(test_wrap_spans_random),
		cmocka_unit_test(test_wrap_spans_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ---- utf8_scan sixteen bytes at a time, against the scan it replaced ---- */

/* utf8_scan as it was before it took sixteen bytes at a time (a word of
 * eight, then a character at a time with a general decode of three-byte
 * characters): the reference the faster scan must agree with, offset and
 * flags, on every input. */
static size_t ref_scan(const char *s, size_t len, unsigned *flags)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned fl = 0;
	size_t i = 0, n;
	uint32_t cp;
	unsigned char c, c1;

	while (i < len) {
		c = u[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c != '\t' && c != '\n')
				fl |= UTF8_CONTROLS;
			i++;
			continue;
		}
		if (c < 0xc2)
			break;
		if (c < 0xe0) {
			if (len - i < 2 || (u[i + 1] & 0xc0) != 0x80)
				break;
			if (c == 0xc2 && u[i + 1] < 0xa0)
				fl |= UTF8_CONTROLS;
			if (c >= 0xcc)
				fl |= UTF8_UNSTABLE;
			i += 2;
			continue;
		}
		if (c < 0xf0) {
			if (len - i < 3)
				break;
			c1 = u[i + 1];
			if ((c1 & 0xc0) != 0x80 || (u[i + 2] & 0xc0) != 0x80 ||
			    (c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))
				break;
			cp = (uint32_t)(c & 0x0f) << 12 |
			     (uint32_t)(c1 & 0x3f) << 6 | (u[i + 2] & 0x3fu);
			if (!utf8_nfc_stable(cp))
				fl |= UTF8_UNSTABLE;
			i += 3;
			continue;
		}
		n = utf8_decode(s + i, len - i, NULL);
		if (!n)
			break;
		fl |= UTF8_UNSTABLE;
		i += n;
	}
	*flags = fl;
	return i;
}

static void check_scan(const char *s, size_t len, const char *what,
		       size_t a, size_t b)
{
	unsigned fl, want_fl;
	size_t stop, want;

	/* s[len] on is not the scan's: the callers cut buffers that go on,
	 * so that a scan that looked past len would answer differently. */
	want = ref_scan(s, len, &want_fl);
	stop = utf8_scan(s, len, &fl);
	if (stop != want || fl != want_fl)
		fail_msg("%s (%zu, %zu), len %zu: %zu flags %u, want %zu "
			 "flags %u", what, a, b, len, stop, fl, want, want_fl);
	assert_int_equal(utf8_valid(s, len, NULL), want == len);
}

/* Every kind of character the fast paths take or must refuse. */
static const char *const scan_pieces[] = {
	/* well-formed: the Vietnamese fast paths and their neighbours */
	"\xc3\xa0", "\xc3\xbf", "\xc4\x83", "\xc6\xa1", "\xc6\xb0", "\xc4\x91",
	"\xc2\xa0", "\xc2\x85" /* NEL */, "\xc2\x80", "\xc2\x9f", "\xcb\xbf",
	"\xcc\x80" /* U+0300 */, "\xcc\x81", "\xcd\xaf", "\xdf\xbf",
	"\xe1\xb8\x80" /* U+1E00 */, "\xe1\xbb\x87", "\xe1\xbb\xbf" /* 1EFF */,
	"\xe1\xb7\xbf" /* 1DFF */, "\xe1\xbc\x80" /* 1F00 */, "\xe1\xb4\x80",
	"\xe0\xa0\x80" /* U+0800 */, "\xe2\x80\x8f" /* 200F */,
	"\xe2\x80\x90" /* 2010 */, "\xe2\x80\xa7" /* 2027 */,
	"\xe2\x80\xa8" /* 2028 */, "\xe2\x80\xaa" /* LRE */,
	"\xe2\x80\xae" /* RLO */, "\xe2\x80\xaf", "\xe2\x80\xb0" /* 2030 */,
	"\xe2\x81\x9e" /* 205E */, "\xe2\x81\x9f", "\xe2\x81\xa6" /* LRI */,
	"\xe2\x81\xa9" /* PDI */, "\xe2\x82\x9f", "\xe2\x82\xa0" /* 20A0 */,
	"\xe2\x82\xab" /* dong */, "\xe2\x83\x80" /* 20C0 */, "\xe2\x83\x81",
	"\xd8\x9c" /* ALM */, "\xed\x9f\xbf" /* D7FF */, "\xee\x80\x80",
	"\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80",
	"\xf4\x8f\xbf\xbf",
	/* ASCII: plain, the two controls that are text, the others */
	"a", " ", "~", "\n", "\t", "\r", "\x7f", "\x01", "\x1f", "", "\x1b[",
	/* ill-formed: stray continuations, overlongs, surrogates, beyond
	 * U+10FFFF, leads that are never used, truncations */
	"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf",
	"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
	"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
	"\xfe", "\xff", "\xc3", "\xc3\x61", "\xc3\xc3\xa0", "\xe1",
	"\xe1\xbb", "\xe1\xbb\x61", "\xe1\xb8\xc0", "\xe1\xb8\x41",
	"\xe1\x41\x80", "\xe2\x80", "\xf0\x9f", "\xf0\x9f\x98", "\xf0\x9f\x98\x61",
	"\xcc", "\xdf\xc0",
};

/* Each piece with every length of ASCII before it (so that it meets the
 * sixteen-byte window at every offset, and straddles its end) and text
 * after it, cut at every length. */
static void test_scan_fast_pieces(void **state)
{
	static const char after[] = "Vi\xe1\xbb\x87t h\xc6\xa1n";
	char buf[80];
	size_t p, pre, len, cut, plen;

	(void)state;
	for (p = 0; p < sizeof(scan_pieces) / sizeof(scan_pieces[0]); p++) {
		plen = strlen(scan_pieces[p]);
		for (pre = 0; pre < 36; pre++) {
			memset(buf, 'x', sizeof(buf));
			memcpy(buf + pre, scan_pieces[p], plen);
			/* Vietnamese after it, so that a wrong skip lands in
			 * the middle of a character. */
			memcpy(buf + pre + plen, after, sizeof(after) - 1);
			len = pre + plen + sizeof(after) - 1 + 20;
			for (cut = 0; cut <= len; cut++)
				check_scan(buf, cut, "piece", p, pre);
		}
	}
}

/* Long ASCII runs, with and without Vietnamese before, and one bad or odd
 * byte at every offset modulo sixteen (and beyond): every lane of the
 * window must see it. */
static void test_scan_fast_lanes(void **state)
{
	static const unsigned char odd[] = {
		0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f, 0x80,
		0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xcc, 0xe0, 0xe1, 0xed,
		0xef, 0xf0, 0xf4, 0xf5, 0xff, '\t', '\n', ' ', '~',
	};
	static const char viet[] = "\xe1\xbb\x87\xc3\xa0";	/* "ệà" */
	char buf[112];
	size_t k, at, lead, len = 100;

	(void)state;
	for (lead = 0; lead < 2; lead++) {
		for (k = 0; k < sizeof(odd); k++) {
			for (at = 0; at < len; at++) {
				memset(buf, 'q', sizeof(buf));
				if (lead)
					memcpy(buf, viet, sizeof(viet) - 1);
				if (lead && at < sizeof(viet) - 1)
					continue;
				buf[at] = (char)odd[k];
				check_scan(buf, len, "lane", k, at);
				/* The same byte as the last one there is. */
				check_scan(buf, at + 1, "last", k, at);
			}
		}
	}
}

/* Random buffers of the pieces and of random bytes. */
static void test_scan_fast_random(void **state)
{
	static const char viet[] = "Kho\xe1\xba\xa3n h\xe1\xbb\x99";
	const size_t np = sizeof(scan_pieces) / sizeof(scan_pieces[0]);
	char buf[400];
	unsigned seed = 7;
	size_t len, plen, k, r, bad = 0, cut;
	unsigned long i, rounds = test_rounds(100000);

	(void)state;
	/* The ill-formed pieces come last, from the stray continuation. */
	while (strcmp(scan_pieces[bad], "\x80") != 0)
		bad++;
	for (i = 0; i < rounds; i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		/* Mostly well-formed text, sometimes any byte at all. */
		r = (seed >> 16) % 4;
		for (k = 0; k < 60 && len < 300; k++) {
			seed = seed * 1103515245u + 12345u;
			if (r == 0 && (seed >> 12) % 8 == 0) {
				buf[len++] = (char)(seed >> 20);
				continue;
			}
			if ((seed >> 12) % 3 == 0) {
				/* Cut in its last letter, now and then. */
				memcpy(buf + len, viet, sizeof(viet) - 1);
				len += sizeof(viet) - 1;
				if (r == 1)
					len -= (seed >> 20) % 3;
				continue;
			}
			/* Faults rarely, so that the scan gets far. */
			plen = (seed >> 16) % np;
			if (plen >= bad && (seed >> 8) % 10)
				plen = (seed >> 8) % 8;
			memcpy(buf + len, scan_pieces[plen],
			       strlen(scan_pieces[plen]));
			len += strlen(scan_pieces[plen]);
		}
		check_scan(buf, len, "random", (size_t)i, 0);
		cut = (seed >> 4) % 4;
		check_scan(buf, len > cut ? len - cut : 0, "random cut",
			   (size_t)i, 1);
	}
}
