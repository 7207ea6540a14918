/* priv.h: the one privilege an installed plantrack holds, and how little
 * of the time it holds it.
 *
 * Installed as crontab(1) and at(1) are (docs/administration.md): the
 * binary is setgid a dedicated group (INSTALL_GROUP, "plantrack"), the
 * data directory STATEDIR and everything in it belong to that group, and
 * staff are not in it. Members record changes only through plantrack; the
 * file system keeps their shells out, even of files they own.
 *
 * The rules, in the order main applies them:
 *   - priv_init(), first of all: a set-user-ID bit is dropped for good;
 *     with the group bit, core dumps are disabled (RLIMIT_CORE 0, not
 *     dumpable, so /proc/PID/fd stays closed to the caller) and the
 *     effective group goes back to the real one at once. From then on the
 *     process runs with the caller's ids.
 *   - priv_use_datadir(), once the data directory is known: only the
 *     installed one (STATEDIR, the same directory as the one named, after
 *     resolving) keeps the group. Anything else (--data, PLANTRACK_DATA)
 *     drops it for good: the program then runs entirely unprivileged, as
 *     an uninstalled build does. No environment variable can move where
 *     privileged files go.
 *   - the store (store.h) raises the group around each step inside the
 *     data directory (open, create, rename, remove) and lowers it again;
 *     every other file (--plan FILE, -o FILE, validate FILE, standard
 *     input and output) is opened with the caller's ids, by default.
 *
 * Functions report with error() and return -1 or an exit status; none of
 * them exits, except priv_lower() when the kernel refuses to give the
 * group back (continuing would be worse).
 */
#ifndef PLANTRACK_PRIV_H
#define PLANTRACK_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

/* Call first in main. 0, or EX_OSERR when a privilege could not be
 * dropped or core dumps disabled (message printed). */
int priv_init(void);

/* Decides, for the data directory the command will use, whether to keep
 * the group (it is STATEDIR) or drop it for good, and registers the
 * directory with the store (store_set_datadir). 0 or EX_OSERR. */
int priv_use_datadir(const char *datadir);

/* Effective group = the installed group, for one step in the data
 * directory. No-op (0) when the process holds no privilege. -1 and errno
 * when the kernel refuses. */
int priv_raise(void);
/* Effective group = the caller's real group again. */
void priv_lower(void);

/* The process may raise its group: started setgid, and the data
 * directory is the installed one. */
bool priv_held(void);
/* Spool mode: the data directory is the installed one, with its group
 * (priv_group) expected on every file; true for root, too. */
bool priv_spool(void);
/* The installed group (the binary's group); meaningful when priv_spool. */
gid_t priv_group(void);

#endif
