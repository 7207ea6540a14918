/* render_common.c: wording and number formats shared by the report's
 * formats (render_int.h). */
#include <stdio.h>
#include <string.h>

#include "plantrack/date.h"
#include "render_int.h"

/* What "%llu" (with a '-' before when neg) writes, by hand: the CSV
 * writes a number or two per record, and snprintf cost more than the
 * rest of the record. 20 digits and a sign fit RENDER_NUM_LEN. */
static void put_decimal(char buf[RENDER_NUM_LEN], unsigned long long u,
			int neg)
{
	char tmp[RENDER_NUM_LEN], *p = tmp + sizeof(tmp);

	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (neg)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof(tmp) - p));
}

void render_size(char buf[RENDER_NUM_LEN], size_t v)
{
	put_decimal(buf, v, 0);
}

void render_int(char buf[RENDER_NUM_LEN], int v)
{
	/* In unsigned arithmetic, so that INT_MIN negates. */
	put_decimal(buf, v < 0 ? 0ULL - (unsigned long long)v :
		    (unsigned long long)v, v < 0);
}

void render_day_vn(pt_day d, char buf[11])
{
	if (d == PT_DAY_NONE)
		buf[0] = '\0';
	else
		date_format_vn(d, buf);
}

void render_day_iso(pt_day d, char buf[11])
{
	if (d == PT_DAY_NONE)
		buf[0] = '\0';
	else
		date_format_iso(d, buf);
}

void render_number_vn(struct strbuf *sb, double v)
{
	char buf[64];
	int n;

	/* 15 significant digits give back what was typed (97,5 not
	 * 97,500000000000001); the decimal mark is a comma in Vietnamese. */
	n = snprintf(buf, sizeof(buf), "%.15g", v);
	/* 64 bytes hold any double in %g: a failure is a libc bug, and
	 * a visible "?" beats a wrong figure in an official report. */
	if (n < 0 || (size_t)n >= sizeof(buf))
		memcpy(buf, "?", 2);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	strbuf_addstr(sb, buf);
}

/* "98,5%" but "12 doanh nghiệp". */
static void add_unit(struct strbuf *sb, const char *unit)
{
	if (unit && *unit && strcmp(unit, "%") != 0)
		strbuf_addch(sb, ' ');
	if (unit)
		strbuf_addstr(sb, unit);
}

void render_value_unit(struct strbuf *sb, double v, const char *unit)
{
	render_number_vn(sb, v);
	add_unit(sb, unit);
}

void render_target(struct strbuf *sb, const struct plan_indicator *ind)
{
	strbuf_addstr(sb, ind->target_text);
	add_unit(sb, ind->unit);
}

void render_unreadable(const struct report *r, struct strbuf *sb)
{
	state_unreadable_notice(sb, r->unreadable, r->n_unreadable, true);
}

const char *const render_sub_titles[RENDER_SUB_COLS] = {
	"STT", "Đơn vị", "Hạn nộp", "Ngày nộp", "Tình trạng",
};

