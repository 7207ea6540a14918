/* test_state.c: state files (parse, validate, emit), merging the
 * departments' files, and folding entries into the state at an instant. */
#include "testutil.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/instant.h"
#include "plantrack/plan_load.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"
#include "plantrack/yamlread.h"
#include "../../src/state_int.h"

#define FIXTURE(name) SRCPATH("tests/fixtures/state/" name)
/* The clock for state_parse: after every entry of the fixtures. */
#define TEST_NOW ((time_t)4102444800)	/* 2100-01-01 */

struct fx {
	struct plan *plan;
	char dir[256];		/* a temporary data directory, or "" */
	struct capture cap;	/* err_stream while a test runs */
};

static int group_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	test_locale();
	/* Entries are written with their own offsets, but the tests read
	 * times the way a commune office would. */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	if (plan_load(SRCPATH("data/plan.yaml"), stderr, &fx->plan)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int group_teardown(void **state)
{
	struct fx *fx = *state;

	plan_free(fx->plan);
	free(fx);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Per test: a fresh temporary directory and captured messages. */
static int setup(void **state)
{
	struct fx *fx = *state;
	const char *tmp = getenv("TMPDIR");
	int n;

	n = snprintf(fx->dir, sizeof(fx->dir), "%s/pt-state-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(fx->dir) || !mkdtemp(fx->dir))
		return -1;
	cap_open(&fx->cap);
	err_stream = fx->cap.f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	err_stream = NULL;
	cap_free(&fx->cap);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	fx->dir[0] = '\0';
	return 0;
}

/* ---- helpers ---- */

static time_t T(const char *s)
{
	time_t t;

	if (instant_parse(s, &t, NULL))
		fail_msg("bad instant in test: %s", s);
	return t;
}

static char *read_fixture(const char *path, size_t *len)
{
	char *buf;

	assert_int_equal(store_read_file(path, 1 << 20, &buf, len, 0), 0);
	return buf;
}

static struct state *parse_ok(const struct plan *p, const char *dept,
			      const char *text, size_t len)
{
	struct capture c;
	struct state *st = NULL;
	int status;

	cap_open(&c);
	status = state_parse("t.yaml", text, len, p, dept, TEST_NOW, c.f,
			     &st);
	cap_close(&c);
	if (status)
		fail_msg("state_parse returned %d:\n%s", status, c.buf);
	assert_string_equal(c.buf, "");
	cap_free(&c);
	assert_non_null(st);
	return st;
}

static void expect_errors(const struct plan *p, const char *dept,
			  const char *text, size_t len, const char *expected)
{
	struct capture c;
	struct state *st = (struct state *)&c;	/* must become NULL */
	int status;

	cap_open(&c);
	status = state_parse("t.yaml", text, len, p, dept, TEST_NOW, c.f,
			     &st);
	cap_close(&c);
	if (strcmp(c.buf, expected))
		fail_msg("for input\n%.300s\nexpected\n%sgot\n%.1000s", text,
			 expected, c.buf);
	assert_int_equal(status, EX_DATAERR);
	assert_null(st);
	cap_free(&c);
}

/* For literals, which may hold NUL bytes. */
#define EXPECT_LIT(p, dept, lit, exp) \
	expect_errors(p, dept, lit, sizeof(lit) - 1, exp)

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Compares what a file can hold (not line/col, which only parsing sets). */
static void assert_entry_equal(const struct state_entry *a,
			       const struct state_entry *b, size_t i)
{
	if (a->kind != b->kind || a->at != b->at ||
	    a->utc_offset != b->utc_offset || !str_eq(a->user, b->user) ||
	    a->uid != b->uid || !str_eq(a->dept, b->dept))
		fail_msg("entry %zu: common fields differ", i);
	switch (a->kind) {
	case ENTRY_TASK:
		if (!str_eq(a->task, b->task) || a->role != b->role ||
		    a->set != b->set)
			fail_msg("entry %zu: task, role or set differ", i);
		if ((a->set & SET_STATUS) && a->status != b->status)
			fail_msg("entry %zu: status differs", i);
		if ((a->set & SET_PROGRESS) && a->progress != b->progress)
			fail_msg("entry %zu: progress differs", i);
		if (((a->set & SET_RESULT) && !str_eq(a->result, b->result)) ||
		    ((a->set & SET_DIFFICULTY) &&
		     !str_eq(a->difficulty, b->difficulty)) ||
		    ((a->set & SET_PROPOSAL) &&
		     !str_eq(a->proposal, b->proposal)))
			fail_msg("entry %zu: text differs:\n[%s]\n[%s]", i,
				 a->result ? a->result : "(null)",
				 b->result ? b->result : "(null)");
		break;
	case ENTRY_INDICATOR:
		if (a->indicator != b->indicator ||
		    !str_eq(a->period, b->period) ||
		    memcmp(&a->value, &b->value, sizeof(a->value)) ||
		    !str_eq(a->note, b->note))
			fail_msg("entry %zu: indicator fields differ (%.17g, "
				 "%.17g)", i, a->value, b->value);
		break;
	case ENTRY_SUBMIT:
		if (!str_eq(a->period, b->period) ||
		    a->consolidated != b->consolidated)
			fail_msg("entry %zu: submit fields differ", i);
		break;
	case ENTRY_SECTION:
		if (!str_eq(a->period, b->period) || a->section != b->section ||
		    a->commune != b->commune || a->set != b->set ||
		    !str_eq(a->text, b->text))
			fail_msg("entry %zu: section fields differ", i);
		break;
	}
}

/* Emits st for dept and parses it back: the same entries. */
static void assert_round_trip(const struct plan *p, const struct state *st,
			      const char *dept)
{
	struct state *back;
	char *buf;
	size_t len, i;

	assert_int_equal(state_emit(st, dept, &buf, &len), 0);
	assert_int_equal(strlen(buf), len);
	back = parse_ok(p, dept, buf, len);
	assert_int_equal(back->n, st->n);
	for (i = 0; i < st->n; i++)
		assert_entry_equal(&st->entries[i], &back->entries[i], i);
	state_free(back);
	free(buf);
}

static void base_entry(struct state_entry *e, enum entry_kind kind,
		       const char *at, const char *dept, const char *user)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	assert_int_equal(instant_parse(at, &e->at, &e->utc_offset), 0);
	e->dept = dept;
	e->user = user;
	e->uid = 1000;
}

static void add_task(struct state *st, const char *at, const char *dept,
		     const char *task, enum task_role role, unsigned set,
		     enum task_status status, int progress, const char *result)
{
	struct state_entry e;

	base_entry(&e, ENTRY_TASK, at, dept, "u");
	e.task = task;
	e.role = role;
	e.set = set;
	e.status = status;
	e.progress = progress;
	e.result = result;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_value(struct state *st, const char *at, const char *dept,
		      int indicator, const char *period, double value)
{
	struct state_entry e;

	base_entry(&e, ENTRY_INDICATOR, at, dept, "u");
	e.indicator = indicator;
	e.period = period;
	e.value = value;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_submit(struct state *st, const char *at, const char *dept,
		       const char *period, bool consolidated)
{
	struct state_entry e;

	base_entry(&e, ENTRY_SUBMIT, at, dept, "u");
	e.period = period;
	e.consolidated = consolidated;
	assert_int_equal(state_append(st, &e), 0);
}

static void add_section(struct state *st, const char *at, const char *dept,
			const char *period, enum section_id sec, bool commune,
			const char *text)
{
	struct state_entry e;

	base_entry(&e, ENTRY_SECTION, at, dept, "u");
	e.period = period;
	e.section = sec;
	e.commune = commune;
	e.text = text;
	e.set = SET_TEXT;
	assert_int_equal(state_append(st, &e), 0);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* DIR/departments/CODE/state.yaml from a fixture. */
static void install(const struct fx *fx, const char *code,
		    const char *fixture)
{
	char path[512];
	char *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/departments", fx->dir);
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/departments/%s", fx->dir, code);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/departments/%s/state.yaml", fx->dir,
		 code);
	buf = read_fixture(fixture, &len);
	write_file(path, buf, len);
	free(buf);
}

static const struct submission *find_sub(const struct fold *f,
					 const char *dept, const char *period,
					 bool consolidated)
{
	size_t i;

	for (i = 0; i < f->n_subs; i++)
		if (!strcmp(f->subs[i].dept, dept) &&
		    !strcmp(f->subs[i].period, period) &&
		    f->subs[i].consolidated == consolidated)
			return &f->subs[i];
	fail_msg("no submission slot %s %s %d", dept, period, consolidated);
	return NULL;
}

static const struct indicator_value *find_value(const struct fold *f,
						int number, const char *period)
{
	size_t i;

	for (i = 0; i < f->n_values; i++)
		if (f->values[i].indicator->number == number &&
		    !strcmp(f->values[i].period, period))
			return &f->values[i];
	fail_msg("no value slot %d %s", number, period);
	return NULL;
}

/* ---- parsing ---- */

static void test_parse_fixture(void **state)
{
	struct fx *fx = *state;
	const struct state_entry *e;
	struct state *st;
	char *buf;
	size_t len;

	buf = read_fixture(FIXTURE("kt.yaml"), &len);
	st = parse_ok(fx->plan, "KT", buf, len);
	assert_int_equal(st->n, 6);

	e = &st->entries[0];
	assert_int_equal(e->kind, ENTRY_TASK);
	assert_int_equal(e->at, T("2026-05-19T03:00:00Z"));
	assert_int_equal(e->utc_offset, 7 * 3600);
	assert_string_equal(e->user, "lan");
	assert_int_equal(e->uid, 1001);
	assert_string_equal(e->dept, "KT");
	assert_int_equal(e->line, 5);
	assert_int_equal(e->col, 3);
	assert_string_equal(e->task, "I.1");
	assert_int_equal(e->role, ROLE_LEAD);
	assert_int_equal(e->set, SET_STATUS | SET_PROGRESS | SET_RESULT);
	assert_int_equal(e->status, STATUS_IN_PROGRESS);
	assert_int_equal(e->progress, 50);
	assert_string_equal(e->result, "Đã rà soát 12 thủ tục");
	assert_null(e->difficulty);
	assert_null(e->proposal);

	e = &st->entries[1];
	assert_int_equal(e->role, ROLE_COORDINATING);
	assert_string_equal(e->task, "II.3");
	assert_int_equal(e->set, SET_RESULT);
	assert_string_equal(e->result, "Đã gửi góp ý");

	e = &st->entries[2];
	assert_int_equal(e->kind, ENTRY_INDICATOR);
	assert_string_equal(e->user, "minh");
	assert_int_equal(e->indicator, 1);
	assert_string_equal(e->period, "h1");
	assert_true(e->value == 97.5);
	assert_string_equal(e->note, "Số liệu từ hệ thống một cửa");

	e = &st->entries[3];
	assert_string_equal(e->task, "V.9");
	/* done implies 100, but the entry records what was written. */
	assert_int_equal(e->set, SET_STATUS | SET_DIFFICULTY | SET_PROPOSAL);
	assert_int_equal(e->status, STATUS_DONE);
	assert_string_equal(e->difficulty, "Thiếu kinh phí: chưa bố trí");
	assert_string_equal(e->proposal, "Đề nghị bổ sung \"kinh phí\"");

	e = &st->entries[4];
	assert_int_equal(e->kind, ENTRY_SUBMIT);
	assert_string_equal(e->period, "h1");
	assert_false(e->consolidated);
	assert_true(st->entries[5].consolidated);
	assert_int_equal(st->entries[5].line, 44);

	state_free(st);
	free(buf);
}

/* Flow style, keys in any order, comments, a cleared result, and a
 * clock that went backwards: all kept as written. */
static void test_parse_fixture_unusual(void **state)
{
	struct fx *fx = *state;
	struct state *st;
	char *buf;
	size_t len;

	buf = read_fixture(FIXTURE("hcc.yaml"), &len);
	st = parse_ok(fx->plan, "HCC", buf, len);
	assert_int_equal(st->n, 4);
	assert_int_equal(st->entries[0].kind, ENTRY_TASK);
	assert_string_equal(st->entries[0].task, "II.3");
	assert_int_equal(st->entries[0].line, 6);
	assert_int_equal(st->entries[0].col, 3);
	assert_int_equal(st->entries[0].set, SET_STATUS);
	assert_true(st->entries[1].value == 98);
	assert_null(st->entries[1].note);
	/* A submit entry may leave out "consolidated". */
	assert_int_equal(st->entries[2].kind, ENTRY_SUBMIT);
	assert_false(st->entries[2].consolidated);
	assert_int_equal(st->entries[3].set, SET_PROGRESS | SET_RESULT);
	assert_string_equal(st->entries[3].result, "");
	state_free(st);
	free(buf);
}

static void test_parse_empty(void **state)
{
	static const char *const files[] = {
		FIXTURE("empty.yaml"), FIXTURE("comments.yaml"),
		FIXTURE("no-entries.yaml"),
	};
	static const char *const texts[] = {
		"format: 1\ndepartment: DVC\n",
		"format: 1\ndepartment: DVC\nentries:\n",
		"\xEF\xBB\xBF# a byte order mark is fine\n",
	};
	struct fx *fx = *state;
	struct state *st;
	char *buf;
	size_t len, i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		buf = read_fixture(files[i], &len);
		st = parse_ok(fx->plan, "DVC", buf, len);
		assert_int_equal(st->n, 0);
		state_free(st);
		free(buf);
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		st = parse_ok(fx->plan, "DVC", texts[i], strlen(texts[i]));
		assert_int_equal(st->n, 0);
		state_free(st);
	}
	st = parse_ok(fx->plan, "DVC", "", 0);
	assert_int_equal(st->n, 0);
	state_free(st);
}

/* Every error of a file, each at its place, in one run. */
static void test_parse_errors_fixture(void **state)
{
	struct fx *fx = *state;
	struct capture c;
	struct state *st = NULL;
	char *buf, *expected;
	size_t len, elen;

	buf = read_fixture(FIXTURE("errors.yaml"), &len);
	expected = read_fixture(FIXTURE("errors.expected"), &elen);
	cap_open(&c);
	assert_int_equal(state_parse("errors.yaml", buf, len, fx->plan, "KT",
				     TEST_NOW, c.f, &st), EX_DATAERR);
	assert_null(st);
	assert_string_equal(cap_close(&c), expected);
	cap_free(&c);
	free(expected);
	free(buf);
}

#define HEAD "format: 1\ndepartment: KT\nentries:\n"
/* A valid entry's common keys, lines 4-7. */
#define COMMON(type) "- type: " type "\n  at: 2026-05-19T10:00:00+07:00\n" \
	"  user: lan\n  uid: 1001\n"

static const struct {
	const char *dept;
	const char *text;
	const char *expected;
} error_cases[] = {
	{ "KT", "format: 1\nentries: []\n",
	  "t.yaml:1:1: missing required key 'department' at the top level\n" },
	{ "KT", "department: KT\n",
	  "t.yaml:1:1: missing required key 'format' at the top level\n" },
	{ "KT", "format: 1\ndepartment: KT\nformat: 1\n",
	  "t.yaml:3:1: duplicate key 'format' (first at 1:1)\n" },
	{ "KT", "format: \"1\"\ndepartment: KT\n",
	  "t.yaml:1:9: expected an integer, got the quoted string \"1\" "
	  "(write it without quotes)\n" },
	{ "KT", "format: 1\ndepartment: kt\n",
	  "t.yaml:2:13: department 'kt' does not match this file's "
	  "department KT\n" },
	{ "KT", "- format: 1\n",
	  "t.yaml:1:1: expected a mapping at the top level, got a sequence\n" },
	{ "KT", "just text\n",
	  "t.yaml:1:1: expected a mapping at the top level, got a scalar\n" },
	{ "KT", "format: 1\ndepartment: KT\nentries: {type: task}\n",
	  "t.yaml:3:10: expected a sequence of entries, got a mapping\n" },
	{ "KT", "format: 1\ndepartment: KT\n[a]: 1\n",
	  "t.yaml:3:1: a key must be a string, not a sequence\n" },
	{ "KT", HEAD "- [type, task]\n",
	  "t.yaml:4:3: expected an entry (a mapping), got a sequence\n" },
	{ "KT", HEAD "- {}\n",
	  "t.yaml:4:3: missing required key 'type' in an entry\n"
	  "t.yaml:4:3: missing required key 'at' in an entry\n"
	  "t.yaml:4:3: missing required key 'user' in an entry\n"
	  "t.yaml:4:3: missing required key 'uid' in an entry\n" },
	{ "KT", HEAD COMMON("task") "  role: lead\n  status: done\n",
	  "t.yaml:4:3: missing required key 'task' in a task entry\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  status: done\n",
	  "t.yaml:4:3: missing required key 'role' in a task entry\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: lead\n",
	  "t.yaml:4:3: a task entry must set at least one of status, "
	  "progress, result, difficulty, proposal\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: lead\n"
	  "  status: done\n  progress: 99\n",
	  "t.yaml:11:13: progress 99 with status done (done means 100)\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: lead\n"
	  "  progress: 101\n",
	  "t.yaml:10:13: 101 is out of range (0 to 100)\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: lead\n"
	  "  progress: 50.5\n",
	  "t.yaml:10:13: expected an integer, got '50.5'\n" },
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: lead\n"
	  "  status: In_Progress\n",
	  "t.yaml:10:11: unknown status 'In_Progress' (expected "
	  "not_started, in_progress or done)\n" },
	{ "DVC", "format: 1\ndepartment: DVC\nentries:\n"
	  COMMON("task") "  task: V.1\n  role: lead\n  result: x\n",
	  "t.yaml:9:9: department DVC does not lead task V.1 (led by KT)\n" },
	{ "HCC", "format: 1\ndepartment: HCC\nentries:\n"
	  COMMON("task") "  task: V.9\n  role: lead\n  result: x\n",
	  "t.yaml:9:9: department HCC does not lead task V.9 (led by KT, DVC, "
	  "VHXH)\n" },
	/* A lead is not its own coordinator, and II.7 has none. */
	{ "KT", HEAD COMMON("task") "  task: I.1\n  role: coordinating\n"
	  "  result: x\n",
	  "t.yaml:9:9: department KT does not coordinate task I.1\n" },
	{ "KT", HEAD COMMON("task") "  task: II.7\n  role: coordinating\n"
	  "  result: x\n",
	  "t.yaml:9:9: department KT does not coordinate task II.7\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  progress: 10\n",
	  "t.yaml:10:3: an entry with role coordinating cannot set progress "
	  "(only a lead department can)\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: helper\n"
	  "  result: x\n",
	  "t.yaml:9:9: unknown role 'helper' (expected lead or "
	  "coordinating)\n" },
	{ "KT", HEAD COMMON("task") "  task: ii.3\n  role: coordinating\n"
	  "  result: x\n",
	  "t.yaml:8:9: unknown task 'ii.3' (not in the plan)\n" },
	{ "KT", HEAD COMMON("task") "  task: \"\"\n  role: coordinating\n"
	  "  difficulty: \"\"\n",
	  "t.yaml:8:9: expected a non-empty string\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  result: null\n",
	  "t.yaml:10:11: expected a string, got null\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 1\n  period: h1\n",
	  "t.yaml:4:3: missing required key 'value' in an indicator entry\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 0\n  period: h1\n"
	  "  value: 1\n",
	  "t.yaml:8:14: 0 is out of range (1 to 2147483647)\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 5\n  period: h1\n"
	  "  value: 1\n",
	  "t.yaml:8:14: unknown indicator 5 (not in the plan)\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 1\n  period: H1\n"
	  "  value: 1\n",
	  "t.yaml:9:11: unknown period 'H1' (not in the plan)\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 1\n  period: h1\n"
	  "  value: .5\n",
	  "t.yaml:10:10: expected a number, got '.5'\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 1\n  period: h1\n"
	  "  value: 1\n  note: null\n",
	  "t.yaml:11:9: expected a string, got null\n" },
	{ "KT", HEAD COMMON("indicator") "  indicator: 1\n  period: h1\n"
	  "  value: 1\n  role: lead\n",
	  "t.yaml:11:3: key 'role' does not belong in an indicator entry\n" },
	{ "KT", HEAD COMMON("submit") "  consolidated: false\n",
	  "t.yaml:4:3: missing required key 'period' in a submit entry\n" },
	{ "KT", HEAD COMMON("submit") "  period: h1\n  consolidated: True\n",
	  "t.yaml:9:17: expected true or false, got 'True'\n" },
	{ "KT", HEAD COMMON("submit") "  period: h1\n  consolidated: ~\n",
	  "t.yaml:9:17: expected true or false, got null\n" },
	{ "HCC", "format: 1\ndepartment: HCC\nentries:\n" COMMON("submit")
	  "  period: h1\n  consolidated: true\n",
	  "t.yaml:9:17: only KT, the consolidating department of period h1, "
	  "sends the consolidated report\n" },
	{ "KT", HEAD COMMON("submit") "  period: h1\n  value: 1\n",
	  "t.yaml:9:3: key 'value' does not belong in a submit entry\n" },
	{ "KT", HEAD COMMON("review") "  period: h1\n",
	  "t.yaml:4:9: unknown entry type 'review' (expected task, indicator, "
	  "submit or section)\n" },
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n",
	  "t.yaml:5:7: invalid time '2026-05-19T10:00:00' (expected "
	  "YYYY-MM-DDTHH:MM:SS+HH:MM)\n" },
	{ "KT", HEAD "- type: submit\n  at: 2026-02-30T10:00:00+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n",
	  "t.yaml:5:7: invalid time '2026-02-30T10:00:00+07:00' (expected "
	  "YYYY-MM-DDTHH:MM:SS+HH:MM)\n" },
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: lan\n  uid: 4294967295\n  period: h1\n",
	  "t.yaml:7:8: 4294967295 is out of range (0 to 4294967294)\n" },
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n  type: task\n",
	  "t.yaml:9:3: duplicate key 'type' (first at 4:3)\n" },
	/* Decomposed "ệ" (e, dot below, circumflex): NFC only. */
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  result: \"Vie\xcc\xa3\xcc\x82t\"\n",
	  "t.yaml:10:11: result: it is not in Unicode NFC form; normalise "
	  "the file to NFC (e.g. uconv -x any-nfc)\n" },
	/* The text rule (schema_text_check), as on the command line. */
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  result: \"bell \\a\"\n",
	  "t.yaml:10:11: result: character 6 is U+0007, a control character: "
	  "remove it (such characters come from text copied between programs "
	  "with different encodings)\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  difficulty: \"\\u201Cok\\u201D and \\u0093not\\u0094\"\n",
	  "t.yaml:10:15: difficulty: character 10 is U+0093, a control "
	  "character: remove it (such characters come from text copied "
	  "between programs with different encodings)\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  proposal: \"line\\nand \\u202Ereversed\"\n",
	  "t.yaml:10:13: proposal: character 5 of line 2 is U+202E, a "
	  "bidirectional control that can make text display in a misleading "
	  "order: remove it\n" },
	{ "KT", HEAD COMMON("task") "  task: II.3\n  role: coordinating\n"
	  "  result: \"windows\\r\\n\"\n",
	  "t.yaml:10:11: result: character 8 is U+000D, a control character: "
	  "remove it (such characters come from text copied between programs "
	  "with different encodings)\n" },
	/* The history: plain user names, in recorded order. */
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: \"root\\nadmin\"\n  uid: 0\n  period: h1\n",
	  "t.yaml:6:9: 'root?admin' is not a plain user name (1 to 64 "
	  "letters, digits, '.', '_', '-' or '@')\n" },
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n"
	  "- type: submit\n  at: 2026-05-19T09:59:59+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n",
	  "t.yaml:10:7: entry recorded at 2026-05-19T09:59:59+07:00 is earlier "
	  "than the entry before it (2026-05-19T10:00:00+07:00, line 5): "
	  "entries must be in the order they were recorded\n" },
	/* The same instant at another offset is not earlier. */
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n"
	  "- type: submit\n  at: 2026-05-19T03:00:00Z\n"
	  "  user: lan\n  uid: 1\n  period: h1\n"
	  "- type: submit\n  at: 2026-05-19T02:59:00Z\n"
	  "  user: lan\n  uid: 1\n  period: h1\n",
	  "t.yaml:15:7: entry recorded at 2026-05-19T02:59:00+00:00 is earlier "
	  "than the entry before it (2026-05-19T10:00:00+07:00, line 10): "
	  "entries must be in the order they were recorded\n" },
	/* Sections: a known section and period, a text in every entry, the
	 * commune's only from the period's consolidator. */
	{ "KT", HEAD COMMON("section") "  period: h1\n  section: highlights\n"
	  "  commune: false\n",
	  "t.yaml:4:3: a section entry must set at least one of text\n" },
	{ "KT", HEAD COMMON("section") "  period: h1\n  text: x\n",
	  "t.yaml:4:3: missing required key 'section' in a section entry\n" },
	{ "KT", HEAD COMMON("section") "  section: causes\n  text: x\n",
	  "t.yaml:4:3: missing required key 'period' in a section entry\n" },
	{ "KT", HEAD COMMON("section") "  period: h1\n  section: III.1\n"
	  "  text: x\n",
	  "t.yaml:9:12: unknown section 'III.1' (expected direction, "
	  "highlights, shortcomings, causes, outlook or proposals)\n" },
	{ "KT", HEAD COMMON("section") "  period: h1\n  section: causes\n"
	  "  text: \"tab\\tok, bell \\a not\"\n",
	  "t.yaml:10:9: text: character 14 is U+0007, a control character: "
	  "remove it (such characters come from text copied between programs "
	  "with different encodings)\n" },
	{ "KT", HEAD COMMON("section") "  period: h1\n  section: causes\n"
	  "  text: x\n  task: I.1\n",
	  "t.yaml:11:3: key 'task' does not belong in a section entry\n" },
	{ "HCC", "format: 1\ndepartment: HCC\nentries:\n" COMMON("section")
	  "  period: h1\n  section: outlook\n  commune: true\n  text: x\n",
	  "t.yaml:10:12: only KT, the consolidating department of period h1, "
	  "writes the commune's text of a section\n" },
	/* Withdrawing: a department's report, never the consolidated one. */
	{ "KT", HEAD "- type: submit\n  at: 2026-05-19T10:00:00+07:00\n"
	  "  user: lan\n  uid: 1\n  period: h1\n  consolidated: true\n"
	  "  withdraw: true\n",
	  "t.yaml:10:3: the consolidated report cannot be withdrawn (it went "
	  "upstream)\n" },
};

static void test_parse_errors(void **state)
{
	struct fx *fx = *state;
	size_t i;

	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++)
		expect_errors(fx->plan, error_cases[i].dept,
			      error_cases[i].text, strlen(error_cases[i].text),
			      error_cases[i].expected);
}

/* A valid entry of each kind next to a broken one: the broken one is
 * reported and the good ones do not hide it (nor it them). */
static void test_parse_errors_all_reported(void **state)
{
	static const char text[] = HEAD
		COMMON("task") "  task: IX.9\n  role: lead\n  result: x\n"
		COMMON("submit") "  period: h1\n"
		COMMON("submit") "  period: h9\n";
	struct fx *fx = *state;

	expect_errors(fx->plan, "KT", text, sizeof(text) - 1,
		      "t.yaml:8:9: unknown task 'IX.9' (not in the plan)\n"
		      "t.yaml:20:11: unknown period 'h9' (not in the plan)\n");
}

static void test_parse_hostile(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct capture c;
	struct state *st;
	char *big, want[128];
	size_t i, n;

	/* Nesting: stops at the limit, not in a stack overflow. */
	strbuf_addstr(&sb, HEAD "- ");
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	expect_errors(fx->plan, "KT", sb.buf, sb.len,
		      "t.yaml:4:3: expected an entry (a mapping), got a "
		      "sequence\n"
		      "t.yaml:4:33: nesting too deep (the limit is 32 "
		      "levels)\n");
	strbuf_reset(&sb);

	/* Anchors and aliases: the billion laughs never start. */
	EXPECT_LIT(fx->plan, "KT", HEAD "- &a {type: task}\n- *a\n",
		      "t.yaml:4:3: aliases and anchors are not allowed\n");
	EXPECT_LIT(fx->plan, "KT", "format: !!int 1\n",
		      "t.yaml:1:9: tags are not allowed (found "
		      "'tag:yaml.org,2002:int')\n");
	/* Invalid UTF-8 and NUL bytes. */
	EXPECT_LIT(fx->plan, "KT", "format: 1\ndepartment: K\xff\n",
		      "t.yaml:2:14: invalid UTF-8 (byte 0xFF); the file must "
		      "be UTF-8\n");
	EXPECT_LIT(fx->plan, "KT", "format: 1\n\0department: KT\n",
		      "t.yaml:2:1: NUL byte in the file (is it UTF-16 or "
		      "binary?)\n");
	/* A second document. */
	EXPECT_LIT(fx->plan, "KT", "format: 1\ndepartment: KT\n---\n"
		   "format: 1\n",
		      "t.yaml:3:1: more than one document (the file must hold "
		      "exactly one)\n");
	/* A syntax error stops the reading with one message. */
	cap_open(&c);
	st = NULL;
	assert_int_equal(state_parse("t.yaml", HEAD "- type: \"task\n",
				     sizeof(HEAD "- type: \"task\n") - 1,
				     fx->plan, "KT", TEST_NOW, c.f, &st),
			 EX_DATAERR);
	assert_null(st);
	cap_close(&c);
	assert_non_null(strstr(c.buf, "t.yaml:"));
	assert_null(strchr(strchr(c.buf, '\n') + 1, '\n'));
	cap_free(&c);

	/* A scalar over 64 KiB. */
	strbuf_addstr(&sb, HEAD COMMON("task") "  task: II.3\n"
		      "  role: coordinating\n  result: \"");
	for (i = 0; i < 70000; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "\"\n");
	expect_errors(fx->plan, "KT", sb.buf, sb.len,
		      "t.yaml:10:11: value too long (70000 bytes; the limit is "
		      "65536)\n");
	strbuf_release(&sb);

	/* Over the limit: refused before libyaml reads a byte (calloc'd
	 * pages stay untouched). */
	n = (size_t)YR_MAX_FILE_SIZE + 1;
	big = calloc(1, n);
	assert_non_null(big);
	snprintf(want, sizeof(want), "t.yaml: file too large (%zu bytes; the "
		 "limit is %u)\n", n, YR_MAX_FILE_SIZE);
	expect_errors(fx->plan, "KT", big, n, want);
	free(big);
}

/* Thousands of entries parse in one pass (no quadratic lookups). */
static void test_parse_many(void **state)
{
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct state *st;
	size_t i, n = test_rounds(20000);

	strbuf_addstr(&sb, HEAD);
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "- {type: task, at: 2026-05-19T10:00:00+07:00, "
			    "user: lan, uid: 1, task: V.%zu, role: lead, "
			    "progress: %zu}\n", i % 7 + 1, i % 101);
	st = parse_ok(fx->plan, "KT", sb.buf, sb.len);
	assert_int_equal(st->n, n);
	assert_int_equal(st->entries[n - 1].progress, (n - 1) % 101);
	assert_int_equal(st->entries[n - 1].line, n + 3);
	state_free(st);
	strbuf_release(&sb);
}

/* ---- emitting ---- */

/* The emitter's layout is the documented one, byte for byte. */
static void test_emit_canonical(void **state)
{
	struct fx *fx = *state;
	struct state *st;
	char *buf, *out;
	size_t len, olen;

	buf = read_fixture(FIXTURE("canonical-kt.yaml"), &len);
	st = parse_ok(fx->plan, "KT", buf, len);
	assert_int_equal(state_emit(st, "KT", &out, &olen), 0);
	assert_int_equal(olen, len);
	assert_string_equal(out, buf);
	free(out);
	state_free(st);
	free(buf);
}

static void test_emit_empty(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	char *out;
	size_t len;

	assert_non_null(st);
	assert_int_equal(state_emit(st, "VHXH", &out, &len), 0);
	assert_string_equal(out, "# plantrack state of department VHXH. "
			    "Written by plantrack: do not edit by hand.\n"
			    "format: 1\ndepartment: VHXH\nentries: []\n");
	state_free(st);
	st = parse_ok(fx->plan, "VHXH", out, len);
	assert_int_equal(st->n, 0);
	state_free(st);
	free(out);
}

/* Strings a resolver would take for something else stay strings. */
static void test_emit_quoting(void **state)
{
	/* Plain user names (schema_user_check) that a YAML reader would
	 * take for something else. */
	static const char *const users[] = {
		"yes", "No", "null", "NULL", "100", "2026-01-01", "1e5", "0x10",
		"5.5", "y", "on", "x$", "a@b", "lan",
	};
	struct fx *fx = *state;
	struct state *st = state_new();
	char *out, want[64];
	size_t len, i;

	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct state_entry e;

		base_entry(&e, ENTRY_SUBMIT, "2026-05-19T10:00:00+07:00", "KT",
			   users[i]);
		e.period = "h1";
		assert_int_equal(state_append(st, &e), 0);
	}
	assert_int_equal(state_emit(st, "KT", &out, &len), 0);
	assert_non_null(strstr(out, "  user: \"yes\"\n"));
	assert_non_null(strstr(out, "  user: \"null\"\n"));
	assert_non_null(strstr(out, "  user: \"1e5\"\n"));
	assert_non_null(strstr(out, "  user: \"100\"\n"));
	assert_non_null(strstr(out, "  user: \"2026-01-01\"\n"));
	assert_non_null(strstr(out, "  user: lan\n"));
	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		snprintf(want, sizeof(want), "  user: %s\n", users[i]);
		if (strcmp(users[i], "lan") && strstr(out, want))
			fail_msg("\"%s\" written plain", users[i]);
	}
	free(out);
	assert_round_trip(fx->plan, st, "KT");
	state_free(st);
}

static void test_emit_numbers(void **state)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{ 97.5, "97.5" }, { 100, "100" }, { 0, "0" }, { -0.0, "-0" },
		{ 0.1, "0.1" }, { 1e-7, "0.0000001" }, { -2.5, "-2.5" },
		{ 1e20, "100000000000000000000" },
		{ 1.0 / 3, "0.3333333333333333" },
		{ 123456.789, "123456.789" },
	};
	struct fx *fx = *state;
	struct state *st = state_new();
	char *out, want[128];
	size_t len, i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		add_value(st, "2026-05-19T10:00:00+07:00", "HCC", 1, "h1",
			  cases[i].v);
	assert_int_equal(state_emit(st, "HCC", &out, &len), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "  value: %s\n", cases[i].text);
		if (!strstr(out, want))
			fail_msg("%.17g not written as %s:\n%s", cases[i].v,
				 cases[i].text, out);
	}
	free(out);
	assert_round_trip(fx->plan, st, "HCC");
	state_free(st);
}

/* What cannot be written is refused, never written half-right. */
static void test_emit_refuses(void **state)
{
	const double bad[] = {
		(double)NAN, (double)INFINITY, -(double)INFINITY, 1e300, 1e-300
	};
	struct state_entry e;
	struct state *st;
	char *out = (char *)&e;
	size_t len = 42, i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st = state_new();
		add_value(st, "2026-05-19T10:00:00+07:00", "HCC", 1, "h1",
			  bad[i]);
		assert_int_equal(state_emit(st, "HCC", &out, &len), -1);
		assert_null(out);
		assert_int_equal(len, 0);
		state_free(st);
	}
	st = state_new();
	add_task(st, "2026-05-19T10:00:00+07:00", "KT", "II.3",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "bad \xff byte");
	assert_int_equal(state_emit(st, "KT", &out, &len), -1);
	assert_null(out);
	state_free(st);
	st = state_new();
	base_entry(&e, ENTRY_SUBMIT, "2026-05-19T10:00:00+07:00", "KT", NULL);
	e.period = "h1";
	assert_int_equal(state_append(st, &e), 0);
	assert_int_equal(state_emit(st, "KT", &out, &len), -1);
	state_free(st);
}

/* Deterministic PRNG (xorshift64*), so that a failure reproduces. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	return test_xorshift(&rng);
}

static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Text made of the pieces most likely to confuse a YAML writer. */
static char *rnd_text(struct strbuf *sb, int allow_empty)
{
	static const char *const pieces[] = {
		"\"", "'", ":", ": ", "#", " #", " ", "  ", "\n", "\t", "\n\n",
		"yes", "null", "~", "2026-01-01", "100", "-", "- ", "? ", "{",
		"}", "[", "]", ",", "&a", "*a", "!tag", "|", ">", "%", "@",
		"`", "\\", "\\n", "...", "---", "Đã hoàn thành", "Phòng Kinh tế",
		"kiến nghị, đề xuất", "ệ", "Ơ", "x", "abc",
		"\xc2\xa0",		/* no-break space */
		"\xe2\x80\xa8",		/* line separator */
		"\xef\xbb\xbf",		/* byte order mark, mid-text */
		"\xf0\x9f\x98\x80",	/* outside the BMP */
		"\xe2\x80\xa6",		/* … */
	};
	size_t n, i;

	strbuf_reset(sb);
	switch (rnd_below(12)) {
	case 0:
		break;			/* empty */
	case 1:
		/* 10 KB on one logical line. */
		while (sb->len < 10240)
			strbuf_addstr(sb, pieces[rnd_below(
				sizeof(pieces) / sizeof(pieces[0]))]);
		break;
	default:
		n = rnd_below(8) + 1;
		for (i = 0; i < n; i++)
			strbuf_addstr(sb, pieces[rnd_below(
				sizeof(pieces) / sizeof(pieces[0]))]);
		break;
	}
	if (!sb->len && !allow_empty)
		strbuf_addstr(sb, "x");
	return sb->buf;
}

/* A plain user name (schema_user_check) that YAML may misread. */
static const char *rnd_user(void)
{
	static const char *const users[] = {
		"lan", "yes", "No", "null", "100", "2026-01-01", "1e5", "x$",
		"a@b.vn", "_svc", "nguyen.van.a", "on", "0",
	};

	return users[rnd_below(sizeof(users) / sizeof(users[0]))];
}

static double rnd_value(void)
{
	double v;

	switch (rnd_below(5)) {
	case 0:
		return (double)rnd_below(101);
	case 1:
		return (double)rnd_below(100001) / 1000.0;
	case 2:
		return -(double)rnd_below(1000) / 7.0;
	case 3:
		/* Every bit of the mantissa matters. */
		v = (double)(rnd() >> 11) / 9007199254740992.0;	/* [0, 1) */
		return v * 1e6 - 5e5;
	default:
		return ldexp((double)(rnd() >> 11), -(int)rnd_below(60));
	}
}

/* Random valid entries for KT (which leads, coordinates and
 * consolidates), emitted and parsed back: the same entries. */
static void test_emit_roundtrip_property(void **state)
{
	struct fx *fx = *state;
	const struct plan *p = fx->plan;
	const char *leads[64], *coords[64];
	size_t n_leads = 0, n_coords = 0, i, round;
	struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT, s3 = STRBUF_INIT;
	struct strbuf su = STRBUF_INIT;

	for (i = 0; i < p->n_tasks && n_leads < 64 && n_coords < 64; i++) {
		if (plan_task_led_by(&p->tasks[i], "KT"))
			leads[n_leads++] = p->tasks[i].id;
		else if (plan_task_coordinated_by(p, &p->tasks[i], "KT"))
			coords[n_coords++] = p->tasks[i].id;
	}
	assert_true(n_leads > 0 && n_coords > 0);
	for (round = 0; round < 20; round++) {
		struct state *st = state_new();

		assert_non_null(st);
		time_t at = (time_t)rnd_below(2000000000u);

		for (i = 0; i < 100; i++) {
			struct state_entry e;
			int offq = (int)rnd_below(191) - 95;	/* quarters */

			memset(&e, 0, sizeof(e));
			e.kind = (enum entry_kind)rnd_below(4);
			/* In order, as the loader wants, with ties. */
			at += (time_t)rnd_below(3) * (time_t)rnd_below(1000000u);
			e.at = at;
			e.utc_offset = offq * 15 * 60;
			e.user = rnd_user();
			e.uid = (long)rnd_below(4294967295u);
			e.dept = "KT";
			if (e.kind == ENTRY_TASK) {
				e.role = rnd_below(2) ? ROLE_LEAD :
					ROLE_COORDINATING;
				e.task = e.role == ROLE_LEAD ?
					leads[rnd_below(n_leads)] :
					coords[rnd_below(n_coords)];
				do
					e.set = (unsigned)rnd_below(32);
				while (!e.set);
				if (e.role == ROLE_COORDINATING)
					e.set &= ~(SET_STATUS | SET_PROGRESS);
				if (!e.set)
					e.set = SET_RESULT;
				e.status = (enum task_status)rnd_below(3);
				e.progress = (int)rnd_below(101);
				if ((e.set & SET_STATUS) &&
				    e.status == STATUS_DONE)
					e.progress = 100;
				if (e.set & SET_RESULT)
					e.result = rnd_text(&s1, 1);
				if (e.set & SET_DIFFICULTY)
					e.difficulty = rnd_text(&s2, 1);
				if (e.set & SET_PROPOSAL)
					e.proposal = rnd_text(&s3, 1);
			} else if (e.kind == ENTRY_INDICATOR) {
				e.indicator = (int)rnd_below(
					p->n_indicators) + 1;
				e.period = p->periods[rnd_below(
					p->n_periods)].id;
				e.value = rnd_value();
				if (rnd_below(2)) {
					e.set |= SET_NOTE;
					e.note = rnd_text(&s1, 1);
				}
			} else if (e.kind == ENTRY_SECTION) {
				/* KT consolidates every period of the plan:
				 * it may write the commune's text too. */
				e.period = p->periods[rnd_below(
					p->n_periods)].id;
				e.section = (enum section_id)rnd_below(
					N_SECTIONS);
				e.commune = rnd_below(2);
				e.set = SET_TEXT;
				e.text = rnd_below(8) ? rnd_text(&s1, 1) : "";
			} else {
				e.period = p->periods[rnd_below(
					p->n_periods)].id;
				e.consolidated = rnd_below(2);
				if (!e.consolidated && rnd_below(2)) {
					e.set |= SET_WITHDRAW;
					e.withdraw = true;
				}
			}
			assert_int_equal(state_append(st, &e), 0);
		}
		assert_round_trip(p, st, "KT");
		state_free(st);
	}
	strbuf_release(&s1);
	strbuf_release(&s2);
	strbuf_release(&s3);
	strbuf_release(&su);
}

/* ---- the model ---- */

static void test_append_copies(void **state)
{
	struct state *st = state_new();
	struct state_entry e;
	char user[] = "lan", result[] = "kết quả";

	(void)state;
	base_entry(&e, ENTRY_TASK, "2026-05-19T10:00:00+07:00", "KT", user);
	e.task = "I.1";
	e.set = SET_RESULT;
	e.result = result;
	assert_int_equal(state_append(st, &e), 0);
	assert_int_equal(state_append(st, &e), 0);
	user[0] = 'X';
	result[0] = 'X';
	assert_string_equal(st->entries[0].user, "lan");
	assert_string_equal(st->entries[1].result, "kết quả");
	assert_null(st->entries[0].note);
	assert_int_equal(st->n, 2);
	state_free(st);
	state_free(NULL);
	fold_release(NULL);
}

static void test_status_names(void **state)
{
	enum task_status s;

	(void)state;
	assert_string_equal(task_status_name(STATUS_NOT_STARTED),
			    "not_started");
	assert_string_equal(task_status_name(STATUS_IN_PROGRESS),
			    "in_progress");
	assert_string_equal(task_status_name(STATUS_DONE), "done");
	assert_string_equal(task_status_label(STATUS_NOT_STARTED),
			    "Chưa thực hiện");
	assert_string_equal(task_status_label(STATUS_IN_PROGRESS),
			    "Đang thực hiện");
	assert_string_equal(task_status_label(STATUS_DONE), "Đã hoàn thành");
	assert_int_equal(task_status_parse("done", &s), 0);
	assert_int_equal(s, STATUS_DONE);
	assert_int_equal(task_status_parse("in_progress", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
	assert_int_equal(task_status_parse("not_started", &s), 0);
	assert_int_equal(s, STATUS_NOT_STARTED);
	/* The words of the report forms, with or without accents, in any
	 * case; the names with spaces or hyphens. */
	assert_int_equal(task_status_parse("Đang thực hiện", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
	assert_int_equal(task_status_parse("dang thuc hien", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
	assert_int_equal(task_status_parse("ĐANG THỰC HIỆN", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
	assert_int_equal(task_status_parse("Chưa thực hiện", &s), 0);
	assert_int_equal(s, STATUS_NOT_STARTED);
	assert_int_equal(task_status_parse("Hoàn thành", &s), 0);
	assert_int_equal(s, STATUS_DONE);
	s = STATUS_NOT_STARTED;
	assert_int_equal(task_status_parse("da hoan thanh", &s), 0);
	assert_int_equal(s, STATUS_DONE);
	assert_int_equal(task_status_parse("In-Progress", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
	assert_int_equal(task_status_parse("Done", &s), 0);
	assert_int_equal(s, STATUS_DONE);
	s = STATUS_DONE;
	assert_int_equal(task_status_parse("finished", &s), -1);
	assert_int_equal(task_status_parse("đang", &s), -1);
	assert_int_equal(task_status_parse("thực hiện", &s), -1);
	assert_int_equal(task_status_parse("", &s), -1);
	assert_int_equal(task_status_parse("\xff", &s), -1);
	assert_int_equal(task_status_parse(NULL, &s), -1);
	assert_int_equal(s, STATUS_DONE);
}

/* ---- loading every department ---- */

/* KT's and HCC's files merge by time; ties go to KT, the earlier
 * department of the plan, and within a file to file order. */
static void test_load_all(void **state)
{
	static const struct {
		const char *dept;
		const char *at;
		enum entry_kind kind;
	} want[] = {
		{ "HCC", "2026-05-19T09:00:00+07:00", ENTRY_TASK },
		{ "KT", "2026-05-19T10:00:00+07:00", ENTRY_TASK },
		{ "KT", "2026-05-19T10:05:00+07:00", ENTRY_TASK },
		{ "KT", "2026-05-19T11:00:00+07:00", ENTRY_INDICATOR },
		{ "HCC", "2026-05-19T11:30:00+07:00", ENTRY_INDICATOR },
		{ "KT", "2026-05-20T09:00:00+07:00", ENTRY_TASK },
		{ "HCC", "2026-05-20T15:00:00+07:00", ENTRY_SUBMIT },
		{ "KT", "2026-05-20T16:00:00+07:00", ENTRY_SUBMIT },
		{ "HCC", "2026-05-20T16:00:00+07:00", ENTRY_TASK },
		{ "KT", "2026-05-21T08:30:00+07:00", ENTRY_SUBMIT },
	};
	struct fx *fx = *state;
	struct state *st = NULL;
	size_t i;

	install(fx, "KT", FIXTURE("kt.yaml"));
	install(fx, "HCC", FIXTURE("hcc.yaml"));
	assert_int_equal(state_load_all(fx->dir, fx->plan, 0, stderr, &st), 0);
	assert_non_null(st);
	assert_int_equal(st->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < st->n; i++) {
		if (strcmp(st->entries[i].dept, want[i].dept) ||
		    st->entries[i].at != T(want[i].at) ||
		    st->entries[i].kind != want[i].kind)
			fail_msg("entry %zu is %s at %ld", i,
				 st->entries[i].dept,
				 (long)st->entries[i].at);
	}
	/* The files' own positions survive the merge. */
	assert_int_equal(st->entries[9].line, 44);
	state_free(st);
	assert_string_equal(cap_close(&fx->cap), "");
}

static void test_load_all_nothing_yet(void **state)
{
	struct fx *fx = *state;
	struct state *st = NULL;
	char path[512];

	/* No departments directory at all. */
	assert_int_equal(state_load_all(fx->dir, fx->plan, 0, stderr, &st), 0);
	assert_int_equal(st->n, 0);
	state_free(st);
	/* Directories without files, and a file with no entries. */
	snprintf(path, sizeof(path), "%s/departments", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/departments/KT", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	install(fx, "DVC", FIXTURE("no-entries.yaml"));
	st = NULL;
	assert_int_equal(state_load_all(fx->dir, fx->plan, 0, stderr, &st), 0);
	assert_int_equal(st->n, 0);
	state_free(st);
	assert_string_equal(cap_close(&fx->cap), "");
}

/* Every bad file is reported, with its path, and nothing is returned. */
static void test_load_all_errors(void **state)
{
	struct fx *fx = *state;
	struct capture c;
	struct state *st = (struct state *)fx;
	char path[512], want[1024];

	install(fx, "KT", FIXTURE("hcc.yaml"));		/* wrong department */
	install(fx, "HCC", FIXTURE("hcc.yaml"));
	snprintf(path, sizeof(path), "%s/departments/DVC", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	/* DVC's state.yaml is a directory: a read error, not "nothing". */
	snprintf(path, sizeof(path), "%s/departments/DVC/state.yaml", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	cap_open(&c);
	assert_int_equal(state_load_all(fx->dir, fx->plan, 0, c.f, &st),
			 EX_DATAERR);
	assert_null(st);
	cap_close(&c);
	snprintf(want, sizeof(want), "%s/departments/KT/state.yaml:3:13: "
		 "department 'HCC' does not match this file's department KT\n",
		 fx->dir);
	assert_non_null(strstr(c.buf, want));
	/* HCC's task entry: HCC leads II.3, KT does not. */
	snprintf(want, sizeof(want), "%s/departments/KT/state.yaml:7:10: "
		 "department KT does not lead task II.3 (led by HCC)\n",
		 fx->dir);
	if (!strstr(c.buf, want))
		fail_msg("want\n%sgot\n%s", want, c.buf);
	cap_free(&c);
	cap_close(&fx->cap);
	snprintf(want, sizeof(want), "cannot read %s/departments/DVC/"
		 "state.yaml: not a regular file", fx->dir);
	assert_non_null(strstr(fx->cap.buf, want));
}

/* ---- folding ---- */

static struct state *load_fixtures(struct fx *fx)
{
	struct state *st = NULL;

	install(fx, "KT", FIXTURE("kt.yaml"));
	install(fx, "HCC", FIXTURE("hcc.yaml"));
	assert_int_equal(state_load_all(fx->dir, fx->plan, 0, stderr, &st), 0);
	return st;
}

static void test_fold_shape(void **state)
{
	struct fx *fx = *state;
	const struct plan *p = fx->plan;
	struct state *st = state_new();
	struct fold f;
	size_t i, n = 0;

	assert_int_equal(state_fold(st, p, T("2030-01-01T00:00:00Z"), &f), 0);
	for (i = 0; i < p->n_tasks; i++)
		n += p->tasks[i].lead.n;
	assert_int_equal(f.n_leads, n);
	assert_int_equal(f.n_leads, 28);	/* 25 tasks, V.8 x2, V.9 x3 */
	/* Plan order: tasks, then leads in lead order. */
	assert_string_equal(f.leads[0].task->id, "I.1");
	assert_string_equal(f.leads[0].dept, "KT");
	for (i = 0; i < f.n_leads; i++) {
		assert_false(f.leads[i].reported);
		assert_int_equal(f.leads[i].status, STATUS_NOT_STARTED);
		assert_int_equal(f.leads[i].progress, 0);
		assert_int_equal(f.leads[i].cur, 0);
		assert_null(fold_lead_texts(&f, &f.leads[i])->result);
		assert_int_equal(fold_lead_texts(&f, &f.leads[i])->last_update,
				 0);
		assert_null(fold_lead_texts(&f, &f.leads[i])->last_user);
	}
	assert_int_equal(f.n_notes, 0);
	assert_int_equal(f.n_values, p->n_indicators * p->n_periods);
	assert_int_equal(f.values[0].indicator->number, 1);
	assert_string_equal(f.values[0].period, "h1");
	assert_string_equal(f.values[1].period, "annual");
	assert_int_equal(f.values[2].indicator->number, 2);
	assert_int_equal(f.n_subs, p->n_periods * (p->n_depts + 1));
	/* Per period: each department, then the consolidated report. */
	assert_string_equal(f.subs[0].dept, "KT");
	assert_string_equal(f.subs[0].period, "h1");
	assert_false(f.subs[0].consolidated);
	assert_string_equal(f.subs[3].dept, "DVC");
	assert_string_equal(f.subs[4].dept, "KT");
	assert_true(f.subs[4].consolidated);
	assert_string_equal(f.subs[5].period, "annual");
	for (i = 0; i < f.n_subs; i++)
		assert_false(f.subs[i].present);
	assert_null(fold_lead(&f, "II.3", "KT"));
	assert_null(fold_lead(&f, "IX.1", "KT"));
	assert_ptr_equal(fold_lead(&f, "V.9", "VHXH"), &f.leads[25]);
	fold_release(&f);
	assert_null(f.leads);
	fold_release(&f);	/* twice is fine */
	state_free(st);
}

static void test_fold_instants(void **state)
{
	struct fx *fx = *state;
	struct state *st = load_fixtures(fx);
	const struct task_lead_state *l;
	const struct indicator_value *v;
	const struct submission *s;
	struct fold f;

	/* Before anything was recorded. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-19T08:59:59+07:00"), &f), 0);
	assert_false(fold_lead(&f, "II.3", "HCC")->reported);
	assert_false(fold_lead(&f, "I.1", "KT")->reported);
	assert_false(find_value(&f, 1, "h1")->present);
	fold_release(&f);

	/* Exactly at an entry: it counts. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-19T10:00:00+07:00"), &f), 0);
	l = fold_lead(&f, "I.1", "KT");
	assert_true(l->reported);
	assert_int_equal(l->status, STATUS_IN_PROGRESS);
	assert_int_equal(l->progress, 50);
	assert_string_equal(fold_lead_texts(&f, l)->result,
			    "Đã rà soát 12 thủ tục");
	assert_int_equal(fold_lead_texts(&f, l)->last_update,
			 T("2026-05-19T10:00:00+07:00"));
	assert_string_equal(fold_lead_texts(&f, l)->last_user, "lan");
	l = fold_lead(&f, "II.3", "HCC");
	assert_true(l->reported);
	assert_int_equal(l->status, STATUS_IN_PROGRESS);
	assert_int_equal(l->progress, 0);
	assert_null(fold_lead_texts(&f, l)->result);
	/* KT's coordinating note comes five minutes later. */
	assert_int_equal(f.n_notes, 0);
	fold_release(&f);

	/* Between: KT's value is not the monitoring department's. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-19T11:15:00+07:00"), &f), 0);
	assert_int_equal(f.n_notes, 1);
	assert_string_equal(f.notes[0].task->id, "II.3");
	assert_string_equal(f.notes[0].dept, "KT");
	assert_string_equal(f.notes[0].result, "Đã gửi góp ý");
	assert_int_equal(f.notes[0].at, T("2026-05-19T10:05:00+07:00"));
	assert_false(find_value(&f, 1, "h1")->present);
	fold_release(&f);

	/* After everything. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-12-31T23:59:59+07:00"), &f), 0);
	l = fold_lead(&f, "II.3", "HCC");
	assert_int_equal(l->status, STATUS_IN_PROGRESS);
	assert_int_equal(l->progress, 80);
	assert_null(fold_lead_texts(&f, l)->result);		/* "" withdrew it */
	assert_int_equal(fold_lead_texts(&f, l)->last_update,
			 T("2026-05-20T16:00:00+07:00"));
	assert_string_equal(fold_lead_texts(&f, l)->last_user, "hoa");
	l = fold_lead(&f, "V.9", "KT");
	assert_int_equal(l->status, STATUS_DONE);
	assert_int_equal(l->progress, 100);	/* done implies 100 */
	assert_false(fold_lead(&f, "V.9", "DVC")->reported);
	v = find_value(&f, 1, "h1");
	assert_true(v->present);
	assert_true(v->value == 98);
	assert_null(v->note);
	assert_int_equal(v->at, T("2026-05-19T11:30:00+07:00"));
	assert_false(find_value(&f, 1, "annual")->present);
	s = find_sub(&f, "KT", "h1", false);
	assert_true(s->present);
	assert_int_equal(s->first_at, T("2026-05-20T16:00:00+07:00"));
	assert_int_equal(s->last_at, T("2026-05-20T16:00:00+07:00"));
	s = find_sub(&f, "HCC", "h1", false);
	assert_true(s->present);
	assert_int_equal(s->first_at, T("2026-05-20T15:00:00+07:00"));
	s = find_sub(&f, "KT", "h1", true);
	assert_true(s->present);
	assert_int_equal(s->first_at, T("2026-05-21T08:30:00+07:00"));
	assert_false(find_sub(&f, "VHXH", "h1", false)->present);
	assert_false(find_sub(&f, "KT", "annual", true)->present);
	fold_release(&f);
	state_free(st);
}

/* V.9 has three leads; each folds only its own entries. */
static void test_fold_multi_lead(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	const struct task_lead_state *kt, *dvc, *vhxh;
	struct fold f;

	add_task(st, "2026-03-01T08:00:00+07:00", "KT", "V.9", ROLE_LEAD,
		 SET_STATUS | SET_PROGRESS, STATUS_IN_PROGRESS, 30, NULL);
	add_task(st, "2026-03-02T08:00:00+07:00", "DVC", "V.9", ROLE_LEAD,
		 SET_RESULT, 0, 0, "DVC result");
	add_task(st, "2026-03-03T08:00:00+07:00", "KT", "V.9", ROLE_LEAD,
		 SET_PROGRESS, 0, 60, NULL);
	add_task(st, "2026-03-04T08:00:00+07:00", "DVC", "V.9", ROLE_LEAD,
		 SET_STATUS, STATUS_DONE, 0, NULL);
	/* A progress after done: the later entry wins. */
	add_task(st, "2026-03-05T08:00:00+07:00", "KT", "V.9", ROLE_LEAD,
		 SET_STATUS, STATUS_DONE, 0, NULL);
	add_task(st, "2026-03-06T08:00:00+07:00", "KT", "V.9", ROLE_LEAD,
		 SET_RESULT, 0, 0, "KT result");

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-03-03T12:00:00+07:00"), &f), 0);
	kt = fold_lead(&f, "V.9", "KT");
	dvc = fold_lead(&f, "V.9", "DVC");
	vhxh = fold_lead(&f, "V.9", "VHXH");
	assert_int_equal(kt->status, STATUS_IN_PROGRESS);
	assert_int_equal(kt->progress, 60);
	assert_null(fold_lead_texts(&f, kt)->result);
	assert_int_equal(dvc->status, STATUS_NOT_STARTED);
	assert_true(dvc->reported);
	assert_string_equal(fold_lead_texts(&f, dvc)->result,
			    "DVC result");
	assert_false(vhxh->reported);
	/* Lead order of the plan: KT, DVC, VHXH. */
	assert_ptr_equal(dvc, kt + 1);
	assert_ptr_equal(vhxh, kt + 2);
	fold_release(&f);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-12-31T00:00:00+07:00"), &f), 0);
	kt = fold_lead(&f, "V.9", "KT");
	dvc = fold_lead(&f, "V.9", "DVC");
	assert_int_equal(kt->status, STATUS_DONE);
	assert_int_equal(kt->progress, 100);
	assert_string_equal(fold_lead_texts(&f, kt)->result, "KT result");
	assert_int_equal(fold_lead_texts(&f, kt)->last_update,
			 T("2026-03-06T08:00:00+07:00"));
	assert_int_equal(dvc->status, STATUS_DONE);
	assert_int_equal(dvc->progress, 100);
	assert_string_equal(fold_lead_texts(&f, dvc)->result,
			    "DVC result");
	assert_int_equal(fold_lead_texts(&f, dvc)->last_update,
			 T("2026-03-04T08:00:00+07:00"));
	fold_release(&f);
	state_free(st);
}

/* One note per (task, coordinating department): its latest result;
 * notes by task (plan order) then time. */
static void test_fold_notes(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	struct fold f;

	add_task(st, "2026-04-01T08:00:00+07:00", "KT", "II.3",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "KT first");
	add_task(st, "2026-04-02T08:00:00+07:00", "VHXH", "II.3",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "VHXH on II.3");
	add_task(st, "2026-04-03T08:00:00+07:00", "KT", "II.3",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "KT second");
	add_task(st, "2026-04-03T09:00:00+07:00", "KT", "II.1",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "KT on II.1");
	/* A difficulty alone is no note. */
	add_task(st, "2026-04-03T10:00:00+07:00", "DVC", "II.3",
		 ROLE_COORDINATING, SET_DIFFICULTY, 0, 0, NULL);
	add_task(st, "2026-04-04T08:00:00+07:00", "DVC", "II.2",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "DVC on II.2");
	add_task(st, "2026-04-05T08:00:00+07:00", "DVC", "II.2",
		 ROLE_COORDINATING, SET_RESULT, 0, 0, "");

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-04-04T12:00:00+07:00"), &f), 0);
	assert_int_equal(f.n_notes, 4);
	assert_string_equal(f.notes[0].task->id, "II.1");
	assert_string_equal(f.notes[0].result, "KT on II.1");
	assert_string_equal(f.notes[1].task->id, "II.2");
	assert_string_equal(f.notes[1].dept, "DVC");
	assert_string_equal(f.notes[2].task->id, "II.3");
	assert_string_equal(f.notes[2].dept, "VHXH");
	assert_string_equal(f.notes[3].dept, "KT");
	assert_string_equal(f.notes[3].result, "KT second");
	assert_int_equal(f.notes[3].at, T("2026-04-03T08:00:00+07:00"));
	/* Coordinating notes never touch the leads' state. */
	assert_false(fold_lead(&f, "II.3", "HCC")->reported);
	fold_release(&f);

	/* Before KT's second note, its first one stands; DVC later
	 * withdrew its note on II.2. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-04-02T12:00:00+07:00"), &f), 0);
	assert_int_equal(f.n_notes, 2);
	assert_string_equal(f.notes[0].result, "KT first");
	assert_string_equal(f.notes[1].result, "VHXH on II.3");
	fold_release(&f);
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-04-06T00:00:00+07:00"), &f), 0);
	assert_int_equal(f.n_notes, 3);
	assert_string_equal(f.notes[1].task->id, "II.3");
	fold_release(&f);
	state_free(st);
}

static void test_fold_indicators(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	const struct indicator_value *v;
	struct fold f;

	add_value(st, "2026-05-01T08:00:00+07:00", "HCC", 2, "h1", 70);
	add_value(st, "2026-05-02T08:00:00+07:00", "KT", 2, "h1", 99);
	add_value(st, "2026-05-03T08:00:00+07:00", "HCC", 2, "h1", 85.25);
	add_value(st, "2026-05-04T08:00:00+07:00", "HCC", 2, "annual", 60);
	add_value(st, "2026-05-05T08:00:00+07:00", "VHXH", 3, "h1", 100);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-02T12:00:00+07:00"), &f), 0);
	v = find_value(&f, 2, "h1");
	assert_true(v->present);
	assert_true(v->value == 70);	/* KT's 99 does not count */
	assert_int_equal(v->at, T("2026-05-01T08:00:00+07:00"));
	fold_release(&f);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-06-01T00:00:00+07:00"), &f), 0);
	assert_true(find_value(&f, 2, "h1")->value == 85.25);
	assert_true(find_value(&f, 2, "annual")->value == 60);
	assert_false(find_value(&f, 3, "h1")->present);
	assert_false(find_value(&f, 1, "h1")->present);
	fold_release(&f);
	state_free(st);
}

static void test_fold_submissions(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	const struct submission *s;
	struct fold f;

	add_submit(st, "2026-05-18T08:00:00+07:00", "VHXH", "h1", false);
	add_submit(st, "2026-05-19T08:00:00+07:00", "VHXH", "h1", false);
	add_submit(st, "2026-05-22T08:00:00+07:00", "VHXH", "h1", false);
	add_submit(st, "2026-05-21T08:00:00+07:00", "KT", "h1", true);
	add_submit(st, "2026-05-21T09:00:00+07:00", "KT", "h1", true);
	/* Unchecked entries: a consolidated report from a department that
	 * does not consolidate, and an unknown period. */
	add_submit(st, "2026-05-21T10:00:00+07:00", "HCC", "h1", true);
	add_submit(st, "2026-05-21T10:00:00+07:00", "HCC", "q3", false);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-21T08:30:00+07:00"), &f), 0);
	s = find_sub(&f, "VHXH", "h1", false);
	assert_true(s->present);
	assert_int_equal(s->first_at, T("2026-05-18T08:00:00+07:00"));
	assert_int_equal(s->last_at, T("2026-05-19T08:00:00+07:00"));
	s = find_sub(&f, "KT", "h1", true);
	assert_int_equal(s->first_at, T("2026-05-21T08:00:00+07:00"));
	assert_int_equal(s->last_at, T("2026-05-21T08:00:00+07:00"));
	/* The consolidated report is not KT's own department report. */
	assert_false(find_sub(&f, "KT", "h1", false)->present);
	fold_release(&f);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-06-01T00:00:00+07:00"), &f), 0);
	s = find_sub(&f, "VHXH", "h1", false);
	assert_int_equal(s->last_at, T("2026-05-22T08:00:00+07:00"));
	assert_int_equal(find_sub(&f, "KT", "h1", true)->last_at,
			 T("2026-05-21T09:00:00+07:00"));
	assert_false(find_sub(&f, "HCC", "h1", false)->present);
	assert_false(find_sub(&f, "VHXH", "annual", false)->present);
	fold_release(&f);
	state_free(st);
}

static const struct section_text *find_text(const struct fold *f,
					    const char *dept, bool commune,
					    enum section_id sec)
{
	const struct section_text *t = fold_section(f, "h1", dept, commune,
						    sec);

	assert_non_null(t);
	return t;
}

/* A section's text: the latest one at the instant, "" takes it back; a
 * department's own text and the commune's are apart, and only the
 * period's consolidator writes the commune's. */
static void test_fold_sections(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	const struct section_text *t;
	struct fold f;

	add_section(st, "2026-05-10T08:00:00+07:00", "HCC", "h1",
		    SECTION_HIGHLIGHTS, false, "Bản đầu");
	add_section(st, "2026-05-12T08:00:00+07:00", "HCC", "h1",
		    SECTION_HIGHLIGHTS, false, "Bản sửa\n\nĐoạn hai");
	add_section(st, "2026-05-13T08:00:00+07:00", "KT", "h1",
		    SECTION_HIGHLIGHTS, true, "Của xã");
	add_section(st, "2026-05-14T08:00:00+07:00", "KT", "h1",
		    SECTION_HIGHLIGHTS, false, "Của phòng");
	add_section(st, "2026-05-15T08:00:00+07:00", "HCC", "h1",
		    SECTION_OUTLOOK, false, "Sẽ làm");
	add_section(st, "2026-05-25T08:00:00+07:00", "HCC", "h1",
		    SECTION_OUTLOOK, false, "");
	/* Unchecked entries: the commune's text from a department that
	 * does not consolidate, an unknown period and section. */
	add_section(st, "2026-05-16T08:00:00+07:00", "HCC", "h1",
		    SECTION_CAUSES, true, "Không được");
	add_section(st, "2026-05-16T08:00:00+07:00", "HCC", "q3",
		    SECTION_CAUSES, false, "Không được");
	add_section(st, "2026-05-16T08:00:00+07:00", "HCC", "h1",
		    (enum section_id)N_SECTIONS, false, "Không được");

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-11T00:00:00+07:00"), &f), 0);
	assert_int_equal(f.n_sections, fx->plan->n_periods *
			 (fx->plan->n_depts + 1) * N_SECTIONS);
	t = find_text(&f, "HCC", false, SECTION_HIGHLIGHTS);
	assert_string_equal(t->text, "Bản đầu");
	assert_string_equal(t->period, "h1");
	assert_string_equal(t->dept, "HCC");
	assert_int_equal(t->at, T("2026-05-10T08:00:00+07:00"));
	assert_null(find_text(&f, "KT", true, SECTION_HIGHLIGHTS)->text);
	fold_release(&f);

	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-05-20T00:00:00+07:00"), &f), 0);
	t = find_text(&f, "HCC", false, SECTION_HIGHLIGHTS);
	assert_string_equal(t->text, "Bản sửa\n\nĐoạn hai");
	assert_string_equal(t->user, "u");
	t = find_text(&f, NULL, true, SECTION_HIGHLIGHTS);
	assert_string_equal(t->text, "Của xã");
	assert_string_equal(t->dept, "KT");
	assert_true(t->commune);
	assert_string_equal(find_text(&f, "KT", false,
				      SECTION_HIGHLIGHTS)->text, "Của phòng");
	assert_string_equal(find_text(&f, "HCC", false,
				      SECTION_OUTLOOK)->text, "Sẽ làm");
	assert_null(find_text(&f, NULL, true, SECTION_CAUSES)->text);
	assert_null(find_text(&f, "HCC", false, SECTION_CAUSES)->text);
	assert_null(fold_section(&f, "q3", "HCC", false, SECTION_CAUSES));
	assert_null(fold_section(&f, "h1", "XYZ", false, SECTION_CAUSES));
	assert_null(fold_section(&f, "h1", "HCC", false,
				 (enum section_id)N_SECTIONS));
	assert_null(fold_section(NULL, "h1", "HCC", false, SECTION_CAUSES));
	fold_release(&f);

	/* Cleared with "": none, and no time of its own. */
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-06-01T00:00:00+07:00"), &f), 0);
	t = find_text(&f, "HCC", false, SECTION_OUTLOOK);
	assert_null(t->text);
	assert_int_equal(t->at, 0);
	fold_release(&f);
	state_free(st);
}

/* Entries the loader would have refused are ignored, not trusted. */
static void test_fold_ignores_strangers(void **state)
{
	struct fx *fx = *state;
	struct state *st = state_new();
	struct fold f;
	size_t i;

	add_task(st, "2026-05-01T08:00:00+07:00", "HCC", "V.9", ROLE_LEAD,
		 SET_STATUS, STATUS_DONE, 0, NULL);
	add_task(st, "2026-05-01T08:00:00+07:00", "KT", "IX.9", ROLE_LEAD,
		 SET_STATUS, STATUS_DONE, 0, NULL);
	add_value(st, "2026-05-01T08:00:00+07:00", "HCC", 42, "h1", 1);
	add_value(st, "2026-05-01T08:00:00+07:00", "HCC", 1, "q3", 1);
	assert_int_equal(state_fold(st, fx->plan,
				    T("2026-06-01T00:00:00+07:00"), &f), 0);
	for (i = 0; i < f.n_leads; i++)
		assert_false(f.leads[i].reported);
	for (i = 0; i < f.n_values; i++)
		assert_false(f.values[i].present);
	fold_release(&f);
	state_free(st);
}

/* A plan of 20 000 tasks with 100 000 entries folds in well under a
 * second: nested linear scans would take minutes. */
static void test_fold_large(void **state)
{
	struct fx *fx = *state;
	const struct plan *real = fx->plan;
	struct plan p;
	struct plan_task *tasks;
	struct state *st = state_new();
	struct state_entry e;
	struct fold f;
	char (*ids)[16];
	const char *lead_codes[] = { "KT", "DVC" };
	size_t n = 20000, i;
	clock_t c0;
	double secs;

	p = *real;
	tasks = calloc(n, sizeof(*tasks));
	ids = calloc(n, sizeof(*ids));
	assert_non_null(tasks);
	assert_non_null(ids);
	for (i = 0; i < n; i++) {
		snprintf(ids[i], sizeof(ids[i]), "T.%zu", n - i);
		tasks[i] = real->tasks[0];
		tasks[i].id = ids[i];
		tasks[i].lead.codes = lead_codes;
		tasks[i].lead.n = 1 + i % 2;
	}
	p.tasks = tasks;
	p.n_tasks = n;
	p.index = NULL;		/* the real plan's is not this one's */
	assert_int_equal(plan_index_build(&p), 0);
	for (i = 0; i < 5 * n; i++) {
		base_entry(&e, ENTRY_TASK, "2026-05-01T08:00:00+07:00",
			   i % 3 ? "KT" : "DVC", "u");
		e.at += (time_t)i;
		e.task = ids[(i * 7919) % n];
		e.role = i % 5 ? ROLE_LEAD : ROLE_COORDINATING;
		e.set = SET_PROGRESS | SET_RESULT;
		e.progress = (int)(i % 101);
		e.result = "r";
		assert_int_equal(state_append(st, &e), 0);
	}
	c0 = clock();
	assert_int_equal(state_fold(st, &p, T("2030-01-01T00:00:00Z"), &f), 0);
	secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	assert_int_equal(f.n_leads, n + n / 2);
	assert_true(fold_lead(&f, "T.1", "DVC") != NULL);
	assert_true(fold_lead(&f, "T.1", "KT")->reported);
	assert_true(f.n_notes > 0);
	/* Generous, for valgrind; the quadratic version needs minutes. */
	if (secs > 20)
		fail_msg("fold took %.1f s", secs);
	fold_release(&f);
	state_free(st);
	plan_index_release(&p);
	free(ids);
	free(tasks);
}

/* state_text_plain against schema_text_check, on random text of the kind
 * it is given (valid UTF-8 in NFC without control characters): the same
 * answer for every limit, bidi controls and their neighbours included. */
static void test_text_plain_random(void **state)
{
	static const char *const bits[] = {
		"a", " ", "\n", "\t", "ế", "ơ", "đ", "Ư", "\xe2\x80\x93",
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xae", "\xe2\x80\xaf",
		"\xe2\x80\xa9", "\xe2\x81\xa5", "\xe2\x81\xa6", "\xe2\x81\xa9",
		"\xe2\x81\xaa", "\xe2\x80\x8e", "\xe2\x82\xac", "\xe1\xbb\x87",
		"\xef\xbb\xbf", "\xf0\x9f\x98\x80", "\xd8\x9c",
	};
	const size_t nbits = sizeof(bits) / sizeof(bits[0]);
	unsigned seed = 99;
	size_t n_plain = 0, n_tested = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		struct text_issue issue;
		unsigned flags;
		char s[128];
		size_t len = 0, k, max;

		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % 10;
		s[0] = '\0';
		while (k--) {
			const char *b;

			seed = seed * 1103515245u + 12345u;
			b = bits[(seed >> 8) % nbits];
			if (len + strlen(b) >= sizeof(s))
				break;
			memcpy(s + len, b, strlen(b) + 1);
			len += strlen(b);
		}
		if (utf8_scan(s, len, &flags) != len ||
		    (flags & UTF8_CONTROLS) || !utf8_is_nfc(s, len))
			continue;
		seed = seed * 1103515245u + 12345u;
		max = (seed >> 16) % 3 == 0 ? len : (seed >> 16) % 40;
		n_tested++;
		n_plain += state_text_plain(s, len, max) != 0;
		assert_int_equal(state_text_plain(s, len, max) != 0,
				 schema_text_check(s, len, max, &issue) == 0);
	}
	assert_true(n_tested > 10000);
	assert_true(n_plain > 1000 && n_plain < n_tested - 1000);
}

/* The loader remembers which schema row each key names: a key met
 * before, in another entry or type, is still told apart from every other
 * (a duplicate is the same key, never a different one in the same slot),
 * and a key with an escaped NUL is what strcmp makes of it, as before. */
static void test_parse_keys_remembered(void **state)
{
	static const char *const keys[] = {
		"type", "at", "user", "uid", "task", "role", "status",
		"progress", "result",
	};
	static const char *const vals[] = {
		"task", "2026-05-19T10:00:00+07:00", "lan", "1001", "I.1",
		"lead", "in_progress", "10", "x",
	};
	struct fx *fx = *state;
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct state *st;
	size_t i, j, n = sizeof(keys) / sizeof(keys[0]);

	for (i = 0; i < n; i++) {
		strbuf_reset(&sb);
		strbuf_reset(&want);
		strbuf_addstr(&sb, HEAD);
		/* A valid entry, its keys in another order each time. */
		for (j = 0; j < n; j++)
			strbuf_addf(&sb, "%s%s: %s\n", j ? "  " : "- ",
				    keys[(i + j) % n], vals[(i + j) % n]);
		/* The same with key i twice: lines 4 + n ... */
		for (j = 0; j < n; j++)
			strbuf_addf(&sb, "%s%s: %s\n", j ? "  " : "- ",
				    keys[j], vals[j]);
		strbuf_addf(&sb, "  %s: %s\n", keys[i], vals[i]);
		strbuf_addf(&want, "t.yaml:%zu:3: duplicate key '%s' (first "
			    "at %zu:3)\n", 4 + 2 * n, keys[i], 4 + n + i);
		expect_errors(fx->plan, "KT", sb.buf, sb.len, want.buf);
	}
	/* An escaped NUL ends the key for strcmp, as it always did. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD);
	for (j = 0; j < n; j++)
		strbuf_addf(&sb, "%s%s: %s\n", j ? "  " : "- ", keys[j],
			    vals[j]);
	strbuf_addstr(&sb, "  \"result\\0x\": y\n");
	expect_errors(fx->plan, "KT", sb.buf, sb.len,
		      "t.yaml:13:3: duplicate key 'result' (first at 12:3)\n");
	/* Near misses are unknown, however often the right key came. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD);
	for (j = 0; j < n; j++)
		strbuf_addf(&sb, "%s%s: %s\n", j ? "  " : "- ", keys[j],
			    vals[j]);
	strbuf_addstr(&sb, "  statu: y\n");
	st = NULL;
	{
		struct capture c;

		cap_open(&c);
		assert_int_equal(state_parse("t.yaml", sb.buf, sb.len,
					     fx->plan, "KT", TEST_NOW, c.f,
					     &st), EX_DATAERR);
		cap_close(&c);
		assert_non_null(strstr(c.buf, "t.yaml:13:3: unknown key "
				       "'statu' in an entry"));
		cap_free(&c);
	}
	strbuf_release(&sb);
	strbuf_release(&want);
}

/* state_sort against a plain stable insertion sort: random run
 * structures (a few long runs as department files make, many short ones,
 * descending, one), times from a small range so that ties abound, each
 * entry tagged (line) to see that ties keep their order. */
static void test_sort_random(void **state)
{
	unsigned seed = 7;

	(void)state;
	for (int round = 0; round < 400; round++) {
		struct state *st = state_new();
		struct state_entry e, *want, tmp;
		size_t n, i, j, runlen;
		time_t t = 0;

		assert_non_null(st);
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 300;
		seed = seed * 1103515245u + 12345u;
		runlen = 1 + (seed >> 16) % (round % 4 == 0 ? 2 : 120);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			memset(&e, 0, sizeof(e));
			if (i % runlen == 0)
				t = (time_t)((seed >> 16) % 40);
			else if (round % 7 == 3)
				t -= (time_t)((seed >> 16) % 2);	/* down */
			else
				t += (time_t)((seed >> 16) % 3);
			e.at = t;
			e.line = (unsigned long)i;
			assert_int_equal(state_push(st, &e), 0);
		}
		want = malloc((n + 1) * sizeof(*want));
		assert_non_null(want);
		if (n)
			memcpy(want, st->entries, n * sizeof(*want));
		for (i = 1; i < n; i++) {
			tmp = want[i];
			for (j = i; j > 0 && want[j - 1].at > tmp.at; j--)
				want[j] = want[j - 1];
			want[j] = tmp;
		}
		assert_int_equal(state_sort(st), 0);
		assert_int_equal(st->n, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(st->entries[i].at, want[i].at);
			assert_int_equal(st->entries[i].line, want[i].line);
		}
		free(want);
		state_free(st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_fixture, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_parse_fixture_unusual,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_empty, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_parse_errors_fixture,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_parse_errors_all_reported,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_hostile, setup,
						teardown),
		cmocka_unit_test(test_text_plain_random),
		cmocka_unit_test(test_sort_random),
		cmocka_unit_test_setup_teardown(test_parse_keys_remembered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_many, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_canonical, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_empty, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_quoting, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_refuses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_emit_roundtrip_property,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_copies, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_status_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_all, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_all_nothing_yet,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_all_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_shape, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_instants, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_multi_lead, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_notes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_indicators, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_submissions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_sections, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fold_ignores_strangers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_large, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
