/* cmdseq.h: bytes into a sequence of plantrack commands, each checked.
 *
 * The proof that no sequence of plantrack commands can write a file
 * plantrack refuses (issue 9): the bytes choose commands (update,
 * indicator set, submit, write, the readers), their options, the department,
 * the user (root, who acts for every department, or one who acts for
 * none) and hostile text (C0 and C1 controls, CR and LF in every mix,
 * bidi overrides, invalid UTF-8, text just under and over the limit,
 * empty strings, decomposed letters, YAML's special words), and move the
 * clock (forward, or back within the allowed skew). The real cmd_*
 * functions run them on a data directory. After each command:
 *   - the exit status is one a person may meet (0, 64, 77; 66 for a
 *     text file that cannot be read), never 65, 70 or 74;
 *   - a command that failed changed no file, one that succeeded at most
 *     its own department's;
 *   - every department's file loads (state_load_all, strict), and
 *     emitting what was parsed gives back the same bytes.
 * A failure calls cmdseq_fail, which the includer defines (cmocka's
 * fail_msg, or abort for libFuzzer), after printing what happened.
 *
 * Two drivers include it: tests/unit/test_random_writes.c (bytes from a
 * PRNG, in `make check`) and tests/fuzz/fuzz_state.c (bytes from
 * libFuzzer). Both link with
 *   -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync
 * and this file defines the wrappers: the user and the clock are the
 * sequence's, and fsync costs nothing (durability is test_store's and
 * the system tests' business).
 */
#ifndef PLANTRACK_CMDSEQ_H
#define PLANTRACK_CMDSEQ_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/cli.h"
#include "plantrack/commands.h"
#include "plantrack/err.h"
#include "plantrack/plan.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"

#ifndef PT_SRCDIR
#define PT_SRCDIR "."
#endif

/* ---- the seams ---- */

uid_t __wrap_getuid(void);
time_t __wrap_time(time_t *t);
int __wrap_fsync(int fd);

static uid_t cmdseq_uid;
static time_t cmdseq_clock;

uid_t __wrap_getuid(void)
{
	return cmdseq_uid;
}

time_t __wrap_time(time_t *t)
{
	if (t)
		*t = cmdseq_clock;
	return cmdseq_clock;
}

int __wrap_fsync(int fd)
{
	(void)fd;
	return 0;
}

/* The command table (main.c's is in main.o, with main): the commands
 * the sequences run, sorted by name for cli_command_find. */
const struct cli_command cli_commands[] = {
	{ "check", cmd_check, "", "", NULL },
	{ "history", cmd_history, "", "", NULL },
	{ "indicator", cmd_indicator, "", "", NULL },
	{ "indicators", cmd_indicators, "", "", NULL },
	{ "init", cmd_init, "", "", NULL },
	{ "list", cmd_list, "", "", NULL },
	{ "report", cmd_report, "", "", NULL },
	{ "show", cmd_show, "", "", NULL },
	{ "submit", cmd_submit, "", "", NULL },
	{ "todo", cmd_todo, "", "", NULL },
	{ "update", cmd_update, "", "", NULL },
	{ "validate", cmd_validate, "", "", NULL },
	{ "write", cmd_write, "", "", NULL },
};
const size_t cli_n_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

/* Defined by the includer: reports and stops. */
static void cmdseq_fail(const char *why);

#define CMDSEQ_ARGS 40
#define CMDSEQ_FILES 5

struct cmdseq {
	char top[PATH_MAX];		/* a temporary directory */
	char dir[PATH_MAX + 8];		/* the data directory, TOP/d */
	char files[CMDSEQ_FILES][PATH_MAX + 16];	/* texts for --FIELD-file */
	struct cli_ctx ctx;
	FILE *devnull;
	int saved_stderr;		/* while commands talk to /dev/null */
	const uint8_t *p;		/* the input left */
	size_t n;
	struct strbuf arg[CMDSEQ_ARGS];
	char *argv[CMDSEQ_ARGS + 1];
	int argc;
	struct strbuf log;		/* the commands so far, for failures */
	time_t max_clock;		/* the clock never goes back further */
	unsigned long commands, written;
	unsigned long sections;		/* files written by write */
};

/* ---- reading the input ---- */

/* A number below n from the next byte (0 once the input is used up). */
static unsigned take(struct cmdseq *s, unsigned n)
{
	unsigned v = 0;

	if (s->n) {
		v = *s->p++;
		s->n--;
	}
	return n ? v % n : 0;
}

static struct strbuf *add_arg(struct cmdseq *s, const char *text)
{
	struct strbuf *sb = &s->arg[s->argc];

	if (s->argc >= CMDSEQ_ARGS)
		cmdseq_fail("cmdseq: too many arguments");
	strbuf_reset(sb);
	if (text)
		strbuf_addstr(sb, text);
	s->argc++;
	return sb;
}

static void add_args(struct cmdseq *s, const char *a, const char *b)
{
	add_arg(s, a);
	if (b)
		add_arg(s, b);
}

static const char *pick(struct cmdseq *s, const char *const *words, size_t n)
{
	return words[take(s, (unsigned)n)];
}

#define PICK(s, words) pick((s), (words), sizeof(words) / sizeof((words)[0]))

/* Text as people paste it, and worse, for a field of at most max bytes.
 * The first CLEAN pieces are acceptable (after CRLF and NFC); the rest
 * are not. */
#define CLEAN 62
static void gen_text(struct cmdseq *s, struct strbuf *sb, size_t max)
{
	static const char *const pieces[] = {
		"Đã rà soát 12 thủ tục", "kiến nghị, đề xuất", "Việt Khê",
		" ", "  ", "\t", "\n", "\r", "\r\n", "\r\r\n", "\n\r",
		"\"", "'", "\\", "\\n", ": ", "#", " #", "- ", "? ", "{", "}",
		"[", "]", "&a", "*a", "!tag", "|", ">", "%", "@", "`", "...",
		"---", "yes", "null", "~", "2026-01-01", "100", "true",
		"\xe2\x80\x8e", "\xe2\x80\x8f",		/* marks: allowed */
		"e\xcc\x82", "Vie\xcc\xa3\xcc\x82t",	/* decomposed: NFC */
		"\xef\xbb\xbf", "\xe2\x80\xa8", "\xe2\x80\xa9",
		"\xef\xbf\xbe", "\xef\xbf\xbf", "\xc2\xa0",
		"\xf0\x9f\x98\x80", "\xe2\x80\xa6", "\xe2\x80\x9c\xe2\x80\x9d",
		"x", "abc",
		/* Refused: C0 but tab and newline, DEL, C1, bidi controls,
		 * invalid UTF-8. */
		"\x01", "\x07", "\x1b[31m", "\x7f",
		"\xc2\x80", "\xc2\x85", "\xc2\x93", "\xc2\x94", "\xc2\x9f",
		"\xe2\x80\xaa", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9",
		"\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	};
	size_t target, k, n = sizeof(pieces) / sizeof(pieces[0]);

	strbuf_reset(sb);
	switch (take(s, 20)) {
	case 0:
	case 1:
		break;	/* "": clears */
	case 2:
		/* Around the limit, on either side. */
		target = max - 12 + take(s, 24);
		while (sb->len < target)
			strbuf_addstr(sb, take(s, 2) ? "ệ" : "a b ");
		while (sb->len > target)
			sb->buf[--sb->len] = '\0';
		break;
	case 3:
		/* Far over it. */
		while (sb->len < 5 * max)
			strbuf_addstr(sb, "Đã rà soát ");
		break;
	case 4:
	case 5:
		/* Hostile. */
		for (k = 1 + take(s, 8); k > 0; k--)
			strbuf_addstr(sb, pieces[take(s, (unsigned)n)]);
		break;
	default:
		/* Odd but acceptable: most texts should be recorded. */
		for (k = 1 + take(s, 8); k > 0; k--)
			strbuf_addstr(sb, pieces[take(s, CLEAN)]);
		break;
	}
}

/* A text option: --NAME TEXT, or --NAME-file FILE holding TEXT (file:
 * the option for a file instead, write's --file). */
static void text_option_max(struct cmdseq *s, const char *name,
			    const char *file, unsigned slot, size_t max)
{
	struct strbuf text = STRBUF_INIT, *a;
	FILE *f;

	gen_text(s, &text, max);
	a = add_arg(s, NULL);
	strbuf_addf(a, "--%s", name);
	if (take(s, 4) || slot >= CMDSEQ_FILES) {
		/* argv cannot hold a NUL: the text ends there. */
		add_arg(s, text.buf);
	} else {
		strbuf_reset(a);
		if (file)
			strbuf_addf(a, "--%s", file);
		else
			strbuf_addf(a, "--%s-file", name);
		f = fopen(s->files[slot], "wb");
		if (!f || fwrite(text.buf, 1, text.len, f) != text.len ||
		    fclose(f))
			cmdseq_fail("cmdseq: cannot write a text file");
		add_arg(s, s->files[slot]);
	}
	strbuf_release(&text);
}

static void text_option(struct cmdseq *s, const char *name, unsigned slot)
{
	text_option_max(s, name, NULL, slot, 16u << 10);
}

static void dept_option(struct cmdseq *s)
{
	static const char *const depts[] = {
		"KT", "HCC", "VHXH", "DVC", "kt", "Phòng Kinh tế", "XYZ",
	};

	if (!take(s, 3))
		add_args(s, "--dept", PICK(s, depts));
}

static const char *period_word(struct cmdseq *s)
{
	static const char *const periods[] = { "h1", "annual", "H1", "q9" };

	return PICK(s, periods);
}

static void gen_update(struct cmdseq *s)
{
	static const char *const statuses[] = {
		"not_started", "in_progress", "done", "in_progress", "done",
		"Đang thực hiện", "dang thuc hien", "HOÀN THÀNH",
		"Đã hoàn thành", "Chưa thực hiện", "in_progress", "done",
		"in_progress", "done", "finished", "",
	};
	static const char *const progress[] = {
		"0", "1", "40", "99", "100", "50", "75", "10", "20", "30",
		"60", "80", "90", "-1", "101", "5x",
	};
	static const char *const texts[] = {
		"result", "difficulty", "proposal",
	};
	const struct plan *p = s->ctx.plan;
	const struct plan_task *t = &p->tasks[take(s, (unsigned)p->n_tasks)];
	struct strbuf *a;
	unsigned i, opts = take(s, 32);

	/* Status and progress together, now and then: they may clash. */
	if ((opts & 3) == 3 && take(s, 4))
		opts &= ~(unsigned)(take(s, 2) ? 1 : 2);
	add_arg(s, "update");
	switch (take(s, 8)) {
	case 0:
		add_arg(s, "IX.9");
		break;
	case 1:
		a = add_arg(s, t->id);
		for (char *c = a->buf; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		break;
	default:
		add_arg(s, t->id);
		break;
	}
	if (opts & 1)
		add_args(s, "--status", PICK(s, statuses));
	if (opts & 2) {
		if (take(s, 3)) {
			add_args(s, "--progress", PICK(s, progress));
		} else {
			a = add_arg(s, NULL);
			strbuf_addf(a, "--progress=%u", take(s, 101));
		}
	}
	for (i = 0; i < 3; i++)
		if (opts & (4u << i))
			text_option(s, texts[i], i);
	dept_option(s);
	if (!take(s, 32))
		add_arg(s, "--colour");
}

static void gen_indicator(struct cmdseq *s)
{
	static const char *const numbers[] = { "1", "2", "3", "4", "9", "x" };
	static const char *const values[] = {
		"98,5", "98.5", "100", "0", "80", "0.1", "97,25", "12",
		"101", "-1", "abc", "1e3", "1000000", "nan", "",
	};

	add_args(s, "indicator", "set");
	add_arg(s, PICK(s, numbers));
	if (take(s, 8))
		add_args(s, "--period", period_word(s));
	if (take(s, 8))
		add_args(s, "--value", PICK(s, values));
	if (take(s, 2))
		text_option(s, "note", 3);
	dept_option(s);
}

static void gen_submit(struct cmdseq *s)
{
	static const char *const depts[] = { "KT", "HCC", "VHXH", "DVC" };

	add_arg(s, "submit");
	/* Root acts for every department: it must say which. */
	if (take(s, 4))
		add_args(s, "--dept", PICK(s, depts));
	if (take(s, 8))
		add_args(s, "--period", period_word(s));
	if (!take(s, 3))
		add_arg(s, "--consolidated");
	/* Without it, a consolidated report with departments missing is
	 * refused: most sequences have some. */
	if (take(s, 4))
		add_arg(s, "--force");
	if (!take(s, 3))
		add_arg(s, "--withdraw");
	if (!take(s, 4))
		dept_option(s);
}

/* A section's text. Always with a text: without one, on a terminal,
 * write would open an editor. */
static void gen_write(struct cmdseq *s)
{
	static const char *const depts[] = { "KT", "HCC", "VHXH", "DVC" };
	static const char *const sections[] = {
		"direction", "highlights", "shortcomings", "causes",
		"outlook", "proposals", "I", "III.1", "iii.2", "Nguyên nhân",
		"phuong huong", "V", "II", "summary", "",
	};

	add_arg(s, "write");
	add_arg(s, period_word(s));
	add_arg(s, PICK(s, sections));
	if (!take(s, 3))
		add_arg(s, "--commune");
	text_option_max(s, "text", take(s, 2) ? "file" : NULL, 4,
			32u << 10);
	/* Now and then a second text: one too many. */
	if (!take(s, 16))
		add_args(s, "--text", "x");
	/* Root acts for every department: it must mostly say which. */
	if (take(s, 4))
		add_args(s, "--dept", PICK(s, depts));
	else
		dept_option(s);
}

/* A reader: the same files, every renderer. */
static void gen_read(struct cmdseq *s)
{
	static const char *const reports[] = {
		"text", "md", "csv", "json", "html",
	};
	static const char *const tables[] = {
		"tasks", "sections", "proposals",
	};
	const struct plan *p = s->ctx.plan;

	switch (take(s, 8)) {
	case 0:
		add_arg(s, "list");
		if (take(s, 2))
			add_args(s, "--format", "json");
		break;
	case 7:
		add_args(s, "todo", "--dept");
		add_arg(s, take(s, 2) ? "KT" : "HCC");
		add_args(s, "--today", take(s, 2) ? "2026-05-20" :
			 "2026-11-20");
		if (take(s, 2))
			add_args(s, "--format", "json");
		break;
	case 1:
		add_args(s, "show", p->tasks[take(s, (unsigned)p->n_tasks)].id);
		if (take(s, 2))
			add_args(s, "--format", "json");
		break;
	case 2:
		add_args(s, "report", take(s, 2) ? "h1" : "annual");
		add_args(s, "--format", PICK(s, reports));
		if (!strcmp(s->arg[s->argc - 1].buf, "csv"))
			add_args(s, "--table", PICK(s, tables));
		else if (take(s, 2))
			add_args(s, "--dept", take(s, 2) ? "KT" : "HCC");
		/* A day that is over, or not yet: kept by the report
		 * cache (memo.h) or not. */
		if (!take(s, 3))
			add_args(s, "--as-of", take(s, 2) ? "2026-05-20" :
				 "2026-11-15");
		break;
	case 3:
		add_arg(s, "history");
		if (take(s, 2))
			add_args(s, "--format", "json");
		break;
	case 4:
		add_arg(s, "check");
		/* Or the clock's day: its output is kept for that day. */
		if (take(s, 4)) {
			add_arg(s, "--today");
			add_arg(s, take(s, 2) ? "2026-05-20" : "2026-11-20");
		}
		if (take(s, 2))
			add_args(s, "--format", "json");
		break;
	case 5:
		add_arg(s, "validate");
		break;
	default:
		add_args(s, "indicators", NULL);
		break;
	}
}

/* ---- running and checking ---- */

/* Standard error to /dev/null while a command runs (usage errors and
 * refusals are what most commands end in), and back. */
static void quiet(struct cmdseq *s)
{
	fflush(stderr);
	s->saved_stderr = dup(STDERR_FILENO);
	if (s->saved_stderr < 0 ||
	    dup2(fileno(s->devnull), STDERR_FILENO) < 0)
		cmdseq_fail("cmdseq: cannot redirect standard error");
}

static void loud(struct cmdseq *s)
{
	fflush(stderr);
	if (s->saved_stderr >= 0) {
		dup2(s->saved_stderr, STDERR_FILENO);
		close(s->saved_stderr);
		s->saved_stderr = -1;
	}
}

static void cmdseq_failf(struct cmdseq *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void cmdseq_failf(struct cmdseq *s, const char *fmt, ...)
{
	struct strbuf why = STRBUF_INIT;
	va_list ap;

	loud(s);
	va_start(ap, fmt);
	strbuf_vaddf(&why, fmt, ap);
	va_end(ap);
	fprintf(stderr, "cmdseq: %s\ncommands so far (data in %s, kept):\n%s",
		why.buf, s->dir, s->log.buf);
	strbuf_release(&why);
	cmdseq_fail("cmdseq: a sequence failed (see above)");
}

/* Every department's file, as bytes (NULL: none yet). */
static void snapshot(struct cmdseq *s, char **bytes, size_t *len)
{
	const struct plan *p = s->ctx.plan;
	char path[PATH_MAX + 64];
	int st;

	for (size_t i = 0; i < p->n_depts; i++) {
		snprintf(path, sizeof(path), "%s/departments/%s/state.yaml",
			 s->dir, p->depts[i].code);
		bytes[i] = NULL;
		len[i] = 0;
		st = store_read_file(path, YR_MAX_FILE_SIZE + 1, &bytes[i],
				     &len[i], 1);
		if (st && !(st == EX_NOINPUT && errno == ENOENT))
			cmdseq_failf(s, "cannot read %s back", path);
	}
}

static int same_file(const char *a, size_t al, const char *b, size_t bl)
{
	return (!a && !b) || (a && b && al == bl && !memcmp(a, b, al));
}

/* The strict load of everything, and emit(parse(file)) == file. */
static void check_files(struct cmdseq *s, char **bytes, size_t *len)
{
	const struct plan *p = s->ctx.plan;
	struct state *st = NULL, *one = NULL;
	char *out = NULL;
	size_t outlen;
	int status;

	status = state_load_all(s->dir, p, 0, s->devnull, &st);
	state_free(st);
	if (status)
		cmdseq_failf(s, "a written file does not load (%d)", status);
	for (size_t i = 0; i < p->n_depts; i++) {
		if (!bytes[i])
			continue;
		if (state_parse("again", bytes[i], len[i], p, p->depts[i].code,
				cmdseq_clock, s->devnull, &one) ||
		    state_emit(one, p->depts[i].code, &out, &outlen))
			cmdseq_failf(s, "%s: no round trip", p->depts[i].code);
		if (!same_file(out, outlen, bytes[i], len[i]))
			cmdseq_failf(s, "%s: emit(parse(file)) is not the file",
				     p->depts[i].code);
		free(out);
		out = NULL;
		state_free(one);
		one = NULL;
	}
}

static int run_command(struct cmdseq *s)
{
	const struct cli_command *c = cli_command_find(s->argv[0]);
	int status;

	if (!c)
		cmdseq_failf(s, "no command %s", s->argv[0]);
	optind = 0;	/* glibc: a fresh getopt for every command */
	quiet(s);
	status = c->fn(s->argc, s->argv, &s->ctx);
	loud(s);
	fflush(s->devnull);
	return status;
}

static void log_command(struct cmdseq *s, int status)
{
	strbuf_addf(&s->log, "  [uid %u, %ld] plantrack", (unsigned)cmdseq_uid,
		    (long)cmdseq_clock);
	for (int i = 0; i < s->argc; i++) {
		const struct strbuf *a = &s->arg[i];

		strbuf_addch(&s->log, ' ');
		if (a->len > 60)
			strbuf_addf(&s->log, "'%.40s...'(%zu bytes)", a->buf,
				    a->len);
		else
			strbuf_addf(&s->log, "'%s'", a->buf);
	}
	strbuf_addf(&s->log, " -> %d\n", status);
}

/* One command from the input; 0 when the input is used up. */
static int cmdseq_step(struct cmdseq *s)
{
	const struct plan *p = s->ctx.plan;
	char *before[16], *after[16];
	size_t blen[16], alen[16], changed = 0, i;
	unsigned what;
	int status, writes = 1;

	if (!s->n)
		return 0;
	if (p->n_depts > 16)
		cmdseq_failf(s, "too many departments for cmdseq");
	s->argc = 0;
	cmdseq_uid = take(s, 8) ? 0 : 4242;
	what = take(s, 18);
	if (what < 7) {
		gen_update(s);
	} else if (what < 9) {
		gen_indicator(s);
	} else if (what < 11) {
		gen_submit(s);
	} else if (what < 13) {
		gen_write(s);
	} else if (what < 16) {
		gen_read(s);
		writes = 0;
	} else {
		/* The clock: on by minutes to weeks, or back by at most the
		 * skew the loader allows (an NTP step). */
		if (take(s, 4))
			cmdseq_clock += (time_t)(1 + take(s, 255)) *
					(take(s, 2) ? 60 : 86400);
		else
			cmdseq_clock -= (time_t)(take(s, 256) * 4);
		if (cmdseq_clock > s->max_clock)
			s->max_clock = cmdseq_clock;
		if (cmdseq_clock < s->max_clock - STATE_CLOCK_SKEW)
			cmdseq_clock = s->max_clock - STATE_CLOCK_SKEW;
		return 1;
	}
	for (i = 0; i < (size_t)s->argc; i++)
		s->argv[i] = s->arg[i].buf;
	s->argv[s->argc] = NULL;

	snapshot(s, before, blen);
	status = run_command(s);
	log_command(s, status);
	s->commands++;
	snapshot(s, after, alen);
	for (i = 0; i < p->n_depts; i++)
		changed += !same_file(before[i], blen[i], after[i], alen[i]);
	if (writes) {
		if (status != 0 && status != EX_USAGE && status != EX_NOPERM &&
		    status != EX_NOINPUT)
			cmdseq_failf(s, "a write exited %d", status);
		if (status && changed)
			cmdseq_failf(s, "a failed write changed a file");
		if (changed > 1)
			cmdseq_failf(s, "one write changed %zu files", changed);
		s->written += changed;
		if (!strcmp(s->argv[0], "write"))
			s->sections += changed;
	} else {
		/* check says 1 and 2 for what it found. */
		if (status != 0 && status != EX_USAGE &&
		    !(status < 3 && !strcmp(s->argv[0], "check")))
			cmdseq_failf(s, "a read exited %d", status);
		if (changed)
			cmdseq_failf(s, "a read changed a file");
	}
	/* Unchanged files were checked when they were written. */
	if (changed)
		check_files(s, after, alen);
	for (i = 0; i < p->n_depts; i++) {
		free(before[i]);
		free(after[i]);
	}
	return 1;
}

/* ---- set-up ---- */

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A data directory from the bundled plan, below TMPDIR. */
static void cmdseq_open(struct cmdseq *s)
{
	static char init[] = "init", plan_opt[] = "--plan";
	static char plan_path[] = PT_SRCDIR "/data/plan.yaml";
	char *argv[] = { init, plan_opt, plan_path, NULL };
	const char *tmp = getenv("TMPDIR");
	char top[PATH_MAX];
	struct stat sb;
	int n;

	/* Memory, not a disk, when nothing says otherwise: rename over a
	 * file makes ext4 flush it, and thousands of them add up. */
	if ((!tmp || !*tmp) && !stat("/dev/shm", &sb) && S_ISDIR(sb.st_mode) &&
	    !access("/dev/shm", W_OK))
		tmp = "/dev/shm";
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < CMDSEQ_ARGS; i++)
		strbuf_init(&s->arg[i], 0);
	strbuf_init(&s->log, 0);
	s->saved_stderr = -1;
	s->devnull = fopen("/dev/null", "w");
	n = snprintf(s->top, sizeof(s->top), "%s/pt-cmdseq-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (!s->devnull || n < 0 || (size_t)n >= sizeof(s->top) - 16 ||
	    !mkdtemp(s->top))
		cmdseq_fail("cmdseq: cannot make a data directory");
	/* From a copy: gcc -O1 cannot tell the fields of *s apart. */
	memcpy(top, s->top, sizeof(top));
	for (int i = 0; i < CMDSEQ_FILES; i++)
		snprintf(s->files[i], sizeof(s->files[i]), "%s/text%d", top, i);
	snprintf(s->dir, sizeof(s->dir), "%s/d", top);
	s->ctx.datadir = s->dir;
	s->ctx.out = s->devnull;
	/* The YAML itself: test_snapshot_equiv compares it with the
	 * snapshot. */
	s->ctx.no_snapshot = 1;
	/* Warnings about Unix groups that do not exist: not the test's. */
	optind = 0;
	quiet(s);
	n = cmd_init(3, argv, &s->ctx) || cli_load_plan(&s->ctx);
	loud(s);
	if (n)
		cmdseq_failf(s, "cannot make the data directory %s", s->dir);
}

/* Starts a sequence over the input: no records yet, the clock at
 * start. */
static void cmdseq_begin(struct cmdseq *s, const uint8_t *data, size_t size,
			 time_t start)
{
	const struct plan *p = s->ctx.plan;
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < p->n_depts; i++) {
		snprintf(path, sizeof(path), "%s/departments/%s/state.yaml",
			 s->dir, p->depts[i].code);
		if (unlink(path) && errno != ENOENT)
			cmdseq_failf(s, "cannot remove %s", path);
	}
	s->p = data;
	s->n = size;
	cmdseq_clock = s->max_clock = start;
	strbuf_reset(&s->log);
}

static void cmdseq_close(struct cmdseq *s)
{
	loud(s);
	nftw(s->top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	cli_release(&s->ctx);
	for (size_t i = 0; i < CMDSEQ_ARGS; i++)
		strbuf_release(&s->arg[i]);
	strbuf_release(&s->log);
	if (s->devnull)
		fclose(s->devnull);
	s->devnull = NULL;
}

#endif
