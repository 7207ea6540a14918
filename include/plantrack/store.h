/* store.h: the data directory on disk: locks and atomic, durable writes.
 *
 * Layout (docs/administration.md, docs/state-format.md):
 *   DATA/plan.yaml                     the plan, 0644
 *   DATA/departments/CODE/             one per department, group-owned, 2775
 *   DATA/departments/CODE/state.yaml   that department's entries, 0664
 *   DATA/departments/CODE/lock         stable lock file, never renamed, 0660
 *
 * Writers hold an exclusive flock() on the department's lock file for the
 * whole read-modify-write; readers take no lock and, because every write
 * is a rename of a complete, fsynced temp file, always see a whole file.
 *
 * Functions return 0 or a <sysexits.h> status after printing the reason
 * with error(): EX_TEMPFAIL (lock busy past the timeout), EX_IOERR
 * (write, fsync, close or rename failed), EX_CANTCREAT (cannot create the
 * temp or lock file), EX_NOPERM (permission denied by the file system),
 * EX_NOINPUT (missing file when reading).
 */
#ifndef PLANTRACK_STORE_H
#define PLANTRACK_STORE_H

#include <stddef.h>
#include <sys/types.h>

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
 * (timeout < 0: STORE_LOCK_TIMEOUT_DEFAULT or the environment). */
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
 * failure the temp file is removed and path is untouched. */
int store_write_file(const char *path, const void *data, size_t len,
		     mode_t mode);

/* Reads the whole file (at most max bytes, else EX_DATAERR "too large").
 * *buf is malloc'd and NUL-terminated (caller frees). A missing file is
 * EX_NOINPUT with errno ENOENT and no message when quiet_enoent. */
int store_read_file(const char *path, size_t max, char **buf, size_t *len,
		    int quiet_enoent);

#endif
