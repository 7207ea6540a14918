/* test_plan_load.c: the loader on the real plan, on a small fixture, on
 * one mistake at a time, on many mistakes, and on hostile input; and the
 * queries of plan.c. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "plantrack/date.h"
#include "plantrack/plan_load.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"

#define MINIMAL SRCPATH("tests/fixtures/plan/minimal.yaml")

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	assert_false(ferror(f));
	fclose(f);
	return strbuf_detach(&sb, len);
}

/* base with the one occurrence of old replaced by new (malloc'd). */
static char *mutate(const char *base, const char *old, const char *new)
{
	struct strbuf sb = STRBUF_INIT;
	const char *at = strstr(base, old);

	assert_non_null(at);
	/* Exactly one: a test must not edit a place it did not mean. */
	assert_null(strstr(at + 1, old));
	strbuf_add(&sb, base, (size_t)(at - base));
	strbuf_addstr(&sb, new);
	strbuf_addstr(&sb, at + strlen(old));
	return strbuf_detach(&sb, NULL);
}

/* Loads buf as "m.yaml"; returns the status, the messages in *errs. */
static int load_buf(const char *buf, size_t len, char **errs,
		    struct plan **out)
{
	struct capture cap;
	int rc;

	struct plan *adopted = (struct plan *)1;
	char *copy = malloc(len ? len : 1);
	int rc2;

	cap_open(&cap);
	*out = (struct plan *)1;	/* must be reset on every path */
	rc = plan_load_mem("m.yaml", buf, len, cap.f, out);
	*errs = strdup(cap_close(&cap));
	cap_free(&cap);
	/* Loaded from a buffer it keeps, the same answer and messages
	 * (test_snapshot compares the plans themselves). */
	assert_non_null(copy);
	if (len)
		memcpy(copy, buf, len);
	cap_open(&cap);
	rc2 = plan_load_adopt("m.yaml", copy, len, cap.f, &adopted);
	assert_string_equal(cap_close(&cap), *errs);
	cap_free(&cap);
	assert_int_equal(rc2, rc);
	assert_true(rc ? !adopted : adopted && adopted->text == copy);
	plan_free(adopted);
	return rc;
}

/* buf must fail with exactly the messages want. */
static void expect_errors_n(const char *buf, size_t len, const char *want)
{
	struct plan *p;
	char *errs;
	int rc = load_buf(buf, len, &errs, &p);

	assert_string_equal(errs, want);
	assert_int_equal(rc, EX_DATAERR);
	assert_null(p);
	free(errs);
}

static void expect_errors(const char *buf, const char *want)
{
	expect_errors_n(buf, strlen(buf), want);
}

/* The minimal fixture with one edit must fail with exactly want. */
static void expect_edit(const char *old, const char *new, const char *want)
{
	char *base = slurp(MINIMAL, NULL);
	char *doc = mutate(base, old, new);

	expect_errors(doc, want);
	free(doc);
	free(base);
}

/* The minimal fixture with one edit must load. */
static struct plan *load_edit(const char *old, const char *new)
{
	char *base = slurp(MINIMAL, NULL);
	char *doc = mutate(base, old, new);
	struct plan *p;
	char *errs;

	assert_int_equal(load_buf(doc, strlen(doc), &errs, &p), 0);
	assert_string_equal(errs, "");
	assert_non_null(p);
	free(errs);
	free(doc);
	free(base);
	return p;
}

/* "a<sep>b<sep>c" in a static buffer (one at a time). */
static const char *join(const char *const *s, size_t n, const char *sep)
{
	static char buf[1024];
	size_t used = 0, i;
	int k;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = snprintf(buf + used, sizeof(buf) - used, "%s%s",
			     i ? sep : "", s[i]);
		assert_true(k >= 0 && (size_t)k < sizeof(buf) - used);
		used += (size_t)k;
	}
	return buf;
}

/* "A,B" of a refs list. */
static const char *joined(const char *const *codes, size_t n)
{
	return join(codes, n, ",");
}

static pt_day day(const char *iso)
{
	pt_day d;

	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}


/* ---- the minimal fixture, field by field, and plan.c ---- */

static void test_minimal_loads(void **state)
{
	struct capture cap;
	struct plan *p = NULL;
	const struct plan_task *t;
	const struct plan_indicator *in;
	const struct plan_period *pd;

	(void)state;
	cap_open(&cap);
	assert_int_equal(plan_load(MINIMAL, cap.f, &p), 0);
	assert_string_equal(cap_close(&cap), "");
	cap_free(&cap);
	assert_non_null(p);
	assert_string_equal(p->path, MINIMAL);

	assert_string_equal(p->meta.issuer, "Ủy ban nhân dân xã Mẫu");
	assert_string_equal(p->meta.commune, "xã Mẫu");
	assert_string_equal(p->meta.city, "thành phố Hải Phòng");
	assert_string_equal(p->meta.number, "Số: /KH-UBND");
	assert_string_equal(p->meta.place_date, "Mẫu, ngày tháng 5 năm 2026");
	assert_string_equal(p->meta.title, "Kế hoạch mẫu");
	assert_int_equal(p->meta.year, 2026);
	assert_int_equal(p->meta.n_legal_bases, 2);
	assert_string_equal(p->meta.legal_bases[0], "Nghị quyết số 02/NQ-CP");
	assert_string_equal(p->meta.legal_bases[1], "Kế hoạch số 69/KH-UBND");
	assert_string_equal(p->meta.signer_name, "Phạm Văn Kim");
	assert_string_equal(p->meta.signer_title, "PHÓ CHỦ TỊCH");
	assert_string_equal(p->meta.signer_authority,
			    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH");

	assert_int_equal(p->n_depts, 2);
	assert_string_equal(p->depts[0].code, "KT");
	assert_string_equal(p->depts[0].name, "Phòng Kinh tế");
	assert_string_equal(p->depts[0].group, "plantrack-kt");
	assert_int_equal(p->depts[0].n_aliases, 2);
	assert_string_equal(p->depts[0].aliases[0], "Phòng KT");
	assert_string_equal(p->depts[0].aliases[1], "Phòng Kinh tế xã");
	assert_string_equal(p->depts[1].code, "VHXH");
	assert_string_equal(p->depts[1].group, "plantrack-vhxh");
	assert_int_equal(p->depts[1].n_aliases, 0);
	assert_null(p->depts[1].aliases);

	assert_int_equal(p->n_parties, 2);
	assert_string_equal(p->parties[0].code, "ALL");
	assert_int_equal(p->parties[0].kind, PARTY_ALL_DEPARTMENTS);
	assert_string_equal(p->parties[1].code, "DN");
	assert_int_equal(p->parties[1].kind, PARTY_EXTERNAL);
	assert_string_equal(p->parties[1].aliases[0], "các doanh nghiệp");

	assert_int_equal(p->n_indicators, 2);
	in = &p->indicators[1];
	assert_int_equal(in->number, 2);
	assert_string_equal(in->name, "Mức độ hài lòng");
	assert_string_equal(in->unit, "%");
	assert_int_equal(in->op, TARGET_GE);
	assert_true(in->target == 82.5);
	assert_string_equal(in->target_text, "Tối thiểu 82,5");
	assert_string_equal(joined(in->executing.codes, in->executing.n), "DN");
	assert_string_equal(in->executing.text, "");
	assert_string_equal(in->monitoring, "VHXH");
	assert_string_equal(in->monitoring_text, "Phòng VH-XH");
	assert_int_equal(p->indicators[0].op, TARGET_EQ);
	assert_true(p->indicators[0].target == 100);
	assert_string_equal(joined(p->indicators[0].executing.codes,
				   p->indicators[0].executing.n), "KT,ALL");

	assert_int_equal(p->n_groups, 3);
	assert_string_equal(p->groups[2].id, "III");
	assert_string_equal(p->groups[2].title, "Nhóm không có nhiệm vụ");

	assert_int_equal(p->n_tasks, 3);
	t = &p->tasks[0];
	assert_string_equal(t->id, "I.1");
	assert_string_equal(t->group, "I");
	assert_string_equal(t->description, "Rà soát, tháo gỡ vướng mắc.");
	assert_string_equal(joined(t->lead.codes, t->lead.n), "KT");
	assert_string_equal(t->lead.text, "Phòng Kinh tế");
	assert_string_equal(joined(t->coordinating.codes, t->coordinating.n),
			    "ALL");
	assert_int_equal(t->deadline.kind, DEADLINE_ONGOING);
	assert_int_equal(t->deadline.date, PT_DAY_NONE);
	assert_string_equal(t->deadline.text, "Thường xuyên");
	t = &p->tasks[1];
	assert_string_equal(t->description,
			    "Tổ chức đối thoại\nvới doanh nghiệp.");
	assert_string_equal(joined(t->lead.codes, t->lead.n), "VHXH,KT");
	assert_int_equal(t->coordinating.n, 0);
	assert_non_null(t->coordinating.codes);
	assert_string_equal(t->coordinating.text, "");
	assert_int_equal(t->deadline.kind, DEADLINE_DATE);
	assert_int_equal(t->deadline.date, day("2026-12-31"));
	assert_string_equal(t->deadline.text, "Năm 2026");
	t = &p->tasks[2];
	assert_string_equal(t->description, "Duy trì kênh phản ánh.");
	assert_int_equal(t->deadline.kind, DEADLINE_MAINTAINED);
	assert_int_equal(t->deadline.date, PT_DAY_NONE);

	assert_int_equal(p->n_periods, 3);
	pd = &p->periods[1];
	assert_string_equal(pd->id, "h1");
	assert_string_equal(pd->name, "6 tháng đầu năm 2026");
	assert_int_equal(pd->start, day("2026-01-01"));
	assert_int_equal(pd->end, day("2026-06-30"));
	assert_int_equal(pd->department_due, day("2026-05-20"));
	assert_int_equal(pd->consolidated_due, day("2026-05-20"));
	assert_string_equal(pd->consolidator, "KT");
	assert_string_equal(pd->recipient, "Sở Tài chính");
	assert_string_equal(p->periods[2].consolidator, "VHXH");
	plan_free(p);
}

static void test_lookups(void **state)
{
	struct plan *p = NULL;
	struct capture cap;

	(void)state;
	cap_open(&cap);
	assert_int_equal(plan_load(MINIMAL, cap.f, &p), 0);
	cap_free(&cap);

	assert_ptr_equal(plan_dept_find(p, "KT"), &p->depts[0]);
	assert_null(plan_dept_find(p, "kt"));
	assert_null(plan_dept_find(p, "ALL"));
	assert_null(plan_dept_find(p, NULL));
	assert_ptr_equal(plan_dept_resolve(p, "VHXH"), &p->depts[1]);
	assert_ptr_equal(plan_dept_resolve(p, "vhXh"), &p->depts[1]);
	assert_ptr_equal(plan_dept_resolve(p, "Phòng Văn hóa – Xã hội"),
			 &p->depts[1]);
	assert_ptr_equal(plan_dept_resolve(p, "Phòng Kinh tế xã"),
			 &p->depts[0]);
	assert_ptr_equal(plan_dept_resolve(p, "Phòng KT"), &p->depts[0]);
	/* Names and aliases match exactly; parties are not departments. */
	assert_null(plan_dept_resolve(p, "phòng kt"));
	assert_null(plan_dept_resolve(p, "ALL"));
	assert_null(plan_dept_resolve(p, "all"));
	assert_null(plan_dept_resolve(p, ""));
	assert_null(plan_dept_resolve(p, NULL));

	assert_ptr_equal(plan_party_find(p, "DN"), &p->parties[1]);
	assert_null(plan_party_find(p, "KT"));
	assert_ptr_equal(plan_group_find(p, "III"), &p->groups[2]);
	assert_null(plan_group_find(p, "IV"));
	assert_ptr_equal(plan_task_find(p, "II.2"), &p->tasks[2]);
	assert_null(plan_task_find(p, "II.3"));
	assert_null(plan_task_find(p, NULL));
	assert_ptr_equal(plan_indicator_find(p, 2), &p->indicators[1]);
	assert_null(plan_indicator_find(p, 3));
	assert_null(plan_indicator_find(p, 0));
	assert_ptr_equal(plan_period_find(p, "q3"), &p->periods[2]);
	assert_null(plan_period_find(p, "Q3"));

	assert_string_equal(plan_ref_name(p, "KT"), "Phòng Kinh tế");
	assert_string_equal(plan_ref_name(p, "ALL"),
			    "Các Phòng, ban thuộc UBND xã");
	assert_string_equal(plan_ref_name(p, "XYZ"), "XYZ");
	plan_free(p);
}

static void test_task_roles(void **state)
{
	struct plan *p = NULL;
	struct capture cap;
	const struct plan_task *i1, *ii1, *ii2;

	(void)state;
	cap_open(&cap);
	assert_int_equal(plan_load(MINIMAL, cap.f, &p), 0);
	cap_free(&cap);
	i1 = plan_task_find(p, "I.1");
	ii1 = plan_task_find(p, "II.1");
	ii2 = plan_task_find(p, "II.2");

	assert_true(plan_task_led_by(i1, "KT"));
	assert_false(plan_task_led_by(i1, "VHXH"));
	assert_true(plan_task_led_by(ii1, "KT"));
	assert_true(plan_task_led_by(ii1, "VHXH"));
	assert_false(plan_task_led_by(ii1, NULL));

	/* I.1: led by KT, coordinated by ALL = every other department. */
	assert_true(plan_task_coordinated_by(p, i1, "VHXH"));
	assert_false(plan_task_coordinated_by(p, i1, "KT"));
	assert_false(plan_task_coordinated_by(p, i1, "DN"));
	assert_false(plan_task_coordinated_by(p, i1, "NOPE"));
	/* II.1: nobody coordinates. */
	assert_false(plan_task_coordinated_by(p, ii1, "KT"));
	assert_false(plan_task_coordinated_by(p, ii1, "VHXH"));
	/* II.2: DN (external) and KT directly. */
	assert_true(plan_task_coordinated_by(p, ii2, "KT"));
	assert_false(plan_task_coordinated_by(p, ii2, "VHXH"));
	assert_true(plan_task_coordinated_by(p, ii2, "DN"));
	assert_false(plan_task_coordinated_by(p, ii2, NULL));
	plan_free(p);
}

static void test_period_prev(void **state)
{
	struct plan *p = NULL;
	struct capture cap;
	const struct plan_period *annual, *h1, *q3;

	(void)state;
	cap_open(&cap);
	assert_int_equal(plan_load(MINIMAL, cap.f, &p), 0);
	cap_free(&cap);
	annual = plan_period_find(p, "annual");
	h1 = plan_period_find(p, "h1");
	q3 = plan_period_find(p, "q3");
	/* By department deadline, not by file order. */
	assert_ptr_equal(plan_period_prev(p, annual), q3);
	assert_ptr_equal(plan_period_prev(p, q3), h1);
	assert_null(plan_period_prev(p, h1));
	assert_null(plan_period_prev(p, NULL));
	plan_free(p);

	/* Equal deadlines: neither comes before the other. */
	p = load_edit("    department_due: 2026-09-20\n",
		      "    department_due: 2026-05-20\n");
	assert_null(plan_period_prev(p, &p->periods[2]));
	assert_null(plan_period_prev(p, &p->periods[1]));
	assert_ptr_equal(plan_period_prev(p, &p->periods[0]),
			 &p->periods[1]);
	plan_free(p);
}

static void test_enum_names(void **state)
{
	(void)state;
	assert_string_equal(deadline_kind_name(DEADLINE_ONGOING), "ongoing");
	assert_string_equal(deadline_kind_name(DEADLINE_MAINTAINED),
			    "maintained");
	assert_string_equal(deadline_kind_name(DEADLINE_DATE), "date");
	assert_string_equal(deadline_kind_name((enum deadline_kind)42),
			    "unknown");
	assert_string_equal(target_op_name(TARGET_EQ), "=");
	assert_string_equal(target_op_name(TARGET_GE), ">=");
	assert_string_equal(target_op_name(TARGET_LE), "<=");
	assert_string_equal(party_kind_name(PARTY_ALL_DEPARTMENTS),
			    "all_departments");
	assert_string_equal(party_kind_name(PARTY_EXTERNAL), "external");
	plan_free(NULL);
}

/* A hand-built plan works with the lookups as a loaded one does. */
static void test_hand_built_plan(void **state)
{
	static const char *codes[] = { "ALL" };
	static const char *lead[] = { "A" };
	struct plan_dept depts[] = {
		{ "A", "Phòng A", "g-a", NULL, 0, { NULL, NULL } },
		{ "B", "Phòng B", "g-b", NULL, 0, { NULL, NULL } },
	};
	struct plan_party parties[] = {
		{ "ALL", "Tất cả", PARTY_ALL_DEPARTMENTS, NULL, 0 },
	};
	struct plan_task task;
	struct plan p;

	(void)state;
	memset(&p, 0, sizeof(p));
	memset(&task, 0, sizeof(task));
	task.id = "1";
	task.lead.codes = lead;
	task.lead.n = 1;
	task.coordinating.codes = codes;
	task.coordinating.n = 1;
	p.depts = depts;
	p.n_depts = 2;
	p.parties = parties;
	p.n_parties = 1;
	p.tasks = &task;
	p.n_tasks = 1;
	/* Without its index a plan finds nothing, and does not crash. */
	assert_null(plan_task_find(&p, "1"));
	assert_int_equal(plan_index_build(&p), 0);
	assert_ptr_equal(plan_task_find(&p, "1"), &task);
	assert_true(plan_task_coordinated_by(&p, &task, "B"));
	assert_false(plan_task_coordinated_by(&p, &task, "A"));
	assert_false(plan_task_coordinated_by(&p, &task, "C"));
	assert_ptr_equal(plan_dept_resolve(&p, "b"), &depts[1]);
	assert_int_equal(plan_lead_count(&p), 1);
	assert_int_equal(plan_lead_slot(&p, &task, "A"), 0);
	assert_int_equal(plan_lead_slot(&p, &task, "B"), -1);
	plan_index_release(&p);
	plan_index_release(&p);		/* twice is fine */
	plan_index_release(NULL);
}

/* ---- one mistake at a time ---- */

static void test_top_level_errors(void **state)
{
	(void)state;
	expect_edit("format: 1\n", "format: 1\nfromat: 2\n",
		    "m.yaml:5:1: unknown key 'fromat' in the top-level "
		    "mapping; expected one of: format, plan, departments, "
		    "parties, indicators, groups, tasks, periods, duties, "
		    "reports\n");
	expect_edit("format: 1\n", "format: 2\n",
		    "m.yaml:4:9: unsupported format 2 (this plantrack reads "
		    "format 1)\n");
	expect_edit("format: 1\n", "format: \"1\"\n",
		    "m.yaml:4:9: expected an integer, got the quoted string "
		    "\"1\" (write it without quotes)\n");
	expect_edit("format: 1\n", "",
		    "m.yaml:4:1: missing required key 'format' in the "
		    "top-level mapping\n");
	expect_edit("format: 1\n", "format: 1\nformat: 1\n",
		    "m.yaml:5:1: duplicate key 'format' (first at 4:1)\n");
	expect_edit("format: 1\n", "? [a]\n: b\nformat: 1\n",
		    "m.yaml:4:3: a key must be a string, not a sequence\n");
	expect_errors("- a\n", "m.yaml:1:1: expected a mapping at the top "
		      "level, got a sequence\n");
	expect_errors("plan\n", "m.yaml:1:1: expected a mapping at the top "
		      "level, got a scalar\n");
	expect_errors("", "m.yaml:1:1: empty plan file\n");
	expect_errors("# nothing here\n", "m.yaml:1:1: empty plan file\n");
}

static void test_meta_errors(void **state)
{
	(void)state;
	expect_edit("  year: 2026\n", "  year: 1800\n",
		    "m.yaml:12:9: 1800 is out of range (1900 to 9999)\n");
	expect_edit("  issuer: \"Ủy ban nhân dân xã Mẫu\"\n", "  issuer: \"\"\n",
		    "m.yaml:6:11: expected a non-empty string\n");
	expect_edit("  city: \"thành phố Hải Phòng\"\n", "  city:\n",
		    "m.yaml:8:8: expected a string, got null\n");
	expect_edit("  title: \"Kế hoạch mẫu\"\n", "",
		    "m.yaml:6:3: missing required key 'title' in plan\n");
	expect_edit("    title: \"PHÓ CHỦ TỊCH\"\n",
		    "    title: \"PHÓ CHỦ TỊCH\"\n    seal: yes\n",
		    "m.yaml:19:5: unknown key 'seal' in plan signer; expected "
		    "one of: name, title, authority\n");
	expect_edit("  legal_bases:\n    - \"Nghị quyết số 02/NQ-CP\"\n",
		    "  legal_bases: \"Nghị quyết số 02/NQ-CP\"\n  x:\n",
		    "m.yaml:13:16: plan legal_bases: expected a sequence, got "
		    "a string\n"
		    "m.yaml:14:3: unknown key 'x' in plan; expected one of: "
		    "issuer, commune, city, number, place_date, title, year, "
		    "legal_bases, signer\n");
	expect_edit("plan:\n", "plan: []\nx:\n",
		    "m.yaml:5:7: plan: expected a mapping, got a sequence\n"
		    "m.yaml:6:1: unknown key 'x' in the top-level mapping; "
		    "expected one of: format, plan, departments, parties, "
		    "indicators, groups, tasks, periods, duties, reports\n");
}

static void test_department_errors(void **state)
{
	(void)state;
	expect_edit("    group: plantrack-vhxh\n",
		    "    group: plantrack-vhxh\n"
		    "  - {code: 9X, name: X, group: x}\n",
		    "m.yaml:28:12: invalid code '9X' (expected "
		    "[A-Z][A-Z0-9_]*, at most 16 bytes)\n");
	expect_edit("    group: plantrack-vhxh\n",
		    "    group: plantrack-vhxh\n"
		    "  - {code: ABCDEFGHIJKLMNOPQ, name: X, group: x}\n"
		    "  - {code: ABCDEFGHIJKLMNOP, name: X, group: x}\n",
		    "m.yaml:28:12: invalid code 'ABCDEFGHIJKLMNOPQ' (expected "
		    "[A-Z][A-Z0-9_]*, at most 16 bytes)\n");
	expect_edit("    group: plantrack-kt\n", "    group: Plantrack-KT\n",
		    "m.yaml:23:12: invalid group name 'Plantrack-KT' (expected "
		    "a Unix group name, [a-z_][a-z0-9_-]*, at most 32 "
		    "bytes)\n");
	expect_edit("    group: plantrack-kt\n",
		    "    group: plantrack-abcdefghijklmnopqrstuvw\n",
		    "m.yaml:23:12: invalid group name "
		    "'plantrack-abcdefghijklmnopqrstuvw' (expected a Unix "
		    "group name, [a-z_][a-z0-9_-]*, at most 32 bytes)\n");
	/* 32 bytes, a leading underscore, digits and dashes are fine. */
	plan_free(load_edit("    group: plantrack-kt\n",
			    "    group: _plantrack-0123456789abcdefghi\n"));
	expect_edit("    group: plantrack-vhxh\n",
		    "    group: plantrack-vhxh\n  - {code: X, name: Y}\n",
		    "m.yaml:28:5: missing required key 'group' in department "
		    "X\n");
	expect_edit("    aliases: [\"các doanh nghiệp\"]\n",
		    "    aliases: [\"các doanh nghiệp\"]\n"
		    "  - {code: VHXH, name: X, kind: external}\n",
		    "m.yaml:36:12: duplicate code 'VHXH' (first at 25:11)\n");
	expect_edit("    kind: external\n", "    kind: outside\n",
		    "m.yaml:34:11: unknown party kind 'outside'; expected one "
		    "of: all_departments, external\n");
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	expect_edit("  - id: II.2\n", "  - id: II.1\n",
		    "m.yaml:71:9: duplicate task id 'II.1' (first at 63:9)\n");
	expect_edit("  - number: 2\n", "  - number: 1\n",
		    "m.yaml:43:13: duplicate indicator number 1 (first at "
		    "37:13)\n");
	expect_edit("  - id: III\n", "  - id: II\n",
		    "m.yaml:54:9: duplicate group id 'II' (first at 52:9)\n");
	expect_edit("  - id: q3\n", "  - id: h1\n",
		    "m.yaml:94:9: duplicate period id 'h1' (first at 86:9)\n");
	expect_edit("    group: II\n    description: Duy",
		    "    group: II\n    group: I\n    description: Duy",
		    "m.yaml:73:5: duplicate key 'group' (first at 72:5)\n");
}

static void test_reference_errors(void **state)
{
	(void)state;
	expect_edit("    group: I\n", "    group: IV\n",
		    "m.yaml:58:12: task I.1 group: unknown group 'IV'\n");
	expect_edit("lead: {codes: [KT]", "lead: {codes: [XX]",
		    "m.yaml:60:20: task I.1 lead: unknown department code "
		    "'XX'\n");
	expect_edit("lead: {codes: [KT]", "lead: {codes: [ALL]",
		    "m.yaml:60:20: task I.1 lead: 'ALL' is a party, not a "
		    "department\n");
	expect_edit("lead: {codes: [KT]", "lead: {codes: []",
		    "m.yaml:60:19: task I.1 lead codes: at least one code is "
		    "required\n");
	expect_edit("coordinating: {codes: [ALL]",
		    "coordinating: {codes: [ALL, NOPE]",
		    "m.yaml:61:33: task I.1 coordinating: unknown department "
		    "or party code 'NOPE'\n");
	expect_edit("executing: {codes: [DN]", "executing: {codes: [DN, ZZ]",
		    "m.yaml:47:29: indicator 2 executing: unknown department "
		    "or party code 'ZZ'\n");
	expect_edit("monitoring: {code: VHXH", "monitoring: {code: DN",
		    "m.yaml:48:24: indicator 2 monitoring: 'DN' is a party, "
		    "not a department\n");
	expect_edit("    consolidator: VHXH\n", "    consolidator: ALL\n",
		    "m.yaml:100:19: period q3 consolidator: 'ALL' is a party, "
		    "not a department\n");
	expect_edit("    consolidator: VHXH\n", "    consolidator: XY\n",
		    "m.yaml:100:19: period q3 consolidator: unknown department "
		    "code 'XY'\n");
	/* Every reference to a missing code is reported, in file order. */
	expect_edit("  - code: VHXH\n", "  - code: VH\n",
		    "m.yaml:48:24: indicator 2 monitoring: unknown department "
		    "code 'VHXH'\n"
		    "m.yaml:68:20: task II.1 lead: unknown department code "
		    "'VHXH'\n"
		    "m.yaml:74:20: task II.2 lead: unknown department code "
		    "'VHXH'\n"
		    "m.yaml:100:19: period q3 consolidator: unknown department "
		    "code 'VHXH'\n");
}

static void test_deadline_errors(void **state)
{
	(void)state;
	expect_edit("kind: ongoing", "kind: often",
		    "m.yaml:62:22: unknown deadline kind 'often'; expected "
		    "one of: ongoing, maintained, date\n");
	expect_edit(", date: 2026-12-31}", "}",
		    "m.yaml:70:15: missing required key 'date' in task II.1 "
		    "deadline (kind is date)\n");
	expect_edit("text: \"Duy trì thường xuyên\"}",
		    "text: \"Duy trì thường xuyên\", date: 2026-12-31}",
		    "m.yaml:76:64: key 'date' not allowed in task II.2 "
		    "deadline (kind is maintained)\n");
	expect_edit("date: 2026-12-31}", "date: 2026-13-01}",
		    "m.yaml:70:52: no such date: 2026-13-01\n");
	expect_edit("date: 2026-12-31}", "date: \"2026-12-31\"}",
		    "m.yaml:70:52: expected a date YYYY-MM-DD, got the quoted "
		    "string \"2026-12-31\" (write it without quotes)\n");
	expect_edit("    deadline: {kind: ongoing, text: \"Thường xuyên\"}\n",
		    "    deadline: {kind: ongoing, text: \"Thường xuyên\", "
		    "due: x}\n",
		    "m.yaml:62:53: unknown key 'due' in task I.1 deadline; "
		    "expected one of: kind, text, date\n");
}

static void test_period_errors(void **state)
{
	(void)state;
	expect_edit("    start: 2026-07-01\n", "    start: 2026-10-01\n",
		    "m.yaml:96:12: period q3: start 2026-10-01 is after end "
		    "2026-09-30\n");
	expect_edit("    consolidated_due: 2026-09-25\n",
		    "    consolidated_due: 2026-09-19\n",
		    "m.yaml:99:23: period q3: consolidated_due 2026-09-19 is "
		    "before department_due 2026-09-20\n");
	expect_edit("  - id: q3\n", "  - id: Q3\n",
		    "m.yaml:94:9: invalid period id 'Q3' (expected "
		    "[a-z0-9_-]+)\n");
	expect_edit("    recipient: \"Sở Tài chính\"\n  - id: q3\n",
		    "    recipient: \"Sở Tài chính\"\n  - id: q3\n    id: q4\n",
		    "m.yaml:95:5: duplicate key 'id' (first at 94:5)\n");
}

static void test_task_errors(void **state)
{
	(void)state;
	expect_edit("  - id: I.1\n", "  - id: \"I. 1\"\n",
		    "m.yaml:57:9: invalid task id 'I. 1' (white space is not "
		    "allowed)\n");
	/* A no-break space is white space too. */
	expect_edit("  - id: I.1\n", "  - id: \"I.\xC2\xA0" "1\"\n",
		    "m.yaml:57:9: invalid task id 'I.\xC2\xA0" "1' (white "
		    "space is not allowed)\n");
	expect_edit("  - id: II.2\n    group: II\n", "  - group: II\n",
		    "m.yaml:71:5: missing required key 'id' in tasks[2]\n");
	expect_edit("    description: \"Rà soát, tháo gỡ vướng mắc.\"\n", "",
		    "m.yaml:57:5: missing required key 'description' in task "
		    "I.1\n");
	expect_edit("periods:\n", "  - just text\n  - [1]\nperiods:\n",
		    "m.yaml:77:5: tasks[3]: expected a mapping, got a scalar\n"
		    "m.yaml:78:5: tasks[4]: expected a mapping, got a "
		    "sequence\n");
	/* "ế" decomposed: e, U+0302 (circumflex), U+0301 (acute). */
	expect_edit("Duy trì kênh phản ánh.", "Duy trì ke\xCC\x82\xCC\x81nh.",
		    "m.yaml:73:18: text is not in Unicode NFC form; normalise "
		    "the file to NFC (e.g. uconv -x any-nfc)\n");
	expect_edit("Duy trì kênh phản ánh.", "\"Duy trì\\tkênh\\x1b[2J\"",
		    "m.yaml:73:18: control character U+001B in text\n");
}

static void test_indicator_errors(void **state)
{
	(void)state;
	expect_edit("{op: \">=\"", "{op: \"=>\"",
		    "m.yaml:46:18: unknown target op '=>'; expected one of: "
		    "=, >=, <=\n");
	expect_edit("value: 82.5", "value: \"82.5\"",
		    "m.yaml:46:31: expected a number, got the quoted string "
		    "\"82.5\" (write it without quotes)\n");
	expect_edit("value: 82.5", "value: 82.5%",
		    "m.yaml:46:31: expected a number, got '82.5%'\n");
	expect_edit("  - number: 2\n", "  - number: 0\n",
		    "m.yaml:43:13: 0 is out of range (1 to 2147483647)\n");
	expect_edit("    unit: \"%\"\n    target: {op: \">=\"",
		    "    target: {op: \">=\"",
		    "m.yaml:43:5: missing required key 'unit' in indicator "
		    "2\n");
}

static void test_empty_lists(void **state)
{
	char *base = slurp(MINIMAL, NULL);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	/* periods is last: cut it off and give an empty one. */
	strbuf_add(&sb, base, (size_t)(strstr(base, "periods:\n") - base));
	strbuf_addstr(&sb, "periods: []\n");
	expect_errors(sb.buf, "m.yaml:77:10: periods: at least one period is "
		      "required\n");
	strbuf_release(&sb);
	free(base);
	expect_edit("groups:\n  - id: I\n", "groups: {}\nx:\n  - id: I\n",
		    "m.yaml:49:9: groups: expected a sequence, got a mapping\n"
		    "m.yaml:50:1: unknown key 'x' in the top-level mapping; "
		    "expected one of: format, plan, departments, parties, "
		    "indicators, groups, tasks, periods, duties, reports\n");
}

/* A byte order mark and CRLF line ends, as Windows editors write. */
static void test_bom_and_crlf(void **state)
{
	char *base = slurp(MINIMAL, NULL), *errs;
	struct strbuf sb = STRBUF_INIT;
	struct plan *p;
	const char *c;

	(void)state;
	strbuf_addstr(&sb, "\xEF\xBB\xBF");
	for (c = base; *c; c++) {
		if (*c == '\n')
			strbuf_addch(&sb, '\r');
		strbuf_addch(&sb, *c);
	}
	assert_int_equal(load_buf(sb.buf, sb.len, &errs, &p), 0);
	assert_string_equal(errs, "");
	assert_string_equal(p->meta.issuer, "Ủy ban nhân dân xã Mẫu");
	assert_string_equal(p->tasks[1].description,
			    "Tổ chức đối thoại\nvới doanh nghiệp.");
	plan_free(p);
	free(errs);
	/* Positions are unchanged by either. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "\xEF\xBB\xBF" "format: 3\r\nplan: x\r\n");
	expect_errors_n(sb.buf, sb.len, "m.yaml:1:9: unsupported format 3 "
			"(this plantrack reads format 1)\n"
			"m.yaml:2:7: plan: expected a mapping, got a scalar\n"
			"m.yaml:1:1: missing required key 'departments' in the "
			"top-level mapping\n"
			"m.yaml:1:1: missing required key 'indicators' in the "
			"top-level mapping\n"
			"m.yaml:1:1: missing required key 'groups' in the "
			"top-level mapping\n"
			"m.yaml:1:1: missing required key 'tasks' in the "
			"top-level mapping\n"
			"m.yaml:1:1: missing required key 'periods' in the "
			"top-level mapping\n");
	strbuf_release(&sb);
	free(base);
}

/* Many tasks: the duplicate checks sort rather than compare all pairs,
 * and must still name the first occurrence. */
static void test_many_tasks(void **state)
{
	char *base = slurp(MINIMAL, NULL), *errs;
	struct strbuf sb = STRBUF_INIT;
	struct plan *p;
	const char *tasks_end = strstr(base, "periods:\n");
	/* Fewer under valgrind and ASan (test_rounds): 20 000 took 20 s
	 * under valgrind. */
	int i, last = 0, n = (int)test_rounds(20000);
	char want[128];

	(void)state;
	strbuf_add(&sb, base, (size_t)(tasks_end - base));
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "  - {id: T%d, group: II, description: d, "
			    "lead: {codes: [KT], text: t}, coordinating: "
			    "{codes: [ALL, DN], text: t}, deadline: {kind: "
			    "ongoing, text: t}}\n", (i * 7919) % n);
	strbuf_addstr(&sb, tasks_end);
	assert_int_equal(load_buf(sb.buf, sb.len, &errs, &p), 0);
	assert_string_equal(errs, "");
	assert_int_equal(p->n_tasks, 3 + (size_t)n);
	snprintf(want, sizeof(want), "T%d", (2 * 7919) % n);
	assert_string_equal(p->tasks[3 + 2].id, want);
	while ((last * 7919) % n != n - 1)
		last++;
	snprintf(want, sizeof(want), "T%d", n - 1);
	assert_ptr_equal(plan_task_find(p, want), &p->tasks[3 + last]);
	plan_free(p);
	free(errs);

	/* Now make the last one repeat the 101st. */
	strbuf_reset(&sb);
	strbuf_add(&sb, base, (size_t)(tasks_end - base));
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "  - {id: T%d, group: II, description: d, "
			    "lead: {codes: [KT], text: t}, coordinating: "
			    "{codes: [ALL, DN], text: t}, deadline: {kind: "
			    "ongoing, text: t}}\n",
			    i == n - 1 ? (100 * 7919) % n : (i * 7919) % n);
	strbuf_addstr(&sb, tasks_end);
	snprintf(want, sizeof(want), "m.yaml:%d:10: duplicate task id 'T%d' "
		 "(first at 177:10)\n", 76 + n, (100 * 7919) % n);
	expect_errors_n(sb.buf, sb.len, want);
	strbuf_release(&sb);
	free(base);
}

/* ---- many mistakes at once ---- */

static void test_errors_fixture(void **state)
{
	struct capture cap;
	struct plan *p = (struct plan *)1;
	char *want;
	struct strbuf sb = STRBUF_INIT;
	static const char *const lines[] = {
		"3:9: unsupported format 2 (this plantrack reads format 1)",
		"6:12: expected a non-empty string",
		"7:9: expected a string, got null",
		"11:9: expected an integer, got the quoted string \"2026\" "
		"(write it without quotes)",
		"13:45: unknown key 'extra' in plan signer; expected one of: "
		"name, title, authority",
		"14:3: unknown key 'bogus' in plan; expected one of: issuer, "
		"commune, city, number, place_date, title, year, legal_bases, "
		"signer",
		"16:11: invalid code 'kt' (expected [A-Z][A-Z0-9_]*, at most "
		"16 bytes)",
		"18:12: invalid group name 'Plantrack' (expected a Unix group "
		"name, [a-z_][a-z0-9_-]*, at most 32 bytes)",
		"22:5: duplicate key 'name' (first at 20:5)",
		"26:11: unknown party kind 'sometimes'; expected one of: "
		"all_departments, external",
		"31:18: unknown target op '=='; expected one of: =, >=, <=",
		"31:31: expected a number, got '1.5x'",
		"45:9: invalid task id 'II 3' (white space is not allowed)",
		"50:15: missing required key 'date' in task II 3 deadline "
		"(kind is date)",
		"53:19: task A lead codes: at least one code is required",
		"55:46: no such date: 2026-02-30",
		"55:40: key 'date' not allowed in task A deadline (kind is "
		"ongoing)",
		"51:5: missing required key 'description' in task A",
		"61:22: unknown deadline kind 'soon'; expected one of: "
		"ongoing, maintained, date",
		"63:9: invalid period id 'H1' (expected [a-z0-9_-]+)",
		"65:12: period H1: start 2026-07-01 is after end 2026-06-30",
		"68:23: period H1: consolidated_due 2026-05-19 is before "
		"department_due 2026-05-20",
		/* The checks across the file come last, in file order. */
		"24:11: duplicate code 'KT' (first at 19:11)",
		"32:25: indicator 1 executing: unknown department or party "
		"code 'XX'",
		"33:24: indicator 1 monitoring: unknown department code 'ALL'",
		"34:13: duplicate indicator number 1 (first at 28:13)",
		"43:10: duplicate group id 'I' (first at 41:9)",
		"46:12: task II 3 group: unknown group 'VII'",
		"48:20: task II 3 lead: unknown department code 'ALL'",
		"54:28: task A coordinating: unknown department or party code "
		"'NOPE'",
		"56:9: duplicate task id 'A' (first at 51:9)",
		"69:19: period H1 consolidator: unknown department code 'DN'",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		strbuf_addf(&sb, "%s:%s\n",
			    SRCPATH("tests/fixtures/plan/errors.yaml"),
			    lines[i]);
	want = strbuf_detach(&sb, NULL);
	cap_open(&cap);
	assert_int_equal(plan_load(SRCPATH("tests/fixtures/plan/errors.yaml"),
				   cap.f, &p), EX_DATAERR);
	assert_string_equal(cap_close(&cap), want);
	assert_null(p);
	cap_free(&cap);
	free(want);
}

/* ---- hostile input ---- */

static void test_hostile_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	strbuf_addstr(&sb, "format: ");
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	expect_errors_n(sb.buf, sb.len, "m.yaml:1:9: expected an integer, got "
			"a sequence\nm.yaml:1:40: nesting too deep (the limit "
			"is 32 levels)\n");
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "- ");
	expect_errors_n(sb.buf, sb.len, "m.yaml:1:1: expected a mapping at "
			"the top level, got a sequence\n");
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "{plan: ");
	expect_errors_n(sb.buf, sb.len, "m.yaml:1:9: unknown key 'plan' in plan; "
			"expected one of: issuer, commune, city, number, "
			"place_date, title, year, legal_bases, signer\n"
			"m.yaml:1:225: nesting too deep (the limit is 32 "
			"levels)\n");
	strbuf_release(&sb);
}

static void test_hostile_alias_bomb(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	strbuf_addstr(&sb, "format: 1\nplan: &a [\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 10; i++)
		strbuf_addf(&sb, "x%d: &a%d [*a,*a,*a,*a,*a,*a]\n", i, i);
	expect_errors_n(sb.buf, sb.len, "m.yaml:2:7: aliases and anchors are "
			"not allowed\n");
	strbuf_release(&sb);
}

static void test_hostile_huge_scalar(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	/* Ten megabytes; one under valgrind, two under ASan. */
	size_t size = test_rounds(10) << 20, start;
	char want[128];

	(void)state;
	strbuf_addstr(&sb, "format: 1\nplan:\n  title: \"");
	start = sb.len;
	while (sb.len < size)
		strbuf_addstr(&sb, "lol lol lol lol ");
	snprintf(want, sizeof(want), "m.yaml:3:10: value too long (%zu bytes; "
		 "the limit is 65536)\n", sb.len - start);
	strbuf_addstr(&sb, "\"\n");
	expect_errors_n(sb.buf, sb.len, want);
	strbuf_release(&sb);
}

static void test_hostile_utf8(void **state)
{
	char *base = slurp(MINIMAL, NULL), *doc;
	static const char *const bad[] = {
		"\xC0\xAF",		/* overlong "/" */
		"\xE0\x80\xAF",		/* overlong, 3 bytes */
		"\xED\xA0\x80",		/* surrogate U+D800 */
		"\xED\xBF\xBF",		/* surrogate U+DFFF */
		"\xF4\x90\x80\x80",	/* above U+10FFFF */
		"\xE1\xBA",		/* truncated "ế" */
		"\xBF",			/* a lone continuation byte */
		"\xFE",
	};
	char want[128];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = mutate(base, "Duy trì kênh", bad[i]);
		snprintf(want, sizeof(want), "m.yaml:73:18: invalid UTF-8 "
			 "(byte 0x%02X); the file must be UTF-8\n",
			 (unsigned)(unsigned char)bad[i][0]);
		expect_errors(doc, want);
		free(doc);
	}
	/* A truncated sequence at the very end of the file. */
	len = strlen(base);
	doc = malloc(len + 2);
	assert_non_null(doc);
	memcpy(doc, base, len);
	doc[len] = '\xE1';
	doc[len + 1] = '\xBA';
	expect_errors_n(doc, len + 2, "m.yaml:102:1: invalid UTF-8 (byte "
			"0xE1); the file must be UTF-8\n");
	free(doc);
	free(base);
}

static void test_hostile_nul_and_controls(void **state)
{
	char *base = slurp(MINIMAL, NULL);
	size_t len = strlen(base);
	char *at = strstr(base, "Duy trì kênh");

	(void)state;
	at[4] = '\0';
	expect_errors_n(base, len, "m.yaml:73:22: NUL byte in the file (is it "
			"UTF-16 or binary?)\n");
	at[4] = '\x07';
	expect_errors_n(base, len, "m.yaml:73:22: control characters are not "
			"allowed (U+0007)\n");
	free(base);
}

static void test_hostile_documents_and_tags(void **state)
{
	char *base = slurp(MINIMAL, NULL);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, base);
	strbuf_addstr(&sb, "---\nformat: 1\n");
	expect_errors(sb.buf, "m.yaml:102:1: more than one document (the file "
		      "must hold exactly one)\n");
	strbuf_release(&sb);
	free(base);
	expect_edit("  year: 2026\n", "  year: !!int 2026\n",
		    "m.yaml:12:9: tags are not allowed (found "
		    "'tag:yaml.org,2002:int')\n");
	expect_edit("  year: 2026\n", "  year: !!float 2026\n",
		    "m.yaml:12:9: tags are not allowed (found "
		    "'tag:yaml.org,2002:float')\n");
}

static void test_hostile_garbage(void **state)
{
	static const char yamlish[] = "ab:-[]{}#&*!|>'\"%@` \n\t,?.\\";
	size_t n = 1u << 20, i;
	char *buf = malloc(n), *errs;
	struct plan *p;
	unsigned seed = 2026;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (char)(seed >> 16);
	}
	assert_int_equal(load_buf(buf, n, &errs, &p), EX_DATAERR);
	assert_null(p);
	assert_non_null(strstr(errs, "m.yaml:1:"));
	assert_non_null(strstr(errs, "invalid UTF-8"));
	free(errs);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = yamlish[(seed >> 16) % (sizeof(yamlish) - 1)];
	}
	assert_int_equal(load_buf(buf, n, &errs, &p), EX_DATAERR);
	assert_null(p);
	assert_int_equal(strncmp(errs, "m.yaml:", 7), 0);
	free(errs);
	/* Plain text: one long scalar, no mapping. */
	for (i = 0; i < n; i++)
		buf[i] = i % 61 == 60 ? '\n' : 'a' + (char)(i % 26);
	assert_int_equal(load_buf(buf, n, &errs, &p), EX_DATAERR);
	assert_null(p);
	assert_string_equal(errs, "m.yaml:1:1: value too long (1048576 bytes; "
			    "the limit is 65536)\n");
	free(errs);
	free(buf);
}

/* ---- files ---- */

static void expect_file(const char *path, int status, const char *want)
{
	struct capture cap;
	struct plan *p = (struct plan *)1;

	cap_open(&cap);
	assert_int_equal(plan_load(path, cap.f, &p), status);
	assert_string_equal(cap_close(&cap), want);
	assert_null(p);
	cap_free(&cap);
}

static void test_file_errors(void **state)
{
	char dir[] = "/tmp/pt-plan-load-XXXXXX", path[64], want[160];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/missing.yaml", dir);
	snprintf(want, sizeof(want), "%s: cannot open: %s\n", path,
		 strerror(ENOENT));
	expect_file(path, EX_NOINPUT, want);

	snprintf(want, sizeof(want), "%s: cannot open: %s\n", dir,
		 strerror(EISDIR));
	expect_file(dir, EX_NOINPUT, want);

	snprintf(path, sizeof(path), "%s/empty.yaml", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);
	snprintf(want, sizeof(want), "%s:1:1: empty plan file\n", path);
	expect_file(path, EX_DATAERR, want);
	assert_int_equal(unlink(path), 0);

	/* Sparse: refused by its size, before a byte is read. */
	snprintf(path, sizeof(path), "%s/huge.yaml", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)YR_MAX_FILE_SIZE + 1), 0);
	close(fd);
	snprintf(want, sizeof(want), "%s: file too large (%u bytes; the "
		 "limit is %u)\n", path, YR_MAX_FILE_SIZE + 1,
		 YR_MAX_FILE_SIZE);
	expect_file(path, EX_DATAERR, want);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* /proc/self/mem opens, and reading its first page fails: a read error
 * without special hardware. */
static void test_read_error(void **state)
{
	char want[128];

	(void)state;
	if (access("/proc/self/mem", R_OK))
		skip();
	snprintf(want, sizeof(want), "/proc/self/mem: read error: %s\n",
		 strerror(EIO));
	expect_file("/proc/self/mem", EX_IOERR, want);
}

/* Not a regular file: read to the end without a size from fstat. */
static void test_pipe(void **state)
{
	char *base = slurp(MINIMAL, NULL);
	struct capture cap;
	struct plan *p = NULL;
	char path[64];
	int fds[2];
	size_t len = strlen(base);

	(void)state;
	assert_int_equal(pipe(fds), 0);
	/* The fixture fits the pipe buffer: write it all, then read. */
	assert_true(len < 65536);
	assert_int_equal(write(fds[1], base, len), (ssize_t)len);
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	cap_open(&cap);
	assert_int_equal(plan_load(path, cap.f, &p), 0);
	assert_string_equal(cap_close(&cap), "");
	assert_int_equal(p->n_tasks, 3);
	plan_free(p);
	cap_free(&cap);
	close(fds[0]);
	free(base);
}

/* ---- the real plan ---- */

struct want_task {
	const char *id, *group, *lead, *lead_text, *coord, *coord_text;
	enum deadline_kind kind;
	const char *date, *deadline_text;
	const char *description;	/* in full, or NULL: then */
	const char *head, *tail;	/* covering its first and last 40 bytes */
	size_t len;			/* bytes */
};

struct want_indicator {
	int number;
	enum target_op op;
	double target;
	const char *name, *unit;
	const char *target_text, *executing, *executing_text;
	const char *monitoring, *monitoring_text;
};

struct want_dept {
	const char *code, *name, *group, *aliases;	/* "a|b" */
};

struct want_party {
	const char *code, *name;
	enum party_kind kind;
	const char *aliases;
};

struct want_group {
	const char *id, *title;
};

struct want_period {
	const char *id, *name, *start, *end, *department_due;
	const char *consolidated_due, *consolidator, *recipient;
};

/* Generated from data/plan.yaml as transcribed; any change to the plan
 * must show up here. */
static const struct want_task want_tasks[] = {
	{ "I.1", "I", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  "Trong phạm vi thẩm quyền, chủ động và khẩn trương tháo "
	  "gỡ triệt để các rào cản đối với hoạt động đầu tư, kinh "
	  "doanh do chồng chéo, mâu thuẫn, không hợp lý, khác nhau "
	  "của các quy định pháp luật. Đối với những vấn đề không "
	  "thuộc thẩm quyền thì tập hợp vấn đề kèm theo các giải "
	  "pháp tương ứng (nếu có) để kiến nghị tới các cơ quan có "
	  "thẩm quyền.",
	  NULL, NULL, 461 },
	{ "II.1", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Tổ chức thực hiện cắt giảm t",
	  "số 66.7/2025/NQ-CP của Chính phủ.", 159 },
	{ "II.2", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Rà soát, sửa đổi các quy định",
	  "n một lần cho cơ quan nhà nước.", 630 },
	{ "II.3", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_MAINTAINED, NULL, "Duy trì thường xuyên",
	  NULL,
	  "Hoàn thành mục tiêu 100% thủ tụ",
	  "ành chính trong phạm vi cấp tỉnh.", 339 },
	{ "II.4", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Tập trung xây dựng, sửa đổi cá",
	  "ột văn bản sửa nhiều văn bản.", 540 },
	{ "II.5", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Tăng cường kiểm soát quy định ",
	  " và chi phí tuân thủ thấp nhất.", 389 },
	{ "II.6", "II", "HCC",
	  "Trung tâm phục vụ hành chính công",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Rà soát, đánh giá, tái cấu trúc",
	  "ên thông ở mức độ toàn trình.", 248 },
	{ "II.7", "II", "VHXH",
	  "Phòng văn hóa - XH",
	  "",
	  "",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  "Chấn chỉnh các cơ quan, đơn vị, cán bộ, công chức, viên "
	  "chức thuộc phạm vi quản lý về tinh thần, thái độ phục vụ "
	  "người dân, doanh nghiệp; phê bình, xử lý nghiêm các tập "
	  "thể, cá nhân có hành vi vi phạm theo quy định của pháp "
	  "luật; ngăn chặn, đẩy lùi, chấm dứt ngay tình trạng doanh "
	  "nghiệp phải trả chi phí không chính thức trong thực hiện "
	  "thủ tục hành chính.",
	  NULL, NULL, 461 },
	{ "II.8", "II", "DVC",
	  "Trung tâm DV sự nghiệp công",
	  "DN",
	  "Các doanh nghiệp trên địa bàn",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Tăng cường tuyên truyền để nâ",
	  "ng trường hợp bị gây khó khăn.", 1022 },
	{ "II.9", "II", "DVC",
	  "Trung tâm DV sự nghiệp công",
	  "ALL,DN",
	  "Các Phòng, ban, các doanh nghiệp trên địa bàn",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Nâng cao chất lượng nguồn nhân ",
	  "hính, dịch vụ công trực tuyến.", 559 },
	{ "III.1", "III", "KT",
	  "Phòng Kinh tế",
	  "ALL,DN",
	  "Các Phòng, ban thuộc UBND xã, các doanh nghiệp trên địa "
	  "bàn",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Triệt để ứng dụng chuyển đổ",
	  "đất cho người dân, doanh nghiệp.", 328 },
	{ "III.2", "III", "KT",
	  "Phòng Kinh tế",
	  "ALL,DN",
	  "Các Phòng, ban, các doanh nghiệp trên địa bàn",
	  DEADLINE_DATE, "2026-12-31", "Năm 2026",
	  "Tổ chức hoạt động đối thoại để kịp thời nắm bắt các phản "
	  "hồi chính sách; bảo đảm đối thoại thực chất, giải quyết "
	  "ngay được những khó khăn, vướng mắc.",
	  NULL, NULL, 212 },
	{ "IV.1", "IV", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Tham gia ý kiến, rà soát, kiến ng",
	  "án dẫn và năng lượng tái tạo.", 842 },
	{ "IV.2", "IV", "VHXH",
	  "Phòng văn hóa - XH",
	  "",
	  "",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Phát triển sản phẩm du lịch cộ",
	  "ệu đặc trưng của địa phương.", 164 },
	{ "V.1", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Nâng cao hiệu quả các dịch vụ ",
	  "ền vững, thủ tục hành chính,...", 442 },
	{ "V.2", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Đa dạng hóa và phát triển hiệu",
	  "n kinh doanh, hỗ trợ doanh nghiệp.", 124 },
	{ "V.3", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Đa dạng hóa và phát triển hiệu",
	  " dùng chung, hỗ trợ doanh nghiệp.", 228 },
	{ "V.4", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Đa dạng hóa và phát triển hiệu",
	  "hỗ trợ pháp lý cho doanh nghiệp.", 179 },
	{ "V.5", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Triển khai sâu rộng các hoạt độ",
	  " thống bán lẻ tại nước ngoài.", 481 },
	{ "V.6", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Kịp thời cập nhật, tuyên truyề",
	  "àng hóa xuất khẩu của Việt Nam.", 383 },
	{ "V.7", "V", "KT",
	  "Phòng Kinh tế",
	  "ALL",
	  "Các Phòng, ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Hỗ trợ miễn phí các thông tin c",
	  "do và các cam kết quốc tế khác.", 275 },
	{ "V.8", "V", "KT,DVC",
	  "Phòng Kinh tế, Trung tâm DV sự nghiệp công",
	  "ALL",
	  "Các phòng ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  "Tuyên truyền và nâng cao hiệu quả công tác hướng dẫn, hỗ "
	  "trợ doanh nghiệp khai thác, tận dụng cơ hội từ các Hiệp "
	  "định thương mại tự do.",
	  NULL, NULL, 179 },
	{ "V.9", "V", "KT,DVC,VHXH",
	  "Phòng Kinh tế, Trung tâm DV sự nghiệp công, Phòng VH-XH",
	  "ALL",
	  "Các phòng ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Thực hiện các hoạt động hỗ t",
	  " văn bản pháp luật có liên quan.", 273 },
	{ "V.10", "V", "VHXH",
	  "Phòng văn hóa - XH",
	  "ALL",
	  "Các phòng ban thuộc UBND xã",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  NULL,
	  "Triển khai các hoạt động hỗ tr",
	  "ển đổi xanh, kinh doanh bền vững.", 148 },
	{ "V.11", "V", "KT",
	  "Phòng Kinh tế",
	  "DN",
	  "Các doanh nghiệp trên địa bàn",
	  DEADLINE_ONGOING, NULL, "Thường xuyên",
	  "Nâng cao chất lượng các kênh phản ánh thông tin từ người "
	  "dân, doanh nghiệp để kịp thời nắm bắt các khó khăn vướng "
	  "mắc.",
	  NULL, NULL, 157 },
};

static const struct want_indicator want_indicators[] = {
	{ 1, TARGET_EQ, 100.0,
	  "Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử",
	  "%", "100",
	  "HCC,KT,VHXH",
	  "Trung tâm phục vụ hành chính công; Phòng Kinh tế; Phòng "
	  "văn hóa - XH",
	  "HCC",
	  "Trung tâm phục vụ hành chính công xã" },
	{ 2, TARGET_GE, 80.0,
	  "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
	  "%", "Tối thiểu 80",
	  "ALL",
	  "Các ban, ngành thuộc UBND xã",
	  "HCC",
	  "Trung tâm phục vụ hành chính công xã" },
	{ 3, TARGET_EQ, 100.0,
	  "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn",
	  "%", "100",
	  "ALL",
	  "Các ban, ngành thuộc UBND xã",
	  "HCC",
	  "Trung tâm phục vụ hành chính công xã" },
	{ 4, TARGET_GE, 90.0,
	  "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục hành "
	  "chính của người dân, doanh nghiệp",
	  "%", "Tối thiểu 90",
	  "ALL",
	  "Các ban, ngành thuộc UBND xã",
	  "HCC",
	  "Trung tâm phục vụ hành chính công xã" },
};

static const struct want_dept want_depts[] = {
	{ "KT", "Phòng Kinh tế", "plantrack-kt",
	  "Phòng Kinh tế xã|Phòng KT" },
	{ "HCC", "Trung tâm phục vụ hành chính công", "plantrack-hcc",
	  "Trung tâm phục vụ hành chính công xã" },
	{ "VHXH", "Phòng Văn hóa – Xã hội", "plantrack-vhxh",
	  "phòng Văn hóa – Xã hội|Phòng văn hóa - XH|Phòng VH-XH" },
	{ "DVC", "Trung tâm dịch vụ sự nghiệp công", "plantrack-dvc",
	  "Trung tâm DV sự nghiệp công" },
};

static const struct want_party want_parties[] = {
	{ "ALL", "Các Phòng, ban thuộc UBND xã", PARTY_ALL_DEPARTMENTS,
	  "Các ban, ngành thuộc UBND xã|Các phòng ban thuộc UBND "
	  "xã|Các Phòng, ban|Các phòng, đơn vị thuộc xã" },
	{ "DN", "Các doanh nghiệp trên địa bàn", PARTY_EXTERNAL,
	  "các doanh nghiệp trên địa bàn" },
};

static const struct want_group want_groups[] = {
	{ "I",
	  "Đẩy mạnh hoàn thiện đồng bộ các quy định pháp luật để "
	  "xây dựng giải pháp đột phá về thể chế, cơ chế chính "
	  "sách; tháo gỡ dứt điểm các bất cập, điểm nghẽn về pháp "
	  "lý. Đổi mới tư duy xây dựng và tổ chức thực thi pháp "
	  "luật bảo đảm nền kinh tế vận hành theo cơ chế thị trường "
	  "định hướng xã hội chủ nghĩa, sử dụng các công cụ thị "
	  "trường để điều tiết nền kinh tế" },
	{ "II",
	  "Cải cách quy định thủ tục hành chính, nâng cao hiệu quả "
	  "giải quyết thủ tục hành chính phục vụ người dân, doanh "
	  "nghiệp" },
	{ "III",
	  "Ưu tiên khơi thông nguồn lực, tạo điều kiện thuận lợi "
	  "nhất cho doanh nghiệp tiếp cận vốn, đất đai, mặt bằng "
	  "sản xuất kinh doanh và nguồn nhân lực chất lượng cao" },
	{ "IV",
	  "Hỗ trợ khu vực kinh tế tư nhân trong nước và kinh tế nhà "
	  "nước phát triển bền vững, thúc đẩy đổi mới sáng tạo, "
	  "chuyển đổi số và chuyển đổi xanh, tập trung thu hút và "
	  "làm chủ công nghệ cao, tiên tiến để nâng cao năng lực "
	  "cạnh tranh, kinh doanh hiệu quả, bền vững" },
	{ "V",
	  "Hỗ trợ thực chất, hiệu quả doanh nghiệp nhỏ, siêu nhỏ và "
	  "hộ kinh doanh. Nâng cao chất lượng các dịch vụ phát "
	  "triển kinh doanh. Xây dựng một hệ sinh thái dịch vụ hỗ "
	  "trợ đầy đủ, chuyên nghiệp, tạo nền tảng vững chắc cho sự "
	  "phát triển của hoạt động kinh doanh" },
	{ "VI",
	  "Nâng cao chất lượng, hiệu quả công tác thanh tra, kiểm "
	  "tra (bao gồm cả kiểm tra chuyên ngành đối với hàng hóa), "
	  "giảm gánh nặng cho doanh nghiệp" },
};

static const struct want_period want_periods[] = {
	{ "h1", "6 tháng đầu năm 2026",
	  "2026-01-01", "2026-06-30", "2026-05-20", "2026-05-21",
	  "KT", "Sở Tài chính" },
	{ "annual", "năm 2026",
	  "2026-01-01", "2026-12-31", "2026-11-15", "2026-11-20",
	  "KT", "Sở Tài chính" },
};

static const char *const want_meta[] = {
	"Ủy ban nhân dân xã Việt Khê",
	"xã Việt Khê",
	"thành phố Hải Phòng",
	"Số: /KH-UBND",
	"Việt Khê, ngày tháng 5 năm 2026",
	"Thực hiện Nghị quyết số 02/NQ-CP ngày 08/01/2026 của "
	  "Chính phủ về những nhiệm vụ, giải pháp chủ yếu cải thiện "
	  "môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc "
	  "gia năm 2026 xã Việt Khê",
	"Phạm Văn Kim",
	"PHÓ CHỦ TỊCH",
	"TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
};

static const char *const want_legal_bases[] = {
	"Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Chính phủ",
	"Kế hoạch số 69/KH-UBND ngày 27/02/2026 của Ủy ban nhân "
	  "dân thành phố Hải Phòng",
	"Kế hoạch số 220/KH-UBND ngày 28/8/2025 về nâng cao chỉ "
	  "số năng lực cạnh tranh (PCI) năm 2025 - 2026 của thành "
	  "phố",
	"kế hoạch số 50/KH-UBND ngày 19/9/2025 của UBND xã Việt "
	  "Khê nâng cao chỉ số năng lực cạnh tranh (PCI) năm "
	  "2025-2026 của xã Việt Khê",
};
#define WANT_YEAR 2026

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *joined_aliases(const char *const *a, size_t n)
{
	return join(a, n, "|");
}

static void check_task(const struct plan_task *t, const struct want_task *w)
{
	size_t len = strlen(t->description);

	assert_string_equal(t->id, w->id);
	assert_string_equal(t->group, w->group);
	assert_string_equal(joined(t->lead.codes, t->lead.n), w->lead);
	assert_string_equal(t->lead.text, w->lead_text);
	assert_string_equal(joined(t->coordinating.codes, t->coordinating.n),
			    w->coord);
	assert_string_equal(t->coordinating.text, w->coord_text);
	assert_int_equal(t->deadline.kind, w->kind);
	assert_int_equal(t->deadline.date,
			 w->date ? day(w->date) : PT_DAY_NONE);
	assert_string_equal(t->deadline.text, w->deadline_text);
	assert_int_equal(len, w->len);
	if (w->description) {
		assert_string_equal(t->description, w->description);
	} else {
		assert_true(len >= 40 && strlen(w->head) >= 40 &&
			    strlen(w->tail) >= 40);
		assert_memory_equal(t->description, w->head, 40);
		assert_memory_equal(t->description + len - 40,
				    w->tail + strlen(w->tail) - 40, 40);
	}
}

static void test_real_plan(void **state)
{
	const char *path = SRCPATH("data/plan.yaml");
	struct capture cap;
	struct plan *p = NULL;
	const struct plan_meta *m;
	size_t i, n;

	(void)state;
	if (access(path, R_OK))
		skip();
	cap_open(&cap);
	assert_int_equal(plan_load(path, cap.f, &p), 0);
	assert_string_equal(cap_close(&cap), "");
	cap_free(&cap);

	m = &p->meta;
	assert_string_equal(m->issuer, want_meta[0]);
	assert_string_equal(m->commune, want_meta[1]);
	assert_string_equal(m->city, want_meta[2]);
	assert_string_equal(m->number, want_meta[3]);
	assert_string_equal(m->place_date, want_meta[4]);
	assert_string_equal(m->title, want_meta[5]);
	assert_string_equal(m->signer_name, want_meta[6]);
	assert_string_equal(m->signer_title, want_meta[7]);
	assert_string_equal(m->signer_authority, want_meta[8]);
	assert_int_equal(m->year, WANT_YEAR);
	assert_int_equal(m->n_legal_bases, COUNT(want_legal_bases));
	for (i = 0; i < m->n_legal_bases; i++)
		assert_string_equal(m->legal_bases[i], want_legal_bases[i]);

	assert_int_equal(p->n_depts, COUNT(want_depts));
	for (i = 0; i < p->n_depts; i++) {
		assert_string_equal(p->depts[i].code, want_depts[i].code);
		assert_string_equal(p->depts[i].name, want_depts[i].name);
		assert_string_equal(p->depts[i].group, want_depts[i].group);
		assert_string_equal(joined_aliases(p->depts[i].aliases,
						   p->depts[i].n_aliases),
				    want_depts[i].aliases);
	}
	assert_int_equal(p->n_parties, COUNT(want_parties));
	for (i = 0; i < p->n_parties; i++) {
		assert_string_equal(p->parties[i].code, want_parties[i].code);
		assert_string_equal(p->parties[i].name, want_parties[i].name);
		assert_int_equal(p->parties[i].kind, want_parties[i].kind);
		assert_string_equal(joined_aliases(p->parties[i].aliases,
						   p->parties[i].n_aliases),
				    want_parties[i].aliases);
	}

	assert_int_equal(p->n_indicators, 4);
	for (i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *in = &p->indicators[i];
		const struct want_indicator *w = &want_indicators[i];

		assert_int_equal(in->number, w->number);
		assert_string_equal(in->name, w->name);
		assert_string_equal(in->unit, w->unit);
		assert_int_equal(in->op, w->op);
		assert_true(in->target == w->target);
		assert_string_equal(in->target_text, w->target_text);
		assert_string_equal(joined(in->executing.codes,
					   in->executing.n), w->executing);
		assert_string_equal(in->executing.text, w->executing_text);
		assert_string_equal(in->monitoring, w->monitoring);
		assert_string_equal(in->monitoring_text, w->monitoring_text);
	}

	assert_int_equal(p->n_groups, 6);
	assert_int_equal(COUNT(want_groups), 6);
	for (i = 0; i < p->n_groups; i++) {
		assert_string_equal(p->groups[i].id, want_groups[i].id);
		assert_string_equal(p->groups[i].title, want_groups[i].title);
	}

	assert_int_equal(p->n_tasks, 25);
	assert_int_equal(COUNT(want_tasks), 25);
	for (i = 0; i < p->n_tasks; i++)
		check_task(&p->tasks[i], &want_tasks[i]);
	/* Group VI has no task. */
	for (i = n = 0; i < p->n_tasks; i++)
		n += !strcmp(p->tasks[i].group, "VI");
	assert_int_equal(n, 0);

	assert_int_equal(p->n_periods, COUNT(want_periods));
	for (i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];
		const struct want_period *w = &want_periods[i];

		assert_string_equal(pd->id, w->id);
		assert_string_equal(pd->name, w->name);
		assert_int_equal(pd->start, day(w->start));
		assert_int_equal(pd->end, day(w->end));
		assert_int_equal(pd->department_due, day(w->department_due));
		assert_int_equal(pd->consolidated_due,
				 day(w->consolidated_due));
		assert_string_equal(pd->consolidator, w->consolidator);
		assert_string_equal(pd->recipient, w->recipient);
	}

	/* The spellings of the source resolve to their departments. */
	for (i = 0; i < p->n_depts; i++) {
		size_t j;

		assert_ptr_equal(plan_dept_resolve(p, p->depts[i].name),
				 &p->depts[i]);
		for (j = 0; j < p->depts[i].n_aliases; j++)
			assert_ptr_equal(plan_dept_resolve(p,
					 p->depts[i].aliases[j]),
					 &p->depts[i]);
	}
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_plan),
		cmocka_unit_test(test_minimal_loads),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_task_roles),
		cmocka_unit_test(test_period_prev),
		cmocka_unit_test(test_enum_names),
		cmocka_unit_test(test_hand_built_plan),
		cmocka_unit_test(test_top_level_errors),
		cmocka_unit_test(test_meta_errors),
		cmocka_unit_test(test_department_errors),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_reference_errors),
		cmocka_unit_test(test_deadline_errors),
		cmocka_unit_test(test_period_errors),
		cmocka_unit_test(test_task_errors),
		cmocka_unit_test(test_indicator_errors),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_many_tasks),
		cmocka_unit_test(test_errors_fixture),
		cmocka_unit_test(test_hostile_nesting),
		cmocka_unit_test(test_hostile_alias_bomb),
		cmocka_unit_test(test_hostile_huge_scalar),
		cmocka_unit_test(test_hostile_utf8),
		cmocka_unit_test(test_hostile_nul_and_controls),
		cmocka_unit_test(test_hostile_documents_and_tags),
		cmocka_unit_test(test_hostile_garbage),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_pipe),
	};

	test_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
