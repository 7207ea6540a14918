// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync
/* fuzz_state.c: libFuzzer harness for the state loader (state_parse) and
 * for everything that writes state files.
 *
 * An input that starts with "CMDS\n" is a command sequence: the rest of
 * its bytes choose plantrack commands with hostile text, run by the real
 * cmd_* functions on a data directory, each followed by a full load and
 * the round trip below (tests/fuzz/cmdseq.h, the same interpreter the
 * randomised unit test drives): no sequence may write a file plantrack
 * refuses.
 *
 * Any other input is a state file of department HCC, checked against
 * the real plan (data/plan.yaml, loaded once). A file that parses must
 * also fold, and must survive the round trip plantrack itself makes on
 * every update: emit it, parse that back, emit again, and get the same
 * bytes (state_emit must write nothing state_parse refuses or reads
 * differently).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plantrack/err.h"
#include "plantrack/plan.h"
#include "plantrack/plan_load.h"
#include "plantrack/state.h"
#include "fuzz.h"

#include "cmdseq.h"

static void cmdseq_fail(const char *why)
{
	fprintf(stderr, "%s\n", why);
	abort();
}

#ifndef PT_SRCDIR
#define PT_SRCDIR "."
#endif
#define DEPT "HCC"
/* The clock for state_parse: later than any instant a file can name. */
#define FUZZ_NOW ((time_t)1 << 40)

static FILE *devnull;
static struct plan *plan;

/* The plan lives until exit: loading 22 KB of YAML per input would
 * dominate the run. It stays reachable, so leak checkers are content. */
static void setup(void)
{
	if (!plan) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
		err_stream = devnull;
		if (plan_load(PT_SRCDIR "/data/plan.yaml", stderr, &plan)) {
			fprintf(stderr, "fuzz_state: cannot load "
				"%s/data/plan.yaml\n", PT_SRCDIR);
			abort();
		}
	}
}

static void round_trip(const struct state *st)
{
	struct state *again = NULL;
	char *buf1 = NULL, *buf2 = NULL;
	size_t len1, len2;

	if (state_emit(st, DEPT, &buf1, &len1))
		goto out;	/* out of memory: nothing to compare */
	if (state_parse("emitted.yaml", buf1, len1, plan, DEPT, FUZZ_NOW,
			stderr, &again)) {
		fprintf(stderr, "fuzz_state: state_emit wrote a file "
			"state_parse refuses:\n%.*s\n", (int)len1, buf1);
		abort();
	}
	if (again->n != st->n || state_emit(again, DEPT, &buf2, &len2))
		abort();
	if (len1 != len2 || memcmp(buf1, buf2, len1) != 0) {
		fprintf(stderr, "fuzz_state: emit/parse/emit differs:\n"
			"%.*s\n----\n%.*s\n", (int)len1, buf1, (int)len2, buf2);
		abort();
	}
out:
	free(buf1);
	free(buf2);
	state_free(again);
}

#define CMDS "CMDS\n"

/* One data directory for the whole run: each input starts it afresh.
 * It stays reachable until exit, like the plan. */
static struct cmdseq *seq;

/* The temporary data directory goes when the process does. */
static void close_seq(void)
{
	cmdseq_close(seq);
}

static void run_commands(const uint8_t *data, size_t size)
{
	if (!seq) {
		seq = calloc(1, sizeof(*seq));
		if (!seq)
			abort();
		cmdseq_clock = 1772323200;	/* 2026-03-01 */
		cmdseq_open(seq);
		atexit(close_seq);
	}
	/* A clock somewhere in the plan's year, from the first byte. */
	cmdseq_begin(seq, data, size,
		     (time_t)1767225600 + (time_t)(size ? data[0] : 0) * 86400);
	while (cmdseq_step(seq))
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state *st = NULL;
	struct fold f;

	if (size >= sizeof(CMDS) - 1 && !memcmp(data, CMDS, sizeof(CMDS) - 1)) {
		run_commands(data + sizeof(CMDS) - 1,
			     size - (sizeof(CMDS) - 1));
		return 0;
	}
	setup();
	if (state_parse("fuzz.yaml", (const char *)data, size, plan, DEPT,
			FUZZ_NOW, devnull, &st)) {
		if (st)
			abort();	/* an error must leave *out NULL */
		goto out;
	}
	if (!st)
		abort();
	/* Later than any instant a file can name (year 9999 and its offset). */
	memset(&f, 0, sizeof(f));
	if (!state_fold(st, plan, (time_t)1 << 40, &f))
		fold_release(&f);
	round_trip(st);
out:
	state_free(st);
	return 0;
}
