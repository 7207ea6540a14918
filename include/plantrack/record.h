/* record.h: one change to a department's state file, all or nothing.
 *
 * record_commit() takes the department's lock, reads and validates its
 * state file (refusing to write over one that does not validate), lets
 * the caller build the new entry from the current entries, appends it,
 * reads the new file back with the same loader under the same limits
 * (verify before commit), and only then replaces the file atomically and
 * durably (store.h). Readers never wait and never see a partial file;
 * concurrent writers are serialised, so no update is lost; and no
 * command can write a file plantrack would refuse.
 */
#ifndef PLANTRACK_RECORD_H
#define PLANTRACK_RECORD_H

#include "plantrack/plan.h"
#include "plantrack/state.h"

/* Builds *e from the department's current entries (cur). Strings in *e
 * must stay valid until record_commit returns. Returns 0 to write,
 * RECORD_UNCHANGED to write nothing, or an exit status. */
typedef int (*record_fn)(const struct state *cur, struct state_entry *e,
			 void *arg);

#define RECORD_UNCHANGED (-1)

/* Returns 0 (written or unchanged: see *written), or an exit status
 * after printing the reason: EX_DATAERR when the current file does not
 * validate, or when the new one would not (nothing is written then);
 * those of store.h. e->at, utc_offset, user, uid and dept are filled in
 * by record_commit before fn is called: at is the clock's time, or the
 * last entry's when the clock is behind it, so that the history stays in
 * order; user is user_name when it is a plain name (schema.h), else the
 * uid in decimal. */
int record_commit(const char *datadir, const struct plan *plan,
		  const struct plan_dept *dept, const char *user_name,
		  long uid, record_fn fn, void *arg, int *written);

/* Reads and parses one department's state file without a lock, as
 * readers do (a missing file is an empty state). Returns 0 and *out
 * (caller frees), or an exit status after the loader's messages. */
int record_read(const char *datadir, const struct plan *plan,
		const struct plan_dept *dept, struct state **out);

/* DATADIR/departments/CODE/FILE; caller frees. */
char *record_path(const char *datadir, const char *code, const char *file);

#endif
