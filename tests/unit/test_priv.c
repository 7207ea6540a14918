// LDFLAGS: -Wl,--wrap=getuid -Wl,--wrap=geteuid -Wl,--wrap=getgid -Wl,--wrap=getegid -Wl,--wrap=setresuid -Wl,--wrap=setresgid -Wl,--wrap=getresgid -Wl,--wrap=prctl -Wl,--wrap=setrlimit -Wl,--wrap=open
/* test_priv.c: the setgid privilege (src/priv.c).
 *
 * A setgid process is simulated through link seams: the line above sends
 * priv.o's calls of the id functions, prctl and setrlimit to the __wrap_*
 * functions below, which keep the ids in a table and apply the kernel's
 * rules for an unprivileged process; open() of STATEDIR (PT_DEFAULT_DATA)
 * is sent to a directory of the fixture.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "plantrack/err.h"
#include "plantrack/priv.h"
#include "plantrack/store.h"

/* ---- the simulated process ---- */

static struct {
	uid_t r_uid, e_uid, s_uid;
	gid_t r_gid, e_gid, s_gid;
	int dumpable;		/* as the kernel keeps it */
	int suid_dumpable;	/* fs.suid_dumpable: what a change sets */
	rlim_t core;		/* RLIMIT_CORE, soft and hard */
	int gid_changes;	/* setresgid calls that changed something */
	const char *statedir;	/* where open(PT_DEFAULT_DATA) goes */
} ids;

uid_t __wrap_getuid(void);
uid_t __wrap_geteuid(void);
gid_t __wrap_getgid(void);
gid_t __wrap_getegid(void);
int __wrap_setresuid(uid_t r, uid_t e, uid_t s);
int __wrap_setresgid(gid_t r, gid_t e, gid_t s);
int __wrap_getresgid(gid_t *r, gid_t *e, gid_t *s);
int __wrap_prctl(int op, unsigned long a, unsigned long b, unsigned long c,
		 unsigned long d);
int __wrap_setrlimit(int res, const struct rlimit *rl);
int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);

uid_t __wrap_getuid(void) { return ids.r_uid; }
uid_t __wrap_geteuid(void) { return ids.e_uid; }
gid_t __wrap_getgid(void) { return ids.r_gid; }
gid_t __wrap_getegid(void) { return ids.e_gid; }

/* An unprivileged process may set each id to one of its three. */
static bool may_gid(gid_t g)
{
	return g == (gid_t)-1 || ids.e_uid == 0 || g == ids.r_gid ||
	       g == ids.e_gid || g == ids.s_gid;
}

static bool may_uid(uid_t u)
{
	return u == (uid_t)-1 || ids.e_uid == 0 || u == ids.r_uid ||
	       u == ids.e_uid || u == ids.s_uid;
}

int __wrap_setresuid(uid_t r, uid_t e, uid_t s)
{
	if (!may_uid(r) || !may_uid(e) || !may_uid(s)) {
		errno = EPERM;
		return -1;
	}
	if (r != (uid_t)-1)
		ids.r_uid = r;
	if (e != (uid_t)-1)
		ids.e_uid = e;
	if (s != (uid_t)-1)
		ids.s_uid = s;
	return 0;
}

int __wrap_setresgid(gid_t r, gid_t e, gid_t s)
{
	gid_t old = ids.e_gid;

	if (!may_gid(r) || !may_gid(e) || !may_gid(s)) {
		errno = EPERM;
		return -1;
	}
	if (r != (gid_t)-1)
		ids.r_gid = r;
	if (e != (gid_t)-1)
		ids.e_gid = e;
	if (s != (gid_t)-1)
		ids.s_gid = s;
	/* As commit_creds: a new effective group resets dumpable. */
	if (ids.e_gid != old) {
		ids.dumpable = ids.suid_dumpable;
		ids.gid_changes++;
	}
	return 0;
}

int __wrap_getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	*r = ids.r_gid;
	*e = ids.e_gid;
	*s = ids.s_gid;
	return 0;
}

int __wrap_prctl(int op, unsigned long a, unsigned long b, unsigned long c,
		 unsigned long d)
{
	(void)b;
	(void)c;
	(void)d;
	if (op != PR_SET_DUMPABLE) {
		errno = EINVAL;
		return -1;
	}
	ids.dumpable = (int)a;
	return 0;
}

int __wrap_setrlimit(int res, const struct rlimit *rl)
{
	if (res == RLIMIT_CORE)
		ids.core = rl->rlim_cur > rl->rlim_max ? rl->rlim_cur : rl->rlim_max;
	return 0;
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (!strcmp(path, PT_DEFAULT_DATA)) {
		/* STATEDIR is opened with the group only. */
		if (ids.e_gid != 500 && ids.e_uid != 0) {
			errno = EACCES;
			return -1;
		}
		path = ids.statedir;
	}
	return __real_open(path, flags, mode);
}

/* ---- fixture: a user (1000:1000) running a binary setgid 500 ---- */

struct fx {
	char dir[256];		/* the fixture's directory */
	char inst[300];		/* DIR/state: "STATEDIR" */
	char other[300];	/* DIR/other: a directory of the user's */
	char link[300];		/* DIR/link -> state */
	struct capture cap;
};

static void as_setgid_user(void)
{
	memset(&ids, 0, sizeof(ids));
	ids.r_uid = ids.e_uid = ids.s_uid = 1000;
	ids.r_gid = 1000;
	ids.e_gid = ids.s_gid = 500;	/* exec of a setgid-500 binary */
	ids.dumpable = 0;		/* what the kernel does at exec */
	ids.suid_dumpable = 1;		/* and undoes at each change */
	ids.core = RLIM_INFINITY;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "%s/pt-priv-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->inst, sizeof(fx->inst), "%s/state", fx->dir);
	snprintf(fx->other, sizeof(fx->other), "%s/other", fx->dir);
	snprintf(fx->link, sizeof(fx->link), "%s/link", fx->dir);
	assert_int_equal(mkdir(fx->inst, 0755), 0);
	assert_int_equal(mkdir(fx->other, 0755), 0);
	assert_int_equal(symlink(fx->inst, fx->link), 0);
	as_setgid_user();
	ids.statedir = fx->inst;
	cap_open(&fx->cap);
	err_stream = fx->cap.f;
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

	store_reset_datadir();
	err_stream = NULL;
	cap_free(&fx->cap);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* ---- tests ---- */

static void unprivileged_changes_nothing(void **state)
{
	(void)state;
	ids.e_gid = ids.s_gid = ids.r_gid;
	assert_int_equal(priv_init(), 0);
	assert_false(priv_held());
	assert_int_equal(ids.core, RLIM_INFINITY);
	assert_int_equal(priv_raise(), 0);
	priv_lower();
	assert_int_equal(ids.gid_changes, 0);
	assert_int_equal(priv_use_datadir("/nonexistent"), 0);
	assert_false(priv_spool());
}

/* A set-user-ID bit is dropped at once, for good. */
static void setuid_is_dropped(void **state)
{
	(void)state;
	ids.e_uid = ids.s_uid = 0;
	ids.e_gid = ids.s_gid = ids.r_gid;
	assert_int_equal(priv_init(), 0);
	assert_int_equal(ids.r_uid, 1000);
	assert_int_equal(ids.e_uid, 1000);
	assert_int_equal(ids.s_uid, 1000);
}

static void setgid_starts_lowered(void **state)
{
	(void)state;
	assert_int_equal(priv_init(), 0);
	assert_true(priv_held());
	assert_int_equal(priv_group(), 500);
	/* The caller's group at once; the installed one kept as saved. */
	assert_int_equal(ids.e_gid, 1000);
	assert_int_equal(ids.s_gid, 500);
	/* No core dumps, not dumpable after the change. */
	assert_int_equal(ids.core, 0);
	assert_int_equal(ids.dumpable, 0);
}

static void raise_and_lower(void **state)
{
	(void)state;
	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_raise(), 0);
	assert_int_equal(ids.e_gid, 500);
	assert_int_equal(ids.dumpable, 0);
	errno = EIO;
	priv_lower();
	assert_int_equal(errno, EIO);	/* the step's errno survives */
	assert_int_equal(ids.e_gid, 1000);
	assert_int_equal(ids.dumpable, 0);
	assert_int_equal(ids.gid_changes, 3);
}

/* The installed directory, named as it is or through a link: kept. */
static void installed_keeps_the_group(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(fx->inst), 0);
	assert_true(priv_spool());
	assert_true(priv_held());
	assert_int_equal(ids.s_gid, 500);
	assert_int_equal(ids.e_gid, 1000);
	assert_int_equal(ids.dumpable, 0);
	store_reset_datadir();

	/* A new process, named through a link. */
	as_setgid_user();
	ids.statedir = fx->inst;
	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(fx->link), 0);
	assert_true(priv_spool());
	assert_string_equal(fx->cap.buf ? fx->cap.buf : "", "");
}

/* --data or PLANTRACK_DATA elsewhere: the group is gone for good. */
static void elsewhere_drops_for_good(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(fx->other), 0);
	assert_false(priv_spool());
	assert_false(priv_held());
	assert_int_equal(ids.r_gid, 1000);
	assert_int_equal(ids.e_gid, 1000);
	assert_int_equal(ids.s_gid, 1000);
	assert_int_equal(ids.dumpable, 0);
	/* Nothing can bring it back. */
	assert_int_equal(priv_raise(), 0);
	assert_int_equal(ids.e_gid, 1000);
	assert_int_not_equal(__wrap_setresgid((gid_t)-1, 500, (gid_t)-1), 0);
}

static void missing_drops_for_good(void **state)
{
	struct fx *fx = *state;
	char path[400];

	snprintf(path, sizeof(path), "%s/missing", fx->dir);
	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(path), 0);
	assert_false(priv_held());
	assert_int_equal(ids.s_gid, 1000);
}

/* Root may name the installed directory before it exists (init). */
static void root_creates_the_installed_directory(void **state)
{
	struct fx *fx = *state;
	char path[400];

	ids.r_uid = ids.e_uid = ids.s_uid = 0;
	ids.r_gid = 0;
	snprintf(path, sizeof(path), "%s/missing", fx->dir);
	ids.statedir = path;
	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(PT_DEFAULT_DATA), 0);
	assert_true(priv_spool());
	assert_true(priv_held());
	store_reset_datadir();
	/* Not for another user. */
	as_setgid_user();
	ids.statedir = path;
	assert_int_equal(priv_init(), 0);
	assert_int_equal(priv_use_datadir(PT_DEFAULT_DATA), 0);
	assert_false(priv_spool());
	assert_false(priv_held());
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(unprivileged_changes_nothing),
		T(setuid_is_dropped),
		T(setgid_starts_lowered),
		T(raise_and_lower),
		T(installed_keeps_the_group),
		T(elsewhere_drops_for_good),
		T(missing_drops_for_good),
		T(root_creates_the_installed_directory),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
