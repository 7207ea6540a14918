/* cmd_plan.c: the read-only views of the plan: list, show, indicators. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/planview.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"

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

int cmd_list(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "dept", required_argument, NULL, 'D' },
		{ "coordinating", no_argument, NULL, 'c' },
		{ "group", required_argument, NULL, 'g' },
		{ "wide", no_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dept_arg = NULL, *group_arg = NULL;
	const struct plan_dept *dept = NULL;
	const struct plan_task **tasks = NULL;
	struct planview_style style;
	struct state *st = NULL;
	struct fold fold;
	enum output_format fmt = FORMAT_TEXT;
	int c, coordinating = 0, wide = 0, status;
	size_t n = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dept_arg = optarg; break;
		case 'c': coordinating = 1; break;
		case 'g': group_arg = optarg; break;
		case 'w': wide = 1; break;
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
	if ((status = cli_load_plan(ctx)))
		return status;
	if (dept_arg && (status = cli_resolve_dept("list", ctx->plan, dept_arg, &dept)))
		return status;
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
		return status;
	}
	if ((status = cli_load_current(ctx, &st, &fold)))
		goto out;
	style = text_style(ctx);

	tasks = xcalloc(ctx->plan->n_tasks + 1, sizeof(const struct plan_task *));
	for (size_t i = 0; i < ctx->plan->n_tasks; i++) {
		const struct plan_task *t = &ctx->plan->tasks[i];

		if (group_arg && strcmp(t->group, group_arg) != 0)
			continue;
		if (dept && !plan_task_led_by(t, dept->code) &&
		    !(coordinating && plan_task_coordinated_by(ctx->plan, t, dept->code)))
			continue;
		tasks[n++] = t;
	}
	if (fmt == FORMAT_JSON)
		planview_list_json(ctx->out, ctx->plan, &fold, tasks, n);
	else
		planview_list_text(ctx->out, ctx->plan, &fold, tasks, n,
				   text_width(ctx, wide), &style);
	status = state_unreadable_status(st, status);
out:
	free(tasks);
	fold_release(&fold);
	state_free(st);
	return status;
}

int cmd_show(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = FORMAT_TEXT;
	const struct plan_task *t;
	struct planview_style style;
	struct state *st = NULL;
	struct fold fold;
	int c, status;

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
	if ((status = cli_load_current(ctx, &st, &fold)))
		goto out;
	style = text_style(ctx);
	if (fmt == FORMAT_JSON)
		planview_task_json(ctx->out, ctx->plan, &fold, t);
	else
		planview_task_text(ctx->out, ctx->plan, &fold, t,
				   ctx->term_width ? ctx->term_width : 80, &style);
	status = state_unreadable_status(st, status);
out:
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
	else
		planview_indicators_text(ctx->out, ctx->plan, text_width(ctx, 0));
	return 0;
}
