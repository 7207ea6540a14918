// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync
/* test_random_writes.c: thousands of random command sequences with
 * hostile text, each command followed by a full load (tests/fuzz/cmdseq.h
 * says what is checked): no sequence of plantrack commands may write a
 * file plantrack refuses.
 *
 * The sequences come from a fixed seed, so a failure is reproducible;
 * PT_SEED=N explores others, PT_SEQUENCES=N runs more or fewer (fewer
 * by default under valgrind, where $PT_WRAPPER is set).
 */
#include "testutil.h"

#include "../fuzz/cmdseq.h"

static void cmdseq_fail(const char *why)
{
	fail_msg("%s", why);
}

/* Thousands; half under the sanitizers, which are slower and look for
 * other things. */
#ifdef __SANITIZE_ADDRESS__
#define SEQUENCES 1000
#else
#define SEQUENCES 2000
#endif

static uint64_t rng;

/* xorshift64*: the same numbers on every machine. */
static uint64_t next(void)
{
	return test_xorshift(&rng);
}

static unsigned long env_number(const char *name, unsigned long dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end)
		fail_msg("%s=%s is not a number", name, v);
	return n;
}

static int setup(void **state)
{
	struct cmdseq *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	test_locale();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	cmdseq_uid = 0;
	cmdseq_clock = 1767225600;	/* 2026-01-01 */
	cmdseq_open(s);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct cmdseq *s = *state;

	cmdseq_close(s);
	free(s);
	return 0;
}

static void test_random_sequences(void **state)
{
	struct cmdseq *s = *state;
	unsigned long seed = env_number("PT_SEED", 20260108);
	unsigned long n = env_number("PT_SEQUENCES",
				     getenv("PT_WRAPPER") ? 60 : SEQUENCES);
	uint8_t bytes[600];
	unsigned long seq, sequences = 0;
	size_t len, i;

	rng = seed * 2654435761u + 1;
	for (seq = 0; seq < n; seq++) {
		len = 40 + next() % (sizeof(bytes) - 40);
		for (i = 0; i < len; i++)
			bytes[i] = (uint8_t)(next() >> 56);
		/* Somewhere in the plan's year, so that periods matter. */
		cmdseq_begin(s, bytes, len,
			     (time_t)(1767225600 + next() % (300 * 86400)));
		while (cmdseq_step(s))
			;
		sequences++;
	}
	print_message("random writes: seed %lu, %lu sequences, %lu commands, "
		      "%lu files written (%lu by write), every one loaded\n",
		      seed, sequences, s->commands, s->written, s->sections);
	/* A test that wrote nothing would prove nothing. */
	assert_true(s->written > n);
	assert_true(s->sections > n / 8);
	assert_true(s->commands > 4 * n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_random_sequences, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
