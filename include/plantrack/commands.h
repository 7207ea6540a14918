/* commands.h: every cmd_* (after git's builtin.h). Each parses its own
 * options from argv (argv[0] is the command name) and returns the exit
 * status. */
#ifndef PLANTRACK_COMMANDS_H
#define PLANTRACK_COMMANDS_H

#include "plantrack/cli.h"

int cmd_check(int argc, char **argv, struct cli_ctx *ctx);
int cmd_complete(int argc, char **argv, struct cli_ctx *ctx);
int cmd_export(int argc, char **argv, struct cli_ctx *ctx);
int cmd_help(int argc, char **argv, struct cli_ctx *ctx);
int cmd_history(int argc, char **argv, struct cli_ctx *ctx);
int cmd_indicator(int argc, char **argv, struct cli_ctx *ctx);
int cmd_indicators(int argc, char **argv, struct cli_ctx *ctx);
int cmd_init(int argc, char **argv, struct cli_ctx *ctx);
int cmd_list(int argc, char **argv, struct cli_ctx *ctx);
int cmd_report(int argc, char **argv, struct cli_ctx *ctx);
int cmd_show(int argc, char **argv, struct cli_ctx *ctx);
int cmd_submit(int argc, char **argv, struct cli_ctx *ctx);
int cmd_todo(int argc, char **argv, struct cli_ctx *ctx);
int cmd_update(int argc, char **argv, struct cli_ctx *ctx);
int cmd_validate(int argc, char **argv, struct cli_ctx *ctx);
int cmd_version(int argc, char **argv, struct cli_ctx *ctx);
int cmd_write(int argc, char **argv, struct cli_ctx *ctx);

#endif
