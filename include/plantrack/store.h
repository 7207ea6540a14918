/* store.h: the data directory on disk: locks, atomic and durable writes,
 * and files named by the user.
 *
 * Layout (docs/administration.md, docs/state-format.md):
 *   DATA/plan.yaml                     the plan, 0644
 *   DATA/departments/CODE/             one per department
 *   DATA/departments/CODE/state.yaml   that department's entries, 0664
 *   DATA/departments/CODE/lock         stable lock file, never renamed, 0660
 * Installed (spool mode, priv.h) every directory is root's and every file
 * the installed group's, and departments/CODE is 2770: staff cannot reach
 * the files they own. Otherwise departments/CODE belongs to the
 * department's group, 2775, as before spool mode.
 *
 * Writers hold an exclusive flock() on the department's lock file for the
 * whole read-modify-write; readers take no lock and, because every write
 * is a rename of a complete, fsynced temp file, always see a whole file.
 * The lock guards its whole directory: a temp file found there by the
 * holder is a dead writer's, and is removed.
 *
 * Every file in the data directory may be hostile. A path inside the
 * registered data directory (DATA/NAME/NAME..., plain names) is reached
 * from the directory's descriptor one name at a time with O_NOFOLLOW, so
 * no symbolic link is ever followed there; a file must be a regular file
 * and a directory a directory, checked before a byte is read (a FIFO or
 * a device is never even opened); a file must have one name (no hard
 * link: it could be another file linked in) except in spool mode, where
 * nobody else can link anything in and they must belong as described
 * above. Other paths given to the data functions have their
 * last name treated so. Refusals name the path and what is there, never
 * any of its content.
 *
 * Functions return 0 or a <sysexits.h> status after printing the reason
 * with error(): EX_TEMPFAIL (lock busy past the timeout), EX_IOERR
 * (write, fsync, close or rename failed), EX_CANTCREAT (cannot create the
 * temp or lock file), EX_NOPERM (permission denied by the file system, or
 * a file not owned as spool mode requires), EX_NOINPUT (missing file when
 * reading), EX_DATAERR (too large, or something other than a regular file
 * or directory where one is expected). errno tells the cause.
 */
#ifndef PLANTRACK_STORE_H
#define PLANTRACK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* ---- the data directory ---- */

/* Registers the data directory as the user named it (path, copied) and a
 * descriptor open on it (fd, taken over; -1: opened by path at each use).
 * spool: the installed directory, with steps under the group privilege
 * (priv.h) and ownership checked against gid. Called by priv_use_datadir;
 * a second call replaces the first. */
void store_set_datadir(const char *path, int fd, bool spool, gid_t gid);
/* Forgets it, closing the descriptor. */
void store_reset_datadir(void);

/* Seconds a writer waits for a busy lock before EX_TEMPFAIL, unless
 * PLANTRACK_LOCK_TIMEOUT (seconds, 0..3600, may be fractional) says
 * otherwise. */
#define STORE_LOCK_TIMEOUT_DEFAULT 5.0

struct store_lock {
	int fd;		/* -1 when not held */
	char *path;	/* owned */
};

#define STORE_LOCK_INIT { -1, NULL }

/* Opens (creating with mode, O_CLOEXEC) the lock file at path and takes
 * an exclusive flock, retrying until timeout seconds have passed
 * (timeout < 0: STORE_LOCK_TIMEOUT_DEFAULT or the environment). Once
 * locked, checks that the file locked is still the one at path (it may
 * have been removed or replaced meanwhile, and a lock on a file nobody
 * else opens guards nothing) and starts again if not; then removes the
 * temp files of dead writers in its directory. */
int store_lock_acquire(struct store_lock *lk, const char *path, mode_t mode,
		       double timeout);
/* Releases and closes. Safe on a lock never acquired or NULL. */
void store_lock_release(struct store_lock *lk);
/* The timeout store_lock_acquire uses for its argument: timeout itself
 * when >= 0, else PLANTRACK_LOCK_TIMEOUT when set to a plain decimal in
 * 0..3600 (a warning names any other non-empty value), else
 * STORE_LOCK_TIMEOUT_DEFAULT. */
double store_lock_timeout(double timeout);

/* Replaces path atomically and durably with data[0..len): writes a temp
 * file in the same directory (".NAME." and six random letters), fsyncs
 * it, sets mode, renames it over path, fsyncs the directory. On any
 * failure the temp file is removed and path is untouched. Refuses when
 * path is there but not a regular file. */
int store_write_file(const char *path, const void *data, size_t len,
		     mode_t mode);

/* Reads the whole file (at most max bytes, else EX_DATAERR "too large").
 * *buf is malloc'd and NUL-terminated (caller frees). A missing file is
 * EX_NOINPUT with errno ENOENT and no message when quiet_enoent. */
int store_read_file(const char *path, size_t max, char **buf, size_t *len,
		    int quiet_enoent);

/* store_read_file that also gives the fstat of the file it read (out
 * may be NULL): what identifies that version of it (snapshot.h). */
struct stat;
int store_read_file_st(const char *path, size_t max, char **buf, size_t *len,
		       int quiet_enoent, struct stat *out);
/* store_read_file_st into a buffer kept from one read to the next: *buf
 * (*cap bytes, or NULL with *cap 0) is used when the file fits, else
 * replaced by a larger one. The buffer stays the caller's (to free) on
 * success and on failure alike; what it holds is the file only on
 * success. Reading many files one after the other, this touches fresh
 * memory for the largest only. */
int store_read_file_into(const char *path, size_t max, char **buf,
			 size_t *cap, size_t *len, int quiet_enoent,
			 struct stat *out);

/* Creates the directory path with mode (exactly: the umask does not
 * apply), or finds it there (a directory, never a link to one, mode left
 * as it is). *fd is open on it (caller closes) and *created tells which. */
int store_mkdir(const char *path, mode_t mode, int *fd, bool *created);

/* Converts the registered, installed data directory from the department
 * groups' layout to spool mode: every directory root's and the installed
 * group's (DATA and departments/ 2755, departments/CODE 2770), plan.yaml
 * 0644, each department's state.yaml and lock written anew (new files:
 * no descriptor or hard link a member kept still reaches them), temp
 * files of dead writers removed, each department under its lock. Needs
 * root and spool mode. Entries plantrack does not know are left as they
 * are, with a warning; a symbolic link where a file or directory of
 * plantrack's should be stops the conversion. *n_depts: departments
 * converted. */
int store_convert_spool(size_t *n_depts);

/* ---- derived files (snapshot.h) ----
 *
 * The same walk, checks and privileged steps as above, but quiet: they
 * print nothing and return 0, or -1 with errno, since a derived file that
 * cannot be used or written is no news (the data are read from their
 * YAML instead). */

/* lstat of path (never through a link). */
int store_stat_quiet(const char *path, struct stat *st);
/* Opens a regular file of the data directory for reading, checked as
 * store_read_file checks it: *fd (caller closes) and its fstat. */
int store_open_quiet(const char *path, int *fd, struct stat *st);
/* Opens the directory path (never through a link), first creating it
 * with mode (exactly) unless mode is 0: *fd (caller closes), its fstat,
 * and whether it was created. Who owns it is for the caller to judge. */
int store_open_dir_quiet(const char *path, mode_t mode, int *fd,
			 struct stat *st, bool *created);
/* store_write_file without the fsyncs: atomic (temp file, rename), not
 * durable, for a file that is rebuilt when it is lost or damaged. */
int store_write_quiet(const char *path, const void *buf, size_t len,
		      mode_t mode);
/* A piece of a file written in pieces, in order. */
struct store_piece {
	const void *p;
	size_t len;
};
/* store_write_quiet of the concatenation of pieces[0..n), which is never
 * put together in memory (the snapshot's image: its strings would be
 * copied once more, at the peak of the saving run's memory), given the
 * modification time *mtime once written unless mtime is NULL (the
 * image's seal, snapshot.c; not being able to is no failure). */
int store_write_quiet_pieces(const char *path,
			     const struct store_piece *pieces, size_t n,
			     mode_t mode, const struct timespec *mtime);
/* Removes dead writers' temp files beside path (the caller holds the lock
 * of that directory). */
void store_sweep_quiet(const char *path);
/* Removes the names beside path that match says (init --convert: the
 * report cache's files of the old layout). */
void store_sweep_names_quiet(const char *path, bool (*match)(const char *name));
/* A derived file written as it is made, too large to be put together in
 * memory first (the report cache, memo.h): store_stream_open makes its
 * temp file beside path (quiet, as above) and gives its descriptor;
 * store_stream_commit gives it mode and renames it over path (atomic, not
 * durable) and store_stream_abort removes it; either frees s (NULL is
 * fine for abort). */
struct store_stream;
int store_stream_open(const char *path, struct store_stream **s, int *fd);
int store_stream_commit(struct store_stream *s, mode_t mode);
void store_stream_abort(struct store_stream *s);

/* ---- files the user named (--plan FILE, -o FILE) ---- */

/* Reads path as open(2) finds it, following links: the user named it.
 * Must be a regular file. Otherwise as store_read_file (all messages). */
int store_read_user_file(const char *path, size_t max, char **buf,
			 size_t *len);

/* Writes data[0..len) to path: a regular file or a new name is replaced
 * atomically as store_write_file does; anything else that exists there
 * (a device, a FIFO, a symbolic link, /dev/stdout) is opened as open(2)
 * would, following links, and written directly: never replaced. */
int store_write_user_file(const char *path, const void *data, size_t len,
			  mode_t mode);

#endif
