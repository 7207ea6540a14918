/* test_json.c: the streaming writer's exact output. */
#include "testutil.h"

#include <limits.h>
#include <math.h>

#include "plantrack/json.h"
#include "plantrack/textscan.h"
#include "plantrack/utf8.h"

#include "adversarial_text.h"

struct doc {
	struct capture c;
	struct json_writer w;
};

static void doc_open(struct doc *d)
{
	cap_open(&d->c);
	json_init(&d->w, d->c.f);
}

/* Ends the document and compares the whole output. */
static void doc_check(struct doc *d, const char *expect)
{
	json_end(&d->w);
	assert_string_equal(cap_close(&d->c), expect);
	cap_free(&d->c);
}

static void test_empty(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d);
	json_object_begin(&d.w);
	json_object_end(&d.w);
	doc_check(&d, "{}\n");

	doc_open(&d);
	json_array_begin(&d.w);
	json_array_end(&d.w);
	doc_check(&d, "[]\n");

	doc_open(&d);
	json_object_begin(&d.w);
	json_key(&d.w, "a");
	json_object_begin(&d.w);
	json_object_end(&d.w);
	json_key(&d.w, "b");
	json_array_begin(&d.w);
	json_array_end(&d.w);
	json_object_end(&d.w);
	doc_check(&d, "{\n  \"a\": {},\n  \"b\": []\n}\n");
}

static void test_nested(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d);
	json_object_begin(&d.w);
	json_kv_string(&d.w, "plan", "KH-UBND");
	json_kv_int(&d.w, "format", 1);
	json_key(&d.w, "tasks");
	json_array_begin(&d.w);
	json_object_begin(&d.w);
	json_kv_string(&d.w, "id", "II.3");
	json_key(&d.w, "lead");
	json_array_begin(&d.w);
	json_string(&d.w, "KT");
	json_string(&d.w, "VHXH");
	json_array_end(&d.w);
	json_key(&d.w, "done");
	json_bool(&d.w, false);
	json_object_end(&d.w);
	json_object_begin(&d.w);
	json_kv_string(&d.w, "id", "II.4");
	json_key(&d.w, "note");
	json_null(&d.w);
	json_key(&d.w, "ok");
	json_bool(&d.w, true);
	json_object_end(&d.w);
	json_array_end(&d.w);
	json_key(&d.w, "matrix");
	json_array_begin(&d.w);
	json_array_begin(&d.w);
	json_array_end(&d.w);
	json_array_begin(&d.w);
	json_int(&d.w, 1);
	json_number(&d.w, 2.5);
	json_array_end(&d.w);
	json_array_end(&d.w);
	json_object_end(&d.w);
	doc_check(&d,
		  "{\n"
		  "  \"plan\": \"KH-UBND\",\n"
		  "  \"format\": 1,\n"
		  "  \"tasks\": [\n"
		  "    {\n"
		  "      \"id\": \"II.3\",\n"
		  "      \"lead\": [\n"
		  "        \"KT\",\n"
		  "        \"VHXH\"\n"
		  "      ],\n"
		  "      \"done\": false\n"
		  "    },\n"
		  "    {\n"
		  "      \"id\": \"II.4\",\n"
		  "      \"note\": null,\n"
		  "      \"ok\": true\n"
		  "    }\n"
		  "  ],\n"
		  "  \"matrix\": [\n"
		  "    [],\n"
		  "    [\n"
		  "      1,\n"
		  "      2.5\n"
		  "    ]\n"
		  "  ]\n"
		  "}\n");
}

static void test_top_level_scalars(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d);
	json_string(&d.w, "x");
	doc_check(&d, "\"x\"\n");
	doc_open(&d);
	json_string(&d.w, NULL);
	doc_check(&d, "null\n");
	doc_open(&d);
	json_int(&d.w, LLONG_MIN);
	doc_check(&d, "-9223372036854775808\n");
	doc_open(&d);
	json_int(&d.w, LLONG_MAX);
	doc_check(&d, "9223372036854775807\n");
}

static void test_control_characters(void **state)
{
	char s[32];
	struct doc d;
	int i;

	(void)state;
	for (i = 1; i < 32; i++)
		s[i - 1] = (char)i;
	s[31] = '\0';
	doc_open(&d);
	json_string(&d.w, s);
	doc_check(&d, "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
		  "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
		  "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
		  "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
		  "\"\n");
}

static void test_escapes(void **state)
{
	struct doc d;

	(void)state;
	doc_open(&d);
	json_string(&d.w, "say \"hi\" \\ a/b \x7f");
	doc_check(&d, "\"say \\\"hi\\\" \\\\ a/b \x7f\"\n");

	/* U+2028 and U+2029 escaped; their neighbours U+2027, U+202A not. */
	doc_open(&d);
	json_string(&d.w, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xe2\x80\xa7"
		    "\xe2\x80\xaa");
	doc_check(&d, "\"a\\u2028b\\u2029c\xe2\x80\xa7\xe2\x80\xaa\"\n");

	/* Vietnamese and everything else non-ASCII go out raw. */
	doc_open(&d);
	json_kv_string(&d.w, "tên", "Ủy ban nhân dân xã Việt Khê 😀");
	doc_check(&d, "\"tên\": \"Ủy ban nhân dân xã Việt Khê 😀\"\n");

	/* Keys are escaped the same way. */
	doc_open(&d);
	json_object_begin(&d.w);
	json_kv_int(&d.w, "a\"\n", 1);
	json_object_end(&d.w);
	doc_check(&d, "{\n  \"a\\\"\\n\": 1\n}\n");

	/* Not UTF-8 (a caller bug): still valid JSON. */
	doc_open(&d);
	json_string(&d.w, "a\xff" "b\xe1\xbb");
	doc_check(&d, "\"a\\ufffdb\\ufffd\\ufffd\"\n");
}

static void check_number(double v, const char *expect)
{
	struct doc d;

	doc_open(&d);
	json_number(&d.w, v);
	doc_check(&d, expect);
}

static void test_numbers(void **state)
{
	(void)state;
	check_number(100, "100\n");
	check_number(97.5, "97.5\n");
	check_number(0, "0\n");
	check_number(-0.0, "-0\n");
	check_number(0.1, "0.1\n");
	check_number(-12.25, "-12.25\n");
	check_number(1.0 / 3, "0.3333333333333333\n");
	check_number(0.1 + 0.2, "0.30000000000000004\n");
	check_number(1e300, "1e+300\n");
	check_number(5e-324, "4.94065645841247e-324\n");
	check_number(123456789012345678.0, "1.2345678901234568e+17\n");
	check_number((double)NAN, "null\n");
	check_number((double)INFINITY, "null\n");
	check_number(-(double)INFINITY, "null\n");
}

static void test_number_round_trip(void **state)
{
	static const double v[] = {
		0.1, 2.0 / 3, 1e-7, 123.456, 9007199254740993.0,
		1.7976931348623157e308, 2.2250738585072014e-308, 80, 66.67,
	};
	struct capture c;
	struct json_writer w;
	char *end;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cap_open(&c);
		json_init(&w, c.f);
		json_number(&w, v[i]);
		json_end(&w);
		cap_close(&c);
		/* json_end's newline. */
		assert_true(*c.buf && c.buf[strlen(c.buf) - 1] == '\n');
		c.buf[strlen(c.buf) - 1] = '\0';
		if (strtod(c.buf, &end) != v[i] || *end != '\0')
			fail_msg("%.17g wrote \"%s\"", v[i], c.buf);
		assert_true(strlen(c.buf) <= 24);
		cap_free(&c);
	}
}

/* The slow path, as json.c had it before textscan_json: every byte
 * looked at and every non-ASCII character decoded. Appends the JSON
 * string of s to out (at least 6 * strlen(s) + 3 bytes); returns the
 * offset of the first byte it escaped in *first (len: none). */
static void ref_json_string(const char *s, char *out, size_t *first)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(s), i = 0, n;
	char *o = out;
	uint32_t cp;

	*first = len;
	*o++ = '"';
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char ubuf[7];

		n = 1;
		if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c < 0x20) {
			switch (c) {
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				memcpy(ubuf, "\\u00", 4);
				ubuf[4] = hex[c >> 4];
				ubuf[5] = hex[c & 0xf];
				ubuf[6] = '\0';
				esc = ubuf;
				break;
			}
		} else if (c >= 0x80) {
			n = utf8_decode(s + i, len - i, &cp);
			if (!n) {
				n = 1;
				esc = "\\ufffd";
			} else if (cp == 0x2028) {
				esc = "\\u2028";
			} else if (cp == 0x2029) {
				esc = "\\u2029";
			}
		}
		if (esc) {
			if (*first == len)
				*first = i;
			o += sprintf(o, "%s", esc);
		} else {
			memcpy(o, s + i, n);
			o += n;
		}
		i += n;
	}
	*o++ = '"';
	*o = '\0';
}

/* textscan_json at the end of the text: every clean length, then a
 * character cut short or one to escape (adv_cut_case). */
static void test_scan_cut_at_end(void **state)
{
	static char s[64], ref[64 * 6 + 8];
	size_t len, first;

	(void)state;
	for (unsigned k = 0; k < ADV_CUT_CASES; k++) {
		len = adv_cut_case(k, s);
		ref_json_string(s, ref, &first);
		if (textscan_json(s, len) != first)
			fail_msg("textscan_json stops at %zu, not %zu (case %u)",
				 textscan_json(s, len), first, k);
	}
}

/* textscan_json and the writer against the slow path, on random
 * adversarial strings: the fast scan must stop exactly where the slow
 * path would first escape, and the output must be the same bytes. */
static void test_fast_scan_matches_slow(void **state)
{
	static char s[600], ref[600 * 6 + 8], expect[3 * (600 * 6 + 8) + 64];

	(void)state;
	for (unsigned long k = 0, n_k = test_rounds(40000); k < n_k; k++) {
		size_t len = adv_text(s, sizeof(s)), first;
		struct doc d;

		ref_json_string(s, ref, &first);
		if (textscan_json(s, len) != first)
			fail_msg("textscan_json stops at %zu, not %zu (case %d)",
				 textscan_json(s, len), first, k);
		if (k % 8)
			continue;
		/* As a value, a key, and an array element after another. */
		doc_open(&d);
		json_object_begin(&d.w);
		json_kv_string(&d.w, s, s);
		json_key(&d.w, "a");
		json_array_begin(&d.w);
		json_string(&d.w, "x");
		json_string(&d.w, s);
		json_array_end(&d.w);
		json_object_end(&d.w);
		snprintf(expect, sizeof(expect),
			 "{\n  %s: %s,\n  \"a\": [\n    \"x\",\n    %s\n  ]\n}\n",
			 ref, ref, ref);
		doc_check(&d, expect);
	}
}

/* The writer on every text adv_cut_case makes (0 to 44 bytes: the
 * lengths where the plain ASCII check reads two words that overlap, or
 * sixteen bytes then the last sixteen), and on each of them cut after
 * every byte, as a key and as a value: the same bytes as the slow path. */
static void test_short_strings_match_slow(void **state)
{
	static char s[64], ref[64 * 6 + 8], expect[2 * (64 * 6 + 8) + 16];
	size_t len, first;

	(void)state;
	for (unsigned k = 0; k < ADV_CUT_CASES; k++) {
		len = adv_cut_case(k, s);
		for (size_t cut = len + 1; cut-- > 0 && cut + 6 > len;) {
			struct doc d;

			s[cut] = '\0';
			ref_json_string(s, ref, &first);
			doc_open(&d);
			json_object_begin(&d.w);
			json_kv_string(&d.w, s, s);
			json_object_end(&d.w);
			snprintf(expect, sizeof(expect), "{\n  %s: %s\n}\n", ref,
				 ref);
			doc_check(&d, expect);
		}
	}
}

/* Each byte the plain ASCII check must stop at, alone in ASCII at every
 * place of a text of 1 to 40 bytes (so in either word, or block, of the
 * check and where they overlap). */
static void test_short_strings_every_place(void **state)
{
	static const char stops[] = { '"', '\\', '\x1f', '\x01', '\x80',
				      '\xc3' };
	char s[48], ref[48 * 6 + 8], expect[48 * 6 + 32];
	size_t first;

	(void)state;
	for (size_t len = 1; len <= 40; len++) {
		for (size_t at = 0; at < len; at++) {
			for (size_t c = 0; c < sizeof(stops); c++) {
				struct doc d;

				memset(s, 'a', len);
				s[len] = '\0';
				s[at] = stops[c];
				ref_json_string(s, ref, &first);
				doc_open(&d);
				json_string(&d.w, s);
				snprintf(expect, sizeof(expect), "%s\n", ref);
				doc_check(&d, expect);
			}
		}
	}
}

/* Keys quoted as they are compiled (JSON_KEY) against json_key, first
 * and later in objects at several depths, and at the top level. */
static void test_literal_keys(void **state)
{
	struct capture c[2];
	struct json_writer w[2];

	(void)state;
	for (int k = 0; k < 2; k++) {
		cap_open(&c[k]);
		json_init(&w[k], c[k].f);
		if (k)
			JSON_KEY(&w[k], "top");
		else
			json_key(&w[k], "top");
		json_object_begin(&w[k]);
		for (int depth = 0; depth < 4; depth++) {
			if (k)
				JSON_KEY(&w[k], "status_label");
			else
				json_key(&w[k], "status_label");
			json_string(&w[k], "x");
			if (k)
				JSON_KEY(&w[k], "a");
			else
				json_key(&w[k], "a");
			json_int(&w[k], depth);
			if (k)
				JSON_KEY(&w[k], "");
			else
				json_key(&w[k], "");
			json_object_begin(&w[k]);
		}
		for (int depth = 0; depth < 5; depth++)
			json_object_end(&w[k]);
		json_end(&w[k]);
	}
	assert_string_equal(cap_close(&c[1]), cap_close(&c[0]));
	cap_free(&c[0]);
	cap_free(&c[1]);
}

/* Separators at every depth the writer allows: the indentation is cut
 * from one string. */
static void test_deep_indent(void **state)
{
	char expect[4096], *e = expect;
	struct doc d;
	int depth;

	(void)state;
	doc_open(&d);
	for (depth = 0; depth < JSON_MAX_DEPTH - 1; depth++) {
		json_array_begin(&d.w);
		json_int(&d.w, depth);
	}
	for (depth = JSON_MAX_DEPTH - 1; depth-- > 0;)
		json_array_end(&d.w);
	for (depth = 0; depth < JSON_MAX_DEPTH - 1; depth++)
		e += sprintf(e, "%s%*s[\n%*s%d", depth ? ",\n" : "",
			     2 * depth, "", 2 * (depth + 1), "", depth);
	for (depth = JSON_MAX_DEPTH - 1; depth-- > 0;)
		e += sprintf(e, "\n%*s]", 2 * depth, "");
	sprintf(e, "\n");
	doc_check(&d, expect);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_top_level_scalars),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_number_round_trip),
		cmocka_unit_test(test_fast_scan_matches_slow),
		cmocka_unit_test(test_scan_cut_at_end),
		cmocka_unit_test(test_short_strings_match_slow),
		cmocka_unit_test(test_short_strings_every_place),
		cmocka_unit_test(test_literal_keys),
		cmocka_unit_test(test_deep_indent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
