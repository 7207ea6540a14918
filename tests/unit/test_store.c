// LDFLAGS: -Wl,--wrap=fsync -Wl,--wrap=rename -Wl,--wrap=write -Wl,--wrap=close
/* test_store.c: locks and atomic, durable writes (src/store.c).
 *
 * Failures are injected through link seams: the line above makes the
 * linker send store.o's calls of write, fsync, close and rename to the
 * __wrap_* functions below, which fail the Nth call when a test asks.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
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
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);

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

int __wrap_rename(const char *from, const char *to)
{
	int e = seam_hit(S_RENAME);

	seam_note('R');
	if (e) {
		errno = e;
		return -1;
	}
	return __real_rename(from, to);
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
			 EX_NOINPUT);
	alarm(0);
	assert_null(buf);
	assert_non_null(strstr(messages(fx), "not a regular file"));
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
		T(read_refuses_directory),
		T(read_refuses_fifo),
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
