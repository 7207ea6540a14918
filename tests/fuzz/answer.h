/* answer.h: what a command said, for the harnesses that compare the
 * answers of read commands (fuzz_snapshot.c, fuzz_memo.c).
 *
 * Included after cmdseq.h, whose data directory the commands run on.
 * Every failure to set up is cmdseq_fail's.
 */
#ifndef PLANTRACK_FUZZ_ANSWER_H
#define PLANTRACK_FUZZ_ANSWER_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One run: its exit status, standard output and standard error. */
struct answer {
	int status;
	char *out, *err;
	size_t out_len, err_len;
};

/* The bytes of path (NULL when it cannot be read); caller frees. */
static char *answer_slurp(const char *path, size_t *len)
{
	char *buf = NULL;

	*len = 0;
	if (store_read_file(path, 1u << 30, &buf, len, 1))
		return NULL;
	return buf;
}

/* path made buf[0..len) exactly. */
static void answer_spit(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f))
		cmdseq_fail("answer.h: cannot write a file of the data directory");
}

/* Sets seq's argv to args (NULL-terminated). */
static void answer_args(struct cmdseq *seq, const char *const *args)
{
	seq->argc = 0;
	for (; *args; args++)
		add_arg(seq, *args);
	for (int i = 0; i < seq->argc; i++)
		seq->argv[i] = seq->arg[i].buf;
	seq->argv[seq->argc] = NULL;
}

/* Runs args on seq's data directory with a context of its own, as main
 * would (the snapshot allowed or not), standard error through err_path. */
static void answer_run(struct cmdseq *seq, const char *const *args,
		       bool no_snapshot, const char *err_path,
		       struct answer *a)
{
	struct cli_ctx ctx;
	const struct cli_command *c;
	FILE *out;
	int fd, saved;

	answer_args(seq, args);
	c = cli_command_find(seq->argv[0]);
	memset(a, 0, sizeof(*a));
	memset(&ctx, 0, sizeof(ctx));
	ctx.datadir = seq->dir;
	ctx.no_snapshot = no_snapshot;
	out = open_memstream(&a->out, &a->out_len);
	fflush(stderr);
	fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved = dup(STDERR_FILENO);
	if (!c || !out || fd < 0 || saved < 0 || dup2(fd, STDERR_FILENO) < 0)
		cmdseq_fail("answer.h: cannot run a command");
	close(fd);
	ctx.out = out;
	optind = 0;
	a->status = c->fn(seq->argc, seq->argv, &ctx);
	cli_release(&ctx);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fclose(out);
	a->err = answer_slurp(err_path, &a->err_len);
}

static void answer_free(struct answer *a)
{
	free(a->out);
	free(a->err);
	memset(a, 0, sizeof(*a));
}

static bool answer_same(const struct answer *a, const struct answer *b)
{
	return a->status == b->status && a->out_len == b->out_len &&
	       !memcmp(a->out, b->out, a->out_len) &&
	       a->err_len == b->err_len &&
	       (!a->err_len || !memcmp(a->err, b->err, a->err_len));
}

/* Records args with seq's own context (the YAML), quietly; then the clock
 * moves an hour on. */
static void answer_record(struct cmdseq *seq, const char *const *args)
{
	const struct cli_command *c;

	answer_args(seq, args);
	c = cli_command_find(seq->argv[0]);
	optind = 0;
	quiet(seq);
	if (!c || c->fn(seq->argc, seq->argv, &seq->ctx))
		cmdseq_fail("answer.h: cannot record the entries");
	loud(seq);
	cmdseq_clock += 3600;
}

#define RECORD(seq, ...) \
	answer_record(seq, (const char *const[]){ __VA_ARGS__, NULL })

/* A new sequence (calloc'd; cmdseq_close and free it), its data
 * directory made as root at 2026-05-05 in the commune's zone, the
 * snapshot allowed; err_path (err_size bytes) names the file its runs'
 * standard error goes to. */
static struct cmdseq *answer_open(char *err_path, size_t err_size)
{
	struct cmdseq *seq;

	/* cmdseq.h's sequences are fuzz_state's. */
	(void)cmdseq_step;
	(void)cmdseq_begin;
	seq = calloc(1, sizeof(*seq));
	if (!seq)
		abort();
	cmdseq_uid = 0;
	cmdseq_clock = 1778000000;	/* 2026-05-05 */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	unsetenv("PLANTRACK_NO_SNAPSHOT");
	cmdseq_open(seq);
	snprintf(err_path, err_size, "%s/stderr", seq->top);
	return seq;
}

#endif
