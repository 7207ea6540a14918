/* cmd_report.c: the report of a period as a document (text, md, html,
 * docx, odt), as data (csv tables, json), or Phòng Kinh tế's internal
 * annex; to standard output or atomically to a file. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "plantrack/commands.h"
#include "plantrack/doc.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/memo.h"
#include "plantrack/render.h"
#include "plantrack/report.h"
#include "plantrack/report_doc.h"
#include "plantrack/snapshot.h"
#include "plantrack/state.h"
#include "plantrack/store.h"

#define UTF8_BOM "\xef\xbb\xbf"

enum kind { K_DOC, K_CSV, K_JSON };

static const struct {
	const char *name;
	doc_draw_fn *draw;	/* K_DOC */
	const char *ext;	/* what -o FILE ends with */
	enum kind kind;
	bool binary;		/* not for a terminal */
	bool once;		/* the drawer reads tables and lists in order */
} formats[] = {
	{ "text", doc_draw_text, ".txt", K_DOC, false, true },
	{ "md", doc_draw_md, ".md", K_DOC, false, true },
	{ "csv", NULL, ".csv", K_CSV, false, false },
	{ "json", NULL, ".json", K_JSON, false, false },
	{ "html", doc_draw_html, ".html", K_DOC, false, true },
	{ "docx", doc_draw_docx, ".docx", K_DOC, true, false },
	{ "odt", doc_draw_odt, ".odt", K_DOC, true, false },
};
#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

struct job {
	const struct report *rep;
	size_t format;
	enum render_table table;
	const struct report_doc_options *doc;
	bool bom;
};

static int parse_format(const char *arg, size_t *out)
{
	size_t i;
	int status = 0;

	for (i = 0; i < N_FORMATS && strcmp(arg, formats[i].name) != 0; i++)
		;
	if (i < N_FORMATS)
		*out = i;
	else
		status = cli_usage_error("report", _("unknown format '%s' (use "
					 "text, md, csv, json, html, docx or "
					 "odt)"), arg);
	return status;
}

/* The format -o FILE's name asks for ("bao-cao.docx"), if any. */
static bool format_of_name(const char *path, size_t *out)
{
	size_t i, n = strlen(path), e;

	for (i = 0; i < N_FORMATS; i++) {
		e = strlen(formats[i].ext);
		if (n > e && !strcasecmp(path + n - e, formats[i].ext)) {
			*out = i;
			return true;
		}
	}
	return false;
}

/* A document number: a whole number from 1 (Nghị định 30: Arabic
 * numerals), checked to its end and range. */
static int parse_number(const char *arg, long *out)
{
	char *end;
	long v;

	errno = 0;
	if (!(*arg >= '0' && *arg <= '9'))
		return -1;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < 1 || v > REPORT_DOC_NUMBER_MAX)
		return -1;
	*out = v;
	return 0;
}

/* The whole output: a document drawn, a CSV table or the JSON. */
static int produce(const struct job *j, FILE *f)
{
	struct doc *d = NULL;
	int ret = -1;

	switch (formats[j->format].kind) {
	case K_JSON:
		ret = render_json(j->rep, f);
		break;
	case K_CSV:
		if (j->bom)
			fputs(UTF8_BOM, f);
		ret = render_csv(j->rep, j->table, f);
		break;
	case K_DOC:
		if (report_doc_build(j->rep, j->doc, &d) == 0)
			ret = formats[j->format].draw(d, f);
		break;
	}
	doc_free(d);
	return ret;
}

/* What the report cache (memo.h) needs to keep a report as it is
 * written: slot NULL when it is not to be kept. */
struct keep {
	const char *datadir, *plan_path, *slot;
	const struct strbuf *key;
	const struct snapshot *snap;
	bool upto_now;
};

/* The whole output to out, kept on the way when k says so: 0, or -1 with
 * errno (ferror(out) tells whether out failed). */
static int produce_kept(const struct job *j, const struct keep *k, FILE *out)
{
	struct memo_writer *mw = NULL;
	FILE *tee = NULL;
	int ret, err;

	if (k->slot)
		tee = memo_begin(k->datadir, k->slot, k->key, k->snap,
				 k->upto_now, out, &mw);
	ret = produce(j, tee ? tee : out);
	err = errno;
	if (mw && memo_end(mw, ret == 0, 0) && !ret) {
		ret = -1;
		err = errno;
	}
	errno = err;
	return ret;
}

/* The whole output in memory first when it goes to a file: the file gets
 * it in one atomic rename, and a failure half-way leaves nothing behind.
 * From the report cache when serve and it has the report, else drawn
 * (and kept, as k says). */
static int produce_to_buffer(const struct job *j, const struct keep *k,
			     bool serve, char **buf, size_t *len)
{
	FILE *f;
	int ret = -1, r, kept;

	*buf = NULL;
	*len = 0;
	f = open_memstream(buf, len);
	if (!f)
		goto out;
	/* A kept report's status is 0: only a whole report is kept. */
	r = serve ? memo_serve(k->datadir, k->plan_path, k->slot, k->key, f,
			       &kept)
		  : produce_kept(j, k, f);
	if (fclose(f) != 0 || r != 0)
		goto out;
	ret = 0;
out:
	if (ret) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return ret;
}

/* Checks the options that depend on each other; returns 0 or a usage
 * error's status. */
static int check_combination(const struct job *j, bool table_given,
			     const char *output, bool out_is_tty)
{
	const char *name = formats[j->format].name;
	enum kind kind = formats[j->format].kind;

	if (j->bom && kind != K_CSV)
		return cli_usage_error("report", _("--bom is for --format csv "
				       "only"));
	if (table_given && kind != K_CSV)
		return cli_usage_error("report", _("--table is for --format "
				       "csv only"));
	if (j->doc->internal && kind == K_JSON)
		return cli_usage_error("report", _("--internal is not for "
				       "--format json: the JSON always has the "
				       "submissions"));
	if (j->doc->internal && table_given &&
	    j->table != TABLE_SUBMISSIONS)
		return cli_usage_error("report", _("--internal prints the "
				       "submissions: leave out --table"));
	if (!j->doc->internal && j->table == TABLE_SUBMISSIONS)
		return cli_usage_error("report", _("the submissions table is "
				       "Phòng Kinh tế's internal annex: use "
				       "--internal"));
	if ((j->doc->number || j->doc->date != PT_DAY_NONE) &&
	    (kind != K_DOC || j->doc->internal))
		return cli_usage_error("report", _("--number and --date fill in "
				       "the document: use them with --format "
				       "text, md, html, docx or odt"));
	if (formats[j->format].binary && !output && out_is_tty)
		return cli_usage_error("report", _("--format %s writes a file, "
				       "not text for the terminal: add -o "
				       "FILE.%s"), name, name);
	return 0;
}

int cmd_report(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "dept", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, 'b' },
		{ "table", required_argument, NULL, 't' },
		{ "number", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'T' },
		{ "internal", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_options ro = { NULL, PT_DAY_NONE, 0, NULL, NULL, NULL };
	struct report_doc_options dopt = { 0, PT_DAY_NONE, false, false };
	struct job job = { NULL, 0, TABLE_TASKS, NULL, false };
	const char *as_of_arg = NULL, *dept_arg = NULL, *output = NULL;
	struct state *st = NULL;
	struct fold stored = { 0 };
	struct report rep;
	struct strbuf key = STRBUF_INIT;
	struct keep keep = { NULL, NULL, NULL, NULL, NULL, false };
	size_t len = 0;
	char *buf = NULL, *plan_path = NULL;
	bool format_given = false, table_given = false, memo;
	int c, status = 0;

	memset(&rep, 0, sizeof(rep));
	job.doc = &dopt;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 'a': as_of_arg = optarg; break;
		case 'D': dept_arg = optarg; break;
		case 'o': output = optarg; break;
		case 'b': job.bom = true; break;
		case 'i': dopt.internal = true; break;
		case 'f':
			if ((status = parse_format(optarg, &job.format)))
				goto out;
			format_given = true;
			break;
		case 't':
			if (render_table_parse(optarg, &job.table)) {
				status = cli_usage_error("report", _("unknown "
					"table '%s' (use tasks, indicators, "
					"proposals, difficulties or sections)"),
					optarg);
				goto out;
			}
			table_given = true;
			break;
		case 'n':
			if (parse_number(optarg, &dopt.number)) {
				status = cli_usage_error("report", _("--number "
					"'%s' is not a document number (a "
					"whole number from 1 to %ld)"), optarg,
					REPORT_DOC_NUMBER_MAX);
				goto out;
			}
			break;
		case 'T':
			if ((status = cli_parse_date("report", "--date", optarg,
						     &dopt.date)))
				goto out;
			break;
		default:
			status = cli_bad_option("report", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("report", _("no period given (a "
					 "period id of the plan: h1, annual)"));
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("report", _("unexpected argument "
					 "'%s'"), argv[optind + 1]);
		goto out;
	}
	if (output && !*output) {
		status = cli_usage_error("report", _("-o needs a file name (or "
					 "- for standard output)"));
		goto out;
	}
	if (output && !strcmp(output, "-"))
		output = NULL;
	/* "-o bao-cao.docx" means a Word file, not text named .docx. */
	if (!format_given && output)
		format_of_name(output, &job.format);
	if (dopt.internal && !table_given)
		job.table = TABLE_SUBMISSIONS;
	if ((status = check_combination(&job, table_given, output,
					ctx->out_is_tty)))
		goto out;
	/* The appendix's rows and the notes made as they are drawn
	 * (report_doc.h): the report outlives the drawing. */
	dopt.stream = formats[job.format].once;
	if (as_of_arg &&
	    (status = cli_parse_date("report", "--as-of", as_of_arg, &ro.as_of)))
		goto out;
	/* The report cache (memo.h): a report for a file or for standard
	 * output (not a terminal) that was kept and whose sources have not
	 * changed is given as it was kept, without loading anything. */
	memo = (output || !ctx->out_is_tty) && !ctx->no_snapshot &&
	       !memo_disabled_by_env();
	if (memo) {
		memo_key(ctx, argc, argv, formats[job.format].binary, &key);
		plan_path = cli_data_path(ctx, "plan.yaml");
		keep.datadir = ctx->datadir;
		keep.plan_path = plan_path;
		keep.slot = formats[job.format].name;
		keep.key = &key;
		if (output) {
			if (!produce_to_buffer(&job, &keep, true, &buf, &len)) {
				status = store_write_user_file(output, buf, len,
							       0644);
				goto out;
			}
		} else {
			c = memo_serve(ctx->datadir, plan_path, keep.slot, &key,
				       ctx->out, &status);
			if (c > 0) {
				status = EX_IOERR;
				if (errno != EPIPE)
					error(_("cannot write the output: %s"),
					      err_strerror(errno));
			}
			if (c >= 0)
				goto out;
		}
		/* Kept again below only when it came from the snapshot and
		 * its bytes cannot depend on the clock. */
		keep.slot = NULL;
	}
	ctx->snap_want = SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD;
	if ((status = cli_load_plan(ctx)))
		goto out;
	ro.period = cli_find_period("report", ctx->plan, argv[optind], &status);
	if (!ro.period)
		goto out;
	if (dept_arg && (status = cli_resolve_dept("report", ctx->plan,
						      dept_arg, &ro.dept)))
		goto out;
	if ((status = cli_load_state(ctx, &st)))
		goto out;
	/* The snapshot's fold of every entry, which the report takes when
	 * nothing was recorded after its instant. */
	if (!cli_snapshot_fold(ctx, st, &stored))
		ro.fold = &stored;
	ro.now = time(NULL);
	if (report_build(&rep, ctx->plan, st, &ro) != 0) {
		status = errno == ENOMEM ? EX_OSERR : EX_SOFTWARE;
		error(_("cannot build the report: %s"), err_strerror(errno));
		goto out;
	}
	/* The report holds copies and the strings, not the fold: gone
	 * before the document is drawn, which is the peak of memory. */
	fold_release(&stored);
	job.rep = &rep;
	/* Kept as it is written when it came from the snapshot and its
	 * bytes cannot depend on the clock: not as of now, and the
	 * commune's entries up to the clock are all there are. */
	if (memo && ctx->snap && ctx->snap_state && !rep.until_now &&
	    (rep.commune_until == rep.until ||
	     snapshot_max_at(ctx->snap) <= rep.commune_until)) {
		keep.slot = formats[job.format].name;
		keep.snap = ctx->snap;
		keep.upto_now = rep.commune_until != rep.until;
	}
	if (!output) {
		/* Streamed: a report of 100 000 tasks need not sit in memory
		 * twice. cli_finish_output (main) checks that stdout took it
		 * all. */
		int err;

		/* A drawer fails when the output does, or out of memory. */
		if (produce_kept(&job, &keep, ctx->out) != 0) {
			err = errno;
			if (ferror(ctx->out)) {
				status = EX_IOERR;
				if (err != EPIPE)
					error(_("cannot write the output: %s"),
					      err_strerror(err));
			} else {
				status = EX_OSERR;
				error(_("cannot build the report: %s"),
				      err_strerror(err ? err : ENOMEM));
			}
		}
		goto out;
	}
	if (produce_to_buffer(&job, &keep, false, &buf, &len) != 0) {
		status = EX_OSERR;
		error(_("cannot write the report: %s"),
		      err_strerror(errno ? errno : ENOMEM));
		goto out;
	}
	/* Names the file and the step that failed; a device or FIFO is
	 * written, not replaced (store.h). */
	status = store_write_user_file(output, buf, len, 0644);
out:
	status = state_unreadable_status(st, status);
	strbuf_release(&key);
	free(plan_path);
	free(buf);
	report_free(&rep);
	fold_release(&stored);
	state_free(st);
	return status;
}
