/* test_form.c: update's editor template, written and read back (form.h):
 * what is left alone is not recorded, nothing is cleared by accident,
 * paragraphs and lines that look like headings or comments survive. */
#include "testutil.h"

#include "plantrack/form.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"

struct fixture {
	struct state_current cur;
	struct state_entry e;
	struct form fm;
	struct strbuf why;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const struct schema_type *t = schema_type_of(ENTRY_TASK);

	assert_non_null(fx);
	test_locale();
	state_current_init(&fx->cur, ENTRY_TASK);
	fx->e.kind = ENTRY_TASK;
	fx->e.task = "II.3";
	schema_set_int(&fx->e, schema_field(t, "status"), STATUS_IN_PROGRESS);
	schema_set_int(&fx->e, schema_field(t, "progress"), 50);
	schema_set_str(&fx->e, schema_field(t, "result"),
		       "Đã rà soát 12 thủ tục.\n\nĐoạn hai: # 100%.");
	state_current_apply(&fx->cur, &fx->e);
	form_init(&fx->fm, t, SCHEMA_WHO_LEAD, &fx->cur);
	strbuf_init(&fx->why, 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	form_release(&fx->fm);
	strbuf_release(&fx->why);
	free(fx);
	return 0;
}

static const struct form_field *field_of(const struct form *fm,
					 const char *key)
{
	for (size_t i = 0; i < fm->n; i++)
		if (!strcmp(fm->fields[i].field->key, key))
			return &fm->fields[i];
	fail_msg("no field %s", key);
	abort();
}

static enum form_result parse(struct fixture *fx, const char *text)
{
	strbuf_reset(&fx->why);
	return form_parse(&fx->fm, text, strlen(text), &fx->why);
}

static const char template_lead[] =
	"=== status ===\n"
	"# một trong: Chưa thực hiện, Đang thực hiện, Đã hoàn thành\n"
	"Đang thực hiện\n"
	"\n"
	"=== progress ===\n"
	"# một số nguyên từ 0 đến 100\n"
	"50\n"
	"\n"
	"=== result ===\n"
	"Đã rà soát 12 thủ tục.\n"
	"\n"
	"Đoạn hai: # 100%.\n"
	"\n"
	"=== difficulties ===\n"
	"\n"
	"=== proposals ===\n"
	"\n";

/* The blocks are the schema's rows a lead may set, in table order; the
 * template read back unchanged records nothing. */
static void test_template(void **state)
{
	struct fixture *fx = *state;
	struct strbuf sb = STRBUF_INIT;

	/* The hints are in the default language of the tests' catalogue,
	 * which is none: the English source. */
	form_write(&sb, &fx->fm);
	assert_int_equal(fx->fm.n, 5);
	assert_non_null(strstr(sb.buf, "=== status ===\n# one of: Chưa "
				       "thực hiện, Đang thực hiện, Đã hoàn "
				       "thành\nĐang thực hiện\n\n"));
	assert_non_null(strstr(sb.buf, "=== progress ===\n# a whole number "
				       "from 0 to 100\n50\n\n"));
	assert_non_null(strstr(sb.buf, "=== result ===\nĐã rà soát 12 thủ "
				       "tục.\n\nĐoạn hai: # 100%.\n\n"));
	assert_int_equal(parse(fx, sb.buf), FORM_UNCHANGED);
	for (size_t i = 0; i < fx->fm.n; i++)
		assert_int_equal(fx->fm.fields[i].change, FORM_KEPT);
	/* The Vietnamese template reads the same. */
	assert_int_equal(parse(fx, template_lead), FORM_UNCHANGED);
	strbuf_release(&sb);
}

/* A coordinating department gets the texts only. */
static void test_coordinating(void **state)
{
	struct fixture *fx = *state;
	struct form fm;

	form_init(&fm, schema_type_of(ENTRY_TASK), SCHEMA_WHO_COORDINATING,
		  &fx->cur);
	assert_int_equal(fm.n, 3);
	assert_string_equal(fm.fields[0].field->key, "result");
	assert_string_equal(fm.fields[2].field->key, "proposal");
	form_release(&fm);
	form_release(NULL);
}

static void test_change_paragraphs(void **state)
{
	struct fixture *fx = *state;
	static const char text[] =
		"# a comment anywhere\n"
		"=== status ===\n"
		"hoan thanh\n"
		"=== progress ===\n"
		"100%\n"
		"=== result ===\n"
		"\n"
		"Đoạn một, dòng một  \n"
		"   thụt lề giữ nguyên\n"
		"\n"
		"\n"
		"\n"
		"Đoạn hai.\r\n"
		"# not part of it\n"
		"\n"
		"=== difficulties ===\n"
		"Thiếu cán bộ\n"
		"=== proposals ===\n";

	assert_int_equal(parse(fx, text), FORM_OK);
	assert_int_equal(field_of(&fx->fm, "status")->change, FORM_SET);
	assert_string_equal(field_of(&fx->fm, "status")->value, "done");
	assert_string_equal(field_of(&fx->fm, "progress")->value, "100");
	assert_string_equal(field_of(&fx->fm, "result")->value,
			    "Đoạn một, dòng một\n   thụt lề giữ nguyên\n\n"
			    "Đoạn hai.");
	assert_string_equal(field_of(&fx->fm, "difficulty")->value,
			    "Thiếu cán bộ");
	assert_int_equal(field_of(&fx->fm, "proposal")->change, FORM_KEPT);
}

/* Emptied: kept, and said; "[xóa]" clears, in any spelling. */
static void test_empty_and_clear(void **state)
{
	struct fixture *fx = *state;
	static const char *const clear[] = {
		"[xóa]", "[XÓA]", "[xoa]", "[Xoá]", "[clear]", "[CLEAR]",
	};
	struct strbuf text = STRBUF_INIT;

	assert_int_equal(parse(fx, "=== status ===\n=== progress ===\n"
			       "=== result ===\n\n  \n"
			       "=== difficulties ===\n"
			       "=== proposals ===\n"), FORM_UNCHANGED);
	assert_int_equal(field_of(&fx->fm, "result")->change, FORM_EMPTIED);
	/* Status and progress cannot be empty: left as they are. */
	assert_int_equal(field_of(&fx->fm, "status")->change, FORM_KEPT);
	assert_int_equal(field_of(&fx->fm, "progress")->change, FORM_KEPT);
	/* Nothing to clear, nothing emptied. */
	assert_int_equal(field_of(&fx->fm, "difficulty")->change, FORM_KEPT);

	for (size_t i = 0; i < sizeof(clear) / sizeof(clear[0]); i++) {
		strbuf_reset(&text);
		strbuf_addf(&text, "=== status ===\n=== progress ===\n"
			    "=== result ===\n%s\n=== difficulties ===\n"
			    "%s\n=== proposals ===\n", clear[i],
			    clear[i]);
		assert_int_equal(parse(fx, text.buf), FORM_OK);
		assert_int_equal(field_of(&fx->fm, "result")->change,
				 FORM_CLEARED);
		assert_string_equal(field_of(&fx->fm, "result")->value, "");
		/* Clearing what is not there changes nothing. */
		assert_int_equal(field_of(&fx->fm, "difficulty")->change,
				 FORM_KEPT);
	}
	/* The word inside a text is text. */
	assert_int_equal(parse(fx, "=== status ===\n=== progress ===\n"
			       "=== result ===\nĐã [xóa] bỏ 3 thủ tục\n"
			       "=== difficulties ===\n"
			       "=== proposals ===\n"), FORM_OK);
	assert_string_equal(field_of(&fx->fm, "result")->value,
			    "Đã [xóa] bỏ 3 thủ tục");
	strbuf_release(&text);
}

/* Lines that look like headings or comments: only an exact heading is
 * one, and the escapes keep both in a text, both ways. */
static void test_marker_like_lines(void **state)
{
	struct fixture *fx = *state;
	struct state_current cur;
	struct state_entry e = { .kind = ENTRY_TASK, .task = "II.3" };
	const struct schema_type *t = schema_type_of(ENTRY_TASK);
	static const char value[] =
		"=== result\n"
		"=== khác ===\n"
		"=== difficulties ===\n"
		"# số 1\n"
		"\\ một dấu\n"
		"\\# hai dấu";
	struct form fm;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(parse(fx, "=== status ===\n=== progress ===\n"
			       "=== result ===\n"
			       "=== result\n"
			       "=== khác ===\n"
			       "\\=== difficulties ===\n"
			       "\\# số 1\n"
			       "\\ một dấu\n"
			       "\\\\# hai dấu\n"
			       "  === difficulties ===  \n"
			       "=== proposals ===\n"), FORM_OK);
	assert_string_equal(field_of(&fx->fm, "result")->value, value);
	assert_int_equal(field_of(&fx->fm, "difficulty")->change, FORM_KEPT);

	/* That value, current, is written escaped and reads back as it
	 * was. */
	state_current_init(&cur, ENTRY_TASK);
	schema_set_str(&e, schema_field(t, "result"), value);
	state_current_apply(&cur, &e);
	form_init(&fm, t, SCHEMA_WHO_LEAD, &cur);
	form_write(&sb, &fm);
	assert_non_null(strstr(sb.buf, "=== result ===\n"
				       "=== result\n"
				       "=== khác ===\n"
				       "\\=== difficulties ===\n"
				       "\\# số 1\n"
				       "\\\\ một dấu\n"
				       "\\\\# hai dấu\n"));
	strbuf_reset(&fx->why);
	assert_int_equal(form_parse(&fm, sb.buf, sb.len, &fx->why),
			 FORM_UNCHANGED);
	form_release(&fm);
	strbuf_release(&sb);
}

static void test_empty_template(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, ""), FORM_EMPTY);
	assert_int_equal(parse(fx, "# only\n#comments\n\n   \n"), FORM_EMPTY);
}

static void expect_error(struct fixture *fx, const char *text,
			 const char *why)
{
	assert_int_equal(parse(fx, text), FORM_ERROR);
	assert_string_equal(fx->why.buf, why);
}

static void test_errors(void **state)
{
	struct fixture *fx = *state;

	expect_error(fx, "hello\n=== status ===\n",
		     "line 1: text above the first heading: put it under the "
		     "heading of its part");
	expect_error(fx, "=== status ===\n=== progress ===\n"
		     "=== status ===\n",
		     "line 3: the heading === status === is there twice "
		     "(first on line 1); keep one");
	expect_error(fx, "=== status ===\n=== progress ===\n"
		     "=== result ===\nabc\n",
		     "the heading === difficulties === is missing: put "
		     "it back above the text of that part");
	expect_error(fx, "=== status ===\nxong\n=== progress ===\n"
		     "=== result ===\n=== difficulties ===\n"
		     "=== proposals ===\n",
		     "status: 'xong' is not one of: Chưa thực hiện, Đang "
		     "thực hiện, Đã hoàn thành");
	expect_error(fx, "=== status ===\n=== progress ===\n101\n"
		     "=== result ===\n=== difficulties ===\n"
		     "=== proposals ===\n",
		     "progress: '101' is not a whole number from 0 to 100");
	expect_error(fx, "=== status ===\n=== progress ===\n5 0\n"
		     "=== result ===\n=== difficulties ===\n"
		     "=== proposals ===\n",
		     "progress: '5 0' is not a whole number from 0 to 100");
	expect_error(fx, "=== status ===\n[xóa]\n=== progress ===\n"
		     "=== result ===\n=== difficulties ===\n"
		     "=== proposals ===\n",
		     "status cannot be cleared: write its value");
	/* The text rule, as on the command line. */
	assert_int_equal(parse(fx, "=== status ===\n=== progress ===\n"
			       "=== result ===\nab\x01" "c\n"
			       "=== difficulties ===\n"
			       "=== proposals ===\n"), FORM_ERROR);
	assert_non_null(strstr(fx->why.buf, "result: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coordinating, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_change_paragraphs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_clear, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_marker_like_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_template, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
