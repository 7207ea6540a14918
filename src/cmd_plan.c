/* cmd_plan.c: the read-only views of the plan: list, show, indicators. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "plantrack/arena.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/planview.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"
#include "plantrack/todo.h"

/* Colour, and "today" for overdue tasks: the day the fold is as of. */
static struct planview_style text_style(const struct cli_ctx *ctx)
{
	struct planview_style style = { ctx->color, date_today() };

	return style;
}

static int text_width(const struct cli_ctx *ctx, int wide)
{
	if (wide || !ctx->out_is_tty)
		return 0;
	return ctx->term_width;
}

/* What list --status, --overdue and --not-updated ask of a lead. */
struct list_filter {
	unsigned statuses;	/* bits 1 << enum task_status; 0: any */
	bool overdue, not_updated;
	const struct todo *td;	/* the period's flags (todo.h) */
};

static bool filtering(const struct list_filter *lf)
{
	return lf->statuses || lf->overdue || lf->not_updated;
}

static bool lead_matches(const struct list_filter *lf, const struct fold *fold,
			 const struct plan_task *t, const char *code)
{
	const struct task_lead_state *ls = fold_lead(fold, t->id, code);
	const struct report_row *row = lf->td ? todo_row(lf->td, t, code) : NULL;
	enum task_status st = ls && ls->reported ? ls->status :
						   STATUS_NOT_STARTED;

	if (lf->statuses && !(lf->statuses & (1u << st)))
		return false;
	if (lf->overdue && !(row && row->overdue))
		return false;
	return !lf->not_updated || (row && row->unreported);
}

/* A task matches when the lead --dept names does (when it leads it), or
 * else any of its leads. */
static bool task_matches(const struct list_filter *lf, const struct fold *fold,
			 const struct plan_task *t, const struct plan_dept *dept)
{
	if (!filtering(lf))
		return true;
	if (dept && plan_task_led_by(t, dept->code))
		return lead_matches(lf, fold, t, dept->code);
	for (size_t i = 0; i < t->lead.n; i++)
		if (lead_matches(lf, fold, t, t->lead.codes[i]))
			return true;
	return false;
}

/* --status S: the words update accepts (schema.h). */
static int parse_status(const char *arg, unsigned *bits)
{
	const struct schema_field *f =
		schema_field(schema_type_of(ENTRY_TASK), "status");
	struct strbuf words = STRBUF_INIT;
	int v = schema_enum_parse(f->values, arg), status = 0;

	if (v >= 0) {
		*bits |= 1u << v;
		goto out;
	}
	for (size_t k = 0; k < f->values->n_spellings; k++)
		strbuf_addf(&words, "%s%s", k ? ", " : "",
			    f->values->spellings[k].text);
	status = cli_usage_error("list", _("unknown status '%s' (use %s, or "
					   "the report's words: %s)"), arg,
				 f->values->expected, words.buf);
out:
	strbuf_release(&words);
	return status;
}

int cmd_list(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "dept", required_argument, NULL, 'D' },
		{ "coordinating", no_argument, NULL, 'c' },
		{ "group", required_argument, NULL, 'g' },
		{ "status", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "not-updated", no_argument, NULL, 'n' },
		{ "period", required_argument, NULL, 'p' },
		{ "wide", no_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dept_arg = NULL, *group_arg = NULL, *period_arg = NULL;
	const struct plan_dept *dept = NULL;
	const struct plan_period *period = NULL;
	const struct plan_task **tasks = NULL;
	struct list_filter lf = { 0 };
	struct planview_style style;
	struct state *st = NULL;
	struct fold fold = { 0 };
	struct todo td = { 0 };
	struct cli_kept kept = { 0 };
	time_t now;
	enum output_format fmt = FORMAT_TEXT;
	int c, coordinating = 0, wide = 0, status, have_td = 0;
	size_t n = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dept_arg = optarg; break;
		case 'c': coordinating = 1; break;
		case 'g': group_arg = optarg; break;
		case 'o': lf.overdue = true; break;
		case 'n': lf.not_updated = true; break;
		case 'p': period_arg = optarg; break;
		case 'w': wide = 1; break;
		case 's':
			if ((status = parse_status(optarg, &lf.statuses)))
				return status;
			break;
		case 'f':
			if ((status = cli_parse_format("list", optarg, &fmt)))
				return status;
			break;
		default:
			return cli_bad_option("list", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("list", _("unexpected argument '%s'"),
				       argv[optind]);
	if (coordinating && !dept_arg)
		return cli_usage_error("list", _("--coordinating needs --dept "
						 "CODE"));
	if (period_arg && !lf.not_updated)
		return cli_usage_error("list", _("--period needs --not-updated "
						 "(the period whose updates "
						 "count)"));
	/* What the same command line wrote last, when nothing it was
	 * drawn from has changed (cli_kept_serve). */
	if (cli_kept_serve(ctx, &kept, "list", argc, argv, &status))
		return status;
	/* The present, from the snapshot's fold (cli_load_fold); the
	 * entries too for the filters that read them. */
	ctx->snap_want = lf.overdue || lf.not_updated ?
		SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD : SNAPSHOT_WANT_FOLD;
	if ((status = cli_load_plan(ctx)))
		goto out;
	if (dept_arg && (status = cli_resolve_dept("list", ctx->plan, dept_arg, &dept)))
		goto out;
	if (period_arg &&
	    !(period = cli_find_period("list", ctx->plan, period_arg, &status)))
		goto out;
	/* Group ids in any case, as task ids: "ii" finds "II". */
	for (size_t i = 0; group_arg && i < ctx->plan->n_groups; i++)
		if (!strcasecmp(ctx->plan->groups[i].id, group_arg))
			group_arg = ctx->plan->groups[i].id;
	if (group_arg && !plan_group_find(ctx->plan, group_arg)) {
		struct strbuf ids = STRBUF_INIT;

		for (size_t i = 0; i < ctx->plan->n_groups; i++)
			strbuf_addf(&ids, "%s%s", i ? ", " : "", ctx->plan->groups[i].id);
		status = cli_usage_error("list", _("unknown group '%s' (groups: "
						      "%s)"), group_arg, ids.buf);
		strbuf_release(&ids);
		goto out;
	}
	/* Without --overdue or --not-updated the present is all it reads. */
	now = time(NULL);
	if ((status = cli_load_fold(ctx, now, lf.overdue || lf.not_updated,
				    &st, &fold)))
		goto out;
	style = text_style(ctx);
	if (lf.overdue || lf.not_updated) {
		if (!period)
			period = todo_period_of(ctx->plan, style.today);
		if (!period) {
			status = cli_usage_error("list", _("the plan has no "
				"reporting period, so nothing can be overdue "
				"or not updated"));
			goto out;
		}
		if (todo_build_task(&td, ctx->plan, st, period, style.today,
				    NULL, &fold)) {
			error(errno == ENOMEM ? _("out of memory") :
			      _("cannot read today's date from the clock"));
			status = EX_OSERR;
			goto out;
		}
		have_td = 1;
		lf.td = &td;
	}

	tasks = xcalloc(ctx->plan->n_tasks + 1, sizeof(const struct plan_task *));
	/* Most tasks are listed: their pages in one call, not a fault each. */
	mem_populate(tasks, ctx->plan->n_tasks * sizeof(const struct plan_task *));
	for (size_t i = 0; i < ctx->plan->n_tasks; i++) {
		const struct plan_task *t = &ctx->plan->tasks[i];

		if (group_arg && strcmp(t->group, group_arg) != 0)
			continue;
		if (dept && !plan_task_led_by(t, dept->code) &&
		    !(coordinating && plan_task_coordinated_by(ctx->plan, t, dept->code)))
			continue;
		if (!task_matches(&lf, &fold, t, dept))
			continue;
		tasks[n++] = t;
	}
	/* Kept as it is written, when read from the snapshot. */
	cli_kept_begin(ctx, &kept, st, now);
	if (fmt == FORMAT_JSON)
		planview_list_json(ctx->out, ctx->plan, &fold, tasks, n);
	else if (planview_list_text(ctx->out, ctx->plan, &fold, tasks, n,
				    text_width(ctx, wide), &style)) {
		status = EX_OSERR;
		error(_("out of memory"));
		goto out;
	}
	status = state_unreadable_status(st, status);
out:
	free(tasks);
	if (have_td)
		todo_free(&td);
	fold_release(&fold);
	state_free(st);
	return cli_kept_end(ctx, &kept, status);
}

int cmd_show(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = FORMAT_TEXT;
	const struct plan_task *t;
	const struct plan_period *pd;
	struct planview_style style;
	struct state *st = NULL;
	struct fold fold;
	struct todo td = { 0 };
	int c, status, have_td = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_bad_option("show", c, argv);
		if ((status = cli_parse_format("show", optarg, &fmt)))
			return status;
	}
	if (optind >= argc)
		return cli_usage_error("show", _("no task id given"));
	if (optind + 1 < argc)
		return cli_usage_error("show", _("unexpected argument '%s'"),
				       argv[optind + 1]);
	if ((status = cli_load_plan(ctx)))
		return status;
	t = cli_find_task(ctx->plan, argv[optind]);
	if (!t)
		return cli_usage_error("show", _("no task '%s' in the plan "
					       "(see 'plantrack list')"),
				       argv[optind]);
	/* Only t's entries and those of no task: what its report reads. */
	if ((status = cli_load_task(ctx, t, &st, &fold)))
		goto out;
	style = text_style(ctx);
	/* The leads' reports for the period in progress (todo.h). */
	pd = style.today == PT_DAY_NONE ? NULL :
		todo_period_of(ctx->plan, style.today);
	if (pd) {
		if (todo_build_task(&td, ctx->plan, st, pd, style.today, t,
				    &fold)) {
			error(_("out of memory"));
			status = EX_OSERR;
			goto out;
		}
		have_td = 1;
	}
	if (fmt == FORMAT_JSON)
		planview_task_json(ctx->out, ctx->plan, &fold, t,
				   have_td ? &td : NULL);
	else
		planview_task_text(ctx->out, ctx->plan, &fold, t,
				   have_td ? &td : NULL,
				   ctx->term_width ? ctx->term_width : 80, &style);
	status = state_unreadable_status(st, status);
out:
	if (have_td)
		todo_free(&td);
	fold_release(&fold);
	state_free(st);
	return status;
}

int cmd_indicators(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = FORMAT_TEXT;
	int c, status;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_bad_option("indicators", c, argv);
		if ((status = cli_parse_format("indicators", optarg, &fmt)))
			return status;
	}
	if (optind < argc)
		return cli_usage_error("indicators", _("unexpected argument '%s'"),
				       argv[optind]);
	if ((status = cli_load_plan(ctx)))
		return status;
	if (fmt == FORMAT_JSON)
		planview_indicators_json(ctx->out, ctx->plan);
	else if (planview_indicators_text(ctx->out, ctx->plan,
					  text_width(ctx, 0))) {
		error(_("out of memory"));
		return EX_OSERR;
	}
	return 0;
}
