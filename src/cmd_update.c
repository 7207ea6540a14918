/* cmd_update.c: the commands that record: update, indicator set, submit.
 *
 * Each checks its arguments, finds out who is calling and for which
 * department, refuses (exit 77) what that department may not change, and
 * hands one new entry to record_commit().
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plantrack/auth.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/instant.h"
#include "plantrack/record.h"
#include "plantrack/strbuf.h"
#include "plantrack/textarg.h"

/* Who acts, for which department. With --dept: that department, which the
 * user must belong to. Without: among the user's departments, those that
 * can do this (rank() > 0); the best-ranked one if it is alone in its
 * rank (a lead before a coordinator), else a usage error asking for
 * --dept; none at all is a permission error. */
static int choose_dept(const char *cmd, const struct plan *p,
		       const struct auth_user *u, const char *dept_arg,
		       int (*rank)(const struct plan *, const struct plan_dept *,
				   const void *),
		       const void *what, const char *what_name,
		       const struct plan_dept **out)
{
	const struct plan_dept **mine = xcalloc(p->n_depts + 1, sizeof(const struct plan_dept *));
	size_t n_mine = auth_departments(u, p, mine), n_best = 0;
	const struct plan_dept *best = NULL;
	struct strbuf sb = STRBUF_INIT;
	int status = 0, best_rank = 0;

	*out = NULL;
	if (dept_arg) {
		status = cli_resolve_dept(cmd, p, dept_arg, out);
		if (status)
			goto out;
		if (!auth_member(u, *out)) {
			error("%s: user %s is not a member of department %s "
			      "(Unix group %s), so cannot change %s; ask the "
			      "administrator to add you to the group",
			      cmd, u->name, (*out)->code, (*out)->group, what_name);
			status = EX_NOPERM;
		}
		goto out;
	}
	if (n_mine == 0) {
		error("%s: user %s belongs to no department of the plan (no "
		      "plantrack group among the user's groups), so cannot "
		      "change %s; ask the administrator to add you to your "
		      "department's group", cmd, u->name, what_name);
		status = EX_NOPERM;
		goto out;
	}
	for (size_t i = 0; i < n_mine; i++) {
		int r = rank(p, mine[i], what);

		if (r > best_rank) {
			best_rank = r;
			best = mine[i];
			n_best = 0;
			strbuf_reset(&sb);
		}
		if (r && r == best_rank) {
			n_best++;
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", mine[i]->code);
		}
	}
	if (n_best == 1) {
		*out = best;
	} else if (n_best > 1) {
		status = cli_usage_error(cmd, "user %s acts for several departments "
					 "that could change %s (%s): say which "
					 "with --dept CODE", u->name, what_name,
					 sb.buf);
	} else {
		for (size_t i = 0; i < n_mine; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", mine[i]->code);
		error("%s: user %s (department %s) may not change %s",
		      cmd, u->name, sb.buf, what_name);
		status = EX_NOPERM;
	}
out:
	strbuf_release(&sb);
	free(mine);
	if (!status && !*out)
		status = EX_SOFTWARE;	/* cannot happen; keeps callers simple */
	return status;
}

/* ---- update ---- */

struct update_req {
	const struct plan *plan;
	const struct plan_task *task;
	const struct plan_dept *dept;
	enum task_role role;
	unsigned set;			/* SET_* asked for */
	enum task_status status;
	int progress;
	char *result, *difficulty, *proposal;
	struct strbuf changes;		/* what to tell the user */
};

static int update_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct update_req *r = arg;

	if (plan_task_led_by(r->task, d->code))
		return 2;
	return !(r->set & (SET_STATUS | SET_PROGRESS)) &&
	       plan_task_coordinated_by(p, r->task, d->code);
}

static const char *note_or_dash(const char *s)
{
	return s ? s : "(chưa có)";
}

static void change(struct strbuf *sb, const char *field, const char *from,
		   const char *to)
{
	strbuf_addf(sb, "  %s: %s → %s\n", field, from, to);
}

/* The department's current view of the task, from its own entries. */
static int update_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct update_req *r = arg;
	const char *old_result = NULL;
	enum task_status old_status = STATUS_NOT_STARTED;
	int old_progress = 0;

	for (size_t i = 0; i < cur->n; i++) {
		const struct state_entry *x = &cur->entries[i];

		if (x->kind != ENTRY_TASK || x->role != r->role ||
		    strcmp(x->task, r->task->id) != 0)
			continue;
		if (x->set & SET_STATUS) {
			old_status = x->status;
			if (x->status == STATUS_DONE)
				old_progress = 100;
		}
		if (x->set & SET_PROGRESS)
			old_progress = x->progress;
		if (x->set & SET_RESULT)
			old_result = x->result;
	}

	e->kind = ENTRY_TASK;
	e->task = r->task->id;
	e->role = r->role;
	/* Less than 100% is not done: reopening a done task is a status
	 * change, recorded as one. */
	if (old_status == STATUS_DONE && (r->set & SET_PROGRESS) &&
	    r->progress < 100 && !(r->set & SET_STATUS)) {
		r->set |= SET_STATUS;
		r->status = STATUS_IN_PROGRESS;
	}
	if ((r->set & SET_STATUS) && r->status != old_status) {
		e->set |= SET_STATUS;
		e->status = r->status;
		change(&r->changes, "trạng thái", task_status_label(old_status),
		       task_status_label(r->status));
	}
	if ((r->set & SET_PROGRESS) && r->progress != old_progress) {
		e->set |= SET_PROGRESS;
		e->progress = r->progress;
		strbuf_addf(&r->changes, "  tiến độ: %d%% → %d%%\n", old_progress,
			    r->progress);
	}
	if ((r->set & SET_RESULT) &&
	    (!old_result || strcmp(old_result, r->result) != 0)) {
		e->set |= SET_RESULT;
		e->result = r->result;
		change(&r->changes, "kết quả", note_or_dash(old_result), r->result);
	}
	/* Difficulties and proposals are events: each one is recorded. */
	if (r->set & SET_DIFFICULTY) {
		e->set |= SET_DIFFICULTY;
		e->difficulty = r->difficulty;
		strbuf_addf(&r->changes, "  khó khăn, vướng mắc: %s\n", r->difficulty);
	}
	if (r->set & SET_PROPOSAL) {
		e->set |= SET_PROPOSAL;
		e->proposal = r->proposal;
		strbuf_addf(&r->changes, "  kiến nghị, đề xuất: %s\n", r->proposal);
	}
	return e->set ? 0 : RECORD_UNCHANGED;
}

int cmd_update(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "dept", required_argument, NULL, 'D' },
		{ "status", required_argument, NULL, 's' },
		{ "progress", required_argument, NULL, 'p' },
		{ "result", required_argument, NULL, 'r' },
		{ "difficulty", required_argument, NULL, 'k' },
		{ "proposal", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct update_req r = { .changes = STRBUF_INIT };
	struct auth_user u = { 0 };
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	long progress;
	int c, status = 0, written = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			dept_arg = optarg;
			break;
		case 's':
			if (task_status_parse(optarg, &r.status) != 0) {
				status = cli_usage_error("update", "unknown status '%s' "
					"(use not_started, in_progress or done)", optarg);
				goto out;
			}
			r.set |= SET_STATUS;
			break;
		case 'p':
			status = textarg_int("update", "--progress", optarg, 0, 100,
					     &progress);
			if (status)
				goto out;
			r.progress = (int)progress;
			r.set |= SET_PROGRESS;
			break;
		case 'r':
			free(r.result);
			if (!(r.result = textarg_note("update", "--result", optarg)))
				goto usage;
			r.set |= SET_RESULT;
			break;
		case 'k':
			free(r.difficulty);
			if (!(r.difficulty = textarg_note("update", "--difficulty", optarg)))
				goto usage;
			r.set |= SET_DIFFICULTY;
			break;
		case 'P':
			free(r.proposal);
			if (!(r.proposal = textarg_note("update", "--proposal", optarg)))
				goto usage;
			r.set |= SET_PROPOSAL;
			break;
		default:
			status = cli_bad_option("update", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("update", "no task id given");
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("update", "unexpected argument '%s'",
					 argv[optind + 1]);
		goto out;
	}
	if (!r.set) {
		status = cli_usage_error("update", "nothing to record: give at least "
			"one of --status, --progress, --result, --difficulty, --proposal");
		goto out;
	}
	if ((r.set & SET_STATUS) && r.status == STATUS_DONE) {
		if ((r.set & SET_PROGRESS) && r.progress != 100) {
			status = cli_usage_error("update", "--status done means "
						 "--progress 100, not %d", r.progress);
			goto out;
		}
		r.set |= SET_PROGRESS;
		r.progress = 100;
	}
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.plan = ctx->plan;
	r.task = cli_find_task(ctx->plan, argv[optind]);
	if (!r.task) {
		status = cli_usage_error("update", "no task '%s' in the plan "
					 "(see 'plantrack list')", argv[optind]);
		goto out;
	}
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_addf(&what, "task %s (led by ", r.task->id);
	for (size_t i = 0; i < r.task->lead.n; i++)
		strbuf_addf(&what, "%s%s", i ? ", " : "", r.task->lead.codes[i]);
	strbuf_addstr(&what, r.set & (SET_STATUS | SET_PROGRESS) ? "; others may "
		      "add only --result, --difficulty, --proposal notes)" : ")");
	status = choose_dept("update", ctx->plan, &u, dept_arg, update_acceptable,
			     &r, what.buf, &r.dept);
	if (status)
		goto out;
	if (plan_task_led_by(r.task, r.dept->code)) {
		r.role = ROLE_LEAD;
	} else if (!plan_task_coordinated_by(ctx->plan, r.task, r.dept->code)) {
		error("update: department %s neither leads nor coordinates task "
		      "%s (leads: %s); user %s may not change it", r.dept->code,
		      r.task->id, r.task->lead.text, u.name);
		status = EX_NOPERM;
		goto out;
	} else if (r.set & (SET_STATUS | SET_PROGRESS)) {
		error("update: department %s coordinates task %s: it may record "
		      "--result, --difficulty and --proposal notes, not status or "
		      "progress (user %s)", r.dept->code, r.task->id, u.name);
		status = EX_NOPERM;
		goto out;
	} else {
		r.role = ROLE_COORDINATING;
	}
	status = record_commit(ctx->datadir, ctx->plan, r.dept, u.name,
			       (long)u.uid, update_build, &r, &written);
	if (status)
		goto out;
	if (!written)
		fprintf(ctx->out, "%s [%s]: nothing changed\n", r.task->id,
			r.dept->code);
	else
		fprintf(ctx->out, "%s [%s%s]: recorded\n%s", r.task->id,
			r.dept->code, r.role == ROLE_COORDINATING ?
			", phối hợp" : "", r.changes.buf);
	goto out;
usage:
	status = EX_USAGE;
out:
	auth_release(&u);
	strbuf_release(&what);
	strbuf_release(&r.changes);
	free(r.result);
	free(r.difficulty);
	free(r.proposal);
	return status;
}

/* ---- indicator set ---- */

struct indicator_req {
	const struct plan_indicator *ind;
	const struct plan_period *period;
	double value;
	char *note;
	int had_old;
	double old;
};

static int indicator_acceptable(const struct plan *p, const struct plan_dept *d,
				const void *arg)
{
	const struct plan_indicator *ind = arg;

	(void)p;
	return !strcmp(ind->monitoring, d->code);
}

static int indicator_build(const struct state *cur, struct state_entry *e,
			   void *arg)
{
	struct indicator_req *r = arg;

	for (size_t i = 0; i < cur->n; i++) {
		const struct state_entry *x = &cur->entries[i];

		if (x->kind == ENTRY_INDICATOR && x->indicator == r->ind->number &&
		    !strcmp(x->period, r->period->id)) {
			r->had_old = 1;
			r->old = x->value;
		}
	}
	e->kind = ENTRY_INDICATOR;
	e->indicator = r->ind->number;
	e->period = r->period->id;
	e->value = r->value;
	e->note = r->note;
	return 0;
}

int cmd_indicator(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "value", required_argument, NULL, 'v' },
		{ "note", required_argument, NULL, 'n' },
		{ "dept", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct indicator_req r = { 0 };
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *period_arg = NULL, *value_arg = NULL, *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	long number;
	int c, status = 0, written = 0;

	if (argc < 2)
		return cli_usage_error("indicator", "no subcommand given (use 'set')");
	if (strcmp(argv[1], "set") != 0)
		return cli_usage_error("indicator", "unknown subcommand '%s' "
				       "(use 'set')", argv[1]);
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'p': period_arg = optarg; break;
		case 'v': value_arg = optarg; break;
		case 'D': dept_arg = optarg; break;
		case 'n':
			free(r.note);
			if (!(r.note = textarg_note("indicator", "--note", optarg))) {
				status = EX_USAGE;
				goto out;
			}
			break;
		default:
			status = cli_bad_option("indicator", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("indicator", "no indicator number given");
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("indicator", "unexpected argument '%s'",
					 argv[optind + 1]);
		goto out;
	}
	if (!period_arg || !value_arg) {
		status = cli_usage_error("indicator", "set needs --period P and "
					 "--value X");
		goto out;
	}
	if ((status = textarg_int("indicator", "NUMBER", argv[optind], 1, 9999,
				  &number)))
		goto out;
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.ind = plan_indicator_find(ctx->plan, (int)number);
	if (!r.ind) {
		status = cli_usage_error("indicator", "no indicator %ld in the plan "
					 "(see 'plantrack indicators')", number);
		goto out;
	}
	r.period = cli_find_period("indicator", ctx->plan, period_arg, &status);
	if (!r.period)
		goto out;
	status = textarg_number("indicator", "--value", value_arg, 0,
				strcmp(r.ind->unit, "%") ? 1e15 : 100, &r.value);
	if (status)
		goto out;
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_addf(&what, "indicator %d", r.ind->number);
	status = choose_dept("indicator", ctx->plan, &u, dept_arg,
			     indicator_acceptable, r.ind, what.buf, &dept);
	if (status)
		goto out;
	if (strcmp(dept->code, r.ind->monitoring) != 0) {
		error("indicator: indicator %d is monitored by %s; department %s "
		      "(user %s) may not set it", r.ind->number, r.ind->monitoring,
		      dept->code, u.name);
		status = EX_NOPERM;
		goto out;
	}
	status = record_commit(ctx->datadir, ctx->plan, dept, u.name, (long)u.uid,
			       indicator_build, &r, &written);
	if (status)
		goto out;
	if (r.had_old)
		fprintf(ctx->out, "indicator %d, %s [%s]: %g → %g %s\n",
			r.ind->number, r.period->id, dept->code, r.old, r.value,
			r.ind->unit);
	else
		fprintf(ctx->out, "indicator %d, %s [%s]: %g %s\n", r.ind->number,
			r.period->id, dept->code, r.value, r.ind->unit);
out:
	auth_release(&u);
	strbuf_release(&what);
	free(r.note);
	return status;
}

/* ---- submit ---- */

struct submit_req {
	const struct plan_period *period;
	bool consolidated;
	int resubmission;
};

static int submit_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct submit_req *r = arg;

	(void)p;
	return !r->consolidated || !strcmp(d->code, r->period->consolidator);
}

static int submit_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct submit_req *r = arg;

	for (size_t i = 0; i < cur->n; i++)
		if (cur->entries[i].kind == ENTRY_SUBMIT &&
		    cur->entries[i].consolidated == r->consolidated &&
		    !strcmp(cur->entries[i].period, r->period->id))
			r->resubmission = 1;
	e->kind = ENTRY_SUBMIT;
	e->period = r->period->id;
	e->consolidated = r->consolidated;
	return 0;
}

int cmd_submit(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "dept", required_argument, NULL, 'D' },
		{ "consolidated", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct submit_req r = { 0 };
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *period_arg = NULL, *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	char due[11];
	pt_day due_day;
	int c, status = 0, written = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'p': period_arg = optarg; break;
		case 'D': dept_arg = optarg; break;
		case 'c': r.consolidated = true; break;
		default: return cli_bad_option("submit", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("submit", "unexpected argument '%s'",
				       argv[optind]);
	if (!period_arg)
		return cli_usage_error("submit", "--period P is required");
	if ((status = cli_load_plan(ctx)))
		return status;
	r.period = cli_find_period("submit", ctx->plan, period_arg, &status);
	if (!r.period)
		return status;
	if (auth_current(&u) != 0)
		return EX_OSERR;
	strbuf_addf(&what, "the %sreport for %s",
		    r.consolidated ? "consolidated " : "", r.period->id);
	status = choose_dept("submit", ctx->plan, &u, dept_arg, submit_acceptable,
			     &r, what.buf, &dept);
	if (status)
		goto out;
	if (r.consolidated && strcmp(dept->code, r.period->consolidator) != 0) {
		error("submit: only %s sends the consolidated report for %s; "
		      "department %s (user %s) may not", r.period->consolidator,
		      r.period->id, dept->code, u.name);
		status = EX_NOPERM;
		goto out;
	}
	status = record_commit(ctx->datadir, ctx->plan, dept, u.name, (long)u.uid,
			       submit_build, &r, &written);
	if (status)
		goto out;
	due_day = r.consolidated ? r.period->consolidated_due
				 : r.period->department_due;
	date_format_vn(due_day, due);
	fprintf(ctx->out, "%s [%s]: %s%s submitted (due %s%s)\n", r.period->id,
		dept->code, r.consolidated ? "consolidated report to " : "report",
		r.consolidated ? r.period->recipient : "", due,
		r.resubmission ? "; submitted again" : "");
out:
	auth_release(&u);
	strbuf_release(&what);
	return status;
}
