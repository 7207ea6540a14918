/* cmd_todo.c: what is left to do for the reporting period in progress,
 * for the user's own departments (todo.h says what; planview.h shows it).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/auth.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/planview.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/todo.h"

/* The departments to show: --dept, else the user's own (every one for
 * root). Fills out (room for every department) and *n. */
static int todo_depts(const struct plan *p, const char *dept_arg,
		      const struct plan_dept **out, size_t *n)
{
	struct auth_user u = { 0 };
	int status = 0;

	*n = 0;
	if (dept_arg) {
		status = cli_resolve_dept("todo", p, dept_arg, &out[0]);
		*n = !status;
		goto out;
	}
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	*n = auth_departments(&u, p, out);
	if (!*n)
		status = cli_usage_error("todo", _("user %s belongs to no "
					 "department of the plan: say which "
					 "department to show with --dept CODE"),
					 u.name);
out:
	auth_release(&u);
	return status;
}

static int oom(void)
{
	error(_("out of memory"));
	return EX_OSERR;
}

int cmd_todo(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "dept", required_argument, NULL, 'D' },
		{ "today", required_argument, NULL, 't' },
		{ "period", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dept_arg = NULL, *today_arg = NULL, *period_arg = NULL;
	const struct plan_dept **depts = NULL;
	const struct plan_period *pd = NULL;
	const struct todo **more = NULL;
	struct todo td = { 0 }, *earlier = NULL;
	struct todo_dept *items = NULL;
	struct planview_style style;
	struct state *st = NULL;
	struct fold stored = { 0 };
	const struct fold *fold = NULL;
	enum output_format fmt = FORMAT_TEXT;
	size_t n = 0, n_more = 0, n_items = 0;
	pt_day today;
	int c, status = 0, have_td = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dept_arg = optarg; break;
		case 't': today_arg = optarg; break;
		case 'p': period_arg = optarg; break;
		case 'f':
			if ((status = cli_parse_format("todo", optarg, &fmt)))
				return status;
			break;
		default:
			return cli_bad_option("todo", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("todo", _("unexpected argument '%s'"),
				       argv[optind]);
	today = date_today();
	if (today_arg && (status = cli_parse_date("todo", "--today",
						  today_arg, &today)))
		return status;
	if (today == PT_DAY_NONE) {
		error(_("cannot read today's date from the clock; give it with "
			"--today DATE"));
		return EX_OSERR;
	}
	ctx->snap_want = SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD;
	if ((status = cli_load_plan(ctx)))
		return status;
	if (period_arg &&
	    !(pd = cli_find_period("todo", ctx->plan, period_arg, &status)))
		return status;
	if (!pd && !(pd = todo_period_of(ctx->plan, today)))
		return cli_usage_error("todo", _("the plan has no reporting "
						 "period"));
	depts = xcalloc(ctx->plan->n_depts + 1, sizeof(const struct plan_dept *));
	if ((status = todo_depts(ctx->plan, dept_arg, depts, &n)))
		goto out;
	/* As any reader: from the snapshot when it matches, with its fold
	 * of every entry, which each period's report takes when nothing was
	 * recorded after today. */
	if ((status = cli_load_state(ctx, &st)))
		goto out;
	if (!cli_snapshot_fold(ctx, st, &stored))
		fold = &stored;
	if (todo_build_task(&td, ctx->plan, st, pd, today, NULL, fold)) {
		status = oom();
		goto out;
	}
	have_td = 1;
	/* Earlier periods still open: their consolidated report has not
	 * gone, so a missing report can still be sent (not with --period,
	 * which asks about one period). */
	earlier = xcalloc(ctx->plan->n_periods + 1, sizeof(*earlier));
	more = xcalloc(ctx->plan->n_periods + 1, sizeof(const struct todo *));
	for (size_t i = 0; !period_arg && i < ctx->plan->n_periods; i++) {
		const struct plan_period *q = &ctx->plan->periods[i];
		const struct report_submission *s;

		if (q == pd || q->department_due >= pd->department_due ||
		    q->department_due >= today)
			continue;
		if (todo_build_task(&earlier[n_more], ctx->plan, st, q, today,
				    NULL, fold)) {
			status = oom();
			goto out;
		}
		s = todo_submission(&earlier[n_more], q->consolidator, true);
		if (s && s->submitted) {
			todo_free(&earlier[n_more]);
			continue;
		}
		more[n_more] = &earlier[n_more];
		n_more++;
	}
	/* Every period's report is built: they hold copies, not the fold. */
	fold_release(&stored);
	fold = NULL;
	items = xcalloc(n + 1, sizeof(*items));
	for (; n_items < n; n_items++) {
		if (todo_dept_build(&td, depts[n_items], &items[n_items])) {
			status = oom();
			goto out;
		}
	}
	style.color = ctx->color;
	style.today = today;
	if (fmt == FORMAT_JSON)
		planview_todo_json(ctx->out, &td, more, n_more, items, n_items);
	else if (planview_todo_text(ctx->out, &td, more, n_more, items,
				    n_items,
				    ctx->out_is_tty ? ctx->term_width : 0,
				    &style)) {
		status = oom();
		goto out;
	}
	status = state_unreadable_status(st, status);
out:
	for (size_t i = 0; items && i < n_items; i++)
		todo_dept_release(&items[i]);
	free(items);
	for (size_t i = 0; i < n_more; i++)
		todo_free(&earlier[i]);
	free(earlier);
	free(more);
	if (have_td)
		todo_free(&td);
	fold_release(&stored);
	state_free(st);
	free(depts);
	return status;
}
