/* cmd_history.c: every recorded change, oldest first, with what it
 * changed from what to what. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/history.h"
#include "plantrack/instant.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"

int cmd_history(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "dept", required_argument, NULL, 'D' },
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct history_filter flt = { NULL, NULL, PT_DAY_NONE };
	enum output_format fmt = FORMAT_TEXT;
	const char *dept_arg = NULL, *since_arg = NULL;
	const struct plan_dept *dept;
	struct state *st = NULL;
	struct history h = { 0 };
	struct cli_kept kept = { 0 };
	int c, status;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dept_arg = optarg; break;
		case 's': since_arg = optarg; break;
		case 'f':
			if ((status = cli_parse_format("history", optarg, &fmt)))
				return status;
			break;
		default:
			return cli_bad_option("history", c, argv);
		}
	}
	if (optind + 1 < argc)
		return cli_usage_error("history", _("unexpected argument '%s'"),
				       argv[optind + 1]);
	if (since_arg &&
	    (status = cli_parse_date("history", "--since", since_arg, &flt.since)))
		return status;
	/* What the same command line wrote last, when nothing it was
	 * drawn from has changed (cli_kept_serve). */
	if (cli_kept_serve(ctx, &kept, "history", argc, argv, &status))
		return status;
	ctx->snap_want = SNAPSHOT_WANT_STATE;
	if ((status = cli_load_plan(ctx)))
		goto out;
	if (optind < argc) {
		const struct plan_task *t = cli_find_task(ctx->plan, argv[optind]);

		if (!t) {
			status = cli_usage_error("history", _("no task '%s' in "
						 "the plan (see 'plantrack "
						 "list')"), argv[optind]);
			goto out;
		}
		flt.task = t->id;
	}
	if (dept_arg) {
		if ((status = cli_resolve_dept("history", ctx->plan, dept_arg, &dept)))
			goto out;
		flt.dept = dept->code;
	}
	status = cli_load_state(ctx, &st);
	if (status)
		goto out;
	/* Kept as it is written, when read from the snapshot: every entry,
	 * whatever the clock says. */
	cli_kept_begin(ctx, &kept, st, 0);
	if (history_build(&h, st, ctx->plan, &flt) != 0 ||
	    (fmt == FORMAT_JSON ?
	     history_render_json(ctx->out, &h, ctx->plan) :
	     history_render_text(ctx->out, &h, ctx->plan,
				 ctx->out_is_tty ? ctx->term_width : 0)) != 0) {
		status = EX_OSERR;
		error(_("out of memory"));
		goto out;
	}
	status = state_unreadable_status(st, status);
out:
	history_release(&h);
	state_free(st);
	return cli_kept_end(ctx, &kept, status);
}
