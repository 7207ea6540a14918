/* cmd_check.c: deadlines for people and cron (check) and for calendar
 * programs (export). Neither takes a lock: they read the state files as
 * any reader does and never keep a writer waiting. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/commands.h"
#include "plantrack/deadline.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/textarg.h"

#define WITHIN_DEFAULT	7
#define WITHIN_MAX	3660	/* ten years: anything more is a typo */

int cmd_check(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "today", required_argument, NULL, 't' },
		{ "within", required_argument, NULL, 'w' },
		{ "dept", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct deadline_query q = { PT_DAY_NONE, WITHIN_DEFAULT, NULL };
	struct finding_list found = { 0 };
	enum output_format fmt = FORMAT_TEXT;
	const char *dept_arg = NULL, *today_arg = NULL;
	const struct plan_dept *dept;
	struct state *st = NULL;
	struct fold fold = { 0 };
	struct cli_kept kept = { 0 };
	long within = WITHIN_DEFAULT;
	int c, status = 0;

	while (!status && (c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 't': today_arg = optarg; break;
		case 'D': dept_arg = optarg; break;
		case 'w':
			status = textarg_int("check", "--within", optarg, 0,
					     WITHIN_MAX, &within);
			break;
		case 'f':
			status = cli_parse_format("check", optarg, &fmt);
			break;
		default:
			status = cli_bad_option("check", c, argv);
			break;
		}
	}
	if (status)
		goto out;
	q.within = (int)within;
	if (optind < argc) {
		status = cli_usage_error("check", _("unexpected argument '%s'"),
					 argv[optind]);
		goto out;
	}
	if (today_arg &&
	    (status = cli_parse_date("check", "--today", today_arg, &q.today)))
		goto out;
	if (!today_arg && (q.today = date_today()) == PT_DAY_NONE) {
		error(_("cannot read today's date from the system clock; "
			"give it with --today DD/MM/YYYY"));
		status = EX_OSERR;
		goto out;
	}
	/* What the same command line wrote and returned last, on the same
	 * day, when nothing it was drawn from has changed (cli_kept_serve):
	 * asked again, a check of 100 000 tasks need not load the plan. */
	if (cli_kept_serve(ctx, &kept, "check", argc, argv, &status))
		goto out;
	/* The present, from the snapshot's fold (cli_load_fold). */
	ctx->snap_want = SNAPSHOT_WANT_FOLD;
	if ((status = cli_load_plan(ctx)))
		goto out;
	if (dept_arg) {
		if ((status = cli_resolve_dept("check", ctx->plan, dept_arg, &dept)))
			goto out;
		q.dept = dept->code;
	}
	/* A deadline day ends at 24:00: what was recorded during today
	 * counts, what was recorded after it (--today in the past) not. */
	if ((status = cli_load_fold(ctx, instant_end_of_day(q.today), 0, &st,
				    &fold)))
		goto out;
	if (deadline_check(ctx->plan, &fold, &q, &found)) {
		error(_("out of memory"));
		status = EX_OSERR;
		goto out;
	}
	/* Kept as it is written, when read from the snapshot: the fold at
	 * the end of --today is the same whatever the clock says. */
	cli_kept_begin(ctx, &kept, st, 0);
	if (fmt == FORMAT_JSON)
		deadline_render_json(ctx->out, &found, &q);
	else
		deadline_render_text(ctx->out, &found, ctx->color);
	/* A department left out is worse news than anything found: cron
	 * must notice (65 over 0, 1 and 2). */
	status = state_unreadable_status(st, deadline_status(&found));
out:
	finding_list_release(&found);
	fold_release(&fold);
	state_free(st);
	return cli_kept_end(ctx, &kept, status);
}

int cmd_export(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "dept", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dept_arg = NULL, *format = NULL;
	const struct plan_dept *dept = NULL;
	struct event_list events = { 0 };
	int c, status = 0;

	while (!status && (c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'D': dept_arg = optarg; break;
		default:
			status = cli_bad_option("export", c, argv);
			break;
		}
	}
	if (status)
		goto out;
	if (optind < argc) {
		status = cli_usage_error("export", _("unexpected argument '%s'"),
					 argv[optind]);
		goto out;
	}
	/* Required although there is one format, so that adding another
	 * never changes what an existing command line does. */
	if (!format) {
		status = cli_usage_error("export", _("--format is required; "
					 "the only format is ics (plantrack "
					 "export --format ics)"));
		goto out;
	}
	if (strcmp(format, "ics") != 0) {
		status = cli_usage_error("export", _("unknown format '%s' (use "
					 "ics)"), format);
		goto out;
	}
	if ((status = cli_load_plan(ctx)))
		goto out;
	if (dept_arg &&
	    (status = cli_resolve_dept("export", ctx->plan, dept_arg, &dept)))
		goto out;
	if (deadline_events(ctx->plan, dept ? dept->code : NULL, &events)) {
		error(_("out of memory"));
		status = EX_OSERR;
		goto out;
	}
	deadline_render_ics(ctx->out, ctx->plan, &events,
			    dept ? dept->code : NULL);
out:
	event_list_release(&events);
	return status;
}
