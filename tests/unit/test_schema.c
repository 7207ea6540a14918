/* test_schema.c: the table of recorded fields and the rules it carries:
 * the table's own consistency, the one text rule, CRLF and NFC on input,
 * user names, enum spellings, the status rule, before and after, and the
 * options, help and completion words the commands take from it. */
#include "testutil.h"

#include <getopt.h>
#include <time.h>

#include "plantrack/i18n.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"

static int group_setup(void **state)
{
	(void)state;
	test_locale();
	return 0;
}

static const struct schema_type *type_of(enum entry_kind k)
{
	const struct schema_type *t = schema_type_of(k);

	assert_non_null(t);
	return t;
}

static const struct schema_field *field(enum entry_kind k, const char *key)
{
	const struct schema_field *f = schema_field(type_of(k), key);

	assert_non_null(f);
	return f;
}

/* ---- the table ---- */

/* A key means the same in every type (the loader reads a value before
 * it knows the entry's type); bits are distinct within a type; the flags
 * agree with the kinds. */
static void test_table_consistent(void **state)
{
	size_t i, j, k;

	(void)state;
	assert_int_equal(schema_n_types, 4);
	for (i = 0; i < schema_n_types; i++) {
		const struct schema_type *t = &schema_types[i];
		unsigned bits = 0;

		assert_int_equal(t->kind, (enum entry_kind)i);
		assert_ptr_equal(schema_type_named(t->name), t);
		assert_ptr_equal(schema_type_of_command(t->command), t);
		assert_true(t->n_fields <= SCHEMA_MAX_FIELDS);
		for (j = 0; j < t->n_fields; j++) {
			const struct schema_field *f = &t->fields[j];
			const struct schema_field *any = schema_any_field(f->key);

			assert_int_equal(schema_index(t, f), j);
			/* Same key, same storage and kind everywhere. */
			assert_non_null(any);
			assert_int_equal(any->kind, f->kind);
			assert_int_equal(any->off, f->off);
			assert_int_equal(any->bit, f->bit);
			/* A bit per optional field, never shared. */
			assert_false(bits & f->bit);
			bits |= f->bit;
			if (f->flags & SCHEMA_REQUIRED)
				assert_int_equal(f->bit, 0);
			/* "" clears text that folds; only text clears. */
			if (f->kind == SCHEMA_TEXT)
				assert_true(f->flags & SCHEMA_CLEAR);
			else
				assert_false(f->flags & SCHEMA_CLEAR);
			if (f->flags & SCHEMA_RULED)
				assert_true(f->cur_off ==
					    offsetof(struct state_current,
						     status) ||
					    f->cur_off ==
					    offsetof(struct state_current,
						     progress));
			if (f->fold == SCHEMA_FOLD_REPLACE)
				assert_non_null(f->label);
			if (f->option) {
				assert_non_null(f->help);
				/* Flags are booleans; the rest take a value. */
				assert_int_equal(f->metavar == NULL,
						 f->kind == SCHEMA_BOOL);
			}
			assert_true(f->who != 0);
			if (f->kind == SCHEMA_ENUM)
				assert_non_null(f->values);
			for (k = 0; k < j; k++)
				assert_string_not_equal(t->fields[k].key,
							 f->key);
		}
		/* need_one names optional fields of the type only. */
		assert_int_equal(t->need_one & ~bits, 0);
	}
	for (i = 0; i < schema_n_header; i++)
		assert_true(schema_header[i].flags & SCHEMA_REQUIRED);
	assert_null(schema_any_field("colour"));
	assert_null(schema_field(type_of(ENTRY_TASK), "value"));
}

/* Every value goes in and comes out at its row's member. */
static void test_table_values(void **state)
{
	struct state_entry e;

	(void)state;
	memset(&e, 0, sizeof(e));
	schema_set_int(&e, field(ENTRY_TASK, "status"), STATUS_DONE);
	schema_set_int(&e, field(ENTRY_TASK, "progress"), 42);
	schema_set_str(&e, field(ENTRY_TASK, "result"), "kết quả");
	schema_set_number(&e, field(ENTRY_INDICATOR, "value"), 97.5);
	schema_set_bool(&e, field(ENTRY_SUBMIT, "withdraw"), true);
	schema_set_int(&e, &schema_header[3], 4294967294L);	/* uid */
	assert_int_equal(e.status, STATUS_DONE);
	assert_int_equal(e.progress, 42);
	assert_string_equal(e.result, "kết quả");
	assert_true(e.value == 97.5);
	assert_true(e.withdraw);
	assert_int_equal(e.uid, 4294967294L);
	assert_int_equal(e.set, SET_STATUS | SET_PROGRESS | SET_RESULT |
			 SET_WITHDRAW);
	assert_true(schema_is_set(&e, field(ENTRY_TASK, "result")));
	assert_false(schema_is_set(&e, field(ENTRY_TASK, "proposal")));
	/* A required field is always there. */
	assert_true(schema_is_set(&e, field(ENTRY_TASK, "task")));
	assert_int_equal(schema_get_int(&e, field(ENTRY_TASK, "progress")), 42);
	assert_int_equal(schema_get_int(&e, &schema_header[3]), 4294967294L);
	assert_true(schema_get_bool(&e, field(ENTRY_SUBMIT, "withdraw")));
}

static void test_all_keys(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	schema_all_keys(&sb);
	assert_string_equal(sb.buf, "type, at, user, uid, task, role, status, "
			    "progress, result, difficulty, proposal, "
			    "indicator, period, value, note, consolidated, "
			    "withdraw, section, commune, text");
	strbuf_release(&sb);
}

/* ---- the text rule ---- */

static void expect_issue(const char *s, size_t max, enum text_problem p,
			 unsigned long line, unsigned long col, uint32_t cp)
{
	struct text_issue is;

	if (!schema_text_check(s, strlen(s), max, &is))
		fail_msg("'%s' accepted", s);
	assert_int_equal(is.problem, p);
	if (p == TEXT_CONTROL || p == TEXT_BIDI) {
		assert_int_equal(is.line, line);
		assert_int_equal(is.col, col);
		assert_int_equal(is.cp, cp);
	}
}

static void expect_ok(const char *s)
{
	struct text_issue is;

	if (schema_text_check(s, strlen(s), SCHEMA_TEXT_MAX, &is))
		fail_msg("'%s' refused (%d)", s, is.problem);
}

static void test_text_rule(void **state)
{
	static const uint32_t bidi[] = {
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
		0x2066, 0x2067, 0x2068, 0x2069,
	};
	char buf[64];
	size_t i;

	(void)state;
	expect_ok("");
	expect_ok("Đã rà soát 12 thủ tục:\n\t\"một cửa\" # 100%");
	/* Marks that do not override, separators, BOM, astral: text. */
	expect_ok("a\xe2\x80\x8e" "b\xe2\x80\x8f" "c\xe2\x80\xa8" "d\xef\xbb\xbf"
		  "\xf0\x9f\x98\x80");
	/* C0 but tab and newline, DEL, C1: named with their position. */
	expect_issue("ok\x01", 100, TEXT_CONTROL, 1, 3, 0x01);
	expect_issue("a\nb\x1b[31m", 100, TEXT_CONTROL, 2, 2, 0x1b);
	expect_issue("a\r\nb", 100, TEXT_CONTROL, 1, 2, 0x0d);
	expect_issue("\x7f", 100, TEXT_CONTROL, 1, 1, 0x7f);
	expect_issue("Việt \xc2\x80", 100, TEXT_CONTROL, 1, 6, 0x80);
	expect_issue("\xe2\x80\x9cok\xe2\x80\x9d \xc2\x93x\xc2\x94", 100,
		     TEXT_CONTROL, 1, 6, 0x93);
	expect_issue("\xc2\x9f", 100, TEXT_CONTROL, 1, 1, 0x9f);
	expect_issue("\xc2\x85", 100, TEXT_CONTROL, 1, 1, 0x85);	/* NEL */
	for (i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++) {
		snprintf(buf, sizeof(buf), "x\n ab%c%c%c", 0xe2,
			 0x80 | (char)((bidi[i] >> 6) & 0x3f),
			 0x80 | (char)(bidi[i] & 0x3f));
		expect_issue(buf, 100, TEXT_BIDI, 2, 4, bidi[i]);
	}
	expect_issue("\xff", 100, TEXT_INVALID_UTF8, 0, 0, 0);
	expect_issue("Vie\xcc\xa3\xcc\x82t", 100, TEXT_NOT_NFC, 0, 0, 0);
	/* The limit is in bytes, inclusive. */
	memset(buf, 'a', 10);
	buf[10] = '\0';
	{
		struct text_issue is;

		assert_int_equal(schema_text_check(buf, 10, 10, &is), 0);
		assert_int_equal(schema_text_check(buf, 10, 9, &is), -1);
		assert_int_equal(is.problem, TEXT_TOO_LONG);
		assert_int_equal(is.len, 10);
		assert_int_equal(is.max, 9);
	}
}

static void test_text_issue_words(void **state)
{
	struct text_issue is;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(schema_text_check("a\nbc\xe2\x80\xae", 8, 100, &is),
			 -1);
	schema_text_issue(&sb, &is);
	assert_string_equal(sb.buf, "character 3 of line 2 is U+202E, a "
			    "bidirectional control that can make text display "
			    "in a misleading order: remove it");
	strbuf_reset(&sb);
	assert_int_equal(schema_text_check("x\xc2\x93", 3, 100, &is), -1);
	schema_text_issue(&sb, &is);
	assert_non_null(strstr(sb.buf, "character 2 is U+0093, a control "
			       "character"));
	strbuf_release(&sb);
}

/* What the command line does first: CRLF and CR become LF, then NFC, then
 * the rule. */
static void test_text_input(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "a\r\nb", "a\nb" },
		{ "a\rb", "a\nb" },
		{ "a\r\r\nb", "a\n\nb" },
		{ "a\n\rb", "a\n\nb" },
		{ "\r\n", "\n" },
		{ "Vie\xcc\xa3\xcc\x82t", "Việt" },
		{ "", "" },
		{ "\t tab", "\t tab" },
	};
	struct text_issue is;
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(schema_text_input(ok[i].in, strlen(ok[i].in),
						   100, &out, &is), 0);
		assert_string_equal(out, ok[i].out);
		free(out);
	}
	assert_int_equal(schema_text_input("a\r\x07", 3, 100, &out, &is), 1);
	assert_null(out);
	assert_int_equal(is.problem, TEXT_CONTROL);
	assert_int_equal(is.line, 2);
	assert_int_equal(is.col, 1);
	assert_int_equal(schema_text_input("\xc3", 1, 100, &out, &is), 1);
	assert_int_equal(is.problem, TEXT_INVALID_UTF8);
	assert_int_equal(is.offset, 0);
	/* CRLF pairs count once: 6 bytes in, 3 out, limit 3. */
	assert_int_equal(schema_text_input("a\r\nb\r\n", 6, 4, &out, &is), 0);
	assert_string_equal(out, "a\nb\n");
	free(out);
	assert_int_equal(schema_text_input("abcde", 5, 4, &out, &is), 1);
	assert_int_equal(is.problem, TEXT_TOO_LONG);
}

/* ---- user names ---- */

static void test_user_names(void **state)
{
	static const char *const good[] = {
		"lan", "nguyen.van.a", "_svc", "a-b", "HOA", "u1001",
		"lan@vietkhe.gov.vn", "MACHINE$", "1001",
	};
	static const char *const bad[] = {
		"", "-lan", ".lan", "lan\n", "root\nadmin", "a b", "l\xc3\xa2n",
		"a:b", "$", "a$b", "tab\t", "x\x1b",
	};
	char long_name[SCHEMA_USER_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (schema_user_check(good[i], strlen(good[i])))
			fail_msg("'%s' refused", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!schema_user_check(bad[i], strlen(bad[i])))
			fail_msg("'%s' accepted", bad[i]);
	memset(long_name, 'a', sizeof(long_name));
	assert_int_equal(schema_user_check(long_name, SCHEMA_USER_MAX), 0);
	assert_int_equal(schema_user_check(long_name, SCHEMA_USER_MAX + 1), -1);
	assert_int_equal(schema_user_check(NULL, 0), -1);
}

/* ---- enums ---- */

static void test_enum_spellings(void **state)
{
	const struct schema_enum *en = field(ENTRY_TASK, "status")->values;
	const struct schema_enum *roles = field(ENTRY_TASK, "role")->values;

	(void)state;
	/* Files: the names exactly. */
	assert_int_equal(schema_enum_lookup(en, "done"), STATUS_DONE);
	assert_int_equal(schema_enum_lookup(en, "Done"), -1);
	assert_int_equal(schema_enum_lookup(roles, "coordinating"),
			 ROLE_COORDINATING);
	/* People: any case, accents or not, the report's words. */
	assert_int_equal(schema_enum_parse(en, "Đã hoàn thành"), STATUS_DONE);
	assert_int_equal(schema_enum_parse(en, "hoan thanh"), STATUS_DONE);
	assert_int_equal(schema_enum_parse(en, "  CHƯA  THỰC HIỆN "),
			 STATUS_NOT_STARTED);
	assert_int_equal(schema_enum_parse(en, "in progress"),
			 STATUS_IN_PROGRESS);
	assert_int_equal(schema_enum_parse(en, "IN-PROGRESS"),
			 STATUS_IN_PROGRESS);
	/* The NFD of "Đang thực hiện" is the same word. */
	assert_int_equal(schema_enum_parse(en, "\xc4\x90" "ang thu\xcc\x9b"
					   "\xcc\xa3" "c hie\xcc\xa3\xcc\x82n"),
			 STATUS_IN_PROGRESS);
	assert_int_equal(schema_enum_parse(en, "hoan"), -1);
	assert_int_equal(schema_enum_parse(en, "dang thuc hien x"), -1);
	assert_int_equal(schema_enum_parse(en, "\xff"), -1);
	assert_int_equal(schema_enum_parse(en, NULL), -1);
	assert_string_equal(schema_enum_name(en, STATUS_IN_PROGRESS),
			    "in_progress");
	assert_string_equal(schema_enum_label(en, STATUS_IN_PROGRESS),
			    "Đang thực hiện");
	assert_string_equal(schema_enum_name(en, 7), "?");
}

/* Sections as people name them: the id, the report's number, its
 * words with or without accents. */
static void test_section_spellings(void **state)
{
	static const struct {
		const char *word;
		int want;
	} cases[] = {
		{ "direction", SECTION_DIRECTION },
		{ "I", SECTION_DIRECTION },
		{ "i", SECTION_DIRECTION },
		{ "Chỉ đạo", SECTION_DIRECTION },
		{ "cong tac chi dao", SECTION_DIRECTION },
		{ "highlights", SECTION_HIGHLIGHTS },
		{ "III.1", SECTION_HIGHLIGHTS },
		{ "kết quả nổi bật", SECTION_HIGHLIGHTS },
		{ "ket-qua-noi-bat", SECTION_HIGHLIGHTS },
		{ "iii.2", SECTION_SHORTCOMINGS },
		{ "Tồn tại, hạn chế", SECTION_SHORTCOMINGS },
		{ "han che", SECTION_SHORTCOMINGS },
		{ "Nguyên nhân", SECTION_CAUSES },
		{ "IV", SECTION_OUTLOOK },
		{ "phuong huong", SECTION_OUTLOOK },
		{ "V", SECTION_PROPOSALS },
		{ "KIẾN NGHỊ, ĐỀ XUẤT", SECTION_PROPOSALS },
		{ "II", -1 },
		{ "III", -1 },
		{ "kết quả", -1 },
		{ "summary", -1 },
		{ "", -1 },
	};
	enum section_id s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = section_parse(cases[i].word, &s) ? -1 : (int)s;

		if (got != cases[i].want)
			fail_msg("section_parse(\"%s\") = %d, want %d",
				 cases[i].word, got, cases[i].want);
	}
	/* Files: the id exactly. */
	assert_int_equal(schema_enum_lookup(field(ENTRY_SECTION,
						  "section")->values, "I"), -1);
	assert_string_equal(section_name(SECTION_SHORTCOMINGS), "shortcomings");
	assert_string_equal(section_number(SECTION_SHORTCOMINGS), "III.2");
	assert_string_equal(section_title(SECTION_SHORTCOMINGS),
			    "Tồn tại, hạn chế");
	assert_string_equal(section_number((enum section_id)N_SECTIONS), "?");
	assert_string_equal(section_name((enum section_id)-1), "?");
}

/* ---- the status rule ---- */

struct rule_case {
	enum task_status st;
	int pr;
	unsigned set;
	enum task_status new_st;
	int new_pr;
	enum task_status want_st;
	int want_pr;
};

static void test_status_rule(void **state)
{
	static const struct rule_case cases[] = {
		/* The status alone moves the progress. */
		{ STATUS_IN_PROGRESS, 40, SET_STATUS, STATUS_DONE, 0,
		  STATUS_DONE, 100 },
		{ STATUS_DONE, 100, SET_STATUS, STATUS_NOT_STARTED, 0,
		  STATUS_NOT_STARTED, 0 },
		{ STATUS_IN_PROGRESS, 40, SET_STATUS, STATUS_NOT_STARTED, 0,
		  STATUS_NOT_STARTED, 0 },
		{ STATUS_NOT_STARTED, 0, SET_STATUS, STATUS_IN_PROGRESS, 0,
		  STATUS_IN_PROGRESS, 0 },
		/* An old file's reopening: never "in progress 100 %". */
		{ STATUS_DONE, 100, SET_STATUS, STATUS_IN_PROGRESS, 0,
		  STATUS_IN_PROGRESS, 99 },
		/* The progress alone moves the status. */
		{ STATUS_NOT_STARTED, 0, SET_PROGRESS, 0, 100,
		  STATUS_DONE, 100 },
		{ STATUS_NOT_STARTED, 0, SET_PROGRESS, 0, 30,
		  STATUS_IN_PROGRESS, 30 },
		{ STATUS_NOT_STARTED, 0, SET_PROGRESS, 0, 0,
		  STATUS_NOT_STARTED, 0 },
		{ STATUS_DONE, 100, SET_PROGRESS, 0, 80,
		  STATUS_IN_PROGRESS, 80 },
		{ STATUS_IN_PROGRESS, 40, SET_PROGRESS, 0, 0,
		  STATUS_IN_PROGRESS, 0 },
		/* Both, disagreeing (files from before the rule): the
		 * figure wins. */
		{ STATUS_NOT_STARTED, 0, SET_STATUS | SET_PROGRESS,
		  STATUS_NOT_STARTED, 40, STATUS_IN_PROGRESS, 40 },
		{ STATUS_NOT_STARTED, 0, SET_STATUS | SET_PROGRESS,
		  STATUS_IN_PROGRESS, 100, STATUS_DONE, 100 },
		{ STATUS_NOT_STARTED, 0, SET_STATUS | SET_PROGRESS,
		  STATUS_DONE, 100, STATUS_DONE, 100 },
		/* Neither: nothing moves. */
		{ STATUS_IN_PROGRESS, 40, SET_RESULT, 0, 0,
		  STATUS_IN_PROGRESS, 40 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum task_status st = cases[i].st;
		int pr = cases[i].pr;

		state_status_rule(&st, &pr, cases[i].set, cases[i].new_st,
				  cases[i].new_pr);
		if (st != cases[i].want_st || pr != cases[i].want_pr)
			fail_msg("case %zu: got %d %d%%", i, st, pr);
		/* Never a contradiction. */
		assert_true((st == STATUS_DONE) == (pr == 100));
		if (st == STATUS_NOT_STARTED)
			assert_int_equal(pr, 0);
	}
}

static void task_entry(struct state_entry *e, unsigned set, int status,
		       int progress, const char *text)
{
	memset(e, 0, sizeof(*e));
	e->kind = ENTRY_TASK;
	e->set = set;
	e->status = (enum task_status)status;
	e->progress = progress;
	e->result = e->difficulty = e->proposal = text;
}

/* state_current_apply: the latest text is current, "" takes it back;
 * the changes are told by the rows' labels. */
static void test_current_and_changes(void **state)
{
	const struct schema_field *result = field(ENTRY_TASK, "result");
	const struct schema_field *difficulty = field(ENTRY_TASK, "difficulty");
	struct state_current before, after;
	struct state_entry a, b, c;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	state_current_init(&before, ENTRY_TASK);
	assert_false(state_current_has(&before, result));
	assert_true(state_current_has(&before, field(ENTRY_TASK, "status")));
	task_entry(&a, SET_PROGRESS | SET_RESULT | SET_DIFFICULTY, 0, 100,
		   "xong");
	after = before;
	state_current_apply(&after, &a);
	assert_ptr_equal(state_current_src(&after, result), &a);
	assert_string_equal(state_current_str(&after, difficulty), "xong");
	assert_int_equal(after.status, STATUS_DONE);
	assert_int_equal(schema_describe_changes(&sb, &before, &after, &a,
						 NULL, "; "), 4);
	/* Unit tests bind no catalogue: the interface's English words. */
	assert_string_equal(sb.buf, "status: Not started → Done; progress: "
			    "0% → 100%; result: (not set) → “xong”; "
			    "difficulties: (not set) → “xong”");
	/* "" takes the difficulty back; the result stays. */
	before = after;
	task_entry(&b, SET_DIFFICULTY, 0, 0, "");
	state_current_apply(&after, &b);
	assert_null(state_current_str(&after, difficulty));
	assert_string_equal(state_current_str(&after, result), "xong");
	strbuf_reset(&sb);
	assert_int_equal(schema_describe_changes(&sb, &before, &after, &b,
						 NULL, "; "), 1);
	assert_string_equal(sb.buf, "difficulties: “xong” → (cleared)");
	/* A field an entry does not set and that did not change: not
	 * told; one the rule moved: told. */
	before = after;
	task_entry(&c, SET_STATUS, STATUS_NOT_STARTED, 0, NULL);
	state_current_apply(&after, &c);
	strbuf_reset(&sb);
	assert_int_equal(schema_describe_changes(&sb, &before, &after, &c,
						 NULL, "\n"), 2);
	assert_string_equal(sb.buf, "status: Done → Not started\nprogress: "
			    "100% → 0%");
	assert_true(schema_field_shown(&before, &after, &c,
				       field(ENTRY_TASK, "progress")));
	assert_false(schema_field_shown(&before, &after, &c, result));
	strbuf_release(&sb);
}

/* Two entries are the same when every field of the table says the
 * same, wherever their strings are and wherever in its file each one
 * starts; any one field, of each kind, tells them apart. */
static void test_entry_same(void **state)
{
	char r1[] = "Đã rà soát", r2[] = "Đã rà soát";
	struct state_entry a, b, v, w;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.kind = ENTRY_TASK;
	a.at = 1778000000;
	a.utc_offset = 7 * 3600;
	a.user = "kt01";
	a.uid = 1001;
	a.dept = "KT";
	a.role = ROLE_LEAD;
	a.task = "I.1";
	a.set = SET_STATUS | SET_PROGRESS | SET_RESULT;
	a.status = STATUS_IN_PROGRESS;
	a.progress = 40;
	a.result = r1;
	a.line = 3;
	a.col = 3;
	b = a;
	b.result = r2;		/* the same text elsewhere */
	b.line = 9;
	b.col = 5;
	assert_true(schema_entry_same(&a, &b));
	assert_true(schema_entry_same(&b, &a));
	b = a;
	b.at++;
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.utc_offset = 0;
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.user = "kt02";
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.uid = 1002;
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.dept = "HCC";
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.task = "I.2";
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.status = STATUS_DONE;
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.progress = 41;
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.result = "Đã rà soát xong";
	assert_false(schema_entry_same(&a, &b));
	b = a;
	b.set &= ~SET_RESULT;
	assert_false(schema_entry_same(&a, &b));
	/* A field that is not set is not compared. */
	b = a;
	b.proposal = "Kiến nghị";
	assert_true(schema_entry_same(&a, &b));
	b = a;
	b.kind = ENTRY_SUBMIT;
	assert_false(schema_entry_same(&a, &b));

	/* An indicator value: numbers, zero's sign included (the image
	 * holds the bytes), notes. */
	memset(&v, 0, sizeof(v));
	v.kind = ENTRY_INDICATOR;
	v.at = 1778000000;
	v.user = "kt01";
	v.dept = "KT";
	v.period = "h1";
	v.indicator = 1;
	v.value = 98.5;
	v.set = SET_NOTE;
	v.note = "Quý II";
	w = v;
	assert_true(schema_entry_same(&v, &w));
	w = v;
	w.value = 98.25;
	assert_false(schema_entry_same(&v, &w));
	w = v;
	w.indicator = 2;
	assert_false(schema_entry_same(&v, &w));
	w = v;
	w.period = "year";
	assert_false(schema_entry_same(&v, &w));
	w = v;
	w.note = "Quý III";
	assert_false(schema_entry_same(&v, &w));
	v.value = 0.0;
	w = v;
	w.value = -0.0;
	assert_false(schema_entry_same(&v, &w));
}

static void test_indicator_changes(void **state)
{
	struct state_current before, after;
	struct state_entry e;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.kind = ENTRY_INDICATOR;
	e.value = 98.5;
	e.set = SET_NOTE;
	e.note = "một cửa";
	state_current_init(&before, ENTRY_INDICATOR);
	after = before;
	state_current_apply(&after, &e);
	schema_describe_changes(&sb, &before, &after, &e, "%", "; ");
	assert_string_equal(sb.buf, "value: (not set) → 98,5%; note: (not "
			    "set) → “một cửa”");
	strbuf_reset(&sb);
	schema_describe_changes(&sb, &before, &after, &e, "doanh nghiệp", "; ");
	assert_non_null(strstr(sb.buf, "98,5 doanh nghiệp"));
	strbuf_release(&sb);
}

static void section_change(struct strbuf *sb, const char *from,
			   const char *to)
{
	struct state_current before, after;
	struct state_entry a, b;

	memset(&a, 0, sizeof(a));
	a.kind = ENTRY_SECTION;
	a.set = SET_TEXT;
	a.text = from;
	b = a;
	b.text = to;
	state_current_init(&before, ENTRY_SECTION);
	if (from)
		state_current_apply(&before, &a);
	after = before;
	state_current_apply(&after, &b);
	strbuf_reset(sb);
	schema_describe_changes(sb, &before, &after, &b, NULL, "; ");
}

/* A long text is told by its beginning and its size, never whole: a
 * history line stays a line. */
static void test_long_text_changes(void **state)
{
	struct strbuf sb = STRBUF_INIT, big = STRBUF_INIT;

	(void)state;
	section_change(&sb, NULL, "Ngắn gọn.");
	assert_string_equal(sb.buf, "text: (not set) → “Ngắn gọn.”");
	section_change(&sb, "Ngắn gọn.", "Dòng một\nDòng hai");
	assert_string_equal(sb.buf, "text: “Ngắn gọn.” → “Dòng một Dòng "
			    "hai” (17 characters)");
	section_change(&sb, "Dòng một\nDòng hai",
		       "Đoạn một có nhiều chữ để vượt quá sáu mươi ký tự "
		       "khi đếm cả dấu.\n\n\nĐoạn hai.\n\nĐoạn ba.");
	assert_string_equal(sb.buf, "text: “Dòng một Dòng hai” (17 "
			    "characters) → “Đoạn một có nhiều chữ để vượt quá "
			    "sáu mươi ký tự khi đếm cả…” (86 characters, 3 "
			    "paragraphs)");
	section_change(&sb, "Ngắn gọn.", "");
	assert_string_equal(sb.buf, "text: “Ngắn gọn.” → (cleared)");
	/* One word longer than the quote: cut inside it. */
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&big, "ệ");
	section_change(&sb, NULL, big.buf);
	assert_non_null(strstr(sb.buf, "…” (100 characters)"));
	assert_int_equal(strstr(sb.buf, "…") - strstr(sb.buf, "“"),
			 (long)strlen("“") + 60 * (long)strlen("ệ"));
	strbuf_release(&sb);
	strbuf_release(&big);
}

/* ---- the command line ---- */

/* getopt's options are the rows': --NAME, and --NAME-file for text. */
static void test_getopt_from_table(void **state)
{
	const struct schema_type *t = type_of(ENTRY_TASK);
	struct schema_getopt g;
	const struct schema_field *f;
	bool from_file;
	size_t i, n = 0;

	(void)state;
	schema_getopt_init(&g, t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	for (i = 0; i < t->n_fields; i++)
		if (t->fields[i].option)
			n += t->fields[i].kind == SCHEMA_TEXT ? 2 : 1;
	assert_int_equal(g.n, n + 1);
	assert_null(g.opts[g.n].name);	/* terminated */
	for (i = 0; i < g.n - 1; i++) {
		f = schema_option_field(t, g.opts[i].val, &from_file);
		assert_non_null(f);
		if (from_file) {
			char want[64];

			snprintf(want, sizeof(want), "%s-file", f->option);
			assert_string_equal(g.opts[i].name, want);
		} else {
			assert_string_equal(g.opts[i].name, f->option);
		}
	}
	assert_null(schema_option_field(t, 'D', &from_file));
	assert_null(schema_option_field(t, SCHEMA_OPT + 99, &from_file));
}

/* 'help COMMAND' and completion list every row that has an option, with
 * its argument and its help line: a new row shows up in both. */
static void test_help_and_completion_from_table(void **state)
{
	struct capture c;
	struct schema_option o[SCHEMA_MAX_OPTIONS];
	size_t i, j, n;

	(void)state;
	for (i = 0; i < schema_n_types; i++) {
		const struct schema_type *t = &schema_types[i];

		cap_open(&c);
		schema_print_help(c.f, t->command);
		schema_print_synopsis(c.f, t->command);
		cap_close(&c);
		n = schema_command_options(t->command, o);
		for (j = 0; j < t->n_fields; j++) {
			const struct schema_field *f = &t->fields[j];
			char opt[64];
			size_t k;
			int listed = 0;

			if (!f->option)
				continue;
			snprintf(opt, sizeof(opt), "--%s%s%s", f->option,
				 f->metavar ? " " : "",
				 f->metavar ? f->metavar : "");
			if (!strstr(c.buf, opt))
				fail_msg("help of %s lacks %s:\n%s",
					 t->command, opt, c.buf);
			/* The first words of its help line. */
			snprintf(opt, sizeof(opt), "%.12s", _(f->help));
			assert_non_null(strstr(c.buf, opt));
			for (k = 0; k < n; k++)
				listed += o[k].field == f;
			assert_int_equal(listed,
					 f->kind == SCHEMA_TEXT ? 2 : 1);
		}
		cap_free(&c);
	}
	assert_int_equal(schema_command_options("list", o), 0);
	cap_open(&c);
	schema_print_synopsis(c.f, "list");
	schema_print_help(c.f, "list");
	assert_string_equal(cap_close(&c), "");
	cap_free(&c);
	/* Required fields without brackets, the others within. */
	cap_open(&c);
	schema_print_synopsis(c.f, "indicator");
	assert_string_equal(cap_close(&c), " --period P --value X "
			    "[--note TEXT]");
	cap_free(&c);
}

/* Every word schema_gettext serves (labels, enum words, the fixed words),
 * checked against gettext itself. */
static void check_served(void)
{
	static const char *const fixed[] = {
		"%s: ", "(not set)", "(cleared)", "yes", "no",
	};

	for (size_t k = 0; k < schema_n_types; k++) {
		const struct schema_type *t = &schema_types[k];

		for (size_t i = 0; i < t->n_fields; i++) {
			const struct schema_field *f = &t->fields[i];

			if (f->label)
				assert_string_equal(schema_gettext(f->label),
						    gettext(f->label));
			for (size_t v = 0; f->values && f->values->words &&
			     v < f->values->n; v++)
				assert_string_equal(
					schema_gettext(f->values->words[v]),
					gettext(f->values->words[v]));
		}
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		assert_string_equal(schema_gettext(fixed[i]),
				    gettext(fixed[i]));
}

static void describe_status_change(struct strbuf *sb)
{
	struct state_current before, after;
	struct state_entry a;

	state_current_init(&before, ENTRY_TASK);
	task_entry(&a, SET_STATUS | SET_RESULT, STATUS_IN_PROGRESS, 0,
		   "xong");
	after = before;
	state_current_apply(&after, &a);
	strbuf_reset(sb);
	schema_describe_changes(sb, &before, &after, &a, NULL, "; ");
}

/* The translations are kept across calls, but a language switch
 * (i18n_init: the catalogue bound again) is seen at once, both ways,
 * including for words kept before any catalogue was bound. */
static void test_changes_follow_language(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	describe_status_change(&sb);
	assert_string_equal(sb.buf, "status: Not started → In progress; "
			    "result: (not set) → “xong”");
	check_served();
	i18n_init("vi", NULL);
	/* The build's catalogue: i18n_init looks in the installed place
	 * when the tests run as root. */
	assert_non_null(bindtextdomain(PT_TEXTDOMAIN, PT_BUILD_DIR "/locale"));
	assert_string_not_equal(gettext("status"), "status");
	describe_status_change(&sb);
	assert_non_null(strstr(sb.buf, gettext("status")));
	assert_non_null(strstr(sb.buf, gettext("(not set)")));
	assert_null(strstr(sb.buf, "status"));
	check_served();
	/* Twice: from the kept answers now. */
	{
		char *first = strdup(sb.buf);

		assert_non_null(first);
		describe_status_change(&sb);
		assert_string_equal(sb.buf, first);
		free(first);
	}
	i18n_init("en", NULL);
	describe_status_change(&sb);
	assert_string_equal(sb.buf, "status: Not started → In progress; "
			    "result: (not set) → “xong”");
	check_served();
	strbuf_release(&sb);
}

/* More ids than the kept answers hold, in an order that revisits them:
 * the table empties itself and probes past collisions, and every answer
 * is still gettext's. */
static void test_gettext_many_ids(void **state)
{
	static char ids[300][8];
	const char *known[] = { "status", "progress", "(not set)", "yes" };

	(void)state;
	for (size_t i = 0; i < 300; i++)
		snprintf(ids[i], sizeof(ids[i]), "id%zu", i);
	for (size_t round = 0; round < 3; round++)
		for (size_t i = 0; i < 300; i += 1 + round) {
			assert_ptr_equal(schema_gettext(ids[i]),
					 gettext(ids[i]));
			assert_string_equal(schema_gettext(known[i % 4]),
					    gettext(known[i % 4]));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_consistent),
		cmocka_unit_test(test_table_values),
		cmocka_unit_test(test_all_keys),
		cmocka_unit_test(test_entry_same),
		cmocka_unit_test(test_text_rule),
		cmocka_unit_test(test_text_issue_words),
		cmocka_unit_test(test_text_input),
		cmocka_unit_test(test_user_names),
		cmocka_unit_test(test_enum_spellings),
		cmocka_unit_test(test_section_spellings),
		cmocka_unit_test(test_status_rule),
		cmocka_unit_test(test_current_and_changes),
		cmocka_unit_test(test_indicator_changes),
		cmocka_unit_test(test_long_text_changes),
		cmocka_unit_test(test_getopt_from_table),
		cmocka_unit_test(test_help_and_completion_from_table),
		cmocka_unit_test(test_gettext_many_ids),
		/* Last: it binds the catalogue. */
		cmocka_unit_test(test_changes_follow_language),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
