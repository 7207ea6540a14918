/* store.c: the data directory on disk (after git's lockfile.c and redis's
 * rdb.c): flock()ed lock files and writes that are atomic and durable.
 *
 * A write goes to a temp file beside the target, is fsynced, renamed over
 * the target and the directory is fsynced, so that after a crash a reader
 * finds either the old or the new file, whole, never a mix or nothing.
 */
/* mkostemp() is a GNU (and BSD) extension; O_CLOEXEC at creation keeps a
 * temp file descriptor from leaking into a child started meanwhile. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/store.h"

#define LOCK_TIMEOUT_MAX 3600.0
/* Back-off between lock attempts: short first, for the common case of a
 * writer that is about to finish, then no slower than 10 per second. */
#define LOCK_NAP_FIRST 0.010
#define LOCK_NAP_MAX 0.100

static double monotonic_now(void)
{
	struct timespec ts;

	/* Cannot fail for CLOCK_MONOTONIC on any system we build for. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	/* An interrupted nap only makes the caller look at the lock and the
	 * clock sooner: no need to resume it. */
	nanosleep(&ts, NULL);
}

/* 0 and *out set when s is a plain decimal number of seconds in range. */
static int parse_timeout(const char *s, double *out)
{
	char *end;
	double v;

	/* strtod alone would take " 5", "+5", "inf" and "nan". */
	if (!((*s >= '0' && *s <= '9') || *s == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) ||
	    v < 0 || v > LOCK_TIMEOUT_MAX)
		return -1;
	*out = v;
	return 0;
}

double store_lock_timeout(double timeout)
{
	const char *env;
	double v;

	/* !(>= 0) so that NaN, too, means "not given". */
	if (timeout >= 0)
		return timeout;
	env = getenv("PLANTRACK_LOCK_TIMEOUT");
	if (!env || !*env)
		return STORE_LOCK_TIMEOUT_DEFAULT;
	if (parse_timeout(env, &v)) {
		warning("ignoring PLANTRACK_LOCK_TIMEOUT=%s: not a number of "
			"seconds from 0 to %.0f; waiting %.0f seconds",
			env, LOCK_TIMEOUT_MAX, STORE_LOCK_TIMEOUT_DEFAULT);
		return STORE_LOCK_TIMEOUT_DEFAULT;
	}
	return v;
}

/* The lock file: opened, and created with mode when missing. *created
 * tells whether this call made it, as only then is its mode ours to set. */
static int open_lock_file(const char *path, mode_t mode, int *created)
{
	int fd;

	/* O_EXCL first to know who created it; the file may vanish between
	 * the two opens only if someone deletes lock files, so try twice. */
	for (int i = 0; i < 2; i++) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0) {
			*created = 1;
			return fd;
		}
		if (errno != EEXIST)
			return -1;
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			break;
	}
	*created = 0;
	return fd;
}

int store_lock_acquire(struct store_lock *lk, const char *path, mode_t mode,
		       double timeout)
{
	double deadline, left, delay = LOCK_NAP_FIRST;
	int fd, created, status = 0, saved = 0;

	lk->fd = -1;
	lk->path = NULL;
	timeout = store_lock_timeout(timeout);

	do
		fd = open_lock_file(path, mode, &created);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		saved = errno;
		status = (saved == EACCES || saved == EPERM) ? EX_NOPERM
							      : EX_CANTCREAT;
		error("cannot open the lock file %s: %s", path,
		      strerror(saved));
		goto out;
	}
	/* The umask may have stripped the group write bit that lets the
	 * other members of the department lock the file. */
	if (created && fchmod(fd, mode & 07777))
		warning("cannot set the mode of the lock file %s: %s", path,
			strerror(errno));

	deadline = monotonic_now() + timeout;
	for (;;) {
		if (!flock(fd, LOCK_EX | LOCK_NB))
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			saved = errno;
			status = EX_IOERR;
			error("cannot lock %s: %s", path, strerror(saved));
			goto out;
		}
		left = deadline - monotonic_now();
		if (left <= 0) {
			saved = EWOULDBLOCK;
			status = EX_TEMPFAIL;
			error("the department data guarded by %s is busy "
			      "(locked by another update); try again in a "
			      "moment", path);
			goto out;
		}
		nap(delay < left ? delay : left);
		delay = delay * 2 < LOCK_NAP_MAX ? delay * 2 : LOCK_NAP_MAX;
	}
	lk->fd = fd;
	lk->path = xstrdup(path);
	fd = -1;

out:
	if (fd >= 0)
		close(fd);
	if (status)
		errno = saved;
	return status;
}

void store_lock_release(struct store_lock *lk)
{
	if (!lk)
		return;
	if (lk->fd >= 0) {
		/* Explicitly, in case a child forked meanwhile still holds a
		 * copy of the descriptor, which would keep the lock. */
		flock(lk->fd, LOCK_UN);
		close(lk->fd);
	}
	lk->fd = -1;
	free(lk->path);
	lk->path = NULL;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		/* Some systems fail writes above INT_MAX bytes. */
		size_t chunk = len < (size_t)INT_MAX ? len : (size_t)INT_MAX;
		ssize_t n = write(fd, p, chunk);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			/* No progress and no reason: the disk is full. */
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_retry(int fd)
{
	int r;

	do
		r = fsync(fd);
	while (r && errno == EINTR);
	return r;
}

/* mkstemp replaces this many trailing 'X's of its template. */
#define MKSTEMP_SUFFIX 6

int store_write_file(const char *path, const void *data, size_t len,
		     mode_t mode)
{
	const char *base, *step = NULL;
	char *tmp = NULL, *dir = NULL;
	size_t dirlen, baselen;
	struct stat st;
	int fd = -1, dfd = -1, have_old, renamed = 0, status = 0, saved = 0;

	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base) {
		saved = EISDIR;
		status = EX_CANTCREAT;
		goto out;
	}
	dirlen = (size_t)(base - path);
	/* "DIR/.NAME." plus mkstemp's six-letter template: same directory,
	 * so rename() stays atomic; hidden, so a listing of the data does
	 * not show it. */
	baselen = strlen(base);
	tmp = xmalloc(dirlen + 1 + baselen + 1 + MKSTEMP_SUFFIX + 1);
	memcpy(tmp, path, dirlen);
	tmp[dirlen] = '.';
	memcpy(tmp + dirlen + 1, base, baselen);
	tmp[dirlen + 1 + baselen] = '.';
	memset(tmp + dirlen + 2 + baselen, 'X', MKSTEMP_SUFFIX);
	tmp[dirlen + 2 + baselen + MKSTEMP_SUFFIX] = '\0';
	if (!dirlen)
		dir = xstrdup(".");
	else if (dirlen == 1)
		dir = xstrdup("/");
	else {
		dir = xmalloc(dirlen);
		memcpy(dir, path, dirlen - 1);
		dir[dirlen - 1] = '\0';
	}

	have_old = !stat(path, &st);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		saved = errno;
		status = (saved == EACCES || saved == EPERM) ? EX_NOPERM
							      : EX_CANTCREAT;
		step = "cannot create a temporary file in its directory";
		/* mkostemp may have scribbled on the template. */
		free(tmp);
		tmp = NULL;
		goto out;
	}
	status = EX_IOERR;
	if (write_all(fd, data, len))
		goto fail;
	/* Keep the department's group: a file created here gets the
	 * writer's primary group unless the directory is setgid. Not being
	 * able to is no reason to lose the update. */
	if (have_old && fchown(fd, (uid_t)-1, st.st_gid)) {
		/* best effort */
	}
	/* mkstemp makes 0600 and the umask would strip group write, which
	 * the other members of the department need. Before fsync, so that
	 * the mode is as durable as the data. */
	if (fchmod(fd, mode & 07777)) {
		step = "cannot set the mode of the temporary file";
		goto fail;
	}
	if (fsync_retry(fd))
		goto fail;
	/* Linux releases the descriptor even when close fails, and EINTR
	 * there comes after the data is safe (fsync above). */
	if (close(fd) && errno != EINTR) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path)) {
		if (errno == EACCES || errno == EPERM)
			status = EX_NOPERM;
		step = "cannot rename the temporary file over it";
		goto fail;
	}
	renamed = 1;
	/* The rename lives in the directory: until the directory is on
	 * disk, a crash may bring back the old file. */
	step = "cannot sync its directory";
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync_retry(dfd))
		goto fail;
	status = 0;
	goto out;

fail:
	saved = errno;
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (status && tmp && !renamed)
		unlink(tmp);
	if (status)
		error("cannot write %s: %s%s%s (%s)", path,
		      step ? step : "", step ? ": " : "", strerror(saved),
		      renamed ? "the new content is in place but may not "
				"survive a system crash"
			      : "nothing was changed");
	free(tmp);
	free(dir);
	if (status)
		errno = saved;
	return status;
}

int store_read_file(const char *path, size_t max, char **buf, size_t *len,
		    int quiet_enoent)
{
	struct stat st;
	char *p = NULL;
	size_t n = 0, alloc;
	int fd, status = 0, saved = 0;

	*buf = NULL;
	if (len)
		*len = 0;
	/* Room for max + 1 bytes and the NUL must not wrap around. */
	if (max > SIZE_MAX - 2)
		max = SIZE_MAX - 2;
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer before fstat could refuse it. No effect on regular files. */
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		saved = errno;
		if (saved == ENOENT || saved == ENOTDIR)
			status = EX_NOINPUT;
		else if (saved == EACCES || saved == EPERM)
			status = EX_NOPERM;
		else
			status = EX_IOERR;
		if (!(saved == ENOENT && quiet_enoent))
			error("cannot read %s: %s", path, strerror(saved));
		goto out;
	}
	if (fstat(fd, &st)) {
		saved = errno;
		status = EX_IOERR;
		error("cannot read %s: %s", path, strerror(saved));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		status = EX_NOINPUT;
		error("cannot read %s: not a regular file", path);
		goto out;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > max)
		goto too_large;
	/* Room for the size seen plus one byte, to notice growth at once. */
	alloc = (size_t)st.st_size + 2;
	p = xmalloc(alloc);
	for (;;) {
		ssize_t r;

		if (n + 1 == alloc) {
			if (n > max)
				goto too_large;
			alloc = alloc > max / 2 ? max + 2 : alloc * 2;
			p = xrealloc(p, alloc);
		}
		r = read(fd, p + n, alloc - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			status = EX_IOERR;
			error("cannot read %s: %s", path, strerror(saved));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max)
		goto too_large;
	p[n] = '\0';
	*buf = p;
	p = NULL;
	if (len)
		*len = n;
	goto out;

too_large:
	saved = EFBIG;
	status = EX_DATAERR;
	error("cannot read %s: too large (the limit is %zu bytes)", path, max);
out:
	if (fd >= 0)
		close(fd);
	free(p);
	if (status)
		errno = saved;
	return status;
}
