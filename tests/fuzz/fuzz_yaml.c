/* fuzz_yaml.c: libFuzzer harness for yamlread's two readers.
 *
 * Any input is read twice, by libyaml and by the fast scanner where it
 * takes the file (yamlfast.h); every field of every event and every
 * message must be the same. A difference aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plantrack/yamlread.h"
#include "fuzz.h"

/* Every event and the messages, as one malloc'd text. */
static char *trace(const uint8_t *data, size_t size, int fast)
{
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *f = open_memstream(&out, &outlen);
	struct yr_reader *r;
	struct yr_event ev;
	int n, ret;

	if (!f)
		abort();
	yr_set_fast(fast);
	r = yr_open_mem("f.yaml", (const char *)data, size, f);
	if (!r)
		abort();
	for (n = 0; n < 1000000; n++) {
		ret = yr_next(r, &ev);
		fprintf(f, "%d %d %d %lu:%lu %zu-%zu ok%d len%zu ", ret,
			(int)ev.type, (int)ev.style, ev.line, ev.col, ev.at,
			ev.end, ev.text_ok, ev.len);
		if (ev.type == YR_SCALAR && ev.value)
			for (i = 0; i < ev.len; i++)
				fprintf(f, "%02x", (unsigned char)ev.value[i]);
		fputc('\n', f);
		if (ret || ev.type == YR_DOC_END)
			break;
	}
	yr_close(r);
	if (fclose(f))
		abort();
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *slow = trace(data, size, 0), *fast = trace(data, size, 1);

	if (strcmp(slow, fast) != 0) {
		fprintf(stderr, "fuzz_yaml: the readers differ\n-- libyaml:\n"
			"%s-- fast:\n%s", slow, fast);
		abort();
	}
	free(slow);
	free(fast);
	return 0;
}
