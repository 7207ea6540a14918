// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync -Wl,--wrap=clock_gettime
/* fuzz_memo.c: libFuzzer harness for the report cache (memo.h):
 * arbitrary bytes as a kept report, DATA/snapshot/report-FORMAT, or as
 * check's kept output and status, report-check.
 *
 * The data directory is made once (the bundled plan, a few entries
 * recorded by the real commands, tests/fuzz/cmdseq.h, a minute old so
 * that reports are kept), the answers of three reads are taken from the
 * YAML alone, and each is kept once. Then the first byte of an
 * input says what the kept file of one of them is:
 *
 *   0  the rest of the input, as it is;
 *   1  the report as it was kept, with the rest of the input as changes:
 *      (offset: 3 bytes, a byte to xor) each.
 *
 * Either way the report must be exactly the YAML's (output, messages,
 * exit status): a damaged file is never given, and whatever it holds,
 * reading it never crashes, hangs or touches memory it should not (ASan,
 * UBSan, valgrind in `make fuzz-regress`). FUZZ_MEMO_SIZES=1 prints the
 * kept files' sizes, for seeds that change a byte where one wants.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/memo.h"
#include "plantrack/snapshot.h"
#include "fuzz.h"

#include "cmdseq.h"

static void cmdseq_fail(const char *why)
{
	fprintf(stderr, "%s\n", why);
	abort();
}

#include "../unit/clock_ahead.h"
#include "answer.h"

static const char *const reads[][8] = {
	{ "report", "annual", "--as-of", "2026-11-15", "--format", "json",
	  NULL },
	{ "report", "h1", "--format", "text", NULL },
	/* Kept with its exit status, which a damaged file must not
	 * change. */
	{ "check", "--today", "2026-05-20", NULL },
};
static const char *const slots[] = {
	"report-json", "report-text", "report-check",
};
#define N_READS (sizeof(reads) / sizeof(reads[0]))

static struct cmdseq *seq;
static struct answer yaml[N_READS];
static char *kept[N_READS];	/* each report's file as it was kept */
static size_t kept_len[N_READS];
static char kept_path[N_READS][PATH_MAX + 32], err_path[PATH_MAX + 32];

static void close_seq(void)
{
	for (size_t k = 0; k < N_READS; k++) {
		answer_free(&yaml[k]);
		free(kept[k]);
	}
	cmdseq_close(seq);
	free(seq);
}

static void setup(void)
{
	struct answer a;
	unsigned long served;

	if (seq)
		return;
	/* Files written a minute ago: known by their stat alone, so that
	 * reports are kept. */
	clock_ahead = 60;
	unsetenv("PLANTRACK_NO_REPORT_CACHE");
	seq = answer_open(err_path, sizeof(err_path));
	atexit(close_seq);
	RECORD(seq, "update", "II.3", "--status", "in_progress", "--progress", "40",
	       "--result", "Đã rà soát 12 thủ tục", "--difficulty", "Thiếu người");
	RECORD(seq, "indicator", "set", "1", "--period", "h1", "--value", "98,5",
	       "--note", "Hệ thống một cửa");
	RECORD(seq, "submit", "--dept", "HCC", "--period", "h1");
	/* After the departments' deadlines: h1 without --as-of is kept. */
	cmdseq_clock = 1796083200;	/* 2026-12-01 */
	for (size_t k = 0; k < N_READS; k++) {
		answer_run(seq, reads[k], true, err_path, &yaml[k]);
		/* Saves the image, keeps the report, gives it. */
		for (int i = 0; i < 3; i++) {
			served = memo_served();
			answer_run(seq, reads[k], false, err_path, &a);
			if (!answer_same(&a, &yaml[k]))
				cmdseq_fail("fuzz_memo: a warm report differs");
			answer_free(&a);
		}
		snprintf(kept_path[k], sizeof(kept_path[k]),
			 "%s/" SNAPSHOT_DIR "/%s", seq->dir, slots[k]);
		kept[k] = answer_slurp(kept_path[k], &kept_len[k]);
		if (getenv("FUZZ_MEMO_SIZES"))
			fprintf(stderr, "%s: %zu bytes\n", slots[k], kept_len[k]);
		if (!kept[k] || memo_served() == served) {
			fprintf(stderr, "fuzz_memo: %s was not kept and given\n",
				slots[k]);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct answer a;
	char *buf;
	size_t len, k;
	unsigned mode;

	setup();
	if (size < 2)
		return 0;
	mode = data[0] % 2;
	k = data[1] % N_READS;
	data += 2;
	size -= 2;
	if (mode == 0) {
		len = size;
		buf = malloc(len ? len : 1);
		if (!buf)
			abort();
		if (len)
			memcpy(buf, data, len);
	} else {
		len = kept_len[k];
		buf = malloc(len);
		if (!buf)
			abort();
		memcpy(buf, kept[k], len);
		for (size_t i = 0; i + 4 <= size; i += 4)
			buf[((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 |
			     data[i + 2]) % len] ^= (char)data[i + 3];
	}
	answer_spit(kept_path[k], buf, len);
	answer_run(seq, reads[k], false, err_path, &a);
	if (!answer_same(&a, &yaml[k])) {
		fprintf(stderr, "fuzz_memo: '%s %s' answered otherwise with a "
			"damaged kept report (mode %u):\n%d\n%.*s\n%.*s\n",
			reads[k][0], reads[k][1], mode, a.status,
			(int)(a.out_len > 2000 ? 2000 : a.out_len), a.out,
			(int)a.err_len, a.err ? a.err : "");
		abort();
	}
	answer_free(&a);
	free(buf);
	return 0;
}
