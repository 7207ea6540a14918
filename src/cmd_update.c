/* cmd_update.c: the commands that record: update, indicator set, submit.
 *
 * Each checks its arguments, finds out who is calling and for which
 * department, refuses (exit 77) what that department may not change, and
 * hands one new entry to record_commit(). Their field options, how each
 * value is checked and who may set it come from the schema's table
 * (schema.h); what changed is worked out and told with the same
 * functions history uses (state_current_apply, schema_describe_changes).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plantrack/auth.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/record.h"
#include "plantrack/schema.h"
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

/* ---- field options, from the table ---- */

/* The field options given, by field index: the last of each wins. */
struct field_args {
	const struct schema_type *t;
	const char *raw[SCHEMA_MAX_FIELDS];	/* NULL: not given */
	bool from_file[SCHEMA_MAX_FIELDS];
	char *owned[SCHEMA_MAX_FIELDS];		/* texts made from them */
};

static void field_args_init(struct field_args *a, enum entry_kind k)
{
	memset(a, 0, sizeof(*a));
	a->t = schema_type_of(k);
}

static void field_args_release(struct field_args *a)
{
	for (size_t i = 0; i < SCHEMA_MAX_FIELDS; i++)
		free(a->owned[i]);
}

/* Takes getopt's c if it is a field option. */
static bool field_option(struct field_args *a, int c, const char *arg)
{
	bool from_file;
	const struct schema_field *f = schema_option_field(a->t, c, &from_file);
	size_t i;

	if (!f)
		return false;
	i = schema_index(a->t, f);
	a->raw[i] = arg ? arg : "true";
	a->from_file[i] = from_file;
	return true;
}

static bool field_given(const struct field_args *a, const char *key)
{
	const struct schema_field *f = schema_field(a->t, key);

	return f && a->raw[schema_index(a->t, f)];
}

/* "--status, --progress, --result, --difficulty, --proposal": the
 * options of the fields that who may set (0: any). */
static void option_list(struct strbuf *sb, const struct schema_type *t,
			unsigned who, const char *last)
{
	size_t i, n = 0, k = 0;

	for (i = 0; i < t->n_fields; i++)
		n += t->fields[i].option && t->fields[i].fold ==
		     SCHEMA_FOLD_REPLACE && (!who || (t->fields[i].who & who));
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!f->option || f->fold != SCHEMA_FOLD_REPLACE ||
		    (who && !(f->who & who)))
			continue;
		strbuf_addf(sb, "%s--%s", !k ? "" : k + 1 == n ? last : ", ",
			    f->option);
		k++;
	}
}

/* Reads the text of --NAME-file: FILE, or standard input for "-". One
 * trailing newline (an editor's) is not part of the text. */
static int read_text_file(const char *cmd, const struct schema_field *f,
			  const char *path, char **out, size_t *len)
{
	/* Enough for any text the rule can accept, and one byte more. */
	size_t max = 4 * (size_t)f->max + 1, n = 0;
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *buf = NULL;
	int status = EX_NOINPUT;

	(void)cmd;	/* err.c names the command */
	if (!in) {
		error(_("--%s-file: cannot read %s: %s"), f->option, path,
		      err_strerror(errno));
		status = errno == EACCES ? EX_NOPERM : EX_NOINPUT;
		goto out;
	}
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max, in);
	if (ferror(in)) {
		error(_("--%s-file: cannot read %s: %s"), f->option, path,
		      err_strerror(errno));
		status = EX_IOERR;
		goto out;
	}
	if (n && buf[n - 1] == '\n')
		n--;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	status = 0;
out:
	if (in && in != stdin)
		fclose(in);
	free(buf);
	return status;
}

/* Converts the given option values into fields of e, by kind, after the
 * same rules the loader applies (numbers up to dmax when it is below the
 * row's). Subject fields other than the period (the task, the indicator)
 * come from the command's arguments. Returns 0 or an exit status after a
 * message. */
static int field_convert(const char *cmd, struct cli_ctx *ctx,
			 struct field_args *a, double dmax,
			 struct state_entry *e)
{
	const struct schema_type *t = a->t;
	struct strbuf name = STRBUF_INIT, why = STRBUF_INIT;
	struct text_issue issue;
	const struct plan_period *pd;
	size_t i, len;
	char *file = NULL;
	const char *text;
	int status = 0, v, stdin_used = 0, r;
	long l;
	double d;

	for (i = 0; !status && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];
		const char *raw = a->raw[i];

		if (!raw)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "--%s%s", f->option,
			    a->from_file[i] ? "-file" : "");
		switch (f->kind) {
		case SCHEMA_TEXT:
			text = raw;
			len = strlen(raw);
			if (a->from_file[i]) {
				if (!strcmp(raw, "-") && stdin_used++) {
					status = cli_usage_error(cmd, _("only "
						"one text can be read from "
						"standard input"));
					break;
				}
				free(file);
				file = NULL;
				status = read_text_file(cmd, f, raw, &file,
							&len);
				if (status)
					break;
				text = file;
			}
			r = schema_text_input(text, len, (size_t)f->max,
					      &a->owned[i], &issue);
			if (r < 0)
				die(EX_OSERR, "out of memory");
			if (r > 0) {
				strbuf_reset(&why);
				schema_text_issue(&why, &issue);
				status = cli_usage_error(cmd, "%s: %s", name.buf,
							 why.buf);
				break;
			}
			schema_set_str(e, f, a->owned[i]);
			break;
		case SCHEMA_ENUM:
			v = schema_enum_parse(f->values, raw);
			if (v < 0) {
				strbuf_reset(&why);
				for (size_t k = 0; k < f->values->n_spellings;
				     k++)
					strbuf_addf(&why, "%s%s", k ? ", " :
						    _(", or the report's words: "),
						    f->values->spellings[k].text);
				status = cli_usage_error(cmd, _("unknown %s "
					"'%s' (use %s%s)"), f->key, raw,
					f->values->expected, why.buf);
				break;
			}
			schema_set_int(e, f, v);
			break;
		case SCHEMA_INT:
			status = textarg_int(cmd, name.buf, raw, f->min, f->max,
					     &l);
			if (!status)
				schema_set_int(e, f, l);
			break;
		case SCHEMA_NUMBER:
			status = textarg_number(cmd, name.buf, raw, f->dmin,
						dmax < f->dmax ? dmax : f->dmax,
						&d);
			if (!status)
				schema_set_number(e, f, d);
			break;
		case SCHEMA_BOOL:
			schema_set_bool(e, f, true);
			break;
		case SCHEMA_PERIOD:
			pd = cli_find_period(cmd, ctx->plan, raw, &status);
			if (pd)
				schema_set_str(e, f, pd->id);
			break;
		case SCHEMA_TYPE:
		case SCHEMA_INSTANT:
		case SCHEMA_USER:
		case SCHEMA_UID:
		case SCHEMA_TASK:
		case SCHEMA_INDICATOR:
			break;
		}
	}
	free(file);
	strbuf_release(&name);
	strbuf_release(&why);
	return status;
}

/* The current values of one subject from a department's own entries:
 * those of the same kind for which same() holds. */
static void current_of(struct state_current *c, const struct state *cur,
		       enum entry_kind kind,
		       bool (*same)(const struct state_entry *, const void *),
		       const void *arg)
{
	state_current_init(c, kind);
	for (size_t i = 0; i < cur->n; i++)
		if (cur->entries[i].kind == kind && same(&cur->entries[i], arg))
			state_current_apply(c, &cur->entries[i]);
}

/* The REPLACE fields of req whose value would change the current one:
 * copied into e (a text equal to the current one, or "" where there is
 * none, changes nothing). RULED fields go in when their resulting value
 * differs, so that the entry says the consistent pair itself. */
static void changed_fields(const struct state_current *before,
			   const struct state_current *after,
			   const struct state_entry *req,
			   struct state_entry *e)
{
	const struct schema_type *t = before->type;
	const char *a, *b;

	for (size_t i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (f->fold != SCHEMA_FOLD_REPLACE)
			continue;
		if (f->flags & SCHEMA_RULED) {
			if (state_current_int(before, f) !=
			    state_current_int(after, f))
				schema_set_int(e, f, state_current_int(after, f));
			continue;
		}
		if (!schema_is_set(req, f))
			continue;
		switch (f->kind) {
		case SCHEMA_TEXT:
			a = state_current_str(before, f);
			b = schema_get_str(req, f);
			if (a ? !strcmp(a, b) : !*b)
				break;
			schema_set_str(e, f, b);
			break;
		case SCHEMA_NUMBER:
			schema_set_number(e, f, schema_get_number(req, f));
			break;
		default:
			schema_set_int(e, f, schema_get_int(req, f));
			break;
		}
	}
}

/* ---- update ---- */

struct update_req {
	const struct plan *plan;
	const struct plan_task *task;
	const struct plan_dept *dept;
	enum task_role role;
	struct state_entry req;		/* the fields asked for */
	struct strbuf changes;		/* what to tell the user */
};

/* The fields of req only a lead may set. */
static unsigned lead_only(const struct state_entry *req)
{
	const struct schema_type *t = schema_type_of(ENTRY_TASK);
	unsigned bits = 0;

	for (size_t i = 0; i < t->n_fields; i++)
		if (t->fields[i].bit && !(t->fields[i].who &
					  SCHEMA_WHO_COORDINATING))
			bits |= t->fields[i].bit;
	return req->set & bits;
}

static int update_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct update_req *r = arg;

	if (plan_task_led_by(r->task, d->code))
		return 2;
	return !lead_only(&r->req) &&
	       plan_task_coordinated_by(p, r->task, d->code);
}

static bool same_task(const struct state_entry *x, const void *arg)
{
	const struct update_req *r = arg;

	return x->role == r->role && !strcmp(x->task, r->task->id);
}

/* The department's current view of the task, from its own entries, and
 * the entry that changes it as asked. */
static int update_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct update_req *r = arg;
	struct state_current before, after, check;

	current_of(&before, cur, ENTRY_TASK, same_task, r);
	/* Reopening a done task: how far it is, nobody but the lead can
	 * say. */
	if ((r->req.set & (SET_STATUS | SET_PROGRESS)) == SET_STATUS &&
	    r->req.status == STATUS_IN_PROGRESS && before.progress == 100)
		return cli_usage_error("update", _("task %s is done (100%%): to "
			"reopen it, say how far it is with --progress N (0 to "
			"99)"), r->task->id);
	after = before;
	state_current_apply(&after, &r->req);

	e->kind = ENTRY_TASK;
	e->task = r->task->id;
	e->role = r->role;
	changed_fields(&before, &after, &r->req, e);
	if (!e->set)
		return RECORD_UNCHANGED;
	/* What the file will say once folded, and what we tell. */
	check = before;
	state_current_apply(&check, e);
	if (check.status != after.status || check.progress != after.progress)
		return EX_SOFTWARE;
	strbuf_addstr(&r->changes, "  ");
	schema_describe_changes(&r->changes, &before, &check, e, NULL, "\n  ");
	strbuf_addch(&r->changes, '\n');
	return 0;
}

/* Status and progress that cannot both hold: a usage error. */
static int check_pair(const struct state_entry *req)
{
	if ((req->set & (SET_STATUS | SET_PROGRESS)) !=
	    (SET_STATUS | SET_PROGRESS))
		return 0;
	if (req->status == STATUS_DONE && req->progress != 100)
		return cli_usage_error("update", _("--status done means "
					 "--progress 100, not %d"),
				       req->progress);
	if (req->status == STATUS_NOT_STARTED && req->progress != 0)
		return cli_usage_error("update", _("--status not_started means "
					 "--progress 0, not %d"),
				       req->progress);
	if (req->status == STATUS_IN_PROGRESS && req->progress == 100)
		return cli_usage_error("update", _("--progress 100 means done, "
					 "not in progress: say --status done, "
					 "or a smaller --progress"));
	return 0;
}

int cmd_update(int argc, char **argv, struct cli_ctx *ctx)
{
	struct update_req r = { .changes = STRBUF_INIT };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT, opts = STRBUF_INIT;
	int c, status = 0, written = 0;

	field_args_init(&fa, ENTRY_TASK);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (!field_option(&fa, c, optarg)) {
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
	option_list(&opts, fa.t, 0, ", ");
	for (size_t i = 0; i < fa.t->n_fields; i++)
		if (fa.raw[i])
			goto given;
	status = cli_usage_error("update", "nothing to record: give at least "
				 "one of %s", opts.buf);
	goto out;
given:
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.plan = ctx->plan;
	r.task = cli_find_task(ctx->plan, argv[optind]);
	if (!r.task) {
		status = cli_usage_error("update", "no task '%s' in the plan "
					 "(see 'plantrack list')", argv[optind]);
		goto out;
	}
	if ((status = field_convert("update", ctx, &fa, 1e300, &r.req)) ||
	    (status = check_pair(&r.req)))
		goto out;
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_reset(&opts);
	option_list(&opts, fa.t, SCHEMA_WHO_COORDINATING, " and ");
	strbuf_addf(&what, "task %s (led by ", r.task->id);
	for (size_t i = 0; i < r.task->lead.n; i++)
		strbuf_addf(&what, "%s%s", i ? ", " : "", r.task->lead.codes[i]);
	if (lead_only(&r.req))
		strbuf_addf(&what, "; others may add only %s notes)", opts.buf);
	else
		strbuf_addstr(&what, ")");
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
	} else if (lead_only(&r.req)) {
		error("update: department %s coordinates task %s: it may record "
		      "%s notes, not status or progress (user %s)", r.dept->code,
		      r.task->id, opts.buf, u.name);
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
out:
	auth_release(&u);
	strbuf_release(&what);
	strbuf_release(&opts);
	strbuf_release(&r.changes);
	field_args_release(&fa);
	return status;
}

/* ---- indicator set ---- */

struct indicator_req {
	const struct plan_indicator *ind;
	struct state_entry req;
	struct strbuf changes;
};

static int indicator_acceptable(const struct plan *p, const struct plan_dept *d,
				const void *arg)
{
	const struct plan_indicator *ind = arg;

	(void)p;
	return !strcmp(ind->monitoring, d->code);
}

static bool same_indicator(const struct state_entry *x, const void *arg)
{
	const struct indicator_req *r = arg;

	return x->indicator == r->ind->number &&
	       !strcmp(x->period, r->req.period);
}

static int indicator_build(const struct state *cur, struct state_entry *e,
			   void *arg)
{
	struct indicator_req *r = arg;
	struct state_current before, after;

	current_of(&before, cur, ENTRY_INDICATOR, same_indicator, r);
	after = before;
	state_current_apply(&after, &r->req);
	e->kind = ENTRY_INDICATOR;
	e->indicator = r->ind->number;
	e->period = r->req.period;
	/* The value is in every indicator entry: setting it is the act. */
	changed_fields(&before, &after, &r->req, e);
	e->value = r->req.value;
	after = before;
	state_current_apply(&after, e);
	strbuf_addstr(&r->changes, "  ");
	schema_describe_changes(&r->changes, &before, &after, e, r->ind->unit,
				"\n  ");
	strbuf_addch(&r->changes, '\n');
	return 0;
}

int cmd_indicator(int argc, char **argv, struct cli_ctx *ctx)
{
	struct indicator_req r = { .changes = STRBUF_INIT };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *dept_arg = NULL;
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
	field_args_init(&fa, ENTRY_INDICATOR);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (!field_option(&fa, c, optarg)) {
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
	if (!field_given(&fa, "period") || !field_given(&fa, "value")) {
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
	/* A percentage goes to 100, other units as far as the row allows. */
	if ((status = field_convert("indicator", ctx, &fa,
				    strcmp(r.ind->unit, "%") ? 1e300 : 100,
				    &r.req)))
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
	fprintf(ctx->out, "indicator %d, %s [%s]: recorded\n%s", r.ind->number,
		r.req.period, dept->code, r.changes.buf);
out:
	auth_release(&u);
	strbuf_release(&what);
	strbuf_release(&r.changes);
	field_args_release(&fa);
	return status;
}

/* ---- submit ---- */

struct submit_req {
	const struct plan_period *period;
	struct state_entry req;
	int resubmission;
	int nothing;		/* a withdrawal with nothing to withdraw */
};

static int submit_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct submit_req *r = arg;

	(void)p;
	return !r->req.consolidated || !strcmp(d->code, r->period->consolidator);
}

/* Is the report of (period, consolidated) in st, and not taken back? */
static bool submitted(const struct state *st, const char *dept,
		      const char *period, bool consolidated)
{
	bool present = false;

	for (size_t i = 0; i < st->n; i++) {
		const struct state_entry *x = &st->entries[i];

		if (x->kind != ENTRY_SUBMIT || x->consolidated != consolidated ||
		    strcmp(x->period, period) != 0 ||
		    (dept && strcmp(x->dept, dept) != 0))
			continue;
		present = !((x->set & SET_WITHDRAW) && x->withdraw);
	}
	return present;
}

static int submit_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct submit_req *r = arg;
	bool present = submitted(cur, NULL, r->period->id, r->req.consolidated);

	if (r->req.withdraw && !present) {
		r->nothing = 1;
		return RECORD_UNCHANGED;
	}
	for (size_t i = 0; i < cur->n; i++)
		if (cur->entries[i].kind == ENTRY_SUBMIT &&
		    cur->entries[i].consolidated == r->req.consolidated &&
		    !strcmp(cur->entries[i].period, r->period->id))
			r->resubmission = 1;
	e->kind = ENTRY_SUBMIT;
	e->period = r->period->id;
	e->consolidated = r->req.consolidated;
	if (r->req.withdraw) {
		e->set |= SET_WITHDRAW;
		e->withdraw = true;
	}
	return 0;
}

/* A department's report can be taken back until the consolidated one
 * has gone upstream. Returns 0 or an exit status after a message. */
static int may_withdraw(struct cli_ctx *ctx, const struct plan_period *pd)
{
	const struct plan_dept *kt = plan_dept_find(ctx->plan, pd->consolidator);
	struct state *st = NULL;
	int status = 0;

	if (!kt)
		goto out;
	status = record_read(ctx->datadir, ctx->plan, kt, &st);
	if (status) {
		error(_("cannot tell whether the consolidated report for "
			"%s was sent, so the report is not withdrawn"), pd->id);
		goto out;
	}
	if (submitted(st, kt->code, pd->id, true)) {
		error(_("%s already sent the consolidated report for %s "
			"to %s, so the departments' reports can no longer be "
			"withdrawn"), kt->code, pd->id, pd->recipient);
		status = EX_NOPERM;
	}
out:
	state_free(st);
	return status;
}

int cmd_submit(int argc, char **argv, struct cli_ctx *ctx)
{
	struct submit_req r = { 0 };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	char due[11];
	pt_day due_day;
	int c, status = 0, written = 0;

	field_args_init(&fa, ENTRY_SUBMIT);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (!field_option(&fa, c, optarg)) {
			status = cli_bad_option("submit", c, argv);
			goto out;
		}
	}
	if (optind < argc) {
		status = cli_usage_error("submit", "unexpected argument '%s'",
					 argv[optind]);
		goto out;
	}
	if (!field_given(&fa, "period")) {
		status = cli_usage_error("submit", "--period P is required");
		goto out;
	}
	if (field_given(&fa, "consolidated") && field_given(&fa, "withdraw")) {
		status = cli_usage_error("submit", _("the consolidated report "
					 "cannot be withdrawn once sent"));
		goto out;
	}
	if ((status = cli_load_plan(ctx)) ||
	    (status = field_convert("submit", ctx, &fa, 1e300, &r.req)))
		goto out;
	r.period = plan_period_find(ctx->plan, r.req.period);
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_addf(&what, "the %sreport for %s",
		    r.req.consolidated ? "consolidated " : "", r.period->id);
	status = choose_dept("submit", ctx->plan, &u, dept_arg, submit_acceptable,
			     &r, what.buf, &dept);
	if (status)
		goto out;
	if (r.req.consolidated && strcmp(dept->code, r.period->consolidator) != 0) {
		error("submit: only %s sends the consolidated report for %s; "
		      "department %s (user %s) may not", r.period->consolidator,
		      r.period->id, dept->code, u.name);
		status = EX_NOPERM;
		goto out;
	}
	if (r.req.withdraw && (status = may_withdraw(ctx, r.period)))
		goto out;
	status = record_commit(ctx->datadir, ctx->plan, dept, u.name, (long)u.uid,
			       submit_build, &r, &written);
	if (status)
		goto out;
	if (r.req.withdraw) {
		if (r.nothing)
			fprintf(ctx->out, _("%s [%s]: no report to withdraw "
					    "(nothing changed)\n"),
				r.period->id, dept->code);
		else
			fprintf(ctx->out, _("%s [%s]: report withdrawn; submit "
					    "it again with 'plantrack submit "
					    "--period %s'\n"), r.period->id,
				dept->code, r.period->id);
		goto out;
	}
	due_day = r.req.consolidated ? r.period->consolidated_due
				     : r.period->department_due;
	date_format_vn(due_day, due);
	fprintf(ctx->out, "%s [%s]: %s%s submitted (due %s%s)\n", r.period->id,
		dept->code, r.req.consolidated ? "consolidated report to " : "report",
		r.req.consolidated ? r.period->recipient : "", due,
		r.resubmission ? "; submitted again" : "");
out:
	auth_release(&u);
	strbuf_release(&what);
	field_args_release(&fa);
	return status;
}
