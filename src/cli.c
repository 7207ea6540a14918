/* cli.c: helpers shared by the commands: usage errors, the plan of the
 * data directory, output formats, the final flush of stdout. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/cli.h"
#include "plantrack/err.h"
#include "plantrack/plan_load.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"

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

	if (c) {
		fprintf(f, "usage: plantrack [-d DIR] %s%s%s", c->name,
			*c->synopsis ? " " : "", c->synopsis);
		/* The options of the fields it records (schema.h). */
		schema_print_synopsis(f, c->name);
		fputc('\n', f);
		return;
	}
	fputs("usage: plantrack [-d DIR | --data DIR] COMMAND [ARGS]\n"
	      "       plantrack --help | --version\n"
	      "commands:", f);
	for (size_t i = 0; i < cli_n_commands; i++)
		if (cli_commands[i].name[0] != '_')	/* internal */
			fprintf(f, " %s", cli_commands[i].name);
	fputs("\n", f);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s%s%s: ", err_progname, cmd ? " " : "", cmd ? cmd : "");
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

	if (cmd && (data || !strncmp(name, "--color", 7)))
		strbuf_addf(sb, " (a global option: put it before the command, "
			    "as in 'plantrack %s %s ...')",
			    data ? "-d DIR" : name, cmd);
	else if (cmd && (!strcmp(name, "-h") || !strcmp(name, "--help")))
		strbuf_addf(sb, " (for help, say 'plantrack help %s')", cmd);
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
		status = cli_usage_error(cmd, "option '%s' needs an argument",
					 name.buf);
	else
		status = cli_usage_error(cmd, "unknown option '%s'%s", name.buf,
					 hint.buf);
	strbuf_release(&name);
	strbuf_release(&hint);
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
	char *path;
	int status;

	if (ctx->plan)
		return 0;
	path = cli_data_path(ctx, "plan.yaml");
	status = plan_load(path, stderr, &ctx->plan);
	if (status == EX_NOINPUT && access(path, F_OK) != 0 && errno == ENOENT)
		fprintf(stderr, "%s: hint: create the data directory with "
			"'plantrack --data %s init', or choose another with "
			"--data DIR or PLANTRACK_DATA\n", err_progname, ctx->datadir);
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
		return cli_usage_error(cmd, "unknown format '%s' (use text or json)",
				       arg);
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
		error("cannot write output: %s", strerror(err));
	/* Output that did not arrive is the news, whatever else the
	 * command had to say (check's 1 and 2 included). */
	return status >= EX__BASE ? status : EX_IOERR;
}

/* Task ids as typed by people: "ii.3" finds "II.3". */
const struct plan_task *cli_find_task(const struct plan *p, const char *id)
{
	const struct plan_task *t = plan_task_find(p, id);

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
	status = cli_usage_error(cmd, "unknown department '%s' (departments: %s)",
				 arg, codes.buf);
	strbuf_release(&codes);
	return status;
}

const struct plan_period *cli_find_period(const char *cmd, const struct plan *p,
					  const char *id, int *status)
{
	const struct plan_period *pd = plan_period_find(p, id);
	struct strbuf ids = STRBUF_INIT;

	*status = 0;
	if (pd)
		return pd;
	for (size_t i = 0; i < p->n_periods; i++)
		strbuf_addf(&ids, "%s%s", i ? ", " : "", p->periods[i].id);
	*status = cli_usage_error(cmd, "unknown period '%s' (periods: %s)", id,
				  ids.buf);
	strbuf_release(&ids);
	return NULL;
}

int cli_load_current(struct cli_ctx *ctx, struct state **st, struct fold *f)
{
	int status;

	memset(f, 0, sizeof(*f));
	*st = NULL;
	if ((status = cli_load_plan(ctx)))
		return status;
	if ((status = state_load_all(ctx->datadir, ctx->plan,
				     STATE_SKIP_UNREADABLE, stderr, st)))
		return status;
	if (state_fold(*st, ctx->plan, time(NULL), f) != 0) {
		error("out of memory");
		return EX_OSERR;
	}
	return 0;
}
