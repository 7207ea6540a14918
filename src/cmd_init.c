/* cmd_init.c: init (create a data directory) and validate (check plans). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <getopt.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/paths.h"
#include "plantrack/plan_load.h"
#include "plantrack/priv.h"
#include "plantrack/snapshot.h"
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

/* The data directory's layout: spool mode (installed, priv.h) or the
 * department groups' (docs/administration.md). */
struct layout {
	bool spool;
	gid_t group;		/* spool: the installed group */
	char group_name[64];	/* its name, for messages */
};

/* Spool mode: staff may look into the data directory and departments/,
 * never into a department, where the files they wrote are theirs. */
#define SPOOL_TOP_MODE 02755
#define SPOOL_DEPT_MODE 02770

/* The name of the group of the directory open at fd, else its number in
 * buf: what a warning names it by. */
static const char *dir_group(int fd, char buf[32])
{
	const struct group *gr;
	struct stat sb;

	if (fstat(fd, &sb))
		return "?";
	gr = getgrgid(sb.st_gid);
	if (gr && gr->gr_name && *gr->gr_name)
		return gr->gr_name;
	(void)snprintf(buf, 32, "%ld", (long)sb.st_gid);
	return buf;
}

/* Creates (or finds) a directory of the data directory and records what
 * it made. Gives it uid and gid when not -1 (named gname in a message),
 * and mode when always (a new one has it already). A department's
 * directory of one's own (dept not NULL) whose group gname does not
 * exist (gid -1), or that the user may not give it, keeps the user's,
 * with a warning: on a server whose department groups exist, each member
 * is in only some of them, and the manual lets any user make a trial
 * data directory. */
static int make_dir(const char *path, mode_t mode, uid_t uid, gid_t gid,
		    const char *gname, bool always, const char *dept,
		    struct created *c)
{
	bool created;
	char num[32];
	int fd, status, e;

	status = store_mkdir(path, mode, &fd, &created);
	if (status)
		return status;
	if (created)
		created_add(c, path);
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(fd, uid, gid)) {
		e = errno;
		if (dept && e == EPERM) {
			warning(_("you are not in group '%s' of department "
				  "%s: %s stays in group %s (see "
				  "docs/administration.md)"), gname, dept,
				path, dir_group(fd, num));
		} else {
			error(_("cannot give %s to group %s: %s"), path,
			      gname, err_strerror(e));
			status = e == EPERM ? EX_NOPERM : EX_CANTCREAT;
		}
	} else if (always && fchmod(fd, mode)) {
		/* After chown, which may clear the setgid bit. */
		e = errno;
		error(_("cannot set the mode of %s: %s"), path, err_strerror(e));
		status = e == EPERM ? EX_NOPERM : EX_CANTCREAT;
	}
	if (dept && gid == (gid_t)-1)
		warning(_("group '%s' of department %s does not exist: %s "
			  "stays in group %s (see docs/administration.md)"),
			gname, dept, path, dir_group(fd, num));
	close(fd);
	return status;
}

/* Each department's directory: in spool mode root's and the installed
 * group's, closed to everyone else; otherwise its Unix group's, so that
 * the file system itself keeps other departments out. Groups that do not
 * exist yet are reported, not fatal: docs/administration.md says how to
 * add them and fix the ownership later. */
static int make_dept_dir(const struct cli_ctx *ctx, const struct layout *lay,
			 const struct plan_dept *d, struct created *c)
{
	struct strbuf path = STRBUF_INIT;
	struct group *gr;
	int status;

	strbuf_addf(&path, "%s/departments/%s", ctx->datadir, d->code);
	if (lay->spool) {
		status = make_dir(path.buf, SPOOL_DEPT_MODE, 0, lay->group,
				  lay->group_name, true, NULL, c);
		goto out;
	}
	gr = getgrnam(d->group);
	status = make_dir(path.buf, 02775, (uid_t)-1,
			  gr ? gr->gr_gid : (gid_t)-1, d->group, false, d->code,
			  c);
out:
	strbuf_release(&path);
	return status;
}

/* init --convert: the installed data directory from the department
 * groups' layout to spool mode, then checked as 'validate' does. */
static int convert(struct cli_ctx *ctx)
{
	struct state *st = NULL;
	size_t n = 0;
	int status;

	status = store_convert_spool(&n);
	if (status)
		return status;
	/* A snapshot saved under the old layout is not trusted: its
	 * directory is made anew, closed to staff (snapshot.h). */
	snapshot_setup(ctx->datadir);
	ctx->no_snapshot = 1;
	fprintf(ctx->out, _("converted %s to the installed layout: %zu "
			    "department directories\n"), ctx->datadir, n);
	if ((status = cli_load_plan(ctx)))
		return status;
	status = state_load_all(ctx->datadir, ctx->plan, 0, stderr, &st);
	state_free(st);
	return status;
}

int cmd_init(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "plan", required_argument, NULL, 'p' },
		{ "convert", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *plan_path = paths_bundled_plan();
	struct created created = { NULL, 0 };
	struct layout lay = { priv_spool(), priv_group(), "" };
	struct plan *plan = NULL;
	char *buf = NULL, *target = NULL, *depts = NULL, *lang = NULL;
	char *snap = NULL;
	struct stat st;
	uid_t uid = lay.spool ? 0 : (uid_t)-1;
	gid_t gid = lay.spool ? lay.group : (gid_t)-1;
	mode_t top = lay.spool ? SPOOL_TOP_MODE : 0755;
	bool plan_given = false, conv = false;
	size_t len;
	int c, status, wrote_lang = 0;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			plan_path = optarg;
			plan_given = true;
			break;
		case 'c':
			conv = true;
			break;
		default:
			return cli_bad_option("init", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", _("unexpected argument '%s'"),
				       argv[optind]);
	if (conv && plan_given)
		return cli_usage_error("init", _("--convert keeps the plan of "
						 "the data directory: no "
						 "--plan with it"));
	if (conv)
		return convert(ctx);
	if (lay.spool) {
		const struct group *gr = getgrgid(lay.group);

		if (gr)
			snprintf(lay.group_name, sizeof(lay.group_name), "%s",
				 gr->gr_name);
		else
			snprintf(lay.group_name, sizeof(lay.group_name), "%lu",
				 (unsigned long)lay.group);
	}

	/* With the caller's ids (priv.h): a file the caller named. */
	status = store_read_user_file(plan_path, MAX_PLAN_BYTES, &buf, &len);
	if (status == EX_NOINPUT && plan_path == paths_bundled_plan())
		hint(_("plantrack is not installed here ('make install' installs "
		       "the plan); give a plan file with 'plantrack init --plan "
		       "FILE'"));
	if (status)
		goto out;
	status = plan_load_mem(plan_path, buf, len, stderr, &plan);
	if (status)
		goto out;
	if (lay.spool && getuid() != 0) {
		error(_("only root can create the installed data directory %s "
			"(ask the administrator)"), ctx->datadir);
		status = EX_NOPERM;
		goto out;
	}

	target = cli_data_path(ctx, "plan.yaml");
	if (access(target, F_OK) == 0) {
		error(_("%s already exists: a data directory is never "
			"overwritten (choose another with --data DIR)"),
		      target);
		status = EX_CANTCREAT;
		goto out;
	}
	status = make_dir(ctx->datadir, top, uid, gid, lay.group_name,
			  lay.spool, NULL, &created);
	if (status)
		goto out;
	depts = cli_data_path(ctx, "departments");
	status = make_dir(depts, top, uid, gid, lay.group_name, lay.spool,
			  NULL, &created);
	for (size_t i = 0; !status && i < plan->n_depts; i++)
		status = make_dept_dir(ctx, &lay, &plan->depts[i], &created);
	/* The snapshot's directory (snapshot.h): in spool mode only root can
	 * make it closed to staff; elsewhere its first saver makes it. */
	if (!status && lay.spool) {
		snap = cli_data_path(ctx, SNAPSHOT_DIR);
		status = make_dir(snap, SPOOL_DEPT_MODE, 0, lay.group,
				  lay.group_name, true, NULL, &created);
	}
	if (status)
		goto out;
	/* The default language of the interface (i18n.h), for the
	 * administrator to see and change; one already there is theirs. */
	lang = cli_data_path(ctx, "language");
	if (lstat(lang, &st) != 0) {
		status = store_write_file(lang, I18N_DEFAULT "\n",
					  sizeof(I18N_DEFAULT "\n") - 1, 0644);
		if (status)
			goto out;
		wrote_lang = 1;
	}
	/* plan.yaml last: its presence marks a complete data directory. */
	status = store_write_file(target, buf, len, 0644);
	if (status) {
		if (wrote_lang)
			unlink(lang);
		goto out;
	}
	/* TRANSLATORS: the data directory, then how many departments,
	 * tasks and indicators its plan has. */
	fprintf(ctx->out, _("created the data directory %s (departments: "
			    "%zu, tasks: %zu, indicators: %zu)\n"),
		ctx->datadir, plan->n_depts, plan->n_tasks,
		plan->n_indicators);
out:
	created_free(&created, status != 0);
	plan_free(plan);
	free(lang);
	free(snap);
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

		/* The files themselves, never the snapshot made of them. */
		ctx->no_snapshot = 1;
		if ((status = cli_load_plan(ctx)))
			return status;
		status = state_load_all(ctx->datadir, ctx->plan, 0, stderr,
					&st);
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
