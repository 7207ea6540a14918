/* test_yamlread.c: events with positions, limits, hostile input, getters. */
#include <limits.h>
#include <time.h>

#include "testutil.h"

#include "plantrack/date.h"
#include "plantrack/err.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlfast.h"
#include "plantrack/yamlread.h"

/* Renders every event of buf[0..len) on one line: "{1:1" and "}" for a
 * mapping, "[1:4" and "]" for a sequence, "=text@L:C" for a plain and
 * "'text@L:C" for a quoted scalar, "$L:C" for the end, "!" for an error.
 * Messages go to *errs. Both are malloc'd. */
static char *trace_n(const char *buf, size_t len, char **errs)
{
	struct capture cap;
	struct strbuf sb = STRBUF_INIT;
	struct yr_reader *r;
	struct yr_event ev;
	int i;

	cap_open(&cap);
	r = yr_open_mem("t.yaml", buf, len, cap.f);
	assert_non_null(r);
	for (i = 0; i < 100000; i++) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		if (yr_next(r, &ev)) {
			strbuf_addch(&sb, '!');
			break;
		}
		switch (ev.type) {
		case YR_MAP_START:
			strbuf_addf(&sb, "{%lu:%lu", ev.line, ev.col);
			break;
		case YR_SEQ_START:
			strbuf_addf(&sb, "[%lu:%lu", ev.line, ev.col);
			break;
		case YR_MAP_END:
			strbuf_addch(&sb, '}');
			break;
		case YR_SEQ_END:
			strbuf_addch(&sb, ']');
			break;
		case YR_SCALAR:
			assert_int_equal(strlen(ev.value), ev.len);
			strbuf_addf(&sb, "%c%s@%lu:%lu",
				    ev.style == YR_PLAIN ? '=' : '\'',
				    ev.value, ev.line, ev.col);
			break;
		case YR_DOC_END:
			strbuf_addf(&sb, "$%lu:%lu", ev.line, ev.col);
			break;
		}
		if (ev.type == YR_DOC_END)
			break;
	}
	yr_close(r);
	*errs = strdup(cap_close(&cap));
	cap_free(&cap);
	return strbuf_detach(&sb, NULL);
}

static void check_trace_n(const char *buf, size_t len, const char *want,
			  const char *want_errs)
{
	char *errs, *got = trace_n(buf, len, &errs);

	assert_string_equal(got, want);
	assert_string_equal(errs, want_errs);
	free(got);
	free(errs);
}

static void check_trace(const char *buf, const char *want,
			const char *want_errs)
{
	check_trace_n(buf, strlen(buf), want, want_errs);
}


/* ---- events and positions ---- */

static void test_events_block(void **state)
{
	(void)state;
	check_trace("a: [1, 'x']\nb:\n  c: \"d\"\n  e: |\n    f\n",
		    "{1:1 =a@1:1 [1:4 =1@1:5 'x@1:8 ] =b@2:1 {3:3 =c@3:3 "
		    "'d@3:6 =e@4:3 'f\n@4:6 } } $6:1", "");
}

static void test_events_flow_and_seq(void **state)
{
	(void)state;
	check_trace("- {k: v, w: [ ]}\n- - x\n  - y\n",
		    "[1:1 {1:3 =k@1:4 =v@1:7 =w@1:10 [1:13 ] } "
		    "[2:3 =x@2:5 =y@3:5 ] ] $4:1", "");
}

/* Columns count characters, as libyaml's marks do. */
static void test_columns_are_characters(void **state)
{
	(void)state;
	check_trace("ư: \"ế\"\nđường: x\n",
		    "{1:1 =ư@1:1 'ế@1:4 =đường@2:1 =x@2:8 } $3:1", "");
}

static void test_bom_not_counted(void **state)
{
	(void)state;
	check_trace("\xEF\xBB\xBF" "a: b\n", "{1:1 =a@1:1 =b@1:4 } $2:1", "");
	check_trace("\xEF\xBB\xBF" "a: \xC3\n",
		    "!", "t.yaml:1:4: invalid UTF-8 (byte 0xC3); the file "
		    "must be UTF-8\n");
}

static void test_crlf(void **state)
{
	(void)state;
	check_trace("a: b\r\nc: d\r\n",
		    "{1:1 =a@1:1 =b@1:4 =c@2:1 =d@2:4 } $3:1", "");
}

static void test_explicit_document(void **state)
{
	(void)state;
	check_trace("--- a\n...\n", "=a@1:5 $2:1", "");
	check_trace("%YAML 1.1\n---\nk: v\n", "{3:1 =k@3:1 =v@3:4 } $4:1", "");
}

static void test_no_document(void **state)
{
	(void)state;
	check_trace("", "$1:1", "");
	check_trace("# only a comment\n\n", "$3:1", "");
}

static void test_end_repeats_and_dead_stays_dead(void **state)
{
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;

	(void)state;
	cap_open(&cap);
	r = yr_open_mem("t.yaml", "x", 1, cap.f);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_SCALAR);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_DOC_END);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_DOC_END);
	yr_close(r);

	r = yr_open_mem("t.yaml", "[1, *a]", 7, cap.f);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(yr_next(r, &ev), -1);
	assert_int_equal(yr_next(r, &ev), -1);
	assert_int_equal(ev.type, YR_DOC_END);
	assert_int_equal(yr_skip(r, &ev), -1);
	assert_int_equal(yr_error_count(r), 1);
	assert_string_equal(yr_name(r), "t.yaml");
	yr_close(r);
	assert_string_equal(cap_close(&cap),
			    "t.yaml:1:5: aliases and anchors are not allowed\n");
	cap_free(&cap);
	yr_close(NULL);
}

static void test_skip(void **state)
{
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;
	static const char doc[] = "a: {b: [1, {c: d}], e: f}\ng: h\n";

	(void)state;
	cap_open(&cap);
	r = yr_open_mem("t.yaml", doc, sizeof(doc) - 1, cap.f);
	assert_int_equal(yr_next(r, &ev), 0);	/* { */
	assert_int_equal(yr_next(r, &ev), 0);	/* a */
	assert_int_equal(yr_skip(r, &ev), 0);	/* a scalar: nothing */
	assert_int_equal(yr_next(r, &ev), 0);	/* {b: ...} */
	assert_int_equal(ev.type, YR_MAP_START);
	assert_int_equal(yr_skip(r, &ev), 0);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_SCALAR);
	assert_string_equal(ev.value, "g");
	assert_int_equal(ev.line, 2);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_MAP_END);
	assert_int_equal(yr_skip(r, &ev), 0);	/* an end: nothing */
	assert_int_equal(yr_next(r, &ev), 0);
	assert_int_equal(ev.type, YR_DOC_END);
	yr_close(r);
	assert_string_equal(cap_close(&cap), "");
	cap_free(&cap);
}

/* ---- syntax errors ---- */

static void test_syntax_errors(void **state)
{
	(void)state;
	check_trace("a: [1, 2\nb: 3\n", "{1:1 =a@1:1 [1:4 =1@1:5 =2 b@1:8 !",
		    "t.yaml:2:2: did not find expected ',' or ']' (while "
		    "parsing a flow sequence at 1:4)\n");
	check_trace("a: b\n c: d\n", "{1:1 =a@1:1 =b c@1:4 !",
		    "t.yaml:2:3: mapping values are not allowed in this "
		    "context\n");
	check_trace("a: \"x\n", "{1:1 =a@1:1 !",
		    "t.yaml:2:1: found unexpected end of stream (while "
		    "scanning a quoted scalar at 1:4)\n");
	check_trace("a:\n\tb: c\n", "{1:1 =a@1:1 !",
		    "t.yaml:2:1: found character that cannot start any "
		    "token (while scanning for the next token at 2:1)\n");
}

/* libyaml's reader reports a byte offset; it becomes a line and column. */
static void test_control_character(void **state)
{
	(void)state;
	check_trace("a: 1\nbế: x\x01y\n", "!",
		    "t.yaml:2:6: control characters are not allowed "
		    "(U+0001)\n");
}

/* ---- limits and hostile input ---- */

static void test_depth_limit(void **state)
{
	struct strbuf ok = STRBUF_INIT, deep = STRBUF_INIT;
	char *errs, *got;
	int i;

	(void)state;
	for (i = 0; i < YR_MAX_DEPTH; i++)
		strbuf_addch(&ok, '[');
	for (i = 0; i < YR_MAX_DEPTH; i++)
		strbuf_addch(&ok, ']');
	got = trace_n(ok.buf, ok.len, &errs);
	assert_string_equal(errs, "");
	assert_non_null(strstr(got, "[1:32 ]"));
	free(got);
	free(errs);

	strbuf_addstr(&deep, "a:\n");
	for (i = 1; i <= YR_MAX_DEPTH; i++)
		strbuf_addf(&deep, "%*sa:\n", 2 * i, "");
	got = trace_n(deep.buf, deep.len, &errs);
	assert_string_equal(errs, "t.yaml:33:65: nesting too deep (the "
			    "limit is 32 levels)\n");
	assert_string_equal(got + strlen(got) - 1, "!");
	free(got);
	free(errs);
	strbuf_release(&ok);
	strbuf_release(&deep);
}

static void check_deep_fails_fast(const char *unit, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	char *errs, *got;
	int i;

	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, unit);
	got = trace_n(sb.buf, sb.len, &errs);
	assert_string_equal(got + strlen(got) - 1, "!");
	assert_string_equal(errs, want);
	free(got);
	free(errs);
	strbuf_release(&sb);
}

static void test_deep_nesting_fails_fast(void **state)
{
	(void)state;
	check_deep_fails_fast("[", "t.yaml:1:33: nesting too deep (the limit "
			      "is 32 levels)\n");
	check_deep_fails_fast("{a: ", "t.yaml:1:129: nesting too deep (the "
			      "limit is 32 levels)\n");
	check_deep_fails_fast("- ", "t.yaml:1:65: nesting too deep (the "
			      "limit is 32 levels)\n");
}

static void test_scalar_limit(void **state)
{
	char *buf = malloc(YR_MAX_SCALAR + 8);
	char *errs, *got;

	(void)state;
	assert_non_null(buf);
	memset(buf, 'x', YR_MAX_SCALAR + 8);
	got = trace_n(buf, YR_MAX_SCALAR, &errs);
	assert_string_equal(errs, "");
	/* libyaml puts the end of an unterminated last line on the next. */
	assert_int_equal(strlen(got), YR_MAX_SCALAR + strlen("=@1:1 $2:1"));
	assert_string_equal(got + strlen(got) - 11, "xx@1:1 $2:1");
	free(got);
	free(errs);
	got = trace_n(buf, YR_MAX_SCALAR + 1, &errs);
	assert_string_equal(got, "!");
	assert_string_equal(errs, "t.yaml:1:1: value too long (65537 bytes; "
			    "the limit is 65536)\n");
	free(got);
	free(errs);
	free(buf);
}

static void test_file_size_limit(void **state)
{
	/* calloc'd pages stay untouched: the size is refused first. */
	char *buf = calloc(1, (size_t)YR_MAX_FILE_SIZE + 1);
	char *errs, *got, want[128];

	(void)state;
	assert_non_null(buf);
	got = trace_n(buf, (size_t)YR_MAX_FILE_SIZE + 1, &errs);
	assert_string_equal(got, "!");
	snprintf(want, sizeof(want), "t.yaml: file too large (%u bytes; the "
		 "limit is %u)\n", YR_MAX_FILE_SIZE + 1, YR_MAX_FILE_SIZE);
	assert_string_equal(errs, want);
	free(got);
	free(errs);
	/* At the limit, the size is fine: what is wrong is found in the
	 * first byte, without a look at the rest. */
	buf[0] = '\xff';
	got = trace_n(buf, (size_t)YR_MAX_FILE_SIZE, &errs);
	assert_string_equal(got, "!");
	assert_string_equal(errs, "t.yaml:1:1: invalid UTF-8 (byte 0xFF); the "
			    "file must be UTF-8\n");
	free(got);
	free(errs);
	free(buf);
}

static void test_anchors_and_aliases(void **state)
{
	(void)state;
	check_trace("a: &x 1\n", "{1:1 =a@1:1 !",
		    "t.yaml:1:4: aliases and anchors are not allowed\n");
	check_trace("a: &x {b: c}\n", "{1:1 =a@1:1 !",
		    "t.yaml:1:4: aliases and anchors are not allowed\n");
	check_trace("- &x [1]\n", "[1:1 !",
		    "t.yaml:1:3: aliases and anchors are not allowed\n");
	check_trace("a: *x\n", "{1:1 =a@1:1 !",
		    "t.yaml:1:4: aliases and anchors are not allowed\n");
}

static void test_billion_laughs(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *errs, *got;
	int i;

	(void)state;
	strbuf_addstr(&sb, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 10; i++)
		strbuf_addf(&sb, "%c: &%c [*%c,*%c,*%c,*%c,*%c]\n", 'a' + i,
			    'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			    'a' + i - 1, 'a' + i - 1);
	got = trace_n(sb.buf, sb.len, &errs);
	assert_string_equal(got, "{1:1 =a@1:1 !");
	assert_string_equal(errs, "t.yaml:1:4: aliases and anchors are not "
			    "allowed\n");
	free(got);
	free(errs);
	strbuf_release(&sb);
}

static void test_tags(void **state)
{
	(void)state;
	check_trace("a: !!str 1\n", "{1:1 =a@1:1 !",
		    "t.yaml:1:4: tags are not allowed (found "
		    "'tag:yaml.org,2002:str')\n");
	check_trace("a: !local {b: c}\n", "{1:1 =a@1:1 !",
		    "t.yaml:1:4: tags are not allowed (found '!local')\n");
	check_trace("- ! [x]\n", "[1:1 !",
		    "t.yaml:1:3: tags are not allowed (found '!')\n");
	check_trace("%TAG ! tag:example.com,2000:\n--- a\n", "!",
		    "t.yaml:1:1: tag directives are not allowed\n");
}

static void test_multiple_documents(void **state)
{
	(void)state;
	check_trace("a: 1\n---\nb: 2\n", "{1:1 =a@1:1 =1@1:4 } !",
		    "t.yaml:2:1: more than one document (the file must hold "
		    "exactly one)\n");
	check_trace("a: 1\n...\n--- b\n", "{1:1 =a@1:1 =1@1:4 } !",
		    "t.yaml:3:1: more than one document (the file must hold "
		    "exactly one)\n");
	check_trace("--- a\n--- b\n", "=a@1:5 !",
		    "t.yaml:2:1: more than one document (the file must hold "
		    "exactly one)\n");
}

static void test_invalid_utf8(void **state)
{
	static const char overlong[] = "a: b\nđ: \xC0\xAF\n";
	static const char surrogate[] = "a: \"\xED\xA0\x80\"\n";
	static const char truncated[] = "a: ế\xE1\xBA";
	static const char stray[] = "\x80";
	static const char too_big[] = "a: \xF4\x90\x80\x80\n";
	static const char msg_c0[] = "t.yaml:2:4: invalid UTF-8 (byte 0xC0); "
		"the file must be UTF-8\n";

	(void)state;
	check_trace_n(overlong, sizeof(overlong) - 1, "!", msg_c0);
	check_trace_n(surrogate, sizeof(surrogate) - 1, "!",
		      "t.yaml:1:5: invalid UTF-8 (byte 0xED); the file must "
		      "be UTF-8\n");
	check_trace_n(truncated, sizeof(truncated) - 1, "!",
		      "t.yaml:1:5: invalid UTF-8 (byte 0xE1); the file must "
		      "be UTF-8\n");
	check_trace_n(stray, sizeof(stray) - 1, "!",
		      "t.yaml:1:1: invalid UTF-8 (byte 0x80); the file must "
		      "be UTF-8\n");
	check_trace_n(too_big, sizeof(too_big) - 1, "!",
		      "t.yaml:1:4: invalid UTF-8 (byte 0xF4); the file must "
		      "be UTF-8\n");
	/* UTF-16 with a byte order mark. */
	check_trace_n("\xFF\xFE" "a\0:\0", 6, "!",
		      "t.yaml:1:1: invalid UTF-8 (byte 0xFF); the file must "
		      "be UTF-8\n");
}

static void test_nul_byte(void **state)
{
	static const char doc[] = "a: 1\nbé: x\0y\n";

	(void)state;
	check_trace_n(doc, sizeof(doc) - 1, "!",
		      "t.yaml:2:6: NUL byte in the file (is it UTF-16 or "
		      "binary?)\n");
	/* Whichever comes first is reported. */
	check_trace_n("\0\xC0", 2, "!", "t.yaml:1:1: NUL byte in the file "
		      "(is it UTF-16 or binary?)\n");
	check_trace_n("\xC0\0", 2, "!", "t.yaml:1:1: invalid UTF-8 (byte "
		      "0xC0); the file must be UTF-8\n");
}

static void test_garbage(void **state)
{
	static const char alphabet[] = "ab:-[]{}#&*!|>'\"%@` \n\t,?.\\";
	size_t n = 1u << 20, i;
	char *buf = malloc(n);
	char *errs, *got;
	unsigned seed = 12345;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (char)(seed >> 16);
	}
	got = trace_n(buf, n, &errs);
	assert_string_equal(got + strlen(got) - 1, "!");
	assert_non_null(strstr(errs, "t.yaml:1:"));
	free(got);
	free(errs);
	/* YAML-ish text that gets past the UTF-8 check. */
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
	}
	got = trace_n(buf, n, &errs);
	assert_string_equal(got + strlen(got) - 1, "!");
	assert_non_null(strstr(errs, "t.yaml:"));
	free(got);
	free(errs);
	free(buf);
}

/* ---- getters ---- */

/* Runs getter-calling fn on the first scalar of doc. */
struct getter_case {
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;
};

static void gc_open(struct getter_case *g, const char *doc)
{
	cap_open(&g->cap);
	g->r = yr_open_mem("t.yaml", doc, strlen(doc), g->cap.f);
	assert_non_null(g->r);
	assert_int_equal(yr_next(g->r, &g->ev), 0);
}

/* Closes and compares the messages. */
static void gc_close(struct getter_case *g, const char *want)
{
	yr_close(g->r);
	assert_string_equal(cap_close(&g->cap), want);
	cap_free(&g->cap);
}

static void int_ok(const char *doc, long min, long max, long want)
{
	struct getter_case g;
	long v = -12345;

	gc_open(&g, doc);
	assert_int_equal(yr_get_int(g.r, &g.ev, min, max, &v), 0);
	assert_int_equal(v, want);
	gc_close(&g, "");
}

static void int_bad(const char *doc, long min, long max, const char *msg)
{
	struct getter_case g;
	long v = -12345;

	gc_open(&g, doc);
	assert_int_equal(yr_get_int(g.r, &g.ev, min, max, &v), -1);
	assert_int_equal(v, -12345);
	assert_int_equal(yr_error_count(g.r), 1);
	gc_close(&g, msg);
}

static void test_get_int(void **state)
{
	(void)state;
	int_ok("2026", 1900, 9999, 2026);
	int_ok("0", -5, 5, 0);
	int_ok("-5", -5, 5, -5);
	int_ok("9223372036854775807", 0, LONG_MAX, LONG_MAX);
	int_bad("\"100\"", 0, 1000, "t.yaml:1:1: expected an integer, got the "
		"quoted string \"100\" (write it without quotes)\n");
	int_bad("'1'", 0, 1000, "t.yaml:1:1: expected an integer, got the "
		"quoted string \"1\" (write it without quotes)\n");
	int_bad("0x10", 0, 1000, "t.yaml:1:1: expected an integer, got "
		"'0x10'\n");
	int_bad("+1", 0, 1000, "t.yaml:1:1: expected an integer, got '+1'\n");
	int_bad("010", 0, 1000, "t.yaml:1:1: expected an integer, got '010' "
		"(no leading zeros)\n");
	int_bad("1.0", 0, 1000, "t.yaml:1:1: expected an integer, got "
		"'1.0'\n");
	int_bad("1_000", 0, 10000, "t.yaml:1:1: expected an integer, got "
		"'1_000'\n");
	int_bad("--5", 0, 1000, "t.yaml:1:1: expected an integer, got "
		"'--5'\n");
	int_bad("- 5", 0, 1000, "t.yaml:1:1: expected an integer, got a "
		"sequence\n");
	int_bad("~", 0, 1000, "t.yaml:1:1: expected an integer, got null\n");
	int_bad("[1]", 0, 1000, "t.yaml:1:1: expected an integer, got a "
		"sequence\n");
	int_bad("1899", 1900, 9999, "t.yaml:1:1: 1899 is out of range (1900 "
		"to 9999)\n");
	int_bad("99999999999999999999", 0, LONG_MAX, "t.yaml:1:1: "
		"99999999999999999999 is out of range (0 to "
		"9223372036854775807)\n");
}

static void number_ok(const char *doc, double want)
{
	struct getter_case g;
	double v = -1;

	gc_open(&g, doc);
	assert_int_equal(yr_get_number(g.r, &g.ev, &v), 0);
	assert_true(v == want);
	gc_close(&g, "");
}

static void number_bad(const char *doc, const char *msg)
{
	struct getter_case g;
	double v = -1;

	gc_open(&g, doc);
	assert_int_equal(yr_get_number(g.r, &g.ev, &v), -1);
	assert_true(v == -1);
	gc_close(&g, msg);
}

static void test_get_number(void **state)
{
	(void)state;
	number_ok("100", 100);
	number_ok("82.5", 82.5);
	number_ok("-0.25", -0.25);
	number_ok("0", 0);
	number_bad("1.", "t.yaml:1:1: expected a number, got '1.'\n");
	number_bad(".5", "t.yaml:1:1: expected a number, got '.5'\n");
	number_bad("1e3", "t.yaml:1:1: expected a number, got '1e3'\n");
	number_bad(".inf", "t.yaml:1:1: expected a number, got '.inf'\n");
	number_bad(".nan", "t.yaml:1:1: expected a number, got '.nan'\n");
	number_bad("01.5", "t.yaml:1:1: expected a number, got '01.5'\n");
	number_bad("80%", "t.yaml:1:1: expected a number, got '80%'\n");
	number_bad("1,5", "t.yaml:1:1: expected a number, got '1,5'\n");
	number_bad("\"80\"", "t.yaml:1:1: expected a number, got the quoted "
		   "string \"80\" (write it without quotes)\n");
	number_bad("{}", "t.yaml:1:1: expected a number, got a mapping\n");
	number_bad("0.00000000000000000000000000000000000000"
		   "00000000000000000000000000001",
		   "t.yaml:1:1: number "
		   "'0.0000000000000000000000000000000000000000000000000000000000...' "
		   "is too long\n");
}

/* A comma locale must not change how "82.5" reads. */
static void test_get_number_locale(void **state)
{
	const char *old = setlocale(LC_NUMERIC, NULL);
	char *saved = strdup(old ? old : "C");
	int have = setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
		setlocale(LC_NUMERIC, "fr_FR.UTF-8") ||
		setlocale(LC_NUMERIC, "vi_VN.UTF-8");

	(void)state;
	assert_non_null(saved);
	if (have) {
		assert_string_equal(localeconv()->decimal_point, ",");
		number_ok("82.5", 82.5);
		setlocale(LC_NUMERIC, saved);
	}
	free(saved);
	if (!have)
		skip();	/* no comma locale installed */
}

static void date_bad(const char *doc, const char *msg)
{
	struct getter_case g;
	pt_day d = 7;

	gc_open(&g, doc);
	assert_int_equal(yr_get_date(g.r, &g.ev, &d), -1);
	assert_int_equal(d, 7);
	gc_close(&g, msg);
}

static void test_get_date(void **state)
{
	struct getter_case g;
	pt_day d;

	(void)state;
	gc_open(&g, "2026-12-31");
	assert_int_equal(yr_get_date(g.r, &g.ev, &d), 0);
	assert_int_equal(d, date_from_ymd(2026, 12, 31));
	gc_close(&g, "");
	date_bad("2026-02-30", "t.yaml:1:1: no such date: 2026-02-30\n");
	date_bad("2026-1-1", "t.yaml:1:1: expected a date YYYY-MM-DD, got "
		 "'2026-1-1'\n");
	date_bad("31/12/2026", "t.yaml:1:1: expected a date YYYY-MM-DD, got "
		 "'31/12/2026'\n");
	date_bad("\"2026-12-31\"", "t.yaml:1:1: expected a date YYYY-MM-DD, "
		 "got the quoted string \"2026-12-31\" (write it without "
		 "quotes)\n");
	date_bad("~", "t.yaml:1:1: expected a date YYYY-MM-DD, got null\n");
}

static void string_ok(const char *doc, int allow_empty, const char *want)
{
	struct getter_case g;

	gc_open(&g, doc);
	assert_int_equal(yr_get_string(g.r, &g.ev, allow_empty), 0);
	assert_string_equal(g.ev.value, want);
	gc_close(&g, "");
}

static void string_bad(const char *doc, int allow_empty, const char *msg)
{
	struct getter_case g;

	gc_open(&g, doc);
	assert_int_equal(yr_get_string(g.r, &g.ev, allow_empty), -1);
	gc_close(&g, msg);
}

static void test_get_string(void **state)
{
	(void)state;
	/* Plain scalars that YAML 1.1 would type are still text here. */
	string_ok("true", 0, "true");
	string_ok("2026", 0, "2026");
	string_ok("'null'", 0, "null");
	string_ok("\"~\"", 0, "~");
	string_ok("\"\"", 1, "");
	string_ok("''", 1, "");
	string_ok("\"Phòng Kinh tế\\nxã\\tA\"", 0, "Phòng Kinh tế\nxã\tA");
	string_bad("\"\"", 0, "t.yaml:1:1: expected a non-empty string\n");
	string_bad("~", 1, "t.yaml:1:1: expected a string, got null\n");
	string_bad("null", 1, "t.yaml:1:1: expected a string, got null\n");
	string_bad("NULL", 0, "t.yaml:1:1: expected a string, got null\n");
	string_bad("[a]", 0, "t.yaml:1:1: expected a string, got a "
		   "sequence\n");
	string_bad("{a: b}", 0, "t.yaml:1:1: expected a string, got a "
		   "mapping\n");
	/* "ế" decomposed: e, U+0302, U+0301. */
	string_bad("\"Kinh te\xCC\x82\xCC\x81\"", 0, "t.yaml:1:1: text is "
		   "not in Unicode NFC form; normalise the file to NFC (e.g. "
		   "uconv -x any-nfc)\n");
	string_bad("\"a\\0b\"", 0, "t.yaml:1:1: control character U+0000 in "
		   "text\n");
	string_bad("\"\\e[31m\"", 0, "t.yaml:1:1: control character U+001B "
		   "in text\n");
	string_bad("\"a\\x85\"", 0, "t.yaml:1:1: control character U+0085 in "
		   "text\n");
	string_bad("\"a\\rb\"", 0, "t.yaml:1:1: control character U+000D in "
		   "text\n");
}

/* ---- strings the scan of the file vouches for ---- */

/* The text_ok of each scalar of doc, in order, as a string of '1' and
 * '0'. */
static void check_text_ok(const char *doc, const char *want)
{
	char got[64];
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;
	size_t n = 0;

	cap_open(&cap);
	r = yr_open_mem("t.yaml", doc, strlen(doc), cap.f);
	assert_non_null(r);
	do {
		assert_int_equal(yr_next(r, &ev), 0);
		if (ev.type == YR_SCALAR && n + 1 < sizeof(got))
			got[n++] = ev.text_ok ? '1' : '0';
	} while (ev.type != YR_DOC_END);
	got[n] = '\0';
	yr_close(r);
	assert_string_equal(cap_close(&cap), "");
	cap_free(&cap);
	assert_string_equal(got, want);
}

static void test_text_ok(void **state)
{
	static const char bom[] = "\xEF\xBB\xBF" "a: Vi\xe1\xbb\x87t\n";

	(void)state;
	/* Every style, when the file holds nothing doubtful. */
	check_text_ok("a: Vi\xe1\xbb\x87t\nb: \"x y\"\nc: 'it''s'\nd: |\n  l\n"
		      "e: >\n  f\n  g\n", "1111111111");
	check_text_ok(bom, "11");
	/* A character that may not be NFC, or a control (a carriage
	 * return, a NEL): every scalar is checked on its own. */
	check_text_ok("a: b\n# e\xcc\x81\n", "00");
	check_text_ok("a: b\r\nc: d\r\n", "0000");
	check_text_ok("a: b\xc2\x85" "c: d\n", "0000");
	check_text_ok("a: \"\xe2\x80\xa8\"\n", "00");
	/* Escapes: a double-quoted scalar on a line with a backslash,
	 * wherever on its lines; a plain one can hold no escape. */
	check_text_ok("a: \"x\\ny\"\nb: \"z\"\nc: w\n", "101111");
	check_text_ok("a: \"one\n  two \\e[31m\"\nb: \"ok\"\n", "1011");
	check_text_ok("a: \"x\" # \\ in a comment\nb: \"y\"\n", "1011");
	check_text_ok("a: x\\y\n", "11");
}

/* Appends a random document of n keys to doc: each a value opened by
 * one of opens (the first two are quotes, closed again), of one to six
 * of pieces. */
static void random_doc(struct strbuf *doc, unsigned *seed, size_t n,
		       const char *const *pieces, size_t n_pieces,
		       const char *const *opens, size_t n_opens)
{
	size_t k, o;

	for (k = 0; k < n; k++) {
		*seed = *seed * 1103515245u + 12345u;
		o = (*seed >> 16) % n_opens;
		strbuf_addf(doc, "k%zu: %s", k, opens[o]);
		for (int j = (int)((*seed >> 8) % 6); j >= 0; j--) {
			*seed = *seed * 1103515245u + 12345u;
			strbuf_addstr(doc, pieces[(*seed >> 16) % n_pieces]);
		}
		strbuf_addf(doc, "%s\n", o < 2 ? opens[o] : "");
	}
}

/* What the scan vouches for, yr_get_string would accept: random documents
 * with escapes, marks, controls and odd line breaks, each scalar checked
 * with and without what the scan said. */
static void test_text_ok_never_hides_an_error(void **state)
{
	static const char *const pieces[] = {
		"a", " ", "Vi\xe1\xbb\x87t", "e\xcc\x81", "\\e", "\\x85", "\\0",
		"\\n", "\\t", "\\u0301", "\\\"", "\\\n  ", "\n  ", "\r\n  ",
		"\xc2\x85", "\xe2\x80\xa8", "'", "''", "#", "\\", "\t",
		"\xe2\x80\x93",
	};
	static const char *const opens[] = { "\"", "'", "", "|\n  ", ">\n  " };
	struct strbuf doc = STRBUF_INIT;
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev, slow;
	unsigned seed = 99, vouched = 0, checked = 0;
	int i, fast;

	(void)state;
	for (i = 0; i < 3000; i++) {
		strbuf_reset(&doc);
		random_doc(&doc, &seed, 4, pieces,
			   sizeof(pieces) / sizeof(pieces[0]), opens,
			   sizeof(opens) / sizeof(opens[0]));
		cap_open(&cap);
		r = yr_open_mem("t.yaml", doc.buf, doc.len, cap.f);
		assert_non_null(r);
		while (!yr_next(r, &ev) && ev.type != YR_DOC_END) {
			if (ev.type != YR_SCALAR)
				continue;
			slow = ev;
			slow.text_ok = 0;
			fast = yr_get_string(r, &ev, 1);
			if (fast != yr_get_string(r, &slow, 1))
				fail_msg("'%s' %s, checked or not, in:\n%s",
					 ev.value, ev.text_ok ? "vouched for" :
					 "differs", doc.buf);
			if (ev.text_ok)
				vouched++;
			else
				checked++;
		}
		yr_close(r);
		cap_close(&cap);
		cap_free(&cap);
	}
	/* Both paths were taken, often. */
	assert_true(vouched > 1000);
	assert_true(checked > 1000);
	strbuf_release(&doc);
}

/* yr_keep hands out a value in place exactly when the file holds it
 * verbatim between quotes. */
static void test_keep(void **state)
{
	static const struct {
		const char *doc;
		const char *kept;	/* per scalar: 1 kept in place, 0 not */
	} cases[] = {
		{ "a: \"Vi\xe1\xbb\x87t\"\nb: 'x y'\n", "0101" },
		/* The byte order mark is not a character of libyaml's. */
		{ "\xEF\xBB\xBF" "\xe1\xbb\x87: \"\xe1\xbb\x87\"\n", "01" },
		/* Escapes, a doubled quote, a folded line, block and plain
		 * scalars are copied. */
		{ "a: \"x\\ty\"\nb: 'it''s'\nc: \"one\n  two\"\nd: |\n  l\n"
		  "e: plain\nf: \"\"\ng: \"ok\"\n", "00000000000101" },
		/* A file that is not all good text: nothing in place. */
		{ "a: \"b\"\r\n", "00" },
		{ "a: \"e\xcc\x81\"\n", "00" },
	};
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;
	const char *k;
	char *buf;
	size_t i, n, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = strlen(cases[i].doc);
		buf = xstrdup(cases[i].doc);
		cap_open(&cap);
		r = yr_open_inplace("t.yaml", buf, len, cap.f);
		assert_non_null(r);
		for (n = 0; !yr_next(r, &ev) && ev.type != YR_DOC_END; ) {
			if (ev.type != YR_SCALAR)
				continue;
			k = yr_keep(r, &ev);
			if (cases[i].kept[n++] != (k ? '1' : '0'))
				fail_msg("case %zu, scalar %zu '%s': %s", i,
					 n, ev.value, k ? "kept" : "copied");
			if (k) {
				assert_string_equal(k, ev.value);
				assert_true(k > buf && k + ev.len < buf + len);
			}
		}
		assert_int_equal(n, strlen(cases[i].kept));
		yr_close(r);
		cap_close(&cap);
		assert_string_equal(cap.buf, "");
		cap_free(&cap);
		free(buf);
	}
	/* Over a buffer it may not write, never. */
	cap_open(&cap);
	r = yr_open_mem("t.yaml", "a: \"b\"\n", 7, cap.f);
	while (!yr_next(r, &ev) && ev.type != YR_DOC_END)
		if (ev.type == YR_SCALAR)
			assert_null(yr_keep(r, &ev));
	yr_close(r);
	cap_close(&cap);
	cap_free(&cap);
}

/* Random documents read twice, over a copy that yr_keep writes and over
 * the file's bytes: the same events and values, and a value kept is the
 * value libyaml made, a string of the buffer. Some scalars are not asked
 * for (the reader must walk past them), and after one that is asked again
 * (a scalar before the last kept), nothing. */
static void test_keep_random(void **state)
{
	/* Plain text more often than not, so that many scalars are kept. */
#define TEXT "a", " ", "Vi\xe1\xbb\x87t", "\xe2\x80\x93", \
	"\xe1\xbb\x87\xe1\xbb\x87", "\t"
	static const char *const pieces[] = {
		TEXT, TEXT, TEXT, TEXT, "\\e", "\\t", "\\\"", "\\\n  ", "\n  ",
		"'", "''", "#", "\\", ": ", "\xf0\x9f\x98\x80",
	};
#undef TEXT
	static const char *const opens[] = { "\"", "'", "", "|\n  " };
	struct strbuf doc = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;
	unsigned seed = 7, kept = 0, copied = 0;
	const char *k;
	char *copy;
	int i, pass, n = (int)test_rounds(3000);

	(void)state;
	for (i = 0; i < n; i++) {
		strbuf_reset(&doc);
		if (i % 3 == 0)
			strbuf_addstr(&doc, "\xEF\xBB\xBF");
		random_doc(&doc, &seed, 6, pieces,
			   sizeof(pieces) / sizeof(pieces[0]), opens,
			   sizeof(opens) / sizeof(opens[0]));
		copy = xstrdup(doc.buf);
		for (pass = 0; pass < 2; pass++) {
			struct strbuf *sb = pass ? &b : &a;

			strbuf_reset(sb);
			cap_open(&cap);
			r = pass ? yr_open_inplace("t.yaml", copy, doc.len,
						   cap.f) :
				   yr_open_mem("t.yaml", doc.buf, doc.len,
					       cap.f);
			assert_non_null(r);
			while (!yr_next(r, &ev) && ev.type != YR_DOC_END) {
				strbuf_addf(sb, "%d:%lu:%lu:", (int)ev.type,
					    ev.line, ev.col);
				if (ev.type != YR_SCALAR)
					continue;
				strbuf_addf(sb, "%s|", ev.value);
				seed = seed * 1103515245u + 12345u;
				if (!pass || (seed >> 16) % 4 == 0)
					continue;
				k = yr_keep(r, &ev);
				if (!k) {
					copied++;
					continue;
				}
				kept++;
				assert_string_equal(k, ev.value);
				assert_true(k > copy &&
					    k + ev.len < copy + doc.len);
				/* Once more: behind the reader now. */
				assert_null(yr_keep(r, &ev));
			}
			strbuf_addf(sb, "errors %u", yr_error_count(r));
			yr_close(r);
			strbuf_addstr(sb, cap_close(&cap));
			cap_free(&cap);
		}
		if (strcmp(a.buf, b.buf))
			fail_msg("in place:\n%s\nfrom the file:\n%s\nof:\n%s",
				 b.buf, a.buf, doc.buf);
		free(copy);
	}
	assert_true(kept > (unsigned)n / 3);
	assert_true(copied > (unsigned)n / 3);
	strbuf_release(&doc);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_describe_and_null(void **state)
{
	struct yr_event ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.type = YR_SCALAR;
	ev.style = YR_PLAIN;
	ev.value = "Null";
	ev.len = 4;
	assert_true(yr_is_null(&ev));
	assert_string_equal(yr_describe(&ev), "null");
	ev.value = "nULL";
	assert_false(yr_is_null(&ev));
	assert_string_equal(yr_describe(&ev), "a scalar");
	ev.style = YR_QUOTED;
	ev.value = "";
	ev.len = 0;
	assert_false(yr_is_null(&ev));
	assert_string_equal(yr_describe(&ev), "a string");
	ev.type = YR_MAP_START;
	assert_false(yr_is_null(&ev));
	assert_string_equal(yr_describe(&ev), "a mapping");
	ev.type = YR_SEQ_START;
	assert_string_equal(yr_describe(&ev), "a sequence");
	ev.type = YR_MAP_END;
	assert_string_equal(yr_describe(&ev), "the end of a mapping");
	ev.type = YR_SEQ_END;
	assert_string_equal(yr_describe(&ev), "the end of a sequence");
	ev.type = YR_DOC_END;
	assert_string_equal(yr_describe(&ev), "the end of the document");
}

static void test_excerpt(void **state)
{
	char buf[YR_EXCERPT_SIZE];
	/* 30 two-byte letters and more: the cut must not split one. */
	static const char viet[] = "ếếếếếếếếếếếếếếếếếếếếếếếếếếếếếếế";

	(void)state;
	assert_string_equal(yr_excerpt(buf, sizeof(buf), "abc", 3), "abc");
	assert_string_equal(yr_excerpt(buf, sizeof(buf), "a\nb\x7f", 4),
			    "a?b?");
	assert_string_equal(yr_excerpt(buf, sizeof(buf), "a\0b", 3), "a?b");
	yr_excerpt(buf, sizeof(buf), viet, sizeof(viet) - 1);
	/* "ế" is 3 bytes: 20 of them fill 60 bytes exactly. */
	assert_int_equal(strlen(buf), 63);
	assert_memory_equal(buf, viet, 60);
	assert_string_equal(buf + 60, "...");
	yr_excerpt(buf, sizeof(buf), viet + 1, sizeof(viet) - 2);
	/* Starts mid-character (garbage in), still cut on a boundary. */
	assert_string_equal(buf + strlen(buf) - 3, "...");
	assert_true(strlen(buf) <= 63);
	assert_true(((unsigned char)buf[strlen(buf) - 4] & 0xC0) == 0x80);
}

static void test_error_helpers(void **state)
{
	struct capture cap;
	struct yr_reader *r;
	struct yr_event ev;

	(void)state;
	cap_open(&cap);
	r = yr_open_mem("f.yaml", "a: b", 4, cap.f);
	assert_int_equal(yr_next(r, &ev), 0);
	yr_error(r, &ev, "one %d", 1);
	yr_error_at(r, 7, 3, "two '%s'", "x");
	assert_int_equal(yr_error_count(r), 2);
	yr_close(r);
	assert_string_equal(cap_close(&cap), "f.yaml:1:1: one 1\n"
			    "f.yaml:7:3: two 'x'\n");
	cap_free(&cap);
}

/* Every field of every event, and the messages, as one text: what the
 * fast scanner must give exactly as libyaml does. */
static char *full_trace(const char *buf, size_t len, int fast)
{
	struct capture cap;
	struct strbuf sb = STRBUF_INIT;
	struct yr_reader *r;
	struct yr_event ev;
	size_t i;
	int n, was = yr_set_fast(fast);

	cap_open(&cap);
	r = yr_open_mem("t.yaml", buf, len, cap.f);
	assert_non_null(r);
	for (n = 0; n < 100000; n++) {
		int ret = yr_next(r, &ev);

		strbuf_addf(&sb, "%d %d %d %lu:%lu %zu-%zu ok%d len%zu ", ret,
			    (int)ev.type, (int)ev.style, ev.line, ev.col,
			    ev.at, ev.end, ev.text_ok, ev.len);
		if (ev.type == YR_SCALAR && ev.value)
			for (i = 0; i < ev.len; i++)
				strbuf_addf(&sb, "%02x",
					    (unsigned char)ev.value[i]);
		strbuf_addch(&sb, '\n');
		if (ret || ev.type == YR_DOC_END)
			break;
	}
	yr_close(r);
	strbuf_addstr(&sb, cap_close(&cap));
	cap_free(&cap);
	yr_set_fast(was);
	return strbuf_detach(&sb, NULL);
}

/* Checks that both readers agree on buf; returns whether the fast
 * scanner took it. */
static int same_events(const char *buf, size_t len)
{
	char *slow = full_trace(buf, len, 0), *fast = full_trace(buf, len, 1);
	size_t bom = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	struct yf_scanner *s = yf_open(buf + bom, len - bom);
	int took;

	assert_non_null(s);
	took = !yf_check(s);
	yf_close(s);
	if (strcmp(slow, fast) != 0) {
		print_message("document:\n%.*s\n-- libyaml:\n%s-- fast:\n%s",
			      (int)len, buf, slow, fast);
		fail();
	}
	free(slow);
	free(fast);
	return took;
}

/* Documents within the fast scanner's part of YAML, each taken by it and
 * read as libyaml reads it, to the character of every mark. */
static void test_fast_examples(void **state)
{
	static const char *const docs[] = {
		"a: b\n",
		"a: b",
		"a: b   ",
		"a: b  \n\n# end",
		"a: b\n#",
		"a:\n  b:\n#",
		"a:\n  b: c\n#x",
		"a:\n  b: c\n   ",
		"a:\n",
		"a:",
		"# head\n\nformat: 1\ndepartment: HCC\nentries:\n"
		"- type: task\n  at: 2026-01-18T04:28:17+07:00\n  user: hoa\n"
		"  uid: 1011\n  task: II.2\n  role: lead\n  status: done\n"
		"  progress: 20\n  result: \"Vi\xe1\xbb\x87t \\\"x\\\" \\n\"\n"
		"- type: task\n  result: \"\"\n",
		"a:\n- x\n- \"y\"\nb: 1\n",
		"a:\n  - x\n  - [p, q]\nb:\n  c: d\n  e:\n  f: g\n",
		"a: [HCC, KT, VHXH]\nb: []\nc: [ x ,y ]  \n",
		"a:\n    - b: 1\n      c:\n      - d\n    -   e: f\n",
		"top:\n  - a: 1\n    b:\n  - c\n",
		"a: x y  z\nb: -5\nc: ~\nd: .5\ne: a:b\nf: null\n",
		"a: \"\\x41\\u00e9\\U0001F600\\t\\\t\\0\\a\\b\\v\\f\\r\\e\\ "
		"\\/\\N\\_\\L\\P\"\n",
		"a: \"tab\there  \"\n",
		"k:\n  l:\n    m:\n      n: \"x\"\n  o: p\n",
		"k:\n  l:\n    m:\n      n: \"\xe1\xbb\x87\"",
		"k:\n  l:\n    - m\n#\xe1\xbb\x87",
		"k:\n  l:\n    m: x\n  #\n",
		"\xEF\xBB\xBF" "a: b\n",
		"a: \"\xe2\x80\x93\xf0\x9f\x98\x80\" \nb:\n- \"x\"",
		"t:\n  - id: I.1\n    lead: {codes: [KT], text: \"Ph\xc3\xb2ng "
		"Kinh t\xe1\xba\xbf\"}\n    coordinating: {codes: [], text: \"\"}\n"
		"    deadline: {kind: date, text: \"Tr\xc6\xb0\xe1\xbb\x9b" "c\", "
		"date: 2026-06-30}\n",
		"a: [\"\xe1\xbb\x87\", \"b\\n\", x]  \nb: {c: {d: [e]}, f: {}}\n",
		"a: {x: \"\xe1\xbb\x87\", y: \"z\"}\nb: [\"\\t\", \"plain\"]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (!same_events(docs[i], strlen(docs[i]))) {
			print_message("not taken:\n%s\n", docs[i]);
			fail();
		}
	}
}

/* Documents outside it, left to libyaml whole: every error is libyaml's
 * as before. */
static void test_fast_leaves_the_rest(void **state)
{
	static const char *const docs[] = {
		"", "# only\n", "- a\n", "a: 'b'\n", "a: |\n  b\n",
		"a: b\n  c\n", "a: b # c\n", "a: \"b\nc\"\n", "a: \"b\\\nc\"\n",
		"a: &x b\n", "a: *x\n", "a: !t b\n", "---\na: b\n",
		"a: b\n...\n", "a: b\n---\nc: d\n", "a:\tb\n", "\ta: b\n",
		"a: b: c\n", "a: \"b\" x\n", "a: \"\\q\"\n", "a: \"\\x4\"\n",
		"a: \"\\uD800\"\n", "a: \"\xe2\x80\xa8\"\n", "a: [b, ]\n",
		"a: [b\n", "a: {b}\n", "a: {b: }\n", "a: {b:c}\n",
		"a: {\"b\": c}\n", "a: [b: c]\n", "a: {b: c d}\n", "a:\n  - - b\n", "a:\n-\n",
		" a: b\n", "a: b\n b: c\n", "a:\n  b: c\n d: e\n",
		"a:\n  - b\n  c: d\n", "a: b\n- c\n", "a: \"\xef\xbf\xbf\"\n",
		"\"a\": b\n", "a: @b\n", "a: b\r\n", "a: b\n\xEF\xBB\xBF" "c: d\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (same_events(docs[i], strlen(docs[i]))) {
			print_message("taken:\n%s\n", docs[i]);
			fail();
		}
	}
}

static unsigned rnd(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

/* A random block node at indentation ind, depth levels deep at most. */
static void random_node(struct strbuf *d, unsigned *seed, size_t ind,
			int depth);

/* A one-line flow collection: words, quoted texts (with escapes and
 * Vietnamese), collections, depth levels deep at most. */
static void random_flow(struct strbuf *d, unsigned *seed, int depth)
{
	static const char *const quoted[] = {
		"\"\"", "\"Vi\xe1\xbb\x87t\"", "\"a, b\"", "\"x\\ty\"",
		"\"]}\"", "\"\xe1\xbb\x87\xe1\xbb\x87 \\\"q\\\"\"",
	};
	int map = rnd(seed, 2);
	unsigned n;

	strbuf_addch(d, map ? '{' : '[');
	for (n = rnd(seed, 4); n; n--) {
		if (rnd(seed, 4) == 0)
			strbuf_addch(d, ' ');
		if (map)
			strbuf_addf(d, "k%u: ", rnd(seed, 9));
		if (depth > 0 && rnd(seed, 4) == 0)
			random_flow(d, seed, depth - 1);
		else if (rnd(seed, 2))
			strbuf_addstr(d, quoted[rnd(seed, sizeof(quoted) /
						    sizeof(quoted[0]))]);
		else
			strbuf_addf(d, "w%u", rnd(seed, 100));
		if (rnd(seed, 5) == 0)
			strbuf_addch(d, ' ');
		if (n > 1)
			strbuf_addstr(d, rnd(seed, 2) ? ", " : ",");
	}
	strbuf_addch(d, map ? '}' : ']');
}

static void random_scalar(struct strbuf *d, unsigned *seed)
{
	static const char *const plain[] = {
		"a", "task", "II.2", "2026-01-18T04:28:17+07:00", "~", "null",
		"12", "-5", "x y", "a  b", "a:b", ".x", "+1", "_u", "/p",
		"x@y", "0.5",
	};
	static const char *const text[] = {
		"", "a", " ", "Vi\xe1\xbb\x87t", "\\n", "\\t", "\\\"", "\\\\",
		"\\x41", "\\u00e9", "\\U0001F600", "\\N", "\\L", "\t", "#",
		": ", "'", "\xe2\x80\x93", "- ", "[", "]",
	};
	unsigned k = rnd(seed, 10), n;

	if (k < 4) {
		strbuf_addstr(d, plain[rnd(seed, sizeof(plain) /
					   sizeof(plain[0]))]);
	} else if (k < 8) {
		strbuf_addch(d, '"');
		for (n = rnd(seed, 6); n; n--)
			strbuf_addstr(d, text[rnd(seed, sizeof(text) /
						  sizeof(text[0]))]);
		strbuf_addch(d, '"');
	} else {
		random_flow(d, seed, 3);
	}
}

static void random_trailer(struct strbuf *d, unsigned *seed)
{
	unsigned k = rnd(seed, 12);

	if (k == 0)
		strbuf_addstr(d, "  ");
	strbuf_addch(d, '\n');
	if (k == 1)
		strbuf_addstr(d, "\n");
	if (k == 2)
		strbuf_addf(d, "%*s# c\xe1\xbb\x87\n", (int)rnd(seed, 6), "");
}

static void random_map(struct strbuf *d, unsigned *seed, size_t ind,
		       int depth, int inline_first)
{
	unsigned n = 1 + rnd(seed, 3), i;

	for (i = 0; i < n; i++) {
		if (i || !inline_first)
			strbuf_addf(d, "%*s", (int)ind, "");
		strbuf_addf(d, "k%u:", rnd(seed, 5));
		if (depth > 0 && rnd(seed, 3) == 0) {
			random_trailer(d, seed);
			random_node(d, seed, ind, depth - 1);
		} else if (rnd(seed, 8) == 0) {
			random_trailer(d, seed);
		} else {
			strbuf_addch(d, ' ');
			random_scalar(d, seed);
			random_trailer(d, seed);
		}
	}
}

static void random_seq(struct strbuf *d, unsigned *seed, size_t ind,
		       int depth)
{
	unsigned n = 1 + rnd(seed, 3), i, gap;

	for (i = 0; i < n; i++) {
		gap = 1 + (rnd(seed, 4) == 0);
		strbuf_addf(d, "%*s-%*s", (int)ind, "", (int)gap, "");
		if (depth > 0 && rnd(seed, 2) == 0) {
			random_map(d, seed, ind + 1 + gap, depth - 1, 1);
		} else {
			random_scalar(d, seed);
			random_trailer(d, seed);
		}
	}
}

/* After "key:" and its line: a nested mapping or sequence, more indented
 * or (a sequence) at the key's own. */
static void random_node(struct strbuf *d, unsigned *seed, size_t ind,
			int depth)
{
	unsigned k = rnd(seed, 3);

	if (k == 0)
		random_map(d, seed, ind + 1 + rnd(seed, 3), depth, 0);
	else if (k == 1)
		random_seq(d, seed, ind + rnd(seed, 2) * 2, depth);
	else
		random_seq(d, seed, ind, depth);
}

/* Random documents in the part, and each with a few random edits (most
 * leave the part, some stay in it with another meaning): both readers
 * must agree on every event of every one. */
static void test_fast_random(void **state)
{
	static const char *const edits[] = {
		" ", ":", "-", "#", "\"", "\\", "\t", "\n", "[", "]", ",",
		"x", "  ", "\n- ", ": x", "\xe1\xbb\x87", "\r", "{", "}",
		"\\n", ", ",
	};
	struct strbuf doc = STRBUF_INIT, m = STRBUF_INIT;
	unsigned seed = 2026, taken = 0, mtaken = 0, e, pos;
	unsigned long i, rounds = test_rounds(4000);

	(void)state;
	for (i = 0; i < rounds; i++) {
		strbuf_reset(&doc);
		if (rnd(&seed, 10) == 0)
			strbuf_addstr(&doc, "\xEF\xBB\xBF");
		if (rnd(&seed, 4) == 0)
			strbuf_addstr(&doc, "# head\n");
		random_map(&doc, &seed, 0, 4, 0);
		if (rnd(&seed, 3) == 0)	/* no newline at the end */
			doc.buf[--doc.len] = '\0';
		taken += same_events(doc.buf, doc.len);
		for (e = 0; e < 4; e++) {
			strbuf_reset(&m);
			strbuf_add(&m, doc.buf, doc.len);
			pos = rnd(&seed, (unsigned)m.len + 1);
			if (rnd(&seed, 3) == 0 && pos < m.len) {
				memmove(m.buf + pos, m.buf + pos + 1,
					m.len - pos);
				m.len--;
			} else {
				const char *ins = edits[rnd(&seed,
					sizeof(edits) / sizeof(edits[0]))];
				struct strbuf t = STRBUF_INIT;

				strbuf_add(&t, m.buf, pos);
				strbuf_addstr(&t, ins);
				strbuf_add(&t, m.buf + pos, m.len - pos);
				strbuf_reset(&m);
				strbuf_add(&m, t.buf, t.len);
				strbuf_release(&t);
			}
			mtaken += same_events(m.buf, m.len);
		}
	}
	/* The generator writes only what the part holds... */
	assert_int_equal(taken, rounds);
	/* ... and some edits stay within it. */
	assert_true(mtaken > rounds / 4);
	strbuf_release(&doc);
	strbuf_release(&m);
}

/* Values past YR_MAX_SCALAR, in each form the scanner knows, are
 * libyaml's to refuse; one just within is the scanner's. */
static void test_fast_long_values(void **state)
{
	/* Each form: what goes before the value and after it. */
	static const char *const forms[][2] = {
		{ "a: ", "\n" }, { "a: \"", "\"\n" }, { "a: [x, ", "]\n" },
		{ "a:\n- ", "\n" },
	};
	char *word = malloc(YR_MAX_SCALAR + 2);
	struct strbuf doc = STRBUF_INIT;
	size_t i, n;

	(void)state;
	assert_non_null(word);
	for (n = YR_MAX_SCALAR; n <= YR_MAX_SCALAR + 1; n++) {
		memset(word, 'w', n);
		word[n] = '\0';
		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			strbuf_reset(&doc);
			strbuf_addf(&doc, "%s%s%s", forms[i][0], word,
				    forms[i][1]);
			assert_int_equal(same_events(doc.buf, doc.len),
					 n == YR_MAX_SCALAR);
		}
	}
	/* Blanks at the end of a line are no value: no room kept for them. */
	strbuf_reset(&doc);
	strbuf_addstr(&doc, "a: b");
	for (i = 0; i < 100000; i++)
		strbuf_addch(&doc, ' ');
	assert_true(same_events(doc.buf, doc.len));
	strbuf_release(&doc);
	free(word);
}

/* The real plan, and the fixtures, read alike; the plan by the fast
 * scanner. */
static void test_fast_real_files(void **state)
{
	static const char *const files[] = {
		SRCPATH("data/plan.yaml"),
		SRCPATH("tests/fixtures/plan/minimal.yaml"),
		SRCPATH("tests/fixtures/plan/errors.yaml"),
		SRCPATH("tests/fixtures/state/canonical-kt.yaml"),
		SRCPATH("tests/fixtures/state/comments.yaml"),
		SRCPATH("tests/fixtures/state/hcc.yaml"),
		SRCPATH("tests/fixtures/state/errors.yaml"),
		SRCPATH("tests/fixtures/state/kt.yaml"),
		SRCPATH("tests/fixtures/check-year/HCC.yaml"),
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	FILE *f;
	char chunk[4096];
	size_t n;
	int took;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		strbuf_reset(&sb);
		f = fopen(files[i], "rb");
		assert_non_null(f);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			strbuf_add(&sb, chunk, n);
		fclose(f);
		took = same_events(sb.buf, sb.len);
		if (i == 0 || i == 3)
			assert_true(took);
	}
	strbuf_release(&sb);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_block),
		cmocka_unit_test(test_events_flow_and_seq),
		cmocka_unit_test(test_columns_are_characters),
		cmocka_unit_test(test_bom_not_counted),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_explicit_document),
		cmocka_unit_test(test_no_document),
		cmocka_unit_test(test_end_repeats_and_dead_stays_dead),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_control_character),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_deep_nesting_fails_fast),
		cmocka_unit_test(test_scalar_limit),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_anchors_and_aliases),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_multiple_documents),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_get_int),
		cmocka_unit_test(test_get_number),
		cmocka_unit_test(test_get_number_locale),
		cmocka_unit_test(test_get_date),
		cmocka_unit_test(test_get_string),
		cmocka_unit_test(test_text_ok),
		cmocka_unit_test(test_text_ok_never_hides_an_error),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_keep_random),
		cmocka_unit_test(test_describe_and_null),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_error_helpers),
		cmocka_unit_test(test_fast_examples),
		cmocka_unit_test(test_fast_leaves_the_rest),
		cmocka_unit_test(test_fast_random),
		cmocka_unit_test(test_fast_real_files),
		cmocka_unit_test(test_fast_long_values),
	};

	test_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
