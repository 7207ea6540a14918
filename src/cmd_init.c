/* cmd_init.c: init (create a data directory) and validate (check plans). */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/plan_load.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"

#define MAX_PLAN_BYTES YR_MAX_FILE_SIZE

/* Directories created so far, removed again if init fails: a failed
 * command leaves nothing behind. */
struct created {
	char **paths;
	size_t n;
};

static void created_add(struct created *c, const char *path)
{
	c->paths = xrealloc(c->paths, (c->n + 1) * sizeof(*c->paths));
	c->paths[c->n++] = xstrdup(path);
}

static void created_free(struct created *c, int undo)
{
	while (c->n > 0) {
		c->n--;
		if (undo)
			rmdir(c->paths[c->n]);
		free(c->paths[c->n]);
	}
	free(c->paths);
	c->paths = NULL;
}

/* mkdir that reports, records what it made, and accepts an existing
 * directory. */
static int make_dir(const char *path, mode_t mode, struct created *c)
{
	struct stat st;

	if (mkdir(path, mode) == 0) {
		created_add(c, path);
		/* umask must not strip the setgid and group-write bits. */
		if (chmod(path, mode) != 0) {
			error("cannot set the mode of %s: %s", path, strerror(errno));
			return errno == EPERM ? EX_NOPERM : EX_CANTCREAT;
		}
		return 0;
	}
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	error("cannot create directory %s: %s", path, strerror(errno));
	return errno == EACCES || errno == EPERM ? EX_NOPERM : EX_CANTCREAT;
}

/* Each department's directory belongs to its Unix group so that the
 * file system itself keeps other departments out. Groups that do not
 * exist yet are reported, not fatal: docs/administration.md says how to
 * add them and fix the ownership later. */
static int make_dept_dir(const struct cli_ctx *ctx, const struct plan_dept *d,
			 struct created *c)
{
	struct strbuf path = STRBUF_INIT;
	struct group *gr;
	int status;

	strbuf_addf(&path, "%s/departments/%s", ctx->datadir, d->code);
	status = make_dir(path.buf, 02775, c);
	if (status)
		goto out;
	gr = getgrnam(d->group);
	if (!gr) {
		warning("group '%s' of department %s does not exist: %s stays "
			"owned by group %d (see docs/administration.md)",
			d->group, d->code, path.buf, (int)getegid());
	} else if (chown(path.buf, (uid_t)-1, gr->gr_gid) != 0) {
		int e = errno;

		error("cannot give %s to group %s: %s", path.buf, d->group,
		      strerror(e));
		status = e == EPERM ? EX_NOPERM : EX_CANTCREAT;
	}
out:
	strbuf_release(&path);
	return status;
}

int cmd_init(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "plan", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *plan_path = PT_BUNDLED_PLAN;
	struct created created = { NULL, 0 };
	struct plan *plan = NULL;
	char *buf = NULL, *target = NULL, *depts = NULL;
	size_t len;
	int c, status;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'p')
			return cli_bad_option("init", c, argv);
		plan_path = optarg;
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);

	status = store_read_file(plan_path, MAX_PLAN_BYTES, &buf, &len, 0);
	if (status)
		goto out;
	status = plan_load_mem(plan_path, buf, len, stderr, &plan);
	if (status)
		goto out;

	target = cli_data_path(ctx, "plan.yaml");
	if (access(target, F_OK) == 0) {
		error("%s already exists; init never overwrites a data directory",
		      target);
		status = EX_CANTCREAT;
		goto out;
	}
	status = make_dir(ctx->datadir, 0755, &created);
	if (status)
		goto out;
	depts = cli_data_path(ctx, "departments");
	status = make_dir(depts, 0755, &created);
	for (size_t i = 0; !status && i < plan->n_depts; i++)
		status = make_dept_dir(ctx, &plan->depts[i], &created);
	if (status)
		goto out;
	/* plan.yaml last: its presence marks a complete data directory. */
	status = store_write_file(target, buf, len, 0644);
	if (status)
		goto out;
	fprintf(ctx->out, "initialised %s: %zu departments, %zu tasks, "
		"%zu indicators\n", ctx->datadir, plan->n_depts, plan->n_tasks,
		plan->n_indicators);
out:
	created_free(&created, status != 0);
	plan_free(plan);
	free(depts);
	free(target);
	free(buf);
	return status;
}

int cmd_validate(int argc, char **argv, struct cli_ctx *ctx)
{
	int c, status = 0, missing = 0, invalid = 0;

	while ((c = getopt_long(argc, argv, ":", (struct option[]){ { 0 } }, NULL)) != -1)
		return cli_bad_option("validate", c, argv);
	if (optind >= argc) {
		/* The data directory: its plan and every department's state. */
		struct state *st = NULL;

		if ((status = cli_load_plan(ctx)))
			return status;
		status = state_load_all(ctx->datadir, ctx->plan, stderr, &st);
		state_free(st);
		return status;
	}
	for (int i = optind; i < argc; i++) {
		struct plan *p = NULL;

		status = plan_load(argv[i], stderr, &p);
		plan_free(p);
		if (status == EX_DATAERR)
			invalid = 1;
		else if (status)
			missing = status;
	}
	return invalid ? EX_DATAERR : missing;
}
