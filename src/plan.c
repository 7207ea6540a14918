/* plan.c: queries on a loaded plan.
 *
 * Lookups scan linearly: a plan has a handful of departments and a few
 * dozen tasks, and a struct plan built by hand (as tests do) works the
 * same as a loaded one. The loader, which must cope with 100 000 tasks,
 * does its own sorting for duplicate and reference checks.
 */
#include <stdlib.h>
#include <string.h>

#include "plantrack/plan.h"

void plan_free(struct plan *p)
{
	if (!p)
		return;
	arena_free(&p->arena);
	free(p);
}

const struct plan_dept *plan_dept_find(const struct plan *p, const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < p->n_depts; i++)
		if (!strcmp(p->depts[i].code, code))
			return &p->depts[i];
	return NULL;
}

/* Folds ASCII letters only: strcasecmp follows the locale, and in a
 * Turkish one "i" and "I" are not a pair. */
static int ascii_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'a' && x <= 'z')
			x = (unsigned char)(x - 'a' + 'A');
		if (y >= 'a' && y <= 'z')
			y = (unsigned char)(y - 'a' + 'A');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

const struct plan_dept *plan_dept_resolve(const struct plan *p, const char *s)
{
	const struct plan_dept *d;
	size_t i, j;

	if (!s)
		return NULL;
	d = plan_dept_find(p, s);
	if (d)
		return d;
	/* Users type "kt" for KT; codes are ASCII, so no locale is needed. */
	for (i = 0; i < p->n_depts; i++)
		if (ascii_equal_nocase(p->depts[i].code, s))
			return &p->depts[i];
	for (i = 0; i < p->n_depts; i++) {
		if (!strcmp(p->depts[i].name, s))
			return &p->depts[i];
		for (j = 0; j < p->depts[i].n_aliases; j++)
			if (!strcmp(p->depts[i].aliases[j], s))
				return &p->depts[i];
	}
	return NULL;
}

const struct plan_party *plan_party_find(const struct plan *p,
					 const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < p->n_parties; i++)
		if (!strcmp(p->parties[i].code, code))
			return &p->parties[i];
	return NULL;
}

const struct plan_group *plan_group_find(const struct plan *p, const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < p->n_groups; i++)
		if (!strcmp(p->groups[i].id, id))
			return &p->groups[i];
	return NULL;
}

const struct plan_task *plan_task_find(const struct plan *p, const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < p->n_tasks; i++)
		if (!strcmp(p->tasks[i].id, id))
			return &p->tasks[i];
	return NULL;
}

const struct plan_indicator *plan_indicator_find(const struct plan *p,
						 int number)
{
	size_t i;

	for (i = 0; i < p->n_indicators; i++)
		if (p->indicators[i].number == number)
			return &p->indicators[i];
	return NULL;
}

const struct plan_period *plan_period_find(const struct plan *p,
					   const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < p->n_periods; i++)
		if (!strcmp(p->periods[i].id, id))
			return &p->periods[i];
	return NULL;
}

const char *plan_ref_name(const struct plan *p, const char *code)
{
	const struct plan_dept *d = plan_dept_find(p, code);
	const struct plan_party *pt;

	if (d)
		return d->name;
	pt = plan_party_find(p, code);
	if (pt)
		return pt->name;
	return code;
}

int plan_task_led_by(const struct plan_task *t, const char *code)
{
	size_t i;

	if (!code)
		return 0;
	for (i = 0; i < t->lead.n; i++)
		if (!strcmp(t->lead.codes[i], code))
			return 1;
	return 0;
}

int plan_task_coordinated_by(const struct plan *p, const struct plan_task *t,
			     const char *code)
{
	const struct plan_party *pt;
	size_t i;

	/* "All departments" would otherwise make every lead its own
	 * coordinator too. */
	if (!code || plan_task_led_by(t, code))
		return 0;
	for (i = 0; i < t->coordinating.n; i++) {
		if (!strcmp(t->coordinating.codes[i], code))
			return 1;
		pt = plan_party_find(p, t->coordinating.codes[i]);
		if (pt && pt->kind == PARTY_ALL_DEPARTMENTS &&
		    plan_dept_find(p, code))
			return 1;
	}
	return 0;
}

int plan_refs_cover(const struct plan *p, const struct plan_refs *refs,
		    const char *code)
{
	const struct plan_party *pt;
	size_t i;

	if (!code || !plan_dept_find(p, code))
		return 0;
	for (i = 0; i < refs->n; i++) {
		if (!strcmp(refs->codes[i], code))
			return 1;
		pt = plan_party_find(p, refs->codes[i]);
		if (pt && pt->kind == PARTY_ALL_DEPARTMENTS)
			return 1;
	}
	return 0;
}

const struct plan_period *plan_period_prev(const struct plan *p,
					   const struct plan_period *pd)
{
	const struct plan_period *best = NULL;
	size_t i;

	if (!pd)
		return NULL;
	for (i = 0; i < p->n_periods; i++) {
		const struct plan_period *q = &p->periods[i];

		/* Ties go to the first in the file: strictly later only. */
		if (q->department_due < pd->department_due &&
		    (!best || q->department_due > best->department_due))
			best = q;
	}
	return best;
}

const char *deadline_kind_name(enum deadline_kind k)
{
	switch (k) {
	case DEADLINE_ONGOING:
		return "ongoing";
	case DEADLINE_MAINTAINED:
		return "maintained";
	case DEADLINE_DATE:
		return "date";
	}
	return "unknown";
}

const char *target_op_name(enum target_op op)
{
	switch (op) {
	case TARGET_EQ:
		return "=";
	case TARGET_GE:
		return ">=";
	case TARGET_LE:
		return "<=";
	}
	return "unknown";
}

const char *party_kind_name(enum party_kind k)
{
	switch (k) {
	case PARTY_ALL_DEPARTMENTS:
		return "all_departments";
	case PARTY_EXTERNAL:
		return "external";
	}
	return "unknown";
}
