/* driver.c: runs a fuzz harness over files, without libFuzzer.
 *
 * `make fuzz-regress` links each harness with this instead of
 * -fsanitize=fuzzer, so that every input a fuzzer once found bad is run
 * by `make check` with gcc, ASan+UBSan and valgrind like any test. A
 * harness reports a bug by crashing (abort, a sanitizer), so this only
 * reads files and calls it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Reads all of path into a malloc'd buffer of exactly its size (no NUL
 * after it: ASan must see a read past the end). */
static int slurp(const char *path, unsigned char **out, size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	int ret = -1;

	if (!f)
		goto out;
	for (;;) {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				goto out;
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		goto out;
	/* Shrink to fit, so that one byte past the input is out of bounds. */
	nb = malloc(len ? len : 1);
	if (!nb)
		goto out;
	if (len)
		memcpy(nb, buf, len);
	*out = nb;
	*outlen = len;
	ret = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned char *buf;
	size_t len;
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		if (slurp(argv[i], &buf, &len)) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i],
				strerror(errno));
			status = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return status;
}
