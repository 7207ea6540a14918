/* floor.c: the benchmark's floor. Reads DIR/plan.yaml and every
 * DIR/departments/CODE/state.yaml into memory, as plantrack does, and
 * runs libyaml's event parser over them, and nothing else: no schema, no
 * UTF-8 or NFC check, no model, no output. No command that reads the
 * same files can be faster by more than its own work, so the ratio of a
 * command's time to this one is the cost of that work.
 *
 *   floor DIR      prints the number of events
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

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
			cap = cap ? 2 * cap : 1 << 20;
			nb = realloc(buf, cap);
			if (!nb)
				goto out;
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (!n)
			break;
	}
	if (ferror(f))
		goto out;
	*out = buf;
	*outlen = len;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return ret;
}

/* Events in path, or -1 after a message. */
static long parse(const char *path)
{
	yaml_parser_t p;
	yaml_event_t ev;
	unsigned char *buf = NULL;
	size_t len;
	long n = -1, count = 0;
	int done = 0, have_parser = 0;

	if (slurp(path, &buf, &len)) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (!yaml_parser_initialize(&p))
		goto out;
	have_parser = 1;
	yaml_parser_set_input_string(&p, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "floor: %s: %s\n", path,
				p.problem ? p.problem : "error");
			goto out;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		count++;
	}
	n = count;
out:
	if (have_parser)
		yaml_parser_delete(&p);
	free(buf);
	return n;
}

static int join(char *buf, size_t size, const char *a, const char *b,
		const char *c)
{
	int n = snprintf(buf, size, "%s%s%s", a, b, c);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int main(int argc, char **argv)
{
	char path[4096], sub[4096];
	struct dirent *de;
	DIR *d = NULL;
	long n, total = 0;
	int status = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: floor DIR\n");
		status = 2;
		goto out;
	}
	if (join(path, sizeof(path), argv[1], "/plan.yaml", ""))
		goto out;
	n = parse(path);
	if (n < 0)
		goto out;
	total += n;
	if (join(sub, sizeof(sub), argv[1], "/departments", ""))
		goto out;
	d = opendir(sub);
	if (!d) {
		fprintf(stderr, "floor: %s: %s\n", sub, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (join(path, sizeof(path), sub, "/", de->d_name) ||
		    join(path + strlen(path), sizeof(path) - strlen(path),
			 "/state.yaml", "", ""))
			goto out;
		n = parse(path);
		if (n < 0)
			goto out;
		total += n;
	}
	printf("%ld events\n", total);
	status = 0;
out:
	if (d)
		closedir(d);
	return status;
}
