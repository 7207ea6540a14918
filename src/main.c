/* main.c: global options and the command table (after git's git.c). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "plantrack/arena.h"
#include "plantrack/cli.h"
#include "plantrack/color.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/priv.h"
#include "plantrack/snapshot.h"

/* Sorted by name: cli_command_find relies on it. Synopses are syntax and
 * stay as they are; summaries and help are translated where printed. */
const struct cli_command cli_commands[] = {
	/* Names starting with '_' are internal and never listed. */
	{ "__complete", cmd_complete, "WHAT [ARGS]",
	  N_("words for shell completion (completion/plantrack.bash)"), NULL },
	{ "check", cmd_check,
	  "[--today DATE] [--within DAYS] [--dept CODE] [--format text|json]",
	  N_("deadlines due soon or missed; silent when there is nothing to say"),
	  N_("  --today DATE      check as of DATE (DD/MM/YYYY or YYYY-MM-DD),\n"
	     "                    ignoring what was recorded after it\n"
	     "                    (default: today)\n"
	     "  --within DAYS     how many days ahead count as due soon (default 7)\n"
	     "  --dept CODE       only department CODE's findings\n"
	     "  --format text|json\n"
	     "One line per finding: date, severity (warn, overdue), kind (report-due,\n"
	     "consolidated-due, task-due, stale), department, task or period, message.\n"
	     "Exit 0: nothing found, 1: warnings only, 2: something overdue.\n") },
	{ "export", cmd_export, "--format ics [--dept CODE]",
	  N_("every deadline as a calendar file (iCalendar)"),
	  N_("  --format ics      iCalendar (RFC 5545), for calendar programs\n"
	     "  --dept CODE       only department CODE's deadlines\n") },
	{ "help", cmd_help, "[COMMAND]",
	  N_("show help for plantrack or one command"), NULL },
	{ "history", cmd_history,
	  "[ID] [--dept CODE] [--since DATE] [--format text|json]",
	  N_("every recorded change, oldest first"),
	  N_("  ID                a task id: only its changes\n"
	     "  --dept CODE       only what department CODE recorded\n"
	     "  --since DATE      only changes on or after DATE (DD/MM/YYYY or\n"
	     "                    YYYY-MM-DD)\n"
	     "  --format text|json\n") },
	/* update, indicator and submit: the options of the fields they
	 * record come from the schema's table (schema.h). */
	{ "indicator", cmd_indicator,
	  "set NUMBER [--dept CODE]",
	  N_("record an indicator's measured value for a period"),
	  N_("  NUMBER            the indicator (see 'plantrack indicators')\n"
	     "  --dept CODE       the monitoring department, when you belong to several\n") },
	{ "indicators", cmd_indicators, "[--format text|json]",
	  N_("show the indicators (Phụ lục I) and their targets"),
	  N_("  --format text|json   output format (default text)\n") },
	{ "init", cmd_init, "[--plan FILE] [--convert]",
	  N_("create the data directory from a plan file"),
	  N_("  --plan FILE   plan to install (default: the plan that comes with\n"
	     "                plantrack)\n"
	     "  --convert     root: give the installed data directory of an earlier\n"
	     "                version the ownership and modes of spool mode\n") },
	{ "list", cmd_list,
	  "[--dept CODE [--coordinating]] [--group G] [--status S] [--overdue] "
	  "[--not-updated [--period P]] [--wide] [--format text|json]",
	  N_("list the tasks (Phụ lục II), one line each"),
	  N_("  --dept CODE       tasks led by department CODE\n"
	     "  --coordinating    with --dept: also tasks CODE coordinates\n"
	     "  --group G         tasks of group G (I, II, ...)\n"
	     "  --status S        tasks whose lead is in status S: the words of\n"
	     "                    update (not_started, \"Đang thực hiện\", ...); may\n"
	     "                    be given several times\n"
	     "  --overdue         tasks past their dated deadline and not done\n"
	     "  --not-updated     tasks not done whose lead has recorded nothing\n"
	     "                    since the reporting period began (as the report\n"
	     "                    counts \"Chưa báo cáo\")\n"
	     "  --period P        with --not-updated: that period (default: the one\n"
	     "                    in progress)\n"
	     "  --wide            one line per task, however wide; on a terminal the\n"
	     "                    cells are otherwise wrapped to its width\n"
	     "  --format text|json\n"
	     "With --dept, the filters look at that department's own lead.\n") },
	{ "report", cmd_report,
	  "PERIOD [--as-of DATE] [--dept CODE] "
	  "[--format text|md|html|docx|odt|csv|json] [--table NAME] "
	  "[--number N] [--date DATE] [--internal] [--bom] [-o FILE]",
	  N_("the 6-month or annual report of a period, for Phòng Kinh tế"),
	  N_("  PERIOD            a reporting period of the plan (h1, annual)\n"
	     "  --as-of DATE      the state at the end of DATE (DD/MM/YYYY or\n"
	     "                    YYYY-MM-DD); default: the departments' deadline\n"
	     "                    once it has passed, else now\n"
	     "  --dept CODE       one department's report, issued by it and signed\n"
	     "                    by its head\n"
	     "  --format F        text (default), md, html, docx (Word), odt\n"
	     "                    (OpenDocument): the document; csv or json: the data.\n"
	     "                    Without it, -o FILE's extension chooses\n"
	     "  --table NAME      csv only: tasks (default), indicators, proposals,\n"
	     "                    difficulties or sections\n"
	     "  --number N        the document's number (Số: N/BC-UBND); blank without\n"
	     "  --date DATE       the document's date (DD/MM/YYYY or YYYY-MM-DD);\n"
	     "                    blank without\n"
	     "  --internal        Phòng Kinh tế's own tracking of the departments'\n"
	     "                    reports, never sent with the report\n"
	     "  --bom             csv only: start with a UTF-8 BOM, for Excel\n"
	     "  -o FILE           write FILE atomically instead of standard output\n"
	     "                    (- is standard output)\n") },
	{ "show", cmd_show, "ID [--format text|json]",
	  N_("show everything about one task"),
	  N_("  --format text|json   output format (default text)\n") },
	{ "submit", cmd_submit, "[--dept CODE] [--force]",
	  N_("declare a department's report for a period complete"),
	  N_("  --dept CODE       the department, when you belong to several\n"
	     "  --force           with --consolidated: send it even though some\n"
	     "                    departments have not submitted their report\n") },
	{ "todo", cmd_todo,
	  "[--dept CODE] [--today DATE] [--period P] [--format text|json]",
	  N_("what your department still has to do for the reporting period"),
	  N_("  --dept CODE       department CODE (default: your own departments;\n"
	     "                    all of them for root)\n"
	     "  --today DATE      as of DATE (DD/MM/YYYY or YYYY-MM-DD), ignoring\n"
	     "                    what was recorded after it (default: today)\n"
	     "  --period P        that reporting period (default: the one in\n"
	     "                    progress: the next departments' deadline)\n"
	     "  --format text|json\n"
	     "Lists the tasks you lead with no update since the period began,\n"
	     "those overdue, the indicator values missing, the tasks you\n"
	     "coordinate without a note, and your report: due when, sent or not.\n") },
	{ "update", cmd_update,
	  "ID [--dept CODE]",
	  N_("record how a task is going"),
	  N_("  ID                the task; without any option below, on a\n"
	     "                    terminal, your editor ($VISUAL, $EDITOR, else\n"
	     "                    editor or vi) opens on its current values\n"
	     "  --dept CODE       the department, when you belong to several\n") },
	{ "validate", cmd_validate, "[FILE...]",
	  N_("check plan (and state) files; print nothing but errors"),
	  N_("  FILE   plan files to check (default: the data directory: its plan.yaml\n"
	     "         and every department's state.yaml)\n") },
	{ "version", cmd_version, "", N_("print the version"), NULL },
	/* The text's own options (--commune, --text) come from the
	 * schema's table too. */
	{ "write", cmd_write, "PERIOD SECTION [--dept CODE] [--file FILE] [-]",
	  N_("write a section of the report in your own words (I, III, IV, V)"),
	  N_("  PERIOD            a reporting period of the plan (h1, annual)\n"
	     "  SECTION           direction (I), highlights (III.1), shortcomings\n"
	     "                    (III.2), causes (III.3), outlook (IV) or\n"
	     "                    proposals (V); the report's words work too\n"
	     "                    (\"III.1\", \"kết quả nổi bật\", \"ket qua noi bat\")\n"
	     "  --dept CODE       the department, when you belong to several\n"
	     "  --file FILE       the text from FILE (paragraphs separated by an\n"
	     "                    empty line)\n"
	     "  -                 the text from standard input; without -, --file\n"
	     "                    or --text, on a terminal, your editor ($VISUAL,\n"
	     "                    $EDITOR) opens on the section's current text\n") },
};
const size_t cli_n_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The global options. '+': stop at the command name, whose options are
 * its own; ':': report a missing argument apart from an unknown option. */
#define GLOBAL_SHORTOPTS "+:d:hV"
static const struct option global_opts[] = {
	{ "color", optional_argument, NULL, 'C' },
	{ "data", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "lang", required_argument, NULL, 'L' },
	{ "no-snapshot", no_argument, NULL, 'S' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Messages, even one about a global option, are in the language that
 * --lang or the data directory's setting names: a first quiet pass over
 * the global options finds both before anything is said. */
static void find_language(int argc, char **argv, const char *datadir)
{
	const char *lang = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, GLOBAL_SHORTOPTS, global_opts,
				NULL)) != -1) {
		if (c == 'L')
			lang = optarg;
		else if (c == 'd')
			datadir = optarg;
	}
	optind = 0;	/* glibc: reinitialise getopt for the real pass */
	i18n_init(lang, datadir);
}

int main(int argc, char **argv)
{
	static char help_name[] = "help", version_name[] = "version";
	static char *help_argv[] = { help_name, NULL };
	static char *version_argv[] = { version_name, NULL };
	struct cli_ctx ctx = { 0 };
	const struct cli_command *cmd;
	const char *env;
	int c, first, status;

	/* Before anything else: an installed plantrack is setgid (priv.h). */
	if ((status = priv_init()))
		return status;
	mem_init();
	env = getenv("PLANTRACK_DATA");
	ctx.datadir = env && *env ? env : PT_DEFAULT_DATA;
	find_language(argc, argv, ctx.datadir);
	ctx.out = stdout;
	ctx.out_is_tty = isatty(STDOUT_FILENO);
	ctx.term_width = ctx.out_is_tty ? terminal_width() : 0;
	ctx.color = color_decide(COLOR_AUTO, ctx.out_is_tty, getenv("NO_COLOR"));
	ctx.no_snapshot = snapshot_disabled_by_env();

	opterr = 0;
	while ((c = getopt_long(argc, argv, GLOBAL_SHORTOPTS, global_opts,
				NULL)) != -1) {
		switch (c) {
		case 'C': {
			enum color_when when;

			if (color_parse_when(optarg, &when))
				return cli_usage_error(NULL, _("--color=%s: say "
						       "--color=auto, always or "
						       "never"), optarg);
			ctx.color = color_decide(when, ctx.out_is_tty,
						 getenv("NO_COLOR"));
			break;
		}
		case 'd':
			if (!*optarg)
				return cli_usage_error(NULL, _("--data needs a "
							       "directory"));
			ctx.datadir = optarg;
			break;
		case 'L':
			if (!i18n_lang_name(optarg))
				return cli_usage_error(NULL, _("--lang %s: say "
						       "--lang vi or --lang en"),
						       optarg);
			break;
		case 'S':
			ctx.no_snapshot = 1;
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
		return cli_usage_error(NULL, _("no command given"));
	cmd = cli_command_find(argv[optind]);
	if (!cmd)
		return cli_usage_error(NULL, _("'%s' is not a plantrack command "
					       "(see 'plantrack help')"),
				       argv[optind]);
	err_set_command(cmd->name);
	if ((status = priv_use_datadir(ctx.datadir)))
		return status;
	first = optind;
	optind = 0;	/* glibc: reinitialise getopt for the command */
	status = cmd->fn(argc - first, argv + first, &ctx);
	/* The output delivered first: releasing may settle the snapshot
	 * (snapshot_settle), which the reader need not wait for. */
	status = cli_finish_output(status);
	cli_release(&ctx);
	return status;
}
