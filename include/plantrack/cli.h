/* cli.h: what the command layer shares: the context every cmd_* gets,
 * option parsing helpers, usage errors.
 *
 * Only this layer (main.c, cmd_*.c, cli.c) may call die() or exit.
 */
#ifndef PLANTRACK_CLI_H
#define PLANTRACK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/strbuf.h"

struct snapshot;
struct snapshot_source;

enum output_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

struct cli_ctx {
	const char *datadir;	/* from --data, $PLANTRACK_DATA or the default */
	FILE *out;		/* stdout */
	int out_is_tty;
	int term_width;		/* columns of the terminal, 0 when not one */
	int color;		/* colour the output (--color, NO_COLOR, a terminal) */
	struct plan *plan;	/* loaded by cli_load_plan: owned, or the
				 * snapshot's; cli_release frees it */
	/* The derived snapshot (snapshot.h): not used with --no-snapshot,
	 * PLANTRACK_NO_SNAPSHOT=1, or by commands that must read the YAML
	 * (validate, init), which set no_snapshot before loading. */
	int no_snapshot;
	struct snapshot *snap;	/* owned: the one plan came from, or NULL */
	int snap_state;		/* cli_load_state's state is snap's */
	/* What the command will ask of the snapshot after its plan
	 * (SNAPSHOT_WANT_*, snapshot.h): set before cli_load_plan. */
	unsigned snap_want;
	struct snapshot_source *plan_key;	/* owned: plan.yaml as read */
};

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli_ctx *ctx);
	const char *synopsis;	/* after "plantrack NAME " */
	const char *summary;	/* one line for 'plantrack help' */
	const char *help;	/* options, for 'plantrack help NAME' */
};

/* The sorted command table (main.c) and its length. */
extern const struct cli_command cli_commands[];
extern const size_t cli_n_commands;
const struct cli_command *cli_command_find(const char *name);

/* Prints "plantrack: CMD: REASON" and the command's usage on stderr;
 * returns EX_USAGE, for `return cli_usage_error(...)`. cmd NULL: the
 * global usage. fmt is translated by the caller (_()). */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the usage of cmd (NULL: the global usage) on f. */
void cli_print_usage(FILE *f, const char *cmd);
/* Reports what getopt_long (with opterr = 0 and a leading ':' in the
 * short options) returned as c: an unknown option or a missing argument,
 * naming the offending argument, as a usage error. Uses optind/optopt. */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Loads DATADIR/plan.yaml into ctx->plan once; errors go to stderr.
 * Returns 0 or an exit status. */
int cli_load_plan(struct cli_ctx *ctx);
/* Every department's state (state_load_all with STATE_SKIP_UNREADABLE),
 * from the snapshot when the plan came from one, else from the YAML,
 * saving a new snapshot when everything was read. Loads the plan first.
 * Returns 0 and *st (caller frees with state_free before cli_release),
 * or an exit status. */
struct state;
int cli_load_state(struct cli_ctx *ctx, struct state **st);
/* Frees what cli_load_plan and cli_load_state left in ctx. */
void cli_release(struct cli_ctx *ctx);

/* Loads the plan, every department's state, and folds it as of now. A
 * department whose file cannot be read is left out after a warning
 * (STATE_SKIP_UNREADABLE): the caller prints what it can and returns
 * state_unreadable_status(). Release with state_free(*st) and
 * fold_release(f) whatever it returns. */
struct state;
struct fold;
int cli_load_current(struct cli_ctx *ctx, struct state **st, struct fold *f);
/* The same at instant until. entries 0: for a command that reads only
 * the fold's present (list, check), which may then be the snapshot's
 * bare fold (snapshot_fold) with *st NULL, no entry decoded. */
int cli_load_fold(struct cli_ctx *ctx, time_t until, int entries,
		  struct state **st, struct fold *f);
/* cli_load_current for a command about task t alone (show): from the
 * snapshot, only the entries t's report reads (snapshot_state_task),
 * folded as of now; so that the fold is right for t, the submissions,
 * the indicators and the sections, and says nothing of other tasks.
 * Otherwise cli_load_current. */
int cli_load_task(struct cli_ctx *ctx, const struct plan_task *t,
		  struct state **st, struct fold *f);
/* The snapshot's fold of every entry of st (snapshot_fold), when st is
 * what cli_load_state read from the snapshot: 0 and *f (fold_release it
 * before cli_release), else -1 and *f empty. For report_options.fold:
 * the report takes it when it is the fold at the report's instant. */
int cli_snapshot_fold(struct cli_ctx *ctx, const struct state *st,
		      struct fold *f);

/* The kept output of a read command (list, check, history): the report cache
 * (memo.h) for a command whose whole output goes to ctx->out. The same
 * command line, on the same day, in the same environment, on the same
 * sources, is given what the last one wrote and the status it returned,
 * without loading anything; never to a terminal, nor with --no-snapshot,
 * PLANTRACK_NO_SNAPSHOT or PLANTRACK_NO_REPORT_CACHE. Zero it, then:
 *
 *   if (cli_kept_serve(ctx, &k, "list", argc, argv, &status))
 *           return status;          (given: k needs no release)
 *   ... load (cli_load_fold), then cli_kept_begin(ctx, &k, st, now);
 *   ... write to ctx->out (the tee while keeping) ...
 *   return cli_kept_end(ctx, &k, status);
 */
struct memo_writer;
struct cli_kept {
	struct strbuf key;
	char *plan_path;	/* owned */
	const char *slot;	/* NULL: nothing to keep */
	struct memo_writer *w;
	FILE *out;		/* ctx->out, while the tee stands for it */
};
/* 1 when the output was given (*status: what the command returns,
 * EX_IOERR when the output failed, said); 0 when not, k then ready for
 * cli_kept_begin and cli_kept_end. argv: the command's, after getopt. */
int cli_kept_serve(struct cli_ctx *ctx, struct cli_kept *k, const char *slot,
		   int argc, char **argv, int *status);
/* Keeps what the command writes to ctx->out from now on, when it read
 * everything from the snapshot (ctx->snap; st NULL, the bare fold, or
 * the snapshot's state): ctx->out is a tee until cli_kept_end. now: the
 * clock's instant the command folded at (list), which then must be past
 * every entry, for the output to be the same later that day; 0 when the
 * command's instant is not the clock's (check: the end of its day). */
void cli_kept_begin(struct cli_ctx *ctx, struct cli_kept *k,
		    const struct state *st, time_t now);
/* Ends keeping (kept when status is below 64 and everything reached
 * ctx->out) and releases k; returns status. */
int cli_kept_end(struct cli_ctx *ctx, struct cli_kept *k, int status);

/* Path of a file in the data directory; caller frees. */
char *cli_data_path(const struct cli_ctx *ctx, const char *name);

/* "text" / "json" etc. into *fmt; returns 0, or a usage error status. */
int cli_parse_format(const char *cmd, const char *arg, enum output_format *fmt);

/* Lookups of what people type, for commands. Task ids and period ids
 * match without regard to case ("ii.3", "H1"). cli_resolve_dept and
 * cli_find_period print a usage error listing what exists when nothing
 * matches (status EX_USAGE). */
const struct plan_task *cli_find_task(const struct plan *p, const char *id);
int cli_resolve_dept(const char *cmd, const struct plan *p, const char *arg,
		     const struct plan_dept **out);
const struct plan_period *cli_find_period(const char *cmd, const struct plan *p,
					  const char *id, int *status);

/* A date typed for option opt ("--today"): DD/MM/YYYY or YYYY-MM-DD
 * (date_parse_user). Returns 0 and sets *out, or prints a usage error
 * naming opt and arg and returns EX_USAGE. */
int cli_parse_date(const char *cmd, const char *opt, const char *arg,
		   pt_day *out);

/* Flushes and closes stdout, checking for write errors (EPIPE, ENOSPC):
 * when the output could not be written, says so with the system's
 * message (not for EPIPE) and returns EX_IOERR, unless status is already
 * an error of its own (64 and up). Returns status otherwise. A command
 * that already reported a write error returns EX_IOERR itself. */
int cli_finish_output(int status);

#endif
