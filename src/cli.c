/* cli.c: helpers shared by the commands: usage errors, the plan of the
 * data directory, output formats, the final flush of stdout. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/cli.h"
#include "plantrack/date.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/memo.h"
#include "plantrack/plan_load.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"
#include "plantrack/yamlread.h"

static int command_cmp(const void *key, const void *elem)
{
	const struct cli_command *c = elem;

	return strcmp(key, c->name);
}

const struct cli_command *cli_command_find(const char *name)
{
	return bsearch(name, cli_commands, cli_n_commands,
		       sizeof(cli_commands[0]), command_cmp);
}

void cli_print_usage(FILE *f, const char *cmd)
{
	const struct cli_command *c = cmd ? cli_command_find(cmd) : NULL;
	/* TRANSLATORS: starts the line that shows how to type a command:
	 * "usage: plantrack [-d DIR] list ..."; what follows is syntax. */
	const char *usage = _("usage:");

	if (c) {
		fprintf(f, "%s plantrack [-d DIR] %s%s%s", usage, c->name,
			*c->synopsis ? " " : "", c->synopsis);
		/* The options of the fields it records (schema.h). */
		schema_print_synopsis(f, c->name);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s plantrack [-d DIR] [--lang LANG] COMMAND [ARGS]\n", usage);
	/* The second form lines up under the first. */
	for (int i = utf8_width(usage) + 1; i > 0; i--)
		fputc(' ', f);
	fputs("plantrack --help | --version\n", f);
	/* TRANSLATORS: before the list of command names. */
	fputs(_("commands:"), f);
	for (size_t i = 0; i < cli_n_commands; i++)
		if (cli_commands[i].name[0] != '_')	/* internal */
			fprintf(f, " %s", cli_commands[i].name);
	fputs("\n", f);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (cmd)
		fprintf(stderr, "%s: %s: ", err_progname, cmd);
	else
		err_prefix(stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_print_usage(stderr, cmd);
	return EX_USAGE;
}

/* How to fix the two likeliest unknown options after a command: a global
 * option in the wrong place, and asking the command itself for help. */
static void option_hint(struct strbuf *sb, const char *cmd, const char *name)
{
	int data = !strcmp(name, "-d") || !strncmp(name, "--data", 6);
	int global = data || !strncmp(name, "--color", 7) ||
		     !strncmp(name, "--lang", 6);

	if (cmd && global)
		strbuf_addf(sb, _(" (a global option: put it before the command, "
			      "as in 'plantrack %s %s ...')"),
			    data ? "-d DIR" : !strcmp(name, "--lang") ?
			    "--lang LANG" : name, cmd);
	else if (cmd && (!strcmp(name, "-h") || !strcmp(name, "--help")))
		strbuf_addf(sb, _(" (for help, type 'plantrack help %s')"), cmd);
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	struct strbuf name = STRBUF_INIT, hint = STRBUF_INIT;
	int status;

	/* For a short option inside a cluster (-xq), argv[optind-1] is the
	 * whole cluster; name the letter instead. */
	if (optopt && strncmp(arg, "--", 2) != 0)
		strbuf_addf(&name, "-%c", optopt);
	else
		strbuf_addstr(&name, arg);
	option_hint(&hint, cmd, name.buf);
	if (c == ':')
		status = cli_usage_error(cmd, _("option '%s' needs a value"),
					 name.buf);
	else
		status = cli_usage_error(cmd, _("unknown option '%s'%s"), name.buf,
					 hint.buf);
	strbuf_release(&name);
	strbuf_release(&hint);
	return status;
}

int cli_kept_serve(struct cli_ctx *ctx, struct cli_kept *k, const char *slot,
		   int argc, char **argv, int *status)
{
	int c;

	memset(k, 0, sizeof(*k));
	strbuf_init(&k->key, 0);
	if (ctx->out_is_tty || ctx->no_snapshot || memo_disabled_by_env())
		return 0;
	memo_key(ctx, argc, argv, false, &k->key);
	k->plan_path = cli_data_path(ctx, "plan.yaml");
	c = memo_serve(ctx->datadir, k->plan_path, slot, &k->key, ctx->out,
		       status);
	if (c < 0) {
		k->slot = slot;
		return 0;
	}
	if (c > 0) {
		*status = EX_IOERR;
		if (errno != EPIPE)
			error(_("cannot write the output: %s"),
			      err_strerror(errno));
	}
	strbuf_release(&k->key);
	free(k->plan_path);
	k->plan_path = NULL;
	return 1;
}

void cli_kept_begin(struct cli_ctx *ctx, struct cli_kept *k,
		    const struct state *st, time_t now)
{
	FILE *tee;

	if (!k->slot || !ctx->snap || snapshot_plan(ctx->snap) != ctx->plan ||
	    (st && !ctx->snap_state) ||
	    (now && snapshot_max_at(ctx->snap) > (int64_t)now))
		return;
	tee = memo_begin(ctx->datadir, k->slot, &k->key, ctx->snap, now != 0,
			 ctx->out, &k->w);
	if (!tee)
		return;
	k->out = ctx->out;
	ctx->out = tee;
}

int cli_kept_end(struct cli_ctx *ctx, struct cli_kept *k, int status)
{
	if (k->w) {
		ctx->out = k->out;
		/* A failed flush leaves ferror(stdout) set, for
		 * cli_finish_output to say. */
		(void)memo_end(k->w, !ferror(ctx->out), status);
		k->w = NULL;
	}
	strbuf_release(&k->key);
	free(k->plan_path);
	k->plan_path = NULL;
	k->slot = NULL;
	return status;
}

char *cli_data_path(const struct cli_ctx *ctx, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, ctx->datadir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_addstr(&sb, name);
	return strbuf_detach(&sb, NULL);
}

int cli_load_plan(struct cli_ctx *ctx)
{
	char *path, *buf = NULL;
	struct stat st;
	size_t len = 0;
	int status;

	if (ctx->plan)
		return 0;
	path = cli_data_path(ctx, "plan.yaml");
	/* The snapshot, when every file it was made from is still there as
	 * it was (snapshot.h); otherwise, silently, the YAML. */
	if (!ctx->no_snapshot &&
	    !snapshot_open(ctx->datadir, path, ctx->snap_want, &ctx->snap)) {
		ctx->plan = snapshot_plan(ctx->snap);
		free(path);
		return 0;
	}
	/* Through the store: a file of the data directory (store.h). */
	status = store_read_file_st(path, YR_MAX_FILE_SIZE, &buf, &len, 0, &st);
	/* The key from the file's bytes before the loader, which keeps
	 * them, makes them the plan's strings. */
	if (!status && !ctx->no_snapshot) {
		ctx->plan_key = xmalloc(sizeof(*ctx->plan_key));
		snapshot_source_read(ctx->plan_key, &st, buf, len);
	}
	if (!status)
		status = plan_load_adopt(path, buf, len, stderr, &ctx->plan);
	else
		free(buf);
	if (status) {
		free(ctx->plan_key);
		ctx->plan_key = NULL;
	}
	if (status == EX_NOINPUT && access(path, F_OK) != 0 && errno == ENOENT)
		hint(_("create the data directory with 'plantrack --data %s "
		       "init', or choose another with --data DIR or "
		       "PLANTRACK_DATA"), ctx->datadir);
	free(path);
	return status;
}

int cli_parse_format(const char *cmd, const char *arg, enum output_format *fmt)
{
	if (!strcmp(arg, "text"))
		*fmt = FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		*fmt = FORMAT_JSON;
	else
		return cli_usage_error(cmd, _("unknown format '%s' (use text or "
					      "json)"), arg);
	return 0;
}

int cli_finish_output(int status)
{
	int failed, err;

	/* A full disk or a closed pipe must not pass for success (git's
	 * check_pipe/fclose dance in run_builtin). */
	failed = fflush(stdout) != 0 || ferror(stdout);
	err = errno;
	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		err = errno;
	}
	if (!failed || status == EX_IOERR)	/* EX_IOERR: already said */
		return status;
	if (err != EPIPE)
		error(_("cannot write the output: %s"), err_strerror(err));
	/* Output that did not arrive is the news, whatever else the
	 * command had to say (check's 1 and 2 included). */
	return status >= EX__BASE ? status : EX_IOERR;
}

/* Task ids as typed by people: "ii.3" finds "II.3". */
const struct plan_task *cli_find_task(const struct plan *p, const char *id)
{
	/* Asked once: the tasks' table is not built for it. */
	const struct plan_task *t = plan_task_find_once(p, id);

	for (size_t i = 0; !t && i < p->n_tasks; i++)
		if (!strcasecmp(p->tasks[i].id, id))
			t = &p->tasks[i];
	return t;
}

int cli_resolve_dept(const char *cmd, const struct plan *p, const char *arg,
		     const struct plan_dept **out)
{
	struct strbuf codes = STRBUF_INIT;
	int status;

	*out = plan_dept_resolve(p, arg);
	if (*out)
		return 0;
	for (size_t i = 0; i < p->n_depts; i++)
		strbuf_addf(&codes, "%s%s", i ? ", " : "", p->depts[i].code);
	status = cli_usage_error(cmd, _("unknown department '%s' (departments: "
				      "%s)"), arg, codes.buf);
	strbuf_release(&codes);
	return status;
}

int cli_parse_date(const char *cmd, const char *opt, const char *arg,
		   pt_day *out)
{
	if (date_parse_user(arg, out) == 0)
		return 0;
	return cli_usage_error(cmd, _("%s '%s' is not a date: write it as "
				      "DD/MM/YYYY or YYYY-MM-DD, for example "
				      "20/05/2026"), opt, arg);
}

const struct plan_period *cli_find_period(const char *cmd, const struct plan *p,
					  const char *id, int *status)
{
	const struct plan_period *pd = plan_period_find(p, id);
	struct strbuf ids = STRBUF_INIT;

	/* As task ids and department codes: "H1" finds "h1". */
	for (size_t i = 0; !pd && i < p->n_periods; i++)
		if (!strcasecmp(p->periods[i].id, id))
			pd = &p->periods[i];
	*status = 0;
	if (pd)
		return pd;
	for (size_t i = 0; i < p->n_periods; i++)
		strbuf_addf(&ids, "%s%s", i ? ", " : "", p->periods[i].id);
	*status = cli_usage_error(cmd, _("unknown reporting period '%s' "
				       "(periods: %s)"), id, ids.buf);
	strbuf_release(&ids);
	return NULL;
}

int cli_load_state(struct cli_ctx *ctx, struct state **st)
{
	struct snapshot_source *keys = NULL;
	int status;

	*st = NULL;
	if ((status = cli_load_plan(ctx)))
		return status;
	if (ctx->snap && snapshot_plan(ctx->snap) == ctx->plan &&
	    !snapshot_state(ctx->snap, st)) {
		ctx->snap_state = 1;
		return 0;
	}
	/* The keys of what is read, for a new snapshot. */
	if (ctx->plan_key)
		keys = xcalloc(ctx->plan->n_depts + 1, sizeof(*keys));
	status = state_load_all_keyed(ctx->datadir, ctx->plan,
				      STATE_SKIP_UNREADABLE, stderr, st, keys);
	if (!status && keys && !(*st)->n_unreadable)
		(void)snapshot_save(ctx->datadir, ctx->plan, ctx->plan_key, *st,
				    keys);
	free(keys);
	return status;
}

void cli_release(struct cli_ctx *ctx)
{
	if (!ctx->snap || snapshot_plan(ctx->snap) != ctx->plan)
		plan_free(ctx->plan);
	(void)snapshot_settle(ctx->snap);
	snapshot_close(ctx->snap);
	free(ctx->plan_key);
	ctx->plan = NULL;
	ctx->snap = NULL;
	ctx->snap_state = 0;
	ctx->plan_key = NULL;
}

int cli_snapshot_fold(struct cli_ctx *ctx, const struct state *st,
		      struct fold *f)
{
	memset(f, 0, sizeof(*f));
	return ctx->snap_state && st && snapshot_plan(ctx->snap) == ctx->plan ?
	       snapshot_fold(ctx->snap, st, f) : -1;
}

int cli_load_fold(struct cli_ctx *ctx, time_t until, int entries,
		  struct state **st, struct fold *f)
{
	int status;

	memset(f, 0, sizeof(*f));
	*st = NULL;
	if ((status = cli_load_plan(ctx)))
		return status;
	/* The snapshot's fold of every entry is the fold at any instant
	 * from its latest entry on: no entry decoded, nothing folded. */
	if (!entries && ctx->snap && snapshot_plan(ctx->snap) == ctx->plan &&
	    !snapshot_fold(ctx->snap, NULL, f)) {
		if (f->latest <= until)
			return 0;
		fold_release(f);
	}
	if ((status = cli_load_state(ctx, st)))
		return status;
	if (!cli_snapshot_fold(ctx, *st, f)) {
		if (fold_covers(f, ctx->plan, until))
			return 0;
		fold_release(f);
	}
	if (state_fold(*st, ctx->plan, until, f) != 0) {
		error(_("out of memory"));
		return EX_OSERR;
	}
	return 0;
}

int cli_load_task(struct cli_ctx *ctx, const struct plan_task *t,
		  struct state **st, struct fold *f)
{
	int status;

	memset(f, 0, sizeof(*f));
	*st = NULL;
	if ((status = cli_load_plan(ctx)))
		return status;
	if (!ctx->snap || snapshot_plan(ctx->snap) != ctx->plan ||
	    snapshot_state_task(ctx->snap, t, st))
		return cli_load_current(ctx, st, f);
	if (state_fold(*st, ctx->plan, time(NULL), f) != 0) {
		error(_("out of memory"));
		return EX_OSERR;
	}
	return 0;
}

int cli_load_current(struct cli_ctx *ctx, struct state **st, struct fold *f)
{
	return cli_load_fold(ctx, time(NULL), 1, st, f);
}
