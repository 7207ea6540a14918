/* store.c: the data directory on disk (after git's lockfile.c, redis's
 * rdb.c and OpenBSD's crontab): flock()ed lock files, writes that are
 * atomic and durable, and no trust in anything found on disk.
 *
 * A write goes to a temp file beside the target, is fsynced, renamed over
 * the target and the directory is fsynced, so that after a crash a reader
 * finds either the old or the new file, whole, never a mix or nothing.
 *
 * Inside the data directory every step is relative to a directory
 * descriptor and never follows a link (store.h), and runs with the
 * installed group when the data directory is the installed one (priv.h).
 */
/* O_PATH-free *at calls, O_NOFOLLOW, getrandom() and fdopendir are in
 * POSIX 2008 or GNU; _GNU_SOURCE gives them all. */
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/priv.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"

#define LOCK_TIMEOUT_MAX 3600.0
/* Back-off between lock attempts: short first, for the common case of a
 * writer that is about to finish, then no slower than 10 per second. */
#define LOCK_NAP_FIRST 0.010
#define LOCK_NAP_MAX 0.100
/* Letters after ".NAME." in a temp file's name, as mkstemp's XXXXXX. */
#define TEMP_SUFFIX 6
/* Names tried before giving up: with 62^6 names, only a directory full
 * of someone's temp files makes more than one necessary. */
#define TEMP_TRIES 100

/* ---- the data directory ---- */

static struct {
	char *path;	/* as the user named it; NULL: none registered */
	int fd;		/* open on it, or -1 */
	bool spool;	/* installed: privileged steps, ownership checked */
	bool relaxed;	/* converting: ownership not checked */
	gid_t gid;	/* the installed group */
} data = { NULL, -1, false, false, 0 };

/* The derived files' steps (store_*_quiet) print nothing: a snapshot that
 * cannot be used or written is not news (snapshot.h). */
static bool quiet;

void store_set_datadir(const char *path, int fd, bool spool, gid_t gid)
{
	store_reset_datadir();
	data.path = xstrdup(path);
	data.fd = fd;
	data.spool = spool;
	data.gid = gid;
}

void store_reset_datadir(void)
{
	if (data.fd >= 0)
		close(data.fd);
	free(data.path);
	data.path = NULL;
	data.fd = -1;
	data.spool = false;
	data.relaxed = false;
	data.gid = 0;
}

static bool strict(bool in_data)
{
	return in_data && data.spool && !data.relaxed;
}

/* The part of path after the data directory (its names, without the
 * leading slashes), or NULL when path is not a file inside it: another
 * directory, the data directory itself, or a path through "." or "..",
 * which would leave it. */
static const char *data_rel(const char *path)
{
	size_t n, len;
	const char *rel, *p;

	if (!data.path)
		return NULL;
	n = strlen(data.path);
	if (strncmp(path, data.path, n) != 0)
		return NULL;
	rel = path + n;
	if (n && data.path[n - 1] != '/' && *rel != '/')
		return NULL;
	for (p = rel; *p; p += len) {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return NULL;
	}
	while (*rel == '/')
		rel++;
	return *rel ? rel : NULL;
}

/* ---- steps, with the group when in the data directory ---- */

static int at_open(bool in_data, int dfd, const char *name, int flags,
		   mode_t mode)
{
	int fd;

	if (in_data)
		(void)priv_raise();
	do
		fd = openat(dfd, name, flags, mode);
	while (fd < 0 && errno == EINTR);
	if (in_data)
		priv_lower();
	return fd;
}

static int at_stat(bool in_data, int dfd, const char *name, struct stat *st)
{
	int r;

	if (in_data)
		(void)priv_raise();
	r = fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW);
	if (in_data)
		priv_lower();
	return r;
}

static int at_unlink(bool in_data, int dfd, const char *name)
{
	int r;

	if (in_data)
		(void)priv_raise();
	r = unlinkat(dfd, name, 0);
	if (in_data)
		priv_lower();
	return r;
}

static int at_rename(bool in_data, int dfd, const char *from, const char *to)
{
	int r;

	if (in_data)
		(void)priv_raise();
	r = renameat(dfd, from, dfd, to);
	if (in_data)
		priv_lower();
	return r;
}

static int at_mkdir(bool in_data, int dfd, const char *name, mode_t mode)
{
	int r;

	if (in_data)
		(void)priv_raise();
	r = mkdirat(dfd, name, mode);
	if (in_data)
		priv_lower();
	return r;
}

/* ---- refusals ---- */

static const char *kind_of(mode_t m)
{
	if (S_ISLNK(m))
		return _("a symbolic link");
	if (S_ISDIR(m))
		return _("a directory");
	if (S_ISFIFO(m))
		return _("a FIFO (named pipe)");
	if (S_ISCHR(m) || S_ISBLK(m))
		return _("a device");
	if (S_ISSOCK(m))
		return _("a socket");
	if (S_ISREG(m))
		return _("a regular file");
	return _("of an unknown kind");
}

/* What a function was doing, for the head of its messages. */
enum op { OP_READ, OP_LOCK, OP_WRITE, OP_MKDIR, OP_CONVERT };

/* "cannot VERB path: why". */
static void say(enum op op, const char *path, const char *why)
{
	if (quiet)
		return;
	switch (op) {
	case OP_READ:
		error(_("cannot read %s: %s"), path, why);
		break;
	case OP_LOCK:
		error(_("cannot open the lock file %s: %s"), path, why);
		break;
	case OP_WRITE:
		error(_("cannot write %s: %s (nothing was changed)"), path,
		      why);
		break;
	case OP_MKDIR:
		error(_("cannot create directory %s: %s"), path, why);
		break;
	case OP_CONVERT:
		error(_("cannot convert %s: %s"), path, why);
		break;
	}
}

/* path (or part, a directory on the way to it) is there but is not what
 * plantrack keeps there. Names it and the kind of thing found; reads
 * nothing of it. */
static int refuse(enum op op, const char *path, const char *part, mode_t have,
		  bool want_dir)
{
	struct strbuf why = STRBUF_INIT;

	if (part)
		strbuf_addf(&why, _("%s is not a directory but %s"), part,
			    kind_of(have));
	else if (want_dir)
		strbuf_addf(&why, _("not a directory but %s"), kind_of(have));
	else
		strbuf_addf(&why, _("not a regular file but %s"),
			    kind_of(have));
	strbuf_addstr(&why, _("; plantrack never follows a link or opens "
			      "anything else in its data directory (ask the "
			      "administrator to remove it)"));
	say(op, path, why.buf);
	strbuf_release(&why);
	errno = S_ISLNK(have) ? ELOOP : want_dir || part ? ENOTDIR :
		S_ISDIR(have) ? EISDIR : EINVAL;
	return EX_DATAERR;
}

static void user_name(uid_t uid, char *buf, size_t size)
{
	const struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%lu", (unsigned long)uid);
}

static void group_name(gid_t gid, char *buf, size_t size)
{
	const struct group *gr = getgrgid(gid);

	if (gr && gr->gr_name)
		snprintf(buf, size, "%s", gr->gr_name);
	else
		snprintf(buf, size, "%lu", (unsigned long)gid);
}

/* Spool mode: a file or directory not owned as the installed plantrack
 * keeps them could have been put there by someone else. */
static int refuse_owner(enum op op, const char *path, const char *part,
			const struct stat *st)
{
	struct strbuf why = STRBUF_INIT;
	char user[64], group[64], want[64];

	user_name(st->st_uid, user, sizeof(user));
	group_name(st->st_gid, group, sizeof(group));
	group_name(data.gid, want, sizeof(want));
	if (S_ISDIR(st->st_mode))
		strbuf_addf(&why, _("%s belongs to %s:%s with mode %04o, but "
				    "every directory of the installed "
				    "plantrack belongs to root and the group "
				    "%s, not writable by others"),
			    part ? part : path, user, group,
			    (unsigned)(st->st_mode & 07777), want);
	else
		strbuf_addf(&why, _("its group is %s and its mode %04o, but "
				    "every file of the installed plantrack "
				    "belongs to the group %s, not writable by "
				    "others"), group,
			    (unsigned)(st->st_mode & 07777), want);
	strbuf_addstr(&why, _("; the administrator sets this right with "
			      "'plantrack init --convert' (see "
			      "docs/administration.md)"));
	say(op, path, why.buf);
	strbuf_release(&why);
	errno = EPERM;
	return EX_NOPERM;
}

/* fd is open on part (the directory path is reached through, or path
 * itself when NULL): a directory, owned as spool mode wants it. */
static int check_dir(enum op op, bool in_data, int fd, const char *path,
		     const char *part)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	if (!S_ISDIR(st.st_mode))
		return refuse(op, path, part, st.st_mode, true);
	if (strict(in_data) && (st.st_uid != 0 || st.st_gid != data.gid ||
				(st.st_mode & S_IWOTH)))
		return refuse_owner(op, path, part, &st);
	return 0;
}

/* A file of the data directory that has other names is someone else's
 * file linked in (with fs.protected_hardlinks off, a member of a
 * department could link /etc/shadow there, for root's cron to read):
 * plantrack's own files never have two names, as every write is a new
 * file renamed into place. In spool mode nobody else can make a link
 * there, and root may keep linked backups. */
static int refuse_links(enum op op, const char *path, const struct stat *st)
{
	struct strbuf why = STRBUF_INIT;

	strbuf_addf(&why, _("it has %lu names (hard links): plantrack's own "
			    "files have one, so this may be another file "
			    "linked in; ask the administrator to look at it "
			    "and replace it with a copy"),
		    (unsigned long)st->st_nlink);
	say(op, path, why.buf);
	strbuf_release(&why);
	errno = EMLINK;
	return EX_DATAERR;
}

static int check_file(enum op op, bool in_data, const struct stat *st,
		      const char *path)
{
	if (!S_ISREG(st->st_mode))
		return refuse(op, path, NULL, st->st_mode, false);
	if (st->st_nlink > 1 && !(in_data && data.spool))
		return refuse_links(op, path, st);
	if (strict(in_data) && (st->st_gid != data.gid ||
				(st->st_mode & S_IWOTH)))
		return refuse_owner(op, path, NULL, st);
	return 0;
}

/* ---- finding the directory that holds a path's last name ---- */

static char *dup_prefix(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct where {
	enum op op;		/* for messages */
	int dfd;		/* the directory holding name, or -1 */
	bool own;		/* dfd is ours to close (not data.fd) */
	bool in_data;		/* inside the data directory */
	char *copy;		/* owned: the path, cut into names */
	const char *name;	/* the last name, in copy */
};

#define WHERE_INIT { OP_READ, -1, false, false, NULL, NULL }

static void where_release(struct where *w)
{
	if (w->own && w->dfd >= 0)
		close(w->dfd);
	free(w->copy);
	w->dfd = -1;
	w->own = false;
	w->copy = NULL;
	w->name = NULL;
}

/* The data directory itself: its descriptor, or opened by path when
 * none was registered or it did not exist then. */
static int data_root(enum op op, const char *path, int *fd, bool *own)
{
	int r;

	*own = false;
	*fd = data.fd;
	if (*fd < 0) {
		*fd = at_open(true, AT_FDCWD, data.path,
			      O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (*fd < 0)
			return -1;
		*own = true;
	}
	r = check_dir(op, true, *fd, path, data.path);
	if (r && *own) {
		int e = errno;

		close(*fd);
		errno = e;
	}
	if (r) {
		*fd = -1;
		*own = false;
	}
	return r;
}

/* Walks rel (inside copy) from the data directory, one directory at a
 * time, never through a link. */
static int walk(struct where *w, const char *path, char *rel)
{
	struct stat st;
	char *p = rel, *next, *shown;
	int fd, r;

	if ((r = data_root(w->op, path, &w->dfd, &w->own)))
		return r;
	for (;;) {
		while (*p == '/')
			p++;
		next = strchr(p, '/');
		if (!next || !next[strspn(next, "/")]) {
			if (next)
				*next = '\0';
			break;
		}
		*next = '\0';
		fd = at_open(true, w->dfd, p, O_RDONLY | O_DIRECTORY |
			     O_NOFOLLOW | O_CLOEXEC, 0);
		shown = dup_prefix(path, (size_t)(next - w->copy));
		if (fd < 0) {
			int e = errno;

			if ((e == ELOOP || e == ENOTDIR) &&
			    !at_stat(true, w->dfd, p, &st) &&
			    !S_ISDIR(st.st_mode))
				r = refuse(w->op, path, shown, st.st_mode,
					   true);
			else
				r = -1;
			if (r < 0)
				errno = e;
		} else {
			if (w->own)
				close(w->dfd);
			w->dfd = fd;
			w->own = true;
			r = check_dir(w->op, true, fd, path, shown);
		}
		free(shown);
		if (r)
			return r;
		p = next + 1;
	}
	w->name = p;
	return 0;
}

/* Finds the directory holding path's last name: inside the data
 * directory (and not user) by walk(), else by the directory part as
 * named. 0; -1 with errno (the caller says what it was doing); or an
 * exit status, refusal printed. */
static int where_open(struct where *w, const char *path, bool user,
		      enum op op)
{
	const char *rel = user ? NULL : data_rel(path);
	const char *dir;
	char *slash;

	w->op = op;
	w->copy = xstrdup(path);
	w->in_data = rel != NULL;
	if (rel)
		return walk(w, path, w->copy + (rel - path));
	slash = strrchr(w->copy, '/');
	if (!slash) {
		w->name = w->copy;
		dir = ".";
	} else {
		*slash = '\0';
		w->name = slash + 1;
		dir = slash == w->copy ? "/" : w->copy;
	}
	if (!*w->name) {
		errno = EISDIR;
		return -1;
	}
	w->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dfd < 0)
		return -1;
	w->own = true;
	return 0;
}

/* ---- locks ---- */

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
		warning(_("ignoring PLANTRACK_LOCK_TIMEOUT=%s: not a number of "
			  "seconds from 0 to %.0f; waiting %.0f seconds"),
			env, LOCK_TIMEOUT_MAX, STORE_LOCK_TIMEOUT_DEFAULT);
		return STORE_LOCK_TIMEOUT_DEFAULT;
	}
	return v;
}

static int create_status(int e)
{
	return e == EACCES || e == EPERM ? EX_NOPERM : EX_CANTCREAT;
}

/* The lock file, opened (created with mode when missing) into *out: a
 * regular file, checked before it is opened, so that a device is never
 * opened nor a FIFO waited on. */
static int open_lock(const struct where *w, const char *path, mode_t mode,
		     int *out)
{
	struct stat st;
	int fd = -1, created = 0, status, saved;

	*out = -1;
	/* O_EXCL first to know who created it; the file may vanish between
	 * the two opens only if someone deletes lock files, so try twice. */
	for (int i = 0; i < 2; i++) {
		if (!at_stat(w->in_data, w->dfd, w->name, &st) &&
		    !S_ISREG(st.st_mode))
			return refuse(OP_LOCK, path, NULL, st.st_mode, false);
		fd = at_open(w->in_data, w->dfd, w->name, O_RDWR | O_CREAT |
			     O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
		if (fd >= 0) {
			created = 1;
			break;
		}
		if (errno != EEXIST)
			break;
		fd = at_open(w->in_data, w->dfd, w->name, O_RDWR | O_NOFOLLOW |
			     O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
		if (fd >= 0 || errno != ENOENT)
			break;
	}
	if (fd < 0) {
		saved = errno;
		if (saved == ELOOP &&
		    !at_stat(w->in_data, w->dfd, w->name, &st))
			return refuse(OP_LOCK, path, NULL, st.st_mode, false);
		error(_("cannot open the lock file %s: %s"), path,
		      err_strerror(saved));
		errno = saved;
		return create_status(saved);
	}
	if (fstat(fd, &st)) {
		saved = errno;
		close(fd);
		error(_("cannot open the lock file %s: %s"), path,
		      err_strerror(saved));
		errno = saved;
		return EX_IOERR;
	}
	status = check_file(OP_LOCK, w->in_data, &st, path);
	if (status) {
		saved = errno;
		close(fd);
		errno = saved;
		return status;
	}
	/* The umask may have stripped the group write bit that lets the
	 * other members of the department lock the file. */
	if (created && fchmod(fd, mode & 07777))
		warning(_("cannot set the mode of the lock file %s: %s"), path,
			err_strerror(errno));
	*out = fd;
	return 0;
}

/* flock(fd) before deadline (*delay: the next nap). */
static int take(int fd, const char *path, double deadline, double *delay)
{
	double left;
	int saved;

	for (;;) {
		if (!flock(fd, LOCK_EX | LOCK_NB))
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			saved = errno;
			error(_("cannot lock %s: %s"), path, err_strerror(saved));
			errno = saved;
			return EX_IOERR;
		}
		left = deadline - monotonic_now();
		if (left <= 0) {
			error(_("the department data guarded by %s is busy "
				"(locked by another update); try again in a "
				"moment"), path);
			errno = EWOULDBLOCK;
			return EX_TEMPFAIL;
		}
		nap(*delay < left ? *delay : left);
		*delay = *delay * 2 < LOCK_NAP_MAX ? *delay * 2 : LOCK_NAP_MAX;
	}
}

/* 1: fd is the file at the lock's path; 0: the path now holds another
 * file or none; -1: cannot tell (errno). */
static int still_there(const struct where *w, int fd)
{
	struct stat a, b;

	if (fstat(fd, &a))
		return -1;
	if (at_stat(w->in_data, w->dfd, w->name, &b))
		return errno == ENOENT ? 0 : -1;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* ".NAME." and TEMP_SUFFIX letters or digits: store's temp files. */
static bool is_temp_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 + TEMP_SUFFIX || s[0] != '.' || s[n - TEMP_SUFFIX - 1] != '.')
		return false;
	for (size_t i = n - TEMP_SUFFIX; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* Every write in the lock's directory happens under the lock, so every
 * temp file found there by its holder belongs to a writer that died
 * (kill -9, a crash) before it could remove it. Best effort: a leftover
 * that cannot be removed harms nothing but space. */
/* Removes the names of w's directory that match says. */
static void sweep_names(const struct where *w, bool (*match)(const char *))
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = at_open(w->in_data, w->dfd, ".", O_RDONLY | O_DIRECTORY |
		     O_CLOEXEC, 0);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (match(de->d_name))
			(void)at_unlink(w->in_data, w->dfd, de->d_name);
	closedir(d);
}

static void sweep_temps(const struct where *w)
{
	sweep_names(w, is_temp_name);
}

int store_lock_acquire(struct store_lock *lk, const char *path, mode_t mode,
		       double timeout)
{
	struct where w = WHERE_INIT;
	double deadline, delay = LOCK_NAP_FIRST;
	int fd = -1, r, status = 0, saved = 0;

	lk->fd = -1;
	lk->path = NULL;
	timeout = store_lock_timeout(timeout);

	r = where_open(&w, path, false, OP_LOCK);
	if (r < 0) {
		saved = errno;
		status = create_status(saved);
		error(_("cannot open the lock file %s: %s"), path,
		      err_strerror(saved));
		goto out;
	}
	if (r > 0) {
		saved = errno;
		status = r;
		goto out;
	}
	deadline = monotonic_now() + timeout;
	for (;;) {
		status = open_lock(&w, path, mode, &fd);
		if (!status)
			status = take(fd, path, deadline, &delay);
		if (status) {
			saved = errno;
			goto out;
		}
		r = still_there(&w, fd);
		if (r > 0)
			break;
		if (r < 0) {
			saved = errno;
			status = EX_IOERR;
			error(_("cannot lock %s: %s"), path, err_strerror(saved));
			goto out;
		}
		/* Removed or replaced while this process waited for it: the
		 * next writer opens the file at the path, so that is the one
		 * to hold. */
		close(fd);
		fd = -1;
		if (monotonic_now() > deadline) {
			saved = EWOULDBLOCK;
			status = EX_TEMPFAIL;
			error(_("the department data guarded by %s is busy "
				"(its lock file keeps being replaced); try "
				"again in a moment"), path);
			goto out;
		}
	}
	sweep_temps(&w);
	lk->fd = fd;
	lk->path = xstrdup(path);
	fd = -1;

out:
	if (fd >= 0)
		close(fd);
	where_release(&w);
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

/* ---- writes ---- */

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

static void random_letters(char *out, size_t n)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long counter;
	unsigned char r[TEMP_SUFFIX];
	struct timespec ts;

	if (n > sizeof(r))
		n = sizeof(r);
	if (getrandom(r, n, GRND_NONBLOCK) != (ssize_t)n) {
		/* No entropy yet (early boot): unique enough with O_EXCL. */
		unsigned long x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long)ts.tv_nsec ^
		    ((unsigned long)getpid() << 16) ^ ++counter * 2654435761UL;
		for (size_t i = 0; i < n; i++, x /= 62)
			r[i] = (unsigned char)(x % 62);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = letters[r[i] % (sizeof(letters) - 1)];
}

/* Creates ".NAME.XXXXXX" (0600, never through a link) beside the last
 * name: same directory, so rename() stays atomic; hidden, so a listing
 * of the data does not show it. *tmp: its name (caller frees), NULL on
 * failure. */
static int make_temp(const struct where *w, char **tmp)
{
	size_t n = strlen(w->name);
	char *t = xmalloc(n + 3 + TEMP_SUFFIX);
	int fd = -1;

	t[0] = '.';
	memcpy(t + 1, w->name, n);
	t[n + 1] = '.';
	t[n + 2 + TEMP_SUFFIX] = '\0';
	for (int i = 0; i < TEMP_TRIES; i++) {
		random_letters(t + n + 2, TEMP_SUFFIX);
		fd = at_open(w->in_data, w->dfd, t, O_WRONLY | O_CREAT |
			     O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(t);
		t = NULL;
	}
	*tmp = t;
	return fd;
}

static void write_failed(const char *path, const char *step, int err,
			 int renamed)
{
	if (quiet)
		return;
	error(_("cannot write %s: %s%s%s (%s)"), path, step ? step : "",
	      step ? ": " : "", err_strerror(err),
	      renamed ? _("the new content is in place but may not survive "
			  "a system crash")
		      : _("nothing was changed"));
}

/* Replaces w's name atomically and durably (store_write_file). */
static int write_atomic(const struct where *w, const char *path,
			const struct store_piece *pieces, size_t n_pieces,
			mode_t mode, bool durable, const struct timespec *mtime)
{
	const char *step = NULL;
	char *tmp = NULL;
	struct stat st;
	int fd, have_old, renamed = 0, status = 0, saved = 0;

	have_old = !at_stat(w->in_data, w->dfd, w->name, &st);
	/* Renaming over a link would not follow it, but whatever was put
	 * there is for a person to look at, not to be silently replaced. */
	if (have_old && !S_ISREG(st.st_mode))
		return refuse(OP_WRITE, path, NULL, st.st_mode, false);
	fd = make_temp(w, &tmp);
	if (fd < 0) {
		saved = errno;
		status = create_status(saved);
		step = _("cannot create a temporary file in its directory");
		goto out;
	}
	status = EX_IOERR;
	for (size_t i = 0; i < n_pieces; i++)
		if (write_all(fd, pieces[i].p, pieces[i].len))
			goto fail;
	/* Keep the department's group: a file created here gets the
	 * writer's primary group unless the directory is setgid. Not being
	 * able to is no reason to lose the update. In spool mode the
	 * directory is setgid, and the writer may not give its group. */
	if (have_old && !(w->in_data && data.spool) &&
	    fchown(fd, (uid_t)-1, st.st_gid)) {
		/* best effort */
	}
	/* A new file is 0600 and the umask would strip group write, which
	 * the other members of the department need. Before fsync, so that
	 * the mode is as durable as the data. */
	if (fchmod(fd, mode & 07777)) {
		step = _("cannot set the mode of the temporary file");
		goto fail;
	}
	if (mtime) {
		const struct timespec times[2] = {
			{ 0, UTIME_OMIT }, *mtime,
		};

		(void)futimens(fd, times);	/* unsealed is only slower */
	}
	if (durable && fsync_retry(fd))
		goto fail;
	/* Linux releases the descriptor even when close fails, and EINTR
	 * there comes after the data is safe (fsync above). */
	if (close(fd) && errno != EINTR) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (at_rename(w->in_data, w->dfd, tmp, w->name)) {
		if (errno == EACCES || errno == EPERM)
			status = EX_NOPERM;
		step = _("cannot rename the temporary file over it");
		goto fail;
	}
	renamed = 1;
	/* The rename lives in the directory: until the directory is on
	 * disk, a crash may bring back the old file. */
	step = _("cannot sync its directory");
	if (durable && fsync_retry(w->dfd))
		goto fail;
	status = 0;
	goto out;

fail:
	saved = errno;
out:
	if (fd >= 0)
		close(fd);
	if (status && tmp && !renamed)
		(void)at_unlink(w->in_data, w->dfd, tmp);
	if (status)
		write_failed(path, step, saved, renamed);
	free(tmp);
	if (status)
		errno = saved;
	return status;
}

static int write_file(const char *path, const void *buf, size_t len,
		      mode_t mode, bool user)
{
	struct where w = WHERE_INIT;
	int r, status;

	r = where_open(&w, path, user, OP_WRITE);
	if (r < 0) {
		int saved = errno;

		status = create_status(saved);
		write_failed(path, _("cannot create a temporary file in its "
				     "directory"), saved, 0);
		errno = saved;
	} else if (r > 0) {
		status = r;
	} else {
		struct store_piece one = { buf, len };

		status = write_atomic(&w, path, &one, 1, mode, true, NULL);
	}
	r = errno;
	where_release(&w);
	errno = r;
	return status;
}

int store_write_file(const char *path, const void *buf, size_t len,
		     mode_t mode)
{
	return write_file(path, buf, len, mode, false);
}

/* Writes through whatever open(2) finds at path: a device, a FIFO, the
 * file a link points to. Not atomic: there is nothing to rename over. */
static int write_through(const char *path, const void *buf, size_t len,
			 mode_t mode)
{
	struct stat st;
	int fd, status = 0, saved = 0;

	do
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY |
			  O_CLOEXEC, mode & 0777);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		saved = errno;
		status = create_status(saved);
		goto out;
	}
	status = EX_IOERR;
	if (write_all(fd, buf, len))
		goto fail;
	/* Durable when it is a file; fsync means nothing to a pipe. */
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && fsync_retry(fd))
		goto fail;
	if (close(fd) && errno != EINTR) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	status = 0;
	goto out;
fail:
	saved = errno;
out:
	if (fd >= 0)
		close(fd);
	if (status) {
		error(_("cannot write %s: %s"), path, err_strerror(saved));
		errno = saved;
	}
	return status;
}

int store_write_user_file(const char *path, const void *buf, size_t len,
			  mode_t mode)
{
	struct stat st;

	/* Only a regular file (or nothing) is replaced: renaming over
	 * /dev/null, a FIFO someone reads or a link would destroy it. */
	if (!lstat(path, &st) && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			error(_("cannot write %s: %s"), path, err_strerror(EISDIR));
			errno = EISDIR;
			return EX_CANTCREAT;
		}
		return write_through(path, buf, len, mode);
	}
	return write_file(path, buf, len, mode, true);
}

/* ---- reads ---- */

static int read_status(int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return EX_NOINPUT;
	if (e == EACCES || e == EPERM)
		return EX_NOPERM;
	return EX_IOERR;
}

/* Reads fd (a regular file of st->st_size bytes, perhaps growing) to its
 * end, at most max bytes. */
/* With cap, *buf (of *cap bytes, or NULL) is read into when it has room,
 * and stays the caller's whatever happens. */
static int read_fd(int fd, const struct stat *st, const char *path,
		   size_t max, char **buf, size_t *cap, size_t *len)
{
	char *p = NULL;
	size_t n = 0, alloc = 0;
	int status = 0, saved = 0;

	/* Room for max + 1 bytes and the NUL must not wrap around. */
	if (max > SIZE_MAX - 2)
		max = SIZE_MAX - 2;
	if (st->st_size < 0 || (unsigned long long)st->st_size > max)
		goto too_large;
	/* Room for the size seen plus one byte, to notice growth at once. */
	alloc = (size_t)st->st_size + 2;
	if (cap && *buf && *cap >= alloc) {
		p = *buf;
		alloc = *cap;
	} else {
		if (cap) {
			free(*buf);
			*buf = NULL;
			*cap = 0;
		}
		/* A department's file of 30 MB: in huge pages (xmalloc), a
		 * fault per 2 MB as read() fills it, not per 4 KB. */
		p = xmalloc(alloc);
	}
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
			error(_("cannot read %s: %s"), path, err_strerror(saved));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max)
		goto too_large;
	p[n] = '\0';
	if (len)
		*len = n;
	goto out;

too_large:
	saved = EFBIG;
	status = EX_DATAERR;
	error(_("cannot read %s: too large (the limit is %zu bytes)"), path,
	      max);
out:
	if (cap) {
		/* Refused before reading (p NULL): the caller's buffer is
		 * as it was. */
		if (p) {
			*buf = p;
			*cap = alloc;
		}
	} else if (status) {
		free(p);
	} else {
		*buf = p;
	}
	if (status)
		errno = saved;
	return status;
}

int store_read_file(const char *path, size_t max, char **buf, size_t *len,
		    int quiet_enoent)
{
	return store_read_file_st(path, max, buf, len, quiet_enoent, NULL);
}

int store_read_file_st(const char *path, size_t max, char **buf, size_t *len,
		       int quiet_enoent, struct stat *out)
{
	*buf = NULL;
	return store_read_file_into(path, max, buf, NULL, len, quiet_enoent,
				    out);
}

int store_read_file_into(const char *path, size_t max, char **buf,
			 size_t *cap, size_t *len, int quiet_enoent,
			 struct stat *out)
{
	struct where w = WHERE_INIT;
	struct stat st;
	int fd = -1, r, status = 0, saved = 0;

	if (len)
		*len = 0;
	r = where_open(&w, path, false, OP_READ);
	/* What is there, before opening it: a device is not even opened. */
	if (!r && at_stat(w.in_data, w.dfd, w.name, &st))
		r = -1;
	if (r > 0) {
		saved = errno;
		status = r;
		goto out;
	}
	if (!r && !S_ISREG(st.st_mode)) {
		status = refuse(OP_READ, path, NULL, st.st_mode, false);
		saved = errno;
		goto out;
	}
	/* O_NONBLOCK: should a FIFO take the file's place meanwhile, opening
	 * it must not wait for a writer before fstat can refuse it. */
	if (!r)
		fd = at_open(w.in_data, w.dfd, w.name, O_RDONLY | O_NOFOLLOW |
			     O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
	if (r || fd < 0) {
		saved = errno;
		if (saved == ELOOP && !r &&
		    !at_stat(w.in_data, w.dfd, w.name, &st)) {
			status = refuse(OP_READ, path, NULL, st.st_mode, false);
			goto out;
		}
		status = read_status(saved);
		if (!(saved == ENOENT && quiet_enoent))
			error(_("cannot read %s: %s"), path, err_strerror(saved));
		goto out;
	}
	if (fstat(fd, &st)) {
		saved = errno;
		status = EX_IOERR;
		error(_("cannot read %s: %s"), path, err_strerror(saved));
		goto out;
	}
	status = check_file(OP_READ, w.in_data, &st, path);
	if (status) {
		saved = errno;
		goto out;
	}
	status = read_fd(fd, &st, path, max, buf, cap, len);
	saved = errno;
	if (!status && out)
		*out = st;
out:
	if (fd >= 0)
		close(fd);
	where_release(&w);
	if (status)
		errno = saved;
	return status;
}

int store_read_user_file(const char *path, size_t max, char **buf,
			 size_t *len)
{
	struct stat st;
	int fd, status = 0, saved = 0;

	*buf = NULL;
	if (len)
		*len = 0;
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer before fstat could refuse it. No effect on regular files. */
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		saved = errno;
		status = read_status(saved);
		error(_("cannot read %s: %s"), path, err_strerror(saved));
		goto out;
	}
	if (fstat(fd, &st)) {
		saved = errno;
		status = EX_IOERR;
		error(_("cannot read %s: %s"), path, err_strerror(saved));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		status = EX_NOINPUT;
		error(_("cannot read %s: not a regular file"), path);
		goto out;
	}
	status = read_fd(fd, &st, path, max, buf, NULL, len);
	saved = errno;
out:
	if (fd >= 0)
		close(fd);
	if (status)
		errno = saved;
	return status;
}

/* ---- derived files (snapshot.h) ---- */

/* where_open without a word: a refusal is -1 with errno, as any other
 * failure. */
static int where_quiet(struct where *w, const char *path, enum op op)
{
	int r;

	quiet = true;
	r = where_open(w, path, false, op);
	quiet = false;
	return r > 0 ? -1 : r;
}

int store_stat_quiet(const char *path, struct stat *st)
{
	struct where w = WHERE_INIT;
	int r, saved;

	r = where_quiet(&w, path, OP_READ);
	if (!r)
		r = at_stat(w.in_data, w.dfd, w.name, st);
	saved = errno;
	where_release(&w);
	errno = saved;
	return r ? -1 : 0;
}

int store_open_quiet(const char *path, int *fd, struct stat *st)
{
	struct where w = WHERE_INIT;
	int r, d = -1, saved;

	*fd = -1;
	r = where_quiet(&w, path, OP_READ);
	if (!r && at_stat(w.in_data, w.dfd, w.name, st))
		r = -1;
	if (!r && !S_ISREG(st->st_mode)) {
		errno = EINVAL;
		r = -1;
	}
	if (!r) {
		d = at_open(w.in_data, w.dfd, w.name, O_RDONLY | O_NOFOLLOW |
			    O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
		if (d < 0 || fstat(d, st))
			r = -1;
	}
	if (!r) {
		quiet = true;
		r = check_file(OP_READ, w.in_data, st, path) ? -1 : 0;
		quiet = false;
	}
	saved = errno;
	if (r && d >= 0)
		close(d);
	else
		*fd = d;
	where_release(&w);
	errno = saved;
	return r;
}

int store_open_dir_quiet(const char *path, mode_t mode, int *fd,
			 struct stat *st, bool *created)
{
	struct where w = WHERE_INIT;
	int r, d = -1, saved;

	*fd = -1;
	*created = false;
	r = where_quiet(&w, path, OP_MKDIR);
	if (!r && mode) {
		if (!at_mkdir(w.in_data, w.dfd, w.name, mode & 07777))
			*created = true;
		else if (errno != EEXIST)
			r = -1;
	}
	if (!r) {
		d = at_open(w.in_data, w.dfd, w.name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC, 0);
		if (d < 0 || fstat(d, st))
			r = -1;
	}
	/* The umask must not decide who may enter. */
	if (!r && *created && fchmod(d, mode & 07777))
		r = -1;
	saved = errno;
	if (r && d >= 0)
		close(d);
	else
		*fd = d;
	where_release(&w);
	errno = saved;
	return r;
}

int store_write_quiet(const char *path, const void *buf, size_t len,
		      mode_t mode)
{
	struct store_piece one = { buf, len };

	return store_write_quiet_pieces(path, &one, 1, mode, NULL);
}

int store_write_quiet_pieces(const char *path,
			     const struct store_piece *pieces, size_t n,
			     mode_t mode, const struct timespec *mtime)
{
	struct where w = WHERE_INIT;
	int r, saved;

	r = where_quiet(&w, path, OP_WRITE);
	if (!r) {
		quiet = true;
		r = write_atomic(&w, path, pieces, n, mode, false, mtime) ? -1 : 0;
		quiet = false;
	}
	saved = errno;
	where_release(&w);
	errno = saved;
	return r;
}

void store_sweep_quiet(const char *path)
{
	struct where w = WHERE_INIT;

	if (!where_quiet(&w, path, OP_WRITE))
		sweep_temps(&w);
	where_release(&w);
}

void store_sweep_names_quiet(const char *path, bool (*match)(const char *name))
{
	struct where w = WHERE_INIT;

	if (!where_quiet(&w, path, OP_WRITE))
		sweep_names(&w, match);
	where_release(&w);
}

struct store_stream {
	struct where w;
	char *tmp;	/* its temp file's name, beside w.name */
	int fd;
};

int store_stream_open(const char *path, struct store_stream **out, int *fd)
{
	struct store_stream *s = calloc(1, sizeof(*s));
	int saved;

	*out = NULL;
	*fd = -1;
	if (!s)
		return -1;
	s->w = (struct where)WHERE_INIT;
	s->fd = -1;
	if (where_quiet(&s->w, path, OP_WRITE) ||
	    (s->fd = make_temp(&s->w, &s->tmp)) < 0) {
		saved = errno;
		store_stream_abort(s);
		errno = saved;
		return -1;
	}
	*fd = s->fd;
	*out = s;
	return 0;
}

int store_stream_commit(struct store_stream *s, mode_t mode)
{
	struct stat st;
	int r = -1, saved;

	/* Only over a regular file (or none), as write_atomic. */
	if ((!at_stat(s->w.in_data, s->w.dfd, s->w.name, &st) &&
	     !S_ISREG(st.st_mode)) || fchmod(s->fd, mode & 07777))
		goto out;
	r = close(s->fd) && errno != EINTR ? -1 : 0;
	s->fd = -1;
	if (!r && at_rename(s->w.in_data, s->w.dfd, s->tmp, s->w.name))
		r = -1;
	if (!r) {
		free(s->tmp);
		s->tmp = NULL;
	}
out:
	saved = errno;
	store_stream_abort(s);
	errno = saved;
	return r;
}

void store_stream_abort(struct store_stream *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmp)
		(void)at_unlink(s->w.in_data, s->w.dfd, s->tmp);
	free(s->tmp);
	where_release(&s->w);
	free(s);
}

/* ---- directories ---- */

int store_mkdir(const char *path, mode_t mode, int *fd, bool *created)
{
	struct where w = WHERE_INIT;
	struct stat st;
	int d = -1, r, status = 0, saved = 0, flags;

	*fd = -1;
	*created = false;
	r = where_open(&w, path, false, OP_MKDIR);
	if (r > 0) {
		saved = errno;
		status = r;
		goto out;
	}
	if (!r && !at_mkdir(w.in_data, w.dfd, w.name, mode & 07777))
		*created = true;
	else if (!r && errno != EEXIST)
		r = -1;
	if (r) {
		saved = errno;
		status = create_status(saved);
		error(_("cannot create directory %s: %s"), path,
		      err_strerror(saved));
		goto out;
	}
	/* The data directory itself is found as the user named it; what
	 * is inside it never through a link. */
	flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	if (w.in_data)
		flags |= O_NOFOLLOW;
	d = at_open(w.in_data, w.dfd, w.name, flags, 0);
	if (d < 0) {
		saved = errno;
		if ((saved == ELOOP || saved == ENOTDIR) &&
		    !at_stat(w.in_data, w.dfd, w.name, &st) &&
		    S_ISLNK(st.st_mode)) {
			status = refuse(OP_MKDIR, path, NULL, st.st_mode, true);
			saved = errno;
			goto out;
		}
		/* Something else is there: as mkdir(1) would say. */
		if (saved == ENOTDIR)
			saved = EEXIST;
		status = create_status(saved);
		error(_("cannot create directory %s: %s"), path,
		      err_strerror(saved));
		goto out;
	}
	/* The umask must not strip the setgid and group-write bits. */
	if (*created && fchmod(d, mode & 07777)) {
		saved = errno;
		status = create_status(saved);
		error(_("cannot set the mode of %s: %s"), path,
		      err_strerror(saved));
		goto out;
	}
	*fd = d;
	d = -1;
out:
	if (d >= 0)
		close(d);
	where_release(&w);
	if (status)
		errno = saved;
	return status;
}

/* ---- conversion to spool mode ---- */

/* Directory modes of spool mode (docs/administration.md): staff may look
 * into the data directory and departments/, never into a department. */
#define SPOOL_DIR_MODE 02755
#define SPOOL_DEPT_MODE 02770

/* name in dfd (shown as path): a directory, never a link, made root's and
 * the group's with mode. *out: open on it (caller closes), if out. */
static int convert_dir(int dfd, const char *name, const char *path,
		       mode_t mode, int *out)
{
	struct stat st;
	int fd, saved;

	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		saved = errno;
		if (!fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
		    !S_ISDIR(st.st_mode))
			return refuse(OP_CONVERT, path, NULL, st.st_mode, true);
		error(_("cannot convert %s: %s"), path, err_strerror(saved));
		errno = saved;
		return EX_IOERR;
	}
	/* chown first: it clears the setgid bit that chmod then sets. */
	if (fchown(fd, 0, data.gid) || fchmod(fd, mode)) {
		saved = errno;
		close(fd);
		error(_("cannot convert %s: %s"), path, err_strerror(saved));
		errno = saved;
		return saved == EPERM ? EX_NOPERM : EX_IOERR;
	}
	if (out)
		*out = fd;
	else
		close(fd);
	return 0;
}

/* A file of the old layout written anew, when there is one: same bytes,
 * a new inode created by root in the (now setgid, root-only) directory. */
static int renew_file(const char *path, mode_t mode)
{
	char *buf = NULL;
	size_t len = 0;
	int status;

	status = store_read_file(path, YR_MAX_FILE_SIZE, &buf, &len, 1);
	if (status == EX_NOINPUT && errno == ENOENT)
		status = 0;
	else if (!status)
		status = store_write_file(path, buf, len, mode);
	free(buf);
	return status;
}

static void warn_strangers(int dfd, const char *path,
			   const char *const *known)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		const char *const *k;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (k = known; *k && strcmp(*k, de->d_name) != 0; k++)
			;
		if (!*k)
			warning(_("%s/%s is not plantrack's: left as it is "
				  "(staff can no longer reach it; remove it "
				  "if nobody needs it)"), path, de->d_name);
	}
	closedir(d);
}

static int convert_dept(int depts, const char *name, size_t *n)
{
	static const char *const known[] = { "state.yaml", "lock", NULL };
	struct store_lock lk = STORE_LOCK_INIT;
	struct strbuf dir = STRBUF_INIT, file = STRBUF_INIT;
	int fd = -1, status;

	strbuf_addf(&dir, "%s/departments/%s", data.path, name);
	/* Members are locked out first: from here on no shell of theirs can
	 * open, create or rename anything in it. */
	status = convert_dir(depts, name, dir.buf, SPOOL_DEPT_MODE, &fd);
	if (status)
		goto out;
	/* Then under the department's lock, so that no writer of the old
	 * binary is half-way through a change. Its temp files go, too. */
	strbuf_addf(&file, "%s/lock", dir.buf);
	status = store_lock_acquire(&lk, file.buf, 0660, -1);
	if (status)
		goto out;
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/state.yaml", dir.buf);
	status = renew_file(file.buf, 0664);
	if (status)
		goto out;
	/* A new lock file: processes waiting on the old one notice it was
	 * replaced (store_lock_acquire) and lock this one. */
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/lock", dir.buf);
	status = store_write_file(file.buf, "", 0, 0660);
	if (status)
		goto out;
	warn_strangers(fd, dir.buf, known);
	(*n)++;
out:
	store_lock_release(&lk);
	if (fd >= 0)
		close(fd);
	strbuf_release(&dir);
	strbuf_release(&file);
	return status;
}

int store_convert_spool(size_t *n_depts)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	int root = -1, depts = -1, fd, status = 0, saved;

	*n_depts = 0;
	if (!data.path || !data.spool || getuid() != 0) {
		error(_("only root can convert the installed data directory"));
		errno = EPERM;
		return EX_NOPERM;
	}
	data.relaxed = true;
	root = data.fd >= 0 ? dup(data.fd) :
		open(data.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		saved = errno;
		error(_("cannot convert %s: %s"), data.path, err_strerror(saved));
		status = read_status(saved);
		goto out;
	}
	if (fchown(root, 0, data.gid) || fchmod(root, SPOOL_DIR_MODE)) {
		saved = errno;
		error(_("cannot convert %s: %s"), data.path, err_strerror(saved));
		status = EX_IOERR;
		goto out;
	}
	strbuf_addf(&path, "%s/plan.yaml", data.path);
	fd = openat(root, "plan.yaml", O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    fchown(fd, 0, data.gid) || fchmod(fd, 0644)) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		if (!fstatat(root, "plan.yaml", &st, AT_SYMLINK_NOFOLLOW) &&
		    !S_ISREG(st.st_mode)) {
			status = refuse(OP_CONVERT, path.buf, NULL,
					st.st_mode, false);
		} else {
			error(_("cannot convert %s: %s"), path.buf,
			      err_strerror(saved));
			status = read_status(saved);
		}
		goto out;
	}
	close(fd);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/departments", data.path);
	status = convert_dir(root, "departments", path.buf, SPOOL_DIR_MODE,
			     &depts);
	if (status)
		goto out;
	fd = dup(depts);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		error(_("cannot convert %s: %s"), path.buf, err_strerror(saved));
		status = EX_IOERR;
		goto out;
	}
	while (!status && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(depts, de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISDIR(st.st_mode)) {
			warning(_("%s/%s is not a department's directory: left "
				  "as it is"), path.buf, de->d_name);
			continue;
		}
		status = convert_dept(depts, de->d_name, n_depts);
	}
out:
	if (d)
		closedir(d);
	if (depts >= 0)
		close(depts);
	if (root >= 0)
		close(root);
	data.relaxed = false;
	strbuf_release(&path);
	return status;
}
