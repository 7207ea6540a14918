/* cmd_report.c: the consolidated report of a period, in five formats,
 * to standard output or atomically to a file. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/render.h"
#include "plantrack/report.h"
#include "plantrack/state.h"
#include "plantrack/store.h"

#define UTF8_BOM "\xef\xbb\xbf"

static const struct {
	const char *name;
	int (*fn)(const struct report *r, FILE *f);
} formats[] = {
	{ "text", render_text },
	{ "md", render_md },
	{ "csv", render_csv },
	{ "json", render_json },
	{ "html", render_html },
};

static int parse_format(const char *arg, size_t *out)
{
	size_t i, n = sizeof(formats) / sizeof(formats[0]);
	int status = 0;

	for (i = 0; i < n && strcmp(arg, formats[i].name) != 0; i++)
		;
	if (i < n)
		*out = i;
	else
		status = cli_usage_error("report", "unknown format '%s' (use "
					 "text, md, csv, json or html)", arg);
	return status;
}

/* The whole report in memory first when it goes to a file: the file gets
 * it in one atomic rename, and a failure half-way leaves nothing behind. */
static int render_to_buffer(const struct report *r, size_t format, bool bom,
			    char **buf, size_t *len)
{
	FILE *f;
	int ret = -1;

	*buf = NULL;
	*len = 0;
	f = open_memstream(buf, len);
	if (!f)
		goto out;
	if (bom)
		fputs(UTF8_BOM, f);
	if (formats[format].fn(r, f) != 0) {
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0)
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

int cmd_report(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "dept", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_options ro = { NULL, PT_DAY_NONE, 0, NULL };
	const char *as_of_arg = NULL, *dept_arg = NULL, *output = NULL;
	struct state *st = NULL;
	struct report rep;
	size_t format = 0, len = 0;
	char *buf = NULL;
	bool bom = false;
	int c, status = 0;

	memset(&rep, 0, sizeof(rep));
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 'a': as_of_arg = optarg; break;
		case 'D': dept_arg = optarg; break;
		case 'o': output = optarg; break;
		case 'b': bom = true; break;
		case 'f':
			if ((status = parse_format(optarg, &format)))
				goto out;
			break;
		default:
			status = cli_bad_option("report", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("report", "no period given (a period "
					 "id of the plan: h1, annual)");
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("report", "unexpected argument '%s'",
					 argv[optind + 1]);
		goto out;
	}
	if (bom && strcmp(formats[format].name, "csv") != 0) {
		status = cli_usage_error("report", "--bom is for --format csv "
					 "only");
		goto out;
	}
	if (output && !*output) {
		status = cli_usage_error("report", "-o needs a file name (or - "
					 "for standard output)");
		goto out;
	}
	if (as_of_arg && date_parse(as_of_arg, &ro.as_of) != 0) {
		status = cli_usage_error("report", "--as-of '%s' is not a date "
					 "YYYY-MM-DD", as_of_arg);
		goto out;
	}
	if ((status = cli_load_plan(ctx)))
		goto out;
	ro.period = cli_find_period("report", ctx->plan, argv[optind], &status);
	if (!ro.period)
		goto out;
	if (dept_arg && (status = cli_resolve_dept("report", ctx->plan,
						      dept_arg, &ro.dept)))
		goto out;
	if ((status = state_load_all(ctx->datadir, ctx->plan,
				     STATE_SKIP_UNREADABLE, stderr, &st)))
		goto out;
	ro.now = time(NULL);
	if (report_build(&rep, ctx->plan, st, &ro) != 0) {
		status = errno == ENOMEM ? EX_OSERR : EX_SOFTWARE;
		error("cannot build the report: %s", strerror(errno));
		goto out;
	}
	if (!output || !strcmp(output, "-")) {
		/* Streamed: a report of 100 000 tasks need not sit in memory
		 * twice. cli_finish_output (main) checks that stdout took it
		 * all. */
		if (bom)
			fputs(UTF8_BOM, ctx->out);
		/* Renderers fail only when the output does. */
		if (formats[format].fn(&rep, ctx->out) != 0) {
			status = EX_IOERR;
			if (errno != EPIPE)
				error("cannot write output: %s",
				      strerror(errno));
		}
		goto out;
	}
	if (render_to_buffer(&rep, format, bom, &buf, &len) != 0) {
		status = EX_OSERR;
		error("out of memory");
		goto out;
	}
	/* store_write_file names the file and the step that failed. */
	status = store_write_file(output, buf, len, 0644);
out:
	status = state_unreadable_status(st, status);
	free(buf);
	report_free(&rep);
	state_free(st);
	return status;
}
