/* deadline_render.c: check findings as text and JSON, deadlines as an
 * iCalendar file. Formatting only: deadline.c decides what is due. */
#include <stdlib.h>
#include <string.h>

#include "plantrack/color.h"
#include "plantrack/deadline.h"
#include "plantrack/err.h"
#include "plantrack/ics.h"
#include "plantrack/json.h"
#include "plantrack/out.h"
#include "plantrack/strbuf.h"
#include "plantrack/table.h"
#include "plantrack/textscan.h"

/* What table_escape keeps as it is, without a newline or a tab
 * (textscan_term, sixteen bytes at a time), of s[0..len). */
static int field_plain(const char *s, size_t len)
{
	int nl;

	return textscan_term(s, len, 0, &nl) == len;
}

int deadline_field_plain(const char *s)
{
	size_t len;
	unsigned facts;

	if (textfacts_get(s, &len, &facts))
		return (facts & (TEXTFACT_TERM | TEXTFACT_NL)) ==
		       TEXTFACT_TERM;
	return field_plain(s, strlen(s));
}

/* A field of a tab-separated line, s[0..len): the plan's text could hold
 * a tab or a newline, which would break the one-line, six-field promise,
 * and control or bidi characters, which a terminal must not be given
 * (table.h). Most fields hold none of them and are written as they are. */
static void put_field_n(struct out *o, const char *s, size_t len, int last)
{
	char *c, *safe;

	if (field_plain(s, len)) {
		out_write(o, s, len);
		goto out;
	}
	c = xstrdup(s);
	for (char *p = c; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	safe = table_escape(c, 0);
	out_puts(o, safe);
	free(safe);
	free(c);
out:
	out_putc(o, last ? '\n' : '\t');
}

static void put_field(struct out *o, const char *s, int last)
{
	put_field_n(o, s, strlen(s), last);
}

void deadline_render_text(FILE *f, const struct finding_list *l, int color)
{
	struct strbuf sb = STRBUF_INIT, head = STRBUF_INIT;
	struct out o;
	char date[11];

	out_init(&o, f);
	/* First, for the person reading cron's mail. */
	if (l->n_unreadable) {
		state_unreadable_notice(&sb, l->unreadable, l->n_unreadable,
					false);
		out_puts(&o, sb.buf);
		out_putc(&o, '\n');
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *fd = finding_at(l, i);
		const struct finding *prev = i ? finding_at(l, i - 1) : NULL;
		enum color_role role = fd->severity == SEVERITY_OVERDUE ?
			COLOR_OVERDUE : COLOR_PROGRESS;
		struct finding_piece part[3];
		int n;
		bool plain;

		/* Sorted, the findings' texts are read out of the order
		 * they were made in: asked for a few findings ahead (a
		 * hint, which changes nothing). */
		if (i + 16 < l->n)
			__builtin_prefetch(finding_at(l, i + 16));
		if (i + 8 < l->n)
			textfacts_prefetch(finding_at(l, i + 8)->subject);
		n = finding_message_parts(l, fd, part, &plain);

		/* The date, the severity and the kind are the program's
		 * own text, and findings come a day's run at a time: made
		 * again only when one of them changes. */
		if (!prev || fd->day != prev->day ||
		    fd->severity != prev->severity || fd->kind != prev->kind) {
			date_format_iso(fd->day, date);
			strbuf_reset(&head);
			strbuf_addstr(&head, date);
			strbuf_addch(&head, '\t');
			strbuf_addstr(&head, color_start(color, role));
			strbuf_addstr(&head, finding_severity_name(fd->severity));
			strbuf_addstr(&head, color_end(color, role));
			strbuf_addch(&head, '\t');
			strbuf_addstr(&head, finding_kind_name(fd->kind));
			strbuf_addch(&head, '\t');
		}
		out_write(&o, head.buf, head.len);
		/* Made of plain pieces: written as they are, unscanned. The
		 * message's length is known: it is not read to find it. */
		if (plain) {
			out_puts(&o, fd->dept);
			out_putc(&o, '\t');
			out_write(&o, fd->subject, textfacts_strlen(fd->subject));
			out_putc(&o, '\t');
			for (int k = 0; k < n; k++)
				out_write(&o, part[k].s, part[k].len);
			out_putc(&o, '\n');
			continue;
		}
		strbuf_reset(&sb);
		for (int k = 0; k < n; k++)
			strbuf_add(&sb, part[k].s, part[k].len);
		put_field(&o, fd->dept, 0);
		put_field(&o, fd->subject, 0);
		put_field_n(&o, sb.buf, sb.len, 1);
	}
	out_flush(&o);
	strbuf_release(&sb);
	strbuf_release(&head);
}

void deadline_render_json(FILE *f, const struct finding_list *l,
			  const struct deadline_query *q)
{
	struct json_writer w;
	char date[11];

	json_init(&w, f);
	json_object_begin(&w);
	date_format_iso(q->today, date);
	json_kv_string(&w, "today", date);
	json_kv_int(&w, "within", q->within);
	json_key(&w, "findings");
	json_array_begin(&w);
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *fd = finding_at(l, i);

		json_object_begin(&w);
		date_format_iso(fd->day, date);
		json_kv_string(&w, "date", date);
		json_kv_string(&w, "severity", finding_severity_name(fd->severity));
		json_kv_string(&w, "kind", finding_kind_name(fd->kind));
		json_kv_string(&w, "department", fd->dept);
		json_kv_string(&w, "subject", fd->subject);
		json_kv_int(&w, "days", fd->days);
		json_kv_string(&w, "message",
			       finding_message(l, fd, NULL, NULL));
		json_object_end(&w);
	}
	json_array_end(&w);
	state_unreadable_json(&w, l->unreadable, l->n_unreadable);
	json_object_end(&w);
	json_end(&w);
}

/* ---- iCalendar ---- */

static void ics_date(FILE *f, const char *name, pt_day day)
{
	char buf[16];
	int y, m, d, n;

	date_to_ymd(day, &y, &m, &d);
	n = snprintf(buf, sizeof(buf), "%04d%02d%02d", y, m, d);
	if (n < 0 || (size_t)n >= sizeof(buf))
		buf[0] = '\0';
	ics_prop(f, name, buf);
}

/* What each event says: a summary (also the alarms' text), a longer
 * description, a category, and the stable part of its UID. */
static void event_text(const struct plan *p, const struct deadline_event *e,
		       struct strbuf *uid, struct strbuf *summary,
		       struct strbuf *desc, const char **category)
{
	const char *dname = plan_ref_name(p, e->dept);
	char date[11];

	switch (e->kind) {
	case EVENT_REPORT:
		strbuf_addf(uid, "report-%d-%s-%s", p->meta.year,
			    e->period->id, e->dept);
		strbuf_addf(summary, "Hạn nộp báo cáo %s – %s",
			    e->period->name, dname);
		strbuf_addf(desc, "%s hoàn thành báo cáo kết quả thực hiện kế "
			    "hoạch %s", dname, e->period->name);
		/* The consolidator reports to itself: no "gửi về". */
		if (strcmp(e->dept, e->period->consolidator) != 0)
			strbuf_addf(desc, ", gửi về %s",
				    plan_ref_name(p, e->period->consolidator));
		strbuf_addf(desc, " để tổng hợp.\nKhi đã nộp, ghi nhận: "
			    "plantrack submit --period %s --dept %s",
			    e->period->id, e->dept);
		*category = "Báo cáo";
		break;
	case EVENT_CONSOLIDATED:
		strbuf_addf(uid, "consolidated-%d-%s-%s", p->meta.year,
			    e->period->id, e->dept);
		strbuf_addf(summary, "Hạn gửi báo cáo tổng hợp %s đến %s – %s",
			    e->period->name, e->period->recipient, dname);
		strbuf_addf(desc, "%s tổng hợp báo cáo %s của các phòng, "
			    "đơn vị, gửi %s.\nKhi đã gửi, ghi nhận: plantrack "
			    "submit --period %s --consolidated",
			    dname, e->period->name, e->period->recipient,
			    e->period->id);
		*category = "Báo cáo tổng hợp";
		break;
	case EVENT_TASK:
	default:
		date_format_vn(e->day, date);
		strbuf_addf(uid, "task-%d-%s-%s", p->meta.year, e->task->id,
			    e->dept);
		strbuf_addf(summary, "Hạn nhiệm vụ %s – %s", e->task->id, dname);
		strbuf_addf(desc, "%s\nThời hạn: %s (%s)\nChủ trì: %s\n"
			    "Khi hoàn thành, ghi nhận: plantrack update %s "
			    "--dept %s --status done",
			    e->task->description, e->task->deadline.text, date,
			    dname, e->task->id, e->dept);
		*category = "Nhiệm vụ";
		break;
	}
	strbuf_addstr(uid, "@plantrack");
}

static void ics_alarm(FILE *f, const char *trigger, const char *text)
{
	ics_prop(f, "BEGIN", "VALARM");
	ics_prop(f, "ACTION", "DISPLAY");
	ics_prop(f, "TRIGGER", trigger);
	ics_text(f, "DESCRIPTION", text);
	ics_prop(f, "END", "VALARM");
}

static void ics_event(FILE *f, const struct plan *p,
		      const struct deadline_event *e, const char *dtstamp)
{
	struct strbuf uid = STRBUF_INIT, summary = STRBUF_INIT;
	struct strbuf desc = STRBUF_INIT;
	const char *category = "";

	event_text(p, e, &uid, &summary, &desc, &category);
	ics_prop(f, "BEGIN", "VEVENT");
	ics_prop(f, "UID", uid.buf);
	ics_prop(f, "DTSTAMP", dtstamp);
	ics_date(f, "DTSTART;VALUE=DATE", e->day);
	/* All-day: DTEND is exclusive, the next day (3.6.1). */
	ics_date(f, "DTEND;VALUE=DATE", e->day + 1);
	ics_text(f, "SUMMARY", summary.buf);
	ics_text(f, "DESCRIPTION", desc.buf);
	ics_text(f, "CATEGORIES", category);
	/* A deadline does not make anyone busy all day. */
	ics_prop(f, "TRANSP", "TRANSPARENT");
	ics_alarm(f, "-P3D", summary.buf);
	ics_alarm(f, "-P1D", summary.buf);
	ics_prop(f, "END", "VEVENT");
	strbuf_release(&uid);
	strbuf_release(&summary);
	strbuf_release(&desc);
}

void deadline_render_ics(FILE *f, const struct plan *p,
			 const struct event_list *l, const char *dept)
{
	struct strbuf sb = STRBUF_INIT;
	char dtstamp[32];
	int n;

	/* DTSTAMP from the plan, not the clock: the same plan exports to
	 * the same bytes, so a calendar server or cron job can tell when
	 * something really changed. */
	n = snprintf(dtstamp, sizeof(dtstamp), "%04d0101T000000Z",
		     p->meta.year);
	if (n < 0 || (size_t)n >= sizeof(dtstamp))
		dtstamp[0] = '\0';
	ics_prop(f, "BEGIN", "VCALENDAR");
	ics_prop(f, "VERSION", "2.0");
	ics_prop(f, "PRODID", "-//plantrack//plantrack " PT_VERSION "//VI");
	ics_prop(f, "CALSCALE", "GREGORIAN");
	ics_prop(f, "METHOD", "PUBLISH");
	strbuf_addf(&sb, "Thời hạn kế hoạch – %s", p->meta.commune);
	if (dept)
		strbuf_addf(&sb, " – %s", plan_ref_name(p, dept));
	ics_text(f, "X-WR-CALNAME", sb.buf);
	ics_text(f, "X-WR-CALDESC", p->meta.title);
	for (size_t i = 0; i < l->n; i++)
		ics_event(f, p, &l->items[i], dtstamp);
	ics_prop(f, "END", "VCALENDAR");
	strbuf_release(&sb);
}
