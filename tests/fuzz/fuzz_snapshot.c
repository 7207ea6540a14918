// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=time -Wl,--wrap=fsync
/* fuzz_snapshot.c: libFuzzer harness for the snapshot (snapshot.h):
 * arbitrary bytes as DATA/snapshot/image.
 *
 * The data directory is made once (the bundled plan, a few entries
 * recorded by the real commands, tests/fuzz/cmdseq.h), and the answers of
 * a set of read commands are taken from the YAML alone. Then the first
 * byte of an input says what the image is:
 *
 *   0  the rest of the input, as it is;
 *   1  the valid image of the data directory, with the rest of the input
 *      as changes: (offset: 2 bytes, a byte to xor) each;
 *   2  the same, then the checksum made right again, as someone who may
 *      write the snapshot could (the data directory's owner, who could as
 *      well edit the YAML).
 *
 * In modes 0 and 1 every command must give exactly the YAML's answer
 * (output, messages, exit status): a damaged image is never used. In mode
 * 2 the image may be used and say something else, but it must never make
 * a command crash, hang or touch memory it should not (ASan, UBSan,
 * valgrind in `make fuzz-regress`).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/snapshot.h"
#include "fuzz.h"

#include "cmdseq.h"

static void cmdseq_fail(const char *why)
{
	fprintf(stderr, "%s\n", why);
	abort();
}

#include "answer.h"

/* The reads whose answers are compared: every renderer of the model. */
static const char *const reads[][8] = {
	{ "list", NULL },
	{ "list", "--format", "json", NULL },
	{ "show", "II.3", NULL },
	{ "show", "I.1", "--format", "json", NULL },
	{ "history", NULL },
	{ "history", "--format", "json", NULL },
	{ "check", "--today", "2026-05-20", "--format", "json", NULL },
	{ "report", "h1", "--format", "json", NULL },
	{ "report", "annual", "--format", "text", NULL },
	{ "indicators", NULL },
};
#define N_READS (sizeof(reads) / sizeof(reads[0]))

static struct cmdseq *seq;
static struct answer yaml[N_READS];
static unsigned char *image;	/* the valid image */
static size_t image_len;
static char image_path[PATH_MAX + 32], err_path[PATH_MAX + 32];
static char plan_path[PATH_MAX + 32];

static void close_seq(void)
{
	for (size_t k = 0; k < N_READS; k++)
		answer_free(&yaml[k]);
	free(image);
	cmdseq_close(seq);
	free(seq);
}

static void setup(void)
{
	struct snapshot *snap = NULL;
	struct answer warm;

	if (seq)
		return;
	/* The image alone: in mode 2 a forged image may be used, and a
	 * report drawn from it would be kept by the report cache and given
	 * to later inputs, whose image is refused (fuzz_memo.c fuzzes the
	 * cache; a forger who may write the image may write it too). */
	setenv("PLANTRACK_NO_REPORT_CACHE", "1", 1);
	seq = answer_open(err_path, sizeof(err_path));
	atexit(close_seq);
	snprintf(image_path, sizeof(image_path), "%s/" SNAPSHOT_FILE, seq->dir);
	RECORD(seq, "update", "II.3", "--status", "in_progress", "--progress", "40",
	       "--result", "Đã rà soát 12 thủ tục", "--difficulty", "Thiếu người");
	RECORD(seq, "update", "I.1", "--dept", "VHXH", "--result", "Đã góp ý");
	RECORD(seq, "indicator", "set", "1", "--period", "h1", "--value", "98,5",
	       "--note", "Hệ thống một cửa");
	RECORD(seq, "submit", "--dept", "HCC", "--period", "h1");
	RECORD(seq, "update", "II.3", "--progress", "100", "--proposal", "Máy quét");
	for (size_t k = 0; k < N_READS; k++)
		answer_run(seq, reads[k], true, err_path, &yaml[k]);
	/* The image the commands save, and a check that it is used. */
	answer_run(seq, reads[0], false, err_path, &warm);
	answer_free(&warm);
	image = (unsigned char *)answer_slurp(image_path, &image_len);
	snprintf(plan_path, sizeof(plan_path), "%s/plan.yaml", seq->dir);
	if (!image || image_len < 64 ||
	    snapshot_open(seq->dir, plan_path, 0, &snap)) {
		fprintf(stderr, "fuzz_snapshot: no usable image was saved\n");
		abort();
	}
	snapshot_close(snap);
}

/* Under driver.c (`make fuzz-regress`) every input runs every command;
 * under libFuzzer, speed matters more. */
#ifdef PT_LIBFUZZER
static const bool regress = false;
#else
static const bool regress = true;
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot *snap = NULL;
	struct state *st = NULL;
	struct fold f;
	struct answer a;
	unsigned char *img;
	size_t len, i;
	unsigned mode;
	uint64_t h;
	int refused;

	setup();
	if (!size)
		return 0;
	mode = data[0] % 3;
	data++;
	size--;
	if (mode == 0) {
		len = size;
		img = malloc(len ? len : 1);
		if (!img)
			abort();
		if (len)
			memcpy(img, data, len);
	} else {
		len = image_len;
		img = malloc(len);
		if (!img)
			abort();
		memcpy(img, image, len);
		for (i = 0; i + 3 <= size; i += 3)
			img[((size_t)data[i] << 8 | data[i + 1]) % len] ^=
				data[i + 2];
		if (mode == 2) {
			uint64_t sum = snapshot_hash(img + 16, len - 16);

			memcpy(img + 8, &sum, sizeof(sum));
		}
	}
	answer_spit(image_path, img, len);
	/* With what the commands ask for decoded ahead: decoded from
	 * any bytes, then refused or handed over. */
	refused = snapshot_open(seq->dir, plan_path,
				SNAPSHOT_WANT_STATE | SNAPSHOT_WANT_FOLD, &snap);
	if (!refused && mode != 2 &&
	    (len != image_len || memcmp(img, image, len))) {
		fprintf(stderr, "fuzz_snapshot: a damaged image was used\n");
		abort();
	}
	/* The stored fold, bare and with the entries (mode 2's checksum
	 * passes, so whatever it says is read and must be bounded). */
	if (!refused && !snapshot_fold(snap, NULL, &f))
		fold_release(&f);
	if (!refused && !snapshot_state(snap, &st)) {
		memset(&f, 0, sizeof(f));
		if (!state_fold(st, snapshot_plan(snap), (time_t)1 << 40, &f))
			fold_release(&f);
		if (!snapshot_fold(snap, st, &f))
			fold_release(&f);
		state_free(st);
	}
	snapshot_close(snap);
	/* The commands: with an image that is used (whatever it says, they
	 * must not crash), and now and then with one that is not (they
	 * must answer as the YAML does; the first one saves a good image,
	 * so each gets the damaged one again). */
	h = snapshot_hash(data, size);
	if (refused && (mode == 2 || h % 16))
		goto out;
	/* One of them, or all for the inputs `make check` runs. */
	for (size_t k = regress ? 0 : h % N_READS; k < N_READS;
	     k = regress ? k + 1 : N_READS) {
		answer_spit(image_path, img, len);
		answer_run(seq, reads[k], false, err_path, &a);
		if (mode != 2 && !answer_same(&a, &yaml[k])) {
			fprintf(stderr, "fuzz_snapshot: '%s' answered "
				"otherwise with a damaged image (mode %u):\n"
				"%d\n%.*s\n%.*s\n----\n%d\n%.*s\n%.*s\n",
				reads[k][0], mode, a.status, (int)a.out_len,
				a.out, (int)a.err_len, a.err ? a.err : "",
				yaml[k].status, (int)yaml[k].out_len,
				yaml[k].out, (int)yaml[k].err_len,
				yaml[k].err ? yaml[k].err : "");
			abort();
		}
		answer_free(&a);
	}
out:
	free(img);
	return 0;
}
