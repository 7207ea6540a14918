/* priv.c: the setgid privilege of an installed plantrack (priv.h), after
 * OpenBSD's crontab and at: hold the group only for the steps that need
 * it, and never for a file the caller named.
 */
/* setresuid, setresgid and getresgid are GNU (and BSD) extensions: only
 * they set the saved ids, which a permanent drop must change too. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/priv.h"
#include "plantrack/store.h"

static struct {
	gid_t rgid;	/* the caller's group */
	gid_t group;	/* the installed group: the effective one at exec */
	bool held;	/* may raise: setgid at exec, not dropped for good */
	bool spool;	/* the data directory is the installed one */
} priv;

/* A core file or /proc/PID/fd of a process that opened the data
 * directory's files would hand them to the caller. The kernel makes a
 * setgid process non-dumpable at exec, but every change of the effective
 * group resets that to fs.suid_dumpable, which an administrator may have
 * set to 1: so again after each change. */
static int not_dumpable(void)
{
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static int no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl))
		return -1;
	return not_dumpable();
}

/* A setgid program started with standard error closed would make the
 * first file it opens its standard error, and write messages into it.
 * glibc opens /dev/null there for a setgid program already; this does not
 * depend on it. */
static int std_fds_open(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int n;

		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		n = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
		if (n != fd) {
			if (n >= 0)
				close(n);
			return -1;
		}
	}
	return 0;
}

int priv_init(void)
{
	uid_t ruid = getuid();
	gid_t egid = getegid();
	int status = 0;

	memset(&priv, 0, sizeof(priv));
	priv.rgid = getgid();
	/* plantrack never acts as another user: a set-user-ID bit is an
	 * installation mistake, and is dropped before anything else. */
	if (geteuid() != ruid && setresuid(ruid, ruid, ruid)) {
		status = EX_OSERR;
		goto fail;
	}
	if (egid == priv.rgid)
		goto out;
	priv.group = egid;
	priv.held = true;
	if (std_fds_open() || no_core_dumps() ||
	    setresgid((gid_t)-1, priv.rgid, (gid_t)-1) || not_dumpable()) {
		status = EX_OSERR;
		goto fail;
	}
	goto out;
fail:
	error(_("cannot set up plantrack's privileges: %s"), err_strerror(errno));
out:
	return status;
}

int priv_raise(void)
{
	if (!priv.held)
		return 0;
	if (setresgid((gid_t)-1, priv.group, (gid_t)-1))
		return -1;
	/* Not dumpable is what keeps /proc/PID/fd closed: better to fail
	 * the step than to run it without. */
	if (not_dumpable()) {
		priv_lower();
		return -1;
	}
	return 0;
}

void priv_lower(void)
{
	int e = errno;

	if (!priv.held)
		return;
	if (setresgid((gid_t)-1, priv.rgid, (gid_t)-1) || not_dumpable()) {
		error(_("cannot give up plantrack's privileges: %s"),
		      err_strerror(errno));
		/* Going on with the group would open the caller's files with
		 * it: stop here, without a core dump (RLIMIT_CORE is 0). */
		_exit(EX_OSERR);
	}
	errno = e;
}

/* For good: real, effective and saved group all the caller's. */
static int drop(void)
{
	gid_t r, e, s;

	if (setresgid(priv.rgid, priv.rgid, priv.rgid) ||
	    getresgid(&r, &e, &s))
		return -1;
	if (r != priv.rgid || e != priv.rgid || s != priv.rgid) {
		errno = EPERM;
		return -1;
	}
	priv.held = false;
	return not_dumpable();
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int priv_use_datadir(const char *datadir)
{
	int named = -1, inst = -1, fd, named_errno = 0, status = 0;

	if (!priv.held)
		goto unprivileged;
	/* The caller's name for the directory, resolved by the kernel with
	 * the caller's ids (O_PATH: naming it needs no read permission),
	 * and the installed one, with the group: the same directory, or no
	 * privilege. Both stay open, so that nothing renamed or replaced
	 * later can change the answer: everything then goes through inst. */
	named = open(datadir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (named < 0)
		named_errno = errno;
	/* A relative STATEDIR would follow the caller's working directory. */
	if (PT_DEFAULT_DATA[0] == '/' && !priv_raise()) {
		inst = open(PT_DEFAULT_DATA,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		priv_lower();
	}
	if (named >= 0 && inst >= 0 && same_file(named, inst)) {
		priv.spool = true;
		store_set_datadir(datadir, inst, true, priv.group);
		inst = -1;
		goto out;
	}
	/* Only root may create the installed directory ('plantrack init'
	 * before 'make install' made it); for that, the path as written. */
	if (inst < 0 && named < 0 && named_errno == ENOENT && getuid() == 0 &&
	    PT_DEFAULT_DATA[0] == '/' && !strcmp(datadir, PT_DEFAULT_DATA)) {
		priv.spool = true;
		store_set_datadir(datadir, -1, true, priv.group);
		goto out;
	}
	if (drop()) {
		error(_("cannot give up plantrack's privileges: %s"),
		      err_strerror(errno));
		status = EX_OSERR;
		goto out;
	}
unprivileged:
	/* Missing or unreadable: each step then names the directory and
	 * says why, as without this descriptor. */
	fd = open(datadir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	store_set_datadir(datadir, fd, false, 0);
out:
	if (named >= 0)
		close(named);
	if (inst >= 0)
		close(inst);
	return status;
}

bool priv_held(void)
{
	return priv.held;
}

bool priv_spool(void)
{
	return priv.spool;
}

gid_t priv_group(void)
{
	return priv.group;
}
