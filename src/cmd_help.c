/* cmd_help.c: help and version. */
#include <getopt.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/schema.h"
#include "plantrack/utf8.h"

static void overview(FILE *f)
{
	fprintf(f, "%s\n\n", _("plantrack: track the commune's plan for "
			       "Resolution 02/NQ-CP"));
	cli_print_usage(f, NULL);
	fputs("\n", f);
	for (size_t i = 0; i < cli_n_commands; i++) {
		if (cli_commands[i].name[0] == '_')	/* internal */
			continue;
		fputs("  ", f);
		utf8_put_padded(f, cli_commands[i].name, 12);
		fprintf(f, "%s\n", _(cli_commands[i].summary));
	}
	fputs("\n", f);
	fprintf(f, _("global options:\n"
		     "  --color[=WHEN]   colour: auto (on a terminal, unless "
		     "NO_COLOR is set),\n"
		     "                   always (also a bare --color) or never\n"
		     "  -d, --data DIR   data directory (default $PLANTRACK_DATA, "
		     "else %s)\n"
		     "  --lang LANG      language of the messages: vi (the "
		     "default) or en\n"
		     "  --no-snapshot    read the YAML files, not the derived "
		     "snapshot\n"
		     "  -h, --help       show this help\n"
		     "  -V, --version    print the version\n"), PT_DEFAULT_DATA);
	fputs("\n", f);
	fputs(_("'plantrack help COMMAND' shows a command's options; "
		"'man plantrack' has everything.\n"), f);
}

int cmd_help(int argc, char **argv, struct cli_ctx *ctx)
{
	const struct cli_command *c;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		return cli_usage_error("help", _("unknown option '%s'"), argv[1]);
	if (argc > 2)
		return cli_usage_error("help", _("unexpected argument '%s'"),
				       argv[2]);
	if (argc < 2) {
		overview(ctx->out);
		return 0;
	}
	c = cli_command_find(argv[1]);
	if (!c)
		return cli_usage_error("help", _("'%s' is not a plantrack command "
						 "(see 'plantrack help' for the "
						 "list)"), argv[1]);
	cli_print_usage(ctx->out, c->name);
	fprintf(ctx->out, "\n%s\n", _(c->summary));
	if (c->help || schema_type_of_command(c->name)) {
		/* TRANSLATORS: the heading of a command's options in its help. */
		fprintf(ctx->out, "\n%s\n%s", _("options:"), c->help ? _(c->help) : "");
		/* The options of the fields it records (schema.h). */
		schema_print_help(ctx->out, c->name);
	}
	return 0;
}

int cmd_version(int argc, char **argv, struct cli_ctx *ctx)
{
	if (argc > 1)
		return cli_usage_error("version", _("unexpected argument '%s'"),
				       argv[1]);
	fputs("plantrack " PT_VERSION "\n", ctx->out);
	return 0;
}
