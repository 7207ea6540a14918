/* adversarial_text.h: random text that a fast scan could get wrong, for
 * the tests that compare a fast path with its slow one (test_json.c,
 * test_table.c, test_csv.c): controls, C1, U+2028/2029, bidi controls,
 * quotes and backslashes, invalid and truncated UTF-8, wide and astral
 * characters, Vietnamese letters, and runs of ASCII long enough for the
 * eight-bytes-at-a-time paths. */
#ifndef ADVERSARIAL_TEXT_H
#define ADVERSARIAL_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const adv_pieces[] = {
	"a", "Z", " ", "0", "~", "\"", "\\", "\n", "\t", "\r", "\x01", "\x1b",
	"\x1f", "\x7f", ",", "=", "-", "'",
	"abcdefghij", "Hello, world. ", "        ",
	"\xc2\x80", "\xc2\x85", "\xc2\x9f", "\xc2\xa0", "\xc2\xa9",
	"\xd8\x9c", "\xd8\xa7", "\xdf\xbf",
	"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xae", "\xe2\x80\xaa",
	"\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x81\xa6", "\xe2\x81\xa9",
	"\xe2\x80\x93", "\xe2\x80\xa6", "\xe2\x80\x9c", "\xe2\x82\xac",
	"\xe1\xbb\x87", "\xe1\xba\xa5", "\xc4\x90", "\xc6\xa1", "\xc3\xa2",
	"ự", "Xây dựng kế hoạch ", "漢", "\xe6\xbc\xa2\xe5\xad\x97",
	"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xed\xa0\x80",
	"\xe0\xa0\x80", "\xe0\x80\x80", "\xc0\x80", "\xc1\xbf", "\xf4\x90\x80\x80",
	"\xf5", "\xf8", "\xff", "\xfe", "\x80", "\xbf", "\xe1\xbb", "\xe1",
	"\xc3", "\xf0\x9f\x98", "\xef\xbf\xbf", "\xef\xbb\xbf", "\xee\x80\x80",
	"\xec\x95\x88", "\xe3\x81\x82",
	/* Neighbours of what is escaped, which must not be. */
	"\xe2\x86\x92", "\xe2\x81\xa5", "\xe2\x81\xaa", "\xe2\x80\xaf",
	"\xe2\x80\xa7", "\xe2\x80\x8d", "\xe2\x80\x90", "\xd8\x9b",
	"\xd8\x9d", "\xc2\xa0", "\xe2\x82\xab",
};

/* xorshift: the same sequence on every run, so a failure repeats. */
static uint64_t adv_state = 0x9e3779b97f4a7c15ULL;

static unsigned adv_rand(void)
{
	adv_state ^= adv_state << 13;
	adv_state ^= adv_state >> 7;
	adv_state ^= adv_state << 17;
	return (unsigned)(adv_state >> 32);
}

/* A NUL-terminated random string of up to max - 1 bytes in buf, mostly
 * harmless (as real text is) with a hostile piece or byte now and then:
 * a scan must find the first of them wherever it falls. */
static size_t adv_text(char *buf, size_t max)
{
	size_t len = 0, want = adv_rand() % (max - 1);
	const size_t npieces = sizeof(adv_pieces) / sizeof(adv_pieces[0]);
	unsigned hostility = adv_rand() % 4;

	while (len < want) {
		const char *p;
		char raw[2];
		size_t n;

		if (hostility && adv_rand() % 64 == 0) {
			raw[0] = (char)(1 + adv_rand() % 255);
			raw[1] = '\0';
			p = raw;
		} else if (hostility < 2) {
			/* Vietnamese-looking text with nothing to escape. */
			static const char *const calm[] = {
				"a", " ", "ng", "\xe1\xbb\x87", "\xc4\x90",
				"\xc6\xa1", "\xc3\xa2", "Xây dựng kế hoạch ",
				"abcdefghij", "漢", "\xe2\x80\x93", "\xc2\xa0",
			};
			p = calm[adv_rand() % (sizeof(calm) / sizeof(calm[0]))];
		} else {
			p = adv_pieces[adv_rand() % npieces];
		}
		n = strlen(p);
		if (len + n > want)
			break;
		memcpy(buf + len, p, n);
		len += n;
	}
	buf[len] = '\0';
	return len;
}


/* Case k of a clean text of every length up to 40 bytes (in letters of
 * one to three bytes, so that every block boundary falls inside a
 * character somewhere) ending in a character cut short, a lone or stray
 * byte, or one to escape, then nothing or more clean text: what a scan
 * of blocks must see at the very end of its input. ADV_CUT_CASES of
 * them; buf holds 64 bytes. Returns the length. */
#define ADV_CUT_CASES (41 * 3 * 14 * 2)

static inline size_t adv_cut_case(unsigned k, char *buf)
{
	static const char *const letters[] = { "a", "\xc4\x90", "\xe1\xbb\x87" };
	static const char *const ends[] = {
		"\xc3", "\xe1", "\xe1\xbb", "\xe2", "\xe2\x80", "\xf0\x9f\x98",
		"\xc2", "\xd8", "\x80", "\xbf", "\xff", "\xe2\x80\xa8", "\x01",
		"\xc3\xa2",
	};
	size_t n = k % 41, len = 0, m;
	const char *letter = letters[k / 41 % 3];
	const char *end = ends[k / (41 * 3) % 14];

	while (len < n) {
		/* The last bytes in ASCII when a letter would overrun. */
		if (len + strlen(letter) > n)
			letter = "a";
		m = strlen(letter);
		memcpy(buf + len, letter, m);
		len += m;
	}
	m = strlen(end);
	memcpy(buf + len, end, m);
	len += m;
	if (k / (41 * 3 * 14) % 2) {
		memcpy(buf + len, "bc d", 4);
		len += 4;
	}
	buf[len] = '\0';
	return len;
}

#endif
