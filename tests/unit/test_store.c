// LDFLAGS: -Wl,--wrap=fsync -Wl,--wrap=renameat -Wl,--wrap=write -Wl,--wrap=close -Wl,--wrap=flock
/* test_store.c: locks and atomic, durable writes (src/store.c).
 *
 * Failures are injected through link seams: the line above makes the
 * linker send store.o's calls of write, fsync, close and renameat to the
 * __wrap_* functions below, which fail the Nth call when a test asks;
 * flock's seam tells a test which file a waiting child is waiting on.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mount.h>
#endif

#include "testutil.h"

#include "plantrack/err.h"
#include "plantrack/store.h"

/* ---- link seams ---- */

enum seam { S_WRITE, S_FSYNC, S_CLOSE, S_RENAME, S_N };

static struct {
	int calls;		/* since the last seam_reset() */
	int fail_at;		/* 1-based call that fails; 0: none */
	int err;		/* its errno */
	int short_at;		/* write only: call that writes at most... */
	size_t short_max;	/* ...this many bytes */
} seams[S_N];

/* Order of the calls store.c made: W write, F fsync of a regular file,
 * D fsync of a directory, C close, R rename. */
static char seam_log[64];

static void seam_reset(void)
{
	memset(seams, 0, sizeof(seams));
	seam_log[0] = '\0';
}

static void seam_fail(enum seam s, int at, int err)
{
	seams[s].fail_at = at;
	seams[s].err = err;
}

static void seam_note(char c)
{
	size_t n = strlen(seam_log);

	/* Runs of writes are one step. */
	if (n + 1 < sizeof(seam_log) && !(c == 'W' && n && seam_log[n - 1] == 'W')) {
		seam_log[n] = c;
		seam_log[n + 1] = '\0';
	}
}

/* The errno the current call of s must fail with, or 0. */
static int seam_hit(enum seam s)
{
	seams[s].calls++;
	return seams[s].calls == seams[s].fail_at ? seams[s].err : 0;
}

ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_close(int fd);
int __wrap_close(int fd);
int __real_renameat(int fromfd, const char *from, int tofd, const char *to);
int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to);

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	int e = seam_hit(S_WRITE);

	seam_note('W');
	if (e) {
		errno = e;
		return -1;
	}
	if (seams[S_WRITE].calls == seams[S_WRITE].short_at &&
	    n > seams[S_WRITE].short_max)
		n = seams[S_WRITE].short_max;
	return __real_write(fd, buf, n);
}

int __wrap_fsync(int fd)
{
	struct stat st;
	int e = seam_hit(S_FSYNC);

	seam_note(!fstat(fd, &st) && S_ISDIR(st.st_mode) ? 'D' : 'F');
	if (e) {
		errno = e;
		return -1;
	}
	return __real_fsync(fd);
}

int __wrap_close(int fd)
{
	int e = seam_hit(S_CLOSE);

	seam_note('C');
	if (e) {
		/* As on Linux: the descriptor is gone even when close fails. */
		__real_close(fd);
		errno = e;
		return -1;
	}
	return __real_close(fd);
}

int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to)
{
	int e = seam_hit(S_RENAME);

	seam_note('R');
	if (e) {
		errno = e;
		return -1;
	}
	return __real_renameat(fromfd, from, tofd, to);
}

/* A child waiting for a lock writes the inode number of the file it
 * waits on to this descriptor, a line per failed attempt (-1: none). */
static int flock_notify = -1;

int __real_flock(int fd, int op);
int __wrap_flock(int fd, int op);

int __wrap_flock(int fd, int op)
{
	int r = __real_flock(fd, op), e = errno;
	struct stat st;
	char line[32];
	int n;

	if (r && e == EWOULDBLOCK && flock_notify >= 0 && !fstat(fd, &st)) {
		n = snprintf(line, sizeof(line), "%lu\n",
			     (unsigned long)st.st_ino);
		if (__real_write(flock_notify, line, (size_t)n) != n)
			_exit(123);
	}
	errno = e;
	return r;
}

/* ---- fixture: a fresh directory per test ---- */

struct fx {
	char dir[256];
	char path[320];		/* DIR/state.yaml */
	char mnt[320];		/* DIR/mnt, when a test mounts a tmpfs */
	int mounted;
	mode_t umask;
	struct capture cap;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "%s/pt-store-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/state.yaml", fx->dir);
	snprintf(fx->mnt, sizeof(fx->mnt), "%s/mnt", fx->dir);
	/* The usual umask, which would strip group write. */
	fx->umask = umask(022);
	unsetenv("PLANTRACK_LOCK_TIMEOUT");
	cap_open(&fx->cap);
	err_stream = fx->cap.f;
	seam_reset();
	*state = fx;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	seam_reset();
	store_reset_datadir();
	err_stream = NULL;
	cap_free(&fx->cap);
#ifdef __linux__
	if (fx->mounted && umount(fx->mnt))
		fprintf(stderr, "cannot unmount %s: %s\n", fx->mnt,
			strerror(errno));
#endif
	chmod(fx->dir, 0700);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	umask(fx->umask);
	unsetenv("PLANTRACK_LOCK_TIMEOUT");
	free(fx);
	return 0;
}

/* What error() and warning() printed so far. */
static const char *messages(struct fx *fx)
{
	assert_int_equal(fflush(fx->cap.f), 0);
	return fx->cap.buf ? fx->cap.buf : "";
}

/* Forgets what was printed so far. */
static void recapture(struct fx *fx)
{
	err_stream = NULL;
	cap_free(&fx->cap);
	cap_open(&fx->cap);
	err_stream = fx->cap.f;
}

static void put_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void assert_file_is(const char *path, const void *data, size_t len)
{
	char *buf = malloc(len + 2);
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(buf);
	assert_non_null(f);
	n = fread(buf, 1, len + 1, f);
	fclose(f);
	assert_int_equal(n, len);
	assert_memory_equal(buf, data, len);
	free(buf);
}

/* Entries of dir other than those named in keep (NULL-terminated). */
static int stray_entries(const char *dir, const char *const *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		const char *const *k;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (k = keep; *k && strcmp(*k, de->d_name); k++)
			;
		if (!*k) {
			print_message("stray entry %s/%s\n", dir, de->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

static const char *const only_state[] = { "state.yaml", NULL };

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Old content with a NUL and high bytes, so that any change shows. */
static const char old_data[] = "entries:\n  - id: KT-01\n\0\xe1\xba\xa1 old\n";
#define OLD_LEN (sizeof(old_data) - 1)
static const char new_data[] = "entries:\n  - id: KT-01\n    done: 100\n";
#define NEW_LEN (sizeof(new_data) - 1)

/* ---- store_write_file: success ---- */

static void write_creates_file_with_mode(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_file_is(fx->path, new_data, NEW_LEN);
	assert_int_equal(mode_of(fx->path), 0664);
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
	assert_string_equal(messages(fx), "");
}

static void write_replaces_file(void **state)
{
	struct fx *fx = *state;
	struct stat before, after;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(chmod(fx->path, 0600), 0);
	assert_int_equal(stat(fx->path, &before), 0);
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_int_equal(stat(fx->path, &after), 0);
	assert_file_is(fx->path, new_data, NEW_LEN);
	assert_int_equal(after.st_mode & 07777, 0664);
	/* A new inode: the file was replaced, not rewritten in place. */
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

static void write_mode_survives_strict_umask(void **state)
{
	struct fx *fx = *state;

	umask(077);
	assert_int_equal(store_write_file(fx->path, "a\n", 2, 0664), 0);
	assert_int_equal(mode_of(fx->path), 0664);
	/* The mode given, not a fixed one. */
	assert_int_equal(store_write_file(fx->path, "b\n", 2, 0640), 0);
	assert_int_equal(mode_of(fx->path), 0640);
}

static void write_empty(void **state)
{
	struct fx *fx = *state;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(store_write_file(fx->path, NULL, 0, 0664), 0);
	assert_file_is(fx->path, "", 0);
}

static void write_relative_path(void **state)
{
	struct fx *fx = *state;
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	int r = store_write_file("state.yaml", new_data, NEW_LEN, 0664);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(r, 0);
	assert_file_is(fx->path, new_data, NEW_LEN);
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

/* Durability depends on the order: data synced before the rename makes
 * it visible, the directory synced after. */
static void write_order_is_durable(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_string_equal(seam_log, "WFCRDC");
}

static void write_retries_short_write(void **state)
{
	struct fx *fx = *state;

	seams[S_WRITE].short_at = 1;
	seams[S_WRITE].short_max = 5;
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_int_equal(seams[S_WRITE].calls, 2);
	assert_file_is(fx->path, new_data, NEW_LEN);
}

static void write_retries_eintr(void **state)
{
	struct fx *fx = *state;

	seam_fail(S_WRITE, 1, EINTR);
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_file_is(fx->path, new_data, NEW_LEN);
	assert_string_equal(messages(fx), "");
}

/* Keeps the group of the file it replaces (root may give any group; others
 * only one of their own, and need a second one to tell). */
static void write_keeps_group(void **state)
{
	struct fx *fx = *state;
	gid_t gid = 0, groups[64];
	struct stat st;
	int n;

	if (geteuid() == 0) {
		gid = getegid() == 4242 ? 4243 : 4242;
	} else {
		n = getgroups(64, groups);
		for (int i = 0; i < n && !gid; i++)
			if (groups[i] != getegid())
				gid = groups[i];
		if (!gid) {
			print_message("skipped: no second group to test with\n");
			skip();
		}
	}
	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(chown(fx->path, (uid_t)-1, gid), 0);
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664), 0);
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_gid, gid);
}

/* ---- store_write_file: failures leave the old file and no temp file ---- */

static void expect_write_failure(struct fx *fx, int status, int err,
				 const char *step, const char *tail)
{
	char want[1024];

	put_file(fx->path, old_data, OLD_LEN);
	errno = 0;
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664),
			 status);
	assert_int_equal(errno, err);
	snprintf(want, sizeof(want), "plantrack: cannot write %s: %s%s (%s)\n",
		 fx->path, step, strerror(err), tail);
	assert_string_equal(messages(fx), want);
	seam_reset();
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

#define UNCHANGED "nothing was changed"

static void expect_unchanged(void **state, enum seam s, int at, int err,
			     const char *step)
{
	struct fx *fx = *state;

	seam_fail(s, at, err);
	expect_write_failure(fx, EX_IOERR, err, step, UNCHANGED);
	assert_file_is(fx->path, old_data, OLD_LEN);
}

static void write_enospc(void **state)
{
	expect_unchanged(state, S_WRITE, 1, ENOSPC, "");
}

static void write_eio(void **state)
{
	expect_unchanged(state, S_WRITE, 1, EIO, "");
}

static void write_short_then_enospc(void **state)
{
	seams[S_WRITE].short_at = 1;
	seams[S_WRITE].short_max = 7;
	expect_unchanged(state, S_WRITE, 2, ENOSPC, "");
}

static void write_fsync_eio(void **state)
{
	expect_unchanged(state, S_FSYNC, 1, EIO, "");
}

static void write_close_eio(void **state)
{
	expect_unchanged(state, S_CLOSE, 1, EIO, "");
}

static void write_rename_exdev(void **state)
{
	expect_unchanged(state, S_RENAME, 1, EXDEV,
			 "cannot rename the temporary file over it: ");
}

static void write_rename_eio(void **state)
{
	expect_unchanged(state, S_RENAME, 1, EIO,
			 "cannot rename the temporary file over it: ");
}

/* The rename is done when the directory fsync fails: the new content is
 * visible, and the message must not claim otherwise. */
static void write_dir_fsync_eio(void **state)
{
	struct fx *fx = *state;

	seam_fail(S_FSYNC, 2, EIO);
	expect_write_failure(fx, EX_IOERR, EIO, "cannot sync its directory: ",
			     "the new content is in place but may not "
			     "survive a system crash");
	assert_file_is(fx->path, new_data, NEW_LEN);
}

static void write_missing_dir(void **state)
{
	struct fx *fx = *state;
	char path[400], want[600];

	snprintf(path, sizeof(path), "%s/KT/state.yaml", fx->dir);
	assert_int_equal(store_write_file(path, "x", 1, 0664), EX_CANTCREAT);
	assert_int_equal(errno, ENOENT);
	snprintf(want, sizeof(want), "plantrack: cannot write %s: cannot "
		 "create a temporary file in its directory: %s (nothing was "
		 "changed)\n", path, strerror(ENOENT));
	assert_string_equal(messages(fx), want);
}

static void write_no_name(void **state)
{
	struct fx *fx = *state;
	char path[400];

	snprintf(path, sizeof(path), "%s/", fx->dir);
	assert_int_equal(store_write_file(path, "x", 1, 0664), EX_CANTCREAT);
	assert_non_null(strstr(messages(fx), "cannot write"));
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

/* ---- child processes ---- */

/* Seconds after which a child is killed (the parent then fails). */
#define CHILD_ALARM 30

typedef int child_fn(struct fx *fx, const void *arg);

/* Runs fn in a child whose messages come back in msg; returns its exit
 * status. drop: run as nobody, since root passes every permission check. */
static int in_child(struct fx *fx, child_fn *fn, const void *arg, int drop,
		    char *msg, size_t msgsz)
{
	int pfd[2], st;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		FILE *f;
		int ret;

		/* A lock that never times out must fail the test, not hang. */
		alarm(CHILD_ALARM);
		__real_close(pfd[0]);
		f = fdopen(pfd[1], "w");
		if (!f)
			_exit(120);
		err_stream = f;
		if (drop && geteuid() == 0 &&
		    (setgid(65534) || setuid(65534)))
			_exit(121);
		ret = fn(fx, arg);
		fclose(f);
		_exit(ret);
	}
	__real_close(pfd[1]);
	while (n + 1 < msgsz &&
	       (r = read(pfd[0], msg + n, msgsz - 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		assert_true(r > 0);
		n += (size_t)r;
	}
	msg[n] = '\0';
	__real_close(pfd[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static int child_write(struct fx *fx, const void *arg)
{
	(void)arg;
	return store_write_file(fx->path, new_data, NEW_LEN, 0664);
}

static void write_eacces(void **state)
{
	struct fx *fx = *state;
	char msg[1024], want[1024];

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(chmod(fx->dir, 0555), 0);
	assert_int_equal(in_child(fx, child_write, NULL, 1, msg, sizeof(msg)),
			 EX_NOPERM);
	snprintf(want, sizeof(want), "plantrack: cannot write %s: cannot "
		 "create a temporary file in its directory: %s (nothing was "
		 "changed)\n", fx->path, strerror(EACCES));
	assert_string_equal(msg, want);
	assert_file_is(fx->path, old_data, OLD_LEN);
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

/* ---- a real full disk ---- */

static void write_full_tmpfs(void **state)
{
#ifdef __linux__
	struct fx *fx = *state;
	static char big[100 * 1024], chunk[4096];
	static const char *const keep[] = { "state.yaml", "filler", NULL };
	char path[400], filler[400], want[600];
	int fd;

	if (geteuid() != 0) {
		print_message("skipped: mounting a tmpfs needs root\n");
		skip();
	}
	assert_int_equal(mkdir(fx->mnt, 0755), 0);
	if (mount("tmpfs", fx->mnt, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=64k,mode=0755")) {
		print_message("skipped: cannot mount a tmpfs: %s\n",
			      strerror(errno));
		skip();
	}
	fx->mounted = 1;
	snprintf(path, sizeof(path), "%s/state.yaml", fx->mnt);
	snprintf(filler, sizeof(filler), "%s/filler", fx->mnt);
	put_file(path, old_data, OLD_LEN);
	fd = open(filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	memset(chunk, 'f', sizeof(chunk));
	while (write(fd, chunk, sizeof(chunk)) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(close(fd), 0);

	memset(big, 'n', sizeof(big));
	assert_int_equal(store_write_file(path, big, sizeof(big), 0664),
			 EX_IOERR);
	snprintf(want, sizeof(want), "plantrack: cannot write %s: %s (nothing "
		 "was changed)\n", path, strerror(ENOSPC));
	assert_string_equal(messages(fx), want);
	assert_file_is(path, old_data, OLD_LEN);
	assert_int_equal(stray_entries(fx->mnt, keep), 0);
#else
	(void)state;
	print_message("skipped: tmpfs is Linux only\n");
	skip();
#endif
}

/* ---- store_read_file ---- */

static void read_whole_file(void **state)
{
	struct fx *fx = *state;
	char *buf;
	size_t len;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(store_read_file(fx->path, OLD_LEN, &buf, &len, 0), 0);
	assert_int_equal(len, OLD_LEN);
	assert_memory_equal(buf, old_data, OLD_LEN);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

static void read_empty_file(void **state)
{
	struct fx *fx = *state;
	char *buf;
	size_t len = 99;

	put_file(fx->path, "", 0);
	assert_int_equal(store_read_file(fx->path, 10, &buf, &len, 0), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
}

static void read_too_large(void **state)
{
	struct fx *fx = *state;
	char *buf = (char *)1;
	size_t len;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(store_read_file(fx->path, OLD_LEN - 1, &buf, &len, 0),
			 EX_DATAERR);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "too large"));
}

static void read_missing(void **state)
{
	struct fx *fx = *state;
	char *buf = (char *)1, want[600];
	size_t len;

	errno = 0;
	assert_int_equal(store_read_file(fx->path, 100, &buf, &len, 1),
			 EX_NOINPUT);
	assert_int_equal(errno, ENOENT);
	assert_null(buf);
	assert_string_equal(messages(fx), "");

	assert_int_equal(store_read_file(fx->path, 100, &buf, &len, 0),
			 EX_NOINPUT);
	assert_int_equal(errno, ENOENT);
	snprintf(want, sizeof(want), "plantrack: cannot read %s: %s\n",
		 fx->path, strerror(ENOENT));
	assert_string_equal(messages(fx), want);
}

/* One buffer through several reads: kept while the files fit, replaced
 * by a larger one when not, the caller's after a failure. */
static void read_into_reuses(void **state)
{
	struct fx *fx = *state;
	char *buf = NULL, *first;
	size_t cap = 0, len = 0;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(store_read_file_into(fx->path, 1000, &buf, &cap, &len,
					      0, NULL), 0);
	assert_non_null(buf);
	assert_true(cap >= OLD_LEN + 1);
	assert_int_equal(len, OLD_LEN);
	assert_memory_equal(buf, old_data, OLD_LEN);
	first = buf;

	/* Smaller: the same buffer, NUL-terminated at the new length. */
	put_file(fx->path, "ab", 2);
	assert_int_equal(store_read_file_into(fx->path, 1000, &buf, &cap, &len,
					      0, NULL), 0);
	assert_ptr_equal(buf, first);
	assert_int_equal(len, 2);
	assert_string_equal(buf, "ab");

	/* Missing, or too large: no read, the buffer as it was. */
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(store_read_file_into(fx->path, 1000, &buf, &cap, &len,
					      1, NULL), EX_NOINPUT);
	assert_ptr_equal(buf, first);
	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(store_read_file_into(fx->path, 2, &buf, &cap, &len, 0,
					      NULL), EX_DATAERR);
	assert_ptr_equal(buf, first);

	/* Larger than the buffer: a new one, the whole file in it. */
	{
		char big[4096];

		memset(big, 'x', sizeof(big));
		put_file(fx->path, big, sizeof(big));
		assert_int_equal(store_read_file_into(fx->path, 8192, &buf,
						      &cap, &len, 0, NULL), 0);
		assert_int_equal(len, sizeof(big));
		assert_true(cap >= sizeof(big) + 1);
		assert_memory_equal(buf, big, sizeof(big));
		assert_int_equal(buf[len], '\0');
	}
	free(buf);
}

static void read_refuses_directory(void **state)
{
	struct fx *fx = *state;
	char *buf;

	assert_int_not_equal(store_read_file(fx->dir, 100, &buf, NULL, 0), 0);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "not a regular file"));
}

/* Must not wait for a writer that never comes. */
static void read_refuses_fifo(void **state)
{
	struct fx *fx = *state;
	char *buf;

	assert_int_equal(mkfifo(fx->path, 0600), 0);
	alarm(10);
	assert_int_equal(store_read_file(fx->path, 100, &buf, NULL, 0),
			 EX_DATAERR);
	alarm(0);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "not a regular file"));
}


/* ---- nothing planted is followed ---- */

/* A file only root may read, as /etc/shadow: what a link may point to. */
static const char secret[] = "root:$y$j9T$secret-hash:20000:0:99999:7:::\n";

static void put_secret(struct fx *fx, char *path, size_t size)
{
	snprintf(path, size, "%s/secret", fx->dir);
	put_file(path, secret, sizeof(secret) - 1);
	assert_int_equal(chmod(path, 0600), 0);
}

/* The message names the path and what is there, and quotes nothing of
 * what the link points to. */
static void assert_refusal(struct fx *fx, const char *path, const char *kind)
{
	const char *m = messages(fx);
	char want[600];

	snprintf(want, sizeof(want), "%s: not a regular file but %s; ", path,
		 kind);
	if (!strstr(m, want))
		fail_msg("want \"%s\" in\n%s", want, m);
	assert_null(strstr(m, "secret-hash"));
	assert_null(strstr(m, "root:"));
}

static void read_refuses_symlink(void **state)
{
	struct fx *fx = *state;
	char target[320], *buf = (char *)1;

	put_secret(fx, target, sizeof(target));
	assert_int_equal(symlink(target, fx->path), 0);
	errno = 0;
	assert_int_equal(store_read_file(fx->path, 100, &buf, NULL, 1),
			 EX_DATAERR);
	assert_int_equal(errno, ELOOP);
	assert_null(buf);
	assert_refusal(fx, fx->path, "a symbolic link");
	/* A dangling link is a link too, not a missing file. */
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(symlink("/nonexistent", fx->path), 0);
	recapture(fx);
	assert_int_equal(store_read_file(fx->path, 100, &buf, NULL, 1),
			 EX_DATAERR);
	assert_refusal(fx, fx->path, "a symbolic link");
}

/* A device is refused before it is opened (opening some has effects). */
static void read_refuses_device(void **state)
{
	struct fx *fx = *state;
	char *buf = (char *)1;

	if (mknod(fx->path, S_IFCHR | 0666, makedev(1, 3))) {
		print_message("skipped: mknod: %s\n", strerror(errno));
		skip();
	}
	assert_int_equal(store_read_file(fx->path, 100, &buf, NULL, 0),
			 EX_DATAERR);
	assert_null(buf);
	assert_refusal(fx, fx->path, "a device");
}

/* With fs.protected_hardlinks off, a member could link a root-only file
 * into the data directory, a regular file like any other. */
static void read_refuses_hard_link(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	char target[320], lock[400], *buf = (char *)1;

	put_secret(fx, target, sizeof(target));
	assert_int_equal(link(target, fx->path), 0);
	assert_int_equal(store_read_file(fx->path, 100, &buf, NULL, 0),
			 EX_DATAERR);
	assert_int_equal(errno, EMLINK);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "has 2 names (hard links)"));
	assert_null(strstr(messages(fx), "secret-hash"));
	snprintf(lock, sizeof(lock), "%s/lock", fx->dir);
	assert_int_equal(link(target, lock), 0);
	assert_int_equal(store_lock_acquire(&lk, lock, 0660, 0), EX_DATAERR);
	assert_int_equal(lk.fd, -1);
	/* Replacing it is fine: the new file has one name. */
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664),
			 0);
	assert_file_is(target, secret, sizeof(secret) - 1);
}

/* A data directory registered: DATA/departments/KT/state.yaml. */
static void data_dir(struct fx *fx, bool spool, gid_t gid, char *file,
		     size_t size)
{
	char path[400];
	int fd;

	snprintf(path, sizeof(path), "%s/departments", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/departments/KT", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(file, size, "%s/departments/KT/state.yaml", fx->dir);
	fd = open(fx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	store_set_datadir(fx->dir, fd, spool, gid);
}

/* A directory on the way is a link: refused, naming it. */
static void read_refuses_linked_directory(void **state)
{
	struct fx *fx = *state;
	char file[400], other[400], kt[400], want[900], *buf = (char *)1;

	data_dir(fx, false, 0, file, sizeof(file));
	snprintf(other, sizeof(other), "%s/other", fx->dir);
	snprintf(kt, sizeof(kt), "%s/departments/KT", fx->dir);
	assert_int_equal(mkdir(other, 0755), 0);
	assert_int_equal(rmdir(kt), 0);
	assert_int_equal(symlink(other, kt), 0);
	snprintf(want, sizeof(want), "%s/state.yaml", other);
	put_file(want, old_data, OLD_LEN);

	assert_int_equal(store_read_file(file, 100, &buf, NULL, 1),
			 EX_DATAERR);
	assert_null(buf);
	snprintf(want, sizeof(want), "plantrack: cannot read %s: %s is not a "
		 "directory but a symbolic link; ", file, kt);
	if (strncmp(messages(fx), want, strlen(want)))
		fail_msg("want \"%s\" at the start of\n%s", want, messages(fx));
	/* Neither a lock nor a write goes through it either. */
	{
		struct store_lock lk = STORE_LOCK_INIT;
		char lock[600];

		snprintf(lock, sizeof(lock), "%s/lock", kt);
		assert_int_equal(store_lock_acquire(&lk, lock, 0660, 0),
				 EX_DATAERR);
		assert_int_equal(store_write_file(file, new_data, NEW_LEN,
						  0664), EX_DATAERR);
		snprintf(want, sizeof(want), "%s/state.yaml", other);
		assert_file_is(want, old_data, OLD_LEN);
		snprintf(want, sizeof(want), "%s/lock", other);
		assert_int_equal(access(want, F_OK), -1);
	}
}

/* "." or ".." leaves the data directory's rules: such a path is the
 * user's to name, reached as named. */
static void dot_dot_is_not_data(void **state)
{
	struct fx *fx = *state;
	char file[400], path[500], kt[400], other[400], *buf = NULL;

	data_dir(fx, false, 0, file, sizeof(file));
	snprintf(other, sizeof(other), "%s/other", fx->dir);
	snprintf(kt, sizeof(kt), "%s/departments/KT", fx->dir);
	assert_int_equal(mkdir(other, 0755), 0);
	assert_int_equal(rmdir(kt), 0);
	assert_int_equal(symlink(other, kt), 0);
	snprintf(path, sizeof(path), "%s/state.yaml", other);
	put_file(path, old_data, OLD_LEN);
	snprintf(path, sizeof(path), "%s/departments/../departments/KT/"
		 "state.yaml", fx->dir);
	assert_int_equal(store_read_file(path, 100, &buf, NULL, 0), 0);
	free(buf);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0),
			 EX_DATAERR);
}

static void write_refuses_symlink(void **state)
{
	struct fx *fx = *state;
	char target[320];

	put_secret(fx, target, sizeof(target));
	assert_int_equal(symlink(target, fx->path), 0);
	assert_int_equal(store_write_file(fx->path, new_data, NEW_LEN, 0664),
			 EX_DATAERR);
	assert_file_is(target, secret, sizeof(secret) - 1);
	assert_int_equal(mode_of(target), 0600);
	assert_non_null(strstr(messages(fx), "(nothing was changed)"));
	{
		static const char *const keep[] = { "state.yaml", "secret", NULL };

		assert_int_equal(stray_entries(fx->dir, keep), 0);
	}
}

/* The lock as a link: root would have created or opened the file it
 * points to, read-write. */
static void lock_refuses_symlink(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	char target[320], victim[320];

	put_secret(fx, target, sizeof(target));
	assert_int_equal(symlink(target, fx->path), 0);
	assert_int_equal(store_lock_acquire(&lk, fx->path, 0660, 0),
			 EX_DATAERR);
	assert_int_equal(lk.fd, -1);
	assert_refusal(fx, fx->path, "a symbolic link");
	assert_int_equal(mode_of(target), 0600);
	/* Dangling: the file it names must not be created. */
	snprintf(victim, sizeof(victim), "%s/victim", fx->dir);
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(symlink(victim, fx->path), 0);
	assert_int_equal(store_lock_acquire(&lk, fx->path, 0660, 0),
			 EX_DATAERR);
	assert_int_equal(access(victim, F_OK), -1);
}

static void lock_refuses_fifo(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;

	assert_int_equal(mkfifo(fx->path, 0600), 0);
	alarm(10);
	assert_int_equal(store_lock_acquire(&lk, fx->path, 0660, 0),
			 EX_DATAERR);
	alarm(0);
	assert_refusal(fx, fx->path, "a FIFO (named pipe)");
}

/* ---- spool mode: ownership ---- */

/* A group that is not the file's: the checks must refuse. */
static gid_t other_gid(void)
{
	return getegid() == 4242 ? 4243 : 4242;
}

static void spool_checks_group(void **state)
{
	struct fx *fx = *state;
	char file[400], *buf = NULL;

	if (geteuid() != 0) {
		print_message("skipped: directories must be root's\n");
		skip();
	}
	data_dir(fx, true, getegid(), file, sizeof(file));
	put_file(file, old_data, OLD_LEN);
	assert_int_equal(chmod(file, 0664), 0);
	/* As the installed plantrack keeps it. */
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), 0);
	free(buf);
	buf = NULL;
	/* Writable by others: refused. */
	assert_int_equal(chmod(file, 0666), 0);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), EX_NOPERM);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "plantrack init --convert"));
	assert_int_equal(chmod(file, 0664), 0);
	/* Another group: refused. */
	assert_int_equal(chown(file, (uid_t)-1, other_gid()), 0);
	recapture(fx);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), EX_NOPERM);
	assert_non_null(strstr(messages(fx), "its group is"));
}

static void spool_checks_directories(void **state)
{
	struct fx *fx = *state;
	char file[400], kt[400], *buf = NULL;

	if (geteuid() != 0) {
		print_message("skipped: directories must be root's\n");
		skip();
	}
	data_dir(fx, true, getegid(), file, sizeof(file));
	put_file(file, old_data, OLD_LEN);
	snprintf(kt, sizeof(kt), "%s/departments/KT", fx->dir);
	assert_int_equal(chown(kt, 65534, (gid_t)-1), 0);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), EX_NOPERM);
	assert_non_null(strstr(messages(fx), "every directory"));
	assert_int_equal(chown(kt, 0, (gid_t)-1), 0);
	assert_int_equal(chmod(kt, 0777), 0);
	recapture(fx);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), EX_NOPERM);
	assert_int_equal(chmod(kt, 02770), 0);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), 0);
	free(buf);
	/* The data directory itself, too. */
	assert_int_equal(chown(fx->dir, (uid_t)-1, other_gid()), 0);
	assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), EX_NOPERM);
}

/* ---- locks: the file locked is the file at the path ---- */

static unsigned long ino_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return (unsigned long)st.st_ino;
}

/* B waits on the lock A holds; the lock file is removed and D creates
 * and holds a new one; A lets go. B must not take the old, orphaned file
 * (D and B would both write): it must wait on D's. */
static void lock_replaced_while_waiting(void **state)
{
	struct fx *fx = *state;
	struct store_lock a = STORE_LOCK_INIT, d = STORE_LOCK_INIT;
	unsigned long old_ino, new_ino = 0, got;
	char line[64];
	int note[2], st, waiting_on_new = 0;
	FILE *f;
	pid_t pid;

	assert_int_equal(store_lock_acquire(&a, fx->path, 0664, 0), 0);
	old_ino = ino_of(a.fd);
	assert_int_equal(pipe(note), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct store_lock b = STORE_LOCK_INIT;
		struct stat now;
		int r;

		alarm(CHILD_ALARM);
		__real_close(note[0]);
		flock_notify = note[1];
		r = store_lock_acquire(&b, fx->path, 0664, 20);
		if (!r && (stat(fx->path, &now) ||
			   (unsigned long)now.st_ino != ino_of(b.fd)))
			r = 99;	/* holds a file nobody else will lock */
		_exit(r);
	}
	__real_close(note[1]);
	f = fdopen(note[0], "r");
	assert_non_null(f);
	/* B is waiting on A's file. */
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(strtoul(line, NULL, 10), old_ino);
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(store_lock_acquire(&d, fx->path, 0664, 0), 0);
	new_ino = ino_of(d.fd);
	store_lock_release(&a);
	/* Until B reports waiting on D's file, or gives up (EOF). */
	while (fgets(line, sizeof(line), f)) {
		got = strtoul(line, NULL, 10);
		if (got == new_ino) {
			waiting_on_new = 1;
			break;
		}
		assert_int_equal(got, old_ino);
	}
	store_lock_release(&d);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	fclose(f);
	assert_true(waiting_on_new);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* kill -9 leaves ".state.yaml.XXXXXX" behind; the next lock holder
 * removes exactly those. */
static void lock_sweeps_dead_temp_files(void **state)
{
	static const char *const dead[] = {
		".state.yaml.AbC123", ".state.yaml.zzzzzz", ".lock.000000",
	};
	static const char *const keep[] = {
		"lock", "state.yaml", ".state.yaml.swp", ".state.yaml.AbC12",
		"state.yaml.AbC123", ".state.yaml.AbC1234", ".state.yaml.AbC-12",
		NULL,
	};
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	char lock[600], path[600];

	for (size_t i = 0; i < sizeof(dead) / sizeof(dead[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fx->dir, dead[i]);
		put_file(path, "x", 1);
	}
	for (size_t i = 1; keep[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", fx->dir, keep[i]);
		put_file(path, "x", 1);
	}
	snprintf(lock, sizeof(lock), "%s/lock", fx->dir);
	assert_int_equal(store_lock_acquire(&lk, lock, 0660, 0), 0);
	store_lock_release(&lk);
	assert_int_equal(stray_entries(fx->dir, keep), 0);
	for (size_t i = 1; keep[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", fx->dir, keep[i]);
		assert_int_equal(access(path, F_OK), 0);
	}
}

/* ---- files the user named ---- */

static void user_read_follows_links(void **state)
{
	struct fx *fx = *state;
	char link[400], *buf = NULL;
	size_t len;

	put_file(fx->path, old_data, OLD_LEN);
	snprintf(link, sizeof(link), "%s/link", fx->dir);
	assert_int_equal(symlink(fx->path, link), 0);
	assert_int_equal(store_read_user_file(link, 100, &buf, &len), 0);
	assert_int_equal(len, OLD_LEN);
	free(buf);
	assert_int_equal(store_read_user_file(fx->dir, 100, &buf, &len),
			 EX_NOINPUT);
	assert_non_null(strstr(messages(fx), "not a regular file"));
}

/* A regular file is replaced (a new inode), as store_write_file does. */
static void user_write_replaces_regular(void **state)
{
	struct fx *fx = *state;
	struct stat before, after;

	put_file(fx->path, old_data, OLD_LEN);
	assert_int_equal(stat(fx->path, &before), 0);
	assert_int_equal(store_write_user_file(fx->path, new_data, NEW_LEN,
					       0644), 0);
	assert_int_equal(stat(fx->path, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_file_is(fx->path, new_data, NEW_LEN);
	assert_int_equal(mode_of(fx->path), 0644);
}

/* A link stays a link; the file it names gets the bytes. */
static void user_write_through_symlink(void **state)
{
	struct fx *fx = *state;
	char link[400], dangling[400];
	struct stat st;

	put_file(fx->path, old_data, OLD_LEN);
	snprintf(link, sizeof(link), "%s/link", fx->dir);
	assert_int_equal(symlink(fx->path, link), 0);
	assert_int_equal(store_write_user_file(link, new_data, NEW_LEN, 0644),
			 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is(fx->path, new_data, NEW_LEN);
	/* A dangling link: its target is created, as '>' would. */
	snprintf(dangling, sizeof(dangling), "%s/new", fx->dir);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(dangling, link), 0);
	assert_int_equal(store_write_user_file(link, "x", 1, 0644), 0);
	assert_file_is(dangling, "x", 1);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static int child_read_fifo(struct fx *fx, const void *arg)
{
	char buf[256];
	ssize_t n;
	size_t got = 0;
	int fd = open(fx->path, O_RDONLY);

	(void)arg;
	if (fd < 0)
		return 2;
	while ((n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	__real_close(fd);
	return got == NEW_LEN && !memcmp(buf, new_data, NEW_LEN) ? 0 : 3;
}

/* A FIFO someone reads is written to, and stays a FIFO. */
static void user_write_fifo(void **state)
{
	struct fx *fx = *state;
	struct stat st;
	char msg[64];
	pid_t pid;
	int status;

	assert_int_equal(mkfifo(fx->path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		alarm(CHILD_ALARM);
		_exit(child_read_fifo(fx, NULL));
	}
	alarm(CHILD_ALARM);
	assert_int_equal(store_write_user_file(fx->path, new_data, NEW_LEN,
					       0644), 0);
	alarm(0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	(void)msg;
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

/* As root, '-o /dev/null' replaced the system's /dev/null. */
static void user_write_device(void **state)
{
	struct fx *fx = *state;
	struct stat st;

	if (mknod(fx->path, S_IFCHR | 0666, makedev(1, 3))) {
		print_message("skipped: mknod: %s\n", strerror(errno));
		skip();
	}
	assert_int_equal(store_write_user_file(fx->path, new_data, NEW_LEN,
					       0644), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(st.st_rdev, makedev(1, 3));
	assert_int_equal(stray_entries(fx->dir, only_state), 0);
}

static void user_write_directory(void **state)
{
	struct fx *fx = *state;
	char want[600];

	assert_int_equal(mkdir(fx->path, 0755), 0);
	assert_int_equal(store_write_user_file(fx->path, "x", 1, 0644),
			 EX_CANTCREAT);
	snprintf(want, sizeof(want), "plantrack: cannot write %s: %s\n",
		 fx->path, strerror(EISDIR));
	assert_string_equal(messages(fx), want);
}

/* ---- directories ---- */

static void mkdir_creates_and_finds(void **state)
{
	struct fx *fx = *state;
	char file[400], path[400];
	bool created;
	int fd;

	data_dir(fx, false, 0, file, sizeof(file));
	umask(077);
	snprintf(path, sizeof(path), "%s/departments/HCC", fx->dir);
	assert_int_equal(store_mkdir(path, 02775, &fd, &created), 0);
	assert_true(created);
	assert_true(fd >= 0);
	__real_close(fd);
	assert_int_equal(mode_of(path), 02775);
	assert_int_equal(store_mkdir(path, 0700, &fd, &created), 0);
	assert_false(created);
	__real_close(fd);
	/* Found as it is: mode unchanged. */
	assert_int_equal(mode_of(path), 02775);
	/* A link where a department's directory should be. */
	snprintf(path, sizeof(path), "%s/departments/DVC", fx->dir);
	assert_int_equal(symlink(fx->dir, path), 0);
	assert_int_equal(store_mkdir(path, 02775, &fd, &created), EX_DATAERR);
	assert_int_equal(fd, -1);
	assert_non_null(strstr(messages(fx), "a symbolic link"));
	/* A file there. */
	snprintf(path, sizeof(path), "%s/departments/VHXH", fx->dir);
	put_file(path, "x", 1);
	assert_int_equal(store_mkdir(path, 02775, &fd, &created),
			 EX_CANTCREAT);
	assert_int_equal(errno, EEXIST);
}

/* ---- conversion to spool mode ---- */

static void convert_needs_spool_and_root(void **state)
{
	struct fx *fx = *state;
	char file[400];
	size_t n = 9;

	data_dir(fx, false, 0, file, sizeof(file));
	assert_int_equal(store_convert_spool(&n), EX_NOPERM);
	assert_int_equal(n, 0);
	assert_non_null(strstr(messages(fx), "only root"));
}

static void convert_old_layout(void **state)
{
	struct fx *fx = *state;
	char file[400], path[500], kept[400], kt[400];
	static const char *const kt_keep[] = { "state.yaml", "lock", "notes",
					       NULL };
	struct stat before, after;
	gid_t g = other_gid();
	size_t n = 0;

	if (geteuid() != 0) {
		print_message("skipped: converting is root's\n");
		skip();
	}
	data_dir(fx, true, g, file, sizeof(file));
	snprintf(kt, sizeof(kt), "%s/departments/KT", fx->dir);
	assert_int_equal(chown(kt, 0, 4300), 0);
	assert_int_equal(chmod(kt, 02775), 0);
	snprintf(path, sizeof(path), "%s/plan.yaml", fx->dir);
	put_file(path, "plan: x\n", 8);
	put_file(file, old_data, OLD_LEN);
	assert_int_equal(chown(file, 1000, 4300), 0);
	assert_int_equal(chmod(file, 0664), 0);
	/* A member kept a hard link to the old file. */
	snprintf(kept, sizeof(kept), "%s/kept", fx->dir);
	assert_int_equal(link(file, kept), 0);
	assert_int_equal(stat(file, &before), 0);
	snprintf(path, sizeof(path), "%s/lock", kt);
	put_file(path, "", 0);
	snprintf(path, sizeof(path), "%s/.state.yaml.Dead12", kt);
	put_file(path, "half", 4);
	snprintf(path, sizeof(path), "%s/notes", kt);
	put_file(path, "mine", 4);
	/* Before: the checks refuse the old layout. */
	{
		char *buf = NULL;

		assert_int_equal(store_read_file(file, 100, &buf, NULL, 0),
				 EX_NOPERM);
	}
	recapture(fx);
	assert_int_equal(store_convert_spool(&n), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(messages(fx), "notes is not plantrack's"));
	assert_int_equal(stray_entries(kt, kt_keep), 0);
	assert_file_is(file, old_data, OLD_LEN);
	assert_int_equal(stat(file, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(after.st_uid, 0);
	assert_int_equal(after.st_gid, g);
	assert_int_equal(after.st_mode & 07777, 0664);
	assert_int_equal(stat(kt, &after), 0);
	assert_int_equal(after.st_mode & 07777, 02770);
	assert_int_equal(after.st_gid, g);
	assert_int_equal(stat(fx->dir, &after), 0);
	assert_int_equal(after.st_mode & 07777, 02755);
	snprintf(path, sizeof(path), "%s/plan.yaml", fx->dir);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_gid, g);
	assert_int_equal(after.st_mode & 07777, 0644);
	/* After: everything passes the checks; the kept link is a copy of
	 * the past that no write reaches. */
	{
		char *buf = NULL;

		assert_int_equal(store_read_file(file, 100, &buf, NULL, 0), 0);
		free(buf);
	}
	assert_int_equal(store_write_file(file, new_data, NEW_LEN, 0664), 0);
	assert_file_is(kept, old_data, OLD_LEN);
}

static void convert_stops_at_links(void **state)
{
	struct fx *fx = *state;
	char file[400], target[320], plan[400];
	size_t n = 0;

	if (geteuid() != 0) {
		print_message("skipped: converting is root's\n");
		skip();
	}
	data_dir(fx, true, other_gid(), file, sizeof(file));
	snprintf(plan, sizeof(plan), "%s/plan.yaml", fx->dir);
	put_file(plan, "plan: x\n", 8);
	put_secret(fx, target, sizeof(target));
	assert_int_equal(symlink(target, file), 0);
	assert_int_equal(store_convert_spool(&n), EX_DATAERR);
	assert_refusal(fx, file, "a symbolic link");
	assert_int_equal(mode_of(target), 0600);
}

/* ---- locks ---- */

static void lock_creates_file_with_mode(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;

	assert_int_equal(store_lock_acquire(&lk, fx->path, 0664, 0), 0);
	assert_true(lk.fd >= 0);
	assert_string_equal(lk.path, fx->path);
	assert_true(fcntl(lk.fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(mode_of(fx->path), 0664);
	store_lock_release(&lk);
	assert_int_equal(lk.fd, -1);
	assert_null(lk.path);
	/* The lock file stays: it is never renamed or removed. */
	assert_int_equal(mode_of(fx->path), 0664);
}

/* Someone else's lock file keeps the mode they gave it. */
static void lock_keeps_existing_mode(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;

	put_file(fx->path, "", 0);
	assert_int_equal(chmod(fx->path, 0640), 0);
	assert_int_equal(store_lock_acquire(&lk, fx->path, 0664, 0), 0);
	assert_int_equal(mode_of(fx->path), 0640);
	store_lock_release(&lk);
}

static void lock_release_is_safe(void **state)
{
	struct store_lock lk = STORE_LOCK_INIT;

	(void)state;
	store_lock_release(NULL);
	store_lock_release(&lk);
	store_lock_release(&lk);
	assert_int_equal(lk.fd, -1);
	assert_null(lk.path);
}

/* flock locks belong to the open file, so a second open in the same
 * process contends like another process. */
static void lock_busy_same_process(void **state)
{
	struct fx *fx = *state;
	struct store_lock a = STORE_LOCK_INIT, b = STORE_LOCK_INIT;

	assert_int_equal(store_lock_acquire(&a, fx->path, 0664, 0), 0);
	assert_int_equal(store_lock_acquire(&b, fx->path, 0664, 0),
			 EX_TEMPFAIL);
	assert_int_equal(errno, EWOULDBLOCK);
	assert_int_equal(b.fd, -1);
	assert_null(b.path);
	store_lock_release(&a);
	assert_int_equal(store_lock_acquire(&b, fx->path, 0664, 0), 0);
	store_lock_release(&b);
}

static int child_lock(struct fx *fx, const void *arg)
{
	struct store_lock lk = STORE_LOCK_INIT;
	int r = store_lock_acquire(&lk, fx->path, 0664, *(const double *)arg);

	store_lock_release(&lk);
	return r;
}

static void lock_busy_in_child(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	const double timeout = 0.2;
	char msg[1024], want[1024];

	assert_int_equal(store_lock_acquire(&lk, fx->path, 0664, 0), 0);
	assert_int_equal(in_child(fx, child_lock, &timeout, 0, msg,
				  sizeof(msg)), EX_TEMPFAIL);
	snprintf(want, sizeof(want), "plantrack: the department data guarded "
		 "by %s is busy (locked by another update); try again in a "
		 "moment\n", fx->path);
	assert_string_equal(msg, want);
	store_lock_release(&lk);
	assert_int_equal(in_child(fx, child_lock, &timeout, 0, msg,
				  sizeof(msg)), 0);
	assert_string_equal(msg, "");
}

struct waiter {
	pid_t pid;
	int fd;		/* reads the child's exit status, then EOF */
};

static void naptime(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* A waiting child gets the lock once the holder lets go. */
static void lock_waits_for_release(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	int st;
	pid_t pid;

	assert_int_equal(store_lock_acquire(&lk, fx->path, 0664, 0), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		const double timeout = 20;

		alarm(CHILD_ALARM);
		_exit(child_lock(fx, &timeout));
	}
	naptime(200);
	/* Still waiting: it must not have got a lock that is held. */
	assert_int_equal(waitpid(pid, &st, WNOHANG), 0);
	store_lock_release(&lk);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* With a negative timeout the environment decides: 0 fails at once where
 * the default would wait for the release below. */
static void lock_timeout_from_env(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	int st, sync[2];
	char c;
	pid_t pid;

	assert_int_equal(store_lock_acquire(&lk, fx->path, 0664, 0), 0);
	assert_int_equal(setenv("PLANTRACK_LOCK_TIMEOUT", "0", 1), 0);
	assert_int_equal(pipe(sync), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		const double timeout = -1;

		alarm(CHILD_ALARM);
		__real_close(sync[0]);
		if (__real_write(sync[1], "x", 1) != 1)
			_exit(122);
		_exit(child_lock(fx, &timeout));
	}
	__real_close(sync[1]);
	assert_int_equal(read(sync[0], &c, 1), 1);
	__real_close(sync[0]);
	naptime(500);
	store_lock_release(&lk);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), EX_TEMPFAIL);
}

static void lock_missing_dir(void **state)
{
	struct fx *fx = *state;
	struct store_lock lk = STORE_LOCK_INIT;
	char path[400], want[600];

	snprintf(path, sizeof(path), "%s/KT/lock", fx->dir);
	assert_int_equal(store_lock_acquire(&lk, path, 0664, 0), EX_CANTCREAT);
	assert_int_equal(lk.fd, -1);
	assert_null(lk.path);
	snprintf(want, sizeof(want), "plantrack: cannot open the lock file "
		 "%s: %s\n", path, strerror(ENOENT));
	assert_string_equal(messages(fx), want);
}

static void lock_eacces(void **state)
{
	struct fx *fx = *state;
	const double timeout = 0;
	char msg[1024], want[1024];

	put_file(fx->path, "", 0);
	assert_int_equal(chmod(fx->path, 0644), 0);
	assert_int_equal(chmod(fx->dir, 0755), 0);
	if (geteuid() != 0)
		assert_int_equal(chmod(fx->path, 0444), 0);
	assert_int_equal(in_child(fx, child_lock, &timeout, 1, msg,
				  sizeof(msg)), EX_NOPERM);
	snprintf(want, sizeof(want), "plantrack: cannot open the lock file "
		 "%s: %s\n", fx->path, strerror(EACCES));
	assert_string_equal(msg, want);
}

/* ---- PLANTRACK_LOCK_TIMEOUT ---- */

static void timeout_argument_wins(void **state)
{
	(void)state;
	assert_int_equal(setenv("PLANTRACK_LOCK_TIMEOUT", "7", 1), 0);
	assert_true(store_lock_timeout(0) == 0);
	assert_true(store_lock_timeout(2.5) == 2.5);
}

static void timeout_default(void **state)
{
	struct fx *fx = *state;

	assert_true(store_lock_timeout(-1) == STORE_LOCK_TIMEOUT_DEFAULT);
	assert_int_equal(setenv("PLANTRACK_LOCK_TIMEOUT", "", 1), 0);
	assert_true(store_lock_timeout(-1) == STORE_LOCK_TIMEOUT_DEFAULT);
	assert_string_equal(messages(fx), "");
}

static void timeout_valid_env(void **state)
{
	static const struct { const char *s; double v; } ok[] = {
		{ "0", 0 }, { "0.25", 0.25 }, { ".5", 0.5 }, { "12", 12 },
		{ "3600", 3600 }, { "1e2", 100 },
	};
	struct fx *fx = *state;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(setenv("PLANTRACK_LOCK_TIMEOUT", ok[i].s, 1), 0);
		if (store_lock_timeout(-1) != ok[i].v)
			fail_msg("PLANTRACK_LOCK_TIMEOUT=%s", ok[i].s);
	}
	assert_string_equal(messages(fx), "");
}

static void timeout_invalid_env(void **state)
{
	static const char *const bad[] = {
		"abc", "1x", "-1", "3601", "3600.5", "nan", "inf", "1e400",
		" 5", "+5", "5 ", "0x", "-0",
	};
	struct fx *fx = *state;
	char want[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(setenv("PLANTRACK_LOCK_TIMEOUT", bad[i], 1), 0);
		recapture(fx);
		if (store_lock_timeout(-1) != STORE_LOCK_TIMEOUT_DEFAULT)
			fail_msg("PLANTRACK_LOCK_TIMEOUT=%s accepted", bad[i]);
		snprintf(want, sizeof(want), "plantrack: warning: ignoring "
			 "PLANTRACK_LOCK_TIMEOUT=%s: not a number of seconds "
			 "from 0 to 3600; waiting 5 seconds\n", bad[i]);
		assert_string_equal(messages(fx), want);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(write_creates_file_with_mode),
		T(write_replaces_file),
		T(write_mode_survives_strict_umask),
		T(write_empty),
		T(write_relative_path),
		T(write_order_is_durable),
		T(write_retries_short_write),
		T(write_retries_eintr),
		T(write_keeps_group),
		T(write_enospc),
		T(write_eio),
		T(write_short_then_enospc),
		T(write_fsync_eio),
		T(write_close_eio),
		T(write_rename_exdev),
		T(write_rename_eio),
		T(write_dir_fsync_eio),
		T(write_missing_dir),
		T(write_no_name),
		T(write_eacces),
		T(write_full_tmpfs),
		T(read_whole_file),
		T(read_empty_file),
		T(read_too_large),
		T(read_missing),
		T(read_into_reuses),
		T(read_refuses_directory),
		T(read_refuses_fifo),
		T(read_refuses_symlink),
		T(read_refuses_device),
		T(read_refuses_hard_link),
		T(read_refuses_linked_directory),
		T(dot_dot_is_not_data),
		T(write_refuses_symlink),
		T(lock_refuses_symlink),
		T(lock_refuses_fifo),
		T(spool_checks_group),
		T(spool_checks_directories),
		T(lock_replaced_while_waiting),
		T(lock_sweeps_dead_temp_files),
		T(user_read_follows_links),
		T(user_write_replaces_regular),
		T(user_write_through_symlink),
		T(user_write_fifo),
		T(user_write_device),
		T(user_write_directory),
		T(mkdir_creates_and_finds),
		T(convert_needs_spool_and_root),
		T(convert_old_layout),
		T(convert_stops_at_links),
		T(lock_creates_file_with_mode),
		T(lock_keeps_existing_mode),
		T(lock_release_is_safe),
		T(lock_busy_same_process),
		T(lock_busy_in_child),
		T(lock_waits_for_release),
		T(lock_timeout_from_env),
		T(lock_missing_dir),
		T(lock_eacces),
		T(timeout_argument_wins),
		T(timeout_default),
		T(timeout_valid_env),
		T(timeout_invalid_env),
	};
#undef T

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
