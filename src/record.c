/* record.c: the read-modify-write of a department's state file, with the
 * new file read back by the loader before it replaces the old. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/record.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/yamlread.h"

char *record_path(const char *datadir, const char *code, const char *file)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, datadir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_addf(&sb, "departments/%s", code);
	if (file)
		strbuf_addf(&sb, "/%s", file);
	return strbuf_detach(&sb, NULL);
}

int record_read(const char *datadir, const struct plan *plan,
		const struct plan_dept *dept, struct state **out)
{
	char *file = record_path(datadir, dept->code, "state.yaml");
	char *buf = NULL;
	size_t len = 0;
	int status;

	*out = NULL;
	status = store_read_file(file, YR_MAX_FILE_SIZE, &buf, &len, 1);
	if (status == EX_NOINPUT && errno == ENOENT) {
		status = 0;	/* nothing recorded yet */
		len = 0;
	}
	if (!status)
		status = state_parse(file, buf ? buf : "", len, plan,
				     dept->code, time(NULL), stderr, out);
	free(buf);
	free(file);
	return status;
}

/* The name recorded for the user: the passwd name when it is a plain
 * one (schema_user_check), else the uid in decimal, which always is. */
static const char *plain_user(const char *name, long uid, char buf[24])
{
	if (name && !schema_user_check(name, strlen(name)))
		return name;
	snprintf(buf, 24, "%ld", uid);
	return buf;
}

int record_commit(const char *datadir, const struct plan *plan,
		  const struct plan_dept *dept, const char *user_name,
		  long uid, record_fn fn, void *arg, int *written)
{
	struct store_lock lk = STORE_LOCK_INIT;
	struct state *st = NULL, *check = NULL;
	struct state_entry e;
	struct stat sb = { 0 };
	struct tm tm;
	char *dir = record_path(datadir, dept->code, NULL);
	char *lock = record_path(datadir, dept->code, "lock");
	char *file = record_path(datadir, dept->code, "state.yaml");
	char *buf = NULL, *out = NULL, uidbuf[24];
	struct strbuf name = STRBUF_INIT;
	size_t len = 0, outlen = 0;
	time_t now;
	int status;

	*written = 0;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		int err = S_ISDIR(sb.st_mode) || !sb.st_mode ? errno : ENOTDIR;

		error(_("no directory for department %s at %s: %s (create the "
			"data directory with 'plantrack init')"), dept->code,
		      dir, err_strerror(err));
		status = err == EACCES ? EX_NOPERM : EX_NOINPUT;
		goto out;
	}
	/* 0660: a lock others could open, others could hold, blocking the
	 * department's writers. The state itself stays readable by all. */
	status = store_lock_acquire(&lk, lock, 0660, -1);
	if (status)
		goto out;
	now = time(NULL);
	if (now == (time_t)-1) {
		status = EX_OSERR;
		error(_("cannot read the clock: %s"), err_strerror(errno));
		goto out;
	}
	status = store_read_file(file, YR_MAX_FILE_SIZE, &buf, &len, 1);
	if (status == EX_NOINPUT && errno == ENOENT) {
		status = 0;	/* the department's first record */
		len = 0;
	}
	if (status)
		goto out;
	status = state_parse(file, buf ? buf : "", len, plan, dept->code, now,
			     stderr, &st);
	if (status) {
		error(_("refusing to write over %s: its errors above must be "
			"repaired first (nothing was changed; ask the "
			"administrator)"), file);
		goto out;
	}

	memset(&e, 0, sizeof(e));
	/* Never before the last entry: the history stays in order even
	 * when the clock was set back. */
	e.at = now;
	if (st->n && st->entries[st->n - 1].at > e.at)
		e.at = st->entries[st->n - 1].at;
	if (!localtime_r(&e.at, &tm)) {
		status = EX_OSERR;
		error(_("cannot read the clock: %s"), err_strerror(errno));
		goto out;
	}
	e.utc_offset = (int)tm.tm_gmtoff;
	e.user = plain_user(user_name, uid, uidbuf);
	e.uid = uid;
	e.dept = dept->code;
	status = fn(st, &e, arg);
	if (status == RECORD_UNCHANGED) {
		status = 0;
		goto out;
	}
	if (status)
		goto out;
	if (state_append(st, &e) != 0 || state_emit(st, dept->code, &out, &outlen) != 0) {
		status = EX_SOFTWARE;
		error(_("cannot write out the state of department %s (out of "
			"memory?)"), dept->code);
		goto out;
	}
	/* Verify before commit: the bytes about to replace the file are
	 * read back by the same loader, under the same limits. What it
	 * refuses is never written, so no command can leave a file that
	 * plantrack cannot read. */
	/* TRANSLATORS: the name of a state file as this change would
	 * leave it, in the errors about it ("FILE (new):3:1: ..."). */
	strbuf_addf(&name, _("%s (new)"), file);
	status = state_parse(name.buf, out, outlen, plan, dept->code, now,
			     stderr, &check);
	if (!status && check->n != st->n)
		status = EX_SOFTWARE;
	if (status) {
		if (status != EX_OSERR)
			status = EX_DATAERR;
		error(_("%s: this change would make the state file of "
			"department %s unreadable (see above), so nothing was "
			"written; ask the administrator"), file, dept->code);
		goto out;
	}
	status = store_write_file(file, out, outlen, 0664);
	if (!status) {
		*written = 1;
		/* The file as it was is not needed by the refresh, which
		 * holds every department's entries at once. */
		state_free(st);
		st = NULL;
		free(buf);
		buf = NULL;
		/* Still under the lock: the file is the one just written. */
		(void)snapshot_refresh(datadir, plan, dept, check, out, outlen);
	}
out:
	store_lock_release(&lk);
	state_free(check);
	state_free(st);
	strbuf_release(&name);
	free(out);
	free(buf);
	free(file);
	free(lock);
	free(dir);
	return status;
}
