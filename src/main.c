/* main.c: global options and the command table (after git's git.c). */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "plantrack/cli.h"
#include "plantrack/color.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"

/* Sorted by name: cli_command_find relies on it. */
const struct cli_command cli_commands[] = {
	/* Names starting with '_' are internal and never listed. */
	{ "__complete", cmd_complete, "WHAT [ARGS]",
	  "words for shell completion (completion/plantrack.bash)", NULL },
	{ "check", cmd_check,
	  "[--today DATE] [--within DAYS] [--dept CODE] [--format text|json]",
	  "deadlines due soon or missed; silent when there is nothing to say",
	  "  --today DATE      check as of DATE (YYYY-MM-DD), ignoring what was\n"
	  "                    recorded after it (default: today)\n"
	  "  --within DAYS     how many days ahead count as due soon (default 7)\n"
	  "  --dept CODE       only department CODE's findings\n"
	  "  --format text|json\n"
	  "One line per finding: date, severity (warn, overdue), kind (report-due,\n"
	  "consolidated-due, task-due, stale), department, task or period, message.\n"
	  "Exit 0: nothing found, 1: warnings only, 2: something overdue.\n" },
	{ "export", cmd_export, "--format ics [--dept CODE]",
	  "every deadline as a calendar file (iCalendar)",
	  "  --format ics      iCalendar (RFC 5545), for calendar programs\n"
	  "  --dept CODE       only department CODE's deadlines\n" },
	{ "help", cmd_help, "[COMMAND]",
	  "show help for plantrack or one command", NULL },
	{ "history", cmd_history,
	  "[ID] [--dept CODE] [--since DATE] [--format text|json]",
	  "every recorded change, oldest first",
	  "  ID                a task id: only its changes\n"
	  "  --dept CODE       only what department CODE recorded\n"
	  "  --since DATE      only changes on or after DATE (YYYY-MM-DD)\n"
	  "  --format text|json\n" },
	/* update, indicator and submit: the options of the fields they
	 * record come from the schema's table (schema.h). */
	{ "indicator", cmd_indicator,
	  "set NUMBER [--dept CODE]",
	  "record an indicator's measured value for a period",
	  "  NUMBER            the indicator (see 'plantrack indicators')\n"
	  "  --dept CODE       the monitoring department, when you belong to several\n" },
	{ "indicators", cmd_indicators, "[--format text|json]",
	  "show the indicators (Phụ lục I) and their targets",
	  "  --format text|json   output format (default text)\n" },
	{ "init", cmd_init, "[--plan FILE]",
	  "create the data directory from a plan file",
	  "  --plan FILE   plan to install (default " PT_BUNDLED_PLAN ")\n" },
	{ "list", cmd_list,
	  "[--dept CODE [--coordinating]] [--group G] [--wide] [--format text|json]",
	  "list the tasks (Phụ lục II), one line each",
	  "  --dept CODE       tasks led by department CODE\n"
	  "  --coordinating    with --dept: also tasks CODE coordinates\n"
	  "  --group G         tasks of group G (I, II, ...)\n"
	  "  --wide            never cut descriptions to the terminal width\n"
	  "  --format text|json\n" },
	{ "report", cmd_report,
	  "PERIOD [--as-of DATE] [--dept CODE] [--format text|md|csv|json|html] "
	  "[--bom] [-o FILE]",
	  "the 6-month or annual report of a period, for Phòng Kinh tế",
	  "  PERIOD            a period id of the plan (h1, annual)\n"
	  "  --as-of DATE      the state at the end of DATE (YYYY-MM-DD); default:\n"
	  "                    the departments' deadline once it has passed, else now\n"
	  "  --dept CODE       one department's report: the tasks it leads\n"
	  "  --format F        text (default), md, csv, json or html\n"
	  "  --bom             csv only: start with a UTF-8 BOM, for Excel\n"
	  "  -o FILE           write FILE atomically instead of standard output\n"
	  "                    (- is standard output)\n" },
	{ "show", cmd_show, "ID [--format text|json]",
	  "show everything about one task",
	  "  --format text|json   output format (default text)\n" },
	{ "submit", cmd_submit, "[--dept CODE]",
	  "declare a department's report for a period complete",
	  "  --dept CODE       the department, when you belong to several\n" },
	{ "update", cmd_update,
	  "ID [--dept CODE]",
	  "record how a task is going",
	  "  --dept CODE       the department, when you belong to several\n" },
	{ "validate", cmd_validate, "[FILE...]",
	  "check plan (and state) files; print nothing but errors",
	  "  FILE   plan files to check (default: the data directory: its plan.yaml\n         and every department's state.yaml)\n" },
	{ "version", cmd_version, "", "print the version", NULL },
};
const size_t cli_n_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Text is UTF-8 everywhere; widths need a UTF-8 LC_CTYPE even when the
 * user's locale is C or unset (cron). Messages stay untranslated. */
static void set_utf8_locale(void)
{
	const char *cur = setlocale(LC_CTYPE, "");

	if (cur && (strstr(cur, "UTF-8") || strstr(cur, "utf8")))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "color", optional_argument, NULL, 'C' },
		{ "data", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char help_name[] = "help", version_name[] = "version";
	static char *help_argv[] = { help_name, NULL };
	static char *version_argv[] = { version_name, NULL };
	struct cli_ctx ctx = { 0 };
	const struct cli_command *cmd;
	const char *env;
	int c, first, status;

	set_utf8_locale();
	ctx.out = stdout;
	ctx.out_is_tty = isatty(STDOUT_FILENO);
	ctx.term_width = ctx.out_is_tty ? terminal_width() : 0;
	ctx.color = color_decide(COLOR_AUTO, ctx.out_is_tty, getenv("NO_COLOR"));
	env = getenv("PLANTRACK_DATA");
	ctx.datadir = env && *env ? env : PT_DEFAULT_DATA;

	opterr = 0;
	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+:d:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'C': {
			enum color_when when;

			if (color_parse_when(optarg, &when))
				return cli_usage_error(NULL, "--color=%s: say "
						       "--color=auto, always or "
						       "never", optarg);
			ctx.color = color_decide(when, ctx.out_is_tty,
						 getenv("NO_COLOR"));
			break;
		}
		case 'd':
			if (!*optarg)
				return cli_usage_error(NULL, "--data needs a directory");
			ctx.datadir = optarg;
			break;
		case 'h':
			return cli_finish_output(cmd_help(1, help_argv, &ctx));
		case 'V':
			return cli_finish_output(cmd_version(1, version_argv, &ctx));
		default:
			return cli_bad_option(NULL, c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(NULL, "no command given");
	cmd = cli_command_find(argv[optind]);
	if (!cmd)
		return cli_usage_error(NULL, "'%s' is not a plantrack command "
				       "(see 'plantrack help')", argv[optind]);
	first = optind;
	optind = 0;	/* glibc: reinitialise getopt for the command */
	status = cmd->fn(argc - first, argv + first, &ctx);
	plan_free(ctx.plan);
	return cli_finish_output(status);
}
