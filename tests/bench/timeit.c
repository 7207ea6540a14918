/* timeit.c: the benchmark's stopwatch. Runs a command once, its output
 * and errors to /dev/null, and appends its wall time to FILE and its CPU
 * time to FILE.cpu; exits with the command's status.
 *
 *   timeit FILE CMD [ARG...]
 *
 * FILE gets one line, the wall time in microseconds from just before the
 * command is spawned to just after it is reaped; FILE.cpu one line, "U S",
 * its user and system time in seconds (wait4's rusage). The command is
 * started with posix_spawn (glibc: a vfork-like clone, the caller's pages
 * shared, not copied), so the time is the command's own: timed from a
 * bash that had forked itself, an update of 4 ms took 8 to 10, the
 * copy of the benchmark's shell and its page tables included.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long usec(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000 + t->tv_nsec / 1000;
}

static int append(const char *path, const char *suffix, const char *line)
{
	char name[4096];
	FILE *f;
	int ret = 0;

	if (snprintf(name, sizeof(name), "%s%s", path, suffix) >=
	    (int)sizeof(name)) {
		fprintf(stderr, "timeit: %s%s: name too long\n", path, suffix);
		return -1;
	}
	f = fopen(name, "a");
	if (!f || fputs(line, f) == EOF)
		ret = -1;
	if (f && fclose(f) != 0)
		ret = -1;
	if (ret)
		fprintf(stderr, "timeit: %s: %s\n", name, strerror(errno));
	return ret;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	char line[64];
	pid_t pid;
	int st, err;

	if (argc < 3) {
		fputs("usage: timeit FILE CMD [ARG...]\n", stderr);
		return 64;
	}
	if (posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
					     0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, 1, 2) != 0) {
		fputs("timeit: out of memory\n", stderr);
		return 71;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ);
	if (err) {
		fprintf(stderr, "timeit: %s: %s\n", argv[2], strerror(err));
		return 127;
	}
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: wait4: %s\n", strerror(errno));
			return 71;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	posix_spawn_file_actions_destroy(&fa);
	snprintf(line, sizeof(line), "%lld\n", usec(&t1) - usec(&t0));
	if (append(argv[1], "", line))
		return 74;
	snprintf(line, sizeof(line), "%ld.%06ld %ld.%06ld\n",
		 (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
		 (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
	if (append(argv[1], ".cpu", line))
		return 74;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
