/* cmd_complete.c: the hidden command behind shell completion
 * (completion/plantrack.bash):
 *
 *   plantrack [-d DIR] __complete commands
 *   plantrack [-d DIR] __complete options [COMMAND]
 *   plantrack [-d DIR] __complete values COMMAND OPTION
 *   plantrack [-d DIR] __complete args COMMAND N
 *   plantrack [-d DIR] __complete tasks|depts|periods|groups|indicators
 *
 * one word per line. Options and arguments come from the command table's
 * synopses and help texts, and for the commands that record, the options
 * of their fields and the values those take from the schema's table
 * (schema.h); ids come from the plan of the data directory. So a new
 * command, option, field, task or department completes without touching
 * the script. Commands whose names start with '_' are never listed.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/schema.h"
#include "plantrack/state.h"
#include "plantrack/strbuf.h"

/* Global options, as main.c parses them and 'plantrack help' lists them:
 * one with an argument is followed by its name. */
static const char *const global_options[] = {
	"--color", "--data DIR", "--help", "--lang LANG", "--no-snapshot",
	"--version",
};

static void print_commands(FILE *f)
{
	for (size_t i = 0; i < cli_n_commands; i++)
		if (cli_commands[i].name[0] != '_')
			fprintf(f, "%s\n", cli_commands[i].name);
}

/* The length of an option's argument at s: a word in capitals ("CODE",
 * "FILE") or a choice ("text|json"); in a synopsis, where an option and
 * its argument always go together, also a single literal ("ics"). 0 when
 * s is none: help texts go on in prose after an option ("--wide    never
 * cut ..."). */
static size_t metavar_len(const char *s, int synopsis)
{
	size_t n = strcspn(s, " ]\n");

	if (!n || !(isupper((unsigned char)s[0]) || memchr(s, '|', n) ||
		    (synopsis && islower((unsigned char)s[0]))))
		n = 0;
	return n;
}

struct opt {
	char name[32];
	char arg[32];	/* "" when it takes none */
};

/* Adds the options mentioned in text ("--dept CODE", "[--wide]") to
 * opts[0..*n), the first mention of each winning: read the synopsis
 * first. */
static void scan_options(const char *text, int synopsis, struct opt *opts,
			 size_t *n, size_t max)
{
	const char *p = text;

	while (p && (p = strchr(p, '-')) != NULL) {
		size_t len;
		size_t alen = 0, k;
		int known = 0;

		/* "--long" or "-x" (one letter), starting a word. */
		if (p[1] == '-')
			len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-") + 2;
		else
			len = isalpha((unsigned char)p[1]) &&
			      strchr(" ]\n", p[2]) ? 2 : 1;
		if (len == 1 || (p[1] == '-' && len == 2) ||
		    (p > text && !strchr(" [\n", p[-1]))) {
			p += len;
			continue;
		}
		if (p[len] == ' ')
			alen = metavar_len(p + len + 1, synopsis);
		for (k = 0; k < *n; k++)
			if (strlen(opts[k].name) == len &&
			    !strncmp(opts[k].name, p, len))
				known = 1;
		if (!known && *n < max && len < sizeof(opts[0].name) &&
		    alen < sizeof(opts[0].arg)) {
			memcpy(opts[*n].name, p, len);
			opts[*n].name[len] = '\0';
			memcpy(opts[*n].arg, p + len + 1, alen);
			opts[*n].arg[alen] = '\0';
			(*n)++;
		}
		p += len;
	}
}

#define MAX_OPTS 32

static size_t command_options(const struct cli_command *c, struct opt *opts)
{
	struct schema_option so[SCHEMA_MAX_OPTIONS];
	size_t n = 0, ns, i;

	scan_options(c->synopsis, 1, opts, &n, MAX_OPTS);
	if (c->help)
		scan_options(c->help, 0, opts, &n, MAX_OPTS);
	ns = schema_command_options(c->name, so);
	for (i = 0; i < ns && n < MAX_OPTS; i++) {
		const char *arg = so[i].arg ? so[i].arg : "";
		size_t k;

		if (strlen(so[i].name) >= sizeof(opts[n].name) ||
		    strlen(arg) >= sizeof(opts[n].arg))
			continue;
		/* Once, even when the help mentions it, with the table's
		 * argument: prose names an option without one. */
		for (k = 0; k < n && strcmp(opts[k].name, so[i].name) != 0; k++)
			;
		if (k < n) {
			memcpy(opts[k].arg, arg, strlen(arg) + 1);
			continue;
		}
		memcpy(opts[n].name, so[i].name, strlen(so[i].name) + 1);
		memcpy(opts[n].arg, arg, strlen(arg) + 1);
		n++;
	}
	return n;
}

static void print_options(FILE *f, const struct cli_command *c)
{
	struct opt opts[MAX_OPTS];
	size_t n;

	if (!c) {
		for (size_t i = 0; i < sizeof(global_options) /
		     sizeof(global_options[0]); i++)
			fprintf(f, "%s\n", global_options[i]);
	}
	n = c ? command_options(c, opts) : 0;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s%s\n", opts[i].name, *opts[i].arg ? " " : "",
			opts[i].arg);
}

static int print_ids(FILE *f, struct cli_ctx *ctx, const char *what)
{
	const struct plan *p;
	int status;

	if ((status = cli_load_plan(ctx)))
		goto out;
	p = ctx->plan;
	if (!strcmp(what, "tasks"))
		for (size_t i = 0; i < p->n_tasks; i++)
			fprintf(f, "%s\n", p->tasks[i].id);
	else if (!strcmp(what, "depts"))
		for (size_t i = 0; i < p->n_depts; i++)
			fprintf(f, "%s\n", p->depts[i].code);
	else if (!strcmp(what, "periods"))
		for (size_t i = 0; i < p->n_periods; i++)
			fprintf(f, "%s\n", p->periods[i].id);
	else if (!strcmp(what, "groups"))
		for (size_t i = 0; i < p->n_groups; i++)
			fprintf(f, "%s\n", p->groups[i].id);
	else if (!strcmp(what, "indicators"))
		for (size_t i = 0; i < p->n_indicators; i++)
			fprintf(f, "%d\n", p->indicators[i].number);
out:
	return status;
}

/* The values a field option takes, from its row: an enum's names, the
 * plan's ids. 1 if option is a field option of c, else 0. */
static int field_values(FILE *f, struct cli_ctx *ctx,
			const struct cli_command *c, const char *option,
			int *status)
{
	struct schema_option so[SCHEMA_MAX_OPTIONS];
	size_t n = c ? schema_command_options(c->name, so) : 0, i;
	const struct schema_field *fl = NULL;

	for (i = 0; !fl && i < n; i++)
		if (!strcmp(so[i].name, option) && !so[i].from_file)
			fl = so[i].field;
	if (!fl)
		return 0;
	switch (fl->kind) {
	case SCHEMA_ENUM:
		for (i = 0; i < fl->values->n; i++)
			fprintf(f, "%s\n", fl->values->names[i]);
		break;
	case SCHEMA_PERIOD:
		*status = print_ids(f, ctx, "periods");
		break;
	case SCHEMA_TASK:
		*status = print_ids(f, ctx, "tasks");
		break;
	case SCHEMA_INDICATOR:
		*status = print_ids(f, ctx, "indicators");
		break;
	default:
		break;
	}
	return 1;
}

/* What an option's argument can be: the choices (or the one literal) its
 * synopsis lists, or the plan's ids it names. */
static int print_values(FILE *f, struct cli_ctx *ctx,
			const struct cli_command *c, const char *option)
{
	struct opt opts[MAX_OPTS];
	const char *arg = NULL;
	size_t n;
	int status = 0;

	if (!strcmp(option, "--color")) {
		fputs("auto\nalways\nnever\n", f);
		goto out;
	}
	if (!strcmp(option, "--lang")) {
		fputs("vi\nen\n", f);
		goto out;
	}
	if (field_values(f, ctx, c, option, &status))
		goto out;
	n = c ? command_options(c, opts) : 0;
	for (size_t i = 0; !arg && i < n; i++)
		if (!strcmp(opts[i].name, option))
			arg = opts[i].arg;
	if (!arg || !*arg)
		goto out;
	if (strchr(arg, '|') || islower((unsigned char)arg[0])) {
		for (const char *p = arg; *p; p++)
			fputc(*p == '|' ? '\n' : *p, f);
		fputc('\n', f);
	} else if (!strcmp(option, "--dept")) {
		status = print_ids(f, ctx, "depts");
	} else if (!strcmp(option, "--period")) {
		status = print_ids(f, ctx, "periods");
	} else if (!strcmp(option, "--group")) {
		status = print_ids(f, ctx, "groups");
	} else if (!strcmp(option, "--status")) {
		/* list --status: the words update's --status takes. */
		const struct schema_field *fl =
			schema_field(schema_type_of(ENTRY_TASK), "status");

		for (size_t i = 0; i < fl->values->n; i++)
			fprintf(f, "%s\n", fl->values->names[i]);
	}
out:
	return status;
}

/* The n-th (0-based) word that is not an option in the synopsis
 * ("ID", "set", "FILE..."), after the options and their arguments are
 * taken out; a last word ending in "..." repeats. */
static int synopsis_word(const struct cli_command *c, long n,
			 struct strbuf *out)
{
	struct opt opts[MAX_OPTS];
	struct strbuf word = STRBUF_INIT, last = STRBUF_INIT;
	const char *p = c->synopsis;
	size_t nopts = command_options(c, opts);
	int skip_arg = 0, found = 0;
	long k = 0;

	while (!found && *p) {
		size_t len;

		p += strspn(p, " [");
		len = strcspn(p, " ]");
		strbuf_reset(&word);
		strbuf_add(&word, p, len);
		p += len;
		p += strspn(p, "]");
		if (!word.len)
			continue;
		if (skip_arg) {
			skip_arg = 0;
			continue;
		}
		if (word.buf[0] == '-') {
			for (size_t i = 0; i < nopts; i++)
				if (!strcmp(opts[i].name, word.buf))
					skip_arg = !!*opts[i].arg;
			continue;
		}
		strbuf_reset(&last);
		strbuf_addstr(&last, word.buf);
		if (k++ == n)
			found = 1;
	}
	if (!found && last.len > 3 &&
	    !strcmp(last.buf + last.len - 3, "..."))
		found = 1;
	if (found)
		strbuf_addstr(out, last.buf);
	strbuf_release(&word);
	strbuf_release(&last);
	return found;
}

/* Completions of the n-th argument: a literal word as is, ids for the
 * metavariables that name them, "@file" for files (the script lists
 * them itself). */
static int print_args(FILE *f, struct cli_ctx *ctx,
		      const struct cli_command *c, long n)
{
	struct strbuf w = STRBUF_INIT;
	int status = 0;

	if (!c || !synopsis_word(c, n, &w))
		goto out;
	if (!strcmp(w.buf, "ID"))
		status = print_ids(f, ctx, "tasks");
	else if (!strcmp(w.buf, "PERIOD"))
		status = print_ids(f, ctx, "periods");
	else if (!strcmp(w.buf, "NUMBER"))
		status = print_ids(f, ctx, "indicators");
	else if (!strcmp(w.buf, "SECTION"))
		for (int s = 0; s < N_SECTIONS; s++)
			fprintf(f, "%s\n", section_name((enum section_id)s));
	else if (!strcmp(w.buf, "COMMAND"))
		print_commands(f);
	else if (!strncmp(w.buf, "FILE", 4))
		fputs("@file\n", f);
	else if (islower((unsigned char)w.buf[0]))
		fprintf(f, "%s\n", w.buf);
out:
	strbuf_release(&w);
	return status;
}

int cmd_complete(int argc, char **argv, struct cli_ctx *ctx)
{
	const char *what = argc > 1 ? argv[1] : "";
	const struct cli_command *c = argc > 2 ? cli_command_find(argv[2]) : NULL;
	char *end;
	long n;
	int status = 0;

	if (!strcmp(what, "commands")) {
		print_commands(ctx->out);
	} else if (!strcmp(what, "options")) {
		/* A word that is no command has no options, not the global
		 * ones. */
		if (c || argc <= 2)
			print_options(ctx->out, c);
	} else if (!strcmp(what, "values") && argc > 3) {
		status = print_values(ctx->out, ctx, c, argv[3]);
	} else if (!strcmp(what, "args") && argc > 3) {
		n = strtol(argv[3], &end, 10);
		if (!*argv[3] || *end || n < 0)
			status = cli_usage_error("__complete", _("'%s' is not "
						 "an argument position"),
						 argv[3]);
		else
			status = print_args(ctx->out, ctx, c, n);
	} else if (!strcmp(what, "tasks") || !strcmp(what, "depts") ||
		   !strcmp(what, "periods") || !strcmp(what, "groups") ||
		   !strcmp(what, "indicators")) {
		status = print_ids(ctx->out, ctx, what);
	} else {
		status = cli_usage_error("__complete", _("'%s' is not "
					 "something to complete (commands, "
					 "options, values, args, tasks, depts, "
					 "periods, groups, indicators)"), what);
	}
	return status;
}
